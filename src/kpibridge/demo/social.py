"""Brand: social media activity per platform and day, and the monthly awareness survey."""

from __future__ import annotations

import numpy as np

from kpibridge.demo.calendar import Calendar, seasonality
from kpibridge.demo.stories import StoryPlan

#: platform: (daily impressions at default size, engagement rate, daily mentions)
PLATFORMS = {
    "linkedin": (9000.0, 0.022, 6.0),
    "instagram": (14000.0, 0.035, 10.0),
    "facebook": (7000.0, 0.012, 5.0),
    "youtube": (5000.0, 0.040, 3.0),
    "tiktok": (11000.0, 0.055, 8.0),
}
SENTIMENT = np.array([0.45, 0.40, 0.15])  # positive, neutral, negative
SURVEY_DAY = 15
SURVEY_SIZE = 500


def build_social(
    cal: Calendar, plan: StoryPlan, scale: float, rng: np.random.Generator
) -> dict[str, np.ndarray]:
    """One row per platform and day."""
    demand = seasonality(cal) / seasonality(cal).mean()
    launch = plan.launch_profile()
    upset = plan.nps_drop()
    upset = np.where(upset >= 1.0, 1.0, 0.0)  # the loud weeks right after the price change
    parts: dict[str, list[np.ndarray]] = {
        k: []
        for k in (
            "day",
            "platform",
            "impressions",
            "reach",
            "engagements",
            "positive_mentions",
            "neutral_mentions",
            "negative_mentions",
        )
    }
    days = np.arange(cal.n_days)
    for name, (impressions, rate, mentions) in PLATFORMS.items():
        level = impressions * scale * demand * (1.0 + 1.5 * launch)
        shown = rng.poisson(level * rng.lognormal(0.0, 0.15, cal.n_days))
        reach = np.round(shown * rng.uniform(0.5, 0.62, cal.n_days)).astype(np.int64)
        engaged = rng.binomial(shown, np.clip(rate * rng.lognormal(0.0, 0.12, cal.n_days), 0, 1))
        talk = mentions * np.sqrt(scale) * demand
        positive = rng.poisson(talk * SENTIMENT[0] * (1.0 + 1.5 * launch))
        neutral = rng.poisson(talk * SENTIMENT[1])
        negative = rng.poisson(talk * SENTIMENT[2] * (1.0 + 3.0 * upset))
        for key, values in zip(
            parts,
            (
                days,
                np.full(cal.n_days, name, dtype=object),
                shown,
                reach,
                engaged,
                positive,
                neutral,
                negative,
            ),
            strict=True,
        ):
            parts[key].append(values)
    return {k: np.concatenate(v) for k, v in parts.items()}


def build_brand_surveys(
    cal: Calendar, plan: StoryPlan, rng: np.random.Generator
) -> dict[str, np.ndarray]:
    """A survey on the 15th of every month: awareness creeps up, and jumps after the launch."""
    day = np.flatnonzero(cal.month_day % 100 == SURVEY_DAY)
    t = day / cal.n_days
    since_launch = day - plan.launch_start
    boost = np.where(since_launch >= 0, 0.04 * np.exp(-np.maximum(since_launch, 0) / 120.0), 0.0)
    respondents = SURVEY_SIZE + rng.integers(-60, 61, len(day))
    aided = rng.binomial(respondents, 0.19 + 0.05 * t + boost)
    unaided = rng.binomial(respondents, 0.06 + 0.03 * t + boost / 3)
    return {"day": day, "respondents": respondents, "aware_aided": aided, "aware_unaided": unaided}
