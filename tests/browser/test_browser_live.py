"""Live pages: events posted to the API show on an open page within seconds, without a reload;
and charts are drawn on pages htmx swaps in (links, the picker, live refreshes)."""

from __future__ import annotations

import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from browser_kit import (
    BROWSER,
    Login,
    World,
    card_value,
    follow,
    missing_chart_specs,
    sign_in,
    wait_for_charts,
)

pytestmark = BROWSER

KPI = "sales_revenue"
LIVE_SECONDS = 15  # the server asks pages to poll every 5 s; a busy 2-core machine needs slack


def post_sale(world: World, amount: float) -> None:
    """A new customer and their order, today (workspace time), through the events API."""
    now = datetime.now(ZoneInfo(world.timezone)) - timedelta(minutes=1)
    key = uuid.uuid4().hex[:10]
    customer = {
        "customer_id": f"BROWSER-{key}",
        "acquired_at": now.isoformat(timespec="seconds"),
        "channel": "paid_search",
        "segment": "SMB",
    }
    order = {
        "order_id": f"BROWSER-O-{key}",
        "customer_id": customer["customer_id"],
        "ordered_at": now.isoformat(timespec="seconds"),
        "amount": amount,
    }
    for table, row in (("customers", customer), ("orders", order)):
        answer = world.post(f"/api/v1/events/{table}", {"rows": [row]})
        assert answer["status"] == "loaded" and answer["rows_added"] == 1, answer


def test_card_follows_posted_events(
    page: Any, world: World, users: dict[str, Login], artifacts: Path
) -> None:
    today = datetime.now(ZoneInfo(world.timezone)).date()
    window = f"period=custom&from={today - timedelta(days=7)}&to={today}"
    sign_in(page, users["sales"], f"/view/sales?{window}")
    value = card_value(page, KPI)
    before = value.inner_text()
    page.wait_for_function("() => document.documentElement.hasAttribute('data-live-version')")
    version = page.locator("html").get_attribute("data-live-version")
    page.evaluate("() => { window.notReloaded = true; }")
    address = page.url

    post_sale(world, 12345.67)
    posted = time.monotonic()
    page.wait_for_function(
        "([kpi, before]) => {"
        "  const v = document.querySelector(`p.value[data-kpi='${kpi}']`);"
        "  return v && v.innerText !== before; }",
        arg=[KPI, before],
        timeout=LIVE_SECONDS * 1000,
    )
    latency = time.monotonic() - posted
    (artifacts / "live-latency.txt").write_text(f"{latency:.1f} s\n", encoding="utf-8")

    assert page.evaluate("() => window.notReloaded === true"), "the page was reloaded"
    assert page.url == address
    assert page.locator("html").get_attribute("data-live-version") != version
    twin = page.request.get(f"/api/v1/views/sales?{urlsplit(address).query}").json()
    cards = {c["kpi"]: c for s in twin["sections"] for c in s["cards"]}
    assert value.inner_text() == cards[KPI]["display"]
    missing = missing_chart_specs(page)
    assert not missing, f"chart specs missing after the live refresh: {missing}"
    assert wait_for_charts(page) > 0, "sparklines are drawn again after the live refresh"


def test_charts_drawn_after_in_page_navigation(page: Any, users: dict[str, Login]) -> None:
    """Links are boosted by htmx (the page is swapped in place); its charts must be drawn."""
    sign_in(page, users["ceo"])
    assert wait_for_charts(page) > 0
    follow(page, page.locator("#name-cac a"), "**/kpi/cac?**")
    missing = missing_chart_specs(page)
    assert not missing, f"chart specs missing from the page htmx swapped in: {missing}"
    assert wait_for_charts(page) > 0
