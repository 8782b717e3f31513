"""The KPI page (trend, breakdowns, drill-down, CSV) and the funnel over the fixture world."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path

import pytest
from api_world import ApiWorld, build_world, served
from auth_helpers import bearer
from fastapi.testclient import TestClient
from views_world import FEBRUARY, MARCH, page_html, page_json, shown

from kpibridge.cli.output import safe_cell as cli_safe_cell
from kpibridge.server import create_app
from kpibridge.server.views.export import safe_cell
from kpibridge.testing.fixture_expected import MONTHLY_BY_CHANNEL
from kpibridge.testing.fixture_world import insert_rows
from kpibridge.workspace import Workspace


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiWorld]:
    path = tmp_path_factory.mktemp("kpi") / "ws"
    with served(path, build_world(path)) as served_world:
        yield served_world


def rows_by(page: dict, dimension: str) -> dict:
    (found,) = [b for b in page["breakdowns"] if b["dimension"] == dimension]
    return {r["value_key"]: r for r in found["rows"]}


def test_the_kpi_page_breaks_the_kpi_down_by_each_dimension(world: ApiWorld) -> None:
    page = page_json(world, f"/api/v1/kpis/sales_revenue/page?{FEBRUARY}")
    assert [b["dimension"] for b in page["breakdowns"]] == [
        "channel",
        "campaign",
        "segment",
        "region",
    ]
    by_channel = rows_by(page, "channel")
    for channel, (jan, feb, _) in MONTHLY_BY_CHANNEL["sales_revenue"].items():
        assert by_channel[channel]["value"] == float(feb)
        assert by_channel[channel]["previous"] == float(jan)
    assert page["card"]["value"] == 560.0
    # largest first; each channel row drills down to that channel
    assert [r["value_key"] for r in rows_by(page, "channel").values()] == [
        "search",
        "social",
        "email",
    ]
    assert "channel=search" in by_channel["search"]["href"]
    assert by_channel["search"]["href"].endswith("#by-campaign")


def test_clicking_a_channel_breaks_it_down_by_campaign(world: ApiWorld) -> None:
    page = page_json(world, f"/api/v1/kpis/sales_revenue/page?{FEBRUARY}&channel=search")
    assert page["breakdowns"][0]["dimension"] == "campaign"
    by_campaign = rows_by(page, "campaign")
    # search in February: brand o04 60 − o07 50 (refund) + o13 40; promo o06 300
    assert by_campaign["brand"]["value"] == 50.0
    assert by_campaign["promo"]["value"] == 300.0
    assert page["card"]["value"] == 350.0
    assert [link["label"] for link in page["drill"]] == ["All channels", "search"]
    assert "channel=" not in page["drill"][0]["href"]
    text = page_html(world, f"/kpi/sales_revenue?{FEBRUARY}&channel=search")
    assert 'aria-current="location">search</span>' in text
    assert 'id="by-campaign"' in text


def test_the_trend_carries_the_comparison_line(world: ApiWorld) -> None:
    url = f"/api/v1/kpis/sessions/page?{MARCH}&compare=previous_period"
    page = page_json(world, url)
    march = page["trend_rows"][-1]
    assert (march["period"], march["value"], march["compare_value"]) == ("2025-03-01", 5.0, 7.0)
    series = {p["series"] for p in page["trend"]["spec"]["data"]["values"]}
    assert series == {page["name"], "Previous period"}
    week = page_json(world, f"/api/v1/kpis/sessions/page?{MARCH}&grain=week")
    assert {r["period"] for r in week["trend_rows"]} >= {"2025-03-03", "2025-03-10"}


def test_the_kpi_page_html_shows_the_json(world: ApiWorld) -> None:
    page = page_json(world, f"/api/v1/kpis/cac/page?{MARCH}")
    text = page_html(world, f"/kpi/cac?{MARCH}")
    assert f'data-kpi="cac">{shown(page["card"]["display"])}</p>' in text
    for breakdown in page["breakdowns"]:
        for row in breakdown["rows"]:
            assert shown(row["display"]) in text and shown(row["label"]) in text
    for row in page["trend_rows"]:
        assert shown(row["display"]) in text


def test_the_csv_export_holds_the_trend_and_the_breakdowns(world: ApiWorld) -> None:
    answer = world.get(f"/kpi/leads.csv?{MARCH}&compare=previous_period")
    assert answer.headers["content-type"].startswith("text/csv")
    assert "attachment" in answer.headers["content-disposition"]
    table = list(csv.reader(io.StringIO(answer.text)))
    assert table[0] == ["kpi", "period", "value", "previous_period", "change"]
    assert table[-1][:4] == ["leads", "2025-03-01", "4.0", "3.0"]
    same = world.get(f"/kpi/leads?{MARCH}&compare=previous_period&format=csv")
    assert same.text == answer.text
    by = world.get(f"/kpi/leads.csv?{MARCH}&breakdown=channel")
    lines = {r[3]: r for r in csv.reader(io.StringIO(by.text))}
    assert lines["search"][4:6] == ["2.0", "1.0"]
    assert world.get(f"/kpi/leads.csv?{MARCH}&breakdown=region").status_code == 400


def test_csv_cells_that_a_spreadsheet_would_run_are_escaped(tmp_path: Path) -> None:
    names = ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "plain"]
    with Workspace.init(tmp_path / "ws") as ws:
        rows = [
            ("2025-03-0" + str(i + 1), "ads", name, "10.00", "USD", 1, 1, "media", 1)
            for i, name in enumerate(names)
        ]
        insert_rows(
            ws,
            "spend",
            (
                "date",
                "channel",
                "campaign",
                "cost",
                "currency",
                "impressions",
                "clicks",
                "category",
                "fx_rate",
            ),
            rows,
        )
    client = TestClient(create_app(tmp_path / "ws"), headers=bearer(tmp_path / "ws"))
    answer = client.get(f"/kpi/marketing_spend.csv?{MARCH}&breakdown=campaign")
    assert answer.status_code == 200, answer.text
    cells = {r[3] for r in csv.reader(io.StringIO(answer.text))}
    assert {'\'=HYPERLINK("http://x")', "'+1", "'-2", "'@SUM(A1)", "plain"} <= cells
    for cell in ["=1", "+1", "-1", "@a", "\tx", "\rx", "x", None, 1.5]:
        assert safe_cell(cell) == cli_safe_cell(cell)


F = Fraction


def test_the_funnel_counts_every_stage_hand_checked(world: ApiWorld) -> None:
    page = page_json(world, f"/api/v1/funnel?{FEBRUARY}")
    stages = {s["kpi"]: s for s in page["stages"]}
    # February (local): sessions s06–s12; leads l05 l06 l07; MQLs l02 l04 l05 l07; SQLs l04;
    # deals created d04 (Feb 1) d05 d06; won by close d03 d04 (d09 closes Mar 1 local)
    counts = {"sessions": 7, "leads": 3, "mqls": 4, "sqls": 1, "deals_created": 3, "deals_won": 2}
    assert {k: s["value"] for k, s in stages.items()} == counts
    conversions = [None, F(3, 7), F(4, 3), F(1, 4), F(3, 1), F(2, 3)]
    for stage, expected in zip(page["stages"], conversions, strict=True):
        assert stage["conversion"] == (None if expected is None else pytest.approx(float(expected)))
        assert stage["cost"] == pytest.approx(400 / counts[stage["kpi"]])  # spend 400
    assert page["spend"] == 400.0 and page["overall"] == pytest.approx(2 / 7)


def test_the_funnel_per_channel(world: ApiWorld) -> None:
    page = page_json(world, f"/api/v1/funnel?{FEBRUARY}")
    channels = {c["channel"]: c for c in page["channels"]}
    search = {s["kpi"]: s["value"] for s in channels["search"]["stages"]}
    # search: s07 s08 s12; l05; MQL l04 l05; SQL l04; deal d05 created; d03 won (l04)
    assert search == {
        "sessions": 3,
        "leads": 1,
        "mqls": 2,
        "sqls": 1,
        "deals_created": 1,
        "deals_won": 1,
    }
    email = {s["kpi"]: s["value"] for s in channels["email"]["stages"]}
    # email: s11; l07; MQL l07; no SQL in Feb (l07's is Mar 1 local); d04 (via c07) d06; d04 won
    assert email == {
        "sessions": 1,
        "leads": 1,
        "mqls": 1,
        "sqls": 0,
        "deals_created": 2,
        "deals_won": 1,
    }
    assert channels["search"]["spend"] == 250.0
    assert channels["search"]["stages"][0]["cost"] == pytest.approx(250 / 3)
    assert "channel=search" in channels["search"]["href"]
    text = page_html(world, f"/funnel?{FEBRUARY}")
    for channel in page["channels"]:
        assert shown(channel["spend_display"]) in text
    for stage in page["stages"]:
        assert shown(stage["display"]) in text and shown(stage["cost_display"]) in text


def test_funnel_filters_not_every_stage_has_are_named(world: ApiWorld) -> None:
    page = page_json(world, f"/api/v1/funnel?{FEBRUARY}&segment=smb")
    assert set(page["ignored_filters"]) == {"Sessions", "Investment"}
    stages = {s["kpi"]: s["value"] for s in page["stages"]}
    assert stages["leads"] == 2  # l06 l07 are smb; l05 is ent


def test_the_pages_start_from_the_views_defaults(world: ApiWorld) -> None:
    tomorrow = date.today() + timedelta(days=1)  # the workspace's day may be ahead of UTC
    page = page_json(world, "/api/v1/funnel")
    assert page["state"]["period"] == "this_month" and page["state"]["to"] <= tomorrow.isoformat()
