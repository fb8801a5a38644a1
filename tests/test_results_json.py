"""A host application's view of the results: assessments, flags, comparisons, traces and plans are
pydantic models that dump to JSON and describe themselves in JSON Schema."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from pydantic import BaseModel

from fanpin import (
    Assessment,
    Comparison,
    ConfigError,
    Flag,
    ParameterUse,
    Plan,
    PlannedMeasure,
    RuleTrace,
    Scorer,
    UnknownNameError,
    load_rulebook,
)
from tests.helpers import AS_OF, HOUSEHOLD
from tests.paths import EXAMPLES


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
    # Instances built with every field share one fields set: a copy changing its own leaves the others'.
    first, second = assessment.flags[:2]
    assert first.model_fields_set is second.model_fields_set
    first.model_copy(update={"not_a_field": 1}).model_fields_set.add("another")
    assert second.model_fields_set == set(Flag.model_fields)


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


def test_flag_of_a_misspelt_rule_id_is_an_error_not_none(scorer: Scorer) -> None:
    """``flag`` gave None for an id that is no rule (``income.below_lne``) as for a rule that did not fire,
    so a host's misspelt check read "not fired". It names the id and the closest ones; a rule that did not
    fire still gives None, one that fired its flag."""
    assessment = scorer.assess(HOUSEHOLD, as_of=AS_OF)
    assert "income.near_line" in scorer.rulebook.rules and "income.near_line" not in assessment.flag_ids
    assert assessment.flag("income.near_line") is None
    fired = assessment.flag("income.below_line")
    assert fired is not None and fired.rule_id == "income.below_line"
    with pytest.raises(UnknownNameError, match=r"'income\.below_lne'.*did you mean income\.below_line") as caught:
        assessment.flag("income.below_lne")
    assert (caught.value.name, caught.value.suggestion) == ("income.below_lne", "income.below_line")
    assert isinstance(caught.value, ValueError) and caught.value.fix == "write income.below_line"
    with pytest.raises(ConfigError, match="rule_id is NoneType None, not a rule id"):
        assessment.flag(None)  # type: ignore[arg-type]
    facts = scorer.engine.evaluate_facts({"income_per_capita": 9000}, as_of=AS_OF, region="532328")
    with pytest.raises(UnknownNameError):
        facts.flag("income.below_lne")


def test_flag_knows_the_rules_of_the_rulebook_the_assessment_was_made_with() -> None:
    """A county's own rule is a rule of its rulebook; a reference rule its ``disable:`` switched off is not."""
    county = Scorer(load_rulebook(EXAMPLES / "county_override"))
    assessment = county.assess(HOUSEHOLD, as_of=AS_OF)
    assert assessment.flag("local.serious_illness_near_line") is None
    with pytest.raises(UnknownNameError, match=r"'income\.near_line'"):
        assessment.flag("income.near_line")


def test_flag_of_an_assessment_read_back_from_json(scorer: Scorer) -> None:
    """Read back from JSON, an assessment has no rulebook: with a trace it knows the rules traced, without
    one it cannot tell a misspelt id from a rule that did not fire (None, as documented). Knowing its rules
    does not make it unequal to the one dumped."""
    traced = scorer.assess(HOUSEHOLD, as_of=AS_OF, trace=True)
    back = Assessment.model_validate_json(traced.model_dump_json())
    assert back == traced and back.flag("income.near_line") is None
    with pytest.raises(UnknownNameError, match=r"did you mean income\.below_line"):
        back.flag("income.below_lne")
    bare = Assessment.model_validate_json(scorer.assess(HOUSEHOLD, as_of=AS_OF).model_dump_json())
    assert bare.flag("income.below_lne") is None and bare.flag("income.below_line") is not None
