"""What an evaluation means, whichever engine made it: the result types, the income band, alert level
and category, the 一户一策 plan, structured explanations, and the sentences rendered from them."""

from fanpin.results import sentences
from fanpin.results.assessment import Assessment, Comparison, Flag, ParameterUse, RuleTrace
from fanpin.results.plan import Plan, PlannedMeasure, build_plan, has_labour

__all__ = [
    "Assessment",
    "Comparison",
    "Flag",
    "ParameterUse",
    "Plan",
    "PlannedMeasure",
    "RuleTrace",
    "build_plan",
    "has_labour",
    "sentences",
]
