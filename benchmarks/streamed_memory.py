"""Benchmark: peak memory and time while ``fanpin score`` streams a large household file (README
"Performance": 10 M households under 2 GiB; ``make bench-scale``: 30 M, national scale), or with
``--export`` a large person-level export (``make bench-scale``: 10 M households, some 30 M member rows).

The realistic synthetic household table (:mod:`fanpin.synthetic`) is generated a million rows at a time
into a temporary folder; ``fanpin score`` then runs in a child process on the batch path, and its peak
resident set size is read from the kernel (:mod:`measure`) — the whole run: reading, validating,
scoring and writing. The folder is deleted afterwards.

With ``--export`` the file is the synthetic person-level export (about three member rows a household, 1.6 KB
a household: 16 GB for 10 M), scored with the data checks (``--checks with``) by the default processes: the
export's two passes, the first of which notes every household, are what grows with the file.

Usage: ``python benchmarks/streamed_memory.py [ROWS] [--chunk-rows N] [--export]`` (default 10 000 000).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any

from measure import fanpin_score

from fanpin.synthetic import EXPORT_REGION, write_household_csv, write_person_export_csv

TARGET_MIB = 2048


def main(
    rows: int, chunk_rows: int | None = None, folder: Path | None = None, *, export: bool = False
) -> dict[str, Any]:
    """``rows``: the households (of the household table, or with ``export`` of the person-level export)."""
    with tempfile.TemporaryDirectory(prefix="fanpin-bench-", dir=folder) as name:
        source, out, errors = (Path(name) / n for n in ("in.csv", "scored.csv", "errors.csv"))
        start = time.perf_counter()
        (write_person_export_csv if export else write_household_csv)(source, rows)
        generated = time.perf_counter() - start
        size_mb = source.stat().st_size / 1e6
        options = ["--chunk-rows", str(chunk_rows)] if chunk_rows else []
        if export:
            options += ["--region", EXPORT_REGION, "--checks", "with"]
        child = fanpin_score(source, out, errors, *options)
        out_mb = out.stat().st_size / 1e6
    result = {
        "rows": rows,
        "seconds": child.seconds,
        "households_per_s": rows / child.seconds,
        "peak_rss_mib": child.peak_mib,
        "heap_mib": child.heap_mib,
        "ratio": child.peak_mib / TARGET_MIB,
        "in_mb": size_mb,
        "out_mb": out_mb,
    }
    print(
        f"streamed: {rows:,} households{' (a person-level export)' if export else ''}, "
        f"{size_mb:,.0f} MB CSV in (generated in {generated:.0f} s), "
        f"{out_mb:,.0f} MB out"
    )
    print(f"  {child.seconds:.0f} s, {rows / child.seconds:,.0f} households/s, peak RSS {child.peak_mib:.0f} MiB")
    print(f"  (heap {child.heap_mib:.0f} MiB, mapped input {child.file_mib:.0f} MiB; target < {TARGET_MIB} MiB)")
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("rows", nargs="?", type=int, default=10_000_000)
    parser.add_argument("--chunk-rows", type=int, default=None)
    parser.add_argument("--export", action="store_true", help="a person-level export of ROWS households")
    arguments = parser.parse_args()
    main(arguments.rows, arguments.chunk_rows, export=arguments.export)
