"""kpibridge user … and kpibridge token …: real workspace, real app state."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from kpibridge.cli.main import app
from kpibridge.server.state import STATE_FILE, open_state
from kpibridge.workspace import Workspace

runner = CliRunner()


@pytest.fixture()
def workspace(tmp_path: Path) -> Path:
    Workspace.init(tmp_path / "ws").close()
    return tmp_path / "ws"


def kpibridge(workspace: Path, *args: str, stdin: str | None = None) -> Result:
    return runner.invoke(app, [*args, "-w", str(workspace)], input=stdin)


def test_user_add_generates_a_password_shown_once(workspace: Path) -> None:
    result = kpibridge(workspace, "user", "add", "Anna", "--role", "cmo", "--locale", "de")
    assert result.exit_code == 0, result.output
    password = result.stdout.strip()
    assert len(password) >= 20 and "\n" not in password
    assert "shown only now" in result.stderr
    store = open_state(workspace)
    user = store.users.verify("anna", password)
    assert user is not None and user.role == "cmo" and user.locale == "de"
    store.close()
    listed = kpibridge(workspace, "user", "list", "--format", "json")
    assert password not in listed.output and "argon2" not in listed.output
    assert json.loads(listed.stdout)[0]["name"] == "anna"


def test_user_add_reads_the_password_from_stdin(workspace: Path) -> None:
    secret = "a sufficiently long passphrase"
    result = kpibridge(
        workspace,
        "user",
        "add",
        "agency",
        "--role",
        "cmo",
        "--channels",
        "paid_search,paid_social",
        "--password-stdin",
        stdin=secret + "\n",
    )
    assert result.exit_code == 0, result.output
    assert secret not in result.output
    store = open_state(workspace)
    user = store.users.verify("agency", secret)
    assert user is not None and user.channels == ("paid_search", "paid_social")
    store.close()
    short = kpibridge(workspace, "user", "add", "b", "--password-stdin", stdin="short\n")
    assert short.exit_code == 1 and "at least 12" in short.stderr


def test_user_list_and_remove(workspace: Path) -> None:
    kpibridge(workspace, "user", "add", "ceo", "--role", "ceo")
    kpibridge(workspace, "user", "add", "nobody")
    table = kpibridge(workspace, "user", "list")
    assert table.exit_code == 0 and "ceo" in table.stdout and "nobody" in table.stdout
    assert kpibridge(workspace, "user", "remove", "ceo").exit_code == 0
    users = json.loads(kpibridge(workspace, "user", "list", "--format", "json").stdout)
    assert [u["name"] for u in users] == ["nobody"] and users[0]["role"] is None
    again = kpibridge(workspace, "user", "remove", "ceo")
    assert again.exit_code == 1 and "no user 'ceo'" in again.stderr


def test_bad_input_is_a_clear_error(workspace: Path) -> None:
    role = kpibridge(workspace, "user", "add", "x", "--role", "boss")
    assert role.exit_code == 2  # Typer checks the choice
    kpibridge(workspace, "user", "add", "ceo", "--role", "ceo")
    twice = kpibridge(workspace, "user", "add", "CEO", "--role", "ceo")
    assert twice.exit_code == 1 and "exists already" in twice.stderr
    elsewhere = runner.invoke(app, ["user", "list", "-w", str(workspace.parent / "none")])
    assert elsewhere.exit_code == 1 and "not a kpibridge workspace" in elsewhere.stderr


def test_token_create_prints_the_token_once_and_keeps_its_hash(workspace: Path) -> None:
    kpibridge(workspace, "user", "add", "loader", "--role", "admin")
    result = kpibridge(workspace, "token", "create", "loader", "--scope", "ingest")
    assert result.exit_code == 0, result.output
    token = result.stdout.strip()
    assert token.startswith("kpib_")
    with sqlite3.connect(workspace / STATE_FILE) as db:
        stored = db.execute("SELECT token_hash, scope FROM api_tokens").fetchall()
    assert stored == [(hashlib.sha256(token.encode()).hexdigest(), "ingest")]
    listed = kpibridge(workspace, "token", "list", "--format", "json")
    assert token not in listed.output
    [info] = json.loads(listed.stdout)
    assert info["user"] == "loader" and info["scope"] == "ingest"
    assert kpibridge(workspace, "token", "revoke", str(info["id"])).exit_code == 0
    store = open_state(workspace)
    assert store.tokens.lookup(token) is None
    store.close()


def test_token_for_an_unknown_user_or_scope_is_refused(workspace: Path) -> None:
    missing = kpibridge(workspace, "token", "create", "ghost")
    assert missing.exit_code == 1 and "no user 'ghost'" in missing.stderr
    kpibridge(workspace, "user", "add", "ceo", "--role", "ceo")
    scope = kpibridge(workspace, "token", "create", "ceo", "--scope", "admin")
    assert scope.exit_code == 2  # Typer checks the choice


def test_passwd_sets_a_new_password_and_ends_sessions(workspace: Path) -> None:
    first = kpibridge(workspace, "user", "add", "ceo", "--role", "ceo").stdout.strip()
    store = open_state(workspace)
    user = store.users.verify("ceo", first)
    assert user is not None
    session_id, _ = store.sessions.create(user.id)
    result = kpibridge(workspace, "user", "passwd", "ceo")
    assert result.exit_code == 0, result.output
    second = result.stdout.strip()
    assert second != first
    assert store.users.verify("ceo", first) is None and store.users.verify("ceo", second)
    assert store.sessions.lookup(session_id) is None
    store.close()
