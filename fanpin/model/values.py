"""Cell values as county exports write them, parsed one way everywhere.

- Empty (``''``, whitespace, ``None``) is *unknown*: ``None``, never zero or false.
- Booleans: 是/否, Y/N, 1/0, true/false (any case; ``1.0``/``0.0`` as Excel writes them).
- Money: 元 with at most fen precision. Values are parsed as :class:`~decimal.Decimal` and rounded to
  the fen (half up), so ``8699.995`` is ``8700.00``; the engines compare whole fen (integers), so a value
  exactly on a threshold is on the documented side of it, never a float's width away.
- Months are ``YYYYMM`` (``202304``, ``202304.0``), or a day's month (``20230415``); dates ``YYYY-MM-DD`` or
  ``YYYYMMDD``; both also as a spreadsheet shows a date (:data:`WRITTEN_DATE`).
- PII (ID numbers, names) is wrapped in :class:`Pii`, whose ``str``/``repr`` are masked.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from numbers import Number
from operator import mul
from typing import TypeVar

from fanpin.masking import mask, mask_numbers, mask_numbers_series

__all__ = [
    "BINARY",
    "BLANK",
    "BROKEN_ID",
    "CODE_BREAK",
    "CODE_CONTROL",
    "CODE_KEY_PROBLEMS",
    "CONTROL_ID",
    "DATE_WITH_TIME_DAY",
    "DAY_COUNT",
    "DAY_MONTH_AMBIGUOUS",
    "DAY_MONTH_AMBIGUOUS_MONTH",
    "DAY_MONTH_PATTERN",
    "DAY_MONTH_TOLD",
    "DAY_MONTH_TOLD_MONTH",
    "DECODE_BINARY",
    "EPOCH_ORDINAL",
    "EXCEL_ERRORS",
    "EXCEL_ERROR_VALUE",
    "EXPONENT_NUMBER",
    "FEN",
    "FIRST_MONTH_DAY",
    "FLOAT_CODE",
    "FLOAT_WRITTEN",
    "FULL_WIDTH_DIGIT",
    "FULL_WIDTH_DIGITS",
    "GROUPED_MONEY",
    "HALF_PAIR",
    "HEADER_TRIMMED",
    "ID_CHECK",
    "ID_WEIGHTS",
    "INFINITE_AMOUNT",
    "INFINITE_CODE",
    "INFINITE_NUMBER",
    "INFINITE_TEXT",
    "MASKED_ID",
    "MASKED_NUMBER",
    "MONTH_AND_TIME",
    "MONTH_FOR_DATE",
    "MONTH_PATTERN",
    "MONTH_YEAR_PATTERN",
    "NAN_NUMBER",
    "NAN_TEXT",
    "NEGATIVE_CODE",
    "NEGATIVE_NUMBER",
    "NOT_DECODED",
    "NOT_GROUPED",
    "NOT_GROUPED_NUMBER",
    "NOT_MONEY",
    "NOT_NUMBER",
    "NOT_ONE_VALUE",
    "NOT_TEXT",
    "NOT_TEXT_BOOL",
    "NOT_WHOLE",
    "NUMBER_FOR_DATE",
    "NUMBER_FOR_MONTH",
    "NUMBER_FOR_MONTH_1904",
    "ODD_SIGN_MONEY",
    "ODD_SIGN_NUMBER",
    "ODD_SIGN_PATTERN",
    "PANDAS_MISSING",
    "PERSONAL_AMOUNT",
    "PERSONAL_NUMBER_COUNT",
    "PERSONAL_NUMBER_MONEY",
    "PERSONAL_NUMBER_QUANTITY",
    "SCIENTIFIC",
    "SCIENTIFIC_ID",
    "SCIENTIFIC_ID_NUMBER",
    "SCIENTIFIC_PERSON_ID",
    "SMALL_EXPONENT",
    "SPACED_DIGITS",
    "SPACED_DIGITS_PATTERN",
    "SPACED_MONEY",
    "SPACED_NUMBER",
    "TOO_LARGE_QUANTITY",
    "UNIT_MONEY",
    "UNIT_MONEY_PATTERN",
    "UNIT_MONEY_WRITTEN",
    "WHITESPACE",
    "WRITTEN_AND_TIME",
    "WRITTEN_DATE",
    "YES_NO",
    "Month",
    "Pii",
    "a_kind",
    "array_as_list",
    "blank_cell",
    "code_break",
    "code_key_problem",
    "counted_from_1904",
    "date_told",
    "day_month_meant",
    "day_month_month_reason",
    "day_month_reason",
    "excel_day",
    "float_written",
    "full_width",
    "half_width",
    "header_text",
    "household_id_form",
    "infinite_number",
    "is_cell_value",
    "is_float_written",
    "is_nan",
    "is_yes_no_value",
    "mask",
    "mask_numbers",
    "mask_numbers_series",
    "masked_id",
    "masked_number",
    "money_exponent",
    "month_day_count",
    "month_time_reason",
    "negative_number",
    "no_excel_error",
    "no_nan",
    "not_a_value",
    "not_one_value_in",
    "not_whole",
    "number_for_month",
    "number_text",
    "parse_bool",
    "parse_date",
    "parse_id_number",
    "parse_int",
    "parse_money",
    "parse_month",
    "plain_number",
    "quantity_reason",
    "scientific",
    "to_fen",
    "too_large_money",
    "without_half_pairs",
    "written_out",
    "yes_no_text",
]

FEN = Decimal("0.01")
_T = TypeVar("_T")

#: The characters Python's ``str.strip()`` removes (``str.isspace``), for polars' ``strip_chars``: its
#: default set lacks the four separators U+001C–U+001F, so a cell holding one would be empty to the
#: household model and not to the batch validator.
WHITESPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace())
#: What a cell may hold and still be empty, a row of such cells blank: whitespace (:data:`WHITESPACE`: NBSP and
#: U+3000 among it) and the characters that take no room, the zero-width space, non-joiner and joiner, the word
#: joiner and the byte-order mark (U+200B, U+200C, U+200D, U+2060, U+FEFF), which text pasted from a web page or a
#: Word table leaves: a row whose one filled cell held a zero-width space was a member row without 户编号 (the
#: households beside it refused with it), and a household table's row was refused for every required cell.
BLANK = WHITESPACE + "\u200b\u200c\u200d\u2060\ufeff"


def blank_cell(text: str) -> bool:
    """Whether a cell is empty to the eye (:data:`BLANK`): a row of such cells is blank, and skipped.

    >>> blank_cell(" \u3000"), blank_cell("\u200b"), blank_cell("\ufeff \u200d"), blank_cell("\u200bH1")
    (True, True, True, False)
    """
    return not text.strip(BLANK)


#: Characters no one sees: zero-width spaces and joiners, the byte-order mark, the direction marks and the
#: soft hyphen of text copied from a web page or a Word table, and control characters (a NUL or DEL of a
#: damaged file; the whitespace ones are trimmed as any cell is). A regular-expression class's contents,
#: written as escapes so that polars' regex reads it as Python's does (fanpin.io.key_scan).
INVISIBLE = r"\x00-\x08\x0e-\x1b\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
#: One of them (polars reads its ``pattern`` as Python does).
INVISIBLE_CHARACTER = re.compile(f"[{INVISIBLE}]")


def visible(text: str) -> str:
    """``text`` with each character no one sees (:data:`INVISIBLE`) written as its code point, as the errors
    file shows a value: a NUL is a byte some programs stop at, and a direction mark turns the text after it
    around (``5323********0001`` followed by U+202E showed as its mirror image).

    >>> visible("H1\u202e"), visible("张家村")
    ('H1<U+202E>', '张家村')
    """
    return INVISIBLE_CHARACTER.sub(lambda found: f"<U+{ord(found.group()):04X}>", text)


def header_text(cell: str) -> str:
    """A header cell as fanpin names its column: without the whitespace and the characters no one sees
    (:data:`HEADER_TRIMMED`: zero-width spaces, joiners, a byte-order mark, direction marks) at its ends. A
    zero-width space that text pasted from a web page leaves after 核查人 made a second 核查人 column beside the
    first (two columns looking alike in the output), and one after 户编号 a file with no 户编号. One inside a
    name (户\u200b编号) is left: that header names no column, and the refusal or the note of a misspelt column
    shows it (户<U+200B>编号).

    >>> header_text(" 户编号\u200b"), header_text("\ufeff工资性收入\u200d "), header_text("户\u200b编号")
    ('户编号', '工资性收入', '户\u200b编号')
    """
    return cell.strip(HEADER_TRIMMED)


@functools.cache
def invisible_codes() -> dict[str, str]:
    """Each character of :data:`INVISIBLE` → how :func:`visible` writes it (``<U+202E>``): for a polars
    ``replace_many`` that writes a column as :func:`visible` writes a value."""
    return {chr(c): f"<U+{c:04X}>" for c in (*range(0x2070), 0xFEFF) if INVISIBLE_CHARACTER.match(chr(c))}


#: What a header cell is trimmed of (:func:`header_text`, and polars' ``strip_chars`` where a chunk's rows are
#: compared with the header): whitespace and the characters that take no room (:data:`BLANK`: zero-width spaces
#: and joiners, the byte-order mark), the direction marks and embeddings (U+200E, U+200F, U+202A to U+202E) and
#: the soft hyphen, as text pasted from a web page or a Word table leaves them. Not every character of
#: :data:`INVISIBLE`: polars trims each cell of a chunk's 户编号 column by this set, at a cost that grows with it
#: (the control characters of a damaged file too took twice the time of whitespace alone).
HEADER_TRIMMED = BLANK + "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u00ad"


_TRUE = frozenset({"是", "y", "yes", "1", "true", "t", "1.0"})
_FALSE = frozenset({"否", "n", "no", "0", "false", "f", "0.0"})
#: Every spelling of a yes/no cell (lower case).
YES_NO = _TRUE | _FALSE
#: Each spelling of a yes/no cell as files write it (lower case, upper case, capitalised) → its value.
_YES_NO_WRITTEN = {written: text in _TRUE for text in YES_NO for written in (text, text.upper(), text.capitalize())}


def is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


#: A full-width digit (U+FF10–U+FF19: 0 to 9 as wide as a Chinese character), or a full-width point, minus or
#: comma (U+FF0E, U+FF0D, U+FF0C) beside a digit of either width (12,000 or 2026-03-31 with the wide signs), as a
#: Chinese input method types them in its full-width mode. No number, amount, month, date or code is read with
#: them (the grammars are ASCII, and stay so: read, they would change what is scored); a refused cell that holds
#: one is refused for them (:data:`FULL_WIDTH_DIGITS`), where it had been told it was no number, the clerk
#: seeing one. A Chinese comma alone (无，待核实) is no digit's. For Python's and polars' regular expressions alike.
FULL_WIDTH_DIGIT = "[\uff10-\uff19]|[0-9\uff10-\uff19][\uff0c-\uff0e]|[\uff0c-\uff0e][0-9\uff10-\uff19]"
_FULL_WIDTH_DIGIT = re.compile(FULL_WIDTH_DIGIT)
#: Why a cell of a number, amount, count, month, date or code column that holds :data:`FULL_WIDTH_DIGIT` is
#: refused, whatever else is wrong with it.
FULL_WIDTH_DIGITS = (
    "written with full-width digits or signs (\uff12 \uff0e \uff0d \uff0c), as an input method types them in "
    "its full-width mode, and not read as a number; write them half-width (2 . - ,): switch the input method to "
    "half-width, or replace them"
)


def full_width(text: str) -> bool:
    """Whether ``text`` holds a full-width digit, or a full-width sign beside a digit (:data:`FULL_WIDTH_DIGIT`).

    >>> full_width("\uff12\uff10\uff10"), full_width("12\uff0c000"), full_width("无\uff0c待核实"), full_width("200")
    (True, True, False, False)
    """
    return _FULL_WIDTH_DIGIT.search(text) is not None


#: Each full-width digit and sign :data:`FULL_WIDTH_DIGIT` names (U+FF10–U+FF19, U+FF0C–U+FF0E) → its half-width form.
_HALF_WIDTH = str.maketrans({chr(c): chr(c - 0xFEE0) for c in (*range(0xFF10, 0xFF1A), 0xFF0C, 0xFF0D, 0xFF0E)})


def half_width(text: str) -> str:
    """``text`` with its full-width digits and signs (0 to 9, comma, minus, point) written half-width, as the
    fix of an option typed with them shows it; any other character as it is.

    >>> half_width("\uff15\uff13\uff12\uff13\uff12\uff18"), half_width("2025\uff0d06\uff0d30")
    ('532328', '2025-06-30')
    """
    return text.translate(_HALF_WIDTH)


def _full_width_named(parser: Callable[[object], _T]) -> Callable[[object], _T]:
    """``parser``, whose refusal of a text holding full-width digits (:func:`full_width`) is
    :data:`FULL_WIDTH_DIGITS`: the reason that names them, as the batch validator's is."""

    @functools.wraps(parser)
    def parse(value: object) -> _T:
        try:
            return parser(value)
        except ValueError:
            if isinstance(value, str) and full_width(value):
                raise ValueError(FULL_WIDTH_DIGITS) from None
            raise

    return parse


@_full_width_named
def parse_bool(value: object) -> bool | None:
    """``'是'`` → True, ``'N'`` → False, ``''`` → None; a full-width one is refused for its full-width digit.

    >>> parse_bool("是"), parse_bool("false"), parse_bool("")
    (True, False, None)
    """
    if type(value) is str:  # a spelling as files write it (most cells): looked up at once
        known = _YES_NO_WRITTEN.get(value)
        if known is not None:
            return known
    if is_empty(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError("not a yes/no value; write 是/否, Y/N, 1/0 or true/false, or leave it empty if unknown")


@_full_width_named
def parse_money(value: object) -> Decimal | None:
    """A money amount in 元, rounded to the fen.

    >>> parse_money("8699.995"), parse_money("12000.0"), parse_money("8,700.50"), parse_money(" ")
    (Decimal('8700.00'), Decimal('12000.00'), Decimal('8700.50'), None)
    >>> parse_money(1e-05), parse_money("5e-3")  # below a fen, as 0.00001 and 0.005 are (SMALL_EXPONENT)
    (Decimal('0.00'), Decimal('0.01'))
    >>> parse_money(-0.0), parse_money("-0.004")  # zero without a sign
    (Decimal('0.00'), Decimal('0.00'))
    """
    if type(value) is str and _PLAIN_AMOUNT.fullmatch(value):  # most cells of a file: read as they are
        return Decimal(value).quantize(FEN)
    if type(value) is int and -_PLAIN_WHOLE < value < _PLAIN_WHOLE:  # a record's whole 元 (JSON, a host's dict)
        return Decimal(value).quantize(FEN)
    if is_empty(value):
        return None
    if isinstance(value, bool):
        raise ValueError(NOT_MONEY)
    text = written_out(value).strip()
    if UNIT_MONEY_WRITTEN.match(text):  # 5000元, 0.5万, ￥5000: told to write the 元 alone
        raise ValueError(UNIT_MONEY)
    if ODD_SIGN.search(text):  # −500, (1,500): a word processor's minus sign, an accounting format's brackets
        raise ValueError(ODD_SIGN_MONEY)
    # A comma only groups thousands (8,700.00): 1,5 or 8700,00 (decimal commas) are refused, not misread
    # as 15 or 870000 元.
    if "," in text and not GROUPED_MONEY.match(text):
        raise ValueError(NOT_GROUPED)
    text = text.replace(",", "")
    # One small grammar, the same on the batch path: ASCII digits, an optional sign, one decimal point.
    if not _MONEY.match(text):
        power = money_exponent(text)  # 1e+16, 1e-05: how Python and JSON write a large or a small float
        if power is not None and power >= MONEY_DIGITS:
            raise ValueError(too_large_money(power))
        if power is None and SPACED_DIGITS.search(text):  # 1 234: told so, where "write digits" was the cell
            raise ValueError(SPACED_MONEY)
        if power is None and _NAN_TEXT.match(text):  # NaN, nan: a program's missing or failed value
            raise ValueError(NAN_NUMBER)
        if power is None and _INFINITE_TEXT.match(text):  # inf, Infinity: a division by zero
            raise ValueError(INFINITE_AMOUNT)
        if power is None or power > SMALL_EXPONENT:
            raise ValueError(NOT_MONEY if power is None else EXPONENT_MONEY)
    amount = Decimal(text)
    if abs(amount) >= MAX_MONEY:
        raise ValueError(TOO_LARGE_MONEY)
    rounded = amount.quantize(FEN, rounding=ROUND_HALF_UP)
    if abs(rounded) >= MAX_MONEY:  # 999999999999.995 rounds up to 10^12
        raise ValueError(TOO_LARGE_MONEY)
    if abs(amount) >= PERSONAL_AMOUNT and mask_numbers(text) != text:  # 13812345678 as 工资性收入
        raise ValueError(PERSONAL_NUMBER_MONEY)
    # Zero has no sign: -0.0 (a float), "-0" or -0.001 were -0.00, written "-0.00" by Scorer.assess where
    # the batch path writes 0.00.
    return rounded if rounded else rounded.copy_abs()


_MONEY = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$")
#: An amount :func:`parse_money` reads as it is written: no sign but a plus, fewer than ten digits before the
#: point (below 10^9 元, from which a cell may be a person's number: never too large either) and at most two
#: after it (no rounding), nothing around it. The amount of such a text is its ``Decimal``, to the fen.
_PLAIN_AMOUNT = re.compile(r"\+?[0-9]{1,9}(?:\.[0-9]{0,2})?")
#: A whole number of 元 :func:`parse_money` reads as it is, either sign: below 10^9, as :data:`_PLAIN_AMOUNT`.
_PLAIN_WHOLE = 10**9
#: An amount whose commas group thousands: 8,700 or 1,234,567.50.
GROUPED_MONEY = re.compile(r"^[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?$")
NOT_MONEY = "not an amount of money; write digits with at most one decimal point"
#: A cell that is NaN as a program writes it (``NaN``, ``nan``, ``-nan``: pandas, numpy, a spreadsheet's export
#: of a value it could not compute), for Python's and polars' regular expressions alike: in an amount's (an
#: area's, a distance's) column refused with :data:`NAN_NUMBER`, where it had been told "not an amount of money;
#: write digits", which did not say that the cell holds no number at all.
NAN_TEXT = r"^[+-]?(?:nan|NaN|NAN|Nan)$"
_NAN_TEXT = re.compile(NAN_TEXT)
#: Why a :data:`NAN_TEXT` amount (area, distance) or count is refused.
NAN_NUMBER = (
    "not a number (NaN, as a program writes a missing or failed value): write the value in digits, or leave "
    "the cell empty if it is not known"
)
#: A cell that is an infinite number as a program writes it (``inf``, ``-inf``, ``Infinity``: Python, pandas, polars
#: or a Decimal written to a CSV, a division by zero), for Python's and polars' regular expressions alike: in an
#: amount's (area's, distance's) column refused with :data:`INFINITE_AMOUNT`, where it had been told "not an amount
#: of money; write digits".
INFINITE_TEXT = r"^[+-]?(?:inf|Inf|INF|infinity|Infinity|INFINITY)$"
_INFINITE_TEXT = re.compile(INFINITE_TEXT)
#: Why an :data:`INFINITE_TEXT` amount (area, distance) or count is refused.
INFINITE_AMOUNT = (
    "not a number (infinity, as a program writes a division by zero): write the value in digits, or leave the "
    "cell empty if it is not known"
)
#: An amount written with its unit or a currency sign (``5000元``, ``5000 元``, ``0.5万``, ``3千元``, ``￥5000``), for
#: Python's and polars' regular expressions alike: refused with :data:`UNIT_MONEY`, which says what to write (it
#: had been told "write digits", which a clerk reading ``0.5万`` could take for ``0.5``).
_NUMBER_WRITTEN = r"(?:[0-9][0-9,]*(?:\.[0-9]*)?|\.[0-9]+)"
_UNIT_SPACE = "[ \t\u00a0\u3000]*"
_MONEY_UNIT = "(?:元|块|万元|万|千元|千)"
UNIT_MONEY_PATTERN = (
    f"^(?:[￥¥]{_UNIT_SPACE}[+-]?{_NUMBER_WRITTEN}(?:{_UNIT_SPACE}{_MONEY_UNIT})?"
    f"|[+-]?{_NUMBER_WRITTEN}{_UNIT_SPACE}{_MONEY_UNIT})$"
)
UNIT_MONEY_WRITTEN = re.compile(UNIT_MONEY_PATTERN)
UNIT_MONEY = (
    "an amount written with its unit or sign (元, 万, ￥): write the number of 元 alone, e.g. 5000 for 5000元, "
    "and 5000 for 0.5万 (1万 is 10000 元)"
)
#: A space (or a no-break or an ideographic one, or a tab) between a number's digits or signs (``1 234``, ``8 700.50``:
#: thousands grouped by spaces, or a stray one), for Python's and polars' regular expressions alike.
SPACED_DIGITS_PATTERN = "[0-9.,][ \t\u00a0\u3000]+[0-9.,]"
SPACED_DIGITS = re.compile(SPACED_DIGITS_PATTERN)
SPACED_MONEY = "not an amount of money: a space stands between its digits (1 234); write the digits together, e.g. 1234"
#: A number written negative in a way the grammar does not read: a minus sign other than the hyphen-minus (U+2212,
#: the dashes, U+FE63: a word processor or a web page writes −500 so, and a copied cell keeps it) or in brackets, as
#: an accounting format shows a negative amount, (500). For Python's and polars' regular expressions alike.
ODD_SIGN_PATTERN = "^[ \t]*(?:[\u2212\u2012\u2013\u2014\ufe63][ \t]*[0-9.]|\\([ \t]*[0-9.][0-9.,]*[ \t]*\\)[ \t]*$)"
ODD_SIGN = re.compile(ODD_SIGN_PATTERN)
ODD_SIGN_MONEY = (
    "not an amount of money: written negative with a minus sign other than the hyphen-minus (−, as a word processor "
    "writes it) or in brackets (an accounting format's (500)); write -500 with the hyphen-minus, or 0 for none"
)
ODD_SIGN_NUMBER = (
    "not a number: written negative with a minus sign other than the hyphen-minus (−, as a word processor writes it) "
    "or in brackets (an accounting format's (5)); write -5 with the hyphen-minus, or 0 for none"
)
NOT_GROUPED = "not an amount of money: a comma only groups thousands (8,700.50); write a decimal point, e.g. 1.5"
#: An amount written with an exponent (8.7e3, 1.23457E+11): a spreadsheet shows a long number so, its
#: digits perhaps cut, so it is not read as an amount.
EXPONENT_MONEY = (
    "not an amount of money: written with an exponent, as a spreadsheet shows a long number whose digits it "
    "may have cut; write the amount as digits"
)
#: 10^12 元: far beyond any household, and safely inside 64-bit whole fen.
MAX_MONEY = Decimal(10) ** 12
#: 10^9 元: an amount from which a cell may be a person's number (a mobile number has eleven digits), and is
#: looked at as :func:`mask_numbers` looks at text.
PERSONAL_AMOUNT = Decimal(10) ** 9
#: The refusal of an amount written as a person's number (a mobile number, 13812345678): pasted into the
#: wrong column, it had been read as 13 812 345 678 元, and written in clear in the scored table's sentences.
PERSONAL_NUMBER_MONEY = (
    "a phone or ID number, not an amount of money (pasted into the wrong column?); write the amount in 元"
)
#: The refusal of an amount that is 10^12 元 or more once rounded to the fen.
TOO_LARGE_MONEY = "too large for an amount of money (at most 999999999999.99 元)"
#: The digits of the largest amount before its point (MAX_MONEY is 10^MONEY_DIGITS).
MONEY_DIGITS = 12
#: A number written with an exponent (``1e+16``, ``2.5E13``, ``1e-05``), as Python and JSON write a large or a
#: small float. The grammar has no exponent: one of 10^12 or more is refused as too large, one below a fen
#: (:data:`SMALL_EXPONENT`) is read as the same amount written out (``1e-05`` as ``0.00001``: 0.00 元), and
#: any other is not an amount (a spreadsheet shows 123456789012 as ``1.23457E+11``, its digits lost).
EXPONENT = re.compile(r"^[+-]?(?P<whole>[0-9]+)(?:\.(?P<fraction>[0-9]*))?[eE](?P<power>[+-]?[0-9]{1,4})$")
#: The largest power of ten (:func:`money_exponent`) of an amount written with an exponent that is read:
#: less than a fen (0.01 元) whatever its digits, so that it is its plain form rounded to the fen (0.00 元,
#: or 0.01 元 from 5e-3 on), as ``0.00001`` is, never digits a display has cut.
SMALL_EXPONENT = -3


def money_exponent(text: str) -> int | None:
    """The power of ten of a number written with an exponent (its first digit's place: 3 for 2.5e3), None
    for any other text and for zero (0e20).

    >>> money_exponent("1e+16"), money_exponent("25.5E13"), money_exponent("0.05e3"), money_exponent("0e20")
    (16, 14, 1, None)
    """
    match = EXPONENT.match(text)
    if match is None:
        return None
    whole, fraction = match["whole"].lstrip("0"), match["fraction"] or ""
    power = int(match["power"])
    if whole:
        return power + len(whole) - 1
    if fraction.strip("0"):
        return power - (len(fraction) - len(fraction.lstrip("0"))) - 1
    return None


def too_large_money(power: int) -> str:
    """The refusal of an amount written with an exponent, of 10^``power`` 元 or more: its size and the limit
    (the value itself is not repeated: the errors file shows the cell, masked where it could be a number
    that identifies a person)."""
    return f"too large for an amount of money: 10^{power} 元 or more (at most 999999999999.99 元)"


#: Why an area's or a distance's cell (:func:`~fanpin.model.vocabulary.parse_quantity`, read as money is) is
#: refused: money's reasons in a quantity's words (not 元), and a space inside the digits said as such, where
#: every one had been "not a number" (1234567890123, 1e2 and ``1 234`` told to write the digits they had).
NOT_NUMBER = "not a number; write digits with at most one decimal point"
SPACED_NUMBER = "not a number: a space stands between its digits (1 234); write the digits together, e.g. 1234"
NOT_GROUPED_NUMBER = "not a number: a comma only groups thousands (8,700.50); write a decimal point, e.g. 1.5"
EXPONENT_NUMBER = (
    "not a number: written with an exponent (1e2), as a spreadsheet shows a long number whose digits "
    "it may have cut; write the number as digits"
)
TOO_LARGE_QUANTITY = "too large for an area or a distance (at most 999999999999.99)"
PERSONAL_NUMBER_QUANTITY = (
    "a phone or ID number, not an area or a distance (pasted into the wrong column?); write the number"
)
_TOO_LARGE_POWER = re.compile(re.escape(too_large_money(0)).replace("10\\^0", r"10\^[0-9]+"))


def quantity_reason(money_reason: str) -> str:
    """The reason an area's or a distance's cell is refused, given :func:`parse_money`'s reason for it (an area
    is read as an amount is): the same reason in a quantity's words, with no 元.

    >>> quantity_reason(TOO_LARGE_MONEY), quantity_reason(SPACED_MONEY)[:34]
    ('too large for an area or a distance (at most 999999999999.99)', 'not a number: a space stands betwe')
    """
    if money_reason == TOO_LARGE_MONEY or _TOO_LARGE_POWER.fullmatch(money_reason):  # 1234567890123, 1e20
        return TOO_LARGE_QUANTITY
    return {
        NOT_MONEY: NOT_NUMBER,
        UNIT_MONEY: NOT_NUMBER,
        NOT_GROUPED: NOT_GROUPED_NUMBER,
        SPACED_MONEY: SPACED_NUMBER,
        ODD_SIGN_MONEY: ODD_SIGN_NUMBER,
        EXPONENT_MONEY: EXPONENT_NUMBER,
        PERSONAL_NUMBER_MONEY: PERSONAL_NUMBER_QUANTITY,
    }.get(money_reason, money_reason)  # full-width digits: said as for any number


def to_fen(amount: Decimal) -> int:
    """元 → whole fen (exact: amounts are already rounded to the fen)."""
    return int(amount * 100)


def written_out(value: object) -> str:
    """A value as the text its cell's parsers read: a finite ``Decimal`` written out in digits, whatever its
    exponent (``Decimal("20000.00").normalize()`` is ``2E+4``, which read as text is a number with an
    exponent, a spreadsheet's sign of cut digits: refused as a dict's value, or a pandas cell, where a
    polars Decimal column took it); one of 40 digits or more, or whose first digit is 40 places or more
    after the point, as it is (refused as too large, or as written with an exponent, without writing out
    a million digits first: ``1E-900000000`` took 20 GB); a float of 2^53 or more with its exponent
    (:data:`FLOAT_HELD`, :func:`float_written`: its last digit may not be the one given); any other value as its
    ``str``.

    >>> written_out(Decimal("20000.00").normalize()), written_out(Decimal("1E-5")), written_out(Decimal("1E+99"))
    ('20000', '0.00001', '1E+99')
    >>> written_out(Decimal("1E-900000000")), written_out(9007199254740993.0), written_out(5323281010000123.0)
    ('1E-900000000', '9.007199254740992e+15', '5323281010000123.0')
    """
    if isinstance(value, Decimal) and value.is_finite() and -40 < value.adjusted() < 40:
        return format(value, "f")
    if isinstance(value, float) and FLOAT_HELD <= abs(value) < math.inf:
        return float_written(value)
    return str(value)


#: The first whole number a float cannot hold to the unit (2^53): 9007199254740993.0 is 9007199254740992.0, and
#: a 户编号 or 人编号 of sixteen digits given so is another one. :func:`written_out` writes such a float with its
#: exponent (:func:`float_written`), so that it is refused as a number whose last digits are lost.
FLOAT_HELD = 2**53


def float_written(value: float) -> str:
    """A float of 2^53 or more (:data:`FLOAT_HELD`, either sign, finite) as fanpin writes one where a cell is read
    (:func:`written_out`; a polars or Parquet float column alike, :func:`~fanpin.io.readers.float_text`): its
    shortest digits (Python's and polars' text of it) with an exponent and at least fifteen places after the
    point (:data:`FLOAT_WRITTEN`), which no spreadsheet writes: a code so written is told it was a float
    (:data:`FLOAT_CODE`), not a number a spreadsheet showed in scientific notation (:data:`SCIENTIFIC_ID`).

    >>> float_written(9007199254740993.0), float_written(1e16), float_written(532328199001011234.0)
    ('9.007199254740992e+15', '1.000000000000000e+16', '5.3232819900101126e+17')
    >>> float_written(-1e100)
    '-1.000000000000000e+100'
    """
    text = float.__repr__(value)  # a float's own text, a subclass's too (numpy's repr is np.float64(1e+16))
    if "e" not in text:  # below 1e16: Python writes the whole number (every digit, as a float holds it there)
        return f"{value:.15e}"
    mantissa, _, power = text.partition("e")
    whole, _, places = mantissa.partition(".")
    return f"{whole}.{places.ljust(15, '0')}e{power}"


#: A number as :func:`float_written` writes a float of 2^53 or more, as polars' and Python's regular expressions
#: read it: an exponent after fifteen or sixteen places (Excel and WPS show at most a few, with a capital E).
FLOAT_WRITTEN = r"^-?[0-9]\.[0-9]{15,16}e[+][0-9]{2,3}$"
_FLOAT_WRITTEN = re.compile(FLOAT_WRITTEN)
#: Why a code (户编号, 人编号, an ID number) given as a float of 2^53 or more is refused (:func:`float_written`):
#: a float column of a DataFrame or a Parquet file, or a float in a dict. It had been told it was in scientific
#: notation as Excel shows a number, with Excel's fix, which was not what happened nor what mends it. (No number
#: in it: a message's long runs of digits are masked as a person's number would be.)
FLOAT_CODE = (
    "a float of 2^53 (about 9.007e15) or more, which does not hold every digit of a code: a float column's "
    "value (a DataFrame's or a Parquet file's) or a float given, its last digits may not be the ones meant, so "
    "what it stands for cannot be told; store the codes as text (a string column, not a float one) and give them "
    "again"
)


def is_float_written(text: str) -> bool:
    """Whether ``text`` (trimmed) is a float of 2^53 or more as :func:`float_written` writes it.

    >>> is_float_written("9.007199254740992e+15"), is_float_written("5.32328E+15"), is_float_written("1e+16")
    (True, False, False)
    """
    return "e" in text and _FLOAT_WRITTEN.match(text) is not None


def number_text(value: object) -> object:
    """A number given where a text or a code belongs, as the text a dict's value is read as on every other path
    (Scorer.score and Scorer.assess read it so, :func:`written_out`); any other value as it is. A float is its
    Python text: ``532328199001011234.0`` is ``5.3232819900101126e+17`` (:func:`float_written`), refused as a
    户编号 or an ID number given as a float (its last digits are lost: it had been read as
    ``532328199001011264``), ``12345.0`` is ``12345`` once Excel's ``.0`` is removed (:func:`excel_text`),
    ``-0.0`` is ``-0.0`` (refused as a code: a negative number).

    >>> number_text(532328199001011234.0), number_text(12345.0), number_text(-0.0), number_text(Decimal("2E+4"))
    ('5.3232819900101126e+17', '12345.0', '-0.0', '20000')
    """
    return written_out(value) if isinstance(value, Number) else value


@_full_width_named
def parse_int(value: object) -> int | None:
    """A whole number; ``'3.0'`` (as Excel writes it) is 3, ``'3.5'`` is an error."""
    if type(value) is str and _PLAIN_COUNT.fullmatch(value):  # most cells of a file: read as they are
        return int(value)
    if is_empty(value):
        return None
    if isinstance(value, bool):
        raise ValueError(NOT_WHOLE)
    if isinstance(value, int):
        # at most fifteen digits, as written in a cell (a larger number once passed the model and stopped
        # the batch engine, whose counts are 64-bit)
        if abs(value) >= 10**15:
            raise ValueError(TOO_LARGE_COUNT)
        if abs(value) >= 10**9 and mask_numbers(str(value)) != str(value):  # a person's number has 10 digits or more
            raise ValueError(PERSONAL_NUMBER_COUNT)
        return value
    text = written_out(value).strip()
    # "3", "3.0" (as Excel writes it) and "+3" are whole numbers; the batch path uses the same grammar.
    match = _INT.match(text)
    if not match or (match.group(2) or "").strip("0"):
        raise ValueError(TOO_LARGE_COUNT if LONG_WHOLE.match(text) else not_whole(text))
    if mask_numbers(text) != text:  # 13812345678 as 家庭人口数: a person's number where a count belongs
        raise ValueError(PERSONAL_NUMBER_COUNT)
    return int(match.group(1))


_INT = re.compile(r"^([+-]?[0-9]{1,15})(?:\.([0-9]*))?$")
#: A whole number :func:`parse_int` reads as it is written: digits alone, a plus before them at most, fewer than
#: ten of them (a person's number that :func:`mask_numbers` masks has ten or more), nothing around them.
_PLAIN_COUNT = re.compile(r"\+?[0-9]{1,9}")
#: A whole number of more than fifteen digits (``.0`` tails allowed, as Excel writes them).
LONG_WHOLE = re.compile(r"^[+-]?[0-9]{16,}(?:\.0*)?$")
#: The refusal of a count that is not a whole number (``2.5``, ``x``), with what to write.
NOT_WHOLE = "not a whole number; write a whole number such as 4"


def not_whole(text: str) -> str:
    """Why a count's ``text`` (trimmed), which is no whole number, is refused: :data:`NAN_NUMBER` or
    :data:`INFINITE_AMOUNT` where it is no number at all (``NaN``, ``inf``, ``-Infinity``; a float NaN or infinity;
    not a JSON Lines ``1e400``, which the reader gives as written, :func:`~fanpin.io.readers._json_float`), as an
    amount is told, else :data:`NOT_WHOLE`. The batch validator gives these reasons alike.

    >>> not_whole("inf") == INFINITE_AMOUNT, not_whole("NaN") == NAN_NUMBER, not_whole("2.5") == NOT_WHOLE
    (True, True, True)
    """
    if _NAN_TEXT.match(text):
        return NAN_NUMBER
    return INFINITE_AMOUNT if _INFINITE_TEXT.match(text) else NOT_WHOLE


#: The refusal of a whole number of more than fifteen digits.
TOO_LARGE_COUNT = "too large for a whole number here (at most 15 digits)"
#: The refusal of a count written as a person's number (a mobile or landline number, a first-generation ID
#: number: what :func:`mask_numbers` masks): pasted into the wrong column, it had been scored as a household of
#: 13 812 345 678 members (its cell masked as a phone number where the column was passed through).
PERSONAL_NUMBER_COUNT = (
    "a phone or ID number, not a count (pasted into the wrong column?); write the number of people or months"
)


class Month(str):
    """A calendar month written ``YYYYMM``; ``ordinal`` counts months, for differences."""

    @property
    def year(self) -> int:
        return int(self[:4])

    @property
    def month(self) -> int:
        return int(self[4:])

    @property
    def ordinal(self) -> int:
        return self.year * 12 + self.month - 1


#: Midnight after a day, as pandas, Excel and WPS write a date kept as a date and time (a CSV saved from a
#: sheet of Chinese Excel or WPS writes ``1980/8/17 0:00``): `` 0:00``, `` 00:00``, `` 00:00:00`` (a fraction of
#: zeros after it), or with ``T`` as ISO 8601 has it; and on a twelve-hour clock, as a format with AM/PM shows it
#: (`` 12:00 AM``, `` 12:00:00 AM``, `` 12:00 a.m.``, and in Chinese `` 12:00 上午`` or `` 上午12:00``), which had
#: been refused as a time of day. No group.
MIDNIGHT = (
    r"(?:[ T]0?0:00(?::00(?:\.0+)?)?"
    r"| (?:12:00(?::00(?:\.0+)?)? ?(?:[Aa]\.?[Mm]\.?|上午)|上午 ?12:00(?::00(?:\.0+)?)?))"
)
_MIDNIGHT = re.compile(f"^{MIDNIGHT}$")
#: A time of day after a day, midnight or not: hours and minutes (seconds, a fraction), after a space (or more)
#: or a ``T``, on a twelve-hour clock with 上午/下午 before it or AM/PM (上午/下午) after it, maybe then a time zone
#: (``9:30``, ``08:30:00``, ``T08:30``, ``8:00 PM``, ``上午9:00``, ``T08:00:00+08:00``). No group.
TIME_OF_DAY = (
    r"(?:\s+|T)(?:(?:上午|下午)\s*)?[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?"
    r"(?:\s*(?:[AaPp]\.?[Mm]\.?|上午|下午))?(?:Z|[+-][0-9]{2}(?::?[0-9]{2})?)?"
)

#: A month as the national system writes it, ``YYYYMM`` (``202304``, with a float's ``.0`` as a spreadsheet
#: saves one: ``202304.0``), or a day written as eight digits, ``YYYYMMDD``, as a date column reads it
#: (``20230415``, ``20230415.0``, or followed by :data:`MIDNIGHT`: ``20230415 00:00``), whose month it is.
#: Groups: the year, the month, the day (None in ``YYYYMM``). Six digits are always the month (``202304``
#: is no day), and five are no month (:data:`DAY_COUNT`).
MONTH_PATTERN = rf"^([0-9]{{4}})([0-9]{{2}})(?:([0-9]{{2}})(?:\.0+|{MIDNIGHT})?|\.0+)?$"
_MONTH = re.compile(MONTH_PATTERN)

#: A month or a day as a spreadsheet shows a date: ``2023-04``, ``2023/4``, ``2023年4月``, or with the day
#: (``2023-04-15``, ``2023/4/15``, ``2023年4月15日``, and ``2023.4.15`` as clerks write it), the day maybe
#: followed by :data:`MIDNIGHT` (``2023/4/15 0:00``). Groups: the year; the month and day after ``-`` or
#: ``/``; the month and day of the 年月日 form; the month and day after points. Points need the day:
#: ``2023.10`` saved as a number is ``2023.1``, a month no one can tell.
WRITTEN_DATE = (
    rf"^([0-9]{{4}})(?:[-/]([0-9]{{1,2}})(?:[-/]([0-9]{{1,2}})(?:{MIDNIGHT})?)?"
    rf"|年([0-9]{{1,2}})月(?:([0-9]{{1,2}})日(?:{MIDNIGHT})?)?|\.([0-9]{{1,2}})\.([0-9]{{1,2}})(?:{MIDNIGHT})?)$"
)
_WRITTEN_DATE = re.compile(WRITTEN_DATE)


def _written_date(text: str) -> tuple[int, int, int | None] | None:
    """(year, month, day or None) of a date written as :data:`WRITTEN_DATE` reads it, else None."""
    match = _WRITTEN_DATE.match(text)
    if match is None:
        return None
    day = match.group(3) or match.group(5) or match.group(7)
    month = match.group(2) or match.group(4) or match.group(6)
    return int(match.group(1)), int(month), None if day is None else int(day)


def _is_day(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


@_full_width_named
def parse_month(value: object) -> Month | None:
    """``'202304'`` or ``'202304.0'`` → Month('202304'); also a day of eight digits as a date column reads
    it (:data:`MONTH_PATTERN`: ``20230415``, ``20230415 00:00``), and a month or a day as a spreadsheet shows a
    date (:data:`WRITTEN_DATE`: ``2023-04``, ``2023/4/15``, ``2023年4月``; an .xlsx date cell reads as
    ``2023-04-01``), whose month it is. The day, when there is one, must be a day of the calendar.

    >>> parse_month("202304"), parse_month("20230415"), parse_month("20230415.0"), parse_month("2023/4/15 0:00")
    ('202304', '202304', '202304', '202304')
    """
    if is_empty(value):
        return None
    if isinstance(value, datetime):  # its date's month, as Scorer reads a datetime (its time had been refused)
        value = value.date()
    text = str(value).strip()
    match = _MONTH.match(text)
    day = None if match is None or match.group(3) is None else int(match.group(3))
    parts = (int(match.group(1)), int(match.group(2)), day) if match else _written_date(text)
    if parts is None and (reason := month_time_reason(text)) is not None:
        raise ValueError(reason)
    if parts is None and (count := month_day_count(text)) is not None:  # 45123: Excel's count of days
        raise ValueError(number_for_month(count))
    if parts is None and (reason := day_month_month_reason(text)) is not None:
        raise ValueError(reason)
    if parts is None:
        raise ValueError("not a month; write YYYYMM, e.g. 202304")
    year, month, day = parts
    if year < 1900:
        raise ValueError("not a month; write YYYYMM, e.g. 202304")
    if not 1 <= month <= 12 or (day is not None and not _is_day(year, month, day)):
        raise ValueError(NO_SUCH_MONTH)
    return Month(f"{year:04d}{month:02d}")


#: A date as written in a date column: YYYY-MM-DD or YYYYMMDD (a float's .0 after it, as a spreadsheet
#: saves one), or followed by :data:`MIDNIGHT` (2026-03-31 00:00:00, 2026-03-31T00:00: how pandas and a
#: spreadsheet write a date kept as a date and time).
DATE_PATTERN = rf"^([0-9]{{4}})-?([0-9]{{2}})-?([0-9]{{2}})(?:\.0+|{MIDNIGHT})?$"
_DATE = re.compile(DATE_PATTERN)
#: A day as :data:`WRITTEN_DATE` reads one, followed by a time of day (:data:`TIME_OF_DAY`): where the time
#: is not midnight (which that pattern accepts), refused in a date column (:data:`DATE_WITH_TIME_DAY`) and a
#: month column (:data:`MONTH_AND_TIME`).
WRITTEN_AND_TIME = (
    r"^(?:[0-9]{4}[-/][0-9]{1,2}[-/][0-9]{1,2}|[0-9]{4}\.[0-9]{1,2}\.[0-9]{1,2}"
    rf"|[0-9]{{4}}年[0-9]{{1,2}}月[0-9]{{1,2}}日){TIME_OF_DAY}$"
)
#: A day in any of the spellings a month column reads (eight digits, :data:`MONTH_PATTERN`; :data:`WRITTEN_DATE`
#: with its day) followed by a time of day: where the time is not midnight (which those patterns accept),
#: refused in a month column with :data:`MONTH_WITH_TIME`.
MONTH_AND_TIME = rf"^[0-9]{{8}}{TIME_OF_DAY}$|{WRITTEN_AND_TIME}"
_MONTH_AND_TIME = re.compile(MONTH_AND_TIME)
#: The refusal of a month column's day with a time of day (a date column's names the day: :data:`DATE_WITH_TIME_DAY`).
MONTH_WITH_TIME = "a date with a time of day: a month column holds the month alone; write YYYYMM, e.g. 202304"
#: The refusal of a month column's day or month followed by a time of day (``20250630 08:00``, ``2025-06-30 08:00``,
#: ``202506 08:00``, ``2025-06 08:00``), naming the month (``{month}``, YYYYMM), as a date column's
#: :data:`DATE_WITH_TIME_DAY` names the day: :func:`month_time_reason`.
MONTH_WITH_TIME_MONTH = (
    "a date or month with a time of day: a month column holds the month alone, and the time is not read; write {month}"
)
#: A month column's text (no space in it) followed by a time of day. Groups: the text before the time, the time.
_MONTH_THEN_TIME = re.compile(rf"^(\S+?)({TIME_OF_DAY})$")


def month_time_reason(text: str) -> str | None:
    """Why a month column's ``text`` (trimmed), which is no month as written, is refused where a time of day
    (:data:`TIME_OF_DAY`: ``08:00``, ``8:00 PM``, ``上午9:00``, a time zone after it) follows a day or a month that
    column reads (midnight too: a month has none): :data:`MONTH_WITH_TIME_MONTH`, naming the month. A day written
    day or month first (``30/06/2025 08:00``) is told so where the month can be told (which is the day and which
    the month, as a date column's day is); where it cannot (``05/06/2025 08:00``: May or June), or neither reading
    is a day, the day's own refusal (:func:`day_month_month_reason`), and at midnight that refusal alone.
    :data:`MONTH_WITH_TIME` where a day in :data:`MONTH_AND_TIME`'s spellings is none of the calendar
    (``20250230 08:30``); None otherwise. The model's :func:`parse_month` and the batch validator give these
    reasons alike.

    >>> month_time_reason("2025-06 08:00")[-6:], month_time_reason("20250630 8:00 PM")[-6:], month_time_reason("x 8:00")
    ('202506', '202506', None)
    >>> month_time_reason("30/06/2025 08:00")[-6:], month_time_reason("05/06/2025 08:00") == DAY_MONTH_AMBIGUOUS_MONTH
    ('202506', True)
    """
    match = _MONTH_THEN_TIME.match(text)
    if match is not None:
        try:
            month = parse_month(match[1])
        except ValueError:
            month = None
        if month is not None:
            return MONTH_WITH_TIME_MONTH.format(month=month)
        # A day written day or month first, as a date column tells it (_date_time_reason): the month where the
        # day can be told, else the day's own refusal (which is the day cannot be told, or none is a day). Its
        # midnight is the day's own spelling, whose refusal day_month_month_reason gives.
        told = None if _MIDNIGHT.match(match[2]) else day_month_month_reason(match[1])
        if told is not None:
            day = day_month_meant(match[1])
            return told if day is None else MONTH_WITH_TIME_MONTH.format(month=f"{day.year:04d}{day.month:02d}")
    return MONTH_WITH_TIME if _MONTH_AND_TIME.match(text) else None


#: A whole number of five digits (``29425``, ``29425.0``): in a date or a month column, the count of days Excel
#: keeps a date as, which it shows when the column is not formatted as a date (five digits are 1927-05-18 to
#: 2173-10-13). Not read as that date: the count starts in 1900 or in 1904 as the workbook says, which a CSV
#: no longer does. Four digits are more likely a year written alone, and a month column's five digits that are
#: below 1970 (:data:`FIRST_MONTH_DAY`: ``20234`` is 2023-04 without its zero) such a month: both are refused as
#: not a date or month.
DAY_COUNT = re.compile(r"^[0-9]{5}(?:\.0+)?$")
#: The refusal of a :data:`DAY_COUNT` where a date belongs, which says how to mend the file.
NUMBER_FOR_DATE = (
    "a number where a date belongs: Excel shows a date as its count of days when the column is not formatted "
    "as a date; format the column as a date (YYYY-MM-DD) and save the file again"
)
#: The refusal of a :data:`DAY_COUNT` where a month belongs (:func:`number_for_month`, ``{count}``, ``{day}`` and
#: ``{month}`` filled in): :data:`NUMBER_FOR_DATE`'s explanation, and the month the count is (from 1900, as Excel
#: counts by default).
NUMBER_FOR_MONTH = (
    "a number where a month belongs: Excel shows a date as its count of days when the column is not formatted "
    "as a date; counted from 1900, as Excel does, {count} is {day}: write {month}, or format the column as a "
    "date and save the file again"
)
#: :data:`NUMBER_FOR_MONTH` of a workbook that counts its days from 1904 (Excel's 1904 date system, which a
#: workbook made on an old Mac keeps, and which Excel offers under 使用 1904 日期系统): its day 45123 is
#: 2027-07-17, where the usual count's is 2023-07-16 (:func:`counted_from_1904`).
NUMBER_FOR_MONTH_1904 = (
    "a number where a month belongs: Excel shows a date as its count of days when the column is not formatted "
    "as a date; counted from 1904, as this workbook does, {count} is {day}: write {month}, or format the column as "
    "a date and save the file again"
)
#: The first of Excel's days (:data:`DAY_COUNT`) a month cell is told it is: 25569, 1970-01-01. Five digits below
#: it are more likely a month written without its zero (``20234``: 2023-04) or a month number as the engines
#: count months (year × 12 + month − 1: ``24240`` is 2020-01), and no month of monitoring is so early: refused
#: as not a month.
FIRST_MONTH_DAY = 25569
#: The day before Excel's day 1 (1900-01-01) of its usual count, for the days from 1900-03-01 on (day 61: the
#: count has a 1900-02-29, which no calendar has).
EXCEL_EPOCH = date(1899, 12, 30)


def month_day_count(text: str) -> int | None:
    """The count of Excel's days a month cell (trimmed) is (five digits, from :data:`FIRST_MONTH_DAY`), or None.

    >>> month_day_count("45123"), month_day_count("45123.0"), month_day_count("20234"), month_day_count("202304")
    (45123, 45123, None, None)
    """
    if DAY_COUNT.match(text) is None:
        return None
    count = int(text.partition(".")[0])
    return count if count >= FIRST_MONTH_DAY else None


#: Day 0 of Excel's 1904 date system: its day 1 is 1904-01-02.
EXCEL_EPOCH_1904 = date(1904, 1, 1)


def excel_day(count: int, *, date_1904: bool = False) -> date:
    """The day that Excel's day ``count`` (from 61 on) is, counted from 1900 as Excel does by default, or from
    1904 in a workbook of the 1904 date system (``date_1904``).

    >>> excel_day(45123), excel_day(45123, date_1904=True)
    (datetime.date(2023, 7, 16), datetime.date(2027, 7, 17))
    """
    return (EXCEL_EPOCH_1904 if date_1904 else EXCEL_EPOCH) + timedelta(days=count)


def number_for_month(count: int, *, date_1904: bool = False) -> str:
    """The refusal of Excel's day ``count`` (five digits, :data:`DAY_COUNT`) in a month column, naming the day
    and the month it is (:data:`NUMBER_FOR_MONTH`; :data:`NUMBER_FOR_MONTH_1904` in a workbook that counts from
    1904, ``date_1904``).

    >>> number_for_month(45123).split("; ")[1].split(":")[0]
    'counted from 1900, as Excel does, 45123 is 2023-07-16'
    >>> number_for_month(45123, date_1904=True).split("; ")[1].split(":")[0]
    'counted from 1904, as this workbook does, 45123 is 2027-07-17'
    """
    day = excel_day(count, date_1904=date_1904)
    template = NUMBER_FOR_MONTH_1904 if date_1904 else NUMBER_FOR_MONTH
    return template.format(count=count, day=day.isoformat(), month=f"{day.year:04d}{day.month:02d}")


#: :data:`NUMBER_FOR_MONTH` as the engines write it, its count a group.
_NUMBER_FOR_MONTH = re.compile(
    re.escape(NUMBER_FOR_MONTH)
    .replace(re.escape("{count}"), "([0-9]+)")
    .replace(re.escape("{day}"), "[0-9-]+")
    .replace(re.escape("{month}"), "[0-9]+")
)


def counted_from_1904(reason: str) -> str:
    """A refusal of a month column (a reason of the errors file) as it is said of a workbook that counts its days
    from 1904: :func:`number_for_month`'s, which the engines make counted from 1900 (they read the cells' text,
    which does not say how its workbook counts), made again from its count; any other reason as it is.

    >>> counted_from_1904(number_for_month(45123)) == number_for_month(45123, date_1904=True)
    True
    >>> counted_from_1904("not a month; write YYYYMM, e.g. 202304")
    'not a month; write YYYYMM, e.g. 202304'
    """
    return _NUMBER_FOR_MONTH.sub(lambda found: number_for_month(int(found[1]), date_1904=True), reason)


#: The refusal of a date written as one whose day no calendar has (2025-02-30, 2025-13-01, 0000-01-01): it
#: had been told only to write YYYY-MM-DD, which it was.
NO_SUCH_DAY = (
    "no such day in the calendar: check the month (1 to 12) and the day (a month has 28 to 31); write "
    "YYYY-MM-DD, e.g. 2026-03-31"
)
#: The refusal of a month written as one (202513, 2025-02-30) that the calendar has not (a day with it must
#: be a day of it).
NO_SUCH_MONTH = (
    "no such month in the calendar, or its day is none: check the month (1 to 12) and the day; write YYYYMM, "
    "e.g. 202304"
)


#: A day written with its day and month before a four-digit year, as a day-first or month-first spreadsheet
#: shows one (``30/6/2025``, ``6/30/2025``, ``30.06.2025``, ``30-06-2025``; one separator throughout, maybe
#: followed by :data:`MIDNIGHT`). Never read as a date: which number is the day is the clerk's to say
#: (:func:`day_month_reason`). Groups: the first two numbers after ``/``, after points, after ``-``; the year.
DAY_MONTH_PATTERN = (
    r"^(?:([0-9]{1,2})/([0-9]{1,2})/|([0-9]{1,2})\.([0-9]{1,2})\.|([0-9]{1,2})-([0-9]{1,2})-)([0-9]{4})"
    rf"(?:{MIDNIGHT})?$"
)
_DAY_MONTH = re.compile(DAY_MONTH_PATTERN)
#: The refusal of a :data:`DAY_MONTH_PATTERN` whose day can be told from its month (one number above 12, the
#: other a month; or both the same), naming the day meant (``{day}``, YYYY-MM-DD): it is still refused, so
#: that no day is read by a guess.
DAY_MONTH_TOLD = "not a date written YYYY-MM-DD: write {day}"
#: The refusal of a :data:`DAY_MONTH_PATTERN` whose two numbers could each be the month (``05/06/2025``).
DAY_MONTH_AMBIGUOUS = (
    "not a date written YYYY-MM-DD, and whether the day or the month is written first cannot be told: "
    "write YYYY-MM-DD, e.g. 2026-03-31"
)


#: :data:`DAY_MONTH_TOLD` in a month column, naming the month meant (``{month}``, YYYYMM).
DAY_MONTH_TOLD_MONTH = "not a month written YYYYMM: write {month}"
#: :data:`DAY_MONTH_AMBIGUOUS` in a month column.
DAY_MONTH_AMBIGUOUS_MONTH = (
    "not a month written YYYYMM, and whether the day or the month is written first cannot be told: "
    "write YYYYMM, e.g. 202304"
)


#: A month written alone before a four-digit year, as a form or a spreadsheet may show it (``6/2025``, ``06/2025``,
#: ``06-2025``, ``06.2025``): in a month column, never read as that month (a day written so would be read as a
#: month too), but told the month it is (:func:`day_month_month_reason`). Groups: the month, the year.
MONTH_YEAR_PATTERN = r"^([0-9]{1,2})[/.-]([0-9]{4})$"
_MONTH_YEAR = re.compile(MONTH_YEAR_PATTERN)


def _day_month_days(text: str) -> tuple[int, set[date]] | None:
    """The year of a :data:`DAY_MONTH_PATTERN` text and the days it is, read day first and month first (those
    of the calendar: none, one, or two), or None when the text is not so written."""
    match = _DAY_MONTH.match(text)
    if match is None:
        return None
    first, second = (int(n) for n in match.groups()[:6] if n is not None)
    year = int(match.group(7))
    return year, {date(year, m, d) for m, d in ((second, first), (first, second)) if _is_day(year, m, d)}


def day_month_meant(text: str) -> date | None:
    """The day a ``text`` (trimmed) written day or month first (:data:`DAY_MONTH_PATTERN`) is, when it can be told
    (the day :func:`day_month_reason` names); None when it cannot, or the text is not so written.

    >>> day_month_meant("30/6/2025"), day_month_meant("05/06/2025"), day_month_meant("31/6/2025")
    (datetime.date(2025, 6, 30), None, None)
    """
    read = _day_month_days(text)
    return next(iter(read[1])) if read is not None and len(read[1]) == 1 else None


def day_month_reason(text: str) -> str | None:
    """Why a date column's ``text`` (trimmed) written day or month first (:data:`DAY_MONTH_PATTERN`) is
    refused: :data:`DAY_MONTH_TOLD` naming the day when one reading only (day first, or month first) is a
    day of the calendar, or both are the same day; :data:`DAY_MONTH_AMBIGUOUS` when both are and differ;
    :data:`NO_SUCH_DAY` when neither is. None when the text is not so written.

    >>> day_month_reason("30/6/2025"), day_month_reason("6/30/2025"), day_month_reason("30.06.2025 00:00")
    ('not a date written YYYY-MM-DD: write 2025-06-30', 'not a date written YYYY-MM-DD: write 2025-06-30', \
'not a date written YYYY-MM-DD: write 2025-06-30')
    >>> day_month_reason("05/06/2025") == DAY_MONTH_AMBIGUOUS, day_month_reason("31/6/2025") == NO_SUCH_DAY
    (True, True)
    >>> day_month_reason("2025/6/30") is None
    True
    """
    read = _day_month_days(text)
    if read is None:
        return None
    _, days = read
    if not days:
        return NO_SUCH_DAY
    if len(days) > 1:
        return DAY_MONTH_AMBIGUOUS
    return DAY_MONTH_TOLD.format(day=days.pop().isoformat())


def day_month_month_reason(text: str) -> str | None:
    """:func:`day_month_reason` of a month column: :data:`DAY_MONTH_TOLD_MONTH` naming the month,
    :data:`DAY_MONTH_AMBIGUOUS_MONTH`, or :data:`NO_SUCH_MONTH`; the same of a month written alone before its
    year (:data:`MONTH_YEAR_PATTERN`: ``6/2025``, naming it, or :data:`NO_SUCH_MONTH`, ``13/2025``). None when
    the text is not so written, or its year is before 1900 (no month is read from so early: "not a month", as
    ``189912`` is).

    >>> day_month_month_reason("30/6/2025"), day_month_month_reason("05/06/2025") == DAY_MONTH_AMBIGUOUS_MONTH
    ('not a month written YYYYMM: write 202506', True)
    >>> day_month_month_reason("6/2025"), day_month_month_reason("13/2025") == NO_SUCH_MONTH
    ('not a month written YYYYMM: write 202506', True)
    """
    alone = _MONTH_YEAR.match(text)
    if alone is not None:
        month, year = int(alone[1]), int(alone[2])
        if year < 1900:
            return None
        return DAY_MONTH_TOLD_MONTH.format(month=f"{year:04d}{month:02d}") if 1 <= month <= 12 else NO_SUCH_MONTH
    read = _day_month_days(text)
    if read is None or read[0] < 1900:
        return None
    days = read[1]
    if not days:
        return NO_SUCH_MONTH
    if len(days) > 1:
        return DAY_MONTH_AMBIGUOUS_MONTH
    day = days.pop()
    return DAY_MONTH_TOLD_MONTH.format(month=f"{day.year:04d}{day.month:02d}")


#: The refusal of a date column's day followed by a time of day (:data:`_DAY_AND_TIME`: ``2025-06-30 08:00``,
#: ``2025/6/30 8:00:00``, ``30/6/2025 08:00``, ``2025-06-30 8:00 PM``, ``2025-06-30T08:00:00+08:00``), naming the
#: day (``{day}``, YYYY-MM-DD). It had been told by its spelling either "a date with a time of day …, e.g.
#: 2026-03-31" (which named no day) or "not a date" (a day written day first, a time with AM/PM or a time zone).
DATE_WITH_TIME_DAY = (
    "a date with a time of day: a date column holds the day alone, and the time is not read; write the day only, {day}"
)
#: A day (any text without a space) followed by a time of day (:data:`TIME_OF_DAY`). Groups: the day, and the time.
_DAY_AND_TIME = re.compile(rf"^(\S+?)({TIME_OF_DAY})$")
#: The refusal of a month written in a date column (``6/2025``, ``06-2025``: :data:`MONTH_YEAR_PATTERN`; year
#: first, ``2025-06``, ``2025年6月``, ``202506``), naming it (``{month}``, YYYY-MM): a month is no day. It had been
#: told "not a date", where a month column tells the same cell the month to write.
MONTH_FOR_DATE = (
    "a month, not a day: a date column holds a day; write YYYY-MM-DD with the day of {month}, e.g. {month}-01"
)
_YEAR_MONTH = re.compile(r"^([0-9]{4})([0-9]{2})$")


def _month_for_date(text: str) -> str | None:
    """:data:`MONTH_FOR_DATE` of a date column's ``text`` that is a month of the calendar from 1900 on, written
    alone (month first before its year, or year first), else None."""
    alone = _MONTH_YEAR.match(text)
    if alone is not None:
        year, month = int(alone[2]), int(alone[1])
    else:
        six = _YEAR_MONTH.match(text)
        written = (int(six[1]), int(six[2]), None) if six else _written_date(text)
        if written is None or written[2] is not None:
            return None
        year, month = written[0], written[1]
    if year < 1900 or not 1 <= month <= 12:
        return None
    return MONTH_FOR_DATE.format(month=f"{year:04d}-{month:02d}")


def _date_time_reason(text: str) -> str | None:
    """:data:`DATE_WITH_TIME_DAY` of a date column's ``text`` that is a day followed by a time of day other than
    midnight (which the date's own spellings take), naming the day; the day's own refusal where it is no day of
    the calendar (:data:`NO_SUCH_DAY`) or its day and month cannot be told apart (:data:`DAY_MONTH_AMBIGUOUS`);
    None when the text is not so written, or what stands before the time is no date at all."""
    match = _DAY_AND_TIME.match(text)
    if match is None or _MIDNIGHT.match(match[2]):
        return None
    day_text = match[1]
    day = day_month_meant(day_text)
    if day is None:
        try:
            day = _parse_date(day_text)
        except ValueError as refused:
            told = str(refused)
            return told if told in (NO_SUCH_DAY, DAY_MONTH_AMBIGUOUS) else None
    return None if day is None else DATE_WITH_TIME_DAY.format(day=day.isoformat())


def date_told(text: str) -> str | None:
    """Why a date column's ``text`` (trimmed), which is no date as written, is refused, where its spelling says
    more than "not a date": a day with a time of day (:data:`DATE_WITH_TIME_DAY`, naming the day), a day written
    day or month first (:func:`day_month_reason`), a month written alone (:data:`MONTH_FOR_DATE`). None otherwise.
    The model's :func:`parse_date` and the batch validator give these reasons alike.

    >>> date_told("2025-06-30 08:00"), date_told("30/6/2025 8:00:00")[-10:], date_told("6/2025")
    ('a date with a time of day: a date column holds the day alone, and the time is not read; write the day \
only, 2025-06-30', '2025-06-30', 'a month, not a day: a date column holds a day; write YYYY-MM-DD with the day of \
2025-06, e.g. 2025-06-01')
    >>> date_told("30/6/2025")
    'not a date written YYYY-MM-DD: write 2025-06-30'
    """
    return _date_time_reason(text) or day_month_reason(text) or _month_for_date(text)


@_full_width_named
def parse_date(value: object) -> date | None:
    """``'2026-03-31'`` or ``'20260331'`` → date; also as a spreadsheet shows one (:data:`WRITTEN_DATE`
    with its day: ``2026/3/31``, ``2026年3月31日``, ``2026.3.31``). An Excel day count (:data:`DAY_COUNT`)
    is refused with :data:`NUMBER_FOR_DATE`."""
    if is_empty(value):
        return None
    if isinstance(value, datetime):  # its date, as Scorer reads a datetime (pydantic refused one with a time)
        return value.date()
    if isinstance(value, date):
        return value
    return _parse_date(str(value).strip())


def _parse_date(text: str) -> date:
    """:func:`parse_date` of a trimmed text that is not empty."""
    match = _DATE.match(text.replace("/", "-"))
    parts = (int(match.group(1)), int(match.group(2)), int(match.group(3))) if match else _written_date(text)
    if parts is None and DAY_COUNT.match(text):
        raise ValueError(NUMBER_FOR_DATE)
    if (parts is None or parts[2] is None) and (reason := date_told(text)) is not None:
        raise ValueError(reason)
    if parts is None or parts[2] is None:
        raise ValueError(NOT_A_DATE)
    if not _is_day(parts[0], parts[1], parts[2]):
        raise ValueError(NO_SUCH_DAY)
    return date(parts[0], parts[1], parts[2])


#: The refusal of a date column's text that is no date, and whose spelling tells nothing more.
NOT_A_DATE = "not a date; write YYYY-MM-DD, e.g. 2026-03-31"


class Pii:
    """A personal value (ID number, name): masked in ``str``, ``repr``, dumps and errors.

    ``reveal()`` is the only way to the clear text, so that leaking it takes a visible act.
    """

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    @property
    def masked(self) -> str:
        return mask(self._value)

    def __str__(self) -> str:
        return self.masked

    def __repr__(self) -> str:
        return f"Pii({self.masked!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Pii) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


#: pandas' missing values other than NaN (``pd.NA``, ``pd.NaT``, in the dicts of ``DataFrame.to_dict``), told by
#: their types' names: an unknown cell, as in a DataFrame (``NaT`` is a datetime, and failed inside pydantic's date
#: parsing with a bare TypeError).
PANDAS_MISSING = frozenset({"NAType", "NaTType"})
#: The kinds of one cell's value a host's record may give (:func:`is_cell_value`): text, a number, a date (a
#: datetime, pandas' ``Timestamp``), yes/no (a bool is an int), and a personal value as the models hold it.
_CELL_KINDS = (str, int, float, Decimal, date, Pii)


def is_cell_value(value: object) -> bool:
    """Whether ``value`` is one cell's value of a kind fanpin reads: None, text, a number, a date, yes/no, a
    :class:`Pii`, an enum member of one (the models' vocabularies), numpy's scalars (``np.int64``,
    ``np.datetime64`` …) and pandas' missing values. Another object (``object()``, a ``uuid.UUID``, a class of the
    host's own) is not: its Python text (``<object object at 0x…>``) had been read as the value.

    >>> is_cell_value("H1"), is_cell_value(7500), is_cell_value(None), is_cell_value(object())
    (True, True, True, False)
    """
    if value is None or isinstance(value, _CELL_KINDS):
        return True
    if isinstance(value, Enum):
        return is_cell_value(value.value)
    kind = type(value)
    return (kind.__module__ == "numpy" and kind.__name__ != "ndarray") or kind.__name__ in PANDAS_MISSING


def a_kind(value: object) -> str:
    """``value``'s type named with its article, as a message names it: ``a list``, ``an object``, ``a UUID``
    (a name whose first letter is a vowel, u but for its sound, takes ``an``; ``a object`` had been written).

    >>> a_kind([]), a_kind(object()), a_kind(1), a_kind(b"")
    ('a list', 'an object', 'an int', 'a bytes')
    """
    name = type(value).__name__
    return f"{'an' if name[:1].lower() in ('a', 'e', 'i', 'o') else 'a'} {name}"


def not_a_value(value: object) -> str:
    """Why the models refuse a value of no kind :func:`is_cell_value` takes: its type, never its content."""
    return f"not a value but {a_kind(value)}; give its text (str(value)), a number or a date"


#: Text not yet decoded (``bytes``, ``bytearray``, ``memoryview``: read from a socket, a file opened in binary,
#: a database driver's binary column). pydantic's lax mode had decoded ``bytes`` as UTF-8 in some columns only
#: (户编号, 行政区划代码, 贷款用途), so ``Household.model_validate`` took a record ``Scorer`` refused, and a
#: ``bytearray`` or ``memoryview`` had been scored as its Python text (the household ``bytearray(b'H1')``).
BINARY = (bytes, bytearray, memoryview)
#: What to do with such a value: fanpin cannot know the encoding it was written in (UTF-8, GBK …).
DECODE_BINARY = "decode it to str first (value.decode('utf-8'), or the encoding it was written in)"
#: Why the models refuse it, in every column.
NOT_DECODED = f"not text but bytes; {DECODE_BINARY}"
#: The types of a value that is no one cell's value (a list, a set, a dict, bytes): written out as its Python
#: text (``['5323…']``, ``[]``) it had been read as a value.
NOT_ONE_VALUE = (list, tuple, set, frozenset, Mapping, *BINARY)


def not_one_value_in(items: Iterable[object]) -> object | None:
    """The first of a listed cell's ``items`` that is no one value (a list, a dict, bytes, a numpy array: its
    Python text had been taken for a measure or a label), or None.

    >>> not_one_value_in(["产业帮扶", "就业帮扶"]), not_one_value_in(["产业帮扶", ["就业帮扶"]])
    (None, ['就业帮扶'])
    """
    return next((v for v in items if isinstance(array_as_list(v), NOT_ONE_VALUE)), None)


def array_as_list(value: object) -> object:
    """A numpy array as the list it holds, any other value as it is: pandas gives a list column's cells so
    (``DataFrame.to_pandas()``, ``pandas.read_parquet`` of a frame of Household dumps), and its text (``[]``,
    ``['产业帮扶' '就业帮扶']``) had been read as one measure. Told by its type, without importing numpy.

    >>> array_as_list("产业帮扶"), array_as_list(["产业帮扶"])
    ('产业帮扶', ['产业帮扶'])
    """
    kind = type(value)
    if kind.__name__ == "ndarray" and kind.__module__ == "numpy":
        return value.tolist()  # type: ignore[attr-defined]
    return value


#: Why a float NaN is refused in a text column (a name, a code, 贷款用途 …), as every other column refuses it
#: (a number: not an amount …). In a dict it is pandas' mark of a missing cell (``DataFrame.to_dict``), or a
#: computation gone wrong: its text, ``nan``, had been read as a name or a 户编号.
NOT_TEXT = "not a text but a float NaN; give the text, or None if unknown"
#: Why a yes/no value (``True``, ``False``: a bool, numpy's, a polars or pandas Boolean column) is refused in a
#: text column (a code, a name, an ID number, 贷款用途, the measures in place), as an amount or a count refuses
#: it: it is no text, and a dict's had been read as ``True`` where a frame's Boolean column was ``true``, two
#: households for one value.
NOT_TEXT_BOOL = "not a text but a yes/no value (true/false); give the column's text, or None if unknown"


def is_yes_no_value(value: object) -> bool:
    """Whether ``value`` is a yes/no value a host gives (a bool, numpy's ``bool_``), not a text or a number.

    >>> is_yes_no_value(True), is_yes_no_value(1), is_yes_no_value("true")
    (True, False, False)
    """
    kind = type(value)
    return kind is bool or (kind.__module__ == "numpy" and kind.__name__ in ("bool", "bool_"))


def yes_no_text(value: object) -> str:
    """A yes/no value (:func:`is_yes_no_value`) as a cell's text: ``true`` or ``false``, as a polars or pandas
    Boolean column, a Parquet file and a JSON Lines file give it, whatever path a host gives it by.

    >>> yes_no_text(True), yes_no_text(False)
    ('true', 'false')
    """
    return "true" if value else "false"


def is_nan(value: object) -> bool:
    """Whether ``value`` is a float NaN (pandas' missing cell in an object column, a computation gone wrong)."""
    return isinstance(value, float) and value != value


#: A text holding half of a UTF-16 pair (``"\\ud800"``: bytes decoded with ``errors="surrogateescape"``, a JSON
#: ``\\u`` escape): it has no UTF-8 form, and had been accepted by the models, then stopped polars with a bare
#: ``UnicodeEncodeError`` and durable-rules with "pyAssertFact Invalid argument". Its code point is not named:
#: the text around it may be anyone's.
HALF_PAIR = (
    "holds half of a UTF-16 pair, not a character (text decoded wrongly?); decode it as the UTF-8 or GBK it was "
    "written in, or give the character itself"
)
_HALF_PAIR = re.compile("[\ud800-\udfff]")


def without_half_pairs(text: str) -> str:
    """``text`` with each half of a UTF-16 pair (:data:`HALF_PAIR`) replaced by U+FFFD, the character that
    stands for one that could not be read: an error that shows the text can be written as UTF-8 and JSON."""
    return _HALF_PAIR.sub("\ufffd", text)


#: The digits from which a number's plain form is said in words in a message: a run of ten digits or more
#: may be taken for a phone or ID number and masked there (1e17 shown as 1000**********0000).
LONG_DIGITS = 10


def plain_number(value: Decimal) -> str | None:
    """A number written without an exponent, as a message may show it: its digits (``1000``, ``0.00005``), or
    in words when they would be ten or more (``1 followed by 17 zeros``); None for a long number with a
    fraction (``2e-15``), which a message says without it.

    >>> plain_number(Decimal("1e3")), plain_number(Decimal("1.5E13")), plain_number(Decimal("2e-15"))
    ('1000', '15 followed by 12 zeros', None)
    """
    plain = format(value, "f")
    if sum(c.isdigit() for c in plain) < LONG_DIGITS:
        return plain
    sign, digits, exponent = value.normalize().as_tuple()
    if isinstance(exponent, int) and exponent > 0:
        return f"{'-' * sign}{''.join(map(str, digits))} followed by {exponent} zeros"
    return None


def no_nan(value: object) -> object:
    """``value``, unless it is a float NaN (:data:`NOT_TEXT`), text holding half of a UTF-16 pair
    (:data:`HALF_PAIR`) or an error of Excel's (``#N/A``, :data:`EXCEL_ERROR_VALUE`, in a free-text column as
    in a code: the file readers and ``Scorer.score`` refuse it there, and the model had taken it as a name or a
    loan's purpose) or a yes/no value (:data:`NOT_TEXT_BOOL`): the first check of every text column."""
    if is_nan(value):
        raise ValueError(NOT_TEXT)
    if is_yes_no_value(value):
        raise ValueError(NOT_TEXT_BOOL)
    if isinstance(value, str) and _HALF_PAIR.search(value):
        raise ValueError(HALF_PAIR)
    if isinstance(value, str) and "#" in value and value.strip() in EXCEL_ERRORS:
        raise ValueError(EXCEL_ERROR_VALUE)
    return value


def parse_pii(value: object) -> Pii | None:
    """A personal value (ID number, name, phone) as its text; a list, set, mapping or bytes is refused, where
    its Python text (``['5323…']``) had been taken as the value (an ID number then flagged invalid)."""
    if is_empty(value):
        return None
    if isinstance(value, Pii):
        return value
    if isinstance(value, NOT_ONE_VALUE):
        raise ValueError(f"not one value but {a_kind(value)}; write the text itself")
    return Pii(excel_text(str(number_text(no_nan(value)))))  # a number as a dict's value is read (number_text)


#: The error values a spreadsheet cell may hold instead of a value (Excel's and WPS's, the newer ones included):
#: an .xlsx cell's, or its text in a CSV saved from the sheet (a formula that failed, a lookup that found nothing).
EXCEL_ERRORS = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!", "#CALC!"}
    | {"#FIELD!", "#BLOCKED!", "#CONNECT!", "#UNKNOWN!", "#BUSY!"}
)
#: Why a household table's cell whose text is one of :data:`EXCEL_ERRORS` is refused, in a column fanpin reads
#: (read as text it had been a name, an ID number the data checks flagged as invalid, a 户编号 ``#N/A``).
EXCEL_ERROR_VALUE = (
    "an error of Excel's, not a value (a formula that could not be calculated, or a lookup that found nothing); "
    "correct the formula or type the value, and save the file again"
)


#: A number as Excel and WPS show one of twelve digits or more in a cell of the General format, and as a CSV
#: saved from that sheet writes it (Excel ``5.32328E+15``; Python and pandas ``5.32328198001011e+17``): its
#: last digits are gone, and codes that differed in them read the same.
SCIENTIFIC = r"^[0-9](?:\.[0-9]+)?[eE]\+(?:1[1-9]|[2-9][0-9])$"
_SCIENTIFIC = re.compile(SCIENTIFIC)
#: Why a 户编号 written so is refused.
SCIENTIFIC_ID = (
    "written in scientific notation, as Excel shows a number of 12 digits or more: its last digits are lost, so "
    "the households it stands for cannot be told apart; format the column as text in Excel or WPS, then save or "
    "export the file again"
)
#: Why an ID number (证件号码) written so is refused: its last digits are gone, so it names no one (it had been
#: flagged by the data checks as an invalid number, as if the clerk had typed it wrong).
SCIENTIFIC_ID_NUMBER = (
    "证件号码 is written in scientific notation, as Excel shows a number of 12 digits or more: its last digits are "
    "lost, so whose number it is cannot be told; format the column as text in Excel or WPS (or save it as text), "
    "then save or export the file again"
)
#: Why a 人编号 written so is refused: every person whose number began alike reads as the same one (the members
#: of a household had been refused as one person listed twice).
SCIENTIFIC_PERSON_ID = (
    "人编号 is written in scientific notation, as Excel shows a number of 12 digits or more: its last digits are "
    "lost, so the people it stands for cannot be told apart; format the column as text in Excel or WPS (or save it "
    "as text), then save or export the file again"
)


#: A tab or a line break, and the other white-space control characters (vertical tab, form feed, the separators
#: U+001C–U+001F, U+2028 and U+2029), inside a code once trimmed: a cell pasted from another program with its
#: neighbour's text, or a line typed with Alt+Enter. No 户编号 holds one; read as written, it made a household of
#: its own, or split one. (U+0085 and the other control characters are :data:`INVISIBLE`: a key is read without
#: them.) Written as escapes, so that polars' regex reads it as Python does.
CODE_BREAK = r"[\t\n\x0b\x0c\r\x1c-\x1f\u2028\u2029]"
_CODE_BREAK = re.compile(CODE_BREAK)
#: Why a 户编号 with one of :data:`CODE_BREAK` inside it is refused.
BROKEN_ID = (
    "户编号 holds a tab or a line break inside it (text pasted from another program, or a line typed with Alt+Enter): "
    "a household code never holds one; delete it so that the code is written on one line, and save the file again"
)


#: The control characters a 户编号 may hold that are no line break (:data:`CODE_BREAK`): a NUL, an escape, a DEL
#: or a C1 control, bytes of a damaged cell or of a program's export (an .xlsx's ``_x0000_``). Grouped, a key is
#: read without them (:data:`INVISIBLE`: one member row's NUL makes the household one written two ways); but a
#: household whose 户编号 holds one is refused, where it had been written with it into the scored table, a NUL
#: or a terminal's escape sequence among the text tools downstream read.
CODE_CONTROL = r"[\x00-\x08\x0e-\x1b\x7f-\x9f]"
_CODE_CONTROL = re.compile(CODE_CONTROL)
#: Why a 户编号 with one of :data:`CODE_CONTROL` inside it is refused.
CONTROL_ID = (
    "户编号 holds a control character (shown as <U+0000> and alike: a byte of a damaged cell, or of another "
    "program's export): a household code never holds one; delete it, and save the file again"
)


def code_break(text: str) -> bool:
    """Whether ``text`` (a trimmed code) holds a tab or a line break (:data:`CODE_BREAK`).

    >>> code_break("A\\t5323"), code_break("53232500\\n0002"), code_break("5323 0002"), code_break("H1")
    (True, True, False, False)
    """
    return _CODE_BREAK.search(text) is not None


#: A number below zero, or minus zero, written where a code belongs (``-5``, ``-0.00``, ``-5323280005.0``), for
#: Python's and polars' regular expressions alike: a float column's negative value or its ``-0.0``, or a sign
#: typed by mistake. No 户编号 or 人编号 is one; read as written, ``-0.00`` kept its tail where ``0.00`` lost it
#: (:func:`excel_text` takes it from digits alone), so that ``-5`` and ``-5.00`` were two households, each
#: scored. (A code may hold a dash after its first character: ``H13912345678-1``, a county's own.)
NEGATIVE_NUMBER = r"^-(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$"
_NEGATIVE_NUMBER = re.compile(NEGATIVE_NUMBER)
#: Why a 户编号 or 人编号 that is a negative number (:data:`NEGATIVE_NUMBER`) is refused.
NEGATIVE_CODE = (
    "a number with a minus sign, not a code: no code starts with one (a float column's negative value or -0.0, or "
    "a sign typed by mistake); write the code as the national system gives it, without the sign"
)


def negative_number(text: str) -> bool:
    """Whether ``text`` (a trimmed code) is a number with a minus sign (:data:`NEGATIVE_NUMBER`).

    >>> negative_number("-0.00"), negative_number("-5"), negative_number("H-5"), negative_number("5323-1")
    (True, True, False, False)
    """
    return text.startswith("-") and _NEGATIVE_NUMBER.match(text) is not None


#: An infinite number as a float (``inf``, ``-inf``: polars' and Python's text of one) or a ``Decimal``
#: (``Infinity``) writes it, given where a code belongs: a float column's value or a float in a dict, from a
#: computation gone wrong. No 户编号 or 人编号 is one; read as written, it had been the code ``inf``, a household
#: scored. (A NaN, a float column's missing value, is an empty cell: :func:`~fanpin.io.readers.float_text`.)
INFINITE_NUMBER = r"^-?(?:inf|Infinity)$"
_INFINITE_NUMBER = re.compile(INFINITE_NUMBER)
#: Why a 户编号 or 人编号 that is an infinite number (:data:`INFINITE_NUMBER`) is refused.
INFINITE_CODE = (
    "an infinite number (inf), not a code: a float column's or a float value's inf, from a computation gone "
    "wrong; give the code itself, as text"
)


def infinite_number(text: str) -> bool:
    """Whether ``text`` (a trimmed code) is an infinite number as a float or a Decimal writes it.

    >>> infinite_number("inf"), infinite_number("-inf"), infinite_number("Infinity"), infinite_number("info")
    (True, True, True, False)
    """
    return "nf" in text and _INFINITE_NUMBER.match(text) is not None


#: Why a code names nothing, in the order the reasons are told, each by its pattern (for Python's and polars'
#: regular expressions alike): a float of 2^53 or more (:data:`FLOAT_CODE`: a float column's number, its last
#: digits lost), scientific notation (:data:`SCIENTIFIC_ID`: a long number Excel showed so), an infinite number
#: (:data:`INFINITE_CODE`) or a negative one (:data:`NEGATIVE_CODE`). The models (:func:`code_key_problem`) and the
#: batch validator read this one table, so that both engines refuse a code for the same reason.
CODE_KEY_PROBLEMS: tuple[tuple[str, str], ...] = (
    (FLOAT_WRITTEN, FLOAT_CODE),
    (SCIENTIFIC, SCIENTIFIC_ID),
    (INFINITE_NUMBER, INFINITE_CODE),
    (NEGATIVE_NUMBER, NEGATIVE_CODE),
)
_CODE_KEY_PROBLEMS = tuple((re.compile(pattern), reason) for pattern, reason in CODE_KEY_PROBLEMS)


#: A code whose last digits are lost, as polars' regex and Python's read it: a long number as a spreadsheet shows it
#: (:data:`SCIENTIFIC`) or as a program writes a float (:data:`FLOAT_WRITTEN`). An export's 户编号 so written names
#: no household (:func:`fanpin.io.export._key`).
LOST_DIGITS = f"(?:{SCIENTIFIC})|(?:{FLOAT_WRITTEN})"
_LOST_DIGITS = re.compile(LOST_DIGITS)


def lost_digits(text: str) -> bool:
    """Whether ``text`` (a trimmed code) is a number whose last digits are lost (:data:`LOST_DIGITS`).

    >>> lost_digits("5.32328E+15"), lost_digits("5.3232819900101126e+17"), lost_digits("5323280000000001")
    (True, True, False)
    """
    return _LOST_DIGITS.match(text) is not None


def code_key_problem(text: str, scientific_reason: str = SCIENTIFIC_ID) -> str | None:
    """Why a 户编号 (trimmed, as :func:`code_text` reads it) names no household, whoever reads it (both models,
    the batch validator, the export's grouping): the first of :data:`CODE_KEY_PROBLEMS` it is; None for any
    other (a tab or a line break inside it, :data:`BROKEN_ID`, is told by :func:`household_id_form`: the export
    groups no row by it). ``scientific_reason``: what scientific notation is told as (a 人编号's own reason).

    >>> code_key_problem("5323250000000001") is None, code_key_problem("-0.00") == NEGATIVE_CODE
    (True, True)
    """
    for pattern, reason in _CODE_KEY_PROBLEMS:
        if pattern.match(text) is not None:
            return scientific_reason if reason == SCIENTIFIC_ID else reason
    return None


def household_id_form(text: str) -> str:
    """A 户编号 (trimmed) as both models take it: none :func:`code_key_problem` refuses (a long number whose last
    digits a spreadsheet dropped, an infinite or a negative number), nor one with a tab or a line break inside it
    (:data:`BROKEN_ID`) or another control character (:data:`CONTROL_ID`).

    >>> household_id_form("5323250000000001")
    '5323250000000001'
    """
    problem = code_key_problem(text)
    if problem is not None:
        raise ValueError(problem)
    if code_break(text):  # A\t5323…: a tab or a line break inside it (spaces around it are trimmed)
        raise ValueError(BROKEN_ID)
    if _CODE_CONTROL.search(text) is not None:
        raise ValueError(CONTROL_ID)
    return text


def scientific(text: str) -> bool:
    """Whether ``text`` (trimmed) is a long number as a spreadsheet shows it, its last digits lost (:data:`SCIENTIFIC`).

    >>> scientific("5.32328E+15"), scientific("5.32328198001011e+17"), scientific("1E5"), scientific("H5E+15")
    (True, True, False, False)
    """
    return _SCIENTIFIC.match(text) is not None


#: A cell :func:`excel_text` takes a tail from, as polars' regex reads it: digits, a point and zeros.
EXCEL_TAIL = r"^\d+\.0+$"


def excel_text(value: str) -> str:
    """Trimmed text, without the ``.0`` Excel adds when it stores an all-digit code as a number, nor the
    ``.00`` (``.000``, …) it writes when the code's column has the Number format with decimals: a point and
    zeros alone after digits alone. Read as written, ``5323280005.00`` had been a household of its own beside
    ``5323280005``.

    >>> excel_text(" 5323280005.0"), excel_text("5323280005.00"), excel_text("5323.000"), excel_text("5323.10")
    ('5323280005', '5323280005', '5323', '5323.10')
    >>> excel_text(".00"), excel_text("H5.00"), excel_text("5323."), excel_text("0.00")
    ('.00', 'H5.00', '5323.', '0')
    """
    text = value.strip()
    if not text.endswith("0"):  # most cells: no tail to look at
        return text
    head, point, zeros = text.rpartition(".")
    return head if point and head.isdecimal() and not zeros.strip("0") else text


def code_text(value: str) -> str:
    """A code cell (户编号, 人编号, 证件号码, 行政区划代码) as :func:`excel_text` reads it, after a leading
    apostrophe: the mark some tools write to keep a code as text, which Excel never takes as part of the value
    (``'532328`` is the text 532328). Read as written, it made another 户编号, 人编号 or region code, and an ID
    number the data checks flagged as invalid.

    >>> code_text("'532328198001011233"), code_text(" ' 5323 "), code_text("'"), code_text("H'1")
    ('532328198001011233', '5323', '', "H'1")
    """
    return excel_text(value.strip().removeprefix("'"))


def no_excel_error(code: str) -> str:
    """A code (:func:`code_text`), unless it is an error of Excel's (:data:`EXCEL_ERRORS`, refused with
    :data:`EXCEL_ERROR_VALUE`): the models refuse it in the code columns (户编号, 人编号, the ID numbers, 行政区划代码)
    as the file readers refuse such a cell before a model sees it, so that a host giving records of its own is
    told the same. Read as a code, ``#N/A`` was one household for every lookup that failed, one person, or an ID
    number the data checks flagged as invalid.

    >>> no_excel_error("H1")
    'H1'
    """
    if code in EXCEL_ERRORS:
        raise ValueError(EXCEL_ERROR_VALUE)
    return code


def parse_code_pii(value: object) -> Pii | None:
    """A personal code (an ID number): :func:`parse_pii`, read as :func:`code_text` reads a code cell."""
    if isinstance(value, str) and value.lstrip().startswith("'"):  # most are not: read once
        value = code_text(value)
    number = parse_pii(value)
    if number is not None:
        no_excel_error(number.reveal())
    return number


def parse_id_number(value: object) -> Pii | None:
    """An ID number (证件号码, a household's 户主证件号码): a personal code (:func:`parse_code_pii`), not a long
    number whose last digits a spreadsheet dropped (:data:`SCIENTIFIC_ID_NUMBER`): read as one, it was an ID
    number the data checks flagged as invalid, as if the clerk had typed it wrong. The member and the household
    model read it alike, so that a household table refuses it as the export does."""
    number = parse_code_pii(value)
    if number is not None and ("E" in (text := number.reveal()) or "e" in text):
        if is_float_written(text):  # a float column's number, its last digits lost: not Excel's doing
            raise ValueError(FLOAT_CODE)
        if scientific(text):
            raise ValueError(SCIENTIFIC_ID_NUMBER)
    return number


#: date(1970, 1, 1).toordinal(): dates are day numbers (``date.toordinal``) to the engines, and polars
#: counts days from 1970.
EPOCH_ORDINAL = 719163

#: GB 11643-1999 (ISO 7064 MOD 11-2): the weights of the first 17 digits, and the check character
#: for each remainder of their weighted sum modulo 11.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_DIGITS = re.compile(r"[0-9]+")  # matched whole (fullmatch): "$" would let a cell's line break through
ID_CHECK = "10X98765432"
#: The weighted sum of 17 ASCII digits is the weighted sum of their character codes less this (the
#: weights add up to 100, and ``"0"`` is 48): computed on the bytes, a quarter of the time of int() per digit.
_ZEROS = 48 * sum(ID_WEIGHTS)


#: The shape of an ID number (or a disability card's) some of whose characters are masked with asterisks, as
#: fanpin writes one (``5323**********1233``) and as other systems hand them out (``532328********1234``):
#: with one ``*`` at least (:func:`masked_id`), it is no number typed wrong, and its check cannot be made.
MASKED_ID = r"^[0-9*]{17}[0-9Xx*](?:[0-9*]{2}|[0-9*]{4})?$"
_MASKED_ID = re.compile(MASKED_ID)


def masked_id(text: str) -> bool:
    """Whether ``text`` is an ID number that arrived masked (:data:`MASKED_ID`).

    >>> masked_id("532328********1234"), masked_id("5323**********1233"), masked_id("532328198001011233")
    (True, True, False)
    >>> masked_id("5323****1233"), masked_id("53232819800101123*41")
    (False, True)
    """
    return "*" in text and _MASKED_ID.match(text) is not None


#: A number some of whose digits arrived masked with asterisks (an ID number ``532328********1234``, a phone
#: ``139****5678`` or ``1381***5678``, as fanpin and other systems hand them out): digits and ``*``, one ``*`` at
#: least, an ID number's X last. Its shape and its repeats cannot be told (:func:`masked_number`).
MASKED_NUMBER = r"^[0-9*]*\*[0-9*]*[Xx]?$"
_MASKED_NUMBER = re.compile(MASKED_NUMBER)


def masked_number(text: str) -> bool:
    """Whether ``text`` (trimmed) is a number that arrived masked (:data:`MASKED_NUMBER`): whether a phone so
    written is a mobile number, and whether an ID number or a phone so written occurs again in the file, is
    unknown (two people's numbers mask alike where their first and last digits agree; a masked mobile number
    had been taken for no mobile number, and flagged).

    >>> masked_number("139****5678"), masked_number("5323**********123X"), masked_number("13912345678")
    (True, True, False)
    >>> masked_number("0878-1234567"), masked_number("*"), masked_number("张*")
    (False, True, False)
    """
    return "*" in text and _MASKED_NUMBER.match(text) is not None


def id_number_check(text: str) -> bool | None:
    """Whether an ID number passes its check (:func:`id_number_valid`), None (unknown) when it arrived masked
    (:func:`masked_id`): it had been read as invalid, and the data checks flagged it."""
    return None if masked_id(text) else id_number_valid(text)


def id_number_valid(text: str) -> bool:
    """GB 11643: 18 characters with a check character; 20/22 for disability cards (18 + category/level)."""
    core = text[:18].upper()
    suffix = text[18:]  # empty for an ID card; category and level digits for a disability card
    if len(text) not in (18, 20, 22) or not _DIGITS.fullmatch(core[:17]) or not _DIGITS.fullmatch(suffix or "0"):
        return False
    total = sum(map(mul, core[:17].encode("ascii"), ID_WEIGHTS)) - _ZEROS  # 17 ASCII digits (matched above)
    return ID_CHECK[total % 11] == core[17]
