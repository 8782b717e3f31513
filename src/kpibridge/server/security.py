"""Wires sign-in into an app: the state store, the guard middleware and the /login routes."""

from __future__ import annotations

import logging
import os

from fastapi import FastAPI

from kpibridge.server.context import AppContext
from kpibridge.server.guard import Guard
from kpibridge.server.routes import auth
from kpibridge.server.state import StateStore, state_url
from kpibridge.server.state.passwords import warm_up

SECURE_COOKIES_ENV = "KPIBRIDGE_SECURE_COOKIES"  # set to 1 when served over HTTPS

log = logging.getLogger("kpibridge.server")


def install_auth(app: FastAPI, context: AppContext) -> StateStore:
    """Open the app state (context.services["state"]) and guard every route of `app`."""
    settings = context.settings
    if os.environ.get(SECURE_COOKIES_ENV, "").lower() in ("1", "true", "yes"):
        settings.secure_cookies = True
    store = StateStore(state_url(settings.workspace_path, settings.state_url))
    context.services["state"] = store
    warm_up()
    if not store.users.list():
        log.warning("nobody can sign in yet: `kpibridge user add NAME --role admin` adds a user")
    app.include_router(auth.router)
    app.add_middleware(Guard, store=store, secure=settings.secure_cookies)
    return store
