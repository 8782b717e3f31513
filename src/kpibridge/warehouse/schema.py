"""DDL for the canonical tables, the load log and the calendar, per logical column type."""

from __future__ import annotations

from kpibridge.model.tables import FX_COLUMN, TABLES, ColumnType, TableSpec

DUCKDB_TYPES: dict[ColumnType, str] = {
    ColumnType.STRING: "VARCHAR",
    ColumnType.DATE: "DATE",
    ColumnType.TIMESTAMP: "TIMESTAMPTZ",
    ColumnType.MONEY: "DECIMAL(18,2)",
    ColumnType.INTEGER: "BIGINT",
    ColumnType.NUMBER: "DOUBLE",
    ColumnType.CURRENCY: "VARCHAR",
}

LOADS_TABLE = "_kpibridge_loads"
CALENDAR_TABLE = "_kpibridge_calendar"
CALENDAR_FIRST, CALENDAR_LAST = "1990-01-01", "2100-12-31"


def stored_columns(spec: TableSpec) -> list[tuple[str, str]]:
    """(name, SQL type) of every stored column of a canonical table, in order."""
    cols = [(c.name, DUCKDB_TYPES[c.type]) for c in spec.columns]
    if spec.money_columns_follow_currency:
        cols.append((FX_COLUMN, "DECIMAL(18,8)"))
    return cols


def create_table_sql(spec: TableSpec) -> str:
    body = ", ".join(f'"{name}" {sql_type}' for name, sql_type in stored_columns(spec))
    return f'CREATE TABLE IF NOT EXISTS "{spec.name}" ({body})'


LOADS_DDL = f"""
CREATE TABLE IF NOT EXISTS {LOADS_TABLE} (
    load_id VARCHAR,
    loaded_at TIMESTAMPTZ,
    file VARCHAR,
    sha256 VARCHAR,
    table_name VARCHAR,
    source VARCHAR,
    rows_read BIGINT,
    rows_added BIGINT,
    rows_replaced BIGINT,
    rows_rejected BIGINT,
    status VARCHAR,
    message VARCHAR
)
"""

CALENDAR_DDL = f"""
CREATE TABLE IF NOT EXISTS {CALENDAR_TABLE} AS
SELECT CAST(d AS DATE) AS day
FROM generate_series(DATE '{CALENDAR_FIRST}', DATE '{CALENDAR_LAST}', INTERVAL 1 DAY) AS g(d)
"""


def all_ddl() -> list[str]:
    """Every statement that creates the warehouse schema; each is idempotent."""
    return [create_table_sql(spec) for spec in TABLES.values()] + [LOADS_DDL, CALENDAR_DDL]
