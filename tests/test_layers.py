"""Layers import downward only: each package may import just the packages listed for it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[1] / "src" / "kpibridge"

BASE = {"errors", "yaml_source", "formatting"}
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "yaml_source": {"errors"},
    "formatting": set(),
    "model": {"errors"},
    "config": {"errors", "yaml_source"},
    "catalog": BASE | {"model"},
    "warehouse": BASE | {"model"},
    "ingest": BASE | {"model", "config", "warehouse"},
    "engine": BASE | {"model", "catalog", "warehouse"},
    "workspace": BASE | {"config", "warehouse", "catalog", "engine", "ingest"},
    "testing": BASE | {"model", "config", "warehouse", "catalog", "workspace"},
    "demo": BASE | {"model", "config", "warehouse", "ingest", "workspace", "server"},
    "server": BASE | {"model", "config", "catalog", "engine", "ingest", "workspace"},
    "cli": BASE
    | {
        "model",
        "config",
        "catalog",
        "warehouse",
        "ingest",
        "engine",
        "workspace",
        "demo",
        "server",
    },
    "__init__": BASE | {"workspace"},
}


def _package(path: Path) -> str:
    relative = path.relative_to(SOURCE)
    return relative.parts[0].removesuffix(".py")


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("kpibridge"):
            parts = node.module.split(".")
            if len(parts) > 1:
                found.add(parts[1])
            else:
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "kpibridge" and len(parts) > 1:
                    found.add(parts[1])
    return found


MODULES = sorted(SOURCE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SOURCE)))
def test_module_imports_only_lower_layers(path: Path) -> None:
    package = _package(path)
    assert package in ALLOWED, f"{package} has no place in the layer map of this test"
    wrong = {name for name in _imports(path) - {package} if name not in ALLOWED[package]}
    assert not wrong, f"{path.relative_to(SOURCE)} imports {sorted(wrong)} above its layer"
