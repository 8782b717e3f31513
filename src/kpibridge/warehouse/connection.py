"""Open the warehouse, create its schema and hand out Ibis tables."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ibis
import pyarrow as pa

from kpibridge.errors import WorkspaceError
from kpibridge.warehouse.schema import all_ddl

if TYPE_CHECKING:
    import duckdb


class Warehouse:
    """A DuckDB warehouse file opened with the workspace time zone as the session time zone.

    Periods are bucketed by casting stored UTC instants to dates in the session time zone,
    so every KPI sees the workspace's calendar.
    """

    def __init__(self, path: Path | str, timezone: str = "UTC", read_only: bool = False) -> None:
        self.path = Path(path)
        self.timezone = timezone
        self.read_only = read_only
        self.ibis: Any = _connect(self.path, read_only)
        #: One DuckDB connection serves every thread of a process, one statement at a time.
        self.lock = threading.RLock()
        self.raw.execute(f"SET TimeZone = '{_quote(timezone)}'")
        if not read_only:
            self.ensure_schema()

    @property
    def raw(self) -> duckdb.DuckDBPyConnection:
        """The underlying DuckDB connection (for ingest and hand-written reference SQL)."""
        return self.ibis.con

    def ensure_schema(self) -> None:
        for statement in all_ddl():
            self.raw.execute(statement)

    @property
    def dialect(self) -> str:
        """The SQL dialect compiled queries are written in."""
        return str(self.ibis.name)

    def fetch(self, query: str) -> pa.Table:
        """Run compiled (trusted) SQL and return the rows as Arrow."""
        return self.raw.sql(query).to_arrow_table()

    def table(self, name: str) -> ibis.Table:
        return self.ibis.table(name)

    def sql(self, query: str, params: list[object] | None = None) -> list[tuple[Any, ...]]:
        """Run trusted SQL (never user text) and return all rows."""
        return self.raw.execute(query, params or []).fetchall()

    def close(self) -> None:
        self.ibis.disconnect()


def _connect(path: Path, read_only: bool) -> Any:
    """An Ibis DuckDB connection; a clear WorkspaceError when another process holds the file."""
    import duckdb

    try:
        return ibis.duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" not in str(exc).lower():
            raise
        raise WorkspaceError(
            f"the warehouse {path} is in use by another process (a running `kpibridge serve` "
            "holds it while it serves): stop that process, or ask the server through its API"
        ) from None


def _quote(text: str) -> str:
    return text.replace("'", "''")
