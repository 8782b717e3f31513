"""kpibridge: the marketing panel a CMO, a CEO and a Sales lead share."""

from kpibridge.errors import IngestError, KpiBridgeError, QueryError, SpecError

__all__ = ["IngestError", "KpiBridgeError", "QueryError", "SpecError", "Workspace"]
__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    if name == "Workspace":
        from kpibridge.workspace import Workspace

        return Workspace
    raise AttributeError(name)
