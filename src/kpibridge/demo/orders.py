"""What customers buy while they are active: orders, refunds and NPS answers after orders."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kpibridge.demo.calendar import DAY_US, HOUR_US, MINUTE_US, NAT, Calendar, seasonality
from kpibridge.demo.funnel import MONTH_DAYS, Customers
from kpibridge.demo.stories import StoryPlan

#: Orders per active month and median order value, per customer type (SMB, MM, Ent, web shop).
ORDERS_MONTHLY = np.array([0.60, 0.90, 1.40, 0.30])
ORDER_MEDIAN = np.array([300.0, 900.0, 2300.0, 100.0])
COST_SHARE = (0.48, 0.56)
REFUND_SHARE = 0.025
NPS_SHARE = 0.20
#: Score distributions 0..10: usual, and from customers upset by the price change.
SCORES_USUAL = np.array([0.02, 0.01, 0.01, 0.02, 0.02, 0.03, 0.04, 0.10, 0.20, 0.25, 0.30])
SCORES_UPSET = np.array([0.05, 0.03, 0.04, 0.05, 0.06, 0.08, 0.09, 0.12, 0.13, 0.17, 0.18])


@dataclass
class Orders:
    """Orders (amount > 0) and refunds (amount < 0), sorted by time."""

    customer: np.ndarray
    at: np.ndarray
    amount: np.ndarray  # USD
    cost: np.ndarray


@dataclass
class NpsAnswers:
    customer: np.ndarray
    at: np.ndarray
    score: np.ndarray


def build_orders(
    cal: Calendar, plan: StoryPlan, customers: Customers, rng: np.random.Generator
) -> Orders:
    start, cutoff = int(cal.midnight_us(0)), cal.cutoff_us
    begin = np.maximum(customers.acquired, start)
    end = np.where(customers.churned == NAT, cutoff, customers.churned)
    months = np.maximum(end - begin, 0) / (DAY_US * MONTH_DAYS)
    season = seasonality(cal, with_growth=False)
    peak = season.max()
    rate = ORDERS_MONTHLY[customers.kind] * peak / season.mean()
    count = rng.poisson(rate * months)
    who = np.repeat(np.arange(len(begin)), count)
    at = begin[who] + (rng.random(len(who)) * (end - begin)[who]).astype(np.int64)
    kept = rng.random(len(who)) < season[cal.day_index_of(at)] / peak
    who, at = who[kept], at[kept]

    fresh = np.flatnonzero(customers.acquired >= start)  # their first order is the purchase
    first = (
        customers.acquired[fresh]
        + MINUTE_US
        + (rng.random(len(fresh)) * 2 * HOUR_US).astype(np.int64)
    )
    ok = first < np.minimum(end[fresh], cutoff)
    who = np.concatenate([who, fresh[ok]])
    at = np.concatenate([at, first[ok]])

    kind = customers.kind[who]
    amount = (
        rng.lognormal(np.log(ORDER_MEDIAN[kind]), 0.6) * plan.price_factor()[cal.day_index_of(at)]
    )
    amount = np.maximum(np.round(amount, 2), 5.0)
    cost = np.round(amount * rng.uniform(*COST_SHARE, len(amount)), 2)

    refund = np.flatnonzero(rng.random(len(who)) < REFUND_SHARE)
    refund_at = at[refund] + (rng.uniform(3, 21, len(refund)) * DAY_US).astype(np.int64)
    share = np.where(rng.random(len(refund)) < 0.6, 1.0, rng.uniform(0.2, 0.6, len(refund)))
    ok = refund_at < cutoff
    refund, refund_at, share = refund[ok], refund_at[ok], share[ok]
    orders = Orders(
        np.concatenate([who, who[refund]]),
        np.concatenate([at, refund_at]),
        np.concatenate([amount, -np.round(amount[refund] * share, 2)]),
        np.concatenate([cost, np.zeros(len(refund))]),
    )
    order = np.argsort(orders.at, kind="stable")
    return Orders(*(a[order] for a in (orders.customer, orders.at, orders.amount, orders.cost)))


def build_nps(
    cal: Calendar, plan: StoryPlan, orders: Orders, rng: np.random.Generator
) -> NpsAnswers:
    """Some customers answer a survey a few days after an order; upset ones score lower."""
    asked = np.flatnonzero((orders.amount > 0) & (rng.random(len(orders.at)) < NPS_SHARE))
    at = orders.at[asked] + (rng.uniform(2, 10, len(asked)) * DAY_US).astype(np.int64)
    ok = at < cal.cutoff_us
    asked, at = asked[ok], at[ok]
    upset = rng.random(len(at)) < plan.nps_drop()[cal.day_index_of(at)]
    usual = rng.choice(11, size=len(at), p=SCORES_USUAL / SCORES_USUAL.sum())
    angry = rng.choice(11, size=len(at), p=SCORES_UPSET / SCORES_UPSET.sum())
    order = np.argsort(at, kind="stable")
    score = np.where(upset, angry, usual)
    return NpsAnswers(orders.customer[asked][order], at[order], score[order])
