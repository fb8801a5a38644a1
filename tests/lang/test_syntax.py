"""The rule language's first stage on its own: text → untyped tree (:mod:`fanpin.lang.syntax`).

No fact catalogue, no parameters, no engine: names are just names here, and every test reads the tree
:func:`~fanpin.lang.syntax.parse_condition` returns, or the :class:`~fanpin.RuleSyntaxError` it raises.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fanpin.errors import Location, RuleSyntaxError
from fanpin.lang.syntax import (
    FUNCTIONS,
    And,
    Arith,
    Call,
    Compare,
    Const,
    Contains,
    Empty,
    In,
    Missing,
    MonthLiteral,
    Name,
    Neg,
    Node,
    Not,
    Or,
    parse_condition,
)

HERE = Location("county/local.yaml", 10)


def shape(node: Node) -> str:
    """The tree without positions, fully parenthesised: what precedence made of the text."""
    match node:
        case Name(name=name):
            return name
        case Const(value=value):
            return repr(value) if isinstance(value, str) else str(value)
        case Neg(operand=x):
            return f"(-{shape(x)})"
        case Arith(op=op, left=left, right=right) | Compare(op=op, left=left, right=right):
            return f"({shape(left)} {op} {shape(right)})"
        case Call(function=fn, args=args):
            return f"{fn}({', '.join(shape(a) for a in args)})"
        case In(operand=x, values=values, negated=negated):
            return f"({shape(x)} {'not in' if negated else 'in'} {{{', '.join(shape(v) for v in values)}}})"
        case Missing(operand=x, negated=negated):
            return f"({shape(x)} is {'not ' if negated else ''}missing)"
        case Not(operand=x):
            return f"(not {shape(x)})"
        case And(items=items):
            return "(" + " and ".join(shape(i) for i in items) + ")"
        case Or(items=items):
            return "(" + " or ".join(shape(i) for i in items) + ")"
    raise TypeError(node)


def syntax_error(text: str, location: Location | None = HERE) -> RuleSyntaxError:
    with pytest.raises(RuleSyntaxError) as info:
        parse_condition(text, location)
    return info.value


# ---- tokens ---------------------------------------------------------------------------------------


def test_numbers_are_exact_decimals() -> None:
    tree = parse_condition("a < 0.1")
    assert isinstance(tree, Compare) and tree.right == Const(4, Decimal("0.1"))
    assert parse_condition("a >= 8700") == Compare(2, ">=", Name(0, "a"), Const(5, Decimal(8700)))


@pytest.mark.parametrize("text", ['a == "建房 用途"', "a == '建房 用途'"])
def test_strings_in_either_quote_keep_their_spaces(text: str) -> None:
    tree = parse_condition(text)
    assert isinstance(tree, Compare) and tree.right == Const(5, "建房 用途")


def test_true_and_false_are_constants_and_keywords_are_not_names() -> None:
    assert parse_condition("a == true") == Compare(2, "==", Name(0, "a"), Const(5, True))
    assert parse_condition("a != false") == Compare(2, "!=", Name(0, "a"), Const(5, False))
    assert "found 'in'" in str(syntax_error("in < 1"))


def test_names_may_be_chinese_and_hold_digits_and_underscores() -> None:
    assert parse_condition("人均纯收入") == Name(0, "人均纯收入")
    assert parse_condition("risk_1") == Name(0, "risk_1")
    assert shape(parse_condition("a1<=b_2")) == "(a1 <= b_2)"  # no spaces needed


def test_every_comparison_operator() -> None:
    for op in ("<", "<=", ">", ">=", "==", "!="):
        tree = parse_condition(f"a {op} 1")
        assert isinstance(tree, Compare) and tree.op == op


def test_positions_are_offsets_of_the_token() -> None:
    tree = parse_condition("income_per_capita  <  monitoring_line")
    assert tree == Compare(19, "<", Name(0, "income_per_capita"), Name(22, "monitoring_line"))


# ---- precedence and parentheses ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a + b * c < 1", "((a + (b * c)) < 1)"),
        ("a - b - c < 1", "(((a - b) - c) < 1)"),  # left to right
        ("a / b / c < 1", "(((a / b) / c) < 1)"),
        ("a / b * c < 1", "(((a / b) * c) < 1)"),
        ("-a * b < 1", "(((-a) * b) < 1)"),  # unary minus binds tightest
        ("a - -b < 1", "((a - (-b)) < 1)"),
        ("a or b and c", "(a or (b and c))"),  # and binds tighter than or
        ("not a and b", "((not a) and b)"),  # not binds tighter than and
        ("not a < b", "(not (a < b))"),  # … but looser than a comparison
        ("not not a", "(not (not a))"),
        ("a < 1 and b > 2 or c == 3", "(((a < 1) and (b > 2)) or (c == 3))"),
        ("a and b and c", "(a and b and c)"),  # one flat node, not nested pairs
        ("a or b or c", "(a or b or c)"),
    ],
)
def test_precedence(text: str, expected: str) -> None:
    assert shape(parse_condition(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(a or b) and c", "((a or b) and c)"),
        ("a * (b + c) < 1", "((a * (b + c)) < 1)"),
        ("a - (b - c) < 1", "((a - (b - c)) < 1)"),
        ("not (a and b)", "(not (a and b))"),
        ("((a)) < (((1)))", "(a < 1)"),  # redundant parentheses add no node
        ("(a < 1)", "(a < 1)"),
    ],
)
def test_parentheses(text: str, expected: str) -> None:
    assert shape(parse_condition(text)) == expected


def test_parentheses_must_balance() -> None:
    assert "expected ')', found the end of the condition" in str(syntax_error("(a < 1"))
    assert "found ')'" in str(syntax_error("a < 1)"))


def test_comparisons_do_not_chain() -> None:
    error = syntax_error("0 < a < 10")
    assert "expected and / or / the end of the condition, found '<'" in str(error)
    assert error.fix == "join tests with and / or"


# ---- membership, missing values, functions ----------------------------------------------------------


def test_in_a_set_of_numbers_and_text() -> None:
    tree = parse_condition('loan_purpose in {"建房", "治病", 3}')
    assert tree == In(
        13, Name(0, "loan_purpose"), (Const(17, "建房"), Const(23, "治病"), Const(29, Decimal(3))), negated=False
    )


def test_not_in() -> None:
    tree = parse_condition("x not in {'a'}")
    assert isinstance(tree, In) and tree.negated and tree.values == (Const(10, "a"),)
    assert shape(parse_condition("not x in {1}")) == "(not (x in {1}))"  # the other reading, by position


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("x in {}", "expected a number or quoted text in the set, found '}'"),
        ("x in {y}", "expected a number or quoted text in the set, found 'y'"),
        ("x in {-1}", "expected a number or quoted text in the set, found '-'"),
        ("x in y", "expected '{', found 'y'"),
        ("x in {1, 2", "expected '}', found the end of the condition"),
    ],
)
def test_malformed_sets(text: str, words: str) -> None:
    assert words in str(syntax_error(text))


def test_a_list_in_brackets_is_refused_where_the_bracket_is() -> None:
    error = syntax_error("x in [1, 2]")
    assert "unexpected character '[' at column 6" in str(error)


def test_a_list_in_brackets_gets_the_set_syntax_as_its_fix() -> None:
    assert "{" in syntax_error("x in [1, 2]").fix


def test_is_missing_and_is_not_missing() -> None:
    assert parse_condition("labor_count is missing") == Missing(12, Name(0, "labor_count"), negated=False)
    assert parse_condition("labor_count is not missing") == Missing(12, Name(0, "labor_count"), negated=True)
    assert shape(parse_condition("a + 1 is missing")) == "((a + 1) is missing)"


@pytest.mark.parametrize("text", ["x is 3", "x is not", "x is none", "risks is blank"])
def test_is_needs_missing_or_empty(text: str) -> None:
    error = syntax_error(text)
    assert "expected 'missing' or 'empty' after 'is'" in str(error)
    assert error.fix == "write: x is missing / x is not missing, or for a set: risks is empty"


def test_function_calls() -> None:
    tree = parse_condition("coalesce(public_job_income, 0) + min(a, b * 2) > 1")
    assert shape(tree) == "((coalesce(public_job_income, 0) + min(a, (b * 2))) > 1)"
    call = parse_condition("months_since(identified_month)")
    assert call == Call(0, "months_since", (Name(13, "identified_month"),))


@pytest.mark.parametrize("function", sorted(FUNCTIONS))
def test_each_function_checks_its_number_of_arguments(function: str) -> None:
    low, high, _ = FUNCTIONS[function]
    for count in (low, high):
        tree = parse_condition(f"{function}({', '.join(['x'] * count)})")
        assert isinstance(tree, Call) and len(tree.args) == count
    error = syntax_error(f"{function}({', '.join(['x'] * (high + 1))})")
    assert f"{function}() takes {low}–{high} arguments, got {high + 1}" in str(error)
    if low > 1:
        assert f"got {low - 1}" in str(syntax_error(f"{function}({', '.join(['x'] * (low - 1))})"))


_ALL_FUNCTIONS = (
    "the functions are abs, age_on, coalesce, days_until, ends_with, length, matches, max, min, months_between, "
    "months_since, starts_with, and over the members all, any, count and share (any(members, …))"
)


@pytest.mark.parametrize("function", ["eval", "__import__", "open"])
def test_unknown_functions_are_refused_with_the_list_of_functions(function: str) -> None:
    error = syntax_error(f"{function}(a) > 1")
    assert f"unknown function {function!r}" in str(error)
    assert error.fix == _ALL_FUNCTIONS


@pytest.mark.parametrize(
    ("text", "near"),
    [("anyy(members, age >= 60)", "any"), ("Any(members, age >= 60)", "any"), ("ALL(members, age >= 60)", "all"),
     ("cuont(members) > 1", "count"), ("len(a) > 1", "length"), ("Min(a, 1) > 1", "min"),
     ("lenght(a) > 1", "length")],
)  # fmt: skip
def test_a_misspelt_function_or_quantifier_is_told_the_nearest(text: str, near: str) -> None:
    """``anyy(members, …)`` was told "unknown function 'anyy'" with a list of functions that lacks any, all,
    count and share: the author was not told the word meant, nor that the member conditions exist."""
    error = syntax_error(text)
    assert f"unknown function {text.split('(')[0]!r}" in str(error)
    assert error.fix == f"did you mean {near}? {_ALL_FUNCTIONS}"


@pytest.mark.parametrize("text", ["any(member, age >= 60)", "count(家庭成员, age >= 60) > 1", "share(people) > 0.5"])
def test_a_quantifier_over_another_word_than_members_is_told_to_write_members(text: str) -> None:
    """``any(member, …)`` was told "unknown function 'any'": any exists, and its first word is members."""
    error = syntax_error(text)
    name = text.split("(")[0]
    assert error.message.startswith(f"{name}(…) reads the members: its first word is members, not ")
    assert error.fix == f"write {name}(members, …)"


# ---- errors: where, and what to do ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "column", "fix"),
    [
        ("a = 1", 3, "write == to compare"),
        ("a && b", 3, "write and"),
        ("a || b", 3, "write or"),
        ("!a", 1, "write not, or != to compare"),
        ("a.b > 1", 2, "attribute access is not part of the rule language"),
        (
            "a[0] > 1",
            2,
            'write a set of values in braces, e.g. purpose in {"种植", "养殖"}; indexing is not part '
            "of the rule language",
        ),
        ("a ? b", 3, "only facts, parameters, numbers, quoted text and the operators of rules/README.md"),
        ("a \uff1c 1", 3, "write ASCII punctuation (a Chinese input method writes \uff1c): a < 1"),
    ],
    ids=["single-equals", "ampersands", "bars", "bang", "dot", "bracket", "other", "full-width"],
)
def test_the_hint_table_for_common_mistakes(text: str, column: int, fix: str) -> None:
    error = syntax_error(text)
    bad = text[column - 1]
    assert f"unexpected character {bad!r} at column {column} in condition {text!r}" in str(error)
    assert error.fix == fix
    assert str(error) == f"county/local.yaml:10: {error.message} [rule-syntax] Fix: {fix}"


@pytest.mark.parametrize(
    ("text", "column", "written"),
    [
        ("serious_illness_count \uff1e\uff1d 1", 23, "\uff1e \uff1d): serious_illness_count >= 1"),
        ("size \uff01\uff1d 4", 6, "\uff01 \uff1d): size != 4"),
        ("（size > 1） or dropout", 1, "（ ）): (size > 1) or dropout"),
        ("risk_1 == “因病”", 11, '“ ”): risk_1 == "因病"'),
        ('loan_purpose in {"建房"，"治病"}', 22, '，): loan_purpose in {"建房","治病"}'),
        ("size \uff1d 4", 6, "\uff1d): size == 4"),
        ('remarks == "（无）" and （size > 1）', 22, '（ ）): remarks == "（无）" and (size > 1)'),
        # 且 and 或 kept, or a comma ending the condition made ASCII, failed on the next run (a trial)
        ("size \uff1e 2 且 dropout 或 housing_unsafe", 6, "\uff1e 且 或): size > 2 and dropout or housing_unsafe"),
        ("size >= 2，", 10, "，): size >= 2"),
        ('risk_1 == "且" and size >= 2，', 28, '，): risk_1 == "且" and size >= 2'),
    ],
    ids=[
        "greater-or-equal",
        "not-equal",
        "parentheses",
        "curly-quotes",
        "comma",
        "lone-equals",
        "quoted-kept",
        "chinese-and-or",
        "comma-at-the-end",
        "quoted-and-kept",
    ],
)
def test_full_width_punctuation_gets_the_condition_in_ascii_as_its_fix(text: str, column: int, written: str) -> None:
    """A condition typed with a Chinese input method: \uff1e\uff1d got "write >" (which left >\uff1d, refused in turn),
    and （）, “”, ，and \uff01 the generic "only facts, parameters, numbers, …". The fix is the condition with
    every full-width mark outside the quoted texts written in ASCII."""
    error = syntax_error(text)
    assert f"unexpected character {text[column - 1]!r} at column {column}" in error.message
    assert error.fix == f"write ASCII punctuation (a Chinese input method writes {written}"
    fixed = error.fix.split("): ", 1)[1]
    parse_condition(fixed)


def test_two_tests_without_and_or() -> None:
    error = syntax_error("housing_unsafe dropout")
    assert "found 'dropout'" in str(error) and error.fix == "join tests with and / or"


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_an_empty_condition(text: str) -> None:
    error = syntax_error(text)
    assert error.message == "the condition is empty"
    assert (error.path, error.line) == ("county/local.yaml", 10)


@pytest.mark.parametrize("text", ["a <", "not", "a and", "min(a,)", "months_since()"])
def test_an_incomplete_condition_says_what_was_expected(text: str) -> None:
    assert "expected a fact, a parameter, a number or '('" in str(syntax_error(text))


def test_errors_carry_the_file_and_line_of_the_condition() -> None:
    error = syntax_error("a = 1")
    assert (error.path, error.line, error.code) == ("county/local.yaml", 10, "rule-syntax")
    assert isinstance(error, ValueError)  # a ConfigError


def test_an_error_on_a_later_line_of_a_block_condition_has_that_line() -> None:
    """A condition written as a YAML block keeps its line breaks: the error names the line it is on."""
    assert syntax_error("a < 1 and\n  b = 2").line == 11
    assert syntax_error("a < 1 and\n\n  b < 2 c").line == 12


def test_an_error_on_a_later_line_counts_its_column_on_that_line() -> None:
    assert "at column 5" in str(syntax_error("a < 1 and\n  b = 2"))


def test_without_a_location_the_error_has_no_line() -> None:
    error = syntax_error("a = 1", None)
    assert (error.path, error.line) == ("", 0)
    assert str(error).startswith("unexpected character '='")


# ---- sets ------------------------------------------------------------------------------------------


def test_contains_takes_one_value_or_a_set() -> None:
    assert parse_condition('risks contains "因病"') == Contains(6, Name(0, "risks"), (Const(15, "因病"),))
    assert parse_condition('risks contains {"因病", "因残"}') == Contains(
        6, Name(0, "risks"), (Const(16, "因病"), Const(22, "因残"))
    )


def test_is_empty_and_is_not_empty() -> None:
    assert parse_condition("risks is empty") == Empty(6, Name(0, "risks"), negated=False)
    assert parse_condition("risks is not empty") == Empty(6, Name(0, "risks"), negated=True)


# ---- months and dates ------------------------------------------------------------------------------


def test_month_and_date_literals() -> None:
    month = parse_condition("identified_month >= 2022-04")
    assert isinstance(month, Compare) and month.right == Const(20, MonthLiteral(2022, 4))
    day = parse_condition("loan_due < 2025-06-30")
    assert isinstance(day, Compare) and day.right == Const(11, date(2025, 6, 30))
    assert shape(parse_condition("x - 2022 - 4 > 1")) == "(((x - 2022) - 4) > 1)"  # spaced: arithmetic


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("identified_month >= 2022-13", "2022-13 is not a calendar month"),
        ("loan_due < 2025-02-30", "2025-02-30 is not a calendar date"),
    ],
)
def test_a_month_or_date_that_does_not_exist_is_refused(text: str, words: str) -> None:
    error = syntax_error(text)
    assert words in error.message and "YYYY-MM" in error.fix


@pytest.mark.parametrize(
    ("text", "date"),
    [("loan_due < 2025.1.1", "2025-01-01"), ("loan_due >= 2024.12.31 and size > 1", "2024-12-31")],
)
def test_a_date_written_with_points_is_told_how_to_write_it(text: str, date: str) -> None:
    """A date written as the export may write one (2025.1.1) was told to write a number with digits on both
    sides of its point, e.g. 1.0."""
    assert syntax_error(text).fix == f"write a date as YYYY-MM-DD: {date}"


@pytest.mark.parametrize("text", ["income_per_capita < 1.", "income_per_capita < .5", "any(members, age > 1.)"])
def test_a_number_without_a_digit_beside_its_point_is_told_so(text: str) -> None:
    """``1.`` and ``.5`` were told "attribute access is not part of the rule language"."""
    error = syntax_error(text)
    assert error.fix == "write a number with digits on both sides of its point, e.g. 1.0 or 0.5"
    assert "attribute" not in str(error)


@pytest.mark.parametrize(
    ("text", "fix"),
    [
        ("income_per_capita < 8,700", "write 8700 for the number (no thousands comma), or 8, 700 for two"),
        (
            "income_per_capita < 8,700.50 and size > 1",
            "write 8700.50 for the number (no thousands comma), or 8, 700.50 for two",
        ),
        # inside a set or a call the comma also separates: 8,700 was read as 8 and 700 without a word
        ("wage_income in {100, 8,700}", "write 8700 for the number (no thousands comma), or 8, 700 for two"),
        ("min(wage_income, 8,700) > 1", "write 8700 for the number (no thousands comma), or 8, 700 for two"),
        ("income_per_capita < 1e3", "write the number 1e3 as digits with at most one point: 1000"),
        ("income_per_capita < 8_700", "write the number 8_700 as digits with at most one point: 8700"),
        # in words from ten digits: 1000**********0000 was the fix once masked as a person's number
        ("income_per_capita < 1e17", "write the number 1e17 as digits with at most one point: 1 followed by 17 zeros"),
        ("income_per_capita < 2e-15", "write the number 2e-15 as digits with at most one point, without an exponent"),
        ("income_per_capita ≥ 8700", "write >="),
        ("income_per_capita ≤ 8700", "write <="),
        (
            "income_per_capita \uff1c 8700",
            "write ASCII punctuation (a Chinese input method writes \uff1c): income_per_capita < 8700",
        ),
        ("a < 1 b", "join tests with and / or"),
        (
            "wage_income < 8700元",
            "write the number alone, 8700: a threshold takes the unit of the fact it is compared with",
        ),
        (
            "wage_income < 1.5万",
            "write the number alone, 15000: a threshold takes the unit of the fact it is compared with",
        ),
        ("wage_income < 0x10", "write the number in decimal digits"),
        ("a => 1", "write >="),
        ("a =< 1", "write <="),
        ("a <> 1", "write != for not equal"),
    ],
)
def test_a_number_or_operator_written_otherwise_is_told_how_to_write_it(text: str, fix: str) -> None:
    """``8,700`` and ``1e3`` were told to join tests with and / or, and ``≥`` (which the explanations print)
    had no fix of its own."""
    assert syntax_error(text).fix == fix


@pytest.mark.parametrize(
    ("text", "fix"),
    [("a < 1 AND b > 0", "write and (in lowercase)"), ("a < 1 Or b > 0", "write or (in lowercase)"),
     ("a < 1 且 b > 0", "write and"), ("a < 1 并且 b > 0", "write and"), ("a < 1 或 b > 0", "write or"),
     ("a < 1 或者 b > 0", "write or"),
     ("a between 0 and 5", "write a range as two tests: a >= 0 and a <= 5 (or < for an end left out)")],
)  # fmt: skip
def test_a_join_written_otherwise_is_told_the_word_to_write(text: str, fix: str) -> None:
    """``AND``, 且 or ``between`` were told "join tests with and / or": the author had joined them, with a word
    the language does not have, and was not told which."""
    assert syntax_error(text).fix == fix


@pytest.mark.parametrize(
    ("text", "column", "written"),
    [
        ("income_per_capita < \uff18\uff17\uff10\uff10", 21, "\uff18 \uff17 \uff10): income_per_capita < 8700"),
        ("income_per_capita < \uff18\uff17\uff10\uff10\uff0e\uff15", 21,
         "\uff18 \uff17 \uff10 \uff0e \uff15): income_per_capita < 8700.5"),
        ('identified_month > \uff12\uff10\uff12\uff14-01 and remarks == "\uff18"', 20,
         '\uff12 \uff10 \uff14): identified_month > 2024-01 and remarks == "\uff18"'),  # a quoted text keeps its own
        ("size > 1\uff12", 9, "\uff12): size > 12"),
    ],
    ids=["number", "point", "month-and-quoted", "mixed"],
)  # fmt: skip
def test_a_number_in_full_width_digits_is_refused_naming_the_digit(text: str, column: int, written: str) -> None:
    """``income < \uff18\uff17\uff10\uff10`` (an input method's full-width digits) was read as 8700 without a
    word: the patterns' \\d and ``Decimal`` read every script's digits, where a parameter's value so written is
    refused. It is refused naming the character and its column, the fix the condition in half-width digits."""
    error = syntax_error(text)
    assert (
        f"the digit {text[column - 1]} at column {column} is not a half-width digit: a condition reads the digits "
        "0 to 9 only" in error.message
    )
    assert error.fix == f"write the digits half-width (an input method in its full-width mode types {written}"
    parse_condition(error.fix.split("): ", 1)[1])
