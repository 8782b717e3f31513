"""`make bench` at a tiny size: the pipeline runs and engine, SQL reference and pandas agree."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

RUN = Path(__file__).resolve().parents[2] / "bench" / "run.py"


def test_bench_pipeline_agrees_at_a_tiny_size(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [
            sys.executable,
            str(RUN),
            "--sessions",
            "20000",
            "--repeat",
            "1",
            "--workdir",
            str(tmp_path / "work"),
            "--json",
            str(out),
            "--today",
            "2025-06-15",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    summary = json.loads(out.read_text(encoding="utf-8"))
    agreement = summary["agreement"]
    assert set(agreement) == {"engine vs reference", "engine vs pandas"}
    for name, found in agreement.items():
        assert found["compared"] > 1000, name
        assert found["mismatches"] == 0, (name, found["examples"])
    steps = summary["steps"]
    assert steps["ingest-parquet"]["rows"] == sum(summary["rows"].values())
    assert steps["ingest-csv"]["rows"] == summary["rows"]["sessions"]
    for name in ("suite-engine", "suite-reference", "suite-pandas"):
        assert steps[name]["seconds"] > 0 and steps[name]["peak_mb"] > 0
    assert {g["goal"] for g in summary["goals"]} >= {
        "peak memory of kpibridge (ingest, engine) < 3 GB"
    }
    assert summary["uncovered"] == [], "new visible KPIs: add them to bench/suite.py"
