"""One error tree for the whole product; every user-facing failure is one of these."""

from __future__ import annotations

from dataclasses import dataclass


class KpiBridgeError(Exception):
    """Base of every error kpibridge raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One problem found in a file: where it is, what was there and which rule it breaks."""

    file: str
    rule: str
    message: str
    line: int | None = None
    column: str | None = None
    value: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
        parts = [where]
        if self.column:
            parts.append(f"column {self.column!r}")
        if self.value is not None:
            parts.append(f"value {self.value!r}")
        return f"{', '.join(parts)}: {self.message} [{self.rule}]"


class ProblemsError(KpiBridgeError):
    """An error that carries every problem found, not only the first."""

    shown = 50

    def __init__(self, summary: str, problems: list[Problem]) -> None:
        self.summary = summary
        self.problems = list(problems)
        super().__init__(self.render())

    def render(self) -> str:
        lines = [self.summary]
        lines += [f"  {p}" for p in self.problems[: self.shown]]
        rest = len(self.problems) - self.shown
        if rest > 0:
            lines.append(f"  … and {rest} more problem(s)")
        return "\n".join(lines)


class SpecError(ProblemsError):
    """Workspace or catalog YAML that does not describe a valid KPI, source or setting."""


class IngestError(ProblemsError):
    """A source file that cannot be loaded; the warehouse was left unchanged."""


class QueryError(KpiBridgeError):
    """A query that cannot be answered as asked (unknown KPI, dimension, grain …)."""


class AuthError(KpiBridgeError):
    """A caller who may not see or do what was asked: 401 not signed in, 403 not allowed."""

    def __init__(self, message: str = "not allowed", status: int = 403) -> None:
        super().__init__(message)
        self.status = status


class WorkspaceError(KpiBridgeError):
    """A workspace that is missing or unusable."""
