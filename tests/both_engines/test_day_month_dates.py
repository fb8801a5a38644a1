"""A date written day or month first (30/6/2025, 6/30/2025, 30.06.2025, 30-06-2025) was refused as "not a date;
write YYYY-MM-DD", and the clerk had to work out the day. It is still refused (no day is read by a guess), but
the reason names the day when it can be told (one number above 12, the other a month), and says that it cannot
be told when both numbers could be the month (05/06/2025); a month column (识别监测时间) the same of the month,
and of a month written alone before its year (6/2025, 06/2025: it was "not a month").
The model's parsers, the batch validator and both
engines' errors files (a household table and a person-level export, in both languages) say the same."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from fanpin.model.values import (
    DAY_MONTH_AMBIGUOUS,
    DAY_MONTH_AMBIGUOUS_MONTH,
    NO_SUCH_DAY,
    NO_SUCH_MONTH,
    day_month_reason,
    parse_date,
    parse_month,
)
from fanpin.results.reasons import reason_text
from fanpin.synthetic import write_person_export_csv
from tests.helpers import HEADER, ROW, SCORE_ARGS, export_household_lines, read_csv, run_cli, with_cells, write_rows

_NOT_A_DATE = "not a date; write YYYY-MM-DD, e.g. 2026-03-31"
_NOT_A_MONTH = "not a month; write YYYYMM, e.g. 202304"

#: (cell, reason): a date written day or month first, and why it is refused.
CELLS = [
    ("30/6/2025", "not a date written YYYY-MM-DD: write 2025-06-30"),
    ("6/30/2025", "not a date written YYYY-MM-DD: write 2025-06-30"),
    ("30.06.2025", "not a date written YYYY-MM-DD: write 2025-06-30"),
    ("30-06-2025", "not a date written YYYY-MM-DD: write 2025-06-30"),
    ("13/1/1980", "not a date written YYYY-MM-DD: write 1980-01-13"),
    ("30/06/2025 00:00", "not a date written YYYY-MM-DD: write 2025-06-30"),  # kept as a date and time
    ("06/06/2025", "not a date written YYYY-MM-DD: write 2025-06-06"),  # either way the same day
    ("05/06/2025", DAY_MONTH_AMBIGUOUS),
    ("12.1.2025", DAY_MONTH_AMBIGUOUS),
    ("31/6/2025", NO_SUCH_DAY),  # June has 30 days, and there is no 31st month
    ("29/2/2025", NO_SUCH_DAY),
    ("13/13/2025", NO_SUCH_DAY),
    ("30/6/0000", NO_SUCH_DAY),  # no year 0
    ("30/6/25", _NOT_A_DATE),  # a year of two digits: which century is not told
    ("30/6-2025", _NOT_A_DATE),  # two separators
    ("2025/30/6", NO_SUCH_DAY),  # year first: read as YYYY/MM/DD, as before
]


@pytest.mark.parametrize(("cell", "reason"), CELLS)
def test_the_models_parser_names_the_day_meant(cell: str, reason: str) -> None:
    with pytest.raises(ValueError) as refused:
        parse_date(cell)
    assert str(refused.value) == reason


def test_a_day_written_year_first_still_reads_and_none_is_said_of_it() -> None:
    assert parse_date("2025/6/30") == date(2025, 6, 30)
    assert day_month_reason("2025/6/30") is None and day_month_reason("20250630") is None


def _errors(source: Path, tmp_path: Path, lang: str) -> list[bytes]:
    """The errors file of ``source`` scored on each engine in ``lang`` (exit 3: rows refused)."""
    written = []
    for engine_name in ("batch", "durable"):
        errors = tmp_path / f"e-{engine_name}.csv"
        run = run_cli("score", source, *SCORE_ARGS, "--engine", engine_name, "--lang", lang,
                      "--out", tmp_path / f"o-{engine_name}.csv", "--errors", errors)  # fmt: skip
        assert run.code == 3, run.err
        written.append(errors.read_bytes())
    return written


#: (cell, reason) in a month column (识别监测时间): the month meant, or that it cannot be told.
MONTH_CELLS = [
    ("30/6/2025", "not a month written YYYYMM: write 202506"),
    ("6/30/2025", "not a month written YYYYMM: write 202506"),
    ("1.13.2024", "not a month written YYYYMM: write 202401"),
    ("05/06/2025", DAY_MONTH_AMBIGUOUS_MONTH),
    ("31-06-2025", NO_SUCH_MONTH),
    ("30/6/1850", _NOT_A_MONTH),  # no month is read before 1900, as 185006 is not
    # the month alone before its year, as a form or a spreadsheet may write it (it was "not a month")
    ("6/2025", "not a month written YYYYMM: write 202506"),
    ("06/2025", "not a month written YYYYMM: write 202506"),
    ("12-2024", "not a month written YYYYMM: write 202412"),
    ("06.2025", "not a month written YYYYMM: write 202506"),
    ("13/2025", NO_SUCH_MONTH),
    ("0/2025", NO_SUCH_MONTH),
    ("6/1850", _NOT_A_MONTH),
    ("6/25", _NOT_A_MONTH),  # a year of two digits: which century is not told
    ("6/2025 00:00", _NOT_A_MONTH),
]


@pytest.mark.parametrize(("cell", "reason"), MONTH_CELLS)
def test_the_models_month_parser_names_the_month_meant(cell: str, reason: str) -> None:
    with pytest.raises(ValueError) as refused:
        parse_month(cell)
    assert str(refused.value) == reason


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_household_table_says_the_day_meant_on_both_engines(tmp_path: Path, lang: str) -> None:
    # each way of refusing (the parsers' tests have every cell): kept few, as each row costs its run time
    cells = [(cell, "", reason, "贷款到期日") for cell, reason in (CELLS[i] for i in (0, 1, 2, 6, 7, 9, 12, 13))]
    cells += [("", cell, reason, "识别监测时间") for cell, reason in (MONTH_CELLS[i] for i in (0, 3, 4, 5, 6, 7, 10))]
    rows = [HEADER + ",贷款到期日,识别监测时间"]
    rows += [ROW.format(n=n, wage=1000) + f",{due},{month}" for n, (due, month, _, _) in enumerate(cells)]
    source = write_rows(tmp_path / "dates.csv", [*rows, ROW.format(n=99, wage=1000) + ",2025-06-30,202506"])
    batch, durable = _errors(source, tmp_path, lang)
    assert batch == durable
    assert [(r["household_id"], r["column"], r["reason"]) for r in read_csv(tmp_path / "e-batch.csv")] == [
        (f"H{n}", column, reason_text(reason, lang)) for n, (_, _, reason, column) in enumerate(cells)
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_export_says_the_day_meant_on_both_engines(tmp_path: Path, lang: str) -> None:
    """出生日期 (a member's) and 识别监测时间 (the household's, on each of its rows) written day first."""
    cells = [
        ("出生日期", *CELLS[0]),
        ("出生日期", *CELLS[7]),
        ("识别监测时间", *MONTH_CELLS[0]),
        ("识别监测时间", *MONTH_CELLS[3]),
        ("识别监测时间", *MONTH_CELLS[7]),
    ]
    source = write_person_export_csv(tmp_path / "export.csv", len(cells) + 1)
    households = list(export_household_lines(source).items())
    written: dict[tuple[int, str], str] = {}
    for (column, cell, _), (_, ls) in zip(cells, households, strict=False):
        written |= {(line, column): cell for line in (ls if column == "识别监测时间" else ls[:1])}
    with_cells(source, written, header_line=3)
    batch, durable = _errors(source, tmp_path, lang)
    assert batch == durable
    refused = {(r["household_id"], r["column"], r["reason"]) for r in read_csv(tmp_path / "e-batch.csv") if r["column"]}
    assert refused == {
        (key, column, reason_text(reason, lang))
        for (column, _, reason), (key, _) in zip(cells, households, strict=False)
    }
