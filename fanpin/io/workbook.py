"""The township workbook: ``fanpin score … --out scored.xlsx``.

One workbook for the county and its townships, in the language of the run:

- **汇总 / summary**: the evaluation date and rulebook version (the run's, when no household was scored),
  the households scored and the rows refused; households by alert level; the most
  frequent flags (with their titles) and every data-check and audit finding; planned measures by responsible
  department; and per township its households by alert level and its planned measures;
- **one sheet per township** (乡镇: the first 9 digits of 行政区划代码; a shorter code is grouped by the
  乡 an export's rows name, :func:`township_of`, or is its own group), sorted by code, with every scored
  column: a frozen header row (and 户编号 column), a filter on the header, widths that fit the column,
  the alert level coloured (红, 橙, 黄), money as numbers with two places, the date as a date, and lists
  (rules, plan, sentences) one item per line;
- **未评分 / rejected**: the errors file's rows, with the reasons in the run's language.

The workbook is dated by the scored rows' evaluation date (the run's, ``--as-of``, when no row was scored), not
by the clock (:func:`save_dated`).

Rows are streamed: each sheet is written row by row as chunks arrive (openpyxl's write-only sheets keep
their rows in a temporary file each), and the summary is built from counts kept per chunk and written
last, at the front. Memory stays bounded by the chunk, whatever the file's size; a sheet holds at most
1 048 575 rows (Excel's limit), so a township or the rejected rows beyond that stop the run with a clean
error (write CSV or Parquet instead).
"""

from __future__ import annotations

import re
import shutil
import zipfile
from collections import Counter
from collections.abc import Mapping, Sequence
from contextlib import suppress
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import polars as pl

from fanpin.errors import Location, OutputError
from fanpin.model.values import visible
from fanpin.results.classify import ALERT_LEVELS
from fanpin.results.columns import REJECTED_COLUMNS, REJECTED_HEADERS, header, labels
from fanpin.results.plan import department
from fanpin.results.reasons import reason_text
from fanpin.results.sentences import Lang
from fanpin.rulebook import Rulebook

__all__ = [
    "CELL_CHARACTERS",
    "SHEET_MAX_ROWS",
    "TOWNSHIP_DIGITS",
    "TownshipWorkbook",
    "open_files_limit",
    "room_for_a_sheet",
    "township_column",
    "township_expr",
    "township_of",
    "unique_sheet_title",
]

SHEET_MAX_ROWS = 1_048_575  # one sheet, below its header row
#: A township (乡镇) code is the first 9 digits of a region code (6 for the county, 12 for the village).
TOWNSHIP_DIGITS = 9
COUNTY_DIGITS = 6
#: Fill and font colours of an alert level's cell, by level id.
LEVEL_COLOURS = {"red": ("FFC7CE", "9C0006"), "orange": ("FFD8B0", "9C4A00"), "yellow": ("FFEB9C", "9C6500")}
#: The width of a kept input column (a 备注, an export's 乡): at least this, or its header's. The sheet's
#: widths are set before its first row, so a kept column cannot be fitted to values not yet read; its
#: header alone (乡: 2 characters) would hide its text.
KEPT_WIDTH = 12
#: Column widths (characters) of the scored columns; kept input columns are KEPT_WIDTH or their header's.
WIDTHS = {
    "household_id": 16,
    "region_code": 15,
    "as_of": 12,
    "income_per_capita": 14,
    "income_band": 15,
    "alert_level": 10,
    "suggested_category": 16,
    "flags": 30,
    "risk_types": 16,
    "audit_findings": 28,
    "codes": 14,
    "measures": 30,
    "plan": 60,
    "explanation": 90,
    "not_evaluable": 30,
    "rulebook_version": 18,
}
REJECTED_WIDTHS = {"line": 8, "household_id": 16, "column": 18, "value": 20, "reason": 70}
MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"

#: The workbook's words, per language.
WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "summary": "汇总",
        "rejected": "未评分",
        "title": "防止返贫动态监测评分汇总",
        "as_of": "评估日期",
        "version": "规则版本",
        "households": "评分户数",
        "refused": "未评分行数",
        "by_level": "按预警等级",
        "level": "预警等级",
        "count": "户数",
        "share": "占比",
        "top_flags": "触发最多的规则",
        "top_findings": "核查发现（数据核查与审计）",
        "rule": "规则",
        "rule_title": "规则名称",
        "by_department": "按责任部门的帮扶措施",
        "department": "责任部门",
        "measures": "帮扶措施数",
        "households_with": "涉及户数",
        "by_township": "各乡镇",
        "township": "乡镇",
        "sheet": "工作表",
        "none": "（无）",
    },
    "en": {
        "summary": "summary",
        "rejected": "rejected",
        "title": "Poverty-return monitoring: scoring summary",
        "as_of": "as_of",
        "version": "rulebook_version",
        "households": "households scored",
        "refused": "rows rejected",
        "by_level": "By alert level",
        "level": "alert_level",
        "count": "households",
        "share": "share",
        "top_flags": "Most frequent rules",
        "top_findings": "Findings (data checks and audits)",
        "rule": "rule",
        "rule_title": "title",
        "by_department": "Planned measures by responsible department",
        "department": "department",
        "measures": "measures",
        "households_with": "households",
        "by_township": "By township",
        "township": "township",
        "sheet": "sheet",
        "none": "(none)",
    },
}
TOP = 15


def township_expr(named: str | None, county: str | None = None) -> pl.Expr:
    """:func:`township_of` as a polars expression on ``region_code`` and the columns ``named`` (the 乡
    passed through from an export, or None) and ``county`` (its 县, or None)."""
    code = pl.col("region_code").cast(pl.String).fill_null("")
    short = code.str.slice(0, TOWNSHIP_DIGITS)
    if named is None:
        return short
    name = pl.col(named).cast(pl.String).fill_null("").str.strip_chars()
    named_town = pl.concat_str([short, pl.lit(" "), name])
    if county is not None:  # a code above a county's: the 县 too, whose 乡 may share a name with another's
        place = pl.col(county).cast(pl.String).fill_null("").str.strip_chars()
        named_town = (
            pl.when((code.str.len_chars() < COUNTY_DIGITS) & (place != ""))
            .then(pl.concat_str([short, pl.lit(" "), place, pl.lit(" "), name]))
            .otherwise(named_town)
        )
    return pl.when((code.str.len_chars() < TOWNSHIP_DIGITS) & (name != "")).then(named_town).otherwise(short)


def township_of(region_code: str | None, name: str = "", county: str = "") -> str:
    """The township a household belongs to: the first 9 digits of its region code. A shorter code (an
    export read with a county's ``--region``, whose rows name their 乡 but carry no code) is grouped by
    the 乡 ``name`` its rows give, after the code; without one, the code is its own group. A code shorter
    than a county's (a prefecture's ``--region``) names the 县 ``county`` too, before the 乡: 城关镇 is a
    township of nearly every county, and the counties' had been one sheet.

    >>> township_of("532328101203"), township_of("532328", "城关镇"), township_of("532328")
    ('532328101', '532328 城关镇', '532328')
    >>> township_of("5323", "城关镇", "武定县"), township_of("532328", "城关镇", "元谋县")
    ('5323 武定县 城关镇', '532328 城关镇')
    """
    code, name, county = (region_code or "")[:TOWNSHIP_DIGITS], name.strip(), county.strip()
    if len(region_code or "") >= TOWNSHIP_DIGITS or not name:
        return code
    return f"{code} {county} {name}" if len(region_code or "") < COUNTY_DIGITS and county else f"{code} {name}"


def township_column(columns: Sequence[str], field: str = "town") -> str | None:
    """The column of a scored table that names each household's 乡: an export's 乡 (or 乡镇, …), passed
    through (:attr:`fanpin.io.export.ExportFile.places`); None when it has none. ``field="county"``: its 县."""
    from fanpin.model.export_columns import export_field

    return next((c for c in columns if export_field(c) == field), None)


class TownshipWorkbook:
    """The workbook writer (see the module's docstring): typed scored chunks with column ids, the refused
    rows, then :meth:`close`."""

    def __init__(
        self,
        path: Path,
        schema: Mapping[str, pl.DataType],
        lang: Lang,
        book: Rulebook,
        *,
        as_of: date | None = None,
        version: str | None = None,
    ) -> None:
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Font, PatternFill

        self.path, self.lang, self.book = path, lang, book
        self.columns = list(schema)
        self.town, self.county = township_column(self.columns), township_column(self.columns, "county")
        self.words = WORDS[lang]
        self.workbook = Workbook(write_only=True)
        self.summary = self.workbook.create_sheet(self.words["summary"])
        self.sheets: dict[str, Any] = {}
        #: the sheets' names as Excel compares them (whatever their case): a township's is unique among them
        self.titles: set[str] = {self.words["summary"].lower(), self.words["rejected"].lower()}
        self.rows: Counter[str] = Counter()
        self.rejected: Any = None
        self.rejected_rows = 0  # the sheet's rows: one per refused cell
        self.rejected_lines = 0  # the input rows they are about
        #: the evaluation date of the scored rows: the workbook's date (see :func:`save_dated`)
        self.dated: date | None = None
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.top = Alignment(vertical="top")
        self.level_styles = {
            labels("alert_level", lang)[level]: (PatternFill("solid", fgColor=fill), Font(color=font, bold=True))
            for level, (fill, font) in LEVEL_COLOURS.items()
        }
        # A workbook's styles are listed in the order cells first use them: the levels' are listed first,
        # in the levels' order, so that the file's bytes do not depend on which level the rows (or the
        # chunks they came in) showed first (they did: --chunk-rows 1 and 7 gave two styles.xml).
        for fill, font in self.level_styles.values():
            cell = WriteOnlyCell(self.summary)
            cell.fill, cell.font = fill, font
            _ = cell.style_id
        # Counts for the summary, kept as chunks pass.
        self.households = 0
        self.as_of: set[date] = set()
        self.versions: set[str] = set()
        #: the run's evaluation date and rulebook version: the summary's when no row was scored (every row
        #: refused, or none below the header), where the scored rows' had left both cells empty
        self.run_as_of, self.run_version = as_of, version
        self.levels: Counter[str] = Counter()
        self.flags: Counter[str] = Counter()
        self.departments: Counter[str] = Counter()  # department → measures planned
        self.department_households: Counter[str] = Counter()  # department → households with one of its measures
        self.townships: dict[str, Counter[str]] = {}
        self.department_of = {m.id: department(m, lang) for m in book.measures.values()}

    # ---- scored rows -----------------------------------------------------------------------------

    def write(self, frame: pl.DataFrame) -> None:
        if frame.height == 0:
            return
        if self.dated is None and "as_of" in frame.columns:
            self.dated = frame.get_column("as_of").drop_nulls().first()  # type: ignore[assignment]
        self._count(frame)
        for township, rows in frame.with_columns(township_expr(self.town, self.county).alias("__township")).group_by(
            "__township", maintain_order=True
        ):
            code = str(township[0])
            sheet = self._sheet(code)
            self.rows[code] += rows.height
            if self.rows[code] > SHEET_MAX_ROWS:
                raise OutputError(
                    f"township {code} has more than {SHEET_MAX_ROWS} households: they do not fit in one .xlsx sheet",
                    fix="write CSV or Parquet instead (--format csv or --format parquet)",
                    location=Location(str(self.path)),
                )
            for row in rows.select(self.columns).iter_rows():
                sheet.append(
                    [self._cell(sheet, column, value) for column, value in zip(self.columns, row, strict=True)]
                )

    def _count(self, frame: pl.DataFrame) -> None:
        self.households += frame.height
        self.as_of.update(frame.get_column("as_of").unique().to_list())
        self.versions.update(frame.get_column("rulebook_version").unique().to_list())
        self.levels.update(frame.get_column("alert_level").cast(pl.String).to_list())
        self.flags.update(dict(frame.get_column("flags").explode().drop_nulls().value_counts().iter_rows()))
        planned = (
            frame.select(pl.int_range(pl.len()).alias("row"), pl.col("measures"))
            .explode("measures")
            .drop_nulls()
            .with_columns(
                pl.col("measures").replace_strict(self.department_of, default=pl.col("measures")).alias("department")
            )
        )
        self.departments.update(dict(planned.get_column("department").value_counts().iter_rows()))
        households = planned.unique(["row", "department"]).get_column("department").value_counts()
        self.department_households.update(dict(households.iter_rows()))
        per_township = frame.select(
            township_expr(self.town, self.county).alias("township"),
            pl.col("alert_level").cast(pl.String).alias("level"),
            pl.col("measures").list.len().alias("measures"),
        )
        for (code, level), group in per_township.group_by("township", "level", maintain_order=True):
            counts = self.townships.setdefault(str(code), Counter())
            counts[str(level)] += group.height
            counts["__households"] += group.height
            counts["__measures"] += int(group.get_column("measures").sum())

    def _sheet(self, code: str) -> Any:
        if code not in self.sheets:
            room_for_a_sheet(len(self.sheets) + 2, self.path, "townships")  # and the summary's, the refused rows'
            sheet = self.workbook.create_sheet(unique_sheet_title(code or "-", self.titles))
            names = [header(c, self.lang) for c in self.columns]
            widths = [WIDTHS.get(c, max(KEPT_WIDTH, _fit(name))) for c, name in zip(self.columns, names, strict=True)]
            self._head(sheet, names, widths, freeze="B2")
            self.sheets[code] = sheet
        return self.sheets[code]

    def _head(self, sheet: Any, names: Sequence[str], widths: Sequence[int], freeze: str) -> None:
        header_row(sheet, names, widths, freeze, lang=self.lang)

    def _cell(self, sheet: Any, column: str, value: Any) -> Any:
        from openpyxl.cell import WriteOnlyCell as _WriteOnlyCell

        WriteOnlyCell: Any = _WriteOnlyCell  # noqa: N806 - openpyxl's stubs refuse Decimal and date, which it writes

        if value is None or (isinstance(value, list) and not value):
            return None
        if column == "alert_level":
            cell = WriteOnlyCell(sheet, value=value)
            if value in self.level_styles:
                cell.fill, cell.font = self.level_styles[value]
            return cell
        if isinstance(value, Decimal):
            cell = WriteOnlyCell(sheet, value=value)
            cell.number_format = MONEY_FORMAT
            return cell
        if isinstance(value, date) and value < FIRST_EXCEL_DATE:
            return _text(sheet, value.isoformat(), self.lang)  # Excel has no serial for it: written as text
        if isinstance(value, date):
            cell = WriteOnlyCell(sheet, value=value)
            cell.number_format = DATE_FORMAT
            return cell
        if isinstance(value, list):
            # One item a line; a list longer than a cell holds (a 贷款用途 of 40 000 characters quoted in the
            # explanation) is cut with the note, as any text is: openpyxl cut it without a word, and the
            # sentences after the cut were lost.
            cell = WriteOnlyCell(sheet, value=_fitted("\n".join(value), self.lang))
            cell.alignment = self.wrap
            cell.data_type = "s"
            return cell
        return _text(sheet, value, self.lang)

    # ---- refused rows ----------------------------------------------------------------------------

    def write_rejected(self, frame: pl.DataFrame) -> None:
        if frame.height == 0:
            return
        if self.rejected is None:
            self._open_rejected()
        self.rejected_rows += frame.height
        self.rejected_lines += frame.get_column("line").n_unique()
        if self.rejected_rows > SHEET_MAX_ROWS:
            raise OutputError(
                f"more than {SHEET_MAX_ROWS} rejected rows do not fit in one .xlsx sheet",
                fix="write CSV or Parquet instead; the errors file (--errors) lists every rejected row",
                location=Location(str(self.path)),
            )
        for line, household_id, column, value, reason in frame.select(REJECTED_COLUMNS).iter_rows():
            reason_cell = _text(self.rejected, reason_text(reason or "", self.lang), self.lang)
            # what the row holds as written, characters no one sees named (as in the errors file)
            written = [household_id if household_id is None else visible(household_id), column]
            written.append(value if value is None else visible(value))
            self.rejected.append([line, *(_text(self.rejected, v, self.lang) for v in written), reason_cell])

    def _open_rejected(self) -> None:
        self.rejected = self.workbook.create_sheet(self.words["rejected"])
        names = [REJECTED_HEADERS[self.lang][c] for c in REJECTED_COLUMNS]
        self._head(self.rejected, names, [REJECTED_WIDTHS[c] for c in REJECTED_COLUMNS], freeze="A2")

    # ---- the end -----------------------------------------------------------------------------------

    def close(self) -> None:
        from openpyxl.utils import get_column_letter

        if self.rejected is None:
            self._open_rejected()
        for code, sheet in self.sheets.items():
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(self.columns))}{self.rows[code] + 1}"
        self.rejected.auto_filter.ref = f"A1:{get_column_letter(len(REJECTED_COLUMNS))}{self.rejected_rows + 1}"
        self._write_summary()
        # The summary first, then the townships by code, then the refused rows.
        order = {id(self.summary): (0, ""), id(self.rejected): (2, "")}
        order |= {id(sheet): (1, code) for code, sheet in self.sheets.items()}
        self.workbook._sheets.sort(key=lambda s: order[id(s)])  # type: ignore[attr-defined]
        # dated as the summary states it: a workbook of no scored row by the run's date (it had been 1980-01-01)
        save_dated(self.workbook, self.path, self.dated if self.dated is not None else self.run_as_of)

    def _write_summary(self) -> None:
        from openpyxl.cell import WriteOnlyCell

        w = self.words
        sheet = self.summary
        sheet.column_dimensions["A"].width = 34
        for letter in "BCDEFGH":
            sheet.column_dimensions[letter].width = 16
        sheet.freeze_panes = "A2"

        def heading(*values: str) -> list[Any]:
            return bold_cells(sheet, values, lang=self.lang)

        def text(value: str) -> Any:
            return _text(sheet, value, self.lang)

        level_labels = labels("alert_level", self.lang)
        shown_levels = [level_labels[level] for level in reversed(ALERT_LEVELS)]  # 红 first
        sheet.append(heading(w["title"]))
        # one evaluation date as the township sheets write it, a date; several as text. A run that scored no
        # household names its own date and rulebook version (a chief must see what the empty run used).
        dates = sorted(self.as_of) or ([self.run_as_of] if self.run_as_of is not None else [])
        versions = sorted(self.versions) or ([self.run_version] if self.run_version else [])
        as_of = self._cell(sheet, "as_of", dates[0]) if len(dates) == 1 else ", ".join(d.isoformat() for d in dates)
        sheet.append([w["as_of"], as_of or None])
        sheet.append([w["version"], ", ".join(versions) or None])
        sheet.append([w["households"], self.households])
        sheet.append([w["refused"], self.rejected_lines])
        sheet.append([])
        sheet.append(heading(w["by_level"]))
        sheet.append(heading(w["level"], w["count"], w["share"]))
        for shown in shown_levels:
            count = self.levels.get(shown, 0)
            share = WriteOnlyCell(sheet, value=count / self.households if self.households else 0)
            share.number_format = "0.0%"
            sheet.append([self._cell(sheet, "alert_level", shown), count, share])
        audits = {rid for rid, rule in self.book.rules.items() if rule.spec.kind == "audit"}
        ranked = sorted(self.flags.items(), key=lambda kv: (-kv[1], kv[0]))  # most frequent first, then by id
        # The 15 most frequent risk rules, and every finding: cut to 15 as well, the findings of the data-check
        # pack (148 rules fired on a county's export) had read as 15, where the report lists them all.
        for title, chosen in (
            (w["top_flags"], [(r, n) for r, n in ranked if r not in audits][:TOP]),
            (w["top_findings"], [(r, n) for r, n in ranked if r in audits]),
        ):
            sheet.append([])
            sheet.append(heading(title))
            sheet.append(heading(w["rule"], w["rule_title"], w["count"]))
            for rule_id, count in chosen:  # a county's rule titles and departments are its own text
                sheet.append([text(rule_id), text(self._title(rule_id)), count])
            if not chosen:
                sheet.append([w["none"]])
        sheet.append([])
        sheet.append(heading(w["by_department"]))
        sheet.append(heading(w["department"], w["measures"], w["households_with"]))
        for name, planned in sorted(self.departments.items(), key=lambda kv: (-kv[1], kv[0])):
            sheet.append([text(name), planned, self.department_households[name]])
        if not self.departments:
            sheet.append([w["none"]])
        sheet.append([])
        sheet.append(heading(w["by_township"]))
        # each township's sheet named last: a name Excel's 31 characters cut, or numbered beside another's that
        # reads alike (unique_sheet_title), is no longer its township's, which the clerk looked for in vain
        sheet.append(heading(w["township"], w["count"], *shown_levels, w["measures"], w["sheet"]))
        for code in sorted(self.townships):
            counts = self.townships[code]
            sheet.append(
                # the township as its sheet is named (a character no one sees shown by its code point, <U+200B>):
                # as it was written, the row of 城关镇 with a zero-width space looked like 城关镇's
                [
                    text(visible(code)),
                    counts["__households"],
                    *(counts.get(s, 0) for s in shown_levels),
                    counts["__measures"],
                    # (none when the run stopped before its sheet was made: the workbook is then not kept)
                    text(self.sheets[code].title) if code in self.sheets else None,
                ]
            )

    def _title(self, rule_id: str) -> str:
        rule = self.book.rules.get(rule_id)
        if rule is None:
            return rule_id
        return rule.spec.title.zh if self.lang == "zh" else rule.spec.title.en


def bold_cells(sheet: Any, values: Sequence[Any], *, lang: Lang) -> list[Any]:
    """A row of bold cells for a write-only sheet (a header, a title). Text is text, as :func:`_text` writes
    it: a kept input column's header is the file's own (``=cmd`` was written as a live formula)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    bold = Font(bold=True)
    cells = []
    for value in values:
        text = _fitted(value, lang) if isinstance(value, str) else value
        cell = WriteOnlyCell(sheet, value=text)
        if isinstance(text, str):
            cell.data_type = "s"
        cell.font = bold
        cells.append(cell)
    return cells


def header_row(sheet: Any, names: Sequence[str], widths: Sequence[int], freeze: str = "A2", *, lang: Lang) -> None:
    """A sheet's bold header row: column widths (at least the header's) and the frozen pane first, as a
    write-only sheet takes them only before its first row."""
    from openpyxl.utils import get_column_letter

    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(width, _fit(names[index - 1]))
    sheet.freeze_panes = freeze
    sheet.append(bold_cells(sheet, names, lang=lang))


def _fitted(value: str, lang: Lang) -> str:
    """Text an .xlsx cell holds: a character it cannot hold (a NUL in a note, :data:`_ILLEGAL`) as U+FFFD
    rather than stopping the run or writing a sheet no one can open, and a text longer than a cell holds
    (:data:`CELL_CHARACTERS`, counted as Excel counts them: :func:`_units`) cut with a note in ``lang`` saying
    so (openpyxl cut it without a word)."""
    value = _ILLEGAL.sub("\ufffd", value)
    # called for every text cell: Excel's count only for a text that may pass the limit by it
    if 2 * len(value) > CELL_CHARACTERS and _units(value) > CELL_CHARACTERS:
        note = _CUT[lang].format(length=len(value))
        value = _cut(value, CELL_CHARACTERS - _units(note)) + note
    return value


def _text(sheet: Any, value: Any, lang: Lang) -> Any:
    """Text as text (:func:`_fitted`), and a cell that starts with ``=`` never a live formula."""
    if isinstance(value, str):
        value = _fitted(value, lang)
    if isinstance(value, str) and value.startswith("="):
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


#: The first day an .xlsx date cell shows as itself: Excel counts days from 1900-01-00 and takes 1900 for a
#: leap year, so the days before 1900-03-01 are one off (and those before 1900 are no date at all).
FIRST_EXCEL_DATE = date(1900, 3, 1)
#: The most characters an .xlsx cell holds (Excel's limit; openpyxl cuts a longer text to it), counted as Excel
#: counts them, in UTF-16 code units (:func:`_units`).
CELL_CHARACTERS = 32_767
#: The most characters of a sheet's name, counted alike.
TITLE_CHARACTERS = 31
#: What ends a text cut to fit in a cell.
_CUT = {
    "zh": "……（原文 {length} 字，超出 Excel 单元格上限，此处截断；CSV、Parquet 或 JSON Lines 输出保留全文）",
    "en": "… (cut: the text has {length} characters, more than an Excel cell holds; CSV, Parquet or JSON Lines "
    "output keeps it whole)",
}

#: The characters an .xlsx cell cannot hold: C0 controls but tab and line ends (openpyxl refuses them), and
#: the noncharacters U+FFFE and U+FFFF, which XML cannot hold either (openpyxl writes them, and no reader,
#: Excel or openpyxl, opens the sheet).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _units(text: str) -> int:
    """The length of ``text`` as Excel counts it, for its limits (a cell's 32 767 characters, a sheet name's 31):
    in UTF-16 code units, where a character beyond the Basic Multilingual Plane takes two: an emoji, and the
    CJK characters of Extension B on (𬇙, 𠮷, written in some names of people and places). Counted in
    characters, a cell of 32 767 such characters was 65 534 to Excel, which reported the workbook damaged and
    cut the cell when repairing it; a sheet named by a 乡 of 31 such characters was refused."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _cut(text: str, units: int) -> str:
    """The longest start of ``text`` within ``units`` UTF-16 code units (:func:`_units`), never half a character."""
    if len(text) * 2 <= units or _units(text) <= units:
        return text
    used = 0
    for index, ch in enumerate(text):
        used += 2 if ord(ch) > 0xFFFF else 1
        if used > units:
            return text[:index]
    return text


def _fit(text: str) -> int:
    """A column width that fits ``text``: a Chinese character takes two."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text) + 2


#: A character no one sees as :func:`~fanpin.model.values.visible` writes it (``<U+200B>``), which a cut keeps whole.
_MARKER = re.compile(r"<U\+[0-9A-F]{4,6}>")


def _cut_title(text: str, units: int) -> str:
    """:func:`_cut`, never inside a ``<U+200B>`` marker (``城关镇<U+20`` named no character): the marker is left out."""
    cut = _cut(text, units)
    for marker in _MARKER.finditer(text):
        if marker.start() < len(cut) < marker.end():
            return cut[: marker.start()]
    return cut


def _sheet_title(code: str) -> str:
    """A sheet name Excel accepts (at most 31 characters as Excel counts them, :func:`_units`; none of
    ``[]:*?/\\``; not beginning or ending with an apostrophe), and one XML can hold: a control character in
    an export's 乡 (:data:`_ILLEGAL`) was written into the workbook's list of sheets, which no reader could
    open then; a character no one sees (a direction mark) is written as its code point,
    :func:`~fanpin.model.values.visible` (two 乡 looked alike)."""
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in visible(_ILLEGAL.sub("_", code)))
    return _no_edge_apostrophe(_cut_title(cleaned, TITLE_CHARACTERS))


def _no_edge_apostrophe(title: str) -> str:
    """``title`` with an apostrophe at either end replaced by ``_`` (Excel refuses a sheet name so written)."""
    if title.startswith("'"):
        title = "_" + title[1:]
    if title.endswith("'"):
        title = title[:-1] + "_"
    return title


def unique_sheet_title(code: str, taken: set[str]) -> str:
    """:func:`_sheet_title` of ``code``, numbered (``~2``, ``~3`` …, within its 31 characters) when it is one
    of ``taken`` as Excel compares names, whatever their case (two 乡 whose names differ past the cut, or
    only in case); it is added to ``taken``. openpyxl would append a digit itself, past the 31 characters
    Excel opens."""
    name = base = _sheet_title(code)
    n = 1
    while name.lower() in taken:
        n += 1
        name = f"{_no_edge_apostrophe(_cut_title(base, TITLE_CHARACTERS - len(str(n)) - 1))}~{n}"
    taken.add(name.lower())
    return name


#: Files a run keeps open besides its workbook's sheets (its input, the other outputs, Python's own, polars'
#: threads' …): room kept for them below the limit of open files.
SPARE_FILES = 64


def open_files_limit() -> tuple[int, int]:
    """The process's limit of open files (soft, hard); ``(-1, -1)``, no limit known, where the system has
    none to ask (Windows)."""
    try:
        import resource
    except ImportError:
        return -1, -1
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    return (-1 if soft == resource.RLIM_INFINITY else soft), (-1 if hard == resource.RLIM_INFINITY else hard)


def _raise_open_files_limit(soft: int, hard: int) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_NOFILE, (soft, resource.RLIM_INFINITY if hard < 0 else hard))


def room_for_a_sheet(sheets: int, path: Path, what: Literal["townships", "codes"]) -> None:
    """Before a write-only workbook's sheet number ``sheets + 1`` is made: openpyxl keeps each sheet's rows
    in a temporary file of its own, open until the workbook is saved, so a workbook of 1 100 townships had
    1 100 files open, past the 1 024 many a Linux system allows a process by default, and the run stopped on
    an internal error. The limit is raised to the system's most (its hard limit) when the sheets near it; a
    workbook past that too is an :class:`~fanpin.errors.OutputError` (``what``: the sheets' kind, townships
    or codes) saying to write CSV or Parquet."""
    soft, hard = open_files_limit()
    needed = sheets + 1 + SPARE_FILES
    if soft < 0 or needed <= soft:
        return
    if hard < 0 or needed <= hard:
        _raise_open_files_limit(min(max(2 * soft, needed), hard) if hard >= 0 else max(2 * soft, needed), hard)
        return
    fix = {
        "townships": "write CSV or Parquet instead (--format csv or --format parquet), or score each county's rows "
        "apart",
        "codes": "write the findings as CSV or Parquet instead (--findings findings.csv)",
    }[what]
    raise OutputError(
        f"the workbook has more than {hard - SPARE_FILES} {what}, each a sheet, more than the {hard} files "
        "this system lets a program open at once",
        fix=fix,
        location=Location(str(path)),
    )


#: The first date a zip archive can hold: an earlier one is dated so in the archive (its properties keep it), and
#: a workbook given no date at all (a writer made without the run's, as no run of fanpin makes one) is dated so.
ZIP_EPOCH = date(1980, 1, 1)
#: The last date a zip archive can hold (its year is 1980 plus seven bits): a later one is dated so.
ZIP_LAST = date(2107, 12, 31)


def save_dated(workbook: Any, path: Path, day: date | None) -> None:
    """Save an openpyxl workbook dated ``day`` (midnight), not at the moment it is saved: its document properties
    (created, modified) and each part's time in the archive (within :data:`ZIP_EPOCH` … :data:`ZIP_LAST`, the
    dates a zip archive holds). The same rows then make the same bytes, whichever engine scored them and
    whenever (fanpin never reads the clock; openpyxl and zipfile would). ``day`` is the run's evaluation date;
    None (no run's date given) is :data:`ZIP_EPOCH`: the properties and every part must hold some date, and
    any other would be the clock's."""
    from openpyxl.writer.excel import ExcelWriter

    day = day or ZIP_EPOCH
    workbook.properties.created = workbook.properties.modified = datetime(day.year, day.month, day.day)
    stamp = min(max(day, ZIP_EPOCH), ZIP_LAST)
    from fanpin.io.sinks import staged, written_to  # sinks makes this module's workbook: imported when used

    # standard output (--out -) gets the archive once it is whole, through the process's own descriptor
    with (
        staged(path, "workbook.xlsx") as whole,
        written_to(whole),
        _DatedZip(whole, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive,
    ):
        archive.stamp = (stamp.year, stamp.month, stamp.day, 0, 0, 0)
        try:
            ExcelWriter(workbook, archive).save()
        except BaseException:
            abandon(workbook)
            raise


def abandon(workbook: Any) -> None:
    """Closes the row writers of a write-only workbook that will not be saved (its save failed on a full
    disk, or Ctrl-C came while its rows were written), quietly: each would otherwise try to end its sheet
    in a file already closed when it is collected, and Python prints that error's traceback, after
    fanpin's own message."""
    for sheet in workbook.worksheets:
        rows = getattr(sheet, "_rows", None)  # openpyxl's generator of a write-only sheet's rows
        if rows is not None:
            with suppress(Exception):
                rows.close()


class _DatedZip(zipfile.ZipFile):
    """A zip archive whose parts all carry :attr:`stamp` as their time (zipfile's own use the clock)."""

    stamp = (ZIP_EPOCH.year, ZIP_EPOCH.month, ZIP_EPOCH.day, 0, 0, 0)

    def _dated(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=self.stamp)
        info.compress_type = self.compression
        info.external_attr = 0o600 << 16
        return info

    def writestr(self, zinfo_or_arcname: Any, data: Any, *args: Any, **kwargs: Any) -> None:
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = self._dated(zinfo_or_arcname)
        super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(self, filename: Any, arcname: Any = None, *args: Any, **kwargs: Any) -> None:
        # a write-only sheet's rows, from its temporary file, streamed
        rows = Path(filename)
        large = rows.stat().st_size >= zipfile.ZIP64_LIMIT
        with rows.open("rb") as source, self.open(self._dated(str(arcname or filename)), "w", force_zip64=large) as out:
            shutil.copyfileobj(source, out, 1 << 20)
