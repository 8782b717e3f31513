"""The engine: KPI specs compiled to Ibis expressions and run on the warehouse."""

from kpibridge.engine.engine import Engine
from kpibridge.engine.grain import Compare, Grain
from kpibridge.engine.result import QueryResult

__all__ = ["Compare", "Engine", "Grain", "QueryResult"]
