"""The knobs of one demo build: size, seed, the day it is built on and the company's settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

import numpy as np

DEFAULT_SESSIONS = 400_000
DEFAULT_SEED = 42
COMPANY = "Northwind Outdoor"
CURRENCY = "USD"
TIMEZONE = "Europe/Berlin"


def today_in(timezone: str) -> date:
    """Today's date on the wall clock of `timezone`."""
    return datetime.now(ZoneInfo(timezone)).date()


@dataclass(frozen=True)
class DemoParams:
    """What to build: about `sessions` website sessions up to the day before `today`."""

    sessions: int = DEFAULT_SESSIONS
    seed: int = DEFAULT_SEED
    today: date = field(default_factory=lambda: today_in(TIMEZONE))
    timezone: str = TIMEZONE
    currency: str = CURRENCY
    name: str = COMPANY

    def __post_init__(self) -> None:
        if self.sessions < 1_000:
            raise ValueError("a demo needs at least 1,000 sessions")

    @property
    def scale(self) -> float:
        """Size relative to the default build; costs, reach and headcount grow with it."""
        return self.sessions / DEFAULT_SESSIONS

    def rng(self, *stream: int) -> np.random.Generator:
        """An independent generator per stream (e.g. table and month), fixed by the seed."""
        return np.random.default_rng([self.seed, *stream])
