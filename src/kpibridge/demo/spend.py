"""Marketing and sales spend per day, channel, campaign and category.

Click-bought channels pay for the clicks behind the sessions actually drawn, so spend,
impressions, clicks and traffic move together; teams, tools, content and trade-fair booths
are fixed daily costs. Amounts are in each campaign's own currency.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kpibridge.demo.calendar import Calendar
from kpibridge.demo.channels import CHANNEL_INDEX, CHANNELS, FIXED_COSTS
from kpibridge.demo.mailings import Send
from kpibridge.demo.stories import StoryPlan
from kpibridge.demo.traffic import TrafficPlan, yearly_active

SEND_COST = 800.0  # content and design of one e-mail send, USD


@dataclass
class SpendRows:
    day: list[np.ndarray]
    channel: list[np.ndarray]
    campaign: list[np.ndarray]  # strings
    category: list[np.ndarray]
    currency: list[np.ndarray]
    cost: list[np.ndarray]
    impressions: list[np.ndarray]  # -1 = unknown
    clicks: list[np.ndarray]

    def add(
        self,
        day: np.ndarray,
        channel: str,
        campaign: str,
        category: str,
        currency: str,
        cost: np.ndarray,
        impressions: np.ndarray | None = None,
        clicks: np.ndarray | None = None,
    ) -> None:
        n = len(day)
        self.day.append(day)
        self.channel.append(np.full(n, channel, dtype=object))
        self.campaign.append(np.full(n, campaign, dtype=object))
        self.category.append(np.full(n, category, dtype=object))
        self.currency.append(np.full(n, currency, dtype=object))
        self.cost.append(np.round(cost, 2))
        self.impressions.append(np.full(n, -1) if impressions is None else impressions)
        self.clicks.append(np.full(n, -1) if clicks is None else clicks)

    def columns(self) -> dict[str, np.ndarray]:
        return {
            name: np.concatenate(getattr(self, name))
            for name in (
                "day",
                "channel",
                "campaign",
                "category",
                "currency",
                "cost",
                "impressions",
                "clicks",
            )
        }


def build_spend(
    cal: Calendar,
    plan: StoryPlan,
    traffic: TrafficPlan,
    counts: np.ndarray,
    sends: list[Send],
    fx: dict[str, np.ndarray],
    scale: float,
    rng: np.random.Generator,
) -> dict[str, np.ndarray]:
    rows = SpendRows([], [], [], [], [], [], [], [])
    social = plan.paid_social_cost_per_click()
    for u, unit in enumerate(traffic.units):
        channel = CHANNELS[unit.channel]
        campaign = unit.source
        if campaign is None:
            continue
        rate = fx[campaign.currency]
        if channel.paid:
            day = np.flatnonzero(counts[:, u] > 0)
            clicks = np.round(counts[day, u] * rng.uniform(1.05, 1.3, len(day))).astype(np.int64)
            ctr = channel.ctr * rng.lognormal(0.0, 0.15, len(day))
            impressions = np.round(clicks / ctr).astype(np.int64)
            usd = clicks * channel.cpc * campaign.cpc_factor * rng.lognormal(0.0, 0.12, len(day))
            if unit.channel == CHANNEL_INDEX["paid_social"]:
                usd = usd * social[day]
            rows.add(
                day,
                channel.name,
                campaign.name,
                campaign.category,
                campaign.currency,
                usd / rate[day],
                impressions,
                clicks,
            )
        if campaign.daily_cost:
            day = (
                np.flatnonzero(yearly_active(cal, campaign.window))
                if campaign.window
                else (np.arange(cal.n_days))
            )
            usd = campaign.daily_cost * scale * rng.lognormal(0.0, 0.1, len(day))
            rows.add(
                day,
                channel.name,
                campaign.name,
                campaign.category,
                campaign.currency,
                usd / rate[day],
            )
    weekday = cal.weekday < 5
    for fixed in FIXED_COSTS:
        day = np.flatnonzero(weekday) if fixed.weekdays else np.arange(cal.n_days)
        usd = fixed.daily_cost * scale * rng.lognormal(0.0, 0.08, len(day))
        rows.add(
            day,
            fixed.channel,
            fixed.campaign,
            fixed.category,
            fixed.currency,
            usd / fx[fixed.currency][day],
        )
    send_days = np.array([s.day for s in sends])
    for send, day in zip(sends, send_days, strict=True):
        rows.add(
            np.array([day]),
            "email",
            send.name,
            "content",
            "USD",
            np.array([SEND_COST * scale * rng.lognormal(0.0, 0.1)]),
        )
    return rows.columns()


def spend_in_usd(columns: dict[str, np.ndarray], fx: dict[str, np.ndarray]) -> np.ndarray:
    """Each spend row's cost in USD (for the finance figures and the tests)."""
    usd = columns["cost"].astype(float).copy()
    for currency, rate in fx.items():
        mine = columns["currency"] == currency
        usd[mine] = usd[mine] * rate[columns["day"][mine]]
    return usd
