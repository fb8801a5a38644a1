"""A parameter's English label (``label_en``) names it in English sentences, on both engines, in a scored
file and in ``fanpin explain``; the structured data (JSON Lines) carries both languages side by side:
a parameter's ``label`` and ``label_en``, a flag's ``risk_type`` and ``risk_type_en``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import REGION, SCORE_ARGS, read_csv, run_cli, score_file, write_rows

#: A county folder: a parameter with an English label, one without, and rules reading them — one with a
#: risk type of its own (and its English label), one with a reference risk type (因病, whose English label
#: a reference rule gives), one with none.
COUNTY = f"""\
case_defaults: {{region: "{REGION}", as_of: 2025-06-30}}
parameters:
  local_min_wage:
    label: 县最低工资收入
    label_en: county minimum wage income
    unit: money
    values:
      - {{region: "{REGION}", from: 2025-01-01, value: 4000, source: 示例县文件, source_en: example county notice}}
  local_wage_floor:
    label: 县工资收入下限
    unit: money
    values:
      - {{region: "{REGION}", from: 2025-01-01, value: 5000, source: 示例县文件, source_en: example county notice}}
rules:
  - id: local.low_wage
    title: {{zh: 工资收入偏低, en: Low wage income}}
    level: yellow
    kind: risk
    risk_type: 工资偏低
    risk_type_en: low wages
    when: labor_count > 0 and wage_income - coalesce(public_job_income, 0) < local_min_wage
    measures: [health.family_doctor]
    basis: test fixture
    cases:
      - {{name: low, facts: {{labor_count: 1, wage_income: 3999.99}}, expect: fires}}
      - {{name: at the line, facts: {{labor_count: 1, wage_income: 4000}}, expect: silent}}
      - {{name: labour unknown, facts: {{wage_income: 3999.99}}, expect: not_evaluable}}
  - id: local.below_floor
    title: {{zh: 工资收入低于下限, en: Wage income below the floor}}
    level: yellow
    kind: risk
    risk_type: 因病
    when: wage_income < local_wage_floor
    measures: [health.family_doctor]
    basis: test fixture
    cases:
      - {{name: low, facts: {{wage_income: 4999}}, expect: fires}}
      - {{name: at the floor, facts: {{wage_income: 5000}}, expect: silent}}
      - {{name: unknown, facts: {{}}, expect: not_evaluable}}
  - id: local.twice_the_wage
    title: {{zh: 工资收入低于两倍最低工资, en: Wage income below twice the minimum wage}}
    level: info
    kind: watch
    when: wage_income < 2 * local_min_wage
    measures: []
    basis: test fixture
    cases:
      - {{name: low, facts: {{wage_income: 7999}}, expect: fires}}
      - {{name: at twice, facts: {{wage_income: 8000}}, expect: silent}}
      - {{name: unknown, facts: {{}}, expect: not_evaluable}}
"""

HOUSEHOLDS = [
    "户编号,行政区划代码,户类型,家庭人口数,劳动力人数,工资性收入,生产经营性收入,财产性收入,转移性收入",
    f"H1,{REGION},一般农户,1,1,3999.99,20000,0,0",
]


@pytest.fixture
def county(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "county"
    folder.mkdir()
    (folder / "wages.yaml").write_text(COUNTY, encoding="utf-8")
    return folder, write_rows(tmp_path / "households.csv", HOUSEHOLDS)


def _score(county: tuple[Path, Path], out: Path, lang: str, engine: str) -> bytes:
    folder, source = county
    run = score_file(source, out, out.with_suffix(".errors.csv"), "--rules", folder, "--lang", lang, "--engine", engine)
    assert run.code == 0, run.err
    return out.read_bytes()


def _flags(record: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["rule_id"]: f for f in record["flags"]}


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_english_sentences_name_a_parameter_by_its_english_label_on_both_engines(
    county: tuple[Path, Path], tmp_path: Path, suffix: str
) -> None:
    written = {e: _score(county, tmp_path / f"{e}{suffix}", "en", e) for e in ("durable", "batch")}
    assert written["durable"] == written["batch"]  # byte for byte
    if suffix == ".csv":
        explanation = read_csv(tmp_path / f"durable{suffix}")[0]["explanation"]
    else:
        explanation = "; ".join(json.loads(written["durable"])["explanation"])
    assert (
        "Low wage income: labor_count 1 > 0, wage_income - coalesce(public_job_income, 0) 3999.99 yuan "
        "< county minimum wage income 4000 yuan (source: example county notice)"
    ) in explanation
    # an expression of parameters names each by its label; one without label_en by its name
    assert "wage_income 3999.99 yuan < 2 * county minimum wage income 8000 yuan" in explanation
    assert "wage_income 3999.99 yuan < local_wage_floor 5000 yuan" in explanation
    assert "local_min_wage" not in explanation


def test_chinese_sentences_still_name_a_parameter_by_its_label(county: tuple[Path, Path], tmp_path: Path) -> None:
    written = {e: _score(county, tmp_path / f"{e}.jsonl", "zh", e) for e in ("durable", "batch")}
    assert written["durable"] == written["batch"]
    explanation = json.loads(written["durable"])["explanation"]
    low = "工资收入偏低：劳动力人数 1 > 0，工资性收入 - 公益岗位收入（缺失按0计） 3999.99 元 < 县最低工资收入 4000 元"
    assert low + "（依据：示例县文件）" in explanation
    assert "工资收入低于下限：工资性收入 3999.99 元 < 县工资收入下限 5000 元（依据：示例县文件）" in explanation


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_json_lines_carry_both_languages_of_labels_and_risk_types(
    county: tuple[Path, Path], tmp_path: Path, lang: str
) -> None:
    """The structured data is the same in either language of the run, and on either engine."""
    written = {e: _score(county, tmp_path / f"{e}.jsonl", lang, e) for e in ("durable", "batch")}
    assert written["durable"] == written["batch"]
    flags = _flags(json.loads(written["durable"]))
    low = flags["local.low_wage"]
    assert (low["risk_type"], low["risk_type_en"]) == ("工资偏低", "low wages")
    # a risk type the rule gives no English label for takes the reference's
    assert (flags["local.below_floor"]["risk_type"], flags["local.below_floor"]["risk_type_en"]) == ("因病", "illness")
    assert flags["local.twice_the_wage"]["risk_type"] is None
    assert flags["local.twice_the_wage"]["risk_type_en"] is None
    (used,) = low["explanation"][1]["parameters"]
    assert (used["name"], used["label"]) == ("local_min_wage", "县最低工资收入")
    assert used["label_en"] == "county minimum wage income"
    assert (used["source"], used["source_en"]) == ("示例县文件", "example county notice")
    (floor,) = flags["local.below_floor"]["explanation"][0]["parameters"]
    assert (floor["label"], floor["label_en"]) == ("县工资收入下限", "")
    # the reference parameters carry their English labels, the reference risk rules theirs
    reference = [p for f in flags.values() for c in f["explanation"] for p in c["parameters"]]
    assert all(p["label_en"] for p in reference if p["name"] != "local_wage_floor")
    assert all(f["risk_type_en"] for f in flags.values() if f["risk_type"])


def test_the_other_language_of_the_run_gives_the_same_structured_data(
    county: tuple[Path, Path], tmp_path: Path
) -> None:
    zh = json.loads(_score(county, tmp_path / "zh.jsonl", "zh", "batch"))
    en = json.loads(_score(county, tmp_path / "en.jsonl", "en", "batch"))
    assert zh["flags"] == en["flags"]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            "[fired] local.low_wage Low wage income: ✓ labor_count 1 > 0; "
            "✓ wage_income - coalesce(public_job_income, 0) 3999.99 yuan < county minimum wage income 4000 yuan "
            "(source: example county notice)",
        ),
        (
            "zh",
            "[触发] local.low_wage 工资收入偏低：✓ 劳动力人数 1 > 0；"
            "✓ 工资性收入 - 公益岗位收入（缺失按0计） 3999.99 元 < 县最低工资收入 4000 元（依据：示例县文件）",
        ),
    ],
)
def test_explain_names_a_parameter_in_the_language_of_the_run(
    county: tuple[Path, Path], lang: str, expected: str
) -> None:
    folder, source = county
    run = run_cli("explain", source, "--household", "H1", *SCORE_ARGS, "--rules", folder, "--lang", lang)
    assert run.code == 0, run.err
    assert expected in run.out.splitlines()
    if lang == "en":
        assert "local_min_wage" not in run.out
        # the plain sentence of the fired rule, above the trace
        assert "* Low wage income: labor_count 1 > 0, wage_income - coalesce(public_job_income, 0)" in run.out
