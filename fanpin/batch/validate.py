"""Validating raw text cells as :class:`fanpin.Household` does — column by column, not row by row.

Every column's parser, bounds and messages are read off the household model (its field kinds,
``ge``/``le``/``pattern`` constraints, vocabularies and the non-negative money fields), and mirror
:mod:`fanpin.model.values`, whose grammars were chosen so that a regular expression can express them. The
result is the same accept/reject decision, column and reason as the per-row path
(:mod:`fanpin.io.readers`), which a property test checks.

>>> import polars as pl
>>> frame = pl.DataFrame({"户编号": ["H1", "H2"], "户类型": ["脱贫户", "贫困户"], "家庭人口数": ["3", "2"],
...     "工资性收入": ["100", "1"], "生产经营性收入": ["0", "0"], "财产性收入": ["0", "0"], "转移性收入": ["0", "0"]})
>>> valid, rejected = validate(frame, region="532328")
>>> valid["wage_income"].to_list(), rejected["reason"].to_list()
([10000], ['not a known value; expected one of 脱贫户、一般农户'])
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple, get_args

import annotated_types
import numpy as np
import polars as pl

from fanpin._polars import ENGINE, per_distinct
from fanpin.masking import CANDIDATE, DETAIL_MASK, DIGIT, DISABILITY_CARD, GROUP_SEPARATORS, NUMBER_LIKE, NUMBER_TAIL
from fanpin.model.columns import (
    ALIASES,
    CAUSE_CELL,
    DUPLICATE_FIRST,
    DUPLICATE_READ_AS,
    NO_REGION,
    PII_FIELDS,
    empty_reason,
    is_cause_column,
    is_health_column,
    is_pii_column,
)
from fanpin.model.facts import SETS
from fanpin.model.household import (
    CODE_FIELDS,
    MEASURE_NUMBER,
    MEASURE_SEPARATORS,
    MONITORED_KIND,
    MONITORED_KINDS,
    NEGATIVE_MONEY,
    NON_NEGATIVE,
    NONE_SAID,
    NONE_WRITTEN,
    NUMBER_FOR_MEASURE,
    Household,
    Kind,
    Labelled,
    labor_over_size,
    monitored_kind_error,
    reads_none_said_as_empty,
)
from fanpin.model.values import (
    BLANK,
    BROKEN_ID,
    CODE_BREAK,
    CODE_CONTROL,
    CODE_KEY_PROBLEMS,
    CONTROL_ID,
    DATE_PATTERN,
    DAY_COUNT,
    EPOCH_ORDINAL,
    EXCEL_ERROR_VALUE,
    EXCEL_ERRORS,
    EXCEL_TAIL,
    FIRST_MONTH_DAY,
    FLOAT_CODE,
    FLOAT_WRITTEN,
    FULL_WIDTH_DIGIT,
    FULL_WIDTH_DIGITS,
    GROUPED_MONEY,
    ID_CHECK,
    ID_WEIGHTS,
    INFINITE_AMOUNT,
    INFINITE_TEXT,
    LONG_WHOLE,
    MAX_MONEY,
    MONTH_PATTERN,
    NAN_NUMBER,
    NAN_TEXT,
    NO_SUCH_DAY,
    NO_SUCH_MONTH,
    NOT_A_DATE,
    NOT_GROUPED,
    NOT_MONEY,
    NOT_WHOLE,
    NUMBER_FOR_DATE,
    NUMBER_FOR_MONTH,
    ODD_SIGN_MONEY,
    ODD_SIGN_PATTERN,
    PERSONAL_AMOUNT,
    PERSONAL_NUMBER_COUNT,
    PERSONAL_NUMBER_MONEY,
    SCIENTIFIC,
    SCIENTIFIC_ID_NUMBER,
    SPACED_DIGITS_PATTERN,
    SPACED_MONEY,
    TIME_OF_DAY,
    TOO_LARGE_COUNT,
    TOO_LARGE_MONEY,
    UNIT_MONEY,
    UNIT_MONEY_PATTERN,
    WHITESPACE,
    WRITTEN_DATE,
    date_told,
    day_month_month_reason,
    day_month_reason,
    excel_day,
    mask_numbers_series,
    month_time_reason,
    parse_money,
    to_fen,
)
from fanpin.regions import NOT_REGION, REGION_CODE, REGION_SHAPE, province_error, region_length_error

__all__ = ["ID_WRITTEN", "household_key", "kept_column", "kept_name", "validate"]

#: The column of the valid rows that holds each one's 户编号 cell as written (``5.00`` where the key is ``5``): a
#: refusal of the row as a repeat shows it, on both engines (:class:`~fanpin.pipeline.scorers.Valid`).
ID_WRITTEN = "__id_written"

_BOOL = {
    "是": 1,
    "y": 1,
    "yes": 1,
    "1": 1,
    "true": 1,
    "t": 1,
    "1.0": 1,
    "否": 0,
    "n": 0,
    "no": 0,
    "0": 0,
    "false": 0,
    "f": 0,
    "0.0": 0,
}
_NOT_BOOL = "not a yes/no value; write 是/否, Y/N, 1/0 or true/false, or leave it empty if unknown"


@dataclass(frozen=True)
class _Field:
    name: str  # the English column name (the model's first alias)
    attribute: str  # the model field, which is also the fact's name
    kind: Kind | None
    required: bool
    ge: int | None
    le: int | None
    pattern: str | None
    enum: type[Labelled] | None
    non_negative: bool
    #: a cell saying there is none (无, 暂无, a dash: NONE_SAID) is empty, as the model reads it (none_said_empty)
    none_said: bool = False


def _fields() -> list[_Field]:
    fields = []
    for attribute, info in Household.model_fields.items():
        if info.validation_alias is None:  # no column of the table: the members (the export's person rows)
            continue
        kind = next((m for m in info.metadata if isinstance(m, Kind)), None)
        ge = next((int(m.ge) for m in info.metadata if isinstance(m, annotated_types.Ge)), None)  # type: ignore[call-overload]
        le = next((int(m.le) for m in info.metadata if isinstance(m, annotated_types.Le)), None)  # type: ignore[call-overload]
        pattern = next((getattr(m, "pattern", None) for m in info.metadata if getattr(m, "pattern", None)), None)
        enum = next(
            (
                a
                for a in (info.annotation, *get_args(info.annotation))
                if isinstance(a, type) and issubclass(a, Labelled)
            ),
            None,
        )
        fields.append(
            _Field(
                info.description or attribute,
                attribute,
                kind,
                info.is_required(),
                ge,
                le,
                pattern,
                enum,
                attribute in NON_NEGATIVE,
                reads_none_said_as_empty(info),
            )
        )
    return fields


FIELDS = _fields()


def _error(condition: pl.Expr, message: str) -> pl.Expr:
    return pl.when(condition).then(pl.lit(message))


def _first(errors: list[pl.Expr]) -> pl.Expr:
    """The first error that applies (as a validator stops at its first failure)."""
    return pl.coalesce([e.cast(pl.String) for e in errors])


def _text(cell: pl.Expr) -> pl.Expr:
    """Household._text (:func:`~fanpin.model.values.excel_text`): trimmed; an all-digit value written as a
    float loses its ``.0``, or the ``.00`` (``.000``, …) of a Number format with decimals."""
    tail = cell.str.strip_chars_end("0").str.strip_suffix(".")  # 5320.00: 5320. then 5320
    return pl.when(cell.str.contains(EXCEL_TAIL)).then(tail).otherwise(cell)


def _code(cell: pl.Expr) -> pl.Expr:
    """A trimmed code cell without its leading apostrophe (:func:`~fanpin.model.values.code_text`, before
    :func:`_text`); null when nothing else is left."""
    return cell.str.strip_prefix("'").str.strip_chars(WHITESPACE).replace("", None)


def household_key(cell: pl.Expr) -> pl.Expr:
    """The 户编号 as the model reads it (trimmed, a leading apostrophe and Excel's ``.0`` removed; null when
    empty)."""
    return _text(_code(cell.cast(pl.String).str.strip_chars(WHITESPACE)))


#: A trimmed cell that says there is none, whole (:data:`~fanpin.model.household.NONE_SAID`).
_SAID_NONE = f"^(?:{NONE_SAID})$"


def _parse(
    field: _Field, cell: pl.Expr, general: bool = True, exponent: bool = True, staged: pl.Expr | None = None
) -> tuple[pl.Expr, pl.Expr]:
    """(encoded value, error message) for one column; ``cell`` is trimmed and null when empty.
    ``general=False``: a money column whose every cell takes a fast path (:func:`_plain_money`);
    ``exponent=False``: one none of whose cells is written with an exponent (:func:`_money_text`);
    ``staged``: the column the value is in when the error is computed, which a money column's error reads
    rather than the value's expression (:func:`_money`)."""
    kind = field.kind
    # 无 or a dash where empty means none (监测对象类别, 识别监测时间 …): empty, as the model has it
    if field.none_said:
        cell = pl.when(~cell.str.contains(_SAID_NONE)).then(cell)
    if field.enum is not None:
        mapping = {t: m.value for m, spellings in field.enum.spellings().items() for t in spellings}
        value = cell.replace_strict(mapping, default=None, return_dtype=pl.String)
        none = field.enum.none_member()
        if none is not None:  # 暂无 or a dash where the vocabulary has 无 (到户产业帮扶类型), as Labelled.parse has it
            value = pl.when(cell.str.contains(_SAID_NONE)).then(pl.lit(none.value)).otherwise(value)
        labels = "、".join(m.label for m in field.enum)
        return value, _error(cell.is_not_null() & value.is_null(), f"not a known value; expected one of {labels}")
    if kind is Kind.BOOL:
        value = cell.str.to_lowercase().replace_strict(_BOOL, default=None, return_dtype=pl.Int8)
        refused = cell.is_not_null() & value.is_null()
        return value, _first([_full_width(refused, cell), _error(refused, _NOT_BOOL)])
    if kind is Kind.MONEY:
        return _money(field, cell, general, exponent, staged)
    if kind is Kind.COUNT:
        # Fast path as for money: the integer cast accepts [+-]?[0-9]+; the regex sees the rest.
        digits = (
            cell.str.len_bytes() - cell.str.starts_with("+").cast(pl.UInt32) - cell.str.starts_with("-").cast(pl.UInt32)
        )
        fast = pl.when(digits <= 15).then(cell.cast(pl.Int64, strict=False))
        parts = pl.when(fast.is_null()).then(cell).str.extract_groups(r"^([+-]?[0-9]{1,15})(?:\.([0-9]*))?$")
        whole = parts.struct.field("1").cast(pl.Int64)
        fraction_zero = parts.struct.field("2").fill_null("").str.replace_all("0", "") == ""
        ok = fast.is_not_null() | (whole.is_not_null() & fraction_zero)
        value = pl.coalesce(fast, pl.when(ok).then(whole))
        # null exactly where not ok (a cell the cast reads is ok): from its column, as a month's
        read = value if staged is None else staged
        refused = cell.is_not_null() & (~ok if staged is None else read.is_null())
        errors = [
            _full_width(refused, cell),
            _error(refused & cell.str.contains(LONG_WHOLE.pattern), TOO_LARGE_COUNT),
            # NaN, inf: no number at all, as an amount is told (the model's not_whole)
            _error(refused & cell.str.contains(NAN_TEXT), NAN_NUMBER),
            _error(refused & cell.str.contains(INFINITE_TEXT), INFINITE_AMOUNT),
            _error(refused, NOT_WHOLE),
            # a person's number where a count belongs (what mask_numbers masks; the model says the same)
            _error(ok & cell.str.contains(CANDIDATE) & (masked_numbers(cell) != cell), PERSONAL_NUMBER_COUNT),
        ]
        if field.ge is not None:
            errors.append(_error(read < field.ge, f"Input should be greater than or equal to {field.ge}"))
        if field.le is not None:
            errors.append(_error(read > field.le, f"Input should be less than or equal to {field.le}"))
        return value, _first(errors)
    if kind is Kind.MONTH:
        parts = cell.str.extract_groups(MONTH_PATTERN)  # YYYYMM, or a day of eight digits (YYYYMMDD)
        year, month, day = _written(cell, parts.struct.field("1"), parts.struct.field("2"), parts.struct.field("3"))
        # A day written with the month must be a day of the calendar (year 0 is below 1900 already).
        real = day.is_null() | _day(year, month, day).is_not_null()
        ok = year.is_not_null() & month.is_between(1, 12) & (year >= 1900) & real
        # The value is null exactly where the cell is refused: read from its column where the caller has put it
        # there, the reasons' tree holds the parsers once, not once a reason (60 ms to plan, whatever the rows).
        refused = cell.is_not_null() & (~ok.fill_null(False) if staged is None else staged.is_null())
        return pl.when(ok).then(year * 12 + month - 1), _first(
            [
                _full_width(refused, cell),
                _error(refused & (year >= 1900).fill_null(False), NO_SUCH_MONTH),
                # a day or month then a time of day: the model's reason, naming the month (month_time_reason)
                _day_month(refused & year.is_null() & cell.str.contains(_TIMED), cell, read=month_time_reason),
                _number_for_month(refused & year.is_null(), cell),
                _day_month(refused & year.is_null(), cell, month=True),
                _error(refused, "not a month; write YYYYMM, e.g. 202304"),
            ]
        )
    if kind is Kind.DATE:
        dashed = cell.str.replace_all("/", "-")
        parts = dashed.str.extract_groups(DATE_PATTERN)
        year, month, day = _written(cell, parts.struct.field("1"), parts.struct.field("2"), parts.struct.field("3"))
        # Year 0 exists for polars but not for Python's date (year 1 to 9999): refused, as the model does.
        value = pl.when(year > 0).then(_day(year, month, day)).cast(pl.Int64) + EPOCH_ORDINAL
        refused = cell.is_not_null() & (value if staged is None else staged).is_null()  # as a month's
        return value, _first(
            [
                _full_width(refused, cell),
                _error(refused & cell.str.contains(DAY_COUNT.pattern), NUMBER_FOR_DATE),
                _error(refused & day.is_not_null() & month.is_not_null() & year.is_not_null(), NO_SUCH_DAY),
                _day_month(refused & day.is_null(), cell, read=date_told),
                _error(refused, NOT_A_DATE),
            ]
        )
    # text
    if field.attribute == "measures_in_place":  # counted apart (measure_count); a number among them is refused
        return cell, _error(lists_a_number(cell), NUMBER_FOR_MEASURE)
    if field.attribute == "id_number":  # personal: only its form is looked at (parse_id_number), its value is no fact
        number = _code(cell)
        return number, _first(
            [
                _error(number.is_not_null() & number.str.contains(FLOAT_WRITTEN), FLOAT_CODE),
                _error(number.is_not_null() & number.str.contains(SCIENTIFIC), SCIENTIFIC_ID_NUMBER),
            ]
        )
    value = _text(_code(cell) if field.attribute in CODE_FIELDS else cell)
    if field.attribute == "region_code":
        return value, _region_error(value)
    if field.attribute == "household_id":
        return value, _first(
            [
                _error(cell.is_not_null() & value.is_null(), empty_reason("household_id")),  # an apostrophe alone
                *(_error(value.is_not_null() & value.str.contains(p), why) for p, why in CODE_KEY_PROBLEMS),
                _error(value.is_not_null() & value.str.contains(CODE_BREAK), BROKEN_ID),
                _error(value.is_not_null() & value.str.contains(CODE_CONTROL), CONTROL_ID),
            ]
        )
    if field.pattern is not None:
        return value, _error(
            value.is_not_null() & ~value.str.contains(field.pattern), f"String should match pattern '{field.pattern}'"
        )
    return value, pl.lit(None, dtype=pl.String)


#: A month cell that ends in a time of day (AM/PM, a time zone), whose reason
#: :func:`~fanpin.model.values.month_time_reason` gives.
_TIMED = rf"\S{TIME_OF_DAY}$"


def _full_width(refused: pl.Expr, cell: pl.Expr) -> pl.Expr:
    """:data:`~fanpin.model.values.FULL_WIDTH_DIGITS` where a ``refused`` cell holds full-width digits
    (:func:`~fanpin.model.values.full_width`): the first reason of a number, amount, month, date or code, as the
    model's parsers give it. Looked for in the refused cells only."""
    return _error(pl.when(refused).then(cell).str.contains(FULL_WIDTH_DIGIT).fill_null(False), FULL_WIDTH_DIGITS)


def _number_for_month(refused: pl.Expr, cell: pl.Expr) -> pl.Expr:
    """Where a ``refused`` month cell is Excel's count of days (:func:`~fanpin.model.values.month_day_count`),
    :func:`~fanpin.model.values.number_for_month`: the day and the month it is."""
    counted = pl.when(refused).then(cell)
    five = counted.str.slice(0, 5).cast(pl.Int64, strict=False)  # not strict: computed on every refused cell
    counted = pl.when(counted.str.contains(DAY_COUNT.pattern)).then(five)
    counted = pl.when(counted >= FIRST_MONTH_DAY).then(counted)
    day = pl.lit(excel_day(0)) + pl.duration(days=counted)
    count, iso, month = "{count}", "{day}", "{month}"
    before, _, rest = NUMBER_FOR_MONTH.partition(count)
    between, _, rest = rest.partition(iso)
    among, _, after = rest.partition(month)
    return pl.concat_str(
        pl.lit(before), counted.cast(pl.String), pl.lit(between), day.dt.strftime("%Y-%m-%d"), pl.lit(among),
        day.dt.strftime("%Y%m"), pl.lit(after),
    )  # fmt: skip


def _day_month(
    refused: pl.Expr, cell: pl.Expr, *, month: bool = False, read: Callable[[str], str | None] | None = None
) -> pl.Expr:
    """Where a ``refused`` date cell is written day or month first (``30/6/2025``, ``05/06/2025``:
    :data:`~fanpin.model.values.DAY_MONTH_PATTERN`), why: :func:`~fanpin.model.values.day_month_reason`'s
    reason (:func:`~fanpin.model.values.day_month_month_reason`'s of a month column, ``month``; ``read``'s, a
    date column's :func:`~fanpin.model.values.date_told`, which says the same and more: a time of day after the
    day, a month written alone), the model's own, computed once for each distinct refused text. Null elsewhere."""
    reason = read if read is not None else day_month_month_reason if month else day_month_reason
    return (
        pl.when(refused)
        .then(cell)
        .map_batches(lambda cells: per_distinct(cells, reason, pl.String), return_dtype=pl.String, is_elementwise=True)
    )


def _written(cell: pl.Expr, year: pl.Expr, month: pl.Expr, day: pl.Expr | None) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """(year, month, day) as integers: those of the usual form (``year``, ``month``, ``day``: text, null
    where the cell is not written so), else those of a date as a spreadsheet shows it
    (:data:`~fanpin.model.values.WRITTEN_DATE`, as :func:`~fanpin.model.values.parse_month` reads it);
    the day null where none is written."""
    written = cell.str.extract_groups(WRITTEN_DATE)
    field = written.struct.field
    return (
        pl.coalesce(year, field("1")).cast(pl.Int64),
        pl.coalesce(month, field("2"), field("4"), field("6")).cast(pl.Int64),
        pl.coalesce(*([day] if day is not None else []), field("3"), field("5"), field("7")).cast(pl.Int64),
    )


def _day(year: pl.Expr, month: pl.Expr, day: pl.Expr) -> pl.Expr:
    """The date of ``year``, ``month`` and ``day`` (integers), null where there is no such day."""
    iso = pl.format("{}-{}-{}", year.cast(pl.String).str.zfill(4), month.cast(pl.String).str.zfill(2),
                    day.cast(pl.String).str.zfill(2))  # fmt: skip
    return iso.str.to_date("%Y-%m-%d", strict=False)


def _region_error(value: pl.Expr) -> pl.Expr:
    """Why a 行政区划代码 (trimmed, ``.0`` removed) is not a region code, as
    :func:`fanpin.regions.region_code_error` says it; null where it is one or is empty."""
    digits = value.str.len_chars()
    length = pl.concat_str(
        pl.lit(region_length_error(0).partition("0")[0]),
        digits.cast(pl.String),
        pl.when(digits == 1)
        .then(pl.lit(region_length_error(1).partition("1")[2]))
        .otherwise(pl.lit(region_length_error(0).partition("0")[2])),
    )
    refused = value.is_not_null() & ~value.str.contains(REGION_CODE)
    written = pl.when(refused).then(value)  # the refused codes only are looked at again
    # digits of a division code's length, the first two no province's (99, 000000): named with them
    head, _, tail = province_error("\0").partition("\0")
    province = pl.concat_str(pl.lit(head), written.str.slice(0, 2), pl.lit(tail))
    reason = (
        pl.when(written.str.contains(FULL_WIDTH_DIGIT))
        .then(pl.lit(FULL_WIDTH_DIGITS))
        .when(written.str.contains(REGION_SHAPE))
        .then(province)
        .when(written.str.contains("^[0-9]+$"))
        .then(length)
        .otherwise(pl.lit(NOT_REGION))
    )
    return pl.when(refused).then(reason)


#: The cells of the money grammar with at most two places and thirteen digits: polars' decimal cast reads
#: them exactly (no rounding is needed), and most money cells are such.
_PLAIN_MONEY = r"^[+-]?(?:[0-9]{1,13}(?:\.[0-9]{0,2})?|\.[0-9]{1,2})$"


#: The money cells the fast path reads (:func:`_read`): as :data:`_PLAIN_MONEY` with at most nine digits
#: (below 10^9 元, from which a cell may be a person's number: ``PERSONAL_AMOUNT``), and no sign where an
#: amount must not be negative (``-0`` takes the general parser, which reads it as 0); the whole check of
#: such a cell is this match.
_FAST_MONEY = r"(?:[0-9]{1,9}(?:\.[0-9]{0,2})?|\.[0-9]{1,2})"
#: A plain amount of a field that takes no negative one (nor a sign but +): :data:`_FAST_MONEY`. The export's
#: column path reads the member money cells of this shape by columns too (:mod:`fanpin.io.columnar`).
PLAIN_AMOUNT = r"^\+?" + _FAST_MONEY + "$"


def plain_fen(cell: pl.Expr) -> pl.Expr:
    """Whole fen of each cell that is a plain amount (:data:`_FAST_MONEY`, signed or not), meaningless (or
    null) for any other: a plain amount is N/100 with N below 10^14, so the nearest double times 100 rounds
    to N exactly (the float cast costs less than the decimal one). The casts are not strict: polars computes
    them on every row of a ``when``, a text too large for 64 bits among them."""
    return (cell.cast(pl.Float64, strict=False) * 100).round().cast(pl.Int64, strict=False)


def _fast_money(field: _Field, cell: pl.Expr) -> pl.Expr:
    """Whether each cell of a money column is plain: :data:`_FAST_MONEY`, signed unless the field is
    non-negative (:data:`PLAIN_AMOUNT`), or empty where the field is optional (an empty alternative in the
    pattern would make polars' regex slower than the comparison)."""
    plain = cell.str.contains(PLAIN_AMOUNT if field.non_negative else "^[+-]?" + _FAST_MONEY + "$")
    return plain.fill_null(False) if field.required else (plain | (cell == "")).fill_null(True)


#: The yes/no spellings as files write them, each with its value: a cell among them needs no lowercasing.
_BOOL_AS_WRITTEN = {t: v for text, v in _BOOL.items() for t in {text, text.upper(), text.capitalize()}}
#: The columns trimmed on every row: the text columns (their value is the trimmed cell; not 户主姓名, which
#: nothing reads) and the two that resolve 户类型 监测户 (:func:`validate`); the others are trimmed where a
#: cell is not plain.
_TRIMMED = frozenset(f.name for f in FIELDS if f.kind in (Kind.TEXT, None) and f.name != "head_name") | {
    "household_type",
    "monitoring_category",
}
#: The code columns, read without a leading apostrophe (:func:`_code`): the model's (CODE_FIELDS) and the ID number.
_CODES = CODE_FIELDS | {"id_number"}
#: A day written YYYY-MM-DD.
_ISO_DAY = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def _spellings(field: _Field) -> tuple[list[str], pl.Series]:
    """A yes/no or vocabulary column's spellings as files write them, and the value of each; the empty
    cell last, of no value, where the field is optional."""
    mapping: dict[str, str] | dict[str, int]
    if field.enum is not None:
        mapping = {t: m.value for m, spellings in field.enum.spellings().items() for t in spellings}
    else:
        mapping = _BOOL_AS_WRITTEN
    empty = [] if field.required else [""]
    dtype = pl.String if field.enum is not None else pl.Int8
    return [*mapping, *empty], pl.Series([*mapping.values(), *[None for _ in empty]], dtype=dtype)


def _read(field: _Field, cell: pl.Expr) -> pl.Expr:
    """The one polars operation that reads a cell written the usual way (null where it cannot):
    materialised as a column, which :func:`_fast` then checks. For money, whether the cell is plain (its
    amount is read after, on the plain cells); for yes/no and vocabularies, the cell's position among
    the spellings (:func:`_spellings`: an Enum cast looks a cell up for less than replace_strict's join
    does; null for any other text)."""
    kind = field.kind
    if field.enum is not None or kind is Kind.BOOL:
        return cell.cast(pl.Enum(_spellings(field)[0]), strict=False).to_physical()
    if kind is Kind.MONEY:
        return _fast_money(field, cell)
    if kind in (Kind.COUNT, Kind.MONTH):
        return cell.cast(pl.Int64, strict=False)
    if kind is Kind.DATE:
        return cell.str.to_date("%Y-%m-%d", strict=False)
    return cell


def _fast(field: _Field, cell: pl.Expr, read: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """(value, plain) for one column, from its cells and what :func:`_read` made of them: ``plain`` is true
    (never null) where the cell is empty or written the usual way, and there ``value`` is the value
    :func:`_parse` gives and the field has no error (a required field must be filled); elsewhere
    ``value`` means nothing, and the row takes :func:`_parse`, which also says why a cell is refused.

    Most rows of a real file are plain in every column, and the general parsers (with their reasons) run
    on the few others only. Where :func:`_masked`, ``value`` is already null where a cell is not plain."""
    kind = field.kind
    value = read
    if kind is Kind.MONEY:  # read: whether plain, empty cells included (_fast_money)
        return pl.when(read).then(plain_fen(cell)), read
    if field.enum is not None or kind is Kind.BOOL:  # read: the position (null: no spelling), "" included
        value = pl.lit(_spellings(field)[1]).gather(read)
        return value, _said_none(
            field, cell, read.is_not_null() if field.required else read.is_not_null() | cell.is_null()
        )
    if kind is Kind.COUNT:  # at most 9 characters: no count so written is a person's number (10 digits or more)
        ok = read.is_not_null() & (cell.str.len_bytes() <= 9)
        if field.ge is not None:
            ok = ok & (read >= field.ge)
        if field.le is not None:
            ok = ok & (read <= field.le)
    elif kind is Kind.MONTH:  # YYYYMM: six bytes that are an integer of a year from 1900 (a sign leaves five)
        year, month = read // 100, read % 100
        ok = (cell.str.len_bytes() == 6) & read.is_not_null() & (year >= 1900) & month.is_between(1, 12)
        value = year * 12 + month - 1
    elif kind is Kind.DATE:  # YYYY-MM-DD, a day of a year from 1 (polars knows year 0, Python's date does not)
        ok = cell.str.contains(_ISO_DAY) & read.is_not_null() & ~cell.str.starts_with("0000")
        value = read.cast(pl.Int64) + EPOCH_ORDINAL
    elif field.attribute == "id_number":  # personal: not in scientific notation (5.32328E+17) is all it takes
        ok = ~cell.str.contains(_UNFORMED_ID)
    elif field.attribute == "measures_in_place":  # as written, unless one of them is a number (counted apart)
        ok = ~lists_a_number(cell, pl.col("__measure_count"))
    else:  # text: as it is unless it ends in .0 or .00 (Excel's tail, which _text removes), or is a code with a
        # leading apostrophe (_code removes it); a 户编号 also unless written with an exponent (a float's too),
        # holding a line break or another control character, starting with a minus sign (-5: a negative number, no
        # code) or an infinite number (inf): one pattern, one pass over the column (four had cost 16 ms on 200 000 rows)
        if field.attribute == "region_code":  # digits only, a province's first: no .0 or .00, no apostrophe
            ok = cell.str.contains(REGION_CODE)
        else:
            unusual = [r"\.0+$"]
            if field.attribute in CODE_FIELDS:
                unusual.append("^'")
            if field.attribute == "household_id":
                unusual += [*(f"(?:{p})" for p, _ in CODE_KEY_PROBLEMS), CODE_BREAK, CODE_CONTROL]
            ok = ~cell.str.contains("|".join(unusual))
        if field.pattern is not None:
            ok = ok & cell.str.contains(field.pattern)
    if not field.required:  # empty: null once trimmed, and null or "" as written
        ok = (cell == "").fill_null(True) | ok
    return value, _said_none(field, cell, ok.fill_null(False))


def _said_none(field: _Field, cell: pl.Expr, plain: pl.Expr) -> pl.Expr:
    """``plain``, and where a field reads a cell saying there is none as empty (:attr:`_Field.none_said`), also
    where the cell is one (无, 暂无, a dash: its value from :func:`_fast` is null, as the general parser's): a
    file writing 无 in the five risks of every household not at risk had sent every row to the general parsers
    (0.14 to 0.54 s on 100 000 rows). Looked for in the cells not plain only, as written (with spaces around it, a
    cell of a column not trimmed on every row takes the general parser, which trims it)."""
    if not field.none_said:
        return plain
    return plain | pl.when(~plain).then(cell).str.contains(_SAID_NONE).fill_null(False)


#: An ID number cell (trimmed) that is not plain: read as :func:`_code` reads it (a leading apostrophe and the
#: white space after it left out), in scientific notation or a float's digits, or nothing at all. One pattern:
#: :func:`_code`'s three steps on every cell had cost more than the match (5.2 → 1.6 ms on 75 000 cells).
_UNFORMED_ID = "^'?[{}]*(?:{}|{})?$".format(
    "".join(f"\\x{{{ord(c):x}}}" for c in WHITESPACE),
    SCIENTIFIC.removeprefix("^").removesuffix("$"),
    FLOAT_WRITTEN.removeprefix("^").removesuffix("$"),
)


def _masked(field: _Field) -> bool:
    """Whether :func:`_fast` gives a value that is null where the cell is not plain (no mask needed)."""
    return field.enum is not None or field.kind in (Kind.BOOL, Kind.MONEY)


def _plain_money(cell: pl.Expr) -> pl.Expr:
    """Whole fen of a cell that takes the fast path (:data:`_PLAIN_MONEY`), null for every other cell."""
    return pl.when(cell.str.contains(_PLAIN_MONEY)).then(
        cell.cast(pl.Decimal(18, 2), strict=False).to_physical().cast(pl.Int64)
    )


def _money(
    field: _Field, cell: pl.Expr, general: bool = True, exponent: bool = True, staged: pl.Expr | None = None
) -> tuple[pl.Expr, pl.Expr]:
    """Decimal text → whole fen, rounded half up (away from zero on .5), as values.parse_money.

    Most cells take the fast path (:func:`_plain_money`). The general parser sees only the other cells
    (the rest are null for it, and string kernels skip nulls); with ``general=False`` (the caller has
    seen that every filled cell of the column takes the fast path) it is left out.

    Two errors read the value: from ``staged`` where the caller has put it in a column first. The value's
    expression holds the general parser, and an error holding it thrice took polars some 20 ms to plan
    and run on a few hundred rows (2.5 ms from the column): a chunk's general rows pay that per column.
    """
    limit = int(MAX_MONEY) * 100
    plain = _plain_money(cell)
    errors = [_error(plain.abs() >= limit, TOO_LARGE_MONEY)]
    value: pl.Expr = pl.when(plain.abs() < limit).then(plain)
    if general:
        rest, error = _money_text(pl.when(plain.is_null()).then(cell), exponent)
        value = pl.coalesce(value, rest)
        errors.insert(0, error)
    # A person's number where an amount belongs (13812345678 元): looked at from 10^9 元 only, where
    # mask_numbers (in Python) sees the few such cells and nulls cost nothing.
    read = value if staged is None else staged
    large = pl.when(read.abs() >= int(PERSONAL_AMOUNT) * 100).then(cell)
    errors.append(_error(large.is_not_null() & (masked_numbers(large) != large), PERSONAL_NUMBER_MONEY))
    if field.non_negative:
        errors.append(_error(read < 0, NEGATIVE_MONEY))
    return value, _first(errors)


def _money_text(cell: pl.Expr, exponent: bool = True) -> tuple[pl.Expr, pl.Expr]:
    """The general money parser: thousands separators, decimals, signs, and the refusals. ``exponent``: the
    column has a cell with an e or E among those that are not plain, which may be a number written with an
    exponent (1e-05, 1e+16: how Python and JSON write a float); such cells are read by
    :func:`~fanpin.model.values.parse_money` itself, one by one (a few cells of a chunk)."""
    # A comma only groups thousands (values.GROUPED_MONEY): a decimal comma is refused, not misread.
    commas = cell.str.contains(",", literal=True)
    grouped = ~commas | cell.str.contains(GROUPED_MONEY.pattern)
    text = cell.str.replace_all(",", "", literal=True)
    ok = grouped & text.str.contains(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$")
    parts = text.str.split_exact(".", 1)
    whole, fraction = parts.struct.field("field_0"), parts.struct.field("field_1").fill_null("")
    digits = whole.str.strip_chars_start("+-").str.strip_chars_start("0")
    too_large = ok & (digits.str.len_chars() > 12)
    # Thousandths are enough for half-up rounding to the fen: only the first dropped digit matters.
    mills = pl.when(digits == "").then(0).otherwise(digits.str.slice(0, 13).cast(pl.Int64, strict=False)) * 1000
    mills = mills + fraction.str.pad_end(3, "0").str.slice(0, 3).cast(pl.Int64, strict=False)
    fen = (mills + 5) // 10
    too_large = too_large | (ok & (fen >= int(MAX_MONEY) * 100))  # 999999999999.995 rounds up to 10^12
    value = pl.when(ok & ~too_large).then(pl.when(text.str.starts_with("-")).then(-fen).otherwise(fen))
    error = _first(
        [
            _full_width(cell.is_not_null() & ~ok, cell),
            _error(cell.is_not_null() & ~ok & cell.str.contains(UNIT_MONEY_PATTERN), UNIT_MONEY),
            _error(cell.is_not_null() & ~ok & cell.str.contains(ODD_SIGN_PATTERN), ODD_SIGN_MONEY),
            _error(cell.is_not_null() & ~grouped, NOT_GROUPED),
            _error(cell.is_not_null() & ~ok & cell.str.contains(SPACED_DIGITS_PATTERN), SPACED_MONEY),
            _error(cell.is_not_null() & ~ok & cell.str.contains(NAN_TEXT), NAN_NUMBER),
            _error(cell.is_not_null() & ~ok & cell.str.contains(INFINITE_TEXT), INFINITE_AMOUNT),
            _error(cell.is_not_null() & ~ok, NOT_MONEY),
            _error(too_large, TOO_LARGE_MONEY),
        ]
    )
    if not exponent:
        return value, error
    written = pl.when(cell.str.contains("[eE]")).then(cell)
    parsed = written.map_elements(_money_cell, return_dtype=_PARSED_MONEY, skip_nulls=True)
    with_e = written.is_not_null()
    return (
        pl.when(with_e).then(parsed.struct.field("fen")).otherwise(value),
        pl.when(with_e).then(parsed.struct.field("reason")).otherwise(error),
    )


#: What :func:`_money_cell` gives a cell: its whole fen, or the reason it is refused.
_PARSED_MONEY = pl.Struct({"fen": pl.Int64, "reason": pl.String})


def _money_cell(cell: str) -> dict[str, int | str | None]:
    """A money cell read by :func:`~fanpin.model.values.parse_money`: its fen, or why it is refused."""
    try:
        amount = parse_money(cell)
    except ValueError as refused:
        return {"fen": None, "reason": str(refused)}
    return {"fen": None if amount is None else to_fen(amount), "reason": None}


class _Expressions(NamedTuple):
    """What :func:`validate` reads a frame of these columns with: the same expressions for every frame of
    them, built once (a few hundred; about a third of a call on a chunk of a few households)."""

    header_of: dict[str, str]  # field name → its column
    cleaned: dict[str, pl.Expr]  # each field's cell trimmed, null when empty (null where no column)
    cells: dict[str, pl.Expr]  # each field's trimmed cell column, ``__cell_…``
    reads: tuple[pl.Expr, ...]  # the ``__read_…`` columns (:func:`_read`)
    plain: tuple[pl.Expr, ...]  # the ``__ok_…`` and ``__amount_…`` columns, made from the reads
    fast: dict[str, tuple[pl.Expr, pl.Expr]]  # each field's (value, plain) on the columns above


#: The fields whose cells are checked, the fields that give a value, and the personal ones checked for their
#: form only: the personal columns give no fact, but the ID number is checked for its form (parse_id_number).
_CHECKED = [f for f in FIELDS if f.name not in PII_FIELDS - {"id_number"}]
_VALUES = [f for f in FIELDS if f.name not in PII_FIELDS]
_FORMED = [f for f in _CHECKED if f.name in PII_FIELDS]


@functools.lru_cache(maxsize=32)
def _expressions(columns: tuple[str, ...]) -> _Expressions:
    """The expressions :func:`validate` reads a frame of ``columns`` with (read only: shared by its calls)."""
    header_of = {ALIASES[h]: h for h in columns if h in ALIASES}
    cleaned = {
        f.name: (
            pl.col(header_of[f.name]).cast(pl.String).str.strip_chars(WHITESPACE).replace("", None)
            if f.name in header_of
            else pl.lit(None, dtype=pl.String)
        )
        for f in FIELDS
    }
    written = {
        name: pl.col(f"__cell_{name}") if name in _TRIMMED else
        pl.col(header_of[name]).cast(pl.String) if name in header_of else pl.lit(None, dtype=pl.String)
        for name in cleaned
    }  # fmt: skip
    cells = {name: pl.col(f"__cell_{name}") for name in cleaned}
    reads = tuple(_read(f, written[f.name]).alias(f"__read_{f.name}") for f in _VALUES)
    fast = {f.name: _fast(f, written[f.name], pl.col(f"__read_{f.name}")) for f in _VALUES}
    fast |= {f.name: _fast(f, written[f.name], written[f.name]) for f in _FORMED}
    money = [f for f in _VALUES if f.kind is Kind.MONEY]
    plain = (
        *(fast[f.name][1].alias(f"__ok_{f.name}") for f in (*_VALUES, *_FORMED)),
        *(fast[f.name][0].alias(f"__amount_{f.name}") for f in money),
    )
    fast |= {f.name: (pl.col(f"__amount_{f.name}"), fast[f.name][1]) for f in money}
    return _Expressions(header_of, cleaned, cells, reads, plain, fast)


def validate(
    raw: pl.DataFrame, *, region: str | None = None, keep: Sequence[str] = (), mask: bool = True
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Validate a frame of text cells (headers in English or Chinese).

    Returns (valid rows as encoded facts plus ``__line``, rejected rows: line, household_id, column,
    value, reason). Line numbers count the header as line 1 unless the frame has a ``__line`` column.
    ``keep`` names input columns carried through to the valid rows as text (PII columns masked), each as
    :func:`kept_name` names it; ``mask=False`` keeps personal values in clear there and in the refused
    cells (``--keep-identities``).
    """
    frame = raw if "__line" in raw.columns else raw.with_row_index("__line", offset=2)
    exprs = _expressions(tuple(raw.columns))
    header_of, cleaned, cells = exprs.header_of, exprs.cleaned, exprs.cells
    # Trimmed cells (null when empty) of the text columns and the two that decide 户类型, for every row;
    # the other columns are read as written (_read: a cell with spaces around it is not plain) and
    # trimmed on the rows that are not plain only.
    frame = frame.with_columns(cleaned[name].alias(f"__cell_{name}") for name in _TRIMMED)
    # A row of empty cells is skipped, as the per-row reader skips it (the trimmed cells tell): a row
    # with a 户编号 is not empty; the others are looked at whole. A cell holding a zero-width space alone (or
    # another character that takes no room: BLANK) is empty too, as the per-row reader has it (blank_cell).
    others = [c for c in raw.columns if not c.startswith("__") and c not in header_of.values()]
    maybe = frame.filter(pl.col("__cell_household_id").fill_null("").str.strip_chars(BLANK) == "")
    if maybe.height:
        filled = [cleaned[name].fill_null("").str.strip_chars(BLANK) != "" for name in cleaned if name in header_of]
        filled += [pl.col(c).cast(pl.String).str.strip_chars(BLANK) != "" for c in others]
        empty = maybe.filter(~pl.any_horizontal(filled).fill_null(False)).get_column("__line")
        if empty.len():
            frame = frame.filter(~pl.col("__line").is_in(empty.implode()))
    if region:
        frame = frame.with_columns(pl.col("__cell_region_code").fill_null(pl.lit(region)))
    # 户类型 监测户 is 脱贫户 or 一般农户 by its 监测对象类别 (Household._monitored_kind): resolved before
    # the fields are read; unresolved, it is the row's only error, as in pydantic's "before" validator.
    category = cells["monitoring_category"]
    monitored = cells["household_type"] == MONITORED_KIND
    resolved = category.replace_strict(MONITORED_KINDS, default=None, return_dtype=pl.String)
    unresolved = monitored.fill_null(False) & resolved.is_null()
    frame = frame.with_columns(
        pl.when(monitored).then(resolved).otherwise(cells["household_type"]).alias("__cell_household_type"),
        unresolved.alias("__unresolved_kind"),
    )
    checked, values = _CHECKED, _VALUES
    extra = {
        "household_id_raw": cells["household_id"].fill_null(""),
        # the 户编号 cell as written, as a refusal of it shows it (a repeat's: fanpin.pipeline.scored._repeats)
        ID_WRITTEN: (
            pl.col(header_of["household_id"]).cast(pl.String).fill_null("")
            if "household_id" in header_of
            else pl.lit("", dtype=pl.String)
        ),
        "__measure_count": pl.col("__measure_count"),
        "__id_number_valid": pl.col("__id_number_valid"),
    }
    # First every row the usual way (_read, _fast): a row plain in every column has its values and no
    # error, unless the model-level check refuses it; the other rows, usually a few, are read by the
    # general parsers, which also give each refused cell its reason. Eager steps: polars plans a lazy
    # query of a hundred expressions in tenths of a second, which a chunk would pay every time; the
    # shared work is materialised as columns instead.
    # The ID number's check (numpy, in Python) and the measures' count, which no refusal changes, run
    # here beside polars' parsers, on every row.
    read = frame.with_columns(
        *exprs.reads,
        _id_number_valid(cells["id_number"]).alias("__id_number_valid"),
        measure_count(cells["measures_in_place"]).alias("__measure_count"),
    )
    # Whether each cell is plain first (a column each, read twice below), and the amounts of money (read
    # where plain), then the values.
    read = read.with_columns(*exprs.plain)
    fast = exprs.fast
    over = (pl.col("__v_labor_count") > pl.col("__v_size")).fill_null(False)
    fast_rows = read.select(
        *frame.columns,
        *(f"__ok_{f.name}" for f in checked),
        **extra,
        **{
            f"__v_{f.name}": fast[f.name][0] if _masked(f) else pl.when(f"__ok_{f.name}").then(fast[f.name][0])
            for f in values
        },
    ).with_columns(__general=~pl.all_horizontal(f"__ok_{f.name}" for f in checked) | pl.col("__unresolved_kind") | over)
    # The few rows left are in as many pieces as the input's columns (a piece per block read): one each,
    # so that the general parsers' steps do not align them again each time.
    general_rows = fast_rows.filter(pl.col("__general")).rechunk()
    general_rows = general_rows.with_columns(
        cleaned[name].alias(f"__cell_{name}") for name in cleaned if name not in _TRIMMED
    )
    good = fast_rows.lazy()
    # An error of Excel's as text (#N/A) refuses its row, and is the row's only refusal (read_row's). It is
    # plain only in a text column: in any other it makes its row one of the general rows, the few looked at.
    # A text column is looked at row by row only when a cell of it holds a # (most chunks: none).
    texts = [f.name for f in FIELDS if f.kind in (Kind.TEXT, None) and f.name in header_of]
    hashed = frame.select(_maybe_excel_error(n, header_of) for n in texts).row(0) if texts else ()
    texts = [n for n, maybe in zip(texts, hashed, strict=True) if maybe]
    excel = pl.concat(
        [
            frame.filter(pl.any_horizontal(_excel_error(n, _trimmed(n, cleaned)) for n in texts)).select("__line")
            if texts
            else frame.clear().select("__line"),
            general_rows.filter(pl.any_horizontal(_excel_error(n, pl.col(f"__cell_{n}")) for n in header_of)).select(
                "__line"
            )
            if _holds_hash(general_rows, [f"__cell_{n}" for n in header_of])
            else general_rows.clear().select("__line"),
        ]
    ).get_column("__line")
    if excel.len():
        excel = excel.unique()
        general_rows = general_rows.filter(~pl.col("__line").is_in(excel.implode()))
        good = good.filter(~pl.col("__line").is_in(excel.implode()))
    bad = general_rows.clear().with_columns(
        __errors=pl.lit([], dtype=pl.List(pl.Struct({"column": pl.String, "reason": pl.String})))
    )
    if general_rows.height:
        # Only the columns that are not plain on some of these rows need the general parsers: in the
        # others every value is read and no cell is refused.
        plain = general_rows.select(pl.col(f"__ok_{f.name}").all() for f in checked).row(0)
        failing = [f for f, ok in zip(checked, plain, strict=True) if not ok]
        work, bad = _general(general_rows, cells, header_of, failing)
        # The general rows that are valid take the general parsers' values (where they differ: a cell
        # written otherwise than the usual way); the refused ones leave.
        fixed = work.filter(~pl.col("__bad"))
        named = [f"__v_{f.name}" for f in values]
        before = fast_rows.filter(pl.col("__line").is_in(fixed.get_column("__line").implode()))
        differ = [c for c in named if not before.get_column(c).equals(fixed.get_column(c), null_equal=True)]
        at = pl.col("__line").is_in(fixed.get_column("__line").implode())
        position = pl.when(at).then(at.cast(pl.Int64).cum_sum() - 1)
        good = good.with_columns(
            pl.when(at).then(pl.lit(fixed.get_column(c)).gather(position)).otherwise(pl.col(c)).alias(c) for c in differ
        ).filter(~pl.col("__line").is_in(bad.get_column("__line").implode()))
    regionless = None
    if not region:  # a valid row without a region code, and none given: refused (read_row's NO_REGION)
        regionless = (
            good.filter(pl.col("__v_region_code").is_null())
            .select(
                pl.col("__line").alias("line"),
                pl.col("household_id_raw").alias("household_id"),
                pl.lit(header_of.get("region_code", "region_code")).alias("column"),
                pl.lit("").alias("value"),
                pl.lit(NO_REGION).alias("reason"),
            )
            .collect(engine=ENGINE)
        )
        if regionless.height:
            good = good.filter(pl.col("__v_region_code").is_not_null())
    valid, rejected = _split(good, bad, header_of, keep, mask, regionless)
    if excel.len():
        refused = _excel_refusals(frame.filter(pl.col("__line").is_in(excel.implode())), header_of, cleaned)
        rejected = pl.concat([rejected, refused.cast(rejected.schema)]).sort("line", maintain_order=True)
    return valid, rejected


def _maybe_excel_error(name: str, header_of: dict[str, str]) -> pl.Expr:
    """Whether some cell of text field ``name`` may hold an error of Excel's (``#N/A``): its trimmed cell starts
    with ``#`` (a byte compared a cell), or for a code, 已落实帮扶措施 or a column not trimmed on every row, a ``#``
    is in it."""
    if name == "measures_in_place" or name in _CODES:
        # one of its measures may be one (产业帮扶;#N/A); a code's leading apostrophe is only its mark: '#N/A is
        # #N/A (:func:`_code`). A # anywhere: one test of each cell (the apostrophe's had cost three).
        return pl.col(f"__cell_{name}").str.contains("#", literal=True).any().alias(name)
    if name in _TRIMMED:
        return pl.col(f"__cell_{name}").str.starts_with("#").any().alias(name)
    return pl.col(header_of[name]).cast(pl.String).str.contains("#", literal=True).any().alias(name)


def _holds_hash(frame: pl.DataFrame, columns: list[str]) -> bool:
    """Whether a cell of ``columns`` holds a ``#`` (every error of Excel's does): the cells joined, one test
    (0.5 ms on the general rows of a chunk, where testing each column for an error took 4 to 6 ms to plan)."""
    if not columns or not frame.height:
        return False
    cells = pl.concat_str(columns, separator="\n", ignore_nulls=True).str.contains("#", literal=True)
    return bool(frame.select(cells.any()).item())


def _excel_error(name: str, cell: pl.Expr) -> pl.Expr:
    """Whether a trimmed cell of field ``name`` is an error of Excel's (``#N/A``), or, in 已落实帮扶措施, lists
    one among its measures (``产业帮扶;#N/A``: it had been counted as a measure, as the model counted it). In a
    code column, after the code's leading apostrophe (:func:`_code`, as the model reads it: ``'#N/A`` had been a
    household ``#N/A`` here, refused by the model and the per-row reader)."""
    errors = sorted(EXCEL_ERRORS)
    if name in _CODES:
        return _code(cell).is_in(errors)
    if name != "measures_in_place":
        return cell.is_in(errors)
    parts = cell.str.extract_all(_MEASURE).list.eval(pl.element().str.strip_chars(WHITESPACE).is_in(errors))
    return parts.list.any()


def _trimmed(name: str, cleaned: dict[str, pl.Expr]) -> pl.Expr:
    """The trimmed cell of field ``name`` (null when empty): its column, made on every row already, or made."""
    return pl.col(f"__cell_{name}") if name in _TRIMMED else cleaned[name]


def _excel_refusals(rows: pl.DataFrame, header_of: dict[str, str], cleaned: dict[str, pl.Expr]) -> pl.DataFrame:
    """A refusal of each cell of ``rows`` that holds an error of Excel's as text (``#N/A``: a CSV saved from a
    sheet whose lookup found nothing), in the order of the file's columns, as
    :func:`fanpin.io.readers.read_row` refuses them: the row's only refusals, its 户编号 none when it is the
    error. Read as text, it had been a head named ``#N/A``, an ID number the data checks flagged as invalid."""
    household = cleaned["household_id"]
    found = rows.select(  # the headers may be the English names (household_id): the others are named apart
        "__line",
        pl.when(_excel_error("household_id", household))
        .then(pl.lit(""))
        .otherwise(household.fill_null(""))
        .alias("__household"),
        *(pl.when(_excel_error(n, cleaned[n])).then(cleaned[n]).alias(header) for n, header in header_of.items()),
    )
    return (
        found.unpivot(index=["__line", "__household"], variable_name="column", value_name="value")
        .drop_nulls("value")
        .select(
            pl.col("__line").alias("line"),
            pl.col("__household").alias("household_id"),
            "column",
            "value",
            pl.lit(EXCEL_ERROR_VALUE).alias("reason"),
        )
        .sort("line", maintain_order=True)
    )


def _general(
    frame: pl.DataFrame,
    cells: dict[str, pl.Expr],
    header_of: dict[str, str],
    checked: list[_Field],
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The rows that are not plain (:func:`_fast`), with their fast values, read again by the general
    parsers in the ``checked`` columns (those not plain on some of them): every row with its values and
    ``__bad``, and the refused rows with their ``__errors`` (column and reason of each)."""
    # The money columns whose every filled cell takes a fast path need not the general parser.
    money = [f.name for f in checked if f.kind is Kind.MONEY and f.name in header_of]
    # Of those that need it, the ones written with an exponent somewhere (1e-05) need its reading too.
    slow = frame.select(
        *[(cells[name].is_not_null() & ~cells[name].str.contains(_PLAIN_MONEY)).any().alias(name) for name in money],
        *[cells[name].str.contains("[eE]").any().alias(f"e{name}") for name in money],
    )
    needed = slow.row(0) if money else ()
    general = {name for name, need in zip(money, needed, strict=False) if need}
    exponent = {name for name, need in zip(money, needed[len(money) :], strict=True) if need}
    staged = {f.name: pl.col(f"__v_{f.name}") for f in checked}
    parsed = {f.name: _parse(f, cells[f.name], f.name in general, f.name in exponent, staged[f.name]) for f in checked}
    reasons: list[pl.Expr] = []
    for f in checked:
        _, error = parsed[f.name]
        if f.required:
            error = _first([_error(cells[f.name].is_null(), empty_reason(f.name)), error])
        reasons.append(pl.when(~pl.col("__unresolved_kind")).then(error).alias(f"__r_{f.name}"))
    # Eager: on a few rows, computing a value again in its reason costs less than planning the query. The
    # reasons are columns, made once: the refused rows below read them (their trees, the general parsers'
    # every case, take milliseconds to plan, whatever the rows).
    names = [r.meta.output_name() for r in reasons]
    field_bad = pl.any_horizontal([pl.col(n).is_not_null() for n in names]) if reasons else pl.lit(False)
    # The model-level check runs only when every field is valid, as in pydantic.
    over = pl.col("__field_bad").not_() & (pl.col("__v_labor_count") > pl.col("__v_size"))
    model_error = pl.coalesce(
        pl.when(pl.col("__unresolved_kind")).then(
            pl.concat_str(
                pl.lit(monitored_kind_error("").split("(empty)")[0]),
                masked_numbers(cells["monitoring_category"]).fill_null("(empty)"),
                pl.lit(monitored_kind_error("").split("(empty)")[1]),
            )
        ),
        pl.when(over).then(pl.format(labor_over_size("{}", "{}"), pl.col("__v_labor_count"), pl.col("__v_size"))),
    )
    work = (  # the values first: a money column's error reads its value from its column (_money's staged)
        frame.with_columns(**{f"__v_{name}": value for name, (value, _) in parsed.items()})
        .with_columns(*reasons)
        .with_columns(__field_bad=field_bad)
        .with_columns(__r_model=model_error)
        .with_columns(__bad=pl.col("__field_bad") | pl.col("__r_model").is_not_null())
    )
    structs = [pl.struct(column=pl.lit(header_of.get(f.name, f.name)), reason=pl.col(n))
               for f, n in zip(checked, names, strict=True)]  # fmt: skip
    # A check of the whole row names the cell it is about first (blamed_field), as the model's path does.
    blamed = (
        pl.when(pl.col("__unresolved_kind"))
        .then(pl.lit(header_of.get("monitoring_category", "")))
        .otherwise(pl.lit(header_of.get("labor_count", "")))
    )
    structs.append(pl.struct(column=blamed, reason=pl.col("__r_model")))
    bad = (
        work.filter(pl.col("__bad"))
        .with_columns(
            pl.concat_list(structs).list.filter(pl.element().struct.field("reason").is_not_null()).alias("__errors")
        )
        .drop(names)
    )
    return work, bad


def _split(
    good: pl.LazyFrame,
    bad: pl.DataFrame,
    header_of: dict[str, str],
    keep: Sequence[str],
    mask: bool,
    regionless: pl.DataFrame | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    rejected = bad.select("__line", "household_id_raw", "__errors").explode("__errors").unnest("__errors")
    rejected = rejected.rename({"__line": "line", "household_id_raw": "household_id"})
    if header_of:
        lookup = bad.select("__line", *[pl.col(h).cast(pl.String).fill_null("").alias(h) for h in header_of.values()])
        lookup = lookup.unpivot(index="__line", variable_name="column", value_name="value")
        rejected = rejected.join(lookup, left_on=["line", "column"], right_on=["__line", "column"], how="left")
    else:  # a frame without a column fanpin reads (no row, or rows of nothing): no cell to show
        rejected = rejected.with_columns(value=pl.lit(None, dtype=pl.String))
    value = pl.col("value").fill_null("")
    if mask:  # as fanpin.model.columns.masked_cell: a personal column's cell (户主证件号码) masked whole
        personal = [h for h in header_of.values() if is_pii_column(h)]
        # masked_pii's expression takes some 3 ms to plan, whatever the rows: only where such a cell is refused
        whole = rejected.get_column("column").is_in(personal).any()
        value = (
            pl.when(pl.col("column").is_in(personal)).then(masked_pii(value)).otherwise(masked_numbers(value))
            if whole
            else masked_numbers(value)
        )
    rejected = rejected.with_columns(value.alias("value")).select("line", "household_id", "column", "value", "reason")
    if regionless is not None and regionless.height:
        rejected = pl.concat([rejected, regionless.cast(rejected.schema)]).sort("line", maintain_order=True)
    keyed = good.select("__line", "__v_household_id", ID_WRITTEN).collect(engine=ENGINE)
    # Equal 户编号 hash alike: when no two hashes are equal (as usual), no 户编号 is repeated, which the
    # hashes (integers) tell for less than the text does.
    hashes = keyed.get_column("__v_household_id").hash()
    repeated = hashes.n_unique() < hashes.len()
    dup_rows = (
        keyed.with_columns(__first=pl.col("__line").first().over("__v_household_id")).filter(
            ~pl.col("__v_household_id").is_first_distinct()
        )
        if repeated
        else keyed.clear().with_columns(__first=pl.col("__line"))
    )
    if dup_rows.height:
        # The 户编号 as the model reads it (``12.0`` is 12) and the cell as written (``12.00``), as the per-row
        # reader and the check across chunks write them (fanpin.model.columns.duplicate_reason): the same
        # refusal whatever the chunk size. The cell had been shown as the code, which the clerk could not find.
        # The line named is the chunk's first row of the id: where an earlier chunk had it, the check across
        # chunks names that one's instead (fanpin.pipeline.scored.first_lines_carried).
        key, written, first = pl.col("__v_household_id"), pl.col(ID_WRITTEN), pl.col("__first")
        extra = dup_rows.select(
            pl.col("__line").alias("line"),
            key.alias("household_id"),
            pl.lit(header_of.get("household_id", "household_id")).alias("column"),
            written.alias("value"),
            pl.when(written.str.strip_chars(WHITESPACE) == key)
            .then(pl.format(DUPLICATE_FIRST.replace("{line}", "{}"), first))
            .otherwise(pl.format(DUPLICATE_READ_AS.replace("{key}", "{}").replace("{line}", "{}"), key, first))
            .alias("reason"),
        )
        rejected = pl.concat([rejected, extra]).sort("line", maintain_order=True)
        good = good.filter(~pl.col("__line").is_in(dup_rows.get_column("__line").implode()))
    names = good.collect_schema().names()
    # The derived facts are one lazy select, whose shared subexpressions polars computes once (it plans
    # these in a few milliseconds; a hundred parsers took tenths of a second).
    values = good.select(
        "__line",
        ID_WRITTEN,
        *[pl.col(f"__v_{f.name}").alias(f.attribute) for f in FIELDS if f"__v_{f.name}" in names],
        *_derived(),
        *[kept_column(h, kept_name(h), mask=mask) for h in keep],
    ).collect(engine=ENGINE)
    return values, rejected


def masked_numbers(text: pl.Expr) -> pl.Expr:
    """:func:`fanpin.model.values.mask_numbers` on a column: the same function, on the cells that may hold a
    personal number (:func:`fanpin.masking.mask_numbers_series`)."""
    return text.map_batches(mask_numbers_series, return_dtype=pl.String, is_elementwise=True)


def kept_name(header: str) -> str:
    """The name a passed-through input column has among the valid rows' columns: its header, marked, so
    that a kept column never meets a fact of the same name (``wage_income`` kept beside the fact)."""
    return f"__keep:{header}"


def kept_column(header: str, alias: str | None = None, *, mask: bool = True) -> pl.Expr:
    """A passed-through column as text, masked as :func:`fanpin.masking.mask` masks it if it is PII
    (by its header) and with the ID and mobile numbers in its text masked otherwise, named ``alias``
    (default: its header); as it is with ``mask=False``."""
    cell = pl.col(header).cast(pl.String).fill_null("")
    if not mask:
        return cell.alias(alias or header)
    if is_cause_column(header):  # 因病 as it is, 因病（肺癌） masked whole (fanpin.model.columns.masked_cell)
        plain = cell.str.strip_chars(WHITESPACE).str.contains(CAUSE_CELL)
        return pl.when(plain).then(masked_numbers(cell)).otherwise(masked_pii(cell)).alias(alias or header)
    if is_health_column(header):  # 健康状况, 患病情况: keeping nothing (fanpin.masking.mask_detail)
        return pl.when(cell == "").then(cell).otherwise(pl.lit(DETAIL_MASK)).alias(alias or header)
    if not is_pii_column(header):
        return masked_numbers(cell).alias(alias or header)
    return masked_pii(cell).alias(alias or header)


def masked_pii(cell: pl.Expr) -> pl.Expr:
    """:func:`fanpin.masking.mask` on a column of text (not null): a personal cell masked whole (one masked
    already keeps its shape: its kind is told with its stars read as the digits they hide; a number with a
    spreadsheet's ``.0`` tail is masked as the number, its tail kept)."""
    n = cell.str.len_chars().cast(pl.Int64)  # UInt32 would wrap below 0 to a 4 GB pad
    tail = cell.str.extract(f"({NUMBER_TAIL})", 1).fill_null("")
    body = cell.str.slice(0, n - tail.str.len_chars().cast(pl.Int64))  # the number before a .0 tail
    m = body.str.len_chars().cast(pl.Int64)
    probe = body.str.replace_all("*", "0", literal=True)
    # Every branch is computed for every row: the pad lengths must never go below 0.
    long = pl.concat_str([body.str.slice(0, 4), pl.lit("").str.pad_end((m - 8).clip(0), "*"), body.str.slice(-4), tail])
    number = (m > 8) & body.str.contains(NUMBER_LIKE) & (probe.str.count_matches(DIGIT) >= 8)
    # a disability card keeps the last 4 of its ID number, not its category and level
    card = pl.concat_str(
        [
            body.str.slice(0, 4),
            pl.lit("*" * 10),
            body.str.slice(14, 4),
            pl.lit("").str.pad_end((m - 18).clip(0), "*"),
            tail,
        ]
    )
    # a card written in groups keeps its start only
    grouped_card = probe.str.replace_all(GROUP_SEPARATORS, "").str.contains(DISABILITY_CARD)
    start = pl.concat_str([body.str.slice(0, 4), pl.lit("").str.pad_end((m - 4).clip(0), "*"), tail])
    return (
        pl.when(n == 0)
        .then(cell)
        .when(probe.str.contains(DISABILITY_CARD))
        .then(card)
        .when(number & grouped_card)
        .then(start)
        .when(number)
        .then(long)
        .otherwise(masked_text(cell))
    )


def masked_text(cell: pl.Expr) -> pl.Expr:
    """:func:`fanpin.masking.mask` of a text that is no number (a name, a health detail): its first character,
    a star for each other, a star alone for one character. :func:`masked_pii`'s last case, and the whole of
    it for a name of Chinese characters alone (the export's column path masks its members' names so)."""
    n = cell.str.len_chars().cast(pl.Int64)  # UInt32 would wrap below 0 to a 4 GB pad
    short = pl.concat_str([cell.str.slice(0, 1), pl.lit("").str.pad_end((n - 1).clip(0), "*")])
    return pl.when(n == 1).then(pl.lit("*")).otherwise(short)


#: One measure of 已落实帮扶措施 (Household._split_measures: the text split at , ， 、 ； ; and each part
#: trimmed, the empty ones dropped): from a character that is neither a separator nor white space to
#: the next separator, so that the measures are the matches.
_SPACE = "".join(f"\\x{{{ord(c):x}}}" for c in WHITESPACE)
_MEASURE = f"[^{MEASURE_SEPARATORS}{_SPACE}][^{MEASURE_SEPARATORS}]*"


#: A 已落实帮扶措施 cell whose every measure is a form's "none" (Household._none_is_no_measure: 无, 无。, a slash or a
#: dash alone, 0): each with white space around it, separated from the next by a separator, and separators or white
#: space at either end.
_SEPARATOR = f"[{MEASURE_SEPARATORS}]"
_BLANK = f"[{_SPACE}]"
_NONE = f"(?:{NONE_WRITTEN}){_BLANK}*"
_NONE_ONLY = (
    f"^(?:{_SEPARATOR}|{_BLANK})*{_NONE}(?:{_SEPARATOR}(?:{_SEPARATOR}|{_BLANK})*{_NONE})*(?:{_SEPARATOR}|{_BLANK})*$"
)


#: A 已落实帮扶措施 cell listing a number among its measures (Household._named_measures: household.MEASURE_NUMBER,
#: white space around it, a separator or an end of the cell on either side).
_LISTS_A_NUMBER = f"(?:^|{_SEPARATOR}){_BLANK}*(?:{MEASURE_NUMBER}){_BLANK}*(?:{_SEPARATOR}|$)"


def lists_a_number(cell: pl.Expr, count: pl.Expr | None = None) -> pl.Expr:
    """Whether a (trimmed) 已落实帮扶措施 cell lists a number among its measures (``3``, ``产业帮扶；2``: a count of
    them, no measure's name), refused as the model refuses it (:data:`~fanpin.model.household.NUMBER_FOR_MEASURE`);
    not where it lists only a form's "none" (``0``, ``0；无``). ``count``, the cell's :func:`measure_count` where a
    step has made it, tells that: a cell listing something counts none only when all it lists says none (its
    regular expression is not matched on every row twice)."""
    none_only = cell.str.contains(_NONE_ONLY) if count is None else count == 0
    return cell.str.contains(_LISTS_A_NUMBER) & ~none_only


def measure_count(cell: pl.Expr) -> pl.Expr:
    """How many measures a (trimmed) 已落实帮扶措施 cell lists, as the model counts them (0 when empty, or
    when it lists only a form's "none": 无, 无。, a slash or a dash alone, 0)."""
    counted = cell.str.count_matches(_MEASURE).fill_null(0).cast(pl.Int64)
    return pl.when(cell.str.contains(_NONE_ONLY)).then(pl.lit(0, pl.Int64)).otherwise(counted)


@functools.cache
def _derived() -> tuple[pl.Expr, ...]:
    """The household's derived facts, as :class:`fanpin.Household` and :mod:`fanpin.model.facts` compute them."""
    v = {name: pl.col(f"__v_{name}") for name in ("wage_income", "business_income", "business_cost",
         "property_income", "transfer_income", "size", "medical_out_of_pocket", "education_expense",
         "disaster_loss", "monitoring_category")}  # fmt: skip
    gross = v["wage_income"] + v["business_income"] + v["property_income"] + v["transfer_income"]
    net = gross - v["business_cost"].fill_null(0)
    # net ÷ size rounded half up to the fen, away from zero on .5 (Decimal ROUND_HALF_UP).
    size = v["size"]
    magnitude = (net.abs() * 2 + size) // (size * 2)
    per_capita = pl.when(net < 0).then(-magnitude).otherwise(magnitude)
    parts = [v["medical_out_of_pocket"], v["education_expense"], v["disaster_loss"]]
    rigid = pl.when(pl.any_horizontal([p.is_not_null() for p in parts])).then(pl.sum_horizontal(parts))
    return (
        net.alias("net_income"),
        per_capita.alias("income_per_capita"),
        rigid.alias("rigid_expense"),
        gross.alias("gross_income"),
        v["monitoring_category"].is_not_null().cast(pl.Int8).alias("monitored"),
        pl.col("__measure_count").alias("measure_count"),
        pl.col("__id_number_valid").alias("id_number_valid"),
        *_set_members(),
    )


def _set_members() -> list[pl.Expr]:
    """fanpin.model.facts.set_facts, vectorised: a member fact is 1 when a slot holds the member, else 0
    (an empty slot adds nothing; the set is never unknown). Each slot's member by its position in an Enum
    of the members, compared as a number: the lazy select computes the positions once (a slot holds a
    member's value or nothing)."""
    facts = []
    for info in SETS.values():
        members = [member.value for member in info.enum]
        position = {
            slot: pl.col(f"__v_{slot}").cast(pl.Enum(members), strict=False).to_physical() for slot in info.slots
        }
        facts += [
            pl.any_horizontal([position[slot] == i for slot in info.slots])
            .fill_null(False)
            .cast(pl.Int8)
            .alias(info.fact(member))
            for i, member in enumerate(info.enum)
        ]
    return facts


def _id_number_valid(cell: pl.Expr) -> pl.Expr:
    """values.id_number_check of :func:`values.code_text` of the (trimmed) cell, vectorised
    (:func:`id_number_checks`): 1 or 0; null where the cell is, and where the number arrived masked."""
    return cell.map_batches(id_number_checks, return_dtype=pl.Int8, is_elementwise=True)


#: The widest cell that may hold a valid ID number: 22 characters and Excel's ``.0``.
_ID_WIDTH = 24
_ID_WEIGHTS = np.array(ID_WEIGHTS, dtype=np.int32)
_ID_CHECK = np.frombuffer(ID_CHECK.encode("ascii"), dtype=np.uint8)
#: The bytes 16 to 23 of a row's digit flags (one byte each, 1 for a digit) are one 64-bit word: for a
#: text of n bytes, the bytes 18 to n - 1 of it must be digits (a disability card's category and level).
_ID_SUFFIX = np.array(
    [sum(1 << 8 * (i - 16) for i in range(18, min(n, _ID_WIDTH))) for n in range(_ID_WIDTH + 2)], dtype=np.uint64
)
#: For a text of n bytes, the flags of its bytes (0 to n - 1) in the three 64-bit words of a row's 24.
_ID_PREFIX = np.array(
    [[sum(1 << 8 * (i % 8) for i in range(8 * w, min(n, 8 * w + 8))) for w in range(3)] for n in range(_ID_WIDTH + 2)],
    dtype=np.uint64,
)
_ID_FIRST = 0x0101010101010101  # eight digit flags
_ID_LENGTHS = np.isin(np.arange(_ID_WIDTH + 2), (18, 20, 22))
_ID_EXCEL_LENGTHS = np.isin(np.arange(_ID_WIDTH + 2), (20, 22, 24))


def _shaped(flags: np.ndarray, at17: np.ndarray | np.bool_, length: np.ndarray) -> np.ndarray:
    """Rows of ``length`` 18, 20 or 22 whose byte flags (three 64-bit words a row) hold for the bytes 0 to 16
    and 18 to length - 1, and ``at17`` for byte 17."""
    suffix = flags[:, 2]
    first = (flags[:, 0] == _ID_FIRST) & (flags[:, 1] == _ID_FIRST) & ((suffix & 0xFF) == 1)
    return _ID_LENGTHS[length] & first & at17 & ((suffix & _ID_SUFFIX[length]) == _ID_SUFFIX[length])  # type: ignore[no-any-return]


def _cell_bytes(texts: pl.Series) -> tuple[np.ndarray, np.ndarray]:
    """The offsets of a text column's cells (one more than its rows) and its bytes, with :data:`_ID_WIDTH`
    zeros after the last cell, so that every cell's window of that width is whole."""
    array = texts.rechunk().to_arrow(compat_level=pl.CompatLevel.oldest())
    if str(array.type) not in ("large_string", "large_utf8"):
        array = array.cast("large_string")
    _, offsets_buffer, data_buffer = array.buffers()
    offsets = np.frombuffer(offsets_buffer, dtype=np.int64)[array.offset : array.offset + len(array) + 1]
    size = 0 if data_buffer is None else data_buffer.size
    data = np.zeros(size + _ID_WIDTH, dtype=np.uint8)
    if size:
        data[:size] = np.frombuffer(data_buffer, dtype=np.uint8)
    return offsets, data


def id_number_checks(numbers: pl.Series) -> pl.Series:
    """values.id_number_check(values.code_text(cell)) of each trimmed cell: 1 or 0, null where the cell is
    null (or an apostrophe alone) or the number arrived masked (values.masked_id: digits and * in an ID
    number's shape, a * among them).

    On the cells' bytes with numpy, not with twenty string and integer operations of polars: the first 24
    bytes of every cell side by side, a flag for each that is an ASCII digit, and the check sum as one
    product with the weights. A valid number is ASCII (digits, and X at its 18th place), so its bytes are
    its characters; a cell with any other character at those places is not valid, as in the model. The
    masked shape is read off the same bytes (one pass over the column, where the null, masked and check
    tests had each read it again).
    """
    offsets, data = _cell_bytes(numbers)
    # A code's leading apostrophe (values.code_text) taken off the few cells that start with one, as the column's
    # code reader does (_code): on those cells only, where that reader's three steps on every cell had cost
    # half as much again as this whole check.
    quoted = np.flatnonzero((data[offsets[:-1]] == ord("'")) & (np.diff(offsets) > 0))
    if quoted.size:
        numbers = numbers.clone().scatter(quoted, pl.select(_code(pl.lit(numbers.gather(quoted)))).to_series())
        offsets, data = _cell_bytes(numbers)
    # Excel's .00 (.000, …) after digits (values.excel_text) taken off the few cells that may have it, where
    # the column holds a point at all (one look at its bytes): those ending in 00 that hold a point, the bytes
    # then read again. Its .0 is read off the bytes below.
    tail = np.empty(0, dtype=np.int64)
    if (data == ord(".")).any():
        end = offsets[1:]
        tail = np.flatnonzero((np.diff(offsets) >= 4) & (data[end - 1] == ord("0")) & (data[end - 2] == ord("0")))
        tail = tail[numbers.gather(tail).str.contains(".", literal=True).fill_null(False).to_numpy()]
    if tail.size:
        numbers = numbers.clone().scatter(tail, pl.select(_text(pl.lit(numbers.gather(tail)))).to_series())
        offsets, data = _cell_bytes(numbers)
    start = offsets[:-1]
    length = np.minimum(np.diff(offsets), _ID_WIDTH + 1)  # a longer cell is never valid, nor masked
    window = np.lib.stride_tricks.sliding_window_view(data, _ID_WIDTH)[start]  # (rows, 24): a copy
    digits = (window - np.uint8(ord("0"))) < 10
    flags = digits.view("<u8")  # (rows, 3): the digit flags, 8 a word
    # 17 digits, the check character (compared below) and the suffix's digits; or all that and Excel's .0
    # after digits only (values.excel_text), which is not part of the text.
    before = np.maximum(length, 2) - 2  # the length without a .0
    excel = _ID_EXCEL_LENGTHS[length] & (data[start + before] == ord(".")) & (data[start + before + 1] == ord("0"))
    shape = _shaped(flags, np.True_, length) | (excel & _shaped(flags, digits[:, 17], before))
    total = np.einsum("ij,j->i", window[:, :17], _ID_WEIGHTS, dtype=np.int32) - ord("0") * int(_ID_WEIGHTS.sum())
    check = window[:, 17]
    check = np.where(check == ord("x"), np.uint8(ord("X")), check)
    valid = (shape & (check == _ID_CHECK[total % 11])).astype(np.int8)
    # Masked (values.MASKED_ID): 18, 20 or 22 bytes of digits and *, X or x at the 18th, a * among them: looked
    # for where the column holds a * at all (usually not).
    unknown = numbers.is_null().to_numpy()
    starred = np.empty(0, dtype=np.int64)
    if (data == ord("*")).any():
        stars = window == ord("*")
        starred = np.flatnonzero(stars.view("<u8").any(axis=1))  # a * among the 24 bytes
        starred = starred[(stars[starred].view("<u8") & _ID_PREFIX[length[starred]]).any(axis=1)]  # in the cell
    if starred.size:
        loose = digits[starred] | stars[starred]
        near = window[starred, 17]
        at17 = loose[:, 17] | (near == ord("X")) | (near == ord("x"))
        unknown[starred] |= _shaped(loose.view("<u8"), at17, length[starred])
    checked = pl.when(pl.lit(pl.Series(unknown))).then(None).otherwise(pl.lit(pl.Series(valid, dtype=pl.Int8)))
    return pl.select(checked.alias(numbers.name)).to_series()
