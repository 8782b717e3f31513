""" "Data as of …": the last successful load and the latest day with facts."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from kpibridge.engine.extent import fact_extent
from kpibridge.engine.plan import base_kpis
from kpibridge.ingest import load_log
from kpibridge.server.views.env import PageEnv
from kpibridge.server.views.model import Freshness
from kpibridge.workspace import Workspace


def latest_load(workspace: Workspace) -> datetime | None:
    """When data was last loaded (UTC), or None when nothing was loaded through ingest."""
    with workspace.warehouse.lock:
        loaded = [r.loaded_at for r in load_log(workspace.warehouse) if r.status == "loaded"]
    return max(loaded) if loaded else None


def latest_fact(workspace: Workspace, kpis: Iterable[str]) -> date | None:
    """The latest local day with a fact any of `kpis` reads."""
    catalog = workspace.catalog
    bases = [catalog.get(k) for k in base_kpis(catalog, list(kpis))]
    warehouse = workspace.warehouse
    with warehouse.lock:
        _, high = fact_extent(warehouse.table, bases, warehouse.timezone)
    return high


def freshness(env: PageEnv, workspace: Workspace, kpis: Iterable[str]) -> Freshness:
    wanted = tuple(kpis)
    key = ("freshness", wanted)
    found = env.cache.get(key) if env.cache is not None else None
    if found is None:
        found = (latest_load(workspace), latest_fact(workspace, wanted))
        if env.cache is not None:
            env.cache.put(key, found)
    loaded, fact = found
    loaded_display = None
    if loaded is not None:
        local = loaded.astimezone(ZoneInfo(workspace.config.timezone))
        loaded_display = f"{env.day(local.date())} {local:%H:%M}"
    return Freshness(
        loaded_at=loaded.isoformat() if loaded else None,
        loaded_display=loaded_display,
        latest_fact=fact.isoformat() if fact else None,
        latest_display=env.day(fact) if fact else None,
    )
