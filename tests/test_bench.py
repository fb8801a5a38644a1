"""``make bench`` at a tiny size, so that it keeps running: every figure of the table is measured and
printed beside its target. No time is asserted (the machine is shared; only the bench's ratios count)."""

from __future__ import annotations

import sys
from typing import Any
from unittest import mock

import pytest

from tests.paths import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

import durable_path  # benchmarks/ is a folder of scripts, put on the path above
import run_all

#: What ``benchmarks/durable_path.py`` returns: its figures, then the first calls in fresh interpreters.
DURABLE = {"households_per_s", "households_per_cpu_s", "p50_us", "p90_us", "p99_us", "rss_growth_kib", "validate_us"}
FIRST_CALLS = {"first_call_ms", "scorer_load_ms", "first_batch_call_ms"}


def test_the_bench_prints_every_figure_against_its_target(capsys: pytest.CaptureFixture[str]) -> None:
    # Each figure's cost here is its child processes' start, not its size: a third to a quarter of the
    # sizes it had (3000, 1500, 400, 4000, 2000, 300, 5000) takes about a quarter less time.
    tiny = run_all.Sizes(
        households=1000, formats=500, export=100, streamed=1000, durable=500, zen=100, scale=2000, repeats=1,
        export_scale=200, format_repeats=1,
    )  # fmt: skip
    durable: list[dict[str, Any]] = []

    def kept(*args: Any, **kwargs: Any) -> dict[str, Any]:
        durable.append(measure(*args, **kwargs))
        return durable[-1]

    measure = durable_path.main
    with mock.patch.object(durable_path, "main", kept):
        rows = run_all.main(tiny, scale=True)
    printed = capsys.readouterr().out
    # The per-household path's figures, and its first calls each measured in a fresh interpreter
    (figures,) = durable
    assert set(figures) == DURABLE | FIRST_CALLS
    assert all(isinstance(v, float) and v > 0 for k, v in figures.items() if k != "rss_growth_kib")
    assert figures["p50_us"] <= figures["p90_us"] <= figures["p99_us"]
    for line in ("households/s", "p50 µs", "p90 µs", "RSS growth KiB", "read facts", "explanations (flags)"):
        assert line in printed
    names = [name for name, *_ in rows]
    for figure in (
        "I/O floor",
        "validate + derive / read",
        "JSON Lines / CSV",
        "Parquet / CSV",
        "export / its I/O floor",
        "export with --workers",
        "export with --findings / without",
        "export sorted by 与户主关系",
        "streamed 1,000 households",
        "durable p50",
        "durable households/s",
        "first call",
        "scale: 2,000 households",
        "scale: a person-level export of 200 households",
    ):
        assert any(figure in name for name in names), figure
    table = printed[printed.index("| figure | measured | target | met |") :]
    assert len(table.strip().splitlines()) == len(rows) + 2
    for name, measured, target, _ in rows:
        assert f"| {name} | {measured} | {target} |" in table
        assert any(c.isdigit() for c in measured), (name, measured)
