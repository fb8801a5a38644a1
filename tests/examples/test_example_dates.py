"""The example data is scored at AS_OF (the README, ``make demo``: ``--as-of 2025-06-30``), and none of its months
or dates is after it: a 识别监测时间 or 消除监测时间 after the evaluation date's month, or a member born after it,
makes every run on the example print a note about the project's own data (make_households.py drew monitoring
months up to 2025-11, make_export.py eliminated households a year after an identification of late 2024).

A loan's 贷款到期日 is the one date that may be later: a due date is in the future until the loan falls due, and
credit.repayment_risk reads the days until it."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from fanpin.io import ExportHousehold, ReadRow, read_export, read_households
from fanpin.model.values import Month
from tests.examples.conftest import load_example
from tests.helpers import AS_OF, REGION, score_file
from tests.paths import EXAMPLE_DATA, EXPORT_GBK_CSV, EXPORT_HOUSEHOLDS_CSV, EXPORT_XLSX, HOUSEHOLDS_CSV

LAST_MONTH = f"{AS_OF:%Y%m}"
MONTHS = ("识别监测时间", "消除监测时间")
TABLES = (HOUSEHOLDS_CSV, EXAMPLE_DATA / "households-gbk.csv", EXPORT_HOUSEHOLDS_CSV)
EXPORTS = (EXPORT_XLSX, EXPORT_GBK_CSV)


def _months_in_order(identified: Month | None, eliminated: Month | None, where: str) -> None:
    for month in (identified, eliminated):
        assert month is None or month <= LAST_MONTH, f"{where}: {month} is after {LAST_MONTH}"
    if identified is not None and eliminated is not None:
        assert eliminated >= identified, f"{where}: eliminated {eliminated} before identified {identified}"


@pytest.mark.parametrize("path", TABLES, ids=lambda p: p.name)
def test_no_monitoring_month_of_a_household_table_is_after_as_of(path: Path) -> None:
    _, rows = read_households(path, region=REGION)
    households = [row.household for row in rows if isinstance(row, ReadRow)]
    assert households
    for h in households:
        _months_in_order(h.identified_month, h.eliminated_month, f"{path.name} {h.household_id}")


@pytest.mark.parametrize("path", EXPORTS, ids=lambda p: p.name)
def test_no_month_or_birth_date_of_the_export_is_after_as_of(path: Path) -> None:
    _, items = read_export(path, region=REGION)
    households = [item for item in items if isinstance(item, ExportHousehold)]
    assert households
    for item in households:
        h = item.household
        _months_in_order(h.identified_month, h.eliminated_month, f"{path.name} {h.household_id}")
        for member, line in zip(item.members, item.lines, strict=True):
            for born in (member.recorded_birth_date, member.birth_date):  # 出生日期, and the date in 证件号码
                assert born is None or born <= AS_OF, f"{path.name} line {line}: born {born}"


def _cells(frame: pl.DataFrame, column: str) -> list[str]:
    """The column's cells as written (a ``.0`` tail dropped), the empty ones left out."""
    return [v.removesuffix(".0") for v in frame[column].drop_nulls().to_list() if v.strip()]


@pytest.mark.parametrize("path", (HOUSEHOLDS_CSV, EXPORT_HOUSEHOLDS_CSV, EXPORT_GBK_CSV), ids=lambda p: p.name)
def test_the_rows_fanpin_refuses_have_no_later_month_either(path: Path) -> None:
    """The text of every row, the deliberately invalid ones too (the readers above give only the valid rows)."""
    export = path == EXPORT_GBK_CSV
    source = path.read_bytes().decode("gbk" if export else "utf-8").encode()
    frame = pl.read_csv(source, skip_rows=2 if export else 0, infer_schema=False)
    for column in MONTHS:
        later = [v for v in _cells(frame, column) if len(v) == 6 and v.isdecimal() and v > LAST_MONTH]
        assert later == [], f"{path.name} {column}"
    births = _cells(frame, "出生日期") if export else []  # YYYYMMDD
    ids = _cells(frame, "证件号码" if export else "户主证件号码")
    births += [v[6:14] for v in ids if len(v) >= 18 and v[6:14].isdecimal() and not v.startswith("999999")]
    assert births and max(births) <= f"{AS_OF:%Y%m%d}", path.name


def test_make_households_regenerates_the_committed_files(tmp_path: Path) -> None:
    """The generator is seeded: the committed household tables are its output (make_export.py's own test is
    tests/io/test_export.py::test_the_script_regenerates_the_committed_files)."""
    assert load_example("make_households").main(["--out-dir", str(tmp_path)]) == 0
    for name in ("households.csv", "households-gbk.csv"):
        assert (tmp_path / name).read_bytes() == (EXAMPLE_DATA / name).read_bytes(), name


@pytest.mark.parametrize(
    ("source", "options"), [(HOUSEHOLDS_CSV, ()), (EXPORT_XLSX, ("--checks", "with"))], ids=["table", "export"]
)
def test_scoring_the_example_as_make_demo_does_notes_nothing(
    source: Path, options: tuple[str, ...], engine_name: str, tmp_path: Path
) -> None:
    """``make demo`` scores the example at 2025-06-30: the run says what it scored and rejected, and notes nothing
    (it noted the households with a monitoring month after the evaluation date's month)."""
    run = score_file(source, tmp_path / "out.csv", tmp_path / "rejected.csv", "--engine", engine_name, *options)
    assert run.code == 3, run.err  # the example holds deliberately invalid rows
    assert [line for line in run.err.splitlines() if not line.startswith("fanpin: scored ")] == [], run.err


@pytest.mark.parametrize("script", ["make_households", "make_export"])
@pytest.mark.parametrize("place", ["file", "below-a-file", "folder-in-the-way"])
def test_a_generator_told_an_out_dir_it_cannot_write_says_so_without_a_traceback(
    script: str, place: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--out-dir`` naming a file (or a folder below one), or a folder standing where a file of the script
    goes: each had ended in a traceback (FileExistsError, NotADirectoryError, IsADirectoryError)."""
    (tmp_path / "file").write_text("x", encoding="utf-8")
    places = {"file": tmp_path / "file", "below-a-file": tmp_path / "file" / "sub", "folder-in-the-way": tmp_path}
    out_dir = places[place]
    if place == "folder-in-the-way":  # the first file each script writes is a folder already
        (tmp_path / ("households.csv" if script == "make_households" else "export.xlsx")).mkdir()
    assert load_example(script).main(["--out-dir", str(out_dir)]) == 2
    said = capsys.readouterr().err
    assert said.startswith(f"{script}: error: cannot write") and "Fix: give --out-dir a folder" in said, said
    assert ("is a file, not a folder" in said) == (place != "folder-in-the-way"), said
