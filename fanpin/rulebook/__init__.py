"""Rule, parameter and measure files: their format (:mod:`~fanpin.rulebook.schema`) and how a stack of
rules folders is loaded, checked and versioned (:mod:`~fanpin.rulebook.loader`)."""

from fanpin.rulebook.loader import Rule, Rulebook, load_rulebook, reference_rules_dir
from fanpin.rulebook.schema import Case, CaseDefaults, Level, Measure, RuleKind, RulesFile, RuleSpec

__all__ = [
    "Case",
    "CaseDefaults",
    "Level",
    "Measure",
    "Rule",
    "RuleKind",
    "RuleSpec",
    "Rulebook",
    "RulesFile",
    "load_rulebook",
    "reference_rules_dir",
]
