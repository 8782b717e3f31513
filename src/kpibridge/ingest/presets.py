"""Built-in source mappings for the standard exports of common marketing and sales tools."""

from __future__ import annotations

from pathlib import Path

PRESET_DIR = Path(__file__).with_name("presets")


def preset_names() -> list[str]:
    """Names of the packaged presets (file stems of presets/*.yaml)."""
    return sorted(p.stem for p in PRESET_DIR.glob("*.yaml"))


def preset_file(name: str) -> Path | None:
    """The YAML file of preset `name`, or None."""
    path = PRESET_DIR / f"{name}.yaml"
    return path if path.is_file() else None
