"""Hand-worked comparison cases of the fixture world (previous period, previous year)."""

from __future__ import annotations

from datetime import date

from kpibridge.testing.fixture_case import Case
from kpibridge.testing.fixture_expected import FEB, JAN, MAR, WINDOW, F


def _d(text: str) -> date:
    return date.fromisoformat(text)


COMPARE_CASES: list[Case] = [
    Case(
        "sales_revenue vs previous month",
        "sales_revenue",
        "month",
        {(JAN,): 430, (FEB,): 560, (MAR,): F("425.50")},
        start=WINDOW[0],
        end=WINDOW[1],
        compare="previous_period",
        compare_rows={(JAN,): 0, (FEB,): 430, (MAR,): 560},
    ),
    Case(
        "cac vs previous month",
        "cac",
        "month",
        {(FEB,): F(100), (MAR,): F(225)},
        start=_d("2025-02-01"),
        end=WINDOW[1],
        compare="previous_period",
        compare_rows={(FEB,): F(400, 3), (MAR,): F(100)},
    ),
    Case(
        "churn_rate vs previous month (compare 0 -> change null)",
        "churn_rate",
        "month",
        {(FEB,): F(1, 5), (MAR,): F(3, 8)},
        start=_d("2025-02-01"),
        end=WINDOW[1],
        compare="previous_period",
        compare_rows={(FEB,): F(0), (MAR,): F(1, 5)},
    ),
    Case(
        "sessions by channel vs previous month",
        "sessions",
        "month",
        {(FEB, "email"): 1, (FEB, "search"): 3, (FEB, "social"): 3},
        by=("channel",),
        start=_d("2025-02-01"),
        end=_d("2025-02-28"),
        compare="previous_period",
        compare_rows={(FEB, "email"): 1, (FEB, "search"): 3, (FEB, "social"): 1},
    ),
    Case(
        "marketing_spend vs previous year (month)",
        "marketing_spend",
        "month",
        {(FEB,): 400},
        start=_d("2025-02-01"),
        end=_d("2025-02-28"),
        compare="previous_year",
        compare_rows={(FEB,): 100},
    ),
    Case(
        "marketing_spend by channel vs previous year",
        "marketing_spend",
        "month",
        {(FEB, "email"): 50, (FEB, "search"): 250, (FEB, "social"): 100},
        by=("channel",),
        start=_d("2025-02-01"),
        end=_d("2025-02-28"),
        compare="previous_year",
        compare_rows={(FEB, "email"): 0, (FEB, "search"): 100, (FEB, "social"): 0},
    ),
    # the period before February is all of January, Jan 31 included (linkedin 1500 that day)
    Case(
        "social_reach vs previous month includes the last day of January",
        "social_reach",
        "month",
        {(FEB,): 0},
        start=_d("2025-02-01"),
        end=_d("2025-02-28"),
        compare="previous_period",
        compare_rows={(FEB,): 10500},
    ),
    # week 2025-02-10 (social Feb 15: 100) vs 52 weeks earlier = week 2024-02-12 (Feb 14: 100)
    Case(
        "marketing_spend vs previous year (week = 52 weeks)",
        "marketing_spend",
        "week",
        {("2025-02-10",): 100},
        start=_d("2025-02-10"),
        end=_d("2025-02-16"),
        compare="previous_year",
        compare_rows={("2025-02-10",): 100},
    ),
    Case(
        "marketing_spend vs previous year (day)",
        "marketing_spend",
        "day",
        {("2025-02-14",): 0},
        start=_d("2025-02-14"),
        end=_d("2025-02-14"),
        compare="previous_year",
        compare_rows={("2025-02-14",): 100},
    ),
]
