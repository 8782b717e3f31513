"""The human-readable formula of a KPI, generated from its spec so it never drifts."""

from __future__ import annotations

from kpibridge.catalog import expression
from kpibridge.catalog.spec import Aggregate, Condition, Kind, KpiSpec, Measure


def formula_text(spec: KpiSpec) -> str:
    """E.g. `sum(spend.cost)`, `marketing_spend / new_customers`."""
    match spec.kind:
        case Kind.SIMPLE:
            assert spec.measure is not None
            return measure_text(spec.measure)
        case Kind.RATIO:
            return f"{spec.numerator} / {spec.denominator}"
        case Kind.DERIVED:
            assert spec.expression is not None
            return expression.render(expression.parse(spec.expression))
        case Kind.STOCK:
            assert spec.stock is not None
            s = spec.stock
            edge = "end" if s.at == "end" else "start"
            what = f"sum({s.table}.{s.value})" if s.value else f"count({s.table})"
            until = f" and ({s.end} empty or after the {edge})" if s.end else ""
            return f"{what} with {s.start} ≤ {edge} of period{until}{_where(s.where)}"
        case Kind.COHORT:
            assert spec.cohort is not None
            c = spec.cohort
            return (
                f"{measure_text(c.measure)} of customers acquired in the period, "
                f"within {c.within_days} days of acquisition"
            )
        case Kind.CUSTOM:
            assert spec.custom is not None
            metric = spec.custom.metric
            return f"{spec.custom.aggregate.value}(metric_values.value where kpi = {metric!r})"
    raise AssertionError(spec.kind)


def measure_text(m: Measure) -> str:
    if m.aggregate is Aggregate.COUNT:
        core = f"count({m.table}{_where(m.where)})"
    elif m.aggregate is Aggregate.COUNT_DISTINCT:
        cols = m.columns or (m.column,)
        inner = ", ".join(f"{m.table}.{c}" for c in cols)
        if len(cols) > 1:
            inner = f"({inner})"
        core = f"count distinct({inner}{_where(m.where)})"
    elif m.duration:
        start, end = m.duration
        core = f"sum(days from {m.table}.{start} to {m.table}.{end}{_where(m.where)})"
    elif m.aggregate is Aggregate.PERIOD_SUM:
        core = f"sum({m.table}.{m.column}, pro rata by days of overlap)"
    elif m.aggregate is Aggregate.PERIOD_MEAN:
        core = f"mean({m.table}.{m.column} over the days covered)"
    else:
        core = f"sum({m.table}.{m.column}{_where(m.where)})"
    return core + (f" by {m.time}" if m.time else "")


def _where(conditions: tuple[Condition, ...]) -> str:
    if not conditions:
        return ""
    return " where " + " and ".join(c.describe() for c in conditions)
