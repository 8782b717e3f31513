"""KPI history at the chosen grain for sparklines and trends, each KPI filtered as it can be."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from kpibridge.engine import Grain
from kpibridge.engine.grain import add_periods, period_start
from kpibridge.server.views.env import PageEnv

#: How many periods a chart shows at least, per grain.
HISTORY = {Grain.DAY: 30, Grain.WEEK: 13, Grain.MONTH: 12, Grain.QUARTER: 8, Grain.YEAR: 5}


def history_start(start: date, end: date, grain: Grain) -> date:
    """The first period a chart shows: the window's, or HISTORY periods before its end."""
    back = add_periods(period_start(end, grain), grain, -(HISTORY[grain] - 1))
    return period_start(min(start, back), grain)


def history(env: PageEnv, kpis: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
    """Rows (period, value) of each KPI from `history_start` to the window's end."""
    state = env.state
    first = history_start(state.start, state.end, state.grain)
    groups: dict[tuple[str, ...], list[str]] = {}
    for kpi in dict.fromkeys(kpis):
        dims = env.catalog.get(kpi).dimensions
        groups.setdefault(tuple(d for d in state.where if d in dims), []).append(kpi)
    out: dict[str, list[dict[str, Any]]] = {}
    for usable, group in groups.items():
        where = {d: state.where[d] for d in usable}
        answers = env.engine.query_many(
            group, state.grain.value, where=where, start=first, end=state.end
        )
        out.update({kpi: answer.rows() for kpi, answer in answers.items()})
    return out
