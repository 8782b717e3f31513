"""The KPI page: card, trend with its comparison line, a breakdown per dimension, drill-down.

Clicking a channel filters the page to it and puts the campaign breakdown first; the filter
lives in the URL, so the drill-down can be shared and undone with the back button.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from kpibridge.catalog import KpiSpec
from kpibridge.engine import Compare
from kpibridge.server import charts
from kpibridge.server.views.cards import build_card, tone
from kpibridge.server.views.env import PageEnv
from kpibridge.server.views.freshness import freshness
from kpibridge.server.views.labels import DIMENSION_NOUNS, DIMENSIONS, GRAIN_NOUNS
from kpibridge.server.views.loader import ViewSet
from kpibridge.server.views.model import Card, Chart, Freshness, Link, Picker
from kpibridge.server.views.periods import COMPARES, FILTERS
from kpibridge.server.views.picker import build_picker, filter_dimensions
from kpibridge.server.views.series import history_start
from kpibridge.server.views.view_page import view_links
from kpibridge.server.views.windows import Figures, figures
from kpibridge.workspace import Workspace

CHART_ROWS = 12  # bars in a breakdown chart; the table lists every value
TABLE_ROWS = 500


@dataclass(frozen=True)
class TrendRow:
    period: str
    label: str
    value: float | None
    display: str
    compare_value: float | None
    compare_display: str
    change: float | None
    change_display: str
    tone: str


@dataclass(frozen=True)
class BreakdownRow:
    value_key: str | None  # the dimension value (None: facts without one)
    label: str
    value: float | None
    display: str
    previous: float | None
    previous_display: str
    change: float | None
    change_display: str
    tone: str
    href: str | None  # filters the page to this value (drill-down)


@dataclass(frozen=True)
class Breakdown:
    dimension: str
    label: str
    noun: str  # the dimension inside a sentence
    rows: tuple[BreakdownRow, ...]
    chart: Chart | None
    csv_href: str
    truncated: bool


@dataclass(frozen=True)
class KpiPage:
    kpi: str
    name: str
    card: Card
    trend: Chart | None
    trend_rows: tuple[TrendRow, ...]
    compare_label: str
    breakdowns: tuple[Breakdown, ...]
    drill: tuple[Link, ...]  # breadcrumbs of the channel → campaign drill-down
    views: tuple[Link, ...]
    picker: Picker
    freshness: Freshness
    csv_href: str
    state: dict[str, object]
    href: str
    compares: tuple[Link, ...]


def usable_where(env: PageEnv, spec: KpiSpec) -> dict[str, list[str]]:
    return {d: v for d, v in env.state.where.items() if d in spec.dimensions}


def trend_rows(env: PageEnv, spec: KpiSpec) -> list[dict[str, Any]]:
    """The KPI per period of the grain, with the comparison the state asks for."""
    state = env.state
    first = history_start(state.start, state.end, state.grain)
    answer = env.engine.query_many(
        [spec.id],
        state.grain.value,
        where=usable_where(env, spec),
        start=first,
        end=state.end,
        compare=state.compare.value,
    )[spec.id]
    return answer.rows()


def build_trend(
    env: PageEnv, spec: KpiSpec, rows: list[dict[str, Any]]
) -> tuple[Chart | None, list[TrendRow]]:
    _ = env.t.gettext
    state = env.state
    unit, grain = spec.unit.value, state.grain.value
    name = env.t.kpi_name(spec)
    other = (
        _("Previous period")
        if state.compare is Compare.PREVIOUS_PERIOD
        else _("Same period last year")
    )
    points, table = [], []
    for row in rows:
        label = env.t.format_period(date.fromisoformat(row["period"]), grain)
        shown, compared = env.fmt(row["value"], unit), env.fmt(row["compare_value"], unit)
        points.append(
            {
                "period": row["period"],
                "series": name,
                "value": row["value"],
                "label": label,
                "display": shown,
            }
        )
        points.append(
            {
                "period": row["period"],
                "series": other,
                "value": row["compare_value"],
                "label": label,
                "display": compared,
            }
        )
        table.append(
            TrendRow(
                row["period"],
                label,
                row["value"],
                shown,
                row["compare_value"],
                compared,
                row["change"],
                env.t.format_change(row["change"]),
                tone(row["change"], spec.direction.value),
            )
        )
    first = rows[0]["period"] if rows else state.start.isoformat()
    description = _(
        "{kpi} per {grain} from {first} to {last}, with {other} as a dashed line.",
        kpi=name,
        grain=_(GRAIN_NOUNS[grain]),
        first=env.day(date.fromisoformat(first)),
        last=env.day(state.end),
        other=_("the previous period")
        if state.compare is Compare.PREVIOUS_PERIOD
        else _("the same period last year"),
    )
    if all(p["value"] is None for p in points):
        return None, table  # nothing to draw: the table says n/a
    chart = charts.trend(
        "trend", _("{kpi} over time", kpi=name), description, points, grain, unit, (name, other)
    )
    return chart, table


def breakdown(env: PageEnv, spec: KpiSpec, dim: str, figs: Figures, path: str) -> Breakdown:
    """The KPI per value of `dim` over the window, compared with the previous period."""
    _ = env.t.gettext
    unit = spec.unit.value
    rows = []
    for key in figs.keys(spec.id):
        figure = figs.get(spec.id, key)
        raw = key[0]
        drill = None
        if raw is not None and dim in FILTERS:
            drill = env.href(path, **{dim: raw})
            if dim == "channel":
                drill += "#by-campaign"
        rows.append(
            BreakdownRow(
                value_key=raw,
                label=str(raw) if raw is not None else _("(none)"),
                value=figure.value,
                display=env.fmt(figure.value, unit),
                previous=figure.previous,
                previous_display=env.fmt(figure.previous, unit),
                change=figure.previous_change,
                change_display=env.t.format_change(figure.previous_change),
                tone=tone(figure.previous_change, spec.direction.value),
                href=drill,
            )
        )
    rows.sort(key=lambda r: (r.value is None, -(r.value or 0), r.label))
    label = _(DIMENSIONS.get(dim, dim))
    noun = _(DIMENSION_NOUNS[dim]) if dim in DIMENSION_NOUNS else dim
    name = env.t.kpi_name(spec)
    shown = [r for r in rows if r.value is not None][:CHART_ROWS]
    chart = None
    if shown:
        chart = charts.bars(
            f"by-{dim}",
            _("{kpi} by {dimension}", kpi=name, dimension=noun),
            _(
                "Bar chart of {kpi} for the {count} largest values of {dimension}, {period}.",
                kpi=name,
                count=len(shown),
                dimension=noun,
                period=env.span(figs.span, figs.window),
            ),
            [{"label": r.label, "value": r.value, "display": r.display} for r in shown],
            unit,
        )
    csv = env.href(f"/kpi/{spec.id}.csv") + f"&breakdown={dim}"
    return Breakdown(dim, label, noun, tuple(rows[:TABLE_ROWS]), chart, csv, len(rows) > TABLE_ROWS)


def drill_links(env: PageEnv, path: str) -> tuple[Link, ...]:
    """All channels › channel › campaign, each step undoing the ones after it."""
    _ = env.t.gettext
    where = env.state.where
    if "channel" not in where and "campaign" not in where:
        return ()
    links = [Link(_("All channels"), env.href(path, channel=None, campaign=None))]
    if "channel" in where:
        links.append(
            Link(
                ", ".join(where["channel"]), env.href(path, campaign=None), "campaign" not in where
            )
        )
    if "campaign" in where:
        links.append(Link(", ".join(where["campaign"]), env.href(path), True))
    return tuple(links)


def build_kpi_page(env: PageEnv, workspace: Workspace, views: ViewSet, kpi: str) -> KpiPage:
    """Everything the page of `kpi` shows, for the user behind `env`."""
    _ = env.t.gettext
    spec = env.catalog.get(kpi)
    state = env.state
    path = f"/kpi/{kpi}"
    figs = figures(env.engine, env.catalog, [kpi], state.start, state.end, state.where)
    rows = trend_rows(env, spec)
    card = build_card(env, kpi, figs, rows)
    chart, table = build_trend(env, spec, rows)
    where = usable_where(env, spec)
    dims = list(spec.dimensions)
    if "channel" in where and "campaign" in dims:
        dims.remove("campaign")
        dims.insert(0, "campaign")
    parts = []
    for dim in dims:
        by = figures(env.engine, env.catalog, [kpi], state.start, state.end, where, by=[dim])
        parts.append(breakdown(env, spec, dim, by, path))
    compare = (
        _("Previous period")
        if state.compare is Compare.PREVIOUS_PERIOD
        else _("Same period last year")
    )
    return KpiPage(
        kpi=kpi,
        name=env.t.kpi_name(spec),
        card=card,
        trend=chart,
        trend_rows=tuple(table),
        compare_label=compare,
        breakdowns=tuple(parts),
        drill=drill_links(env, path),
        views=view_links(env, views, ""),
        picker=build_picker(env, path, filter_dimensions(env, [kpi]), figs),
        freshness=freshness(env, workspace, [kpi]),
        csv_href=env.href(f"/kpi/{kpi}.csv"),
        state=state.to_dict(),
        href=env.href(path),
        compares=tuple(
            Link(_(label), env.href(path, compare=c), state.compare.value == c)
            for c, label in COMPARES.items()
        ),
    )
