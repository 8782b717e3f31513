"""Dashboard views as data: which KPIs a role sees, in which sections, at which grain."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from kpibridge.engine import Grain

PERIODS = (
    "last_7_days",
    "last_30_days",
    "last_90_days",
    "this_month",
    "last_month",
    "this_quarter",
    "year_to_date",
)
ROLES = ("admin", "ceo", "cmo", "sales", "viewer")


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Section(_Frozen):
    """A titled group of KPI cards."""

    title: str = ""
    kpis: tuple[str, ...] = Field(min_length=1)


class DriverLink(_Frozen):
    """One CEO KPI and the CMO and Sales KPIs that move it."""

    kpi: str
    cmo: tuple[str, ...] = ()
    sales: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _has_drivers(self) -> DriverLink:
        if not self.cmo and not self.sales:
            raise ValueError("a driver link needs `cmo` or `sales` KPIs")
        return self


class ViewSpec(_Frozen):
    """One dashboard: id, title, sections of KPI cards, default grain and period."""

    id: str
    title: str
    description: str = ""
    roles: tuple[str, ...] = ()  # whose landing page this is
    grain: str = "month"
    period: str = "this_month"
    kpis: tuple[str, ...] = ()  # shorthand for one untitled section
    sections: tuple[Section, ...] = ()
    drivers: tuple[DriverLink, ...] = ()
    order: int = 100  # position in the navigation

    @field_validator("id")
    @classmethod
    def _id_is_a_name(cls, value: str) -> str:
        if not re.fullmatch(r"[a-z][a-z0-9_-]*", value):
            raise ValueError(f"{value!r}: view ids are lower-case letters, digits, _ and -")
        return value

    @field_validator("grain")
    @classmethod
    def _known_grain(cls, value: str) -> str:
        known = [g.value for g in Grain]
        if value not in known:
            raise ValueError(f"unknown grain {value!r}; use one of {', '.join(known)}")
        return value

    @field_validator("period")
    @classmethod
    def _known_period(cls, value: str) -> str:
        if value not in PERIODS:
            raise ValueError(f"unknown period {value!r}; use one of {', '.join(PERIODS)}")
        return value

    @field_validator("roles")
    @classmethod
    def _known_roles(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [r for r in value if r not in ROLES]
        if unknown:
            raise ValueError(f"unknown role(s) {', '.join(unknown)}; use {', '.join(ROLES)}")
        return value

    @model_validator(mode="after")
    def _has_kpis(self) -> ViewSpec:
        if bool(self.kpis) == bool(self.sections):
            raise ValueError("a view lists its KPIs either in `kpis` or in `sections`")
        return self

    @property
    def all_sections(self) -> tuple[Section, ...]:
        return self.sections or (Section(kpis=self.kpis),)

    @property
    def card_kpis(self) -> list[str]:
        """Every KPI shown as a card, once, in order."""
        return list(dict.fromkeys(k for s in self.all_sections for k in s.kpis))

    @property
    def driver_kpis(self) -> list[str]:
        return list(dict.fromkeys(k for d in self.drivers for k in (d.kpi, *d.cmo, *d.sales)))
