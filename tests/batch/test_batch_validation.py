"""The vectorised validator accepts and rejects exactly the rows the household model does, with the
same line, column, value and reason, and the same encoded values for the rows it accepts."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from fanpin.batch.validate import FIELDS, validate
from fanpin.io.readers import ReadRow, RejectedRow, read_households
from fanpin.model.columns import ALIASES
from fanpin.model.facts import FACTS, encode_all, household_facts
from fanpin.model.household import Household, Kind
from fanpin.model.values import (
    DAY_MONTH_AMBIGUOUS,
    DAY_MONTH_AMBIGUOUS_MONTH,
    EXCEL_ERRORS,
    MONTH_WITH_TIME,
    MONTH_WITH_TIME_MONTH,
    NO_SUCH_DAY,
    NO_SUCH_MONTH,
    NUMBER_FOR_DATE,
    TOO_LARGE_MONEY,
    WRITTEN_DATE,
    Month,
    number_for_month,
    parse_money,
)
from fanpin.results.reasons import reason_text
from tests.helpers import SLOW

MONEY = [
    "",
    "0",
    "100",
    "8,700.5",
    "-500",
    "12,3a",
    ".5",
    "5.",
    "+3",
    "1e3",
    "99999999999999",
    "0.005",
    "0.015",
    "-0.004",
    " 7000 ",
    "1000000000000",
    "999999999999.99",
    "999999999999",
    "-1000000000000",
    "-0",
    "+0",
    "0012",
    # the general parser's amounts that the checks after it read: negative, and a person's number
    "-1,000.5",
    "13,812,345,678",
    "1,381,234,567.8",
    # the fast path's edges (at most 13 digits and two places; the limit is 10^12 元)
    "9999999999999.99",
    "1000000000000.00",
    "999999999999.995",
    "-.5",
    "+.05",
    "0000000000012.3",
    "12.34",
    "00000000000000.1",
    "9223372036854775808",
    "\x1f",  # whitespace to Python's strip, not to polars' default
    "\u30007000\u3000",
    "\x1c1\x1d",
    "\x85",
    # a number written with an exponent: too large from 10^12 on, with its size; below a fen the amount it
    # writes (1e-05 is 0.00001: 0.00 元; 5e-3 is 0.01 元); otherwise not an amount
    "1e-05",
    "-1e-05",
    "5e-3",
    "4.9E-3",
    "0.5e-2",
    "1.5e-07",
    "1e-9999",
    "1E-2",
    "0.0e-5",
    "1e+16",
    "-2.5E13",
    "0.5e13",
    "0.00e40",
    "1e3",
    "9.99e11",
    "1e99999",
    " 1E+300 ",
]
COUNT = ["", "0", "1", "3", "3.0", "3.5", "-1", "13", "x", "+2", "0000000000000001", "-0", "007", "\x1e2\x1f"]
BOOL = ["", "是", "否", "Y", "n", "TRUE", "1.0", "也许", " 是 "]
MONTH = [
    "",
    "202304",
    "202304.0",
    "2023-13",
    "202313",
    "189912",
    "x",
    "000012",
    "202300",
    "999912",
    # as a spreadsheet shows a date (an .xlsx date cell reads as 2023-04-01)
    "2023-04",
    "2023/4",
    "2023年4月",
    "2023年4月15日",
    "2023-04-01",
    "2024/2/29",
    "2023/2/29",
    "2023-4-31",
    "1899-12",
    "2023-00",
    "2023.04",
    "2023-04-",
    "2023年13月",
    "20230415",
    # points with the day (as clerks write a date); without it, 2023.10 saved as a number is 2023.1
    "2023.4.15",
    "2023.04.15",
    "2023.2.29",
    "2023.4",
    "2023.10",
    "45017",  # the day count of 2023-04-01, as Excel shows a date in a column not formatted as one
    # a day kept with its midnight, as pandas, Excel and WPS write it (the month); another time of day is refused
    "2024-03-01 00:00:00",
    "2024/3/1 0:00",
    "2024年3月1日 0:00",
    "2024/3/1 9:30",
    "2024-03 00:00",
    # a day of eight digits, as a date column reads it (its month); with a time of day it is refused
    "20240301.0",
    "20240301 00:00",
    "20240301T00:00",
    "20250230",
    "20240229",
    "18991231",
    "20240301 08:30",
]
DATE = [
    "",
    "2026-03-31",
    "2026/3/31",
    "2026年3月31日",
    "2026-3-1",
    "2023/2/29",
    "2026年3月",
    "0000/1/1",
    "20260331",
    "2026/02/30",
    "2026-02-30",
    "2026-3-1",
    "x",
    "0000-12-31",
    "00001231",
    "0000-01-01",
    "0001-01-01",
    "9999-12-31",
    "2023-02-29",
    "2024-02-29",
    "2024-00-10",
    "2024-04-31",
    "20240229.0",
    "1980.6.30",
    "1980.06.30",
    "1980.2.30",
    "0000.1.1",
    "2023.10",
    "2023.4",
    "29425",  # Excel's day count of 1980-07-22
    "29425.0",
    "1980",
    "1980/8/17 0:00",
    "1980-8-17 0:00:00",
    "1980年8月17日 0:00",
    "1980-08-17T00:00",
    "1980/8/17 9:30",
    "1980年8月17日 9:30",
]
#: 行政区划代码 cells: codes of several provinces and levels, and of none (99, 00, 81 香港: refused for their first
#: two digits), of another length, with a spreadsheet's tail, not digits.
REGION = ["", "532328", "53", "5", "532328100201", "532328.0", "532328.00", "532328100201.000", "abc", "11", "650102",
          "99", "990101", "000000", "810000", "7101", "990101001001.0", "660101001"]  # fmt: skip
#: None as forms write it: empty in a month column whose empty means none (识别监测时间), refused in a date's.
SAID_NONE = ["无", "-", "暂无", "\uff0f", " 没有 "]


def _cells(name: str, kind: Kind | None, enum: Any) -> st.SearchStrategy[str]:
    if name == "household_id":
        # with codes as a spreadsheet shows a long number (refused) and others that only look alike (read); with a
        # tab or a line break inside (refused; not LF or CR, which make a row span lines the frame does not count),
        # or another control character (refused)
        return st.sampled_from(["", "H1", "H2", "H3", "12.0", "12.00", "12.000", "H3.00", " H4 ",
                                "5.32328E+15", " 5.32328198001011e+17 ", "1E5",
                                "5.3E+10", "5.3E+15.0", "#N/A", "H\t5", "H5\x0bH6", "H5\u2028H6",
                                "\tH7\t ", "H8\x00", "H\x1b9", "H10\x7f", "H11\x85"])  # fmt: skip
    if name == "region_code":
        return st.sampled_from(REGION)
    if name == "id_number":
        return st.sampled_from(
            [
                "",
                "532328199001011238",
                "53232819900101123x",
                "532328199001011235",
                "53232819900101123842",
                "53232819900101123",
                "532328199001011234.0",
                "532328199001011238.00",
                "53232819900101123442",
                " #N/A ",  # an error of Excel's (a lookup that found nothing), in a column plain to the fast path
                "5.32328E+17",  # as Excel shows a long number, its last digits lost: refused
                " '5.32328198001011e+17 ",
                "5.3E+10",  # only looks alike: read (an invalid number)
            ]
        )
    if name == "measures_in_place":
        # a number among them (a count of the measures) is refused, unless the cell lists only none (0)
        return st.sampled_from(["", "产业帮扶", "产业帮扶；低保", " , 、", "a,b、c", "#REF!", "3", " 2 ", "产业帮扶、2",
                                "0", "0；无", "技能培训;0", "\uff12", "0.5", "3项"])  # fmt: skip
    if name == "household_type":  # 监测户 is resolved by 监测对象类别, or refused
        return st.sampled_from(["脱贫户", "一般农户", "一般户", "监测户", " 监测户 ", "", "其他类"])
    if enum is not None:
        values = (
            [m.value for m in enum]
            + [m.label for m in enum]
            + ["", "其他类", " " + enum.__members__.__iter__().__next__(), "#VALUE!"]
            # none as forms write it: 无 where the vocabulary has it, empty where empty means none (监测对象类别, the
            # risks, 风险消除方式), refused elsewhere
            + ["无", " 无 ", "-", "\uff0f", "——", "暂无", "没有。", "0"]
        )
        return st.sampled_from(values)
    # An error of Excel's as text refuses its row in any column (the per-row reader and the batch validator)
    options: dict[Kind | None, list[str]] = {
        Kind.MONEY: [*MONEY, "#DIV/0!"], Kind.COUNT: COUNT, Kind.BOOL: BOOL, Kind.MONTH: [*MONTH, *SAID_NONE],
        Kind.DATE: [*DATE, *SAID_NONE],
    }  # fmt: skip
    return st.sampled_from(options.get(kind, ["", "x", "建房", "#N/A", "7.00"]))


def test_the_validators_fields_are_the_household_tables_columns() -> None:
    """The batch validator reads the columns of a household table, each a field with its headers: not the
    members, which come from the person-level export's rows (read as a text column, they had made a column
    of nulls named by their description in every chunk)."""
    assert {f.name for f in FIELDS} == set(ALIASES.values())
    assert "members" not in {f.attribute for f in FIELDS}


_TITLES = {f.name: Household.model_fields[f.attribute].title for f in FIELDS}
_OPTIONAL = [f for f in FIELDS if not f.required and f.name != "head_name"]


@st.composite
def csv_files(draw: st.DrawFn) -> str:
    columns = [f for f in FIELDS if f.required] + draw(st.lists(st.sampled_from(_OPTIONAL), unique=True, max_size=12))
    rows = draw(st.lists(st.tuples(*[_cells(f.name, f.kind, f.enum) for f in columns]), min_size=1, max_size=8))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([_TITLES[f.name] for f in columns])
    writer.writerows(rows)
    return out.getvalue()


def _per_row(path: Path) -> tuple[list[tuple[Any, ...]], list[dict[str, Any]]]:
    _, rows = read_households(path, region="532328")
    rejected, valid = [], []
    for row in rows:
        if isinstance(row, RejectedRow):
            rejected.append((row.line, row.household_id, row.column, row.value, row.reason))
        else:
            assert isinstance(row, ReadRow)
            valid.append({"__line": row.line, **encode_all(household_facts(row.household))})
    return rejected, valid


@given(csv_files())
@example(  # 户主证件号码 as Excel shows a long number: refused on both paths, the number masked
    "户编号,户类型,家庭人口数,工资性收入,生产经营性收入,财产性收入,转移性收入,户主证件号码\n"
    "H1,脱贫户,2,1,0,0,0,5.32328E+17\nH2,脱贫户,x,1,0,0,0, '5.32328198001011e+17 \nH3,脱贫户,2,1,0,0,0,5.3E+10\n"
)
def test_batch_validation_matches_the_model(tmp_path_factory: Any, text: str) -> None:
    path = tmp_path_factory.mktemp("v") / "in.csv"
    path.write_text(text, encoding="utf-8")
    expected_rejected, expected_valid = _per_row(path)
    frame = pl.read_csv(path, infer_schema=False)
    valid, rejected = validate(frame, region="532328")
    assert [tuple(r) for r in rejected.iter_rows()] == expected_rejected
    compared = list(FACTS)
    got = [
        {k: v for k, v in row.items() if v is not None and (k in compared or k == "__line")}
        for row in valid.iter_rows(named=True)
    ]
    want = [{k: v for k, v in row.items() if k in compared or k == "__line"} for row in expected_valid]
    assert got == want


def test_every_error_of_excels_holds_a_hash() -> None:
    """The validator looks for errors of Excel's among a chunk's general rows only where their cells hold a
    ``#`` (batch.validate._holds_hash): every error it knows must hold one."""
    assert all("#" in error for error in EXCEL_ERRORS)


def _one_a_row(header: str, texts: list[str]) -> pl.DataFrame:
    """A household a text (lines 2, 3, …), with ``header``'s cell the text and the required cells plain."""
    n = len(texts)
    return pl.DataFrame(
        {"户编号": [f"H{i}" for i in range(n)], "户类型": ["脱贫户"] * n, "家庭人口数": ["1"] * n,
         "工资性收入": ["0"] * n, "生产经营性收入": ["0"] * n, "财产性收入": ["0"] * n, "转移性收入": ["0"] * n,
         header: texts}
    )  # fmt: skip


#: Up to 20 texts an example, one a row, in one call of the validator: 12 examples by default, 3 000 with
#: FANPIN_SLOW=1 (why: see the months and dates below).
@settings(max_examples=3000 if SLOW else 12)
@given(
    st.integers(1, 20).flatmap(
        lambda n: st.lists(st.from_regex(r"\A[0-9]{4}[-/]?[0-9]{2}[-/]?[0-9]{2}(\.0)?\Z"), min_size=n, max_size=n)
    )
)
def test_impossible_dates_are_refused_as_the_model_refuses_them(texts: list[str]) -> None:
    """Year 0, month 0 or 13, February 30th …: the batch validator accepts a date exactly when the model
    (Python's calendar, years 1 to 9999) does, with the same day number."""
    from fanpin.model.values import parse_date

    valid, rejected = validate(_one_a_row("贷款到期日", texts), region="532328")
    accepted = dict(zip(valid["__line"].to_list(), valid["loan_due"].to_list(), strict=True))
    refused = dict(rejected.select("line", "column").rows())
    assert len(refused) == rejected.height, "one reason a row: the row's one text"
    for line, text in enumerate(texts, start=2):
        try:
            expected: date | None = parse_date(text)
        except ValueError:
            expected = None
        if expected is None:
            assert (refused.get(line), line in accepted) == ("贷款到期日", False), text
        else:
            assert (line in refused, accepted.get(line)) == (False, expected.toordinal()), text


@st.composite
def _written(draw: st.DrawFn) -> str:
    """A month or a day as a spreadsheet shows a date (2023-04, 2023/4/31, 2023年4月15日, 2023.4.15), or as digits
    alone (202304, 20230431), near the edges: years about 1900 and 0, months 0 to 13, days 0 to 32 (the 31st of a
    short month, the 29th of February), and points without the day (2023.10), which are refused."""
    year = draw(st.sampled_from([0, 1899, 1900, 2023, 2024, 9999]) | st.integers(0, 9999))
    month = draw(st.sampled_from([0, 1, 2, 4, 12, 13]) | st.integers(0, 13))
    day = draw(st.sampled_from([None, 0, 1, 28, 29, 30, 31, 32]) | st.integers(0, 32))
    width = draw(st.sampled_from(["{}", "{:02d}"]))
    parts = [f"{year:04d}", width.format(month), *([] if day is None else [width.format(day)])]
    style = draw(st.sampled_from(["-", "/", "年", ".", ""]))
    if style == "年":
        return f"{parts[0]}年{parts[1]}月" + ("" if day is None else f"{parts[2]}日")
    if style == "":  # YYYYMM, or a day of eight digits (YYYYMMDD): two digits each, as no other is read
        return f"{year:04d}{month:02d}" + ("" if day is None else f"{day:02d}")
    return style.join(parts)


_WRITTEN = _written() | st.from_regex(WRITTEN_DATE.replace("^", "\\A").replace("$", "\\Z"))


#: A time after a day, as pandas, Excel and WPS write a date kept as a date and time: midnight (the date), or
#: another time of day (refused saying so), or a time no clock shows.
_TIMES = [" 0:00", " 00:00", " 00:00:00", "T00:00", " 00:00:00.000", " 0:00:00", " 9:30", " 08:30:00", "T23:59",
          " 0:00:01", " 00:00:00.5", " 24:00", " 0:0", "  0:00"]  # fmt: skip
_TIMED = st.tuples(_WRITTEN | st.from_regex(r"\A[0-9]{4}-?[0-9]{2}-?[0-9]{2}\Z"), st.sampled_from(_TIMES)).map("".join)

_SPREADSHEET_TEXTS = (
    _WRITTEN
    | _TIMED
    | st.from_regex(r"\A(?:19|20)[0-9]{2}[-/]?[0-9]{2}(?:[-/]?[0-9]{2})?(\.0)?\Z")
    | st.from_regex(r"\A[0-9]{4,6}(\.0)?\Z")
)


#: A call of the validator costs about as much for one row as for twenty: an example reads up to 20 texts (10 on
#: average), one a row, in one call a column. 12 examples by default read more texts than the profile's 45 of one
#: did, in a quarter of the calls; 3 000 with FANPIN_SLOW=1.
@settings(max_examples=3000 if SLOW else 12)
@example(
    ["2023-4-31", "2023/2/29", "2024年2月29日", "1899/12", "0000-1-1", "1980.6.30", "1980.2.30", "2023.10", "29425.0"]
)
@example(  # midnight as Chinese Excel and WPS save a date and time to CSV: the date (a month column's month too)
    ["1980/8/17 0:00", "1980-8-17 0:00:00", "1980/8/17 00:00:00", "1980年8月17日 0:00", "2024-03-01 00:00:00",
     "2024/3/1 0:00", "1980.8.17 0:00", "2023/2/30 0:00", "1980/8/17 9:30", "1980年8月17日 9:30", "2024年3月 0:00",
     "20240301 00:00", "20240301 9:30", "2024/0301 9:30"]
)  # fmt: skip
@example(  # a day of eight digits in a month column: its month, if the calendar has the day
    ["20240301", "20240301.0", "20240301 00:00:00", "20240301T00:00", "20250230", "20250230 00:00", "20240229",
     "20230229.0", "20240301 08:30", "20240001", "20240300", "18991231", "19000101", "202403", "202403.0", "2024030"]
)  # fmt: skip
@given(st.integers(1, 20).flatmap(lambda n: st.lists(_SPREADSHEET_TEXTS, min_size=n, max_size=n)))
def test_months_and_dates_as_a_spreadsheet_shows_them_are_read_as_the_model_reads_them(texts: list[str]) -> None:
    """2023-04, 2023/4/15, 2023年4月, 2023.4.15 (an .xlsx date cell reads as 2023-04-01): the batch validator
    takes a month (识别监测时间) and a date (贷款到期日) exactly when the model does, as the same month and
    day, and refuses the others for the model's reason (an Excel day count, 29425, for its own)."""
    from fanpin.model.values import parse_date, parse_month

    def month(text: str) -> int:
        return parse_month(text).ordinal  # type: ignore[union-attr]

    def day(text: str) -> int:
        return parse_date(text).toordinal()  # type: ignore[union-attr]

    for header, field, read in [("识别监测时间", "identified_month", month), ("贷款到期日", "loan_due", day)]:
        valid, rejected = validate(_one_a_row(header, texts), region="532328")
        accepted = dict(zip(valid["__line"].to_list(), valid[field].to_list(), strict=True))
        refused = {
            line: (column, reason) for line, column, reason in rejected.select("line", "column", "reason").rows()
        }
        assert len(refused) == rejected.height, "one reason a row: the row's one text"
        for line, text in enumerate(texts, start=2):
            try:
                expected = read(text)
            except ValueError as error:
                assert (refused.get(line), line in accepted) == ((header, str(error)), False), text
            else:
                assert (line in refused, accepted.get(line)) == (False, expected), text


_NOT_A_DATE = "not a date; write YYYY-MM-DD, e.g. 2026-03-31"
_NOT_A_MONTH = "not a month; write YYYYMM, e.g. 202304"
_TIMED_MONTH = (
    "a date or month with a time of day: a month column holds the month alone, and the time is not read; write "
)


@pytest.mark.parametrize(
    ("header", "cell", "read", "reason"),
    [
        ("贷款到期日", "1980.6.30", date(1980, 6, 30), None),
        ("贷款到期日", "1980.06.30", date(1980, 6, 30), None),
        ("识别监测时间", "2023.4.15", Month("202304"), None),
        ("贷款到期日", "2023.10", None, _NOT_A_DATE),
        ("识别监测时间", "2023.10", None, _NOT_A_MONTH),  # 2023-10, or 2023-01 that Excel showed as 2023.1?
        ("识别监测时间", "2023.4", None, _NOT_A_MONTH),
        ("贷款到期日", "1980.2.30", None, NO_SUCH_DAY),  # written as a date, but no day of the calendar
        ("识别监测时间", "2023.2.30", None, NO_SUCH_MONTH),
        ("贷款到期日", "29425", None, NUMBER_FOR_DATE),
        ("贷款到期日", "29425.0", None, NUMBER_FOR_DATE),
        ("贷款到期日", "1980", None, _NOT_A_DATE),  # four digits: a year alone more likely than a day count
        ("识别监测时间", "20234", None, _NOT_A_MONTH),  # five digits below 1970's days: 2023-4 without its zero
        ("识别监测时间", "24240", None, _NOT_A_MONTH),  # or a month number (2020-01)
        ("识别监测时间", "45017", None, number_for_month(45017)),  # Excel's 2023-04-01: write 202304
        ("识别监测时间", "45017.0", None, number_for_month(45017)),
        ("识别监测时间", "99999", None, number_for_month(99999)),  # 2173-10-13: the last of five digits
        ("识别监测时间", "2023x", None, _NOT_A_MONTH),  # refused, five characters: not looked at as a count
    ],
)
def test_a_date_with_points_is_read_and_a_day_count_is_refused_saying_why(
    header: str, cell: str, read: date | Month | None, reason: str | None
) -> None:
    """1980.6.30 as clerks write a date was refused; it is 1980-06-30 (a month column's 2023.4.15 is April
    2023), on the model and the batch validator alike. 2023.10 stays refused (saved as a number it is
    2023.1). An Excel day count (29425: the column was not formatted as a date) is refused as before,
    saying so and how to mend it, not as "not a date"; in a month column too, naming the month it is (45017 is
    2023-04-01: 202304), from 1970's days on (20234 is more likely 2023-4, 24240 a month number)."""
    _read_alike(header, cell, read, reason)


@pytest.mark.parametrize(
    ("cell", "read", "reason"),
    [
        ("20240301", Month("202403"), None),
        ("20240301.0", Month("202403"), None),  # a number saved from a sheet
        ("20240301 00:00", Month("202403"), None),  # a day kept with its midnight
        ("20240301 00:00:00", Month("202403"), None),
        ("20240301T00:00", Month("202403"), None),
        ("20240229", Month("202402"), None),
        ("20250230", None, NO_SUCH_MONTH),  # no such day, as 2025-02-30 is refused
        ("20230229.0", None, NO_SUCH_MONTH),
        ("20241301", None, NO_SUCH_MONTH),
        ("20240301 08:30", None, MONTH_WITH_TIME_MONTH.format(month="202403")),  # as 2024/3/1 8:30 is refused
        ("20250230 08:30", None, MONTH_WITH_TIME),
        ("18991231", None, _NOT_A_MONTH),  # months are read from 1900 on, as 189912 is not
        ("202403", Month("202403"), None),  # six digits stay the month: no day
        ("202403.0", Month("202403"), None),
        ("2024030", None, _NOT_A_MONTH),  # seven digits: neither
        ("20240301.5", None, _NOT_A_MONTH),
    ],
)
def test_a_day_of_eight_digits_in_a_month_column_is_its_month_on_the_model_and_the_validator(
    cell: str, read: Month | None, reason: str | None
) -> None:
    """20240301, as a date column takes it, was refused as "not a month" in a month column where 2024-03-01 was
    read: it is its month (202403), with a float's tail or its midnight too, if the calendar has the day; another
    time of day is refused saying so, on the model and the batch validator alike."""
    _read_alike("识别监测时间", cell, read, reason)


@pytest.mark.parametrize(
    ("cell", "month"),
    [
        ("20250630 08:00", "202506"),
        ("2025-06-30 08:00", "202506"),
        ("2025/6/30 8:00:00", "202506"),
        ("2025年6月30日 08:00", "202506"),
        ("2025.6.30T08:00", "202506"),
        ("202506 08:00", "202506"),  # the month itself, then a time
        ("2025-06 08:00", "202506"),
        ("2025/6 8:00", "202506"),
        ("2025年6月 08:00", "202506"),
        ("202506 00:00", "202506"),  # a month has no midnight: refused still, naming it
        ("20250230 08:30", None),  # no day of the calendar: the month is not told
        ("202513 08:00", None),
        ("189912 08:00", None),
    ],
)
def test_a_month_with_a_time_of_day_is_refused_naming_the_month_on_the_model_and_the_validator(
    cell: str, month: str | None
) -> None:
    """识别监测时间 written as a day or a month followed by a time of day was refused saying a month column holds
    the month alone, "e.g. 202304" (202506 08:00 and 2025-06 08:00 as "not a month"), where a date column's names
    the day: it is refused still, naming the month to write (202506), in English and Chinese, on the model and
    the batch validator alike; where the day or month is none of the calendar, as before."""
    eight = len(cell.split()[0]) == 8  # a day of eight digits no calendar has: as before
    reason = MONTH_WITH_TIME_MONTH.format(month=month) if month else MONTH_WITH_TIME if eight else _NOT_A_MONTH
    assert month is None or reason.endswith(f"the time is not read; write {month}")
    _read_alike("识别监测时间", cell, None, reason)
    if month is not None:
        assert reason_text(reason, "zh") == f"日期或年月后面带有时刻：年月列只填年月，时刻不读取；请填 {month}"


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("30/6/2025", "not a date written YYYY-MM-DD: write 2025-06-30"),
        ("6/30/2025", "not a date written YYYY-MM-DD: write 2025-06-30"),
        ("30.06.2025", "not a date written YYYY-MM-DD: write 2025-06-30"),
        ("30-06-2025 00:00:00", "not a date written YYYY-MM-DD: write 2025-06-30"),
        ("06/06/2025", "not a date written YYYY-MM-DD: write 2025-06-06"),
        ("05/06/2025", DAY_MONTH_AMBIGUOUS),
        ("31/6/2025", NO_SUCH_DAY),
        ("30/6/0000", NO_SUCH_DAY),
        ("30/6/25", _NOT_A_DATE),
    ],
)
def test_a_date_written_day_or_month_first_is_refused_naming_the_day_on_the_model_and_the_validator(
    cell: str, reason: str
) -> None:
    """30/6/2025 was refused as "not a date"; it is refused still, naming the day meant (2025-06-30) when the
    day can be told from the month, or saying it cannot be (05/06/2025), on the model and the batch validator
    alike."""
    _read_alike("贷款到期日", cell, None, reason)


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("30/6/2025", "not a month written YYYYMM: write 202506"),
        ("6/30/2025 00:00", "not a month written YYYYMM: write 202506"),
        ("05.06.2025", DAY_MONTH_AMBIGUOUS_MONTH),
        ("31-6-2025", NO_SUCH_MONTH),
        ("30/6/1850", _NOT_A_MONTH),
    ],
)
def test_a_month_written_day_or_month_first_is_refused_naming_the_month_on_the_model_and_the_validator(
    cell: str, reason: str
) -> None:
    """识别监测时间 30/6/2025 was "not a month": it names the month meant (202506), or says it cannot be told."""
    _read_alike("识别监测时间", cell, None, reason)


def _read_alike(header: str, cell: str, read: date | Month | None, reason: str | None) -> None:
    """A household of one filled ``header`` cell (贷款到期日 or 识别监测时间) ``cell``: read as ``read`` by the model
    and the batch validator, or refused by both for ``reason``."""
    row = {"户编号": "H1", "户类型": "脱贫户", "家庭人口数": "1", "工资性收入": "0", "生产经营性收入": "0",
           "财产性收入": "0", "转移性收入": "0", header: cell}  # fmt: skip
    field = {"贷款到期日": "loan_due", "识别监测时间": "identified_month"}[header]
    valid, rejected = validate(pl.DataFrame({k: [v] for k, v in row.items()}), region="532328")
    if reason is None:
        assert getattr(Household.model_validate(row), field) == read
        encoded = read.ordinal if isinstance(read, Month) else read.toordinal()
        assert rejected.height == 0 and valid[field].to_list() == [encoded]
    else:
        with pytest.raises(ValidationError, match=re.escape(reason)):
            Household.model_validate(row)
        assert rejected.select("column", "reason").rows() == [(header, reason)] and valid.height == 0


def test_rows_of_empty_cells_are_skipped_however_written() -> None:
    """A row whose cells are all empty (missing, "", or spaces) is skipped as the per-row reader skips it,
    not refused for its empty required cells; a row with any cell filled is read."""
    cells = {
        "户编号": ["H1", None, "", " \u3000", None],
        "工资性收入": ["1", None, "", " ", None],
        "备注": ["x", None, "", "", "y"],
    }
    raw = pl.DataFrame(cells, schema=dict.fromkeys(cells, pl.String))
    valid, rejected = validate(raw)
    assert valid.height == 0
    assert sorted(set(rejected.get_column("line").to_list())) == [2, 6]


_FULL_WIDTH = "".join(chr(0xFF10 + d) for d in range(10))  # full-width digits 0 to 9


def _id_numbers() -> st.SearchStrategy[str]:
    """ID numbers with their check character right or wrong, disability cards' suffixes, Excel's ``.0``,
    lower-case x, full-width digits, cut short or run long, masked in part (``532328**********1234``); and
    any text of the characters that matter."""
    from fanpin.model.values import ID_CHECK, ID_WEIGHTS

    def card(body: str, wrong: str | None, lower: bool, suffix: str, tail: str) -> str:
        check = ID_CHECK[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True)) % 11]
        check = wrong if wrong is not None else check
        return body + (check.lower() if lower else check) + suffix + tail

    cards = st.builds(
        card,
        st.integers(0, 10**17 - 1).map(lambda n: f"{n:017d}"),
        st.none() | st.sampled_from("0123456789X"),
        st.booleans(),
        st.sampled_from(["", "", "1", "12", "1234", "123456", "1a", _FULL_WIDTH[1:3]]),
        st.sampled_from(["", "", ".0", ".00", "0", " "]),
    )
    edited = st.tuples(
        cards, st.integers(0, 30), st.sampled_from(["", _FULL_WIDTH[1], "x", ".", "é", "\n", "²", "*"])
    ).map(lambda c: c[0][: c[1]] + c[2] + c[0][c[1] + 1 :])
    masked = st.tuples(cards, st.integers(0, 22), st.integers(1, 22)).map(
        lambda c: c[0][: c[1]] + "*" * c[2] + c[0][c[1] + c[2] :]
    )
    quoted = st.tuples(st.sampled_from(["'", "' ", "'\u3000", "''"]), cards | masked).map("".join)  # a code's mark
    return cards | edited | masked | quoted | st.text("0123456789xX*.é \n²'" + _FULL_WIDTH[:2], max_size=30)


@given(st.lists(st.none() | _id_numbers(), min_size=1, max_size=40), st.integers(0, 5))
def test_id_number_check_matches_the_model(cells: list[str | None], cut: int) -> None:
    """The vectorised ID number check (on the cells' bytes) says what values.id_number_check says of each
    trimmed cell read as a code (without a leading apostrophe and Excel's .0; unknown where it arrived masked),
    on any slice or chunking of the column."""
    from fanpin.batch.validate import id_number_checks

    trimmed = [None if c is None or not c.strip() else c.strip() for c in cells]
    expected = [_checked(c) for c in trimmed]
    column = pl.Series("id", [None] * cut + trimmed, dtype=pl.String).slice(cut)
    assert id_number_checks(column).to_list() == expected
    half = len(trimmed) // 2
    chunked = pl.concat(
        [pl.Series("id", trimmed[:half], dtype=pl.String), pl.Series("id", trimmed[half:])], rechunk=False
    )
    assert id_number_checks(chunked).to_list() == expected


def _checked(cell: str | None) -> int | None:
    """What the model says of a trimmed cell: values.id_number_check of the code (without a leading apostrophe
    and Excel's .0) as 1/0; unknown where nothing is left."""
    from fanpin.model.values import code_text, id_number_check

    checked = None if cell is None or not code_text(cell) else id_number_check(code_text(cell))
    return None if checked is None else int(checked)


_ID_TEXTS = st.text(st.sampled_from("'0123456789.eE+-x \u3000\x1c"), max_size=24)


@given(st.lists(_ID_TEXTS | st.sampled_from(["5.32328E+17", "' 5.32328198001011e+17", "-5.323281980010112e+17"])))
def test_an_id_numbers_plain_test_reads_the_cell_as_the_code_reader_does(texts: list[str]) -> None:
    """The fast path's test of an ID number cell (batch.validate._UNFORMED_ID, one pattern on the trimmed cell)
    says what the code reader's steps and the two patterns say: a leading apostrophe and the white space after it
    left out, then scientific notation or a float's digits, or nothing left."""
    from fanpin.batch.validate import _UNFORMED_ID, _code
    from fanpin.model.values import FLOAT_WRITTEN, SCIENTIFIC, WHITESPACE

    cells = pl.Series("c", texts, dtype=pl.String).str.strip_chars(WHITESPACE).replace("", None)
    code = pl.col("c").pipe(_code)
    expected = cells.to_frame().select(code.is_null() | code.str.contains(f"(?:{SCIENTIFIC})|(?:{FLOAT_WRITTEN})"))
    got = cells.to_frame().select(pl.col("c").str.contains(_UNFORMED_ID))
    filled = cells.is_not_null()
    assert got.to_series().filter(filled).to_list() == expected.to_series().filter(filled).to_list()


def test_id_number_check_matches_the_model_on_many_cells() -> None:
    """The same on thousands of seeded cells (hypothesis prefers simple ones: few end in X or x)."""
    import random

    from fanpin.batch.validate import id_number_checks
    from fanpin.model.values import ID_CHECK, ID_WEIGHTS

    rng = random.Random(11643)
    cells = []
    for _ in range(20_000):
        body = f"{rng.randrange(10**17):017d}"
        check = ID_CHECK[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True)) % 11]
        if rng.random() < 0.2:
            check = rng.choice("0123456789X")
        if rng.random() < 0.3:
            check = check.lower()
        cell = body + check + rng.choice(["", "", "12", "1234", "1", "123", "1a", _FULL_WIDTH[:2]])
        cell += rng.choice(["", "", "", ".0", ".00", "0"])
        if rng.random() < 0.2:
            at = rng.randrange(len(cell) + 1)
            cell = cell[:at] + rng.choice(["", _FULL_WIDTH[3], "x", ".", "é", "-", "\n", "²", "*"]) + cell[at + 1 :]
        if rng.random() < 0.1:  # masked in part, as some exports give them
            at = rng.randrange(len(cell))
            cell = cell[:at] + "*" * rng.randrange(1, 12) + cell[at + 12 :]
        cells.append(cell.strip())  # as validate gives them: trimmed
    expected = [_checked(c) for c in cells]
    assert {0, 1, None} <= set(expected)
    assert id_number_checks(pl.Series("id", cells)).to_list() == expected


#: Pieces of 已落实帮扶措施 cells: measures, each of a form's ways to write none, separators and white space.
_MEASURE_PIECES = (
    "技能培训",
    "无",
    "无。",
    "无.",
    "暂无",
    "没有",
    "暂",
    "/",
    "\uff0f",
    "——",
    "-",
    "\\",
    "0",
    "0.0",
    "\uff10",
    "00",
    " ",
    "；",
    "、",
    ",",
)


@given(
    st.lists(
        st.text(
            ",，、；; \t\u3000\xa0\x1c\x85ab帮扶暂没有无。.\uff0e0\uff10/\uff0f\\\uff3c-\uff0d—–―−\u2010\u2012",
            max_size=12,
        )
        | st.lists(st.sampled_from(_MEASURE_PIECES), max_size=6).map("".join)
        | st.none(),
        min_size=1,
        max_size=20,
    )
)
def test_measure_count_matches_the_model(texts: list[str | None]) -> None:
    """已落实帮扶措施 counted as Household splits it: at any separator, white space as Python strips it, and a
    cell listing only a form's "none" (无, 无。, 暂无, 没有, a slash or a dash alone, 0) lists no measure."""
    from fanpin.batch.validate import measure_count
    from fanpin.model.household import _split_measures

    count = measure_count(pl.col("__measures"))
    frame = pl.DataFrame({"__measures": texts}, schema={"__measures": pl.String})
    assert frame.select(count).to_series().to_list() == [len(_split_measures(t)) for t in texts]


def test_plain_amounts_are_read_exactly() -> None:
    """Amounts of up to twelve digits and two places, as files usually write them, are read on the fast
    path (a float cast, rounded to the fen) to exactly the fen the model's Decimal gives: seeded amounts
    from 0.01 to 999 999 999 999.99, signed where the field may be negative, and empty optional cells."""
    import random

    from fanpin.masking import mask_numbers
    from fanpin.model.values import parse_money

    rng = random.Random(20260331)

    def amount(signed: bool) -> str:
        fen = rng.randrange(10 ** rng.randint(1, 14))
        whole, cents = divmod(fen, 100)
        text = rng.choice([f"{whole}.{cents:02d}", f"{whole}", f"{whole}.{cents // 10}", f"{whole}.", f"{whole:012d}"])
        if whole == 0 and rng.random() < 0.3:
            text = f".{cents:02d}"
        sign = rng.choice(["", "", "+", "-"]) if signed else rng.choice(["", "+"])
        # an amount written as a phone number (13812345678, 013812345678) is refused as one: not drawn
        return sign + text if mask_numbers(text) == text else amount(signed)

    n = 5000
    wages = [amount(False) for _ in range(n)]
    previous = [amount(True) if rng.random() < 0.8 else "" for _ in range(n)]
    frame = pl.DataFrame(
        {"户编号": [f"H{i}" for i in range(n)], "户类型": ["脱贫户"] * n, "家庭人口数": ["3"] * n, "工资性收入": wages,
         "生产经营性收入": ["0"] * n, "财产性收入": ["0"] * n, "转移性收入": ["0"] * n, "上年人均纯收入": previous}
    )  # fmt: skip
    valid, rejected = validate(frame, region="532328")
    assert rejected.height == 0

    def fen(text: str) -> int | None:
        value = parse_money(text)
        return None if value is None else int(value * 100)

    assert valid["wage_income"].to_list() == [fen(t) for t in wages]
    assert valid["prev_income_per_capita"].to_list() == [fen(t) for t in previous]


@pytest.mark.parametrize(
    ("cell", "fen"),
    [("999999999999.994", 99999999999999), ("999999999999.995", None), ("-999999999999.995", None), ("1e3", None)],
)
def test_an_amount_that_rounds_up_to_the_limit_is_refused_on_both_paths(cell: str, fen: int | None) -> None:
    """999999999999.995 元 rounds up to 10^12, which the limit refuses (it was accepted, and written as
    1000000000000 元); the reason names the largest amount taken."""
    cells = {"户编号": "H1", "行政区划代码": "532328", "户类型": "脱贫户", "家庭人口数": "2", "工资性收入": cell}
    frame = pl.DataFrame([cells | {"生产经营性收入": "0", "财产性收入": "0", "转移性收入": "0"}])
    valid, rejected = validate(frame)
    if fen is None:
        reason = rejected.get_column("reason").to_list()
        assert len(reason) == 1 and valid.height == 0
        with pytest.raises(ValueError, match=re.escape(reason[0])):
            parse_money(cell)
        if cell != "1e3":
            assert reason == [TOO_LARGE_MONEY]
    else:
        assert rejected.height == 0 and valid.get_column("wage_income").to_list() == [fen]
        assert parse_money(cell) == Decimal(fen) / 100


@pytest.mark.parametrize("blank", ["", "  ", "\u3000", "\x1f"])
def test_an_empty_required_cell_is_refused_alike_by_both_paths_and_the_model(tmp_path: Path, blank: str) -> None:
    """Each required cell left empty, one row each: the per-row reader and the batch validator refuse the
    row with the same line, column and reason ("required value is empty; write 0 if the household had none"
    for an income, what to write for 户编号, 户类型 and 家庭人口数), and the household model
    gives a host that same reason for the same record (it gave pydantic's words on its type)."""
    from fanpin import RecordValidationError
    from fanpin.model.columns import empty_reason

    required = [f for f in FIELDS if f.required]
    good = {"household_id": "H{n}", "household_type": "脱贫户", "size": "2"}
    rows = [
        [blank if f is empty else good.get(f.name, "0").format(n=n) for f in required]
        for n, empty in enumerate(required)
    ]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([_TITLES[f.name] for f in required])
    writer.writerows(rows)
    path = tmp_path / "empty.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    per_row, valid_rows = _per_row(path)
    frame = pl.read_csv(path, infer_schema=False)
    valid, rejected = validate(frame, region="532328")
    assert [tuple(r) for r in rejected.iter_rows()] == per_row and not valid_rows and valid.height == 0
    assert [(r[2], r[4]) for r in per_row] == [(_TITLES[f.name], empty_reason(f.attribute)) for f in required]
    for f, row in zip(required, rows, strict=True):
        record = dict(zip([_TITLES[g.name] for g in required], row, strict=True)) | {"行政区划代码": "532328"}
        with pytest.raises(RecordValidationError) as caught:
            Household.model_validate(record)
        assert [e["msg"] for e in caught.value.errors()] == [empty_reason(f.attribute)]


@pytest.mark.parametrize(
    ("small", "plain"),
    [(1e-05, "0.00001"), (-1.5e-07, "-0.00000015"), ("5e-3", "0.005"), ("4.9E-3", "0.0049"), ("1e-3", "0.001")],
)
def test_an_amount_below_a_fen_written_with_an_exponent_is_read_as_written_out(
    tmp_path: Path, small: object, plain: str
) -> None:
    """Python writes a float below 0.0001 with an exponent (1e-05): it was refused as not an amount of money,
    where the same amount written out (0.00001) is read, rounded to the fen (0.00 元; 0.01 元 from 0.005 on).
    It is read as that amount by the model (an amount and an area), the per-row and the batch paths, and
    Scorer.score's dicts; an exponent from a fen up to 10^12 stays not an amount (1E-2, 1e3 above)."""
    from datetime import date

    from fanpin import Scorer
    from fanpin.model import Member

    amount = parse_money(plain)
    assert amount is not None and parse_money(small) == amount
    assert Household.model_validate({**_HOUSEHOLD, "prev_income_per_capita": small}).prev_income_per_capita == amount
    assert Member.model_validate({"户编号": "H1", "耕地面积（亩）": small}).cropland == amount
    cells = {**_HOUSEHOLD, "上年人均纯收入": str(small)}
    path = tmp_path / "small.csv"
    path.write_text(",".join(cells) + "\n" + ",".join(map(str, cells.values())) + "\n", encoding="utf-8")
    rejected, rows = _per_row(path)
    valid, refused = validate(pl.read_csv(path, infer_schema=False), region="532328")
    assert rejected == [] and refused.height == 0
    assert [r["prev_income_per_capita"] for r in rows] == valid["prev_income_per_capita"].to_list() == [amount * 100]
    scored = Scorer().score([{**_HOUSEHOLD, "上年人均纯收入": small}], as_of=date(2025, 6, 30))
    assert scored.rejected.height == 0 and scored.scored.height == 1


_HOUSEHOLD = {"户编号": "H1", "行政区划代码": "532328", "户类型": "脱贫户", "家庭人口数": "2", "工资性收入": "0",
              "生产经营性收入": "0", "财产性收入": "0", "转移性收入": "0"}  # fmt: skip


def test_a_cell_saying_none_where_empty_means_none_takes_the_usual_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """监测对象类别, the months, 风险消除方式 and the risks written 无, 暂无, 没有 or a dash (a household not monitored,
    without such a risk) are read as empty without the general parsers, which a file writing them on every row
    had sent every row to (some four times the validator's time); the values are the model's."""
    import fanpin.batch.validate as batch_validate

    words = ["无", "-", "暂无", "\uff0f", "没有", "——", "无。", "/", "无"]
    headers = ["监测对象类别", "识别监测时间", "风险消除方式", "消除监测时间"]
    headers += [f"致贫/返贫风险{n}" for n in range(1, 6)]
    frame = _one_a_row("户编号", ["H1", "H2"]).with_columns(
        pl.lit(word).alias(header) for header, word in zip(headers, words, strict=True)
    )

    def general(*_: object) -> object:
        raise AssertionError("a cell took the general parsers")

    monkeypatch.setattr(batch_validate, "_general", general)
    valid, rejected = validate(frame, region="532328")
    assert rejected.height == 0 and valid.height == 2
    names = ["monitoring_category", "identified_month", "elimination_method", "eliminated_month", "risk_1"]
    assert valid.select(names).null_count().row(0) == (2,) * len(names)
    household = Household.model_validate({**frame.row(0, named=True), "行政区划代码": "532328"})
    got = {k: v for k, v in valid.row(0, named=True).items() if v is not None and k in FACTS}
    assert got == {k: v for k, v in encode_all(household_facts(household)).items() if k in FACTS}
