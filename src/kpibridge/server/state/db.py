"""The app-state database: one SQLAlchemy engine, transactions and the clock."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from kpibridge.errors import KpiBridgeError
from kpibridge.server.state.models import Base

STATE_FILE = "state.sqlite"
STATE_URL_ENV = "KPIBRIDGE_STATE_URL"

Clock = Callable[[], datetime]


class StateError(KpiBridgeError):
    """A request to the app state that cannot be carried out (unknown user, bad name …)."""


def utc_now() -> datetime:
    return datetime.now(UTC)


def state_url(workspace_path: Path | str, configured: str | None = None) -> str:
    """`configured`, else $KPIBRIDGE_STATE_URL, else state.sqlite in the workspace."""
    url = configured or os.environ.get(STATE_URL_ENV)
    if url:
        return url
    return f"sqlite:///{Path(workspace_path).resolve() / STATE_FILE}"


class Database:
    """An engine over the app-state database with short transactions."""

    def __init__(self, url: str, clock: Clock = utc_now) -> None:
        self.url = url
        self.clock = clock
        self.engine: Engine = _engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def create_schema(self) -> None:
        """Create missing tables (existing ones are left as they are)."""
        Base.metadata.create_all(self.engine)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session committed at the end of the block, rolled back on error."""
        with self._sessions.begin() as session:
            yield session

    def now(self) -> datetime:
        return self.clock()

    def close(self) -> None:
        self.engine.dispose()


def _engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if parsed.database and parsed.database != ":memory:":
        _private_file(Path(parsed.database))
    engine = create_engine(url, connect_args={"timeout": 15})

    @event.listens_for(engine, "connect")
    def _pragmas(connection: Any, _: object) -> None:
        cursor = connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    return engine


def _private_file(path: Path) -> None:
    """Create the SQLite file readable by its owner only (it holds password hashes)."""
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)
