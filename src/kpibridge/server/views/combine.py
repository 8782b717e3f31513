"""KPI values over a window that no calendar period holds (it crosses a new year).

The engine computes per calendar period, so such a window comes back as two yearly rows (the
days of the window in each year). A KPI whose inputs add up — sums, counts, pro-rated period
sums, levels at the end of the window — is recombined exactly from its inputs: inputs summed
(levels: the last row), then the KPI's own formula applied to the totals, with the engine's
rule that a division by zero or by nothing is null. Distinct counts, means, levels at the
start of a period and formulas reading the previous period do not add up: those are None.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from kpibridge.catalog import Catalog, Kind
from kpibridge.catalog.expression import BinOp, Expr, Neg, Number, Previous, Ref, parse
from kpibridge.catalog.spec import Aggregate, CustomAggregate

ADDITIVE = (Aggregate.SUM, Aggregate.COUNT, Aggregate.PERIOD_SUM)


class NotAdditiveError(Exception):
    """The KPI cannot be recombined from its parts."""


def inputs(catalog: Catalog, kpi: str) -> list[str]:
    """The base KPIs `kpi` is computed from; NotAdditiveError when one of them does not add up."""
    spec = catalog.get(kpi)
    match spec.kind:
        case Kind.RATIO | Kind.DERIVED:
            if spec.kind is Kind.DERIVED and _reads_previous(parse(spec.expression or "0")):
                raise NotAdditiveError(kpi)
            return [b for dep in catalog.dependencies(kpi) for b in inputs(catalog, dep)]
        case Kind.SIMPLE:
            assert spec.measure is not None
            if spec.measure.aggregate not in ADDITIVE:
                raise NotAdditiveError(kpi)
        case Kind.COHORT:
            assert spec.cohort is not None
            if spec.cohort.measure.aggregate not in ADDITIVE:
                raise NotAdditiveError(kpi)
        case Kind.CUSTOM:
            assert spec.custom is not None
            if spec.custom.aggregate is not CustomAggregate.SUM:
                raise NotAdditiveError(kpi)
        case Kind.STOCK:
            assert spec.stock is not None
            if spec.stock.at != "end":
                raise NotAdditiveError(kpi)
    return [kpi]


def additive(catalog: Catalog, kpi: str) -> bool:
    try:
        inputs(catalog, kpi)
    except NotAdditiveError:
        return False
    return True


def combine(catalog: Catalog, kpi: str, parts: Mapping[str, Sequence[Any]]) -> float | None:
    """The value of `kpi` over the whole window from its inputs' values per period (in order)."""
    spec = catalog.get(kpi)
    match spec.kind:
        case Kind.RATIO:
            assert spec.numerator is not None and spec.denominator is not None
            return _divide(
                combine(catalog, spec.numerator, parts), combine(catalog, spec.denominator, parts)
            )
        case Kind.DERIVED:
            return _evaluate(catalog, parse(spec.expression or "0"), parts)
        case Kind.STOCK:
            values = list(parts[kpi])
            return values[-1] if values else None
    values = [v for v in parts[kpi] if v is not None]
    return float(sum(values)) if values else None


def _evaluate(catalog: Catalog, expr: Expr, parts: Mapping[str, Sequence[Any]]) -> float | None:
    match expr:
        case Number(value):
            return float(value)
        case Ref(kpi):
            return combine(catalog, kpi, parts)
        case Neg(operand):
            inner = _evaluate(catalog, operand, parts)
            return None if inner is None else -inner
        case BinOp(op, left, right):
            a, b = _evaluate(catalog, left, parts), _evaluate(catalog, right, parts)
            if op == "/":
                return _divide(a, b)
            if a is None or b is None:
                return None
            return {"+": a + b, "-": a - b, "*": a * b}[op]
    raise NotAdditiveError(str(expr))


def _divide(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None or b == 0 else a / b


def _reads_previous(expr: Expr) -> bool:
    match expr:
        case Previous():
            return True
        case Neg(operand):
            return _reads_previous(operand)
        case BinOp(_, left, right):
            return _reads_previous(left) or _reads_previous(right)
    return False
