"""A workspace: one company's settings, source mappings, KPI definitions and warehouse."""

from __future__ import annotations

import os
from collections.abc import Iterable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from kpibridge.config import CONFIG_FILE, WorkspaceConfig, load_config, make_config
from kpibridge.errors import WorkspaceError
from kpibridge.warehouse import Warehouse

if TYPE_CHECKING:
    from kpibridge.catalog import Catalog
    from kpibridge.engine import Engine
    from kpibridge.ingest import Loader, LoadResult

SUBDIRECTORIES = ("sources", "kpis", "data")
ENV_VAR = "KPIBRIDGE_WORKSPACE"


class Workspace:
    """Open an existing workspace directory (see `Workspace.init` to create one)."""

    def __init__(self, path: Path | str | None = None, read_only: bool = False) -> None:
        self.path = resolve_path(path)
        self.read_only = read_only
        if not (self.path / CONFIG_FILE).is_file():
            raise WorkspaceError(
                f"{self.path} is not a kpibridge workspace (no {CONFIG_FILE}); "
                f"create one with `kpibridge init {self.path}`"
            )
        self.config: WorkspaceConfig = load_config(self.path)

    @classmethod
    def init(
        cls, path: Path | str, currency: str = "USD", timezone: str = "UTC", name: str | None = None
    ) -> Workspace:
        """Create the workspace layout and an empty warehouse; an existing one is kept as is."""
        settings: dict[str, object] = {"currency": currency, "timezone": timezone}
        if name:
            settings["name"] = name
        config = make_config(settings)
        root = Path(path)
        root.mkdir(parents=True, exist_ok=True)
        for sub in SUBDIRECTORIES:
            (root / sub).mkdir(exist_ok=True)
        config_file = root / CONFIG_FILE
        if not config_file.exists():
            config_file.write_text(config.dump(), encoding="utf-8")
        workspace = cls(root)
        workspace.warehouse  # noqa: B018 - creates the warehouse file and its schema
        return workspace

    @property
    def warehouse_path(self) -> Path:
        target = Path(self.config.warehouse)
        return target if target.is_absolute() else self.path / target

    @cached_property
    def warehouse(self) -> Warehouse:
        return Warehouse(self.warehouse_path, self.config.timezone, read_only=self.read_only)

    @cached_property
    def catalog(self) -> Catalog:
        from kpibridge.catalog import load_catalog

        return load_catalog(self.path / "kpis")

    @cached_property
    def engine(self) -> Engine:
        from kpibridge.engine import Engine

        return Engine(self.warehouse, self.catalog)

    @cached_property
    def loader(self) -> Loader:
        from kpibridge.ingest import Loader

        return Loader(self.warehouse, self.config, self.path / "sources")

    def ingest(
        self, paths: Iterable[Path | str], table: str | None = None, source: str | None = None
    ) -> list[LoadResult]:
        """Load files into the warehouse, each atomically, in dependency order (fx rates first)."""
        return self.loader.load_many([Path(p) for p in paths], table=table, source=source)

    def close(self) -> None:
        if "warehouse" in self.__dict__:
            self.warehouse.close()
            del self.__dict__["warehouse"]
        self.__dict__.pop("engine", None)
        self.__dict__.pop("loader", None)

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def resolve_path(path: Path | str | None) -> Path:
    """-w DIR, else $KPIBRIDGE_WORKSPACE, else the current directory."""
    if path is not None:
        return Path(path).resolve()
    env = os.environ.get(ENV_VAR)
    return Path(env).resolve() if env else Path.cwd()
