"""Every KPI on the generated world against an independent, hand-written DuckDB query."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from kpi_asserts import assert_rows, keyed
from oracle_kpis import ORACLE, custom_oracle, run

from kpibridge.testing import fixture_cases as cases
from kpibridge.testing import fixture_expected as hand
from kpibridge.testing.fixture_world import build_fixture_world
from kpibridge.testing.generated_world import (
    CHANNELS,
    CUSTOM_METRIC,
    GENERATED_TIMEZONE,
    build_generated_world,
)
from kpibridge.workspace import Workspace

pytestmark = pytest.mark.slow

CUSTOM = f"custom:{CUSTOM_METRIC}"
ALL_KPIS = [*ORACLE, CUSTOM]
PLATFORM_KPIS = ["engagement_rate", "net_sentiment", "social_reach"]
NO_CHANNEL = {
    *PLATFORM_KPIS,
    "brand_awareness",
    "profit_margin",
    "return_on_capital",
    "market_share",
    "employee_turnover",
    "employee_engagement",
    CUSTOM,
}
CHANNEL_KPIS = [k for k in ALL_KPIS if k not in NO_CHANNEL]

# Windows aligned to the grain (week: Monday … Sunday).
WINDOWS = {
    "day": (date(2024, 10, 20), date(2024, 12, 10)),  # crosses the DST change of Oct 27
    "week": (date(2024, 6, 3), date(2024, 12, 29)),
    "month": (date(2024, 1, 1), date(2025, 3, 31)),
}


def _oracle(kpi: str) -> Any:
    return custom_oracle(CUSTOM_METRIC, "mean") if kpi == CUSTOM else ORACLE[kpi]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    ws = build_generated_world(tmp_path_factory.mktemp("generated") / "ws")
    yield ws
    ws.close()


def _check(ws: Workspace, kpi: str, grain: str, dim: str | None) -> None:
    start, end = WINDOWS[grain]
    by = (dim,) if dim else ()
    want = run(ws.warehouse.raw, _oracle(kpi), grain, dim, start, end, GENERATED_TIMEZONE)
    res = ws.engine.query(kpi, grain=grain, by=by, start=start, end=end)
    assert_rows(keyed(res.rows(), by), want, f"{kpi} {grain} by {by or 'nothing'}")


@pytest.mark.parametrize("grain", list(WINDOWS))
@pytest.mark.parametrize("kpi", ALL_KPIS)
def test_overall(world: Workspace, kpi: str, grain: str) -> None:
    _check(world, kpi, grain, None)


@pytest.mark.parametrize("grain", list(WINDOWS))
@pytest.mark.parametrize("kpi", CHANNEL_KPIS)
def test_by_channel(world: Workspace, kpi: str, grain: str) -> None:
    _check(world, kpi, grain, "channel")


@pytest.mark.parametrize("kpi", CHANNEL_KPIS)
def test_by_campaign_monthly(world: Workspace, kpi: str) -> None:
    """Campaigns include NULL (→ None); deals take the lead's campaign, else the customer's."""
    _check(world, kpi, "month", "campaign")


@pytest.mark.parametrize("grain", list(WINDOWS))
@pytest.mark.parametrize("kpi", PLATFORM_KPIS)
def test_by_platform(world: Workspace, kpi: str, grain: str) -> None:
    _check(world, kpi, grain, "platform")


UNALIGNED = {
    "week": (date(2024, 2, 10), date(2024, 11, 20)),  # Saturday … Wednesday
    "quarter": (date(2024, 2, 10), date(2025, 2, 20)),
}


@pytest.mark.parametrize("grain", list(UNALIGNED))
@pytest.mark.parametrize("kpi", [k for k in ALL_KPIS if k != "revenue_growth"])
def test_windows_cutting_periods(world: Workspace, kpi: str, grain: str) -> None:
    """Partial first and last periods: facts outside the window are left out; stocks are
    measured at `end` in the last period; period tables count only the window's days."""
    start, end = UNALIGNED[grain]
    for dim in (None, "channel") if kpi in CHANNEL_KPIS else (None,):
        by = (dim,) if dim else ()
        want = run(world.warehouse.raw, _oracle(kpi), grain, dim, start, end, GENERATED_TIMEZONE)
        res = world.engine.query(kpi, grain=grain, by=by, start=start, end=end)
        assert_rows(keyed(res.rows(), by), want, f"{kpi} {grain} by {by or 'nothing'}")


def test_every_channel_occurs_in_every_window(world: Workspace) -> None:
    """So that which facts define the dimension values cannot change the rows compared."""
    for grain, (start, end) in WINDOWS.items():
        for kpi in CHANNEL_KPIS:
            if kpi.startswith("email_"):
                continue  # e-mail events carry their own channel (email, social)
            got = run(
                world.warehouse.raw, _oracle(kpi), grain, "channel", start, end, GENERATED_TIMEZONE
            )
            assert set(CHANNELS) <= {key[1] for key in got}, (kpi, grain)


COMPARES = [  # (kpi, grain, compare, start, end, shift of the period looked up)
    ("sales_revenue", "month", "previous_year", date(2025, 1, 1), date(2025, 3, 31), "year"),
    ("cac", "month", "previous_year", date(2025, 1, 1), date(2025, 3, 31), "year"),
    ("churn_rate", "month", "previous_period", date(2024, 6, 1), date(2024, 12, 31), "month"),
    ("pipeline_value", "week", "previous_period", date(2024, 9, 2), date(2024, 10, 27), "week"),
    ("unique_visitors", "week", "previous_year", date(2025, 1, 6), date(2025, 3, 30), "52w"),
    ("profit_margin", "month", "previous_period", date(2024, 3, 1), date(2024, 8, 31), "month"),
    ("win_rate", "day", "previous_period", date(2024, 11, 1), date(2024, 11, 20), "day"),
    ("revenue_growth", "month", "previous_period", date(2024, 4, 1), date(2024, 9, 30), "month"),
]


def _shift(day: date, how: str) -> date:
    if how == "year":
        return day.replace(year=day.year - 1)
    if how == "month":
        return date(day.year - (day.month == 1), (day.month - 2) % 12 + 1, 1)
    return day - timedelta(days={"52w": 364, "week": 7, "day": 1}[how])


def _change(value: float | None, compare: float | None) -> float | None:
    return None if value is None or not compare else (value - compare) / abs(compare)


@pytest.mark.parametrize(
    ("kpi", "grain", "compare", "start", "end", "shift"),
    COMPARES,
    ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in COMPARES],
)
def test_compare(
    world: Workspace, kpi: str, grain: str, compare: str, start: date, end: date, shift: str
) -> None:
    dim = None if kpi in NO_CHANNEL else "channel"
    by = (dim,) if dim else ()
    wide = run(
        world.warehouse.raw, _oracle(kpi), grain, dim, _shift(start, shift), end, GENERATED_TIMEZONE
    )
    want = {k: v for k, v in wide.items() if k[0] >= start.isoformat()}
    before = {k: wide[(_shift(date.fromisoformat(k[0]), shift).isoformat(), *k[1:])] for k in want}
    changes = {k: _change(want[k], before[k]) for k in want}
    rows = world.engine.query(kpi, grain=grain, by=by, start=start, end=end, compare=compare).rows()
    assert_rows(keyed(rows, by), want, f"{kpi} value")
    assert_rows(keyed(rows, by, "compare_value"), before, f"{kpi} compare_value")
    assert_rows(keyed(rows, by, "change"), changes, f"{kpi} change")


# -- the oracle itself agrees with the values worked out by hand --------------------------------


@pytest.fixture(scope="module")
def fixture_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    ws = build_fixture_world(tmp_path_factory.mktemp("fixture") / "ws")
    yield ws
    ws.close()


_CUSTOM_FIXTURE = {
    "custom:innovation_index": "sum",
    "custom:innovation_mean": "mean",
    "custom:innovation_last": "last",
}


@pytest.mark.parametrize("kpi", list(hand.MONTHLY))
def test_oracle_matches_hand_values(fixture_world: Workspace, kpi: str) -> None:
    con, tz = fixture_world.warehouse.raw, fixture_world.config.timezone
    sql = (
        custom_oracle("innovation_index", _CUSTOM_FIXTURE[kpi])
        if kpi in _CUSTOM_FIXTURE
        else ORACLE[kpi]
    )
    overall = {(p,): v for p, v in zip(hand.MONTHS, hand.MONTHLY[kpi], strict=True)}
    assert_rows(run(con, sql, "month", None, *hand.WINDOW, tz), overall, kpi)
    by_dim = (("channel", hand.MONTHLY_BY_CHANNEL), ("platform", hand.MONTHLY_BY_PLATFORM))
    for dim, table in by_dim:
        if kpi in table:
            want = {
                (p, g): v
                for g, values in table[kpi].items()
                for p, v in zip(hand.MONTHS, values, strict=True)
            }
            assert_rows(run(con, sql, "month", dim, *hand.WINDOW, tz), want, f"{kpi} by {dim}")


@pytest.mark.parametrize(
    "case",
    [
        c
        for c in cases.CASES
        if c.start and not (c.compare or c.where) and c.by in ((), ("channel",))
    ],
    ids=lambda c: c.name,
)
def test_oracle_matches_hand_cases(fixture_world: Workspace, case: cases.Case) -> None:
    assert case.start and case.end
    got = run(
        fixture_world.warehouse.raw,
        ORACLE[case.kpi],
        case.grain,
        case.by[0] if case.by else None,
        case.start,
        case.end,
        fixture_world.config.timezone,
    )
    assert_rows(got, case.rows, case.name)
