"""The rule language's third stage on its own: typed terms → what an engine compares
(:mod:`fanpin.lang.lowering`): literals in engine units, thresholds folded with resolved parameters,
computed terms, slots, and terms written back as text.

Terms are built by the type checker from text (the stage before); parameters are resolved from specs
declared here, by :class:`fanpin.model.parameters.Parameters`. No rulebook, no engine.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fanpin.lang.lowering import (
    Slots,
    atoms,
    compile_term,
    compile_terms,
    engine_number,
    fold,
    literal,
    render,
    unit_of,
)
from fanpin.lang.tree import (
    Condition,
    TCall,
    TCompare,
    TConst,
    Term,
    TFact,
    TIn,
    TMissing,
    TNot,
    TParam,
    TTruth,
    facts_of,
)
from fanpin.lang.typecheck import ParamInfo, check_condition
from fanpin.model.facts import FACTS
from fanpin.model.household import Kind
from fanpin.model.parameters import Parameters, ParameterSpec, ResolvedParameter

AS_OF = date(2025, 6, 30)

PARAMETERS = Parameters(
    {
        name: ParameterSpec.model_validate({"label": name, "unit": unit, "values": values})
        for name, unit, values in [
            (
                "monitoring_line",
                "money",
                [
                    {"region": "", "from": "2021-01-01", "value": "6000", "source": "national floor"},
                    {"region": "53", "from": "2025-01-01", "value": "8700", "source": "Yunnan 2025"},
                ],
            ),
            ("near_line_multiple", "ratio", [{"region": "", "from": "2021-01-01", "value": "1.2", "source": "s"}]),
            ("income_drop_ratio", "ratio", [{"region": "", "from": "2021-01-01", "value": "0.3", "source": "s"}]),
            ("spike_ratio", "ratio", [{"region": "", "from": "2021-01-01", "value": "2.0", "source": "s"}]),
            ("zero", "ratio", [{"region": "", "from": "2021-01-01", "value": "0", "source": "s"}]),
        ]
    }
)
INFOS = {
    name: ParamInfo(name, "money" if spec.unit == "money" else "plain", spec.label)
    for name, spec in PARAMETERS.specs.items()
}


def resolved(region: str = "532328", as_of: date = AS_OF) -> dict[str, ResolvedParameter]:
    return PARAMETERS.resolve_all(INFOS, region, as_of)


def condition(text: str) -> Condition:
    return check_condition(text, FACTS, INFOS)


def threshold(text: str, fact: str = "income_per_capita") -> Term:
    """The right-hand side of ``FACT < TEXT``: a fact-free term."""
    typed = condition(f"{fact} < {text}")
    assert isinstance(typed, TCompare)
    return typed.right


def term(text: str) -> Term:
    """The left-hand side of ``TEXT > 0``: a term over facts."""
    typed = condition(f"{text} > 0")
    assert isinstance(typed, TCompare)
    return typed.left


# ---- literals: rule text → engine units -------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "unit", "engine"),
    [
        ("8700", "money", 870000),  # 元 → whole fen
        ("8699.99", "money", 869999),
        ("0.001", "money", 0.1),  # below a fen: kept, as a float
        ("1.5", "plain", 1.5),
        ("2.0", "plain", 2),  # a whole value is an int, whatever its scale
        ("3", "plain", 3),
    ],
)
def test_literals_in_engine_units(written: str, unit: str, engine: int | float) -> None:
    value = literal(TConst(Decimal(written), unit))  # type: ignore[arg-type]
    assert value == engine and type(value) is type(engine)


def test_text_literals_are_unchanged() -> None:
    assert literal(TConst("建房", "text")) == "建房"


def test_a_money_literal_in_a_rule_becomes_fen() -> None:
    typed = condition("medical_out_of_pocket >= 50000.5")
    assert isinstance(typed, TCompare) and isinstance(typed.right, TConst)
    assert literal(typed.right) == 5000050


def test_engine_numbers() -> None:
    assert engine_number(Decimal("1044000.0")) == 1044000 and isinstance(engine_number(Decimal("1044000.0")), int)
    assert engine_number(Decimal("0.3")) == 0.3


# ---- thresholds: folded exactly, once per region and date ------------------------------------------


def test_a_money_parameter_folds_to_fen() -> None:
    assert fold(threshold("monitoring_line"), resolved()) == Decimal(870000)


def test_folding_uses_the_parameters_of_the_region_and_date() -> None:
    near = threshold("near_line_multiple * monitoring_line")
    assert fold(near, resolved("532328")) == Decimal(1044000)  # Yunnan: 1.2 × 8700 元
    assert fold(near, resolved("130102")) == Decimal(720000)  # elsewhere, the national 6000 元
    assert fold(near, resolved("532328", date(2024, 12, 31))) == Decimal(720000)  # before Yunnan's 2025 line


def test_folding_is_exact_decimal_arithmetic() -> None:
    """1.1 × 8700 元 is 957 000 fen exactly; in binary floating point it is 957000.0000000001."""
    assert 8700 * 100 * 1.1 != 957000
    assert fold(threshold("1.1 * monitoring_line"), resolved()) == Decimal(957000)
    assert fold(threshold("monitoring_line / 3"), resolved()) == Decimal(290000)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("-monitoring_line", Decimal(-870000)),
        ("monitoring_line + 0.01", Decimal(870001)),  # a money literal is in fen too
        ("min(monitoring_line, 100)", Decimal(10000)),
        ("max(monitoring_line, 100)", Decimal(870000)),
        ("abs(0 - monitoring_line)", Decimal(870000)),
        ("coalesce(monitoring_line / zero, 100)", Decimal(10000)),  # the first known value
        ("monitoring_line / zero", None),  # a division by zero is unknown
        ("max(monitoring_line / zero, 100)", None),
    ],
)
def test_folding_operators_and_functions(text: str, expected: Decimal | None) -> None:
    assert fold(threshold(text), resolved()) == expected


def test_a_ratio_parameter_is_not_scaled() -> None:
    assert fold(threshold("1 - income_drop_ratio", fact="size"), resolved()) == Decimal("0.7")


def test_only_fact_free_terms_fold() -> None:
    with pytest.raises(TypeError, match="not a fact-free term"):
        fold(term("wage_income"), resolved())


# ---- computed terms: arithmetic over encoded facts --------------------------------------------------


def run(text: str, **facts: Any) -> Any:
    """The term's value by :func:`compile_term`, checked equal (value and type) to :func:`compile_terms`'."""
    value = compile_term(term(text), resolved(), AS_OF)(facts)
    message = dict(facts)
    compile_terms([("t0", term(text))], resolved(), AS_OF)(message)
    assert ("t0" in message) == (value is not None)
    assert (message.get("t0"), type(message.get("t0"))) == (value, type(value))
    return value


#: Terms whose every operation compile_terms writes out, or calls compile_term's closure for.
TERMS = (
    "(net_income - rigid_expense) / size",
    "(prev_income_per_capita - income_per_capita) / prev_income_per_capita",
    "spike_ratio * prev_rigid_expense",
    "near_line_multiple * net_income - -wage_income + wage_income / zero",
    "wage_income * 1.2 + business_income / 1.5 - -(wage_income * 3)",
    "wage_income / (size - labor_count) * 0.000001",
    "size / labor_count * spike_ratio",
    "abs(reported_income_per_capita - income_per_capita) + coalesce(public_job_income, 0)",
    "months_between(identified_month, eliminated_month) * 2",
    "wage_income * 999999999999.5 * 999999999999.5",
)
_NUMBERS = st.one_of(
    st.none(),
    st.integers(-(2**64), 2**64),
    st.sampled_from([0, 1, -1, 2**62, -(2**63), 2**63 - 1]),
    st.floats(allow_nan=False, allow_infinity=False),
)


@given(st.dictionaries(st.sampled_from(sorted({f for t in TERMS for f in facts_of(term(t))})), _NUMBERS))
def test_compile_terms_is_compile_term_for_every_term(facts: dict[str, Any]) -> None:
    facts = {k: v for k, v in facts.items() if v is not None}
    message = dict(facts)
    compile_terms([(f"t{i}", term(t)) for i, t in enumerate(TERMS)], resolved(), AS_OF)(message)
    for i, text in enumerate(TERMS):
        expected = compile_term(term(text), resolved(), AS_OF)(facts)
        got = message.get(f"t{i}")
        assert (got, type(got)) == (expected, type(expected)), text


def test_facts_are_read_as_encoded() -> None:
    assert run("wage_income", wage_income=1_000_000) == 1_000_000


def test_an_unknown_input_makes_the_term_unknown() -> None:
    assert run("wage_income + business_income", wage_income=100) is None
    assert run("-wage_income") is None
    assert run("min(wage_income, business_income)", wage_income=100) is None
    assert run("months_since(identified_month)") is None


def test_integers_stay_integers_under_plus_minus_times() -> None:
    value = run("(wage_income - business_cost) * 3 + 1", wage_income=1000, business_cost=1)
    assert value == 2997 + 100 and isinstance(value, int)  # the literal 1 元 is 100 fen


@pytest.mark.parametrize(
    ("text", "facts", "expected"),
    [
        ("wage_income * 1.2", {"wage_income": 3}, 3.6),  # 3 × 6 / 5; 3 × 1.2 is 3.5999999999999996
        ("1.2 * wage_income", {"wage_income": 3}, 3.6),
        ("wage_income * near_line_multiple", {"wage_income": 3}, 3.6),  # a folded parameter factor too
        ("wage_income / 1.2", {"wage_income": 6}, 5.0),  # 6 × 5 / 6
        ("wage_income * spike_ratio", {"wage_income": 3}, 6),  # 2.0 is whole: an integer product
        ("wage_income / size", {"wage_income": 1_000_000, "size": 3}, 1_000_000 / 3),  # one IEEE division
    ],
)
def test_decimal_factors_and_division(text: str, facts: dict[str, int], expected: float) -> None:
    assert run(text, **facts) == expected


def test_a_division_by_zero_is_unknown_not_an_error() -> None:
    assert run("wage_income / size", wage_income=100, size=0) is None
    assert run("wage_income / (size - size)", wage_income=100, size=2) is None
    assert run("wage_income / 0", wage_income=100) is None


def test_coalesce_gives_the_first_known_value() -> None:
    assert run("coalesce(public_job_income, 0)") == 0
    assert run("coalesce(public_job_income, wage_income, 5)", wage_income=7) == 7


def test_date_functions_count_from_as_of() -> None:
    january = 2025 * 12 + 0  # 202501 as a month number
    assert run("months_since(identified_month)", identified_month=january) == 5  # to June 2025
    assert run("months_between(identified_month, eliminated_month)", identified_month=january,
               eliminated_month=january + 3) == 3  # fmt: skip
    assert run("days_until(loan_due)", loan_due=date(2025, 7, 30).toordinal()) == 30
    assert run("days_until(loan_due)", loan_due=date(2025, 6, 1).toordinal()) == -29  # negative when past


def test_a_fact_free_part_is_folded_into_the_computed_term() -> None:
    evaluate = compile_term(term("wage_income - monitoring_line"), resolved(), AS_OF)
    assert evaluate({"wage_income": 870001}) == 1
    assert compile_term(threshold("monitoring_line"), resolved(), AS_OF)({}) == 870000


# ---- slots: the engine properties of thresholds and computed terms ---------------------------------


def test_slots_name_thresholds_and_computed_terms_in_reading_order() -> None:
    first = condition("income_per_capita < monitoring_line and (wage_income - business_cost) / size < 1")
    second = condition(
        "income_per_capita < near_line_multiple * monitoring_line or (wage_income - business_cost) / size < 1"
    )
    slots = Slots.for_conditions([first, second])
    assert list(slots.thresholds.values()) == ["k0", "k1"]
    assert list(slots.computed.values()) == ["t0"]  # the same term in two rules: one slot
    assert slots.name(threshold("monitoring_line")) == "k0"
    assert slots.name(threshold("near_line_multiple * monitoring_line")) == "k1"
    assert slots.name(term("(wage_income - business_cost) / size")) == "t0"
    assert slots.name(TFact("size", Kind.COUNT)) == "size"  # a fact is its own property
    assert slots.name(TConst(Decimal(1), "plain")) is None  # a literal is written into the test
    assert slots.params() == {"monitoring_line", "near_line_multiple"}


def test_atoms_are_the_tests_in_reading_order() -> None:
    typed = condition("not (dropout or labor_count is missing) and loan_purpose in {'建房'}")
    assert atoms(typed) == [
        TTruth("dropout"),
        TMissing(TFact("labor_count", Kind.COUNT)),
        TIn(TFact("loan_purpose", Kind.TEXT), ("建房",)),
    ]
    assert atoms(TNot(TTruth("dropout"))) == [TTruth("dropout")]


# ---- render: a term written back as rule text -------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "wage_income - business_income - business_cost",
        "wage_income - (business_income - business_cost)",
        "(wage_income + business_income) * 2",
        "wage_income / (size * size)",
        "wage_income / size * 2",
        "wage_income * (1 - income_drop_ratio)",
        "max(wage_income - 1, 0)",
        "coalesce(public_job_income, 0)",
        "-wage_income * 2",
        "months_since(identified_month)",
    ],
)
def test_render_writes_the_term_back_with_only_the_parentheses_it_needs(text: str) -> None:
    assert render(term(text)) == text


def test_render_drops_parentheses_that_change_nothing() -> None:
    assert render(term("(wage_income - business_income) - business_cost")) == (
        "wage_income - business_income - business_cost"
    )
    assert render(TParam("monitoring_line", "money")) == "monitoring_line"
    assert render(TConst("建房", "text")) == '"建房"'


def test_render_writes_an_age_on_a_date_as_rules_write_it() -> None:
    """The type checker reads ``age_on(2024-09-01)`` as ``age_on(birth_date, 2024-09-01)``: it is written
    back as the rule wrote it (the worksheet's field named the birth date, not the day of the age)."""
    day = TConst(Decimal(date(2024, 9, 1).toordinal()), "date")
    assert render(TCall("age_on", (TFact("birth_date", Kind.DATE), day))) == "age_on(2024-09-01)"
    assert render(TCall("age", (TFact("birth_date", Kind.DATE),))) == "age"


def test_render_keeps_the_parentheses_under_a_unary_minus() -> None:
    typed = term("-(wage_income + business_income)")
    assert term(render(typed)) == typed


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("wage_income", "money"),
        ("size", "plain"),
        ("wage_income / size", "money"),
        ("wage_income / business_income", "plain"),
        ("wage_income * near_line_multiple", "money"),
        ("months_since(identified_month)", "plain"),
        ("coalesce(public_job_income, 0)", "money"),
        ("-wage_income", "money"),
    ],
)
def test_unit_of_says_how_a_value_is_shown(text: str, unit: str) -> None:
    assert unit_of(term(text)) == unit
