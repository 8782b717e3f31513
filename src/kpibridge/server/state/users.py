"""Users: names, roles, channel restrictions, locales and password checks."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from kpibridge.server.auth import Role, User
from kpibridge.server.i18n import SUPPORTED
from kpibridge.server.state.db import Database, StateError
from kpibridge.server.state.models import UserRow
from kpibridge.server.state.passwords import hash_password, needs_rehash, verify_password

NAME = re.compile(r"[a-z0-9][a-z0-9_.@-]{0,63}")
CHANNEL = re.compile(r"[A-Za-z0-9][A-Za-z0-9_. -]{0,63}")


@dataclass(frozen=True)
class UserInfo:
    """A user as listed to admins (never the password hash)."""

    id: int
    name: str
    role: Role | None
    channels: tuple[str, ...]
    locale: str | None
    created: datetime

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "role": self.role.value if self.role else None,
            "channels": list(self.channels),
            "locale": self.locale,
            "created": self.created.isoformat(timespec="seconds"),
        }


def normalise_name(name: str) -> str:
    """User names are compared in lower case."""
    return name.strip().lower()


def parse_role(role: str | Role | None) -> Role | None:
    if role is None or role == "":
        return None
    try:
        return Role(role)
    except ValueError:
        roles = ", ".join(r.value for r in Role)
        raise StateError(f"unknown role {role!r}; roles: {roles}") from None


def parse_channels(channels: str | Iterable[str] | None) -> tuple[str, ...]:
    """Channels from "a,b" or a list; empty means every channel."""
    items = channels.split(",") if isinstance(channels, str) else list(channels or ())
    cleaned = tuple(dict.fromkeys(c.strip() for c in items if c.strip()))
    bad = [c for c in cleaned if not CHANNEL.fullmatch(c)]
    if bad:
        raise StateError(f"invalid channel name(s): {', '.join(map(repr, bad))}")
    return cleaned


def to_user(row: UserRow, scope: str = "read") -> User:
    """The request-level user of a row."""
    role = Role(row.role) if row.role else None
    return User(row.id, row.name, role, tuple(row.channels or ()), row.locale, scope)


class Users:
    """Create, find, list and remove users; check passwords."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def add(
        self,
        name: str,
        password: str,
        role: str | Role | None,
        channels: str | Iterable[str] | None = None,
        locale: str | None = None,
    ) -> User:
        key = normalise_name(name)
        if not NAME.fullmatch(key):
            raise StateError(
                f"invalid user name {name!r}: up to 64 of a-z 0-9 _ . @ -, starting with a "
                "letter or digit"
            )
        if locale is not None and locale not in SUPPORTED:
            raise StateError(f"unknown locale {locale!r}; locales: {', '.join(SUPPORTED)}")
        parsed = parse_role(role)
        row = UserRow(
            name=key,
            password_hash=hash_password(password),
            role=parsed.value if parsed else None,
            channels=list(parse_channels(channels)),
            locale=locale,
            created=self.db.now(),
        )
        with self.db.transaction() as session:
            if session.scalar(select(UserRow.id).where(UserRow.name == key)) is not None:
                raise StateError(f"user {key!r} exists already")
            session.add(row)
            session.flush()
            return to_user(row)

    def get(self, name: str) -> User | None:
        with self.db.transaction() as session:
            row = session.scalar(select(UserRow).where(UserRow.name == normalise_name(name)))
            return to_user(row) if row else None

    def require(self, name: str) -> User:
        user = self.get(name)
        if user is None:
            raise StateError(f"no user {normalise_name(name)!r}; `kpibridge user list` lists them")
        return user

    def list(self) -> list[UserInfo]:
        with self.db.transaction() as session:
            rows = session.scalars(select(UserRow).order_by(UserRow.name)).all()
            return [
                UserInfo(
                    r.id,
                    r.name,
                    Role(r.role) if r.role else None,
                    tuple(r.channels or ()),
                    r.locale,
                    r.created,
                )
                for r in rows
            ]

    def remove(self, name: str) -> bool:
        """Delete the user with their sessions and tokens; False when there was none."""
        with self.db.transaction() as session:
            row = session.scalar(select(UserRow).where(UserRow.name == normalise_name(name)))
            if row is None:
                return False
            session.delete(row)
            return True

    def set_password(self, name: str, password: str) -> None:
        new_hash = hash_password(password)
        with self.db.transaction() as session:
            row = session.scalar(select(UserRow).where(UserRow.name == normalise_name(name)))
            if row is None:
                raise StateError(f"no user {normalise_name(name)!r}")
            row.password_hash = new_hash

    def verify(self, name: str, password: str) -> User | None:
        """The user when `password` is theirs; the same work is done for unknown names."""
        key = normalise_name(name)
        with self.db.transaction() as session:
            row = session.scalar(select(UserRow).where(UserRow.name == key))
        stored = row.password_hash if row else None
        if not verify_password(stored, password) or row is None:
            return None
        if needs_rehash(row.password_hash):
            new_hash = hash_password(password, check=False)
            with self.db.transaction() as session:
                found = session.get(UserRow, row.id)
                if found is not None:
                    found.password_hash = new_hash
        return session_user(row)

    def by_id(self, user_id: int, scope: str = "read") -> User | None:
        with self.db.transaction() as session:
            row = session.get(UserRow, user_id)
            return to_user(row, scope) if row else None


def session_user(row: UserRow) -> User:
    """The user of a browser session: admins may post data from it; everyone else reads."""
    return to_user(row, "ingest" if row.role == Role.ADMIN.value else "read")
