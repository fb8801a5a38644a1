"""A leading apostrophe in a code cell (户编号, 人编号, 证件号码, 户主证件号码, 行政区划代码: ``'532328…``, which some
tools write to keep a code as text) is not part of the value, as in Excel, which never takes it as one: the
code is read without it, on both engines, in a household table and in an export. It had made another 户编号
(a household's row with it a household of its own), an ID number flagged as invalid, and a region code
refused."""

from __future__ import annotations

import csv
from pathlib import Path

from fanpin import Household
from fanpin.model.columns import duplicate_reason
from fanpin.model.member import Member
from fanpin.model.values import code_text
from fanpin.results.reasons import reason_text
from tests.helpers import export_with_cells, read_csv, score_file, write_rows

_HEADER = "户编号,行政区划代码,户类型,家庭人口数,工资性收入,生产经营性收入,财产性收入,转移性收入,户主证件号码"
_ID = "532328198001011233"  # valid


def test_a_household_table_reads_codes_without_their_apostrophe(tmp_path: Path, engine_name: str) -> None:
    source = write_rows(
        tmp_path / "in.csv",
        [
            _HEADER,
            f"'H1,'532328,脱贫户,2,1000,0,0,0,'{_ID}",
            f"H2,532328,脱贫户,2,1000,0,0,0,{_ID}",
            "' H2,532328,脱贫户,2,1000,0,0,0,",  # the same 户编号: a duplicate
            "',532328,脱贫户,2,1000,0,0,0,",  # an apostrophe alone: no 户编号
        ],
    )
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    run = score_file(source, out, errors, "--engine", engine_name, "--lang", "en")
    assert run.code == 3, run.err
    scored = {r["household_id"]: r for r in read_csv(out)}
    assert list(scored) == ["H1", "H2"]
    assert scored["H1"]["flags"] == scored["H2"]["flags"]  # the ID number is valid: no data.id_number_invalid
    refused = {int(r["line"]): (r["column"], r["reason"]) for r in read_csv(errors)}
    assert refused == {
        4: ("户编号", reason_text(duplicate_reason("' H2", "H2", 3), "en")),  # read as H2; first on line 3
        5: ("户编号", "required value is empty: each household needs its household_id (户编号); fill it in"),
    }


def test_an_export_reads_codes_without_their_apostrophe(tmp_path: Path, engine_name: str) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    with export_with_cells(plain, {}).open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    person_11 = rows[10][rows[2].index("人编号")]
    cells = {
        (5, "户编号"): "'{}",  # one row of the household: it joins it, not a household of its own
        (4, "证件号码"): "'{}",
        (6, "人编号"): "'{}",
        **{(line, "行政区划代码"): "'532328" for line in (8, 9, 10)},
        (12, "人编号"): f"'{person_11}",  # the 人编号 of line 11: the same person listed twice
    }
    source = export_with_cells(tmp_path, cells)
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    run = score_file(source, out, errors, "--engine", engine_name, "--lang", "en")
    expected, expected_errors = tmp_path / "expected.csv", tmp_path / "expected-errors.csv"
    plain_run = score_file(plain / "export.csv", expected, expected_errors, "--engine", engine_name, "--lang", "en")
    assert plain_run.code == 0, plain_run.err
    assert run.code == 3, run.err
    scored = read_csv(out)
    assert scored == read_csv(expected)[:2]  # as without the apostrophes (the first two households)
    refused = {int(r["line"]): r["reason"] for r in read_csv(errors)}
    assert set(refused) == {11, 12, 13}
    assert refused[12] == "this member row has the 人编号 of line 11: the same person listed twice; delete one"


def test_the_models_read_codes_without_their_apostrophe() -> None:
    member = Member.model_validate(
        {"户编号": "'H1", "人编号": "'P1", "证件号码": f"'{_ID}", "行政区划代码": "'532328", "姓名": "'某"}
    )
    assert (member.household_id, member.person_id, member.region_code, member.id_valid) == ("H1", "P1", "532328", True)
    assert member.name is not None and member.name.reveal() == "'某"  # a name is no code: as written
    household = Household.model_validate(
        {"户编号": "'H1", "行政区划代码": "'532328", "户类型": "脱贫户", "家庭人口数": "1", "工资性收入": "0",
         "生产经营性收入": "0", "财产性收入": "0", "转移性收入": "0", "户主证件号码": f"'{_ID}"}
    )  # fmt: skip
    assert (household.household_id, household.region_code) == ("H1", "532328")
    assert household.id_number is not None and household.id_number.reveal() == _ID
    assert [code_text(t) for t in ("'123.0", "H'1", "''1")] == ["123", "H'1", "'1"]
