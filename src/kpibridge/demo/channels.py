"""Northwind Outdoor's marketing channels, campaigns, fixed costs and audiences.

A campaign runs always-on or in a yearly window ("MM-DD" to "MM-DD"); windowed campaigns add
traffic on top of their channel's baseline. Costs are in USD here and converted to the
campaign's currency when the spend file is written.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Channel:
    name: str
    share: float  # share of the baseline traffic
    lead_rate: float  # probability that a session turns its visitor into a lead
    self_serve_rate: float  # probability that a session's visitor buys in the web shop
    returning: float  # share of sessions by visitors seen before
    mobile: float  # share of sessions on a phone
    cpc: float = 0.0  # USD per click, for channels bought per click or impression
    ctr: float = 0.0  # clicks per impression
    uncampaigned: float = 0.0  # share of the baseline without a campaign tag
    segments: tuple[float, float, float] = (0.66, 0.26, 0.08)  # SMB, Mid-Market, Enterprise

    @property
    def paid(self) -> bool:
        return self.cpc > 0


@dataclass(frozen=True)
class Campaign:
    name: str
    channel: str
    weight: float = 1.0  # always-on: share of the channel; windowed: uplift on the channel
    window: tuple[str, str] | None = None  # yearly "MM-DD".."MM-DD", inclusive
    currency: str = "USD"
    region: str | None = None  # audience; None = every market
    cpc_factor: float = 1.0
    landing_page: str = "/"
    category: str = "media"
    daily_cost: float = 0.0  # fixed USD per active day, on top of clicks (e.g. a trade-fair booth)


@dataclass(frozen=True)
class FixedCost:
    """Spend without clicks: teams, tools and content, per day (weekdays only if `weekdays`)."""

    channel: str
    campaign: str
    category: str
    daily_cost: float
    weekdays: bool = True
    currency: str = "USD"


SEGMENTS = ("SMB", "Mid-Market", "Enterprise")
DEVICES = ("desktop", "mobile", "tablet")

CHANNELS: tuple[Channel, ...] = (
    Channel("organic_search", 0.30, 0.035, 0.0060, 0.30, 0.52, uncampaigned=1.0),
    Channel("direct", 0.17, 0.040, 0.0100, 0.65, 0.45, uncampaigned=1.0),
    Channel("paid_search", 0.18, 0.045, 0.0080, 0.22, 0.50, cpc=7.5, ctr=0.045),
    Channel(
        "paid_social",
        0.12,
        0.025,
        0.0070,
        0.18,
        0.82,
        cpc=3.6,
        ctr=0.011,
        segments=(0.80, 0.17, 0.03),
    ),
    Channel("display", 0.06, 0.012, 0.0020, 0.15, 0.55, cpc=2.2, ctr=0.0025),
    Channel("email", 0.05, 0.050, 0.0120, 0.80, 0.58, uncampaigned=0.10),
    Channel(
        "referral", 0.05, 0.050, 0.0060, 0.35, 0.40, uncampaigned=0.50, segments=(0.50, 0.35, 0.15)
    ),
    Channel("affiliate", 0.04, 0.030, 0.0120, 0.25, 0.60, cpc=1.7, ctr=0.02),
    Channel(
        "events", 0.015, 0.150, 0.0020, 0.40, 0.35, uncampaigned=0.20, segments=(0.35, 0.40, 0.25)
    ),
)
CHANNEL_INDEX = {c.name: i for i, c in enumerate(CHANNELS)}

#: The product launch of the story "Trailblazer 2 Launch" (dates come from the story plan).
LAUNCH = "Trailblazer 2 Launch"
SPRING_SALE = "Frühjahrs-Sale"

CAMPAIGNS: tuple[Campaign, ...] = (
    # paid search
    Campaign("Brand – Northwind", "paid_search", 3.0, cpc_factor=0.35),
    Campaign("Generic – Hiking Boots", "paid_search", 2.0, landing_page="/boots"),
    Campaign("Generic – Tents & Shelters", "paid_search", 1.5, landing_page="/tents"),
    Campaign("Competitor – Conquest", "paid_search", 0.6, cpc_factor=1.6),
    Campaign(
        "B2B – Wholesale Outdoor Gear",
        "paid_search",
        1.0,
        cpc_factor=2.2,
        landing_page="/b2b/wholesale",
    ),
    Campaign(
        "DACH – Wanderschuhe",
        "paid_search",
        1.2,
        currency="EUR",
        region="DACH",
        landing_page="/de/wanderschuhe",
    ),
    Campaign(
        "UK – Waterproof Jackets",
        "paid_search",
        1.0,
        currency="GBP",
        region="UK",
        landing_page="/uk/jackets",
    ),
    Campaign(
        SPRING_SALE,
        "paid_search",
        0.5,
        ("03-01", "04-15"),
        currency="EUR",
        region="DACH",
        landing_page="/de/fruehjahrs-sale",
    ),
    Campaign(
        "Black Friday Week", "paid_search", 0.9, ("11-20", "12-02"), landing_page="/black-friday"
    ),
    Campaign("Summer Trail Days", "paid_search", 0.4, ("06-15", "07-31"), landing_page="/summer"),
    Campaign(LAUNCH, "paid_search", 0.8, landing_page="/trailblazer-2"),
    # paid social
    Campaign("Prospecting – Lookalike 2%", "paid_social", 2.0),
    Campaign(
        "Retargeting – Cart Abandoners", "paid_social", 1.2, cpc_factor=0.8, landing_page="/cart"
    ),
    Campaign("Instagram – Trail Stories", "paid_social", 1.5, landing_page="/stories"),
    Campaign("LinkedIn – B2B Outfitters", "paid_social", 0.8, cpc_factor=3.5, landing_page="/b2b"),
    Campaign("TikTok – #GetOutside", "paid_social", 1.0, cpc_factor=0.6),
    Campaign("Winter Warm-Up", "paid_social", 0.5, ("11-01", "01-31"), landing_page="/winter"),
    Campaign(
        "山の日キャンペーン",
        "paid_social",
        0.3,
        ("08-01", "08-14"),
        region="JP",
        landing_page="/jp/yama-no-hi",
    ),
    Campaign(
        "Black Friday Week", "paid_social", 0.6, ("11-20", "12-02"), landing_page="/black-friday"
    ),
    Campaign(LAUNCH, "paid_social", 1.2, landing_page="/trailblazer-2"),
    # display and video
    Campaign("Programmatic – Outdoor Enthusiasts", "display", 2.0),
    Campaign("YouTube – Gear Reviews", "display", 1.2, cpc_factor=1.3),
    Campaign("Native – Trail & Summit Magazine", "display", 0.8),
    Campaign(
        "Herbst-Kollektion",
        "display",
        0.6,
        ("09-05", "10-15"),
        currency="EUR",
        region="DACH",
        landing_page="/de/herbst",
    ),
    Campaign(LAUNCH, "display", 2.5, landing_page="/trailblazer-2"),
    # referral
    Campaign("Partner – Alpine Club", "referral", 1.0, landing_page="/partners/alpine-club"),
    Campaign("Partner – Outdoor Retailers Network", "referral", 0.8, landing_page="/b2b"),
    Campaign("Press – Gear of the Year", "referral", 0.4, landing_page="/press"),
    # affiliate
    Campaign("Affiliate – Gear Bloggers", "affiliate", 1.5),
    Campaign("Affiliate – Voucher Sites", "affiliate", 1.0, cpc_factor=0.7),
    Campaign("Affiliate – Trail Running Mag", "affiliate", 0.5),
    Campaign(
        "Affiliate – Outdoor-Blogs Österreich", "affiliate", 0.6, currency="EUR", region="DACH"
    ),
    # trade fairs
    Campaign(
        "OutDoor by ISPO",
        "events",
        3.0,
        ("06-01", "06-06"),
        currency="EUR",
        region="DACH",
        category="sales",
        daily_cost=4500.0,
        landing_page="/events/ispo",
    ),
    Campaign(
        "The Outdoor Show London",
        "events",
        2.0,
        ("03-20", "03-24"),
        currency="GBP",
        region="UK",
        category="sales",
        daily_cost=2500.0,
        landing_page="/events/london",
    ),
    Campaign(
        "Outdoor Retailer Summer",
        "events",
        3.0,
        ("06-17", "06-21"),
        category="sales",
        daily_cost=3500.0,
        landing_page="/events/outdoor-retailer",
    ),
    Campaign(
        "Nordic Outdoor Expo",
        "events",
        1.5,
        ("10-08", "10-11"),
        currency="EUR",
        region="Nordics",
        category="sales",
        daily_cost=2000.0,
        landing_page="/events/nordic",
    ),
)

FIXED_COSTS: tuple[FixedCost, ...] = (
    FixedCost("organic_search", "SEO – Content Hub", "people", 2400.0),
    FixedCost("organic_search", "Blog – Trail Guides", "content", 650.0),
    FixedCost("email", "Email Automation", "tools", 200.0, weekdays=False),
    FixedCost("direct", "Website & CRM", "tools", 350.0, weekdays=False),
    FixedCost("referral", "Partner – Alpine Club", "sales", 420.0),
    FixedCost("paid_social", "Instagram – Trail Stories", "content", 280.0),
    FixedCost("events", "Field Sales Team", "sales", 1700.0, currency="EUR"),
)

COUNTRIES = ("US", "CA", "DE", "AT", "CH", "GB", "IE", "SE", "NO", "DK", "FR", "NL", "JP", "AU")
COUNTRY_MIX = np.array(
    [0.34, 0.06, 0.16, 0.03, 0.03, 0.12, 0.02, 0.03, 0.02, 0.02, 0.05, 0.05, 0.04, 0.03]
)
REGION_OF_COUNTRY = (
    "North America",
    "North America",
    "DACH",
    "DACH",
    "DACH",
    "UK & Ireland",
    "UK & Ireland",
    "Nordics",
    "Nordics",
    "Nordics",
    "Western Europe",
    "Western Europe",
    "APAC",
    "APAC",
)
#: Country mix of a campaign aimed at one region.
REGION_MIX = {
    "DACH": {"DE": 0.70, "AT": 0.15, "CH": 0.15},
    "UK": {"GB": 0.85, "IE": 0.15},
    "JP": {"JP": 1.0},
    "Nordics": {"SE": 0.40, "NO": 0.30, "DK": 0.30},
}

#: Landing pages of sessions without a campaign.
ORGANIC_PAGES = (
    "/",
    "/blog/best-hiking-boots",
    "/guides/layering-for-alpine-tours",
    "/tents",
    "/jackets",
    "/b2b/wholesale",
    "/blog/trail-running-shoes-test",
    "/guides/packing-list-hut-to-hut",
    "/pricing",
    "/de/ratgeber/wanderschuhe",
    "/stores",
)


def country_mix(region: str | None) -> np.ndarray:
    """Probabilities over COUNTRIES for a campaign's audience."""
    if region is None:
        return COUNTRY_MIX / COUNTRY_MIX.sum()
    mix = np.array([REGION_MIX[region].get(c, 0.0) for c in COUNTRIES])
    return mix / mix.sum()
