"""What every dashboard route does first: who asks, in which language, for which window."""

from __future__ import annotations

import threading
from datetime import datetime
from zoneinfo import ZoneInfo

from fastapi import Request

from kpibridge.server.access import can_see, for_user
from kpibridge.server.auth import User
from kpibridge.server.context import AppContext
from kpibridge.server.i18n import SUPPORTED
from kpibridge.server.live import data_version
from kpibridge.server.render import request_translator
from kpibridge.server.views.cache import CachingEngine, ResultCache
from kpibridge.server.views.env import PageEnv
from kpibridge.server.views.periods import PeriodState

CACHE = "view_cache"
_CREATING = threading.Lock()


def today(context: AppContext) -> datetime:
    return datetime.now(ZoneInfo(context.workspace.config.timezone))


def page_env(
    request: Request,
    context: AppContext,
    user: User,
    params: dict[str, list[str]],
    default_period: str = "this_month",
    default_grain: str = "month",
) -> PageEnv:
    """The page environment of this request: the user's engine, translator and URL state."""
    state = PeriodState.from_query(params, today(context).date(), default_period, default_grain)
    workspace = context.workspace
    asked = params.get("lang", [""])[-1]
    cache = result_cache(context)
    who = (user.id, user.role, user.channels)
    return PageEnv(
        engine=CachingEngine(for_user(workspace.engine, user), cache, who),
        catalog=workspace.catalog,
        t=request_translator(request),
        currency=workspace.config.currency,
        state=state,
        lang=asked if asked in SUPPORTED else None,
        cache=cache,
    )


def result_cache(context: AppContext) -> ResultCache:
    """The app's cache of answers, emptied by every load that changes the data."""
    with _CREATING:
        cache = context.services.get(CACHE)
        if not isinstance(cache, ResultCache):
            cache = ResultCache()
            data_version(context.services, context.workspace).on_change(cache.clear)
            context.services[CACHE] = cache
        return cache


def visible_ids(context: AppContext, user: User) -> set[str]:
    """Every KPI the user may see, building blocks included (views may show those too)."""
    return {spec.id for spec in context.workspace.catalog if can_see(user, spec)}
