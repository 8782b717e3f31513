"""static/live.js under node, against a fake page and server: when does it refresh what."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).parent
LIVE_JS = HERE.parents[1] / "src" / "kpibridge" / "server" / "static" / "live.js"
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")


def run(answers: list[Any], rendered: str | None = None) -> dict[str, Any]:
    assert NODE is not None
    done = subprocess.run(
        [NODE, str(HERE / "live_harness.js"), str(LIVE_JS)],
        input=json.dumps({"answers": answers, "rendered": rendered}),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def changes(version: str, interval: int = 5) -> dict[str, Any]:
    return {"version": version, "changed": True, "interval_seconds": interval}


def test_refreshes_live_elements_only_when_the_version_moves() -> None:
    seen = run([changes("3", 7), changes("3", 7), changes("4", 7), changes("4", 7)])
    assert seen["urls"] == [
        "/api/v1/changes",
        "/api/v1/changes?since=3",
        "/api/v1/changes?since=3",
        "/api/v1/changes?since=4",
    ]
    assert seen["triggered"] == ["cac:refresh", "revenue:refresh"]  # once, for version 4
    assert seen["events"] == ["kpibridge:data-changed:4"]
    assert seen["attributes"] == {"data-live-version": "4"}
    assert seen["delays"][:4] == [7000, 7000, 7000, 7000]  # the server's interval


def test_backs_off_while_the_server_fails_and_recovers() -> None:
    seen = run([changes("1"), "error", "error", changes("2")])
    assert seen["delays"][:4] == [5000, 10000, 20000, 5000]
    assert seen["triggered"] == ["cac:refresh", "revenue:refresh"]


def test_a_change_between_rendering_and_the_first_poll_is_not_missed() -> None:
    seen = run([changes("5"), changes("5")], rendered="4")
    assert seen["urls"][0] == "/api/v1/changes?since=4"
    assert seen["triggered"] == ["cac:refresh", "revenue:refresh"]
    unchanged = run([changes("4"), changes("4")], rendered="4")
    assert unchanged["triggered"] == [] and unchanged["attributes"] == {"data-live-version": "4"}
