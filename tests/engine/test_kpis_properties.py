"""Invariants of the engine on the generated world, over windows and grains drawn by Hypothesis."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kpi_asserts import assert_rows, keyed, same_value

from kpibridge.testing.generated_world import FIRST_DAY, build_generated_world
from kpibridge.workspace import Workspace

pytestmark = pytest.mark.slow

ADDITIVE = ["sessions", "leads", "marketing_spend", "sales_revenue", "new_customers"]
RATIOS = {  # ratio KPI: (numerator KPI, denominator KPI), each by the same channel
    "cac": ("marketing_spend", "new_customers"),
    "cost_per_lead": ("marketing_spend", "leads"),
    "visit_to_lead_rate": ("leads", "sessions"),
    "lead_to_customer_rate": ("new_customers", "leads"),
    "average_order_value": ("sales_revenue", "orders"),
    "arpu": ("sales_revenue", "active_customers"),
    "churn_rate": ("churned_customers", None),  # denominator: active at the end of P − 1
}
SETTINGS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])

starts = st.integers(0, 440).map(lambda n: FIRST_DAY + timedelta(days=n))
lengths = st.integers(0, 120)
grains = st.sampled_from(["day", "week", "month"])


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    ws = build_generated_world(tmp_path_factory.mktemp("generated") / "ws", seed=7)
    yield ws
    ws.close()


def _rows(
    ws: Workspace, kpi: str, grain: str, start: date, end: date, by: tuple[str, ...] = ()
) -> list[dict[str, Any]]:
    return ws.engine.query(kpi, grain=grain, by=by, start=start, end=end).rows()


def _period_start(day: date, grain: str) -> date:
    if grain == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1) if grain == "month" else day


def _total(values: list[Any]) -> float:
    return math.fsum(0.0 if v is None else v for v in values)


@SETTINGS
@given(kpi=st.sampled_from(ADDITIVE), grain=grains, start=starts, length=lengths)
def test_channels_add_up_to_the_total(
    world: Workspace, kpi: str, grain: str, start: date, length: int
) -> None:
    end = start + timedelta(days=length)
    total = keyed(_rows(world, kpi, grain, start, end), ())
    per_period: dict[tuple[Any, ...], list[Any]] = defaultdict(list)
    for row in _rows(world, kpi, grain, start, end, ("channel",)):
        per_period[(row["period"],)].append(row["value"])
    summed = {key: _total(per_period.get(key, [])) for key in total}
    assert_rows(summed, total, f"{kpi} {grain} {start}…{end}: sum over channels")


@SETTINGS
@given(
    kpi=st.sampled_from(ADDITIVE),
    coarse=st.sampled_from(["week", "month"]),
    start=starts,
    length=lengths,
)
def test_coarser_periods_are_sums_of_days(
    world: Workspace, kpi: str, coarse: str, start: date, length: int
) -> None:
    end = start + timedelta(days=length)
    days = _rows(world, kpi, "day", start, end)
    summed: dict[tuple[Any, ...], list[Any]] = defaultdict(list)
    for row in days:
        first = _period_start(date.fromisoformat(row["period"]), coarse)
        summed[(first.isoformat(),)].append(row["value"])
    coarse_rows = keyed(_rows(world, kpi, coarse, start, end), ())
    assert_rows(
        {k: _total(v) for k, v in summed.items()},
        coarse_rows,
        f"{kpi} {coarse} {start}…{end}: sum of days",
    )


@SETTINGS
@given(kpi=st.sampled_from(sorted(RATIOS)), grain=grains, start=starts, length=lengths)
def test_a_ratio_by_channel_is_its_parts_by_channel(
    world: Workspace, kpi: str, grain: str, start: date, length: int
) -> None:
    end = start + timedelta(days=length)
    numerator, denominator = RATIOS[kpi]
    num = keyed(_rows(world, numerator, grain, start, end, ("channel",)), ("channel",))
    if denominator is None:  # churn: customers active at the end of the previous period
        den = _active_at_previous_end(world, grain, start, end)
    else:
        den = keyed(_rows(world, denominator, grain, start, end, ("channel",)), ("channel",))
    got = keyed(_rows(world, kpi, grain, start, end, ("channel",)), ("channel",))
    want = {}
    for key in got:
        n, d = num.get(key) or 0.0, den.get(key) or 0.0
        want[key] = None if d == 0 else n / d
    assert_rows(got, want, f"{kpi} {grain} {start}…{end}: numerator / denominator")


def _active_at_previous_end(
    ws: Workspace, grain: str, start: date, end: date
) -> dict[tuple[Any, ...], Any]:
    """active_customers of P − 1, keyed by P (queried over a window one period earlier)."""
    before = _period_start(start, grain) - timedelta(days=1)
    rows = _rows(ws, "active_customers", grain, before, end, ("channel",))
    periods = sorted({r["period"] for r in rows})
    following = dict(pairwise(periods))
    return {
        (following[r["period"]], r["channel"]): r["value"] for r in rows if r["period"] in following
    }


@settings(SETTINGS, max_examples=8)
@given(grain=grains, start=starts, length=lengths)
def test_derived_kpis_agree_with_their_parts(
    world: Workspace, grain: str, start: date, length: int
) -> None:
    end = start + timedelta(days=length)
    by = ("channel",)
    churn = keyed(_rows(world, "churn_rate", grain, start, end, by), by)
    retention = keyed(_rows(world, "retention_rate", grain, start, end, by), by)
    arpu = keyed(_rows(world, "arpu", grain, start, end, by), by)
    clv = keyed(_rows(world, "clv", grain, start, end, by), by)
    for key, rate in churn.items():
        assert same_value(retention[key], None if rate is None else 1 - rate), key
        want = None if not rate or arpu[key] is None else arpu[key] / rate
        assert same_value(clv[key], want), key
