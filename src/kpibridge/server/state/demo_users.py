"""The demo's users: one per role and a channel-restricted agency, with fresh passwords."""

from __future__ import annotations

from dataclasses import dataclass

from kpibridge.server.state.passwords import generate_password
from kpibridge.server.state.store import StateStore

DEMO_USERS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("admin", "admin", ()),
    ("ceo", "ceo", ()),
    ("cmo", "cmo", ()),
    ("sales", "sales", ()),
    ("viewer", "viewer", ()),
    ("paid_agency", "cmo", ("paid_search", "paid_social")),
)


@dataclass(frozen=True)
class DemoLogin:
    name: str
    role: str
    channels: tuple[str, ...]
    password: str


def create_demo_users(store: StateStore) -> list[DemoLogin]:
    """(Re)create the demo users with new random passwords; earlier ones and their tokens go."""
    logins = []
    for name, role, channels in DEMO_USERS:
        store.users.remove(name)
        password = generate_password()
        store.users.add(name, password, role, channels)
        logins.append(DemoLogin(name, role, channels, password))
    store.audit.record("demo_users_created", target=",".join(n for n, _, _ in DEMO_USERS))
    return logins
