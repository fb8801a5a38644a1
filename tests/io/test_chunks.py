"""The CSV block reader (:mod:`fanpin.io.chunks`): the quotes the block cutter finds once answer the check
for a quote inside a cell exactly as a fresh scan of each block did, and records cut at any block size give
the frames (cells, ``__line``, ``__ragged``) one block gives, and the csv module gives."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from fanpin.io.chunks import (
    EXTRA_CELLS,
    RowByRow,
    _check_split,
    _csv_chunks,
    _named,
    _python_chunks,
    _quote_inside,
    _record_blocks,
)
from fanpin.io.readers import HouseholdFile, csv_rows

HEADER = ["户编号", "行政区划代码", "备注"]


def _reference_quote_inside(data: np.ndarray) -> bool:
    """The check as it was before the quotes were shared: every byte but the first and the last scanned."""
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


def _record_ends(pieces: list[tuple[bytes, np.ndarray, int, int, np.ndarray | None]]) -> list[int]:
    """The offset past each record, counted from the first record."""
    offsets: list[int] = []
    done = 0
    for piece, ends, *_ in pieces:
        offsets += (ends + done).tolist()
        done += len(piece)
    return offsets


@pytest.mark.parametrize("block", [1, 2, 3, 5, 8, 13, 40, 1 << 20])
def test_each_block_gets_its_own_quotes_found_once(tmp_path: Path, block: int) -> None:
    """At every block size, each piece's quotes (kept by the cutter across blocks and the header) are the
    quotes of the piece, the pieces are the records after the header, and the check answers as before."""
    for k, stray in enumerate([[], *STRAY]):
        info = _file(tmp_path / f"f{k}.csv", [*CLEAN[:3], *stray, *CLEAN[3:]])
        data = info.path.read_bytes()
        body = data[data.index(b"\n") + 1 :]
        pieces = list(_record_blocks(info.path, info, block))
        assert b"".join(p for p, *_ in pieces) == body
        for piece, _, _, _, quotes in pieces:
            view = np.frombuffer(piece, dtype=np.uint8)
            assert quotes is not None and quotes.tolist() == np.flatnonzero(view == ord('"')).tolist()
            assert _quote_inside(view, quotes) == _quote_inside(view) == _reference_quote_inside(view)
        assert _record_ends(pieces) == _record_ends(list(_record_blocks(info.path, info, len(data) + 1)))
        # The first pass over the ids keeps no quotes and counts no lines: the same records.
        cells = list(_record_blocks(info.path, info, block, cells_only=True))
        assert [(p, e.tolist()) for p, e, *_ in cells] == [(p, e.tolist()) for p, e, *_ in pieces]
        assert all(line == breaks == 0 and q is None for _, _, line, breaks, q in cells)
        inside = any(_reference_quote_inside(np.frombuffer(p, dtype=np.uint8)) for p, *_ in pieces)
        assert inside == bool(stray)


@pytest.mark.parametrize("stray", STRAY)
@pytest.mark.parametrize("block", [1, 7, 23, 1 << 20])
def test_a_quote_inside_a_cell_across_blocks_is_read_row_by_row(tmp_path: Path, stray: list[str], block: int) -> None:
    """``5"3`` and ``"a"b`` on a block boundary or not: the shared quotes find them, as a fresh scan did."""
    info = _file(tmp_path / "stray.csv", [*CLEAN[:2], *stray, *CLEAN[2:]])
    with pytest.raises(RowByRow, match="a quote stands inside a cell"):
        list(_csv_chunks(info.path, info, 1000, block_bytes=block))


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


@given(
    st.lists(st.text(alphabet='a5,"\n', max_size=30), min_size=1, max_size=8),
    st.integers(1, 64),
)
def test_shared_quotes_answer_as_a_fresh_scan(
    tmp_path_factory: pytest.TempPathFactory, lines: list[str], block: int
) -> None:
    """Any text of cells, commas, quotes and line breaks, cut at any block size: the check with the cutter's
    quotes raises (or not) as the check scanning each piece did."""
    info = _file(tmp_path_factory.mktemp("q") / "any.csv", lines)
    for piece, _, _, _, quotes in _record_blocks(info.path, info, block):
        view = np.frombuffer(piece, dtype=np.uint8)
        assert quotes is not None and quotes.tolist() == np.flatnonzero(view == ord('"')).tolist()
        expected = _reference_quote_inside(view)
        assert _quote_inside(view, quotes) == expected
        try:
            _check_split(piece, b"\n", quotes)
        except RowByRow as signal:
            assert expected and "inside a cell" in signal.note
        else:
            assert not expected
