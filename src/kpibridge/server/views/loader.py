"""Load the built-in views and a workspace's dashboards/*.yaml, reporting every problem at once.

A workspace view with the id of a built-in view replaces it; other ids add views.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from kpibridge.catalog import Catalog
from kpibridge.errors import Problem, QueryError, SpecError
from kpibridge.server.views.spec import ViewSpec
from kpibridge.yaml_source import YamlDocument, did_you_mean, read_yaml

DASHBOARDS_DIR = "dashboards"


@dataclass(frozen=True)
class LoadedView:
    spec: ViewSpec
    file: str
    builtin: bool


class ViewSet:
    """The views of a workspace, by id, in navigation order."""

    def __init__(self, views: dict[str, LoadedView]) -> None:
        ordered = sorted(views.values(), key=lambda v: (v.spec.order, v.spec.id))
        self._views = {v.spec.id: v for v in ordered}

    def get(self, view_id: str) -> ViewSpec:
        try:
            return self._views[view_id].spec
        except KeyError:
            hint = did_you_mean(view_id, self._views)
            raise QueryError(f"unknown view {view_id!r}{hint}") from None

    def __contains__(self, view_id: object) -> bool:
        return view_id in self._views

    def __iter__(self) -> Iterator[ViewSpec]:
        return (v.spec for v in self._views.values())

    def origin(self, view_id: str) -> LoadedView:
        return self._views[view_id]

    def for_role(self, role: str | None) -> str:
        """The id of the view a role lands on: its own, else `shared`, else the first."""
        for view in self:
            if role and role in view.roles:
                return view.id
        return "shared" if "shared" in self._views else next(iter(self._views))


def builtin_files() -> list[Path]:
    folder = resources.files("kpibridge.server.views") / "builtin"
    return sorted(Path(str(f)) for f in folder.iterdir() if f.name.endswith(".yaml"))


def workspace_files(workspace: Path | None) -> list[Path]:
    folder = workspace / DASHBOARDS_DIR if workspace else None
    if folder is None or not folder.is_dir():
        return []
    return sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")])


def load_views(workspace: Path | None, catalog: Catalog) -> ViewSet:
    """Built-in views plus the workspace's; SpecError lists every problem found."""
    views, problems = check_views(workspace, catalog)
    if problems:
        raise SpecError(f"{len(problems)} problem(s) in the dashboard views", problems)
    return views


def check_views(workspace: Path | None, catalog: Catalog) -> tuple[ViewSet, list[Problem]]:
    """Validate every view file; returns the valid views and the problems found."""
    problems: list[Problem] = []
    views: dict[str, LoadedView] = {}
    own: dict[str, str] = {}  # view id -> file:line of the workspace view defining it
    files = [(f, True) for f in builtin_files()] + [(f, False) for f in workspace_files(workspace)]
    for file, builtin in files:
        document, found = read_yaml(file)
        problems += found
        if document is None:
            continue
        raw_id = document.data.get("id") if isinstance(document.data, dict) else None
        if not builtin and isinstance(raw_id, str):
            if raw_id in own:
                message = f"view {raw_id!r} is already defined at {own[raw_id]}"
                problems.append(document.problem(("id",), "duplicate", message))
                continue
            own[raw_id] = f"{document.file}:{document.line(('id',))}"
        spec = _parse(document, catalog, problems)
        if spec is not None:
            views[spec.id] = LoadedView(spec, document.file, builtin)
    return ViewSet(views), problems


def _parse(document: YamlDocument, catalog: Catalog, problems: list[Problem]) -> ViewSpec | None:
    if not isinstance(document.data, dict):
        problems.append(document.problem((), "schema", "expected a mapping describing one view"))
        return None
    try:
        spec = ViewSpec.model_validate(document.data)
    except ValidationError as exc:
        problems += document.validation_problems(exc, ViewSpec)
        return None
    found = [
        document.problem(path, "reference", msg, kpi) for path, kpi, msg in _unknown(spec, catalog)
    ]
    problems += found
    return None if found else spec


def _unknown(spec: ViewSpec, catalog: Catalog) -> Iterator[tuple[tuple[str | int, ...], str, str]]:
    """(path, id, message) of every KPI id the catalog does not know."""
    refs: list[tuple[tuple[str | int, ...], str]] = [
        (("kpis", i), k) for i, k in enumerate(spec.kpis)
    ]
    for s, section in enumerate(spec.sections):
        refs += [(("sections", s, "kpis", i), k) for i, k in enumerate(section.kpis)]
    for d, link in enumerate(spec.drivers):
        refs.append((("drivers", d, "kpi"), link.kpi))
        for side in ("cmo", "sales"):
            refs += [(("drivers", d, side, i), k) for i, k in enumerate(getattr(link, side))]
    for path, kpi in refs:
        if kpi not in catalog:
            yield path, kpi, f"unknown KPI {kpi!r}" + did_you_mean(kpi, catalog.ids)
