"""Keeps the translations complete: extracts the UI strings, updates every .po, reports gaps.

    python -m kpibridge.server.i18n_extract          # update the catalogs, list the gaps
    python -m kpibridge.server.i18n_extract --check  # change nothing; exit 1 on any gap

Strings are the literal first arguments of `_()`, `gettext()`, `ngettext()` and `N_()` calls
(also `t.gettext()` / `t.ngettext()` in templates) in the server's templates and Python modules.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import jinja2
import yaml
from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract
from babel.messages.pofile import write_po
from jinja2 import nodes

from kpibridge.catalog import load_catalog
from kpibridge.server import locales
from kpibridge.server.i18n import DEFAULT, SUPPORTED

SERVER = Path(__file__).resolve().parent
LANGUAGES = tuple(code for code in SUPPORTED if code != DEFAULT)
KEYWORDS: dict[str, tuple[int, ...] | None] = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "N_": None,
}
COMMENT_TAGS = ("Translators:",)
_STAMP = datetime(2025, 1, 1, tzinfo=UTC)  # fixed, so that updates do not churn the headers
_HEADER = """# {language} translations of the kpibridge dashboard.
# Update with `make i18n`; see docs/i18n.md.
#"""
_PLACEHOLDER = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)[^{}]*\}")

Found = tuple[str, int, str | tuple[str, str], list[str]]  # file, line, message, comments


def extract_messages(root: Path = SERVER) -> Catalog:
    """Every translatable string of the server's Python modules and templates."""
    template = Catalog(
        project="kpibridge",
        domain=locales.DOMAIN,
        creation_date=_STAMP,
        revision_date=_STAMP,
        copyright_holder="the kpibridge authors",
        msgid_bugs_address="",
        fuzzy=False,
    )
    found = [
        *_template_messages(root / "templates"),
        *_python_messages(root),
        *_view_messages(root / "views" / "builtin"),
    ]
    for file, line, message, comments in found:
        template.add(message, locations=[(file, line)], auto_comments=comments)
    return template


def _python_messages(root: Path) -> Iterator[Found]:
    for path in sorted(root.rglob("*.py")):
        with path.open("rb") as handle:
            for line, message, comments, _context in extract(
                "python", handle, KEYWORDS, COMMENT_TAGS, strip_comment_tags=True
            ):
                text = message if isinstance(message, str) else (message[0], message[1])
                yield _relative(path, root), line, text, comments


def _template_messages(folder: Path) -> Iterator[Found]:
    environment = jinja2.Environment(extensions=["jinja2.ext.i18n", "jinja2.ext.do"])
    for path in sorted(folder.rglob("*.html")):
        tree = environment.parse(path.read_text(encoding="utf-8"), path.name, str(path))
        for call in tree.find_all(nodes.Call):
            message = _call_message(call)
            if message is not None:
                yield _relative(path, folder.parent), call.lineno, message, []


def _view_messages(folder: Path) -> Iterator[Found]:
    """Titles and descriptions of the built-in dashboard views (translated when shown)."""
    for path in sorted(folder.glob("*.yaml")):
        view = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        texts = [view.get("title"), view.get("description")]
        texts += [section.get("title") for section in view.get("sections") or []]
        where = _relative(path, folder.parent.parent)
        for text in texts:
            if isinstance(text, str) and text:
                yield where, 0, text, ["a dashboard view's title, description or section"]


def _call_message(call: nodes.Call) -> str | tuple[str, str] | None:
    """The literal message of a gettext-like call, or None (not one, or not a literal)."""
    if isinstance(call.node, nodes.Name):
        name = call.node.name
    elif isinstance(call.node, nodes.Getattr) and call.node.attr in ("gettext", "ngettext"):
        name = call.node.attr
    else:
        return None
    if name not in KEYWORDS:
        return None
    texts = [
        a.value if isinstance(a, nodes.Const) and isinstance(a.value, str) else None
        for a in call.args
    ]
    if name == "ngettext":
        return (texts[0], texts[1]) if len(texts) > 1 and texts[0] and texts[1] else None
    return texts[0] if texts and texts[0] else None


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root.parent).as_posix()


def update_catalogs(template: Catalog, root: Path | None = None) -> None:
    """Write `messages.pot` and merge it into every language's .po (new msgids untranslated)."""
    folder = root or locales.locales_dir()
    _write(folder / f"{locales.DOMAIN}.pot", template)
    for code in LANGUAGES:
        catalog = locales.read_catalog(code, folder) or Catalog(
            locale=code,
            domain=locales.DOMAIN,
            header_comment=_HEADER.format(language=Locale.parse(code).english_name),
            project="kpibridge",
            copyright_holder="the kpibridge authors",
            msgid_bugs_address="",
            last_translator="kpibridge translators",
            language_team=f"{code} (kpibridge)",
            creation_date=_STAMP,
            fuzzy=False,
        )
        catalog.update(template, update_creation_date=False)
        catalog.revision_date = _STAMP
        catalog.project, catalog.version = "kpibridge", template.version
        _write(locales.po_path(code, folder), catalog)


def _write(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, include_lineno=False, sort_by_file=False)


def problems(template: Catalog | None = None, root: Path | None = None) -> list[str]:
    """What keeps the five languages from being complete; empty when all is translated."""
    template = template or extract_messages()
    found = [line for code in LANGUAGES for line in language_problems(code, template, root)]
    return found + kpi_problems()


def language_problems(code: str, template: Catalog, root: Path | None = None) -> list[str]:
    """UI strings of `template` that `code` lacks, leaves empty or fuzzy, or mistranslates."""
    catalog = locales.read_catalog(code, root) or Catalog(locale=code)
    found: list[str] = []
    for wanted in template:
        if wanted.id:
            found += _message_problems(code, wanted, catalog.get(wanted.id))
    return found


def _message_problems(code: str, wanted: Message, have: Message | None) -> list[str]:
    label = f"{code}: {wanted.id!r}"
    if have is None:
        return [f"{label} is missing (run `make i18n`)"]
    strings = _texts(have.string)
    if not all(strings):
        return [f"{label} is not translated"]
    if have.fuzzy:
        return [f"{label} is fuzzy (check the translation, then drop the fuzzy flag)"]
    ids = _texts(wanted.id)
    expected = set().union(*(_placeholders(text) for text in ids))
    broken = [text for text in strings if not _placeholders(text) <= expected]
    if broken or (len(ids) == 1 and _placeholders(strings[0]) != expected):
        return [f"{label}: the placeholders differ from the source {sorted(expected)}"]
    return []


def _texts(value: object) -> tuple[str, ...]:
    """A message id or string as a tuple (plural entries have several)."""
    if isinstance(value, list | tuple):
        return tuple(str(text or "") for text in value)
    return (str(value or ""),)


def _placeholders(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text))


def kpi_problems() -> list[str]:
    """Built-in KPIs lacking a name or description in some language."""
    catalog = load_catalog()
    found = [
        f"en: {spec.id} has no {key}"
        for spec in catalog
        for key in ("name", "description")
        if not getattr(spec, key)
    ]
    for code in LANGUAGES:
        texts = locales.builtin_kpi_texts(code)
        found += [
            f"{code}: KPI {kpi} has no {key} (kpis.{code}.yaml)"
            for kpi in catalog.ids
            for key in ("name", "description")
            if not texts.get(kpi, {}).get(key)
        ]
    return found


def stray_kpi_texts() -> list[str]:
    """Entries of kpis.<lang>.yaml whose KPI the built-in catalog no longer has (harmless)."""
    ids = set(load_catalog().ids)
    return [
        f"{code}: kpis.{code}.yaml names an unknown KPI {kpi}"
        for code in LANGUAGES
        for kpi in sorted(set(locales.builtin_kpi_texts(code)) - ids)
    ]


def main(argv: list[str] | None = None) -> int:
    """Update (or with --check only verify) the catalogs; print what is missing."""
    check = "--check" in (sys.argv[1:] if argv is None else argv)
    template = extract_messages()
    if not check:
        update_catalogs(template)
    found = problems(template)
    count = sum(1 for m in template if m.id)
    print(f"{count} UI strings, {len(LANGUAGES)} languages besides English")
    for line in found + stray_kpi_texts():
        print(f"  {line}")
    print("complete" if not found else f"{len(found)} to translate")
    return 1 if check and found else 0


if __name__ == "__main__":
    raise SystemExit(main())
