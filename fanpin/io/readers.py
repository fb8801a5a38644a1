"""Reading household files: encodings, header rows, Chinese or English headers, rejected rows.

- CSV in UTF-8, UTF-8 with BOM, GBK or GB18030 is detected from the bytes (GBK is read as GB18030,
  its superset, so both decode identically).
- The header row is the first row that names 户编号 / household_id (exports put title rows above it).
  Column names may stand on two rows, a title over a group of columns (:func:`two_row_header`).
- Each header may be the English name or the Chinese header (:data:`fanpin.model.columns.ALIASES`);
  unknown columns are kept and passed through.
- A row the household model refuses becomes a :class:`RejectedRow` (line, column, masked value,
  reason, fix); nothing is dropped silently. A valid row whose 户编号 an earlier valid row has is refused,
  and every row of a 户编号 written two ways (``H2`` and ``h2``), as ``fanpin score`` refuses them
  (:func:`read_households`).
- Rows are numbered by the file's own lines (1-based, where the row starts): a cell with a line break
  makes its row span two lines, and the next row's number says so. A line ends at LF, CR LF or a CR
  alone (old Mac Excel saves CSV with CR alone).
- A CSV line holding bytes that are not text in the file's encoding (a file that mixes encodings) is
  refused in its place, with its line; a quote opened and never closed is an error naming its line.
"""

from __future__ import annotations

import codecs
import csv
import json
import math
import pickle
import re
import tempfile
from collections.abc import Callable, Collection, Generator, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from fanpin._host import words_of
from fanpin.arguments import checked_flag, checked_input, checked_path, checked_region
from fanpin.errors import InputFileError, Location, MissingColumnError
from fanpin.io.keys import SeenIds, id_key_text
from fanpin.io.sheet import Percentage
from fanpin.model.columns import (
    ADD_REGION_PARAMETER,
    ALIASES,
    AMOUNTS,
    COLUMN_NUMBERS_ROW,
    DUPLICATE_ID,
    JSONL_NOT_UTF8,
    MEASURES_HEADERS,
    NO_REGION,
    NO_REGION_PARAMETER,
    REQUIRED,
    column_numbers,
    duplicate_reason,
    empty_reason,
    header_label,
    masked_cell,
    no_household_reason,
    renames,
    repeated_column,
)
from fanpin.model.household import (
    CODE_FIELDS,
    Household,
    Kind,
    blamed_field,
    holds_number,
    joined_measures,
    lists_excel_error,
)
from fanpin.model.values import (
    EXCEL_ERROR_VALUE,
    EXCEL_ERRORS,
    FLOAT_HELD,
    NOT_TEXT_BOOL,
    blank_cell,
    code_text,
    counted_from_1904,
    float_written,
    header_text,
    is_yes_no_value,
    mask_numbers,
    yes_no_text,
)

if TYPE_CHECKING:
    import polars as pl

__all__ = [
    "JSON_LINES",
    "UNDECODED",
    "HouseholdFile",
    "KeptRows",
    "Merged",
    "MergedAmounts",
    "Numbered",
    "ReadRow",
    "RejectedRow",
    "SheetRows",
    "UnreadableRow",
    "csv_rows",
    "damaged_parquet_guard",
    "encoding_name",
    "excel_error_reason",
    "excel_error_rows",
    "header_again",
    "header_cells",
    "header_key_texts",
    "header_names",
    "host_reason",
    "line_end",
    "merged_amount_reason",
    "model_rejections",
    "not_text",
    "open_rows",
    "parquet_schema",
    "ragged",
    "raw_rows",
    "read_households",
    "read_row",
    "refuse_merged_amounts",
    "refuse_unreadable_title",
    "repeats_header",
    "sheet_datetime_text",
    "sniff_encoding",
    "two_row_header",
    "written_row",
    "xlsx_rows",
]


@dataclass(frozen=True)
class RejectedRow:
    """A row that was not scored: ``line`` is the 1-based line in the file (the header counts)."""

    line: int
    household_id: str
    column: str
    value: str
    reason: str


@dataclass(frozen=True)
class ReadRow:
    line: int
    household: Household
    passthrough: dict[str, str]


#: A row of a file as the readers yield it: the 1-based line it starts on, and its cells as text.
Numbered = tuple[int, list[str]]


@dataclass
class HouseholdFile:
    """A household file's header as read: ``header_line`` is the line the header row starts on (0 for
    JSON Lines, whose header is made from the keys; the second row's of a header on two rows) and
    ``header_record`` its position among the file's records (title rows above it included), which is
    how many records come before the data.
    ``line_end`` is how the CSV's lines end: ``"\\n"`` (LF or CR LF), ``"\\r"`` (CR alone), or ``""``
    when the file mixes the two (it is then read row by row)."""

    path: Path
    encoding: str
    header_line: int
    columns: list[str]
    field_of: dict[str, str]
    passthrough: list[str]
    header_record: int = 0
    line_end: str = "\n"
    #: the header's two rows as written (trimmed, without empty cells at their ends) when its column names
    #: stand on two rows (:func:`two_row_header`); empty otherwise
    header_rows: tuple[tuple[str, ...], ...] = ()
    #: an .xlsx sheet's rows hidden from view (a filter, or hidden by hand), by number: read as any other
    hidden_rows: list[int] = field(default_factory=list)
    #: whether the file is an .xlsx workbook of Excel's 1904 date system, whose count of days (45123 typed in a
    #: month column) is another day than the usual count's: the refusal names the day it is there
    #: (:func:`~fanpin.model.values.counted_from_1904`)
    date_1904: bool = False
    #: the workbook's other sheets shown that hold a table of households too (:func:`other_tables`), by title
    #: (numbers masked): not read, and named in the run's note
    other_sheets: list[str] = field(default_factory=list)


def read_households(
    path: str | Path, *, region: str | None = None, opened: Iterator[Numbered] | None = None, command: bool = False
) -> tuple[HouseholdFile, Iterator[ReadRow | RejectedRow]]:
    """Open a household file (CSV, .xlsx, .parquet or .jsonl); rows are validated lazily, in file order, and
    refused as ``fanpin score`` refuses them: a 户编号 repeated exactly at its later rows, and one written two
    ways (``H2`` beside ``H2`` with an invisible character, written in full-width letters, as ``h2`` or as ``H 2``:
    :func:`~fanpin.io.keys.id_key_text`) at every row of it, the first too, as which row is the household cannot
    be told; with score's reason (:data:`~fanpin.model.columns.ID_TWO_WAYS`) and the 户编号 quoted with its
    personal numbers masked. A row the model refuses claims no 户编号.

    A later row may write an earlier row's 户编号 the other way, so the rows are read through once before
    the first is given: each row's 户编号 is noted (memory holds each id once, as the check for repeats
    does) and the rows are kept in a temporary file, not in memory, which the system removes once they are
    given or the reading stops; a file that cannot be read to its end (a quote never closed) raises before
    any row is given. They are kept rather than read again from the file, as an .xlsx sheet is slow to
    parse and rows already being read (``opened``) cannot be read again. The rows are validated one at a
    time as they are given, so that memory stays bounded by the ids however long the file.

    ``opened``: as for :func:`open_rows`. A ``path`` or ``region`` of the wrong kind is a
    :class:`~fanpin.ConfigError` (as :meth:`fanpin.Scorer.score` says), where None was a bare TypeError.

    Its refusals, and the reason of a household without 行政区划代码, name its parameter (``region=``), as
    :func:`~fanpin.io.read_export`'s do; ``command``: the reading is ``fanpin``'s (``fanpin explain``), whose
    reasons name its option (``--region``)."""
    path, region = checked_path("path", path), checked_region(region)
    command = checked_flag("command", command)
    with words_of(command):
        info, rows = open_rows(path, region=region, opened=opened)
    read = _rows(info, rows, region)
    return info, (read if command else map(host_reason, read))


#: Whatever a reader gives: a row read, a household, a row refused.
_Item = TypeVar("_Item")


def host_reason(item: _Item) -> _Item:
    """``item``, a row refused for want of a region stating a host's parameter (``region=``, where the command's
    reason names ``--region``), as ``Scorer.score``'s rejected rows state it
    (:func:`fanpin.pipeline.run.host_reasons`); any other item as it is."""
    if isinstance(item, RejectedRow) and item.reason == NO_REGION:
        return replace(item, reason=NO_REGION_PARAMETER)
    return item


def open_rows(
    path: str | Path, *, region: str | None = None, opened: Iterator[Numbered] | None = None
) -> tuple[HouseholdFile, Iterator[Numbered]]:
    """The file's header (checked for the required columns) and its data rows as text cells, lazily,
    each with the line it starts on. ``opened``: an .xlsx file's rows from the first, already being read
    (:func:`fanpin.io.export.open_either`: the workbook is not opened again)."""
    path = checked_input(Path(path))
    if path.stat().st_size == 0:  # said as it is: "no header row" (or "not a Parquet file") hid it
        raise InputFileError("the file is empty (0 bytes)", fix=EMPTY_FIX, location=Location(str(path)))
    encoding, rows = raw_rows(path) if opened is None else ("xlsx", opened)
    merged = rows.merged if isinstance(rows, SheetRows) else []  # known once the header is read
    hidden = rows.hidden if isinstance(rows, SheetRows) else []  # so are the hidden rows
    dates = rows.date_1904 if isinstance(rows, SheetRows) else []  # and how the workbook counts its days
    others = rows.others if isinstance(rows, SheetRows) else []  # and the other sheets holding households
    header: list[str] | None = None
    header_line = header_record = 0
    written: tuple[tuple[str, ...], ...] = ()  # a header's two rows, when it stands on two
    separated: tuple[str, int] | None = None  # how a header row read as one cell is separated, and its line
    colon: str | None = None  # a cell that is 户编号 but for a colon after it (户编号：), for the fix
    near: tuple[str, str] | None = None  # a cell like 户编号 misspelt (户编码, 户 编号) and that header, for the fix
    written_on = False  # whether a row above the header holds a cell of any text
    for header_record, (header_line, row) in enumerate(rows, start=1):
        cells = [header_text(c) for c in row]
        written_on = written_on or any(cells)
        if separated is None and (hint := delimiter_hint(cells)):
            separated = (hint, header_line)
        if colon is None:
            colon = next(
                (c for c in cells if c[-1:] in ":：" and ALIASES.get(c.rstrip(":： ")) == "household_id"), None
            )
        if near is None and colon is None and header_record <= _NEAR_ID_ROWS:
            near = near_household_id(cells)
        if any(ALIASES.get(c) == "household_id" for c in cells):
            if isinstance(row, UnreadableRow):
                raise InputFileError(
                    f"the header row {row.reason}",
                    fix="save the whole file again as CSV UTF-8 from Excel",
                    location=Location(str(path), header_line),
                )
            header = cells
            break
        refuse_unreadable_title(path, encoding, header_line, row)
    if header is not None and encoding != "parquet" and path.suffix.lower() not in JSON_LINES:
        below = next(rows, None)
        named = two_row_header(header, below[1], ALIASES.get) if below else None
        if below is not None and named is not None:
            written = (written_row(header), written_row(below[1]))
            header, header_line, header_record = named, below[0], header_record + 1
        elif below is not None:
            rows = pushed_back(below, rows)
    if header is None:
        if not written_on and encoding not in ("xlsx", "parquet"):
            # A text file of a byte-order mark, spaces, commas or blank lines alone: told as empty, not as a header
            # misnamed. (A workbook's first sheet may be empty with the table on another: told below.)
            raise InputFileError(
                "the file holds no text: blank lines or empty cells alone, or a byte-order mark alone",
                fix=EMPTY_FIX,
                location=Location(str(path)),
            )
        if encoding not in ("xlsx", "parquet") and _json_text(path):
            # a list of records (json.dump) or an object per line in a file not named .jsonl: read as CSV, it had
            # been told it had no header naming 户编号, which its keys name
            raise InputFileError(JSON_NOT_LINES, fix=JSON_NOT_LINES_FIX, location=Location(str(path)))
        if separated:
            raise InputFileError(
                f"the header row names 户编号 but its cells are separated by {separated[0]}, not commas",
                fix="save the file from Excel as 'CSV UTF-8 (Comma delimited)'",
                location=Location(str(path), separated[1]),
            )
        where = {
            "xlsx": " (fanpin reads the workbook's first sheet not hidden: put the table there)",
            "parquet": " (a Parquet file's column names are its header)",
        }.get(encoding, "")
        other = _sheet_with_header(path) if encoding == "xlsx" else None
        if encoding == "xlsx" and not written_on and other is None and _every_sheet_empty(path):
            # a workbook of no text at all, as a CSV of 0 bytes: told as empty, not as a table on another sheet
            raise InputFileError(
                "the workbook is empty: none of its sheets holds a cell with text",
                fix=EMPTY_FIX,
                location=Location(str(path)),
            )
        if other is not None and other[2]:  # a hidden sheet's tab is not shown: there is nothing to drag yet
            where = (
                f" (fanpin reads the workbook's first sheet not hidden, {other[0]!r}, and the table is on sheet "
                f"{other[1]!r}, which is hidden: unhide it (right-click a sheet's tab, Unhide), put its tab first, "
                "and save)"
            )
        elif other is not None:  # the table is on another sheet: say which, and how to make it the one read
            where = (
                f" (fanpin reads the workbook's first sheet not hidden, {other[0]!r}, and the table is on sheet "
                f"{other[1]!r}: drag that sheet's tab to the first place, or delete the sheets before it, and save)"
            )
        raise MissingColumnError(
            "no header row naming 户编号 (household_id) was found",
            columns=("household_id",),
            path=path,
            fix=f"rename {colon} to {colon.rstrip(':： ')}"
            if colon is not None
            else f"rename {mask_numbers(near[0])} to {near[1]}"
            if near is not None and other is None
            else f"the header row must include 户编号 or household_id{where}",
        )
    # The header ends at its last named cell: empty cells after it (a header row saved with a trailing comma, an
    # .xlsx sheet padded to its widest row) name no column, so a filled cell under them is refused as one past
    # the header (:func:`ragged`), as the export's reader refuses it, where it had been dropped without a word;
    # and a row leaving them out is not one with fewer cells than the header.
    header = header[: max((i + 1 for i, h in enumerate(header) if h), default=0)]
    _refuse_repeated_columns(path, header_line, header)
    _refuse_internal_names(path, header_line, header)
    field_of = {h: ALIASES[h] for h in header if h in ALIASES}
    present = set(field_of.values())
    missing = [f for f in REQUIRED if f not in present]
    if "region_code" not in present and not region:
        missing.append("region_code")
    if missing:
        # a scored file given again (one scored with --keep-columns all has the input's columns: scored again)
        refuse_scored_file(header, Location(str(path), header_line))
        from fanpin.io.export import HEADER_SEARCH_ROWS, is_export, is_member_list  # it reads this module

        if header_record > HEADER_SEARCH_ROWS and is_export(header):
            # A person-level export whose header is below the rows its reader looks through (title rows added
            # above it) was read as a household table, and refused for 家庭人口数, a column no export has.
            raise InputFileError(
                f"the header row of a person-level export is on line {header_line}, below the first "
                f"{HEADER_SEARCH_ROWS} rows, where fanpin looks for it",
                fix=f"delete the rows above the header row (keep fewer than {HEADER_SEARCH_ROWS}), and save the file",
                location=Location(str(path), header_line),
            )
        labels = ", ".join(header_label(f) for f in missing)
        # A member list (one row per person) lacks 家庭人口数, a column no export has: adding it is no fix.
        member_list = "size" in missing and is_member_list(header)
        if member_list and (error := _member_list_error(path, header, header_line, encoding, labels)) is not None:
            raise error
        # A header close to a missing column's is most likely that column, misspelt: say so in the fix.
        raise MissingColumnError(
            f"required column(s) missing: {labels}",
            columns=tuple(missing),
            path=path,
            fix="; ".join(
                [
                    *renames(header, present, missing),
                    ADD_REGION_PARAMETER  # the command names its --region (fanpin.cli)
                    if "region_code" in missing
                    else "add the column(s)",
                ]
            ),
        )
    passthrough = [h for h in header if h not in field_of]
    info = HouseholdFile(
        path,
        encoding,
        header_line,
        header,
        field_of,
        passthrough,
        header_record,
        header_rows=written,
        hidden_rows=hidden,
        date_1904=any(dates),
        other_sheets=others,
    )
    if encoding in _CSV_ENCODINGS and path.suffix.lower() not in JSON_LINES:
        info.line_end = line_end(path)
    if encoding == "xlsx":
        fields = {at: field_of[name] for at, name in enumerate(header) if name in field_of}
        rows = refuse_odd_cells(rows, set(fields), numbers_read(fields, Household))
    return info, refuse_merged_amounts(info, rows, merged)


#: The rows looked through for a cell like 户编号 misspelt when no header row names it (as many as the
#: export's reader looks through for its header: :data:`fanpin.io.export.HEADER_SEARCH_ROWS`).
_NEAR_ID_ROWS = 50
#: How close (difflib's ratio) a cell must be to 户编号 or household_id to be taken for it misspelt: 户编码 is
#: 0.67, 户 编号 and 户主编号 0.86, household id 0.92; 户代码 (0.33) is not. Below the other columns' cutoff
#: (:data:`~fanpin.model.columns.MISNAMED_CUTOFF`), as 户编号 is three characters, one of them wrong in 户编码;
#: the export's 人编号 (0.67) is a column of its own, never taken for it.
_NEAR_ID_CUTOFF = 0.6


def near_household_id(cells: Sequence[str]) -> tuple[str, str] | None:
    """``(cell, header)`` for the first of a row's ``cells`` that is close to 户编号 or household_id (its
    ``header``) without being a column either layout reads (人编号, 户主编号 is no such column): the
    refusal of a file whose header row names no 户编号 suggests the rename, as it does for another column.

    >>> near_household_id(["户编码", "户类型"]), near_household_id(["户 编号"]), near_household_id(["人编号", "姓名"])
    (('户编码', '户编号'), ('户 编号', '户编号'), None)
    """
    from fanpin.errors import suggest
    from fanpin.model.export_columns import export_field

    headers = [h for h, f in ALIASES.items() if f == "household_id"]
    for cell in cells:
        if not cell or len(cell) > 20 or cell in ALIASES or export_field(cell) not in (None, "household_id"):
            continue
        close = suggest(cell, headers, cutoff=_NEAR_ID_CUTOFF) or suggest(
            cell.replace(" ", "").lower(), headers, cutoff=_NEAR_ID_CUTOFF
        )
        if close is not None:
            return cell, close
    return None


def two_row_header(top: Sequence[str], below: Sequence[str], field: Callable[[str], str | None]) -> list[str] | None:
    """The column names of a header written on two rows, or None when ``below`` (the row after ``top``, the
    row naming 户编号) is a row of data. ``field``: the field a header names, None for a column fanpin
    does not read.

    Clerks' sheets group columns under a title: 收入情况（元） over 工资性收入, 生产经营性收入, …, the other
    names merged down over both rows. A column is named by its cell in ``below``, or by its cell in
    ``top`` where that one is empty (a cell merged down keeps its text in the top cell only; an .xlsx is
    read with the text on both rows). ``below`` is such a row when, besides repeating ``top``, it names
    a column fanpin reads, holds nothing under 户编号 but 户编号 itself (a row of data names its
    household there) and no number under another name of a column fanpin reads, in either language: a
    header of English names over the Chinese ones is read too. A row of data holds its numbers there
    (532328, 3, 1000), so a first row without its 户编号 whose 备注 happens to name a column is still a
    row of data.

    >>> two_row_header(["户编号", "收入情况（元）", ""], ["", "工资性收入", "转移性收入"], ALIASES.get)
    ['户编号', '工资性收入', '转移性收入']
    >>> two_row_header(["户编号", "工资性收入"], ["H1", "12000"], ALIASES.get) is None
    True
    >>> two_row_header(["户编号", "家庭人口数", "备注"], ["", "3", "工资性收入"], ALIASES.get) is None
    True
    """
    if isinstance(below, UnreadableRow):
        return None
    top = [header_text(cell) for cell in top]
    cells = [header_text(cell) for cell in below]
    width = max(len(top), len(cells))
    top += [""] * (width - len(top))
    cells += [""] * (width - len(cells))
    under_id = [cells[i] for i, cell in enumerate(top) if field(cell) == "household_id"]
    if any(cell and field(cell) != "household_id" for cell in under_id):
        return None
    if any(field(above) and _NUMBER.fullmatch(cell) for above, cell in zip(top, cells, strict=True)):
        return None  # a number under a column's name (532328, 3, 1000): a row of data
    if not any(cell and cell != above and field(cell) for above, cell in zip(top, cells, strict=True)):
        return None
    named = [cell or above for above, cell in zip(top, cells, strict=True)]
    fields = [f for f in map(field, named) if f]
    if len(fields) != len(set(fields)):
        return None  # a column named twice: the row's cell names a column the header has (a remark), data
    return named


#: A cell that is a number (a count, an amount, a code), as a row of data holds under the names of columns.
_NUMBER = re.compile(r"[-+]?[0-9][0-9,]*(?:\.[0-9]*)?|[-+]?\.[0-9]+")


def written_row(cells: Sequence[str]) -> tuple[str, ...]:
    """A header row as :func:`repeats_header` compares it: its cells trimmed, without empty cells at its end."""
    trimmed = [header_text(cell) for cell in cells]
    while trimmed and not trimmed[-1]:
        trimmed.pop()
    return tuple(trimmed)


def header_cells(header_rows: Sequence[tuple[str, ...]], at: int) -> list[str]:
    """What each of the header's written rows (:attr:`HouseholdFile.header_rows`) holds in column ``at``
    (empty past its last filled cell): under 户编号, 户编号 or an empty cell on a second row saved as CSV."""
    return [row[at] if at < len(row) else "" for row in header_rows]


def repeats_header(cells: Sequence[str], columns: Sequence[str], header_rows: Sequence[tuple[str, ...]] = ()) -> bool:
    """Whether a row of data is the header again (files joined into one keep each one's header): its cells,
    trimmed, are the header's, or those of one of the header's two rows (``header_rows``)."""
    if [header_text(cell) for cell in cells] == list(columns):
        return True
    return bool(header_rows) and written_row(cells) in header_rows


def header_names(columns: Sequence[str], header_rows: Sequence[tuple[str, ...]] = ()) -> frozenset[str]:
    """Every name the header writes, trimmed: its columns' and what its two rows (``header_rows``) hold."""
    written = (*columns, *(cell for row in header_rows for cell in row))
    return frozenset(name for name in map(header_text, written) if name)


def header_key_texts(columns: Sequence[str], header_rows: Sequence[tuple[str, ...]], at: int) -> frozenset[str]:
    """What a header's row may hold under 户编号 (column ``at``), read as keys are
    (:func:`~fanpin.io.keys.id_key_text`): any of the header's names (a second export's header in another order
    has another one there), and what its rows hold there (an empty cell on a second row saved as CSV)."""
    written = (*header_names(columns, header_rows), *header_cells(header_rows, at))
    return frozenset(id_key_text(text) for text in written)


def header_again(
    cells: Sequence[str], columns: Sequence[str], header_rows: Sequence[tuple[str, ...]], where: Location
) -> bool:
    """Whether a data row is the header again (:func:`repeats_header`: refused as a row, the file read on).

    A row that holds the header's names in another order, or some of them beside others (two files joined
    into one, one exported with its columns in another order), is no row to refuse: each row below it would
    be read under the wrong columns (its 工资性收入 as 转移性收入), scored and wrong. The file is refused at it,
    with the first column whose name moved (:class:`~fanpin.errors.InputFileError` at ``where``)."""
    if repeats_header(cells, columns, header_rows):
        return True
    names = header_names(columns, header_rows)
    filled = [cell for cell in map(header_text, cells) if cell]
    named = sum(cell in names for cell in filled)
    if len(filled) < 2 or named < 2 or 2 * named < len(filled):
        return False
    width = range(max(len(cells), len(columns)))
    at = next((i for i in width if _written(cells, i) != _written(columns, i)), 0)
    written, expected = _written(cells, at), _written(columns, at)
    raise InputFileError(
        f"line {where.line} holds column names as a header does, in another order than the header's "
        f"(column {at + 1} is {written or '(empty)'} where the header has {expected or '(empty)'}): "
        "each row below it would be read under another column's name",
        fix="put the columns below that line in the header's order (or score each of the joined files on its own)",
        location=where,
    )


def _written(cells: Sequence[str], at: int) -> str:
    return header_text(cells[at]) if at < len(cells) else ""


def pushed_back(first: Numbered, rest: Iterator[Numbered]) -> Iterator[Numbered]:
    """``first``, then ``rest``: a row read ahead and given back; ``rest`` is closed with this."""
    try:
        yield first
        yield from rest
    finally:
        close = getattr(rest, "close", None)
        if close is not None:
            close()


#: The columns only a scored table has (fanpin score's output, in either language or by id): a file with four
#: of them is a scored file given to score again.
_SCORED_ONLY = ("income_band", "alert_level", "flags", "plan", "explanation", "not_evaluable", "rulebook_version")


def _member_list_error(
    path: Path, header: Sequence[str], line: int, encoding: str, labels: str
) -> InputFileError | None:
    """The error for a member list (one row per person: :func:`~fanpin.io.export.is_member_list`) read as a
    household table, refused for 家庭人口数 (``labels``: the columns a table lacks), a column no export has:
    a person-level export is read from CSV or .xlsx only, and told for one by 证件号码 or 与户主关系. None
    for a CSV or .xlsx export given to :func:`read_households` itself (the library's reader of tables)."""
    from fanpin.io.export import is_export, member_columns

    cells = member_columns(header)
    names = ", ".join(cells[:3]) + (", …" if len(cells) > 3 else "")
    kind = "Parquet" if encoding == "parquet" else "JSON Lines" if path.suffix.lower() in JSON_LINES else None
    if kind is not None:
        return InputFileError(
            f"the file is a list of members, one row per person (it names {names}): a person-level export is "
            f"read from CSV or .xlsx, not from {kind}, and a {kind} file is read as a household table, which "
            f"needs {labels}",
            fix="give the export as the national system saves it (.xlsx), or saved as CSV",
            location=Location(str(path)),  # its header is its column names, on no line
        )
    if is_export(header):
        return None
    return InputFileError(
        f"the file is a list of members, one row per person (it names {names}), but it has neither 证件号码 nor "
        f"与户主关系, by which fanpin tells a person-level export; read as a household table, it lacks {labels}",
        fix="export the file again with its 证件号码 or 与户主关系 column, or name the column that holds either so",
        location=Location(str(path), line),
    )


def refuse_scored_file(header: Sequence[str], location: Location) -> None:
    """An :class:`~fanpin.errors.InputFileError` for a header that is a scored table's, called where the file
    is refused anyway (a scored file given to ``fanpin score`` again, by mistake: it had been refused for the
    input columns it lacks, or, in Parquet, for its lists; one scored with ``--keep-columns all`` holds the
    household's columns too, and is scored again)."""
    from fanpin.results.columns import HEADERS

    names = set(map(header_text, header))
    found = [
        HEADERS["zh"][c] if HEADERS["zh"][c] in names else c
        for c in _SCORED_ONLY
        if {HEADERS["zh"][c], HEADERS["en"][c], c} & names
    ]
    if len(found) >= 4:
        raise InputFileError(
            f"this is a table fanpin score wrote (its columns {', '.join(found[:4])} …): it holds scored households, "
            "not the households to score",
            fix="score the household table or the export it was scored from; to sum up a scored file, run fanpin "
            "report on it",
            location=location,
        )


def _refuse_internal_names(path: Path, line: int, header: list[str]) -> None:
    """A column named like fanpin's own working columns (``__line`` …) would be mistaken for one."""
    for position, name in enumerate(header, start=1):
        if name.startswith("__"):
            raise InputFileError(
                f"column {position} is named {name!r}: names starting with __ are fanpin's own",
                fix="rename the column",
                location=Location(str(path), line),
            )


def _refuse_repeated_columns(path: Path, line: int, header: list[str]) -> None:
    """Two columns for one thing: the file is refused rather than one column silently winning."""
    repeated = repeated_column(header)
    if repeated is not None:
        first, second = repeated
        raise InputFileError(
            f"columns {first} and {second} ({header[first - 1]}, {header[second - 1]}) are the same column: "
            "one of them would be ignored",
            fix="keep one of the two columns (or rename the one that means something else)",
            location=Location(str(path), line),
        )


def raw_rows(path: Path) -> tuple[str, Iterator[Numbered]]:
    """A file's encoding (``xlsx`` and ``parquet`` for those formats) and all its rows as text cells,
    title and header rows included, read lazily, each with the line it starts on."""
    suffix = path.suffix.lower()
    if suffix in WORKBOOKS:
        return "xlsx", xlsx_rows(path)
    if suffix in JSON_LINES:
        _refuse_utf16(path)
        return "utf-8", jsonl_rows(path)
    if suffix == ".parquet":
        return "parquet", parquet_rows(path)
    encoding = sniff_encoding(path)
    return encoding, csv_rows(path, encoding)


#: The suffixes of JSON Lines files.
JSON_LINES = (".jsonl", ".ndjson")
#: The suffixes of the workbooks read as .xlsx: an .xlsm is an .xlsx that may hold macros (never run: the
#: sheet's saved values are read). It was read as CSV, and refused as neither UTF-8 nor GBK text.
WORKBOOKS = (".xlsx", ".xlsm")
_CSV_ENCODINGS = ("utf-8", "utf-8-sig", "gbk", "gb18030")
_SNIFF_BYTES = 1 << 20


def delimiter_hint(cells: Sequence[str]) -> str | None:
    """How a header row read as CSV is separated when it is not by commas: ``"tabs"`` or ``"semicolons"``
    when a cell holds 户编号 (or household_id) beside one (Excel's text, some locales' CSV); else None."""
    for cell in cells:
        if "户编号" in cell or "household_id" in cell:
            if "\t" in cell:
                return "tabs"
            if ";" in cell:
                return "semicolons"
    return None


def _refuse_utf16(path: Path) -> None:
    """A UTF-16 or UTF-32 file (it starts with its byte-order mark) is refused by name: read as UTF-8 it
    would be a file of unreadable lines. (UTF-32's little-endian mark begins as UTF-16's does: a UTF-32 file
    had been called Excel's 'Unicode Text'.)"""
    with path.open("rb") as stream:
        head = stream.read(4)
    if head in (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE):
        raise InputFileError(
            "the file is UTF-32 text, which no spreadsheet saves a table as",
            fix="save it as UTF-8 (from Excel: 'CSV UTF-8 (Comma delimited)'; from a text editor: UTF-8)",
            location=Location(str(path)),
        )
    if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        raise InputFileError(
            "the file is UTF-16 text (what Excel saves as 'Unicode Text', its cells separated by tabs)",
            fix="save it as UTF-8 (from Excel: 'CSV UTF-8 (Comma delimited)')",
            location=Location(str(path)),
        )


def sniff_encoding(path: Path) -> str:
    """The encoding of a CSV file, from its first megabyte (a character cut at the end is allowed)."""
    _refuse_utf16(path)
    with path.open("rb") as stream:
        head = stream.read(_SNIFF_BYTES)
        complete = len(head) < _SNIFF_BYTES
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if _mostly(head, complete, "utf-8"):
        return "utf-8"  # a few lines in another encoding are refused when they are read
    for encoding in ("utf-8", "gb18030"):
        try:
            codecs.getincrementaldecoder(encoding)().decode(head, final=complete)
        except UnicodeDecodeError:
            continue
        if encoding == "gb18030":
            return "gbk" if _decodes(head, "gbk", complete) else "gb18030"
        return encoding
    if _mostly(head, complete, "gb18030"):  # a few lines that are not text are refused when they are read
        return "gbk" if _mostly(head, complete, "gbk") else "gb18030"
    what, fix = _workbook_named(head, path.suffix) or (
        "the file is neither UTF-8 nor GBK/GB18030 text",
        "save it as CSV UTF-8 from Excel",
    )
    raise InputFileError(what, fix=fix, location=Location(str(path)))


def _workbook_named(head: bytes, suffix: str) -> tuple[str, str] | None:
    """What a file read as text (a CSV, or a name fanpin does not know) is when it starts as a workbook: an
    old-format .xls, a workbook encrypted with a password (compound files), or an .xlsx (a zip archive),
    named otherwise. Each had been refused as neither UTF-8 nor GBK text, to be saved as CSV."""
    named = f"named {suffix}" if suffix else "without .xlsx at the end of its name"
    if head.startswith(_COMPOUND) and _ENCRYPTED in head:
        return (
            "the file is an Excel workbook encrypted with a password, which fanpin cannot open",
            "open it in Excel or WPS, remove the password (File > Info > Protect Workbook > Encrypt with Password, "
            "left empty) and save it as Excel Workbook (.xlsx)",
        )
    if head.startswith(_COMPOUND):
        return (
            f"the file is an old-format Excel workbook (.xls){'' if suffix == '.xls' else ' ' + named}, which fanpin "
            "does not read",
            "open it in Excel or WPS and save it as Excel Workbook (.xlsx)",
        )
    if head.startswith(_ZIP):
        return f"the file is a zip archive {named}: an .xlsx workbook, or another", "if it is a workbook, name it .xlsx"
    return None


def _mostly(head: bytes, complete: bool, encoding: str) -> bool:
    """Whether more of the lines holding non-ASCII bytes are text in ``encoding`` than not, some not: a
    UTF-8 file into which rows in another encoding were pasted (a GBK file's lines are seldom UTF-8 by
    chance), or a GBK file with a line of bytes that are no text (a cell damaged by another program). As
    many of each is decided by the first such line, the header's in a table with Chinese headers: a file of
    a UTF-8 header and one row in another encoding had been refused as a whole, its row not named."""
    lines = head.split(b"\n")
    if not complete:
        lines.pop()  # perhaps cut in the middle of a character
    good = other = 0
    first: bool | None = None
    for line in lines:
        if not line.isascii():
            decodes = _decodes(line, encoding, True)
            first = decodes if first is None else first
            good, other = good + decodes, other + (not decodes)
    return other > 0 and (good > other or (good == other and bool(first)))


def _decodes(data: bytes, encoding: str, final: bool) -> bool:
    try:
        codecs.getincrementaldecoder(encoding)().decode(data, final=final)
    except UnicodeDecodeError:
        return False
    return True


def line_end(path: Path) -> str:
    """How a CSV file's lines end, from its first megabyte: ``"\n"`` (LF or CR LF, also for a file of
    one line), ``"\r"`` (a CR alone, as old Mac Excel saves CSV), or ``""`` when both end lines outside
    quotes (such a file is read row by row).

    A line break stands outside quotes when an even number of quotes stands before it: numpy's running
    xor of the quote marks says which, where a look at each quote and break (an export writes its empty
    cells ``""``, some 35 quotes a line) took 38–41 ms a megabyte, and a run looks three times."""
    import numpy as np  # loaded when a file is read: ``import fanpin`` does not load numpy

    with path.open("rb") as stream:
        head = stream.read(_SNIFF_BYTES)
    if len(head) == _SNIFF_BYTES and head.endswith(b"\r"):
        head = head[:-1]  # maybe the first half of a CR LF
    data = np.frombuffer(head, dtype=np.uint8)
    if not data.size:
        return "\n"
    quoted = np.bitwise_xor.accumulate((data == _QUOTE).view(np.uint8))  # odd quotes up to each byte
    crs = np.flatnonzero((data == _CR) & (quoted == 0))
    lfs = np.flatnonzero((data == _LF) & (quoted == 0))
    # the byte after each CR and before each LF, or the byte itself at the ends (a CR, an LF: neither pairs)
    crlf = data[np.minimum(crs + 1, data.size - 1)] == _LF
    lone_lf = data[np.maximum(lfs - 1, 0)] != _CR
    ends = {"\r"} if not crlf.all() else set()
    if crlf.any() or lone_lf.any():
        ends.add("\n")
    return "" if len(ends) > 1 else ends.pop() if ends else "\n"


_QUOTE, _CR, _LF = ord('"'), ord("\r"), ord("\n")


def encoding_name(encoding: str) -> str:
    """``UTF-8``, ``GBK`` or ``GB18030``: an encoding as messages name it."""
    return {"utf-8-sig": "UTF-8", "utf-8": "UTF-8"}.get(encoding, encoding.upper())


def not_text(encoding: str) -> str:
    """The reason a line is refused whose bytes are not text in the file's encoding."""
    return (
        f"this line is not {encoding_name(encoding)} text (the file mixes encodings); "
        "save the whole file again as CSV UTF-8 from Excel"
    )


def refuse_unreadable_title(path: Path, encoding: str, line: int, row: Sequence[str]) -> None:
    """A line before the header row that is not text in the file's encoding: the file mixes encodings,
    most often two exports joined, one saved as GBK and one as UTF-8. The rows before the header would be
    taken for titles and skipped (a whole part of the file, when the header read is the second part's),
    so the file is refused by what is wrong with it."""
    if isinstance(row, UnreadableRow) and row.reason == not_text(encoding):
        raise InputFileError(
            f"line {line} is not {encoding_name(encoding)} text and comes before any header row naming 户编号 "
            "(a title, or the header itself, in another encoding): the file mixes encodings, as when two "
            "exports saved differently are joined, and rows before the header would be skipped",
            fix="save each part again as CSV UTF-8 from Excel before joining them (or save the whole file "
            "again as CSV UTF-8)",
            location=Location(str(path), line),
        )


#: Bytes that did not decode, as the ``surrogateescape`` error handler keeps them.
_UNDECODED = re.compile("[\udc80-\udcff]")
#: What stands in an :class:`UnreadableRow`'s cells for those bytes (the replacement character).
UNDECODED = "\ufffd"
#: Far beyond any real cell, and within the csv module's limit on every platform (a C long).
_LONGEST_CELL = 2**31 - 1


class _Lines:
    """The lines of a text stream as the csv module reads them, keeping those of the current record."""

    def __init__(self, stream: Iterator[str]) -> None:
        self.stream = stream
        self.record: list[str] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = next(self.stream)
        self.record.append(line)
        return line

    def take(self) -> list[str]:
        lines, self.record = self.record, []
        return lines


#: The byte-order mark a UTF-8 file may start with (Excel writes it): the start of a row when files
#: carrying one were joined into one (``cat a.csv b.csv``). It is not part of the row's first cell.
BOM = "\ufeff"


def csv_rows(path: Path, encoding: str) -> Iterator[Numbered]:
    """CSV records, decoded as they are read (GBK is read as GB18030, its superset), each with the line
    it starts on, a :data:`BOM` before its first cell left out. A record holding bytes that are not text
    in ``encoding`` is an :class:`UnreadableRow`
    in its place; a quote opened and never closed is an :class:`~fanpin.InputFileError` naming its line.
    Cells of any length are read (the csv module's own limit is 131 072 characters)."""
    codec = "gb18030" if encoding == "gbk" else encoding
    if csv.field_size_limit() < _LONGEST_CELL:
        csv.field_size_limit(_LONGEST_CELL)
    with path.open(encoding=codec, errors="surrogateescape", newline="") as stream:
        lines = _Lines(stream)
        records = csv.reader(lines)
        line, start, last = 0, 1, [""]
        for record in records:
            line, start, last = start, records.line_num + 1, lines.take()
            # A cell is a part of the record's lines: only lines holding undecoded bytes need the cells checked.
            if record and record[0].startswith(BOM):  # a file's own mark, left where files were joined
                record[0] = record[0][1:]
            if any(_UNDECODED.search(text) for text in last) and any(_UNDECODED.search(cell) for cell in record):
                yield line, UnreadableRow(not_text(encoding), [_UNDECODED.sub(UNDECODED, c) for c in record])
            else:
                yield line, record
        if _quote_left_open(last):
            raise InputFileError(
                'a quote (") is opened and never closed, so the rows after it cannot be told apart',
                fix="close or remove the quote in that cell and save the file again",
                location=Location(str(path), line),
            )


def _quote_left_open(lines: list[str]) -> bool:
    """Whether the file's last record ends inside a quoted cell (the csv module then reads the rest of
    the file into that cell without a word)."""
    try:
        for _ in csv.reader(lines, strict=True):
            pass
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False


#: The fix of a file with no text in it: empty, or blank lines alone.
EMPTY_FIX = "export the households again; a file still being copied or saved is empty until it is done"

#: A file of JSON not named as JSON Lines (a list of records, as json.dump writes one), and what to do.
JSON_NOT_LINES = "the file is JSON, not a CSV table: fanpin reads JSON as JSON Lines, in a file named .jsonl"
JSON_NOT_LINES_FIX = "write one JSON object per household on each line (not a list [ … ]) and name the file .jsonl"


def _json_text(path: Path) -> bool:
    """Whether a text file's first character, past a byte-order mark and blank space, opens JSON (``[`` or ``{``):
    no CSV header starts so."""
    with path.open("rb") as stream:
        head = stream.read(4096).removeprefix(codecs.BOM_UTF8).lstrip()
    return head[:1] in (b"[", b"{")


#: The bytes a Parquet file starts and ends with.
PARQUET_MARK = b"PAR1"


def check_parquet_whole(path: Path, *, fix: str) -> None:
    """Refuses a file named .parquet that is empty, or that does not start and end with Parquet's mark
    (:data:`PARQUET_MARK`): a copy cut short, or another kind of file renamed. polars' own error would name
    its class only (ComputeError)."""
    size = path.stat().st_size
    if size == 0:
        raise InputFileError("the file is empty (0 bytes)", fix=fix, location=Location(str(path)))
    with path.open("rb") as file:
        head = file.read(len(PARQUET_MARK))
        file.seek(max(size - len(PARQUET_MARK), 0))
        tail = file.read(len(PARQUET_MARK))
    if head != PARQUET_MARK or tail != PARQUET_MARK or size < 3 * len(PARQUET_MARK):
        raise InputFileError(
            "not a whole Parquet file: it does not end as a Parquet file does (PAR1)"
            if head == PARQUET_MARK
            else "not a Parquet file: it does not start as a Parquet file does (PAR1)",
            fix=fix,
            location=Location(str(path)),
        )


def parquet_schema(path: Path) -> list[str]:
    """The column names of a Parquet file, after checking that each holds one value per cell: a column
    of lists or records is refused, naming it (its cells have no text to read)."""
    import polars as pl

    check_parquet_whole(
        path,
        fix="write the file again (a copy that stopped before its end is cut short: copy it again), or save "
        "the table as CSV",
    )
    try:
        schema = pl.scan_parquet(path).collect_schema()
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise InputFileError(
            f"not a readable Parquet file ({type(exc).__name__})",
            fix="write the file again, or save the table as CSV",
            location=Location(str(path)),
        ) from None
    try:
        refuse_nested_columns(schema, Location(str(path)))
    except InputFileError:  # a scored file's lists: said as what it is
        refuse_scored_file(schema.names(), Location(str(path)))
        raise
    return schema.names()


def refuse_nested_columns(
    schema: Mapping[str, Any], location: Location, *, fix: str | Callable[[str, Any], str] = ""
) -> None:
    """An :class:`~fanpin.errors.InputFileError` for the first column of ``schema`` (polars types) whose
    cells are not one text, number or date each (lists, records, binary, durations, Python objects). ``fix``: what
    to do, or a function of the column's name and type that says it (a host's frame: a binary column is text
    not yet decoded, a column of members no one row's cell)."""
    for position, (name, dtype) in enumerate(schema.items(), start=1):
        if dtype.base_type() not in _text_like() and not dtype.is_numeric():
            raise InputFileError(
                f"column {position} ({name}) holds {dtype} values, not one text, number or date per cell",
                fix=(fix(name, dtype) if callable(fix) else fix)
                or "write that column as text (one value per cell), or leave it out of the file",
                location=location,
            )


def as_text(schema: Mapping[str, Any]) -> list[pl.Expr]:
    """Each column of ``schema`` as the text of its cells, as fanpin reads a cell: numbers as written,
    dates in ISO form, a datetime as its date (in its own time zone, as a spreadsheet's date cell)."""
    import polars as pl

    return [
        pl.col(name).dt.date().cast(pl.String) if dtype.base_type() in (pl.Date, pl.Datetime)
        else float_text(pl.col(name)) if dtype.is_float()
        else pl.col(name).cast(pl.String)
        for name, dtype in schema.items()
    ]  # fmt: skip


def float_text(column: pl.Expr) -> pl.Expr:
    """A float column's cells as Python writes them where fanpin reads a float given as a cell
    (:func:`~fanpin.model.values.written_out`): one of 2^53 or more, either sign, as
    :func:`~fanpin.model.values.float_written` writes it, its exponent after at least fifteen places
    (``9007199254740993.0`` is ``9.007199254740992e+15``: its last digit is not the one given, and a code
    written so is refused as a float whose last digits were lost); NaN as an empty cell (the missing value of a
    float column); any other as polars writes it (``inf`` too: refused as a code, as no amount or count).

    >>> import polars as pl
    >>> values = pl.DataFrame({"x": [9007199254740993.0, 5323281010000123.0, 1.5e17, -1e100, float("nan")]})
    >>> values.select(float_text(pl.col("x"))).to_series().to_list()
    ['9.007199254740992e+15', '5323281010000123.0', '1.500000000000000e+17', '-1.000000000000000e+100', None]
    """
    import polars as pl

    text = column.cast(pl.String)
    size = column.abs()
    # below 1e16 polars writes the whole number, every digit (-9007199254740992.0): one before the point, the
    # fifteen after it; from 1e16 on, its shortest digits with an exponent (1e+16, 1.5e+17), padded to fifteen
    # places, as Python's text of it is (float_written)
    whole = r"^(-?[0-9])([0-9]{15})\.0$"
    written = pl.concat_str(text.str.extract(whole, 1), pl.lit("."), text.str.extract(whole, 2), pl.lit("e+15"))
    shortest = r"^(-?[0-9])(?:\.([0-9]+))?e\+([0-9]+)$"
    places = text.str.extract(shortest, 2).fill_null("").str.pad_end(15, "0")
    exponent = pl.concat_str(
        text.str.extract(shortest, 1), pl.lit("."), places, pl.lit("e+"), text.str.extract(shortest, 3)
    )
    # NaN, a float column's missing value (pandas' too), is an empty cell: it had been a household "NaN"
    return (
        pl.when((size >= FLOAT_HELD) & (size < 1e16))
        .then(written)  # named as the column, as the first value is
        .when((size >= 1e16) & size.is_finite())
        .then(exponent)
        .when(column.is_nan())
        .then(None)
        .otherwise(text)
    )


def _text_like() -> frozenset[object]:
    """The Parquet column types whose cells read as text (besides numbers)."""
    import polars as pl

    return frozenset(
        {pl.String, pl.Boolean, pl.Categorical, pl.Enum, pl.Date, pl.Datetime, pl.Time, pl.Decimal, pl.Null}
    )


def parquet_rows(path: Path) -> Iterator[Numbered]:
    """A Parquet file's rows as text cells (numbers as written, dates ISO), its column names first
    (line 1; the first row is line 2). A row with a yes/no value in a column fanpin reads as text (a Boolean
    column of 户编号, of names …: :func:`read_as_text`) is unreadable, for :data:`NOT_TEXT_BOOL`, as a host's
    frame of it is refused (it had been the household or the name ``true``)."""
    import polars as pl

    names = parquet_schema(path)
    yield 1, names
    lazy = pl.scan_parquet(path)
    schema = lazy.collect_schema()
    text = lazy.select(as_text(schema))
    texts = read_as_text(names)
    yes_no = [at for at, dtype in enumerate(schema.values()) if dtype == pl.Boolean and names[at] in texts]
    line = 1
    for batch in damaged_parquet_guard(path, text.collect_batches(chunk_size=50_000)):
        for row in batch.iter_rows():
            line += 1
            cells = ["" if v is None else v for v in row]
            at = next((at for at in yes_no if row[at] is not None), None)
            yield line, cells if at is None else UnreadableRow(NOT_TEXT_BOOL, cells, at, cells[at])


def read_as_text(header: Sequence[str]) -> frozenset[str]:
    """The headers of a household table's ``header`` whose columns fanpin reads as text, where a yes/no value
    (JSON's ``true``, a Parquet file's Boolean column) is refused (:data:`NOT_TEXT_BOOL`): 户编号,
    行政区划代码, the head's name and ID number, 贷款用途 and the measures in place. (A person-level export is
    read from CSV or .xlsx only: text, or Excel's ``TRUE`` as the sheet shows it.)"""
    texts = {n for n, f in Household.model_fields.items() if Kind.TEXT in f.metadata} | {"measures_in_place"}
    return frozenset(h for h in header if ALIASES.get(header_text(h)) in texts)


T = TypeVar("T")


def damaged_parquet_guard(path: Path, batches: Iterator[T]) -> Iterator[T]:
    """``batches``, with a Parquet file that cannot be read to its end turned into a clean error."""
    import polars as pl

    try:
        yield from batches
    except pl.exceptions.PolarsError as exc:
        raise InputFileError(
            f"the Parquet file is damaged and cannot be read to its end ({type(exc).__name__})",
            fix="write the file again, or save the table as CSV",
            location=Location(str(path)),
        ) from None


def ragged(row: list[str], width: int) -> str | None:
    """The reason a row is refused before validation (it holds more cells than the header, or it is an
    :class:`UnreadableRow`), or None.

    Extra cells that are empty are ignored (spreadsheets often save a trailing comma); a filled one
    would have no column to go to, so the row is refused rather than losing it.
    """
    if isinstance(row, UnreadableRow):
        return row.reason
    filled = [i for i in range(width, len(row)) if row[i].strip()]
    return f"{filled[-1] + 1} cells but {width} headers" if filled else None


def sheet_datetime_text(value: datetime) -> str:
    """An .xlsx cell's date and time (openpyxl's datetime) as the text a CSV saved from the sheet holds: the
    date alone (``2023-04-15``) where its time is midnight, else the date and the time (``2023-04-15 09:30:00``),
    which a date or month column refuses as it refuses that CSV's ``2023-04-15 9:30``. The time is taken to
    the nearest second, as Excel shows it: a serial's float error (``00:00:00.001``, ``23:59:59.999``, which
    Excel shows as the midnight it is next to) is that midnight, ``23:59:59.999`` the next day's. A datetime
    of a pandas or Parquet column is not read here, but as its date (:func:`as_text`).

    >>> shown = sheet_datetime_text
    >>> shown(datetime(2023, 4, 15, 9, 30)), shown(datetime(2023, 4, 15, 0, 0, 0, 1000))
    ('2023-04-15 09:30:00', '2023-04-15')
    >>> shown(datetime(2023, 4, 15, 23, 59, 59, 999000)), shown(datetime(2023, 4, 15, 0, 0, 1))
    ('2023-04-16', '2023-04-15 00:00:01')
    """
    try:
        shown = (value + timedelta(microseconds=500_000)).replace(microsecond=0, tzinfo=None)
    except OverflowError:  # within half a second of the end of year 9999
        shown = value.replace(microsecond=0, tzinfo=None)
    if shown.time() == time(0):
        return shown.date().isoformat()
    return f"{shown.date().isoformat()} {shown.time().isoformat()}"


def _cell_text(value: object, *, json_text: bool = False) -> str:
    """A spreadsheet or JSON cell as export text: numbers as written (19800101.0 stays so), dates ISO,
    a JSON list or object as JSON; a yes/no value as the source shows it (Excel's ``TRUE``, JSON's ``true``
    with ``json_text``: Python's ``True`` had been quoted in the errors file and passed through)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return ("true" if value else "false") if json_text else ("TRUE" if value else "FALSE")
    if isinstance(value, datetime):
        return sheet_datetime_text(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, timedelta):
        return sheet_duration_text(value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    if json_text and isinstance(value, _WrittenFloat) and "e" in value.text.lower():
        # a JSON number past 2^53 written with an exponent (1.5e+16, as a program writes a float): told it was a
        # float, not Excel's scientific notation; one written in digits is read as written (_WrittenFloat)
        return float_written(value) if math.isfinite(value) else _past_floats_written(value.text)
    return str(value)


def _past_floats_written(text: str) -> str:
    """A JSON number written with an exponent past the largest float (``1e400``, whose float is infinity) as
    :func:`~fanpin.model.values.float_written` writes a float of 2^53 or more, from its text: the same reason as
    ``1e20`` in every column (too large for an amount, a float for a code), where it had been told "infinity".

    >>> _past_floats_written("1e400"), _past_floats_written("-12.5E+400")
    ('1.000000000000000e+400', '-1.250000000000000e+401')
    """
    return format(Decimal(text), ".15e")


def sheet_duration_text(value: timedelta) -> str:
    """An .xlsx cell of a duration format (``[h]:mm:ss``, openpyxl's timedelta) as Excel shows it, in hours,
    minutes and seconds (``1097937:30:00``), where Python's text had put the English word "days" in a Chinese
    errors file (``45747 days, 9:30:00``).

    >>> sheet_duration_text(timedelta(days=45747, hours=9, minutes=30)), sheet_duration_text(timedelta(seconds=-90))
    ('1097937:30:00', '-0:01:30')
    """
    seconds = round(value.total_seconds())
    sign, seconds = ("-" if seconds < 0 else ""), abs(seconds)
    return f"{sign}{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


#: The rows of each other sheet looked at for a header when the first sheet has none (:func:`_sheet_with_header`).
OTHER_SHEET_ROWS = 30


def _sheet_with_header(path: Path) -> tuple[str, str, bool] | None:
    """(the first sheet shown's title, the first other sheet's whose first :data:`OTHER_SHEET_ROWS` rows name
    户编号, whether that sheet is hidden), or None: a workbook whose first sheet holds instructions (填表说明) and
    whose table is on the next, or whose table is on a sheet hidden (whose tab a clerk does not see to move).
    Looked at only to say so when the first sheet has no header; any trouble reading them is None. A row
    there that is a scored table's header (the township workbook fanpin score writes, given to it again) is
    refused as such (:func:`refuse_scored_file`)."""
    from fanpin.io.sheet import open_workbook

    try:
        workbook = open_workbook(path)
    except Exception:  # the error being raised already says what is wrong with the file
        return None
    try:
        first = first_shown(workbook.worksheets)
        for sheet in workbook.worksheets:
            if sheet is first:
                continue
            rows = sheet.iter_rows(max_row=OTHER_SHEET_ROWS, values_only=True)
            for values in rows:
                cells = [header_text(_cell_text(v)) for v in values]
                if any(ALIASES.get(cell) == "household_id" for cell in cells):
                    refuse_scored_file(cells, Location(str(path)))
                    hidden = getattr(sheet, "sheet_state", "visible") != "visible"
                    return mask_numbers(first.title), mask_numbers(sheet.title), hidden
        return None
    except InputFileError:
        raise
    except Exception:  # a damaged other sheet: nothing to point at
        return None
    finally:
        workbook.close()


def _every_sheet_empty(path: Path) -> bool:
    """Whether no sheet of the workbook holds a cell with text in its first :data:`OTHER_SHEET_ROWS` rows (a new
    workbook saved before the table was pasted in); False when it cannot be told (the error being raised already
    says what is wrong with the file)."""
    from fanpin.io.sheet import open_workbook

    try:
        workbook = open_workbook(path)
    except Exception:
        return False
    try:
        return not any(
            _cell_text(value).strip()
            for sheet in workbook.worksheets
            for values in sheet.iter_rows(max_row=OTHER_SHEET_ROWS, values_only=True)
            for value in values
        )
    except Exception:  # a damaged sheet: not told as empty
        return False
    finally:
        workbook.close()


def xlsx_rows(path: Path) -> SheetRows:
    """The first sheet's rows (the first not hidden: :func:`first_shown`) as text (title rows included: the
    header row is found by its names), each with its row number. A formula saved without its calculated
    value makes its row an :class:`UnreadableRow` naming the cell (it is not read as empty); a missing or
    cut-off sheet is an :class:`~fanpin.InputFileError`. Cells merged over several rows are read on each
    (:class:`_MergedDown`), their ranges kept (:attr:`SheetRows.merged`)."""
    merged: list[Merged] = []
    hidden: list[int] = []
    date_1904: list[bool] = []
    others: list[str] = []
    return SheetRows(_sheet_rows(path, merged, hidden, date_1904, others), merged, hidden, date_1904, others)


class SheetRows(Iterator[Numbered]):
    """An .xlsx sheet's rows (:func:`xlsx_rows`), with the ranges of cells merged over several rows that they
    are read down (:attr:`merged`, known once the first row is read): whose rows an amount's range spans is
    checked from them (:func:`refuse_merged_amounts`, :class:`MergedAmounts`)."""

    def __init__(
        self,
        rows: Generator[Numbered, None, None],
        merged: list[Merged],
        hidden: list[int],
        date_1904: list[bool] | None = None,
        others: list[str] | None = None,
    ) -> None:
        self.rows, self.merged = rows, merged
        #: the numbers of the sheet's rows Excel or WPS does not show (a filter, or hidden by hand): read as any
        self.hidden = hidden
        #: ``[True]`` once the workbook is opened when it counts its days from 1904 (Excel's 1904 date system)
        self.date_1904 = [] if date_1904 is None else date_1904
        #: the titles of the workbook's other sheets shown that hold households too (:func:`other_tables`),
        #: known once the first row is read: not read
        self.others = others if others is not None else []

    def __next__(self) -> Numbered:
        return next(self.rows)

    def close(self) -> None:
        self.rows.close()


def _sheet_rows(
    path: Path, merged: list[Merged], hidden_rows: list[int], date_1904: list[bool], others: list[str]
) -> Generator[Numbered, None, None]:
    """:func:`xlsx_rows`, the sheet's ranges merged over several rows added to ``merged``, its hidden rows'
    numbers to ``hidden_rows``, whether it counts its days from 1904 to ``date_1904`` and the other sheets
    holding households to ``others`` when it is opened."""
    from fanpin.io.sheet import open_workbook, sheet_values

    try:
        workbook = open_workbook(path)  # openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for a broken file
        found = not_a_workbook(path)
        what, fix = found or (
            f"not a readable .xlsx workbook: {mask_numbers(str(exc))}",
            "re-save it from Excel as .xlsx",
        )
        raise InputFileError(what, fix=fix, location=Location(str(path))) from exc
    line = 0
    try:
        if not workbook.worksheets:
            raise InputFileError(
                "the workbook has no worksheet: its first sheet is missing or damaged",
                fix="re-save it from Excel as .xlsx",
                location=Location(str(path)),
            )
        sheet = first_shown(workbook.worksheets)
        date_1904.append(_counts_from_1904(workbook))
        others.extend(other_tables(workbook.worksheets, sheet))
        uncalculated, ranges, hidden = _sheet_marks(path, getattr(sheet, "_worksheet_path", ""))
        merged.extend(ranges)
        hidden_rows.extend(hidden)
        shown = _MergedDown(ranges)
        for line, values in enumerate(sheet_values(sheet), start=1):  # sheet.iter_rows(values_only=True)
            cells = shown([_cell_text(v) for v in values], line)
            if line in uncalculated:
                named = uncalculated[line]
                unread = {at for at in map(_column_of, named) if at is not None}
                yield line, UnreadableRow(_uncalculated(named), cells, _column_of(named[0]), unread=unread)
            elif (odd := _odd_cells(values)) is not None:
                yield line, OddCells(cells, line, *odd)
            else:
                yield line, cells
    except InputFileError:
        raise
    except Exception as exc:  # a cut-off or damaged sheet: openpyxl's XML parser stops mid-way
        after = f" after row {line}" if line else ""
        raise InputFileError(
            f"the first sheet is cut off or damaged{after} ({type(exc).__name__})",
            fix="re-save it from Excel as .xlsx",
            location=Location(str(path), line + 1),
        ) from None
    finally:
        workbook.close()


def _counts_from_1904(workbook: Any) -> bool:
    """Whether an openpyxl workbook keeps its dates in Excel's 1904 date system (its ``workbookPr date1904``)."""
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    return bool(getattr(workbook, "epoch", None) == CALENDAR_MAC_1904)


#: How a file starts: a compound file (an old .xls, or an .xlsx encrypted with a password), a zip archive.
_COMPOUND, _ZIP = bytes.fromhex("D0CF11E0A1B11AE1"), b"PK"
#: The stream a workbook encrypted with a password is kept in, as a compound file names it (UTF-16).
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_MARKUP = re.compile(rb"\s*<(?:\?xml|!doctype|html|table|meta|head|body)", re.IGNORECASE)


def not_a_workbook(path: Path) -> tuple[str, str] | None:
    """What a file named .xlsx that openpyxl cannot open is, and how to make it one, when its first bytes
    tell: an old-format .xls renamed, a workbook encrypted with a password (both compound files, not zip
    archives), a zip cut short (a copy or download that did not finish), a web page or XML table (what some
    systems call an Excel export), or a CSV renamed. openpyxl said "File is not a zip file" of each, and
    fanpin told to re-save it from Excel, which keeps a password and is not what a renamed CSV needs."""
    import zipfile

    with path.open("rb") as stream:
        head = stream.read(_SNIFF_BYTES)
    if not head:
        return "the file is empty (0 bytes)", EMPTY_FIX
    if head.startswith(_COMPOUND):
        if _ENCRYPTED in head:
            return (
                "the workbook is encrypted with a password, which fanpin cannot open",
                "open it in Excel or WPS, remove the password (File > Info > Protect Workbook > Encrypt with "
                "Password, left empty) and save it again",
            )
        return (
            "an old-format Excel workbook (.xls) named .xlsx",
            "open it in Excel or WPS and save it as Excel Workbook (.xlsx)",
        )
    if head.startswith(_ZIP) and not zipfile.is_zipfile(path):
        return (
            "the workbook is cut off or damaged (a copy or download that did not finish, or a disk that filled up)",
            "copy or download it again, or open it in Excel or WPS and save it again as .xlsx",
        )
    if head.startswith(_ZIP):
        return None  # a whole zip archive, yet no workbook: openpyxl says what it lacks
    text = head.removeprefix(codecs.BOM_UTF8)
    if _MARKUP.match(text):
        return (
            "a web page or XML table named .xlsx (what some systems export as an Excel file), not an .xlsx workbook",
            "open it in Excel or WPS and save it as Excel Workbook (.xlsx)",
        )
    complete = len(head) < _SNIFF_BYTES
    as_text = (_decodes(text, e, complete) or _mostly(text, complete, e) for e in ("utf-8", "gb18030"))
    if b"\0" not in text and any(as_text):
        return "a text (CSV) file named .xlsx, not an .xlsx workbook", "rename it to .csv: fanpin reads CSV"
    return None


def other_tables(sheets: Sequence[Any], read: Any) -> list[str]:
    """The titles (numbers masked) of the sheets shown, besides ``read`` (the one read, :func:`first_shown`),
    whose first :data:`OTHER_SHEET_ROWS` rows hold a header row naming 户编号 with a row filled below it: a
    workbook of one export or table per township, of which only the first sheet is read, the others had been
    left unread without a word (3 sheets of 4). Any trouble reading a sheet leaves it out: it is not read."""
    from fanpin.model.export_columns import export_field  # an export's header names 户编号 as the export does

    def names_id(cell: str) -> bool:
        return ALIASES.get(cell) == "household_id" or export_field(cell) == "household_id"

    found: list[str] = []
    for sheet in sheets:
        if sheet is read or getattr(sheet, "sheet_state", "visible") != "visible":
            continue
        try:
            header = False
            for values in sheet.iter_rows(max_row=OTHER_SHEET_ROWS + 2, values_only=True):
                cells = [header_text(_cell_text(v)) for v in values]
                if header and any(cells) and not any(names_id(cell) for cell in cells):
                    found.append(mask_numbers(sheet.title))
                    break
                header = header or any(names_id(cell) for cell in cells if cell)
        except Exception:  # a damaged other sheet: not read, and nothing to say of it
            continue
    return found


def first_shown(sheets: Sequence[Any]) -> Any:
    """The workbook's first sheet that is not hidden: the first a clerk sees in Excel or WPS. A hidden first
    sheet (an old export kept out of sight, a lookup table) had been read without a word, and the export
    on the sheet shown was never read. The first sheet when all are hidden (Excel never saves a workbook
    so)."""
    return next((sheet for sheet in sheets if getattr(sheet, "sheet_state", "visible") == "visible"), sheets[0])


def _column_of(reference: str) -> int | None:
    """The column (0 for A) of a cell named as Excel names it (``G5``), or None (``row 5``: the XML named no cell)."""
    from openpyxl.utils import column_index_from_string  # loaded already: the row is a workbook's

    letters = reference.rstrip("0123456789")
    if not (letters.isascii() and letters.isalpha() and letters.isupper()):
        return None
    try:
        return column_index_from_string(letters) - 1
    except ValueError:  # beyond XFD: no column of a sheet
        return None


def _uncalculated(cells: list[str]) -> str:
    named = ", ".join(cells)
    return (
        f"cell {named} holds a formula saved without its calculated value (it would read as empty); "
        "open the file in Excel or WPS, let it calculate, and save it again"
    )


#: The smallest number a spreadsheet cell cannot hold to the digit: Excel and WPS keep 15 significant digits of
#: a number, so of an 18-digit ID number (or a 16-digit 户编号) typed or pasted into a cell not formatted as text
#: only the first 15 digits are left, the rest written as zeros (5.32328198001011e+17).
LOST_DIGITS_FROM = 10**15

#: The code columns of a household table, read without a leading apostrophe (:func:`~fanpin.model.values.code_text`):
#: ``'#N/A`` there is the error of Excel's ``#N/A``, refused as such (the batch validator's likewise).
_CODES = CODE_FIELDS | {"id_number"}


def _odd_cells(values: Sequence[Any]) -> tuple[dict[int, str], set[int], set[int]] | None:
    """The cells of a sheet row (0 for A) that hold an error of Excel's (→ the error), those that hold a
    number of 16 digits or more, and those whose number is shown as a percentage; None when there is none
    (:class:`OddCells`)."""
    errors: dict[int, str] = {}
    lost: set[int] = set()
    percent: set[int] = set()
    for at, value in enumerate(values):
        kind = type(value)
        if kind is str:
            if value in EXCEL_ERRORS:
                errors[at] = value
        elif (kind is int or kind is float) and abs(value) >= LOST_DIGITS_FROM and abs(value) != float("inf"):
            lost.add(at)
        elif kind is Percentage:
            percent.add(at)
    return (errors, lost, percent) if errors or lost or percent else None


def excel_error_reason(errors: Mapping[int, str], line: int) -> str:
    """Why a row whose cells ``errors`` (column, 0 for A → the error's text, ``#N/A``) hold errors of Excel's is
    refused, naming each cell as Excel does (``G5 (#N/A)``): an .xlsx error cell, or its text in a CSV saved
    from the sheet, in a column fanpin reads."""
    from openpyxl.utils import get_column_letter  # loaded when a row is refused, not when fanpin is imported

    named = ", ".join(f"{get_column_letter(at + 1)}{line} ({error})" for at, error in errors.items())
    return (
        f"cell {named} holds an error of Excel's instead of a value (a formula that could not be calculated, or "
        "a lookup that found nothing); correct the formula or type the value, and save the file again"
    )


class OddCells(list[str]):
    """A sheet row (its cells as written) some of whose cells hold no value fanpin can read:

    - **an error of Excel's** (``#N/A``, ``#REF!``: a formula that could not be calculated, a lookup that
      found nothing) is no value: read as text it was an ID number, a name or a remark ``#N/A`` without a word;
    - **a number of 16 digits or more**: no amount or count comes near it, so it is an identifier stored as
      a number, its last digits lost (Excel and WPS keep 15). Read as text it was not what the clerk typed:
      an ID number malformed without a word, 人编号 all alike (the same person listed again), 户编号 that
      merge households.

    - **a number shown as a percentage** (its cell formatted ``0%``: ``0.35`` shown ``35%``): no amount,
      count or code is a percentage, and read as its number, a cell the clerk saw as 35% (or typed so, in an
      amount's column) was 0.35 元 without a word. In a CSV saved from the sheet it is the text ``35%``,
      which is refused as no amount.

    Such a cell in a column fanpin reads refuses the row (:func:`odd_refused`); in a column it does not read
    (a lookup the clerk added beside the export, which fails on some rows) it is left as written, and so is a
    number of 16 digits or more in a column of numbers (an amount, a count, an area: :func:`numbers_read`),
    which its field refuses as too large, cell by cell (it had been taken for an identifier, and the row's
    other such cells named in one entry of the errors file). The header and title rows are read as written."""

    def __init__(
        self,
        cells: Iterable[str],
        line: int,
        errors: dict[int, str],
        lost: Collection[int],
        percent: Collection[int] = frozenset(),
    ) -> None:
        super().__init__(cells)
        self.line, self.errors, self.lost, self.percent = line, errors, lost, percent


def odd_refused(row: list[str], read: Collection[int], numbers: Collection[int] = frozenset()) -> list[str]:
    """``row``, or when it is an :class:`OddCells` with such a cell in a column ``read`` (0 for A), an
    :class:`UnreadableRow` naming those cells, which read as empty: a 户编号 so written names no household,
    and the row is refused as a member row whose household cannot be told (the households beside it with it),
    not as a household of its own. ``numbers``: the columns of numbers among ``read``, whose number of 16
    digits or more is left to its field (:class:`OddCells`)."""
    if not isinstance(row, OddCells):
        return row
    from openpyxl.utils import get_column_letter  # loaded already: the row is a workbook's

    errors = {at: error for at, error in row.errors.items() if at in read}
    lost = sorted(at for at in row.lost if at in read and at not in numbers)
    percent = sorted(at for at in row.percent if at in read)
    if errors:
        reason = excel_error_reason(errors, row.line)
        first, value = next(iter(errors.items()))
    elif lost:
        named = ", ".join(f"{get_column_letter(at + 1)}{row.line}" for at in lost)
        reason = (
            f"cell {named} holds a number of 16 digits or more, of which a spreadsheet keeps only the first "
            "15 (an ID number, 户编号 or 人编号 stored as a number: the rest are lost); export the file again, or "
            "format the column as text and enter the numbers again, and save"
        )
        first, value = lost[0], row[lost[0]]
    elif percent:
        named = ", ".join(f"{get_column_letter(at + 1)}{row.line} ({row[at]})" for at in percent)
        reason = (
            f"cell {named} is formatted as a percentage, and no amount, count or code is one: read as its number "
            "it would be a hundredth of what it shows; format the column as a number (数值 or 常规), check "
            "the values it shows, and save"
        )
        first, value = percent[0], row[percent[0]]
    else:
        return list(row)
    unread = set(errors) | set(lost) | set(percent)
    cells = [cell if at not in unread else "" for at, cell in enumerate(row)]
    return UnreadableRow(reason, cells, first, value, unread)


def numbers_read(fields: Mapping[int, str], model: type[BaseModel]) -> frozenset[int]:
    """The columns (0 for A) of ``fields`` (column → a field of ``model``) that hold numbers
    (:func:`~fanpin.model.household.holds_number`)."""
    known = model.model_fields
    return frozenset(at for at, name in fields.items() if name in known and holds_number(known[name]))


def refuse_odd_cells(
    rows: Iterator[Numbered], read: Collection[int], numbers: Collection[int] = frozenset()
) -> Iterator[Numbered]:
    """A sheet's data rows, each through :func:`odd_refused` (``read``: the columns fanpin reads, ``numbers``
    those of numbers among them)."""
    try:
        for line, row in rows:
            yield line, odd_refused(row, read, numbers)
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()


_FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s/>]")
#: ``<mergeCell ref="A5:A7"/>`` (with or without a namespace prefix): a range of cells shown as one.
_MERGE_CELL = re.compile(
    rb'<(?:[A-Za-z_][\w.-]*:)?mergeCell\s+ref="([A-Z]{1,3})([1-9][0-9]*):([A-Z]{1,3})([1-9][0-9]*)"'
)
#: A row Excel or WPS does not show (``<row r="7" hidden="1" …>``: a filter, or hidden by hand): its number.
_HIDDEN_ROW = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?row\s(?=[^>]*\bhidden="(?:1|true)")[^>]*?\br="([1-9][0-9]*)"')
#: A range of merged cells: its first row, last row, first column (1 for A), and its name as Excel writes it
#: (``E5:E9``).
Merged = tuple[int, int, int, str]


def _sheet_marks(path: Path, member: str) -> tuple[dict[int, list[str]], list[Merged], list[int]]:
    """What a sheet holds beyond its cells' values, found in one reading of its XML: the formulas saved
    without a value (:func:`_uncalculated_formulas`), the ranges of merged cells that span rows, and the rows
    hidden from view (their numbers)."""
    import zipfile

    if not member:
        return {}, [], []
    formulas = False
    merged: set[Merged] = set()
    hidden: set[int] = set()
    with zipfile.ZipFile(path) as archive, archive.open(member) as stream:
        tail = b""
        while block := stream.read(1 << 20):
            data = tail + block
            formulas = formulas or _FORMULA_TAG.search(data) is not None
            for first_column, first_row, last_column, last_row in _MERGE_CELL.findall(data):
                top, bottom = int(first_row), int(last_row)
                if bottom > top:
                    name = b"%s%s:%s%s" % (first_column, first_row, last_column, last_row)
                    merged.add((top, bottom, _column_number(first_column), name.decode()))
            if b"hidden=" in data:  # a scan of the bytes first: the pattern costs as much as the file's other scans
                hidden.update(int(row) for row in _HIDDEN_ROW.findall(data))
            tail = block[-512:]  # a row's or a range's tag cut between two blocks is read whole in the next
    return (_uncalculated_formulas(path, member) if formulas else {}), sorted(merged), sorted(hidden)


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


class _MergedDown:
    """A sheet's rows as a clerk sees them where cells are merged over several rows: Excel keeps a merged
    range's value in its top-left cell only and shows it across the range, so a 户编号 (or 乡, 村, any
    household column) merged over a household's member rows is read on each of those rows. Only ranges
    spanning rows are filled, down their first column; a range within one row (a title across the
    columns) is left as it is saved."""

    def __init__(self, merged: list[Merged]) -> None:
        self.waiting = merged  # sorted by first row
        self.next = 0  # the first range of ``waiting`` not yet reached
        self.open: list[tuple[int, int, str]] = []  # (last row, column, the value shown)

    def __call__(self, cells: list[str], line: int) -> list[str]:
        if self.next == len(self.waiting) and not self.open:
            return cells
        self.open = [(last, column, value) for last, column, value in self.open if last >= line]
        for _, column, value in self.open:
            cells.extend([""] * (column - len(cells)))
            cells[column - 1] = value
        while self.next < len(self.waiting) and self.waiting[self.next][0] <= line:
            first, last, column, _ = self.waiting[self.next]
            self.next += 1
            if first == line:
                self.open.append((last, column, cells[column - 1] if column <= len(cells) else ""))
        return cells


def merged_amount_reason(header: str, cells: str) -> str:
    """Why the rows are refused that a cell of an amount column merged over several households' rows spans
    (``cells``: the range, as Excel names it)."""
    return (
        f"{header} is merged over the rows of several households (cells {cells}): Excel shows its one value on "
        "each of their rows, and each household would be scored with it as its own; unmerge it and give each "
        "household its own value"
    )


#: A household, as :class:`MergedAmounts` is told of its rows (an export's key).
H = TypeVar("H", bound=Hashable)


class MergedAmounts(Generic[H]):
    """The households of a person-level export whose rows a range merged in an amount column spans with
    another household's rows (fed by the first pass: :func:`fanpin.io.export._scan`). Each row reads a merged
    range's value (:class:`_MergedDown`): right for 户编号, 乡 or 村 merged over a household's rows, and for
    村 over many households, but one amount merged over two households would be read as each one's own,
    counted twice. A range of an empty cell gives no household anything, and is not counted."""

    def __init__(self, merged: Sequence[Merged], columns: Mapping[int, tuple[str, str]]) -> None:
        #: the amount columns: index (0 for A) → field and header
        self.columns = columns
        self.waiting = [m for m in merged if m[2] - 1 in columns]  # sorted by first row
        self.next = 0  # the first range of ``waiting`` not yet reached
        self.open: list[tuple[Merged, set[H]]] = []  # each range reached, with the households in it
        #: household → (column, field, reason) of each range it shares with another household
        self.shared: dict[H, list[tuple[int, str, str]]] = {}

    def add(self, line: int, row: Sequence[str], household: H) -> None:
        """A row of ``household``, its cells as read (rows are given in the order of their lines)."""
        if self.next == len(self.waiting) and not self.open:
            return
        self._close(line)
        while self.next < len(self.waiting) and self.waiting[self.next][0] <= line:
            merged = self.waiting[self.next]
            self.next += 1
            at = merged[2] - 1
            if merged[1] >= line and at < len(row) and row[at].strip():
                self.open.append((merged, set()))
        for _, households in self.open:
            households.add(household)

    def done(self) -> dict[H, list[tuple[str, str]]]:
        """Each household whose rows a range shares with another's → (field, reason) of each range, in the
        order of their columns; once every row was given."""
        self._close(None)
        return {
            household: [(name, reason) for _, name, reason in sorted(found)] for household, found in self.shared.items()
        }

    def _close(self, line: int | None) -> None:
        """The ranges ending before ``line`` (all of them: None) are looked at and let go."""
        still = []
        for merged, households in self.open:
            if line is not None and merged[1] >= line:
                still.append((merged, households))
            elif len(households) > 1:
                name, header = self.columns[merged[2] - 1]
                for household in households:
                    found = (merged[2], name, merged_amount_reason(header, merged[3]))
                    self.shared.setdefault(household, []).append(found)
        self.open = still


def refuse_merged_amounts(
    info: HouseholdFile, rows: Iterator[Numbered], merged: Sequence[Merged]
) -> Iterator[Numbered]:
    """A household table's data rows, each row in a range merged over several of them in an amount column
    (:data:`~fanpin.model.columns.AMOUNTS`) refused, naming the range (an :class:`UnreadableRow`, refused in
    its place): a table has a row per household, so such a range gives several households one amount, which
    each would read as its own (as for an export: :class:`MergedAmounts`). A range of an empty cell is left."""
    columns = {i: h for i, h in enumerate(info.columns) if info.field_of.get(h) in AMOUNTS}
    ranges = [m for m in merged if m[2] - 1 in columns and m[1] > max(m[0], info.header_line + 1)]
    return _merged_refused(rows, ranges, columns) if ranges else rows


def _merged_refused(rows: Iterator[Numbered], ranges: list[Merged], columns: Mapping[int, str]) -> Iterator[Numbered]:
    at = 0  # the first range not yet reached (``ranges`` are sorted by first row)
    reached: list[Merged] = []
    try:
        for line, row in rows:
            reached = [m for m in reached if m[1] >= line]
            while at < len(ranges) and ranges[at][0] <= line:
                if ranges[at][1] >= line:
                    reached.append(ranges[at])
                at += 1
            spanning = next((m for m in reached if m[2] <= len(row) and row[m[2] - 1].strip()), None)
            if spanning is None or isinstance(row, UnreadableRow):  # one that cannot be read says why
                yield line, row
            else:
                at = spanning[2] - 1
                yield line, UnreadableRow(merged_amount_reason(columns[at], spanning[3]), row, at, row[at])
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()


def _uncalculated_formulas(path: Path, member: str) -> dict[int, list[str]]:
    """Row number → the cells (``E5``) of a sheet's formulas that were saved without a value.

    Excel saves each formula with its last value; a file written by a program that does not calculate
    (or saved with calculation off) holds the formula alone, which openpyxl reads as empty. A formula
    whose value is empty text (``t="str"``) is a value, not a missing one.
    """
    import zipfile
    from xml.etree.ElementTree import iterparse

    if not member:
        return {}
    found: dict[int, list[str]] = {}
    with zipfile.ZipFile(path) as archive, archive.open(member) as stream:
        row = 0
        for event, element in iterparse(stream, events=("start", "end")):
            local = element.tag.rpartition("}")[2]
            if event == "start":
                if local == "row":
                    given = element.get("r") or ""
                    row = int(given) if given.isascii() and given.isdigit() else row + 1
                continue
            if local == "c":
                parts = {child.tag.rpartition("}")[2]: child for child in element}
                value = parts.get("v")
                cached = value is not None and (bool(value.text) or element.get("t") in ("str", "inlineStr"))
                if "f" in parts and not cached:
                    reference = element.get("r") or ""
                    digits = reference.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
                    at = int(digits) if digits.isascii() and digits.isdigit() else row
                    found.setdefault(at, []).append(reference or f"row {row}")
                element.clear()
            elif local == "row":
                element.clear()
    return found


class UnreadableRow(list[str]):
    """A line that cannot be read as a row (a JSON Lines line that is not a JSON object, a CSV line that
    is not text in the file's encoding, a spreadsheet row with a formula saved without its value):
    refused, with its reason, in its place, so that the lines after it are still read. ``cells`` are
    what could be read of it (the 户编号 named in the errors file), possibly none; ``at`` the column (0 for A)
    of the cell the reason names first, when it names one, and ``value`` that cell as the sheet shows it
    (the errors file's column and value: unmasked here, masked where the row is written). ``unread``: the
    columns (0 for A) of a sheet row's cells that are written but could not be read (an error of Excel's, a
    formula saved without its value), which read as empty: the row is not blank, and a 户编号 so written
    names no household (:func:`fanpin.io.export._key_unread`)."""

    def __init__(
        self,
        reason: str,
        cells: Iterable[str] = (),
        at: int | None = None,
        value: str = "",
        unread: Collection[int] = frozenset(),
    ) -> None:
        super().__init__(cells)
        self.reason, self.at, self.value = reason, at, value
        self.unread = frozenset(unread)


def jsonl_rows(path: Path) -> Iterator[Numbered]:
    """JSON Lines: one object per line. The headers are every key of every object, in first-seen order
    (a first pass collects them), so that a key missing from the first object is not lost; they come
    first, as line 0. A row per line, blank lines included (as empty rows), numbered by the file's
    lines. The names of one column (户编号 on some lines, household_id on others, as two exports joined
    write it) are one header, the first met: each object names each column once, and one that names a
    column twice is refused on its line (the whole file had been refused as having the column twice)."""
    keys: dict[str, None] = {}
    unreadable: tuple[int, str] | None = None  # the first line that could not be read
    for number, record in _jsonl_records(path):
        if isinstance(record, dict):
            keys.update(dict.fromkeys(record))
        elif isinstance(record, UnreadableRow) and unreadable is None:
            unreadable = number, record.reason
    if not keys and unreadable is not None:  # no object read at all: say why, not that a header is missing
        raise InputFileError(
            f"no line could be read as a JSON object: {unreadable[1]}",
            fix="save the file as UTF-8 text, one JSON object per line",
            location=Location(str(path), unreadable[0]),
        )
    first: dict[str, str] = {}  # a column (its field) → the first key naming it
    named = {key: first.setdefault(ALIASES[key], key) if key in ALIASES else key for key in keys}
    header = [key for key in keys if named[key] == key]
    yield 0, header
    listed = {h for h in header if h.strip() in MEASURES_HEADERS}
    # the columns read as text, where a yes/no value is refused, each with its place (looked for in every record)
    read_as_texts = read_as_text(header)
    texts = [(at, h) for at, h in enumerate(header) if h in read_as_texts]
    for number, record in _jsonl_records(path):
        if isinstance(record, UnreadableRow):
            yield number, record
        elif record is None:
            yield number, []
        else:
            if len(named) > len(header):  # a column named two ways in the file: each object's names read as one
                if (twice := _named_twice(record, named, header)) is not None:
                    yield number, twice
                    continue
                record = {named[key]: value for key, value in record.items()}
            cells = [
                _listed_text(record.get(h)) if h in listed else _cell_text(record.get(h), json_text=True)
                for h in header
            ]
            nested = next((h for h in header if h in ALIASES and _nested(record.get(h), h in listed)), None)
            at = next((at for at, h in texts if _holds_yes_no(record.get(h))), None)
            if nested is None and at is not None:  # true as a 户编号 or a name: no text (as a host's dict)
                yield number, UnreadableRow(NOT_TEXT_BOOL, cells, at, cells[at])
            elif nested is None:
                yield number, cells
            else:  # its JSON text is no value of the column: 贷款用途 ["种植"] had been the purpose '["种植"]'
                at = header.index(nested)  # the errors file's column and value: the cell the reason names
                reason = _NESTED.format(key=nested, kind=_nested(record[nested], nested in listed))
                yield number, UnreadableRow(reason, cells, at, cells[at])


def _named_twice(record: dict[str, object], named: Mapping[str, str], header: Sequence[str]) -> UnreadableRow | None:
    """The refusal of a JSON object that names a column twice, by two of its names (户编号 and household_id:
    :func:`jsonl_rows`), or None: its cells read as the line's, the first name's the errors file's column."""
    seen: dict[str, str] = {}
    for key in record:
        column = named[key]
        if column in seen:
            merged: dict[str, object] = {}
            for name, value in record.items():
                merged.setdefault(named[name], value)  # each column's first name in the object
            cells = [_cell_text(merged.get(h), json_text=True) for h in header]
            at = header.index(column)
            first, second = (json.dumps(name, ensure_ascii=False) for name in (seen[column], key))
            return UnreadableRow(_NAMED_TWICE.format(first=first, second=second), cells, at, cells[at])
        seen[column] = key
    return None


#: The refusal of a JSON object that names a column by two of its names (:func:`_named_twice`).
_NAMED_TWICE = "the keys {first} and {second} name the same column in one object; keep one of them"


#: The refusal of a JSON list or object in a column fanpin reads (:func:`_nested` names its kind).
_NESTED = "the value of {key} is a JSON {kind}, not one value; write the value itself"


def _nested(value: object, listed: bool) -> str | None:
    """What ``value`` is when it is no cell of a column fanpin reads: a JSON ``object``, a ``list`` (in
    已落实帮扶措施, ``listed``, a list of measures is its cell, but not a list holding lists or objects); else None."""
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list) and not listed:
        return "list"
    if isinstance(value, list) and any(isinstance(v, list | dict) for v in value):
        return "list holding lists or objects"
    return None


def _holds_yes_no(value: object) -> bool:
    """Whether a JSON value is ``true`` or ``false``, or a list (of measures) holding one."""
    return isinstance(value, bool) or (isinstance(value, list) and any(isinstance(v, bool) for v in value))


def _listed_text(value: object) -> str:
    """已落实帮扶措施 given as a JSON list (``[]``, ``["产业帮扶", "就业帮扶"]``, as a household's dump writes it):
    its measures as one cell (:func:`~fanpin.model.household.joined_measures`)."""
    if isinstance(value, list) and all(not isinstance(v, list | dict) for v in value):
        return joined_measures(_cell_text(v, json_text=True) for v in value)
    return _cell_text(value, json_text=True)


#: A character that is half of a UTF-16 pair (``"\ud800"`` in JSON): it has no UTF-8 form.
_SURROGATE = re.compile("[\ud800-\udfff]")


class _ConstantError(ValueError):
    def __init__(self, constant: str) -> None:
        super().__init__(constant)
        self.constant = constant


def _no_constant(constant: str) -> object:
    """``NaN``, ``Infinity`` and ``-Infinity``, which JSON does not have but Python's reader takes (pandas'
    ``to_json`` of a float NaN writes ``null``, a hand-made writer ``NaN``): a float NaN was read as the text
    "nan", a 户编号 "nan" scored."""
    raise _ConstantError(constant)


class _KeyTwiceError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = json.dumps(key, ensure_ascii=False)


def _once_each(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """A JSON object whose keys differ (``json.loads`` keeps the last of a key given twice, silently:
    ``{"工资性收入": "45757", "工资性收入": "999999"}`` would be scored with the second)."""
    record: dict[str, object] = {}
    for key, value in pairs:
        if key in record:
            raise _KeyTwiceError(key)
        record[key] = value
    return record


class _WrittenFloat(float):
    """A JSON number a float does not hold to the digit (2^53 or more), whose text is its digits as written:
    ``9007199254740993.0`` (a float 9007199254740992.0) is read as ``9007199254740993.0``, where it had been
    another household's 户编号. Inside a list or an object, which is written back as JSON, it is the float."""

    __slots__ = ("text",)
    text: str

    def __new__(cls, text: str) -> _WrittenFloat:
        number = super().__new__(cls, text)
        number.text = text
        return number

    def __str__(self) -> str:
        return self.text


def _json_float(text: str) -> float:
    """A JSON number with a point or an exponent: a float, its digits as written where the float does not
    hold them (:class:`_WrittenFloat`). One past the largest float (``1e400``, ``-1e400``, four hundred digits) is
    a float's infinity, but it was written as a finite number: it is its text as written too, and is refused as
    the number it is (too large for an amount, :func:`_past_floats_written`), where it had been told "infinity";
    ``Infinity`` and ``NaN`` are JSON's constants, which never come here (:func:`_no_constant`)."""
    number = float(text)
    return _WrittenFloat(text) if abs(number) >= FLOAT_HELD else number


def _jsonl_records(path: Path) -> Iterator[tuple[int, dict[str, object] | UnreadableRow | None]]:
    with path.open(encoding="utf-8-sig", errors="surrogateescape") as stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                yield number, None
                continue
            if _UNDECODED.search(line):
                yield number, UnreadableRow(JSONL_NOT_UTF8)
                continue
            try:
                record = json.loads(
                    line, object_pairs_hook=_once_each, parse_constant=_no_constant, parse_float=_json_float
                )
            except _KeyTwiceError as exc:
                yield number, UnreadableRow(f"the key {exc.key} is given twice in one object; keep one of them")
                continue
            except _ConstantError as exc:
                yield number, UnreadableRow(f"JSON has no value {exc.constant}; write null for a value not known")
                continue
            except json.JSONDecodeError as exc:
                yield number, UnreadableRow(f"not JSON ({exc.msg}); write one JSON object per line")
                continue
            except (ValueError, RecursionError):  # a number of thousands of digits, lists nested thousands deep
                yield number, UnreadableRow("not JSON fanpin can read (a number too long or values nested too deep)")
                continue
            if not isinstance(record, dict):
                yield number, UnreadableRow('not a JSON object; write one object per household, e.g. {"户编号": "H1"}')
                continue
            if "\\u" in line and _SURROGATE.search(json.dumps(record, ensure_ascii=False)):
                yield number, UnreadableRow(r"holds a \u escape that is not a character (half of a UTF-16 pair)")
                continue
            yield number, record


def _rows(info: HouseholdFile, rows: Iterator[Numbered], region: str | None) -> Iterator[ReadRow | RejectedRow]:
    """The data rows validated, in file order, each valid row's 户编号 checked against the earlier ones'
    (:class:`~fanpin.io.keys.SeenIds`). A later row may write an earlier row's 户编号 another way, which
    refuses the earlier one too: the rows are read through first and kept (:class:`KeptRows`), which finds the
    ids written two ways (:func:`_written_two_ways`), then read back, validated and given."""
    header = _header(info.field_of, "household_id")
    at = info.columns.index(header)
    with KeptRows[Numbered]() as kept:
        two_ways, again = _written_two_ways(info, kept.kept(rows), kept, at, region)
        seen = SeenIds(two_ways, set(), lined=again)
        for line, row in kept.replay():
            read = _read(info, line, row, region)
            if not isinstance(read, ReadRow):
                # a workbook that counts its days from 1904: a count in a month column is told its day there
                yield from (replace(r, reason=counted_from_1904(r.reason)) for r in read) if info.date_1904 else read
                continue
            household_id = read.household.household_id
            reason = seen.reason(household_id, id_key_text(household_id), line)
            if reason is None:
                yield read
            else:  # the 户编号 cell as written (5.00, read as 5), as fanpin score quotes it, personal numbers masked
                written = row[at] if at < len(row) else household_id
                if reason == DUPLICATE_ID:  # naming its first row's line (remembered: the first pass found it twice)
                    first = seen.first_line(household_id)
                    reason = reason if first is None else duplicate_reason(written, household_id, first)
                yield RejectedRow(line, household_id, header, masked_cell(header, written), reason)


def _written_two_ways(
    info: HouseholdFile, rows: Iterator[Numbered], kept: KeptRows[Numbered], at: int, region: str | None
) -> tuple[frozenset[str], set[str]]:
    """The 户编号 (as :func:`~fanpin.io.keys.id_key_text` reads them) that the valid rows write two ways, the
    rows read from their source and kept as they go (``at``: the 户编号 column), and those the rows give more
    than once (valid or not: whose first lines a repeat's refusal names). Each row's 户编号 is read as
    the model reads it (:func:`~fanpin.model.values.code_text`), its row not validated; only the rows of an
    id so written two ways (rarely any) are validated, and read again for it: a row the model refuses does
    not claim its 户编号, as in ``fanpin score``. Memory holds each id once, as the check for repeats does."""
    written: set[str] = set()
    again: set[str] = set()
    spelt = SeenIds(frozenset(), written, lined=())
    for _, row in rows:
        household_id = code_text(row[at]) if at < len(row) else ""
        if household_id:
            key = id_key_text(household_id)
            if spelt.reason(household_id, key) is not None:
                again.add(key)
    del spelt
    if not written:
        return frozenset(), again
    found: set[str] = set()
    valid = SeenIds(frozenset(), found, lined=())
    for line, row in kept.replay():
        if at < len(row) and id_key_text(code_text(row[at])) in written:
            read = _read(info, line, row, region)
            if isinstance(read, ReadRow):
                valid.reason(read.household.household_id, id_key_text(read.household.household_id))
    return frozenset(found), again


def _read(info: HouseholdFile, line: int, row: list[str], region: str | None) -> ReadRow | list[RejectedRow]:
    """A data row validated (:func:`read_row`): a blank row is no row (an empty list), a row wider than the
    header or unreadable is refused (:func:`ragged`)."""
    if not isinstance(row, UnreadableRow) and all(map(blank_cell, row)):  # a zero-width space alone is empty too
        return []
    extra = ragged(row, len(info.columns))
    cells = dict(zip(info.columns, row, strict=False))
    if extra:
        household_id = next((cells.get(h, "") for h, f in info.field_of.items() if f == "household_id"), "")
        return [RejectedRow(line, household_id.strip(), "", "", extra)]
    return read_row(cells, line, info.field_of, info.passthrough, region) or []


class KeptRows(Generic[T]):
    """Rows (or any items: the export's second pass keeps households so, :func:`fanpin.io.export._grouped_apart`)
    kept to be read again, pickled a batch at a time into an anonymous temporary file, which the
    system removes when it is closed, or when the process ends however it ends: read once from their
    source (an .xlsx sheet is slow to parse: some 0.2 ms a row of the export's hundred or so columns), they
    are read back as often as needed (:meth:`replay`). Only this process's own rows are unpickled. The
    household table's reader (:func:`_rows`) and the export's (:class:`fanpin.io.export.ExportFile`'s
    spool of an .xlsx sheet) keep their rows so."""

    BATCH = 2000

    def __init__(self, batch: int = BATCH) -> None:
        self.file = tempfile.TemporaryFile(prefix="fanpin-")  # noqa: SIM115 - closed by close() or __exit__
        #: the rows kept in memory before they are written, and read back at a time
        self.size = batch
        #: the rows kept and not yet written (fewer than :attr:`BATCH`)
        self.batch: list[T] = []
        #: whether a batch has been written to the file
        self.flushed = False

    def __enter__(self) -> KeptRows[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def keep(self, item: T) -> None:
        self.batch.append(item)
        if len(self.batch) >= self.size:
            self.flush()

    def kept(self, rows: Iterable[T]) -> Iterator[T]:
        """``rows``, each kept as it is given."""
        for item in rows:
            self.keep(item)
            yield item

    def flush(self) -> None:
        if self.batch:
            pickle.dump(self.batch, self.file, protocol=pickle.HIGHEST_PROTOCOL)
            self.batch = []
            self.flushed = True

    def replay(self) -> Iterator[T]:
        """The rows kept, in order, from the first."""
        self.flush()
        self.file.seek(0)
        while True:
            try:
                batch: list[T] = pickle.load(self.file)  # written by flush(), in this process
            except EOFError:
                return
            yield from batch

    def close(self) -> None:
        self.file.close()


def read_row(
    cells: Mapping[str, str | None],
    line: int,
    field_of: Mapping[str, str],
    passthrough: Sequence[str],
    region: str | None = None,
    *,
    mask: bool = True,
) -> ReadRow | list[RejectedRow] | None:
    """One data row (header → cell text) validated by the household model: the household with its
    passed-through cells (personal ones masked), the row's rejections, or None for a row of empty cells.
    ``region`` fills an empty 行政区划代码; a valid row without either is refused (:data:`NO_REGION`); a
    totals row or a form's footer (合计 or 填表人：… as its 户编号 or first cell) is refused as such
    (:func:`~fanpin.model.columns.no_household_reason`), and so is a form's row of column numbers (栏次: 1, 2,
    3, … under the header, :func:`~fanpin.model.columns.column_numbers`).
    ``mask=False`` keeps personal values in clear (the data owner's ``--keep-identities``)."""
    text = {h: v or "" for h, v in cells.items()}
    if all(map(blank_cell, text.values())):  # a zero-width space alone is empty too
        return None
    record = {field_of[h]: v for h, v in text.items() if h in field_of}
    for cell in (record.get("household_id", ""), next(iter(text.values()))):
        reason = no_household_reason(cell)  # a totals row or a form's footer, as score refuses it
        if reason is not None:
            return [RejectedRow(line, "", "", "", reason)]
    if column_numbers(list(text.values()), list(text)):  # stops at the first cell that is no number: a 户编号
        return [RejectedRow(line, "", "", "", COLUMN_NUMBERS_ROW)]
    errors = excel_error_rows(text, field_of, line, record.get("household_id", ""))
    if errors:  # #N/A (a CSV saved from a sheet whose lookup failed): no value, where the model reads it as text
        return errors
    if region and not (record.get("region_code") or "").strip():
        record["region_code"] = region
    household_id = (record.get("household_id") or "").strip()
    try:
        household = Household.model_validate(record)
    except ValidationError as exc:
        return list(model_rejections(field_of, exc, text, line, household_id, mask))
    if household.region_code is None:  # no region given either: which parameters apply cannot be told
        return [RejectedRow(line, household_id, _header(field_of, "region_code"), "", NO_REGION)]
    shown = masked_cell if mask else _clear
    return ReadRow(line, household, {h: shown(h, text.get(h, "")) for h in passthrough})


def excel_error_rows(
    text: Mapping[str, str], field_of: Mapping[str, str], line: int, household_id: str
) -> list[RejectedRow]:
    """The refusals of a row (header → cell text; ``field_of``: header → field) for each cell, in a column fanpin
    reads, that holds an error of Excel's as text (``#N/A``; in a code column also behind the apostrophe that is
    only a code's mark, ``'#N/A``; in 已落实帮扶措施 also among the measures, ``产业帮扶;#N/A``), shown as written:
    the row's only refusals, its 户编号 none when it is the error; none for most rows. :func:`read_row`'s, and
    ``Scorer.score``'s for records given with their members, as the batch validator refuses them."""
    if "#" not in "".join(text.values()):  # every error of Excel's holds one: most rows, looked at once
        return []
    errors = [
        h
        for h, v in text.items()
        if h in field_of
        and (
            v.strip() in EXCEL_ERRORS
            or (field_of[h] == "measures_in_place" and lists_excel_error(v))
            or (field_of[h] in _CODES and "'" in v and code_text(v) in EXCEL_ERRORS)  # '#N/A: a code's mark, then #N/A
        )
    ]
    if not errors:
        return []
    household_id = "" if "household_id" in (field_of[h] for h in errors) else household_id
    return [RejectedRow(line, household_id.strip(), h, text[h].strip(), EXCEL_ERROR_VALUE) for h in errors]


def _clear(header: str, value: str) -> str:
    return value


def _header(field_of: Mapping[str, str], field: str) -> str:
    return next((h for h, f in field_of.items() if f == field), field)


def model_rejections(
    field_of: Mapping[str, str],
    exc: ValidationError,
    cells: Mapping[str, str],
    line: int,
    household_id: str,
    mask: bool,
    members: object = None,
) -> Iterator[RejectedRow]:
    """The refusals of one row the household model refused (``exc``): one per field at fault, with the
    row's header for it (``field_of``: header → field), its cell (``cells``: header → text), masked unless
    ``mask`` is False, and the model's reason (a required value left empty said as such); a member's cell
    read from ``members``, the record's members as given (the model's error shows it masked)."""
    for error in exc.errors():
        reason = error["msg"].removeprefix("Value error, ")
        field = str(error["loc"][0]) if error["loc"] else blamed_field(reason)  # a check of the whole row
        header = _header(field_of, field) if field and (error["loc"] or field in field_of.values()) else ""
        raw = cells.get(header, "") if header else ""
        name = field_of.get(field, field)  # a record's key (工资性收入) is its field's (wage_income)
        if error["type"] == "missing" or (name in REQUIRED and not raw.strip()):
            reason = empty_reason(name)
        member = _member_cell(error, header, mask, members)
        if member is not None:  # a member's cell: named by its member and key, its value shown (masked)
            header, shown = member
            yield RejectedRow(line, household_id, header, shown, reason)
            continue
        yield RejectedRow(line, household_id, header, masked_cell(header, raw) if mask else raw, reason)


def _member_cell(error: Any, header: str, mask: bool, members: object) -> tuple[str, str] | None:
    """For an error of a member's cell (``members.0.出生日期``), the column as the errors table names it, the
    record's key for the members, the member's place and its key (``家庭成员.0.出生日期``, as the model's error
    names it), and the value given (from ``members`` where it is there), masked unless ``mask`` is False; None
    for any other error. A member's cell had been named by the members' key alone, its value left empty."""
    loc = error["loc"]
    if len(loc) < 3 or loc[0] != "members" or not isinstance(loc[1], int) or not isinstance(loc[2], str):
        return None
    given = error.get("input")
    if isinstance(members, list | tuple) and loc[1] < len(members) and isinstance(members[loc[1]], Mapping):
        given = members[loc[1]].get(loc[2], given)
    raw = "" if given is None or isinstance(given, dict | list | tuple | set) else str(given)
    if is_yes_no_value(given):  # as the household's cells show one (true, as a frame's Boolean column gives it)
        raw = yes_no_text(given)
    key = loc[2]
    from fanpin.model.export_columns import masked_refused_value  # reads the models: imported when used

    shown = masked_refused_value(key, masked_cell(key, raw)) if mask and raw else raw
    return f"{header or 'members'}.{loc[1]}.{key}", shown
