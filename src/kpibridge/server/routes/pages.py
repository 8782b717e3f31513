"""Dashboard pages (HTML): the role views, the KPI page, the funnel and the overview.

With an `HX-Request` header a page answers only its main content (htmx swaps it in place);
without JavaScript every link and form loads the whole page, so everything works either way.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from kpibridge.formatting import format_value
from kpibridge.server.auth import CurrentUser
from kpibridge.server.charts import vega_locale
from kpibridge.server.context import AppContext, Context
from kpibridge.server.i18n import SUPPORTED
from kpibridge.server.overview import overview
from kpibridge.server.render import render, request_translator
from kpibridge.server.routes.page_env import page_env, visible_ids
from kpibridge.server.routes.page_params import PickerParams
from kpibridge.server.routes.views_api import _check_kpi
from kpibridge.server.views import export
from kpibridge.server.views.funnel import build_funnel
from kpibridge.server.views.kpi_page import build_kpi_page, figures, trend_rows, usable_where
from kpibridge.server.views.labels import DIMENSIONS, DIRECTIONS, UNITS
from kpibridge.server.views.periods import FILTERS
from kpibridge.server.views.store import views_of
from kpibridge.server.views.view_page import build_view

router = APIRouter(include_in_schema=False)

LANGUAGES = {"en": "English", "de": "Deutsch", "it": "Italiano", "ja": "日本語", "ru": "Русский"}


@router.get("/")
def home(request: Request, context: Context, user: CurrentUser) -> RedirectResponse:
    """Land on the view of the user's role (admins and viewers: Sales & Marketing)."""
    role = user.role.value if user.role else None
    target = f"/view/{views_of(context).for_role(role)}"
    lang = request.query_params.get("lang")
    if lang in SUPPORTED:
        target += "?" + urlencode({"lang": lang})
    return RedirectResponse(target, status_code=302)


@router.get("/view/{view_id}", response_class=HTMLResponse)
def view_page(
    view_id: str, request: Request, context: Context, user: CurrentUser, params: PickerParams
) -> HTMLResponse:
    views = views_of(context)
    if view_id not in views:
        raise HTTPException(404, f"unknown view {view_id!r}")
    spec = views.get(view_id)
    env = page_env(request, context, user, params, spec.period, spec.grain)
    page = build_view(env, context.workspace, views, spec, visible_ids(context, user))
    return _page(request, context, "view.html", {"page": page}, f"/api/v1/views/{view_id}")


@router.get("/kpi/{kpi_id}.csv")
def kpi_csv(
    kpi_id: str,
    request: Request,
    context: Context,
    user: CurrentUser,
    params: PickerParams,
    breakdown: str | None = None,
) -> Response:
    """The KPI page as CSV: the trend, or `breakdown=DIMENSION` over the window."""
    _check_kpi(context, user, kpi_id)
    env = page_env(request, context, user, params)
    spec = env.catalog.get(kpi_id)
    state = env.state
    if breakdown:
        if breakdown not in spec.dimensions:
            raise HTTPException(400, f"{kpi_id} has no dimension {breakdown!r}")
        figs = figures(
            env.engine,
            env.catalog,
            [kpi_id],
            state.start,
            state.end,
            usable_where(env, spec),
            by=[breakdown],
        )
        rows = [
            (key[0], f.value, f.previous, f.previous_change)
            for key in figs.keys(kpi_id)
            for f in [figs.get(kpi_id, key)]
        ]
        body = export.breakdown_csv(
            kpi_id, breakdown, state.start.isoformat(), state.end.isoformat(), rows
        )
        name = f"{kpi_id}-by-{breakdown}"
    else:
        body = export.trend_csv(kpi_id, trend_rows(env, spec), state.compare.value)
        name = f"{kpi_id}-{state.grain.value}"
    filename = name.replace(":", "-") + f"-{state.start}-{state.end}.csv"
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get("/kpi/{kpi_id}", response_class=HTMLResponse)
def kpi_page(
    kpi_id: str,
    request: Request,
    context: Context,
    user: CurrentUser,
    params: PickerParams,
    format: str | None = None,
    breakdown: str | None = None,
) -> Response:
    if format == "csv":
        return kpi_csv(kpi_id, request, context, user, params, breakdown)
    _check_kpi(context, user, kpi_id)
    env = page_env(request, context, user, params)
    views = views_of(context)
    page = build_kpi_page(env, context.workspace, views, kpi_id)
    home = views.for_role(user.role.value if user.role else None)
    values = {"page": page, "back_href": env.href(f"/view/{home}")}
    return _page(request, context, "kpi.html", values, f"/api/v1/kpis/{kpi_id}/page")


@router.get("/funnel", response_class=HTMLResponse)
def funnel_page(
    request: Request, context: Context, user: CurrentUser, params: PickerParams
) -> HTMLResponse:
    env = page_env(request, context, user, params)
    page = build_funnel(env, context.workspace, views_of(context))
    return _page(request, context, "funnel.html", {"page": page}, "/api/v1/funnel")


@router.get("/overview", response_class=HTMLResponse)
def overview_page(request: Request, context: Context, user: CurrentUser) -> HTMLResponse:
    """Every visible KPI with its latest month and the month before (a plain table)."""
    workspace = context.workspace
    lines = overview(workspace, user)
    return render(
        request,
        "overview.html",
        {"lines": lines, "config": workspace.config, "format": format_value},
    )


def _page(
    request: Request, context: AppContext, template: str, values: dict[str, Any], twin: str
) -> HTMLResponse:
    """A full page, or only its #page element for htmx (links, forms and live refreshes)."""
    translate = request_translator(request).gettext
    query = request.url.query
    currency = context.workspace.config.currency

    def dim_label(dim: str) -> str:
        return translate(DIMENSIONS.get(dim, dim))

    return render(
        request,
        template,
        {
            **values,
            "fragment": request.headers.get("hx-request") == "true",
            "workspace_name": context.workspace.config.name,
            "currency": currency,
            "languages": _language_links(request),
            "json_href": twin + (f"?{query}" if query else ""),
            "units": UNITS,
            "directions": DIRECTIONS,
            "filter_names": tuple(FILTERS),
            "chart_locale": vega_locale(request_translator(request).locale, currency),
            "dim_label": dim_label,
            "dim_labels": lambda dims: ", ".join(dim_label(d) for d in dims),
        },
    )


def _language_links(request: Request) -> list[dict[str, object]]:
    """The same page in each language (`?lang=`), the current one marked."""
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    current = request.query_params.get("lang")
    out = []
    for code, name in LANGUAGES.items():
        href = f"{request.url.path}?{urlencode([*kept, ('lang', code)])}"
        out.append({"code": code, "name": name, "href": href, "current": code == current})
    return out
