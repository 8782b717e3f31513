"""The built-in catalog holds every KPI of the data contract, with its unit and direction."""

from __future__ import annotations

import pytest

from kpibridge.catalog import Kind, load_catalog

# id: (unit, direction, audiences) exactly as the data contract lists them.
CONTRACT = {
    "marketing_spend": ("money", "none", {"cmo"}),
    "sessions": ("count", "up", {"cmo"}),
    "unique_visitors": ("count", "up", {"cmo"}),
    "ad_impressions": ("count", "up", {"cmo"}),
    "ad_ctr": ("percent", "up", {"cmo"}),
    "leads": ("count", "up", {"cmo", "shared"}),
    "mqls": ("count", "up", {"cmo", "shared"}),
    "sqls": ("count", "up", {"sales", "shared"}),
    "cost_per_lead": ("money", "down", {"cmo"}),
    "visit_to_lead_rate": ("percent", "up", {"cmo"}),
    "lead_to_customer_rate": ("percent", "up", {"shared"}),
    "new_customers": ("count", "up", {"ceo", "cmo"}),
    "active_customers": ("count", "up", {"ceo", "cmo"}),
    "cac": ("money", "down", {"cmo", "ceo"}),
    "sales_revenue": ("money", "up", {"ceo", "cmo", "sales"}),
    "orders": ("count", "up", {"sales"}),
    "average_order_value": ("money", "up", {"sales"}),
    "revenue_growth": ("percent", "up", {"ceo"}),
    "gross_margin": ("percent", "up", {"ceo"}),
    "churned_customers": ("count", "down", {"cmo"}),
    "churn_rate": ("percent", "down", {"ceo", "cmo"}),
    "retention_rate": ("percent", "up", {"ceo", "cmo"}),
    "arpu": ("money", "up", {"cmo"}),
    "clv": ("money", "up", {"ceo", "cmo"}),
    "ltv_cac_ratio": ("ratio", "up", {"ceo", "cmo"}),
    "romi": ("percent", "up", {"ceo", "cmo"}),
    "nps": ("points", "up", {"ceo", "cmo"}),
    "email_open_rate": ("percent", "up", {"cmo"}),
    "email_click_rate": ("percent", "up", {"cmo"}),
    "engagement_rate": ("percent", "up", {"cmo"}),
    "net_sentiment": ("percent", "up", {"cmo"}),
    "social_reach": ("count", "up", {"cmo"}),
    "brand_awareness": ("percent", "up", {"ceo", "cmo"}),
    "win_rate": ("percent", "up", {"sales", "shared"}),
    "pipeline_value": ("money", "up", {"sales"}),
    "sales_cycle_days": ("days", "down", {"sales"}),
    "profit_margin": ("percent", "up", {"ceo"}),
    "return_on_capital": ("percent", "up", {"ceo"}),
    "market_share": ("percent", "up", {"ceo"}),
    "employee_turnover": ("percent", "down", {"ceo"}),
    "employee_engagement": ("points", "up", {"ceo"}),
}

CATALOG = load_catalog()


def test_every_contract_kpi_is_visible_and_nothing_else() -> None:
    assert {s.id for s in CATALOG.visible()} == set(CONTRACT)


@pytest.mark.parametrize("kpi", sorted(CONTRACT))
def test_kpi_card_matches_the_contract(kpi: str) -> None:
    spec = CATALOG.get(kpi)
    unit, direction, audiences = CONTRACT[kpi]
    assert spec.unit.value == unit
    assert spec.direction.value == direction
    assert audiences <= {a.value for a in spec.audiences}
    assert spec.name and spec.description and spec.owner
    assert CATALOG.formula(kpi)


@pytest.mark.parametrize(
    ("kpi", "formula"),
    [
        ("marketing_spend", "sum(spend.cost)"),
        ("unique_visitors", "count distinct(sessions.visitor_id)"),
        ("mqls", "count(leads) by mql_at"),
        ("orders", "count(orders where amount > 0)"),
        ("cac", "marketing_spend / new_customers"),
        ("romi", "(sales_revenue − marketing_spend) / marketing_spend"),
        ("revenue_growth", "sales_revenue / previous(sales_revenue) − 1"),
        ("nps", "100 × (nps_promoters − nps_detractors) / nps_responses"),
    ],
)
def test_formulas_are_generated_from_the_specs(kpi: str, formula: str) -> None:
    assert CATALOG.formula(kpi) == formula


@pytest.mark.parametrize(
    ("kpi", "dimensions"),
    [
        ("cac", ("channel", "campaign")),
        ("sales_revenue", ("channel", "campaign", "segment", "region")),
        ("win_rate", ("channel", "campaign", "segment")),
        ("engagement_rate", ("platform",)),
        ("market_share", ()),
    ],
)
def test_dimensions_are_those_all_inputs_share(kpi: str, dimensions: tuple[str, ...]) -> None:
    assert CATALOG.get(kpi).dimensions == dimensions


def test_every_kind_is_used_or_tested_elsewhere() -> None:
    kinds = {s.kind for s in CATALOG}
    assert {Kind.SIMPLE, Kind.RATIO, Kind.DERIVED, Kind.STOCK} <= kinds
