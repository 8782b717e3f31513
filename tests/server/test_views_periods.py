"""The period picker's state round-trips through the URL; windows and comparisons are exact."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import parse_qs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpibridge.catalog import load_catalog
from kpibridge.engine import Compare, Grain
from kpibridge.errors import QueryError
from kpibridge.server.views.periods import PRESETS, PeriodState, preset_window
from kpibridge.server.views.windows import card_window, change, range_safe

TODAY = date(2025, 3, 15)  # a Saturday


@pytest.mark.parametrize(
    ("preset", "window"),
    [
        ("last_7_days", (date(2025, 3, 8), date(2025, 3, 14))),
        ("last_30_days", (date(2025, 2, 13), date(2025, 3, 14))),
        ("last_90_days", (date(2024, 12, 15), date(2025, 3, 14))),
        ("this_month", (date(2025, 3, 1), TODAY)),
        ("last_month", (date(2025, 2, 1), date(2025, 2, 28))),
        ("this_quarter", (date(2025, 1, 1), TODAY)),
        ("year_to_date", (date(2025, 1, 1), TODAY)),
    ],
)
def test_presets_cover_the_expected_days(preset: str, window: tuple[date, date]) -> None:
    assert preset_window(preset, TODAY) == window
    state = PeriodState.from_query({"period": [preset]}, TODAY)
    assert (state.start, state.end) == window


def test_defaults_come_from_the_view() -> None:
    state = PeriodState.from_query({}, TODAY, "last_month", "week")
    assert (state.period, state.grain) == ("last_month", Grain.WEEK)
    assert state.compare is Compare.PREVIOUS_YEAR


def test_dates_alone_make_a_custom_window() -> None:
    state = PeriodState.from_query({"from": ["2025-01-10"], "to": ["2025-02-20"]}, TODAY)
    assert (state.period, state.start, state.end) == (
        "custom",
        date(2025, 1, 10),
        date(2025, 2, 20),
    )


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"from": ["2025-02-30"]}, "is not a date"),
        ({"from": ["2025-03-02"], "to": ["2025-03-01"]}, "is after"),
        ({"grain": ["fortnight"]}, "unknown grain"),
        ({"compare": ["yesterday"]}, "unknown comparison"),
        ({"period": ["forever"]}, "unknown period"),
    ],
)
def test_wrong_values_are_refused_with_a_reason(params: dict[str, list[str]], message: str) -> None:
    with pytest.raises(QueryError, match=message):
        PeriodState.from_query(params, TODAY)


days = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))
names = (
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12)
    .map(str.strip)
    .filter(bool)
)


@st.composite
def states(draw: st.DrawFn) -> PeriodState:
    preset = draw(st.sampled_from(list(PRESETS)))
    anchor = draw(st.none() | days)
    if preset == "custom":
        start = draw(days)
        start, end = start, start + timedelta(days=draw(st.integers(0, 800)))
    else:
        start, end = preset_window(preset, anchor or TODAY)
    filters = draw(
        st.dictionaries(
            st.sampled_from(["channel", "campaign", "segment", "region"]),
            st.lists(names, min_size=1, max_size=3, unique=True),
            max_size=4,
        )
    )
    ordered = tuple(
        (d, tuple(filters[d])) for d in ("channel", "campaign", "segment", "region") if d in filters
    )
    return PeriodState(
        preset,
        start,
        end,
        draw(st.sampled_from(list(Grain))),
        draw(st.sampled_from(list(Compare))),
        ordered,
        anchor,
    )


@given(states())
def test_the_url_recreates_the_state(state: PeriodState) -> None:
    params = parse_qs(state.query(), keep_blank_values=True)
    assert PeriodState.from_query(params, TODAY) == state


def test_links_change_one_thing_and_keep_the_rest() -> None:
    state = PeriodState.from_query({"period": ["last_month"], "channel": ["search"]}, TODAY)
    again = PeriodState.from_query(parse_qs(state.query(grain="week", campaign="brand")), TODAY)
    assert again.grain is Grain.WEEK
    assert again.where == {"channel": ["search"], "campaign": ["brand"]}
    assert (again.start, again.end) == (state.start, state.end)
    dropped = PeriodState.from_query(parse_qs(state.query(channel=None)), TODAY)
    assert dropped.where == {}


@pytest.mark.parametrize(
    ("start", "end", "grain", "calendar"),
    [
        (date(2025, 3, 1), date(2025, 3, 15), Grain.MONTH, True),  # this month so far
        (date(2025, 2, 1), date(2025, 2, 28), Grain.MONTH, True),  # last month
        (date(2025, 1, 1), date(2025, 3, 15), Grain.QUARTER, True),  # this quarter
        (date(2025, 1, 1), date(2025, 5, 15), Grain.YEAR, True),  # year to date
        (date(2025, 3, 10), date(2025, 3, 16), Grain.WEEK, True),  # an ISO week
        (date(2025, 3, 8), date(2025, 3, 14), Grain.MONTH, False),  # rolling, in one month
        (date(2025, 2, 13), date(2025, 3, 14), Grain.QUARTER, False),
        (date(2025, 3, 5), date(2025, 3, 5), Grain.DAY, True),
    ],
)
def test_a_window_is_computed_at_the_grain_of_the_period_holding_it(
    start: date, end: date, grain: Grain, calendar: bool
) -> None:
    window = card_window(start, end)
    assert window is not None
    assert (window.grain, window.calendar) == (grain, calendar)


def test_no_calendar_period_holds_a_window_across_a_new_year() -> None:
    assert card_window(date(2024, 12, 15), date(2025, 1, 10)) is None


def test_kpis_read_per_calendar_period_are_not_range_safe() -> None:
    catalog = load_catalog()
    assert range_safe(catalog, "cac") and range_safe(catalog, "pipeline_value")
    for kpi in ("revenue_growth", "churn_rate", "retention_rate", "clv", "ltv_cac_ratio"):
        assert not range_safe(catalog, kpi)


def test_change_is_relative_to_the_magnitude_and_needs_a_base() -> None:
    assert change(150.0, 100.0) == 0.5
    assert change(-50.0, -100.0) == 0.5
    assert change(1.0, 0.0) is None and change(None, 1.0) is None and change(1.0, None) is None
