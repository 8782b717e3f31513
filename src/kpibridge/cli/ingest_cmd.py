"""kpibridge ingest and kpibridge loads."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from kpibridge.cli.common import WorkspaceOption, console, err_console, open_workspace
from kpibridge.cli.output import Format, print_csv, print_json
from kpibridge.errors import KpiBridgeError
from kpibridge.ingest import LoadRecord, LoadResult, load_log
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
        if format == Format.CSV:
            print_csv(
                ["time", "file", "table", "source", "status", "read", "added", "replaced",
                 "rejected", "sha256"],
                [[r.loaded_at.isoformat(), r.file, r.table, r.source or "", r.status, r.rows_read,
                  r.rows_added, r.rows_replaced, r.rows_rejected, r.sha256] for r in records],
            )  # fmt: skip
            return
        if not records:
            console.print("No loads yet: load files with `kpibridge ingest FILE…`.")
            return
        table = _loads_table(records, zone, ws.config.timezone)
        # Piped or redirected output is not cut to 80 columns: every column stays readable.
        out = console if console.is_terminal else Console(width=160, highlight=False)
        out.print(table)


def _loads_table(records: list[LoadRecord], zone: ZoneInfo, timezone: str) -> Table:
    """The load log for people: newest last; sha256 shortened (full in --format json)."""
    table = Table(title=f"Loads ({timezone})", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("time", no_wrap=True)
    table.add_column("file", overflow="fold")
    table.add_column("table", no_wrap=True)
    table.add_column("status", no_wrap=True)
    for name in ("read", "added", "replaced", "rejected"):
        table.add_column(name, justify="right", no_wrap=True)
    table.add_column("sha256", no_wrap=True)
    styles = {"loaded": "green", "unchanged": "yellow", "rejected": "red"}
    for r in records:
        where = r.table if not r.source else f"{r.table} ({r.source})"
        table.add_row(
            r.loaded_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
            Path(r.file).name,
            where,
            f"[{styles.get(r.status, 'default')}]{r.status}[/]",
            f"{r.rows_read:,}",
            f"{r.rows_added:,}",
            f"{r.rows_replaced:,}",
            f"{r.rows_rejected:,}",
            r.sha256[:8],
        )
    return table


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
