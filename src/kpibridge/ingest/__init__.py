"""Ingest: read files, map their columns, validate, convert currency and time, load atomically.

`Loader(warehouse, config, sources_dir).load(path)` loads one file; `load_log(warehouse)`
lists every load attempt.
"""

from kpibridge.ingest.loader import Loader, LoadResult
from kpibridge.ingest.log import LoadRecord, load_log, loaded_count
from kpibridge.ingest.mapping import FormatOptions, SourceMapping
from kpibridge.ingest.presets import preset_names
from kpibridge.ingest.sources import Source, SourceLibrary, check_sources, read_source

__all__ = [
    "FormatOptions",
    "LoadRecord",
    "LoadResult",
    "Loader",
    "Source",
    "SourceLibrary",
    "SourceMapping",
    "check_sources",
    "load_log",
    "loaded_count",
    "preset_names",
    "read_source",
]
