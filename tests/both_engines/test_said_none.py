"""A cell that names something (a post, a kind of support) and holds a form's mark for "none" — a slash or a dash
alone (`-`, `/`, `——`), or 暂无 and 没有 — reads as the column's "none", as 无 there does and as such a cell lists
no measure in 已落实帮扶措施: 公益性岗位 in a person-level export holds no post, 到户产业帮扶类型 in a household
table is 无. Each had refused its row, and under an export the whole household. On both engines, CSV and .xlsx."""

from __future__ import annotations

from pathlib import Path

import pytest

from fanpin.model.household import IndustrySupport
from tests.helpers import HEADER, REGION, csv_workbook, export_checked, read_csv, run_cli, write_rows

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
