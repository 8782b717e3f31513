"""The period picker's state: preset or custom window, grain, comparison, filters — all in the URL.

`PeriodState.from_query` reads a query string, `PeriodState.query` writes one, so any view can
be shared by its address and comes back exactly as it was.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from urllib.parse import urlencode

from kpibridge.engine import Compare, Grain
from kpibridge.engine.grain import add_periods, period_end, period_start
from kpibridge.errors import QueryError


def N_(message: str) -> str:  # noqa: N802 - the gettext convention: marked, translated later
    return message


PRESETS: dict[str, str] = {
    "last_7_days": N_("Last 7 days"),
    "last_30_days": N_("Last 30 days"),
    "last_90_days": N_("Last 90 days"),
    "this_month": N_("This month"),
    "last_month": N_("Last month"),
    "this_quarter": N_("This quarter"),
    "year_to_date": N_("Year to date"),
    "custom": N_("Custom"),
}
GRAINS: dict[str, str] = {
    "day": N_("Day"),
    "week": N_("Week"),
    "month": N_("Month"),
    "quarter": N_("Quarter"),
    "year": N_("Year"),
}
COMPARES: dict[str, str] = {
    "previous_period": N_("Previous period"),
    "previous_year": N_("Same period last year"),
}
FILTERS: dict[str, str] = {
    "channel": N_("Channel"),
    "campaign": N_("Campaign"),
    "segment": N_("Segment"),
    "region": N_("Region"),
}
MAX_DAYS = 20 * 366  # a custom window longer than this is refused
MAX_FILTER_VALUES = 50

Params = Mapping[str, Sequence[str]]


def preset_window(preset: str, today: date) -> tuple[date, date]:
    """The window of a preset: rolling windows end yesterday, calendar ones include today."""
    yesterday = today - timedelta(days=1)
    match preset:
        case "last_7_days" | "last_30_days" | "last_90_days":
            days = int(preset.split("_")[1])
            return today - timedelta(days=days), yesterday
        case "this_month":
            return period_start(today, Grain.MONTH), today
        case "last_month":
            first = add_periods(period_start(today, Grain.MONTH), Grain.MONTH, -1)
            return first, period_end(first, Grain.MONTH)
        case "this_quarter":
            return period_start(today, Grain.QUARTER), today
        case "year_to_date":
            return period_start(today, Grain.YEAR), today
    known = ", ".join(PRESETS)
    raise QueryError(f"unknown period {preset!r}; use one of {known}")


@dataclass(frozen=True)
class PeriodState:
    """Everything the picker and the filters decide, as plain values."""

    period: str
    start: date
    end: date
    grain: Grain
    compare: Compare = Compare.PREVIOUS_YEAR
    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()
    asof: date | None = None  # the day presets are counted from, when not today

    @classmethod
    def from_query(
        cls,
        params: Params,
        today: date,
        default_period: str = "this_month",
        default_grain: str = "month",
    ) -> PeriodState:
        """The state a query string describes; unknown values are a QueryError."""
        asof = _day(params, "asof")
        anchor = asof or today
        start, end = _day(params, "from"), _day(params, "to")
        period = _one(params, "period") or ("custom" if start or end else default_period)
        if period == "custom":
            end = end or anchor
            start = start or period_start(end, Grain.MONTH)
        else:
            start, end = preset_window(period, anchor)
        if start > end:
            raise QueryError(f"from {start} is after to {end}")
        if (end - start).days > MAX_DAYS:
            raise QueryError("the window is longer than 20 years; choose a shorter one")
        grain = Grain.parse(_one(params, "grain") or default_grain)
        compare = Compare.parse(_one(params, "compare") or Compare.PREVIOUS_YEAR.value)
        filters = []
        for dim in FILTERS:
            values = [v.strip() for v in params.get(dim, ()) if v.strip()]
            if len(values) > MAX_FILTER_VALUES:
                raise QueryError(f"at most {MAX_FILTER_VALUES} values per filter")
            if values:
                filters.append((dim, tuple(dict.fromkeys(values))))
        return cls(period, start, end, grain, compare, tuple(filters), asof)

    @property
    def where(self) -> dict[str, list[str]]:
        return {dim: list(values) for dim, values in self.filters}

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def pairs(self) -> list[tuple[str, str]]:
        """The query parameters that recreate this state."""
        out = [("period", self.period)]
        if self.period == "custom":
            out += [("from", self.start.isoformat()), ("to", self.end.isoformat())]
        out.append(("grain", self.grain.value))
        if self.compare is not Compare.PREVIOUS_YEAR:
            out.append(("compare", self.compare.value))
        for dim, values in self.filters:
            out += [(dim, v) for v in values]
        if self.asof:
            out.append(("asof", self.asof.isoformat()))
        return out

    def query(self, **changes: object) -> str:
        """The query string of this state with `changes` applied (None drops a filter)."""
        return urlencode(self.changed(**changes).pairs())

    def changed(self, **changes: object) -> PeriodState:
        """This state with filters, grain, comparison or preset changed (for writing links)."""
        filters = dict(self.filters)
        fields: dict[str, object] = {}
        for key, value in changes.items():
            if key in FILTERS:
                if value is None:
                    filters.pop(key, None)
                else:
                    filters[key] = (str(value),)
            elif key == "grain":
                fields["grain"] = Grain.parse(str(value))
            elif key == "compare":
                fields["compare"] = Compare.parse(str(value))
            elif key == "period" and value in PRESETS and value != "custom":
                fields["period"] = value  # for links only: the window is recomputed on reading
            else:
                raise TypeError(f"cannot change {key!r} of a period state")
        ordered = tuple((d, filters[d]) for d in FILTERS if d in filters)
        return replace(self, filters=ordered, **fields)  # type: ignore[arg-type]

    def to_dict(self) -> dict[str, object]:
        return {
            "period": self.period,
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "grain": self.grain.value,
            "compare": self.compare.value,
            "filters": self.where,
            "asof": self.asof.isoformat() if self.asof else None,
            "query": urlencode(self.pairs()),
        }


def _one(params: Params, key: str) -> str | None:
    values = [v for v in params.get(key, ()) if v.strip()]
    return values[-1].strip() if values else None


def _day(params: Params, key: str) -> date | None:
    text = _one(params, key)
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise QueryError(f"{key}: {text!r} is not a date (YYYY-MM-DD)") from None
