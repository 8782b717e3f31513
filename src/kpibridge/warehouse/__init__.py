"""The warehouse: where canonical tables live (a DuckDB file by default)."""

from kpibridge.warehouse.connection import Warehouse

__all__ = ["Warehouse"]
