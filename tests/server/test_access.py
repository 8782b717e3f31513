"""Row-level security: a channel-restricted user's numbers cover their channels only."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from kpibridge.catalog import KpiSpec
from kpibridge.engine import QueryResult
from kpibridge.errors import AuthError
from kpibridge.server.access import can_see, for_user, restrict, visible_kpis
from kpibridge.server.auth import Role, User
from kpibridge.workspace import Workspace

DAY = date(2025, 3, 10)
SPEND = {"paid_search": 100.0, "paid_social": 40.0, "email": 7.5, "events": 1000.0}
ADMIN = User(1, "admin", Role.ADMIN)
AGENCY = User(2, "agency", Role.CMO, ("paid_search", "paid_social"))
NOBODY = User(3, "norole", None)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    root = tmp_path_factory.mktemp("access") / "ws"
    with Workspace.init(root) as ws:
        for channel, cost in SPEND.items():
            ws.warehouse.raw.execute(
                "INSERT INTO spend VALUES (?, ?, NULL, ?, NULL, 10, 1, 'media', 1)",
                [DAY, channel, cost],
            )
    with Workspace(root, read_only=True) as ws:
        yield ws


def spec(workspace: Workspace, kpi: str) -> KpiSpec:
    return workspace.catalog.get(kpi)


def test_unrestricted_users_keep_their_filters(workspace: Workspace) -> None:
    spend = spec(workspace, "marketing_spend")
    assert restrict(ADMIN, spend, {}) == {}
    assert restrict(ADMIN, spend, {"channel": "email"}) == {"channel": ["email"]}
    assert restrict(ADMIN, spec(workspace, "profit_margin"), None) == {}


def test_restricted_users_are_held_to_their_channels(workspace: Workspace) -> None:
    spend = spec(workspace, "marketing_spend")
    assert restrict(AGENCY, spend, None) == {"channel": ["paid_search", "paid_social"]}
    assert restrict(AGENCY, spend, {"channel": []}) == {"channel": ["paid_search", "paid_social"]}
    assert restrict(AGENCY, spend, {"channel": ["paid_social"], "campaign": ["x"]}) == {
        "channel": ["paid_social"],
        "campaign": ["x"],
    }
    with pytest.raises(AuthError, match="'email'") as refused:
        restrict(AGENCY, spend, {"channel": ["paid_search", "email"]})
    assert refused.value.status == 403


def test_kpis_without_a_channel_are_refused_to_restricted_users(workspace: Workspace) -> None:
    for kpi in ("profit_margin", "fin_revenue", "market_share", "engagement_rate"):
        with pytest.raises(AuthError, match="cannot be split by channel") as refused:
            restrict(AGENCY, spec(workspace, kpi), {})
        assert refused.value.status == 403
        assert not can_see(AGENCY, spec(workspace, kpi))
        assert can_see(ADMIN, spec(workspace, kpi))


def test_users_without_a_role_see_nothing(workspace: Workspace) -> None:
    assert visible_kpis(NOBODY, workspace.catalog) == []
    with pytest.raises(AuthError):
        restrict(NOBODY, spec(workspace, "marketing_spend"), {})
    with pytest.raises(AuthError):
        for_user(workspace.engine, NOBODY).query("marketing_spend")


def test_visible_kpis_follow_the_channel_dimension(workspace: Workspace) -> None:
    everything = visible_kpis(ADMIN, workspace.catalog)
    agency = visible_kpis(AGENCY, workspace.catalog)
    assert everything == workspace.catalog.visible()
    assert agency and {s.id for s in agency} < {s.id for s in everything}
    assert all("channel" in s.dimensions for s in agency)
    assert "profit_margin" not in {s.id for s in agency}


def test_totals_are_sums_over_the_users_channels_only(workspace: Workspace) -> None:
    restricted = for_user(workspace.engine, AGENCY)
    full = for_user(workspace.engine, ADMIN)
    assert values(full.query("marketing_spend")) == [sum(SPEND.values())]
    assert values(restricted.query("marketing_spend")) == [140.0]
    split = restricted.query("marketing_spend", by=["channel"]).rows()
    assert {r["channel"]: r["value"] for r in split} == {"paid_search": 100.0, "paid_social": 40.0}
    one = restricted.query("marketing_spend", where={"channel": "paid_social"})
    assert values(one) == [40.0]
    many = restricted.query_many(["marketing_spend", "ad_impressions"], grain="day")
    assert values(many["marketing_spend"]) == [140.0]
    assert values(many["ad_impressions"]) == [20.0]
    assert "paid_search" in restricted.explain("marketing_spend")


def test_the_user_engine_refuses_what_restrict_refuses(workspace: Workspace) -> None:
    restricted = for_user(workspace.engine, AGENCY)
    with pytest.raises(AuthError):
        restricted.query("marketing_spend", where={"channel": ["events"]})
    with pytest.raises(AuthError):
        restricted.query_many(["marketing_spend", "profit_margin"])
    assert restricted.allowed(["marketing_spend", "profit_margin", "cac"]) == [
        "marketing_spend",
        "cac",
    ]


def values(result: QueryResult) -> list[float]:
    return [r["value"] for r in result.rows() if r["value"]]
