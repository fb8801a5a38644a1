"""A date or a month with a time of day written on a twelve-hour clock (``12:00:00 AM``, ``8:00 PM``, ``上午12:00``),
as Excel and WPS show a date and time in a format with AM/PM (上午/下午), on both engines:

- In a date column, ``2025-06-30 00:00:00`` and ``2025/6/30 0:00:00`` were the day (a spreadsheet's midnight),
  while the same midnight written ``2025-06-30 12:00:00 AM`` was refused as "a date with a time of day". Midnight
  written with AM (``12:00 AM``, ``12:00:00 AM``, ``12:00 上午``, ``上午12:00``) is the day too, in every spelling
  of the day that takes ``00:00``; another time (``12:30 AM``, ``12:00 PM``, noon) is refused as before, and a day
  written day first (``30/06/2025 12:00 AM``) is refused as ``30/06/2025 00:00`` is, naming the day.
- In a month column (识别监测时间, 消除监测时间), a year-first day followed by an AM/PM time (``2025-06-30 8:00 PM``,
  ``2025/6/30 上午9:00``, a time zone after it) and a day written day first followed by a time (``30/06/2025
  08:00``) were told only "not a month", where ``2025-06-30 08:00`` was told the month to write. They are told
  the month to write too; a day written day first where the month cannot be told (``05/06/2025 08:00``: May or
  June) is told so, as ``05/06/2025`` is, and one that is no day (``31/06/2025 08:00``) that no such month is.

The model's parsers, the batch validator and both engines' errors files (byte-identical; both languages) say the
same."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from fanpin.model.values import (
    DATE_WITH_TIME_DAY,
    DAY_MONTH_AMBIGUOUS_MONTH,
    DAY_MONTH_TOLD,
    MONTH_WITH_TIME_MONTH,
    NO_SUCH_MONTH,
    parse_date,
    parse_month,
)
from fanpin.results.reasons import reason_text
from tests.helpers import HEADER, ROW, SCORE_ARGS, read_csv, run_cli, write_rows

#: A midnight written on a twelve-hour clock, after a day in each spelling that takes ``00:00``.
MIDNIGHTS = [
    "2025-06-30 12:00:00 AM",
    "2025-06-30 12:00 AM",
    "2025-06-30 12:00am",
    "2025-06-30 12:00 a.m.",
    "2025/6/30 12:00:00 AM",
    "2025年6月30日 12:00 AM",
    "2025.6.30 12:00 AM",
    "20250630 12:00:00 AM",
    "2025-06-30 12:00:00.000 AM",
    "2025/6/30 上午12:00",
    "2025/6/30 上午 12:00:00",
    "2025/6/30 12:00:00 上午",
]

_TIMED = DATE_WITH_TIME_DAY.format(day="2025-06-30")
#: (cell, reason) in a date column: other times of day on a twelve-hour clock, and a day written day first.
DATE_REFUSED = [
    ("2025-06-30 12:30 AM", _TIMED),
    ("2025-06-30 12:00 PM", _TIMED),  # noon
    ("2025-06-30 0:00 AM", _TIMED),  # no twelve-hour clock shows 0
    ("2025/6/30 下午12:00", _TIMED),
    ("2025/6/30 上午9:00", _TIMED),  # had been "not a date"
    ("30/06/2025 12:00 AM", DAY_MONTH_TOLD.format(day="2025-06-30")),  # as 30/06/2025 00:00
]

_JUNE = MONTH_WITH_TIME_MONTH.format(month="202506")
#: (cell, reason) in a month column.
MONTH_REFUSED = [
    ("2025-06-30 8:00 PM", _JUNE),
    ("2025-06-30 12:30 AM", _JUNE),
    ("2025/6/30 上午9:00", _JUNE),
    ("2025/6/30 9:00 下午", _JUNE),
    ("2025-06-30T08:00:00+08:00", _JUNE),
    ("202506 08:00 AM", _JUNE),
    ("30/06/2025 08:00", _JUNE),  # day first: June either way
    ("30/6/2025 8:00 PM", _JUNE),
    ("6/30/2025 08:00", _JUNE),  # month first: June either way
    ("05/06/2025 08:00", DAY_MONTH_AMBIGUOUS_MONTH),  # May or June: as 05/06/2025 is told
    ("31/06/2025 08:00", NO_SUCH_MONTH),  # no such day either way
]


@pytest.mark.parametrize("cell", MIDNIGHTS)
def test_a_midnight_with_am_is_the_day(cell: str) -> None:
    assert parse_date(cell) == date(2025, 6, 30)
    assert parse_month(cell) == "202506"  # as 2025-06-30 00:00:00 is


@pytest.mark.parametrize(("cell", "reason"), DATE_REFUSED)
def test_another_time_is_refused_in_a_date_column(cell: str, reason: str) -> None:
    with pytest.raises(ValueError) as refused:
        parse_date(cell)
    assert str(refused.value) == reason


@pytest.mark.parametrize(("cell", "reason"), MONTH_REFUSED)
def test_a_month_column_names_the_month(cell: str, reason: str) -> None:
    with pytest.raises(ValueError) as refused:
        parse_month(cell)
    assert str(refused.value) == reason


def _errors(source: Path, tmp_path: Path, lang: str) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """The errors file and the scored file of ``source`` on both engines in ``lang`` (each byte-identical), read."""
    written = []
    for engine_name in ("batch", "durable"):
        errors, out = tmp_path / f"e-{engine_name}.csv", tmp_path / f"o-{engine_name}.csv"
        run = run_cli("score", source, *SCORE_ARGS, "--engine", engine_name, "--lang", lang,
                      "--out", out, "--errors", errors)  # fmt: skip
        assert run.code == 3, run.err
        written.append((errors.read_bytes(), out.read_bytes()))
    assert written[0] == written[1]
    return read_csv(tmp_path / "e-batch.csv"), read_csv(tmp_path / "o-batch.csv")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_date_column_on_both_engines(tmp_path: Path, lang: str) -> None:
    cells = [*MIDNIGHTS, *(cell for cell, _ in DATE_REFUSED)]
    rows = [HEADER + ",贷款到期日"] + [ROW.format(n=n, wage=1000) + f",{cell}" for n, cell in enumerate(cells)]
    refused, scored = _errors(write_rows(tmp_path / "dates.csv", rows), tmp_path, lang)
    assert [r["household_id"] for r in scored] == [f"H{n}" for n in range(len(MIDNIGHTS))]
    assert [(r["household_id"], r["column"], r["reason"]) for r in refused] == [
        (f"H{n}", "贷款到期日", reason_text(reason, lang)) for n, (_, reason) in enumerate(DATE_REFUSED, len(MIDNIGHTS))
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_month_column_on_both_engines(tmp_path: Path, lang: str) -> None:
    header = HEADER + ",监测对象类别,识别监测时间"
    rows = [header] + [
        ROW.format(n=n, wage=1000) + f",边缘易致贫户,{cell}" for n, (cell, _) in enumerate(MONTH_REFUSED)
    ]
    rows.append(ROW.format(n=99, wage=1000) + ",边缘易致贫户,2025-06-30 12:00 AM")
    refused, scored = _errors(write_rows(tmp_path / "months.csv", rows), tmp_path, lang)
    assert [r["household_id"] for r in scored] == ["H99"]
    assert [(r["household_id"], r["column"], r["reason"]) for r in refused] == [
        (f"H{n}", "识别监测时间", reason_text(reason, lang)) for n, (_, reason) in enumerate(MONTH_REFUSED)
    ]
