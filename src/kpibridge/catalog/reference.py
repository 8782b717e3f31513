"""The KPI reference page, generated from the catalog so it cannot drift from the code."""

from __future__ import annotations

from kpibridge.catalog.catalog import Catalog
from kpibridge.catalog.spec import Audience

_AUDIENCE_TITLES = {
    Audience.CEO: "CEO",
    Audience.CMO: "CMO",
    Audience.SALES: "Sales",
    Audience.SHARED: "Sales & Marketing (shared)",
}
_DIRECTIONS = {"up": "↑ higher is better", "down": "↓ lower is better", "none": "– neither"}


def kpi_reference(catalog: Catalog) -> str:
    """Markdown describing every visible KPI, then the building blocks."""
    lines = [
        "# KPI reference",
        "",
        "Generated from the built-in catalog (`kpibridge docs` writes this page). Every KPI",
        "below can be queried with `kpibridge query ID`, broken down by its dimensions and",
        "compared with the previous period or year. Sums and counts over no facts are 0;",
        "a ratio whose denominator is 0 or missing is n/a.",
        "",
        "| id | name | formula | unit | direction | audiences |",
        "|---|---|---|---|---|---|",
    ]
    visible = catalog.visible()
    for spec in visible:
        audiences = ", ".join(_AUDIENCE_TITLES[a] for a in spec.audiences)
        lines.append(
            f"| [`{spec.id}`](#{spec.id.replace('_', '-')}) | {spec.name} | "
            f"`{_cell(catalog.formula(spec.id))}` | {spec.unit.value} | "
            f"{_DIRECTIONS[spec.direction.value][0]} | {audiences} |"
        )
    lines.append("")
    for spec in visible:
        lines += _card(catalog, spec.id)
    hidden = [s for s in catalog if s.hidden]
    lines += [
        "## Building blocks",
        "",
        "These measures feed the KPIs above; they can be queried like any KPI.",
        "",
        "| id | name | formula | unit |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| `{s.id}` | {s.name} | `{_cell(catalog.formula(s.id))}` | {s.unit.value} |"
        for s in hidden
    ]
    return "\n".join(lines) + "\n"


def _card(catalog: Catalog, kpi: str) -> list[str]:
    spec = catalog.get(kpi)
    dims = ", ".join(f"`{d}`" for d in spec.dimensions) or "none (company-wide only)"
    return [
        f"## {spec.id.replace('_', '-')}",
        "",
        f"**{spec.name}** (`{spec.id}`) — {spec.description}",
        "",
        f"- Formula: `{catalog.formula(kpi)}`",
        f"- Kind: {spec.kind.value}; unit: {spec.unit.value}; {_DIRECTIONS[spec.direction.value]}",
        f"- Dimensions: {dims}",
        f"- Owner: {spec.owner or '—'}; audiences: "
        + (", ".join(_AUDIENCE_TITLES[a] for a in spec.audiences) or "—"),
        "",
    ]


def _cell(text: str) -> str:
    return text.replace("|", "\\|")
