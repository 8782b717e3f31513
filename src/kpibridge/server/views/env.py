"""What building a page needs: the user's engine, the catalog, the translator and the URL state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from kpibridge.catalog import Catalog
from kpibridge.server.i18n import Translator
from kpibridge.server.views.cache import ResultCache
from kpibridge.server.views.periods import PeriodState
from kpibridge.server.views.windows import CardWindow, Querying, Span


@dataclass(frozen=True)
class PageEnv:
    """One request's view of the data, and how to write its links and numbers."""

    engine: Querying
    catalog: Catalog
    t: Translator
    currency: str
    state: PeriodState
    lang: str | None = None  # a language asked for in the URL, kept in every link
    cache: ResultCache | None = None  # answers kept until the data changes

    def href(self, path: str, **changes: object) -> str:
        """`path` with this page's state, `changes` applied (a filter set to None is dropped)."""
        pairs = self.state.changed(**changes).pairs()
        if self.lang:
            pairs.append(("lang", self.lang))
        return f"{path}?{urlencode(pairs)}"

    def fmt(self, value: float | None, unit: str) -> str:
        return self.t.format_value(value, unit, self.currency)

    def day(self, value: date) -> str:
        return self.t.format_date(value)

    def span(self, span: Span | None, window: CardWindow | None = None) -> str:
        """A window as text: a named period when it is one whole calendar period."""
        if span is None:
            return self.t.gettext("n/a")
        if window is not None and window.calendar and window.complete:
            return self.t.format_period(span.start, window.grain.value)
        if span.start == span.end:
            return self.day(span.start)
        return f"{self.day(span.start)} – {self.day(span.end)}"
