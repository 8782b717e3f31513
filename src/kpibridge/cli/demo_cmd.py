"""kpibridge demo: build the Northwind Outdoor demo workspace (and serve it)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from kpibridge.cli.common import console, err_console, user_errors
from kpibridge.demo import DEFAULT_SEED, DEFAULT_SESSIONS, DemoParams, DemoResult, Reporter
from kpibridge.demo import build_demo as build
from kpibridge.server.state import DemoLogin, create_demo_users, open_state


def demo(
    directory: Annotated[Path, typer.Argument(help="Directory of the demo workspace.")] = Path(
        "demo"
    ),
    sessions: Annotated[
        int, typer.Option(min=1_000, help="Website sessions to generate; other tables scale.")
    ] = DEFAULT_SESSIONS,
    seed: Annotated[int, typer.Option(help="Random seed: the same seed gives the same data.")] = (
        DEFAULT_SEED
    ),
    serve: Annotated[bool, typer.Option(help="Serve the dashboard when the demo is ready.")] = (
        False
    ),
    host: Annotated[str, typer.Option(help="Address to serve on (with --serve).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to serve on (with --serve).")] = 8000,
) -> None:
    """Build a synthetic company (Northwind Outdoor) with two years of marketing and sales data."""
    with user_errors():
        params = DemoParams(sessions=sessions, seed=seed)
        progress = Progress(
            TextColumn("{task.description:<12}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[step]}"),
            TimeElapsedColumn(),
            console=err_console,
        )
        tasks: list[TaskID] = []

        def start(phase: str, total: int) -> None:
            finish()
            tasks.append(progress.add_task(phase, total=total, step=""))

        def finish() -> None:
            if tasks:
                progress.update(tasks[-1], completed=progress.tasks[-1].total, step="")

        def advance(step: str) -> None:
            progress.update(tasks[-1], advance=1, step=step)

        if (directory / "demo.json").is_file():
            err_console.print(f"Rebuilding the demo in {directory} from scratch")
        with progress:
            result = build(directory, params, Reporter(start, advance))
            finish()
        _summary(result)
        _logins(_demo_users(result.path))
        if serve:
            from kpibridge.server import serve as run

            console.print(f"Serving the dashboard on http://{host}:{port}/ (Ctrl+C stops)")
            run(result.path, host=host, port=port)


def _summary(result: DemoResult) -> None:
    cal = result.data.calendar
    verb = "rebuilt" if result.rebuilt else "built"
    console.print(
        f"[bold]{result.params.name}[/] {verb} in {result.path}: {cal.start} – {cal.end}, "
        f"seed {result.params.seed}"
    )
    table = Table("table", "rows", "loaded", box=None, pad_edge=False)
    for name, rows in result.data.rows.items():
        table.add_row(name, f"{rows:,}", f"{result.loaded.get(name, 0):,}")
    console.print(table)
    total = result.generate_seconds + result.load_seconds
    console.print(
        f"generated in {result.generate_seconds:.1f} s, loaded in {result.load_seconds:.1f} s "
        f"({total:.1f} s in all)"
    )
    console.print("Stories to look for:")
    for story in result.stories:
        where = story.channel or story.segment or "all channels"
        console.print(
            f"  • {story.title} ({where}, {story.start} – {story.end}): {', '.join(story.kpis[:3])}"
        )


def _demo_users(path: Path) -> list[DemoLogin]:
    store = open_state(path)
    try:
        return create_demo_users(store)
    finally:
        store.close()


def _logins(logins: list[DemoLogin]) -> None:
    console.print("Sign-ins (user, role, password; new passwords, shown only now):")
    for login in logins:
        sees = f"  (only {', '.join(login.channels)})" if login.channels else ""
        console.out(f"  {login.name:<12} {login.role:<7} {login.password}{sees}", highlight=False)


def register(app: typer.Typer) -> None:
    app.command()(demo)
