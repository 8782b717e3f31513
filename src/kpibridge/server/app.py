"""The ASGI app: dashboard pages, the JSON API and sign-in, over one workspace."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from kpibridge.server.context import AppContext, ServerSettings
from kpibridge.server.errors import install_error_handlers
from kpibridge.server.openapi import install_openapi
from kpibridge.server.routes import api, pages, views_api
from kpibridge.server.security import install_auth
from kpibridge.workspace import Workspace

STATIC = Path(__file__).parent / "static"


def create_app(workspace_path: Path | str, settings: ServerSettings | None = None) -> FastAPI:
    """The app serving one workspace."""
    settings = settings or ServerSettings(Path(workspace_path))
    # Read-write: events load through this process, DuckDB's one writer (see routes/api_events).
    workspace = Workspace(settings.workspace_path, read_only=False)
    workspace.warehouse  # noqa: B018 - opened now: another process holding it fails the start
    app = FastAPI(
        title="kpibridge",
        version="0.1.0",
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.context = AppContext(settings=settings, workspace=workspace)
    install_error_handlers(app)
    install_auth(app, app.state.context)
    app.include_router(pages.router)
    app.include_router(api.router)
    install_openapi(app)
    app.include_router(views_api.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/healthz", include_in_schema=False)
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return app


def serve(workspace_path: Path | str, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the dashboard until interrupted."""
    import uvicorn

    uvicorn.run(create_app(workspace_path), host=host, port=port, log_level="info")
