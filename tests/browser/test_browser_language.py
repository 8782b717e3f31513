"""The language switcher: UI strings, KPI names, numbers and dates follow the chosen language."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from babel.dates import format_date
from babel.numbers import format_currency
from browser_kit import (
    BROWSER,
    WITH_DATA,
    Login,
    World,
    follow,
    kpi_names,
    screenshot,
    sign_in,
    translation,
    view_kpis,
    view_spec,
    wait_for_charts,
)

pytestmark = BROWSER

VIEW = "cmo"


def plain(text: str) -> str:
    """Text with every kind of space as a plain space, trimmed."""
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def switch_language(page: Any, lang: str) -> None:
    with page.expect_navigation():
        page.locator(f"nav.langs a[hreflang='{lang}']").click()
    assert parse_qs(urlsplit(page.url).query).get("lang") == [lang]
    assert page.locator("html").get_attribute("lang") == lang


def twin(page: Any) -> dict[str, Any]:
    """The JSON twin of the page shown (its footer link), fetched with the page's session."""
    href = page.locator("footer a[href^='/api/v1/']").get_attribute("href")
    response = page.request.get(href)
    assert response.ok, f"{href}: {response.status}"
    data: dict[str, Any] = response.json()
    return data


def check_view_in(page: Any, world: World, lang: str) -> None:
    """Names from locales/kpis.LANG.yaml; money and dates as Babel writes them in LANG."""
    names = kpi_names(lang)
    for kpi in view_kpis(VIEW):
        title = page.locator(f"#name-{kpi}")
        assert plain(title.inner_text()) == plain(names[kpi]), f"{kpi} is not named in {lang}"
    assert page.locator("form.signout button").inner_text().strip() == translation(lang, "Sign out")
    sections = [s["title"] for s in view_spec(VIEW)["sections"]]
    shown = page.locator("section.cards-section h2").all_text_contents()
    assert [plain(s) for s in shown] == [translation(lang, s) for s in sections]

    data = twin(page)
    cards = {c["kpi"]: c for s in data["sections"] for c in s["cards"]}
    money = [k for k in view_kpis(VIEW) if world.kpis[k]["unit"] == "money"]
    assert money, "the CMO view shows money"
    checked = 0
    for kpi in money:
        value = cards[kpi]["value"]
        if value is None:
            continue
        checked += 1
        expected = format_currency(value, world.currency, locale=lang)
        shown = page.locator(f"p.value[data-kpi='{kpi}']").inner_text()
        assert plain(shown) == plain(expected), f"{kpi} in {lang}"
    assert checked, "money values to check"
    start = date.fromisoformat(data["state"]["from"])
    period = page.locator("article.card p.period").first.inner_text()
    assert format_date(start, "medium", locale=lang) in period


@pytest.mark.parametrize("lang", ["de", "ja"])
def test_switching_language(
    page: Any, world: World, users: dict[str, Login], artifacts: Path, lang: str
) -> None:
    sign_in(page, users["cmo"], f"/view/{VIEW}?{WITH_DATA}")
    english = page.locator("#name-cac").inner_text()
    switch_language(page, lang)

    check_view_in(page, world, lang)
    assert page.locator("#name-cac").inner_text() != english
    wait_for_charts(page)
    screenshot(page, artifacts, f"view-{VIEW}-{lang}")

    # The language stays while moving on: a card's link keeps it, and the KPI page speaks it.
    follow(page, page.locator("#name-cac a"), "**/kpi/cac?**")
    assert parse_qs(urlsplit(page.url).query).get("lang") == [lang]
    assert page.locator("html").get_attribute("lang") == lang
    assert plain(page.locator("h1").first.inner_text()).startswith(plain(kpi_names(lang)["cac"]))
    assert page.locator("#by-channel h3").text_content() not in ("", "By channel")
