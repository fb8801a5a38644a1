"""The rule-file format: what a YAML file in a rules folder may hold, as pydantic models.

A file may have any of the top-level sections ``rules``, ``parameters``, ``conditions``, ``measures``,
``disable`` and ``case_defaults`` (:class:`RulesFile`). Loading (:mod:`fanpin.rulebook.loader`) validates
each file against these models before anything else reads it.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator

from fanpin.model.member import Member
from fanpin.model.parameters import ParameterSpec, case_region
from fanpin.rulebook._yaml import CHECK_CODE_PATTERN

__all__ = [
    "Case",
    "CaseDefaults",
    "Level",
    "Measure",
    "NamedCondition",
    "Population",
    "RuleId",
    "RuleKind",
    "RuleSpec",
    "RulesFile",
    "Text",
]

Level = Literal["red", "orange", "yellow", "info"]
#: Whom a data check's code is raised for.
Population = Literal["脱贫户", "监测对象", "全部"]
RuleKind = Literal["risk", "candidate", "watch", "eligibility", "audit", "advice"]
RuleId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")]


def _trimmed(value: str) -> str:
    """A text printed inside a sentence (a title, a measure's name or department): the spaces around it
    dropped (a full-width one, U+3000, is invisible in an editor and was printed as 走访（　乡村振兴局　，…）),
    and refused when nothing else is left."""
    trimmed = value.strip()
    if not trimmed:
        raise ValueError("is blank")
    return trimmed


#: A text printed inside a sentence (:func:`_trimmed`).
Printed = Annotated[str, AfterValidator(_trimmed)]


class Text(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    zh: Printed = Field(min_length=1)
    en: Printed = Field(min_length=1)


class Case(BaseModel):
    """One example a rule carries: facts (natural units; unlisted = unknown), the household's members
    when its rule reads them (each a person row: English names or the export's Chinese headers; none
    given = the members are unknown), and the expected outcome."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str = Field(min_length=1)
    facts: dict[str, Any] = Field(default_factory=dict)
    members: tuple[dict[str, Any], ...] | None = None
    region: Annotated[str, AfterValidator(case_region)] | None = None
    as_of: date | None = None
    expect: Literal["fires", "silent", "not_evaluable"]

    def member_models(self) -> tuple[Member, ...] | None:
        """The case's members as :class:`~fanpin.model.member.Member` (None: not given)."""
        if self.members is None:
            return None
        return tuple(Member.model_validate({"household_id": self.name, **m}) for m in self.members)


class RuleSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: RuleId
    #: a data check's original code(s) in the national checkers (``1_02_006``), each with the population
    #: it is raised for: 脱贫户, 监测对象 or 全部. The condition states the population (``household_type ==
    #: "脱贫户" or monitored``); a finding names the codes whose population the household is in.
    codes: dict[Annotated[str, StringConstraints(pattern=CHECK_CODE_PATTERN)], Population] = Field(default_factory=dict)
    title: Text
    level: Level
    kind: RuleKind
    risk_type: str | None = None
    #: ``household`` (the default): ``when`` reads household facts. ``member``: ``when`` is a member
    #: condition, and the rule fires for each member it holds for (findings name the members).
    scope: Literal["household", "member"] = "household"
    #: The risk type in English; may be left out when another rule (a reference rule) names the same risk type.
    risk_type_en: str | None = None
    when: str = Field(min_length=1)
    measures: tuple[str, ...] = ()
    basis: str = Field(min_length=1, description="policy basis, or the note that no official figure exists")
    cases: tuple[Case, ...] = Field(min_length=3)

    @model_validator(mode="after")
    def _planned(self) -> RuleSpec:
        """A rule of level yellow or above plans at least one measure: the household it fires for is at risk,
        and its plan (一户一策) would otherwise be empty for it."""
        if self.level != "info" and not self.measures:
            raise ValueError(f"a rule of level {self.level} names no measure: its households would have no plan")
        return self


class Measure(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: RuleId
    name: Printed = Field(min_length=1)
    name_en: Printed = Field(min_length=1)
    family: Printed = Field(min_length=1)
    department: Printed = Field(min_length=1)
    department_en: Printed = Field(min_length=1)
    deadline_days: int = Field(ge=1, le=366)
    development: bool = False
    welfare: bool = False

    @model_validator(mode="after")
    def _development_or_welfare(self) -> Measure:
        """A measure is 开发式 (development) or 兜底 (welfare), or neither: the plan drops a development measure
        for a household without labour and keeps a welfare one only for such a household (or one in the 低保
        band), so one marked both was dropped or kept by two contradicting tests."""
        if self.development and self.welfare:
            raise ValueError("a measure is development (开发式) or welfare (兜底), not both")
        return self


class NamedCondition(BaseModel):
    """A reusable condition: rules (and other named conditions) use it by name."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    label: str = Field(min_length=1)
    when: str = Field(min_length=1)


class CaseDefaults(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    region: Annotated[str, AfterValidator(case_region)]
    as_of: date


class RulesFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    rules: tuple[RuleSpec, ...] = ()
    parameters: dict[str, ParameterSpec] = Field(default_factory=dict)
    conditions: dict[Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")], NamedCondition] = Field(
        default_factory=dict
    )
    measures: tuple[Measure, ...] = ()
    disable: tuple[str, ...] = ()
    case_defaults: CaseDefaults | None = None
