"""Live updates end to end over HTTP: events move the data version and open pages follow."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from api_world import ApiWorld, build_world, served

from kpibridge.errors import WorkspaceError
from kpibridge.server.context import ServerSettings
from kpibridge.workspace import Workspace

WINDOW = "period=custom&from=2025-03-01&to=2025-03-31"
SPEND = [{"date": "2025-03-20", "channel": "email", "campaign": "live", "cost": 50}]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    path = tmp_path_factory.mktemp("live") / "ws"
    return path, build_world(path)


@pytest.fixture
def world(template: tuple[Path, dict[str, str]], tmp_path: Path) -> Iterator[ApiWorld]:
    source, tokens = template
    shutil.copytree(source, tmp_path / "ws")
    settings = ServerSettings(tmp_path / "ws", live_interval_seconds=2)
    with served(tmp_path / "ws", tokens, settings) as served_world:
        yield served_world


def card_value(world: ApiWorld) -> float:
    page = world.get(f"/api/v1/kpis/marketing_spend/page?{WINDOW}")
    assert page.status_code == 200, page.text
    value: float = page.json()["card"]["value"]
    return value


def test_open_pages_follow_events_once_the_version_moves(world: ApiWorld) -> None:
    first = world.get("/api/v1/changes").json()
    assert first == {"version": first["version"], "changed": True, "interval_seconds": 2}
    assert card_value(world) == card_value(world) == 450.0  # the second answer is cached
    quiet = world.get("/api/v1/changes", params={"since": first["version"]}).json()
    assert quiet["changed"] is False

    assert world.post("/api/v1/events/spend", json={"rows": SPEND}).json()["status"] == "loaded"

    moved = world.get("/api/v1/changes", params={"since": first["version"]}).json()
    assert moved["changed"] is True
    assert int(moved["version"]) == int(first["version"]) + 1
    assert card_value(world) == 500.0  # the page's cache was emptied by the load
    html = world.get(f"/kpi/marketing_spend?{WINDOW}")
    assert html.status_code == 200 and "500.00" in html.text


def test_the_version_counts_loads_across_restarts(
    world: ApiWorld, template: tuple[Path, dict[str, str]]
) -> None:
    world.post("/api/v1/events/spend", json={"rows": SPEND})
    world.post("/api/v1/events/spend", json={"rows": SPEND})  # unchanged: not counted
    world.post("/api/v1/events/spend", json={"rows": [{**SPEND[0], "cost": 60}]})
    version = world.get("/api/v1/changes").json()["version"]
    world.client.close()
    world.workspace.close()
    with served(world.path, template[1]) as again:
        assert again.get("/api/v1/changes").json()["version"] == version == "2"


def test_loads_and_queries_take_turns_on_the_one_connection(world: ApiWorld) -> None:
    def load(day: int) -> Any:
        rows = [{"date": f"2025-03-{day:02d}", "channel": "social", "campaign": "burst", "cost": 1}]
        return world.post("/api/v1/events/spend", json={"rows": rows})

    def query(_: int) -> Any:
        return world.get(f"/api/v1/kpis/marketing_spend?{WINDOW[14:]}&by=channel")

    with ThreadPoolExecutor(max_workers=6) as pool:
        loads = [pool.submit(load, day) for day in range(1, 11)]
        queries = [pool.submit(query, n) for n in range(20)]
        answers = [f.result() for f in loads + queries]
    assert [a.status_code for a in answers] == [200] * 30
    assert all(a.json()["rows_added"] == 1 for a in answers[:10])
    totals = [sum(r["value"] or 0 for r in a.json()["rows"]) for a in answers[10:]]
    assert all(450.0 <= total <= 460.0 and total == int(total) for total in totals)
    assert world.get("/api/v1/changes").json()["version"] == "10"
    assert card_value(world) == 460.0


def test_while_the_server_holds_the_warehouse_other_processes_get_a_clear_error(
    template: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    shutil.copytree(template[0], tmp_path / "ws")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from kpibridge.server import create_app\n"
            "create_app(sys.argv[1])\n"
            "print('serving', flush=True)\n"
            "time.sleep(60)\n",
            str(tmp_path / "ws"),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "serving"
        with pytest.raises(WorkspaceError, match="in use by another process"):
            Workspace(tmp_path / "ws", read_only=True).warehouse  # noqa: B018
    finally:
        holder.kill()
        holder.wait(timeout=30)
