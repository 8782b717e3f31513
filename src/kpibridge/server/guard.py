"""The guard: every request is signed in (or turned away) before any route runs.

- `Authorization: Bearer TOKEN`: the token's user with the token's scope; no CSRF check
  (browsers never add that header by themselves). A bad token is a 401, whatever the cookies.
- Otherwise the session cookie; state-changing requests must then carry the session's CSRF
  token (header `X-CSRF-Token` or form field `csrf_token`).
- Nobody signed in: API paths (/api/…) answer 401 in the one error shape, pages redirect to
  /login?next=…. Users without a role get 403 everywhere but /logout.
Only /login, /healthz, /favicon.ico and /static/… are open.
Sets request.state.user, .csrf_token and .nonce.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.requests import HTTPConnection, Request
from starlette.responses import RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kpibridge.server.auth import User
from kpibridge.server.errors import error_response
from kpibridge.server.headers import new_nonce, with_security_headers
from kpibridge.server.render import render, request_translator
from kpibridge.server.signin import (
    BAD_CSRF,
    CSRF_FIELD,
    CSRF_HEADER,
    LOGIN_PATH,
    LOGOUT_PATH,
    NO_ACCESS,
    NO_ROLE,
    SESSION_COOKIE,
    TRY_AGAIN,
    clear_cookie,
    is_api,
    is_public,
    login_url,
    read_cookie,
    same_secret,
)
from kpibridge.server.state import StateStore

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
MAX_FORM_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Identity:
    user: User | None = None
    csrf_token: str | None = None  # sessions only
    bad_token: bool = False  # a bearer token was given and is not valid
    stale_cookie: bool = False  # a session cookie that no longer signs anyone in


class Guard:
    """Pure ASGI middleware (streams and server-sent events pass through untouched)."""

    def __init__(self, app: ASGIApp, store: StateStore, secure: bool = False) -> None:
        self.app = app
        self.store = store
        self.secure = secure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        nonce = new_nonce()
        state["nonce"] = nonce
        path: str = scope["path"]
        if scope["type"] == "http":
            send = with_security_headers(send, scope, nonce, self.secure)
        if path.startswith("/static/") or path in ("/static", "/healthz"):
            await self.app(scope, receive, send)
            return
        identity = await run_in_threadpool(self.identify, HTTPConnection(scope))
        if identity.user is not None:
            state["user"] = identity.user
        if identity.csrf_token is not None:
            state["csrf_token"] = identity.csrf_token
        if scope["type"] == "websocket":
            await self._websocket(scope, receive, send, identity)
            return
        if is_public(path):
            await self.app(scope, receive, send)
            return
        refusal = self.refusal(Request(scope), identity)
        if refusal is None and identity.csrf_token and scope["method"] not in SAFE_METHODS:
            receive, refusal = await self._check_csrf(scope, receive, identity.csrf_token)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def identify(self, connection: HTTPConnection) -> Identity:
        """Who sent the request: a bearer token wins over the session cookie."""
        authorization = connection.headers.get("authorization")
        if authorization is not None:
            scheme, _, token = authorization.partition(" ")
            user = self.store.tokens.lookup(token.strip()) if scheme.lower() == "bearer" else None
            return Identity(user) if user else Identity(bad_token=True)
        session_id = read_cookie(connection, SESSION_COOKIE, self.secure)
        if not session_id:
            return Identity()
        active = self.store.sessions.lookup(session_id)
        if active is None:
            return Identity(stale_cookie=True)
        return Identity(active.user, active.csrf_token)

    def refusal(self, request: Request, identity: Identity) -> Response | None:
        """The answer for a request that may not go on, or None."""
        path = request.url.path
        if identity.bad_token:
            response: Response = error_response(401, "unauthorized", "invalid bearer token")
            response.headers["WWW-Authenticate"] = 'Bearer error="invalid_token"'
            return response
        if identity.user is None:
            return self._sign_in_first(request, identity.stale_cookie)
        if identity.user.role is None and path != LOGOUT_PATH:
            if is_api(path):
                return error_response(403, "forbidden", NO_ROLE)
            gettext = request_translator(request).gettext
            return _page(request, 403, gettext(NO_ACCESS), gettext(NO_ROLE))
        return None

    def _sign_in_first(self, request: Request, stale_cookie: bool) -> Response:
        path = request.url.path
        if is_api(path):
            response: Response = error_response(401, "unauthorized", "sign in or send a token")
            response.headers["WWW-Authenticate"] = "Bearer"
        else:
            query = request.url.query if request.method == "GET" else ""
            target = login_url(path, query) if request.method == "GET" else LOGIN_PATH
            if request.headers.get("hx-request"):
                response = Response(status_code=401, headers={"HX-Redirect": target})
            else:
                response = RedirectResponse(target, status_code=303)
        if stale_cookie:
            clear_cookie(response, SESSION_COOKIE, self.secure)
        return response

    async def _check_csrf(
        self, scope: Scope, receive: Receive, expected: str
    ) -> tuple[Receive, Response | None]:
        """The request's body for the app, and a 403 when the CSRF token is wrong."""
        headers = Headers(scope=scope)
        given = headers.get(CSRF_HEADER)
        content_type = headers.get("content-type", "").split(";")[0].strip().lower()
        if given is None and content_type in FORM_TYPES:
            body = await _read_body(receive, MAX_FORM_BYTES)
            if body is None:
                return receive, error_response(413, "too_large", "request body too large")
            receive = _replay(body, receive)
            given = await _form_field(scope, body, content_type, CSRF_FIELD)
        if same_secret(given, expected):
            return receive, None
        if is_api(scope["path"]) or headers.get("hx-request"):
            return receive, error_response(403, "csrf_failed", BAD_CSRF)
        request = Request(scope)
        gettext = request_translator(request).gettext
        return receive, _page(request, 403, gettext(TRY_AGAIN), gettext(BAD_CSRF))

    async def _websocket(
        self, scope: Scope, receive: Receive, send: Send, identity: Identity
    ) -> None:
        """Sockets need a signed-in user with a role, opened from this site's own pages."""
        origin = Headers(scope=scope).get("origin")
        host = Headers(scope=scope).get("host")
        same_site = origin is None or origin.split("://", 1)[-1] == host
        user = identity.user
        if user is None or user.role is None or not same_site:
            await send({"type": "websocket.close", "code": 4401 if user is None else 4403})
            return
        await self.app(scope, receive, send)


def _page(request: Request, status: int, heading: str, message: str) -> Response:
    return render(
        request,
        "auth_error.html",
        {"heading": heading, "message": message, "login_path": LOGIN_PATH},
        status=status,
    )


async def _read_body(receive: Receive, limit: int) -> bytes | None:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A `receive` that hands the already-read body to the app, then the client's events."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


async def _form_field(scope: Scope, body: bytes, content_type: str, field: str) -> str | None:
    if content_type == "application/x-www-form-urlencoded":
        values = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).get(field)
        return values[0] if values else None
    copy = dict(scope)
    copy["state"] = {}
    request = Request(copy, _replay(body, _no_more))
    try:
        async with request.form() as form:
            value = form.get(field)
    except Exception:  # a malformed or over-large form: no token found, refused below
        return None
    return value if isinstance(value, str) else None


async def _no_more() -> Message:
    return {"type": "http.disconnect"}
