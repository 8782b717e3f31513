"""CSV export of the KPI page: the trend, or one breakdown, with spreadsheet-safe cells."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any


def safe_cell(cell: Any) -> Any:
    """Text a spreadsheet would run as a formula gets a leading apostrophe (as the CLI does)."""
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + cell
    return "" if cell is None else cell


def to_csv(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([safe_cell(h) for h in headers])
    writer.writerows([[safe_cell(cell) for cell in row] for row in rows])
    return buffer.getvalue()


def trend_csv(kpi: str, rows: Sequence[dict[str, Any]], compare: str) -> str:
    """One line per period: value, the compared value and the change."""
    headers = ["kpi", "period", "value", compare, "change"]
    return to_csv(
        headers,
        [[kpi, r["period"], r["value"], r.get("compare_value"), r.get("change")] for r in rows],
    )


def breakdown_csv(
    kpi: str, dimension: str, start: str, end: str, rows: Sequence[tuple[Any, ...]]
) -> str:
    """One line per dimension value: (value, previous value, change) over the window."""
    headers = ["kpi", "from", "to", dimension, "value", "previous_period", "change"]
    return to_csv(headers, [[kpi, start, end, *row] for row in rows])
