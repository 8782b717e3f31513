"""GET /api/v1/kpis and /api/v1/kpis/{kpi}: the catalog and KPI values, as the CLI gives them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse

from kpibridge.catalog import Catalog, KpiSpec
from kpibridge.engine import Compare, Grain
from kpibridge.engine.request_parsing import query_options
from kpibridge.errors import AuthError, QueryError
from kpibridge.server.access import can_see, for_user, visible_kpis
from kpibridge.server.api_models import KpiCard, KpiList, QueryAnswer, error_responses
from kpibridge.server.auth import CurrentUser, Role, User
from kpibridge.server.context import Context
from kpibridge.server.i18n import Translator
from kpibridge.server.render import request_translator

router = APIRouter(tags=["KPIs"])

#: The query parameters of GET /kpis/{kpi}; any other name is a mistake worth a 400.
QUERY_PARAMETERS = frozenset({"grain", "by", "where", "from", "to", "compare"})


@router.get(
    "/kpis",
    response_model=KpiList,
    summary="List the KPIs you may see",
    responses=error_responses(401, 403),
)
def list_kpis(request: Request, context: Context, user: CurrentUser) -> KpiList:
    """Definition cards of every KPI the caller may see; names and descriptions are in the
    caller's language (their setting, else `Accept-Language`)."""
    catalog = context.workspace.catalog
    translator = request_translator(request)
    return KpiList(kpis=[card(spec, catalog, translator) for spec in visible_kpis(user, catalog)])


@router.get(
    "/kpis/{kpi}",
    response_model=QueryAnswer,
    summary="Values of one KPI per period",
    responses=error_responses(400, 401, 403),
)
def query_kpi(
    request: Request,
    context: Context,
    user: CurrentUser,
    kpi: Annotated[str, Path(description="KPI id, as listed by GET /api/v1/kpis.")],
    grain: Annotated[Grain, Query(description="Period length.")] = Grain.MONTH,
    by: Annotated[
        list[str] | None, Query(description="Break down by a dimension (repeatable).")
    ] = None,
    where: Annotated[
        list[str] | None,
        Query(
            description="Keep one dimension value: `DIM=VALUE`, e.g. `channel=email` "
            "(repeatable; several values of one dimension are OR-ed)."
        ),
    ] = None,
    from_: Annotated[
        str | None, Query(alias="from", description="First day of facts, YYYY-MM-DD (inclusive).")
    ] = None,
    to: Annotated[
        str | None, Query(description="Last day of facts, YYYY-MM-DD (inclusive).")
    ] = None,
    compare: Annotated[
        Compare | None, Query(description="Add the value of the previous period or year.")
    ] = None,
) -> JSONResponse:
    """Exactly the JSON of `kpibridge query KPI --format json` with the same options
    (`--by` → `by`, `--where` → `where`, `--from` → `from` …), restricted to the rows the
    caller may see. Without `from`/`to` the window is the span of the KPI's facts."""
    unknown = sorted(set(request.query_params) - QUERY_PARAMETERS)
    if unknown:
        known = ", ".join(sorted(QUERY_PARAMETERS))
        raise QueryError(f"unknown query parameter(s) {', '.join(unknown)}; use {known}")
    catalog = context.workspace.catalog
    spec = catalog.get(kpi)
    if not may_query(user, spec):
        raise AuthError(f"you may not see KPI {kpi!r}", status=403)
    names = ("where", "from", "to")
    options = query_options(grain, by, where, from_, to, compare, names=names)
    result = for_user(context.workspace.engine, user).query(kpi, **options)
    return JSONResponse(result.to_dict())


def may_query(user: User, spec: KpiSpec) -> bool:
    """The KPIs the user may see; only admins also query the hidden building blocks (as the
    CLI can)."""
    return can_see(user, spec) and (not spec.hidden or user.role == Role.ADMIN)


def card(spec: KpiSpec, catalog: Catalog, translator: Translator) -> KpiCard:
    """The definition card of `spec` in the translator's language."""
    return KpiCard(
        id=spec.id,
        name=translator.kpi_name(spec),
        description=translator.kpi_description(spec),
        formula=catalog.formula(spec.id),
        unit=spec.unit.value,
        direction=spec.direction.value,
        audiences=[a.value for a in spec.audiences],
        dimensions=list(spec.dimensions),
        owner=spec.owner,
    )
