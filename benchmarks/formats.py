"""Benchmark: the batch path's output formats side by side — JSON Lines and Parquet against CSV, time
and peak memory (README "Performance").

The same input (the realistic synthetic household table, :mod:`fanpin.synthetic`) is scored by
``fanpin score`` in a child process into CSV, JSON Lines and Parquet in turn, ``repeats`` rounds; each
round's ratios to that round's CSV time are kept, and the median ratio is reported with its spread.

Usage: ``python benchmarks/formats.py [ROWS] [--repeats N]`` (default 200 000, 3).
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path
from typing import Any

from measure import fanpin_score, median, spread

from fanpin.synthetic import write_household_csv

FORMATS = ("csv", "jsonl", "parquet")


def main(rows: int, repeats: int = 3) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="fanpin-bench-") as name:
        folder = Path(name)
        source = write_household_csv(folder / "in.csv", rows)
        seconds: dict[str, list[float]] = {f: [] for f in FORMATS}
        peaks: dict[str, list[float]] = {f: [] for f in FORMATS}
        for _ in range(repeats):
            for fmt in FORMATS:
                child = fanpin_score(source, folder / f"out.{fmt}", folder / "errors.csv")
                seconds[fmt].append(child.seconds)
                peaks[fmt].append(child.peak_mib)
                (folder / f"out.{fmt}").unlink()
    result: dict[str, Any] = {"rows": rows}
    print(f"output formats: {rows:,} households, median of {repeats} rounds")
    for fmt in FORMATS:
        ratios = [t / c for t, c in zip(seconds[fmt], seconds["csv"], strict=True)]
        result[fmt] = {
            "seconds": median(seconds[fmt]),
            "ratio": median(ratios),
            "spread": spread(ratios),
            "peak_mib": max(peaks[fmt]),
            "memory_ratio": max(peaks[fmt]) / max(peaks["csv"]),
        }
        print(
            f"  {fmt:<8}{median(seconds[fmt]):>8.1f} s  ×CSV {median(ratios):.2f} ({spread(ratios)})"
            f"  peak {max(peaks[fmt]):.0f} MiB"
        )
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("rows", nargs="?", type=int, default=200_000)
    parser.add_argument("--repeats", type=int, default=3)
    arguments = parser.parse_args()
    main(arguments.rows, arguments.repeats)
