"""Reading a household file in chunks of text cells, whichever engine scores them.

- CSV (UTF-8, UTF-8 with BOM, GBK, GB18030; title rows above the header allowed; lines ending in LF,
  CR LF or a CR alone) is read in 4 MB blocks cut at record boundaries and parsed by polars;
  GBK/GB18030 is transcoded to UTF-8 first. A line whose bytes are not text in the file's encoding is
  refused in its place. A file polars cannot split as fanpin does (a stray quote, a first row far wider
  than the header, lines ending both ways) raises :class:`RowByRow`: the pipeline then reads it row by
  row with Python's csv module. Record ends (a line end after an even number of quotes), line numbers
  and stray quotes are found with numpy over whole blocks, the quotes counted line by line, never
  listed. :func:`column_cells` reads one column the same way, in larger blocks, for the first pass that
  looks for repeated 户编号, and only looks at each line when a block's last line end is inside quotes.
  On the benchmark file (one million households, 275 MB, some 35 quotes a line; a 2-core Xeon), CPU
  seconds per million rows, 2026-12-02: cutting the blocks and checking them for the chunks 0.52 (1.12
  when every quote's offset was listed), the whole first pass over the 户编号 0.98 (1.91).
- Parquet is read by polars' streaming reader; .xlsx and JSON Lines row by row
  (:mod:`fanpin.io.readers`), in the same chunks.
- Every chunk is a frame of text cells named by the header, with ``__line`` (the 1-based line of the
  file the row starts on: a quoted line break counts), ``__ragged`` (why a row is refused before
  validation, or null; see :func:`fanpin.io.readers.ragged`), and ``__ragged_column`` and
  ``__ragged_value`` (the header and the cell that reason names first: an .xlsx cell holding an error of
  Excel's or a number that lost digits; null otherwise). A header never names one column twice (the
  reader refuses it).
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import re
import shutil
import tempfile
import zlib
from collections.abc import Generator, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import polars as pl

from fanpin.errors import Location, OutputError
from fanpin.io.readers import (
    BOM,
    JSON_LINES,
    HouseholdFile,
    Numbered,
    UnreadableRow,
    as_text,
    damaged_parquet_guard,
    not_text,
    ragged,
    read_as_text,
)
from fanpin.model.values import NOT_TEXT_BOOL, WHITESPACE

__all__ = [
    "BLOCK_BYTES",
    "BOTH_LINE_ENDS",
    "EXTRA_CELLS",
    "RowByRow",
    "column_cells",
    "column_frames",
    "internal_names",
    "line_breaks",
    "raw_chunks",
    "read_ahead",
    "records_frame",
    "scratch_folder",
    "temporary_files",
    "utf8_copy",
]


#: The note of a run over a file whose lines end both ways.
BOTH_LINE_ENDS = "lines end both with LF and with CR alone: read row by row"
#: Cells read beyond the header, to notice a row that holds more cells than the header names.
EXTRA_CELLS = 16


#: What the operating system says when a disk has no room for a file (or may not be written).
#: The errors of a disk that cannot take what is written: full, over quota, read-only, a file too large.
NO_ROOM = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EFBIG})


@contextlib.contextmanager
def scratch_folder() -> Iterator[Path]:
    """A temporary folder for a pass's files (the export's first pass's notes, a UTF-8 copy of a GBK or
    GB18030 file), deleted afterwards. A disk without room there is an :class:`~fanpin.errors.OutputError`
    naming the folder and ``TMPDIR``, where it had been told as the outputs' own disk being full."""
    with temporary_files(), tempfile.TemporaryDirectory(prefix="fanpin-") as folder:
        yield Path(folder)


@contextlib.contextmanager
def temporary_files() -> Iterator[None]:
    """Where temporary files are written (:func:`scratch_folder`'s, :class:`~fanpin.io.readers.KeptRows`'s):
    a disk without room for them is an :class:`~fanpin.errors.OutputError` naming the temporary folder and
    ``TMPDIR``."""
    try:
        yield
    except OSError as exc:
        # a write that names another file meanwhile (the output's .part file in a read-only folder) is that
        # file's error; one that names none is a temporary file's here
        if exc.errno not in NO_ROOM or (exc.filename is not None and not in_temporary_folder(exc.filename)):
            raise
        raise no_room_for_temporary_files(exc.strerror or str(exc)) from None


def in_temporary_folder(named: object) -> bool:
    """Whether a file an error names (None: none named) is one of the run's temporary files: in a folder
    ``fanpin-…`` of the temporary folder, or a file ``fanpin-…`` there (an output the user put under /tmp is
    not); an error that names none is taken for the temporary folder's only while its disk is nearly full."""
    temporary = Path(tempfile.gettempdir()).resolve()
    if named is not None:
        path = Path(str(named)).resolve()
        return any(p.parent == temporary and p.name.startswith("fanpin-") for p in (path, *path.parents))
    try:
        return shutil.disk_usage(temporary).free < 1 << 20
    except OSError:
        return False


def no_room_for_temporary_files(strerror: str) -> OutputError:
    """The error of a run whose temporary folder's disk cannot take its files (``strerror``: the system's
    words), naming the folder and ``TMPDIR``."""
    return OutputError(
        f"cannot write the run's temporary files in this folder: {strerror}",
        fix="make room on that disk, or set TMPDIR to a folder on a disk with room",
        location=Location(tempfile.gettempdir()),
    )


class RowByRow(Exception):  # noqa: N818 - a signal to the pipeline, not an error the user sees
    """polars cannot split this CSV file into records as fanpin does: read it row by row instead.
    ``note`` says why, for the run's notes."""

    def __init__(self, note: str) -> None:
        super().__init__(note)
        self.note = note


#: A raw chunk's columns beside its cells that say why a row is refused before validation, dropped with it:
#: the reason (null for a row read), and for a row read by :mod:`fanpin.io.readers`, the header and the cell the
#: reason names first.
RAGGED_COLUMNS = ("__ragged", "__ragged_column", "__ragged_value")
#: Whether a CSV row has fewer cells than the header (a line cut short, or a program that leaves out a line's
#: trailing empty cells): its missing cells are read as empty, and the run counts such rows in a note. A
#: frame read otherwise (.xlsx, JSON Lines, Parquet) has no such column.
SHORT_COLUMN = "__short"


_Item = TypeVar("_Item")


def read_ahead(items: Iterator[_Item], name: str = "fanpin-reader") -> Generator[_Item, None, None]:
    """``items``, the next one made on a thread (named ``name``) while the caller works on the current one:
    one ahead at most. An error raised making one is raised where it is taken; once the caller stops
    (the end, an error, or the generator closed), the thread's item in making is finished and ``items``
    closed, on this thread."""
    reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
    try:
        upcoming = reader.submit(next, items, None)
        while (item := upcoming.result()) is not None:
            upcoming = reader.submit(next, items, None)
            yield item
    finally:
        reader.shutdown(wait=True, cancel_futures=True)
        close = getattr(items, "close", None)
        if close is not None:
            close()


def internal_names(width: int) -> list[str]:
    return [f"__col{i}" for i in range(width)]


def _named(frame: pl.DataFrame, header: Sequence[str]) -> pl.DataFrame:
    """Internal column names → the header's names (the reader has refused a header naming one column twice).

    Built from the frame's Series, not by a ``select``: an eager polars query costs a millisecond or two
    whatever it does (0.16 CPU seconds per million rows here, for renaming), a frame of Series nothing."""
    last = {name: i for i, name in enumerate(header)}
    keep = {f"__col{i}": name for name, i in last.items()}
    cells = [frame.get_column(c).alias(n) for c, n in keep.items()]
    first = next((i for i, c in enumerate(keep) if c == "__col0"), None)
    if first is not None and cells[first].dtype == pl.String:  # without the BOM of a file joined there
        cells[first] = cells[first].str.strip_prefix(BOM)
    told = [
        frame.get_column(c) if c in frame.columns else pl.Series(c, dtype=pl.String).extend_constant(None, frame.height)
        for c in RAGGED_COLUMNS
    ]
    short = [frame.get_column(SHORT_COLUMN)] if SHORT_COLUMN in frame.columns else []
    return pl.DataFrame([*cells, frame.get_column("__line"), *told, *short])


def _ragged_expr(width: int) -> pl.Expr:
    """:func:`fanpin.io.readers.ragged` for the extra columns ``__x0 …``: the reason, or null."""
    filled = [pl.col(f"__x{i}").str.strip_chars(WHITESPACE).fill_null("") != "" for i in range(EXTRA_CELLS)]
    last = pl.max_horizontal([pl.when(f).then(width + i + 1) for i, f in enumerate(filled)])
    return pl.when(last.is_not_null()).then(pl.format("{} cells but {} headers", last, pl.lit(width)))


def _schema(width: int) -> dict[str, Any]:
    return dict.fromkeys([*internal_names(width), *(f"__x{i}" for i in range(EXTRA_CELLS))], pl.String)


def _options(header: Sequence[str], line_end: str) -> dict[str, Any]:
    """polars' options for a block of records of a file with ``header``: no header, every cell text (and
    the cells beyond the header, to notice them), a short row's missing cells null, the file's line end."""
    return {"has_header": False, "schema": _schema(len(header)), "missing_columns": "insert", "eol_char": line_end}


def _is_csv(info: HouseholdFile) -> bool:
    """Whether a file read as rows is a CSV (neither a workbook nor JSON Lines)."""
    return info.encoding != "xlsx" and info.path.suffix.lower() not in JSON_LINES


def _python_chunks(info: HouseholdFile, rows: Iterator[Numbered], chunk_rows: int) -> Iterator[pl.DataFrame]:
    """Rows read by :mod:`fanpin.io.readers` (xlsx, JSON Lines, or a CSV polars cannot split), chunked; with
    ``__ragged_column`` and ``__ragged_value``, the header and the cell a refused row's reason names first
    (:class:`~fanpin.io.readers.UnreadableRow`: an error of Excel's, a number that lost digits), or null."""
    width = len(info.columns)
    # a CSV read row by row (a stray quote): a row of fewer cells than the header is counted as short
    lines = _is_csv(info)
    names = [*internal_names(width), "__line", *RAGGED_COLUMNS, SHORT_COLUMN]
    types: dict[str, Any] = {"__line": pl.Int64, **dict.fromkeys(RAGGED_COLUMNS, pl.String), SHORT_COLUMN: pl.Boolean}
    batch: list[list[Any]] = []
    for line, row in rows:
        cells: list[Any] = (list(row) + [""] * width)[:width]
        short = lines and 0 < len(row) < width and not isinstance(row, UnreadableRow)
        batch.append([*cells, line, ragged(row, width), *_told(row, info.columns), short])
        if len(batch) >= chunk_rows:
            yield pl.DataFrame(batch, schema=names, orient="row", schema_overrides=types)
            batch = []
    if batch:
        yield pl.DataFrame(batch, schema=names, orient="row", schema_overrides=types)


def _yes_no_texts(schema: pl.Schema, header: Sequence[str]) -> list[pl.Expr]:
    """:data:`RAGGED_COLUMNS` of a Parquet file's chunk (its columns named by :func:`internal_names`): a row with
    a yes/no value in a Boolean column fanpin reads as text (:func:`~fanpin.io.readers.read_as_text`: 户编号, a
    name, an ID number, 贷款用途 …) is refused for it (:data:`~fanpin.model.values.NOT_TEXT_BOOL`), naming the
    first such column and its cell (``true``), as a host's frame of it is; it had been the household or the
    name ``true``."""
    texts = read_as_text(header)
    named = internal_names(len(header))
    yes_no = [(h, n) for h, n, t in zip(header, named, schema.values(), strict=True) if h in texts and t == pl.Boolean]
    if not yes_no:
        return [pl.lit(None, dtype=pl.String).alias(c) for c in RAGGED_COLUMNS]
    given = [pl.col(n).is_not_null() for _, n in yes_no]
    return [
        pl.when(pl.any_horizontal(given)).then(pl.lit(NOT_TEXT_BOOL)).alias("__ragged"),
        pl.coalesce(pl.when(g).then(pl.lit(h)) for (h, _), g in zip(yes_no, given, strict=True)).alias(
            "__ragged_column"
        ),
        pl.coalesce(pl.col(n) for _, n in yes_no).alias("__ragged_value"),
    ]


def _told(row: list[str], header: Sequence[str]) -> tuple[str | None, str | None]:
    """The header and the cell (as written) a refused row's reason names first, or ``(None, None)``."""
    if not isinstance(row, UnreadableRow) or row.at is None or row.at >= len(header):
        return None, None
    return header[row.at], row.value


#: The UTF-8 copy of a GBK/GB18030 file, in the run's scratch folder.
UTF8_COPY = "input.utf8.csv"
#: A run of bytes the GB18030 decoder could not read, as ``surrogateescape`` keeps them.
_UNDECODED = re.compile("[\udc80-\udcff]+")


def utf8_copy(path: Path, encoding: str, folder: Path) -> Path:
    """A GBK/GB18030 CSV transcoded to UTF-8 in 1 MB blocks (polars reads UTF-8 only). Bytes that are
    not GB18030 become a 0xFF byte, never valid UTF-8, so that their line is refused when it is read."""
    target = folder / UTF8_COPY
    decoder = codecs.getincrementaldecoder("gb18030")(errors="surrogateescape")
    with path.open("rb") as source, target.open("w", encoding="utf-8", errors="surrogateescape", newline="") as sink:
        while block := source.read(1 << 20):
            sink.write(_marked(decoder.decode(block)))
        sink.write(_marked(decoder.decode(b"", final=True)))
    return target


def _marked(text: str) -> str:
    return _UNDECODED.sub("\udcff", text) if _UNDECODED.search(text) else text


def raw_chunks(
    info: HouseholdFile, rows: Iterator[Numbered], chunk_rows: int, folder: Path, *, exact: bool
) -> Iterator[pl.DataFrame]:
    """Text frames named by the header, with ``__line`` (1-based file line) and :data:`RAGGED_COLUMNS`."""
    header = info.columns
    if info.encoding == "parquet":
        if hasattr(rows, "close"):
            rows.close()
        scan = pl.scan_parquet(info.path)
        schema = scan.collect_schema()
        names = schema.names()
        text = scan.select(as_text(schema)).with_row_index("__row")
        lazy = text.rename(dict(zip(names, internal_names(len(names)), strict=True))).with_columns(
            (pl.col("__row").cast(pl.Int64) + 2).alias("__line"), *_yes_no_texts(schema, info.columns)
        )
        batches = lazy.collect_batches(chunk_size=chunk_rows, maintain_order=True)
        for chunk in damaged_parquet_guard(info.path, batches):
            yield _named(chunk, header)
        return
    if exact or not info.line_end or not _is_csv(info):
        for chunk in _python_chunks(info, rows, chunk_rows):
            yield _named(chunk, header)
        return
    if hasattr(rows, "close"):
        rows.close()
    source = info.path
    if info.encoding not in ("utf-8", "utf-8-sig"):  # transcoded once a run (a first pass may have done it)
        copy = folder / UTF8_COPY
        source = copy if copy.exists() else utf8_copy(info.path, info.encoding, folder)
    for chunk in _csv_chunks(source, info, chunk_rows):
        yield _named(chunk, header)


BLOCK_BYTES = 4 << 20


_QUOTE = ord('"')


class _Marks:
    """Two arrays of marks (one bool a byte of a block), used again from one block to the next by the
    reader of a file that owns them (its :class:`_Scanner`).

    A new array for each block's marks took fresh pages from the system at every block (numpy hands an
    array of 4 MB or more back at once, on huge pages): zeroing them was a tenth of an export's run on this
    project's benchmark machine, a virtual machine whose host backs each fresh page anew (100 000 households,
    two passes over some 100 MB; 1.1 of 11 CPU seconds in ``clear_page_erms``). They are the size of the
    reader's largest block, and go with the reader."""

    def __init__(self) -> None:
        self.arrays = [np.empty(0, dtype=bool), np.empty(0, dtype=bool)]

    def array(self, slot: int, size: int) -> np.ndarray:
        """Array ``slot`` (0 or 1) cut to ``size``: what it holds is the last caller's, valid until the
        slot is asked for again."""
        if self.arrays[slot].size < size:
            self.arrays[slot] = np.empty(size, dtype=bool)
        return self.arrays[slot][:size]

    def equal(self, data: np.ndarray, byte: int, slot: int) -> np.ndarray:
        """``data == byte`` in array ``slot``."""
        marks = self.array(slot, data.size)
        np.equal(data, byte, out=marks)
        return marks


def line_breaks(data: bytes) -> int:
    """Line breaks in ``data``: LF, CR LF and a CR alone each end a line (as Python reads text)."""
    lf = data.count(b"\n")
    if b"\r" not in data:  # the usual file: one pass, not three
        return lf
    return lf + data.count(b"\r") - data.count(b"\r\n")


_BREAK_OR_QUOTE = re.compile(rb'"|\r\n|\r|\n')


def _ends_both_ways(piece: bytes, eol: bytes) -> bool:
    """Whether a line of ``piece`` (whole records) ends outside quotes otherwise than with ``eol``:
    a CR alone in a file of LF (or CR LF) lines, or an LF in a file of CR lines."""
    if eol == b"\n" and (b"\r" not in piece or piece.count(b"\r") == piece.count(b"\r\n")):
        return False
    if eol == b"\r" and b"\n" not in piece:
        return False
    quoted = False
    for match in _BREAK_OR_QUOTE.finditer(piece):
        token = match.group()
        if token == b'"':
            quoted = not quoted
        elif not quoted and (token == b"\r") != (eol == b"\r"):
            return True
    return False


_NO_ENDS = np.empty(0, dtype=np.int64)


class _Scanner:
    """Finds record ends in a file read block by block, each byte looked at once (linear in the file,
    even when a quoted cell spans many blocks).

    A line end ends a record when an even number of quotes stands before it since the file's first
    record: the quotes are counted line by line (numpy's xor of each line's quote marks), never located.
    On a 64 MB block of the benchmark file (some 35 quotes a line: empty cells are written ``""``), CPU
    seconds: marking the quotes 0.02, the xor of each line's marks 0.011, where listing the quotes' 8.6
    million offsets took 0.07 more and finding each line end among them 0.025.

    :meth:`ends` with ``every`` false (:func:`column_cells`, which only needs the records cut somewhere)
    finds the block's last record end only: its last line end ends a record when the quotes before it are
    even, a count, not a look at each line; only when that line end stands inside a quoted cell are the
    block's lines looked at one by one."""

    def __init__(self, eol: bytes, marks: _Marks) -> None:
        self.eol = eol
        self.marks = marks  # its blocks' marks, and those of the pieces cut from them (:func:`_check_split`)
        self.quoted = False  # inside quotes after the blocks seen: an odd number of quotes in them
        self.lines = 0  # the line ends of the blocks seen (right when each was looked at with ``every``)
        self.lines_to_end = 0  # … up to the last record end found (the line end that ends it included)

    def ends(self, block: bytes, *, every: bool = True) -> np.ndarray:
        """Offsets in ``block`` (the file's next bytes) just past each line end that ends a record
        (outside quotes); with ``every`` false, the last of them only."""
        quotes = self.marks.equal(np.frombuffer(block, dtype=np.uint8), _QUOTE, 0)
        was = self.quoted
        self.quoted ^= bool(np.count_nonzero(quotes) % 2)
        last = block.rfind(self.eol)
        if last == -1:
            return _NO_ENDS
        after = bool(np.count_nonzero(quotes[last + 1 :]) % 2)  # the quotes of the line not ended yet
        if not every and self.quoted == after:  # outside quotes at the last line end
            return np.array([last + 1], dtype=np.int64)
        eols = np.flatnonzero(self.marks.equal(np.frombuffer(block, dtype=np.uint8, count=last + 1), self.eol[0], 1))
        # Each line's quotes, odd or even (the line from the block's first byte, or from a line end, to the
        # next line end); their running xor says which line ends stand inside quotes.
        odd = np.bitwise_xor.reduceat(quotes[: last + 1].view(np.uint8), np.concatenate(([0], eols[:-1] + 1)))
        odd[0] ^= was
        outside = np.flatnonzero(np.bitwise_xor.accumulate(odd) == 0)
        if outside.size:
            self.lines_to_end = self.lines + int(outside[-1]) + 1
        self.lines += eols.size
        found = eols[outside] + 1
        return found if every else found[-1:]


def _csv_chunks(
    path: Path, info: HouseholdFile, chunk_rows: int, block_bytes: int = BLOCK_BYTES
) -> Iterator[pl.DataFrame]:
    """The data records in frames of ``chunk_rows``, read in blocks of ``block_bytes`` (4 MB) cut at record
    boundaries.

    polars parses each block; nothing is read ahead, so memory is bounded by the chunk, whatever the
    consumer's speed (polars' streaming reader buffers batches ahead of a slow consumer).
    """
    pending: list[pl.DataFrame] = []
    held = 0
    marks = _Marks()
    for piece, ends, line, breaks in _record_blocks(path, info, block_bytes, marks):
        frame = _parse(piece, ends, line, info, breaks, marks)
        if frame is not None:
            pending.append(frame)
            held += frame.height
        while held >= chunk_rows:
            joined = pl.concat(pending)
            yield joined.head(chunk_rows)
            remaining = joined.slice(chunk_rows)
            pending, held = ([remaining] if remaining.height else []), remaining.height
    if held:
        yield pl.concat(pending)


def column_cells(
    path: Path, info: HouseholdFile, index: int, block_bytes: int = 4 * BLOCK_BYTES
) -> Iterator[pl.Series]:
    """The cells of one column of a UTF-8 CSV (``index``: its position in the header), a block at a time,
    as :func:`raw_chunks` would read them: memory is bounded by the block, where polars' own scan of a
    large file holds a good part of it. Raises :class:`RowByRow` as the chunks would.

    The blocks are 16 MB. The first pass over a million rows of the benchmark file took 0.81 CPU seconds
    with them, as in 8 MB blocks (0.81) and 4 MB ones (0.86); this function alone took 0.64, against 0.95
    and 1.03 in 32 and 64 MB blocks (polars' scan of a larger block costs more per row; 2026-12-02)."""
    name = f"__col{index}"
    options = _options(info.columns, info.line_end)
    for piece, *_ in _record_blocks(path, info, block_bytes, _Marks(), cells_only=True):
        if _blank(piece):
            continue
        # A stray quote is not looked for: the chunks look for it, and a run that meets one starts again
        # row by row, without this first pass.
        try:
            frame = pl.scan_csv(piece, encoding="utf8-lossy", **options).select(name)
            yield frame.collect().get_column(name)
        except pl.exceptions.PolarsError:
            raise RowByRow("polars cannot split the file as it is written: read row by row") from None


def utf8(data: bytes) -> bool:
    """Whether ``data`` is UTF-8 text, as ``data.decode("utf-8")`` tells (Rust's check and Python's refuse
    the same bytes: overlong forms, surrogates, code points past U+10FFFF), without making the text: a
    block of 64 MB of an export took 115 ms to decode, 16 ms to check."""
    try:
        pl.Series([data], dtype=pl.Binary).cast(pl.String)
    except pl.exceptions.PolarsError:
        return False
    return True


def column_frames(
    path: Path,
    info: HouseholdFile,
    indices: Sequence[int],
    block_bytes: int = 4 * BLOCK_BYTES,
    *,
    sums: list[int] | None = None,
) -> Iterator[tuple[pl.DataFrame, bytes, np.ndarray]]:
    """The cells of some columns of a UTF-8 CSV (``__col{i}`` for each of ``indices``, null where a row
    is short) with ``__line``, a block at a time, with the block's bytes and the offset past each of its
    records (to read a record again whole). The records are split as :func:`raw_chunks` splits them,
    and :class:`RowByRow` is raised where the chunks would raise it, and also when a record is not UTF-8
    (a reader of rows then says which): what a first pass that falls back to the row-by-row one needs.
    Records of blank lines only are left out.

    ``sums``, for a file read twice (:mod:`fanpin.io.key_scan`): the CRC-32 of each block checked is
    appended to it, and a block it already holds the CRC of (the second pass, given the first's list) is
    not checked again (a quote inside a cell, lines that end both ways, bytes that are not UTF-8: 35 ms a
    16 MB block, its CRC 6 ms) but compared: another CRC raises :class:`RowByRow` (the file changed
    between the passes)."""
    eol = info.line_end.encode()
    options = _options(info.columns, info.line_end)
    names = [f"__col{i}" for i in indices]
    given = len(sums) if sums is not None else 0  # the blocks a first pass checked; 0: this is the first
    blocks = 0
    marks = _Marks()
    for piece, ends, line, breaks in _record_blocks(path, info, block_bytes, marks):
        if _blank(piece):
            continue
        blocks += 1
        if sums is not None and blocks <= given:
            if zlib.crc32(piece) != sums[blocks - 1]:
                raise RowByRow("the file changed since its first reading")
        else:
            if not utf8(piece):  # the columns left out are not decoded by polars: checked here
                raise RowByRow("a line is not UTF-8 text: read row by row")
            _check_split(piece, eol, marks)
            if sums is not None:
                sums.append(zlib.crc32(piece))
        try:
            frame = pl.scan_csv(piece, **options).select(names).collect()
        except pl.exceptions.PolarsError:
            raise RowByRow("polars cannot split the file as it is written: read row by row") from None
        if frame.height != len(ends):
            raise RowByRow("polars splits the file into other rows than the csv module: read row by row")
        lines = pl.Series("__line", _record_lines(piece, ends, line, breaks), dtype=pl.Int64)
        yield frame.with_columns(lines), piece, ends


def records_frame(data: bytes, header: Sequence[str], line_end: str) -> pl.DataFrame | None:
    """Whole records of a CSV with ``header`` (UTF-8 bytes, each ending with ``line_end``) as text cells
    (``__col{i}``, ``__x{i}`` past the header, null where a row is short), or None where polars cannot read
    them so (a row holding more than :data:`EXTRA_CELLS` cells past the header)."""
    try:
        return pl.scan_csv(data, **_options(header, line_end)).collect()
    except pl.exceptions.PolarsError:
        return None


_NOT_BLANK = re.compile(rb"[^\r\n]")


def _blank(piece: bytes) -> bool:
    """Whether ``piece`` holds line ends only (found at its first other byte, without copying it)."""
    return _NOT_BLANK.search(piece) is None


def _record_blocks(
    path: Path, info: HouseholdFile, block_bytes: int, marks: _Marks, *, cells_only: bool = False
) -> Iterator[tuple[bytes, np.ndarray, int, int]]:
    """The data records in blocks of about ``block_bytes`` cut at record boundaries, title rows and header
    skipped: (the block, the offset past each record, the line it starts on, its line breaks).

    The bytes read past the last cut are held block by block and joined once, when a record end is found:
    each byte is copied once, however many blocks a quoted cell spans.

    ``cells_only`` is for a reader of cells alone (:func:`column_cells`): only the offset past the block's
    last record is given, and no line is counted (the line and the line breaks are 0), which saves a
    look at each line and a count over each block."""
    eol = info.line_end.encode()
    scanner = _Scanner(eol, marks)
    line = 1
    counted = 0  # the line ends (``eol``) of the file before the bytes held
    with path.open("rb") as stream:
        held: list[bytes] = []  # the file's bytes read past the last cut
        size = 0  # their length
        ends = _NO_ENDS  # the offset in them past each record found
        skip = info.header_record  # title rows and the header row
        while True:
            block = stream.read(block_bytes)
            ends = np.concatenate([ends, scanner.ends(block, every=not cells_only or skip > 0) + size])
            held.append(block)
            size += len(block)
            if not block and size and (not ends.size or ends[-1] != size):
                ends = np.append(ends, size)  # the last record, without a line end
            if skip:
                if ends.size < skip:
                    if not block:
                        return  # nothing below the header
                    continue
                header_end = int(ends[skip - 1])
                header, held = _split(held, header_end)
                _check_split(header.removeprefix(codecs.BOM_UTF8), eol, marks)
                line = 0 if cells_only else line + line_breaks(header)
                counted = header.count(eol)
                ends, size, skip = ends[skip:] - header_end, size - header_end, 0
            cut = int(ends[-1]) if ends.size else 0
            if cut:
                piece, held = _split(held, cut)
                size -= cut
                breaks = 0
                if not cells_only:
                    # The line ends of the piece, as the scanner counted them: the line breaks unless
                    # the piece also holds the other line end (a CR alone, or a CR LF, is one too).
                    to_end = scanner.lines_to_end if block else scanner.lines
                    breaks, counted = _piece_breaks(piece, eol, to_end - counted), to_end
                yield piece, ends[-1:] if cells_only else ends, line, breaks
                line += breaks
            ends = _NO_ENDS
            if not block:
                return


def _split(parts: list[bytes], cut: int) -> tuple[bytes, list[bytes]]:
    """The bytes of ``parts``, one after the other, cut at ``cut``: the first ``cut`` bytes (copied once,
    not joined and then sliced), and the parts of the rest."""
    head: list[bytes | memoryview] = []
    for i, part in enumerate(parts):
        if cut <= len(part):
            head.append(memoryview(part)[:cut])
            return b"".join(head), [part[cut:], *parts[i + 1 :]]
        head.append(part)
        cut -= len(part)
    raise ValueError("cut past the end of the parts")


def _piece_breaks(piece: bytes, eol: bytes, eols: int) -> int:
    """:func:`_breaks` of ``piece``, which holds ``eols`` line ends ``eol``: those alone unless the other
    line end is in it too (a look for a byte, not a count)."""
    if eol == b"\n":
        return eols if b"\r" not in piece else eols + piece.count(b"\r") - piece.count(b"\r\n")
    return eols if b"\n" not in piece else line_breaks(piece)


#: Whether a byte is part of a cell's text (not the comma, the quote nor a line end): a quote between
#: two such bytes stands inside a cell. Looked up beside each quote only, not tried at every offset.
_CONTENT = np.array([b not in b',\r\n"' for b in range(256)])


def _quote_inside(data: np.ndarray, marks: _Marks) -> bool:
    """Whether a quote of ``data`` stands between two bytes of cell text (``5"3``, ``"a"b``): the csv
    module reads it as text, while counting quotes, as the block cutter does, would take it for the start
    of a quoted cell."""
    quotes = marks.equal(data, _QUOTE, 0)
    # A quote beside another quote has a quote, not cell text, on that side: only the others are looked
    # at, found by marks over the whole block (most quotes of a file that writes empty cells as ``""``
    # stand in pairs: listing the offset of each cost more than these marks).
    alone = np.logical_or(quotes[:-2], quotes[2:], out=marks.array(1, max(data.size - 2, 0)))
    np.greater(quotes[1:-1], alone, out=alone)  # a quote, neither the first byte nor the last, alone
    at = np.flatnonzero(alone) + 1
    return bool((_CONTENT[data[at - 1]] & _CONTENT[data[at + 1]]).any())


def _check_split(records: bytes, eol: bytes, marks: _Marks) -> None:
    """Raises :class:`RowByRow` unless counting quotes splits ``records`` into the records the csv module
    reads: no quote inside a cell, and lines that end one way only."""
    if b'"' in records and _quote_inside(np.frombuffer(records, dtype=np.uint8), marks):
        raise RowByRow("a quote stands inside a cell: read row by row")
    if _ends_both_ways(records, eol):
        raise RowByRow(BOTH_LINE_ENDS)


def _parse(
    piece: bytes, ends: np.ndarray, line: int, info: HouseholdFile, breaks: int, marks: _Marks
) -> pl.DataFrame | None:
    """Whole records (``ends``: the offset past each one) as a frame with ``__line`` and ``__ragged``; None
    for blank lines only. Raises :class:`RowByRow` when polars does not split them as fanpin does."""
    if _blank(piece):  # only blank lines: the csv module counts each as an empty record
        return None
    _check_split(piece, info.line_end.encode(), marks)
    width = len(info.columns)
    options = _options(info.columns, info.line_end)
    undecoded: list[int] = []
    try:
        frame = pl.scan_csv(piece, **options).collect()
    except pl.exceptions.ComputeError as exc:
        # A quote polars reads as never closed may be one the csv module reads as text (a quote inside a
        # cell): the row-by-row reader decides, and names the line if it is indeed never closed.
        if "utf-8" not in str(exc).lower():
            raise RowByRow("polars cannot split the file as it is written (a stray quote?): read row by row") from None
        undecoded = _undecoded_records(piece, ends)
        try:
            frame = pl.scan_csv(piece, encoding="utf8-lossy", **options).collect()
        except pl.exceptions.PolarsError:
            raise RowByRow("polars cannot split the file as it is written: read row by row") from None
    except pl.exceptions.PolarsError:  # a first row far wider than the header, and the like
        raise RowByRow(f"a row holds more than {EXTRA_CELLS} cells beyond the header: read row by row") from None
    if frame.height != len(ends):
        raise RowByRow("polars splits the file into other rows than the csv module: read row by row")
    lines = pl.Series("__line", _record_lines(piece, ends, line, breaks), dtype=pl.Int64)
    short = _short_records(piece, ends, frame.get_column(f"__col{width - 1}"), width)
    extra = (frame.get_column(f"__x{i}") for i in range(EXTRA_CELLS))
    if not undecoded and all(x.null_count() == frame.height for x in extra):
        # The usual block: no cell beyond the header, every UTF-8. Both columns are made as Series (an
        # eager query costs a millisecond or two, whatever it does, and the reason's expression reads
        # sixteen columns of nulls).
        return frame.hstack([lines, pl.Series("__ragged", dtype=pl.String).extend_constant(None, frame.height), short])
    ragged_reason = _ragged_expr(width)
    if undecoded:
        bad = pl.int_range(pl.len()).is_in(undecoded)
        ragged_reason = pl.when(bad).then(pl.lit(not_text(info.encoding))).otherwise(ragged_reason)
    return frame.with_columns(lines, ragged_reason.alias("__ragged"), short)


def _short_records(piece: bytes, ends: np.ndarray, last: pl.Series, width: int) -> pl.Series:
    """Whether each record of ``piece`` has fewer cells than the header (:data:`SHORT_COLUMN`). Only a record
    whose last cell is empty may be one: its commas outside quotes are counted. Every quote here opens or
    closes a cell or doubles inside one (:func:`_check_split` sent any other to the row-by-row reader), so
    the text between an odd and an even quote is inside a cell."""
    flags = np.zeros(len(ends), dtype=bool)
    candidates = last.is_null().arg_true().to_list() if width > 1 else []
    for i in candidates:
        record = piece[int(ends[i - 1]) if i else 0 : int(ends[i])]
        outside = record.split(b'"')[::2] if b'"' in record else [record]
        flags[i] = sum(part.count(b",") for part in outside) < width - 1
    return pl.Series(SHORT_COLUMN, flags)


def _record_lines(piece: bytes, ends: np.ndarray, line: int, breaks: int) -> list[int] | range:
    """The line each record of ``piece`` starts on, the first starting on ``line``."""
    if breaks == len(ends) or (breaks == len(ends) - 1 and not piece.endswith((b"\n", b"\r"))):
        return range(line, line + len(ends))  # no line break inside a cell
    # A line break is an LF, or a CR not followed by an LF; a record starts on ``line`` plus the breaks
    # before its first byte.
    data = np.frombuffer(piece, dtype=np.uint8)
    cr = data == ord("\r")
    cr[:-1] &= data[1:] != ord("\n")
    at = np.flatnonzero((data == ord("\n")) | cr)
    before = np.searchsorted(at, ends[:-1])  # the breaks before each next start
    return [line, *(before + line).tolist()]


def _undecoded_records(piece: bytes, ends: np.ndarray) -> list[int]:
    """The positions of the records of ``piece`` whose bytes are not UTF-8."""
    view, bad, start = memoryview(piece), [], 0
    for position, end in enumerate(ends.tolist()):
        try:
            str(view[start:end], "utf-8")
        except UnicodeDecodeError:
            bad.append(position)
        start = end
    return bad
