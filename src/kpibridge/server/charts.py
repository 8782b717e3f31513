"""Vega-Lite specs built in Python: every chart has a title and a description (read aloud).

The page embeds each spec as a JSON data block; static/app.js renders it with the locally
served vega-embed. Numbers in tooltips are the page's own formatted strings (`display`), so a
chart reads exactly like the tables next to it, in the reader's language.
"""

from __future__ import annotations

from typing import Any

from kpibridge.server.views.model import Chart

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
INK, MUTED, LINE = "#1d2433", "#5b6475", "#dfe3ea"
PRIMARY, COMPARE, ACCENT = "#2f5d8a", "#8a94a6", "#c77c12"

TIME_UNITS = {
    "day": "yearmonthdate",
    "week": "yearmonthdate",
    "month": "yearmonth",
    "quarter": "yearquarter",
    "year": "year",
}
TIME_FORMATS = {
    "day": "%d %b",
    "week": "%d %b",
    "month": "%b %Y",
    "quarter": "Q%q %Y",
    "year": "%Y",
}
CONFIG: dict[str, Any] = {
    "font": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
    "view": {"stroke": None},
    "axis": {
        "labelColor": MUTED,
        "titleColor": MUTED,
        "domainColor": LINE,
        "gridColor": "#eef0f4",
        "tickColor": LINE,
        "labelFontSize": 11,
        "titleFontSize": 11,
        "titleFontWeight": "normal",
    },
    "legend": {"labelColor": MUTED, "titleColor": MUTED, "orient": "bottom"},
    "title": {"color": INK, "fontSize": 13, "fontWeight": 600, "anchor": "start"},
}


def value_format(unit: str) -> str:
    """The d3 format of an axis in `unit`."""
    return {"percent": ".0%", "ratio": ".2~f", "days": ".0f"}.get(unit, "~s")


def _base(title: str, description: str, **rest: Any) -> dict[str, Any]:
    return {
        "$schema": SCHEMA,
        "title": title,
        "description": description,
        "config": CONFIG,
        **rest,
    }


def sparkline(
    chart_id: str, title: str, description: str, points: list[dict[str, Any]], grain: str
) -> Chart:
    """A small line of `points` (period, value, label, display, last, partial); the last point
    is marked, hollow when its period is not over (its value is still growing)."""
    x = {"field": "period", "type": "temporal", "timeUnit": TIME_UNITS[grain], "axis": None}
    y = {"field": "value", "type": "quantitative", "axis": None, "scale": {"zero": False}}
    tooltip = [{"field": "label", "title": " "}, {"field": "display", "title": "  "}]
    spec = _base(
        title,
        description,
        width="container",
        height=40,
        padding={"left": 2, "right": 4, "top": 2, "bottom": 2},
        data={"values": points},
        encoding={"x": x, "y": y, "tooltip": tooltip},
        layer=[
            {"mark": {"type": "line", "color": PRIMARY, "strokeWidth": 1.6}},
            {
                "transform": [{"filter": {"field": "last", "equal": True}}],
                "mark": {"type": "point", "stroke": PRIMARY, "strokeWidth": 1.5, "size": 30},
                "encoding": {
                    "fill": {
                        "condition": {"test": {"field": "partial", "equal": True}, "value": "#fff"},
                        "value": PRIMARY,
                    },
                    "opacity": {"value": 1},
                },
            },
        ],
    )
    spec["title"] = {"text": title, "fontSize": 10, "fontWeight": "normal", "color": MUTED}
    return Chart(chart_id, title, description, spec)


def trend(
    chart_id: str,
    title: str,
    description: str,
    points: list[dict[str, Any]],
    grain: str,
    unit: str,
    series: tuple[str, str],
) -> Chart:
    """The KPI over time (solid) and its comparison (dashed): points have period, series, value."""
    current, other = series
    spec = _base(
        title,
        description,
        width="container",
        height=260,
        data={"values": points},
        mark={"type": "line", "point": {"size": 30}, "strokeWidth": 2},
        encoding={
            "x": {
                "field": "period",
                "type": "temporal",
                "timeUnit": TIME_UNITS[grain],
                "title": None,
                "axis": {"format": TIME_FORMATS[grain], "labelAngle": 0, "tickCount": 8},
            },
            "y": {
                "field": "value",
                "type": "quantitative",
                "title": None,
                "axis": {"format": value_format(unit)},
            },
            "color": {
                "field": "series",
                "type": "nominal",
                "title": None,
                "scale": {"domain": [current, other], "range": [PRIMARY, COMPARE]},
            },
            "strokeDash": {
                "field": "series",
                "type": "nominal",
                "legend": None,
                "scale": {"domain": [current, other], "range": [[1, 0], [5, 4]]},
            },
            "tooltip": [
                {"field": "series", "title": " "},
                {"field": "label", "title": "  "},
                {"field": "display", "title": "   "},
            ],
        },
    )
    return Chart(chart_id, title, description, spec)


def bars(
    chart_id: str, title: str, description: str, rows: list[dict[str, Any]], unit: str
) -> Chart:
    """Horizontal bars of `rows` (label, value, display), largest first."""
    spec = _base(
        title,
        description,
        width="container",
        height=22 * len(rows) + 24,
        data={"values": rows},
        mark={"type": "bar", "color": PRIMARY, "cornerRadiusEnd": 2},
        encoding={
            "y": {
                "field": "label",
                "type": "nominal",
                "sort": {"field": "value", "order": "descending"},
                "title": None,
                "axis": {"labelLimit": 180},
            },
            "x": {
                "field": "value",
                "type": "quantitative",
                "title": None,
                "axis": {"format": value_format(unit), "tickCount": 5, "labelOverlap": True},
            },
            "tooltip": [{"field": "label", "title": " "}, {"field": "display", "title": "  "}],
        },
    )
    return Chart(chart_id, title, description, spec)


def funnel(chart_id: str, title: str, description: str, rows: list[dict[str, Any]]) -> Chart:
    """Funnel stages (stage, value, display, order) as bars in stage order, labelled."""
    y = {"field": "stage", "type": "nominal", "sort": {"field": "order"}, "title": None}
    x: dict[str, object] = {"field": "value", "type": "quantitative", "title": None, "axis": None}
    x["scale"] = {"type": "log", "domainMin": 1}  # sessions and deals differ by orders of magnitude
    spec = _base(
        title,
        description,
        width="container",
        height=34 * len(rows),
        data={"values": rows},
        encoding={"y": y, "x": x},
        layer=[
            {
                "mark": {"type": "bar", "color": PRIMARY, "cornerRadiusEnd": 2},
                "encoding": {
                    "x2": {"datum": 1},  # bars start at 1 on the log scale
                    "tooltip": [
                        {"field": "stage", "title": " "},
                        {"field": "display", "title": "  "},
                    ],
                },
            },
            {
                "mark": {"type": "text", "align": "left", "dx": 4, "color": INK},
                "encoding": {"text": {"field": "display"}},
            },
        ],
    )
    return Chart(chart_id, title, description, spec)


def vega_locale(lang: str, currency: str) -> dict[str, Any]:
    """Number and date conventions of `lang` for the charts (d3 format and time locales)."""
    from babel import Locale, numbers

    loc = Locale.parse(lang)
    sample = numbers.format_currency(1, currency, locale=lang)
    symbol = numbers.get_currency_symbol(currency, locale=lang)
    before = sample.find(symbol) < sample.find("1")
    spaced = " " if ("\xa0" in sample or " " in sample) and not before else ""
    days = loc.days["format"]
    months = loc.months["stand-alone"]
    periods = loc.periods
    return {
        "format": {
            "decimal": numbers.get_decimal_symbol(lang),
            "thousands": numbers.get_group_symbol(lang),
            "grouping": [3],
            "currency": [symbol, ""] if before else ["", spaced + symbol],
        },
        "time": {
            "dateTime": "%x %X",
            "date": "%Y-%m-%d",
            "time": "%H:%M:%S",
            "periods": [periods.get("am", "AM"), periods.get("pm", "PM")],
            "days": [days["wide"][(i + 6) % 7] for i in range(7)],  # Sunday first
            "shortDays": [days["abbreviated"][(i + 6) % 7] for i in range(7)],
            "months": [months["wide"][m] for m in range(1, 13)],
            "shortMonths": [months["abbreviated"][m] for m in range(1, 13)],
        },
    }
