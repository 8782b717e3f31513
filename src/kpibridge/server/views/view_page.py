"""A role's view: sections of KPI cards, the driver map, the picker and the freshness badge."""

from __future__ import annotations

from dataclasses import dataclass

from kpibridge.catalog import Catalog
from kpibridge.server.views.cards import build_card, tone
from kpibridge.server.views.env import PageEnv
from kpibridge.server.views.freshness import freshness
from kpibridge.server.views.loader import ViewSet
from kpibridge.server.views.model import Card, Freshness, Link, Picker
from kpibridge.server.views.picker import build_picker, filter_dimensions
from kpibridge.server.views.series import history
from kpibridge.server.views.spec import ViewSpec
from kpibridge.server.views.windows import Figures, figures
from kpibridge.workspace import Workspace


@dataclass(frozen=True)
class Section:
    title: str
    cards: tuple[Card, ...]


@dataclass(frozen=True)
class Chip:
    """A KPI in the driver map: name, value and the tone of its change vs the previous period."""

    kpi: str
    name: str
    href: str
    display: str
    change_display: str
    tone: str


@dataclass(frozen=True)
class DriverRow:
    kpi: Chip
    cmo: tuple[Chip, ...]
    sales: tuple[Chip, ...]


@dataclass(frozen=True)
class Notice:
    text: str
    link_label: str | None = None
    href: str | None = None


@dataclass(frozen=True)
class ViewPage:
    id: str
    title: str
    description: str
    href: str
    views: tuple[Link, ...]
    picker: Picker
    sections: tuple[Section, ...]
    drivers: tuple[DriverRow, ...]
    freshness: Freshness
    notices: tuple[Notice, ...]
    state: dict[str, object]


def view_links(env: PageEnv, views: ViewSet, current: str) -> tuple[Link, ...]:
    """The navigation: every view, then the funnel; `current` is a view id or "funnel"."""
    _ = env.t.gettext
    links = [Link(_(v.title), env.href(f"/view/{v.id}"), v.id == current) for v in views]
    links.append(Link(_("Funnel"), env.href("/funnel"), current == "funnel"))
    return tuple(links)


def build_view(
    env: PageEnv, workspace: Workspace, views: ViewSet, spec: ViewSpec, visible: set[str]
) -> ViewPage:
    """Everything the page of view `spec` shows, for the user behind `env`."""
    _ = env.t.gettext
    seen = [k for k in spec.card_kpis if _may_see(env, k, visible)]
    drivers = [d for d in spec.drivers if _may_see(env, d.kpi, visible)]
    driver_kpis = [
        k for d in drivers for k in (d.kpi, *d.cmo, *d.sales) if _may_see(env, k, visible)
    ]
    state = env.state
    figs = figures(
        env.engine, env.catalog, [*seen, *driver_kpis], state.start, state.end, state.where
    )
    rows = history(env, seen) if seen else {}
    sections = []
    for section in spec.all_sections:
        cards = tuple(build_card(env, k, figs, rows.get(k)) for k in section.kpis if k in seen)
        if cards:
            sections.append(Section(_(section.title) if section.title else "", cards))
    action = f"/view/{spec.id}"
    fresh = freshness(env, workspace, seen or spec.card_kpis)
    return ViewPage(
        id=spec.id,
        title=_(spec.title),
        description=_(spec.description) if spec.description else "",
        href=env.href(action),
        views=view_links(env, views, spec.id),
        picker=build_picker(env, action, filter_dimensions(env, seen), figs),
        sections=tuple(sections),
        drivers=tuple(_driver_row(env, d.kpi, d.cmo, d.sales, figs, visible) for d in drivers),
        freshness=fresh,
        notices=notices(env, fresh, action),
        state=state.to_dict(),
    )


def notices(env: PageEnv, fresh: Freshness, action: str) -> tuple[Notice, ...]:
    """A hint when the window lies after the latest data (an old or a paused workspace)."""
    _ = env.t.gettext
    if fresh.latest_fact and fresh.latest_fact < env.state.start.isoformat():
        text = _(
            "There is no data in this window yet: the latest data is from {day}.",
            day=fresh.latest_display,
        )
        pairs = f"{env.href(action)}&asof={fresh.latest_fact}"
        return (Notice(text, _("Show the window ending then"), pairs),)
    return ()


def _may_see(env: PageEnv, kpi: str, visible: set[str]) -> bool:
    return may_see(env.catalog, kpi, visible)


def may_see(catalog: Catalog, kpi: str, visible: set[str]) -> bool:
    """True when `kpi` is one the user may see (`visible`: ids, building blocks included)."""
    return kpi in catalog and kpi in visible


def _chip(env: PageEnv, kpi: str, figs: Figures) -> Chip:
    spec = env.catalog.get(kpi)
    figure = figs.get(kpi)
    return Chip(
        kpi=kpi,
        name=env.t.kpi_name(spec),
        href=env.href(f"/kpi/{kpi}"),
        display=env.fmt(figure.value, spec.unit.value),
        change_display=env.t.format_change(figure.previous_change),
        tone=tone(figure.previous_change, spec.direction.value),
    )


def _driver_row(
    env: PageEnv,
    kpi: str,
    cmo: tuple[str, ...],
    sales: tuple[str, ...],
    figs: Figures,
    visible: set[str],
) -> DriverRow:
    def chips(ids: tuple[str, ...]) -> tuple[Chip, ...]:
        return tuple(_chip(env, k, figs) for k in ids if _may_see(env, k, visible))

    return DriverRow(_chip(env, kpi, figs), chips(cmo), chips(sales))
