"""Arithmetic at its edges is the same on both engines: a product or sum that leaves 64-bit integers is
unknown on the batch engine (polars would wrap around silently) exactly where it is unknown on the
per-household engine (Python's integers would grow without bound), and 0/0 or a division by zero is
unknown on both. The fixture rulebook's own cases are in ``test_language_features.py``."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from pydantic import ValidationError

from fanpin import Engine, Household, load_rulebook
from fanpin.batch import BatchEngine
from fanpin.lang.lowering import TERM_LIMIT, in_range
from fanpin.masking import mask_numbers
from fanpin.model.facts import encode_all, household_facts
from tests.helpers import AS_OF, REGION, run_cli, write_rows
from tests.paths import FIXTURES

ARITHMETIC = FIXTURES / "arithmetic"


@pytest.fixture(scope="module")
def engines() -> tuple[Engine, BatchEngine]:
    book = load_rulebook(ARITHMETIC)
    return Engine(book), BatchEngine(book)


def _amounts() -> st.SearchStrategy[Decimal]:
    """Amounts in 元 up to the model's largest, weighted to round figures and to the edges of 2^63 fen."""
    edges = [Decimal(TERM_LIMIT // 10**k) / 100 for k in range(6, 12)]
    # not one written as a mobile number (13812345678.00), which the model refuses as pasted into the wrong column
    cents = st.integers(0, 10**14 - 1).map(lambda c: Decimal(c) / 100).filter(lambda d: mask_numbers(str(d)) == str(d))
    return st.one_of(st.sampled_from([Decimal(0), Decimal(1), *edges, Decimal("999999999999.99")]), cents)


@st.composite
def _extreme_households(draw: st.DrawFn) -> Household:
    size = draw(
        st.one_of(st.integers(1, 12), st.sampled_from([10**k for k in range(3, 15)]), st.integers(1, 10**15 - 1))
    )
    record = {
        "户编号": "H1",
        "行政区划代码": REGION,
        "户类型": "脱贫户",
        "家庭人口数": str(size),
        "劳动力人数": str(draw(st.integers(0, min(size, 10**6)))),
        "工资性收入": str(draw(_amounts())),
        "生产经营性收入": str(draw(_amounts())),
        "财产性收入": "0",
        "转移性收入": "0",
    }
    try:
        return Household.model_validate(record)
    except ValidationError:
        assume(False)
        raise


@given(st.lists(_extreme_households(), min_size=1, max_size=8))
def test_both_engines_agree_at_the_edges_of_64_bit_arithmetic(
    engines: tuple[Engine, BatchEngine], many: list[Household]
) -> None:
    engine, batch = engines
    out = batch.evaluate([encode_all(household_facts(h)) for h in many], as_of=AS_OF, region=REGION)
    for h, got in zip(many, out.iter_rows(named=True), strict=True):
        a = engine.evaluate(h, as_of=AS_OF)
        assert got["flags"] == list(a.flag_ids), (h.size, h.wage_income, h.business_income)
        assert got["not_evaluable"] == list(a.not_evaluable), (h.size, h.wage_income, h.business_income)


def test_a_product_beyond_64_bits_is_unknown_on_both_engines(engines: tuple[Engine, BatchEngine]) -> None:
    """10^14 fen × 10^12: the batch engine used to wrap around (and fire or not at random), the
    per-household engine to compute it exactly; both now say not evaluable, and both score the rest."""
    engine, batch = engines
    household = Household.model_validate(
        {"户编号": "H1", "行政区划代码": REGION, "户类型": "脱贫户", "家庭人口数": "10000",
         "工资性收入": "999999999999", "生产经营性收入": "0", "财产性收入": "0", "转移性收入": "0"}
    )  # fmt: skip
    a = engine.evaluate(household, as_of=AS_OF)
    got = batch.evaluate([encode_all(household_facts(household))], as_of=AS_OF, region=REGION).row(0, named=True)
    assert "local.product_of_many" in a.not_evaluable and "local.product_of_many" in got["not_evaluable"]
    assert "local.zero_over_zero" in a.not_evaluable and "local.line_over_zero" in a.not_evaluable
    assert got["not_evaluable"] == list(a.not_evaluable) and got["flags"] == list(a.flag_ids)


def test_the_range_of_a_term() -> None:
    assert in_range(TERM_LIMIT - 1) == TERM_LIMIT - 1 and in_range(-(TERM_LIMIT - 1)) == -(TERM_LIMIT - 1)
    assert in_range(TERM_LIMIT) is None and in_range(-TERM_LIMIT) is None
    assert in_range(float("nan")) is None and in_range(float("-inf")) is None and in_range(1.5) == 1.5


@pytest.mark.parametrize(("wage", "fires"), [("99.99", True), ("100", False), ("100.01", False)])
def test_products_with_whole_factors_beyond_2_53_are_exact_on_both_engines(
    engines: tuple[Engine, BatchEngine], wage: str, fires: bool
) -> None:
    """``wage_income * 999999999999`` went through a double on the batch engine (as ``x · k / 1``), which
    holds 53 bits: at 99.99 元 the two sides of local.whole_factor differ by one fen beyond 2^53, and the
    batch engine was silent where the per-household engine, exact, fired."""
    engine, batch = engines
    household = Household.model_validate(
        {"户编号": "H1", "行政区划代码": REGION, "户类型": "脱贫户", "家庭人口数": "1", "工资性收入": wage,
         "生产经营性收入": wage, "财产性收入": "0", "转移性收入": "0"}
    )  # fmt: skip
    got = batch.evaluate([encode_all(household_facts(household))], as_of=AS_OF, region=REGION).row(0, named=True)
    assert ("local.whole_factor" in engine.evaluate(household, as_of=AS_OF).flag_ids) is fires
    assert ("local.whole_factor" in got["flags"]) is fires


def test_a_threshold_between_two_fen_is_shown_as_compared(engine_name: str, tmp_path: Path) -> None:
    """1.5 × a county's 5 343.31 元 is 8 014.965 元: rounded to the fen, the explanation read "8014.96 元 <
    8014.96 元" for a household the rule found below it. Both engines now show the part of a fen."""
    county = tmp_path / "county"
    county.mkdir()
    value = '{region: "532328", from: 2025-01-01, value: 5343.31, source: 县低保标准, source_en: test}'
    (county / "p.yaml").write_text(
        "parameters:\n  dibao_line:\n    label: 农村低保标准\n    label_en: rural dibao standard\n    unit: money\n"
        f"    values:\n      - {value}\n",
        encoding="utf-8",
    )
    header = "户编号,行政区划代码,户类型,家庭人口数,工资性收入,生产经营性收入,财产性收入,转移性收入"
    source = write_rows(tmp_path / "in.csv", [header, "H1,532328,一般农户,1,8014.96,0,0,0"])
    out = tmp_path / "out.jsonl"
    run = run_cli(
        "score", source, "--as-of", "2025-06-30", "--rules", county, "--engine", engine_name, "--format", "jsonl",
        "--out", out, "--errors", tmp_path / "e.csv",
    )  # fmt: skip
    assert run.code == 0, run.err
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    (edge,) = [flag for flag in record["flags"] if flag["rule_id"] == "welfare.dibao_edge_band"]
    assert [test["threshold_value"] for test in edge["explanation"]] == ["5343.31", "8014.965"]
    assert any("8014.96 元 < 低保边缘倍数 × 农村低保标准 8014.965 元" in text for text in record["explanation"])
