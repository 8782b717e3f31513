"""CSV files as they come: any delimiter, BOM, European numbers and dates, preambles,
quoted line breaks, other encodings — and line numbers that match the file."""

from __future__ import annotations

import datetime as dt
import gzip
from decimal import Decimal

import pytest
from ingest_world import World, only

EUROPEAN_SOURCE = """\
table: spend
columns:
  Datum: date
  Kanal: channel
  Kampagne: campaign
  Kosten: cost
  Impressionen: impressions
format:
  delimiter: ";"
  decimal: ","
  thousands: "."
  date_format: "%d.%m.%Y"
"""


def _european_rows(count: int) -> list[tuple[dt.date, str, Decimal, int]]:
    start = dt.date(2023, 1, 1)
    return [
        (start + dt.timedelta(days=i // 3), f"Kampagne {i % 3}", Decimal(i * 1000 + 56) / 100, i)
        for i in range(count)
    ]


def _german(amount: Decimal) -> str:
    return f"{amount:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")


def test_european_csv_with_bom_semicolons_decimal_commas_and_day_first_dates(world: World) -> None:
    world.source("shop_spend", EUROPEAN_SOURCE)
    rows = _european_rows(3000)
    lines = ["Datum;Kanal;Kampagne;Kosten;Impressionen"]
    lines += [
        f"{day:%d.%m.%Y};Suche;{name};{_german(cost)};{_german(Decimal(shown))[:-3]}"
        for day, name, cost, shown in rows
    ]
    path = world.file("spend_export.csv", "\ufeff" + "\r\n".join(lines) + "\r\n")
    result = world.load(path, source="shop_spend")
    assert (result.status, result.rows_read, result.rows_added) == ("loaded", 3000, 3000)
    total = world.sql("SELECT sum(cost), sum(impressions), min(date), max(date) FROM spend")[0]
    assert total == (
        sum(cost for _, _, cost, _ in rows),
        sum(range(3000)),
        dt.date(2023, 1, 1),
        dt.date(2023, 1, 1) + dt.timedelta(days=999),
    )
    assert world.sql("SELECT cost, impressions FROM spend WHERE campaign = 'Kampagne 1' "
                     "AND date = DATE '2023-01-01'") == [(Decimal("10.56"), 1)]  # fmt: skip
    big = world.sql("SELECT cost FROM spend ORDER BY cost DESC LIMIT 1")[0][0]
    assert big == Decimal("29990.56")  # written 29.990,56


def test_european_csv_problems_far_down_the_file_have_their_own_line(world: World) -> None:
    world.source("shop_spend", EUROPEAN_SOURCE)
    lines = ["Datum;Kanal;Kampagne;Kosten;Impressionen"]
    for day, name, cost, shown in _european_rows(3000):
        lines.append(f"{day:%d.%m.%Y};Suche;{name};{_german(cost)};{shown}")
    lines[2500] = "31.12.2024;Suche;kaputt;1,234.56;7"  # a US-formatted amount
    lines[2900] = "2024-12-30;Suche;kaputt;1;7"  # an ISO date is accepted as well
    path = world.file("spend_export.csv", "\ufeff" + "\n".join(lines) + "\n")
    problems = world.rejected(path, source="shop_spend")
    assert [(p.rule, p.line, p.column, p.value) for p in problems] == [
        ("type", 2501, "Kosten", "1,234.56")
    ]
    assert problems[0].message == "is not an amount"


def test_quoted_line_breaks_and_blank_lines_keep_line_numbers_exact(world: World) -> None:
    text = (
        "customer_id,acquired_at,channel,campaign\n"
        'c1,2025-01-05,email,"spring\nsale"\n'
        "\n"
        "c2,2025-01-06,email,x\n"
        + "".join(f"c{i},2025-01-07,email,x\n" for i in range(3, 3000))
        + "c3000,not a time,email,x\n"
    )
    path = world.file("customers.csv", text)
    problem = only(world.rejected(path), "type")
    assert (problem.line, problem.column, problem.value) == (3003, "acquired_at", "not a time")
    fixed = world.file("customers.csv", text.replace("not a time", "2025-01-08"))
    assert world.load(fixed).rows_added == 3000
    assert world.sql("SELECT campaign FROM customers WHERE customer_id = 'c1'") == [
        ("spring\nsale",)
    ]


def test_malformed_lines_after_quoted_line_breaks(world: World) -> None:
    path = world.file(
        "customers.csv",
        'customer_id,acquired_at,channel,campaign\r\nc1,2025-01-05,email,"a\r\nb"\r\n'
        "c2,2025-01-05\r\nc3,2025-01-05,email,x\r\nc4,oops,email,x\r\n",
    )
    problems = world.rejected(path)
    assert [(p.rule, p.line) for p in problems] == [("malformed-line", 4), ("type", 6)]


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_the_delimiter_is_sniffed(world: World, delimiter: str) -> None:
    header = delimiter.join(["date", "channel", "campaign", "cost"])
    row = delimiter.join(["2025-01-05", "search", "brand, generic", "12.5"])
    path = world.file("spend.csv", f"{header}\n{row}\n")
    if delimiter == ",":
        path.write_text(f'{header}\n2025-01-05,search,"brand, generic",12.5\n')
    assert world.load(path).rows_added == 1
    assert world.sql("SELECT campaign, cost FROM spend") == [("brand, generic", Decimal("12.50"))]


def test_strings_are_nfc_normalised_stripped_and_empty_means_null(world: World) -> None:
    decomposed = "Fru\u0308hling"  # ü as u + combining diaeresis
    path = world.file(
        "spend.csv",
        f"date,channel,campaign,cost,category\n2025-01-05,  email\u00a0 ,{decomposed},1,   \n",
    )
    world.load(path)
    assert world.sql("SELECT channel, campaign, category FROM spend") == [
        ("email", "Fr\u00fchling", None)
    ]


def test_a_preamble_above_the_header_is_skipped(world: World) -> None:
    path = world.file(
        "spend.csv",
        'Spend report\n"January 1, 2025 - January 31, 2025"\n\ndate,channel,cost\n'
        "2025-01-05,search,3\n",
    )
    assert world.load(path).rows_added == 1
    bad = world.file("spend.csv", "Spend report\n\ndate,channel,cost\n2025-01-05,search,x\n")
    problem = only(world.rejected(bad), "type")
    assert problem.line == 4


def test_other_encodings_from_the_source_mapping(world: World) -> None:
    world.source("legacy", "table: customers\nformat:\n  encoding: cp1252\n")
    path = world.data = world.path / "data" / "legacy.csv"
    path.write_bytes(
        "customer_id,acquired_at,channel,region\nc1,2025-01-05,email,Köln\n".encode("cp1252")
    )
    world.load(path, source="legacy")
    assert world.sql("SELECT region FROM customers") == [("Köln",)]


def test_text_that_is_not_utf8_is_reported_with_its_line(world: World) -> None:
    path = world.path / "data" / "customers.csv"
    path.write_bytes(
        b"customer_id,acquired_at,channel,region\nc1,2025-01-05,email,x\nc2,2025-01-05,email,K\xf6ln\n"
    )
    problem = only(world.rejected(path), "malformed-line")
    assert problem.line == 3
    assert "encoding" in problem.message


def test_gzipped_csv(world: World) -> None:
    path = world.path / "data" / "spend_2025-01.csv.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write("date,channel,cost\n2025-01-05,search,3\n2025-01-06,search,x\n")
    problem = only(world.rejected(path), "type")
    assert (problem.line, problem.value) == (3, "x")


def test_empty_rows_are_skipped_and_a_header_only_file_loads_nothing(world: World) -> None:
    path = world.file("spend.csv", "date;channel;cost\n2025-01-05;search;3\n;;\n")
    result = world.load(path)
    assert (result.rows_read, result.rows_added, result.rows_skipped) == (2, 1, 1)
    empty = world.file("customers.csv", "customer_id,acquired_at,channel\n")
    assert world.load(empty).rows_added == 0


def test_an_empty_file_is_rejected(world: World) -> None:
    path = world.file("customers.csv", "")
    problem = only(world.rejected(path), "empty")
    assert problem.file == str(path)
