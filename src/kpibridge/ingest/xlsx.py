"""Read one sheet of an XLSX workbook into an Arrow table (columns c0…cN, typed per column)."""

from __future__ import annotations

import datetime as dt
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from kpibridge.errors import Problem
from kpibridge.ingest.lines import ListedLines
from kpibridge.ingest.mapping import FormatOptions
from kpibridge.ingest.problems import FileRejectedError
from kpibridge.ingest.progress import Progress
from kpibridge.yaml_source import did_you_mean

_HEAD_ROWS = 60
_REPORT_EVERY = 20_000


@dataclass
class StagedSheet:
    arrow: pa.Table
    headers: list[str]
    header_line: int
    line_map: ListedLines


def read_xlsx(
    path: Path,
    fmt: FormatOptions,
    known: Callable[[str], bool],
    display: str,
    progress: Progress,
) -> StagedSheet:
    """The sheet's rows below its header row; fully empty rows are left out."""
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise FileRejectedError(
            f"{display} cannot be loaded",
            [Problem(display, "read", f"not a readable XLSX workbook: {exc}")],
            1,
        ) from None
    try:
        if fmt.sheet is not None and fmt.sheet not in book.sheetnames:
            hint = did_you_mean(fmt.sheet, book.sheetnames)
            raise FileRejectedError(
                f"{display} cannot be loaded",
                [
                    Problem(
                        display,
                        "sheet",
                        f"no sheet {fmt.sheet!r}{hint}; sheets: {', '.join(book.sheetnames)}",
                    )
                ],
                1,
            )
        sheet = book[fmt.sheet] if fmt.sheet is not None else book.worksheets[0]
        total = sheet.max_row or 1
        rows = sheet.iter_rows(values_only=True)
        head: list[tuple[Any, ...]] = []
        for row in rows:
            head.append(row)
            if len(head) >= _HEAD_ROWS:
                break
        header_index = _header_row(head, fmt, known)
        if header_index is None:
            raise FileRejectedError(
                f"{display} cannot be loaded",
                [Problem(display, "empty", "the sheet has no header row")],
                1,
            )
        headers = [_header_text(v) for v in head[header_index]]
        while headers and not headers[-1]:
            headers.pop()
        width = len(headers)
        columns: list[list[Any]] = [[] for _ in range(width)]
        numbers: list[int] = []

        def take(number: int, row: tuple[Any, ...]) -> None:
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in row):
                return
            numbers.append(number)
            for i in range(width):
                columns[i].append(row[i] if i < len(row) else None)
            if len(numbers) % _REPORT_EVERY == 0:
                progress.report(0.6 * number / total)

        for offset, row in enumerate(head[header_index + 1 :], start=header_index + 2):
            take(offset, row)
        for number, row in enumerate(rows, start=len(head) + 1):
            take(number, row)
    finally:
        book.close()
    arrays = [_array(values, fmt.decimal) for values in columns]
    arrow = pa.table(arrays, names=[f"c{i}" for i in range(width)]) if width else pa.table({})
    progress.report(0.6)
    return StagedSheet(arrow, headers, header_index + 1, ListedLines(numbers))


def _header_row(
    head: list[tuple[Any, ...]], fmt: FormatOptions, known: Callable[[str], bool]
) -> int | None:
    if fmt.skip_rows is not None:
        return fmt.skip_rows if fmt.skip_rows < len(head) else None
    best: tuple[int, int] | None = None
    choice = None
    for index, row in enumerate(head):
        names = [_header_text(v) for v in row]
        filled = sum(1 for n in names if n)
        if not filled:
            continue
        score = (sum(1 for n in names if n and known(n)), -index)
        if choice is None or (score[0] > 0 and best is not None and score > best):
            best, choice = score, index
    return choice


def _header_text(value: Any) -> str:
    if value is None:
        return ""
    return unicodedata.normalize("NFC", str(value).strip())


def _array(values: list[Any], decimal: str) -> pa.Array:
    """Typed when every value has one type (numbers, instants, days), else text."""
    present = [v for v in values if v is not None and not (isinstance(v, str) and not v.strip())]
    cleaned = [None if v is None or (isinstance(v, str) and not v.strip()) else v for v in values]
    if present and not any(isinstance(v, bool) for v in present):
        if all(isinstance(v, int) for v in present):
            return pa.array(cleaned, pa.int64())
        if all(isinstance(v, int | float) for v in present):
            return pa.array([None if v is None else float(v) for v in cleaned], pa.float64())
        if all(isinstance(v, dt.datetime) for v in present):
            return pa.array(cleaned, pa.timestamp("us"))
        if all(isinstance(v, dt.date) and not isinstance(v, dt.datetime) for v in present):
            return pa.array(cleaned, pa.date32())
    return pa.array([None if v is None else _text(v, decimal) for v in cleaned], pa.string())


def _text(value: Any, decimal: str) -> str:
    """A cell as text, written the way the mapping says numbers are written."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        text = str(int(value)) if value.is_integer() else repr(value)
        return text.replace(".", decimal) if decimal != "." else text
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)
