"""The demo generator: deterministic, complete, canonical, chunked by month."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from demo_helpers import SMALL, TODAY, one, views
from pyarrow import csv as pa_csv

from kpibridge.demo import DemoData, DemoParams, generate
from kpibridge.demo.writer import ARROW_TYPES
from kpibridge.model.tables import TABLES


def _read(path: Path) -> pa.Table:
    return pa_csv.read_csv(path) if path.suffix == ".csv" else pq.read_table(path)


def test_same_seed_gives_identical_files(small: tuple[DemoData, Path], tmp_path: Path) -> None:
    data, _ = small
    again = generate(DemoParams(sessions=SMALL, seed=7, today=TODAY), tmp_path)
    assert again.rows == data.rows
    assert [p.name for p in again.files] == [p.name for p in data.files]
    for first, second in zip(data.files, again.files, strict=True):
        assert _read(first).equals(_read(second)), first.name


def test_another_seed_gives_other_data(small: tuple[DemoData, Path], tmp_path: Path) -> None:
    data, _ = small
    other = generate(DemoParams(sessions=SMALL, seed=8, today=TODAY), tmp_path)
    first = pq.read_table(data.files[1])
    assert not first.equals(pq.read_table(other.files[1]))


def test_every_canonical_table_is_written_and_not_empty(small: tuple[DemoData, Path]) -> None:
    data, _ = small
    assert set(data.rows) == set(TABLES)
    assert all(rows > 0 for rows in data.rows.values()), data.rows


def test_files_use_canonical_names_and_types(small: tuple[DemoData, Path]) -> None:
    data, _ = small
    for path in data.files:
        if path.suffix != ".parquet":
            continue
        table = path.name.split(".")[0].split("_20")[0]
        spec = TABLES[table]
        schema = pq.read_schema(path)
        assert set(spec.required) <= set(schema.names), path.name
        for name in schema.names:
            assert schema.field(name).type == ARROW_TYPES[spec.column(name).type], (path, name)


def test_sessions_are_chunked_by_local_month(small: tuple[DemoData, Path]) -> None:
    data, folder = small
    months = data.calendar.months()
    files = sorted(folder.glob("sessions_*.parquet"))
    assert [f.name for f in files] == [f"sessions_{m.label}.parquet" for m in months]
    con = views(folder)
    for path in files:
        label = path.name[len("sessions_") : -len(".parquet")]
        first, last = con.execute(
            f"SELECT min(strftime(started_at, '%Y-%m')), max(strftime(started_at, '%Y-%m')) "
            f"FROM read_parquet('{path}')"
        ).fetchone()
        assert first == last == label
    assert one(con, "SELECT count(*) FROM sessions") == data.rows["sessions"]


def test_size_is_close_to_the_requested_sessions(small: tuple[DemoData, Path]) -> None:
    data, _ = small
    assert abs(data.rows["sessions"] - SMALL) < 0.03 * SMALL


def test_two_years_up_to_yesterday(small: tuple[DemoData, Path]) -> None:
    data, folder = small
    cal = data.calendar
    assert cal.end == date(2025, 11, 22)
    assert (cal.end - cal.start).days > 2 * 365 + 30
    con = views(folder)
    assert str(one(con, "SELECT max(started_at)::DATE FROM sessions")) == "2025-11-22"
    assert str(one(con, "SELECT min(started_at)::DATE FROM sessions")) == str(cal.start)


@pytest.mark.parametrize("today", [date(2024, 3, 1), date(2026, 1, 1), date(2025, 7, 15)])
def test_any_build_day_gives_all_stories_inside_the_window(today: date, tmp_path: Path) -> None:
    data = generate(DemoParams(sessions=3_000, seed=1, today=today), tmp_path)
    cal = data.calendar
    assert cal.end == date.fromordinal(today.toordinal() - 1)
    starts = sorted(s.start for s in data.stories)
    assert all(cal.start < s.start <= s.end <= cal.end for s in data.stories)
    assert len(set(starts)) == 4
