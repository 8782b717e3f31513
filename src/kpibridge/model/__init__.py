"""The canonical tables every source is mapped onto, independent of any engine."""

from kpibridge.model.tables import (
    TABLES,
    Column,
    ColumnType,
    Dimension,
    Join,
    TableSpec,
    table_spec,
)

__all__ = ["TABLES", "Column", "ColumnType", "Dimension", "Join", "TableSpec", "table_spec"]
