"""kpibridge ingest and kpibridge loads."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer
from rich.markup import escape
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

from kpibridge.cli.common import WorkspaceOption, console, err_console, open_workspace
from kpibridge.cli.output import Format, print_csv, print_json, print_table
from kpibridge.errors import KpiBridgeError
from kpibridge.ingest import LoadResult, load_log
from kpibridge.ingest.readers import estimated_rows

LARGE_ROWS = 100_000
LARGE_BYTES = 20 * 1024 * 1024


def ingest(
    files: Annotated[list[Path], typer.Argument(help="CSV, Parquet or XLSX files to load.")],
    table: Annotated[
        str | None,
        typer.Option("--table", "-t", help="Target table (default: named by the file name)."),
    ] = None,
    source: Annotated[
        str | None,
        typer.Option(
            "--source", "-s", help="Source mapping: sources/NAME.yaml or a built-in preset."
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Load again even if this content was loaded before.")
    ] = False,
    workspace: WorkspaceOption = None,
) -> None:
    """Load files into the warehouse: validated first, each file atomically, re-loads replace."""
    failed = 0
    with open_workspace(workspace) as ws:
        loader = ws.loader
        for path in loader.order(files, table, source):
            try:
                with _progress_bar(path) as callback:
                    result = loader.load(path, table, source, progress=callback, force=force)
            except KpiBridgeError as exc:
                failed += 1
                err_console.print(f"[bold red]✗[/] {escape(str(exc))}", soft_wrap=True)
                continue
            console.print(_describe(result), highlight=False, soft_wrap=True)
    if failed:
        err_console.print(
            f"[bold red]{failed} file(s) rejected[/]; the warehouse is unchanged for them."
        )
        raise typer.Exit(1)


def loads(
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.TABLE,
    workspace: WorkspaceOption = None,
) -> None:
    """Show the load log: every file loaded, skipped as unchanged, or rejected."""
    with open_workspace(workspace, read_only=True) as ws:
        records = load_log(ws.warehouse)
        zone = ZoneInfo(ws.config.timezone)
        if format == Format.JSON:
            print_json([r.as_json() for r in records])
            return
        headers = ["time", "file", "table", "source", "status", "read", "added", "replaced",
                   "rejected", "sha256"]  # fmt: skip
        rows = [
            [
                r.loaded_at.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S"),
                Path(r.file).name,
                r.table,
                r.source or "",
                r.status,
                f"{r.rows_read:,}",
                f"{r.rows_added:,}",
                f"{r.rows_replaced:,}",
                f"{r.rows_rejected:,}",
                r.sha256[:12],
            ]
            for r in records
        ]
        if format == Format.CSV:
            print_csv(headers, rows)
        elif not rows:
            console.print("No loads yet: load files with `kpibridge ingest FILE…`.")
        else:
            right = ("read", "added", "replaced", "rejected")
            print_table(f"Loads ({ws.config.timezone})", headers, rows, right=right)


def _describe(result: LoadResult) -> str:
    arrow = f"{escape(result.file.name)} → {result.table}"
    if result.source:
        arrow += f" (source {escape(result.source)})"
    if result.status == "unchanged":
        return f"[yellow]=[/] {arrow}: {escape(result.message)}"
    counts = (
        f"{result.rows_read:,} rows read, {result.rows_added:,} added, "
        f"{result.rows_replaced:,} replaced, {result.rows_rejected:,} rejected"
    )
    if result.rows_skipped:
        counts += f", {result.rows_skipped:,} skipped"
    return f"[green]✓[/] {arrow}: {counts} ({result.seconds:.2f} s)"


@contextmanager
def _progress_bar(path: Path) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr for large files, when stderr is a terminal."""
    if not err_console.is_terminal or not _large(path):
        yield None
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=err_console,
        transient=True,
    ) as bar:
        task = bar.add_task(f"loading {path.name}", total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def _large(path: Path) -> bool:
    try:
        if path.stat().st_size > LARGE_BYTES:
            return True
    except OSError:
        return False
    rows = estimated_rows(path)
    return rows is not None and rows > LARGE_ROWS


def register(app: typer.Typer) -> None:
    app.command()(ingest)
    app.command()(loads)
