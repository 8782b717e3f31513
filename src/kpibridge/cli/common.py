"""What every command shares: the -w option, opening a workspace, printing errors."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from kpibridge.errors import KpiBridgeError
from kpibridge.workspace import Workspace

console = Console()
err_console = Console(stderr=True)

WorkspaceOption = Annotated[
    Path | None,
    typer.Option(
        "--workspace",
        "-w",
        help="Workspace directory (default: $KPIBRIDGE_WORKSPACE, then the current directory).",
        show_default=False,
    ),
]


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn kpibridge errors into a clear message and exit code 1 (no traceback)."""
    try:
        yield
    except KpiBridgeError as exc:
        err_console.print("[bold red]error:[/]", escape(str(exc)), highlight=False, soft_wrap=True)
        sys.exit(1)


@contextmanager
def open_workspace(path: Path | None, read_only: bool = False) -> Iterator[Workspace]:
    with user_errors(), Workspace(path, read_only=read_only) as workspace:
        yield workspace
