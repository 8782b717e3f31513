"""POST /api/v1/events/{table}: canonical rows in real time, loaded like a file."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from starlette.concurrency import run_in_threadpool

from kpibridge.server.api_models import EventBatch, LoadAnswer, error_responses
from kpibridge.server.auth import IngestUser
from kpibridge.server.context import Context
from kpibridge.server.events import EventTable, load_batch, read_rows
from kpibridge.server.live import data_version

router = APIRouter(tags=["Events"])


@router.post(
    "/events/{table}",
    response_model=LoadAnswer,
    summary="Load a batch of canonical rows",
    responses=error_responses(400, 401, 403, 413, 422),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": EventBatch.model_json_schema()}},
        }
    },
)
async def post_events(
    request: Request,
    context: Context,
    user: IngestUser,
    table: Annotated[EventTable, Path(description="The canonical table the rows belong to.")],
) -> LoadAnswer:
    """Validate the rows exactly like a file of that table and load them atomically.

    Rows are matched by the table's natural key: a row whose key is stored replaces it, the
    others are added; posting the same batch again changes nothing (`unchanged`). A batch
    with any problem is rejected as a whole (422, every problem listed with its row number,
    the 1-based index in `rows`) and the warehouse is left unchanged. Needs a bearer token
    with ingest scope (or an admin session with its CSRF token). At most
    `events_max_rows` rows and `events_max_bytes` bytes per batch (10,000 and 5 MB by
    default); more is a 413.
    """
    settings = context.settings
    rows = await read_rows(request, settings.events_max_bytes, settings.events_max_rows)
    workspace = context.workspace
    result = await run_in_threadpool(load_batch, workspace, table.value, rows)
    if result.status == "loaded":
        data_version(context.services, workspace).bump()
    return LoadAnswer(
        table=result.table,
        status=result.status,
        rows_added=result.rows_added,
        rows_replaced=result.rows_replaced,
    )
