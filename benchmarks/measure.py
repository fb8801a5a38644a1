"""What the benchmarks share: a command run in a child process, timed, with its peak resident memory.

The child's peak is the kernel's high-water mark after exec (``VmHWM`` in ``/proc/PID/status``), sampled
every 50 ms until it exits, with the largest anonymous (heap) and file-backed (mapped input) resident
sizes seen. When the child starts processes of its own (``fanpin score --workers``), each one's marks are
sampled too and the sums are given: an upper bound of the memory the run held at once. wait4's
``ru_maxrss`` is not used: it also counts the pages the child shared with this process between fork and
exec, and it is one process's.
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


def _tree(pid: int) -> list[int]:
    """``pid`` and the processes it started, and theirs."""
    found, queue = [], [pid]
    while queue:
        one = queue.pop()
        found.append(one)
        try:
            for task in Path(f"/proc/{one}/task").iterdir():
                queue += [int(p) for p in (task / "children").read_text(encoding="ascii").split()]
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return found


def _sample(pid: int, peaks: dict[str, int]) -> None:
    """Each process's largest marks, summed into ``peaks`` once ``pid`` has exited."""
    each: dict[int, dict[str, int]] = {}
    while True:
        try:
            main = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
        except (FileNotFoundError, ProcessLookupError):
            break
        for one in _tree(pid):
            try:
                lines = Path(f"/proc/{one}/status").read_text(encoding="ascii").splitlines()
            except (FileNotFoundError, ProcessLookupError):
                continue
            marks = each.setdefault(one, dict.fromkeys(peaks, 0))
            for line in lines:
                name, _, value = line.partition(":")
                if name in marks and value.split():
                    marks[name] = max(marks[name], int(value.split()[0]))
        if "\nState:\tZ" in main:
            break
        time.sleep(0.05)
    for name in peaks:
        peaks[name] = sum(marks[name] for marks in each.values())


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
