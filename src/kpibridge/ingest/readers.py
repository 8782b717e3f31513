"""Read a CSV, Parquet or XLSX file into a temporary DuckDB table, in file order.

The staged table has one column per file column, named c0…cN (the header names as written
are kept separately, so odd, duplicate or case-clashing names cannot collide). CSV columns
stay text; Parquet and XLSX columns keep their types.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import os
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from kpibridge.errors import Problem
from kpibridge.ingest.lines import CsvLines, LineMap, OffsetLines, line_at_offset
from kpibridge.ingest.mapping import FormatOptions
from kpibridge.ingest.naming import file_kind
from kpibridge.ingest.problems import KEEP, FileRejectedError, ProblemSet
from kpibridge.ingest.progress import Progress
from kpibridge.ingest.xlsx import read_xlsx

DELIMITERS = (",", ";", "\t", "|")
_HEAD_BYTES = 256 * 1024
_HEAD_LINES = 60
_MAX_REJECTED = 100_000

_REJECT_MESSAGES = {
    "MISSING COLUMNS": "has fewer fields than the header",
    "TOO MANY COLUMNS": "has more fields than the header",
    "INVALID ENCODING": "is not valid text in the file's encoding (set format.encoding, "
    "e.g. cp1252)",
    "UNQUOTED VALUE": "has a quote inside an unquoted field",
    "LINE SIZE OVER MAXIMUM": "is too long",
}


@dataclass
class RawFile:
    """A file staged in DuckDB: columns c0…cN in file order, plus what is needed for messages."""

    table: str
    headers: list[str]
    types: list[str]
    rows: int
    header_line: int  # line (CSV) or sheet row (XLSX) of the header; 0 for Parquet
    line_map: LineMap
    problems: ProblemSet = field(default_factory=ProblemSet)
    malformed: int = 0  # lines that could not be read as rows (reported as problems)
    temp_files: list[Path] = field(default_factory=list)


def column_name(index: int) -> str:
    return f"c{index}"


def read_file(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    kind: str,
    fmt: FormatOptions,
    known: Callable[[str], bool],
    table: str,
    progress: Progress,
    display: str,
) -> RawFile:
    """Stage `path` into temporary table `table`; `known(name)` tells header names apart."""
    if kind == "parquet":
        return _read_parquet(con, path, table, progress, display)
    if kind == "xlsx":
        staged = read_xlsx(path, fmt, known, display, progress)
        con.register(f"{table}_arrow", staged.arrow)
        try:
            con.execute(f'CREATE TEMP TABLE "{table}" AS SELECT * FROM "{table}_arrow"')
        finally:
            con.unregister(f"{table}_arrow")
        return RawFile(
            table,
            staged.headers,
            [str(t) for t in _types(con, table)],
            staged.arrow.num_rows,
            staged.header_line,
            staged.line_map,
        )
    return _read_csv(con, path, fmt, known, table, progress, display)


def _types(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [row[1] for row in con.execute(f'DESCRIBE "{table}"').fetchall()]


# -- CSV -----------------------------------------------------------------------------------


def _read_csv(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    fmt: FormatOptions,
    known: Callable[[str], bool],
    table: str,
    progress: Progress,
    display: str,
) -> RawFile:
    temp_files: list[Path] = []
    if codecs.lookup(fmt.encoding).name != "utf-8":
        path = _transcode(path, fmt.encoding)
        temp_files.append(path)
    head = _head_lines(path)
    if not any(line.strip() for line in head):
        raise FileRejectedError(
            f"{display} cannot be loaded", [Problem(display, "empty", "the file is empty")], 1
        )
    skip, delimiter = choose_header(head, fmt, known)
    if skip >= len(head):
        raise FileRejectedError(
            f"{display} cannot be loaded",
            [Problem(display, "header", f"no header line after skipping {skip} line(s)")],
            1,
        )
    headers = _split(head[skip], delimiter)
    columns = ", ".join(f"'{column_name(i)}': 'VARCHAR'" for i in range(len(headers)))
    rejects = f"{table}_rejects"
    progress.run(
        f"""
        CREATE TEMP TABLE "{table}" AS SELECT * FROM read_csv(
            ?, header = true, skip = {skip}, delim = ?, quote = '"', escape = '"',
            columns = {{{columns}}}, auto_detect = false, encoding = 'utf-8',
            store_rejects = true, rejects_table = '{rejects}', rejects_scan = '{rejects}_scan'
        )
        """,
        [str(path), delimiter],
        span=(0.0, 0.6),
    )
    rows = con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # type: ignore[index]
    problems, bad_lines = _rejected_lines(con, rejects, path, display)
    header_line = skip + 1
    line_map = CsvLines(path, header_line, rows, delimiter, frozenset(bad_lines))
    raw = RawFile(table, headers, ["VARCHAR"] * len(headers), rows, header_line, line_map)
    raw.problems = problems
    raw.malformed = len(bad_lines)
    raw.temp_files = temp_files
    return raw


def choose_header(
    head: list[str], fmt: FormatOptions, known: Callable[[str], bool]
) -> tuple[int, str]:
    """(lines to skip, delimiter): the line with the most known column names is the header."""
    delimiters = (fmt.delimiter,) if fmt.delimiter else DELIMITERS
    lines = [fmt.skip_rows] if fmt.skip_rows is not None else range(min(len(head), _HEAD_LINES))
    best: tuple[int, int, int] | None = None  # (known names, fields, -line)
    choice = (fmt.skip_rows or 0, delimiters[0])
    for index in lines:
        if index >= len(head):
            continue
        for delimiter in delimiters:
            fields = _split(head[index], delimiter)
            score = (sum(1 for f in fields if known(f)), len(fields), -index)
            if fmt.skip_rows is None and score[0] == 0 and index > 0:
                continue  # only the first line may be a header without known names
            if best is None or score > best:
                best, choice = score, (index, delimiter)
    return choice


def _split(line: str, delimiter: str) -> list[str]:
    row = next(csv.reader([line], delimiter=delimiter, quotechar='"'), [])
    return [unicodedata.normalize("NFC", cell.strip().lstrip("\ufeff")) for cell in row]


def _head_lines(path: Path) -> list[str]:
    opener = gzip.open if path.suffix.lower() == ".gz" else open
    with opener(path, "rb") as handle:
        data = handle.read(_HEAD_BYTES)
    text = data.decode("utf-8", errors="replace").lstrip("\ufeff")
    lines = text.splitlines()
    if len(data) == _HEAD_BYTES and lines:
        lines = lines[:-1]  # the last line may be cut
    return lines[:_HEAD_LINES]


def _transcode(path: Path, encoding: str) -> Path:
    """A UTF-8 copy of a file in another encoding (DuckDB reads UTF-8)."""
    handle, name = tempfile.mkstemp(prefix="kpibridge-", suffix=".csv")
    os.close(handle)
    target = Path(name)
    opener = gzip.open if path.suffix.lower() == ".gz" else open
    with (
        opener(path, "rt", encoding=encoding, errors="replace", newline="") as source,
        target.open("w", encoding="utf-8", newline="") as out,
    ):
        while chunk := source.read(1 << 20):
            out.write(chunk)
    return target


def _rejected_lines(
    con: duckdb.DuckDBPyConnection, rejects: str, path: Path, display: str
) -> tuple[ProblemSet, list[int]]:
    """Lines DuckDB could not read as rows, as problems, and their line numbers.

    Only the first `_MAX_REJECTED` lines are located (a file that bad has a wrong layout).
    """
    problems = ProblemSet()
    first = f"""
        SELECT line_byte_position, any_value(error_type::VARCHAR), any_value(csv_line)
        FROM "{rejects}" GROUP BY line_byte_position ORDER BY line_byte_position
        LIMIT {_MAX_REJECTED}
    """
    found = con.execute(first).fetchall()
    counted = con.execute(f'SELECT count(DISTINCT line_byte_position) FROM "{rejects}"').fetchone()
    con.execute(f'DROP TABLE IF EXISTS "{rejects}"; DROP TABLE IF EXISTS "{rejects}_scan"')
    if not found:
        return problems, []
    lines = line_at_offset(path, [int(r[0]) for r in found])
    shown = []
    for position, error, text in found[:KEEP]:
        message = f"line {_REJECT_MESSAGES.get(error, 'cannot be read')}"
        value = text.strip("\r\n")[:80] if error != "INVALID ENCODING" else None
        shown.append(Problem(display, "malformed-line", message, lines[int(position)], None, value))
    problems.add_many(shown, int(counted[0]) if counted else len(found))
    return problems, sorted(set(lines.values()))


# -- Parquet -------------------------------------------------------------------------------


def _read_parquet(
    con: duckdb.DuckDBPyConnection, path: Path, table: str, progress: Progress, display: str
) -> RawFile:
    try:
        described = con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(path)]).fetchall()
    except duckdb.Error as exc:
        raise FileRejectedError(
            f"{display} cannot be loaded",
            [Problem(display, "read", f"not a readable Parquet file: {_first_line(exc)}")],
            1,
        ) from None
    headers = [unicodedata.normalize("NFC", row[0].strip()) for row in described]
    select = ", ".join(f'"{_ident(row[0])}" AS {column_name(i)}' for i, row in enumerate(described))
    progress.run(
        f'CREATE TEMP TABLE "{table}" AS SELECT {select} FROM read_parquet(?)',
        [str(path)],
        span=(0.0, 0.6),
    )
    rows = con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # type: ignore[index]
    return RawFile(table, headers, [row[1] for row in described], rows, 0, OffsetLines(1))


def _ident(name: str) -> str:
    return name.replace('"', '""')


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


# -- size estimates (to decide whether a progress bar is worth showing) ---------------------


def estimated_rows(path: Path) -> int | None:
    """Rough number of data rows in a file, cheaply; None when it cannot be told."""
    kind = file_kind(path)
    try:
        if kind == "parquet":
            import pyarrow.parquet as pq

            return int(pq.ParquetFile(path).metadata.num_rows)
        if kind == "csv" and path.suffix.lower() != ".gz":
            with path.open("rb") as handle:
                sample = handle.read(64 * 1024)
            lines = max(sample.count(b"\n"), 1)
            return int(path.stat().st_size / (len(sample) / lines))
        if kind == "xlsx":
            from openpyxl import load_workbook

            book = load_workbook(path, read_only=True)
            try:
                return int(book.worksheets[0].max_row or 0)
            finally:
                book.close()
    except Exception:  # an estimate only
        return None
    return None
