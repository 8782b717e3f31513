"""Every route of the real app refuses anonymous callers, except sign-in, health and assets.

This walks `app.routes`: a new route that answers without authentication fails here.
"""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from fastapi.routing import APIWebSocketRoute
from fastapi.testclient import TestClient
from starlette.routing import BaseRoute, Mount, Route, WebSocketRoute
from starlette.websockets import WebSocketDisconnect

from kpibridge.server import create_app
from kpibridge.workspace import Workspace

OPEN = {
    ("/login", "GET"),
    ("/login", "POST"),
    ("/healthz", "GET"),
    ("/healthz", "HEAD"),
    ("/favicon.ico", "GET"),
}
PARAM = re.compile(r"\{[^}]+\}")


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    root = tmp_path_factory.mktemp("routes") / "ws"
    Workspace.init(root).close()
    return create_app(root)


def concrete(path: str) -> str:
    return PARAM.sub("x", path)


def all_routes(app: FastAPI) -> list[tuple[str, BaseRoute]]:
    """(full path, route) of every route, included routers' routes with their prefixes."""
    try:
        from fastapi.routing import iter_route_contexts
    except ImportError:  # FastAPI before included routers kept their own route objects
        return [(str(getattr(r, "path", "")), r) for r in app.routes]
    return [(str(c.path), c.original_route) for c in iter_route_contexts(app.routes)]


def http_routes(app: FastAPI) -> list[tuple[str, str]]:
    found = []
    for path, route in all_routes(app):
        if isinstance(route, Route):
            found += [(concrete(path), method) for method in sorted(route.methods or ())]
        else:
            kinds = (Mount, WebSocketRoute, APIWebSocketRoute)
            assert isinstance(route, kinds), f"unknown route kind {route!r} at {path}"
    return found


def test_the_app_has_the_routes_this_test_walks(app: FastAPI) -> None:
    paths = {path for path, _ in http_routes(app)}
    assert {"/login", "/logout", "/healthz", "/api/v1/overview", "/api/docs"} <= paths
    assert "/static" in mounted(app)


def mounted(app: FastAPI) -> list[str]:
    return [path for path, route in all_routes(app) if isinstance(route, Mount)]


def test_mounted_apps_need_authentication_except_static_assets(app: FastAPI) -> None:
    client = TestClient(app, follow_redirects=False)
    for path in mounted(app):
        if path == "/static":
            continue
        answer = client.get(f"{path}/x")
        expected = 401 if path.startswith("/api/") else 303
        assert answer.status_code == expected, f"mounted {path} answers without authentication"


def test_every_route_needs_authentication(app: FastAPI) -> None:
    client = TestClient(app, follow_redirects=False)
    checked = 0
    for path, method in http_routes(app):
        if (path, method) in OPEN:
            continue
        answer = client.request(method, path)
        checked += 1
        where = f"{method} {path} answered {answer.status_code} without authentication"
        if path.startswith("/api/"):
            assert answer.status_code == 401, where
            if method != "HEAD":
                assert answer.json()["error"]["code"] == "unauthorized", where
        else:
            assert answer.status_code == 303, where
            assert answer.headers["location"].startswith("/login"), where
    assert checked >= 3


def test_websockets_need_authentication(app: FastAPI) -> None:
    client = TestClient(app)
    for path, route in all_routes(app):
        if isinstance(route, (WebSocketRoute, APIWebSocketRoute)):
            with pytest.raises(WebSocketDisconnect), client.websocket_connect(concrete(path)):
                pass


def test_open_routes_are_only_sign_in_health_and_assets(app: FastAPI) -> None:
    client = TestClient(app, follow_redirects=False)
    assert client.get("/login").status_code == 200
    assert client.get("/healthz").status_code == 200
    assert client.get("/static/auth.css").status_code == 200
