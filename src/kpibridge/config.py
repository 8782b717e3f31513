"""The workspace settings file, kpibridge.yaml."""

from __future__ import annotations

import re
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from kpibridge.errors import Problem, SpecError

CONFIG_FILE = "kpibridge.yaml"


class WorkspaceConfig(BaseModel):
    """Settings of one workspace; every field has a safe default."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = "kpibridge workspace"
    currency: str = Field(default="USD", description="Reporting currency (ISO 4217).")
    timezone: str = Field(default="UTC", description="IANA time zone periods are bucketed in.")
    warehouse: str = Field(default="warehouse.duckdb", description="Warehouse file or URL.")
    fx_max_age_days: int = Field(
        default=7, ge=0, description="How old the latest fx rate before a row's date may be."
    )

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str) -> str:
        if not re.fullmatch(r"[A-Z]{3}", value):
            raise ValueError(f"currency must be a three-letter ISO 4217 code, not {value!r}")
        return value

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            hint = "use an IANA name such as Europe/Berlin"
            raise ValueError(f"unknown time zone {value!r} ({hint})") from None
        return value

    def dump(self) -> str:
        return yaml.safe_dump(self.model_dump(), sort_keys=False, allow_unicode=True)


def make_config(settings: dict[str, object], where: str = CONFIG_FILE) -> WorkspaceConfig:
    """Validated settings; every invalid one is reported at once as a SpecError."""
    try:
        return WorkspaceConfig.model_validate(settings)
    except ValidationError as exc:
        problems = [
            Problem(
                where,
                "setting",
                err["msg"].removeprefix("Value error, "),
                column=".".join(map(str, err["loc"])),
            )
            for err in exc.errors()
        ]
        raise SpecError(f"{where} has invalid settings", problems) from None


def load_config(path: Path) -> WorkspaceConfig:
    """Read kpibridge.yaml; every invalid setting is reported at once."""
    file = path / CONFIG_FILE
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise SpecError(
            f"{file} is not valid YAML", [Problem(str(file), "yaml", str(exc), line)]
        ) from None
    if not isinstance(data, dict):
        raise SpecError(f"{file} must be a mapping of settings", [])
    return make_config(data, str(file))
