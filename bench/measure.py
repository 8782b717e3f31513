"""Run one measured step in its own Python process, so every step has its own peak memory.

The parent starts `steps.py STEP CONFIG.json RESULT.json` and reaps it with `os.wait4`, whose
resource usage is that child's alone (ru_maxrss: its peak resident set). The child measures
its own wall times with `time.perf_counter` and writes them to RESULT.json.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

STEPS = Path(__file__).with_name("steps.py")


@dataclass
class StepRun:
    """What one step reported, with the child's peak RSS and the load average before it."""

    name: str
    result: dict[str, Any]
    peak_mb: float
    wall_seconds: float
    load_before: float
    times: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.times) if self.times else float("nan")


class StepError(RuntimeError):
    """A step's process exited with an error."""


def run_step(name: str, step: str, config: dict[str, Any], out_dir: Path) -> StepRun:
    """Run `step` with `config` in a fresh interpreter and collect its result and peak RSS."""
    out_dir.mkdir(parents=True, exist_ok=True)
    config_file = out_dir / f"{name}.config.json"
    result_file = out_dir / f"{name}.result.json"
    config_file.write_text(json.dumps(config, default=str), encoding="utf-8")
    result_file.unlink(missing_ok=True)
    load = os.getloadavg()[0]
    began = time.perf_counter()
    proc = subprocess.Popen([sys.executable, str(STEPS), step, str(config_file), str(result_file)])
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - began
    if proc.returncode != 0 or not result_file.is_file():
        raise StepError(f"step {name} ({step}) failed with exit code {proc.returncode}")
    result = json.loads(result_file.read_text(encoding="utf-8"))
    return StepRun(name, result, usage.ru_maxrss / 1024, wall, load,
                   list(result.get("times", [])))


def peak_rss_mb() -> float:
    """This process's peak resident set so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
