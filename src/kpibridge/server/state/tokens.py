"""API tokens: shown once when created, kept only as a SHA-256 hash."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from kpibridge.server.auth import User
from kpibridge.server.state.db import Database, StateError
from kpibridge.server.state.models import TokenRow, UserRow
from kpibridge.server.state.sessions import digest
from kpibridge.server.state.users import normalise_name, to_user

PREFIX = "kpib_"
SCOPES = ("read", "ingest")
LAST_USED_STEP = timedelta(minutes=1)  # last_used is written at most this often


@dataclass(frozen=True)
class TokenInfo:
    id: int
    user: str
    name: str
    scope: str
    created: datetime
    last_used: datetime | None

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "user": self.user,
            "name": self.name,
            "scope": self.scope,
            "created": self.created.isoformat(timespec="seconds"),
            "last_used": self.last_used.isoformat(timespec="seconds") if self.last_used else None,
        }


class Tokens:
    """Create, look up, list and revoke bearer tokens."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def create(self, user_name: str, scope: str = "read", name: str | None = None) -> str:
        """A new token acting for `user_name`; the only time the token itself is seen."""
        if scope not in SCOPES:
            raise StateError(f"unknown scope {scope!r}; scopes: {', '.join(SCOPES)}")
        token = PREFIX + secrets.token_urlsafe(32)
        with self.db.transaction() as session:
            key = normalise_name(user_name)
            user = session.scalar(select(UserRow).where(UserRow.name == key))
            if user is None:
                raise StateError(f"no user {key!r}; `kpibridge user list` lists them")
            if scope == "ingest" and (user.role is None or user.channels):
                raise StateError(
                    "ingest tokens need a user with a role and access to every channel "
                    f"({key!r} is restricted)"
                )
            session.add(
                TokenRow(
                    user_id=user.id,
                    name=name or f"{scope} token",
                    token_hash=digest(token),
                    scope=scope,
                    created=self.db.now(),
                )
            )
        return token

    def lookup(self, token: str) -> User | None:
        """The user a token acts for, with the token's scope; None for an unknown token."""
        if not token.startswith(PREFIX) or len(token) > 256:
            return None
        now = self.db.now()
        with self.db.transaction() as session:
            found = session.execute(
                select(TokenRow, UserRow)
                .join(UserRow, UserRow.id == TokenRow.user_id)
                .where(TokenRow.token_hash == digest(token))
            ).first()
            if found is None:
                return None
            row, user = found
            if row.last_used is None or now - row.last_used >= LAST_USED_STEP:
                row.last_used = now
            return to_user(user, row.scope)

    def list(self, user_name: str | None = None) -> list[TokenInfo]:
        query = select(TokenRow, UserRow.name).join(UserRow, UserRow.id == TokenRow.user_id)
        if user_name:
            query = query.where(UserRow.name == normalise_name(user_name))
        with self.db.transaction() as session:
            return [
                TokenInfo(t.id, name, t.name, t.scope, t.created, t.last_used)
                for t, name in session.execute(query.order_by(TokenRow.id)).all()
            ]

    def revoke(self, token_id: int) -> bool:
        with self.db.transaction() as session:
            result = session.execute(delete(TokenRow).where(TokenRow.id == token_id))
            return bool(getattr(result, "rowcount", 0))
