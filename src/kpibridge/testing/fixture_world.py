"""A small hand-made world (Jan–Mar 2025, Europe/Berlin) whose KPIs are worked out by hand.

Every canonical table has a few rows. Timestamps are written in UTC; comments give the local
(Europe/Berlin: UTC+1 until 2025-03-30 01:00 UTC, UTC+2 after) day where it matters. Channels:
search, social, email. The expected KPI values are in `fixture_expected.py`.

Deliberate traps: facts at 23:xx UTC on the last day of a month (they belong to the next month
locally), a refund, a deal without lead (channel from its customer), a NULL campaign, a
session without visitor, an NPS answer without customer, period rows (market, financials,
hr) spanning February and March, a month (February) without social data, and one spend row
in February 2024 for previous-year comparisons.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kpibridge.workspace import Workspace

FIXTURE_TIMEZONE = "Europe/Berlin"
FIXTURE_CURRENCY = "EUR"

Row = tuple[object, ...]

SPEND_COLUMNS = (
    "date",
    "channel",
    "campaign",
    "cost",
    "currency",
    "impressions",
    "clicks",
    "category",
    "fx_rate",
)
SPEND: list[Row] = [
    ("2024-02-14", "search", "brand", "100.00", "EUR", 5000, 100, "media", 1),  # prev. year
    ("2025-01-05", "search", "brand", "200.00", "EUR", 10000, 300, "media", 1),
    ("2025-01-20", "social", "spring", "150.00", "EUR", 20000, 200, "media", 1),
    ("2025-01-25", "email", "newsletter", "50.00", "EUR", 0, 0, "tools", 1),
    ("2025-02-01", "search", "brand", "250.00", "EUR", 12000, 360, "media", 1),
    ("2025-02-15", "social", "spring", "100.00", "EUR", 15000, 150, "media", 1),
    ("2025-02-28", "email", "newsletter", "50.00", "EUR", 0, 0, "tools", 1),
    ("2025-03-01", "search", "promo", "300.00", "EUR", 15000, 450, "media", 1),
    ("2025-03-10", "social", None, "120.00", "EUR", 8000, 80, "media", 1),
    ("2025-03-31", "search", "brand", "30.00", "EUR", 1000, 20, "content", 1),
]

SESSIONS_COLUMNS = (
    "session_id",
    "visitor_id",
    "started_at",
    "channel",
    "campaign",
    "device",
    "country",
    "landing_page",
)
SESSIONS: list[Row] = [
    ("s01", "v01", "2025-01-02 10:00:00+00", "search", "brand", "desktop", "DE", "/"),
    ("s02", "v02", "2025-01-02 11:00:00+00", "search", "brand", "mobile", "DE", "/"),
    ("s03", "v01", "2025-01-09 12:00:00+00", "search", "brand", "desktop", "DE", "/pricing"),
    ("s04", "v03", "2025-01-15 08:00:00+00", "social", "spring", "mobile", "AT", "/"),
    ("s05", "v04", "2025-01-20 20:00:00+00", "email", "newsletter", "desktop", "DE", "/"),
    ("s06", "v05", "2025-01-31 23:15:00+00", "social", None, "mobile", "CH", "/"),  # Feb 1 local
    ("s07", "v02", "2025-02-03 09:00:00+00", "search", "brand", "mobile", "DE", "/"),
    ("s08", "v06", "2025-02-04 10:00:00+00", "search", "promo", "desktop", "DE", "/"),
    ("s09", "v07", "2025-02-10 10:00:00+00", "social", "spring", "mobile", "AT", "/"),
    ("s10", "v03", "2025-02-11 10:00:00+00", "social", "spring", "mobile", "AT", "/"),
    ("s11", "v08", "2025-02-20 10:00:00+00", "email", "newsletter", "desktop", "DE", "/"),
    ("s12", None, "2025-02-25 10:00:00+00", "search", "brand", "desktop", "DE", "/"),
    ("s13", "v09", "2025-03-01 10:00:00+00", "search", "promo", "desktop", "DE", "/"),
    ("s14", "v09", "2025-03-02 10:00:00+00", "search", "promo", "desktop", "DE", "/"),
    ("s15", "v10", "2025-03-05 10:00:00+00", "social", "spring", "mobile", "AT", "/"),
    ("s16", "v11", "2025-03-12 10:00:00+00", "social", None, "mobile", "CH", "/"),
    ("s17", "v01", "2025-03-18 10:00:00+00", "search", "brand", "desktop", "DE", "/"),
    ("s18", "v12", "2025-03-31 22:30:00+00", "email", "newsletter", "desktop", "DE", "/"),  # Apr 1
]

LEADS_COLUMNS = (
    "lead_id",
    "created_at",
    "visitor_id",
    "channel",
    "campaign",
    "segment",
    "mql_at",
    "sql_at",
)
LEADS: list[Row] = [
    (
        "l01",
        "2025-01-02 12:00:00+00",
        "v01",
        "search",
        "brand",
        "smb",
        "2025-01-04 10:00:00+00",
        "2025-01-10 10:00:00+00",
    ),
    (
        "l02",
        "2025-01-16 09:00:00+00",
        "v03",
        "social",
        "spring",
        "ent",
        "2025-01-31 23:30:00+00",
        None,
    ),  # MQL on Feb 1 local
    ("l03", "2025-01-21 10:00:00+00", "v04", "email", "newsletter", "smb", None, None),
    (
        "l04",
        "2025-01-25 10:00:00+00",
        "v02",
        "search",
        "brand",
        "smb",
        "2025-02-02 10:00:00+00",
        "2025-02-20 10:00:00+00",
    ),
    (
        "l05",
        "2025-02-04 11:00:00+00",
        "v06",
        "search",
        "promo",
        "ent",
        "2025-02-05 10:00:00+00",
        "2025-03-03 10:00:00+00",
    ),
    ("l06", "2025-02-10 12:00:00+00", "v07", "social", "spring", "smb", None, None),
    (
        "l07",
        "2025-02-20 12:00:00+00",
        "v08",
        "email",
        "newsletter",
        "smb",
        "2025-02-21 10:00:00+00",
        "2025-02-28 23:10:00+00",
    ),  # SQL on Mar 1 local
    ("l08", "2025-02-28 23:05:00+00", "v05", "social", None, "ent", None, None),  # Mar 1 local
    (
        "l09",
        "2025-03-01 11:00:00+00",
        "v09",
        "search",
        "promo",
        "ent",
        "2025-03-02 10:00:00+00",
        "2025-03-09 10:00:00+00",
    ),
    (
        "l10",
        "2025-03-05 11:00:00+00",
        "v10",
        "social",
        "spring",
        "smb",
        "2025-03-06 10:00:00+00",
        None,
    ),
    ("l11", "2025-03-18 11:00:00+00", "v01", "search", "brand", "smb", None, None),
]

CUSTOMERS_COLUMNS = (
    "customer_id",
    "acquired_at",
    "channel",
    "campaign",
    "segment",
    "region",
    "churned_at",
)
CUSTOMERS: list[Row] = [
    ("c01", "2024-12-10 09:00:00+00", "search", "brand", "smb", "north", None),
    ("c02", "2024-12-20 15:00:00+00", "social", "spring", "ent", "south", "2025-02-10 12:00:00+00"),
    ("c03", "2025-01-05 10:00:00+00", "search", "brand", "smb", "south", None),
    (
        "c04",
        "2025-01-12 08:00:00+00",
        "email",
        "newsletter",
        "smb",
        "north",
        "2025-03-05 10:00:00+00",
    ),
    ("c05", "2025-01-31 23:30:00+00", "social", None, "ent", "north", None),  # Feb 1 local
    ("c06", "2025-02-03 11:00:00+00", "search", "promo", "ent", "north", None),
    (
        "c07",
        "2025-02-14 12:00:00+00",
        "email",
        "newsletter",
        "smb",
        "south",
        "2025-02-28 23:30:00+00",
    ),  # churned Mar 1 local
    ("c08", "2025-02-20 09:00:00+00", "search", "brand", "smb", "north", None),
    ("c09", "2025-03-02 10:00:00+00", "social", "spring", "smb", "south", None),
    ("c10", "2025-03-15 10:00:00+00", "search", "promo", "ent", "south", None),
    ("c11", "2025-03-31 22:30:00+00", "email", "newsletter", "smb", "north", None),  # Apr 1
    (
        "c12",
        "2025-01-20 10:00:00+00",
        "search",
        "brand",
        "smb",
        "north",
        "2025-03-31 21:00:00+00",
    ),  # churned Mar 31 23:00 local (CEST)
]

ORDERS_COLUMNS = ("order_id", "customer_id", "ordered_at", "amount", "cost", "currency", "fx_rate")
ORDERS: list[Row] = [
    ("o01", "c01", "2025-01-03 12:00:00+00", "100.00", "40.00", "EUR", 1),
    ("o02", "c03", "2025-01-10 09:00:00+00", "250.00", "100.00", "EUR", 1),
    ("o03", "c04", "2025-01-15 18:00:00+00", "80.00", "30.00", "EUR", 1),
    ("o04", "c12", "2025-01-31 23:30:00+00", "60.00", "20.00", "EUR", 1),  # Feb 1 local
    ("o05", "c02", "2025-02-05 10:00:00+00", "120.00", "50.00", "EUR", 1),
    ("o06", "c06", "2025-02-10 14:00:00+00", "300.00", "120.00", "EUR", 1),
    ("o07", "c03", "2025-02-12 10:00:00+00", "-50.00", "0.00", "EUR", 1),  # refund
    ("o08", "c07", "2025-02-20 10:00:00+00", "90.00", "40.00", "EUR", 1),
    ("o09", "c05", "2025-03-03 10:00:00+00", "200.00", "80.00", "EUR", 1),
    ("o10", "c08", "2025-03-10 10:00:00+00", "150.00", "60.00", "EUR", 1),
    ("o11", "c09", "2025-03-20 10:00:00+00", "75.50", "25.25", "EUR", 1),
    ("o12", "c10", "2025-03-31 23:30:00+00", "400.00", "150.00", "EUR", 1),  # Apr 1 01:30 CEST
    ("o13", "c01", "2025-02-28 22:30:00+00", "40.00", "10.00", "EUR", 1),  # Feb 28 23:30 CET
]

DEALS_COLUMNS = (
    "deal_id",
    "lead_id",
    "customer_id",
    "created_at",
    "status",
    "closed_at",
    "amount",
    "currency",
    "fx_rate",
)
DEALS: list[Row] = [
    (
        "d01",
        "l01",
        "c03",
        "2025-01-10 10:00:00+00",
        "won",
        "2025-01-20 10:00:00+00",
        "1000.00",
        "EUR",
        1,
    ),
    (
        "d02",
        "l02",
        None,
        "2025-01-20 10:00:00+00",
        "lost",
        "2025-02-05 10:00:00+00",
        "500.00",
        "EUR",
        1,
    ),
    (
        "d03",
        "l04",
        "c06",
        "2025-01-28 10:00:00+00",
        "won",
        "2025-02-07 10:00:00+00",
        "2000.00",
        "EUR",
        1,
    ),
    # no lead: channel email and campaign newsletter come from customer c07
    (
        "d04",
        None,
        "c07",
        "2025-02-01 10:00:00+00",
        "won",
        "2025-02-15 10:00:00+00",
        "800.00",
        "EUR",
        1,
    ),
    ("d05", "l05", None, "2025-02-10 10:00:00+00", "open", None, "1500.00", "EUR", 1),
    (
        "d06",
        "l07",
        None,
        "2025-02-22 10:00:00+00",
        "lost",
        "2025-03-01 10:00:00+00",
        "300.00",
        "EUR",
        1,
    ),
    (
        "d07",
        "l09",
        "c10",
        "2025-03-02 10:00:00+00",
        "won",
        "2025-03-12 10:00:00+00",
        "1200.00",
        "EUR",
        1,
    ),
    ("d08", "l10", None, "2025-03-10 10:00:00+00", "open", None, "700.00", "EUR", 1),
    # no lead: social via customer c05; created Jan 16 00:30 local, closed Mar 1 00:30 local
    (
        "d09",
        None,
        "c05",
        "2025-01-15 23:30:00+00",
        "won",
        "2025-02-28 23:30:00+00",
        "600.00",
        "EUR",
        1,
    ),
    (
        "d10",
        "l03",
        None,
        "2025-03-20 10:00:00+00",
        "lost",
        "2025-03-25 10:00:00+00",
        "400.00",
        "EUR",
        1,
    ),
    (
        "d11",
        "l11",
        None,
        "2025-03-25 10:00:00+00",
        "won",
        "2025-04-02 10:00:00+00",
        "900.00",
        "EUR",
        1,
    ),  # closed in April (8 × 24 h, across the DST change)
]

NPS_COLUMNS = ("response_id", "customer_id", "responded_at", "score")
NPS: list[Row] = [
    ("n01", "c01", "2025-01-10 10:00:00+00", 10),
    ("n02", "c03", "2025-01-12 10:00:00+00", 9),
    ("n03", "c04", "2025-01-20 10:00:00+00", 6),
    ("n04", "c02", "2025-01-31 23:30:00+00", 3),  # Feb 1 local
    ("n05", "c06", "2025-02-10 10:00:00+00", 8),
    ("n06", None, "2025-02-15 10:00:00+00", 10),  # anonymous: channel None
    ("n07", "c07", "2025-02-20 10:00:00+00", 7),
    ("n08", "c05", "2025-03-05 10:00:00+00", 9),
    ("n09", "c08", "2025-03-10 10:00:00+00", 2),
    ("n10", "c09", "2025-03-15 10:00:00+00", 10),
    ("n11", "c10", "2025-03-20 10:00:00+00", 5),
]

EMAIL_COLUMNS = ("event_id", "email_campaign", "recipient_id", "event", "occurred_at", "channel")
EMAIL: list[Row] = [
    ("e10", "jan_news", "r1", "sent", "2025-01-14 07:59:00+00", "email"),
    ("e11", "jan_news", "r2", "sent", "2025-01-14 07:59:00+00", "email"),
    ("e12", "jan_news", "r3", "sent", "2025-01-14 07:59:00+00", "email"),
    ("e13", "jan_news", "r4", "sent", "2025-01-14 07:59:00+00", "email"),
    ("e01", "jan_news", "r1", "delivered", "2025-01-14 08:00:00+00", "email"),
    ("e02", "jan_news", "r2", "delivered", "2025-01-14 08:00:00+00", "email"),
    ("e03", "jan_news", "r3", "delivered", "2025-01-14 08:00:00+00", "email"),
    ("e04", "jan_news", "r4", "bounce", "2025-01-14 08:00:00+00", "email"),
    ("e05", "jan_news", "r1", "open", "2025-01-14 09:00:00+00", "email"),
    ("e06", "jan_news", "r1", "open", "2025-01-15 09:00:00+00", "email"),  # opened twice
    ("e07", "jan_news", "r2", "open", "2025-01-16 10:00:00+00", "email"),
    ("e08", "jan_news", "r1", "click", "2025-01-14 09:05:00+00", "email"),
    ("e09", "jan_news", "r3", "open", "2025-01-31 23:30:00+00", "email"),  # Feb 1 local
    ("e14", "feb_promo", "r1", "delivered", "2025-02-11 08:00:00+00", "email"),
    ("e15", "feb_promo", "r2", "delivered", "2025-02-11 08:00:00+00", "email"),
    ("e16", "feb_promo", "r5", "delivered", "2025-02-11 08:00:00+00", "email"),
    ("e17", "feb_promo", "r5", "open", "2025-02-11 12:00:00+00", "email"),
    ("e18", "feb_promo", "r5", "click", "2025-02-11 12:01:00+00", "email"),
    ("e19", "feb_promo", "r2", "click", "2025-02-12 12:00:00+00", "email"),  # click, no open
    ("e20", "feb_promo", "r1", "unsubscribe", "2025-02-12 13:00:00+00", "email"),
    ("e21", "mar_social", "r6", "delivered", "2025-03-04 08:00:00+00", "social"),
    ("e22", "mar_social", "r7", "delivered", "2025-03-04 08:00:00+00", "social"),
    ("e23", "mar_social", "r6", "open", "2025-03-04 09:00:00+00", "social"),
    ("e24", "mar_social", "r6", "click", "2025-03-04 09:01:00+00", "social"),
    ("e25", "feb_promo", "r1", "open", "2025-03-02 10:00:00+00", "email"),  # late open
]

SOCIAL_COLUMNS = (
    "date",
    "platform",
    "impressions",
    "reach",
    "engagements",
    "positive_mentions",
    "neutral_mentions",
    "negative_mentions",
)
SOCIAL: list[Row] = [
    ("2025-01-10", "linkedin", 5000, 3000, 250, 10, 5, 5),
    ("2025-01-10", "instagram", 8000, 6000, 480, 20, 10, 10),
    ("2025-01-31", "linkedin", 2000, 1500, 100, 5, 5, 0),
    # nothing in February
    ("2025-03-05", "linkedin", 4000, 2500, 100, 4, 4, 2),
    ("2025-03-20", "instagram", 6000, 5000, 600, 6, 2, 12),
]

BRAND_COLUMNS = ("date", "respondents", "aware_aided", "aware_unaided")
BRAND: list[Row] = [
    ("2025-01-15", 500, 200, 80),
    ("2025-03-15", 400, 180, 70),
    ("2025-03-28", 100, 30, 5),
]

MARKET_COLUMNS = ("period_start", "period_end", "market_revenue", "currency", "fx_rate")
MARKET: list[Row] = [
    ("2025-01-01", "2025-01-31", "10000.00", "EUR", 1),
    ("2025-02-01", "2025-03-31", "11800.00", "EUR", 1),  # 59 days: 200.00 a day
]

FINANCIALS_COLUMNS = (
    "period_start",
    "period_end",
    "revenue",
    "cogs",
    "operating_expenses",
    "operating_profit",
    "net_profit",
    "capital_employed",
)
FINANCIALS: list[Row] = [
    (
        "2025-01-01",
        "2025-01-31",
        "31000.00",
        "12000.00",
        "9000.00",
        "10000.00",
        "6200.00",
        "100000.00",
    ),
    (
        "2025-02-01",
        "2025-03-31",
        "59000.00",
        "25000.00",
        "22200.00",
        "11800.00",
        "5900.00",
        "118000.00",
    ),  # 59 days
]

HR_COLUMNS = ("period_start", "period_end", "headcount_start", "headcount_end", "leavers", "enps")
HR: list[Row] = [
    ("2025-01-01", "2025-01-31", 100, 104, 3, 20.0),
    ("2025-02-01", "2025-03-31", 104, 110, 6, 30.0),  # 59 days
]

METRIC_COLUMNS = ("kpi", "date", "value", "dimension", "dimension_value")
METRICS: list[Row] = [
    ("innovation_index", "2025-01-15", 3.0, None, None),
    ("innovation_index", "2025-01-28", 5.0, None, None),
    ("innovation_index", "2025-02-10", 4.0, None, None),
    ("innovation_index", "2025-03-05", 6.0, None, None),
    ("innovation_index", "2025-03-25", 10.0, None, None),
    ("co2_tonnes", "2025-01-31", 12.5, None, None),
]

FX_COLUMNS = ("date", "currency", "rate")
FX: list[Row] = [("2025-01-01", "USD", 0.92)]

TABLE_ROWS: dict[str, tuple[Sequence[str], list[Row]]] = {
    "spend": (SPEND_COLUMNS, SPEND),
    "sessions": (SESSIONS_COLUMNS, SESSIONS),
    "leads": (LEADS_COLUMNS, LEADS),
    "deals": (DEALS_COLUMNS, DEALS),
    "customers": (CUSTOMERS_COLUMNS, CUSTOMERS),
    "orders": (ORDERS_COLUMNS, ORDERS),
    "nps_responses": (NPS_COLUMNS, NPS),
    "email_events": (EMAIL_COLUMNS, EMAIL),
    "social": (SOCIAL_COLUMNS, SOCIAL),
    "brand_surveys": (BRAND_COLUMNS, BRAND),
    "market": (MARKET_COLUMNS, MARKET),
    "financials": (FINANCIALS_COLUMNS, FINANCIALS),
    "hr": (HR_COLUMNS, HR),
    "metric_values": (METRIC_COLUMNS, METRICS),
    "fx_rates": (FX_COLUMNS, FX),
}

CUSTOM_KPI_YAML = """\
kpis:
  - id: "custom:innovation_index"
    name: Innovation index
    description: Hand-kept innovation index, summed over the period.
    kind: custom
    custom: {metric: innovation_index, aggregate: sum}
    unit: number
  - id: "custom:innovation_mean"
    name: Innovation index (mean)
    kind: custom
    custom: {metric: innovation_index, aggregate: mean}
    unit: number
  - id: "custom:innovation_last"
    name: Innovation index (last)
    kind: custom
    custom: {metric: innovation_index, aggregate: last}
    unit: number
"""


def insert_rows(ws: Workspace, table: str, columns: Sequence[str], rows: Sequence[Row]) -> None:
    """INSERT `rows` into canonical `table` (values are cast by DuckDB to the column types)."""
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    ws.warehouse.raw.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)


def build_fixture_world(path: Path | str, custom_kpis: bool = True) -> Workspace:
    """Create a workspace at `path` holding the fixture world; returns it open."""
    ws = Workspace.init(
        path, currency=FIXTURE_CURRENCY, timezone=FIXTURE_TIMEZONE, name="fixture world"
    )
    if custom_kpis:
        (ws.path / "kpis" / "custom.yaml").write_text(CUSTOM_KPI_YAML, encoding="utf-8")
    for table, (columns, rows) in TABLE_ROWS.items():
        insert_rows(ws, table, columns, rows)
    ws.warehouse.raw.execute("CHECKPOINT").fetchall()
    return ws
