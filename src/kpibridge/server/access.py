"""Row-level security: what a user may see, applied to every query they make.

Query through `for_user(engine, user)` rather than the engine itself: its `query`,
`query_many` and `explain` always pass the filters through `restrict`, so a channel-restricted
user's numbers — totals included — are computed over their channels only, and KPIs that cannot
be split by channel (company totals) are refused to them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from kpibridge.catalog import Catalog, KpiSpec
from kpibridge.engine import Compare, Engine, Grain, QueryResult
from kpibridge.errors import AuthError
from kpibridge.server.auth import User

CHANNEL = "channel"

Where = Mapping[str, str | Sequence[str]] | None


def can_see(user: User, spec: KpiSpec) -> bool:
    """True when `user` may see values of `spec` (at least for their channels)."""
    if user.role is None:
        return False
    return not user.restricted or CHANNEL in spec.dimensions


def visible_kpis(user: User, catalog: Catalog) -> list[KpiSpec]:
    """The catalog's listed KPIs the user may see: none without a role."""
    return [spec for spec in catalog.visible() if can_see(user, spec)]


def restrict(user: User, spec: KpiSpec, where: Where = None) -> dict[str, list[str]]:
    """`where` as the user may ask it: a restricted user's channel filter is forced to (a
    subset of) their channels. Raises AuthError (403) for a user without a role, a KPI
    without a channel dimension asked by a restricted user, or a channel outside their set."""
    if user.role is None:
        raise AuthError("your account has no role yet; ask an admin for one", status=403)
    filters = _normalise(where)
    if not user.restricted:
        return filters
    if CHANNEL not in spec.dimensions:
        raise AuthError(
            f"KPI {spec.id!r} cannot be split by channel, and you see only some channels",
            status=403,
        )
    asked = filters.get(CHANNEL)
    if not asked:
        filters[CHANNEL] = list(user.channels)
        return filters
    outside = [c for c in asked if c not in user.channels]
    if outside:
        raise AuthError(f"no access to channel(s) {', '.join(map(repr, outside))}", status=403)
    return filters


class UserEngine:
    """The engine as one user sees it: every query passes through `restrict`."""

    def __init__(self, engine: Engine, user: User) -> None:
        self._engine = engine
        self.user = user

    @property
    def catalog(self) -> Catalog:
        return self._engine.catalog

    def visible(self) -> list[KpiSpec]:
        """The listed KPIs this user may see."""
        return visible_kpis(self.user, self._engine.catalog)

    def allowed(self, kpis: Iterable[str]) -> list[str]:
        """Those of `kpis` this user may see (unknown ids are kept, for the engine to refuse)."""
        catalog = self._engine.catalog
        return [k for k in kpis if k not in catalog or can_see(self.user, catalog.get(k))]

    def query(
        self,
        kpi: str,
        grain: str | Grain = Grain.MONTH,
        by: Sequence[str] = (),
        where: Where = None,
        start: date | None = None,
        end: date | None = None,
        compare: str | Compare | None = None,
    ) -> QueryResult:
        return self.query_many([kpi], grain, by, where, start, end, compare)[kpi]

    def query_many(
        self,
        kpis: Sequence[str],
        grain: str | Grain = Grain.MONTH,
        by: Sequence[str] = (),
        where: Where = None,
        start: date | None = None,
        end: date | None = None,
        compare: str | Compare | None = None,
    ) -> dict[str, QueryResult]:
        filters = self._restrict_all(kpis, where)
        return self._engine.query_many(kpis, grain, by, filters, start, end, compare)

    def explain(self, kpi: str, **options: Any) -> str:
        options["where"] = self._restrict_all([kpi], options.get("where"))
        return self._engine.explain(kpi, **options)

    def _restrict_all(self, kpis: Sequence[str], where: Where) -> dict[str, list[str]]:
        """One filter for all `kpis` (the same for each: it depends on the user and `where`)."""
        if self.user.role is None:
            raise AuthError("your account has no role yet; ask an admin for one", status=403)
        filters = _normalise(where)
        for kpi in kpis:
            filters = restrict(self.user, self._engine.catalog.get(kpi), where)
        return filters


def for_user(engine: Engine, user: User) -> UserEngine:
    """The engine seen through `user`'s access rights."""
    return UserEngine(engine, user)


def _normalise(where: Where) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for dim, values in (where or {}).items():
        items = [values] if isinstance(values, str) else list(values)
        if items:
            out[dim] = list(dict.fromkeys(items))
    return out
