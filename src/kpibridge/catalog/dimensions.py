"""Which dimensions a KPI can be broken down by."""

from __future__ import annotations

from collections.abc import Mapping

from kpibridge.catalog.spec import Kind, KpiSpec
from kpibridge.model.tables import TABLES


def kpi_dimensions(spec: KpiSpec, components: Mapping[str, KpiSpec]) -> tuple[str, ...]:
    """Own table's dimensions for base KPIs; the dimensions all components share otherwise."""
    match spec.kind:
        case Kind.SIMPLE:
            assert spec.measure is not None
            return TABLES[spec.measure.table].dimension_names
        case Kind.STOCK:
            assert spec.stock is not None
            return TABLES[spec.stock.table].dimension_names
        case Kind.COHORT:
            return TABLES["customers"].dimension_names
        case Kind.CUSTOM:
            return spec.dimensions
        case Kind.RATIO | Kind.DERIVED:
            shared: list[str] | None = None
            for component in components.values():
                dims = list(component.dimensions)
                shared = dims if shared is None else [d for d in shared if d in dims]
            return tuple(shared or ())
    raise AssertionError(spec.kind)
