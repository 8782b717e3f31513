"""Match a file's header against a mapping: where each canonical column gets its values."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass

from kpibridge.errors import Problem
from kpibridge.ingest.mapping import SourceMapping, header_pattern
from kpibridge.model.tables import FX_COLUMN, Column, TableSpec
from kpibridge.yaml_source import did_you_mean


@dataclass(frozen=True)
class Field:
    """A canonical column of the load and where its values come from."""

    column: Column
    sources: tuple[int, ...]  # file columns, the first non-empty one wins
    label: str  # how problems name it: the file's header name(s), else the canonical name
    constant: str | None = None  # used when the file gives no value
    generated: bool = False  # filled with generated ids (expand)

    @property
    def name(self) -> str:
        return self.column.name


@dataclass(frozen=True)
class RowFilter:
    """Keep (or drop) rows whose value in file column `index` matches one of `patterns`."""

    index: int
    patterns: tuple[str, ...]
    keep: bool


@dataclass(frozen=True)
class Extra:
    """A file column the mapping uses for something other than a canonical column."""

    index: int
    label: str


@dataclass(frozen=True)
class Plan:
    """Everything the staging step needs to know about one file's columns."""

    spec: TableSpec
    mapping: SourceMapping
    fields: dict[str, Field]
    filters: tuple[RowFilter, ...] = ()
    refund: Extra | None = None
    count: Extra | None = None


def plan_columns(
    headers: list[str],
    spec: TableSpec,
    mapping: SourceMapping,
    display: str,
    header_line: int | None,
    mapping_file: str | None,
    reporting: str,
) -> tuple[Plan, list[Problem]]:
    """Match headers to canonical columns; unknown and missing columns are problems."""
    problems: list[Problem] = []
    folded = [h.casefold() for h in headers]
    canonical = {c.name: c for c in spec.columns}
    sources: dict[str, list[tuple[int, int]]] = {}  # canonical → [(mapping order, file column)]
    used: set[int] = set()
    currency_in_header: str | None = None
    line = header_line or None

    def problem(rule: str, message: str, column: str | None) -> None:
        problems.append(Problem(display, rule, message, line, column))

    for order, (source, target) in enumerate(mapping.columns.items()):
        pattern = header_pattern(source)
        for index, header in enumerate(headers):
            match = pattern.fullmatch(header) if pattern else None
            if match or (pattern is None and folded[index] == source.casefold()):
                sources.setdefault(target, []).append((order, index))
                used.add(index)
                if match:
                    currency_in_header = match.group(1).upper()

    by_name = {name.casefold(): name for name in canonical}
    for index, header in enumerate(headers):
        if index in used or folded[index] not in by_name:
            continue
        target = by_name[folded[index]]
        if target in sources:
            others = ", ".join(repr(headers[i]) for _, i in sources[target])
            problem(
                "duplicate-column",
                f"column {header!r} and {others} both give {spec.name}.{target}",
                header,
            )
        else:
            sources[target] = [(len(mapping.columns), index)]
        used.add(index)

    def find(name: str) -> int | None:
        for index, fold in enumerate(folded):
            if fold == name.casefold():
                used.add(index)
                return index
        return None

    filters: list[RowFilter] = []
    for keep, section in ((True, mapping.keep_rows), (False, mapping.drop_rows)):
        for name, patterns in section.items():
            found_at = find(name)
            if found_at is not None:
                filters.append(RowFilter(found_at, patterns, keep))
            elif keep:
                problem("missing-column", f"column {name!r} (used by keep_rows) is missing", name)

    def extra(name: str, use: str) -> Extra | None:
        found_at = find(name)
        if found_at is None:
            problem("missing-column", f"column {name!r} (used by {use}) is missing", name)
            return None
        return Extra(found_at, headers[found_at])

    refund = extra(mapping.refunds.column, "refunds") if mapping.refunds else None
    count = extra(mapping.expand.count, "expand") if mapping.expand else None

    for index, header in enumerate(headers):
        if index in used or not header:
            continue
        if any(fnmatch.fnmatchcase(folded[index], p.casefold()) for p in mapping.ignore):
            continue
        if folded[index] == FX_COLUMN:
            problem(
                "unknown-column",
                f"column {header!r} is computed by kpibridge; leave it out (amounts must be "
                "in the row's own currency)",
                header,
            )
            continue
        hint = did_you_mean(header, [*canonical, *mapping.columns])
        where = f" in {mapping_file}" if mapping_file else " in a source mapping"
        problem(
            "unknown-column",
            f"unknown column {header!r}{hint}; {spec.name} has {', '.join(canonical)} "
            f"(map or ignore it{where})",
            header,
        )

    fields: dict[str, Field] = {}
    for column in spec.columns:
        found = [i for _, i in sorted(sources.get(column.name, []))]
        constant = mapping.constants.get(column.name)
        if column.name == "currency" and constant is None:
            constant = currency_in_header or mapping.currency
        generated = mapping.expand is not None and mapping.expand.id == column.name
        label = " / ".join(headers[i] for i in found) or column.name
        if found or constant is not None or generated:
            fields[column.name] = Field(column, tuple(found), label, constant, generated)
        elif column.required:
            expected = [s for s, t in mapping.columns.items() if t == column.name]
            wanted = f" (expected {' or '.join(map(repr, expected))})" if expected else ""
            spare = [h for i, h in enumerate(headers) if i not in used]
            problem(
                "missing-column",
                f"required column {column.name!r} is missing{wanted}"
                f"{did_you_mean(column.name, spare)}",
                column.name,
            )
    declared = currency_in_header or mapping.currency
    if "currency" not in canonical and declared not in (None, reporting):
        problem(
            "currency",
            f"{spec.name} has no currency column: its money must be in the reporting currency",
            None,
        )
    plan = Plan(spec, mapping, fields, tuple(filters), refund, count)
    return plan, problems
