"""An .xlsx date cell holding a time of day other than midnight (``2025-03-31 09:30``) is read as the text a
CSV saved from the sheet holds, ``2025-03-31 09:30:00``, and refused the same way (a date or month column
holds the day alone), on both engines, in a household table and in a person-level export. It had been read
as its date and scored. A midnight, to the second as Excel shows a time (a serial's float error around it
included), is the date. A Parquet or DataFrame datetime is still read as its date (README "Input")."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import openpyxl

from fanpin.io.readers import sheet_datetime_text
from fanpin.synthetic import write_person_export_csv
from tests.helpers import read_csv, score_file, write_rows

_HEADER = ["户编号", "行政区划代码", "户类型", "家庭人口数", "工资性收入", "生产经营性收入", "财产性收入", "转移性收入",
           "识别监测时间", "贷款到期日"]  # fmt: skip
_PLAIN = ["532328101203", "脱贫户", 4, 1, 1, 1, 1]
_SERIAL_DAY = 45031  # 2023-04-15 in the 1900 system
_SECOND = 1 / 86400


def _table(tmp_path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.create_sheet("表", 0)
    sheet.append(_HEADER)
    sheet.append(["H1", *_PLAIN, datetime(2023, 4, 15, 9, 30), datetime(2025, 3, 31)])  # a month with a time
    sheet.append(["H2", *_PLAIN, datetime(2023, 4, 15), datetime(2025, 3, 31, 9, 30)])  # a date with a time
    sheet.append(["H3", *_PLAIN, datetime(2023, 4, 15), datetime(2025, 3, 31)])  # midnights: dates
    # serials next to a midnight (a formula's float error), formatted as dates: the midnight they are next to
    sheet.append(["H4", *_PLAIN, _SERIAL_DAY + 0.4 * _SECOND, _SERIAL_DAY + 1 - 0.4 * _SECOND])
    sheet.append(["H5", *_PLAIN, _SERIAL_DAY, _SERIAL_DAY + _SECOND])  # a second after midnight: a time
    for row in (5, 6):
        for column in ("I", "J"):
            sheet[f"{column}{row}"].number_format = "yyyy-mm-dd hh:mm:ss"
    source = tmp_path / "in.xlsx"
    book.save(source)
    return source


def test_a_household_tables_date_cell_with_a_time_is_refused_as_in_a_csv(tmp_path: Path, engine_name: str) -> None:
    source = _table(tmp_path)
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    run = score_file(source, out, errors, "--engine", engine_name, "--lang", "en", "--keep-columns", "贷款到期日")
    assert run.code == 3, run.err
    scored = {r["household_id"]: r for r in read_csv(out)}
    assert list(scored) == ["H3", "H4"]
    assert scored["H4"]["贷款到期日"] == "2023-04-16"  # 23:59:59.6 is shown as the next midnight
    refused = [(r["line"], r["household_id"], r["column"], r["value"], r["reason"]) for r in read_csv(errors)]
    # the same cells in a CSV, as Excel saves them: refused with the same reasons
    csv_source = write_rows(
        tmp_path / "in.csv",
        [
            ",".join(_HEADER),
            "H1,532328101203,脱贫户,4,1,1,1,1,2023-04-15 09:30:00,2025-03-31",
            "H2,532328101203,脱贫户,4,1,1,1,1,2023-04-15,2025-03-31 09:30:00",
            "H3,532328101203,脱贫户,4,1,1,1,1,2023-04-15,2025-03-31",
            "H4,532328101203,脱贫户,4,1,1,1,1,2023-04-15 00:00:00,2023-04-16 00:00:00",
            "H5,532328101203,脱贫户,4,1,1,1,1,2023-04-15,2023-04-15 00:00:01",
        ],
    )
    csv_out, csv_errors = tmp_path / "co.csv", tmp_path / "ce.csv"
    csv_run = score_file(csv_source, csv_out, csv_errors, "--engine", engine_name, "--lang", "en")
    assert csv_run.code == 3, csv_run.err
    as_in_csv = [(r["line"], r["household_id"], r["column"], r["value"], r["reason"]) for r in read_csv(csv_errors)]
    assert as_in_csv == refused
    assert [(line, column, value) for line, _, column, value, _ in refused] == [
        ("2", "识别监测时间", "2023-04-15 09:30:00"),
        ("3", "贷款到期日", "2025-03-31 09:30:00"),
        ("6", "贷款到期日", "2023-04-15 00:00:01"),
    ]
    assert refused[0][4].startswith("a date or month with a time of day: a month column")
    assert refused[1][4].startswith("a date with a time of day: a date column")


def test_a_date_cell_whose_format_shows_the_day_alone_is_that_day(tmp_path: Path, engine_name: str) -> None:
    """A date and time in a cell formatted to show the day alone (``yyyy-mm-dd``, ``yyyy"年"m"月"d"日"``, the
    built-in 14) is shown by Excel and WPS, and saved to CSV, as that day: it is read as the day, where a format
    that shows the time (``yyyy-mm-dd hh:mm``) has its row refused as that CSV's cell is."""
    book = openpyxl.Workbook()
    sheet = book.create_sheet("表", 0)
    sheet.append(_HEADER)
    formats = {"H1": "yyyy-mm-dd", "H2": 'yyyy"年"m"月"d"日"', "H3": "mm-dd-yy", "H4": "yyyy-mm-dd hh:mm"}
    for row, (household, shown) in enumerate(formats.items(), start=2):
        sheet.append([household, *_PLAIN, datetime(2023, 4, 15, 9, 30), datetime(2025, 3, 31, 23, 59, 59)])
        for column in ("I", "J"):
            sheet[f"{column}{row}"].number_format = shown
    source = tmp_path / "in.xlsx"
    book.save(source)
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    run = score_file(source, out, errors, "--engine", engine_name, "--lang", "en", "--keep-columns", "贷款到期日")
    assert run.code == 3, run.err
    scored = {r["household_id"]: r["贷款到期日"] for r in read_csv(out)}
    assert scored == {"H1": "2025-03-31", "H2": "2025-03-31", "H3": "2025-03-31"}
    assert [(r["household_id"], r["column"], r["value"]) for r in read_csv(errors)] == [
        ("H4", "识别监测时间", "2023-04-15 09:30:00"), ("H4", "贷款到期日", "2025-03-31 23:59:59")
    ]  # fmt: skip


def _export_xlsx(tmp_path: Path, cells: dict[tuple[int, str], object], name: str) -> Path:
    """The synthetic export of 3 households (lines 4-7, 8-10, 11-13) as an .xlsx sheet, ``cells`` ((line,
    header) → value) written over it."""
    source = write_person_export_csv(tmp_path / f"{name}.csv", 3)
    with source.open(encoding="utf-8-sig", newline="") as f:
        rows: list[list[object]] = [list(r) for r in csv.reader(f)]
    for (line, header), value in cells.items():
        rows[line - 1][rows[2].index(header)] = value
    book = openpyxl.Workbook()
    sheet = book.create_sheet("表", 0)
    for row in rows:
        sheet.append(row)
    path = tmp_path / f"{name}.xlsx"
    book.save(path)
    return path


def test_an_exports_date_cell_with_a_time_is_refused(tmp_path: Path, engine_name: str) -> None:
    midnights: dict[tuple[int, str], object] = {
        **{(line, "识别监测时间"): datetime(2023, 4, 15) for line in range(4, 14)},
        (4, "出生日期"): datetime(1981, 3, 12),
    }
    plain = _export_xlsx(tmp_path, midnights, "plain")
    timed = _export_xlsx(
        tmp_path,
        {
            **midnights,
            **{(line, "识别监测时间"): datetime(2023, 4, 15, 9, 30) for line in (8, 9, 10)},  # household 2's month
            (12, "出生日期"): datetime(1969, 6, 27, 9, 30),  # household 3's member
        },
        "timed",
    )
    expected, expected_errors = tmp_path / "expected.csv", tmp_path / "expected-errors.csv"
    plain_run = score_file(plain, expected, expected_errors, "--engine", engine_name, "--lang", "en")
    assert plain_run.code == 0, plain_run.err
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    run = score_file(timed, out, errors, "--engine", engine_name, "--lang", "en")
    assert run.code == 3, run.err
    assert read_csv(out) == read_csv(expected)[:1]  # the first household, as with midnights alone
    refused = {int(r["line"]): (r["column"], r["value"], r["reason"]) for r in read_csv(errors)}
    assert set(refused) == {8, 9, 10, 11, 12, 13}
    assert refused[8][:2] == ("识别监测时间", "2023-04-15 09:30:00")
    assert refused[8][2].startswith("a date or month with a time of day: a month column")
    assert refused[12][:2] == ("出生日期", "1969-06-27 09:30:00")
    assert refused[12][2].startswith("a date with a time of day: a date column")


def test_a_sheets_datetime_is_its_text_to_the_second() -> None:
    assert [
        sheet_datetime_text(d)
        for d in (
            datetime(2023, 4, 15),
            datetime(2023, 4, 15, 0, 0, 0, 499_000),
            datetime(2023, 4, 14, 23, 59, 59, 500_000),
            datetime(2023, 4, 15, 0, 0, 0, 500_000),
            datetime(2023, 4, 15, 9, 30),
            datetime(2023, 4, 15, 9, 29, 59, 999_000),
            datetime(9999, 12, 31, 23, 59, 59, 900_000),
        )
    ] == [
        "2023-04-15",
        "2023-04-15",
        "2023-04-15",
        "2023-04-15 00:00:01",
        "2023-04-15 09:30:00",
        "2023-04-15 09:30:00",
        "9999-12-31 23:59:59",
    ]


def test_a_duration_cell_is_shown_as_excel_shows_it(tmp_path: Path, engine_name: str) -> None:
    """A date and time in a cell of a duration format (``[h]:mm:ss``) read as Python's ``45747 days, 9:30:00``,
    the English word in a Chinese errors file: it is the hours Excel shows, refused as no month."""
    book = openpyxl.Workbook()
    sheet = book.create_sheet("表", 0)
    sheet.append(_HEADER)
    sheet.append(["H1", *_PLAIN, datetime(2025, 3, 31, 9, 30), None])
    sheet["I2"].number_format = "[h]:mm:ss"
    source = tmp_path / "in.xlsx"
    book.save(source)
    errors = tmp_path / "e.csv"
    run = score_file(source, tmp_path / "o.csv", errors, "--engine", engine_name)
    assert run.code == 3, run.err
    [refused] = read_csv(errors, ids=False)
    assert (refused["列"], refused["填报值"]) == ("识别监测时间", "1097937:30:00")
    assert "days" not in errors.read_text(encoding="utf-8-sig")
