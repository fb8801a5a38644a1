"""A scored household as an output record: a row of text cells (CSV, Parquet, .xlsx) or a JSON object.

CSV cells hold ``;``-joined ids and rendered sentences; JSON Lines hold the same values nested, with the
structured explanations (fact, value, operator, threshold, parameters and sources).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from fanpin.results.assessment import Assessment
from fanpin.results.columns import label
from fanpin.results.plan import PlannedMeasure, department, measure_name, plan_text
from fanpin.results.sentences import Lang, explanation_text, flag_text

__all__ = ["ScoredRow", "csv_record", "json_line", "json_record"]


@dataclass(frozen=True)
class ScoredRow:
    """A scored household: its assessment, its plan, its passed-through cells, and the English label of
    each risk type its rulebook names (:attr:`fanpin.Rulebook.risk_types`)."""

    assessment: Assessment
    plan: tuple[PlannedMeasure, ...]
    passthrough: Mapping[str, str]
    risk_types_en: Mapping[str, str] = field(default_factory=dict)


def _risk_types(row: ScoredRow, lang: Lang) -> list[str]:
    types = dict.fromkeys(f.risk_type for f in row.assessment.flags if f.risk_type)
    return list(types) if lang == "zh" else [row.risk_types_en[t] for t in types]


def _audit(a: Assessment) -> list[str]:
    return [f.rule_id for f in a.flags if f.kind == "audit"]


def csv_record(row: ScoredRow, lang: Lang) -> dict[str, str]:
    a = row.assessment
    record = {
        "household_id": a.household_id,
        "region_code": a.region_code,
        "as_of": a.as_of.isoformat(),
        "income_per_capita": "" if a.income_per_capita is None else str(a.income_per_capita),
        "income_band": label("income_band", a.income_band, lang) or "",
        "alert_level": label("alert_level", a.alert_level, lang) or "",
        "suggested_category": label("suggested_category", a.suggested_category, lang) or "",
        "flags": ";".join(a.flag_ids),
        "risk_types": ";".join(_risk_types(row, lang)),
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
    data["alert_level"] = label("alert_level", a.alert_level, lang)
    data["income_band"] = label("income_band", a.income_band, lang)
    data["suggested_category"] = label("suggested_category", a.suggested_category, lang)
    data["risk_types"] = _risk_types(row, lang)
    data["audit_findings"] = _audit(a)
    data["measures"] = [
        {
            "id": p.measure.id,
            "name": measure_name(p.measure, lang),
            "department": department(p.measure, lang),
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
