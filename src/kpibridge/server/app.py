"""The ASGI app: the KPI overview page and its JSON twin."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.templating import Jinja2Templates

from kpibridge.errors import KpiBridgeError
from kpibridge.formatting import format_value
from kpibridge.server.overview import overview
from kpibridge.workspace import Workspace

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))


def create_app(workspace_path: Path | str) -> FastAPI:
    """The app serving one workspace, opened read-only."""
    workspace = Workspace(workspace_path, read_only=True)
    app = FastAPI(title="kpibridge", version="0.1.0")

    @app.exception_handler(KpiBridgeError)
    async def _user_error(_: Request, exc: KpiBridgeError) -> JSONResponse:
        return JSONResponse({"error": str(exc)}, status_code=400)

    @app.get("/api/kpis")
    def kpis_json() -> dict[str, object]:
        lines = overview(workspace)
        return {"currency": workspace.config.currency, "kpis": [asdict(line) for line in lines]}

    @app.get("/", response_class=HTMLResponse)
    def kpis_page(request: Request) -> HTMLResponse:
        lines = overview(workspace)
        return TEMPLATES.TemplateResponse(
            request,
            "overview.html",
            {"lines": lines, "config": workspace.config, "format": format_value},
        )

    @app.get("/healthz")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return app


def serve(workspace_path: Path | str, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the dashboard until interrupted."""
    import uvicorn

    uvicorn.run(create_app(workspace_path), host=host, port=port, log_level="info")
