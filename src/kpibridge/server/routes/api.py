"""The JSON API under /api/v1."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter

from kpibridge.server.auth import CurrentUser
from kpibridge.server.context import Context
from kpibridge.server.overview import overview
from kpibridge.server.routes import api_events, api_kpis, api_live

router = APIRouter(prefix="/api/v1")
router.include_router(api_kpis.router)
router.include_router(api_events.router)
router.include_router(api_live.router)


@router.get("/overview")
def overview_json(context: Context, user: CurrentUser) -> dict[str, object]:
    """Every KPI the caller may see with its latest month and the month before."""
    lines = overview(context.workspace, user)
    return {"currency": context.workspace.config.currency, "kpis": [asdict(x) for x in lines]}
