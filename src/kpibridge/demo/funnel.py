"""The sales funnel: leads → MQL → SQL → deals → customers (plus web-shop and legacy customers).

Each stage happens a random delay after the one before; whatever would happen on or after
the build day has not happened yet (stage empty, deal still open, customer still active).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kpibridge.demo.calendar import DAY_US, MINUTE_US, NAT, Calendar
from kpibridge.demo.channels import CHANNELS, COUNTRIES, SEGMENTS, country_mix
from kpibridge.demo.stories import CHURN_EXTRA_MONTHLY, CHURN_SEGMENT, StoryPlan
from kpibridge.demo.traffic import Conversions, TrafficPlan

SMB, MID, ENT = range(3)
SELF_SERVE = 3  # customer type: bought in the web shop without a deal
#: Per segment (SMB, Mid-Market, Enterprise).
P_MQL = np.array([0.48, 0.55, 0.62])
P_SQL = np.array([0.42, 0.48, 0.55])
P_WIN = np.array([0.42, 0.34, 0.27])
CYCLE_DAYS = np.array([18.0, 42.0, 85.0])
DEAL_MEDIAN = np.array([3200.0, 12500.0, 52000.0])
#: Monthly churn hazard per customer type (SMB, Mid-Market, Enterprise, web shop).
CHURN_MONTHLY = np.array([0.025, 0.014, 0.007, 0.050])
MONTH_DAYS = 30.44
DACH = {COUNTRIES.index(c) for c in ("DE", "AT", "CH")}


@dataclass
class Leads:
    visitor: np.ndarray
    created: np.ndarray  # local µs
    unit: np.ndarray
    channel: np.ndarray
    country: np.ndarray
    segment: np.ndarray
    mql: np.ndarray  # local µs or NAT
    sql: np.ndarray


@dataclass
class Deals:
    lead: np.ndarray  # index into Leads
    created: np.ndarray
    status: np.ndarray  # 0 open, 1 won, 2 lost
    closed: np.ndarray
    amount: np.ndarray  # in the deal's currency
    eur: np.ndarray  # bool: amount in EUR
    customer: np.ndarray  # index into Customers, -1 unless won


@dataclass
class Customers:
    """Sorted by acquisition; legacy customers (acquired before the window) come first."""

    acquired: np.ndarray
    channel: np.ndarray
    unit: np.ndarray  # traffic unit of the first touch, -1 for legacy customers
    kind: np.ndarray  # SMB, MID, ENT or SELF_SERVE
    country: np.ndarray
    churned: np.ndarray  # local µs or NAT
    lead: np.ndarray  # index into Leads, -1 without a lead

    @property
    def segment(self) -> np.ndarray:
        return np.where(self.kind == SELF_SERVE, SMB, self.kind)


@dataclass
class Funnel:
    leads: Leads
    deals: Deals
    customers: Customers


def _after(base: np.ndarray, days: np.ndarray, cutoff: int, keep: np.ndarray) -> np.ndarray:
    """base + days where keep and the result is before the cutoff; NAT elsewhere."""
    at = base + (days * DAY_US).astype(np.int64) + MINUTE_US
    return np.where(keep & (base != NAT) & (at < cutoff), at, NAT)


def build_funnel(
    cal: Calendar,
    plan: StoryPlan,
    traffic: TrafficPlan,
    conv: Conversions,
    fx_eur: np.ndarray,
    rng: np.random.Generator,
) -> Funnel:
    cutoff = cal.cutoff_us
    unit_channel = np.array([u.channel for u in traffic.units])
    at = np.minimum(conv.at, cutoff - 1_000_000)
    lead_rows = np.flatnonzero(conv.is_lead)
    channel = unit_channel[conv.unit[lead_rows]]
    n = len(lead_rows)
    mix = np.cumsum(np.array([c.segments for c in CHANNELS])[channel], axis=1)
    segment = (rng.random(n)[:, None] > mix).sum(axis=1).clip(0, 2)
    created = at[lead_rows]
    mql = _after(
        created, rng.lognormal(np.log(2.0), 0.9, n), cutoff, rng.random(n) < P_MQL[segment]
    )
    sql = _after(mql, rng.lognormal(np.log(6.0), 0.8, n), cutoff, rng.random(n) < P_SQL[segment])
    leads = Leads(
        conv.visitor[lead_rows],
        created,
        conv.unit[lead_rows],
        channel,
        conv.country[lead_rows],
        segment,
        mql,
        sql,
    )

    deal_lead = np.flatnonzero(sql != NAT)
    deal_created = _after(
        sql[deal_lead],
        rng.uniform(0, 2, len(deal_lead)),
        cutoff,
        np.ones(len(deal_lead), dtype=bool),
    )
    deal_lead = deal_lead[deal_created != NAT]
    deal_created = deal_created[deal_created != NAT]
    deals = _deals(cal, leads, deal_lead, deal_created, fx_eur, rng)

    shop = np.flatnonzero(~conv.is_lead)
    won = np.flatnonzero(deals.status == 1)
    legacy = _legacy(cal, traffic, len(won) + len(shop), rng)
    lead_of = np.concatenate([np.full(len(legacy[0]), -1), deals.lead[won], np.full(len(shop), -1)])
    acquired = np.concatenate([legacy[0], deals.closed[won], at[shop]])
    kind = np.concatenate(
        [legacy[1], leads.segment[deals.lead[won]], np.full(len(shop), SELF_SERVE)]
    )
    unit = np.concatenate(
        [np.full(len(legacy[0]), -1), leads.unit[deals.lead[won]], conv.unit[shop]]
    )
    cust_channel = np.concatenate(
        [legacy[2], leads.channel[deals.lead[won]], unit_channel[conv.unit[shop]]]
    )
    country = np.concatenate([legacy[3], leads.country[deals.lead[won]], conv.country[shop]])
    order = np.argsort(acquired, kind="stable")
    deal_rank = np.empty(len(order), dtype=np.int64)
    deal_rank[order] = np.arange(len(order))
    deals.customer[won] = deal_rank[len(legacy[0]) : len(legacy[0]) + len(won)]
    churned = _churn(cal, plan, acquired[order], kind[order], rng)
    customers = Customers(
        acquired[order],
        cust_channel[order],
        unit[order],
        kind[order],
        country[order],
        churned,
        lead_of[order],
    )
    start = int(cal.midnight_us(0))
    alive = (customers.acquired >= start) | (customers.churned == NAT) | (customers.churned > start)
    if not alive.all():
        return Funnel(leads, deals, _drop_dead_legacy(customers, deals, alive))
    return Funnel(leads, deals, customers)


def _deals(
    cal: Calendar,
    leads: Leads,
    lead: np.ndarray,
    created: np.ndarray,
    fx_eur: np.ndarray,
    rng: np.random.Generator,
) -> Deals:
    n = len(lead)
    seg = leads.segment[lead]
    cycle = rng.lognormal(np.log(CYCLE_DAYS[seg]), 0.5)
    closed = _after(created, cycle, cal.cutoff_us, np.ones(n, dtype=bool))
    status = np.where(closed == NAT, 0, np.where(rng.random(n) < P_WIN[seg], 1, 2))
    usd = rng.lognormal(np.log(DEAL_MEDIAN[seg]), 0.45)
    eur = np.isin(leads.country[lead], list(DACH))
    rate = fx_eur[cal.day_index_of(created)]
    amount = np.round(np.where(eur, usd / rate, usd), -1)
    return Deals(lead, created, status, closed, amount, eur, np.full(n, -1))


def _legacy(
    cal: Calendar, traffic: TrafficPlan, new_customers: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Customers won before the window, so revenue does not start from zero."""
    n = int(new_customers * 0.55)
    start = int(cal.midnight_us(0))
    acquired = start - (rng.uniform(1, 2 * 365, n) * DAY_US).astype(np.int64)
    kind = rng.choice(4, size=n, p=[0.30, 0.14, 0.05, 0.51])
    shares = np.array([c.share for c in CHANNELS])
    channel = rng.choice(len(CHANNELS), size=n, p=shares / shares.sum())
    country = rng.choice(len(COUNTRIES), size=n, p=country_mix(None))
    return acquired, kind, channel, country


def _churn(
    cal: Calendar,
    plan: StoryPlan,
    acquired: np.ndarray,
    kind: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    n = len(acquired)
    life_days = rng.exponential(MONTH_DAYS / CHURN_MONTHLY[kind]) + 1.0
    at = acquired + (life_days * DAY_US).astype(np.int64)
    first, stop = cal.midnight_us(plan.churn_first), cal.midnight_us(plan.churn_stop)
    story = (kind == SEGMENTS.index(CHURN_SEGMENT)) & (acquired < first) & (at > first)
    months = (plan.churn_stop - plan.churn_first) / MONTH_DAYS
    extra = story & (rng.random(n) < 1 - np.exp(-CHURN_EXTRA_MONTHLY * months))
    bump = rng.integers(int(first), int(stop), n)
    at = np.where(extra, np.minimum(at, np.maximum(bump, acquired + DAY_US)), at)
    return np.where(at < cal.cutoff_us, at, NAT)


def _drop_dead_legacy(customers: Customers, deals: Deals, alive: np.ndarray) -> Customers:
    new_index = np.cumsum(alive) - 1
    won = deals.customer >= 0
    deals.customer[won] = new_index[deals.customer[won]]
    fields = ("acquired", "channel", "unit", "kind", "country", "churned", "lead")
    return Customers(*(getattr(customers, f)[alive] for f in fields))
