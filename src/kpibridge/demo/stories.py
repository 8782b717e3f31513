"""The four stories hidden in the demo data, as records and as effects on the generators.

Every story is placed relative to the build day, so a demo built on any day shows all four
within its last year: later alert and report tests find them through `StoryPlan.stories()`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, timedelta

import numpy as np

from kpibridge.demo.calendar import Calendar
from kpibridge.demo.channels import LAUNCH

CAC_WEEKS = 10
LAUNCH_WEEKS_AGO = 26
LAUNCH_DAYS = 14
PRICE_CHANGE_MONTHS_AGO = 4
NPS_DROP_DAYS = 56
CHURN_SEGMENT = "Mid-Market"
#: Extra monthly churn hazard of the story segment during its bad quarter.
CHURN_EXTRA_MONTHLY = 0.06
PRICE_INCREASE = 0.08


@dataclass(frozen=True)
class Story:
    """A deliberate pattern in the demo data and where to see it."""

    key: str
    title: str
    kpis: tuple[str, ...]
    start: date
    end: date  # inclusive
    description: str
    channel: str | None = None
    campaign: str | None = None
    segment: str | None = None

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data.update(start=self.start.isoformat(), end=self.end.isoformat(), kpis=list(self.kpis))
        return data


def _monday_on_or_before(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class StoryPlan:
    """Where the stories fall in one calendar (day indexes) and what they do to the data."""

    cal: Calendar
    cac_start: int
    launch_start: int
    churn_first: int
    churn_stop: int
    price_change: int

    @classmethod
    def for_calendar(cls, cal: Calendar) -> StoryPlan:
        today = cal.end + timedelta(days=1)
        cac = _monday_on_or_before(cal.end - timedelta(weeks=CAC_WEEKS) + timedelta(days=1))
        launch = _monday_on_or_before(today - timedelta(weeks=LAUNCH_WEEKS_AGO))
        year, month = today.year, today.month - PRICE_CHANGE_MONTHS_AGO
        if month < 1:
            year, month = year - 1, month + 12
        price = _monday_on_or_before(date(year, month, 7))
        quarter = cal.quarters()[-4]
        return cls(
            cal, cal.index(cac), cal.index(launch), quarter.first, quarter.stop, cal.index(price)
        )

    # -- effects, one value per day of the calendar ---------------------------------------

    def _days(self) -> np.ndarray:
        return np.arange(self.cal.n_days)

    def cac_ramp(self) -> np.ndarray:
        """0 before the paid-social decline, rising to 1 within three weeks."""
        return np.clip((self._days() - self.cac_start + 1) / 21.0, 0.0, 1.0)

    def paid_social_traffic(self) -> np.ndarray:
        return 1.0 + 0.05 * self.cac_ramp()

    def paid_social_cost_per_click(self) -> np.ndarray:
        """Rising bids: spend grows by 60 % while traffic barely moves."""
        return (1.0 + 0.60 * self.cac_ramp()) / self.paid_social_traffic()

    def paid_social_conversion(self) -> np.ndarray:
        """Fewer of the (more expensive) visitors become leads or buyers."""
        return 1.0 - 0.55 * self.cac_ramp()

    def launch_profile(self) -> np.ndarray:
        """Launch weight per day: full for a week, strong for another, then a short tail."""
        offset = self._days() - self.launch_start
        profile = np.zeros(self.cal.n_days)
        profile[(offset >= 0) & (offset < 7)] = 1.0
        profile[(offset >= 7) & (offset < LAUNCH_DAYS)] = 0.8
        tail = (offset >= LAUNCH_DAYS) & (offset < LAUNCH_DAYS + 7)
        profile[tail] = 0.25 * np.exp(-(offset[tail] - LAUNCH_DAYS) / 3.0)
        return profile

    def halo(self) -> np.ndarray:
        """Direct and organic search traffic lifted by the launch buzz."""
        return 1.0 + 0.35 * self.launch_profile()

    def price_factor(self) -> np.ndarray:
        return np.where(self._days() >= self.price_change, 1.0 + PRICE_INCREASE, 1.0)

    def nps_drop(self) -> np.ndarray:
        """Share of NPS answers from upset customers: all for eight weeks, a third afterwards."""
        offset = self._days() - self.price_change
        return np.where(offset < 0, 0.0, np.where(offset < NPS_DROP_DAYS, 1.0, 0.3))

    # -- the records ----------------------------------------------------------------------

    def stories(self) -> list[Story]:
        d = self.cal.date_of
        return [
            Story(
                "paid_social_cac",
                "Paid social CAC doubles",
                ("cac", "marketing_spend", "new_customers", "ltv_cac_ratio", "romi"),
                d(self.cac_start),
                self.cal.end,
                f"Over the last {CAC_WEEKS} weeks paid-social bids rose (spend +60 %, traffic "
                "flat) while fewer visitors converted (−55 %): paid-social CAC more than doubles.",
                channel="paid_social",
            ),
            Story(
                "launch_spike",
                "Trailblazer 2 launch spikes traffic",
                (
                    "sessions",
                    "unique_visitors",
                    "ad_impressions",
                    "marketing_spend",
                    "leads",
                    "social_reach",
                ),
                d(self.launch_start),
                d(self.launch_start + LAUNCH_DAYS - 1),
                "A two-week product launch on display, paid social and paid search lifts "
                "sessions by about half and spills over to direct and organic search.",
                channel="display",
                campaign=LAUNCH,
            ),
            Story(
                "midmarket_churn",
                "Mid-Market churn bump",
                ("churned_customers", "churn_rate", "retention_rate", "active_customers", "clv"),
                d(self.churn_first),
                d(self.churn_stop - 1),
                "For one quarter Mid-Market customers churn several times as often as usual.",
                segment=CHURN_SEGMENT,
            ),
            Story(
                "price_change_nps",
                "NPS drops after the price change",
                ("nps", "net_sentiment"),
                d(self.price_change),
                d(self.price_change + NPS_DROP_DAYS - 1),
                f"Prices rose by {PRICE_INCREASE:.0%}; for eight weeks NPS falls by about 40 "
                "points and negative mentions jump, then NPS recovers only part of the way. "
                "Orders cost more from that day on.",
            ),
        ]
