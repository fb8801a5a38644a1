"""Structured explanations: for each test of a rule, what was compared with what.

Built once per rule (:class:`RuleExplainer`) from the typed condition and the engine slots, then
filled per household from the same encoded values the engine compared. Values are shown in natural
units: 元 for money (from whole fen), ratios to four decimals, or more where four would read a test the
other way than it went (:func:`told_apart`).
"""

from __future__ import annotations

import contextlib
import copy
import operator
from collections.abc import Callable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from fanpin.lang.lowering import Slots, atoms, calendar_text, literal, render, unit_of
from fanpin.lang.members import AGGREGATES
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
    TTruth,
    facts_of,
    params_of,
)
from fanpin.masking import mask_numbers
from fanpin.model.household import Kind
from fanpin.model.parameters import ResolvedParameter
from fanpin.results.assessment import Comparison, Outcome, ParameterUse

__all__ = ["MORE_PLACES", "NEGATED", "OPERATORS", "RuleExplainer", "describe", "parameter_uses", "shown", "told_apart"]


#: 10 000ths of a fen a double holds exactly (2^53): a part of a fen is shown below it.
_PARTS_HELD = 2**53


def shown(value: Any, unit: str, places: int = 4) -> Decimal | str | None:
    """An engine value in natural units: fen → 元 (two decimals when not whole; a part of a fen to 10 000ths
    of a fen, ``8014.965``), month and day numbers as ``2022-04`` and ``2025-06-30``, others to 4 decimals.

    Defined so that polars computes the same digits (:mod:`fanpin.batch.texts`): the value as a double
    is scaled (by 1 for fen, 10 000 otherwise) and rounded half to even to an integer, whose decimal
    digits are then exact. So 0.29996 shows as 0.3, never as the 0.30 it may have been compared with
    being hidden by rounding to two places. Text has its ID and mobile numbers masked (a 贷款用途 may
    name the person lent to), as polars masks them on the batch path.

    ``places`` (8, 12 or 16: :data:`MORE_PLACES`) scales by ``10**places`` instead of 10 000, to tell a
    value from the threshold it was compared with where 4 places read them alike (:func:`told_apart`);
    a part of a fen is then shown to that many places of a fen whatever the amount.

    >>> shown(0.50000005, "plain"), shown(0.50000005, "plain", 8), shown(-0.00000005, "plain", 8)
    (Decimal('0.5'), Decimal('0.50000005'), Decimal('-5E-8'))
    >>> shown(869999.99999999, "money"), shown(869999.99999999, "money", 8), shown(12.0, "plain", 16)
    (Decimal('8700'), Decimal('8699.9999999999'), Decimal('12'))
    """
    if type(value) is int and unit == "money":  # whole fen, nearly every value explained: the path below
        return Decimal(value // 100) if value % 100 == 0 else Decimal(value).scaleb(-2)
    if value is None:
        return None
    if isinstance(value, str):
        return mask_numbers(value)
    if unit in ("month", "date"):
        return calendar_text(int(value), unit)
    # A whole number is shown with its own digits (a count of 922 337 203 685 478 scaled by 10 000 as a
    # double would read 922337203685477.9904); the others through the double, scaled.
    whole = int(value) if isinstance(value, int) or (isinstance(value, float) and value.is_integer()) else None
    scale = _SCALES[places]
    if unit == "money":
        # A part of a fen (a threshold 1.5 × 5 343.31 元 is 801 496.5 fen) is shown to 10 000ths of a fen:
        # rounded to a fen it read 8014.96 < 8014.96 for a value the rule found below it.
        # (Beyond 2^53 10 000ths, about 9 × 10^9 元, a double no longer holds them: rounded to the fen.)
        tiny = None if whole is not None else round(float(value) * scale)
        if tiny is not None and tiny % 10**places and (places > 4 or abs(tiny) < _PARTS_HELD):
            return Decimal(format(Decimal(tiny).scaleb(-places - 2).normalize(), "f"))
        fen = round(float(value)) if whole is None else whole
        # Decimal(fen) / 100 quantized to 1 or 0.01: 7500 / 7000.50 (written without a division).
        return Decimal(fen // 100) if fen % 100 == 0 else Decimal(fen).scaleb(-2)
    if whole is not None:
        return Decimal(whole)
    scaled = Decimal(round(float(value) * scale)).scaleb(-places)
    return Decimal(format(scaled.normalize(), "f"))  # 0.3000 → 0.3, 12.0000 → 12, never 1.2E+1


#: The places :func:`told_apart` tries, in turn, after the 4 every number is shown to: a double holds
#: about 16 significant digits, and 16 places tell a ratio near 0.5 from its neighbouring doubles.
MORE_PLACES = (8, 12, 16)
#: 10**places as the double both engines multiply by (exact: 10**22 is the last power of ten a double holds).
_SCALES = {places: float(10**places) for places in (4, *MORE_PLACES)}


def told_apart(a: Any, b: Any, unit: str, op: str, outcome: bool) -> tuple[Decimal | str | None, Decimal | str | None]:
    """``a`` and ``b`` shown with the places that make ``a op b`` read as ``outcome``: 8, then 12, then 16
    (:data:`MORE_PLACES`), for a test whose 4-place values read otherwise (``0.5 > 0.5``, true: the ratio
    was 0.50000005). Two doubles that 16 places still read alike are shown to 16 places.

    >>> told_apart(0.50000005, 0.5, "plain", ">", True), told_apart(0.29999999, 0.3, "plain", ">=", False)
    ((Decimal('0.50000005'), Decimal('0.5')), (Decimal('0.29999999'), Decimal('0.3')))
    """
    x = y = None
    holds = OPERATORS[op]
    for places in MORE_PLACES:
        x, y = shown(a, unit, places), shown(b, unit, places)
        if holds(x, y) is outcome:
            break
    return x, y


def parameter_uses(params: Mapping[str, ResolvedParameter]) -> dict[str, ParameterUse]:
    return {
        name: ParameterUse(
            name=p.name,
            label=p.label,
            label_en=p.label_en,
            value=p.value,
            unit=p.unit,
            region=p.region,
            effective=p.effective,
            source=p.source,
            note=p.note,
            source_en=p.source_en,
        )
        for name, p in params.items()
    }


@dataclass(frozen=True)
class _Operand:
    slot: str | None
    constant: Any

    @classmethod
    def of(cls, term: Term, slots: Slots) -> _Operand:
        if isinstance(term, TConst):
            return cls(None, literal(term))
        return cls(slots.name(term), None)

    def value(self, message: Mapping[str, Any]) -> Any:
        return self.constant if self.slot is None else message.get(self.slot)


@dataclass(frozen=True)
class _Atom:
    kind: str
    operator: str
    left: _Operand
    right: _Operand | None
    fact: str
    threshold: str
    unit: str
    params: tuple[str, ...]
    values: tuple[Any, ...] = ()
    #: The last threshold value shown and the last parameter uses looked up, with what they gave: a
    #: threshold is the same for every household of a region and date. Read and replaced whole.
    _last: list[Any] = field(default_factory=lambda: [(None, None), (None, ())], compare=False, hash=False, repr=False)
    #: A yes/no test's comparisons by (value, outcome, operator), with the parameter uses they cite: at
    #: most 3 × 3 × 2 of them (values true, false, unknown; outcomes; as written or negated).
    _said: dict[tuple[Any, ...], tuple[Mapping[str, ParameterUse], Comparison]] = field(
        default_factory=dict, compare=False, hash=False, repr=False
    )

    def explain(
        self,
        message: Mapping[str, Any],
        uses: Mapping[str, ParameterUse],
        outcome: Outcome,
        operator: str | None = None,
    ) -> Comparison:
        """The test as it was evaluated; ``operator`` states it otherwise (a test under ``not``)."""
        left, right = self.left, self.right  # read in place: a method call per operand cost more than the read
        a = left.constant if left.slot is None else message.get(left.slot)
        threshold_value: Decimal | str | None
        if self.kind == "compare":
            b = None if right is None else right.constant if right.slot is None else message.get(right.slot)
            value = shown(a, self.unit)
            last_b, last_shown = self._last[0]
            if b is None or b != last_b:  # equal numbers show alike: shown() goes through float or int
                last_shown = shown(b, self.unit)
                self._last[0] = (b, last_shown)
            threshold_value = last_shown
            # Numbers that 4 places read alike (or, rounded, the wrong way round) are shown with more
            # places, until they read as the test went: "0.5 > 0.5", true, reads 0.50000005 > 0.5.
            if (
                outcome != "unknown"
                and type(value) is Decimal
                and type(threshold_value) is Decimal
                and OPERATORS[self.operator if operator is None else operator](value, threshold_value)
                is not (outcome == "true")
            ):
                value, threshold_value = told_apart(
                    a, b, self.unit, self.operator if operator is None else operator, outcome == "true"
                )
        elif self.kind == "truth":
            # The value the test wants: true as written, false stated negated (``not monitored``), so that
            # value, operator and threshold agree with the outcome (``false is false``: true).
            value = None if a is None else ("true" if a else "false")
            threshold_value = "true" if operator is None else "false"
            # A yes/no test says one of a few things: each said once per region and date (``uses``).
            said = self._said.get((value, outcome, operator))
            if said is not None and said[0] is uses:
                return said[1]
        else:
            value, threshold_value = shown(a, self.unit), None
        parameters: tuple[ParameterUse, ...] = ()
        if self.params:
            last_uses, parameters = self._last[1]
            if last_uses is not uses:
                # a parameter without a value for the region and date is no use (the test is unknown)
                parameters = tuple([uses[p] for p in self.params if p in uses])
                self._last[1] = (uses, parameters)
        comparison = Comparison.of(
            {
                "fact": self.fact,
                "value": value,
                "operator": self.operator if operator is None else operator,
                # a yes/no test's threshold is the answer it wants, as its threshold_value
                "threshold": threshold_value if self.kind == "truth" else self.threshold,
                "threshold_value": threshold_value,
                "unit": self.unit,
                "parameters": parameters,
                "outcome": outcome,
            }
        )
        if self.kind == "truth":  # frozen, so shared by the households it is said of
            self._said[(value, outcome, operator)] = (uses, comparison)
        return comparison


def describe(atom: Condition, slots: Slots) -> _Atom:
    """A test as explanations state it: kind, operator, fact and threshold as written, unit, parameters."""
    # A member aggregate's condition may read parameters (age >= school_entry_age): they are the
    # test's parameters too, so that a sentence labels them and cites their source.
    inside = (AGGREGATES[f].condition for f in facts_of(atom) if f in AGGREGATES)
    params = tuple(sorted(params_of(atom).union(*(params_of(c) for c in inside if c is not None))))
    match atom:
        case TCompare(op=op, left=left, right=right):
            unit = unit_of(left) if facts_of(left) else unit_of(right)
            return _Atom(
                "compare",
                op,
                _Operand.of(left, slots),
                _Operand.of(right, slots),
                render(left),
                render(right),
                unit,
                params,
            )
        case TIn(operand=x, values=values):
            encoded = tuple(literal(TConst(v, "plain")) for v in values)
            # Numbers as a value is shown (money in 元: the set holds fen), words as they are.
            listed = (
                "{"
                + ", ".join(
                    str(v if isinstance(v, str) else shown(e, unit_of(x))) for v, e in zip(values, encoded, strict=True)
                )
                + "}"
            )
            return _Atom("in", "in", _Operand.of(x, slots), None, render(x), listed, unit_of(x), params, encoded)
        case TMissing(operand=x):
            return _Atom("missing", "is missing", _Operand.of(x, slots), None, render(x), "", unit_of(x), params)
        case TTruth(fact=fact):
            shown_as = render(TFact(fact, Kind.BOOL))  # a member aggregate shows as written: any(members, …)
            return _Atom("truth", "is", _Operand(fact, None), None, shown_as, "true", "bool", params)
    raise TypeError(atom)  # pragma: no cover


NEGATED = {
    "<": ">=",
    "<=": ">",
    ">": "<=",
    ">=": "<",
    "==": "!=",
    "!=": "==",
    "in": "not in",
    "is missing": "is not missing",
}

# The shape of a condition with its tests replaced by their index in RuleExplainer.atoms.
_Shape = int | tuple[str, tuple["_Shape", ...]]


class RuleExplainer:
    """The tests of one rule, ready to be filled with a household's values.

    :meth:`why` explains a fired rule by the tests that make it true — for ``or`` the first branch that
    holds, for ``and`` every branch, under ``not`` the tests that failed, stated the way they held
    (``收入 ≥ 监测范围`` rather than "not below") — so an explanation never lists a test that did not matter.
    """

    def __init__(self, condition: Condition, slots: Slots) -> None:
        self.atoms = tuple(describe(a, slots) for a in atoms(condition))
        #: The engine slots the tests compare: all that :meth:`without` looks at of the slots absent.
        self.slots_read = frozenset(
            s for a in self.atoms for s in (a.left.slot, None if a.right is None else a.right.slot) if s is not None
        )
        counter = iter(range(len(self.atoms)))
        self.shape = _shape(condition, counter)
        #: The condition as one closure: True, False or None (unknown) for an engine message.
        self._tests = tests = [_test_decider(a) for a in self.atoms]
        self.decide: Decider = _decider(self.shape, tests)
        #: Every test's outcome, in the order of the atoms.
        self._outcomes: Outcomes = lambda m: tuple([t(m) for t in tests])
        #: Whether each test stands under an odd number of ``not`` (``a not in {…}`` is ``not (a in {…})``)
        self._negated = _negated(self.shape, len(self.atoms))
        #: The tests :meth:`why` states for each combination of the tests' outcomes met (households share
        #: few), with the operator each is stated by: at most :data:`_OUTCOME_SETS`, then listed again.
        self._reasons: dict[tuple[bool | None, ...], tuple[tuple[_Atom, str | None], ...]] = {}

    def fresh(self) -> RuleExplainer:
        """This explainer as it was made, for another engine: its tests shared (made once per condition; they
        hold nothing of the households met), its reasons remembered and its source compiled (:meth:`compile`)
        its own. Only an explainer never compiled is copied so (an engine's are copies of one kept apart)."""
        other = copy.copy(self)
        other._reasons = {}
        return other

    def compile(self) -> None:
        """Swap in :meth:`decide` and the test outcomes written out as Python source (:func:`_generated`):
        two to three times faster, for about a millisecond of compiling a rule, which the engine pays
        once a condition set has evaluated enough households to repay it."""
        # Python's compiler refuses more than 20 nested blocks, and a condition may nest 32 levels
        # (MAX_NESTING): such a condition keeps its closures, which answer the same.
        with contextlib.suppress(SyntaxError, RecursionError, MemoryError):
            self.decide, self._outcomes = _generated(self.shape, self.atoms)

    def without(self, absent: AbstractSet[str]) -> bool | Varies | None:
        """The condition's outcome for any message that lacks the slots ``absent`` (True, False or None =
        unknown, by Kleene's logic as :attr:`decide` gives it), or :data:`VARIES` when it depends on the other
        values: a test reading an absent slot is unknown (``is missing`` is true), the others may be anything."""
        return _without(self.shape, self.atoms, absent)

    def comparisons(self, message: Mapping[str, Any], uses: Mapping[str, ParameterUse]) -> list[Comparison]:
        """Every test with its outcome (for ``fanpin explain``), stated as the rule wants it: a test under
        ``not`` is stated negated, with the negated outcome (``贷款用途 经营 不属于 {…}`` false, not
        ``属于 {…}`` true), so that each outcome says whether the test went the rule's way."""
        return [
            a.explain(message, uses, _OUTCOME[t])
            if not negated
            else a.explain(message, uses, _OUTCOME[None if t is None else not t], NEGATED.get(a.operator, a.operator))
            for a, t, negated in zip(self.atoms, self._outcomes(message), self._negated, strict=True)
        ]

    def why(self, message: Mapping[str, Any], uses: Mapping[str, ParameterUse]) -> list[Comparison]:
        """The tests that make a fired rule true, each stated as it held."""
        if isinstance(self.shape, int):  # one test (most rules): it held
            return [self.atoms[0].explain(message, uses, "true")]
        outcomes = self._outcomes(message)
        reasons = self._reasons.get(outcomes)
        if reasons is None:
            stated = []
            for i in dict.fromkeys(_reasons(self.shape, outcomes, want=True)):
                atom = self.atoms[i]
                # A test under "not" that failed: say what held instead.
                stated.append((atom, NEGATED.get(atom.operator, atom.operator) if outcomes[i] is False else None))
            reasons = tuple(stated)
            if len(self._reasons) >= _OUTCOME_SETS:
                self._reasons.clear()
            self._reasons[outcomes] = reasons
        return [atom.explain(message, uses, "true", negated) for atom, negated in reasons]


Decider = Callable[[Mapping[str, Any]], bool | None]
#: Every test's outcome (True, False, None = unknown) for an engine message, in the order of the atoms.
Outcomes = Callable[[Mapping[str, Any]], tuple[bool | None, ...]]
#: The combinations of outcomes a :class:`RuleExplainer` remembers the reasons of, at most.
_OUTCOME_SETS = 1024
_OUTCOME: dict[bool | None, Outcome] = {True: "true", False: "false", None: "unknown"}
#: Each comparison operator of the rule language as Python computes it (tests read it too).
OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}


class Varies:
    """The type of :data:`VARIES`."""

    def __repr__(self) -> str:
        return "VARIES"


#: :meth:`RuleExplainer.without`'s answer for a condition whose outcome depends on values present.
VARIES = Varies()


def _without(shape: _Shape, atoms: Sequence[_Atom], absent: AbstractSet[str]) -> bool | Varies | None:
    """:meth:`RuleExplainer.without` of a part of a condition."""
    if isinstance(shape, int):
        atom = atoms[shape]  # as _test_decider: "is missing" is true of an absent value, any other test unknown
        if atom.kind == "missing":
            return True if atom.left.slot is not None and atom.left.slot in absent else VARIES
        slots = (atom.left.slot, None if atom.right is None else atom.right.slot)
        return None if any(slot is not None and slot in absent for slot in slots) else VARIES
    kind, items = shape
    parts = [_without(item, atoms, absent) for item in items]
    if kind == "not":
        return parts[0] if parts[0] is None or parts[0] is VARIES else not parts[0]
    decisive = kind == "or"  # True decides an "or", False an "and"
    if decisive in parts:
        return decisive
    if VARIES in parts:
        return VARIES
    return None if None in parts else not decisive


def _test_decider(atom: _Atom) -> Decider:
    """The test's outcome for an engine message, as a closure over fixed slots: True, False, or None
    when a value it compares is unknown (``missing`` is never unknown)."""
    key, constant = atom.left.slot, atom.left.constant
    if atom.kind == "missing":
        return (lambda m: m.get(key) is None) if key else (lambda m: constant is None)
    if key is None:  # a literal on the left: only comparisons put one there
        right = atom.right
        assert right is not None and right.slot is not None
        op, other = OPERATORS[atom.operator], right.slot
        return lambda m: None if (b := m.get(other)) is None else op(constant, b)
    if atom.kind == "compare":
        op, right = OPERATORS[atom.operator], atom.right
        assert right is not None
        if right.slot is None:
            limit = right.constant
            return lambda m: None if (a := m.get(key)) is None else op(a, limit)
        other = right.slot
        return lambda m: None if (a := m.get(key)) is None or (b := m.get(other)) is None else op(a, b)
    if atom.kind == "in":
        values = atom.values
        return lambda m: None if (a := m.get(key)) is None else a in values
    return lambda m: None if (a := m.get(key)) is None else bool(a)


def _decider(shape: _Shape, tests: list[Decider]) -> Decider:
    """Kleene's and/or/not over the tests' deciders, as :func:`_value` computes it."""
    if isinstance(shape, int):
        return tests[shape]
    kind, items = shape
    parts = tuple(_decider(i, tests) for i in items)
    if kind == "not":
        inner = parts[0]
        return lambda m: None if (v := inner(m)) is None else not v
    decisive = kind == "or"  # True decides an "or", False an "and"

    def combined(m: Mapping[str, Any]) -> bool | None:
        result: bool | None = not decisive
        for part in parts:
            v = part(m)
            if v is decisive:
                return decisive
            if v is None:
                result = None
        return result

    return combined


def _generated(
    shape: _Shape, atoms: Sequence[_Atom]
) -> tuple[Decider, Callable[[Mapping[str, Any]], tuple[bool | None, ...]]]:
    """The condition under Kleene's logic (:func:`_value` over :func:`_test_decider`'s outcomes) and the
    outcome of each test, as two functions compiled from generated source: the same operations,
    without a closure call per test and per ``and``/``or`` (a test holds them equal). Values enter the
    source only as names bound in its namespace."""
    namespace: dict[str, Any] = {}

    def bind(value: Any) -> str:
        name = f"c{len(namespace)}"
        namespace[name] = value
        return name

    tests = [_test_source(atom, bind) for atom in atoms]
    lines = ["def decide(m):", "    g = m.get"]
    counter = iter(range(1_000_000))

    def emit(node: _Shape, target: str, indent: str) -> None:
        if isinstance(node, int):
            lines.append(f"{indent}{target} = {tests[node]}")
            return
        kind, items = node
        if kind == "not":
            emit(items[0], target, indent)
            lines.append(f"{indent}if {target} is not None:")
            lines.append(f"{indent}    {target} = not {target}")
            return
        decisive = kind == "or"  # True decides an "or", False an "and"
        lines.append(f"{indent}{target} = {not decisive}")
        lines.append(f"{indent}while True:")
        for item in items:
            part = f"v{next(counter)}"
            emit(item, part, indent + "    ")
            lines.append(f"{indent}    if {part} is {decisive}:")
            lines.append(f"{indent}        {target} = {decisive}")
            lines.append(f"{indent}        break")
            lines.append(f"{indent}    if {part} is None:")
            lines.append(f"{indent}        {target} = None")
        lines.append(f"{indent}    break")

    emit(shape, "result", "    ")
    lines.append("    return result")
    lines.append("def outcomes(m):")
    lines.append("    g = m.get")
    lines.append(f"    return ({''.join(t + ', ' for t in tests)})")
    exec(compile("\n".join(lines), "<fanpin condition>", "exec"), namespace)  # source built above, names only
    return namespace["decide"], namespace["outcomes"]


def _test_source(atom: _Atom, bind: Callable[[Any], str]) -> str:
    """:func:`_test_decider` as a Python expression over ``g`` (``m.get``)."""
    key, constant = atom.left.slot, atom.left.constant
    if atom.kind == "missing":
        return f"(g({bind(key)}) is None)" if key else f"({bind(constant)} is None)"
    if key is None:  # a literal on the left: only comparisons put one there
        right = atom.right
        assert right is not None and right.slot is not None
        op = _SOURCE_OPERATORS[atom.operator]
        return f"(None if (b := g({bind(right.slot)})) is None else {bind(constant)} {op} b)"
    if atom.kind == "compare":
        op, right = _SOURCE_OPERATORS[atom.operator], atom.right
        assert right is not None
        if right.slot is None:
            return f"(None if (a := g({bind(key)})) is None else a {op} {bind(right.constant)})"
        return f"(None if (a := g({bind(key)})) is None or (b := g({bind(right.slot)})) is None else a {op} b)"
    if atom.kind == "in":
        return f"(None if (a := g({bind(key)})) is None else a in {bind(atom.values)})"
    return f"(None if (a := g({bind(key)})) is None else bool(a))"


_SOURCE_OPERATORS = {"<": "<", "<=": "<=", ">": ">", ">=": ">=", "==": "==", "!=": "!="}


def _shape(condition: Condition, counter: Iterator[int]) -> _Shape:
    match condition:
        case TAnd(items=items):
            return ("and", tuple(_shape(i, counter) for i in items))
        case TOr(items=items):
            return ("or", tuple(_shape(i, counter) for i in items))
        case TNot(operand=x):
            return ("not", (_shape(x, counter),))
    return next(counter)


def _negated(shape: _Shape, count: int) -> tuple[bool, ...]:
    """For each test of ``shape``, whether it stands under an odd number of ``not``."""
    negated = [False] * count

    def walk(at: _Shape, odd: bool) -> None:
        if isinstance(at, int):
            negated[at] = odd
            return
        kind, items = at
        for item in items:
            walk(item, odd != (kind == "not"))

    walk(shape, False)
    return tuple(negated)


def _value(shape: _Shape, outcomes: list[Outcome]) -> Outcome:
    if isinstance(shape, int):
        return outcomes[shape]
    kind, items = shape
    values = [_value(i, outcomes) for i in items]
    if kind == "not":
        return {"true": "false", "false": "true", "unknown": "unknown"}[values[0]]  # type: ignore[return-value]
    decisive, other = ("false", "true") if kind == "and" else ("true", "false")
    if decisive in values:
        return decisive
    return "unknown" if "unknown" in values else other  # type: ignore[return-value]


def _kleene(shape: _Shape, outcomes: Sequence[bool | None]) -> bool | None:
    """:func:`_value` over the tests' outcomes as True, False and None (unknown)."""
    if isinstance(shape, int):
        return outcomes[shape]
    kind, items = shape
    if kind == "not":
        inner = _kleene(items[0], outcomes)
        return None if inner is None else not inner
    decisive = kind == "or"  # True decides an "or", False an "and"
    result: bool | None = not decisive
    for item in items:
        value = _kleene(item, outcomes)
        if value is decisive:
            return decisive
        if value is None:
            result = None
    return result


def _reasons(shape: _Shape, outcomes: Sequence[bool | None], *, want: bool) -> list[int]:
    """Indexes of the tests that make ``shape`` evaluate to ``want`` (outcomes True, False, None)."""
    if isinstance(shape, int):
        return [shape]
    kind, items = shape
    if kind == "not":
        return _reasons(items[0], outcomes, want=not want)
    if (kind == "and") == want:  # an "and" that holds, or an "or" that fails: every item counts
        return [i for item in items for i in _reasons(item, outcomes, want=want)]
    first = next(item for item in items if _kleene(item, outcomes) is want)
    return _reasons(first, outcomes, want=want)
