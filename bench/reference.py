"""The reference: the whole suite as one hand-written DuckDB SQL script (reference_suite.sql)."""

from __future__ import annotations

from pathlib import Path
from string import Template

import duckdb
import pandas as pd
from suite import CHANNEL_KPIS, OVERALL_KPIS, Window, long_frame

SCRIPT = Path(__file__).with_name("reference_suite.sql")


def script(window: Window) -> str:
    """The SQL script with the window filled in."""
    return Template(SCRIPT.read_text(encoding="utf-8")).substitute(
        first=window.first.isoformat(),
        last=window.last.isoformat(),
        previous=window.previous.isoformat(),
        after=window.after.isoformat(),
    )


def run_reference(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    """Run the script on a connection whose session TimeZone is the workspace's."""
    results = []
    for statement in con.extract_statements(script(window)):
        if statement.type is duckdb.StatementType.SELECT:
            results.append(con.execute(statement).df())
        else:
            con.execute(statement)
    by_channel, overall = results
    return pd.concat(
        [
            long_frame(by_channel, CHANNEL_KPIS, by_channel=True),
            long_frame(overall, OVERALL_KPIS, by_channel=False),
        ],
        ignore_index=True,
    )
