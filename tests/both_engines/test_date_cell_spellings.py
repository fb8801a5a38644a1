"""Two spellings of a date column's cell that were told less than they could be, on both engines:

- A month written alone (``6/2025``, ``06-2025``; year first, ``2025-06``, ``2025年6月``, ``202506``) was "not a
  date", where a month column tells the same cell the month to write: it is told that it is a month and not a
  day, and to write the day (YYYY-MM-DD) of that month.
- A day with a time of day was told three ways by its spelling: "a date with a time of day … e.g. 2026-03-31"
  (``2025-06-30 08:00``, ``2025/6/30 8:00:00``), "not a date" (``30/6/2025 08:00``, ``2025-06-30 8:00 PM``,
  ``2025-06-30T08:00:00+08:00``). It is one reason, naming the day, and that the time is not read. A midnight is
  still the date, as before; no cell that was refused is read now, nor one read refused.

The model's parser, the batch validator and both engines' errors files (byte-identical; a household table and
a person-level export; both languages) say the same."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from fanpin.model.values import (
    DATE_WITH_TIME_DAY,
    DAY_MONTH_AMBIGUOUS,
    MONTH_FOR_DATE,
    NO_SUCH_DAY,
    NOT_A_DATE,
    parse_date,
)
from fanpin.results.reasons import reason_text
from tests.helpers import HEADER, ROW, SCORE_ARGS, export_with_cells, read_csv, run_cli, write_rows

_JUNE = MONTH_FOR_DATE.format(month="2025-06")
_TIMED = DATE_WITH_TIME_DAY.format(day="2025-06-30")

#: (cell, reason) in a date column.
CELLS = [
    ("6/2025", _JUNE),
    ("06-2025", _JUNE),
    ("06.2025", _JUNE),
    ("2025-06", _JUNE),
    ("2025/6", _JUNE),
    ("2025年6月", _JUNE),
    ("202506", _JUNE),
    ("13/2025", NOT_A_DATE),  # no such month: nothing to name
    ("6/1850", NOT_A_DATE),  # no month is read so early, as in a month column
    ("2025-06-30 08:00", _TIMED),
    ("2025/6/30 8:00:00", _TIMED),
    ("2025/06/30 08:00", _TIMED),
    ("2025年6月30日 8:00", _TIMED),
    ("2025.6.30 08:00", _TIMED),
    ("20250630 08:00", _TIMED),
    ("2025-06-30T08:00", _TIMED),
    ("30/6/2025 08:00", _TIMED),  # written day first: the day can be told
    ("6/30/2025 8:00", _TIMED),
    ("2025-06-30 8:00 PM", _TIMED),
    ("2025-06-30T08:00:00+08:00", _TIMED),
    ("2025-06-30 08:00:00Z", _TIMED),
    ("05/06/2025 08:00", DAY_MONTH_AMBIGUOUS),  # which is the day cannot be told
    ("2025-02-30 08:00", NO_SUCH_DAY),
    ("abc 08:00", NOT_A_DATE),
]


@pytest.mark.parametrize(("cell", "reason"), CELLS)
def test_the_models_parser_tells_a_month_and_a_time_of_day(cell: str, reason: str) -> None:
    with pytest.raises(ValueError) as refused:
        parse_date(cell)
    assert str(refused.value) == reason


@pytest.mark.parametrize("cell", ["2025-06-30 00:00", "2025/6/30 0:00", "2025-06-30T00:00:00", "2025-06-30"])
def test_a_midnight_is_still_the_date(cell: str) -> None:
    assert parse_date(cell) == date(2025, 6, 30)


def _errors(source: Path, tmp_path: Path, lang: str) -> list[dict[str, str]]:
    """The errors file of ``source`` on both engines in ``lang`` (byte-identical), read."""
    written = []
    for engine_name in ("batch", "durable"):
        errors = tmp_path / f"e-{engine_name}.csv"
        run = run_cli("score", source, *SCORE_ARGS, "--engine", engine_name, "--lang", lang,
                      "--out", tmp_path / f"o-{engine_name}.csv", "--errors", errors)  # fmt: skip
        assert run.code == 3, run.err
        written.append(errors.read_bytes())
    assert written[0] == written[1]
    assert (tmp_path / "o-batch.csv").read_bytes() == (tmp_path / "o-durable.csv").read_bytes()
    return read_csv(tmp_path / "e-batch.csv")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_household_table_tells_them_on_both_engines(tmp_path: Path, lang: str) -> None:
    rows = [HEADER + ",贷款到期日"] + [ROW.format(n=n, wage=1000) + f",{cell}" for n, (cell, _) in enumerate(CELLS)]
    source = write_rows(tmp_path / "dates.csv", [*rows, ROW.format(n=99, wage=1000) + ",2025-06-30 00:00"])
    refused = [(r["household_id"], r["column"], r["reason"]) for r in _errors(source, tmp_path, lang)]
    assert refused == [(f"H{n}", "贷款到期日", reason_text(reason, lang)) for n, (_, reason) in enumerate(CELLS)]


def test_an_export_tells_them_on_both_engines(tmp_path: Path) -> None:
    """出生日期, a member's date: a month, a day with a time; the third household's plain."""
    source = export_with_cells(tmp_path, {(4, "出生日期"): "6/2025", (8, "出生日期"): "2025/6/30 8:00:00"})
    refused = {(r["column"], r["reason"]) for r in _errors(source, tmp_path, "zh") if r["column"]}
    assert refused == {("出生日期", reason_text(_JUNE, "zh")), ("出生日期", reason_text(_TIMED, "zh"))}
