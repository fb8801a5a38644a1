"""Where a run writes when no errors file is named: next to the input (README, "The errors file"), on
both engines, from the command line and from the library, whatever the current folder and the output."""

from __future__ import annotations

from pathlib import Path

import pytest

from fanpin import Engine
from fanpin.batch import BatchEngine
from fanpin.pipeline import default_errors_path, score_path
from tests.helpers import AS_OF, REGION, households_file, read_csv, run_cli


def _folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, Path]:
    data, out, elsewhere = tmp_path / "data", tmp_path / "out", tmp_path / "elsewhere"
    for folder in (data, out, elsewhere):
        folder.mkdir()
    monkeypatch.chdir(elsewhere)
    return households_file(data / "in.csv", [20000, "abc", 30000]), out, elsewhere


def test_the_command_writes_the_errors_file_next_to_the_input(
    engine_name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, out, elsewhere = _folders(tmp_path, monkeypatch)
    code, _, err = run_cli(
        "score", source, "--as-of", AS_OF, "--region", REGION, "--out", out / "o.csv", "--engine", engine_name
    )
    assert code == 3
    errors = source.with_name("in.rejected.csv")
    assert [r["household_id"] for r in read_csv(errors)] == ["H2"]
    assert f"→ {errors}" in err
    assert list(elsewhere.iterdir()) == []
    assert sorted(p.name for p in out.iterdir()) == ["o.csv"]


def test_the_library_writes_the_errors_file_next_to_the_input(
    either_engine: Engine | BatchEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, out, elsewhere = _folders(tmp_path, monkeypatch)
    summary = score_path(either_engine, source, out / "o.jsonl", as_of=AS_OF, region=REGION, fmt="jsonl")
    assert (summary.scored, summary.rejected) == (2, 1)
    assert default_errors_path(source) == source.with_name("in.rejected.csv")
    assert [r["household_id"] for r in read_csv(default_errors_path(source))] == ["H2"]
    assert list(elsewhere.iterdir()) == [] and sorted(p.name for p in out.iterdir()) == ["o.jsonl"]
