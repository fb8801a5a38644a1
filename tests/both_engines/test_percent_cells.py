"""A workbook cell formatted as a percentage (``0%``: the number 0.35 shown 35%) in a column fanpin reads is
refused naming the cell and what it shows, on both engines and in both languages: openpyxl gives the number,
and an amount the clerk saw (or typed) as 35% had been read as 0.35 元 without a word. In a column fanpin does
not read it is passed through as the cell shows it (``50%``), as a CSV saved from the sheet would hold it."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl.utils import get_column_letter

from fanpin.results.reasons import reason_text
from fanpin.synthetic import write_household_csv, write_person_export_csv
from tests.helpers import csv_workbook, read_csv, score_file

LANGS = pytest.mark.parametrize("lang", ["zh", "en"])


def _reason(cell: str, lang: str) -> str:
    return reason_text(
        f"cell {cell} is formatted as a percentage, and no amount, count or code is one: read as its number it "
        "would be a hundredth of what it shows; format the column as a number (数值 or 常规), check the values it "
        "shows, and save",
        lang,
    )


@LANGS
def test_a_household_table_refuses_a_percentage_where_it_reads_a_value(
    tmp_path: Path, engine_name: str, lang: str
) -> None:
    source = write_household_csv(tmp_path / "in.csv", 5)
    with source.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    rows[0].append("核对说明")
    for row in rows[1:]:
        row.append("")
    with source.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    cells: dict[tuple[int, str], tuple[float | str, str | None]] = {
        (2, "工资性收入"): (0.35, "0%"),
        (3, "家庭人口数"): (3, "0.0%"),
        (4, "核对说明"): (0.5, "0%"),  # a column fanpin does not read: passed through as shown
        (5, "工资性收入"): (8000, "0.00"),  # a number format without a %: read as before
    }
    workbook = csv_workbook(source, tmp_path / "in.xlsx", cells)
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    run = score_file(workbook, out, errors, "--engine", engine_name, "--lang", lang)
    assert run.code == 3, run.err
    scored = read_csv(out)
    assert [next(iter(r.values())) for r in scored] == [rows[3][0], rows[4][0], rows[5][0]]  # 户编号 first
    assert scored[0]["核对说明"] == "50%"
    refused = {int(r["line"]): r["reason"] for r in read_csv(errors)}
    wage, size = (get_column_letter(header.index(name) + 1) for name in ("工资性收入", "家庭人口数"))
    assert refused == {2: _reason(f"{wage}2 (35%)", lang), 3: _reason(f"{size}3 (300%)", lang)}
    # the errors file's column and value: the cell, as the sheet shows it
    told = [(r["household_id"], r["column"], r["value"]) for r in read_csv(errors)]
    assert told == [(rows[1][0], "工资性收入", "35%"), (rows[2][0], "家庭人口数", "300%")]


@LANGS
def test_an_export_refuses_the_member_row_of_a_percentage(tmp_path: Path, engine_name: str, lang: str) -> None:
    source = write_person_export_csv(tmp_path / "export.csv", 3)  # households: lines 4-7, 8-10, 11-13
    with source.open(encoding="utf-8-sig", newline="") as f:
        header = list(csv.reader(f))[2]
    amount = next(h for h in header if "工资性收入" in h)
    workbook = csv_workbook(source, tmp_path / "export.xlsx", {(9, amount): (12.5, "0.0%")}, header_line=3)
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    run = score_file(workbook, out, errors, "--engine", engine_name, "--lang", lang)
    assert run.code == 3, run.err
    refused = {int(r["line"]): r["reason"] for r in read_csv(errors)}
    assert refused[9] == _reason(f"{get_column_letter(header.index(amount) + 1)}9 (1250%)", lang)
    assert set(refused) == {8, 9, 10}  # its household's rows: not scored without it
    assert [(r["column"], r["value"]) for r in read_csv(errors) if r["line"] == "9"] == [(amount, "1250%")]
    assert len(read_csv(out)) == 2


def test_the_reason_is_told_in_chinese() -> None:
    assert _reason("I2 (35%)", "zh").startswith("单元格 I2 (35%) 的格式是百分比，而金额、人数和代码都不是百分比")
