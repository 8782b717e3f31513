"""The data behind the translations: gettext catalogs and KPI texts, one set per language.

- `<lang>/LC_MESSAGES/messages.po`: the UI strings (read with Babel at run time, no .mo files).
- `kpis.<lang>.yaml`: `id: {name, description}` for each built-in KPI (English: the catalog's own).
- A workspace may add `kpis/i18n/<lang>.yaml` (same layout) for its own KPIs or to reword ours.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

DOMAIN = "messages"
KpiTexts = Mapping[str, Mapping[str, str]]


def locales_dir() -> Path:
    """Where the catalogs live (inside the installed package)."""
    return Path(str(resources.files(__name__)))


def po_path(locale: str, root: Path | None = None) -> Path:
    return (root or locales_dir()) / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(locale: str, root: Path | None = None) -> Catalog | None:
    """The .po catalog of `locale`, or None when the language has none (English)."""
    path = po_path(locale, root)
    if not path.is_file():
        return None
    with path.open("rb") as handle:
        return read_po(handle, locale=locale, domain=DOMAIN)


@lru_cache(maxsize=16)
def translations(locale: str) -> NullTranslations:
    """gettext/ngettext for `locale`; untranslated and fuzzy entries fall back to the msgid."""
    catalog = read_catalog(locale)
    if catalog is None:
        return NullTranslations()
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


@lru_cache(maxsize=16)
def builtin_kpi_texts(locale: str) -> KpiTexts:
    """Names and descriptions of the built-in KPIs in `locale` (empty for English)."""
    return _read_kpi_texts(locales_dir() / f"kpis.{locale}.yaml")


def workspace_kpi_texts(workspace: Path, locale: str) -> KpiTexts:
    """A workspace's own `kpis/i18n/<locale>.yaml`, re-read when the file changes."""
    path = workspace / "kpis" / "i18n" / f"{locale}.yaml"
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return {}
    return _cached_kpi_texts(str(path), stamp)


@lru_cache(maxsize=64)
def _cached_kpi_texts(path: str, stamp: int) -> KpiTexts:
    return _read_kpi_texts(Path(path))


def _read_kpi_texts(path: Path) -> KpiTexts:
    """`id: {name, description}`; entries that are not a mapping of strings are skipped."""
    if not path.is_file():
        return {}
    document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(document, dict):
        return {}
    texts: dict[str, dict[str, str]] = {}
    for kpi, entry in document.items():
        if isinstance(entry, dict):
            texts[str(kpi)] = {
                str(key): " ".join(str(value).split())
                for key, value in entry.items()
                if key in ("name", "description") and value
            }
    return texts
