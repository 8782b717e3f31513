"""The span of fact dates a set of base KPIs reads: the default query window."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import ibis.expr.types as ir

from kpibridge.catalog import Kind, KpiSpec
from kpibridge.catalog.checks import default_time_column
from kpibridge.model.tables import TABLES


def fact_extent(
    source: Callable[[str], ir.Table], bases: Sequence[KpiSpec], timezone: str
) -> tuple[date | None, date | None]:
    """Earliest and latest local fact date over the tables and time columns of `bases`."""
    lows: list[date] = []
    highs: list[date] = []
    for table, columns, condition in _time_columns(bases):
        facts = source(table)
        if condition is not None:
            facts = facts.filter(condition(facts))
        spans = {}
        for index, (low_col, high_col) in enumerate(columns):
            spans[f"low{index}"] = facts[low_col].min()
            spans[f"high{index}"] = facts[high_col].max()
        row = facts.aggregate(**spans).to_pyarrow().to_pylist()[0]
        lows += [d for k, v in row.items() if k.startswith("low") if (d := _local(v, timezone))]
        highs += [d for k, v in row.items() if k.startswith("high") if (d := _local(v, timezone))]
    return (min(lows) if lows else None, max(highs) if highs else None)


def _local(value: object, timezone: str) -> date | None:
    """The local calendar day of a date or an instant."""
    if value is None:
        return None
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
        return moment.astimezone(ZoneInfo(timezone)).date()
    assert isinstance(value, date)
    return value


Condition = Callable[[ir.Table], ir.BooleanValue] | None


def _time_columns(bases: Sequence[KpiSpec]) -> list[tuple[str, list[tuple[str, str]], Condition]]:
    found: dict[tuple[str, tuple[tuple[str, str], ...]], Condition] = {}
    for spec in bases:
        if spec.kind is Kind.SIMPLE and spec.measure is not None:
            table = spec.measure.table
            if TABLES[table].period:
                found[(table, (("period_start", "period_end"),))] = None
            else:
                column = spec.measure.time or default_time_column(table)
                found[(table, ((column, column),))] = None
        elif spec.kind is Kind.STOCK and spec.stock is not None:
            s = spec.stock
            pairs = [(s.start, s.start)] + ([(s.end, s.end)] if s.end else [])
            found[(s.table, tuple(pairs))] = None
        elif spec.kind is Kind.COHORT and spec.cohort is not None:
            found[("customers", (("acquired_at", "acquired_at"),))] = None
        elif spec.kind is Kind.CUSTOM and spec.custom is not None:
            metric = spec.custom.metric

            def is_metric(t: ir.Table, _m: str = metric) -> ir.BooleanValue:
                return t.kpi == _m

            found[("metric_values", (("date", "date"),))] = is_metric
    return [(table, list(pairs), cond) for (table, pairs), cond in found.items()]
