"""Reading a household file in chunks of text cells, whichever engine scores them.

- CSV (UTF-8, UTF-8 with BOM, GBK, GB18030; title rows above the header allowed) is read in 4 MB
  blocks cut at record boundaries and parsed by polars; GBK/GB18030 is transcoded to UTF-8 first.
- Parquet is read by polars' streaming reader; .xlsx and JSON Lines row by row
  (:mod:`fanpin.io.readers`), in the same chunks.
- Every chunk is a frame of text cells named by the header, with ``__line`` (the 1-based file line)
  and ``__ragged`` (why a row holds more cells than the header, or null; see
  :func:`fanpin.io.readers.ragged`). A header never names one column twice (the reader refuses it).
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import polars as pl

from fanpin.errors import InputFileError, Location
from fanpin.io.readers import HouseholdFile, ragged

__all__ = [
    "BLOCK_BYTES",
    "EXTRA_CELLS",
    "internal_names",
    "polars_csv",
    "raw_chunks",
    "unclosed_quote_line",
    "utf8_copy",
]


#: Cells read beyond the header, to notice a row that holds more cells than the header names.
EXTRA_CELLS = 16


def internal_names(width: int) -> list[str]:
    return [f"__col{i}" for i in range(width)]


def _named(frame: pl.DataFrame, header: Sequence[str]) -> pl.DataFrame:
    """Internal column names → the header's names (the reader has refused a header naming one column twice)."""
    last = {name: i for i, name in enumerate(header)}
    keep = {f"__col{i}": name for name, i in last.items()}
    return frame.select(*[pl.col(c).alias(n) for c, n in keep.items()], "__line", "__ragged")


def _ragged_expr(width: int) -> pl.Expr:
    """:func:`fanpin.io.readers.ragged` for the extra columns ``__x0 …``: the reason, or null."""
    filled = [pl.col(f"__x{i}").str.strip_chars().fill_null("") != "" for i in range(EXTRA_CELLS)]
    last = pl.max_horizontal([pl.when(f).then(width + i + 1) for i, f in enumerate(filled)])
    return pl.when(last.is_not_null()).then(pl.format("{} cells but {} headers", last, pl.lit(width)))


def polars_csv(path: Path, info: HouseholdFile) -> pl.LazyFrame:
    width = len(info.columns)
    schema = dict.fromkeys([*internal_names(width), *(f"__x{i}" for i in range(EXTRA_CELLS))], pl.String)
    return (
        pl.scan_csv(path, has_header=False, skip_rows=info.header_line, schema=schema, missing_columns="insert")
        .with_row_index("__row")
        .with_columns(
            (pl.col("__row").cast(pl.Int64) + info.header_line + 1).alias("__line"),
            _ragged_expr(width).alias("__ragged"),
        )
    )


def _python_chunks(info: HouseholdFile, rows: Iterator[list[str]], chunk_rows: int) -> Iterator[pl.DataFrame]:
    """Rows read by :mod:`fanpin.io.readers` (xlsx, JSON Lines, or a CSV polars cannot split), chunked."""
    width = len(info.columns)
    names = [*internal_names(width), "__line", "__ragged"]
    batch: list[list[Any]] = []
    for line, row in enumerate(rows, start=info.header_line + 1):
        cells: list[Any] = (list(row) + [""] * width)[:width]
        batch.append([*cells, line, ragged(row, width)])
        if len(batch) >= chunk_rows:
            yield pl.DataFrame(
                batch, schema=names, orient="row", schema_overrides={"__line": pl.Int64, "__ragged": pl.String}
            )
            batch = []
    if batch:
        yield pl.DataFrame(
            batch, schema=names, orient="row", schema_overrides={"__line": pl.Int64, "__ragged": pl.String}
        )


def utf8_copy(path: Path, encoding: str, folder: Path) -> Path:
    """A GBK/GB18030 CSV transcoded to UTF-8 in 1 MB blocks (polars reads UTF-8 only)."""
    target = folder / "input.utf8.csv"
    decoder = codecs.getincrementaldecoder("gb18030")()
    with path.open("rb") as source, target.open("w", encoding="utf-8", newline="") as sink:
        offset = 0
        while block := source.read(1 << 20):
            try:
                sink.write(decoder.decode(block))
            except UnicodeDecodeError as exc:
                raise InputFileError(
                    f"byte {offset + exc.start} is not {encoding}: the file mixes encodings",
                    fix="save the whole file again as CSV UTF-8 from Excel",
                    location=Location(str(path)),
                ) from exc
            offset += len(block)
        sink.write(decoder.decode(b"", final=True))
    return target


def raw_chunks(
    info: HouseholdFile, rows: Iterator[list[str]], chunk_rows: int, folder: Path, *, exact: bool
) -> Iterator[pl.DataFrame]:
    """Text frames named by the header, with ``__line`` (1-based file line) and ``__ragged``."""
    header = info.columns
    if info.encoding == "parquet":
        if hasattr(rows, "close"):
            rows.close()
        scan = pl.scan_parquet(info.path)
        names = scan.collect_schema().names()
        text = scan.select(pl.all().cast(pl.String)).with_row_index("__row")
        lazy = text.rename(dict(zip(names, internal_names(len(names)), strict=True))).with_columns(
            (pl.col("__row").cast(pl.Int64) + 2).alias("__line"), pl.lit(None, dtype=pl.String).alias("__ragged")
        )
        for chunk in lazy.collect_batches(chunk_size=chunk_rows, maintain_order=True):
            yield _named(chunk, header)
        return
    if info.encoding in ("xlsx",) or exact or info.path.suffix.lower() in (".jsonl", ".ndjson"):
        for chunk in _python_chunks(info, rows, chunk_rows):
            yield _named(chunk, header)
        return
    if hasattr(rows, "close"):
        rows.close()
    source = info.path if info.encoding in ("utf-8", "utf-8-sig") else utf8_copy(info.path, info.encoding, folder)
    for chunk in _csv_chunks(source, info, chunk_rows):
        yield _named(chunk, header)


BLOCK_BYTES = 4 << 20


def _record_ends(data: bytes, quoted: bool) -> Iterator[int]:
    """Offsets just past each record's line break in ``data`` (a ``"`` toggles quoting; ``""`` twice)."""
    position = 0
    while (newline := data.find(b"\n", position)) != -1:
        quoted ^= data.count(b'"', position, newline) % 2 == 1
        position = newline + 1
        if not quoted:
            yield position


def unclosed_quote_line(path: Path) -> int | None:
    """The 1-based line where a quote opens that is never closed, or None. (A ``"`` byte is a quote in
    UTF-8, GBK and GB18030 alike: no multi-byte character contains it.)"""
    quoted, opened = False, 0
    with path.open("rb") as stream:
        for number, line in enumerate(stream, start=1):
            if line.count(b'"') % 2 == 1:
                quoted = not quoted
                opened = number if quoted else opened
    return opened if quoted else None


def _csv_chunks(path: Path, info: HouseholdFile, chunk_rows: int) -> Iterator[pl.DataFrame]:
    """The data records in frames of ``chunk_rows``, read in 4 MB blocks cut at record boundaries.

    polars parses each block; nothing is read ahead, so memory is bounded by the chunk, whatever the
    consumer's speed (polars' streaming reader buffers batches ahead of a slow consumer).
    """
    width = len(info.columns)
    schema = dict.fromkeys([*internal_names(width), *(f"__x{i}" for i in range(EXTRA_CELLS))], pl.String)
    line = info.header_line + 1
    pending: list[pl.DataFrame] = []
    held = 0
    with path.open("rb") as stream:
        rest = b""
        skip = info.header_line  # title rows and the header row
        while True:
            block = stream.read(BLOCK_BYTES)
            data = rest + block
            if not block:
                cut = len(data)
            else:
                ends = list(_record_ends(data, quoted=False))
                if skip:
                    taken = ends[:skip]
                    if len(taken) < skip:  # the header spans more than a block: read on
                        rest = data
                        continue
                    data, skip = data[taken[-1] :], 0
                    ends = [e - taken[-1] for e in ends[len(taken) :]]
                cut = ends[-1] if ends else 0
            piece, rest = data[:cut], data[cut:]
            if piece and not piece.strip(b"\r\n"):  # only blank lines: csv counts each as a record
                line += piece.count(b"\n")
            elif piece:
                frame = pl.scan_csv(piece, has_header=False, schema=schema, missing_columns="insert").collect()
                frame = frame.with_row_index("__row").with_columns(
                    (pl.col("__row").cast(pl.Int64) + line).alias("__line"), _ragged_expr(width).alias("__ragged")
                )
                line += frame.height
                pending.append(frame)
                held += frame.height
            while held >= chunk_rows or (not block and held):
                joined = pl.concat(pending)
                yield joined.head(chunk_rows)
                remaining = joined.slice(chunk_rows)
                pending, held = ([remaining] if remaining.height else []), remaining.height
            if not block:
                return
