"""`make bench`: ingest rows/s and the KPI suite by engine, hand-written SQL and pandas.

Generates the demo company for N sessions, loads it through the real loader (Parquet, and the
sessions again as CSV), computes the full KPI suite monthly by channel three ways, checks that
the three agree, and prints times, ratios, peak memory and the goals. Each measured step runs
in its own process (see measure.py).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
from measure import StepRun, Worker, run_step
from report import goals, render
from suite import Window, compare

BENCH = Path(__file__).parent
IMPLEMENTATIONS = ("engine", "reference", "pandas")
SHOWN_MISMATCHES = 20


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sessions",
        type=int,
        default=5_000_000,
        help="website sessions of the demo company (default 5,000,000)",
    )
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--today",
        type=date.fromisoformat,
        default=None,
        help="build the demo as of this day (default: today)",
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        default=BENCH / "data",
        help="where data and workspaces go (default bench/data, gitignored)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs of each suite implementation; the median is reported",
    )
    parser.add_argument("--skip-pandas", action="store_true", help="leave out the pandas run")
    parser.add_argument("--skip-csv", action="store_true", help="leave out the CSV ingest")
    parser.add_argument(
        "--skip-ingest",
        action="store_true",
        help="no ingest: query the Parquet workspace an earlier run loaded",
    )
    parser.add_argument(
        "--memory-limit",
        default=None,
        help="DuckDB memory_limit for the suite runs, e.g. 2GB (default: "
        "DuckDB's own, 80%% of RAM)",
    )
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the workspaces (the Parquet one is always kept for reuse)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    workdir = args.workdir.resolve()
    steps: dict[str, StepRun] = {}

    def step(name: str, kind: str, config: dict[str, Any], out: Path) -> StepRun:
        print(f"[bench] {name} …", flush=True)
        steps[name] = run_step(name, kind, config, out)
        return steps[name]

    data = step(
        "generate",
        "generate",
        {
            "workdir": str(workdir),
            "sessions": args.sessions,
            "seed": args.seed,
            "today": args.today,
        },
        workdir / "out",
    ).result
    root = Path(data["files"][0]).parent.parent
    out = root / "out"
    window = Window.from_dict(data["window"])
    parquet_ws = root / "ws-parquet"
    if args.skip_ingest and not (parquet_ws / "kpibridge.yaml").is_file():
        raise SystemExit(f"--skip-ingest: no loaded workspace at {parquet_ws} yet")
    if not args.skip_ingest:
        step(
            "ingest-parquet",
            "ingest",
            {"workspace": str(parquet_ws), "files": data["files"], "timezone": window.timezone},
            out,
        )
    if not (args.skip_csv or args.skip_ingest):
        step(
            "ingest-csv",
            "ingest",
            {
                "workspace": str(root / "ws-csv"),
                "files": data["csv_files"],
                "timezone": window.timezone,
            },
            out,
        )
        if not args.keep:
            shutil.rmtree(root / "ws-csv", ignore_errors=True)
    impls = [i for i in IMPLEMENTATIONS if not (args.skip_pandas and i == "pandas")]
    steps.update(run_suites(impls, parquet_ws, window, args.repeat, out, args.memory_limit))
    values = {i: pd.read_parquet(steps[f"suite-{i}"].result["values"]) for i in impls}
    summary = summarise(args, data, window, steps, values)
    render(summary)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(summary, indent=2, default=str) + "\n", encoding="utf-8")
    return 0 if all(g["ok"] for g in summary["goals"] if "agree" in g["goal"]) else 1


def run_suites(
    impls: list[str],
    workspace: Path,
    window: Window,
    repeat: int,
    out: Path,
    memory_limit: str | None = None,
) -> dict[str, StepRun]:
    """Each implementation in its own worker; `repeat` rounds, the order rotating per round."""
    workers = {}
    for impl in impls:
        workers[impl] = Worker(
            f"suite-{impl}",
            {
                "impl": impl,
                "workspace": str(workspace),
                "window": window.to_dict(),
                "values": str(out / f"values-{impl}.parquet"),
                "memory_limit": memory_limit,
            },
            out,
        )
    for round_ in range(repeat):
        order = impls[round_ % len(impls) :] + impls[: round_ % len(impls)]
        for impl in order:
            seconds = workers[impl].run()
            print(f"[bench] round {round_ + 1}/{repeat}: {impl} {seconds:.2f} s", flush=True)
    return {f"suite-{impl}": worker.finish() for impl, worker in workers.items()}


def summarise(
    args: argparse.Namespace,
    data: dict[str, Any],
    window: Window,
    steps: dict[str, StepRun],
    values: dict[str, pd.DataFrame],
) -> dict[str, Any]:
    """Everything measured, as plain data (printed, and written with --json)."""
    shown: dict[str, dict[str, Any]] = {}
    gen = steps["generate"]
    shown["generate"] = _step(
        gen,
        "generate demo files" + (" (reused)" if gen.result["reused"] else ""),
        seconds=gen.result["generate_seconds"] + gen.result["csv_seconds"],
    )
    for kind in ("parquet", "csv"):
        if f"ingest-{kind}" not in steps:
            continue
        run = steps[f"ingest-{kind}"]
        tables = run.result["tables"]
        label = "ingest Parquet: all demo files" if kind == "parquet" else "ingest CSV: sessions"
        shown[f"ingest-{kind}"] = _step(
            run,
            label,
            rows=run.result["rows"],
            seconds=run.result["seconds"],
            tables=tables,
            files=run.result["files"],
        )
        if kind == "parquet":  # the sessions files alone, from the same load
            sessions = tables["sessions"]
            shown["ingest-parquet-sessions"] = _step(
                run,
                "  of which Parquet: sessions",
                rows=sessions["rows"],
                seconds=sessions["seconds"],
            )
    for impl in values:
        run = steps[f"suite-{impl}"]
        label = {
            "engine": "suite: engine (query_many)",
            "reference": "suite: hand-written SQL",
            "pandas": "suite: pandas",
        }[impl]
        shown[f"suite-{impl}"] = _step(
            run,
            label,
            seconds=run.median,
            times=run.times,
            cpu_times=run.cpu_times,
            min_seconds=min(run.times),
            cpu_seconds=statistics.median(run.cpu_times),
        )
    agreement = {}
    for other in [i for i in values if i != "engine"]:
        found = compare(values["engine"], values[other], ("engine", other))
        agreement[f"engine vs {other}"] = {
            "compared": found.compared,
            "mismatches": len(found.mismatches),
            "examples": found.mismatches[:SHOWN_MISMATCHES],
        }
    summary: dict[str, Any] = {
        "sessions": args.sessions,
        "seed": args.seed,
        "today": data["today"],
        "memory_limit": args.memory_limit,
        "window": window.to_dict(),
        "rows": data["rows"],
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "commit": _commit(),
        "steps": shown,
        "ratios": ratios(shown),
        "agreement": agreement,
        "uncovered": steps["suite-engine"].result.get("uncovered", []),
    }
    summary["goals"] = goals(summary)
    return summary


def ratios(shown: dict[str, dict[str, Any]]) -> dict[str, dict[str, float] | None]:
    """engine / reference and pandas / engine: by median wall time (the goal), by the fastest
    run and by median CPU time (both less sensitive to other processes on the machine)."""

    def ratio(a: str, b: str) -> dict[str, float] | None:
        if f"suite-{a}" not in shown or f"suite-{b}" not in shown:
            return None
        x, y = shown[f"suite-{a}"], shown[f"suite-{b}"]
        return {key: x[key] / y[key] for key in ("seconds", "min_seconds", "cpu_seconds")}

    return {
        "engine_over_reference": ratio("engine", "reference"),
        "pandas_over_engine": ratio("pandas", "engine"),
    }


def _commit() -> str:
    """The checked-out commit, and whether src/ has changes on top of it."""

    def git(*words: str) -> str:
        done = subprocess.run(
            ["git", *words], cwd=BENCH, capture_output=True, text=True, check=False
        )
        return done.stdout.strip()

    dirty = git("status", "--porcelain", "--", "../src")
    return git("rev-parse", "--short", "HEAD") + (" (src modified)" if dirty else "")


def _step(run: StepRun, label: str, **fields: Any) -> dict[str, Any]:
    return {
        "label": label,
        "peak_mb": run.peak_mb,
        "load": list(run.load),
        "wall_seconds": run.wall_seconds,
        **fields,
    }


if __name__ == "__main__":
    sys.exit(main())
