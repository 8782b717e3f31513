"""The demo's calendar: its days, months and quarters, seasonality and local timestamps.

Timestamps are handled as int64 microseconds of *local wall-clock time* in the workspace
time zone (so a local day is `us // DAY_US`) and turned into UTC instants only when written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

DAY_US = 86_400_000_000
HOUR_US = 3_600_000_000
MINUTE_US = 60_000_000
#: "Not a time": becomes a null timestamp when written.
NAT = np.iinfo(np.int64).min

#: Relative web traffic per weekday, Monday first (a B2B-leaning outdoor retailer).
WEEKDAY = np.array([1.08, 1.12, 1.10, 1.05, 0.95, 0.78, 0.86])
#: Relative traffic per local hour of day.
HOURLY = np.array(
    [
        0.15,
        0.08,
        0.05,
        0.04,
        0.05,
        0.12,
        0.35,
        0.70,
        1.10,
        1.40,
        1.55,
        1.50,
        1.35,
        1.40,
        1.45,
        1.40,
        1.30,
        1.25,
        1.30,
        1.45,
        1.55,
        1.35,
        0.90,
        0.45,
    ]
)
ANNUAL_GROWTH = 0.32


@dataclass(frozen=True)
class Period:
    """A run of days [first, stop) by index, named by its first day."""

    label: str
    first: int
    stop: int


@dataclass(frozen=True)
class Calendar:
    """Every local day from `start` to `end` (inclusive) in `timezone`."""

    start: date
    end: date
    timezone: str

    @classmethod
    def ending_before(cls, today: date, timezone: str, months_before: int = 25) -> Calendar:
        """Up to yesterday, starting on the first of a month a bit more than two years back."""
        year, month = today.year, today.month - months_before
        while month < 1:
            year, month = year - 1, month + 12
        return cls(date(year, month, 1), today - timedelta(days=1), timezone)

    @cached_property
    def days(self) -> np.ndarray:
        return np.arange(np.datetime64(self.start), np.datetime64(self.end) + 1)

    @property
    def n_days(self) -> int:
        return len(self.days)

    @cached_property
    def epoch_days(self) -> np.ndarray:
        return self.days.astype(np.int64)

    @cached_property
    def weekday(self) -> np.ndarray:
        return (self.epoch_days + 3) % 7  # 1970-01-01 was a Thursday

    @cached_property
    def day_of_year(self) -> np.ndarray:
        years = self.days.astype("datetime64[Y]")
        return (self.days - years.astype("datetime64[D]")).astype(np.int64) + 1

    @cached_property
    def month_day(self) -> np.ndarray:
        """MMDD as an integer (e.g. 1124 for 24 November), for yearly windows."""
        months = self.days.astype("datetime64[M]")
        month = months.astype(np.int64) % 12 + 1
        return month * 100 + (self.days - months.astype("datetime64[D]")).astype(np.int64) + 1

    @cached_property
    def year(self) -> np.ndarray:
        return self.days.astype("datetime64[Y]").astype(np.int64) + 1970

    def label(self, index: int) -> str:
        """YYYY-MM of a day."""
        return str(self.days[index])[:7]

    @property
    def cutoff_us(self) -> int:
        """Local midnight after the last day: nothing may happen at or after it."""
        return int(self.epoch_days[-1] + 1) * DAY_US

    def index(self, day: date) -> int:
        return int((np.datetime64(day) - np.datetime64(self.start)).astype(np.int64))

    def date_of(self, index: int) -> date:
        return self.start + timedelta(days=int(index))

    def day_index_of(self, local_us: np.ndarray) -> np.ndarray:
        return local_us // DAY_US - self.epoch_days[0]

    def midnight_us(self, index: np.ndarray | int) -> np.ndarray:
        return (np.asarray(index, dtype=np.int64) + self.epoch_days[0]) * DAY_US

    def months(self) -> list[Period]:
        return self._periods("M")

    def quarters(self) -> list[Period]:
        """Calendar quarters; the last one may be quarter-to-date."""
        months = self.days.astype("datetime64[M]").astype(np.int64)
        key = months // 3
        return self._split(key)

    def _periods(self, unit: str) -> list[Period]:
        return self._split(self.days.astype(f"datetime64[{unit}]").astype(np.int64))

    def _split(self, key: np.ndarray) -> list[Period]:
        edges = np.flatnonzero(np.diff(key)) + 1
        starts = np.concatenate([[0], edges])
        stops = np.concatenate([edges, [self.n_days]])
        return [
            Period(str(self.days[a])[:7], int(a), int(b))
            for a, b in zip(starts, stops, strict=True)
        ]


def growth(cal: Calendar) -> np.ndarray:
    """The company's growth trend, 1 on the first day."""
    return np.exp(np.log1p(ANNUAL_GROWTH) * np.arange(cal.n_days) / 365.25)


def seasonality(cal: Calendar, with_growth: bool = True) -> np.ndarray:
    """Relative demand per day: growth trend × weekday × outdoor season (spring, pre-Christmas)."""
    trend = growth(cal) if with_growth else 1.0
    doy = cal.day_of_year
    season = (
        1.0
        + 0.22 * np.cos(2 * np.pi * (doy - 140) / 365.25)
        + 0.25 * np.exp(-(((doy - 332) / 12.0) ** 2))  # Black Friday / Christmas shopping
        - 0.18 * np.exp(-(((doy - 361) / 5.0) ** 2))  # quiet days between the years
    )
    return trend * WEEKDAY[cal.weekday] * season


def times_of_day(rng: np.random.Generator, n: int) -> np.ndarray:
    """Microseconds after local midnight, following the hourly traffic profile."""
    hours = rng.choice(24, size=n, p=HOURLY / HOURLY.sum())
    return hours * HOUR_US + rng.integers(0, HOUR_US, size=n)


def local_to_utc(local_us: np.ndarray, timezone: str) -> pa.Array:
    """Local wall-clock microseconds → UTC instants (ambiguous/skipped times map earliest)."""
    naive = pa.array(np.asarray(local_us, dtype="datetime64[us]"))
    zoned = pc.assume_timezone(naive, timezone, ambiguous="earliest", nonexistent="earliest")
    return zoned.cast(pa.timestamp("us", tz="UTC"))
