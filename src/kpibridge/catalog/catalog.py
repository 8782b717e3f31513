"""The catalog: every KPI the workspace knows, by id, with its dependencies and dimensions."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from kpibridge.catalog.checks import references
from kpibridge.catalog.formula import formula_text
from kpibridge.catalog.spec import Audience, KpiSpec
from kpibridge.errors import QueryError
from kpibridge.yaml_source import did_you_mean


@dataclass(frozen=True)
class Origin:
    """Where a KPI was defined."""

    file: str
    line: int | None
    builtin: bool


class Catalog:
    """An immutable, validated set of KPI specs."""

    def __init__(self, specs: dict[str, KpiSpec], origins: dict[str, Origin]) -> None:
        self._specs = dict(specs)
        self._origins = dict(origins)

    def get(self, kpi: str) -> KpiSpec:
        """The KPI `kpi`, or a QueryError with a did-you-mean."""
        try:
            return self._specs[kpi]
        except KeyError:
            hint = did_you_mean(kpi, self._specs)
            raise QueryError(f"unknown KPI {kpi!r}{hint}; `kpibridge kpis` lists them") from None

    def __contains__(self, kpi: object) -> bool:
        return kpi in self._specs

    def __iter__(self) -> Iterator[KpiSpec]:
        return iter(self._specs.values())

    def __len__(self) -> int:
        return len(self._specs)

    @property
    def ids(self) -> list[str]:
        return list(self._specs)

    def visible(self, audience: Audience | None = None) -> list[KpiSpec]:
        """The KPIs users see (not building blocks), optionally for one audience."""
        return [
            s
            for s in self._specs.values()
            if not s.hidden and (audience is None or audience in s.audiences)
        ]

    def origin(self, kpi: str) -> Origin:
        return self._origins[kpi]

    def formula(self, kpi: str) -> str:
        return formula_text(self.get(kpi))

    def dependencies(self, kpi: str) -> list[str]:
        """Ids of the KPIs `kpi` is computed from (direct only)."""
        return references(self.get(kpi))

    def describe(self, kpi: str) -> dict[str, object]:
        """The KPI's definition card as plain data (the CLI and API print it)."""
        spec = self.get(kpi)
        return {
            "id": spec.id,
            "name": spec.name,
            "description": spec.description,
            "kind": spec.kind.value,
            "formula": self.formula(kpi),
            "unit": spec.unit.value,
            "direction": spec.direction.value,
            "audiences": [a.value for a in spec.audiences],
            "dimensions": list(spec.dimensions),
            "owner": spec.owner,
            "builtin": self._origins[kpi].builtin if kpi in self._origins else True,
        }
