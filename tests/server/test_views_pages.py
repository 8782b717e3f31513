"""The role views over the fixture world: cards carry the engine's values, tones follow the
direction of each KPI, and the HTML shows exactly what the JSON twin says."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from api_world import ApiWorld, build_world, served
from auth_helpers import add_user, make_token
from views_world import FEBRUARY, MARCH, card_html, cards, page_html, page_json, shown

from kpibridge.testing.fixture_expected import MONTHLY


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiWorld]:
    path = tmp_path_factory.mktemp("views") / "ws"
    tokens = build_world(path)
    for role in ("ceo", "sales", "viewer"):
        add_user(path, f"the_{role}", role)
        tokens[role] = make_token(path, f"the_{role}")
    with served(path, tokens) as served_world:
        yield served_world


def close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


@pytest.mark.parametrize("view", ["ceo", "cmo", "sales", "shared"])
def test_cards_carry_the_engines_values_and_comparisons(world: ApiWorld, view: str) -> None:
    page = page_json(world, f"/api/v1/views/{view}?{MARCH}")
    engine = world.workspace.engine
    start, end = date(2025, 3, 1), date(2025, 3, 31)
    shown_cards = cards(page)
    kpis = list(shown_cards)
    before = engine.query_many(kpis, "month", start=start, end=end, compare="previous_period")
    year_ago = engine.query_many(kpis, "month", start=start, end=end, compare="previous_year")
    for kpi, card in shown_cards.items():
        (row,) = before[kpi].rows()
        (last,) = year_ago[kpi].rows()
        assert close(card["value"], row["value"]), kpi
        previous, last_year = card["comparisons"]
        assert close(previous["value"], row["compare_value"]), kpi
        assert close(previous["change"], row["change"]), kpi
        assert close(last_year["value"], last["compare_value"]), kpi
        assert close(last_year["change"], last["change"]), kpi


def test_cards_match_the_hand_checked_fixture(world: ApiWorld) -> None:
    page = cards(page_json(world, f"/api/v1/views/cmo?{MARCH}"))
    for kpi in ("cac", "sessions", "leads", "churn_rate", "nps", "marketing_spend"):
        _, feb, mar = MONTHLY[kpi]
        assert close(page[kpi]["value"], None if mar is None else float(mar)), kpi
        assert close(page[kpi]["comparisons"][0]["value"], None if feb is None else float(feb))


@pytest.mark.parametrize(
    ("kpi", "tone"),
    [
        ("cac", "bad"),  # 100 -> 225: a rising cost is bad
        ("churn_rate", "bad"),  # 1/5 -> 3/8
        ("sessions", "bad"),  # 7 -> 5
        ("leads", "good"),  # 3 -> 4
        ("marketing_spend", "neutral"),  # direction none
        ("nps", "neutral"),  # 0 -> 0
    ],
)
def test_colours_follow_the_direction_of_the_kpi(world: ApiWorld, kpi: str, tone: str) -> None:
    card = cards(page_json(world, f"/api/v1/views/cmo?{MARCH}"))[kpi]
    assert card["comparisons"][0]["tone"] == tone
    article = card_html(page_html(world, f"/view/cmo?{MARCH}"), kpi)
    assert f'<li class="change {tone}">' in article


def test_a_falling_cost_is_good(world: ApiWorld) -> None:
    # CAC Feb 100 vs Jan 400/3: down, and down is good for a cost
    card = cards(page_json(world, f"/api/v1/views/cmo?{FEBRUARY}"))["cac"]
    assert card["value"] == 100.0 and card["comparisons"][0]["change"] < 0
    assert card["comparisons"][0]["tone"] == "good"


@pytest.mark.parametrize("view", ["ceo", "cmo", "sales", "shared"])
def test_the_html_shows_what_the_json_twin_says(world: ApiWorld, view: str) -> None:
    page = page_json(world, f"/api/v1/views/{view}?{MARCH}")
    text = page_html(world, f"/view/{view}?{MARCH}")
    assert f"<h1>{shown(page['title'])}</h1>" in text
    for kpi, card in cards(page).items():
        article = card_html(text, kpi)
        assert f'data-kpi="{kpi}">{shown(card["display"])}</p>' in article
        assert shown(card["name"]) in article and shown(card["period"]) in article
        for comparison in card["comparisons"]:
            assert shown(comparison["change_display"]) in article
            assert shown(comparison["display"]) in article
        assert f"<code>{shown(card['definition']['formula'])}</code>" in article
    for row in page["drivers"]:
        for chip in (row["kpi"], *row["cmo"], *row["sales"]):
            assert shown(chip["display"]) in text


def test_a_rolling_window_is_compared_with_the_window_before_it(world: ApiWorld) -> None:
    url = "/api/v1/views/cmo?period=custom&from=2025-02-10&to=2025-03-11"
    page = page_json(world, url)
    spend = cards(page)["marketing_spend"]
    # Feb 15 100 + Feb 28 50 + Mar 1 300 + Mar 10 120; before: Jan 20 150 + Jan 25 50 + Feb 1 250
    assert spend["value"] == 570.0
    previous, last_year = spend["comparisons"]
    assert previous["value"] == 450.0 and close(previous["change"], 120 / 450)
    assert last_year["value"] == 100.0  # 2024-02-14
    churn = cards(page)["churn_rate"]  # measured per calendar period
    assert churn["value"] is None and churn["note_code"] == "calendar_only"
    assert churn["note"] in page_html(world, url.replace("/api/v1/views", "/view"))


def test_filters_apply_where_a_kpi_has_the_dimension(world: ApiWorld) -> None:
    page = page_json(world, f"/api/v1/views/cmo?{MARCH}&channel=search&region=north")
    found = cards(page)
    # sessions have channel but no region: filtered by channel only, and said so
    assert found["sessions"]["value"] == 3.0
    assert found["sessions"]["ignored_filters"] == ["region"]
    assert found["cac"]["ignored_filters"] == ["region"]
    assert [f["dimension"] for f in page["picker"]["filters"]] == [
        "channel",
        "campaign",
        "segment",
        "region",
    ]
    assert page["state"]["filters"] == {"channel": ["search"], "region": ["north"]}


@pytest.mark.parametrize(
    ("who", "view"),
    [("ceo", "ceo"), ("cmo", "cmo"), ("sales", "sales"), ("admin", "shared"), ("viewer", "shared")],
)
def test_the_home_page_is_the_roles_view(world: ApiWorld, who: str, view: str) -> None:
    answer = world.get("/?lang=de", who, follow_redirects=False)
    assert answer.status_code == 302
    assert answer.headers["location"] == f"/view/{view}?lang=de"


def test_the_page_state_round_trips_through_its_url(world: ApiWorld) -> None:
    url = f"/api/v1/views/sales?{MARCH}&grain=week&compare=previous_period&segment=smb"
    state = page_json(world, url)["state"]
    again = page_json(world, f"/api/v1/views/sales?{state['query']}")["state"]
    assert again == state
    assert state["grain"] == "week" and state["filters"] == {"segment": ["smb"]}


def test_htmx_gets_only_the_page_element(world: ApiWorld) -> None:
    text = page_html(world, f"/view/ceo?{MARCH}", **{"HX-Request": "true"})
    assert not text.lstrip().startswith("<!doctype")
    assert '<div id="page" data-live' in text and "<title>" in text
    # live.js re-fetches #page from the address of the state it shows
    href = page_json(world, f"/api/v1/views/ceo?{MARCH}")["href"]
    assert f'data-live hx-get="{shown(href)}" hx-trigger="refresh"' in text
    assert "/api/v1/views/ceo?" in text and 'hx-boost="false"' in text
    full = page_html(world, f"/view/ceo?{MARCH}")
    assert full.startswith("<!doctype html>")


def test_pages_run_no_inline_script(world: ApiWorld) -> None:
    for url in (f"/view/cmo?{MARCH}", f"/kpi/cac?{MARCH}", f"/funnel?{MARCH}"):
        text = page_html(world, url)
        for tag in re.findall(r"<script\b[^>]*>", text):
            assert 'src="/static/' in tag or 'type="application/json"' in tag, tag
        assert not re.search(r"\son[a-z]+\s*=", text), "inline event handler"
        assert "javascript:" not in text


def test_every_chart_has_a_title_and_a_description(world: ApiWorld) -> None:
    page = page_json(world, f"/api/v1/views/cmo?{MARCH}")
    for card in cards(page).values():
        chart = card["sparkline"]
        assert chart["spec"]["description"] and chart["spec"]["title"]["text"]
        assert chart["spec"]["$schema"].endswith("vega-lite/v6.json")


def test_language_links_and_the_sign_out_form(world: ApiWorld) -> None:
    text = page_html(world, f"/view/ceo?{MARCH}&lang=de")
    assert '<html lang="de">' in text
    assert 'hreflang="ja"' in text and "lang=ja" in text
    assert re.search(r'<form method="post" action="/logout"', text)
    assert 'name="csrf_token"' in text


def test_a_user_who_may_see_some_channels_sees_only_their_kpis(world: ApiWorld) -> None:
    page = page_json(world, f"/api/v1/views/ceo?{MARCH}", who="search_only")
    shown_kpis = set(cards(page))
    assert "profit_margin" not in shown_kpis  # no channel split: refused to them
    assert "sales_revenue" in shown_kpis
    assert cards(page)["sales_revenue"]["value"] == 150.0  # search only, March


def test_unknown_views_and_kpis_are_not_found(world: ApiWorld) -> None:
    assert world.get("/view/nope").status_code == 404
    assert world.get("/api/v1/views/nope").status_code == 404
    assert world.get("/kpi/nope").status_code == 404
    assert world.get("/api/v1/kpis/nope/page").status_code == 404


def test_a_broken_dashboard_file_is_reported_with_its_line(world: ApiWorld) -> None:
    boards = Path(world.path) / "dashboards"
    boards.mkdir(exist_ok=True)
    broken = boards / "broken.yaml"
    broken.write_text("id: broken\ntitle: Broken\nkpis: [sessionz]\n")
    try:
        answer = world.get("/api/v1/views/ceo")
        assert answer.status_code == 400
        message = answer.json()["error"]["message"]
        assert "broken.yaml:3" in message and "did you mean 'sessions'" in message
    finally:
        broken.unlink()
    assert world.get(f"/api/v1/views/ceo?{MARCH}").status_code == 200


def test_a_window_across_a_new_year_is_recombined_where_its_inputs_add_up(
    world: ApiWorld,
) -> None:
    window = "period=custom&from=2024-12-15&to=2025-01-31"
    cmo = cards(page_json(world, f"/api/v1/views/cmo?{window}"))
    assert cmo["marketing_spend"]["value"] == 400.0  # nothing in December, 400 in January
    # customers c02 (Dec 20), c03, c04, c12 for leads l01–l04
    assert cmo["cac"]["value"] == 100.0
    assert cmo["lead_to_customer_rate"]["value"] == 1.0
    previous, last_year = cmo["marketing_spend"]["comparisons"]
    assert previous["value"] == 0.0 and previous["change"] is None  # 2024-10-28 … 2024-12-14
    assert last_year["value"] == 0.0
    visitors = cmo["unique_visitors"]  # distinct visitors do not add up across the new year
    assert visitors["value"] is None and visitors["note_code"] == "crosses_year"
    sales = cards(page_json(world, f"/api/v1/views/sales?{window}"))
    assert sales["sales_revenue"]["value"] == 430.0
    assert sales["pipeline_value"]["value"] == 3100.0  # the level at the end of the window
