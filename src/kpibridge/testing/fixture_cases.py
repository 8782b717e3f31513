"""Single hand-worked cases of the fixture world: other grains, windows, time zones, compare.

The arithmetic of each value is in the comments; see `fixture_expected` for the conventions.
"""

from __future__ import annotations

from datetime import date

from kpibridge.testing.fixture_case import Case, change
from kpibridge.testing.fixture_compare import COMPARE_CASES
from kpibridge.testing.fixture_expected import APR, FEB, JAN, MAR, WINDOW, F


# ---------------------------------------------------------------------------------------------
# Single cases: other grains, windows, time zones, compare
# ---------------------------------------------------------------------------------------------
def _d(text: str) -> date:
    return date.fromisoformat(text)


SESSIONS_WEEKLY = {  # ISO weeks by local day of the sessions (default window: Jan 2 … Apr 1)
    ("2024-12-30",): 2,  # s01 s02 (Jan 2)
    ("2025-01-06",): 1,  # s03
    ("2025-01-13",): 1,  # s04
    ("2025-01-20",): 1,  # s05
    ("2025-01-27",): 1,  # s06 (Feb 1 local)
    ("2025-02-03",): 2,  # s07 s08
    ("2025-02-10",): 2,  # s09 s10
    ("2025-02-17",): 1,  # s11
    ("2025-02-24",): 3,  # s12 (Feb 25), s13 (Mar 1), s14 (Mar 2)
    ("2025-03-03",): 1,  # s15
    ("2025-03-10",): 1,  # s16
    ("2025-03-17",): 1,  # s17
    ("2025-03-24",): 0,  # nothing
    ("2025-03-31",): 1,  # s18 (Apr 1 local)
}

# Week 2025-01-27 … 2025-02-02: 5 days of the January rows (31 days) + 2 days of the
# Feb–Mar rows (59 days).
_WEEK = ("2025-01-27",)
_WS, _WE = _d("2025-01-27"), _d("2025-02-02")

_GRAIN_AND_WINDOW_CASES: list[Case] = [
    Case("sessions weekly, default window", "sessions", "week", SESSIONS_WEEKLY),
    Case(
        "sessions monthly, default window ends in April (s18)",
        "sessions",
        "month",
        {(JAN,): 5, (FEB,): 7, (MAR,): 5, (APR,): 1},
    ),
    Case(
        "marketing_spend default window from Feb 2024: empty months are 0",
        "marketing_spend",
        "month",
        {
            ("2024-02-01",): 100,
            **{(f"2024-{m:02d}-01",): 0 for m in range(3, 13)},
            (JAN,): 400,
            (FEB,): 400,
            (MAR,): 450,
        },
    ),
    Case(
        "social_reach default window: February has no rows -> 0",
        "social_reach",
        "month",
        {(JAN,): 10500, (FEB,): 0, (MAR,): 7500},
    ),
    Case(
        "engagement_rate default window: February 0/0 -> null",
        "engagement_rate",
        "month",
        {(JAN,): F(830, 15000), (FEB,): None, (MAR,): F(7, 100)},
    ),
    # tz: o12 at 2025-03-31 23:30 UTC is Apr 1 01:30 CEST -> April
    Case(
        "order at 23:30 UTC on Mar 31 counts in April (UTC+2)",
        "sales_revenue",
        "month",
        {(MAR,): F("425.50"), (APR,): 400},
        start=_d("2025-03-01"),
        end=_d("2025-04-30"),
    ),
    Case(
        "end=Mar 31 excludes the Apr 1 local order",
        "sales_revenue",
        "month",
        {(MAR,): F("425.50")},
        start=_d("2025-03-01"),
        end=_d("2025-03-31"),
    ),
    Case(
        "order at 23:30 UTC on Jan 31 counts on Feb 1 (UTC+1)",
        "sales_revenue",
        "day",
        {("2025-01-30",): 0, ("2025-01-31",): 0, ("2025-02-01",): 60, ("2025-02-02",): 0},
        start=_d("2025-01-30"),
        end=_d("2025-02-02"),
    ),
    Case(
        "daily around the DST month end",
        "sales_revenue",
        "day",
        {("2025-03-31",): 0, ("2025-04-01",): 400},
        start=_d("2025-03-31"),
        end=_d("2025-04-01"),
    ),
    Case(
        "new customers daily around Feb 1",
        "new_customers",
        "day",
        {
            ("2025-01-30",): 0,
            ("2025-01-31",): 0,
            ("2025-02-01",): 1,
            ("2025-02-02",): 0,
            ("2025-02-03",): 1,
        },
        start=_d("2025-01-30"),
        end=_d("2025-02-03"),
    ),
    # channels in the window: c05 social, c06 search only
    Case(
        "new customers weekly by channel",
        "new_customers",
        "week",
        {
            ("2025-01-27", "search"): 0,
            ("2025-01-27", "social"): 1,
            ("2025-02-03", "search"): 1,
            ("2025-02-03", "social"): 0,
        },
        by=("channel",),
        start=_d("2025-01-27"),
        end=_d("2025-02-09"),
    ),
    # weeks: Jan 27 o04 60; Feb 3 o05 120; Feb 10 o06 300 + o07 −50
    Case(
        "sales_revenue weekly",
        "sales_revenue",
        "week",
        {("2025-01-27",): 60, ("2025-02-03",): 120, ("2025-02-10",): 250},
        start=_d("2025-01-27"),
        end=_d("2025-02-16"),
    ),
    # 60 / (10000 × 5/31 + 200 × 2)
    Case(
        "market_share over a week spanning two market rows",
        "market_share",
        "week",
        {_WEEK: F(60) / (F(10000 * 5, 31) + 400)},
        start=_WS,
        end=_WE,
    ),
    # (6200 × 5/31 + 5900 × 2/59) / (31000 × 5/31 + 59000 × 2/59) = 1200/7000
    Case(
        "profit_margin over a week spanning two rows",
        "profit_margin",
        "week",
        {_WEEK: F(1200, 7000)},
        start=_WS,
        end=_WE,
    ),
    # (10000 × 5/31 + 11800 × 2/59) / ((100000 × 5 + 118000 × 2)/7)
    Case(
        "return_on_capital over a week spanning two rows",
        "return_on_capital",
        "week",
        {_WEEK: (F(10000 * 5, 31) + 400) / F(100000 * 5 + 118000 * 2, 7)},
        start=_WS,
        end=_WE,
    ),
    # (3 × 5/31 + 6 × 2/59) / ((102 × 5 + 107 × 2)/7)
    Case(
        "employee_turnover over a week spanning two rows",
        "employee_turnover",
        "week",
        {_WEEK: (F(15, 31) + F(12, 59)) / F(102 * 5 + 107 * 2, 7)},
        start=_WS,
        end=_WE,
    ),
    # (20 × 5 + 30 × 2)/7
    Case(
        "employee_engagement over a week spanning two rows",
        "employee_engagement",
        "week",
        {_WEEK: F(160, 7)},
        start=_WS,
        end=_WE,
    ),
    # one day of the Feb–Mar market row: 60 / 200
    Case(
        "market_share on one day",
        "market_share",
        "day",
        {("2025-02-01",): F(60, 200)},
        start=_d("2025-02-01"),
        end=_d("2025-02-01"),
    ),
    # (3/31) / 102
    Case(
        "employee_turnover on one day",
        "employee_turnover",
        "day",
        {("2025-01-31",): F(3, 31) / 102},
        start=_d("2025-01-31"),
        end=_d("2025-01-31"),
    ),
    # Q1: sums of the months; capital and headcounts day-weighted over 90 days
    Case(
        "sales_revenue quarterly",
        "sales_revenue",
        "quarter",
        {(JAN,): F("1415.50")},
        start=WINDOW[0],
        end=WINDOW[1],
    ),
    Case(
        "sales_revenue yearly",
        "sales_revenue",
        "year",
        {(JAN,): F("1415.50")},
        start=WINDOW[0],
        end=WINDOW[1],
    ),
    Case(
        "profit_margin quarterly",
        "profit_margin",
        "quarter",
        {(JAN,): F(6200 + 5900, 31000 + 59000)},
        start=WINDOW[0],
        end=WINDOW[1],
    ),
    # (10000 + 11800) / ((100000 × 31 + 118000 × 59)/90)
    Case(
        "return_on_capital quarterly",
        "return_on_capital",
        "quarter",
        {(JAN,): F(21800) / F(100000 * 31 + 118000 * 59, 90)},
        start=WINDOW[0],
        end=WINDOW[1],
    ),
    # 9 / ((102 × 31 + 107 × 59)/90)
    Case(
        "employee_turnover quarterly",
        "employee_turnover",
        "quarter",
        {(JAN,): F(9) / F(102 * 31 + 107 * 59, 90)},
        start=WINDOW[0],
        end=WINDOW[1],
    ),
    # (20 × 31 + 30 × 59)/90
    Case(
        "employee_engagement quarterly",
        "employee_engagement",
        "quarter",
        {(JAN,): F(20 * 31 + 30 * 59, 90)},
        start=WINDOW[0],
        end=WINDOW[1],
    ),
    # churned in Q1 (c02, c04, c07, c12) / active at end of Q4 2024 (c01, c02)
    Case(
        "churn_rate quarterly",
        "churn_rate",
        "quarter",
        {(JAN,): F(4, 2)},
        start=WINDOW[0],
        end=WINDOW[1],
    ),
    Case(
        "active_customers quarterly",
        "active_customers",
        "quarter",
        {(JAN,): 7},
        start=WINDOW[0],
        end=WINDOW[1],
    ),
    # d11: created Mar 25 10:00 UTC, closed Apr 2 10:00 UTC = 8 × 24 h elapsed (the wall clock
    # in Berlin says 11:00 CET -> 12:00 CEST, but the duration of two instants is 8.0 days)
    Case(
        "sales_cycle_days across the DST change is elapsed time",
        "sales_cycle_days",
        "month",
        {(APR,): F(8)},
        start=_d("2025-04-01"),
        end=_d("2025-04-30"),
    ),
    # windows: Feb 10 … Mar 5 -> Feb s09 s10 s11 s12; Mar s13 s14 s15
    Case(
        "sessions in a mid-month window",
        "sessions",
        "month",
        {(FEB,): 4, (MAR,): 3},
        start=_d("2025-02-10"),
        end=_d("2025-03-05"),
    ),
    Case(
        "sessions by channel in a mid-month window",
        "sessions",
        "month",
        {
            (FEB, "email"): 1,
            (FEB, "search"): 1,
            (FEB, "social"): 2,
            (MAR, "email"): 0,
            (MAR, "search"): 2,
            (MAR, "social"): 1,
        },
        by=("channel",),
        start=_d("2025-02-10"),
        end=_d("2025-03-05"),
    ),
    # stock measured at min(end of month, Mar 10): end-Feb set − c07 (Mar 1) − c04 (Mar 5) + c09
    Case(
        "active_customers with end inside March",
        "active_customers",
        "month",
        {(FEB,): 8, (MAR,): 7},
        start=_d("2025-02-01"),
        end=_d("2025-03-10"),
    ),
    # at Feb 20: d05 1500 + d09 600 open (d06 created Feb 22)
    Case(
        "pipeline_value with end inside February",
        "pipeline_value",
        "month",
        {(FEB,): 2100},
        start=_d("2025-02-01"),
        end=_d("2025-02-20"),
    ),
    # growth of February needs January revenue (430), outside the window
    Case(
        "revenue_growth starting in February",
        "revenue_growth",
        "month",
        {(FEB,): F(560, 430) - 1, (MAR,): F("425.50") / 560 - 1},
        start=_d("2025-02-01"),
        end=_d("2025-03-31"),
    ),
    Case(
        "churn_rate starting in February",
        "churn_rate",
        "month",
        {(FEB,): F(1, 5), (MAR,): F(3, 8)},
        start=_d("2025-02-01"),
        end=_d("2025-03-31"),
    ),
    # March: spend channels search, social; customers c09 social, c10 search -> no email row
    Case(
        "cac by channel in March has no email row",
        "cac",
        "month",
        {(MAR, "search"): F(330), (MAR, "social"): F(120)},
        by=("channel",),
        start=_d("2025-03-01"),
        end=_d("2025-03-31"),
    ),
    # campaigns in Feb: brand s07 s12, promo s08, spring s09 s10, newsletter s11, NULL s06
    Case(
        "sessions by campaign with a NULL campaign",
        "sessions",
        "month",
        {
            (FEB, None): 1,
            (FEB, "brand"): 2,
            (FEB, "newsletter"): 1,
            (FEB, "promo"): 1,
            (FEB, "spring"): 2,
        },
        by=("campaign",),
        start=_d("2025-02-01"),
        end=_d("2025-02-28"),
    ),
    # orders in March: search o10, social o09 o11; email's only order is in February, before
    # the window, so there is no email row (February revenue is still the base of growth)
    Case(
        "revenue_growth by channel: dimension values from the window only",
        "revenue_growth",
        "month",
        {(MAR, "search"): F(150, 350) - 1, (MAR, "social"): F("275.50") / 120 - 1},
        by=("channel",),
        start=_d("2025-03-01"),
        end=_d("2025-03-31"),
    ),
    # default window: spend from Feb 2024 to Mar 31 2025, customers Dec 2024 to Apr 1 2025
    Case(
        "cac default window spans both inputs",
        "cac",
        "month",
        {
            ("2024-02-01",): None,
            **{(f"2024-{m:02d}-01",): None for m in range(3, 12)},
            ("2024-12-01",): F(0),
            (JAN,): F(400, 3),
            (FEB,): F(100),
            (MAR,): F(225),
            (APR,): F(0),
        },
    ),
    # stock KPIs, default window: from the first to the last date of any of their instants
    # (acquired Dec 10 2024 … acquired Apr 1 2025; deals created Jan 10 … closed Apr 2)
    Case(
        "active_customers default window",
        "active_customers",
        "month",
        {("2024-12-01",): 2, (JAN,): 5, (FEB,): 8, (MAR,): 7, (APR,): 8},
    ),  # + c11 in April
    Case(
        "pipeline_value default window",
        "pipeline_value",
        "month",
        {(JAN,): 3100, (FEB,): 2400, (MAR,): 3100, (APR,): 2200},
    ),  # April: d05 + d08
    Case(
        "a window without facts: one row, 0",
        "sessions",
        "month",
        {("2030-01-01",): 0},
        start=_d("2030-01-01"),
        end=_d("2030-01-31"),
    ),
    Case(
        "a window without facts by channel: no rows",
        "sessions",
        "month",
        {},
        by=("channel",),
        start=_d("2030-01-01"),
        end=_d("2030-01-31"),
    ),
    # a window from a Wednesday: the week is still named by its Monday; s03 (Jan 9), s04 (Jan 15)
    Case(
        "weeks named by their Monday when the window starts mid-week",
        "sessions",
        "week",
        {("2025-01-06",): 1, ("2025-01-13",): 1},
        start=_d("2025-01-08"),
        end=_d("2025-01-19"),
    ),
    # combinations that occur in February: (search, brand) s07 s12, (search, promo) s08,
    # (social, NULL) s06, (social, spring) s09 s10, (email, newsletter) s11
    Case(
        "sessions by channel and campaign",
        "sessions",
        "month",
        {
            (FEB, "email", "newsletter"): 1,
            (FEB, "search", "brand"): 2,
            (FEB, "search", "promo"): 1,
            (FEB, "social", None): 1,
            (FEB, "social", "spring"): 2,
        },
        by=("channel", "campaign"),
        start=_d("2025-02-01"),
        end=_d("2025-02-28"),
    ),
    # segment from the lead, else the customer: Jan d01 (l01 smb) won; Feb d02 (l02 ent) lost,
    # d03 (l04 smb) won, d04 (no lead, c07 smb) won
    Case(
        "win_rate by segment through lead and customer",
        "win_rate",
        "month",
        {(JAN, "smb"): F(1), (JAN, "ent"): None, (FEB, "smb"): F(1), (FEB, "ent"): F(0)},
        by=("segment",),
        start=_d("2025-01-01"),
        end=_d("2025-02-28"),
    ),
    Case(
        "where on a dimension borrowed from the customer",
        "sales_revenue",
        "month",
        {(JAN,): 350, (FEB,): 350, (MAR,): 150},
        start=WINDOW[0],
        end=WINDOW[1],
        where={"channel": "search"},
    ),
    Case(
        "where on a ratio",
        "cac",
        "month",
        {(JAN,): F(50), (FEB,): F(50), (MAR,): None},
        start=WINDOW[0],
        end=WINDOW[1],
        where={"channel": "email"},
    ),
    Case(
        "where channel = search",
        "sessions",
        "month",
        {(JAN,): 3, (FEB,): 3, (MAR,): 3},
        start=WINDOW[0],
        end=WINDOW[1],
        where={"channel": "search"},
    ),
    Case(
        "where channel in (search, email)",
        "sessions",
        "month",
        {(JAN,): 4, (FEB,): 4, (MAR,): 3},
        start=WINDOW[0],
        end=WINDOW[1],
        where={"channel": ("search", "email")},
    ),
]


CASES: list[Case] = _GRAIN_AND_WINDOW_CASES + COMPARE_CASES

__all__ = ["CASES", "Case", "change"]
