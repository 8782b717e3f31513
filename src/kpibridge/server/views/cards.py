"""KPI cards: value over the window, changes vs the previous period and last year, sparkline."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from kpibridge.catalog import KpiSpec
from kpibridge.engine.grain import period_end, period_start
from kpibridge.server import charts
from kpibridge.server.views.env import PageEnv
from kpibridge.server.views.labels import GRAIN_NOUNS, NOTES
from kpibridge.server.views.model import Card, Comparison, Definition
from kpibridge.server.views.series import history_start
from kpibridge.server.views.windows import Figure, Figures

#: Changes smaller than this read as 0.0% and are neither good nor bad.
STEADY = 0.0005


def tone(change: float | None, direction: str) -> str:
    """good, bad or neutral: a rise is good for `up` KPIs, a fall for `down` ones."""
    if change is None or abs(change) < STEADY or direction not in ("up", "down"):
        return "neutral"
    return "good" if (change > 0) == (direction == "up") else "bad"


def comparisons(
    env: PageEnv, spec: KpiSpec, figure: Figure, figs: Figures
) -> tuple[Comparison, ...]:
    """The card's comparisons: previous period and same period last year (one when they are
    the same window, as for a year to date)."""
    _ = env.t.gettext
    direction = spec.direction.value
    unit = spec.unit.value
    out = []
    both = [
        (_("vs previous period"), figs.previous_span, figure.previous, figure.previous_change),
        (_("vs last year"), figs.last_year_span, figure.last_year, figure.last_year_change),
    ]
    if figs.previous_span == figs.last_year_span:
        both = both[1:]
    for label, span, value, delta in both:
        out.append(
            Comparison(
                label=label,
                span=env.span(span),
                value=value,
                display=env.fmt(value, unit),
                change=delta,
                change_display=env.t.format_change(delta),
                tone=tone(delta, direction),
            )
        )
    return tuple(out)


def definition(env: PageEnv, spec: KpiSpec, figs: Figures) -> Definition:
    return Definition(
        formula=env.catalog.formula(spec.id),
        description=env.t.kpi_description(spec),
        unit=spec.unit.value,
        direction=spec.direction.value,
        dimensions=spec.dimensions,
        window=env.span(figs.span, figs.window),
        kind=spec.kind.value,
    )


def sparkline_points(
    env: PageEnv, spec: KpiSpec, rows: Sequence[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Points of a sparkline; the last is `partial` when its period is not over yet."""
    state = env.state
    grain = state.grain.value
    partial = state.end < period_end(period_start(state.end, state.grain), state.grain)
    points = []
    known = [i for i, row in enumerate(rows) if row["value"] is not None]
    for index, row in enumerate(rows):
        day = row["period"]
        last = index == known[-1] if known else False
        label = env.t.format_period(_date(day), grain)
        if last and partial:
            label = env.t.gettext("{period}, to {day}", period=label, day=env.day(state.end))
        points.append(
            {
                "period": day,
                "value": row["value"],
                "label": label,
                "display": env.fmt(row["value"], spec.unit.value),
                "last": last,
                "partial": last and partial and index == len(rows) - 1,
            }
        )
    return points


def build_card(
    env: PageEnv, kpi: str, figs: Figures, rows: Sequence[dict[str, Any]] | None
) -> Card:
    """The card of `kpi` from its figures and its history rows (None: no sparkline)."""
    _ = env.t.gettext
    spec = env.catalog.get(kpi)
    figure = figs.get(kpi)
    name = env.t.kpi_name(spec)
    spark = None
    if rows and any(row["value"] is not None for row in rows):
        state = env.state
        first = history_start(state.start, state.end, state.grain)
        title = _("{kpi} by {grain}", kpi=name, grain=_(GRAIN_NOUNS[state.grain.value]))
        text = _(
            "{kpi} per {grain} from {first} to {last}.",
            kpi=name,
            grain=_(GRAIN_NOUNS[state.grain.value]),
            first=env.day(first),
            last=env.day(state.end),
        )
        spark = charts.sparkline(
            f"spark-{_slug(kpi)}", title, text, sparkline_points(env, spec, rows), state.grain.value
        )
    ignored = tuple(figs.ignored.get(kpi, ()))
    return Card(
        kpi=kpi,
        name=name,
        href=env.href(f"/kpi/{kpi}"),
        unit=spec.unit.value,
        direction=spec.direction.value,
        owner=_(spec.owner) if spec.owner else None,
        value=figure.value,
        display=env.fmt(figure.value, spec.unit.value),
        period=env.span(figs.span, figs.window),
        note=_(NOTES[figure.note]) if figure.note else None,
        note_code=figure.note,
        comparisons=comparisons(env, spec, figure, figs),
        sparkline=spark,
        definition=definition(env, spec, figs),
        ignored_filters=ignored,
    )


def _slug(kpi: str) -> str:
    return kpi.replace(":", "-").replace("_", "-")


def _date(text: str) -> date:
    return date.fromisoformat(text)
