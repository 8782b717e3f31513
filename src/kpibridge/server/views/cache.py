"""Query answers remembered until the data changes, so a page opened twice is computed once.

The cache sits on top of the per-user engine and is keyed by who asks (user id, role and
channels) as well as by the query, so one user's answer is never shown to another. Every load
that changes data empties it (the data version's listeners); entries also expire after
MAX_AGE seconds, and the oldest go first when it is full.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Hashable, Sequence
from datetime import date
from typing import Any

from kpibridge.engine import QueryResult
from kpibridge.server.views.windows import Querying

MAX_ENTRIES = 2048
MAX_AGE = 600.0


class ResultCache:
    """A bounded, thread-safe map from query keys to answers."""

    def __init__(self, max_entries: int = MAX_ENTRIES, max_age: float = MAX_AGE) -> None:
        self.max_entries = max_entries
        self.max_age = max_age
        self._entries: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any:
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            if time.monotonic() - found[0] > self.max_age:
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return found[1]

    def put(self, key: Hashable, answer: Any) -> None:
        with self._lock:
            self._entries[key] = (time.monotonic(), answer)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


class CachingEngine:
    """An engine whose answers come from `cache` when the same person asked the same before."""

    def __init__(self, engine: Querying, cache: ResultCache, who: Hashable) -> None:
        self.engine = engine
        self.cache = cache
        self.who = who

    def query_many(
        self,
        kpis: Sequence[str],
        grain: str = "month",
        by: Sequence[str] = (),
        where: dict[str, list[str]] | None = None,
        start: date | None = None,
        end: date | None = None,
        compare: str | None = None,
    ) -> dict[str, QueryResult]:
        filters = tuple(sorted((d, tuple(v)) for d, v in (where or {}).items()))
        key = (self.who, tuple(kpis), grain, tuple(by), filters, start, end, compare)
        found: dict[str, QueryResult] | None = self.cache.get(key)
        if found is None:
            found = self.engine.query_many(kpis, grain, by, where, start, end, compare)
            self.cache.put(key, found)
        return found
