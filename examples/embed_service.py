"""fanpin inside a host application: a small FastAPI service that evaluates, explains and plans for one
household sent as JSON.

What it shows:

- the request body is :class:`fanpin.Household` itself, so FastAPI validates it with fanpin's own rules
  (English names or Chinese headers, empty is unknown, money to the fen) and publishes its JSON Schema
  in the service's OpenAPI document (``/openapi.json``, browsable at ``/docs``), as it does for the
  results (:class:`fanpin.Assessment`, :class:`fanpin.Plan`, and :class:`Explanation` below);
- the body is read as :meth:`fanpin.Scorer.assess` reads a record (:func:`fanpin.household_record`): the
  members under 家庭成员 as well as ``members``, a header with a space at its end (``户编号 ``) as the header,
  where ``Household`` alone refuses them; the body's schema lists 家庭成员 beside ``members``
  (:class:`MembersKey`), where ``Household``'s names ``members`` only;
- a misspelt key is refused with a "did you mean" (422), and no error ever shows a personal value
  unmasked: the model's own validator masks them, whichever path validates it;
- the evaluation date is a required query parameter: the service never reads the clock, so the same
  request always gets the same answer;
- fanpin's errors (:class:`fanpin.FanpinError`, e.g. a household with no region code and no ``region``)
  become a 400 with their code, message and fix.

Run it from the repository root; it needs the ``service`` extra (FastAPI, httpx for its test client,
uvicorn to serve), which the ``test`` extra (``make test``) includes::

    .venv/bin/pip install -e '.[service]'
    .venv/bin/uvicorn examples.embed_service:app --port 8000
    curl -s -X POST 'localhost:8000/evaluate?as_of=2025-06-30' -H 'content-type: application/json' \\
        -d '{"户编号": "H1", "行政区划代码": "532328", "户类型": "脱贫户", "家庭人口数": 4, "工资性收入": 20000,
             "生产经营性收入": 8000, "财产性收入": 0, "转移性收入": 2000}'

``python examples/embed_service.py`` serves it the same way. Its test is tests/examples/test_embed_service.py
(FastAPI's TestClient, no server needed).
"""

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, BeforeValidator, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

import fanpin
from fanpin import Assessment, FanpinError, Household, Plan, Scorer, household_record

app = FastAPI(
    title="fanpin example service",
    version=fanpin.__version__,
    description="Evaluate, explain and plan for one household (防止返贫动态监测), with fanpin's reference rules.",
)
#: One scorer for the process: the rulebook is loaded and compiled once (an Engine is thread-safe).
scorer = Scorer()


class MembersKey:
    """The body's JSON Schema names the key 家庭成员, which the body takes for the members (``household_record``):
    ``Household``'s schema lists ``members`` only, under ``"additionalProperties": false``, so a client made from the
    OpenAPI document, or one that checks its body against it, could not send it. The property 家庭成员 is the same
    list of members; each of the two says to send one of them (both at once are refused)."""

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        schema = handler(core_schema)
        household: dict[str, Any] = handler.resolve_ref_schema(schema)
        properties = household["properties"]
        if "家庭成员" not in properties:  # the schema of each route's body is one definition: told once
            members = properties["members"]
            members["description"] += "; sent as members or as 家庭成员 (the export's header), not both"
            properties["家庭成员"] = members | {
                "description": f"members under the export's header: {members['description']}"
            }
        return schema


#: The request body: a Household, its record read first as Scorer.assess reads one (家庭成员 as the members …).
HouseholdBody = Annotated[Household, BeforeValidator(household_record), MembersKey]


class Explanation(BaseModel):
    """Every rule's outcome for one household, as data and as sentences in one language."""

    assessment: Assessment
    sentences: list[str]
    trace: list[str]


@app.exception_handler(FanpinError)
def fanpin_error(request: Request, exc: FanpinError) -> JSONResponse:
    return JSONResponse(status_code=400, content={"code": exc.code, "message": exc.message, "fix": exc.fix})


@app.post("/evaluate")
def evaluate(household: HouseholdBody, as_of: date, region: str | None = None) -> Assessment:
    """Flags with structured explanations, income band, alert level and suggested category."""
    return scorer.assess(household, as_of=as_of, region=region)


@app.post("/explain")
def explain(
    household: HouseholdBody, as_of: date, region: str | None = None, lang: Literal["zh", "en"] = "zh"
) -> Explanation:
    """Every rule's outcome (fired, not fired, not evaluable) with the values and thresholds it compared."""
    assessment = scorer.assess(household, as_of=as_of, region=region, trace=True)
    return Explanation(
        assessment=assessment,
        sentences=[fanpin.explain.flag_text(flag, lang) for flag in assessment.flags],
        trace=[fanpin.explain.trace_text(trace, lang) for trace in assessment.trace],
    )


@app.post("/plan")
def plan(household: HouseholdBody, as_of: date, region: str | None = None) -> Plan:
    """The household's 一户一策 plan: measures, departments, due dates and the rules each answers."""
    return scorer.plan(household, as_of=as_of, region=region)


if __name__ == "__main__":  # pragma: no cover - serving is for a person, the test uses TestClient
    import uvicorn

    uvicorn.run(app, port=8000)
