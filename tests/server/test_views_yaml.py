"""Dashboard views declared in YAML: the built-in ones, workspace overrides, file:line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpibridge.catalog import load_catalog
from kpibridge.errors import SpecError
from kpibridge.server.views.loader import check_views, load_views

CATALOG = load_catalog()

CEO = [
    "sales_revenue", "revenue_growth", "profit_margin", "return_on_capital", "market_share",
    "nps", "retention_rate", "employee_turnover", "employee_engagement", "cac",
    "ltv_cac_ratio", "romi",
]  # fmt: skip
CMO = [
    "cac", "clv", "sessions", "unique_visitors", "leads", "mqls", "visit_to_lead_rate",
    "lead_to_customer_rate", "engagement_rate", "email_open_rate", "email_click_rate",
    "brand_awareness", "romi", "marketing_spend", "churn_rate", "nps",
]  # fmt: skip
SALES = [
    "sales_revenue", "sqls", "win_rate", "pipeline_value", "sales_cycle_days",
    "average_order_value", "lead_to_customer_rate",
]  # fmt: skip
SHARED = [
    "leads", "mqls", "sqls", "mql_to_sql_rate", "sql_to_won_rate", "lead_to_customer_rate",
    "cac", "sales_revenue",
]  # fmt: skip


def test_builtin_views_hold_the_kpis_of_each_role() -> None:
    views = load_views(None, CATALOG)
    assert [v.id for v in views] == ["ceo", "cmo", "sales", "shared"]
    assert sorted(views.get("ceo").card_kpis) == sorted(CEO)
    assert sorted(views.get("cmo").card_kpis) == sorted(CMO)
    assert sorted(views.get("sales").card_kpis) == sorted(SALES)
    assert sorted(views.get("shared").card_kpis) == sorted(SHARED)


def test_the_shared_view_maps_cmo_and_sales_kpis_onto_ceo_kpis() -> None:
    shared = load_views(None, CATALOG).get("shared")
    targets = {link.kpi for link in shared.drivers}
    assert {"sales_revenue", "ltv_cac_ratio", "romi", "market_share"} <= targets
    for link in shared.drivers:
        assert link.kpi in CEO
        assert set(link.cmo) <= set(CMO) | {"clv", "marketing_spend"}
        assert set(link.sales) <= set(SALES)


@pytest.mark.parametrize(
    ("role", "view"),
    [
        ("ceo", "ceo"),
        ("cmo", "cmo"),
        ("sales", "sales"),
        ("admin", "shared"),
        ("viewer", "shared"),
        (None, "shared"),
    ],
)
def test_each_role_lands_on_its_view(role: str | None, view: str) -> None:
    assert load_views(None, CATALOG).for_role(role) == view


def test_workspace_views_replace_and_extend_the_builtin_ones(tmp_path: Path) -> None:
    boards = tmp_path / "dashboards"
    boards.mkdir()
    (boards / "ceo.yaml").write_text(
        "id: ceo\ntitle: Board\nroles: [ceo]\nkpis: [sales_revenue, romi]\ngrain: quarter\n"
    )
    (boards / "team.yml").write_text(
        "id: growth-team\ntitle: Growth team\nsections:\n"
        "  - title: Top of funnel\n    kpis: [sessions, leads]\n"
    )
    views = load_views(tmp_path, CATALOG)
    assert views.get("ceo").title == "Board"
    assert views.get("ceo").card_kpis == ["sales_revenue", "romi"]
    assert views.get("ceo").grain == "quarter"
    assert views.get("growth-team").card_kpis == ["sessions", "leads"]
    assert views.origin("growth-team").builtin is False


def test_every_problem_is_reported_with_its_file_and_line(tmp_path: Path) -> None:
    boards = tmp_path / "dashboards"
    boards.mkdir()
    (boards / "a.yaml").write_text(
        "id: a\n"
        "title: A\n"
        "sections:\n"
        "  - title: One\n"
        "    kpis:\n"
        "      - sales_revenue\n"
        "      - sales_revnue\n"  # line 7
        "drivers:\n"
        "  - kpi: romi\n"
        "    cmo: [cac, cacc]\n"  # line 10
    )
    (boards / "b.yaml").write_text("id: b\ntitle: B\nkpis: [leads]\ngrian: week\n")  # line 4
    (boards / "c.yaml").write_text("id: c\ntitle: C\nkpis: [leads]\ngrain: fortnight\n")
    (boards / "d.yaml").write_text("id: a\ntitle: again A\nkpis: [leads]\n")  # duplicate id
    (boards / "e.yaml").write_text("id: e\ntitle: [unclosed\n")
    _, problems = check_views(tmp_path, CATALOG)
    found = {(Path(p.file).name, p.line, p.rule): p.message for p in problems}
    assert found[("a.yaml", 7, "reference")] == (
        "unknown KPI 'sales_revnue' (did you mean 'sales_revenue'?)"
    )
    assert found[("a.yaml", 10, "reference")].startswith("unknown KPI 'cacc'")
    assert found[("b.yaml", 4, "schema")] == "unknown key 'grian' (did you mean 'grain'?)"
    assert "unknown grain 'fortnight'" in found[("c.yaml", 4, "schema")]
    assert "already defined at" in found[("d.yaml", 1, "duplicate")]
    assert any(name == "e.yaml" and rule == "yaml" for name, _, rule in found)
    with pytest.raises(SpecError) as error:
        load_views(tmp_path, CATALOG)
    assert "a.yaml:7" in str(error.value) and "b.yaml:4" in str(error.value)


def test_a_view_needs_its_kpis_in_one_place(tmp_path: Path) -> None:
    boards = tmp_path / "dashboards"
    boards.mkdir()
    (boards / "x.yaml").write_text("id: x\ntitle: X\n")
    (boards / "y.yaml").write_text("id: Y!\ntitle: Y\nkpis: [leads]\nperiod: forever\n")
    _, problems = check_views(tmp_path, CATALOG)
    messages = " | ".join(p.message for p in problems)
    assert "either in `kpis` or in `sections`" in messages
    assert "view ids are lower-case" in messages
    assert "unknown period 'forever'" in messages


def test_kpibridge_validate_checks_the_dashboards_too(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from kpibridge.cli.main import app
    from kpibridge.workspace import Workspace

    Workspace.init(tmp_path / "ws").close()
    boards = tmp_path / "ws" / "dashboards"
    boards.mkdir()
    (boards / "team.yaml").write_text("id: team\ntitle: Team\nkpis: [leads, sesions]\n")
    result = CliRunner().invoke(app, ["validate", "-w", str(tmp_path / "ws")])
    assert result.exit_code == 1
    assert "team.yaml:3" in result.output and "did you mean 'sessions'?" in result.output
    (boards / "team.yaml").write_text("id: team\ntitle: Team\nkpis: [leads, sessions]\n")
    result = CliRunner().invoke(app, ["validate", "-w", str(tmp_path / "ws")])
    assert result.exit_code == 0, result.output
