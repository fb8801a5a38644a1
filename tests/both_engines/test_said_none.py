"""A cell that names something (a post, a kind of support) and holds a form's mark for "none" — a slash or a dash
alone (`-`, `/`, `——`), or 暂无 and 没有 — reads as the column's "none", as 无 there does and as such a cell lists
no measure in 已落实帮扶措施: 公益性岗位 in a person-level export holds no post, 到户产业帮扶类型 in a household
table is 无. Each had refused its row, and under an export the whole household. On both engines, CSV and .xlsx."""

from __future__ import annotations

from pathlib import Path

import pytest

from fanpin.model.household import IndustrySupport
from tests.helpers import HEADER, REGION, TABLE_NONE_SAID, csv_workbook, export_checked, read_csv, run_cli, write_rows

#: The member rows given a mark in 公益性岗位 (line 9: a 脱贫户's member, whose months are given too).
POST_MARKS = {5: "-", 9: "\uff0f", 12: "——", 13: "/"}


def _findings(folder: Path, post: dict[int, str], suffix: str, engine_name: str) -> tuple[list[dict[str, str]], ...]:
    """The errors and the findings (the data checks) of an export whose 公益性岗位 cells are ``post``."""
    cells = {(line, "公益性岗位"): text for line, text in post.items()} | {(9, "公益性岗位(月数)"): "6"}
    return export_checked(folder, cells, engine_name, suffix)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_public_welfare_post_written_as_a_dash_or_a_slash_is_no_post(
    tmp_path: Path, engine_name: str, suffix: str
) -> None:
    """公益性岗位 `-`, a full-width `/`, `——` or `/` had refused the member's row, and with it the household
    (while 无 and 暂无 were read as no post). It is no post, as 否 is: the same findings, 3_01_005 among them
    (months of a post given for a 脱贫户's member without a post)."""
    rejected, findings = _findings(tmp_path / "marks", POST_MARKS, suffix, engine_name)
    assert rejected == []
    _, usual = _findings(tmp_path / "no", dict.fromkeys(POST_MARKS, "否"), suffix, engine_name)
    assert findings == usual
    assert "3_01_005" in {row["疑点代码"] for row in findings if row["行号"] == "9"}


#: 到户产业帮扶类型 as a form may write "none" beside 无.
SUPPORT_NONE = ["-", "\uff0f", "——", "暂无", "没有。"]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_no_industry_support_written_as_a_dash_or_zanwu_is_wu(tmp_path: Path, engine_name: str, suffix: str) -> None:
    """A household table's 到户产业帮扶类型 `-`, a full-width `/`, `——`, 暂无 or 没有。 was refused (`not a known
    value`), where 无 is read. It is 无 (no industry support), as the row reader and the batch validator read it:
    the table scores as the one writing 无."""

    def scored(folder: Path, written: list[str]) -> tuple[list[dict[str, str]], list[dict[str, str]], Path]:
        folder.mkdir()
        rows = [f"{HEADER},到户产业帮扶类型,有产业发展意愿", *(
            f"H{n},532328,脱贫户,2,1000,0,0,0,note {n},{text},是" for n, text in enumerate(written, start=1)
        )]  # fmt: skip
        source = write_rows(folder / "t.csv", rows)
        if suffix == ".xlsx":
            source = csv_workbook(source, source.with_suffix(".xlsx"))
        out, errors = folder / "out.csv", folder / "errors.csv"
        run = run_cli("score", source, "--as-of", "2025-06-30", "--region", REGION, "--engine", engine_name,
                      "--out", out, "--errors", errors)  # fmt: skip
        assert run.code == 0, run.err
        return read_csv(out), read_csv(errors), source

    marks, rejected, source = scored(tmp_path / "marks", SUPPORT_NONE)
    assert rejected == []
    usual, _, _ = scored(tmp_path / "wu", ["无"] * len(SUPPORT_NONE))
    assert marks == usual
    from fanpin.io import ReadRow, read_households

    read = [r.household.industry_support for r in read_households(source, region=REGION)[1] if isinstance(r, ReadRow)]
    assert read == [IndustrySupport.NONE] * len(SUPPORT_NONE)


#: A person-level export's cells (line, header) for :func:`test_none_said_where_empty_means_none_is_empty`: the
#: second household (lines 8-10, 脱贫户) monitored, at risk 其他 and 因自然灾害, its first member without a phone.
MONITORED = {
    **{(line, "监测对象类别"): "脱贫不稳定户" for line in (8, 9, 10)},
    **{(line, "识别监测时间"): "202304" for line in (8, 9, 10)},
    **{(line, "致贫/返贫风险1"): "其他" for line in (8, 9, 10)},
    **{(line, "致贫/返贫风险2"): "因自然灾害" for line in (8, 9, 10)},
    (8, "家庭成员联系电话"): "",
}
#: The cells of the columns whose empty means none given a word or a mark for none (empty, in the usual export):
#: 务工所在地 of the monitored household's member without a phone, its 其他备注 and 因自然灾害子项 (each rule reading
#: them asks whether they are empty), a 一般农户 (lines 4-7) written as not monitored and without risks, a member's
#: 在校生状况, 义务教育阶段未上学原因 and 就业渠道.
SAID_NONE = {
    (8, "务工所在地"): "无",
    **{(line, "其他备注"): "-" for line in (8, 9, 10)},
    **{(line, "因自然灾害子项"): "暂无" for line in (8, 9, 10)},
    **{(line, "致贫/返贫风险3"): "\uff0f" for line in (8, 9, 10)},
    **{(line, "监测对象类别"): "无" for line in (4, 5, 6, 7)},
    **{(line, "识别监测时间"): "-" for line in (4, 5, 6, 7)},
    **{(line, "风险消除方式"): "暂无" for line in (4, 5, 6, 7)},
    **{(line, "消除监测时间"): "\uff0f" for line in (4, 5, 6, 7)},
    **{(line, f"致贫/返贫风险{n}"): "没有" for line in (4, 5, 6, 7) for n in range(1, 6)},
    (4, "在校生状况"): "无",
    (4, "义务教育阶段未上学原因"): "——",
    (5, "就业渠道（易地搬迁后扶使用）"): "无。",
}


def test_none_said_where_empty_means_none_is_empty(tmp_path: Path, engine_name: str) -> None:
    """A person-level export's column whose empty cell means none (not working away, not monitored, no second
    risk, no remark) reads 无, 暂无, 没有, a slash or a dash alone as empty. 务工所在地 无 had been a place: its member
    working away, reported by 2_12_007 (no mobile phone) and 5_01_005 (no county), and 其他备注 `-` a remark, so
    the checks asking for an empty one were silent; 监测对象类别, the risks, 风险消除方式, the months and 在校生状况
    refused the household. The same findings as with those cells empty, on both engines."""
    rejected, findings = export_checked(tmp_path / "said", MONITORED | SAID_NONE, engine_name)
    assert rejected == []
    _, usual = export_checked(tmp_path / "empty", MONITORED | dict.fromkeys(SAID_NONE, ""), engine_name)
    assert findings == usual
    on_line_8 = {row["疑点代码"] for row in findings if row["行号"] == "8"}
    assert on_line_8.isdisjoint({"2_12_007", "5_01_005"})
    assert {"2_11_004", "2_11_005"} <= on_line_8  # risk 其他 without a remark, 因自然灾害 without its kind
    # the monitored household's member at work elsewhere with a mobile phone: reported by neither either
    assert {row["疑点代码"] for row in findings if row["行号"] == "9"}.isdisjoint({"2_12_007", "5_01_005"})


def test_a_household_table_reads_none_said_where_empty_means_none_as_empty(tmp_path: Path, engine_name: str) -> None:
    """In a household table too, 监测对象类别 无 is a household not monitored, as an empty one, and the risks,
    风险消除方式 and the two months read a word or a mark for none as empty: each had refused the row (`not a known
    value`, `not a month`). The same scores as with the cells empty, on both engines. A 监测户 whose 监测对象类别 is
    无 says no more than an empty one: refused, naming the category as written."""

    def scored(folder: Path, cells: dict[str, str]) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
        folder.mkdir()
        header = f"{HEADER},{','.join(TABLE_NONE_SAID)}"
        rows = [f"H{n},532328,{kind},2,1000,0,0,0,note {n},{','.join(cells.values())}"
                for n, kind in enumerate(["脱贫户", "一般农户", "一般户"], start=1)]  # fmt: skip
        source = write_rows(folder / "t.csv", [header, *rows])
        out, errors = folder / "out.csv", folder / "errors.csv"
        run = run_cli("score", source, "--as-of", "2025-06-30", "--region", REGION, "--engine", engine_name,
                      "--out", out, "--errors", errors)  # fmt: skip
        assert run.code == 0, run.err
        return read_csv(out), read_csv(errors)

    said, rejected = scored(tmp_path / "said", TABLE_NONE_SAID)
    assert rejected == []
    assert said == scored(tmp_path / "empty", dict.fromkeys(TABLE_NONE_SAID, ""))[0]
    assert all(row["household_id"] for row in said) and len(said) == 3
    source = write_rows(tmp_path / "monitored.csv", [HEADER.replace("户类型", "户类型,监测对象类别"),
                                                     "H1,532328,监测户,无,2,1000,0,0,0,note"])  # fmt: skip
    run = run_cli("score", source, "--as-of", "2025-06-30", "--region", REGION, "--engine", engine_name, "--lang",
                  "en", "--out", tmp_path / "m.csv", "--errors", tmp_path / "m-errors.csv")  # fmt: skip
    assert run.code == 3, run.err
    [refused] = read_csv(tmp_path / "m-errors.csv")
    assert refused["value"] == "无"
    assert "监测户 with monitoring_category (监测对象类别) 无 does not say" in refused["reason"]
