"""Ingest test helpers: a real workspace with a real DuckDB warehouse, and shortcuts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kpibridge.errors import IngestError, Problem
from kpibridge.ingest import Loader
from kpibridge.workspace import Workspace

SAMPLES = Path(__file__).with_name("samples")


class World:
    """A workspace, its loader and shortcuts to write files and read back rows."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.path = workspace.path
        self.loader: Loader = workspace.loader

    def file(self, name: str, text: str, encoding: str = "utf-8") -> Path:
        path = self.path / "data" / name
        path.write_text(text, encoding=encoding, newline="")
        return path

    def source(self, name: str, text: str) -> Path:
        path = self.path / "sources" / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        return path

    def load(self, path: Path, **options: Any) -> Any:
        return self.loader.load(path, **options)

    def rejected(self, path: Path, **options: Any) -> list[Problem]:
        """Load a file that must be rejected; return its problems."""
        with pytest.raises(IngestError) as caught:
            self.loader.load(path, **options)
        problems = caught.value.problems
        sources = {str(p) for p in (self.path / "sources").glob("*.yaml")}
        assert all(p.file == str(path) or p.file in sources for p in problems), problems
        return problems

    def sql(self, query: str) -> list[tuple[Any, ...]]:
        return self.workspace.warehouse.sql(query)

    def utc(self, column: str) -> str:
        """SQL: a TIMESTAMPTZ column as 'YYYY-MM-DD HH:MM:SS' in UTC."""
        return f"strftime(timezone('UTC', {column}), '%Y-%m-%d %H:%M:%S')"

    def count(self, table: str) -> int:
        return int(self.sql(f"SELECT count(*) FROM {table}")[0][0])


def only(problems: list[Problem], rule: str) -> Problem:
    """The one problem of `rule` (fails if there are none or several)."""
    found = [p for p in problems if p.rule == rule]
    assert len(found) == 1, problems
    return found[0]
