"""A source mapping: how one kind of export file becomes rows of a canonical table.

Each workspace file `sources/NAME.yaml` (and each built-in preset) holds one mapping. It names
the target table, renames source columns, says how to parse text (date formats, decimal and
thousands separators, delimiter, encoding, sheet, header line) and fills in what the file lacks
(constants, currency, time zone). Values are matched case-insensitively; `*` and `?` are globs.
"""

from __future__ import annotations

import codecs
import re
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

CURRENCY_PLACEHOLDER = "{currency}"


def _as_tuple(value: object) -> object:
    """One string or a list of strings: both become a tuple."""
    if isinstance(value, str):
        return (value,)
    return value


def _as_text(value: object) -> object:
    """YAML scalars (numbers, booleans) used as values become their text."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return str(value)
    return value


Strings = Annotated[tuple[str, ...], BeforeValidator(_as_tuple)]
Text = Annotated[str, BeforeValidator(_as_text)]
OptionalText = Annotated[str | None, BeforeValidator(_as_text)]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FormatOptions(_Frozen):
    """How the text of the file is written."""

    delimiter: str | None = Field(
        default=None, description="Field separator; sniffed when not set."
    )
    encoding: str = Field(
        default="utf-8", description="Text encoding (a UTF-8 BOM is always accepted)."
    )
    decimal: Literal[".", ","] = Field(default=".", description="Decimal separator of numbers.")
    thousands: Literal[",", ".", " ", "'"] | None = Field(
        default=None, description="Thousands separator of numbers, if the file uses one."
    )
    date_format: Strings = Field(
        default=(), description="strftime formats of dates, e.g. %d.%m.%Y."
    )
    timestamp_format: Strings = Field(default=(), description="strftime formats of timestamps.")
    sheet: str | None = Field(default=None, description="XLSX sheet to read (default: the first).")
    skip_rows: int | None = Field(
        default=None, ge=0, description="Lines before the header; found automatically when not set."
    )
    null_values: Strings = Field(default=(), description="Cell texts that mean 'empty', e.g. '--'.")

    @field_validator("delimiter")
    @classmethod
    def _one_character(cls, value: str | None) -> str | None:
        if value is not None and len(value) != 1:
            raise ValueError(f"delimiter must be one character, not {value!r}")
        return value

    @field_validator("encoding")
    @classmethod
    def _known_encoding(cls, value: str) -> str:
        try:
            codecs.lookup(value)
        except LookupError:
            raise ValueError(f"unknown encoding {value!r} (e.g. utf-8, cp1252, latin-1)") from None
        return value

    @field_validator("date_format", "timestamp_format")
    @classmethod
    def _strftime(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for fmt in value:
            if "%" not in fmt:
                raise ValueError(f"{fmt!r} is not a strftime format (e.g. %d.%m.%Y)")
        return value


class RefundOptions(_Frozen):
    """A column with the refunded part of each order; refunds become rows of their own."""

    column: str = Field(description="Source column holding the refunded amount (positive).")
    id_suffix: str = Field(default=":refund", min_length=1, description="Appended to the order id.")


class ExpandOptions(_Frozen):
    """Rows that stand for several facts (e.g. a daily session count) are expanded."""

    count: str = Field(description="Source column with the number of facts the row stands for.")
    id: str = Field(description="Canonical id column that receives a generated, stable id.")


class SourceMapping(_Frozen):
    """One source: the file layout of one export and how it maps onto a canonical table."""

    table: str = Field(description="The canonical table the rows go to.")
    description: str = ""
    columns: dict[str, str] = Field(
        default_factory=dict,
        description="Source column → canonical column. Several source columns may feed one "
        "canonical column: the first non-empty one wins, in the order written.",
    )
    constants: dict[str, OptionalText] = Field(
        default_factory=dict, description="Canonical column → value for rows that have none."
    )
    currency: str | None = Field(
        default=None, description="Currency of money when a row names none."
    )
    timezone: str | None = Field(default=None, description="Time zone of naive timestamps.")
    values: dict[str, dict[Text, OptionalText]] = Field(
        default_factory=dict,
        description="Canonical column → {source value: canonical value}; '*' is the default.",
    )
    ignore: Strings = Field(
        default=(), description="Source columns to leave out (globs; '*' = the rest)."
    )
    keep_rows: dict[str, Strings] = Field(
        default_factory=dict, description="Keep only rows whose source column matches a pattern."
    )
    drop_rows: dict[str, Strings] = Field(
        default_factory=dict, description="Skip rows whose source column matches a pattern."
    )
    only_when: dict[str, dict[str, Strings]] = Field(
        default_factory=dict,
        description="Canonical column → {other canonical column: values}: keep the value only "
        "when the other column has one of these values (else it is left empty).",
    )
    first_item: dict[str, str] = Field(
        default_factory=dict,
        description="Canonical column → separator: keep the first item of a list value.",
    )
    refunds: RefundOptions | None = None
    expand: ExpandOptions | None = None
    format: FormatOptions = Field(default_factory=lambda: FormatOptions())

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[A-Z]{3}", value):
            raise ValueError(f"currency must be a three-letter ISO 4217 code, not {value!r}")
        return value

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str | None) -> str | None:
        if value is None:
            return value
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"unknown time zone {value!r} (use an IANA name such as Europe/Berlin)"
            ) from None
        return value

    @field_validator("columns")
    @classmethod
    def _one_placeholder(cls, value: dict[str, str]) -> dict[str, str]:
        for source in value:
            if source.count(CURRENCY_PLACEHOLDER) > 1:
                raise ValueError(f"{source!r}: {CURRENCY_PLACEHOLDER} may appear only once")
        return value


def header_pattern(source: str) -> re.Pattern[str] | None:
    """For a source column written with {currency}, the pattern that captures the code."""
    if CURRENCY_PLACEHOLDER not in source:
        return None
    before, after = source.split(CURRENCY_PLACEHOLDER)
    return re.compile(f"{re.escape(before)}([A-Za-z]{{3}}){re.escape(after)}", re.IGNORECASE)
