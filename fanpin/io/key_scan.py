"""The first pass over a CSV export, read by columns: what :func:`fanpin.io.export._scan` learns row by
row, from the few columns it reads.

The first pass reads every row of the export before any household is validated: which rows make each
household (its first and last line), the 户编号 used under two 县/乡/村, whether a column present twice
has equal copies, and which ID numbers and phones occur more than once. With Python's csv module that is
some 12 µs a member row (the export has a hundred or so columns, and the module makes a text of each cell), and it
is the only part of a run that nothing else runs beside. Here polars parses the blocks the household
table's reader cuts (:func:`fanpin.io.chunks.column_frames`) and keeps the columns the pass reads; the
few rows whose meaning needs the whole row (a row that may be blank, the header row repeated) are read
again whole by the csv module.

The result is the row-by-row pass's, value for value (``tests/io/test_key_scan.py`` compares them on
hand-written and generated files): cells are trimmed and lose an Excel ``.0`` (``.00``, …) tail exactly as
:func:`~fanpin.model.values.excel_text` does, in polars for ASCII text and by that function itself for
the rare cell that ends in ``0`` and holds other characters. Where the blocks cannot be read as the csv
module reads them (a quote inside a cell, lines ending both ways, bytes that are not text, a row far
wider than the header) :func:`key_scan` returns None and the row-by-row pass runs.

What the pass keeps is numbers, not texts, so that its memory stays small beside the file's: each block's
households as two 64-bit hashes of their key and two of their 户编号 with their first and last lines, found
across blocks at the end by numpy's sort (:func:`_households`), after which the run keeps the last lines
alone (8 bytes a household) and the few households that share a 户编号; the ID numbers and phones checked
for repeats as one integer each where they have the usual shape (:mod:`fanpin.io.repeats`, read back
exactly), a phone with its household's hash. (Two households are taken for one only where all 128 bits of their
hashes agree, under 10⁻²⁴ likely among 10 million; a phone two households share is missed only where
their 64-bit hashes agree, 2⁻⁶⁴ for each such pair.) The dicts of keys it had kept took some 255 bytes a
household for the whole run, and the ID numbers' texts a moment's gigabyte at 1 000 000 households.

The second pass over a file the first read so reads it the same way (:func:`keyed_records`): each row's
key from the same columns, and a household's member rows kept as their records' bytes as written, which
the process that validates them reads (polars on the export's column path, the csv module otherwise).
The process that reads and groups the file, which with worker processes runs beside them, so no longer
parses a hundred cells a row nor pickles them: on the 100 000-household synthetic export with two
workers its CPU went from 11–12 to 6–7 seconds, and the run from 29 to 24 (2026-12-02, with the column
path reading the records by polars).
"""

from __future__ import annotations

import contextlib
import errno
import functools
import hashlib
import os
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl

from fanpin._polars import ENGINE
from fanpin.errors import InputFileError, Location
from fanpin.io.chunks import BOTH_LINE_ENDS, RowByRow, _Marks, column_frames, read_ahead, scratch_folder, utf8_copy

# the export reader imports this module when reading
from fanpin.io.export import NUMBERS_ID, NUMBERS_PLACE, maybe_column_numbers, record_cells, unique_key
from fanpin.io.keys import ODD_KEY, SPACE, key_text
from fanpin.io.readers import BOM, UNDECODED, HouseholdFile, header_again, header_key_texts, line_end
from fanpin.io.repeats import Repeated, packed
from fanpin.model.columns import column_numbers
from fanpin.model.values import (
    BLANK,
    CODE_BREAK,
    EXCEL_ERRORS,
    LOST_DIGITS,
    WHITESPACE,
    blank_cell,
    code_text,
    excel_text,
)

__all__ = [
    "KeyScan",
    "KeyedBlock",
    "RowBreaks",
    "RowNotes",
    "code_texts",
    "id_key_texts",
    "key_scan",
    "key_texts",
    "keyed_records",
]

Key = tuple[str, ...]
#: (line, record, key, its cells): a record as the second pass gives it (:func:`keyed_records`), its key read
Keyed = tuple[int, bytes | list[str], Key, int]
#: A character :func:`~fanpin.io.keys.key_text` changes: a small ASCII letter, or one of ODD_KEY.
_CHANGED = "[a-z" + ODD_KEY.removeprefix("[")
#: … or a 户编号's, without its spaces (:func:`id_key_texts`): those characters or a space of any kind.
_ID_CHANGED = _CHANGED.removesuffix("]") + SPACE.removeprefix("[")


@dataclass
class KeyScan:
    """What the first pass found; see :class:`fanpin.io.export._Scan`, which is made from it."""

    #: data rows, blank ones left out (the header row repeated counted)
    rows: int = 0
    #: the line of each household's last row, ascending (one a household)
    ends: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    #: the first line of each household whose 户编号 another has under another 县/乡/村 → the first line of
    #: each of those, and whether its 县/乡/村 could not be read (:func:`_households`)
    shared: dict[int, list[tuple[int, bool]]] = field(default_factory=dict)
    #: field → the values read more than once (:data:`fanpin.io.export.UNIQUE_FIELDS`)
    repeated: dict[str, Repeated] = field(default_factory=dict)
    #: the most households the second pass holds at once, waiting for their last rows (:func:`_held`)
    held: int = 0
    #: the first row where a column's copies differ: (line, copy's index, original's index, the
    #: original's text, the copy's text); the scan stops there
    difference: tuple[int, int, int, str, str] | None = None
    #: how the file's lines end (:attr:`~fanpin.io.readers.HouseholdFile.line_end`)
    line_end: str = "\n"
    #: the CRC-32 of each block the pass checked (:func:`~fanpin.io.chunks.column_frames`), for the second
    sums: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class _Columns:
    """Which columns the pass reads: the key's (None: not in the file, read as empty), the copies'
    (copy, original) pairs, and the fields checked for uniqueness (name, column, whether unique per row)."""

    key: Sequence[int | None]
    pairs: Sequence[tuple[int, int]]
    checked: Sequence[tuple[str, int, bool]]

    @property
    def read(self) -> list[int]:
        wanted = {i for i in self.key if i is not None}
        wanted |= {i for pair in self.pairs for i in pair} | {i for _, i, _ in self.checked}
        return sorted(wanted)


@dataclass(frozen=True)
class RowBreaks:
    """How the first pass tells a member row broken in two by a line break inside it, as the second pass
    does (:func:`fanpin.io.export._line_broken`): ``named``, the header's cells up to its last named one
    (a row with fewer is short, and only two short rows in a row may be one row broken in two); ``broken``,
    the reason two such rows, as :func:`keyed_records` gives them, are one row broken in two, or None."""

    named: int
    broken: Callable[[Keyed, Keyed], str | None]


def key_scan(
    path: Path,
    encoding: str,
    header: list[str],
    header_record: int,
    key: Sequence[int | None],
    pairs: Sequence[tuple[int, int]],
    checked: Sequence[tuple[str, int, bool]],
    header_rows: tuple[tuple[str, ...], ...] = (),
    breaks: RowBreaks | None = None,
) -> KeyScan | None:
    """The first pass over a CSV export (``header``: its header row, trimmed, the ``header_record``-th
    record; ``header_rows``: its two rows as written, when it stands on two), or None where it must be
    read row by row (the module's docstring). With ``breaks``, the second line of a member row broken in
    two is no member row: neither a household nor one's row (:class:`_SecondLines`)."""
    if encoding not in ("utf-8", "utf-8-sig", "gbk", "gb18030"):
        return None
    eol = line_end(path)
    if not eol:
        return None  # lines that end both ways: read row by row
    info = HouseholdFile(path, encoding, 0, header, {}, [], header_record, eol, header_rows)
    columns = _Columns(key, pairs, checked)
    seconds = _SecondLines(breaks, _header_ids(info, key[-1])) if breaks is not None and breaks.named > 1 else None
    try:
        with scratch_folder() as folder:  # the pass's notes (and a UTF-8 copy)
            source = path if encoding in ("utf-8", "utf-8-sig") else utf8_copy(path, encoding, folder)
            found = _scan(source, info, columns, folder, seconds)
    except RowByRow:
        return None
    found.line_end = eol
    return found


def keyed_records(
    path: Path,
    encoding: str,
    header: list[str],
    header_record: int,
    key: Sequence[int | None],
    header_rows: tuple[tuple[str, ...], ...] = (),
    sums: Sequence[int] = (),
    *,
    named: int,
) -> Generator[KeyedBlock, None, None]:
    """The second pass over a CSV export that :func:`key_scan` read by columns, a block of records at a time
    (:class:`KeyedBlock`): each data record's line, the record as written (with its line end: the file's last,
    written without one, is given the file's), its key (read as that pass read it) and its number of cells
    (:func:`_cells_per_record`: a row broken in two, or cut short, is found by it; ``named``, the header's
    cells up to its last named one: a record with as many or more is given as ``named``, only one with fewer
    is looked at, and each is counted where its last named cell is missing): the record's bytes (UTF-8),
    whose cells are read where its household is validated (:class:`~fanpin.io.export.HouseholdRows`, in a
    worker process with workers); or, for a row the second pass looks at whole (one without 户编号, which may
    be blank, and one whose 户编号 is the header's), its cells as :func:`~fanpin.io.readers.csv_rows` reads
    them. A file that can no longer be read so (changed since the first pass) is an
    :class:`~fanpin.errors.InputFileError`; ``sums``: the first pass's :attr:`KeyScan.sums`, whose blocks are
    compared rather than checked again."""
    eol = line_end(path)
    info = HouseholdFile(path, encoding, 0, header, {}, [], header_record, eol or "\n", header_rows)
    try:
        if not eol:
            raise RowByRow(BOTH_LINE_ENDS)
        if encoding in ("utf-8", "utf-8-sig"):
            yield from _records(path, info, key, list(sums), named)
        else:
            with scratch_folder() as folder:
                yield from _records(utf8_copy(path, encoding, folder), info, key, list(sums), named)
    except RowByRow:
        raise InputFileError(
            "the file changed while it was read (its first reading and its second differ)",
            fix="score the file again once nothing writes to it",
            location=Location(str(path)),
        ) from None


def _records(
    source: Path, info: HouseholdFile, key: Sequence[int | None], sums: list[int], named: int
) -> Iterator[KeyedBlock]:
    household = key[-1]
    header_ids = sorted(_header_ids(info, household))
    read = sorted({i for i in key if i is not None})
    last = max(named, 1) - 1  # the last named cell: missing (null) in a record with fewer cells
    marks = _Marks()  # the arrays each block's cells are counted in, used again from block to block
    eol = info.line_end.encode()
    for frame, piece, ends in column_frames(source, info, sorted({*read, last}), sums=sums):
        if not piece.endswith((b"\n", b"\r")):  # the file's last record, without its line end: given the file's
            piece, ends = piece + eol, np.append(ends[:-1], len(piece) + len(eol))
        keys = _keys(_excel_texts(frame, read), key, frame.height)
        whole = (keys[-1] == "") | keys[-1].is_in(header_ids) | _maybe_column_numbers(keys)
        # a record whose last named cell is there has as many cells or more: counted where it is missing (or
        # empty, written without quotes), the commas of a 16 MB block having taken 40 ms a block
        counts = np.full(len(ends), named, dtype=np.int64)
        maybe = frame.get_column(f"__col{last}").is_null().arg_true().to_numpy()
        if maybe.size:
            counts[maybe] = _counts_where(piece, ends, maybe, marks)
        yield KeyedBlock(frame.get_column("__line").to_numpy(), piece, ends, keys, whole, counts)


class KeyedBlock:
    """A block of the second pass's records (:func:`keyed_records`), in the file's order: each record's line,
    its key (a column per key field), the record as written (``piece`` up to each of ``ends``), whether it is
    read whole (no 户编号, or the header's) and its number of cells (:func:`_cells_per_record`).

    The export groups a block whose records are all a household's member rows, and whose households follow
    one another, a household at a time (:meth:`runs`); any other block record by record (:meth:`rows`), as
    every block was: the second pass over 100 000 households' 306 527 member rows took 1.30–1.34 s so, and
    0.88 s with its blocks grouped a household at a time, its records' cells counted only where one may have
    too few and a household's rows kept as two lists (the rest is polars' reading of the key columns)."""

    __slots__ = ("_keys", "counts", "ends", "lines", "piece", "whole")

    def __init__(
        self,
        lines: np.ndarray,
        piece: bytes,
        ends: np.ndarray,
        keys: list[pl.Series],
        whole: pl.Series,
        counts: np.ndarray,
    ) -> None:
        self.lines, self.piece, self.ends, self._keys, self.counts = lines, piece, ends, keys, counts
        #: whether each record is read whole into cells (it has no 户编号, or the header's)
        self.whole = whole

    def __len__(self) -> int:
        return len(self.ends)

    def rows(self) -> Iterator[Keyed]:
        """Each record as :func:`keyed_records` gives it: its line, the record as written (its cells where it
        is read whole), its key and its number of cells."""
        keys = zip(*(k.to_list() for k in self._keys), strict=True)
        rows = zip(self.lines.tolist(), keys, self.whole.to_list(), self.records(), self.counts.tolist(), strict=True)
        for line, cells, read_whole, record, count in rows:
            yield line, record_cells(record) if read_whole else record, cells, count

    def plain(self, named: int | None, starts: frozenset[str], pattern: str | None = None) -> bool:
        """Whether every record is a household's member row as written: none read whole, none with fewer cells
        than ``named`` (None: any number), none whose 户编号 or first key cell starts with one of ``starts``
        and, where ``pattern`` is given, matches it too (a total or a form's footer under the table:
        :func:`fanpin.io.export._no_household`; a county whose name starts with 共, 共和县, is no footer)."""
        if self.whole.any() or (named is not None and int(self.counts.min(initial=named)) < named):
            return False
        chars = sorted(starts)
        for key in (self._keys[0], self._keys[-1]) if chars else ():
            maybe = key.str.slice(0, 1).is_in(chars)
            if maybe.any() and (pattern is None or key.filter(maybe).str.contains(pattern).any()):
                return False
        return True

    def last_key(self) -> Key:
        """The key of the block's last record."""
        return tuple(key[-1] for key in self._keys)

    def runs(self) -> tuple[list[int], list[Key]]:
        """Where each run of records of one key starts (the block's first record, and each whose key is not
        the one before's) and that key."""
        changed = pl.any_horizontal([key.ne_missing(key.shift(1)) for key in self._keys])
        starts = pl.select(changed.arg_true()).to_series()
        keys = zip(*(key.gather(starts).to_list() for key in self._keys), strict=True)
        return starts.to_list(), list(keys)

    def records(self) -> list[bytes]:
        """Each record as written."""
        piece, ends = self.piece, self.ends.tolist()
        return [piece[start:end] for start, end in zip([0, *ends[:-1]], ends, strict=True)]


def _cells_per_record(piece: bytes, ends: np.ndarray, marks: _Marks) -> list[int]:
    """The number of cells of each record of ``piece`` (``ends``: the offset past each): its commas outside
    quotes, plus one, counted for the block at once, in ``marks``' arrays. Every quote here opens or closes a
    cell or doubles inside one (:func:`~fanpin.io.chunks.column_frames` sent any other to the row-by-row
    reader), so the quotes pair up, the text between a pair's two quotes inside a cell (``"a""b"``: two pairs,
    ``"a"`` and ``"b"``), and a record starts outside quotes: the commas inside are those between the two
    quotes of a pair that holds text, counted by where they fall among the commas (most pairs are an empty
    cell written ``""``). Counted record by record in Python, a record of the export's hundred quoted cells took
    some 5 µs, which doubled the second pass; marking each byte inside quotes by numpy's running xor some 2.5 µs
    a record (80 ms a 16 MB block of 31 000 records); by the pairs some 1 µs (30 ms: two lists of offsets
    and a few look-ups). The first pass counts them too, for the blocks with a row that may be short
    (:class:`_SecondLines`)."""
    counts: list[int] = _cell_counts(piece, ends, marks).tolist()
    return counts


def _counts_where(piece: bytes, ends: np.ndarray, maybe: np.ndarray, marks: _Marks) -> np.ndarray:
    """:func:`_cells_per_record` of the records at ``maybe``: counted alone when they are few, else for the
    block."""
    if maybe.size * 32 > len(ends):  # a file whose last column is often empty, written without quotes
        counted: np.ndarray = _cell_counts(piece, ends, marks)[maybe]
        return counted
    starts = [int(ends[p - 1]) if p else 0 for p in maybe.tolist()]
    records = (piece[start : int(ends[p])] for start, p in zip(starts, maybe.tolist(), strict=True))
    return np.array([_cells_alone(record) for record in records], dtype=np.int64)


def _cells_alone(record: bytes) -> int:
    """:func:`_cells_per_record` of one record: its commas outside quotes (each quote opens or closes a cell, or
    doubles inside one), plus one."""
    return sum(part.count(b",") for part in record.split(b'"')[::2]) + 1


def _cell_counts(piece: bytes, ends: np.ndarray, marks: _Marks) -> np.ndarray:
    """:func:`_cells_per_record` as an array, counted a slice of about :data:`_COUNTED_BYTES` at a time (whole
    records): the offsets of a 16 MB block's commas and quotes took some 50 MB at once, kept by the heap."""
    counts = np.empty(len(ends), dtype=np.int64)
    first, offset = 0, 0  # the slice's first record and its first byte
    while first < len(ends):
        last = max(first + 1, int(np.searchsorted(ends, offset + _COUNTED_BYTES, side="right")))
        stop = int(ends[last - 1])
        data = np.frombuffer(piece, dtype=np.uint8, count=stop - offset, offset=offset)
        counts[first:last] = _slice_counts(data, ends[first:last] - offset, marks)
        first, offset = last, stop
    return counts


#: The bytes :func:`_cell_counts` counts at once.
_COUNTED_BYTES = 1 << 20


def _slice_counts(data: np.ndarray, ends: np.ndarray, marks: _Marks) -> np.ndarray:
    """The cells of each record of ``data`` (whole records; ``ends``: the offset past each)."""
    commas = np.flatnonzero(marks.equal(data, ord(","), 0))
    before = np.searchsorted(commas, ends)  # the commas before each record's end
    quoted = marks.equal(data, ord('"'), 1)
    if quoted.any():
        quotes = np.flatnonzero(quoted)
        opens, closes = quotes[0::2], quotes[1::2]
        if len(closes) < len(opens):  # a quote never closed (the file's last record): inside up to the end
            closes = np.append(closes, len(data))
        holding = closes - opens > 1  # a pair with text between its quotes
        opens, closes = opens[holding], closes[holding]
        inside = np.searchsorted(commas, closes) - np.searchsorted(commas, opens)
        some = inside > 0
        if some.any():  # few: a cell holding a comma
            record = np.searchsorted(ends, opens[some], side="right")
            before -= np.cumsum(np.bincount(record, weights=inside[some], minlength=len(ends)).astype(np.int64))
    return np.diff(before, prepend=0) + 1


def _scan(
    source: Path, info: HouseholdFile, columns: _Columns, folder: Path, seconds: _SecondLines | None = None
) -> KeyScan:
    """The pass over ``source`` (UTF-8), its notes kept in files in ``folder`` until it ends."""
    with contextlib.ExitStack() as files:
        return _scan_noting(source, info, columns, folder, files, seconds)


def _scan_noting(
    source: Path,
    info: HouseholdFile,
    columns: _Columns,
    folder: Path,
    files: contextlib.ExitStack,
    seconds: _SecondLines | None,
) -> KeyScan:
    found = KeyScan(repeated={name: Repeated() for name, _, _ in columns.checked})
    household = columns.key[-1]
    header_ids = _header_ids(info, household)
    values = {name: _Values(folder / name, files, across=not every) for name, _, every in columns.checked}
    spans = _Spans(folder / "households", files)  # each block's households
    read = columns.read
    parsed = read if seconds is None else sorted({*read, seconds.last})  # and the last named column's cells
    # The next block is cut and its columns read on a thread while this one is noted (the pass is the
    # only work of a run until it ends: the second core stood idle).
    for frame, piece, ends in read_ahead(column_frames(source, info, parsed, sums=found.sums), "fanpin-scan"):
        texts = _excel_texts(frame, read)
        keys = _keys(texts, columns.key, frame.height)
        lines = frame.get_column("__line")
        # A row whose cells read here are all empty may be blank (left out, not counted); a row whose 户编号
        # is the header's may be the header again (counted, then left out): both read again whole.
        # (a cell holding a zero-width space alone is empty too: blank_cell)
        maybe_blank = _all_blank(texts, [*([] if household is None else [household]), *read], frame.height)
        maybe_header = keys[-1].is_in(header_ids) if header_ids else None
        blank = _rows_where(piece, ends, maybe_blank, lambda row, _: _blank(row))
        again = _rows_where(
            piece,
            ends,
            maybe_header,
            functools.partial(_header_again, info, lines),
        )
        # a form's row of column numbers (栏次) under the header: counted, refused by the second pass in its place
        numbers = _rows_where(
            piece, ends, _maybe_column_numbers(keys) & ~blank, lambda row, _: column_numbers(row, info.columns)
        )
        counted = ~blank
        found.rows += int(counted.sum())
        used = counted & ~again & ~numbers
        if seconds is not None:  # the second line of a row broken in two: counted, refused, no member row
            used &= ~seconds.found(frame, piece, ends, keys, lines, blank)
        # A copy past a short row's end is missing, not different: that row is refused as cut short later.
        compared = [used & ~_beyond_the_end(piece, ends, texts, pair) for pair in columns.pairs]
        difference = _first_difference(texts, columns.pairs, compared, lines)
        if difference is not None:
            found.difference = difference
            return found
        names = [f"k{j}" for j in range(len(keys))]
        key_frame = pl.DataFrame([k.alias(name) for name, k in zip(names, keys, strict=True)]).with_columns(lines)
        for name, index, every in columns.checked:
            value = _unique_keys(code_texts(texts[index]))
            kept = used & (value != "")
            if every:
                values[name].add(value.filter(kept))
            else:  # each value once a household, with its household's key's hash
                pairs = key_frame.with_columns(value.alias("value")).filter(kept).select("value", *names).unique()
                values[name].add(pairs.get_column("value"), pairs.select(_hashed(names, _SEEDS[0])).to_series())
        named = key_frame.filter(used & (keys[-1] != ""))
        spans.add(
            named.group_by(names)
            .agg(pl.col("__line").min().alias("first"), pl.col("__line").max().alias("last"))
            .select(
                *(_hashed(names, seed).alias(f"key{n}") for n, seed in enumerate(_SEEDS)),
                *(_hashed(names[-1:], seed).alias(f"id{n}") for n, seed in enumerate(_SEEDS)),
                "first",
                "last",
                pl.any_horizontal(pl.col(names[:-1]).str.contains(UNDECODED, literal=True)).alias("unread"),
            )
        )
    for name, held in values.items():
        found.repeated[name] = held.repeated()
    _households(found, spans)
    return found


def _all_blank(texts: dict[int, pl.Series], columns: Sequence[int], height: int) -> pl.Series:
    """Whether each of ``height`` rows' cells of ``columns`` (a column may come twice) are all empty or hold
    nothing one sees (:data:`~fanpin.model.values.BLANK`), column by column: once no row is blank in the first
    ones (the 户编号, filled on nearly every row), the others are not looked at (a block's seven columns had
    taken 10 ms). With no column, every row may be blank."""
    blank = pl.repeat(True, height, dtype=pl.Boolean, eager=True)
    for i in dict.fromkeys(columns):
        if not blank.any():
            break
        blank = blank & (texts[i].str.strip_chars(BLANK) == "")
    return blank


class _SecondLines:
    """The second lines of member rows broken in two (:class:`RowBreaks`), found block by block as the second
    pass finds them: two records in a row, each short, the second not paired already with the one before
    it. A short record's last named cell is missing, which polars reads as null, as it does an empty cell
    written without quotes: only the blocks with such cells have their records' cells counted
    (:func:`_cells_per_record`, or for a few, each counted alone), and only short records are looked at
    in Python — few in an export, none in most. Each is read as the second pass gives it (its record as
    written, or its cells where it has no 户编号 or the header's) and the pair is tested as that pass tests
    it: the same rows refused, and the second line is no household of its own, nor one's last row."""

    def __init__(self, breaks: RowBreaks, header_ids: Sequence[str]) -> None:
        self.breaks, self.header_ids = breaks, frozenset(header_ids)
        #: the column of the last named cell, read with the others
        self.last = breaks.named - 1
        #: the block before's last record, where it is short and not the second line of a pair
        self.held: Keyed | None = None
        self.marks = _Marks()  # the cells' counts' arrays (this thread's: the blocks are cut on another)

    def found(
        self,
        frame: pl.DataFrame,
        piece: bytes,
        ends: np.ndarray,
        keys: list[pl.Series],
        lines: pl.Series,
        blank: pl.Series,
    ) -> pl.Series:
        """Whether each record of the block is the second line of a member row broken in two."""
        height, named = len(ends), self.breaks.named
        seconds = np.zeros(height, dtype=bool)
        held, at = self.held, -1  # the short record before, and its place in the block (-1: the block before's)
        self.held = None
        maybe = (frame.get_column(f"__col{self.last}").is_null() & ~blank).arg_true().to_numpy()
        if not maybe.size:
            return pl.Series(seconds)
        cells = self._cells(piece, ends, maybe)
        short = cells < named  # the others' last cell is empty, written without quotes
        for position, count in zip(maybe[short].tolist(), cells[short].tolist(), strict=True):
            item = self._keyed(piece, ends, keys, lines, position, count)
            if held is not None and at == position - 1 and self.breaks.broken(held, item) is not None:
                seconds[position], held = True, None
                continue
            held, at = item, position
        if held is not None and at == height - 1:
            self.held = held
        return pl.Series(seconds)

    def _cells(self, piece: bytes, ends: np.ndarray, maybe: np.ndarray) -> np.ndarray:
        """The cells of the records at ``maybe``."""
        return _counts_where(piece, ends, maybe, self.marks)

    def _keyed(
        self, piece: bytes, ends: np.ndarray, keys: list[pl.Series], lines: pl.Series, position: int, cells: int
    ) -> Keyed:
        """The record at ``position`` as :func:`keyed_records` gives it."""
        record = piece[int(ends[position - 1]) if position else 0 : int(ends[position])]
        key = tuple(k[position] for k in keys)
        whole = key[-1] == "" or key[-1] in self.header_ids or maybe_column_numbers(key)
        return int(lines[position]), record_cells(record) if whole else record, key, cells


#: The seeds of the two 64-bit hashes (polars's, :func:`_hashed`) that stand for a household's key in the first
#: pass, and of the two that stand for its 户编号 (any fixed values). A key's texts are not kept: 10 million
#: households' would take gigabytes. Two keys taken for one by chance (both hashes equal) are under 10⁻²⁴ likely
#: among 10 million households.
_SEEDS = (20_240_601, 20_251_129)


def _hashed(names: Sequence[str], seed: int) -> pl.Expr:
    """The 64-bit hash of the columns ``names`` (as one struct: ("a", "bc") and ("ab", "c") differ). polars's
    hash is the same in every process of one polars version; only the process that runs the first pass uses it."""
    return pl.struct(names).hash(seed)


def _households(found: KeyScan, spans: _Spans) -> None:
    """The households of the blocks' ``spans`` (a household whose rows are in two blocks, or apart, is in
    both): their number, the line of each one's last row, and those whose 户编号 another household has.
    By numpy's sort (polars's group_by took some 340 bytes a household of memory for a moment, 3 GB at 10
    million)."""
    if not spans.columns["first"].size:
        return
    order, starts = _runs(spans.column("key0"), spans.column("key1"))
    first = np.minimum.reduceat(spans.column("first")[order], starts)
    last = np.maximum.reduceat(spans.column("last")[order], starts)
    ids = [spans.column(name)[order][starts] for name in ("id0", "id1")]
    unread = spans.column("unread")[order][starts]
    del order, starts
    found.held = _held(first, last)
    found.ends = np.sort(last)
    del last
    by_id, runs = _runs(*ids)
    sizes = np.diff(runs, append=len(by_id))
    for start, size in zip(runs[sizes > 1].tolist(), sizes[sizes > 1].tolist(), strict=True):  # few
        members = by_id[start : start + size]
        households = sorted(zip(first[members].tolist(), unread[members].tolist(), strict=True))
        for line, _ in households:
            found.shared[line] = [other for other in households if other[0] != line]


def _held(first: np.ndarray, last: np.ndarray) -> int:
    """The most households the second pass holds at once (:func:`fanpin.io.export._grouped`), given each one's
    first and last line: it gives them in the order of their first rows, each once it and every household
    before it are complete, so a household is held from its first line to the last line of all those up to
    it. A file whose households' rows are together holds one or two; one sorted by another column (与户主关系,
    every head first) holds nearly all of them. Counted a block of households at a time (it runs on 10 million)."""
    by_first = np.argsort(first, kind="stable")
    starts, released = first[by_first], last[by_first]
    del by_first
    np.maximum.accumulate(released, out=released)  # sorted: searchsorted counts those released before a start
    most = 0
    for at in range(0, len(starts), 1 << 16):
        block = starts[at : at + (1 << 16)]
        # before the household at position p starts: p + 1 households started, searchsorted(...) released
        held = np.arange(at + 1, at + 1 + len(block)) - np.searchsorted(released, block, side="left")
        most = max(most, int(held.max()))
    return most


class RowNotes:
    """What the row-by-row first pass (:func:`fanpin.io.export._scan`) notes, noted as this module's pass
    notes it (in files in ``folder``, closed with ``files``), so that a file read row by row does not hold
    each household's key and each value in memory either (about a kilobyte a household at 100 000). A
    household's key and 户编号 are hashed by BLAKE2b (128 bits each) where the pass by columns uses polars's
    hash: the notes of one pass are only compared among themselves."""

    def __init__(self, folder: Path, files: contextlib.ExitStack, checked: Sequence[tuple[str, int, bool]]) -> None:
        self.spans = _Spans(folder / "households", files)
        self.values = {name: _Values(folder / name, files, across=not every) for name, _, every in checked}
        self.held: dict[str, tuple[list[str], list[int]]] = {name: ([], []) for name, _, _ in checked}
        self.runs: list[tuple[int, int, int, int, int, int, bool]] = []  # a household's rows in a row
        self.run: tuple[tuple[str, ...], int, int] | None = None  # its key, its first line and its last
        self.digests: tuple[tuple[str, ...] | None, int, int] = (None, 0, 0)  # the last key hashed

    def value(self, name: str, value: str, key: tuple[str, ...]) -> None:
        """A value of the field ``name`` on a row of the household ``key``."""
        values, owners = self.held[name]
        values.append(value)
        if self.values[name].across:  # the household's, for a value repeated across households alone
            owners.append(self._digest(key)[0])
        if len(values) >= _HELD:
            self._flush_values(name)

    def household(self, line: int, key: tuple[str, ...]) -> None:
        """A row of the household ``key`` (a 户编号 named) on ``line``."""
        if self.run is not None and self.run[0] == key:
            self.run = (key, self.run[1], line)
            return
        self._end_run()
        self.run = (key, line, line)

    def done(self) -> KeyScan:
        """The households and the repeated values noted (the notes read back once)."""
        found = KeyScan()
        self._end_run()
        self._flush_runs()
        for name in self.held:
            self._flush_values(name)
            found.repeated[name] = self.values[name].repeated()
        _households(found, self.spans)
        return found

    def _digest(self, key: tuple[str, ...]) -> tuple[int, int]:
        if key != self.digests[0]:
            self.digests = (key, *_digest(key))
        return self.digests[1], self.digests[2]

    def _end_run(self) -> None:
        if self.run is None:
            return
        key, first, last = self.run
        unread = any(UNDECODED in cell for cell in key[:-1])
        self.runs.append((*self._digest(key), *_digest(key[-1:]), first, last, unread))
        self.run = None
        if len(self.runs) >= _HELD:
            self._flush_runs()

    def _flush_runs(self) -> None:
        if self.runs:
            names = ("key0", "key1", "id0", "id1", "first", "last", "unread")
            types = (pl.UInt64, pl.UInt64, pl.UInt64, pl.UInt64, pl.Int64, pl.Int64, pl.Boolean)
            self.spans.add(pl.DataFrame(self.runs, schema=list(zip(names, types, strict=True)), orient="row"))
            self.runs.clear()

    def _flush_values(self, name: str) -> None:
        values, owners = self.held[name]
        if values:
            held = self.values[name]
            held.add(pl.Series(values, dtype=pl.String), pl.Series(owners, dtype=pl.UInt64) if held.across else None)
            values.clear()
            owners.clear()


#: The notes :class:`RowNotes` holds in Python before it writes them (a block's worth).
_HELD = 1 << 15


def _digest(texts: tuple[str, ...]) -> tuple[int, int]:
    """Two 64-bit numbers of the BLAKE2b hash of ``texts`` (its ``repr``: ("a", "bc") and ("ab", "c"))."""
    digest = hashlib.blake2b(repr(texts).encode("utf-8", "surrogatepass"), digest_size=16).digest()
    return int.from_bytes(digest[:8], "little"), int.from_bytes(digest[8:], "little")


class _Column:
    """A column of numbers noted a block at a time in a file, read back whole once. (Held in memory, the
    notes of 10 million households' export took a gigabyte or more through the first pass: a list of each
    block's arrays some 2.7 times their bytes, small arrays made among polars's freed memory keeping the heap
    from shrinking; one array doubled as it filled, its copies.)"""

    def __init__(self, path: Path, dtype: type, files: contextlib.ExitStack) -> None:
        self.path, self.dtype, self.size = path, np.dtype(dtype), 0
        self.file = files.enter_context(path.open("wb"))  # closed when the pass ends, however it ends

    def add(self, values: np.ndarray) -> None:
        values.astype(self.dtype, copy=False).tofile(self.file)
        self.size += len(values)

    def taken(self) -> np.ndarray:
        """The values noted, whose file is deleted (read once). A file shorter than its values is a write
        the disk did not take (numpy's ``tofile`` says nothing of a full disk): an OSError naming it."""
        self.file.close()
        if self.path.stat().st_size != self.size * self.dtype.itemsize:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self.path))
        values = np.fromfile(self.path, dtype=self.dtype)
        self.path.unlink()
        return values


class _Spans:
    """Each block's households (:func:`_scan`), a :class:`_Column` of each of their numbers."""

    def __init__(self, path: Path, files: contextlib.ExitStack) -> None:
        types = {"key0": np.uint64, "key1": np.uint64, "id0": np.uint64, "id1": np.uint64, "unread": np.bool_}
        self.columns = {
            name: _Column(path.with_name(f"{path.name}.{name}"), types.get(name, np.int64), files)
            for name in (*types, "first", "last")
        }

    def add(self, frame: pl.DataFrame) -> None:
        for name, column in self.columns.items():
            column.add(frame.get_column(name).to_numpy())

    def column(self, name: str) -> np.ndarray:
        """The column ``name`` of every block (read once)."""
        return self.columns[name].taken()


def _runs(*columns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The order that sorts the rows of ``columns`` (by the first, then the next), and where each run of equal
    rows starts in that order."""
    order = np.lexsort(columns[::-1])
    starts = np.zeros(len(order), dtype=bool)
    starts[:1] = True
    for column in columns:
        ordered = column[order]
        starts[1:] |= ordered[1:] != ordered[:-1]
    return order, np.flatnonzero(starts)


class _Values:
    """The values of a field checked for repeats (:data:`fanpin.io.export.UNIQUE_FIELDS`) as the first pass
    holds them: an 18-character ID number, or digits alone up to 17, as one 64-bit integer
    (:func:`~fanpin.io.repeats.packed`: 8 bytes where polars holds such a text in 34), any other as text;
    ``across``: repeated across households (each value with its household's key hash), not across rows."""

    def __init__(self, path: Path, files: contextlib.ExitStack, *, across: bool) -> None:
        self.across = across
        self.packed = _Column(path.with_name(f"{path.name}.packed"), np.int64, files)
        # across households: each packed value's household
        self.owners = _Column(path.with_name(f"{path.name}.owners"), np.uint64, files)
        self.texts: list[pl.DataFrame] = []

    def add(self, values: pl.Series, owners: pl.Series | None = None) -> None:
        frame = values.alias("value").to_frame()
        if owners is not None:
            frame = frame.with_columns(owners.alias("owner"))
        frame = frame.with_columns(packed(pl.col("value")).alias("packed"))
        numbers = frame.filter(pl.col("packed").is_not_null())
        self.packed.add(numbers.get_column("packed").to_numpy())
        if owners is not None:
            self.owners.add(numbers.get_column("owner").to_numpy())
        texts = frame.filter(pl.col("packed").is_null()).drop("packed")
        # texts made anew: those of a filtered column keep every text of the block they were read in (some
        # 100 bytes a household where 15 % of the ID numbers are of another shape)
        self.texts.append(texts.with_columns(texts.get_column("value") + ""))

    def repeated(self) -> Repeated:
        """The values read more than once (across households: in more than one)."""
        numbers = np.empty(0, dtype=np.int64)
        if self.packed.size:
            values, owners = self.packed.taken(), self.owners.taken() if self.across else None
            if owners is None:
                values.sort()
            else:  # each value once a household
                order, starts = _runs(values, owners)
                values = values[order][starts]
            numbers = values[1:][values[1:] == values[:-1]]
        texts: list[str] = []
        if self.texts:
            frame = pl.concat(self.texts)
            self.texts.clear()
            frame = frame.unique() if self.across else frame.select("value")
            column = frame.get_column("value")
            texts = column.filter(column.is_duplicated()).unique().to_list()
        return Repeated(numbers, texts)


def _keys(texts: dict[int, pl.Series], key: Sequence[int | None], height: int) -> list[pl.Series]:
    """Each row's key (:func:`fanpin.io.export._key`), a column per key field, from the cells'
    :func:`_excel_texts` (``key``: the key fields' columns, None where the file has none: read as empty)."""
    empty = pl.Series("", dtype=pl.String).extend_constant("", height)
    keys = [key_texts(texts[i]) if i is not None else empty for i in key[:-1]]
    household = key[-1]
    if household is None:
        keys.append(empty)
    else:  # the 户编号 as a code without the spaces inside it, and none where it is an error of Excel's (#N/A) or
        # holds a tab or a line break, or is a number whose last digits are lost: fanpin.io.export._key
        code = code_texts(texts[household])
        names_one = ~code.is_in(sorted(EXCEL_ERRORS)) & ~code.str.contains(CODE_BREAK) & ~code.str.contains(LOST_DIGITS)
        keys.append(id_key_texts(code).zip_with(names_one, empty))
    return keys


def _excel_texts(frame: pl.DataFrame, read: Sequence[int]) -> dict[int, pl.Series]:
    """:func:`~fanpin.model.values.excel_text` of each cell of the columns ``read`` (null: an empty cell),
    in one query. The first column's cell may begin with the byte-order mark of a file joined there, which
    the csv reader drops. Only a cell ending in ``0`` may change past its trimming: those are looked at after
    it, alone (about one cell in ten: two patterns on every cell had taken half of the step)."""
    made = []
    for i in read:
        text = pl.col(f"__col{i}").fill_null("")
        if i == 0:
            text = text.str.strip_prefix(BOM)
        made.append(text.str.strip_chars(WHITESPACE).alias(str(i)))  # str.strip(): WHITESPACE is all it removes
    texts = frame.lazy().select(made).collect(engine=ENGINE)
    zeros = texts.select(pl.all().str.ends_with("0").arg_true().implode())  # (one row: no broadcast)
    out = {}
    for i in read:
        column, zero = texts.get_column(str(i)), zeros.get_column(str(i))[0]
        if zero.len():
            column = column.scatter(zero, _zero_ended(column.gather(zero)))
        out[i] = column
    return out


def _zero_ended(cells: pl.Series) -> pl.Series:
    """:func:`~fanpin.model.values.excel_text` of trimmed cells that end in ``0``: Excel's tail of a point and
    zeros after ASCII digits taken off (5323.0, 5323.00: 5323), a cell of other characters (full-width digits
    lose their tail too, as ``str.isdigit`` reads them) by that function itself, the others as they are."""
    tail = cells.str.contains(r"^[0-9]+\.0+$")
    fixed = cells.clone()
    if tail.any():
        at = tail.arg_true()
        fixed = fixed.scatter(at, cells.gather(at).str.strip_chars_end("0").str.strip_suffix("."))
    other = cells.str.contains(r"[^\x00-\x7f]").arg_true()
    if other.len():
        fixed = fixed.scatter(other, [excel_text(t) for t in cells.gather(other).to_list()])
    return fixed


def code_texts(texts: pl.Series) -> pl.Series:
    """:func:`~fanpin.model.values.code_text` of each cell's :func:`_excel_texts`: a cell with a leading
    apostrophe (few) read by that function itself, the others as they are."""
    quoted = texts.str.starts_with("'").fill_null(False).arg_true()
    if not quoted.len():
        return texts
    return texts.clone().scatter(quoted, [code_text(t) for t in texts.gather(quoted).to_list()])


def key_texts(texts: pl.Series) -> pl.Series:
    """:func:`fanpin.io.keys.key_text` of each cell's :func:`_excel_texts`: the cells it changes, those with
    a small ASCII letter or one of :data:`~fanpin.io.keys.ODD_KEY` (few: a 户编号 is digits, a place's name
    Chinese), in capitals by polars where they are ASCII text without the latter, by that function itself
    otherwise (polars's capitals are Unicode's, which make ß SS). ``texts`` stays as it is (``scatter`` writes
    in place: a copy's cells are replaced)."""
    changed = texts.str.contains(_CHANGED).fill_null(False).arg_true()
    if not changed.len():
        return texts
    some = texts.gather(changed)
    other = (some.str.contains(ODD_KEY) | some.str.contains(r"[^\x00-\x7f]")).arg_true()
    keys = some.str.to_uppercase()
    if other.len():
        keys = keys.scatter(other, [key_text(t) for t in some.gather(other).to_list()])
    return texts.clone().scatter(changed, keys)


def id_key_texts(texts: pl.Series) -> pl.Series:
    """:func:`fanpin.io.keys.id_key_text` of each 户编号 cell's :func:`_excel_texts`: :func:`key_texts`, the spaces
    inside the few cells that hold one taken out. Most files have no cell either changes (one pattern looks
    for both: 3.1 ms for 75 000 ids, against 5.6 for the two)."""
    if not texts.str.contains(_ID_CHANGED).any():
        return texts
    keys = key_texts(texts)
    spaced = keys.str.contains(SPACE).fill_null(False).arg_true()
    if not spaced.len():
        return keys
    return keys.clone().scatter(spaced, keys.gather(spaced).str.replace_all(SPACE, ""))


def _unique_keys(texts: pl.Series) -> pl.Series:
    """:func:`fanpin.io.export.unique_key` of each cell's :func:`_excel_texts` (upper case: by polars
    for ASCII text, by that function itself otherwise)."""
    out = texts.str.to_uppercase()
    other = texts.str.contains(r"[^\x00-\x7f]").arg_true()
    if other.len():
        out = out.scatter(other, [unique_key(t) for t in texts.gather(other).to_list()])
    return out


def _maybe_column_numbers(keys: list[pl.Series]) -> pl.Series:
    """Whether each row's key may be a form's row of column numbers (:func:`~fanpin.io.export.maybe_column_numbers`),
    by polars."""
    return keys[-1].str.contains(f"^(?:{NUMBERS_ID})$") & keys[0].str.contains(f"^(?:{NUMBERS_PLACE})$")


def _header_ids(info: HouseholdFile, household: int | None) -> list[str]:
    """What a header's row may hold under 户编号, read as the keys are (:func:`header_key_texts`)."""
    return [] if household is None else sorted(header_key_texts(info.columns, info.header_rows, household))


def _header_again(info: HouseholdFile, lines: pl.Series, row: list[str], at: int) -> bool:
    """:func:`~fanpin.io.readers.header_again` of the row at ``at`` of a block whose lines are ``lines``."""
    return header_again(row, info.columns, info.header_rows, Location(str(info.path), lines[at]))


def _rows_where(
    piece: bytes, ends: np.ndarray, maybe: pl.Series | None, test: Callable[[list[str], int], bool]
) -> pl.Series:
    """Per record of ``piece``, whether it is one of the ``maybe`` rows and ``test`` holds for its cells as
    the csv module reads them and its place in ``piece`` (the records are read again whole: a few rows of a
    file)."""
    height = len(ends)
    holds = np.zeros(height, dtype=bool)
    if maybe is not None:
        for position in maybe.arg_true().to_list():
            start = int(ends[position - 1]) if position else 0
            holds[position] = test(record_cells(piece[start : int(ends[position])]), position)
    return pl.Series(holds)


def _blank(row: list[str]) -> bool:
    return all(map(blank_cell, row))


def _beyond_the_end(piece: bytes, ends: np.ndarray, texts: dict[int, pl.Series], pair: tuple[int, int]) -> pl.Series:
    """The rows that end before the copy of ``pair`` (copy, original): their copy reads as empty, and those
    rows whose original is filled are read again to tell a missing cell from an empty one."""
    copy, original = pair
    maybe = (texts[copy] == "") & (texts[original] != "")
    return _rows_where(piece, ends, maybe, lambda row, _: len(row) <= copy)


def _first_difference(
    texts: dict[int, pl.Series], pairs: Sequence[tuple[int, int]], compared: Sequence[pl.Series], lines: pl.Series
) -> tuple[int, int, int, str, str] | None:
    """The first row where a copy differs from its original (``compared``: for each pair, the rows where its
    copies are compared), and the first such pair there."""
    if not pairs:
        return None
    differs = [(texts[original] != texts[copy]) & rows for (copy, original), rows in zip(pairs, compared, strict=True)]
    rows = pl.DataFrame([d.alias(str(n)) for n, d in enumerate(differs)]).select(pl.any_horizontal(pl.all()))
    at = rows.to_series().arg_true()
    if not at.len():
        return None
    row = int(at[0])
    for (copy, original), differ in zip(pairs, differs, strict=True):
        if differ[row]:
            return int(lines[row]), copy, original, texts[original][row], texts[copy][row]
    return None  # not reached: a pair differs on that row
