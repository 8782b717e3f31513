"""Run measured steps in their own Python processes, so every step has its own peak memory.

A step process is `steps.py STEP CONFIG.json RESULT.json`; the parent reaps it with `os.wait4`,
whose resource usage is that child's alone (ru_maxrss: its peak resident set). One-shot steps
(generate, ingest) run to completion. Suite implementations run as `Worker`s that stay alive
and compute the suite each time the parent asks, so the rounds of the three implementations
can be interleaved (background load then hits all three alike) while each process keeps its
warm state. Children time themselves with `time.perf_counter` (wall) and
`time.process_time` (CPU of all their threads).
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
from typing import IO, Any

STEPS = Path(__file__).with_name("steps.py")
#: Lines a worker prints to report to the parent start with this.
REPLY = "@bench "


@dataclass
class StepRun:
    """What one step reported, with the child's peak RSS and the load average around it."""

    name: str
    result: dict[str, Any]
    peak_mb: float
    wall_seconds: float
    load: tuple[float, float]
    times: list[float] = field(default_factory=list)
    cpu_times: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.times) if self.times else float("nan")


class StepError(RuntimeError):
    """A step's process exited with an error."""


def _start(
    step: str, name: str, config: dict[str, Any], out_dir: Path, pipes: bool
) -> tuple[subprocess.Popen[str], Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    config_file = out_dir / f"{name}.config.json"
    result_file = out_dir / f"{name}.result.json"
    config_file.write_text(json.dumps(config, default=str), encoding="utf-8")
    result_file.unlink(missing_ok=True)
    command = [sys.executable, str(STEPS), step, str(config_file), str(result_file)]
    if pipes:
        return subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        ), result_file
    return subprocess.Popen(command, text=True), result_file


def _reap(
    proc: subprocess.Popen[str], name: str, result_file: Path
) -> tuple[dict[str, Any], float]:
    """Wait for the child; its result and its peak RSS in MiB."""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0 or not result_file.is_file():
        raise StepError(f"step {name} failed with exit code {proc.returncode}")
    return json.loads(result_file.read_text(encoding="utf-8")), usage.ru_maxrss / 1024


def run_step(name: str, step: str, config: dict[str, Any], out_dir: Path) -> StepRun:
    """Run a one-shot `step` with `config` in a fresh interpreter."""
    load = os.getloadavg()[0]
    began = time.perf_counter()
    proc, result_file = _start(step, name, config, out_dir, pipes=False)
    result, peak = _reap(proc, name, result_file)
    return StepRun(name, result, peak, time.perf_counter() - began, (load, os.getloadavg()[0]))


class Worker:
    """A suite implementation in its own process, computing the suite on request."""

    def __init__(self, name: str, config: dict[str, Any], out_dir: Path) -> None:
        self.name = name
        self.began = time.perf_counter()
        self.proc, self.result_file = _start("suite", name, config, out_dir, pipes=True)
        self.loads: list[float] = []
        self.times: list[float] = []
        self.cpu_times: list[float] = []
        self._ask("ready")

    def run(self) -> float:
        """Compute the suite once; its wall time."""
        before = os.getloadavg()[0]
        reply = self._ask("run")
        self.loads += [before, os.getloadavg()[0]]
        self.times.append(reply["wall"])
        self.cpu_times.append(reply["cpu"])
        return float(reply["wall"])

    def finish(self) -> StepRun:
        """Let the worker write its values and exit; everything it measured."""
        self._ask("done")
        result, peak = _reap(self.proc, self.name, self.result_file)
        return StepRun(
            self.name,
            result,
            peak,
            time.perf_counter() - self.began,
            (min(self.loads, default=0.0), max(self.loads, default=0.0)),
            self.times,
            self.cpu_times,
        )

    def _ask(self, command: str) -> dict[str, Any]:
        stdin, stdout = self.proc.stdin, self.proc.stdout
        assert stdin is not None and stdout is not None
        stdin.write(command + "\n")
        stdin.flush()
        return _reply(stdout, self.name)


def _reply(stdout: IO[str], name: str) -> dict[str, Any]:
    for line in stdout:
        if line.startswith(REPLY):
            found: dict[str, Any] = json.loads(line[len(REPLY) :])
            return found
        print(line, end="")  # anything else the child printed
    raise StepError(f"worker {name} stopped without answering")


def serve(run: Any, out: IO[str] | None = None) -> None:
    """The worker's side: answer `ready`, `run` (compute once) and `done` from stdin."""
    out = out or sys.stdout
    for line in sys.stdin:
        command = line.strip()
        reply: dict[str, Any] = {}
        if command == "run":
            cpu, began = time.process_time(), time.perf_counter()
            run()
            reply = {"wall": time.perf_counter() - began, "cpu": time.process_time() - cpu}
        out.write(REPLY + json.dumps(reply) + "\n")
        out.flush()
        if command == "done":
            return


def peak_rss_mb() -> float:
    """This process's peak resident set so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
