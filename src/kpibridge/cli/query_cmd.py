"""kpibridge query and kpibridge explain."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from kpibridge.cli.common import WorkspaceOption, console, open_workspace
from kpibridge.cli.output import Format, format_value, print_csv, print_json, print_table
from kpibridge.engine import Compare, Grain
from kpibridge.engine.request_parsing import query_options

KpiArgument = Annotated[str, typer.Argument(help="KPI id (see `kpibridge kpis`).")]
GrainOption = Annotated[Grain, typer.Option(help="Period length.")]
ByOption = Annotated[
    list[str] | None, typer.Option("--by", help="Break down by a dimension (repeatable).")
]
WhereOption = Annotated[
    list[str] | None,
    typer.Option("--where", help="Keep one dimension value: DIM=VALUE (repeatable)."),
]
FromOption = Annotated[
    str | None, typer.Option("--from", help="First day of facts, YYYY-MM-DD (inclusive).")
]
ToOption = Annotated[
    str | None, typer.Option("--to", help="Last day of facts, YYYY-MM-DD (inclusive).")
]
CompareOption = Annotated[
    Compare | None, typer.Option(help="Add the value of the previous period or year.")
]


def query(
    kpi: KpiArgument,
    grain: GrainOption = Grain.MONTH,
    by: ByOption = None,
    where: WhereOption = None,
    from_: FromOption = None,
    to: ToOption = None,
    compare: CompareOption = None,
    output: Annotated[Format, typer.Option("--format", help="table, json or csv.")] = Format.TABLE,
    workspace: WorkspaceOption = None,
) -> None:
    """Compute a KPI per period, optionally by dimension and against an earlier period."""
    with open_workspace(workspace, read_only=True) as ws:
        options = query_options(grain, by, where, from_, to, compare)
        result = ws.engine.query(kpi, **options)
        if output is Format.JSON:
            print_json(result.to_dict())
            return
        rows = result.rows()
        headers = ["period", *result.by, "value"] + (["compare_value", "change"] if compare else [])
        if output is Format.CSV:
            print_csv(headers, [[row[h] for h in headers] for row in rows])
            return
        currency = ws.config.currency

        def cells(row: dict[str, Any]) -> list[str]:
            shown = [
                row["period"],
                *(str(row[d] if row[d] is not None else "—") for d in result.by),
            ]
            shown.append(format_value(row["value"], result.unit, currency))
            if compare:
                shown.append(format_value(row["compare_value"], result.unit, currency))
                shown.append(format_value(row["change"], "percent"))
            return shown

        title = f"{result.name} ({result.kpi}) by {grain.value}"
        right = ["value", "compare_value", "change"]
        print_table(title, headers, [cells(r) for r in rows], right=right)


def explain(
    kpi: KpiArgument,
    grain: GrainOption = Grain.MONTH,
    by: ByOption = None,
    where: WhereOption = None,
    from_: FromOption = None,
    to: ToOption = None,
    compare: CompareOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Print the SQL the engine runs for a query, and the KPI's formula."""
    with open_workspace(workspace, read_only=True) as ws:
        sql = ws.engine.explain(kpi, **query_options(grain, by, where, from_, to, compare))
        console.out(f"-- {kpi} = {ws.catalog.formula(kpi)}", highlight=False)
        console.out(sql, highlight=False)


def register(app: typer.Typer) -> None:
    app.command()(query)
    app.command()(explain)
