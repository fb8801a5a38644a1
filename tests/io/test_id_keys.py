"""A 户编号 read as the same id by columns: what each cell gives is what the row-by-row readers give, whatever
the cells (a usual file's digits alone take a shorter way, which must give the same)."""

from __future__ import annotations

import polars as pl
from hypothesis import example, given
from hypothesis import strategies as st

from fanpin.batch.validate import household_key
from fanpin.io.key_scan import id_key_texts
from fanpin.io.keys import id_key_text
from fanpin.io.readers import BOM
from fanpin.pipeline.scored import _cell_id_keys

#: Cells of a 户编号 column: digits (the usual), and what a clerk's file holds besides: spaces of any kind, a
#: leading apostrophe, Excel's ``.0``, letters of either case, full-width characters, invisible ones, a
#: joined file's byte-order mark, a line break.
PIECES = st.sampled_from(
    ["5323", "0", "9", " ", "\u3000", "\u00a0", "'", ".0", ".00", "h", "H", "ß", "\uff15", "\u200b", BOM, "\n", "#N/A"]
)
CELLS = st.one_of(
    st.text("0123456789", min_size=1, max_size=18),
    st.lists(PIECES, max_size=6).map("".join),
    st.text(max_size=8),
    st.none(),
)


@given(st.lists(CELLS, max_size=30))
@example(["5323280000000001", "5323 280000000001", "h1"])
@example(["5323280000000001"] * 3)
def test_the_ids_by_columns_are_the_ids_row_by_row(cells: list[str | None]) -> None:
    texts = pl.Series(cells, dtype=pl.String)
    assert id_key_texts(texts).to_list() == [None if c is None else id_key_text(c) for c in cells]


@given(st.lists(CELLS, max_size=30), st.booleans())
@example(["5323280000000001", BOM + "5323280000000001", "", None], True)
def test_a_cell_of_digits_alone_is_its_own_key(cells: list[str | None], bom: bool) -> None:
    """The first pass's keys (``_cell_id_keys``) are the model's reading of every cell, then the same id's."""
    texts = pl.Series(cells, dtype=pl.String)
    cell = pl.col("id").str.strip_prefix(BOM) if bom else pl.col("id")
    every = id_key_texts(texts.to_frame("id").select(household_key(cell)).to_series())
    assert _cell_id_keys(texts, bom=bom).to_list() == every.to_list()
    assert texts.to_list() == cells  # the cells given are left as they are
