"""A county's file in: the township workbook, the HTML report and a per-township summary out.

What it shows: the whole county workflow from Python, with either layout fanpin reads (a household
table, or the national system's person-level export, told apart by the header row):

1. every household is scored with ``Scorer.score_file`` (the batch engine, chunked, the same writers as
   ``fanpin score``): ``NAME.scored.csv`` beside ``NAME.rejected.csv`` (every refused row, with its
   line, column, masked value and reason) in ``--out-dir``, and the township workbook
   ``NAME.scored.xlsx`` (a summary sheet, one sheet per township, the rejected rows);
2. ``report.html``, the one-file offline report a county leader reads at a glance, from the scored CSV
   (``fanpin.report.write_report``, as ``fanpin report`` writes it);
3. the scored rows are counted per township (乡镇): households, rejected rows, each alert level,
   households below the monitoring line, and households with an audit finding, written as
   ``township-summary.csv`` and printed. The township is the export's 乡 column, or for a household
   table the first 9 digits of the 12-digit 行政区划代码 (6 for the county, 3 for the township). A household is
   found in the scored file by its 户编号 as the file writes it, masked where it is a person's number or name
   (``fanpin.masking.shown_key``): such households had been counted under no township.

Run it from the repository root::

    .venv/bin/python examples/score_county.py examples/data/households.csv --as-of 2025-06-30 --region 532328
    .venv/bin/python examples/score_county.py examples/data/export.xlsx --as-of 2025-06-30 --region 532328 \\
        --rules examples/county_override --out-dir out/county

What it prints is in the system's language, as ``fanpin``'s messages are (Chinese where ``LANG`` is ``zh_CN…``;
``FANPIN_MESSAGES=zh`` or ``en`` chooses). The run's notes and warnings are printed on standard error as
``fanpin score`` prints them (a header that looks
misspelt, a region with no value for a parameter, whose rules are then not evaluable there). Exit codes follow
``fanpin score``: 0 every row scored, 3 some rows rejected (listed in the errors file),
2 a configuration or input error (the message names the file and the fix).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

import polars as pl

from fanpin import FanpinError, Scorer, load_rulebook
from fanpin.cli import as_of_date, run_script, script_language, script_message
from fanpin.io import ExportHousehold, is_export_file, read_export, read_households
from fanpin.io.readers import ReadRow, RejectedRow, raw_rows
from fanpin.io.sinks import spreadsheet_safe
from fanpin.masking import shown_key
from fanpin.report import write_report
from fanpin.results.columns import label

LEVELS = ("红", "橙", "黄", "无")  # the alert_level column, in Chinese (--lang zh, the default)
BELOW_LINE = label("income_band", "below_line", "zh")  # 低于监测范围
UNKNOWN_TOWN = "（乡镇不明）"  # a county-level code, or a rejected row
#: The summary's columns as the printed table heads them, in the language the script speaks (the CSV file keeps the
#: column names above, which a spreadsheet or a script reads).
SHOWN = {
    "zh": {"乡镇": "乡镇", "households": "户数", "rejected_rows": "未评分行", "below_line": "低于监测线",
           "audit_finding": "有核查发现"} | {level: level for level in LEVELS},
    "en": {"乡镇": "township", "households": "households", "rejected_rows": "rejected_rows", "红": "red",
           "橙": "orange", "黄": "yellow", "无": "none", "below_line": "below_line", "audit_finding": "audit_finding"},
}  # fmt: skip
#: What this script says is in the language of the system, as fanpin's command (FANPIN_MESSAGES=zh or en chooses).
LANG = script_language()


def _town(code: str) -> str:
    """The township of a 12-digit 行政区划代码: its first 9 digits (a county-level code has none)."""
    return code[:9] if len(code) >= 9 and code.isdigit() else UNKNOWN_TOWN


def townships(path: Path, region: str | None) -> tuple[dict[str, str], Counter[str]]:
    """户编号 → township, and the rejected rows per township, read through fanpin's own readers. A rejected
    row's township is read from its own cell (乡 in an export, 行政区划代码 in a household table), as
    its household was not scored. The 户编号 is the scored file's (:func:`~fanpin.masking.shown_key`): one that
    is a person's number or name is masked there, and its household had been counted under no township."""
    town_of: dict[str, str] = {}
    rejected: Counter[str] = Counter()
    if is_export_file(path):
        info, items = read_export(path, region=region)
        by_line = _cells_by_line(path, info.header_line, [h for h, f in info.field_of.items() if f == "town"])
        for item in items:
            if isinstance(item, ExportHousehold):
                town_of[shown_key(item.household.household_id)] = item.members[0].town or UNKNOWN_TOWN
            else:
                rejected[by_line.get(item.line) or UNKNOWN_TOWN] += 1
        return town_of, rejected
    table, rows = read_households(path, region=region)
    codes = [h for h, f in table.field_of.items() if f == "region_code"]
    by_line = {line: _town(code or region or "") for line, code in _cells_by_line(path, 0, codes).items()}
    for row in rows:
        if isinstance(row, ReadRow):
            town_of[shown_key(row.household.household_id)] = _town(row.household.region_code or region or "")
        elif isinstance(row, RejectedRow):
            rejected[by_line.get(row.line, UNKNOWN_TOWN)] += 1
    return town_of, rejected


def _cells_by_line(path: Path, header_line: int, headers: list[str]) -> dict[int, str]:
    """Line → the trimmed cell of the first of ``headers`` on that line (empty when the file has none)."""
    _, rows = raw_rows(path)
    index: int | None = None
    found: dict[int, str] = {}
    for line, cells in rows:
        if index is None:
            trimmed = [c.strip() for c in cells]
            if headers and headers[0] in trimmed and line >= header_line:
                index = trimmed.index(headers[0])
            continue
        found[line] = cells[index].strip() if index < len(cells) else ""
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Score a county's file and summarise it per township.")
    parser.add_argument("input", type=Path, help="a household table or the person-level export")
    parser.add_argument("--as-of", type=as_of_date, required=True, help="evaluation date YYYY-MM-DD")
    parser.add_argument("--region", help="region code for rows without 行政区划代码")
    parser.add_argument("--rules", type=Path, action="append", default=[], help="the county's rules folder")
    parser.add_argument("--out-dir", type=Path, default=Path("out/county"))
    args = parser.parse_args(argv)
    scored_path = args.out_dir / f"{args.input.stem}.scored.csv"
    errors_path = args.out_dir / f"{args.input.stem}.rejected.csv"
    try:
        scorer = Scorer(load_rulebook(*args.rules))
        summary = scorer.score_file(args.input, scored_path, as_of=args.as_of, region=args.region, errors=errors_path)
        workbook = args.out_dir / f"{args.input.stem}.scored.xlsx"
        scorer.score_file(args.input, workbook, as_of=args.as_of, region=args.region, errors=errors_path, fmt="xlsx")
        report = args.out_dir / "report.html"
        write_report(scored_path, report, book=scorer.rulebook)
        town_of, rejected = townships(args.input, args.region)
    except FanpinError as exc:
        print(script_message("score_county", "error", exc, LANG), file=sys.stderr)
        return 2

    scored = pl.read_csv(scored_path, infer_schema=False)
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for row in scored.select("household_id", "alert_level", "income_band", "audit_findings").iter_rows(named=True):
        count = counts[town_of.get(row["household_id"], UNKNOWN_TOWN)]
        count["households"] += 1
        count[row["alert_level"]] += 1
        count["below_line"] += row["income_band"] == BELOW_LINE
        count["audit_finding"] += bool(row["audit_findings"])
    for name, n in rejected.items():
        counts[name]["rejected_rows"] += n

    header = ["乡镇", "households", "rejected_rows", *LEVELS, "below_line", "audit_finding"]
    table = args.out_dir / "township-summary.csv"
    rows = {"乡镇": sorted(counts)} | {c: [counts[town][c] for town in sorted(counts)] for c in header[1:]}
    # A 乡 name is the export's text: one such as =cmd|… would run as a formula in Excel, which opens this
    # file (its byte-order mark): written as fanpin's own CSV writes such a cell, with a leading '.
    spreadsheet_safe(pl.DataFrame(rows, schema={"乡镇": pl.String} | dict.fromkeys(header[1:], pl.Int64))).write_csv(
        table, include_bom=True
    )
    # what `fanpin score` prints beside its summary: a header that looks misspelt, a file of no data rows, a region
    # whose parameter has no value (its rules not evaluable) … (they had gone unsaid)
    for note in summary.notes:
        print(script_message("score_county", "note", note, LANG), file=sys.stderr)
    for warning in summary.parameter_notes:
        print(script_message("score_county", "warning", warning, LANG), file=sys.stderr)
    if LANG == "zh":
        print(f"已评分 {args.input} 的 {summary.scored} 户（评估日期 {args.as_of}），写入 {scored_path}")
        print(f"未评分 {summary.rejected} 行，列于 {errors_path}")
    else:
        print(f"scored {summary.scored} households of {args.input} on {args.as_of} into {scored_path}")
        print(f"rejected {summary.rejected} row(s) into {errors_path}")
    print(" | ".join(SHOWN[LANG][column] for column in header))  # the CSV's columns, in the language spoken
    for town in sorted(counts):
        print(" | ".join([town, *(str(counts[town][column]) for column in header[1:])]))
    if LANG == "zh":
        print(f"已写出 {table}、乡镇工作簿 {workbook} 和报告 {report}")
    else:
        print(f"wrote {table}, the township workbook {workbook} and the report {report}")
    return 3 if summary.rejected else 0


if __name__ == "__main__":
    run_script(main)  # exits; quietly when the output's reader goes away (`… | head`), as `fanpin` does
