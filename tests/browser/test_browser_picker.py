"""The period picker and filters: each choice lands in the URL, and the URL brings it back."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from browser_kit import BROWSER, Login, follow, sign_in

pytestmark = BROWSER


def query(page: Any) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def test_period_grain_and_filter_live_in_the_url(page: Any, users: dict[str, Login]) -> None:
    sign_in(page, users["cmo"])
    period = page.locator("article.card p.period").first
    this_month = period.inner_text()

    follow(page, page.locator("nav.pills a", has_text="Last 30 days"), "**period=last_30_days**")
    assert page.locator("nav.pills a[aria-current=true]", has_text="Last 30 days").count() == 1
    assert period.inner_text() != this_month, "the cards show the new window"

    follow(page, page.locator("nav.pills.small a", has_text="Week"), "**grain=week**")
    assert query(page)["period"] == ["last_30_days"], "the grain keeps the period"

    page.locator("form.filters input[name=channel]").fill("email")
    with page.expect_response(lambda r: "channel=email" in r.url):
        page.locator("form.filters button[type=submit]").click()
    page.wait_for_url("**channel=email**")
    state = query(page)
    assert (state["period"], state["grain"], state["channel"]) == (
        ["last_30_days"],
        ["week"],
        ["email"],
    )
    chip = page.locator("p.window a.chip")
    assert "email" in chip.inner_text()
    shown = page.locator("p.value[data-kpi='marketing_spend']").inner_text()

    # Shared by its address: a fresh page opens the same window, grain and filter.
    again = page.context.new_page()
    again.goto(page.url)
    assert again.locator("p.value[data-kpi='marketing_spend']").inner_text() == shown
    assert "email" in again.locator("p.window a.chip").inner_text()
    assert again.locator("nav.pills a[aria-current=true]", has_text="Last 30 days").count() == 1

    follow(page, chip, lambda url: "/view/cmo" in url and "channel=" not in url)
    assert query(page)["period"] == ["last_30_days"], "the chip removes only the filter"
