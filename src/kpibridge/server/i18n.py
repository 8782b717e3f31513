"""Languages: translated UI text, KPI names, and numbers and dates in the reader's locale.

(This version speaks English only; the catalogs for de, it, ja and ru plug in here.)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from kpibridge.catalog import KpiSpec
from kpibridge.formatting import format_value

SUPPORTED = ("en", "de", "it", "ja", "ru")
DEFAULT = "en"


@dataclass(frozen=True)
class Translator:
    """Everything locale-dependent a page or report needs."""

    locale: str = DEFAULT

    def gettext(self, message: str, **values: Any) -> str:
        return message.format(**values) if values else message

    def kpi_name(self, spec: KpiSpec) -> str:
        return spec.name

    def kpi_description(self, spec: KpiSpec) -> str:
        return spec.description

    def format_value(self, value: float | None, unit: str, currency: str) -> str:
        return format_value(value, unit, currency)

    def format_change(self, change: float | None) -> str:
        return "n/a" if change is None else f"{change * 100:+.1f}%"

    def format_date(self, day: date) -> str:
        return day.isoformat()

    def format_period(self, start: date, grain: str) -> str:
        return start.isoformat()


def negotiate(user_locale: str | None, accept_language: str | None) -> str:
    """The user's setting wins, then the browser's Accept-Language, then English."""
    if user_locale in SUPPORTED:
        return user_locale
    for part in (accept_language or "").split(","):
        tag = part.split(";")[0].strip().lower()[:2]
        if tag in SUPPORTED:
            return tag
    return DEFAULT


def translator_for(locale: str) -> Translator:
    return Translator(locale if locale in SUPPORTED else DEFAULT)
