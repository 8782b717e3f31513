"""The company's figures: exchange rates, quarterly financials, market size, HR and the
hand-kept monthly metrics (innovation, CO₂, shareholder value).

Financials are computed from the generated orders and spend, so reported revenue matches
the sum of orders quarter by quarter. The last quarter is quarter-to-date (up to yesterday).
"""

from __future__ import annotations

import numpy as np

from kpibridge.demo.calendar import Calendar
from kpibridge.demo.stories import StoryPlan

#: Starting rate (USD per unit) and daily volatility of the currencies spend is paid in.
FX = {"EUR": (1.08, 0.004), "GBP": (1.27, 0.0045)}
FX_LEAD_DAYS = 7  # rates start a week before the first day
SALARY_QUARTER = 19_000.0  # USD per employee and quarter
PAYROLL_SHARE = 0.16  # headcount follows revenue: payroll ≈ this share of revenue
OVERHEAD_SHARE = 0.03
TAX_RATE = 0.29


def build_fx(cal: Calendar, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Daily rates per currency, one per day of the calendar (USD = 1)."""
    n = cal.n_days
    rates = {"USD": np.ones(n)}
    for currency, (level, vol) in FX.items():
        walk = np.cumsum(rng.normal(0.0, vol, n))
        walk -= np.linspace(0.0, walk[-1], n) * 0.7  # keep it near its level
        rates[currency] = np.round(level * np.exp(walk), 6)
    return rates


def fx_table(cal: Calendar, rates: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Rows for every day, from FX_LEAD_DAYS before the first (at the first day's rate)."""
    days = np.arange(-FX_LEAD_DAYS, cal.n_days)
    foreign = [c for c in rates if c != "USD"]
    return {
        "day": np.tile(days, len(foreign)),
        "currency": np.repeat(np.array(foreign, dtype=object), len(days)),
        "rate": np.concatenate([rates[c][np.maximum(days, 0)] for c in foreign]),
    }


def quarter_bounds(cal: Calendar) -> tuple[np.ndarray, np.ndarray]:
    quarters = cal.quarters()
    return np.array([q.first for q in quarters]), np.array([q.stop - 1 for q in quarters])


def _per_quarter(cal: Calendar, daily: np.ndarray) -> np.ndarray:
    first, last = quarter_bounds(cal)
    return np.array([daily[a : b + 1].sum() for a, b in zip(first, last, strict=True)])


def build_hr(cal: Calendar, revenue: np.ndarray, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Headcount follows revenue (annualised), a few leave every quarter, eNPS wanders."""
    first, last = quarter_bounds(cal)
    days = last - first + 1
    annual = _per_quarter(cal, revenue) * 365.25 / days
    target = np.maximum(np.round(annual * PAYROLL_SHARE / (4 * SALARY_QUARTER)), 3)
    end = np.maximum.accumulate(target).astype(np.int64)
    start = np.concatenate([[end[0]], end[:-1]])
    leavers = rng.binomial(end, 0.035 * days / 91)
    enps = np.clip(np.round(24 + np.cumsum(rng.normal(0, 4, len(end))), 1), -100, 100)
    return {
        "first": first,
        "last": last,
        "headcount_start": start,
        "headcount_end": end,
        "leavers": leavers,
        "enps": enps,
    }


def build_financials(
    cal: Calendar,
    revenue: np.ndarray,
    cogs: np.ndarray,
    spend: np.ndarray,
    hr: dict[str, np.ndarray],
    scale: float,
) -> dict[str, np.ndarray]:
    first, last = quarter_bounds(cal)
    days = last - first + 1
    rev, cost, marketing = (_per_quarter(cal, x) for x in (revenue, cogs, spend))
    payroll = (hr["headcount_start"] + hr["headcount_end"]) / 2 * SALARY_QUARTER * days / 91
    opex = marketing + payroll + OVERHEAD_SHARE * rev
    operating = rev - cost - opex
    capital = 0.45 * rev * 365.25 / days + 1_500_000 * scale
    interest = 0.01 * capital * days / 365.25
    net = np.where(operating > 0, operating * (1 - TAX_RATE), operating) - interest
    return {
        "first": first,
        "last": last,
        "revenue": rev,
        "cogs": cost,
        "operating_expenses": opex,
        "operating_profit": operating,
        "net_profit": net,
        "capital_employed": capital,
    }


def build_market(
    cal: Calendar, revenue: np.ndarray, rng: np.random.Generator
) -> dict[str, np.ndarray]:
    """The total market, sized so that Northwind's share creeps from ~2.6 % to ~3.3 %."""
    first, last = quarter_bounds(cal)
    share = 0.026 + 0.007 * first / cal.n_days + rng.normal(0, 0.0008, len(first))
    return {"first": first, "last": last, "market_revenue": _per_quarter(cal, revenue) / share}


def build_metric_values(
    cal: Calendar, plan: StoryPlan, revenue: np.ndarray, rng: np.random.Generator
) -> dict[str, np.ndarray]:
    """Monthly hand-kept KPIs, dated on the first of each month."""
    months = cal.months()
    day = np.array([m.first for m in months])
    t = day / cal.n_days
    n = len(day)
    innovation = 0.16 + 0.06 * t + np.where(day >= plan.launch_start, 0.03, 0.0)
    innovation += rng.normal(0, 0.004, n)
    co2 = 5.2 - 0.8 * t + rng.normal(0, 0.08, n)
    trailing = np.array(
        [revenue[max(0, m.stop - 365) : m.stop].sum() * 365 / min(m.stop, 365) for m in months]
    )
    value = 2.2 * trailing * (1 + rng.normal(0, 0.03, n))
    kpis = ("innovation_rate", "co2_per_order", "shareholder_value")
    values = (np.round(innovation, 4), np.round(co2, 3), np.round(value, -3))
    return {
        "kpi": np.repeat(np.array(kpis, dtype=object), n),
        "day": np.tile(day, len(kpis)),
        "value": np.concatenate(values),
    }
