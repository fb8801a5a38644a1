"""What the benchmarks share: a command run in a child process, timed, with its peak resident memory.

The child's peak is the kernel's high-water mark after exec (``VmHWM`` in ``/proc/PID/status``), sampled
every 50 ms until it exits, with the largest anonymous (heap) and file-backed (mapped input) resident
sizes seen. wait4's ``ru_maxrss`` is not used: it also counts the pages the child shared with this
process between fork and exec.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Child:
    seconds: float
    peak_mib: float
    heap_mib: float
    file_mib: float
    code: int
    stderr: str


def _sample(pid: int, peaks: dict[str, int]) -> None:
    status = Path(f"/proc/{pid}/status")
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


def run_child(command: Sequence[str], ok: Sequence[int] = (0, 3)) -> Child:
    """Run ``command``; its wall time and peak memory. Raises SystemExit when its exit code is not ``ok``."""
    start = time.perf_counter()
    child = subprocess.Popen(list(command), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert child.stderr is not None
    peaks = {"VmHWM": 0, "RssAnon": 0, "RssFile": 0}
    sampler = threading.Thread(target=_sample, args=(child.pid, peaks), daemon=True)
    sampler.start()
    with child.stderr:
        stderr = child.stderr.read().decode()
    _, status, _ = os.wait4(child.pid, 0)
    child.returncode = code = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    sampler.join()
    if code not in ok:
        raise SystemExit(f"{' '.join(command[:6])} … failed ({code}): {stderr[-2000:]}")
    return Child(seconds, peaks["VmHWM"] / 1024, peaks["RssAnon"] / 1024, peaks["RssFile"] / 1024, code, stderr)


def fanpin_score(source: Path, out: Path, errors: Path, *options: str) -> Child:
    """``fanpin score`` on the batch path in a child process (the evaluation date fixed, as in every bench)."""
    command = [sys.executable, "-m", "fanpin", "score", str(source), "--as-of", "2025-06-30"]
    return run_child([*command, "--out", str(out), "--errors", str(errors), *options])


def lines(path: Path, encoding: str = "utf-8-sig") -> int:
    """The lines of a text file."""
    with path.open(encoding=encoding) as text:
        return sum(1 for _ in text)


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def spread(values: Sequence[float]) -> str:
    """``min–max`` of a few measurements (what one median hides)."""
    return f"{min(values):.2f}–{max(values):.2f}" if len(values) > 1 else "one run"
