"""Row-level security through the real app: the API answers a restricted user with their
channels only, totals included."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from auth_helpers import add_user, make_token
from fastapi.testclient import TestClient

from kpibridge.server import create_app
from kpibridge.workspace import Workspace

SPEND = {"paid_search": 100.0, "paid_social": 40.0, "email": 7.5}


@pytest.fixture(scope="module")
def clients(tmp_path_factory: pytest.TempPathFactory) -> dict[str, TestClient]:
    root = tmp_path_factory.mktemp("rls") / "ws"
    yesterday = date.today() - timedelta(days=1)
    with Workspace.init(root) as ws:
        for channel, cost in SPEND.items():
            ws.warehouse.raw.execute(
                "INSERT INTO spend VALUES (?, ?, NULL, ?, NULL, 10, 1, 'media', 1)",
                [yesterday, channel, cost],
            )
    add_user(root, "admin", "admin")
    add_user(root, "agency", "cmo", "paid_search,paid_social")
    app = create_app(root)
    return {
        name: TestClient(app, headers={"Authorization": f"Bearer {make_token(root, name)}"})
        for name in ("admin", "agency")
    }


def overview(client: TestClient) -> dict[str, dict[str, object]]:
    answer = client.get("/api/v1/overview")
    assert answer.status_code == 200, answer.text
    return {line["id"]: line for line in answer.json()["kpis"]}


def test_the_overview_covers_the_users_channels_only(clients: dict[str, TestClient]) -> None:
    everything, agency = overview(clients["admin"]), overview(clients["agency"])
    assert everything["marketing_spend"]["value"] == 147.5
    assert agency["marketing_spend"]["value"] == 140.0
    assert "profit_margin" in everything and "profit_margin" not in agency


def test_the_kpi_api_keeps_restricted_users_to_their_channels(
    clients: dict[str, TestClient],
) -> None:
    agency = clients["agency"]
    ids = {k["id"] for k in agency.get("/api/v1/kpis").json()["kpis"]}
    assert "marketing_spend" in ids and "profit_margin" not in ids
    rows = agency.get("/api/v1/kpis/marketing_spend", params={"by": "channel"}).json()["rows"]
    assert {r["channel"] for r in rows if r["value"]} == {"paid_search", "paid_social"}
    other = agency.get("/api/v1/kpis/marketing_spend", params={"where": "channel=email"})
    assert other.status_code == 403 and other.json()["error"]["code"] == "forbidden"
    total = agency.get("/api/v1/kpis/profit_margin")
    assert total.status_code == 403
