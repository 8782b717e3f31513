"""How a KPI value reads for a person: 12.5%, 1,234.56 USD, 3.2 days, n/a."""

from __future__ import annotations


def format_value(value: float | None, unit: str, currency: str = "") -> str:
    """A KPI value in its unit; n/a when it has none (a zero or missing denominator)."""
    if value is None:
        return "n/a"
    match unit:
        case "percent":
            return f"{value * 100:,.1f}%"
        case "money":
            return f"{value:,.2f} {currency}".rstrip()
        case "count":
            return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
        case "ratio":
            return f"{value:,.2f}"
        case _:
            return f"{value:,.1f}"
