"""One hand-written reference query per KPI of DATA_AND_KPIS.md, built from oracle_sql pieces."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from oracle_sql import (
    STEP,
    Q,
    active,
    active_seen,
    closed_deals,
    combine,
    customers,
    div,
    email,
    flow,
    leads,
    nps,
    orders,
    period_rows,
    pipeline,
    pipeline_seen,
    seen,
    sessions,
    social,
    spend,
    z,
)

Sql = Callable[[Q], str]


def _simple(facts: Callable[[Q], str], aggregate: str) -> Sql:
    """sum/count KPIs: 0 when a period has no facts."""
    return lambda q: combine(
        q, {"a": flow(q, facts(q), f"{aggregate} AS x")}, [seen(q, facts(q))], z("a.x")
    )


def _ratio(num: tuple[Callable[[Q], str], str], den: tuple[Callable[[Q], str], str]) -> Sql:
    """Two flows over (possibly) different facts: num / den, null when den is 0."""

    def sql(q: Q) -> str:
        parts = {
            "a": flow(q, num[0](q), f"{num[1]} AS x"),
            "b": flow(q, den[0](q), f"{den[1]} AS x"),
        }
        return combine(q, parts, [seen(q, num[0](q)), seen(q, den[0](q))], div(z("a.x"), z("b.x")))

    return sql


def _money(column: str) -> str:
    return f"CAST(sum({column}) AS DOUBLE)"


_SPEND = (spend, _money("cost"))
_LEADS = (leads, "count(*)")
_SESSIONS = (sessions, "count(*)")
_NEW = (customers, "count(*)")
_ORDERS = (lambda q: orders(q) + " WHERE o.amount > 0", "count(*)")


def _orders_kpi(value: str) -> Sql:
    """Order KPIs from one scan: r revenue, k cost, n orders with amount > 0."""
    aggregates = (
        f"{_money('amount')} AS r, {_money('cost')} AS k, count(*) FILTER (WHERE amount > 0) AS n"
    )
    return lambda q: combine(q, {"a": flow(q, orders(q), aggregates)}, [seen(q, orders(q))], value)


def _revenue_growth(q: Q) -> str:
    now = flow(q, orders(q), f"{_money('amount')} AS x")
    before = flow(q, orders(q), f"{_money('amount')} AS x", previous=True)
    moved = f"SELECT CAST(p + INTERVAL '{_step(q)}' AS DATE) AS p, g, x FROM ({before})"
    return combine(
        q, {"a": now, "b": moved}, [seen(q, orders(q))], f"{div(z('a.x'), z('b.x'))} - 1"
    )


def _step(q: Q) -> str:
    return STEP[q.grain]


def _romi(q: Q) -> str:
    """(revenue of the channel's customers − the channel's spend) / the channel's spend."""
    parts = {
        "a": flow(q, orders(q), f"{_money('amount')} AS x"),
        "b": flow(q, spend(q), f"{_money('cost')} AS x"),
    }
    return combine(
        q, parts, [seen(q, orders(q)), seen(q, spend(q))], div(f"{z('a.x')} - {z('b.x')}", z("b.x"))
    )


def _churn(value: str) -> Sql:
    """c churned in P, s active at the start of P, e active at its end, r revenue, m spend,
    k new customers."""

    def sql(q: Q) -> str:
        parts = {
            "c": flow(q, customers(q, "churned_at"), "count(*) AS x"),
            "s": active(q, "start"),
            "e": active(q, "end"),
            "r": flow(q, orders(q), f"{_money('amount')} AS x"),
            "m": flow(q, spend(q), f"{_money('cost')} AS x"),
            "k": flow(q, customers(q), "count(*) AS x"),
        }
        dims = [seen(q, customers(q, "churned_at")), active_seen(q)]
        if "r.x" in value:
            dims.append(seen(q, orders(q)))
        if "m.x" in value:
            dims += [seen(q, spend(q)), seen(q, customers(q))]
        return combine(q, parts, dims, value)

    return sql


_CHURN = div(z("c.x"), z("s.n"))
_ARPU = div(z("r.x"), z("e.n"))
_CLV = div(_ARPU, _CHURN)
_CAC = div(z("m.x"), z("k.x"))


def _active(q: Q) -> str:
    return combine(q, {"e": active(q, "end")}, [active_seen(q)], z("e.n"))


def _email_rate(event: str) -> Sql:
    def sql(q: Q) -> str:
        facts = email(q, ("delivered", event))
        aggregates = (
            f"count(DISTINCT pair) FILTER (WHERE event = '{event}') AS x, "
            "count(DISTINCT pair) FILTER (WHERE event = 'delivered') AS y"
        )
        return combine(
            q, {"a": flow(q, facts, aggregates)}, [seen(q, facts)], div(z("a.x"), z("a.y"))
        )

    return sql


def _social(value: str) -> Sql:
    aggregates = ", ".join(
        f"sum({c}) AS {c}"
        for c in (
            "impressions",
            "reach",
            "engagements",
            "positive_mentions",
            "neutral_mentions",
            "negative_mentions",
        )
    )
    return lambda q: combine(q, {"a": flow(q, social(q), aggregates)}, [seen(q, social(q))], value)


def _brand(q: Q) -> str:
    facts = "SELECT date AS d, '*' AS g, * EXCLUDE (date) FROM brand_surveys"
    return combine(
        q,
        {"a": flow(q, facts, "sum(aware_aided) AS x, sum(respondents) AS y")},
        [],
        div(z("a.x"), z("a.y")),
    )


def _deals(statuses: tuple[str, ...], value: str) -> Sql:
    aggregates = (
        "count(*) FILTER (WHERE status = 'won') AS won, count(*) AS closed, "
        "avg(days) FILTER (WHERE status = 'won') AS days"
    )
    return lambda q: combine(
        q,
        {"a": flow(q, closed_deals(q, statuses), aggregates)},
        [seen(q, closed_deals(q, statuses))],
        value,
    )


def _pipeline(q: Q) -> str:
    return combine(q, {"a": pipeline(q)}, [pipeline_seen(q)], z("a.x"))


def _finance(value: str) -> Sql:
    aggregates = (
        "sum(CAST(net_profit AS DOUBLE) / n) AS net, sum(CAST(revenue AS DOUBLE) / n) "
        "AS rev, sum(CAST(operating_profit AS DOUBLE) / n) AS op, "
        "avg(CAST(capital_employed AS DOUBLE)) AS cap"
    )
    return lambda q: combine(q, {"a": period_rows(q, "financials", aggregates)}, [], value)


def _hr(value: str) -> Sql:
    aggregates = (
        "sum(leavers / n) AS leavers, avg((headcount_start + headcount_end) / 2) AS hc, "
        "avg(enps) AS enps"
    )
    return lambda q: combine(q, {"a": period_rows(q, "hr", aggregates)}, [], value)


def _market_share(q: Q) -> str:
    market = period_rows(q, "market", "sum(CAST(market_revenue AS DOUBLE) / n) AS x")
    revenue = flow(q, orders(q), f"{_money('amount')} AS x")
    return combine(q, {"a": revenue, "b": market}, [], div(z("a.x"), z("b.x")))


def _custom(metric: str, aggregate: str) -> Sql:
    facts = f"SELECT date AS d, '*' AS g, value FROM metric_values WHERE kpi = '{metric}'"
    return lambda q: combine(q, {"a": flow(q, facts, f"{aggregate} AS x")}, [], "a.x")


ORACLE: dict[str, Sql] = {
    "marketing_spend": _simple(spend, _money("cost")),
    "sessions": _simple(sessions, "count(*)"),
    "unique_visitors": _simple(sessions, "count(DISTINCT visitor_id)"),
    "ad_impressions": _simple(spend, "sum(impressions)"),
    "ad_ctr": _ratio((spend, "sum(clicks)"), (spend, "sum(impressions)")),
    "leads": _simple(leads, "count(*)"),
    "mqls": _simple(lambda q: leads(q, "mql_at"), "count(*)"),
    "sqls": _simple(lambda q: leads(q, "sql_at"), "count(*)"),
    "cost_per_lead": _ratio(_SPEND, _LEADS),
    "visit_to_lead_rate": _ratio(_LEADS, _SESSIONS),
    "lead_to_customer_rate": _ratio(_NEW, _LEADS),
    "new_customers": _simple(customers, "count(*)"),
    "active_customers": _active,
    "cac": _ratio(_SPEND, _NEW),
    "sales_revenue": _simple(orders, _money("amount")),
    "orders": _simple(_ORDERS[0], "count(*)"),
    "average_order_value": _orders_kpi(div(z("a.r"), z("a.n"))),
    "revenue_growth": _revenue_growth,
    "gross_margin": _orders_kpi(div(f"{z('a.r')} - {z('a.k')}", z("a.r"))),
    "churned_customers": _simple(lambda q: customers(q, "churned_at"), "count(*)"),
    "churn_rate": _churn(_CHURN),
    "retention_rate": _churn(f"1 - {_CHURN}"),
    "arpu": _churn(_ARPU),
    "clv": _churn(_CLV),
    "ltv_cac_ratio": _churn(div(_CLV, _CAC)),
    "romi": _romi,
    "nps": lambda q: combine(
        q,
        {
            "a": flow(
                q,
                nps(q),
                "count(*) FILTER (WHERE score >= 9) AS pro, count(*) FILTER "
                "(WHERE score <= 6) AS det, count(*) AS n",
            )
        },
        [seen(q, nps(q))],
        div(f"100 * ({z('a.pro')} - {z('a.det')})", z("a.n")),
    ),
    "email_open_rate": _email_rate("open"),
    "email_click_rate": _email_rate("click"),
    "engagement_rate": _social(div(z("a.engagements"), z("a.impressions"))),
    "net_sentiment": _social(
        div(
            f"{z('a.positive_mentions')} - {z('a.negative_mentions')}",
            f"{z('a.positive_mentions')} + {z('a.neutral_mentions')} + {z('a.negative_mentions')}",
        )
    ),
    "social_reach": _social(z("a.reach")),
    "brand_awareness": _brand,
    "win_rate": _deals(("won", "lost"), div(z("a.won"), z("a.closed"))),
    "pipeline_value": _pipeline,
    "sales_cycle_days": _deals(("won",), "a.days"),
    "profit_margin": _finance(div("a.net", "a.rev")),
    "return_on_capital": _finance(div("a.op", "a.cap")),
    "market_share": _market_share,
    "employee_turnover": _hr(div("a.leavers", "a.hc")),
    "employee_engagement": _hr("a.enps"),
}


def custom_oracle(metric: str, aggregate: str) -> Sql:
    """custom:<metric> aggregated by sum, mean (avg) or last (value of the latest day)."""
    sql_aggregate = {"sum": "sum(value)", "mean": "avg(value)", "last": "arg_max(value, d)"}
    return _custom(metric, sql_aggregate[aggregate])


def run(
    con: Any, sql: Callable[[Q], str], grain: str, dim: str | None, start: date, end: date, tz: str
) -> dict[tuple[Any, ...], float | None]:
    """{(period ISO, [dim value]): value} of one reference query."""
    rows = con.execute(sql(Q(grain, dim, start, end, tz))).fetchall()
    out: dict[tuple[Any, ...], float | None] = {}
    for period, group, value in rows:
        key = (period.isoformat(), group) if dim else (period.isoformat(),)
        assert key not in out, key
        out[key] = value
    return out
