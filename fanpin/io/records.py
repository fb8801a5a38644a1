"""A scored household as an output record: a row of text cells (CSV, Parquet, .xlsx) or a JSON object.

CSV cells hold ``;``-joined ids and rendered sentences; JSON Lines hold the same values nested, with the
structured explanations (fact, value, operator, threshold, parameters and sources).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fanpin.results.assessment import Assessment
from fanpin.results.columns import ALERT_LEVEL_ZH, CATEGORY_ZH
from fanpin.results.plan import PlannedMeasure, plan_text
from fanpin.results.sentences import Lang, explanation_text, flag_text

__all__ = ["ScoredRow", "csv_record", "json_line", "json_record"]


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
        "alert_level": ALERT_LEVEL_ZH[a.alert_level] if lang == "zh" else a.alert_level,
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


def json_line(record: Mapping[str, Any]) -> str:
    """One JSON Lines record: sorted keys, no spaces, UTF-8 text as it is (as polars' encoder writes)."""
    return json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
