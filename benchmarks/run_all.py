"""``make bench``: the four benchmarks of README "Performance", one after another, then their ratios in one table.

Each benchmark measures fanpin and its reference (the I/O floor, zen-engine, the targets) side by side in
the same run; the machine is shared and noisy, so only ratios are compared, never absolute times.

Usage: ``python benchmarks/run_all.py [--quick]`` (``--quick``: a tenth of the sizes, for a smoke run).
"""

from __future__ import annotations

import sys

import batch_path
import durable_path
import streamed_memory
import zen_engine


def main(quick: bool) -> None:
    scale = 10 if quick else 1
    # (c) first: its RSS growth must not include memory the other benchmarks free in the meantime.
    print("== (c) durable-rules, one household at a time ==")
    c = durable_path.main(1_000_000 // scale)
    print("\n== (a) batch path vs the I/O floor ==")
    a = batch_path.main(1_000_000 // scale)
    print("\n== (b) batch path vs zen-engine ==")
    b = zen_engine.main(200_000 // scale)
    print("\n== (d) 10 M households streamed ==")
    d = streamed_memory.main(10_000_000 // scale)
    rows = [
        (f"(a) batch / I/O floor, {1_000_000 // scale:,} CSV", f"{a['ratio']:.2f}", "<= 2", a["ratio"] <= 2),
        ("(b) batch rule outcomes / zen-engine", f"{b['outcomes_ratio']:.1f}", ">= 100", b["outcomes_ratio"] >= 100),
        ("(b) batch rules + flag lists / zen-engine", f"{b['ratio']:.1f}", ">= 100", b["ratio"] >= 100),
        (
            "(c) durable households/s / 5 000",
            f"{c['households_per_s'] / 5000:.2f}",
            ">= 1",
            c["households_per_s"] >= 5000,
        ),
        ("(c) 150 µs / durable p50", f"{150 / c['p50_us']:.2f}", ">= 1", c["p50_us"] <= 150),
        (f"(d) peak RSS / 2 GiB, {10_000_000 // scale:,} streamed", f"{d['ratio']:.2f}", "< 1", d["ratio"] < 1),
    ]
    print(f"\n{'ratio':<40}{'measured':>10}{'target':>10}  met")
    for name, value, target, met in rows:
        print(f"{name:<40}{value:>10}{target:>10}  {'yes' if met else 'no'}")
    print(f"(c) RSS growth over {1_000_000 // scale} evaluations: {c['rss_growth_kib']} KiB (target: flat)")


if __name__ == "__main__":
    main("--quick" in sys.argv)
