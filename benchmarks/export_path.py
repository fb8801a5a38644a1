"""Benchmark: the person-level export path against its own I/O floor (README "Performance").

floor  = polars reads the export CSV (titles skipped) + writes a CSV table of the scored output's size
export = ``fanpin score`` of the export on the batch path, in a child process: member rows read,
         grouped into households, validated (data checks included: ``--checks with``) and scored, with
         the command's default worker processes (:func:`~fanpin.pipeline.workers.default_workers`: one
         fewer than the cores, at most 4; on two cores, none); its peak memory is the sum of each
         process's peak
other  = the same with the other choice, run right after: ``--workers`` one per core (at most 4) when the
         default is one process, else ``--workers 1``: what the default gains over it
found  = the same with ``--findings`` (the data clerk's worksheet, CSV) and the command's default workers
         (as for ``fanpin``: on two cores, none), run right after: what the worksheet costs
sorted = the same export sorted by 与户主关系 (every head, then every spouse …: each household's rows far
         apart), run right after with the default workers: its time against the export in household
         order, and its peak memory (the second pass groups such a file on disk)

The export is generated (:func:`fanpin.synthetic.write_person_export_csv`: about three member rows a
household, the export's headers and vocabularies) into a temporary folder and deleted afterwards.

The export and its floor are timed ``repeats`` times, each run then its floors (the ratio is the median of
those pairs, stated with their spread: one run of the export swung 6.2–7.4 s within an hour); the other
runs (other, found, sorted) once, after the first pair.

Usage: ``python benchmarks/export_path.py [HOUSEHOLDS] [--repeats N]`` (default 1 000 000, 1).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any

import polars as pl
from measure import fanpin_score, lines, median, spread

from fanpin.pipeline.workers import MAX_WORKERS, available_cores, default_workers
from fanpin.synthetic import EXPORT_REGION, sorted_by_relationship, write_person_export_csv

#: Floor timings after each run (their median is the run's floor).
FLOORS = 5


def other_workers() -> int:
    """The run the default is measured against: one worker per core when the default is one process, else
    one process."""
    return min(available_cores(), MAX_WORKERS) if default_workers(in_python=False) == 1 else 1


def main(households: int, repeats: int = 1) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="fanpin-bench-") as name:
        folder = Path(name)
        source = write_person_export_csv(folder / "export.csv", households)
        member_rows = lines(source) - 3
        size_mb = source.stat().st_size / 1e6
        out, errors, floor_out = folder / "scored.csv", folder / "errors.csv", folder / "floor.csv"
        times, floors, ratios, peaks, timed = [], [], [], [], []
        alone, gains, alone_peaks, extra, apart, apart_peaks = [], [], [], [], [], []
        by_relationship = sorted_by_relationship(source, folder / "by-relationship.csv")

        def floor(table: pl.DataFrame) -> float:
            start = time.perf_counter()
            pl.read_csv(source, infer_schema=False, skip_rows=2)
            table.write_csv(floor_out)
            return time.perf_counter() - start

        for repeat in range(repeats):
            child = fanpin_score(source, out, errors, "--region", EXPORT_REGION, "--checks", "with")
            times.append(child.seconds)
            peaks.append(child.peak_mib)
            table = pl.read_csv(out, infer_schema=False)
            # The floor takes a second where the run takes a minute, and one timing of it swung 0.6-1.0 s
            # from run to run: it is timed FLOORS times right after each run, and the median is the pair's.
            timed += [floor(table) for _ in range(FLOORS)]
            floors.append(median(timed[-FLOORS:]))
            ratios.append(times[-1] / floors[-1])
            if repeat:  # the other runs once: their ratios are to the first pair's run
                continue
            other = fanpin_score(
                source, out, errors, "--region", EXPORT_REGION, "--checks", "with", "--workers", str(other_workers())
            )
            alone.append(other.seconds)
            alone_peaks.append(other.peak_mib)
            gains.append(other.seconds / times[-1])
            worksheet = folder / "found.csv"
            found = fanpin_score(
                source, out, errors, "--region", EXPORT_REGION, "--checks", "with", "--findings", str(worksheet)
            )
            extra.append(found.seconds / times[-1])
            findings = lines(worksheet) - 1
            sorted_run = fanpin_score(by_relationship, out, errors, "--region", EXPORT_REGION, "--checks", "with")
            apart.append(sorted_run.seconds / times[-1])
            apart_peaks.append(sorted_run.peak_mib)
        rejected = lines(errors) - 1
    result = {
        "households": households,
        "member_rows": member_rows,
        "seconds": median(times),
        "floor_s": median(floors),
        "floor_spread": spread(timed),
        "ratio": median(ratios),
        "spread": spread(ratios),
        "peak_mib": max(peaks),
        "households_per_s": households / median(times),
        "workers": default_workers(in_python=False),
        "other_workers": other_workers(),
        "other_s": median(alone),
        "other_peak_mib": max(alone_peaks),
        "default_gain": median(gains),
        "findings_cost": median(extra),
        "findings": findings,
        "sorted_cost": median(apart),
        "sorted_peak_mib": max(apart_peaks),
    }
    print(f"export path: {households:,} households, {member_rows:,} member rows, {size_mb:.0f} MB, {rejected} refused")
    print(
        f"  fanpin score --checks with: {result['seconds']:.1f} s, I/O floor {result['floor_s']:.2f} s "
        f"(median of {len(timed)}: {result['floor_spread']}),"
    )
    pairs = f"pairs {result['spread']}" if len(ratios) > 1 else "one run"
    print(f"  ratio {result['ratio']:.1f} ({pairs}), peak RSS {result['peak_mib']:.0f} MiB")
    print(
        f"  {_processes(default_workers(in_python=False))} by default; with --workers {result['other_workers']}: "
        f"{result['other_s']:.1f} s, peak {result['other_peak_mib']:.0f} MiB; the default's gain "
        f"{result['default_gain']:.2f}x"
    )
    print(f"  with --findings ({findings:,} findings): {result['findings_cost']:.2f}x the time without")
    print(
        f"  sorted by 与户主关系: {result['sorted_cost']:.2f}x the time in household order, "
        f"peak {result['sorted_peak_mib']:.0f} MiB"
    )
    return result


def _processes(workers: int) -> str:
    return "one process" if workers == 1 else f"{workers} worker processes"


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("households", nargs="?", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=1)
    arguments = parser.parse_args()
    main(arguments.households, arguments.repeats)
