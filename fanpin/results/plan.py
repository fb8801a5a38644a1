"""The 一户一策 plan: what to do for one household, from its fired rules (一户一策).

The union of the measures of the fired rules, each once, ordered red → orange → yellow → info (then by
first appearance); development measures (``development: true``) only where the household has labour;
welfare measures (``welfare: true``) only where it has none or the 低保 band fired. Each planned measure
lists the rules it answers and its due date (``as_of`` + the measure's deadline).

:class:`Plan` is one household's plan as a host application receives it (:meth:`fanpin.Scorer.plan`): a
frozen pydantic model, so ``plan.model_dump_json()`` is its JSON.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from pydantic import BaseModel, ConfigDict

from fanpin._host import words_of
from fanpin.arguments import checked_flag, checked_lang
from fanpin.errors import ConfigError
from fanpin.model.household import Household
from fanpin.results.assessment import Assessment
from fanpin.results.classify import severity
from fanpin.results.sentences import PUNCTUATION, Lang
from fanpin.rulebook import Measure

__all__ = [
    "DIBAO_BAND_RULE",
    "Plan",
    "PlannedMeasure",
    "build_plan",
    "check_plannable",
    "department",
    "due_date",
    "has_labour",
    "measure_name",
    "plan_item",
    "plan_text",
]

DIBAO_BAND_RULE = "welfare.dibao_band"


def check_plannable(measures: Mapping[str, Measure], as_of: date) -> None:
    """Raises the :class:`~fanpin.errors.ConfigError` of :func:`due_date` when a plan made on ``as_of``
    could not date some measure (the one with the longest deadline): both engines check it before they
    evaluate anything, so that they refuse the same dates whatever the households."""
    if measures and as_of > _ALWAYS_PLANNABLE:
        due_date(as_of, max(measures.values(), key=lambda m: (m.deadline_days, m.id)))


#: The last evaluation date every measure can be dated from: a deadline is at most 366 days
#: (:class:`~fanpin.rulebook.schema.Measure`), so no plan made up to then is checked measure by measure.
_ALWAYS_PLANNABLE = date.max - timedelta(
    days=next(c.le for c in Measure.model_fields["deadline_days"].metadata if getattr(c, "le", None) is not None)
)


def due_date(as_of: date, measure: Measure) -> date:
    """When ``measure`` is due for a plan made on ``as_of``: its deadline in days later. A date past the
    last one Python's dates hold (9999-12-31) is a :class:`~fanpin.errors.ConfigError`, not an overflow."""
    try:
        return as_of + timedelta(days=measure.deadline_days)
    except OverflowError:
        raise ConfigError(
            f"measure {measure.id} is due {measure.deadline_days} days after {as_of.isoformat()}, "
            f"past {date.max.isoformat()}, the last date fanpin can write",
            fix="score with an earlier evaluation date (as_of=, --as-of on the command line)",
        ) from None


class PlannedMeasure(BaseModel):
    """One measure of a plan: the measure (its name, department and deadline), the fired rules it
    answers, and its due date."""

    model_config = ConfigDict(frozen=True)
    measure: Measure
    answers: tuple[str, ...]
    due: date


class Plan(BaseModel):
    """One household's 一户一策 plan on ``as_of``: its measures in plan order (:func:`build_plan`)."""

    model_config = ConfigDict(frozen=True)
    household_id: str
    region_code: str
    as_of: date
    measures: tuple[PlannedMeasure, ...]

    def text(self, lang: Lang = "zh") -> str:
        """The plan as the ``plan`` column writes it: each measure, its department and due date."""
        return plan_text(self.measures, checked_lang(lang))


def has_labour(household: Household) -> bool | None:
    """As the rules' ``has_labour`` reads it: the labour count decides when known (a contradicting
    整户无劳动能力 flag is the data check ``data.labour_contradiction``); else the flag; else unknown."""
    if household.labor_count is not None:
        return household.labor_count > 0
    if household.no_labor_household:
        return False
    return None


def build_plan(
    assessment: Assessment, measures: Mapping[str, Measure], *, has_labour: bool | None, command: bool = False
) -> tuple[PlannedMeasure, ...]:
    """``has_labour``: True / False / None (unknown: development measures are kept, welfare is not).

    A date on which some measure could not be dated is refused whatever the household needs
    (:func:`check_plannable`), as the batch engine refuses it, its fix naming ``as_of=``; ``command``: the plan is
    the command's (``fanpin explain``, ``fanpin score``), whose fix names ``--as-of`` too, as
    :func:`fanpin.load_rulebook`'s ``command`` does."""
    with words_of(checked_flag("command", command)):
        return _planned(assessment, measures, has_labour)


def _planned(
    assessment: Assessment, measures: Mapping[str, Measure], has_labour: bool | None
) -> tuple[PlannedMeasure, ...]:
    check_plannable(measures, assessment.as_of)
    answers: dict[str, list[str]] = {}
    flags = sorted(assessment.flags, key=lambda f: -severity(f.level))
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
        PlannedMeasure(measure=measures[m], answers=tuple(rules), due=due_date(assessment.as_of, measures[m]))
        for m, rules in answers.items()
    )


def measure_name(measure: Measure, lang: Lang = "zh") -> str:
    """The measure's name in ``lang``."""
    return measure.name if lang == "zh" else measure.name_en


def department(measure: Measure, lang: Lang = "zh") -> str:
    """The department responsible for the measure, in ``lang``."""
    return measure.department if lang == "zh" else measure.department_en


def plan_item(measure: Measure, due: date, lang: Lang = "zh") -> str:
    """One planned measure: ``纳入农村低保（民政局，2025-07-15前）``."""
    if lang == "zh":
        return f"{measure.name}（{measure.department}，{due.isoformat()}前）"
    return f"{measure.name_en} ({measure.department_en}, by {due.isoformat()})"


def plan_text(plan: tuple[PlannedMeasure, ...], lang: Lang = "zh") -> str:
    """The plan's items joined, in plan order."""
    return PUNCTUATION[lang].flags.join(plan_item(p.measure, p.due, lang) for p in plan)
