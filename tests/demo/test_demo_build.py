"""The demo workspace: built, loaded through the ingest path, rebuilt, and served."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from demo_helpers import SMALL, TODAY
from typer.testing import CliRunner

from kpibridge.cli.main import app
from kpibridge.demo import DemoParams, DemoResult, build_demo, read_stories
from kpibridge.errors import WorkspaceError
from kpibridge.workspace import Workspace

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> DemoResult:
    path = tmp_path_factory.mktemp("demo_ws") / "demo"
    return build_demo(path, DemoParams(sessions=SMALL, seed=3, today=TODAY))


def test_every_file_loads_without_rejection(built: DemoResult) -> None:
    assert built.loaded == built.data.rows
    with Workspace(built.path, read_only=True) as ws:
        statuses = ws.warehouse.sql("SELECT status, count(*) FROM _kpibridge_loads GROUP BY 1")
        assert statuses == [("loaded", len(built.data.files))]
        for table, rows in built.data.rows.items():
            assert ws.warehouse.sql(f"SELECT count(*) FROM {table}") == [(rows,)], table


def test_warehouse_holds_a_consistent_funnel(built: DemoResult) -> None:
    with Workspace(built.path, read_only=True) as ws:
        sql = ws.warehouse.sql
        ((sessions, leads, mqls, sqls),) = sql(
            "SELECT (SELECT count(*) FROM sessions), count(*), count(mql_at), count(sql_at) "
            "FROM leads"
        )
        ((won,),) = sql("SELECT count(*) FROM deals WHERE status = 'won'")
        assert sessions > leads > mqls > sqls > won > 0
        assert sql("SELECT count(*) FROM orders ANTI JOIN customers USING (customer_id)") == [(0,)]
        assert sql("SELECT count(*) FROM deals ANTI JOIN leads USING (lead_id)") == [(0,)]
        assert sql("SELECT count(*) FROM spend WHERE fx_rate IS NULL") == [(0,)]
        assert sql(
            "SELECT count(DISTINCT campaign) FROM spend WHERE campaign LIKE 'Fr%hjahrs-Sale'"
        ) == [(1,)]  # NFD and NFC spellings were normalised into one


def test_custom_kpis_are_defined_and_answer(built: DemoResult) -> None:
    with Workspace(built.path, read_only=True) as ws:
        assert {
            "custom:innovation_rate",
            "custom:co2_per_order",
            "custom:shareholder_value",
        } <= set(ws.catalog.ids)
        values = ws.engine.query("custom:innovation_rate", "month").values
        assert values and all(v is not None and 0.1 < v < 0.4 for v in values[-12:])


def test_stories_are_recorded_in_the_workspace(built: DemoResult) -> None:
    assert read_stories(built.path) == built.stories
    assert [s.key for s in built.stories] == [
        "paid_social_cac",
        "launch_spike",
        "midmarket_churn",
        "price_change_nps",
    ]


def test_refuses_a_directory_that_is_not_a_demo(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(WorkspaceError, match="not empty"):
        build_demo(tmp_path, DemoParams(sessions=3_000, today=TODAY))
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_cli_builds_prints_a_summary_and_serves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    served: list[tuple[Path, str, int]] = []
    monkeypatch.setattr(
        "kpibridge.server.serve", lambda path, host, port: served.append((Path(path), host, port))
    )
    runner = CliRunner()
    target = tmp_path / "shop"
    result = runner.invoke(
        app, ["demo", str(target), "--sessions", "3000", "--seed", "1", "--serve", "--port", "8123"]
    )
    assert result.exit_code == 0, result.output
    assert "Northwind Outdoor built" in result.output
    assert "sessions" in result.output and "Paid social CAC" in result.output
    assert served == [(target.resolve(), "127.0.0.1", 8123)]
    again = runner.invoke(app, ["demo", str(target), "--sessions", "3000"])
    assert again.exit_code == 0, again.output
    assert "rebuilt" in again.output
    with Workspace(target, read_only=True) as ws:  # nothing left over from the first build
        loads = ws.warehouse.sql("SELECT count(*) FROM _kpibridge_loads")[0][0]
        rows = ws.warehouse.sql("SELECT count(*) FROM sessions")[0][0]
    assert loads == len(list((target / "data").iterdir()))
    assert (
        rows == json.loads((target / "demo.json").read_text(encoding="utf-8"))["rows"]["sessions"]
    )


def test_cli_refuses_someone_elses_directory(tmp_path: Path) -> None:
    (tmp_path / "kpibridge.yaml").write_text("name: mine\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["demo", str(tmp_path), "--sessions", "3000"])
    assert result.exit_code == 1
    assert "not a" in result.output or "no kpibridge demo" in result.output
