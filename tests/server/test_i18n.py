"""Five languages: complete catalogs, KPI texts, language choice and locale formats."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from fastapi.testclient import TestClient

from kpibridge.catalog import KpiSpec, load_catalog
from kpibridge.server import create_app, locales
from kpibridge.server.i18n import (
    SUPPORTED,
    Translator,
    accepted_languages,
    language_names,
    negotiate,
    translator_for,
)
from kpibridge.server.i18n_extract import (
    LANGUAGES,
    extract_messages,
    kpi_problems,
    language_problems,
    problems,
)
from kpibridge.workspace import Workspace

NBSP = "\xa0"
NNBSP = "\u202f"  # CLDR's narrow no-break space, as in "2025 г."


@pytest.fixture(scope="module")
def template() -> Catalog:
    return extract_messages()


# --- the catalogs are complete -------------------------------------------------------------


def test_extraction_finds_the_ui_strings(template: Catalog) -> None:
    ids = {message.id for message in template if message.id}
    assert "Sign in" in ids  # a template's _("…")
    assert "n/a" in ids  # a Python module's gettext("…")
    assert "W{week} {year}" in ids  # placeholders are part of the msgid
    assert "Head of Sales" in ids  # N_("…") marks words shown from data


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_ui_string_is_translated(template: Catalog, code: str) -> None:
    missing = language_problems(code, template)
    assert not missing, "run `make i18n` and translate:\n" + "\n".join(missing)


def test_a_new_untranslated_string_fails_the_check(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text(
        '{{ _("Sign in") }} {{ t.gettext("A brand-new button") }}'
        ' {{ t.ngettext("{n} new lead", "{n} new leads", 2) }}',
        encoding="utf-8",
    )
    (tmp_path / "view.py").write_text('label = _("A brand-new label", n=1)\n', encoding="utf-8")
    found = extract_messages(tmp_path)
    assert {m.id for m in found if m.id} == {
        "Sign in",
        "A brand-new button",
        ("{n} new lead", "{n} new leads"),
        "A brand-new label",
    }
    gaps = problems(found)
    for code in LANGUAGES:
        assert f"{code}: 'A brand-new button' is missing (run `make i18n`)" in gaps
        assert f"{code}: 'A brand-new label' is missing (run `make i18n`)" in gaps
        assert not any("'Sign in'" in gap for gap in gaps)


def test_a_translation_must_keep_the_placeholders(tmp_path: Path) -> None:
    source = Catalog()
    source.add("Signed in as {name}.")
    broken = tmp_path / "de" / "LC_MESSAGES" / "messages.po"
    broken.parent.mkdir(parents=True)
    broken.write_text(
        'msgid ""\nmsgstr ""\n"Language: de\\n"\n\n'
        'msgid "Signed in as {name}."\nmsgstr "Angemeldet als {nom}."\n',
        encoding="utf-8",
    )
    assert language_problems("de", source, tmp_path) == [
        "de: 'Signed in as {name}.': the placeholders differ from the source ['name']"
    ]


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_language_has_a_catalog(code: str) -> None:
    catalog = locales.read_catalog(code)
    assert catalog is not None and str(catalog.locale) == code


# --- KPI names and descriptions ---------------------------------------------------------------


def test_every_builtin_kpi_is_named_and_described_in_all_five_languages() -> None:
    assert kpi_problems() == []
    catalog = load_catalog()
    hidden = [spec for spec in catalog if spec.hidden]
    assert hidden, "the building blocks are translated too"
    for code in SUPPORTED:
        t = translator_for(code)
        for spec in catalog:
            assert t.kpi_name(spec).strip() and t.kpi_description(spec).strip(), (code, spec.id)


@pytest.mark.parametrize(
    ("code", "kpi", "name"),
    [
        ("en", "cac", "Customer acquisition cost"),
        ("de", "cac", "Kundenakquisitionskosten (CAC)"),
        ("de", "sessions", "Website-Traffic"),
        ("it", "cac", "Costo di acquisizione cliente (CAC)"),
        ("ja", "cac", "顧客獲得単価 (CAC)"),
        ("ja", "brand_awareness", "ブランド認知度 (助成想起)"),
        ("ru", "cac", "Стоимость привлечения клиента (CAC)"),
        ("ru", "sales_revenue", "Доход от продаж"),
    ],
)
def test_kpi_names_use_the_terms_of_the_seeds(code: str, kpi: str, name: str) -> None:
    assert translator_for(code).kpi_name(load_catalog().get(kpi)) == name


def test_translated_kpi_names_differ_from_english() -> None:
    catalog = load_catalog()
    for code in LANGUAGES:
        t = translator_for(code)
        same = [s.id for s in catalog if t.kpi_description(s) == s.description]
        assert not same, (code, same)


def test_custom_kpis_fall_back_to_their_own_texts_or_the_workspace_translation(
    tmp_path: Path,
) -> None:
    spec = KpiSpec.model_validate(
        {
            "id": "custom:trade_fair_leads",
            "name": "Trade fair leads",
            "description": "Leads met at trade fairs.",
            "kind": "custom",
            "unit": "count",
            "custom": {"metric": "trade_fair_leads"},
        }
    )
    assert translator_for("de").kpi_name(spec) == "Trade fair leads"
    folder = tmp_path / "kpis" / "i18n"
    folder.mkdir(parents=True)
    (folder / "de.yaml").write_text(
        "custom:trade_fair_leads:\n  name: Messe-Leads\ncac:\n  name: Akquisekosten je Kunde\n",
        encoding="utf-8",
    )
    t = translator_for("de", tmp_path)
    assert t.kpi_name(spec) == "Messe-Leads"
    assert t.kpi_description(spec) == "Leads met at trade fairs."  # no German description given
    assert t.kpi_name(load_catalog().get("cac")) == "Akquisekosten je Kunde"
    assert translator_for("it", tmp_path).kpi_name(spec) == "Trade fair leads"


# --- which language ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("user", "header", "expected"),
    [
        ("de", "ja,en;q=0.8", "de"),  # the user's setting wins
        ("ru_RU", None, "ru"),
        (None, "ja,en;q=0.8", "ja"),
        (None, "en;q=0.5, it-IT;q=0.9", "it"),  # by q-value, not by position
        (None, "fr-CH, fr;q=0.9, de;q=0.7, *;q=0.5", "de"),
        (None, "ja;q=0, ru", "ru"),  # q=0 means "not this one"
        (None, "fr, es", "en"),  # nothing supported: English
        (None, "", "en"),
        (None, None, "en"),
        ("xx", "garbage;;q=oops,,", "en"),
        ("", "JA-jp", "ja"),
    ],
)
def test_negotiation(user: str | None, header: str | None, expected: str) -> None:
    assert negotiate(user, header) == expected


def test_accepted_languages_are_ranked_by_quality() -> None:
    assert accepted_languages("de;q=0.3, ja, ru;q=0.7") == ["ja", "ru", "de"]


def test_an_unsupported_locale_gets_english() -> None:
    assert translator_for("fr").locale == "en"
    assert language_names() == {
        "en": "English",
        "de": "Deutsch",
        "it": "Italiano",
        "ja": "日本語",
        "ru": "Русский",
    }


# --- text ----------------------------------------------------------------------------------


def test_gettext_translates_then_fills_placeholders() -> None:
    assert Translator("de").gettext("Sign in") == "Anmelden"
    assert Translator("de").gettext("Signed in as {name}.", name="Eva") == "Angemeldet als Eva."
    assert Translator("en").gettext("Signed in as {name}.", name="Eva") == "Signed in as Eva."
    assert Translator("ja").gettext("Not in any catalog {x}", x=1) == "Not in any catalog 1"
    assert Translator("en").ngettext("{n} day", "{n} days", 1) == "1 day"
    assert Translator("en").ngettext("{n} day", "{n} days", 3) == "3 days"


def test_the_login_page_speaks_the_browsers_language(tmp_path: Path) -> None:
    Workspace.init(tmp_path / "ws").close()
    client = TestClient(create_app(tmp_path / "ws"))
    page = client.get("/login", headers={"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.5"})
    assert page.status_code == 200
    assert "Войти" in page.text and 'lang="ru"' in page.text
    assert "Passwort" in client.get("/login", headers={"Accept-Language": "de"}).text


# --- numbers and dates ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "money", "percent", "change", "count"),
    [
        ("en", "€1,234.50", "12.3%", "+3.2%", "1,234,567"),
        ("de", f"1.234,50{NBSP}€", f"12,3{NBSP}%", f"+3,2{NBSP}%", "1.234.567"),
        ("it", f"1.234,50{NBSP}€", "12,3%", "+3,2%", "1.234.567"),
        ("ja", "€1,234.50", "12.3%", "+3.2%", "1,234,567"),
        ("ru", f"1{NBSP}234,50{NBSP}€", f"12,3{NBSP}%", f"+3,2{NBSP}%", f"1{NBSP}234{NBSP}567"),
    ],
)
def test_numbers_per_locale(code: str, money: str, percent: str, change: str, count: str) -> None:
    t = translator_for(code)
    assert t.format_value(1234.5, "money", "EUR") == money
    assert t.format_value(0.1234, "percent", "EUR") == percent
    assert t.format_change(0.032) == change
    assert t.format_value(1234567, "count", "EUR") == count


def test_number_details() -> None:
    en, de = translator_for("en"), translator_for("de")
    assert en.format_value(1234.5, "money", "JPY") == "¥1,235"  # the currency's own digits
    assert en.format_value(12.5, "money", "") == "12.50"
    assert en.format_value(1234.567, "money", "USD", decimals=0) == "$1,235"
    assert en.format_value(2.5, "count", "") == "2.50"
    assert en.format_value(3.456, "ratio", "") == "3.46"
    assert en.format_value(3.25, "days", "") == "3.3 days"  # half up, as people round
    assert de.format_value(3.5, "days", "") == "3,5 Tg."
    assert en.format_value(42.0, "points", "") == "42.0"
    assert en.format_change(-0.0321) == "-3.2%"
    assert en.format_change(0.0001) == "0.0%"
    assert en.format_compact(12_345_678, "money", "EUR") == "€12.3M"
    assert de.format_compact(12_345_678, "count", "EUR") == f"12,3{NBSP}Mio."


@pytest.mark.parametrize(
    ("code", "missing"), [("en", "n/a"), ("de", "k. A."), ("it", "n.d."), ("ru", "н/д")]
)
def test_not_available_is_translated(code: str, missing: str) -> None:
    t = translator_for(code)
    assert t.format_value(None, "money", "EUR") == missing
    assert t.format_value(float("nan"), "percent", "EUR") == missing
    assert t.format_change(None) == missing


@pytest.mark.parametrize(
    ("code", "day", "week", "month", "quarter", "year"),
    [
        ("en", "Mar 3, 2025", "W10 2025", "March 2025", "Q1 2025", "2025"),
        ("de", "03.03.2025", "KW 10 2025", "März 2025", "Q1 2025", "2025"),
        ("it", "3 mar 2025", "Sett. 10 2025", "marzo 2025", "T1 2025", "2025"),
        ("ja", "2025/03/03", "2025年 第10週", "2025年3月", "2025/Q1", "2025年"),
        (
            "ru",
            f"3 мар. 2025{NNBSP}г.",
            "Нед. 10, 2025",
            f"март 2025{NNBSP}г.",
            f"1-й кв. 2025{NNBSP}г.",
            "2025",
        ),
    ],
)
def test_dates_and_periods_per_locale(
    code: str, day: str, week: str, month: str, quarter: str, year: str
) -> None:
    t = translator_for(code)
    start = date(2025, 3, 3)
    assert t.format_date(start) == day
    assert t.format_period(start, "day") == day
    assert t.format_period(start, "week") == week
    assert t.format_period(date(2025, 3, 1), "month") == month
    assert t.format_period(date(2025, 1, 1), "quarter") == quarter
    assert t.format_period(date(2025, 1, 1), "year") == year


def test_iso_weeks_belong_to_their_iso_year() -> None:
    assert translator_for("en").format_period(date(2024, 12, 30), "week") == "W1 2025"


def test_date_and_time() -> None:
    moment = datetime(2025, 3, 3, 14, 5, tzinfo=UTC)
    assert translator_for("de").format_datetime(moment) == "03.03.2025, 14:05"
    assert translator_for("ja").format_datetime(moment) == "2025/03/03 14:05"
