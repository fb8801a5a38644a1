"""Whole files on the batch path: read in chunks, validate, score, write — rows in input order, memory
bounded by the chunk, never by the file.

- **In**: CSV (UTF-8, UTF-8 with BOM, GBK, GB18030; title rows above the header allowed) is read in
  blocks cut at record boundaries and parsed by polars; Parquet by polars' streaming reader; .xlsx and
  JSON Lines row by row (:mod:`fanpin.readers`), scored in the same chunks. The next chunk is read on
  a thread while the current one is scored, and the previous one is written on another.
- **Out**: CSV (UTF-8 with BOM, byte for byte what the per-household writer writes), Parquet, .xlsx and
  JSON Lines. Output goes to ``NAME.part`` and is renamed when complete, so a stopped run leaves no
  half-written file under the real name.
- **Nothing is lost**: every data row is scored or written to the errors file. A row with a filled cell
  beyond the header is refused (:func:`fanpin.readers.ragged`); a 户编号 seen in an earlier valid row
  is refused as a duplicate, across chunks too.
"""

from __future__ import annotations

import codecs
import tempfile
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any, Literal, Protocol

import polars as pl

from fanpin.batch.compiler import BatchEngine
from fanpin.batch.validate import household_key, validate
from fanpin.errors import InputFileError, Location, OutputError
from fanpin.explain import Lang
from fanpin.readers import HouseholdFile, open_rows, ragged
from fanpin.writers import OUTPUT_COLUMNS, REJECTED_COLUMNS

__all__ = ["CHUNK_ROWS", "FORMATS", "Format", "Progress", "ScoreSummary", "ScoredChunks", "score_path", "table_sink"]

Format = Literal["csv", "xlsx", "parquet", "jsonl"]
FORMATS: tuple[Format, ...] = ("csv", "xlsx", "parquet", "jsonl")
CHUNK_ROWS = 75_000
#: Cells read beyond the header, to notice a row that holds more cells than the header names.
EXTRA_CELLS = 16
XLSX_MAX_ROWS = 1_048_575  # one sheet, below its header row


@dataclass
class ScoreSummary:
    info: HouseholdFile
    scored: int = 0
    rejected: int = 0
    chunks: int = 0
    notes: list[str] = field(default_factory=list)


# ---- reading -----------------------------------------------------------------------------------------


def _internal(width: int) -> list[str]:
    return [f"__col{i}" for i in range(width)]


def _named(frame: pl.DataFrame, header: Sequence[str]) -> pl.DataFrame:
    """Internal column names → the header's names; of repeated names the last column wins (as a dict)."""
    last = {name: i for i, name in enumerate(header)}
    keep = {f"__col{i}": name for name, i in last.items()}
    return frame.select(*[pl.col(c).alias(n) for c, n in keep.items()], "__line", "__ragged")


def _ragged_expr(width: int) -> pl.Expr:
    """:func:`fanpin.readers.ragged` for the extra columns ``__x0 …``: the reason, or null."""
    filled = [pl.col(f"__x{i}").str.strip_chars().fill_null("") != "" for i in range(EXTRA_CELLS)]
    last = pl.max_horizontal([pl.when(f).then(width + i + 1) for i, f in enumerate(filled)])
    return pl.when(last.is_not_null()).then(pl.format("{} cells but {} headers", last, pl.lit(width)))


def _polars_csv(path: Path, info: HouseholdFile) -> pl.LazyFrame:
    width = len(info.columns)
    schema = dict.fromkeys([*_internal(width), *(f"__x{i}" for i in range(EXTRA_CELLS))], pl.String)
    return (
        pl.scan_csv(path, has_header=False, skip_rows=info.header_line, schema=schema, missing_columns="insert")
        .with_row_index("__row")
        .with_columns(
            (pl.col("__row").cast(pl.Int64) + info.header_line + 1).alias("__line"),
            _ragged_expr(width).alias("__ragged"),
        )
    )


def _python_chunks(info: HouseholdFile, rows: Iterator[list[str]], chunk_rows: int) -> Iterator[pl.DataFrame]:
    """Rows read by :mod:`fanpin.readers` (xlsx, JSON Lines, or a CSV polars cannot split), chunked."""
    width = len(info.columns)
    names = [*_internal(width), "__line", "__ragged"]
    batch: list[list[Any]] = []
    for line, row in enumerate(rows, start=info.header_line + 1):
        cells: list[Any] = (list(row) + [""] * width)[:width]
        batch.append([*cells, line, ragged(list(row), width)])
        if len(batch) >= chunk_rows:
            yield pl.DataFrame(
                batch, schema=names, orient="row", schema_overrides={"__line": pl.Int64, "__ragged": pl.String}
            )
            batch = []
    if batch:
        yield pl.DataFrame(
            batch, schema=names, orient="row", schema_overrides={"__line": pl.Int64, "__ragged": pl.String}
        )


def _utf8_copy(path: Path, encoding: str, folder: Path) -> Path:
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


def _raw_chunks(
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
        lazy = text.rename(dict(zip(names, _internal(len(names)), strict=True))).with_columns(
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
    source = info.path if info.encoding in ("utf-8", "utf-8-sig") else _utf8_copy(info.path, info.encoding, folder)
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


def _csv_chunks(path: Path, info: HouseholdFile, chunk_rows: int) -> Iterator[pl.DataFrame]:
    """The data records in frames of ``chunk_rows``, read in 4 MB blocks cut at record boundaries.

    polars parses each block; nothing is read ahead, so memory is bounded by the chunk, whatever the
    consumer's speed (polars' streaming reader buffers batches ahead of a slow consumer).
    """
    width = len(info.columns)
    schema = dict.fromkeys([*_internal(width), *(f"__x{i}" for i in range(EXTRA_CELLS))], pl.String)
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


def _duplicate_candidates(info: HouseholdFile, folder: Path, exact: bool) -> pl.Series | None:
    """户编号 values that occur more than once in the file (None: read row by row, check every id)."""
    id_header = next(h for h, f in info.field_of.items() if f == "household_id")
    index = max(i for i, h in enumerate(info.columns) if h == id_header)
    if info.encoding == "parquet":
        ids = pl.scan_parquet(info.path).select(pl.nth(index).cast(pl.String))
    elif info.encoding in ("utf-8", "utf-8-sig", "gbk", "gb18030") and not exact:
        source = info.path if info.encoding.startswith("utf-8") else folder / "input.utf8.csv"
        if not source.exists():
            source = _utf8_copy(info.path, info.encoding, folder)
        ids = _polars_csv(source, info).select(pl.col(f"__col{index}"))
    else:
        return None
    keys = ids.select(household_key(pl.first()).alias("id")).drop_nulls()
    return keys.filter(pl.col("id").is_duplicated()).unique().collect().to_series()


# ---- writing -----------------------------------------------------------------------------------------


class TableSink(Protocol):
    def write(self, frame: pl.DataFrame) -> None: ...
    def close(self) -> None: ...


def _no_empty_strings(frame: pl.DataFrame) -> pl.DataFrame:
    """Empty text as null, so that polars writes an empty CSV field as Python's csv module does."""
    return frame.with_columns(pl.col(pl.String).replace("", None))


class _CsvTable:
    def __init__(self, path: Path, columns: Sequence[str]) -> None:
        self.stream = path.open("wb")
        self.columns = list(columns)
        self.first = True

    def write(self, frame: pl.DataFrame) -> None:
        _no_empty_strings(frame).write_csv(self.stream, include_header=self.first, include_bom=self.first)
        self.first = False

    def close(self) -> None:
        if self.first:
            self.write(pl.DataFrame(schema=dict.fromkeys(self.columns, pl.String)))
        self.stream.close()


class _ParquetTable:
    """Chunks as part files in a temporary folder, joined by polars' streaming sink at the end."""

    def __init__(self, path: Path, columns: Sequence[str]) -> None:
        self.path = path
        self.columns = list(columns)
        self.folder = tempfile.TemporaryDirectory(prefix="fanpin-parts-")
        self.parts: list[Path] = []

    def write(self, frame: pl.DataFrame) -> None:
        part = Path(self.folder.name) / f"{len(self.parts):06d}.parquet"
        frame.write_parquet(part)
        self.parts.append(part)

    def close(self) -> None:
        if self.parts:
            pl.scan_parquet(self.parts).sink_parquet(self.path)
        else:
            pl.DataFrame(schema=dict.fromkeys(self.columns, pl.String)).write_parquet(self.path)
        self.folder.cleanup()


class _XlsxTable:
    def __init__(self, path: Path, columns: Sequence[str]) -> None:
        from openpyxl import Workbook

        self.path = path
        self.book = Workbook(write_only=True)
        self.sheet = self.book.create_sheet("scored")
        self.sheet.append(list(columns))
        self.rows = 0

    def write(self, frame: pl.DataFrame) -> None:
        self.rows += frame.height
        if self.rows > XLSX_MAX_ROWS:
            raise OutputError(
                f"more than {XLSX_MAX_ROWS} scored rows do not fit in one .xlsx sheet",
                fix="write CSV or Parquet instead (--format csv or --format parquet)",
                location=Location(str(self.path)),
            )
        for row in frame.iter_rows():
            self.sheet.append(list(row))

    def close(self) -> None:
        self.book.save(self.path)


class _JsonlTable:
    """JSON Lines from scored frames whose ``json`` column holds each row's JSON text."""

    def __init__(self, path: Path, columns: Sequence[str]) -> None:
        self.stream = path.open("wb")

    def write(self, frame: pl.DataFrame) -> None:
        text = frame.get_column("json")
        if text.len():
            self.stream.write(("\n".join(text.to_list()) + "\n").encode())

    def close(self) -> None:
        self.stream.close()


def table_sink(fmt: Format, path: Path, columns: Sequence[str]) -> TableSink:
    """A writer of scored chunks in ``fmt`` (CSV, Parquet, .xlsx; JSON Lines from a ``json`` column)."""
    kinds: dict[str, type[_CsvTable | _ParquetTable | _XlsxTable | _JsonlTable]] = {
        "csv": _CsvTable,
        "parquet": _ParquetTable,
        "xlsx": _XlsxTable,
        "jsonl": _JsonlTable,
    }
    return kinds[fmt](path, columns)


class _Rejected:
    """The errors file (line, 户编号, column, masked value, reason), written as rows are refused."""

    def __init__(self, path: Path) -> None:
        self.table = _CsvTable(path, REJECTED_COLUMNS)

    def write(self, frame: pl.DataFrame) -> None:
        self.table.write(frame.select(*REJECTED_COLUMNS))

    def close(self) -> None:
        self.table.close()


# ---- progress ----------------------------------------------------------------------------------------


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


# ---- scoring ---------------------------------------------------------------------------------------


def score_path(
    engine: BatchEngine,
    path: str | Path,
    out: str | Path,
    *,
    as_of: date,
    region: str | None = None,
    lang: Lang = "zh",
    fmt: Format = "csv",
    errors: str | Path | None = None,
    chunk_rows: int = CHUNK_ROWS,
    progress: IO[str] | None = None,
) -> ScoreSummary:
    """Score a household file into ``out`` (and its refused rows into ``errors``), chunk by chunk.

    >>> import tempfile
    >>> from datetime import date
    >>> from fanpin import load_rulebook
    >>> folder = Path(tempfile.mkdtemp())
    >>> summary = score_path(BatchEngine(load_rulebook()), "examples/data/households.csv",
    ...     folder / "scored.csv", as_of=date(2025, 6, 30), region="532328", errors=folder / "rejected.csv")
    >>> summary.scored, summary.rejected
    (314, 6)
    """
    path, out = Path(path), Path(out)
    errors_path = Path(errors) if errors else out.with_name(f"{path.stem}.rejected.csv")
    for target in (out, errors_path):
        if target.exists() and path.exists() and target.samefile(path):
            raise OutputError(
                "the output would overwrite the input file",
                fix="choose another --out / --errors path",
                location=Location(str(target)),
            )
    out.parent.mkdir(parents=True, exist_ok=True)
    errors_path.parent.mkdir(parents=True, exist_ok=True)
    part, errors_part = out.with_name(out.name + ".part"), errors_path.with_name(errors_path.name + ".part")
    for exact in (False, True):
        chunks = ScoredChunks(engine, path, as_of=as_of, region=region, lang=lang, json=fmt == "jsonl", exact=exact)
        sink = table_sink(fmt, part, chunks.columns)
        rejected = _Rejected(errors_part)
        bar = Progress(progress, count_records(path)) if progress is not None and progress.isatty() else None
        # One writer thread: chunk k is written while chunk k+1 is scored (polars releases the GIL).
        # At most one write waits, so at most two chunks are in memory, and chunks are written in order.
        writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fanpin-writer")
        pending: Future[None] | None = None
        try:
            for scored, refused, read in chunks.run(chunk_rows):
                if pending is not None:
                    pending.result()
                pending = writer.submit(_write_chunk, sink, rejected, scored, refused)
                if bar is not None:
                    bar.update(read)
            if pending is not None:
                pending.result()
        except pl.exceptions.ComputeError as exc:
            if exact or "more fields than defined" not in str(exc):
                raise
            # A row holds more than EXTRA_CELLS cells beyond the header: read the file row by row
            # instead, so that the row is refused with its line number rather than lost.
            continue
        finally:
            writer.shutdown(wait=True)
            sink.close()
            rejected.close()
            if bar is not None:
                bar.finish()
        if exact:
            chunks.summary.notes.append(f"a row holds more than {EXTRA_CELLS} cells beyond the header: read row by row")
        part.replace(out)
        errors_part.replace(errors_path)
        return chunks.summary
    raise AssertionError("unreachable")  # pragma: no cover


def _ahead(chunks: Iterator[pl.DataFrame]) -> Iterator[pl.DataFrame]:
    """``chunks``, with the next one read on a thread while the current one is scored (one ahead at most)."""
    reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fanpin-reader")
    try:
        upcoming = reader.submit(next, chunks, None)
        while (chunk := upcoming.result()) is not None:
            upcoming = reader.submit(next, chunks, None)
            yield chunk
    finally:
        reader.shutdown(wait=True, cancel_futures=True)


def _write_chunk(sink: TableSink, rejected: _Rejected, scored: pl.DataFrame, refused: pl.DataFrame) -> None:
    sink.write(scored)
    rejected.write(refused)


class ScoredChunks:
    """A household file scored chunk by chunk: ``(scored, refused, rows read)`` per chunk, in file order.

    ``columns`` are the scored table's columns (or ``["json"]``); :attr:`summary` counts as it goes.
    """

    def __init__(
        self,
        engine: BatchEngine,
        path: str | Path,
        *,
        as_of: date,
        region: str | None = None,
        lang: Lang = "zh",
        json: bool = False,
        exact: bool = False,
    ) -> None:
        self.engine, self.as_of, self.region, self.lang, self.json, self.exact = (
            engine,
            as_of,
            region,
            lang,
            json,
            exact,
        )
        self.info, self._rows = open_rows(Path(path), region=region)
        self.summary = ScoreSummary(self.info)
        self.keep = [c for c in dict.fromkeys(self.info.passthrough) if c not in OUTPUT_COLUMNS]
        self.columns = ["json"] if json else [*OUTPUT_COLUMNS, *self.keep]
        self.id_header = next(h for h, f in self.info.field_of.items() if f == "household_id")

    def run(self, chunk_rows: int = CHUNK_ROWS) -> Iterator[tuple[pl.DataFrame, pl.DataFrame, int]]:
        typed = [pl.col("line").cast(pl.Int64), *(pl.col(c).cast(pl.String) for c in REJECTED_COLUMNS[1:])]
        with tempfile.TemporaryDirectory(prefix="fanpin-") as scratch:
            folder = Path(scratch)
            candidates = _duplicate_candidates(self.info, folder, self.exact)
            seen: set[str] = set()
            for raw in _ahead(_raw_chunks(self.info, self._rows, chunk_rows, folder, exact=self.exact)):
                self.summary.chunks += 1
                refused = [
                    raw.filter(pl.col("__ragged").is_not_null()).select(
                        pl.col("__line").alias("line"),
                        pl.col(self.id_header).cast(pl.String).fill_null("").str.strip_chars().alias("household_id"),
                        pl.lit("").alias("column"),
                        pl.lit("").alias("value"),
                        pl.col("__ragged").alias("reason"),
                    )
                ]
                shaped = raw.filter(pl.col("__ragged").is_null()).drop("__ragged")
                valid, invalid = validate(shaped, region=self.region, keep=self.keep)
                valid, repeated = _across_chunks(valid, candidates, seen, self.info)
                refused += [invalid, repeated]
                score = self.engine.score_json if self.json else self.engine.score
                scored = score(valid, as_of=self.as_of, region=self.region, lang=self.lang, keep=self.keep)
                both = pl.concat([r.select(typed) for r in refused]).sort("line", maintain_order=True)
                self.summary.scored += scored.height
                self.summary.rejected += both.height
                yield scored, both, raw.height


def _across_chunks(
    valid: pl.DataFrame, candidates: pl.Series | None, seen: set[str], info: HouseholdFile
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Refuses a row whose 户编号 an earlier chunk's valid row already had (within a chunk: validate)."""
    ids = valid.get_column("household_id")
    mask = ids.is_in(candidates) if candidates is not None else pl.Series([True] * valid.height, dtype=pl.Boolean)
    repeated: list[int] = []
    for position, household_id in zip(mask.arg_true().to_list(), ids.filter(mask).to_list(), strict=True):
        if household_id in seen:
            repeated.append(position)
        else:
            seen.add(household_id)
    id_header = next(h for h, f in info.field_of.items() if f == "household_id")
    dropped = valid[repeated] if repeated else valid.clear()
    refusal = dropped.select(
        pl.col("__line").cast(pl.Int64).alias("line"),
        pl.col("household_id").alias("household_id"),
        pl.lit(id_header).alias("column"),
        pl.col("household_id").alias("value"),
        pl.lit("duplicate 户编号: each household once").alias("reason"),
    )
    if repeated:
        valid = valid.with_row_index("__position").filter(~pl.col("__position").is_in(repeated)).drop("__position")
    return valid, refusal
