"""Typed conditions → disjunctive normal form of durable tests (:mod:`fanpin.durable.compiler`), on its own.

No durable-rules session is started: the DNF (and the JSON :func:`~fanpin.durable.compiler.to_json`
writes for each conjunction) is read by :func:`matches` below, a strict reading of the tests — an
absent property matches nothing but ``$nex`` — which is what fanpin's guards make durable-rules do
(its looser raw behaviour is pinned in ``test_durable_traps.py``).
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given

from fanpin import Household, Rulebook
from fanpin.durable._adapter import HOUSEHOLD_MARK
from fanpin.durable.compiler import JSON, MAX_CONJUNCTIONS, Compiler, Dnf, TooLargeError, expand_rule, to_json
from fanpin.errors import ConfigError
from fanpin.lang.lowering import Slots, compile_term, engine_number, fold
from fanpin.lang.tree import Condition, TAnd, TCompare, TConst, TFact, TNot, TOr
from fanpin.lang.typecheck import ParamInfo, check_condition
from fanpin.model.facts import FACTS, encode_all, household_facts
from fanpin.model.household import Kind
from fanpin.model.parameters import ResolvedParameter
from fanpin.testing import households
from tests.helpers import AS_OF, REGION
from tests.lang.oracle import kleene

_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "$lt": operator.lt,
    "$lte": operator.le,
    "$gt": operator.gt,
    "$gte": operator.ge,
    "$neq": operator.ne,
}


def holds(test: JSON, message: Mapping[str, Any]) -> bool:
    """One durable test (as :func:`to_json` writes it) on a message, read strictly."""
    ((key, body),) = test.items()
    if key == "$and":
        return all(holds(t, message) for t in body)
    if key in ("$ex", "$nex"):
        ((prop, _),) = body.items()
        return (prop in message) == (key == "$ex")
    if key in _COMPARE:
        ((prop, operand),) = body.items()
        other = message.get(operand["$m"]) if isinstance(operand, dict) else operand
        return prop in message and other is not None and _COMPARE[key](message[prop], other)
    return key in message and message[key] == body  # {prop: value}: equality


def matches(dnf: Dnf, message: Mapping[str, Any]) -> bool:
    """Whether one of the DNF's conjunctions (one engine rule each) matches ``message``."""
    marked = {HOUSEHOLD_MARK: 1, **message}
    return any(holds(to_json(conjunction), marked) for conjunction in dnf)


def thresholds_of(slots: Slots, params: Mapping[str, ResolvedParameter]) -> dict[str, int | float]:
    """The value of every threshold slot, as the engine writes it into its rules."""
    values: dict[str, int | float] = {}
    for term, slot in slots.thresholds.items():
        value = fold(term, params)
        assert value is not None
        values[slot] = engine_number(value)
    return values


@pytest.fixture(scope="module")
def params(book: Rulebook) -> dict[str, ResolvedParameter]:
    return book.parameters.resolve_all(book.parameters.specs, REGION, AS_OF)


def _infos(book: Rulebook) -> dict[str, ParamInfo]:
    return {
        name: ParamInfo(name, "money" if spec.unit == "money" else "plain", spec.label)
        for name, spec in book.parameters.specs.items()
    }


@pytest.fixture(scope="module")
def compile_text(book: Rulebook, params: dict[str, ResolvedParameter]) -> Callable[..., tuple[Compiler, Condition]]:
    """Text → (a compiler with its thresholds resolved for 532328 on 2025-06-30, or symbolic, the condition)."""
    infos = _infos(book)

    def compile_(text: str, *, symbolic: bool = False) -> tuple[Compiler, Condition]:
        condition = check_condition(text, FACTS, infos)
        slots = Slots.for_conditions([condition])
        return Compiler(slots, None if symbolic else thresholds_of(slots, params)), condition

    return compile_


Compile = Callable[..., tuple[Compiler, Condition]]


def true(compile_text: Compile, text: str, **options: Any) -> list[JSON]:
    compiler, condition = compile_text(text, **options)
    return sorted((to_json(c) for c in compiler.true(condition)), key=repr)


def false(compile_text: Compile, text: str, **options: Any) -> list[JSON]:
    compiler, condition = compile_text(text, **options)
    return sorted((to_json(c) for c in compiler.false(condition)), key=repr)


def marked(*tests: JSON) -> JSON:
    return {"$and": [{HOUSEHOLD_MARK: 1}, *tests]}


# ---- single tests -----------------------------------------------------------------------------------


def test_a_comparison_with_a_threshold_is_one_test_with_the_value_written_in(compile_text: Compile) -> None:
    assert true(compile_text, "income_per_capita < monitoring_line") == [marked({"$lt": {"income_per_capita": 870000}})]
    assert false(compile_text, "income_per_capita < monitoring_line") == [
        marked({"$gte": {"income_per_capita": 870000}})
    ]
    near = true(compile_text, "income_per_capita < near_line_multiple * monitoring_line")
    assert near == [marked({"$lt": {"income_per_capita": 1044000}})]  # 1.2 × 8700 元, folded exactly


@pytest.mark.parametrize(
    ("text", "test"),
    [
        ("monitoring_line > income_per_capita", {"$lt": {"income_per_capita": 870000}}),
        ("8700 <= income_per_capita", {"$gte": {"income_per_capita": 870000}}),
        ("50000 == medical_out_of_pocket", {"medical_out_of_pocket": 5000000}),
    ],
)
def test_a_constant_on_the_left_is_flipped_to_the_right(compile_text: Compile, text: str, test: JSON) -> None:
    assert true(compile_text, text) == [marked(test)]


def test_not_equal_requires_the_property(compile_text: Compile) -> None:
    """An absent property matches ``$neq`` in durable-rules (trap 11): ``!=`` carries an ``$ex`` guard."""
    assert true(compile_text, "wage_income != 100") == [
        marked({"$ex": {"wage_income": 1}}, {"$neq": {"wage_income": 10000}})
    ]
    assert false(compile_text, "wage_income != 100") == [marked({"wage_income": 10000})]


def test_a_fact_against_a_fact_is_a_guarded_reference(compile_text: Compile) -> None:
    assert true(compile_text, "wage_income < business_income") == [
        marked(
            {"$ex": {"business_income": 1}},
            {"$ex": {"wage_income": 1}},
            {"$lt": {"wage_income": {"$m": "business_income"}}},
        )
    ]


def test_without_threshold_values_thresholds_are_guarded_references(compile_text: Compile) -> None:
    """Symbolic compilation (used to find contradictions): a threshold is a property ``k0``, always present."""
    assert true(compile_text, "income_per_capita < monitoring_line", symbolic=True) == [
        marked({"$ex": {"income_per_capita": 1}}, {"$lt": {"income_per_capita": {"$m": "k0"}}})
    ]


def test_a_computed_term_is_compared_through_its_slot(compile_text: Compile) -> None:
    assert true(compile_text, "(net_income - rigid_expense) / size < monitoring_line") == [
        marked({"$lt": {"t0": 870000}})
    ]


@pytest.mark.parametrize(
    ("text", "when_true", "when_false"),
    [
        ("housing_unsafe", {"housing_unsafe": 1}, {"housing_unsafe": 0}),
        ("labor_count is missing", {"$nex": {"labor_count": 1}}, {"$ex": {"labor_count": 1}}),
        ("labor_count is not missing", {"$ex": {"labor_count": 1}}, {"$nex": {"labor_count": 1}}),
    ],
)
def test_yes_no_facts_and_missing_tests(compile_text: Compile, text: str, when_true: JSON, when_false: JSON) -> None:
    assert true(compile_text, text) == [marked(when_true)]
    assert false(compile_text, text) == [marked(when_false)]


def test_membership_is_one_alternative_per_value(compile_text: Compile) -> None:
    assert true(compile_text, "loan_purpose in {'建房', '治病'}") == [
        marked({"loan_purpose": "建房"}),
        marked({"loan_purpose": "治病"}),
    ]
    assert false(compile_text, "loan_purpose in {'建房', '治病'}") == [
        marked({"$ex": {"loan_purpose": 1}}, {"$neq": {"loan_purpose": "建房"}}, {"$neq": {"loan_purpose": "治病"}})
    ]


def test_numbers_in_a_set_are_json_numbers_in_engine_units(compile_text: Compile) -> None:
    assert true(compile_text, "size in {1, 2}") == [marked({"size": 1}), marked({"size": 2})]
    assert true(compile_text, "wage_income in {100.5}") == [marked({"wage_income": 10050})]  # fen
    compiler, condition = compile_text("size in {1}")
    ((conjunction,),) = [list(c) for c in compiler.true(condition)]
    assert type(conjunction[2]) is int  # never a Decimal: durable serialises with json.dumps (trap 9)


# ---- negation pushed in -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("negated", "pushed_in"),
    [
        ("not (housing_unsafe and dropout)", "not housing_unsafe or not dropout"),
        ("not (housing_unsafe or dropout)", "not housing_unsafe and not dropout"),
        ("not not housing_unsafe", "housing_unsafe"),
        ("not income_per_capita < monitoring_line", "income_per_capita >= monitoring_line"),
        ("not loan_purpose in {'建房'}", "loan_purpose not in {'建房'}"),
        ("not (labor_count is missing or labor_count > 0)", "labor_count is not missing and labor_count <= 0"),
    ],
)
def test_negation_is_pushed_down_to_the_tests(compile_text: Compile, negated: str, pushed_in: str) -> None:
    assert true(compile_text, negated) == true(compile_text, pushed_in)
    assert false(compile_text, negated) == false(compile_text, pushed_in)


def test_the_true_form_of_not_x_is_the_false_form_of_x(compile_text: Compile) -> None:
    text = "dropout and (income_per_capita < monitoring_line or labor_count == 0)"
    assert true(compile_text, f"not ({text})") == false(compile_text, text)
    assert false(compile_text, f"not ({text})") == true(compile_text, text)


# ---- three-valued logic: unknown values -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message", "expected"),
    [
        ("income_per_capita < monitoring_line", {}, None),  # an unknown fact: neither true nor false
        ("not income_per_capita < monitoring_line", {}, None),
        ("housing_unsafe", {}, None),
        ("labor_count is missing", {}, True),  # a missing test is always evaluable
        ("labor_count is missing", {"labor_count": 0}, False),
        ("housing_unsafe and income_per_capita < monitoring_line", {"housing_unsafe": 0}, False),  # unknown and false
        ("housing_unsafe and income_per_capita < monitoring_line", {"housing_unsafe": 1}, None),  # unknown and true
        ("housing_unsafe or income_per_capita < monitoring_line", {"housing_unsafe": 1}, True),  # unknown or true
        ("housing_unsafe or income_per_capita < monitoring_line", {"housing_unsafe": 0}, None),  # unknown or false
        ("no_labor_household or labor_count == 0", {"no_labor_household": 1}, True),
        ("wage_income != 100", {}, None),
        ("loan_purpose not in {'建房'}", {}, None),
        ("wage_income < business_income", {"wage_income": 5}, None),
        ("(net_income - rigid_expense) / size < monitoring_line", {}, None),  # t0 absent: unknown
    ],
)
def test_kleene_semantics_of_missing_values(
    compile_text: Compile, text: str, message: dict[str, Any], expected: bool | None
) -> None:
    compiler, condition = compile_text(text)
    got = (matches(compiler.true(condition), message), matches(compiler.false(condition), message))
    assert got == (expected is True, expected is False)


@given(households())
def test_every_reference_rule_is_true_false_or_unknown_as_kleene_says(
    book: Rulebook, params: dict[str, ResolvedParameter], household: Household
) -> None:
    """For each reference rule: its true form matches exactly when Kleene's logic (the oracle) says true,
    its false form exactly when it says false, neither when unknown — thresholds written in or symbolic."""
    rules = list(book.rules.values())
    slots = Slots.for_conditions([r.condition for r in rules])
    thresholds = thresholds_of(slots, params)
    message: dict[str, Any] = {**encode_all(household_facts(household)), **thresholds}
    for t, slot in slots.computed.items():
        value = compile_term(t, params, AS_OF)(message)
        if value is not None:
            message[slot] = value
    for compiler in (Compiler(slots, thresholds), Compiler(slots)):
        for rule in rules:
            expected = kleene(rule.condition, slots, message)
            got = (matches(compiler.true(rule.condition), message), matches(compiler.false(rule.condition), message))
            assert got == (expected is True, expected is False), rule.id


# ---- simplification -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "labor_count is missing and labor_count < 3",
        "size < 3 and size >= 3",
        "size == 1 and size == 2",
        "housing_unsafe and not housing_unsafe",
        "wage_income < business_income and business_income is missing",
    ],
)
def test_contradictions_are_dropped(compile_text: Compile, text: str) -> None:
    compiler, condition = compile_text(text)
    assert compiler.true(condition) == frozenset()  # no engine rule at all
    assert compiler.false(condition) != frozenset()


def test_absorbed_conjunctions_are_dropped(compile_text: Compile) -> None:
    assert true(compile_text, "dropout or (dropout and housing_unsafe)") == true(compile_text, "dropout")
    assert true(compile_text, "(dropout or water_unsafe) and dropout") == true(compile_text, "dropout")


def test_reads_lists_facts_and_computed_terms_but_not_thresholds(compile_text: Compile) -> None:
    compiler, condition = compile_text(
        "income_per_capita < near_line_multiple * monitoring_line and (net_income - rigid_expense) / size < 1"
        " or dropout"
    )
    assert compiler.reads(condition) == {"income_per_capita", "t0", "dropout"}


# ---- JSON for durable-rules -------------------------------------------------------------------------


def test_to_json_puts_the_household_mark_first_and_orders_the_rest() -> None:
    conjunction = frozenset({("$lt", "a", 3), ("$eq", "b", 1), ("$ex", "a", 1)})
    # Equality is written {prop: value}; the tests follow the mark in the order of (operator, property, value).
    assert to_json(conjunction) == {"$and": [{HOUSEHOLD_MARK: 1}, {"b": 1}, {"$ex": {"a": 1}}, {"$lt": {"a": 3}}]}
    assert to_json(frozenset()) == {HOUSEHOLD_MARK: 1}  # an always-true conjunction still needs the mark


# ---- size limits ------------------------------------------------------------------------------------

_MONEY = [f for f, info in FACTS.items() if info.kind is Kind.MONEY]


def _pairs(n: int) -> Condition:
    """(x1 < 1 or x1 > 5) and … and (xn < 1 or xn > 5) on n different facts: 2**n conjunctions."""
    one, five = TConst(Decimal(1), "money"), TConst(Decimal(5), "money")
    return TAnd(
        tuple(
            TOr((TCompare("<", TFact(f, Kind.MONEY), one), TCompare(">", TFact(f, Kind.MONEY), five)))
            for f in _MONEY[:n]
        )
    )


def test_a_condition_of_max_conjunctions_compiles() -> None:
    assert MAX_CONJUNCTIONS == 256 == 2**8
    condition = _pairs(8)
    compiler = Compiler(Slots.for_conditions([condition]))
    assert len(compiler.true(condition)) == MAX_CONJUNCTIONS


def test_a_larger_condition_raises_too_large() -> None:
    condition = _pairs(9)
    compiler = Compiler(Slots.for_conditions([condition]))
    with pytest.raises(TooLargeError):
        compiler.true(condition)
    with pytest.raises(TooLargeError):
        compiler.false(TNot(condition))


def test_expand_rule_turns_too_large_into_a_config_error_naming_the_rule(book: Rulebook) -> None:
    rule = dataclasses.replace(book.rules["income.below_line"], condition=_pairs(9))
    compiler = Compiler(Slots.for_conditions([rule.condition]))
    with pytest.raises(ConfigError) as info:
        expand_rule(compiler, rule)
    assert info.value.message == "rule income.below_line expands to more than 256 alternatives for the engine"
    assert info.value.location == rule.location
    assert "split it into simpler rules" in info.value.fix
    small = dataclasses.replace(rule, condition=_pairs(2))
    assert len(expand_rule(compiler, small)) == 4


def test_a_flat_disjunction_is_held_to_the_same_limit() -> None:
    condition = TOr(
        tuple(TCompare("==", TFact("wage_income", Kind.MONEY), TConst(Decimal(i), "money")) for i in range(300))
    )
    compiler = Compiler(Slots.for_conditions([condition]))
    with pytest.raises(TooLargeError):
        compiler.true(condition)
