"""The load log: one record per load attempt (loaded, unchanged or rejected), never data rows."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import asdict, dataclass
from typing import Any

import duckdb

from kpibridge.warehouse import Warehouse
from kpibridge.warehouse.schema import LOADS_TABLE

_COLUMNS = (
    "load_id, epoch_us(loaded_at), file, sha256, table_name, source, rows_read, rows_added, "
    "rows_replaced, rows_rejected, status, message"
)


@dataclass(frozen=True)
class LoadRecord:
    """One entry of the load log."""

    load_id: str
    loaded_at: dt.datetime  # UTC
    file: str
    sha256: str
    table: str
    source: str | None
    rows_read: int
    rows_added: int
    rows_replaced: int
    rows_rejected: int
    status: str
    message: str

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["loaded_at"] = self.loaded_at.isoformat()
        return data


def write_record(
    con: duckdb.DuckDBPyConnection,
    *,
    file: str,
    sha256: str,
    table: str,
    source: str | None,
    rows_read: int,
    rows_added: int,
    rows_replaced: int,
    rows_rejected: int,
    status: str,
    message: str,
) -> str:
    """Append a record (inside the caller's transaction, if any); returns its id."""
    load_id = uuid.uuid4().hex
    con.execute(
        f"INSERT INTO {LOADS_TABLE} VALUES (?, now(), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            load_id,
            file,
            sha256,
            table,
            source,
            rows_read,
            rows_added,
            rows_replaced,
            rows_rejected,
            status,
            message,
        ],
    )
    return load_id


def load_log(warehouse: Warehouse) -> list[LoadRecord]:
    """Every load attempt, oldest first."""
    rows = warehouse.raw.execute(
        f"SELECT {_COLUMNS} FROM {LOADS_TABLE} ORDER BY loaded_at, load_id"
    ).fetchall()
    return [_record(row) for row in rows]


def loaded_count(warehouse: Warehouse) -> int:
    """How many loads changed data (status "loaded"): a version of the warehouse's data."""
    rows = warehouse.sql(f"SELECT count(*) FROM {LOADS_TABLE} WHERE status = 'loaded'")
    return int(rows[0][0])


def last_loaded(
    con: duckdb.DuckDBPyConnection, sha256: str, table: str, source: str | None
) -> LoadRecord | None:
    """The latest successful load of the same content into the same table from the same source."""
    row = con.execute(
        f"SELECT {_COLUMNS} FROM {LOADS_TABLE} WHERE sha256 = ? AND table_name = ? "
        "AND source IS NOT DISTINCT FROM ? AND status = 'loaded' "
        "ORDER BY loaded_at DESC LIMIT 1",
        [sha256, table, source],
    ).fetchone()
    return _record(row) if row else None


def _record(row: tuple[Any, ...]) -> LoadRecord:
    at = dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(microseconds=int(row[1]))
    return LoadRecord(
        load_id=row[0],
        loaded_at=at,
        file=row[2],
        sha256=row[3],
        table=row[4],
        source=row[5],
        rows_read=int(row[6] or 0),
        rows_added=int(row[7] or 0),
        rows_replaced=int(row[8] or 0),
        rows_rejected=int(row[9] or 0),
        status=row[10],
        message=row[11] or "",
    )
