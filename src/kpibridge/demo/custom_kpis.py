"""The demo workspace's own KPIs: the hand-kept monthly metrics in metric_values."""

from __future__ import annotations

from pathlib import Path

import yaml

CUSTOM_KPIS: list[dict[str, object]] = [
    {
        "id": "custom:innovation_rate",
        "name": "Innovation rate",
        "description": "Share of revenue from products launched in the last three years, "
        "reported monthly by product management (the latest value of the period).",
        "kind": "custom",
        "custom": {"metric": "innovation_rate", "aggregate": "last"},
        "unit": "percent",
        "direction": "up",
        "audiences": ["ceo"],
        "owner": "Head of Product",
        "seeds": ["000"],
    },
    {
        "id": "custom:co2_per_order",
        "name": "CO₂ per order",
        "description": "Kilograms of CO₂e per shipped order (packaging and transport), from "
        "the monthly sustainability report; mean of the months in the period.",
        "kind": "custom",
        "custom": {"metric": "co2_per_order", "aggregate": "mean"},
        "unit": "number",
        "direction": "down",
        "audiences": ["ceo"],
        "owner": "Sustainability Lead",
        "decimals": 2,
        "seeds": ["000"],
    },
    {
        "id": "custom:shareholder_value",
        "name": "Shareholder value",
        "description": "Estimated enterprise value (a revenue multiple agreed with the board), "
        "updated monthly by finance; the latest value of the period.",
        "kind": "custom",
        "custom": {"metric": "shareholder_value", "aggregate": "last"},
        "unit": "money",
        "direction": "up",
        "audiences": ["ceo"],
        "owner": "CFO",
        "seeds": ["000"],
    },
]

HEADER = "# Hand-kept KPIs of the Northwind Outdoor demo (values in metric_values).\n"


def write_custom_kpis(kpis_dir: Path) -> Path:
    """Write kpis/custom.yaml (replacing an earlier one)."""
    kpis_dir.mkdir(parents=True, exist_ok=True)
    path = kpis_dir / "custom.yaml"
    body = yaml.safe_dump({"kpis": CUSTOM_KPIS}, sort_keys=False, allow_unicode=True)
    path.write_text(HEADER + body, encoding="utf-8")
    return path
