"""kpibridge user add|list|remove|passwd and kpibridge token create|list|revoke.

Secrets (generated passwords, tokens) go to standard output alone, once; notes go to stderr.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import Annotated

import typer

from kpibridge.cli.common import WorkspaceOption, console, err_console, user_errors
from kpibridge.cli.output import print_json, print_table
from kpibridge.server.auth import Role
from kpibridge.server.state import StateError, StateStore, generate_password, open_state
from kpibridge.workspace import Workspace

ACTOR = "cli"

users = typer.Typer(help="Manage who may sign in to the dashboard.", no_args_is_help=True)
tokens = typer.Typer(help="Manage API bearer tokens.", no_args_is_help=True)

NameArg = Annotated[str, typer.Argument(help="User name (compared in lower case).")]
PasswordStdin = Annotated[
    bool, typer.Option("--password-stdin", help="Read the password from standard input.")
]


class ListFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


class Scope(StrEnum):
    READ = "read"
    INGEST = "ingest"


Output = Annotated[ListFormat, typer.Option("--format", help="table or json.")]


@contextmanager
def state(workspace: WorkspaceOption) -> Iterator[StateStore]:
    with user_errors():
        path = Workspace(workspace).path  # refuses a directory that is no workspace
        store = open_state(path)
        try:
            yield store
        finally:
            store.close()


@users.command("add")
def add(
    name: NameArg,
    role: Annotated[
        Role | None, typer.Option(help="admin, ceo, cmo, sales or viewer; none: sees nothing.")
    ] = None,
    channels: Annotated[
        str | None, typer.Option(help="Comma-separated channels the user may see (default all).")
    ] = None,
    locale: Annotated[str | None, typer.Option(help="Language: en, de, it, ja or ru.")] = None,
    password_stdin: PasswordStdin = False,
    workspace: WorkspaceOption = None,
) -> None:
    """Create a user; without --password-stdin a strong password is generated and shown once."""
    with state(workspace) as store:
        password = _read_password() if password_stdin else generate_password()
        user = store.users.add(name, password, role, channels, locale)
        store.audit.record("user_added", ACTOR, user.name, detail={"role": role, "via": "cli"})
        where = ", ".join(user.channels) if user.channels else "all channels"
        err_console.print(
            f"Created user {user.name} (role {user.role or 'none'}, {where}).", highlight=False
        )
        if not password_stdin:
            err_console.print("Password (shown only now):", highlight=False)
            console.out(password, highlight=False)


@users.command("list")
def list_users(output: Output = ListFormat.TABLE, workspace: WorkspaceOption = None) -> None:
    """List users: name, role, channels, locale, created (never passwords)."""
    with state(workspace) as store:
        found = store.users.list()
        if output is ListFormat.JSON:
            print_json([u.as_dict() for u in found])
            return
        headers = ["name", "role", "channels", "locale", "created"]
        rows = [
            [
                u.name,
                u.role.value if u.role else "—",
                ", ".join(u.channels) or "all",
                u.locale or "",
                u.created.isoformat(timespec="seconds"),
            ]
            for u in found
        ]
        print_table(f"{len(rows)} users", headers, rows)


@users.command("remove")
def remove(name: NameArg, workspace: WorkspaceOption = None) -> None:
    """Delete a user with their sessions and tokens."""
    with state(workspace) as store:
        if not store.users.remove(name):
            raise StateError(f"no user {name.strip().lower()!r}")
        store.audit.record("user_removed", ACTOR, name.strip().lower(), detail={"via": "cli"})
        err_console.print(f"Removed user {name.strip().lower()} and their sessions and tokens.")


@users.command("passwd")
def passwd(
    name: NameArg, password_stdin: PasswordStdin = False, workspace: WorkspaceOption = None
) -> None:
    """Set a new password (generated unless --password-stdin) and sign the user out everywhere."""
    with state(workspace) as store:
        user = store.users.require(name)
        password = _read_password() if password_stdin else generate_password()
        store.users.set_password(user.name, password)
        store.sessions.end_all(user.id)
        store.audit.record("password_set", ACTOR, user.name, detail={"via": "cli"})
        err_console.print(f"New password set for {user.name}; their sessions ended.")
        if not password_stdin:
            err_console.print("Password (shown only now):", highlight=False)
            console.out(password, highlight=False)


@tokens.command("create")
def create_token(
    name: Annotated[str, typer.Argument(help="The user the token acts for.")],
    scope: Annotated[
        Scope, typer.Option(help="read, or ingest (read and post data).")
    ] = Scope.READ,
    label: Annotated[str | None, typer.Option(help="What the token is for.")] = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Create a bearer token and print it once (only its hash is kept)."""
    with state(workspace) as store:
        token = store.tokens.create(name, scope.value, label)
        store.audit.record(
            "token_created", ACTOR, name.strip().lower(), detail={"scope": scope.value}
        )
        err_console.print(
            f"Token ({scope.value}) for {name.strip().lower()}; shown only now. "
            "Send it as `Authorization: Bearer TOKEN`.",
            highlight=False,
        )
        console.out(token, highlight=False)


@tokens.command("list")
def list_tokens(
    user: Annotated[str | None, typer.Option(help="Only this user's tokens.")] = None,
    output: Output = ListFormat.TABLE,
    workspace: WorkspaceOption = None,
) -> None:
    """List tokens: id, user, label, scope, created, last used (never the tokens)."""
    with state(workspace) as store:
        found = [t.as_dict() for t in store.tokens.list(user)]
        if output is ListFormat.JSON:
            print_json(found)
            return
        headers = ["id", "user", "name", "scope", "created", "last_used"]
        rows = [[str(t[h] or "—") for h in headers] for t in found]
        print_table(f"{len(rows)} tokens", headers, rows)


@tokens.command("revoke")
def revoke(
    token_id: Annotated[int, typer.Argument(help="The id shown by `kpibridge token list`.")],
    workspace: WorkspaceOption = None,
) -> None:
    """Revoke a token at once."""
    with state(workspace) as store:
        if not store.tokens.revoke(token_id):
            raise StateError(f"no token with id {token_id}")
        store.audit.record("token_revoked", ACTOR, str(token_id))
        err_console.print(f"Revoked token {token_id}.")


def _read_password() -> str:
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise StateError("no password on standard input")
    return password


def register(app: typer.Typer) -> None:
    app.add_typer(users, name="user")
    app.add_typer(tokens, name="token")
