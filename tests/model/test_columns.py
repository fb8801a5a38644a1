"""The column vocabulary's helpers, against their definitions."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from fanpin import Household
from fanpin.model.columns import (
    ALIASES,
    FOOTER_PATTERN,
    FOOTER_ROW,
    FOOTER_WORDS,
    REQUIRED,
    TOTALS_PATTERN,
    TOTALS_ROW,
    column_numbers,
    no_household_reason,
)
from fanpin.model.values import WHITESPACE
from fanpin.testing import household_records

#: Cells near a totals row's or a footer's words: their pieces, whitespace of every kind, digits and letters
_PIECES = st.sampled_from(
    [
        *FOOTER_WORDS,
        *(w[:1] for w in FOOTER_WORDS),
        "合",
        "总",
        "小",
        "计",
        "合计",
        *("共", "共和", "户", "人", "计", "\uff16", "六"),  # a footer's count (FOOTER_COUNT), a county's name
        " ",
        "\u3000",
        "\u200b",
        "5",
        "H",
        "：",
    ]
)
_CELLS = st.lists(st.one_of(_PIECES, st.sampled_from(WHITESPACE), st.text(max_size=3)), max_size=5).map("".join)


@given(_CELLS)
def test_no_household_reason_is_its_patterns_on_the_cell_without_surrounding_whitespace(cell: str) -> None:
    text = cell.strip(WHITESPACE)
    expected = TOTALS_ROW if re.match(TOTALS_PATTERN, text) else FOOTER_ROW if re.match(FOOTER_PATTERN, text) else None
    assert no_household_reason(cell) == expected


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (["1", "2", "3", "4", "5", "6"], True),
        ([1, 2, 3, 4, 5, 6], True),  # a sheet's numbers
        (["1.0", "2.0", "3.0", "4.0", "5.0", "6.0"], True),  # … as a CSV saved from it writes them
        (["1", "2", "", "4", "5", "6"], True),  # a column left unnumbered
        (["1", "2", "3", "", "", ""], True),  # half the columns
        (["栏次", "1", "2", "3", "4", "5"], True),
        (["甲", "乙", "1", "2", "3", "4"], True),
        (["0", "1", "2", "3", "4", "5"], True),  # numbered from 0
        (["1", "2", "3", "7", "8", "9"], True),  # columns deleted after it was numbered
        (["1", "2", "1900-01-03", "4", "5", "6"], True),  # 3 under a column formatted as dates
        (["1", "2", "1900/1/3", "4", "1904-01-06", "6"], True),  # … in a CSV saved from it; the 1904 system
        (["1", "2", "1980-01-03", "4", "5", "6"], False),  # a date of birth
        (["1900-01-01", "1900-01-02", "1900-01-03", "", "", ""], False),  # dates alone
        (["\uff11", "\uff12", "\uff13", "\uff14", " 5 ", "6\u200b"], True),  # full-width, spaces around
        (["1", "2", "", "", "", ""], False),  # too few
        (["1", "2", "3", "", "", "", "", ""], True),  # under half of eight columns, each number in its place
        (["1", "2", "3", *[str(n) for n in range(4, 13)], *[""] * 18], True),  # the first twelve of thirty
        (["栏次", "1", "2", "3", "", "", "", "", "", ""], True),  # … after 栏次: behind their places
        (["1", "", "", "4", "", "", "7", "", "", ""], True),  # numbers on some columns only, in their places
        (["1", "", "3", "", "4", "", "", "", "", ""], True),  # 3 over two merged columns
        (["1", "2", "4", "", "", "", "", ""], False),  # under half, a number ahead of its place
        (["1", "3", "50", "", "", "", "", "", "", ""], False),  # a household 1 of 3 people and 50 元
        (["", "", "1", "2", "3", "", "", "", "", ""], True),  # numbers starting further right
        (["1", "2", "3", "", "", "", "", "", "", "是"], False),  # a word after them
        (["1", "2", "2", "4", "5", "6"], False),  # not increasing
        (["1", "3", "2", "4", "5", "6"], False),
        (["4", "5", "6", "7", "8", "9"], False),  # not from 1 or near it
        (["H1", "2", "3", "4", "5", "6"], False),  # a household
        (["1", "532328", "2", "4", "1000", "0"], False),  # a household numbered 1: its values do not increase
        (["1", "2", "3", "4", "5", "是"], False),  # a word after the numbers
        (["1", "2", "3", "栏次", "5", "6"], False),
        (["-1", "2", "3", "4", "5", "6"], False),
        (["1", "2.5", "3", "4", "5", "6"], False),
        (["1", "2", "3", "4", "5", "9" * 5000], False),  # a long number: no column's, and no error
        (["", "", "", "", "", ""], False),
    ],
)
def test_a_row_of_column_numbers_is_told_from_a_row_of_data(cells: list[object], expected: bool) -> None:
    header = [f"c{n}" for n in range(1, len(cells) + 1)]
    assert column_numbers([str(c) for c in cells], header) is expected


@given(
    st.data(),
    household_records(allow_unknown=True),
    st.integers(0, 9999),
)
def test_a_row_the_household_model_reads_is_never_a_row_of_column_numbers(
    data: st.DataObject, record: dict[str, str], number: int
) -> None:
    """A household row, its 户编号 a small number as a hand-made sheet numbers its households (1, 2, 3), its
    columns in any order and any of its cells the model does without left empty, is never taken for a row of
    column numbers (栏次), however few of its cells are filled: the model reads 户类型 only as a word."""
    key = next(k for k in ("household_id", "户编号") if k in record)
    row = {**record, key: str(number)}
    optional = sorted(k for k in row if ALIASES.get(k, k) not in REQUIRED)
    emptied = data.draw(st.lists(st.sampled_from(optional), unique=True)) if optional else []
    row.update(dict.fromkeys(emptied, ""))
    try:
        Household.model_validate(row)
    except ValueError:
        assume(False)
    header = data.draw(st.permutations(list(row)))
    assert not column_numbers([row[name] for name in header], header)
    assert not column_numbers([row[name] for name in header], [*header, *(f"x{n}" for n in range(60))])


def test_no_row_of_the_example_data_is_a_row_of_column_numbers() -> None:
    """The example household table and the export's member rows (CSV): none is taken for column numbers."""
    import csv

    from tests.paths import EXPORT_GBK_CSV, HOUSEHOLDS_CSV

    for path, encoding in ((HOUSEHOLDS_CSV, "utf-8-sig"), (EXPORT_GBK_CSV, "gbk")):
        with path.open(encoding=encoding, newline="") as f:
            rows = list(csv.reader(f))
        header = next(row for row in rows if "户编号" in row)
        assert not any(column_numbers(row, header) for row in rows)
