"""Languages: translated UI text, KPI names, and numbers and dates in the reader's locale.

English is the source language; de, it, ja and ru come from the catalogs in `locales/`
(`make i18n` extracts new UI strings into them). Numbers, currencies and dates follow
the locale's conventions through Babel.
"""

from __future__ import annotations

import decimal
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache, wraps
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers
from babel.units import format_unit

from kpibridge.catalog import KpiSpec
from kpibridge.server import locales

SUPPORTED = ("en", "de", "it", "ja", "ru")
DEFAULT = "en"
_MAX_LANGUAGES = 32  # of an Accept-Language header; the rest is ignored


P = ParamSpec("P")
R = TypeVar("R")


def _half_up(format_function: Callable[P, R]) -> Callable[P, R]:
    """Rounds as people do (2.5 → 3), not as Decimal does by default (2.5 → 2)."""

    @wraps(format_function)
    def rounded(*args: P.args, **kwargs: P.kwargs) -> R:
        with decimal.localcontext(rounding=decimal.ROUND_HALF_UP):
            return format_function(*args, **kwargs)

    return rounded


def N_(message: str) -> str:  # noqa: N802 (the gettext convention)
    """Marks a string for extraction without translating it (translate it later with `_`)."""
    return message


# Words the UI shows from data rather than from templates: the owners of the built-in KPIs.
VOCABULARY = (N_("CEO"), N_("CMO"), N_("Head of Sales"))


@dataclass(frozen=True)
class Translator:
    """Everything locale-dependent a page or report needs.

    `workspace`, when given, is the workspace folder whose `kpis/i18n/<locale>.yaml`
    names its own KPIs (or rewords the built-in ones) in this language.
    """

    locale: str = DEFAULT
    workspace: Path | None = None

    def gettext(self, message: str, **values: Any) -> str:
        """`message` in this language, `{name}` placeholders filled from `values`."""
        return _fill(locales.translations(self.locale).gettext(message), message, values)

    def ngettext(self, singular: str, plural: str, n: int, **values: Any) -> str:
        """The plural form for `n` (placeholder `{n}` is filled too)."""
        text = locales.translations(self.locale).ngettext(singular, plural, n)
        return _fill(text, singular if n == 1 else plural, {"n": n, **values})

    def kpi_name(self, spec: KpiSpec) -> str:
        return self._kpi_text(spec.id, "name") or spec.name

    def kpi_description(self, spec: KpiSpec) -> str:
        return self._kpi_text(spec.id, "description") or spec.description

    def _kpi_text(self, kpi: str, key: str) -> str | None:
        if self.workspace is not None:
            text = locales.workspace_kpi_texts(self.workspace, self.locale).get(kpi, {}).get(key)
            if text:
                return text
        return locales.builtin_kpi_texts(self.locale).get(kpi, {}).get(key)

    @_half_up
    def format_value(
        self, value: float | None, unit: str, currency: str, decimals: int | None = None
    ) -> str:
        """A KPI value in its unit: 12,5 %, 1.234,50 €, 3,2 Tg., n/a when there is none."""
        if value is None or not math.isfinite(value):
            return self.gettext("n/a")
        match unit:
            case "percent":
                return self.format_percent(value, 1 if decimals is None else decimals)
            case "money":
                return self.format_money(value, currency, decimals)
            case "count":
                whole = float(value).is_integer()
                return self.format_number(
                    value, decimals if decimals is not None else 0 if whole else 2
                )
            case "ratio":
                return self.format_number(value, 2 if decimals is None else decimals)
            case "days":
                pattern = _pattern(1 if decimals is None else decimals)
                return format_unit(value, "duration-day", "short", pattern, locale=self.locale)
            case _:
                return self.format_number(value, 1 if decimals is None else decimals)

    @_half_up
    def format_number(self, value: float, decimals: int = 0) -> str:
        return babel_numbers.format_decimal(value, _pattern(decimals), locale=self.locale)

    @_half_up
    def format_percent(self, value: float, decimals: int = 1) -> str:
        """A share (0.125) as a percentage in the locale's style (12.5% / 12,5 %)."""
        return babel_numbers.format_percent(
            value, _percent_pattern(self.locale, decimals), locale=self.locale
        )

    @_half_up
    def format_money(self, value: float, currency: str, decimals: int | None = None) -> str:
        """An amount with its currency (€1,234.50 / 1.234,50 €); the currency's own digits."""
        if not currency:
            return self.format_number(value, 2 if decimals is None else decimals)
        if decimals is None:
            return babel_numbers.format_currency(value, currency, locale=self.locale)
        return babel_numbers.format_currency(
            value,
            currency,
            locale=self.locale,
            currency_digits=False,
            format=_currency_pattern(self.locale, decimals),
        )

    @_half_up
    def format_compact(self, value: float | None, unit: str, currency: str) -> str:
        """A short form for tight places (12.3M, €12.3M, 1234.6万); percent and days as usual."""
        if value is None or not math.isfinite(value):
            return self.gettext("n/a")
        if abs(value) < 10_000 or unit not in ("money", "count", "number", "points"):
            return self.format_value(value, unit, currency)
        if unit == "money" and currency:
            return babel_numbers.format_compact_currency(
                value, currency, locale=self.locale, fraction_digits=1
            )
        return babel_numbers.format_compact_decimal(value, locale=self.locale, fraction_digits=1)

    @_half_up
    def format_change(self, change: float | None) -> str:
        """A relative change (0.032) with its sign: +3.2% / +3,2 %; n/a when there is none."""
        if change is None or not math.isfinite(change):
            return self.gettext("n/a")
        text = self.format_percent(abs(change))
        if round(abs(change) * 100, 1) == 0:
            return text
        sign = (
            babel_numbers.get_plus_sign_symbol
            if change > 0
            else babel_numbers.get_minus_sign_symbol
        )
        return sign(self.locale) + text

    def format_date(self, day: date) -> str:
        return babel_dates.format_date(day, "medium", locale=self.locale)

    def format_datetime(self, moment: datetime) -> str:
        """Date and time (minutes) in the moment's own time zone, e.g. for 'data as of …'."""
        pattern = babel_dates.get_datetime_format("medium", locale=self.locale)
        time = babel_dates.format_time(moment, "short", tzinfo=moment.tzinfo, locale=self.locale)
        return str(pattern).replace("{1}", self.format_date(moment)).replace("{0}", time)

    def format_period(self, start: date, grain: str) -> str:
        """The label of the period of `grain` from `start`: Mar 3, 2025 · W10 2025 · March 2025…"""
        match str(grain):
            case "day":
                return self.format_date(start)
            case "week":
                year, week, _ = start.isocalendar()
                return self.gettext("W{week} {year}", week=week, year=year)
            case "month":
                return babel_dates.format_skeleton("yMMMM", start, locale=self.locale)
            case "quarter":
                return babel_dates.format_skeleton("yQQQ", start, locale=self.locale)
            case "year":
                return babel_dates.format_skeleton("y", start, locale=self.locale)
        return start.isoformat()


def negotiate(user_locale: str | None, accept_language: str | None) -> str:
    """The user's setting wins, then the browser's Accept-Language (by q-value), then English."""
    if user_locale and _primary(user_locale) in SUPPORTED:
        return _primary(user_locale)
    for tag in accepted_languages(accept_language or ""):
        if tag in SUPPORTED:
            return tag
        if tag == "*":
            return DEFAULT
    return DEFAULT


def accepted_languages(header: str) -> list[str]:
    """Primary language subtags of an Accept-Language header, best first; q=0 dropped."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")[:_MAX_LANGUAGES]):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if tag.strip() and 0 < quality <= 1:
            ranked.append((-quality, position, _primary(tag)))
    return [tag for _, _, tag in sorted(ranked)]


def translator_for(locale: str, workspace: Path | None = None) -> Translator:
    """The translator for `locale` (English if unsupported), with the workspace's KPI texts."""
    return Translator(locale if locale in SUPPORTED else DEFAULT, workspace)


def language_names() -> dict[str, str]:
    """Each supported language in its own words, for a language picker: Deutsch, 日本語…"""
    return {code: _endonym(code) for code in SUPPORTED}


def _fill(text: str, original: str, values: dict[str, Any]) -> str:
    """Fill placeholders; a translation with a broken placeholder falls back to the source."""
    if not values:
        return text
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError):
        return original.format(**values)


def _primary(tag: str) -> str:
    return tag.strip().replace("_", "-").split("-")[0].lower()


def _pattern(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals > 0 else "")


@lru_cache(maxsize=64)
def _percent_pattern(locale: str, decimals: int) -> str:
    """The locale's percent pattern (#,##0 % in de) with `decimals` fraction digits."""
    pattern = str(Locale.parse(locale).percent_formats[None].pattern).split(";")[0]
    return re.sub(r"[#0,.]*0(?:\.0*)?", _pattern(decimals), pattern, count=1)


@lru_cache(maxsize=64)
def _currency_pattern(locale: str, decimals: int) -> str:
    """The locale's currency pattern (#,##0.00 ¤ in de) with `decimals` fraction digits."""
    pattern = str(Locale.parse(locale).currency_formats["standard"].pattern).split(";")[0]
    return re.sub(r"[#0,.]*0(?:\.0*)?", _pattern(decimals), pattern, count=1)


@lru_cache(maxsize=8)
def _endonym(code: str) -> str:
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]
