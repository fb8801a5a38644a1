"""A month column (识别监测时间, 消除监测时间) given a day written as eight digits, as a date column takes it
(``20221101``; ``20221101.0`` as a sheet saves a number; ``20221101 00:00`` with its midnight): it had been
refused as "not a month" where ``2022-11-01`` was read as its month, and is that month now, on both engines;
a day no calendar has and another time of day are refused as in the other spellings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fanpin.model.values import MONTH_WITH_TIME_MONTH, NO_SUCH_MONTH
from tests.helpers import read_csv, run_cli, write_rows
from tests.paths import FIXTURES

HEADER = "户编号,行政区划代码,户类型,家庭人口数,工资性收入,生产经营性收入,财产性收入,转移性收入,监测对象类别,识别监测时间,风险是否已消除,风险消除方式,消除监测时间"  # noqa: E501

#: (户编号, 识别监测时间, 消除监测时间) as written, and as the month each is (None: the row is refused).
DAYS = [
    ("H1", "20221101", "20221031", "202211", "202210"),
    ("H2", "20221101.0", "20221101 00:00", "202211", "202211"),
    ("H3", "20221130T00:00", "20221001.00", "202211", "202210"),
    ("H4", "20221101 00:00:00", "20220930 0:00", "202211", "202209"),
    ("H5", "20240229", "", "202402", ""),  # a leap day
    ("H6", "20250230", "", None, ""),  # no such day: no such month
    ("H7", "20221101 08:30", "", None, ""),  # a time of day
    ("H8", "202211", "20230229", "202211", None),
]


def _rows(written: bool) -> list[str]:
    """The household table of :data:`DAYS`, its months as written (``written``) or as the months they are."""
    rows = [HEADER]
    for key, identified, eliminated, identified_month, eliminated_month in DAYS:
        first = identified if written or identified_month is None else identified_month
        second = eliminated if written or eliminated_month is None else eliminated_month
        done = "是,帮扶消除" if second else "否,"
        rows.append(f"{key},532328,脱贫户,2,1000,0,0,0,边缘易致贫户,{first},{done},{second}")
    return rows


def _score(engine_name: str, source: Path, folder: Path) -> tuple[bytes, list[dict[str, str]]]:
    """The scored JSON lines of ``source`` (the calendar fixture's rules, which compare the months) and its
    refused rows."""
    folder.mkdir()
    out, errors = folder / "o.jsonl", folder / "e.csv"
    run = run_cli(
        "score", source, "--as-of", "2025-06-30", "--region", "532328", "--rules", FIXTURES / "calendar",
        "--engine", engine_name, "--format", "jsonl", "--lang", "en", "--out", out, "--errors", errors,
    )  # fmt: skip
    assert run.code == 3, run.err
    return out.read_bytes(), read_csv(errors)


def test_a_day_of_eight_digits_is_its_month_and_compares_as_that_month(engine_name: str, tmp_path: Path) -> None:
    """Each day of eight digits is read as its month: the file scores as the one with the months written
    YYYYMM, and the rules that compare 识别监测时间 with 2022-10 and with 消除监测时间 say so with the month.
    20250230 and 20230229 (no such day) are refused as no month of the calendar, 20221101 08:30 as a date with a
    time of day, each in its column and row."""
    written = write_rows(tmp_path / "days.csv", _rows(written=True))
    plain = write_rows(tmp_path / "months.csv", _rows(written=False))
    scored, refused = _score(engine_name, written, tmp_path / "days")
    assert [(r["household_id"], r["column"], r["value"], r["reason"]) for r in refused] == [
        ("H6", "识别监测时间", "20250230", NO_SUCH_MONTH),
        ("H7", "识别监测时间", "20221101 08:30", MONTH_WITH_TIME_MONTH.format(month="202211")),
        ("H8", "消除监测时间", "20230229", NO_SUCH_MONTH),
    ]
    assert (scored, refused) == _score(engine_name, plain, tmp_path / "months")
    lines = {
        line["household_id"]: json.dumps(line, ensure_ascii=False) for line in map(json.loads, scored.splitlines())
    }
    assert sorted(lines) == ["H1", "H2", "H3", "H4", "H5"]
    assert "identified_month 2022-11 ≥ 2022-10, identified_month 2022-11 ≤ 2023-03" in lines["H1"]
    assert "eliminated_month 2022-10 < identified_month 2022-11" in lines["H1"]
    assert "eliminated_month" not in lines["H2"]  # 2022-11 is not before 2022-11
    assert "local.identified_in_window" not in lines["H5"]  # 2024-02 is after 2023-03


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("20241301", NO_SUCH_MONTH),
        ("20240100", NO_SUCH_MONTH),
        ("20240431.0", NO_SUCH_MONTH),
        ("20240301 9:30", MONTH_WITH_TIME_MONTH.format(month="202403")),
        ("20240301T08:30:00", MONTH_WITH_TIME_MONTH.format(month="202403")),
        ("20240301 00:00:01", MONTH_WITH_TIME_MONTH.format(month="202403")),
        ("18991231", "not a month; write YYYYMM, e.g. 202304"),  # months are read from 1900, as 189912 is not
        ("2024030", "not a month; write YYYYMM, e.g. 202304"),  # seven digits: neither a month nor a day
        ("202403011", "not a month; write YYYYMM, e.g. 202304"),
        ("20240301.5", "not a month; write YYYYMM, e.g. 202304"),
        ("202403 00:00", MONTH_WITH_TIME_MONTH.format(month="202403")),  # a month has no midnight
    ],
)
def test_what_is_no_day_of_eight_digits_is_refused_as_before(
    engine_name: str, cell: str, reason: str, tmp_path: Path
) -> None:
    """Eight digits that are no day of the calendar, a time of day after them, and what only looks like a day
    (seven or nine digits, a fraction) are refused, each for the reason it is given in the other spellings."""
    source = write_rows(tmp_path / "in.csv", [HEADER, f"H1,532328,脱贫户,2,1000,0,0,0,边缘易致贫户,{cell},否,,"])
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    run = run_cli(
        "score", source, "--as-of", "2025-06-30", "--region", "532328", "--engine", engine_name, "--lang", "en",
        "--out", out, "--errors", errors,
    )  # fmt: skip
    assert run.code == 3, run.err
    assert [(r["column"], r["value"], r["reason"]) for r in read_csv(errors)] == [("识别监测时间", cell, reason)]
