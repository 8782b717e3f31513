"""Build the demo workspace: create (or rebuild) it, generate the data, load it, describe it."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from kpibridge.config import CONFIG_FILE
from kpibridge.demo.custom_kpis import write_custom_kpis
from kpibridge.demo.generate import DemoData, generate, steps
from kpibridge.demo.params import DemoParams
from kpibridge.demo.stories import Story
from kpibridge.errors import WorkspaceError
from kpibridge.ingest import Loader
from kpibridge.workspace import Workspace

#: Written into the workspace: marks it as a demo (so it may be rebuilt) and lists the stories.
MARKER = "demo.json"


@dataclass
class Reporter:
    """Progress hooks (the CLI attaches progress bars); by default they do nothing."""

    start: Callable[[str, int], None] = lambda _phase, _total: None
    advance: Callable[[str], None] = lambda _description: None


@dataclass
class DemoResult:
    """What `build_demo` did."""

    path: Path
    params: DemoParams
    rebuilt: bool
    data: DemoData
    loaded: dict[str, int] = field(default_factory=dict)
    generate_seconds: float = 0.0
    load_seconds: float = 0.0

    @property
    def stories(self) -> list[Story]:
        return self.data.stories


def is_demo_workspace(path: Path) -> bool:
    return (path / MARKER).is_file() and (path / CONFIG_FILE).is_file()


def build_demo(
    path: Path | str, params: DemoParams, reporter: Reporter | None = None, load: bool = True
) -> DemoResult:
    """Create the Northwind Outdoor workspace at `path` with freshly generated, loaded data.

    An earlier demo workspace there is rebuilt from scratch; any other non-empty directory is
    refused, so nobody's own workspace is overwritten.
    """
    report = reporter or Reporter()
    root = Path(path)
    rebuilt = _clear(root)
    workspace = Workspace.init(
        root, currency=params.currency, timezone=params.timezone, name=params.name
    )
    try:
        write_custom_kpis(root / "kpis")
        report.start("Generating", steps(params))
        began = time.perf_counter()
        data = generate(params, root / "data", report.advance)
        result = DemoResult(
            root.resolve(), params, rebuilt, data, generate_seconds=time.perf_counter() - began
        )
        _write_marker(root, params, data)
        if load:
            report.start("Loading", len(data.files))
            began = time.perf_counter()
            result.loaded = load_files(workspace, data.files, report.advance)
            result.load_seconds = time.perf_counter() - began
    finally:
        workspace.close()
    return result


def _clear(root: Path) -> bool:
    """Empty an earlier demo at `root` (True) or check that `root` is free (False)."""
    if not root.exists() or not any(root.iterdir()):
        return False
    if not is_demo_workspace(root):
        raise WorkspaceError(
            f"{root} is not empty and holds no kpibridge demo; choose another directory "
            "(the demo only ever replaces an earlier demo)"
        )
    with Workspace(root) as old:
        warehouse = old.warehouse_path
    for stale in (warehouse, warehouse.with_name(warehouse.name + ".wal")):
        stale.unlink(missing_ok=True)
    shutil.rmtree(root / "data", ignore_errors=True)
    (root / CONFIG_FILE).unlink()
    (root / MARKER).unlink()
    return True


def _write_marker(root: Path, params: DemoParams, data: DemoData) -> None:
    info = {
        "company": params.name,
        "seed": params.seed,
        "sessions": params.sessions,
        "today": params.today.isoformat(),
        "first_day": data.calendar.start.isoformat(),
        "last_day": data.calendar.end.isoformat(),
        "rows": data.rows,
        "stories": [s.to_dict() for s in data.stories],
    }
    (root / MARKER).write_text(
        json.dumps(info, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def read_stories(path: Path | str) -> list[Story]:
    """The stories of the demo workspace at `path`, as recorded when it was built."""
    info: dict[str, Any] = json.loads((Path(path) / MARKER).read_text(encoding="utf-8"))
    return [
        Story(
            **{
                **s,
                "kpis": tuple(s["kpis"]),
                "start": date.fromisoformat(s["start"]),
                "end": date.fromisoformat(s["end"]),
            }
        )
        for s in info["stories"]
    ]


def load_files(
    workspace: Workspace, files: list[Path], advance: Callable[[str], None]
) -> dict[str, int]:
    """Load every file through the ingest path (in its load order); rows added per table."""
    loader = Loader(workspace.warehouse, workspace.config, workspace.path / "sources")
    loaded: dict[str, int] = {}
    for path in loader.order(files):
        result = loader.load(path)
        loaded[result.table] = loaded.get(result.table, 0) + result.rows_added
        advance(path.name)
    return loaded
