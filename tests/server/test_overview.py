"""The KPI overview page and its JSON twin, served by the real app on a real warehouse."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from auth_helpers import bearer
from fastapi.testclient import TestClient

from kpibridge.server import create_app
from kpibridge.workspace import Workspace


def test_overview_lists_every_kpi_with_its_latest_value(tmp_path: Path) -> None:
    with Workspace.init(tmp_path / "ws", name="Acme <Outdoor>") as ws:
        yesterday = date.today() - timedelta(days=1)
        ws.warehouse.raw.execute(
            "INSERT INTO spend VALUES (?, 'email', NULL, 123.45, NULL, 10, 1, 'media', 1)",
            [yesterday],
        )
    client = TestClient(create_app(tmp_path / "ws"), headers=bearer(tmp_path / "ws"))

    data = client.get("/api/v1/overview").json()
    lines = {line["id"]: line for line in data["kpis"]}
    assert len(lines) == 41
    assert lines["marketing_spend"]["value"] == 123.45
    assert lines["marketing_spend"]["formula"] == "sum(spend.cost)"
    assert lines["cac"]["value"] is None

    page = client.get("/overview")
    assert page.status_code == 200
    assert "Marketing &amp; sales investment" in page.text
    assert "123.45 USD" in page.text
    assert "Acme &lt;Outdoor&gt;" in page.text  # names are escaped, never rendered as HTML
    assert client.get("/healthz").json() == {"status": "ok"}
