"""The benchmark's data: the demo company's files for N sessions, plus the sessions as CSV.

Files are written once per (sessions, seed, today) under the work directory and reused by
later runs (`bench.json` records what is there).
"""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
from suite import Window

from kpibridge.demo.generate import generate
from kpibridge.demo.params import DemoParams
from kpibridge.demo.writer import write

MARKER = "bench.json"


@dataclass
class BenchData:
    """The generated files, their row counts and the window the suite is computed over."""

    sessions: int
    seed: int
    today: str
    window: dict[str, str]
    rows: dict[str, int]
    files: list[str]
    csv_files: list[str]
    generate_seconds: float = 0.0
    csv_seconds: float = 0.0
    reused: bool = False
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def session_rows(self) -> int:
        return self.rows["sessions"]


def data_dir(workdir: Path, sessions: int, seed: int) -> Path:
    return workdir / f"sessions-{sessions}-seed-{seed}"


def prepare(workdir: Path, sessions: int, seed: int, today: date | None) -> BenchData:
    """Generate the demo files (unless the same ones are there) and the CSV sessions."""
    params = DemoParams(sessions=sessions, seed=seed, **({"today": today} if today else {}))
    root = data_dir(workdir, sessions, seed)
    marker = root / MARKER
    if marker.is_file():
        found = BenchData(**json.loads(marker.read_text(encoding="utf-8")))
        if found.today == params.today.isoformat() and all(
            Path(f).is_file() for f in [*found.files, *found.csv_files]
        ):
            found.reused = True
            return found
    shutil.rmtree(root, ignore_errors=True)
    began = time.perf_counter()
    demo = generate(params, root / "demo")
    generated = time.perf_counter() - began
    began = time.perf_counter()
    csv_files = [
        str(write(pq.read_table(f), root / "csv" / f.with_suffix(".csv").name))
        for f in demo.files
        if f.name.startswith("sessions_")
    ]
    found = BenchData(
        sessions=sessions,
        seed=seed,
        today=params.today.isoformat(),
        window=Window(demo.calendar.start, demo.calendar.end, params.timezone).to_dict(),
        rows=demo.rows,
        files=[str(f) for f in demo.files],
        csv_files=csv_files,
        generate_seconds=generated,
        csv_seconds=time.perf_counter() - began,
    )
    marker.write_text(json.dumps(asdict(found), indent=2) + "\n", encoding="utf-8")
    return found
