"""An error of Excel's as a CSV cell's text (``#N/A`` where a clerk's VLOOKUP found nothing, ``#VALUE!``, ``#REF!``
…, in a CSV saved from the sheet) is refused in the columns fanpin reads, as an .xlsx error cell is and in the
same words, on both engines and in both languages. It had been read as text: a member named ``#N/A``, an ID
number ``#N/A`` flagged by the data checks as invalid, a 户编号 ``#N/A`` that merged every household it stood for."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fanpin import Household, RecordValidationError
from fanpin.io.readers import RejectedRow, excel_error_reason, excel_error_rows, read_households
from fanpin.model.member import Member
from fanpin.model.values import EXCEL_ERROR_VALUE, EXCEL_ERRORS
from fanpin.results.reasons import reason_text
from fanpin.synthetic import write_household_csv, write_person_export_csv
from tests.helpers import SCORE_ARGS, csv_workbook, read_csv, run_cli, score_file, with_cells

LANGS = pytest.mark.parametrize("lang", ["zh", "en"])


def _export_with(tmp_path: Path, households: int, cells: dict[tuple[int, str], str]) -> tuple[Path, list[str]]:
    """A synthetic export with ``cells`` ((line, header) → text) written over it, and a column fanpin does not
    read (a lookup beside the export) holding ``#N/A`` on every row; and its header."""
    source = write_person_export_csv(tmp_path / "export.csv", households)
    rows = with_cells(source, cells, header_line=3, beside=("去年名单查找", "#N/A"), encoding="utf-8-sig")
    return source, rows[2]


@LANGS
def test_an_export_refuses_the_rows_of_an_error_of_excels_in_a_column_it_reads(
    tmp_path: Path, engine_name: str, lang: str
) -> None:
    # households: lines 4-7, 8-10, 11-13, 14-16, 17-19
    cells = {(5, "姓名"): "#N/A", (9, "证件号码"): " #VALUE! ", (12, "户编号"): "#N/A", (18, "其他备注"): "#REF!"}
    source, header = _export_with(tmp_path, 5, cells)
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    run = score_file(source, out, errors, "--engine", engine_name, "--lang", lang)
    assert run.code == 3, run.err
    assert [r["household_id"] for r in read_csv(out)] == ["5323280000000003"]  # the lookup beside refuses nothing
    refused = {int(r["line"]): (r["column"], r["value"], r["reason"]) for r in read_csv(errors)}

    def error(line: int, column: str, text: str) -> tuple[str, str, str]:
        return column, text, reason_text(excel_error_reason({header.index(column): text}, line), lang)

    assert refused[5] == error(5, "姓名", "#N/A")
    assert refused[9] == error(9, "证件号码", "#VALUE!")
    assert refused[12] == error(12, "户编号", "#N/A")  # names no household: those beside it are refused with it
    assert refused[18] == error(18, "其他备注", "#REF!")
    beside = {line: reason for line, (_, _, reason) in refused.items() if "12" in reason and line != 12}
    assert set(beside) == {11, 13}  # its household's other rows: the row without a 户编号 may be a member
    assert {line for line, (column, _, _) in refused.items() if column} - set(beside) == {5, 9, 12, 18}
    assert set(refused) == set(range(4, 14)) | {17, 18, 19}  # the others of a household: not scored


@LANGS
def test_an_exports_household_number_of_an_error_behind_a_codes_apostrophe_is_refused_as_the_error(
    tmp_path: Path, engine_name: str, lang: str
) -> None:
    """An export's 户编号 '#N/A (a code's mark before Excel's error) was refused as an empty 户编号, its cell not
    shown; it is refused as the error of Excel's it is, the cell shown as written, its household's other rows
    with it, as #N/A is and as a household table refuses it."""
    source, header = _export_with(tmp_path, 3, {(12, "户编号"): "'#N/A"})
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    run = score_file(source, out, errors, "--engine", engine_name, "--lang", lang)
    assert run.code == 3, run.err
    refused = {int(r["line"]): (r["column"], r["value"], r["reason"]) for r in read_csv(errors)}
    reason = reason_text(excel_error_reason({header.index("户编号"): "#N/A"}, 12), lang)
    assert refused[12] == ("户编号", "'#N/A", reason)
    assert {line for line, (_, _, said) in refused.items() if "12" in said and line != 12} == {11, 13}


def test_the_wording_is_the_xlsx_readers_and_is_translated() -> None:
    assert {"#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "#NAME?", "#NULL!"} <= EXCEL_ERRORS
    reason = excel_error_reason({6: "#N/A"}, 5)
    assert reason.startswith("cell G5 (#N/A) holds an error of Excel's instead of a value")
    assert reason_text(reason, "zh").startswith("单元格 G5 (#N/A) 存的是 Excel 的错误值")


@LANGS
def test_a_place_that_holds_an_error_of_excels_refuses_its_rows_for_it(
    tmp_path: Path, engine_name: str, lang: str
) -> None:
    """A 村 of ``#N/A`` on one row of a household makes it a household of its own in a village of that name; it
    is refused for the error, not as the other "household" sharing the 户编号 (which is refused saying so)."""
    source, header = _export_with(tmp_path, 3, {(9, "村"): "#N/A"})  # households: lines 4-7, 8-10, 11-13
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    run = score_file(source, out, errors, "--engine", engine_name, "--lang", lang)
    assert run.code == 3, run.err
    assert [r["household_id"] for r in read_csv(out)] == ["5323280000000000", "5323280000000002"]
    refused = {int(r["line"]): (r["column"], r["value"], r["reason"]) for r in read_csv(errors)}
    reason = reason_text(excel_error_reason({header.index("村"): "#N/A"}, 9), lang)
    assert refused.pop(9) == ("村", "#N/A", reason)
    assert set(refused) == {8, 10} and all(column == "户编号" for column, _, _ in refused.values())


def _table_with(tmp_path: Path, cells: dict[tuple[int, str], str]) -> tuple[Path, list[list[str]]]:
    """A synthetic household table of six households with ``cells`` ((line, header) → text) written over it,
    and a column fanpin does not read holding ``#N/A`` on every row; and its rows."""
    source = write_household_csv(tmp_path / "households.csv", 6)
    return source, with_cells(source, cells, beside=("去年名单查找", "#N/A"))


@LANGS
def test_a_household_table_refuses_a_row_with_an_error_of_excels_in_a_column_it_reads(
    tmp_path: Path, engine_name: str, lang: str
) -> None:
    """As in an export: ``#N/A`` had been a head named ``#N/A``, an ID number the data checks flagged as
    invalid, a household ``#N/A``. Each such cell is its row's refusal (the rest of the row is not read); a
    row whose 户编号 is the error names no household."""
    cells = {
        (3, "户主姓名"): "#N/A",
        (4, "户主证件号码"): " #VALUE! ",
        (5, "户编号"): "#N/A",
        (6, "工资性收入"): "#DIV/0!",
        (6, "户主姓名"): "#REF!",
    }
    source, rows = _table_with(tmp_path, cells)
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    run = score_file(source, out, errors, "--engine", engine_name, "--lang", lang, "--keep-columns", "去年名单查找")
    assert run.code == 3, run.err
    ids = [row[0] for row in rows[1:]]
    scored = read_csv(out)
    assert [r["household_id"] for r in scored] == [ids[0], ids[5]]
    assert {r["去年名单查找"] for r in scored} == {"#N/A"}  # a column fanpin does not read: passed through as written
    reason = reason_text(EXCEL_ERROR_VALUE, lang)
    assert [(int(r["line"]), r["household_id"], r["column"], r["value"], r["reason"]) for r in read_csv(errors)] == [
        (3, ids[1], "户主姓名", "#N/A", reason),
        (4, ids[2], "户主证件号码", "#VALUE!", reason),
        (5, "", "户编号", "#N/A", reason),
        (6, ids[4], "户主姓名", "#REF!", reason),  # in the order of the file's columns
        (6, ids[4], "工资性收入", "#DIV/0!", reason),
    ]


@LANGS
def test_a_workbooks_error_cells_are_the_errors_files_column_and_value(
    tmp_path: Path, engine_name: str, lang: str
) -> None:
    """The same table saved as .xlsx holds error cells, not texts: a row is refused once, for the cells its
    reason names, and the errors file's column and value are the first of them (they had been left empty).
    ``#N/A`` is nobody's data: shown as it is in a personal column as in any other."""
    from openpyxl.utils import get_column_letter

    cells = {
        (3, "户主证件号码"): "#N/A",
        (4, "户编号"): "#REF!",
        (5, "工资性收入"): "#DIV/0!",
        (5, "户主姓名"): "#VALUE!",
    }
    source, rows = _table_with(tmp_path, cells)
    workbook = csv_workbook(source, tmp_path / "households.xlsx")
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    run = score_file(workbook, out, errors, "--engine", engine_name, "--lang", lang, "--keep-columns", "去年名单查找")
    assert run.code == 3, run.err
    ids, header = [row[0] for row in rows[1:]], rows[0]
    scored = read_csv(out)
    assert [r["household_id"] for r in scored] == [ids[0], ids[4], ids[5]]
    assert {r["去年名单查找"] for r in scored} == {"#N/A"}  # a column fanpin does not read: passed through as shown

    def cell(line: int, *names: str) -> dict[int, str]:
        return {header.index(name): cells[line, name] for name in sorted(names, key=header.index)}

    told = [(int(r["line"]), r["household_id"], r["column"], r["value"], r["reason"]) for r in read_csv(errors)]
    assert told == [
        (3, ids[1], "户主证件号码", "#N/A", reason_text(excel_error_reason(cell(3, "户主证件号码"), 3), lang)),
        (4, "", "户编号", "#REF!", reason_text(excel_error_reason(cell(4, "户编号"), 4), lang)),
        (5, ids[3], "户主姓名", "#VALUE!", reason_text(excel_error_reason(cell(5, "户主姓名", "工资性收入"), 5), lang)),
    ]
    assert get_column_letter(header.index("户主姓名") + 1) + "5 (#VALUE!)" in told[2][4]


def test_explain_tells_the_refusal_as_score_does(tmp_path: Path) -> None:
    source, rows = _table_with(tmp_path, {(3, "户主姓名"): "#N/A"})
    run = run_cli("explain", source, "--household", rows[2][0], *SCORE_ARGS, "--lang", "en")
    assert run.code == 3, run.err  # a rejected household, as score's exit code says
    assert f"household {rows[2][0]} was rejected at line 3: 户主姓名 {reason_text(EXCEL_ERROR_VALUE, 'en')}" in run.out


def test_the_reason_is_translated() -> None:
    assert reason_text(EXCEL_ERROR_VALUE, "zh").startswith("是 Excel 的错误值而不是数据")


_RECORD = {
    "户类型": "脱贫户",
    "家庭人口数": "1",
    "工资性收入": "0",
    "生产经营性收入": "0",
    "财产性收入": "0",
    "转移性收入": "0",
}
#: The code columns of each model, each with a record that is valid but for it.
_CODES: list[tuple[type[Household | Member], str, dict[str, str]]] = [
    *[(Household, header, {"户编号": "H1", **_RECORD}) for header in ("户编号", "户主证件号码", "行政区划代码")],
    *[(Member, header, {"户编号": "H1"}) for header in ("户编号", "人编号", "证件号码", "行政区划代码")],
]


@pytest.mark.parametrize(("model", "header", "record"), _CODES)
@pytest.mark.parametrize("error", ["#N/A", " #REF! ", "'#VALUE!"])
def test_the_models_refuse_an_error_of_excels_in_a_code_column_as_the_readers_do(
    model: type[Household | Member], header: str, record: dict[str, str], error: str
) -> None:
    """A host giving records of its own is told what a file's reader tells: read as a code, ``#N/A`` was one
    household for every lookup that failed, one person, or an ID number the data checks flagged as invalid (a
    region code's refusal said it was no division code). Only that column is refused, once."""
    with pytest.raises(RecordValidationError) as refused:
        model.model_validate({**record, header: error})
    problems = refused.value.errors()
    assert [(p["loc"], p["msg"].removeprefix("Value error, ")) for p in problems] == [((header,), EXCEL_ERROR_VALUE)]


@pytest.mark.parametrize(("header", "model"), [("户主姓名", Household), ("贷款用途", Household), ("姓名", Member)])
def test_a_text_column_of_the_models_refuses_it_too(header: str, model: type[Household] | type[Member]) -> None:
    """A name or a purpose holding ``#N/A`` had been taken as given by the models, where Scorer.score and a
    file's reader refuse the cell: Scorer.assess scored a record Scorer.score refused. The models refuse it
    in a free-text column too; an apostrophe before it is part of such a text (a code's mark only in a code)."""
    record = {"户编号": "H1", **(_RECORD if model is Household else {})}
    with pytest.raises(RecordValidationError) as refused:
        model.model_validate({**record, header: "#N/A"})
    assert [p["msg"].removeprefix("Value error, ") for p in refused.value.errors()] == [EXCEL_ERROR_VALUE]
    assert model.model_validate({**record, header: "'#N/A"}) is not None


def test_the_reader_refuses_a_code_cell_once(tmp_path: Path) -> None:
    """The model's refusal is not said again beside the reader's: one line for each cell."""
    cells = {(3, "户编号"): "#N/A", (3, "行政区划代码"): "#N/A", (4, "户主证件号码"): "#N/A"}
    source, _ = _table_with(tmp_path, cells)
    _, read = read_households(source, region="532328")
    refused = [(r.line, r.column, r.reason) for r in read if isinstance(r, RejectedRow)]
    assert refused == [(line, column, EXCEL_ERROR_VALUE) for line, column in cells]


@pytest.mark.parametrize("cell", ["产业帮扶;#N/A", "#REF!、 #N/A", "产业帮扶， #N/A "])
def test_an_error_of_excels_among_the_measures_in_place_refuses_the_row(
    engine_name: str, cell: str, tmp_path: Path
) -> None:
    """``产业帮扶;#N/A`` in 已落实帮扶措施 was counted as two measures (audit.no_measure then silent) on both
    engines, the whole cell #N/A alone refused: one error among the measures refuses the row alike, in the
    model and in Scorer.score too."""
    header = "户编号,行政区划代码,户类型,家庭人口数,工资性收入,生产经营性收入,财产性收入,转移性收入,已落实帮扶措施"
    # (工资性收入 not an amount either: the error of Excel's is the row's only refusal, on both engines alike)
    rows = [header, f'H1,532328101203,脱贫户,3,abc,0,0,0,"{cell}"', "H2,532328101203,脱贫户,3,100,0,0,0,产业帮扶;#1号"]
    source = tmp_path / "in.csv"
    source.write_text("\n".join(rows) + "\n", encoding="utf-8")
    run = score_file(source, tmp_path / "o.csv", tmp_path / "e.csv", "--engine", engine_name)
    assert run.code == 3, run.err
    refused = read_csv(tmp_path / "e.csv", ids=False)
    assert [(r["户编号"], r["列"], r["原因"]) for r in refused] == [
        ("H1", "已落实帮扶措施", reason_text(EXCEL_ERROR_VALUE, "zh"))
    ]
    record = {"户编号": "H1", **_RECORD, "已落实帮扶措施": cell}
    with pytest.raises(RecordValidationError):
        Household.model_validate(record)


#: A small export: 县, 乡, 村, 户编号 and a member's cells, one member a household.
_SMALL_EXPORT = [
    *("县", "乡", "村", "户编号", "姓名", "与户主关系", "户类型"),
    *("工资性收入", "生产经营性收入", "财产性收入", "转移性收入"),
]


def _small_member(n: int) -> list[str]:
    return ["示例县", "甲乡", "东村", f"5323281010000{n}", f"王某{n}", "户主", "一般农户", "3000", "25000", "0", "1000"]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_row_of_errors_of_excels_between_households_refuses_them_in_a_workbook_as_in_a_csv(
    tmp_path: Path, engine_name: str, suffix: str
) -> None:
    """A row whose every cell is ``#N/A`` (a VLOOKUP row that found nothing) between two households names no
    household: its 户编号 is an error, and its 姓名 may be a member's. Saved as CSV it refused the households
    beside it; as .xlsx it was refused alone (its error cells read as empty: no person named, no 户编号
    written) and both households were scored, a member short perhaps. Both files now give the same."""
    rows = [_SMALL_EXPORT, _small_member(1), _small_member(2), ["#N/A"] * len(_SMALL_EXPORT), _small_member(3)]
    source = tmp_path / f"export{suffix}"
    if suffix == ".csv":
        source.write_text("\n".join(",".join(row) for row in rows) + "\n", encoding="utf-8")
    else:
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None
        for row in rows:
            sheet.append(row)
        for cell in sheet[4]:
            cell.data_type = "e"  # an error cell, as Excel saves a lookup that found nothing
        book.save(source)
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    run = score_file(source, out, errors, "--engine", engine_name)
    assert run.code == 3, run.err
    assert [r["household_id"] for r in read_csv(out)] == ["53232810100001"]
    refused = {int(r["line"]): r for r in read_csv(errors)}
    assert set(refused) == {3, 4, 5}
    assert all("（第 4 行）" in refused[line]["reason"] for line in (3, 5))  # a member row without 户编号 beside it
    assert "D4 (#N/A)" in refused[4]["reason"]  # its 户编号: an error of Excel's (the reason names every such cell)


@LANGS
def test_an_error_of_excels_behind_a_codes_apostrophe_is_refused_as_the_error_is(
    tmp_path: Path, engine_name: str, lang: str
) -> None:
    """In a code column the apostrophe is only a code's mark, so ``'#N/A`` is ``#N/A``. The per-row reader
    refused it (through the model), while the batch path scored a household ``#N/A``, took ``'#VALUE!`` as an
    ID number and refused ``'#REF!`` as no region code: both engines refuse each as the error it is, the cell
    shown as written. In a text column (户主姓名) the apostrophe is part of the text, which is taken."""
    cells = {
        (3, "户编号"): "'#N/A",
        (4, "户主证件号码"): " '#VALUE! ",
        (5, "行政区划代码"): "' #REF!",
        (6, "户主姓名"): "'#N/A",
    }
    source, rows = _table_with(tmp_path, cells)
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    run = score_file(source, out, errors, "--engine", engine_name, "--lang", lang)
    assert run.code == 3, run.err
    ids = [row[0] for row in rows[1:]]
    assert [r["household_id"] for r in read_csv(out)] == [ids[0], ids[4], ids[5]]
    reason = reason_text(EXCEL_ERROR_VALUE, lang)
    assert [(int(r["line"]), r["household_id"], r["column"], r["value"], r["reason"]) for r in read_csv(errors)] == [
        (3, "", "户编号", "'#N/A", reason),  # names no household, as #N/A does
        (4, ids[2], "户主证件号码", "'#VALUE!", reason),
        (5, ids[3], "行政区划代码", "' #REF!", reason),
    ]


_CELLS = st.one_of(
    st.sampled_from(sorted(EXCEL_ERRORS)),
    st.sampled_from(["", " ", "'", "5323", "产业帮扶;#N/A", "产业帮扶；就业帮扶", "' #N/A", "#", "\uff03N/A", "a#b"]),
    st.text(alphabet="#'N/A 产业;0", max_size=6),
)


@given(st.dictionaries(st.sampled_from(["户编号", "户主证件号码", "已落实帮扶措施", "工资性收入", "备注"]), _CELLS))
def test_a_row_without_a_hash_has_no_error_of_excels(cells: dict[str, str]) -> None:
    """excel_error_rows looks at a row's cells one by one only where one holds a ``#`` (every error of Excel's
    does): the same refusals as its reading of every cell, which a ``#`` in a column it does not read makes it
    take (errors behind a code's mark, among the measures), on rows with and without one."""
    field_of = {"户编号": "household_id", "户主证件号码": "id_number", "已落实帮扶措施": "measures_in_place"}
    field_of |= {"工资性收入": "wage_income"}
    household = cells.get("户编号", "")
    every_cell = excel_error_rows({**cells, "去年名单查找": "#"}, field_of, 7, household)
    assert excel_error_rows(cells, field_of, 7, household) == every_cell
    errors = [h for h, v in cells.items() if h in field_of and v.strip() in EXCEL_ERRORS]
    assert set(errors) <= {r.column for r in every_cell}  # each error as the whole cell, at least
    if not any("#" in v for v in cells.values()):
        assert every_cell == []
