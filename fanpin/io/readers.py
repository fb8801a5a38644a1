"""Reading household files: encodings, header rows, Chinese or English headers, rejected rows.

- CSV in UTF-8, UTF-8 with BOM, GBK or GB18030 is detected from the bytes (GBK is read as GB18030,
  its superset, so both decode identically).
- The header row is the first row that names 户编号 / household_id (exports put title rows above it).
- Each header may be the English name or the Chinese header (:data:`fanpin.model.columns.ALIASES`);
  unknown columns are kept and passed through.
- A row the household model refuses becomes a :class:`RejectedRow` (line, column, masked value,
  reason, fix); nothing is dropped silently.
"""

from __future__ import annotations

import codecs
import csv
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from pydantic import ValidationError

from fanpin.errors import InputFileError, Location, MissingColumnError
from fanpin.model.columns import (
    ALIASES,
    DUPLICATE_ID,
    REQUIRED,
    REQUIRED_EMPTY,
    header_label,
    masked_cell,
    repeated_column,
)
from fanpin.model.household import Household

__all__ = [
    "HouseholdFile",
    "ReadRow",
    "RejectedRow",
    "UnreadableRow",
    "open_rows",
    "ragged",
    "raw_rows",
    "read_households",
    "read_row",
    "sniff_encoding",
]


@dataclass(frozen=True)
class RejectedRow:
    """A row that was not scored: ``line`` is the 1-based line in the file (the header counts)."""

    line: int
    household_id: str
    column: str
    value: str
    reason: str


@dataclass(frozen=True)
class ReadRow:
    line: int
    household: Household
    passthrough: dict[str, str]


@dataclass
class HouseholdFile:
    path: Path
    encoding: str
    header_line: int
    columns: list[str]
    field_of: dict[str, str]
    passthrough: list[str]


def read_households(
    path: str | Path, *, region: str | None = None
) -> tuple[HouseholdFile, Iterator[ReadRow | RejectedRow]]:
    """Open a household file (CSV, .xlsx, .parquet or .jsonl); rows are validated lazily, in file order."""
    info, rows = open_rows(path, region=region)
    return info, _rows(info, rows, info.header_line, region)


def open_rows(path: str | Path, *, region: str | None = None) -> tuple[HouseholdFile, Iterator[list[str]]]:
    """The file's header (checked for the required columns) and its data rows as text cells, lazily."""
    path = Path(path)
    if not path.is_file():
        raise InputFileError("cannot read the input: no such file", fix="check the path", location=Location(str(path)))
    encoding, rows = raw_rows(path)
    header: list[str] | None = None
    header_line = 0
    for header_line, row in enumerate(rows, start=1):  # noqa: B007 - header_line is used after the loop
        cells = [c.strip() for c in row]
        if any(ALIASES.get(c) == "household_id" for c in cells):
            header = cells
            break
    if header is None:
        raise MissingColumnError(
            "no header row naming 户编号 (household_id) was found",
            columns=("household_id",),
            path=path,
            fix="the header row must include 户编号 or household_id",
        )
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        header_line = 0  # the header is made from the keys: the file's first line is its first row
    _refuse_repeated_columns(path, header_line, header)
    field_of = {h: ALIASES[h] for h in header if h in ALIASES}
    present = set(field_of.values())
    missing = [f for f in REQUIRED if f not in present]
    if "region_code" not in present and not region:
        missing.append("region_code")
    if missing:
        labels = ", ".join(header_label(f) for f in missing)
        raise MissingColumnError(
            f"required column(s) missing: {labels}",
            columns=tuple(missing),
            path=path,
            fix="add the column(s); for 行政区划代码 you may instead pass --region CODE",
        )
    info = HouseholdFile(path, encoding, header_line, header, field_of, [h for h in header if h not in field_of])
    return info, rows


def _refuse_repeated_columns(path: Path, line: int, header: list[str]) -> None:
    """Two columns for one thing: the file is refused rather than one column silently winning."""
    repeated = repeated_column(header)
    if repeated is not None:
        first, second = repeated
        raise InputFileError(
            f"columns {first} and {second} ({header[first - 1]}, {header[second - 1]}) are the same column: "
            "one of them would be ignored",
            fix="keep one of the two columns (or rename the one that means something else)",
            location=Location(str(path), line),
        )


def raw_rows(path: Path) -> tuple[str, Iterator[list[str]]]:
    """A file's encoding (``xlsx`` and ``parquet`` for those formats) and all its rows as text cells,
    title and header rows included, read lazily."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return "xlsx", xlsx_rows(path)
    if suffix in (".jsonl", ".ndjson"):
        return "utf-8", jsonl_rows(path)
    if suffix == ".parquet":
        return "parquet", parquet_rows(path)
    encoding = sniff_encoding(path)
    return encoding, csv_rows(path, encoding)


_SNIFF_BYTES = 1 << 20


def sniff_encoding(path: Path) -> str:
    """The encoding of a CSV file, from its first megabyte (a character cut at the end is allowed)."""
    with path.open("rb") as stream:
        head = stream.read(_SNIFF_BYTES)
        complete = len(head) < _SNIFF_BYTES
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    for encoding in ("utf-8", "gb18030"):
        try:
            codecs.getincrementaldecoder(encoding)().decode(head, final=complete)
        except UnicodeDecodeError:
            continue
        if encoding == "gb18030":
            return "gbk" if _decodes(head, "gbk", complete) else "gb18030"
        return encoding
    raise InputFileError(
        "the file is neither UTF-8 nor GBK/GB18030 text",
        fix="save it as CSV UTF-8 from Excel",
        location=Location(str(path)),
    )


def _decodes(data: bytes, encoding: str, final: bool) -> bool:
    try:
        codecs.getincrementaldecoder(encoding)().decode(data, final=final)
    except UnicodeDecodeError:
        return False
    return True


def csv_rows(path: Path, encoding: str) -> Iterator[list[str]]:
    """CSV records, decoded as they are read (GBK is read as GB18030, its superset)."""
    codec = "gb18030" if encoding == "gbk" else encoding
    with path.open(encoding=codec, newline="") as stream:
        records = csv.reader(stream)
        line = 0
        try:
            for line, record in enumerate(records, start=1):  # noqa: B007 - line is used in the error
                yield record
        except UnicodeDecodeError as exc:
            raise InputFileError(
                f"the text after record {line} is not {encoding}: the file mixes encodings",
                fix="save the whole file again as CSV UTF-8 from Excel",
                location=Location(str(path), line + 1),
            ) from exc


def parquet_rows(path: Path) -> Iterator[list[str]]:
    """A Parquet file's rows as text cells (numbers as written, dates ISO), its column names first."""
    import polars as pl

    frame = pl.scan_parquet(path)
    names = frame.collect_schema().names()
    yield names
    text = frame.select(pl.all().cast(pl.String))
    for batch in text.collect_batches(chunk_size=50_000):
        for row in batch.iter_rows():
            yield ["" if v is None else v for v in row]


def ragged(row: list[str], width: int) -> str | None:
    """The reason a row is refused before validation (it holds more cells than the header, or it is an
    :class:`UnreadableRow`), or None.

    Extra cells that are empty are ignored (spreadsheets often save a trailing comma); a filled one
    would have no column to go to, so the row is refused rather than losing it.
    """
    if isinstance(row, UnreadableRow):
        return row.reason
    filled = [i for i in range(width, len(row)) if row[i].strip()]
    return f"{filled[-1] + 1} cells but {width} headers" if filled else None


def _cell_text(value: object) -> str:
    """A spreadsheet cell as export text: numbers as written (19800101.0 stays so), dates ISO."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def xlsx_rows(path: Path) -> Iterator[list[str]]:
    """The first sheet's rows as text (title rows included: the header row is found by its names)."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for a broken file
        raise InputFileError(
            f"not a readable .xlsx workbook: {exc}", fix="re-save it from Excel as .xlsx", location=Location(str(path))
        ) from exc
    try:
        for row in workbook.worksheets[0].iter_rows(values_only=True):
            yield [_cell_text(v) for v in row]
    finally:
        workbook.close()


class UnreadableRow(list[str]):
    """A line that holds no row at all (a JSON Lines line that is not a JSON object): refused, with its
    reason, in its place, so that the lines after it are still read."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


def jsonl_rows(path: Path) -> Iterator[list[str]]:
    """JSON Lines: one object per line. The headers are every key of every object, in first-seen order
    (a first pass collects them), so that a key missing from the first object is not lost. A row per
    line, blank lines included (as empty rows), so that rows count as the file's lines."""
    header = list(
        dict.fromkeys(key for _, record in _jsonl_records(path) if isinstance(record, dict) for key in record)
    )
    yield header
    for _, record in _jsonl_records(path):
        if isinstance(record, UnreadableRow):
            yield record
        else:
            yield [] if record is None else [_cell_text(record.get(h)) for h in header]


def _jsonl_records(path: Path) -> Iterator[tuple[int, dict[str, object] | UnreadableRow | None]]:
    with path.open(encoding="utf-8-sig") as stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                yield number, None
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield number, UnreadableRow(f"not JSON ({exc.msg}); write one JSON object per line")
                continue
            if not isinstance(record, dict):
                yield number, UnreadableRow('not a JSON object; write one object per household, e.g. {"户编号": "H1"}')
                continue
            yield number, record


def _rows(
    info: HouseholdFile, rows: Iterator[list[str]], header_line: int, region: str | None
) -> Iterator[ReadRow | RejectedRow]:
    seen: set[str] = set()
    for line, row in enumerate(rows, start=header_line + 1):
        if not isinstance(row, UnreadableRow) and not any(cell.strip() for cell in row):
            continue
        extra = ragged(row, len(info.columns))
        if extra:
            cells = dict(zip(info.columns, row, strict=False))
            household_id = next((cells[h] for h, f in info.field_of.items() if f == "household_id"), "")
            yield RejectedRow(line, household_id.strip(), "", "", extra)
            continue
        read = read_row(dict(zip(info.columns, row, strict=False)), line, info.field_of, info.passthrough, region)
        if isinstance(read, list):
            yield from read
        elif read is not None and read.household.household_id in seen:
            header = _header(info.field_of, "household_id")
            yield RejectedRow(line, read.household.household_id, header, read.household.household_id, DUPLICATE_ID)
        elif read is not None:
            seen.add(read.household.household_id)
            yield read


def read_row(
    cells: Mapping[str, str | None],
    line: int,
    field_of: Mapping[str, str],
    passthrough: Sequence[str],
    region: str | None = None,
) -> ReadRow | list[RejectedRow] | None:
    """One data row (header → cell text) validated by the household model: the household with its
    passed-through cells (personal ones masked), the row's rejections, or None for a row of empty cells.
    ``region`` fills an empty 行政区划代码."""
    text = {h: v or "" for h, v in cells.items()}
    if not any(v.strip() for v in text.values()):
        return None
    record = {field_of[h]: v for h, v in text.items() if h in field_of}
    if region and not (record.get("region_code") or "").strip():
        record["region_code"] = region
    household_id = (record.get("household_id") or "").strip()
    try:
        household = Household.model_validate(record)
    except ValidationError as exc:
        return list(_rejections(field_of, exc, text, line, household_id))
    return ReadRow(line, household, {h: masked_cell(h, text.get(h, "")) for h in passthrough})


def _header(field_of: Mapping[str, str], field: str) -> str:
    return next((h for h, f in field_of.items() if f == field), field)


def _rejections(
    field_of: Mapping[str, str], exc: ValidationError, cells: Mapping[str, str], line: int, household_id: str
) -> Iterator[RejectedRow]:
    for error in exc.errors():
        field = str(error["loc"][0]) if error["loc"] else ""
        header = _header(field_of, field) if field else ""
        raw = cells.get(header, "") if header else ""
        reason = error["msg"].removeprefix("Value error, ")
        if error["type"] == "missing" or (field in REQUIRED and not raw.strip()):
            reason = REQUIRED_EMPTY
        yield RejectedRow(line, household_id, header, masked_cell(header, raw), reason)
