"""POST /api/v1/events/{table}: batches validated like files, loaded idempotently by key."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from api_world import ApiWorld, build_world, served
from auth_helpers import sign_in

MARCH = "/api/v1/kpis/marketing_spend?from=2025-03-01&to=2025-03-31"

SPEND = [
    {
        "date": "2025-03-20",
        "channel": "email",
        "campaign": "spring_mail",
        "cost": 40.5,
        "currency": "EUR",
        "impressions": 100,
        "clicks": 3,
    },
    {"date": "2025-03-21", "channel": "search", "campaign": "promo", "cost": "9.50"},
]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """One built world with users; each test serves a copy of it."""
    path = tmp_path_factory.mktemp("events") / "ws"
    return path, build_world(path)


@pytest.fixture
def world(template: tuple[Path, dict[str, str]], tmp_path: Path) -> Iterator[ApiWorld]:
    source, tokens = template
    shutil.copytree(source, tmp_path / "ws")
    with served(tmp_path / "ws", tokens) as served_world:
        yield served_world


def march_spend(world: ApiWorld) -> float:
    rows = world.get(MARCH).json()["rows"]
    assert [r["period"] for r in rows] == ["2025-03-01"]
    value: float = rows[0]["value"]
    return value


def version(world: ApiWorld) -> str:
    token: str = world.get("/api/v1/changes").json()["version"]
    return token


def post(world: ApiWorld, table: str, rows: Any, who: str = "ingest") -> Any:
    return world.post(f"/api/v1/events/{table}", who, json={"rows": rows})


def spend_table(world: ApiWorld) -> list[tuple[Any, ...]]:
    return world.sql("SELECT * FROM spend ORDER BY ALL")


def test_a_batch_loads_and_the_kpi_follows(world: ApiWorld) -> None:
    assert march_spend(world) == 450.0
    before = version(world)
    answer = post(world, "spend", SPEND)
    assert answer.status_code == 200, answer.text
    assert answer.json() == {
        "table": "spend",
        "status": "loaded",
        "rows_added": 2,
        "rows_replaced": 0,
    }
    assert march_spend(world) == 500.0
    moved = world.get("/api/v1/changes", params={"since": before}).json()
    assert moved["changed"] is True and moved["version"] != before
    assert moved["interval_seconds"] == 5
    assert (
        world.get("/api/v1/changes", params={"since": moved["version"]}).json()["changed"] is False
    )


def test_the_same_batch_again_changes_nothing(world: ApiWorld) -> None:
    assert post(world, "spend", SPEND).json()["status"] == "loaded"
    stored, loaded = spend_table(world), version(world)
    again = post(world, "spend", SPEND)
    assert again.status_code == 200
    assert again.json() == {
        "table": "spend",
        "status": "unchanged",
        "rows_added": 0,
        "rows_replaced": 0,
    }
    assert spend_table(world) == stored and version(world) == loaded
    assert march_spend(world) == 500.0


def test_an_overlapping_batch_replaces_rows_by_natural_key(world: ApiWorld) -> None:
    post(world, "spend", SPEND)
    overlapping = [
        {**SPEND[0], "cost": 60.5},  # same date, channel, campaign and category: replaced
        {"date": "2025-03-22", "channel": "social", "cost": 5},  # new
    ]
    answer = post(world, "spend", overlapping)
    assert answer.json() == {
        "table": "spend",
        "status": "loaded",
        "rows_added": 1,
        "rows_replaced": 1,
    }
    assert march_spend(world) == 450.0 + 60.5 + 9.5 + 5
    email = world.get(MARCH + "&where=channel=email").json()["rows"]
    assert email == [{"period": "2025-03-01", "value": 60.5}]


def test_an_invalid_batch_is_rejected_whole_with_every_problem(world: ApiWorld) -> None:
    stored, loaded = spend_table(world), version(world)
    rows = [
        SPEND[0],  # fine, but not loaded: the batch is rejected as a whole
        {"date": "2025-03-02", "channel": "email", "cost": -3},
        {"date": "2025-02-30", "channel": "search", "cost": 1},
        {"date": "2025-03-04", "cost": 1, "currency": "EURO"},
    ]
    answer = post(world, "spend", rows)
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert set(error) == {"code", "message", "problems"}
    assert error["code"] == "invalid_rows"
    assert error["message"].startswith("the batch was not loaded into spend (")
    found = {(p["line"], p["column"], p["rule"]) for p in error["problems"]}
    assert {
        (2, "cost", "minimum"),
        (3, "date", "type"),
        (4, "channel", "required"),
    } <= found
    assert any(p["line"] == 4 and p["column"] == "currency" for p in error["problems"])
    for problem in error["problems"]:
        assert set(problem) == {"file", "line", "column", "value", "rule", "message"}
        assert problem["file"] == "rows" and "/tmp" not in problem["message"]
    assert any(p["value"] == "-3" for p in error["problems"])
    assert spend_table(world) == stored and version(world) == loaded
    assert march_spend(world) == 450.0


def test_rows_that_are_not_flat_objects_are_rejected(world: ApiWorld) -> None:
    rows = [{"date": "2025-03-02", "channel": {"name": "email"}, "cost": 1}, [1, 2], {"cost": True}]
    error = post(world, "spend", rows).json()["error"]
    assert error["code"] == "invalid_rows"
    assert [(p["line"], p["column"], p["rule"]) for p in error["problems"]] == [
        (1, "channel", "type"),
        (2, None, "type"),
        (3, "cost", "type"),
    ]
    unknown = post(world, "spend", [{**SPEND[1], "kosten": 3}]).json()["error"]["problems"]
    assert [(p["line"], p["column"], p["rule"]) for p in unknown] == [
        (None, "kosten", "unknown-column")
    ]
    empty = post(world, "spend", [])
    assert empty.status_code == 422 and empty.json()["error"]["problems"][0]["rule"] == "empty"


@pytest.mark.parametrize(
    "body",
    [b"{not json", b'{"rows": {"date": "2025-03-01"}}', b"[]", b'{"rows": [], "table": "x"}'],
)
def test_a_body_that_is_not_a_batch_is_a_400(world: ApiWorld, body: bytes) -> None:
    answer = world.post(
        "/api/v1/events/spend", content=body, headers={"Content-Type": "application/json"}
    )
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "bad_request"


@pytest.mark.parametrize("table", ["deals", "fx_rates", "nope"])
def test_other_tables_are_refused(world: ApiWorld, table: str) -> None:
    answer = post(world, table, SPEND)
    assert answer.status_code == 400
    assert (
        "sessions', 'leads', 'orders', 'customers' or 'spend'" in answer.json()["error"]["message"]
    )


def test_every_event_table_loads(world: ApiWorld) -> None:
    def march(kpi: str) -> float:
        rows = world.get(f"/api/v1/kpis/{kpi}?from=2025-03-01&to=2025-03-31").json()["rows"]
        value: float = rows[0]["value"]
        return value

    before = {k: march(k) for k in ("new_customers", "sales_revenue", "leads", "sessions")}
    batches = {
        "customers": [
            {"customer_id": "c-live-1", "acquired_at": "2025-03-10T09:00:00Z", "channel": "email"}
        ],
        "orders": [
            {
                "order_id": "o-live-1",
                "customer_id": "c-live-1",
                "ordered_at": "2025-03-10 09:30:00+00",
                "amount": 99.9,
                "currency": "EUR",
            }
        ],
        "leads": [
            {"lead_id": "l-live-1", "created_at": "2025-03-11 10:00:00", "channel": "search"}
        ],
        "sessions": [
            {
                "session_id": "s-live-1",
                "started_at": "2025-03-12T10:00:00+01:00",
                "channel": "email",
            }
        ],
    }
    for table, rows in batches.items():
        answer = post(world, table, rows)
        assert answer.status_code == 200, answer.text
        assert answer.json()["rows_added"] == 1, table
    assert march("new_customers") == before["new_customers"] + 1
    assert march("sales_revenue") == pytest.approx(before["sales_revenue"] + 99.9)
    assert march("leads") == before["leads"] + 1
    assert march("sessions") == before["sessions"] + 1


def test_loading_needs_a_token_with_ingest_scope(world: ApiWorld) -> None:
    stored = spend_table(world)
    anonymous = world.client.post("/api/v1/events/spend", json={"rows": SPEND})
    assert anonymous.status_code == 401
    assert anonymous.json()["error"]["code"] == "unauthorized"
    for who in ("admin", "cmo"):  # read tokens, even an admin's
        refused = post(world, "spend", SPEND, who=who)
        assert refused.status_code == 403, who
        assert refused.json()["error"]["code"] == "forbidden"
    assert spend_table(world) == stored


def test_an_admin_session_loads_with_its_csrf_token(world: ApiWorld) -> None:
    client = world.client
    assert sign_in(client, "ada").status_code == 303
    without = client.post("/api/v1/events/spend", json={"rows": SPEND})
    assert without.status_code == 403
    store = world.context.services["state"]
    session = store.sessions.lookup(client.cookies.get("kpibridge_session"))
    headers = {"X-CSRF-Token": session.csrf_token}
    answer = client.post("/api/v1/events/spend", json={"rows": SPEND}, headers=headers)
    assert answer.status_code == 200 and answer.json()["status"] == "loaded"
    client.cookies.clear()


def test_too_large_batches_are_413(world: ApiWorld) -> None:
    stored = spend_table(world)
    many = [{"date": "2025-03-01", "channel": "email", "cost": 1}] * 10_001
    answer = post(world, "spend", many)
    assert answer.status_code == 413
    assert answer.json()["error"]["code"] == "payload_too_large"
    assert "10001 rows; at most 10000" in answer.json()["error"]["message"]
    padding = "x" * 1024
    big = [{"date": "2025-03-01", "channel": "email", "campaign": padding, "cost": 1}] * 5200
    body = json.dumps({"rows": big}).encode()
    assert len(body) > 5 * 1024 * 1024
    answer = world.post(
        "/api/v1/events/spend", content=body, headers={"Content-Type": "application/json"}
    )
    assert answer.status_code == 413
    assert answer.json()["error"]["code"] == "payload_too_large"
    assert spend_table(world) == stored


def test_the_largest_allowed_batch_loads(world: ApiWorld) -> None:
    rows = [
        {"date": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}", "channel": f"c{i}", "cost": i % 100}
        for i in range(10_000)
    ]
    answer = post(world, "spend", rows)
    assert answer.status_code == 200, answer.text[:500]
    assert answer.json()["rows_added"] == 10_000
