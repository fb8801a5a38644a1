"""A 户编号 as Excel shows a long number (``5.32328E+15``: a CSV saved from a sheet whose column was a number)
has lost its last digits, so every household whose code began alike reads as one. Each row of it is
refused saying why and what to do, on both engines, in both layouts and languages, where it had been
read as a 户编号: a household table scored each such row as its own household, all under one id; an
export merged the households into one, refused for reasons that named something else (another
county, township or village, two heads)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl.utils import get_column_letter

from fanpin import Household, RecordValidationError
from fanpin.masking import mask
from fanpin.model.member import Member
from fanpin.model.values import (
    FLOAT_CODE,
    SCIENTIFIC_ID,
    SCIENTIFIC_ID_NUMBER,
    SCIENTIFIC_PERSON_ID,
    code_key_problem,
    scientific,
)
from fanpin.results.reasons import reason_text
from fanpin.synthetic import write_household_csv, write_person_export_csv
from tests.helpers import HEADER, SCORE_ARGS, csv_workbook, read_csv, run_cli, score_file, with_cells, write_rows

LANGS = pytest.mark.parametrize("lang", ["zh", "en"])


def _refused(errors: Path) -> dict[int, tuple[str, str]]:
    return {int(r["line"]): (r["column"], r["reason"]) for r in read_csv(errors)}


@LANGS
def test_a_household_table_refuses_the_rows_of_a_code_in_scientific_notation(
    tmp_path: Path, engine_name: str, lang: str
) -> None:
    source = write_rows(
        tmp_path / "in.csv",
        [
            HEADER,
            "5.32328E+15,532328,脱贫户,2,1000,0,0,0,",
            "5.32328E+15,532328,脱贫户,3,2000,0,0,0,",
            " 5.32328198001011e+17 ,532328,一般农户,1,9000,0,0,0,",
            "H1E5,532328,脱贫户,2,1000,0,0,0,",  # a code that only looks alike: read
        ],
    )
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    run = score_file(source, out, errors, "--engine", engine_name, "--lang", lang)
    assert run.code == 3, run.err
    assert [r["household_id"] for r in read_csv(out)] == ["H1E5"]
    reason = reason_text(SCIENTIFIC_ID, lang)
    assert _refused(errors) == {line: ("户编号", reason) for line in (2, 3, 4)}


@LANGS
def test_an_export_refuses_every_row_of_a_code_in_scientific_notation(
    tmp_path: Path, engine_name: str, lang: str
) -> None:
    """The synthetic export's households stand in several villages: the code shared by all of them said
    "it also has rows in another county, township or village", which sent the clerk to look for a
    duplicate that is not there."""
    source = write_person_export_csv(tmp_path / "export.csv", 4)
    with source.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    at = rows[2].index("户编号")
    for row in rows[3:]:
        row[at] = "5.32328E+15"
    with source.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    run = score_file(source, out, errors, "--engine", engine_name, "--lang", lang)
    assert run.code == 3, run.err
    assert read_csv(out) == []
    reason = reason_text(SCIENTIFIC_ID, lang)
    assert _refused(errors) == {line: ("户编号", reason) for line in range(4, len(rows) + 1)}


@LANGS
@pytest.mark.parametrize("written", ["5.32328E+15", "5.3232819900101126e+17"])
def test_an_export_refuses_the_households_beside_a_member_row_whose_code_lost_its_digits(
    tmp_path: Path, engine_name: str, lang: str, written: str
) -> None:
    """One member row whose 户编号 cell was a number (a member row typed in by hand, saved as CSV) names no
    household, as the same cell of an .xlsx (a number that lost its digits) does: the households beside it are
    refused with it. It had been refused alone, and the household it belongs to scored a member short, its
    per-capita income too high, without a word; the same sheet as .xlsx refused that household."""
    source = write_person_export_csv(tmp_path / "export.csv", 3)  # households: lines 4-7, 8-10, 11-13
    rows = with_cells(source, {}, header_line=3, encoding="utf-8-sig")
    at = rows[2].index("户编号")
    first, second, third = rows[3][at], rows[7][at], rows[10][at]
    with_cells(source, {(10, "户编号"): written}, header_line=3, encoding="utf-8-sig")  # the second's last row
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    run = score_file(source, out, errors, "--engine", engine_name, "--lang", lang)
    assert run.code == 3, run.err
    assert [r["household_id"] for r in read_csv(out)] == [first]
    refused = {int(r["line"]): (r["household_id"], r["column"], r["reason"]) for r in read_csv(errors)}
    assert refused.pop(10) == ("", "户编号", reason_text(code_key_problem(written) or "", lang))
    assert set(refused) == {8, 9, 11, 12, 13}  # the households before and after it, refused as beside it
    assert {household for household, _, _ in refused.values()} == {second, third}


_OTHER_INCOMES = {"生产经营性收入": "0", "财产性收入": "0", "转移性收入": "0"}


def test_the_models_refuse_it_and_read_codes_that_only_look_alike() -> None:
    assert scientific("5.32328E+15") and scientific("5.32328198001011e+17") and scientific("1.2E+11")
    assert not any(scientific(text) for text in ("H1E5", "1E5", "5.3E+10", "5.3E-15", "5.3E+15.0", "5,3E+15"))
    for model in (Household, Member):
        with pytest.raises(RecordValidationError, match="scientific notation"):
            model.model_validate(
                {"户编号": "5.32328E+15", "户类型": "脱贫户", "家庭人口数": "1", "工资性收入": "0", **_OTHER_INCOMES}
            )
    kept = Household.model_validate(
        {"户编号": "1E5", "户类型": "脱贫户", "家庭人口数": "1", "工资性收入": "0", **_OTHER_INCOMES}
    )
    assert kept.household_id == "1E5"


def _export_with(tmp_path: Path, households: int, cells: dict[tuple[int, str], str]) -> tuple[Path, list[str]]:
    """A synthetic export with ``cells`` ((line, header) → text) written over it, and its header."""
    source = write_person_export_csv(tmp_path / "export.csv", households)
    return source, with_cells(source, cells, header_line=3, encoding="utf-8-sig")[2]


@LANGS
def test_an_export_refuses_an_id_number_or_a_person_id_in_scientific_notation(
    tmp_path: Path, engine_name: str, lang: str
) -> None:
    """An ID number so written had been read, and flagged by the data checks as invalid; a 人编号 so written,
    the same on every member of a household, refused them as one person listed twice. Each such row is
    refused for its own cell, the ID number masked."""
    # households: lines 4-7, 8-10, 11-13
    cells = {(5, "证件号码"): "5.32328E+17"} | {(line, "人编号"): " 5.32328E+17 " for line in (8, 9, 10)}
    source, _ = _export_with(tmp_path, 3, cells)
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    run = score_file(source, out, errors, "--engine", engine_name, "--lang", lang)
    assert run.code == 3, run.err
    assert [r["household_id"] for r in read_csv(out)] == ["5323280000000002"]
    refused = {int(r["line"]): (r["column"], r["value"], r["reason"]) for r in read_csv(errors)}
    assert refused[5] == ("证件号码", mask("5.32328E+17"), reason_text(SCIENTIFIC_ID_NUMBER, lang))
    person = ("人编号", "5.32328E+17", reason_text(SCIENTIFIC_PERSON_ID, lang))
    assert {refused[line] for line in (8, 9, 10)} == {person}
    assert {refused[line][0] for line in (4, 6, 7)} == {""}  # the others of its household: not scored


def test_the_member_model_refuses_them_and_reads_codes_that_only_look_alike() -> None:
    with pytest.raises(RecordValidationError, match="证件号码 is written in scientific notation"):
        Member.model_validate({"户编号": "H1", "证件号码": "5.32328198001011e+17"})
    with pytest.raises(RecordValidationError, match="人编号 is written in scientific notation"):
        Member.model_validate({"户编号": "H1", "人编号": "5.32328E+17"})
    kept = Member.model_validate({"户编号": "H1", "人编号": "P1E5", "证件号码": "5.3E+10"})
    assert kept.person_id == "P1E5" and kept.id_valid is False
    for text in (SCIENTIFIC_ID_NUMBER, SCIENTIFIC_PERSON_ID):
        assert reason_text(text, "zh") != reason_text(text, "en") and "科学计数法" in reason_text(text, "zh")


@LANGS
def test_a_household_table_refuses_a_head_id_number_in_scientific_notation(
    tmp_path: Path, engine_name: str, lang: str
) -> None:
    """户主证件号码 so written had been read, its household scored and the number flagged by the data checks as
    invalid. Its row is refused as the export refuses such a 证件号码, in the same words, the number masked."""
    source = write_household_csv(tmp_path / "in.csv", 5)
    cells = {
        (2, "户主证件号码"): "5.32328E+17",
        (4, "户主证件号码"): " '5.32328198001011e+17 ",
        (5, "户主证件号码"): "5.3E+10",
    }
    rows = with_cells(source, cells)
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    run = score_file(source, out, errors, "--engine", engine_name, "--lang", lang)
    assert run.code == 3, run.err
    ids = [row[0] for row in rows[1:]]
    assert [r["household_id"] for r in read_csv(out)] == [ids[1], ids[3], ids[4]]  # 5.3E+10 only looks alike
    reason = reason_text(SCIENTIFIC_ID_NUMBER, lang)
    assert [(int(r["line"]), r["household_id"], r["column"], r["value"], r["reason"]) for r in read_csv(errors)] == [
        (2, ids[0], "户主证件号码", mask("5.32328E+17"), reason),
        (4, ids[2], "户主证件号码", mask(" '5.32328198001011e+17 "), reason),
    ]
    assert "5.32328" not in errors.read_text(encoding="utf-8-sig")


def test_explain_says_the_household_was_refused_for_it(tmp_path: Path) -> None:
    source = write_household_csv(tmp_path / "in.csv", 3)
    rows = with_cells(source, {(3, "户主证件号码"): "5.32328E+17"})
    run = run_cli("explain", source, "--household", rows[2][0], *SCORE_ARGS, "--lang", "en")
    assert run.code == 3, run.err
    assert f"household {rows[2][0]} was rejected at line 3: 户主证件号码 id_number (证件号码) is written" in run.out
    assert "5.32328" not in run.out + run.err


def test_a_workbook_cell_that_holds_the_number_itself_is_refused_for_its_lost_digits(
    tmp_path: Path, engine_name: str
) -> None:
    """In an .xlsx the cell holds the number, not what Excel shows of it (5.32328E+17): its 18 digits are
    not there (Excel keeps 15), and the row is refused for that, as every number of 16 digits or more is."""
    source = write_household_csv(tmp_path / "in.csv", 3)
    with source.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    at = rows[0].index("户主证件号码") + 1
    workbook = csv_workbook(source, tmp_path / "in.xlsx", {(2, "户主证件号码"): (5.32328198001011e17, None)})
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    run = score_file(workbook, out, errors, "--engine", engine_name, "--lang", "en")
    assert run.code == 3, run.err
    assert [r["household_id"] for r in read_csv(out)] == [rows[2][0], rows[3][0]]
    (refused,) = read_csv(errors)
    assert refused["line"] == "2" and refused["household_id"] == rows[1][0]
    assert refused["reason"].startswith(f"cell {get_column_letter(at)}2 holds a number of 16 digits or more")
    # the errors file names the cell's column, and its value masked as the column's cells are
    assert (refused["column"], refused["value"]) == ("户主证件号码", mask(str(5.32328198001011e17)))
    assert "5.32328" not in refused["value"]
    kept = score_file(workbook, tmp_path / "k.csv", tmp_path / "ke.csv", "--engine", engine_name, "--keep-identities")
    assert kept.code == 3, kept.err
    assert [r["value"] for r in read_csv(tmp_path / "ke.csv")] == [str(5.32328198001011e17)]  # the owner's choice


def test_a_workbook_amount_of_sixteen_digits_is_refused_as_too_large_cell_by_cell(
    tmp_path: Path, engine_name: str
) -> None:
    """A number of 16 digits or more in an amount's column is no identifier stored as a number: it had been
    refused as one, and a second such cell of the row folded into the first's entry. Each is refused as too
    large for an amount, in an entry of its own, on both engines."""
    source = write_household_csv(tmp_path / "in.csv", 3)
    with source.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    cells = {(2, "工资性收入"): (10**15, None), (2, "转移性收入"): (5e16, None)}
    workbook = csv_workbook(source, tmp_path / "in.xlsx", cells)
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    run = score_file(workbook, out, errors, "--engine", engine_name, "--lang", "en")
    assert run.code == 3, run.err
    assert [r["household_id"] for r in read_csv(out)] == [rows[2][0], rows[3][0]]
    refused = read_csv(errors)
    assert sorted(r["column"] for r in refused) == ["工资性收入", "转移性收入"], refused
    assert all(r["line"] == "2" and r["reason"].startswith("too large for an amount") for r in refused), refused


def test_the_household_model_refuses_it_as_the_member_model_does() -> None:
    record = {"户编号": "H1", "户类型": "脱贫户", "家庭人口数": "1", "工资性收入": "0", **_OTHER_INCOMES}
    with pytest.raises(RecordValidationError, match="证件号码 is written in scientific notation") as refused:
        Household.model_validate({**record, "户主证件号码": "5.32328198001011e+17"})
    assert "5.32328" not in str(refused.value)
    kept = Household.model_validate({**record, "户主证件号码": "'532328198001011233"})
    assert kept.id_number is not None and kept.id_number.reveal() == "532328198001011233"


def test_a_float_key_past_what_a_float_holds_is_refused_from_parquet_and_read_as_written_from_json(
    tmp_path: Path, engine_name: str
) -> None:
    """A Parquet column of floats holds 9007199254740992.0 where 9007199254740993 was meant, and cannot say
    which: refused as a float whose last digits are lost (not as Excel's scientific notation, which it is not),
    as the model refuses the float. A JSON Lines file
    holds the digits as written (``9007199254740993.0``): read so, where the float had made it 9007199254740992."""
    import polars as pl

    record = {"行政区划代码": "532328", "户类型": "脱贫户", "家庭人口数": 2, "工资性收入": 1000.0, **_OTHER_INCOMES}
    keys = [9007199254740993.0, 5323281010000123.0, float("nan")]  # NaN: a float column's missing value
    parquet = tmp_path / "in.parquet"
    pl.DataFrame([{"户编号": key, **record} for key in keys]).write_parquet(parquet)
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    run = score_file(parquet, out, errors, "--engine", engine_name, "--lang", "en")
    assert run.code == 3, run.err
    assert [r["household_id"] for r in read_csv(out)] == ["5323281010000123"]  # no household "NaN"
    empty = "required value is empty: each household needs its household_id (户编号); fill it in"
    assert _refused(errors) == {2: ("户编号", reason_text(FLOAT_CODE, "en")), 4: ("户编号", empty)}
    lines = tmp_path / "in.jsonl"
    fields = ", ".join(f'"{k}": {json.dumps(v, ensure_ascii=False)}' for k, v in record.items())
    # such a number inside a list is written back as JSON (a column fanpin passes through): no traceback
    written = [f'{{"户编号": 900719925474099{d}.0, {fields}, "备注": [9.{d}e15]}}\n' for d in (3, 5)]
    lines.write_text("".join(written), encoding="utf-8")
    kept = ("--keep-columns", "备注", "--keep-identities")
    run = score_file(lines, tmp_path / "j.csv", tmp_path / "je.csv", "--engine", engine_name, *kept)
    assert run.code == 0, run.err
    scored = read_csv(tmp_path / "j.csv")
    assert [(r["household_id"], r["备注"]) for r in scored] == [
        ("9007199254740993", "[9300000000000000.0]"), ("9007199254740995", "[9500000000000000.0]")
    ]  # fmt: skip
