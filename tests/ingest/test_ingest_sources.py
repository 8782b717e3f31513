"""Source mappings: YAML problems with file:line and did-you-mean, and what mappings can do."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from ingest_world import World, only

from kpibridge.errors import SpecError
from kpibridge.ingest import check_sources


def _problems(world: World, name: str) -> list[tuple[int | None, str | None, str, str]]:
    with pytest.raises(SpecError) as caught:
        world.loader.sources.get(name)
    return [(p.line, p.column, p.rule, p.message) for p in caught.value.problems]


def test_every_yaml_problem_at_once_with_line_and_suggestion(world: World) -> None:
    path = world.source(
        "crm",
        "table: deals\n"
        "columns:\n"
        "  Deal: deal_id\n"
        "  Stage: stauts\n"
        "constants:\n"
        "  chanel: email\n"
        "formt:\n"
        "  decimal: ','\n"
        "format:\n"
        "  decimal: ';'\n"
        "  encoding: klingon\n"
        "currency: euro\n",
    )
    problems = _problems(world, "crm")
    assert problems == [
        (
            4,
            "columns.Stage",
            "unknown-column",
            "deals has no column 'stauts' (did you mean 'status'?)",
        ),
        (6, "constants.chanel", "unknown-column", "deals has no column 'chanel'"),
        (7, "formt", "schema", "unknown key 'formt' (did you mean 'format'?)"),
        (10, "format.decimal", "schema", "Input should be '.' or ','"),
        (
            11,
            "format.encoding",
            "schema",
            "unknown encoding 'klingon' (e.g. utf-8, cp1252, latin-1)",
        ),
        (12, "currency", "schema", "currency must be a three-letter ISO 4217 code, not 'euro'"),
    ]
    with pytest.raises(SpecError) as caught:
        world.loader.sources.get("crm")
    assert f"{path}:4, column 'columns.Stage'" in str(caught.value)


def test_unknown_table_and_syntax_errors(world: World) -> None:
    world.source("ads", "table: spnd\n")
    assert _problems(world, "ads") == [
        (1, "table", "unknown-table", "unknown table 'spnd' (did you mean 'spend'?)")
    ]
    world.source("broken", "table: spend\ncolumns:\n  Day: [date\n")
    ((line, _, rule, message),) = _problems(world, "broken")
    assert (line, rule) == (4, "yaml")
    assert message.startswith("not valid YAML")


def test_check_sources_reports_all_files(world: World) -> None:
    world.source("a", "table: spnd\n")
    world.source("b", "table: spend\nignore: 5\n")
    world.source("c", "table: spend\n")
    problems = check_sources(world.path / "sources")
    assert [(p.file.rsplit("/", 1)[-1], p.line, p.rule) for p in problems] == [
        ("a.yaml", 1, "unknown-table"),
        ("b.yaml", 2, "schema"),
    ]


def test_an_unknown_source_suggests_the_closest(world: World) -> None:
    path = world.file("x.csv", "a\n1\n")
    with pytest.raises(SpecError) as caught:
        world.load(path, source="google_adds")
    assert "did you mean 'google_ads'?" in str(caught.value)


def test_value_maps_defaults_globs_and_empty_values(world: World) -> None:
    world.source(
        "crm",
        "table: deals\n"
        "columns: {Id: deal_id, Created: created_at, Stage: status}\n"
        "values:\n"
        "  status:\n"
        "    Closed Won: won\n"
        "    'closed lost*': lost\n"
        "    '': open\n"
        "    '*': open\n",
    )
    path = world.file(
        "crm.csv",
        "Id,Created,Stage\n1,2025-01-01,closed won\n2,2025-01-01,Closed Lost (price)\n"
        "3,2025-01-01,Demo\n4,2025-01-01,\n",
    )
    world.load(path)
    assert world.sql("SELECT deal_id, status FROM deals ORDER BY 1") == [
        ("1", "won"),
        ("2", "lost"),
        ("3", "open"),
        ("4", "open"),
    ]


def test_a_mapped_value_that_breaks_a_rule_reports_the_files_own_value(world: World) -> None:
    world.source(
        "crm",
        "table: deals\ncolumns: {Id: deal_id, Created: created_at, Stage: status}\n"
        "values:\n  status:\n    Won it: wonn\n",
    )
    path = world.file("crm.csv", "Id,Created,Stage\n1,2025-01-01,Won it\n")
    problem = only(world.rejected(path), "choices")
    assert (problem.line, problem.column, problem.value) == (2, "Stage", "Won it")


def test_keep_and_drop_rows(world: World) -> None:
    world.source(
        "pay",
        "table: orders\n"
        "columns: {Ref: order_id, Who: customer_id, When: ordered_at, Sum: amount}\n"
        "keep_rows:\n  State: [paid, 'refund*']\n"
        "drop_rows:\n  Ref: ['TEST-*']\n  Missing column: [x]\n",
    )
    path = world.file(
        "pay.csv",
        "Ref,Who,When,Sum,State\nA,c,2025-01-01,1,Paid\nB,c,2025-01-01,2,failed\n"
        "C,c,2025-01-01,3,refunded\nTEST-1,c,2025-01-01,4,paid\nD,c,2025-01-01,5,\n",
    )
    result = world.load(path)
    assert (result.rows_read, result.rows_added, result.rows_skipped) == (5, 2, 3)
    assert world.sql("SELECT order_id FROM orders ORDER BY 1") == [("A",), ("C",)]


def test_a_keep_rows_column_must_exist(world: World) -> None:
    world.source("pay", "table: customers\nkeep_rows:\n  State: [paid]\n")
    path = world.file("pay.csv", "customer_id,acquired_at,channel\nc,2025-01-01,x\n")
    problem = only(world.rejected(path), "missing-column")
    assert (problem.line, problem.column) == (1, "State")


def test_constants_alternatives_ignore_null_values_and_first_item(world: World) -> None:
    world.source(
        "ads",
        "table: spend\n"
        "columns:\n  Day: date\n  Date: date\n  Campaign: campaign\n  Spend: cost\n"
        "  Clicks: clicks\n  Labels: category\n"
        "constants:\n  channel: affiliate\n  campaign: (none)\n"
        "first_item:\n  category: '|'\n"
        "ignore: ['Internal *', Notes]\n"
        "format:\n  null_values: ['--', n/a]\n",
    )
    path = world.file(
        "ads.csv",
        "Day,Date,Campaign,Spend,Clicks,Labels,Internal id,Notes\n"
        ",2025-01-01,Spring,1.5,--,media | q1,7,x\n"
        "2025-01-02,,,2,N/A,,8,y\n",
    )
    world.load(path)
    assert world.sql(
        "SELECT date::VARCHAR, channel, campaign, cost, clicks, category FROM spend ORDER BY 1"
    ) == [
        ("2025-01-01", "affiliate", "Spring", Decimal("1.50"), None, "media"),
        ("2025-01-02", "affiliate", "(none)", Decimal("2.00"), None, None),
    ]


def test_a_constant_that_does_not_fit_its_column(world: World) -> None:
    source = world.source("ads", "table: spend\nconstants:\n  channel: x\n  date: soon\n")
    path = world.file("ads.csv", "cost\n1\n")
    problem = only(world.rejected(path), "type")
    assert (problem.file, problem.column, problem.value) == (str(source), "constants.date", "soon")
    assert problem.message == "is not a valid value for spend.date"


def test_only_when_keeps_a_value_only_for_some_rows(world: World) -> None:
    world.source(
        "crm",
        "table: deals\nonly_when:\n  closed_at:\n    status: [won, lost]\n",
    )
    path = world.file(
        "crm.csv",
        "deal_id,created_at,status,closed_at\nd1,2025-01-01,won,2025-02-01\n"
        "d2,2025-01-01,open,2099-12-31\n",
    )
    world.load(path)
    assert world.sql("SELECT deal_id, closed_at IS NULL FROM deals ORDER BY 1") == [
        ("d1", False),
        ("d2", True),
    ]


def test_two_columns_for_one_canonical_column(world: World) -> None:
    path = world.file("spend.csv", "date,channel,cost,Cost\n2025-01-01,a,1,2\n")
    problem = only(world.rejected(path), "duplicate-column")
    assert problem.column == "Cost"


def test_dates_in_the_source_format(world: World) -> None:
    world.source("us", "table: customers\nformat:\n  date_format: '%m/%d/%Y'\n")
    path = world.file(
        "us.csv", "customer_id,acquired_at,channel,churned_at\nc1,01/31/2025,x,02/03/2025\n"
    )
    world.load(path)
    assert world.sql(
        f"SELECT {world.utc('acquired_at')}, CAST(timezone('UTC', churned_at) AS DATE) "
        "FROM customers"
    ) == [("2025-01-31 00:00:00", dt.date(2025, 2, 3))]
    bad = world.file("us.csv", "customer_id,acquired_at,channel\nc1,31/01/2025,x\n")
    problem = only(world.rejected(bad, force=True), "type")
    assert (
        problem.message
        == "is not a timestamp (expected MM/DD/YYYY or YYYY-MM-DD HH:MM[:SS][±HH:MM])"
    )
