"""Reading the person-level export of 全国防返贫监测信息系统 (one row per person) into households.

- **Files**: ``.xlsx`` (first sheet not hidden) or CSV in UTF-8, UTF-8 with BOM, GBK or GB18030, through the
  readers of :mod:`fanpin.io.readers`. Lines count as there: 1-based, title rows and header included.
- **The header row** is the first of the first 50 rows naming 户编号 and 证件号码 or 与户主关系; the
  title rows above it are skipped. Headers are matched as in :mod:`fanpin.model.export_columns`.
- **A column present twice** (the copy named with a suffix, ``风险是否已消除0``, or spelled the same or
  as a variant) is read once if both copies are equal on every row (after trimming and ``.0`` tails);
  otherwise the file is refused with an :class:`~fanpin.errors.InputFileError` naming both columns.
- **Households** are the rows sharing 县, 乡, 村 and 户编号 (as :func:`key_text` reads them: full-width forms,
  invisible characters and letters' case aside, and spaces inside a 户编号, :func:`~fanpin.io.keys.id_key_text`;
  a household whose rows write its key two ways is refused),
  in the order of their first row. The file is read twice: a first pass checks the copies and finds each
  household's last row, so that a household is validated as soon as its rows are read and memory holds
  only the households still open (one at a time when, as usual, a household's rows are together). A CSV
  file polars can split as the csv module does is read by columns in both passes (:mod:`fanpin.io.key_scan`):
  the second keeps each member row as its record's bytes as written, read into cells where the household
  is validated (:class:`HouseholdRows`), in a worker process when there are workers. A
  户编号 found under two 县/乡/村 (letters' case aside) rejects every household using it: which rows
  belong together cannot be told safely. :func:`export_groups` gives the two steps apart: each
  household's rows (:class:`HouseholdRows`), and the :class:`Resolver` that validates them, which
  pickles, so that worker processes can validate households read here (:mod:`fanpin.pipeline.workers`).
- **Each member row** is validated by :class:`~fanpin.model.member.Member`; the household columns must
  agree on every row; the household record (:func:`~fanpin.model.roster.household_record`) is
  validated by :class:`~fanpin.model.household.Household`, and must have a region code (from its rows or
  ``region``: :data:`~fanpin.model.columns.NO_REGION`). Any failure rejects the whole household:
  every one of its rows becomes a :class:`~fanpin.io.readers.RejectedRow` — the failing rows with their
  column, masked value and reason, the others naming the lines that failed. A CSV row with fewer cells
  than the header reads its missing cells as empty; if that is why a household column differs (the other
  rows agree), the row is refused as cut short, once, rather than the column as differing on every row;
  the member rows read so are counted for the run's note (:class:`ShortRows`). Two lines in a row that
  together make the header's cells are one row broken by a line break, both refused (:func:`_line_broken`);
  the first pass finds them too, and counts the second line as no household (:func:`_noted`,
  :class:`~fanpin.io.key_scan.RowBreaks`): the households counted are those scored and refused.
  A reason quotes a long value by its start and length. Every data row is either in a household or rejected.
- **The fast path** (:mod:`fanpin.io.member_cells`): a row is first read by remembered cell values, each
  distinct text of a column validated once by that field's own validator; only a row with a cell that
  fails goes through :class:`~fanpin.model.member.Member` (which then says why), so the members, the
  refusals and their reasons are the model's. The household columns are compared as text first (the same
  text on every row is the same value) and as values only when the texts differ. With ``member_facts``
  (the batch engine's run) each member's encoded facts are computed once per distinct value of the
  fields they read and handed to the engine in shared parts (:func:`~fanpin.io.member_cells.member_frame`).
  A property test holds the fast path to the per-row one (``tests/io/test_member_cells.py``).
- **By columns**: on the batch engine (without findings) a chunk's plain households
  (:func:`plain_household`) are read by :mod:`fanpin.io.columnar` instead, column by column, and only the
  others by :class:`Resolver`; the scored files are the same.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import heapq
import io
import operator
import re
from collections import Counter, deque
from collections.abc import Callable, Collection, Generator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from pydantic import ValidationError

from fanpin._host import host_words, words_of
from fanpin.arguments import checked_flag, checked_input, checked_path, checked_region
from fanpin.errors import ConfigError, InputFileError, Location, MissingColumnError, UnknownNameError, suggestions
from fanpin.io.keys import ODD_KEY, id_key_text, key_text, spelling
from fanpin.io.member_cells import FactParts, MemberCells, update_new
from fanpin.io.readers import (
    BOM,
    UNDECODED,
    WORKBOOKS,
    KeptRows,
    MergedAmounts,
    Numbered,
    ReadRow,
    RejectedRow,
    SheetRows,
    UnreadableRow,
    csv_rows,
    excel_error_reason,
    header_again,
    header_key_texts,
    host_reason,
    numbers_read,
    odd_refused,
    ragged,
    raw_rows,
    read_households,
    refuse_unreadable_title,
    sniff_encoding,
    two_row_header,
    written_row,
    xlsx_rows,
)
from fanpin.io.repeats import Repeated
from fanpin.model.columns import (
    ALIASES,
    COLUMN_NUMBERS_ROW,
    DUPLICATE_ID,
    EXPORT_NO_REGION,
    EXPORT_REGION_OPTION,
    HEADER_AGAIN,
    NO_HOUSEHOLD_PATTERN,
    NO_HOUSEHOLD_STARTS,
    NO_REGION,
    NUMBERS_LABELS,
    column_numbers,
    empty_reason,
    no_household_reason,
)
from fanpin.model.export_columns import (
    AMOUNT_FIELDS,
    HOUSEHOLD_FIELDS,
    KEY_FIELDS,
    PERSON_FIELDS,
    export_field,
    export_header,
    export_label,
    export_renames,
    masked_export_cell,
    masked_refused_value,
    name_masked,
)
from fanpin.model.household import Household
from fanpin.model.member import Member
from fanpin.model.member_facts import MEMBER_FACTS, is_member_fact
from fanpin.model.roster import DIRECT_FIELDS, HouseholdRecordError, household_record
from fanpin.model.values import (
    BROKEN_ID,
    EXCEL_ERRORS,
    SCIENTIFIC_ID,
    blank_cell,
    code_break,
    code_key_problem,
    code_text,
    excel_text,
    header_text,
    lost_digits,
    masked_number,
    scientific,
)
from fanpin.model.vocabulary import normalise

if TYPE_CHECKING:
    import numpy as np

    from fanpin.io.key_scan import KeyedBlock, KeyScan, RowNotes

__all__ = [
    "ExportFile",
    "ExportHousehold",
    "FoundHousehold",
    "HouseholdRows",
    "Resolver",
    "ShortRows",
    "export_groups",
    "households_found",
    "households_in",
    "is_export",
    "is_export_file",
    "key_text",
    "open_either",
    "open_export",
    "plain_household",
    "read_export",
    "uniqueness",
    "uniqueness_of",
]

HEADER_SEARCH_ROWS = 50
#: The fields naming a household's place (县, 乡, 村): the key without its 户编号, passed through to the output.
PLACE_FIELDS = KEY_FIELDS[:3]
#: Columns the household model needs (家庭人口数 is counted, 行政区划代码 may be given as ``region``).
REQUIRED_COLUMNS = (
    "household_id",
    "household_kind",
    "wage_income",
    "business_income",
    "property_income",
    "transfer_income",
)
_SUFFIX = re.compile(r"^(.+?)(?:\.\d+|\d)$")
#: Household record key → the Member field (the export column) it comes from.
_SOURCE = {name: name for name in DIRECT_FIELDS} | {
    "region_code": "region_code",
    "household_type": "household_kind",
    "no_labor_household": "no_labor_household",
    "housing_unsafe": "dilapidated_house",
    "water_unsafe": "safe_water",
    "dropout": "dropout",
    "uninsured_member": "uninsured_member_recorded",
}


@dataclass(frozen=True)
class ExportFile:
    """What was read: the header, which column feeds which :class:`Member` field, the merged copies."""

    path: Path
    encoding: str
    header_line: int
    columns: list[str]
    #: header → Member field, for the column each field is read from (the first one)
    field_of: dict[str, str]
    #: a copy's header → its original's header (equal on every row, so read once)
    copies: dict[str, str]
    #: headers fanpin does not read
    ignored: list[str]
    region: str | None
    #: data rows (blank rows not counted) and households (distinct 县, 乡, 村, 户编号)
    rows: int = 0
    households: int = 0
    #: personal values masked in the rejected rows (False: the data owner's ``--keep-identities``)
    mask: bool = True
    #: the header's position among the file's records (title rows and blank lines above it counted)
    header_record: int = 0
    #: the header's two rows as written, when its column names stand on two (``HouseholdFile.header_rows``)
    header_rows: tuple[tuple[str, ...], ...] = ()
    #: how the CSV's lines end where it is read by columns (``_Scan.line_end``): its member rows come as
    #: their records as written (:class:`HouseholdRows`), which polars can read whole; empty otherwise
    line_end: str = ""
    #: an .xlsx sheet's rows below the header hidden from view (a filter, or hidden by hand): read as any
    #: other, and counted in the run's note, as a household table's (``HouseholdFile.hidden_rows``)
    hidden_rows: int = 0
    #: whether it is an .xlsx workbook of Excel's 1904 date system (``HouseholdFile.date_1904``)
    date_1904: bool = False
    #: the workbook's other sheets shown that hold a table too (:func:`~fanpin.io.readers.other_tables`), by
    #: title: not read, and named in the run's note, as a household table's (``HouseholdFile.other_sheets``)
    other_sheets: tuple[str, ...] = ()
    #: the CSV's member rows with fewer cells than the header that were read as usual (their missing cells
    #: empty), counted as the rows are grouped (:func:`_placed`), for the run's note: a line cut short is
    #: never read without a word
    short_rows: ShortRows = field(default_factory=lambda: ShortRows(), compare=False)

    @functools.cached_property
    def places(self) -> tuple[str, ...]:
        """The headers of the file's 县, 乡 and 村 columns (as the file spells them), those it has: passed
        through to the scored table, so that each household is found by its village (the export names its
        places, where a table has a 行政区划代码)."""
        return tuple(h for field in PLACE_FIELDS for h, f in self.field_of.items() if f == field)

    @property
    def rows_cut_short(self) -> bool:
        """Whether a row with fewer cells than the header lacks the others (a CSV line cut short, or with a
        separator lost): not in an .xlsx sheet, which, saved without its size (no ``<dimension>``), ends
        each row at its last filled cell, the cells after it empty indeed."""
        return self.encoding != "xlsx"

    @functools.cached_property
    def named_width(self) -> int:
        """The header's cells up to its last filled one: a filled cell past it, under no header (a sheet
        padded to its widest row, a header row saved with a trailing comma), has no column to go to.
        Read for every member row: worked out once."""
        return max((i + 1 for i, header in enumerate(self.columns) if header), default=0)


@dataclass
class ShortRows:
    """The member rows of a CSV export with fewer cells than the header that were read as usual, their
    missing cells empty (:attr:`ExportFile.short_rows`): how many, and the lines of the first
    :data:`SHORT_LINES_KEPT` (the run's note names three, and ``…`` when there are more)."""

    count: int = 0
    lines: list[int] = field(default_factory=list)

    def add(self, line: int) -> None:
        self.count += 1
        if len(self.lines) < SHORT_LINES_KEPT:
            self.lines.append(line)


#: The lines of short rows :class:`ShortRows` keeps: one more than the run's note names, so that its ``, …``
#: says there are others.
SHORT_LINES_KEPT = 4


@dataclass(frozen=True)
class ExportHousehold:
    """A household read from the export: the validated household, its members and their lines."""

    household: Household
    members: tuple[Member, ...]
    lines: tuple[int, ...]
    #: each member's encoded facts (:func:`~fanpin.model.member_facts.member_row`, in parts:
    #: :data:`~fanpin.io.member_cells.FactParts`), when the reader was asked for them
    #: (``read_export(..., member_facts=True)``, for the batch engine)
    facts: tuple[FactParts, ...] | None = None
    #: its 县, 乡 and 村 as its first row writes them (trimmed), those the file has (:attr:`ExportFile.places`)
    place: tuple[str, ...] = ()


def is_export(header: Iterable[str]) -> bool:
    """True for the header of a person-level export: it names 户编号 and 证件号码 or 与户主关系.

    A household table names its head's number 户主证件号码, and never 与户主关系.

    >>> is_export(["县", "户编号", "证件号码", "与户主关系"]), is_export(["户编号", "户主证件号码", "家庭人口数"])
    (True, False)
    """
    cells = [h for h in map(header_text, header) if h]
    fields = {export_field(h) for h in cells}
    by_chinese_id = any(export_field(h) == "id_number" and normalise(h) != "id_number" for h in cells)
    return "household_id" in fields and ("relation" in fields or by_chinese_id)


def member_columns(header: Iterable[str]) -> list[str]:
    """The cells of ``header`` naming a person's own column of the export that a household table has not
    (人编号, 姓名, 性别, 健康状况, …), 证件号码 and 与户主关系 first, each once: a file naming 人编号, or two of
    them, is a member list (one row per person), whether or not :func:`is_export` tells it for an export.

    >>> member_columns(["户编号", "人编号", "姓名", "家庭人口数"]), member_columns(["户编号", "户主证件号码", "姓名"])
    (['人编号', '姓名'], ['姓名'])
    """
    cells = [h for h in map(header_text, header) if h and h not in ALIASES]
    fields = {h: export_field(h) for h in cells}
    own = [h for h in cells if fields[h] in PERSON_FIELDS]
    first = [h for h in own if fields[h] in ("id_number", "relation")]
    return list(dict.fromkeys(first + own))


def is_member_list(header: Iterable[str]) -> bool:
    """True for a header naming 人编号 or two of a person's own columns (:func:`member_columns`)."""
    cells = member_columns(header)
    return len(cells) >= 2 or any(export_field(h) == "person_id" for h in cells)


def is_export_file(path: str | Path) -> bool:
    """True when ``path`` is a person-level export (.xlsx or CSV whose header row :func:`is_export`):
    the header row is the first of the first rows that names 户编号. False for any other file, one that
    cannot be read included (reading it as a household table then says why)."""
    path = Path(path)
    if not path.is_file() or path.suffix.lower() in (".parquet", ".jsonl", ".ndjson", ".xls"):
        return False
    try:
        _, rows = raw_rows(path)
        try:
            return _names_export(rows)
        finally:
            _close(rows)
    except (InputFileError, UnicodeDecodeError, OSError):  # OSError: no permission to read it, …
        return False


def _names_export(rows: Iterator[Numbered]) -> bool:
    """:func:`is_export_file` of a file's first rows."""
    for _, (_, row) in zip(range(HEADER_SEARCH_ROWS), rows, strict=False):
        if _names_id(row):
            below = next(rows, None)
            return is_export((two_row_header(row, below[1], export_field) if below else None) or row)
    return False


def _names_id(row: Sequence[str]) -> bool:
    return any(export_field(header_text(cell)) == "household_id" for cell in row if cell)


def open_export(
    path: str | Path,
    *,
    region: str | None = None,
    unique: Collection[str] = (),
    keep_identities: bool = False,
    member_facts: bool | Collection[str] = False,
) -> tuple[ExportFile, Iterator[HouseholdRows | RejectedRow], Resolver] | None:
    """:func:`export_groups` of ``path`` if it is a person-level export (:func:`is_export_file`), else
    None: an .xlsx workbook is opened once for both (opening it reads all its shared strings, a second or
    more for a large export)."""
    opened, rows = open_either(
        path, region=region, unique=unique, keep_identities=keep_identities, member_facts=member_facts
    )
    if rows is not None:
        _close(rows)
    return opened


def open_either(
    path: str | Path,
    *,
    region: str | None = None,
    unique: Collection[str] = (),
    keep_identities: bool = False,
    member_facts: bool | Collection[str] = False,
) -> tuple[tuple[ExportFile, Iterator[HouseholdRows | RejectedRow], Resolver] | None, Iterator[Numbered] | None]:
    """:func:`open_export`, and for a household table given as .xlsx its rows from the first, read on from
    the same opening of the workbook (for :func:`fanpin.io.readers.open_rows`'s ``opened``; None for any
    other file, which is opened again)."""
    region, keep_identities = checked_region(region), checked_flag("keep_identities", keep_identities)
    unique, member_facts = _checked_unique(unique), _checked_member_facts(member_facts)
    options: dict[str, Any] = {
        "region": region, "unique": unique, "keep_identities": keep_identities, "member_facts": member_facts
    }  # fmt: skip
    path = Path(checked_path("path", path))
    if path.suffix.lower() not in WORKBOOKS or not path.is_file():
        return (export_groups(path, **options) if is_export_file(path) else None), None
    spool = _Spool(path)
    try:
        try:
            found = _names_export(spool.resumed())
        except (InputFileError, UnicodeDecodeError):
            spool.close()  # read again by the table's reader, which says why
            return None, None
        if not found:
            return None, spool.rows()
        return _export_groups(path, spool=spool, **options), None
    except BaseException:
        spool.close()
        raise


def households_in(path: str | Path, *, region: str | None = None) -> Iterator[Household | RejectedRow]:
    """The households of either layout, a person-level export or a household table, in file order,
    with the rows refused in their place: the households ``fanpin score`` scores (a household table's rows
    refused as :func:`read_households` refuses them: every row of a 户编号 written two ways too, which
    takes reading the table's rows through before the first is given). An export's members
    carry their across-the-file facts (:data:`UNIQUE_FIELDS`: whether a member's ID number or phone
    occurs elsewhere in the file), as ``fanpin score`` sets them for the rules that read them. Its refusals and
    reasons name its parameter (``region=``), as :func:`read_households`' do."""
    return (
        item.household if isinstance(item, FoundHousehold) else item for item in households_found(path, region=region)
    )


@dataclass(frozen=True)
class FoundHousehold:
    """A household as :func:`households_found` finds it: where the file has it, for ``fanpin explain`` to say."""

    household: Household
    #: the lines of its rows: a household table's one row, an export's member rows
    lines: tuple[int, ...]
    #: an export's 县, 乡 and 村 as its first row writes them, each with its header (those the file has)
    place: tuple[tuple[str, str], ...] = ()


def households_found(
    path: str | Path, *, region: str | None = None, command: bool = False
) -> Iterator[FoundHousehold | RejectedRow]:
    """:func:`households_in`, each household with the lines of its rows and an export's 县, 乡 and 村.
    ``command``: the search is ``fanpin explain``'s, whose refusals and reasons name its option (``--region``)."""
    with words_of(command):
        opened, table = open_either(path, region=region, unique=UNIQUE_FIELDS)
    if opened is not None:
        info, groups, resolve = opened
        return (
            FoundHousehold(item.household, item.lines, tuple(zip(info.places, item.place, strict=False)))
            if isinstance(item, ExportHousehold)
            else item
            if command
            else host_reason(item)
            for g in groups
            for item in resolve(g)
        )
    _, rows = read_households(path, region=region, opened=table, command=command)
    return (FoundHousehold(row.household, (row.line,)) if isinstance(row, ReadRow) else row for row in rows)


def read_export(
    path: str | Path,
    *,
    region: str | None = None,
    unique: Collection[str] = (),
    keep_identities: bool = False,
    member_facts: bool | Collection[str] = False,
) -> tuple[ExportFile, Iterator[ExportHousehold | RejectedRow]]:
    """Open an export: the header is found and checked and the file scanned once now (raising
    :class:`~fanpin.errors.InputFileError` or :class:`~fanpin.errors.MissingColumnError`); households
    and rejected rows are then yielded lazily, in file order. ``region`` fills an empty 行政区划代码.
    ``member_facts``: each household carries its members' encoded facts (:attr:`ExportHousehold.facts`):
    True for every member fact, or the names of those the caller reads (the batch engine's
    :attr:`~fanpin.batch.BatchEngine.member_facts_read`; the others are not computed). Its refusals, and the
    reason of a household without 行政区划代码, name its parameter (``region=``), where ``fanpin score``'s name its
    option (``--region``)."""
    with host_words():
        info, groups, resolve = export_groups(
            path, region=region, unique=unique, keep_identities=keep_identities, member_facts=member_facts
        )
    return info, (host_reason(result) for item in groups for result in resolve(item))


def export_groups(
    path: str | Path,
    *,
    region: str | None = None,
    unique: Collection[str] = (),
    keep_identities: bool = False,
    member_facts: bool | Collection[str] = False,
) -> tuple[ExportFile, Iterator[HouseholdRows | RejectedRow], Resolver]:
    """:func:`read_export` in two steps: each household's rows, read and grouped (rows without 户编号
    refused in their place), and the :class:`Resolver` that validates them, which may run in another
    process (:mod:`fanpin.pipeline.workers`). ``resolve(item)`` for every item, in order, is
    :func:`read_export`'s sequence. A ``path``, ``region`` or ``keep_identities`` of the wrong kind is a
    :class:`~fanpin.ConfigError` (as :meth:`fanpin.Scorer.score` says), where None was a bare TypeError."""
    return _export_groups(
        Path(checked_path("path", path)),
        region=checked_region(region),
        unique=_checked_unique(unique),
        keep_identities=checked_flag("keep_identities", keep_identities),
        member_facts=_checked_member_facts(member_facts),
    )


def _checked_unique(value: object) -> Collection[str]:
    """``unique``: a list of the fields of :data:`UNIQUE_FIELDS`, else a :class:`~fanpin.ConfigError`: None
    or True was a bare TypeError, and one text (``"id_number"``) or a misspelt field was left out without a
    word, so that the facts it sets stayed unknown and the data checks reading them not evaluable."""
    if isinstance(value, str) or not isinstance(value, Collection):
        raise ConfigError(
            f"unique is {type(value).__name__}; it is a list of the fields checked for uniqueness across the file",
            fix=f"pass unique={list(UNIQUE_FIELDS)!r}, or some of them",
        )
    unknown = next((f for f in value if f not in UNIQUE_FIELDS), None)
    if unknown is not None:
        shown = repr(unknown) if isinstance(unknown, str) else type(unknown).__name__
        raise ConfigError(
            f"unique names {shown}, which is not one of the fields checked for uniqueness ({', '.join(UNIQUE_FIELDS)})",
            fix=f"pass unique={list(UNIQUE_FIELDS)!r}, or some of them",
        )
    return value


def _checked_member_facts(value: object) -> bool | Collection[str]:
    """``member_facts``: True, False or the names of member facts, else a :class:`~fanpin.ConfigError` (None or a
    number was a bare TypeError while reading, and one text was read as a set of its characters)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, Collection) and not isinstance(value, str) and all(isinstance(n, str) for n in value):
        unknown = next((n for n in value if not is_member_fact(n)), None)
        if unknown is not None:  # a misspelt name had been left out without a word: read as unknown by every rule
            near = suggestions(unknown, MEMBER_FACTS)
            raise UnknownNameError(
                f"member_facts names {unknown!r}, which is no member fact"
                + (f"; did you mean {', '.join(near)}?" if near else ""),
                name=unknown,
                suggestion=near[0] if near else "",
                fix="name member facts as rules/README.md does, or pass the names a batch engine reads "
                "(BatchEngine.member_facts_read), or member_facts=True",
            )
        return value
    raise ConfigError(
        f"member_facts is {type(value).__name__}; it is True, False or a list of member facts' names",
        fix="pass member_facts=True (every member fact), or the names a batch engine reads "
        "(BatchEngine.member_facts_read)",
    )


def _export_groups(
    path: Path,
    *,
    region: str | None,
    unique: Collection[str],
    keep_identities: bool,
    member_facts: bool | Collection[str],
    spool: _Spool | None = None,
) -> tuple[ExportFile, Iterator[HouseholdRows | RejectedRow], Resolver]:
    info, index_of, pairs, spool = _open(path, region, spool)
    scan = _scan(info, index_of, pairs, unique, spool)
    hidden = sum(1 for row in spool.sheet.hidden if row > info.header_line) if spool is not None else 0
    others = tuple(spool.sheet.others) if spool is not None else ()
    info = replace(
        info,
        rows=scan.rows,
        households=scan.households,
        mask=not keep_identities,
        line_end=scan.line_end,
        hidden_rows=hidden,
        date_1904=spool is not None and any(spool.sheet.date_1904),
        other_sheets=others,
    )
    return info, _grouped(info, index_of, scan), Resolver(info, index_of, scan, member_facts)


def _raw_rows(path: Path, encoding: str) -> Iterator[Numbered]:
    return xlsx_rows(path) if encoding == "xlsx" else csv_rows(path, encoding)


def _open(
    path: Path, region: str | None, spool: _Spool | None = None
) -> tuple[ExportFile, dict[str, int], list[tuple[int, int]], _Spool | None]:
    """The header found and checked; for an .xlsx file, the :class:`_Spool` whose reading of the sheet
    the first pass goes on with (the rows read here kept; ``spool``: one already reading it)."""
    checked_input(path)
    suffix = path.suffix.lower()
    if suffix in (".xls", ".parquet", ".jsonl", ".ndjson"):
        raise InputFileError(
            f"a person-level export is read from .xlsx or CSV, not {suffix}",
            fix="save the export as .xlsx or as CSV from Excel",
            location=Location(str(path)),
        )
    encoding = "xlsx" if suffix in WORKBOOKS else sniff_encoding(path)
    if encoding == "xlsx" and spool is None:
        spool = _Spool(path)
    rows = _raw_rows(path, encoding) if spool is None else spool.resumed()
    try:
        info, index_of, pairs = _header_of(path, encoding, region, rows)
    except BaseException:
        if spool is not None:
            spool.close()
        raise
    return info, index_of, pairs, spool


def _header_of(
    path: Path, encoding: str, region: str | None, rows: Iterator[Numbered]
) -> tuple[ExportFile, dict[str, int], list[tuple[int, int]]]:
    header: list[str] | None = None
    header_line = header_record = 0
    ahead: Numbered | None = None  # the row after one naming 户编号, when it is not the header's second row
    written: tuple[tuple[str, ...], ...] = ()  # a header's two rows, when it stands on two
    record = 0  # the records read
    while record < HEADER_SEARCH_ROWS:
        item, ahead = (ahead or next(rows, None)), None
        if item is None:
            break
        record += 1
        (header_line, row), header_record = item, record
        named = None
        if _names_id(row) and (below := next(rows, None)) is not None:
            named = two_row_header(row, below[1], export_field)
            if named:
                record += 1
            else:
                ahead = below
        if is_export(named or row):
            if isinstance(row, UnreadableRow):
                _close(rows)
                raise InputFileError(
                    f"the header row: {row.reason}",
                    fix="save the export again from Excel (as .xlsx or CSV UTF-8)",
                    location=Location(str(path), header_line),
                )
            header = named or [header_text(c) for c in row]
            if named and below:
                written = (written_row(row), written_row(below[1]))
                header_line, header_record = below[0], record
            break
        try:
            refuse_unreadable_title(path, encoding, header_line, row)
        except InputFileError:
            _close(rows)
            raise
    if encoding != "xlsx":  # an .xlsx sheet's reading goes on in the first pass (_Spool)
        _close(rows)
    if header is None:
        raise MissingColumnError(
            f"no header row naming 户编号 and 证件号码 or 与户主关系 in the first {HEADER_SEARCH_ROWS} rows: "
            "not a person-level export",
            columns=("household_id", "id_number", "relation"),
            path=path,
            fix="a table with one row per household is read with read_households",
        )
    index_of, pairs, field_of, copies, ignored = _columns(header)
    missing = [f for f in REQUIRED_COLUMNS if f not in index_of]
    if "region_code" not in index_of and not region:
        missing.append("region_code")
    renames = export_renames(ignored, set(index_of), missing)
    if missing == ["region_code"] and not renames:
        # The national export names its places (县, 乡, 村), never their codes: the one fix is the region to score it
        # in, where "export the column(s)" had sent a clerk back to a system whose export has no such column.
        raise MissingColumnError(EXPORT_NO_REGION, columns=("region_code",), path=path, fix=EXPORT_REGION_OPTION)
    if missing:
        labels = ", ".join(export_label(f) for f in missing)
        add = (
            "export the column(s); for 行政区划代码 you may instead pass --region CODE (region= in the library)"
            if "region_code" in missing
            else "export the column(s)"
        )
        raise MissingColumnError(
            f"required column(s) missing: {labels}",
            columns=tuple(missing),
            path=path,
            fix="; ".join([*renames, add]),
        )
    info = ExportFile(
        path,
        encoding,
        header_line,
        header,
        field_of,
        copies,
        ignored,
        region,
        header_record=header_record,
        header_rows=written,
    )
    return info, index_of, pairs


def _close(rows: Iterator[Numbered]) -> None:
    close = getattr(rows, "close", None)
    if close is not None:
        close()


def _columns(
    header: Sequence[str],
) -> tuple[dict[str, int], list[tuple[int, int]], dict[str, str], dict[str, str], list[str]]:
    """Field → column index; (copy, original) index pairs; header → field; copy → original; ignored."""
    index_of: dict[str, int] = {}
    pairs: list[tuple[int, int]] = []
    unknown: list[int] = []
    for i, cell in enumerate(header):
        name = export_field(cell) if cell else None
        if name is None:
            unknown.append(i)
        elif name in index_of:
            pairs.append((i, index_of[name]))
        else:
            index_of[name] = i
    ignored: list[str] = []
    for i in unknown:
        match = _SUFFIX.match(normalise(header[i]))
        name = export_field(match.group(1)) if match else None
        if name is None:
            if header[i]:
                ignored.append(header[i])
        elif name in index_of:
            pairs.append((i, index_of[name]))
        else:
            index_of[name] = i
    field_of = {header[i]: name for name, i in index_of.items()}
    copies = {header[copy]: header[original] for copy, original in pairs}
    return index_of, pairs, field_of, copies, ignored


def _cell(row: Sequence[str], index: int) -> str:
    return row[index] if index < len(row) else ""


#: The columns that say which person a member row is: two rows alike in every cell with one of them filled
#: are the same person listed twice (two exports joined, a row copied). Rows alike without any may be twins
#: of an export that leaves its personal columns out, and are read as two members.
IDENTITY_FIELDS = ("person_id", "id_number", "name")
#: How each of them is read (the codes without a leading apostrophe, as the model reads them: values.code_text).
IDENTITY_TEXT = {"person_id": code_text, "id_number": code_text, "name": excel_text}


def _listed_before(
    row: Sequence[str],
    line: int,
    index_of: Mapping[str, int],
    width: int,
    seen: dict[tuple[str, ...], list[tuple[int, Sequence[str]]]],
) -> str | None:
    """Why ``row`` is a person of its household listed again (``seen`` remembers the rows before it, by the
    person they name), or None. The same person: the same 人编号, or (rows without one) the same 证件号码 and
    姓名, each as read (``.0`` tails and spaces aside: a row copied through a spreadsheet, or copied and one
    cell edited), or every cell alike with one of the three filled. A 人编号 or 证件号码 in scientific notation
    (``5.32328E+17``) names no one person: such rows are left to the model, which refuses the number. The
    same 证件号码 under another name is
    not taken for one person: the data checks flag a repeated ID number. A row alike in every cell with an
    earlier one is said so (two copies are of one person: only the rows naming the same person are compared
    cell for cell, not every row with every row)."""
    cells = _identity(row, index_of)
    if not any(cells.values()):
        return None  # rows without 人编号, 姓名 or 证件号码 may be twins alike
    naming = _naming_field(cells)
    if naming == "person_id":  # the system's own key of a person: a 人编号 of its own is another person
        key: tuple[str, ...] = ("人编号", cells["person_id"])
    elif naming == "id_number":
        key = ("证件号码", cells["id_number"].upper(), cells["name"])
    else:
        key = ("cells", *row[:width])  # as written: a copy through a spreadsheet is found by its identity
    earlier = seen.setdefault(key, [])
    earlier.append((line, row))
    if len(earlier) == 1 or (key[0] != "cells" and scientific(key[1])):
        # 5.32328E+17: people whose numbers began alike, not one person; the model refuses the number itself
        return None
    written = row[:width]
    same = next((first for first, other in earlier[:-1] if other[:width] == written), None)
    if same is not None:
        return f"this member row repeats line {same} cell for cell: the same person listed twice; delete one"
    named = "人编号" if key[0] == "人编号" else "证件号码 and 姓名"
    return f"this member row has the {named} of line {earlier[0][0]}: the same person listed twice; delete one"


def _identity(row: Sequence[str], index_of: Mapping[str, int]) -> dict[str, str]:
    """A row's 人编号, 证件号码 and 姓名, each as read (:data:`IDENTITY_TEXT`)."""
    return {f: IDENTITY_TEXT[f](_cell(row, index_of[f])) for f in IDENTITY_FIELDS if f in index_of}


def _naming_field(cells: Mapping[str, str]) -> str | None:
    """The cell that names the person of a row (:func:`_identity`): its 人编号, else its 证件号码 beside a 姓名, else
    none (the row is then compared cell for cell)."""
    if cells.get("person_id"):
        return "person_id"
    return "id_number" if cells.get("id_number") and cells.get("name") else None


def _person_cell(info: ExportFile, index_of: Mapping[str, int], row: Sequence[str]) -> tuple[str, str]:
    """The column and the value a member row refused as a person listed again (:func:`_listed_before`) shows in
    the errors file: the cell that names the person, as that function chooses it (the 人编号, else the 证件号码
    beside a 姓名), as written (``5323280001.00``, read as the 人编号 ``5323280001`` of the line it names: the
    clerk finds the cell) and masked as the errors file masks its column; none for a row naming no one."""
    field = _naming_field(_identity(row, index_of))
    if field is None:
        return "", ""
    header = info.columns[index_of[field]]
    return header, masked_refused_value(header, masked_export_cell(field, _cell(row, index_of[field])))


#: A key cell with one of :data:`~fanpin.io.keys.ODD_KEY` (an invisible character or a full-width form).
_ODD_KEY = re.compile(ODD_KEY)


def _written_key(row: Sequence[str], index_of: dict[str, int]) -> tuple[str, ...]:
    """The key cells as written: 县, 乡, 村 as text, the 户编号 as a code (a leading apostrophe, which only keeps
    it text, is not part of it: values.code_text)."""
    *place, household = (_cell(row, index_of[f]) if f in index_of else "" for f in KEY_FIELDS)
    return (*map(excel_text, place), code_text(household))


def _key(row: Sequence[str], index_of: dict[str, int]) -> tuple[str, ...]:
    """The key rows are grouped by; a 户编号 that holds an error of Excel's as text (``#N/A`` in a CSV) is empty,
    as an .xlsx error cell reads: it names no household (the rows of every household it stands for had been
    one household), so the row is refused for it and the households beside it with it. So is one with a tab
    or a line break inside it (:data:`~fanpin.model.values.BROKEN_ID`): it had been a household of its own,
    and the household it belongs to was scored without that member; and one whose last digits are lost
    (``5.32328E+15``, :func:`~fanpin.model.values.lost_digits`), as a number cell of an .xlsx that lost its digits
    reads: it had been refused alone, and the household beside it scored without that member. The 户编号 is read
    without the spaces
    inside it (:func:`~fanpin.io.keys.id_key_text`): a row that writes it with one joins its household, which
    is refused as written two ways (it had been a household of its own)."""
    *place, household = _written_key(row, index_of)
    unnamed = household in EXCEL_ERRORS or code_break(household) or lost_digits(household)
    return (*map(key_text, place), "" if unnamed else id_key_text(household))


class _Keys:
    """:func:`_key` of each row, kept for the last row's cells: a household's rows are usually together,
    so most rows repeat the key cells of the row before."""

    def __init__(self, index_of: dict[str, int]) -> None:
        self.index_of = index_of
        self.cells = operator.itemgetter(*(index_of.get(f, 0) for f in KEY_FIELDS))
        self.last: tuple[object, tuple[str, ...]] = (None, ())

    def __call__(self, row: Sequence[str]) -> tuple[str, ...]:
        try:
            cells = self.cells(row)
        except IndexError:  # a short row
            return _key(row, self.index_of)
        if cells != self.last[0]:
            self.last = (cells, _key(row, self.index_of))
        return self.last[1]


def _blank(row: Sequence[str]) -> bool:
    """Whether a row is blank: no cell filled (whitespace and the characters that take no room aside, a zero-width
    space: :func:`~fanpin.model.values.blank_cell`), and none that could not be read (a sheet row whose only cells
    are formulas saved without their values reads as empty, and is refused, as a household table's is: it
    had been skipped as blank, its member or household lost without a word)."""
    return not isinstance(row, UnreadableRow) and all(map(blank_cell, row))


def _header_again(row: Sequence[str], key: tuple[str, ...], info: ExportFile, ids: Collection[str], line: int) -> bool:
    """Whether a data row is the header row again, or one of its two rows (:func:`header_again`, which refuses
    the file at a header in another order); looked at whole only when its 户编号 cell, ``key[-1]``, is one of
    the header's names, ``ids`` (:func:`_header_ids`): a few rows of a file, not every one."""
    where = Location(str(info.path), line)
    return key[-1] in ids and type(row) is list and header_again(row, info.columns, info.header_rows, where)


#: The key of a row that may be a form's row of column numbers (栏次, :func:`~fanpin.model.columns.column_numbers`):
#: its 户编号 a number of a few digits, or empty; its 县 so too, or a label a form numbers its columns of words with
#: (栏次, 甲 …). Only such rows are read whole and looked at (a member row names its county and its household's
#: code of many digits), patterns for Python and (anchored) polars alike.
NUMBERS_ID = "[0-9]{0,4}"
NUMBERS_PLACE = "[0-9]{0,4}|" + "|".join(NUMBERS_LABELS)
_NUMBERS_ID, _NUMBERS_PLACE = re.compile(NUMBERS_ID), re.compile(NUMBERS_PLACE)


def maybe_column_numbers(key: tuple[str, ...]) -> bool:
    """Whether a row of the key ``key`` may be a form's row of column numbers (:data:`NUMBERS_ID`)."""
    return _NUMBERS_ID.fullmatch(key[-1]) is not None and _NUMBERS_PLACE.fullmatch(key[0]) is not None


def _column_numbers(row: bytes | Sequence[str], key: tuple[str, ...], info: ExportFile) -> bool:
    """Whether a data row is a form's row of column numbers (栏次: 1, 2, 3, … under the header), refused in its
    place with one reason (:data:`~fanpin.model.columns.COLUMN_NUMBERS_ROW`): read as a member row, its numbers
    were two copies of 风险是否已消除 that differ, and the run stopped. Looked at whole only where its key may be
    one's (:func:`maybe_column_numbers`), as a row read by columns comes whole (a row that cannot be read is not)."""
    return type(row) is list and maybe_column_numbers(key) and column_numbers(row, info.columns)


def _header_ids(info: ExportFile, index_of: Mapping[str, int]) -> frozenset[str]:
    """What a header's row may hold under 户编号, as rows are grouped (:func:`header_key_texts`)."""
    return header_key_texts(info.columns, info.header_rows, index_of["household_id"])


@dataclass
class _Scan:
    rows: int = 0
    #: the line of each household's last row, ascending (:func:`_ascending`): 8 bytes a household, where a dict of
    #: the keys took some 250 (10 million households' export held 2.5 GB through the run)
    ends: np.ndarray = field(default_factory=lambda: _no_lines())
    #: the line of a household's first row → the other households with its 户编号 (in another 县/乡/村): the line
    #: of each one's first row, and whether its 县/乡/村 could not be read (a row not in the file's encoding)
    shared: dict[int, list[tuple[int, bool]]] = field(default_factory=dict)
    #: field → the values that are not unique across the file (only for the fields asked for)
    repeated: dict[str, Repeated] = field(default_factory=dict)
    #: the most households the second pass holds at once (:func:`~fanpin.io.key_scan._held`): past
    #: :data:`HELD_ROWS` rows' worth it groups them on disk (:func:`_grouped_apart`)
    held: int = 0
    #: an .xlsx sheet's rows as the first pass read them, for the second (:class:`_Spool`)
    spool: _Spool | None = None
    #: key → (field, reason) of each range merged in an amount column over its rows and another household's
    #: (:class:`~fanpin.io.readers.MergedAmounts`)
    merged: dict[tuple[str, ...], list[tuple[str, str]]] = field(default_factory=dict)
    #: the columns read (0 for A): a sheet cell there that holds no value refuses its row
    #: (:func:`~fanpin.io.readers.odd_refused`)
    read: frozenset[int] = frozenset()
    #: … those of numbers among them (:func:`~fanpin.io.readers.numbers_read`)
    numbers: frozenset[int] = frozenset()
    #: how the CSV's lines end (``"\n"``: LF or CR LF; ``"\r"``) where the first pass read it by columns
    #: (:mod:`fanpin.io.key_scan`), and so does the second; empty otherwise
    line_end: str = ""
    #: … and the CRC-32 of each block that pass checked (:attr:`~fanpin.io.key_scan.KeyScan.sums`)
    sums: Sequence[int] = ()

    @property
    def households(self) -> int:
        """The households (keys with a 户编号): one last line each."""
        return len(self.ends)


def _read_columns(index_of: Mapping[str, int], pairs: Sequence[tuple[int, int]]) -> frozenset[int]:
    """The columns fanpin reads (0 for A): those of the fields, and the copies compared with them."""
    return frozenset(index_of.values()) | {copy for copy, _ in pairs}


#: Values checked for uniqueness across a file: the member field → its fact; ``True``: unique among all
#: member rows (an ID number), ``False``: unique across households (a phone members of one may share).
UNIQUE_FIELDS: dict[str, tuple[str, bool]] = {
    "id_number": ("id_number_unique", True),
    "phone": ("phone_unique", False),
}


def unique_key(value: str) -> str:
    """An ID number or a phone number as their repeats are found: a code (values.code_text), in capitals, its
    full-width digits and letters as their ASCII forms and without invisible characters (keys.spelling), as
    a 户编号 is read: an ID number typed in full-width digits by an input method is the same person's number
    as the one in ASCII digits, and a repeat of it.

    >>> unique_key("'53232819800101004x"), unique_key("\uff15\uff13\uff12\uff13")
    ('53232819800101004X', '5323')
    """
    return spelling(code_text(value)).upper()


def _scan(
    info: ExportFile,
    index_of: dict[str, int],
    pairs: list[tuple[int, int]],
    unique: Collection[str] = (),
    spool: _Spool | None = None,
) -> _Scan:
    """The first pass: copies compared, each household's last line, 户编号 used by two households, and
    the values of the ``unique`` fields (:data:`UNIQUE_FIELDS`) that occur more than once."""
    checked = [(f, index_of[f], UNIQUE_FIELDS[f][1]) for f in unique if f in index_of]
    key_of, header_ids = _Keys(index_of), _header_ids(info, index_of)
    broken = functools.partial(_broken_in_two, info, key_of=key_of, header_ids=header_ids)
    if spool is None:
        # polars: loaded when a file is read, not when fanpin is imported
        from fanpin.io.key_scan import RowBreaks, key_scan

        key_columns = [index_of.get(f) for f in KEY_FIELDS]
        breaks = RowBreaks(info.named_width, broken) if info.rows_cut_short else None
        by_columns = key_scan(
            info.path, info.encoding, info.columns, info.header_record, key_columns, pairs, checked, info.header_rows,
            breaks,
        )  # fmt: skip
        if by_columns is not None:
            return _scanned(info, by_columns)
    from fanpin.io.chunks import scratch_folder
    from fanpin.io.key_scan import RowNotes

    scan = _Scan()
    amounts = {i: (f, _header(info, f)) for f, i in index_of.items() if f in AMOUNT_FIELDS}
    merged: MergedAmounts[tuple[str, ...]] = MergedAmounts(spool.sheet.merged if spool is not None else [], amounts)
    rows = _raw_rows(info.path, info.encoding) if spool is None else spool.resumed()
    scan.read = _read_columns(index_of, pairs)
    scan.numbers = numbers_read({i: f for f, i in index_of.items()}, Member)
    try:
        with scratch_folder() as folder, contextlib.ExitStack() as files:
            notes = RowNotes(folder, files, checked)
            _noted(info, rows, pairs, checked, scan, notes, merged, key_of, header_ids, broken)
            found = notes.done()
    except BaseException:
        if spool is not None:
            spool.close()
        raise
    finally:
        _close(rows)
    scan.ends, scan.shared, scan.repeated, scan.held = found.ends, found.shared, found.repeated, found.held
    scan.spool = spool
    scan.merged = merged.done()
    return scan


def _noted(
    info: ExportFile,
    rows: Iterable[tuple[int, list[str]]],
    pairs: list[tuple[int, int]],
    checked: list[tuple[str, int, bool]],
    scan: _Scan,
    notes: RowNotes,
    merged: MergedAmounts[tuple[str, ...]],
    key_of: _Keys,
    header_ids: frozenset[str],
    broken: Callable[[_Keyed, _Keyed], str | None],
) -> None:
    """The row-by-row first pass's rows: copies compared, each row counted, and its key and values noted. The
    second line of a member row broken in two (:func:`_line_broken`, whose pairs are found here as there) is
    counted, and refused by the second pass in its place: no member row, it is neither a household nor one's."""
    read = scan.read
    named = info.named_width if info.rows_cut_short else 0  # a sheet's row is never cut
    held: _Keyed | None = None  # the row before, where it is short and not the second line of a pair
    for line, written in rows:
        if line <= info.header_line or _blank(written):
            held = None
            continue
        row = odd_refused(written, read, scan.numbers)
        scan.rows += 1
        key = key_of(row)
        if 0 < len(written) < named:  # short: the first line of a row broken in two, or the second?
            item = (line, written, None, len(written))
            if held is not None and broken(held, item) is not None:
                held = None
                continue
            held = item
        else:
            held = None
        if _header_again(row, key, info, header_ids, line) or _column_numbers(row, key, info):
            continue  # refused by the second pass, in its place
        for copy, original in () if isinstance(row, UnreadableRow) else pairs:  # an unreadable row is refused
            if copy >= len(row) and info.rows_cut_short:  # missing, not different: refused as cut short
                continue
            a, b = excel_text(_cell(row, original)), excel_text(_cell(row, copy))
            if a != b:
                raise _copies_differ(info, line, copy, original, a, b)
        if key[-1]:  # before its values: a household's key is hashed once (RowNotes keeps the last one)
            notes.household(line, key)
            merged.add(line, row, key)
        for name, index, _ in checked:
            value = unique_key(_cell(row, index))
            if value:
                notes.value(name, value, key)


def _copies_differ(info: ExportFile, line: int, copy: int, original: int, a: str, b: str) -> InputFileError:
    # Each copy by its place as well as its header: two copies often have the same header word for word.
    name = export_field(info.columns[original])
    first, second = f"{info.columns[original]} (column {original + 1})", f"{info.columns[copy]} (column {copy + 1})"

    def shown(value: str) -> str:  # as the errors file shows a refused cell: a name one column off masked too
        # (in a code's column too, whose cells are shown as written: a copy of 人编号 holding 姓名's names)
        return name_masked(masked_refused_value(info.columns[original], masked_export_cell(name, value))) or "(empty)"

    return InputFileError(
        f"the columns {first} and {second} differ on line {line} ({shown(a)} vs {shown(b)}); "
        "a column present twice is read only when both copies are equal on every row",
        fix=f"delete the wrong copy, or rename {second} if it is a different column",
        location=Location(str(info.path), line),
    )


def _scanned(info: ExportFile, found: KeyScan) -> _Scan:
    """The first pass read by columns (:mod:`fanpin.io.key_scan`) as the row-by-row pass gives it."""
    if found.difference is not None:
        raise _copies_differ(info, *found.difference)
    return _Scan(
        found.rows, found.ends, found.shared, found.repeated, held=found.held, line_end=found.line_end, sums=found.sums
    )


class _Spool:
    """An .xlsx sheet's rows, parsed once: openpyxl takes some 0.2 ms a row of the export's hundred or so columns, and
    opening the workbook (its shared strings) a second or more for a large one. The header is looked for
    (:func:`_open`) and the first pass made (:func:`_scan`) on one reading of the sheet, which keeps the
    rows it gives (:class:`~fanpin.io.readers.KeptRows`), and the second pass reads them back
    (:meth:`replay`)."""

    def __init__(self, path: Path) -> None:
        self.kept = KeptRows[Numbered]()
        #: whether the rows read are kept (not for a household table's: :meth:`rows`)
        self.keeping = True
        #: the sheet as read (its merged ranges are the first pass's: :class:`~fanpin.io.readers.MergedAmounts`)
        self.sheet = xlsx_rows(path)
        #: the sheet's rows (:func:`~fanpin.io.readers.xlsx_rows`), each kept as it is given
        self.live = self._recording(self.sheet)

    def _recording(self, rows: SheetRows) -> Generator[Numbered, None, None]:
        try:
            for item in rows:
                if self.keeping:
                    self.kept.keep(item)
                yield item
        finally:
            _close(rows)

    def resumed(self) -> Iterator[Numbered]:
        """The rows from the first: those already given (the title rows and the header, fewer than a
        batch), then the reading goes on."""
        assert not self.kept.flushed, "the header is looked for in fewer rows than a batch"
        yield from list(self.kept.batch)
        for item in self.live:  # noqa: UP028 - "yield from" would close the reading when a caller stops early
            yield item

    def rows(self) -> SheetRows:
        """The rows from the first, once, read on without being kept (a household table's, which its reader
        reads once): the workbook and the file are closed after them."""
        self.keeping = False
        return SheetRows(self._once(), self.sheet.merged, self.sheet.hidden, self.sheet.date_1904, self.sheet.others)

    def _once(self) -> Generator[Numbered, None, None]:
        try:
            yield from self.resumed()
        finally:
            self.close()

    def replay(self) -> Iterator[Numbered]:
        """The rows kept, in order, once: the file is closed (and so removed) after them."""
        try:
            yield from self.kept.replay()
        finally:
            self.close()

    def close(self) -> None:
        self.live.close()
        self.kept.close()


class HouseholdRows:
    """A household's member rows as read (line, cells), all of them, not yet validated.

    Rows the second pass read by columns (:func:`~fanpin.io.key_scan.keyed_records`) come as their
    records as written (UTF-8 bytes), and :attr:`rows` reads their cells with the csv module, as
    :func:`~fanpin.io.readers.csv_rows` does, when first asked: in the worker process that validates the
    household, not in the process that reads and groups the file; bytes cross to a worker as they are, and
    the export's column path has polars read a chunk's records whole (:mod:`fanpin.io.columnar`)."""

    __slots__ = ("_as_bytes", "_cells", "_lines", "_written", "beside", "key")

    def __init__(self, key: tuple[str, ...], rows: list[tuple[int, list[str]]], beside: int = 0) -> None:
        self.key = key
        #: the line of a member row without 户编号 right before or after the household's rows (0: none): it
        #: may be one of its members, so the household is not scored without it
        self.beside = beside
        self._cells: list[tuple[int, list[str]]] | None = rows
        #: the rows as written (their lines, and each row's record, or its cells already read), or empty
        self._lines: list[int] = []
        self._written: list[bytes | list[str]] = []
        self._as_bytes = False  # every row of _written is its record as written

    @classmethod
    def as_written(
        cls, key: tuple[str, ...], records: list[tuple[int, bytes | list[str]]], beside: int = 0
    ) -> HouseholdRows:
        """The household of ``records`` (line, row): each a record as written (bytes), or its cells already
        read."""
        return cls.written(key, [line for line, _ in records], [row for _, row in records], beside)

    @classmethod
    def written(
        cls,
        key: tuple[str, ...],
        lines: list[int],
        records: list[bytes | list[str]],
        beside: int = 0,
        *,
        as_bytes: bool | None = None,
    ) -> HouseholdRows:
        """The household of the rows on ``lines``, each a record as written (bytes), or its cells already read
        (``as_bytes``: whether every one is bytes, where the caller knows)."""
        made = cls(key, [], beside)
        made._cells, made._lines, made._written = None, lines, records
        made._as_bytes = all(type(record) is bytes for record in records) if as_bytes is None else as_bytes
        return made

    @property
    def rows(self) -> list[tuple[int, list[str]]]:
        """Each row's line and cells."""
        if self._cells is None:
            self._cells = _cells_of(self._lines, self._written)
        return self._cells

    @property
    def first_line(self) -> int:
        """The line of the household's first row."""
        return self._lines[0] if self._written else self.rows[0][0]

    @property
    def count(self) -> int:
        """The household's member rows."""
        return len(self._written) if self._written else len(self.rows)

    @property
    def lines(self) -> list[int]:
        """The line of each of the household's rows, in order."""
        return list(self._lines) if self._written else [line for line, _ in self.rows]

    def records(self) -> list[bytes] | None:
        """The household's records as written, each with its line end (the file's last, written without one,
        given the file's: :func:`~fanpin.io.key_scan.keyed_records`), where the second pass kept every one
        so; else None."""
        if not (self._written and self._as_bytes):
            return None
        return self._written  # type: ignore[return-value]  # bytes, as _as_bytes says

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, HouseholdRows):
            return NotImplemented
        return (self.key, self.rows, self.beside) == (other.key, other.rows, other.beside)

    __hash__ = None  # type: ignore[assignment]  # holds lists, as the dataclass it was did

    def __repr__(self) -> str:
        return f"HouseholdRows(key={self.key!r}, rows={self.rows!r}, beside={self.beside!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled compactly, as a worker process is sent them by the thousand: records as written as they
        are; rows already read with each row's cells joined into one text (a third of the time of pickling
        each cell), unless a cell holds the separator."""
        if self._written:
            return (_written_rows, (self.key, self._lines, self._written, self.beside, self._as_bytes))
        assert self._cells is not None
        return (_unpacked, (self.key, [(line, _packed(row)) for line, row in self._cells], self.beside))


def _written_rows(
    key: tuple[str, ...], lines: list[int], records: list[bytes | list[str]], beside: int, as_bytes: bool
) -> HouseholdRows:
    """A pickled :class:`HouseholdRows` of rows as written, made again."""
    return HouseholdRows.written(key, lines, records, beside, as_bytes=as_bytes)


def _cells_of(lines: list[int], records: list[bytes | list[str]]) -> list[tuple[int, list[str]]]:
    """Each record's line and cells, those as written read as :func:`record_cells` reads one: the records of
    a household in one reading of the csv module."""
    written = [record for record in records if isinstance(record, bytes)]
    read = [_unmarked(cells) for cells in csv.reader(io.StringIO(b"".join(written).decode("utf-8"), newline=""))]
    if len(read) != len(written):  # a record without its line end (the file's last) before another: one by one
        read = [record_cells(record) for record in written]
    given = iter(read)
    return [
        (line, next(given) if isinstance(record, bytes) else record)
        for line, record in zip(lines, records, strict=True)
    ]


def record_cells(data: bytes) -> list[str]:
    """One CSV record's cells (UTF-8 bytes) as :func:`~fanpin.io.readers.csv_rows` reads them."""
    return _unmarked(next(csv.reader(io.StringIO(data.decode("utf-8"), newline="")), []))


def _unmarked(cells: list[str]) -> list[str]:
    """``cells`` without a byte-order mark before the first: a file's own mark, left where files were joined."""
    if cells and cells[0].startswith(BOM):
        cells[0] = cells[0][1:]
    return cells


#: What joins a row's cells when it is sent to a worker (ASCII's unit separator).
_SEPARATOR = "\x1f"


def _packed(row: list[str]) -> str | list[str]:
    if type(row) is not list:  # an UnreadableRow says why: sent as it is
        return row
    joined = _SEPARATOR.join(row)
    return joined if joined.count(_SEPARATOR) == len(row) - 1 else row


def _unpacked(key: tuple[str, ...], rows: list[tuple[int, str | list[str]]], beside: int = 0) -> HouseholdRows:
    split = [(line, row.split(_SEPARATOR) if isinstance(row, str) else row) for line, row in rows]
    return HouseholdRows(key, split, beside)


@dataclass
class _Group:
    rows: list[tuple[int, bytes | list[str]]]
    complete: bool = False
    refused: RejectedRow | None = None
    beside: int = 0  # HouseholdRows.beside


def _names_a_person(row: Sequence[str], index_of: Mapping[str, int]) -> bool:
    """Whether a row without 户编号 is a member row (it names a person, or it is a line of cells that could
    not be read), not a title or a total line under the table. A sheet's cell written but not read (an error
    of Excel's, :attr:`~fanpin.io.readers.UnreadableRow.unread`) counts as written, as its text does in a CSV
    saved from the sheet: a row of ``#N/A`` names a person in 姓名 in either file."""
    if isinstance(row, UnreadableRow):  # a line of cells, not a title line of one or two
        written = {at for at, cell in enumerate(row) if cell.strip()} | row.unread
        return len(written) >= 3 or any(index_of[f] in written for f in IDENTITY_FIELDS if f in index_of)
    return any(_cell(row, index_of[f]).strip() for f in IDENTITY_FIELDS if f in index_of)


def _cut_before_key(info: ExportFile, index_of: Mapping[str, int], row: Sequence[str]) -> bool:
    """Whether ``row`` is a CSV line cut short before its 户编号 holding three cells or more (its 县, 乡, 村):
    a member row, refused as cut short (:func:`_short_reason`), not a title or a note of one or two cells."""
    if isinstance(row, UnreadableRow) or not info.rows_cut_short or len(row) > index_of["household_id"]:
        return False
    return sum(1 for cell in row if cell.strip()) >= 3


#: The rows of households the second pass may hold at once, waiting for a household's last row, before it groups
#: the file's rows on disk instead (:func:`_grouped_apart`): some 650 bytes each (160 MiB). A file whose
#: households' rows are apart — sorted by 与户主关系 or by 姓名 — held nearly every row until its end.
HELD_ROWS = 250_000
#: … and then the rows of one of its buckets, held while they are grouped.
BUCKET_ROWS = 100_000
#: … in at most this many buckets (two files open each: well under a system's 1 024 open files).
MOST_BUCKETS = 256

#: The run's note for a file grouped on disk (:func:`_grouped_apart`).
FAR_APART = (
    "the households' rows are far apart in the file (sorted by another column?): they were grouped in temporary "
    "files, which takes longer"
)

#: What :func:`_placed` says of a row: a member row of a household; a row refused in its place; a member row
#: without 户编号 beside a household; the second line of a member row broken in two, refused in its place (the
#: household whose row it ends is not given before the row after it, which may be beside that household).
_ROW, _REFUSED, _BESIDE, _SECOND = 0, 1, 2, 3
#: … and a block of member rows as written, each of a household, nothing beside them (:func:`_placed`'s
#: ``(_PLAIN, first line, (), KeyedBlock)``), grouped a household at a time where they follow one another
#: (:func:`_plain_households`)
_PLAIN = 4
#: (what, line, key, value): :func:`_placed`'s rows
_Placed = tuple[int, int, tuple[str, ...], Any]
#: (first line, key, [(line, row) …]): a household (or a row refused) as :func:`_grouped_apart` keeps it on disk
_Kept = tuple[int, tuple[str, ...], list[tuple[int, Any]]]


def _grouped(info: ExportFile, index_of: dict[str, int], scan: _Scan) -> Iterator[HouseholdRows | RejectedRow]:
    """The second pass: rows grouped into households, each given once its last row and the row after it are
    read, in the order of their first rows; a row without 户编号 is refused in its place, and a member row
    without one marks the households right before and after it (:attr:`HouseholdRows.beside`). A file whose
    households' rows are far apart is grouped on disk (:func:`_grouped_apart`), in the same order."""
    import numpy as np  # loaded when an export is read: ``import fanpin`` does not load numpy

    placed = _placed(info, index_of, scan)
    pending: dict[tuple[str, ...], _Group] = {}  # a row without 户编号 is a group of its own: ("", line)
    # … and their keys in the order of their first rows: the oldest of a dict whose first entries were deleted
    # is found past every deleted one (held 80 000, the second pass took 4.9 s, not 1.2 s, for 100 000)
    order: deque[tuple[str, ...]] = deque()
    ends = _ascending(scan.ends)
    end = next(ends, 0)  # the next household's last line (0: none)
    try:
        if _far_apart(scan):
            yield from _grouped_apart(_rows_placed(placed), scan.rows)
            return
        for item in placed:
            if item[0] == _PLAIN:
                block = item[3]
                given = _plain_households(block, pending, order, scan.ends)
                if given is not None:
                    yield from given
                    ends = _ascending(scan.ends, int(np.searchsorted(scan.ends, block.lines[-1])))
                    end = next(ends, 0)
                    continue
                items: Iterable[_Placed] = _block_placed(block)
            else:
                items = (item,)
            for what, line, key, value in items:
                if what == _ROW:
                    group = pending.get(key)
                    if group is None:
                        group = pending[key] = _Group([])
                        order.append(key)
                    group.rows.append((line, value))
                    while 0 < end < line:
                        end = next(ends, 0)
                    group.complete = line == end
                elif what in (_REFUSED, _SECOND):
                    pending[key] = _Group([], True, value)
                    order.append(key)
                    if what == _SECOND:  # the row it ends is its household's last: the row after may be beside it
                        continue
                else:
                    group = pending.get(key)
                    if group is not None and not group.beside:
                        group.beside = line
                    continue
                while order:
                    oldest = order[0]
                    group = pending[oldest]
                    # A household complete on this row waits for the next: a member row without 户编号 there
                    # may be one of its members.
                    if not group.complete or (what == _ROW and oldest == key):
                        break
                    order.popleft()
                    del pending[oldest]
                    yield group.refused or HouseholdRows.as_written(oldest, group.rows, group.beside)
    finally:
        placed.close()
    for group_key, group in pending.items():  # only if the file changed between the two passes
        yield group.refused or HouseholdRows.as_written(group_key, group.rows, group.beside)


def _plain_households(
    block: KeyedBlock,
    pending: dict[tuple[str, ...], _Group],
    order: deque[tuple[str, ...]],
    ends: np.ndarray,
) -> list[HouseholdRows | RejectedRow] | None:
    """What :func:`_grouped` gives for a block of member rows (:data:`_PLAIN`) read row by row, worked out a
    household at a time where its households follow one another: every run of rows of one key but the
    block's last ends on its household's last line, no key has a run of its own twice, and the households
    held before it are complete but for the first run's own (its rows before the block). ``pending`` and
    ``order`` are left as the rows would leave them (the last run held: the row after it may be beside it).
    None, and nothing changed, where that does not hold: the rows are grouped one by one."""
    import numpy as np

    starts, keys = block.runs()
    first = keys[0]
    for held in order:
        group = pending[held]
        if held == first:
            if group.complete or held != order[-1]:
                return None
        elif not group.complete:
            return None
    lines = block.lines
    if len(keys) > 1:
        last_lines = lines[np.asarray(starts[1:]) - 1]  # each run's last line but the block's last run's
        at = np.minimum(np.searchsorted(ends, last_lines), len(ends) - 1) if len(ends) else None
        if at is None or not np.array_equal(ends[at], last_lines):
            return None
        seen = set(keys)
        if len(seen) != len(keys) or any(held in seen for held in order if held != first):
            return None
    given: list[HouseholdRows | RejectedRow] = []
    for held in order:  # complete: given when the block's first row is seen
        if held != first:
            group = pending.pop(held)
            given.append(group.refused or HouseholdRows.as_written(held, group.rows, group.beside))
    order.clear()
    records: list[bytes | list[str]] = block.records()  # type: ignore[assignment]  # bytes, a kind of them
    numbers = lines.tolist()
    bounds = [*starts, len(records)]
    held_rows = pending.pop(first, None)  # the first run's household's rows before the block
    if held_rows is not None:
        cut = bounds[1] if len(bounds) > 2 else len(records)  # the first run's end
        rows = [*held_rows.rows, *zip(numbers[:cut], records[:cut], strict=True)]
        numbers[:cut], records[:cut] = [line for line, _ in rows], [row for _, row in rows]
        bounds = [0, *(bound + len(held_rows.rows) for bound in bounds[1:])]
    beside = held_rows.beside if held_rows is not None else 0
    for run in range(len(keys) - 1):
        a, b = bounds[run], bounds[run + 1]
        if run == 0:  # the household's rows before the block may have been read into cells
            given.append(HouseholdRows.written(keys[run], numbers[a:b], records[a:b], beside))
        else:
            given.append(HouseholdRows.written(keys[run], numbers[a:b], records[a:b], as_bytes=True))
    a, last = bounds[-2], numbers[-1]
    at_end = int(np.searchsorted(ends, last))
    rows = list(zip(numbers[a:], records[a:], strict=True))
    pending[keys[-1]] = _Group(rows, at_end < len(ends) and int(ends[at_end]) == last, None, beside if a == 0 else 0)
    order.append(keys[-1])
    return given


def _far_apart(scan: _Scan) -> bool:
    """Whether the second pass would hold more than :data:`HELD_ROWS` rows at once in memory (the households
    it holds at most × the rows a household): it then groups them on disk (:func:`_grouped_apart`)."""
    return scan.held * scan.rows > HELD_ROWS * max(scan.households, 1)


def _placed(info: ExportFile, index_of: dict[str, int], scan: _Scan) -> Generator[_Placed, None, None]:
    """The second pass's rows in the file's order, each placed: ``(_ROW, line, key, row)`` a member row of the
    household ``key``; ``(_REFUSED, line, ("", line), RejectedRow)`` a row refused in its place (a group of its
    own); ``(_BESIDE, line, key, None)`` a member row without 户编号 on ``line`` beside the household ``key``
    (:attr:`HouseholdRows.beside` keeps the first such line); ``(_SECOND, line, ("", line), RejectedRow)`` the
    second line of a member row broken in two, refused in its place (the row after it is beside the household
    whose row it ends, as it would be after that row whole). A mark of the household before a row comes before
    the row's own item, a mark of the household after it after that household's row: the household it marks
    has not been given yet."""
    key_of, header_ids = _Keys(index_of), _header_ids(info, index_of)
    rows = _line_broken(info, _keyed_rows(info, index_of, scan), key_of, header_ids)
    previous: tuple[str, ...] = ()  # the key of the last row with a 户编号
    unplaced = 0  # the line of a member row without 户编号 since that row
    read = scan.read
    short = info.named_width if info.rows_cut_short else None  # a row with fewer cells is noted
    try:
        for entry in rows:
            if not isinstance(entry, tuple):  # a block read by columns
                if not unplaced and entry.plain(short, NO_HOUSEHOLD_STARTS, NO_HOUSEHOLD_PATTERN):
                    yield _PLAIN, int(entry.lines[0]), (), entry
                    previous = entry.last_key()
                    continue
                entries: Iterable[_Lined] = entry.rows()
            else:
                entries = (entry,)
            for line, record, given, cells in entries:
                key: tuple[str, ...]
                row: bytes | list[str]
                if isinstance(record, _SecondLine):  # of a row broken in two: refused in its place, nothing beside it
                    yield _SECOND, line, ("", str(line)), RejectedRow(line, "", "", "", record.reason)
                    continue
                if isinstance(record, bytes):  # a member row read by columns (_keyed_rows), with its key
                    assert given is not None
                    row, key = record, given
                elif line <= info.header_line or _blank(record):
                    continue
                else:
                    row = odd_refused(record, read, scan.numbers)
                    key = given if given is not None else key_of(row)
                if not isinstance(row, bytes) and _header_again(row, key, info, header_ids, line):
                    yield _REFUSED, line, ("", str(line)), RejectedRow(line, "", "", "", HEADER_AGAIN)
                    previous, unplaced = (), 0  # a second export's header: nothing beside it is one household
                elif _column_numbers(row, key, info):  # a form's row of column numbers (栏次) under its header
                    yield _REFUSED, line, ("", str(line)), RejectedRow(line, "", "", "", COLUMN_NUMBERS_ROW)
                    previous, unplaced = (), 0
                elif none := _no_household(row, key):  # a totals row or a form's footer added under the table
                    yield _REFUSED, line, ("", str(line)), RejectedRow(line, "", "", "", none)
                    previous, unplaced = (), 0
                elif not key[-1]:
                    assert not isinstance(row, bytes)  # read whole by _keyed_rows
                    cut = _cut_before_key(info, index_of, row)
                    # a member of the household before or after it; a line without a person (a total under the
                    # table) stands between a household and the member rows after it
                    if cut or _names_a_person(row, index_of) or _key_unread(row, index_of):
                        unplaced = line
                        if previous:
                            yield _BESIDE, line, previous, None
                    else:
                        previous = ()
                    yield _REFUSED, line, ("", str(line)), _refused_without_key(info, index_of, line, row, cut)
                else:
                    if cells < info.named_width and info.rows_cut_short and not isinstance(row, UnreadableRow):
                        info.short_rows.add(line)  # read as usual, its missing cells empty: the run's note counts it
                    yield _ROW, line, key, row
                    if unplaced:
                        yield _BESIDE, unplaced, key, None
                    previous, unplaced = key, 0
    finally:
        rows.close()


#: (line, row, key or None, its cells): :func:`_keyed_rows`'s rows
_Keyed = tuple[int, bytes | list[str], tuple[str, ...] | None, int]


@dataclass(frozen=True)
class _SecondLine:
    """The second line of a member row broken in two (:func:`_line_broken`) in place of its cells: why it is
    refused."""

    reason: str


#: :func:`_line_broken`'s rows: :data:`_Keyed`, the second line of a row broken in two in place of its cells
_Lined = tuple[int, bytes | list[str] | _SecondLine, tuple[str, ...] | None, int]


def _line_broken(
    info: ExportFile, rows: Generator[_Keyed | KeyedBlock, None, None], key_of: _Keys, header_ids: frozenset[str]
) -> Generator[_Lined | KeyedBlock, None, None]:
    """The second pass's rows (:func:`_keyed_rows`, each with its number of cells), and a CSV member row broken
    in two by a line break inside it found: two lines in a row, each with fewer cells than the header, that
    together hold the header's cells (or one more: a cell broken in two), the second not naming the first's
    household. Read as two rows, the first had its missing cells read as empty and its household scored
    without them (household 53232813000063 scored 无 for 红), the second refused only for its empty 户编号.
    The first line is given as an :class:`~fanpin.io.readers.UnreadableRow` saying so (its household is
    refused with it, as for a member row that fails), the second with the same reason, to be refused in its
    place without marking the households beside it (its cells are the first line's, not a member row): a
    :class:`_SecondLine`. The other rows are given as they come, one row behind."""
    try:
        if not info.rows_cut_short:  # a sheet's row is never cut
            yield from rows
            return
        named, header_line = info.named_width, info.header_line
        held: _Keyed | None = None  # the row before, short: given once the next is seen
        for entry in rows:
            if not isinstance(entry, tuple):  # a block read by columns: given whole where none of it is short
                if entry.plain(named, frozenset()):
                    if held is not None:
                        yield held
                        held = None
                    yield entry
                    continue
                entries: Iterable[_Keyed] = entry.rows()
            else:
                entries = (entry,)
            for item in entries:
                line, record, _, cells = item
                # a data row with fewer cells than the header, not blank: one of the two lines of a row broken in two?
                short = line > header_line and 0 < cells < named and (isinstance(record, bytes) or not _blank(record))
                if held is not None:
                    reason = _broken_in_two(info, held, item, key_of, header_ids) if short else None
                    if reason is not None:
                        first_line, first, first_key, first_cells = held
                        written = record_cells(first) if isinstance(first, bytes) else list(first)
                        yield first_line, UnreadableRow(reason, written), first_key, first_cells
                        yield line, _SecondLine(reason), item[2], cells
                        held = None
                        continue
                    yield held
                    held = None
                if short:
                    held = item
                else:
                    yield item
        if held is not None:
            yield held
    finally:
        rows.close()


def _row_key(key_of: _Keys, row: bytes | list[str], given: tuple[str, ...] | None) -> tuple[str, ...]:
    """A row's key: as the reading by columns gave it (a record as written always comes with it), else read."""
    if given is not None:
        return given
    assert not isinstance(row, bytes)
    return key_of(row)


def _broken_in_two(
    info: ExportFile,
    first: _Keyed,
    second: _Keyed,
    key_of: _Keys,
    header_ids: frozenset[str],
) -> str | None:
    """The reason of two lines in a row that are one member row broken in two (:func:`_line_broken`), or None."""
    (line, row, given, cells), (next_line, next_row, next_given, next_cells) = first, second
    named = info.named_width
    if not (0 < cells < named and 0 < next_cells < named):
        return None
    width = next((w for w in (named, len(info.columns)) if cells + next_cells - w in (0, 1)), None)
    if width is None or isinstance(row, UnreadableRow) or isinstance(next_row, UnreadableRow):
        return None
    if isinstance(row, bytes):  # a record as written, read by columns (polars, and so this module, loaded)
        from fanpin.io.chunks import line_breaks

        if next_line != line + line_breaks(row):
            # blank lines between them, which a reading by columns leaves out where they fill a block (the
            # rows read one by one see them): two rows, as there
            return None
    key, next_key = _row_key(key_of, row, given), _row_key(key_of, next_row, next_given)
    if next_key == key or next_key[-1] in header_ids or _no_household(next_row, next_key) is not None:
        return None  # a row of the same household (trailing empty cells left out), the header, a total under the table
    if _column_numbers(row, key, info) or _column_numbers(next_row, next_key, info):
        return None  # a form's row of column numbers, refused as such
    split = " with one cell broken in two" if cells + next_cells > width else ""
    return (
        f"lines {line} and {next_line} have {cells} and {next_cells} cells, together the header's {width}{split}: "
        "one member row broken in two by a line break inside it (a cell typed on two lines, or the file edited "
        "by hand); join the two lines into one (delete the line break) and score the file again"
    )


def _no_household(row: bytes | list[str], key: tuple[str, ...]) -> str | None:
    """Why a member row is no household's (:func:`~fanpin.model.columns.no_household_reason`: 合计…, 填表人：…),
    read from its 户编号, its 县 (the export's first column) or, read whole, its first cell; or None. Its cells
    are not shown: a footer names who filled the form in."""
    household, county = key[-1], key[0]
    first = row[0] if row and isinstance(row, list) else ""
    starts = NO_HOUSEHOLD_STARTS  # a member row, asked of every row: its cells' first characters alone
    if not (household[:1] in starts or county[:1] in starts or first[:1] in starts):
        return None
    return next((r for r in map(no_household_reason, (household, county, first)) if r is not None), None)


def _key_unread(row: list[str], index_of: Mapping[str, int]) -> bool:
    """Whether a row's 户编号 is an error of Excel's (#N/A) or holds a tab or a line break: written, but naming
    no household (:func:`_refused_without_key`). In a sheet, the error cell is one the row could not read
    (:attr:`~fanpin.io.readers.UnreadableRow.unread`), as its text is in a CSV saved from it."""
    if isinstance(row, UnreadableRow):
        return index_of["household_id"] in row.unread
    written = _cell(row, index_of["household_id"]).strip()
    code = code_text(written)  # '#N/A too: a code's mark before it
    return code in EXCEL_ERRORS or code_break(written) or lost_digits(code)


def _refused_without_key(
    info: ExportFile, index_of: Mapping[str, int], line: int, row: list[str], cut: bool
) -> RejectedRow:
    """Why a row whose 户编号 names no household (empty, an error of Excel's, a tab or a line break inside, the
    line cut short before it, the row unreadable) is refused."""
    if isinstance(row, UnreadableRow):  # its 户编号 may be what cannot be read
        return _unreadable(info, line, "", row)
    written = _cell(row, index_of["household_id"]).strip()
    if cut:
        return RejectedRow(line, "", "", "", _short_reason(info, len(row)))
    if code_text(written) in EXCEL_ERRORS:  # an error of Excel's (#N/A, '#N/A), which names no household (_key)
        reason = excel_error_reason({index_of["household_id"]: code_text(written)}, line)
        return RejectedRow(line, "", _header(info, "household_id"), written, reason)
    if lost_digits(code_text(written)):  # 5.32328E+15: its last digits lost, it names no household (_key)
        reason = code_key_problem(code_text(written)) or SCIENTIFIC_ID
        return RejectedRow(line, "", _header(info, "household_id"), _shown(info, "household_id", written), reason)
    if code_break(written):  # a tab or a line break inside the 户编号, which names no household (_key)
        shown = _shown(info, "household_id", code_text(written))
        return RejectedRow(line, "", _header(info, "household_id"), shown, BROKEN_ID)
    reason = "required value is empty: every member row names its household's 户编号"
    return RejectedRow(line, "", export_header("household_id"), "", reason)


def _block_placed(block: KeyedBlock) -> Iterator[_Placed]:
    """A :data:`_PLAIN` block's rows as :func:`_placed` places them one by one: each a member row."""
    for line, record, key, _ in block.rows():
        yield _ROW, line, key, record


def _rows_placed(placed: Iterator[_Placed]) -> Iterator[_Placed]:
    """:func:`_placed`'s rows, a :data:`_PLAIN` block's one by one."""
    for item in placed:
        if item[0] == _PLAIN:
            yield from _block_placed(item[3])
        else:
            yield item


def _grouped_apart(placed: Iterator[_Placed], rows: int) -> Iterator[HouseholdRows | RejectedRow]:
    """:func:`_grouped` for a file whose households' rows are far apart, in bounded memory: the rows are
    sorted into buckets on disk by their household (a hash of its key), each bucket is then read back and
    grouped alone, its households kept on disk again in the order of their first rows, and the buckets'
    households are given merged in that order — what :func:`_grouped` gives, with two more writes and
    reads of the rows (:class:`~fanpin.io.readers.KeptRows`, anonymous temporary files)."""
    from fanpin.io.chunks import temporary_files

    count = min(max(2, -(-rows // BUCKET_ROWS)), MOST_BUCKETS)
    marks: dict[tuple[str, ...], int] = {}  # household → its first row without 户编号 beside it
    with temporary_files(), contextlib.ExitStack() as files:
        # a few hundred rows of each bucket in memory at a time (all of them: some 40 MB)
        buckets = [files.enter_context(KeptRows[tuple[int, tuple[str, ...], Any]](256)) for _ in range(count)]
        refused = files.enter_context(KeptRows[_Kept](256))
        for what, line, key, value in placed:
            if what == _ROW:
                buckets[hash(key) % count].keep((line, key, value))
            elif what in (_REFUSED, _SECOND):
                refused.keep((line, key, [(line, value)]))
            else:
                marks.setdefault(key, line)
        households = []
        for bucket in buckets:
            grouped: dict[tuple[str, ...], list[tuple[int, Any]]] = {}
            for line, key, value in bucket.replay():  # in the file's order: each household's rows in order
                group = grouped.get(key)
                if group is None:
                    group = grouped[key] = []
                group.append((line, value))
            bucket.close()
            kept = files.enter_context(KeptRows[_Kept](64))
            for key, group in grouped.items():  # in the order of their first rows
                kept.keep((group[0][0], key, group))
            del grouped
            households.append(kept.replay())
        for _, key, group in heapq.merge(refused.replay(), *households, key=operator.itemgetter(0)):
            if not key[0] and len(key) == 2:  # a row refused in its place
                yield group[0][1]
            else:
                yield HouseholdRows.as_written(key, group, marks.get(key, 0))


def _no_lines() -> np.ndarray:
    """An empty array of lines (numpy loaded when an export is read: ``import fanpin`` does not load it)."""
    import numpy as np

    return np.empty(0, dtype=np.int64)


def _ascending(ends: np.ndarray, first: int = 0) -> Iterator[int]:
    """The lines of ``ends`` in order from its ``first``, as ints (a block of them at a time: the array stays as
    small as it is)."""
    for start in range(first, len(ends), 1 << 16):
        yield from ends[start : start + (1 << 16)].tolist()


def _keyed_rows(info: ExportFile, index_of: dict[str, int], scan: _Scan) -> Generator[_Keyed | KeyedBlock, None, None]:
    """The second pass's rows: (line, row, key, its cells). Where the first pass read the file by columns, so does
    this one (:func:`~fanpin.io.key_scan.keyed_records`), a block of rows at a time
    (:class:`~fanpin.io.key_scan.KeyedBlock`): each row with its key, a household's member rows as their
    records' bytes as written (read into cells where they are validated) and the others as cells; otherwise
    every row as cells, read by the file's reader, without a key (None: the caller reads it)."""
    if scan.line_end:
        from fanpin.io.key_scan import keyed_records  # polars: loaded when a file is read

        key = [index_of.get(f) for f in KEY_FIELDS]
        return keyed_records(
            info.path,
            info.encoding,
            info.columns,
            info.header_record,
            key,
            info.header_rows,
            scan.sums,
            named=info.named_width,
        )
    return _unkeyed_rows(info, scan)


def _unkeyed_rows(info: ExportFile, scan: _Scan) -> Generator[tuple[int, bytes | list[str], None, int], None, None]:
    """Every row as cells, read by the file's reader (or the first pass's spool), without a key."""
    rows = _raw_rows(info.path, info.encoding) if scan.spool is None else scan.spool.replay()
    try:
        for line, row in rows:
            yield line, row, None, len(row)
    finally:
        _close(rows)


class Resolver:
    """Validates a household's rows (:class:`HouseholdRows`) into an :class:`ExportHousehold`, or refuses
    them. It pickles to what it was made from (a worker process makes its own cell caches)."""

    def __init__(
        self, info: ExportFile, index_of: dict[str, int], scan: _Scan, member_facts: bool | Collection[str]
    ) -> None:
        self.info, self.index_of, self.member_facts = info, index_of, member_facts
        #: whether the second pass groups the households on disk (the run says so: :data:`FAR_APART`)
        self.apart = _far_apart(scan)
        # what validation reads: shared 户编号, repeated values (not the lines the grouping reads, nor the spool)
        self.scan = replace(scan, ends=_no_lines(), spool=None)
        self._cells: MemberCells | None = None

    def __getstate__(self) -> dict[str, object]:
        return {**self.__dict__, "_cells": None}

    def __call__(self, item: HouseholdRows | RejectedRow) -> list[ExportHousehold | RejectedRow]:
        if isinstance(item, RejectedRow):
            return [item]
        return _resolve(self.info, self.index_of, item.key, item.rows, self.scan, self.cells(), item.beside)

    def cells(self) -> MemberCells:
        """The remembered cell values (:class:`~fanpin.io.member_cells.MemberCells`), made on first use."""
        if self._cells is None:
            across = [UNIQUE_FIELDS[name][0] for name in self.scan.repeated]
            self._cells = MemberCells(self.index_of, len(self.info.columns), facts=self.member_facts, across=across)
        return self._cells

    def place(self, row: Sequence[str]) -> tuple[str, ...]:
        """A household's 县, 乡 and 村 as its first row writes them, trimmed (:attr:`ExportHousehold.place`)."""
        return _place(row, self.index_of)


def plain_household(resolve: Resolver, item: HouseholdRows) -> bool:
    """Whether :func:`_resolve` reads the household's rows cell by cell with none refused before (the export's
    column path takes such a household: :mod:`fanpin.io.columnar`): every row read, none with more cells
    than the header or naming a person listed before, its key written one way, read, not shared with
    another place nor beside a member row without 户编号, no amount merged with another household's."""
    info, index_of, scan = resolve.info, resolve.index_of, resolve.scan
    if item.beside or scan.shared.get(item.first_line) or item.key in scan.merged:
        return False
    seen: dict[tuple[str, ...], list[tuple[int, Sequence[str]]]] = {}
    written: tuple[str, ...] | None = None
    first: tuple[str, ...] | None = None
    for line, row in item.rows:
        if isinstance(row, UnreadableRow) or ragged(row, info.named_width):
            return False
        as_given = tuple(_cell(row, index_of[f]) for f in KEY_FIELDS if f in index_of)
        if as_given != first:  # most rows repeat the first row's key cells: read as it was
            if any(cell.strip() in EXCEL_ERRORS for cell in as_given):
                return False
            key = _written_key(row, index_of)
            if written is None:
                written, first = key, as_given
            elif key != written:
                return False
        if _listed_before(row, line, index_of, info.named_width, seen) is not None:
            return False
    household_id = spelling(code_text(_cell(item.rows[0][1], index_of["household_id"])))
    return UNDECODED not in household_id and code_key_problem(household_id) is None


def _shared_reason(household_id: str, shared: list[tuple[int, bool]]) -> str:
    others = ", ".join(str(line) for line, _ in shared)
    if all(unread for _, unread in shared):  # the other "household" is a row whose 县/乡/村 cannot be read
        return (
            f"户编号 {household_id} is also on line {others}, whose 县/乡/村 cannot be read (see that line's "
            "reason): the household is rejected with it, as whether that row is one of its members cannot be "
            "told; mend that line and score the file again"
        )
    return (
        f"{DUPLICATE_ID}; 户编号 {household_id} also has rows in another 县/乡/村 (from line {others}): "
        "the households sharing it are all rejected, as their rows cannot be told apart safely"
    )


def _beside_reason(line: int) -> str:
    return (
        f"a member row without 户编号 stands beside this household's rows (line {line}): it may be one of its "
        "members, and the household would be scored without it; give that row its 户编号"
    )


def _odd_spellings(rows: list[tuple[int, list[str]]], index_of: dict[str, int]) -> tuple[tuple[str, ...], list[int]]:
    """The key (县, 乡, 村, 户编号) of a household whose rows spell it two ways, as most of its rows spell it
    (the first row's way where as many rows spell it each way), and the lines of the odd rows: those with a
    full-width form or an invisible character, and those whose letters' case or spaces inside the 户编号 differ
    from that key's."""
    spellings = [tuple(spelling(text) for text in _written_key(row, index_of)) for _, row in rows]
    usual = Counter(spellings).most_common(1)[0][0]
    odd = [
        line
        for (line, row), spelled in zip(rows, spellings, strict=True)
        if spelled != usual or _ODD_KEY.search("".join(_written_key(row, index_of)))
    ]
    return usual, odd


def _written_differently(odd: list[int]) -> str:
    """The reason of each row of a household whose key is written two ways, naming the odd lines (a bounded
    few of them, :func:`_some_lines`: every row carries it)."""
    where = f" (on {_some_lines(odd)})" if odd else ""
    return (
        "户编号 (or 县/乡/村) is written differently on the household's rows, with full-width characters, an "
        f"invisible character, a space inside or a letter in the other case{where}: write it the same way on every "
        "row"
    )


def _resolve(
    info: ExportFile,
    index_of: dict[str, int],
    key: tuple[str, ...],
    rows: list[tuple[int, list[str]]],
    scan: _Scan,
    fast: MemberCells,
    beside: int = 0,
) -> list[ExportHousehold | RejectedRow]:
    # The rows were grouped by key_text: their keys, as written, differ only where their cells do (rarely).
    read = [row for _, row in rows if not isinstance(row, UnreadableRow)]
    as_given = {tuple(_cell(row, index_of[f]) for f in KEY_FIELDS if f in index_of) for row in read}
    written = {_written_key(row, index_of) for row in read} if len(as_given) > 1 else as_given
    # The 户编号 shown: as written (its letters' case too), as most rows write it if they differ.
    usual, odd = _odd_spellings(rows, index_of) if len(written) > 1 else ((), [])
    spelled = usual[-1] if usual else spelling(code_text(_cell((read or [rows[0][1]])[0], index_of["household_id"])))
    household_id = spelled if UNDECODED not in spelled else ""  # a 户编号 that could not be read is not shown
    shared = scan.shared.get(rows[0][0])
    lines = [line for line, _ in rows]
    cells = _Cells(index_of, [row for _, row in rows])

    def everyone(name: str, reason: str) -> list[ExportHousehold | RejectedRow]:
        header = _header(info, name)
        # a 户编号 as each row writes it (5323280005.00 where the household's is 5323280005, which the reason names):
        # it had been shown as the code, which the clerk could not find on that row
        written = str.strip if name == "household_id" else excel_text
        return [
            _unreadable(info, line, household_id, row)  # a row that cannot be read says why
            if isinstance(row, UnreadableRow)
            else RejectedRow(line, household_id, header, _shown(info, name, written(c.get(name, ""))), reason)
            for (line, row), c in zip(rows, cells, strict=True)
        ]

    if any(cell.strip() in EXCEL_ERRORS for given in as_given for cell in given):  # 县/乡/村 #N/A (CSV text)
        return [r for line, row in rows for r in _excel_errors(info, index_of, line, row, household_id)]
    # 5.32328E+15: the 户编号 of every household whose code began so, merged; -5.00: a negative number, no code
    # (its rows refused alike, -5 and -5.00 had been two households)
    refused_key = code_key_problem(household_id)
    if refused_key is not None:
        return everyone("household_id", refused_key)
    if len(written) > 1:  # one household's key written two ways (key_text): which way is meant cannot be told
        return everyone("household_id", _written_differently(odd))
    if shared:
        return everyone("household_id", _shared_reason(household_id, shared))
    if key in scan.merged:  # an amount merged over its rows and another household's: counted by each
        merged = [r for name, reason in scan.merged[key] for r in everyone(name, reason)]
        return sorted(merged, key=lambda r: r.line if isinstance(r, RejectedRow) else 0)
    members: list[Member] = []
    bad: dict[int, list[RejectedRow]] = {}
    seen: dict[tuple[str, ...], list[tuple[int, Sequence[str]]]] = {}  # a person → their rows so far
    for n, (line, row) in enumerate(rows):
        extra = ragged(row, info.named_width)
        if extra:
            refused = _unreadable(info, line, household_id, row) if isinstance(row, UnreadableRow) else None
            bad[line] = [refused or RejectedRow(line, household_id, "", "", extra)]
            continue
        same = _listed_before(row, line, index_of, info.named_width, seen)
        if same is not None:  # two exports joined, or a row copied: counted twice, the household would be larger
            bad[line] = [RejectedRow(line, household_id, *_person_cell(info, index_of, row), same)]
            continue
        member = fast.member(row)  # None: a cell fails, and the model says why
        if member is not None:
            members.append(update_new(member, uniqueness(member, scan.repeated)))
            continue
        refused_cells = _excel_errors(info, index_of, line, row, household_id)  # the model would read #N/A as text
        if refused_cells:
            bad[line] = refused_cells
            continue
        try:
            member = Member.model_validate(cells[n])
        except ValidationError as exc:
            bad[line] = list(_member_rejections(info, exc, cells[n], line, household_id))
            continue
        members.append(_with_uniqueness(member, scan.repeated))
    if bad:
        return _with_rows_refused(household_id, lines, bad)
    if beside:  # scored without that row, the household could be a member short (its per-capita income higher)
        return everyone("household_id", _beside_reason(beside))
    differing = {} if fast.same_household([row for _, row in rows]) else _differing(info, lines, members)
    short = _cut_short(info, index_of, household_id, rows, differing)
    if short:
        return _with_rows_refused(household_id, lines, short)
    if differing:
        return _conflicts(info, household_id, lines, cells, differing)
    try:
        record = household_record(members, region=info.region)
    except HouseholdRecordError as exc:
        heads = [n for n, m in zip(lines, members, strict=True) if m.is_head]
        reason = f"{len(heads)} members are 户主 ({_some_lines(heads)}); a household has one head"
        return everyone(exc.field, reason if exc.field == "relation" else str(exc))
    try:
        household = _with_members(Household.model_validate(record), members)
    except ValidationError as exc:
        errors = [(str(error["loc"][0]) if error["loc"] else "", error) for error in exc.errors()]
        empty = {alias for alias, error in errors if error["type"] == "missing" or record.get(alias) is None}
        short = _ending_before(info, index_of, household_id, rows, [_SOURCE.get(alias, "") for alias in empty])
        if short:
            return _with_rows_refused(household_id, lines, short)
        out: list[ExportHousehold | RejectedRow] = []
        for alias, error in errors:
            reason = empty_reason(alias) if alias in empty else error["msg"].removeprefix("Value error, ")
            name = _SOURCE.get(alias)
            if name is not None:
                out += everyone(name, reason)
            else:  # a value counted from the rows (家庭人口数, 劳动力人数, …)
                title = next((f.title for f in Household.model_fields.values() if f.description == alias), alias)
                out += [RejectedRow(line, household_id, title or alias, "", reason) for line in lines]
        return out
    if household.region_code is None:  # none in its rows, and no region given: its parameters are unknown
        short = _ending_before(info, index_of, household_id, rows, ["region_code"])
        return _with_rows_refused(household_id, lines, short) if short else everyone("region_code", NO_REGION)
    facts = tuple(fast.facts(m, row) for m, (_, row) in zip(members, rows, strict=True)) if fast.with_facts else None
    return [ExportHousehold(household, tuple(members), tuple(lines), facts, _place(rows[0][1], index_of))]


def _place(row: Sequence[str], index_of: Mapping[str, int]) -> tuple[str, ...]:
    return tuple(_cell(row, index_of[field]).strip() for field in PLACE_FIELDS if field in index_of)


def _excel_errors(
    info: ExportFile, index_of: Mapping[str, int], line: int, row: Sequence[str], household_id: str
) -> list[RejectedRow]:
    """A rejection for each cell of ``row`` (of ``line``), in a column fanpin reads, that holds an error of
    Excel's as text (``#N/A``, ``#REF!``: a CSV saved from a sheet whose formula or lookup failed), worded as
    an .xlsx error cell's (:func:`~fanpin.io.readers.excel_error_reason`); none for most rows. Read as text,
    ``#N/A`` had been a name, a remark, or an ID number the data checks flagged as invalid."""
    if isinstance(row, UnreadableRow):  # a row that cannot be read says why (an .xlsx error cell among them)
        return []
    found = [(name, at, _cell(row, at).strip()) for name, at in index_of.items()]
    return [
        RejectedRow(line, household_id, _header(info, name), text, excel_error_reason({at: text}, line))
        for name, at, text in found
        if text in EXCEL_ERRORS
    ]


def _with_members(household: Household, members: Sequence[Member]) -> Household:
    """``household``, just validated without its members, with ``members`` set in place (nothing else holds it
    yet): what validating it with them gives, the same instances in a tuple (pydantic passes a member built
    already through unchanged, after a call of the model's wrap validator for each, a tenth of the
    household's validation), the field marked as set."""
    household.__dict__["members"] = tuple(members)
    household.__pydantic_fields_set__.add("members")
    return household


class _Cells(Sequence[dict[str, str]]):
    """A household's rows as the model reads them (field → cell), each made when first asked for: most
    rows are read by :class:`~fanpin.io.member_cells.MemberCells` from their list of cells."""

    def __init__(self, index_of: dict[str, int], rows: list[list[str]]) -> None:
        self.index_of, self.rows = index_of, rows
        self.made: dict[int, dict[str, str]] = {}

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, index: int) -> dict[str, str]: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[dict[str, str]]: ...
    def __getitem__(self, index: int | slice) -> dict[str, str] | Sequence[dict[str, str]]:
        if isinstance(index, slice):
            return [self[i] for i in range(len(self.rows))[index]]
        made = self.made.get(index)
        if made is None:
            row = self.rows[index]
            made = self.made[index] = {name: _cell(row, i) for name, i in self.index_of.items()}
        return made


def _with_uniqueness(member: Member, repeated: Mapping[str, Repeated]) -> Member:
    """``member`` with its across-the-file facts, for the fields that were checked (unknown without a value)."""
    update = uniqueness(member, repeated)
    return member.model_copy(update=update) if update else member


def uniqueness(member: Member, repeated: Mapping[str, Repeated]) -> dict[str, bool | None]:
    """The across-the-file facts of ``member``: field → whether its value is unique (None without a value)."""
    return uniqueness_of({name: getattr(member, name) for name in repeated}, repeated)


def uniqueness_of(values: Mapping[str, Any], repeated: Mapping[str, Repeated]) -> dict[str, bool | None]:
    """:func:`uniqueness` of a member with ``values`` (field → its validated value, each field of ``repeated``)."""
    update: dict[str, bool | None] = {}
    for name, seen in repeated.items():
        cell = values[name]
        value = None if cell is None else unique_key(cell.reveal() if hasattr(cell, "reveal") else str(cell))
        # a number that arrived masked: whether it occurs again is unknown (values.masked_number)
        update[UNIQUE_FIELDS[name][0]] = None if not value or masked_number(value) else value not in seen
    return update


def _unreadable(info: ExportFile, line: int, household_id: str, row: UnreadableRow) -> RejectedRow:
    """A row that cannot be read, refused with its reason and, as its column and value, the cell the reason
    names first (an .xlsx error of Excel's, a number that lost digits, a formula without its value), shown
    as a refused cell is (an error of Excel's as it is); without them when the reason names no one cell."""
    if row.at is None or row.at >= len(info.columns):
        return RejectedRow(line, household_id, "", "", row.reason)
    header = info.columns[row.at]
    error = row.value in EXCEL_ERRORS  # #N/A is nobody's data: shown as the reason shows it, in any column
    shown = row.value if error else _shown(info, info.field_of.get(header), row.value)
    return RejectedRow(line, household_id, header, shown, row.reason)


def _shown(info: ExportFile, name: str | None, value: str) -> str:
    """A cell as the errors file shows it: masked if personal, unless the data owner keeps identities."""
    return masked_export_cell(name, value) if info.mask else value


def _header(info: ExportFile, name: str) -> str:
    return next((h for h, f in info.field_of.items() if f == name), export_header(name))


def _member_rejections(
    info: ExportFile, exc: ValidationError, record: dict[str, str], line: int, household_id: str
) -> Iterator[RejectedRow]:
    for error in exc.errors():
        name = str(error["loc"][0]) if error["loc"] else ""
        raw = excel_text(record.get(name, ""))
        reason = error["msg"].removeprefix("Value error, ")
        yield RejectedRow(line, household_id, _header(info, name), _shown(info, name, raw), reason)


def _with_rows_refused(
    household_id: str, lines: list[int], bad: Mapping[int, list[RejectedRow]]
) -> list[ExportHousehold | RejectedRow]:
    """The household refused for its failed rows (``bad``, line → their rejections): each other row names them
    (a bounded few of them, :func:`_some_lines`; each failed row is in the errors file with its own reason)."""
    failed = sorted(bad)
    rows = "row on {} is" if len(failed) == 1 else "rows on {} are"
    reason = f"household not scored: its member {rows.format(_some_lines(failed))} rejected"
    return [r for line in lines for r in bad.get(line, [RejectedRow(line, household_id, "", "", reason)])]


def _differing(info: ExportFile, lines: list[int], members: list[Member]) -> dict[str, list[list[int]]]:
    """The household columns whose value is not the same on every row: field → the lines holding each value."""
    out: dict[str, list[list[int]]] = {}
    for name in HOUSEHOLD_FIELDS:
        if name not in info.field_of.values():
            continue
        by_value: dict[object, list[int]] = {}
        for line, member in zip(lines, members, strict=True):
            by_value.setdefault(getattr(member, name), []).append(line)
        if len(by_value) > 1:
            out[name] = list(by_value.values())
    return out


def _cut_short(
    info: ExportFile,
    index_of: Mapping[str, int],
    household_id: str,
    rows: list[tuple[int, list[str]]],
    differing: Mapping[str, list[list[int]]],
) -> dict[int, list[RejectedRow]]:
    """The rows that end before the header does where that is why a household column differs (its cell lies
    beyond their end, and the household's other rows agree on it), each refused saying so: a CSV line cut
    short, or two cells run together by a lost separator, reads its missing cells as empty, and the household
    was refused with a "differs" reason per column that never said which row was short. A short row whose
    missing cells are empty on every row anyway (a writer leaving out trailing empty cells) differs in
    nothing, and is read. A sheet's row is never cut (:attr:`ExportFile.rows_cut_short`)."""
    if not differing or not info.rows_cut_short:  # most households: nothing differs
        return {}
    length = {line: len(row) for line, row in rows}
    short: set[int] = set()
    for name, groups in differing.items():
        cut = {line for group in groups for line in group if length[line] <= index_of[name]}
        if cut and sum(1 for group in groups if not cut.issuperset(group)) == 1:  # the other rows agree
            short |= cut
    return {line: [RejectedRow(line, household_id, "", "", _short_reason(info, length[line]))] for line in short}


def _ending_before(
    info: ExportFile,
    index_of: Mapping[str, int],
    household_id: str,
    rows: list[tuple[int, list[str]]],
    empty: Iterable[str],
) -> dict[int, list[RejectedRow]]:
    """The rows that end before the cell of a required household column found empty (``empty``, its
    fields), each refused as cut short (:func:`_short_reason`): a household whose every row was cut there
    (one of one row) was refused with "required value is empty", which never said its line ends early."""
    at = [index_of[name] for name in empty if name in index_of]
    if not at or not info.rows_cut_short:
        return {}
    first = min(at)
    return {
        line: [RejectedRow(line, household_id, "", "", _short_reason(info, len(row)))]
        for line, row in rows
        if len(row) <= first
    }


def _short_reason(info: ExportFile, cells: int) -> str:
    last = info.columns[cells - 1] or f"column {cells}"  # the header of its last cell (none: its place)
    return (
        f"the row has {cells} cells where the header has {info.named_width}: it ends early, after {last} "
        "(a line cut short or a lost separator); mend the line"
    )


#: A value quoted in a reason is given whole up to this many characters; a longer one by its first
#: :data:`_QUOTED_START` characters and its length: every row's reason quotes every row's value.
_QUOTED_WHOLE = 40
_QUOTED_START = 20


def _quoted(value: str) -> str:
    """A cell (as :func:`_shown` gives it) as a reason quotes it: a household of 4 rows with 4 different
    remarks of 200 000 characters had each written 16 times in the errors file, which grew 5 times larger
    than the file read; the row's own cell is still given whole, in its column."""
    if not value:
        return "(empty)"
    if len(value) <= _QUOTED_WHOLE:
        return value
    return f"{value[:_QUOTED_START]}… ({len(value)} characters)"


#: A reason given to each row of a household names up to this many of its lines (and a differing column's
#: reason this many values), each whole; past that the first :data:`_LISTED_START` and how many more: a
#: household of 200 rows had 200 reasons each naming its 200 lines (every row is in the errors file by its
#: line). So do the "differs", "not scored", "members are 户主" and "written differently" reasons.
_LISTED_WHOLE = 4
_LISTED_START = 3


def _some_lines(lines: list[int]) -> str:
    """``line 7``, ``lines 4, 5, 6, 8``, or past :data:`_LISTED_WHOLE` ``lines 12, 13, 14 and 197 more``."""
    if len(lines) == 1:
        return f"line {lines[0]}"
    if len(lines) <= _LISTED_WHOLE:
        return f"lines {', '.join(map(str, lines))}"
    return f"lines {', '.join(map(str, lines[:_LISTED_START]))} and {len(lines) - _LISTED_START} more"


def _masked_alike(values: Sequence[tuple[str, str]]) -> str:
    """What a "differs" reason adds when two of the differing values show alike (``values``: each one's text as
    shown, masked, and as written): they differ though they mask alike, first at the character it names
    (the earliest among such values), which says where to look without showing them. ``信息采集人 differs …
    (line 10: 王**; line 11: 王**)`` had said nothing of how 王大锤 and 王某贵 differ. Empty when every value
    shows as its own."""
    written: dict[str, set[str]] = {}
    for shown, text in values:
        written.setdefault(shown, set()).add(text)
    alike = [sorted(texts) for texts in written.values() if len(texts) > 1]
    if not alike:
        return ""
    at = min(map(_first_difference, alike))
    return f"; the values differ though they mask alike, first at character {at + 1}"


def _first_difference(texts: Sequence[str]) -> int:
    """The position (0 for the first) of the first character where ``texts`` (two or more) do not all agree; the
    shortest one's length where one begins every other."""
    shortest = min(map(len, texts))
    return next((i for i in range(shortest) if len({text[i] for text in texts}) > 1), shortest)


def _conflicts(
    info: ExportFile,
    household_id: str,
    lines: list[int],
    cells: Sequence[dict[str, str]],
    differing: Mapping[str, list[list[int]]],
) -> list[ExportHousehold | RejectedRow]:
    """One rejection per row and household column whose value is not the same on every row (:func:`_differing`),
    its reason of a length bounded whatever the household's size (:func:`_some_lines`)."""
    out: list[ExportHousehold | RejectedRow] = []
    for name, groups in differing.items():
        written = {line: excel_text(c[name]) for line, c in zip(lines, cells, strict=True)}
        shown = {line: _shown(info, name, text) for line, text in written.items()}
        named = groups if len(groups) <= _LISTED_WHOLE else groups[:_LISTED_START]
        parts = [f"{_some_lines(group)}: {_quoted(shown[group[0]])}" for group in named]
        if len(named) < len(groups):  # the other values, by their lines (each row's own value is in its row)
            rest = sorted(line for group in groups[len(named) :] for line in group)
            parts.append(f"{len(groups) - len(named)} other values on {_some_lines(rest)}")
        header = _header(info, name)
        alike = _masked_alike([(shown[group[0]], written[group[0]]) for group in groups])
        reason = (
            f"{header} differs between the household's rows ({'; '.join(parts)}){alike}; it must be the same on "
            "every row"
        )
        out += [RejectedRow(line, household_id, header, shown[line], reason) for line in lines]
    out.sort(key=lambda r: r.line if isinstance(r, RejectedRow) else 0)
    return out
