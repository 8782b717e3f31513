"""KPI values over a window with their comparisons, computed exactly by the engine.

- A window that starts a calendar period (this month so far, last month, this quarter, year
  to date) is asked at that period's grain; the engine compares it like for like with the
  same span of the previous period and of the same period last year.
- A rolling window (last 30 days, a custom range) is asked at the smallest calendar grain one
  of whose periods holds it (the engine keeps only the window's facts); it is compared with the
  window of equal length just before it and with the same dates a year earlier.
- A window across a new year fits no calendar period: its KPIs are recombined from the two
  yearly parts where their inputs add up (combine.py).
- KPIs measured per calendar period — their formula reads the previous period, or a level at
  the start of the period (growth, churn, retention, CLV) — have no exact value over a rolling
  window, nor do distinct counts and means across a new year: such values are n/a, with a
  note saying why.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Protocol

from kpibridge.catalog import Catalog, Kind
from kpibridge.engine import Compare, Grain, QueryResult
from kpibridge.engine.grain import (
    compare_shift,
    period_end,
    period_start,
    shift_day,
    shift_window,
)
from kpibridge.engine.plan import needs_previous_period
from kpibridge.server.views.combine import additive, combine, inputs

Key = tuple[Any, ...]  # the `by` dimension values of a row; () without a breakdown

#: Why a value is missing, as a code the pages translate.
CALENDAR_ONLY = "calendar_only"
CROSSES_YEAR = "crosses_year"


class Querying(Protocol):
    """What figures need of an engine (the per-user engine in request paths)."""

    def query_many(
        self,
        kpis: Sequence[str],
        grain: str = ...,
        by: Sequence[str] = ...,
        where: dict[str, list[str]] | None = ...,
        start: date | None = ...,
        end: date | None = ...,
        compare: str | None = ...,
    ) -> dict[str, QueryResult]: ...


@dataclass(frozen=True)
class Span:
    """An inclusive range of days."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def to_dict(self) -> dict[str, str]:
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}


@dataclass(frozen=True)
class CardWindow:
    """A window with the calendar grain the engine computes it at."""

    span: Span
    grain: Grain
    calendar: bool  # starts at the start of its period: compared like for like by the engine

    @property
    def complete(self) -> bool:
        """True when the window ends with its period (nothing more can be added to it)."""
        return self.span.end == period_end(period_start(self.span.end, self.grain), self.grain)


def card_window(start: date, end: date) -> CardWindow | None:
    """The window at the smallest grain one of whose periods holds it; None across a new year."""
    span = Span(start, end)
    for grain in (Grain.DAY, Grain.WEEK, Grain.MONTH, Grain.QUARTER, Grain.YEAR):
        first = period_start(start, grain)
        if first != period_start(end, grain):
            continue
        if grain is Grain.WEEK and start != first:
            continue  # rolling windows inside a week compare by calendar dates, not ISO weeks
        return CardWindow(span, grain, start == first)
    return None


@dataclass(frozen=True)
class Figure:
    """One value with its comparisons; `note` says why a value is missing."""

    value: float | None
    previous: float | None = None
    previous_change: float | None = None
    last_year: float | None = None
    last_year_change: float | None = None
    note: str | None = None


@dataclass
class Figures:
    """Values of several KPIs over one window (per `by` key), and the spans they compare."""

    window: CardWindow | None
    span: Span
    previous_span: Span | None
    last_year_span: Span | None
    values: dict[str, dict[Key, Figure]] = field(default_factory=dict)
    ignored: dict[str, list[str]] = field(default_factory=dict)  # filters a KPI cannot apply

    def get(self, kpi: str, key: Key = ()) -> Figure:
        return self.values.get(kpi, {}).get(key) or Figure(None)

    def keys(self, kpi: str) -> list[Key]:
        return list(self.values.get(kpi, {}))


def range_safe(catalog: Catalog, kpi: str) -> bool:
    """True when the KPI has an exact value over any window inside one calendar period."""
    if needs_previous_period(catalog, [kpi]):
        return False
    seen: set[str] = set()
    stack = [kpi]
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        spec = catalog.get(current)
        if spec.kind is Kind.STOCK and spec.stock is not None and spec.stock.at == "start":
            return False
        stack.extend(catalog.dependencies(current))
    return True


def change(now: float | None, then: float | None) -> float | None:
    """(now − then) / |then| exactly as the engine computes it; None without a base."""
    if now is None or then is None or then == 0:
        return None
    return (now - then) / abs(then)


def figures(
    engine: Querying,
    catalog: Catalog,
    kpis: Iterable[str],
    start: date,
    end: date,
    where: dict[str, list[str]] | None = None,
    by: Sequence[str] = (),
    compare: bool = True,
) -> Figures:
    """Values (and comparisons) of `kpis` over [start, end], each filtered as far as it can be."""
    wanted = list(dict.fromkeys(kpis))
    window = card_window(start, end)
    span = Span(start, end)
    previous_span, last_year_span = compare_spans(span, window)
    result = Figures(window, span, previous_span, last_year_span)
    for filters, group in _filter_groups(catalog, wanted, where or {}, result):
        if window is not None and window.calendar:
            _calendar(engine, group, window, filters, by, compare, result)
            continue
        safe = [k for k in group if range_safe(catalog, k)]
        if window is None:
            safe = [k for k in safe if additive(catalog, k)]
        for kpi in group:
            if kpi not in safe:
                note = CALENDAR_ONLY if window is not None else CROSSES_YEAR
                result.values[kpi] = {(): Figure(None, note=note)} if not by else {}
        if safe:
            _rolling(engine, catalog, safe, filters, by, compare, result)
    return result


def compare_spans(span: Span, window: CardWindow | None) -> tuple[Span, Span]:
    """The previous period and the same period last year of a window (like for like)."""
    s, e = span.start, span.end
    if window is not None and window.calendar:
        grain = window.grain
        year_grain, count = compare_shift(grain, Compare.PREVIOUS_YEAR)
        previous = Span(*shift_window(s, e, grain, grain, -1))
        return previous, Span(*shift_window(s, e, grain, year_grain, count))
    length = timedelta(days=span.days)
    return Span(s - length, e - length), Span(
        shift_day(s, Grain.MONTH, -12), shift_day(e, Grain.MONTH, -12)
    )


def span_values(
    engine: Querying,
    catalog: Catalog,
    kpis: list[str],
    span: Span,
    where: dict[str, list[str]],
    by: Sequence[str],
) -> dict[str, dict[Key, float | None]]:
    """Values of range-safe `kpis` over `span`: asked at the grain of the calendar period that
    holds it, or recombined from yearly parts when it crosses a new year (additive KPIs)."""
    window = card_window(span.start, span.end)
    if window is not None:
        answers = engine.query_many(
            kpis, window.grain.value, by=by, where=where, start=span.start, end=span.end
        )
        return {k: {_key(r, by): r["value"] for r in a.rows()} for k, a in answers.items()}
    summable = [k for k in kpis if additive(catalog, k)]
    bases = list(dict.fromkeys(b for k in summable for b in inputs(catalog, k)))
    if not bases:
        return {}
    answers = engine.query_many(
        bases, Grain.YEAR.value, by=by, where=where, start=span.start, end=span.end
    )
    parts: dict[Key, dict[str, list[Any]]] = {}
    for base, answer in answers.items():
        for row in answer.rows():
            parts.setdefault(_key(row, by), {}).setdefault(base, []).append(row["value"])
    out: dict[str, dict[Key, float | None]] = {k: {} for k in summable}
    for key, values in parts.items():
        filled = {b: values.get(b, []) for b in bases}
        for kpi in summable:
            out[kpi][key] = combine(catalog, kpi, filled)
    return out


def _filter_groups(
    catalog: Catalog, kpis: list[str], where: dict[str, list[str]], result: Figures
) -> list[tuple[dict[str, list[str]], list[str]]]:
    """KPIs grouped by the filters they can apply (a KPI without `region` ignores it)."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for kpi in kpis:
        dims = catalog.get(kpi).dimensions
        usable = tuple(d for d in where if d in dims)
        ignored = [d for d in where if d not in dims]
        if ignored:
            result.ignored[kpi] = ignored
        groups.setdefault(usable, []).append(kpi)
    return [({d: where[d] for d in usable}, group) for usable, group in groups.items()]


def _calendar(
    engine: Querying,
    kpis: list[str],
    window: CardWindow,
    where: dict[str, list[str]],
    by: Sequence[str],
    compare: bool,
    result: Figures,
) -> None:
    s, e, grain = window.span.start, window.span.end, window.grain.value
    args: dict[str, Any] = {"grain": grain, "by": by, "where": where, "start": s, "end": e}
    if not compare:
        for kpi, answer in engine.query_many(kpis, **args).items():
            result.values[kpi] = {_key(r, by): Figure(r["value"]) for r in answer.rows()}
        return
    before = engine.query_many(kpis, **args, compare=Compare.PREVIOUS_PERIOD.value)
    year_ago = engine.query_many(kpis, **args, compare=Compare.PREVIOUS_YEAR.value)
    for kpi in kpis:
        last = {_key(r, by): r for r in year_ago[kpi].rows()}
        found = {}
        for row in before[kpi].rows():
            key = _key(row, by)
            other = last.get(key, {})
            found[key] = Figure(
                row["value"],
                row["compare_value"],
                row["change"],
                other.get("compare_value"),
                other.get("change"),
            )
        result.values[kpi] = found


def _rolling(
    engine: Querying,
    catalog: Catalog,
    kpis: list[str],
    where: dict[str, list[str]],
    by: Sequence[str],
    compare: bool,
    result: Figures,
) -> None:
    """A window that is not one calendar period so far: each of its spans asked on its own."""
    now = span_values(engine, catalog, kpis, result.span, where, by)
    before: dict[str, dict[Key, float | None]] = {}
    year_ago: dict[str, dict[Key, float | None]] = {}
    if compare and result.previous_span is not None:
        before = span_values(engine, catalog, kpis, result.previous_span, where, by)
    if compare and result.last_year_span is not None:
        year_ago = span_values(engine, catalog, kpis, result.last_year_span, where, by)
    for kpi in kpis:
        found = {}
        for key, value in now.get(kpi, {}).items():
            then = before.get(kpi, {}).get(key)
            last = year_ago.get(kpi, {}).get(key)
            found[key] = Figure(value, then, change(value, then), last, change(value, last))
        result.values[kpi] = found


def _key(row: dict[str, Any], by: Sequence[str]) -> Key:
    return tuple(row[d] for d in by)
