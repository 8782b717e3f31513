"""Fixtures of the ingest tests: workspaces in tmp_path."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from ingest_world import World

from kpibridge.workspace import Workspace


@pytest.fixture()
def world_factory(tmp_path: Path) -> Iterator[Callable[..., World]]:
    opened: list[Workspace] = []

    def make(currency: str = "USD", timezone: str = "UTC", name: str = "ws") -> World:
        workspace = Workspace.init(tmp_path / name, currency=currency, timezone=timezone)
        opened.append(workspace)
        return World(workspace)

    yield make
    for workspace in opened:
        workspace.close()


@pytest.fixture()
def world(world_factory: Callable[..., World]) -> World:
    return world_factory()
