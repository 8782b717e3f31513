"""Which base KPIs a request needs, and whether it looks at previous periods."""

from __future__ import annotations

from collections.abc import Iterable

from kpibridge.catalog import Catalog, Kind
from kpibridge.catalog.expression import BinOp, Expr, Neg, Previous, parse


def base_kpis(catalog: Catalog, kpis: Iterable[str]) -> list[str]:
    """The simple, stock, cohort and custom KPIs the given KPIs are computed from."""
    seen: dict[str, None] = {}
    stack = list(kpis)
    while stack:
        kpi = stack.pop(0)
        if kpi in seen:
            continue
        seen[kpi] = None
        stack.extend(catalog.dependencies(kpi))
    return [k for k in seen if catalog.get(k).kind not in (Kind.RATIO, Kind.DERIVED)]


def needs_previous_period(catalog: Catalog, kpis: Iterable[str]) -> bool:
    """True when some formula reads previous(...), so one more period of facts is needed."""
    seen: set[str] = set()
    stack = list(kpis)
    while stack:
        kpi = stack.pop()
        if kpi in seen:
            continue
        seen.add(kpi)
        spec = catalog.get(kpi)
        if spec.kind is Kind.DERIVED and spec.expression and _has_previous(parse(spec.expression)):
            return True
        stack.extend(catalog.dependencies(kpi))
    return False


def _has_previous(expr: Expr) -> bool:
    match expr:
        case Previous():
            return True
        case Neg(operand):
            return _has_previous(operand)
        case BinOp(_, left, right):
            return _has_previous(left) or _has_previous(right)
    return False
