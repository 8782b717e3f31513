"""The staging tables of one load: typed rows in file order, then refunds and expansions."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from kpibridge.ingest.columns import Plan
from kpibridge.ingest.parse import Parser, Staged, ident, lit, source_col, text_col
from kpibridge.ingest.progress import Progress
from kpibridge.ingest.readers import RawFile, column_name
from kpibridge.model.tables import ColumnType

ROW = "_row"  # the file row a staged row came from (0-based, file order)
REFUND, COUNT = "_refund", "_count"


@dataclass(frozen=True)
class Stage:
    """A staged, typed table: `_row`, one column per canonical column with a value, text copies."""

    table: str
    plan: Plan
    columns: dict[str, Staged]
    rows: int
    refund: bool = False
    count: bool = False


def build_stage(
    con: duckdb.DuckDBPyConnection, raw: RawFile, plan: Plan, table: str, progress: Progress
) -> Stage:
    """Parse every kept row of the staged file into `table` (one pass)."""
    parser = Parser(plan, raw.types)
    staged = {name: parser.staged(field) for name, field in plan.fields.items()}
    select = [ROW]
    for name, item in staged.items():
        select.append(f"{item.value} AS {ident(name)}")
        if item.text is not None:
            select.append(f"{item.text} AS {ident(text_col(name))}")
        if item.source is not None:
            select.append(f"{item.source} AS {ident(source_col(name))}")
    if plan.refund is not None:
        value, text = parser.extra(plan.refund.index, ColumnType.MONEY)
        select += [f"{value} AS {REFUND}", f"{text} AS {text_col(REFUND)}"]
    if plan.count is not None:
        value, text = parser.extra(plan.count.index, ColumnType.INTEGER)
        select += [f"{value} AS {COUNT}", f"{text} AS {text_col(COUNT)}"]
    where = [f"NOT ({' AND '.join(f'{column_name(i)} IS NULL' for i in range(len(raw.headers)))})"]
    for row_filter in plan.filters:
        text = parser.text_of(row_filter.index)
        tests = [
            f"{text} IS NULL" if p == "" else f"lower({text}) GLOB {lit(p.lower())}"
            for p in row_filter.patterns
        ]
        match = f"coalesce({' OR '.join(tests)}, false)"
        where.append(match if row_filter.keep else f"NOT {match}")
    if not raw.headers:
        where = ["false"]
    inner = (
        f"SELECT {', '.join(select)} "
        f'FROM (SELECT rowid AS {ROW}, * FROM "{raw.table}") WHERE {" AND ".join(where)}'
    )
    replace = _only_when(plan, staged)
    outer = f"SELECT * REPLACE ({', '.join(replace)}) FROM ({inner})" if replace else inner
    progress.run(f'CREATE TEMP TABLE "{table}" AS {outer}', span=(0.6, 0.8))
    rows = con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # type: ignore[index]
    return Stage(table, plan, staged, rows, plan.refund is not None, plan.count is not None)


def _only_when(plan: Plan, staged: dict[str, Staged]) -> list[str]:
    replace = []
    for name, conditions in plan.mapping.only_when.items():
        if name not in staged:
            continue
        tests = []
        for other, values in conditions.items():
            if other not in staged:
                tests.append("false")
                continue
            allowed = ", ".join(lit(v.lower()) for v in values)
            tests.append(f"coalesce(lower(CAST({ident(other)} AS VARCHAR)) IN ({allowed}), false)")
        condition = " AND ".join(tests) or "true"
        replace.append(f"CASE WHEN {condition} THEN {ident(name)} END AS {ident(name)}")
        if staged[name].text is not None:
            text = ident(text_col(name))
            replace.append(f"CASE WHEN {condition} THEN {text} END AS {text}")
    return replace


def extend_stage(con: duckdb.DuckDBPyConnection, stage: Stage, table: str, source_name: str) -> str:
    """The table whose rows are loaded: the stage, plus refund rows or expanded rows."""
    plan = stage.plan
    if stage.refund and plan.mapping.refunds is not None:
        key = plan.spec.key[0]
        suffix = lit(plan.mapping.refunds.id_suffix)
        replace = [f"{ident(key)} || {suffix} AS {ident(key)}", f"-{REFUND} AS amount"]
        if "cost" in stage.columns:
            replace.append("NULL AS cost")
        con.execute(
            f'CREATE TEMP TABLE "{table}" AS SELECT * FROM "{stage.table}" UNION ALL '
            f'SELECT * REPLACE ({", ".join(replace)}) FROM "{stage.table}" '
            f"WHERE {REFUND} > 0 AND {ident(key)} IS NOT NULL"
        )
        return table
    if stage.count and plan.mapping.expand is not None:
        target = plan.mapping.expand.id
        parts = []
        for name, item in stage.columns.items():
            if name == target:
                continue
            column = ident(name)
            if item.field.column.type == ColumnType.TIMESTAMP:
                column = f"epoch_us({column})"
            parts.append(f"coalesce(CAST({column} AS VARCHAR), '')")
        joined = ", ".join(parts) or "''"
        digest = f"substr(md5(concat_ws('|', {joined})), 1, 16)"
        generated = f"{lit(source_name + ':')} || {digest} || ':' || CAST(_i + 1 AS VARCHAR)"
        con.execute(
            f'CREATE TEMP TABLE "{table}" AS SELECT * EXCLUDE (_i) REPLACE '
            f"({generated} AS {ident(target)}) FROM (SELECT *, unnest(range(coalesce({COUNT}, 0))) "
            f'AS _i FROM "{stage.table}")'
        )
        return table
    return stage.table
