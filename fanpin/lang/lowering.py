"""From typed conditions to what an engine compares: slots, folded thresholds, computed terms.

Both engines see the same picture. Each operand of a test is one of

- a **fact** (an encoded household value: whole fen, counts, 1/0, text, month/day numbers),
- a **literal** written in the rule (money literals scaled to fen),
- a **threshold**: a term of parameters and literals only (``near_line_multiple * monitoring_line``),
  folded *exactly* in decimal arithmetic once per region and date, or
- a **computed term** over facts (``(net_income - rigid_expense) / size``).

The arithmetic of a computed term is defined here once, and the batch compiler does the same operations
in the same order: integers stay integers under ``+ - *``; a non-integer decimal factor ``k = p/q`` is
applied as ``x * p / q``; ``/`` is one IEEE division of the operands as doubles, and a division by zero
is *unknown*. So a value exactly on a threshold compares exactly on both paths. Every value a term
takes, and every step on the way, stays below 2^63 in magnitude (:data:`TERM_LIMIT`, the range of
polars' 64-bit integers) and finite: a step beyond it makes the term *unknown* on both engines, as a
division by zero does, rather than wrapping around on one engine and growing without bound on the other.
(durable-rules' own arithmetic is unusable: it divides integers in C, ``3/10 == 0``, and a division by zero kills the
process with SIGFPE; fanpin therefore never asks it to compute.)
"""

from __future__ import annotations

import itertools
import operator
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeVar

from fanpin.lang.members import AGGREGATES
from fanpin.lang.syntax import TEXT_PATTERNS
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
    facts_of,
    params_of,
)
from fanpin.model.parameters import ResolvedParameter

__all__ = [
    "TERM_LIMIT",
    "Evaluator",
    "Number",
    "Slots",
    "atoms",
    "calendar_text",
    "compile_term",
    "compile_terms",
    "decimal_factor_operands",
    "decimal_ratio",
    "factor_ratio",
    "fold",
    "in_range",
    "literal",
    "render",
    "whole_literal_factor",
]

Number = int | float | Decimal
Value = int | float | str | None


def literal(const: TConst) -> int | float | str:
    """A rule literal as the engines compare it (money in fen)."""
    if isinstance(const.value, str):
        return const.value
    value = const.value * 100 if const.unit == "money" else const.value
    return int(value) if value == value.to_integral_value() else float(value)


#: Every value of a term, and every step computing it, is below this in magnitude (and finite); beyond
#: it the term is unknown on both engines. 2^63: polars' Int64 less its lowest value, -2^63.
TERM_LIMIT = 2**63
_FLOAT_LIMIT = float(TERM_LIMIT)


def in_range(value: Value) -> Value:
    """``value``, or None (unknown) when it is a number not strictly within ±:data:`TERM_LIMIT` (a float
    that is infinite or not a number included).

    >>> in_range(2**63 - 1), in_range(-(2**63)), in_range(float("inf")), in_range("text")
    (9223372036854775807, None, None, 'text')
    """
    if isinstance(value, int) and not -TERM_LIMIT < value < TERM_LIMIT:
        return None
    if isinstance(value, float) and not -_FLOAT_LIMIT < value < _FLOAT_LIMIT:
        return None  # also NaN, for which every comparison is false
    return value


def fold(term: Term, params: Mapping[str, ResolvedParameter]) -> Decimal | None:
    """Exact value of a fact-free term (money in fen); None when it is unknown: a division by zero, a
    parameter with no value for the region and date (absent from ``params``), or a step beyond
    :data:`TERM_LIMIT`."""
    return _folded(term, params, Decimal)


#: The numbers a fact-free term is folded in: decimals (:func:`fold`) or exact fractions (:func:`factor_ratio`).
_Number = TypeVar("_Number", Decimal, Fraction)


def _folded(term: Term, params: Mapping[str, ResolvedParameter], number: type[_Number]) -> _Number | None:
    """:func:`fold` in ``number``: each step unknown where a division is by zero, a parameter has no value,
    or a value leaves :data:`TERM_LIMIT`."""
    value: _Number | None
    match term:
        case TConst(value=Decimal() as given, unit=unit):
            value = number(given * 100 if unit == "money" else given)
        case TParam(name=name):
            p = params.get(name)  # absent: no value for this region and date, so the term is unknown
            value = None if p is None else number(p.value * 100 if p.unit == "money" else p.value)
        case TNeg(operand=x):
            inner = _folded(x, params, number)
            value = None if inner is None else -inner
        case TArith(op=op, left=left, right=right):
            a, b = _folded(left, params, number), _folded(right, params, number)
            if a is None or b is None:
                value = None
            else:
                value = (
                    a + b if op == "+" else a - b if op == "-" else a * b if op == "*" else None if b == 0 else a / b
                )
        case TCall(function=fn, args=args):
            values = [_folded(a, params, number) for a in args]
            known = [v for v in values if v is not None]
            if fn == "coalesce":
                value = known[0] if known else None
            elif len(known) < len(values):
                value = None
            else:
                value = abs(known[0]) if fn == "abs" else (min(known) if fn == "min" else max(known))
        case _:
            raise TypeError(f"not a fact-free term: {term}")
    return None if value is None or abs(value) >= TERM_LIMIT else value


def engine_number(value: Decimal) -> int | float:
    """A folded threshold as both engines receive it: an int when whole, else the nearest double."""
    return int(value) if value == value.to_integral_value() else float(value)


Evaluator = Callable[[Mapping[str, Any]], Value]


def compile_term(term: Term, params: Mapping[str, ResolvedParameter], as_of: date) -> Evaluator:
    """A function from encoded facts to the term's value, for one region's parameters and one date.

    This is the single definition of term arithmetic on the per-household path; fact-free parts are
    folded exactly once, here.
    """
    match term:
        case TFact(name=name):
            return lambda m: m.get(name)
        case TConst():
            constant: Value = literal(term)
            return lambda m: constant
        case TParam() | TArith() | TNeg() | TCall() if not facts_of(term):
            folded = fold(term, params)
            value: Value = None if folded is None else engine_number(folded)
            return lambda m: value
        case TNeg(operand=x):
            inner = compile_term(x, params, as_of)
            return lambda m: None if (v := inner(m)) is None else in_range(-v)  # type: ignore[operator]
        case TArith(op=op, left=left, right=right):
            return _compile_arith(op, left, right, params, as_of)
        case TCall(function="months_since", args=(x,)):
            month, now = compile_term(x, params, as_of), as_of.year * 12 + as_of.month - 1
            return lambda m: None if (v := month(m)) is None else now - v  # type: ignore[operator]
        case TCall(function="months_between", args=(first, second)):
            a, b = compile_term(first, params, as_of), compile_term(second, params, as_of)
            return lambda m: None if (x := a(m)) is None or (y := b(m)) is None else y - x  # type: ignore[operator]
        case TCall(function="days_until", args=(x,)):
            day, today = compile_term(x, params, as_of), as_of.toordinal()
            return lambda m: None if (v := day(m)) is None else v - today  # type: ignore[operator]
        case TCall(function="length", args=(x,)):
            text = compile_term(x, params, as_of)
            return lambda m: None if (v := text(m)) is None else len(str(v))
        case TCall(function=fn, args=(x, TConst(value=str() as pattern))) if fn in _TEXT_TESTS:
            text, test = compile_term(x, params, as_of), _TEXT_TESTS[fn]
            return lambda m: None if (v := text(m)) is None else int(test(str(v), pattern))
        case TCall(function="age", args=(born,)):
            return _compile_age(compile_term(born, params, as_of), lambda m: as_of.toordinal())
        case TCall(function="age_on", args=(born, day)):
            return _compile_age(compile_term(born, params, as_of), compile_term(day, params, as_of))
        case TCall(function=fn, args=args):
            return _compile_call(fn, [compile_term(a, params, as_of) for a in args])
    raise TypeError(term)  # pragma: no cover


def compile_terms(
    terms: Iterable[tuple[str, Term]], params: Mapping[str, ResolvedParameter], as_of: date
) -> Callable[[dict[str, Any]], None]:
    """One function that sets every ``(slot, term)`` of ``terms`` that is known into an engine message
    (a term that is unknown is left out): :func:`compile_term` for each, its arithmetic written out as
    Python source so that a household pays one call, not one closure call per operation. Arithmetic
    is :func:`compile_term`'s, operation for operation (a test holds them equal); the other calls
    (``months_since`` …) are :func:`compile_term`'s own closures. Values enter the source only as names
    bound in its namespace."""
    namespace: dict[str, Any] = {"LIMIT": TERM_LIMIT}
    temps = itertools.count()

    def in_range_of(expression: str) -> str:
        """:func:`in_range` of a number written out: a comparison with an int is exact for a float too,
        and false for NaN, as :func:`in_range`'s with its float limit (2^63 is exact as a double)."""
        w = f"w{next(temps)}"
        return f"({w} if -LIMIT < ({w} := {expression}) < LIMIT else None)"

    def bind(value: Any) -> str:
        name = f"c{len(namespace)}"
        namespace[name] = value
        return name

    def source(term: Term) -> str:
        match term:
            case TFact(name=name):
                return f"g({bind(name)})"
            case TConst():
                return bind(literal(term))
            case TParam() | TArith() | TNeg() | TCall() if not facts_of(term):
                folded = fold(term, params)
                return bind(None if folded is None else engine_number(folded))
            case TNeg(operand=x):
                v = f"v{next(temps)}"
                return f"(None if ({v} := {source(x)}) is None else {in_range_of(f'-{v}')})"
            case TArith(op=op, left=left, right=right):
                return arith(op, left, right)
        return f"{bind(compile_term(term, params, as_of))}(m)"

    def arith(op: str, left: Term, right: Term) -> str:
        scaled = _decimal_factor(op, left, right, params)
        if scaled is not None:
            other, ratio = scaled
            if ratio is None:
                return "None"
            v, pv = f"v{next(temps)}", f"v{next(temps)}"
            p, q = bind(ratio[0]), bind(ratio[1])
            product, quotient = f"({pv} := {in_range_of(f'{v} * {p}')})", in_range_of(f"float({pv}) / {q}")
            return f"(None if ({v} := {source(other)}) is None or {product} is None else {quotient})"
        x, y = f"v{next(temps)}", f"v{next(temps)}"
        a, b = source(left), source(right)
        if op == "/":
            quotient = in_range_of(f"float({x}) / float({y})")
            return f"(None if ({x} := {a}) is None or ({y} := {b}) is None or {y} == 0 else {quotient})"
        result = in_range_of(f"{x} {_SOURCE_BINARY[op]} {y}")
        return f"(None if ({x} := {a}) is None or ({y} := {b}) is None else {result})"

    lines = ["def compute(m):", "    g = m.get"]
    for slot, term in terms:
        lines += [f"    v = {source(term)}", "    if v is not None:", f"        m[{bind(slot)}] = v"]
    lines.append("    return None")
    exec(compile("\n".join(lines), "<fanpin terms>", "exec"), namespace)  # source built above, names only
    compute: Callable[[dict[str, Any]], None] = namespace["compute"]
    return compute


_SOURCE_BINARY = {"+": "+", "-": "-", "*": "*"}


#: The text tests (1 where they hold, 0 where not), as both engines define them.
_TEXT_TESTS: dict[str, Callable[[str, str], bool]] = {
    "starts_with": str.startswith,
    "ends_with": str.endswith,
    "contains_text": lambda text, part: part in text,
    "matches": lambda text, shape: re.fullmatch(TEXT_PATTERNS[shape], text) is not None,
}


def _compile_age(born: Evaluator, day: Evaluator) -> Evaluator:
    """Full years from a day number to another; unknown before birth (a birth date after the day)."""

    def age(m: Mapping[str, Any]) -> Value:
        b, d = born(m), day(m)
        if b is None or d is None or d < b:  # type: ignore[operator]
            return None
        first, second = date.fromordinal(int(b)), date.fromordinal(int(d))
        return second.year - first.year - ((second.month, second.day) < (first.month, first.day))

    return age


def _compile_call(fn: str, args: list[Evaluator]) -> Evaluator:
    def call(m: Mapping[str, Any]) -> Value:
        values = [a(m) for a in args]
        if fn == "coalesce":
            return next((v for v in values if v is not None), None)
        if any(v is None for v in values):
            return None
        nums: list[Any] = values
        result: Value = abs(nums[0]) if fn == "abs" else (min(nums) if fn == "min" else max(nums))
        return result

    return call


def _compile_arith(op: str, left: Term, right: Term, params: Mapping[str, ResolvedParameter], as_of: date) -> Evaluator:
    # A non-integer decimal constant k = p/q is applied as an integer factor and one division:
    # x * k → x * p / q and x / k → x * q / p.
    # Each step is kept within range (in_range), and a division divides the operands as doubles, as
    # polars does: the same value, or the same unknown, on both engines.
    scaled = _decimal_factor(op, left, right, params)
    if scaled is not None:
        other, ratio = scaled
        if ratio is None:
            return lambda m: None  # the factor's p or q is beyond the range of a term
        x, (p, q) = compile_term(other, params, as_of), ratio
        # x * p within range, then one division as doubles.
        return lambda m: None if (v := x(m)) is None or (pv := in_range(v * p)) is None else in_range(float(pv) / q)
    a, b = compile_term(left, params, as_of), compile_term(right, params, as_of)
    # Unknown when either operand is, for a division by zero (never an error), or beyond the range of a
    # term. One closure per operator: this runs for every household.
    if op == "/":
        return lambda m: None if (x := a(m)) is None or (y := b(m)) is None or y == 0 else in_range(float(x) / float(y))
    apply = _BINARY[op]
    return lambda m: None if (x := a(m)) is None or (y := b(m)) is None else in_range(apply(x, y))


_BINARY: dict[str, Callable[[Any, Any], Any]] = {"+": operator.add, "-": operator.sub, "*": operator.mul}


def decimal_factor_operands(op: str, left: Term, right: Term) -> tuple[Term, Term] | None:
    """``(x, k)`` when ``left op right`` is ``x * k``, ``k * x`` or ``x / k`` with ``x`` a term over facts and
    ``k`` a fact-free one — the shape both engines apply as an integer factor and one division when ``k``
    is not whole; None for any other arithmetic.

    >>> from fanpin.lang.typecheck import TConst, TFact
    >>> from fanpin.model.household import Kind
    >>> x, k = TFact("size", Kind.COUNT), TConst(Decimal("1.5"), "plain")
    >>> decimal_factor_operands("*", k, x) == (x, k), decimal_factor_operands("/", k, x)
    (True, None)
    """
    if op == "*" and bool(facts_of(left)) != bool(facts_of(right)):
        return (right, left) if facts_of(right) else (left, right)
    if op == "/" and facts_of(left) and not facts_of(right):
        return left, right
    return None


def whole_literal_factor(op: str, left: Term, right: Term) -> bool:
    """Whether ``left op right`` is ``x * k`` or ``k * x`` with ``k`` written without a parameter and whole
    (``999999999999``, ``2 * 3``): the per-household path computes it as a plain product of integers, as it
    does any whole factor (:func:`_decimal_factor`), so the batch path must too. As ``x · k / 1`` it went
    through a double, which holds 53 bits: ``wage_income * 999999999999`` came out 1 477.12 fen from the
    exact 1 478 on one engine only.

    >>> from fanpin.lang.typecheck import TConst, TFact
    >>> from fanpin.model.household import Kind
    >>> x = TFact("wage_income", Kind.MONEY)
    >>> twelve, half = TConst(Decimal(12), "plain"), TConst(Decimal("0.5"), "plain")
    >>> whole_literal_factor("*", x, twelve), whole_literal_factor("*", x, half)
    (True, False)
    """
    operands = decimal_factor_operands(op, left, right)
    if op != "*" or operands is None or params_of(operands[1]):
        return False
    k = fold(operands[1], {})
    return k is not None and k == k.to_integral_value()


def decimal_ratio(k: Decimal) -> tuple[int, int] | None:
    """``k = p/q`` in lowest terms, as both engines apply a decimal factor; None when ``p`` or ``q`` is
    beyond :data:`TERM_LIMIT` (the product is then unknown).

    >>> decimal_ratio(Decimal("1.2")), decimal_ratio(Decimal("1E-30"))
    ((6, 5), None)
    """
    p, q = k.as_integer_ratio()
    return (p, q) if abs(p) < TERM_LIMIT and q < TERM_LIMIT else None


def factor_ratio(term: Term, params: Mapping[str, ResolvedParameter]) -> tuple[int, int] | None:
    """A fact-free factor ``k = p/q`` in lowest terms, worked out exactly: ``1 / 3`` is (1, 3), where its
    decimal value (:func:`fold`, 0.3333… to 28 digits) has a denominator of 10^28, beyond
    :data:`TERM_LIMIT`, and left ``1 / 3 * business_income`` unknown for every household. None when the
    factor is unknown (as :func:`fold`: a division by zero, a parameter without a value, a step beyond
    the limit) or ``p`` or ``q`` is beyond the limit. Both engines apply a decimal factor by it.

    >>> from fanpin.lang.typecheck import TArith, TConst
    >>> third = TArith("/", TConst(Decimal(1), "plain"), TConst(Decimal(3), "plain"))
    >>> factor_ratio(third, {}), factor_ratio(TConst(Decimal("1.2"), "plain"), {})
    ((1, 3), (6, 5))
    """
    value = _folded(term, params, Fraction)
    if value is None:
        return None
    p, q = value.numerator, value.denominator
    return (p, q) if abs(p) < TERM_LIMIT and q < TERM_LIMIT else None


def _decimal_factor(
    op: str, left: Term, right: Term, params: Mapping[str, ResolvedParameter]
) -> tuple[Term, tuple[int, int] | None] | None:
    """For ``x * k``, ``k * x`` or ``x / k`` with k a non-integer fact-free term: (x, (p, q)) with x·p/q,
    or (x, None) when p or q is out of range."""
    operands = decimal_factor_operands(op, left, right)
    if operands is None:
        return None
    other, const = operands
    k = fold(const, params)
    if k is None or k == 0 or k == k.to_integral_value():
        return None
    ratio = factor_ratio(const, params)
    if ratio is None:
        return other, None
    p, q = ratio
    return (other, (p, q)) if op == "*" else (other, (q, p))


@dataclass
class Slots:
    """Names the engine properties of the terms that are neither a plain fact nor a literal.

    ``k*`` slots are thresholds (fact-free, resolved per region and date); ``t*`` slots are computed
    terms. The same term gets the same slot in every rule, so it is computed once per household.
    """

    thresholds: dict[Term, str]
    computed: dict[Term, str]

    @classmethod
    def for_conditions(cls, conditions: list[Condition]) -> Slots:
        slots = cls({}, {})
        for condition in conditions:
            for atom in atoms(condition):
                for term in _operands(atom):
                    slots.add(term)
        return slots

    def add(self, term: Term) -> None:
        if isinstance(term, TFact | TConst) or term in self.thresholds or term in self.computed:
            return
        if facts_of(term):
            self.computed[term] = f"t{len(self.computed)}"
        else:
            self.thresholds[term] = f"k{len(self.thresholds)}"

    def name(self, term: Term) -> str | None:
        """Engine property for ``term``; None for a literal."""
        if isinstance(term, TFact):
            return term.name
        if isinstance(term, TConst):
            return None
        return self.thresholds.get(term) or self.computed[term]

    def params(self) -> frozenset[str]:
        return frozenset().union(*(params_of(t) for t in (*self.thresholds, *self.computed)))

    def thresholds_of(self, condition: Condition) -> frozenset[str]:
        """The threshold slots ``condition`` compares with."""
        return frozenset(self.thresholds[t] for a in atoms(condition) for t in _operands(a) if t in self.thresholds)


def _operands(atom: Condition) -> tuple[Term, ...]:
    match atom:
        case TCompare(left=left, right=right):
            return (left, right)
        case TIn(operand=x) | TMissing(operand=x):
            return (x,)
    return ()


def atoms(condition: Condition) -> list[Condition]:
    """The tests of a condition (comparisons, membership, missing, yes/no facts), in reading order."""
    match condition:
        case TAnd(items=items) | TOr(items=items):
            return [a for item in items for a in atoms(item)]
        case TNot(operand=x):
            return atoms(x)
    return [condition]


_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2}


def render(term: Term) -> str:
    """A term written back in rule-language syntax (for explanations)."""
    match term:
        case TFact(name=name) if name in AGGREGATES:
            agg = AGGREGATES[name]
            return "count(members)" if agg.condition is None else f"{agg.kind}(members, {agg.text})"
        case TFact(name=name) | TParam(name=name):
            return name
        case TConst(value=value, unit="month" | "date" as unit) if isinstance(value, Decimal):
            return calendar_text(int(value), unit)
        case TConst(value=value):
            return f'"{value}"' if isinstance(value, str) else str(value)
        case TNeg(operand=x):
            # The parser binds a unary minus tighter than any operator: -(a + b) keeps its parentheses.
            return f"-({render(x)})" if isinstance(x, TArith) else f"-{render(x)}"
        case TCall(function="age", args=(TFact(name="birth_date"),)):
            return "age"  # as a member condition writes it (the type checker's age(birth_date))
        case TCall(function="age_on", args=(TFact(name="birth_date"), day)):
            return f"age_on({render(day)})"  # as rules write it (the type checker's age_on(birth_date, day))
        case TCall(function=fn, args=args):
            return f"{fn}({', '.join(render(a) for a in args)})"
        case TArith(op=op, left=left, right=right):

            def side(t: Term, right_side: bool) -> str:
                text = render(t)
                if isinstance(t, TArith) and (
                    _PRECEDENCE[t.op] < _PRECEDENCE[op] or (right_side and _PRECEDENCE[t.op] == _PRECEDENCE[op])
                ):
                    return f"({text})"
                return text

            return f"{side(left, False)} {op} {side(right, True)}"
    raise TypeError(term)  # pragma: no cover


def calendar_text(number: int, unit: str) -> str:
    """A month or day number as the engines encode it, written as rules write it.

    >>> calendar_text(2022 * 12 + 3, "month"), calendar_text(739432, "date")
    ('2022-04', '2025-06-30')
    """
    if unit == "month":
        return f"{number // 12:04d}-{number % 12 + 1:02d}"
    return date.fromordinal(number).isoformat()


def unit_of(term: Term) -> str:
    """``money``, ``plain``, ``text``, ``month`` or ``date``: how a term's value is shown (money in 元,
    from fen; months and dates as written in rules)."""
    match term:
        case TFact(kind=kind):
            if kind.value in ("month", "date"):
                return kind.value
            return "money" if kind.value == "money" else ("text" if kind.value in ("text", "enum") else "plain")
        case TConst(unit=unit) | TParam(unit=unit):
            return unit
        case TNeg(operand=x):
            return unit_of(x)
        case TCall(function=fn, args=args):
            plain = ("months_since", "months_between", "days_until", "age", "age_on", "length", *_TEXT_TESTS)
            return "plain" if fn in plain else unit_of(args[0])
        case TArith(op=op, left=left, right=right):
            units = (unit_of(left), unit_of(right))
            if op in "+-":
                return "money" if "money" in units else "plain"
            if op == "*":
                return "money" if "money" in units else "plain"
            return "plain" if units[0] == units[1] else units[0]
    raise TypeError(term)  # pragma: no cover
