"""What every request handler reaches: the workspace, the app state and the settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request

from kpibridge.workspace import Workspace


@dataclass
class ServerSettings:
    """How the server runs; safe defaults, secrets only from the environment."""

    workspace_path: Path
    state_url: str | None = None  # app state database; default: sqlite in the workspace
    secure_cookies: bool = False  # set behind HTTPS
    live_interval_seconds: int = 5
    events_max_rows: int = 10_000  # per POST /api/v1/events/{table}
    events_max_bytes: int = 5 * 1024 * 1024
    extras: dict[str, Any] = field(default_factory=dict)


@dataclass
class AppContext:
    """Shared by all requests of one app."""

    settings: ServerSettings
    workspace: Workspace
    services: dict[str, Any] = field(default_factory=dict)  # state store, i18n, …


def app_context(request: Request) -> AppContext:
    """FastAPI dependency: the context of the app serving `request`."""
    context: AppContext = request.app.state.context
    return context


Context = Annotated[AppContext, Depends(app_context)]
