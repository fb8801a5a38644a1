"""A host application's view of the results: assessments, flags, comparisons, traces and plans are
pydantic models that dump to JSON and describe themselves in JSON Schema."""

from __future__ import annotations

import json

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
