"""The member scope of the rule language on its own: quantifiers over members, member facts, text tests,
and what a rule author is told when they get it wrong (file:line, the error, a fix)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fanpin.errors import RuleSyntaxError, RuleTypeError, UnknownNameError
from fanpin.lang.members import AGGREGATES, MEMBER_COUNT
from fanpin.lang.tree import TArith, TCall, TCompare, TConst, TFact, TTruth
from fanpin.model.household import Kind
from tests.lang.test_typecheck import HERE, check, refused


def test_any_and_all_are_household_yes_no_facts_named_by_their_content() -> None:
    first = check('any(members, age >= 60 and health == "患有大病")')
    again = check('any(members, age >= 60 and health == "患有大病")')
    assert isinstance(first, TTruth) and first == again
    aggregate = AGGREGATES[first.fact]
    assert (aggregate.kind, aggregate.text) == ("any", 'age >= 60 and health == "患有大病"')
    assert check("all(members, age >= 60)") != check("any(members, age >= 60)")


def test_count_is_a_count_and_share_divides_by_the_number_of_members() -> None:
    counted = check("count(members, counts_as_labour) >= 2")
    assert isinstance(counted, TCompare) and isinstance(counted.left, TFact) and counted.left.kind is Kind.COUNT
    share = check("share(members, age >= 65) > 0.5")
    assert isinstance(share, TCompare) and isinstance(share.left, TArith)
    assert share.left.right == TFact(MEMBER_COUNT, Kind.COUNT)
    assert check("count(members) != size") == TCompare("!=", TFact(MEMBER_COUNT, Kind.COUNT), TFact("size", Kind.COUNT))


def test_age_is_computed_at_the_evaluation_date_or_on_a_fixed_date() -> None:
    on_a_date = check("any(members, age_on(2024-08-31) >= 6)")
    at_as_of = check("any(members, age >= 6)")
    assert isinstance(on_a_date, TTruth) and isinstance(at_as_of, TTruth)
    fixed, moving = AGGREGATES[on_a_date.fact].condition, AGGREGATES[at_as_of.fact].condition
    assert isinstance(fixed, TCompare) and isinstance(fixed.left, TCall) and fixed.left.function == "age_on"
    assert isinstance(moving, TCompare) and isinstance(moving.left, TCall) and moving.left.function == "age"
    assert fixed.left.args[0] == moving.left.args[0] == TFact("birth_date", Kind.DATE)


def test_a_measure_column_is_a_set_of_labels_inside_a_member_condition() -> None:
    check('any(members, social_security contains "低保")')
    check("all(members, employment_support is empty)")
    error = refused('social_security contains "低保"')
    assert "member's measure column" in str(error) and "any(members" in (error.fix or "")


def test_text_tests_compare_one_then_zero() -> None:
    condition = check('loan_purpose contains "建房"')
    assert condition == TCompare(
        "==",
        TCall("contains_text", (TFact("loan_purpose", Kind.TEXT), TConst("建房", "text"))),
        TConst(Decimal(1), "plain"),
    )
    check('any(members, starts_with(work_place, "云南") or matches(ethnicity, "digits") or length(ethnicity) > 6)')


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('health == "患有大病"', "member's fact, not the household's"),
        ("age >= 60", "member's fact"),
        ("any(members, any(members, dropout))", "inside a member condition"),
        ('any(members, matches(ethnicity, "[0-9]+"))', "not a shape matches() knows"),
        ("any(members, length(age) > 2)", "counts the characters of a text fact"),
        ('any(members, health == "无患大病")', "is not a value of health (健康状况)"),
        ("count(members, age >= 60) > 0.5 * share(members, age >= 60)", "cannot combine a count with a ratio"),
        ("any(members, age > months_since(identified_month))", "cannot combine years (an age) with months"),
        ("age_on(2024-01-01) > 3", "reads a member's birth date"),
        ('starts_with(household_type, "脱")', "tests a text fact"),
    ],
)
def test_mistakes_are_refused_with_the_place_and_a_fix(text: str, message: str) -> None:
    error = refused(text)
    assert isinstance(error, RuleTypeError), error
    assert message in str(error)
    assert (error.path, error.line) == (HERE.path, HERE.line)


def test_a_quantifier_needs_its_member_condition() -> None:
    error = refused("any(members)")
    assert isinstance(error, RuleSyntaxError) and "needs a member condition" in str(error)


def test_an_export_header_in_a_member_condition_points_to_its_member_fact() -> None:
    error = refused('any(members, 健康状况 == "患有大病")')
    assert isinstance(error, UnknownNameError) and error.suggestion == "health"
    outside = refused('健康状况 == "患有大病"')
    assert isinstance(outside, UnknownNameError) and "inside a member condition" in str(outside)


@pytest.mark.parametrize(
    ("text", "not_proposed"),
    [
        ("labour_cout > monitoring_line", "labor_count"),  # a count is never proposed for money
        ("incom_per_capita > near_line_multiple", "income_per_capita"),  # money is never proposed for a ratio
    ],
)
def test_did_you_mean_never_proposes_a_name_of_another_unit(text: str, not_proposed: str) -> None:
    error = refused(text)
    assert isinstance(error, UnknownNameError)
    assert error.suggestion != not_proposed
    assert not_proposed not in (error.fix or "")


def test_did_you_mean_still_proposes_a_name_of_the_same_unit() -> None:
    error = refused("incom_per_capita < monitoring_line")
    assert isinstance(error, UnknownNameError) and error.suggestion == "income_per_capita"
    sized = refused("sise > 3")
    assert isinstance(sized, UnknownNameError) and sized.suggestion == "size"
