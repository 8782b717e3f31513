"""The views of the served workspace, reloaded when a dashboards/*.yaml file changes."""

from __future__ import annotations

import threading
from pathlib import Path

from kpibridge.server.context import AppContext
from kpibridge.server.views.loader import ViewSet, builtin_files, load_views, workspace_files

_lock = threading.Lock()
KEY = "views"


def _signature(workspace: Path) -> tuple[tuple[str, float], ...]:
    files = [*builtin_files(), *workspace_files(workspace)]
    return tuple((str(f), f.stat().st_mtime) for f in files)


def views_of(context: AppContext) -> ViewSet:
    """The workspace's views; a SpecError (file:line) when a view file is wrong."""
    path = context.workspace.path
    signature = _signature(path)
    with _lock:
        cached = context.services.get(KEY)
        if cached is not None and cached[0] == signature:
            return cached[1]
        views = load_views(path, context.workspace.catalog)
        context.services[KEY] = (signature, views)
        return views
