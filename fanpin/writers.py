"""Writing results: one row per household (contract §3), CSV or JSON Lines; rejected rows beside them.

CSV cells hold ``;``-joined ids and rendered sentences; JSON Lines hold the same values nested, with the
structured explanations (fact, value, operator, threshold, parameters and sources).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from fanpin.assessment import Assessment
from fanpin.explain import Lang, explanation_text, flag_text
from fanpin.plan import PlannedMeasure, plan_text
from fanpin.readers import RejectedRow

__all__ = [
    "CATEGORY_ZH",
    "LEVEL_ZH",
    "OUTPUT_COLUMNS",
    "REJECTED_COLUMNS",
    "ScoredRow",
    "csv_record",
    "json_record",
    "write_rejected",
]

OUTPUT_COLUMNS = (
    "household_id",
    "region_code",
    "as_of",
    "income_per_capita",
    "income_band",
    "alert_level",
    "suggested_category",
    "flags",
    "risk_types",
    "audit_findings",
    "measures",
    "plan",
    "explanation",
    "not_evaluable",
    "rulebook_version",
)
REJECTED_COLUMNS = ("line", "household_id", "column", "value", "reason")
LEVEL_ZH = {"red": "红", "orange": "橙", "yellow": "黄", "none": "无"}
CATEGORY_ZH = {
    "unstable_lifted": "脱贫不稳定户",
    "marginal": "边缘易致贫户",
    "sudden_hardship": "突发严重困难户",
}


@dataclass(frozen=True)
class ScoredRow:
    assessment: Assessment
    plan: tuple[PlannedMeasure, ...]
    passthrough: Mapping[str, str]


def _risk_types(a: Assessment) -> list[str]:
    return list(dict.fromkeys(f.risk_type for f in a.flags if f.risk_type))


def _audit(a: Assessment) -> list[str]:
    return [f.rule_id for f in a.flags if f.kind == "audit"]


def csv_record(row: ScoredRow, lang: Lang) -> dict[str, str]:
    a = row.assessment
    record = {
        "household_id": a.household_id,
        "region_code": a.region_code,
        "as_of": a.as_of.isoformat(),
        "income_per_capita": "" if a.income_per_capita is None else str(a.income_per_capita),
        "income_band": a.income_band or "",
        "alert_level": LEVEL_ZH[a.alert_level] if lang == "zh" else a.alert_level,
        "suggested_category": (
            CATEGORY_ZH.get(a.suggested_category or "", "") if lang == "zh" else (a.suggested_category or "")
        ),
        "flags": ";".join(a.flag_ids),
        "risk_types": ";".join(_risk_types(a)),
        "audit_findings": ";".join(_audit(a)),
        "measures": ";".join(p.measure.id for p in row.plan),
        "plan": plan_text(row.plan, lang),
        "explanation": explanation_text(a.flags, lang),
        "not_evaluable": ";".join(a.not_evaluable),
        "rulebook_version": a.rulebook_version,
    }
    return record | {k: v for k, v in row.passthrough.items() if k not in record}


def json_record(row: ScoredRow, lang: Lang) -> dict[str, Any]:
    a = row.assessment
    data = a.model_dump(mode="json", exclude={"trace"})
    data["risk_types"] = _risk_types(a)
    data["audit_findings"] = _audit(a)
    data["measures"] = [
        {
            "id": p.measure.id,
            "name": p.measure.name,
            "department": p.measure.department,
            "due": p.due.isoformat(),
            "answers": list(p.answers),
        }
        for p in row.plan
    ]
    data["plan"] = plan_text(row.plan, lang)
    data["explanation"] = [flag_text(f, lang) for f in a.flags]
    data["input"] = dict(row.passthrough)
    return data


class CsvSink:
    """Writes scored rows as CSV (UTF-8 with BOM, so Excel opens Chinese text correctly)."""

    def __init__(self, stream: IO[str], passthrough: Iterable[str], lang: Lang) -> None:
        self.columns = list(OUTPUT_COLUMNS) + [c for c in passthrough if c not in OUTPUT_COLUMNS]
        self.writer = csv.DictWriter(stream, fieldnames=self.columns, lineterminator="\n")
        self.writer.writeheader()
        self.lang = lang

    def write(self, row: ScoredRow) -> None:
        self.writer.writerow(csv_record(row, self.lang))


class JsonlSink:
    def __init__(self, stream: IO[str], lang: Lang) -> None:
        self.stream = stream
        self.lang = lang

    def write(self, row: ScoredRow) -> None:
        self.stream.write(json_line(json_record(row, self.lang)) + "\n")


def json_line(record: Mapping[str, Any]) -> str:
    """One JSON Lines record: sorted keys, no spaces, UTF-8 text as it is (as polars' encoder writes)."""
    return json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def write_rejected(path: Path, rejected: Iterable[RejectedRow]) -> int:
    """Write the rejected rows (values already masked); returns how many."""
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(REJECTED_COLUMNS)
        for r in rejected:
            writer.writerow((r.line, r.household_id, r.column, r.value, r.reason))
            count += 1
    return count
