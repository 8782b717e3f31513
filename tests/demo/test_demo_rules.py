"""The generated data obeys the contract's validation rules and hangs together."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from demo_helpers import TODAY, columns, one, views

from kpibridge.demo import DemoData
from kpibridge.model.tables import TABLES, ColumnType


@pytest.fixture(scope="module")
def con(small: tuple[DemoData, Path]) -> duckdb.DuckDBPyConnection:
    return views(small[1])


def _count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    value = one(con, sql)
    assert isinstance(value, int)
    return value


@pytest.mark.parametrize("table", sorted(TABLES))
def test_keys_unique_and_required_columns_set(con: duckdb.DuckDBPyConnection, table: str) -> None:
    spec = TABLES[table]
    present = columns(con, table)
    key = ", ".join(k for k in spec.key if k in present)
    dupes = _count(
        con, f"SELECT count(*) FROM (SELECT {key} FROM {table} GROUP BY ALL HAVING count(*) > 1)"
    )
    assert dupes == 0
    for column in spec.required:
        assert _count(con, f"SELECT count(*) FROM {table} WHERE {column} IS NULL") == 0, column


@pytest.mark.parametrize("table", sorted(TABLES))
def test_values_within_the_column_rules(con: duckdb.DuckDBPyConnection, table: str) -> None:
    spec = TABLES[table]
    present = columns(con, table)
    for col in spec.columns:
        if col.name not in present:
            continue
        checks = []
        if col.minimum is not None:
            checks.append(f"{col.name} < {col.minimum}")
        if col.maximum is not None:
            checks.append(f"{col.name} > {col.maximum}")
        if col.positive:
            checks.append(f"{col.name} <= 0")
        if col.choices:
            checks.append(f"{col.name} NOT IN {tuple(col.choices)!r}")
        if col.type in (ColumnType.TIMESTAMP, ColumnType.DATE):
            checks.append(f"{col.name}::DATE >= DATE '{TODAY}'")  # nothing today or later
        for check in checks:
            assert _count(con, f"SELECT count(*) FROM {table} WHERE {check}") == 0, check


def test_funnel_stages_follow_each_other(con: duckdb.DuckDBPyConnection) -> None:
    assert _count(con, "SELECT count(*) FROM leads WHERE mql_at < created_at") == 0
    assert _count(con, "SELECT count(*) FROM leads WHERE sql_at < mql_at") == 0
    assert _count(con, "SELECT count(*) FROM leads WHERE sql_at NOT NULL AND mql_at IS NULL") == 0
    assert (
        _count(
            con,
            "SELECT count(*) FROM deals d JOIN leads l USING (lead_id) "
            "WHERE d.created_at < l.sql_at",
        )
        == 0
    )


def test_deals_close_exactly_when_won_or_lost(con: duckdb.DuckDBPyConnection) -> None:
    assert (
        _count(con, "SELECT count(*) FROM deals WHERE (closed_at IS NULL) <> (status = 'open')")
        == 0
    )
    assert _count(con, "SELECT count(*) FROM deals WHERE closed_at <= created_at") == 0
    assert (
        _count(con, "SELECT count(*) FROM deals WHERE (customer_id IS NULL) <> (status <> 'won')")
        == 0
    )


def test_customers_churn_after_acquisition(con: duckdb.DuckDBPyConnection) -> None:
    assert _count(con, "SELECT count(*) FROM customers WHERE churned_at <= acquired_at") == 0


def test_references_resolve(con: duckdb.DuckDBPyConnection) -> None:
    orphans = {
        "orders": "SELECT count(*) FROM orders o ANTI JOIN customers c USING (customer_id)",
        "nps": "SELECT count(*) FROM nps_responses n ANTI JOIN customers c USING (customer_id)",
        "deal leads": "SELECT count(*) FROM deals d ANTI JOIN leads l USING (lead_id)",
        "deal customers": "SELECT count(*) FROM deals d ANTI JOIN customers c USING (customer_id) "
        "WHERE d.customer_id IS NOT NULL",
        "lead visitors": "SELECT count(*) FROM leads l ANTI JOIN sessions s USING (visitor_id)",
        "recipients": "SELECT count(*) FROM (SELECT DISTINCT recipient_id FROM email_events) e "
        "WHERE recipient_id NOT IN (SELECT lead_id FROM leads UNION ALL "
        "SELECT customer_id FROM customers)",
    }
    for what, sql in orphans.items():
        assert _count(con, sql) == 0, what


def test_won_customers_are_acquired_when_their_deal_closes(
    con: duckdb.DuckDBPyConnection,
) -> None:
    assert (
        _count(
            con,
            "SELECT count(*) FROM deals d JOIN customers c USING (customer_id) "
            "WHERE c.acquired_at <> d.closed_at",
        )
        == 0
    )
    assert (
        _count(
            con,
            "SELECT count(*) FROM deals d JOIN customers c USING (customer_id) "
            "JOIN leads l USING (lead_id) WHERE c.channel <> l.channel "
            "OR c.campaign IS DISTINCT FROM l.campaign",
        )
        == 0
    )


def test_leads_are_attributed_to_their_first_touch(con: duckdb.DuckDBPyConnection) -> None:
    mismatched = _count(
        con,
        "SELECT count(*) FROM leads l JOIN (SELECT visitor_id, channel, campaign FROM sessions "
        "QUALIFY row_number() OVER (PARTITION BY visitor_id ORDER BY started_at, session_id) = 1"
        ") f USING (visitor_id) "
        "WHERE l.channel <> f.channel OR l.campaign IS DISTINCT FROM f.campaign",
    )
    assert mismatched == 0
    assert _count(
        con,
        "SELECT count(*) FROM leads l JOIN sessions s USING (visitor_id) "
        "WHERE s.started_at <= l.created_at AND s.started_at > l.created_at "
        "- INTERVAL 2 HOUR",
    ) >= _count(con, "SELECT count(*) FROM leads")


def test_funnel_narrows(con: duckdb.DuckDBPyConnection) -> None:
    sessions = _count(con, "SELECT count(*) FROM sessions")
    leads = _count(con, "SELECT count(*) FROM leads")
    mqls = _count(con, "SELECT count(mql_at) FROM leads")
    sqls = _count(con, "SELECT count(sql_at) FROM leads")
    won = _count(con, "SELECT count(*) FROM deals WHERE status = 'won'")
    assert sessions > leads > mqls > sqls > won > 0
    web_shop = _count(
        con,
        "SELECT count(*) FROM customers c ANTI JOIN deals d "
        "USING (customer_id) WHERE acquired_at >= (SELECT min(started_at) "
        "FROM sessions)",
    )
    assert web_shop > 0


def test_visitors_come_back(con: duckdb.DuckDBPyConnection) -> None:
    sessions = _count(con, "SELECT count(*) FROM sessions")
    visitors = _count(con, "SELECT count(DISTINCT visitor_id) FROM sessions")
    assert 0.6 * sessions < visitors < 0.95 * sessions


def test_every_foreign_amount_has_a_rate(con: duckdb.DuckDBPyConnection) -> None:
    for table, day in (
        ("spend", "date"),
        ("deals", "created_at::DATE"),
        ("orders", "ordered_at::DATE"),
        ("market", "period_start"),
    ):
        missing = _count(
            con,
            f"SELECT count(*) FROM {table} t WHERE coalesce(currency, 'USD') "
            f"<> 'USD' AND NOT EXISTS (SELECT 1 FROM fx_rates f WHERE "
            f"f.currency = t.currency AND f.date = t.{day})",
        )
        assert missing == 0, table
    assert _count(con, "SELECT count(DISTINCT currency) FROM spend") == 3


def test_refunds_are_the_only_negative_orders(con: duckdb.DuckDBPyConnection) -> None:
    refunds = _count(con, "SELECT count(*) FROM orders WHERE amount < 0")
    orders = _count(con, "SELECT count(*) FROM orders WHERE amount > 0")
    assert 0 < refunds < 0.05 * orders
    assert _count(con, "SELECT count(*) FROM orders WHERE amount = 0") == 0


def test_financials_match_the_orders(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(
        "SELECT f.revenue, (SELECT sum(amount) FROM orders WHERE ordered_at::DATE BETWEEN "
        "f.period_start AND f.period_end), f.cogs, (SELECT sum(cost) FROM orders WHERE "
        "ordered_at::DATE BETWEEN f.period_start AND f.period_end), f.operating_profit, "
        "f.revenue - f.cogs - f.operating_expenses FROM financials f"
    ).fetchall()
    for revenue, orders, cogs, cost, operating, computed in rows:
        assert abs(revenue - orders) <= 0.05 and abs(cogs - cost) <= 0.05
        assert abs(operating - computed) <= 0.05


def test_market_share_is_a_few_percent(con: duckdb.DuckDBPyConnection) -> None:
    share = one(
        con,
        "SELECT sum(f.revenue) / sum(m.market_revenue) FROM financials f "
        "JOIN market m USING (period_start, period_end)",
    )
    assert 0.02 < float(share) < 0.04  # type: ignore[arg-type]


def test_non_ascii_names_arrive_in_both_normal_forms(con: duckdb.DuckDBPyConnection) -> None:
    decomposed = "Fru\u0308hjahrs-Sale"
    assert _count(con, f"SELECT count(*) FROM spend WHERE campaign = '{decomposed}'") > 0
    assert _count(con, "SELECT count(*) FROM sessions WHERE campaign = 'Frühjahrs-Sale'") > 0


def test_channels_and_campaigns(con: duckdb.DuckDBPyConnection) -> None:
    assert _count(con, "SELECT count(DISTINCT channel) FROM sessions") >= 8
    assert _count(con, "SELECT count(DISTINCT campaign) FROM spend") >= 30
    categories = {r[0] for r in con.execute("SELECT DISTINCT category FROM spend").fetchall()}
    assert categories == {"media", "content", "tools", "people", "sales"}
