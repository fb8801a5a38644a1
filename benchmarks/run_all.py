"""``make bench``: every figure of README "Performance", each beside its target, in one table.

Each benchmark measures fanpin and its reference (the I/O floor, CSV output, zen-engine) side by side
in this one run; the machine may be shared and noisy, so ratios are compared, and where a run is
repeated the median of alternating runs is given with its spread. The inputs are the realistic
synthetic files of :mod:`fanpin.synthetic`, generated into temporary folders.

Usage: ``python benchmarks/run_all.py [--quick] [--scale] [--export-households N]``

- ``--quick``: a tenth of every size, one round: a smoke run.
- ``--scale``: also stream 30 M households (national scale) and a person-level export of 10 M: time and
  peak memory (``make bench-scale``; some 25 GB of disk and an hour on two cores).
"""

from __future__ import annotations

import argparse
import runpy
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# The steps timed in this process (the batch path's profile, the batch engine beside zen-engine) run with
# the allocator setting of ``fanpin score`` (fanpin/_allocator.py, run here before polars loads: importing
# it would import the package first). polars' own setting hands freed pages back within half a second,
# and a fresh page costs this machine's host a fault: the profile's steps were timed with another
# allocator than the command's chunks are.
runpy.run_path(str(Path(__file__).resolve().parent.parent / "fanpin" / "_allocator.py"))

import batch_path  # noqa: E402 - after the allocator's setting
import durable_path  # noqa: E402
import export_path  # noqa: E402
import formats  # noqa: E402
import streamed_memory  # noqa: E402


@dataclass(frozen=True)
class Sizes:
    households: int = 1_000_000  # (a) the batch path, CSV in and out
    formats: int = 200_000  # (b) output formats side by side
    # (c) person-level export: households (≈ 3 member rows each). The size is 1 000 000; the
    # export path reads about 7 000 households a second on this 2-core machine (docs/scale.md), so some
    # 2½ minutes at that size, some six times over (the default and its floor `repeats` times, then once
    # each the other choice of workers, --findings and the export sorted): `--export-households 1000000`
    # runs it.
    export: int = 100_000
    streamed: int = 10_000_000  # (d) streamed peak memory
    durable: int = 1_000_000  # (e) durable path, evaluations
    zen: int = 200_000  # (f) batch rule outcomes vs zen-engine
    scale: int = 30_000_000  # (g) national scale, with --scale
    repeats: int = 3
    export_scale: int = 10_000_000  # (h) a person-level export streamed, with --scale
    # (b)'s rounds: JSON Lines against CSV is a ratio near its target whose rounds spread widely (1.15-1.68
    # in two runs of three rounds, 2026-12-04): five rounds, about 20 s more.
    format_repeats: int = 5


FULL = Sizes()
QUICK = Sizes(100_000, 20_000, 10_000, 1_000_000, 100_000, 20_000, 3_000_000, 1, 1_000_000, 1)


def _pairs(spread: str) -> str:
    """The spread of a median's pairs as the table states it ("one run" as it is)."""
    return spread if spread == "one run" else f"pairs {spread}"


def first_call_ms() -> float:
    """The first ``Scorer.assess`` on a fresh Scorer in a fresh process (imports excluded), in ms."""
    code = (
        "import time\nfrom datetime import date\nfrom fanpin import Scorer\n"
        "s = Scorer()\nt = time.perf_counter()\n"
        "s.assess({'household_id': 'H1', 'region_code': '532328', 'household_type': '脱贫户', 'size': 3,"
        " 'wage_income': 9000, 'business_income': 0, 'property_income': 0, 'transfer_income': 1200},"
        " as_of=date(2025, 6, 30))\nprint((time.perf_counter() - t) * 1000)\n"
    )
    return float(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout)


Row = tuple[str, str, str, bool | None]


def table(
    sizes: Sizes,
    a: dict[str, Any],
    b: dict[str, Any],
    c: dict[str, Any],
    d: dict[str, Any],
    e: dict[str, Any],
    first_ms: float,
    f: dict[str, Any] | None,
    g: dict[str, Any] | None,
    h: dict[str, Any] | None = None,
) -> list[Row]:
    steps = a["steps"]
    rows: list[Row] = [
        (
            f"batch `fanpin score` / I/O floor, {sizes.households:,} households CSV",
            f"{a['ratio']:.2f} ({a['ratio_spread']})",
            "≤ 2",
            a["ratio"] <= 2,
        ),
        (
            f"validate + derive / read, {int(steps['rows']):,} rows",
            f"{steps['validate / read']:.1f} ({steps['validate spread']:.1f}–{steps['validate spread max']:.1f})",
            "≤ 2",
            steps["validate / read"] <= 2,
        ),
        (
            f"JSON Lines / CSV output time, {sizes.formats:,}",
            f"{b['jsonl']['ratio']:.2f} ({b['jsonl']['spread']})",
            "≤ 1.5",
            b["jsonl"]["ratio"] <= 1.5,
        ),
        (
            "JSON Lines peak RSS (CSV's)",
            f"{b['jsonl']['peak_mib']:.0f} MiB ({b['csv']['peak_mib']:.0f})",
            "bounded",
            None,
        ),
        (
            f"Parquet / CSV output time, {sizes.formats:,}",
            f"{b['parquet']['ratio']:.2f} ({b['parquet']['spread']})",
            "≤ 1.5",
            b["parquet"]["ratio"] <= 1.5,
        ),
        ("Parquet peak RSS", f"{b['parquet']['peak_mib']:.0f} MiB", "bounded", None),
        (
            f"export / its I/O floor, {c['member_rows']:,} member rows, --checks with, "
            + ("one process" if c["workers"] == 1 else f"{c['workers']} workers"),
            f"{c['ratio']:.1f} ({_pairs(c['spread'])}; {c['seconds']:.1f} s / floor {c['floor_s']:.2f} s)",
            "≤ 3",
            c["ratio"] <= 3,
        ),
        (
            f"export with --workers {c['other_workers']} / the default",
            f"{c['default_gain']:.2f} ({c['other_s']:.1f} s, peak {c['other_peak_mib']:.0f} MiB)",
            "—",
            None,
        ),
        (
            "export with --findings / without",
            f"{c['findings_cost']:.2f} ({c['findings']:,} findings)",
            "—",
            None,
        ),
        (
            "export sorted by 与户主关系 / in household order (rows far apart)",
            f"{c['sorted_cost']:.2f} (peak {c['sorted_peak_mib']:.0f} MiB)",
            "—",
            None,
        ),
        (
            f"export peak RSS, all processes, {c['households']:,} households",
            f"{c['peak_mib']:.0f} MiB",
            "< 2048 MiB",
            c["peak_mib"] < 2048,
        ),
        (
            f"streamed {sizes.streamed:,} households (a household table): peak RSS",
            f"{d['peak_rss_mib']:.0f} MiB",
            "< 2048 MiB",
            d["peak_rss_mib"] < 2048,
        ),
        ("durable p50, one household at a time", f"{e['p50_us']:.0f} µs", "≤ 80 µs", e["p50_us"] <= 80),
        ("durable households/s", f"{e['households_per_s']:,.0f}", "≥ 10 000", e["households_per_s"] >= 10_000),
        *(
            [
                (
                    "durable households per CPU second",
                    f"{e['households_per_cpu_s']:,.0f}",
                    "≥ 10 000",
                    e["households_per_cpu_s"] >= 10_000,
                )
            ]
            if "households_per_cpu_s" in e
            else []
        ),
        (
            f"durable RSS growth over {sizes.durable:,} evaluations",
            f"{e['rss_growth_kib']:,.0f} KiB",
            "flat",
            None,
        ),
        ("first call on a fresh Scorer", f"{first_ms:.0f} ms", "≤ 50 ms", first_ms <= 50),
    ]
    if f is not None:
        rows.append(
            (
                "batch rule outcomes / zen-engine, median of alternating rounds",
                f"{f['outcomes_ratio']:.0f}× ({f['outcomes_ratio_low']:.0f}–{f['outcomes_ratio_high']:.0f})",
                "≥ 100×",
                f["outcomes_ratio"] >= 100,
            )
        )
    if g is not None:
        rows.append(
            (
                f"scale: {g['rows']:,} households streamed",
                f"{g['seconds'] / 60:.0f} min, {g['peak_rss_mib']:.0f} MiB",
                "stated",
                None,
            )
        )
    if h is not None:
        rows.append(
            (
                f"scale: a person-level export of {h['rows']:,} households streamed, `--checks with`: peak RSS",
                f"{h['peak_rss_mib']:.0f} MiB ({h['seconds'] / 60:.0f} min)",
                "< 2 GiB",
                h["peak_rss_mib"] < streamed_memory.TARGET_MIB,
            )
        )
    return rows


def main(sizes: Sizes, scale: bool = False) -> list[Row]:
    print("== (e) durable-rules, one household at a time ==")  # first: its RSS growth is not the others'
    e = durable_path.main(sizes.durable, runs=sizes.repeats)
    # durable_path measures the first call in fresh interpreters itself; this is the fallback
    first_ms = e["first_call_ms"] if "first_call_ms" in e else first_call_ms()
    print("\n== (a) batch path vs the I/O floor, and its steps ==")
    a = batch_path.main(sizes.households, sizes.repeats)
    print("\n== (b) output formats ==")
    b = formats.main(sizes.formats, sizes.format_repeats)
    print("\n== (c) the person-level export ==")
    c = export_path.main(sizes.export, sizes.repeats)
    print("\n== (d) streamed memory ==")
    d = streamed_memory.main(sizes.streamed)
    print("\n== (f) batch path vs zen-engine ==")
    try:
        import zen_engine  # the bench extra (zen-engine): `make bench` installs it
    except ImportError as missing:
        print(f"skipped: {missing} (pip install -e '.[bench]')")
        f = None
    else:
        f = zen_engine.main(sizes.zen)
    g = h = None
    if scale:
        print("\n== (g) national scale ==")
        g = streamed_memory.main(sizes.scale)
        print("\n== (h) a person-level export at scale ==")
        h = streamed_memory.main(sizes.export_scale, export=True)
    rows = table(sizes, a, b, c, d, e, first_ms, f, g, h)
    print("\n| figure | measured | target | met |\n|---|---|---|---|")
    for name, value, target, met in rows:
        print(f"| {name} | {value} | {target} | {'—' if met is None else 'yes' if met else 'no'} |")
    return rows


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="a tenth of every size, one round")
    parser.add_argument("--scale", action="store_true", help="also stream 30 M households")
    parser.add_argument("--export-households", type=int, default=None, help="households in the export benchmark")
    arguments = parser.parse_args()
    chosen = QUICK if arguments.quick else FULL
    if arguments.export_households:
        chosen = Sizes(**{**chosen.__dict__, "export": arguments.export_households})
    main(chosen, arguments.scale)
