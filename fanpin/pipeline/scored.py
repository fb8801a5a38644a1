"""A household file scored chunk by chunk, in file order: the reading, the validation and the
refusals that need the whole file (a 户编号 seen in an earlier chunk), for either layout (a household
table, or the national system's person-level export).
"""

from __future__ import annotations

import gc
import itertools
import json
import re
import tempfile
import threading
from collections import deque
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, cast, overload

import numpy as np
import polars as pl

from fanpin._polars import ENGINE
from fanpin.arguments import (
    NamedHeaders,
    checked_count,
    checked_date,
    checked_keep_columns,
    checked_lang,
    checked_region,
)
from fanpin.batch import BatchEngine
from fanpin.batch.validate import ID_WRITTEN, household_key, kept_column, kept_name, masked_numbers
from fanpin.durable import Engine
from fanpin.errors import InputFileError, Location, ParameterLookupError
from fanpin.io.chunks import (
    BOTH_LINE_ENDS,
    RAGGED_COLUMNS,
    SHORT_COLUMN,
    UTF8_COPY,
    RowByRow,
    column_cells,
    raw_chunks,
    read_ahead,
    utf8_copy,
)
from fanpin.io.columnar import ColumnChunk, Listed, column_chunk
from fanpin.io.export import (
    FAR_APART,
    UNIQUE_FIELDS,
    ExportFile,
    ExportHousehold,
    HouseholdRows,
    Resolver,
    open_either,
)
from fanpin.io.findings import with_households
from fanpin.io.key_scan import id_key_texts
from fanpin.io.keys import OWN_KEY, SeenIds
from fanpin.io.readers import BOM, HouseholdFile, RejectedRow, header_again, header_cells, header_names, open_rows
from fanpin.lang.members import Derived, derived, member_facts_read, restore
from fanpin.masking import (
    CANDIDATE,
    kept_keys,
    key_candidates,
    masked_key,
    masked_keys,
    personal_key,
    shown_key,
)
from fanpin.model.columns import (
    ALIASES,
    COLUMN_NUMBERS_ROW,
    DUPLICATE_FIRST,
    DUPLICATE_ID,
    FOOTER_PATTERN,
    FOOTER_ROW,
    HEADER_AGAIN,
    NO_HOUSEHOLD_PATTERN,
    TOTALS_PATTERN,
    TOTALS_ROW,
    column_numbers,
    derived_columns,
    duplicate_reason,
    header_label,
    masked_cell,
    misnamed_columns,
)
from fanpin.model.export_columns import (
    HAN,
    derived_export_columns,
    export_label,
    masked_refused_value,
    misnamed_export_columns,
)
from fanpin.model.member_facts import FACT_SOURCES
from fanpin.model.parameters import Coverage
from fanpin.model.roster import COLUMNS_OF_FACT
from fanpin.model.values import BLANK, EXCEL_ERRORS, HEADER_TRIMMED, WHITESPACE, counted_from_1904, mask_numbers
from fanpin.pipeline.findings import (
    FactsAtHand,
    Roster,
    finding_rows,
    listed_of,
    restated_reads,
    roster_from,
    roster_of,
)
from fanpin.pipeline.scorers import REJECTED_SCHEMA, ChunkScorer, Valid, chunk_scorer
from fanpin.results.classify import BAND_PARAMETERS
from fanpin.results.columns import HEADERS, OUTPUT_COLUMNS, REJECTED_COLUMNS
from fanpin.results.plan import check_plannable
from fanpin.results.sentences import Lang
from fanpin.results.table import table_schema
from fanpin.rulebook import Rulebook

if TYPE_CHECKING:
    from fanpin.pipeline.workers import Workers

__all__ = [
    "CHUNK_ROWS",
    "EXPORT_CHUNK_HOUSEHOLDS",
    "MODEL_CHUNK_HOUSEHOLDS",
    "NO_DATA_ROWS",
    "WORKER_HOUSEHOLDS",
    "Chunk",
    "ExportChunks",
    "KeepColumns",
    "ScoreSummary",
    "ScoredChunks",
    "born_after_note",
    "hidden_rows_note",
    "kept_columns",
    "masked_chunk",
    "masked_findings",
    "masked_key_column",
    "masked_refusals",
    "months_after_note",
    "no_household_rows",
    "other_sheets_note",
    "personal_keys_note",
    "short_rows_note",
]


CHUNK_ROWS = 75_000
#: Households a chunk of a person-level export holds by default when the batch engine scores it in this
#: process (:attr:`ExportChunks.households`). Each chunk costs some 0.3 s of polars planning and querying
#: whatever its size, and a household read by columns about 17 KB of memory while its chunk is scored.
#: 100 000 households with the data checks, one process, 2026-12-03: 19.8 s at 698 MiB with chunks of
#: 5 000, 17.2–17.4 s at 727–736 MiB with 10 000, 15.1–16.4 s at 948–989 MiB with 20 000 (1.2 GiB with
#: ``--findings``).
EXPORT_CHUNK_HOUSEHOLDS = 20_000
#: … when the durable engine scores it: its households are held as models (members and all), about 30 KB
#: each, and a chunk costs nothing of its own. 20 000 households, one process: 48.7 s at 531 MiB with
#: chunks of 5 000, 48.5 s at 976 MiB with 20 000.
MODEL_CHUNK_HOUSEHOLDS = 5_000
#: … when worker processes score the chunks (:mod:`fanpin.pipeline.workers`): each worker holds its chunk,
#: so the workers' chunks hold this many households in all (:func:`worker_chunk`): 5 000 each for two
#: workers, 2 500 for four. 100 000 households on two workers, 2026-12-02, three alternating pairs:
#: 19.0–19.5 s with chunks of 5 000 against 21.3–22.3 s with 2 500 (the engine's and the column path's cost
#: per chunk counts half as often), at about 1.6 GiB in all against 1.3 (each worker 537 MiB against 423).
WORKER_HOUSEHOLDS = 10_000


def workers_capped_note(asked: int, cores: int) -> str:
    """The note of a run that started fewer worker processes than asked for: one a core."""
    return (
        f"{asked} worker processes asked for (--workers): {cores} started, one per core this process may run on; "
        "more would only share those cores, each holding its own copy of fanpin and a chunk of households"
    )


def worker_chunk(workers: int) -> int:
    """The households of a worker's chunk by default, with ``workers`` worker processes."""
    return max(1, WORKER_HOUSEHOLDS // max(1, workers))


@dataclass
class ScoreSummary:
    """What a run did: the file read (a household table or a person-level export), the households scored,
    the input rows rejected and the errors-file entries written about them (one per refused cell: a row
    may have several), the chunks, and notes for the user."""

    info: HouseholdFile | ExportFile
    scored: int = 0
    #: input rows (lines) rejected: each listed in the errors file
    rejected: int = 0
    #: errors-file entries: one per refused cell of each rejected row (at least one per row)
    rejected_entries: int = 0
    chunks: int = 0
    notes: list[str] = field(default_factory=list)
    #: Parameters some households lack (their rules not evaluable) or take from the national value.
    parameter_notes: list[str] = field(default_factory=list)
    #: rows whose 户编号 is a person's number (an ID or mobile number), masked in the outputs
    personal_keys: int = 0
    #: members born after the evaluation date (an export's, where a rule reads ages): their age is unknown
    born_after: int = 0
    #: the 户编号 of the first households they are of (:data:`NAMED_IN_NOTES`), masked where a person's number
    born_after_keys: list[str] = field(default_factory=list)
    #: households whose 识别监测时间 or 消除监测时间 is after the evaluation date's month (where a rule reads them)
    months_after: int = 0
    #: the 户编号 of the first of them (:data:`NAMED_IN_NOTES`), masked where a person's number
    months_after_keys: list[str] = field(default_factory=list)
    #: CSV rows of a household table, or member rows of an export, with fewer cells than the header (their
    #: missing cells read as empty)
    short_rows: int = 0
    #: … the lines of the first of them, where the run knows them (an export's: :class:`~fanpin.io.export.ShortRows`)
    short_lines: list[int] = field(default_factory=list)
    #: rows of an .xlsx sheet (a household table's or an export's) below its header that Excel or WPS does not
    #: show (read as any)
    hidden_rows: int = 0

    def add_months_after(self, count: int, keys: Sequence[str]) -> None:
        """Counts a chunk's households with a monitoring month after the evaluation date, the first of them
        (``keys``) kept while fewer than one more than the note names (:func:`named`)."""
        self.months_after += count
        self.months_after_keys += list(keys)[: NAMED_IN_NOTES + 1 - len(self.months_after_keys)]

    def add_born_after(self, count: int, keys: Sequence[str]) -> None:
        """Counts a chunk's members born after the evaluation date, the first households they are of (``keys``)
        kept while fewer than one more than the note names (:func:`named`)."""
        self.born_after += count
        self.born_after_keys += list(keys)[: NAMED_IN_NOTES + 1 - len(self.born_after_keys)]

    def counted_notes(self, as_of: date) -> list[str]:
        """The notes of what the run counted as it read: no row below the header (:data:`NO_DATA_ROWS`),
        members born after ``as_of``, monitoring months after it, rows cut short, rows hidden in the sheet."""
        notes = [NO_DATA_ROWS] if self.scored == self.rejected == 0 else []
        notes += [born_after_note(self.born_after, as_of, self.born_after_keys)] if self.born_after else []
        notes += [months_after_note(self.months_after, as_of, self.months_after_keys)] if self.months_after else []
        notes += [short_rows_note(self.short_rows, self.short_lines)] if self.short_rows else []
        return [*notes, hidden_rows_note(self.hidden_rows)] if self.hidden_rows else notes


#: The note of a run over a file with its header and no row below it (title rows above it or not), nor any
#: row but blank ones: nothing was scored, and nothing refused. The exit code stays 0 (no row was refused), so
#: the run says it: a failed export, or one filtered to no household, writes its header alone.
NO_DATA_ROWS = (
    "the file has no data rows below its header: no household was scored; if it should hold households, export "
    "or save it again (an export that failed, or was filtered to no household, writes its header alone)"
)


def born_after_note(count: int, as_of: date, keys: Sequence[str] = ()) -> str:
    """The note of a run whose export holds ``count`` members born after the evaluation date, of households
    whose first are ``keys`` (their 户编号: :func:`named`)."""
    return (
        f"{count} member(s) were born after the evaluation date {as_of} (户编号 {named(keys)}): their age is "
        "unknown, and the rules reading it are not evaluable for their households; check 出生日期 (or the date "
        "the ID number encodes), or score with a later --as-of"
    )


def named(keys: Sequence[str]) -> str:
    """The households a note names: the first :data:`NAMED_IN_NOTES` of ``keys``, and ``…`` when it was
    given one more (there are others)."""
    return ", ".join(keys[:NAMED_IN_NOTES]) + (", …" if len(keys) > NAMED_IN_NOTES else "")


def months_after_note(count: int, as_of: date, keys: Sequence[str] = ()) -> str:
    """The note of a run of which ``count`` households have a monitoring month after the evaluation date's
    month, the first of them ``keys`` (their 户编号: :func:`named`): as a birth date after it, a month not come
    yet is typed wrong (or the date set too early)."""
    return (
        f"{count} household(s) have 识别监测时间 or 消除监测时间 after the month of the evaluation date {as_of} "
        f"(户编号 {named(keys)}): the "
        "rules read such a month as written (the months since it come out negative: a rule asking for some months "
        "since it does not fire); check the two months, or score with a later --as-of"
    )


def _short_not_blank(shaped: pl.DataFrame) -> int:
    """How many rows of a chunk have fewer cells than the header (:data:`SHORT_COLUMN`) and are not blank: a row
    of empty cells (``,,,`` or an empty line) is skipped as blank, and had been counted in the note of rows cut
    short besides."""
    if not shaped.get_column(SHORT_COLUMN).any():
        return 0
    flagged = shaped.filter(pl.col(SHORT_COLUMN))
    cells = [c for c in flagged.columns if not c.startswith("__")]
    filled = pl.any_horizontal(pl.col(c).cast(pl.String).fill_null("").str.strip_chars(BLANK) != "" for c in cells)
    return int(flagged.select(filled.sum()).item()) if cells else 0


def short_rows_note(count: int, lines: Sequence[int] = ()) -> str:
    """The note of a run over a household table of which ``count`` CSV rows have fewer cells than the header,
    or over an export of which ``count`` member rows do, the first on ``lines`` (:func:`named`: three, and
    ``…`` when given one more), so that a line cut short can be found."""
    where = f" (line(s) {named([str(line) for line in lines])})" if lines else ""
    return (
        f"{count} row(s) have fewer cells than the header{where}: their missing cells were read as empty (unknown, "
        "or the row refused where a required value is missing); check that no line was cut short or lost a "
        "separator (a program that leaves out a line's trailing empty cells writes such rows too)"
    )


def hidden_rows_note(count: int) -> str:
    """The note of a run over an .xlsx sheet (a household table or an export) of which ``count`` rows are
    hidden."""
    return (
        f"{count} row(s) of the sheet are hidden in Excel or WPS (a filter, or rows hidden by hand): they were "
        "read and scored like the others; to score only some households, delete the other rows, not hide them"
    )


def other_sheets_note(titles: Sequence[str]) -> str:
    """The note of a run over an .xlsx workbook whose other sheets shown, ``titles``, hold households too
    (:func:`~fanpin.io.readers.other_tables`: one sheet per township): only the first sheet shown is read."""
    named = ", ".join(f"'{title}'" for title in titles)
    return (
        f"the workbook's other sheet(s) {named} hold households too, and were not read: fanpin reads the first "
        "sheet not hidden only; to score them, save each sheet as a workbook of its own and score each, or copy "
        "their rows below this sheet's into one sheet"
    )


def personal_keys_note(count: int, option: str = "--keep-identities") -> str:
    """The note of a run that masked ``count`` 户编号 which are a person's number or name (:func:`masked_chunk`);
    ``option``: what keeps them, as the caller passes it (``keep_identities=True`` in the library)."""
    return (
        f"{count} 户编号 are ID or mobile numbers or names (a person's): masked in the outputs, the 户编号 column "
        "too, where they join nothing back to the file; give the households numbers of their own, or pass "
        f"{option} if you own the data and the outputs stay with you"
    )


class ScoredChunks:
    """A household file scored chunk by chunk: ``(scored, refused, rows read)`` per chunk, in file order.

    ``columns`` are the scored table's columns (or ``["json"]``); :attr:`summary` counts as it goes. A
    household table's 户编号 written two ways is found at its later rows (:attr:`written_two_ways`), its
    first scored: made again with ``two_ways=`` those, every row of them is refused.
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
        keep_columns: KeepColumns = None,
        keep_identities: bool = False,
        findings: bool = False,
        workers: int = 1,
        two_ways: Collection[str] = (),
    ) -> None:
        as_of, region, lang = checked_date(as_of), checked_region(region), checked_lang(lang)
        #: The 户编号 (each as :func:`~fanpin.io.keys.id_key_text` reads it) a household table writes two ways,
        #: known before the run (an earlier run found them): every row of each is refused
        #: (:data:`~fanpin.model.columns.ID_TWO_WAYS`).
        self.two_ways = frozenset(two_ways)
        #: Those the run found, as the later rows of each were refused: the earlier ones were scored, so the
        #: run is made again with them known (:func:`fanpin.pipeline.score_path` does it).
        self.written_two_ways: set[str] = set()
        keep_columns = checked_keep_columns(keep_columns)
        #: processes scoring an export's chunks (1: this one; :mod:`fanpin.pipeline.workers`)
        self.workers = checked_count("workers", workers)
        book = engine.rulebook
        self.book = book
        check_plannable(book.measures, as_of)  # every plan of the run can be dated: on both engines, first
        #: whether each chunk carries its findings (:mod:`fanpin.pipeline.findings`)
        self.findings = findings
        #: whether personal values are masked (not when the data owner keeps identities)
        self.mask = not keep_identities
        self.coverage = Coverage(
            book.parameters, book.params_needed() | set(BAND_PARAMETERS), as_of, strict=strict_parameters
        )
        self.as_of, self.region, self.lang, self.json, self.exact = as_of, region, lang, json, exact
        self.export: tuple[ExportFile, Iterator[HouseholdRows | RejectedRow], ExportChunks] | None = None
        # The member facts the rules read (BatchEngine.member_facts_read): only they are computed, and the
        # across-the-file checks, which cost a pass over the file's values, only if the rules read them.
        reads = frozenset().union(*(member_facts_read(a.condition) for a in book.aggregates if a.condition))
        opened, table = open_either(
            path,
            region=region,
            unique=[name for name, (fact, _) in UNIQUE_FIELDS.items() if fact in reads],
            keep_identities=keep_identities,
            # None at all when no rule reads the members' rows: the batch engine then makes no member frame.
            member_facts=reads if isinstance(engine, BatchEngine) and engine.reads_members else False,
        )
        if opened is not None:
            info, groups, resolve = opened
            scoring = ExportChunks(
                engine, resolve, as_of=as_of, region=region, lang=lang, json=json, findings=findings,
                mask=not keep_identities,
            )  # fmt: skip
            self.export = (info, groups, scoring)
            self.scorer = scoring.scorer  # one scorer for the run: the export's chunks are scored by it
            self.summary = ScoreSummary(info, hidden_rows=info.hidden_rows)
            self.summary.notes += [other_sheets_note(info.other_sheets)] if info.other_sheets else []
            derived = derived_export_columns(info.ignored)
            unread = [name for name in info.ignored if name not in {header for header, _, _ in derived}]
            self.summary.notes += [
                misnamed_note(name, export_label(field))
                for name, field in misnamed_export_columns(unread, set(info.field_of.values()))
            ]
            self.summary.notes += [export_derived_note(name, field, rows) for name, field, rows in derived]
            household_reads = frozenset().union(*(rule.facts for rule in book.rules.values()))
            self.summary.notes += absent_columns_note(reads, set(info.field_of.values()), household_reads)
            if resolve.apart:
                self.summary.notes.append(FAR_APART)
            self.keep: list[str] = list(info.places)
            if keep_columns:
                passed = (
                    f"passes {', '.join(info.places)} through, and no other column"
                    if info.places
                    else "passes no column through (it has no 县, 乡 or 村 column)"
                )
                self.summary.notes.append(
                    f"--keep-columns applies to a household table: the person-level export {passed}"
                )
        else:
            self.scorer = chunk_scorer(engine, mask=not keep_identities)
            self.info, self._rows = open_rows(Path(path), region=region, opened=table)
            self.summary = ScoreSummary(self.info)
            self.summary.notes += [other_sheets_note(self.info.other_sheets)] if self.info.other_sheets else []
            if not self.info.line_end and self.info.encoding != "xlsx":
                self.summary.notes.append(BOTH_LINE_ENDS)
            present = set(self.info.field_of.values())
            self.summary.notes += table_notes(self.info.columns, present)
            self.keep = kept_columns(self.info, keep_columns, self.summary.notes, mask=not keep_identities)
            self.id_header = next(h for h, f in self.info.field_of.items() if f == "household_id")
        #: whether a rule reads a monitoring month: the households with one after the evaluation date's month
        #: are then counted for the run's note
        self.months = _reads_months(book)
        self.columns = ["json"] if json else [*OUTPUT_COLUMNS, *self.keep]
        #: The scored table's types (``json``: one text column).
        self.schema = {"json": pl.String()} if json else table_schema(lang, self.keep)

    def run(self, chunk_rows: int | None = None) -> Iterator[tuple[pl.DataFrame, pl.DataFrame, int]]:
        for chunk in self.chunks(chunk_rows):
            yield chunk.scored, chunk.refused, chunk.read

    def chunks(self, chunk_rows: int | None = None) -> Iterator[Chunk]:
        """The chunks, each with its findings when they were asked for: ``chunk_rows`` rows a chunk (default
        :data:`CHUNK_ROWS`), or households for an export (default :data:`EXPORT_CHUNK_HOUSEHOLDS`, or
        :func:`worker_chunk` when worker processes score them).

        Each refused row's value and reason have their personal numbers masked (unless the data owner keeps
        identities), and a 户编号 that is a person's number (an ID or mobile number) in every output, its own
        column too (:func:`masked_chunk`): the run's note says how many, and how to keep them. The findings'
        户编号 is masked so whether the data owner keeps identities or not (:func:`masked_findings`)."""
        for chunk in self._chunks(chunk_rows):
            yield masked_chunk(chunk, self.summary) if self.mask else replace(chunk, findings=masked_findings(chunk))

    def _chunks(self, chunk_rows: int | None) -> Iterator[Chunk]:
        if self.export is not None:
            yield from self._run_export(chunk_rows)
            return
        chunk_rows = chunk_rows or CHUNK_ROWS
        typed = [pl.col("line").cast(pl.Int64), *(pl.col(c).cast(pl.String) for c in REJECTED_COLUMNS[1:])]
        with (
            tempfile.TemporaryDirectory(prefix="fanpin-") as scratch,
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="fanpin-ids") as first,
        ):
            folder = Path(scratch)
            if _split_by_polars(self.info, self.exact) and not self.info.encoding.startswith("utf-8"):
                utf8_copy(self.info.path, self.info.encoding, folder)  # read by both passes: made before either
            # The first pass over the 户编号 runs beside the first chunks: only the check across chunks
            # needs its answer, and until it comes that check remembers every id (EARLY_CHUNKS).
            stop = threading.Event()
            pending = first.submit(_duplicate_candidates, self.info, folder, self.exact, chunk_rows, stop)
            seen = SeenIds(self.two_ways, self.written_two_ways)
            try:
                yield from self._table_chunks(folder, chunk_rows, pending, seen, typed)
            finally:
                stop.set()  # a run stopped early does not wait for the whole first pass

    def _table_chunks(
        self,
        folder: Path,
        chunk_rows: int,
        pending: Future[pl.Series | None],
        seen: SeenIds,
        typed: list[pl.Expr],
    ) -> Iterator[Chunk]:
        """The chunks of a household table (see :meth:`chunks`); ``pending``: the first pass's answer.

        A chunk is read and validated on the reader's thread while the one before it is scored here: the
        two steps each took about half of a run's time on this thread, the other core mostly waiting."""
        raws = raw_chunks(self.info, self._rows, chunk_rows, folder, exact=self.exact)
        self.summary.hidden_rows = sum(1 for row in self.info.hidden_rows if row > self.info.header_line)
        narrowed = False  # whether the first lines remembered were narrowed to the first pass's candidates
        for height, refused, valid, invalid, short, ids, counts in read_ahead(self._validated(raws)):
            self.summary.chunks += 1
            self.summary.short_rows += short
            # Until the first pass answers (a few chunks at most), every id is remembered and checked: an
            # id of those chunks that recurs later is then among the candidates, and found in ``seen``.
            early = not pending.done() and self.summary.chunks <= EARLY_CHUNKS
            candidates = None if early else pending.result()
            if candidates is not None and not narrowed:
                _candidate_lines(seen, candidates)
                narrowed = True
            kept, repeated = _across_chunks(valid, candidates, seen, self.id_header, ids)
            refused += [first_lines_carried(invalid, repeated), repeated]
            self._cover(kept, _without(counts, valid, repeated, self.region))
            valid = kept
            scored, found = self._score(valid, None)
            if self.months:
                self.summary.add_months_after(*_months_after(valid, self.as_of))
            both = pl.concat([r.select(typed) for r in refused]).sort("line", maintain_order=True)
            self.summary.scored += scored.height
            self.summary.rejected += both.get_column("line").n_unique() if both.height else 0
            self.summary.rejected_entries += both.height
            yield Chunk(scored, both, height, found)

    def _validated(self, raws: Iterable[pl.DataFrame]) -> Iterator[_Validated]:
        """Each chunk of text cells validated (:class:`_Validated`). It reads only what the run was given, so
        that it may run on another thread."""
        for raw in raws:
            # Filtering copies every cell of the chunk: done only when a row is ragged (rarely).
            ragged = raw.get_column("__ragged").null_count() < raw.height
            refused = [self._refused_unread(raw)] if ragged else []
            shaped = (raw.filter(pl.col("__ragged").is_null()) if ragged else raw).drop(*RAGGED_COLUMNS, strict=False)
            shaped, headers = no_household_rows(shaped, self.id_header, self.info.header_rows, str(self.info.path))
            refused += [headers] if headers.height else []
            # A short row is counted among the rows read as households (a form's footer is short, and no line cut
            # short), a blank one not: it is skipped, as a blank row of any length (,,, or an empty line) is
            short = _short_not_blank(shaped) if SHORT_COLUMN in shaped.columns else 0
            shaped = shaped.drop(SHORT_COLUMN, strict=False)
            valid, invalid = self.scorer.validate(shaped, region=self.region, keep=self.keep)
            if self.info.date_1904 and invalid.height:
                invalid = in_1904_days(invalid)
            # What the check for repeated ids and the count per region code read of the chunk alone, made here
            # rather than on the scoring thread, which sets a run's pace (with the checks themselves, a fifth of
            # its samples in a profile of a file of 4 680 village codes; about 15 ms a chunk of 75 000 rows
            # alone); the count by code alone, but with --strict-parameters, whose stop names where the code is
            # first met (made on that thread, once the repeats are left out).
            ids = _id_keys(valid.frame.get_column("household_id"))
            counts = None if self.coverage.strict else region_counts(valid, self.region, located=False)
            yield _Validated(raw.height, refused, valid, invalid, short, ids, counts)

    def _refused_unread(self, raw: pl.DataFrame) -> pl.DataFrame:
        """A chunk's rows refused before validation (more cells than headers, a line that cannot be read), with
        the cell the reason names first as the errors file's column and value (an .xlsx error of Excel's, a
        number that lost digits: :func:`~fanpin.io.chunks.raw_chunks`), masked as a refused cell is (an error
        of Excel's shown as the reason shows it)."""
        refused = raw.filter(pl.col("__ragged").is_not_null()).select(
            pl.col("__line").alias("line"),
            pl.col(self.id_header).cast(pl.String).fill_null("").str.strip_chars(WHITESPACE).alias("household_id"),
            pl.col("__ragged_column").fill_null("").alias("column"),
            pl.col("__ragged_value").fill_null("").alias("value"),
            pl.col("__ragged").alias("reason"),
        )
        if not self.mask:
            return refused
        cells = zip(refused.get_column("column").to_list(), refused.get_column("value").to_list(), strict=True)
        shown = [masked_cell(c, v) if c and v not in EXCEL_ERRORS else v for c, v in cells]  # #N/A: nobody's data
        return refused.with_columns(pl.Series("value", shown, pl.String))

    def _score(self, valid: Valid, roster: Roster | None) -> tuple[pl.DataFrame, pl.DataFrame | None]:
        """The chunk's scored rows and, when asked for, its findings."""
        return scored_and_found(
            self.scorer, self.book, valid, roster, findings=self.findings, as_of=self.as_of, region=self.region,
            lang=self.lang, json=self.json, keep=self.keep,
        )  # fmt: skip

    def _cover(self, valid: Valid, counts: RegionCounts | None = None) -> None:
        """Count the chunk's households per parameter gap (or stop, with ``strict_parameters``); ``counts``:
        its households per region code, when they were counted already."""
        self._count(region_counts(valid, self.region) if counts is None else counts)

    def _count(self, counts: RegionCounts) -> None:
        if counts.counts:
            try:
                self.coverage.count(counts.counts)
            except ParameterLookupError as missing:  # --strict-parameters: where in the file the region is
                # the region named (a county) holds the households' codes (villages'): the first of them
                inside = [first for code, first in counts.firsts.items() if code.startswith(missing.region)]
                first = counts.firsts.get(missing.region) or min(inside, default=None)
                raise located_missing(missing, self.summary.info.path, first) from None
            self.summary.parameter_notes = self.coverage.notes()

    def _run_export(self, chunk: int | None) -> Iterator[Chunk]:
        """A person-level export: households grouped from member rows by the reader, ``chunk`` a chunk
        (refused or not; by default :attr:`ExportChunks.households`, or :func:`worker_chunk` with
        workers), scored here or, with :attr:`workers`, by worker processes, in file order; the
        rows read counts member rows."""
        assert self.export is not None
        info, groups, scoring = self.export
        self._cores_for_workers()
        parallel = chunk or worker_chunk(self.workers)
        # The largest first line of each batch's households: the refused rows up to it can be written.
        firsts: deque[int] = deque()

        def batches(households: int) -> Iterator[list[HouseholdRows | RejectedRow]]:
            for batch in _batches(groups, households):
                firsts.append(max((_first_line(item) for item in batch), default=0))
                yield batch

        with fewer_collections():
            workers = self._workers(scoring, -(-info.households // parallel))
            if workers is not None:
                with workers:
                    made = (self._took(*done) for done in workers.map(batches(parallel)))
                    yield from _in_line_order(made, firsts, scoring.schema)
            else:
                # The next batch is grouped and read on other threads while this one is scored (the grouping,
                # the reading and the scoring each took a third of a run on one thread); households whose rows
                # are far apart, grouped on disk, the run nearest its memory bound (1 509 MiB for 10 M
                # households), hold no batch ahead of the one scored.
                ahead = iter if scoring.resolve.apart else read_ahead
                grouped = ahead(batches(chunk or scoring.households))
                made = (self._took(*scoring.scored(read)) for read in ahead(scoring.read(b) for b in grouped))
                yield from _in_line_order(made, firsts, scoring.schema)
        # counted as the rows were grouped (in this process, whether workers scored them or not)
        self.summary.short_rows, self.summary.short_lines = info.short_rows.count, list(info.short_rows.lines)

    def _cores_for_workers(self) -> None:
        """At most a worker process a core this process may run on, with a note where more were asked for: more
        only share those cores, and each holds its own fanpin and a chunk (some hundreds of MB), the chunk the
        smaller the more workers there are (``--workers 10000`` had started one a household: 288 processes for
        the example export, and for a county's file more than the machine's memory holds)."""
        from fanpin.pipeline.workers import available_cores  # imports this module: not at the top

        cores = available_cores()
        if self.workers > cores:
            self.summary.notes.append(workers_capped_note(self.workers, cores))
            self.workers = cores

    def _workers(self, scoring: ExportChunks, chunks: int) -> Workers | None:
        """The worker processes for ``chunks`` chunks, or None: one process asked for, a file of one chunk,
        or a system that cannot start them (the run then goes on in this process, with a note)."""
        if self.workers < 2 or chunks < 2:
            return None
        from fanpin.pipeline.workers import Workers  # imports this module: not at the top

        try:
            return Workers(min(self.workers, chunks), scoring)
        except (OSError, ImportError, NotImplementedError) as exc:
            self.summary.notes.append(
                f"worker processes could not be started ({type(exc).__name__}: {exc}); the export was scored "
                "in one process"
            )
            return None

    def _took(self, chunk: Chunk, counts: RegionCounts) -> Chunk:
        self.summary.chunks += 1
        self.summary.add_born_after(chunk.born_after, chunk.born_after_keys)
        self.summary.add_months_after(chunk.months_after, chunk.months_after_keys)
        self._count(counts)
        self.summary.scored += chunk.scored.height
        refused = chunk.refused
        self.summary.rejected += refused.get_column("line").n_unique() if refused.height else 0
        self.summary.rejected_entries += refused.height
        return chunk


def _batches(
    items: Iterator[HouseholdRows | RejectedRow], households: int
) -> Iterator[list[HouseholdRows | RejectedRow]]:
    """``items`` in lists of ``households`` households each (with the rows refused among them); at least
    one list, empty for a file without data rows."""
    batch: list[HouseholdRows | RejectedRow] = []
    count, made = 0, False
    for item in items:
        batch.append(item)
        if isinstance(item, HouseholdRows):
            count += 1
            if count >= households:
                yield batch
                batch, count, made = [], 0, True
    if batch or not made:
        yield batch


def no_household_rows(
    raw: pl.DataFrame, id_header: str, header_rows: Sequence[tuple[str, ...]] = (), path: str = ""
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """A chunk of a household table without its rows that are no household, and those rows refused: the
    rows that repeat its header row (each cell, trimmed, is its column's header: tables joined into one
    file) or one of the header's two rows (``header_rows``, :attr:`~fanpin.io.readers.HouseholdFile.header_rows`),
    :data:`HEADER_AGAIN`; a spreadsheet's totals row (:data:`TOTALS_PATTERN`: 合计… as its 户编号 or its first
    cell, as a 序号 column writes it), :data:`TOTALS_ROW`; and a form's footer (填表人：…, a date, a note:
    :data:`FOOTER_PATTERN`), :data:`FOOTER_ROW`; a form's row of column numbers (栏次: 1, 2, 3, … under the
    header, :func:`~fanpin.model.columns.column_numbers`, looked at where its 户编号 is empty or a number of a few
    digits), :data:`COLUMN_NUMBERS_ROW` — each one reason, where each required cell such a row leaves empty
    had had its own (:func:`~fanpin.model.columns.no_household_reason` says it of one cell).

    A row holding the header's names in another order refuses the file (:func:`~fanpin.io.readers.header_again`,
    the error at ``path`` and the row's line): the rows below it would be read under other columns' names."""
    cells = [c for c in raw.columns if not c.startswith("__")]

    def trimmed(column: str, chars: str = WHITESPACE) -> pl.Expr:
        return pl.col(column).cast(pl.String).fill_null("").str.strip_chars(chars)

    def named(column: str) -> pl.Expr:  # a cell as a header names a column (header_text)
        return trimmed(column, HEADER_TRIMMED)

    ids = {id_header.strip(), *header_cells(header_rows, cells.index(id_header))}
    # One column first, the others only where it holds: what a header writes under 户编号 (any of its names,
    # as a header in another order has another there).
    maybe = named(id_header).is_in(sorted(ids | header_names(cells, header_rows)))
    looked = dict.fromkeys([id_header, cells[0]])
    # one pattern a column first: most chunks have neither
    special = pl.any_horizontal(trimmed(c).str.contains(NO_HOUSEHOLD_PATTERN) for c in looked)
    counted = named(id_header).str.contains(_NUMBERS_ID)  # a row of column numbers' 户编号
    if not any(raw.select(maybe.any().alias("heads"), special.any().alias("special"), counted.any().alias("n")).row(0)):
        return raw, pl.DataFrame(schema=REJECTED_SCHEMA)
    numbered = [  # the lines of the rows of column numbers: a few rows looked at, if any
        line
        for line, *row in raw.filter(counted).select("__line", *cells).iter_rows()
        if column_numbers([_cell_text(cell) for cell in row], cells)
    ]
    numbers = pl.col("__line").is_in(numbered)
    totals = pl.any_horizontal(trimmed(c).str.contains(TOTALS_PATTERN) for c in looked)
    footer = pl.any_horizontal(trimmed(c).str.contains(FOOTER_PATTERN) for c in looked)
    forms = [[c.strip() for c in cells], *([*row, *[""] * (len(cells) - len(row))] for row in header_rows)]
    again = maybe & pl.any_horizontal(
        pl.all_horizontal(named(c) == form[i] for i, c in enumerate(cells)) for form in forms
    )
    empty = pl.lit("", dtype=pl.String)
    none = again | totals | footer | numbers
    for line, *row in raw.filter(maybe & ~none).select("__line", *cells).iter_rows():  # a few rows, if any
        header_again([str(cell or "") for cell in row], cells, header_rows, Location(path, int(line)))
    reason = (
        pl.when(again)
        .then(pl.lit(HEADER_AGAIN))
        .when(numbers)
        .then(pl.lit(COLUMN_NUMBERS_ROW))
        .when(totals)
        .then(pl.lit(TOTALS_ROW))
        .otherwise(pl.lit(FOOTER_ROW))
    )
    refused = raw.filter(none).select(
        pl.col("__line").cast(pl.Int64).alias("line"),
        empty.alias("household_id"),
        empty.alias("column"),
        empty.alias("value"),
        reason.cast(pl.String).alias("reason"),
    )
    return (raw.filter(~none) if refused.height else raw), refused


#: A row of column numbers' 户编号 (:func:`no_household_rows`): empty, or a number of a few digits, ASCII or
#: full-width, a sheet's 3.0 too.
_NUMBERS_ID = "^[0-9\uff10-\uff19]{0,4}(?:\\.0+)?$"


def _cell_text(cell: object) -> str:
    """A cell of a chunk as text (a number a sheet's reader gave as one written as :func:`str` writes it)."""
    return "" if cell is None else str(cell)


def _first_line(item: HouseholdRows | RejectedRow) -> int:
    return item.line if isinstance(item, RejectedRow) else item.first_line


def _in_line_order(chunks: Iterator[Chunk], firsts: deque[int], schema: Mapping[str, Any]) -> Iterator[Chunk]:
    """An export's chunks with their refused rows in the order of the file, whatever the chunks.

    Households come in the order of their first rows, so a household's rows can fall between those of
    one in an earlier chunk (rows 9 and 11 of one household, row 10 of the next). A chunk's refused rows
    are written once no later chunk can hold an earlier line: up to the largest first line of the
    households so far (``firsts``, one per chunk, in order). The others wait for a later chunk, or for
    the end."""
    held = pl.DataFrame(schema=REJECTED_SCHEMA)
    for chunk in chunks:
        last = firsts.popleft()
        refused = pl.concat([held, chunk.refused]).sort("line", maintain_order=True) if held.height else chunk.refused
        ready = refused.get_column("line") <= last
        held = refused.filter(~ready)
        yield chunk if refused is chunk.refused and not held.height else replace(chunk, refused=refused.filter(ready))
    if held.height:
        yield Chunk(pl.DataFrame(schema=schema), held, 0)


#: The headers of the 户编号 column (a household table's and an export's): its value in the errors file is
#: masked as a key is (:func:`~fanpin.masking.masked_keys`), not as any number (sixteen digits read as a bank
#: card's).
KEY_HEADERS = sorted(h for h, f in ALIASES.items() if f == "household_id")  # 户编号, household_id (an export's too)


def in_1904_days(refused: pl.DataFrame) -> pl.DataFrame:
    """Refused rows of a workbook of Excel's 1904 date system, whose month cell holding a count of days (45123)
    is told the day the workbook counts it as (2027-07-17, :func:`~fanpin.model.values.counted_from_1904`): the
    engines read the cells' text, and had named the day of the usual count (2023-07-16), which Excel does not
    show there. Both engines' reasons are made again here, the same way."""
    reasons = refused.get_column("reason")
    where = reasons.str.contains("counted from 1900", literal=True).fill_null(False).arg_true()
    if not where.len():
        return refused
    made = [counted_from_1904(reason) for reason in reasons.gather(where).to_list()]
    return refused.with_columns(reasons.clone().scatter(where, made))


def masked_refusals(refused: pl.DataFrame) -> pl.DataFrame:
    """Refused rows with the personal numbers in their values and reasons masked (a value masked already
    stays as it is), Chinese text in a column of numbers masked as a name is (a name typed one column off:
    :func:`~fanpin.model.export_columns.masked_refused_value`), and a 户编号 that is a person's number (an ID
    or mobile number) masked in its column and as a value; the national system's household numbers as they
    are, in both."""
    from fanpin.batch.validate import masked_numbers

    keys = pl.col("value").map_batches(lambda cells: masked_keys(cells)[0], return_dtype=pl.String)
    values = pl.struct("column", masked_numbers(pl.col("value")).alias("value"))
    return refused.with_columns(
        pl.col("household_id").map_batches(lambda cells: masked_keys(cells)[0], return_dtype=pl.String),
        pl.when(pl.col("column").is_in(KEY_HEADERS))
        .then(keys)
        .otherwise(values.map_batches(_masked_names, return_dtype=pl.String))
        .alias("value"),
        pl.struct("reason", "household_id").map_batches(_masked_reasons, return_dtype=pl.String).alias("reason"),
    )


def _masked_names(rows: pl.Series) -> pl.Series:
    """Refused values (``column``, ``value``) with Chinese text in a column of numbers masked as a name is;
    looked at only where a value holds a Chinese character."""
    columns, values = rows.struct.field("column"), rows.struct.field("value")
    where = values.str.contains(HAN).fill_null(False).arg_true()
    if not where.len():
        return values
    pairs = zip(columns.gather(where).to_list(), values.gather(where).to_list(), strict=True)
    return values.clone().scatter(where, [masked_refused_value(c or "", v) for c, v in pairs])


def _masked_reasons(rows: pl.Series) -> pl.Series:
    """The reasons of refused rows with the personal numbers in them masked, the row's own 户编号 left as it is
    written when it is the national system's household number (sixteen digits read as a bank card's: the
    errors file showed it in clear in its 户编号 column and masked in the reason beside it)."""
    reasons, ids = rows.struct.field("reason"), rows.struct.field("household_id")
    # a reason holding a number, or the row's 户编号 that may be a person's (a name holds no number)
    candidate = reasons.str.contains(CANDIDATE).fill_null(False) | key_candidates(ids)
    if not candidate.any():
        return reasons
    where = candidate.arg_true()
    pairs = list(zip(reasons.gather(where).to_list(), ids.gather(where).to_list(), strict=True))
    masked = {
        (reason, key): mask_numbers(reason.replace(key, masked_key(key)))
        if key and personal_key(key)
        else mask_numbers(reason, {key} if key else frozenset())
        for reason, key in set(pairs)
    }
    return reasons.clone().scatter(where, [masked[pair] for pair in pairs])


def masked_chunk(chunk: Chunk, summary: ScoreSummary | None = None) -> Chunk:
    """A chunk as the outputs show it unless the data owner keeps identities: its refused rows masked
    (:func:`masked_refusals`), and a 户编号 that is a person's number masked in the scored rows and the
    findings too (counted in ``summary``, whose note says so), where it had been written as the key."""
    refused = masked_refusals(chunk.refused) if chunk.refused.height else chunk.refused
    scored, masked = masked_key_column(chunk.scored)
    findings = masked_findings(chunk)
    if summary is not None and refused.height:  # a refused row counted once, whatever its entries
        changed = refused.get_column("household_id") != chunk.refused.get_column("household_id")
        masked += refused.filter(changed).get_column("line").n_unique()
    if summary is not None and masked:
        summary.personal_keys += masked
    return replace(chunk, scored=scored, refused=refused, findings=findings)


def masked_findings(chunk: Chunk) -> pl.DataFrame | None:
    """The chunk's findings with a 户编号 that is a person's number masked, as the worksheet always shows it
    (its members' ID numbers and names are masked where the findings are made), and each finding's
    household noted as read (:func:`~fanpin.io.findings.with_households`), which the worksheet's summary
    counts: two persons' numbers can mask alike. Its 县, 乡 and 村 cells have their personal numbers masked
    (a mobile number typed as a 村), as the scored table and the township workbook show them."""
    findings = chunk.findings
    if findings is None or not findings.height:
        return findings
    findings = with_households(findings)
    places = [c for c in ("county", "township", "village") if c in findings.columns]
    return findings.with_columns(
        masked_keys(findings.get_column("household_id"))[0], *(masked_numbers(pl.col(c)).alias(c) for c in places)
    )


def masked_key_column(scored: pl.DataFrame) -> tuple[pl.DataFrame, int]:
    """The scored rows with a 户编号 that is a person's number masked (in a JSON Lines record, its value of
    ``household_id``), and how many."""
    if "household_id" in scored.columns:
        keys, masked = masked_keys(scored.get_column("household_id"))
        return (scored.with_columns(keys) if masked else scored), masked
    if "json" not in scored.columns or not scored.height:
        return scored, 0
    records = scored.get_column("json")
    found = records.str.extract(r'"household_id":("(?:[^"\\]|\\.)*")')  # the key as the record writes it
    candidate = key_candidates(found)
    if not candidate.any():
        return scored, 0
    texts, masked = records.to_list(), 0
    for at in candidate.arg_true().to_list():
        written = found[at]
        key = json.loads(written)
        if personal_key(key):
            shown = json.dumps(masked_key(key), ensure_ascii=False)
            texts[at] = texts[at].replace(f'"household_id":{written}', f'"household_id":{shown}', 1)
            masked += 1
    if not masked:
        return scored, 0
    return scored.with_columns(pl.Series("json", texts, pl.String)), masked


@dataclass(frozen=True)
class RegionCounts:
    """Households per region code of a chunk (:func:`region_counts`), and where each code's first household
    is: its line and its 户编号 as written, for the stop of --strict-parameters, which masks it
    (:func:`located_missing`). Masking every code's first 户编号 of every chunk, for a stop that comes once
    a run if at all, had taken a tenth of the batch path's main thread on a file of thousands of village
    codes."""

    counts: dict[str, int]
    firsts: dict[str, tuple[int, str]]


def region_counts(valid: Valid, region: str | None, *, located: bool = True) -> RegionCounts:
    """Households per region code of a chunk's valid rows (``region`` for those without one), the codes in
    the order of their first row: with ``--strict-parameters`` the first code without a value stops the
    run, and it is the same one on every run and engine (polars' counts come in any order). ``located``:
    with that order and where each code is first met; without it (a run that does not stop at a code: its
    notes are sorted), the counts alone, in any order (a third of the time, on thousands of codes)."""
    if not valid.frame.height:  # nothing scored (an export's chunk may refuse every household)
        return RegionCounts({}, {})
    code = pl.col("region_code").fill_null(region) if region else pl.col("region_code")
    if not located:
        counted = valid.frame.select(code.alias("code")).drop_nulls().get_column("code").value_counts()
        return RegionCounts(dict(counted.iter_rows()), {})
    # One grouping, in the order of each code's first row: its households, its first line and 户编号.
    grouped = (
        valid.frame.lazy()
        .select(code.alias("code"), pl.col("__line").cast(pl.Int64).alias("line"), pl.col("household_id"))
        .drop_nulls("code")
        .group_by("code", maintain_order=True)
        .agg(pl.len().alias("households"), pl.col("line").first(), pl.col("household_id").first())
        .collect(engine=ENGINE)
    )
    order: dict[str, int] = {}
    firsts: dict[str, tuple[int, str]] = {}
    for name, households, line, key in grouped.iter_rows():
        order[name] = households
        firsts[name] = (line, key or "")
    return RegionCounts(order, firsts)


def _without(
    counts: RegionCounts | None, valid: Valid, refused: pl.DataFrame, region: str | None
) -> RegionCounts | None:
    """``counts`` (None: none) of a chunk's ``valid`` rows, without those then ``refused`` (by ``line``:
    their 户编号 repeated; few)."""
    if counts is None or not refused.height:
        return counts
    lines = refused.get_column("line").implode()
    left = region_counts(Valid(valid.frame.filter(pl.col("__line").cast(pl.Int64).is_in(lines))), region, located=False)
    kept = {code: n - left.counts.get(code, 0) for code, n in counts.counts.items()}
    return RegionCounts({code: n for code, n in kept.items() if n}, {})


def located_missing(missing: ParameterLookupError, path: Path, first: tuple[int, str] | None) -> ParameterLookupError:
    """``missing`` (a parameter without a value for a household's region, which --strict-parameters stops
    at) located in the input ``path``, at the ``first`` line of that region and naming its 户编号: it named
    no file, line or household, and a clerk had to search the file for the code."""
    if first is None:
        return missing
    line, key = first
    located = ParameterLookupError(
        f"{missing.message} (the region of 户编号 {shown_key(key)}, the file's first household there)",
        parameter=missing.parameter,
        region=missing.region,
        as_of=missing.as_of,
        fix=missing.fix,
        shown=kept_keys(key),
    )
    located.location = Location(str(path), line)
    return located


def scored_and_found(
    scorer: ChunkScorer,
    book: Rulebook,
    valid: Valid,
    roster: Roster | None,
    *,
    findings: bool,
    as_of: date,
    region: str | None,
    lang: Lang,
    json: bool,
    keep: Sequence[str],
) -> tuple[pl.DataFrame, pl.DataFrame | None]:
    """A chunk's scored rows and, with ``findings``, its findings (:mod:`fanpin.pipeline.findings`)."""
    if not findings:
        return scorer.score(valid, as_of=as_of, region=region, lang=lang, json=json, keep=keep), None
    scored, records = scorer.score_with_records(valid, as_of=as_of, region=region, lang=lang, json=json, keep=keep)
    lines = valid.frame.get_column("__line")
    return scored, finding_rows(records, lines, roster, book, lang, as_of)


class ExportChunks:
    """Scores a chunk of a person-level export: its households validated (the reader's
    :class:`~fanpin.io.export.Resolver`), scored, and its refused rows. The run in this process and each
    worker process (:mod:`fanpin.pipeline.workers`) score chunks with it; it pickles to what it was made
    from, and a worker makes its own engine from the engine's rulebook."""

    def __init__(
        self,
        engine: Engine | BatchEngine,
        resolve: Resolver,
        *,
        as_of: date,
        region: str | None,
        lang: Lang,
        json: bool,
        findings: bool,
        mask: bool,
    ) -> None:
        self.engine, self.resolve = engine, resolve
        self.scorer = chunk_scorer(engine, mask=mask)
        self.as_of, self.region, self.lang, self.json, self.findings = as_of, region, lang, json, findings
        self.mask = mask
        #: the export's 县, 乡 and 村 columns, passed through (:attr:`~fanpin.io.export.ExportFile.places`)
        self.keep = list(resolve.info.places)
        self.schema = {"json": pl.String()} if json else table_schema(lang, self.keep)
        #: whether the plain households are read by columns (:mod:`fanpin.io.columnar`): for the batch engine
        self.by_columns = BY_COLUMNS and isinstance(engine, BatchEngine)
        #: the households of a chunk scored in this process by default: many when read by columns, whose
        #: chunk has a cost of its own, fewer held as models
        self.households = EXPORT_CHUNK_HOUSEHOLDS if self.by_columns else MODEL_CHUNK_HOUSEHOLDS
        #: whether a rule reads a member's age (its birth date): the members born after the evaluation date,
        #: whose age is unknown, are then counted for the run's note
        book = engine.rulebook
        self.ages = "birth_date" in frozenset().union(
            *(member_facts_read(a.condition) for a in book.aggregates if a.condition)
        )
        #: whether a rule reads a monitoring month: the households with one after the evaluation date's
        #: month are then counted for the run's note
        self.months = _reads_months(book)

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        kind = "batch" if isinstance(self.engine, BatchEngine) else "durable"
        options = {
            "as_of": self.as_of, "region": self.region, "lang": self.lang, "json": self.json,
            "findings": self.findings, "mask": self.mask,
        }  # fmt: skip
        return (_export_chunks, (derived(), kind, self.engine.rulebook, self.resolve, options))

    def chunk(self, batch: Sequence[HouseholdRows | RejectedRow]) -> tuple[Chunk, RegionCounts]:
        """The chunk of ``batch`` (households and rows refused while reading), and its households per
        region code (for the parameter notes). On the batch engine without findings, the plain households
        are read by columns (:mod:`fanpin.io.columnar`), the others row by row."""
        return self.scored(self.read(batch))

    def read(self, batch: Sequence[HouseholdRows | RejectedRow]) -> ReadBatch:
        """:meth:`chunk`'s first half: ``batch``'s households validated and refused rows, ready to be
        scored. It reads what the reader made and nothing the scoring changes, so that the run reads the
        next batch on another thread while this one is scored."""
        engine = self.engine
        columns, batch = (
            column_chunk(self.resolve, batch, members=engine.reads_members, listed=self.findings)
            if self.by_columns and isinstance(engine, BatchEngine)
            else (None, batch)
        )
        households: list[ExportHousehold] = []
        refused: list[RejectedRow] = []
        for item in batch:
            for result in self.resolve(item):
                if isinstance(result, RejectedRow):
                    refused.append(result)
                else:
                    households.append(result)
        facts = [h.facts for h in households]
        valid = self.scorer.households(
            [h.household for h in households],
            [h.lines[0] for h in households],
            None if any(f is None for f in facts) else [f for f in facts if f is not None],
        )
        places = [h.place for h in households]
        placed = pl.DataFrame(places, schema=self.keep, orient="row") if self.keep else pl.DataFrame()
        valid = replace(valid, frame=self._placed(valid.frame, placed))
        if columns is not None:
            valid = _joined(replace(columns, frame=self._placed(columns.frame, columns.places)), valid)
        rows = [(r.line, r.household_id, r.column, r.value, r.reason) for r in refused]
        rejected = pl.DataFrame(rows, schema=REJECTED_SCHEMA, orient="row").sort("line", maintain_order=True)
        if self.resolve.info.date_1904 and rejected.height:
            rejected = in_1904_days(rejected)
        read = sum(len(h.lines) for h in households) + len({r.line for r in refused})
        read += columns.rows if columns is not None else 0
        return ReadBatch(valid, households, columns, rejected, read, region_counts(valid, self.region))

    def scored(self, read: ReadBatch) -> tuple[Chunk, RegionCounts]:
        """:meth:`chunk`'s second half: the read batch scored, and its households per region code."""
        valid, households, columns = read.valid, read.households, read.columns
        book = self.engine.rulebook
        scored, found = (
            scored_and_found(
                self.scorer, book, valid, self._roster(households, columns) if self.findings else None,
                findings=self.findings,
                as_of=self.as_of, region=self.region, lang=self.lang, json=self.json, keep=self.keep,
            )
            if valid.frame.height
            else (pl.DataFrame(schema=self.schema), None)
        )  # fmt: skip
        born_after, born_keys = _born_after(valid, self.as_of) if self.ages else (0, ())
        months_after, keys = _months_after(valid, self.as_of) if self.months else (0, ())
        made = Chunk(scored, read.rejected, read.rows, found, born_after, months_after, keys, born_keys)
        return made, read.counts

    def _roster(self, households: Sequence[ExportHousehold], columns: ColumnChunk | None) -> Roster:
        """The chunk's :class:`~fanpin.pipeline.findings.Roster`, its households in the order they are scored
        (by first line, as :func:`_joined` puts them): those the row path read as it read them, those read by
        columns as the column path names them, with their facts taken off its frames when a finding restates
        a member's own tests (:class:`_AtHand`)."""
        if columns is None or columns.listed is None:
            return roster_of(households)
        entries: list[tuple[int, Listed, ExportHousehold | int]] = [(h.lines[0], listed_of(h), h) for h in households]
        entries += zip((r.first_line for r in columns.households), columns.listed, itertools.count(), strict=False)
        entries.sort(key=lambda entry: entry[0])
        households_at_hand = _AtHand(
            [entry[2] for entry in entries], columns, self.resolve, restated_reads(self.engine.rulebook)
        )
        return roster_from([entry[1] for entry in entries], households_at_hand)

    def _placed(self, frame: pl.DataFrame, places: pl.DataFrame) -> pl.DataFrame:
        """A chunk's households with the export's 县, 乡 and 村 columns passed through (``places``: theirs, a
        column each named by its header, :attr:`keep`)."""
        if not self.keep:
            return frame
        return frame.hstack(places.select(kept_column(h, kept_name(h), mask=self.mask) for h in self.keep))


#: Whether an export's plain households are read by columns on the batch engine (the row path reads them
#: otherwise: tests compare the two).
BY_COLUMNS = True


def _facts(frame: pl.DataFrame, reads: Collection[str], apart: Sequence[str]) -> pl.DataFrame:
    """The fact columns of ``frame`` in ``reads``, never those ``apart``."""
    return frame.select([c for c in frame.columns if c not in apart and c in reads])


class _AtHand(Sequence["ExportHousehold | FactsAtHand | None"]):
    """A chunk's households, in the order they are scored, as :class:`~fanpin.pipeline.findings.MemberReasons`
    reads them: those the row path read, and for those the column path read, their encoded facts and their
    members' (:class:`~fanpin.pipeline.findings.FactsAtHand`, as the batch engine was given them) taken off
    the column path's frames when a finding first asks (about a third of the households). A household whose
    members' facts cannot be told (none were computed) is read from its rows by the row path."""

    def __init__(
        self,
        items: list[ExportHousehold | int],
        columns: ColumnChunk,
        resolve: Resolver,
        reads: tuple[Collection[str], Collection[str]],
    ) -> None:
        """``items``: a household the row path read, or the position of one among ``columns``' households;
        ``reads``: the household facts and the member facts to take off the frames
        (:func:`~fanpin.pipeline.findings.restated_reads`)."""
        self._items: list[ExportHousehold | int | FactsAtHand | None] = list(items)
        self._columns, self._resolve = columns, resolve
        counts = [len(listed.members) for listed in columns.listed or ()]
        members = columns.members
        #: where each household's members start in the members' frame (None: that frame does not hold them)
        self._starts: list[int] | None = None
        if (
            members is not None
            and members.height == sum(counts)
            and len(counts) == columns.frame.height
            and members.get_column("__household").is_sorted()  # each household's members together, in order
        ):
            self._starts = [0, *itertools.accumulate(counts)]
        # the facts alone, selected once (a selection is a polars query: a millisecond each household); those
        # the findings read, where a household's dozens of facts had all been converted
        household_reads, member_reads = reads
        self._households = _facts(columns.frame, household_reads, ("__line",))
        self._names = self._households.columns
        self._members = None if members is None else _facts(members, member_reads, ("__household", "__who"))
        self._member_names = [] if self._members is None else self._members.columns

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> ExportHousehold | FactsAtHand | None: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[ExportHousehold | FactsAtHand | None]: ...
    def __getitem__(
        self, index: int | slice
    ) -> ExportHousehold | FactsAtHand | Sequence[ExportHousehold | FactsAtHand | None] | None:
        if isinstance(index, slice):
            return [self[i] for i in range(len(self._items))[index]]
        index = range(len(self._items))[index]  # a negative index counted from the end, as a list's
        if isinstance(self._items[index], int):
            self.fetch([index])
        item = self._items[index]
        if isinstance(item, int):  # the frames do not hold its members: read from its rows
            found = [r for r in self._resolve(self._columns.households[item]) if isinstance(r, ExportHousehold)]
            item = self._items[index] = found[0] if len(found) == 1 else None
        return item

    def fetch(self, indexes: Iterable[int]) -> None:
        """The households at ``indexes`` (those read by columns and not yet at hand) taken off the frames at
        once, their rows alone converted: the findings' rows tell which households they restate (about a third
        of a chunk's), where each household had been two polars slices (a millisecond's calls apiece)."""
        starts, frame = self._starts, self._members
        wanted = sorted({i for i in indexes if 0 <= i < len(self._items) and isinstance(self._items[i], int)})
        if starts is None or frame is None or not wanted:
            return
        positions = [cast(int, self._items[i]) for i in wanted]
        households = self._households[positions].rows()
        members = frame[[row for p in positions for row in range(starts[p], starts[p + 1])]].rows()
        at = 0
        for index, position, household in zip(wanted, positions, households, strict=True):
            count = starts[position + 1] - starts[position]
            self._items[index] = FactsAtHand(
                {k: v for k, v in zip(self._names, household, strict=True) if v is not None},
                [dict(zip(self._member_names, member, strict=True)) for member in members[at : at + count]],
            )
            at += count


def _joined(columns: ColumnChunk, rows: Valid) -> Valid:
    """A chunk's households read by columns and those read row by row, in the order of their first lines (the
    batch's), their members with them (``__household``: the household's row in the frame)."""
    first = columns.frame.height
    frame = pl.concat(
        [
            columns.frame.with_columns(pl.int_range(first, dtype=pl.Int64).alias("__from")),
            rows.frame.with_columns(pl.int_range(first, first + rows.frame.height, dtype=pl.Int64).alias("__from")),
        ],
        how="diagonal_relaxed",
    ).sort("__line", maintain_order=True)
    if columns.members is None or rows.members is None:
        return Valid(frame.drop("__from"))
    moved = dict(zip(frame.get_column("__from").to_list(), range(frame.height), strict=True))
    members = pl.concat(
        [columns.members, rows.members.with_columns(pl.col("__household") + first)]
        if "__household" in rows.members.columns
        else [columns.members],
        how="diagonal_relaxed",
    )
    members = members.with_columns(pl.col("__household").replace_strict(moved, return_dtype=pl.Int64)).sort(
        "__household", maintain_order=True
    )
    return Valid(frame.drop("__from"), members=members)


def _born_after(valid: Valid, as_of: date) -> tuple[int, tuple[str, ...]]:
    """How many members of a chunk's valid households were born after ``as_of`` (出生日期, else the date the ID
    number encodes): their age is unknown there, and the rules reading it are not evaluable for them; and the
    户编号 of the first households they are of (:func:`named`; a person's number masked)."""
    if valid.members is not None:
        if "birth_date" not in valid.members.columns:
            return 0, ()
        born = valid.members.get_column("birth_date")
        after = born > (as_of if born.dtype == pl.Date else as_of.toordinal())
        count = int(after.sum() or 0)
        rows = valid.members.filter(after).get_column("__household").unique(maintain_order=True) if count else None
        keys = [] if rows is None else valid.frame.get_column("household_id").gather(rows).to_list()
    else:
        found = [
            household.household_id
            for household in valid.households
            for member in household.members or ()
            if (member.recorded_birth_date or member.birth_date or as_of) > as_of
        ]
        count, keys = len(found), list(dict.fromkeys(found))
    return count, _named_keys(keys)


def _named_keys(keys: Sequence[object]) -> tuple[str, ...]:
    """The first of ``keys`` (户编号) as a run's note names them (:func:`named`: one more than it shows, to tell
    that there are others), a person's number masked (:func:`masked_key`)."""
    return tuple(shown_key(k) for k in map(str, keys[: NAMED_IN_NOTES + 1]))


#: The monitoring months the run's note looks at (:func:`months_after_note`).
MONTH_FACTS = ("identified_month", "eliminated_month")


def _reads_months(book: Rulebook) -> bool:
    """Whether a rule of ``book`` reads 识别监测时间 or 消除监测时间."""
    return any(fact in rule.facts for rule in book.rules.values() for fact in MONTH_FACTS)


#: How many households a run's note of members born or months after the evaluation date names (:func:`named`).
NAMED_IN_NOTES = 3


def _months_after(valid: Valid, as_of: date) -> tuple[int, tuple[str, ...]]:
    """How many households of a chunk have a 识别监测时间 or 消除监测时间 after the month of ``as_of``, and the
    户编号 of the first of them (:func:`named`; a person's number masked: :func:`masked_key`): the
    batch engine's encoded months (``year * 12 + month - 1``), else the households' own (one query a chunk)."""
    now = as_of.year * 12 + as_of.month - 1
    present = [c for c in MONTH_FACTS if c in valid.frame.columns]
    if present:
        later = pl.any_horizontal([pl.col(c) > now for c in present]).fill_null(False)
        count = int(valid.frame.select(later.sum()).item() or 0)
        keys = valid.frame.filter(later).get_column("household_id").head(NAMED_IN_NOTES + 1).to_list() if count else []
    else:
        found = [
            household.household_id
            for household in valid.households
            if any((month := getattr(household, fact)) is not None and month.ordinal > now for fact in MONTH_FACTS)
        ]
        count, keys = len(found), found
    return count, _named_keys(keys)


def _export_chunks(
    made: Derived, kind: str, book: Rulebook, resolve: Resolver, options: dict[str, Any]
) -> ExportChunks:
    """An :class:`ExportChunks` remade in a worker process, with an engine of its own (the facts the rules'
    type-checking made known restored first: the engines look them up by name)."""
    restore(made)
    engine = BatchEngine(book) if kind == "batch" else Engine(book)
    return ExportChunks(engine, resolve, **options)


#: The youngest generation's threshold while an export is read (Python's default: 700 new objects).
GC_THRESHOLD = 50_000


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Python's cyclic garbage collector run less often, then as before: reading an export builds many
    small objects (members, their values) that live until their chunk is scored, and each collection of
    the oldest generation walks them all — a fifth of the reader's time at the default thresholds. The
    objects are freed by reference counting as usual; only the search for cycles is less frequent."""
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], GC_THRESHOLD), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


class _Validated(NamedTuple):
    """A chunk of a household table validated (:meth:`ScoredChunks._validated`): its rows, those refused
    before validation, the valid and the invalid rows, the rows shorter than the header, and what the check
    for repeated ids and the count per region code read of it."""

    height: int
    refused: list[pl.DataFrame]
    valid: Valid
    invalid: pl.DataFrame
    short: int
    #: the valid rows' 户编号 read as the same id, and their hashes (:func:`_id_keys`)
    ids: _IdKeys
    #: the valid rows' households per region code, without where each code is first met (None: not counted)
    counts: RegionCounts | None


@dataclass(frozen=True)
class ReadBatch:
    """A batch of an export read (:meth:`ExportChunks.read`): its households as valid rows, those read row
    by row as models, those read by columns, the rows refused (in line order), the file's rows read, and
    the households per region code."""

    valid: Valid
    households: list[ExportHousehold]
    columns: ColumnChunk | None
    rejected: pl.DataFrame
    rows: int
    counts: RegionCounts


@dataclass(frozen=True)
class Chunk:
    """One chunk of a run: its scored rows, its refused rows, the rows read, and its findings (None when
    not asked for)."""

    scored: pl.DataFrame
    refused: pl.DataFrame
    read: int
    findings: pl.DataFrame | None = None
    #: members born after the evaluation date, whose age is unknown (counted where a rule reads ages)
    born_after: int = 0
    #: households with a monitoring month after the evaluation date's month (counted where a rule reads them)
    months_after: int = 0
    #: the 户编号 of the first of them (:data:`NAMED_IN_NOTES`), masked where a person's number
    months_after_keys: tuple[str, ...] = ()
    #: the 户编号 of the first households of the members born after it (:data:`NAMED_IN_NOTES`)
    born_after_keys: tuple[str, ...] = ()

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        """Pickled (a worker process sends its chunk back) with each frame's text in buffers of its own
        (:func:`compacted`)."""
        findings = None if self.findings is None else compacted(self.findings)
        fields = (compacted(self.scored), compacted(self.refused), self.read, findings, self.born_after)
        return (Chunk, (*fields, self.months_after, self.months_after_keys, self.born_after_keys))


def compacted(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with its text in buffers of its own, to be pickled. A frame gathered or filtered from a
    bigger one (a chunk's scored rows, from the frames the engine worked on) shares the bigger one's text
    buffers (polars' string views) and pickles them whole: a chunk of 5 000 households' scored rows, 4.8 MB
    of values, was 33.8 MB and 100–126 ms to pickle in the worker, 15–20 ms to read back in the run; through
    Arrow's plain strings it is 6.7 MB, 7.6 ms in all. Equal to ``frame`` (the dtypes are kept; a frame
    whose dtypes Arrow does not hold, or would not give back as they were, is given as it is)."""
    try:
        plain = pl.from_arrow(frame.to_arrow(compat_level=pl.CompatLevel.oldest()))
    except (pl.exceptions.PolarsError, ValueError, TypeError, NotImplementedError):  # Arrow's errors are these too
        return frame
    return plain if isinstance(plain, pl.DataFrame) and plain.schema == frame.schema else frame


KeepColumns = Sequence[str] | Literal["all", "none"] | None
"""Which input columns a scored table passes through: ``None`` the columns fanpin does not read (the
default), ``"all"`` every column, ``"none"`` none, or the headers named (known columns too)."""


def absent_columns_note(
    reads: Collection[str], present: Collection[str], household_reads: Collection[str] = ()
) -> list[str]:
    """The note for an export without columns the rules read (``reads``: the member facts they read;
    ``household_reads``: the household facts; ``present``: the :class:`~fanpin.model.Member` fields the
    export has), or none. Such a column reads as empty on every row: a rule that needs its value is not
    evaluable anywhere (劳动力人数 without 劳动技能), and a data check for it left empty (退耕还林面积 not filled
    in) finds every household, a clerk's worksheet of findings that are the export's, not the households'."""
    across = {fact for fact, _ in UNIQUE_FIELDS.values()}  # set by the reader across the file: no column
    sources_of: list[Collection[str]] = [FACT_SOURCES.get(fact, ()) for fact in reads if fact not in across]
    sources_of += [COLUMNS_OF_FACT.get(fact, frozenset()) for fact in household_reads]
    absent = sorted(
        {field for sources in sources_of if sources and not any(s in present for s in sources) for field in sources}
    )
    if not absent:
        return []
    named = ", ".join(export_label(field) for field in absent)
    it, them = ("it", "it") if len(absent) == 1 else ("each", "them")
    return [
        f"the export has no column {named}, which the rules read: {it} reads as empty on every member row, so "
        f"a rule that needs its value is not evaluable, and a data check for {it} left empty finds every "
        f"household (export {them} to check {them})"
    ]


def misnamed_note(name: str, column: str) -> str:
    """The note on a header that looks like the misspelt header of a ``column`` the file lacks (its header
    and field, ``合规自付支出 (medical_out_of_pocket)``: :func:`~fanpin.model.columns.misnamed_columns`)."""
    return (
        f"the column {mask_numbers(name)} is not one fanpin reads; did you mean {column}? The file has no such "
        "column, so that fact is unknown on every row: rename the column if it is that one"
    )


def derived_note(name: str, field: str) -> str:
    """The note on a header naming a value fanpin derives from the other columns (人均纯收入:
    :func:`~fanpin.model.columns.derived_columns`), which a user may have meant it to read."""
    return (
        f"the column {mask_numbers(name)} is a value fanpin derives from the other columns ({field}): "
        "it is passed through, not read"
    )


def export_derived_note(name: str, field: str, from_rows: bool) -> str:
    """The note on a column of an export naming a value fanpin derives (:func:`derived_export_columns`): from the
    household's member rows (家庭人口数, ``from_rows``), or from its other columns (家庭纯收入), as
    :func:`derived_note` says it of a household table's; an export passes no such column through."""
    source = "each household's member rows" if from_rows else "the other columns"
    return f"the column {mask_numbers(name)} is a value fanpin derives from {source} ({field}): it is not read"


def table_notes(header: Sequence[str], present: Collection[str]) -> list[str]:
    """The notes on a household table's headers: those close to a column it lacks
    (:func:`misnamed_note`), and those naming a value fanpin derives (:func:`derived_note`)."""
    return [
        *(misnamed_note(name, header_label(ALIASES[near])) for name, near in misnamed_columns(header, present)),
        *(derived_note(name, field) for name, field in derived_columns(header)),
    ]


def kept_columns(info: HouseholdFile, keep: KeepColumns, notes: list[str], *, mask: bool = True) -> list[str]:
    """The input headers passed through to the scored table, in the file's order (see :data:`KeepColumns`).

    户编号 and 行政区划代码 are output columns already: left out (with a note when they were asked for). A
    header that is the name of another output column (``alert_level``, 预警等级 …) would stand beside
    fanpin's own, which a reader of the file could not tell apart: left out with a note, whatever
    ``keep`` is (it had been dropped without a word unless named). A header holding an ID,
    phone or bank card number (a value typed into the header row) would write it in clear as a column
    name: left out with a note, unless ``mask`` is off (``--keep-identities``). A header named that the
    file does not have stops the run (exit 2) with the headers it has.
    """
    header = [h for h in dict.fromkeys(info.columns) if h]
    unnamed = [str(i) for i, h in enumerate(info.columns, start=1) if not h]
    if unnamed and keep is not None and keep != "none":  # by default, said by the columns fanpin reads alone
        notes.append(
            f"the column(s) at position {', '.join(unnamed)} have no header: they are not passed through "
            "(give them a header to keep them)"
        )
    if keep is None:
        chosen = [h for h in dict.fromkeys(info.passthrough) if h]
    elif keep == "none":
        return []
    elif keep == "all":
        chosen = header
    else:
        chosen = []
        # a header holding a comma, named in one text (--keep-columns '其他，说明'): its pieces joined again
        for name in keep.resolved(header) if isinstance(keep, NamedHeaders) else keep:
            same = [h for h in header if ALIASES.get(h) == ALIASES.get(name, "")]  # its other-language header
            found = name if name in header else next(iter(same), None)
            if found is None and str(info.path) == "<table>":  # Scorer.score's data: no file, no line
                raise InputFileError(
                    f"keep_columns names {name!r}, which the table (data) does not have",
                    fix=f'name columns it has ({", ".join(header)}), or keep all (keep_columns="all")',
                )
            if found is None:  # in the command's words: a host's call names its parameter (fanpin._host.host_error)
                raise InputFileError(
                    f"--keep-columns names {name!r}, which the file does not have",
                    fix=f"name columns of its header ({', '.join(header)}), or keep all (--keep-columns all)",
                    location=Location(str(info.path), info.header_line),
                )
            chosen.append(found)
    output_names = set(OUTPUT_COLUMNS) | {h for names in HEADERS.values() for h in names.values()}
    kept = []
    for h in dict.fromkeys(chosen):
        if ALIASES.get(h) in ("household_id", "region_code"):  # the output's own, as read
            if keep not in (None, "all"):
                notes.append(f"--keep-columns: {h} is an output column already; it is not repeated")
            continue
        if h in output_names:  # a column of the input's own (a level a tool of the county wrote) had been lost
            notes.append(
                f"the column {h} is not passed through: it is the name of a column of the scored table (its id or "
                "its header in either language), which holds fanpin's result; rename the input's column to keep it"
            )
            continue
        if mask and mask_numbers(h) != h:
            notes.append(
                f"the column {mask_numbers(h)} is not passed through: its header holds an ID, phone or bank card "
                "number, which would be written in clear as a column name (--keep-identities keeps it)"
            )
            continue
        kept.append(h)
    return kept


#: The chunks checked for repeated 户编号 by remembering every id while the first pass has not answered:
#: a few, so that the ids held stay a few hundred thousand (the first pass reads ten times faster than
#: chunks are scored, and usually answers within the first two).
EARLY_CHUNKS = 4

#: The seed of the 户编号 hashes that narrow the check for repeated ids (any fixed value: both passes use it).
_SEED = 20_240_601


class _IdKeys(NamedTuple):
    """A chunk's 户编号 (as the model reads them) each read as the same id
    (:func:`~fanpin.io.key_scan.id_key_texts`), and their hashes (:func:`_hashed`)."""

    keys: pl.Series
    hashes: pl.Series


def _id_keys(ids: pl.Series) -> _IdKeys:
    """:class:`_IdKeys` of the 户编号 ``ids``."""
    keys = id_key_texts(ids)
    return _IdKeys(keys, keys.to_frame().select(_hashed(pl.first())).to_series())


def _across_chunks(
    valid: Valid, candidates: pl.Series | None, seen: SeenIds, id_header: str, ids: _IdKeys | None = None
) -> tuple[Valid, pl.DataFrame]:
    """Refuses a row whose 户编号 an earlier valid row already had, in this chunk or an earlier one, and each
    row of an id written two ways (:class:`~fanpin.io.keys.SeenIds`) (``candidates``: the hashes of the ids
    that may occur more than once in the file, from :func:`_duplicate_candidates`; None: check every id;
    ``ids``: the rows' :func:`_id_keys`, when made already). The check itself compares the ids."""
    frame, refusal = _repeats(valid.frame, candidates, seen, id_header, ids)
    return (valid if frame is valid.frame else replace(valid, frame=frame)), refusal


def _repeats(
    frame: pl.DataFrame, candidates: pl.Series | None, seen: SeenIds, id_header: str, made: _IdKeys | None = None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """:func:`_across_chunks` of a frame of valid rows (``household_id``, ``__line``): the rows kept, and the
    refusals."""
    ids = frame.get_column("household_id")
    keys, hashes = _id_keys(ids) if made is None else made
    # every row looked at (no candidates), or those whose hash is a candidate's: the row list made only then
    mask = (
        hashes.is_in(candidates.implode())
        if candidates is not None
        else pl.repeat(True, frame.height, dtype=pl.Boolean, eager=True)
    )
    repeated: list[int] = []
    reasons: list[str] = []
    # the cell as written (5.00, where the 户编号 is 5), shown as the row's value: it had been the code, which the
    # clerk could not find in the file (households given as records have none but the code)
    written = frame.get_column(ID_WRITTEN) if ID_WRITTEN in frame.columns else ids
    lines = frame.get_column("__line").filter(mask).to_list()
    checked = zip(
        mask.arg_true().to_list(), ids.filter(mask).to_list(), keys.filter(mask).to_list(), lines, strict=True
    )
    for position, household_id, key, line in checked:
        reason = seen.reason(household_id, key, line)
        if reason is not None:
            repeated.append(position)
            first = seen.first_line(household_id) if reason == DUPLICATE_ID else None
            if first is not None:  # naming the line of its first row (every id looked at here has its line)
                reason = duplicate_reason(written[position], household_id, first)
            reasons.append(reason)
    dropped = frame[repeated] if repeated else frame.clear()
    refusal = dropped.select(
        pl.col("__line").cast(pl.Int64).alias("line"),
        pl.col("household_id").alias("household_id"),
        pl.lit(id_header).alias("column"),
        (pl.col(ID_WRITTEN) if ID_WRITTEN in frame.columns else pl.col("household_id")).alias("value"),
        pl.Series("reason", reasons, dtype=pl.String),
    )
    if repeated:
        frame = frame.with_row_index("__position").filter(~pl.col("__position").is_in(repeated)).drop("__position")
    return frame, refusal


def _candidate_lines(seen: SeenIds, candidates: pl.Series) -> None:
    """Keeps the first lines ``seen`` remembered for the first chunks (every id's, until the first pass
    answered) for the ids whose hash is among ``candidates`` alone (:func:`_duplicate_candidates`): no other
    id recurs in the file, and a line a row is some 70 bytes (some 20 MB for the first 4 chunks of 75 000)."""
    if not seen.lines:
        return
    spellings = pl.Series("household_id", list(seen.lines), dtype=pl.String)
    kept = spellings.filter(_id_keys(spellings).hashes.is_in(candidates.implode())).to_list()
    seen.lines = {spelling: seen.lines[spelling] for spelling in kept}


#: A repeat's reason's end naming the line of the first row of its 户编号 (:data:`DUPLICATE_FIRST`), that line read.
_FIRST_ON_LINE = re.escape(DUPLICATE_FIRST.removeprefix(DUPLICATE_ID)).replace(re.escape("{line}"), r"(\d+)") + "$"


def first_lines_carried(invalid: pl.DataFrame, repeated: pl.DataFrame) -> pl.DataFrame:
    """A chunk's refusals (``invalid``) with each repeat of a 户编号 found within the chunk naming the line of
    the file's first row of it: the batch validator names the chunk's first (:func:`fanpin.batch.validate.validate`),
    which the check across chunks may refuse in turn as a repeat of an earlier chunk's row (``repeated``); its
    line is named then, as where the rows are in chunks of one (and by the per-household engine, which leaves
    every repeat to that check): the same reason whatever the chunk size."""
    if not repeated.height or not invalid.height:
        return invalid
    reason = pl.col("reason")
    first = pl.when(reason.str.starts_with(DUPLICATE_ID)).then(reason.str.extract(_FIRST_ON_LINE, 1).cast(pl.Int64))
    moved = repeated.select(pl.col("line").cast(pl.Int64).alias("__in"), first.alias("__to")).drop_nulls()
    if not moved.height:
        return invalid
    named = invalid.with_columns(first.alias("__in")).join(moved, on="__in", how="left", maintain_order="left")
    carried = pl.concat_str(
        reason.str.replace(_FIRST_ON_LINE, ""),
        pl.lit(DUPLICATE_FIRST.removeprefix(DUPLICATE_ID).removesuffix("{line}")),
        pl.col("__to").cast(pl.String),
    )
    return named.with_columns(
        pl.when(pl.col("__to").is_not_null()).then(carried).otherwise(reason).alias("reason")
    ).drop("__in", "__to")


def table_repeats(frame: pl.DataFrame, id_header: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The valid rows of a whole table (``household_id``, ``__line``) without those of an id written two ways
    (:class:`~fanpin.io.keys.SeenIds`: every row of it) or repeated, and their refusals: what a file's run
    refuses of them."""
    found: set[str] = set()
    _repeats(frame, None, SeenIds(frozenset(), found), id_header)  # which ids are written two ways
    return _repeats(frame, None, SeenIds(frozenset(found), set()), id_header)


def _split_by_polars(info: HouseholdFile, exact: bool) -> bool:
    """Whether a CSV's chunks and its first pass are cut by fanpin and parsed by polars (from a UTF-8
    copy when the file is GBK or GB18030), rather than read row by row."""
    return info.encoding in ("utf-8", "utf-8-sig", "gbk", "gb18030") and bool(info.line_end) and not exact


def _duplicate_candidates(
    info: HouseholdFile, folder: Path, exact: bool, chunk_rows: int, stop: threading.Event | None = None
) -> pl.Series | None:
    """The 32-bit hashes (:func:`_hashed`) shared by more than one 户编号 of the file, the ids as the
    model reads them and each as the same id (:class:`~fanpin.io.keys.SeenIds`): a superset of the repeated
    ids (and of those written two ways), found in a first pass over the file (None: the file is read row by
    row, and every id is checked; or ``stop`` was set, and no answer is needed).

    The 户编号 column is read a block at a time (:func:`fanpin.io.chunks.column_cells`); four bytes a row
    are kept and sorted in place: 120 MB for 30 million households, where the ids themselves would take
    gigabytes. A hash two ids share by
    chance only makes both of them candidates.
    """
    id_header = next(h for h, f in info.field_of.items() if f == "household_id")
    index = max(i for i, h in enumerate(info.columns) if h == id_header)
    cells: Iterator[pl.Series]
    if info.encoding == "parquet":
        ids = pl.scan_parquet(info.path).select(pl.nth(index).cast(pl.String))
        cells = (batch.to_series() for batch in ids.collect_batches(chunk_size=chunk_rows, maintain_order=False))
    elif _split_by_polars(info, exact):
        source = info.path if info.encoding.startswith("utf-8") else folder / UTF8_COPY
        if not source.exists():
            source = utf8_copy(info.path, info.encoding, folder)
        cells = column_cells(source, info, index)
    else:
        return None
    parts: list[np.ndarray] = []
    try:
        for batch in cells:
            if stop is not None and stop.is_set():
                return None
            keys = _cell_id_keys(batch, bom=index == 0).drop_nulls()
            parts.append(keys.to_frame().select(_hashed(pl.first())).to_series().to_numpy())
    except (RowByRow, pl.exceptions.PolarsError):
        return None  # polars cannot split the file: the chunks say why; meanwhile every id is checked
    hashes = np.concatenate(parts) if parts else np.empty(0, dtype=np.uint32)
    del parts
    hashes.sort()
    repeated = np.unique(hashes[1:][hashes[1:] == hashes[:-1]])
    return pl.Series("hash", repeated, dtype=pl.UInt32)


def _cell_id_keys(cells: pl.Series, *, bom: bool) -> pl.Series:
    """Each 户编号 cell as the model reads it (:func:`~fanpin.batch.validate.household_key`, null when empty) and
    as the same id (:func:`~fanpin.io.key_scan.id_key_texts`); ``bom``: the file's first column, whose cell
    may begin with a joined file's byte-order mark, as the chunks read it. A cell of digits alone is its own
    key (neither reading changes it): the others, few, are read (a million cells: 177 → 35 ms)."""
    odd = (~cells.str.contains(OWN_KEY).fill_null(False)).arg_true()
    if not odd.len():
        return cells
    cell = pl.col("id").str.strip_prefix(BOM) if bom else pl.col("id")
    read = id_key_texts(cells.gather(odd).to_frame("id").select(household_key(cell)).to_series())
    return cells.clone().scatter(odd, read)


def _hashed(ids: pl.Expr) -> pl.Expr:
    """A 户编号's hash for the check for repeated ids: 32 bits of polars' hash, with a fixed seed."""
    return (ids.hash(_SEED) & 0xFFFF_FFFF).cast(pl.UInt32)
