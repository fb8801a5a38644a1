"""A header fanpin does not read that is close to the header of a column the file lacks is most likely
that column, misspelt (合规自负支出 for 合规自付支出): read as written, it would be passed through unread
and its fact would be unknown on every row without a word. The run says so in a note, on both engines,
and a required column's refusal names the rename."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from pydantic import ValidationError

from fanpin import Scorer
from fanpin.errors import MissingColumnError
from fanpin.io.export import open_either
from fanpin.io.readers import open_rows
from fanpin.model.columns import ALIASES, header_label, misnamed_columns
from fanpin.model.household import Household
from fanpin.pipeline.scored import misnamed_note
from tests.helpers import AS_OF, read_csv, run_cli, score_file, write_rows
from tests.paths import EXAMPLES

HEADER = "户编号,行政区划代码,户类型,家庭人口数,工资性收入,生产经营性收入,财产性收入,转移性收入"
ROW = "H1,532328,脱贫户,2,8700,0,0,0"


def test_a_header_close_to_an_absent_columns_is_named_with_that_column() -> None:
    header = [*HEADER.split(","), "合规自负支出", "识别时间", "备注", "联系电话"]
    present = {ALIASES[h] for h in header if h in ALIASES}
    assert misnamed_columns(header, present) == [("合规自负支出", "合规自付支出"), ("识别时间", "识别监测时间")]
    assert misnamed_columns(["household_id", "wage_incme"], {"household_id"}) == [("wage_incme", "wage_income")]


def test_a_column_the_file_has_is_never_suggested() -> None:
    """上年工资性收入 is close to 工资性收入, which the file has: a column of the user's own, not a misspelling."""
    header = [*HEADER.split(","), "上年工资性收入", "合规自负支出", "合规自付支出"]
    present = {ALIASES[h] for h in header if h in ALIASES}
    assert misnamed_columns(header, present) == []


def test_a_misspelt_column_is_noted_and_passed_through(engine_name: str, tmp_path: Path) -> None:
    source = write_rows(tmp_path / "in.csv", [f"{HEADER},合规自负支出,备注", f"{ROW},30000,x"])
    out = tmp_path / "out.csv"
    code, _, err = score_file(source, out, tmp_path / "errors.csv", "--engine", engine_name)
    assert code == 0, err
    assert (
        "fanpin: note: the column 合规自负支出 is not one fanpin reads; did you mean 合规自付支出 "
        "(medical_out_of_pocket)? The file has no such column, so that fact is unknown on every row: rename the "
        "column if it is that one"
    ) in err
    assert "备注 is not one" not in err  # nothing close to it: a column of the user's own
    (row,) = read_csv(out)
    assert row["合规自负支出"] == "30000"  # passed through as written, not read


def test_a_number_in_a_noted_header_is_masked() -> None:
    """A header holding a phone or ID number (typed into the header row) is named masked, as everywhere."""
    note = misnamed_note("合规自负支出13812345678", "合规自付支出")
    assert "13812345678" not in note and "1381***5678" in note


def test_a_missing_required_column_names_the_rename(tmp_path: Path) -> None:
    source = write_rows(tmp_path / "in.csv", [HEADER.replace("家庭人口数", "家庭人口"), ROW])
    with pytest.raises(MissingColumnError) as caught:
        open_rows(source)
    assert "家庭人口数 (size)" in str(caught.value)
    assert caught.value.fix.startswith("rename 家庭人口 to 家庭人口数; add the column(s)")
    # region= stands in for 行政区划代码 only: the fix names it when that column is missing, and only then
    assert "region" not in caught.value.fix
    without = write_rows(tmp_path / "no-region.csv", [HEADER.replace("行政区划代码", "地区"), ROW])
    library = (
        "add the column(s); for 行政区划代码 you may instead pass region= (it picks the parameters of the households' "
    )
    library += "region)"
    with pytest.raises(MissingColumnError) as caught:
        open_rows(without)
    assert caught.value.fix.endswith(library)  # the library's parameter (it had named the command's --region CODE)
    for call in (
        lambda: Scorer().score(without, as_of=AS_OF),
        lambda: Scorer().score_file(without, tmp_path / "o.csv", as_of=AS_OF, errors=tmp_path / "e.csv"),
    ):
        with pytest.raises(MissingColumnError) as caught:
            call()
        assert caught.value.fix.endswith(library) and "--region" not in caught.value.fix
    # the command names its option, in either language
    run = run_cli("score", without, "--as-of", AS_OF, "--out", tmp_path / "o.csv", "--errors", tmp_path / "e.csv")
    assert run.code == 2 and run.err.rstrip().endswith("for 行政区划代码 you may instead pass --region CODE"), run.err


@pytest.mark.parametrize("colon", ["：", ":"])
def test_a_key_header_with_a_colon_after_it_names_the_rename_in_both_languages(colon: str, tmp_path: Path) -> None:
    """户编号： (a form's label copied as the header) found no header row, and the refusal said only that the
    header must include 户编号; now it names the rename, as a required column's refusal does, in Chinese too
    (the rename had no translation: a Chinese user read the whole refusal in English)."""
    from fanpin.messages import error_message

    source = write_rows(tmp_path / "in.csv", [HEADER.replace("户编号", f"户编号{colon}"), ROW])
    with pytest.raises(MissingColumnError) as caught:
        open_rows(source)
    assert caught.value.fix == f"rename 户编号{colon} to 户编号"
    assert f"请把 户编号{colon} 改名为 户编号" in error_message(caught.value, "zh")
    size = write_rows(tmp_path / "size.csv", [HEADER.replace("家庭人口数", "家庭人口数："), ROW])
    with pytest.raises(MissingColumnError) as caught:
        open_rows(size)
    assert "请把 家庭人口数： 改名为 家庭人口数；请补上这些列" in error_message(caught.value, "zh")


@pytest.mark.parametrize(
    ("written", "header"), [("户编码", "户编号"), ("户 编号", "户编号"), ("household id", "household_id")]
)
def test_a_misspelt_key_header_names_the_rename_in_a_table_and_an_export(
    written: str, header: str, tmp_path: Path
) -> None:
    """户编码 (or 户 编号) for 户编号 found no header row, and the refusal said only that the header must include
    户编号, where another required column's names the rename: now it names it too, in both languages, for a
    household table and for the person-level export (whose 户 编号 is read: its headers are read without spaces)."""
    from fanpin.messages import error_message

    source = write_rows(tmp_path / "in.csv", [HEADER.replace("户编号", written), ROW])
    with pytest.raises(MissingColumnError) as caught:
        open_rows(source)
    assert caught.value.message == "no header row naming 户编号 (household_id) was found"
    assert caught.value.fix == f"rename {written} to {header}"
    assert f"请把 {written} 改名为 {header}" in error_message(caught.value, "zh")
    lines = (EXAMPLES / "data" / "export-gbk.csv").read_text(encoding="gbk").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("县,"))
    lines[at] = lines[at].replace("户编号", written)
    export = write_rows(tmp_path / "export.csv", lines)
    run = score_file(export, tmp_path / "o.csv", tmp_path / "e.csv")
    if written == "户 编号":
        assert run.code == 3, run.err  # read: scored, its bad rows refused
    else:
        assert run.code == 2 and f"Fix: rename {written} to {header}" in run.err, run.err


def test_a_member_number_is_never_taken_for_a_misspelt_key() -> None:
    """人编号 is as close to 户编号 as 户编码 is, but it is the export's column of its own: never suggested."""
    from fanpin.io.readers import near_household_id

    assert near_household_id(["县", "人编号", "姓名", "户代码"]) is None
    assert near_household_id(["人编号", "户编码"]) == ("户编码", "户编号")


def test_a_frame_without_a_required_column_names_the_rename() -> None:
    """The host API's refusal of a table names the rename as the file's does."""
    frame = pl.DataFrame(
        {h: [v] for h, v in zip(HEADER.replace("工资性收入", "工资收入").split(","), ROW.split(","), strict=True)}
    )
    with pytest.raises(MissingColumnError) as caught:
        Scorer().score(frame, as_of=AS_OF)
    assert caught.value.fix.startswith("rename 工资收入 to 工资性收入; add the column(s)")


def test_a_misspelt_column_of_the_export_is_noted(engine_name: str, tmp_path: Path) -> None:
    """The person-level export: 健康情况 for 健康状况 leaves every member's health unknown (and every check
    that reads it not evaluable) unless the run says so."""
    lines = (EXAMPLES / "data" / "export-gbk.csv").read_text(encoding="gbk").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("县,"))
    lines[at] = lines[at].replace("健康状况", "健康情况")
    source = write_rows(tmp_path / "export.csv", lines)
    code, _, err = score_file(source, tmp_path / "out.csv", tmp_path / "errors.csv", "--engine", engine_name)
    assert code == 3, err  # the example export plants refused rows
    assert "fanpin: note: the column 健康情况 is not one fanpin reads; did you mean 健康状况 (health)?" in err


def test_a_missing_required_column_of_the_export_names_the_rename(tmp_path: Path) -> None:
    """The person-level export's refusal names the rename as the household table's does, before the fix
    it had alone; a header holding a phone number is not close to any column's (and would be masked)."""
    lines = (EXAMPLES / "data" / "export-gbk.csv").read_text(encoding="gbk").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("县,"))
    header = lines[at].replace("户类型", "户的类型").replace("工资性收入", "工资收入")
    lines[at] = header.replace("其他备注", "其他备注13812345678")
    source = write_rows(tmp_path / "export.csv", lines)
    with pytest.raises(MissingColumnError) as caught:
        open_either(source)
    assert "户类型 (household_kind), 工资性收入 (wage_income)" in str(caught.value)
    assert caught.value.fix.startswith("rename 户的类型 to 户类型; rename 工资收入 to 工资性收入; export the column(s)")
    assert "13812345678" not in caught.value.fix


def test_the_host_api_gives_the_notes_fanpin_score_prints(tmp_path: Path) -> None:
    """``Scorer.score`` of a frame or a file names the misspelt column in ``Scored.notes`` (the frame was
    scored with that column passed through unread, without a word); a table without one has no note."""
    header = [*HEADER.split(","), "合规自负支出"]
    frame = pl.DataFrame({h: [v] for h, v in zip(header, [*ROW.split(","), "30000"], strict=True)})
    scorer = Scorer()
    scored = scorer.score(frame, as_of=AS_OF)
    assert scored.scored.height == 1
    assert scored.notes == (misnamed_note("合规自负支出", "合规自付支出 (medical_out_of_pocket)"),)
    source = write_rows(tmp_path / "in.csv", [",".join(header), f"{ROW},30000"])
    assert scorer.score(source, as_of=AS_OF).notes == scored.notes
    plain = pl.DataFrame({h: [v] for h, v in zip(HEADER.split(","), ROW.split(","), strict=True)})
    assert scorer.score(plain, as_of=AS_OF).notes == ()
    # A column keep_columns cannot pass through is noted as the command notes it, naming the parameter.
    kept = scorer.score(plain, as_of=AS_OF, keep_columns=["户编号"])
    assert kept.notes == ("keep_columns: 户编号 is an output column already; it is not repeated",)


def test_every_column_can_be_named_in_a_note() -> None:
    """The note names the column it suggests by its header and English name; 人均纯收入（元）'s model field
    is reported_income_per_capita, and naming it crashed the run (exit 70) on a header close to it."""
    for name in set(ALIASES.values()):
        assert f"({name})" in misnamed_note("x", header_label(name))


def test_a_header_close_to_the_recorded_income_per_capita_is_noted(engine_name: str, tmp_path: Path) -> None:
    source = write_rows(tmp_path / "in.csv", [f"{HEADER},人均纯收入(元)", f"{ROW},7500"])
    code, _, err = score_file(source, tmp_path / "out.csv", tmp_path / "errors.csv", "--engine", engine_name)
    assert code == 0, err
    assert "did you mean 人均纯收入（元） (income_per_capita)?" in err


def test_a_derived_value_is_noted_as_derived_not_as_a_misspelling(engine_name: str, tmp_path: Path) -> None:
    """家庭纯收入 is computed by fanpin from the income items: a column of that name is passed through with a
    note saying so (it had been offered as a misspelling of another column), and the model says the same."""
    source = write_rows(tmp_path / "in.csv", [f"{HEADER},家庭纯收入", f"{ROW},30000"])
    code, _, err = score_file(source, tmp_path / "out.csv", tmp_path / "errors.csv", "--engine", engine_name)
    assert code == 0, err
    assert "the column 家庭纯收入 is a value fanpin derives from the other columns (net_income)" in err
    assert "did you mean" not in err
    record = dict(zip(HEADER.split(","), ROW.split(","), strict=True)) | {"家庭纯收入": "30000"}
    with pytest.raises(ValidationError, match=r"net_income \(家庭纯收入\) is derived by fanpin"):
        Household.model_validate(record)


def test_income_per_capita_without_its_unit_is_read_as_the_export_reads_it(engine_name: str, tmp_path: Path) -> None:
    """人均纯收入 (without （元）) is the recorded per-capita income in a table as in the person-level export:
    read, and compared with the income items by the audit check; it had been taken for a misspelt
    上年人均纯收入 (last year's), which would have put this year's income in last year's place."""
    source = write_rows(tmp_path / "in.csv", [f"{HEADER},人均纯收入", f"{ROW},7500"])
    out = tmp_path / "out.jsonl"
    code, _, err = score_file(source, out, tmp_path / "errors.csv", "--engine", engine_name, "--format", "jsonl")
    assert code == 0, err
    assert "人均纯收入" not in err  # no note: the column is read
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert "data.income_mismatch" in record["audit_findings"], record["audit_findings"]
    assert Household.model_validate({"人均纯收入": "7500", **dict(zip(HEADER.split(","), ROW.split(","), strict=True))})
