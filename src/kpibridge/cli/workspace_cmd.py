"""kpibridge init."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kpibridge.cli.common import console, user_errors
from kpibridge.workspace import Workspace


def init(
    directory: Annotated[Path, typer.Argument(help="Directory of the new workspace.")],
    currency: Annotated[str, typer.Option(help="Reporting currency (ISO 4217).")] = "USD",
    timezone: Annotated[str, typer.Option(help="IANA time zone periods are bucketed in.")] = "UTC",
    name: Annotated[str | None, typer.Option(help="Company name shown on the dashboard.")] = None,
) -> None:
    """Create a workspace: kpibridge.yaml, sources/, kpis/, data/ and the warehouse."""
    with user_errors():
        workspace = Workspace.init(directory, currency=currency, timezone=timezone, name=name)
        console.print(f"Workspace ready in {workspace.path}")
        console.print(f"  warehouse: {workspace.warehouse_path.name}")
        console.print(
            f"  currency {workspace.config.currency}, time zone {workspace.config.timezone}"
        )
        workspace.close()


def register(app: typer.Typer) -> None:
    app.command()(init)
