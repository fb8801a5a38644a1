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
        self._draw()

    def _draw(self) -> None:
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
        """The last state, then a line break. The total was an estimate from the file's lines (a quoted line
        break, a blank line or the title rows make it differ from the rows read): when the run is complete the
        rows done are the total, so the bar ends full (320/320), never one short."""
        if self.enabled:
            if self.total is not None and self.done and self.total != self.done:
                self.total = self.done
                self._draw()
            self.stream.write("\n")
            self.stream.flush()


def count_records(path: Path, header_line: int = 1) -> int | None:
    r"""The data rows of a file, for the progress bar: a CSV's or JSON Lines file's lines after its header
    line (``header_line``: 1 for a plain CSV, more below title rows, 0 for JSON Lines; a last line without
    a line break counts), a Parquet file's rows, or None for .xlsx (not known before reading it).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.csv").write_text("h\n1\n2\n3")
    >>> count_records(folder / "a.csv")
    3
    """
    if path.suffix.lower() in (".xlsx", ".xlsm", ".parquet"):
        return pl.scan_parquet(path).select(pl.len()).collect().item() if path.suffix.lower() == ".parquet" else None
    lines = returns = 0
    last = b""
    with path.open("rb") as stream:
        while block := stream.read(1 << 22):
            lines += block.count(b"\n")
            returns += block.count(b"\r")
            last = block[-1:]
    lines = lines or returns  # a file whose lines end with a CR alone
    if last and last not in (b"\n", b"\r"):
        lines += 1  # the last line has no line break
    return max(lines - header_line, 0)
