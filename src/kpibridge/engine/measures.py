"""Base KPIs (simple, stock, cohort, custom) compiled to aggregates keyed by (period, dims).

Every aggregate has the columns `period`, `dim__<name>` for each `by` dimension, and one
`v__<kpi>` column per KPI it computes. Simple KPIs reading the same table by the same time
column share one scan.
"""

from __future__ import annotations

from collections.abc import Sequence

import ibis
import ibis.expr.types as ir

from kpibridge.catalog.checks import default_time_column
from kpibridge.catalog.spec import Aggregate, CustomAggregate, Kind, KpiSpec, Measure
from kpibridge.engine.distinct import shared_distinct_key, two_step_aggregate
from kpibridge.engine.facts import (
    NO_VALUE,
    TableSource,
    between_days,
    conditions_filter,
    dim_column,
    dimension_filters,
    keep,
    local_date,
    period_of,
    with_dimensions,
)
from kpibridge.engine.scope import Scope, value_column
from kpibridge.warehouse.schema import CALENDAR_TABLE

SECONDS_PER_DAY = 86400


def scan_key(spec: KpiSpec) -> tuple[str, ...]:
    """KPIs with the same key are computed in one pass over their table."""
    match spec.kind:
        case Kind.SIMPLE:
            assert spec.measure is not None
            m = spec.measure
            return ("scan", m.table, m.time or default_time_column(m.table))
        case Kind.STOCK | Kind.COHORT | Kind.CUSTOM:
            return (spec.kind.value, spec.id)
    raise AssertionError(f"{spec.kind} is not a base KPI")


def aggregate(source: TableSource, specs: Sequence[KpiSpec], scope: Scope) -> ir.Table:
    """The aggregate for a group of base KPIs sharing one scan key."""
    first = specs[0]
    match first.kind:
        case Kind.SIMPLE:
            assert first.measure is not None
            if first.measure.aggregate in (Aggregate.PERIOD_SUM, Aggregate.PERIOD_MEAN):
                return _period_aggregate(source, specs, scope)
            return _scan_aggregate(source, specs, scope)
        case Kind.STOCK:
            return _stock_aggregate(source, first, scope)
        case Kind.COHORT:
            return _cohort_aggregate(source, first, scope)
        case Kind.CUSTOM:
            return _custom_aggregate(source, first, scope)
    raise AssertionError(first.kind)


def _keys(table: ir.Table, scope: Scope, period: ir.DateValue) -> dict[str, ir.Value]:
    keys: dict[str, ir.Value] = {"period": period}
    keys.update({dim_column(d): table[dim_column(d)] for d in scope.by})
    return keys


def _reduction(table: ir.Table, m: Measure) -> ir.Scalar:
    where = ibis.and_(*conditions_filter(table, m.where)) if m.where else None
    match m.aggregate:
        case Aggregate.COUNT:
            return table.count(where=where)
        case Aggregate.COUNT_DISTINCT:
            if m.column:
                return table[m.column].nunique(where=where)
            parts = [table[c].cast("string") for c in m.columns]
            joined = parts[0]
            for part in parts[1:]:
                joined = joined.concat("\x1f", part)
            return joined.nunique(where=where)
        case Aggregate.SUM:
            if m.duration:
                start, end = (table[c] for c in m.duration)
                seconds = end.delta(start, unit="second")
                return (seconds / SECONDS_PER_DAY).sum(where=where)
            assert m.column is not None
            return table[m.column].sum(where=where)
    raise AssertionError(m.aggregate)


def _scan_aggregate(source: TableSource, specs: Sequence[KpiSpec], scope: Scope) -> ir.Table:
    measure = specs[0].measure
    assert measure is not None
    table = with_dimensions(source, measure.table, scope.dims)
    time = table[measure.time or default_time_column(measure.table)]
    table = keep(
        table,
        time.notnull(),
        *between_days(time, scope.first, scope.last, scope.timezone),
        *dimension_filters(table, scope.filters),
    )
    day = local_date(table[measure.time or default_time_column(measure.table)])
    group = _keys(table, scope, period_of(day, scope.grain))
    key = shared_distinct_key(specs)
    if key is not None:
        return two_step_aggregate(table, specs, group, key, _reduction)
    values = {}
    for spec in specs:
        assert spec.measure is not None
        values[value_column(spec.id)] = _reduction(table, spec.measure)
    return table.group_by(**group).aggregate(**values)


def _period_aggregate(source: TableSource, specs: Sequence[KpiSpec], scope: Scope) -> ir.Table:
    """Period tables: each row spread over its days; sums pro rata, means per covered day."""
    measure = specs[0].measure
    assert measure is not None
    rows = source(measure.table)
    calendar = source(CALENDAR_TABLE)
    calendar = keep(calendar, *between_days(calendar.day, scope.first, scope.last))
    days_in_row = rows.period_end.delta(rows.period_start, unit="day") + 1
    rows = rows.mutate(__days=days_in_row)
    spread = rows.join(
        calendar, (calendar.day >= rows.period_start) & (calendar.day <= rows.period_end)
    )
    values = {}
    for spec in specs:
        assert spec.measure is not None and spec.measure.column is not None
        value = spread[spec.measure.column].cast("float64")
        if spec.measure.aggregate is Aggregate.PERIOD_SUM:
            values[value_column(spec.id)] = (value / spread["__days"]).sum()
        else:
            values[value_column(spec.id)] = value.mean()
    return spread.group_by(period=period_of(spread.day, scope.grain)).aggregate(**values)


def _stock_aggregate(source: TableSource, spec: KpiSpec, scope: Scope) -> ir.Table:
    """A level at the end (or start) of each period: the running sum of entries and exits."""
    stock = spec.stock
    assert stock is not None
    table = with_dimensions(source, stock.table, scope.dims)
    table = keep(
        table, *conditions_filter(table, stock.where), *dimension_filters(table, scope.filters)
    )
    dims = {dim_column(d): table[dim_column(d)] for d in scope.by}

    # Exact arithmetic: money stays decimal, counts stay integers.
    amount = table[stock.value].fill_null(0) if stock.value else ibis.literal(1, type="int64")
    table = table.mutate(__amount=amount)

    def events(column: str, entering: bool) -> ir.Table:
        up_to_last = between_days(table[column], None, scope.last, scope.timezone)
        kept = keep(table, table[column].notnull(), *up_to_last)
        return kept.select(
            period=period_of(local_date(kept[column]), scope.grain),
            **{name: kept[name] for name in dims},
            delta=kept.__amount if entering else -kept.__amount,
        )

    moves = events(stock.start, entering=True)
    if stock.end:
        moves = moves.union(events(stock.end, entering=False))
    zero = ibis.literal(0).cast(moves.delta.type())
    periods = _periods(source, scope)
    if scope.by:
        zeros = periods.cross_join(moves.select(*dims).distinct()).mutate(delta=zero)
    else:
        zeros = periods.mutate(delta=zero)
    moves = moves.union(zeros.select(moves.columns))
    per_period = moves.group_by("period", *dims).aggregate(delta=moves.delta.sum())
    window = ibis.window(
        group_by=[per_period[d] for d in dims],
        order_by=per_period.period,
        preceding=None,
        following=0,
    )
    level_end = per_period.delta.sum().over(window)
    level = level_end if stock.at == "end" else level_end - per_period.delta
    leveled = per_period.mutate(**{value_column(spec.id): level})
    return leveled.filter(leveled.period >= period_of(ibis.literal(scope.first), scope.grain)).drop(
        "delta"
    )


def _periods(source: TableSource, scope: Scope) -> ir.Table:
    """One row per period start of the window, from the warehouse calendar."""
    calendar = source(CALENDAR_TABLE)
    calendar = keep(calendar, *between_days(calendar.day, scope.first, scope.last))
    return calendar.select(period=period_of(calendar.day, scope.grain)).distinct()


def _cohort_aggregate(source: TableSource, spec: KpiSpec, scope: Scope) -> ir.Table:
    """Facts of the customers acquired in each period, within N days of their acquisition."""
    cohort = spec.cohort
    assert cohort is not None
    measure = cohort.measure
    customers = with_dimensions(source, "customers", scope.dims)
    customers = keep(customers, *dimension_filters(customers, scope.filters))
    window = between_days(customers.acquired_at, scope.first, scope.last, scope.timezone)
    customers = keep(customers, *window)
    picked = customers.select(
        __customer=customers.customer_id,
        __acquired=customers.acquired_at,
        **{dim_column(d): customers[dim_column(d)] for d in scope.by},
    )
    facts = source(measure.table)
    time = facts[measure.time or default_time_column(measure.table)]
    joined = facts.join(picked, facts.customer_id == picked.__customer)
    time = joined[measure.time or default_time_column(measure.table)]
    horizon = joined.__acquired + ibis.interval(days=cohort.within_days)
    joined = keep(joined, time >= joined.__acquired, time < horizon)
    period = period_of(local_date(joined.__acquired), scope.grain)
    return joined.group_by(**_keys(joined, scope, period)).aggregate(
        **{value_column(spec.id): _reduction(joined, measure)}
    )


def _custom_aggregate(source: TableSource, spec: KpiSpec, scope: Scope) -> ir.Table:
    """Hand-kept values: rows without a dimension for totals, else rows of that dimension."""
    custom = spec.custom
    assert custom is not None
    rows = source("metric_values")
    rows = keep(rows, rows.kpi == custom.metric, *between_days(rows.date, scope.first, scope.last))
    dims = scope.dims
    if dims:
        (dim,) = dims
        rows = keep(rows, rows.dimension == dim)
        rows = rows.mutate(**{dim_column(dim): rows.dimension_value.fill_null(NO_VALUE)})
        rows = keep(rows, *dimension_filters(rows, scope.filters))
    else:
        rows = keep(rows, rows.dimension.isnull())
    value = rows.value
    reductions = {
        CustomAggregate.SUM: value.sum(),
        CustomAggregate.MEAN: value.mean(),
        CustomAggregate.LAST: value.argmax(rows.date),
    }
    return rows.group_by(**_keys(rows, scope, period_of(rows.date, scope.grain))).aggregate(
        **{value_column(spec.id): reductions[custom.aggregate]}
    )


def fills_with_zero(spec: KpiSpec) -> bool:
    """Sums and counts over no facts are 0; means and last values are null."""
    if spec.kind is Kind.CUSTOM:
        assert spec.custom is not None
        return spec.custom.aggregate is CustomAggregate.SUM
    if spec.kind is Kind.SIMPLE:
        assert spec.measure is not None
        return spec.measure.aggregate is not Aggregate.PERIOD_MEAN
    return True
