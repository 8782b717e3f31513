"""Engine behaviour beyond single KPI values: custom and cohort KPIs, errors, empty data."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kpibridge.errors import QueryError
from kpibridge.workspace import Workspace

CUSTOM_KPIS = """
kpis:
  - id: custom:innovation_rate
    name: Innovation rate
    kind: custom
    custom: {metric: innovation_rate, aggregate: mean}
    unit: percent
    dimensions: [region]
  - id: custom:co2_tonnes
    name: CO2 emitted
    kind: custom
    custom: {metric: co2, aggregate: sum}
    unit: number
    direction: down
  - id: custom:shareholder_value
    name: Shareholder value
    kind: custom
    custom: {metric: shareholder_value, aggregate: last}
    unit: money
  - id: revenue_first_30_days
    name: Revenue of new customers in their first 30 days
    kind: cohort
    cohort:
      within_days: 30
      measure: {table: orders, aggregate: sum, column: amount}
    unit: money
"""


@pytest.fixture()
def workspace(tmp_path: Path) -> Workspace:
    ws = Workspace.init(tmp_path / "ws", timezone="UTC")
    (ws.path / "kpis" / "custom.yaml").write_text(CUSTOM_KPIS, encoding="utf-8")
    ws.close()
    ws = Workspace(tmp_path / "ws")
    raw = ws.warehouse.raw
    raw.execute(
        """INSERT INTO metric_values VALUES
        ('innovation_rate', '2025-01-31', 0.10, NULL, NULL),
        ('innovation_rate', '2025-02-28', 0.20, NULL, NULL),
        ('innovation_rate', '2025-02-15', 0.30, NULL, NULL),
        ('innovation_rate', '2025-02-28', 0.50, 'region', 'EU'),
        ('innovation_rate', '2025-02-28', 0.70, 'region', 'US'),
        ('co2', '2025-01-10', 3, NULL, NULL), ('co2', '2025-01-20', 4, NULL, NULL),
        ('shareholder_value', '2025-01-05', 100, NULL, NULL),
        ('shareholder_value', '2025-01-25', 120, NULL, NULL),
        ('shareholder_value', '2025-02-25', 90, NULL, NULL)"""
    )
    raw.execute(
        """INSERT INTO customers VALUES
        ('c1', '2025-01-10 08:00+00', 'email', NULL, NULL, NULL, NULL),
        ('c2', '2025-02-01 08:00+00', 'search', NULL, NULL, NULL, NULL)"""
    )
    raw.execute(
        """INSERT INTO orders VALUES
        ('o1', 'c1', '2025-01-10 09:00+00', 50, 0, NULL, 1),
        ('o2', 'c1', '2025-02-08 09:00+00', 20, 0, NULL, 1),
        ('o3', 'c1', '2025-02-10 09:00+00', 99, 0, NULL, 1),
        ('o4', 'c2', '2025-02-02 09:00+00', 10, 0, NULL, 1)"""
    )
    return ws


def values(ws: Workspace, kpi: str, **options: object) -> list[tuple[object, ...]]:
    result = ws.engine.query(kpi, **options)  # type: ignore[arg-type]
    return [tuple(row.values()) for row in result.rows()]


def test_custom_mean_sum_and_last(workspace: Workspace) -> None:
    assert values(workspace, "custom:innovation_rate") == [
        ("2025-01-01", pytest.approx(0.10)),
        ("2025-02-01", pytest.approx(0.25)),
    ]
    assert values(workspace, "custom:co2_tonnes") == [("2025-01-01", 7.0)]
    assert values(workspace, "custom:shareholder_value") == [
        ("2025-01-01", 120.0),
        ("2025-02-01", 90.0),
    ]


def test_custom_by_its_dimension(workspace: Workspace) -> None:
    rows = values(workspace, "custom:innovation_rate", by=["region"], start=date(2025, 2, 1))
    assert rows == [("2025-02-01", "EU", 0.5), ("2025-02-01", "US", 0.7)]


def test_cohort_counts_facts_within_the_horizon(workspace: Workspace) -> None:
    # c1 acquired 10 Jan: o1 (day 0) and o2 (day 29) count, o3 (day 31) does not.
    # c2 acquired 1 Feb: o4 counts.
    assert values(workspace, "revenue_first_30_days") == [
        ("2025-01-01", 70.0),
        ("2025-02-01", 10.0),
    ]


def test_unknown_dimension_is_refused(workspace: Workspace) -> None:
    with pytest.raises(QueryError, match="cannot be broken down or filtered by device"):
        workspace.engine.query("sales_revenue", by=["device"])


def test_unknown_grain_and_bad_window_are_refused(workspace: Workspace) -> None:
    with pytest.raises(QueryError, match="unknown grain 'fortnight'"):
        workspace.engine.query("sales_revenue", grain="fortnight")
    with pytest.raises(QueryError, match="is after"):
        workspace.engine.query("sales_revenue", start=date(2025, 3, 1), end=date(2025, 1, 1))


def test_kpi_without_facts_has_no_rows(workspace: Workspace) -> None:
    assert workspace.engine.query("sessions").rows() == []


def test_explicit_window_without_facts_gives_zero_sums_and_null_ratios(
    workspace: Workspace,
) -> None:
    window = {"start": date(2025, 1, 1), "end": date(2025, 2, 28)}
    assert values(workspace, "sessions", **window) == [("2025-01-01", 0.0), ("2025-02-01", 0.0)]
    assert values(workspace, "visit_to_lead_rate", **window) == [
        ("2025-01-01", None),
        ("2025-02-01", None),
    ]


def test_result_carries_unit_and_sql(workspace: Workspace) -> None:
    result = workspace.engine.query("sales_revenue", by=["channel"])
    assert result.unit == "money" and result.grain == "month"
    assert "SELECT" in result.sql and '"orders"' in result.sql
    assert list(result.frame.columns) == ["period", "channel", "value"]
