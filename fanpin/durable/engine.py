"""The per-household engine: the rulebook compiled to durable-rules, one household at a time.

Each rule's condition is compiled (:mod:`fanpin.durable.compiler`) into the engine rules that make it *true* under
three-valued (Kleene) logic; a rule is *fired* when one of them matches. A rule that did not fire is
*not evaluable* when Kleene's logic over its tests gives unknown — checked in Python, and only for the
rules that read a fact or term this household lacks (trap 11 of :mod:`fanpin.durable._adapter`: fanpin
decides "not evaluable" itself, since durable-rules' comparisons are loose). So ``no_labor_household or
labor_count == 0`` fires for a no-labour household even when its labour count is unknown. Thresholds
depend on the region and date, so one set of durable rulesets is compiled per distinct set of
threshold values.

>>> from datetime import date
>>> from fanpin import Engine, Household, load_rulebook
>>> engine = Engine(load_rulebook())
>>> h = Household.model_validate({"户编号": "H1", "行政区划代码": "532328", "户类型": "脱贫户",
...     "家庭人口数": 4, "工资性收入": 20000, "生产经营性收入": 8000, "财产性收入": 0, "转移性收入": 2000})
>>> engine.evaluate(h, as_of=date(2025, 6, 30)).flag_ids
('audit.missed', 'income.below_line', 'welfare.dibao_edge_band')
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from fanpin._kept import Kept
from fanpin.arguments import checked_date, checked_flag, checked_region, checked_rulebook
from fanpin.durable._adapter import MAX_PROPERTIES, MAX_RULES, CompiledRuleset, DurableEngine
from fanpin.durable.compiler import JSON, MAX_CONJUNCTIONS, Compiler, Dnf, TooLargeError, to_json
from fanpin.durable.facts import FactReader
from fanpin.errors import ConfigError, Location
from fanpin.lang.lowering import Evaluator, Slots, compile_term, compile_terms, engine_number, fold
from fanpin.lang.members import household_facts_read, member_facts_read, natural_aggregates
from fanpin.lang.tree import Condition, Term, facts_of
from fanpin.masking import kept_keys, shown_key
from fanpin.model.facts import FACTS, checked_natural, encode_all, set_facts
from fanpin.model.household import Household
from fanpin.model.member import Member
from fanpin.model.member_facts import label_of, member_reference, member_row
from fanpin.model.parameters import ResolvedParameter
from fanpin.results import classify
from fanpin.results.assessment import Assessment, Band, Flag, ParameterUse, RuleTrace
from fanpin.results.codes import POPULATION_FACTS, flag_codes
from fanpin.results.explanations import VARIES, RuleExplainer, Varies, parameter_uses
from fanpin.rulebook import Rulebook

__all__ = ["Engine"]


@dataclass(frozen=True)
class _Variant:
    """The compiled engine for one set of threshold values."""

    durable: DurableEngine
    #: Engine rule name → index of the condition it is one conjunction of.
    rule_of: dict[str, int]


#: Households a condition set (or one region and date of it) evaluates before its conditions and computed
#: terms are compiled from generated source: compiling costs about 25 ms for the reference rules and
#: saves about 20 µs a household, so a fresh engine answers its first calls without it.
WARM = 1000


class _Bound:
    """A :class:`_ConditionSet` for one region and date: threshold values, computed terms, engine."""

    def __init__(
        self,
        thresholds: dict[str, int | float],
        terms: list[tuple[str, Term]],
        params: Mapping[str, ResolvedParameter],
        as_of: date,
        variant: _Variant,
    ) -> None:
        self.thresholds = thresholds
        self.variant = variant
        self._terms, self._params, self._as_of = terms, params, as_of
        #: Sets each computed term that is known into a message: :func:`compile_term`'s closures, then
        #: (after :data:`WARM` messages) the same written out (:func:`compile_terms`).
        self.computed = _by_closures([(slot, compile_term(term, params, as_of)) for slot, term in terms])
        self.messages = 0
        self.warmed = False

    def warm(self) -> None:
        self.warmed = True  # first: a second thread does not compile again
        # A term too deep for Python's compiler (nested parentheses) keeps its closures, which answer the same.
        with contextlib.suppress(SyntaxError, RecursionError, MemoryError):
            self.computed = compile_terms(self._terms, self._params, self._as_of)


def _by_closures(evaluators: list[tuple[str, Evaluator]]) -> Callable[[dict[str, Any]], None]:
    def compute(m: dict[str, Any]) -> None:
        for slot, evaluate in evaluators:
            value = evaluate(m)
            if value is not None:
                m[slot] = value

    return compute


#: A condition set's engine rules for one set of threshold values (:meth:`_ConditionSet._definitions`).
_Definitions = tuple[list[tuple[str, JSON, frozenset[str]]], dict[str, int]]


class _Compiled:
    """What a :class:`_ConditionSet` compiles from its conditions alone, the same for every engine made on
    them: their slots, the conditions that never hold, what each reads, their explainers as made, and the
    engine rules per set of threshold values. Expanding the conditions to their true forms had been most
    of what a fresh engine cost (12 ms of CPU with its first household for the reference rules, 76 ms with
    the data checks; 4 and 35 ms shared), paid again by every ``fanpin score --engine durable``, ``fanpin
    check`` and host that makes an engine per call. What an engine changes as it runs (its copies of the
    explainers, compiled after :data:`WARM` households, its durable-rules sessions) stays its own."""

    def __init__(self, made_for: _ConditionSet) -> None:
        self.conditions = made_for.conditions  # held: the ids that key them (:data:`_COMPILED`) stay theirs
        self.slots = Slots.for_conditions(self.conditions)
        symbolic = Compiler(self.slots)
        self.never = [i for i in range(len(self.conditions)) if not made_for.true(symbolic, i)]
        # The engine properties each condition reads that may be absent: facts, computed terms, and the
        # thresholds it compares with (absent where a parameter has no value for the region and date).
        self.needs = [symbolic.reads(c) | self.slots.thresholds_of(c) for c in self.conditions]
        #: The explainers each engine copies (:meth:`RuleExplainer.fresh`), never compiled themselves.
        self.explainers = [RuleExplainer(c, self.slots) for c in self.conditions]
        #: The engine rules by threshold values (a county's villages share a few sets; a host's dates more).
        self.variants: Kept[_Definitions] = Kept(8)


#: The compiled condition sets of the last rulebooks' engines, by the conditions' identity and names
#: (:func:`fanpin.load_rulebook` gives each caller a rulebook sharing the rules of files read again unchanged).
_COMPILED: Kept[_Compiled] = Kept(8)


class _ConditionSet:
    """Conditions compiled to durable-rules: each one's *true* form (:mod:`fanpin.durable.compiler`) as
    engine rules, one engine per distinct set of threshold values. The household rules are one set, the
    member conditions of ``any(members, …)`` and its kin another."""

    def __init__(self, conditions: Sequence[Condition], names: Sequence[tuple[str, Location | None]]) -> None:
        self.conditions = list(conditions)
        self.names = list(names)
        key = (tuple(id(c) for c in self.conditions), tuple(self.names))
        self._compiled = _COMPILED.get(key, lambda: _Compiled(self))
        self.slots, self.never, self.needs = self._compiled.slots, self._compiled.never, self._compiled.needs
        self.explainers = [e.fresh() for e in self._compiled.explainers]
        self.all_needs: frozenset[str] = frozenset().union(*self.needs)
        self._plan_unknown()
        self._evaluations = 0
        self.warmed = False
        self._variants: dict[tuple[tuple[str, int | float], ...], _Variant] = {}

    def true(self, compiler: Compiler, index: int) -> Dnf:
        """The conjunctions that make condition ``index`` true; a :class:`ConfigError` naming it when it
        expands past :data:`MAX_CONJUNCTIONS`."""
        try:
            return compiler.true(self.conditions[index])
        except TooLargeError:
            name, location = self.names[index]
            raise ConfigError(
                f"{name} expands to more than {MAX_CONJUNCTIONS} alternatives for the engine",
                fix="split it into simpler rules or named conditions with fewer nested 'or'",
                location=location,
            ) from None

    def bind(self, params: Mapping[str, ResolvedParameter], as_of: date) -> _Bound:
        # A parameter with no value here, or a division by zero, leaves a threshold unknown: it is
        # absent from the facts, the tests that read it are unknown, and so are their conditions.
        thresholds: dict[str, int | float] = {}
        for term, slot in self.slots.thresholds.items():
            value = fold(term, params)
            if value is not None:
                thresholds[slot] = engine_number(value)
        terms = [(slot, term) for term, slot in self.slots.computed.items()]
        return _Bound(thresholds, terms, params, as_of, self._variant(thresholds))

    def _variant(self, thresholds: dict[str, int | float]) -> _Variant:
        key = tuple(sorted(thresholds.items()))
        variant = self._variants.get(key)
        if variant is None:
            definitions, rule_of = self._compiled.variants.get(key, lambda: self._definitions(thresholds))
            durable = DurableEngine(
                [
                    CompiledRuleset({n: d for n, d, _ in c}, set().union(*(p for _, _, p in c)))
                    for c in _chunks(definitions)
                ]
            )
            variant = self._variants[key] = _Variant(durable, rule_of)
        return variant

    def _definitions(self, thresholds: dict[str, int | float]) -> _Definitions:
        """The engine rules of the conditions with ``thresholds`` written in: each conjunction of each one's true
        form a rule, named ``r{condition}.{conjunction}``; and each rule's condition by its name."""
        compiler = Compiler(self.slots, thresholds)
        definitions: list[tuple[str, JSON, frozenset[str]]] = []
        rule_of: dict[str, int] = {}
        for index, condition in enumerate(self.conditions):
            props = compiler.reads(condition)
            true = self.true(compiler, index)
            for j, conjunction in enumerate(sorted(true, key=lambda c: sorted(map(repr, c)))):
                name = f"r{index}.{j}"
                rule_of[name] = index
                definitions.append((name, {"all": [{"m": to_json(conjunction)}]}, props))
        return definitions, rule_of

    def message(self, encoded: dict[str, Any], bound: _Bound) -> dict[str, Any]:
        """The fact asserted: encoded facts, thresholds and computed terms."""
        encoded.update(bound.thresholds)
        bound.computed(encoded)
        bound.messages += 1  # may miss a count under threads: it only decides when to compile
        if bound.messages >= WARM and not bound.warmed:
            bound.warm()
        return encoded

    def outcomes(self, message: Mapping[str, Any], bound: _Bound) -> tuple[set[int], set[int]]:
        """(fired, not evaluable): the indexes of the conditions true, and of those unknown."""
        variant = bound.variant
        fired = {variant.rule_of[name] for name in variant.durable.evaluate(message)}
        # Not fired: false, or not evaluable. A condition whose every input is known is never unknown; for
        # the others, Kleene's logic over the tests' outcomes decides (trap 11: "not evaluable" is
        # decided by fanpin, never by durable-rules' loose comparisons).
        unknown = self._unknown(message, fired, self.all_needs.difference(message))
        self._evaluations += 1  # as for _Bound.messages
        if self._evaluations >= WARM and not self.warmed:
            self.warm()
        return fired, unknown

    def warm(self) -> None:
        """Compile the conditions' logic from generated source (:meth:`RuleExplainer.compile`)."""
        self.warmed = True  # first: a second thread does not compile again
        for explainer in self.explainers:
            explainer.compile()
        self._plan_unknown()

    def _plan_unknown(self) -> None:
        """The not-evaluable decision over each condition's current Kleene decider (:attr:`deciders`:
        :class:`RuleExplainer`'s closures, then its generated source once :meth:`warm`)."""
        self.deciders = [e.decide for e in self.explainers]
        self._unknown = _unknown_function(self.needs, self.explainers, self.deciders)


def _chunks(definitions: list[tuple[str, JSON, frozenset[str]]]) -> list[list[tuple[str, JSON, frozenset[str]]]]:
    """The engine rules in rulesets of at most :data:`MAX_RULES` rules reading at most :data:`MAX_PROPERTIES`
    properties together (traps 8 and 13), in order: 300 county rules of two computed terms each read 600,
    and cut by rules alone the first ruleset was refused (a durable fact holds at most 251 properties)."""
    chunks: list[list[tuple[str, JSON, frozenset[str]]]] = []
    current: list[tuple[str, JSON, frozenset[str]]] = []
    read: frozenset[str] = frozenset()
    for definition in definitions:
        together = read | definition[2]
        if current and (len(current) >= MAX_RULES or len(together) > MAX_PROPERTIES):
            chunks.append(current)
            current, together = [], definition[2]
        current.append(definition)
        read = together
    return [*chunks, current] if current else chunks


#: The region codes, and the parameter scopes, whose programs an :class:`Engine` keeps per date, at most (then
#: made again).
_PROGRAMS_KEPT = 4096
#: Per set of absent properties: the conditions it makes unknown, and those left to decide with their deciders.
_Plan = tuple[set[int], tuple[tuple[int, Callable[[Mapping[str, Any]], bool | None]], ...]]
#: The sets of absent properties whose plan :func:`_unknown_function` keeps, at most (then made again).
_ABSENT_SETS = 4096


def _unknown_function(
    needs: Sequence[frozenset[str]],
    explainers: Sequence[RuleExplainer],
    deciders: Sequence[Callable[[Mapping[str, Any]], bool | None]],
) -> Callable[[Mapping[str, Any], set[int], frozenset[str]], set[int]]:
    """``unknown(message, fired, absent)``: the indexes of the conditions that did not fire, read a
    property absent from the message, and are unknown by Kleene's logic (``deciders``, one per condition).

    Which conditions read an absent property, and which of them the absence alone decides (a test of an
    absent fact is unknown, so ``dropout`` alone is; ``a and b`` with ``b`` absent is false or unknown
    as ``a`` is: :meth:`RuleExplainer.without`), depends on the set of absent properties only, which
    households share few of (the facts their files leave empty). That plan is made once per set (at most
    :data:`_ABSENT_SETS` kept); only the conditions it leaves open are decided on the message. Every
    condition had been tested for every household, and a third of those read were decided by absence.
    """
    # What absence decides of a condition depends only on which of the slots its tests compare are absent
    # (RuleExplainer.slots_read): each condition remembers its answer per such part, which the hundreds of
    # sets of absent properties of a county's file share, so that a new set's plan is made of look-ups
    # rather than a walk of every condition's tests.
    answers: list[dict[frozenset[str], bool | Varies | None]] = [{} for _ in needs]
    conditions = [
        (i, reads, e.slots_read, e, decide, answers[i])
        for i, reads, e, decide in zip(range(len(needs)), needs, explainers, deciders, strict=True)
    ]
    plans: dict[frozenset[str], _Plan] = {}

    def planned(absent: frozenset[str]) -> _Plan:
        unknown, open_ = [], []
        for i, reads, compared, explainer, decide, decided in conditions:
            if not reads.isdisjoint(absent):
                key = compared & absent
                outcome = decided.get(key, decided)
                if outcome is decided:
                    outcome = explainer.without(key)
                    if len(decided) >= _ABSENT_SETS:
                        decided.clear()
                    decided[key] = outcome
                if outcome is None:
                    unknown.append(i)
                elif outcome is VARIES:
                    open_.append((i, decide))
        if len(plans) >= _ABSENT_SETS:
            plans.clear()
        plan = plans[absent] = (set(unknown), tuple(open_))  # a set: sure - fired is one too
        return plan

    def unknown(m: Mapping[str, Any], fired: set[int], absent: frozenset[str]) -> set[int]:
        sure, open_ = plans.get(absent) or planned(absent)
        out = sure - fired  # a new set
        for i, decide in open_:
            if i not in fired and decide(m) is None:
                out.add(i)
        return out

    return unknown


@dataclass(frozen=True)
class _RegionProgram:
    """Everything that depends on the region and date only: parameters, the parameter uses
    explanations cite, and the rule and member condition sets bound to them."""

    params: dict[str, ResolvedParameter]
    uses: dict[str, ParameterUse]
    rules: _Bound
    members: _Bound | None
    #: The income band edges (:func:`~fanpin.results.classify.band_edges`); None when a band parameter
    #: has no value here (every band is then unknown).
    edges: tuple[Decimal, Decimal, Decimal] | None


def _check_members(members: object) -> None:
    """A :class:`ConfigError` unless ``members`` is None or a list of :class:`Member`: a member's dict of cells,
    or one text, had stopped inside the engine with an ``AttributeError``."""
    if members is None:
        return
    if isinstance(members, str | bytes | Mapping) or not isinstance(members, Sequence):
        raise ConfigError(
            f"members is {type(members).__name__}, not a list of Member",
            fix="pass members=[Member.model_validate(row) …] (fanpin.model.Member), or leave it out",
        )
    odd = next(((i, m) for i, m in enumerate(members) if not isinstance(m, Member)), None)
    if odd is not None:
        raise ConfigError(
            f"members[{odd[0]}] is {type(odd[1]).__name__}, not a Member",
            fix="make each member with Member.model_validate(row) (fanpin.model.Member: the export's headers as keys)",
        )


class Engine:
    """Evaluates households against a :class:`~fanpin.Rulebook` through durable-rules.

    Thread-safe (calls into durable-rules are serialised); memory stays flat over any number of calls.
    A household's members (``any(members, …)`` and its kin, :mod:`fanpin.lang.members`) are evaluated
    first, each member in its own session of the member conditions' engine; their combined values are
    household facts the rules then read.
    """

    def __init__(self, rulebook: Rulebook) -> None:
        self.rulebook = rulebook = checked_rulebook("Engine", rulebook)
        self._rules = list(rulebook.rules.values())
        self._set = _ConditionSet(
            [r.condition for r in self._rules], [(f"rule {r.id}", r.location) for r in self._rules]
        )
        self._params_needed = rulebook.params_needed() | set(classify.BAND_PARAMETERS)
        self._ids = [r.id for r in self._rules]
        self._known = frozenset(self._ids)  # what an Assessment checks the ids given to its flag() against
        self._severity = [classify.severity(r.spec.level) for r in self._rules]
        self._never = [self._ids[i] for i in self._set.never]
        # Per rule, what its flag is built from besides the household, looked up once (not for every
        # flag): what the flag says of its rule, its explainer, the member aggregate it fires for, its codes.
        self._flag_parts: list[tuple[dict[str, Any], RuleExplainer, str | None, Mapping[str, str]]] = [
            (
                {
                    "rule_id": r.spec.id,
                    "title": r.spec.title.zh,
                    "title_en": r.spec.title.en,
                    "level": r.spec.level,
                    "kind": r.spec.kind,
                    "risk_type": r.spec.risk_type,
                    "risk_type_en": rulebook.risk_types.get(r.spec.risk_type) if r.spec.risk_type else None,
                    "measures": r.spec.measures,
                },
                explainer,
                r.member_aggregate,
                r.spec.codes,
            )
            for r, explainer in zip(self._rules, self._set.explainers, strict=True)
        ]
        self._programs: dict[tuple[str, date], _RegionProgram] = {}
        #: The programs by parameter scope and date (:meth:`_program`).
        self._scoped: dict[tuple[str, date], _RegionProgram] = {}
        self._aggregates = [a for a in rulebook.aggregates if a.condition is not None]
        self._member_set = (
            _ConditionSet(
                [a.condition for a in self._aggregates if a.condition is not None],
                [(f"member condition {a.text!r}", None) for a in self._aggregates],
            )
            if self._aggregates
            else None
        )
        reads = [a.condition for a in self._aggregates if a.condition is not None]
        self._household_reads = frozenset().union(*(household_facts_read(c) for c in reads))
        self._label_facts = frozenset(n for c in reads for n in member_facts_read(c) if label_of(n) is not None)
        # The household facts any condition reads: the only ones taken off a household.
        # A data check's codes are named by the household's population (fanpin.results.codes).
        coded = set(POPULATION_FACTS) if any(r.spec.codes for r in self._rules) else set()
        self._reader = FactReader(
            set().union(*(facts_of(r.condition) for r in self._rules)) | self._household_reads | coded
        )

    def rules_that_never_fire(self) -> list[str]:
        """Rules whose condition is a contradiction (e.g. ``x < 3 and x >= 3``)."""
        return list(self._never)

    # ---- evaluation ---------------------------------------------------------------------------

    def evaluate(
        self, household: Household, *, as_of: date, region: str | None = None, trace: bool = False
    ) -> Assessment:
        """Evaluate one household on ``as_of``. ``region`` is used when the household has no region code."""
        as_of, region, trace = checked_date(as_of), checked_region(region), checked_flag("trace", trace)
        if not isinstance(household, Household):
            raise ConfigError(
                f"Engine.evaluate takes a Household, not {type(household).__name__}",
                fix="Household.model_validate(record) makes one (Scorer.assess takes the record itself); "
                "evaluate_facts takes facts",
            )
        code = household.region_code or region
        if not code:
            raise ConfigError(
                f"household {shown_key(household.household_id)} has no 行政区划代码 (region_code)",
                fix="add the column, or pass region=",  # fanpin explain refuses such a row as it reads it (--region)
                shown=kept_keys(household.household_id),
            )
        per_capita = household.income_per_capita
        encoded = self._reader.read(household, per_capita)
        return self._assess(
            household.household_id,
            code,
            as_of,
            encoded,
            per_capita,
            household.household_type,
            household.members,
            trace,
        )

    def evaluate_facts(
        self,
        facts: Mapping[str, Any],
        *,
        as_of: date,
        region: str,
        household_id: str = "",
        members: Sequence[Member] | None = None,
        trace: bool = False,
    ) -> Assessment:
        """Evaluate raw facts (natural units, e.g. 元; unlisted facts are unknown) and, when given, the
        household's members — used by rule cases."""
        as_of, trace = checked_date(as_of), checked_flag("trace", trace)
        code = checked_region(region)
        if code is None:
            raise ConfigError("evaluate_facts needs a region", fix='pass region="532328" (parameters are per region)')
        region = code
        if not isinstance(facts, Mapping):
            raise ConfigError(f"facts must be a mapping, not {type(facts).__name__}", fix="pass a dict of facts")
        _check_members(members)
        unknown = sorted(set(facts) - set(FACTS))
        if unknown:
            if unknown[0] in ("members", "家庭成员"):  # where RuleKit.facts() puts them: not a fact
                raise ConfigError(
                    f"{unknown[0]!r} is not a fact: members are given beside the facts",
                    fix="pass members=[Member …]; in a rule's case, list them under its own members: key, "
                    'beside facts: (rules/README.md, "Members")',
                )
            raise ConfigError(f"unknown fact {unknown[0]!r}", fix="use the fact names of rules/README.md")
        natural = {k: v for k, v in ((k, checked_natural(k, v)) for k, v in facts.items()) if v is not None}
        natural = set_facts(natural) | natural  # a case may also state a member fact itself
        return self._assess(
            household_id,
            region,
            as_of,
            encode_all(natural),
            natural.get("income_per_capita"),
            natural.get("household_type"),
            members,
            trace,
        )

    def _assess(
        self,
        household_id: str,
        region: str,
        as_of: date,
        encoded: dict[str, Any],
        per_capita: Decimal | None,
        household_type: str | None,
        members: Sequence[Member] | None,
        trace: bool,
    ) -> Assessment:
        """``encoded``: the household's facts as the engines compare them (yes/no as 1/0, trap 11)."""
        program = self._program(region, as_of)
        who: dict[str, tuple[str, ...]] = {}
        if members is not None:
            values, who = self._aggregate_values(encoded, members, program)
            encoded.update(encode_all(values))
        message = self._set.message(encoded, program.rules)
        fired, unknown = self._set.outcomes(message, program.rules)
        order = sorted(fired)
        population = (encoded.get("household_type", household_type), encoded.get("monitored"))
        flags = tuple([self._flag(i, message, program.uses, who, population) for i in order])
        band = _band(per_capita, program.edges)
        ids = self._ids
        return Assessment.made(
            {
                "household_id": household_id,
                "region_code": region,
                "as_of": as_of,
                "income_per_capita": per_capita,
                "income_band": band,
                # classify.alert_level of the fired rules' levels: info is severity 0, as no rule at all
                "alert_level": classify.ALERT_LEVELS[max([self._severity[i] for i in order], default=0)],
                "suggested_category": classify.suggested_category(band, household_type, [ids[i] for i in order]),
                "flags": flags,
                "not_evaluable": tuple([ids[i] for i in sorted(unknown)]),
                "rulebook_version": self.rulebook.version,
                "trace": self._trace(message, program.uses, fired, unknown) if trace else (),
            },
            self._known,
        )

    def _aggregate_values(
        self, household: Mapping[str, Any], members: Sequence[Member], program: _RegionProgram
    ) -> tuple[dict[str, bool | int], dict[str, tuple[str, ...]]]:
        """The member aggregates' values — every member condition on every member, then combined — and,
        per aggregate, the members (:func:`member_reference`) it holds for."""
        outcomes: dict[str, list[bool | None]] = {a.name: [] for a in self._aggregates}
        who: dict[str, list[str]] = {a.name: [] for a in self._aggregates}
        if self._member_set is not None and program.members is not None:
            shared = {k: v for k, v in household.items() if k in self._household_reads}
            for position, member in enumerate(members, start=1):
                # A member's own facts shadow the household's; a label a member does not hold is false.
                encoded = shared | dict.fromkeys(self._label_facts, 0) | member_row(member)
                message = self._member_set.message(encoded, program.members)
                fired, unknown = self._member_set.outcomes(message, program.members)
                reference = None  # how a flag names the member: made once, for the first aggregate it holds for
                for i, agg in enumerate(self._aggregates):
                    outcomes[agg.name].append(True if i in fired else None if i in unknown else False)
                    if i in fired:
                        if reference is None:
                            reference = member_reference(member, position)
                        who[agg.name].append(reference)
        counted = [a for a in self.rulebook.aggregates if a.condition is None]
        values = natural_aggregates([*self._aggregates, *counted], outcomes, len(members))
        return values, {name: tuple(refs) for name, refs in who.items()}

    def _program(self, region: str, as_of: date) -> _RegionProgram:
        """Everything that depends on the region and date only, looked up once per pair and built once per
        parameter scope and date: the village codes of a county resolve every parameter alike
        (:meth:`~fanpin.model.parameters.Parameters.scope`), and share one program, its computed terms
        and its count of households towards :data:`WARM`."""
        program = self._programs.get((region, as_of))
        if program is None:
            parameters = self.rulebook.parameters
            scoped = (parameters.scope(region), as_of)
            program = self._scoped.get(scoped)
            if program is None:
                params, _ = parameters.resolve_known(self._params_needed, region, as_of)
                members = None if self._member_set is None else self._member_set.bind(params, as_of)
                edges = classify.band_edges(params) if all(n in params for n in classify.BAND_PARAMETERS) else None
                program = _RegionProgram(params, parameter_uses(params), self._set.bind(params, as_of), members, edges)
                if len(self._scoped) >= _PROGRAMS_KEPT:
                    self._scoped.clear()
                self._scoped[scoped] = program
            if len(self._programs) >= _PROGRAMS_KEPT:  # a host's codes without end: memory stays bounded
                self._programs.clear()
            self._programs[(region, as_of)] = program
        return program

    # ---- explanations ---------------------------------------------------------------------------

    def _flag(
        self,
        index: int,
        message: Mapping[str, Any],
        uses: Mapping[str, ParameterUse],
        who: Mapping[str, tuple[str, ...]],
        population: tuple[object, object] = (None, None),
    ) -> Flag:
        fields, explainer, aggregate, codes = self._flag_parts[index]
        values = fields.copy()
        values["explanation"] = tuple(explainer.why(message, uses))
        values["members"] = who.get(aggregate, ()) if aggregate else ()
        # last, in the order of Flag's fields (the dumps keep it)
        values["codes"] = flag_codes(codes, *population) if codes else ()
        return Flag.of(values)

    def _trace(
        self, message: Mapping[str, Any], uses: Mapping[str, ParameterUse], fired: set[int], unknown: set[int]
    ) -> tuple[RuleTrace, ...]:
        return tuple(
            RuleTrace(
                rule_id=rule.id,
                title=rule.spec.title.zh,
                title_en=rule.spec.title.en,
                outcome="fired" if i in fired else "not_evaluable" if i in unknown else "not_fired",
                comparisons=tuple(self._set.explainers[i].comparisons(message, uses)),
            )
            for i, rule in enumerate(self._rules)
        )


def _band(per_capita: Decimal | None, edges: tuple[Decimal, Decimal, Decimal] | None) -> Band | None:
    """:func:`~fanpin.results.classify.income_band` with the region's edges computed once."""
    if per_capita is None or edges is None:
        return None
    return classify.band_between(per_capita, edges)
