"""The command line, run as a user runs it (through Typer's runner, real workspace)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kpibridge.cli.main import app
from kpibridge.workspace import Workspace

runner = CliRunner()


@pytest.fixture()
def workspace(tmp_path: Path) -> Path:
    path = tmp_path / "acme"
    result = runner.invoke(app, ["init", str(path), "--currency", "EUR", "--timezone",
                                 "Europe/Berlin"])
    assert result.exit_code == 0, result.output
    with Workspace(path) as ws:
        ws.warehouse.raw.execute(
            """INSERT INTO spend VALUES
            ('2025-01-05', 'email', 'Frühling', 100, NULL, 1000, 10, 'media', 1),
            ('2025-02-05', 'search', NULL, 300, NULL, 2000, 40, 'media', 1)"""
        )
        ws.warehouse.raw.execute(
            """INSERT INTO customers VALUES
            ('c1', '2025-01-31 23:30+00', 'email', NULL, NULL, NULL, NULL),
            ('c2', '2025-02-10 10:00+00', 'search', NULL, NULL, NULL, NULL)"""
        )
    return path


def test_init_creates_the_layout(workspace: Path) -> None:
    for name in ("kpibridge.yaml", "sources", "kpis", "data", "warehouse.duckdb"):
        assert (workspace / name).exists()
    settings = (workspace / "kpibridge.yaml").read_text()
    assert "currency: EUR" in settings and "timezone: Europe/Berlin" in settings


def test_init_refuses_an_unknown_time_zone(tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", str(tmp_path / "x"), "--timezone", "Mars/Olympus"])
    assert result.exit_code == 1
    assert "unknown time zone 'Mars/Olympus'" in result.output


def test_query_json_has_the_documented_shape(workspace: Path) -> None:
    result = runner.invoke(
        app, ["query", "cac", "--by", "channel", "--format", "json", "-w", str(workspace)]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data == {
        "kpi": "cac",
        "unit": "money",
        "grain": "month",
        "rows": [
            {"period": "2025-01-01", "channel": "email", "value": None},
            {"period": "2025-01-01", "channel": "search", "value": None},
            # c1 joined at 00:30 on 1 February in Berlin
            {"period": "2025-02-01", "channel": "email", "value": 0.0},
            {"period": "2025-02-01", "channel": "search", "value": 300.0},
        ],
    }


def test_query_compare_adds_compare_value_and_change(workspace: Path) -> None:
    result = runner.invoke(
        app,
        ["query", "marketing_spend", "--compare", "previous_period", "--format", "json",
         "--from", "2025-02-01", "--to", "2025-02-28", "-w", str(workspace)],
    )
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.output)["rows"]
    assert row == {"period": "2025-02-01", "value": 300.0, "compare_value": 100.0, "change": 2.0}


def test_query_where_and_csv(workspace: Path) -> None:
    result = runner.invoke(
        app,
        ["query", "marketing_spend", "--where", "channel=email", "--by", "campaign",
         "--format", "csv", "-w", str(workspace)],
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "period,campaign,value",
        "2025-01-01,Frühling,100.0",
        "2025-02-01,Frühling,0.0",
    ]


def test_query_table_is_readable(workspace: Path) -> None:
    result = runner.invoke(app, ["query", "cac", "-w", str(workspace)])
    assert result.exit_code == 0, result.output
    assert "Customer acquisition cost" in result.output
    assert "n/a" in result.output and "150.00 EUR" in result.output  # 300 / 2


def test_workspace_from_the_environment(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KPIBRIDGE_WORKSPACE", str(workspace))
    result = runner.invoke(app, ["query", "new_customers", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert [r["value"] for r in json.loads(result.output)["rows"]] == [2.0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["query", "cak"], "unknown KPI 'cak' (did you mean 'cac'?)"),
        (["query", "cac", "--by", "device"], "cannot be broken down or filtered by device"),
        (["query", "cac", "--where", "channel"], "expected DIM=VALUE"),
        (["query", "cac", "--from", "01.02.2025"], "expected a date as YYYY-MM-DD"),
        (["explain", "nps", "--by", "platform"], "cannot be broken down"),
    ],
)
def test_mistakes_exit_1_with_a_clear_message(
    workspace: Path, args: list[str], message: str
) -> None:
    result = runner.invoke(app, [*args, "-w", str(workspace)])
    assert result.exit_code == 1
    assert message in " ".join(result.output.split())


def test_not_a_workspace(tmp_path: Path) -> None:
    result = runner.invoke(app, ["query", "cac", "-w", str(tmp_path)])
    assert result.exit_code == 1
    assert "is not a kpibridge workspace" in result.output


def test_explain_prints_the_formula_and_sql(workspace: Path) -> None:
    result = runner.invoke(app, ["explain", "cac", "--grain", "week", "-w", str(workspace)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("-- cac = marketing_spend / new_customers")
    assert "DATE_TRUNC('WEEK'" in result.output and '"spend"' in result.output


def test_kpis_lists_the_catalog_as_json(workspace: Path) -> None:
    (workspace / "kpis" / "extra.yaml").write_text(
        "kpis:\n  - {id: paid_leads, name: Paid leads, kind: simple, unit: count,"
        " measure: {table: leads, aggregate: count}}\n"
    )
    result = runner.invoke(app, ["kpis", "--format", "json", "-w", str(workspace)])
    assert result.exit_code == 0, result.output
    cards = {c["id"]: c for c in json.loads(result.output)}
    assert len(cards) == 42
    assert cards["cac"]["formula"] == "marketing_spend / new_customers"
    assert cards["paid_leads"]["builtin"] is False
    assert set(cards["cac"]) == {
        "id", "name", "description", "kind", "formula", "unit", "direction", "audiences",
        "dimensions", "owner", "builtin",
    }


def test_validate_reports_every_problem(workspace: Path) -> None:
    (workspace / "kpis" / "bad.yaml").write_text(
        "kpis:\n  - id: x_rate\n    name: X\n    kind: ratio\n    numerator: leeds\n"
        "    denominator: sessions\n    unit: percent\n"
    )
    result = runner.invoke(app, ["validate", "-w", str(workspace)])
    assert result.exit_code == 1
    assert "bad.yaml:5" in result.output and "did you mean 'leads'?" in result.output
    (workspace / "kpis" / "bad.yaml").unlink()
    result = runner.invoke(app, ["validate", "-w", str(workspace)])
    assert result.exit_code == 0, result.output
