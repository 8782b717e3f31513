"""kpibridge docs: write the generated reference pages."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kpibridge.catalog import load_catalog
from kpibridge.catalog.reference import kpi_reference
from kpibridge.cli.common import console


def generated_pages() -> dict[str, str]:
    """File name → content of every generated reference page."""
    from kpibridge.cli.main import app
    from kpibridge.cli.reference import cli_reference

    return {"kpis.md": kpi_reference(load_catalog()), "cli.md": cli_reference(app)}


def docs(
    directory: Annotated[Path, typer.Argument(help="Where to write the pages.")] = Path(
        "docs/reference"
    ),
) -> None:
    """Write the KPI and command-line reference pages."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in generated_pages().items():
        (directory / name).write_text(text, encoding="utf-8")
        console.print(f"wrote {directory / name}")


def register(app: typer.Typer) -> None:
    app.command(hidden=True)(docs)
