"""Helpers for the browser tests: the demo world they run against, signing in, waiting for charts.

The world is one `kpibridge demo` workspace served by a real `kpibridge serve` subprocess, with
users of known passwords; pages are driven by Playwright in Debian's chromium.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

import kpibridge.server

#: The marks of every browser test module (`pytestmark = BROWSER`).
BROWSER = [pytest.mark.browser]
KPIBRIDGE = [sys.executable, "-m", "kpibridge.cli"]
SERVER_DIR = Path(kpibridge.server.__file__).parent
VIEWS_DIR = SERVER_DIR / "views" / "builtin"
LOCALES_DIR = SERVER_DIR / "locales"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "browser-tests-Passw0rd!"
DEMO_SESSIONS = "20000"
DEMO_SEED = "3"
STARTUP_SECONDS = 120
#: A window with data on any day the tests run (the demo's data ends yesterday; "this month"
#: holds no data on the 1st).
WITH_DATA = "period=last_30_days"
# The machine running `make test` is small and busy: a page computed cold can take tens of
# seconds there, and a click that navigates waits for the page. Only failures wait this long.
ACTION_MS = 120_000
NAVIGATION_MS = 120_000


@dataclass(frozen=True)
class Login:
    """A user of the test world and the password to sign in with."""

    name: str
    role: str
    channels: tuple[str, ...] = ()
    password: str = PASSWORD


USERS: dict[str, Login] = {
    "ceo": Login("browser_ceo", "ceo"),
    "cmo": Login("browser_cmo", "cmo"),
    "sales": Login("browser_sales", "sales"),
    "admin": Login("browser_admin", "admin"),
    "agency": Login("browser_agency", "cmo", ("paid_search", "paid_social")),
}


@dataclass
class World:
    """The served demo: where it lives, its address and the tokens the tests use."""

    workspace: Path
    base_url: str
    ingest_token: str
    read_token: str
    log: Path
    currency: str = "USD"
    timezone: str = "UTC"
    kpis: dict[str, dict[str, Any]] = field(default_factory=dict)

    def api(self, path: str, token: str | None = None) -> Any:
        """GET a JSON answer of the API (as the admin's read token by default)."""
        return request_json(f"{self.base_url}{path}", token or self.read_token)

    def post(self, path: str, body: dict[str, Any], token: str | None = None) -> Any:
        """POST JSON with the ingest token; the answer's JSON."""
        data = json.dumps(body).encode("utf-8")
        return request_json(f"{self.base_url}{path}", token or self.ingest_token, data)


def request_json(url: str, token: str, data: bytes | None = None) -> Any:
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    if data is not None:
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        detail = error.read().decode("utf-8", "replace")
        raise AssertionError(f"{url} answered {error.code}: {detail}") from None


def chromium_path() -> str | None:
    """Debian's chromium (never a browser Playwright downloads)."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "KPIBRIDGE_WORKSPACE"}
    return subprocess.run(
        [*KPIBRIDGE, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def shared_workspace(shared: Path, own: Path) -> Path:
    """The demo workspace, built once for all xdist workers under `shared`, copied to `own`.

    The first worker builds it under a file lock; each worker serves its own copy (DuckDB has
    one writer per file, and the served workspace takes events).
    """
    built = shared / "browser-demo"
    ready = built / "ready"
    with (shared / "browser-demo.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not ready.exists():
                shutil.rmtree(built, ignore_errors=True)
                built.mkdir(parents=True)
                build_workspace(built)
                ready.touch()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    workspace = own / "northwind"
    shutil.copytree(built / "northwind", workspace)
    return workspace


def build_workspace(root: Path) -> Path:
    """`kpibridge demo` in `root`, plus the test users (known passwords) and no others' tokens."""
    built = run_cli("demo", "northwind", "--sessions", DEMO_SESSIONS, "--seed", DEMO_SEED, cwd=root)
    assert built.returncode == 0, f"kpibridge demo failed:\n{built.stdout}\n{built.stderr}"
    workspace = root / "northwind"
    from kpibridge.server.state import open_state

    store = open_state(workspace)
    try:
        for login in USERS.values():
            store.users.add(login.name, login.password, login.role, login.channels)
    finally:
        store.close()
    return workspace


def make_token(workspace: Path, user: str, scope: str) -> str:
    from kpibridge.server.state import open_state

    store = open_state(workspace)
    try:
        return store.tokens.create(user, scope, name=f"browser tests ({scope})")
    finally:
        store.close()


def workspace_config(workspace: Path) -> dict[str, Any]:
    config: dict[str, Any] = yaml.safe_load((workspace / "kpibridge.yaml").read_text("utf-8"))
    return config


@contextmanager
def served(workspace: Path, log: Path) -> Iterator[str]:
    """`kpibridge serve` on a free loopback port until the block ends; yields the base URL."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "KPIBRIDGE_WORKSPACE"}
    with log.open("w", encoding="utf-8") as out:
        server = subprocess.Popen(
            [*KPIBRIDGE, "serve", "-w", str(workspace), "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_healthy(base, server, log)
            yield base
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=30)


def _wait_healthy(base: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if server.poll() is not None:
            raise AssertionError(f"kpibridge serve exited:\n{log.read_text('utf-8')[-4000:]}")
        if time.monotonic() > deadline:
            raise AssertionError(f"kpibridge serve not healthy within {STARTUP_SECONDS} s")
        time.sleep(0.3)


def view_spec(view_id: str) -> dict[str, Any]:
    """A built-in view's YAML (src/kpibridge/server/views/builtin/VIEW.yaml)."""
    spec: dict[str, Any] = yaml.safe_load((VIEWS_DIR / f"{view_id}.yaml").read_text("utf-8"))
    return spec


def view_kpis(view_id: str) -> list[str]:
    """The KPI ids of a built-in view's cards, in order."""
    return [kpi for section in view_spec(view_id)["sections"] for kpi in section["kpis"]]


def kpi_names(lang: str) -> dict[str, str]:
    """KPI names of a language from locales/kpis.LANG.yaml."""
    data = yaml.safe_load((LOCALES_DIR / f"kpis.{lang}.yaml").read_text("utf-8"))
    return {kpi: entry["name"] for kpi, entry in data.items()}


def translation(lang: str, message: str) -> str:
    """The translation of a UI string in locales/LANG/LC_MESSAGES/messages.po."""
    from babel.messages.pofile import read_po

    path = LOCALES_DIR / lang / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalog = read_po(handle)
    found = catalog.get(message)
    assert found is not None and found.string, f"{message!r} is not translated into {lang}"
    return str(found.string)


def parse_count(text: str) -> int:
    """An integer shown with any grouping separator ("12,345", "12.345", "12 345")."""
    digits = re.sub(r"\D", "", text)
    assert digits, f"no number in {text!r}"
    return int(digits)


def parse_percent(text: str) -> float:
    """A percentage shown as "45.5%" or "45,5 %"."""
    found = re.search(r"-?\d+(?:[.,]\d+)?", text.replace("\u00a0", " "))
    assert found, f"no percentage in {text!r}"
    return float(found.group(0).replace(",", "."))


def sign_in(page: Any, login: Login, path: str = "/login") -> None:
    """Open `path` (signed out it shows the sign-in form), fill the form and submit it."""
    page.goto(path)
    page.locator("#name").fill(login.name)
    page.locator("#password").fill(login.password)
    with page.expect_navigation():
        page.locator("form[action='/login'] button[type=submit]").click()
    assert "/login" not in page.url, f"{login.name} was not signed in: {error_text(page)}"


def error_text(page: Any) -> str:
    alert = page.locator("[role=alert]")
    return alert.first.inner_text() if alert.count() else "(no error shown)"


def wait_for_charts(page: Any) -> int:
    """Wait until vega-embed has drawn every chart of the page (an svg or canvas in each);
    the number of charts."""
    page.wait_for_function(
        """() => {
          const charts = [...document.querySelectorAll('[data-chart]')];
          return charts.every(c => c.classList.contains('drawn') && c.querySelector('svg, canvas'));
        }"""
    )
    return int(page.locator("[data-chart]").count())


def card_value(page: Any, kpi: str) -> Any:
    """The value element of a KPI card."""
    return page.locator(f"article.card p.value[data-kpi='{kpi}']")


def shown_kpis(page: Any) -> list[str]:
    """The KPI ids of the cards on the page, in order."""
    return [
        str(v)
        for v in page.locator("article.card p.value").evaluate_all(
            "els => els.map(e => e.dataset.kpi)"
        )
    ]


def screenshot(page: Any, directory: Path, name: str) -> Path:
    """A full-page screenshot kept as a test artefact."""
    path = directory / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@dataclass
class Console:
    """What the pages of one test wrote to the console, and the exceptions they threw."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Chromium reports the 404 of its own /favicon.ico request (the app has no icon) as an
    # error of the first page; it is the browser's request, not the page's.
    allowed: list[re.Pattern[str]] = field(
        default_factory=lambda: [re.compile(r"status of 404 .*\(\S+/favicon\.ico on ")]
    )

    def allow(self, pattern: str) -> None:
        """Expect console errors matching `pattern` (e.g. a 401 the test provokes)."""
        self.allowed.append(re.compile(pattern))

    def unexpected(self) -> list[str]:
        return [e for e in self.errors if not any(p.search(e) for p in self.allowed)]

    def watch(self, page: Any) -> None:
        page.on("console", self._message)
        page.on("pageerror", lambda error: self.errors.append(f"uncaught exception: {error}"))

    def _message(self, message: Any) -> None:
        where = message.location.get("url", "") if message.location else ""
        text = f"{message.text} ({where} on {message.page.url if message.page else '?'})"
        if message.type == "error":
            self.errors.append(text)
        elif message.type == "warning":
            self.warnings.append(text)


def follow(page: Any, link: Any, url: str | Callable[[str], bool]) -> None:
    """Click a link (htmx swaps boosted ones in place) and wait until the address matches
    `url` (a glob pattern or a predicate)."""
    link.click()
    page.wait_for_url(url)
    page.wait_for_function("() => !document.querySelector('[aria-busy=true]')")


def missing_chart_specs(page: Any) -> list[str]:
    """Charts whose Vega-Lite spec block is not in the page (nothing to draw them from)."""
    found: list[str] = page.locator("[data-chart]").evaluate_all(
        "els => els.map(e => e.dataset.chart).filter(id => !document.getElementById(id))"
    )
    return found
