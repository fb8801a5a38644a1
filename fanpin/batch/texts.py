"""Plans, measures and sentences as polars expressions: the scored table's text columns, row by row
without a Python call per row.

Every sentence is made by the same functions as on the per-household path (:mod:`fanpin.results.sentences`,
:mod:`fanpin.results.plan`): each is called once, at compile time, with placeholders where the household's
values go, and the template is filled in by polars. What differs per household is only

- **which** tests are stated: the tests that made the rule true (:meth:`RuleExplainer.why`), chosen
  here with boolean expressions over the same sub-conditions;
- the **digits** of a value: :func:`number_text` is :func:`fanpin.results.explanations.shown` in polars;
- the **sources** of the parameters behind the stated tests, per region, each once;
- the **measures**: the union of the fired rules' measures in plan order, each once, filtered by
  labour as :func:`fanpin.results.plan.build_plan` does.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from operator import eq, ge, gt, le, lt, ne
from typing import Any

import polars as pl

from fanpin._polars import ITEM_SEPARATOR
from fanpin.batch.compiler import integral
from fanpin.batch.validate import masked_numbers
from fanpin.lang.lowering import Slots, atoms, literal
from fanpin.lang.tree import (
    Condition,
    TAnd,
    TCompare,
    TConst,
    Term,
    TFact,
    TIn,
    TMissing,
    TNot,
    TOr,
    TParam,
    facts_of,
)
from fanpin.model.facts import FACTS
from fanpin.model.values import EPOCH_ORDINAL
from fanpin.results.assessment import Comparison, ParameterUse
from fanpin.results.classify import severity
from fanpin.results.codes import codes_expr, population_expr
from fanpin.results.explanations import MORE_PLACES, NEGATED, describe
from fanpin.results.plan import DIBAO_BAND_RULE, department, due_date, measure_name, plan_item
from fanpin.results.sentences import (
    PUNCTUATION,
    Lang,
    comparison_template,
    parameter_value_parts,
    unvalued_parameter_text,
)
from fanpin.rulebook import Rule, Rulebook

__all__ = ["FOUND", "Sentences", "json_value", "money_text", "number_text"]

_VALUE = "\x00value\x00"
_THRESHOLD = "\x00threshold\x00"
_PLACEHOLDER = re.compile(f"({_VALUE}|{_THRESHOLD}|\x00parameter:[A-Za-z_][A-Za-z0-9_]*\x00)")
_EXPLANATION = "__explanation"
_CODES = "__codes"
#: The column of :meth:`Sentences.found`: each household's fired data checks, as the worksheet of findings reads them.
FOUND = "__found"


@dataclass(frozen=True)
class Listing:
    """A list of text per row, made from layer-3 columns (each null wherever its rule did not fire): a
    row's list is those columns' values where they are not null, in the order of ``columns``, and each
    text once (the first kept) if ``unique``."""

    columns: tuple[str, ...]
    unique: bool = False


def _scaled(n: pl.Expr, places: int) -> pl.Expr:
    """An integer count of 10^-places (a 128-bit integer: a count of 10 000ths of a term near 2^63 passes
    2^63) as exact decimal text, e.g. 150 with 2 places → ``1.50``."""
    exact: pl.Expr = n.cast(pl.Decimal(38, places)) / 10**places
    return exact.cast(pl.String)


def _yuan(fen: pl.Expr) -> pl.Expr:
    """Whole fen (Int128) as 元, two places unless whole: ``-1.50``, ``12``."""
    return _scaled(fen, 2).str.strip_suffix(".00")


def number_text(x: pl.Expr, unit: str, whole: bool = False) -> pl.Expr:
    """:func:`fanpin.results.explanations.shown` as text: the double scaled (1 for fen, 10 000 otherwise),
    rounded half to even, and the integer's decimal digits written out exactly. ``whole``: ``x`` is a column
    of integers (an integral term: whole fen, a count), whose text is its digits, without the double's path.

    >>> pl.select(a=number_text(pl.lit(0.29996), "plain"), b=number_text(pl.lit(-150), "money")).row(0)
    ('0.3', '-1.50')
    >>> pl.select(m=number_text(pl.lit(2022 * 12 + 3), "month"), d=number_text(pl.lit(739432), "date")).row(0)
    ('2022-04', '2025-06-30')
    >>> pl.select(c=number_text(pl.lit(922337203685478), "count"), n=number_text(pl.lit(-0.00031), "plain")).row(0)
    ('922337203685478', '-0.0003')
    """
    if unit == "month":  # a month number, as 2022-04
        month = x.cast(pl.Int64)
        return pl.format(
            "{}-{}", (month // 12).cast(pl.String).str.zfill(4), (month % 12 + 1).cast(pl.String).str.zfill(2)
        )
    if unit == "date":  # a day number (date.toordinal), as 2025-06-30
        return (x.cast(pl.Int64) - EPOCH_ORDINAL).cast(pl.Date).dt.to_string("%Y-%m-%d")
    if whole:  # its digits (the path below reads x eight times over, which polars plans again every chunk)
        return _yuan(x.cast(pl.Int128)) if unit == "money" else x.cast(pl.String)
    # A whole number with its own digits; the others through the double, scaled (explanations.shown).
    is_whole = x == x.round(0)
    exact = x.cast(pl.Int128)
    if unit == "money":  # whole fen → 元, two places unless whole; a part of a fen to 10 000ths of a fen
        tiny = (x.cast(pl.Float64) * 10_000).round(0, mode="half_to_even").cast(pl.Int128)
        fen = pl.when(is_whole).then(exact).otherwise(x.cast(pl.Float64).round(0, mode="half_to_even").cast(pl.Int128))
        part = ~is_whole & (tiny % 10_000 != 0) & (tiny.abs() < 2**53)  # as explanations.shown
        return pl.when(part).then(_scaled(tiny, 6).str.strip_chars_end("0")).otherwise(_yuan(fen))
    scaled = (x.cast(pl.Float64) * 10_000).round(0, mode="half_to_even").cast(pl.Int128)
    n = pl.when(is_whole).then(exact * 10_000).otherwise(scaled)
    return _scaled(n, 4).str.strip_chars_end("0").str.strip_suffix(".")


def _comparable(x: pl.Expr, unit: str, places: int) -> pl.Expr:
    """The number :func:`number_text` (``places`` 4) or :func:`more_places_text` shows, as a whole number of
    10^-``places`` (of a fen, for money; Int128): two values' texts compare as these do."""
    whole = x == x.round(0)
    exact = x.cast(pl.Int128)
    scaled = (x.cast(pl.Float64) * float(10**places)).round(0, mode="half_to_even").cast(pl.Int128)
    if unit != "money":
        return pl.when(whole).then(exact * 10**places).otherwise(scaled)
    fen = pl.when(whole).then(exact).otherwise(x.cast(pl.Float64).round(0, mode="half_to_even").cast(pl.Int128))
    return pl.when(_part(whole, scaled, places)).then(scaled).otherwise(fen * 10**places)


def _part(whole: pl.Expr, tiny: pl.Expr, places: int) -> pl.Expr:
    """Whether money is shown with a part of a fen, as explanations.shown decides it."""
    part: pl.Expr = ~whole & (tiny % 10**places != 0)
    return part & (tiny.abs() < 2**53) if places == 4 else part


def _pointed(n: pl.Expr, places: int) -> pl.Expr:
    """An integer (Int128, of any size) divided by 10^``places``, as exact decimal text: ``-5`` with 8
    places → ``-0.00000005``."""
    digits = n.abs().cast(pl.String).str.zfill(places + 1)
    sign = pl.when(n < 0).then(pl.lit("-")).otherwise(pl.lit(""))
    return pl.concat_str([sign, digits.str.head(-places), pl.lit("."), digits.str.tail(places)])


def more_places_text(x: pl.Expr, unit: str, places: int) -> pl.Expr:
    """:func:`fanpin.results.explanations.shown` with ``places`` (8, 12 or 16) as text: :func:`number_text`
    scaling by 10^``places`` rather than 10 000, for money or a plain number.

    >>> pl.select(a=more_places_text(pl.lit(0.50000005), "plain", 8), b=more_places_text(pl.lit(-5e-8), "plain", 8),
    ...     c=more_places_text(pl.lit(869999.99999999), "money", 8), d=more_places_text(pl.lit(12), "plain", 16)).row(0)
    ('0.50000005', '-0.00000005', '8699.9999999999', '12')
    """
    if unit == "money":
        whole = x == x.round(0)
        tiny = (x.cast(pl.Float64) * float(10**places)).round(0, mode="half_to_even").cast(pl.Int128)
        fen = (
            pl.when(whole)
            .then(x.cast(pl.Int128))
            .otherwise(x.cast(pl.Float64).round(0, mode="half_to_even").cast(pl.Int128))
        )
        return (
            pl.when(_part(whole, tiny, places))
            .then(_pointed(tiny, places + 2).str.strip_chars_end("0"))
            .otherwise(_yuan(fen))
        )
    return _pointed(_comparable(x, unit, places), places).str.strip_chars_end("0").str.strip_suffix(".")


#: A comparison operator as polars computes it.
_HOLDS: dict[str, Callable[[pl.Expr, pl.Expr], pl.Expr]] = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
}

#: A comparison operator as Python computes it (of shown values).
_IN_PYTHON: dict[str, Callable[[Any, Any], bool]] = {
    "<": lt,
    "<=": le,
    ">": gt,
    ">=": ge,
    "==": eq,
    "!=": ne,
}


def told_apart(a: pl.Expr, b: pl.Expr, unit: str, operator: str) -> pl.Expr:
    """:func:`fanpin.results.explanations.told_apart` for a test that held: a struct of the texts of ``a``
    (``value``) and ``b`` (``threshold``) with the places that read ``a operator b`` as true — null
    wherever 4 places already do (:func:`number_text`'s texts are then shown). Worked out from the 4-place
    integers, and only on the rows where they tie or invert does polars format more places."""
    holds = _HOLDS[operator]
    tied = ~holds(_comparable(a, unit, 4), _comparable(b, unit, 4))
    a, b = pl.when(tied).then(a), pl.when(tied).then(b)  # null on every other row: nothing to format there
    *tried, last = MORE_PLACES
    reads = [holds(_comparable(a, unit, places), _comparable(b, unit, places)) for places in tried]
    texts = []
    for x in (a, b):  # the first places that read it as true, else the last
        chain: Any = pl
        for places, held in zip(tried, reads, strict=True):
            chain = chain.when(held).then(more_places_text(x, unit, places))
        texts.append(chain.otherwise(more_places_text(x, unit, last)))
    return pl.struct(value=texts[0], threshold=texts[1])


#: :func:`told_apart`'s type: the texts of a comparison's two sides (null where 4 places read them).
APART = pl.Struct({"value": pl.String, "threshold": pl.String})

#: Rows of a chunk :func:`told_apart_rows` works out in Python, 10 µs each; with more (a file of one
#: household's copies), the ~10 ms of planning :func:`told_apart` costs less.
PYTHON_ROWS = 1000


def told_apart_rows(sides: pl.DataFrame, unit: str, operator: str) -> pl.DataFrame:
    """:func:`told_apart` of the columns ``a`` and ``b`` of ``sides`` (a test that held), as the columns
    ``value`` and ``threshold``: by :func:`fanpin.results.explanations.told_apart`, as the per-household
    path states it, on a few rows; by polars on more (:data:`PYTHON_ROWS`), with the same digits.

    >>> told_apart_rows(pl.DataFrame({"a": [0.50000005, 0.6], "b": [0.5, 0.5]}), "plain", ">").rows()
    [('0.50000005', '0.5'), (None, None)]
    """
    if sides.height > PYTHON_ROWS:
        return sides.select(told_apart(pl.col("a"), pl.col("b"), unit, operator).struct.unnest())
    from fanpin.results.explanations import shown
    from fanpin.results.explanations import told_apart as in_python

    holds = _IN_PYTHON[operator]
    texts: list[tuple[str | None, str | None]] = []
    for a, b in sides.select("a", "b").iter_rows():
        if a is None or b is None or holds(shown(a, unit), shown(b, unit)):
            texts.append((None, None))
            continue
        x, y = in_python(a, b, unit, operator, True)
        texts.append((format(x, "f"), format(y, "f")))
    return pl.DataFrame(texts, schema=dict(APART), orient="row")


@dataclass(frozen=True)
class Apart:
    """A comparison whose sides may be told apart with more places (:func:`told_apart`): ``sides``, an
    aggregate, is one list of structs (``at``, the row; ``a``; ``b``) of the rows that state the test and
    may need them (:func:`maybe_apart`), usually empty; the batch engine tells those apart
    (:func:`told_apart_rows`) only where there are some."""

    unit: str
    operator: str
    sides: pl.Expr


def maybe_apart(a: pl.Expr, b: pl.Expr) -> pl.Expr:
    """Whether :func:`told_apart` may show ``a`` and ``b`` (money or a plain number, a test that held) with
    more places: true wherever it does, and on few other rows, in a few operations of doubles.

    The two differ (equal, they are shown alike) by at most 3 × 10^-4 (of a fen, for money: 4 places tell
    apart values 2 × 10^-4 apart, rounding half to even) plus 3 × 10^-12 of the larger (a double's
    rounding as it is scaled, and a sum of money beyond 2^53 10 000ths of a fen, about 9 × 10^11 fen,
    shown to the fen); the test takes 3 × 10^-12 of the two sides' magnitudes added, at least the larger's
    (polars' larger of two doubles, row by row, had cost a third of the test: 0.39 → 0.28 ms on 75 000 rows).
    Null sides: false, as :func:`told_apart` tells nothing apart there.

    >>> pl.select(a=maybe_apart(pl.lit(0.50000005), pl.lit(0.5)), b=maybe_apart(pl.lit(0.5004), pl.lit(0.5)),
    ...     c=maybe_apart(pl.lit(0.5), pl.lit(0.5)), d=maybe_apart(pl.lit(None, pl.Float64), pl.lit(0.5))).row(0)
    (True, False, False, False)
    """
    x, y = a.cast(pl.Float64), b.cast(pl.Float64)
    near = (x - y).abs() <= 3e-4 + 3e-12 * (x.abs() + y.abs())
    return ((x != y) & near).fill_null(False)


def _exact(term: Term) -> bool:
    """Whether a side of a comparison is a whole number, which :func:`number_text` shows with every digit: two
    such sides read as they compare, and are never told apart with more places (:func:`told_apart`)."""
    if isinstance(term, TConst):
        return isinstance(literal(term), int)
    return bool(facts_of(term)) and integral(term)


def money_text(fen: pl.Expr) -> pl.Expr:
    """Whole fen as 元 with two places, as ``str`` of a :class:`~decimal.Decimal` amount: ``-12.50``."""
    return _scaled(fen, 2)


def _parameter_placeholder(p: ParameterUse, lang: Lang) -> str:
    """Where a parameter with its value for the row's region goes in a sentence (a member condition's)."""
    return f"\x00parameter:{p.name}\x00"


def _fill(
    template: str, value: pl.Expr | None, threshold: pl.Expr | None, parameters: dict[str, pl.Expr] | None = None
) -> pl.Expr:
    pieces: list[pl.Expr] = []
    for piece in _PLACEHOLDER.split(template):
        if piece == _VALUE and value is not None:
            pieces.append(value)
        elif piece == _THRESHOLD and threshold is not None:
            pieces.append(threshold)
        elif parameters and piece in parameters:
            pieces.append(parameters[piece])
        elif piece:
            pieces.append(pl.lit(piece))
    return pl.concat_str(pieces) if pieces else pl.lit("")


class Sentences:
    """Builds the text columns for one rulebook, date and language.

    ``condition`` and ``term`` compile a sub-condition or term to polars (the batch compiler's own);
    ``constant`` names the per-region column of a fact-free term's shown value (``kind`` ``"shown:<unit>"``)
    or of a parameter (``"source"``, ``"param:<field>"``).

    Shared pieces are materialised once, as columns computed in :attr:`layers` (each layer reads the
    ones before it): first every test's outcome and every shown value, then which tests each rule
    states, then each rule's sentence or data. The final expressions only join those columns — small
    expression trees, which polars plans quickly, and each test computed once however often it is used.
    """

    def __init__(
        self,
        book: Rulebook,
        as_of: date,
        lang: Lang,
        condition: Callable[[Condition], pl.Expr],
        term: Callable[[Term], pl.Expr],
        constant: Callable[[str, Term | str | tuple[str, str]], pl.Expr],
        fired: Sequence[pl.Expr],
    ) -> None:
        self.book, self.as_of, self.lang = book, as_of, lang
        self.condition, self.term, self.constant = condition, term, constant
        self.rules = list(book.rules.values())
        self.slots = Slots.for_conditions([r.condition for r in self.rules])
        self.marks = PUNCTUATION[lang]
        self.layers: list[dict[str, pl.Expr]] = [{}, {}, {}, {}]
        self._names: dict[tuple[str, object], str] = {}
        self._reasons: dict[str, list[tuple[pl.Expr, bool]]] = {}
        self._fired = {r.id: f for r, f in zip(self.rules, fired, strict=True)}
        #: The planned-measure columns (one per rule and measure, by name): the plan is a function of them alone,
        #: and they of the rules' outcomes and the household's labour (the columns :attr:`plan_keys` names), so
        #: they are made once per combination of those (the engine's keyed columns), not on every row.
        self.planned: dict[str, pl.Expr] = {}
        #: The columns the planned-measure columns read besides the rules' outcomes (the household's labour).
        self.plan_keys: list[str] = []
        # Shown values, computed only on the rows that state them (layer 2, built by finish()).
        self._values: dict[str, tuple[Callable[[pl.Expr], pl.Expr], Term, list[pl.Expr]]] = {}
        # Comparisons' values with more places (told_apart), by (left, right, unit, operator): the Apart of
        # the rows given, and the rows that state the test.
        self._apart: dict[str, tuple[Callable[[pl.Expr], Apart], list[pl.Expr]]] = {}
        #: Per told-apart column of layer 2 (a null of :data:`APART` there): the rows of a chunk that may
        #: need it (:meth:`finish`).
        self.apart: dict[str, Apart] = {}
        #: Lists of text made after the layers from layer-3 columns (:class:`Listing`), by name.
        self.listed: dict[str, Listing] = {}
        #: Each shown value of layer 2 on every row, not only where a stated test shows it (built by finish()):
        #: for rows where one rule fired, whose texts read a value only under the test that shows it.
        self.unguarded: dict[str, pl.Expr] = {}

    def finish(self) -> list[dict[str, pl.Expr]]:
        """The layers, once every sentence and structure has been built.

        Layer 0: each test's outcome; 1: which tests each rule states (false where it did not fire);
        2: shown values, null except where a stated test shows them — polars formats no number it
        will not print; 3: each rule's sentence or data.
        """
        for name, (shape, term, gates) in self._values.items():
            gate = pl.any_horizontal(gates) if len(gates) > 1 else gates[0]
            value = self.term(term)
            self.layers[2][name] = shape(pl.when(gate).then(value))
            # Each text reads the value under its own test's gate (_value's), one of those joined here: on
            # the rows where that holds, the value without the gate is the same.
            self.unguarded[name] = shape(value)
        # Comparisons told apart with more places: seldom needed (a ratio within 0.0003 of its threshold),
        # and their three levels of formatting cost 5 to 100 ms of planning each, whatever the rows: layer 2
        # has a null for each, and the engine works them out only on the rows that may need them (apart,
        # BatchEngine._told_apart).
        for name, (apart, gates) in self._apart.items():
            self.layers[2][name] = pl.lit(None, dtype=APART)
            self.apart[name] = apart(pl.any_horizontal(gates) if len(gates) > 1 else gates[0])
        return self.layers

    def by_rule(self) -> dict[str, list[str]]:
        """Each rule's layer-3 columns (its sentence, its flag data): null wherever the rule did not fire."""
        columns: dict[str, list[str]] = {}
        for (kind, key), name in self._names.items():
            if kind in ("t", "f", "g", "k") and name in self.layers[3]:
                rule_id = key[0] if isinstance(key, tuple) else key  # a code's key: (rule id, code)
                columns.setdefault(str(rule_id), []).append(name)
        return columns

    def data_columns(self) -> frozenset[str]:
        """The layer-3 columns of flag data (:meth:`flags`, :meth:`found`): JSON of a fired rule and its
        structured explanation, several times a sentence's cost a row."""
        data = (name for (kind, _), name in self._names.items() if kind in ("f", "g"))
        return frozenset(name for name in data if name in self.layers[3])

    def _named(self, key: tuple[str, object]) -> tuple[str, bool]:
        """The column of ``key``, and whether it is new. Named by kind (a letter) and number: ``__c…``
        (RegionConstants) and ``__r…`` (outcomes) are the engine's, and no kind here takes those letters."""
        name = self._names.get(key)
        if name is not None:
            return name, False
        name = self._names[key] = f"__{key[0]}{len(self._names)}"
        return name, True

    def _value(
        self, key: tuple[str, object], term: Term, shape: Callable[[pl.Expr], pl.Expr], gate: pl.Expr
    ) -> pl.Expr:
        name, new = self._named(key)
        if new:
            self._values[name] = (shape, term, [])
        self._values[name][2].append(gate)
        return pl.col(name)

    def _column(self, layer: int, key: tuple[str, object], make: Callable[[], pl.Expr]) -> pl.Expr:
        name, new = self._named(key)
        if new:
            self.layers[layer][name] = make()
        return pl.col(name)

    def _outcome(self, condition: Condition) -> pl.Expr:
        """A sub-condition's three-valued outcome, from the materialised outcomes of its tests."""
        match condition:
            case TNot(operand=x):
                return ~self._outcome(x)
            case TAnd(items=items):
                return pl.all_horizontal([self._outcome(i) for i in items])
            case TOr(items=items):
                return pl.any_horizontal([self._outcome(i) for i in items])
        return self._column(0, ("a", condition), lambda: self.condition(condition))

    def _stated(self, rule: Rule) -> list[tuple[pl.Expr, bool]]:
        """Per test of the rule, in reading order: is it among the reasons the rule fired, and the
        outcome it then has. That outcome is fixed by where the test sits (a test under one ``not``
        is a reason only when false), so each test needs one text, not one per outcome."""
        if rule.id not in self._reasons:
            included: list[tuple[pl.Expr, bool]] = []
            self._why(rule.condition, True, self._fired[rule.id], included)
            self._reasons[rule.id] = [
                (self._column(1, ("w", (rule.id, i)), lambda e=e: e), want)  # type: ignore[misc]
                for i, (e, want) in enumerate(included)
            ]
        return self._reasons[rule.id]

    # ---- which tests are stated ----------------------------------------------------------------

    def _why(self, condition: Condition, want: bool, reach: pl.Expr, out: list[tuple[pl.Expr, bool]]) -> None:
        """Appends, per test in reading order, whether it is among the reasons (``_reasons``)."""
        match condition:
            case TNot(operand=x):
                self._why(x, not want, reach, out)
            case TAnd(items=items) | TOr(items=items):
                if isinstance(condition, TAnd) == want:  # every item counts
                    for item in items:
                        self._why(item, want, reach, out)
                    return
                earlier: pl.Expr = pl.lit(False)  # the first item that decides it
                for item in items:
                    value = self._outcome(item)
                    holds = (value if want else ~value).fill_null(False)
                    self._why(item, want, reach & holds & ~earlier, out)
                    earlier = earlier | holds
            case _:
                out.append((reach, want))

    # ---- one test, stated ----------------------------------------------------------------------

    def _shown(self, term: Term, unit: str, vocabulary: bool, gate: pl.Expr) -> pl.Expr:
        if isinstance(term, TConst):
            from fanpin.results.explanations import shown

            return pl.lit(str(shown(literal(term), unit)))
        if not facts_of(term):
            return self.constant(f"shown:{unit}", term)
        if unit == "text":
            info = FACTS.get(term.name) if isinstance(term, TFact) else None
            if vocabulary and self.lang == "zh" and info is not None and info.enum is not None:
                labels = {m.value: m.label for m in info.enum}
                return self._value(("l", term), term, lambda e: e.replace(labels), gate)
            # Text as the per-household path shows it: its ID and mobile numbers masked.
            return self._value(("v", term), term, lambda e: masked_numbers(e.cast(pl.String)), gate)
        whole = integral(term)  # polars computes it in integers
        return self._value(("s", (term, unit)), term, lambda e: number_text(e, unit, whole), gate)

    def _compared(
        self, left: Term, right: Term, unit: str, operator: str, vocabulary: bool, gate: pl.Expr
    ) -> tuple[pl.Expr, pl.Expr]:
        """The texts of a comparison's two sides, for a test that held stated by ``operator``: as
        :meth:`_shown` shows each, or, where those read the test the other way (``0.5 > 0.5``), with the
        places that read it as it went (:func:`told_apart`, a layer-2 column null on every other row)."""
        value = self._shown(left, unit, vocabulary=vocabulary, gate=gate)
        threshold = self._shown(right, unit, vocabulary=vocabulary, gate=gate)
        if unit not in ("money", "plain"):  # text, months and days: shown as they are compared
            return value, threshold
        if _exact(left) and _exact(right):  # whole numbers (fen, counts) are shown with all their digits
            return value, threshold
        name, new = self._named(("y", (left, right, unit, operator)))
        if new:

            def apart(g: pl.Expr) -> Apart:
                a, b = self.term(left), self.term(right)
                at = pl.int_range(pl.len(), dtype=pl.UInt32)
                sides = pl.struct(at=at, a=a, b=b).filter(g & maybe_apart(a, b)).implode()
                return Apart(unit, operator, sides)

            self._apart[name] = (apart, [])
        self._apart[name][1].append(gate)
        more = pl.col(name).struct
        return pl.coalesce(more.field("value"), value), pl.coalesce(more.field("threshold"), threshold)

    def _test(self, test: Condition, held: bool, labels: dict[str, ParameterUse], gate: pl.Expr) -> pl.Expr:
        """The test's text, stated as it held: as written when true, negated when false (under ``not``)."""
        info = describe(test, self.slots)
        uses = tuple(labels[p] for p in info.params)
        operator = info.operator if held else NEGATED.get(info.operator, info.operator)
        value: pl.Expr | None = None
        threshold: pl.Expr | None = None
        shown_value: object = _VALUE
        shown_threshold: object = _THRESHOLD
        match test:
            case TCompare(left=left, right=right):
                value, threshold = self._compared(left, right, info.unit, operator, vocabulary=True, gate=gate)
            case TIn(operand=x):
                value, shown_threshold = self._shown(x, info.unit, vocabulary=True, gate=gate), None
            case TMissing():
                shown_value, shown_threshold = None, None
            case _:  # a yes/no fact: held means it was yes; stated negated, it wanted no
                shown_value = shown_threshold = "true" if held else "false"
        comparison = Comparison(
            fact=info.fact,
            value=shown_value,
            operator=operator,
            threshold=info.threshold,
            threshold_value=shown_threshold,
            unit=info.unit,
            parameters=uses,
            outcome="true",
        )
        # A parameter inside a member condition is stated with its value for the row's region (or as having
        # none there, when the condition held by another of its branches); the others are not in the text.
        template = comparison_template(comparison, self.lang, _parameter_placeholder)
        valued = {
            placeholder: self._valued(p)
            for p in uses
            if (placeholder := _parameter_placeholder(p, self.lang)) in template
        }
        return _fill(template, value, threshold, valued)

    def _valued(self, p: ParameterUse) -> pl.Expr:
        """:func:`~fanpin.results.sentences.parameter_value_text` of ``p`` for each row's region."""
        shown = self.constant(f"shown:{p.unit}", TParam(p.name, "money" if p.unit == "money" else "plain"))
        before, after = parameter_value_parts(p, self.lang)
        return (
            pl.when(shown.is_null())
            .then(pl.lit(unvalued_parameter_text(p.name, self.lang)))
            .otherwise(pl.concat_str([pl.lit(before), shown, pl.lit(after)]))
        )

    def _structured(self, test: Condition, held: bool, gate: pl.Expr) -> pl.Expr:
        """The test as :class:`fanpin.Comparison` data (JSON Lines), as ``_Atom.explain`` fills it: its
        JSON text, keys sorted. The fixed parts are encoded once here; only the values and the region's
        parameter constants are encoded per row (nested structs built row by row cost milliseconds a row)."""
        info = describe(test, self.slots)
        operator = info.operator if held else NEGATED.get(info.operator, info.operator)
        value, threshold = pl.lit("null"), pl.lit("null")
        match test:
            case TCompare(left=left, right=right):
                raw = self._compared(left, right, info.unit, operator, vocabulary=False, gate=gate)
                value, threshold = (self._json_text(r, info.unit) for r in raw)
            case TIn(operand=x) | TMissing(operand=x):
                value = self._json_shown(x, info.unit, gate)
            case _:  # a yes/no fact stated negated wants false, as ``_Atom.explain`` states it
                value = threshold = pl.lit(_json("true" if held else "false"))
        # Each parameter as a JSON object, encoded once per region (RegionConstants, "json:parameter").
        # A parameter without a value for the row's region is left out, as the per-household path leaves it.
        objects = [self._constant_json("parameter", p) for p in info.params]
        parameters = [pl.concat_str(objects, separator=",", ignore_nulls=True)] if objects else []
        # a yes/no test's threshold is the answer it wants (false stated negated), as _Atom.explain writes it
        stated = ("true" if held else "false") if info.kind == "truth" else info.threshold
        return pl.concat_str(
            [
                pl.lit(f'{{"fact":{_json(info.fact)},"operator":{_json(operator)},"outcome":"true","parameters":['),
                *parameters,
                pl.lit(f'],"threshold":{_json(stated)},"threshold_value":'),
                threshold,
                pl.lit(f',"unit":{_json(info.unit)},"value":'),
                value,
                pl.lit("}"),
            ]
        )

    def _json_shown(self, term: Term, unit: str, gate: pl.Expr) -> pl.Expr:
        """:meth:`_raw` as JSON text: a number, month or date is digits, signs, points and dashes, quoted as
        it is; text is encoded by polars (quotes, backslashes and control characters escaped)."""
        return self._json_text(self._raw(term, unit, gate), unit)

    def _json_text(self, raw: pl.Expr, unit: str) -> pl.Expr:
        """A shown value's text as JSON text (:meth:`_json_shown`)."""
        if unit == "text":
            return json_value(raw)
        return pl.when(raw.is_null()).then(pl.lit("null")).otherwise(pl.concat_str([pl.lit('"'), raw, pl.lit('"')]))

    def _constant_json(self, kind: str, parameter: str) -> pl.Expr:
        """A region's constant as JSON text, encoded once per region (a column of the constants table)."""
        return self.constant(f"json:{kind}", parameter)

    def _raw(self, term: Term, unit: str, gate: pl.Expr) -> pl.Expr:
        """A value as ``shown`` returns it, as text: numbers by :func:`number_text`, text as it is."""
        return self._shown(term, unit, vocabulary=False, gate=gate)

    def flags(self, fired: Sequence[pl.Expr]) -> pl.Expr:
        """The fired rules as :class:`fanpin.results.assessment.Flag` data, each with its structured ``why``:
        the JSON text of the list (keys sorted, as ``json.dumps(sort_keys=True)`` writes them)."""
        flags = []
        for rule, was_fired in zip(self.rules, fired, strict=True):
            spec = rule.spec
            codes, why, members = self._flag_parts(rule)
            risk_type_en = self.book.risk_types.get(spec.risk_type) if spec.risk_type else None
            flag = pl.concat_str(
                [
                    pl.lit('{"codes":'),
                    codes,
                    pl.lit(',"explanation":['),
                    why,
                    pl.lit(f'],"kind":{_json(spec.kind)},"level":{_json(spec.level)},'),
                    pl.lit(f'"measures":{_json(list(spec.measures))},"members":'),
                    members,
                    pl.lit(f',"risk_type":{_json(spec.risk_type)},"risk_type_en":{_json(risk_type_en)},'),
                    pl.lit(f'"rule_id":{_json(rule.id)},'),
                    pl.lit(f'"title":{_json(spec.title.zh)},"title_en":{_json(spec.title.en)}}}'),
                ]
            )
            flags.append(self._column(3, ("f", rule.id), lambda f=flag, w=was_fired: pl.when(w).then(f)))  # type: ignore[misc]
        if not flags:  # a rulebook without rules
            return pl.lit("[]")
        return pl.concat_str([pl.lit("["), pl.concat_str(flags, separator=",", ignore_nulls=True), pl.lit("]")])

    def found(self, fired: Sequence[pl.Expr]) -> pl.Expr:
        """The fired data checks (rules with codes) as the worksheet of findings reads a flag: per rule, where
        it fired, the JSON text of its ``codes``, ``explanation``, ``members`` and ``rule_id`` (keys sorted),
        each part made as :meth:`flags` makes it; listed per row in rule order (a column of :attr:`listed`)."""
        found = []
        for rule, was_fired in zip(self.rules, fired, strict=True):
            if not rule.spec.codes:
                continue
            codes, why, members = self._flag_parts(rule)
            flag = pl.concat_str(
                [
                    pl.lit('{"codes":'),
                    codes,
                    pl.lit(',"explanation":['),
                    why,
                    pl.lit('],"members":'),
                    members,
                    pl.lit(f',"rule_id":{_json(rule.id)}}}'),
                ]
            )
            found.append(self._column(3, ("g", rule.id), lambda f=flag, w=was_fired: pl.when(w).then(f)))  # type: ignore[misc]
        self.listed[FOUND] = Listing(tuple(f.meta.output_name() for f in found))
        return pl.col(FOUND)

    def _flag_parts(self, rule: Rule) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
        """A fired rule's ``codes``, structured ``explanation`` (its items, without brackets) and ``members``
        as JSON text, the parts :meth:`flags` and :meth:`found` both write."""
        why = [
            pl.when(inc).then(self._structured(test, held, inc))
            for test, (inc, held) in zip(atoms(rule.condition), self._stated(rule), strict=True)
        ]
        # the codes whose population the household is in (fanpin.results.codes)
        codes = json_value(codes_expr(rule.spec.codes)) if rule.spec.codes else pl.lit("[]")
        # a member-scope rule's members (the batch engine's __who_ column of its aggregate)
        members = json_value(pl.col(f"__who_{rule.member_aggregate}")) if rule.member_aggregate else pl.lit("[]")
        return codes, pl.concat_str(why, separator=",", ignore_nulls=True), members

    # ---- one rule's sentence -------------------------------------------------------------------

    def sentence(self, rule: Rule, labels: dict[str, ParameterUse]) -> pl.Expr:
        """``flag_text`` of the rule where it fired (any value elsewhere: callers mask it)."""
        tests = atoms(rule.condition)
        reasons = self._stated(rule)
        included = [inc for inc, _ in reasons]
        stated = [
            pl.when(inc).then(self._test(test, held, labels, inc))
            for test, (inc, held) in zip(tests, reasons, strict=True)
        ]
        body = pl.concat_str(stated, separator=self.marks.comparisons, ignore_nulls=True)
        title = rule.spec.title.zh if self.lang == "zh" else rule.spec.title.en
        return pl.concat_str([pl.lit(title + self.marks.colon), body, self._sources(tests, included)])

    def _sources(self, tests: Sequence[Condition], included: Sequence[pl.Expr]) -> pl.Expr:
        """Each source once, in the order of the stated tests' parameters (``explain._sources``)."""
        pairs = [(i, p) for i, test in enumerate(tests) for p in describe(test, self.slots).params]
        if not pairs:
            return pl.lit("")
        opening, separator, closing = self.marks.sources
        kind = "source_en" if self.lang == "en" else "source"
        source = {p: self.constant(kind, p) for _, p in pairs}
        emitted = []
        for k, (i, p) in enumerate(pairs):
            # Whether two parameters share a source is a per-region constant, not a per-row comparison.
            same = "same_en" if self.lang == "en" else "same"
            earlier = [included[j] & self.constant(same, (q, p)) for j, q in pairs[:k]]
            first = included[i] & ~pl.any_horizontal(earlier) if earlier else included[i]
            emitted.append(pl.when(first).then(source[p]))
        joined = pl.concat_str(emitted, separator=separator, ignore_nulls=True)
        return (
            pl.when(joined != "").then(pl.concat_str([pl.lit(opening), joined, pl.lit(closing)])).otherwise(pl.lit(""))
        )

    # ---- columns -------------------------------------------------------------------------------

    def explanation(self, fired: Sequence[pl.Expr]) -> pl.Expr:
        """One sentence per fired rule, in rule order, as a list (the CSV writer joins them): a column of
        :attr:`listed`, made from each rule's sentences on the rows where it fired."""
        labels = _labels(self.book)
        sentences = [
            self._column(3, ("t", r.id), lambda r=r, f=f: pl.when(f).then(self.sentence(r, labels)))  # type: ignore[misc]
            for r, f in zip(self.rules, fired, strict=True)
        ]
        self.listed[_EXPLANATION] = Listing(tuple(s.meta.output_name() for s in sentences))
        return pl.col(_EXPLANATION)

    def codes(self, fired: Sequence[pl.Expr]) -> pl.Expr:
        """The fired data checks' codes whose population the household is in, each once, in rule order
        (:attr:`fanpin.Assessment.codes`)."""

        def code(was_fired: pl.Expr, population: str, text: str) -> pl.Expr:
            return pl.when(was_fired & population_expr(population)).then(pl.lit(text))

        coded = [
            self._column(3, ("k", (rule.id, c)), lambda f=f, p=p, c=c: code(f, p, c))  # type: ignore[misc]
            for rule, f in zip(self.rules, fired, strict=True)
            for c, p in rule.spec.codes.items()
        ]
        # A column of :attr:`listed`: each code a column made on the rows where its rule fired (null
        # outside its population), listed in rule order, each code once.
        self.listed[_CODES] = Listing(tuple(c.meta.output_name() for c in coded), unique=True)
        return pl.col(_CODES)

    def risk_types(self, fired: Sequence[pl.Expr]) -> pl.Expr:
        emitted, texts = [], []
        for k, rule in enumerate(self.rules):
            if not rule.spec.risk_type:
                continue
            same = [fired[j] for j in range(k) if self.rules[j].spec.risk_type == rule.spec.risk_type]
            first = fired[k] & ~pl.any_horizontal(same) if same else fired[k]
            shown = rule.spec.risk_type if self.lang == "zh" else self.book.risk_types[rule.spec.risk_type]
            emitted.append(pl.when(first).then(pl.lit(shown)))
            texts.append(shown)
        return _listed(emitted, texts)

    def audit_findings(self, fired: Sequence[pl.Expr]) -> pl.Expr:
        audits = [(r, f) for r, f in zip(self.rules, fired, strict=True) if r.spec.kind == "audit"]
        return _listed([pl.when(f).then(pl.lit(r.id)) for r, f in audits], [r.id for r, _ in audits])

    def plan(self, fired: Sequence[pl.Expr], has_labour: pl.Expr) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
        """(measure ids, plan items as text, planned measures as data: the JSON text of a list), as
        :func:`fanpin.results.plan.build_plan` orders and filters them."""
        measures = self.book.measures
        index = {r.id: i for i, r in enumerate(self.rules)}
        dibao = fired[index[DIBAO_BAND_RULE]] if DIBAO_BAND_RULE in index else pl.lit(False)
        labour = self._column(0, ("b", "has_labour"), lambda: has_labour)  # a column of every row, three-valued
        self.plan_keys = [labour.meta.output_name()]
        welfare_allowed = (labour == False).fill_null(False) | dibao  # noqa: E712 - a polars comparison
        order = sorted(range(len(self.rules)), key=lambda i: -severity(self.rules[i].spec.level))
        slots = [(i, m) for i in order for m in self.rules[i].spec.measures]
        ids, items, structs, texts = [], [], [], []
        for k, (i, m) in enumerate(slots):
            measure = measures[m]
            allowed = fired[i]
            if measure.development:
                allowed = allowed & labour.fill_null(True)
            if measure.welfare:
                allowed = allowed & welfare_allowed
            earlier = [fired[j] for j, other in slots[:k] if other == m]
            planned = allowed & ~pl.any_horizontal(earlier) if earlier else allowed
            name, _ = self._named(("m", k))
            self.planned[name] = planned
            first = pl.col(name)
            due = due_date(self.as_of, measure)
            ids.append(pl.when(first).then(pl.lit(m)))
            texts.append(plan_item(measure, due, self.lang))
            items.append(pl.when(first).then(pl.lit(texts[-1])))
            answers = [pl.when(fired[j]).then(pl.lit(_json(self.rules[j].id))) for j, other in slots if other == m]
            head = '{"answers":['
            tail = (
                f'],"department":{_json(department(measure, self.lang))},"due":{_json(due.isoformat())},'
                f'"id":{_json(m)},"name":{_json(measure_name(measure, self.lang))}}}'
            )
            structs.append(
                pl.when(first).then(
                    pl.concat_str(
                        [pl.lit(head), pl.concat_str(answers, separator=",", ignore_nulls=True), pl.lit(tail)]
                    )
                )
            )
        if not slots:
            return _listed([]), _listed([]), pl.lit("[]")
        planned = pl.concat_str([pl.lit("["), pl.concat_str(structs, separator=",", ignore_nulls=True), pl.lit("]")])
        return _listed(ids, [m for _, m in slots]), _listed(items, texts), planned


def _json(value: object) -> str:
    """A constant as JSON text, as polars' encoder and ``json.dumps(ensure_ascii=False)`` write it."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def json_value(value: pl.Expr) -> pl.Expr:
    """A column's values as JSON text (``null`` where null), by polars' own encoder."""
    return pl.struct(value.alias("v")).struct.json_encode().str.slice(5).str.head(-1)


#: The items of a row's list are joined by this character and split back (:data:`fanpin._polars.ITEM_SEPARATOR`).
#: Checked when compiled (:func:`_listed`): it is used for lists of constant texts only (the sentences, which
#: show the household's text, are listed otherwise: :attr:`Sentences.listed`).
SEPARATOR = ITEM_SEPARATOR


def _listed(items: Sequence[pl.Expr], constants: Sequence[str] | None = ()) -> pl.Expr:
    """The non-null items, in order, as a list of text (an empty list when there are none).

    ``constants``: every text the items can take, when they are constants (joined and split when none
    holds :data:`SEPARATOR`); None: the items may hold any text (concatenated lists, always exact).
    """
    empty = pl.lit([], dtype=pl.List(pl.String))
    if not items:
        return empty
    texts = [i.cast(pl.String) for i in items]
    if constants is None or any(SEPARATOR in c for c in constants):
        return pl.concat_list(texts).list.drop_nulls()
    joined = pl.concat_str(texts, separator=SEPARATOR, ignore_nulls=True)
    return pl.when(pl.all_horizontal([t.is_null() for t in texts])).then(empty).otherwise(joined.str.split(SEPARATOR))


def _labels(book: Rulebook) -> dict[str, ParameterUse]:
    """Parameter labels, Chinese and English, for the sentences (the other fields do not appear in the text)."""
    return {
        name: ParameterUse(
            name=name,
            label=spec.label,
            label_en=spec.label_en,
            value=Decimal(0),
            unit=spec.unit,
            region="",
            effective=date.min,
            source="",
        )
        for name, spec in book.parameters.specs.items()
    }
