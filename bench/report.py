"""The goals and the printed tables (rich)."""

from __future__ import annotations

import math
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
    """Each goal with its measured value and whether it is met."""
    ratios = summary["ratios"]
    peaks = {name: step["peak_mb"] for name, step in summary["steps"].items()
             if name.startswith(("ingest", "suite-engine"))}
    out = [
        {"goal": f"engine ≤ {MAX_ENGINE_OVER_REFERENCE}× the hand-written reference",
         "value": f"{ratios['engine_over_reference']:.2f}×",
         "ok": ratios["engine_over_reference"] <= MAX_ENGINE_OVER_REFERENCE},
    ]
    pandas_ratio = ratios.get("pandas_over_engine")
    if pandas_ratio is not None:
        out.append({"goal": f"engine ≥ {MIN_PANDAS_OVER_ENGINE:g}× faster than pandas",
                    "value": f"{pandas_ratio:.2f}×",
                    "ok": pandas_ratio >= MIN_PANDAS_OVER_ENGINE})
    worst = max(peaks, key=lambda k: peaks[k])
    out.append({"goal": "peak memory of kpibridge (ingest, engine) < 3 GB",
                "value": f"{peaks[worst]:,.0f} MiB ({worst})",
                "ok": peaks[worst] < MAX_PEAK_MB})
    out.append({"goal": "engine, reference and pandas agree (rel. 1e-6)",
                "value": ", ".join(f"{k}: {v['mismatches']} of {v['compared']} differ"
                                   for k, v in summary["agreement"].items()),
                "ok": all(v["mismatches"] == 0 and v["compared"] > 0
                          for v in summary["agreement"].values())})
    return out


def render(summary: dict[str, Any], console: Console | None = None) -> None:
    """Print the measurements, the ratios and the goals."""
    console = console or Console(width=None if sys.stdout.isatty() else 130)
    steps = summary["steps"]
    header = (f"kpibridge bench — {summary['sessions']:,} sessions (seed {summary['seed']}), "
              f"months {summary['window']['first']} … {summary['window']['last']} "
              f"({summary['window']['timezone']}), {summary['machine']['cpus']} CPUs")
    table = Table(title=header, title_justify="left")
    for column in ("step", "rows", "seconds", "rows/s", "peak RSS", "load before"):
        table.add_column(column, justify="left" if column == "step" else "right")
    for step in steps.values():
        rows = step.get("rows")
        table.add_row(
            step["label"],
            f"{rows:,}" if rows else "",
            _seconds(step),
            f"{rows / step['seconds']:,.0f}" if rows and step["seconds"] else "",
            f"{step['peak_mb']:,.0f} MiB",
            f"{step['load_before']:.1f}",
        )
    console.print(table)
    ratios = summary["ratios"]
    console.print(f"engine / reference = [bold]{ratios['engine_over_reference']:.2f}×[/]"
                  + (f"   pandas / engine = [bold]{ratios['pandas_over_engine']:.2f}×[/]"
                     if ratios.get("pandas_over_engine") is not None else ""))
    checks = Table(title="goals" + ("" if summary["sessions"] == GOAL_SESSIONS
                                    else f" (set for {GOAL_SESSIONS:,} sessions)"),
                   title_justify="left")
    for column in ("goal", "measured", "result"):
        checks.add_column(column)
    for goal in summary["goals"]:
        checks.add_row(goal["goal"], goal["value"],
                       "[green]pass[/]" if goal["ok"] else "[red]FAIL[/]")
    console.print(checks)
    for name, found in summary["agreement"].items():
        for line in found["examples"]:
            console.print(f"[red]mismatch[/] {name}: {line}")
    if summary.get("uncovered"):
        console.print(f"note: visible KPIs not in the suite: {', '.join(summary['uncovered'])}")


def _seconds(step: dict[str, Any]) -> str:
    times = step.get("times") or []
    text = f"{step['seconds']:.2f}"
    if len(times) > 1:
        text += f" (median of {len(times)}: " + ", ".join(f"{t:.2f}" for t in times) + ")"
    return text if not math.isnan(step["seconds"]) else ""
