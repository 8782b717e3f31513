"""The engine facade: query() and explain() for any KPI of the catalog."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import ibis
import ibis.expr.types as ir
import pandas as pd

from kpibridge.catalog import Catalog, Kind, KpiSpec
from kpibridge.engine.extent import fact_extent
from kpibridge.engine.facts import NO_VALUE, dim_column, period_of
from kpibridge.engine.formulas import FormulaCompiler, divide
from kpibridge.engine.grain import (
    Compare,
    Grain,
    add_periods,
    compare_shift,
    period_start,
    shift_window,
)
from kpibridge.engine.measures import aggregate, fills_with_zero, scan_key
from kpibridge.engine.plan import base_kpis, needs_previous_period
from kpibridge.engine.result import QueryResult
from kpibridge.engine.scope import Scope, value_column
from kpibridge.errors import QueryError
from kpibridge.warehouse import Warehouse
from kpibridge.warehouse.schema import CALENDAR_TABLE

SQL_CACHE_SIZE = 256

WhereArg = Mapping[str, str | Sequence[str]] | None


@dataclass(frozen=True)
class Request:
    """What a caller asks for, before it is checked and its window fixed."""

    grain: str | Grain = Grain.MONTH
    by: Sequence[str] = ()
    where: WhereArg = None
    start: date | None = None
    end: date | None = None
    compare: str | Compare | None = None


class Engine:
    """Compiles KPI specs to Ibis expressions over the warehouse and runs them."""

    def __init__(self, warehouse: Warehouse, catalog: Catalog) -> None:
        self.warehouse = warehouse
        self.catalog = catalog
        self._tables: dict[str, ir.Table] = {}
        self._sql_cache: dict[tuple[object, ...], str] = {}

    # -- public API -------------------------------------------------------------------------

    def query(
        self,
        kpi: str,
        grain: str | Grain = Grain.MONTH,
        by: Sequence[str] = (),
        where: WhereArg = None,
        start: date | None = None,
        end: date | None = None,
        compare: str | Compare | None = None,
    ) -> QueryResult:
        """Values of `kpi` per period of `grain` (and per `by` dimension value)."""
        return self.query_many([kpi], grain, by, where, start, end, compare)[kpi]

    def query_many(
        self,
        kpis: Sequence[str],
        grain: str | Grain = Grain.MONTH,
        by: Sequence[str] = (),
        where: WhereArg = None,
        start: date | None = None,
        end: date | None = None,
        compare: str | Compare | None = None,
    ) -> dict[str, QueryResult]:
        """Several KPIs computed together in one query, sharing scans of the same tables."""
        request = Request(grain, tuple(by), where, start, end, compare)
        with self.warehouse.lock:
            scope, comparison = self._resolve(kpis, request)
            sql = self._sql(tuple(kpis), scope, comparison)
            frame = self._run(sql, scope)
        results = {}
        for kpi in kpis:
            spec = self.catalog.get(kpi)
            part = frame[["period", *scope.by]].copy()
            part["value"] = frame[value_column(kpi)] if not frame.empty else []
            if comparison:
                part["compare_value"] = frame[_compare_column(kpi)]
                part["change"] = frame[_change_column(kpi)]
            results[kpi] = QueryResult(
                kpi=kpi,
                name=spec.name,
                unit=spec.unit.value,
                grain=scope.grain.value,
                by=scope.by,
                frame=part.reset_index(drop=True),
                sql=sql,
                compare=comparison.value if comparison else None,
            )
        return results

    def explain(self, kpi: str, **options: Any) -> str:
        """The SQL the engine runs for `query(kpi, **options)`."""
        with self.warehouse.lock:
            scope, comparison = self._resolve([kpi], Request(**options))
            return self._sql((kpi,), scope, comparison)

    # -- compilation ------------------------------------------------------------------------

    def _resolve(self, kpis: Sequence[str], request: Request) -> tuple[Scope, Compare | None]:
        """Check the request and fix its window (the facts' span when not given)."""
        the_grain = Grain.parse(request.grain)
        comparison = Compare.parse(request.compare) if request.compare else None
        specs = [self.catalog.get(k) for k in kpis]
        filters = _normalise_where(request.where)
        by = list(request.by)
        _check_dimensions(specs, by, filters)
        start, end = request.start, request.end
        if start and end and start > end:
            raise QueryError(f"--from {start} is after --to {end}")
        first, last = start, end
        if first is None or last is None:
            bases = [self.catalog.get(k) for k in base_kpis(self.catalog, kpis)]
            low, high = fact_extent(self._table, bases, self.warehouse.timezone)
            first, last = first or low, last or high
        empty = first is None or last is None or first > last
        scope = Scope(
            the_grain,
            tuple(dict.fromkeys(by)),
            tuple(filters.items()),
            first or date.min,
            last or date.min,
            self.warehouse.timezone,
            empty,
        )
        return scope, comparison

    def _sql(self, kpis: tuple[str, ...], scope: Scope, comparison: Compare | None) -> str:
        """The SQL for a resolved request, compiled once and remembered."""
        key = (kpis, scope, comparison)
        if key not in self._sql_cache:
            if len(self._sql_cache) >= SQL_CACHE_SIZE:
                self._sql_cache.pop(next(iter(self._sql_cache)))
            expr = self._expression(kpis, scope, comparison)
            self._sql_cache[key] = str(ibis.to_sql(expr, dialect=self.warehouse.dialect))
        return self._sql_cache[key]

    def _expression(
        self, kpis: Sequence[str], scope: Scope, comparison: Compare | None
    ) -> ir.Table:
        if scope.empty:
            return self._empty(kpis, scope, comparison)
        bases = [self.catalog.get(k) for k in base_kpis(self.catalog, kpis)]
        table = self._values(kpis, bases, scope)
        if comparison:
            table = self._with_comparison(kpis, bases, scope, comparison, table)
        order = ["period", *(dim_column(d) for d in scope.by)]
        return table.order_by(order)

    def _values(
        self,
        kpis: Sequence[str],
        bases: list[KpiSpec],
        scope: Scope,
        also_dims: ir.Table | None = None,
    ) -> ir.Table:
        """(period, dims, v__kpi …) for the periods of the scope's window."""
        fact_scope = scope
        if needs_previous_period(self.catalog, kpis):
            earlier = add_periods(period_start(scope.first, scope.grain), scope.grain, -1)
            fact_scope = scope.moved(earlier, scope.last)
        groups: dict[tuple[str, ...], list[KpiSpec]] = {}
        for spec in bases:
            groups.setdefault(scan_key(spec), []).append(spec)
        aggregates = [aggregate(self._table, specs, fact_scope) for specs in groups.values()]
        dims = [dim_column(d) for d in scope.by]
        first_period = period_start(scope.first, scope.grain)
        wide = self._spine(fact_scope, aggregates, dims, first_period, also_dims)
        for agg, specs in zip(aggregates, groups.values(), strict=True):
            joined = wide.left_join(agg, ["period", *dims])
            kept = [joined[c] for c in wide.columns]
            for spec in specs:
                column = joined[value_column(spec.id)]
                kept.append(
                    (column.fill_null(0) if fills_with_zero(spec) else column).name(
                        value_column(spec.id)
                    )
                )
            wide = joined.select(kept)
        formulas = FormulaCompiler(self.catalog, wide, dims)
        outputs = {value_column(k): formulas.kpi(k) for k in kpis}
        result = wide.select("period", *dims, **outputs)
        return result.filter(result.period >= first_period)

    def _spine(
        self,
        scope: Scope,
        aggregates: list[ir.Table],
        dims: list[str],
        first_period: date,
        also_dims: ir.Table | None,
    ) -> ir.Table:
        """Every period of the window × every dimension value seen in it (and `also_dims`)."""
        calendar = self._table(CALENDAR_TABLE)
        calendar = calendar.filter(calendar.day >= scope.first, calendar.day <= scope.last)
        periods = calendar.select(period=period_of(calendar.day, scope.grain)).distinct()
        if not dims:
            return periods
        in_window = [agg.filter(agg.period >= first_period).select(*dims) for agg in aggregates]
        if also_dims is not None:
            in_window.append(also_dims.select(*dims))
        seen = in_window[0]
        for more in in_window[1:]:
            seen = seen.union(more)
        return periods.cross_join(seen.distinct())

    def _with_comparison(
        self,
        kpis: Sequence[str],
        bases: list[KpiSpec],
        scope: Scope,
        comparison: Compare,
        current: ir.Table,
    ) -> ir.Table:
        shift_grain, count = compare_shift(scope.grain, comparison)
        earlier = scope.moved(
            *shift_window(scope.first, scope.last, scope.grain, shift_grain, count)
        )
        dims = [dim_column(d) for d in scope.by]
        current_dims = current.select(*dims).distinct() if dims else None
        before = self._values(kpis, bases, earlier, current_dims)
        months = {Grain.MONTH: 1, Grain.QUARTER: 3, Grain.YEAR: 12}
        if shift_grain in months:
            step = ibis.interval(months=-count * months[shift_grain])
        else:
            step = ibis.interval(days=-count * (7 if shift_grain is Grain.WEEK else 1))
        dims = [dim_column(d) for d in scope.by]
        renamed = before.select(
            period=(before.period + step).cast("date"),
            **{d: before[d] for d in dims},
            **{_compare_column(k): before[value_column(k)] for k in kpis},
        )
        joined = current.left_join(renamed, ["period", *dims])
        kept = [joined[c] for c in current.columns]
        for kpi in kpis:
            now, then = joined[value_column(kpi)], joined[_compare_column(kpi)]
            kept.append(then.name(_compare_column(kpi)))
            kept.append(divide(now - then, then.abs()).name(_change_column(kpi)))
        return joined.select(kept)

    def _empty(self, kpis: Sequence[str], scope: Scope, comparison: Compare | None) -> ir.Table:
        """A result with the right columns and no rows (there are no facts)."""
        calendar = self._table(CALENDAR_TABLE)
        nothing = ibis.null().cast("float64")
        columns: dict[str, ir.Value] = {dim_column(d): ibis.null().cast("string") for d in scope.by}
        for kpi in kpis:
            columns[value_column(kpi)] = nothing
            if comparison:
                columns[_compare_column(kpi)] = nothing
                columns[_change_column(kpi)] = nothing
        return calendar.filter(ibis.literal(False)).select(period=calendar.day, **columns)

    # -- execution --------------------------------------------------------------------------

    def _table(self, name: str) -> ir.Table:
        if name not in self._tables:
            self._tables[name] = self.warehouse.table(name)
        return self._tables[name]

    def _run(self, sql: str, scope: Scope) -> pd.DataFrame:
        frame = self.warehouse.fetch(sql).to_pandas()
        renames = {dim_column(d): d for d in scope.by}
        frame = frame.rename(columns=renames)
        if not frame.empty:
            frame["period"] = pd.to_datetime(frame["period"]).dt.date
        for dim in scope.by:
            frame[dim] = frame[dim].astype(object).where(frame[dim] != NO_VALUE, None)
        for column in frame.columns:
            if column.startswith(("v__", "c__", "d__")):
                frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
        return frame


def _compare_column(kpi: str) -> str:
    return "c__" + value_column(kpi)[3:]


def _change_column(kpi: str) -> str:
    return "d__" + value_column(kpi)[3:]


def _normalise_where(where: WhereArg) -> dict[str, tuple[str, ...]]:
    if not where:
        return {}
    return {
        dim: (values,) if isinstance(values, str) else tuple(values)
        for dim, values in where.items()
    }


def _check_dimensions(
    specs: Sequence[KpiSpec], by: list[str], where: Mapping[str, tuple[str, ...]]
) -> None:
    asked = list(dict.fromkeys([*by, *where]))
    for spec in specs:
        unknown = [d for d in asked if d not in spec.dimensions]
        if unknown:
            available = ", ".join(spec.dimensions) or "none"
            raise QueryError(
                f"KPI {spec.id!r} cannot be broken down or filtered by {', '.join(unknown)}; "
                f"its dimensions: {available}"
            )
        if spec.kind is Kind.CUSTOM and len(asked) > 1:
            raise QueryError(f"custom KPI {spec.id!r} is kept by one dimension at a time")
