"""Cross-checks of KPI specs against the canonical tables and each other."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from kpibridge.catalog import expression
from kpibridge.catalog.spec import Aggregate, Condition, Kind, KpiSpec, Measure, Stock
from kpibridge.model.tables import TABLES, ColumnType
from kpibridge.yaml_source import did_you_mean

Report = Callable[[tuple[str | int, ...], str, str], None]  # (path in the entry, rule, message)

_TIME_TYPES = (ColumnType.DATE, ColumnType.TIMESTAMP)
_NUMERIC_TYPES = (ColumnType.MONEY, ColumnType.INTEGER, ColumnType.NUMBER)


def default_time_column(table: str) -> str:
    """The column a table's facts are dated by: its first required date or timestamp."""
    spec = TABLES[table]
    if spec.period:
        return "period_start"
    return next(c.name for c in spec.columns if c.required and c.type in _TIME_TYPES)


def references(spec: KpiSpec) -> list[str]:
    """Ids of the KPIs this KPI is computed from."""
    if spec.kind is Kind.RATIO:
        return [r for r in (spec.numerator, spec.denominator) if r]
    if spec.kind is Kind.DERIVED and spec.expression:
        try:
            return expression.references(expression.parse(spec.expression))
        except expression.ExpressionError:
            return []
    return []


def check_sources(spec: KpiSpec, report: Report) -> None:
    """Tables and columns a simple, stock or cohort KPI reads must exist and fit."""
    if spec.measure is not None:
        _check_measure(spec.measure, ("measure",), report)
    if spec.stock is not None:
        _check_stock(spec.stock, report)
    if spec.cohort is not None:
        _check_measure(spec.cohort.measure, ("cohort", "measure"), report)
        table = TABLES.get(spec.cohort.measure.table)
        if table is not None and "customer_id" not in table.column_names:
            report(
                ("cohort", "measure", "table"), "cohort", "a cohort needs a table with customer_id"
            )
    if spec.kind is Kind.DERIVED and spec.expression:
        try:
            expression.parse(spec.expression)
        except expression.ExpressionError as exc:
            report(("expression",), "expression", str(exc))


def check_references(spec: KpiSpec, known: Iterable[str], report: Report) -> None:
    ids = list(known)
    for field, ref in _named_references(spec):
        if ref not in ids:
            report((field,), "reference", f"unknown KPI {ref!r}" + did_you_mean(ref, ids))


def _named_references(spec: KpiSpec) -> list[tuple[str, str]]:
    if spec.kind is Kind.RATIO:
        return [("numerator", spec.numerator or ""), ("denominator", spec.denominator or "")]
    return [("expression", ref) for ref in references(spec)]


def _check_measure(m: Measure, at: tuple[str, ...], report: Report) -> None:
    table = _table(m.table, (*at, "table"), report)
    if table is None:
        return
    numeric = m.aggregate in (Aggregate.SUM, Aggregate.PERIOD_SUM, Aggregate.PERIOD_MEAN)
    if m.column:
        _column(table, m.column, (*at, "column"), report, _NUMERIC_TYPES if numeric else None)
    for column in m.columns:
        _column(table, column, (*at, "columns"), report)
    for column in m.duration or ():
        _column(table, column, (*at, "duration"), report, (ColumnType.TIMESTAMP,))
    if m.time:
        _column(table, m.time, (*at, "time"), report, _TIME_TYPES)
    is_period = TABLES[table].period
    if is_period != (m.aggregate in (Aggregate.PERIOD_SUM, Aggregate.PERIOD_MEAN)):
        wanted = "period_sum or period_mean" if is_period else "sum, count or count_distinct"
        report((*at, "aggregate"), "aggregate", f"table {table!r} is aggregated with {wanted}")
    _check_conditions(table, m.where, (*at, "where"), report)


def _check_stock(s: Stock, report: Report) -> None:
    table = _table(s.table, ("stock", "table"), report)
    if table is None:
        return
    _column(table, s.start, ("stock", "start"), report, _TIME_TYPES)
    if s.end:
        _column(table, s.end, ("stock", "end"), report, _TIME_TYPES)
    if s.value:
        _column(table, s.value, ("stock", "value"), report, _NUMERIC_TYPES)
    _check_conditions(table, s.where, ("stock", "where"), report)


def _check_conditions(
    table: str, conditions: tuple[Condition, ...], at: tuple[str, ...], report: Report
) -> None:
    for index, condition in enumerate(conditions):
        _column(table, condition.column, (*at, index, "column"), report)


def _table(name: str, at: tuple[str | int, ...], report: Report) -> str | None:
    if name in TABLES:
        return name
    report(at, "table", f"unknown table {name!r}" + did_you_mean(name, TABLES))
    return None


def _column(
    table: str,
    name: str,
    at: tuple[str | int, ...],
    report: Report,
    types: tuple[ColumnType, ...] | None = None,
) -> None:
    spec = TABLES[table]
    if name not in spec.column_names:
        hint = did_you_mean(name, spec.column_names)
        report(at, "column", f"table {table!r} has no column {name!r}{hint}")
        return
    if types and spec.column(name).type not in types:
        wanted = " or ".join(t.value for t in types)
        report(at, "column", f"column {table}.{name} is not a {wanted} column")
