"""Sign-in through the real app: sessions, throttling, CSRF, bearer tokens, headers."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from auth_helpers import PASSWORD, add_user, csrf_of, make_token, sign_in
from fastapi import FastAPI
from fastapi.testclient import TestClient

from kpibridge.server import create_app
from kpibridge.server.auth import CurrentUser, IngestUser
from kpibridge.server.context import ServerSettings
from kpibridge.server.state import StateStore
from kpibridge.workspace import Workspace


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("signin") / "ws"
    Workspace.init(root).close()
    add_user(root, "ceo", "ceo")
    add_user(root, "admin", "admin")
    add_user(root, "viewer", "viewer")
    add_user(root, "norole", None)
    add_user(root, "agency", "cmo", "paid_search")
    return root


def probe_routes(app: FastAPI) -> None:
    """Two stand-in routes: one any user may call, one that posts data."""

    @app.post("/api/v1/test-echo")
    def echo(user: CurrentUser) -> dict[str, str]:
        return {"user": user.name, "scope": user.scope}

    @app.post("/api/v1/test-ingest")
    def ingest(user: IngestUser) -> dict[str, str]:
        return {"user": user.name}


@pytest.fixture
def app(workspace: Path) -> FastAPI:
    app = create_app(workspace)
    probe_routes(app)
    return app


@pytest.fixture
def client(app: FastAPI) -> TestClient:
    return TestClient(app, follow_redirects=False)


def state(app: FastAPI) -> StateStore:
    store: StateStore = app.state.context.services["state"]
    return store


def test_sign_in_lands_on_the_role_view_with_a_safe_cookie(client: TestClient) -> None:
    answer = sign_in(client, "ceo")
    assert answer.status_code == 303 and answer.headers["location"] == "/view/ceo"
    cookie = next(c for c in answer.headers.get_list("set-cookie") if "kpibridge_session=" in c)
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie
    assert client.post("/api/v1/test-echo", headers=csrf(client)).json() == {
        "user": "ceo",
        "scope": "read",
    }


@pytest.mark.parametrize(
    ("name", "view"),
    [("admin", "/view/shared"), ("viewer", "/view/shared"), ("agency", "/view/cmo")],
)
def test_each_role_lands_on_its_view(client: TestClient, name: str, view: str) -> None:
    assert sign_in(client, name).headers["location"] == view


def test_secure_cookies_behind_https(workspace: Path) -> None:
    app = create_app(workspace, ServerSettings(workspace, secure_cookies=True))
    client = TestClient(app, base_url="https://testserver", follow_redirects=False)
    answer = sign_in(client, "ceo")
    cookie = next(c for c in answer.headers.get_list("set-cookie") if "_session=" in c)
    assert cookie.startswith("__Host-kpibridge_session=") and "Secure" in cookie
    assert "Strict-Transport-Security" in client.get("/healthz").headers
    assert client.get("/view/ceo").status_code != 303  # signed in through the __Host- cookie


def test_secure_cookies_from_the_environment(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KPIBRIDGE_SECURE_COOKIES", "1")
    client = TestClient(create_app(workspace), base_url="https://testserver")
    assert client.get("/login").cookies.keys() == {"__Host-kpibridge_login"}


def test_unknown_user_and_wrong_password_get_the_same_answer(client: TestClient) -> None:
    wrong = sign_in(client, "ceo", "not the password")
    unknown = sign_in(client, "nobody", "not the password")
    assert wrong.status_code == unknown.status_code == 401
    assert "Unknown user name or wrong password." in wrong.text
    assert wrong.text.replace("ceo", "nobody") == unknown.text.replace(
        csrf_of(unknown.text), csrf_of(wrong.text)
    )
    assert "kpibridge_session" not in wrong.headers.get("set-cookie", "")


def test_the_form_token_survives_other_requests(client: TestClient) -> None:
    """Browsers fetch /favicon.ico (and users open tabs) while a form is on screen."""
    on_screen = csrf_of(client.get("/login").text)
    assert client.get("/favicon.ico").status_code == 404  # not a redirect to a new form
    assert csrf_of(client.get("/login?next=/kpi/cac").text) == on_screen
    data = {"name": "ceo", "password": PASSWORD, "csrf_token": on_screen}
    assert client.post("/login", data=data).status_code == 303


def test_sign_in_needs_the_form_token(client: TestClient) -> None:
    client.get("/login")
    answer = client.post("/login", data={"name": "ceo", "password": PASSWORD, "csrf_token": "x"})
    assert answer.status_code == 403
    fresh = TestClient(client.app, follow_redirects=False)  # no form cookie at all
    token = csrf_of(client.get("/login").text)
    answer = fresh.post("/login", data={"name": "ceo", "password": PASSWORD, "csrf_token": token})
    assert answer.status_code == 403 and "kpibridge_session" not in str(answer.headers)


def test_failed_sign_ins_are_throttled(app: FastAPI, client: TestClient) -> None:
    add_user(app.state.context.settings.workspace_path, "target", "sales")
    for _ in range(5):
        assert sign_in(client, "target", "wrong password!").status_code == 401
    blocked = sign_in(client, "target")  # even the right password, while blocked
    assert blocked.status_code == 429
    assert "Too many failed sign-ins. Wait 15 minutes" in blocked.text
    assert sign_in(client, "ceo").status_code == 303  # other names are not affected
    actions = [e.action for e in state(app).audit.recent(20)]
    assert "login_throttled" in actions and "login_failed" in actions


def test_sessions_expire(app: FastAPI, client: TestClient) -> None:
    sign_in(client, "ceo")
    assert client.get("/api/v1/overview").status_code == 200
    store = state(app)
    later = store.db.now() + store.sessions.lifetime + timedelta(seconds=1)
    store.db.clock = lambda: later
    assert client.get("/api/v1/overview").status_code == 401
    page = client.get("/view/ceo")
    assert page.status_code == 303 and page.headers["location"].startswith("/login")


def test_logout_ends_the_session(client: TestClient) -> None:
    sign_in(client, "ceo")
    assert client.post("/logout").status_code == 403  # without the CSRF token
    answer = client.post("/logout", data={"csrf_token": page_csrf(client)})
    assert answer.status_code == 303 and answer.headers["location"] == "/login"
    assert client.get("/api/v1/overview").status_code == 401


def test_state_changes_need_the_csrf_token(client: TestClient) -> None:
    sign_in(client, "admin")
    assert client.post("/api/v1/test-echo").status_code == 403
    assert client.post("/api/v1/test-echo", headers={"X-CSRF-Token": "wrong"}).status_code == 403
    assert client.post("/api/v1/test-echo", headers=csrf(client)).status_code == 200
    form = {"csrf_token": page_csrf(client)}
    assert client.post("/api/v1/test-echo", data=form).status_code == 200
    multipart = client.post("/api/v1/test-echo", data=form, files={"f": ("a.csv", b"x")})
    assert multipart.status_code == 200
    garbage = client.post(
        "/api/v1/test-echo",
        content=b"--x\r\nnot a part",
        headers={"Content-Type": "multipart/form-data; boundary=x"},
    )
    assert garbage.status_code == 403
    assert client.post("/api/v1/test-echo", data={"csrf_token": "x"}).json()["error"] == {
        "code": "csrf_failed",
        "message": "The form has expired or did not come from this site. Reload the page "
        "and try again.",
    }


def test_bearer_tokens_read_or_ingest(app: FastAPI, workspace: Path) -> None:
    client = TestClient(app)
    read = {"Authorization": f"Bearer {make_token(workspace, 'admin', 'read')}"}
    ingest = {"Authorization": f"Bearer {make_token(workspace, 'admin', 'ingest')}"}
    assert client.get("/api/v1/overview", headers=read).status_code == 200
    assert client.post("/api/v1/test-echo", headers=read).status_code == 200  # no CSRF needed
    refused = client.post("/api/v1/test-ingest", headers=read)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
    assert client.post("/api/v1/test-ingest", headers=ingest).json() == {"user": "admin"}
    bad = client.get("/api/v1/overview", headers={"Authorization": "Bearer kpib_nope"})
    assert bad.status_code == 401 and bad.json()["error"]["code"] == "unauthorized"
    basic = client.get("/api/v1/overview", headers={"Authorization": "Basic YTpi"})
    assert basic.status_code == 401


def test_admin_sessions_may_ingest_others_may_not(client: TestClient) -> None:
    sign_in(client, "ceo")
    assert client.post("/api/v1/test-ingest", headers=csrf(client)).status_code == 403
    sign_in(client, "admin")
    assert client.post("/api/v1/test-ingest", headers=csrf(client)).status_code == 200


def test_a_user_without_a_role_sees_nothing(client: TestClient) -> None:
    answer = sign_in(client, "norole")
    assert answer.status_code == 303
    page = client.get(answer.headers["location"])
    assert page.status_code == 403 and "Ask an admin" in page.text
    api = client.get("/api/v1/overview")
    assert api.status_code == 403 and api.json()["error"]["code"] == "forbidden"
    assert client.post("/logout", data={"csrf_token": csrf_of(page.text)}).status_code == 303


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
        "http:/evil.example",
        "javascript:alert(1)",
        "/%0d%0aSet-Cookie:x=1",
        " /view/ceo",
    ],
)
def test_no_open_redirect_after_sign_in(client: TestClient, target: str) -> None:
    answer = sign_in(client, "ceo", next=target)
    assert answer.status_code == 303
    location = answer.headers["location"]
    assert location == "/view/ceo" or (location.startswith("/") and "evil" not in location)


def test_next_brings_the_user_back(client: TestClient) -> None:
    first = client.get("/kpi/cac?grain=week&by=channel")
    assert first.status_code == 303
    assert first.headers["location"] == "/login?next=%2Fkpi%2Fcac%3Fgrain%3Dweek%26by%3Dchannel"
    page = client.get(first.headers["location"])
    assert 'name="next" value="/kpi/cac?grain=week&amp;by=channel"' in page.text
    answer = sign_in(client, "ceo", next="/kpi/cac?grain=week&by=channel")
    assert answer.headers["location"] == "/kpi/cac?grain=week&by=channel"


def test_htmx_requests_without_a_session_are_sent_to_sign_in(client: TestClient) -> None:
    answer = client.get("/view/ceo", headers={"HX-Request": "true"})
    assert answer.status_code == 401 and answer.headers["HX-Redirect"].startswith("/login")


def test_security_headers_on_every_answer(client: TestClient) -> None:
    for answer in (client.get("/login"), client.get("/healthz"), client.get("/api/v1/overview")):
        headers = answer.headers
        policy = headers["content-security-policy"]
        assert (
            "script-src 'self' 'nonce-" in policy
            and "unsafe-inline" not in policy.split("style-src")[0]
        )
        assert "frame-ancestors 'none'" in policy
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"
        assert headers["x-frame-options"] == "DENY"
    first = client.get("/login").headers["content-security-policy"]
    assert first != client.get("/login").headers["content-security-policy"]  # a nonce each time


def test_signed_in_users_skip_the_form(client: TestClient) -> None:
    sign_in(client, "ceo")
    assert client.get("/login").headers["location"] == "/view/ceo"


def csrf(client: TestClient) -> dict[str, str]:
    """The X-CSRF-Token header of the signed-in client's session."""
    return {"X-CSRF-Token": page_csrf(client)}


def page_csrf(client: TestClient) -> str:
    """The session's CSRF token as a page shows it (the no-access page carries one too)."""
    app = client.app
    assert isinstance(app, FastAPI)
    store = state(app)
    session_id = client.cookies.get("kpibridge_session")
    assert session_id
    active = store.sessions.lookup(session_id)
    assert active is not None
    return active.csrf_token
