"""The period picker, grain switch and filters of a page, with suggestions for filter values."""

from __future__ import annotations

from collections.abc import Iterable

from kpibridge.server.views.env import PageEnv
from kpibridge.server.views.model import FilterControl, Link, Picker
from kpibridge.server.views.periods import COMPARES, FILTERS, GRAINS, PRESETS
from kpibridge.server.views.windows import Figures

#: The KPI whose facts (customers) carry every filter dimension: the source of suggestions.
SUGGESTIONS_FROM = "new_customers"
MAX_OPTIONS = 200


def filter_dimensions(env: PageEnv, kpis: Iterable[str]) -> list[str]:
    """The filters at least one of `kpis` supports, in picker order."""
    dims = {d for k in kpis for d in env.catalog.get(k).dimensions}
    return [d for d in FILTERS if d in dims]


def suggestions(env: PageEnv, dims: list[str]) -> dict[str, list[str]]:
    """Known values of each dimension (of the customers the user may see), for the inputs."""
    usable = [d for d in dims if d in env.catalog.get(SUGGESTIONS_FROM).dimensions]
    if not usable:
        return {}
    answer = env.engine.query_many([SUGGESTIONS_FROM], "year", by=usable)[SUGGESTIONS_FROM]
    found: dict[str, set[str]] = {d: set() for d in usable}
    for row in answer.rows():
        for dim in usable:
            if row[dim] is not None:
                found[dim].add(str(row[dim]))
    return {d: sorted(values)[:MAX_OPTIONS] for d, values in found.items()}


def build_picker(env: PageEnv, action: str, dims: list[str], figs: Figures) -> Picker:
    _ = env.t.gettext
    state = env.state
    options = suggestions(env, dims)
    where = state.where
    return Picker(
        action=action,
        presets=tuple(
            Link(_(label), env.href(action, period=p) if p != "custom" else "", state.period == p)
            for p, label in PRESETS.items()
        ),
        grains=tuple(
            Link(_(label), env.href(action, grain=g), state.grain.value == g)
            for g, label in GRAINS.items()
        ),
        compares=tuple(
            Link(_(label), env.href(action, compare=c), state.compare.value == c)
            for c, label in COMPARES.items()
        ),
        filters=tuple(
            FilterControl(d, _(FILTERS[d]), tuple(where.get(d, ())), tuple(options.get(d, ())))
            for d in dims
        ),
        period_label=env.span(figs.span, figs.window),
        previous_label=env.span(figs.previous_span),
        last_year_label=env.span(figs.last_year_span),
        active_filters=tuple(
            Link(f"{_(FILTERS[d])}: {', '.join(values)}", env.href(action, **{d: None}))
            for d, values in where.items()
        ),
        hidden=tuple(state.pairs() + ([("lang", env.lang)] if env.lang else [])),
        custom_from=state.start.isoformat(),
        custom_to=state.end.isoformat(),
    )
