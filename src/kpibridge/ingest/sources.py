"""Find and read source mappings: workspace `sources/*.yaml` first, then the built-in presets."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kpibridge.errors import Problem, SpecError
from kpibridge.ingest.mapping import SourceMapping
from kpibridge.ingest.presets import preset_file, preset_names
from kpibridge.model.tables import FX_COLUMN, TABLES, ColumnType
from kpibridge.yaml_source import YamlDocument, did_you_mean, read_yaml

SOURCE_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Source:
    """A named source mapping and where it was defined."""

    name: str
    path: Path
    mapping: SourceMapping
    preset: bool = False


def read_source(path: Path, preset: bool = False) -> Source:
    """Read one mapping file; every problem in it is reported at once as a SpecError."""
    source, problems = _read(path, preset)
    if source is None:
        raise SpecError(f"{path} is not a valid source mapping", problems)
    return source


def check_sources(directory: Path) -> list[Problem]:
    """Every problem in every mapping file of a workspace `sources/` directory."""
    problems: list[Problem] = []
    for path in _mapping_files(directory):
        problems += _read(path, preset=False)[1]
    return problems


class SourceLibrary:
    """The sources a workspace can use: its own mapping files, then the packaged presets."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory

    def workspace_names(self) -> list[str]:
        return sorted(p.stem for p in _mapping_files(self.directory))

    def names(self) -> list[str]:
        return sorted(set(self.workspace_names()) | set(preset_names()))

    def workspace_file(self, name: str) -> Path | None:
        if self.directory is None:
            return None
        for suffix in SOURCE_SUFFIXES:
            path = self.directory / f"{name}{suffix}"
            if path.is_file():
                return path
        return None

    def get(self, name: str) -> Source:
        """Source `name`: the workspace's mapping file of that name, else the preset."""
        path = self.workspace_file(name)
        if path is not None:
            return read_source(path)
        preset = preset_file(name)
        if preset is not None:
            return read_source(preset, preset=True)
        where = f" in {self.directory}" if self.directory else ""
        hint = did_you_mean(name, self.names())
        raise SpecError(
            f"unknown source {name!r}{hint}",
            [
                Problem(
                    str(self.directory or "sources"),
                    "unknown-source",
                    f"no mapping file {name}.yaml{where} and no built-in preset of that name"
                    f"{hint}; known: {', '.join(self.names()) or 'none'}",
                )
            ],
        )


def _mapping_files(directory: Path | None) -> list[Path]:
    if directory is None or not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if p.suffix in SOURCE_SUFFIXES and p.is_file())


def _read(path: Path, preset: bool) -> tuple[Source | None, list[Problem]]:
    doc, problems = read_yaml(path)
    if doc is None:
        return None, problems
    if not isinstance(doc.data, dict):
        return None, [doc.problem((), "schema", "a source mapping must be a YAML mapping")]
    mapping: SourceMapping | None = None
    try:
        mapping = SourceMapping.model_validate(doc.data)
    except ValidationError as exc:
        problems += doc.validation_problems(exc, SourceMapping)
    problems += _meaning_problems(doc, doc.data)
    if problems or mapping is None:
        return None, sorted(problems, key=lambda p: p.line or 0)
    return Source(path.stem, path, mapping, preset), []


def _meaning_problems(doc: YamlDocument, data: dict[str, Any]) -> list[Problem]:
    """Checks that need the data contract: known table, known columns of that table."""
    table = data.get("table")
    if not isinstance(table, str):
        return []
    if table not in TABLES:
        hint = did_you_mean(table, TABLES)
        return [doc.problem(("table",), "unknown-table", f"unknown table {table!r}{hint}", table)]
    spec = TABLES[table]
    known = [c for c in spec.column_names if c != FX_COLUMN]
    problems: list[Problem] = []

    def check(path: tuple[str, ...], column: object) -> None:
        if isinstance(column, str) and column not in known:
            hint = did_you_mean(column, known)
            message = f"{table} has no column {column!r}{hint}"
            problems.append(doc.problem(path, "unknown-column", message, column))

    for source, target in _items(data.get("columns")):
        check(("columns", source), target)
    for section in ("constants", "values", "first_item"):
        for column, _ in _items(data.get(section)):
            check((section, column), column)
    for column, condition in _items(data.get("only_when")):
        check(("only_when", column), column)
        for other, _ in _items(condition):
            check(("only_when", column, other), other)
    expand = data.get("expand")
    if isinstance(expand, dict) and isinstance(expand.get("id"), str):
        check(("expand", "id"), expand["id"])
        if expand["id"] in known and spec.column(expand["id"]).type != ColumnType.STRING:
            problems.append(
                doc.problem(("expand", "id"), "schema", "expand.id must be a text id column")
            )
    if data.get("refunds") is not None and table != "orders":
        problems.append(doc.problem(("refunds",), "schema", "refunds are only for table orders"))
    return problems


def _items(section: object) -> Iterable[tuple[str, Any]]:
    if isinstance(section, dict):
        return [(str(k), v) for k, v in section.items()]
    return []
