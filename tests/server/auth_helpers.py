"""Signing tests in: users in a workspace's real app state, sessions and bearer tokens."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
from fastapi.testclient import TestClient

from kpibridge.server.state import open_state

PASSWORD = "correct horse battery staple"
CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')


def add_user(
    workspace: Path,
    name: str,
    role: str | None = "admin",
    channels: str | None = None,
    password: str = PASSWORD,
) -> None:
    store = open_state(workspace)
    try:
        store.users.add(name, password, role, channels)
    finally:
        store.close()


def make_token(workspace: Path, name: str, scope: str = "read") -> str:
    store = open_state(workspace)
    try:
        return store.tokens.create(name, scope)
    finally:
        store.close()


def bearer(workspace: Path, name: str = "admin", role: str | None = "admin") -> dict[str, str]:
    """Headers authenticating as a new user `name` through a read token."""
    add_user(workspace, name, role)
    return {"Authorization": f"Bearer {make_token(workspace, name)}"}


def csrf_of(html: str) -> str:
    found = CSRF_INPUT.search(html)
    assert found, "no csrf_token field in the page"
    return found.group(1)


def sign_in(
    client: TestClient, name: str, password: str = PASSWORD, next: str | None = None
) -> httpx.Response:
    """POST the sign-in form as a new browser would (GET it first for its token)."""
    client.cookies.clear()
    page = client.get("/login")
    data = {"name": name, "password": password, "csrf_token": csrf_of(page.text)}
    if next is not None:
        data["next"] = next
    return client.post("/login", data=data, follow_redirects=False)
