"""Website traffic: expected sessions per day and campaign, and the sessions of each month.

Sessions are drawn per month (Poisson per day × traffic unit), so memory stays bounded by one
month however large the demo. Each session may turn its visitor into a lead or a web-shop
customer; those "conversions" are handed to the funnel.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np

from kpibridge.demo.calendar import MINUTE_US, Calendar, Period, seasonality, times_of_day
from kpibridge.demo.channels import (
    CAMPAIGNS,
    CHANNEL_INDEX,
    CHANNELS,
    COUNTRIES,
    LAUNCH,
    ORGANIC_PAGES,
    Campaign,
    country_mix,
)
from kpibridge.demo.mailings import SEND_DECAY, Send
from kpibridge.demo.params import DemoParams
from kpibridge.demo.stories import StoryPlan

TABLET_SHARE = 0.06
#: Returning visitors come back after about this many days' worth of new visitors.
RECENCY_DAYS = 45


@dataclass(frozen=True)
class Unit:
    """A column of the traffic matrix: one channel with one campaign tag (or none)."""

    channel: int
    campaign: str | None
    region: str | None = None
    landing_page: str | None = None
    source: Campaign | None = None


@dataclass
class TrafficPlan:
    """Expected sessions (days × units) and the conversion multiplier of each cell."""

    units: list[Unit]
    expected: np.ndarray
    conversion: np.ndarray


def yearly_active(cal: Calendar, window: tuple[str, str]) -> np.ndarray:
    lo, hi = (int(w.replace("-", "")) for w in window)
    md = cal.month_day
    return (md >= lo) & (md <= hi) if lo <= hi else (md >= lo) | (md <= hi)


def traffic_plan(
    params: DemoParams, cal: Calendar, plan: StoryPlan, sends: list[Send]
) -> TrafficPlan:
    base = seasonality(cal)
    units: list[Unit] = []
    columns: list[np.ndarray] = []
    always_on = {
        c.name: sum(
            k.weight
            for k in CAMPAIGNS
            if k.channel == c.name and k.window is None and k.name != LAUNCH
        )
        for c in CHANNELS
    }
    for ci, channel in enumerate(CHANNELS):
        if channel.uncampaigned:
            units.append(Unit(ci, None))
            columns.append(channel.share * channel.uncampaigned * base)
    for campaign in CAMPAIGNS:
        ci = CHANNEL_INDEX[campaign.channel]
        channel = CHANNELS[ci]
        if campaign.name == LAUNCH:
            active = plan.launch_profile()
            weight = campaign.weight
        elif campaign.window is None:
            active = np.ones(cal.n_days)
            weight = (1 - channel.uncampaigned) * campaign.weight / always_on[channel.name]
        else:
            active = yearly_active(cal, campaign.window).astype(float)
            weight = campaign.weight
        units.append(Unit(ci, campaign.name, campaign.region, campaign.landing_page, campaign))
        columns.append(channel.share * weight * active * base)
    email = CHANNEL_INDEX["email"]
    for send in sends:
        profile = np.zeros(cal.n_days)
        stop = min(send.day + len(SEND_DECAY), cal.n_days)
        profile[send.day : stop] = SEND_DECAY[: stop - send.day]
        units.append(Unit(email, send.name, landing_page="/newsletter"))
        columns.append(CHANNELS[email].share * send.weight / 30.0 * profile * base)
    expected = np.stack(columns, axis=1)
    conversion = np.ones_like(expected)
    unit_channel = np.array([u.channel for u in units])
    social = unit_channel == CHANNEL_INDEX["paid_social"]
    expected[:, social] *= plan.paid_social_traffic()[:, None]
    conversion[:, social] *= plan.paid_social_conversion()[:, None]
    halo = np.isin(unit_channel, [CHANNEL_INDEX["direct"], CHANNEL_INDEX["organic_search"]])
    expected[:, halo] *= plan.halo()[:, None]
    expected *= params.sessions / expected.sum()
    return TrafficPlan(units, expected, conversion)


@dataclass
class Conversions:
    """Sessions that turned their visitor into a lead (is_lead) or a web-shop customer."""

    visitor: np.ndarray
    at: np.ndarray  # local µs: a few minutes after the session started
    unit: np.ndarray  # the visitor's first touch
    country: np.ndarray
    is_lead: np.ndarray

    @classmethod
    def concat(cls, parts: list[Conversions]) -> Conversions:
        names = ("visitor", "at", "unit", "country", "is_lead")
        return cls(*(np.concatenate([getattr(p, n) for p in parts]) for n in names))


@dataclass
class SessionMonth:
    """The sessions of one month as columns (indexes into the plan's lookup tuples)."""

    period: Period
    first_id: int
    visitor: np.ndarray
    at: np.ndarray  # local µs, sorted
    unit: np.ndarray
    device: np.ndarray
    country: np.ndarray
    page: np.ndarray  # index into pages()
    counts: np.ndarray  # sessions per day × unit
    conversions: Conversions


@dataclass
class _VisitorState:
    """What carries over between months, per visitor id: first touch and whether converted."""

    next_id: int
    recency: float
    first_unit: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int16))
    converted: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=bool))

    def grow(self, size: int) -> None:
        extra = size - len(self.first_unit)
        if extra > 0:
            self.first_unit = np.concatenate([self.first_unit, np.full(extra, -1, np.int16)])
            self.converted = np.concatenate([self.converted, np.zeros(extra, dtype=bool)])


def pages(plan: TrafficPlan) -> tuple[str, ...]:
    """Every landing page: the untagged ones first, then the campaigns' own."""
    own = sorted({u.landing_page for u in plan.units if u.landing_page} - set(ORGANIC_PAGES))
    return (*ORGANIC_PAGES, *own)


def session_months(params: DemoParams, cal: Calendar, plan: TrafficPlan) -> Iterator[SessionMonth]:
    """Draw the sessions month by month; visitor ids and conversions carry over between months."""
    daily = plan.expected.sum() / cal.n_days
    state = _VisitorState(next_id=int(daily * 60) + 1, recency=daily * 0.6 * RECENCY_DAYS)
    first_id = 0
    for m, period in enumerate(cal.months()):
        month = _one_month(params, cal, plan, period, state, first_id, params.rng(1, m))
        first_id += len(month.at)
        yield month


def _one_month(
    params: DemoParams,
    cal: Calendar,
    plan: TrafficPlan,
    period: Period,
    state: _VisitorState,
    first_id: int,
    rng: np.random.Generator,
) -> SessionMonth:
    n_units = len(plan.units)
    counts = rng.poisson(plan.expected[period.first : period.stop])
    cell = np.repeat(np.arange(counts.size), counts.ravel())
    day = period.first + cell // n_units
    unit = cell % n_units
    at = cal.midnight_us(day) + times_of_day(rng, len(cell))
    order = np.argsort(at, kind="stable")
    day, unit, at = day[order], unit[order], at[order]
    n = len(at)

    unit_channel = np.array([u.channel for u in plan.units])
    channel = unit_channel[unit]
    mobile = np.array([c.mobile for c in CHANNELS])[channel]
    roll = rng.random(n)
    device = np.where(roll < mobile, 1, np.where(roll < mobile + TABLET_SHARE, 2, 0))

    country = np.empty(n, dtype=np.int64)
    regions = sorted({u.region for u in plan.units}, key=str)
    unit_region = np.array([regions.index(u.region) for u in plan.units])[unit]
    for r, region in enumerate(regions):
        rows = np.flatnonzero(unit_region == r)
        country[rows] = rng.choice(len(COUNTRIES), size=len(rows), p=country_mix(region))

    page_names = pages(plan)
    unit_page = np.array(
        [page_names.index(u.landing_page) if u.landing_page else -1 for u in plan.units]
    )
    page = unit_page[unit]
    untagged = page < 0
    organic = rng.choice(len(ORGANIC_PAGES), size=int(untagged.sum()))
    organic[rng.random(len(organic)) < 0.4] = 0  # many land on the home page
    page[untagged] = organic

    visitor = _visitors(rng, state, np.array([c.returning for c in CHANNELS])[channel])
    touch = _first_touch(state, visitor, unit)
    conversions = _conversions(rng, plan, state, day, touch, channel, visitor, at, country)
    return SessionMonth(
        period, first_id, visitor, at, unit, device, country, page, counts, conversions
    )


def _visitors(rng: np.random.Generator, state: _VisitorState, returning: np.ndarray) -> np.ndarray:
    """New visitors get fresh ids; returning ones one seen recently (exponentially weighted)."""
    n = len(returning)
    is_new = rng.random(n) >= returning
    issued = state.next_id + np.cumsum(is_new)  # ids issued up to and including each row
    back = np.floor(rng.exponential(state.recency, n)).astype(np.int64)
    visitor = np.where(is_new, issued - 1, np.maximum(issued - 1 - back, 0))
    state.next_id = int(issued[-1]) if n else state.next_id
    return visitor


def _first_touch(state: _VisitorState, visitor: np.ndarray, unit: np.ndarray) -> np.ndarray:
    """The unit of each visitor's first session in the data (sessions are in time order)."""
    state.grow(int(visitor.max(initial=-1)) + 1)
    unseen = np.flatnonzero(state.first_unit[visitor] < 0)
    ids, first = np.unique(visitor[unseen], return_index=True)
    state.first_unit[ids] = unit[unseen[first]]
    return state.first_unit[visitor].astype(np.int64)


def _conversions(
    rng: np.random.Generator,
    plan: TrafficPlan,
    state: _VisitorState,
    day: np.ndarray,
    touch: np.ndarray,
    channel: np.ndarray,
    visitor: np.ndarray,
    at: np.ndarray,
    country: np.ndarray,
) -> Conversions:
    """Whether each session converts depends on its channel and on the visitor's first touch
    (which the lead or customer is attributed to); every visitor converts at most once."""
    lift = plan.conversion[day, touch]
    p_lead = np.array([c.lead_rate for c in CHANNELS])[channel] * lift
    p_shop = np.array([c.self_serve_rate for c in CHANNELS])[channel] * lift
    roll = rng.random(len(at))
    hit = np.flatnonzero(roll < p_lead + p_shop)
    hit = hit[~state.converted[visitor[hit]]]
    _, first = np.unique(visitor[hit], return_index=True)
    hit = np.sort(hit[first])
    state.converted[visitor[hit]] = True
    minutes = (rng.exponential(6.0, len(hit)) * MINUTE_US).astype(np.int64) + 30_000_000
    return Conversions(
        visitor[hit], at[hit] + minutes, touch[hit], country[hit], roll[hit] < p_lead[hit]
    )
