"""The suite through the engine: two `query_many` calls (by channel, and overall)."""

from __future__ import annotations

import pandas as pd
from suite import CHANNEL_KPIS, COLUMNS, OVERALL_KPIS, Window

from kpibridge.engine.result import QueryResult
from kpibridge.workspace import Workspace


def engine_results(ws: Workspace, window: Window) -> dict[str, QueryResult]:
    """Every KPI of the suite, monthly: by channel where it has one, else overall."""
    engine = ws.engine
    out = engine.query_many(CHANNEL_KPIS, "month", ["channel"], start=window.first, end=window.last)
    out.update(engine.query_many(OVERALL_KPIS, "month", start=window.first, end=window.last))
    return out


def to_long(results: dict[str, QueryResult]) -> pd.DataFrame:
    """The engine's frames in the common long shape."""
    parts = []
    for kpi, result in results.items():
        frame = result.frame.copy()
        if "channel" not in frame:
            frame["channel"] = None
        frame["kpi"] = kpi
        frame["period"] = pd.to_datetime(frame["period"]).dt.strftime("%Y-%m-%d")
        frame["value"] = pd.to_numeric(frame["value"], errors="coerce").astype("float64")
        frame["channel"] = frame["channel"].astype(object).where(frame["channel"].notna(), None)
        parts.append(frame[COLUMNS])
    return pd.concat(parts, ignore_index=True)


def uncovered(ws: Workspace) -> list[str]:
    """Visible catalog KPIs the suite (and so the reference and pandas) does not compute."""
    suite = {*CHANNEL_KPIS, *OVERALL_KPIS}
    return [s.id for s in ws.catalog if not s.hidden and s.id not in suite]
