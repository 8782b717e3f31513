"""The goals and the printed tables (rich)."""

from __future__ import annotations

import sys
from typing import Any

from rich.console import Console
from rich.table import Table

#: engine ≤ 1.3 × reference; pandas ≥ 3 × engine; peak memory under 3 GB (at 20M sessions).
MAX_ENGINE_OVER_REFERENCE = 1.3
MIN_PANDAS_OVER_ENGINE = 3.0
MAX_PEAK_MB = 3 * 1024
GOAL_SESSIONS = 20_000_000


def goals(summary: dict[str, Any]) -> list[dict[str, Any]]:
    """Each goal with its measured value (median wall times) and whether it is met."""
    ratios = summary["ratios"]
    peaks = {
        name: step["peak_mb"]
        for name, step in summary["steps"].items()
        if name.startswith(("ingest", "suite-engine"))
    }
    engine = ratios["engine_over_reference"]["seconds"]
    out = [
        {
            "goal": f"engine ≤ {MAX_ENGINE_OVER_REFERENCE}× the hand-written reference",
            "value": f"{engine:.2f}×",
            "ok": engine <= MAX_ENGINE_OVER_REFERENCE,
        }
    ]
    if ratios.get("pandas_over_engine"):
        pandas = ratios["pandas_over_engine"]["seconds"]
        out.append(
            {
                "goal": f"engine ≥ {MIN_PANDAS_OVER_ENGINE:g}× faster than pandas",
                "value": f"{pandas:.2f}×",
                "ok": pandas >= MIN_PANDAS_OVER_ENGINE,
            }
        )
    worst = max(peaks, key=lambda k: peaks[k])
    out.append(
        {
            "goal": "peak memory of kpibridge (ingest, engine) < 3 GB",
            "value": f"{peaks[worst]:,.0f} MiB ({worst})",
            "ok": peaks[worst] < MAX_PEAK_MB,
        }
    )
    out.append(
        {
            "goal": "engine, reference and pandas agree (rel. 1e-6)",
            "value": ", ".join(
                f"{k}: {v['mismatches']} of {v['compared']} differ"
                for k, v in summary["agreement"].items()
            ),
            "ok": all(
                v["mismatches"] == 0 and v["compared"] > 0 for v in summary["agreement"].values()
            ),
        }
    )
    return out


def render(summary: dict[str, Any], console: Console | None = None) -> None:
    """Print the measurements, the ratios and the goals."""
    console = console or Console(width=None if sys.stdout.isatty() else 130)
    window = summary["window"]
    table = Table(
        title=(
            f"kpibridge bench — {summary['sessions']:,} sessions (seed {summary['seed']}), "
            f"{window['first']} … {window['last']} ({window['timezone']}), "
            f"{summary['machine']['cpus']} CPUs, commit {summary.get('commit') or '?'}"
            + (
                f", DuckDB memory_limit {summary['memory_limit']}"
                if summary.get("memory_limit")
                else ""
            )
        ),
        title_justify="left",
    )
    for column in ("step", "rows", "seconds", "rows/s", "fastest", "CPU s", "peak RSS", "load"):
        table.add_column(column, justify="left" if column == "step" else "right")
    for step in summary["steps"].values():
        rows, seconds = step.get("rows"), step["seconds"]
        table.add_row(
            step["label"],
            f"{rows:,}" if rows else "",
            f"{seconds:.2f}",
            f"{rows / seconds:,.0f}" if rows and seconds else "",
            f"{step['min_seconds']:.2f}" if "min_seconds" in step else "",
            f"{step['cpu_seconds']:.2f}" if "cpu_seconds" in step else "",
            f"{step['peak_mb']:,.0f} MiB",
            "–".join(f"{x:.1f}" for x in step["load"]),
        )
    console.print(table)
    console.print(
        "suite seconds: median of the runs (rounds interleaved); fastest run; median "
        "CPU seconds (all threads). load: 1-minute load average around the step."
    )
    for key, text in (
        ("engine_over_reference", "engine / reference"),
        ("pandas_over_engine", "pandas / engine"),
    ):
        found = summary["ratios"].get(key)
        if found:
            console.print(
                f"{text}: [bold]{found['seconds']:.2f}×[/] (fastest runs "
                f"{found['min_seconds']:.2f}×, CPU {found['cpu_seconds']:.2f}×)"
            )
    size = "" if summary["sessions"] == GOAL_SESSIONS else f", set for {GOAL_SESSIONS:,} sessions"
    checks = Table(title=f"goals (median wall times{size})", title_justify="left")
    for column in ("goal", "measured", "result"):
        checks.add_column(column)
    for goal in summary["goals"]:
        checks.add_row(
            goal["goal"], goal["value"], "[green]pass[/]" if goal["ok"] else "[red]FAIL[/]"
        )
    console.print(checks)
    for name, found in summary["agreement"].items():
        for line in found["examples"]:
            console.print(f"[red]mismatch[/] {name}: {line}")
    if summary.get("uncovered"):
        console.print(f"note: visible KPIs not in the suite: {', '.join(summary['uncovered'])}")
