"""Shared test setup."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(autouse=True)
def _no_workspace_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never pick up a developer's $KPIBRIDGE_WORKSPACE."""
    monkeypatch.delenv("KPIBRIDGE_WORKSPACE", raising=False)


IN_CI = os.environ.get("CI", "").lower() == "true"
