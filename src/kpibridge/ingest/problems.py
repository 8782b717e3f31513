"""Collecting the problems of one file (many may be found, only the first few are kept)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from kpibridge.errors import IngestError, Problem

#: Problems kept per check; enough to show the first 50 of the whole file in line order.
KEEP = IngestError.shown


@dataclass
class ProblemSet:
    """The problems of one file: the first ones of every check, and how many there are in all."""

    kept: list[Problem] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)

    def add(self, problem: Problem) -> None:
        self.kept.append(problem)
        self.counts[problem.rule] += 1

    def add_many(self, problems: list[Problem], total: int) -> None:
        """Add the first problems of one check and the total number that check found."""
        self.kept += problems[:KEEP]
        if problems:
            self.counts[problems[0].rule] += total

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def __bool__(self) -> bool:
        return self.total > 0

    def summary(self) -> str:
        """'3 problems: type ×2, minimum ×1' (no values from the data)."""
        parts = ", ".join(f"{rule} ×{n}" for rule, n in sorted(self.counts.items()))
        return f"{self.total} problem(s): {parts}"

    def error(self, summary: str) -> FileRejectedError:
        ordered = sorted(self.kept, key=lambda p: (p.line or 0, p.column or ""))
        return FileRejectedError(summary, ordered, self.total)


class FileRejectedError(IngestError):
    """An IngestError that knows the true number of problems when only the first were kept."""

    def __init__(self, summary: str, problems: list[Problem], total: int) -> None:
        self.total = max(total, len(problems))
        super().__init__(summary, problems)

    def render(self) -> str:
        lines = [self.summary]
        lines += [f"  {p}" for p in self.problems[: self.shown]]
        rest = self.total - min(len(self.problems), self.shown)
        if rest > 0:
            lines.append(f"  … and {rest} more problem(s)")
        return "\n".join(lines)
