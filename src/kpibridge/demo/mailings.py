"""E-mail: the send schedule (newsletters and promotions) and each recipient's events."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from kpibridge.demo.calendar import HOUR_US, MINUTE_US, Calendar
from kpibridge.demo.channels import SPRING_SALE
from kpibridge.demo.stories import StoryPlan

NEWSLETTER = "Trail Letter"
#: Yearly promotions: name and "MM-DD" of the send.
PROMOTIONS = (
    (SPRING_SALE, "03-03"),
    ("Summer Trail Days", "06-16"),
    ("Herbst-Kollektion", "09-08"),
    ("Black Friday Week", "11-21"),
    ("Winter Warm-Up", "12-08"),
)
EVENT_KINDS = ("sent", "delivered", "open", "click", "bounce", "unsubscribe")


@dataclass(frozen=True)
class Send:
    """One e-mail campaign sent on one day to a share of the subscribers."""

    name: str
    day: int
    audience: float  # share of subscribers who receive it
    open_rate: float
    weight: float  # traffic it brings, relative to the e-mail channel's baseline


def sends(cal: Calendar, plan: StoryPlan) -> list[Send]:
    """The send schedule: a newsletter on each month's first Tuesday plus promotions."""
    out: list[Send] = []
    for period in cal.months():
        days = np.arange(period.first, period.stop)
        tuesdays = days[cal.weekday[days] == 1]
        if len(tuesdays):
            out.append(Send(f"{NEWSLETTER} {period.label}", int(tuesdays[0]), 1.0, 0.34, 10.0))
    for name, when in PROMOTIONS:
        mmdd = int(when.replace("-", ""))
        for day in np.flatnonzero(cal.month_day == mmdd):
            out.append(Send(f"{name} {cal.year[day]}", int(day), 0.6, 0.27, 7.0))
    out.append(Send(f"{NEWSLETTER} Special – Trailblazer 2", plan.launch_start, 1.0, 0.41, 8.0))
    return sorted(out, key=lambda s: (s.day, s.name))


#: Share of a send's traffic on the day of the send and the days after.
SEND_DECAY = np.array([1.0, 0.45, 0.2, 0.1, 0.06, 0.04, 0.03])


@dataclass
class Subscribers:
    """Everyone on the list: recipient ids and when they subscribed (local µs), by time."""

    ids: np.ndarray  # object array of str
    since: np.ndarray


@dataclass
class EmailBatch:
    """The events of the sends of one month."""

    label: str
    campaign: np.ndarray  # index into campaign names
    recipient: np.ndarray  # index into Subscribers.ids
    event: np.ndarray  # index into EVENT_KINDS
    at: np.ndarray  # local µs


def email_events(
    cal: Calendar, schedule: list[Send], subs: Subscribers, rng: np.random.Generator
) -> Iterator[EmailBatch]:
    """Events of every send, one batch per month of sends; unsubscribers get no later sends."""
    unsubscribed = np.zeros(len(subs.ids), dtype=bool)
    by_month: dict[str, list[int]] = {}
    for i, send in enumerate(schedule):
        by_month.setdefault(cal.label(send.day), []).append(i)
    for label, indexes in by_month.items():
        parts = [_one_send(cal, i, schedule[i], subs, unsubscribed, rng) for i in indexes]
        yield EmailBatch(label, *(np.concatenate([p[k] for p in parts]) for k in range(4)))


def _one_send(
    cal: Calendar,
    index: int,
    send: Send,
    subs: Subscribers,
    unsubscribed: np.ndarray,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    t0 = int(cal.midnight_us(send.day)) + 10 * HOUR_US
    listed = np.flatnonzero((subs.since < t0) & ~unsubscribed)
    who = listed[rng.random(len(listed)) < send.audience]
    n = len(who)
    sent = t0 + rng.integers(0, 30 * MINUTE_US, n)
    bounced = rng.random(n) < 0.015
    delivered = ~bounced
    arrive = sent + rng.integers(1_000_000, 90_000_000, n)
    opened = delivered & (rng.random(n) < send.open_rate)
    open_at = arrive + (rng.exponential(6.0, n) * HOUR_US).astype(np.int64)
    reopened = opened & (rng.random(n) < 0.2)
    reopen_at = open_at + (rng.exponential(20.0, n) * HOUR_US).astype(np.int64)
    clicked = opened & (rng.random(n) < 0.16)
    click_at = open_at + (rng.exponential(3.0, n) * MINUTE_US).astype(np.int64) + 1_000_000
    unsub = delivered & (rng.random(n) < 0.004)
    unsub_at = (
        np.where(opened, open_at, arrive)
        + (rng.exponential(2.0, n) * HOUR_US).astype(np.int64)
        + 1_000_000
    )
    unsubscribed[who[unsub]] = True
    masks = (np.ones(n, dtype=bool), delivered, opened, clicked, bounced, unsub, reopened)
    times = (sent, arrive, open_at, click_at, arrive, unsub_at, reopen_at)
    kinds = (0, 1, 2, 3, 4, 5, 2)
    recipient = np.concatenate([who[m] for m in masks])
    at = np.concatenate([t[m] for t, m in zip(times, masks, strict=True)])
    event = np.concatenate([np.full(int(m.sum()), k) for k, m in zip(kinds, masks, strict=True)])
    keep = at < cal.cutoff_us
    campaign = np.full(int(keep.sum()), index)
    return campaign, recipient[keep], event[keep], at[keep]
