"""The generated reference pages in docs/ match the code."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpibridge.cli.docs_cmd import generated_pages

REFERENCE = Path(__file__).resolve().parents[1] / "docs" / "reference"


@pytest.mark.parametrize("name", sorted(generated_pages()))
def test_reference_page_is_up_to_date(name: str) -> None:
    committed = (REFERENCE / name).read_text(encoding="utf-8")
    assert committed == generated_pages()[name], f"run `make docs` to refresh docs/reference/{name}"
