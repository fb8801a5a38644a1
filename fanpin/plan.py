"""The 一户一策 plan: what to do for one household, from its fired rules (contract §6).

The union of the measures of the fired rules, each once, ordered red → orange → yellow → info (then by
first appearance); development measures (``development: true``) only where the household has labour;
welfare measures (``welfare: true``) only where it has none or the 低保 band fired. Each planned measure
lists the rules it answers and its due date (``as_of`` + the measure's deadline).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from fanpin.assessment import Assessment
from fanpin.explain import PUNCTUATION, Lang
from fanpin.rulebook import Measure

__all__ = ["DIBAO_BAND_RULE", "ORDER", "PlannedMeasure", "build_plan", "plan_item", "plan_text"]

ORDER = {"red": 0, "orange": 1, "yellow": 2, "info": 3}
DIBAO_BAND_RULE = "welfare.dibao_band"


@dataclass(frozen=True)
class PlannedMeasure:
    measure: Measure
    answers: tuple[str, ...]
    due: date


def build_plan(
    assessment: Assessment, measures: Mapping[str, Measure], *, has_labour: bool | None
) -> tuple[PlannedMeasure, ...]:
    """``has_labour``: True / False / None (unknown: development measures are kept, welfare is not)."""
    answers: dict[str, list[str]] = {}
    flags = sorted(assessment.flags, key=lambda f: ORDER[f.level])
    welfare_allowed = has_labour is False or any(f.rule_id == DIBAO_BAND_RULE for f in assessment.flags)
    for flag in flags:
        for measure_id in flag.measures:
            measure = measures[measure_id]
            if measure.development and has_labour is False:
                continue
            if measure.welfare and not welfare_allowed:
                continue
            answers.setdefault(measure_id, []).append(flag.rule_id)
    return tuple(
        PlannedMeasure(measures[m], tuple(rules), assessment.as_of + timedelta(days=measures[m].deadline_days))
        for m, rules in answers.items()
    )


def plan_item(measure: Measure, due: date, lang: Lang = "zh") -> str:
    """One planned measure: ``纳入农村低保（民政局，2025-07-15前）``."""
    if lang == "zh":
        return f"{measure.name}（{measure.department}，{due.isoformat()}前）"
    return f"{measure.name_en} ({measure.department}, by {due.isoformat()})"


def plan_text(plan: tuple[PlannedMeasure, ...], lang: Lang = "zh") -> str:
    """The plan's items joined, in plan order."""
    return PUNCTUATION[lang].flags.join(plan_item(p.measure, p.due, lang) for p in plan)
