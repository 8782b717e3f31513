"""Fixtures of the browser tests: one served demo world and one chromium per worker, a fresh
browser context per test, and every console error or uncaught exception failing the test.

Under pytest-xdist (make test: -n 2) the demo is built once for all workers (a file lock in
their shared temporary directory); each worker serves its own copy on a free port with its own
chromium. (`--dist loadgroup` would keep them on one worker, but pytest-xdist 3.8 cannot group
under pytest 9: it renames `item._nodeid`, which pytest 9 no longer reads.)
Screenshots and the server log go to $KPIBRIDGE_ARTIFACTS (e.g. `test-artifacts/`, ignored by
git), else to pytest's temporary directory.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_kit import (
    ACTION_MS,
    CHROMIUM_ARGS,
    NAVIGATION_MS,
    USERS,
    Console,
    Login,
    World,
    chromium_path,
    make_token,
    served,
    shared_workspace,
    workspace_config,
)

IN_CI = os.environ.get("CI", "").lower() == "true"
ARTIFACTS_ENV = "KPIBRIDGE_ARTIFACTS"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Keep each phase's report on the item, so fixtures can tell a failed test (screenshot)."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def _unavailable(reason: str) -> None:
    """Fail under CI=true (the browser suite must never vanish silently there), else skip."""
    if IN_CI:
        pytest.fail(f"browser tests cannot run: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium() -> str:
    """The path of Debian's chromium."""
    path = chromium_path()
    if path is None:
        _unavailable("no chromium on PATH (Debian: apt-get install chromium; .ci/run does it)")
    assert path is not None
    return path


@pytest.fixture(scope="session")
def playwright_api() -> Any:
    """The Playwright module (the `playwright` package of the [dev] extra)."""
    try:
        import playwright.sync_api as api
    except ImportError:
        _unavailable("the playwright package is missing: pip install -e '.[dev]'")
    return api


@pytest.fixture(scope="session")
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots and logs go: $KPIBRIDGE_ARTIFACTS, else pytest's temporary directory."""
    configured = os.environ.get(ARTIFACTS_ENV)
    path = Path(configured) if configured else tmp_path_factory.mktemp("browser-artifacts")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def world(
    chromium: str, tmp_path_factory: pytest.TempPathFactory, artifacts: Path
) -> Iterator[World]:
    """The demo built once, its test users and tokens, served by `kpibridge serve`."""
    own = tmp_path_factory.getbasetemp()
    shared = own.parent if os.environ.get("PYTEST_XDIST_WORKER") else own
    workspace = shared_workspace(shared, tmp_path_factory.mktemp("browser-world"))
    ingest = make_token(workspace, USERS["admin"].name, "ingest")
    read = make_token(workspace, USERS["admin"].name, "read")
    config = workspace_config(workspace)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    log = artifacts / f"server-{worker}.log"
    with served(workspace, log) as url:
        found = World(
            workspace,
            url,
            ingest,
            read,
            log,
            currency=config.get("currency", "USD"),
            timezone=config.get("timezone", "UTC"),
        )
        found.kpis = {k["id"]: k for k in found.api("/api/v1/kpis")["kpis"]}
        yield found


@pytest.fixture(scope="session")
def browser(chromium: str, playwright_api: Any) -> Iterator[Any]:
    """One headless chromium for the session."""
    with playwright_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def console() -> Console:
    return Console()


@pytest.fixture
def context(
    browser: Any, world: World, console: Console, artifacts: Path, request: pytest.FixtureRequest
) -> Iterator[Any]:
    """A fresh browser context (no cookies) at the world's address; console watched.

    Fails the test on any console error or uncaught exception that it did not `allow`.
    """
    ctx = browser.new_context(
        base_url=world.base_url,
        viewport={"width": 1400, "height": 900},
        locale="en-US",
        accept_downloads=True,
    )
    ctx.set_default_timeout(ACTION_MS)
    ctx.set_default_navigation_timeout(NAVIGATION_MS)
    ctx.on("page", console.watch)
    yield ctx
    node = request.node
    failed = getattr(node, "report_call", None) is not None and node.report_call.failed
    if failed:
        for i, page in enumerate(ctx.pages):
            name = re.sub(r"[^\w.-]+", "_", node.name)
            page.screenshot(path=str(artifacts / f"failed-{name}-{i}.png"), full_page=True)
    ctx.close()
    if console.warnings:
        with (artifacts / "console-warnings.log").open("a", encoding="utf-8") as log:
            log.writelines(f"{node.nodeid}: {w}\n" for w in console.warnings)
    problems = console.unexpected()
    if problems and not failed:
        pytest.fail("console errors or uncaught exceptions:\n" + "\n".join(problems))


@pytest.fixture
def page(context: Any) -> Any:
    """A page of the test's context."""
    return context.new_page()


@pytest.fixture
def users() -> dict[str, Login]:
    return USERS
