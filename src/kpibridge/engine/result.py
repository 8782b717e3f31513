"""What a query returns: the values as a frame, their unit and the SQL that computed them."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd


@dataclass(frozen=True)
class QueryResult:
    """One KPI's values per period (and per dimension value), with unit and SQL."""

    kpi: str
    name: str
    unit: str
    grain: str
    by: tuple[str, ...]
    frame: pd.DataFrame = field(repr=False)
    sql: str = field(repr=False)
    compare: str | None = None
    source: str = "facts"

    def rows(self) -> list[dict[str, Any]]:
        """JSON-ready rows: period as YYYY-MM-DD, null values as None."""
        columns = ["period", *self.by, "value"]
        if self.compare:
            columns += ["compare_value", "change"]
        out = []
        for record in self.frame[columns].itertuples(index=False, name=None):
            row = dict(zip(columns, record, strict=True))
            row["period"] = _day(row["period"]).isoformat()
            for key in ("value", "compare_value", "change"):
                if key in row:
                    row[key] = _number(row[key])
            for dim in self.by:
                row[dim] = None if _missing(row[dim]) else row[dim]
            out.append(row)
        return out

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON shape: {"kpi", "unit", "grain", "rows"}."""
        return {"kpi": self.kpi, "unit": self.unit, "grain": self.grain, "rows": self.rows()}

    @property
    def values(self) -> list[float | None]:
        return [_number(v) for v in self.frame["value"]]


def _day(value: Any) -> date:
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, date):
        return value
    return pd.Timestamp(value).date()


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def _number(value: Any) -> float | None:
    if _missing(value):
        return None
    number = float(value)
    return None if math.isinf(number) else number
