"""Every KPI of the catalog on the hand-made fixture world against values worked out by hand."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from kpi_asserts import assert_rows, keyed

from kpibridge.errors import QueryError
from kpibridge.testing.fixture_cases import CASES, Case, change
from kpibridge.testing.fixture_expected import (
    MONTHLY,
    MONTHLY_BY_CHANNEL,
    MONTHLY_BY_PLATFORM,
    MONTHS,
    WINDOW,
    ByDim,
)
from kpibridge.testing.fixture_world import DEALS_COLUMNS, build_fixture_world, insert_rows
from kpibridge.workspace import Workspace

CATALOG_IDS = [k for k in MONTHLY if not k.startswith("custom:")]
NO_DIMENSION_KPIS = [
    "brand_awareness",
    "profit_margin",
    "return_on_capital",
    "market_share",
    "employee_turnover",
    "employee_engagement",
]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    path: Path = tmp_path_factory.mktemp("fixture") / "ws"
    ws = build_fixture_world(path)
    yield ws
    ws.close()


def _query(
    ws: Workspace,
    kpi: str,
    grain: str = "month",
    by: tuple[str, ...] = (),
    start: date | None = WINDOW[0],
    end: date | None = WINDOW[1],
) -> Any:
    return ws.engine.query(kpi, grain=grain, by=by, start=start, end=end)


def test_the_catalog_has_every_kpi_of_the_contract(world: Workspace) -> None:
    assert len(CATALOG_IDS) == 41
    missing = [k for k in CATALOG_IDS if k not in world.catalog]
    assert not missing


@pytest.mark.parametrize("kpi", list(MONTHLY))
def test_monthly_overall(world: Workspace, kpi: str) -> None:
    res = _query(world, kpi)
    assert res.kpi == kpi and res.grain == "month"
    want = {(period,): value for period, value in zip(MONTHS, MONTHLY[kpi], strict=True)}
    assert_rows(keyed(res.rows(), ()), want, f"{kpi} monthly")


def _by_dim(table: dict[str, ByDim], kpi: str) -> dict[tuple[Any, ...], Any]:
    return {
        (period, dim): value
        for dim, values in table[kpi].items()
        for period, value in zip(MONTHS, values, strict=True)
    }


@pytest.mark.parametrize("kpi", list(MONTHLY_BY_CHANNEL))
def test_monthly_by_channel(world: Workspace, kpi: str) -> None:
    res = _query(world, kpi, by=("channel",))
    assert_rows(
        keyed(res.rows(), ("channel",)),
        _by_dim(MONTHLY_BY_CHANNEL, kpi),
        f"{kpi} monthly by channel",
    )


@pytest.mark.parametrize("kpi", list(MONTHLY_BY_PLATFORM))
def test_monthly_by_platform(world: Workspace, kpi: str) -> None:
    res = _query(world, kpi, by=("platform",))
    assert_rows(
        keyed(res.rows(), ("platform",)),
        _by_dim(MONTHLY_BY_PLATFORM, kpi),
        f"{kpi} monthly by platform",
    )


def test_every_channel_kpi_is_checked_by_channel(world: Workspace) -> None:
    with_channel = {k for k in CATALOG_IDS if "channel" in world.catalog.get(k).dimensions}
    assert with_channel == set(MONTHLY_BY_CHANNEL)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(world: Workspace, case: Case) -> None:
    res = world.engine.query(
        case.kpi,
        grain=case.grain,
        by=case.by,
        where=case.where,
        start=case.start,
        end=case.end,
        compare=case.compare,
    )
    rows = res.rows()
    assert_rows(keyed(rows, case.by), case.rows, f"{case.name}: value")
    if case.compare:
        assert_rows(
            keyed(rows, case.by, "compare_value"), case.compare_rows, f"{case.name}: compare_value"
        )
        changes = {k: change(case.rows[k], v) for k, v in case.compare_rows.items()}
        assert_rows(keyed(rows, case.by, "change"), changes, f"{case.name}: change")


def test_rows_are_sorted_by_period_then_dimension(world: Workspace) -> None:
    rows = _query(world, "sessions", by=("channel",)).rows()
    keys = [(r["period"], r["channel"]) for r in rows]
    assert keys == sorted(keys)
    assert len(keys) == 9


def test_frame_has_period_dims_and_float_values(world: Workspace) -> None:
    res = _query(world, "cac", by=("channel",))
    assert list(res.frame.columns[:3]) == ["period", "channel", "value"]
    assert all(isinstance(p, date) for p in res.frame["period"])
    assert res.frame["value"].isna().sum() == 2  # social Jan, email Mar
    assert res.unit == "money"
    assert isinstance(res.sql, str) and "spend" in res.sql.lower()


def test_null_ratio_is_none_in_rows_never_zero_or_inf(world: Workspace) -> None:
    rows = _query(world, "engagement_rate").rows()
    assert [r["value"] for r in rows][1] is None


@pytest.mark.parametrize("kpi", NO_DIMENSION_KPIS)
def test_dimensionless_kpi_refuses_channel(world: Workspace, kpi: str) -> None:
    with pytest.raises(QueryError):
        _query(world, kpi, by=("channel",))


def test_unknown_kpi_is_a_query_error(world: Workspace) -> None:
    with pytest.raises(QueryError):
        _query(world, "sales_revenu")


@pytest.mark.parametrize(
    "options",
    [
        {"grain": "fortnight"},
        {"compare": "bogus"},
        {"by": ("colour",)},
        {"where": {"colour": "red"}},
    ],
)
def test_bad_options_are_query_errors(world: Workspace, options: dict[str, Any]) -> None:
    with pytest.raises(QueryError):
        world.engine.query("sessions", **options)


def test_start_after_end_is_a_query_error(world: Workspace) -> None:
    with pytest.raises(QueryError):
        _query(world, "sessions", start=date(2025, 3, 1), end=date(2025, 2, 1))


def test_timezone_matters_utc_view_differs(world: Workspace) -> None:
    """Sanity of the fixture itself: seen in UTC, January would have o04 (60.00)."""
    got = world.warehouse.raw.execute(
        "SELECT sum(amount) FROM orders WHERE ordered_at < TIMESTAMPTZ '2025-02-01 00:00:00+00'"
        " AND ordered_at >= TIMESTAMPTZ '2025-01-01 00:00:00+00'"
    ).fetchall()[0]
    assert got is not None and float(got[0]) == 490.0
    assert MONTHLY["sales_revenue"][0] == 430


PIPELINE_AMOUNTS = ("672686.86", "4237321.25", "3819109.32", "1276090.06")


def test_pipeline_is_exact_in_cents(tmp_path: Path) -> None:
    """Deals opened on Jan 1–4 and closed on Jan 5–8: the pipeline is the exact decimal sum and
    exactly 0 once all are closed (a float running sum leaves 9.3e-10 here), so the change
    against an empty pipeline is null, not 1e14 %."""
    ws = Workspace.init(tmp_path / "ws", currency="EUR", timezone="Europe/Berlin")
    deals = [
        (
            f"x{i}",
            None,
            None,
            f"2025-01-0{i + 1} 10:00:00+00",
            "won",
            f"2025-01-0{i + 5} 10:00:00+00",
            amount,
            "EUR",
            1,
        )
        for i, amount in enumerate(PIPELINE_AMOUNTS)
    ]
    insert_rows(ws, "deals", DEALS_COLUMNS, deals)
    rows = ws.engine.query(
        "pipeline_value",
        grain="day",
        start=date(2025, 1, 1),
        end=date(2025, 1, 10),
        compare="previous_period",
    ).rows()
    open_amounts = [Decimal(a) for a in PIPELINE_AMOUNTS]
    want = [sum(open_amounts[: i + 1], Decimal(0)) for i in range(4)]
    want += [sum(open_amounts[i + 1 :], Decimal(0)) for i in range(4)] + [Decimal(0)] * 2
    assert [r["value"] for r in rows] == [float(w) for w in want]
    assert rows[-1]["compare_value"] == 0.0 and rows[-1]["change"] is None
    ws.close()
