"""Words the national export writes for a coded column beside its usual one are read as that one:
在校生状况 高中一年级 (二、三年级) as 普通高中一年级, 文化程度 高职高专 as 大专 and 本科及研究生及以上 as
本科及以上, and a vocational secondary school (技校, 技工学校, 职高, 职业高中, 中职, 中等专科) as 高中, as 中专 is —
on both engines, CSV and .xlsx, with the same findings of the data checks as the usual word. A household with
one of them had been refused whole (`不是可识别的值`), and none of its checks ran. 技师, a qualification and no
level of schooling, is refused, its reason listing the levels and the fix in English and Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import csv_workbook, export_checked, export_with_cells, read_csv, run_cli

VARIANTS = {
    (5, "在校生状况"): ("高中一年级", "普通高中一年级"),
    (9, "在校生状况"): ("高中三年级", "普通高中三年级"),
    (10, "文化程度"): ("高职高专", "大专"),
    (12, "文化程度"): ("本科及研究生及以上", "本科及以上"),
    # vocational secondary schools: senior-secondary, as 中专 is
    (4, "文化程度"): ("技校", "高中"),
    (6, "文化程度"): ("技工学校", "高中"),
    (7, "文化程度"): ("职高", "高中"),
    (8, "文化程度"): ("职业高中", "高中"),
    (11, "文化程度"): ("中职", "高中"),
    (13, "文化程度"): ("中等专科", "高中"),
}


def _score(
    folder: Path, column: int, engine_name: str, suffix: str = ".csv"
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    return export_checked(folder, {cell: words[column] for cell, words in VARIANTS.items()}, engine_name, suffix)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_the_variant_words_are_read_as_the_usual_ones(tmp_path: Path, engine_name: str, suffix: str) -> None:
    rejected, findings = _score(tmp_path / "variants", 0, engine_name, suffix)
    assert rejected == []
    _, usual = _score(tmp_path / "usual", 1, engine_name, suffix)
    assert findings == usual
    # line 9: a 脱贫户's member born in 1969, recorded in 高中三年级
    assert {"3_01_003", "5_17_004"} <= {row["疑点代码"] for row in findings if row["行号"] == "9"}


#: The refusal of 技师 in 文化程度, in each language: the levels it takes, and the fix.
NOT_EDUCATION = {
    "en": (
        "not a level of schooling; write the highest level completed, one of 文盲或半文盲, 小学, 初中, 高中, 大专, "
        "本科及以上 (a vocational school, 技校, 职高 or 中职, is 高中; a qualification such as 技师 is not a level of "
        "schooling)"
    ),
    "zh": (
        "不是文化程度；请填写已完成的最高学历，应为以下之一：文盲或半文盲、小学、初中、高中、大专、本科及以上"
        "（技校、职高、中职等职业学校填 高中；技师等职业资格不是文化程度）"
    ),
}


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_qualification_is_no_level_of_schooling(tmp_path: Path, engine_name: str, suffix: str, lang: str) -> None:
    """文化程度 技师 (a technician's qualification) is no level of schooling: its member row is refused, the reason
    naming the levels 文化程度 takes and what to write (a vocational school is 高中; a qualification is none). It
    had been told only that it was no known value."""
    source = export_with_cells(tmp_path, {(5, "文化程度"): "技师"})
    if suffix == ".xlsx":
        source = csv_workbook(source, source.with_suffix(".xlsx"))
    errors = tmp_path / "errors.csv"
    run = run_cli("score", source, "--as-of", "2025-06-30", "--region", "532328", "--engine", engine_name,
                  "--lang", lang, "--out", tmp_path / "out.csv", "--errors", errors)  # fmt: skip
    assert run.code == 3, run.err
    refused = [(row["line"], row["column"], row["reason"]) for row in read_csv(errors) if row["column"]]
    assert refused == [("5", "文化程度", NOT_EDUCATION[lang])]
