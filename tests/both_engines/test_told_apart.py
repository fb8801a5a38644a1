"""A comparison whose values, rounded to 4 places, read the other way than the test went is shown with more.

A household of one with 50 000.00 元 of wages and 50 000.01 元 of transfers fired dependency.transfer_share
and its explanation read "transfer_income / gross_income 0.5 > maximum share of transfer income 0.5",
outcome true (the share is 0.50000005); in a trace, 7 000.01 元 against 10 000 元 last year read
income.sharp_drop's "0.3 ≥ 0.3", outcome false (the drop is 0.299999). Where the 4-place values would not
give the outcome, both sides are now shown with 8, then 12, then 16 places until they do, with the same
digits on both engines.
"""

from __future__ import annotations

import json
import math
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from fanpin import Engine, load_rulebook
from fanpin.batch import BatchEngine
from fanpin.batch import engine as batch_engine
from fanpin.batch import texts as batch_texts
from fanpin.batch.texts import maybe_apart, told_apart_rows
from fanpin.batch.texts import told_apart as apart_in_polars
from fanpin.batch.validate import validate
from fanpin.io.records import json_line, json_record
from fanpin.model.household import Household
from fanpin.pipeline import score_household
from fanpin.results.explanations import OPERATORS, shown, told_apart
from fanpin.results.sentences import flag_text, trace_text
from tests.helpers import AS_OF

#: The tester's households: the transfer share just over its maximum, and the drop just under its ratio.
SHARE = {"household_id": "H1", "region_code": "532328", "household_type": "脱贫户", "size": "1", "labor_count": "1",
         "wage_income": "50000.00", "business_income": "0", "property_income": "0",
         "transfer_income": "50000.01"}  # fmt: skip
DROP = {"household_id": "H2", "region_code": "532328", "household_type": "脱贫户", "size": "1",
        "wage_income": "7000.01", "business_income": "0", "property_income": "0", "transfer_income": "0",
        "prev_income_per_capita": "10000"}  # fmt: skip


def _lines(batch: BatchEngine, engine: Engine, record: dict[str, str], lang: str) -> tuple[str, str]:
    household = Household.model_validate(record)
    frame = pl.DataFrame([record], schema=dict.fromkeys(record, pl.String))
    valid, rejected = validate(frame)
    assert rejected.height == 0
    got = batch.score_json(valid, as_of=AS_OF, lang=lang).get_column("json").item()  # type: ignore[arg-type]
    want = json_line(json_record(score_household(engine, household, as_of=AS_OF), lang))  # type: ignore[arg-type]
    return got, want


def test_a_share_just_over_its_maximum_reads_over_it_on_both_engines(batch: BatchEngine, engine: Engine) -> None:
    assessment = engine.evaluate(Household.model_validate(SHARE), as_of=AS_OF)
    flag = assessment.flag("dependency.transfer_share")
    assert flag is not None
    (share,) = [c for c in flag.explanation if c.fact == "transfer_income / gross_income"]
    assert (share.value, share.operator, share.threshold_value, share.outcome) == (
        Decimal("0.50000005"), ">", Decimal("0.5"), "true"
    )  # fmt: skip
    assert "transfer_income / gross_income 0.50000005 > maximum share of transfer income 0.5" in flag_text(flag, "en")
    for lang in ("zh", "en"):
        got, want = _lines(batch, engine, SHARE, lang)
        assert got == want  # byte for byte: data and sentences
        (fired,) = [f for f in json.loads(got)["flags"] if f["rule_id"] == "dependency.transfer_share"]
        assert [(c["value"], c["threshold_value"]) for c in fired["explanation"]][-1] == ("0.50000005", "0.5")


def test_a_drop_just_under_its_ratio_reads_under_it_in_a_trace(batch: BatchEngine, engine: Engine) -> None:
    assessment = engine.evaluate(Household.model_validate(DROP), as_of=AS_OF, trace=True)
    assert assessment.flag("income.sharp_drop") is None
    (trace,) = [t for t in assessment.trace if t.rule_id == "income.sharp_drop"]
    drop = trace.comparisons[-1]
    assert (drop.value, drop.operator, drop.threshold_value, drop.outcome) == (
        Decimal("0.299999"), ">=", Decimal("0.3"), "false"
    )  # fmt: skip
    text = trace_text(trace, "en")
    assert "✗ (prev_income_per_capita - income_per_capita) / prev_income_per_capita 0.299999 ≥ " in text
    for lang in ("zh", "en"):  # the other rules' explanations: the same bytes
        got, want = _lines(batch, engine, DROP, lang)
        assert got == want


def test_a_value_below_a_millionth_is_written_with_its_digits(engine: Engine) -> None:
    """str() of Decimal("0.00000005") is 5E-8: JSON and sentences write its digits, as the batch engine does."""
    comparison = engine.evaluate(Household.model_validate(SHARE), as_of=AS_OF).flags[0].explanation[0]
    small = comparison.model_copy(update={"value": Decimal("5E-8"), "unit": "plain"})
    assert json.loads(small.model_dump_json())["value"] == "0.00000005"
    assert small.model_dump(mode="json")["value"] == "0.00000005"


def test_a_whole_number_against_a_literal_of_more_places_is_told_apart_on_both_engines(tmp_path: Path) -> None:
    """Two whole numbers read as they compare, and the batch path tells no such comparison apart
    (``texts._exact``); a literal of more than four places is no whole number: ``size > 0.99999`` held for a
    household of one reads ``1 > 1`` with four places, and ``1 > 0.99999`` with the places that tell it."""
    (tmp_path / "local.yaml").write_text(
        'case_defaults: {region: "532328", as_of: 2025-06-30}\n'
        "rules:\n  - id: local.nearly_one\n    title: {zh: 近一, en: nearly one}\n    level: info\n    kind: audit\n"
        "    when: size > 0.99999\n    basis: test\n    cases:\n"
        "      - {name: a, facts: {size: 1}, expect: fires}\n"
        "      - {name: b, facts: {size: 0}, expect: silent}\n"
        "      - {name: c, facts: {}, expect: not_evaluable}\n",
        encoding="utf-8",
    )
    book = load_rulebook(tmp_path)
    engine, batch = Engine(book), BatchEngine(book)
    for lang in ("zh", "en"):
        got, want = _lines(batch, engine, SHARE, lang)
        assert got == want
        (fired,) = [f for f in json.loads(got)["flags"] if f["rule_id"] == "local.nearly_one"]
        assert [(c["value"], c["threshold_value"]) for c in fired["explanation"]] == [("1", "0.99999")]


def _nearby(x: float) -> st.SearchStrategy[float]:
    """Doubles near ``x``: a few units in the last place away, or a few 10^-k of it."""
    steps = st.integers(-3, 3).map(lambda n: x + n * math.ulp(x))
    scaled = st.tuples(st.integers(-9, 9), st.integers(5, 15)).map(lambda p: x + p[0] * 10.0 ** -p[1] * max(abs(x), 1))
    return st.one_of(st.just(x), steps, scaled)


_NUMBERS = st.one_of(
    st.integers(-(10**12), 10**12).map(lambda n: n / 10**4),
    st.integers(-(10**9), 10**9).map(float),
    st.floats(-1e12, 1e12, allow_nan=False, allow_infinity=False),
    st.sampled_from([0.3, 0.5, 1.5, 869999.99999999, 801496.5, 0.0]),
)


@given(
    _NUMBERS.flatmap(lambda b: st.tuples(_nearby(b), st.just(b))),
    st.sampled_from(["money", "plain"]),
    st.sampled_from(sorted(OPERATORS)),
)
@example((0.50000005, 0.5), "plain", ">")
@example((0.299999, 0.3), "plain", "<")
@example((869999.99999999, 870000), "money", "<")
@example((5e-8, 0), "plain", ">")
@example((-5e-8, 0), "money", "<")
def test_both_engines_show_a_comparison_with_the_same_places(pair: tuple[float, float], unit: str, op: str) -> None:
    """The places Python chooses are those polars chooses, with the same digits; and, for a test that held,
    the values shown read it as true (short of two doubles that 16 places still read alike)."""
    a, b = pair
    if not OPERATORS[op](a, b):  # the batch engine states only tests that held
        return
    four = (shown(a, unit), shown(b, unit))
    want = four if OPERATORS[op](*four) else told_apart(a, b, unit, op, True)
    frame = pl.DataFrame({"a": [a], "b": [b]}, schema={"a": pl.Float64, "b": pl.Float64})
    got = frame.select(apart_in_polars(pl.col("a"), pl.col("b"), unit, op).alias("s")).item()
    # The batch engine works out only the rows maybe_apart finds, in Python on a few (the same digits)
    assert told_apart_rows(frame, unit, op).row(0) == (got["value"], got["threshold"])
    assert frame.select(maybe_apart(pl.col("a"), pl.col("b"))).item() or got["value"] is None, (a, b)
    if OPERATORS[op](*four):
        assert got == {"value": None, "threshold": None}  # 4 places read it: number_text's texts are shown
    else:
        assert (got["value"], got["threshold"]) == tuple(format(v, "f") for v in want)
        # 16 places tell apart any two doubles more than 10^-16 (of a fen, for money) and two units in the
        # last place apart; closer ones (5e-324 and 0) may still read alike
        alike = abs(a - b) < 1e-16 or abs(a - b) <= 2 * math.ulp(max(abs(a), abs(b)))
        assert OPERATORS[op](*want) or (alike and want[0] == want[1]), (a, b, want)


@pytest.mark.parametrize("python_rows", [0, batch_texts.PYTHON_ROWS], ids=["polars", "python"])
@pytest.mark.parametrize("per_rule", [0, 10**12], ids=["rule-by-rule", "every-row"])
def test_a_chunk_tells_apart_its_few_rows_as_the_per_household_path_does(
    batch: BatchEngine, engine: Engine, monkeypatch: pytest.MonkeyPatch, python_rows: int, per_rule: int
) -> None:
    """The batch engine tells a comparison's sides apart only on the rows that may need it, placed back
    among the others: in Python on a few, by polars on many (PYTHON_ROWS), the texts made rule by rule or
    on every row at once (ROW_COLUMNS_PER_RULE); each way, byte for byte as the per-household path."""
    monkeypatch.setattr(batch_texts, "PYTHON_ROWS", python_rows)
    monkeypatch.setattr(batch_engine, "ROW_COLUMNS_PER_RULE", per_rule)
    wide = SHARE | {"household_id": "H3", "transfer_income": "50010"}  # a share well over: 4 places read it
    records = [wide, SHARE, DROP, SHARE | {"household_id": "H4", "wage_income": "49999.99", "transfer_income": "50000"}]
    frame = pl.DataFrame(
        [{c: r.get(c, "") for c in SHARE | DROP} for r in records], schema=dict.fromkeys(SHARE | DROP, pl.String)
    )
    valid, rejected = validate(frame)
    assert rejected.height == 0
    for lang in ("zh", "en"):
        got = batch.score_json(valid, as_of=AS_OF, lang=lang).get_column("json").to_list()
        want = [json_line(json_record(score_household(engine, Household.model_validate(r), as_of=AS_OF), lang))
                for r in records]  # fmt: skip
        assert got == want
    assert '"0.50000005"' in got[1] and '"0.50000005"' not in got[0]
