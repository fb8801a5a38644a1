"""A cell of measures holding a number — a count of the measures (`2`, `3`), written where their names belong — is
refused, naming the column and the value, with the fix: write the measures' names, separated by 、 or ；. In a
household table's 已落实帮扶措施 it had been one measure in place (so `audit.no_measure` was silent on a household
whose measures no one named), and in a measure column of a person-level export (产业帮扶 …) a label named `2`, the
column counted among the household's measures. Both engines, CSV and .xlsx, English and Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import HEADER, REGION, csv_workbook, export_with_cells, read_csv, run_cli, write_rows

NUMBER_EN = (
    "a number is not the name of a measure (a count of the measures names none of them): write the measures' names, "
    "separated by 、 or ；"
)
NUMBER_ZH = "是数字，不是帮扶措施的名称（措施的项数说明不了是哪些措施）：请填写各项措施的名称，用“、”或“；”分隔"


def _refused(source: Path, engine_name: str, lang: str) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """The scored rows and the errors file of ``fanpin score`` of ``source`` in ``lang``."""
    out, errors = source.parent / f"{lang}.out.csv", source.parent / f"{lang}.errors.csv"
    run = run_cli("score", source, "--as-of", "2025-06-30", "--region", REGION, "--engine", engine_name,
                  "--lang", lang, "--out", out, "--errors", errors)  # fmt: skip
    assert run.code == 3, run.err
    return read_csv(out), read_csv(errors)


#: 已落实帮扶措施 holding a number: a count, one beside a measure, in full-width digits, a fraction; and cells that
#: stay read (0 is none, 3项 a measure's text).
NUMBERS = ["2", " 3 ", "产业帮扶、2", "\uff12", "0.5"]
READ = ["0", "无", "产业帮扶；就业帮扶", "3项"]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_count_in_measures_in_place_is_refused_naming_the_cell(tmp_path: Path, engine_name: str, suffix: str) -> None:
    written = [*NUMBERS, *READ]
    rows = [f"{HEADER},已落实帮扶措施", *(
        f"H{n},532328,脱贫户,2,1000,0,0,0,note {n},{text}" for n, text in enumerate(written, start=1)
    )]  # fmt: skip
    source = write_rows(tmp_path / "t.csv", rows)
    if suffix == ".xlsx":
        source = csv_workbook(source, source.with_suffix(".xlsx"))
    for lang, reason in (("en", NUMBER_EN), ("zh", NUMBER_ZH)):
        scored, errors = _refused(source, engine_name, lang)
        assert [(e["line"], e["household_id"], e["column"], e["value"], e["reason"]) for e in errors] == [
            (str(n), f"H{n - 1}", "已落实帮扶措施", text, reason) for n, text in enumerate(NUMBERS, start=2)
        ]
        assert [s["household_id"] for s in scored] == [f"H{n}" for n in range(len(NUMBERS) + 1, len(written) + 1)]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_count_in_an_exports_measure_column_refuses_its_member_row(
    tmp_path: Path, engine_name: str, suffix: str
) -> None:
    """产业帮扶 `2` on a member row (line 5) and 就业帮扶 `技能培训、3` on another household's (line 9): each member
    row is refused for its cell, and the rest of its household with it; the third household is scored."""
    source = export_with_cells(tmp_path, {(5, "产业帮扶"): "2", (9, "就业帮扶"): "技能培训、3"})
    if suffix == ".xlsx":
        source = csv_workbook(source, source.with_suffix(".xlsx"))
    for lang, reason in (("en", NUMBER_EN), ("zh", NUMBER_ZH)):
        scored, errors = _refused(source, engine_name, lang)
        cells = [(e["line"], e["column"], e["value"], e["reason"]) for e in errors if e["column"]]
        assert cells == [("5", "产业帮扶", "2", reason), ("9", "就业帮扶", "技能培训、3", reason)]
        assert sorted(int(e["line"]) for e in errors) == list(range(4, 11))  # the two households' rows
        assert len(scored) == 1
