"""The scored table's columns, their headers in each language, and the labels written into them, shared by
both engines' writers.

Column ids (``household_id``, ``alert_level`` …) are what code reads (the library's DataFrames, JSON Lines
keys); files carry the headers of their language (``--lang zh``: 户编号, 预警等级 …; ``--lang en``: the ids).
Labelled values (band, alert level, category) are written in the language of the run, as ordered
categories in typed formats: the order of :data:`BANDS`, :data:`ALERT_LEVELS` and :data:`CATEGORIES`.

>>> OUTPUT_COLUMNS[:3]
('household_id', 'region_code', 'as_of')
>>> HEADERS["zh"]["alert_level"], label("alert_level", "orange", "zh"), label("income_band", "near_line", "en")
('预警等级', '橙', 'near_line')
>>> CATEGORY_ZH["marginal"], ALERT_LEVEL_ZH["orange"]
('边缘易致贫户', '橙')
"""

from __future__ import annotations

from collections.abc import Mapping

from fanpin.arguments import checked_lang
from fanpin.errors import UnknownNameError, suggestions
from fanpin.model.household import MonitoringCategory
from fanpin.results.classify import ALERT_LEVELS

__all__ = [
    "ALERT_LEVELS",
    "ALERT_LEVEL_ZH",
    "BANDS",
    "CATEGORIES",
    "CATEGORY_ZH",
    "HEADERS",
    "LABELS",
    "LIST_COLUMNS",
    "OUTPUT_COLUMNS",
    "REJECTED_COLUMNS",
    "REJECTED_HEADERS",
    "header",
    "label",
    "labels",
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
    "codes",
    "measures",
    "plan",
    "explanation",
    "not_evaluable",
    "rulebook_version",
)
#: The columns that hold lists (typed formats) or ``;``-joined items (CSV): ids, labels or sentences.
LIST_COLUMNS = ("flags", "risk_types", "audit_findings", "codes", "measures", "plan", "explanation", "not_evaluable")
#: The errors file: every row that was not scored, with the file line it stood on.
REJECTED_COLUMNS = ("line", "household_id", "column", "value", "reason")

#: Each column's header, per language. English headers are the column ids.
HEADERS: dict[str, dict[str, str]] = {
    "zh": {
        "household_id": "户编号",
        "region_code": "行政区划代码",
        "as_of": "评估日期",
        "income_per_capita": "测算人均纯收入（元）",
        "income_band": "收入区间",
        "alert_level": "预警等级",
        "suggested_category": "建议监测类别",
        "flags": "触发规则",
        "risk_types": "风险类型",
        "audit_findings": "核查发现",
        "codes": "疑点代码",
        "measures": "帮扶措施编号",
        "plan": "帮扶计划（一户一策）",
        "explanation": "触发依据",
        "not_evaluable": "无法判断的规则（数据缺失）",
        "rulebook_version": "规则版本",
    },
    "en": {c: c for c in OUTPUT_COLUMNS},
}
#: The errors file's headers, per language.
REJECTED_HEADERS: dict[str, dict[str, str]] = {
    "zh": {"line": "行号", "household_id": "户编号", "column": "列", "value": "填报值", "reason": "原因"},
    "en": {c: c for c in REJECTED_COLUMNS},
}

#: The income bands, lowest first (see :mod:`fanpin.results.classify`).
BANDS = ("below_line", "near_line", "above_line", "far_above")
#: The monitoring categories, in the order the policy lists them.
CATEGORIES = tuple(str(c.value) for c in MonitoringCategory)

#: column → id → label, per language. English labels are the ids.
LABELS: dict[str, dict[str, dict[str, str]]] = {
    "zh": {
        "income_band": {
            "below_line": "低于监测范围",
            "near_line": "接近监测范围",
            "above_line": "高于监测范围",
            "far_above": "远高于监测范围",
        },
        "alert_level": {"none": "无", "yellow": "黄", "orange": "橙", "red": "红"},
        "suggested_category": {str(c.value): c.label for c in MonitoringCategory},
    },
    "en": {
        "income_band": {b: b for b in BANDS},
        "alert_level": {a: a for a in ALERT_LEVELS},
        "suggested_category": {c: c for c in CATEGORIES},
    },
}
#: The alert level as Chinese output writes it (the warning colours 红/橙/黄; 无 for none).
ALERT_LEVEL_ZH = LABELS["zh"]["alert_level"]
#: The suggested category's Chinese name: the household model's own label for it.
CATEGORY_ZH = LABELS["zh"]["suggested_category"]


def header(column: str, lang: str) -> str:
    """A scored column's header in ``lang`` (a passed-through input column keeps its own)."""
    return HEADERS[checked_lang(lang)].get(column, column)


def labels(column: str, lang: str) -> Mapping[str, str]:
    """id → label of a labelled column, in the order of its categories."""
    by_column = LABELS[checked_lang(lang)]
    if column not in by_column:
        raise _unknown("column", column, by_column)
    return by_column[column]


def label(column: str, value: str | None, lang: str) -> str | None:
    """One labelled value in ``lang`` (None stays None: unknown). A host calls it to show an assessment's
    ids (``red``) in a language: a column, value or language it has no label for is a fanpin error naming
    it and those it has (a bare KeyError before)."""
    try:
        return None if value is None else LABELS[lang][column][value]
    except (KeyError, TypeError):  # only a wrong argument gets here: checked on the way out, not on every call
        by_value = labels(column, lang)
        raise _unknown(f"{column} value", value, by_value) from None


def _unknown(what: str, name: object, known: Mapping[str, object]) -> UnknownNameError:
    """An :class:`~fanpin.errors.UnknownNameError` for a ``what`` that has no label, with the nearest ones."""
    text = name if isinstance(name, str) else repr(name)
    near = suggestions(text, known)
    return UnknownNameError(
        f"no labelled {what} {name!r}" + (f"; did you mean {', '.join(near)}?" if near else ""),
        name=text,
        suggestion=near[0] if near else "",
        fix=f"use one of {', '.join(known)}",
    )
