"""Reading the person-level export: title rows, encodings, ``.0`` tails, a column present twice, households
grouped and checked, every row accounted for — and the same households as the equivalent household table."""

from __future__ import annotations

import csv
import importlib.util
import io
import itertools
import re
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from openpyxl import load_workbook

from fanpin.errors import InputFileError, MissingColumnError
from fanpin.io import ExportHousehold, ReadRow, RejectedRow, is_export, read_export, read_households
from fanpin.masking import mask
from fanpin.model import HouseholdType
from fanpin.model.columns import DUPLICATE_ID, HEADER_AGAIN, REQUIRED_EMPTY, TOTALS_ROW
from fanpin.model.vocabulary import IdCardKind
from fanpin.results.reasons import reason_text
from tests.helpers import EXPORT_HOUSEHOLDS, EXPORT_SCORED
from tests.model.test_member import VALID, id_number

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "examples" / "data"
REGION = "532328"
TITLES = ["全国防返贫监测信息系统 家庭成员信息表", "导出时间：2025-06-30"]
HEADER = [
    *("县", "乡", "村", "户编号", "人编号", "姓名", "证件号码", "与户主关系", "户类型", "监测对象类别", "劳动技能"),
    *("是否义务教育阶段适龄儿童少年失学辍学", "是否参加城乡居民基本医疗保险", "是否参加城镇职工基本医疗保险"),
    *("是否有家庭成员未参加城乡居民（职工）基本医疗保险", "是否危房户", "是否解决安全饮用水", "户联系电话"),
    *("工资性收入", "生产经营性收入", "财产性收入", "转移性收入", "就业帮扶", "综合保障", "备注"),
]
PERSON = {
    "县": "元谋县",
    "乡": "城关镇",
    "村": "新村",
    "户编号": "H1",
    "姓名": "李某华",
    "证件号码": VALID,
    "与户主关系": "之子",
    "户类型": "脱贫户",
    "劳动技能": "普通劳动力",
    "是否义务教育阶段适龄儿童少年失学辍学": "否",
    "是否参加城乡居民基本医疗保险": "是",
    "是否参加城镇职工基本医疗保险": "否",
    "是否有家庭成员未参加城乡居民（职工）基本医疗保险": "否",
    "是否危房户": "否",
    "是否解决安全饮用水": "是",
    "户联系电话": "13800001234",
    "工资性收入": "12000",
    "生产经营性收入": "3000",
    "财产性收入": "0",
    "转移性收入": "2000",
}


_PEOPLE = itertools.count(1)


def person(**cells: str) -> dict[str, str]:
    """A member row; each a person of their own (人编号 P1, P2 …: rows alike in 证件号码 and 姓名 without
    one are one person listed twice)."""
    return PERSON | {"人编号": f"P{next(_PEOPLE)}"} | cells


def household(hid: str, size: int = 2, **cells: str) -> list[dict[str, str]]:
    """A household's rows: the head first, then children, each with a 人编号 of its own (two rows alike
    are one person listed twice, which the reader refuses)."""
    members = [person(户编号=hid, 与户主关系="户主", **cells)] + [person(户编号=hid, **cells) for _ in range(size - 1)]
    return [{"人编号": f"{hid}-{n}"} | row for n, row in enumerate(members, start=1)]


def write(path: Path, rows: list[dict[str, str]], header: list[str] = HEADER, encoding: str = "utf-8") -> Path:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerows([t] for t in TITLES)
    writer.writerow(header)
    writer.writerows([r.get(h, "") for h in header] for r in rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def read(path: Path, region: str | None = REGION) -> tuple[list[ExportHousehold], list[RejectedRow]]:
    _, items = read_export(path, region=region)
    done = list(items)
    return [h for h in done if isinstance(h, ExportHousehold)], [r for r in done if isinstance(r, RejectedRow)]


def lines_of(households: list[ExportHousehold], rejected: list[RejectedRow]) -> list[int]:
    return sorted([n for h in households for n in h.lines] + list({r.line for r in rejected}))


def make_export() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_export", ROOT / "examples" / "make_export.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def example() -> dict[str, Any]:
    out = {}
    for name in ("export.xlsx", "export-gbk.csv"):
        info, items = read_export(DATA / name, region=REGION)
        out[name] = (info, list(items))
    return out


# ---- the example export --------------------------------------------------------------------------------------


def data_lines() -> list[int]:
    """The lines of the example's data rows, read with openpyxl alone."""
    workbook = load_workbook(DATA / "export.xlsx", read_only=True)
    try:
        rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    finally:
        workbook.close()
    return [n for n, row in enumerate(rows, start=1) if n > 3 and any(v not in (None, "") for v in row)]


def test_title_rows_encodings_and_the_column_present_twice(example: dict[str, Any]) -> None:
    for name, encoding in (("export.xlsx", "xlsx"), ("export-gbk.csv", "gbk")):
        info = example[name][0]
        assert (info.encoding, info.header_line, info.households, info.rows) == (
            encoding,
            3,
            EXPORT_HOUSEHOLDS,
            len(data_lines()),
        )
        assert info.copies == {"风险是否已消除0": "风险是否已消除"}
        assert info.ignored == []


def test_xlsx_and_gbk_csv_give_the_same_households_and_rejections(example: dict[str, Any]) -> None:
    assert example["export.xlsx"][1] == example["export-gbk.csv"][1]


def test_every_row_is_in_a_household_or_rejected(example: dict[str, Any]) -> None:
    items = example["export.xlsx"][1]
    households = [h for h in items if isinstance(h, ExportHousehold)]
    rejected = [r for r in items if isinstance(r, RejectedRow)]
    scored = [n for h in households for n in h.lines]
    assert len(scored) == len(set(scored)) and not set(scored) & {r.line for r in rejected}
    assert lines_of(households, rejected) == data_lines()
    assert all(h.household.size == len(h.members) == len(h.lines) for h in households)
    firsts = [min(h.lines) if isinstance(h, ExportHousehold) else h.line for h in items]
    assert firsts == sorted(firsts)  # file order (of each household's first row)


def test_the_export_gives_the_same_households_as_the_household_table(example: dict[str, Any]) -> None:
    _, rows = read_households(DATA / "export-households.csv")
    table = [r.household if isinstance(r, ReadRow) else r for r in rows]  # a RejectedRow would fail below
    read = [h for h in example["export.xlsx"][1] if isinstance(h, ExportHousehold)]
    assert len(read) == EXPORT_SCORED
    # The export's households also carry their members (a household table has none to give).
    assert all(h.household.members == h.members for h in read)
    assert [h.household.model_copy(update={"members": None}) for h in read] == table


def test_the_example_exercises_the_mapping(example: dict[str, Any]) -> None:
    read = [h for h in example["export.xlsx"][1] if isinstance(h, ExportHousehold)]
    households = [h.household for h in read]
    members = [m for h in read for m in h.members]
    assert all(not h.household_id.endswith(".0") for h in households)
    assert {h.labor_count is None for h in households} == {True, False}
    assert {h.uninsured_member for h in households} >= {True, False}
    assert {h.dropout for h in households} >= {True, False, None}
    assert {h.no_labor_household for h in households} >= {True, False}
    assert {h.household_type for h in households} == set(HouseholdType)
    assert any(h.measures_in_place for h in households) and any(not h.measures_in_place for h in households)
    # The base households (numbered up to 100) hold valid numbers only; the plants of the identity checks
    # (examples/plants.py) hold a malformed number, an empty one, one with no real ID and wrong check digits.
    base = [m for h in read if int(h.household.household_id[-5:]) <= 100 for m in h.members]
    assert {m.id_card_kind for m in base} == {IdCardKind.ID_CARD, IdCardKind.DISABILITY_CARD}
    assert {m.id_length for m in base} == {18, 20, 22}
    assert all(m.id_valid for m in base)
    kinds = {IdCardKind.ID_CARD, IdCardKind.DISABILITY_CARD, IdCardKind.NO_REAL_ID, IdCardKind.MALFORMED, None}
    assert {m.id_card_kind for m in members} == kinds
    no_real = next(h for h in read if any(m.id_card_kind is IdCardKind.NO_REAL_ID and m.is_head for m in h.members))
    assert no_real.household.id_number is None and no_real.household.head_name is not None


def test_the_bad_households_the_script_lists_are_rejected(example: dict[str, Any], tmp_path: Path) -> None:
    _, _, bad = make_export().generate(100, 20256)
    rejected = [r for r in example["export.xlsx"][1] if isinstance(r, RejectedRow)]
    assert sorted({r.line for r in rejected}) == sorted(n for lines in bad.values() for n in lines)
    reasons = {r.line: r for r in rejected if r.column}
    type_lines = bad["conflict_type"]
    for n in type_lines:
        assert reasons[n].column == "户类型" and "differs between the household's rows" in reasons[n].reason
        assert str(n) in reasons[type_lines[0]].reason
    assert reasons[bad["bad_labour"][-1]].column == "劳动技能"
    assert reasons[bad["bad_birth"][-1]].value == "19801301"
    assert "2 members are 户主" in reasons[bad["two_heads"][0]].reason


def test_the_script_regenerates_the_committed_files(tmp_path: Path) -> None:
    assert make_export().main(["--out-dir", str(tmp_path)]) == 0
    for name in ("export.xlsx", "export-gbk.csv", "export-households.csv"):
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name
    # Small, though it holds a planted household for every code of the data-check pack (examples/plants.py).
    assert sum((DATA / n).stat().st_size for n in ("export.xlsx", "export-gbk.csv", "export-households.csv")) < 450_000


# ---- small files ---------------------------------------------------------------------------------------------


def test_a_household_table_is_not_an_export() -> None:
    with (DATA / "households.csv").open(encoding="utf-8") as stream:
        table_header = next(csv.reader(stream))
    assert not is_export(table_header) and is_export(HEADER)
    assert is_export(["户编号", "与户主关系"]) and is_export(["household_id", "relation"])
    assert not is_export(["household_id", "id_number"])  # the household table's English head ID column
    with pytest.raises(MissingColumnError, match="read with read_households"):
        read_export(DATA / "households.csv", region=REGION)


def test_utf8_and_gbk_give_the_same_and_tails_are_dropped(tmp_path: Path) -> None:
    rows = household("532328100001.0", 3, 工资性收入="12000.0", 户联系电话="13800001234.0")
    utf8, gbk = write(tmp_path / "u.csv", rows), write(tmp_path / "g.csv", rows, encoding="gbk")
    assert read(utf8) == read(gbk)
    (found,), rejected = read(utf8)
    assert rejected == [] and found.lines == (4, 5, 6)
    assert found.household.household_id == "532328100001" and str(found.household.wage_income) == "12000.00"
    assert found.members[0].household_phone is not None
    assert found.members[0].household_phone.reveal() == "13800001234"


def test_cr_line_ends_quoted_breaks_and_a_line_in_another_encoding(tmp_path: Path) -> None:
    """An export saved with CR alone at the end of each line reads as the LF file does; rows are numbered
    by the file's lines after a note holding a line break; a member row holding bytes that are not text
    in the file's encoding is refused with its line, and its household with it."""
    rows = [*household("A", 2), *household("B", 2, 备注="第一行\n第二行"), *household("C", 2)]
    lf = write(tmp_path / "lf.csv", rows)
    cr = tmp_path / "cr.csv"
    cr.write_bytes(lf.read_bytes().replace(b"\n", b"\r").replace("第一行\r".encode(), "第一行\n".encode()))
    assert read(cr) == read(lf)
    households, rejected = read(lf)
    assert rejected == []
    assert [h.lines for h in households] == [(4, 5), (6, 8), (10, 11)]  # B's notes span two lines each
    mixed = tmp_path / "mixed.csv"
    lines = lf.read_bytes().split(b"\n")
    lines[9] = lines[9].replace("元谋县".encode(), "元谋县".encode("gbk"))  # C's head, pasted from a GBK file
    mixed.write_bytes(b"\n".join(lines))
    households, rejected = read(mixed)
    assert [h.household.household_id for h in households] == ["A", "B"]
    # The line's 县 cannot be read, so whether it is one of C's members cannot be told: C is refused whole,
    # its other row pointing at the line that cannot be read (not at "another 县/乡/村").
    assert [(r.line, r.household_id, r.reason[:30]) for r in rejected] == [
        (10, "C", "this line is not UTF-8 text (t"),
        (11, "C", "户编号 C is also on line 10, whos"),
    ]
    assert "cannot be read (see that line's reason)" in rejected[1].reason
    assert "县/乡/村 也" not in reason_text(rejected[1].reason, "zh")


def test_joined_parts_in_two_encodings_are_refused_by_what_is_wrong(tmp_path: Path) -> None:
    """A GBK export with a UTF-8 one joined after it: the file reads as UTF-8 (most lines are), and its
    GBK titles, header and rows came before the header read (the second part's), taken for titles and
    skipped without a word, or the file refused for a household table's missing column. It is refused
    naming the first line that is not text, as a household table is."""
    gbk = write(tmp_path / "gbk.csv", household("A", 2), encoding="gbk")
    utf8 = write(tmp_path / "utf8.csv", [*household("B", 2), *household("C", 2), *household("D", 2)])
    joined = tmp_path / "joined.csv"
    joined.write_bytes(gbk.read_bytes() + utf8.read_bytes())
    for reading in (lambda: read(joined), lambda: read_households(joined, region=REGION)):
        with pytest.raises(InputFileError, match="line 1 is not UTF-8 text and comes before any header") as caught:
            reading()
        assert caught.value.line == 1 and "CSV UTF-8" in str(caught.value)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_name_one_column_off_in_a_copy_is_masked_in_the_error(suffix: str, tmp_path: Path) -> None:
    """Two copies of 户类型 differ where one holds a name (cells moved one column over, exports of different
    orders joined): the error quoted it in clear (否 vs 王小明), where the errors file masks it (王**)."""
    header = [*HEADER, "户类型0"]
    rows = [r | {"户类型0": r["户类型"]} for r in household("H1")]
    rows[1] |= {"户类型0": "王小明"}
    path = write(tmp_path / "differ.csv", rows, header)
    with pytest.raises(InputFileError, match=r"differ on line 5 \(\S+ vs 王\*\*\)") as caught:
        read_export(_as_xlsx(path) if suffix == ".xlsx" else path, region=REGION)
    assert "王小明" not in str(caught.value) and "王小明" not in repr(caught.value)


@pytest.mark.parametrize("column", ["人编号", "户编号"])
def test_a_name_in_a_copy_of_a_code_column_is_masked_in_the_error(column: str, tmp_path: Path) -> None:
    """A copy of 人编号 (or 户编号) that holds names (姓名's header typed as 人编号): the error quoted the name in
    clear (``5323**********0001 vs 王小明``), as a code's cells are shown as written; a name there is masked."""
    header = [*HEADER, f"{column}0"]
    rows = [r | {f"{column}0": r[column]} for r in household("H1")]
    rows[1] |= {f"{column}0": "王小明"}
    with pytest.raises(InputFileError, match=r"differ on line 5 \(\S+ vs 王\*\*\)") as caught:
        read_export(write(tmp_path / "differ.csv", rows, header), region=REGION)
    assert "王小明" not in str(caught.value) and "王小明" not in repr(caught.value)


def test_a_column_present_twice(tmp_path: Path) -> None:
    header = [*HEADER, "户类型0", "证件号码1"]
    same = [r | {"户类型0": r["户类型"], "证件号码1": r["证件号码"] + ".0"} for r in household("H1")]
    _, items = read_export(write(tmp_path / "same.csv", same, header), region=REGION)
    assert len(list(items)) == 1
    info, _ = read_export(tmp_path / "same.csv", region=REGION)
    assert info.copies == {"户类型0": "户类型", "证件号码1": "证件号码"}
    differ = [*same[:1], same[1] | {"户类型0": "一般农户"}]
    at = f"(column {HEADER.index('户类型') + 1}) and 户类型0 (column {len(HEADER) + 1}) differ on line 5"
    with pytest.raises(InputFileError, match=re.escape(f"户类型 {at}")) as caught:
        read_export(write(tmp_path / "differ.csv", differ, header), region=REGION)
    assert caught.value.line == 5 and f"rename 户类型0 (column {len(HEADER) + 1})" in str(caught.value)
    personal = [*same[:1], same[1] | {"证件号码1": id_number("53232819900101123")}]
    with pytest.raises(InputFileError, match=r"证件号码 \(column \d+\) and 证件号码1 \(column \d+\) differ") as caught:
        read_export(write(tmp_path / "personal.csv", personal, header), region=REGION)
    assert VALID not in str(caught.value) and "5323**********" in str(caught.value)


def test_two_exports_joined_into_one_file(tmp_path: Path) -> None:
    """Two exports joined (a county file made of its townships' files) keep the second one's title and
    header rows. The header row read as data once made the file refused for a column present twice (the
    copy's header differs from its original's); it is refused in its place with its own reason, the
    titles for their empty 户编号, and the households of both files are read."""
    header = [*HEADER, "户类型0"]
    first, second = ([r | {"户类型0": r["户类型"]} for r in household(hid)] for hid in ("H1", "H2"))
    path = write(tmp_path / "joined.csv", first, header)
    with path.open("a", encoding="utf-8", newline="") as text:
        writer = csv.writer(text, lineterminator="\n")
        writer.writerows([[t] for t in TITLES] + [[f" {h}" for h in header]])  # header cells with spaces too
        writer.writerows([r.get(h, "") for h in header] for r in second)
    households, rejected = read(path)
    assert [h.household.household_id for h in households] == ["H1", "H2"]
    assert [r.line for r in rejected] == [6, 7, 8] and rejected[-1].reason == HEADER_AGAIN
    assert lines_of(households, rejected) == list(range(4, 11))


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_header_again_is_found_whatever_the_case_of_its_household_number_heading(suffix: str, tmp_path: Path) -> None:
    """A 户编号 column headed household_id: the header row again under it (two exports joined) is refused
    as such, though the rows' 户编号 are read in capitals (HOUSEHOLD_ID)."""
    header = ["household_id" if h == "户编号" else h for h in HEADER]
    rows = [r | {"household_id": r["户编号"]} for hid in ("H1", "H2") for r in household(hid)]
    again = dict(zip(header, header, strict=True))
    path = write(tmp_path / "joined.csv", [*rows[:2], again, *rows[2:]], header)
    households, rejected = read(_as_xlsx(path) if suffix == ".xlsx" else path)
    assert [h.household.household_id for h in households] == ["H1", "H2"]
    assert [(r.line, r.reason) for r in rejected] == [(6, HEADER_AGAIN)]


def test_rows_of_a_household_need_not_be_together(tmp_path: Path) -> None:
    a, b = household("A", 3), household("B", 2)
    rows = [a[0], b[0], a[1], b[1], a[2]]
    households, rejected = read(write(tmp_path / "mixed.csv", rows))
    assert rejected == []
    assert [(h.household.household_id, h.lines) for h in households] == [("A", (4, 6, 8)), ("B", (5, 7))]


def test_a_member_row_listed_twice_is_refused_and_twins_without_identities_are_not(tmp_path: Path) -> None:
    """The same person's row twice (a row copied, two exports joined) made the household one member larger;
    it is refused, naming the row it repeats. Alike rows with no 人编号, 姓名 or 证件号码 may be twins."""
    a = household("A", 2)
    households, rejected = read(write(tmp_path / "twice.csv", [*a, a[1], *household("B", 2)]))
    assert [h.household.household_id for h in households] == ["B"]
    assert [(r.line, r.reason) for r in rejected] == [
        (4, "household not scored: its member row on line 6 is rejected"),
        (5, "household not scored: its member row on line 6 is rejected"),
        (6, "this member row repeats line 5 cell for cell: the same person listed twice; delete one"),
    ]
    # A copy through a spreadsheet (a .0 tail, a space), or a copy with one cell edited: the same 证件号码
    # and 姓名 (or 人编号) are the same person. The same 证件号码 under another name is two members
    # (the data checks flag the repeated ID number).
    edited = [a[0], a[1], a[1] | {"人编号": "", "姓名": a[1]["姓名"] + " ", "户联系电话": "13800001234.0"}]
    edited[1] = edited[1] | {"人编号": ""}
    households, rejected = read(write(tmp_path / "edited.csv", edited))
    assert households == [] and rejected[-1].reason == (
        "this member row has the 证件号码 and 姓名 of line 5: the same person listed twice; delete one"
    )
    # The errors file names the cell that names the person again, masked as its column is everywhere.
    shown = rejected[-1].value
    assert rejected[-1].column == "证件号码" and shown == mask(a[1]["证件号码"]) and a[1]["证件号码"] not in shown
    same_id = [a[0], a[1] | {"人编号": ""}, a[1] | {"人编号": "", "姓名": "李某明"}]
    households, rejected = read(write(tmp_path / "same_id.csv", same_id))
    assert rejected == [] and [len(h.household.members or ()) for h in households] == [3]
    anonymous = [h for h in HEADER if h not in ("人编号", "姓名", "证件号码")]
    twins = [person(户编号="T", 与户主关系="户主", 姓名=""), person(户编号="T"), person(户编号="T")]
    households, rejected = read(write(tmp_path / "twins.csv", twins, header=anonymous))
    assert rejected == [] and [len(h.household.members or ()) for h in households] == [3]


def test_a_household_column_that_differs_rejects_the_household(tmp_path: Path) -> None:
    rows = [*household("A", 2), *household("B", 3)]
    rows[3] |= {"户联系电话": "13800009999"}
    rows[4] |= {"是否危房户": "是"}
    households, rejected = read(write(tmp_path / "conflict.csv", rows))
    assert [h.household.household_id for h in households] == ["A"]
    assert [(r.line, r.column) for r in rejected] == [(n, c) for n in (6, 7, 8) for c in ("户联系电话", "是否危房户")]
    phone = rejected[0]
    assert phone.value == "1380***1234" and "13800001234" not in phone.reason and "13800009999" not in phone.reason
    assert "lines 6, 8: 1380***1234; line 7: 1380***9999" in phone.reason
    assert "lines 6, 7: 否; line 8: 是" in rejected[1].reason


def test_a_member_row_cut_short_is_refused_saying_so(tmp_path: Path) -> None:
    """A member row that ends before the header does (a CSV line cut short, a lost separator) read its
    missing cells as empty, and its household was refused with a "differs" reason per household column that
    never said the row was short. That row is refused saying so, and its household with it; a short row whose
    missing cells are empty on every row (a writer leaving out trailing empty cells) is read, and one whose
    household differs on the missing column anyway (household C below) leaves the usual reasons."""
    rows = [*household("A", 3), *household("B", 2), *household("C", 3)]
    rows[6] |= {"转移性收入": "3000"}
    path = write(tmp_path / "short.csv", rows)
    lines = path.read_text(encoding="utf-8").splitlines()
    wage = HEADER.index("工资性收入")
    cut = {5: wage, 8: HEADER.index("就业帮扶"), 11: HEADER.index("转移性收入")}  # line → its cells
    for line, cells in cut.items():
        lines[line - 1] = ",".join(next(csv.reader([lines[line - 1]]))[:cells])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    households, rejected = read(path)
    assert [h.household.household_id for h in households] == ["B"]  # line 8 ends after 转移性收入: all agree
    by_line = {r.line: r for r in rejected if r.household_id == "A"}
    assert sorted(by_line) == [4, 5, 6] and len(rejected) - len(by_line) == 3  # one reason a row
    assert by_line[5].reason == (
        f"the row has {wage} cells where the header has {len(HEADER)}: it ends early, after {HEADER[wage - 1]} "
        "(a line cut short or a lost separator); mend the line"
    )
    assert by_line[4].reason == by_line[6].reason == "household not scored: its member row on line 5 is rejected"
    # Household C: lines 9 and 10 differ on 转移性收入 themselves; the short line 11 is not blamed for it.
    assert {(r.line, r.column) for r in rejected if r.household_id == "C"} == {(n, "转移性收入") for n in (9, 10, 11)}
    assert "line 9: 2000; line 10: 3000; line 11: (empty)" in rejected[-1].reason
    # A row ending under a column without a header is told where it ends by the column's place.
    header = [*HEADER[:wage], "", *HEADER[wage:]]
    path = write(tmp_path / "unnamed.csv", household("D", 2), header)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[4] = ",".join(next(csv.reader([lines[4]]))[: wage + 1])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, rejected = read(path)
    assert rejected[1].reason.startswith(
        f"the row has {wage + 1} cells where the header has {len(header)}: it ends early, after column {wage + 1} ("
    )


def test_a_row_cut_short_before_a_required_value_is_refused_as_cut_short(tmp_path: Path) -> None:
    """A row cut short whose missing cell is a required value was refused saying "required value is empty":
    a household of one row cut before 户类型 (nothing differs between rows of one), one cut before its
    行政区划代码 read without --region, and a row cut before its 户编号, which was not taken for a member of
    the household around it (household C was scored without it). Each is refused as cut short now; the
    totals under the table (合计：6 户, one cell) is refused as a totals row, no longer as a row without 户编号."""
    rows = [*household("A", 1), *household("B", 2), *household("C", 3)]
    path = write(tmp_path / "short.csv", rows)
    lines = path.read_text(encoding="utf-8").splitlines()
    kind = HEADER.index("户类型")
    cut = {4: kind, 8: HEADER.index("户编号")}  # line → its cells: A's only row, and C's second before 户编号
    for line, cells in cut.items():
        lines[line - 1] = ",".join(next(csv.reader([lines[line - 1]]))[:cells])
    path.write_text("\n".join([*lines, "合计：6 户"]) + "\n", encoding="utf-8")
    households, rejected = read(path)
    assert [h.household.household_id for h in households] == ["B"]
    by_line = {r.line: r for r in rejected}
    assert sorted(by_line) == [4, 7, 8, 9, 10] and len(rejected) == 5  # one reason a row
    assert (by_line[4].household_id, by_line[4].column, by_line[4].reason) == (
        "A",
        "",
        f"the row has {kind} cells where the header has {len(HEADER)}: it ends early, after {HEADER[kind - 1]} "
        "(a line cut short or a lost separator); mend the line",
    )
    assert by_line[8].reason.startswith("the row has 3 cells where the header has ") and by_line[8].column == ""
    assert by_line[7].reason == by_line[9].reason
    assert by_line[7].reason.startswith("a member row without 户编号 stands beside this household's rows (line 8)")
    assert by_line[10].reason == TOTALS_ROW  # 合计：6 户, one cell under the table: no household
    # 行政区划代码 read from the file (no --region), beyond the end of a household's only row
    header = [*HEADER, "行政区划代码"]
    rows = [*household("D", 1, 行政区划代码=REGION), *household("E", 1, 行政区划代码=REGION)]
    path = write(tmp_path / "region.csv", rows, header)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = ",".join(next(csv.reader([lines[3]]))[: len(HEADER)])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    households, rejected = read(path, region=None)
    assert [h.household.household_id for h in households] == ["E"]
    assert [(r.line, r.household_id, r.column) for r in rejected] == [(4, "D", "")]
    assert rejected[0].reason.startswith(f"the row has {len(HEADER)} cells where the header has {len(header)}: ")


def test_a_sheet_row_ending_early_is_not_taken_for_a_cut_line(tmp_path: Path) -> None:
    """An .xlsx saved without its size (no ``<dimension>``, as some writers do) gives each row up to its last
    filled cell: a row whose incomes are empty ends before them, and is not cut. Its household is refused
    for the incomes that differ, as when the sheet has its size."""
    import zipfile

    from openpyxl import Workbook

    rows = household("A", 3)
    rows[1] |= {name: "" for name in ("工资性收入", "生产经营性收入", "财产性收入", "转移性收入")}
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [[t] for t in TITLES] + [HEADER] + [[r.get(h, "") or None for h in HEADER] for r in rows]:
        sheet.append(row)
    sized, unsized = tmp_path / "sized.xlsx", tmp_path / "unsized.xlsx"
    book.save(sized)
    with zipfile.ZipFile(sized) as zin, zipfile.ZipFile(unsized, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(rb"<dimension [^>]*/>", b"", data)
            zout.writestr(item, data)
    assert b"<dimension " not in zipfile.ZipFile(unsized).read("xl/worksheets/sheet1.xml")
    for path in (sized, unsized):
        households, rejected = read(path)
        assert households == [] and len(rejected) == 12, path  # 3 rows, 4 incomes
        assert all("differs between the household's rows" in r.reason for r in rejected), path


def test_a_long_value_is_quoted_by_its_start_and_length(tmp_path: Path) -> None:
    """Every row's reason quoted every row's value of a differing column whole: 4 rows with 4 remarks of
    200 000 characters made an errors file 5 times larger than the file read. The reason quotes the start
    of a long value and its length (masked first); the row's own cell is kept whole in its column."""
    header = [*HEADER, "其他备注"]
    remarks = [f"户主电话1391234567{n}" + "记" * 100_000 for n in range(4)]
    rows = [row | {"其他备注": remark} for row, remark in zip(household("A", 4), remarks, strict=True)]
    households, rejected = read(write(tmp_path / "long.csv", rows, header))
    assert households == [] and [r.line for r in rejected] == [4, 5, 6, 7]
    quoted = "; ".join(f"line {4 + n}: 户主电话1391***567{n}记记记记记… (100015 characters)" for n in range(4))
    for n, row in enumerate(rejected):
        assert (
            row.reason == f"其他备注 differs between the household's rows ({quoted}); it must be the same on every row"
        )
        assert row.value == f"户主电话1391***567{n}" + "记" * 100_000
    zh = reason_text(rejected[0].reason, "zh")
    assert zh.startswith(
        "其他备注 在该户各行中不一致（第 4 行：户主电话1391***5670记记记记记…（共 100015 个字符）；第 5 行："
    )
    short = household("B", 2, 其他备注="记" * 40)  # a value of up to 40 characters is quoted whole
    short[1] |= {"其他备注": "记" * 41}
    _, rejected = read(write(tmp_path / "short.csv", short, header))
    assert f"(line 4: {'记' * 40}; line 5: {'记' * 20}… (41 characters))" in rejected[0].reason


def test_one_bad_member_rejects_its_household(tmp_path: Path) -> None:
    rows = household("A", 3)
    rows[1] |= {"劳动技能": "全劳动力"}
    rows[2] |= {"健康状况": "良好"}
    header = [*HEADER, "健康状况"]
    households, rejected = read(write(tmp_path / "bad.csv", rows, header))
    assert households == []
    expected = [(4, "", ""), (5, "劳动技能", "全劳动力"), (6, "健康状况", "**")]  # 健康状况 is masked, keeping nothing
    assert [(r.line, r.column, r.value) for r in rejected] == expected
    assert rejected[0].reason == "household not scored: its member rows on lines 5, 6 are rejected"


def test_rows_that_cannot_be_placed(tmp_path: Path) -> None:
    # a row without 户编号 that names no one (a member row without one: the test after the next)
    rows = [*household("A", 2), {"户编号": "", "工资性收入": "1"}, *household("B", 2), *household("C", 1)]
    path = write(tmp_path / "odd.csv", rows)
    text = path.read_text(encoding="utf-8").splitlines()
    text[7] += ",,,x"  # a filled cell beyond the header: the row, and so its household, is refused
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    households, rejected = read(path)
    assert [h.household.household_id for h in households] == ["A", "C"]
    by_line = {r.line: r for r in rejected}
    assert sorted(by_line) == [6, 7, 8]
    assert by_line[6].column == "户编号" and by_line[6].reason.startswith("required value is empty")
    assert by_line[7].reason.endswith("row on line 8 is rejected")
    assert by_line[8].reason == f"{len(HEADER) + 3} cells but {len(HEADER)} headers"
    assert lines_of(households, rejected) == [4, 5, 6, 7, 8, 9]


def test_merged_cells_read_as_a_clerk_sees_them(tmp_path: Path) -> None:
    """An .xlsx with 户编号 (and 村) merged over each household's member rows, as clerks lay them out: Excel
    keeps a merged value in its top-left cell only, and each household of several members was read as
    one member plus rows refused for an empty 户编号. Each row reads the range's value; a title merged
    across the columns is left as saved."""
    from openpyxl import Workbook

    rows = [*household("A", 3), *household("B", 1), *household("C", 2)]
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for title in TITLES:
        sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    sheet.append(HEADER)
    for row in rows:
        sheet.append([row.get(h, "") for h in HEADER])
    plain = tmp_path / "plain.xlsx"
    book.save(plain)
    for column in ("户编号", "村", "工资性收入"):
        at = HEADER.index(column) + 1
        for first, last in ((4, 6), (8, 9)):  # A's three rows and C's two
            for line in range(first + 1, last + 1):
                sheet.cell(line, at).value = None
            sheet.merge_cells(start_row=first, start_column=at, end_row=last, end_column=at)
    merged = tmp_path / "merged.xlsx"
    book.save(merged)
    households, rejected = read(merged)
    assert rejected == []
    assert [(h.household.household_id, h.lines) for h in households] == [("A", (4, 5, 6)), ("B", (7,)), ("C", (8, 9))]
    assert [h.household for h in households] == [h.household for h in read(plain)[0]]


def merged_export(
    path: Path, rows: list[dict[str, str]], merges: list[tuple[str, int, int]], header: list[str]
) -> Path:
    """An .xlsx export of ``rows`` under the title rows, each of ``merges`` (a column's header, its first and last
    line) merged as Excel merges it: the value of its top cell kept, the cells below it emptied."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for title in TITLES:
        sheet.append([title])
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(h, "") for h in header])
    for column, first, last in merges:
        at = header.index(column) + 1
        for line in range(first + 1, last + 1):
            sheet.cell(line, at).value = None
        sheet.merge_cells(start_row=first, start_column=at, end_row=last, end_column=at)
    book.save(path)
    return path


#: Households A (lines 4-5), B (6-8), C (9-10) and D (11), with amounts merged over two of them.
MERGED_ROWS = [*household("A", 2), *household("B", 3), *household("C", 2), *household("D", 1)]
MERGED = [
    ("村", 4, 11),  # over every household: the village they share
    *(("户编号", first, last) for first, last in ((4, 5), (6, 8), (9, 10))),  # over each household's rows
    ("工资性收入", 4, 8),  # over A and B: one amount read as each one's
    ("财产性收入", 5, 6),  # over A's last row and B's first
    ("工资性收入", 9, 10),  # over C's rows only: C's amount
    ("户类型", 9, 11),  # over C and D: a state they share, not an amount
    ("理赔收入", 4, 11),  # an empty cell over every household: nothing is read twice
]


def test_an_amount_merged_over_two_households_refuses_them(tmp_path: Path) -> None:
    """An amount merged over the rows of two households (工资性收入 over A's and B's) was read as each one's
    own: counted twice. Each household it spans is refused, every row, naming the range as Excel names it,
    the column and the fix; a range within one household, 村 over every household, a state (户类型) over two
    and an empty cell over all are read as Excel shows them."""
    header = [*HEADER, "理赔收入"]
    households, rejected = read(merged_export(tmp_path / "merged.xlsx", MERGED_ROWS, MERGED, header))
    assert [(h.household.household_id, h.lines) for h in households] == [("C", (9, 10)), ("D", (11,))]
    assert [h.household.wage_income for h in households] == [12000, 12000]
    assert [(r.line, r.household_id, r.column, r.value) for r in rejected] == [
        (4, "A", "工资性收入", "12000"),
        (4, "A", "财产性收入", "0"),
        (5, "A", "工资性收入", "12000"),
        (5, "A", "财产性收入", "0"),
        *(
            (line, "B", column, value)
            for line in (6, 7, 8)
            for column, value in (("工资性收入", "12000"), ("财产性收入", "0"))
        ),
    ]
    reasons = {r.column: r.reason for r in rejected}
    assert reasons["工资性收入"] == (
        "工资性收入 is merged over the rows of several households (cells S4:S8): Excel shows its one value on each "
        "of their rows, and each household would be scored with it as its own; unmerge it and give each household "
        "its own value"
    )
    assert "(cells U5:U6)" in reasons["财产性收入"]
    assert reason_text(reasons["工资性收入"], "zh") == (
        "工资性收入（单元格 S4:S8）合并跨越了多户的行：Excel 在这些行上都显示这一个值，每户都会把它当作本户自己的值"
        "评分；请取消合并，为每户填写各自的值"
    )
    assert lines_of(households, rejected) == list(range(4, 12))


def test_an_amount_merged_over_two_households_of_a_table_refuses_their_rows(tmp_path: Path) -> None:
    """A household table has a row per household: an amount merged over two of its rows is refused there, each
    row naming the range; 行政区划代码 merged over every row is read on each."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(
        ["户编号", "行政区划代码", "户类型", "家庭人口数", "工资性收入", "生产经营性收入", "财产性收入", "转移性收入"]
    )
    for n in range(1, 5):
        sheet.append([f"H{n}", REGION if n == 1 else None, "脱贫户", 2, 1000, 0, 0, 0])
    sheet.merge_cells("B2:B5")
    sheet.merge_cells("E3:E4")
    path = tmp_path / "table.xlsx"
    book.save(path)
    _, rows = read_households(path)
    read_rows = list(rows)
    assert [r.household.household_id for r in read_rows if isinstance(r, ReadRow)] == ["H1", "H4"]
    refused = [(r.line, r.household_id, r.reason) for r in read_rows if isinstance(r, RejectedRow)]
    assert [(line, hid) for line, hid, _ in refused] == [(3, "H2"), (4, "H3")]
    assert all(
        reason.startswith("工资性收入 is merged over the rows of several households (cells E3:E4)")
        for *_, reason in refused
    )


def test_a_member_row_without_a_household_number_refuses_the_households_beside_it(tmp_path: Path) -> None:
    """A member row without 户编号 cannot be placed: the household whose rows it stands between, or right
    before or after, is refused with it, where it had been scored a member short (its per-capita income
    higher: 13 050 元 read 17 400). A line without a person (a total under the table) refuses nothing."""
    a, b, c = household("A", 3), household("B", 2), household("C", 2)
    total = {"户编号": "", "工资性收入": "99999"}
    rows = [a[0], a[1] | {"户编号": ""}, a[2], *b, total, c[0] | {"户编号": ""}, c[1]]
    households, rejected = read(write(tmp_path / "keyless.csv", rows))
    assert [h.household.household_id for h in households] == ["B"]  # a total row apart from the keyless one
    by_line = {r.line: r for r in rejected}
    assert sorted(by_line) == [4, 5, 6, 9, 10, 11]
    assert all(by_line[n].reason.startswith("required value is empty") for n in (5, 9, 10))
    assert all("stands beside this household's rows (line 5)" in by_line[n].reason for n in (4, 6))
    assert "stands beside this household's rows (line 10)" in by_line[11].reason
    # right after one household and right before another: either may be its own, so neither is scored
    households, _ = read(write(tmp_path / "between.csv", [*b, c[0] | {"户编号": ""}, c[1]]))
    assert households == []


def test_a_formula_without_its_value_in_the_household_number(tmp_path: Path) -> None:
    """The row is refused for the formula (naming its cell), not for an empty 户编号."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    for row in household("A", 2):
        sheet.append([row.get(h, "") for h in HEADER])
    sheet.cell(3, HEADER.index("户编号") + 1).value = "=D2"  # openpyxl saves a formula without its value
    path = tmp_path / "formula.xlsx"
    book.save(path)
    households, rejected = read(path)
    assert households == []  # its household is not scored a member short
    by_line = {r.line: r for r in rejected}
    assert (by_line[3].household_id, by_line[3].column, by_line[3].value) == ("", "户编号", "")
    assert by_line[3].reason.startswith("cell D3 holds a formula saved without its calculated value")
    assert "stands beside this household's rows (line 3)" in by_line[2].reason


def _households_a_and_b() -> tuple[Any, Any]:
    """A workbook (and its sheet) of the export's header and two households of two members, A and B."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    for row in [*household("A", 2), *household("B", 2)]:
        sheet.append([row.get(h, "") for h in HEADER])
    return book, sheet


def test_a_number_of_more_digits_than_a_spreadsheet_keeps_refuses_its_row(tmp_path: Path) -> None:
    """An ID number (or 户编号, 人编号) stored as a number keeps 15 digits in Excel and WPS: 5.32328198001011e+17
    was read as a malformed ID number without a word, 人编号 that all lost their last digits made every member
    the same person listed again, and 16-digit 户编号 merged households. The row is refused naming the cell."""
    book, sheet = _households_a_and_b()
    sheet.cell(3, HEADER.index("证件号码") + 1).value = float(VALID)  # 5.3232819800010115e+17: digits lost
    sheet.cell(5, HEADER.index("户编号") + 1).value = 5323280000000001  # written whole, yet no spreadsheet keeps it
    sheet.cell(5, HEADER.index("户联系电话") + 1).value = 13800001234  # 11 digits: a number keeps them
    path = tmp_path / "numbers.xlsx"
    book.save(path)
    households, rejected = read(path)
    assert [h.household.household_id for h in households] == []
    by_line = {r.line: r for r in rejected}
    assert [by_line[3].reason.split(" holds")[0], by_line[5].reason.split(" holds")[0]] == ["cell G3", "cell D5"]
    assert by_line[3].reason.endswith(
        "holds a number of 16 digits or more, of which a spreadsheet keeps only the first 15 (an ID number, 户编号 "
        "or 人编号 stored as a number: the rest are lost); export the file again, or format the column as text and "
        "enter the numbers again, and save"
    )
    assert reason_text(by_line[3].reason, "zh").startswith("单元格 G3 是 16 位以上的数字")
    assert VALID[:6] not in by_line[3].reason and VALID[:6] not in by_line[3].value
    assert "its member row on line 3 is rejected" in by_line[2].reason
    assert by_line[5].household_id == ""  # its 户编号 is not what was typed: its household cannot be told
    assert "a member row without 户编号 stands beside this household's rows (line 5)" in by_line[4].reason


def test_a_number_of_sixteen_digits_in_an_amount_is_refused_by_the_amount_cell_by_cell(tmp_path: Path) -> None:
    """In a column of numbers (an amount, a count, an area) a number of 16 digits or more is no identifier stored as a
    number: it was refused as one ("an ID number, 户编号 or 人编号 stored as a number"), two such cells of a row
    in one entry naming the first. Each is refused by its field as too large, in an entry of its own, as a
    CSV's text of the same number is."""
    book, sheet = _households_a_and_b()
    sheet.cell(3, HEADER.index("工资性收入") + 1).value = 10**15
    sheet.cell(3, HEADER.index("转移性收入") + 1).value = 5e16
    path = tmp_path / "amounts.xlsx"
    book.save(path)
    households, rejected = read(path)
    assert [h.household.household_id for h in households] == ["B"]
    refused = [(r.line, r.column, r.reason) for r in rejected if r.line == 3]
    assert sorted(column for _, column, _ in refused) == ["工资性收入", "转移性收入"], refused
    assert all("16 digits or more" not in reason and "too large" in reason for _, _, reason in refused), refused


def test_an_error_of_excel_in_a_cell_refuses_its_row(tmp_path: Path) -> None:
    """#N/A (a lookup that found nothing) in 证件号码 was read as the member's ID number without a word, and in
    a text column (务工所在地, 其他备注) as its text; an amount or a yes/no cell refused it as not an amount,
    telling to write digits. The row is refused naming the cell and the error."""
    book, sheet = _households_a_and_b()
    for column, value in (("证件号码", "#N/A"), ("工资性收入", "#DIV/0!")):
        cell = sheet.cell(3, HEADER.index(column) + 1)
        cell.value, cell.data_type = value, "e"
    path = tmp_path / "errors.xlsx"
    book.save(path)
    households, rejected = read(path)
    assert [h.household.household_id for h in households] == ["B"]
    by_line = {r.line: r for r in rejected}
    # the cell named first is the errors file's column and value: #N/A is nobody's data, shown in 证件号码 too
    assert (by_line[3].household_id, by_line[3].column, by_line[3].value) == ("A", "证件号码", "#N/A")
    assert by_line[3].reason == (
        "cell G3 (#N/A), S3 (#DIV/0!) holds an error of Excel's instead of a value (a formula that could not be "
        "calculated, or a lookup that found nothing); correct the formula or type the value, and save the file again"
    )
    assert reason_text(by_line[3].reason, "zh").startswith("单元格 G3 (#N/A), S3 (#DIV/0!) 存的是 Excel 的错误值")
    assert "its member row on line 3 is rejected" in by_line[2].reason


def test_an_error_or_a_long_number_in_a_column_fanpin_does_not_read_is_left_alone(tmp_path: Path) -> None:
    """A lookup the clerk added beside the export (核对: a VLOOKUP into last year's list) shows #N/A where it finds
    nothing, or an ID number as a number: the export's own columns are whole, and its rows are read, in an
    export as in a household table. The export's columns refuse them as before."""
    from openpyxl import Workbook

    def book(header: list[str], rows: list[dict[str, str]], name: str) -> Path:
        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        sheet.append([*header, "核对"])
        for n, row in enumerate(rows, start=2):
            sheet.append([row.get(h, "") for h in header])
            cell = sheet.cell(n, len(header) + 1)
            cell.value, cell.data_type = ("#N/A", "e") if n % 2 else (float(VALID), "n")
        workbook.save(tmp_path / name)
        return tmp_path / name

    households, rejected = read(book(HEADER, [*household("A", 2), *household("B", 3)], "export.xlsx"))
    assert ([h.household.household_id for h in households], rejected) == (["A", "B"], [])
    table = ["户编号", "行政区划代码", "户类型", "家庭人口数", "工资性收入", "生产经营性收入", "财产性收入"]
    table.append("转移性收入")
    row = dict(zip(table, ["H1", "532328", "脱贫户", "3", "1000", "0", "0", "0"], strict=True))
    _, items = read_households(book(table, [row, row | {"户编号": "H2"}], "table.xlsx"), region=REGION)
    assert [(type(item).__name__, item.household.household_id) for item in items] == [  # type: ignore[union-attr]
        ("ReadRow", "H1"),
        ("ReadRow", "H2"),
    ]


def test_a_hidden_first_sheet_is_not_read(tmp_path: Path) -> None:
    """The export on the sheet a clerk sees is read: a hidden first sheet (last month's export kept out of
    sight) had been scored in its place without a word, and one hidden and empty refused the workbook as
    having no header while the only sheet shown held it."""
    from openpyxl import Workbook

    book = Workbook()
    hidden = book.active
    assert hidden is not None
    hidden.sheet_state = "hidden"
    shown = book.create_sheet("家庭成员信息")
    for sheet, rows in ((hidden, household("OLD", 2)), (shown, [*household("A", 2), *household("B", 1)])):
        sheet.append(HEADER)
        for row in rows:
            sheet.append([row.get(h, "") for h in HEADER])
    book.save(tmp_path / "hidden.xlsx")
    households, rejected = read(tmp_path / "hidden.xlsx")
    assert ([h.household.household_id for h in households], rejected) == (["A", "B"], [])
    hidden.delete_rows(1, 3)
    book.save(tmp_path / "hidden-empty.xlsx")
    households, rejected = read(tmp_path / "hidden-empty.xlsx")
    assert ([h.household.household_id for h in households], rejected) == (["A", "B"], [])


def test_a_household_number_in_two_villages_rejects_both(tmp_path: Path) -> None:
    rows = [*household("A", 2), *household("B", 1), person(户编号="A", 村="东村", 与户主关系="户主")]
    households, rejected = read(write(tmp_path / "shared.csv", rows))
    assert [h.household.household_id for h in households] == ["B"]
    assert [(r.line, r.column, r.value) for r in rejected] == [(n, "户编号", "A") for n in (4, 5, 7)]
    assert rejected[0].reason.startswith(DUPLICATE_ID) and "from line 7" in rejected[0].reason
    assert "from line 4" in rejected[2].reason


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])  # the first pass by columns, and row by row
def test_a_household_number_in_another_case_on_one_row_refuses_the_household(suffix: str, tmp_path: Path) -> None:
    """户编号 ab on two rows and AB on the head's: the head was a household of its own and the two others one
    without a head, each scored with part of the members. The rows are one household, refused, pointing at
    the row whose case differs from most rows'; a 户编号 in small letters on every row is read as written."""
    rows = [*household("ab", 3), *household("cd", 2)]
    rows[0] |= {"户编号": "AB"}
    path = write(tmp_path / "case.csv", rows)
    if suffix == ".xlsx":
        path = _as_xlsx(path)
    households, rejected = read(path)
    assert [h.household.household_id for h in households] == ["cd"]
    assert [(r.line, r.household_id, r.value) for r in rejected] == [(4, "ab", "AB"), (5, "ab", "ab"), (6, "ab", "ab")]
    reason = rejected[0].reason
    assert {r.reason for r in rejected} == {reason}
    assert "written differently on the household's rows" in reason and "(on line 4)" in reason
    assert "a letter in the other case" in reason and "大小写不同的字母（第 4 行）" in reason_text(reason, "zh")


def test_a_household_number_in_two_villages_in_another_case_rejects_both(tmp_path: Path) -> None:
    """AB in one 村 and ab in another are one 户编号, as within a village: both households are refused."""
    rows = [*household("AB", 2), *household("B", 1), person(户编号="ab", 村="东村", 与户主关系="户主")]
    households, rejected = read(write(tmp_path / "shared.csv", rows))
    assert [h.household.household_id for h in households] == ["B"]
    assert [(r.line, r.household_id) for r in rejected] == [(4, "AB"), (5, "AB"), (7, "ab")]
    assert all(r.reason.startswith(DUPLICATE_ID) for r in rejected)
    assert "from line 7" in rejected[0].reason and "from line 4" in rejected[2].reason


def _as_xlsx(path: Path) -> Path:
    """A CSV written by :func:`write`, saved as a workbook's first sheet."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.reader(f):
            sheet.append(row)
    book.save(path.with_suffix(".xlsx"))
    return path.with_suffix(".xlsx")


def test_household_values_the_model_refuses(tmp_path: Path) -> None:
    rows = [*household("A", 2, 工资性收入=""), *household("B", 2, 户类型="监测户", 监测对象类别="突发严重困难户")]
    rows += household("C", 2)
    rows[5] |= {"与户主关系": "户主"}
    households, rejected = read(write(tmp_path / "refused.csv", rows))
    assert households == []
    assert [(r.line, r.column, r.reason) for r in rejected[:2]] == [(n, "工资性收入", REQUIRED_EMPTY) for n in (4, 5)]
    assert {r.column for r in rejected[2:4]} == {"户类型"} and "监测户" in rejected[2].reason
    assert [r.reason for r in rejected[4:]] == ["2 members are 户主 (lines 8, 9); a household has one head"] * 2


def test_the_mapping_to_household_values(tmp_path: Path) -> None:
    recorded = "是否有家庭成员未参加城乡居民（职工）基本医疗保险"
    dropout = "是否义务教育阶段适龄儿童少年失学辍学"
    head = {"与户主关系": "户主", "证件号码": "999999198001011233", "劳动技能": "丧失劳动力"}
    rows = [
        person(户编号="A", **head, 综合保障="低保", 是否解决安全饮用水="否"),
        person(户编号="A", 劳动技能="半劳动力", 就业帮扶="技能培训,外出务工补贴", 是否解决安全饮用水="否")
        | {dropout: ""},
        person(户编号="B") | head | {"证件号码": VALID + "42", recorded: ""},
        person(户编号="B", 劳动技能="无劳动力") | {recorded: ""},
        person(户编号="C", 与户主关系="配偶", 劳动技能="", 是否解决安全饮用水="") | {dropout: "是"},
        person(户编号="C", 是否参加城乡居民基本医疗保险="否", 是否解决安全饮用水=""),
    ]
    households, rejected = read(write(tmp_path / "mapping.csv", rows))
    assert rejected == []
    a, b, c = (h.household for h in households)
    # A: the head has no real ID; one member counts as labour; the recorded 否 for uninsured stands
    assert (a.size, a.labor_count, a.no_labor_household, a.id_number) == (2, 1, False, None)
    assert a.head_name is not None and a.head_name.reveal() == "李某华"
    assert (a.water_unsafe, a.housing_unsafe, a.dropout, a.uninsured_member) == (True, False, None, False)
    assert a.measures_in_place == ("就业帮扶", "综合保障")  # column order, not row order
    # B: nobody counts as labour; uninsured not recorded but every member's insurance is known
    assert (b.labor_count, b.no_labor_household, b.uninsured_member, b.dropout) == (0, True, False, False)
    assert b.id_number is not None and b.id_number.reveal() == VALID + "42"
    # C: no 户主, one 劳动技能 unknown, a member in neither insurance, 是否解决安全饮用水 unknown
    assert (c.labor_count, c.id_number, c.head_name, c.dropout) == (None, None, None, True)
    assert (c.uninsured_member, c.water_unsafe, c.no_labor_household) == (True, None, False)
    assert c.region_code == REGION and c.measures_in_place == ()


def test_a_recorded_no_labour_flag_wins_over_the_members(tmp_path: Path) -> None:
    rows = household("A", 2, 整户无劳动能力兜底保障户="是")
    (found,), _ = read(write(tmp_path / "flag.csv", rows, [*HEADER, "整户无劳动能力兜底保障户"]))
    assert (found.household.no_labor_household, found.household.labor_count) == (True, 2)


def test_files_that_are_refused_before_reading(tmp_path: Path) -> None:
    """An export without 行政区划代码 and without a region is told that the export names its places, not their
    codes, and to pass a region for the whole file (it had been told to export the column, which the national
    system's export has not); with another required column missing too, the columns are listed as before."""
    rows = household("A")
    with pytest.raises(MissingColumnError, match=r"names its places \(县, 乡, 村\), not their codes") as refused:
        read_export(write(tmp_path / "a.csv", rows), region=None)
    assert refused.value.columns == ("region_code",) and refused.value.fix.startswith("pass region=CODE")
    no_wages = [{k: v for k, v in r.items() if k != "工资性收入"} for r in rows]
    with pytest.raises(MissingColumnError, match=r"工资性收入 \(wage_income\), 行政区划代码 \(region_code\)"):
        read_export(write(tmp_path / "c.csv", no_wages, [h for h in HEADER if h != "工资性收入"]), region=None)
    with_code = [r | {"行政区划代码": "532328101"} for r in rows]
    (found,), _ = read(write(tmp_path / "b.csv", with_code, [*HEADER, "行政区划代码"]), region=None)
    assert found.household.region_code == "532328101"
    with pytest.raises(MissingColumnError, match="转移性收入") as caught:
        read_export(write(tmp_path / "c.csv", rows, [h for h in HEADER if h != "转移性收入"]), region=REGION)
    assert caught.value.columns == ("transfer_income",)
    for name in ("old.xls", "missing.csv"):
        if name.endswith(".xls"):
            (tmp_path / name).write_bytes(b"\xd0\xcf")
        with pytest.raises(InputFileError):
            read_export(tmp_path / name, region=REGION)


def test_a_file_named_xlsx_that_is_no_workbook_is_refused_saying_what_it_is(tmp_path: Path) -> None:
    """Each was refused as "not a readable .xlsx workbook: File is not a zip file", to be re-saved from Excel:
    which keeps a password, and is not what a CSV renamed needs. The refusal says what the file is."""
    import zipfile

    workbook = _as_xlsx(write(tmp_path / "whole.csv", household("A"))).read_bytes()
    compound = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504)  # an .xls's header, or an encrypted workbook's
    with zipfile.ZipFile(tmp_path / "other.zip", "w") as archive:
        archive.writestr("households.csv", "户编号\n")
    files = {
        "old.xlsx": (compound, "an old-format Excel workbook (.xls) named .xlsx", "save it as Excel Workbook"),
        "locked.xlsx": (
            compound + "EncryptedPackage".encode("utf-16-le"),
            "the workbook is encrypted with a password",
            "remove the password",
        ),
        "cut.xlsx": (workbook[: len(workbook) // 2], "the workbook is cut off or damaged", "copy or download it again"),
        "page.xlsx": (b"<html><table><tr><td>\xe6\x88\xb7</td></tr></table>", "a web page or XML table", "(.xlsx)"),
        "table.xlsx": (write(tmp_path / "t.csv", household("A")).read_bytes(), "a text (CSV) file", "rename it"),
        "zip.xlsx": ((tmp_path / "other.zip").read_bytes(), "not a readable .xlsx workbook", "re-save it from Excel"),
        "empty.xlsx": (b"", "the file is empty (0 bytes)", "export the households again"),
    }
    for name, (data, what, fix) in files.items():
        (tmp_path / name).write_bytes(data)
        for reader in (read_export, read_households):
            with pytest.raises(InputFileError) as caught:
                _, items = reader(tmp_path / name, region=REGION)
                list(items)
            assert what in caught.value.message and fix in caught.value.fix, (name, caught.value)


def test_a_macro_enabled_workbook_is_read_and_a_workbook_under_another_name_is_told(tmp_path: Path) -> None:
    """An .xlsm (an .xlsx that may hold macros, as county templates often are) was read as CSV and refused as
    neither UTF-8 nor GBK text, to be saved as CSV; so were an .xls and an .xlsx named .csv."""
    import zipfile

    xlsx = _as_xlsx(write(tmp_path / "export.csv", [*household("A"), *household("B", 3)]))
    with zipfile.ZipFile(xlsx) as source, zipfile.ZipFile(tmp_path / "export.xlsm", "w") as macro:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml":  # what Excel declares for a macro-enabled workbook
                old = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
                data = data.replace(old, b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")
            macro.writestr(item, data)
    households, rejected = read(tmp_path / "export.xlsm")
    assert ([h.household.household_id for h in households], rejected) == (["A", "B"], [])
    assert [h.members for h in households] == [h.members for h in read(xlsx)[0]]
    (tmp_path / "old.xls").write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504))
    (tmp_path / "named.csv").write_bytes(xlsx.read_bytes())
    told = {
        "old.xls": ("the file is an old-format Excel workbook (.xls), which fanpin does not read", "(.xlsx)"),
        "named.csv": ("the file is a zip archive named .csv: an .xlsx workbook, or another", "name it .xlsx"),
    }
    for name, (what, fix) in told.items():
        with pytest.raises(InputFileError) as caught:
            read_households(tmp_path / name, region=REGION)
        assert (caught.value.message, fix in caught.value.fix) == (what, True)


@pytest.mark.parametrize("seed", [7, 2024])
def test_other_seeds_give_the_same_households_as_their_table(seed: int, tmp_path: Path) -> None:
    assert make_export().main(["--households", "300", "--seed", str(seed), "--out-dir", str(tmp_path)]) == 0
    households, rejected = read(tmp_path / "export-gbk.csv")
    _, rows = read_households(tmp_path / "export-households.csv")
    without_members = [h.household.model_copy(update={"members": None}) for h in households]
    assert without_members == [r.household if isinstance(r, ReadRow) else r for r in rows]
    assert len({r.household_id for r in rejected}) == 5


# ---- an .xlsx export is parsed once ----------------------------------------------------------------


def _opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every workbook fanpin opens from now on (its path)."""
    import fanpin.io.sheet

    opened: list[str] = []
    load = fanpin.io.sheet.open_workbook

    def counted(filename: Any) -> Any:
        opened.append(str(filename))
        return load(filename)

    monkeypatch.setattr(fanpin.io.sheet, "open_workbook", counted)
    return opened


def test_an_xlsx_export_is_opened_and_parsed_once_by_a_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Opening a large workbook reads all its shared strings and parsing it costs some 0.2 ms a row: the
    command looks for the header, makes the first pass and groups the households on one reading (the
    rows kept for the second pass), and gives what it gave when it read the workbook four times."""
    from fanpin import load_rulebook
    from fanpin.batch import BatchEngine
    from fanpin.pipeline import score_path

    engine = BatchEngine(load_rulebook(checks="with"))
    outputs = {}
    for name in ("export-gbk.csv", "export.xlsx"):
        opened = _opened(monkeypatch)
        out, errors = tmp_path / f"{name}.scored.csv", tmp_path / f"{name}.rejected.csv"
        score_path(engine, DATA / name, out, errors=errors, as_of=date(2025, 6, 30), region=REGION)
        assert opened == ([str(DATA / name)] if name.endswith(".xlsx") else [])
        outputs[name] = (out.read_bytes(), errors.read_bytes())
    assert outputs["export.xlsx"] == outputs["export-gbk.csv"]


def test_a_household_table_as_xlsx_is_opened_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Telling a table from an export opens the workbook; the table's reader reads on from that opening
    (the rows are not kept aside, as an export's are) and gives what the CSV gives."""
    import csv as csv_module

    from openpyxl import Workbook

    from fanpin import load_rulebook
    from fanpin.batch import BatchEngine
    from fanpin.io.export import households_in
    from fanpin.pipeline import score_path

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    with (DATA / "households.csv").open(encoding="utf-8", newline="") as table:
        for row in csv_module.reader(table):
            sheet.append(row)
    path = tmp_path / "households.xlsx"
    book.save(path)
    engine = BatchEngine(load_rulebook())
    outputs = {}
    for source in (DATA / "households.csv", path):
        opened = _opened(monkeypatch)
        out, errors = tmp_path / f"{source.name}.scored.csv", tmp_path / f"{source.name}.rejected.csv"
        score_path(engine, source, out, errors=errors, as_of=date(2025, 6, 30), region=REGION)
        assert opened == ([str(path)] if source == path else [])
        outputs[source.suffix] = (out.read_bytes(), errors.read_bytes())
    assert outputs[".xlsx"] == outputs[".csv"]
    opened = _opened(monkeypatch)
    read = list(households_in(path, region=REGION))
    assert opened == [str(path)]
    assert [getattr(h, "household_id", None) for h in read] == [
        getattr(h, "household_id", None) for h in households_in(DATA / "households.csv", region=REGION)
    ]


def test_the_rows_kept_are_the_rows_read(tmp_path: Path) -> None:
    """The second pass reads back exactly what openpyxl gave the first: every row, its line, a refused
    row (a formula saved without its value) with its reason, across batches."""
    from openpyxl import Workbook

    from fanpin.io.export import _Spool
    from fanpin.io.readers import UnreadableRow, xlsx_rows

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["全国防返贫监测信息系统 导出"])
    for n in range(5):
        sheet.append([f"H{n}", n, n * 1.5, "", "=A1" if n == 3 else "是"])
    path = tmp_path / "rows.xlsx"
    book.save(path)
    spool = _Spool(path)
    spool.kept.size = 2  # several batches
    head = [next(spool.resumed()) for _ in range(1)]
    first = list(spool.resumed())
    again = list(spool.replay())
    read = list(xlsx_rows(path))
    assert head == read[:1] and first == read and again == read
    [refused] = [row for _, row in again if isinstance(row, UnreadableRow)]
    assert refused.reason.startswith("cell E5 holds a formula") and spool.kept.file.closed


def test_a_household_number_that_cannot_be_read_is_not_shown(tmp_path: Path) -> None:
    """A UTF-8 export with a GBK one joined after it: the second header line's 户编号 cell is not text in the
    file's encoding, and the errors file showed it as replacement characters."""
    first = write(tmp_path / "utf8.csv", [*household("A", 2), *household("B", 2)])
    second = write(tmp_path / "gbk.csv", household("C", 2), encoding="gbk")
    joined = tmp_path / "joined.csv"
    joined.write_bytes(first.read_bytes() + second.read_bytes())
    households, rejected = read(joined)
    assert [h.household.household_id for h in households] == ["A", "B"]
    assert rejected and all("\ufffd" not in r.household_id for r in rejected)
