"""Who is asking: users, roles and the FastAPI dependencies that require them.

The guard middleware (server/guard.py) signs every request in from its session cookie or
`Authorization: Bearer` token before any route runs and sets `request.state.user`; the
dependencies here only read it, so a route can never run for an anonymous caller.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated

from fastapi import Depends, Request

from kpibridge.errors import AuthError


class Role(StrEnum):
    ADMIN = "admin"
    CEO = "ceo"
    CMO = "cmo"
    SALES = "sales"
    VIEWER = "viewer"


@dataclass(frozen=True)
class User:
    """A signed-in person (or a token acting for one)."""

    id: int
    name: str
    role: Role | None
    channels: tuple[str, ...] = ()  # empty: every channel
    locale: str | None = None
    scope: str = "read"  # "read" or "ingest" (bearer tokens; admins' sessions ingest)

    @property
    def restricted(self) -> bool:
        """True when the user sees only some channels."""
        return bool(self.channels)


def current_user(request: Request) -> User:
    """The user making the request (401 when nobody signed it in)."""
    user = getattr(request.state, "user", None)
    if not isinstance(user, User):
        raise AuthError("sign in first", status=401)
    request.state.user = user
    return user


CurrentUser = Annotated[User, Depends(current_user)]


def require_roles(*roles: Role) -> Callable[[Request], User]:
    """A dependency admitting only users with one of `roles` (403 otherwise)."""
    allowed = frozenset(roles)

    def dependency(request: Request) -> User:
        user = current_user(request)
        if user.role not in allowed:
            names = ", ".join(sorted(r.value for r in allowed))
            raise AuthError(f"this needs one of the roles: {names}", status=403)
        return user

    return dependency


def ingest_user(request: Request) -> User:
    """The user when they may post data: an ingest token, or an admin's session."""
    user = current_user(request)
    if user.scope != "ingest" or user.role is None or user.restricted:
        raise AuthError("posting data needs a token with ingest scope", status=403)
    return user


IngestUser = Annotated[User, Depends(ingest_user)]
AdminUser = Annotated[User, Depends(require_roles(Role.ADMIN))]
