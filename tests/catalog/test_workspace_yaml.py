"""Workspace KPI YAML: custom KPIs load; every mistake is reported with file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpibridge.catalog import Kind, check_catalog, load_catalog
from kpibridge.catalog.expression import ExpressionError, parse
from kpibridge.errors import SpecError


def write(folder: Path, text: str, name: str = "mine.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(folder: Path) -> list[str]:
    catalog, problems = check_catalog(folder)
    assert catalog is None
    return [str(p) for p in problems]


def test_custom_kpis_extend_the_catalog(tmp_path: Path) -> None:
    write(
        tmp_path,
        """
kpis:
  - id: email_revenue_share
    name: Revenue share of e-mail
    kind: ratio
    numerator: email_revenue
    denominator: sales_revenue
    unit: percent
  - id: email_revenue
    name: E-mail revenue
    kind: simple
    measure:
      table: orders
      aggregate: sum
      column: amount
    unit: money
  - id: custom:innovation_rate
    name: Innovation rate
    kind: custom
    custom: {metric: innovation_rate, aggregate: mean}
    unit: percent
    audiences: [ceo]
    dimensions: [region]
""",
    )
    catalog = load_catalog(tmp_path)
    assert catalog.get("email_revenue_share").dimensions == (
        "channel", "campaign", "segment", "region",
    )
    assert catalog.get("custom:innovation_rate").kind is Kind.CUSTOM
    assert catalog.get("custom:innovation_rate").dimensions == ("region",)
    assert not catalog.origin("email_revenue").builtin


def test_every_problem_is_reported_with_file_line_and_a_hint(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """kpis:
  - id: paid_cac
    name: Paid CAC
    kind: ratio
    numerater: marketing_spend
    denominator: new_customer
    unit: money
  - id: big_orders
    name: Big orders
    kind: simple
    measure:
      table: order
      aggregate: count
    unit: count
  - id: refunds
    name: Refunds
    kind: simple
    measure:
      table: orders
      aggregate: sum
      column: amout
    unit: money
  - id: sessions
    name: Shadow of a built-in
    kind: simple
    measure: {table: sessions, aggregate: count}
    unit: count
""",
    )
    found = problems_of(tmp_path)
    text = "\n".join(found)
    assert f"{path}:5, column 'kpis.0.numerater': unknown key 'numerater' (did you mean " in text
    assert "'numerator'?)" in text
    assert f"{path}:12" in text and "unknown table 'order' (did you mean 'orders'?)" in text
    assert f"{path}:21" in text and "has no column 'amout' (did you mean 'amount'?)" in text
    assert f"{path}:23" in text and "KPI id 'sessions' is already defined by a built-in KPI" in text
    assert len(found) == 4


def test_unknown_reference_gets_a_did_you_mean(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """kpis:
  - id: paid_cac
    name: Paid CAC
    kind: ratio
    numerator: marketing_spend
    denominator: new_customer
    unit: money
""",
    )
    (problem,) = problems_of(tmp_path)
    assert problem.startswith(f"{path}:6")
    assert "unknown KPI 'new_customer' (did you mean 'new_customers'?)" in problem


def test_cycles_are_reported(tmp_path: Path) -> None:
    write(
        tmp_path,
        """kpis:
  - {id: a_kpi, name: A, kind: ratio, numerator: b_kpi, denominator: leads, unit: ratio}
  - {id: b_kpi, name: B, kind: derived, expression: a_kpi * 2, unit: ratio}
""",
    )
    (problem,) = problems_of(tmp_path)
    assert "circle" in problem and "a_kpi" in problem and "b_kpi" in problem


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "kpis:\n  - id: x\n    name: [unclosed\n")
    (problem,) = problems_of(tmp_path)
    assert problem.startswith(f"{path}:")
    assert "[yaml]" in problem


def test_kind_fields_must_fit(tmp_path: Path) -> None:
    write(
        tmp_path,
        """kpis:
  - id: odd
    name: Odd
    kind: ratio
    expression: leads / sessions
    unit: percent
""",
    )
    (problem,) = problems_of(tmp_path)
    assert "a ratio KPI needs denominator, numerator" in problem


def test_load_catalog_raises_all_problems_at_once(tmp_path: Path) -> None:
    write(
        tmp_path,
        "kpis:\n  - {id: Bad Id, name: x, kind: simple, unit: count}\n"
        "  - {id: no_measure, name: y, kind: simple, unit: count}\n",
    )
    with pytest.raises(SpecError) as caught:
        load_catalog(tmp_path)
    messages = [p.message for p in caught.value.problems]
    assert len(messages) == 2
    assert "ids are lower-case letters, digits and underscores" in messages[0]
    assert "a simple KPI needs measure" in messages[1]


@pytest.mark.parametrize(
    "text",
    ["__import__('os').system('id')", "leads.real", "leads[0]", "lambda: 1", "leads if x else y"],
)
def test_expressions_never_run_python(text: str) -> None:
    with pytest.raises(ExpressionError):
        parse(text)
