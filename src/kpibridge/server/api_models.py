"""The shapes of the REST API's answers and bodies, as typed models for OpenAPI (/api/docs)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class KpiCard(BaseModel):
    """A KPI's definition card, with name and description in the reader's language."""

    id: str = Field(description="The KPI id used in every other call, e.g. `cac`.")
    name: str = Field(description="Display name, localised.")
    description: str = Field(description="What the KPI measures, localised.")
    formula: str = Field(description="The exact formula, e.g. `marketing_spend / new_customers`.")
    unit: str = Field(description="money, count, percent, ratio, points, days or number.")
    direction: str = Field(description="Which way is good: up, down or none.")
    audiences: list[str] = Field(description="Who it is for: ceo, cmo, sales, shared.")
    dimensions: list[str] = Field(description="Dimensions it can be broken down or filtered by.")
    owner: str | None = Field(description="Who answers for the number.")


class KpiList(BaseModel):
    """The KPIs the caller may see."""

    kpis: list[KpiCard]


class QueryRow(BaseModel):
    """One period (and one value of each `by` dimension, as extra keys named after them)."""

    model_config = ConfigDict(extra="allow")

    period: str = Field(description="First day of the period, YYYY-MM-DD.")
    value: float | None = Field(description="The KPI's value; null when it has none.")
    compare_value: float | None = Field(
        default=None, description="Only with `compare`: the value of the earlier period."
    )
    change: float | None = Field(
        default=None, description="Only with `compare`: (value - compare_value) / |compare_value|."
    )


class QueryAnswer(BaseModel):
    """Exactly what `kpibridge query KPI --format json` prints for the same arguments."""

    kpi: str
    unit: str
    grain: str
    rows: list[QueryRow]


class EventBatch(BaseModel):
    """Rows of one canonical table, with its column names (see docs/data-model.md)."""

    rows: list[dict[str, str | int | float | bool | None]] = Field(
        description="Canonical rows; a row number in a problem is the 1-based index here."
    )


class LoadAnswer(BaseModel):
    """What loading a batch did."""

    table: str
    status: str = Field(description="`loaded`, or `unchanged` when this batch was loaded before.")
    rows_added: int = Field(description="Rows whose natural key was new.")
    rows_replaced: int = Field(description="Stored rows replaced by a row with the same key.")


class Changes(BaseModel):
    """The data version: it moves whenever a load changes the warehouse."""

    version: str = Field(description="Opaque token; pass it back as `since`.")
    changed: bool = Field(description="Whether the data changed since `since` (true without it).")
    interval_seconds: int = Field(description="How often pages should ask again.")


class ProblemItem(BaseModel):
    """One problem of a rejected batch or file."""

    file: str
    line: int | None = Field(description="Row number: the 1-based index in `rows` for events.")
    column: str | None
    value: str | None
    rule: str = Field(description="The rule broken: required, type, minimum, choices, key …")
    message: str


class ErrorDetail(BaseModel):
    code: str = Field(description="bad_request, unauthorized, forbidden, not_found, …")
    message: str
    problems: list[ProblemItem] | None = Field(
        default=None, description="Only for `invalid_rows`: every problem found."
    )


class ErrorBody(BaseModel):
    """The one error shape of every failing call."""

    error: ErrorDetail


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries in the one error shape for `statuses`."""
    meaning = {
        400: "Bad parameters or body (unknown KPI, dimension, grain, malformed date …).",
        401: "Not signed in and no valid bearer token.",
        403: "Signed in, but not allowed to do this.",
        413: "The batch is too large.",
        422: "The batch broke validation rules; nothing was loaded.",
    }
    return {s: {"model": ErrorBody, "description": meaning.get(s, "Error.")} for s in statuses}
