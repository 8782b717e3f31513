"""The synthetic company behind `kpibridge demo`: Northwind Outdoor, an outdoor-gear maker
selling to shops and businesses (with a sales team) and online (a web shop).

`build_demo` creates a workspace with two years of data up to yesterday, loaded through the
ingest path; `generate` only writes the files. `StoryPlan.stories()` / `read_stories` tell
where the four deliberate stories are.
"""

from kpibridge.demo.build import DemoResult, Reporter, build_demo, is_demo_workspace, read_stories
from kpibridge.demo.generate import DemoData, generate
from kpibridge.demo.params import DEFAULT_SEED, DEFAULT_SESSIONS, DemoParams
from kpibridge.demo.stories import Story, StoryPlan

__all__ = [
    "DEFAULT_SEED",
    "DEFAULT_SESSIONS",
    "DemoData",
    "DemoParams",
    "DemoResult",
    "Reporter",
    "Story",
    "StoryPlan",
    "build_demo",
    "generate",
    "is_demo_workspace",
    "read_stories",
]
