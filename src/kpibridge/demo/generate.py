"""Generate every table of the demo company and write them under a data directory.

Sessions and e-mail events are written one file per month (`sessions_2025-03.parquet`);
the other tables are one file each, three small ones as CSV. Nothing here touches a
warehouse: `build.py` loads the files through the ingest path.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa

from kpibridge.demo.calendar import Calendar
from kpibridge.demo.channels import (
    CHANNELS,
    COUNTRIES,
    DEVICES,
    REGION_OF_COUNTRY,
    SEGMENTS,
    SPRING_SALE,
)
from kpibridge.demo.finance import (
    build_financials,
    build_fx,
    build_hr,
    build_market,
    build_metric_values,
    fx_table,
)
from kpibridge.demo.funnel import Funnel, build_funnel
from kpibridge.demo.mailings import EVENT_KINDS, Subscribers, email_events, sends
from kpibridge.demo.orders import Orders, build_nps, build_orders
from kpibridge.demo.params import DemoParams
from kpibridge.demo.social import build_brand_surveys, build_social
from kpibridge.demo.spend import build_spend, spend_in_usd
from kpibridge.demo.stories import Story, StoryPlan
from kpibridge.demo.traffic import (
    Conversions,
    SessionMonth,
    TrafficPlan,
    pages,
    session_months,
    traffic_plan,
)
from kpibridge.demo.writer import canonical, ids, labels, sequence, write

Progress = Callable[[str], None]
#: Steps reported besides one per month of sessions and one per month of e-mail.
OTHER_STEPS = 5
CSV_TABLES = ("fx_rates", "brand_surveys", "hr")


@dataclass
class DemoData:
    """What was written: files in load order, rows per table, the stories and the calendar."""

    calendar: Calendar
    stories: list[Story]
    files: list[Path] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)


def steps(params: DemoParams) -> int:
    """How many times `generate` reports progress."""
    return 2 * len(Calendar.ending_before(params.today, params.timezone).months()) + OTHER_STEPS


def generate(params: DemoParams, data_dir: Path, progress: Progress | None = None) -> DemoData:
    """Write every table of the demo company into `data_dir` (which should be empty)."""
    report = progress or (lambda _step: None)
    cal = Calendar.ending_before(params.today, params.timezone)
    plan = StoryPlan.for_calendar(cal)
    schedule = sends(cal, plan)
    traffic = traffic_plan(params, cal, plan, schedule)
    out = DemoData(cal, plan.stories())

    def emit(table: str, columns: dict[str, object], name: str | None = None) -> None:
        arrow = canonical(table, columns, cal)
        suffix = ".csv" if table in CSV_TABLES else ".parquet"
        out.files.append(write(arrow, data_dir / f"{name or table}{suffix}"))
        out.rows[table] = out.rows.get(table, 0) + arrow.num_rows

    fx = build_fx(cal, params.rng(2))
    rates = fx_table(cal, fx)
    emit("fx_rates", {"date": rates["day"], "currency": rates["currency"], "rate": rates["rate"]})

    counts = np.zeros((cal.n_days, len(traffic.units)), dtype=np.int64)
    found: list[Conversions] = []
    for month in session_months(params, cal, traffic):
        report(f"sessions {month.period.label}")
        counts[month.period.first : month.period.stop] = month.counts
        found.append(month.conversions)
        emit("sessions", _sessions(traffic, month), f"sessions_{month.period.label}")

    spend = build_spend(cal, plan, traffic, counts, schedule, fx, params.scale, params.rng(3))
    emit("spend", _spend(spend))
    report("spend")

    funnel = build_funnel(cal, plan, traffic, Conversions.concat(found), fx["EUR"], params.rng(4))
    lead_ids = sequence("L", 0, len(funnel.leads.created))
    customer_ids = sequence("C", 0, len(funnel.customers.acquired))
    for table, columns in _funnel_tables(traffic, funnel, lead_ids, customer_ids).items():
        emit(table, columns)
    report("leads, deals and customers")

    orders = build_orders(cal, plan, funnel.customers, params.rng(5))
    emit("orders", _orders(orders, customer_ids))
    nps = build_nps(cal, plan, orders, params.rng(6))
    emit(
        "nps_responses",
        {
            "response_id": sequence("R", 0, len(nps.at)),
            "customer_id": customer_ids.take(pa.array(nps.customer)),
            "responded_at": nps.at,
            "score": nps.score,
        },
    )
    report("orders and NPS")

    subs = _subscribers(funnel, lead_ids, customer_ids, params.rng(7))
    names = [s.name for s in schedule]
    first = 0
    for batch in email_events(cal, schedule, subs, params.rng(8)):
        report(f"e-mail {batch.label}")
        n = len(batch.at)
        emit(
            "email_events",
            {
                "event_id": sequence("E", first, n, 9),
                "email_campaign": labels(names, batch.campaign),
                "recipient_id": subs.ids.take(pa.array(batch.recipient)),
                "event": labels(EVENT_KINDS, batch.event),
                "occurred_at": batch.at,
                "channel": labels(["email"], np.zeros(n, dtype=np.int64)),
            },
            f"email_events_{batch.label}",
        )
        first += n

    social = build_social(cal, plan, params.scale, params.rng(9))
    emit("social", {"date": social.pop("day"), **social})
    surveys = build_brand_surveys(cal, plan, params.rng(10))
    emit("brand_surveys", {"date": surveys.pop("day"), **surveys})
    report("social and brand")

    _company(cal, plan, orders, spend, fx, params, emit)
    report("finance, market and HR")
    return out


def _sessions(traffic: TrafficPlan, month: SessionMonth) -> dict[str, object]:
    unit_channel = np.array([u.channel for u in traffic.units])
    return {
        "session_id": sequence("S", month.first_id, len(month.at), 9),
        "visitor_id": ids("V", month.visitor),
        "started_at": month.at,
        "channel": labels([c.name for c in CHANNELS], unit_channel[month.unit]),
        "campaign": labels([u.campaign for u in traffic.units], month.unit),
        "device": labels(DEVICES, month.device),
        "country": labels(COUNTRIES, month.country),
        "landing_page": labels(pages(traffic), month.page),
    }


def _spend(spend: dict[str, np.ndarray]) -> dict[str, object]:
    campaign = spend["campaign"]
    # An agency export from a Mac: the spring sale arrives decomposed (NFD), as in real life.
    campaign = np.where(
        campaign == SPRING_SALE, unicodedata.normalize("NFD", SPRING_SALE), campaign
    )
    return {
        "date": spend["day"],
        "channel": spend["channel"],
        "campaign": campaign,
        "cost": spend["cost"],
        "currency": spend["currency"],
        "impressions": spend["impressions"],
        "clicks": spend["clicks"],
        "category": spend["category"],
    }


def _funnel_tables(
    traffic: TrafficPlan, funnel: Funnel, lead_ids: pa.Array, customer_ids: pa.Array
) -> dict[str, dict[str, object]]:
    channel_names = [c.name for c in CHANNELS]
    campaign_names = [u.campaign for u in traffic.units]
    leads, deals, customers = funnel.leads, funnel.deals, funnel.customers
    return {
        "leads": {
            "lead_id": lead_ids,
            "created_at": leads.created,
            "visitor_id": ids("V", leads.visitor),
            "channel": labels(channel_names, leads.channel),
            "campaign": labels(campaign_names, leads.unit),
            "segment": labels(SEGMENTS, leads.segment),
            "mql_at": leads.mql,
            "sql_at": leads.sql,
        },
        "deals": {
            "deal_id": sequence("D", 0, len(deals.created)),
            "lead_id": lead_ids.take(pa.array(deals.lead)),
            "customer_id": customer_ids.take(pa.array(deals.customer, mask=deals.customer < 0)),
            "created_at": deals.created,
            "status": labels(("open", "won", "lost"), deals.status),
            "closed_at": deals.closed,
            "amount": deals.amount,
            "currency": np.where(deals.eur, "EUR", "USD").astype(object),
        },
        "customers": {
            "customer_id": customer_ids,
            "acquired_at": customers.acquired,
            "channel": labels(channel_names, customers.channel),
            "campaign": labels(campaign_names, customers.unit),
            "segment": labels(SEGMENTS, customers.segment),
            "region": labels(REGION_OF_COUNTRY, customers.country),
            "churned_at": customers.churned,
        },
    }


def _orders(orders: Orders, customer_ids: pa.Array) -> dict[str, object]:
    return {
        "order_id": sequence("O", 0, len(orders.at), 9),
        "customer_id": customer_ids.take(pa.array(orders.customer)),
        "ordered_at": orders.at,
        "amount": orders.amount,
        "cost": orders.cost,
        "currency": labels(["USD"], np.zeros(len(orders.at), dtype=np.int64)),
    }


def _subscribers(
    funnel: Funnel, lead_ids: pa.Array, customer_ids: pa.Array, rng: np.random.Generator
) -> Subscribers:
    """Leads (55 % opt in) and customers without a lead (45 %), keyed by their own id."""
    leads = np.flatnonzero(rng.random(len(lead_ids)) < 0.55)
    no_lead = np.flatnonzero(funnel.customers.lead < 0)
    buyers = no_lead[rng.random(len(no_lead)) < 0.45]
    since = np.concatenate([funnel.leads.created[leads], funnel.customers.acquired[buyers]])
    who = pa.concat_arrays([lead_ids.take(pa.array(leads)), customer_ids.take(pa.array(buyers))])
    order = np.argsort(since, kind="stable")
    return Subscribers(who.take(pa.array(order)), since[order])


def _company(
    cal: Calendar,
    plan: StoryPlan,
    orders: Orders,
    spend: dict[str, np.ndarray],
    fx: dict[str, np.ndarray],
    params: DemoParams,
    emit: Callable[..., None],
) -> None:
    day = cal.day_index_of(orders.at)
    revenue = np.bincount(day, weights=orders.amount, minlength=cal.n_days)
    cogs = np.bincount(day, weights=orders.cost, minlength=cal.n_days)
    marketing = np.bincount(spend["day"], weights=spend_in_usd(spend, fx), minlength=cal.n_days)
    hr = build_hr(cal, revenue, params.rng(11))
    fin = build_financials(cal, revenue, cogs, marketing, hr, params.scale)
    market = build_market(cal, revenue, params.rng(12))
    emit("financials", {"period_start": fin.pop("first"), "period_end": fin.pop("last"), **fin})
    emit(
        "market",
        {
            "period_start": market["first"],
            "period_end": market["last"],
            "market_revenue": market["market_revenue"],
            "currency": labels(["USD"], np.zeros(len(market["first"]), dtype=np.int64)),
        },
    )
    emit("hr", {"period_start": hr.pop("first"), "period_end": hr.pop("last"), **hr})
    values = build_metric_values(cal, plan, revenue, params.rng(13))
    emit("metric_values", {"kpi": values["kpi"], "date": values["day"], "value": values["value"]})
