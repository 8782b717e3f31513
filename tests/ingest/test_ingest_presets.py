"""Every built-in preset loads a sample in its vendor's export format (tests/ingest/samples)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from ingest_world import SAMPLES, World

from kpibridge.ingest import SourceLibrary, preset_names


def _sample(world: World, name: str) -> Path:
    target = world.path / "data" / f"{name}_export.csv"
    shutil.copy(SAMPLES / f"{name}.csv", target)
    return target


def test_every_preset_is_valid_and_has_a_sample() -> None:
    names = preset_names()
    assert names == [
        "ga4_sessions",
        "google_ads",
        "hubspot_contacts",
        "hubspot_deals",
        "meta_ads",
        "shopify_orders",
        "stripe_charges",
    ]
    library = SourceLibrary(None)
    for name in names:
        assert library.get(name).preset
        assert (SAMPLES / f"{name}.csv").is_file()


def test_google_ads(world: World) -> None:
    result = world.load(_sample(world, "google_ads"), source="google_ads")
    assert (result.table, result.rows_read, result.rows_added, result.rows_skipped) == (
        "spend",
        5,
        3,
        2,  # the "Total: …" rows
    )
    assert world.sql(
        "SELECT date::VARCHAR, channel, campaign, cost, currency, impressions, clicks, category "
        "FROM spend ORDER BY 1, 3"
    ) == [
        (
            "2025-01-01",
            "paid_search",
            "Brand search",
            Decimal("1204.50"),
            "USD",
            48210,
            1930,
            "media",
        ),
        (
            "2025-01-01",
            "paid_search",
            "Generic, search",
            Decimal("300.00"),
            "USD",
            9000,
            300,
            "media",
        ),
        ("2025-01-02", "paid_search", "Brand search", Decimal("10.00"), "USD", 100, None, "media"),
    ]


def test_meta_ads_takes_the_currency_from_the_header(world_factory: Callable[..., World]) -> None:
    world = world_factory(currency="EUR")
    result = world.load(_sample(world, "meta_ads"), source="meta_ads")
    assert (result.rows_added, result.rows_skipped) == (3, 1)  # the summary row
    assert world.sql(
        "SELECT date::VARCHAR, channel, campaign, cost, currency, impressions, clicks "
        "FROM spend ORDER BY 1, 3"
    ) == [
        ("2025-01-01", "paid_social", "Winter Sale", Decimal("150.30"), "EUR", 9000, 120),
        ("2025-01-02", "paid_social", "Brand Awareness", Decimal("100.00"), "EUR", 4000, None),
        ("2025-01-02", "paid_social", "Winter Sale", Decimal("162.50"), "EUR", 10500, 140),
    ]


def test_ga4_sessions_become_one_row_per_session(world_factory: Callable[..., World]) -> None:
    world = world_factory(timezone="Europe/Berlin")
    path = _sample(world, "ga4_sessions")
    result = world.load(path, source="ga4_sessions")
    assert (result.rows_read, result.rows_added, result.rows_skipped) == (5, 10, 1)
    assert world.sql(
        f"SELECT channel, {world.utc('started_at')}, count(*), count(DISTINCT session_id) "
        "FROM sessions GROUP BY ALL ORDER BY 1"
    ) == [
        ("direct", "2024-12-31 23:00:00", 2, 2),
        ("email", "2025-01-01 23:00:00", 1, 1),
        ("organic_search", "2024-12-31 23:00:00", 3, 3),
        ("paid_search", "2025-01-01 23:00:00", 4, 4),
    ]
    again = world.load(path, source="ga4_sessions", force=True)
    assert (again.rows_added, again.rows_replaced) == (0, 10)  # the same ids again


def test_hubspot_deals(world: World) -> None:
    world.load(_sample(world, "hubspot_deals"), source="hubspot_deals")
    assert world.sql(
        f"SELECT deal_id, lead_id, {world.utc('created_at')}, status, {world.utc('closed_at')}, "
        "amount, currency FROM deals ORDER BY 1"
    ) == [
        (
            "9001",
            "501",
            "2025-01-05 09:30:00",
            "won",
            "2025-02-10 14:00:00",
            Decimal("5000.00"),
            "USD",
        ),
        ("9002", None, "2025-01-20 11:00:00", "open", None, Decimal("1200.00"), "USD"),
        (
            "9003",
            "503",
            "2025-02-01 08:00:00",
            "lost",
            "2025-03-01 10:00:00",
            Decimal("800.00"),
            "USD",
        ),
    ]


def test_hubspot_contacts_as_leads(world: World) -> None:
    world.load(_sample(world, "hubspot_contacts"), source="hubspot_contacts")
    assert world.sql(
        f"SELECT lead_id, {world.utc('created_at')}, channel, {world.utc('mql_at')}, "
        f"{world.utc('sql_at')} FROM leads ORDER BY 1"
    ) == [
        (
            "501",
            "2025-01-03 10:00:00",
            "organic_search",
            "2025-01-04 12:00:00",
            "2025-01-06 09:00:00",
        ),
        ("502", "2025-01-10 08:15:00", "paid_social", "2025-01-11 16:45:00", None),
        ("503", "2025-01-12 18:00:00", "unknown", None, None),
    ]


def test_stripe_charges_with_refunds(world_factory: Callable[..., World]) -> None:
    world = world_factory(timezone="America/New_York")  # "Created (UTC)" stays UTC
    result = world.load(_sample(world, "stripe_charges"), source="stripe_charges")
    assert (result.rows_read, result.rows_added, result.rows_skipped) == (4, 5, 1)  # 1 failed
    assert world.sql(
        f"SELECT order_id, customer_id, {world.utc('ordered_at')}, amount, currency FROM orders "
        "ORDER BY 1"
    ) == [
        ("ch_3Q1", "cus_A1", "2025-01-15 10:23:45", Decimal("49.00"), "USD"),
        ("ch_3Q2", "cus_B2", "2025-01-16 23:59:59", Decimal("120.00"), "USD"),
        ("ch_3Q2:refund", "cus_B2", "2025-01-16 23:59:59", Decimal("-20.00"), "USD"),
        ("ch_3Q4", "carla@example.com", "2025-01-18 12:00:00", Decimal("1030.00"), "USD"),
        ("ch_3Q4:refund", "carla@example.com", "2025-01-18 12:00:00", Decimal("-1030.00"), "USD"),
    ]


def test_shopify_orders_in_another_currency(world: World) -> None:
    world.load(world.file("fx_rates.csv", "date,currency,rate\n2025-03-28,EUR,1.08\n"))
    result = world.load(_sample(world, "shopify_orders"), source="shopify_orders")
    assert (result.rows_read, result.rows_added, result.rows_skipped) == (4, 3, 2)
    assert world.sql(
        f"SELECT order_id, customer_id, {world.utc('ordered_at')}, amount, currency, fx_rate "
        "FROM orders ORDER BY 1"
    ) == [
        (
            "#1001",
            "ann@example.com",
            "2025-03-31 21:30:00",
            Decimal("59.18"),
            "EUR",
            Decimal("1.08"),
        ),
        (
            "#1002",
            "bob@example.com",
            "2025-04-02 14:00:00",
            Decimal("1188.00"),
            "EUR",
            Decimal("1.08"),
        ),
        (
            "#1002:refund",
            "bob@example.com",
            "2025-04-02 14:00:00",
            Decimal("-27.00"),
            "EUR",
            Decimal("1.08"),
        ),
    ]


def test_a_workspace_source_of_the_same_name_wins_over_the_preset(world: World) -> None:
    world.source(
        "google_ads",
        "table: spend\ncolumns:\n  Tag: date\n  Kosten: cost\nconstants:\n  channel: sea\n",
    )
    path = world.file("google.csv", "Tag,Kosten\n2025-01-01,5\n")
    world.load(path, source="google_ads")
    assert world.sql("SELECT channel, cost FROM spend") == [("sea", Decimal("5.00"))]
