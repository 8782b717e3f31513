"""SQL that turns staged file columns into typed canonical columns (one pass over the file).

Text is NFC-normalised and stripped, empty text is NULL, value maps and formats are applied,
then each value is parsed to its canonical type with TRY_CAST/TRY_STRPTIME. Where a parse can
fail, the text that was parsed is kept next to the value (`_t_<column>`) so that validation
can report it; `_s_<column>` keeps the file's own text where a value map changed it.
Naive timestamps are read in the session time zone, which the loader sets to the source's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kpibridge.ingest.columns import Field, Plan
from kpibridge.ingest.mapping import FormatOptions
from kpibridge.ingest.readers import column_name
from kpibridge.model.tables import ColumnType

WHITESPACE = " \t\n\r\u00a0\u2007\u2009\u202f\ufeff"
MONEY_PARSE = "DECIMAL(38,10)"
_NEEDS_CLEANING = r"^\s|\s$|[^ -~]"
NON_FINITE = ("nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity")

_INTEGER_TYPES = {
    "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT",
    "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT",
}  # fmt: skip
_NAIVE_TIMESTAMPS = {"TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS"}


def lit(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def text_col(name: str) -> str:
    return f"_t_{name}"


def source_col(name: str) -> str:
    return f"_s_{name}"


def kind_of(sql_type: str) -> str:
    """Coarse kind of a DuckDB type: text, int, num, date, ts, tstz, bool or other."""
    upper = sql_type.upper()
    if upper == "VARCHAR":
        return "text"
    if upper in _INTEGER_TYPES:
        return "int"
    if upper in ("FLOAT", "DOUBLE") or upper.startswith("DECIMAL"):
        return "num"
    if upper == "DATE":
        return "date"
    if upper in _NAIVE_TIMESTAMPS:
        return "ts"
    if upper == "TIMESTAMP WITH TIME ZONE":
        return "tstz"
    if upper == "BOOLEAN":
        return "bool"
    return "other"


@dataclass(frozen=True)
class Staged:
    """What stage SQL produced for one canonical column."""

    field: Field
    value: str  # SQL of the typed value
    text: str | None  # SQL of the text it was parsed from (None: parsing cannot fail)
    source: str | None  # SQL of the file's own text, where a value map changed it


class Parser:
    """Builds the parse expressions of one file's plan."""

    def __init__(self, plan: Plan, types: list[str]) -> None:
        self.plan = plan
        self.types = types
        self.fmt: FormatOptions = plan.mapping.format

    # -- text --------------------------------------------------------------------------------

    def clean(self, expr: str) -> str:
        """Normalised, stripped text; empty text and declared null values are NULL."""
        slow = f"nullif(trim(nfc_normalize({expr}), {lit(WHITESPACE)}), '')"
        # Printable ASCII without outer whitespace is already clean (and NFC): skip the work.
        text = (
            f"(CASE WHEN {expr} <> '' AND NOT regexp_matches({expr}, {lit(_NEEDS_CLEANING)}) "
            f"THEN {expr} ELSE {slow} END)"
        )
        if self.fmt.null_values:
            values = ", ".join(lit(v.strip().lower()) for v in self.fmt.null_values)
            text = f"(CASE WHEN lower({text}) IN ({values}) THEN NULL ELSE {text} END)"
        return text

    def text_of(self, index: int) -> str:
        """The text of file column `index`, whatever its type."""
        column = column_name(index)
        kind = kind_of(self.types[index])
        if kind == "text":
            return self.clean(column)
        if kind == "num":
            as_text = (
                f"(CASE WHEN isfinite({column}) AND {column} = trunc({column}) "
                f"AND abs({column}) < 1e15 THEN CAST(CAST({column} AS BIGINT) AS VARCHAR) "
                f"ELSE CAST({column} AS VARCHAR) END)"
            )
            if self.fmt.decimal == ",":
                as_text = f"replace({as_text}, '.', ',')"
            return self.clean(as_text)
        return self.clean(f"CAST({column} AS VARCHAR)")

    def value_map(self, name: str, text: str) -> str:
        mapping = self.plan.mapping.values.get(name)
        if not mapping:
            return text
        whens: list[str] = []
        default: str | None = text
        globbed: list[str] = []
        for key, value in mapping.items():
            target = "NULL" if value is None else lit(value)
            if key == "*":
                default = target
            elif key == "":
                whens.insert(0, f"WHEN {text} IS NULL THEN {target}")
            elif any(ch in key for ch in "*?["):
                globbed.append(f"WHEN lower({text}) GLOB {lit(key.lower())} THEN {target}")
            else:
                whens.append(f"WHEN lower({text}) = {lit(key.lower())} THEN {target}")
        if default != text:
            whens.append(f"WHEN {text} IS NULL THEN NULL")
        return f"(CASE {' '.join(whens + globbed)} ELSE {default} END)"

    # -- parsing -----------------------------------------------------------------------------

    def number_text(self, text: str) -> str:
        """Number text with thousands separators removed and '.' as decimal separator."""
        sep, dec = self.fmt.thousands, self.fmt.decimal
        out = text
        if sep is not None:
            if sep == " ":
                for char in (160, 8239, 8201):  # no-break and thin spaces
                    out = f"replace({out}, chr({char}), ' ')"
            grouped = rf"[+-]?\d{{1,3}}({re.escape(sep)}\d{{3}})+({re.escape(dec)}\d*)?"
            out = (
                f"(CASE WHEN NOT contains({out}, {lit(sep)}) THEN {out} "
                f"WHEN regexp_full_match({out}, {lit(grouped)}) "
                f"THEN replace({out}, {lit(sep)}, '') END)"
            )
        if dec == ",":
            out = f"replace({out}, ',', '.')"
        return out

    def parse(self, text: str, kind: ColumnType) -> str:
        """SQL parsing `text` to a value of `kind` (NULL where it does not parse)."""
        match kind:
            case ColumnType.STRING:
                return text
            case ColumnType.CURRENCY:
                return f"upper({text})"
            case ColumnType.DATE:
                parts = []
                if self.fmt.date_format:
                    days = _list(self.fmt.date_format)
                    parts.append(f"CAST(try_strptime({text}, {days}) AS DATE)")
                parts.append(f"try_cast({text} AS DATE)")
                return _coalesce(parts)
            case ColumnType.TIMESTAMP:
                formats = (*self.fmt.timestamp_format, *self.fmt.date_format)
                zoned = [f for f in formats if "%z" in f or "%Z" in f]
                naive = [f for f in formats if f not in zoned]
                parts = []
                if zoned:
                    parts.append(f"try_strptime({text}, {_list(zoned)})")
                if naive:
                    parts.append(f"CAST(try_strptime({text}, {_list(naive)}) AS TIMESTAMPTZ)")
                parts.append(f"try_cast({text} AS TIMESTAMPTZ)")
                return _coalesce(parts)
            case ColumnType.INTEGER:
                number = f"try_cast({self.number_text(text)} AS DECIMAL(38,6))"
                whole = f"try_cast({number} AS BIGINT)"
                return f"(CASE WHEN {number} = trunc({number}) THEN {whole} END)"
            case ColumnType.NUMBER:
                number = f"try_cast({self.number_text(text)} AS DOUBLE)"
                return f"(CASE WHEN isfinite({number}) THEN {number} END)"
            case ColumnType.MONEY:
                return f"try_cast({self.number_text(text)} AS {MONEY_PARSE})"
        raise AssertionError(kind)  # pragma: no cover

    # -- columns -----------------------------------------------------------------------------

    def typed(self, field: Field) -> Staged | None:
        """Expressions for a single typed (Parquet/XLSX) column that needs no text parsing."""
        if len(field.sources) != 1 or field.name in self.plan.mapping.values:
            return None
        if field.name in self.plan.mapping.first_item:
            return None
        index = field.sources[0]
        column = column_name(index)
        kind = kind_of(self.types[index])
        target = field.column.type
        value: str | None = None
        text: str | None = None
        if target == ColumnType.DATE and kind in ("date", "ts", "tstz"):
            value = f"CAST({column} AS DATE)"
        elif target == ColumnType.TIMESTAMP and kind in ("date", "ts", "tstz"):
            value = f"CAST({column} AS TIMESTAMPTZ)"
        elif target == ColumnType.INTEGER and kind == "int":
            value = f"CAST({column} AS BIGINT)"
        elif target == ColumnType.INTEGER and kind == "num":
            value = f"(CASE WHEN {column} = trunc({column}) THEN try_cast({column} AS BIGINT) END)"
            text = f"CAST({column} AS VARCHAR)"
        elif target == ColumnType.NUMBER and kind in ("int", "num"):
            value = (
                f"(CASE WHEN isfinite(CAST({column} AS DOUBLE)) THEN CAST({column} AS DOUBLE) END)"
            )
            text = f"CAST({column} AS VARCHAR)" if kind == "num" else None
        elif target == ColumnType.MONEY and kind in ("int", "num"):
            value = f"try_cast({column} AS {MONEY_PARSE})"
            text = f"CAST({column} AS VARCHAR)" if kind == "num" else None
        if value is None:
            return None
        if field.constant is not None:
            value = f"coalesce({value}, {self.parse(lit(field.constant), target)})"
        return Staged(field, value, text, None)

    def staged(self, field: Field) -> Staged:
        """Value (and text, where parsing can fail) of one canonical column."""
        if field.generated and not field.sources:
            return Staged(field, "CAST(NULL AS VARCHAR)", None, None)
        typed = self.typed(field)
        if typed is not None:
            return typed
        target = field.column.type
        raw = _coalesce([self.text_of(i) for i in field.sources]) if field.sources else "NULL"
        separator = self.plan.mapping.first_item.get(field.name)
        if separator is not None and field.sources:
            raw = f"nullif(trim(split_part({raw}, {lit(separator)}, 1), {lit(WHITESPACE)}), '')"
        mapped = self.value_map(field.name, raw) if field.sources else "NULL"
        source = raw if mapped != raw else None
        value = self.parse(mapped, target)
        if field.constant is not None:
            constant = self.parse(lit(field.constant), target)
            value = f"(CASE WHEN {mapped} IS NULL THEN {constant} ELSE {value} END)"
        can_fail = target not in (ColumnType.STRING, ColumnType.CURRENCY) and bool(field.sources)
        return Staged(field, value, mapped if can_fail else None, source)

    def extra(self, index: int, kind: ColumnType) -> tuple[str, str]:
        """(value, text) of a file column used by refunds or expand."""
        text = self.text_of(index)
        return self.parse(text, kind), text


def _coalesce(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"coalesce({', '.join(parts)})"


def _list(formats: tuple[str, ...] | list[str]) -> str:
    return "[" + ", ".join(lit(f) for f in formats) + "]"
