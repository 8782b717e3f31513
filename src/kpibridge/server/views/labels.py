"""Words the pages show for codes (units, directions, notes, dimensions), marked for translation."""

from __future__ import annotations


def N_(message: str) -> str:  # noqa: N802 - the gettext convention: marked, translated later
    return message


UNITS = {
    "money": N_("money"),
    "count": N_("count"),
    "percent": N_("percent"),
    "ratio": N_("ratio"),
    "points": N_("points"),
    "days": N_("days"),
    "number": N_("number"),
}
DIRECTIONS = {
    "up": N_("higher is better"),
    "down": N_("lower is better"),
    "none": N_("neither higher nor lower is better"),
}
TONES = {"good": N_("better"), "bad": N_("worse"), "neutral": N_("no better, no worse")}
NOTES = {
    "calendar_only": N_(
        "Measured per calendar period: choose this month, last month, this quarter or year "
        "to date to see it."
    ),
    "crosses_year": N_(
        "This KPI does not add up across a new year (it counts distinct visitors or takes an "
        "average): choose a window inside one year."
    ),
}
DIMENSIONS = {
    "channel": N_("Channel"),
    "campaign": N_("Campaign"),
    "segment": N_("Segment"),
    "region": N_("Region"),
    "device": N_("Device"),
    "country": N_("Country"),
    "platform": N_("Platform"),
    "category": N_("Category"),
}
ROLES = {
    "ceo": N_("CEO"),
    "cmo": N_("CMO"),
    "sales": N_("Sales"),
    "shared": N_("Sales & Marketing"),
}
GRAIN_NOUNS = {
    "day": N_("day"),
    "week": N_("week"),
    "month": N_("month"),
    "quarter": N_("quarter"),
    "year": N_("year"),
}
#: Dimensions as nouns inside a sentence ("Sales revenue by channel"); case as the language wants.
DIMENSION_NOUNS = {
    "channel": N_("channel"),
    "campaign": N_("campaign"),
    "segment": N_("segment"),
    "region": N_("region"),
    "device": N_("device"),
    "country": N_("country"),
    "platform": N_("platform"),
    "category": N_("category"),
}
