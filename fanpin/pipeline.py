"""A household file scored into an output file, on either engine: one road for both.

>>> import tempfile
>>> from datetime import date
>>> from fanpin import Engine, load_rulebook
>>> folder = Path(tempfile.mkdtemp())
>>> summary = score_path(Engine(load_rulebook()), "examples/data/households.csv", folder / "scored.csv",
...     as_of=date(2025, 6, 30), region="532328", errors=folder / "rejected.csv")
>>> summary.scored, summary.rejected
(314, 6)

What every run gets, whichever engine scores it:

- **Input guards.** The header is found and checked for the required columns (:mod:`fanpin.io.readers`);
  the file is read in chunks of text cells (:mod:`fanpin.io.chunks`), so memory is bounded by the
  chunk, never by the file. A row with a filled cell beyond the header is refused, not cut.
- **Nothing lost.** Every data row is scored or written to the errors file with its line, column,
  masked value and reason. A 户编号 seen in an earlier valid row is refused as a duplicate, across
  chunks too.
- **Nothing overwritten.** ``--out`` or ``--errors`` naming the input file is refused before anything
  is written. Output goes to ``NAME.part`` and is renamed when the run is complete, so a failed run
  leaves no half-written file under the real name.
- **The same bytes.** Both engines fill the same columns (:mod:`fanpin.results.columns`) and write
  through the same sinks (:mod:`fanpin.io.sinks`): CSV, Parquet, .xlsx or JSON Lines.
- A progress bar on a terminal; a :class:`ScoreSummary` for the exit code.

The engine is plugged in as a :class:`ChunkScorer`: the batch engine validates and scores whole chunks
as polars expressions; the durable engine validates each row with the household model and evaluates
it through durable-rules. The next chunk is read on a thread while one is scored, and the previous one
is written on another.
"""

from __future__ import annotations

import errno
import tempfile
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Protocol

import polars as pl

from fanpin.batch import BatchEngine
from fanpin.batch.validate import household_key, kept_column, validate
from fanpin.durable import Engine
from fanpin.errors import Location, OutputError
from fanpin.io.chunks import EXTRA_CELLS, polars_csv, raw_chunks, utf8_copy
from fanpin.io.export import ExportFile, ExportHousehold, is_export_file, read_export
from fanpin.io.progress import Progress, count_records
from fanpin.io.readers import HouseholdFile, ReadRow, RejectedRow, open_rows, read_row
from fanpin.io.records import ScoredRow, csv_record, json_line, json_record
from fanpin.io.sinks import Format, RejectedSink, TableSink, table_sink
from fanpin.model.columns import ALIASES, DUPLICATE_ID
from fanpin.model.facts import encode_all, household_facts
from fanpin.model.household import Household
from fanpin.model.parameters import Coverage
from fanpin.results.classify import BAND_PARAMETERS
from fanpin.results.columns import OUTPUT_COLUMNS, REJECTED_COLUMNS
from fanpin.results.plan import build_plan, has_labour
from fanpin.results.sentences import Lang

__all__ = [
    "CHUNK_ROWS",
    "ChunkScorer",
    "ScoreSummary",
    "ScoredChunks",
    "Valid",
    "chunk_scorer",
    "score_household",
    "score_path",
]

CHUNK_ROWS = 75_000


@dataclass
class ScoreSummary:
    """What a run did: the file read (a household table or a person-level export), the households scored,
    the errors-file entries written, the chunks, and notes for the user."""

    info: HouseholdFile | ExportFile
    scored: int = 0
    rejected: int = 0
    chunks: int = 0
    notes: list[str] = field(default_factory=list)
    #: Parameters some households lack (their rules not evaluable) or take from the national value.
    parameter_notes: list[str] = field(default_factory=list)


# ---- the engines, as chunk scorers ---------------------------------------------------------------


@dataclass(frozen=True)
class Valid:
    """A chunk's rows that passed validation. ``frame`` has ``household_id`` (as the model reads it),
    ``region_code``, ``__line`` and the kept input columns (personal ones masked); the batch engine's frame holds the
    encoded facts too, the durable engine's an ``__index`` into ``households``."""

    frame: pl.DataFrame
    households: Sequence[Household] = ()


class ChunkScorer(Protocol):
    """An engine as the pipeline uses it: validate a chunk of text cells, then score its valid rows."""

    def validate(self, raw: pl.DataFrame, *, region: str | None, keep: Sequence[str]) -> tuple[Valid, pl.DataFrame]:
        """(valid rows, refused rows with the columns of ``REJECTED_COLUMNS``)."""
        ...

    def households(self, households: Sequence[Household], lines: Sequence[int]) -> Valid:
        """Households already validated (read from a person-level export), as valid rows."""
        ...

    def score(
        self, valid: Valid, *, as_of: date, region: str | None, lang: Lang, json: bool, keep: Sequence[str]
    ) -> pl.DataFrame:
        """The scored rows as text: ``OUTPUT_COLUMNS`` then ``keep``, or one column ``json``."""
        ...


class _BatchScorer:
    """Whole chunks as polars expressions (:class:`fanpin.batch.BatchEngine`)."""

    def __init__(self, engine: BatchEngine) -> None:
        self.engine = engine

    def validate(self, raw: pl.DataFrame, *, region: str | None, keep: Sequence[str]) -> tuple[Valid, pl.DataFrame]:
        valid, refused = validate(raw, region=region, keep=keep)
        return Valid(valid), refused

    def households(self, households: Sequence[Household], lines: Sequence[int]) -> Valid:
        facts: list[dict[str, object]] = [
            {**encode_all(household_facts(h)), "household_id": h.household_id, "region_code": h.region_code}
            for h in households
        ]
        frame = pl.DataFrame(facts, infer_schema_length=None).with_columns(pl.Series("__line", lines, dtype=pl.Int64))
        return Valid(frame)

    def score(
        self, valid: Valid, *, as_of: date, region: str | None, lang: Lang, json: bool, keep: Sequence[str]
    ) -> pl.DataFrame:
        run = self.engine.score_json if json else self.engine.score
        return run(valid.frame, as_of=as_of, region=region, lang=lang, keep=keep)


class _DurableScorer:
    """One household at a time: the household model, then durable-rules (:class:`fanpin.Engine`)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def validate(self, raw: pl.DataFrame, *, region: str | None, keep: Sequence[str]) -> tuple[Valid, pl.DataFrame]:
        header = [c for c in raw.columns if not c.startswith("__")]
        field_of = {h: ALIASES[h] for h in header if h in ALIASES}
        households: list[Household] = []
        positions: list[int] = []
        refused: list[tuple[int, str, str, str, str]] = []
        for position, row in enumerate(raw.select(*header, "__line").iter_rows()):
            line = row[-1]
            read = read_row(dict(zip(header, row, strict=False)), line, field_of, (), region)
            if isinstance(read, ReadRow):
                positions.append(position)
                households.append(read.household)
            elif read is not None:
                refused += [(r.line, r.household_id, r.column, r.value, r.reason) for r in read]
        frame = raw[positions].select(
            pl.Series("household_id", [h.household_id for h in households], dtype=pl.String),
            pl.Series("region_code", [h.region_code for h in households], dtype=pl.String),
            pl.col("__line").cast(pl.Int64),
            pl.int_range(pl.len(), dtype=pl.Int64).alias("__index"),
            *[kept_column(h) for h in keep],
        )
        rejected = pl.DataFrame(refused, schema=_REJECTED_SCHEMA, orient="row")
        return Valid(frame, households), rejected

    def households(self, households: Sequence[Household], lines: Sequence[int]) -> Valid:
        frame = pl.DataFrame(
            {
                "household_id": [h.household_id for h in households],
                "region_code": [h.region_code for h in households],
                "__line": lines,
                "__index": range(len(lines)),
            },
            schema={"household_id": pl.String, "region_code": pl.String, "__line": pl.Int64, "__index": pl.Int64},
        )
        return Valid(frame, households)

    def score(
        self, valid: Valid, *, as_of: date, region: str | None, lang: Lang, json: bool, keep: Sequence[str]
    ) -> pl.DataFrame:
        columns = ["json"] if json else [*OUTPUT_COLUMNS, *keep]
        rows: list[list[str]] = []
        for index, *kept in valid.frame.select("__index", *keep).iter_rows():
            scored = score_household(self.engine, valid.households[index], as_of=as_of, region=region)
            row = ScoredRow(scored.assessment, scored.plan, dict(zip(keep, kept, strict=True)))
            if json:
                rows.append([json_line(json_record(row, lang))])
            else:
                record = csv_record(row, lang)
                rows.append([record[c] for c in columns])
        return pl.DataFrame(rows, schema=dict.fromkeys(columns, pl.String), orient="row")


_REJECTED_SCHEMA = {"line": pl.Int64} | dict.fromkeys(REJECTED_COLUMNS[1:], pl.String)


def chunk_scorer(engine: Engine | BatchEngine) -> ChunkScorer:
    """The pipeline's view of an engine."""
    return _BatchScorer(engine) if isinstance(engine, BatchEngine) else _DurableScorer(engine)


def score_household(engine: Engine, household: Household, *, as_of: date, region: str | None = None) -> ScoredRow:
    """One household on the durable engine: its assessment and its 一户一策 plan."""
    assessment = engine.evaluate(household, as_of=as_of, region=region)
    plan = build_plan(assessment, engine.rulebook.measures, has_labour=has_labour(household))
    return ScoredRow(assessment, plan, {})


# ---- the run ------------------------------------------------------------------------------------


def score_path(
    engine: Engine | BatchEngine,
    path: str | Path,
    out: str | Path,
    *,
    as_of: date,
    region: str | None = None,
    lang: Lang = "zh",
    fmt: Format = "csv",
    errors: str | Path | None = None,
    chunk_rows: int = CHUNK_ROWS,
    progress: IO[str] | None = None,
    strict_parameters: bool = False,
) -> ScoreSummary:
    """Score a household file into ``out`` (and its refused rows into ``errors``), chunk by chunk.

    ``engine`` is either engine; the run is the same (see the module's docstring). Raises
    :class:`~fanpin.OutputError` before writing anything when an output would replace the input or
    the two outputs are one file. A parameter with no value for a household's region makes the rules
    that read it not evaluable there (:attr:`ScoreSummary.parameter_notes` says which, for how many
    households); with ``strict_parameters`` it raises :class:`~fanpin.ParameterLookupError` instead.
    """
    path, out = Path(path), Path(out)
    errors_path = Path(errors) if errors else out.with_name(f"{path.stem}.rejected.csv")
    _refuse_overwrite(path, out, errors_path)
    part, errors_part = _part(out), _part(errors_path)
    run = _Run(engine, path, part, errors_part, as_of, region, lang, fmt, chunk_rows, progress, strict_parameters)
    try:
        for target in (out, errors_path):
            target.parent.mkdir(parents=True, exist_ok=True)
        try:
            summary = run.once(exact=False)
        except _TooWideError:
            # A row holds more than EXTRA_CELLS cells beyond the header: read the file row by row
            # instead, so that the row is refused with its line number rather than lost.
            summary = run.once(exact=True)
            summary.notes.append(f"a row holds more than {EXTRA_CELLS} cells beyond the header: read row by row")
        for written, target in ((part, out), (errors_part, errors_path)):
            if written != target:
                written.replace(target)
    except BaseException as exc:
        for written, target in ((part, out), (errors_part, errors_path)):
            if written != target:
                written.unlink(missing_ok=True)
        if isinstance(exc, OSError) and _names_one_of(exc, (part, out, errors_part, errors_path)):
            raise OutputError(
                f"cannot write the output: {exc.strerror or exc}",
                fix="choose an --out / --errors path in a folder you can write to, with room on its disk",
                location=Location(str(exc.filename or out)),
            ) from exc
        raise
    return summary


def _part(target: Path) -> Path:
    """Where a run writes ``target`` until it is complete: ``NAME.part`` beside it, renamed at the end,
    so that only a regular file is ever replaced. A device or a pipe (``/dev/null``, a FIFO) is written
    to directly; a folder is refused."""
    if target.is_dir():
        raise OutputError(
            "the output path is a folder", fix="name a file in it, e.g. --out FOLDER/scored.csv",
            location=Location(str(target)),
        )  # fmt: skip
    if target.exists() and not target.is_file():
        return target
    return target.with_name(target.name + ".part")


def _names_one_of(exc: OSError, paths: Sequence[Path]) -> bool:
    """Whether an operating-system error is about one of ``paths`` (or their folders)."""
    if exc.filename is None:
        return exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS)
    named = Path(str(exc.filename))
    return any(named == p or named in p.parents for p in paths)


def _refuse_overwrite(path: Path, out: Path, errors: Path) -> None:
    for target in (out, errors):
        if target.exists() and path.exists() and target.samefile(path):
            raise OutputError(
                "the output would overwrite the input file",
                fix="choose another --out / --errors path",
                location=Location(str(target)),
            )
    if out.resolve() == errors.resolve():
        raise OutputError(
            "the scored rows and the rejected rows would go to the same file",
            fix="give --out and --errors different paths",
            location=Location(str(out)),
        )


class _TooWideError(Exception):
    """polars met a row with more cells than it was told to read: retry row by row."""


@dataclass(frozen=True)
class _Run:
    """One pass over the input, written to the ``.part`` files."""

    engine: Engine | BatchEngine
    path: Path
    part: Path
    errors_part: Path
    as_of: date
    region: str | None
    lang: Lang
    fmt: Format
    chunk_rows: int
    progress: IO[str] | None
    strict_parameters: bool

    def once(self, *, exact: bool) -> ScoreSummary:
        chunks = ScoredChunks(
            self.engine, self.path, as_of=self.as_of, region=self.region, lang=self.lang, json=self.fmt == "jsonl",
            exact=exact, strict_parameters=self.strict_parameters,
        )  # fmt: skip
        sink = table_sink(self.fmt, self.part, chunks.columns)
        rejected = RejectedSink(self.errors_part)
        tty = self.progress is not None and self.progress.isatty()
        bar = Progress(self.progress, count_records(self.path)) if self.progress is not None and tty else None
        # One writer thread: chunk k is written while chunk k+1 is scored (polars releases the GIL).
        # At most one write waits, so at most two chunks are in memory, and chunks are written in order.
        writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fanpin-writer")
        pending: Future[None] | None = None
        try:
            for scored, refused, read in chunks.run(self.chunk_rows):
                if pending is not None:
                    pending.result()
                pending = writer.submit(_write_chunk, sink, rejected, scored, refused)
                if bar is not None:
                    bar.update(read)
            if pending is not None:
                pending.result()
        except pl.exceptions.ComputeError as exc:
            if exact or "more fields than defined" not in str(exc):
                raise
            raise _TooWideError from exc
        finally:
            writer.shutdown(wait=True)
            sink.close()
            rejected.close()
            if bar is not None:
                bar.finish()
        return chunks.summary


def _ahead(chunks: Iterator[pl.DataFrame]) -> Iterator[pl.DataFrame]:
    """``chunks``, with the next one read on a thread while the current one is scored (one ahead at most)."""
    reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fanpin-reader")
    try:
        upcoming = reader.submit(next, chunks, None)
        while (chunk := upcoming.result()) is not None:
            upcoming = reader.submit(next, chunks, None)
            yield chunk
    finally:
        reader.shutdown(wait=True, cancel_futures=True)


def _write_chunk(sink: TableSink, rejected: RejectedSink, scored: pl.DataFrame, refused: pl.DataFrame) -> None:
    sink.write(scored)
    rejected.write(refused)


class ScoredChunks:
    """A household file scored chunk by chunk: ``(scored, refused, rows read)`` per chunk, in file order.

    ``columns`` are the scored table's columns (or ``["json"]``); :attr:`summary` counts as it goes.
    """

    def __init__(
        self,
        engine: Engine | BatchEngine,
        path: str | Path,
        *,
        as_of: date,
        region: str | None = None,
        lang: Lang = "zh",
        json: bool = False,
        exact: bool = False,
        strict_parameters: bool = False,
    ) -> None:
        self.scorer = chunk_scorer(engine)
        book = engine.rulebook
        self.coverage = Coverage(
            book.parameters, book.params_needed() | set(BAND_PARAMETERS), as_of, strict=strict_parameters
        )
        self.as_of, self.region, self.lang, self.json, self.exact = as_of, region, lang, json, exact
        self.export: tuple[ExportFile, Iterator[ExportHousehold | RejectedRow]] | None = None
        if is_export_file(path):
            self.export = read_export(path, region=region)
            self.summary = ScoreSummary(self.export[0])
            self.keep: list[str] = []
        else:
            self.info, self._rows = open_rows(Path(path), region=region)
            self.summary = ScoreSummary(self.info)
            self.keep = [c for c in dict.fromkeys(self.info.passthrough) if c not in OUTPUT_COLUMNS]
            self.id_header = next(h for h, f in self.info.field_of.items() if f == "household_id")
        self.columns = ["json"] if json else [*OUTPUT_COLUMNS, *self.keep]

    def run(self, chunk_rows: int = CHUNK_ROWS) -> Iterator[tuple[pl.DataFrame, pl.DataFrame, int]]:
        if self.export is not None:
            yield from self._run_export(self.export[1], chunk_rows)
            return
        typed = [pl.col("line").cast(pl.Int64), *(pl.col(c).cast(pl.String) for c in REJECTED_COLUMNS[1:])]
        with tempfile.TemporaryDirectory(prefix="fanpin-") as scratch:
            folder = Path(scratch)
            candidates = _duplicate_candidates(self.info, folder, self.exact)
            seen: set[str] = set()
            for raw in _ahead(raw_chunks(self.info, self._rows, chunk_rows, folder, exact=self.exact)):
                self.summary.chunks += 1
                refused = [
                    raw.filter(pl.col("__ragged").is_not_null()).select(
                        pl.col("__line").alias("line"),
                        pl.col(self.id_header).cast(pl.String).fill_null("").str.strip_chars().alias("household_id"),
                        pl.lit("").alias("column"),
                        pl.lit("").alias("value"),
                        pl.col("__ragged").alias("reason"),
                    )
                ]
                shaped = raw.filter(pl.col("__ragged").is_null()).drop("__ragged")
                valid, invalid = self.scorer.validate(shaped, region=self.region, keep=self.keep)
                valid, repeated = _across_chunks(valid, candidates, seen, self.id_header)
                refused += [invalid, repeated]
                self._cover(valid)
                scored = self.scorer.score(
                    valid, as_of=self.as_of, region=self.region, lang=self.lang, json=self.json, keep=self.keep
                )
                both = pl.concat([r.select(typed) for r in refused]).sort("line", maintain_order=True)
                self.summary.scored += scored.height
                self.summary.rejected += both.height
                yield scored, both, raw.height

    def _cover(self, valid: Valid) -> None:
        """Count the chunk's households per parameter gap (or stop, with ``strict_parameters``)."""
        regions = valid.frame.get_column("region_code")
        self.coverage.count(regions.fill_null(self.region).to_list() if self.region else regions.to_list())
        self.summary.parameter_notes = self.coverage.notes()

    def _run_export(
        self, read: Iterator[ExportHousehold | RejectedRow], chunk_rows: int
    ) -> Iterator[tuple[pl.DataFrame, pl.DataFrame, int]]:
        """A person-level export: households grouped from member rows by the reader, ``chunk_rows``
        households a chunk; the rows read counts member rows."""
        households: list[ExportHousehold] = []
        refused: list[RejectedRow] = []
        for item in read:
            if isinstance(item, RejectedRow):
                refused.append(item)
            else:
                households.append(item)
            if len(households) >= chunk_rows:
                yield self._export_chunk(households, refused)
                households, refused = [], []
        if households or refused or not self.summary.chunks:
            yield self._export_chunk(households, refused)

    def _export_chunk(
        self, households: list[ExportHousehold], refused: list[RejectedRow]
    ) -> tuple[pl.DataFrame, pl.DataFrame, int]:
        self.summary.chunks += 1
        valid = self.scorer.households([h.household for h in households], [h.lines[0] for h in households])
        self._cover(valid)
        scored = (
            self.scorer.score(
                valid, as_of=self.as_of, region=self.region, lang=self.lang, json=self.json, keep=self.keep
            )
            if households
            else pl.DataFrame(schema=dict.fromkeys(self.columns, pl.String))
        )
        rows = [(r.line, r.household_id, r.column, r.value, r.reason) for r in refused]
        rejected = pl.DataFrame(rows, schema=_REJECTED_SCHEMA, orient="row").sort("line", maintain_order=True)
        self.summary.scored += scored.height
        self.summary.rejected += rejected.height
        return scored, rejected, sum(len(h.lines) for h in households) + len({r.line for r in refused})


def _across_chunks(
    valid: Valid, candidates: pl.Series | None, seen: set[str], id_header: str
) -> tuple[Valid, pl.DataFrame]:
    """Refuses a row whose 户编号 an earlier valid row already had, in this chunk or an earlier one
    (``candidates``: the ids that occur more than once in the file; None: check every id)."""
    frame = valid.frame
    ids = frame.get_column("household_id")
    everyone = pl.Series([True] * frame.height, dtype=pl.Boolean)
    mask = ids.is_in(candidates.implode()) if candidates is not None else everyone
    repeated: list[int] = []
    for position, household_id in zip(mask.arg_true().to_list(), ids.filter(mask).to_list(), strict=True):
        if household_id in seen:
            repeated.append(position)
        else:
            seen.add(household_id)
    dropped = frame[repeated] if repeated else frame.clear()
    refusal = dropped.select(
        pl.col("__line").cast(pl.Int64).alias("line"),
        pl.col("household_id").alias("household_id"),
        pl.lit(id_header).alias("column"),
        pl.col("household_id").alias("value"),
        pl.lit(DUPLICATE_ID).alias("reason"),
    )
    if repeated:
        kept = frame.with_row_index("__position").filter(~pl.col("__position").is_in(repeated)).drop("__position")
        valid = Valid(kept, valid.households)
    return valid, refusal


def _duplicate_candidates(info: HouseholdFile, folder: Path, exact: bool) -> pl.Series | None:
    """户编号 values that occur more than once in the file (None: read row by row, check every id)."""
    id_header = next(h for h, f in info.field_of.items() if f == "household_id")
    index = max(i for i, h in enumerate(info.columns) if h == id_header)
    if info.encoding == "parquet":
        ids = pl.scan_parquet(info.path).select(pl.nth(index).cast(pl.String))
    elif info.encoding in ("utf-8", "utf-8-sig", "gbk", "gb18030") and not exact:
        source = info.path if info.encoding.startswith("utf-8") else folder / "input.utf8.csv"
        if not source.exists():
            source = utf8_copy(info.path, info.encoding, folder)
        ids = polars_csv(source, info).select(pl.col(f"__col{index}"))
    else:
        return None
    keys = ids.select(household_key(pl.first()).alias("id")).drop_nulls()
    return keys.filter(pl.col("id").is_duplicated()).unique().collect().to_series()
