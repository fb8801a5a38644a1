"""What a typed condition can evaluate to: an interval and domain analysis under Kleene's logic.

A rule's condition is true, false or *unknown* (not evaluable) for a household. This module decides,
without any household, which of the three it **can** be: a condition that can never be true is a rule
that never fires (``labor_count < 0 and labor_count > 100``, ``risk_1 == "因病" and risk_1 == "因残"``,
a month window whose start is after its end), one that can never be false fires for every household
whose facts are known, and one that can never be unknown needs no "not evaluable" case.

How it decides. The question "can ``c`` be true?" is a goal ``(c, T)``; goals are split by the logic
(``a and b`` true: both true; false: one of them false; unknown: one unknown, none false …) into
conjunctions of *literals* over the facts — ``x`` absent, ``x`` known, ``x − y ≤ c`` (or ``<``),
``x ≠ c``, ``x`` one of / none of a set of words — searched depth first. A conjunction is kept only if
some value of every fact satisfies all of its literals at once:

- numbers (money in whole fen, counts, month and day numbers, computed terms) by a difference-bound
  matrix: every bound is an edge, a negative cycle is a contradiction; facts are whole numbers (a
  strict bound on one is tightened to the next whole number), and each fact carries the bounds the
  household model enforces (money items ≥ 0, counts ≥ 0, ``public_job_months`` ≤ 12 …);
- words (vocabularies, yes/no facts, free text) by the set of values still allowed;
- a fact is either known or absent, and a computed term is known only if every fact it reads is.

Thresholds (terms of parameters only) are free symbols, or — given :class:`Environment` values, one per
region and date the parameters distinguish — the exact numbers both engines compare with. A
conjunction is satisfiable when it is in at least one environment.

The analysis is **sound** for the answers it gives as certain: "never true" is only said when no
household (valid for the model) in any environment makes the condition true. Node kinds it does not
know (syntax added later) are opaque: each may be true or false, and "unknown" for them is a
*maybe*, so that an unknown node never produces a false claim. A search that grows past its budget
(steps, and literals checked) answers "satisfiable, uncertain", so a huge condition costs a bounded
time. A property test (``tests/properties/test_analysis_properties.py``) holds both engines to every
"never" the analysis says.

>>> from fanpin.lang.typecheck import check_condition
>>> from fanpin.model.facts import FACTS
>>> analyzer = Analyzer()
>>> analyzer.can_be(check_condition("labor_count < 0 and labor_count > 100", FACTS, {}), "true")
False
>>> analyzer.can_be(check_condition("labor_count < 1 or labor_count > 100", FACTS, {}), "true")
True
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal, get_args

from pydantic import BaseModel

from fanpin.lang.lowering import engine_number, fold, render, unit_of
from fanpin.lang.members import AGGREGATES, MEMBER_COUNT
from fanpin.lang.tree import (
    Condition,
    TAnd,
    TArith,
    TCall,
    TCompare,
    TConst,
    Term,
    TFact,
    TIn,
    TMissing,
    TNeg,
    TNot,
    TOr,
    TParam,
    TTruth,
    facts_of,
)
from fanpin.model.facts import FACTS, SETS, FactInfo
from fanpin.model.household import NON_NEGATIVE, Household, Kind
from fanpin.model.member import Member
from fanpin.model.member_facts import MEMBER_FACTS, label_of
from fanpin.model.parameters import ResolvedParameter

__all__ = [
    "HOUSEHOLD",
    "Analyzer",
    "Environment",
    "Outcome",
    "Scope",
    "Witness",
    "describe_fact_range",
    "describe_term_range",
    "fact_range",
    "member_scope",
    "render_condition",
    "term_range",
]

Outcome = Literal["true", "false", "unknown"]
#: What a goal asks of a node: T, F, U, NF (true or unknown: not false), NT (false or unknown: not true).
_Want = Literal["T", "F", "U", "NF", "NT"]
_WANT_OF: dict[Outcome, _Want] = {"true": "T", "false": "F", "unknown": "U"}
_NEGATED_WANT: dict[_Want, _Want] = {"T": "F", "F": "T", "U": "U", "NF": "NT", "NT": "NF"}
_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}
_NEGATE = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="}
_KNOWN_TERMS = (TConst, TFact, TParam, TNeg, TArith, TCall)


# ---- variables and literals -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Var:
    """A fact (by name), a computed term over facts, or a threshold (a term of parameters only)."""

    kind: Literal["fact", "term", "threshold"]
    key: Any


@dataclass(frozen=True)
class _Known:
    var: _Var


@dataclass(frozen=True)
class _Absent:
    var: _Var


@dataclass(frozen=True)
class _Bound:
    """``left − right ≤ value`` (``<`` when strict); None stands for the number 0."""

    left: _Var | None
    right: _Var | None
    value: Fraction
    strict: bool


@dataclass(frozen=True)
class _NotEqual:
    """``left − right ≠ value``."""

    left: _Var
    right: _Var | None
    value: Fraction


@dataclass(frozen=True)
class _OneOf:
    var: _Var
    values: frozenset[object]


@dataclass(frozen=True)
class _NoneOf:
    var: _Var
    values: frozenset[object]


@dataclass(frozen=True)
class _SameWord:
    """Two word-valued facts are equal (or differ, when not ``equal``)."""

    a: _Var
    b: _Var
    equal: bool


@dataclass(frozen=True)
class _Opaque:
    """A node this analysis does not know, with the outcome a branch assumes for it."""

    node: Any
    outcome: Literal["T", "F", "U"]


_Literal = _Known | _Absent | _Bound | _NotEqual | _OneOf | _NoneOf | _SameWord | _Opaque
_Conj = frozenset[_Literal]


@dataclass(frozen=True)
class Witness:
    """A satisfiable conjunction of literals, the environment (index) it holds in, and whether it is
    certain (it assumes no unknown outcome of a node this analysis does not know)."""

    literals: _Conj
    environment: int | None
    certain: bool

    def absent_facts(self) -> tuple[str, ...]:
        """The facts this witness leaves unknown."""
        return tuple(
            sorted({str(lit.var.key) for lit in self.literals if isinstance(lit, _Absent) and lit.var.kind == "fact"})
        )


# ---- the facts' own domains -------------------------------------------------------------------------------------

#: Derived facts that are never negative: sums of items the model refuses below 0, and a count.
_DERIVED_NON_NEGATIVE = ("rigid_expense", "gross_income", "measure_count")


_Range = tuple[Fraction | None, Fraction | None]


def _model_bounds(model: type[BaseModel], names: Iterable[str]) -> dict[str, _Range]:
    """The bounds a pydantic model enforces on its fields (``ge``, ``le`` …), in the engines' units (fen
    for money), for the fields in ``names``."""
    bounds: dict[str, _Range] = {}
    wanted = set(names)
    for name, info in model.model_fields.items():
        if name not in wanted:
            continue
        low: Fraction | None = None
        high: Fraction | None = None
        scale = 100 if any(m is Kind.MONEY for m in info.metadata) else 1
        for meta in info.metadata:
            for attr, is_low, shift in (("ge", True, 0), ("gt", True, 1), ("le", False, 0), ("lt", False, -1)):
                value = getattr(meta, attr, None)
                if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
                    number = Fraction(value) * scale + shift  # facts are whole numbers: x > 0 is x ≥ 1
                    if is_low:
                        low = number if low is None else max(low, number)
                    else:
                        high = number if high is None else min(high, number)
        if low is not None or high is not None:
            bounds[name] = (low, high)
    return bounds


def _household_bounds() -> dict[str, _Range]:
    bounds = _model_bounds(Household, FACTS)
    for name in (*NON_NEGATIVE, *_DERIVED_NON_NEGATIVE):
        low, high = bounds.get(name, (None, None))
        bounds[name] = (Fraction(0) if low is None else max(low, Fraction(0)), high)
    return bounds


def _member_bounds() -> dict[str, _Range]:
    """Household bounds, overlaid by the member model's on the member facts (a member fact shadows a
    household fact of the same name); counts of a member's measure labels and ID digits are never negative."""
    bounds = {k: v for k, v in _household_bounds().items() if k not in MEMBER_FACTS}
    bounds |= _model_bounds(Member, MEMBER_FACTS)
    for name, info in MEMBER_FACTS.items():
        if info.kind is Kind.COUNT and (name.endswith("_count") or name == "id_length") and name not in bounds:
            bounds[name] = (Fraction(0), None)
    return bounds


@dataclass(frozen=True)
class Scope:
    """Where a condition is read: the catalogue of its facts, the bounds the model enforces on them, and
    which facts are never unknown. :data:`HOUSEHOLD` for rules; :func:`member_scope` for the member
    conditions inside ``any(members, …)`` and its kin."""

    facts: Mapping[str, FactInfo]
    bounds: Mapping[str, _Range]
    always_known: Callable[[str], bool]


_SET_MEMBERS = frozenset(info.fact(m) for info in SETS.values() for m in info.enum)

#: Household conditions: the household facts; "the set holds this risk" is never unknown (an empty slot
#: adds nothing to a set).
HOUSEHOLD = Scope(FACTS, _household_bounds(), _SET_MEMBERS.__contains__)


class _MemberFacts(Mapping[str, FactInfo]):
    """Member facts first, then household facts (the same on every member row)."""

    def __getitem__(self, name: str) -> FactInfo:
        return MEMBER_FACTS[name] if name in MEMBER_FACTS else FACTS[name]

    def __iter__(self) -> Iterator[str]:
        return iter({**dict.fromkeys(FACTS), **dict.fromkeys(MEMBER_FACTS)})

    def __len__(self) -> int:
        return len(set(FACTS) | set(MEMBER_FACTS))

    def __contains__(self, name: object) -> bool:
        return name in MEMBER_FACTS or name in FACTS


def member_scope() -> Scope:
    """Member conditions: member facts (shadowing household facts), the member model's bounds; a measure
    label a member does not hold is false, never unknown."""
    return Scope(
        _MemberFacts(),
        _member_bounds(),
        lambda name: name in _SET_MEMBERS or label_of(name) is not None,
    )


def fact_range(name: str, scope: Scope | None = None) -> _Range:
    """The lowest and highest value of a numeric fact a valid household (or member) can have, in the
    engines' units (money in fen); None where there is no bound.

    >>> fact_range("labor_count"), fact_range("public_job_months")
    ((Fraction(0, 1), None), (Fraction(0, 1), Fraction(12, 1)))
    """
    found = (scope or HOUSEHOLD).bounds.get(name)
    if found is None and name in AGGREGATES and AGGREGATES[name].kind == "count":
        return (Fraction(0), None)  # a number of members: count(members), count(members, c)
    return found or (None, None)


def term_range(term: Term, scope: Scope | None = None) -> _Range:
    """The bounds of a computed term's value on a valid household (or member), in the engines' units (money
    in fen); None where there is no bound.

    ``share(members, c)`` (``count(members, c) / count(members)``) is from 0 to 1 (a household without
    members divides by zero: unknown, never out of range). Any other term is bounded by interval arithmetic
    over the bounds of its facts (:func:`fact_range`) and its numbers: ``wage_income * 2`` is never below 0,
    ``public_job_months * 2`` never above 24, ``abs(x)`` never below 0, a quotient of two amounts never
    below 0. A threshold, a month or day number and a text test are unbounded here.

    The bounds hold for the value the engines compute, not only for the exact one: the engines round a
    value computed in doubles, always towards the nearer double, which never crosses a bound that is a
    double itself; so each bound is widened to the nearest double outwards, step by step. A product by a
    number that is not whole (``x * 1.5``, which both engines apply as ``x * 3 / 2``, rounding twice) and a
    quotient keep their sign only.

    >>> from fanpin.lang.typecheck import check_condition
    >>> from fanpin.model.facts import FACTS
    >>> [term_range(check_condition(f"{t} > 0", FACTS, {}).left) for t in ("public_job_months * 2", "-size")]
    [(Fraction(0, 1), Fraction(24, 1)), (None, Fraction(-1, 1))]
    """
    if _is_share(term):
        return (Fraction(0), Fraction(1))
    return _interval(term, scope or HOUSEHOLD)


def _is_share(term: Term) -> bool:
    """Whether ``term`` is ``count(members, c) / count(members)``."""
    match term:
        case TArith(op="/", left=TFact(name=counted), right=TFact(name=everyone)):
            return (
                everyone in AGGREGATES
                and AGGREGATES[everyone].condition is None
                and counted in AGGREGATES
                and AGGREGATES[counted].kind == "count"
            )
    return False


def _interval(term: Term, scope: Scope) -> _Range:
    """:func:`term_range` of any term but a share: each bound widened to a double (:func:`_outwards`)."""
    match term:
        case TFact(name=name):
            return _outwards(fact_range(name, scope))
        case TConst(value=Decimal()):
            value = _number(term)
            return _outwards((value, value))
        case TNeg(operand=x):
            low, high = _interval(x, scope)
            return (None if high is None else -high, None if low is None else -low)
        case TCall(function="abs", args=(x,)):
            low, high = _interval(x, scope)
            if low is not None and low >= 0:
                return (low, high)
            if high is not None and high <= 0:
                return (-high, None if low is None else -low)
            return (Fraction(0), None if low is None or high is None else max(-low, high))
        case TCall(function="min" | "max" | "coalesce" as function, args=args) if args:
            ranges = [_interval(a, scope) for a in args]
            lows, highs = [r[0] for r in ranges], [r[1] for r in ranges]
            # min: at least the least low, at most the least high; max the other way round; coalesce: the
            # value of one of them (both engines give min and max only when every argument is known)
            if function == "min":
                return (_least(lows), _least([h for h in highs if h is not None] or [None]))
            if function == "max":
                return (_most([lo for lo in lows if lo is not None] or [None]), _most(highs))
            return (_least(lows), _most(highs))
        case TArith(op=op, left=left, right=right) if facts_of(term):
            a, b = _interval(left, scope), _interval(right, scope)
            if op == "/" or (op == "*" and _fractional_factor(left, right)):
                return _sign(a, b, op)
            if op == "+":
                return _outwards((_add(a[0], b[0]), _add(a[1], b[1])))
            if op == "-":
                return _outwards(
                    (_add(a[0], None if b[1] is None else -b[1]), _add(a[1], None if b[0] is None else -b[0]))
                )
            return _outwards(_product(a, b))
    return (None, None)


def _fractional_factor(left: Term, right: Term) -> bool:
    """Whether ``left * right`` is a term over facts times a number that is not whole, or a threshold."""
    for x, k in ((left, right), (right, left)):
        if facts_of(x) and not facts_of(k):
            return not (isinstance(k, TConst) and isinstance(k.value, Decimal) and _number(k).denominator == 1)
    return False


def _sign(a: _Range, b: _Range, op: str) -> _Range:
    """The sign of ``a op b`` (a product or a quotient: rounding never changes a sign; a quotient by zero is
    unknown): never below 0 when both operands have one sign, never above 0 when they have opposite signs."""
    a_up, a_down = a[0] is not None and a[0] >= 0, a[1] is not None and a[1] <= 0
    b_up, b_down = b[0] is not None and b[0] >= 0, b[1] is not None and b[1] <= 0
    zero = Fraction(0)
    low = zero if (a_up and b_up) or (a_down and b_down) else None
    high = zero if (a_up and b_down) or (a_down and b_up) else None
    return (low, high)


def _least(bounds: Sequence[Fraction | None]) -> Fraction | None:
    """The least of some lower bounds (None, none, when one of them is)."""
    known = [b for b in bounds if b is not None]
    return min(known) if known and len(known) == len(bounds) else None


def _most(bounds: Sequence[Fraction | None]) -> Fraction | None:
    """The greatest of some upper bounds (None, none, when one of them is)."""
    known = [b for b in bounds if b is not None]
    return max(known) if known and len(known) == len(bounds) else None


def _add(x: Fraction | None, y: Fraction | None) -> Fraction | None:
    return None if x is None or y is None else x + y


def _product(a: _Range, b: _Range) -> _Range:
    """Interval multiplication, a missing bound being infinite (the values themselves are finite: an
    infinite bound times 0 is 0)."""
    ends = [
        Fraction(0) if x == 0 or y == 0 else x * y
        for x in (-math.inf if a[0] is None else a[0], math.inf if a[1] is None else a[1])
        for y in (-math.inf if b[0] is None else b[0], math.inf if b[1] is None else b[1])
    ]
    low, high = min(ends), max(ends)
    return (None if math.isinf(low) else Fraction(low), None if math.isinf(high) else Fraction(high))


def _outwards(bounds: _Range) -> _Range:
    """Each bound as the nearest double outwards (none beyond a double's range): a value the engines round to
    the nearer double never crosses it."""
    low, high = bounds
    return (_to_double(low, -1), _to_double(high, 1))


def _to_double(value: Fraction | None, direction: int) -> Fraction | None:
    if value is None:
        return None
    try:
        near = float(value)
    except OverflowError:
        return None
    if (direction < 0 and Fraction(near) > value) or (direction > 0 and Fraction(near) < value):
        near = math.nextafter(near, direction * math.inf)
    return None if math.isinf(near) else Fraction(near)


# ---- environments (threshold values for one region and date) ----------------------------------------------------


class Environment:
    """Threshold values for one region and date: each fact-free term folded exactly as both engines fold
    it (money in fen); a term reading a parameter with no value there is unknown."""

    def __init__(self, params: Mapping[str, ResolvedParameter], label: str = "") -> None:
        self.params = params
        self.label = label
        self._values: dict[Term, Fraction | None] = {}

    def covers(self, names: Iterable[str]) -> bool:
        """Whether every one of these parameters has a value here."""
        return all(name in self.params for name in names)

    def value(self, term: Term) -> Fraction | None:
        if term not in self._values:
            try:
                folded = fold(term, self.params)
            except (TypeError, ValueError, ArithmeticError):  # a term kind fold does not know
                folded = None
            self._values[term] = None if folded is None else Fraction(engine_number(folded))
        return self._values[term]


# ---- atoms to literals --------------------------------------------------------------------------------------------


def _is_known_term(term: object) -> bool:
    if isinstance(term, TNeg):
        return _is_known_term(term.operand)
    if isinstance(term, TArith):
        return _is_known_term(term.left) and _is_known_term(term.right)
    if isinstance(term, TCall):
        return all(_is_known_term(a) for a in term.args)
    return isinstance(term, _KNOWN_TERMS)


def _word_term(term: Term) -> bool:
    """Whether a term is a word (text, vocabulary, yes/no) rather than a number."""
    if isinstance(term, TConst):
        return isinstance(term.value, str)
    if isinstance(term, TFact):
        return term.kind in (Kind.TEXT, Kind.ENUM, Kind.BOOL)
    return False


def _var(term: Term) -> _Var:
    if isinstance(term, TFact):
        return _Var("fact", term.name)
    return _Var("term", term) if facts_of(term) else _Var("threshold", term)


def _number(const: TConst) -> Fraction:
    """A rule literal as both engines compare it (money in fen, the nearest double when not whole)."""
    assert isinstance(const.value, Decimal)
    value = const.value * 100 if const.unit == "money" else const.value
    return Fraction(engine_number(value))


def _relation(op: str, a: _Var | Fraction, b: _Var | Fraction) -> _Conj:
    """The literals of ``a op b`` (op one of < <= > >= == !=), at least one side a variable."""
    if not isinstance(a, _Var):
        op, a, b = _FLIP[op], b, a
    assert isinstance(a, _Var)
    right, value = (b, Fraction(0)) if isinstance(b, _Var) else (None, b)
    if op == "<":
        return frozenset({_Bound(a, right, value, True)})
    if op == "<=":
        return frozenset({_Bound(a, right, value, False)})
    if op == ">":
        return frozenset({_Bound(right, a, -value, True)})
    if op == ">=":
        return frozenset({_Bound(right, a, -value, False)})
    if op == "==":
        return frozenset({_Bound(a, right, value, False), _Bound(right, a, -value, False)})
    return frozenset({_NotEqual(a, right, value)})


def _never_unknown(term: Term) -> bool:
    """Whether a term has a value whatever is unknown: a number, ``coalesce(x, …, 0)`` (its last argument
    never unknown), and sums, differences, products, ``abs``, ``min`` and ``max`` of such terms (a
    quotient may divide by zero). ``coalesce(public_job_income, 0) > 1000`` is never unknown, so no case
    of its rule can be not evaluable."""
    match term:
        case TConst():
            return True
        case TCall(function="coalesce", args=args):
            return bool(args) and _never_unknown(args[-1])
        case TCall(function="abs" | "min" | "max", args=args):
            return all(_never_unknown(a) for a in args)
        case TArith(op="+" | "-" | "*", left=left, right=right):
            return _never_unknown(left) and _never_unknown(right)
    return False


def _atom_forms(node: Condition) -> dict[str, list[_Conj]] | None:
    """The literal conjunctions under which an atom is T, F and U; None for a node not known here."""
    match node:
        case TCompare(op=op, left=left, right=right) if _is_known_term(left) and _is_known_term(right):
            sides = [s for s in (left, right) if not isinstance(s, TConst)]
            unknown: list[_Conj] = [frozenset({_Absent(_var(s))}) for s in sides if not _never_unknown(s)]
            if _word_term(left) or _word_term(right):
                if op not in ("==", "!="):
                    return None
                const = left if isinstance(left, TConst) else right if isinstance(right, TConst) else None
                if const is not None:
                    other = right if const is left else left
                    word = frozenset[object]({const.value})
                    equal: _Conj = frozenset({_OneOf(_var(other), word)})
                    differ: _Conj = frozenset({_NoneOf(_var(other), word)})
                else:
                    a, b = _var(left), _var(right)
                    equal, differ = frozenset({_SameWord(a, b, True)}), frozenset({_SameWord(a, b, False)})
                true, false = (equal, differ) if op == "==" else (differ, equal)
                return {"T": [true], "F": [false], "U": unknown}
            x: _Var | Fraction = _number(left) if isinstance(left, TConst) else _var(left)
            y: _Var | Fraction = _number(right) if isinstance(right, TConst) else _var(right)
            return {"T": [_relation(op, x, y)], "F": [_relation(_NEGATE[op], x, y)], "U": unknown}
        case TIn(operand=operand, values=values) if _is_known_term(operand) and not isinstance(operand, TConst):
            v = _var(operand)
            if all(isinstance(value, str) for value in values):
                words = frozenset[object](values)
                return {
                    "T": [frozenset({_OneOf(v, words)})],
                    "F": [frozenset({_NoneOf(v, words)})],
                    "U": [frozenset({_Absent(v)})],
                }
            numbers = [Fraction(engine_number(value)) for value in values if isinstance(value, Decimal)]
            if len(numbers) != len(values):
                return None
            return {
                "T": [_relation("==", v, n) for n in numbers],
                "F": [frozenset({_Known(v), *(lit for n in numbers for lit in _relation("!=", v, n))})],
                "U": [frozenset({_Absent(v)})],
            }
        case TMissing(operand=operand) if _is_known_term(operand) and not isinstance(operand, TConst):
            v = _var(operand)
            return {"T": [frozenset({_Absent(v)})], "F": [frozenset({_Known(v)})], "U": []}
        case TTruth(fact=name):
            v = _Var("fact", name)
            return {
                "T": [frozenset({_OneOf(v, frozenset({True}))})],
                "F": [frozenset({_OneOf(v, frozenset({False}))})],
                "U": [frozenset({_Absent(v)})],
            }
    return None


def _expand(node: Any, want: _Want) -> Iterator[tuple[_Conj, list[tuple[Any, _Want]]]]:
    """The ways ``node`` can be what ``want`` asks: each a conjunction of literals and further goals
    (generated lazily: a search that stops early never builds the rest)."""
    if want == "NF":
        yield from _expand(node, "T")
        yield from _expand(node, "U")
        return
    if want == "NT":
        yield from _expand(node, "F")
        yield from _expand(node, "U")
        return
    empty: _Conj = frozenset()
    match node:
        case TNot(operand=x):
            yield empty, [(x, _NEGATED_WANT[want])]
            return
        case TAnd(items=items) | TOr(items=items):
            conjunction = isinstance(node, TAnd)
            every, some = ("T", "F") if conjunction else ("F", "T")
            other: _Want = "NF" if conjunction else "NT"  # what the others may be when one is unknown
            if want == every:
                yield empty, [(i, want) for i in items]
            elif want == some:
                for i in items:
                    yield empty, [(i, want)]
            else:
                for j, item in enumerate(items):
                    yield empty, [(item, "U"), *((o, other) for k, o in enumerate(items) if k != j)]
            return
    forms = _forms_of(node)
    if forms is None:
        yield frozenset({_Opaque(_key(node), want)}), []
        return
    for conj in forms[want]:
        yield conj, []


_FORMS: dict[Any, dict[str, list[_Conj]] | None] = {}


def _forms_of(node: Any) -> dict[str, list[_Conj]] | None:
    """:func:`_atom_forms`, computed once per atom (typed trees are immutable and shared between rules)."""
    try:
        if node not in _FORMS:
            if len(_FORMS) > 100_000:
                _FORMS.clear()
            _FORMS[node] = _atom_forms(node)
        return _FORMS[node]
    except TypeError:  # an unhashable node of a kind not known here
        return _atom_forms(node)


def _key(node: Any) -> Any:
    try:
        hash(node)
    except TypeError:
        return id(node)
    return node


# ---- consistency of a conjunction ----------------------------------------------------------------------------------

_Weight = tuple[Fraction, bool]  # (bound, strict)


@dataclass
class _Domains:
    """The facts' own domains, from the fact catalogue of a scope."""

    scope: Scope
    words: dict[str, frozenset[object] | None] = field(default_factory=dict)
    #: False: every number is taken as any real value (no step), to tell a range that is empty only because
    #: its values are whole (``labor_count > 0 and labor_count < 1``) from one whose ends are inverted.
    stepped: bool = True

    @property
    def facts(self) -> Mapping[str, FactInfo]:
        return self.scope.facts

    def word_domain(self, var: _Var) -> frozenset[object] | None:
        if var.kind != "fact":
            return None
        name = str(var.key)
        if name not in self.words:
            info = self.facts.get(name)
            domain: frozenset[object] | None = None
            if info is not None and info.kind is Kind.BOOL:
                domain = frozenset({True, False})
            elif info is not None and info.kind is Kind.ENUM and info.enum is not None:
                domain = frozenset(m.value for m in info.enum)
            self.words[name] = domain
        return self.words[name]

    def step(self, var: _Var) -> Fraction | None:
        """The step between the values a variable takes: 1 for the whole-numbered facts (fen, counts, month
        and day numbers), 1/100 for an area or a distance (the model keeps two decimals of 亩, 平方米 and 公里,
        as it keeps the fen of money); None for any other (a computed term, a threshold), and for every
        variable when the domains are not ``stepped``."""
        if var.kind != "fact" or not self.stepped:
            return None
        info = self.facts.get(str(var.key))
        if info is None:
            return None
        if info.kind in (Kind.MONEY, Kind.COUNT, Kind.MONTH, Kind.DATE):
            return Fraction(1)
        return QUANTITY_STEP if info.kind is Kind.QUANTITY else None


#: The step of an area's or a distance's values (two decimals: :func:`fanpin.model.vocabulary.parse_quantity`).
QUANTITY_STEP = Fraction(1, 100)


def _common_step(a: Fraction | None, b: Fraction | None) -> Fraction | None:
    """The step of ``x − y`` for steps ``a`` and ``b`` (0: the constant 0, on every step; None: any value)."""
    if a is None or b is None:
        return None
    if not a or not b:
        return a or b or Fraction(1)
    return Fraction(math.gcd(a.numerator * b.denominator, b.numerator * a.denominator), a.denominator * b.denominator)


def _on_step(value: Fraction, step: Fraction, strict: bool) -> Fraction:
    """The largest multiple of ``step`` at most ``value`` (below it when ``strict``).

    An area's value and a rule's literal reach the engines as doubles (0.29 亩 as 0.28999…): a literal that
    is a double of a multiple of a step of hundredths stands for that multiple, which both engines see as
    the same double, and a literal between two multiples (a few decimals at most) lies between their
    doubles."""
    units = value / step
    if step != 1:
        nearest = round(units)
        if abs(units - nearest) <= Fraction(1, 10**9) + abs(units) * Fraction(1, 2**50):
            units = Fraction(nearest)
    return (math.ceil(units) - 1 if strict else math.floor(units)) * step


def _less(a: _Weight, b: _Weight) -> bool:
    return a[0] < b[0] or (a[0] == b[0] and a[1] and not b[1])


def _total(term: Term) -> bool:
    """A computed term that is known whenever its facts are: no division (÷ 0 is unknown), no coalesce,
    no parameter (one without a value is unknown)."""
    match term:
        case TFact() | TConst():
            return True
        case TNeg(operand=x):
            return _total(x)
        case TArith(op=op, left=left, right=right):
            return op != "/" and _total(left) and _total(right)
        case TCall(function=fn, args=args):
            return fn in _TOTAL_FUNCTIONS and all(_total(a) for a in args)
    return False


#: Functions known whenever their arguments are (``age`` is unknown before birth, ``coalesce`` known
#: with one argument): a function not listed is not assumed total.
_TOTAL_FUNCTIONS = frozenset(
    {
        "min",
        "max",
        "abs",
        "months_since",
        "months_between",
        "days_until",
        "length",
        "starts_with",
        "ends_with",
        "contains_text",
        "matches",
    }
)


def _has_coalesce(term: Term) -> bool:
    match term:
        case TCall(function=fn, args=args):
            return fn == "coalesce" or any(_has_coalesce(a) for a in args)
        case TArith(left=left, right=right):
            return _has_coalesce(left) or _has_coalesce(right)
        case TNeg(operand=x):
            return _has_coalesce(x)
    return False


class _Checker:
    """Whether a conjunction of literals has a solution, in one environment or with free thresholds."""

    def __init__(self, domains: _Domains) -> None:
        self.domains = domains

    def consistent(self, conj: _Conj, env: Environment | None) -> bool:
        return self._presence(conj, env) and self._words(conj) and self._opaque(conj) and self._numbers(conj, env)

    # -- known / absent --
    def _presence(self, conj: _Conj, env: Environment | None) -> bool:
        known: set[_Var] = set()
        absent: set[_Var] = set()
        for lit in conj:
            if isinstance(lit, _Absent):
                absent.add(lit.var)
            elif isinstance(lit, _Known | _OneOf | _NoneOf):
                known.add(lit.var)
            elif isinstance(lit, _Bound | _NotEqual):
                known.update(v for v in (lit.left, lit.right) if v is not None)
            elif isinstance(lit, _SameWord):
                known.update((lit.a, lit.b))
        if known & absent:
            return False
        if any(v.kind == "fact" and self.domains.scope.always_known(str(v.key)) for v in absent):
            return False
        for var in known | absent:
            fixed = var.kind == "threshold" and env is not None and _threshold_fixed(env, var)
            if fixed and env is not None and (env.value(var.key) is None) == (var in known):
                return False  # a threshold known where it has no value, or absent where it has one
        for var in known:
            if (
                var.kind == "term"
                and not _has_coalesce(var.key)
                and any(_Var("fact", f) in absent for f in facts_of(var.key))
            ):
                return False  # a computed term is known only if every fact it reads is
        for var in absent:
            if var.kind == "term" and _total(var.key) and all(_Var("fact", f) in known for f in facts_of(var.key)):
                return False
        return True

    # -- words --
    def _words(self, conj: _Conj) -> bool:
        parent: dict[_Var, _Var] = {}

        def find(v: _Var) -> _Var:
            while parent.get(v, v) != v:
                v = parent[v]
            return v

        same = [lit for lit in conj if isinstance(lit, _SameWord)]
        for pair in same:
            if pair.equal:
                parent[find(pair.a)] = find(pair.b)
        allowed: dict[_Var, frozenset[object] | None] = {}
        excluded: dict[_Var, set[object]] = {}
        members: dict[_Var, set[_Var]] = {}
        word_vars = {lit.var for lit in conj if isinstance(lit, _OneOf | _NoneOf)}
        word_vars |= {v for pair in same for v in (pair.a, pair.b)}
        for var in word_vars:
            members.setdefault(find(var), set()).add(var)
        for root, group in members.items():
            domain: frozenset[object] | None = None
            for var in group:
                own = self.domains.word_domain(var)
                if own is not None:
                    domain = own if domain is None else domain & own
            allowed[root] = domain
            excluded[root] = set()
        for lit in conj:
            if isinstance(lit, _OneOf):
                root = find(lit.var)
                current = allowed[root]
                allowed[root] = lit.values if current is None else current & lit.values
            elif isinstance(lit, _NoneOf):
                excluded[find(lit.var)].update(lit.values)
        remaining: dict[_Var, frozenset[object] | None] = {}
        for root, values in allowed.items():
            if values is not None:
                left = values - excluded[root]
                if not left:
                    return False
                remaining[root] = left
            else:
                remaining[root] = None
        for pair in same:
            if not pair.equal:
                a, b = find(pair.a), find(pair.b)
                if a == b:
                    return False
                ra, rb = remaining[a], remaining[b]
                if ra is not None and rb is not None and len(ra) == 1 and ra == rb:
                    return False
        return True

    # -- nodes not known here --
    def _opaque(self, conj: _Conj) -> bool:
        seen: dict[Any, str] = {}
        for lit in conj:
            if isinstance(lit, _Opaque) and seen.setdefault(lit.node, lit.outcome) != lit.outcome:
                return False
        return True

    # -- numbers: a difference-bound matrix --
    def _numbers(self, conj: _Conj, env: Environment | None) -> bool:
        bounds = [lit for lit in conj if isinstance(lit, _Bound)]
        unequal = [lit for lit in conj if isinstance(lit, _NotEqual)]
        if not bounds and not unequal:
            return True
        edges: list[tuple[_Var | None, _Var | None, Fraction, bool]] = []

        def place(v: _Var | None) -> tuple[_Var | None, Fraction] | None:
            """A variable, or (in an environment) a threshold replaced by its value; None: unknown there."""
            if v is not None and v.kind == "threshold" and env is not None and _threshold_fixed(env, v):
                value = env.value(v.key)
                return None if value is None else (None, value)
            return v, Fraction(0)

        for lit in bounds:
            left, right = place(lit.left), place(lit.right)
            if left is None or right is None:
                return False
            # (l + a) − (r + b) ≤ c  ⇔  l − r ≤ c − a + b
            edges.append((left[0], right[0], lit.value - left[1] + right[1], lit.strict))
        points: list[tuple[_Var | None, _Var | None, Fraction]] = []
        for ne in unequal:
            left, right = place(ne.left), place(ne.right)
            if left is None or right is None:
                return False
            points.append((left[0], right[0], ne.value - left[1] + right[1]))
        variables: list[_Var | None] = [None]
        for pair in [(e[0], e[1]) for e in edges] + [(p[0], p[1]) for p in points]:
            for v in pair:
                if v not in variables:
                    variables.append(v)
        for v in variables[1:]:
            assert v is not None
            if v.kind in ("fact", "term"):
                low, high = fact_range(str(v.key), self.domains.scope) if v.kind == "fact" else term_range(v.key)
                if high is not None:
                    edges.append((v, None, high, False))
                if low is not None:
                    edges.append((None, v, -low, False))
        everyone = _Var("fact", MEMBER_COUNT)
        if everyone in variables:
            # count(members, c) is never above count(members): some of the members, never more than all.
            edges += [(v, everyone, Fraction(0), False) for v in variables[1:] if v is not None and _counted(v)]
        index = {v: i for i, v in enumerate(variables)}
        steps = [Fraction(0) if v is None else self.domains.step(v) for v in variables]
        n = len(variables)
        dist: list[list[_Weight | None]] = [[None] * n for _ in range(n)]
        for i in range(n):
            dist[i][i] = (Fraction(0), False)
        for a, b, value, strict in edges:
            i, j = index[a], index[b]
            weight: _Weight = (value, strict)
            step = _common_step(steps[i], steps[j])
            if step is not None:  # x − y on a step of values: a strict bound is the next value on it
                weight = (_on_step(value, step, strict), False)
            if i == j:
                if _less(weight, (Fraction(0), False)):
                    return False
                continue
            current = dist[i][j]
            if current is None or _less(weight, current):
                dist[i][j] = weight
        # x_i − x_j ≤ dist[i][j]: Floyd–Warshall; a negative cycle is a contradiction.
        for k in range(n):
            for i in range(n):
                ik = dist[i][k]
                if ik is None:
                    continue
                for j in range(n):
                    kj = dist[k][j]
                    if kj is None:
                        continue
                    through = (ik[0] + kj[0], ik[1] or kj[1])
                    current = dist[i][j]
                    if current is None or _less(through, current):
                        dist[i][j] = through
        for i in range(n):
            own = dist[i][i]
            assert own is not None
            if _less(own, (Fraction(0), False)):
                return False
        return self._points(points, dist, index, steps)

    def _points(
        self,
        points: list[tuple[_Var | None, _Var | None, Fraction]],
        dist: list[list[_Weight | None]],
        index: Mapping[_Var | None, int],
        steps: list[Fraction | None],
    ) -> bool:
        """``a − b ≠ c``: a contradiction when the bounds pin ``a − b`` to ``c``, or leave a fact of whole
        numbers (or of hundredths) only values that are all excluded."""
        excluded: dict[int, set[Fraction]] = {}
        for a, b, value in points:
            i, j = index[a], index[b]
            up, down = dist[i][j], dist[j][i]
            if up is not None and down is not None and up == (value, False) and down == (-value, False):
                return False
            if j == 0 and i != 0:
                excluded.setdefault(i, set()).add(value)
            elif i == 0 and j != 0:
                excluded.setdefault(j, set()).add(-value)
        for i, values in excluded.items():
            up, down = dist[i][0], dist[0][i]
            step = steps[i]
            if not step or up is None or down is None:
                continue
            # x ≤ up (x < up when strict) and −x ≤ down, for x a multiple of step (counted in steps):
            high = _on_step(up[0], step, up[1]) / step
            low = -_on_step(down[0], step, down[1]) / step
            if high - low <= 256 and all(p * step in values for p in range(int(low), int(high) + 1)):
                return False
        return True


def _counted(var: _Var) -> bool:
    """Whether a variable is ``count(members, c)``: a number of members a condition holds for."""
    name = var.key if var.kind == "fact" else None
    return (
        isinstance(name, str)
        and name in AGGREGATES
        and AGGREGATES[name].kind == "count"
        and (AGGREGATES[name].condition is not None)
    )


def _threshold_fixed(env: Environment, var: _Var) -> bool:
    """Whether an environment gives a threshold a definite value or a definite absence (a term kind the
    folding does not know stays a free symbol)."""
    return _is_known_term(var.key)


# ---- the search ------------------------------------------------------------------------------------------------------


class _BudgetError(Exception):
    """The search grew past its budget."""


class Analyzer:
    """Answers what conditions can evaluate to, over the fact catalogue and a list of environments (one
    per region and date the parameters distinguish; none: thresholds are free symbols)."""

    def __init__(
        self,
        facts: Mapping[str, FactInfo] = FACTS,
        environments: Sequence[Environment] = (),
        *,
        scope: Scope | None = None,
        budget: int = 20_000,
        work: int = 50_000,
        stepped: bool = True,
    ) -> None:
        self.environments = list(environments)
        self.budget = budget  # most search steps per question
        self.work = work  # most literals checked per question (a check costs its conjunction's size)
        self._spent = 0
        if scope is None:
            scope = HOUSEHOLD if facts is FACTS else Scope(facts, HOUSEHOLD.bounds, HOUSEHOLD.always_known)
        self.scope = scope
        self.stepped = stepped  # False: numbers take any real value (:attr:`_Domains.stepped`)
        self._checker = _Checker(_Domains(scope, stepped=stepped))
        self._symbolic: dict[_Conj, bool] = {}
        self._concrete: dict[tuple[_Conj, int], bool] = {}

    # -- public questions --
    def find(self, *goals: tuple[Condition, Outcome]) -> Witness | None:
        """A witness that every condition can have its outcome at once (in one environment), or None when
        none exists. A search past the budget gives an uncertain witness with no literals."""
        steps = [0]
        self._spent = 0
        try:
            for leaf in self._leaves([(c, _WANT_OF[o]) for c, o in goals], frozenset(), steps):
                found = self._environment_of(leaf)
                if found is not None:
                    certain = not any(isinstance(lit, _Opaque) and lit.outcome == "U" for lit in leaf)
                    return Witness(leaf, found if self.environments else None, certain)
        except (_BudgetError, RecursionError):  # too large to search: assume satisfiable, uncertain
            return Witness(frozenset(), None, False)
        return None

    def can_be(self, condition: Condition, outcome: Outcome) -> bool:
        """Whether some household (in some environment) gives ``condition`` this outcome; True when the
        analysis cannot tell."""
        return self.find((condition, outcome)) is not None

    def surely_can_be(self, condition: Condition, outcome: Outcome) -> bool:
        """Whether the analysis is certain that some household gives ``condition`` this outcome."""
        witness = self.find((condition, outcome))
        return witness is not None and witness.certain

    def implies(self, a: Condition, b: Condition) -> bool:
        """Whether ``b`` is true for every household for which ``a`` is true (False when unsure)."""
        return self.find((a, "true"), (b, "false")) is None and self.find((a, "true"), (b, "unknown")) is None

    def outcomes(self, condition: Condition) -> frozenset[Outcome]:
        """The outcomes ``condition`` can have (an outcome the analysis cannot rule out is included)."""
        return frozenset(o for o in get_args(Outcome) if self.can_be(condition, o))

    # -- search --
    def _leaves(self, goals: list[tuple[Any, _Want]], conj: _Conj, steps: list[int]) -> Iterator[_Conj]:
        steps[0] += 1
        if steps[0] > self.budget:
            raise _BudgetError
        if not goals:
            yield conj
            return
        (node, want), rest = goals[0], goals[1:]
        for literals, more in _expand(node, want):
            joined = conj | literals
            if literals and not self._plausible(joined):
                continue
            yield from self._leaves(more + rest, joined, steps)

    def _plausible(self, conj: _Conj) -> bool:
        if conj not in self._symbolic:
            self._charge(conj)
            self._symbolic[conj] = self._checker.consistent(conj, None)
        return self._symbolic[conj]

    def _charge(self, conj: _Conj) -> None:
        self._spent += len(conj)
        if self._spent > self.work:
            raise _BudgetError

    def _environment_of(self, conj: _Conj) -> int | None:
        """The first environment in which ``conj`` holds (0 when it reads no threshold); None if none."""
        if not self.environments or not any(_reads_threshold(lit) for lit in conj):
            return 0 if self._plausible(conj) else None
        for i, env in enumerate(self.environments):
            key = (conj, i)
            if key not in self._concrete:
                self._charge(conj)
                self._concrete[key] = self._checker.consistent(conj, env)
            if self._concrete[key]:
                return i
        return None


def _reads_threshold(lit: _Literal) -> bool:
    variables: Iterable[_Var | None]
    if isinstance(lit, _Bound | _NotEqual):
        variables = (lit.left, lit.right)
    elif isinstance(lit, _Known | _Absent):
        variables = (lit.var,)
    else:
        return False
    return any(v is not None and v.kind == "threshold" for v in variables)


# ---- rendering -------------------------------------------------------------------------------------------------------


def render_condition(node: Any, facts: Mapping[str, FactInfo] | None = None) -> str:
    """A typed condition written back in the rule language (vocabulary values as their Chinese labels,
    money in 元), for messages; member facts are found too (a member condition is shown the same way). A
    node kind not known here is shown as Python writes it."""
    facts = facts if facts is not None else _MemberFacts()

    def term(t: Term) -> str:
        if isinstance(t, TCall) and t.function == "age" and t.args == (TFact("birth_date", Kind.DATE),):
            return "age"
        try:
            return render(t)
        except TypeError:
            return repr(t)

    def word(subject: Term, value: object) -> str:
        info = facts.get(subject.name) if isinstance(subject, TFact) else None
        if info is not None and info.enum is not None and isinstance(value, str):
            try:
                parsed = info.enum.parse(value)
            except ValueError:
                parsed = None
            if parsed is not None:
                return f'"{parsed.label}"'
        return f'"{value}"'

    def number(subject: Term, value: Decimal) -> str:
        shown = value / 100 if isinstance(subject, TFact) and subject.kind is Kind.MONEY else value
        return str(int(shown)) if shown == shown.to_integral_value() else format(shown.normalize(), "f")

    members = {info.fact(m): (info.name, m.label) for info in SETS.values() for m in info.enum}

    def set_test(n: Any) -> str | None:
        """``risks is empty`` / ``risks is not empty`` for the tests the type checker writes them as."""
        items = n.items if isinstance(n, TAnd | TOr) else ()
        negated = [i.operand for i in items if isinstance(i, TNot)] if isinstance(n, TAnd) else list(items)
        names = [i.fact for i in negated if isinstance(i, TTruth) and i.fact in members]
        for info in SETS.values():
            if len(names) == len(items) == len(info.enum) and {members[f][0] for f in names} == {info.name}:
                return f"{info.name} is empty" if isinstance(n, TAnd) else f"{info.name} is not empty"
        return None

    def show(n: Any, parent: str = "") -> str:
        shown_set = set_test(n)
        if shown_set is not None:
            return shown_set
        match n:
            case TTruth(fact=name) if name in members:
                return f'{members[name][0]} contains "{members[name][1]}"'
            case TNot(operand=TTruth(fact=name)) if name in members:
                return f'not {members[name][0]} contains "{members[name][1]}"'

            case TCompare(op=op, left=left, right=right):
                if isinstance(right, TConst) and isinstance(right.value, str):
                    return f"{term(left)} {op} {word(left, right.value)}"
                if isinstance(left, TConst) and isinstance(left.value, str):
                    return f"{word(right, left.value)} {op} {term(right)}"
                return f"{term(left)} {op} {term(right)}"
            case TIn(operand=x, values=values):
                shown = [word(x, v) if isinstance(v, str) else number(x, v) for v in values]
                return f"{term(x)} in {{{', '.join(shown)}}}"
            case TMissing(operand=x):
                return f"{term(x)} is missing"
            case TTruth(fact=name) if name in AGGREGATES:
                agg = AGGREGATES[name]
                return f"{agg.kind}(members, {agg.text})"
            case TTruth(fact=name):
                return name
            case TNot(operand=TMissing(operand=x)):
                return f"{term(x)} is not missing"
            case TNot(operand=TIn() as inner):
                return show(inner).replace(" in {", " not in {", 1)
            case TNot(operand=x):
                return f"not {show(x, 'not')}"
            case TAnd(items=items):
                text = " and ".join(show(i, "and") for i in items)
                return f"({text})" if parent in ("not", "or") else text
            case TOr(items=items):
                text = " or ".join(show(i, "or") for i in items)
                return f"({text})" if parent in ("and", "not") else text
        return repr(n)

    return show(node)


def describe_fact_range(name: str, scope: Scope | None = None) -> str:
    """``labor_count (劳动力人数) is never below 0``-style words for a fact's model bounds; empty if none."""
    scope = scope or HOUSEHOLD
    low, high = fact_range(name, scope)
    info = scope.facts.get(name)
    scale = 100 if info is not None and info.kind is Kind.MONEY else 1
    label = f"{name} ({info.label})" if info is not None else name
    if name in AGGREGATES:  # a count of members, named as the rule writes it
        made = AGGREGATES[name]
        label = f"{made.kind}(members, {made.text})" if made.condition is not None else "count(members)"
    parts = []
    if low is not None:
        parts.append(f"never below {_plain(low / scale)}")
    if high is not None:
        parts.append(f"never above {_plain(high / scale)}")
    who = "member" if scope is not HOUSEHOLD and name in MEMBER_FACTS else "household"
    return f"{label} is {' and '.join(parts)} for a valid {who}" if parts else ""


def describe_term_range(term: Term, scope: Scope | None = None) -> str:
    """``wage_income * 2 is never below 0``-style words for a computed term's bounds (:func:`term_range`), in
    the units rules are written in (money in 元); empty if it has none.

    >>> from fanpin.lang.typecheck import check_condition
    >>> from fanpin.model.facts import FACTS
    >>> describe_term_range(check_condition("wage_income + 500 < 0", FACTS, {}).left)
    'wage_income + 500 is never below 500'
    """
    low, high = term_range(term, scope)
    if _is_share(term):
        return f"{render(term)} is a share of the members: from {low} to {high}"
    scale = 100 if unit_of(term) == "money" else 1
    parts = []
    if low is not None:
        parts.append(f"never below {_plain(low / scale)}")
    if high is not None:
        parts.append(f"never above {_plain(high / scale)}")
    return f"{render(term)} is {' and '.join(parts)}" if parts else ""


def _plain(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else str(float(value))
