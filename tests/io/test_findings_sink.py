"""The findings workbook written by :mod:`fanpin.io.findings`: a run stopped while its sheets are written
leaves nothing behind that the garbage collector would later complain about."""

from __future__ import annotations

import gc
import sys
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from fanpin.io import findings
from fanpin.io.workbook import _text as text  # the cell writer the findings workbook calls
from fanpin.results.findings import FINDING_SCHEMA


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
