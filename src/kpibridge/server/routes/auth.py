"""Sign-in and sign-out: GET/POST /login, POST /logout."""

from __future__ import annotations

import re
import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from kpibridge.server.auth import User
from kpibridge.server.context import Context
from kpibridge.server.render import render, request_translator
from kpibridge.server.signin import (
    BAD_CSRF,
    BAD_LOGIN,
    LOGIN_COOKIE,
    LOGIN_PATH,
    SESSION_COOKIE,
    THROTTLED,
    clear_cookie,
    landing,
    read_cookie,
    safe_next,
    same_secret,
    set_cookie,
)
from kpibridge.server.state import StateStore

router = APIRouter(include_in_schema=False)

LOGIN_FORM_SECONDS = 3600
LOGIN_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")


@router.get(LOGIN_PATH, response_class=HTMLResponse)
def login_page(request: Request, context: Context, next: str | None = None) -> Response:
    """The sign-in form (a signed-in user goes straight on)."""
    user = getattr(request.state, "user", None)
    if isinstance(user, User):
        return RedirectResponse(safe_next(next) or landing(user), status_code=303)
    return _form(request, context, next=safe_next(next))


@router.post(LOGIN_PATH, response_class=HTMLResponse)
async def login(
    request: Request,
    context: Context,
    name: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=4096)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str | None, Form(max_length=2000)] = None,
) -> Response:
    """Check the form's token, the throttle and the password; then start a session."""
    store = _store(context)
    secure = context.settings.secure_cookies
    target = safe_next(next)
    gettext = request_translator(request).gettext
    if not same_secret(csrf_token, read_cookie(request, LOGIN_COOKIE, secure)):
        return _form(request, context, gettext(BAD_CSRF), name, target, status=403)
    ip = request.client.host if request.client else "unknown"
    if await run_in_threadpool(store.throttle.blocked, name, ip):
        await run_in_threadpool(store.audit.record, "login_throttled", None, name[:64], ip)
        minutes = int(store.throttle.window.total_seconds() // 60)
        message = gettext(THROTTLED, minutes=minutes)
        return _form(request, context, message, name, target, status=429)
    user = await run_in_threadpool(store.users.verify, name, password)
    await run_in_threadpool(store.throttle.record, name, ip, user is not None)
    if user is None:
        await run_in_threadpool(store.audit.record, "login_failed", None, name[:64], ip)
        return _form(request, context, gettext(BAD_LOGIN), name, target, status=401)
    old = read_cookie(request, SESSION_COOKIE, secure)
    if old:
        await run_in_threadpool(store.sessions.end, old)
    session_id, _ = await run_in_threadpool(store.sessions.create, user.id)
    await run_in_threadpool(store.audit.record, "login", user.name, None, ip)
    response = RedirectResponse(target or landing(user), status_code=303)
    lifetime = int(store.sessions.lifetime.total_seconds())
    set_cookie(response, SESSION_COOKIE, session_id, secure, lifetime)
    clear_cookie(response, LOGIN_COOKIE, secure, path=LOGIN_PATH)
    return response


@router.post("/logout")
def logout(request: Request, context: Context) -> Response:
    """End the session (the guard has checked its CSRF token)."""
    store = _store(context)
    secure = context.settings.secure_cookies
    session_id = read_cookie(request, SESSION_COOKIE, secure)
    if session_id:
        store.sessions.end(session_id)
    user = getattr(request.state, "user", None)
    ip = request.client.host if request.client else None
    store.audit.record("logout", user.name if isinstance(user, User) else None, None, ip)
    response = RedirectResponse(LOGIN_PATH, status_code=303)
    clear_cookie(response, SESSION_COOKIE, secure)
    return response


def _form(
    request: Request,
    context: Context,
    error: str | None = None,
    name: str = "",
    next: str | None = None,
    status: int = 200,
) -> Response:
    """The form, with its token in it and in a cookie (double submit, before any session).

    The browser's token is kept while it has one, so that another tab, or the browser's own
    /favicon.ico request, never invalidates a form already on screen."""
    secure = context.settings.secure_cookies
    token = read_cookie(request, LOGIN_COOKIE, secure) or ""
    if not LOGIN_TOKEN.fullmatch(token):
        token = secrets.token_urlsafe(32)
    response = render(
        request,
        "login.html",
        {"error": error, "name": name[:64], "next": next, "login_csrf": token},
        status=status,
    )
    set_cookie(response, LOGIN_COOKIE, token, secure, LOGIN_FORM_SECONDS, path=LOGIN_PATH)
    return response


def _store(context: Context) -> StateStore:
    store: StateStore = context.services["state"]
    return store
