"""The OpenAPI document (/api/openapi.json, shown at /api/docs) as the API really behaves.

FastAPI documents a 422 `HTTPValidationError` for every route with parameters; this app
answers bad parameters with 400 in the one error shape, so those entries are replaced. Bearer
tokens are declared so /api/docs can send one.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from kpibridge.server.api_models import ErrorBody

DESCRIPTION = """\
The kpibridge REST API: the KPI catalog, KPI values exactly as `kpibridge query --format json`
gives them, event batches into the warehouse and the data-version signal for live pages.

Authenticate with `Authorization: Bearer TOKEN` (`kpibridge token create NAME [--scope
read|ingest]`) or the session cookie of a signed-in browser (state-changing calls then also
need the `X-CSRF-Token` header). Every error has one shape:
`{"error": {"code": "…", "message": "…"}}`; rejected batches add `problems`.
"""

_ERROR_REF = {"$ref": "#/components/schemas/ErrorBody"}


def install_openapi(app: FastAPI) -> None:
    """Make `app.openapi()` build the corrected document (once)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title, version=app.version, description=DESCRIPTION, routes=app.routes
            )
            app.openapi_schema = tidy(schema)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def tidy(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` with FastAPI's 422 validation answers turned into 400s of the one error shape."""
    for path in schema.get("paths", {}).values():
        for operation in path.values():
            responses = operation.get("responses", {})
            auto = responses.get("422", {})
            if "HTTPValidationError" in str(auto):
                del responses["422"]
                responses.setdefault(
                    "400",
                    {
                        "description": "Bad parameters, in the one error shape.",
                        "content": {"application/json": {"schema": _ERROR_REF}},
                    },
                )
    components = schema.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    if "HTTPValidationError" not in str(schema.get("paths")):
        schemas.pop("HTTPValidationError", None)
        schemas.pop("ValidationError", None)
    if "ErrorBody" not in schemas:
        body = ErrorBody.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(body.pop("$defs", {}))
        schemas["ErrorBody"] = body
    components.setdefault("securitySchemes", {})["bearer"] = {
        "type": "http",
        "scheme": "bearer",
        "description": "A token from `kpibridge token create NAME [--scope read|ingest]`.",
    }
    schema["security"] = [{"bearer": []}]
    return schema
