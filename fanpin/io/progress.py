"""Progress on a terminal while a file is scored: a one-line bar with rows, rows/s and the time left."""

from __future__ import annotations

import time
from pathlib import Path
from typing import IO

import polars as pl

__all__ = ["Progress", "count_records"]


class Progress:
    """A one-line progress bar on a terminal (rows, rows/s, ETA); silent when the stream is not a TTY."""

    def __init__(self, stream: IO[str], total: int | None) -> None:
        self.stream = stream
        self.enabled = stream.isatty()
        self.total = total
        self.done = 0
        self.start = time.monotonic()

    def update(self, rows: int) -> None:
        self.done += rows
        if not self.enabled:
            return
        elapsed = max(time.monotonic() - self.start, 1e-9)
        rate = self.done / elapsed
        if self.total:
            share = min(self.done / self.total, 1.0)
            left = max(self.total - self.done, 0) / rate if rate else 0.0
            bar = "#" * int(share * 30)
            text = f"\r[{bar:<30}] {self.done:,}/{self.total:,} rows  {rate:,.0f} rows/s  ETA {left:,.0f} s"
        else:
            text = f"\r{self.done:,} rows  {rate:,.0f} rows/s"
        self.stream.write(text)
        self.stream.flush()

    def finish(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


def count_records(path: Path) -> int | None:
    """Lines in a CSV file (an estimate of its rows for the progress bar), or None for other formats."""
    if path.suffix.lower() in (".xlsx", ".parquet"):
        return pl.scan_parquet(path).select(pl.len()).collect().item() if path.suffix.lower() == ".parquet" else None
    lines = 0
    with path.open("rb") as stream:
        while block := stream.read(1 << 22):
            lines += block.count(b"\n")
    return lines
