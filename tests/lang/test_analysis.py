"""The interval and domain analysis: which of true / false / unknown a condition can be."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from fanpin import Rulebook
from fanpin.lang.analysis import Analyzer, Environment, fact_range, render_condition
from fanpin.lang.tree import Condition, TAnd, TArith, TCompare, TConst, TFact, TNot, TOr, TParam
from fanpin.lang.typecheck import ParamInfo, check_condition, nearest_value
from fanpin.model.facts import FACTS
from fanpin.model.household import Kind
from fanpin.model.vocabulary import Health, LabourSkill
from fanpin.rulebook.lint import environments

ALL = frozenset({"true", "false", "unknown"})


@pytest.fixture(scope="module")
def params(book: Rulebook) -> dict[str, ParamInfo]:
    return {
        name: ParamInfo(name, "money" if spec.unit == "money" else "plain", spec.label, spec.unit)
        for name, spec in book.parameters.specs.items()
    }


@pytest.fixture(scope="module")
def analyzer(book: Rulebook) -> Analyzer:
    return Analyzer(FACTS, environments(book))


def outcomes(analyzer: Analyzer, params: dict[str, ParamInfo], text: str) -> frozenset[str]:
    return frozenset(analyzer.outcomes(check_condition(text, FACTS, params)))


@pytest.mark.parametrize(
    "text",
    [
        "labor_count < 0 and labor_count > 100",  # a range written with and
        "public_job_income < 100 and public_job_income > 200",
        'household_type == "脱贫户" and household_type == "一般农户"',
        'household_type == "脱贫户" and not household_type == "脱贫户"',
        'risk_1 in {"因病", "因残"} and risk_1 not in {"因病", "因残", "其他"}',
        "identified_month >= 2023-04 and identified_month <= 2022-08",  # an empty window of months
        "loan_due >= 2026-01-01 and loan_due < 2025-07-01",
        "labor_count > 0.5 and labor_count < 1",  # counts are whole numbers
        "public_job_months > 12",  # the model's bound
        "public_job_months in {1, 2} and public_job_months not in {1, 2}",
        "public_job_months >= 11 and public_job_months != 11 and public_job_months != 12",  # every value excluded
        "wage_income < 0",  # money items are never negative
        "size < 1",
        "eliminated_month < identified_month and identified_month < eliminated_month",  # a cycle of two facts
        "labor_count is missing and labor_count > 2",
        "months_since(identified_month) > 3 and months_since(identified_month) < 2",  # one computed term, twice
        "(net_income - rigid_expense) / size > 5 and rigid_expense is missing",  # a term needs its facts
        'risks contains "因病" and risks is empty',
        'loan_purpose == "种植" and loan_purpose == "养殖"',  # free text too
        "household_type == monitoring_category",  # two vocabularies share no word
        "income_per_capita < monitoring_line and income_per_capita >= near_line_multiple * monitoring_line",
        "income_per_capita < deep_low_line and income_per_capita >= monitoring_line",  # 5000 < every line
    ],
)
def test_never_true(analyzer: Analyzer, params: dict[str, ParamInfo], text: str) -> None:
    assert "true" not in outcomes(analyzer, params, text)


@pytest.mark.parametrize(
    "text",
    [
        "labor_count < 1 or labor_count > 100",
        "labor_count > 100 and labor_count < 200",
        "identified_month >= 2022-10 and identified_month <= 2023-03",
        "public_job_months >= 11 and public_job_months != 11",
        "income_per_capita >= monitoring_line and income_per_capita < near_line_multiple * monitoring_line",
        "eliminated_month < identified_month",
        'loan_purpose != "种植" and loan_purpose != "养殖"',
        "household_type == household_id",  # a vocabulary against free text: may be equal
        "monitoring_line > income_per_capita",
    ],
)
def test_satisfiable_conditions_are_left_alone(analyzer: Analyzer, params: dict[str, ParamInfo], text: str) -> None:
    assert outcomes(analyzer, params, text) == ALL


@pytest.mark.parametrize(
    ("text", "possible"),
    [
        ("labor_count is missing or labor_count is not missing", {"true"}),  # a tautology, never unknown
        ("labor_count >= 0", {"true", "unknown"}),  # true whenever known
        ("loan_balance > 100 or loan_balance < 200", {"true", "unknown"}),
        ('loan_purpose != "a" or loan_purpose != "b"', {"true", "unknown"}),
        ('risks contains "因病"', {"true", "false"}),  # a set test is never unknown
        ("labor_count is missing", {"true", "false"}),
        ("labor_count is missing or labor_count > 3", {"true", "false"}),  # Kleene: the unknown is covered
        ("labor_count > 3 or no_labor_household", ALL),
        ("labor_count > 3 and labor_count is not missing", {"true", "false"}),
        # ÷ 0 is unknown: known facts do not make the quotient known
        ("prev_income_per_capita is not missing and income_per_capita / prev_income_per_capita > 1", ALL),
    ],
)
def test_outcomes_under_kleene_logic(
    analyzer: Analyzer, params: dict[str, ParamInfo], text: str, possible: set[str]
) -> None:
    assert outcomes(analyzer, params, text) == possible


def test_a_contradiction_through_parameter_values_needs_the_environments(
    analyzer: Analyzer, params: dict[str, ParamInfo]
) -> None:
    """With thresholds as free symbols ``x < L and x >= 1.2 L`` is satisfiable (L could be negative); with the
    values of every region and date it is not."""
    condition = check_condition(
        "income_per_capita < monitoring_line and income_per_capita >= near_line_multiple * monitoring_line",
        FACTS,
        params,
    )
    assert Analyzer(FACTS).can_be(condition, "true")
    assert not analyzer.can_be(condition, "true")


def test_a_parameter_with_no_value_somewhere_makes_its_tests_unknown_there(
    book: Rulebook, params: dict[str, ParamInfo]
) -> None:
    """dibao_line has values only for Yunnan: elsewhere a test on it is unknown, never true."""
    elsewhere = Environment(book.parameters.resolve_known(book.parameters.specs, "440101", date(2025, 6, 1))[0])
    condition = check_condition("income_per_capita < dibao_line", FACTS, params)
    assert Analyzer(FACTS, [elsewhere]).outcomes(condition) == {"unknown"}


def test_thresholds_are_the_numbers_the_engines_compare(book: Rulebook) -> None:
    """A threshold term is folded as the lowering folds it: 1.5 × 5343 元, in fen."""
    env = Environment(book.parameters.resolve_known(book.parameters.specs, "532328", date(2025, 6, 30))[0])
    term = TArith("*", TParam("dibao_edge_multiple", "plain"), TParam("dibao_line", "money"))
    assert env.value(term) == Fraction(801450)
    assert env.value(TParam("no_such_parameter", "money")) is None
    assert env.covers(["dibao_line"]) and not env.covers(["no_such_parameter"])


def test_implication(analyzer: Analyzer, params: dict[str, ParamInfo]) -> None:
    def typed(text: str) -> Condition:
        return check_condition(text, FACTS, params)

    assert analyzer.implies(typed("income_per_capita < deep_low_line"), typed("income_per_capita < monitoring_line"))
    assert not analyzer.implies(typed("income_per_capita < monitoring_line"), typed("income_per_capita < 5000"))
    # an unknown second rule is not implied: x < 3 does not make "x < 5 and y" true
    assert not analyzer.implies(typed("labor_count < 3"), typed("labor_count < 5 and housing_unsafe"))
    assert analyzer.implies(typed("labor_count < 3"), typed("labor_count < 5 or housing_unsafe"))


@dataclass(frozen=True)
class Quantifier:
    """A node kind this analysis does not know (as another engineer's new syntax would be)."""

    over: str


def test_an_unknown_node_kind_is_assumed_satisfiable_never_a_crash() -> None:
    analyzer = Analyzer()
    node = Quantifier("members")
    income = TCompare("<", TFact("income_per_capita", Kind.MONEY), TConst(Decimal(100), "money"))
    assert analyzer.outcomes(node) == ALL  # type: ignore[arg-type]
    assert analyzer.can_be(TAnd((node, income)), "true")  # type: ignore[arg-type]
    # ... but it is the same node everywhere: it cannot be true and false at once
    assert not analyzer.can_be(TAnd((node, TNot(node))), "true")  # type: ignore[arg-type]
    assert analyzer.can_be(TOr((node, TNot(node))), "unknown")  # type: ignore[arg-type]
    # whether it can be unknown is a maybe: the analysis never claims it for sure
    assert not analyzer.surely_can_be(node, "unknown")  # type: ignore[arg-type]
    assert analyzer.surely_can_be(node, "true")  # type: ignore[arg-type]
    assert "Quantifier" in render_condition(TAnd((node, income)))  # type: ignore[arg-type]
    # a comparison with an unknown term kind is opaque too
    odd = TCompare(">", Quantifier("members"), TConst(Decimal(2), "plain"))  # type: ignore[arg-type]
    assert analyzer.outcomes(odd) == ALL


def test_a_search_past_its_budget_assumes_satisfiable(params: dict[str, ParamInfo]) -> None:
    condition = check_condition("labor_count < 0 and labor_count > 100", FACTS, params)
    assert not Analyzer().can_be(condition, "true")
    tiny = Analyzer(budget=1)
    assert tiny.can_be(condition, "true")
    assert not tiny.surely_can_be(condition, "true")


def test_the_facts_domains_come_from_the_household_model() -> None:
    assert fact_range("size") == (Fraction(1), None)
    assert fact_range("public_job_months") == (Fraction(0), Fraction(12))
    assert fact_range("wage_income") == (Fraction(0), None)
    assert fact_range("income_per_capita") == (None, None)  # business costs can make it negative
    assert fact_range("rigid_expense") == (Fraction(0), None)


def member_outcomes(book: Rulebook, text: str) -> frozenset[str]:
    """What the member condition ``text`` can be for a member (read as the lint reads it, in member scope)."""
    from fanpin.lang.analysis import member_scope
    from fanpin.lang.members import AGGREGATES
    from fanpin.lang.tree import TTruth

    quantified = check_condition(f"any(members, {text})", FACTS, {})
    assert isinstance(quantified, TTruth)
    condition = AGGREGATES[quantified.fact].condition
    assert condition is not None
    return frozenset(Analyzer(environments=environments(book), scope=member_scope()).outcomes(condition))


@pytest.mark.parametrize(
    "text",
    [
        "cropland > 0 and cropland < 0.01",  # areas are kept to two decimals, as money to the fen
        "cropland in {0.005, 0.015}",
        "housing_area == 80.125",
        "road_distance > 1.5 and road_distance < 1.51",
        "orchard_land >= 0.291 and orchard_land <= 0.299",
    ],
)
def test_an_area_or_a_distance_between_two_hundredths_is_never_true(book: Rulebook, text: str) -> None:
    """The model reads 亩, 平方米 and 公里 to two decimals (0.004 is 0, 0.005 is 0.01), as it reads money to the
    fen: a test that only a value between two hundredths passes is never true, as one between two fen."""
    assert "true" not in member_outcomes(book, text)


@pytest.mark.parametrize(
    "text",
    [
        "cropland >= 0.29 and cropland <= 0.29",  # 0.29 reaches the engines as the double 0.28999…
        "cropland > 0.285 and cropland < 0.295",
        "cropland == 0.07",
        "cropland in {0.29, 0.005}",
        "cropland > 0 and cropland < 0.011",
        "cropland < 0.01",
        "road_distance == 1234567.89",
        "housing_area > 80.125 and housing_area < 80.135",
    ],
)
def test_an_area_on_a_hundredth_is_left_alone(book: Rulebook, text: str) -> None:
    assert member_outcomes(book, text) == ALL


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (
            'household_type == "formerly_poor" and income_per_capita < 8700',
            'household_type == "脱贫户" and income_per_capita < 8700',
        ),
        ("loan_balance in {20000, 50000.5}", "loan_balance in {20000, 50000.5}"),
        ('risk_1 not in {"因病"}', 'risk_1 not in {"因病"}'),
        (
            "not (housing_unsafe or dropout) and labor_count is not missing",
            "not (housing_unsafe or dropout) and labor_count is not missing",
        ),
        ('risks is empty or risks contains "因病"', 'risks is empty or risks contains "因病"'),
        ("monitored and dropout or water_unsafe", "(monitored and dropout) or water_unsafe"),
    ],
)
def test_conditions_are_rendered_back_in_the_rule_language(text: str, shown: str) -> None:
    assert render_condition(check_condition(text, FACTS, {})) == shown


def test_the_nearest_vocabulary_value() -> None:
    assert nearest_value(Health, "无患大病") == Health.SERIOUS_ILLNESS
    assert nearest_value(LabourSkill, "普通劳动") == LabourSkill.ORDINARY
    assert nearest_value(Health, "xyz") is None


def test_a_huge_condition_is_searched_within_its_budget_never_a_crash() -> None:
    """Thousands of tests in one condition (a hostile or generated rule file): the search gives up within its
    budget (and Python's recursion limit) and answers "maybe", rather than failing."""
    text = " and ".join(f"labor_count != {i}" for i in range(2000))
    condition = check_condition(text, FACTS, {})
    analyzer = Analyzer(work=5_000)
    assert analyzer.outcomes(condition) == ALL
    assert not analyzer.surely_can_be(condition, "unknown")
