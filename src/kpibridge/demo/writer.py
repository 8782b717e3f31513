"""Turn generated columns into canonical Arrow tables and write them as Parquet or CSV.

Column names and types follow `kpibridge.model.tables`: timestamps become UTC instants,
money DECIMAL(18,2), ids strings. Day indexes become dates of the demo calendar.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from kpibridge.demo.calendar import Calendar, local_to_utc
from kpibridge.model.tables import TABLES, ColumnType

ARROW_TYPES: dict[ColumnType, pa.DataType] = {
    ColumnType.STRING: pa.string(),
    ColumnType.DATE: pa.date32(),
    ColumnType.TIMESTAMP: pa.timestamp("us", tz="UTC"),
    ColumnType.MONEY: pa.decimal128(18, 2),
    ColumnType.INTEGER: pa.int64(),
    ColumnType.NUMBER: pa.float64(),
    ColumnType.CURRENCY: pa.string(),
}


def ids(prefix: str, numbers: np.ndarray, width: int = 8) -> pa.Array:
    """prefix + zero-padded numbers, e.g. S00000042."""
    text = pa.array(np.asarray(numbers, dtype=np.int64)).cast(pa.string())
    return pc.binary_join_element_wise(prefix, pc.utf8_lpad(text, width, "0"), "")


def sequence(prefix: str, first: int, n: int, width: int = 8) -> pa.Array:
    return ids(prefix, np.arange(first, first + n, dtype=np.int64), width)


def labels(names: Sequence[str | None], index: np.ndarray) -> pa.Array:
    """names[index] as a string column; None names and index -1 become null."""
    index = np.asarray(index, dtype=np.int64)
    table = pa.array([*names, None], type=pa.string())
    return table.take(pa.array(np.where(index < 0, len(names), index)))


def _convert(value: object, type_: ColumnType, cal: Calendar) -> pa.Array:
    if isinstance(value, pa.Array | pa.ChunkedArray):
        return value.cast(ARROW_TYPES[type_])
    array = np.asarray(value)
    if type_ is ColumnType.TIMESTAMP:
        return local_to_utc(array, cal.timezone)
    if type_ is ColumnType.DATE:
        return pa.array((np.datetime64(cal.start) + array.astype(np.int64)).astype("datetime64[D]"))
    if type_ is ColumnType.MONEY:
        return pa.array(np.round(array.astype(float), 2)).cast(pa.decimal128(18, 2))
    if type_ is ColumnType.INTEGER:
        return pa.array(array, type=pa.int64(), mask=array < 0)
    return pa.array(array, type=ARROW_TYPES[type_], from_pandas=True)


def canonical(table: str, columns: dict[str, object], cal: Calendar) -> pa.Table:
    """A canonical table from `columns` (missing optional columns are left out).

    For INTEGER columns, -1 means "unknown" and is written as null.
    """
    spec = TABLES[table]
    unknown = set(columns) - set(spec.column_names)
    if unknown:
        raise ValueError(f"{table}: not canonical columns: {sorted(unknown)}")
    missing = set(spec.required) - set(columns)
    if missing:
        raise ValueError(f"{table}: required columns missing: {sorted(missing)}")
    arrays, fields = [], []
    for col in spec.columns:
        if col.name in columns:
            arrays.append(_convert(columns[col.name], col.type, cal))
            fields.append(pa.field(col.name, ARROW_TYPES[col.type], nullable=not col.required))
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


def write(table: pa.Table, path: Path) -> Path:
    """Parquet or CSV by the file's suffix."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".csv":
        pa_csv.write_csv(table, path)
    else:
        # Dictionary-encode names and categories only: ids and numbers gain nothing from it.
        names = [
            f.name
            for f in table.schema
            if pa.types.is_string(f.type) and not f.name.endswith("_id")
        ]
        pq.write_table(table, path, compression="zstd", use_dictionary=names)
    return path
