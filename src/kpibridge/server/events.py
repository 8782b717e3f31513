"""Event batches: JSON rows of a canonical table, loaded exactly like a file.

A batch is written to a temporary Parquet file of text columns (as a CSV file would be read)
and handed to the workspace's real Loader, so every validation rule, the natural-key
replacement, the idempotency check and the load log apply unchanged. Row numbers in
problems are 1-based indexes into `rows`.
"""

from __future__ import annotations

import json
import math
import tempfile
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from fastapi import Request
from starlette.exceptions import HTTPException

from kpibridge.errors import IngestError, KpiBridgeError, Problem
from kpibridge.ingest import LoadResult
from kpibridge.workspace import Workspace

BATCH = "rows"  # what problems name as their "file"
MAX_COLUMNS = 200  # far more than any canonical table has; bounds the staged table


class EventTable(StrEnum):
    """The tables events may be posted to."""

    SESSIONS = "sessions"
    LEADS = "leads"
    ORDERS = "orders"
    CUSTOMERS = "customers"
    SPEND = "spend"


class BatchError(KpiBridgeError):
    """A body that is not a batch at all (not JSON, no `rows` list)."""


async def read_rows(request: Request, max_bytes: int, max_rows: int) -> list[Any]:
    """The `rows` of the JSON body; 413 beyond `max_bytes` or `max_rows`, 400 if malformed."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise _too_large(f"the body is larger than {max_bytes} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > max_bytes:
            raise _too_large(f"the body is larger than {max_bytes} bytes")
    try:
        data = json.loads(body, parse_constant=_no_constant)
    except ValueError as exc:
        raise BatchError(f"the body is not valid JSON: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("rows"), list):
        raise BatchError('the body must be a JSON object {"rows": [{column: value, …}, …]}')
    extra = sorted(set(data) - {"rows"})
    if extra:
        raise BatchError(f"unknown key(s) in the body: {', '.join(extra)}; only rows is read")
    rows: list[Any] = data["rows"]
    if len(rows) > max_rows:
        raise _too_large(f"{len(rows)} rows; at most {max_rows} per batch")
    return rows


def load_batch(workspace: Workspace, table: str, rows: list[Any]) -> LoadResult:
    """Validate and load `rows` into `table` atomically; IngestError (nothing changed) if not."""
    columns = _columns(rows)
    with tempfile.TemporaryDirectory(prefix="kpibridge-events-") as folder:
        path = Path(folder) / f"events-{table}.parquet"
        pq.write_table(_arrow(rows, columns), path)
        warehouse = workspace.warehouse
        try:
            with warehouse.lock:
                return workspace.loader.load(path, table=table)
        except IngestError as exc:
            raise _as_batch_error(exc, path, table) from None


# -- turning JSON rows into a file --------------------------------------------------------


def _columns(rows: list[Any]) -> list[str]:
    """Column names in first-seen order; IngestError for anything that is not a flat row."""
    problems: list[Problem] = []
    names: dict[str, None] = {}
    if not rows:
        problems.append(Problem(BATCH, "empty", "the batch has no rows"))
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            message = "a row must be an object of column: value"
            problems.append(Problem(BATCH, "type", message, number, None, _shown(row)))
            continue
        for name, value in row.items():
            names.setdefault(name, None)
            if not _scalar(value):
                message = "must be a string, a number or null"
                problems.append(Problem(BATCH, "type", message, number, name, _shown(value)))
    if len(names) > MAX_COLUMNS:
        message = f"{len(names)} different column names; a table has far fewer"
        problems.append(Problem(BATCH, "columns", message))
    if problems:
        raise _rejected(problems)
    return list(names)


def _arrow(rows: list[dict[str, Any]], columns: list[str]) -> pa.Table:
    """Every value as text (as a CSV file would give it); a missing key is null."""
    data = {name: [_text(row.get(name)) for row in rows] for name in columns}
    return pa.table({name: pa.array(values, type=pa.string()) for name, values in data.items()})


def _scalar(value: object) -> bool:
    if isinstance(value, bool):
        return False
    return value is None or isinstance(value, str | int) or _finite(value)


def _finite(value: object) -> bool:
    return isinstance(value, float) and math.isfinite(value)


def _text(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def _shown(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:79] + "…"


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not a JSON number")


# -- errors ------------------------------------------------------------------------------


def _rejected(problems: list[Problem], table: str | None = None, total: int = 0) -> IngestError:
    into = f" into {table}" if table else ""
    count = max(total, len(problems))
    return IngestError(
        f"the batch was not loaded{into} ({count} problem(s); nothing changed)", problems
    )


def _as_batch_error(exc: IngestError, path: Path, table: str) -> Exception:
    """The loader's error about the temporary file, told about the batch instead."""
    problems = [_about_batch(p, path) for p in exc.problems]
    if any(p.rule == "load-failed" for p in problems):
        return RuntimeError(f"loading a batch into {table} failed: {problems[0].message}")
    return _rejected(problems, table, getattr(exc, "total", 0))


def _about_batch(problem: Problem, path: Path) -> Problem:
    file = BATCH if problem.file in (str(path), str(path.resolve())) else problem.file
    line = problem.line or None  # 0: the header, i.e. the batch's column names
    message = problem.message.replace(str(path), "the batch")
    return replace(problem, file=file, line=line, message=message)


def _too_large(message: str) -> HTTPException:
    return HTTPException(413, f"batch too large: {message}")
