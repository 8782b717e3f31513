"""Query options as people type them (CLI flags, URL parameters) turned into engine arguments.

The CLI (`kpibridge query`) and the REST API (`GET /api/v1/kpis/{id}`) both parse through
here, so the same text means the same query everywhere. Names (KPI, dimension, grain) are
checked by the engine against its allow-lists; values are always bound, never spliced.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from kpibridge.engine.grain import Compare, Grain
from kpibridge.errors import QueryError


def query_options(
    grain: str | Grain = Grain.MONTH,
    by: Sequence[str] | None = None,
    where: Sequence[str] | None = None,
    start: str | None = None,
    end: str | None = None,
    compare: str | Compare | None = None,
    *,
    names: tuple[str, str, str] = ("--where", "--from", "--to"),
) -> dict[str, Any]:
    """Keyword arguments for `Engine.query` from option text.

    `names` are how the where, from and to options are called where they were typed, so
    error messages speak the caller's language (`--from` on the CLI, `from` in a URL).
    """
    where_name, from_name, to_name = names
    return {
        "grain": Grain.parse(grain),
        "by": list(by or []),
        "where": parse_where(where or [], where_name),
        "start": parse_day(start, from_name),
        "end": parse_day(end, to_name),
        "compare": Compare.parse(compare) if compare else None,
    }


def parse_where(items: Sequence[str], option: str = "--where") -> dict[str, list[str]]:
    """`["channel=email", "channel=search"]` → `{"channel": ["email", "search"]}`."""
    found: dict[str, list[str]] = {}
    for item in items:
        dim, sep, value = item.partition("=")
        if not sep or not dim.strip():
            example = "--where channel=email" if option.startswith("-") else "where=channel=email"
            raise QueryError(f"{option} {item!r}: expected DIM=VALUE, e.g. {example}")
        found.setdefault(dim.strip(), []).append(value)
    return found


def parse_day(text: str | None, option: str) -> date | None:
    """A YYYY-MM-DD day, or None when not given."""
    if text is None:
        return None
    try:
        return datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        raise QueryError(f"{option} {text!r}: expected a date as YYYY-MM-DD") from None
