"""Words the national export writes for a coded column beside its usual one are read as that one:
在校生状况 高中一年级 (二、三年级) as 普通高中一年级, 文化程度 高职高专 as 大专 and 本科及研究生及以上 as
本科及以上 — on both engines, with the same findings of the data checks as the usual word. A household
with one of them had been refused whole (`不是可识别的值`), and none of its checks ran."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import export_with_cells, read_csv, run_cli

VARIANTS = {
    (5, "在校生状况"): ("高中一年级", "普通高中一年级"),
    (9, "在校生状况"): ("高中三年级", "普通高中三年级"),
    (10, "文化程度"): ("高职高专", "大专"),
    (12, "文化程度"): ("本科及研究生及以上", "本科及以上"),
}


def _score(folder: Path, column: int, engine_name: str) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    folder.mkdir()
    source = export_with_cells(folder, {cell: words[column] for cell, words in VARIANTS.items()})
    run = run_cli(
        "score", source, "--as-of", "2025-06-30", "--region", "532328", "--checks", "with", "--engine", engine_name,
        "--out", folder / "out.csv", "--errors", folder / "errors.csv", "--findings", folder / "findings.csv",
    )  # fmt: skip
    assert run.code == 0, run.err
    written = ("填报值", "判断依据")  # the word as written, and the sentence quoting it
    rows = read_csv(folder / "findings.csv", ids=False)
    findings = [{k: v for k, v in row.items() if k not in written} for row in rows]
    return read_csv(folder / "errors.csv"), findings


def test_the_variant_words_are_read_as_the_usual_ones(tmp_path: Path, engine_name: str) -> None:
    rejected, findings = _score(tmp_path / "variants", 0, engine_name)
    assert rejected == []
    _, usual = _score(tmp_path / "usual", 1, engine_name)
    assert findings == usual
    # line 9: a 脱贫户's member born in 1969, recorded in 高中三年级
    assert {"3_01_003", "5_17_004"} <= {row["疑点代码"] for row in findings if row["行号"] == "9"}
