"""Arithmetic over KPI ids for derived KPIs: a tiny, safe language parsed with `ast`.

Grammar: numbers, KPI ids, + - * / and parentheses, unary minus and `previous(expr)` (the value
of `expr` in the period before). Nothing is ever evaluated as Python.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

_CUSTOM_PREFIX, _CUSTOM_NAME = "custom:", "custom__"


@dataclass(frozen=True)
class Number:
    value: float


@dataclass(frozen=True)
class Ref:
    kpi: str


@dataclass(frozen=True)
class Neg:
    operand: Expr


@dataclass(frozen=True)
class BinOp:
    op: str  # one of + - * /
    left: Expr
    right: Expr


@dataclass(frozen=True)
class Previous:
    operand: Expr


Expr = Number | Ref | Neg | BinOp | Previous

_OPERATORS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}


class ExpressionError(ValueError):
    """An expression outside the grammar; the message says what was found."""


def parse(text: str) -> Expr:
    """Parse `text` into an expression tree, or raise ExpressionError."""
    try:
        tree = ast.parse(text.replace(_CUSTOM_PREFIX, _CUSTOM_NAME), mode="eval")
    except SyntaxError as exc:
        raise ExpressionError(f"not a valid expression: {text!r} ({exc.msg})") from None
    return _convert(tree.body)


def _convert(node: ast.expr) -> Expr:
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return Number(float(node.value))  # type: ignore[arg-type]
    if isinstance(node, ast.Name):
        return Ref(node.id.replace(_CUSTOM_NAME, _CUSTOM_PREFIX, 1))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return Neg(_convert(node.operand))
    if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
        return BinOp(_OPERATORS[type(node.op)], _convert(node.left), _convert(node.right))
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "previous"
        and len(node.args) == 1
        and not node.keywords
    ):
        return Previous(_convert(node.args[0]))
    raise ExpressionError(
        f"unsupported element {ast.unparse(node)!r}: use KPI ids, numbers, + - * /, "
        "parentheses and previous(...)"
    )


def references(expr: Expr) -> list[str]:
    """KPI ids the expression reads, in order of first appearance."""
    match expr:
        case Number():
            return []
        case Ref(kpi):
            return [kpi]
        case Neg(operand) | Previous(operand):
            return references(operand)
        case BinOp(_, left, right):
            found = references(left)
            return found + [r for r in references(right) if r not in found]
    raise AssertionError(expr)


def render(expr: Expr) -> str:
    """The expression written back as text, fully parenthesised where it matters."""
    match expr:
        case Number(value):
            return f"{value:g}"
        case Ref(kpi):
            return kpi
        case Neg(operand):
            return f"−{render(operand)}"
        case Previous(operand):
            return f"previous({render(operand)})"
        case BinOp(op, left, right):
            sign = {"*": "×", "/": "/", "+": "+", "-": "−"}[op]
            return f"{_wrap(left, op)} {sign} {_wrap(right, op, right_side=True)}"
    raise AssertionError(expr)


def _wrap(expr: Expr, parent: str, right_side: bool = False) -> str:
    text = render(expr)
    if isinstance(expr, BinOp):
        weaker = expr.op in "+-" and parent in "*/"
        same_level_right = right_side and parent in "-/" and _level(expr.op) == _level(parent)
        if weaker or same_level_right:
            return f"({text})"
    return text


def _level(op: str) -> int:
    return 1 if op in "+-" else 2
