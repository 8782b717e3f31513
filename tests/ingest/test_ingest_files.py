"""Parquet and XLSX files: typed columns are used as they are; problems name the row."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from ingest_world import World, only
from openpyxl import Workbook


def _parquet(path: Path, columns: dict[str, pa.Array]) -> Path:
    pq.write_table(pa.table(columns), path)
    return path


def test_parquet_with_typed_columns(world: World) -> None:
    path = _parquet(
        world.path / "data" / "orders.parquet",
        {
            "order_id": pa.array(["o1", "o2"]),
            "customer_id": pa.array([7, 8]),  # ids written as numbers become text
            "ordered_at": pa.array(
                [dt.datetime(2025, 3, 31, 23, 30), dt.datetime(2025, 1, 2, 8, 0)],
                pa.timestamp("us"),
            ),
            "amount": pa.array([10.005, -2.5]),
            "cost": pa.array([4, None], pa.int64()),
        },
    )
    result = world.load(path)
    assert (result.status, result.rows_added) == ("loaded", 2)
    assert world.sql(
        f"SELECT order_id, customer_id, {world.utc('ordered_at')}, amount, cost FROM orders "
        "ORDER BY 1"
    ) == [
        ("o1", "7", "2025-03-31 23:30:00", Decimal("10.01"), Decimal("4.00")),
        ("o2", "8", "2025-01-02 08:00:00", Decimal("-2.50"), None),
    ]


def test_parquet_naive_timestamps_are_local_and_zoned_ones_are_kept(world_factory) -> None:  # type: ignore[no-untyped-def]
    world = world_factory(timezone="Europe/Berlin")
    instant = dt.datetime(2025, 3, 31, 21, 30, tzinfo=dt.UTC)
    path = _parquet(
        world.path / "data" / "sessions.parquet",
        {
            "session_id": pa.array(["s1", "s2"]),
            "started_at": pa.array(
                [instant, instant + dt.timedelta(hours=1)], pa.timestamp("us", tz="UTC")
            ),
            "channel": pa.array(["seo", "seo"]),
        },
    )
    world.load(path)
    naive = _parquet(
        world.path / "data" / "sessions_2025-04.parquet",
        {
            "session_id": pa.array(["s3"]),
            "started_at": pa.array([dt.datetime(2025, 3, 31, 23, 30)], pa.timestamp("ms")),
            "channel": pa.array(["seo"]),
        },
    )
    world.load(naive)
    assert world.sql(f"SELECT session_id, {world.utc('started_at')} FROM sessions ORDER BY 1") == [
        ("s1", "2025-03-31 21:30:00"),
        ("s2", "2025-03-31 22:30:00"),
        ("s3", "2025-03-31 21:30:00"),
    ]


def test_parquet_problems_name_the_row(world: World) -> None:
    path = _parquet(
        world.path / "data" / "spend.parquet",
        {
            "date": pa.array([dt.date(2025, 1, d) for d in (1, 2, 3, 4)]),
            "channel": pa.array(["a", "b", "c", "d"]),
            "cost": pa.array([1.0, 2.0, -3.0, float("nan")]),
            "clicks": pa.array([1.0, 2.5, 3.0, 4.0]),
        },
    )
    problems = world.rejected(path)
    assert [(p.rule, p.line, p.column, p.value) for p in problems] == [
        ("type", 2, "clicks", "2.5"),
        ("minimum", 3, "cost", "-3.0"),
        ("finite", 4, "cost", "nan"),
    ]
    assert problems[0].file == str(path)


def test_parquet_columns_are_mapped_by_a_source(world: World) -> None:
    world.source(
        "warehouse_export",
        "table: leads\ncolumns:\n  id: lead_id\n  created: created_at\n  src: channel\n",
    )
    path = _parquet(
        world.path / "data" / "leads_dump.parquet",
        {
            "id": pa.array(["l1"]),
            "created": pa.array([dt.date(2025, 2, 1)]),
            "src": pa.array(["email"]),
        },
    )
    world.load(path, source="warehouse_export")
    assert world.sql(f"SELECT lead_id, {world.utc('created_at')}, channel FROM leads") == [
        ("l1", "2025-02-01 00:00:00", "email")
    ]


def _workbook(path: Path, rows: list[list[object]], title: str = "Sheet1") -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_xlsx_with_title_rows_typed_cells_and_row_numbers(world: World) -> None:
    path = _workbook(
        world.path / "data" / "deals.xlsx",
        [
            ["Pipeline report"],
            [],
            ["deal_id", "created_at", "status", "closed_at", "amount"],
            [1001, dt.datetime(2025, 1, 5, 9, 30), "won", dt.datetime(2025, 2, 1), 1200.5],
            [1002, dt.datetime(2025, 1, 6, 10, 0), "open", None, 300],
            [],
            [1003, dt.datetime(2025, 1, 7), "stalled", None, "n/a"],
        ],
    )
    problems = world.rejected(path)
    assert [(p.rule, p.line, p.column, p.value) for p in problems] == [
        ("type", 7, "amount", "n/a"),
        ("choices", 7, "status", "stalled"),
    ]
    book_fixed = _workbook(
        world.path / "data" / "deals_2025-01.xlsx",
        [
            ["deal_id", "created_at", "status", "closed_at", "amount"],
            [1001, dt.datetime(2025, 1, 5, 9, 30), "won", dt.datetime(2025, 2, 1), 1200.5],
            [1002, dt.datetime(2025, 1, 6, 10, 0), "open", None, 300],
        ],
    )
    assert world.load(book_fixed).rows_added == 2
    assert world.sql(
        f"SELECT deal_id, {world.utc('created_at')}, status, amount FROM deals ORDER BY 1"
    ) == [
        ("1001", "2025-01-05 09:30:00", "won", Decimal("1200.50")),
        ("1002", "2025-01-06 10:00:00", "open", Decimal("300.00")),
    ]


def test_xlsx_sheet_from_the_source_mapping(world: World) -> None:
    path = world.path / "data" / "social.xlsx"
    book = Workbook()
    first = book.active
    assert first is not None
    first.title = "Notes"
    first.append(["nothing here"])
    data = book.create_sheet("Daily")
    data.append(["Day", "Network", "Impressions", "Reach"])
    data.append([dt.date(2025, 1, 1), "linkedin", 1000, 800])
    book.save(path)
    world.source(
        "social_book",
        "table: social\ncolumns:\n  Day: date\n  Network: platform\nformat:\n  sheet: Dayly\n",
    )
    problem = only(world.rejected(path, source="social_book"), "sheet")
    assert "did you mean 'Daily'?" in problem.message
    world.source(
        "social_book",
        "table: social\ncolumns:\n  Day: date\n  Network: platform\nformat:\n  sheet: Daily\n",
    )
    world.load(path, source="social_book")
    assert world.sql("SELECT date, platform, impressions, reach FROM social") == [
        (dt.date(2025, 1, 1), "linkedin", 1000, 800)
    ]


def test_xlsx_text_numbers_follow_the_source_separators(world: World) -> None:
    world.source("eu_book", 'table: spend\nformat:\n  decimal: ","\n  thousands: "."\n')
    path = _workbook(
        world.path / "data" / "eu_book.xlsx",
        [
            ["date", "channel", "cost"],
            [dt.date(2025, 1, 1), "a", "1.234,50"],  # typed as text in the sheet
            [dt.date(2025, 1, 2), "b", 99.5],  # a real number in the same column
        ],
    )
    world.load(path)
    assert world.sql("SELECT channel, cost FROM spend ORDER BY 1") == [
        ("a", Decimal("1234.50")),
        ("b", Decimal("99.50")),
    ]
