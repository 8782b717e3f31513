"""The data version: a cheap signal that tells open pages when to fetch their numbers again.

The version is the number of loads that changed the warehouse (status "loaded" in the load
log), so it survives restarts and only ever grows. The server is the warehouse's one writer
while it runs, so it reads the count once and again after each of its own loads, never on a
poll.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from kpibridge.ingest import loaded_count
from kpibridge.workspace import Workspace

log = logging.getLogger("kpibridge.server")

Listener = Callable[[], None]
_CREATING = threading.Lock()


class DataVersion:
    """A monotonic counter of data changes, with listeners to drop caches that hold data."""

    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace
        self._value: int | None = None
        self._guard = threading.Lock()
        self._listeners: list[Listener] = []

    @property
    def value(self) -> int:
        with self._guard:
            if self._value is None:
                self._value = self._count_loads()
            return self._value

    @property
    def token(self) -> str:
        """The version as the opaque token clients pass back as `since`."""
        return str(self.value)

    def on_change(self, listener: Listener) -> None:
        """Call `listener` after every load that changed data (e.g. to clear a page cache)."""
        self._listeners.append(listener)

    def bump(self) -> None:
        """Record that a load changed the data, and tell the listeners."""
        with self._guard:
            self._value = self._count_loads()
        for listener in list(self._listeners):
            try:
                listener()
            except Exception:  # a broken cache must not fail the load that already happened
                log.exception("a data-change listener failed")

    def _count_loads(self) -> int:
        warehouse = self._workspace.warehouse
        with warehouse.lock:
            return loaded_count(warehouse)


def data_version(services: dict[str, object], workspace: Workspace) -> DataVersion:
    """The app's data version (kept in the app context's services)."""
    with _CREATING:
        found = services.get("data_version")
        if not isinstance(found, DataVersion):
            found = DataVersion(workspace)
            services["data_version"] = found
        return found
