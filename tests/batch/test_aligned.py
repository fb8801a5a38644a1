"""``fanpin.batch.engine._aligned``: a frame of outcomes whose columns are held in pieces of different counts is
joined into one piece a column; one whose columns are all in as many pieces is kept as it is; the values never
change. It looks at every column's pieces only where the first column is in pieces (asking a column of one
repeated value for its pieces writes it out)."""

from __future__ import annotations

import itertools

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from fanpin.batch.engine import _aligned

ROWS = 12


def _in_pieces(values: list[int], cuts: list[int]) -> pl.Series:
    """``values`` as one Series held in a piece between each two of ``cuts`` (positions within it)."""
    bounds = [0, *sorted(set(cuts)), len(values)]
    pieces = [pl.Series(values[a:b], dtype=pl.Int64) for a, b in itertools.pairwise(bounds) if b > a]
    whole = pieces[0]
    for piece in pieces[1:]:
        whole = whole.append(piece)  # appended without joining: one more piece
    return whole


@given(st.lists(st.lists(st.integers(1, ROWS - 1), max_size=3), min_size=1, max_size=5))
def test_aligned_joins_pieces_of_different_counts_and_changes_no_value(cuts: list[list[int]]) -> None:
    columns = [_in_pieces(list(range(c * 100, c * 100 + ROWS)), at).alias(f"c{c}") for c, at in enumerate(cuts)]
    frame = pl.DataFrame(columns)
    counts = set(frame.n_chunks("all"))
    out = _aligned(frame)
    assert out.equals(frame)
    if len(counts) == 1:
        assert out.n_chunks("all") == frame.n_chunks("all")  # as many pieces everywhere: kept as it is
    else:
        assert set(out.n_chunks("all")) == {1}


def test_a_frame_of_repeated_values_and_pieces() -> None:
    """A literal column (one value repeated) first, a column in two pieces after it: joined; a frame of
    columns in one piece each stays so."""
    pieces = _in_pieces(list(range(ROWS)), [5]).alias("b")
    frame = pl.DataFrame({"a": [1] * ROWS}).with_columns(pl.lit(7).alias("k")).hstack([pieces])
    assert frame.n_chunks("all")[-1] == 2
    out = _aligned(frame)
    assert out.equals(frame) and set(out.n_chunks("all")) == {1}
    whole = pl.DataFrame({"a": [1] * ROWS}).with_columns(pl.lit(7).alias("k"))
    assert _aligned(whole).equals(whole) and set(_aligned(whole).n_chunks("all")) == {1}
