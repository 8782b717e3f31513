"""The four stories are plain to see in weekly and monthly figures."""

from __future__ import annotations

import statistics
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest
from demo_helpers import one, views

from kpibridge.demo import DemoData, Story


@pytest.fixture(scope="module")
def con(medium: tuple[DemoData, Path]) -> duckdb.DuckDBPyConnection:
    return views(medium[1])


def _story(data: DemoData, key: str) -> Story:
    return next(s for s in data.stories if s.key == key)


def _value(con: duckdb.DuckDBPyConnection, sql: str) -> float:
    return float(one(con, sql))  # type: ignore[arg-type]


def _paid_social_cac(con: duckdb.DuckDBPyConnection, first: date, last: date) -> float:
    spend = _value(
        con,
        f"SELECT sum(usd) FROM spend_usd WHERE channel = 'paid_social' "
        f"AND date BETWEEN '{first}' AND '{last}'",
    )
    new = _value(
        con,
        f"SELECT count(*) FROM customers WHERE channel = 'paid_social' "
        f"AND acquired_at::DATE BETWEEN '{first}' AND '{last}'",
    )
    return spend / new


def test_paid_social_cac_doubles(
    medium: tuple[DemoData, Path], con: duckdb.DuckDBPyConnection
) -> None:
    story = _story(medium[0], "paid_social_cac")
    assert story.channel == "paid_social" and "cac" in story.kpis
    year = timedelta(weeks=52)
    now = _paid_social_cac(con, story.start, story.end)
    before = _paid_social_cac(con, story.start - year, story.end - year)
    assert now >= 1.7 * before
    other = _value(
        con,
        f"SELECT sum(usd) FROM spend_usd WHERE channel <> 'paid_social' AND date "
        f"BETWEEN '{story.start}' AND '{story.end}'",
    ) / _value(
        con,
        f"SELECT count(*) FROM customers WHERE channel <> 'paid_social' AND acquired_at::DATE "
        f"BETWEEN '{story.start}' AND '{story.end}'",
    )
    assert now > 1.5 * other  # the rest of the marketing mix is fine


def test_launch_spikes_traffic(
    medium: tuple[DemoData, Path], con: duckdb.DuckDBPyConnection
) -> None:
    story = _story(medium[0], "launch_spike")
    assert (story.end - story.start).days == 13
    weekly = dict(
        con.execute(
            "SELECT date_trunc('week', started_at)::DATE, count(*) FROM sessions GROUP BY 1"
        ).fetchall()
    )
    weeks = [story.start + timedelta(weeks=k) for k in range(-4, 6)]
    during = [weekly[w] for w in weeks[4:6]]
    around = [weekly[w] for w in weeks[:4] + weeks[7:]]
    assert min(during) > 1.3 * max(around)
    campaign = _value(
        con,
        f"SELECT count(*) FROM sessions WHERE campaign = '{story.campaign}' "
        f"AND started_at::DATE NOT BETWEEN '{story.start}' AND "
        f"'{story.end + timedelta(days=7)}'",
    )
    assert campaign == 0


def test_midmarket_churn_bump(
    medium: tuple[DemoData, Path], con: duckdb.DuckDBPyConnection
) -> None:
    story = _story(medium[0], "midmarket_churn")
    rows = con.execute(
        "SELECT date_trunc('quarter', churned_at)::DATE q, count(*) FILTER "
        "(WHERE segment = 'Mid-Market'), count(*) FILTER (WHERE segment = 'SMB') FROM customers "
        "WHERE churned_at IS NOT NULL GROUP BY 1 ORDER BY 1"
    ).fetchall()
    bump = [r for r in rows if r[0] == story.start]
    others = [r for r in rows[1:-1] if r[0] != story.start]  # first and last are partial
    assert len(bump) == 1
    assert bump[0][1] > 3 * statistics.median(r[1] for r in others)
    assert bump[0][1] > 1.5 * max(r[1] for r in others)
    assert bump[0][2] < 1.5 * max(r[2] for r in others)  # the other segments are calm


def test_nps_drops_after_the_price_change(
    medium: tuple[DemoData, Path], con: duckdb.DuckDBPyConnection
) -> None:
    story = _story(medium[0], "price_change_nps")

    def nps(first: date, last: date) -> float:
        return _value(
            con,
            "SELECT 100 * (count(*) FILTER (WHERE score >= 9) - count(*) FILTER "
            "(WHERE score <= 6)) / count(*) FROM nps_responses WHERE "
            f"responded_at::DATE BETWEEN '{first}' AND '{last}'",
        )

    before = nps(story.start - timedelta(weeks=12), story.start - timedelta(days=1))
    assert nps(story.start, story.end) < before - 25
    weekly = con.execute(
        "SELECT date_trunc('week', responded_at)::DATE w, 100 * (count(*) FILTER (WHERE score >= "
        "9) - count(*) FILTER (WHERE score <= 6)) / count(*) FROM nps_responses GROUP BY 1"
    ).fetchall()
    inside = [
        v
        for w, v in weekly
        if story.start + timedelta(days=7) <= w <= story.end - timedelta(days=7)
    ]
    assert len(inside) >= 4 and statistics.median(inside) < before - 25

    def sentiment(first: date, last: date) -> float:
        return _value(
            con,
            "SELECT (sum(positive_mentions) - sum(negative_mentions)) / sum("
            "positive_mentions + neutral_mentions + negative_mentions) FROM social "
            f"WHERE date BETWEEN '{first}' AND '{last}'",
        )

    assert (
        sentiment(story.start, story.end)
        < sentiment(story.start - timedelta(weeks=12), story.start - timedelta(days=1)) - 0.2
    )
