"""Rule conditions → durable-rules rules: three-valued logic expanded to disjunctive normal form.

For each typed condition fanpin builds ``T`` (true by Kleene's logic; ``F``, false, is built for the
tests under ``not``) as a disjunction of conjunctions of durable tests, drops contradictory
conjunctions (``x`` absent and ``x < 3``) and absorbed ones, and gives each remaining conjunction its
own engine rule: durable-rules refuses large nested expressions (error 113). Thresholds are written in
as constants. Whether a rule that did not fire is *unknown* is decided by fanpin itself
(:meth:`fanpin.results.explanations.RuleExplainer.decide`).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from fanpin.durable._adapter import HOUSEHOLD_MARK
from fanpin.errors import ConfigError
from fanpin.lang.lowering import Slots, atoms, engine_number, literal
from fanpin.lang.tree import Condition, TAnd, TCompare, TConst, Term, TIn, TMissing, TNot, TOr, TTruth
from fanpin.rulebook import Rule

__all__ = ["JSON", "MAX_CONJUNCTIONS", "Compiler", "Dnf", "TooLargeError", "expand_rule", "to_json"]

JSON = dict[str, Any]
_OPS = {"<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte", "==": "$eq", "!=": "$neq"}
_NEGATED = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="}
_FLIPPED = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}


Literal_ = tuple[str, str, Any]  # (operator, property, operand): one durable test
Dnf = frozenset[frozenset[Literal_]]  # a disjunction of conjunctions; empty = never matches
_ALWAYS: Dnf = frozenset({frozenset()})


class Compiler:
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

    def prop(self, term: Term) -> str:
        name = self.slots.name(term)
        assert name is not None, "the type checker guarantees a fact here"
        return name

    def props(self, *terms: Term) -> list[str]:
        """Properties that can be absent: facts and computed terms (thresholds are always resolved)."""
        return [self.prop(t) for t in terms if not isinstance(t, TConst) and t not in self.slots.thresholds]

    def reads(self, condition: Condition) -> frozenset[str]:
        """The properties a ruleset built from ``condition`` reads (thresholds are written in)."""
        names: set[str] = set()
        for atom in atoms(condition):
            if isinstance(atom, TTruth):
                names.add(atom.fact)
            elif isinstance(atom, TCompare):
                names.update(self.props(atom.left, atom.right))
            elif isinstance(atom, TIn | TMissing):
                names.update(self.props(atom.operand))
        return frozenset(names)

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
            slot = self.slots.thresholds[right]
            if slot not in self.thresholds:
                return frozenset()  # an unknown threshold: the test is neither true nor false
            target = self.thresholds[slot]
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
    result = _simplify(frozenset().union(*parts))
    if len(result) > MAX_CONJUNCTIONS:
        raise TooLargeError
    return result


#: Most conjunctions one condition may expand to. Beyond it, "unknown" is matched as "neither true
#: nor false", and a rule whose true or false form alone is larger must be split by its author.
MAX_CONJUNCTIONS = 256


class TooLargeError(Exception):
    """A DNF grew past MAX_CONJUNCTIONS (internal; becomes a ConfigError or a fallback)."""


def _and(*parts: Dnf) -> Dnf:
    result = _ALWAYS
    for part in parts:
        if len(result) * len(part) > MAX_CONJUNCTIONS * 4:
            raise TooLargeError
        result = _simplify(frozenset(a | b for a in result for b in part))
        if len(result) > MAX_CONJUNCTIONS:
            raise TooLargeError
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


def to_json(conjunction: frozenset[Literal_]) -> JSON:
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


def expand_rule(compiler: Compiler, rule: Rule) -> Dnf:
    """The conjunctions that make ``rule`` true (:meth:`Compiler.true`); a :class:`ConfigError` naming the
    rule when its condition expands past :data:`MAX_CONJUNCTIONS`."""
    try:
        return compiler.true(rule.condition)
    except TooLargeError:
        raise ConfigError(
            f"rule {rule.id} expands to more than {MAX_CONJUNCTIONS} alternatives for the engine",
            fix="split it into simpler rules or named conditions with fewer nested 'or'",
            location=rule.location,
        ) from None
