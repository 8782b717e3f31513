"""Time zones (naive timestamps, offsets, DST) and money (fx conversion, rounding)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from ingest_world import World, only

ORDERS = "order_id,customer_id,ordered_at,amount,cost,currency\n"


@pytest.fixture()
def berlin(world_factory: Callable[..., World]) -> World:
    return world_factory(currency="EUR", timezone="Europe/Berlin")


def test_naive_timestamps_are_read_in_the_workspace_time_zone(berlin: World) -> None:
    path = berlin.file(
        "orders.csv",
        ORDERS
        + "o1,c1,2025-03-31 23:30,1,,\n"  # CEST (+02:00)
        + "o2,c1,2025-01-31 23:30,1,,\n"  # CET (+01:00)
        + "o3,c1,2025-03-30 01:30,1,,\n"  # just before the clocks go forward
        + "o4,c1,2025-03-30 03:30,1,,\n"  # just after
        + "o5,c1,2025-02-01,1,,\n",  # a day: local midnight
    )
    berlin.load(path)
    assert berlin.sql(f"SELECT order_id, {berlin.utc('ordered_at')} FROM orders ORDER BY 1") == [
        ("o1", "2025-03-31 21:30:00"),
        ("o2", "2025-01-31 22:30:00"),
        ("o3", "2025-03-30 00:30:00"),
        ("o4", "2025-03-30 01:30:00"),
        ("o5", "2025-01-31 23:00:00"),
    ]


def test_clock_changes(berlin: World) -> None:
    path = berlin.file(
        "orders.csv",
        ORDERS
        + "gap,c1,2025-03-30 02:30,1,,\n"  # does not exist: read as before the change
        + "twice,c1,2025-10-26 02:30,1,,\n",  # exists twice: read as the second (winter time)
    )
    berlin.load(path)
    assert berlin.sql(f"SELECT order_id, {berlin.utc('ordered_at')} FROM orders ORDER BY 1") == [
        ("gap", "2025-03-30 01:30:00"),
        ("twice", "2025-10-26 01:30:00"),
    ]


def test_offsets_are_honoured(berlin: World) -> None:
    path = berlin.file(
        "orders.csv",
        ORDERS
        + "o1,c1,2025-03-31T23:30:00+02:00,1,,\n"
        + "o2,c1,2025-03-31 23:30:00-05:00,1,,\n"
        + "o3,c1,2025-03-31T21:30:00Z,1,,\n"
        + "o4,c1,2025-03-31 21:30:00.250+00,1,,\n",
    )
    berlin.load(path)
    assert berlin.sql(f"SELECT order_id, {berlin.utc('ordered_at')} FROM orders ORDER BY 1") == [
        ("o1", "2025-03-31 21:30:00"),
        ("o2", "2025-04-01 04:30:00"),
        ("o3", "2025-03-31 21:30:00"),
        ("o4", "2025-03-31 21:30:00"),
    ]


def test_a_source_time_zone_overrides_the_workspace_one(berlin: World) -> None:
    berlin.source("us_shop", "table: orders\ntimezone: America/New_York\n")
    path = berlin.file("us_shop.csv", ORDERS + "o1,c1,2025-03-31 23:30,1,,\n")
    result = berlin.load(path)
    assert result.source == "us_shop"  # a workspace source named like the file is used
    assert berlin.sql(f"SELECT {berlin.utc('ordered_at')} FROM orders") == [
        ("2025-04-01 03:30:00",)
    ]


def test_strptime_formats_for_timestamps(berlin: World) -> None:
    berlin.source(
        "legacy",
        'table: orders\nformat:\n  timestamp_format: ["%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M %z"]\n',
    )
    path = berlin.file(
        "legacy.csv", ORDERS + "o1,c1,31.03.2025 23:30,1,,\no2,c1,31.03.2025 23:30 +0000,1,,\n"
    )
    berlin.load(path)
    assert berlin.sql(f"SELECT order_id, {berlin.utc('ordered_at')} FROM orders ORDER BY 1") == [
        ("o1", "2025-03-31 21:30:00"),
        ("o2", "2025-03-31 23:30:00"),
    ]


def test_date_columns_stay_dates(berlin: World) -> None:
    path = berlin.file("spend.csv", "date,channel,cost\n2025-03-31,search,1\n")
    berlin.load(path)
    assert berlin.sql("SELECT date, typeof(date) FROM spend") == [(dt.date(2025, 3, 31), "DATE")]


def test_thousands_separators_must_be_in_place(world: World) -> None:
    world.source("shop", 'table: orders\nformat:\n  thousands: ","\n')
    path = world.file(
        "shop.csv", ORDERS + 'o1,c1,2025-01-05,"1,234.50",,\no2,c1,2025-01-05,"1,23",,\n'
    )
    problem = only(world.rejected(path), "type")
    assert (problem.line, problem.value) == (3, "1,23")


def test_money_is_converted_with_the_rate_in_force_on_the_day(world: World) -> None:
    world.load(
        world.file(
            "fx_rates.csv",
            "date,currency,rate\n2025-01-01,EUR,1.10\n2025-01-05,EUR,1.20\n2025-01-01,GBP,1.25\n",
        )
    )
    path = world.file(
        "orders.csv",
        ORDERS
        + "o1,c1,2025-01-04 12:00,100,40,EUR\n"  # rate of Jan 1
        + "o2,c1,2025-01-05 00:00,100,,eur\n"  # rate of Jan 5 (codes are upper-cased)
        + "o3,c1,2025-01-05 00:00,-10.01,,GBP\n"  # a refund: -12.5125 → -12.51
        + "o4,c1,2025-01-05 00:00,10.005,,USD\n"  # reporting currency, rounded
        + "o5,c1,2025-01-05 00:00,2.675,,\n",  # empty currency = reporting currency
    )
    world.load(path)
    assert world.sql("SELECT order_id, amount, cost, currency, fx_rate FROM orders ORDER BY 1") == [
        ("o1", Decimal("110.00"), Decimal("44.00"), "EUR", Decimal("1.1")),
        ("o2", Decimal("120.00"), None, "EUR", Decimal("1.2")),
        ("o3", Decimal("-12.51"), None, "GBP", Decimal("1.25")),
        ("o4", Decimal("10.01"), None, "USD", Decimal("1")),
        ("o5", Decimal("2.68"), None, "USD", Decimal("1")),
    ]


def test_rounding_is_half_away_from_zero(world: World) -> None:
    world.load(world.file("fx_rates.csv", "date,currency,rate\n2025-01-01,EUR,0.5\n"))
    path = world.file(
        "orders.csv",
        ORDERS
        + "o1,c1,2025-01-02,0.05,,EUR\no2,c1,2025-01-02,-0.05,,EUR\no3,c1,2025-01-02,0.03,,EUR\n",
    )
    world.load(path)
    assert world.sql("SELECT amount FROM orders ORDER BY order_id") == [
        (Decimal("0.03"),),
        (Decimal("-0.03"),),
        (Decimal("0.02"),),
    ]


def test_deals_use_the_rate_of_the_close_day_else_the_creation_day(world: World) -> None:
    world.load(
        world.file("fx_rates.csv", "date,currency,rate\n2025-01-08,EUR,1.0\n2025-02-01,EUR,2.0\n")
    )
    path = world.file(
        "deals.csv",
        "deal_id,created_at,status,closed_at,amount,currency\n"
        "d1,2025-01-10,won,2025-02-03,10,EUR\n"
        "d2,2025-01-10,open,,10,EUR\n",
    )
    world.load(path)
    assert world.sql("SELECT deal_id, amount FROM deals ORDER BY 1") == [
        ("d1", Decimal("20.00")),
        ("d2", Decimal("10.00")),
    ]


def test_a_source_currency_applies_to_rows_without_one(world: World) -> None:
    world.load(world.file("fx_rates.csv", "date,currency,rate\n2025-01-01,EUR,1.5\n"))
    world.source("eu_ads", "table: spend\ncurrency: EUR\nconstants:\n  channel: display\n")
    path = world.file(
        "eu_ads.csv", "date,campaign,cost,currency\n2025-01-02,a,10,\n2025-01-02,b,10,USD\n"
    )
    world.load(path)
    assert world.sql("SELECT campaign, channel, cost, currency FROM spend ORDER BY 1") == [
        ("a", "display", Decimal("15.00"), "EUR"),
        ("b", "display", Decimal("10.00"), "USD"),
    ]


def test_rows_without_a_rate_are_rejected_and_nothing_is_loaded(world: World) -> None:
    world.load(world.file("fx_rates.csv", "date,currency,rate\n2025-01-01,EUR,1.5\n"))
    path = world.file(
        "spend.csv",
        "date,channel,cost,currency\n2025-01-02,a,10,EUR\n2025-01-02,b,10,CHF\n"
        "2024-12-31,c,10,EUR\n",
    )
    problems = world.rejected(path)
    assert [(p.rule, p.line, p.column, p.value) for p in problems] == [
        ("fx-rate", 3, "currency", "CHF"),
        ("fx-rate", 4, "currency", "EUR"),
    ]
    assert world.count("spend") == 0


def test_tables_without_a_currency_column_take_only_the_reporting_currency(world: World) -> None:
    world.source("fin", "table: financials\ncurrency: EUR\n")
    path = world.file("fin.csv", "period_start,period_end,revenue\n2025-01-01,2025-01-31,5\n")
    problem = only(world.rejected(path), "currency")
    assert "reporting currency" in problem.message
