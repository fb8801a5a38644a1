"""Typed conditions and terms → polars expressions, with per-region constants as joined columns.

Each typed condition becomes one boolean expression. polars' nulls follow Kleene's logic exactly as
the durable path's three-valued rules do (``null & false`` is false, ``null | true`` is true), so a rule
is *fired* where its expression is true, *not evaluable* where it is null, and silent where false.
Terms use the arithmetic defined in :mod:`fanpin.lang.lowering`, in the same order: integer fen under
``+ - *``, a non-integer decimal factor ``k = p/q`` applied as ``x * p / q``, one IEEE division, a
division by zero that is null, and every step kept below 2^63 in magnitude (``TERM_LIMIT``): polars'
integers would wrap around silently, so a sum or product that would leave the range is null, as it is
unknown on the per-household path. Fact-free terms are :class:`RegionConstants`: resolved once per distinct
region code and joined in. :mod:`fanpin.batch.engine` builds and runs the programs.
"""

from __future__ import annotations

import calendar
import functools
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

import polars as pl

from fanpin.lang.lowering import (
    TERM_LIMIT,
    decimal_factor_operands,
    engine_number,
    factor_ratio,
    fold,
    literal,
    whole_literal_factor,
)
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
    TTruth,
    facts_of,
)
from fanpin.model.household import Kind
from fanpin.model.parameters import ParameterSpec, ResolvedParameter
from fanpin.model.values import EPOCH_ORDINAL
from fanpin.results.explanations import shown

__all__ = ["FACTOR_BOUND", "FACT_BOUNDS", "FACT_DTYPES", "ExpressionCompiler", "RegionConstants", "integral", "within"]

#: Encoded facts by kind (fanpin.model.facts.encode): whole fen, counts, month and day numbers, 1/0, text.
FACT_DTYPES: dict[Kind, Any] = {
    Kind.MONEY: pl.Int64,
    Kind.COUNT: pl.Int64,
    Kind.MONTH: pl.Int64,
    Kind.DATE: pl.Int64,
    Kind.BOOL: pl.Int8,
    Kind.TEXT: pl.String,
    Kind.ENUM: pl.String,
    Kind.QUANTITY: pl.Float64,
}


#: What a *bounded* program (``ExpressionCompiler(bounded=True)``) assumes of its input: every integer
#: fact of a kind within ± its bound here, and every decimal factor's ``p`` and ``q`` (constant columns)
#: within ± :data:`FACTOR_BOUND`. The model keeps every household within them (money under 10^12 元,
#: the sums it derives under 5 × 10^14 fen; counts under 10^15; months and days as numbers of years
#: below 10 000); a frame given otherwise is scored by the checked program
#: (:meth:`fanpin.batch.engine.BatchEngine`, which tests the columns first).
FACT_BOUNDS: dict[Kind, int] = {
    Kind.MONEY: 10**15,
    Kind.COUNT: 10**15,
    Kind.MONTH: 10**6,
    Kind.DATE: 10**7,
    Kind.BOOL: 1,
}
#: ``p`` and ``q`` of a decimal factor (1.2 is 6/5): a money amount times one stays within 64 bits.
FACTOR_BOUND = 9_000


def extremes(names: Sequence[str]) -> list[pl.Expr]:
    """Each named column's least and greatest value, as ``__least:<name>`` and ``__most:<name>`` (null for a
    column of nulls), for :func:`within_extremes`: two expressions whatever the columns. Planning a test of
    each column's extremes against its bound (some 180 facts under the data checks) had cost 7–9 ms a call
    whatever its rows; the extremes alone, 1.5–3."""
    if not names:
        return []
    return [pl.col(names).min().name.prefix("__least:"), pl.col(names).max().name.prefix("__most:")]


def within_extremes(values: Mapping[str, Any], bounds: Iterable[tuple[str, int]]) -> bool:
    """Whether every named column lies within ± its bound (nulls do), from its extremes (:func:`extremes`)
    in ``values``."""
    for name, bound in bounds:
        least, most = values[f"__least:{name}"], values[f"__most:{name}"]
        if least is not None and (least < -bound or most > bound):
            return False
    return True


def within(frame: pl.DataFrame, bounds: Iterable[tuple[str, int]]) -> bool:
    """Whether every value of each named column of ``frame`` lies within ± its bound (nulls do)."""
    bounds = list(bounds)
    if not bounds:
        return True
    return within_extremes(frame.select(extremes([n for n, _ in bounds])).row(0, named=True), bounds)


class RegionConstants:
    """Per-region values, each a column (``__c0``, ``__c1`` …) of the joined parameter table.

    Kinds: ``value`` (a fact-free term as the engines compare it), ``p``/``q`` (a decimal factor
    ``k = p/q``), ``shown:<unit>`` (a fact-free term as explanations show it), ``source`` and
    ``source_en`` (a parameter's source as Chinese and English sentences show it, keyed by its name), and
    ``same`` / ``same_en`` (whether two parameters show the same source: false when either has no value);
    ``json:<kind>`` is a text kind's value as JSON text (``null`` when null).
    """

    def __init__(self, specs: Mapping[str, ParameterSpec]) -> None:
        self.specs = specs  # the parameters' labels and units, for "json:parameter"
        self.columns: dict[tuple[str, Term | str | tuple[str, str]], str] = {}

    def column(self, kind: str, key: Term | str | tuple[str, str]) -> pl.Expr:
        if (kind, key) not in self.columns:
            self.columns[(kind, key)] = f"__c{len(self.columns)}"
        return pl.col(self.columns[(kind, key)])

    def factors_within(self, table: pl.DataFrame, bound: int) -> bool:
        """Whether every decimal factor's ``p`` and ``q`` in ``table`` (rows of these columns) lies within
        ± ``bound`` (nulls do)."""
        names = [name for (kind, _), name in self.columns.items() if kind in ("p", "q") and name in table.columns]
        return within(table, [(n, bound) for n in names])

    def dtype(self, kind: str) -> Any:
        if kind in ("same", "same_en"):
            return pl.Boolean
        return pl.Float64 if kind == "value" else pl.Int64 if kind in ("p", "q") else pl.String

    def _parameter_json(self, name: str, resolved: ResolvedParameter | None) -> str | None:
        """A :class:`fanpin.results.assessment.ParameterUse` as JSON text, keys sorted; None when the
        parameter has no value for the region (a comparison lists the parameters that have one)."""
        spec = self.specs[name]
        if resolved is None:
            return None

        def field(attribute: str) -> str:
            value = resolved.shown_source("zh") if attribute == "source" else getattr(resolved, attribute)
            return json.dumps(str(value), ensure_ascii=False)

        shown = {
            "effective": field("effective"),
            "label": json.dumps(spec.label, ensure_ascii=False),
            "label_en": json.dumps(spec.label_en, ensure_ascii=False),
            "name": json.dumps(name, ensure_ascii=False),
            "note": field("note"),
            "region": field("region"),
            "source": field("source"),
            "source_en": field("source_en"),
            "unit": json.dumps(spec.unit, ensure_ascii=False),
            "value": field("value"),
        }
        return "{" + ",".join(f'"{key}":{text}' for key, text in shown.items()) + "}"

    def values(self, params: Mapping[str, ResolvedParameter]) -> dict[str, Any]:
        row: dict[str, Any] = {}
        for (kind, key), name in self.columns.items():
            # A parameter absent from ``params`` has no value for this region and date: its columns are
            # null, and so is every test that reads it (not evaluable).
            if isinstance(key, tuple):  # "same" / "same_en": do two parameters show the same source here?
                # A parameter without a value here shows no source, so it shares none: false, not null as its
                # other columns are. A sentence states a source where no earlier stated parameter shows the
                # same (Sentences._sources); a member condition may hold by one branch while another reads such
                # a parameter, and a null had left the source of the parameter it used out of its sentence.
                first, second = params.get(key[0]), params.get(key[1])
                lang = "en" if kind == "same_en" else "zh"
                if first is None or second is None:
                    row[name] = False
                else:
                    row[name] = first.shown_source(lang) == second.shown_source(lang)
                continue
            if kind == "json:parameter":  # the parameter as JSON Lines data show it (a Comparison's parameters)
                row[name] = self._parameter_json(str(key), params.get(str(key)))
                continue
            if isinstance(key, str):  # "source", "source_en" (as sentences show it) or "param:<field>"
                inner = kind.removeprefix("json:")
                text: str | None
                if inner in ("source", "source_en"):
                    shown_in = "en" if inner == "source_en" else "zh"
                    text = None if key not in params else params[key].shown_source(shown_in)
                else:
                    text = None if key not in params else str(getattr(params[key], inner.removeprefix("param:")))
                # "json:<kind>": the value as JSON text (null as null), for the JSON Lines records
                row[name] = json.dumps(text, ensure_ascii=False) if kind.startswith("json:") else text
                continue
            folded = fold(key, params)
            if kind == "value":
                row[name] = None if folded is None else float(engine_number(folded))
            elif kind.startswith("shown:"):
                row[name] = None if folded is None else str(shown(engine_number(folded), kind.removeprefix("shown:")))
            elif folded is None:  # "p" / "q" of an unknown factor: the product is unknown too
                row[name] = None
            else:  # "p" / "q" of a decimal factor k = p/q (null when out of range: the product is unknown)
                ratio = factor_ratio(key, params)
                row[name] = None if ratio is None else ratio[0] if kind == "p" else ratio[1]
        return row


def _age(born: pl.Expr, day: pl.Expr) -> pl.Expr:
    """Full years from one day number to another, as :func:`fanpin.lang.lowering.compile_term` computes
    them; null before birth."""
    first, second = (born - EPOCH_ORDINAL).cast(pl.Date), (day - EPOCH_ORDINAL).cast(pl.Date)
    years = second.dt.year().cast(pl.Int64) - first.dt.year().cast(pl.Int64)
    month_day = (second.dt.month() < first.dt.month()) | (
        (second.dt.month() == first.dt.month()) & (second.dt.day() < first.dt.day())
    )
    return pl.when(day >= born).then(years - month_day.cast(pl.Int64))


def _age_on(born: pl.Expr, day: date) -> pl.Expr:
    """:func:`_age` on one day, the same values without a calendar: a person born on or before the ``k``-th
    anniversary's last day (``day``'s month and day ``k`` years before, the 28th of February for a 29th in a
    year without one) is ``k`` or more years old, so the age is how many of those days from the year 1 on are
    not before the birth, less one. One search in a sorted column of some two thousand day numbers, where the
    calendar's year, month and day of every birth (under each rule reading ``age``) had been some 4 % of an
    export's CPU with the data checks: 0.28 → 0.12 s for 3 M births."""
    last_days = _anniversaries(day)
    after = pl.lit(last_days).search_sorted(born, side="left").cast(pl.Int64)  # the last days before the birth
    return pl.when(pl.lit(day.toordinal(), dtype=pl.Int64) >= born).then(last_days.len() - 1 - after)


@functools.lru_cache(maxsize=8)
def _anniversaries(day: date) -> pl.Series:
    """The day numbers of ``day``'s month and day in each year from the year 1 to its own (the 28th of February
    for the 29th, in a year without one), ascending: made once a day (1.1 ms), not for each of the 34 ages the
    data checks' program reads."""
    month, last = day.month, day.day
    return pl.Series(
        [date(y, month, min(last, calendar.monthrange(y, month)[1])).toordinal() for y in range(1, day.year + 1)],
        dtype=pl.Int64,
    )


class ExpressionCompiler:
    """Typed conditions and terms → polars expressions, for one date; fact-free terms become
    :class:`RegionConstants` columns.

    ``bounded``: the input lies within :data:`FACT_BOUNDS` and :data:`FACTOR_BOUND` (the caller has made
    sure). A sum, difference or product whose magnitude those bounds keep below 2^63 then needs no test
    that it fits (:func:`_checked`), nor a decimal factor's product its range test: on the reference
    rules, these tests were half the time of the rules' outcomes. The values are the same.
    """

    def __init__(
        self, as_of: date, constants: RegionConstants, *, bounded: bool = False, ages: dict[str, pl.Expr] | None = None
    ) -> None:
        """``ages``: where given, each age on the evaluation date (``age(x)``) is a column named in it, with its
        expression (:func:`_age_on`), for the caller to make once before the conditions that read it: polars
        does not share that expression among them (its search in a literal column is computed anew each time:
        34 ages of the data checks' member conditions took 35 ms on 61 000 member rows, one column and its 34
        reads 2.6 ms)."""
        self.as_of = as_of
        self.constants = constants
        self.bounded = bounded
        self.ages = ages
        self._age_names: dict[Term, str] = {}

    def condition(self, c: Condition) -> pl.Expr:
        match c:
            case TCompare(op=op, left=left, right=right):
                a, b = self.term(left), self.term(right)
                return {
                    "<": a < b,
                    "<=": a <= b,
                    ">": a > b,
                    ">=": a >= b,
                    "==": a == b,
                    "!=": a != b,
                }[op]
            case TIn(operand=x, values=values):
                return self.term(x).is_in([literal(TConst(v, "plain")) for v in values])
            case TMissing(operand=x):
                return self.term(x).is_null()
            case TTruth(fact=fact):
                return pl.col(fact).cast(pl.Boolean)
            case TNot(operand=x):
                return ~self.condition(x)
            case TAnd(items=items):
                return pl.all_horizontal([self.condition(i) for i in items])
            case TOr(items=items):
                return pl.any_horizontal([self.condition(i) for i in items])
        raise TypeError(c)  # pragma: no cover

    def term(self, t: Term) -> pl.Expr:
        match t:
            case TFact(name=name):
                return pl.col(name)
            case TConst(value=str() as text):
                return pl.lit(text)
            case TConst():
                return pl.lit(literal(t))
        if not facts_of(t):
            return self.constants.column("value", t)
        match t:
            case TNeg(operand=x):
                return -self.term(x)  # a value within ±(2^63 - 1) negates within it
            case TArith(op=op, left=left, right=right):
                return self.arith(op, left, right)
            case TCall(function="months_since", args=(x,)):
                return (self.as_of.year * 12 + self.as_of.month - 1) - self.term(x)
            case TCall(function="months_between", args=(first, second)):
                return self.term(second) - self.term(first)
            case TCall(function="days_until", args=(x,)):
                return self.term(x) - self.as_of.toordinal()
            case TCall(function="length", args=(x,)):
                return self.term(x).str.len_chars().cast(pl.Int64)
            case TCall(function="starts_with", args=(x, TConst(value=str() as part))):
                return self.term(x).str.starts_with(part).cast(pl.Int64)
            case TCall(function="ends_with", args=(x, TConst(value=str() as part))):
                return self.term(x).str.ends_with(part).cast(pl.Int64)
            case TCall(function="contains_text", args=(x, TConst(value=str() as part))):
                return self.term(x).str.contains(part, literal=True).cast(pl.Int64)
            case TCall(function="matches", args=(x, TConst(value=str() as shape))):
                return self.term(x).str.contains(f"^(?:{TEXT_PATTERNS[shape]})$").cast(pl.Int64)
            case TCall(function="age", args=(born,)):
                if self.ages is None:
                    return _age_on(self.term(born), self.as_of)
                column = self._age_names.get(born)
                if column is None:  # the first condition to read it: its column's expression, once
                    column = self._age_names[born] = f"__age{len(self._age_names)}"
                    self.ages[column] = _age_on(self.term(born), self.as_of)
                return pl.col(column)
            case TCall(function="age_on", args=(born, day)):
                return _age(self.term(born), self.term(day))
            case TCall(function="coalesce", args=args):
                return pl.coalesce([self.term(a) for a in args])
            case TCall(function="abs", args=(x,)):
                return self.term(x).abs()
            case TCall(function=fn, args=args):
                exprs = [self.term(a) for a in args]
                value = pl.min_horizontal(exprs) if fn == "min" else pl.max_horizontal(exprs)
                return pl.when(pl.all_horizontal([e.is_not_null() for e in exprs])).then(value)
        raise TypeError(t)  # pragma: no cover

    def arith(self, op: str, left: Term, right: Term) -> pl.Expr:
        operands = None if whole_literal_factor(op, left, right) else decimal_factor_operands(op, left, right)
        if operands is not None:
            # As lowering._decimal_factor: x * k → x * p / q and x / k → x * q / p (k = p/q per region);
            # an integral k gives q = 1, the same value as the plain product.
            other, const = operands
            x = self.term(other)
            p, q = self.constants.column("p", const), self.constants.column("q", const)
            bound = self.bound(other)
            if integral(other) and bound is not None and bound * FACTOR_BOUND <= _LARGEST:
                # |x·p| fits, and dividing it by a whole number other than 0 keeps it so: no test needed.
                if op == "*":
                    return _divided(x * p, q)
                return pl.when(p != 0).then(_divided(x * q, p))
            if op == "*":
                return _ranged(_divided(_checked("*", x, p, integral(other)), q))
            return pl.when(p != 0).then(_ranged(_divided(_checked("*", x, q, integral(other)), p)))
        a, b = self.term(left), self.term(right)
        if op in ("+", "-", "*"):
            bound = self.bound(TArith(op, left, right))
            if bound is not None and bound <= _LARGEST:
                return a + b if op == "+" else a - b if op == "-" else a * b
            return _checked(op, a, b, integral(left) and integral(right))
        return pl.when(b != 0).then(_ranged(_divided(a, b)))

    def bound(self, t: Term) -> int | None:
        """The largest magnitude of ``t``, an integer term, on a bounded program's input; None when this
        program is not bounded, or ``t`` is not computed in integers, or its magnitude is not known."""
        if not self.bounded or not integral(t):
            return None
        match t:
            case TFact(kind=kind):
                return FACT_BOUNDS.get(kind)
            case TConst():
                value = literal(t)
                return abs(value) if isinstance(value, int) else None
            case TNeg(operand=x) | TCall(function="abs", args=(x,)):
                return self.bound(x)
            case TArith(op=op, left=left, right=right) if op in ("+", "-", "*"):
                a, b = self.bound(left), self.bound(right)
                if a is None or b is None:
                    return None
                return a * b if op == "*" else a + b
            case TCall(function="months_since", args=(x,)):
                return _plus(self.bound(x), self.as_of.year * 12 + self.as_of.month)
            case TCall(function="days_until", args=(x,)):
                return _plus(self.bound(x), self.as_of.toordinal())
            case TCall(function="months_between", args=(first, second)):
                return _plus(self.bound(first), self.bound(second))
            case TCall(function="coalesce" | "min" | "max", args=args):
                bounds = [self.bound(a) for a in args]
                return None if None in bounds else max(b for b in bounds if b is not None)
        return None


_LARGEST = TERM_LIMIT - 1  # the largest integer a term may hold


def _plus(a: int | None, b: int | None) -> int | None:
    """The bound of a sum of two bounded terms."""
    return None if a is None or b is None else a + b


def _checked(op: str, a: pl.Expr, b: pl.Expr, integers: bool) -> pl.Expr:
    """``a op b``, null where the exact result would not lie strictly within ±TERM_LIMIT (as
    :func:`fanpin.lang.lowering.in_range` decides on the per-household path). Integers are checked on
    their operands, before polars' 64-bit arithmetic could wrap around; floating values on the result."""
    result = a + b if op == "+" else a - b if op == "-" else a * b
    if not integers:
        return _ranged(result)
    largest = pl.lit(_LARGEST, dtype=pl.Int64)
    if op == "+":
        fits = pl.when(b >= 0).then(a <= largest - b).otherwise(a >= -largest - b)
    elif op == "-":
        fits = pl.when(b <= 0).then(a <= largest + b).otherwise(a >= -largest + b)
    else:  # |a·b| ≤ largest ⟺ b = 0 or |a| ≤ ⌊largest / |b|⌋ (both branches are computed: no division by 0)
        fits = pl.when(b == 0).then(pl.lit(True)).otherwise(a.abs() <= largest // b.abs().clip(lower_bound=1))
    return pl.when(fits).then(result)


def _divided(a: pl.Expr, b: pl.Expr) -> pl.Expr:
    """``a / b`` as one IEEE division on every row, as the per-household path divides. polars divides a
    column by one value (a literal, a constant column it broadcasts) as a product with the value's
    reciprocal: ``x / 3.0`` is ``x * (1 / 3.0)``, another double for about a third of the values (869999
    fen / 3 × 3 came out 869998.99…), and on frames of more than one row only. The divisor is therefore
    made a column of the rows' length first, ``b + a × 0.0``: the same value, as ``a`` is finite or null
    here (null makes the quotient null in any case)."""
    return a / (b + a * 0.0)


def _ranged(value: pl.Expr) -> pl.Expr:
    """A floating value, null unless finite and strictly within ±TERM_LIMIT."""
    bound = float(TERM_LIMIT)
    return pl.when((value > -bound) & (value < bound)).then(value)


#: The functions whose value polars computes as an integer.
_INTEGER_FUNCTIONS = frozenset(
    {"months_since", "months_between", "days_until", "length", "starts_with", "ends_with", "contains_text",
     "matches", "age", "age_on"}
)  # fmt: skip


def integral(t: Term) -> bool:
    """Whether polars computes ``t`` in integers (then a sum or product is checked on its operands)
    rather than in doubles (then on its result). Fact-free terms are ``Float64`` columns."""
    match t:
        case TFact(kind=kind):
            return FACT_DTYPES.get(kind) in (pl.Int64, pl.Int8)
        case TConst():
            return isinstance(literal(t), int)
    if not facts_of(t):
        return False
    match t:
        case TNeg(operand=x) | TCall(function="abs", args=(x,)):
            return integral(x)
        case TArith(op=op, left=left, right=right):
            if op == "/" or (
                decimal_factor_operands(op, left, right) is not None and not whole_literal_factor(op, left, right)
            ):
                return False
            return integral(left) and integral(right)
        case TCall(function=fn) if fn in _INTEGER_FUNCTIONS:
            return True
        case TCall(args=args):
            return all(integral(a) for a in args)
    return False
