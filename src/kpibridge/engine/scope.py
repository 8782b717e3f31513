"""What a compiled query covers: grain, breakdown, filters and the window of fact dates."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from kpibridge.engine.grain import Grain


@dataclass(frozen=True)
class Scope:
    """Grain, `by` dimensions, dimension filters and the inclusive window of local fact dates."""

    grain: Grain
    by: tuple[str, ...]
    where: tuple[tuple[str, tuple[str, ...]], ...]
    first: date
    last: date
    timezone: str = "UTC"
    empty: bool = False  # no facts at all: the result has no periods

    @property
    def filters(self) -> dict[str, tuple[str, ...]]:
        return dict(self.where)

    @property
    def dims(self) -> tuple[str, ...]:
        """Dimensions the facts must carry: the breakdown and the filtered ones."""
        return tuple(dict.fromkeys([*self.by, *(d for d, _ in self.where)]))

    def moved(self, first: date, last: date) -> Scope:
        return replace(self, first=first, last=last)


def value_column(kpi: str) -> str:
    """Name of the column holding KPI `kpi` inside compiled queries."""
    return "v__" + kpi.replace(":", "__")
