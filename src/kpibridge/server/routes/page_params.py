"""The query parameters every dashboard page and its JSON twin accept (documented in OpenAPI)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query

Many = Annotated[list[str] | None, Query()]


def picker_params(
    period: Annotated[
        str | None,
        Query(
            description="last_7_days, last_30_days, last_90_days, this_month, last_month, "
            "this_quarter, year_to_date or custom"
        ),
    ] = None,
    from_: Annotated[str | None, Query(alias="from", description="first day, YYYY-MM-DD")] = None,
    to: Annotated[str | None, Query(description="last day, YYYY-MM-DD")] = None,
    grain: Annotated[str | None, Query(description="day, week, month, quarter or year")] = None,
    compare: Annotated[str | None, Query(description="previous_period or previous_year")] = None,
    channel: Many = None,
    campaign: Many = None,
    segment: Many = None,
    region: Many = None,
    asof: Annotated[str | None, Query(description="count presets from this day")] = None,
    lang: Annotated[str | None, Query(description="en, de, it, ja or ru")] = None,
) -> dict[str, list[str]]:
    """The picker's state as given in the URL (read again by PeriodState.from_query)."""
    single = {"period": period, "from": from_, "to": to, "grain": grain, "compare": compare}
    single |= {"asof": asof, "lang": lang}
    params = {k: [v] for k, v in single.items() if v is not None}
    many = {"channel": channel, "campaign": campaign, "segment": segment, "region": region}
    params |= {k: v for k, v in many.items() if v}
    return params


PickerParams = Annotated[dict[str, list[str]], Depends(picker_params)]
