"""Every validation rule: the file is rejected, nothing is written, and each problem names
the file, the line, the column, the value and the rule."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from ingest_world import World, only

from kpibridge.errors import IngestError
from kpibridge.ingest import load_log

ORDERS = "order_id,customer_id,ordered_at,amount,cost,currency\n"


def test_a_clean_file_loads(world: World) -> None:
    path = world.file("orders.csv", ORDERS + "o1,c1,2025-01-05 10:00,10.50,4,\n")
    result = world.load(path)
    assert (result.status, result.rows_read, result.rows_added) == ("loaded", 1, 1)
    assert world.sql("SELECT order_id, amount, cost, currency FROM orders") == [
        ("o1", Decimal("10.50"), Decimal("4.00"), "USD")
    ]


def test_missing_required_column(world: World) -> None:
    path = world.file("orders.csv", "order_id,ordered_at,amount\no1,2025-01-05,1\n")
    problem = only(world.rejected(path), "missing-column")
    assert (problem.file, problem.line, problem.column) == (str(path), 1, "customer_id")
    assert "required column 'customer_id' is missing" in problem.message


def test_unknown_column_suggests_the_closest_name(world: World) -> None:
    path = world.file("orders.csv", ORDERS.strip() + ",custmer\no1,c1,2025-01-05,1,,,x\n")
    problem = only(world.rejected(path), "unknown-column")
    assert (problem.line, problem.column) == (1, "custmer")
    assert "did you mean 'customer_id'?" in problem.message


def test_empty_required_value(world: World) -> None:
    path = world.file("orders.csv", ORDERS + "o1,c1,2025-01-05,1,,\no2,  ,2025-01-05,2,,\n")
    problem = only(world.rejected(path), "required")
    assert (problem.file, problem.line, problem.column, problem.value) == (
        str(path),
        3,
        "customer_id",
        None,
    )


@pytest.mark.parametrize(
    ("column", "cell", "expected"),
    [
        ("ordered_at", "31/12/2024 10:00", "is not a timestamp"),
        ("amount", "12,50", "is not an amount"),
        ("amount", "1,234.5.6", "is not an amount"),
    ],
)
def test_values_that_do_not_parse(world: World, column: str, cell: str, expected: str) -> None:
    row = {"order_id": "o1", "customer_id": "c1", "ordered_at": "2025-01-05", "amount": "1"}
    row[column] = cell
    line = ",".join(f'"{row.get(c, "")}"' for c in ORDERS.strip().split(","))
    path = world.file("orders.csv", ORDERS + "o0,c0,2025-01-01,5,,\n" + line + "\n")
    problem = only(world.rejected(path), "type")
    assert (problem.line, problem.column, problem.value) == (3, column, cell)
    assert problem.message.startswith(expected)


def test_dates_and_whole_numbers(world: World) -> None:
    path = world.file(
        "spend.csv",
        "date,channel,cost,impressions,clicks\n"
        "2025-01-05,search,1,10,2\n"
        "2025-13-40,search,1,10,2\n"
        "2025-01-06,search,1,10.5,2\n",
    )
    problems = world.rejected(path)
    date = next(p for p in problems if p.column == "date")
    assert (date.rule, date.line, date.value) == ("type", 3, "2025-13-40")
    assert date.message == "is not a date (expected YYYY-MM-DD)"
    whole = next(p for p in problems if p.column == "impressions")
    assert (whole.rule, whole.line, whole.value) == ("type", 4, "10.5")
    assert whole.message == "is not a whole number"


@pytest.mark.parametrize("cell", ["NaN", "inf", "-Infinity"])
def test_non_finite_numbers(world: World, cell: str) -> None:
    path = world.file(
        "fx_rates.csv", f"date,currency,rate\n2025-01-01,EUR,1.1\n2025-01-02,EUR,{cell}\n"
    )
    problem = only(world.rejected(path), "finite")
    assert (problem.line, problem.column, problem.value) == (3, "rate", cell)


def test_negative_cost_is_rejected_but_a_negative_order_amount_is_a_refund(world: World) -> None:
    path = world.file("orders.csv", ORDERS + "o1,c1,2025-01-05,-20,,\no2,c1,2025-01-05,20,-1,\n")
    problem = only(world.rejected(path), "minimum")
    assert (problem.line, problem.column, problem.value) == (3, "cost", "-1")
    assert problem.message == "must not be negative"
    spend = world.file("spend.csv", "date,channel,cost\n2025-01-05,search,-3.5\n")
    problem = only(world.rejected(spend), "minimum")
    assert (problem.file, problem.line, problem.column, problem.value) == (
        str(spend),
        2,
        "cost",
        "-3.5",
    )


@pytest.mark.parametrize(("score", "rule"), [("11", "maximum"), ("-1", "minimum")])
def test_nps_score_outside_0_to_10(world: World, score: str, rule: str) -> None:
    path = world.file(
        "nps_responses.csv",
        "response_id,customer_id,responded_at,score\n"
        "r1,c1,2025-01-05,10\n"
        f"r2,c1,2025-01-05,{score}\n"
        "r3,c1,2025-01-05,0\n",
    )
    problem = only(world.rejected(path), rule)
    assert (problem.line, problem.column, problem.value) == (3, "score", score)


def test_fx_rate_must_be_positive(world: World) -> None:
    path = world.file("fx_rates.csv", "date,currency,rate\n2025-01-01,EUR,0\n")
    problem = only(world.rejected(path), "positive")
    assert (problem.line, problem.column, problem.value) == (2, "rate", "0")
    assert problem.message == "must be greater than 0"


def test_dates_in_the_future_or_before_1990(world: World) -> None:
    path = world.file(
        "spend.csv",
        "date,channel,cost\n2025-01-05,search,1\n2099-01-01,search,1\n1989-12-31,search,1\n",
    )
    problems = [p for p in world.rejected(path) if p.rule == "date-range"]
    assert [(p.line, p.column, p.value) for p in problems] == [
        (3, "date", "2099-01-01"),
        (4, "date", "1989-12-31"),
    ]
    assert problems[0].message.startswith("is in the future (after ")
    assert problems[1].message == "is before 1990-01-01"


def test_timestamps_in_the_future_are_judged_in_the_workspace_time_zone(world: World) -> None:
    path = world.file("orders.csv", ORDERS + "o1,c1,2099-05-01T00:00:00Z,5,,\n")
    problem = only(world.rejected(path), "date-range")
    assert (problem.line, problem.column, problem.value) == (
        2,
        "ordered_at",
        "2099-05-01T00:00:00Z",
    )
    assert "in UTC" in problem.message


@pytest.mark.parametrize(
    ("name", "text", "column", "value", "allowed"),
    [
        (
            "deals.csv",
            "deal_id,created_at,status\nd1,2025-01-05,won\nd2,2025-01-05,pending\n",
            "status",
            "pending",
            "open, won, lost",
        ),
        (
            "email_events.csv",
            "event_id,email_campaign,recipient_id,event,occurred_at\n"
            "e1,jan,r1,open,2025-01-05\ne2,jan,r1,opened,2025-01-05\n",
            "event",
            "opened",
            "sent, delivered, open, click, bounce, unsubscribe",
        ),
    ],
)
def test_choices(world: World, name: str, text: str, column: str, value: str, allowed: str) -> None:
    path = world.file(name, text)
    problem = only(world.rejected(path), "choices")
    assert (problem.line, problem.column, problem.value) == (3, column, value)
    assert problem.message == f"must be one of {allowed}"


def test_currency_codes(world: World) -> None:
    path = world.file("orders.csv", ORDERS + "o1,c1,2025-01-05,5,,EURO\n")
    problem = only(world.rejected(path), "currency")
    assert (problem.line, problem.column, problem.value) == (2, "currency", "EURO")


def test_duplicate_natural_keys_within_the_file(world: World) -> None:
    path = world.file(
        "orders.csv",
        ORDERS + "o1,c1,2025-01-05,5,,\no2,c1,2025-01-05,5,,\no1,c2,2025-01-06,7,,\n",
    )
    problem = only(world.rejected(path), "duplicate-key")
    assert (problem.line, problem.column, problem.value) == (4, "order_id", "o1")
    assert problem.message == "repeats the key (order_id) of line 2"


def test_duplicate_keys_compare_empty_values_as_equal(world: World) -> None:
    path = world.file(
        "spend.csv",
        "date,channel,campaign,cost\n2025-01-05,search,,1\n2025-01-05,search,brand,2\n"
        "2025-01-05,search,,3\n",
    )
    problem = only(world.rejected(path), "duplicate-key")
    assert (problem.line, problem.column) == (4, "date, channel, campaign")
    assert problem.value == "2025-01-05, search, "
    assert "of line 2" in problem.message


def test_money_in_another_currency_needs_a_rate(world: World) -> None:
    path = world.file("orders.csv", ORDERS + "o1,c1,2025-01-05,5,,USD\no2,c1,2025-01-05,5,,EUR\n")
    problem = only(world.rejected(path), "fx-rate")
    assert (problem.file, problem.line, problem.column, problem.value) == (
        str(path),
        3,
        "currency",
        "EUR",
    )
    assert problem.message == "no EUR→USD rate in fx_rates on 2025-01-05 or up to 7 day(s) before"


def test_a_rate_older_than_fx_max_age_days_does_not_count(world: World) -> None:
    world.load(world.file("fx_rates.csv", "date,currency,rate\n2025-01-01,EUR,1.1\n"))
    fresh = world.file("orders.csv", ORDERS + "o1,c1,2025-01-08,5,,EUR\n")
    assert world.load(fresh).status == "loaded"
    stale = world.file("orders_2.csv", ORDERS + "o2,c1,2025-01-09,5,,EUR\n")
    problem = only(world.rejected(stale, table="orders"), "fx-rate")
    assert (problem.line, problem.value) == (2, "EUR")


def test_period_that_ends_before_it_starts(world: World) -> None:
    path = world.file(
        "hr.csv", "period_start,period_end,headcount_start\n2025-02-01,2025-01-31,10\n"
    )
    problem = only(world.rejected(path), "period")
    assert (problem.line, problem.column, problem.value) == (2, "period_end", "2025-01-31")


def test_malformed_lines(world: World) -> None:
    path = world.file("orders.csv", ORDERS + "o1,c1,2025-01-05,5,,\no2,c1,2025-01-05\n")
    problem = only(world.rejected(path), "malformed-line")
    assert (problem.line, problem.value) == (3, "o2,c1,2025-01-05")
    assert problem.message == "line has fewer fields than the header"


def test_every_problem_is_reported_at_once_first_50_shown(world: World) -> None:
    rows = "".join(f"o{i},c1,2025-01-05,{'x' if i % 2 else -1},-1,\n" for i in range(60))
    path = world.file("orders.csv", ORDERS + rows)
    with pytest.raises(IngestError) as caught:
        world.load(path)
    error = caught.value
    assert error.total == 90  # type: ignore[attr-defined]  # 30 bad amounts + 60 bad costs
    text = str(error)
    assert "… and 40 more problem(s)" in text
    shown = [line for line in text.splitlines() if line.startswith("  ") and "[" in line]
    assert len(shown) == 50
    assert shown[0].startswith(f"  {path}:2, column 'cost', value '-1': must not be negative")
    assert error.result.rows_rejected == 60  # type: ignore[attr-defined]


def test_a_rejected_file_changes_nothing_but_the_load_log(world: World) -> None:
    world.load(world.file("orders.csv", ORDERS + "o1,c1,2025-01-05,5,,\n"))
    everything = f"SELECT order_id, customer_id, {world.utc('ordered_at')}, amount FROM orders"
    before = world.sql(everything)
    bad = world.file("orders_2025-02.csv", ORDERS + "o1,c1,2025-01-05,6,,\no2,c2,2025-01-05,x,,\n")
    world.rejected(bad)
    assert world.sql(everything) == before
    record = load_log(world.workspace.warehouse)[-1]
    assert (record.status, record.table, record.rows_read, record.rows_rejected) == (
        "rejected",
        "orders",
        2,
        1,
    )
    assert record.message == "1 problem(s): type ×1"  # counts only, no values from the file
    assert "x" not in record.message.replace("×", "")


def test_fx_rates_loaded_first_in_the_same_batch_convert_the_money(
    world_factory: Callable[..., World],
) -> None:
    world = world_factory(currency="EUR")
    orders = world.file("orders.csv", ORDERS + "o1,c1,2025-01-05,10,,USD\n")
    rates = world.file("fx_rates.csv", "date,currency,rate\n2025-01-03,USD,0.9\n")
    results = world.workspace.ingest([orders, rates])
    assert [(r.table, r.status) for r in results] == [("fx_rates", "loaded"), ("orders", "loaded")]
    assert world.sql("SELECT amount, currency, fx_rate FROM orders") == [
        (Decimal("9.00"), "USD", Decimal("0.9"))
    ]
