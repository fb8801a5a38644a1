"""``benchmarks/durable_path.py`` runs in a tiny size and returns what ``make bench`` tabulates. Its
timings are printed, never asserted: the machine is shared and only ratios measured side by side mean
anything."""

from __future__ import annotations

import sys

import pytest

from tests.paths import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

import durable_path  # found through the path set just above

KEYS = {"households_per_s", "households_per_cpu_s", "p50_us", "p90_us", "p99_us", "rss_growth_kib", "validate_us"}
FIRST_CALLS = {"first_call_ms", "scorer_load_ms", "first_batch_call_ms"}


def test_the_durable_benchmark_runs_in_a_tiny_size(capsys: pytest.CaptureFixture[str]) -> None:
    result = durable_path.main(300, fresh=False)
    assert set(result) == KEYS
    assert all(isinstance(v, float) and v >= 0 for k, v in result.items() if k != "rss_growth_kib")
    assert result["p50_us"] <= result["p90_us"] <= result["p99_us"]
    out = capsys.readouterr().out
    for line in ("households/s", "p50 µs", "p90 µs", "RSS growth KiB", "read facts", "explanations (flags)"):
        assert line in out


def test_the_first_calls_are_measured_in_fresh_interpreters() -> None:
    calls = durable_path.first_calls(runs=1)
    assert set(calls) == FIRST_CALLS
    assert all(isinstance(v, float) and v > 0 for v in calls.values())
