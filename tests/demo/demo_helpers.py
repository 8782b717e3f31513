"""Helpers of the demo tests: the build day, sizes and DuckDB views over generated files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

TODAY = date(2025, 11, 23)
SMALL = 20_000
MEDIUM = 150_000
TIMEZONE = "Europe/Berlin"


def views(data_dir: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with one view per canonical table over the generated files."""
    con = duckdb.connect()
    con.execute(f"SET TimeZone = '{TIMEZONE}'")
    tables: dict[str, list[str]] = {}
    for path in sorted(data_dir.iterdir()):
        stem = path.name.split(".")[0]
        table = stem.rsplit("_", 1)[0] if stem[-7:-3].isdigit() and stem[-3] == "-" else stem
        tables.setdefault(table, []).append(str(path))
    for table, files in tables.items():
        reader = "read_csv" if files[0].endswith(".csv") else "read_parquet"
        con.execute(f"CREATE VIEW {table} AS SELECT * FROM {reader}({files!r})")
    con.execute(
        "CREATE VIEW spend_usd AS SELECT s.*, s.cost * coalesce(f.rate, 1) AS usd FROM spend s "
        "LEFT JOIN fx_rates f ON f.date = s.date AND f.currency = s.currency"
    )
    return con


def one(con: duckdb.DuckDBPyConnection, sql: str) -> object:
    """The single value `sql` returns."""
    row = con.execute(sql).fetchone()
    assert row is not None
    return row[0]


def columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    return {d[0] for d in con.execute(f"SELECT * FROM {table} LIMIT 0").description}
