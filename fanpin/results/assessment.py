"""What an evaluation returns: flags with structured explanations, bands, level, category.

Explanations are data first. Each :class:`Comparison` says which fact (or term) was compared, its
value, the operator, the threshold and its value, and the parameters behind the threshold with their
sources; :mod:`fanpin.results.sentences` renders sentences from that data, last.

Every result is a frozen pydantic model, so a host application turns any of them into JSON
(``model_dump_json``) and publishes its JSON Schema (``model_json_schema``). Money is written as decimal
text (``"8700"``), dates as ``YYYY-MM-DD``.

>>> from decimal import Decimal
>>> Comparison(fact="income_per_capita", value=Decimal("7500"), operator="<", threshold="monitoring_line",
...     threshold_value=Decimal("8700"), unit="money", parameters=(), outcome="true").model_dump_json()
'{"fact":"income_per_capita","value":"7500","operator":"<","threshold":"monitoring_line","threshold_value":"8700","unit":"money","parameters":[],"outcome":"true"}'
"""

from __future__ import annotations

from contextlib import suppress
from datetime import date
from decimal import Decimal
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, field_serializer, model_validator

from fanpin.errors import ConfigError, UnknownNameError, suggestions

__all__ = ["Assessment", "Comparison", "Flag", "ParameterUse", "RuleTrace"]

Outcome = Literal["true", "false", "unknown"]
AlertLevel = Literal["red", "orange", "yellow", "none"]
Band = Literal["below_line", "near_line", "above_line", "far_above"]
Category = Literal["unstable_lifted", "marginal", "sudden_hardship"]


_set = object.__setattr__
#: Where an engine leaves the ids of its rulebook's rules on an :class:`Assessment` it made: an attribute
#: that is not a field, as a ``functools.cached_property`` keeps its value, so that it is neither dumped
#: nor compared (an assessment read back from JSON equals the one dumped) but is copied and pickled.
_RULE_IDS = "_rule_ids"
_new = object.__new__  # what a result model's own __new__ is (BaseModel defines none), without the lookup
#: BaseModel's slots, set through their descriptors (what ``object.__setattr__`` finds by name, at twice the cost).
_fields_set_of = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_extra_of = BaseModel.__dict__["__pydantic_extra__"].__set__
_private_of = BaseModel.__dict__["__pydantic_private__"].__set__
#: Per result model, its number of fields and the set of their names: the fields set of every instance built
#: with all of them, shared (pydantic copies a fields set before it changes one: ``model_copy``).
_EVERY: dict[type[BaseModel], tuple[int, set[str]]] = {}


class _Result(BaseModel):
    """A frozen result model that fanpin can also build from values it computed itself (:meth:`built`)."""

    model_config = ConfigDict(frozen=True)

    @classmethod
    def built(cls, **values: Any) -> Self:
        """An instance from values already of the field types, every field given, without validation:
        what ``model_construct`` does, at the cost of a dataclass. The per-household engine builds a
        flag and its comparisons for every fired rule of every household, so this is on its hot path
        (a test holds it equal to the validated instance)."""
        return cls.of(values)

    @classmethod
    def of(cls, values: dict[str, Any]) -> Self:
        """:meth:`built` from a dict of the values (which the instance then holds)."""
        obj = _new(cls)
        _set(obj, "__dict__", values)
        every = _EVERY.get(cls)
        if every is None:
            every = _EVERY[cls] = (len(cls.model_fields), set(cls.model_fields))
        _fields_set_of(obj, every[1] if len(values) == every[0] else set(values))
        _extra_of(obj, None)
        _private_of(obj, None)
        return obj


class ParameterUse(_Result):
    """A parameter a threshold was built from: its value for the household's region and date."""

    name: str
    label: str
    label_en: str = ""  # the label in English, when the parameter file gives one (else English shows the name)
    value: Decimal
    unit: str
    region: str
    effective: date
    source: str
    note: str = ""
    source_en: str = ""  # the source in English, when the parameter file gives one

    def shown_source(self, lang: str) -> str:
        """The source as a sentence in ``lang`` prints it."""
        return self.source_en or self.source if lang == "en" else self.source

    def shown_label(self, lang: str) -> str:
        """The parameter as a sentence in ``lang`` names it: its label, in English its ``label_en`` (its
        identifier when it has none)."""
        return self.label_en or self.name if lang == "en" else self.label


#: The units whose values are numbers (``Decimal``); the others' (text, month, date, bool) are text.
_NUMBER_UNITS = frozenset({"money", "plain"})


class Comparison(_Result):
    """One test of a rule's condition, as it was evaluated for this household."""

    fact: str
    value: Decimal | str | None
    operator: str
    threshold: str
    threshold_value: Decimal | str | None
    unit: str
    parameters: tuple[ParameterUse, ...]
    outcome: Outcome

    @field_serializer("value", "threshold_value", when_used="json")
    def _digits(self, value: Decimal | str | None) -> str | None:
        """A number as its digits, never with an exponent: a value told apart from its threshold by 8 or
        more places (:func:`fanpin.results.explanations.told_apart`) may be below 10^-6, which ``str``
        writes ``5E-8``; JSON has ``"0.00000005"``, as the batch engine writes it."""
        return format(value, "f") if isinstance(value, Decimal) else value

    @model_validator(mode="before")
    @classmethod
    def _typed_by_unit(cls, data: Any) -> Any:
        """The values as their unit says: a number's (money, plain) text as a ``Decimal``. A dump writes
        both kinds as text (``"9000"``, ``"2022-04"``): read back from Python values (``json.loads``) money
        stayed text, and read from JSON a text value of digits (贷款用途 ``"123"``) became a number, which
        pydantic's union picks by the input alone. Past this validator the values are Python's, so text
        stays text."""
        unit = data.get("unit") if isinstance(data, dict) else None
        if not isinstance(unit, str) or unit not in _NUMBER_UNITS:
            return data
        typed = dict(data)
        for key in ("value", "threshold_value"):
            value = typed.get(key)
            if isinstance(value, str):
                with suppress(ArithmeticError):  # not a number: left for the field's type to judge
                    typed[key] = Decimal(value)
        return typed


class Flag(_Result):
    """A rule that fired, with why."""

    rule_id: str
    title: str
    title_en: str
    level: Literal["red", "orange", "yellow", "info"]
    kind: str
    risk_type: str | None
    #: The risk type in English (the rulebook's ``risk_type_en`` for it); None when ``risk_type`` is.
    risk_type_en: str | None = None
    measures: tuple[str, ...]
    explanation: tuple[Comparison, ...]
    #: For a member-scope rule, the members it fired for: masked ID numbers (else 人编号, else
    #: ``#n``, the n-th member row of the household); empty for a household rule.
    members: tuple[str, ...] = ()
    #: For a data check (a rule with ``codes:``), its national codes whose population the household is in
    #: (:mod:`fanpin.results.codes`); empty for a rule without codes.
    codes: tuple[str, ...] = ()


class RuleTrace(_Result):
    """Every rule's outcome for one household (``fanpin explain``)."""

    rule_id: str
    title: str
    title_en: str
    outcome: Literal["fired", "not_fired", "not_evaluable"]
    comparisons: tuple[Comparison, ...]


class Assessment(_Result):
    """The result for one household."""

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

    @property
    def codes(self) -> tuple[str, ...]:
        """The national data-check codes of the fired rules (each once, in the order of the rules), only
        those whose population the household is in."""
        return tuple(dict.fromkeys(c for f in self.flags for c in f.codes))

    @classmethod
    def made(cls, values: dict[str, Any], rule_ids: frozenset[str]) -> Assessment:
        """:meth:`of`, by an engine whose rulebook's rules are ``rule_ids``: :meth:`flag` tells a rule that
        did not fire from an id that is no rule of them."""
        assessment = cls.of(values)
        assessment.__dict__[_RULE_IDS] = rule_ids
        return assessment

    def flag(self, rule_id: str) -> Flag | None:
        """The flag of rule ``rule_id``; None when that rule did not fire (or was not evaluable).

        An id that is no rule of the rulebook that made the assessment raises :class:`UnknownNameError`
        naming the closest ids, so that a misspelt check (``"income.below_lne"``) is not read as a rule
        that did not fire; so does a rule the rulebook leaves out (switched off by a county's ``disable:``).
        An assessment made by an engine (``Scorer.assess``, ``Engine.evaluate``) knows its rulebook's rules.
        One read back from JSON or built by hand (``model_validate``, ``model_construct``) knows only the
        rules of its ``trace`` when it has one (``trace=True``); without a trace it cannot tell, and gives
        None for every id that did not fire.
        """
        if not isinstance(rule_id, str):
            raise ConfigError(
                f"rule_id is {type(rule_id).__name__} {rule_id!r}, not a rule id",
                fix='pass the id as text, e.g. flag("income.below_line")',
            )
        found = next((f for f in self.flags if f.rule_id == rule_id), None)
        known: frozenset[str] | None = self.__dict__.get(_RULE_IDS)
        if known is None and self.trace:
            known = frozenset(t.rule_id for t in self.trace)
        if found is None and known is not None and rule_id not in known:
            raise _unknown_rule(rule_id, known)
        return found


def _unknown_rule(rule_id: str, known: frozenset[str]) -> UnknownNameError:
    """The error for a rule id the assessment's rulebook has no rule of, with the closest ids."""
    close = suggestions(rule_id, known)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    return UnknownNameError(
        f"no rule {rule_id!r} in the rulebook this assessment was made with{hint}",
        name=rule_id,
        suggestion=close[0] if close else "",
        fix=f"write {close[0]}" if close else "use the id of one of the rulebook's rules (Scorer.rulebook.rules)",
    )
