"""The span of fact dates a set of base KPIs reads: the default query window."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

import ibis.expr.types as ir
import pandas as pd

from kpibridge.catalog import Kind, KpiSpec
from kpibridge.catalog.checks import default_time_column
from kpibridge.engine.facts import local_date
from kpibridge.model.tables import TABLES


def fact_extent(
    source: Callable[[str], ir.Table], bases: Sequence[KpiSpec]
) -> tuple[date | None, date | None]:
    """Earliest and latest local fact date over the tables and time columns of `bases`."""
    spans = []
    for table, columns, condition in _time_columns(bases):
        facts = source(table)
        if condition is not None:
            facts = facts.filter(condition(facts))
        for low_col, high_col in columns:
            spans.append(
                facts.aggregate(
                    low=local_date(facts[low_col]).min(), high=local_date(facts[high_col]).max()
                )
            )
    if not spans:
        return None, None
    union = spans[0]
    for span in spans[1:]:
        union = union.union(span)
    row = union.aggregate(low=union.low.min(), high=union.high.max()).execute().iloc[0]
    return _as_date(row["low"]), _as_date(row["high"])


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


def _as_date(value: object) -> date | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return None
    return pd.Timestamp(value).date()  # type: ignore[arg-type]
