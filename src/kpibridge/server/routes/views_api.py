"""JSON twins of the dashboard pages, built from the same view models as the HTML."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request

from kpibridge.server.auth import CurrentUser
from kpibridge.server.context import Context
from kpibridge.server.routes.page_env import page_env, visible_ids
from kpibridge.server.routes.page_params import PickerParams
from kpibridge.server.views.funnel import build_funnel
from kpibridge.server.views.kpi_page import build_kpi_page
from kpibridge.server.views.model import to_json
from kpibridge.server.views.store import views_of
from kpibridge.server.views.view_page import build_view, may_see

router = APIRouter(prefix="/api/v1", tags=["dashboard"])


@router.get("/views")
def list_views(context: Context, user: CurrentUser) -> dict[str, Any]:
    """The dashboard views: id, title, roles, default grain and period, KPIs by section."""
    views = views_of(context)
    role = user.role.value if user.role else None
    return {
        "home": views.for_role(role),
        "views": [
            {
                "id": v.id,
                "title": v.title,
                "description": v.description,
                "roles": list(v.roles),
                "grain": v.grain,
                "period": v.period,
                "sections": [{"title": s.title, "kpis": list(s.kpis)} for s in v.all_sections],
                "drivers": [d.model_dump() for d in v.drivers],
            }
            for v in views
        ],
    }


@router.get("/views/{view_id}")
def view_json(
    view_id: str, request: Request, context: Context, user: CurrentUser, params: PickerParams
) -> dict[str, Any]:
    """The view's cards, driver map, picker and freshness, as its page shows them."""
    views = views_of(context)
    if view_id not in views:
        raise HTTPException(404, f"unknown view {view_id!r}")
    spec = views.get(view_id)
    env = page_env(request, context, user, params, spec.period, spec.grain)
    page = build_view(env, context.workspace, views, spec, visible_ids(context, user))
    return to_json(page)


@router.get("/kpis/{kpi_id}/page")
def kpi_page_json(
    kpi_id: str, request: Request, context: Context, user: CurrentUser, params: PickerParams
) -> dict[str, Any]:
    """The KPI page: card, trend with comparison, breakdowns per dimension, drill-down."""
    _check_kpi(context, user, kpi_id)
    env = page_env(request, context, user, params)
    page = build_kpi_page(env, context.workspace, views_of(context), kpi_id)
    return to_json(page)


@router.get("/funnel")
def funnel_json(
    request: Request, context: Context, user: CurrentUser, params: PickerParams
) -> dict[str, Any]:
    """The funnel from sessions to deals won, with conversion and cost per stage, per channel."""
    env = page_env(request, context, user, params)
    return to_json(build_funnel(env, context.workspace, views_of(context)))


def _check_kpi(context: Any, user: Any, kpi_id: str) -> None:
    """404 for unknown KPIs and for those the user may not see."""
    catalog = context.workspace.catalog
    if kpi_id not in catalog:
        raise HTTPException(404, f"unknown KPI {kpi_id!r}")
    if not may_see(catalog, kpi_id, visible_ids(context, user)):
        raise HTTPException(404, f"unknown KPI {kpi_id!r}")
