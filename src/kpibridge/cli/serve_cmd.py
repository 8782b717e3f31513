"""kpibridge serve."""

from __future__ import annotations

from typing import Annotated

import typer

from kpibridge.cli.common import WorkspaceOption, user_errors
from kpibridge.workspace import resolve_path


def serve(
    workspace: WorkspaceOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the dashboard and the JSON API."""
    from kpibridge.server import serve as run

    with user_errors():
        run(resolve_path(workspace), host=host, port=port)


def register(app: typer.Typer) -> None:
    app.command()(serve)
