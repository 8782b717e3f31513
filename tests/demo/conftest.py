"""Demo data generated once per test session at small sizes."""

from __future__ import annotations

from pathlib import Path

import pytest
from demo_helpers import MEDIUM, SMALL, TODAY

from kpibridge.demo import DemoData, DemoParams, generate


@pytest.fixture(scope="session")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[DemoData, Path]:
    out = tmp_path_factory.mktemp("demo_small")
    return generate(DemoParams(sessions=SMALL, seed=7, today=TODAY), out), out


@pytest.fixture(scope="session")
def medium(tmp_path_factory: pytest.TempPathFactory) -> tuple[DemoData, Path]:
    out = tmp_path_factory.mktemp("demo_medium")
    return generate(DemoParams(sessions=MEDIUM, seed=11, today=TODAY), out), out
