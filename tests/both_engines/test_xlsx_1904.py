"""A workbook in Excel's 1904 date system (a workbook made on an old Mac, or with 使用 1904 日期系统 ticked) counts its
days from 1904-01-01: the number 45123 in a month column (识别监测时间) is 2027-07-17 there, which Excel shows, where
the usual count makes it 2023-07-16. The refusal had named the usual count's day and month (`counted from 1900, as
Excel does, 45123 is 2023-07-16: write 202307`), which the clerk would have typed in: it names the workbook's own
now, on both engines (the same errors file), in both languages, in a household table, in the person-level export
and in the library's reader. A workbook of the usual count, and a CSV, are told as before."""

from __future__ import annotations

from pathlib import Path

import pytest

from fanpin.io import read_households
from fanpin.io.readers import RejectedRow
from fanpin.model.values import number_for_month
from fanpin.results.reasons import reason_text
from fanpin.synthetic import write_person_export_csv
from tests.helpers import SCORE_ARGS, csv_workbook, read_csv, run_cli, write_rows

LANGS = pytest.mark.parametrize("lang", ["zh", "en"])
HEADER = "户编号,行政区划代码,户类型,家庭人口数,工资性收入,生产经营性收入,财产性收入,转移性收入,识别监测时间"
#: The day and month of Excel's day 45123 in each date system.
IN_1904, IN_1900 = "45123 is 2027-07-17: write 202707", "45123 is 2023-07-16: write 202307"


def _table(tmp_path: Path, *, date_1904: bool) -> Path:
    """A household table as a workbook whose first household's 识别监测时间 is the number 45123 (the column not
    formatted as a date), its second's the text 202304."""
    source = write_rows(
        tmp_path / "in.csv", [HEADER, "H1,532328,脱贫户,4,20000,0,0,0,", "H2,532328,脱贫户,4,20000,0,0,0,202304"]
    )
    return csv_workbook(source, tmp_path / "in.xlsx", {(2, "识别监测时间"): (45123, None)}, date_1904=date_1904)


def _errors(book: Path, tmp_path: Path, engine_name: str, lang: str) -> tuple[bytes, list[dict[str, str]]]:
    out, errors = tmp_path / f"{engine_name}.csv", tmp_path / f"{engine_name}.errors.csv"
    run = run_cli("score", book, *SCORE_ARGS, "--engine", engine_name, "--lang", lang, "--out", out,
                  "--errors", errors)  # fmt: skip
    assert run.code == 3, run.err
    return errors.read_bytes(), read_csv(errors)


@LANGS
@pytest.mark.parametrize("date_1904", [True, False], ids=["1904", "1900"])
def test_a_day_count_in_a_month_column_is_told_the_workbooks_own_day(
    tmp_path: Path, lang: str, date_1904: bool
) -> None:
    book = _table(tmp_path, date_1904=date_1904)
    written = {engine: _errors(book, tmp_path, engine, lang) for engine in ("batch", "durable")}
    assert written["batch"][0] == written["durable"][0]  # the same errors file on both engines
    refused = [(r["household_id"], r["column"], r["value"], r["reason"]) for r in written["batch"][1]]
    expected = number_for_month(45123, date_1904=date_1904)
    assert refused == [("H1", "识别监测时间", "45123", reason_text(expected, lang))]
    assert (IN_1904 if date_1904 else IN_1900) in expected
    if lang == "zh":
        said = "45123 是 2027-07-17：请填 202707" if date_1904 else "45123 是 2023-07-16：请填 202307"
        assert said in refused[0][3]
        assert ("1904 日期系统" in refused[0][3]) == date_1904


def test_the_library_reader_tells_the_workbooks_own_day(tmp_path: Path) -> None:
    for date_1904 in (True, False):
        folder = tmp_path / str(date_1904)
        folder.mkdir()
        info, rows = read_households(_table(folder, date_1904=date_1904))
        assert info.date_1904 is date_1904
        refused = [r.reason for r in rows if isinstance(r, RejectedRow)]
        assert refused == [number_for_month(45123, date_1904=date_1904)]


@LANGS
def test_the_export_tells_the_workbooks_own_day(tmp_path: Path, engine_name: str, lang: str) -> None:
    """A person-level export saved as a workbook of the 1904 date system: 45123 typed in its 识别监测时间."""
    source = write_person_export_csv(tmp_path / "export.csv", 2)  # households: lines 4-7, 8-10
    book = csv_workbook(
        source, tmp_path / "export.xlsx", {(8, "识别监测时间"): (45123, None)}, header_line=3, date_1904=True
    )
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    run = run_cli("score", book, *SCORE_ARGS, "--engine", engine_name, "--lang", lang, "--out", out,
                  "--errors", errors)  # fmt: skip
    assert run.code == 3, run.err
    refused = {(int(r["line"]), r["column"]): r["reason"] for r in read_csv(errors) if r["column"]}
    assert refused == {(8, "识别监测时间"): reason_text(number_for_month(45123, date_1904=True), lang)}  # lines 9, 10:
    # its household's other rows, not scored for it
