"""The KPI page: drill-down channel → campaign kept in the URL, CSV exports, and what a
channel-restricted user may see."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from browser_kit import (
    BROWSER,
    WITH_DATA,
    Console,
    Login,
    World,
    follow,
    screenshot,
    shown_kpis,
    sign_in,
    view_kpis,
    wait_for_charts,
)

pytestmark = BROWSER

KPI = "cac"


def row_labels(page: Any, dimension: str) -> list[str]:
    """The first column of a breakdown table (channels, campaigns …)."""
    cells = page.locator(f"#by-{dimension} tbody th[scope=row]")
    return [c.strip() for c in cells.all_inner_texts()]


def campaigns_by_channel(world: World, kpi: str) -> dict[str, set[str]]:
    """Every campaign of each channel, from the API (over all the KPI's facts)."""
    rows = world.api(f"/api/v1/kpis/{kpi}?by=channel&by=campaign&grain=year")["rows"]
    found: dict[str, set[str]] = {}
    for row in rows:
        if row["campaign"] is not None:
            found.setdefault(row["channel"], set()).add(row["campaign"])
    return found


def download_csv(page: Any, link: Any) -> tuple[str, list[dict[str, str]]]:
    """Click a download link; the file's suggested name and its rows."""
    with page.expect_download() as started:
        link.click()
    download = started.value
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    return download.suggested_filename, list(csv.DictReader(text.splitlines()))


def test_drill_down_from_card_to_campaigns(
    page: Any, world: World, users: dict[str, Login], artifacts: Path
) -> None:
    sign_in(page, users["cmo"], f"/view/cmo?{WITH_DATA}")
    follow(page, page.locator(f"#name-{KPI} a"), f"**/kpi/{KPI}?**")
    assert urlsplit(page.url).path == f"/kpi/{KPI}"
    assert page.locator(f"article.card p.value[data-kpi='{KPI}']").is_visible()
    channels = row_labels(page, "channel")
    assert channels, "the KPI page breaks the value down by channel"
    channel = channels[0]

    link = page.locator("#by-channel tbody th a", has_text=channel).first
    follow(page, link, f"**channel={channel}**")
    state = parse_qs(urlsplit(page.url).query)
    assert state.get("channel") == [channel], page.url
    assert page.locator("nav.drill [aria-current=location]").inner_text().strip() == channel
    assert row_labels(page, "channel") == [channel]
    campaigns = [c for c in row_labels(page, "campaign") if not c.startswith("(")]
    assert campaigns, f"no campaign breakdown for {channel}"
    of_channel = campaigns_by_channel(world, KPI)[channel]
    assert set(campaigns) <= of_channel, f"other channels: {set(campaigns) - of_channel}"

    # The address holds the state: opened afresh it shows the same drill-down.
    shared = page.context.new_page()
    shared.goto(page.url)
    assert shared.locator("nav.drill [aria-current=location]").inner_text().strip() == channel
    assert [c for c in row_labels(shared, "campaign") if not c.startswith("(")] == campaigns
    wait_for_charts(shared)
    screenshot(shared, artifacts, f"kpi-{KPI}-{channel}")

    name, rows = download_csv(page, page.locator("#by-campaign a.csv"))
    assert name.endswith(".csv") and f"{KPI}-by-campaign" in name
    assert rows and {"kpi", "campaign", "value"} <= set(rows[0])
    assert {r["kpi"] for r in rows} == {KPI}
    listed = {r["campaign"] for r in rows if r["campaign"] and not r["campaign"].startswith("(")}
    assert set(campaigns) <= listed <= of_channel

    table = page.locator("details.data-table tbody tr")
    name, rows = download_csv(page, page.locator("details.data-table summary a[download]"))
    assert name.endswith(".csv") and f"{KPI}-" in name
    assert rows and {"kpi", "period", "value"} <= set(rows[0])
    assert len(rows) == table.count(), "the trend CSV has the data table's periods"


def test_restricted_user_sees_only_their_channels(
    page: Any, world: World, users: dict[str, Login], console: Console
) -> None:
    login = users["agency"]
    allowed = set(login.channels)
    sign_in(page, login)
    assert urlsplit(page.url).path == "/view/cmo"

    splittable = [k for k in view_kpis("cmo") if "channel" in world.kpis[k]["dimensions"]]
    assert len(splittable) < len(view_kpis("cmo")), "the CMO view has company-wide KPIs"
    assert shown_kpis(page) == splittable, "company-wide KPIs are not shown to them"

    page.goto(f"/kpi/{KPI}?{WITH_DATA}")
    channels = row_labels(page, "channel")
    assert channels and set(channels) <= allowed, channels
    of_channel = campaigns_by_channel(world, KPI)
    theirs = set().union(*(of_channel.get(c, set()) for c in allowed))
    campaigns = {c for c in row_labels(page, "campaign") if not c.startswith("(")}
    assert campaigns <= theirs, f"campaigns of other channels: {campaigns - theirs}"
    options = page.locator("#options-channel option").evaluate_all("os => os.map(o => o.value)")
    assert set(options) <= allowed, options

    console.allow(r"status of 40[34]")
    company_wide = next(k for k in view_kpis("cmo") if k not in splittable)
    response = page.goto(f"/kpi/{company_wide}")
    assert response is not None and response.status in (403, 404)
    assert page.locator("p.value").count() == 0
    other = next(c for c in sorted(of_channel) if c not in allowed)
    response = page.goto(f"/kpi/{KPI}?channel={other}")
    assert response is not None and response.status == 403
    assert page.locator("p.value").count() == 0
