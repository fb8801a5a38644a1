"""A structured comparison agrees with itself: its value, operator and threshold value give its outcome.

A yes/no test under ``not`` was stated ``{"value": "false", "operator": "is", "threshold_value": "true",
"outcome": "true"}`` (``not monitored`` of a household not monitored) on both engines: "false is true", true.
It now wants the value it is stated with (``false is false``), in the fired rules' reasons and in every test
``fanpin explain`` lists, and the batch engine writes the same data.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from hypothesis import example, given

from fanpin import Comparison, Engine, Household
from fanpin.results.explanations import OPERATORS
from fanpin.testing import households
from tests.both_engines.test_told_apart import DROP, SHARE
from tests.helpers import AS_OF, SCORE_ARGS, run_cli
from tests.paths import HOUSEHOLDS_CSV


def told(c: Comparison) -> bool | None:
    """The outcome the comparison's own values give, or None where they cannot tell: an unknown value or a
    set (its members are in ``threshold``). Numbers that 4 places read alike, or the wrong way round, are
    shown with more (0.299999 ≥ 0.3, false, had read 0.3 ≥ 0.3): they tell too."""
    if c.operator == "is missing":
        return c.value is None
    if c.operator == "is not missing":
        return c.value is not None
    if c.value is None or c.threshold_value is None or c.operator in ("in", "not in"):
        return None
    if c.operator == "is":
        return c.value == c.threshold_value
    return OPERATORS[c.operator](c.value, c.threshold_value)


def _disagreeing(comparisons: Iterable[Comparison]) -> list[Comparison]:
    wrong = []
    for c in comparisons:
        expected = told(c)
        if expected is not None and c.outcome != ("true" if expected else "false"):
            wrong.append(c)
    return wrong


def test_a_negated_yes_no_test_is_stated_with_the_value_it_wants(engine: Engine) -> None:
    household = Household.model_validate(
        {"户编号": "H1", "行政区划代码": "532328", "户类型": "一般农户", "家庭人口数": "2", "工资性收入": "1000",
         "生产经营性收入": "0", "财产性收入": "0", "转移性收入": "0"}
    )  # fmt: skip
    a = engine.evaluate(household, as_of=AS_OF, trace=True)
    (missed,) = [f for f in a.flags if f.rule_id == "audit.missed"]
    (stated,) = [c for c in missed.explanation if c.fact == "monitored"]
    assert (stated.value, stated.operator, stated.threshold, stated.threshold_value, stated.outcome) == (
        "false", "is", "false", "false", "true"
    )  # fmt: skip
    (trace,) = [t for t in a.trace if t.rule_id == "audit.missed"]
    (listed,) = [c for c in trace.comparisons if c.fact == "monitored"]  # "not monitored" held: stated as written
    assert (listed.value, listed.threshold_value, listed.outcome) == ("false", "false", "true")
    assert json.loads(stated.model_dump_json())["threshold_value"] == "false"


@given(households())
@example(Household.model_validate(SHARE))
@example(Household.model_validate(DROP))
def test_every_comparison_gives_its_outcome(engine: Engine, household: Household) -> None:
    a = engine.evaluate(household, as_of=AS_OF, trace=True)
    assert not _disagreeing(c for f in a.flags for c in f.explanation)
    assert not _disagreeing(c for t in a.trace for c in t.comparisons)


def test_every_comparison_in_json_lines_gives_its_outcome(engine_name: str, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    run = run_cli(
        "score", HOUSEHOLDS_CSV, *SCORE_ARGS, "--engine", engine_name, "--format", "jsonl", "--out", out,
        "--errors", tmp_path / "e.csv",
    )  # fmt: skip
    assert run.code == 3, run.err  # the example file has rows to reject
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    comparisons = [Comparison.model_validate(c) for r in records for f in r["flags"] for c in f["explanation"]]
    assert len(comparisons) > 100
    assert not _disagreeing(comparisons)
    negated = [c for c in comparisons if c.operator == "is" and c.threshold_value == "false"]
    assert negated, "the example households have one not monitored and due a category"
    assert all(c.value == c.threshold == "false" and c.outcome == "true" for c in negated)
