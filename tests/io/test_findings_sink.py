"""The findings workbook written by :mod:`fanpin.io.findings`: a run stopped while its sheets are written
leaves nothing behind that the garbage collector would later complain about."""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from openpyxl import load_workbook

from fanpin.io import findings
from fanpin.io.workbook import CELL_CHARACTERS
from fanpin.io.workbook import _text as text  # the cell writer the findings workbook calls
from fanpin.results.findings import FINDING_SCHEMA
from fanpin.results.sentences import Lang


def test_an_interrupted_findings_workbook_leaves_no_sheet_writer_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C (or SIGTERM) while the sheets were written left each sheet's row writer open: collected later,
    each tried to end its sheet in a closed file, and Python printed up to thirty tracebacks after fanpin's
    "interrupted" (exit 130 all the same)."""
    rows = pl.DataFrame({c: [None] * 40 for c in FINDING_SCHEMA}, schema=FINDING_SCHEMA).with_columns(
        code=pl.Series([f"1_01_{n % 4:03d}" for n in range(40)]), message=pl.lit("m")
    )
    written = {"cells": 0}

    def stopped(sheet: Any, value: Any, *args: Any) -> Any:  # Ctrl-C after a few sheets' rows
        written["cells"] += 1
        if written["cells"] > 120:
            raise KeyboardInterrupt
        return text(sheet, value, *args)

    monkeypatch.setattr(findings, "_text", stopped)
    ignored: list[Any] = []
    monkeypatch.setattr(sys, "unraisablehook", ignored.append)
    with pytest.raises(KeyboardInterrupt):
        findings._write_workbook(tmp_path / "findings.xlsx", rows, "zh", date(2025, 6, 30))
    gc.collect()
    assert written["cells"] > 120 and ignored == []
    assert not (tmp_path / "findings.xlsx").exists()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_text_cut_to_fit_a_cell_says_so_in_the_runs_language(tmp_path: Path, lang: Lang) -> None:
    """A finding's text longer than a cell holds (a 户编号 of 40 000 characters, its 填报值 too) is cut with a
    note: the note was Chinese in an English worksheet (the cells were written without the run's language),
    in the summary, the plain cells and the wrapped ones alike."""
    long = "H" + "8" * 40_000
    rows = pl.DataFrame({c: [None] for c in FINDING_SCHEMA}, schema=FINDING_SCHEMA).with_columns(
        code=pl.lit("1_02_001"),
        message=pl.lit("m"),
        county=pl.lit(long),
        household_id=pl.lit(long),
        values=pl.lit(long),
    )
    findings._write_workbook(tmp_path / "findings.xlsx", rows, lang, date(2025, 6, 30))
    cut = _cells(tmp_path / "findings.xlsx", lambda v: bool(v) and len(str(v)) > 100)
    note = (
        "40001 字，超出 Excel 单元格上限" if lang == "zh" else "the text has 40001 characters, more than an Excel cell"
    )
    assert len(cut) == 4  # the summary's 县, and the code sheet's 县, 户编号 and 填报值
    assert all(isinstance(v, str) and len(v) == CELL_CHARACTERS and note in v for v in cut)


def _cells(path: Path, wanted: Callable[[object], bool]) -> list[object]:
    """The cells of every sheet of the workbook at ``path`` that are ``wanted``."""
    workbook = load_workbook(path, read_only=True)
    try:
        return [v for ws in workbook.worksheets for r in ws.iter_rows(values_only=True) for v in r if wanted(v)]
    finally:
        workbook.close()


def _excel_length(text: str) -> int:
    """The length of ``text`` as Excel counts it: in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_text_of_characters_beyond_the_basic_plane_is_cut_to_what_excel_holds(tmp_path: Path, lang: Lang) -> None:
    """Excel counts a cell's 32 767 characters in UTF-16 code units: a character of CJK Extension B (𬇙, written
    in some names of people and places) takes two. A finding's text of 20 000 such characters was under the
    limit counted by character and written whole: 40 000 to Excel, which called the workbook damaged and cut
    the cell when repairing it. It is cut with the note, whole characters, within Excel's count."""
    long = "𬇙" * 20_000
    rows = pl.DataFrame({c: [None] for c in FINDING_SCHEMA}, schema=FINDING_SCHEMA).with_columns(
        code=pl.lit("1_02_001"), message=pl.lit("m"), village=pl.lit(long), basis=pl.lit(long)
    )
    findings._write_workbook(tmp_path / "findings.xlsx", rows, lang, date(2025, 6, 30))
    cut = _cells(tmp_path / "findings.xlsx", lambda v: isinstance(v, str) and "𬇙" in v)
    note = "20000 字，超出 Excel 单元格上限" if lang == "zh" else "the text has 20000 characters"
    assert len(cut) == 3  # the summary's 村, and the code sheet's 村 and 判断依据
    assert all(
        isinstance(v, str) and note in v and CELL_CHARACTERS - 1 <= _excel_length(v) <= CELL_CHARACTERS for v in cut
    )
    # whole characters, never half of one
    assert all(str(v).startswith("𬇙" * 10_000) and "\ufffd" not in str(v) for v in cut)


def test_a_findings_workbook_past_the_most_files_the_system_allows_is_told(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each code's sheet is a temporary file held open until the workbook is saved: past the system's most
    open files (100 here) the worksheet is an OutputError saying what to write instead, not an internal
    error."""
    from fanpin.errors import OutputError
    from fanpin.io import workbook

    monkeypatch.setattr(workbook, "open_files_limit", lambda: (100, 100))
    rows = pl.DataFrame({c: [None] * 60 for c in FINDING_SCHEMA}, schema=FINDING_SCHEMA).with_columns(
        code=pl.Series([f"9_01_{n:03d}" for n in range(60)]), message=pl.lit("m")
    )
    with pytest.raises(OutputError, match="the workbook has more than 36 codes") as raised:
        findings._write_workbook(tmp_path / "findings.xlsx", rows, "zh", date(2025, 6, 30))
    assert raised.value.fix == "write the findings as CSV or Parquet instead (--findings findings.csv)"
    assert not (tmp_path / "findings.xlsx").exists()
