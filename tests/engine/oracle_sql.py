"""Hand-written reference SQL for every KPI, written from DATA_AND_KPIS.md (not from the engine).

`oracle(con, kpi, grain, dim, start, end, tz)` returns {(period, [dim value]): value}. Each KPI
is one SQL query: a spine of periods × the dimension values of its facts in the window, left-
joined to per-period aggregates. Local days are `timezone(tz, instant)::DATE`, independent of
the session time zone. Windows are expected to be aligned to the grain (see the tests).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

STEP = {
    "day": "1 day",
    "week": "7 days",
    "month": "1 month",
    "quarter": "3 months",
    "year": "1 year",
}


@dataclass(frozen=True)
class Q:
    """One query's parameters and the SQL snippets that depend on them."""

    grain: str
    dim: str | None
    start: date
    end: date
    tz: str

    def local(self, instant: str) -> str:
        return f"CAST(timezone('{self.tz}', {instant}) AS DATE)"

    def period(self, day: str) -> str:
        return f"CAST(date_trunc('{self.grain}', {day}) AS DATE)"

    def g(self, template: str = "{0}") -> str:
        """The dimension column (`template` formatted with its name), or one constant group."""
        return template.format(f'"{self.dim}"') if self.dim else "'*'"

    def window(self, facts: str, previous: bool = False) -> str:
        """Facts (with a day column d) inside the window, with their period p."""
        first = f"DATE '{self.start}'"
        if previous:  # also the period before the window
            first = f"CAST({self.period(first)} - INTERVAL '{STEP[self.grain]}' AS DATE)"
        return (
            f"SELECT {self.period('f.d')} AS p, f.* FROM ({facts}) f "
            f"WHERE f.d BETWEEN {first} AND DATE '{self.end}'"
        )

    def measured(self, p: str) -> str:
        """The day a stock is measured for period p: its last day, or `end` if earlier."""
        last = f"CAST({p} + INTERVAL '{STEP[self.grain]}' - INTERVAL 1 DAY AS DATE)"
        return f"least({last}, DATE '{self.end}')"

    @property
    def spine(self) -> str:
        first = f"CAST(date_trunc('{self.grain}', DATE '{self.start}') AS TIMESTAMP)"
        return (
            f"spine AS (SELECT CAST(t.p AS DATE) AS p FROM generate_series({first}, "
            f"CAST(DATE '{self.end}' AS TIMESTAMP), INTERVAL '{STEP[self.grain]}') t(p))"
        )


# -- facts: one row per fact with its local day d and its dimension value g --------------------


def spend(q: Q) -> str:
    return f"SELECT date AS d, {q.g()} AS g, cost, impressions, clicks FROM spend"


def sessions(q: Q) -> str:
    return f"SELECT {q.local('started_at')} AS d, {q.g()} AS g, visitor_id FROM sessions"


def leads(q: Q, column: str = "created_at") -> str:
    return f"SELECT {q.local(column)} AS d, {q.g()} AS g FROM leads WHERE {column} IS NOT NULL"


def customers(q: Q, column: str = "acquired_at") -> str:
    return f"SELECT {q.local(column)} AS d, {q.g()} AS g FROM customers WHERE {column} IS NOT NULL"


def orders(q: Q) -> str:
    return (
        f"SELECT {q.local('o.ordered_at')} AS d, {q.g('c.{0}')} AS g, o.amount, o.cost "
        "FROM orders o LEFT JOIN customers c ON c.customer_id = o.customer_id"
    )


def nps(q: Q) -> str:
    return (
        f"SELECT {q.local('r.responded_at')} AS d, {q.g('c.{0}')} AS g, r.score "
        "FROM nps_responses r LEFT JOIN customers c ON c.customer_id = r.customer_id"
    )


def email(q: Q, events: tuple[str, ...]) -> str:
    wanted = ", ".join(f"'{e}'" for e in events)
    column = q.g("email_campaign" if q.dim == "campaign" else "{0}")
    return (
        f"SELECT {q.local('occurred_at')} AS d, {column} AS g, event, "
        f"email_campaign || chr(31) || recipient_id AS pair FROM email_events "
        f"WHERE event IN ({wanted})"
    )


def deals(q: Q) -> str:
    """Deals with their lead's channel, else their customer's (first non-null)."""
    return (
        f"SELECT d.*, {q.g('coalesce(l.{0}, c.{0})')} AS g FROM deals d "
        "LEFT JOIN leads l ON l.lead_id = d.lead_id "
        "LEFT JOIN customers c ON c.customer_id = d.customer_id"
    )


def closed_deals(q: Q, statuses: tuple[str, ...]) -> str:
    wanted = ", ".join(f"'{s}'" for s in statuses)
    return (
        f"SELECT {q.local('closed_at')} AS d, g, status, "
        f"(epoch(closed_at) - epoch(created_at)) / 86400.0 AS days FROM ({deals(q)}) "
        f"WHERE closed_at IS NOT NULL AND status IN ({wanted})"
    )


def social(q: Q) -> str:
    return f"SELECT date AS d, {q.g()} AS g, * EXCLUDE (date) FROM social"


# -- aggregates per (p, g) -----------------------------------------------------------------------


def flow(q: Q, facts: str, aggregates: str, previous: bool = False) -> str:
    return f"SELECT p, g, {aggregates} FROM ({q.window(facts, previous)}) GROUP BY p, g"


def seen(q: Q, facts: str) -> str:
    return f"SELECT DISTINCT g FROM ({q.window(facts)})"


def active(q: Q, at: str = "end") -> str:
    """Customers acquired on or before the measured day and not churned by it."""
    day = q.measured("s.p") if at == "end" else "CAST(s.p - INTERVAL 1 DAY AS DATE)"
    facts = (
        f"SELECT {q.local('acquired_at')} AS a, {q.local('churned_at')} AS c, "
        f"{q.g()} AS g FROM customers"
    )
    return (
        f"SELECT s.p, f.g, count(*) AS n FROM spine s JOIN ({facts}) f "
        f"ON f.a <= {day} AND (f.c IS NULL OR f.c > {day}) GROUP BY s.p, f.g"
    )


def active_seen(q: Q) -> str:
    """Dimension values of the customers active at some moment of the window."""
    return (
        f"SELECT DISTINCT {q.g()} AS g FROM customers "
        f"WHERE {q.local('acquired_at')} <= DATE '{q.end}' AND (churned_at IS NULL OR "
        f"{q.local('churned_at')} >= DATE '{q.start}')"
    )


def pipeline(q: Q) -> str:
    day = q.measured("s.p")
    facts = (
        f"SELECT {q.local('created_at')} AS a, {q.local('closed_at')} AS c, amount, g "
        f"FROM ({deals(q)})"
    )
    return (
        f"SELECT s.p, f.g, CAST(sum(f.amount) AS DOUBLE) AS x FROM spine s JOIN ({facts}) f "
        f"ON f.a <= {day} AND (f.c IS NULL OR f.c > {day}) GROUP BY s.p, f.g"
    )


def pipeline_seen(q: Q) -> str:
    return (
        f"SELECT DISTINCT g FROM ({deals(q)}) WHERE {q.local('created_at')} <= "
        f"DATE '{q.end}' AND (closed_at IS NULL OR {q.local('closed_at')} >= "
        f"DATE '{q.start}')"
    )


def period_rows(q: Q, table: str, aggregates: str) -> str:
    """Period-table rows spread over their days (d), with the row's length in days (n)."""
    days = (
        "CAST(unnest(generate_series(CAST(period_start AS TIMESTAMP), "
        "CAST(period_end AS TIMESTAMP), INTERVAL 1 DAY)) AS DATE)"
    )
    facts = f"SELECT {days} AS d, '*' AS g, period_end - period_start + 1 AS n, * FROM {table}"
    return flow(q, facts, aggregates)


def combine(q: Q, parts: dict[str, str], dims: list[str], value: str) -> str:
    """Spine × dims, left-joined to each part (p, g, …) by alias; `value` computes v."""
    ctes = [q.spine, *(f"{alias} AS ({sql})" for alias, sql in parts.items())]
    dim_sql = " UNION ".join(f"({d})" for d in dims) if q.dim else "SELECT '*' AS g"
    ctes.append(f"dims AS ({dim_sql})")
    joins = " ".join(
        f"LEFT JOIN {a} ON {a}.p = sp.p AND {a}.g IS NOT DISTINCT FROM dims.g" for a in parts
    )
    return (
        f"WITH {', '.join(ctes)} SELECT sp.p, dims.g, CAST({value} AS DOUBLE) AS v "
        f"FROM spine sp CROSS JOIN dims {joins}"
    )


def z(column: str) -> str:
    """Zero when absent (sums and counts over no facts)."""
    return f"coalesce({column}, 0)"


def div(numerator: str, denominator: str) -> str:
    """Null on a zero or absent denominator."""
    return f"(CAST({numerator} AS DOUBLE) / nullif(CAST({denominator} AS DOUBLE), 0))"
