"""The column vocabulary's helpers, against their definitions."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from fanpin.model.columns import (
    FOOTER_PATTERN,
    FOOTER_ROW,
    FOOTER_WORDS,
    TOTALS_PATTERN,
    TOTALS_ROW,
    no_household_reason,
)
from fanpin.model.values import WHITESPACE

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
