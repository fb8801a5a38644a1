"""Properties of the rules (hypothesis; example counts are CI-sized, FANPIN_SLOW=1 runs long)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from fanpin import Engine, Household
from fanpin.testing import household_records, households, money_amounts
from tests.helpers import AS_OF, REGION

LINE = Decimal(8700)


def _facts(engine: Engine, per_capita: Decimal) -> tuple[str, ...]:
    return engine.evaluate_facts({"income_per_capita": per_capita}, as_of=AS_OF, region=REGION).flag_ids


@given(money_amounts(max_value=30_000, near=(LINE,)), money_amounts(max_value=5_000))
def test_lowering_income_never_removes_below_line(engine: Engine, income: Decimal, cut: Decimal) -> None:
    if "income.below_line" in _facts(engine, income):
        assert "income.below_line" in _facts(engine, income - cut)


@given(st.sampled_from([Decimal("-0.01"), Decimal(0), Decimal("0.01")]))
def test_exactly_on_the_line_is_not_below_it(engine: Engine, delta: Decimal) -> None:
    flags = _facts(engine, LINE + delta)
    assert ("income.below_line" in flags) == (delta < 0)
    assert ("income.near_line" in flags) == (delta >= 0)


@given(households())
def test_the_same_input_always_gives_the_same_output(engine: Engine, household: Household) -> None:
    first = engine.evaluate(household, as_of=AS_OF)
    assert engine.evaluate(household, as_of=AS_OF) == first


@given(households())
def test_flags_and_not_evaluable_are_disjoint_and_bands_match_income(engine: Engine, household: Household) -> None:
    a = engine.evaluate(household, as_of=AS_OF)
    assert not set(a.flag_ids) & set(a.not_evaluable)
    assert (a.income_band == "below_line") == (household.income_per_capita < LINE)
    assert ("income.below_line" in a.flag_ids) == (a.income_band == "below_line")


@given(household_records())
def test_records_with_either_header_language_validate(record: dict[str, str]) -> None:
    household = Household.model_validate(record)
    assert household.size >= 1


@given(households())
def test_durable_agrees_with_a_direct_three_valued_evaluation(engine: Engine, household: Household) -> None:
    from fanpin.model.facts import encode_all, household_facts
    from tests.lang.oracle import kleene

    bound = engine._program(REGION, AS_OF).rules
    message = engine._set.message(encode_all(household_facts(household)), bound)
    a = engine.evaluate(household, as_of=AS_OF)
    for rule in engine.rulebook.rules.values():
        expected = kleene(rule.condition, engine._set.slots, message)
        actual = True if rule.id in a.flag_ids else None if rule.id in a.not_evaluable else False
        assert actual == expected, rule.id
