"""YAML read with line numbers, so every problem can be reported as file:line."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

import yaml
from pydantic import BaseModel, ValidationError

from kpibridge.errors import Problem

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class YamlDocument:
    """Parsed data of one YAML file plus the line of every mapping key and sequence item."""

    file: str
    data: Any
    lines: dict[Path_, int]

    def line(self, path: Sequence[str | int]) -> int | None:
        """Line of `path`, or of its closest ancestor that has one."""
        key = tuple(path)
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return self.lines.get((), 1)

    def problem(
        self, path: Sequence[str | int], rule: str, message: str, value: object = None
    ) -> Problem:
        column = ".".join(str(p) for p in path) or None
        shown = None if value is None else str(value)
        return Problem(self.file, rule, message, self.line(path), column, shown)

    def validation_problems(
        self, exc: ValidationError, model: type[BaseModel], prefix: Path_ = ()
    ) -> list[Problem]:
        """One problem per pydantic error, located and with a did-you-mean for unknown keys."""
        problems = []
        for err in exc.errors():
            own_loc = tuple(p for p in err["loc"] if not str(p).startswith("function-"))
            loc = prefix + own_loc
            message = err["msg"].removeprefix("Value error, ")
            if err["type"] == "extra_forbidden":
                known = _fields_at(model, own_loc[:-1])
                message = f"unknown key {loc[-1]!r}" + did_you_mean(str(loc[-1]), known)
            value = err.get("input") if err["type"] != "extra_forbidden" else None
            if isinstance(value, dict | list):
                value = None
            problems.append(self.problem(loc, "schema", message, value))
        return problems


def read_yaml(file: Path) -> tuple[YamlDocument | None, list[Problem]]:
    """Read a YAML file; a syntax error is returned as a problem, never raised."""
    text = file.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(exc, "problem", None) or str(exc)
        return None, [Problem(str(file), "yaml", f"not valid YAML: {reason}", line)]
    lines: dict[Path_, int] = {}
    if node is not None:
        _index(node, (), lines)
    return YamlDocument(str(file), data, lines), []


def _index(node: yaml.Node, path: Path_, lines: dict[Path_, int]) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = (*path, key_node.value)
            lines[child] = key_node.start_mark.line + 1
            _index(value_node, child, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _index(item, (*path, index), lines)


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """' (did you mean 'x'?)' when a close candidate exists, else ''."""
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _fields_at(model: type[BaseModel], loc: Sequence[str | int]) -> list[str]:
    """Field names of the model found by following `loc` down from `model`."""
    current: Any = model
    for step in loc:
        if isinstance(step, int):
            continue
        field = current.model_fields.get(step) if _is_model(current) else None
        if field is None:
            return []
        current = _model_in(field.annotation)
    return list(current.model_fields) if _is_model(current) else []


def _model_in(annotation: Any) -> Any:
    if _is_model(annotation):
        return annotation
    for arg in get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _is_model(obj: Any) -> bool:
    return isinstance(obj, type) and issubclass(obj, BaseModel)
