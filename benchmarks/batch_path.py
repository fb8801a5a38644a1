"""Benchmark: the batch path against the I/O floor, and each step of it (README "Performance").

floor  = polars reads the input CSV + polars writes a CSV table of the scored output's size (over the
         floor's own file of that size, so that the write reuses its pages as ``fanpin score`` does)
batch  = ``fanpin score`` on the batch path in a child process: read in chunks, validate, rules, bands,
         levels, plans and sentences, scored CSV and errors file written

Batch and floor alternate ``repeats`` times in one run; the ratio of each pair is kept and the median
ratio is reported with its spread (the machine is shared: single timings swing, side-by-side ratios
less). The profile times each step on one in-memory frame of up to 200 000 rows, read and validation
alternating too. The input is the realistic synthetic household table (:mod:`fanpin.synthetic`),
generated into a temporary folder and deleted afterwards.

Usage: ``python benchmarks/batch_path.py [ROWS] [--repeats N]`` (default 1 000 000, 3).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
from measure import fanpin_score, lines, median, spread

from fanpin import load_rulebook
from fanpin.batch import BatchEngine
from fanpin.batch.validate import validate
from fanpin.io.sinks import table_sink
from fanpin.results.table import table_schema
from fanpin.synthetic import write_household_csv

AS_OF = date(2025, 6, 30)
PROFILE_ROWS = 200_000


def _timed(work: Any) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


#: Alternating reads and validations of the profile's frame, at least (about half a second a pair): three
#: pairs gave medians of 1.9 to 2.2 on unchanged code, the spread of one pair 1.7 to 2.8.
PROFILE_PAIRS = 7


def profile(source: Path, folder: Path, repeats: int) -> dict[str, float]:
    """Seconds per step on one frame (the first PROFILE_ROWS rows): read and validate alternate, ``repeats``
    times and at least :data:`PROFILE_PAIRS`."""
    batch = BatchEngine(load_rulebook())
    batch.score(pl.DataFrame({"household_id": ["warm-up"]}), as_of=AS_OF, region="532328")  # compile once
    head = folder / "profile-in.csv"
    pl.read_csv(source, infer_schema=False, n_rows=PROFILE_ROWS).write_csv(head)
    raw = pl.read_csv(head, infer_schema=False)
    reads, checks = [], []
    checked: list[pl.DataFrame] = []
    for _ in range(max(repeats, PROFILE_PAIRS)):
        reads.append(_timed(lambda: pl.read_csv(head, infer_schema=False)))
        checked.clear()
        checks.append(_timed(lambda: checked.append(validate(raw)[0])))
    valid = checked[0]
    scored: list[pl.DataFrame] = []
    steps = {
        "rows": float(raw.height),
        "read": median(reads),
        "validate + derive": median(checks),
        "validate / read": median([c / r for c, r in zip(checks, reads, strict=True)]),
        "rules (evaluate)": _timed(lambda: batch.evaluate(valid, as_of=AS_OF)),
        "rules + text (score)": _timed(lambda: scored.append(batch.score(valid, as_of=AS_OF))),
    }
    sink = table_sink("csv", folder / "profile-out.csv", table_schema("zh", []))
    start = time.perf_counter()
    sink.write(scored[0])
    sink.close()
    steps["write (CSV)"] = time.perf_counter() - start
    steps["validate spread"] = min(c / r for c, r in zip(checks, reads, strict=True))
    steps["validate spread max"] = max(c / r for c, r in zip(checks, reads, strict=True))
    return steps


def main(rows: int, repeats: int = 3) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="fanpin-bench-") as name:
        folder = Path(name)
        source, floor_out = folder / "in.csv", folder / "floor.csv"
        scored_out, errors_out = folder / "scored.csv", folder / "errors.csv"
        write_household_csv(source, rows)
        size_mb = source.stat().st_size / 1e6
        batch_times, floors, ratios, peaks = [], [], [], []
        child = None
        for _ in range(repeats):
            child = fanpin_score(source, scored_out, errors_out)
            batch_times.append(child.seconds)
            peaks.append(child.peak_mib)
            scored_table = pl.read_csv(scored_out, infer_schema=False)
            read = _timed(lambda: pl.read_csv(source, infer_schema=False))
            if not floor_out.exists():
                # Every pair's floor rewrites a file of its size, taking back that file's pages: the first
                # one too (a new file's pages are fresh, and here cost the host a fault each: 3.6-6 s).
                scored_table.write_csv(floor_out)
            start = time.perf_counter()
            scored_table.write_csv(floor_out)
            write = time.perf_counter() - start
            del scored_table
            floors.append(read + write)
            ratios.append(batch_times[-1] / floors[-1])
        out_mb = scored_out.stat().st_size / 1e6
        rejected = lines(errors_out) - 1
        steps = profile(source, folder, repeats)
    result = {
        "rows": rows,
        "batch_s": median(batch_times),
        "floor_s": median(floors),
        "ratio": median(ratios),
        "ratio_spread": spread(ratios),
        "households_per_s": rows / median(batch_times),
        "peak_mib": max(peaks),
        "steps": steps,
    }
    print(f"batch path: {rows:,} households, {size_mb:.0f} MB CSV in, {out_mb:.0f} MB scored out, {rejected} rejected")
    print(f"  fanpin score, median of {repeats}: {result['batch_s']:.1f} s; I/O floor {result['floor_s']:.1f} s;")
    print(f"  ratio {result['ratio']:.2f} (pairs {result['ratio_spread']}), peak RSS {max(peaks):.0f} MiB")
    print(f"  profile on one frame of {int(steps['rows']):,} rows (seconds):")
    for step in ("read", "validate + derive", "rules (evaluate)", "rules + text (score)", "write (CSV)"):
        print(f"    {step:<24}{steps[step]:>8.2f}")
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("rows", nargs="?", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    arguments = parser.parse_args()
    main(arguments.rows, arguments.repeats)
