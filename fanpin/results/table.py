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

from collections.abc import Iterable

import polars as pl

from fanpin.results.columns import LIST_COLUMNS, OUTPUT_COLUMNS, labels
from fanpin.results.sentences import PUNCTUATION

__all__ = ["LABELLED", "MONEY", "csv_cell", "csv_text", "enum", "table_schema"]

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


def csv_cell(column: str, dtype: pl.DataType, lang: str) -> pl.Expr:
    """One column of a scored table as CSV text (see the module's docstring), named ``column``: an
    expression, so that a writer can finish each cell in the same ``select``."""
    cell = pl.col(column)
    if isinstance(dtype, pl.List):
        return cell.list.join(";" if column in _ID_LISTS else PUNCTUATION[lang].flags).fill_null("").alias(column)
    if dtype == pl.Date:
        return cell.dt.to_string("%Y-%m-%d").alias(column)
    return cell.cast(pl.String).alias(column)


def csv_text(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """A scored table as CSV text (see the module's docstring): the same columns, every one a string."""
    return frame.select(csv_cell(c, t, lang) for c, t in frame.schema.items())
