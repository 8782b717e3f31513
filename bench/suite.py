"""The KPI suite the benchmark computes, its window, and how three implementations are compared.

Every implementation returns the same long frame: one row per (kpi, period, channel) with a
float value (NaN for null). `channel` is None for the KPIs computed overall.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

#: Every KPI with a `channel` dimension: computed monthly by channel.
CHANNEL_KPIS: tuple[str, ...] = (
    "marketing_spend",
    "sessions",
    "unique_visitors",
    "ad_impressions",
    "ad_ctr",
    "leads",
    "mqls",
    "sqls",
    "cost_per_lead",
    "visit_to_lead_rate",
    "lead_to_customer_rate",
    "cac",
    "new_customers",
    "active_customers",
    "churned_customers",
    "churn_rate",
    "retention_rate",
    "arpu",
    "clv",
    "ltv_cac_ratio",
    "nps",
    "email_open_rate",
    "email_click_rate",
    "sales_revenue",
    "orders",
    "average_order_value",
    "revenue_growth",
    "gross_margin",
    "romi",
    "win_rate",
    "pipeline_value",
    "sales_cycle_days",
)
#: The KPIs without a `channel` dimension: computed monthly, overall.
OVERALL_KPIS: tuple[str, ...] = (
    "profit_margin",
    "return_on_capital",
    "market_share",
    "employee_turnover",
    "employee_engagement",
    "engagement_rate",
    "net_sentiment",
    "social_reach",
    "brand_awareness",
)
COLUMNS = ["kpi", "period", "channel", "value"]
#: Stand-in for a missing channel when rows are keyed (the engine's own marker).
NO_CHANNEL = "\u2205"
REL_TOL = 1e-6
ABS_TOL = 1e-9


@dataclass(frozen=True)
class Window:
    """Local days `first`..`last` (inclusive), month-aligned at the start, in `timezone`."""

    first: date
    last: date
    timezone: str

    def __post_init__(self) -> None:
        if self.first.day != 1 or self.last < self.first:
            raise ValueError(f"the window must start on the 1st of a month: {self}")

    @property
    def previous(self) -> date:
        """First day of the month before the window (month-on-month growth reads it)."""
        return (self.first.replace(day=1) - timedelta(days=1)).replace(day=1)

    @property
    def after(self) -> date:
        return self.last + timedelta(days=1)

    def to_dict(self) -> dict[str, str]:
        return {
            "first": self.first.isoformat(),
            "last": self.last.isoformat(),
            "timezone": self.timezone,
        }

    @classmethod
    def from_dict(cls, data: dict[str, str]) -> Window:
        return cls(
            date.fromisoformat(data["first"]), date.fromisoformat(data["last"]), data["timezone"]
        )


def long_frame(wide: pd.DataFrame, kpis: tuple[str, ...], by_channel: bool) -> pd.DataFrame:
    """(period, [channel], kpi columns …) → the common long shape."""
    frame = wide.copy()
    if not by_channel:
        frame["channel"] = None
    frame["period"] = pd.to_datetime(frame["period"]).dt.strftime("%Y-%m-%d")
    out = frame.melt(id_vars=["period", "channel"], value_vars=list(kpis), var_name="kpi")
    out["value"] = pd.to_numeric(out["value"], errors="coerce").astype("float64")
    out["channel"] = out["channel"].astype(object).where(out["channel"].notna(), None)
    return out[COLUMNS].reset_index(drop=True)


@dataclass
class Comparison:
    """How two implementations' values differ."""

    left: str
    right: str
    compared: int
    mismatches: list[str]

    @property
    def ok(self) -> bool:
        return self.compared > 0 and not self.mismatches


def compare(left: pd.DataFrame, right: pd.DataFrame, names: tuple[str, str]) -> Comparison:
    """Every (kpi, period, channel) value of `left` against `right` (rel. tolerance 1e-6)."""
    keyed = [_keyed(frame) for frame in (left, right)]
    joined = keyed[0].merge(
        keyed[1], on=["kpi", "period", "key"], how="outer", suffixes=("_l", "_r"), indicator=True
    )
    problems = []
    for row in joined.to_dict("records"):
        where = f"{row['kpi']} {row['period']} {row['key']}"
        if row["_merge"] != "both":
            side = names[0] if row["_merge"] == "left_only" else names[1]
            problems.append(f"{where}: only in {side}")
        elif not _same(row["value_l"], row["value_r"]):
            problems.append(f"{where}: {names[0]}={row['value_l']!r} {names[1]}={row['value_r']!r}")
    return Comparison(names[0], names[1], len(joined), problems)


def _keyed(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame[["kpi", "period", "value"]].copy()
    out["key"] = frame["channel"].astype(object).where(frame["channel"].notna(), NO_CHANNEL)
    return out[["kpi", "period", "key", "value"]]


def _same(a: float, b: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=ABS_TOL)
