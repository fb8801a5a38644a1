"""The export's first pass read by columns (:mod:`fanpin.io.key_scan`) gives what the row-by-row pass
gives: the rows counted, each household's last line in the order of the first, the 户编号 shared across
县/乡/村, the repeated ID numbers and phones, and the same refusal where a column's copies differ.
Files the blocks cannot read as the csv module does are left to the row-by-row pass."""

from __future__ import annotations

import codecs
import contextlib
import csv
import errno
import functools
import io
import pickle
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Literal

import polars as pl
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import fanpin.io.columnar as columnar
import fanpin.io.export as export
import fanpin.io.key_scan as by_columns_module
from fanpin.errors import InputFileError, OutputError
from fanpin.io.chunks import EXTRA_CELLS, column_frames
from fanpin.io.key_scan import _all_blank, key_scan
from fanpin.io.readers import RejectedRow
from fanpin.messages import error_message
from fanpin.model.export_columns import KEY_FIELDS
from fanpin.model.values import BLANK
from tests.helpers import SLOW

REGION = "532328"
HEADER = [
    "县", "乡", "村", "户编号", "证件号码", "家庭成员联系电话", "户类型", "工资性收入", "生产经营性收入",
    "财产性收入", "转移性收入", "风险是否已消除", "风险是否已消除0", "身份证号码",
]  # fmt: skip

#: Cells that make the pass's work: spaces of every kind, Excel's ``.0`` and ``.00`` tails on ASCII and other digits,
#: letters whose upper case differs (read in one case in a key: h1, H1 and a full-width h1 are one), quotes, commas and
#: line breaks inside cells, ID numbers and digits alone (held as integers), with leading zeros and a small x.
CELLS = st.sampled_from(
    ["", " ", "\u3000", "H1", "h1", "\uff48\uff11", "H2", " H1 ", "H1.0", "1.0", "12.0", "\uff11\uff12.0", "²3.0",
     "1.00", "12.000", "\uff11\uff12.00", "12.10", "H1.00",
     "A.0", ".0", "x", "X", "ß", "ǆ", "一村", "一村a", "二村", "a,b", 'a "q" b', "two\nlines", "1390000", "\ufeffH1",
     "是", "否", "H\t1", " H1\t", "53232819800101001X", "53232819800101001x", "532328198001010011", "13900001111",
     "013900001111", "0", "00", "00000000000000000", "\uff113900001111"]
)  # fmt: skip


#: How a generated file's lines end, and how it is encoded.
LINE_ENDS = st.sampled_from(["\n", "\r\n", "\r"])
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "gb18030"])


def _write(path: Path, title: list[list[str]], rows: list[list[str]], eol: str, encoding: str) -> Path:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator=eol)
    writer.writerows([*title, HEADER, *rows])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def _read_by_columns_alike(path: Path) -> object:
    """The first pass's outcome (:func:`_both`), once the file was read by columns and both ways gave it."""
    fast, slow, by_columns = _both(path)
    assert by_columns
    assert fast == slow
    return fast


def _both_ways(outcome: Callable[[], object]) -> tuple[object, object]:
    """``outcome()`` with the first pass by columns, and with it left to the rows (the second pass follows it)."""
    fast = outcome()
    saved = by_columns_module.key_scan
    by_columns_module.key_scan = lambda *args, **kwargs: None
    try:
        slow = outcome()
    finally:
        by_columns_module.key_scan = saved
    return fast, slow


def _data(
    rows: list[list[str]],
    *,
    equal_copies: bool,
    short: list[int],
    again: list[int],
    blanks: list[int],
    broken: Sequence[int] = (),
) -> list[list[str]]:
    """The data rows of generated cells: the copies equal or not, some rows short (their missing cells read as
    empty), some broken in two by a line break (between two cells, or inside one), the header row repeated
    (joined exports), blank lines and a row of spaces."""
    data = [_row(cells) for cells in rows]
    if equal_copies:
        for row in data:
            row[12] = row[11]
    for at in short:
        if at < len(data):
            data[at] = data[at][: 1 + at % 5]
    for at in broken:
        if at < len(data) and len(data[at]) == len(HEADER):
            data[at : at + 1] = _broken_at(data[at], 1 + at % (len(HEADER) - 1), in_a_cell=at % 3 == 0)
    for at in again:
        data.insert(min(at, len(data)), list(HEADER))
    for at in blanks:
        data.insert(min(at, len(data)), [" ", ""] if at % 2 else [])
    return data


def _broken_at(row: list[str], at: int, *, in_a_cell: bool) -> list[list[str]]:
    """``row`` broken in two lines before its cell ``at`` (``in_a_cell``: inside it, where it holds two
    characters or more: the cell then counts on both lines)."""
    if in_a_cell and len(row[at]) >= 2:
        return [[*row[:at], row[at][:1]], [row[at][1:], *row[at + 1 :]]]
    return [row[:at], row[at:]]


#: Title rows above the header, as the national system writes them.
TITLES = [["全国防返贫监测信息系统 家庭成员信息表"], []]


def _both(path: Path, unique: tuple[str, ...] = tuple(export.UNIQUE_FIELDS)) -> tuple[object, object, bool]:
    """The first pass by columns and row by row (each a _Scan, or the InputFileError's text), and whether
    the columns were read (not left to the rows)."""
    info, index_of, pairs, _ = export._open(path, REGION)
    checked = [(f, index_of[f], export.UNIQUE_FIELDS[f][1]) for f in unique if f in index_of]
    key = [index_of.get(f) for f in KEY_FIELDS]
    by_columns = key_scan(path, info.encoding, info.columns, info.header_record, key, pairs, checked) is not None

    def outcome() -> object:
        try:
            scan = export._scan(info, index_of, pairs, unique)
        except InputFileError as exc:
            return str(exc)
        return scan.rows, scan.households, scan.ends.tolist(), sorted(scan.shared.items()), scan.repeated

    return (*_both_ways(outcome), by_columns)


def _row(cells: list[str]) -> list[str]:
    """A data row: the generated cells over the key, ID and phone columns and the copies (the copies equal
    on most rows), the required columns filled."""
    county, town, village, hid, id_number, phone, copy_a, copy_b = cells
    return [county, town, village, hid, id_number, phone, "脱贫户", "100", "0", "0", "0", copy_a, copy_b, id_number]


@given(
    rows=st.lists(st.lists(CELLS, min_size=8, max_size=8), max_size=30),
    equal_copies=st.booleans(),
    blanks=st.lists(st.integers(0, 30), max_size=3),
    short=st.lists(st.integers(0, 30), max_size=2),
    broken=st.lists(st.integers(0, 30), max_size=3),
    again=st.lists(st.integers(0, 30), max_size=2),
    title=st.booleans(),
    eol=LINE_ENDS,
    encoding=ENCODINGS,
)
@example(rows=[["", "", "", "H1", "X", "1", "a", "a"]] * 3, equal_copies=True, blanks=[1], short=[], broken=[],
         again=[], title=True, eol="\n", encoding="utf-8")  # fmt: skip
@example(rows=[["", "", "", "H1", "X", "1", "a", "a"], ["", "", "", "H2", "H3", "1", "a", "a"]] * 2,
         equal_copies=True, blanks=[], short=[], broken=[1, 3], again=[], title=False, eol="\n",
         encoding="utf-8")  # fmt: skip
def test_the_columns_give_what_the_rows_give(
    tmp_path_factory: pytest.TempPathFactory,
    rows: list[list[str]],
    equal_copies: bool,
    blanks: list[int],
    short: list[int],
    broken: list[int],
    again: list[int],
    title: bool,
    eol: str,
    encoding: str,
) -> None:
    data = _data(rows, equal_copies=equal_copies, short=short, again=again, blanks=blanks, broken=broken)
    path = _write(tmp_path_factory.mktemp("scan") / "export.csv", TITLES if title else [], data, eol, encoding)
    fast, slow, _ = _both(path)
    assert fast == slow


@given(
    rows=st.lists(st.tuples(st.sampled_from(["一村", "二村", "三村"]), st.integers(0, 6), CELLS, CELLS), max_size=40),
    block_bytes=st.sampled_from([1, 150, 400]),
    broken=st.lists(st.integers(0, 40), max_size=3),
)
def test_households_across_blocks_are_found_as_in_one(
    tmp_path_factory: pytest.TempPathFactory, rows: list[tuple[str, int, str, str]], block_bytes: int, broken: list[int]
) -> None:
    """Read in blocks of a few rows each, a household's rows fall in two or more blocks, some apart, and a
    户编号 recurs in other villages: the blocks' notes, put together at the pass's end, give what one reading
    of the rows gives (the households, their last lines, the shared 户编号, the repeated ID numbers and
    phones), a member row broken in two across two blocks too."""
    data = [
        _row(["元谋县", "一乡", village, f"H{n}", id_number, phone, "是", "是"])
        for village, n, id_number, phone in rows
    ]
    for at in broken:
        if at < len(data) and len(data[at]) == len(HEADER):
            data[at : at + 1] = _broken_at(data[at], 1 + at % (len(HEADER) - 1), in_a_cell=at % 2 == 0)
    path = _write(tmp_path_factory.mktemp("blocks") / "export.csv", TITLES, data, "\n", "utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            by_columns_module,
            "column_frames",
            functools.partial(column_frames, block_bytes=block_bytes),
        )
        fast, slow, by_columns = _both(path)
    assert by_columns and fast == slow


def test_a_usual_export_is_read_by_columns(tmp_path: Path) -> None:
    rows = [_row(["元谋县", "一乡", "一村", f"H{n // 3}", f"53232819800101{n:04d}", f"1390000{n // 3:04d}", "是", "是"])
            for n in range(300)]  # fmt: skip
    rows[7][5] = rows[20][5]  # a phone two households share
    rows[8][4] = rows[8][13] = rows[9][4]  # an ID number on two rows (身份证号码 is its copy)
    rows.append(_row(["元谋县", "一乡", "二村", "H3", "", "", "是", "是"]))  # H3 in two villages
    path = _write(tmp_path / "export.csv", [["标题"]], rows, "\r\n", "utf-8-sig")
    fast = _read_by_columns_alike(path)
    assert isinstance(fast, tuple)
    rows_read, households, ends, shared, repeated = fast
    assert rows_read == 301 and households == len(ends) == 101
    assert ends[:2] == [5, 8] and ends[-1] == 303  # the title, the header, then three rows a household
    # H3 of 一村 (lines 12-14) and of 二村 (line 303), each by its first line
    assert shared == [(12, [(303, False)]), (303, [(12, False)])]
    assert {field: set(values) for field, values in repeated.items()} == {
        "id_number": {rows[8][4]},
        "phone": {rows[20][5]},
    }


def test_a_household_number_in_another_case_is_one_household_number(tmp_path: Path) -> None:
    """h3 and H3 (and a full-width h3) are one 户编号 in both passes: one household in 一村 (whose rows the
    second pass refuses for its two spellings), and one shared with 二村."""
    rows = [_row(["元谋县", "一乡", "一村", f"H{n // 3}", "", "", "是", "是"]) for n in range(30)]
    rows[10][3], rows[11][3] = "h3", "\uff48\uff13"
    rows.append(_row(["元谋县", "一乡", "二村", "h3", "", "", "是", "是"]))
    path = _write(tmp_path / "export.csv", [["标题"]], rows, "\n", "utf-8")
    fast = _read_by_columns_alike(path)
    assert isinstance(fast, tuple)
    _, households, ends, shared, _ = fast
    assert households == 11 and 14 in ends  # H3 of 一村: lines 12-14
    assert shared == [(12, [(33, False)]), (33, [(12, False)])]


def test_a_household_number_with_a_tab_or_a_line_break_inside_names_no_household(tmp_path: Path) -> None:
    """Such a row is refused in its place in the second pass, as one without 户编号: both passes give it no key
    (a tab or a line break at either end is trimmed, as any space is)."""
    rows = [_row(["元谋县", "一乡", "一村", f"H{n // 3}", "", "", "是", "是"]) for n in range(9)]
    rows[4][3], rows[5][3], rows[7][3] = "H\t1", "H\n1", "\tH2\n"
    path = _write(tmp_path / "export.csv", [["标题"]], rows, "\n", "utf-8")
    fast = _read_by_columns_alike(path)
    assert isinstance(fast, tuple)
    _, households, ends, _, _ = fast
    # lines: H0 3-5, H1 6, H\t1 7, H\n1 8-9, H2 10, then 11-12 and 13 (the line break at the end is in quotes)
    assert households == 3 and ends == [5, 6, 13]


@pytest.mark.parametrize("quoting", [csv.QUOTE_MINIMAL, csv.QUOTE_ALL], ids=["empty-cells-bare", "every-cell-quoted"])
@pytest.mark.parametrize("by_rows", [False, True], ids=["by-columns", "row-by-row"])
def test_the_second_line_of_a_row_broken_in_two_is_no_household(
    tmp_path: Path, by_rows: bool, quoting: Literal[0, 1, 2, 3]
) -> None:
    """A member row broken in two by a line break: its second line (refused in its place) holds other cells
    under 县, 乡, 村 and 户编号, and had been counted a household of its own (one household more than the run
    scored and refused), or a row of the household whose key they happen to be (its first or last line, so
    that the second pass held every household after it to the file's end), or of one in another village with
    that 户编号 (both refused as sharing it). Here: its cells a key no other row has, a household's with
    other rows, and a 户编号 of 一村 under 二村; the first pass counts 100 households, as the second groups.
    (Empty cells written bare, every row's last cell reads as missing: the pass by columns counts the cells
    of every row of the block; written ``""``, only the six short lines', each alone.)"""
    rows = [_row(["元谋县", "一乡", "一村", f"H{n // 3}", "", "", "是", "是"]) for n in range(300)]
    rows[4][7:11] = ["元谋县", "一乡", "二村", "H7"]  # H1's second row: 工资性收入 to 转移性收入, the second line's key
    rows[10][7:11] = ["元谋县", "一乡", "一村", "H8"]  # H3's
    rows[16][7:11] = ["100", "0", "0", "0"]  # H5's: a key of its own
    if by_rows:  # a quote inside a cell: the file is read row by row
        rows[299][6] = 'a"b'
    data = [
        part
        for n, row in enumerate(rows)
        for part in (_broken_at(row, 7, in_a_cell=False) if n in (4, 10, 16) else [row])
    ]
    path = tmp_path / "export.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n", quoting=quoting).writerows([["标题"], HEADER, *data])
    if by_rows:
        path.write_text(path.read_text(encoding="utf-8").replace('"a""b"', 'a"b'), encoding="utf-8")
    info, groups, _ = export.export_groups(path, region=REGION)
    assert bool(info.line_end) is not by_rows  # read by columns or not
    items = list(groups)
    households = [item for item in items if isinstance(item, export.HouseholdRows)]
    assert info.households == len(households) == 100
    assert info.rows == 303  # every line counted
    # the title, the header, then three rows a household, lines 8, 15 and 22 the second lines (refused in place)
    assert [h.lines[-1] for h in households] == [5 + 3 * n + (n >= 1) + (n >= 3) + (n >= 5) for n in range(100)]
    assert [item.line for item in items if isinstance(item, RejectedRow)] == [8, 15, 22]
    assert [h.key[-1] for h in households] == [f"H{n}" for n in range(100)]  # none refused for a shared 户编号


def test_a_header_again_under_a_household_number_heading_in_small_letters(tmp_path: Path) -> None:
    """The 户编号 column headed household_id, its header row again (two exports joined): the row is the
    header in both passes (its 户编号 read in capitals as the heading is), not a household's."""
    header = ["household_id" if h == "户编号" else h for h in HEADER]
    rows = [_row(["", "", "", f"H{n // 2}", "", "", "是", "是"]) for n in range(6)]
    path = tmp_path / "export.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows([header, *rows[:3], header, *rows[3:]])
    fast = _read_by_columns_alike(path)
    # the header on lines 1 and 5; H0 on lines 2-3, H1 on 4 and 6, H2 on 7-8
    assert isinstance(fast, tuple) and fast[1:3] == (3, [3, 6, 8])


def test_copies_that_differ_are_refused_alike(tmp_path: Path) -> None:
    rows = [_row(["", "", "", f"H{n}", "", "", "是", "是"]) for n in range(50)]
    rows[30][12] = "否"
    path = _write(tmp_path / "export.csv", [], rows, "\n", "utf-8")
    fast = _read_by_columns_alike(path)
    assert isinstance(fast, str) and "line 32" in fast


def test_a_row_cut_before_a_copy_is_not_taken_for_copies_that_differ(tmp_path: Path) -> None:
    """A CSV line cut short before a column's copy had its copy read as empty, which differs from a filled
    original: the whole file was refused for one cut line. The copy is missing there, not different (the
    row itself is refused as cut short when it is read); a copy written empty still differs."""
    rows = [_row(["", "", "", f"H{n}", "", "", "是", "是"]) for n in range(50)]
    rows[30] = rows[30][:12]  # ends after 风险是否已消除, before its copy
    path = _write(tmp_path / "export.csv", [], rows, "\n", "utf-8")
    fast = _read_by_columns_alike(path)
    assert isinstance(fast, tuple) and fast[0] == 50
    rows[30] = [*rows[30], ""]  # the copy written, and empty
    fast, slow, _ = _both(_write(tmp_path / "empty.csv", [], rows, "\n", "utf-8"))
    assert fast == slow
    assert isinstance(fast, str) and "line 32" in fast


@pytest.mark.parametrize(
    ("damage", "by_rows"),
    [
        (lambda data: data.replace(b"H7,", b'H7"x,', 1), "a quote inside a cell"),
        (lambda data: data.replace(b"H8,", b"H8\xff,", 1), "bytes that are not UTF-8"),
        (lambda data: data.replace(b"\n,,,H9,", b"\r,,,H9,", 1), "lines ending both ways"),
        (lambda data: data.replace(b"H6,", b"H6," + b"," * 40, 1), ""),  # cells the pass does not read
    ],
)
def test_files_the_blocks_cannot_read_are_left_to_the_rows(tmp_path: Path, damage: object, by_rows: str) -> None:
    rows = [_row(["", "", "", f"H{n}", "", "", "是", "是"]) for n in range(12)]
    path = _write(tmp_path / "export.csv", [], rows, "\n", "utf-8")
    assert callable(damage)
    path.write_bytes(damage(path.read_bytes()))
    fast, slow, by_columns = _both(path)
    assert by_columns is not bool(by_rows), by_rows
    assert fast == slow


def test_a_gbk_export_is_read_by_columns_through_a_utf8_copy(tmp_path: Path) -> None:
    rows = [_row(["元谋县", "一乡", "一村", f"H{n // 2}", "", "", "是", "是"]) for n in range(20)]
    path = _write(tmp_path / "export.csv", [["标题"]], rows, "\r\n", "gbk")
    assert codecs.lookup(export._open(path, REGION)[0].encoding).name in ("gbk", "gb18030")
    _read_by_columns_alike(path)


# The second pass (fanpin.io.key_scan.keyed_records): where the first pass read the file by columns, the
# second reads each household's member rows as their text as written, to be read into cells where they are
# validated. It must group what the row-by-row pass groups, refuse what it refuses, in the same order.


def _grouped_both(path: Path) -> tuple[object, object, bool]:
    """Every item of the second pass (households with their rows read into cells, rows refused) and what
    the resolver makes of each, by columns and row by row, and whether the columns were read."""
    info, index_of, pairs, _ = export._open(path, REGION)
    key = [index_of.get(f) for f in KEY_FIELDS]
    try:
        by_columns = key_scan(path, info.encoding, info.columns, info.header_record, key, pairs, []) is not None
    except InputFileError:  # refused (the header again in another order): the outcomes say so, both ways
        by_columns = False

    def outcome() -> object:
        try:
            info, groups, resolve = export.export_groups(path, region=REGION, unique=tuple(export.UNIQUE_FIELDS))
            items = list(groups)
        except InputFileError as exc:
            return str(exc)
        # the households the first pass counted are the second's, a row broken in two none of its own
        assert info.households == sum(isinstance(item, export.HouseholdRows) for item in items)
        return [(item, resolve(item)) for item in items]

    return (*_both_ways(outcome), by_columns)


@given(
    rows=st.lists(st.lists(CELLS, min_size=8, max_size=8), max_size=24),
    blanks=st.lists(st.integers(0, 24), max_size=3),
    short=st.lists(st.integers(0, 24), max_size=2),
    broken=st.lists(st.integers(0, 24), max_size=2),
    again=st.lists(st.integers(0, 24), max_size=2),
    title=st.booleans(),
    eol=LINE_ENDS,
    encoding=ENCODINGS,
    last_line_ended=st.booleans(),
    block_bytes=st.sampled_from([None, 1, 150, 400]),
)
@example(rows=[["", "", "", "H1", "X", "1", "a", "a"], ["", "", "", "", "X", "1", "a", "a"]] * 2, blanks=[1], short=[],
         broken=[], again=[], title=True, eol="\n", encoding="utf-8", last_line_ended=False,
         block_bytes=None)  # fmt: skip
@example(rows=[["", "", "", "H1", "X", "1", "a", "a"]] * 3, blanks=[], short=[], broken=[1], again=[], title=True,
         eol="\n", encoding="utf-8", last_line_ended=True, block_bytes=None)  # fmt: skip  # its second line's 户编号: 1
def test_the_second_pass_by_columns_groups_what_the_rows_group(
    tmp_path_factory: pytest.TempPathFactory,
    rows: list[list[str]],
    blanks: list[int],
    short: list[int],
    broken: list[int],
    again: list[int],
    title: bool,
    eol: str,
    encoding: str,
    last_line_ended: bool,
    block_bytes: int | None,
) -> None:
    """(In blocks of a few rows, too: a household's rows in two blocks or more.)"""
    # copies equal: the file is read
    data = _data(rows, equal_copies=True, short=short, again=again, blanks=blanks, broken=broken)
    path = _write(tmp_path_factory.mktemp("second") / "export.csv", TITLES if title else [], data, eol, encoding)
    if not last_line_ended:
        path.write_bytes(path.read_bytes().removesuffix(eol.encode()))
    with _in_blocks(block_bytes):
        fast, slow, _ = _grouped_both(path)
    assert fast == slow


@contextlib.contextmanager
def _in_blocks(block_bytes: int | None) -> Iterator[None]:
    """Both passes by columns read the file in blocks of about ``block_bytes`` (None: as a run does)."""
    with pytest.MonkeyPatch.context() as patch:
        if block_bytes is not None:
            patch.setattr(by_columns_module, "column_frames", functools.partial(column_frames, block_bytes=block_bytes))
        yield


#: What may stand among the households of a generated export in household order (:func:`_in_order`)
ODD_ROWS = st.sampled_from(
    [
        *("none", "blank", "no id", "no person", "header", "numbers", "few numbers", "total", "count", "short"),
        *("broken", "apart"),
    ]
)


def _in_order(
    households: list[tuple[str, int, int]], odd: list[tuple[int, str]], county: str = "元谋县"
) -> list[list[str]]:
    """The member rows of ``households`` (village, number, members) in ``county``, each household's rows
    together, in their order, and at some of them an odd row: blank, a member row without 户编号 (beside two
    households), a row without 户编号 naming no person, the header again, a row of column numbers (栏次, one column
    left unnumbered, or the first five columns only), a total under a household, a footer
    counting them (共3户), a member row cut short or broken in two, or a member row of a household whose other
    rows are elsewhere."""
    rows = [
        _row([county, "一乡", village, f"H{n}", f"53232819800101{m:04d}", "", "是", "是"])
        for village, n, members in households
        for m in range(members)
    ]
    for at, what in sorted(odd, reverse=True):
        at = min(at, len(rows))
        if what == "blank":
            rows.insert(at, [])
        elif what == "no id":
            rows.insert(at, _row(["元谋县", "一乡", "一村", "", "532328198001019999", "", "是", "是"]))
        elif what == "no person":
            rows.insert(at, ["", "", "", "", "", ""])
        elif what == "header":
            rows.insert(at, list(HEADER))
        elif what == "numbers":
            rows.insert(at, [str(n) if n != 3 else "" for n in range(1, len(HEADER) + 1)])
        elif what == "few numbers":
            rows.insert(at, [str(n) if n <= 5 else "" for n in range(1, len(HEADER) + 1)])
        elif what == "total":
            rows.insert(at, ["合计", "", "", "", "", "", "", "100"])
        elif what == "count":
            rows.insert(at, ["共 3 户 9 人"])
        elif what == "short" and at < len(rows):
            rows[at] = rows[at][:5]
        elif what == "broken" and at < len(rows):
            rows[at : at + 1] = _broken_at(rows[at], 7, in_a_cell=False)
        elif what == "apart" and rows:
            rows.insert(at, list(rows[at % len(rows)]))
    return rows


# Each example writes an export and groups it three ways (by the block, by the rows, by columns), some 0.25 s: 20
# examples beside the five below (the profile's 45 had made it the suite's slowest but one); 3 000 with FANPIN_SLOW=1.
@settings(max_examples=3000 if SLOW else 20)
@given(
    households=st.lists(
        st.tuples(st.sampled_from(["一村", "二村"]), st.integers(0, 30), st.integers(1, 4)), max_size=30
    ),
    odd=st.lists(st.tuples(st.integers(0, 90), ODD_ROWS), max_size=3),
    block_bytes=st.sampled_from([1, 150, 400, 1000]),
    eol=LINE_ENDS,
)
# a member row without 户编号 before a household whose rows go on in the blocks after it: beside it still
@example(households=[("一村", 1, 2), ("一村", 2, 4), ("一村", 3, 1)], odd=[(2, "no id")], block_bytes=400, eol="\n")
# a row broken in two, its second line broken again before its first cell (a blank line between the two
# halves, a block of its own, left out by the reading by columns): two rows, not one broken in two
@example(households=[("一村", 0, 1)], odd=[(0, "broken"), (0, "broken")], block_bytes=1, eol="\n")
# the header again, broken in two: the file is refused at it, both ways
@example(households=[("一村", 0, 1), ("一村", 1, 2)], odd=[(1, "broken"), (1, "header")], block_bytes=1, eol="\n")
# a row of column numbers under the header, and one among the households (files joined, each with its own)
@example(households=[("一村", 0, 1), ("一村", 1, 2)], odd=[(0, "numbers"), (2, "numbers")], block_bytes=150, eol="\n")
# … numbering the first five of its fourteen columns only
@example(households=[("一村", 0, 1), ("一村", 1, 2)], odd=[(0, "few numbers")], block_bytes=150, eol="\n")
def test_households_in_order_are_grouped_by_the_block_as_by_the_rows(
    tmp_path_factory: pytest.TempPathFactory,
    households: list[tuple[str, int, int]],
    odd: list[tuple[int, str]],
    block_bytes: int,
    eol: str,
) -> None:
    """An export's households come one after the other, mostly: the second pass groups such a block a household
    at a time (:func:`fanpin.io.export._plain_households`), and a block with anything else row by row. Both give
    what the row-by-row pass gives, whatever stands among the households and wherever the blocks are cut; a
    household number may recur (a household apart, or the same number again further down)."""
    path = _write(tmp_path_factory.mktemp("order") / "export.csv", TITLES, _in_order(households, odd), eol, "utf-8")
    with _in_blocks(block_bytes):
        fast, slow, _ = _grouped_both(path)
    assert fast == slow


@pytest.mark.parametrize("county", ["元谋县", "共和县"])
def test_a_block_of_households_one_after_another_is_grouped_a_household_at_a_time(tmp_path: Path, county: str) -> None:
    """Where every block holds households one after the other, each is grouped a household at a time, not
    row by row: the grouping's per-row Python had taken a sixth of the export's second pass. So in a county
    whose name starts with 共 (共和县), as a footer's count does (共6户): the name is no footer."""
    households = [("一村", n, 1 + n % 4) for n in range(60)]
    path = _write(tmp_path / "export.csv", TITLES, _in_order(households, [], county), "\r\n", "utf-8")
    plain, by_rows = [], []
    saved_plain, saved_rows = export._plain_households, export._block_placed

    def spied(*args: object) -> object:
        given = saved_plain(*args)  # type: ignore[arg-type]
        plain.append(given is not None)
        return given

    def spied_rows(*args: object) -> object:
        by_rows.append(args)
        return saved_rows(*args)  # type: ignore[arg-type]

    with _in_blocks(700), pytest.MonkeyPatch.context() as patch:
        patch.setattr(export, "_plain_households", spied)
        patch.setattr(export, "_block_placed", spied_rows)
        fast, slow, by_columns = _grouped_both(path)
    assert by_columns and fast == slow
    assert len(plain) > 5 and all(plain) and not by_rows
    items = [item for item, _ in fast]  # type: ignore[attr-defined]
    assert [item.count for item in items] == [1 + n % 4 for n in range(60)]
    assert all(item.records() is not None for item in items)


def test_a_usual_export_crosses_to_its_workers_as_written(tmp_path: Path) -> None:
    """Read by columns, a household's member rows are not read into cells where the file is grouped: they
    travel to a worker as their text and are read there, into the cells the row-by-row pass reads."""
    rows = [_row(["元谋县", "一乡", "一村", f"H{n // 3}", f"53232819800101{n:04d}", "", "是", "是"]) for n in range(30)]
    rows[4][7] = 'a "quoted", multi\nline cell'
    rows[5][0] = "\ufeff元谋县"  # the mark of a file joined here: not part of the cell
    path = _write(tmp_path / "export.csv", [["标题"]], rows, "\r\n", "utf-8")
    fast, slow, by_columns = _grouped_both(path)
    assert by_columns and fast == slow
    _, groups, _ = export.export_groups(path, region=REGION)
    items = [item for item in groups if isinstance(item, export.HouseholdRows)]
    assert len(items) == 10
    assert all(item._cells is None for item in items)  # the text, not yet its cells
    assert [item.first_line for item in items] == [3, 6, *range(10, 32, 3)]  # row 4's cell holds a line break
    travelled = pickle.loads(pickle.dumps(items[1]))
    assert travelled._cells is None
    assert travelled == items[1]
    assert travelled.rows[1][1][7] == 'a "quoted", multi\nline cell' and travelled.rows[2][1][0] == "元谋县"


def test_a_file_changed_between_the_passes_is_refused_in_words(tmp_path: Path) -> None:
    rows = [_row(["元谋县", "一乡", "一村", f"H{n // 3}", "", "", "是", "是"]) for n in range(30)]
    path = _write(tmp_path / "export.csv", [["标题"]], rows, "\n", "utf-8")
    _, groups, _ = export.export_groups(path, region=REGION)  # the first pass, by columns
    path.write_bytes(path.read_bytes().replace(b"H7,", b'H7"x,', 1))  # now a quote inside a cell
    with pytest.raises(InputFileError, match="changed while it was read") as caught:
        list(groups)
    assert caught.value.fix


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_a_change_between_the_passes_that_keeps_the_files_shape_is_refused_too(tmp_path: Path, encoding: str) -> None:
    """The second pass compares each block with the first's (its CRC-32) rather than checking it again: a
    change that every check passes (a village's name, the same length) is a file changed too, where the
    second pass had read the new text silently."""
    rows = [_row(["元谋县", "一乡", "一村", f"H{n // 3}", "", "", "是", "是"]) for n in range(30)]
    path = _write(tmp_path / "export.csv", [["标题"]], rows, "\n", encoding)
    _, groups, _ = export.export_groups(path, region=REGION)  # the first pass, by columns
    changed = path.read_bytes()
    at = changed.rindex("一村".encode(encoding))
    path.write_bytes(changed[:at] + "二村".encode(encoding) + changed[at + len("一村".encode(encoding)) :])
    with pytest.raises(InputFileError, match="changed while it was read") as caught:
        list(groups)
    told = error_message(caught.value, "zh")
    assert told == (
        f"fanpin: 错误：{path}：读取期间文件被改动了（第一遍与第二遍读到的内容不同）；"
        "请等没有程序再写这个文件后重新评分 [input-file]"
    )
    path.write_bytes(changed)  # as the first pass read it: the same households
    _, again, _ = export.export_groups(path, region=REGION)
    assert len([g for g in again if isinstance(g, export.HouseholdRows)]) == 10


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_a_temporary_folder_without_room_is_told_as_such(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encoding: str
) -> None:
    """The first pass notes the households in a temporary folder (and copies a GB18030 file there as UTF-8):
    a disk without room there is an error naming that folder and TMPDIR, in Chinese too, where it had been
    told as the outputs' disk being full."""
    rows = [_row(["元谋县", "一乡", "一村", f"H{n // 3}", "", "", "是", "是"]) for n in range(30)]
    path = _write(tmp_path / "export.csv", [["标题"]], rows, "\n", encoding)

    def full(*_: object, **__: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(by_columns_module._Column, "add", full)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", None)  # read TMPDIR again
    with pytest.raises(OutputError) as caught:
        export.export_groups(path, region=REGION, unique=("id_number",))
    assert error_message(caught.value, "en") == (
        f"fanpin: error: {tmp_path}: cannot write the run's temporary files in this folder: No space left on device "
        "[output] Fix: make room on that disk, or set TMPDIR to a folder on a disk with room"
    )
    assert error_message(caught.value, "zh") == (
        f"fanpin: 错误：{tmp_path}：无法在此文件夹写入运行所需的临时文件：磁盘空间已满；请清理该磁盘的空间，"
        "或将 TMPDIR 设为空间足够的磁盘上的文件夹 [output]"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.csv"]  # the folder is gone


def test_the_passes_leave_no_temporary_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first pass notes households in a temporary folder: read by columns, or left to the rows once a
    later block holds a quote inside a cell (the notes of both passes), nothing of them is left afterwards."""
    rows = [_row(["元谋县", "一乡", "一村", f"H{n // 3}", f"53232819800101{n:04d}", "", "是", "是"]) for n in range(60)]
    rows[50][2] = '一"村'  # a quote inside a cell, past the first blocks: the rows are read one by one
    for name, data in (("usual", rows[:40]), ("quote", rows)):
        folder = tmp_path / name
        folder.mkdir()
        path = _write(folder / "export.csv", [["标题"]], data, "\n", "utf-8")
        monkeypatch.setenv("TMPDIR", str(folder))
        monkeypatch.setattr(tempfile, "tempdir", None)  # read TMPDIR again
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(by_columns_module, "column_frames", functools.partial(column_frames, block_bytes=200))
            _, groups, _ = export.export_groups(path, region=REGION, unique=("id_number",))
            households = [g for g in groups if isinstance(g, export.HouseholdRows)]
        assert len(households) == (14 if name == "usual" else 21)  # H16 of 一村 and of 一"村
        assert sorted(p.name for p in folder.iterdir()) == ["export.csv"]


def test_records_as_written_are_read_one_by_one_where_joined_they_would_merge() -> None:
    """A household's records are read in one go; the file's last record, without a line end, comes last in
    its household, but were it not, joined to the next it would make one record: each is then read alone."""
    records: list[tuple[int, bytes | list[str]]] = [(3, b"H1,a"), (4, ["H1", "b"]), (5, b'"H1","c\r\nd"\r\n')]
    made = export.HouseholdRows.as_written(("", "", "", "H1"), records)
    assert made.rows == [(3, ["H1", "a"]), (4, ["H1", "b"]), (5, ["H1", "c\r\nd"])]


@given(
    rows=st.lists(st.lists(CELLS, min_size=8, max_size=8), min_size=1, max_size=24),
    short=st.lists(st.integers(0, 24), max_size=2),
    extra=st.lists(st.tuples(st.integers(0, 24), st.integers(1, 20)), max_size=2),
    eol=LINE_ENDS,
    encoding=ENCODINGS,
    last_line_ended=st.booleans(),
)
def test_polars_reads_the_records_into_the_cells_the_csv_module_reads(
    tmp_path_factory: pytest.TempPathFactory,
    rows: list[list[str]],
    short: list[int],
    extra: list[tuple[int, int]],
    eol: str,
    encoding: str,
    last_line_ended: bool,
) -> None:
    """The export's column path has polars read a chunk's records as written (:func:`columnar._records_read`):
    each cell is the one the csv module reads into :attr:`HouseholdRows.rows` (a short row's missing cells
    empty, a joined file's byte-order mark left out), whatever the line ends, quotes and line breaks, the file's
    last line ended or not."""
    data = _data(rows, equal_copies=True, short=short, again=[], blanks=[])
    for at, cells in extra:  # empty cells past the header (a trailing comma), some more than polars is given room for
        if at < len(data):
            data[at] = [*data[at], *[""] * cells]
    path = _write(tmp_path_factory.mktemp("records") / "export.csv", [["标题"]], data, eol, encoding)
    if not last_line_ended:
        path.write_bytes(path.read_bytes().removesuffix(eol.encode()))
    try:  # a line break unquoted (csv's writer quotes none in a file of CR lines) may split copies
        info, groups, _ = export.export_groups(path, region=REGION)
    except InputFileError:
        return
    households = [item for item in groups if isinstance(item, export.HouseholdRows) and item.records() is not None]
    # every record with its line end, the file's last too (joined as they come, none runs into the next)
    assert all(record.endswith((b"\n", b"\r")) for h in households for record in h.records() or [])
    read = columnar._records_read(info, households)
    if read is None:  # a row with more empty cells past the header than polars is given room for, or a non-UTF-8 read
        assert not households or any(len(row) > len(HEADER) + EXTRA_CELLS for h in households for _, row in h.rows)
        return
    width = len(HEADER)
    expected = [[*row[:width], *[""] * (width - len(row))] for h in households for _, row in h.rows]
    table = read.select(pl.col(f"__col{i}").fill_null("") for i in range(width))
    assert table.rows() == [tuple(row) for row in expected]
    assert read.get_column("__h").to_list() == [h for h, item in enumerate(households) for _ in item.rows]


def test_a_usual_chunk_is_read_by_polars(tmp_path: Path) -> None:
    rows = [_row(["元谋县", "一乡", "一村", f"H{n // 3}", "", "", "是", "是"]) for n in range(30)]
    rows[4][7] = 'a "quoted", multi\r\nline cell'
    path = _write(tmp_path / "export.csv", [["标题"]], rows, "\r\n", "utf-8-sig")
    info, groups, _ = export.export_groups(path, region=REGION)
    households = [item for item in groups if isinstance(item, export.HouseholdRows)]
    read = columnar._records_read(info, households)
    assert read is not None and read.height == 30
    assert read.select("__col3", "__col7", "__h").row(4) == ("H1", 'a "quoted", multi\r\nline cell', 1)


@given(
    rows=st.lists(
        st.lists(st.text(alphabet=st.sampled_from('ab,"\n 元'), max_size=6), min_size=1, max_size=12),
        min_size=1,
        max_size=20,
    ),
    counted=st.sampled_from([1, 16, 1 << 20]),
)
def test_the_cells_of_each_record_are_counted_as_the_csv_module_reads_them(rows: list[list[str]], counted: int) -> None:
    """The second pass by columns counts each record's cells for the block at once (its commas outside quotes:
    a row broken in two or cut short is found by them), a slice of whole records at a time (here of a record,
    of some, or all): as many as the csv module reads, whatever commas, quotes and line breaks the cells hold;
    so does the first pass, which counts a few records alone."""
    import numpy as np

    from fanpin.io.chunks import _Marks
    from fanpin.io.key_scan import _cells_alone, _cells_per_record

    records = []
    for row in rows:
        written = io.StringIO()
        csv.writer(written, lineterminator="\n").writerow(row)
        records.append(written.getvalue().encode("utf-8"))
    ends = np.cumsum([len(record) for record in records])
    read = [len(next(csv.reader(io.StringIO(record.decode("utf-8"), newline="")))) for record in records]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(by_columns_module, "_COUNTED_BYTES", counted)
        assert _cells_per_record(b"".join(records), ends, _Marks()) == read
    assert [_cells_alone(record) for record in records] == read


@given(
    st.lists(
        st.lists(st.sampled_from(["", " ", "\u200b", "\ufeff", "x", "5323"]), min_size=3, max_size=3), max_size=12
    ),
    st.lists(st.sampled_from([0, 1, 2]), max_size=5),
)
def test_a_row_may_be_blank_where_every_cell_read_is(rows: list[list[str]], columns: list[int]) -> None:
    """The first pass's rows that may be blank, looked at column by column (the 户编号's first, the others only
    while some row is still blank), are those whose every cell read holds nothing one sees."""
    texts = {i: pl.Series([row[i] for row in rows], dtype=pl.String) for i in range(3)}
    expected = [all(not row[i].strip(BLANK) for i in columns) for row in rows]
    assert _all_blank(texts, columns, len(rows)).to_list() == expected
