"""The real app over the fixture world, with real users and bearer tokens, for the API tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from kpibridge.server import create_app
from kpibridge.server.context import AppContext, ServerSettings
from kpibridge.server.state import StateStore, open_state
from kpibridge.testing.fixture_world import build_fixture_world
from kpibridge.workspace import Workspace

PASSWORD = "correct horse battery staple"


@dataclass
class ApiWorld:
    """A served fixture world: the app, a client, and tokens by name."""

    path: Path
    app: FastAPI
    client: TestClient
    tokens: dict[str, str] = field(default_factory=dict)

    @property
    def context(self) -> AppContext:
        context: AppContext = self.app.state.context
        return context

    @property
    def workspace(self) -> Workspace:
        return self.context.workspace

    def auth(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}

    def get(self, url: str, who: str = "admin", **kwargs: Any) -> Any:
        headers = {**self.auth(who), **kwargs.pop("headers", {})}
        return self.client.get(url, headers=headers, **kwargs)

    def post(self, url: str, who: str = "ingest", **kwargs: Any) -> Any:
        headers = {**self.auth(who), **kwargs.pop("headers", {})}
        return self.client.post(url, headers=headers, **kwargs)

    def sql(self, query: str) -> list[tuple[Any, ...]]:
        """Read the served warehouse (under its lock, as the app does)."""
        warehouse = self.workspace.warehouse
        with warehouse.lock:
            return warehouse.sql(query)


def build_world(path: Path) -> dict[str, str]:
    """The fixture world and its users at `path`, closed again; returns the bearer tokens."""
    build_fixture_world(path).close()
    store = open_state(path)
    try:
        return add_users(store)
    finally:
        store.close()


def add_users(store: StateStore) -> dict[str, str]:
    """An admin, a CMO, a search-only sales user and a German CMO: name → bearer token."""
    store.users.add("ada", PASSWORD, "admin")
    store.users.add("carla", PASSWORD, "cmo")
    store.users.add("sam", PASSWORD, "sales", channels="search")
    store.users.add("gunter", PASSWORD, "cmo", locale="de")
    return {
        "admin": store.tokens.create("ada", "read"),
        "ingest": store.tokens.create("ada", "ingest"),
        "cmo": store.tokens.create("carla", "read"),
        "search_only": store.tokens.create("sam", "read"),
        "german": store.tokens.create("gunter", "read"),
    }


@contextmanager
def served(
    path: Path, tokens: dict[str, str], settings: ServerSettings | None = None
) -> Iterator[ApiWorld]:
    """Serve the workspace at `path` (made by `build_world`, or a copy of one)."""
    app = create_app(path, settings)
    client = TestClient(app, raise_server_exceptions=False)
    try:
        yield ApiWorld(path, app, client, tokens)
    finally:
        client.close()
        context = app.state.context
        context.workspace.close()
        state = context.services.get("state")
        if state is not None:
            state.close()
