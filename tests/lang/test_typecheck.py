"""The rule language's second stage on its own: untyped tree → typed tree (:mod:`fanpin.lang.typecheck`).

Names are checked against the fact catalogue (:data:`fanpin.model.facts.FACTS`) and a handful of
parameters declared here, as a rules file would; no rulebook is loaded and no engine is built.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from fanpin.errors import ConfigError, Location, RuleSyntaxError, RuleTypeError, UnknownNameError
from fanpin.lang.tree import (
    Condition,
    TAnd,
    TArith,
    TCall,
    TCompare,
    TConst,
    TFact,
    TIn,
    TMissing,
    TNot,
    TOr,
    TParam,
    TTruth,
    facts_of,
    params_of,
)
from fanpin.lang.typecheck import NamedConditions, ParamInfo, check_condition
from fanpin.model.facts import FACTS
from fanpin.model.household import Kind, Risk

HERE = Location("county/local.yaml", 7)
PARAMS = {
    "monitoring_line": ParamInfo("monitoring_line", "money", "防止返贫监测范围（人均纯收入）"),
    "near_line_multiple": ParamInfo("near_line_multiple", "plain", "临界收入倍数", "ratio"),
    "income_drop_ratio": ParamInfo("income_drop_ratio", "plain", "收入骤减比例", "ratio"),
    "loan_due_window_days": ParamInfo("loan_due_window_days", "plain", "贷款到期预警天数", "days"),
    "spike_min": ParamInfo("spike_min", "money", "刚性支出骤增最小增加额"),
}

INCOME = TFact("income_per_capita", Kind.MONEY)
LINE = TParam("monitoring_line", "money")


def check(text: str, conditions: NamedConditions | None = None) -> Condition:
    return check_condition(text, FACTS, PARAMS, HERE, conditions)


def refused(text: str, conditions: NamedConditions | None = None) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        check(text, conditions)
    return info.value


def unknown_error(text: str) -> UnknownNameError:
    error = refused(text)
    assert isinstance(error, UnknownNameError), error
    return error


def type_error(text: str) -> RuleTypeError:
    error = refused(text)
    assert isinstance(error, RuleTypeError), error
    assert (error.path, error.line, error.code) == ("county/local.yaml", 7, "rule-type")
    return error


# ---- what a typed tree holds ------------------------------------------------------------------------


def test_a_fact_compared_with_a_parameter() -> None:
    assert check("income_per_capita < monitoring_line") == TCompare("<", INCOME, LINE)


def test_a_bare_number_takes_the_unit_of_what_it_meets() -> None:
    assert check("medical_out_of_pocket >= 50000") == TCompare(
        ">=", TFact("medical_out_of_pocket", Kind.MONEY), TConst(Decimal(50000), "money")
    )
    assert check("50000 <= medical_out_of_pocket") == TCompare(
        "<=", TConst(Decimal(50000), "money"), TFact("medical_out_of_pocket", Kind.MONEY)
    )
    assert check("labor_count < 2") == TCompare("<", TFact("labor_count", Kind.COUNT), TConst(Decimal(2), "plain"))
    assert check("income_per_capita < 1.5 * monitoring_line") == TCompare(
        "<", INCOME, TArith("*", TConst(Decimal("1.5"), "plain"), LINE)
    )
    # A negative number is a bare number too: "income_per_capita < -100" had been "cannot combine money
    # with a number", though negative incomes are a documented case.
    assert check("income_per_capita < -100") == TCompare("<", INCOME, TConst(Decimal(-100), "money"))
    assert check("-0.5 > income_per_capita") == TCompare(">", TConst(Decimal("-0.5"), "money"), INCOME)


@pytest.mark.parametrize(
    ("text", "amount", "either_side"),
    [
        ("income_per_capita < 8700.005", "8700.005", "8700.00 or 8700.01"),
        ("8700.005 > income_per_capita", "8700.005", "8700.00 or 8700.01"),
        ("income_per_capita < 8700.0050", "8700.0050", "8700.00 or 8700.01"),
        ("wage_income in {100, 0.001}", "0.001", "0.00 or 0.01"),
        ("min(wage_income, 0.005) > 1", "0.005", "0.00 or 0.01"),
        ("wage_income + 0.005 < monitoring_line", "0.005", "0.00 or 0.01"),
        ("income_per_capita < 17400.01 / 2", "8700.005", "8700.00 or 8700.01"),  # bare numbers folded
        ("income_per_capita > -0.001", "-0.001", "-0.01 or 0.00"),
        ("any(members, dibao_amount > 100.005)", "100.005", "100.00 or 100.01"),
    ],
)
def test_an_amount_of_money_with_a_part_of_a_fen_is_refused(text: str, amount: str, either_side: str) -> None:
    """``income_per_capita < 8700.005`` was taken, and fired for a household of 8700.00 元 (explained as
    ``8700 < 8700.005``), where a parameter's value of 9000.005 元 is refused."""
    error = refused(text)
    assert isinstance(error, RuleTypeError) and error.path == HERE.path and error.line == HERE.line
    assert f"{amount} is no amount to the fen: money is compared with an amount written in 元" in str(error)
    assert error.fix == f"write the amount to the fen, at most two decimals: {either_side}"


def test_a_factor_of_money_may_make_a_part_of_a_fen() -> None:
    """Only an amount is written to the fen: a factor multiplies money, and the threshold it makes may hold
    a part of a fen by design (1.5 × 5343.31 元 is 8014.965 元), as a count's set of 1.5 is left to the lint."""
    assert check("income_per_capita < 1.005 * monitoring_line") == TCompare(
        "<", INCOME, TArith("*", TConst(Decimal("1.005"), "plain"), LINE)
    )
    wage = TFact("wage_income", Kind.MONEY)
    assert check("wage_income * 1.005 > 100.01") == TCompare(
        ">", TArith("*", wage, TConst(Decimal("1.005"), "plain")), TConst(Decimal("100.01"), "money")
    )
    assert check("income_per_capita < 8700.010") == TCompare("<", INCOME, TConst(Decimal("8700.010"), "money"))
    assert check("labor_count in {1.5}") == TIn(TFact("labor_count", Kind.COUNT), (Decimal("1.5"),))


@pytest.mark.parametrize("engine_name", ["batch", "durable"])
def test_a_negative_literal_threshold_is_shown_once(engine_name: str, tmp_path: Path) -> None:
    """Shown as any literal is (its text is its value): "人均纯收入 -200 元 < -100 元", not "< -100 -100 元"."""
    from tests.helpers import run_cli, write_rows

    county = tmp_path / "county"
    county.mkdir()
    (county / "r.yaml").write_text(
        """case_defaults: {region: "532328", as_of: 2025-06-30}
rules:
  - id: local.negative
    title: {zh: 负收入, en: negative income}
    level: info
    kind: audit
    when: income_per_capita < -100
    basis: test
    cases:
      - {name: below, facts: {income_per_capita: -100.01}, expect: fires}
      - {name: "on the line", facts: {income_per_capita: -100}, expect: silent}
      - {name: unknown, facts: {}, expect: not_evaluable}
""",
        encoding="utf-8",
    )
    header = "户编号,行政区划代码,户类型,家庭人口数,工资性收入,生产经营性收入,生产经营性支出,财产性收入,转移性收入"
    source = write_rows(tmp_path / "in.csv", [header, "H1,532328,脱贫户,1,0,0,200,0,0"])
    out = tmp_path / "o.csv"
    run = run_cli(
        "score", source, "--as-of", "2025-06-30", "--rules", county, "--engine", engine_name, "--out", out,
        "--errors", tmp_path / "e.csv",
    )  # fmt: skip
    assert run.code == 0, run.err
    assert "负收入：人均纯收入 -200 元 < -100 元" in out.read_text(encoding="utf-8-sig")


def test_yes_no_facts_are_tests() -> None:
    truth = TTruth("housing_unsafe")
    assert check("housing_unsafe") == truth
    assert check("housing_unsafe == true") == truth
    assert check("not housing_unsafe") == TNot(truth)
    assert check("housing_unsafe == false") == TNot(truth)
    assert check("housing_unsafe != true") == TNot(truth)


def test_logic_keeps_its_shape() -> None:
    assert check("dropout or housing_unsafe and water_unsafe") == TOr(
        (TTruth("dropout"), TAnd((TTruth("housing_unsafe"), TTruth("water_unsafe"))))
    )


def test_missing_tests() -> None:
    count = TFact("labor_count", Kind.COUNT)
    assert check("labor_count is missing") == TMissing(count)
    assert check("labor_count is not missing") == TNot(TMissing(count))


def test_membership_values_are_in_the_facts_units() -> None:
    assert check("wage_income in {100, 0.5}") == TIn(
        TFact("wage_income", Kind.MONEY), (Decimal(10000), Decimal("50.0"))
    )  # money in fen
    assert check("size in {1, 2}") == TIn(TFact("size", Kind.COUNT), (Decimal(1), Decimal(2)))
    assert check("loan_purpose not in {'建房'}") == TNot(TIn(TFact("loan_purpose", Kind.TEXT), ("建房",)))


def test_functions() -> None:
    month = TFact("identified_month", Kind.MONTH)
    assert check("months_since(identified_month) >= 6") == TCompare(
        ">=", TCall("months_since", (month,)), TConst(Decimal(6), "plain")
    )
    assert check("coalesce(public_job_income, 0) > 100") == TCompare(
        ">",
        TCall("coalesce", (TFact("public_job_income", Kind.MONEY), TConst(Decimal(0), "money"))),
        TConst(Decimal(100), "money"),
    )
    assert check("days_until(loan_due) < 30") == TCompare(
        "<", TCall("days_until", (TFact("loan_due", Kind.DATE),)), TConst(Decimal(30), "plain")
    )


def test_facts_of_and_params_of() -> None:
    condition = check("(wage_income - business_cost) / size < near_line_multiple * monitoring_line or dropout")
    assert facts_of(condition) == {"wage_income", "business_cost", "size", "dropout"}
    assert params_of(condition) == {"near_line_multiple", "monitoring_line"}


# ---- unknown names ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "suggestion", "label", "said"),
    [
        ("income_per_capit < 1", "income_per_capit", "income_per_capita", "人均纯收入",
         "income_per_capita (人均纯收入)"),
        # a parameter is named by its English label, and by its name alone when it has none (as these PARAMS)
        ("income_per_capita < monitoring_lin", "monitoring_lin", "monitoring_line", "防止返贫监测范围（人均纯收入）",
         "the parameter monitoring_line"),
        ("人均纯收入 < 1", "人均纯收入", "income_per_capita", "人均纯收入",  # a Chinese label: its fact
         "income_per_capita (人均纯收入)"),
        ("housing_unsafe and droput", "droput", "dropout", "义务教育阶段适龄儿童少年失学辍学",
         "dropout (义务教育阶段适龄儿童少年失学辍学)"),
    ],
)  # fmt: skip
def test_unknown_names_get_a_did_you_mean(text: str, name: str, suggestion: str, label: str, said: str) -> None:
    error = refused(text)
    assert isinstance(error, UnknownNameError)
    assert (error.name, error.suggestion, error.suggestion_label) == (name, suggestion, label)
    assert f"unknown fact or parameter {name!r}" in error.message
    assert f"did you mean {said}?" in error.message
    assert error.fix == f"write {suggestion}"
    assert (error.path, error.line, error.code) == ("county/local.yaml", 7, "unknown-name")


def test_an_export_header_points_to_the_fact_it_feeds() -> None:
    error = unknown_error("是否危房户")
    assert error.message.startswith("是否危房户 is a column of the national export, not a name rules use; ")
    assert "rules read it as housing_unsafe (住房出现安全问题)" in error.message
    assert error.fix == "write housing_unsafe"
    assert unknown_error("是否解决安全饮用水").fix == "write not water_unsafe"


def test_a_label_that_only_shares_words_is_not_suggested() -> None:
    """务工月收入 (monthly work income) shares 收入 with 工资性收入, but is not it: no suggestion."""
    error = unknown_error("务工月收入 > 0")
    assert error.suggestion == "" and "did you mean" not in error.message


def test_an_unknown_name_with_nothing_close() -> None:
    error = refused("xyzzy < 1")
    assert isinstance(error, UnknownNameError)
    assert (error.name, error.suggestion) == ("xyzzy", "")
    assert "see the fact list in rules/README.md" in error.message
    assert error.fix == "use a fact of rules/README.md, or define a parameter of that name in a parameters file"


def test_an_unknown_name_inside_a_function() -> None:
    error = refused("max(wage_income, bonus_income) > 1")
    assert isinstance(error, UnknownNameError) and error.name == "bonus_income"


def test_every_unknown_name_of_a_condition_is_reported_in_one_error_by_position() -> None:
    """Only the first unknown name was reported: a condition with three misspelt names took three runs
    of fanpin check. Each is now named, in the order written, with its own did-you-mean and fix; a name
    written twice is named once; the error stands at the first one."""
    text = "incme_per_head < monitoring_lin and agee > 3 and incme_per_head > 0"
    error = unknown_error(text)
    assert error.message == (
        f"3 unknown names in condition {text!r}: 'incme_per_head': did you mean income_per_capita (人均纯收入)?; "
        "'monitoring_lin': did you mean the parameter monitoring_line?; "  # these PARAMS have no label_en
        "'agee': see the fact list in rules/README.md"
    )
    assert error.fix == (
        "for incme_per_head, write income_per_capita; for monitoring_lin, write monitoring_line; for agee, use a "
        "fact of rules/README.md, or define a parameter of that name in a parameters file"
    )
    assert (error.name, error.suggestion, error.line) == ("incme_per_head", "income_per_capita", 7)


def test_the_unknown_names_of_a_block_each_name_their_line() -> None:
    """In a condition written over several lines, each name says its line; the error stands at the first.
    A name in a member condition is looked up among the member facts, and a header of the export says
    what rules read, as each would alone."""
    text = '是否危房户\nor any(members, helth == "患有大病")\nor wage_incme > monitoring_line'
    error = unknown_error(text)
    assert error.line == 7 and error.name == "是否危房户"
    assert error.message.endswith(
        "'是否危房户' (line 7): a column of the national export; rules read it as housing_unsafe (住房出现安全问题); "
        "'helth' (line 8): did you mean health (健康状况)?; "
        "'wage_incme' (line 9): did you mean wage_income (工资性收入)?"
    )
    assert (
        error.fix == "for 是否危房户, write housing_unsafe; for helth, write health; for wage_incme, write wage_income"
    )


# ---- units ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("income_per_capita < near_line_multiple", "cannot combine money with a ratio"),
        ("income_drop_ratio > income_per_capita", "cannot combine a ratio with money"),
        ("labor_count < income_per_capita", "cannot combine a count with money"),
        ("income_per_capita >= size", "cannot combine money with a count"),
        ("wage_income + size > 1", "cannot combine money with a count"),
        ("wage_income - 1 > size", "cannot combine money with a count"),
        ("labor_count > income_drop_ratio", "cannot combine a count with a ratio"),
        ("transfer_income / gross_income > labor_count", "cannot combine a ratio with a count"),
        ("months_since(identified_month) > loan_due_window_days", "cannot combine months with days"),
        ("days_until(loan_due) < months_between(identified_month, eliminated_month)", "cannot combine days with"),
        ("max(labor_count, income_drop_ratio) > 1", "max() mixes a count and a ratio"),
        ("wage_income * business_income > 1", "money × money has no meaning"),
        ("size / wage_income > 1", "a plain number divided by money has no meaning"),
        ("1 / income_per_capita > 1", "a plain number divided by money has no meaning"),
        ("min(wage_income, size) > 1", "min() mixes money and plain numbers"),
        ("(prev_income_per_capita - income_per_capita) / prev_income_per_capita >= spike_min", "cannot combine"),
    ],
)
def test_unit_mismatches(text: str, words: str) -> None:
    error = type_error(text)
    assert words in error.message
    assert f"in condition {text!r}" in error.message


def test_units_that_combine() -> None:
    ratio = check("(prev_income_per_capita - income_per_capita) / prev_income_per_capita >= income_drop_ratio")
    assert isinstance(ratio, TCompare) and ratio.right == TParam("income_drop_ratio", "plain")  # money ÷ money
    per_head = check("(wage_income - business_cost) / size < monitoring_line")  # money ÷ count is money
    assert isinstance(per_head, TCompare) and per_head.right == LINE
    assert isinstance(check("wage_income * near_line_multiple < spike_min"), TCompare)  # money × ratio
    assert isinstance(check("monitoring_line / income_per_capita < 2"), TCompare)


def test_the_units_message_names_the_fix() -> None:
    assert type_error("labor_count < income_per_capita").fix == (
        "money compares with money, ratios with ratios, months with months, days with days, "
        "and an area or distance with a parameter of its measure (mu, square_metres, km)"
    )


# ---- kinds: text, months, dates, yes/no -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("household_type == 1", "cannot compare a text value with a number value"),
        ("identified_month > 202301", "cannot compare a month value with a number value"),
        ("loan_due < 1", "cannot compare a date value with a number value"),
        ("household_type < '脱贫户'", "text cannot be compared with <"),
        ("housing_unsafe == 1", "compare a yes/no fact with true or false"),
        ("housing_unsafe > true", "a yes/no fact is a test by itself"),
        ("housing_unsafe < income_per_capita", "a yes/no fact is a test by itself"),
        ("housing_unsafe + 1 > 1", "a yes/no value cannot be used in arithmetic"),
        ("-household_type < 1", "a text value cannot be used in arithmetic"),
        ("income_per_capita", "this is a number value, not a yes/no test"),
        ("household_type", "this is a text value, not a yes/no test"),
        ("monitoring_line > 8000", "this comparison reads no household fact"),
        ("1 < 2", "this comparison reads no household fact"),
        ("monitoring_line is missing", "'is missing' needs a household fact"),
        ("1 in {1}", "'in' needs a household fact on its left"),
        ("loan_purpose in {1}", "cannot compare a text value with a number value: loan_purpose is text, 1 is a number"),
        ("size in {'1'}", "cannot compare a number value with a text value: size is a number, '1' is text"),
        ("income_per_capita < (size < 2)", "a test (comparison, and/or) cannot be used as a value"),
        ("months_since(loan_due) > 6", "months_since() takes a month fact"),
        ("days_until(identified_month) < 3", "days_until() takes a date fact"),
        ("months_between(identified_month, 3) > 1", "months_between() takes two month facts"),
    ],
)
def test_kinds_that_do_not_go_together(text: str, words: str) -> None:
    assert words in type_error(text).message


def test_a_yes_no_fact_compared_wrongly_is_told_how_to_write_it() -> None:
    assert type_error("housing_unsafe > true").fix == "write housing_unsafe or not housing_unsafe"
    # the yes/no fact of the two, on either side (the count was named: "write labor_count or not labor_count")
    assert type_error("labor_count >= housing_unsafe").fix == "write housing_unsafe or not housing_unsafe"
    assert type_error("income_per_capita").fix == "compare it (<, >=, ==, in …) or use a yes/no fact"


# ---- vocabularies -----------------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["脱贫户", "formerly_poor"])
def test_vocabulary_values_by_label_or_id(written: str) -> None:
    typed = TCompare("==", TFact("household_type", Kind.ENUM), TConst("formerly_poor", "text"))
    assert check(f"household_type == '{written}'") == typed


def test_vocabulary_values_in_a_set_and_on_the_left() -> None:
    assert check("monitoring_category in {'边缘易致贫户', 'sudden_hardship'}") == TIn(
        TFact("monitoring_category", Kind.ENUM), ("marginal", "sudden_hardship")
    )
    assert check("household_type in {'一般户'}") == TIn(TFact("household_type", Kind.ENUM), ("ordinary",))  # alias
    assert check("'一般农户' != household_type") == TCompare(
        "!=", TConst("ordinary", "text"), TFact("household_type", Kind.ENUM)
    )


@pytest.mark.parametrize(
    ("text", "value", "vocabulary", "choices"),
    [
        (
            "household_type == '低保户'",
            "低保户",
            "household_type (户类型)",
            "脱贫户 (formerly_poor)、一般农户 (ordinary)",
        ),
        (
            "monitoring_category in {'x'}",
            "x",
            "monitoring_category (监测对象类别)",
            "脱贫不稳定户 (unstable_lifted)、边缘易致贫户 (marginal)、突发严重困难户 (sudden_hardship)",
        ),
    ],
)
def test_a_value_outside_the_vocabulary(text: str, value: str, vocabulary: str, choices: str) -> None:
    error = type_error(text)
    assert f"{value!r} is not a value of {vocabulary}" in error.message
    assert error.fix == f"use one of {choices}"


def test_free_text_facts_take_any_text() -> None:
    assert check("loan_purpose == '买拖拉机'") == TCompare(
        "==", TFact("loan_purpose", Kind.TEXT), TConst("买拖拉机", "text")
    )


# ---- named conditions -------------------------------------------------------------------------------


def _named() -> NamedConditions:
    return NamedConditions(
        {
            "below_line": ("收入低于监测线", "income_per_capita < monitoring_line", Location("c.yaml", 3)),
            "ill_and_poor": ("低收入且有大病", "below_line and serious_illness_count >= 1", Location("c.yaml", 5)),
            "loop_a": ("甲", "loop_b or dropout", Location("c.yaml", 7)),
            "loop_b": ("乙", "not loop_a", Location("c.yaml", 9)),
            "itself": ("自身", "itself and dropout", Location("c.yaml", 11)),
        }
    )


def test_a_named_condition_is_inlined() -> None:
    named = _named()
    below = TCompare("<", INCOME, LINE)
    assert check("below_line", named) == below
    assert check("not below_line and dropout", named) == TAnd((TNot(below), TTruth("dropout")))
    ill = TCompare(">=", TFact("serious_illness_count", Kind.COUNT), TConst(Decimal(1), "plain"))
    assert check("ill_and_poor", named) == TAnd((below, ill))  # a named condition may use another


def test_a_named_condition_is_checked_once() -> None:
    named = _named()
    first = check("below_line", named)
    assert check("below_line or dropout", named) == TOr((first, TTruth("dropout")))
    assert named.checked["below_line"] is first


@pytest.mark.parametrize(
    ("name", "chain", "line"), [("loop_a", "loop_a → loop_b → loop_a", 7), ("itself", "itself → itself", 11)]
)
def test_a_named_condition_that_refers_to_itself(name: str, chain: str, line: int) -> None:
    error = refused(name, _named())
    assert isinstance(error, RuleTypeError)
    assert error.message == f"named condition {name} refers to itself ({chain})"
    assert (error.path, error.line) == ("c.yaml", line)


def test_a_named_condition_is_not_a_value() -> None:
    error = refused("below_line + 1 > 2", _named())
    assert isinstance(error, RuleTypeError)
    assert "below_line is a named condition (a yes/no test), not a value" in error.message


@pytest.mark.parametrize("written", ["below_lin", "收入低于监测线"])
def test_did_you_mean_a_named_condition(written: str) -> None:
    error = refused(written, _named())
    assert isinstance(error, UnknownNameError)
    assert (error.suggestion, error.suggestion_label) == ("below_line", "收入低于监测线")


def test_an_error_inside_a_named_condition_names_its_own_file_and_line() -> None:
    named = NamedConditions({"broken": ("坏", "income_per_capita < near_line_multiple", Location("c.yaml", 4))})
    error = refused("broken or dropout", named)
    assert (error.path, error.line) == ("c.yaml", 4)


# ---- parameters and locations -----------------------------------------------------------------------


def test_counts_go_with_months_and_days_and_a_bare_number_with_anything() -> None:
    check("months_since(identified_month) >= labor_count")
    check("days_until(loan_due) <= loan_due_window_days")
    check("transfer_income / gross_income > income_drop_ratio")
    check("(net_income - rigid_expense) / size < monitoring_line")  # money per person stays money
    check("labor_count * income_drop_ratio > 1 and size > 2.5")


def test_parameters_keep_their_units() -> None:
    threshold = check("income_per_capita < near_line_multiple * monitoring_line")
    assert threshold == TCompare("<", INCOME, TArith("*", TParam("near_line_multiple", "plain"), LINE))
    assert type_error("income_per_capita < near_line_multiple").message.startswith("cannot combine money with a ratio")


def test_a_parameter_is_known_only_when_declared() -> None:
    assert check_condition("income_per_capita < 1", FACTS, {}, HERE) == TCompare(
        "<", INCOME, TConst(Decimal(1), "money")
    )
    with pytest.raises(UnknownNameError, match="'monitoring_line'"):
        check_condition("income_per_capita < monitoring_line", FACTS, {}, HERE)


def test_errors_on_later_lines_of_a_block_condition() -> None:
    with pytest.raises(RuleTypeError) as info:
        check("dropout and\nincome_per_capita < near_line_multiple")
    assert info.value.line == 8


def test_syntax_errors_come_from_the_parser() -> None:
    with pytest.raises(RuleSyntaxError):
        check("income_per_capita = 1")


# ---- sets ------------------------------------------------------------------------------------------


def test_contains_reads_the_member_fact() -> None:
    assert check('risks contains "因病"') == TTruth("risk_is_illness")
    assert check('risks contains "illness"') == TTruth("risk_is_illness")  # the English id too
    assert check('risks contains {"因病", "因残"}') == TOr((TTruth("risk_is_illness"), TTruth("risk_is_disability")))


def test_is_empty_is_no_member_held() -> None:
    empty = check("risks is empty")
    assert isinstance(empty, TAnd) and len(empty.items) == len(Risk)
    assert all(isinstance(item, TNot) and isinstance(item.operand, TTruth) for item in empty.items)
    assert check("risks is not empty") == TOr(tuple(TTruth(f"risk_is_{m.value}") for m in Risk))


@pytest.mark.parametrize(
    ("text", "words", "fix"),
    [
        ('risks contains "贫困"', "'贫困' is not a value of risks", "use one of 因病 (illness)"),
        ('risk_1 contains "因病"', "'contains' tests a set", "the sets are risks (致贫/返贫风险)"),
        ("risks is missing", "a set is never missing", "write risks is empty (or risks is not empty)"),
        ("risks == 1", "risks is a set, not a value", 'test it: risks contains "…", risks is empty'),
        ('risks contains ""', "'' is not a value of risks", 'quote a value, e.g. "因病"'),
    ],
)
def test_set_mistakes_fail_at_load(text: str, words: str, fix: str) -> None:
    error = type_error(text)
    assert words in error.message and fix in error.fix


# ---- months and dates ------------------------------------------------------------------------------


def test_months_and_dates_compare_in_calendar_order() -> None:
    month = TFact("identified_month", Kind.MONTH)
    assert check("identified_month >= 2022-04") == TCompare(">=", month, TConst(Decimal(2022 * 12 + 3), "month"))
    assert check("loan_due < 2026-01-01") == TCompare(
        "<", TFact("loan_due", Kind.DATE), TConst(Decimal(date(2026, 1, 1).toordinal()), "date")
    )
    assert check("eliminated_month < identified_month") == TCompare("<", TFact("eliminated_month", Kind.MONTH), month)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("identified_month >= 202204", "cannot compare a month value with a number value"),
        ("loan_due < 2022-04", "cannot compare a date value with a month value"),
        ("identified_month + 1 > 2022-04", "a month value cannot be used in arithmetic"),
    ],
)
def test_calendar_mistakes_fail_at_load(text: str, words: str) -> None:
    assert words in type_error(text).message


@pytest.mark.parametrize(
    ("text", "fix"),
    [
        ("identified_month >= 202204", "write a month as 2022-04 and a date as 2025-06-30"),
        (
            "identified_month < monitoring_line",
            "compare identified_month with another month fact or a month written as 2022-04",
        ),
        ("loan_due < wage_income", "compare loan_due with another date fact or a date written as 2025-06-30"),
        (
            "household_type < monitoring_line",
            'compare household_type with a quoted text (household_type == "…") or another text fact',
        ),
        (
            "wage_income == household_type",
            'compare household_type with a quoted text (household_type == "…") or another text fact',
        ),
    ],
)
def test_two_kinds_of_value_compared_are_told_what_to_compare_with(text: str, fix: str) -> None:
    """A text fact against a parameter had no fix; a month fact against a parameter was told how to write a month,
    which it had not written: each is told what its fact is compared with."""
    assert type_error(text).fix == fix


# ---- text against numbers, words outside a vocabulary: the message says what to write ---------------


@pytest.mark.parametrize(
    ("text", "words", "fix"),
    [
        (
            "loan_purpose == 0",
            "loan_purpose is text, 0 is a number",
            "an empty cell is `loan_purpose is missing`, never 0",
        ),
        ("household_type in {0, 1}", "household_type is text, 0 is a number", "its values are 脱贫户、一般农户"),
        ('size == "4"', "size is a number, '4' is text", "write the number without quotes (size == 4)"),
        ('size > "3"', "size is a number, '3' is text", "write the number without quotes (size > 3)"),
        ('"3" <= size', "size is a number, '3' is text", "write the number without quotes (3 <= size)"),
        ('size in {"3"}', "size is a number, '3' is text", "write the number without quotes (size in {3})"),
        ('income_per_capita in {"0"}', "income_per_capita is a number, '0' is text", "(income_per_capita in {0})"),
        ('labor_count != "两"', "labor_count is a number, '两' is text", "compare labor_count with a number"),
        ("housing_unsafe == 0", "compare a yes/no fact with true or false", "write housing_unsafe for 是"),
    ],
)
def test_text_against_a_number_says_which_is_which_and_the_fix(text: str, words: str, fix: str) -> None:
    error = type_error(text)
    assert words in error.message and fix in error.fix


@pytest.mark.parametrize(
    ("text", "words", "fix"),
    [
        ('household_type == "贫困户"', "did you mean 脱贫户 (formerly_poor)?", 'write "脱贫户"'),
        ('monitoring_category in {"边缘户"}', "did you mean 边缘易致贫户 (marginal)?", 'write "边缘易致贫户"'),
        ('risks contains "因並"', "did you mean 因病 (illness)?", 'write "因病"'),
    ],
)
def test_a_word_outside_the_vocabulary_names_the_nearest_value(text: str, words: str, fix: str) -> None:
    error = type_error(text)
    assert words in error.message and error.fix.startswith(fix)


@pytest.mark.parametrize(
    ("text", "message", "fix"),
    [
        ("risks contains 5", "5 is not a value of risks", 'quote a value, e.g. "因病"'),
        ("identified_month in {5}", "5 cannot be a value of this month fact", "write a month as 2022-04"),
        ("size", "this is a number value, not a yes/no test", "compare it"),
    ],
)
def test_a_constant_is_quoted_as_the_rule_writes_it(text: str, message: str, fix: str) -> None:
    """Messages quoted a number as Python holds it (``Decimal('5')``) and a type by its inner name (``num``)."""
    error = type_error(text)
    assert error.message.startswith(message) and fix in error.fix, error
    assert "Decimal" not in str(error) and "num " not in str(error)


@pytest.mark.parametrize(
    "text",
    [
        "wage_income * wage_income > 5",
        'coalesce(public_job_income, "0") > 1',
        "days_until(identified_month) > 1",
        "months_since(loan_due) > 1",
        "coalesce(wage_income, size) > 1",
        "coalesce(identified_month, 2025-01) > 2024-01",
        "housing_unsafe + 1 > 1",
        "identified_month + 1 > 5",
    ],
)
def test_every_type_error_says_how_to_fix_it(text: str) -> None:
    """Load errors come with file, line and a fix; these had none (and a month inside coalesce() was said
    to be used in arithmetic)."""
    error = type_error(text)
    assert error.fix, error
    assert "in arithmetic" not in error.message or "coalesce" not in text, error


@pytest.mark.parametrize(
    ("text", "example"),
    [
        ("loan_due - 30 > 2025-01-01", "loan_due <= 2025-12-31"),
        ("days_until(identified_month) < 30", "days_until(loan_due)"),
    ],
)
def test_a_date_mistake_is_fixed_with_a_condition_that_type_checks(text: str, example: str) -> None:
    """The fix named a fact loan_due_date, which does not exist (the fact is loan_due): followed, it failed
    with "unknown fact"."""
    assert example in type_error(text).fix
    check(example if "<" in example else f"{example} < 30")
