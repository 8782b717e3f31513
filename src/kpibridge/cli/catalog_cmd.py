"""kpibridge kpis and kpibridge validate."""

from __future__ import annotations

from typing import Annotated

import typer

from kpibridge.catalog import Audience, check_catalog
from kpibridge.cli.common import WorkspaceOption, console, err_console, user_errors
from kpibridge.cli.output import Format, print_csv, print_json, print_table
from kpibridge.config import load_config
from kpibridge.errors import KpiBridgeError, Problem
from kpibridge.ingest import check_sources
from kpibridge.server.views.loader import check_views
from kpibridge.workspace import resolve_path


def kpis(
    workspace: WorkspaceOption = None,
    output: Annotated[Format, typer.Option("--format", help="table, json or csv.")] = Format.TABLE,
    audience: Annotated[Audience | None, typer.Option(help="Only KPIs for this role.")] = None,
    all_kpis: Annotated[
        bool, typer.Option("--all", help="Include the building blocks of other KPIs.")
    ] = False,
) -> None:
    """List the KPI catalog: id, name, formula, unit, direction, audiences, dimensions."""
    with user_errors():
        root = resolve_path(workspace)
        kpis_dir = root / "kpis" if (root / "kpibridge.yaml").exists() else None
        catalog, problems = check_catalog(kpis_dir)
        if catalog is None:
            raise_problems(problems)
            return
        specs = [s for s in catalog if all_kpis or not s.hidden]
        if audience is not None:
            specs = [s for s in specs if audience in s.audiences]
        cards = [catalog.describe(s.id) for s in specs]
        if output is Format.JSON:
            print_json(cards)
            return
        headers = ["id", "name", "formula", "unit", "direction", "audiences", "dimensions"]
        rows = [[_cell(card[h]) for h in headers] for card in cards]
        if output is Format.CSV:
            print_csv(headers, rows)
            return
        print_table(f"{len(cards)} KPIs", headers, rows)


def _cell(value: object) -> str:
    return ", ".join(value) if isinstance(value, list) else str(value)


def validate(workspace: WorkspaceOption = None) -> None:
    """Check the workspace's settings, KPIs, sources and dashboards; report every problem."""
    with user_errors():
        root = resolve_path(workspace)
        problems: list[Problem] = []
        try:
            load_config(root)
        except KpiBridgeError as exc:
            problems += getattr(exc, "problems", [])
        catalog, found = check_catalog(root / "kpis")
        problems += found
        problems += check_sources(root / "sources")
        if catalog is not None:
            problems += check_views(root, catalog)[1]
        if problems:
            raise_problems(problems)
        console.print(
            f"[green]✓[/] {root}: settings, KPI definitions, sources and dashboards are valid"
        )


def raise_problems(problems: list[Problem]) -> None:
    err_console.print(f"[bold red]{len(problems)} problem(s) found:[/]", highlight=False)
    for problem in problems[:50]:
        err_console.print(f"  {problem}", markup=False, highlight=False, soft_wrap=True)
    if len(problems) > 50:
        err_console.print(f"  … and {len(problems) - 50} more", highlight=False)
    raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command()(kpis)
    app.command()(validate)
