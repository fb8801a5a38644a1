"""A host application's view of the results: assessments, flags, comparisons, traces and plans are
pydantic models that dump to JSON and describe themselves in JSON Schema."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from pydantic import BaseModel

from fanpin import Assessment, Comparison, Flag, ParameterUse, Plan, PlannedMeasure, RuleTrace, Scorer
from tests.helpers import AS_OF, HOUSEHOLD


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer()


def test_every_result_type_dumps_to_json_and_has_a_schema(scorer: Scorer) -> None:
    assessment = scorer.assess(HOUSEHOLD, as_of=AS_OF, trace=True)
    plan = scorer.plan(HOUSEHOLD, as_of=AS_OF)
    flag = assessment.flags[0]
    comparison = flag.explanation[0]
    values: list[BaseModel] = [assessment, flag, comparison, assessment.trace[0], plan, plan.measures[0]]
    values += [p for c in flag.explanation for p in c.parameters][:1]
    assert {type(v) for v in values} == {Assessment, Flag, Comparison, RuleTrace, Plan, PlannedMeasure, ParameterUse}
    for value in values:
        assert json.loads(value.model_dump_json()) == value.model_dump(mode="json")
        schema = type(value).model_json_schema()
        assert set(schema["required"]) <= set(schema["properties"])
    data = json.loads(plan.model_dump_json())
    assert data["household_id"] == "H1" and data["as_of"] == AS_OF.isoformat()
    first = data["measures"][0]
    assert first["measure"]["department"] and first["answers"] and first["due"] > AS_OF.isoformat()
    assert plan.text("en").startswith(plan.measures[0].measure.name_en)


def test_a_dumped_assessment_validates_back(scorer: Scorer) -> None:
    assessment = scorer.assess(HOUSEHOLD, as_of=AS_OF)
    assert Assessment.model_validate_json(assessment.model_dump_json()) == assessment


def test_results_built_on_the_hot_path_equal_validated_ones(scorer: Scorer) -> None:
    """The engine builds flags, comparisons and assessments without validation (``built``); each is the
    instance validation would give: equal, the same hash and JSON, and frozen."""
    assessment = scorer.assess(HOUSEHOLD, as_of=AS_OF)
    for value in (assessment, *assessment.flags, *(c for f in assessment.flags for c in f.explanation)):
        validated = type(value).model_validate(value.model_dump())
        assert value == validated and hash(value) == hash(validated)
        assert value.model_dump_json() == validated.model_dump_json()
        assert value.model_fields_set == validated.model_fields_set
        with pytest.raises(ValueError, match="frozen"):
            value.__setattr__("rule_id" if isinstance(value, Flag) else "unit", "x")


def test_parameters_and_flags_carry_both_languages(scorer: Scorer) -> None:
    """A comparison's parameters carry ``label`` and ``label_en``; a flag ``risk_type`` and ``risk_type_en``."""
    assessment = scorer.assess(HOUSEHOLD | {"prev_income_per_capita": 20000}, as_of=AS_OF)  # an income drop
    typed = [f for f in assessment.flags if f.risk_type]
    assert typed
    assert all(f.risk_type_en == scorer.rulebook.risk_types[f.risk_type] for f in typed if f.risk_type)
    assert all(f.risk_type_en is None for f in assessment.flags if f.risk_type is None)
    below = assessment.flag("income.below_line")
    assert below is not None
    (line,) = below.explanation[0].parameters
    assert (line.name, line.label, line.label_en) == (
        "monitoring_line",
        "防止返贫监测范围（人均纯收入）",
        "monitoring line (per-capita net income)",
    )
    assert (line.shown_label("zh"), line.shown_label("en")) == (line.label, line.label_en)
    assert line.model_copy(update={"label_en": ""}).shown_label("en") == "monitoring_line"
    assert json.loads(typed[0].model_dump_json())["risk_type_en"] == typed[0].risk_type_en
    assert json.loads(below.model_dump_json())["explanation"][0]["parameters"][0]["label_en"] == line.label_en


def test_every_reference_case_dumped_validates_back_as_json_and_as_python(scorer: Scorer) -> None:
    """An assessment dumped to JSON read back through ``json.loads`` gave its comparisons' money as text
    (``"9000"``), where ``model_validate_json`` gave it back as a Decimal: both now give back the original,
    for every case of the reference rules, with every rule's comparisons (``trace``)."""
    checked = 0
    for rule in scorer.rulebook.rules.values():
        for case in rule.spec.cases:
            assessment = scorer.engine.evaluate_facts(
                case.facts,
                as_of=case.as_of or rule.case_defaults.as_of,
                region=case.region or rule.case_defaults.region,
                members=case.member_models(),
                trace=True,
            )
            dumped = assessment.model_dump_json()
            assert Assessment.model_validate_json(dumped) == assessment, (rule.id, case.name)
            assert Assessment.model_validate(json.loads(dumped)) == assessment, (rule.id, case.name)
            checked += 1
    assert checked > 100


@pytest.mark.parametrize(("unit", "value"), [("text", "123"), ("month", "2022-04"), ("money", Decimal("9000.50"))])
def test_a_comparison_keeps_its_value_type_both_ways(unit: str, value: object) -> None:
    """A text of digits (a 贷款用途 ``"123"``) read back from JSON was a number; money read back from Python
    values was text. The unit says which a value is."""
    comparison = Comparison(
        fact="f", value=value, operator="==", threshold="t", threshold_value=value, unit=unit, parameters=(),
        outcome="true",
    )  # fmt: skip
    dumped = comparison.model_dump_json()
    for back in (Comparison.model_validate_json(dumped), Comparison.model_validate(json.loads(dumped))):
        assert back == comparison and type(back.value) is type(value) and type(back.threshold_value) is type(value)
