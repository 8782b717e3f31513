"""One hand-worked engine query of the fixture world and the rows it must return."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kpibridge.testing.fixture_expected import F, Value


@dataclass(frozen=True)
class Case:
    """One engine query and every row it must return: {(period, *dims): value}."""

    name: str
    kpi: str
    grain: str
    rows: Mapping[tuple[Any, ...], Value]
    by: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None
    compare: str | None = None
    compare_rows: Mapping[tuple[Any, ...], Value] = field(default_factory=dict)
    where: Mapping[str, str | tuple[str, ...]] = field(default_factory=dict)


def change(value: Value, compare: Value) -> Value:
    """(value − compare)/|compare|, null when compare is 0 or null or value is null."""
    if value is None or compare is None or compare == 0:
        return None
    return (F(value) - F(compare)) / abs(F(compare))
