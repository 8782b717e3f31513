"""Progress of one load, reported as (done, total) in bytes of the file (estimated)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import duckdb

ProgressCallback = Callable[[int, int], None]

_POLL_SECONDS = 0.1


class Progress:
    """Runs the loader's SQL and turns DuckDB's query progress into calls of `callback`.

    The work of a load is split into phases (a share of the file each); within a long query
    the share done is read from DuckDB while the query runs, on a helper thread.
    """

    def __init__(
        self, con: duckdb.DuckDBPyConnection, callback: ProgressCallback | None, total: int
    ) -> None:
        self.con = con
        self.callback = callback
        self.total = max(total, 1)
        self.done = 0

    def report(self, fraction: float) -> None:
        """Say that `fraction` (0…1) of the whole load is done; never goes backwards."""
        if self.callback is None:
            return
        done = min(self.total, int(self.total * fraction))
        if done > self.done:
            self.done = done
            self.callback(done, self.total)

    def run(
        self, sql: str, params: list[Any] | None = None, span: tuple[float, float] = (0.0, 0.0)
    ) -> duckdb.DuckDBPyConnection:
        """Execute `sql`; while it runs, report progress inside `span` of the whole load."""
        if self.callback is None or span[1] <= span[0]:
            return self.con.execute(sql, params or [])
        stop = threading.Event()
        poller = threading.Thread(target=self._poll, args=(stop, span), daemon=True)
        with _setting(self.con, "enable_progress_bar", "true"):
            poller.start()
            try:
                return self.con.execute(sql, params or [])
            finally:
                stop.set()
                poller.join()
                self.report(span[1])

    def _poll(self, stop: threading.Event, span: tuple[float, float]) -> None:
        start, end = span
        while not stop.wait(_POLL_SECONDS):
            try:
                percent = self.con.query_progress()
            except duckdb.Error:  # pragma: no cover - the query ended between two polls
                return
            if percent >= 0:
                self.report(start + (end - start) * min(percent, 100.0) / 100.0)


@contextmanager
def quiet(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """DuckDB prints no progress bar of its own while a load runs (the CLI draws one)."""
    with _setting(con, "enable_progress_bar_print", "false"):
        yield


@contextmanager
def _setting(con: duckdb.DuckDBPyConnection, name: str, value: str) -> Iterator[None]:
    """Change a connection setting for a while, then put the previous value back."""
    row = con.execute(f"SELECT current_setting('{name}')").fetchone()
    previous = str(row[0]).lower() if row else None
    con.execute(f"SET {name} = {value}")
    try:
        yield
    finally:
        if previous is None:
            con.execute(f"RESET {name}")
        else:
            con.execute(f"SET {name} = {previous}")
