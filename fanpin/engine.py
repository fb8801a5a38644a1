"""The per-household engine: the rulebook compiled to durable-rules, one household at a time.

Each rule becomes two engine rules built from three-valued logic: ``T`` (the condition is true) and
``U`` (it cannot be decided because facts it needs are unknown). A rule is *fired* when ``T`` matches
and *not evaluable* when ``U`` matches; otherwise it did not fire. ``and``/``or``/``not`` follow
Kleene's logic, so ``no_labor_household or labor_count == 0`` fires for a no-labour household even when
its labour count is unknown.

>>> from datetime import date
>>> from fanpin import Engine, Household, load_rulebook
>>> engine = Engine(load_rulebook())
>>> h = Household.model_validate({"户编号": "H1", "行政区划代码": "532328", "户类型": "脱贫户",
...     "家庭人口数": 4, "工资性收入": 20000, "生产经营性收入": 8000, "财产性收入": 0, "转移性收入": 2000})
>>> engine.evaluate(h, as_of=date(2025, 6, 30)).flag_ids
('audit.missed', 'income.below_line', 'welfare.dibao_edge_band')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from fanpin import classify
from fanpin._durable import HOUSEHOLD_MARK, MAX_RULES, CompiledRuleset, DurableEngine
from fanpin.assessment import Assessment, Flag, ParameterUse, RuleTrace
from fanpin.errors import ConfigError
from fanpin.explanations import RuleExplainer, parameter_uses
from fanpin.facts import FACTS, encode_all, household_facts, natural_value
from fanpin.household import Household
from fanpin.lowering import Evaluator, Slots, atoms, compile_term, engine_number, fold, literal, render
from fanpin.parameters import ResolvedParameter
from fanpin.rulebook import Rule, Rulebook
from fanpin.typecheck import (
    Condition,
    TAnd,
    TCompare,
    TConst,
    Term,
    TIn,
    TMissing,
    TNot,
    TOr,
    TTruth,
)

__all__ = ["Engine"]

JSON = dict[str, Any]
_OPS = {"<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte", "==": "$eq", "!=": "$neq"}
_NEGATED = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="}
_FLIPPED = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}


Literal_ = tuple[str, str, Any]  # (operator, property, operand): one durable test
Dnf = frozenset[frozenset[Literal_]]  # a disjunction of conjunctions; empty = never matches
_ALWAYS: Dnf = frozenset({frozenset()})
_NEVER: Dnf = frozenset()


class _Compiler:
    """Typed conditions → disjunctive normal form of durable tests, for T (true) and U (unknown).

    durable-rules refuses large nested expressions (error 113, expression limit), so fanpin expands
    each condition itself, drops contradictory conjunctions (``x`` absent and ``x < 3``), and gives each
    remaining conjunction its own engine rule.
    """

    def __init__(self, slots: Slots, thresholds: Mapping[str, int | float] | None = None) -> None:
        self.slots = slots
        # With threshold values, thresholds are written into the rules as constants: durable compares
        # a property with a constant ~10x faster than with another property ("$m"). Without them
        # (None) they stay symbolic, which is enough to find contradictions.
        self.thresholds = thresholds

    def true(self, c: Condition) -> Dnf:
        match c:
            case TCompare(op=op, left=left, right=right):
                return self.compare(op, left, right)
            case TIn(operand=x, values=values):
                prop = self.prop(x)
                return frozenset(frozenset({("$eq", prop, _json_value(v))}) for v in values)
            case TMissing(operand=x):
                return _one(("$nex", self.prop(x), 1))
            case TTruth(fact=fact):
                return _one(("$eq", fact, 1))
            case TNot(operand=x):
                return self.false(x)
            case TAnd(items=items):
                return _and(*(self.true(i) for i in items))
            case TOr(items=items):
                return _or(*(self.true(i) for i in items))
        raise TypeError(c)  # pragma: no cover

    def false(self, c: Condition) -> Dnf:
        match c:
            case TCompare(op=op, left=left, right=right):
                return self.compare(_NEGATED[op], left, right)
            case TIn(operand=x, values=values):
                prop = self.prop(x)
                return frozenset({frozenset({("$ex", prop, 1), *(("$neq", prop, _json_value(v)) for v in values)})})
            case TMissing(operand=x):
                return _one(("$ex", self.prop(x), 1))
            case TTruth(fact=fact):
                return _one(("$eq", fact, 0))
            case TNot(operand=x):
                return self.true(x)
            case TAnd(items=items):
                return _or(*(self.false(i) for i in items))
            case TOr(items=items):
                return _and(*(self.false(i) for i in items))
        raise TypeError(c)  # pragma: no cover

    def unknown(self, c: Condition) -> Dnf:
        match c:
            case TCompare(left=left, right=right):
                return _or(*(_one(("$nex", p, 1)) for p in self.props(left, right)))
            case TIn(operand=x):
                return _or(*(_one(("$nex", p, 1)) for p in self.props(x)))
            case TMissing():
                return _NEVER
            case TTruth(fact=fact):
                return _one(("$nex", fact, 1))
            case TNot(operand=x):
                return self.unknown(x)
            case TAnd(items=items):
                # Kleene: unknown iff no item is false and at least one is unknown.
                undecided = (_or(self.true(i), self.unknown(i)) for i in items)
                return _and(*undecided, _or(*(self.unknown(i) for i in items)))
            case TOr(items=items):
                # Kleene: unknown iff no item is true and at least one is unknown.
                undecided = (_or(self.false(i), self.unknown(i)) for i in items)
                return _and(*undecided, _or(*(self.unknown(i) for i in items)))
        raise TypeError(c)  # pragma: no cover

    def prop(self, term: Term) -> str:
        name = self.slots.name(term)
        assert name is not None, "the type checker guarantees a fact here"
        return name

    def props(self, *terms: Term) -> list[str]:
        """Properties that can be absent: facts and computed terms (thresholds are always resolved)."""
        return [self.prop(t) for t in terms if not isinstance(t, TConst) and t not in self.slots.thresholds]

    def constant(self, term: Term) -> bool:
        return isinstance(term, TConst) or (self.thresholds is not None and term in self.slots.thresholds)

    def compare(self, op: str, left: Term, right: Term) -> Dnf:
        if self.constant(left):
            op, left, right = _FLIPPED[op], right, left
        prop = self.prop(left)
        target: Any
        if isinstance(right, TConst):
            target = _json_value(literal(right))
        elif self.thresholds is not None and right in self.slots.thresholds:
            target = self.thresholds[self.slots.thresholds[right]]
        else:
            target = {"$m": self.prop(right)}
        test = (_OPS[op], prop, _Frozen(target) if isinstance(target, dict) else target)
        if op == "!=" or isinstance(target, dict):
            # Absent properties match != and comparisons with a referenced property ("$m") that is
            # absent match >= (loose comparisons, trap 11): require both to be present.
            return frozenset({frozenset({test, *(("$ex", p, 1) for p in self.props(left, right))})})
        return _one(test)


class _Frozen(str):
    """A ``{"$m": name}`` reference kept hashable inside a literal."""

    def __new__(cls, target: dict[str, Any]) -> _Frozen:
        return super().__new__(cls, target["$m"])


def _one(literal_: Literal_) -> Dnf:
    return frozenset({frozenset({literal_})})


def _or(*parts: Dnf) -> Dnf:
    return _simplify(frozenset().union(*parts))


#: Most conjunctions one condition may expand to. Beyond it, "unknown" is matched as "neither true
#: nor false", and a rule whose true or false form alone is larger must be split by its author.
MAX_CONJUNCTIONS = 256


class _TooLargeError(Exception):
    """A DNF grew past MAX_CONJUNCTIONS (internal; becomes a ConfigError or a fallback)."""


def _and(*parts: Dnf) -> Dnf:
    result = _ALWAYS
    for part in parts:
        if len(result) * len(part) > MAX_CONJUNCTIONS * 4:
            raise _TooLargeError
        result = _simplify(frozenset(a | b for a in result for b in part))
        if len(result) > MAX_CONJUNCTIONS:
            raise _TooLargeError
    return result


def _simplify(dnf: Dnf) -> Dnf:
    consistent = [c for c in dnf if not _contradictory(c)]
    # Absorption: a conjunction that contains another one adds nothing to the disjunction.
    return frozenset(c for c in consistent if not any(o < c for o in consistent))


def _contradictory(conjunction: frozenset[Literal_]) -> bool:
    absent = {prop for op, prop, _ in conjunction if op == "$nex"}
    present = {prop for op, prop, _ in conjunction if op != "$nex"}
    present |= {str(v) for op, _, v in conjunction if isinstance(v, _Frozen)}
    if absent & present:
        return True
    tests = {(op, prop, v) for op, prop, v in conjunction}
    negated = {"$lt": "$gte", "$lte": "$gt", "$gt": "$lte", "$gte": "$lt", "$eq": "$neq", "$neq": "$eq"}
    if any((negated[op], prop, v) in tests for op, prop, v in tests if op in negated):
        return True
    equal: dict[str, Any] = {}
    for op, prop, v in conjunction:
        if op == "$eq" and not isinstance(v, _Frozen):
            if prop in equal and equal[prop] != v:
                return True
            equal[prop] = v
    return False


def _to_json(conjunction: frozenset[Literal_]) -> JSON:
    # Every test also requires the household marker: durable re-asserts the session state as a
    # message after each action, and an "is absent" test would match it, forever (trap 15).
    tests: list[JSON] = [{HOUSEHOLD_MARK: 1}]
    for op, prop, value in sorted(conjunction, key=repr):
        operand = {"$m": str(value)} if isinstance(value, _Frozen) else value
        tests.append({prop: operand} if op == "$eq" else {op: {prop: operand}})
    return tests[0] if len(tests) == 1 else {"$and": tests}


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return engine_number(value)
    return value


def _sized(form: Any, rule: Rule) -> Dnf:
    try:
        dnf: Dnf = form(rule.condition)
    except _TooLargeError:
        raise ConfigError(
            f"rule {rule.id} expands to more than {MAX_CONJUNCTIONS} alternatives for the engine",
            fix="split it into simpler rules or named conditions with fewer nested 'or'",
            location=rule.location,
        ) from None
    return dnf


@dataclass(frozen=True)
class _Program:
    params: dict[str, ResolvedParameter]
    thresholds: dict[str, int | float]
    computed: tuple[tuple[str, Evaluator], ...]
    uses: dict[str, ParameterUse]
    variant: _Variant


@dataclass(frozen=True)
class _Variant:
    """The compiled engine for one set of threshold values; ``complement``: rules whose "unknown" is
    "neither true nor false"."""

    durable: DurableEngine
    complement: frozenset[int]


class Engine:
    """Evaluates households against a :class:`~fanpin.Rulebook` through durable-rules.

    Thread-safe (calls into durable-rules are serialised); memory stays flat over any number of calls.
    """

    def __init__(self, rulebook: Rulebook) -> None:
        self.rulebook = rulebook
        self._rules = list(rulebook.rules.values())
        self._slots = Slots.for_conditions([r.condition for r in self._rules])
        self._params_needed = rulebook.params_needed() | set(classify.BAND_PARAMETERS)
        symbolic = _Compiler(self._slots)
        self._never = [r.id for r in self._rules if not _sized(symbolic.true, r)]
        self._programs: dict[tuple[str, date], _Program] = {}
        self._explainers = [RuleExplainer(r.condition, self._slots) for r in self._rules]
        # One durable ruleset (set) per distinct set of threshold values: a province file has a few.
        self._variants: dict[tuple[tuple[str, int | float], ...], _Variant] = {}

    def _durable_for(self, thresholds: dict[str, int | float]) -> _Variant:
        key = tuple(sorted(thresholds.items()))
        variant = self._variants.get(key)
        if variant is None:
            compiler = _Compiler(self._slots, thresholds)
            definitions: list[tuple[str, JSON, frozenset[str]]] = []
            complement: set[int] = set()
            for index, rule in enumerate(self._rules):
                props = self._properties(rule.condition)
                true = _sized(compiler.true, rule)
                # "Unknown" is matched directly (u) or as "neither true nor false" (f), whichever needs
                # fewer engine rules: durable's cost per fact grows with the number of rules far more
                # than with the number of matches. Both are exact.
                false = _sized(compiler.false, rule)
                try:
                    unknown = compiler.unknown(rule.condition)
                except _TooLargeError:
                    unknown = None
                third: tuple[str, Dnf] = (
                    ("u", unknown) if unknown is not None and len(unknown) <= len(false) else ("f", false)
                )
                if third[0] == "f":
                    complement.add(index)
                for prefix, dnf in (("r", true), third):
                    for j, conjunction in enumerate(sorted(dnf, key=lambda c: sorted(map(repr, c)))):
                        definitions.append((f"{prefix}{index}.{j}", {"all": [{"m": _to_json(conjunction)}]}, props))
            chunks = [definitions[i : i + MAX_RULES] for i in range(0, len(definitions), MAX_RULES)]
            durable = DurableEngine(
                [CompiledRuleset({n: d for n, d, _ in c}, set().union(*(p for _, _, p in c))) for c in chunks]
            )
            variant = self._variants[key] = _Variant(durable, frozenset(complement))
        return variant

    def rules_that_never_fire(self) -> list[str]:
        """Rules whose condition is a contradiction (e.g. ``x < 3 and x >= 3``)."""
        return list(self._never)

    def _properties(self, condition: Condition) -> frozenset[str]:
        names: set[str] = set()
        for atom in atoms(condition):
            if isinstance(atom, TTruth):
                names.add(atom.fact)
            elif isinstance(atom, TCompare):
                names.update(self._compiler_props(atom.left, atom.right))
            elif isinstance(atom, TIn | TMissing):
                names.update(self._compiler_props(atom.operand))
        return frozenset(names)

    def _compiler_props(self, *terms: Term) -> list[str]:
        """The properties a ruleset reads: facts and computed terms (thresholds are inlined)."""
        return [
            p
            for t in terms
            if not isinstance(t, TConst) and t not in self._slots.thresholds and (p := self._slots.name(t)) is not None
        ]

    # ---- evaluation ---------------------------------------------------------------------------

    def evaluate(
        self, household: Household, *, as_of: date, region: str | None = None, trace: bool = False
    ) -> Assessment:
        """Evaluate one household on ``as_of``. ``region`` is used when the household has no region code."""
        code = household.region_code or region
        if not code:
            raise ConfigError(
                f"household {household.household_id} has no 行政区划代码 (region_code)",
                fix="add the column, or pass region= (--region on the command line)",
            )
        facts = household_facts(household)
        return self._assess(household.household_id, code, as_of, facts, trace)

    def evaluate_facts(
        self,
        facts: Mapping[str, Any],
        *,
        as_of: date,
        region: str,
        household_id: str = "",
        trace: bool = False,
    ) -> Assessment:
        """Evaluate raw facts (natural units, e.g. 元; unlisted facts are unknown) — used by rule cases."""
        unknown = sorted(set(facts) - set(FACTS))
        if unknown:
            raise ConfigError(f"unknown fact {unknown[0]!r}", fix="use the fact names of rules/README.md")
        natural = {k: v for k, v in ((k, natural_value(k, v)) for k, v in facts.items()) if v is not None}
        return self._assess(household_id, region, as_of, natural, trace)

    def _assess(
        self, household_id: str, region: str, as_of: date, natural: Mapping[str, Any], trace: bool
    ) -> Assessment:
        program = self._program(region, as_of)
        message = self._message(natural, program)
        fired_names = program.variant.durable.evaluate(message)
        fired = {int(n[1:].split(".")[0]) for n in fired_names if n[0] == "r"}
        unknown = {int(n[1:].split(".")[0]) for n in fired_names if n[0] == "u"}
        false = {int(n[1:].split(".")[0]) for n in fired_names if n[0] == "f"}
        unknown |= {i for i in program.variant.complement if i not in fired and i not in false}
        flags = tuple(self._flag(i, message, program.uses) for i in sorted(fired))
        per_capita = natural.get("income_per_capita")
        band = classify.income_band(per_capita, program.params)
        return Assessment.model_construct(
            household_id=household_id,
            region_code=region,
            as_of=as_of,
            income_per_capita=per_capita,
            income_band=band,
            alert_level=classify.alert_level({f.rule_id: f.level for f in flags if f.level != "info"}),
            suggested_category=classify.suggested_category(
                band, natural.get("household_type"), [f.rule_id for f in flags]
            ),
            flags=flags,
            not_evaluable=tuple(self._rules[i].id for i in sorted(unknown)),
            rulebook_version=self.rulebook.version,
            trace=self._trace(message, program.uses, fired, unknown) if trace else (),
        )

    def _program(self, region: str, as_of: date) -> _Program:
        """Everything that depends on the region and date only, built once per pair."""
        program = self._programs.get((region, as_of))
        if program is None:
            params = self.rulebook.parameters.resolve_all(self._params_needed, region, as_of)
            thresholds: dict[str, int | float] = {}
            for term, slot in self._slots.thresholds.items():
                value = fold(term, params)
                if value is None:
                    raise ConfigError(
                        f"the threshold {render(term)} divides by zero for region {region} on {as_of}",
                        fix="check the parameter values it uses",
                    )
                thresholds[slot] = engine_number(value)
            computed = tuple((slot, compile_term(term, params, as_of)) for term, slot in self._slots.computed.items())
            program = _Program(params, thresholds, computed, parameter_uses(params), self._durable_for(thresholds))
            if len(self._programs) > 4096:
                self._programs.clear()
            self._programs[(region, as_of)] = program
        return program

    def _message(self, natural: Mapping[str, Any], program: _Program) -> dict[str, Any]:
        """The fact asserted for one household: encoded facts, thresholds and computed terms."""
        message: dict[str, Any] = encode_all(natural)  # yes/no as 1/0 (trap 11)
        message.update(program.thresholds)
        for slot, evaluate in program.computed:
            value = evaluate(message)
            if value is not None:
                message[slot] = value
        return message

    # ---- explanations ---------------------------------------------------------------------------

    def _flag(self, index: int, message: Mapping[str, Any], uses: Mapping[str, ParameterUse]) -> Flag:
        spec = self._rules[index].spec
        comparisons = self._explainers[index].why(message, uses)
        return Flag(
            rule_id=spec.id,
            title=spec.title.zh,
            title_en=spec.title.en,
            level=spec.level,
            kind=spec.kind,
            risk_type=spec.risk_type,
            measures=spec.measures,
            explanation=tuple(comparisons),
        )

    def _trace(
        self, message: Mapping[str, Any], uses: Mapping[str, ParameterUse], fired: set[int], unknown: set[int]
    ) -> tuple[RuleTrace, ...]:
        return tuple(
            RuleTrace(
                rule_id=rule.id,
                title=rule.spec.title.zh,
                title_en=rule.spec.title.en,
                outcome="fired" if i in fired else "not_evaluable" if i in unknown else "not_fired",
                comparisons=tuple(self._explainers[i].comparisons(message, uses)),
            )
            for i, rule in enumerate(self._rules)
        )
