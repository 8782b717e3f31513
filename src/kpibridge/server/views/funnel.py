"""The funnel: sessions → leads → MQLs → SQLs → deals created → deals won, overall and per channel.

Each stage counts the facts dated in the window (sessions by start, leads by creation, MQLs and
SQLs by their qualification dates, deals by creation and by close), so a stage can hold more
than the one before it when an earlier backlog moves on. Conversion is a stage over the one
before it; cost per stage is the marketing & sales investment of the window over the stage.
"""

from __future__ import annotations

from dataclasses import dataclass

from kpibridge.server import charts
from kpibridge.server.views.cards import tone
from kpibridge.server.views.env import PageEnv
from kpibridge.server.views.freshness import freshness
from kpibridge.server.views.labels import DIMENSIONS
from kpibridge.server.views.loader import ViewSet
from kpibridge.server.views.model import Chart, Freshness, Link, Picker
from kpibridge.server.views.picker import build_picker, filter_dimensions
from kpibridge.server.views.view_page import view_links
from kpibridge.server.views.windows import Figures, Key, change, figures
from kpibridge.workspace import Workspace


def N_(message: str) -> str:  # noqa: N802 - the gettext convention: marked, translated later
    return message


STAGES = (
    ("sessions", N_("Sessions")),
    ("leads", N_("Leads")),
    ("mqls", N_("MQLs")),
    ("sqls", N_("SQLs")),
    ("deals_created", N_("Deals created")),
    ("deals_won", N_("Deals won")),
)
SPEND = "marketing_spend"
BY = "channel"


@dataclass(frozen=True)
class Stage:
    kpi: str
    label: str
    value: float | None
    display: str
    conversion: float | None  # this stage / the stage before it
    conversion_display: str
    cost: float | None  # investment / this stage
    cost_display: str
    change: float | None  # vs the previous period
    change_display: str
    tone: str
    href: str


@dataclass(frozen=True)
class ChannelFunnel:
    channel: str | None
    label: str
    href: str | None
    spend: float | None
    spend_display: str
    stages: tuple[Stage, ...]
    overall: float | None  # deals won per session
    overall_display: str


@dataclass(frozen=True)
class FunnelPage:
    stages: tuple[Stage, ...]
    spend: float | None
    spend_display: str
    overall: float | None
    overall_display: str
    chart: Chart
    channels: tuple[ChannelFunnel, ...]
    ignored_filters: dict[str, list[str]]
    period: str
    views: tuple[Link, ...]
    picker: Picker
    freshness: Freshness
    state: dict[str, object]
    href: str


def _ratio(top: float | None, bottom: float | None) -> float | None:
    return None if top is None or not bottom else top / bottom


def stages(env: PageEnv, figs: Figures, key: Key = (), compared: bool = True) -> tuple[Stage, ...]:
    """The stages of one funnel (overall, or of one channel with `key`)."""
    _ = env.t.gettext
    spend = figs.get(SPEND, key).value
    out: list[Stage] = []
    before: float | None = None
    for index, (kpi, label) in enumerate(STAGES):
        figure = figs.get(kpi, key)
        value = figure.value if figure.value is not None or key == () else 0.0
        conversion = _ratio(value, before) if index else None
        cost = _ratio(spend, value)
        delta = change(value, figure.previous) if compared else None
        out.append(
            Stage(
                kpi=kpi,
                label=_(label),
                value=value,
                display=env.fmt(value, "count"),
                conversion=conversion,
                conversion_display=env.fmt(conversion, "percent") if index else "",
                cost=cost,
                cost_display=env.fmt(cost, "money"),
                change=delta,
                change_display=env.t.format_change(delta),
                tone=tone(delta, "up"),
                href=env.href(f"/kpi/{kpi}"),
            )
        )
        before = value
    return tuple(out)


def build_funnel(env: PageEnv, workspace: Workspace, views: ViewSet) -> FunnelPage:
    """The funnel of the window, overall and per channel, for the user behind `env`."""
    _ = env.t.gettext
    state = env.state
    kpis = [k for k, _label in STAGES] + [SPEND]
    overall = figures(env.engine, env.catalog, kpis, state.start, state.end, state.where)
    per = figures(
        env.engine, env.catalog, kpis, state.start, state.end, state.where, by=[BY], compare=False
    )
    top = stages(env, overall)
    spend = overall.get(SPEND).value
    keys: dict[Key, None] = {}
    for kpi in kpis:
        keys.update(dict.fromkeys(per.keys(kpi)))
    channels = []
    for key in keys:
        own = stages(env, per, key, compared=False)
        raw = key[0]
        channel_spend = per.get(SPEND, key).value
        won = _ratio(own[-1].value, own[0].value)
        channels.append(
            ChannelFunnel(
                channel=raw,
                label=str(raw) if raw is not None else _("(none)"),
                href=env.href("/funnel", channel=raw) if raw is not None else None,
                spend=channel_spend,
                spend_display=env.fmt(channel_spend, "money"),
                stages=own,
                overall=won,
                overall_display=env.fmt(won, "percent"),
            )
        )
    channels.sort(key=lambda c: (-(c.stages[0].value or 0), c.label))
    period = env.span(overall.span, overall.window)
    rows = [
        {"stage": s.label, "value": s.value, "display": s.display, "order": i}
        for i, s in enumerate(top)
        if s.value
    ]
    chart = charts.funnel(
        "funnel",
        _("Funnel, {period}", period=period),
        _(
            "Bar chart on a logarithmic scale of the funnel stages from sessions to deals won, "
            "{period}.",
            period=period,
        ),
        rows,
    )
    won_rate = _ratio(top[-1].value, top[0].value)
    names = {s.kpi: s.label for s in top} | {SPEND: _("Investment")}
    return FunnelPage(
        stages=top,
        spend=spend,
        spend_display=env.fmt(spend, "money"),
        overall=won_rate,
        overall_display=env.fmt(won_rate, "percent"),
        chart=chart,
        channels=tuple(channels),
        ignored_filters={
            names[k]: [_(DIMENSIONS[d]) for d in v] for k, v in overall.ignored.items()
        },
        period=period,
        views=view_links(env, views, "funnel"),
        href=env.href("/funnel"),
        picker=build_picker(env, "/funnel", filter_dimensions(env, kpis), overall),
        freshness=freshness(env, workspace, kpis),
        state=state.to_dict(),
    )
