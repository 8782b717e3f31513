"""Load the built-in KPI catalog and a workspace's kpis/*.yaml, reporting every problem at once."""

from __future__ import annotations

import graphlib
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kpibridge.catalog.catalog import Catalog, Origin
from kpibridge.catalog.checks import check_references, check_sources, references
from kpibridge.catalog.dimensions import kpi_dimensions
from kpibridge.catalog.spec import Kind, KpiSpec
from kpibridge.errors import Problem, SpecError
from kpibridge.yaml_source import YamlDocument, did_you_mean, read_yaml

TOP_LEVEL_KEYS = ("kpis",)


def builtin_files() -> list[Path]:
    folder = resources.files("kpibridge.catalog") / "builtin"
    return sorted(Path(str(f)) for f in folder.iterdir() if f.name.endswith(".yaml"))


def workspace_files(kpis_dir: Path | None) -> list[Path]:
    if kpis_dir is None or not kpis_dir.is_dir():
        return []
    return sorted([*kpis_dir.glob("*.yaml"), *kpis_dir.glob("*.yml")])


def load_catalog(kpis_dir: Path | None = None) -> Catalog:
    """The built-in KPIs plus the workspace's own; SpecError lists every problem found."""
    catalog, problems = check_catalog(kpis_dir)
    if problems:
        raise SpecError(f"{len(problems)} problem(s) in the KPI definitions", problems)
    assert catalog is not None
    return catalog


def check_catalog(kpis_dir: Path | None = None) -> tuple[Catalog | None, list[Problem]]:
    """Validate everything; returns the catalog (None when there were problems) and problems."""
    problems: list[Problem] = []
    entries: list[tuple[KpiSpec, YamlDocument, int, bool]] = []
    for file, builtin in [(f, True) for f in builtin_files()] + [
        (f, False) for f in workspace_files(kpis_dir)
    ]:
        document, found = read_yaml(file)
        problems += found
        if document is not None:
            entries += _parse_entries(document, builtin, problems)

    specs: dict[str, KpiSpec] = {}
    origins: dict[str, Origin] = {}
    for spec, document, index, builtin in entries:
        if spec.id in specs:
            first = origins[spec.id]
            why = "a built-in KPI" if first.builtin else f"{first.file}:{first.line}"
            problems.append(
                document.problem(
                    ("kpis", index, "id"),
                    "duplicate",
                    f"KPI id {spec.id!r} is already defined by {why}; choose another id",
                    spec.id,
                )
            )
            continue
        specs[spec.id] = spec
        origins[spec.id] = Origin(document.file, document.line(("kpis", index)), builtin)

    for spec, document, index, _ in entries:
        if origins.get(spec.id) is None or specs.get(spec.id) is not spec:
            continue

        def report(
            path: tuple[str | int, ...], rule: str, message: str, *, _d=document, _i=index
        ) -> None:
            problems.append(_d.problem(("kpis", _i, *path), rule, message))

        check_sources(spec, report)
        check_references(spec, specs, report)

    if problems:
        return None, problems
    order = _dependency_order(specs, origins, problems)
    if problems:
        return None, problems
    resolved: dict[str, KpiSpec] = {}
    for kpi in order:
        spec = specs[kpi]
        dims = kpi_dimensions(spec, {r: resolved[r] for r in references(spec)})
        resolved[kpi] = spec.model_copy(update={"dimensions": dims})
    return Catalog({k: resolved[k] for k in specs}, origins), []


def _parse_entries(
    document: YamlDocument, builtin: bool, problems: list[Problem]
) -> list[tuple[KpiSpec, YamlDocument, int, bool]]:
    data: Any = document.data
    if data is None:
        return []
    if not isinstance(data, dict):
        problems.append(document.problem((), "schema", "expected a mapping with a `kpis:` list"))
        return []
    for key in data:
        if key not in TOP_LEVEL_KEYS:
            hint = did_you_mean(str(key), TOP_LEVEL_KEYS)
            problems.append(document.problem((key,), "schema", f"unknown key {key!r}{hint}"))
    items = data.get("kpis") or []
    if not isinstance(items, list):
        problems.append(document.problem(("kpis",), "schema", "`kpis` must be a list of KPIs"))
        return []
    entries = []
    for index, item in enumerate(items):
        try:
            spec = KpiSpec.model_validate(item)
        except ValidationError as exc:
            problems += document.validation_problems(exc, KpiSpec, ("kpis", index))
            continue
        if not builtin and spec.kind is not Kind.CUSTOM and spec.id.startswith("custom:"):
            problems.append(
                document.problem(
                    ("kpis", index, "id"),
                    "schema",
                    "only custom KPIs have ids starting with 'custom:'",
                )
            )
            continue
        entries.append((spec, document, index, builtin))
    return entries


def _dependency_order(
    specs: dict[str, KpiSpec], origins: dict[str, Origin], problems: list[Problem]
) -> list[str]:
    sorter = graphlib.TopologicalSorter({k: references(s) for k, s in specs.items()})
    try:
        return list(sorter.static_order())
    except graphlib.CycleError as exc:
        cycle = list(exc.args[1])
        first = origins[cycle[0]]
        problems.append(
            Problem(
                first.file,
                "cycle",
                "KPIs depend on each other in a circle: " + " → ".join(cycle),
                first.line,
            )
        )
        return []
