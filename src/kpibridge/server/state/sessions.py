"""Server-side sessions: a random id in the cookie, its SHA-256 and a CSRF token in the table."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select

from kpibridge.server.auth import User
from kpibridge.server.state.db import Database
from kpibridge.server.state.models import SessionRow, UserRow
from kpibridge.server.state.users import session_user

SESSION_ID_BYTES = 32
LIFETIME = timedelta(hours=12)


@dataclass(frozen=True)
class ActiveSession:
    user: User
    csrf_token: str


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class Sessions:
    """Create, look up and end browser sessions."""

    def __init__(self, db: Database, lifetime: timedelta = LIFETIME) -> None:
        self.db = db
        self.lifetime = lifetime

    def create(self, user_id: int) -> tuple[str, str]:
        """A new session for the user: (session id for the cookie, CSRF token)."""
        session_id = secrets.token_urlsafe(SESSION_ID_BYTES)
        csrf = secrets.token_urlsafe(32)
        now = self.db.now()
        with self.db.transaction() as session:
            session.execute(delete(SessionRow).where(SessionRow.expires <= now))
            session.add(
                SessionRow(
                    id_hash=digest(session_id),
                    user_id=user_id,
                    csrf_token=csrf,
                    created=now,
                    expires=now + self.lifetime,
                )
            )
        return session_id, csrf

    def lookup(self, session_id: str) -> ActiveSession | None:
        """The live session with this id, or None (unknown or expired)."""
        if not session_id or len(session_id) > 256:
            return None
        with self.db.transaction() as session:
            found = session.execute(
                select(SessionRow, UserRow)
                .join(UserRow, UserRow.id == SessionRow.user_id)
                .where(SessionRow.id_hash == digest(session_id))
            ).first()
            if found is None:
                return None
            row, user = found
            if row.expires <= self.db.now():
                session.delete(row)
                return None
            return ActiveSession(session_user(user), row.csrf_token)

    def end(self, session_id: str) -> None:
        with self.db.transaction() as session:
            session.execute(delete(SessionRow).where(SessionRow.id_hash == digest(session_id)))

    def end_all(self, user_id: int) -> None:
        with self.db.transaction() as session:
            session.execute(delete(SessionRow).where(SessionRow.user_id == user_id))
