"""Rendering pages: every template gets the translator, the user and the CSRF token."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
TEMPLATES.env.autoescape = True


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    """The page `name` with `context` plus the per-request values every page needs."""
    base: dict[str, Any] = {
        "user": getattr(request.state, "user", None),
        "csrf_token": getattr(request.state, "csrf_token", ""),
        "nonce": getattr(request.state, "nonce", ""),
        "_": getattr(request.state, "gettext", _identity),
        "t": getattr(request.state, "translator", None),
    }
    return TEMPLATES.TemplateResponse(request, name, {**base, **context}, status_code=status)


def _identity(text: str, **values: Any) -> str:
    return text.format(**values) if values else text
