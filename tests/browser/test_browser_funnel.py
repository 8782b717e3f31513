"""The funnel page: sessions → leads → MQL → SQL → deals → won, with conversions and costs."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from browser_kit import (
    BROWSER,
    WITH_DATA,
    Login,
    World,
    follow,
    parse_count,
    parse_percent,
    screenshot,
    sign_in,
    wait_for_charts,
)

pytestmark = BROWSER

STAGES = [r"^sessions", r"^leads", r"^mqls?\b", r"^sqls?\b", r"^deals", r"\bwon\b"]


def test_funnel_stages_and_conversions(
    page: Any, world: World, users: dict[str, Login], artifacts: Path
) -> None:
    sign_in(page, users["sales"], f"/view/sales?{WITH_DATA}")
    follow(page, page.locator("nav.views a[href^='/funnel']"), "**/funnel**")

    stages = page.locator("ol.stages li.stage")
    labels = [t.strip() for t in stages.locator("h3").all_inner_texts()]
    assert len(labels) == len(STAGES), labels
    for label, pattern in zip(labels, STAGES, strict=True):
        assert re.search(pattern, label, re.IGNORECASE), f"{label!r} is not /{pattern}/"

    counts = [parse_count(t) for t in stages.locator(".stage-card p.value").all_inner_texts()]
    assert counts[0] > 0, "the demo has sessions in the window"
    conversions = stages.locator("p.conversion")
    assert conversions.count() == len(STAGES) - 1, "every stage but the first has a conversion"
    for i, text in enumerate(conversions.all_inner_texts(), start=1):
        if counts[i - 1]:
            expected = 100 * counts[i] / counts[i - 1]
            assert abs(parse_percent(text) - expected) <= 0.051, (labels[i], text, expected)
    assert stages.locator("p.cost").count() == len(STAGES), "a cost per stage"

    # The counts are the engine's: each stage links to its KPI, asked through the API.
    state = parse_qs(urlsplit(page.url).query)
    data = page.request.get("/api/v1/funnel?" + urlsplit(page.url).query).json()
    window = f"from={data['state']['from']}&to={data['state']['to']}"
    for href, count in zip(
        stages.locator("h3 a").evaluate_all("links => links.map(a => a.getAttribute('href'))"),
        counts,
        strict=True,
    ):
        kpi = urlsplit(href).path.removeprefix("/kpi/")
        rows = world.api(f"/api/v1/kpis/{kpi}?grain=year&{window}")["rows"]
        assert round(sum(r["value"] or 0 for r in rows)) == count, kpi
    assert state.get("period") == [data["state"]["period"]] == ["last_30_days"]

    channels = page.locator("section.per-channel tbody tr")
    assert channels.count() > 1, "the funnel per channel"
    assert channels.first.locator("td.num").count() == 1 + len(STAGES) + 1

    assert wait_for_charts(page) >= 1, "the funnel chart, drawn on the page htmx swapped in"
    screenshot(page, artifacts, "funnel")
