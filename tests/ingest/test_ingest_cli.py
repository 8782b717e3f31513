"""`kpibridge ingest` and `kpibridge loads` as a user runs them; file naming and progress."""

from __future__ import annotations

import json

import pytest
from ingest_world import World
from typer.testing import CliRunner

from kpibridge.cli import ingest_cmd
from kpibridge.cli.main import app
from kpibridge.errors import IngestError
from kpibridge.ingest.naming import table_for_stem

runner = CliRunner()


def _run(world: World, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, [*args, "-w", str(world.path)])
    return result.exit_code, result.stdout, result.stderr


def test_ingest_reports_each_file_and_exits_zero(world: World) -> None:
    rates = world.file("fx_rates.csv", "date,currency,rate\n2025-01-01,EUR,1.1\n")
    orders = world.file(
        "orders_2025-01.csv",
        "order_id,customer_id,ordered_at,amount,currency\no1,c1,2025-01-02,10,EUR\n",
    )
    code, out, _ = _run(world, "ingest", str(orders), str(rates))
    assert code == 0
    lines = out.strip().splitlines()
    assert lines[0].startswith("✓ fx_rates.csv → fx_rates: 1 rows read, 1 added, 0 replaced")
    assert lines[1].startswith("✓ orders_2025-01.csv → orders: 1 rows read, 1 added, 0 replaced")
    code, out, _ = _run(world, "ingest", str(orders))
    assert code == 0
    assert "= orders_2025-01.csv → orders: already loaded on " in out
    assert "nothing changed" in out


def test_a_rejected_file_exits_non_zero_with_every_problem(world: World) -> None:
    good = world.file("customers.csv", "customer_id,acquired_at,channel\nc1,2025-01-01,x\n")
    bad = world.file("spend.csv", "date,channel,cost\n2025-01-01,x,-1\n2099-01-01,y,2\n")
    code, out, err = _run(world, "ingest", str(bad), str(good))
    assert code == 1
    assert "✓ customers.csv → customers" in out
    assert f"{bad}:2, column 'cost', value '-1': must not be negative [minimum]" in err
    assert f"{bad}:3, column 'date', value '2099-01-01': is in the future" in err
    assert "1 file(s) rejected" in err
    assert world.count("spend") == 0


def test_ingest_with_a_preset_source_and_table(world: World) -> None:
    path = world.file("campaigns.csv", "Day,Campaign,Cost\n2025-01-01,Brand,3.5\n")
    code, out, _ = _run(world, "ingest", str(path), "--source", "google_ads")
    assert code == 0, out
    assert "campaigns.csv → spend (source google_ads)" in out
    code, _, err = _run(world, "ingest", str(path), "--source", "google_ads", "--table", "orders")
    assert code == 1
    assert "source 'google_ads' loads into spend, not orders" in err


def test_ingest_usage_errors(world: World) -> None:
    mystery = world.file("mystery.csv", "a\n1\n")
    code, _, err = _run(world, "ingest", str(mystery))
    assert code == 1
    assert "cannot tell which table mystery.csv is for" in err
    code, _, err = _run(world, "ingest", str(world.path / "nope.csv"), "--table", "spend")
    assert (code, "no such file" in err) == (1, True)
    code, _, err = _run(world, "ingest", str(mystery), "--table", "sesions")
    assert "unknown table 'sesions' (did you mean 'sessions'?)" in err
    notes = world.file("spend.json", "{}")
    code, _, err = _run(world, "ingest", str(notes))
    assert "cannot read .json files" in err


def test_loads_as_table_and_json(world: World) -> None:
    path = world.file("spend.csv", "date,channel,cost\n2025-01-01,x,1\n")
    world.load(path)
    world.load(path)
    world.rejected(world.file("spend_2.csv", "date,channel,cost\nx,x,1\n"), table="spend")
    world.workspace.close()  # `loads` opens the warehouse read-only
    code, out, _ = _run(world, "loads", "--format", "json")
    assert code == 0
    records = json.loads(out)
    assert [(r["table"], r["status"], r["rows_added"], r["rows_rejected"]) for r in records] == [
        ("spend", "loaded", 1, 0),
        ("spend", "unchanged", 0, 0),
        ("spend", "rejected", 0, 1),
    ]
    assert records[0]["file"] == str(path.resolve())
    assert len(records[0]["sha256"]) == 64
    code, out, _ = _run(world, "loads")
    assert code == 0
    assert "loaded" in out
    assert "rejected" in out
    assert records[0]["sha256"][:8] in out


def test_loads_of_an_empty_log(world: World) -> None:
    world.workspace.close()
    code, out, _ = _run(world, "loads")
    assert (code, "No loads yet" in out) == (0, True)


@pytest.mark.parametrize(
    ("stem", "table"),
    [
        ("orders", "orders"),
        ("Orders", "orders"),
        ("sessions_2024-01", "sessions"),
        ("sessions-part3", "sessions"),
        ("fx_rates_2024", "fx_rates"),
        ("email_events-part-0001", "email_events"),
        ("spend_q1", None),
        ("ordersx", None),
    ],
)
def test_file_names_name_tables(stem: str, table: str | None) -> None:
    assert table_for_stem(stem) == table


def test_a_workspace_source_named_like_the_file_is_used(world: World) -> None:
    world.source("shop", "table: orders\ncolumns:\n  Ref: order_id\n")
    path = world.file("shop_2025-01.csv", "Ref,customer_id,ordered_at,amount\nA1,c,2025-01-01,1\n")
    result = world.load(path)
    assert (result.table, result.source) == ("orders", "shop")


def test_progress_is_reported_up_to_the_whole_file(world: World) -> None:
    rows = "".join(f"s{i},v{i % 97},2025-01-01 10:00,seo\n" for i in range(150_000))
    path = world.file("sessions.csv", "session_id,visitor_id,started_at,channel\n" + rows)
    calls: list[tuple[int, int]] = []
    world.loader.load(path, progress=lambda done, total: calls.append((done, total)))
    size = path.stat().st_size
    assert calls
    assert calls[-1] == (size, size)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    assert ingest_cmd._large(path)
    assert not ingest_cmd._large(world.file("tiny.csv", "a\n1\n"))


def test_workspace_ingest_returns_results(world: World) -> None:
    path = world.file("customers.csv", "customer_id,acquired_at,channel\nc1,2025-01-01,x\n")
    (result,) = world.workspace.ingest([path])
    assert (result.file, result.table, result.status, result.rows_added) == (
        path,
        "customers",
        "loaded",
        1,
    )
    assert result.seconds >= 0
    with pytest.raises(IngestError):
        world.workspace.ingest([world.file("customers.csv", "customer_id\n")])
