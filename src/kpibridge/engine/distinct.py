"""Distinct counts in two steps: group by the counted key first, then count the groups.

DuckDB (like most engines) counts `COUNT(DISTINCT a || b)` far slower than it groups by
(a, b); grouping once by the key also serves every other sum and count of the same scan.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import ibis
import ibis.expr.types as ir

from kpibridge.catalog.spec import Aggregate, KpiSpec, Measure
from kpibridge.engine.facts import conditions_filter
from kpibridge.engine.scope import value_column


def shared_distinct_key(specs: Sequence[KpiSpec]) -> tuple[str, ...] | None:
    """The one multi-column key all distinct counts of a scan count, if there is one.

    Single columns are left to COUNT(DISTINCT column), which engines do well.
    """
    keys = {_key(spec.measure) for spec in specs if _is_distinct(spec.measure)}
    if len(keys) != 1:
        return None
    key = keys.pop()
    return key if len(key) > 1 else None


def two_step_aggregate(
    table: ir.Table,
    specs: Sequence[KpiSpec],
    group: Mapping[str, ir.Value],
    key: tuple[str, ...],
    reduce: object,
) -> ir.Table:
    """Aggregate `specs` per `group`, counting distinct `key` values by grouping on them.

    `reduce(table, measure)` is the ordinary one-step reduction, used for partial sums and
    counts per key; they are summed in the second step.
    """
    conditions = {spec.id: _condition(table, spec.measure) for spec in specs}
    if all(c is not None for c in conditions.values()):
        table = table.filter(ibis.or_(*conditions.values()))
        conditions = {spec.id: _condition(table, spec.measure) for spec in specs}
    key_columns = {f"__key{i}": table[column] for i, column in enumerate(key)}
    partial = {}
    for spec in specs:
        name = value_column(spec.id)
        condition = conditions[spec.id]
        if _is_distinct(spec.measure):
            partial[name] = table.count(where=condition)  # rows of this key that qualify
        else:
            partial[name] = reduce(table, spec.measure)  # type: ignore[operator]
    inner = table.group_by(**group, **key_columns).aggregate(**partial)
    complete = ibis.and_(*(inner[name].notnull() for name in key_columns))
    totals = {}
    for spec in specs:
        name = value_column(spec.id)
        if _is_distinct(spec.measure):
            totals[name] = inner.count(where=(inner[name] > 0) & complete)
        else:
            totals[name] = inner[name].sum()
    return inner.group_by(*group).aggregate(**totals)


def _is_distinct(measure: Measure | None) -> bool:
    return measure is not None and measure.aggregate is Aggregate.COUNT_DISTINCT


def _key(measure: Measure | None) -> tuple[str, ...]:
    assert measure is not None
    return measure.columns or ((measure.column,) if measure.column else ())


def _condition(table: ir.Table, measure: Measure | None) -> ir.BooleanValue | None:
    assert measure is not None
    return ibis.and_(*conditions_filter(table, measure.where)) if measure.where else None
