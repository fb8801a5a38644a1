"""The statistics of a rectification report (整改报告), computed from a county's roster: a table and a chart.

What it shows: fanpin as a library for analysis rather than scoring. The roster (a household table or
the national person-level export) is read through fanpin's own readers, so every value is parsed as
the scoring does (empty is unknown, money exact to the fen, rows that do not validate are counted, not
guessed at), and every threshold comes from the rulebook's parameters for each household's region and
the evaluation date, never from this script. The five statistics are the ones published audit
results report (docs/audit-findings.md, findings 3, 4, 6 and 7):

1. formerly poor households (脱贫户) whose per-capita income is below ``deep_low_line`` (5000 元);
2. transfer income as a share of the households' gross income;
3. households with a public-welfare job (公益岗位: pay or months recorded; in an export, a member's 公益性岗位
   or its months);
4. monitored households whose per-capita income is at least ``over_inclusion_multiple`` (2) × the
   monitoring line;
5. monitored households whose risk is not eliminated and that have no measure recorded.

``deep_low_line`` and ``over_inclusion_multiple`` are fanpin defaults taken from the audit finding
(their source prints as 地方实践，无官方标准); pass ``--rules DIR`` for a county's own values. The
"report" column holds the audit report's own published figures for the areas it audited, for comparison
only: they are not thresholds. A value that is unknown for a household leaves it out of that
statistic's base, and the table says how many were left out.

Run it from the repository root (stdlib only besides fanpin; the chart is a self-contained SVG)::

    .venv/bin/python examples/audit_roster.py examples/data/households.csv --as-of 2025-06-30 \
        --region 532328 --out-dir out/audit
    .venv/bin/python examples/audit_roster.py examples/data/export.xlsx --out-dir out/audit

It writes ``audit-roster.csv`` (the table, UTF-8 with BOM for Excel) and ``audit-roster.svg`` (the
chart) into ``--out-dir`` and prints the table. It exits with 2 and a message saying what to fix, no
traceback, when the roster cannot be read, a threshold has no value on ``--as-of`` (before 2021), or
``--out-dir`` cannot be written.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from html import escape
from pathlib import Path

from fanpin import FanpinError, Household, HouseholdType, Rulebook, load_rulebook
from fanpin.cli import as_of_date, run_script, script_language, script_message
from fanpin.io import RejectedRow, households_in

#: The audit report's own figures (docs/audit-findings.md), shown beside the county's: not thresholds.
REPORT = {
    "deep_low": "3.79 % (audited areas); 0.69 % (central and western average)",
    "transfer_share": "26.23 % (audited households); 12.76 % (province); 17.40 % (national)",
    "public_job": "79 % (audited households)",
    "over_inclusion": "some households (no share published)",
    "no_measure": "some households (no share published)",
}
REPORT_ZH = {
    "deep_low": "3.79 %（审计地区）；0.69 %（中西部平均）",
    "transfer_share": "26.23 %（审计户）；12.76 %（全省）；17.40 %（全国）",
    "public_job": "79 %（审计户）",
    "over_inclusion": "部分户（未公布比例）",
    "no_measure": "部分户（未公布比例）",
}
#: What this script says is in the language of the system, as fanpin's command (FANPIN_MESSAGES=zh or en chooses).
LANG = script_language()
#: The first figure of each, drawn as a mark on the chart.
REPORT_MARK = {"deep_low": Decimal("3.79"), "transfer_share": Decimal("26.23"), "public_job": Decimal(79)}


@dataclass(frozen=True)
class Statistic:
    key: str
    label: str
    label_en: str
    numerator: Decimal
    denominator: Decimal
    unknown: int
    threshold: str

    @property
    def share(self) -> Decimal | None:
        """The share in per cent, two places; None when the base is empty."""
        if not self.denominator:
            return None
        return (self.numerator * 100 / self.denominator).quantize(Decimal("0.01"))


def _parameter(book: Rulebook, name: str, region: str, as_of: date) -> Decimal | None:
    try:
        return book.parameters.resolve(name, region, as_of).value
    except FanpinError:
        return None  # no value for this region and date: the household's statistic is unknown


def _describe(book: Rulebook, name: str, region: str, as_of: date) -> str:
    p = book.parameters.resolve(name, region, as_of)
    return f"{name} = {p.value} ({p.source})"


def _count(
    households: Iterable[Household], base: Callable[[Household], bool | None], hit: Callable[[Household], bool | None]
) -> tuple[int, int, int]:
    """(in the base and hit, in the base, unknown): a household whose base or hit is unknown (None) is
    counted as unknown, never as no."""
    hits = total = unknown = 0
    for h in households:
        in_base = base(h)
        if in_base is None:
            unknown += 1
            continue
        if not in_base:
            continue
        counted = hit(h)
        if counted is None:
            unknown += 1
            continue
        total += 1
        hits += counted
    return hits, total, unknown


def statistics(households: Sequence[Household], book: Rulebook, *, as_of: date, region: str) -> list[Statistic]:
    """The five statistics of the module docstring for ``households`` on ``as_of``."""

    def code(h: Household) -> str:
        return h.region_code or region

    def below_deep_low(h: Household) -> bool | None:
        line = _parameter(book, "deep_low_line", code(h), as_of)
        return None if line is None else h.income_per_capita < line

    def above_over_inclusion(h: Household) -> bool | None:
        line = _parameter(book, "monitoring_line", code(h), as_of)
        multiple = _parameter(book, "over_inclusion_multiple", code(h), as_of)
        return None if line is None or multiple is None else h.income_per_capita >= multiple * line

    def still_monitored(h: Household) -> bool | None:
        if h.monitoring_category is None:
            return False
        return None if h.risk_eliminated is None else not h.risk_eliminated

    def public_job(h: Household) -> bool | None:
        # a household table records the pay or the months; an export, each member's post (公益性岗位) and
        # its months: either says so (the export's had been left unknown, the statistic n/a)
        members = h.members or ()
        if (h.public_job_income or 0) > 0 or (h.public_job_months or 0) > 0:
            return True
        if any(m.public_job or (m.public_job_months or 0) > 0 for m in members):
            return True
        recorded = [h.public_job_income, h.public_job_months]
        recorded += [v for m in members for v in (m.public_job, m.public_job_months)]
        return None if all(v is None for v in recorded) else False

    poor = [h for h in households if h.household_type is HouseholdType.FORMERLY_POOR]
    transfer = sum((h.transfer_income for h in households), Decimal(0))
    gross = sum((h.gross_income for h in households), Decimal(0))
    counts = {
        "deep_low": _count(poor, lambda h: True, below_deep_low),
        "public_job": _count(households, lambda h: True, public_job),
        "over_inclusion": _count(households, still_monitored, above_over_inclusion),
        "no_measure": _count(households, still_monitored, lambda h: not h.measures_in_place),
    }
    thresholds = {
        "deep_low": _describe(book, "deep_low_line", region, as_of),
        "over_inclusion": (
            f"{_describe(book, 'over_inclusion_multiple', region, as_of)} × "
            f"{_describe(book, 'monitoring_line', region, as_of)}"
        ),
    }
    # The labels name the parameters' values for the region given, as the report words them.
    deep_low = book.parameters.resolve("deep_low_line", region, as_of).value.normalize()
    multiple = book.parameters.resolve("over_inclusion_multiple", region, as_of).value.normalize()
    labels = {
        "deep_low": (f"人均纯收入低于{deep_low:f}元的脱贫户占比", f"formerly poor households below {deep_low:f} yuan"),
        "transfer_share": ("转移性收入占家庭总收入比重", "transfer income as a share of gross income"),
        "public_job": ("有公益岗位的户占比", "households with a public-welfare job"),
        "over_inclusion": (
            f"人均纯收入达到监测范围{multiple:f}倍的监测户占比",
            f"monitored households at or above {multiple:f} × the line",
        ),
        "no_measure": ("未落实帮扶措施的监测户占比", "monitored households with no measure"),
    }
    result = [
        Statistic("transfer_share", *labels["transfer_share"], transfer, gross, 0, "—"),
        *(
            Statistic(key, *labels[key], Decimal(hits), Decimal(total), unknown, thresholds.get(key, "—"))
            for key, (hits, total, unknown) in counts.items()
        ),
    ]
    order = ["deep_low", "transfer_share", "public_job", "over_inclusion", "no_measure"]
    return sorted(result, key=lambda s: order.index(s.key))


def _svg(stats: Sequence[Statistic], title: str) -> str:
    """A horizontal bar chart of the shares (0–100 %), the report's figure marked where it gives one."""
    width, left, bar, gap, top = 760, 330, 22, 14, 56
    scale = (width - left - 60) / 100
    height = top + len(stats) * (bar + gap) + 40
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'font-family="sans-serif" font-size="13">',
        f'<text x="{left}" y="24" font-size="15" font-weight="bold">{escape(title)}</text>',
        f'<text x="{left}" y="42" fill="#555">bar: this roster; red mark: the audit report\'s figure</text>',
    ]
    for i, s in enumerate(stats):
        y = top + i * (bar + gap)
        share = s.share or Decimal(0)
        parts.append(f'<text x="{left - 8}" y="{y + 16}" text-anchor="end">{escape(s.label)}</text>')
        parts.append(f'<rect x="{left}" y="{y}" width="{float(share) * scale:.1f}" height="{bar}" fill="#4477aa"/>')
        shown = "n/a" if s.share is None else f"{s.share} %"
        parts.append(f'<text x="{left + float(share) * scale + 6:.1f}" y="{y + 16}">{shown}</text>')
        mark = REPORT_MARK.get(s.key)
        if mark is not None:
            x = left + float(mark) * scale
            parts.append(
                f'<line x1="{x:.1f}" y1="{y - 3}" x2="{x:.1f}" y2="{y + bar + 3}" stroke="#cc3311" stroke-width="3"/>'
            )
    axis = top + len(stats) * (bar + gap)
    parts.append(f'<line x1="{left}" y1="{axis}" x2="{left + 100 * scale:.1f}" y2="{axis}" stroke="#999"/>')
    for tick in range(0, 101, 20):
        x = left + tick * scale
        parts.append(f'<text x="{x:.1f}" y="{axis + 16}" text-anchor="middle" fill="#555">{tick} %</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The statistics of a rectification report, from a roster.")
    parser.add_argument("roster", type=Path, nargs="?", default=Path("examples/data/households.csv"))
    parser.add_argument("--as-of", type=as_of_date, default=date(2025, 6, 30), help="evaluation date")
    parser.add_argument("--region", default="532328", help="region code for rows without 行政区划代码")
    parser.add_argument("--rules", type=Path, action="append", default=[], help="a county's rules folder")
    parser.add_argument("--out-dir", type=Path, default=Path("out/audit"))
    args = parser.parse_args(argv)
    try:  # a threshold with no value on --as-of (before 2021) is fanpin's error too, told as the others
        book = load_rulebook(*args.rules)
        rows = list(households_in(args.roster, region=args.region))
        households = [r for r in rows if isinstance(r, Household)]
        stats = statistics(households, book, as_of=args.as_of, region=args.region)
    except FanpinError as exc:
        print(script_message("audit_roster", "error", exc, LANG), file=sys.stderr)
        return 2
    rejected = len({(r.line, r.household_id) for r in rows if isinstance(r, RejectedRow)})

    title = f"{args.roster.name}: {len(households)} households on {args.as_of} ({rejected} rows rejected)"
    table, chart = args.out_dir / "audit-roster.csv", args.out_dir / "audit-roster.svg"
    try:
        args.out_dir.mkdir(parents=True, exist_ok=True)
        with table.open("w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["指标", "statistic", "count", "base", "share_percent", "unknown", "threshold", "report"])
            for s in stats:
                share = "" if s.share is None else str(s.share)
                writer.writerow(
                    [s.label, s.label_en, s.numerator, s.denominator, share, s.unknown, s.threshold, REPORT[s.key]]
                )
        chart.write_text(_svg(stats, title), encoding="utf-8")
    except OSError as exc:  # a file where the folder goes: "File exists" in the system's words, naming no file
        in_the_way = isinstance(exc, (FileExistsError, NotADirectoryError))
        why = "it, or a folder above it, is a file, not a folder" if in_the_way else exc.strerror or str(exc)
        if LANG == "zh":
            why = "它或它上层的某一项是文件而不是文件夹" if in_the_way else why
            told = f"audit_roster: 错误：无法写入 {args.out_dir}：{why}；请为 --out-dir 指定可写的文件夹（无则新建）"
        else:
            told = (
                f"audit_roster: error: cannot write into {args.out_dir}: {why}. Fix: give --out-dir a folder you may "
                "write in (it is made if missing)"
            )
        print(told, file=sys.stderr)
        return 2

    if LANG == "zh":
        print(f"{args.roster.name}：{len(households)} 户，评估日期 {args.as_of}（未评分 {rejected} 行）")
    else:
        print(title)
    for s in stats:
        share = ("不适用" if LANG == "zh" else "n/a") if s.share is None else f"{s.share} %"
        if LANG == "zh":
            print(f"- {s.label}：{share} = {s.numerator}/{s.denominator}，未知 {s.unknown}；阈值 {s.threshold}；"
                  f"审计报告：{REPORT_ZH[s.key]}")  # fmt: skip
        else:
            print(f"- {s.label} ({s.label_en}): {share} = {s.numerator}/{s.denominator}, unknown {s.unknown}; "
                  f"threshold {s.threshold}; report: {REPORT[s.key]}")  # fmt: skip
    print(f"已写出 {table} 和 {chart}" if LANG == "zh" else f"wrote {table} and {chart}")
    return 0


if __name__ == "__main__":
    run_script(main)  # exits; quietly when the output's reader goes away (`… | head`), as `fanpin` does
