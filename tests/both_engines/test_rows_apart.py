"""An export whose households' rows are far apart (a clerk sorted the sheet by 与户主关系: every head, then
every spouse …) scores as the same export in household order, on both engines and with worker processes,
and the run says that it grouped the rows on disk (:func:`fanpin.io.export._grouped_apart`)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

import fanpin.io.export as export
from fanpin.io.export import FAR_APART
from fanpin.messages import message
from fanpin.synthetic import EXPORT_REGION, sorted_by_relationship, write_person_export_csv
from tests.helpers import AS_OF, run_cli


def _scored(source: Path, folder: Path, *options: object) -> tuple[pl.DataFrame, str, str]:
    out, errors = folder / f"{source.stem}.out.csv", folder / f"{source.stem}.errors.csv"
    run = run_cli("score", source, "--as-of", AS_OF, "--region", EXPORT_REGION, "--checks", "with",
                  "--out", out, "--errors", errors, *options)  # fmt: skip
    assert run.code in (0, 3), run.err
    return pl.read_csv(out, infer_schema=False).sort("户编号"), errors.read_text(encoding="utf-8-sig"), run.err


@pytest.mark.parametrize("workers", ["1", "2"])
def test_an_export_sorted_by_relationship_scores_as_in_household_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine_name: str, workers: str
) -> None:
    together = write_person_export_csv(tmp_path / "together.csv", 60)
    apart = sorted_by_relationship(together, tmp_path / "apart.csv")
    monkeypatch.setattr(export, "HELD_ROWS", 20)  # the sorted file holds all 60 households (~180 rows)
    options = ("--engine", engine_name, "--workers", workers, "--chunk-rows", "25")
    in_order, in_order_errors, in_order_said = _scored(together, tmp_path, *options)
    sorted_, sorted_errors, sorted_said = _scored(apart, tmp_path, *options)
    assert in_order.height == 60 and in_order_errors == sorted_errors
    assert sorted_.equals(in_order)
    assert f"note: {FAR_APART}" in sorted_said and "far apart" not in in_order_said


def test_the_note_in_chinese() -> None:
    assert message("note", FAR_APART, "zh") == (
        "fanpin: 注意：各户的成员行在文件中相隔较远（是否按其他列排过序？）：已在临时文件中按户归组，用时会长一些"
    )
