"""fanpin.io.sheet reads a sheet's values as openpyxl's read-only worksheet does: on sheets of every cell
type and of forms it reads itself and forms it leaves to openpyxl, written by hand into a workbook."""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

import fanpin.io.sheet as sheet_module
from fanpin.io.readers import xlsx_rows
from fanpin.io.sheet import Percentage, sheet_values

STRINGS = ["县", "户编号", " 空格 ", "a&b", "", "532328198001011233"]

_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
        'Target="sharedStrings.xml"/>'
        '<Relationship Id="rId3" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
        'Target="styles.xml"/></Relationships>'
    ),
    # Style 1 is a date (number format 14), style 2 a number with two decimals; 3 and 4 percentages (the
    # built-in 0% and a custom 0.0%), 5 a number followed by a quoted "%" (no percentage).
    "xl/styles.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<numFmts count="2"><numFmt numFmtId="164" formatCode="0.0%"/>'
        '<numFmt numFmtId="165" formatCode="0&quot;%&quot;"/></numFmts>'
        '<fonts count="1"><font><sz val="11"/></font></fonts>'
        '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf/></cellStyleXfs>'
        '<cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/>'
        '<xf numFmtId="2" applyNumberFormat="1"/><xf numFmtId="9" applyNumberFormat="1"/>'
        '<xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="165" applyNumberFormat="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
    ),
}


def _strings() -> str:
    items = "".join(f'<si><t xml:space="preserve">{s.replace("&", "&amp;")}</t></si>' for s in STRINGS)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{len(STRINGS)}" uniqueCount="{len(STRINGS)}">{items}</sst>'
    )


_ROOT = (
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac">'
)


def _book(
    path: Path, rows_xml: str, dimension: str | None = "A1:E9", root: str = _ROOT, strings: str | None = None
) -> Path:
    close = "</x:worksheet>" if root.startswith("<x:") else "</worksheet>"
    data = f"<sheetData>{rows_xml}</sheetData>" if rows_xml else "<sheetData/>"
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    if root.startswith("<x:"):
        data, dim = data.replace("<", "<x:").replace("<x:/", "</x:"), dim.replace("<", "<x:")
    sheet = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{root}{dim}{data}{close}'
    with zipfile.ZipFile(path, "w") as archive:
        table = _strings() if strings is None else strings
        for name, text in {**_PARTS, "xl/sharedStrings.xml": table, "xl/worksheets/sheet1.xml": sheet}.items():
            archive.writestr(name, text)
    return path


#: Cells as they may be written: {r} is the reference. The first ones are read here, the others by openpyxl.
CELLS = [
    '<c r="{r}" s="3"><v>0.35</v></c>',
    '<c r="{r}" s="4"><v>12000</v></c>',
    '<c r="{r}" s="5"><v>7</v></c>',
    '<c r="{r}" s="3" t="s"><v>1</v></c>',
    '<c r="{r}" t="s"><v>0</v></c>',
    '<c r="{r}" t="s"><v>2</v></c>',
    '<c r="{r}" t="s"><v>5</v></c>',
    '<c r="{r}" s="2" t="s"><v>3</v></c>',
    '<c r="{r}"><v>5</v></c>',
    '<c r="{r}" t="n"><v>-0</v></c>',
    '<c r="{r}"><v>5.</v></c>',
    '<c r="{r}"><v>1.5</v></c>',
    '<c r="{r}"><v>1E+17</v></c>',
    '<c r="{r}"><v>5.323281980010113e+17</v></c>',
    '<c r="{r}"><v>007</v></c>',
    '<c r="{r}" s="2"><v>3.25</v></c>',
    '<c r="{r}" s="1"><v>45000</v></c>',
    '<c r="{r}" t="b"><v>1</v></c>',
    '<c r="{r}" t="b"><v>0</v></c>',
    '<c r="{r}" t="str"><v>文本</v></c>',
    '<c r="{r}" t="e"><v>#N/A</v></c>',
    '<c r="{r}" t="inlineStr"><is><t>内联 x</t></is></c>',
    '<c r="{r}" t="inlineStr"><is><t></t></is></c>',
    '<c r="{r}" t="inlineStr"/>',
    '<c r="{r}" t="inlineStr" />',
    '<c r="{r}" />',
    '<c r="{r}" t="inlineStr"><is><t xml:space="preserve"> sp\n</t></is></c>',
    '<c r="{r}"/>',
    '<c r="{r}" s="2"/>',
    '<c r="{r}"><v></v></c>',
    '<c r="{r}"><f>A1+1</f><v>2</v></c>',
    '<c r="{r}"><f>A1</f></c>',
    '<c r="{r}" t="str"><f>A1</f><v>x</v></c>',
    # not plain: left to openpyxl
    '<c t="s" r="{r}"><v>1</v></c>',
    '<c s="4" r="{r}"><v>0.5</v></c>',
    '<c r="{r}" t="s" cm="1"><v>1</v></c>',
    '<c r="{r}" t="str"><v>a &amp; b</v></c>',
    '<c r="{r}" t="inlineStr"><is><r><t>rich</t></r><r><t> text</t></r></is></c>',
    '<c r="{r}" t="inlineStr"><is><t xml:space="other"> sp </t></is></c>',
    '<c r="{r}"  />',
    '<c r="{r}" t="d"><v>2020-01-02T00:00:00</v></c>',
    '<c r="{r}"><v>+5</v></c>',
    '<c r="{r}"><v> 5</v></c>',
    '<c r="{r}" t="s"><v>-1</v></c>',
    '<c r="{r}"><f t="shared" si="0" ref="A1:A2">B1</f><v>4</v></c>',
    '<c r="{r}" t="str"><v>two\r\nlines</v></c>',
    "<c><v>7</v></c>",
]
#: The cells of :data:`CELLS` read here (the formulas after them are plain too, but read as openpyxl reads them).
PLAIN = 30
ROWS = [
    '<row r="{n}">{cells}</row>',
    '<row r="{n}" spans="1:5" x14ac:dyDescent="0.25">{cells}</row>',
    '<row r="{n}" ht="20" customHeight="1">{cells}</row>',
    # not plain
    '<row spans="1:5" r="{n}">{cells}</row>',
    "<row>{cells}</row>",
]


def _letters(column: int) -> str:
    name = ""
    while column:
        column, rest = divmod(column - 1, 26)
        name = chr(65 + rest) + name
    return name


@st.composite
def _sheets(draw: st.DrawFn) -> tuple[str, str | None]:
    rows = []
    number = 0
    for _ in range(draw(st.integers(0, 8))):
        number += draw(st.sampled_from([1, 1, 1, 2, 5, 0]))
        number = max(number, 1)
        column = 0
        cells = []
        for _ in range(draw(st.integers(0, 6))):
            column += draw(st.sampled_from([1, 1, 2, 30]))
            template = draw(st.sampled_from(CELLS[:PLAIN]) if draw(st.booleans()) else st.sampled_from(CELLS))
            cells.append(template.format(r=f"{_letters(column)}{number}"))
        empty = not cells and draw(st.booleans())
        form = f'<row r="{number}"/>' if empty else draw(st.sampled_from(ROWS)).format(n=number, cells="".join(cells))
        rows.append(form + draw(st.sampled_from(["", "", "\n  "])))
    dimension = draw(st.sampled_from(["A1:E9", "A1:C3", "B2:AF40", None]))
    return "".join(rows), dimension


def _read(values: Any) -> tuple[str, Any]:
    try:
        rows = [tuple((type(v).__name__, v) for v in row) for row in values]
    except Exception as exc:
        return "error", type(exc).__name__
    return "rows", rows


def _as_shown(cell: Any) -> Any:
    """openpyxl's value of a cell, a :class:`~fanpin.io.sheet.Percentage` when its format is one of the test's
    percentages, the day alone when it is a date and time whose format shows the day alone (built-in 14)."""
    value = cell.value
    if isinstance(value, int | float) and not isinstance(value, bool) and cell.number_format in ("0%", "0.0%"):
        return Percentage(value)
    if isinstance(value, datetime) and cell.number_format == "mm-dd-yy":
        return value.date()
    return value


def _both(path: Path) -> tuple[tuple[str, Any], tuple[str, Any]]:
    """The sheet's values read here (the workbook opened by :func:`fanpin.io.sheet.open_workbook`) and by
    openpyxl alone, a number whose format openpyxl gives as a percentage (``0%``, ``0.0%``) as a
    :class:`~fanpin.io.sheet.Percentage`, and a date and time whose format shows the day alone as that day:
    the two differences, on purpose."""
    book = load_workbook(path, read_only=True, data_only=True)
    ours = sheet_module.open_workbook(path)
    try:
        rows = [tuple(_as_shown(c) for c in row) for row in book.worksheets[0].iter_rows()]
        return _read(sheet_values(ours.worksheets[0])), _read(rows)
    finally:
        book.close()
        ours.close()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_sheets(), st.sampled_from([8, 64, 1 << 20]))
def test_the_values_are_openpyxls(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sheet: tuple[str, str | None], block: int
) -> None:
    rows, dimension = sheet
    monkeypatch.setattr(sheet_module, "BLOCK", block)  # rows cut by the blocks' ends
    fast, slow = _both(_book(tmp_path / "sheet.xlsx", rows, dimension))
    assert fast == slow


@pytest.mark.parametrize(
    ("rows", "root"),
    [
        ("", _ROOT),  # <sheetData/>
        ('<row r="1"><c r="A1" t="s"><v>1</v></c></row>', _ROOT.replace("<worksheet", "<x:worksheet")),  # prefixed
        (
            '<row r="1"><c r="A1" t="s"><v>1</v></c></row><!-- a comment --><row r="2"><c r="B2"><v>3</v></c></row>',
            _ROOT,
        ),
    ],
)
def test_a_sheet_of_another_shape_is_read_by_openpyxl(tmp_path: Path, rows: str, root: str) -> None:
    root = root.replace('xmlns="', 'xmlns:x="') if root.startswith("<x:") else root
    fast, slow = _both(_book(tmp_path / "sheet.xlsx", rows, root=root))
    assert fast == slow


def test_the_plain_rows_are_read_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A sheet of plain rows never reaches openpyxl's parser (else this path would be no faster)."""
    rows = "".join(
        f'<row r="{n}"><c r="A{n}" t="s"><v>1</v></c><c r="B{n}"><v>{n}.5</v></c></row>' for n in range(1, 9)
    )
    path = _book(tmp_path / "plain.xlsx", rows)

    def refused(*args: Any) -> Any:
        raise AssertionError("openpyxl parsed a plain row")

    monkeypatch.setattr(sheet_module, "_openpyxl", refused)
    book = load_workbook(path, read_only=True, data_only=True)
    assert list(sheet_values(book.worksheets[0]))[7] == ("户编号", 8.5, None, None, None)
    book.close()


def test_xlsx_rows_reads_the_example_export_as_before(monkeypatch: pytest.MonkeyPatch) -> None:
    path = Path(__file__).resolve().parents[2] / "examples" / "data" / "export.xlsx"
    fast = list(xlsx_rows(path))
    monkeypatch.setattr("fanpin.io.sheet.sheet_values", lambda sheet: sheet.iter_rows(values_only=True))
    assert fast == list(xlsx_rows(path))


def test_another_openpyxl_reads_the_sheet_itself(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cell parser mirrored is openpyxl 3.1's: with another version (or without its private parts)
    openpyxl reads the sheet, and the values are its own."""
    import openpyxl

    cells = '<c r="A{n}" t="s"><v>1</v></c><c r="B{n}"><v>{n}.5</v></c>'
    path = _book(tmp_path / "plain.xlsx", "".join(f'<row r="{n}">{cells.format(n=n)}</row>' for n in range(1, 4)))
    calls: list[int] = []

    def counted(*args: Any) -> Any:
        calls.append(1)
        return iter(())

    monkeypatch.setattr(sheet_module, "_rows", counted)
    for version in ("3.2.0", "4.0.0"):
        monkeypatch.setattr(openpyxl, "__version__", version)
        fast, slow = _both(path)
        assert fast == slow and fast[1][2] == (("str", "户编号"), ("float", 3.5), *[("NoneType", None)] * 3)
    assert not calls


#: Shared strings as writers write them: the first ones are read here, the others by openpyxl's own code.
SHARED = [
    "<si><t>县</t></si>",
    '<si><t xml:space="preserve"> 空格 </t></si>',
    "<si><t></t></si>",
    "<si><t>x005F_x000D_ tail</t></si>",
    "<si><t>a > b</t></si>",
    "<si><t>H1_x0000_</t></si>",  # a NUL, as Excel, WPS and POI write one
    "<si><t>_x005F_x0041_ H_x000d_</t></si>",  # an escaped underscore; a carriage return (small letters)
    "<si><t>_xD800_ _x00 _x0001</t></si>",  # half of a UTF-16 pair, no escapes: as written
    # not plain
    "<si><t/></si>",
    "<si/>",
    "<si><t>a &amp; b &#20013;</t></si>",
    "<si><t>two\r\nlines</t></si>",
    "<si><t>a &amp; b_x0001_</t></si>",
    '<si><r><t>rich</t></r><r><rPr><b/></rPr><t xml:space="preserve"> text</t></r></si>',
    '<si><t>中文</t><phoneticPr fontId="1" type="noConversion"/></si>',
    '<si><t>ふりがな</t><rPh sb="0" eb="1"><t>フ</t></rPh><phoneticPr fontId="1"/></si>',
    "<si>\n<t>spaced</t>\n</si>",
    "<si><t><![CDATA[<cdata> & ]]></t></si>",
    '<si><t xml:space="default">other</t></si>',
]
_SST_OPEN = '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="9" uniqueCount="9">'


def _table(path: Path, body: str, head: str = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>') -> Any:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/sharedStrings.xml", head + body)
    return zipfile.ZipFile(path)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.tuples(st.sampled_from(SHARED), st.sampled_from(["", "\n", "\r\n  "])), max_size=12),
    st.sampled_from([8, 64, 1 << 20]),
)
def test_the_shared_strings_are_openpyxls(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, items: list[tuple[str, str]], block: int
) -> None:
    """openpyxl's strings, but for their escapes (``_x0000_``), each read as the character it stands for
    (``unescaped`` of openpyxl's text before it takes out ``x005F_``)."""
    from openpyxl.reader.strings import read_string_table

    monkeypatch.setattr(sheet_module, "BLOCK", block)  # strings cut by the blocks' ends
    body = _SST_OPEN + "".join(space + item for item, space in items) + "</sst>"
    with _table(tmp_path / "strings.zip", body) as archive:
        with archive.open("xl/sharedStrings.xml") as source:
            expected = [sheet_module.unescaped(text) for text in _openpyxl_texts(source)]
        with archive.open("xl/sharedStrings.xml") as source:
            theirs = read_string_table(source)
        assert sheet_module.shared_strings(archive, "xl/sharedStrings.xml") == expected
        assert [e for e, item in zip(expected, items, strict=True) if "_x" not in item[0]] == [
            t for t, item in zip(theirs, items, strict=True) if "_x" not in item[0]
        ]


def _openpyxl_texts(source: Any) -> list[str]:
    """openpyxl 3.1's ``read_string_table`` without its ``replace("x005F_", "")``: each string's text as written."""
    from openpyxl.cell.text import Text
    from openpyxl.xml.functions import iterparse

    tag = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}si"
    texts: list[Any] = [Text.from_tree(node) for _, node in iterparse(source) if node.tag == tag]
    return [str(text.content) for text in texts]


@pytest.mark.parametrize("plain", [True, False])
def test_a_cell_s_escapes_are_read_as_the_characters_they_stand_for(tmp_path: Path, plain: bool) -> None:
    """``_x0000_`` in an .xlsx cell is a NUL (ECMA-376's escape of a character XML cannot hold, as Excel, WPS and
    POI write one; ``_x005F_`` an underscore), in a shared string, an inline string and a formula's text, on the
    plain rows read here and those openpyxl's parser reads (``plain`` False: a row of another shape before
    them); an error of Excel's and a number are as they were. openpyxl reads it as written, ``H1_x0000_``: a
    household of its own beside ``H1``."""
    first = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    if not plain:
        first = first.replace("<row ", '<row spans="1:1" ')  # not plain: openpyxl's parser reads on from it
    rows = first + (
        '<row r="2"><c r="A2" t="inlineStr"><is><t>H2_x0001_</t></is></c><c r="B2" t="str"><v>H3_x000D_</v></c>'
        '<c r="C2" t="e"><v>#N/A</v></c><c r="D2"><v>5</v></c><c r="E2" t="s"><v>1</v></c></row>'
    )
    strings = _SST_OPEN + "<si><t>H1_x0000_</t></si><si><t>_x005F_x0041_</t></si></sst>"
    path = _book(tmp_path / "sheet.xlsx", rows, "A1:E2", strings=strings)
    book = sheet_module.open_workbook(path)
    try:
        assert list(sheet_values(book.worksheets[0])) == [
            ("H1\x00", None, None, None, None),
            ("H2\x01", "H3\r", "#N/A", 5, "_x0041_"),
        ]
    finally:
        book.close()


@pytest.mark.parametrize(
    ("body", "head"),
    [
        (
            '<x:sst xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:si><x:t>a</x:t></x:si></x:sst>',
            "",
        ),
        (_SST_OPEN + "<si><t>a</t></si><extLst><ext/></extLst></sst>", ""),
        (_SST_OPEN + "<si><t>a</t></si></sst>", '<?xml version="1.0" encoding="UTF-16"?>'),
        (_SST_OPEN + "<si><t>a</t></si>", ""),  # cut off: openpyxl's parser says so
    ],
)
def test_a_string_table_of_another_shape_is_read_by_openpyxl(tmp_path: Path, body: str, head: str) -> None:
    from openpyxl.reader.strings import read_string_table

    if "UTF-16" in head:
        with zipfile.ZipFile(tmp_path / "strings.zip", "w") as archive:
            archive.writestr("xl/sharedStrings.xml", (head + body).encode("utf-16"))
        table = zipfile.ZipFile(tmp_path / "strings.zip")
    else:
        table = _table(tmp_path / "strings.zip", body, head)
    with table as archive:

        def read(reader: Any) -> tuple[str, Any]:
            try:
                return "strings", reader()
            except Exception as exc:
                return "error", type(exc).__name__

        with archive.open("xl/sharedStrings.xml") as source:
            expected = read(lambda: read_string_table(source))
        assert read(lambda: sheet_module.shared_strings(archive, "xl/sharedStrings.xml")) == expected


def test_open_workbook_reads_what_openpyxl_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The workbook opened with fanpin's string table and without parsing a sheet that has no dimension
    gives the values and the sizes openpyxl's gives; the sheet is not parsed to open it."""
    rows = "".join(f'<row r="{n}"><c r="A{n}" t="s"><v>{n % 6}</v></c><c r="C{n}" /></row>' for n in range(1, 30))
    for dimension in ("A1:C29", None):
        path = _book(tmp_path / f"book{dimension is None}.xlsx", rows, dimension)
        theirs = load_workbook(path, read_only=True, data_only=True)
        ours = sheet_module.open_workbook(path)
        a, b = theirs.worksheets[0], ours.worksheets[0]
        assert (a.min_row, a.max_row, a.min_column, a.max_column) == (b.min_row, b.max_row, b.min_column, b.max_column)
        assert list(sheet_values(b)) == list(a.iter_rows(values_only=True))
        theirs.close()
        ours.close()


def test_a_sheet_without_a_dimension_is_not_parsed_to_open_the_workbook(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """openpyxl parses every row of such a sheet looking for its size (5 s for a 10 000-household export)."""
    from openpyxl.worksheet._reader import WorkSheetParser

    path = _book(tmp_path / "book.xlsx", '<row r="1"><c r="A1" t="s"><v>1</v></c></row>', None)

    def refused(*args: Any) -> Any:
        raise AssertionError("the sheet was parsed for its dimension")

    monkeypatch.setattr(WorkSheetParser, "parse_dimensions", refused)
    book = sheet_module.open_workbook(path)
    assert list(sheet_values(book.worksheets[0])) == [("户编号",)]
    book.close()


@pytest.mark.parametrize("version", ["3.1.5", "4.0.0"])
def test_a_date_in_a_chinese_built_in_format_reads_as_the_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, version: str
) -> None:
    """Chinese Excel and WPS save a date formatted 1981年3月12日 (or 2023年3月) with a built-in format known by its
    number alone (31, 57): openpyxl took it for a number, 29657, which fanpin refused as a date column not
    formatted as a date. It reads as the date shown, whichever openpyxl reads the sheet."""
    import openpyxl

    monkeypatch.setattr(openpyxl, "__version__", version)
    rows = '<row r="1"><c r="A1" s="1"><v>29657</v></c><c r="B1" s="2"><v>44986</v></c><c r="C1"><v>5</v></c></row>'
    path = _book(tmp_path / "dates.xlsx", rows, "A1:C1")
    styles = _PARTS["xl/styles.xml"].replace('numFmtId="14"', 'numFmtId="31"').replace('numFmtId="2"', 'numFmtId="57"')
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in {**parts, "xl/styles.xml": styles.encode()}.items():
            archive.writestr(name, data)
    assert [cells for _, cells in xlsx_rows(path)] == [["1981-03-12", "2023-03-01", "5"]]
