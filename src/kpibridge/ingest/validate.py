"""Validation of staged rows with SQL: every rule of the data contract, every row at once.

Each check is a condition over the stage table. One aggregate query counts the rows breaking
each check; only checks that found something fetch their first rows (in file order) for the
message, so clean files cost one scan, however large.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from kpibridge.errors import Problem
from kpibridge.ingest.lines import LineMap
from kpibridge.ingest.mapping import FormatOptions
from kpibridge.ingest.parse import NON_FINITE, Staged, ident, lit, source_col, text_col
from kpibridge.ingest.problems import KEEP, ProblemSet
from kpibridge.ingest.stage import COUNT, REFUND, ROW, Stage
from kpibridge.model.tables import ColumnType

FIRST_DAY = dt.date(1990, 1, 1)
MONEY_LIMIT = "1e16"  # DECIMAL(18,2) holds less than this


@dataclass(frozen=True)
class Check:
    """One rule over the stage: rows where `condition` holds break it."""

    rule: str
    condition: str
    value: str  # SQL of the text shown for the offending value
    column: str | None
    message: str


def row_checks(stage: Stage, timezone: str, today: dt.date) -> list[Check]:
    """Every per-row check of the stage's columns."""
    checks: list[Check] = []
    spec = stage.plan.spec
    fmt = stage.plan.mapping.format
    for name, item in stage.columns.items():
        is_period_end = spec.period and name == "period_end"
        checks += _column_checks(item, fmt, is_period_end, timezone, today)
    if spec.period and {"period_start", "period_end"} <= set(stage.columns):
        checks.append(
            Check(
                "period",
                "period_end < period_start",
                "CAST(period_end AS VARCHAR)",
                stage.columns["period_end"].field.label,
                "the period ends before it starts",
            )
        )
    for present, name, kind, label in (
        (stage.refund, REFUND, ColumnType.MONEY, stage.plan.refund),
        (stage.count, COUNT, ColumnType.INTEGER, stage.plan.count),
    ):
        if present and label is not None:
            text = ident(text_col(name))
            checks += _parse_checks(name, text, kind, label.label, ())
            checks.append(
                Check("minimum", f"{name} < 0", text, label.label, "must not be negative")
            )
    return checks


def _column_checks(
    item: Staged, fmt: FormatOptions, is_period_end: bool, timezone: str, today: dt.date
) -> list[Check]:
    column = item.field.column
    name, label = ident(column.name), item.field.label
    text = ident(text_col(column.name)) if item.text is not None else None
    shown = _shown(item)
    checks: list[Check] = []
    if text is not None:
        checks += _parse_checks(name, text, column.type, label, expected_formats(column.type, fmt))
    if column.required and not item.field.generated:
        empty = f"{name} IS NULL" + (f" AND {text} IS NULL" if text else "")
        checks.append(Check("required", empty, "NULL", label, f"{column.name} is required"))
    if column.minimum is not None:
        bound = _number(column.minimum)
        message = "must not be negative" if column.minimum == 0 else f"must be at least {bound}"
        checks.append(Check("minimum", f"{name} < {bound}", shown, label, message))
    if column.maximum is not None:
        bound = _number(column.maximum)
        message = f"must be at most {bound}"
        checks.append(Check("maximum", f"{name} > {bound}", shown, label, message))
    if column.positive:
        checks.append(Check("positive", f"{name} <= 0", shown, label, "must be greater than 0"))
    if column.type == ColumnType.MONEY:
        too_large = f"abs({name}) >= {MONEY_LIMIT}"
        checks.append(Check("maximum", too_large, shown, label, "is too large an amount"))
    if column.choices:
        allowed = ", ".join(lit(c) for c in column.choices)
        message = f"must be one of {', '.join(column.choices)}"
        checks.append(Check("choices", f"{name} NOT IN ({allowed})", shown, label, message))
    if column.type == ColumnType.CURRENCY:
        checks.append(
            Check(
                "currency",
                f"NOT regexp_full_match({name}, '[A-Z]{{3}}')",
                shown,
                label,
                "is not a three-letter currency code (ISO 4217)",
            )
        )
    if column.type in (ColumnType.DATE, ColumnType.TIMESTAMP) and not is_period_end:
        day = name if column.type == ColumnType.DATE else local_day(name, timezone)
        where = f" in {timezone}" if column.type == ColumnType.TIMESTAMP else ""
        checks.append(
            Check(
                "date-range",
                f"{day} > DATE '{today.isoformat()}'",
                shown,
                label,
                f"is in the future (after {today.isoformat()}{where})",
            )
        )
        checks.append(
            Check(
                "date-range",
                f"{day} < DATE '{FIRST_DAY.isoformat()}'",
                shown,
                label,
                f"is before {FIRST_DAY.isoformat()}",
            )
        )
    return checks


def _parse_checks(
    name: str, text: str, kind: ColumnType, label: str, formats: tuple[str, ...]
) -> list[Check]:
    non_finite = f"lower({text}) IN ({', '.join(lit(v) for v in NON_FINITE)})"
    failed = f"{text} IS NOT NULL AND {name} IS NULL"
    expected = {
        ColumnType.DATE: "is not a date",
        ColumnType.TIMESTAMP: "is not a timestamp",
        ColumnType.INTEGER: "is not a whole number",
        ColumnType.NUMBER: "is not a number",
        ColumnType.MONEY: "is not an amount",
    }[kind]
    if formats:
        expected += f" (expected {' or '.join(formats)})"
    checks = [Check("type", f"{failed} AND NOT {non_finite}", text, label, expected)]
    if kind in (ColumnType.INTEGER, ColumnType.NUMBER, ColumnType.MONEY):
        checks.append(Check("finite", f"{failed} AND {non_finite}", text, label, "is not finite"))
    return checks


_READABLE = {
    "%d": "DD", "%m": "MM", "%Y": "YYYY", "%y": "YY", "%H": "HH", "%I": "hh", "%M": "MM",
    "%S": "SS", "%f": "ffffff", "%z": "±HHMM", "%Z": "TZ", "%p": "AM/PM", "%b": "Mon",
    "%B": "Month", "%a": "Day", "%A": "Weekday", "%j": "DDD", "%-d": "D", "%-m": "M",
}  # fmt: skip


def readable(fmt: str) -> str:
    """'%d.%m.%Y' → 'DD.MM.YYYY'."""
    for code, text in _READABLE.items():
        fmt = fmt.replace(code, text)
    return fmt


def expected_formats(kind: ColumnType, fmt: FormatOptions) -> tuple[str, ...]:
    """How values of a column may be written, for messages."""
    if kind == ColumnType.DATE:
        return (*(readable(f) for f in fmt.date_format), "YYYY-MM-DD")
    if kind == ColumnType.TIMESTAMP:
        own = (*fmt.timestamp_format, *fmt.date_format)
        return (*(readable(f) for f in own), "YYYY-MM-DD HH:MM[:SS][±HH:MM]")
    return ()


def _shown(item: Staged) -> str:
    parts = []
    if item.source is not None:
        parts.append(ident(source_col(item.field.name)))
    if item.text is not None:
        parts.append(ident(text_col(item.field.name)))
    parts.append(f"CAST({ident(item.field.name)} AS VARCHAR)")
    return f"coalesce({', '.join(parts)})" if len(parts) > 1 else parts[0]


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def local_day(column: str, timezone: str) -> str:
    """SQL: the calendar day of an instant in `timezone`."""
    return f"CAST(timezone({lit(timezone)}, {column}) AS DATE)"


def run_checks(
    con: duckdb.DuckDBPyConnection,
    table: str,
    checks: list[Check],
    display: str,
    line_map: LineMap,
    problems: ProblemSet,
) -> list[str]:
    """Add the problems `checks` find in `table`; return the conditions that found some."""
    if not checks:
        return []
    counts = con.execute(
        "SELECT "
        + ", ".join(f"count(*) FILTER (WHERE {c.condition})" for c in checks)
        + f' FROM "{table}"'
    ).fetchone()
    assert counts is not None
    found: list[tuple[Check, int, list[tuple[int, str | None]]]] = []
    for check, count in zip(checks, counts, strict=True):
        if count:
            rows = con.execute(
                f'SELECT {ROW}, CAST({check.value} AS VARCHAR) FROM "{table}" '
                f"WHERE {check.condition} ORDER BY {ROW} LIMIT {KEEP}"
            ).fetchall()
            found.append((check, count, rows))
    lines = line_map.lines(row for _, _, rows in found for row, _ in rows)
    for check, count, rows in found:
        kept = [
            Problem(display, check.rule, check.message, lines.get(row), check.column, value)
            for row, value in rows
        ]
        problems.add_many(kept, count)
    return [check.condition for check, _, _ in found]


def duplicate_keys(
    con: duckdb.DuckDBPyConnection,
    stage: Stage,
    table: str,
    display: str,
    line_map: LineMap,
    problems: ProblemSet,
) -> str | None:
    """Rows whose natural key repeats an earlier row of the file (NULLs compare equal).

    Returns a query of the offending rows' `_row` (for counting rejected rows), or None.
    """
    key = [k for k in stage.plan.spec.key if k in stage.columns]
    if not key:
        return None
    cols = ", ".join(ident(k) for k in key)
    groups = con.execute(
        f'SELECT count(*), coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM "{table}" '
        f"GROUP BY ALL_KEYS HAVING count(*) > 1)".replace("ALL_KEYS", cols)
    ).fetchone()
    assert groups is not None
    if not groups[0]:
        return None
    repeats = (
        f"SELECT {ROW}, _first, {cols} FROM (SELECT {ROW}, {cols}, "
        f"min({ROW}) OVER w AS _first, row_number() OVER (w ORDER BY {ROW}) AS _n "
        f'FROM "{table}" WINDOW w AS (PARTITION BY {cols})) WHERE _n > 1 AND {ROW} <> _first'
    )
    rows = con.execute(f"{repeats} ORDER BY {ROW} LIMIT {KEEP}").fetchall()
    lines = line_map.lines([r[0] for r in rows] + [r[1] for r in rows])
    labels = ", ".join(stage.columns[k].field.label for k in key)
    kept = []
    for row in rows:
        value = ", ".join("" if v is None else str(v) for v in row[2:])
        first = lines.get(row[1])
        kept.append(
            Problem(
                display,
                "duplicate-key",
                f"repeats the key ({', '.join(key)}) of line {first}",
                lines.get(row[0]),
                labels,
                value,
            )
        )
    problems.add_many(kept, int(groups[1]))
    return f"SELECT {ROW} FROM ({repeats})"
