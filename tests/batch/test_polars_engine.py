"""fanpin's queries over frames in memory run on polars' in-memory engine (:mod:`fanpin._polars`):
polars 2 runs a query on its streaming engine by default, a tenth of a millisecond more a query and some
tenths of a second more a chunk (docs/performance-log.md, "The polars engine"). A ``collect`` that does not name the
engine would go back to it without a word, so each one is checked here."""

from __future__ import annotations

import ast
import itertools
from typing import Any

import polars as pl
from hypothesis import given
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from fanpin._polars import ENGINE, gathered
from tests.paths import ROOT

#: Queries that read a file (a CSV block, Parquet parts): there polars' own choice was measured no slower.
READS_A_FILE = {"io/chunks.py", "io/findings.py", "io/progress.py"}


def _collects(tree: ast.AST) -> list[ast.Call]:
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("collect", "collect_all")
    ]


def test_every_query_over_frames_in_memory_names_the_in_memory_engine() -> None:
    package = ROOT / "fanpin"
    unnamed, named = [], 0
    for path in sorted(package.rglob("*.py")):
        where = path.relative_to(package).as_posix()
        if where in READS_A_FILE:
            continue
        for call in _collects(ast.parse(path.read_text(encoding="utf-8"))):
            engine = next((k.value for k in call.keywords if k.arg == "engine"), None)
            if isinstance(engine, ast.Name) and engine.id == "ENGINE":
                named += 1
            else:
                unnamed.append(f"{where}:{call.lineno}")
    assert unnamed == [] and named >= 12


def test_the_engine_is_one_polars_takes() -> None:
    frame = pl.LazyFrame({"a": [1, 2]}).with_columns(b=pl.col("a") * 2)
    assert frame.collect(engine=ENGINE).equals(pl.DataFrame({"a": [1, 2], "b": [2, 4]}))
    assert pl.collect_all([frame], engine=ENGINE)[0].equals(frame.collect())


_TEXTS = st.none() | st.lists(st.none() | st.text(max_size=4), max_size=3)


@given(
    columns=st.integers(0, 3).flatmap(
        lambda width: st.integers(1, 6).flatmap(
            lambda height: st.lists(
                st.lists(_TEXTS, min_size=height, max_size=height), min_size=width, max_size=width
            ).map(lambda cells: (height, cells))
        )
    ),
    data=st.data(),
)
def test_gathered_places_the_rows_as_polars_gather_does(columns: tuple[int, list[list[Any]]], data: Any) -> None:
    """A frame's rows gathered in one piece (:func:`gathered`, for the speed of lists of text) are its rows
    gathered column by column: every column's values and type, in one piece, a null row where the number is
    null, the frame's height where it has no column; the frame in one piece or in several (as the plan's
    kept combinations are)."""
    height, cells = columns
    whole = pl.DataFrame(
        [pl.Series(f"c{i}", values, dtype=pl.List(pl.String)) for i, values in enumerate(cells)]
        + ([pl.Series("n", range(height), dtype=pl.Int64)] if cells else [])
    )
    cuts = sorted(data.draw(st.sets(st.integers(1, height - 1), max_size=3))) if height > 1 else []
    ends = [0, *cuts, height]
    frame = pl.concat([whole.slice(a, b - a) for a, b in itertools.pairwise(ends)], rechunk=False) if cells else whole
    rows = pl.Series(data.draw(st.lists(st.none() | st.integers(0, height - 1), max_size=8)), dtype=pl.UInt32)
    got = gathered(frame, rows)
    if not cells:  # (polars' own selection of no column has no row)
        assert got.shape == (rows.len(), 0)
        return
    assert got.n_chunks("all") == [1] * got.width
    assert_frame_equal(got, whole.select(pl.all().gather(rows)))
