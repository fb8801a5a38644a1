"""Writing scored chunks: CSV, Parquet, .xlsx and JSON Lines tables, and the errors file.

Every writer takes frames of text columns, chunk after chunk, and is closed once at the end. The
pipeline (:mod:`fanpin.pipeline`) points them at ``NAME.part`` files and renames those when the run
is complete, so a stopped run never leaves a half-written file under the real name.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import BinaryIO, Literal, Protocol

import polars as pl

from fanpin.model.values import INVISIBLE_CHARACTER, visible
from fanpin.results.columns import REJECTED_COLUMNS, REJECTED_HEADERS, header
from fanpin.results.reasons import reason_text
from fanpin.results.sentences import Lang
from fanpin.results.table import csv_text
from fanpin.rulebook import Rulebook, load_rulebook

__all__ = [
    "FORMATS",
    "STATED_AS_OF",
    "STATED_VERSION",
    "Format",
    "Headers",
    "RejectedSink",
    "TableSink",
    "as_given",
    "reasons_in",
    "spreadsheet_safe",
    "stated_run",
    "table_sink",
]


Format = Literal["csv", "xlsx", "parquet", "jsonl"]
#: How a table's columns are headed: in the run's language (户编号 …, as ``fanpin score`` writes them) or by
#: their ids (``household_id`` …, as the library's DataFrames name them).
Headers = Literal["lang", "ids"]


FORMATS: tuple[Format, ...] = ("csv", "xlsx", "parquet", "jsonl")


def refuse_spaced_name(path: Path, option: str) -> None:
    """Refuses an output ``path`` whose file name ends with a space (``--out "scored.csv "``, pasted with a stray
    space): its suffix read ``.csv `` and was refused as a format fanpin writes none of (``fanpin writes no .csv
    file``), which the eye could not tell from the name; or, without a suffix, a file written under a name
    no one would type again."""
    from fanpin.errors import ConfigError

    if path.name != path.name.rstrip():
        raise ConfigError(
            f"{option} {path}: the file name ends with a space",
            fix=f"write it without the space: {option} {path.with_name(path.name.rstrip())}",
        )


def format_of(path: Path, option: str, *, listed: str = ".csv, .xlsx, .parquet or .jsonl", more: str = "") -> Format:
    """The format an output path's suffix names (``.ndjson`` is JSON Lines); CSV for a name without a
    suffix (a device, a pipe) or ``.txt``. Another suffix is a :class:`~fanpin.errors.ConfigError` naming
    ``option`` (a CSV written into scored.json would be misread by whatever opens it); ``listed`` and
    ``more`` word its fix."""
    from fanpin.errors import ConfigError

    refuse_spaced_name(path, option)
    suffix = path.suffix.lower().lstrip(".")
    suffix = "jsonl" if suffix == "ndjson" else suffix
    if suffix in ("", "txt"):
        return "csv"
    known = next((f for f in FORMATS if f == suffix), None)
    if known is None:
        hint = "JSON Lines is written to .jsonl; " if suffix == "json" else ""
        raise ConfigError(
            f"{option} {path}: fanpin writes no .{suffix} file", fix=f"{hint}name the file {listed}{more}"
        )
    return known


def output_format(out: Path | None, fmt: Format | None, *, option: str = "--out", given: str = "--format") -> Format:
    """The format to write ``out`` in: ``fmt`` if given (``option`` and ``given`` name the two in messages),
    else its suffix's (:func:`format_of`; CSV for no ``out``, the standard output). A ``fmt`` that the suffix
    contradicts is refused: a workbook written into ``scored.csv`` or ``scored.txt`` would be misread by
    whatever opens it, as a CSV into ``scored.json`` would. ``fmt`` names the format of a suffix that names
    none (``scored.json``, a device); ``.txt`` is text, CSV or JSON Lines."""
    from fanpin.errors import ConfigError

    if fmt is None:
        return format_of(out, option, more=f", or give {given}") if out is not None else "csv"
    if out is not None:
        refuse_spaced_name(out, option)
    suffix = out.suffix.lower() if out is not None else ""
    if out is not None and suffix == ".txt" and fmt in ("xlsx", "parquet"):
        raise ConfigError(
            f"{option} {out} is named for text, but {given} {fmt} writes a binary file",
            fix=f"name the file {out.stem}.{fmt}, or leave {given} out",
        )
    if out is not None and suffix not in ("", ".txt"):
        try:
            named = format_of(out, option)
        except ConfigError:
            return fmt  # a suffix fanpin writes no format for: fmt says which
        if named != fmt:
            raise ConfigError(
                f"{option} {out} is named for {named}, but {given} is {fmt}",
                fix=f"name the file {out.stem}.{fmt}, or leave {given} out",
            )
    return fmt


class TableSink(Protocol):
    def write(self, frame: pl.DataFrame) -> None: ...
    def write_rejected(self, frame: pl.DataFrame) -> None:
        """The refused rows of the chunk (the township workbook has a sheet of them; other formats leave
        them to the errors file)."""
        ...

    def close(self) -> None: ...


#: Text a spreadsheet would run as a formula (=, +, -, @, or a tab or carriage return first) when it is
#: not a plain number: the CSV cell gets a leading ' so that Excel shows it as text. Text that is such a
#: cell after quotes of its own (a household's '=A) gets one too: a cell's first ' is then fanpin's exactly
#: when the rest would get one, and :func:`as_given` takes it off again without taking the household's. The
#: full-width = + - @ (U+FF1D, U+FF0B, U+FF0D, U+FF20: a Chinese or Japanese input method's full-width mode types
#: them) count as their ASCII forms: a spreadsheet used with such an input method takes a leading full-width =
#: for =, and such a cell had been written as it was.
_FULL_WIDTH_SIGNS = "\uff1d\uff0b\uff0d\uff20"
_FORMULA = r"^'*[=+\-@\t\r" + _FULL_WIDTH_SIGNS + "]"
#: A plain number, which stays as it is (``+1``, ``-1``, ``-1,000.50``: a spreadsheet reads the number it is): a
#: sign, digits (commas may group them), at most one point, all ASCII. A sign before anything else (``-2+3``,
#: ``+SUM(A1)``, ``+86 138 …``) is escaped as ``=`` is (tests/both_engines/test_writes.py), and so is a full-width
#: sign before anything, full-width digits too (a full-width -100 or +86 138 …): fanpin reads no full-width number
#: as a number (README "full-width digits"), and a CSV cell is no place to guess what a spreadsheet makes of one.
_NUMBER = r"^'*[+-]?[0-9][0-9,]*(?:\.[0-9]*)?$"
#: Where the full-width signs start, as :func:`_may_be_formula` compares strings: UTF-8 writes + (U+FF0B), -, =
#: and @ (U+FF20) full-width as EF BC 8B to EF BC A0, above any ASCII byte and the Chinese characters (E4 to E9).
_FULL_WIDTH_FROM = "\uff0b"


def _may_be_formula(cell: pl.Expr) -> pl.Expr:
    """True for every cell whose first character is one of ``_FORMULA``'s (and for some others): strings compare
    byte by byte, and tab, CR, ', + and - sort below "0", = and @ from "=" up to "A", and the full-width signs
    (three bytes of UTF-8 from 0xEF, which the two tests of ASCII never passed) from "\uff0b" up. That last test
    has no upper bound: a cell starting with a character from U+FF0B on (a full-width letter, ￥, an emoji) is
    rare, and its column only pays for the regular expressions, which decide; a bound cost a comparison more on
    every cell (200 000 rows of the scored table, 64 columns, the column test alone: 0.102 CPU seconds with the
    ASCII tests only, 0.123 with this one, 0.146 with a bound). Comparisons of the first bytes cost about half of
    the anchored regular expression and a third of both expressions on every cell (0.16 against 0.57 CPU seconds
    per million rows of the scored table, with the ASCII tests only)."""
    return (cell < "0") | ((cell >= "=") & (cell < "A")) | (cell >= _FULL_WIDTH_FROM)


def _neutralised(frame: pl.DataFrame) -> pl.DataFrame:
    """Cells that would be formulas in a spreadsheet, as text (OWASP's CSV-injection advice).

    Every text column is tested, whatever fills it: sentences and kept input columns hold the household's
    own text. A cheap test on the first byte (:func:`_may_be_formula`) picks the columns of this frame
    that may hold such a cell; only those pay for the two regular expressions. An empty or null cell is
    never changed."""
    text = [c for c, dtype in frame.schema.items() if dtype == pl.String]
    if not text or not frame.height:
        return frame
    found = frame.select(_may_be_formula(pl.col(c)).any() for c in text).row(0)
    risky = [
        pl.when(_escaped(pl.col(c))).then(pl.lit("'") + pl.col(c)).otherwise(pl.col(c)).alias(c)
        for c, maybe in zip(text, found, strict=True)
        if maybe
    ]
    return frame.with_columns(risky) if risky else frame


def spreadsheet_safe(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with each text cell a spreadsheet would run as a formula (``=cmd|…``, ``+``, ``-``, ``@`` or their
    full-width forms, U+FF1D, U+FF0B, U+FF0D, U+FF20, a tab or carriage return first) given a leading ``'``, as
    fanpin's own CSV writes them: for a host's or a script's own table of the households' text (a 乡 name from the
    export) before it writes it as CSV."""
    return _neutralised(frame)


def _escaped(cell: pl.Expr) -> pl.Expr:
    """True for the cells :func:`_neutralised` gives a leading '."""
    return cell.str.contains(_FORMULA) & ~cell.str.contains(_NUMBER)


def as_given(cell: pl.Expr) -> pl.Expr:
    """A CSV cell fanpin wrote as the text it was given: the leading ' that :func:`_neutralised` added taken
    off, and nothing else (a household's own '=A was written ''=A, and reads '=A again; its 'abc was written
    as it is). For a reader of fanpin's own CSV that shows the text elsewhere than in a spreadsheet."""
    rest = cell.str.slice(1)
    return pl.when(cell.str.starts_with("'") & _escaped(rest)).then(rest).otherwise(cell)


def _no_empty_string(cell: pl.Expr) -> pl.Expr:
    """Empty text as null, so that polars writes an empty CSV field as Python's csv module does (polars
    writes an empty string as ``""``)."""
    return cell.replace("", None)


@contextlib.contextmanager
def written_to(path: Path) -> Iterator[None]:
    """Around a write of ``path`` by polars: its error for a write the disk or device did not take (an
    OSError with its error number in its text only, ``No space left on device (os error 28)``, or a
    ComputeError of a Parquet writer, "transport error") is an OSError naming ``path``, as Python's own
    writes give, so that the run names the file that failed (it had named the --out file whichever failed)."""
    try:
        yield
    except (OSError, pl.exceptions.ComputeError) as exc:
        if isinstance(exc, OSError) and exc.filename is not None:
            raise
        if isinstance(exc, pl.exceptions.ComputeError) and not re.search(
            r"IO error|transport error|os error", str(exc)
        ):
            raise
        number = os_error_number(exc) or errno.EIO
        if number == errno.EPIPE:  # a pipe closed stays the pipe's: the command ends quietly
            raise
        # any other: the output's error, named by its path (a socket as --out - for Parquet, ENXIO, had been an
        # internal error)
        raise OSError(number, os.strerror(number), str(path)) from None


def os_error_number(exc: BaseException) -> int | None:
    """An OSError's error number, or the one polars puts in its text only (``No space left on device (os
    error 28)``: an OSError without ``errno``, or a ComputeError of its Parquet writer); None for neither."""
    number = exc.errno if isinstance(exc, OSError) else None
    if number is None and isinstance(exc, OSError | pl.exceptions.PolarsError):
        found = re.search(r"\(os error ([0-9]+)\)", str(exc))
        number = int(found[1]) if found else None
    return number


#: The bytes a JSON Lines table writes before it gives them back to the system (:func:`drop_written`): its
#: chunk of 75 000 households is some 340 MB, whose pages the next chunk could not reuse. 600 000 households,
#: chunks advised whole against slices of this size, three alternating pairs: 7.53–7.87 s against 7.31–7.65 s,
#: system time 1.7–2.2 s against 1.4–1.6 s, the same bytes. A CSV chunk is some 32 MB.
ADVISED_BYTES = 32 << 20


def drop_written(stream: BinaryIO) -> None:
    """Tell the system that the bytes written to ``stream`` so far will not be read again by this run, so
    that their pages of memory (the file's cache) are written out and taken back for the next chunk's.

    Without this advice a run keeps its whole output in the system's file cache, on fresh pages taken one
    by one. On a virtual machine that hands its free memory back to its host, as this project's benchmark
    machine does, a fresh page costs a fault on the host too: writing 425 MB to a new file took 3.6 to 6 s
    where rewriting a file of that size (its own pages taken back) took 0.45 s, and scoring 1 000 000
    households spent 4 of its 10 s in the kernel copying into fresh pages. With the advice after each
    chunk, the pages written out are reused: 9.2–10.0 s became 7.8–8.5 s (three pairs, alternating), the
    system time 4.3 → 1.9 s. The advice starts writing the chunk to disk now rather than within half a
    minute, and does not wait for it. A pipe, a device or a system without ``posix_fadvise`` takes none:
    nothing changes."""
    if not hasattr(os, "posix_fadvise"):
        return
    with contextlib.suppress(OSError):  # a pipe (ESPIPE), a device, a stream without a file: advice only
        os.posix_fadvise(stream.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)


def linked_match(path: Path, pattern: re.Pattern[str]) -> re.Match[str] | None:
    """``pattern`` matched by ``path`` itself or by a path of the chain of links it starts (``/dev/stdout`` →
    ``/proc/self/fd/1``), else None. abspath, not resolve: each link of the chain is looked at, not only where
    the chain ends."""
    current = Path(os.path.abspath(path))  # noqa: PTH100
    for _ in range(40):  # the kernel's own limit on a chain of links
        named = pattern.fullmatch(str(current))
        if named is not None or not current.is_symlink():
            return named
        link = current.readlink()
        current = Path(os.path.abspath(link if link.is_absolute() else current.parent / link))  # noqa: PTH100
    return None


def descriptor_of(path: Path) -> int | None:
    """The number of this process's own open file descriptor that ``path`` names, itself or through a chain
    of links (``/dev/stdout`` → ``/proc/self/fd/1``: 1; ``/dev/fd/3``: 3), else None."""
    own = re.compile(rf"/proc/(?:self|thread-self|{os.getpid()})(?:/task/[0-9]+)?/fd/([0-9]+)|/dev/fd/([0-9]+)")
    named = linked_match(path, own)
    return int(named[1] or named[2]) if named is not None else None


def opened(path: Path) -> BinaryIO:
    """``path`` opened to be written. A path naming one of this process's own open descriptors (``--out -``,
    ``/dev/stdout``) is written through that descriptor, the stream the shell gave the process, not opened
    again by its path: that was refused when standard output is a socket (``No such device or address``) or
    a pipe another user made (``Permission denied``). What Python holds of standard output is written first."""
    number = descriptor_of(path)
    if number is None:
        return path.open("wb")
    if number == 1:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            sys.stdout.flush()
    return os.fdopen(os.dup(number), "wb")


@contextlib.contextmanager
def staged(path: Path, name: str) -> Iterator[Path]:
    """Where to write a whole file (a Parquet table, a workbook) that goes to ``path``: ``path`` itself, or,
    for a path naming one of this process's own descriptors (``--out -``), a temporary file ``name`` that is
    copied there through the descriptor (:func:`opened`) once it is complete. Such a writer may go back in
    its file to finish it (a workbook's archive: its bytes differed when written to a pipe), and standard
    output may be a pipe or a socket, which cannot go back, nor be opened again by its path; the file is
    held on the temporary folder's disk, not in memory, and a run that fails before it is complete writes
    nothing there. An error of the copy names ``path`` (:func:`written_to`); a pipe closed by its reader is
    the pipe's (EPIPE), as for the other formats."""
    if descriptor_of(path) is None:
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="fanpin-whole-") as folder:
        whole = Path(folder) / name
        yield whole
        with written_to(path), opened(path) as stream, whole.open("rb") as source:
            shutil.copyfileobj(source, stream, COPIED_BYTES)


#: The bytes :func:`staged` copies at a time.
COPIED_BYTES = 1 << 20


class _CsvTable:
    def __init__(self, path: Path, columns: Sequence[str]) -> None:
        self.path = path
        self.stream = opened(path)
        self.columns = list(columns)
        self.first = True

    def write(self, frame: pl.DataFrame) -> None:
        """A frame whose text columns may hold empty strings and formulas."""
        self.write_cells(frame.with_columns(_no_empty_string(pl.col(pl.String))))

    def write_cells(self, frame: pl.DataFrame) -> None:
        """A frame whose text columns hold no empty string (null instead): formulas are neutralised here,
        in the header row too (a passed-through column's header is the input's own text)."""
        with written_to(self.path):
            if self.first:
                self._write_header(frame.columns)
            _neutralised(frame).write_csv(self.stream, include_header=False)
        self.first = False
        drop_written(self.stream)

    def _write_header(self, names: Sequence[str]) -> None:
        """The byte-order mark and the header row, written by polars as a row of text (the same quoting as
        its own header), with its formulas neutralised as the cells' are."""
        if not names:  # no column: polars writes the mark and an empty line
            pl.DataFrame().write_csv(self.stream, include_header=True, include_bom=True)
            return
        row = pl.DataFrame([list(names)], schema=[f"c{i}" for i in range(len(names))], orient="row")
        _neutralised(row).write_csv(self.stream, include_header=False, include_bom=True)

    def close(self) -> None:
        try:
            if self.first:
                self.write(pl.DataFrame(schema=dict.fromkeys(self.columns, pl.String)))
        finally:  # closed even when its last write fails (a full disk)
            with written_to(self.path):
                self.stream.close()


#: The keys of a scored Parquet table's file metadata that state the run's evaluation date (ISO) and rulebook
#: version: a table of no row has them too, where its columns hold none (:func:`stated_run`).
STATED_AS_OF, STATED_VERSION = "fanpin.as_of", "fanpin.rulebook_version"


def stated_run(as_of: date | None, version: str | None) -> dict[str, str] | None:
    """The file metadata of a scored Parquet table: the run's evaluation date and rulebook version, or None."""
    stated = {STATED_AS_OF: as_of.isoformat()} if as_of is not None else {}
    stated |= {STATED_VERSION: version} if version else {}
    return stated or None


class _ParquetTable:
    """Chunks as part files in a temporary folder, joined by polars' streaming sink at the end (for standard
    output, into a temporary file sent there once whole: :func:`staged`), with ``metadata`` as the file's
    key-value metadata."""

    def __init__(
        self,
        path: Path,
        columns: Sequence[str],
        schema: Mapping[str, pl.DataType] | None = None,
        metadata: dict[str, str] | None = None,
    ) -> None:
        self.path = path
        self.columns = list(columns)
        self.schema = dict(schema) if schema is not None else dict.fromkeys(self.columns, pl.String())
        self.metadata = metadata
        self.folder = tempfile.TemporaryDirectory(prefix="fanpin-parts-")
        self.parts: list[Path] = []

    def write(self, frame: pl.DataFrame) -> None:
        part = Path(self.folder.name) / f"{len(self.parts):06d}.parquet"
        frame.write_parquet(part)
        self.parts.append(part)

    def close(self) -> None:
        try:
            with staged(self.path, "table.parquet") as whole, written_to(whole):
                if self.parts:
                    pl.scan_parquet(self.parts).sink_parquet(whole, metadata=self.metadata)
                else:
                    pl.DataFrame(schema=self.schema).write_parquet(whole, metadata=self.metadata)
        finally:
            self.folder.cleanup()


class _JsonlTable:
    """JSON Lines from scored frames whose ``json`` column holds each row's JSON text."""

    def __init__(self, path: Path, columns: Sequence[str]) -> None:
        self.path = path
        self.stream = opened(path)

    def write_rejected(self, frame: pl.DataFrame) -> None:
        pass

    def write(self, frame: pl.DataFrame) -> None:
        # One JSON text a line, written by polars (no Python string per row): a JSON text holds no raw
        # line break, and with quoting off the CSV writer writes each cell as it is. A chunk is written in
        # slices of about ADVISED_BYTES, each given back to the system once written (drop_written).
        if not frame.height:
            return
        texts = frame.select("json")
        size = int(texts.get_column("json").str.len_bytes().sum()) + frame.height  # a line end each
        rows = max(1, frame.height * ADVISED_BYTES // size)
        for start in range(0, frame.height, rows):
            with written_to(self.path):
                texts.slice(start, rows).write_csv(self.stream, include_header=False, quote_style="never")
            drop_written(self.stream)

    def close(self) -> None:
        with written_to(self.path):
            self.stream.close()


class _Table(Protocol):
    def write(self, frame: pl.DataFrame) -> None: ...
    def close(self) -> None: ...


class _Headed:
    """A table writer given typed frames with column ids, writing the headers of ``lang``."""

    def __init__(self, table: _Table, names: dict[str, str]) -> None:
        self.table, self.names = table, names

    def write(self, frame: pl.DataFrame) -> None:
        self.table.write(frame.rename({c: self.names[c] for c in frame.columns if c in self.names}))

    def write_rejected(self, frame: pl.DataFrame) -> None:
        pass

    def close(self) -> None:
        self.table.close()


class _HeadedCsv(_Headed):
    """:class:`_Headed` for CSV: the typed frame as text (:func:`fanpin.results.table.csv_text`) in ``lang``."""

    def __init__(self, table: _CsvTable, names: dict[str, str], lang: str) -> None:
        super().__init__(table, names)
        self.csv, self.lang = table, lang

    def write(self, frame: pl.DataFrame) -> None:
        # Each column's final text with empty cells as null at once (csv_text), where the text, then a
        # replace over every text column, took a pass over the chunk each; the table then neutralises
        # formulas, on the columns that may hold one.
        cells = csv_text(frame, self.lang, empty_as_null=True)
        self.csv.write_cells(cells.rename({c: self.names[c] for c in cells.columns if c in self.names}))


def table_sink(
    fmt: Format,
    path: Path,
    schema: Mapping[str, pl.DataType],
    lang: Lang = "zh",
    book: Rulebook | None = None,
    headers: Headers = "lang",
    *,
    as_of: date | None = None,
    version: str | None = None,
) -> TableSink:
    """A writer of scored chunks in ``fmt`` (CSV, Parquet, .xlsx; JSON Lines from a ``json`` column).

    Frames come typed, with column ids (:func:`fanpin.results.table.table_schema`: ``OUTPUT_COLUMNS`` and
    the kept input columns); tables are headed in ``lang`` (or by id, ``headers="ids"``; JSON Lines keys are ids),
    Parquet typed, CSV as text (:func:`fanpin.results.table.csv_text`), .xlsx as the township workbook
    (:mod:`fanpin.io.workbook`; ``book`` gives it the rule titles and departments). ``as_of`` and ``version``, the
    run's evaluation date and rulebook version, are stated where a table of no row would lose them: the
    workbook's summary, and a Parquet table's file metadata (:func:`stated_run`), with rows or without."""
    if fmt == "jsonl":
        return _JsonlTable(path, list(schema))
    names = {c: header(c, lang) if headers == "lang" else c for c in schema}
    heads = [names[c] for c in schema]
    if fmt == "csv":
        return _HeadedCsv(_CsvTable(path, heads), names, lang)
    if fmt == "parquet":
        typed = {names[c]: t for c, t in schema.items()}
        return _Headed(_ParquetTable(path, heads, typed, stated_run(as_of, version)), names)
    from fanpin.io.workbook import TownshipWorkbook

    return TownshipWorkbook(
        path, schema, lang, book if book is not None else load_rulebook(), as_of=as_of, version=version
    )


def reasons_in(lang: str, rejected: pl.DataFrame) -> pl.DataFrame:
    """Refused rows with each ``reason`` in ``lang`` (:func:`~fanpin.results.reasons.reason_text`, once per
    distinct reason), as the errors file writes them."""
    reasons = rejected.get_column("reason").unique().to_list()
    shown = {r: reason_text(r, lang) for r in reasons if r is not None}
    return rejected.with_columns(pl.col("reason").replace_strict(shown, default=None, return_dtype=pl.String))


class RejectedSink:
    """The errors file (line, 户编号, column, masked value, reason), written as rows are refused, with the
    headers and reasons in ``lang``."""

    def __init__(self, path: Path, lang: str = "zh", headers: Headers = "lang") -> None:
        self.lang = lang
        self.names = REJECTED_HEADERS[lang] if headers == "lang" else REJECTED_HEADERS["en"]
        self.table = _CsvTable(path, [self.names[c] for c in REJECTED_COLUMNS])

    def write(self, frame: pl.DataFrame) -> None:
        shown = frame.select(*REJECTED_COLUMNS)
        for name in ("household_id", "value"):  # what a row holds as written, characters no one sees named
            cells = shown.get_column(name)
            if cells.str.contains(INVISIBLE_CHARACTER.pattern).fill_null(False).any():
                shown = shown.with_columns(cells.map_elements(visible, return_dtype=pl.String))
        self.table.write(reasons_in(self.lang, shown).rename(self.names))

    def close(self) -> None:
        self.table.close()
