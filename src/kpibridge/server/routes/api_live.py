"""GET /api/v1/changes: the data version, so open pages re-fetch only when data changed."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from kpibridge.server.api_models import Changes, error_responses
from kpibridge.server.auth import CurrentUser
from kpibridge.server.context import Context
from kpibridge.server.live import data_version

router = APIRouter(tags=["Live updates"])


@router.get(
    "/changes",
    response_model=Changes,
    summary="Has the data changed?",
    responses=error_responses(401, 403),
)
def changes(
    context: Context,
    user: CurrentUser,
    since: Annotated[
        str | None, Query(description="The `version` of your last answer; omit at first.")
    ] = None,
) -> Changes:
    """The current data version; `changed` tells whether it differs from `since`. Cheap:
    no query runs. static/live.js asks every `interval_seconds` and refreshes the page's
    elements marked `data-live` when the data changed."""
    version = data_version(context.services, context.workspace).token
    return Changes(
        version=version,
        changed=since != version,
        interval_seconds=context.settings.live_interval_seconds,
    )
