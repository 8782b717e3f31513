"""Row-level security: what a user may see, applied to every query they cause.

(This version applies no restriction yet; channel restrictions plug in here.)
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from kpibridge.catalog import Catalog, KpiSpec
from kpibridge.engine import Engine, QueryResult
from kpibridge.server.auth import User


class UserEngine:
    """The engine as one user sees it: every query restricted to what they may see."""

    def __init__(self, engine: Engine, user: User) -> None:
        self.engine = engine
        self.user = user

    def query(
        self,
        kpi: str,
        grain: str = "month",
        by: Sequence[str] = (),
        where: dict[str, list[str]] | None = None,
        start: date | None = None,
        end: date | None = None,
        compare: str | None = None,
    ) -> QueryResult:
        return self.query_many([kpi], grain, by, where, start, end, compare)[kpi]

    def query_many(
        self,
        kpis: Sequence[str],
        grain: str = "month",
        by: Sequence[str] = (),
        where: dict[str, list[str]] | None = None,
        start: date | None = None,
        end: date | None = None,
        compare: str | None = None,
    ) -> dict[str, QueryResult]:
        allowed = dict(where or {})
        for kpi in kpis:
            allowed = restrict(self.user, self.engine.catalog.get(kpi), allowed)
        return self.engine.query_many(kpis, grain, by, allowed, start, end, compare)


def restrict(user: User, spec: KpiSpec, where: dict[str, list[str]]) -> dict[str, list[str]]:
    """`where` narrowed to what `user` may see of `spec`."""
    return where


def visible_kpis(user: User, catalog: Catalog) -> list[KpiSpec]:
    """The KPIs `user` may see."""
    return catalog.visible()


def for_user(engine: Engine, user: User) -> UserEngine:
    """The engine restricted to `user`: use this in every request path."""
    return UserEngine(engine, user)
