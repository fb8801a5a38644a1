"""``fanpin report SCORED --out report.html``: a county at a glance, in one self-contained HTML file.

The report reads a scored file (CSV, Parquet or JSON Lines, in either language) and writes one HTML file
that opens offline: its styles, its script and its data are inside it, and the charts are SVG drawn
here (no charting library, no font, image or script fetched from anywhere; a Content-Security-Policy
forbids any request). It shows, in the language asked for:

1. households by alert level per township (stacked bars) and per village (a table under each township);
2. the distribution of per-capita income against the monitoring line, the income bands shaded;
3. the most frequent rules, and the data-check and audit findings;
4. the planned measures by responsible department (the workload), and when they fall due, by week;
5. a searchable table of the households (户编号, township, village, income, band, level, category, risk
   types, plan), personal columns masked, and a 户编号 that is a person's number too.

A township is the first 9 digits of 行政区划代码 and a village the first 12. A shorter code is grouped by
the 乡 and 村 the rows name (an export read with a county's ``--region`` names them and carries no code),
or is its own group. The monitoring line and the band edges are the rulebook's for the region most households are
in, on the scoring date. Every figure carries its value in a ``data-*`` attribute, so that a test can
read the numbers the charts draw.
"""

from __future__ import annotations

import codecs
import html
import io
import itertools
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from operator import itemgetter
from pathlib import Path
from typing import IO, Any

import polars as pl

from fanpin._host import host_notes, words_of
from fanpin._polars import per_distinct, trimmed_items
from fanpin.arguments import checked_flag, checked_input
from fanpin.batch.validate import kept_column, masked_numbers
from fanpin.errors import ConfigError, InputFileError, Location, OutputError, ParameterLookupError
from fanpin.interrupts import held_back
from fanpin.io.readers import PARQUET_MARK, UnreadableRow, check_parquet_whole, csv_rows, delimiter_hint, sniff_encoding
from fanpin.io.sinks import STATED_AS_OF, STATED_VERSION, Format, as_given, format_of, opened, refuse_spaced_name
from fanpin.io.workbook import township_column, township_expr
from fanpin.masking import kept_keys, masked_keys, shown_key
from fanpin.model.columns import is_pii_column
from fanpin.model.export_columns import export_field
from fanpin.model.values import SCIENTIFIC, SCIENTIFIC_ID, header_text, mask_numbers, parse_date
from fanpin.pipeline.run import claim_part, direct_fix, folder_for, part_path, remove_folders, written_path
from fanpin.results.classify import ALERT_LEVELS, BAND_PARAMETERS, band_edges
from fanpin.results.columns import BANDS, HEADERS, LABELS, OUTPUT_COLUMNS
from fanpin.results.plan import check_plannable, department, due_date, measure_name
from fanpin.results.sentences import Lang
from fanpin.rulebook import Rulebook, load_rulebook

__all__ = ["BIN_YUAN", "Report", "income_bins", "read_scored", "write_report"]

#: Income histogram bins are 1000 元 wide, from 0 to 2.5 × the monitoring line (rounded up to a bin);
#: incomes below 0 and above the last edge have a bin each.
BIN_YUAN = 1000
TOWNSHIP, VILLAGE = 9, 12
LEVEL_COLOURS = {"red": "#d73027", "orange": "#f46d43", "yellow": "#fdd835", "none": "#a6bddb"}
BAND_COLOURS = {"below_line": "#fde0dd", "near_line": "#fff3cd", "above_line": "#e5f5e0", "far_above": "#f0f0f0"}
TOP = 15

WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "title": "防止返贫动态监测：县域概览",
        "generated": "评估日期 {as_of} · 规则版本 {version} · 评分户数 {households}",
        "levels": "各乡镇、各村按预警等级的户数",
        "township": "乡镇",
        "village": "村",
        "by_village": "各村户数（按预警等级，点击展开）",
        "households": "户数",
        "income": "人均纯收入分布与监测范围",
        "income_note": "每档 {bin} 元；竖线为监测范围 {line} 元（{region}，{as_of}），底色为收入区间",
        "no_line": "没有可用的监测范围参数",
        "count": "户数",
        "flags": "触发最多的规则",
        "findings": "数据核查与审计发现",
        "none": "（无）",
        "departments": "各责任部门的帮扶措施（工作量）",
        "measures": "帮扶措施数",
        "weeks": "按到期周（周一起）的帮扶措施数",
        "department": "责任部门",
        "table": "户清单",
        "search": "搜索户编号、乡镇、村、预警等级、风险类型或措施…",
        "shown": "显示 {shown} / {total} 户",
        "household_id": "户编号",
        "level": "预警等级",
        "band": "收入区间",
        "category": "建议监测类别",
        "risks": "风险类型",
        "plan": "帮扶计划（一户一策）",
        "income_col": "测算人均纯收入（元）",
        "total": "合计",
    },
    "en": {
        "title": "Poverty-return monitoring: the county at a glance",
        "generated": "as_of {as_of} · rulebook {version} · {households} households scored",
        "levels": "Households by alert level, per township and village",
        "township": "township",
        "village": "village",
        "by_village": "Households per village, by alert level (click to open)",
        "households": "households",
        "income": "Per-capita income against the monitoring line",
        "income_note": "bins of {bin} yuan; the line is the monitoring line, {line} yuan ({region}, {as_of}); "
        "shading shows the income bands",
        "no_line": "no monitoring line parameter applies",
        "count": "households",
        "flags": "Most frequent rules",
        "findings": "Data-check and audit findings",
        "none": "(none)",
        "departments": "Planned measures by responsible department (workload)",
        "measures": "measures",
        "weeks": "Planned measures by the week they fall due (weeks from Monday)",
        "department": "department",
        "table": "Households",
        "search": "Search household id, township, village, level, risk type or measure…",
        "shown": "showing {shown} of {total} households",
        "household_id": "household_id",
        "level": "alert_level",
        "band": "income_band",
        "category": "suggested_category",
        "risks": "risk_types",
        "plan": "plan",
        "income_col": "income_per_capita",
        "total": "total",
    },
}


# ---- reading a scored file -------------------------------------------------------------------------


def read_scored(path: str | Path) -> pl.DataFrame:
    """A scored file (CSV, Parquet or JSON Lines, headers and labels in either language) as the columns
    the report reads: ``household_id``, ``region_code``, ``as_of`` (date), ``income_per_capita`` (float,
    元), ``income_band``, ``alert_level`` and ``suggested_category`` (ids), ``flags``, ``risk_types`` and
    ``measures`` (lists), ``rulebook_version``, and the passed-through personal columns (masked). A 户编号
    that is a person's number (an ID or mobile number: :func:`~fanpin.masking.personal_key`) is masked, the
    national system's household numbers as written. One row per household: a file that holds a 户编号 more
    than once is refused (:func:`_check_once`)."""
    path = checked_input(Path(path), fix="give the scored file fanpin score wrote")
    try:
        fmt = _scored_format(path)
        if fmt == "parquet":
            check_parquet_whole(
                path,
                fix="give the file fanpin score wrote, unchanged; a copy that stopped before its end is cut short: "
                "copy it again",
            )
            wanted = _wanted(pl.read_parquet_schema(path))
            frame = _lists(_by_id(pl.read_parquet(path, columns=wanted), path))
        elif fmt == "jsonl":
            frame = _jsonl(path)
        elif fmt == "csv":
            frame = _lists(_csv(path))
        else:
            raise InputFileError(
                "fanpin report reads a scored CSV, Parquet or JSON Lines file"
                + (", not a workbook (the township workbook, or the findings worksheet)" if fmt == "xlsx" else ""),
                fix="score to --out scored.csv, scored.parquet or scored.jsonl, and report on that file",
                location=Location(str(path)),
            )
    except (pl.exceptions.PolarsError, OSError, ValueError) as exc:
        if isinstance(exc, InputFileError):
            raise
        raise InputFileError(
            f"not a readable scored file ({type(exc).__name__})",
            fix="give the file fanpin score wrote, unchanged",
            location=Location(str(path)),
        ) from None
    # Every column the report reads is one fanpin score writes: without one (a column deleted in a
    # spreadsheet), the figures it feeds would be drawn empty without a word (no due weeks, no rules).
    _refuse_unscored(frame.columns, path)
    try:
        typed = _typed(frame)
    except pl.exceptions.PolarsError:  # a column of another type than fanpin score writes (an edited file)
        odd = _unreadable(frame)
        raise InputFileError(
            f"not a readable scored file: the column(s) {', '.join(odd) or '(some)'} do not hold what fanpin "
            "score writes",
            fix="give the file fanpin score wrote, unchanged",
            location=Location(str(path)),
        ) from None
    _check_words(frame, typed, path)
    _check_keys_whole(frame, typed, path)
    _check_once(frame, typed, path)  # on the keys as written: a person's number given twice is one household twice
    # A 户编号 that is a person's number (a county that keys its households by the head's ID number, or by a
    # mobile number) is in clear in a file scored with --keep-identities; the report takes no such option and
    # shows it masked as fanpin score masks it without one (5323**********1234), in its cells and search text.
    return typed.with_columns(masked_keys(typed.get_column("household_id"))[0])


def stated_in(path: Path) -> tuple[str, str]:
    """The evaluation date and rulebook version a scored Parquet table states in its file metadata
    (:func:`fanpin.io.sinks.stated_run`: written with rows or without), each "" when it states none (an older
    table, one written again by another tool) or not as fanpin writes it; ("", "") for CSV and JSON Lines, which
    have no place for them. A file of no household has them nowhere else."""
    if _scored_format(path) != "parquet":
        return "", ""
    try:
        stated = pl.read_parquet_metadata(path)
    except (pl.exceptions.PolarsError, OSError, ValueError):
        return "", ""
    as_of, version = stated.get(STATED_AS_OF, ""), stated.get(STATED_VERSION, "")
    try:
        as_of = date.fromisoformat(as_of).isoformat() if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", as_of) else ""
    except ValueError:
        as_of = ""
    return as_of, version if re.fullmatch(r"[0-9a-f]{1,64}", version) else ""


#: The suffixes that name a format by themselves: fanpin score writes no other format under them.
_NAMED_SUFFIXES = (".csv", ".xlsx", ".parquet", ".jsonl", ".ndjson")


def _scored_format(path: Path) -> Format | None:
    """The format fanpin score wrote ``path`` in: its suffix's (``.ndjson`` is JSON Lines), or, under a
    name whose suffix names none (``--out scored.json --format jsonl``, ``.txt``, no suffix: a device's
    output saved), the one its first bytes show: Parquet's and a workbook's (a zip) signatures, a JSON
    object (after a byte-order mark too), and CSV for the rest of a ``.txt`` or suffix-less name or a file
    that starts with the byte-order mark fanpin's CSV starts with. None for a file of no format fanpin score
    writes."""
    suffix = path.suffix.lower()
    if suffix in _NAMED_SUFFIXES:
        return format_of(path, "SCORED")
    with path.open("rb") as file:
        head = file.read(4)
    if head == PARQUET_MARK:
        return "parquet"
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.removeprefix(codecs.BOM_UTF8).startswith(b"{"):  # JSON Lines saved again by Notepad has the mark
        return "jsonl"
    return "csv" if suffix in ("", ".txt") or head.startswith(codecs.BOM_UTF8) else None


def _check_words(frame: pl.DataFrame, typed: pl.DataFrame, path: Path) -> None:
    """Refuses a label or a date that fanpin score never writes (``紫`` for an alert level, an edited date):
    read as unknown, it would leave its household out of a figure without a word."""
    for column in ("household_id", "region_code", "alert_level", "income_band", "suggested_category", "as_of",
                   "income_per_capita"):  # fmt: skip
        if column not in frame.columns:
            continue
        written = frame.get_column(column).cast(pl.String).fill_null("").str.strip_chars()
        if column == "income_per_capita":  # a number (non-finite ones are read as unknown), else refused
            unread = (written != "") & pl.select(_amount(pl.lit(written))).to_series().is_null()
        elif column in _ALWAYS_WRITTEN:  # an empty cell would count the household as 无, or drop the due dates
            unread = typed.get_column(column).is_null() | (written == "")
        else:
            unread = (written != "") & typed.get_column(column).is_null()
        if not unread.any():
            continue
        row = int(unread.arg_true()[0])
        place = f"line {frame.get_column('__line')[row]}" if "__line" in frame.columns else f"household {row + 1}"
        header = _header_of(column)
        said = (
            "is empty; fanpin score writes it on every row"
            if written[row] == ""
            else (f"holds {mask_numbers(written[row])!r}, which fanpin score never writes there")
        )
        raise InputFileError(
            f"{place}: {header} {said}",
            fix="give the file fanpin score wrote, unchanged (labels as fanpin writes them, in Chinese or English)",
            location=Location(str(path)),
        )


def _check_keys_whole(frame: pl.DataFrame, typed: pl.DataFrame, path: Path) -> None:
    """Refuses a scored file whose 户编号 Excel wrote in scientific notation (``5.32328E+15``: a CSV opened in
    Excel and saved again): its last digits are lost, so households that differed in them read as one. It had
    been refused as a household repeated (two runs' files joined: the wrong fix), or, with one such household,
    reported under the mangled id."""
    for column, lost_what in (
        ("household_id", "the households it stands for cannot be told apart"),
        # a 12-digit village code: its households had been reported under a township 5.32328E+ and a village
        # 5.32328E+11, and the income chart drawn against the national line, of no region
        ("region_code", "the township and village of its households cannot be told"),
    ):
        codes = frame.get_column(column).cast(pl.String).str.strip_chars()
        lost = codes.str.contains(SCIENTIFIC).fill_null(False)
        if not lost.any():
            continue
        at = int(lost.arg_true()[0])
        line = int(frame.get_column("__line")[at]) if "__line" in frame.columns else at + 1
        said = SCIENTIFIC_ID.partition(":")[0]
        raise InputFileError(
            f"{_header_of(column)} {codes[at]} is {said}: its last digits are lost, so {lost_what} "
            f"({int(lost.sum())} row(s))",
            fix="report on the file fanpin score wrote, not one saved again by Excel (open a CSV in Excel through "
            "数据 → 从文本/CSV, the column as text), or score the households again",
            location=Location(str(path), line),
        )


def _check_once(frame: pl.DataFrame, typed: pl.DataFrame, path: Path) -> None:
    """Refuses a file that holds a household (a 户编号) more than once: scored files joined (``cat a.csv
    b.csv``), the same households scored twice, or scored at two evaluation dates. Every figure would count
    such a household once per row, without a word; and which of its rows is the one to count (the later date?
    the other run's?) is the analyst's to say, not the report's. A 户编号 masked as a person's number is no key
    to check (two households may mask alike) and is counted as a household of its own. The error says how
    many households repeat, whether their rows are copies, of other dates or otherwise different, and names
    two of them (masked as every message is). A file read whole pays one pass over its ids (``is_duplicated``,
    about 5 MB at 200 000 households); the rest is done for a file refused, on its repeated rows' ids, places,
    dates and digests."""
    ids = typed.get_column("household_id").str.strip_chars()
    # A 户编号 masked as a person's number (5323**********1234: fanpin score masks an ID-number key) is not
    # looked at: two households keyed by ID numbers of one region and the same last four digits mask alike.
    repeated = ids.is_duplicated() & ~ids.str.contains("*", literal=True).fill_null(False)
    if not repeated.any():
        return
    csv = "__line" in frame.columns
    place = frame.get_column("__line") if csv else pl.int_range(1, frame.height + 1, eager=True)
    rows = pl.DataFrame(
        {"id": ids, "place": place, "as_of": typed.get_column("as_of"), "row": typed.drop("household_id").hash_rows()}
    ).filter(repeated)
    groups = rows.group_by("id", maintain_order=True).agg(
        "place", pl.col("as_of").n_unique().alias("dates"), pl.col("row").n_unique().alias("kinds")
    )
    n = groups.height
    households = f"{n} household{' is' if n == 1 else 's are'} in the file more than once"
    dated = groups.filter(pl.col("dates") > 1)
    if dated.height:
        dates = _listed([d.isoformat() for d in rows.get_column("as_of").drop_nulls().unique().sort().to_list()])
        said, per, shown = f"{households}, scored at the evaluation dates {dates}", "date", dated
        fix = "report on one date's scored file (one report per --as-of), or score the households again into one file"
    elif (groups.get_column("kinds") == 1).all():
        said, per, shown = f"{households}, each time the same row", "copy", groups
        fix = "report on one run's scored file, not copies of it joined, or score the households again into one file"
    else:
        said, per, shown = f"{households}, their rows different", "row", groups.filter(pl.col("kinds") > 1)
        fix = "report on one run's scored file, not two runs' files joined, or score the households again into one file"
    named = shown.select("id", "place").head(2).rows()
    examples = ", ".join(
        f"{shown_key(household)} on {'lines' if csv else 'rows'} {_listed([str(p) for p in places])}"
        for household, places in named
    )
    raise InputFileError(
        f"{_header_of('household_id')} repeats: {said} ({examples}): every figure would count "
        f"{'it' if n == 1 else 'them'} once per {per}",
        fix=fix,
        location=Location(str(path)),
        shown=kept_keys(*(household for household, _ in named)),
    )


def _listed(items: list[str]) -> str:
    """``2 and 312``, ``2, 312 and 622``; the first three of more, then ``…``.

    >>> _listed(["2", "312", "622", "932"])
    '2, 312, 622 …'
    """
    if len(items) > 3:
        return f"{', '.join(items[:3])} …"
    return " and ".join([", ".join(items[:-1]), items[-1]]) if len(items) > 1 else items[0]


#: Columns fanpin score writes on every row: an empty cell is an edit, refused as a word it never writes (an
#: empty 行政区划代码 would count the household in a township of its own, an empty 户编号 list it unnamed).
_ALWAYS_WRITTEN = frozenset({"household_id", "region_code", "alert_level", "as_of"})


def _header_of(column: str) -> str:
    return f"{HEADERS['zh'][column]} ({column})"


#: The scored columns the report reads (the explanation, the longest, is not read).
_READ = (
    "household_id", "region_code", "as_of", "income_per_capita", "income_band", "alert_level",
    "suggested_category", "flags", "risk_types", "measures", "rulebook_version",
)  # fmt: skip


def _refuse_unscored(columns: Iterable[str], path: Path) -> None:
    """Refuse a file without a column the report reads (ids, or headers in either language): a column deleted
    in a spreadsheet, or a file fanpin score did not write (the household table itself)."""
    ids = {h: c for lang in ("zh", "en") for c, h in HEADERS[lang].items()}
    present = {ids.get(c, c) for c in columns}
    missing = [c for c in _READ if c not in present]
    unscored = {"as_of", "alert_level", "flags"} <= set(missing)  # none of what scoring adds
    written = _other_output(columns)
    if unscored and written is not None:  # the errors file or the worksheet of findings of a run
        raise InputFileError(
            f"not a scored file: it is the {written} fanpin score writes beside the scored table",
            fix="report on the scored table of the same run (its --out)",
            location=Location(str(path)),
        )
    if unscored and ("household_id" not in missing or _is_export(path)):  # a table or an export not yet scored
        raise InputFileError(
            "not a scored file: it has none of the columns fanpin score adds (评估日期, 预警等级, 触发规则 …); "
            "a household table or a person-level export not yet scored?",
            fix="score it first (fanpin score FILE --as-of YYYY-MM-DD --out scored.csv), and report on scored.csv",
            location=Location(str(path)),
        )
    retyped = next(
        ((c, h) for c in missing for h in columns if h not in ids and _loose(h) in _LOOSE_HEADERS.get(c, ())), None
    )
    if retyped is not None:  # 测算人均纯收入(元), Alert_Level: the clerk saw the column there, written their way
        column, written = retyped
        header = HEADERS["zh"][column]
        raise InputFileError(
            f"not a scored file as it stands: its column {written} is {_header_of(column)} written otherwise",
            fix=f"rename the column {written} {header}, as fanpin score writes it",
            location=Location(str(path)),
        )
    if missing:
        raise InputFileError(
            f"not a scored file: it has no column {', '.join(_header_of(c) for c in missing)}",
            fix="give the file fanpin score wrote (its headers in Chinese or English), with all its columns",
            location=Location(str(path)),
        )


def _loose(header: str) -> str:
    """A header as typed without regard to its width, case, spaces and underscores (``测算人均纯收入(元)``,
    ``Alert Level``)."""
    return re.sub(r"[\s_]+", "", unicodedata.normalize("NFKC", header)).casefold()


#: Each scored column's headers, in either language, as :func:`_loose` writes them.
_LOOSE_HEADERS = {c: {_loose(HEADERS[lang][c]) for lang in ("zh", "en")} for c in HEADERS["zh"]}


def _other_output(columns: Iterable[str]) -> str | None:
    """Which other file of a run the ``columns`` are (its headers in either language, or ids): ``"errors file"``
    (行号, 户编号, 列, 填报值, 原因) or ``"worksheet of findings"`` (疑点代码, 疑点描述, …), else None."""
    from fanpin.results.columns import REJECTED_HEADERS
    from fanpin.results.findings import FINDING_HEADERS

    names = {c.strip() for c in columns}
    for what, headers in (("errors file", REJECTED_HEADERS), ("worksheet of findings", FINDING_HEADERS)):
        if any(set(headers[lang].values()) <= names for lang in ("zh", "en")):
            return what
    return None


def _is_export(path: Path) -> bool:
    """Whether ``path`` is a person-level export (its header below title rows, where the report reads the
    first line as its header)."""
    from fanpin.io.export import is_export_file  # the export's reader is loaded only for this refusal

    return is_export_file(path)


def _id_of(header: str) -> str | None:
    """The id of the scored column ``header`` names (in either language), read as fanpin score reads an input's
    header (:func:`~fanpin.model.values.header_text`: a zero-width space after 预警等级, pasted from a web page,
    had made a file with no column 预警等级); None for a passed-through column."""
    return _HEADER_IDS.get(header_text(header))


#: Each scored column's header in either language → its id.
_HEADER_IDS = {h: c for lang in ("zh", "en") for c, h in HEADERS[lang].items()}


def _wanted(header: Iterable[str]) -> list[str]:
    """The headers (either language) of the columns the report reads, the personal passed-through ones, and
    an export's 县, 乡 and 村 (:func:`_place`)."""
    return [h for h in header if _id_of(h) in _READ or (_id_of(h) is None and (is_pii_column(h) or _place(h)))]


def _place(header: str) -> str | None:
    """``county``, ``town`` or ``village`` for an export's 县, 乡 or 村 passed through (as its header names it),
    else None."""
    field = export_field(header)
    return field if field in ("county", "town", "village") else None


def _areas(frame: pl.DataFrame) -> list[pl.Expr]:
    """Each household's township and village (``__township``, ``__village``): the first 9 and 12 digits of
    its region code, or, where the code is shorter, the code and the 乡 and 村 its rows name (the
    township workbook's :func:`~fanpin.io.workbook.township_of`); with a 乡 but no 村, its village is its
    township (a village of the bare code would hold the households of every 乡)."""
    code = pl.col("region_code").cast(pl.String).fill_null("")

    def named(field: str) -> pl.Expr:
        column = next((c for c in frame.columns if c not in OUTPUT_COLUMNS and _place(c) == field), None)
        return pl.lit("") if column is None else pl.col(column).cast(pl.String).fill_null("").str.strip_chars()

    town, village = named("town"), named("village")
    passed = [c for c in frame.columns if c not in OUTPUT_COLUMNS]
    township = township_expr(township_column(passed), township_column(passed, "county"))
    return [
        township.alias("__township"),
        pl.when((code.str.len_chars() < VILLAGE) & (village != ""))
        .then(pl.concat_str([township, pl.lit(" "), village]))
        # a short code with a 乡 but no 村: its township's, not the bare code's (that of every 乡)
        .when((code.str.len_chars() < VILLAGE) & (town != ""))
        .then(township)
        .otherwise(code.str.slice(0, VILLAGE))
        .alias("__village"),
    ]


def _by_id(frame: pl.DataFrame, path: Path) -> pl.DataFrame:
    """The columns renamed to their ids; a column given twice (预警等级 and alert_level) is refused."""
    seen: dict[str, str] = {}
    for header in frame.columns:
        column = _id_of(header) or header
        if column in seen and column in _READ:
            raise InputFileError(
                f"the columns {seen[column]} and {header} are both {_header_of(column)}: one of them would be ignored",
                fix="keep one of the two columns",
                location=Location(str(path)),
            )
        seen[column] = header
    return frame.rename({c: id_ for c in frame.columns if (id_ := _id_of(c)) is not None})


#: Rows of a scored CSV read into Python lists before they are gathered into a frame.
READ_AT_ONCE = 20_000


def _csv(path: Path) -> pl.DataFrame:
    """A scored CSV's columns the report reads, as text, read as fanpin reads a household table: UTF-8
    (with or without BOM) or GBK, any line ends (CR-only too), blank lines skipped, every row as long as
    the header (a row cut short or longer is refused, naming its line). ``__line`` holds each row's line."""
    rows = csv_rows(path, sniff_encoding(path))
    header: list[str] | None = None
    header_line = 0
    lines: list[int] = []
    cells: list[tuple[str, ...]] = []  # each row's cells of the columns read: the others (texts) not kept
    kept: Callable[[list[str]], tuple[str, ...]] = tuple
    read: list[int] = []
    at = 0  # 户编号's place in the header
    parts: list[pl.DataFrame] = []  # the rows read so far, READ_AT_ONCE at a time, columns by position

    def gathered() -> None:
        """The rows in ``cells`` as a frame of text columns ``0``, ``1`` … and ``__line``: Python's lists of
        cells take about ten times the frame's memory (360 MB for 200 000 households, the frame 31 MB)."""
        columns = {str(j): [row[j] or None for row in cells] for j in range(len(read))}
        schema = {**dict.fromkeys(columns, pl.String), "__line": pl.Int64}
        parts.append(pl.DataFrame({**columns, "__line": lines}, schema=schema))
        cells.clear()
        lines.clear()

    for line, row in rows:
        if isinstance(row, UnreadableRow):
            raise InputFileError(f"line {line}: {row.reason}", fix="give the file fanpin score wrote, unchanged",
                                 location=Location(str(path), line))  # fmt: skip
        if not any(cell.strip() for cell in row):
            continue
        if header is None:  # a passed-through header =x was written '=x, as a cell
            header, header_line = _header_cells(row), line
            _refuse_unseparated(path, header, header_line)
            _refuse_unscored(header, path)  # before its rows: a household table's row is no row of one
            read = [i for i, h in enumerate(header) if h in _wanted(header)]
            kept = _cells_at(read)
            at = next((i for i, h in enumerate(header) if h in _ID_HEADERS), 0)
            continue
        if at < len(row) and header_text(row[at]) in _ID_HEADERS:
            _check_header_again(path, line, header, row)
            continue  # scored files joined by cat: the next file's header, no household
        if len(row) != len(header):
            raise InputFileError(
                f"line {line} has {len(row)} cells and the header {len(header)}: not a row fanpin score wrote",
                fix="give the file fanpin score wrote, unchanged (every row as long as its header)",
                location=Location(str(path), line),
            )
        lines.append(line)
        cells.append(kept(row))
        if len(cells) == READ_AT_ONCE:
            gathered()
    if header is None:
        raise InputFileError("the file is empty", fix="give the file fanpin score wrote", location=Location(str(path)))
    named = [header[i] for i in read]
    twice = next((h for h in named if named.count(h) > 1), None)
    if twice is not None:  # a dict of columns would keep the last, and the report count it without a word
        raise InputFileError(
            f"the column {twice} is given twice: one of them would be ignored",
            fix="keep one of the two columns",
            location=Location(str(path)),
        )
    if cells or not parts:  # the lines with the columns: a file of no rows is a frame of no rows
        gathered()
    frame = pl.concat(parts, rechunk=False).rename({str(j): h for j, h in enumerate(named)})
    # a cell a spreadsheet would run (=A) was written with a leading ' (shown as '=A): the page shows it as given
    frame = frame.with_columns(as_given(pl.col(h)) for h in named)
    return _by_id(frame, path)


def _refuse_unseparated(path: Path, header: list[str], line: int) -> None:
    """Refuse a header whose cells are separated otherwise than by commas (saved as Excel's text, or some
    locales' CSV), naming the separator."""
    separated = delimiter_hint(header)
    if separated and not {"户编号", "household_id"} & set(header):
        raise InputFileError(
            f"the header row names 户编号 but its cells are separated by {separated}, not commas",
            fix="save the file from Excel as 'CSV UTF-8 (Comma delimited)'",
            location=Location(str(path), line),
        )


#: 户编号's header in either language: a row holding it there is a header, not a household.
_ID_HEADERS = frozenset(HEADERS[lang]["household_id"] for lang in ("zh", "en"))


def _header_cells(row: list[str]) -> list[str]:
    """A header row's cells as given (:func:`_as_given`), without the byte-order mark a file joined to another
    one by ``cat`` brings into the middle of the joined file."""
    return _as_given([header_text(cell) for cell in row])


def _check_header_again(path: Path, line: int, header: list[str], row: list[str]) -> None:
    """Refuses a header row met after the first one (two scored files joined by ``cat a.csv b.csv``) unless it
    names the first one's columns in their order, in either language: the rows after it are then read as the
    first header says, and the header is no household. A header of other columns would put the next file's
    cells under the first one's headers (a level read as a category), or refuse them as rows cut short."""
    ids = {h: c for lang in ("zh", "en") for c, h in HEADERS[lang].items()}
    if [ids.get(h, h) for h in _header_cells(row)] == [ids.get(h, h) for h in header]:
        return
    raise InputFileError(
        f"line {line} is a header row of other columns than the file's first header: scored files of different "
        "columns joined into one",
        fix="report on each scored file by itself, or score the households again into one file",
        location=Location(str(path), line),
    )


def _cells_at(indexes: list[int]) -> Callable[[list[str]], tuple[str, ...]]:
    """The cells of a row at ``indexes``, as a tuple (the report held every cell of every row, the
    explanations' too)."""
    if len(indexes) > 1:
        return itemgetter(*indexes)
    return (lambda row: (row[indexes[0]],)) if indexes else (lambda row: ())


def _as_given(texts: list[str]) -> list[str]:
    """Header cells as given (:func:`~fanpin.io.sinks.as_given`): a passed-through header =x was written '=x."""
    return pl.Series(texts, dtype=pl.String).to_frame("h").select(as_given(pl.col("h"))).to_series().to_list()


def _unreadable(frame: pl.DataFrame) -> list[str]:
    """The columns of ``frame`` that hold no text (a list where a value goes, records where a list goes), each
    by its header. A list of the types the report reads named the types fanpin score writes too (its money,
    its labels), and no passed-through column: an edited file was refused naming the wrong columns."""
    odd = []
    for column in frame.columns:
        text = pl.List(pl.String) if column in ("flags", "risk_types", "measures") else pl.String
        try:
            # a record of one list casts to a record of text lists (not to a list): not what is read either
            readable = frame.select(pl.col(column).cast(text)).dtypes[0] == text or text == pl.String
        except pl.exceptions.PolarsError:
            readable = False
        if not readable:
            odd.append(_header_of(column) if column in HEADERS["zh"] else column)
    return odd


def _lists(frame: pl.DataFrame) -> pl.DataFrame:
    """The list columns written as text (a CSV's ``a;b``; the same in a Parquet file that stores text) as lists,
    each item without the spaces around it and no empty item (``a; b;`` typed in a spreadsheet is ``a;b``: its
    `` b`` was a rule of its own, with no title and never a finding, and the empty item a rule named '')."""
    lists = [c for c in ("flags", "risk_types", "measures") if c in frame.columns and frame.schema[c] == pl.String]
    return frame.with_columns(
        # one item per line, as the township workbook writes them (a sheet saved as CSV), is items too: the
        # cell had been read as one rule of no title, one measure of no department
        pl.col(c).fill_null("").str.replace_all(r"[\r\n]+", ";").str.split(";").pipe(trimmed_items).alias(c)
        for c in lists
    )


class _KeyTwiceError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _once(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object's pairs as a dict, refusing a key given twice."""
    record = dict(pairs)
    if len(record) < len(pairs):
        keys = [k for k, _ in pairs]
        raise _KeyTwiceError(next(k for k in keys if keys.count(k) > 1))
    return record


def _jsonl_lines(path: Path, stream: IO[bytes]) -> Iterator[tuple[int, str, bool]]:
    """The lines of a JSON Lines file as text, numbered from 1, each with whether a line break ends it (the
    last line of a file cut short has none). A byte-order mark before the first is no part of it, and a line
    ends at LF, CR LF or CR alone, as text read in Python's universal-newline mode (a CR is never part of a
    UTF-8 character, nor of a JSON line: inside a string it is written \\r). A line that is not UTF-8 is
    refused naming the byte (its place in the file, counted from 1) and why: the file ends inside a character
    (cut short, as a copy that stopped), or it is not UTF-8 text; it was "not a readable scored file
    (UnicodeDecodeError)", which named neither."""
    offset, number = 0, 0
    for raw in stream:
        pieces = _LONE_CR.split(raw)
        for n, piece in enumerate(pieces):
            number += 1
            ended = n < len(pieces) - 1 or piece.endswith(b"\n")
            body = piece[3:] if number == 1 and piece.startswith(codecs.BOM_UTF8) else piece
            try:
                yield number, body.decode("utf-8"), ended
            except UnicodeDecodeError as exc:
                at = offset + len(piece) - len(body) + exc.start + 1
                byte = f"byte {at} of the file (0x{body[exc.start]:02X})"
                if exc.reason == "unexpected end of data" and not ended:
                    raise InputFileError(
                        f"the file ends in the middle of a character, at {byte}: it looks cut short",
                        fix="copy or download the whole file again, or score the households again",
                        location=Location(str(path), number),
                    ) from None
                raise InputFileError(
                    f"{byte} is not UTF-8 text: the file is not the UTF-8 fanpin score writes (saved again in "
                    "another encoding?), or it is damaged",
                    fix="give the file fanpin score wrote, unchanged",
                    location=Location(str(path), number),
                ) from None
            offset += len(piece)


#: Just after a CR that ends a line by itself (not before an LF): where a binary line of a file with CR line ends
#: splits, each piece keeping its CR.
_LONE_CR = re.compile(rb"(?<=\r)(?!\n)")


def _cut_line(path: Path, number: int, *, last: bool) -> InputFileError:
    """The refusal of a line whose JSON ends inside its object: the ``last`` line of a file cut short (a copy
    or a download that stopped), or a line cut in the middle of the file. It had been told that each line is
    a JSON object whose flags are lists, which a line cut short cannot show."""
    said = "the file ends in the middle of it: the file looks cut short" if last else "it was cut short"
    return InputFileError(
        f"the line is not complete JSON ({said})",
        fix="copy or download the whole file again, or score the households again"
        if last
        else "give the file fanpin score wrote, unchanged",
        location=Location(str(path), number),
    )


def _jsonl(path: Path) -> pl.DataFrame:
    rows = []
    # A byte-order mark before the first line (the file saved again by Notepad) is no part of it, as fanpin
    # score reads JSON Lines: it made the first line no JSON.
    with path.open("rb") as stream:
        for number, line, ended in _jsonl_lines(path, stream):
            if not line.strip():
                continue
            try:
                record = json.loads(line, parse_float=Decimal, object_pairs_hook=_once)
            except _KeyTwiceError as twice:  # json keeps the last, and the report would count it without a word
                raise InputFileError(
                    f"the key {twice.key!r} is given twice in the household's object: one would be ignored",
                    fix="keep one of the two",
                    location=Location(str(path), number),
                ) from None
            except json.JSONDecodeError as exc:
                # The text ends inside the object (or inside a string of it): a line cut short. fanpin score
                # ends every line with a line break: a last line without one, not JSON, is the end cut off.
                last = not ended
                if last or exc.pos >= len(line.rstrip()) or exc.msg.startswith("Unterminated string"):
                    raise _cut_line(path, number, last=last) from None
                record = None
            except (ValueError, RecursionError):  # not JSON, or lists nested thousands deep (an internal error)
                record = None
            if not isinstance(record, dict) or not all(
                isinstance(record.get(k, []), list | str) for k in ("flags", "risk_types", "measures")
            ):
                raise InputFileError(
                    "not a scored household: each line is a JSON object whose flags, risk_types and measures are "
                    "lists (or texts of items joined by ;)",
                    fix="give the file fanpin score wrote, unchanged",
                    location=Location(str(path), number),
                )
            absent = [k for k in _READ if k not in record]  # fanpin score writes every key, null when unknown
            if absent:
                raise InputFileError(
                    f"the household's object has no key {', '.join(absent)}: not a household fanpin score wrote",
                    fix="give the file fanpin score wrote, unchanged (it writes every key on every line)",
                    location=Location(str(path), number),
                )
            for k in ("flags", "risk_types", "measures"):  # a list written as a CSV writes it: a;b (as _lists)
                if isinstance(record.get(k), str):
                    record[k] = [item.strip() for item in re.split(r"[;\r\n]", record[k]) if item.strip()]
            rows.append(
                {
                    # the passed-through cells first: one named as a scored key (input's household_id, an
                    # edit; fanpin score passes none through) took that key's place in the figures
                    **{k: v for k, v in _object(record.get("input")).items() if isinstance(v, str)},
                    **{k: _text(record.get(k)) for k in ("household_id", "region_code", "as_of", "alert_level")},
                    **{k: _text(record.get(k)) for k in ("income_band", "suggested_category", "rulebook_version")},
                    "income_per_capita": None
                    if record.get("income_per_capita") is None
                    else str(record["income_per_capita"]),
                    "flags": [
                        str(f.get("rule_id")) if isinstance(f, dict) else str(f)
                        for f in record.get("flags", [])
                        if f is not None  # no item, as a null in a Parquet file's list (not a rule "None")
                    ],
                    "risk_types": [str(r) for r in record.get("risk_types", []) if r is not None],
                    "measures": [
                        str(m.get("id")) if isinstance(m, dict) else str(m)
                        for m in record.get("measures", [])
                        if m is not None
                    ],
                    # its line in the file, blank lines counted: a value refused is told there, as in a CSV
                    # (it had been told as the file's n-th household, another line where an editor left blanks)
                    "__line": number,
                }
            )
    if not rows:  # a file of no household: every column, none of them holding anything
        lists = ("flags", "risk_types", "measures")
        return pl.DataFrame(schema={c: pl.List(pl.String) if c in lists else pl.String for c in _READ})
    return pl.DataFrame(rows, infer_schema_length=None)


#: An amount as a spreadsheet may have re-saved it: thousands separated by commas (7,500.00). Any other
#: comma (a decimal comma, 1,5) is not read as a separator: the amount is refused.
_THOUSANDS = r"^-?\d{1,3}(,\d{3})+(\.\d+)?$"


def _amount(text: pl.Expr) -> pl.Expr:
    """元 written as text → a float (null when not a number; ``inf``, ``NaN`` are numbers)."""
    plain = pl.when(text.str.contains(_THOUSANDS)).then(text.str.replace_all(",", "")).otherwise(text)
    return plain.cast(pl.Float64, strict=False)


def _finite(amount: pl.Expr) -> pl.Expr:
    """An amount that is not a finite number (``inf``, ``NaN``, a figure beyond a float) is unknown."""
    return pl.when(amount.is_finite()).then(amount).alias("income_per_capita")


def _days(written: pl.Series) -> pl.Expr:
    """评估日期 read as an input file's date cell is (:func:`parse_date`): as fanpin score writes it, a datetime's
    date (2025-06-30 00:00:00), or as Excel saves a CSV it opened (2025/6/30); spaces around it are a
    spreadsheet's. Anything else (2025-06-301, an Excel day count, a time of day) is no date: null, refused by
    :func:`_check_words`. A file holds a handful of distinct dates, each read once."""
    return pl.lit(per_distinct(written.cast(pl.String).str.strip_chars(), _day, pl.Date))


def _day(text: str) -> date | None:
    try:
        return parse_date(text)
    except ValueError:
        return None


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _object(value: object) -> dict[str, object]:
    return value if isinstance(value, dict) else {}


def _typed(frame: pl.DataFrame) -> pl.DataFrame:
    """Labels (either language) back to ids, money as a float of 元, the date, the lists; spaces around a
    label, a date or an amount are no part of it (:func:`_check_words` reads them so)."""
    ids = {
        column: {label: i for lang in ("zh", "en") for i, label in LABELS[lang][column].items()}
        for column in ("income_band", "alert_level", "suggested_category")
    }
    out = frame.with_columns(
        pl.col("household_id").cast(pl.String),
        # A scored file edited by hand may hold anything there (a mobile number): masked as any cell is.
        masked_numbers(pl.col("region_code").cast(pl.String).fill_null("")),
        _finite(_amount(pl.col("income_per_capita").cast(pl.String).str.strip_chars())),
        *(
            pl.col(c).cast(pl.String).str.strip_chars().replace_strict(ids[c], default=None).alias(c)
            if c in frame.columns
            else pl.lit(None, dtype=pl.String).alias(c)
            for c in ids
        ),
        *(
            (pl.col(c) if c in frame.columns else pl.lit([], dtype=pl.List(pl.String)))
            .cast(pl.List(pl.String))
            # a list no tool but fanpin wrote may be null, or hold a null (pandas' None): no item, as an empty
            # CSV cell (the table's plan and risk types stopped the report with an internal error)
            .fill_null(pl.lit([], dtype=pl.List(pl.String)))
            .list.drop_nulls()
            # fanpin writes no number there, but an edited file may hold a phone or ID number: an unknown item
            # is shown as written (a rule's title, a measure's department), so it is masked as any cell is
            .list.eval(masked_numbers(pl.element()))
            .alias(c)
            for c in ("flags", "risk_types", "measures")
        ),
        (_days(frame.get_column("as_of")) if "as_of" in frame.columns else pl.lit(None, dtype=pl.Date)).alias("as_of"),
        (
            masked_numbers(pl.col("rulebook_version").cast(pl.String))
            if "rulebook_version" in frame.columns
            else pl.lit("")
        ).alias("rulebook_version"),
    )
    # In one order whatever the format: a JSON Lines file sorts its keys, so the passed-through columns come
    # sorted from it, and the same households' table had its columns in another order from a CSV.
    personal = sorted(c for c in frame.columns if c not in OUTPUT_COLUMNS and is_pii_column(c))
    keep = [
        "household_id",
        "region_code",
        "as_of",
        "income_per_capita",
        *ids,
        "flags",
        "risk_types",
        "measures",
        "rulebook_version",
    ]
    # masked again: never shown in clear
    return out.select(*keep, *(kept_column(c) for c in personal), *_areas(out))


# ---- the figures ----------------------------------------------------------------------------------


def income_bins(
    incomes: Iterable[float | None], line: float | None
) -> list[tuple[str, float | None, float | None, int]]:
    """The histogram: (label, low, high, households) per bin of :data:`BIN_YUAN` 元, from 0 to 2.5 × the
    line (rounded up to a bin; 30 000 元 without a line); below 0 and above the last edge one bin each
    (kept only when they hold households). ``low`` ≤ income < ``high``.

    >>> income_bins([-5, 0, 999.99, 1000, 30000], None)[:3]
    [('< 0', None, 0.0, 1), ('0–1000', 0.0, 1000.0, 2), ('1000–2000', 1000.0, 2000.0, 1)]
    """
    top = (2.5 * line) if line else 30_000.0
    edges = [float(x) for x in range(0, int(-(-top // BIN_YUAN)) * BIN_YUAN + BIN_YUAN, BIN_YUAN)]
    counts = Counter[int]()
    below = above = 0
    for value in incomes:
        if value is None:
            continue
        if value < 0:
            below += 1
        elif value >= edges[-1]:
            above += 1
        else:
            counts[int(value // BIN_YUAN)] += 1
    bins: list[tuple[str, float | None, float | None, int]] = []
    if below:
        bins.append(("< 0", None, 0.0, below))
    bins += [(f"{int(lo)}–{int(hi)}", lo, hi, counts[i]) for i, (lo, hi) in enumerate(itertools.pairwise(edges))]
    if above:
        bins.append((f"≥ {int(edges[-1])}", edges[-1], None, above))
    return bins


@dataclass
class Report:
    """What the report shows, computed from a scored frame (:func:`read_scored`) and a rulebook."""

    frame: pl.DataFrame
    book: Rulebook
    lang: Lang
    #: What the command prints as warnings: a file scored with other rules than the report's.
    notes: tuple[str, ...] = ()
    #: The evaluation date and rulebook version the file states of its run (a Parquet table's metadata,
    #: :func:`stated_in`), shown when its rows hold none: a file of no household.
    stated: tuple[str, str] = ("", "")

    @property
    def words(self) -> dict[str, str]:
        return WORDS[self.lang]

    def label(self, column: str, value: str | None) -> str:
        if value is None:
            return ""
        return LABELS[self.lang][column].get(value, value)

    def risk_type(self, written: str) -> str:
        """A risk type as the scored file wrote it (in either language) in the report's language: the
        rulebook names each one in Chinese and in English (a type it does not name is shown as written)."""
        english = self.book.risk_types
        if self.lang == "en":
            return english.get(written, written)
        return next((zh for zh, en in english.items() if en == written), written)

    def levels_by(self, area: str) -> dict[str, Counter[str]]:
        """Households per alert level, per ``area``: ``__township`` or ``__village`` (:func:`_areas`)."""
        grouped = self.frame.group_by(pl.col(area).alias("area"), "alert_level").len().sort("area", "alert_level")
        out: dict[str, Counter[str]] = {}
        for area, level, count in grouped.iter_rows():
            out.setdefault(area, Counter())[level or "none"] += count
        return out

    def line(self) -> tuple[str, date, tuple[float, float, float]] | None:
        """(region, date, band edges) of the line most households are measured against, or None: the
        households' codes are counted by the region their monitoring line is given for (a county's
        villages share their county's line), the largest count first, the shorter region on a tie."""
        if self.frame.height == 0:
            return None
        as_of = self.frame.get_column("as_of").drop_nulls().mode().sort().to_list()
        if not as_of:
            return None
        households: Counter[str] = Counter()
        edges: dict[str, tuple[Decimal, Decimal, Decimal]] = {}
        for code, count in self.frame.group_by("region_code").len().iter_rows():
            try:
                params = self.book.parameters.resolve_all(BAND_PARAMETERS, code or "", as_of[0])
            except (ParameterLookupError, KeyError):  # no line there (or no band parameter at all)
                continue
            region = params["monitoring_line"].region
            households[region] += count
            edges[region] = band_edges(params)
        if not households:
            return None
        region = min(households, key=lambda r: (-households[r], len(r), r))
        low, near, far = edges[region]
        return region, as_of[0], (float(low), float(near), float(far))

    def flag_counts(self) -> list[tuple[str, int]]:
        counts = self.frame.get_column("flags").explode().drop_nulls().value_counts()
        return sorted(((r, int(n)) for r, n in counts.iter_rows()), key=lambda kv: (-kv[1], kv[0]))

    def title(self, rule_id: str) -> str:
        rule = self.book.rules.get(rule_id)
        if rule is None:
            return rule_id
        return rule.spec.title.zh if self.lang == "zh" else rule.spec.title.en

    def titled(self, rule_id: str) -> str:
        """``rule_id``'s title followed by the id in brackets, full-width in Chinese text
        (``收入骤减（income.sharp_drop）``; it had been ``收入骤减 (income.sharp_drop)``), ASCII in English."""
        title = self.title(rule_id)
        return f"{title}（{rule_id}）" if self.lang == "zh" else f"{title} ({rule_id})"

    def department_of(self, measure_id: str) -> str:
        measure = self.book.measures.get(measure_id)
        return department(measure, self.lang) if measure is not None else measure_id

    def workload(self) -> tuple[list[tuple[str, int]], list[date], dict[str, Counter[date]]]:
        """(measures per department, the weeks, measures per department per week they fall due): a measure
        is due ``as_of`` + its deadline; a week starts on Monday."""
        per_department: Counter[str] = Counter()
        per_week: dict[str, Counter[date]] = {}
        planned = self.frame.select("as_of", "measures").explode("measures").drop_nulls("measures")
        counts = planned.group_by("as_of", "measures").len().sort("as_of", "measures")
        for as_of, measure_id, count in counts.iter_rows():
            name = self.department_of(measure_id)
            per_department[name] += count
            measure = self.book.measures.get(measure_id)
            if as_of is not None and measure is not None:
                due = due_date(as_of, measure)
                week = due - timedelta(days=due.weekday())
                per_week.setdefault(name, Counter())[week] += count
        weeks = sorted({w for c in per_week.values() for w in c})
        ranked = sorted(per_department.items(), key=lambda kv: (-kv[1], kv[0]))
        return ranked, weeks, per_week


# ---- drawing --------------------------------------------------------------------------------------

_e = html.escape


def _bars(items: Sequence[tuple[str, str, int]], colour: str, *, kind: str, width: int = 760) -> str:
    """A horizontal bar chart: (key, label, value) per bar, the value written at its end."""
    if not items:
        return ""
    row, label_width = 22, 300
    top = max(v for _, _, v in items) or 1
    scale = (width - label_width - 60) / top
    parts = [_svg(width, row * len(items) + 10)]
    for i, (key, label, value) in enumerate(items):
        y = 5 + i * row
        w = max(value * scale, 1)
        parts.append(
            f'<g class="bar" data-kind="{kind}" data-key="{_e(key)}" data-value="{value}">'
            f"<title>{_e(label)}: {value}</title>"
            f'<text x="{label_width - 6}" y="{y + 15}" text-anchor="end">{_e(_short(label, 24))}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{w:.1f}" height="{row - 6}" fill="{colour}"/>'
            f'<text x="{label_width + w + 4:.1f}" y="{y + 15}">{value}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _stacked(
    rows: Sequence[tuple[str, Counter[str]]], level_label: Mapping[str, str], *, kind: str, width: int = 760
) -> str:
    """Horizontal stacked bars of households by alert level (red first), one per area."""
    if not rows:
        return ""
    row, label_width = 22, 110
    top = max(sum(c.values()) for _, c in rows) or 1
    scale = (width - label_width - 60) / top
    parts = [_svg(width, row * len(rows) + 10)]
    for i, (area, counts) in enumerate(rows):
        y = 5 + i * row
        total = sum(counts.values())
        parts.append(f'<g class="area" data-kind="{kind}" data-key="{_e(area)}" data-value="{total}">')
        parts.append(f'<text x="{label_width - 6}" y="{y + 15}" text-anchor="end">{_e(area)}</text>')
        x = float(label_width)
        for level in reversed(ALERT_LEVELS):
            n = counts.get(level, 0)
            if not n:
                continue
            w = n * scale
            parts.append(
                f'<rect class="segment" data-level="{level}" data-value="{n}" x="{x:.1f}" y="{y + 3}" width="{w:.1f}" '
                f'height="{row - 6}" fill="{LEVEL_COLOURS[level]}">'
                f"<title>{_e(area)} {_e(level_label[level])}: {n}</title></rect>"
            )
            x += w
        parts.append(f'<text x="{x + 4:.1f}" y="{y + 15}">{total}</text></g>')
    parts.append("</svg>")
    return "".join(parts)


def _histogram(
    bins: Sequence[tuple[str, float | None, float | None, int]],
    edges: tuple[float, float, float] | None,
    band_label: Mapping[str, str],
    width: int = 760,
    height: int = 260,
) -> str:
    """The income histogram (:func:`income_bins`) over the bands' shading and the line, its axis topped by the
    fullest bin; ``""`` when no bin holds a household."""
    peak = max((c for *_, c in bins), default=0)
    if not peak:  # no household's income to draw: an empty plot would show a scale of 1 household (no chart)
        return ""
    left, bottom, top_pad = 40, 40, 20
    plot_w, plot_h = width - left - 10, height - bottom - top_pad
    n = len(bins)
    bar_w = plot_w / n

    def x_of(value: float) -> float:
        """The x of an income, on the bins' own scale (each bin one slot)."""
        for i, (_, lo, hi, _) in enumerate(bins):
            if (lo is None or value >= lo) and (hi is None or value < hi):
                span = (hi - lo) if lo is not None and hi is not None else 1
                offset = (value - lo) / span if lo is not None and hi is not None else 0
                return left + (i + offset) * bar_w
        return left + plot_w

    parts = [f'<svg class="chart" role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}">']
    if edges is not None:
        low, near, far = edges
        spans = [
            ("below_line", None, low),
            ("near_line", low, near),
            ("above_line", near, far),
            ("far_above", far, None),
        ]
        for band, lo, hi in spans:
            x0 = left if lo is None else x_of(lo)
            x1 = left + plot_w if hi is None else x_of(hi)
            if x1 > x0:
                parts.append(
                    f'<rect class="band" data-band="{band}" x="{x0:.1f}" y="{top_pad}" '
                    f'width="{x1 - x0:.1f}" height="{plot_h}" '
                    f'fill="{BAND_COLOURS[band]}"><title>{_e(band_label[band])}</title></rect>'
                )
    for i, (label, _, _, count) in enumerate(bins):
        h = count / peak * plot_h
        x = left + i * bar_w
        parts.append(
            f'<rect class="bin" data-bin="{_e(label)}" data-value="{count}" x="{x + 1:.1f}" '
            f'y="{top_pad + plot_h - h:.1f}" width="{max(bar_w - 2, 1):.1f}" height="{h:.1f}" fill="#4a6fa5">'
            f"<title>{_e(label)}: {count}</title></rect>"
        )
        if i % max(1, n // 10) == 0:
            parts.append(
                f'<text x="{x:.1f}" y="{height - bottom + 16}" font-size="10">{_e(label.split("–")[0])}</text>'
            )
    if edges is not None:
        x = x_of(edges[0])
        parts.append(
            f'<line class="line" data-value="{edges[0]:g}" x1="{x:.1f}" y1="{top_pad - 5}" x2="{x:.1f}" '
            f'y2="{top_pad + plot_h}" '
            'stroke="#b2182b" stroke-width="2"/>'
        )
    parts.append(
        f'<line x1="{left}" y1="{top_pad + plot_h}" x2="{left + plot_w}" y2="{top_pad + plot_h}" stroke="#333"/>'
    )
    parts.append(f'<text x="{left}" y="{top_pad - 6}" font-size="11">{peak}</text></svg>')
    return "".join(parts)


def _svg(width: int, height: int) -> str:
    return f'<svg class="chart" role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}">'


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---- the page -------------------------------------------------------------------------------------

#: What JSON text may not hold inside a <script> element: ``</script>`` would close it, and ``<!--`` followed
#: by ``<script`` puts the HTML parser in the state where ``</script>`` no longer closes it (the page's own
#: script became text of the data, and the table stayed empty). JSON.parse reads the escapes as the characters.
_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


def _script_json(value: object) -> str:
    """``value`` as JSON to embed in a ``<script type="application/json">`` element: no ``<``, ``>`` or ``&``
    appears in it (each is written as its ``\\uXXXX`` escape), so no text of a household can end the element
    or change how the HTML parser reads it.

    >>> _script_json({"id": "<!--<script>"})
    '{"id": "\\\\u003c!--\\\\u003cscript\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False)
    # str.replace, not str.translate: translating the text of 200 000 households (Chinese, 65 MB) took 8 s,
    # half of the report's time; three replacements take a tenth of a second
    for character, escape in _SCRIPT_ESCAPES.items():
        text = text.replace(character, escape)
    return text


_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif;
  margin:24px;color:#222;max-width:1100px}
h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ddd;padding-bottom:4px}
.meta,.note{color:#555;font-size:13px}.chart text{font-size:12px}
table{border-collapse:collapse;font-size:13px;margin:8px 0}
th,td{border:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#f3f3f3}td.n{text-align:right}.legend span{display:inline-block;margin-right:12px;font-size:12px}
.legend i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:-2px}
details{margin:4px 0}summary{cursor:pointer}input[type=search]{width:100%;max-width:600px;padding:6px;font-size:14px}
.level-red{background:#fbd0c9}.level-orange{background:#fde0c5}.level-yellow{background:#fff5c2}
"""

_SCRIPT = """
(function(){
  var data = JSON.parse(document.getElementById('household-data').textContent);
  var body = document.getElementById('rows'), box = document.getElementById('search');
  var shown = document.getElementById('shown');
  var template = shown.getAttribute('data-template'), limit = 500;
  function cell(text, cls){
    var td = document.createElement('td'); td.textContent = text; if (cls) td.className = cls; return td;
  }
  function render(){
    var q = box.value.trim().toLowerCase(), n = 0, total = 0;
    while (body.firstChild) body.removeChild(body.firstChild);
    for (var i = 0; i < data.rows.length; i++){
      var r = data.rows[i];
      if (q && r.search.indexOf(q) < 0) continue;
      total++;
      if (n >= limit) continue;
      n++;
      var tr = document.createElement('tr');
      tr.className = 'level-' + r.level_id;
      for (var k = 0; k < data.columns.length; k++) tr.appendChild(cell(r.cells[k], data.numeric[k] ? 'n' : ''));
      body.appendChild(tr);
    }
    shown.textContent = template.replace('{shown}', n).replace('{total}', total);
  }
  box.addEventListener('input', render);
  render();
})();
"""


def write_report(
    scored: str | Path,
    out: str | Path,
    *,
    book: Rulebook | None = None,
    rules: Sequence[str | Path] = (),
    lang: Lang = "zh",
    command: bool = False,
) -> Report:
    """Write the report of the scored file ``scored`` to ``out`` (see the module's docstring).

    The report draws with a rulebook (rule titles, which rules are findings, departments, due dates and
    the monitoring line): ``book``, or else the reference rules with the folders ``rules``, and the
    data-check pack when the file's ``rulebook_version`` says it was scored with it. A file scored with
    another rulebook is reported with a note saying so (:attr:`Report.notes`).

    Its refusals and notes name its parameters (``out=``, ``rules=``, ``load_rulebook(DIR)``); ``command``: the
    report is ``fanpin report``'s, whose name its options (``--out``, ``--rules DIR``), as
    :func:`fanpin.load_rulebook`'s ``command`` does."""
    command = checked_flag("command", command)
    with words_of(command):
        return _written(scored, Path(out), book, rules, lang, command)


def _written(
    scored: str | Path, out: Path, book: Rulebook | None, rules: Sequence[str | Path], lang: Lang, command: bool
) -> Report:
    option = "--out" if command else "out="  # how its refusals name out: the command's option, or the parameter
    _refuse_overwrite(Path(scored), out, option)
    _refuse_suffix(out, command)
    frame = read_scored(scored)
    book, notes = _rulebook_of(frame, Path(scored), book, rules, command)
    for as_of in frame.get_column("as_of").drop_nulls().unique().sort().to_list():
        try:  # every plan of the file can be dated (a measure due past 9999-12-31 cannot)
            check_plannable(book.measures, as_of)
        except ConfigError as exc:
            raise InputFileError(
                f"{_header_of('as_of')} holds {as_of}: {exc.message}",
                fix="score the households again with an earlier evaluation date (--as-of)",
                location=Location(str(scored)),
            ) from None
    notes = notes if command else tuple(host_notes(notes))  # a host's words: rules=, where the command's --rules
    report = Report(frame, book, lang, notes, stated_in(Path(scored)))
    pieces = render(report)  # the figures drawn here; the households' table as it is written
    target = written_path(out)  # a link followed to its file
    part = part_path(target, option, "report.html")  # a folder refused; a device or /dev/stdout written directly
    claimed, made, written = False, [], False
    try:
        made = folder_for(target, option)
        if part != target:
            with held_back():  # a signal between the two would leave the .part file made and not noted
                claim_part(part, target)
                claimed = True
        # through the process's own descriptor when the path names one (--out -): not opened again by path
        with io.TextIOWrapper(opened(part), encoding="utf-8") as stream:
            stream.writelines(pieces)
        if part != target:
            part.replace(target)
        written = True
    except BrokenPipeError:
        raise  # `fanpin report … --out - | head`: the reader went away, which the command says nothing of
    except OSError as exc:
        raise OutputError(
            f"cannot write the report: {exc.strerror or exc}",
            fix=direct_fix(option, target, "report.html")
            if part == target  # standard output, a device or a pipe, written directly: no folder to choose
            else f"choose an {option} path in a folder you can write to, with room on its disk",
            location=Location(str(target)),
        ) from exc
    finally:
        if claimed:
            with suppress(OSError):  # renamed already
                part.unlink(missing_ok=True)
        if not written:
            remove_folders(made)  # the folders this run made, if empty
    return report


def _refuse_overwrite(scored: Path, out: Path, option: str) -> None:
    """Refuses an ``out`` that is the scored file itself (by another name too: a link, a relative path): the
    report would replace the households it was drawn from. ``fanpin report`` refused it, and a host's
    ``write_report(scored, out=scored)`` of a file named without a suffix had written over it; named as the
    caller names it (``option``: ``--out`` or ``out=``)."""
    from fanpin.pipeline.run import names_the_file  # by its resolved path: new/../scored.csv names it too

    if names_the_file(out, scored):
        raise OutputError(
            f"the report would overwrite the scored file ({option} names it)",
            fix=f"choose another {option} path",
            location=Location(str(out)),
        )


def _refuse_suffix(out: Path, command: bool) -> None:
    """Refuses an ``out`` named for another kind of file (``r.pdf``, ``r.txt``): the report is an HTML page,
    which had been written into it, and whatever opens the file by its name (a PDF reader) could not read
    it. ``.html`` and ``.htm`` are taken, and so are a name without a suffix and a device or a pipe
    (``/dev/stdout``, ``-``), as ``fanpin score`` takes them; named as ``command`` names it (:func:`write_report`)."""
    if out.exists() and not out.is_file():
        return
    refuse_spaced_name(out, "--out" if command else "out")
    suffix = out.suffix.lower()
    if suffix in ("", ".html", ".htm"):
        return
    raise ConfigError(
        f"--out {out}: fanpin report writes an HTML page, not a {suffix} file"
        if command
        else f"out {out}: write_report writes an HTML page, not a {suffix} file",
        # r.html.part (fanpin's own unfinished file, given back) is r.html, not r.html.html
        fix=f"name the file {out.stem if Path(out.stem).suffix.lower() in ('.html', '.htm') else out.stem + '.html'}"
        + (" (a browser prints it to PDF)" if suffix == ".pdf" else ""),
    )


def _rulebook_of(
    frame: pl.DataFrame, scored: Path, book: Rulebook | None, rules: Sequence[str | Path], command: bool
) -> tuple[Rulebook, tuple[str, ...]]:
    """The rulebook to draw a scored file with, and a note when its rows were scored with another one.

    A file scored with ``--checks with`` (or ``only``) names the data checks among its flags; read with the
    risk rules alone they were counted as the most frequent rules, by id, and never as findings."""
    versions = sorted({v for v in frame.get_column("rulebook_version").drop_nulls().to_list() if v})
    if book is None:
        book = load_rulebook(*rules, command=command)  # its refusals name the caller's words, as the others here
        for checks in ("with", "only") if versions and book.version not in versions else ():
            # with the pack and the risk rules, or the pack alone: each mode has a version of its own
            candidate = load_rulebook(*rules, checks=checks, command=command)
            if candidate.version in versions:
                book = candidate
                break
    other = [v for v in versions if v != book.version]
    if not other:
        return book, ()
    return book, (
        f"{scored} was scored with rules {', '.join(other)}, not with those the report is drawn with "
        f"({book.version}): its rule titles, findings, departments, due dates and monitoring line are those of "
        f"{book.version}; give the report the --rules folders the file was scored with (the data-check pack "
        "is loaded by itself when the file was scored with it)",
    )


#: The households' table is made and written this many households at a time: the page was made whole first,
#: every household's cells and then 18 MB of text for 50 000 households (the report peaked at 330 MB, where
#: the imports take 100 MB and reading the scored file peaks at 173 MB; 185 MB now).
ROWS_AT_ONCE = 2_000


def render(report: Report) -> Iterator[str]:
    """The report as one HTML document, in pieces to be written in their order: the page's head and figures,
    drawn when this is called (whatever fails there fails before a byte is written), then the households'
    table, :data:`ROWS_AT_ONCE` households a piece as the pieces are taken (:func:`_household_pieces`), then
    the page's end. ``"".join(render(report))`` is the page."""
    w, frame, lang = report.words, report.frame, report.lang
    level_label = LABELS[lang]["alert_level"]
    band_label = LABELS[lang]["income_band"]
    as_of = ", ".join(sorted({d.isoformat() for d in frame.get_column("as_of").drop_nulls().to_list()}))
    version = ", ".join(sorted({v for v in frame.get_column("rulebook_version").to_list() if v}))
    as_of, version = as_of or report.stated[0], version or report.stated[1]  # a file of no household: its run's
    legend = "".join(
        f'<span><i style="background:{LEVEL_COLOURS[level]}"></i>{_e(level_label[level])}</span>'
        for level in reversed(ALERT_LEVELS)
    )
    sections: list[str] = []

    # 1. levels per township and village
    townships = report.levels_by("__township")
    villages = report.levels_by("__village")
    township_of = dict(report.frame.select("__village", "__township").unique().iter_rows())
    rows = sorted(townships.items())
    head = "".join(f"<th>{_e(level_label[level])}</th>" for level in reversed(ALERT_LEVELS))
    village_rows = "".join(
        f'<tr class="village" data-key="{_e(v)}" data-value="{sum(c.values())}"><td>{_e(township_of[v])}</td>'
        f"<td>{_e(v)}</td>"
        + "".join(f'<td class="n" data-level="{level}">{c.get(level, 0)}</td>' for level in reversed(ALERT_LEVELS))
        + f'<td class="n">{sum(c.values())}</td></tr>'
        for v, c in sorted(villages.items())
    )
    village_table = (
        f"<details><summary>{_e(w['by_village'])}</summary><table><tr><th>{_e(w['township'])}</th>"
        f"<th>{_e(w['village'])}</th>{head}<th>{_e(w['total'])}</th></tr>{village_rows}</table></details>"
    )
    sections.append(
        f'<section id="levels"><h2>{_e(w["levels"])}</h2><div class="legend">{legend}</div>'
        f"{_stacked(rows, level_label, kind='township') or _e(w['none'])}{village_table}</section>"
    )

    # 2. income against the line
    line = report.line()
    edges = line[2] if line else None
    bins = income_bins(frame.get_column("income_per_capita").to_list(), edges[0] if edges else None)
    note = (
        w["income_note"].format(bin=BIN_YUAN, line=f"{edges[0]:g}", region=line[0], as_of=line[1].isoformat())
        if line and edges
        else w["no_line"]
    )
    band_legend = "".join(
        f'<span><i style="background:{BAND_COLOURS[b]}"></i>{_e(band_label[b])}</span>' for b in BANDS
    )
    histogram = _histogram(bins, edges, band_label)
    sections.append(  # a report of no household (or none with an income) says so, with no legend of an empty plot
        f'<section id="income"><h2>{_e(w["income"])}</h2><p class="note">{_e(note)}</p>'
        + (f'<div class="legend">{band_legend}</div>{histogram}' if histogram else _e(w["none"]))
        + "</section>"
    )

    # 3. flags and findings
    audits = {r for r, rule in report.book.rules.items() if rule.spec.kind == "audit"}
    counts = report.flag_counts()
    flags = [(r, report.titled(r), n) for r, n in counts if r not in audits][:TOP]
    findings = [(r, report.titled(r), n) for r, n in counts if r in audits]
    sections.append(
        f'<section id="flags"><h2>{_e(w["flags"])}</h2>{_bars(flags, "#4a6fa5", kind="flag") or _e(w["none"])}'
        f"<h2>{_e(w['findings'])}</h2>{_bars(findings, '#8c6bb1', kind='finding') or _e(w['none'])}</section>"
    )

    # 4. workload by department and week
    ranked, weeks, per_week = report.workload()
    grid_head = "".join(f"<th>{d.isoformat()}</th>" for d in weeks)
    grid_rows = "".join(
        f"<tr><td>{_e(name)}</td>"
        + "".join(
            f'<td class="n" data-department="{_e(name)}" data-week="{d.isoformat()}" '
            f'data-value="{per_week.get(name, Counter()).get(d, 0)}">'
            f"{per_week.get(name, Counter()).get(d, 0) or ''}</td>"
            for d in weeks
        )
        + f'<td class="n">{total}</td></tr>'
        for name, total in ranked
    )
    sections.append(
        f'<section id="workload"><h2>{_e(w["departments"])}</h2>'
        f"{_bars([(n, n, v) for n, v in ranked], '#41ab5d', kind='department') or _e(w['none'])}"
        f"<h2>{_e(w['weeks'])}</h2><table><tr><th>{_e(w['department'])}</th>{grid_head}<th>{_e(w['total'])}</th></tr>{grid_rows}</table></section>"
    )

    meta = w["generated"].format(as_of=as_of or "-", version=version or "-", households=frame.height)
    head = (
        f'<!DOCTYPE html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        "script-src 'unsafe-inline'; img-src data:\">"
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{_e(w["title"])}</title>'
        f"<style>{_STYLE}</style></head><body><h1>{_e(w['title'])}</h1>"
        f'<p class="meta" id="meta" data-households="{frame.height}">{_e(meta)}</p>'
    )
    return itertools.chain(
        [head, *sections], _household_pieces(report), [f"<script>{_SCRIPT}</script></body></html>\n"]
    )


def _household_pieces(report: Report) -> Iterator[str]:
    """The households' section (the table the page's script fills, and its data as JSON), its data
    :data:`ROWS_AT_ONCE` households a piece: the pieces joined are the JSON of all of them at once."""
    w, frame = report.words, report.frame
    personal = [c for c in frame.columns if c not in OUTPUT_COLUMNS and c not in ("as_of",) and is_pii_column(c)]
    columns = [
        w["household_id"],
        *personal,
        w["township"],
        w["village"],
        w["income_col"],
        w["band"],
        w["level"],
        w["category"],
        w["risks"],
        w["plan"],
    ]
    numeric = [c == w["income_col"] for c in columns]
    heads = "".join(f"<th>{_e(c)}</th>" for c in columns)
    start = _script_json({"columns": columns, "numeric": numeric, "rows": []}).removesuffix("]}")
    yield (
        f'<section id="households"><h2>{_e(w["table"])}</h2>'
        f'<input id="search" type="search" placeholder="{_e(w["search"])}" aria-label="{_e(w["search"])}">'
        f'<p class="note" id="shown" data-template="{_e(w["shown"])}"></p>'
        f'<table><thead><tr>{heads}</tr></thead><tbody id="rows"></tbody></table></section>'
        f'<script type="application/json" id="household-data">{start}'
    )
    for n, households in enumerate(frame.iter_slices(ROWS_AT_ONCE)):
        rows = _script_json([_table_row(report, r, personal) for r in households.iter_rows(named=True)])
        yield (", " if n else "") + rows[1:-1]  # the list's items, as one list of them all writes them
    yield "]}</script>"


def _table_row(report: Report, r: dict[str, Any], personal: list[str]) -> dict[str, Any]:
    """A household's row of the table: its cells as shown, its alert level and the text searched."""
    lang = report.lang
    plan = (
        "；".join(
            f"{measure_name(report.book.measures[m], lang)}（{report.department_of(m)}）"
            if m in report.book.measures
            else m
            for m in r["measures"]
        )
        if lang == "zh"
        else "; ".join(
            f"{measure_name(report.book.measures[m], lang)} ({report.department_of(m)})"
            if m in report.book.measures
            else m
            for m in r["measures"]
        )
    )
    income = "" if r["income_per_capita"] is None else f"{r['income_per_capita']:.2f}"
    row_cells = [
        r["household_id"] or "",
        *(r[c] or "" for c in personal),
        r["__township"],
        r["__village"],
        income,
        report.label("income_band", r["income_band"]),
        report.label("alert_level", r["alert_level"]),
        report.label("suggested_category", r["suggested_category"]),
        ("、" if lang == "zh" else ", ").join(report.risk_type(t) for t in r["risk_types"] or []),
        plan,
    ]
    return {"cells": row_cells, "level_id": r["alert_level"] or "none", "search": " ".join(row_cells).lower()}
