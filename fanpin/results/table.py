"""The scored table's types, shared by both engines and every writer.

The scored table is typed, in every format but CSV and in the library's DataFrames:

- ``as_of`` is a date; ``income_per_capita`` is money in 元 as an exact decimal with two places
  (``Decimal(18, 2)``: 7500.00, never a float); unknown is null;
- ``income_band``, ``alert_level`` and ``suggested_category`` are ordered categories (polars ``Enum``,
  pandas ordered ``Categorical``) whose categories are the labels of the run's language, lowest first
  (低于监测范围 < 接近监测范围 < …; 无 < 黄 < 橙 < 红);
- ``flags``, ``risk_types``, ``audit_findings``, ``codes``, ``measures``, ``plan``, ``explanation`` and
  ``not_evaluable`` are lists of text (an empty list when there is nothing);
- ids, codes and the passed-through input columns are text.

CSV is text: :func:`csv_text` writes dates as ``YYYY-MM-DD``, money with two places, a list as its items
joined (ids by ``;``, plan items and sentences by ``；`` or ``; ``), and an empty list or unknown as an
empty cell.

>>> schema = table_schema("zh")
>>> schema["alert_level"], schema["income_per_capita"], schema["flags"]
(Enum(categories=['无', '黄', '橙', '红']), Decimal(precision=18, scale=2), List(String))
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import polars as pl

from fanpin._polars import ITEM_SEPARATOR
from fanpin.results.columns import LIST_COLUMNS, OUTPUT_COLUMNS, labels
from fanpin.results.sentences import PUNCTUATION

__all__ = ["LABELLED", "MONEY", "csv_text", "enum", "table_frame", "table_schema"]

#: Money in 元, exact to the fen.
MONEY = pl.Decimal(18, 2)
#: The columns whose values are labels from a fixed list, in order.
LABELLED = ("income_band", "alert_level", "suggested_category")
#: The list columns whose items are joined by ``;`` in CSV (ids and short labels); the others (plan items,
#: sentences) are joined as sentences are in the run's language.
_ID_LISTS = ("flags", "risk_types", "audit_findings", "codes", "measures", "not_evaluable")


def enum(column: str, lang: str) -> pl.Enum:
    """The ordered categories of a labelled column in ``lang``."""
    return pl.Enum(list(labels(column, lang).values()))


def table_schema(lang: str, keep: Iterable[str] = ()) -> dict[str, pl.DataType]:
    """The scored table's columns and types in ``lang`` (``OUTPUT_COLUMNS``), then the kept input columns."""
    types: dict[str, pl.DataType] = {
        "household_id": pl.String(),
        "region_code": pl.String(),
        "as_of": pl.Date(),
        "income_per_capita": MONEY,
        **{c: enum(c, lang) for c in LABELLED},
        **{c: pl.List(pl.String) for c in LIST_COLUMNS},
        "rulebook_version": pl.String(),
    }
    schema = {c: types[c] for c in OUTPUT_COLUMNS}
    return schema | {c: pl.String() for c in keep if c not in schema}


def table_frame(rows: Sequence[Sequence[Any]], schema: Mapping[str, pl.DataType]) -> pl.DataFrame:
    """A frame of ``schema`` from rows of Python values (the per-household engine's scored rows), made a
    column at a time: a list of texts is read by polars from one text a row, its items each after a
    separator, then split (:func:`_text_lists`)."""
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in schema]
    return pl.DataFrame(
        [
            _text_lists(name, values) if dtype == _TEXTS else pl.Series(name, values, dtype=dtype)
            for (name, dtype), values in zip(schema.items(), columns, strict=True)
        ]
    )


_TEXTS = pl.List(pl.String)
#: Between the items of a list of texts (:func:`_text_lists`); a value shown in a sentence might hold it, and is
#: then told (the lists made as given).
_ITEM = ITEM_SEPARATOR


def _text_lists(name: str, values: Sequence[Sequence[str] | None]) -> pl.Series:
    """A column of lists of texts (or nulls): polars makes a series of each list given as a Python list (some
    7 µs a row); given one text a row, each item after :data:`_ITEM`, it splits them itself, the first (empty)
    part left out. Where an item holds the separator, or is not text, the lists are given as they are."""
    try:
        texts = [None if v is None else _ITEM + _ITEM.join(v) if v else "" for v in values]
    except TypeError:  # an item that is not text (None): polars reads the lists as they are
        return pl.Series(name, values, dtype=_TEXTS)
    split = pl.Series(name, texts, dtype=pl.String).str.split(_ITEM).list.slice(1)
    lengths = pl.Series([None if v is None else len(v) for v in values], dtype=pl.UInt32)
    if not split.list.len().equals(lengths, null_equal=True):  # an item held the separator
        return pl.Series(name, values, dtype=_TEXTS)
    return split


def _cell(column: str, dtype: pl.DataType) -> pl.Expr:
    """A column of a scored table that is not a list as CSV text."""
    if dtype == pl.Date:
        return pl.col(column).dt.to_string("%Y-%m-%d")
    return pl.col(column).cast(pl.String)


def joined(items: pl.Series, separator: str) -> pl.Series:
    """``items.list.join(separator)``, except that an empty list (or a list of one null) gives null, not
    empty text.

    polars joins a list at some 80 ns a row, an empty list included (0.63 CPU seconds per million rows of
    the scored table's eight lists); taking the first item costs a tenth of that. Most lists hold one item
    or none, so the first item is taken everywhere and only the lists of several items are joined and put
    back by position (0.39 s)."""
    text = items.list.first()
    several = (items.list.len() > 1).arg_true()
    if several.len():
        text = text.scatter(several, items.gather(several).list.join(separator))
    return text


def csv_text(frame: pl.DataFrame, lang: str, *, empty_as_null: bool = False) -> pl.DataFrame:
    """A scored table as CSV text (see the module's docstring): the same columns, every one a string.

    ``empty_as_null`` gives every empty cell (an empty list, empty text) as null instead, as the CSV
    writer wants them (:mod:`fanpin.io.sinks`), in the same pass."""
    schema = frame.schema
    cells = frame.select(
        (_cell(c, t).replace("", None) if empty_as_null else _cell(c, t)).alias(c)
        for c, t in schema.items()
        if not isinstance(t, pl.List)
    )
    columns = []
    for column, dtype in schema.items():
        if not isinstance(dtype, pl.List):
            columns.append(cells.get_column(column))
            continue
        text = joined(frame.get_column(column), ";" if column in _ID_LISTS else PUNCTUATION[lang].flags)
        columns.append(text.replace("", None) if empty_as_null else text.fill_null(""))
    return pl.DataFrame(columns)
