"""A scored household as an output record: a typed row of the scored table (:mod:`fanpin.results.table`;
the CSV writer turns it into text) or a JSON object.

JSON Lines hold the same values nested, with the structured explanations (fact, value, operator,
threshold, parameters and sources).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from fanpin.results.assessment import Assessment
from fanpin.results.columns import label
from fanpin.results.plan import PlannedMeasure, department, measure_name, plan_item
from fanpin.results.sentences import Lang, flag_text

__all__ = ["ScoredRow", "json_line", "json_record", "table_record"]


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


def table_record(row: ScoredRow, lang: Lang) -> dict[str, Any]:
    """The household's row of the scored table, typed as :func:`fanpin.results.table.table_schema` says:
    a date, money as a :class:`~decimal.Decimal` (元, two places), labels in ``lang``, lists, None for unknown."""
    a = row.assessment
    record: dict[str, Any] = {
        "household_id": a.household_id,
        "region_code": a.region_code,
        "as_of": a.as_of,
        "income_per_capita": a.income_per_capita,
        "income_band": label("income_band", a.income_band, lang),
        "alert_level": label("alert_level", a.alert_level, lang),
        "suggested_category": label("suggested_category", a.suggested_category, lang),
        "flags": list(a.flag_ids),
        "risk_types": _risk_types(row, lang),
        "audit_findings": _audit(a),
        "codes": list(a.codes),
        "measures": [p.measure.id for p in row.plan],
        "plan": [plan_item(p.measure, p.due, lang) for p in row.plan],
        "explanation": [flag_text(f, lang) for f in a.flags],
        "not_evaluable": list(a.not_evaluable),
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
    data["codes"] = list(a.codes)
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
    data["plan"] = [plan_item(p.measure, p.due, lang) for p in row.plan]
    data["explanation"] = [flag_text(f, lang) for f in a.flags]
    data["income_per_capita"] = a.income_per_capita
    data["input"] = dict(row.passthrough)
    return data


def json_line(record: Mapping[str, Any]) -> str:
    """One JSON Lines record: sorted keys, no spaces, UTF-8 text as it is (as polars' encoder writes), and
    ``income_per_capita`` as a JSON number with two places (``7500.00``; ``null`` when unknown).

    >>> from decimal import Decimal
    >>> json_line({"household_id": "H1", "income_per_capita": Decimal("7500.00"), "input": {}})
    '{"household_id":"H1","income_per_capita":7500.00,"input":{}}'
    """
    money = record.get("income_per_capita")
    rest = {k: v for k, v in record.items() if k != "income_per_capita"}
    text = json.dumps(rest, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    if "income_per_capita" not in record:
        return text
    # "income_per_capita" sorts just before "input", the first key written from the input: the first
    # ',"input":' is the record's own (every key before it is fanpin's, and a string's quotes are escaped).
    number = "null" if money is None else str(money)
    return text.replace(',"input":', f',"income_per_capita":{number},"input":', 1)
