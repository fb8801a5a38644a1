"""Benchmark (d): peak memory while ``fanpin score`` streams a file of 10 M households (README "Performance").

The input is generated (seeded) in pieces into a temporary folder; ``fanpin score`` then runs in a child
process on the batch path, and the child's peak resident set size is read from the kernel
(``VmHWM`` in ``/proc/PID/status``, sampled every 50 ms until it exits) — the whole run: reading,
validating, scoring and writing.
Nothing large is kept: the folder is deleted afterwards.

Usage: ``python benchmarks/streamed_memory.py [ROWS] [--chunk-rows N]`` (default 10 000 000).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from batch_path import synthetic_csv

TARGET_MIB = 2048


def generate(path: Path, rows: int, piece: int = 1_000_000) -> None:
    """``rows`` households in pieces of ``piece`` rows (unique ids), so the generator stays small too."""
    with path.open("wb") as out:
        for start in range(0, rows, piece):
            part = path.with_suffix(".part.csv")
            synthetic_csv(part, min(piece, rows - start), seed=11 + start, first_id=start)
            data = part.read_bytes()
            out.write(data if start == 0 else data[data.index(b"\n") + 1 :])
            part.unlink()


def _sample(child: subprocess.Popen[bytes], peaks: dict[str, int]) -> None:
    """Every 50 ms until the child exits: the largest VmHWM, RssAnon and RssFile (KiB) seen."""
    status = Path(f"/proc/{child.pid}/status")
    while True:
        try:
            lines = status.read_text(encoding="ascii").splitlines()
        except (FileNotFoundError, ProcessLookupError):
            return
        for line in lines:
            name, _, value = line.partition(":")
            if name in peaks and value.split():
                peaks[name] = max(peaks[name], int(value.split()[0]))
        if any(line.startswith("State:") and "Z" in line for line in lines):
            return
        time.sleep(0.05)


def main(rows: int, chunk_rows: int | None = None) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        source, out, errors = (Path(folder) / n for n in ("in.csv", "scored.csv", "errors.csv"))
        generate(source, rows)
        size_mb = source.stat().st_size / 1e6
        command = [sys.executable, "-m", "fanpin", "score", str(source), "--as-of", "2025-06-30"]
        command += ["--region", "532328", "--out", str(out), "--errors", str(errors)]
        if chunk_rows:
            command += ["--chunk-rows", str(chunk_rows)]
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        assert child.stderr is not None
        # Sample the child's resident memory by kind: anonymous (heap) and file-backed (the input
        # file that polars' reader maps; clean pages the kernel can drop at any time).
        peaks = {"VmHWM": 0, "RssAnon": 0, "RssFile": 0}
        sampler = threading.Thread(target=_sample, args=(child, peaks), daemon=True)
        sampler.start()
        stderr = child.stderr.read().decode()
        # wait4 gives this child's own peak, not the largest of every child this process ever had
        # (run_all.py runs other benchmarks, which start generators, in the same process).
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - start
        if child.returncode not in (0, 3):
            raise SystemExit(f"fanpin score failed ({child.returncode}): {stderr}")
        sampler.join()
        # The kernel's own high-water mark of the child after exec (VmHWM). wait4's ru_maxrss is not
        # used: it also counts the pages the child shared with this process between fork and exec, so
        # it reports this benchmark's own size when run after the others.
        peak_mib = peaks["VmHWM"] / 1024
        del usage
        out_mb = out.stat().st_size / 1e6
    print(f"streamed memory: {rows} households, {size_mb:.0f} MB CSV in, {out_mb:.0f} MB scored out")
    print(f"{'measure':<28}{'measured':>12}{'target':>12}{'ratio':>8}")
    print(f"{'seconds':<28}{seconds:>12.1f}{'':>12}{'':>8}")
    print(f"{'households/s':<28}{rows / seconds:>12.0f}{'':>12}{'':>8}")
    print(f"{'peak RSS MiB':<28}{peak_mib:>12.0f}{f'< {TARGET_MIB}':>12}{peak_mib / TARGET_MIB:>8.2f}")
    print(f"{'  of which heap (sampled)':<28}{peaks['RssAnon'] / 1024:>12.0f}")
    print(f"{'  mapped input file (sampled)':<28}{peaks['RssFile'] / 1024:>12.0f}")
    return {
        "heap_mib": peaks["RssAnon"] / 1024,
        "peak_rss_mib": peak_mib,
        "ratio": peak_mib / TARGET_MIB,
        "households_per_s": rows / seconds,
    }


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if not a.startswith("--")]
    chunk = next((int(sys.argv[i + 1]) for i, a in enumerate(sys.argv) if a == "--chunk-rows"), None)
    main(int(arguments[0]) if arguments else 10_000_000, chunk)
