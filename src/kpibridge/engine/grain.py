"""Grains and periods: how dates fall into days, ISO weeks, months, quarters and years."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum
from typing import TypeVar

from kpibridge.errors import QueryError

E = TypeVar("E", bound=StrEnum)


class Grain(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"

    @classmethod
    def parse(cls, text: str | Grain) -> Grain:
        return _parse(cls, text, "grain")

    @property
    def ibis_unit(self) -> str:
        return {"day": "D", "week": "W", "month": "M", "quarter": "Q", "year": "Y"}[self.value]


class Compare(StrEnum):
    PREVIOUS_PERIOD = "previous_period"
    PREVIOUS_YEAR = "previous_year"

    @classmethod
    def parse(cls, text: str | Compare) -> Compare:
        return _parse(cls, text, "comparison")


def _parse(kind: type[E], text: str | E, what: str) -> E:
    try:
        return kind(text)
    except ValueError:
        known = ", ".join(member.value for member in kind)
        raise QueryError(f"unknown {what} {text!r}; use one of {known}") from None


def period_start(day: date, grain: Grain) -> date:
    """The first day of the period of `grain` that contains `day`."""
    match grain:
        case Grain.DAY:
            return day
        case Grain.WEEK:
            return day - timedelta(days=day.weekday())
        case Grain.MONTH:
            return day.replace(day=1)
        case Grain.QUARTER:
            return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        case Grain.YEAR:
            return date(day.year, 1, 1)
    raise AssertionError(grain)


def add_periods(start: date, grain: Grain, count: int) -> date:
    """The period start `count` periods after (or before, if negative) the period `start`."""
    match grain:
        case Grain.DAY:
            return start + timedelta(days=count)
        case Grain.WEEK:
            return start + timedelta(weeks=count)
        case Grain.MONTH | Grain.QUARTER | Grain.YEAR:
            months = count * {Grain.MONTH: 1, Grain.QUARTER: 3, Grain.YEAR: 12}[grain]
            index = start.year * 12 + start.month - 1 + months
            return date(index // 12, index % 12 + 1, 1)
    raise AssertionError(grain)


def period_end(start: date, grain: Grain) -> date:
    """The last day of the period that starts on `start`."""
    return add_periods(start, grain, 1) - timedelta(days=1)


def compare_shift(grain: Grain, compare: Compare) -> tuple[Grain, int]:
    """How far back the comparison lies, as (grain, count) for `shift_day`.

    The previous period is one period back; the same period last year is 52 weeks back for
    weeks (the same ISO week number) and twelve months back otherwise.
    """
    if compare is Compare.PREVIOUS_PERIOD:
        return grain, -1
    if grain is Grain.WEEK:
        return Grain.WEEK, -52
    return Grain.MONTH, -12


def shift_day(day: date, grain: Grain, count: int) -> date:
    """`day` moved by `count` periods of `grain`, keeping the day of month where possible."""
    if grain in (Grain.DAY, Grain.WEEK):
        return add_periods(day, grain, count)
    moved = add_periods(day.replace(day=1), grain, count)
    last = period_end(moved, Grain.MONTH).day
    return moved.replace(day=min(day.day, last))


def periods_between(first: date, last: date, grain: Grain) -> list[date]:
    """Every period start from the period of `first` to the period of `last`."""
    current, end = period_start(first, grain), period_start(last, grain)
    out = []
    while current <= end:
        out.append(current)
        current = add_periods(current, grain, 1)
    return out


def shift_window(
    first: date, last: date, grain: Grain, shift_grain: Grain, count: int
) -> tuple[date, date]:
    """The comparison window: like for like, but a complete last period stays complete."""
    new_first = shift_day(first, shift_grain, count)
    last_period = period_start(last, grain)
    if last == period_end(last_period, grain):
        return new_first, period_end(
            period_start(shift_day(last_period, shift_grain, count), grain), grain
        )
    return new_first, shift_day(last, shift_grain, count)
