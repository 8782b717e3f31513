"""Which table a file goes to when not told, and in which order files given together load."""

from __future__ import annotations

import re
from pathlib import Path

from kpibridge.model.tables import TABLES

#: File kinds the loader reads, by suffix (a `.gz` suffix on CSV is allowed).
CSV_SUFFIXES = (".csv", ".tsv", ".txt")
PARQUET_SUFFIXES = (".parquet", ".pq")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
SUFFIXES = CSV_SUFFIXES + PARQUET_SUFFIXES + XLSX_SUFFIXES

#: Load order: rates before the money that needs them, customers before their orders.
TABLE_ORDER = (
    "fx_rates",
    "customers",
    "leads",
    "deals",
    "orders",
    "sessions",
    "spend",
    "nps_responses",
    "email_events",
    "social",
    "brand_surveys",
    "market",
    "financials",
    "hr",
    "metric_values",
)

_PART = re.compile(r"[_-](?:\d{4}|part)", re.IGNORECASE)


def file_kind(path: Path) -> str | None:
    """'csv', 'parquet' or 'xlsx' by the file's suffix; None for anything else."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes[-1:] == [".gz"]:
        suffixes = suffixes[:-1]
        return "csv" if suffixes and suffixes[-1] in CSV_SUFFIXES else None
    last = suffixes[-1] if suffixes else ""
    if last in CSV_SUFFIXES:
        return "csv"
    if last in PARQUET_SUFFIXES:
        return "parquet"
    if last in XLSX_SUFFIXES:
        return "xlsx"
    return None


def file_stem(path: Path) -> str:
    """The name without its suffixes: orders.csv.gz → orders."""
    name = path.name
    if name.lower().endswith(".gz"):
        name = name[:-3]
    return Path(name).stem


def stem_candidates(stem: str) -> list[str]:
    """Names a file stem may stand for: itself, then its prefix before `_YYYY…` or `-part…`."""
    prefixes = [stem[: m.start()] for m in _PART.finditer(stem) if m.start() > 0]
    return [stem, *reversed(prefixes)]


def table_for_stem(stem: str) -> str | None:
    """The canonical table a file stem names: an exact name wins over a `_2024-01` prefix."""
    for candidate in stem_candidates(stem):
        if candidate.lower() in TABLES:
            return candidate.lower()
    return None


def load_order(table: str) -> int:
    """Sort key of a table in a batch of files."""
    return TABLE_ORDER.index(table) if table in TABLE_ORDER else len(TABLE_ORDER)
