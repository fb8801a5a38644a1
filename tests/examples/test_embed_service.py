"""examples/embed_service.py through FastAPI's TestClient: evaluate, explain and plan over JSON, its
OpenAPI document made from fanpin's models, refusals with a did-you-mean and nothing personal shown."""

from __future__ import annotations

import json
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the service extra (FastAPI) is not installed")
pytest.importorskip("httpx", reason="FastAPI's TestClient needs httpx (the service extra)")

from fastapi.testclient import TestClient

from tests.examples.conftest import load_example

ID = "532328199001011234"
BODY = {"户编号": "H1", "行政区划代码": "532328", "户类型": "脱贫户", "家庭人口数": 4, "工资性收入": 20000,
        "生产经营性收入": 8000, "财产性收入": 0, "转移性收入": 2000, "住房出现安全问题": "是",
        "户主证件号码": ID}  # fmt: skip
QUERY = {"as_of": "2025-06-30"}


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(load_example("embed_service").app)


def test_evaluate_returns_the_assessment_as_json(client: TestClient) -> None:
    response = client.post("/evaluate", params=QUERY, json=BODY)
    assert response.status_code == 200, response.text
    data = response.json()
    assert data["household_id"] == "H1" and data["alert_level"] == "red" and data["income_per_capita"] == "7500.00"
    flags = {f["rule_id"]: f for f in data["flags"]}
    comparison = flags["income.below_line"]["explanation"][0]
    assert comparison["threshold_value"] == "8700" and comparison["parameters"][0]["source"] == "云农办通〔2025〕1号"
    assert ID not in response.text


def test_explain_gives_data_and_sentences_in_one_language(client: TestClient) -> None:
    zh = client.post("/explain", params=QUERY, json=BODY).json()
    en = client.post("/explain", params=QUERY | {"lang": "en"}, json=BODY).json()
    assert len(zh["trace"]) == len(en["trace"]) == len(zh["assessment"]["trace"]) >= 30
    assert any("人均纯收入低于监测范围" in s for s in zh["sentences"])
    assert any("Per-capita income below the monitoring line" in s for s in en["sentences"])


def test_plan_returns_measures_departments_and_due_dates(client: TestClient) -> None:
    data = client.post("/plan", params=QUERY, json=BODY).json()
    assert data["household_id"] == "H1" and data["as_of"] == "2025-06-30"
    assert all(m["due"] > "2025-06-30" and m["measure"]["department"] and m["answers"] for m in data["measures"])


def test_a_misspelt_key_is_refused_with_a_did_you_mean_and_masked_values(client: TestClient) -> None:
    body = {k: v for k, v in BODY.items() if k != "工资性收入"} | {"工资收入": ID}
    response = client.post("/evaluate", params=QUERY, json=body)
    assert response.status_code == 422
    details: list[dict[str, Any]] = response.json()["detail"]
    unknown = next(d for d in details if d["type"] == "unknown_key")
    assert unknown["loc"] == ["body", "工资收入"] and "did you mean 工资性收入 (wage_income)?" in unknown["msg"]
    assert ID not in response.text  # neither in the unknown key's value nor in the missing field's input


def test_the_body_takes_a_record_as_scorer_assess_reads_it(client: TestClient) -> None:
    """A household's members under 家庭成员 (the members' title, as Scorer.assess and Scorer.score read them) had
    been refused by the service as an unknown key (422, "did you mean members"), and a header with a space at its
    end (``户编号 ``, as a clerk's sheet writes it) likewise: the body is read as Scorer.assess reads a record, with
    the same assessment, and a member's personal values still never shown."""
    from datetime import date

    from fanpin import Scorer

    members = [{"人编号": "P1", "与户主关系": "户主", "证件号码": ID, "姓名": "张三丰"}]
    for key in ("家庭成员", "members"):
        body = BODY | {key: members}
        response = client.post("/evaluate", params=QUERY, json=body)
        assert response.status_code == 200, response.text
        expected = Scorer().assess(body, as_of=date(2025, 6, 30))
        assert response.json() == json.loads(expected.model_dump_json())
        assert ID not in response.text and "张三丰" not in response.text
    spaced = {f"{k} " if k == "户编号" else k: v for k, v in BODY.items()}
    assert client.post("/plan", params=QUERY, json=spaced).status_code == 200
    # both keys at once: refused as assess refuses them, a 422 naming the column given twice
    both = client.post("/evaluate", params=QUERY, json=BODY | {"家庭成员": members, "members": members})
    assert both.status_code == 422 and ID not in both.text
    # a member that is no record: a 422 as the model's, nothing personal shown
    odd = client.post("/explain", params=QUERY, json=BODY | {"家庭成员": ["张三丰"]})
    assert odd.status_code == 422 and "张三丰" not in odd.text
    # values assess refuses as no cell's (a dict in a column, one member not in a list): a 422 whose detail shows
    # no personal value (a validator's own error is shown beside the whole body)
    for changed in (
        {"工资性收入": {"姓名": "张三丰"}},
        {"家庭成员": members[0]},
        {"家庭成员": members, "户主姓名": ["张三丰"]},
    ):
        refused = client.post("/evaluate", params=QUERY, json=BODY | changed)
        assert refused.status_code == 422, refused.text
        assert ID not in refused.text and "张三丰" not in refused.text, refused.text


def test_the_date_is_required_and_fanpin_errors_are_a_400(client: TestClient) -> None:
    assert client.post("/evaluate", json=BODY).status_code == 422  # no as_of: the service never reads the clock
    no_region = {k: v for k, v in BODY.items() if k != "行政区划代码"}
    response = client.post("/evaluate", params=QUERY, json=no_region)
    assert response.status_code == 400 and response.json()["code"] == "config"
    assert "region" in response.json()["fix"]
    assert client.post("/evaluate", params=QUERY | {"region": "532328"}, json=no_region).status_code == 200


def test_a_nan_or_an_infinity_in_the_body_is_a_422(client: TestClient) -> None:
    """JSON as Python's json.dumps writes a float NaN or infinity (``NaN``, ``Infinity``): the model refuses it,
    and its 422 gives it back as text, where the response could not be written (500, Internal Server Error)."""
    for key, value in (("工资性收入", float("nan")), ("户编号", float("inf"))):
        body = json.dumps(BODY | {key: value})
        response = client.post("/evaluate", params=QUERY, content=body, headers={"content-type": "application/json"})
        assert response.status_code == 422, response.text
        assert response.json()["detail"][0]["input"] == str(value)


def test_the_openapi_document_is_made_from_fanpins_models(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    schemas = document["components"]["schemas"]
    assert {"Household", "Assessment", "Plan", "Flag", "Comparison", "PlannedMeasure", "Explanation"} <= set(schemas)
    household = schemas["Household"]
    assert household["additionalProperties"] is False
    assert household["properties"]["id_number"]["title"] == "户主证件号码"  # Chinese headers as titles
    assert {"/evaluate", "/explain", "/plan"} <= set(document["paths"])
    json.dumps(document)  # the whole document is JSON


def test_the_openapi_document_names_the_chinese_key_of_the_members(client: TestClient) -> None:
    """The service takes a household's members under 家庭成员 as well as ``members`` (the export's header, as
    Scorer.assess reads it), but its OpenAPI document listed ``members`` only, under additionalProperties false: a
    client generated from it, or one that checks its body against it, could not send the key. The Household schema
    lists 家庭成员 beside ``members``, the same list of members, and both say to send one of the two."""
    document = client.get("/openapi.json").json()
    assert document == load_example("embed_service").app.openapi()
    household = document["components"]["schemas"]["Household"]
    members, chinese = household["properties"]["members"], household["properties"]["家庭成员"]
    assert chinese["anyOf"] == members["anyOf"] and chinese["title"] == members["title"] == "家庭成员"
    for said in (members["description"], chinese["description"]):
        assert said.count("sent as members or as 家庭成员 (the export's header), not both") == 1, said
    assert "家庭成员" not in household.get("required", [])
    request = document["paths"]["/evaluate"]["post"]["requestBody"]["content"]["application/json"]
    assert request["schema"] == {"$ref": "#/components/schemas/Household"}
    member = {"人编号": "P1", "与户主关系": "户主", "证件号码": ID, "姓名": "张三丰"}
    refused = client.post("/evaluate", params=QUERY, json=BODY | {"家庭成员": [member], "members": [member]})
    assert refused.status_code == 422 and ID not in refused.text and "张三丰" not in refused.text, refused.text
