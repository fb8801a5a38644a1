"""The CSV block reader (:mod:`fanpin.io.chunks`): records cut at any block size are the records counting
quotes byte by byte finds, the first pass over the ids gets the same pieces, the check for a quote inside a
cell answers as a scan of every byte did, and the frames (cells, ``__line``, ``__ragged``) are those one
block gives, and the csv module gives."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from fanpin.io import chunks, readers
from fanpin.io.chunks import (
    BOTH_LINE_ENDS,
    EXTRA_CELLS,
    RowByRow,
    _check_split,
    _csv_chunks,
    _Marks,
    _named,
    _python_chunks,
    _quote_inside,
    _record_blocks,
    column_cells,
    column_frames,
    read_ahead,
    utf8,
)
from fanpin.io.readers import HouseholdFile, csv_rows

HEADER = ["户编号", "行政区划代码", "备注"]


def _reference_quote_inside(data: np.ndarray) -> bool:
    """The check as it was first written: every byte but the first and the last scanned."""
    at = np.flatnonzero(data[1:-1] == ord('"')) + 1
    content = np.array([b not in b',\r\n"' for b in range(256)])
    return bool((content[data[at - 1]] & content[data[at + 1]]).any())


def _file(path: Path, lines: list[str], eol: str = "\n") -> HouseholdFile:
    path.write_bytes(eol.join([",".join(HEADER), *lines, ""]).encode())
    # As the reader finds it: a file of CR LF lines is read as one of LF lines.
    return HouseholdFile(path, "utf-8", 1, HEADER, {}, HEADER, header_record=1, line_end=eol[-1])


#: Quoted cells with line breaks, escaped quotes and empty cells written ``""``, but no quote inside a cell.
CLEAN = [
    'H1,532328,""',
    'H2,"532328","a ""quoted"" word"',
    'H3,532328,"two\nlines"',
    '"H4","",""',
    'H5,532328,"three\nline\nnote, with a comma"',
    'H6,,"",' + "," * 3 + "x",  # cells beyond the header: refused as ragged
    "H7,532328,plain",
]
#: A quote inside a cell, as ``5"3`` and as ``"a"b``: the csv module reads it as text.
STRAY = [['H8,532328,5"3'], ['H8,532328,"a"b']]


def _reference_ends(body: bytes, eol: bytes) -> list[int]:
    """The offset past each record of ``body``, byte by byte: a line end after an even number of quotes,
    and the end of the last record when no line end ends it."""
    ends, quoted = [], False
    for at, byte in enumerate(body):
        if byte == ord('"'):
            quoted = not quoted
        elif byte == eol[0] and not quoted:
            ends.append(at + 1)
    if body and (not ends or ends[-1] != len(body)):
        ends.append(len(body))
    return ends


def _reference_breaks(piece: bytes) -> int:
    """Line breaks as Python reads text: LF, CR LF and a CR alone."""
    return len(re.findall(rb"\r\n|\r|\n", piece))


def _record_ends(pieces: list[tuple[bytes, np.ndarray, int, int]]) -> list[int]:
    """The offset past each record, counted from the first record."""
    offsets: list[int] = []
    done = 0
    for piece, ends, *_ in pieces:
        offsets += (ends + done).tolist()
        done += len(piece)
    return offsets


def _check_blocks(info: HouseholdFile, block: int) -> None:
    """Records cut in blocks of ``block`` bytes: the records after the header, each cut where counting quotes
    byte by byte cuts, each piece numbered by Python's line breaks; the first pass over the ids gets the
    same pieces (with the offset past each one's last record only, and no line counted)."""
    data = info.path.read_bytes()
    eol = info.line_end.encode()
    body = data[data.index(eol) + 1 :]
    pieces = list(_record_blocks(info.path, info, block, _Marks()))
    assert b"".join(p for p, *_ in pieces) == body
    assert _record_ends(pieces) == _reference_ends(body, eol)
    line = 2
    for piece, _, first, breaks in pieces:
        assert (first, breaks) == (line, _reference_breaks(piece))
        line += breaks
    cells = list(_record_blocks(info.path, info, block, _Marks(), cells_only=True))
    assert [p for p, *_ in cells] == [p for p, *_ in pieces]
    assert [e.tolist() for _, e, _, _ in cells] == [e[-1:].tolist() for _, e, _, _ in pieces]
    assert all(line == breaks == 0 for _, _, line, breaks in cells)


@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("block", [1, 2, 3, 5, 8, 13, 40, 1 << 20])
def test_records_are_cut_where_counting_quotes_cuts_them(tmp_path: Path, eol: str, block: int) -> None:
    """At every block size and line end, with or without a quote inside a cell: the records of the file,
    numbered as Python reads its lines, and the check for a quote inside a cell answers as before."""
    for k, stray in enumerate([[], *STRAY]):
        info = _file(
            tmp_path / f"f{k}.csv", [line.replace("\n", eol) for line in [*CLEAN[:3], *stray, *CLEAN[3:]]], eol
        )
        _check_blocks(info, block)
        pieces = list(_record_blocks(info.path, info, block, _Marks()))
        for piece, *_ in pieces:
            view = np.frombuffer(piece, dtype=np.uint8)
            assert _quote_inside(view, _Marks()) == _reference_quote_inside(view)
        inside = any(_reference_quote_inside(np.frombuffer(p, dtype=np.uint8)) for p, *_ in pieces)
        assert inside == bool(stray)


#: Quoted cells whose line breaks fall where a block's last line end is inside quotes, at some block size.
QUOTED_BREAKS = [
    'H1,532328,"one\ntwo\nthree"',
    "H2,532328,x",
    'H3,532328,"a\n""b""\n\nc"',
    'H4,"532328",""',
    'H5,532328,"\n"',
    "H6,532328,y",
]


def _cells_and_lines(info: HouseholdFile, block: int) -> tuple[list[str | None], list[int]]:
    frame = pl.concat(_named(c, info.columns) for c in _csv_chunks(info.path, info, 2, block_bytes=block))
    return frame.get_column("户编号").to_list(), frame.get_column("__line").to_list()


@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"])
def test_a_block_whose_last_line_end_is_inside_a_quoted_cell(tmp_path: Path, eol: str) -> None:
    """At every block size, among them those whose block's last line end stands inside a quoted cell: the
    first pass reads the same ids, and the chunks the same cells on the same lines, as one block does."""
    info = _file(tmp_path / "breaks.csv", [line.replace("\n", eol) for line in QUOTED_BREAKS], eol)
    data = info.path.read_bytes()
    ids = ["H1", "H2", "H3", "H4", "H5", "H6"]
    whole = _cells_and_lines(info, 1 << 20)
    assert whole == (ids, [2, 5, 6, 10, 11, 13])
    inside_at: list[int] = []
    for block in range(1, len(data) + 2):
        _check_blocks(info, block)
        assert _cells_and_lines(info, block) == whole
        assert pl.concat(column_cells(info.path, info, 0, block_bytes=block)).to_list() == ids
        # Whether a block read at this size ends with its last line end inside quotes (the header has
        # no quote: counted from the file's start).
        for start in range(0, len(data), block):
            chunk = data[start : start + block]
            last = chunk.rfind(info.line_end.encode())
            if last != -1 and data[: start + last].count(b'"') % 2:
                inside_at.append(block)
                break
    assert len(inside_at) > 10  # the case is met, at many sizes


@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("block", [3, 16, 50])
def test_a_quoted_cell_spanning_many_blocks_is_looked_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, eol: str, block: int
) -> None:
    """A note of 40 lines, many blocks long: the same cells and lines as one block reads, and the block
    cutter is handed each byte of the file once (linear in the file, however many blocks the cell spans),
    by the chunks and by the first pass."""
    note = eol.join(f"line {i}, of the note" for i in range(40))
    info = _file(tmp_path / "long.csv", ["H1,532328,x", f'H2,532328,"{note}"', "H3,532328,y"], eol)
    size = len(info.path.read_bytes())
    assert size > 10 * block
    looked: list[int] = []
    ends = chunks._Scanner.ends

    def counted(scanner: chunks._Scanner, block: bytes, *, every: bool = True) -> np.ndarray:
        looked.append(len(block))
        return ends(scanner, block, every=every)

    monkeypatch.setattr(chunks._Scanner, "ends", counted)
    assert _cells_and_lines(info, block) == (["H1", "H2", "H3"], [2, 3, 43])
    assert sum(looked) == size
    looked.clear()
    assert pl.concat(column_cells(info.path, info, 0, block_bytes=block)).to_list() == ["H1", "H2", "H3"]
    assert sum(looked) == size


@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("stray", STRAY)
@pytest.mark.parametrize("block", [1, 7, 23, 1 << 20])
def test_a_quote_inside_a_cell_across_blocks_is_read_row_by_row(
    tmp_path: Path, eol: str, stray: list[str], block: int
) -> None:
    """``5"3`` and ``"a"b`` on a block boundary or not, whatever the line end, beside quoted line breaks:
    the chunks and the export's first pass by columns refuse the file (it is read row by row)."""
    lines = [line.replace("\n", eol) for line in [*CLEAN[:2], *stray, *CLEAN[2:]]]
    info = _file(tmp_path / "stray.csv", lines, eol)
    with pytest.raises(RowByRow, match="a quote stands inside a cell"):
        list(_csv_chunks(info.path, info, 1000, block_bytes=block))
    with pytest.raises(RowByRow, match="a quote stands inside a cell"):
        list(column_frames(info.path, info, [0], block_bytes=block))


def _row_by_row(info: HouseholdFile) -> pl.DataFrame:
    rows = csv_rows(info.path, "utf-8")
    next(rows)  # the header
    return pl.concat(_named(c, info.columns) for c in _python_chunks(info, rows, 1000))


@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("block", [1, 4, 9, 31, 1 << 20])
def test_frames_are_the_same_at_any_block_size(tmp_path: Path, eol: str, block: int) -> None:
    """Cells, ``__line`` (quoted line breaks counted) and ``__ragged``: as one block reads them, and as
    Python's csv module does."""
    info = _file(tmp_path / "clean.csv", [line.replace("\n", eol) for line in CLEAN], eol)
    got = pl.concat(_named(c, info.columns) for c in _csv_chunks(info.path, info, 3, block_bytes=block))
    assert got.equals(pl.concat(_named(c, info.columns) for c in _csv_chunks(info.path, info, 3)))
    # polars reads an empty unquoted cell as null, the csv module as empty text: the same to validation.
    cells = [pl.col(h).fill_null("") for h in HEADER]
    assert got.with_columns(cells).equals(_row_by_row(info).with_columns(cells))
    assert got.get_column("__line").to_list() == [2, 3, 4, 6, 7, 10, 11]
    ragged = got.get_column("__ragged").to_list()
    assert ragged == [None] * 5 + ["7 cells but 3 headers", None]
    assert len(CLEAN[5].split(",")) - len(HEADER) < EXTRA_CELLS


@pytest.mark.parametrize(("eol", "other"), [("\n", "\r"), ("\r\n", "\r"), ("\r", "\n"), ("\r", "\r\n")])
@pytest.mark.parametrize("block", [1, 5, 12, 1 << 20])
def test_the_other_line_end_inside_quotes_is_a_line_break(tmp_path: Path, eol: str, other: str, block: int) -> None:
    """A CR alone in a file of LF (or CR LF) lines, an LF (or a CR LF) in one of CR lines, inside a quoted
    cell: a line break, as Python reads the file row by row, though not the file's line end."""
    lines = [f'H1,532328,"a{other}b"', "H2,532328,x", f'H3,"532328","{other}{other}c"', "H4,532328,y"]
    info = _file(tmp_path / "other.csv", lines, eol)
    got = pl.concat(_named(c, info.columns) for c in _csv_chunks(info.path, info, 2, block_bytes=block))
    assert got.get_column("__line").to_list() == _row_by_row(info).get_column("__line").to_list() == [2, 4, 5, 8]


@given(
    st.lists(st.text(alphabet='a5,"\n\r', max_size=30), min_size=1, max_size=8),
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.integers(1, 64),
)
def test_any_text_is_cut_and_checked_as_byte_by_byte(
    tmp_path_factory: pytest.TempPathFactory, lines: list[str], eol: str, block: int
) -> None:
    """Any text of cells, commas, quotes and line breaks, with any line end, cut at any block size: the
    records and line numbers of counting quotes byte by byte (the first pass's pieces the same), and the
    check raises (or not) as the check scanning every byte did. The reader's arrays of marks are used again
    by each piece's check between its blocks, as a run uses them: nothing a block marked is read for the next."""
    info = _file(tmp_path_factory.mktemp("q") / "any.csv", lines, eol)
    _check_blocks(info, block)
    marks = _Marks()
    for piece, *_ in _record_blocks(info.path, info, block, marks):
        view = np.frombuffer(piece, dtype=np.uint8)
        expected = _reference_quote_inside(view)
        assert _quote_inside(view, marks) == expected
        try:
            _check_split(piece, info.line_end.encode(), marks)
        except RowByRow as signal:
            assert signal.note == ("a quote stands inside a cell: read row by row" if expected else BOTH_LINE_ENDS)
        else:
            assert not expected


def _decodes(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@given(
    st.binary(max_size=40)
    | st.text(max_size=20).map(lambda t: t.encode("utf-8", "surrogatepass"))
    | st.lists(
        st.sampled_from([b"\xed\xa0\x80", b"\xc0\xaf", b"\xf4\x90\x80\x80", b"\xe4\xb8", "中".encode(), b"a"])
    ).map(b"".join)
)
def test_the_utf8_check_refuses_what_python_refuses(data: bytes) -> None:
    """The check of a block's text (polars') says what Python's decoder says: overlong forms, surrogates,
    code points past U+10FFFF and cut characters refused, any other text taken."""
    assert utf8(data) is _decodes(data)


def _reference_line_end(head: bytes) -> str:
    """How a file's lines end as first written: each quote and line break looked at in turn."""
    quoted, ends = False, set()
    for match in re.finditer(rb'"|\r\n|\r|\n', head):
        token = match.group()
        if token == b'"':
            quoted = not quoted
        elif not quoted:
            ends.add("\r" if token == b"\r" else "\n")
    return "" if len(ends) > 1 else ends.pop() if ends else "\n"


@given(st.lists(st.sampled_from(["a", ",", '"', '""', "\r", "\n", "\r\n", "户"]), max_size=40))
def test_a_files_line_end_is_told_as_each_quote_and_break_in_turn_tells_it(
    tmp_path_factory: pytest.TempPathFactory, parts: list[str]
) -> None:
    """``line_end``'s running xor of the quote marks answers as a look at each quote and break did: line
    ends inside quotes ignored, CR LF one end, a CR alone another, both ways ``""``; nothing is ``"\\n"``."""
    data = "".join(parts).encode()
    path = tmp_path_factory.mktemp("eol") / "f.csv"
    path.write_bytes(data)
    assert readers.line_end(path) == _reference_line_end(data)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"a,b\r\nc,d\r\n", "\n"),
        (b"a,b\rc,d\r", "\r"),
        (b'a,"b\rc"\nd\n', "\n"),  # a CR inside quotes is a line break in a cell
        (b"a\rb\nc", ""),
        (b"a\r\r\nb", ""),
        (b"a,b", "\n"),
        (b"", "\n"),
    ],
)
def test_line_end_examples(tmp_path: Path, data: bytes, expected: str) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(data)
    assert readers.line_end(path) == expected


def test_line_end_reads_the_first_megabyte_without_a_cr_cut_from_its_lf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(readers, "_SNIFF_BYTES", 8)
    path = tmp_path / "f.csv"
    path.write_bytes(b"ab\r\ncde\r\nfg\r\n")  # the eighth byte is the CR of a CR LF
    assert readers.line_end(path) == "\n"
    path.write_bytes(b"ab\rcdef\r\nfg\r\n")  # a CR alone, then the cut in a CR LF: only the first is read
    assert readers.line_end(path) == "\r"


# ---- reading ahead on a thread ------------------------------------------------------------------------


def test_read_ahead_gives_the_items_in_order_each_made_on_its_thread() -> None:
    made_on: list[str] = []

    def items() -> Iterator[int]:
        for n in range(5):
            made_on.append(threading.current_thread().name)
            yield n

    assert list(read_ahead(items(), "fanpin-test")) == [0, 1, 2, 3, 4]
    assert len(made_on) == 5 and all(name.startswith("fanpin-test") for name in made_on)


def test_read_ahead_raises_an_items_error_where_it_is_taken() -> None:
    """The items before it are given first; the error is the one raised (RowByRow sends a file row by row)."""

    def items() -> Iterator[int]:
        yield 1
        yield 2
        raise RowByRow("a quote stands inside a cell: read row by row")

    taken = []
    with pytest.raises(RowByRow, match="quote stands inside"):
        for item in read_ahead(items()):
            taken.append(item)
    assert taken == [1, 2]


def test_read_ahead_closes_its_items_when_the_caller_stops_early() -> None:
    """A caller that stops (the first pass ending at a difference between copies) closes the items it read
    from: their file is closed then, on the caller's thread, not left to the collector."""
    closed: list[str] = []

    def items() -> Iterator[int]:
        try:
            yield from range(100)
        finally:
            closed.append(threading.current_thread().name)

    ahead = read_ahead(items())
    assert [next(ahead), next(ahead)] == [0, 1]
    ahead.close()
    assert closed == [threading.current_thread().name]
