"""Rendering pages: every template gets the translator, the user and the CSRF token."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from kpibridge.server.i18n import SUPPORTED, Translator, negotiate, translator_for

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
TEMPLATES.env.autoescape = True


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    """The page `name` with `context` plus the per-request values every page needs."""
    translator = request_translator(request)
    base: dict[str, Any] = {
        "user": getattr(request.state, "user", None),
        "csrf_token": getattr(request.state, "csrf_token", ""),
        "nonce": getattr(request.state, "nonce", ""),
        "_": translator.gettext,
        "t": translator,
        "lang": translator.locale,
    }
    return TEMPLATES.TemplateResponse(request, name, {**base, **context}, status_code=status)


def request_translator(request: Request) -> Translator:
    """The translator for `?lang=` of this request, else the user's locale, else the browser's."""
    asked = request.query_params.get("lang")
    user = getattr(request.state, "user", None)
    locale = negotiate(getattr(user, "locale", None), request.headers.get("accept-language"))
    if asked in SUPPORTED:
        locale = asked
    return translator_for(locale)
