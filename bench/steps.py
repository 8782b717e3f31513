"""The measured steps, each run in its own process: `steps.py STEP CONFIG.json RESULT.json`.

Steps: `generate` (demo files + CSV sessions), `ingest` (files into a fresh workspace through
the real loader) and `suite` (the KPI suite by one implementation, `repeat` times).
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
from data import prepare
from measure import peak_rss_mb, serve
from suite import Window

from kpibridge.workspace import Workspace


def generate_step(config: dict[str, Any]) -> dict[str, Any]:
    today = date.fromisoformat(config["today"]) if config.get("today") else None
    return asdict(prepare(Path(config["workdir"]), config["sessions"], config["seed"], today))


def ingest_step(config: dict[str, Any]) -> dict[str, Any]:
    """Load `files` into a fresh workspace; rows and seconds, overall and per table."""
    root = Path(config["workspace"])
    shutil.rmtree(root, ignore_errors=True)
    ws = Workspace.init(root, timezone=config["timezone"])
    try:
        began = time.perf_counter()
        results = ws.ingest([Path(f) for f in config["files"]])
        seconds = time.perf_counter() - began
    finally:
        ws.close()
    tables: dict[str, dict[str, float]] = {}
    files = [{"file": r.file.name, "rows": r.rows_added, "seconds": r.seconds} for r in results]
    for r in results:
        entry = tables.setdefault(r.table, {"rows": 0, "seconds": 0.0, "files": 0})
        entry["rows"] += r.rows_added
        entry["seconds"] += r.seconds
        entry["files"] += 1
    return {
        "rows": sum(r.rows_added for r in results),
        "seconds": seconds,
        "tables": tables,
        "statuses": sorted({r.status for r in results}),
        "files": files,
    }


def suite_step(config: dict[str, Any]) -> dict[str, Any]:
    """Serve `run` requests with one implementation (see measure.Worker); keep the last values."""
    window = Window.from_dict(config["window"])
    impl = config["impl"]
    ws = Workspace(config["workspace"], read_only=True)
    con: duckdb.DuckDBPyConnection = ws.warehouse.raw  # session TimeZone = the workspace's
    if config.get("memory_limit"):
        con.execute("SET memory_limit = ?", [config["memory_limit"]])
    compute: Callable[[], pd.DataFrame]
    extra: dict[str, Any] = {}
    if impl == "engine":
        from engine_suite import engine_results, to_long, uncovered

        def compute() -> pd.DataFrame:
            results = engine_results(ws, window)
            extra["sql"] = results["sales_revenue"].sql
            return to_long(results)

        extra["uncovered"] = uncovered(ws)
    elif impl == "reference":
        from reference import run_reference

        def compute() -> pd.DataFrame:
            return run_reference(con, window)
    else:
        from pandas_suite import run_pandas

        def compute() -> pd.DataFrame:
            return run_pandas(con, window)

    values: list[pd.DataFrame] = []

    def run() -> None:
        values[:] = [compute()]

    serve(run)
    if values:
        values[0].to_parquet(config["values"])
    if "sql" in extra:
        Path(config["values"]).with_suffix(".sql").write_text(extra.pop("sql"), encoding="utf-8")
    ws.close()
    return {"values": config["values"], "self_peak_mb": peak_rss_mb(), **extra}


STEP_FUNCTIONS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "generate": generate_step,
    "ingest": ingest_step,
    "suite": suite_step,
}


def main(argv: list[str]) -> None:
    step, config_file, result_file = argv
    config = json.loads(Path(config_file).read_text(encoding="utf-8"))
    result = STEP_FUNCTIONS[step](config)
    Path(result_file).write_text(json.dumps(result, default=str, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
