"""Test fixtures: a small hand-checked world and a larger generated one, both loaded by SQL."""

from kpibridge.testing.fixture_world import FIXTURE_CURRENCY, FIXTURE_TIMEZONE, build_fixture_world

__all__ = ["FIXTURE_CURRENCY", "FIXTURE_TIMEZONE", "build_fixture_world"]
