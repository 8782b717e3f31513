"""One error shape for every failure: {"error": {"code", "message"}}; never a stack trace.

A rejected batch of rows also lists its problems: {"error": {"code": "invalid_rows",
"message", "problems": [{"file", "line", "column", "value", "rule", "message"}, …]}}.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from kpibridge.errors import AuthError, IngestError, KpiBridgeError, Problem, QueryError

log = logging.getLogger("kpibridge.server")


def error_response(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


def problems_response(message: str, problems: list[Problem]) -> JSONResponse:
    """422 invalid_rows: every problem of a rejected batch."""
    listed = [
        {
            "file": p.file,
            "line": p.line,
            "column": p.column,
            "value": p.value,
            "rule": p.rule,
            "message": p.message,
        }
        for p in problems
    ]
    body = {"error": {"code": "invalid_rows", "message": message, "problems": listed}}
    return JSONResponse(body, status_code=422)


def install_error_handlers(app: FastAPI) -> None:
    """Map every exception to the one error shape."""

    @app.exception_handler(AuthError)
    async def _auth(_: Request, exc: AuthError) -> JSONResponse:
        status = getattr(exc, "status", 403)
        return error_response(status, "unauthorized" if status == 401 else "forbidden", str(exc))

    @app.exception_handler(QueryError)
    async def _query(_: Request, exc: QueryError) -> JSONResponse:
        return error_response(400, "bad_request", str(exc))

    @app.exception_handler(IngestError)
    async def _rows(_: Request, exc: IngestError) -> JSONResponse:
        return problems_response(exc.summary, exc.problems)

    @app.exception_handler(KpiBridgeError)
    async def _user(_: Request, exc: KpiBridgeError) -> JSONResponse:
        return error_response(400, "bad_request", str(exc))

    @app.exception_handler(HTTPException)
    async def _http(_: Request, exc: HTTPException) -> JSONResponse:
        codes = {
            401: "unauthorized",
            403: "forbidden",
            404: "not_found",
            405: "method_not_allowed",
            413: "payload_too_large",
        }
        return error_response(exc.status_code, codes.get(exc.status_code, "error"), str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
        where = ".".join(str(p) for p in first.get("loc", ()))
        return error_response(400, "bad_request", f"{where}: {first.get('msg')}")

    @app.exception_handler(Exception)
    async def _crash(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error", exc_info=exc)
        return error_response(500, "internal_error", "Something went wrong; it has been logged.")
