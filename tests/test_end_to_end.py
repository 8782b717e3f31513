"""A user's first minutes, as real processes: build the demo, serve it, ask it questions."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

KPIBRIDGE = [sys.executable, "-m", "kpibridge.cli"]


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*KPIBRIDGE, *args], cwd=cwd, capture_output=True, text=True, timeout=300, check=False
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get(url: str, token: str | None = None) -> tuple[int, str]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.status, response.read().decode("utf-8")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("e2e")
    built = run("demo", "northwind", "--sessions", "20000", "--seed", "7", cwd=root)
    assert built.returncode == 0, built.stderr
    assert "Northwind Outdoor built" in built.stdout
    assert "paid_agency" in built.stdout  # the demo's sign-ins, printed once
    return root / "northwind"


def test_demo_answers_queries(demo: Path) -> None:
    result = run("query", "cac", "--by", "channel", "--format", "json", "-w", str(demo), cwd=demo)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["kpi"] == "cac" and data["unit"] == "money" and data["grain"] == "month"
    channels = {row["channel"] for row in data["rows"]}
    assert {"paid_search", "paid_social", "email"} <= channels
    assert any(row["value"] for row in data["rows"])

    log = run("loads", "--format", "json", "-w", str(demo), cwd=demo)
    assert log.returncode == 0, log.stderr
    assert {record["table"] for record in json.loads(log.stdout)} >= {"sessions", "orders"}


def test_demo_is_served_over_http(demo: Path) -> None:
    created = run("token", "create", "admin", "-w", str(demo), cwd=demo)
    assert created.returncode == 0, created.stderr
    token = created.stdout.strip()
    port = free_port()
    env = {**os.environ, "KPIBRIDGE_WORKSPACE": str(demo)}
    server = subprocess.Popen(
        [*KPIBRIDGE, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                assert get(f"{base}/healthz")[0] == 200
                break
            except OSError:
                assert time.monotonic() < deadline, "the server did not start within 60 s"
                assert server.poll() is None, "the server exited"
                time.sleep(0.3)
        with pytest.raises(urllib.error.HTTPError) as refused:
            get(f"{base}/api/v1/overview")
        assert refused.value.code == 401
        status, page = get(f"{base}/", token)
        assert status == 200
        assert "Northwind Outdoor" in page and "Customer acquisition cost" in page
        status, body = get(f"{base}/api/v1/overview", token)
        ids = {line["id"] for line in json.loads(body)["kpis"]}
        assert status == 200 and len(ids) == 44  # 41 built-in + the demo's 3 hand-kept KPIs
        assert "custom:innovation_rate" in ids
    finally:
        server.terminate()
        server.wait(timeout=30)
