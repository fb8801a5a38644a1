"""``make bench`` at a tiny size, so that it keeps running: every figure of the table is measured and
printed beside its target. No time is asserted (the machine is shared; only the bench's ratios count)."""

from __future__ import annotations

import sys

import pytest

from tests.paths import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

import run_all  # benchmarks/ is a folder of scripts, put on the path above


def test_the_bench_prints_every_figure_against_its_target(capsys: pytest.CaptureFixture[str]) -> None:
    tiny = run_all.Sizes(
        households=3000, formats=1500, export=400, streamed=4000, durable=2000, zen=300, scale=5000, repeats=1
    )
    rows = run_all.main(tiny, scale=True)
    printed = capsys.readouterr().out
    names = [name for name, *_ in rows]
    for figure in (
        "I/O floor",
        "validate + derive / read",
        "JSON Lines / CSV",
        "Parquet / CSV",
        "export / its I/O floor",
        "export with --findings / without",
        "streamed 4,000 households",
        "durable p50",
        "durable households/s",
        "first call",
        "scale: 5,000 households",
    ):
        assert any(figure in name for name in names), figure
    table = printed[printed.index("| figure | measured | target | met |") :]
    assert len(table.strip().splitlines()) == len(rows) + 2
    for name, measured, target, _ in rows:
        assert f"| {name} | {measured} | {target} |" in table
        assert any(c.isdigit() for c in measured), (name, measured)
