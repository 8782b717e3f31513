"""The pieces every page is made of, as plain data: the HTML and the JSON twin share them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Chart:
    """A Vega-Lite chart: its element id, title, description and spec."""

    id: str
    title: str
    description: str
    spec: dict[str, Any]


@dataclass(frozen=True)
class Comparison:
    """A value compared with another window: the other value, the change and its tone."""

    label: str  # "vs previous period"
    span: str  # the compared window, as the reader reads dates
    value: float | None
    display: str
    change: float | None
    change_display: str
    tone: str  # good, bad or neutral (direction-aware)


@dataclass(frozen=True)
class Definition:
    """What a KPI means and how it is computed."""

    formula: str
    description: str
    unit: str
    direction: str
    dimensions: tuple[str, ...]
    window: str  # the days the value covers
    kind: str


@dataclass(frozen=True)
class Card:
    """One KPI at a glance."""

    kpi: str
    name: str
    href: str
    unit: str
    direction: str
    owner: str | None
    value: float | None
    display: str
    period: str  # the window the value covers, as text
    note: str | None  # why the value is missing, as text
    note_code: str | None
    comparisons: tuple[Comparison, ...]
    sparkline: Chart | None
    definition: Definition
    ignored_filters: tuple[str, ...] = ()


@dataclass(frozen=True)
class Link:
    label: str
    href: str
    current: bool = False


@dataclass(frozen=True)
class Freshness:
    """How current the data is: the last load and the latest fact day."""

    loaded_at: str | None  # ISO instant (UTC)
    loaded_display: str | None
    latest_fact: str | None  # ISO day
    latest_display: str | None


@dataclass(frozen=True)
class FilterControl:
    """One filter of the picker: its dimension, label, chosen values and suggestions."""

    dimension: str
    label: str
    values: tuple[str, ...]
    options: tuple[str, ...]


@dataclass(frozen=True)
class Picker:
    """The period picker, grain and filters, as the page shows them."""

    action: str
    presets: tuple[Link, ...]
    grains: tuple[Link, ...]
    compares: tuple[Link, ...]
    filters: tuple[FilterControl, ...]
    period_label: str
    previous_label: str
    last_year_label: str
    active_filters: tuple[Link, ...] = field(default=())  # each links to the page without it
    hidden: tuple[tuple[str, str], ...] = ()  # the state, for the forms' hidden inputs
    custom_from: str = ""
    custom_to: str = ""


def to_json(obj: Any) -> Any:
    """A page model as JSON-ready data."""
    return asdict(obj)
