"""A larger seeded world (Jan 2024 – Mar 2025, Europe/Berlin) for oracle and property tests.

~20k sessions, ~1.5k leads, ~600 customers, ~3k orders, ~800 deals, e-mail campaigns, social,
surveys and irregular period rows (market, financials, hr), timestamps at every hour
(across the DST changes). Rows go in with SQL (INSERT … SELECT from Arrow tables).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pyarrow as pa

from kpibridge.workspace import Workspace

GENERATED_TIMEZONE = "Europe/Berlin"
FIRST_DAY, LAST_DAY = date(2024, 1, 1), date(2025, 3, 31)
CHANNELS = ("display", "email", "referral", "search", "social")
PLATFORMS = ("instagram", "linkedin", "tiktok")
CUSTOM_METRIC = "innovation_index"

_T0 = int(datetime(2023, 12, 31, 23, tzinfo=UTC).timestamp())  # Jan 1 2024 00:00 CET
_T1 = int(datetime(2025, 3, 31, 22, tzinfo=UTC).timestamp())  # Apr 1 2025 00:00 CEST
_DAY = 86400
_MIDNIGHTS = np.array(
    [  # local midnights (Europe/Berlin) of every day around the data
        int(
            datetime.combine(
                FIRST_DAY + timedelta(days=i), time(), ZoneInfo(GENERATED_TIMEZONE)
            ).timestamp()
        )
        for i in range(-70, 460)
    ]
)

Columns = dict[str, pa.Array]


def _arr(values: Sequence[Any], type_: pa.DataType) -> pa.Array:
    return pa.array(values, type=type_)


def _str(values: Sequence[Any]) -> pa.Array:
    return _arr(values, pa.string())


def _int(values: Sequence[Any]) -> pa.Array:
    return _arr(values, pa.int64())


def _money(cents: Sequence[int | None]) -> pa.Array:
    return _str([None if c is None else f"{c / 100:.2f}" for c in cents])


class _Gen:
    """Draws the rows of every table from one seeded generator."""

    def __init__(self, seed: int) -> None:
        self.rng = np.random.default_rng(seed)

    def instant(self, low: int = _T0, high: int = _T1) -> int:
        """A random instant in [low, high); 3 % exactly at a local midnight or 1 s before."""
        if self.rng.random() < 0.03:
            first, last = np.searchsorted(_MIDNIGHTS, [low + 1, high])
            inside = _MIDNIGHTS[first:last]
            if len(inside):
                return int(self.rng.choice(inside)) - int(self.rng.integers(0, 2))
        return int(self.rng.integers(low, high))

    def pick(self, options: tuple[str, ...] | list[str], p: list[float] | None = None) -> str:
        return str(self.rng.choice(options, p=p))

    def maybe(self, value: Any, chance: float) -> Any:
        return value if self.rng.random() < chance else None

    def days(self) -> list[date]:
        return [FIRST_DAY + timedelta(days=i) for i in range((LAST_DAY - FIRST_DAY).days + 1)]

    def campaign(self, channel: str) -> str | None:
        return self.maybe(f"{channel}_{self.pick(['a', 'b'])}", 0.9)


def _spend(g: _Gen) -> Columns:
    rows: list[tuple[object, ...]] = []
    for day in g.days():
        for channel in CHANNELS:
            if g.rng.random() < 0.25:
                continue
            impressions = 0 if channel == "email" else int(g.rng.integers(0, 20000))
            clicks = int(g.rng.integers(0, impressions // 20 + 1))
            category = g.pick(["media", "content", "tools"])
            rows.append(
                (
                    day,
                    channel,
                    g.campaign(channel),
                    int(g.rng.integers(100, 90000)),
                    impressions,
                    clicks,
                    category,
                )
            )
    d, ch, camp, cost, imp, clk, cat = zip(*rows, strict=True)
    return {
        "date": _arr(list(d), pa.date32()),
        "channel": _str(list(ch)),
        "campaign": _str(list(camp)),
        "cost": _money(list(cost)),
        "currency": _str(["EUR"] * len(d)),
        "impressions": _int(list(imp)),
        "clicks": _int(list(clk)),
        "category": _str(list(cat)),
        "fx_rate": _str(["1"] * len(d)),
    }


_WEIGHTS = [0.15, 0.15, 0.1, 0.35, 0.25]


def _sessions(g: _Gen, n: int = 20000) -> Columns:
    channels = [g.pick(CHANNELS, _WEIGHTS) for _ in range(n)]
    return {
        "session_id": _str([f"s{i:05d}" for i in range(n)]),
        "visitor_id": _str(
            [g.maybe(f"v{int(g.rng.integers(0, 7000)):04d}", 0.97) for _ in range(n)]
        ),
        "started_at": _int([g.instant() for _ in range(n)]),
        "channel": _str(channels),
        "campaign": _str([g.campaign(c) for c in channels]),
        "device": _str([g.pick(["desktop", "mobile", "tablet"]) for _ in range(n)]),
        "country": _str([g.pick(["DE", "AT", "CH", "IT"]) for _ in range(n)]),
        "landing_page": _str(["/"] * n),
    }


def _leads(g: _Gen, n: int = 1500) -> Columns:
    created = [g.instant() for _ in range(n)]
    mql = [c + int(g.rng.integers(0, 20 * _DAY)) if g.rng.random() < 0.6 else None for c in created]
    sql = [
        m + int(g.rng.integers(0, 30 * _DAY)) if m and g.rng.random() < 0.5 else None for m in mql
    ]
    channels = [g.pick(CHANNELS, _WEIGHTS) for _ in range(n)]
    return {
        "lead_id": _str([f"l{i:04d}" for i in range(n)]),
        "created_at": _int(created),
        "visitor_id": _str([f"v{int(g.rng.integers(0, 7000)):04d}" for _ in range(n)]),
        "channel": _str(channels),
        "campaign": _str([g.campaign(c) for c in channels]),
        "segment": _str([g.pick(["smb", "ent"]) for _ in range(n)]),
        "mql_at": _int(mql),
        "sql_at": _int(sql),
    }


def _customers(g: _Gen, n: int = 600) -> Columns:
    acquired = [g.instant(_T0 - 60 * _DAY) for _ in range(n)]  # some before the data starts
    churned = [
        a + int(g.rng.integers(_DAY // 2, 300 * _DAY)) if g.rng.random() < 0.45 else None
        for a in acquired
    ]
    channels = [g.pick(CHANNELS, _WEIGHTS) for _ in range(n)]
    return {
        "customer_id": _str([f"c{i:04d}" for i in range(n)]),
        "acquired_at": _int(acquired),
        "channel": _str(channels),
        "campaign": _str([g.campaign(c) for c in channels]),
        "segment": _str([g.pick(["smb", "ent"]) for _ in range(n)]),
        "region": _str([g.pick(["north", "south", "east"]) for _ in range(n)]),
        "churned_at": _int(churned),
    }


def _orders(g: _Gen, acquired: list[int], n: int = 3000) -> Columns:
    who = [int(g.rng.integers(0, len(acquired))) for _ in range(n)]
    when = [
        g.instant(max(acquired[c], _T0), _T1) if acquired[c] < _T1 - _DAY else g.instant()
        for c in who
    ]
    amount = [int(g.rng.integers(1000, 50000)) for _ in range(n)]
    amount = [-a // 3 if g.rng.random() < 0.05 else a for a in amount]  # refunds
    cost = [max(a, 0) * int(g.rng.integers(20, 70)) // 100 for a in amount]
    return {
        "order_id": _str([f"o{i:05d}" for i in range(n)]),
        "customer_id": _str(
            [f"c{c:04d}" if g.rng.random() > 0.01 else "c-unknown" for c in who]
        ),  # 1 % of unknown customers: channel None
        "ordered_at": _int(when),
        "amount": _money(amount),
        "cost": _money(cost),
        "currency": _str(["EUR"] * n),
        "fx_rate": _str(["1"] * n),
    }


def _deals(g: _Gen, lead_created: list[int], n_customers: int, n: int = 800) -> Columns:
    lead: list[str | None] = []
    customer: list[str | None] = []
    created: list[int] = []
    status: list[str] = []
    closed: list[int | None] = []
    amount: list[int | None] = []
    for _ in range(n):
        kind = g.rng.random()
        if kind < 0.65:  # from a lead (some with a customer too)
            li = int(g.rng.integers(0, len(lead_created)))
            lead.append(f"l{li:04d}")
            customer.append(g.maybe(f"c{int(g.rng.integers(0, n_customers)):04d}", 0.3))
            start = lead_created[li] + int(g.rng.integers(0, 10 * _DAY))
        else:  # no lead (or an unknown one): dimensions from the customer, if any
            lead.append("l-unknown" if kind > 0.97 else None)
            customer.append(g.maybe(f"c{int(g.rng.integers(0, n_customers)):04d}", 0.95))
            start = g.instant()
        created.append(start)
        state = g.pick(["open", "won", "lost"], [0.25, 0.4, 0.35])
        status.append(state)
        closed.append(None if state == "open" else start + int(g.rng.integers(3600, 90 * _DAY)))
        amount.append(g.maybe(int(g.rng.integers(50000, 5000000)), 0.97))
    return {
        "deal_id": _str([f"d{i:04d}" for i in range(n)]),
        "lead_id": _str(lead),
        "customer_id": _str(customer),
        "created_at": _int(created),
        "status": _str(status),
        "closed_at": _int(closed),
        "amount": _money(amount),
        "currency": _str(["EUR"] * n),
        "fx_rate": _str(["1"] * n),
    }


def _nps(g: _Gen, n_customers: int, n: int = 500) -> Columns:
    return {
        "response_id": _str([f"n{i:04d}" for i in range(n)]),
        "customer_id": _str(
            [g.maybe(f"c{int(g.rng.integers(0, n_customers)):04d}", 0.95) for _ in range(n)]
        ),
        "responded_at": _int([g.instant() for _ in range(n)]),
        "score": _int([int(g.rng.integers(0, 11)) for _ in range(n)]),
    }


def _email(g: _Gen, campaigns: int = 30) -> Columns:
    rows: list[tuple[object, ...]] = []
    for k in range(campaigns):
        sent = g.instant(_T0, _T1 - 3 * _DAY)
        channel = "social" if k % 5 == 0 else None if k % 7 == 3 else "email"
        for r in g.rng.choice(2000, size=int(g.rng.integers(40, 120)), replace=False):
            events = ["sent", "delivered" if g.rng.random() < 0.93 else "bounce"]
            events += ["open"] * int(g.rng.integers(0, 3)) if events[1] == "delivered" else []
            events += ["click"] if "open" in events and g.rng.random() < 0.4 else []
            events += ["unsubscribe"] if g.rng.random() < 0.03 else []
            for i, event in enumerate(events):
                at = sent + (0 if i < 2 else int(g.rng.integers(60, 15 * _DAY)))
                rows.append((f"m{k:02d}", f"r{r:04d}", event, at, channel))
    camp, rec, ev, when, ch = zip(*rows, strict=True)
    return {
        "event_id": _str([f"e{i:05d}" for i in range(len(camp))]),
        "email_campaign": _str(list(camp)),
        "recipient_id": _str(list(rec)),
        "event": _str(list(ev)),
        "occurred_at": _int(list(when)),
        "channel": _str(list(ch)),
    }


def _social(g: _Gen) -> Columns:
    rows = [
        (day, p, *(int(x) for x in g.rng.integers(0, [9000, 6000, 600, 30, 30, 30])))
        for day in g.days()
        for p in PLATFORMS
        if g.rng.random() < 0.7
    ]
    cols = list(zip(*rows, strict=True))
    names = [
        "impressions",
        "reach",
        "engagements",
        "positive_mentions",
        "neutral_mentions",
        "negative_mentions",
    ]
    return {
        "date": _arr(list(cols[0]), pa.date32()),
        "platform": _str(list(cols[1])),
        **{name: _int(list(cols[i + 2])) for i, name in enumerate(names)},
    }


def _segments(g: _Gen, low: int, high: int) -> list[tuple[date, date]]:
    """Contiguous, non-overlapping [start, end] day ranges covering the data's days."""
    out, start = [], FIRST_DAY - timedelta(days=int(g.rng.integers(0, 40)))
    while start <= LAST_DAY:
        end = start + timedelta(days=int(g.rng.integers(low, high)))
        out.append((start, end))
        start = end + timedelta(days=1)
    return out


def _period_table(segments: list[tuple[date, date]], **columns: pa.Array) -> Columns:
    starts, ends = zip(*segments, strict=True)
    return {
        "period_start": _arr(list(starts), pa.date32()),
        "period_end": _arr(list(ends), pa.date32()),
        **columns,
    }


def _period_tables(g: _Gen) -> dict[str, Columns]:
    market, fin, hr = _segments(g, 20, 120), _segments(g, 25, 95), _segments(g, 10, 70)

    def money(n: int, low: int, high: int) -> pa.Array:
        return _money([int(x) for x in g.rng.integers(low, high, n)])

    def ints(n: int, low: int, high: int) -> pa.Array:
        return _int([int(x) for x in g.rng.integers(low, high, n)])

    return {
        "market": _period_table(
            market,
            market_revenue=money(len(market), 10**7, 10**9),
            currency=_str(["EUR"] * len(market)),
            fx_rate=_str(["1"] * len(market)),
        ),
        "financials": _period_table(
            fin,
            revenue=money(len(fin), 10**7, 10**8),
            cogs=money(len(fin), 10**6, 10**7),
            operating_expenses=money(len(fin), 10**6, 10**7),
            operating_profit=money(len(fin), -(10**6), 10**7),
            net_profit=money(len(fin), -(10**6), 10**7),
            capital_employed=money(len(fin), 10**8, 10**9),
        ),
        "hr": _period_table(
            hr,
            headcount_start=ints(len(hr), 90, 130),
            headcount_end=ints(len(hr), 90, 130),
            leavers=ints(len(hr), 0, 8),
            enps=_arr([float(x) for x in g.rng.integers(-40, 70, len(hr))], pa.float64()),
        ),
    }


def _small_tables(g: _Gen) -> dict[str, Columns]:
    survey_days = sorted({FIRST_DAY + timedelta(days=int(d)) for d in g.rng.integers(0, 450, 25)})
    metric_days = sorted({FIRST_DAY + timedelta(days=int(d)) for d in g.rng.integers(0, 450, 120)})
    respondents = [int(x) for x in g.rng.integers(100, 1000, len(survey_days))]
    return {
        "brand_surveys": {
            "date": _arr(survey_days, pa.date32()),
            "respondents": _int(respondents),
            "aware_aided": _int([int(g.rng.integers(0, r)) for r in respondents]),
            "aware_unaided": _int([int(g.rng.integers(0, r // 2)) for r in respondents]),
        },
        "metric_values": {
            "kpi": _str([CUSTOM_METRIC] * len(metric_days)),
            "date": _arr(metric_days, pa.date32()),
            "value": _arr([float(g.rng.normal(50, 10)) for _ in metric_days], pa.float64()),
            "dimension": _str([None] * len(metric_days)),
            "dimension_value": _str([None] * len(metric_days)),
        },
        "fx_rates": {
            "date": _arr([FIRST_DAY], pa.date32()),
            "currency": _str(["USD"]),
            "rate": _arr([0.92], pa.float64()),
        },
    }


_TIMESTAMPS = {
    "started_at",
    "created_at",
    "mql_at",
    "sql_at",
    "acquired_at",
    "churned_at",
    "ordered_at",
    "closed_at",
    "responded_at",
    "occurred_at",
}


def generate_tables(seed: int = 20250101) -> dict[str, pa.Table]:
    """Every canonical table of the generated world as Arrow (timestamps as epoch seconds)."""
    g = _Gen(seed)
    customers = _customers(g)
    leads = _leads(g)
    acquired = customers["acquired_at"].to_pylist()
    tables: dict[str, Columns] = {
        "spend": _spend(g),
        "sessions": _sessions(g),
        "leads": leads,
        "customers": customers,
        "orders": _orders(g, acquired),
        "deals": _deals(g, leads["created_at"].to_pylist(), len(acquired)),
        "nps_responses": _nps(g, len(acquired)),
        "email_events": _email(g),
        "social": _social(g),
        **_period_tables(g),
        **_small_tables(g),
    }
    return {name: pa.table(cols) for name, cols in tables.items()}


CUSTOM_KPI_YAML = f"""\
kpis:
  - id: "custom:{CUSTOM_METRIC}"
    name: Innovation index
    kind: custom
    custom: {{metric: {CUSTOM_METRIC}, aggregate: mean}}
    unit: number
"""


def build_generated_world(path: Path | str, seed: int = 20250101) -> Workspace:
    """Create a workspace at `path` holding the generated world; returns it open."""
    ws = Workspace.init(path, currency="EUR", timezone=GENERATED_TIMEZONE, name="generated")
    (ws.path / "kpis" / "custom.yaml").write_text(CUSTOM_KPI_YAML, encoding="utf-8")
    con = ws.warehouse.raw
    for name, table in generate_tables(seed).items():
        select = ", ".join(
            f'to_timestamp("{c}")' if c in _TIMESTAMPS else f'"{c}"' for c in table.column_names
        )
        names = ", ".join(f'"{c}"' for c in table.column_names)
        con.register("_generated", table)
        con.execute(f'INSERT INTO "{name}" ({names}) SELECT {select} FROM _generated').fetchall()
        con.unregister("_generated")
    con.execute("CHECKPOINT").fetchall()
    return ws
