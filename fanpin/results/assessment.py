"""What an evaluation returns: flags with structured explanations, bands, level, category.

Explanations are data first (plain frozen dataclasses: they are built for every fired rule of every
household, so they must be cheap). Each :class:`Comparison` says which fact (or term) was compared, its
value, the operator, the threshold and its value, and the parameters behind the threshold with their
sources; :mod:`fanpin.results.sentences` renders sentences from that data, last.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict

__all__ = ["Assessment", "Comparison", "Flag", "ParameterUse", "RuleTrace"]

Outcome = Literal["true", "false", "unknown"]
AlertLevel = Literal["red", "orange", "yellow", "none"]
Band = Literal["below_line", "near_line", "above_line", "far_above"]
Category = Literal["unstable_lifted", "marginal", "sudden_hardship"]


@dataclass(frozen=True, slots=True)
class ParameterUse:
    """A parameter a threshold was built from: its value for the household's region and date."""

    name: str
    label: str
    value: Decimal
    unit: str
    region: str
    effective: date
    source: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Comparison:
    """One test of a rule's condition, as it was evaluated for this household."""

    fact: str
    value: Decimal | str | None
    operator: str
    threshold: str
    threshold_value: Decimal | str | None
    unit: str
    parameters: tuple[ParameterUse, ...]
    outcome: Outcome


@dataclass(frozen=True, slots=True)
class Flag:
    """A rule that fired, with why."""

    rule_id: str
    title: str
    title_en: str
    level: Literal["red", "orange", "yellow", "info"]
    kind: str
    risk_type: str | None
    measures: tuple[str, ...]
    explanation: tuple[Comparison, ...]
    #: For a member-scope rule, the members it fired for: masked ID numbers (else 人编号, else
    #: ``#n``, the n-th member row of the household); empty for a household rule.
    members: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RuleTrace:
    """Every rule's outcome for one household (``fanpin explain``)."""

    rule_id: str
    title: str
    title_en: str
    outcome: Literal["fired", "not_fired", "not_evaluable"]
    comparisons: tuple[Comparison, ...]


class Assessment(BaseModel):
    """The result for one household."""

    model_config = ConfigDict(frozen=True)
    household_id: str
    region_code: str
    as_of: date
    income_per_capita: Decimal | None
    income_band: Band | None
    alert_level: AlertLevel
    suggested_category: Category | None
    flags: tuple[Flag, ...]
    not_evaluable: tuple[str, ...]
    rulebook_version: str
    trace: tuple[RuleTrace, ...] = ()

    @property
    def flag_ids(self) -> tuple[str, ...]:
        return tuple(f.rule_id for f in self.flags)

    def flag(self, rule_id: str) -> Flag | None:
        return next((f for f in self.flags if f.rule_id == rule_id), None)
