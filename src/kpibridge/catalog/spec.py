"""KPI specifications: one frozen, validated record per KPI, read from YAML.

A closed set of kinds, each compiled by the engine:

- simple:  one aggregate over one canonical table (sum, count, distinct count, pro-rated period sum,
           day-weighted period mean), optionally filtered, bucketed by a time column.
- ratio:   numerator / denominator, each the id of another KPI; null when the denominator is 0.
- derived: an arithmetic expression over other KPI ids (+ − × ÷, numbers, previous(x)).
- stock:   a level measured at the end (or start) of each period from start/end instants
           (e.g. customers acquired and not yet churned).
- cohort:  an aggregate over the facts of the customers acquired in the period, within N days.
- custom:  a hand-kept value from metric_values, aggregated by sum, mean or last.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class Kind(StrEnum):
    SIMPLE = "simple"
    RATIO = "ratio"
    DERIVED = "derived"
    STOCK = "stock"
    COHORT = "cohort"
    CUSTOM = "custom"


class Unit(StrEnum):
    MONEY = "money"
    COUNT = "count"
    PERCENT = "percent"
    RATIO = "ratio"
    POINTS = "points"
    DAYS = "days"
    NUMBER = "number"


class Direction(StrEnum):
    UP = "up"  # higher is better
    DOWN = "down"  # lower is better
    NONE = "none"  # neither: context decides


class Audience(StrEnum):
    CEO = "ceo"
    CMO = "cmo"
    SALES = "sales"
    SHARED = "shared"


class Aggregate(StrEnum):
    SUM = "sum"
    COUNT = "count"
    COUNT_DISTINCT = "count_distinct"
    PERIOD_SUM = "period_sum"  # period tables: value × overlap days / row days
    PERIOD_MEAN = "period_mean"  # period tables: mean over the days of P covered by rows


class CustomAggregate(StrEnum):
    SUM = "sum"
    MEAN = "mean"
    LAST = "last"


Operator = Literal["=", "!=", ">", ">=", "<", "<=", "in", "not in", "is null", "is not null"]
Scalar = str | int | float | bool


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Condition(_Frozen):
    """A row filter: `column op value` on the measure's table."""

    column: str
    op: Operator = "="
    value: Scalar | list[Scalar] | None = None

    @model_validator(mode="after")
    def _value_fits_operator(self) -> Condition:
        if self.op in ("is null", "is not null"):
            if self.value is not None:
                raise ValueError(f"operator {self.op!r} takes no value")
        elif self.op in ("in", "not in"):
            if not isinstance(self.value, list) or not self.value:
                raise ValueError(f"operator {self.op!r} needs a non-empty list of values")
        elif self.value is None or isinstance(self.value, list):
            raise ValueError(f"operator {self.op!r} needs one value")
        return self

    def describe(self) -> str:
        if self.value is None:
            return f"{self.column} {self.op}"
        return f"{self.column} {self.op} {self.value!r}"


class Measure(_Frozen):
    """What a simple or cohort KPI aggregates."""

    table: str
    aggregate: Aggregate
    column: str | None = None  # sum/period_*: the value column; count_distinct: the key column
    columns: tuple[str, ...] = ()  # count_distinct over a tuple of columns
    duration: tuple[str, str] | None = None  # sum: days from the first column to the second
    time: str | None = None  # time column; default: the table's own (first date/timestamp)
    where: tuple[Condition, ...] = ()

    @model_validator(mode="after")
    def _columns_fit_aggregate(self) -> Measure:
        if self.aggregate is Aggregate.COUNT:
            if self.column or self.columns:
                raise ValueError("count takes no column (filter rows with `where`)")
        elif self.aggregate is Aggregate.COUNT_DISTINCT:
            if bool(self.column) == bool(self.columns):
                raise ValueError("count_distinct needs either `column` or `columns`")
        elif bool(self.column) == bool(self.duration):
            raise ValueError(f"{self.aggregate.value} needs either a `column` or a `duration`")
        if self.duration and self.aggregate is not Aggregate.SUM:
            raise ValueError("a `duration` can only be summed")
        return self


class Stock(_Frozen):
    """A level: rows count from their `start` instant until their `end` instant (if any)."""

    table: str
    start: str
    end: str | None = None
    value: str | None = None  # column summed; default: count rows
    at: Literal["end", "start"] = "end"
    where: tuple[Condition, ...] = ()


class Cohort(_Frozen):
    """Facts of the customers acquired in P, within `within_days` of their acquisition."""

    measure: Measure
    within_days: int = Field(gt=0)


class CustomMetric(_Frozen):
    """A hand-kept KPI: rows of metric_values whose `kpi` column equals `metric`."""

    metric: str
    aggregate: CustomAggregate = CustomAggregate.SUM


class KpiSpec(_Frozen):
    """One KPI: what it means, how it is computed, who owns and sees it."""

    id: str
    name: str
    description: str = ""
    kind: Kind
    unit: Unit
    direction: Direction = Direction.UP
    audiences: tuple[Audience, ...] = ()
    owner: str | None = None
    hidden: bool = False  # a building block of other KPIs, not listed by default
    decimals: int | None = Field(default=None, ge=0, le=6)
    seeds: tuple[str, ...] = ()
    measure: Measure | None = None
    numerator: str | None = None
    denominator: str | None = None
    expression: str | None = None
    stock: Stock | None = None
    cohort: Cohort | None = None
    custom: CustomMetric | None = None
    dimensions: tuple[str, ...] = ()  # filled in by the catalog from the tables it reads

    @field_validator("id")
    @classmethod
    def _id_is_a_name(cls, value: str) -> str:
        if not re.fullmatch(r"(custom:)?[a-z][a-z0-9_]*", value):
            raise ValueError(
                f"{value!r}: ids are lower-case letters, digits and underscores, starting with "
                "a letter (custom KPIs: custom:name)"
            )
        return value

    @model_validator(mode="after")
    def _fields_fit_kind(self) -> KpiSpec:
        wanted = {
            Kind.SIMPLE: {"measure"},
            Kind.RATIO: {"numerator", "denominator"},
            Kind.DERIVED: {"expression"},
            Kind.STOCK: {"stock"},
            Kind.COHORT: {"cohort"},
            Kind.CUSTOM: {"custom"},
        }[self.kind]
        kind_fields = {"measure", "numerator", "denominator", "expression", "stock", "cohort"}
        kind_fields.add("custom")
        present = {name for name in kind_fields if getattr(self, name) is not None}
        missing, extra = wanted - present, present - wanted
        if missing:
            raise ValueError(f"a {self.kind.value} KPI needs {', '.join(sorted(missing))}")
        if extra:
            raise ValueError(f"a {self.kind.value} KPI takes no {', '.join(sorted(extra))}")
        if self.kind is Kind.CUSTOM and not self.id.startswith("custom:"):
            raise ValueError("custom KPI ids start with 'custom:'")
        return self
