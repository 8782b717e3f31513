"""Fact tables with their dimensions attached (borrowed through joins where needed)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import ibis
import ibis.expr.types as ir

from kpibridge.catalog.spec import Condition
from kpibridge.engine.grain import Grain
from kpibridge.model.tables import Dimension, Join, table_spec

#: Stand-in for a missing dimension value while grouping and joining (null never equals null).
NO_VALUE = "\u2205"

TableSource = Callable[[str], ir.Table]


def with_dimensions(source: TableSource, table: str, dims: Sequence[str]) -> ir.Table:
    """`table` with one string column per dimension in `dims`, missing values as NO_VALUE."""
    spec = table_spec(table)
    facts = source(table)
    wanted = [spec.dimension(d) for d in dims]
    joins: dict[Join, ir.Table] = {}
    for dim in wanted:
        for join, _ in _lookups(dim):
            if join is not None and join not in joins:
                joins[join] = _lookup_table(source, join, len(joins))
    for index, (join, lookup) in enumerate(joins.items()):
        key = f"__k{index}"
        facts = facts.left_join(lookup, facts[join.left] == lookup[key]).drop(key)
    join_index = {join: i for i, join in enumerate(joins)}
    columns = {}
    for dim in wanted:
        values = [
            facts[dim.column] if join is None else facts[f"__j{join_index[join]}_{column}"]
            for join, column in _lookups(dim)
        ]
        value = values[0] if len(values) == 1 else ibis.coalesce(*values)
        columns[f"dim__{dim.name}"] = value.cast("string").fill_null(NO_VALUE)
    return facts.mutate(**columns) if columns else facts


def _lookups(dim: Dimension) -> list[tuple[Join | None, str]]:
    first: Join | None = dim.via[0] if dim.via else None
    return [(first, dim.column), *dim.fallbacks]


def _lookup_table(source: TableSource, join: Join, index: int) -> ir.Table:
    target = source(join.table)
    spec = table_spec(join.table)
    picked = {f"__k{index}": target[join.right]}
    for name in spec.dimension_names:
        picked[f"__j{index}_{spec.dimension(name).column}"] = target[spec.dimension(name).column]
    return target.select(**picked)


def dim_column(name: str) -> str:
    """Name of the column that holds dimension `name` inside compiled queries."""
    return f"dim__{name}"


def local_date(column: ir.Value) -> ir.DateValue:
    """The calendar day of a date or of an instant in the session (workspace) time zone."""
    return column if column.type().is_date() else column.date()


def period_of(day: ir.DateValue, grain: Grain) -> ir.DateValue:
    return day if grain is Grain.DAY else day.truncate(grain.ibis_unit)


def conditions_filter(table: ir.Table, conditions: Sequence[Condition]) -> list[ir.BooleanValue]:
    """Ibis predicates for declarative KPI filters."""
    return [_predicate(table[c.column], c) for c in conditions]


def _predicate(column: ir.Column, c: Condition) -> ir.BooleanValue:
    ops: dict[str, Callable[[Any], ir.BooleanValue]] = {
        "=": lambda v: column == v,
        "!=": lambda v: column != v,
        ">": lambda v: column > v,
        ">=": lambda v: column >= v,
        "<": lambda v: column < v,
        "<=": lambda v: column <= v,
        "in": lambda v: column.isin(v),
        "not in": lambda v: ~column.isin(v),
        "is null": lambda _: column.isnull(),
        "is not null": lambda _: column.notnull(),
    }
    return ops[c.op](c.value)


def dimension_filters(table: ir.Table, where: dict[str, tuple[str, ...]]) -> list[ir.BooleanValue]:
    return [table[dim_column(d)].isin(list(values)) for d, values in where.items()]


def between_days(
    column: ir.Value, first: date | None, last: date | None, timezone: str = "UTC"
) -> list[ir.BooleanValue]:
    """Predicates keeping dates, or instants whose local day, from `first` to `last` inclusive.

    Instants are compared with the UTC instants of local midnights, so no row is converted.
    """
    found = []
    if column.type().is_date():
        if first is not None:
            found.append(column >= first)
        if last is not None:
            found.append(column <= last)
        return found
    if first is not None:
        found.append(column >= _instant(local_midnight(first, timezone), column))
    if last is not None:
        found.append(column < _instant(local_midnight(last + timedelta(days=1), timezone), column))
    return found


def local_midnight(day: date, timezone: str) -> datetime:
    """The UTC instant at which `day` starts in `timezone`."""
    return datetime.combine(day, time.min, ZoneInfo(timezone)).astimezone(UTC)


def _instant(moment: datetime, column: ir.Value) -> ir.Value:
    return ibis.literal(moment, type=column.type())


def keep(table: ir.Table, *predicates: ir.BooleanValue) -> ir.Table:
    """`table` filtered by all `predicates` (none: unchanged)."""
    return table.filter(*predicates) if predicates else table
