"""An .xlsx sheet's cell values, read as openpyxl reads them, several times faster.

openpyxl's read-only worksheet parses each cell with ElementTree and a dictionary (some 2 µs a cell: a
fifth of a millisecond for one row of the person-level export's hundred or so columns, several minutes for a
province's workbook). :func:`sheet_values` gives what ``sheet.iter_rows(values_only=True)`` gives, and
reads the rows written the way Excel, WPS and the usual writers write them with two regular expressions
over the sheet's bytes:

- **A plain row** is ``<row r="N" …>`` holding only plain cells, back to back. **A plain cell** is
  ``<c r="B7" s="3" t="s">`` (``s`` and ``t`` optional, in that order; ``<c r="B7" />`` with or without the
  space, as Python's XML writers write it) with an optional formula (ignored: the workbook is read for
  its saved values, as fanpin opens it), an optional ``<v>`` value, or for ``t="inlineStr"`` an
  ``<is><t>…</t></is>`` text (``xml:space="preserve"`` or not) — without an entity (``&amp;``) or a
  carriage return.
- Its value is openpyxl's: a number is an ``int`` unless written with ``.``, ``e`` or ``E`` (then a
  ``float``), a shared string is looked up in the workbook's table, a boolean is ``0``/``1``, ``str`` and
  ``e`` (an error such as ``#N/A``) are their text, an empty ``<v>`` is None. A number whose cell style
  is a date, or anything else, is not plain.
- **A number shown as a percentage** (its cell's format has a ``%``: ``0.35`` shown ``35%``) is a
  :class:`Percentage`, whichever parser read it (with openpyxl 3.1, whose parser this mirrors): one of
  the two differences from openpyxl's values, on purpose (openpyxl gives ``0.35``, which an amount column
  read as 0.35 元 where the clerk saw, and may have typed, 35%).
- **At the first row (or anything between rows) that is not plain**, the rest of the sheet is parsed by
  openpyxl's own parser (its root element, then ``<sheetData>`` and the bytes from that row on), which
  goes on counting rows where this left off. A sheet whose XML does not start the usual way
  (``<worksheet …>`` then ``<sheetData>``, in UTF-8) is read by openpyxl from the start.
- The rows are then laid out as openpyxl lays them out: from row 1 to the sheet's last row (the
  ``<dimension>`` it declares), a missing row as empty cells, each row as wide as the sheet's last column.

**Opening the workbook** (:func:`open_workbook`) is openpyxl's ``load_workbook(read_only=True,
data_only=True)`` with two of its steps done faster, for the same result:

- **The shared strings** (:func:`shared_strings`): openpyxl builds an object per string (3.6 s for the
  444 680 strings of a 50 000-household table saved with shared strings). A string written plainly,
  ``<si><t>…</t></si>``, is decoded here; any other ``<si>`` (runs of formatted text, phonetic guides,
  entities, line breaks) is given to openpyxl's own code alone; a table of another shape, whole.
- **Dates in a Chinese format**: a cell styled with a built-in format of the East Asian block (27–36,
  50–58: ``yyyy"年"m"月"d"日"`` in Chinese) is a date, which openpyxl alone reads as its count of days
  (:func:`_with_east_asian_dates`); the other difference from openpyxl, on purpose.
- **A sheet without** ``<dimension>``: openpyxl looks for the sheet's size by parsing it, and without a
  dimension it parses every row first (5 s for a 10 000-household export written by Python's XML
  writers). Where the word ``dimension`` is nowhere in the sheet, there is none to find.

The equality with openpyxl is tested on workbooks of every cell type, rows written out of the plain
form among plain ones, missing rows and cells, sheets without a dimension, and string tables of every
form (``tests/io/test_sheet.py``).
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Collection, Iterator, Sequence
from datetime import datetime
from decimal import Decimal
from typing import IO, Any

__all__ = ["Percentage", "open_workbook", "percent_styles", "shared_strings", "sheet_values", "unescaped"]

#: The openpyxl versions whose cell parser this mirrors (``tests/io/test_sheet.py`` holds them equal).
OPENPYXL = "3.1."
#: Bytes read at a time from the sheet's (decompressed) XML.
BLOCK = 1 << 20
#: How far into the sheet ``<sheetData>`` is looked for before the sheet is left to openpyxl.
HEAD = 1 << 22

_ROOT = re.compile(rb"<worksheet\b[^>]*>")
_DECLARED = re.compile(rb"<\?xml[^>]*\bencoding=[\"']([^\"']*)[\"']")
_SHEET_DATA = re.compile(rb"<sheetData\s*(/?)>")
_BETWEEN = re.compile(rb"\s*")
_ROW = re.compile(rb'<row r="([1-9][0-9]*)"')
_END = re.compile(rb"</sheetData>")
_CELL_PATTERN = (
    rb'<c r="([A-Z]{1,3})[1-9][0-9]*"(?: s="([0-9]+)")?(?: t="([a-zA-Z]+)")?'
    rb"(?: ?/>|>(?:<f>[^<]*</f>|<f/>)?(?:<v>([^<&\r]*)</v>)?"
    rb'(?:(<is><t(?: xml:space="preserve")?>)([^<&\r]*)</t></is>)?</c>)'
)
_CELL = re.compile(_CELL_PATTERN)
#: A row's content made of plain cells only, back to back.
_CELLS = re.compile(rb"(?:" + re.sub(rb"\((?!\?)", rb"(?:", _CELL_PATTERN) + rb")*")


#: ECMA-376's escape of one character in a cell's text (``ST_Xstring``): ``_x`` and four hexadecimal digits and
#: ``_``. Excel, WPS, Apache POI and XlsxWriter write so the characters XML cannot hold (a NUL is ``_x0000_``, a
#: carriage return ``_x000D_``, the other C0 control characters alike), and an underscore as ``_x005F_`` where
#: the text itself holds such a sequence (``_x005F_x0041_`` is the text ``_x0041_``). openpyxl reads them as
#: written (``H1_x0000_``), taking out ``x005F_`` alone.
_ESCAPE = re.compile("_x([0-9A-Fa-f]{4})_")


def unescaped(text: str) -> str:
    """A cell's text as the sheet shows it: each escape (:data:`_ESCAPE`) read as the character it stands for,
    from left to right, so that an escaped underscore is one (half of a UTF-16 pair, which is no character, is
    left as written). A 户编号 ``H1`` followed by a NUL, or a carriage return, had been the key ``H1_x0000_``
    (``H1_x000D_``): a household of its own beside ``H1``, where every other reader reads the character itself
    (the NUL no one sees, the carriage return trimmed).

    >>> unescaped("H1_x0000_"), unescaped("H1_x000D_"), unescaped("_x005F_x0041_"), unescaped("H1_x00")
    ('H1\\x00', 'H1\\r', '_x0041_', 'H1_x00')
    """
    if "_x" not in text:
        return text
    return _ESCAPE.sub(_character, text)


def _character(found: re.Match[str]) -> str:
    code = int(found.group(1), 16)
    return found.group() if 0xD800 <= code <= 0xDFFF else chr(code)


def sheet_values(sheet: Any) -> Iterator[Sequence[Any]]:
    """``sheet.iter_rows(values_only=True)`` of an openpyxl read-only worksheet (module docstring). The
    values are openpyxl 3.1's (its cell parser is what this mirrors): with another version, or a worksheet
    without the parts read here, openpyxl reads the sheet itself."""
    import openpyxl

    try:
        from openpyxl.worksheet._reader import WorkSheetParser

        workbook = sheet.parent
        parser = WorkSheetParser(
            io.BytesIO(),  # the source is set when openpyxl parses (_openpyxl)
            sheet._shared_strings,
            data_only=workbook.data_only,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        archive, member = workbook._archive, sheet._worksheet_path
    except (ImportError, AttributeError, TypeError):
        parser = None
    if parser is None or not openpyxl.__version__.startswith(OPENPYXL):
        yield from sheet.iter_rows(values_only=True)
        return
    parser.parse_cell = _escapes_read(parser.parse_cell)  # type: ignore[method-assign]
    max_col, max_row = sheet.max_column, sheet.max_row
    percents, days = percent_styles(workbook), day_styles(workbook)
    shown = (
        _Shown(_Styles(percents) if percents else None, _Styles(days) if days else None) if percents or days else None
    )
    with archive.open(member) as source:
        yield from _laid_out(_rows(source, parser, shown), 1, 1, max_col, max_row)


def _escapes_read(parse_cell: Any) -> Any:
    """openpyxl's ``parse_cell`` with an inline string's or a formula's text :func:`unescaped` (a shared string is
    read so with its table, :func:`shared_strings`)."""

    def parse(element: Any) -> Any:
        cell = parse_cell(element)
        if element.get("t") in ("inlineStr", "str") and type(cell["value"]) is str:
            cell["value"] = unescaped(cell["value"])
        return cell

    return parse


class Percentage:
    """A number its cell's format shows as a percentage: ``str()`` is what the cell shows, at the number's
    full precision (``0.35`` → ``35%``, ``0.355`` → ``35.5%``, ``12000`` → ``1200000%``)."""

    __slots__ = ("number",)

    def __init__(self, number: float) -> None:
        self.number = number

    def __str__(self) -> str:
        return f"{(Decimal(repr(self.number)) * 100).normalize():f}%"

    def __repr__(self) -> str:
        return f"Percentage({self.number!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Percentage) and other.number == self.number

    def __hash__(self) -> int:
        return hash((Percentage, self.number))


#: A format's parts that show text as it is: a quoted text, an escaped character, a colour or condition.
_LITERAL = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


def day_styles(workbook: Any) -> frozenset[int]:
    """The workbook's cell styles whose date format shows the day and no time of day (``yyyy-mm-dd``,
    ``yyyy"年"m"月"d"日"``, the built-in 14 to 17 and the East Asian dates): a date and time in such a cell is
    shown, and saved to CSV, as its day alone, so it is read as that day (:class:`_Shown`). A format with an
    hour or a second outside its quoted text (``yyyy-mm-dd hh:mm``, built-in 22) shows the time: the cell
    reads as its date and time, as a CSV saved from the sheet holds it."""
    styles = getattr(workbook, "_cell_styles", None)
    customs = getattr(workbook, "_number_formats", None)
    dates = getattr(workbook, "_date_formats", None)
    if not styles or not dates:
        return frozenset()
    from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE

    days = set()
    for at, style in enumerate(styles):
        if at not in dates:
            continue
        format_id = getattr(style, "numFmtId", 0)
        if format_id in EAST_ASIAN_DATE_FORMATS:
            if format_id not in _EAST_ASIAN_TIMES:
                days.add(at)
            continue
        if format_id < BUILTIN_FORMATS_MAX_SIZE:
            code = BUILTIN_FORMATS.get(format_id)
        else:
            custom = format_id - BUILTIN_FORMATS_MAX_SIZE
            code = customs[custom] if customs is not None and 0 <= custom < len(customs) else None
        if isinstance(code, str) and not re.search(r"[hHsS]", _LITERAL.sub("", code)):
            days.add(at)
    return frozenset(days)


def percent_styles(workbook: Any) -> frozenset[int]:
    """The workbook's cell styles (each cell's ``s``) whose number format shows a number as a percentage:
    built-in ``0%`` and ``0.00%``, and any custom format with a ``%`` outside its quoted text, escapes and
    brackets (``0.0%``, ``#,##0%;[Red]-0%``). openpyxl has rebased each style's format id on reading: below
    164 a built-in format, else the custom one at ``id - 164``."""
    styles = getattr(workbook, "_cell_styles", None)
    customs = getattr(workbook, "_number_formats", None)
    if not styles:
        return frozenset()
    from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE

    percents = set()
    for at, style in enumerate(styles):
        format_id = getattr(style, "numFmtId", 0)
        if format_id < BUILTIN_FORMATS_MAX_SIZE:
            code = BUILTIN_FORMATS.get(format_id)
        else:
            custom = format_id - BUILTIN_FORMATS_MAX_SIZE
            code = customs[custom] if customs is not None and 0 <= custom < len(customs) else None
        if isinstance(code, str) and "%" in _LITERAL.sub("", code):
            percents.add(at)
    return frozenset(percents)


Cells = list[tuple[int, Any]]


def _laid_out(
    rows: Iterator[tuple[int, Cells]], min_col: int, min_row: int, max_col: int | None, max_row: int | None
) -> Iterator[Sequence[Any]]:
    """Rows (their number, their cells' columns and values) as openpyxl's read-only worksheet yields
    them: a missing row as empty cells, up to ``max_row``; each row from ``min_col`` to ``max_col``."""
    empty: Sequence[Any] = (None,) * (max_col + 1 - min_col) if max_col is not None else []
    counter, number = min_row, 1
    for number, cells in rows:
        if max_row is not None and number > max_row:
            break
        while counter < number:
            counter += 1
            yield empty
        if counter <= number:
            counter += 1
            yield _row(cells, min_col, max_col)
    if max_row is not None and max_row < number:
        for _ in range(counter, max_row + 1):
            yield empty


def _row(cells: Cells, min_col: int, max_col: int | None) -> tuple[Any, ...]:
    if not cells and not max_col:
        return ()
    last = max_col or cells[-1][0]
    row: list[Any] = [None] * (last + 1 - min_col)
    for column, value in cells:
        if min_col <= column <= last:
            row[column - min_col] = value
    return tuple(row)


def _rows(source: IO[bytes], parser: Any, shown: _Shown | None = None) -> Iterator[tuple[int, Cells]]:
    """Each ``<row>`` of the sheet: its number and its cells (column, value as its style shows it: :class:`_Shown`)."""
    data = source.read(BLOCK)
    start = _SHEET_DATA.search(data)
    while start is None and len(data) < HEAD:
        block = source.read(BLOCK)
        if not block:
            break
        data += block
        start = _SHEET_DATA.search(data)
    root = _ROOT.search(data, 0, start.start()) if start is not None else None
    declared = _DECLARED.match(data)
    if start is None or root is None or (declared is not None and declared.group(1).lower() not in (b"utf-8", b"utf8")):
        yield from _openpyxl(parser, data, source, shown)  # not the usual shape: openpyxl reads it all
        return
    if start.group(1):  # <sheetData/>: no row
        return
    strings = parser.shared_strings
    dates = _Styles(parser.date_formats) if parser.date_formats else None
    percents = shown.percents if shown is not None else None
    pos = start.end()
    while True:
        pos = _BETWEEN.match(data, pos).end()  # type: ignore[union-attr]  # \s* always matches
        row = _row_at(data, pos)
        if row is None:
            if _END.match(data, pos):
                return
            # A row cut by the block's end (or the block ends inside "</sheetData>"): read on.
            partial = (data.startswith(b"<row", pos) or len(data) - pos < len(b"</sheetData>")) and (
                data.find(b"</row>", pos) < 0
            )
            block = source.read(BLOCK) if partial else b""
            if block:
                data, pos = data[pos:] + block, 0
                continue
            # Not a row written plainly, or something else: openpyxl reads the rest.
            yield from _openpyxl(parser, root.group() + b"<sheetData>" + data[pos:], source, shown)
            return
        number, content, end = row
        cells = _plain(content, strings, dates, percents)
        if cells is None:
            yield from _openpyxl(parser, root.group() + b"<sheetData>" + data[pos:], source, shown)
            return
        parser.row_counter = number
        yield number, cells
        pos = end


def _row_at(data: bytes, pos: int) -> tuple[int, bytes, int] | None:
    """The row starting at ``pos`` (its number, its content, where it ends) if it starts ``<row r="N"``
    and ends in ``data`` (``/>``, or ``</row>``), else None. A ``>`` inside an attribute's value ends its
    start tag early: its content then holds the rest of the tag, which is not plain."""
    head = _ROW.match(data, pos)
    if head is None:
        return None
    close = data.find(b">", head.end())
    if close < 0:
        return None
    if data[close - 1] == 0x2F:  # "/>": a row without cells
        return int(head.group(1)), b"", close + 1
    end = data.find(b"</row>", close)
    return None if end < 0 else (int(head.group(1)), data[close + 1 : end], end + len(b"</row>"))


def _plain(content: bytes, strings: Sequence[str], dates: _Styles | None, percents: _Styles | None) -> Cells | None:
    """The cells of a row's content (column, value as openpyxl reads it), or None if it is not plain.

    The values are made as openpyxl makes them from the same text (``int()`` and ``float()`` of the
    bytes take what they take of the ASCII text; anything else fails and is left to openpyxl)."""
    if _CELLS.fullmatch(content) is None:
        return None
    cells: Cells = []
    append = cells.append
    columns = _columns()  # column letters → number, for the three letters a cell reference may have
    try:
        for letters, style, kind, raw, inline, text in _CELL.findall(content):
            if kind == b"s" and raw:  # a shared string: most cells
                append((columns[letters], strings[int(raw)]))
                continue
            if kind == b"inlineStr":
                value: Any = unescaped(text.decode()) if inline else None
            elif inline:
                return None
            elif not raw:
                value = None  # an empty <v> is no value
            elif not kind or kind == b"n":
                if dates is not None and dates(style):
                    return None
                value = float(raw) if b"." in raw or b"e" in raw or b"E" in raw else int(raw)
                if percents is not None and percents(style):
                    value = Percentage(value)
            elif kind == b"b":
                value = bool(int(raw))
            elif kind == b"str":
                value = unescaped(raw.decode())
            elif kind == b"e":
                value = raw.decode()
            else:
                return None
            append((columns[letters], value))
    except (ValueError, IndexError, UnicodeDecodeError):
        return None
    return cells


class _Styles:
    """Whether a cell style (its ``s``) is one of ``ids`` (the workbook's date formats, its percentages),
    remembered per style."""

    def __init__(self, ids: Collection[int]) -> None:
        self.ids = ids
        self.known: dict[bytes, bool] = {}

    def __call__(self, style: bytes) -> bool:
        known = self.known.get(style)
        if known is None:
            known = self.known[style] = (int(style) if style else 0) in self.ids
        return known


@functools.cache
def _columns() -> dict[bytes, int]:
    """Every column's letters (A … XFD) → its number: made at the first workbook read (18 278 names, 6 ms that
    every command had paid at its start)."""
    letters = [chr(c) for c in range(65, 91)]
    names = (
        letters
        + [a + b for a in letters for b in letters]
        + [a + b + c for a in letters for b in letters for c in letters]
    )
    return {name.encode(): n for n, name in enumerate(names, start=1)}


def _openpyxl(parser: Any, head: bytes, rest: IO[bytes], shown: _Shown | None) -> Iterator[tuple[int, Cells]]:
    """The rows of ``head`` and then of ``rest``, by openpyxl's parser (from its current row count), each value
    as its style shows it (:class:`_Shown`)."""
    parser.source = io.BufferedReader(_Joined(head, rest))
    for number, cells in parser.parse():
        if shown is None:
            yield number, [(cell["column"], cell["value"]) for cell in cells]
            continue
        yield number, [(cell["column"], shown(cell["value"], cell["data_type"], cell["style_id"])) for cell in cells]


class _Shown:
    """A value openpyxl's parser read, as its cell's style shows it: a number of a percentage style
    (``percents``) as a :class:`Percentage`; a date and time of a style that shows the day alone (``days``:
    :func:`day_styles`) as that day (a ``date``): Excel and WPS show it, and save it to CSV, without its time."""

    def __init__(self, percents: _Styles | None, days: _Styles | None) -> None:
        self.percents, self.days = percents, days

    def __call__(self, value: Any, kind: str, style: Any) -> Any:
        if self.percents is not None and kind == "n" and type(value) in (int, float):
            if self.percents(str(style or 0).encode()):
                return Percentage(value)
        elif self.days is not None and isinstance(value, datetime) and self.days(str(style or 0).encode()):
            return value.date()
        return value


class _Joined(io.RawIOBase):
    """``head``, then what ``rest`` reads: a stream for openpyxl's parser."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self.head, self.rest = memoryview(head), rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if len(self.head):
            n = min(len(buffer), len(self.head))
            buffer[:n] = self.head[:n]
            self.head = self.head[n:]
            return n
        data = self.rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def open_workbook(path: Any) -> Any:
    """``openpyxl.load_workbook(path, read_only=True, data_only=True)``, with the shared strings read by
    :func:`shared_strings`. openpyxl builds an object per string of the table (some 8 µs each): 3.6 s
    for the 444 680 strings of a 50 000-household table saved by Excel, paid before the first row is
    read. With another openpyxl version, openpyxl opens the workbook itself."""
    import openpyxl

    try:
        from openpyxl.packaging.relationship import get_dependents, get_rels_path
        from openpyxl.reader.excel import ExcelReader
        from openpyxl.worksheet._read_only import ReadOnlyWorksheet
        from openpyxl.xml.constants import SHARED_STRINGS
    except ImportError:
        return _with_east_asian_dates(openpyxl.load_workbook(path, read_only=True, data_only=True))
    if not openpyxl.__version__.startswith(OPENPYXL):
        return _with_east_asian_dates(openpyxl.load_workbook(path, read_only=True, data_only=True))
    # openpyxl's private parts, as openpyxl 3.1 has them (its type stubs leave them out or untyped).
    reader_base: Any = ExcelReader
    sheet_base: Any = ReadOnlyWorksheet
    dependents: Any = get_dependents
    rels_path_of: Any = get_rels_path

    class _Worksheet(sheet_base):  # type: ignore[misc]
        def _get_size(self) -> None:
            # openpyxl looks for the sheet's <dimension> with its XML parser, and without one it parses
            # every row before it gives up (5 s for a 10 000-household export). Where the word is not in
            # the sheet at all, there is none to find.
            if _mentions(self.parent._archive, self._worksheet_path, b"dimension"):
                super()._get_size()

    class _Reader(reader_base):  # type: ignore[misc]
        def read_strings(self) -> None:  # ExcelReader.read_strings, without rich text (fanpin never asks it)
            part = self.package.find(SHARED_STRINGS)
            if part is not None:
                self.shared_strings = shared_strings(self.archive, part.PartName[1:])

        def read_worksheets(self) -> None:  # ExcelReader.read_worksheets of a read-only workbook
            for sheet, rel in self.parser.find_sheets():
                if rel.target not in self.valid_files:
                    continue
                if "chartsheet" in rel.Type:
                    self.read_chartsheet(sheet, rel)
                    continue
                rels_path = rels_path_of(rel.target)
                if rels_path in self.valid_files:
                    dependents(self.archive, rels_path)  # read as openpyxl reads it (and fails as it fails)
                ws = _Worksheet(self.wb, sheet.name, rel.target, self.shared_strings)
                ws.sheet_state = sheet.state
                self.wb._sheets.append(ws)

    # load_workbook(path, read_only=True, data_only=True) of openpyxl 3.1, with the reader above.
    reader = _Reader(path, read_only=True, keep_vba=False, data_only=True, keep_links=True, rich_text=False)
    reader.read()
    return _with_east_asian_dates(reader.wb)


#: Those of :data:`EAST_ASIAN_DATE_FORMATS` that show a time of day (in Chinese 32 ``h"时"mm"分"``, 34 and 55
#: ``上午/下午h"时"mm"分"``, 33, 35 and 56 with seconds); the others show a date alone.
_EAST_ASIAN_TIMES = frozenset({32, 33, 34, 35, 55, 56})

#: The built-in number formats a Chinese, Japanese or Korean Excel or WPS gives a date or a time (ECMA-376
#: leaves their codes to the language: in Chinese 31 is ``yyyy"年"m"月"d"日"``, 57 ``yyyy"年"m"月"``, 58
#: ``m"月"d"日"``). The file names the number only, never the code, and openpyxl knows the codes of the other
#: built-in formats alone.
EAST_ASIAN_DATE_FORMATS = frozenset(range(27, 37)) | frozenset(range(50, 59))


def _with_east_asian_dates(workbook: Any) -> Any:
    """``workbook`` with the cell styles of :data:`EAST_ASIAN_DATE_FORMATS` among its date formats, so that
    a cell so formatted reads as the date it shows. openpyxl read it as its count of days (1981年3月12日 was
    ``29657``), and fanpin refused it as a number in a date column not formatted as a date: the column was."""
    styles = getattr(workbook, "_cell_styles", None)
    dates = getattr(workbook, "_date_formats", None)
    if styles is not None and isinstance(dates, set):
        dates.update(at for at, style in enumerate(styles) if style.numFmtId in EAST_ASIAN_DATE_FORMATS)
    return workbook


def _mentions(archive: Any, member: str, word: bytes) -> bool:
    """Whether ``word`` is in the (decompressed) ``member`` of ``archive``: read until it is found."""
    with archive.open(member) as source:
        tail = b""
        while block := source.read(BLOCK):
            if word in tail + block[: len(word)] or word in block:
                return True
            tail = block[-len(word) :]
    return False


_MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_SST = re.compile(rb'<sst xmlns="' + re.escape(_MAIN) + rb'"[^>]*>')
#: A string written plainly: one ``<t>`` of text without an entity or a carriage return.
_PLAIN_SI = re.compile(rb'<si><t(?: xml:space="preserve")?>([^<&\r]*)</t></si>')
_SI_START = re.compile(rb"<si[\s/>]")


def shared_strings(archive: Any, member: str) -> list[str]:
    """The workbook's shared strings (``member`` of the zip ``archive``) as openpyxl 3.1's
    ``read_string_table`` reads them: each ``<si>``'s text and the text of its runs, without phonetic
    guides; but with its escapes read (:func:`unescaped`: ``_x0000_`` is a NUL), where openpyxl takes out
    ``x005F_`` alone. A string written plainly (``<si><t>…</t></si>``, no entity, no carriage
    return) is decoded here; any other ``<si>`` is parsed by openpyxl's own code, alone. A table of
    another shape (a prefixed root, anything but strings inside it, another encoding) is read by openpyxl's
    parser whole."""
    with archive.open(member) as source:
        strings = _strings(source)
    if strings is None:
        with archive.open(member) as source:
            strings = _string_table(source)
    return strings


def _string_table(source: IO[bytes]) -> list[str]:
    """openpyxl 3.1's ``read_string_table`` of ``source``, each string :func:`unescaped` (it takes out
    ``x005F_`` alone)."""
    from openpyxl.cell.text import Text
    from openpyxl.xml.constants import SHEET_MAIN_NS
    from openpyxl.xml.functions import iterparse

    strings = []
    tag = f"{{{SHEET_MAIN_NS}}}si"
    for _, node in iterparse(source):
        if node.tag == tag:
            text: Any = Text.from_tree(node)
            strings.append(unescaped(str(text.content)))
            node.clear()
    return strings


def _strings(source: IO[bytes]) -> list[str] | None:
    """:func:`shared_strings` of a table of the usual shape, or None."""
    data = source.read(BLOCK)
    declared = _DECLARED.match(data)
    if declared is not None and declared.group(1).lower() not in (b"utf-8", b"utf8"):
        return None
    root = _SST.search(data)
    if root is None:
        return None
    strings: list[str] = []
    append = strings.append
    pos = root.end()
    try:
        while True:
            pos = _BETWEEN.match(data, pos).end()  # type: ignore[union-attr]  # \s* always matches
            plain = _PLAIN_SI.match(data, pos)
            if plain is not None:
                append(unescaped(plain.group(1).decode()))
                pos = plain.end()
                continue
            if data.startswith(b"</sst>", pos):
                return strings
            end = _element_end(data, pos)
            if end is None:  # cut by the block's end, or the table's end is still to come
                block = source.read(BLOCK)
                if not block:
                    return None
                data, pos = data[pos:] + block, 0
                continue
            if _SI_START.match(data, pos) is None:
                return None  # not a string: openpyxl reads the table as it reads it
            append(_element(data[pos:end]))
            pos = end
    except (UnicodeDecodeError, SyntaxError, ValueError):  # ElementTree's ParseError is a SyntaxError
        return None


def _element_end(data: bytes, pos: int) -> int | None:
    """Where the ``<si>`` (or whatever element) starting at ``pos`` ends, if it ends in ``data``."""
    if data.startswith(b"<si/>", pos):
        return pos + len(b"<si/>")
    end = data.find(b"</si>", pos)
    return None if end < 0 else end + len(b"</si>")


def _element(xml: bytes) -> str:
    """One ``<si>`` element's string, by openpyxl's own code (``read_string_table``'s, for one element)."""
    from openpyxl.cell.text import Text
    from openpyxl.xml.functions import fromstring

    node: Any = fromstring(b'<si xmlns="' + _MAIN + b'"' + xml[len(b"<si") :])
    text: Any = Text.from_tree(node)
    return unescaped(str(text.content))
