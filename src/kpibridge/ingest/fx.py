"""Money in other currencies: the as-of fx rate of each row, and the conversion to store.

A row's rate is the latest `fx_rates` rate of its currency on or before the row's day (in the
workspace time zone) and at most `fx_max_age_days` older. Amounts are stored in the reporting
currency, rounded half away from zero to the cent; `currency` keeps the row's own code and
`fx_rate` the rate used (1 for the reporting currency).
"""

from __future__ import annotations

import duckdb

from kpibridge.errors import Problem
from kpibridge.ingest.lines import LineMap
from kpibridge.ingest.parse import ident, lit
from kpibridge.ingest.problems import KEEP, ProblemSet
from kpibridge.ingest.stage import ROW, Stage
from kpibridge.ingest.validate import local_day
from kpibridge.model.tables import FX_COLUMN, ColumnType
from kpibridge.warehouse.schema import stored_columns

#: The day whose rate converts a row: the first of these columns that has a value.
RATE_DAY = {
    "spend": ("date",),
    "deals": ("closed_at", "created_at"),
    "orders": ("ordered_at",),
    "market": ("period_start",),
}
RATE_TYPE = "DECIMAL(18,8)"


def with_rates(
    con: duckdb.DuckDBPyConnection,
    stage: Stage,
    source: str,
    table: str,
    reporting: str,
    timezone: str,
    max_age_days: int,
) -> str | None:
    """Create `table`: the rows of `source` with `_cur`, `_fx_day` and the `_rate` to use.

    Returns None (and creates nothing) for tables whose money is always in the reporting currency.
    """
    spec = stage.plan.spec
    if not spec.money_columns_follow_currency:
        return None
    currency = ident("currency") if "currency" in stage.columns else "NULL"
    days = []
    for name in RATE_DAY.get(spec.name, ()):
        if name in stage.columns:
            kind = stage.columns[name].field.column.type
            column = ident(name)
            days.append(column if kind == ColumnType.DATE else local_day(column, timezone))
    day = f"coalesce({', '.join(days)})" if days else "CAST(NULL AS DATE)"
    rep = lit(reporting)
    con.execute(
        f"""
        CREATE TEMP TABLE "{table}" AS
        SELECT s.*, CASE
                WHEN s._cur = {rep} THEN CAST(1 AS {RATE_TYPE})
                WHEN f.date >= s._fx_day - INTERVAL {int(max_age_days)} DAY
                    THEN CAST(f.rate AS {RATE_TYPE})
            END AS _rate
        FROM (SELECT *, coalesce({currency}, {rep}) AS _cur, {day} AS _fx_day FROM "{source}") s
        ASOF LEFT JOIN (SELECT date, currency, rate FROM fx_rates) f
            ON s._cur = f.currency AND s._fx_day >= f.date
        """
    )
    return table


def missing_rates(
    con: duckdb.DuckDBPyConnection,
    stage: Stage,
    table: str,
    reporting: str,
    max_age_days: int,
    display: str,
    line_map: LineMap,
    problems: ProblemSet,
) -> str | None:
    """Rows in another currency with no usable rate; returns a query of their `_row`s."""
    money = [
        ident(name)
        for name, item in stage.columns.items()
        if item.field.column.type == ColumnType.MONEY
    ]
    if not money:
        return None
    has_money = " OR ".join(f"{m} IS NOT NULL" for m in money)
    condition = (
        f"_rate IS NULL AND _fx_day IS NOT NULL AND regexp_full_match(_cur, '[A-Z]{{3}}') "
        f"AND ({has_money})"
    )
    total = con.execute(f'SELECT count(*) FROM "{table}" WHERE {condition}').fetchone()
    assert total is not None
    if not total[0]:
        return None
    rows = con.execute(
        f'SELECT {ROW}, _cur, CAST(_fx_day AS VARCHAR) FROM "{table}" WHERE {condition} '
        f"ORDER BY {ROW} LIMIT {KEEP}"
    ).fetchall()
    lines = line_map.lines(r[0] for r in rows)
    label = stage.columns["currency"].field.label if "currency" in stage.columns else "currency"
    kept = [
        Problem(
            display,
            "fx-rate",
            f"no {cur}→{reporting} rate in fx_rates on {day} or up to {max_age_days} day(s) before",
            lines.get(row),
            label,
            cur,
        )
        for row, cur, day in rows
    ]
    problems.add_many(kept, int(total[0]))
    return f'SELECT {ROW} FROM "{table}" WHERE {condition}'


def stored_select(stage: Stage, converted: bool) -> str:
    """SELECT list producing the stored columns of the table, in order."""
    exprs = []
    for name, sql_type in stored_columns(stage.plan.spec):
        if name == FX_COLUMN:
            exprs.append(f"_rate AS {ident(name)}" if converted else f"NULL AS {ident(name)}")
            continue
        if name == "currency" and converted:
            exprs.append(f"_cur AS {ident(name)}")
            continue
        if name not in stage.columns:
            exprs.append(f"CAST(NULL AS {sql_type}) AS {ident(name)}")
            continue
        column = ident(name)
        if stage.columns[name].field.column.type == ColumnType.MONEY:
            amount = f"{column} * _rate" if converted else column
            exprs.append(f"CAST(round({amount}, 2) AS {sql_type}) AS {column}")
        else:
            exprs.append(f"CAST({column} AS {sql_type}) AS {column}")
    return ", ".join(exprs)
