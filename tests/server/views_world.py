"""The fixture world served by the real app, for the dashboard page tests."""

from __future__ import annotations

import html
import re
from typing import Any

from api_world import ApiWorld

MARCH = "period=custom&from=2025-03-01&to=2025-03-31"
FEBRUARY = "period=custom&from=2025-02-01&to=2025-02-28"


def page_json(world: ApiWorld, url: str, who: str = "admin") -> dict[str, Any]:
    answer = world.get(url, who)
    assert answer.status_code == 200, answer.text
    data: dict[str, Any] = answer.json()
    return data


def page_html(world: ApiWorld, url: str, who: str = "admin", **headers: str) -> str:
    answer = world.get(url, who, headers=headers)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/html")
    text: str = answer.text
    return text


def cards(page: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The cards of a view's JSON twin, by KPI."""
    return {c["kpi"]: c for s in page["sections"] for c in s["cards"]}


def card_html(text: str, kpi: str) -> str:
    """The <article> of `kpi`'s card in a page."""
    found = re.search(
        r'<article class="card[^"]*"[^>]*aria-labelledby="name-'
        + re.escape(kpi.replace(":", "-"))
        + r'">(.*?)</article>',
        text,
        re.S,
    )
    assert found, f"no card for {kpi}"
    return found.group(1)


def shown(value: str) -> str:
    """`value` as it appears in the HTML (escaped)."""
    return html.escape(value, quote=False)
