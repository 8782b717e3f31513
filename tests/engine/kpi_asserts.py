"""Comparing engine rows with expected rows: same keys, values within 1e-9, null equals null."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

Expected = Fraction | int | float | None
RowKey = tuple[Any, ...]

REL_TOL = 1e-9
ABS_TOL = 1e-12


def same_value(got: Any, want: Expected) -> bool:
    """True when both are null, or both are numbers within REL_TOL (ABS_TOL around zero)."""
    got_null = got is None or (isinstance(got, float) and math.isnan(got))
    if want is None or got_null:
        return want is None and got_null
    return math.isclose(float(got), float(want), rel_tol=REL_TOL, abs_tol=ABS_TOL)


def keyed(
    rows: Iterable[Mapping[str, Any]], dims: Sequence[str], field: str = "value"
) -> dict[RowKey, Any]:
    """{(period, *dims): row[field]}; a duplicated key is an error."""
    out: dict[RowKey, Any] = {}
    for row in rows:
        key = (row["period"], *(row[d] for d in dims))
        assert key not in out, f"duplicate row {key}"
        out[key] = row[field]
    return out


def differences(got: Mapping[RowKey, Any], want: Mapping[RowKey, Expected]) -> list[str]:
    """Human-readable list of every missing, extra or different row."""
    problems = []
    for key in sorted(set(want) | set(got), key=_sort_key):
        if key not in got:
            problems.append(f"missing row {key}: expected {_show(want[key])}")
        elif key not in want:
            problems.append(f"unexpected row {key}: got {got[key]!r}")
        elif not same_value(got[key], want[key]):
            problems.append(f"{key}: expected {_show(want[key])}, got {got[key]!r}")
    return problems


def assert_rows(got: Mapping[RowKey, Any], want: Mapping[RowKey, Expected], what: str) -> None:
    problems = differences(got, want)
    assert not problems, f"{what}:\n  " + "\n  ".join(problems)


def _show(value: Expected) -> str:
    if isinstance(value, Fraction) and value.denominator != 1:
        return f"{value} (= {float(value)!r})"
    return repr(None if value is None else float(value))


def _sort_key(key: RowKey) -> tuple[Any, ...]:
    return tuple((part is None, str(part)) for part in key)
