"""GET /api/v1/kpis and /api/v1/kpis/{id}: the real app over the fixture world, by token.

Every visible KPI answers exactly what the engine (and so `kpibridge query --format json`)
answers for the same options; bad options are 400s in the one error shape.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from api_world import ApiWorld, build_world, served
from typer.testing import CliRunner

from kpibridge.catalog import KpiSpec
from kpibridge.cli.main import app as cli
from kpibridge.engine import Engine
from kpibridge.server.i18n import translator_for
from kpibridge.workspace import Workspace


@dataclass(frozen=True)
class Case:
    """One query, as URL parameters and as engine arguments."""

    name: str
    params: list[tuple[str, str]]
    engine: dict[str, Any]
    needs_channel: bool = False
    only: tuple[str, ...] = ()  # these KPIs only (default: every visible one)

    def applies(self, spec: KpiSpec) -> bool:
        if self.needs_channel and "channel" not in spec.dimensions:
            return False
        return not self.only or spec.id in self.only


CASES = [
    Case("monthly", [], {}),
    Case("by channel", [("by", "channel")], {"by": ["channel"]}, needs_channel=True),
    Case(
        "previous year, Q1 2025",
        [("compare", "previous_year"), ("from", "2025-01-01"), ("to", "2025-03-31")],
        {"compare": "previous_year", "start": date(2025, 1, 1), "end": date(2025, 3, 31)},
    ),
    Case(
        "weekly, search and email, previous period",
        [
            ("grain", "week"),
            ("where", "channel=search"),
            ("where", "channel=email"),
            ("compare", "previous_period"),
            ("from", "2025-02-01"),
            ("to", "2025-03-15"),
        ],
        {
            "grain": "week",
            "where": {"channel": ["search", "email"]},
            "compare": "previous_period",
            "start": date(2025, 2, 1),
            "end": date(2025, 3, 15),
        },
        needs_channel=True,
        only=("cac", "sales_revenue", "churn_rate", "win_rate", "email_open_rate"),
    ),
]


@pytest.fixture(scope="module")
def expected(world_path: Path, tokens: dict[str, str]) -> dict[tuple[str, str], dict[str, Any]]:
    """Engine answers for every visible KPI and case, computed before the app opens the file."""
    answers = {}
    with Workspace(world_path) as ws:
        for spec in ws.catalog.visible():
            for case in CASES:
                if case.applies(spec):
                    answer = ws.engine.query(spec.id, **case.engine).to_dict()
                    answers[(spec.id, case.name)] = answer
    return answers


@pytest.fixture(scope="module")
def world_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("api") / "ws"


@pytest.fixture(scope="module")
def tokens(world_path: Path) -> dict[str, str]:
    return build_world(world_path)


@pytest.fixture(scope="module")
def world(
    world_path: Path,
    tokens: dict[str, str],
    expected: dict[tuple[str, str], Any],
    cli_answers: list[Any],
) -> Iterator[ApiWorld]:
    with served(world_path, tokens) as served_world:
        yield served_world


def test_every_visible_kpi_answers_as_the_engine(
    world: ApiWorld, expected: dict[tuple[str, str], dict[str, Any]]
) -> None:
    assert len({kpi for kpi, _ in expected}) == len(world.workspace.catalog.visible()) == 44
    wrong = []
    for (kpi, case_name), answer in expected.items():
        case = next(c for c in CASES if c.name == case_name)
        response = world.get(f"/api/v1/kpis/{kpi}", params=case.params)
        assert response.status_code == 200, (kpi, case_name, response.text)
        if response.json() != answer:
            wrong.append((kpi, case_name))
    assert not wrong
    assert any(row["value"] for row in expected[("cac", "by channel")]["rows"])
    assert "change" in expected[("sales_revenue", "previous year, Q1 2025")]["rows"][0]


CLI_QUERIES = [
    ["marketing_spend", "--by", "channel", "--from", "2025-03-01", "--to", "2025-03-31"],
    ["cac", "--grain", "quarter", "--where", "channel=search", "--compare", "previous_period"],
    ["custom:innovation_index", "--grain", "day", "--to", "2025-02-10"],
]


def _url(argv: list[str]) -> tuple[str, list[tuple[str, str]]]:
    """The URL for `kpibridge query` arguments: KPI, then --option value pairs."""
    pairs = zip(argv[1::2], argv[2::2], strict=True)
    return f"/api/v1/kpis/{argv[0]}", [(option.removeprefix("--"), v) for option, v in pairs]


@pytest.fixture(scope="module")
def cli_answers(world_path: Path, expected: object) -> list[Any]:
    """What `kpibridge query … --format json` prints (run before the app opens the file)."""
    answers = []
    for argv in CLI_QUERIES:
        printed = CliRunner().invoke(
            cli, ["query", *argv, "--format", "json", "-w", str(world_path)]
        )
        assert printed.exit_code == 0, printed.output
        answers.append(json.loads(printed.stdout))
    return answers


def test_the_answer_is_the_cli_json(world: ApiWorld, cli_answers: list[Any]) -> None:
    for argv, printed in zip(CLI_QUERIES, cli_answers, strict=True):
        url, params = _url(argv)
        assert world.get(url, params=params).json() == printed, argv
    assert cli_answers[0]["rows"] == [
        {"period": "2025-03-01", "channel": "search", "value": 330.0},
        {"period": "2025-03-01", "channel": "social", "value": 120.0},
    ]


def test_catalog_cards_of_the_kpis_a_user_may_see(world: ApiWorld) -> None:
    catalog = world.workspace.catalog
    cards = world.get("/api/v1/kpis").json()["kpis"]
    assert [c["id"] for c in cards] == [s.id for s in catalog.visible()]
    cac = next(c for c in cards if c["id"] == "cac")
    assert cac == {
        "id": "cac",
        "name": catalog.get("cac").name,
        "description": catalog.get("cac").description,
        "formula": catalog.formula("cac"),
        "unit": "money",
        "direction": "down",
        "audiences": [a.value for a in catalog.get("cac").audiences],
        "dimensions": list(catalog.get("cac").dimensions),
        "owner": catalog.get("cac").owner,
    }
    search_only = world.get("/api/v1/kpis", who="search_only").json()["kpis"]
    assert search_only and all("channel" in c["dimensions"] for c in search_only)
    assert len(search_only) < len(cards)


def test_names_and_descriptions_follow_the_reader_language(world: ApiWorld) -> None:
    catalog = world.workspace.catalog
    german = translator_for("de")
    builtin = [s for s in catalog.visible() if not s.id.startswith("custom:")]
    for who, headers in (("german", {}), ("admin", {"Accept-Language": "de-CH, en;q=0.5"})):
        cards = {c["id"]: c for c in world.get("/api/v1/kpis", who, headers=headers).json()["kpis"]}
        for spec in builtin:
            assert cards[spec.id]["name"] == german.kpi_name(spec), (who, spec.id)
            assert cards[spec.id]["description"] == german.kpi_description(spec), (who, spec.id)


def test_row_level_security_applies_to_every_answer(world: ApiWorld) -> None:
    engine: Engine = world.workspace.engine
    mine = world.get("/api/v1/kpis/marketing_spend?by=campaign", who="search_only").json()
    assert (
        mine
        == engine.query("marketing_spend", by=["campaign"], where={"channel": "search"}).to_dict()
    )
    total = world.get("/api/v1/kpis/marketing_spend?from=2025-03-01", who="search_only").json()
    assert [r["value"] for r in total["rows"]] == [330.0]  # search only, totals included
    refused = world.get("/api/v1/kpis/marketing_spend?where=channel=email", who="search_only")
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
    no_channel = next(s for s in world.workspace.catalog.visible() if "channel" not in s.dimensions)
    assert world.get(f"/api/v1/kpis/{no_channel.id}", who="search_only").status_code == 403


def test_hidden_building_blocks_are_for_admins(world: ApiWorld) -> None:
    assert world.get("/api/v1/kpis/ad_clicks").status_code == 200
    refused = world.get("/api/v1/kpis/ad_clicks", who="cmo")
    assert refused.status_code == 403
    assert refused.json() == {
        "error": {"code": "forbidden", "message": "you may not see KPI 'ad_clicks'"}
    }


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "/api/v1/kpis/marketing_spnd",
            "unknown KPI 'marketing_spnd' (did you mean 'marketing_spend'?)",
        ),
        ("/api/v1/kpis/cac?grain=hour", "query.grain"),
        ("/api/v1/kpis/cac?compare=yesterday", "query.compare"),
        ("/api/v1/kpis/cac?by=planet", "cannot be broken down or filtered by planet"),
        ("/api/v1/kpis/cac?where=planet=mars", "cannot be broken down or filtered by planet"),
        ("/api/v1/kpis/cac?where=channel", "where 'channel': expected DIM=VALUE"),
        ("/api/v1/kpis/cac?from=2025-02-30", "from '2025-02-30': expected a date as YYYY-MM-DD"),
        ("/api/v1/kpis/cac?to=March", "to 'March': expected a date as YYYY-MM-DD"),
        ("/api/v1/kpis/cac?from=2025-03-01&to=2025-01-01", "is after"),
        ("/api/v1/kpis/cac?form=2025-01-01", "unknown query parameter(s) form"),
        ("/api/v1/kpis/cac?by=channel&by=campaign&where=x=1", "filtered by x"),
        ('/api/v1/kpis/cac?by="%3B%20DROP%20TABLE%20spend%3B--', 'filtered by "; DROP TABLE'),
    ],
)
def test_bad_parameters_are_400_in_the_one_error_shape(
    world: ApiWorld, url: str, message: str
) -> None:
    response = world.get(url)
    assert response.status_code == 400, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert body["error"]["code"] == "bad_request"
    assert message in body["error"]["message"]
    assert "Traceback" not in response.text
    assert world.sql("SELECT count(*) FROM spend")[0][0] > 0


def test_values_are_data_never_sql(world: ApiWorld) -> None:
    hostile = "x'); DROP TABLE spend; --"
    answer = world.get("/api/v1/kpis/marketing_spend", params={"where": f"channel={hostile}"})
    assert answer.status_code == 200
    assert {r["value"] for r in answer.json()["rows"]} == {0.0}
    assert world.sql("SELECT count(*) FROM spend")[0][0] == 10


def test_an_unexpected_failure_is_a_500_without_details(
    world: ApiWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret detail /srv/warehouse.duckdb")

    monkeypatch.setattr(Engine, "query_many", broken)
    response = world.get("/api/v1/kpis/cac")
    assert response.status_code == 500
    assert response.json() == {
        "error": {"code": "internal_error", "message": "Something went wrong; it has been logged."}
    }
    assert "secret" not in response.text and "Traceback" not in response.text


def test_callers_must_sign_in(world: ApiWorld) -> None:
    for url in ("/api/v1/kpis", "/api/v1/kpis/cac", "/api/v1/changes"):
        response = world.client.get(url)
        assert response.status_code == 401, url
        assert response.json()["error"]["code"] == "unauthorized"
        bad = world.client.get(url, headers={"Authorization": "Bearer kpib_not-a-token"})
        assert bad.status_code == 401, url


def test_openapi_documents_every_endpoint_and_parameter(world: ApiWorld) -> None:
    document = world.get("/api/openapi.json").json()
    paths = document["paths"]
    mine = {
        ("/api/v1/kpis", "get"): "KpiList",
        ("/api/v1/kpis/{kpi}", "get"): "QueryAnswer",
        ("/api/v1/events/{table}", "post"): "LoadAnswer",
        ("/api/v1/changes", "get"): "Changes",
    }
    for (path, method), model in mine.items():
        operation = paths[path][method]
        assert operation["summary"] and operation["description"], path
        for parameter in operation.get("parameters", []):
            assert parameter.get("description"), (path, parameter["name"])
        ok = operation["responses"]["200"]["content"]["application/json"]["schema"]
        assert ok == {"$ref": f"#/components/schemas/{model}"}, path
        errors = [s for s in operation["responses"] if s.startswith("4")]
        for status in errors:
            schema = operation["responses"][status]["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/ErrorBody"}, (path, status)
    query = {p["name"] for p in paths["/api/v1/kpis/{kpi}"]["get"]["parameters"]}
    assert query == {"kpi", "grain", "by", "where", "from", "to", "compare"}
    events = paths["/api/v1/events/{table}"]["post"]
    assert "rows" in events["requestBody"]["content"]["application/json"]["schema"]["properties"]
    assert set(events["responses"]) >= {"200", "401", "403", "413", "422"}
    docs = world.get("/api/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()
