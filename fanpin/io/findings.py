"""Writing the clerk's worksheet (``--findings``): the findings of :mod:`fanpin.pipeline.findings`, sorted,
as .xlsx, CSV, Parquet or JSON Lines (by the file's suffix; CSV for any other).

Chunks of findings are kept as Parquet parts in a temporary folder while the file is scored, then
sorted once (code, 县, 乡, 村, 户编号, member, line) and written at :meth:`FindingsSink.close`.

The workbook (.xlsx), in the language of the run:

- **汇总 / summary**: per code its message, households, members (of a member check) and findings,
  then per village (县, 乡, 村) its households and findings;
- **one sheet per code**, named by the code, with every column of the worksheet.

Every sheet has a bold, frozen header row and a filter on it, widths that fit its columns, and
multi-line cells (fields, values, comparisons) wrapped. Rows are streamed (write-only sheets), text is
never a live formula, and a control character .xlsx cannot hold is written as U+FFFD, as in the
township workbook (:mod:`fanpin.io.workbook`); like it, the workbook is dated by the run's evaluation
date, so the same findings make the same bytes. CSV cells that a spreadsheet would run as formulas get a
leading ``'``, as in every CSV fanpin writes.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any, Literal

import polars as pl

from fanpin.errors import Location, OutputError
from fanpin.io.sinks import _CsvTable, format_of, opened, staged, written_to
from fanpin.io.workbook import (
    SHEET_MAX_ROWS,
    _fitted,
    _text,
    abandon,
    bold_cells,
    header_row,
    room_for_a_sheet,
    save_dated,
    unique_sheet_title,
)
from fanpin.results.findings import FINDING_COLUMNS, FINDING_HEADERS, FINDING_SCHEMA
from fanpin.results.sentences import Lang

__all__ = [
    "FINDINGS_FORMATS",
    "HOUSEHOLD",
    "SORT_COLUMNS",
    "FindingsFormat",
    "FindingsSink",
    "findings_format",
    "with_households",
]

FindingsFormat = Literal["csv", "xlsx", "parquet", "jsonl"]
FINDINGS_FORMATS: tuple[FindingsFormat, ...] = ("csv", "xlsx", "parquet", "jsonl")
#: A column the sink keeps beside the findings and never writes: each finding's household (a hash of its
#: 县, 乡, 村 and 户编号 as read), which the summary counts. The 户编号 it shows may be masked
#: (:func:`fanpin.masking.masked_keys`), and two persons' numbers can mask alike.
HOUSEHOLD = "__household"
_PLACE = ("county", "township", "village", "household_id")
#: The worksheet's order.
SORT_COLUMNS = ("code", "county", "township", "village", "household_id", "member_id", "line")
#: Column widths (characters) of the worksheet.
WIDTHS = {
    "code": 12,
    "message": 40,
    "county": 12,
    "township": 14,
    "village": 16,
    "household_id": 18,
    "member_id": 20,
    "member_name": 12,
    "line": 8,
    "fields": 30,
    "values": 20,
    "basis": 60,
    "rule_id": 36,
}
_WRAPPED = ("message", "fields", "values", "basis")
#: The summary's words, per language.
WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "summary": "汇总",
        "households": "户数",
        "members": "人数",
        "findings": "疑点条数",
        "by_village": "各村疑点",
        "none": "（无疑点）",
    },
    "en": {
        "summary": "summary",
        "households": "households",
        "members": "members",
        "findings": "findings",
        "by_village": "By village",
        "none": "(no findings)",
    },
}


def findings_format(path: Path, option: str = "--findings") -> FindingsFormat:
    """The format of a findings file, by its suffix: .xlsx, .parquet, .jsonl (or .ndjson), .csv; CSV for a
    name without a suffix (a device, a pipe) or .txt. Another suffix is a :class:`~fanpin.errors.ConfigError`
    (a CSV written into findings.json would be misread by whatever opens it) naming ``option``: the command's
    ``--findings``, or a host's parameter, ``findings``.

    >>> findings_format(Path("out/findings.xlsx")), findings_format(Path("findings.txt"))
    ('xlsx', 'csv')
    """
    found: FindingsFormat = format_of(path, option, listed=".xlsx, .csv, .parquet or .jsonl")
    return found


def with_households(findings: pl.DataFrame) -> pl.DataFrame:
    """``findings`` with the column :data:`HOUSEHOLD`, unless it has it: call it before their 户编号 are
    masked."""
    if HOUSEHOLD in findings.columns:
        return findings
    return findings.with_columns(pl.struct(_PLACE).hash(seed=0).alias(HOUSEHOLD))


class FindingsSink:
    """The worksheet writer: chunks of findings (:data:`~fanpin.pipeline.findings.FINDING_SCHEMA`), then
    :meth:`close` (sorts and writes) or :meth:`discard` (a failed run: writes nothing)."""

    def __init__(self, path: Path, lang: Lang, fmt: FindingsFormat | None = None, *, as_of: date | None = None) -> None:
        """``fmt``: by default :func:`findings_format` of ``path`` (give the final name's format when
        ``path`` is a ``.part`` file). ``as_of``: the run's evaluation date, which dates the workbook
        (:func:`~fanpin.io.workbook.save_dated`; 1980-01-01 without one), never the clock."""
        self.path, self.lang, self.as_of = path, lang, as_of
        self.fmt = fmt or findings_format(path)
        self.folder = tempfile.TemporaryDirectory(prefix="fanpin-findings-")
        self.parts: list[Path] = []

    def write(self, frame: pl.DataFrame) -> None:
        """A chunk's findings (with :data:`HOUSEHOLD` where their 户编号 were masked: :func:`with_households`)."""
        if frame.height:
            part = Path(self.folder.name) / f"{len(self.parts):06d}.parquet"
            with_households(frame).write_parquet(part)
            self.parts.append(part)

    def sorted(self) -> pl.DataFrame:
        """Every finding written so far, in the worksheet's order."""
        if not self.parts:
            return pl.DataFrame(schema=FINDING_SCHEMA | {HOUSEHOLD: pl.UInt64()})
        return pl.scan_parquet(self.parts).sort(list(SORT_COLUMNS), nulls_last=True, maintain_order=True).collect()

    def close(self) -> None:
        try:
            sorted_rows = self.sorted()
            rows = sorted_rows.select(FINDING_COLUMNS)
            names = FINDING_HEADERS[self.lang]
            if self.fmt == "xlsx":
                _write_workbook(self.path, sorted_rows, self.lang, self.as_of)
            elif self.fmt == "jsonl":
                with written_to(self.path), opened(self.path) as stream:
                    rows.write_ndjson(stream)
            elif self.fmt == "parquet":
                with staged(self.path, "findings.parquet") as whole, written_to(whole):
                    rows.rename(names).write_parquet(whole)
            else:
                table = _CsvTable(self.path, [names[c] for c in FINDING_COLUMNS])
                try:
                    if rows.height:
                        text = rows.with_columns(pl.col("line").cast(pl.String))
                        table.write(text.rename(names))  # the table neutralises formulas
                finally:
                    table.close()
        finally:
            self.folder.cleanup()

    def discard(self) -> None:
        self.folder.cleanup()


def _write_workbook(path: Path, rows: pl.DataFrame, lang: Lang, as_of: date | None) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    try:
        _fill_workbook(workbook, rows, lang, path)
    except BaseException:  # Ctrl-C while the sheets are written, or a code too large for a sheet
        abandon(workbook)
        raise
    save_dated(workbook, path, as_of)


def _fill_workbook(workbook: Any, rows: pl.DataFrame, lang: Lang, path: Path) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    words, names = WORDS[lang], FINDING_HEADERS[lang]
    wrap = Alignment(wrap_text=True, vertical="top")
    rows = with_households(rows)  # the sink's rows have it, noted before their 户编号 were masked

    def text(sheet: Any, value: Any) -> Any:  # a cut text's note in the run's language
        return _text(sheet, value, lang)

    def filtered(sheet: Any, columns: int, rows: int) -> None:
        sheet.auto_filter.ref = f"A1:{get_column_letter(columns)}{rows + 1}"

    # The summary: per code, then per village.
    summary = workbook.create_sheet(words["summary"])
    per_code = (
        rows.group_by("code", maintain_order=True)
        .agg(
            pl.col("message").first(),
            pl.col(HOUSEHOLD).n_unique().alias("households"),
            pl.col("member_id").is_not_null().sum().cast(pl.Int64).alias("members"),
            pl.len().cast(pl.Int64).alias("findings"),
        )
        .sort("code")
    )
    code_heads = [names["code"], names["message"], words["households"], words["members"], words["findings"]]
    header_row(summary, code_heads, [WIDTHS["code"], WIDTHS["message"], 10, 10, 10], lang=lang)
    filtered(summary, len(code_heads), per_code.height)
    for code, message, households, members, findings in per_code.iter_rows():
        summary.append([text(summary, code), text(summary, message), households, members, findings])
    if per_code.height == 0:
        summary.append([words["none"]])
    per_village = (
        rows.group_by("county", "township", "village")
        .agg(pl.col(HOUSEHOLD).n_unique().alias("households"), pl.len().cast(pl.Int64).alias("findings"))
        .sort("county", "township", "village", nulls_last=True)
    )
    summary.append([])
    summary.append(bold_cells(summary, [words["by_village"]], lang=lang))
    village_heads = [names["county"], names["township"], names["village"], words["households"], words["findings"]]
    summary.append(bold_cells(summary, village_heads, lang=lang))
    for county, township, village, households, findings in per_village.iter_rows():
        summary.append([text(summary, county), text(summary, township), text(summary, village), households, findings])

    # One sheet per code.
    headers = [names[c] for c in FINDING_COLUMNS]
    titles: set[str] = {words["summary"].lower()}
    for (code,), group in rows.group_by("code", maintain_order=True):
        if group.height > SHEET_MAX_ROWS:
            raise OutputError(
                f"code {code} has more than {SHEET_MAX_ROWS} findings: they do not fit in one .xlsx sheet",
                fix="write the findings as CSV or Parquet instead (--findings findings.csv)",
                location=Location(str(path)),
            )
        room_for_a_sheet(len(workbook.worksheets), path, "codes")
        sheet = workbook.create_sheet(unique_sheet_title(str(code or "-"), titles))  # unique whatever the case
        header_row(sheet, headers, [WIDTHS[c] for c in FINDING_COLUMNS], lang=lang)
        filtered(sheet, len(headers), group.height)
        for row in group.select(FINDING_COLUMNS).iter_rows():
            out: list[Any] = []
            for column, value in zip(FINDING_COLUMNS, row, strict=True):
                if column in _WRAPPED and isinstance(value, str):
                    cell = WriteOnlyCell(sheet, value=_fitted(value, lang))
                    cell.alignment = wrap
                    cell.data_type = "s"  # text, even where it starts with =
                else:
                    cell = text(sheet, value)
                out.append(cell)
            sheet.append(out)
