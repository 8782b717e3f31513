"""Loads are atomic (all or nothing) and idempotent (same content: no-op; re-export: replace)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from ingest_world import World

from kpibridge.errors import IngestError
from kpibridge.ingest import Loader, load_log

SPEND = "date,channel,campaign,cost\n"


def test_the_same_file_twice_changes_nothing(world: World) -> None:
    path = world.file("spend.csv", SPEND + "2025-01-01,search,brand,10\n2025-01-02,search,,5\n")
    first = world.load(path)
    second = world.load(path)
    assert (first.status, first.rows_added) == ("loaded", 2)
    assert (second.status, second.rows_added, second.rows_replaced) == ("unchanged", 0, 0)
    assert second.message.startswith("already loaded on ")
    assert second.message.endswith(" — nothing changed")
    assert second.sha256 == first.sha256
    assert world.count("spend") == 2
    assert [r.status for r in load_log(world.workspace.warehouse)] == ["loaded", "unchanged"]


def test_the_same_content_under_another_name_is_recognised(world: World) -> None:
    text = SPEND + "2025-01-01,search,brand,10\n"
    world.load(world.file("spend.csv", text))
    again = world.load(world.file("spend_2025-01.csv", text))
    assert again.status == "unchanged"


def test_force_loads_again_and_replaces(world: World) -> None:
    path = world.file("spend.csv", SPEND + "2025-01-01,search,brand,10\n")
    world.load(path)
    again = world.load(path, force=True)
    assert (again.status, again.rows_added, again.rows_replaced) == ("loaded", 0, 1)
    assert world.count("spend") == 1


def test_an_overlapping_re_export_replaces_rows_by_their_natural_key(world: World) -> None:
    world.load(
        world.file(
            "spend.csv",
            SPEND + "2025-01-01,search,brand,10\n2025-01-02,search,brand,20\n"
            "2025-01-02,social,,7\n",
        )
    )
    result = world.load(
        world.file(
            "spend_2025-01-02.csv",
            SPEND
            + "2025-01-02,search,brand,21\n2025-01-02,social,,8\n2025-01-03,search,brand,30\n",
        )
    )
    assert (result.rows_read, result.rows_added, result.rows_replaced) == (3, 1, 2)
    assert world.sql("SELECT date::VARCHAR, channel, campaign, cost FROM spend ORDER BY 1, 2") == [
        ("2025-01-01", "search", "brand", Decimal("10.00")),
        ("2025-01-02", "search", "brand", Decimal("21.00")),
        ("2025-01-02", "social", None, Decimal("8.00")),  # NULL campaign matched NULL
        ("2025-01-03", "search", "brand", Decimal("30.00")),
    ]


def test_a_failure_half_way_leaves_the_warehouse_unchanged(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    world.load(world.file("spend.csv", SPEND + "2025-01-01,search,brand,10\n"))
    before_rows = world.sql("SELECT date, channel, campaign, cost FROM spend")
    before_log = load_log(world.workspace.warehouse)
    deleted: list[int] = []
    original = Loader._delete_replaced

    def delete_then_fail(self: Loader, *args: object) -> int:
        deleted.append(original(self, *args))  # type: ignore[arg-type]
        return deleted[-1]

    def fail(self: Loader, *args: object) -> int:
        raise RuntimeError("disk full")

    monkeypatch.setattr(Loader, "_delete_replaced", delete_then_fail)
    monkeypatch.setattr(Loader, "_insert_rows", fail)
    path = world.file("spend_2.csv", SPEND + "2025-01-01,search,brand,99\n2025-01-05,x,,1\n")
    with pytest.raises(IngestError) as caught:
        world.load(path, table="spend")
    assert deleted == [1]  # the old row had been deleted inside the transaction
    assert "the load failed, nothing changed" in str(caught.value)
    assert caught.value.problems[0].rule == "load-failed"
    assert world.sql("SELECT date, channel, campaign, cost FROM spend") == before_rows
    after_log = load_log(world.workspace.warehouse)
    assert after_log[: len(before_log)] == before_log
    assert [(r.status, r.rows_added, r.rows_replaced) for r in after_log[len(before_log) :]] == [
        ("rejected", 0, 0)
    ]
    monkeypatch.undo()
    assert world.load(path, table="spend").rows_replaced == 1  # not taken for "unchanged"


def test_files_given_together_load_in_dependency_order_each_on_its_own(world: World) -> None:
    orders = world.file(
        "orders.csv", "order_id,customer_id,ordered_at,amount,currency\no1,c1,2025-01-05,10,EUR\n"
    )
    bad = world.file("spend.csv", SPEND + "2025-01-01,search,brand,-1\n")
    customers = world.file("customers.csv", "customer_id,acquired_at,channel\nc1,2025-01-01,ads\n")
    rates = world.file("fx_rates.csv", "date,currency,rate\n2025-01-01,EUR,1.1\n")
    assert world.loader.order([orders, bad, customers, rates]) == [rates, customers, orders, bad]
    with pytest.raises(IngestError) as caught:
        world.workspace.ingest([orders, bad, customers, rates])
    results = caught.value.results  # type: ignore[attr-defined]
    assert [(r.table, r.status) for r in results] == [
        ("fx_rates", "loaded"),
        ("customers", "loaded"),
        ("orders", "loaded"),
        ("spend", "rejected"),
    ]
    assert str(caught.value).startswith("1 of 4 file(s) rejected")
    assert world.count("orders") == 1
    assert world.count("spend") == 0
