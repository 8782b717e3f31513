"""The app state on a real SQLite file: argon2 hashes, sessions, tokens, throttling, audit."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kpibridge.server.auth import Role
from kpibridge.server.state import (
    STATE_FILE,
    StateError,
    StateStore,
    create_demo_users,
    open_state,
)
from kpibridge.server.state.passwords import hash_password, verify_password

PASSWORD = "correct horse battery staple"


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path, clock: Clock) -> StateStore:
    state = open_state(tmp_path)
    state.db.clock = clock
    return state


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as db:
        return db.execute(sql).fetchall()


def test_passwords_are_argon2id_hashes_that_verify() -> None:
    hashed = hash_password(PASSWORD)
    assert hashed.startswith("$argon2id$")
    assert PASSWORD not in hashed
    assert hash_password(PASSWORD) != hashed  # salted
    assert verify_password(hashed, PASSWORD)
    assert not verify_password(hashed, PASSWORD + "!")
    assert not verify_password(None, PASSWORD)  # unknown user: a dummy hash is checked
    with pytest.raises(StateError, match="at least 12"):
        hash_password("short")


def test_users_are_stored_with_hashes_only(store: StateStore, tmp_path: Path) -> None:
    user = store.users.add("Anna", PASSWORD, "cmo", "paid_search, email", "de")
    assert (user.name, user.role, user.channels, user.locale) == (
        "anna",
        Role.CMO,
        ("paid_search", "email"),
        "de",
    )
    stored = rows(tmp_path / STATE_FILE, "SELECT name, password_hash FROM users")
    assert stored[0][0] == "anna" and str(stored[0][1]).startswith("$argon2id$")
    assert store.users.verify("ANNA", PASSWORD) == user
    assert store.users.verify("anna", "wrong password!") is None
    assert store.users.verify("nobody", PASSWORD) is None
    with pytest.raises(StateError, match="exists already"):
        store.users.add("anna", PASSWORD, "ceo")
    with pytest.raises(StateError, match="unknown role"):
        store.users.add("bob", PASSWORD, "boss")
    with pytest.raises(StateError, match="invalid user name"):
        store.users.add("<script>", PASSWORD, "ceo")
    with pytest.raises(StateError, match="unknown locale"):
        store.users.add("bob", PASSWORD, "ceo", locale="xx")
    assert store.users.add("norole", PASSWORD, None).role is None
    assert [u.name for u in store.users.list()] == ["anna", "norole"]


def test_sessions_expire_and_end(store: StateStore, clock: Clock, tmp_path: Path) -> None:
    user = store.users.add("anna", PASSWORD, "ceo")
    session_id, csrf = store.sessions.create(user.id)
    assert len(session_id) >= 43  # 32 random bytes, URL-safe base64
    stored = rows(tmp_path / STATE_FILE, "SELECT id_hash FROM sessions")
    assert stored == [(hashlib.sha256(session_id.encode()).hexdigest(),)]  # never the id itself
    active = store.sessions.lookup(session_id)
    assert active is not None and active.user.name == "anna" and active.csrf_token == csrf
    assert store.sessions.lookup("forged") is None
    clock.now += store.sessions.lifetime - timedelta(seconds=1)
    assert store.sessions.lookup(session_id) is not None
    clock.now += timedelta(seconds=1)
    assert store.sessions.lookup(session_id) is None
    again, _ = store.sessions.create(user.id)
    store.sessions.end(again)
    assert store.sessions.lookup(again) is None


def test_tokens_are_shown_once_and_kept_hashed(store: StateStore, tmp_path: Path) -> None:
    store.users.add("anna", PASSWORD, "admin")
    token = store.tokens.create("anna", "ingest", "loader")
    assert token.startswith("kpib_") and len(token) > 40
    stored = rows(tmp_path / STATE_FILE, "SELECT token_hash, scope, name FROM api_tokens")
    assert stored == [(hashlib.sha256(token.encode()).hexdigest(), "ingest", "loader")]
    user = store.tokens.lookup(token)
    assert user is not None and user.name == "anna" and user.scope == "ingest"
    assert store.tokens.lookup(token + "x") is None
    assert store.tokens.lookup("kpib_" + "A" * 43) is None
    [info] = store.tokens.list()
    assert info.last_used is not None and token not in str(info.as_dict())
    assert store.tokens.revoke(info.id)
    assert store.tokens.lookup(token) is None


def test_ingest_tokens_need_an_unrestricted_user(store: StateStore) -> None:
    store.users.add("agency", PASSWORD, "cmo", "paid_search")
    store.users.add("norole", PASSWORD, None)
    for name in ("agency", "norole"):
        with pytest.raises(StateError, match="ingest tokens"):
            store.tokens.create(name, "ingest")
    with pytest.raises(StateError, match="unknown scope"):
        store.tokens.create("agency", "admin")
    with pytest.raises(StateError, match="no user"):
        store.tokens.create("ghost")
    assert store.tokens.create("agency", "read")


def test_removing_a_user_removes_their_sessions_and_tokens(store: StateStore) -> None:
    user = store.users.add("anna", PASSWORD, "ceo")
    session_id, _ = store.sessions.create(user.id)
    token = store.tokens.create("anna")
    assert store.users.remove("anna")
    assert store.sessions.lookup(session_id) is None
    assert store.tokens.lookup(token) is None
    assert not store.users.remove("anna")


def test_throttle_counts_failures_per_name_and_address(store: StateStore, clock: Clock) -> None:
    for _ in range(4):
        store.throttle.record("anna", "10.0.0.1", success=False)
    assert not store.throttle.blocked("anna", "10.0.0.1")
    store.throttle.record("ANNA", "10.0.0.1", success=False)
    assert store.throttle.blocked("anna", "10.0.0.1")
    assert not store.throttle.blocked("anna", "10.0.0.2")  # another address
    assert not store.throttle.blocked("bob", "10.0.0.1")
    clock.now += store.throttle.window
    assert not store.throttle.blocked("anna", "10.0.0.1")  # the window has passed


def test_throttle_limits_one_address_across_names(store: StateStore) -> None:
    for i in range(store.throttle.per_ip):
        store.throttle.record(f"user{i}", "10.0.0.9", success=False)
    assert store.throttle.blocked("someone_else", "10.0.0.9")


def test_audit_log_keeps_who_did_what(store: StateStore) -> None:
    store.audit.record("login", "anna", ip="127.0.0.1")
    store.audit.record("token_created", "cli", "anna", detail={"scope": "read"})
    latest = store.audit.recent()
    assert [(e.action, e.actor) for e in latest] == [("token_created", "cli"), ("login", "anna")]
    assert latest[0].detail == {"scope": "read"} and latest[0].at.tzinfo is not None


def test_state_file_is_private(tmp_path: Path) -> None:
    open_state(tmp_path).close()
    assert (tmp_path / STATE_FILE).stat().st_mode & 0o077 == 0


def test_demo_users_one_per_role_with_fresh_passwords(store: StateStore) -> None:
    first = create_demo_users(store)
    assert {login.role for login in first} == {r.value for r in Role}
    agency = next(login for login in first if login.name == "paid_agency")
    assert agency.channels == ("paid_search", "paid_social")
    assert store.users.verify("paid_agency", agency.password) is not None
    second = create_demo_users(store)  # a rebuilt demo: new passwords, the old ones stop working
    assert store.users.verify("paid_agency", agency.password) is None
    assert store.users.verify("paid_agency", second[-1].password) is not None
    assert len({x.password for x in first + second}) == len(first) * 2
