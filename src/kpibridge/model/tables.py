"""Canonical tables: columns, types, rules, natural keys and the dimensions each one offers.

This module is the machine-readable form of the data contract (docs/data-model.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from kpibridge.errors import QueryError


class ColumnType(StrEnum):
    """Logical column types; each backend maps them to its own SQL types."""

    STRING = "string"  # ids, names, categories: stored verbatim, NFC-normalised
    DATE = "date"  # a calendar day, no time zone
    TIMESTAMP = "timestamp"  # an instant, stored in UTC
    MONEY = "money"  # DECIMAL(18,2) in the reporting currency
    INTEGER = "integer"
    NUMBER = "number"  # a finite double
    CURRENCY = "currency"  # ISO 4217 code, upper case


@dataclass(frozen=True)
class Column:
    """One canonical column and the rules its values must follow."""

    name: str
    type: ColumnType
    required: bool = False
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    positive: bool = False  # strictly greater than zero
    description: str = ""


@dataclass(frozen=True)
class Join:
    """How a fact table reaches another table to borrow a dimension (left.key = right.key)."""

    table: str
    left: str
    right: str


@dataclass(frozen=True)
class Dimension:
    """A dimension: a column of the table, or one borrowed through joins (first non-null)."""

    name: str
    column: str
    via: tuple[Join, ...] = ()
    fallbacks: tuple[tuple[Join, str], ...] = ()


@dataclass(frozen=True)
class TableSpec:
    """A canonical table: its columns, natural key and dimensions."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    description: str = ""
    dimensions: tuple[Dimension, ...] = ()
    period: bool = False  # rows cover period_start..period_end (inclusive) instead of an instant
    money_columns_follow_currency: bool = field(default=False)

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    def dimension(self, name: str) -> Dimension:
        for dim in self.dimensions:
            if dim.name == name:
                return dim
        raise KeyError(name)

    @property
    def dimension_names(self) -> tuple[str, ...]:
        return tuple(d.name for d in self.dimensions)


S, D, T, M, INT, N, C = (
    ColumnType.STRING,
    ColumnType.DATE,
    ColumnType.TIMESTAMP,
    ColumnType.MONEY,
    ColumnType.INTEGER,
    ColumnType.NUMBER,
    ColumnType.CURRENCY,
)


def _col(
    name: str,
    type_: ColumnType,
    required: bool = False,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    choices: tuple[str, ...] = (),
    positive: bool = False,
) -> Column:
    return Column(name, type_, required, minimum, maximum, choices, positive)


def _own(*names: str) -> tuple[Dimension, ...]:
    return tuple(Dimension(n, n) for n in names)


_TO_CUSTOMER = (Join("customers", "customer_id", "customer_id"),)
_TO_LEAD = (Join("leads", "lead_id", "lead_id"),)


def _via_customer(*names: str) -> tuple[Dimension, ...]:
    return tuple(Dimension(n, n, _TO_CUSTOMER) for n in names)


def _via_lead_then_customer(*names: str) -> tuple[Dimension, ...]:
    return tuple(Dimension(n, n, _TO_LEAD, ((_TO_CUSTOMER[0], n),)) for n in names)


TABLES: dict[str, TableSpec] = {
    t.name: t
    for t in (
        TableSpec(
            "spend",
            (
                _col("date", D, True),
                _col("channel", S, True),
                _col("campaign", S),
                _col("cost", M, True, minimum=0),
                _col("currency", C),
                _col("impressions", INT, minimum=0),
                _col("clicks", INT, minimum=0),
                _col("category", S),
            ),
            key=("date", "channel", "campaign", "category"),
            description="Marketing and sales investment per day, channel and campaign.",
            dimensions=_own("channel", "campaign", "category"),
            money_columns_follow_currency=True,
        ),
        TableSpec(
            "sessions",
            (
                _col("session_id", S, True),
                _col("visitor_id", S),
                _col("started_at", T, True),
                _col("channel", S, True),
                _col("campaign", S),
                _col("device", S),
                _col("country", S),
                _col("landing_page", S),
            ),
            key=("session_id",),
            description="Website visits: traffic and reach.",
            dimensions=_own("channel", "campaign", "device", "country"),
        ),
        TableSpec(
            "leads",
            (
                _col("lead_id", S, True),
                _col("created_at", T, True),
                _col("visitor_id", S),
                _col("channel", S, True),
                _col("campaign", S),
                _col("segment", S),
                _col("mql_at", T),
                _col("sql_at", T),
            ),
            key=("lead_id",),
            description="Leads; mql_at and sql_at mark the funnel stages they reached.",
            dimensions=_own("channel", "campaign", "segment"),
        ),
        TableSpec(
            "deals",
            (
                _col("deal_id", S, True),
                _col("lead_id", S),
                _col("customer_id", S),
                _col("created_at", T, True),
                _col("status", S, True, choices=("open", "won", "lost")),
                _col("closed_at", T),
                _col("amount", M, minimum=0),
                _col("currency", C),
            ),
            key=("deal_id",),
            description="The sales pipeline. Channel and campaign come from the deal's lead, "
            "else from its customer.",
            dimensions=_via_lead_then_customer("channel", "campaign", "segment"),
            money_columns_follow_currency=True,
        ),
        TableSpec(
            "customers",
            (
                _col("customer_id", S, True),
                _col("acquired_at", T, True),
                _col("channel", S, True),
                _col("campaign", S),
                _col("segment", S),
                _col("region", S),
                _col("churned_at", T),
            ),
            key=("customer_id",),
            description="Customers with their acquisition channel and campaign (first touch).",
            dimensions=_own("channel", "campaign", "segment", "region"),
        ),
        TableSpec(
            "orders",
            (
                _col("order_id", S, True),
                _col("customer_id", S, True),
                _col("ordered_at", T, True),
                _col("amount", M, True),
                _col("cost", M, minimum=0),
                _col("currency", C),
            ),
            key=("order_id",),
            description="Orders and refunds (amount < 0). Attributed to the customer's "
            "acquisition channel and campaign.",
            dimensions=_via_customer("channel", "campaign", "segment", "region"),
            money_columns_follow_currency=True,
        ),
        TableSpec(
            "nps_responses",
            (
                _col("response_id", S, True),
                _col("customer_id", S),
                _col("responded_at", T, True),
                _col("score", INT, True, minimum=0, maximum=10),
            ),
            key=("response_id",),
            description="Net Promoter Score survey answers (0–10).",
            dimensions=_via_customer("channel", "campaign", "segment", "region"),
        ),
        TableSpec(
            "email_events",
            (
                _col("event_id", S, True),
                _col("email_campaign", S, True),
                _col("recipient_id", S, True),
                _col(
                    "event",
                    S,
                    True,
                    choices=("sent", "delivered", "open", "click", "bounce", "unsubscribe"),
                ),
                _col("occurred_at", T, True),
                _col("channel", S),
            ),
            key=("event_id",),
            description="E-mail sends and what recipients did with them.",
            dimensions=(Dimension("channel", "channel"), Dimension("campaign", "email_campaign")),
        ),
        TableSpec(
            "social",
            (
                _col("date", D, True),
                _col("platform", S, True),
                _col("impressions", INT, minimum=0),
                _col("reach", INT, minimum=0),
                _col("engagements", INT, minimum=0),
                _col("positive_mentions", INT, minimum=0),
                _col("neutral_mentions", INT, minimum=0),
                _col("negative_mentions", INT, minimum=0),
            ),
            key=("date", "platform"),
            description="Social media activity, one row per platform and day.",
            dimensions=_own("platform"),
        ),
        TableSpec(
            "brand_surveys",
            (
                _col("date", D, True),
                _col("respondents", INT, True, minimum=1),
                _col("aware_aided", INT, minimum=0),
                _col("aware_unaided", INT, minimum=0),
            ),
            key=("date",),
            description="Brand awareness studies.",
        ),
        TableSpec(
            "market",
            (
                _col("period_start", D, True),
                _col("period_end", D, True),
                _col("market_revenue", M, True, minimum=0),
                _col("currency", C),
            ),
            key=("period_start", "period_end"),
            description="Total market size, for market share.",
            period=True,
            money_columns_follow_currency=True,
        ),
        TableSpec(
            "financials",
            (
                _col("period_start", D, True),
                _col("period_end", D, True),
                _col("revenue", M),
                _col("cogs", M),
                _col("operating_expenses", M),
                _col("operating_profit", M),
                _col("net_profit", M),
                _col("capital_employed", M),
            ),
            key=("period_start", "period_end"),
            description="Finance figures the CEO reports, in the reporting currency.",
            period=True,
        ),
        TableSpec(
            "hr",
            (
                _col("period_start", D, True),
                _col("period_end", D, True),
                _col("headcount_start", INT, minimum=0),
                _col("headcount_end", INT, minimum=0),
                _col("leavers", INT, minimum=0),
                _col("enps", N, minimum=-100, maximum=100),
            ),
            key=("period_start", "period_end"),
            description="Headcount, leavers and employee engagement (eNPS).",
            period=True,
        ),
        TableSpec(
            "metric_values",
            (
                _col("kpi", S, True),
                _col("date", D, True),
                _col("value", N, True),
                _col("dimension", S),
                _col("dimension_value", S),
            ),
            key=("kpi", "date", "dimension", "dimension_value"),
            description="Hand-kept KPIs (innovation, sustainability, shareholder value …).",
        ),
        TableSpec(
            "fx_rates",
            (
                _col("date", D, True),
                _col("currency", C, True),
                _col("rate", N, True, positive=True),
            ),
            key=("date", "currency"),
            description="Units of reporting currency per one unit of `currency`, from `date` on.",
        ),
    )
}

#: Columns the warehouse adds to tables whose money arrives in other currencies.
FX_COLUMN = "fx_rate"


def table_spec(name: str) -> TableSpec:
    """The canonical table called `name`, or a QueryError naming the known ones."""
    try:
        return TABLES[name]
    except KeyError:
        known = ", ".join(sorted(TABLES))
        raise QueryError(f"unknown table {name!r}; known tables: {known}") from None
