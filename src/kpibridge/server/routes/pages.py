"""Dashboard pages (HTML)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from kpibridge.formatting import format_value
from kpibridge.server.context import Context
from kpibridge.server.overview import overview
from kpibridge.server.render import render

router = APIRouter()


@router.get("/", response_class=HTMLResponse)
def overview_page(request: Request, context: Context) -> HTMLResponse:
    workspace = context.workspace
    lines = overview(workspace)
    return render(
        request,
        "overview.html",
        {"lines": lines, "config": workspace.config, "format": format_value},
    )
