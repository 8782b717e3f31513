"""The overview: every visible KPI with its latest month and the month before."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kpibridge.engine.grain import Grain, add_periods, period_start
from kpibridge.server.access import for_user
from kpibridge.server.auth import User
from kpibridge.workspace import Workspace


@dataclass(frozen=True)
class KpiLine:
    id: str
    name: str
    description: str
    formula: str
    unit: str
    direction: str
    audiences: tuple[str, ...]
    owner: str | None
    period: str | None
    value: float | None
    previous: float | None


def overview(workspace: Workspace, user: User, today: date | None = None) -> list[KpiLine]:
    """Latest complete-or-current month of every KPI `user` may see, and the month before it
    (over their channels only)."""
    catalog, engine = workspace.catalog, for_user(workspace.engine, user)
    specs = engine.visible()
    visible = [s.id for s in specs]
    this_month = period_start(today or date.today(), Grain.MONTH)
    start = add_periods(this_month, Grain.MONTH, -1)
    results = engine.query_many(visible, Grain.MONTH, start=start, end=today or date.today())
    lines = []
    for spec in specs:
        rows = results[spec.id].rows()
        latest = rows[-1] if rows else None
        before = rows[-2] if len(rows) > 1 else None
        lines.append(
            KpiLine(
                id=spec.id,
                name=spec.name,
                description=spec.description,
                formula=catalog.formula(spec.id),
                unit=spec.unit.value,
                direction=spec.direction.value,
                audiences=tuple(a.value for a in spec.audiences),
                owner=spec.owner,
                period=latest["period"] if latest else None,
                value=latest["value"] if latest else None,
                previous=before["value"] if before else None,
            )
        )
    return lines
