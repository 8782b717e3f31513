"""Ratio and derived KPIs as column expressions over the table of base KPIs."""

from __future__ import annotations

from collections.abc import Sequence

import ibis
import ibis.expr.types as ir

from kpibridge.catalog import Catalog, Kind
from kpibridge.catalog.expression import BinOp, Expr, Neg, Number, Previous, Ref, parse
from kpibridge.engine.scope import value_column


class FormulaCompiler:
    """Compiles KPI ids to float expressions over `table`; division by zero gives null."""

    def __init__(self, catalog: Catalog, table: ir.Table, dims: Sequence[str]) -> None:
        self.catalog = catalog
        self.table = table
        self.window = ibis.window(group_by=[table[d] for d in dims], order_by=table.period)
        self._cache: dict[str, ir.FloatingValue] = {}

    def kpi(self, kpi: str) -> ir.FloatingValue:
        if kpi not in self._cache:
            self._cache[kpi] = self._compile_kpi(kpi)
        return self._cache[kpi]

    def _compile_kpi(self, kpi: str) -> ir.FloatingValue:
        spec = self.catalog.get(kpi)
        match spec.kind:
            case Kind.RATIO:
                assert spec.numerator is not None and spec.denominator is not None
                return divide(self.kpi(spec.numerator), self.kpi(spec.denominator))
            case Kind.DERIVED:
                assert spec.expression is not None
                return self._compile_expr(parse(spec.expression))
            case Kind.SIMPLE | Kind.STOCK | Kind.COHORT | Kind.CUSTOM:
                return self.table[value_column(kpi)].cast("float64")
        raise AssertionError(spec.kind)

    def _compile_expr(self, expr: Expr) -> ir.FloatingValue:
        match expr:
            case Number(value):
                return ibis.literal(value, type="float64")
            case Ref(kpi):
                return self.kpi(kpi)
            case Neg(operand):
                return -self._compile_expr(operand)
            case Previous(operand):
                return self._compile_expr(operand).lag().over(self.window)
            case BinOp(op, left, right):
                a, b = self._compile_expr(left), self._compile_expr(right)
                if op == "/":
                    return divide(a, b)
                return {"+": a + b, "-": a - b, "*": a * b}[op]
        raise AssertionError(expr)


def divide(numerator: ir.FloatingValue, denominator: ir.FloatingValue) -> ir.FloatingValue:
    """numerator / denominator, null when the denominator is zero or null."""
    return numerator / denominator.nullif(0)
