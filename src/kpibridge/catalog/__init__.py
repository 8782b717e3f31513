"""KPIs as data: specs read from YAML, validated, with their formulas and dimensions."""

from kpibridge.catalog.catalog import Catalog, Origin
from kpibridge.catalog.loader import check_catalog, load_catalog
from kpibridge.catalog.spec import Audience, Direction, Kind, KpiSpec, Unit

__all__ = [
    "Audience",
    "Catalog",
    "Direction",
    "Kind",
    "KpiSpec",
    "Origin",
    "Unit",
    "check_catalog",
    "load_catalog",
]
