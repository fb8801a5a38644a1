"""Column names on two rows, as clerks lay sheets out: a title over a group of columns (收入情况 over
工资性收入, 生产经营性收入, …) with the other names merged down over both rows. Such a file had been
refused for "required column(s) missing" (the group's names stood on the row after the header), and an
export whose member columns were grouped so was taken for a household table.

Each file is scored as the same table with a one-row header: the same output, and the errors file's
lines one further down (the lines are the file's own).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import Workbook

from fanpin.io import is_export_file
from fanpin.io.readers import two_row_header
from fanpin.model.columns import ALIASES, HEADER_AGAIN
from fanpin.model.export_columns import export_field
from fanpin.results.reasons import reason_text
from tests.helpers import HEADER, ROW, read_csv, score_file

HEADER_AGAIN_EN = reason_text(HEADER_AGAIN, "en")
GROUP = ("工资性收入", "生产经营性收入", "财产性收入", "转移性收入")
TITLE = "收入情况（元）"


def two_rows(header: list[str], group: tuple[str, ...] = GROUP) -> tuple[list[str], list[str]]:
    """``header`` written on two rows: ``group``'s names under :data:`TITLE`, the others on the first row
    (as a CSV saved from a sheet whose other names are merged down holds them: in the top cell only)."""
    top = ["" if h in group else h for h in header]
    top[header.index(group[0])] = TITLE
    return top, [h if h in group else "" for h in header]


def as_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as text:
        csv.writer(text, lineterminator="\n").writerows(rows)
    return path


def as_xlsx(path: Path, titles: list[list[str]], top: list[str], below: list[str], data: list[list[str]]) -> Path:
    """A workbook as Excel saves merged cells: each name outside the group (side by side) merged down over
    both rows, the title across the group; a merged range keeps its value in its top-left cell only."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [*titles, top, below, *data]:
        sheet.append(row)
    first = len(titles) + 1
    grouped = [i + 1 for i, cell in enumerate(below) if cell]
    for column, name in enumerate(top, start=1):
        if column not in grouped and name:
            sheet.merge_cells(start_row=first, start_column=column, end_row=first + 1, end_column=column)
    sheet.merge_cells(start_row=first, start_column=grouped[0], end_row=first, end_column=grouped[-1])
    book.save(path)
    return path


def table_rows() -> tuple[list[str], list[list[str]]]:
    header = HEADER.split(",")
    data = [ROW.format(n=n, wage=wage).split(",") for n, wage in enumerate([1000, 90000, "1x00", 2500, 0])]
    return header, data


def scored(source: Path, folder: Path, *options: str) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    out, errors = folder / f"{source.name}.out.csv", folder / f"{source.name}.errors.csv"
    run = score_file(source, out, errors, "--lang", "en", *options)
    assert run.code in (0, 3), run.err
    return read_csv(out), read_csv(errors)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_household_table_with_grouped_columns(engine_name: str, suffix: str, tmp_path: Path) -> None:
    header, data = table_rows()
    plain = as_csv(tmp_path / "plain.csv", [header, *data])
    top, below = two_rows(header)
    if suffix == ".csv":
        grouped = as_csv(tmp_path / "grouped.csv", [top, below, *data])
    else:
        grouped = as_xlsx(tmp_path / "grouped.xlsx", [], top, below, data)
    expected, expected_errors = scored(plain, tmp_path, "--engine", engine_name)
    got, errors = scored(grouped, tmp_path, "--engine", engine_name)
    assert got == expected and len(got) == 4
    assert [r["line"] for r in expected_errors] == ["4"]
    assert [{**r, "line": str(int(r["line"]) - 1)} for r in errors] == expected_errors  # one row further down


def test_english_names_over_the_chinese_ones(engine_name: str, tmp_path: Path) -> None:
    header, data = table_rows()
    english = [ALIASES.get(h, h) for h in header]
    plain = as_csv(tmp_path / "plain.csv", [header, *data])
    both = as_csv(tmp_path / "both.csv", [english, header, *data])
    expected, expected_errors = scored(plain, tmp_path, "--engine", engine_name)
    got, errors = scored(both, tmp_path, "--engine", engine_name)
    assert got == expected
    assert [{**r, "line": str(int(r["line"]) - 1)} for r in errors] == expected_errors


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_an_export_whose_member_columns_are_grouped(suffix: str, tmp_path: Path) -> None:
    """证件号码 and 与户主关系 under a title (成员信息): the file is still told for an export by its header."""
    from fanpin.synthetic import write_person_export_csv

    source = write_person_export_csv(tmp_path / "export.csv", 40, seed=5)
    with source.open(encoding="utf-8-sig", newline="") as text:
        lines = list(csv.reader(text))
    at = next(i for i, row in enumerate(lines) if "户编号" in row)
    titles, header, data = lines[:at], lines[at], lines[at + 1 :]
    top, below = two_rows(header, tuple(header[header.index("姓名") : header.index("与户主关系") + 1]))
    if suffix == ".csv":
        grouped = as_csv(tmp_path / "grouped.csv", [*titles, top, below, *data])
    else:
        grouped = as_xlsx(tmp_path / "grouped.xlsx", titles, top, below, data)
    assert is_export_file(grouped)
    options = ("--region", "532328", "--checks", "with")
    expected, _ = scored(source, tmp_path, *options)
    assert scored(grouped, tmp_path, *options)[0] == expected and len(expected) == 40


def test_a_row_of_data_is_not_taken_for_a_second_header_row() -> None:
    header = HEADER.split(",")
    # a first member row without its 户编号 (refused in its place) names no column
    keyless = ["", "532328", "脱贫户", "2", "1000", "0", "0", "0", "工资"]
    assert two_row_header(header, keyless, ALIASES.get) is None
    # a row naming a column, but a household under 户编号: data (its remark names a column)
    assert two_row_header(header, ["H1", "532328", "", "", "", "", "", "", "工资性收入"], ALIASES.get) is None
    # the header again (two files joined, the first without rows): refused later as the header repeated
    assert two_row_header(header, header, ALIASES.get) is None
    # the export's names are matched as the export matches them (spaces, half-width brackets)
    top = ["户编号", "成员信息", "", "人均纯收入（元）"]
    assert two_row_header(top, ["", "证件 号码", "与户主关系", ""], export_field) == [
        "户编号",
        "证件 号码",
        "与户主关系",
        "人均纯收入（元）",
    ]


def test_two_files_joined_each_with_its_header_on_two_rows(engine_name: str, tmp_path: Path) -> None:
    """The second file's two header rows are refused as the header repeated. They had been read as rows of
    data (the second one, without 户编号, as an export's member row refusing the household beside it)."""
    header, data = table_rows()
    top, below = two_rows(header)
    first = as_csv(tmp_path / "first.csv", [top, below, *data[:2]])
    joined = as_csv(tmp_path / "joined.csv", [top, below, *data[:2], top, below, *data[3:]])
    expected, _ = scored(as_csv(tmp_path / "plain.csv", [header, *data[:2], *data[3:]]), tmp_path)
    got, errors = scored(joined, tmp_path, "--engine", engine_name)
    assert got == expected and len(scored(first, tmp_path)[0]) == 2
    assert [(r["line"], r["reason"]) for r in errors] == [(line, HEADER_AGAIN_EN) for line in ("5", "6")]


def test_two_exports_joined_each_with_its_header_on_two_rows(tmp_path: Path) -> None:
    from fanpin.synthetic import write_person_export_csv

    source = write_person_export_csv(tmp_path / "export.csv", 6, seed=5)
    with source.open(encoding="utf-8-sig", newline="") as text:
        lines = list(csv.reader(text))
    at = next(i for i, row in enumerate(lines) if "户编号" in row)
    header, data = lines[at], lines[at + 1 :]
    top, below = two_rows(header, tuple(header[header.index("姓名") : header.index("与户主关系") + 1]))
    ids = [row[header.index("户编号")] for row in data]
    cut = ids.index(list(dict.fromkeys(ids))[3])  # the fourth household's first row
    joined = as_csv(tmp_path / "joined.csv", [top, below, *data[:cut], top, below, *data[cut:]])
    got, errors = scored(joined, tmp_path, "--region", "532328", "--checks", "with")
    assert len(got) == 6  # the household after the second header is scored, not refused beside it
    assert [(r["line"], r["reason"]) for r in errors] == [(str(line), HEADER_AGAIN_EN) for line in (cut + 3, cut + 4)]


def test_a_first_row_without_its_id_whose_remark_names_a_column(engine_name: str, tmp_path: Path) -> None:
    """The first row of data has no 户编号 and its 备注 happens to be a column's name: it is a row of data
    (its values stand under the names 户类型, 家庭人口数, …), refused for its empty 户编号, and the other rows
    are scored. It had been read as the header's second row, its values as column names: the whole file was
    refused (columns 6 and 7, 0 and 0, the same column)."""
    header, data = table_rows()
    keyless = ["", "532328", "脱贫户", "3", "1000", "0", "0", "0", "家庭人口数"]
    assert two_row_header(header, keyless, ALIASES.get) is None
    # a row of nothing but that remark: its name is one the header has, so the row names no column anew
    assert two_row_header(header, ["", "", "", "", "", "", "", "", "工资性收入"], ALIASES.get) is None
    source = as_csv(tmp_path / "keyless.csv", [header, keyless, *data])
    got, errors = scored(source, tmp_path, "--engine", engine_name)
    assert [r["household_id"] for r in got] == ["H0", "H1", "H3", "H4"]
    assert [(r["line"], r["column"]) for r in errors] == [("2", "户编号"), ("5", "工资性收入")]
