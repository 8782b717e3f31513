"""Load files into canonical tables: validated first, then one atomic, idempotent write per file."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb

from kpibridge.config import WorkspaceConfig
from kpibridge.errors import IngestError, KpiBridgeError, Problem
from kpibridge.ingest import fx, validate
from kpibridge.ingest.columns import Plan, plan_columns
from kpibridge.ingest.log import last_loaded, write_record
from kpibridge.ingest.mapping import SourceMapping, header_pattern
from kpibridge.ingest.naming import SUFFIXES, file_kind, file_stem, load_order, stem_candidates
from kpibridge.ingest.parse import Parser, ident, lit
from kpibridge.ingest.problems import ProblemSet
from kpibridge.ingest.progress import Progress, ProgressCallback, quiet
from kpibridge.ingest.readers import RawFile, read_file
from kpibridge.ingest.sources import Source, SourceLibrary
from kpibridge.ingest.stage import ROW, Stage, build_stage, extend_stage
from kpibridge.model.tables import TABLES, TableSpec
from kpibridge.warehouse import Warehouse
from kpibridge.yaml_source import did_you_mean

STATUSES = ("loaded", "unchanged", "rejected")


@dataclass(frozen=True)
class LoadResult:
    """What one load did. `rows_read` counts data rows in the file; skipped rows were filtered
    out by the source mapping (or were empty); rejected rows broke a rule."""

    file: Path
    table: str
    sha256: str
    status: str  # "loaded", "unchanged" or "rejected"
    rows_read: int = 0
    rows_added: int = 0
    rows_replaced: int = 0
    rows_rejected: int = 0
    seconds: float = 0.0
    source: str | None = None
    rows_skipped: int = 0
    message: str = ""


class Loader:
    """Loads files into one warehouse, following a workspace's settings and source mappings."""

    def __init__(
        self, warehouse: Warehouse, config: WorkspaceConfig, sources_dir: Path | None = None
    ) -> None:
        self.warehouse = warehouse
        self.config = config
        self.sources = SourceLibrary(sources_dir)

    # -- which table, which mapping ----------------------------------------------------------

    def resolve(
        self, path: Path, table: str | None = None, source: str | None = None
    ) -> tuple[str, Source | None]:
        """The table a file loads into and the source mapping used (None: canonical columns).

        Without --source and --table: a workspace source named like the file, else the table
        the file is named after (`orders.csv`, `sessions_2024-01.csv`), else a workspace source
        named like the file's prefix.
        """
        display = str(path)
        if source is not None:
            found = self.sources.get(source)
            if table is not None and table != found.mapping.table:
                raise _error(
                    display,
                    "table",
                    f"source {found.name!r} loads into {found.mapping.table}, not {table}",
                )
            return found.mapping.table, found
        if table is not None:
            if table not in TABLES:
                hint = did_you_mean(table, TABLES)
                raise _error(display, "table", f"unknown table {table!r}{hint}")
            return table, None
        stem = file_stem(path)
        if self.sources.workspace_file(stem):
            named = self.sources.get(stem)
            return named.mapping.table, named
        for candidate in stem_candidates(stem):
            if candidate.lower() in TABLES:
                return candidate.lower(), None
            if self.sources.workspace_file(candidate):
                named = self.sources.get(candidate)
                return named.mapping.table, named
        hint = did_you_mean(stem, [*TABLES, *self.sources.names()])
        raise _error(
            display,
            "table",
            f"cannot tell which table {path.name} is for{hint}: name the file after a table "
            f"(e.g. orders.csv, sessions_2024-01.csv) or give --table or --source",
        )

    def order(
        self, paths: Iterable[Path], table: str | None = None, source: str | None = None
    ) -> list[Path]:
        """Files in load order: fx rates first, customers before orders and deals, and so on."""

        def key(item: tuple[int, Path]) -> tuple[int, int]:
            try:
                name = self.resolve(item[1], table, source)[0]
            except KpiBridgeError:
                return (-1, item[0])
            return (load_order(name), item[0])

        return [p for _, p in sorted(enumerate(Path(p) for p in paths), key=key)]

    # -- loading -----------------------------------------------------------------------------

    def load_many(
        self, paths: Iterable[Path], table: str | None = None, source: str | None = None
    ) -> list[LoadResult]:
        """Load each file on its own (in load order); raise one IngestError if any was rejected.

        The error's `results` holds the results of every file, loaded or not.
        """
        results: list[LoadResult] = []
        problems: list[Problem] = []
        failed = 0
        ordered = self.order(paths, table, source)
        for path in ordered:
            try:
                results.append(self.load(path, table, source))
            except KpiBridgeError as exc:
                failed += 1
                problems += getattr(exc, "problems", []) or [Problem(str(path), "load", str(exc))]
                result = getattr(exc, "result", None)
                if isinstance(result, LoadResult):
                    results.append(result)
        if failed:
            error = IngestError(f"{failed} of {len(ordered)} file(s) rejected", problems)
            error.results = results  # type: ignore[attr-defined]
            raise error
        return results

    def load(
        self,
        path: Path,
        table: str | None = None,
        source: str | None = None,
        progress: Callable[[int, int], None] | None = None,
        force: bool = False,
    ) -> LoadResult:
        """Load one file atomically; raise IngestError (warehouse unchanged) if it is rejected.

        Loading content already loaded into the same table from the same source is a no-op
        (status "unchanged") unless `force`. Rows whose natural key is already stored are
        replaced; the others are added.
        """
        started = time.perf_counter()
        path = Path(path)
        display = str(path)
        if self.warehouse.read_only:
            raise _error(display, "read-only", "the warehouse is open read-only; nothing loaded")
        if not path.is_file():
            raise _error(display, "file", "no such file")
        kind = file_kind(path)
        if kind is None:
            kinds = ", ".join(SUFFIXES)
            raise _error(display, "file", f"cannot read {path.suffix or 'this'} files; use {kinds}")
        table_name, found = self.resolve(path, table, source)
        source_name = found.name if found else None
        digest = _sha256(path)
        base = LoadResult(path, table_name, digest, "rejected", source=source_name)
        con = self.warehouse.raw
        if not force:
            previous = last_loaded(con, digest, table_name, source_name)
            if previous is not None:
                when = previous.loaded_at.astimezone(ZoneInfo(self.config.timezone))
                message = f"already loaded on {when:%Y-%m-%d %H:%M %Z} — nothing changed"
                self._record(base, "unchanged", message)
                return replace(base, status="unchanged", message=message, seconds=_since(started))
        run = _Run(self, path, display, kind, TABLES[table_name], found, progress)
        try:
            with quiet(con):
                result = run.execute(base)
        except IngestError as exc:
            rejected = replace(
                base,
                rows_read=run.rows_read,
                rows_rejected=run.rows_rejected,
                seconds=_since(started),
                message=getattr(exc, "summary", str(exc)),
            )
            self._record_quietly(rejected, run.log_message or rejected.message)
            exc.result = rejected  # type: ignore[attr-defined]
            raise
        except (duckdb.Error, OSError, ValueError, RuntimeError) as exc:
            rejected = replace(base, rows_read=run.rows_read, seconds=_since(started))
            message = f"load failed: {type(exc).__name__}"
            self._record_quietly(rejected, message)
            error = IngestError(
                f"{display} was not loaded into {table_name}: the load failed, nothing changed",
                [Problem(display, "load-failed", _first_line(exc))],
            )
            error.result = replace(rejected, message=message)  # type: ignore[attr-defined]
            raise error from exc
        finally:
            run.cleanup()
        return replace(result, seconds=_since(started))

    def _record_quietly(self, result: LoadResult, message: str) -> None:
        """Log a rejected load; a failure to log must not hide why the load failed."""
        with contextlib.suppress(duckdb.Error):
            self._record(result, "rejected", message)

    def _record(self, result: LoadResult, status: str, message: str) -> None:
        write_record(
            self.warehouse.raw,
            file=str(result.file.resolve()),
            sha256=result.sha256,
            table=result.table,
            source=result.source,
            rows_read=result.rows_read,
            rows_added=result.rows_added,
            rows_replaced=result.rows_replaced,
            rows_rejected=result.rows_rejected,
            status=status,
            message=message,
        )

    # -- the write (separate methods so a failure at any step can be simulated) ---------------

    def _delete_replaced(self, spec: TableSpec, stage: Stage, rows: str) -> int:
        """Delete stored rows whose natural key (NULLs equal) is among `rows`; return how many."""
        con = self.warehouse.raw
        if not con.execute(f"SELECT EXISTS (SELECT 1 FROM {ident(spec.name)})").fetchone()[0]:  # type: ignore[index]
            return 0
        tests = [
            f"t.{ident(k)} IS NOT DISTINCT FROM s.{ident(k)}"
            if k in stage.columns
            else f"t.{ident(k)} IS NULL"
            for k in spec.key
        ]
        deleted = con.execute(
            f"DELETE FROM {ident(spec.name)} t WHERE EXISTS "
            f'(SELECT 1 FROM "{rows}" s WHERE {" AND ".join(tests)})'
        ).fetchone()
        return int(deleted[0]) if deleted else 0

    def _insert_rows(
        self, spec: TableSpec, stage: Stage, rows: str, converted: bool, progress: Progress
    ) -> int:
        """Insert the staged rows into the table; return how many."""
        select = fx.stored_select(stage, converted)
        inserted = progress.run(
            f'INSERT INTO {ident(spec.name)} SELECT {select} FROM "{rows}"', span=(0.9, 1.0)
        ).fetchone()
        return int(inserted[0]) if inserted else 0


class _Run:
    """The state of one load while it runs (temporary tables, counts, problems)."""

    def __init__(
        self,
        loader: Loader,
        path: Path,
        display: str,
        kind: str,
        spec: TableSpec,
        source: Source | None,
        callback: ProgressCallback | None,
    ) -> None:
        self.loader = loader
        self.con = loader.warehouse.raw
        self.config = loader.config
        self.path = path
        self.display = display
        self.kind = kind
        self.spec = spec
        self.source = source
        self.mapping = source.mapping if source else SourceMapping(table=spec.name)
        self.progress = Progress(self.con, callback, path.stat().st_size)
        self.prefix = f"kb_{uuid.uuid4().hex[:10]}"
        self.tables: list[str] = []
        self.temp_files: list[Path] = []
        self.rows_read = 0
        self.rows_rejected = 0
        self.log_message = ""
        self._bad_conditions: list[str] = []

    def temp(self, name: str) -> str:
        table = f"{self.prefix}_{name}"
        self.tables.append(table)
        return table

    def execute(self, base: LoadResult) -> LoadResult:
        problems = ProblemSet()
        raw = read_file(
            self.con,
            self.path,
            self.kind,
            self.mapping.format,
            self._known(),
            self.temp("raw"),
            self.progress,
            self.display,
        )
        self.temp_files = raw.temp_files
        self.rows_read = raw.rows + raw.malformed
        problems.kept += raw.problems.kept
        problems.counts.update(raw.problems.counts)
        mapping_file = str(self.source.path) if self.source else None
        plan, found = plan_columns(
            raw.headers,
            self.spec,
            self.mapping,
            self.display,
            raw.header_line,
            mapping_file,
            self.config.currency,
        )
        for problem in found:
            problems.add(problem)
        stage = self._stage(raw, plan, problems)
        rows = extend_stage(self.con, stage, self.temp("rows"), self._id_prefix())
        rejected = validate.duplicate_keys(
            self.con, stage, rows, self.display, raw.line_map, problems
        )
        bad_rows = [q for q in [rejected] if q]
        rated = fx.with_rates(
            self.con,
            stage,
            rows,
            self.temp("rated"),
            self.config.currency,
            self.config.timezone,
            self.config.fx_max_age_days,
        )
        if rated is not None:
            missing = fx.missing_rates(
                self.con,
                stage,
                rated,
                self.config.currency,
                self.config.fx_max_age_days,
                self.display,
                raw.line_map,
                problems,
            )
            bad_rows += [missing] if missing else []
        self.progress.report(0.9)
        if problems:
            self.rows_rejected = self._count_rejected(stage, bad_rows)
            self.log_message = problems.summary()
            raise problems.error(
                f"{self.display} was not loaded into {self.spec.name} "
                f"({problems.total} problem(s); nothing changed):"
            )
        return self._write(base, raw, stage, rated or rows, converted=rated is not None)

    def _stage(self, raw: RawFile, plan: Plan, problems: ProblemSet) -> Stage:
        timezone = self.mapping.timezone or self.config.timezone
        self.con.execute(f"SET TimeZone = {lit(timezone)}")
        try:
            self._check_constants(raw, plan, problems)
            stage = build_stage(self.con, raw, plan, self.temp("stage"), self.progress)
        finally:
            self.con.execute(f"SET TimeZone = {lit(self.config.timezone)}")
        self.con.execute(f'DROP TABLE IF EXISTS "{raw.table}"')
        checks = validate.row_checks(stage, self.config.timezone, self._today())
        self._bad_conditions = validate.run_checks(
            self.con, stage.table, checks, self.display, raw.line_map, problems
        )
        return stage

    def _check_constants(self, raw: RawFile, plan: Plan, problems: ProblemSet) -> None:
        parser = Parser(plan, raw.types)
        where = str(self.source.path) if self.source else self.display
        for name, field in plan.fields.items():
            if field.constant is None:
                continue
            column = field.column
            value = self.con.execute(
                f"SELECT {parser.parse(lit(field.constant), column.type)}"
            ).fetchone()
            bad = value is None or value[0] is None
            if column.choices and field.constant not in column.choices:
                bad = True
            if bad:
                problems.add(
                    Problem(
                        where,
                        "type",
                        f"is not a valid value for {self.spec.name}.{name}",
                        None,
                        f"constants.{name}" if name in self.mapping.constants else name,
                        field.constant,
                    )
                )

    def _count_rejected(self, stage: Stage, extra: list[str]) -> int:
        parts = []
        if self._bad_conditions:
            conditions = " OR ".join(f"({c})" for c in self._bad_conditions)
            parts.append(f'SELECT {ROW} FROM "{stage.table}" WHERE {conditions}')
        parts += extra
        if not parts:
            return 0
        union = " UNION ".join(parts)
        counted = self.con.execute(f"SELECT count(DISTINCT {ROW}) FROM ({union})").fetchone()
        return int(counted[0]) if counted else 0

    def _write(
        self, base: LoadResult, raw: RawFile, stage: Stage, rows: str, converted: bool
    ) -> LoadResult:
        loader = self.loader
        self.con.execute("BEGIN TRANSACTION")
        try:
            replaced = loader._delete_replaced(self.spec, stage, rows)
            inserted = loader._insert_rows(self.spec, stage, rows, converted, self.progress)
            result = replace(
                base,
                status="loaded",
                rows_read=self.rows_read,
                rows_added=inserted - replaced,
                rows_replaced=replaced,
                rows_skipped=raw.rows - stage.rows,
                message=f"{inserted} row(s) written",
            )
            loader._record(result, "loaded", result.message)
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.progress.report(1.0)
        return result

    def _known(self) -> Callable[[str], bool]:
        """Whether a header cell is a column name this load knows (to find the header line)."""
        mapping = self.mapping
        names = {c.casefold() for c in self.spec.column_names}
        patterns = []
        for source in mapping.columns:
            pattern = header_pattern(source)
            if pattern is None:
                names.add(source.casefold())
            else:
                patterns.append(pattern)
        names |= {c.casefold() for c in (*mapping.keep_rows, *mapping.drop_rows)}
        names |= {c.casefold() for c in mapping.ignore if not any(ch in c for ch in "*?[")}
        if mapping.refunds:
            names.add(mapping.refunds.column.casefold())
        if mapping.expand:
            names.add(mapping.expand.count.casefold())
        return lambda cell: cell.casefold() in names or any(p.fullmatch(cell) for p in patterns)

    def _id_prefix(self) -> str:
        return self.source.name if self.source else self.spec.name

    def _today(self) -> dt.date:
        return dt.datetime.now(ZoneInfo(self.config.timezone)).date()

    def cleanup(self) -> None:
        for table in reversed(self.tables):
            with contextlib.suppress(duckdb.Error):
                self.con.execute(f'DROP TABLE IF EXISTS "{table}"')
        for file in self.temp_files:
            file.unlink(missing_ok=True)


def _error(display: str, rule: str, message: str) -> IngestError:
    return IngestError(f"{display}: {message}", [Problem(display, rule, message)])


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _since(started: float) -> float:
    return round(time.perf_counter() - started, 3)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
