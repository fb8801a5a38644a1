"""The polars engine fanpin's own queries run on.

polars 2 runs a lazy query on its streaming engine unless told otherwise (``engine="auto"``). fanpin's
queries are many and over frames already in memory (a chunk's validation, its rules' outcomes, each
fired rule's texts): on the streaming engine each costs about 0.1 ms more to start, and a whole chunk
about a tenth more, with more memory (docs/performance-log.md, "The polars engine"). So fanpin names the
in-memory engine on each of them; a host's own queries, and polars' global settings, are left as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final, Literal

import polars as pl

#: Passed as ``engine=`` to every ``collect`` and ``collect_all`` on the scoring path.
ENGINE: Final[Literal["in-memory"]] = "in-memory"

#: Between the items of a list of texts joined into one text for polars to split back (ASCII's unit separator,
#: which fanpin's own texts never hold): polars makes a list of text from one string about ten times faster than
#: it builds one from Python lists or concatenates and filters lists. Exact only where no item holds it, which
#: each user checks (:func:`fanpin.batch.texts._listed`, :func:`fanpin.results.table.table_frame`).
ITEM_SEPARATOR: Final = "\x1f"


def trimmed_items(lists: pl.Expr) -> pl.Expr:
    """Each list's items as text without the spaces around them, the empty ones left out: a list typed again
    in a spreadsheet (``a; b;``), or the measures in place given as a list."""
    text = pl.element().cast(pl.String).str.strip_chars()
    return lists.list.eval(text.filter(text != ""))


def nulls(height: int, dtype: pl.DataType | type[pl.DataType], name: str = "") -> pl.Series:
    """A column of ``height`` nulls of ``dtype``, made here. ``pl.repeat(None, …, eager=True)`` is a query, run
    on polars' threads: in an export's run, where those threads are busy reading the next chunk, each of a
    chunk's hundreds of such columns (a rule that fired on no row, a rule's positions) waited its turn there
    (the scoring thread's ``_positions`` 1.22 s of wall time for 0.07 s of CPU in a 100 000-household run); a
    list of Nones as long as the column is Python's work a row."""
    return pl.Series(name, [None], dtype=dtype).new_from_index(0, height)


def per_distinct(texts: pl.Series, read: Callable[[str], object], dtype: pl.DataType | type[pl.DataType]) -> pl.Series:
    """``read`` of each of ``texts`` as a column of ``dtype``, null where the text is null or ``read`` gives None,
    ``read`` called once for each distinct text: for a column of few (a scored file's evaluation dates, a chunk's
    refused date cells) read by the model's own Python function."""
    distinct = texts.drop_nulls().unique().to_list()
    if not distinct:
        return nulls(len(texts), dtype, texts.name)
    return texts.replace_strict({t: read(t) for t in distinct}, default=None, return_dtype=dtype)


def gathered(frame: pl.DataFrame, rows: pl.Series) -> pl.DataFrame:
    """``frame``'s ``rows`` (a null row where the number is null), gathered from the frame put in one piece of
    memory first. polars 2.1 gathers a column of lists of text in more than one piece some seven times slower
    than the same column in one (75 000 rows of a list in two pieces or in 28: 8.6 against 1.2 ms), and a
    join gathers its right side so: the lists a join would place from a frame kept in pieces (the plan's
    combinations, appended a call at a time) are placed by the join's row numbers and this. Putting 20 000
    rows of six lists in one piece to gather five of them costs a few hundredths of a millisecond."""
    if not frame.width:
        return pl.DataFrame(height=rows.len())
    return frame.rechunk().select(pl.all().gather(rows))
