"""Line numbers for problems: which line of the source file a staged row came from.

Rows are staged in file order, so row i of a CSV file is normally on line header + 1 + i. Blank
lines, malformed lines and quoted fields spanning several lines break that arithmetic; then the
file is scanned once (only when a file is rejected, and only up to the last row needed).
"""

from __future__ import annotations

import csv
import gzip
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Protocol

_CHUNK = 1 << 20


class LineMap(Protocol):
    """Maps staged row numbers (0-based, file order) to source line or row numbers."""

    def lines(self, rows: Iterable[int]) -> dict[int, int]: ...


class OffsetLines:
    """Row i is on line i + first (Parquet: row 1 is the first row)."""

    def __init__(self, first: int) -> None:
        self.first = first

    def lines(self, rows: Iterable[int]) -> dict[int, int]:
        return {r: r + self.first for r in rows}


class ListedLines:
    """Each row's line is known (XLSX: the sheet row number)."""

    def __init__(self, numbers: list[int]) -> None:
        self.numbers = numbers

    def lines(self, rows: Iterable[int]) -> dict[int, int]:
        return {r: self.numbers[r] for r in rows}


class CsvLines:
    """Physical line numbers of the rows of a CSV file (header line is `header_line`)."""

    def __init__(
        self,
        path: Path,
        header_line: int,
        rows: int,
        delimiter: str,
        skipped_lines: frozenset[int] = frozenset(),
    ) -> None:
        self.path = path
        self.header_line = header_line
        self.rows = rows
        self.delimiter = delimiter
        self.skipped_lines = skipped_lines  # lines DuckDB rejected (not staged)
        self._simple: bool | None = None

    def lines(self, rows: Iterable[int]) -> dict[int, int]:
        wanted = sorted(set(rows))
        if not wanted:
            return {}
        if self._simple is None:
            self._simple = not self.skipped_lines and (
                count_lines(self.path) == self.header_line + self.rows
            )
        if self._simple:
            return {r: self.header_line + 1 + r for r in wanted}
        return self._scan(wanted)

    def _scan(self, wanted: list[int]) -> dict[int, int]:
        found: dict[int, int] = {}
        targets = iter(wanted)
        target = next(targets)
        with _open_text(self.path) as handle:
            starts = _record_lines(handle, self.header_line, self.delimiter)
            staged = (line for line in starts if line not in self.skipped_lines)
            for index, line in enumerate(staged):
                if index == target:
                    found[target] = line
                    target = next(targets, -1)
                    if target < 0:
                        break
        return found


def _record_lines(handle: IO[str], header_line: int, delimiter: str) -> Iterator[int]:
    """Start line of every non-blank record after the header."""
    for _ in range(header_line):
        handle.readline()
    reader = csv.reader(handle, delimiter=delimiter, quotechar='"', doublequote=True, strict=False)
    previous = 0
    for record in reader:
        start = header_line + previous + 1
        previous = reader.line_num
        if record:
            yield start


def count_lines(path: Path) -> int:
    """Number of lines in a (possibly gzipped) text file; a last line without newline counts."""
    opener = gzip.open if path.suffix.lower() == ".gz" else open
    count, last = 0, b"\n"
    with opener(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            count += chunk.count(b"\n")
            last = chunk[-1:]
    return count + (0 if last == b"\n" else 1)


def line_at_offset(path: Path, offsets: list[int]) -> dict[int, int]:
    """Line number (1-based) at each byte offset of a (possibly gzipped) file."""
    result: dict[int, int] = {}
    pending = sorted(set(offsets))
    if not pending:
        return result
    opener = gzip.open if path.suffix.lower() == ".gz" else open
    position, newlines, next_one = 0, 0, 0
    with opener(path, "rb") as handle:
        while next_one < len(pending) and (chunk := handle.read(_CHUNK)):
            end = position + len(chunk)
            while next_one < len(pending) and pending[next_one] <= end:
                offset = pending[next_one]
                result[offset] = newlines + chunk[: offset - position].count(b"\n") + 1
                next_one += 1
            newlines += chunk.count(b"\n")
            position = end
    for offset in pending[next_one:]:
        result[offset] = newlines + 1
    return result


def _open_text(path: Path) -> IO[str]:
    csv.field_size_limit(sys.maxsize)
    if path.suffix.lower() == ".gz":
        return gzip.open(path, "rt", encoding="utf-8-sig", errors="replace", newline="")
    return path.open(encoding="utf-8-sig", errors="replace", newline="")
