"""Who is asking: users, roles and the FastAPI dependencies that require them.

(Sign-in, sessions, tokens and CSRF live here; this version admits everyone as an admin
until they are in place.)
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated

from fastapi import Depends, Request


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
    scope: str = "read"  # "read" or "ingest" for bearer tokens


def current_user(request: Request) -> User:
    """The user making the request."""
    user = User(0, "admin", Role.ADMIN)
    request.state.user = user
    return user


CurrentUser = Annotated[User, Depends(current_user)]
