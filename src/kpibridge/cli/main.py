"""Entry point of the `kpibridge` command."""

from __future__ import annotations

import typer

from kpibridge.cli import (
    catalog_cmd,
    demo_cmd,
    docs_cmd,
    ingest_cmd,
    query_cmd,
    serve_cmd,
    user_cmd,
    workspace_cmd,
)

app = typer.Typer(
    name="kpibridge",
    help="The marketing panel a CMO, a CEO and a Sales lead share.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def _root() -> None:
    """Load marketing and sales data, compute KPIs, and serve the panel."""


for module in (
    workspace_cmd,
    ingest_cmd,
    catalog_cmd,
    query_cmd,
    demo_cmd,
    serve_cmd,
    user_cmd,
    docs_cmd,
):
    module.register(app)


def main() -> None:
    app()
