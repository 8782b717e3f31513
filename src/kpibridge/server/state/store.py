"""The app state of one server: users, sessions, tokens, throttling and the audit log."""

from __future__ import annotations

from pathlib import Path

from kpibridge.server.state.audit import AuditLog
from kpibridge.server.state.db import Clock, Database, state_url, utc_now
from kpibridge.server.state.sessions import Sessions
from kpibridge.server.state.throttle import Throttle
from kpibridge.server.state.tokens import Tokens
from kpibridge.server.state.users import Users


class StateStore:
    """Everything the server remembers besides the warehouse, over one database."""

    def __init__(self, url: str, clock: Clock = utc_now) -> None:
        self.db = Database(url, clock)
        self.db.create_schema()
        self.users = Users(self.db)
        self.sessions = Sessions(self.db)
        self.tokens = Tokens(self.db)
        self.throttle = Throttle(self.db)
        self.audit = AuditLog(self.db)

    @property
    def url(self) -> str:
        return self.db.url

    def close(self) -> None:
        self.db.close()


def open_state(workspace_path: Path | str, url: str | None = None) -> StateStore:
    """The state of the workspace at `workspace_path` (schema created when missing)."""
    return StateStore(state_url(workspace_path, url))
