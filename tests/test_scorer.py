"""The library's front door: one rulebook, both engines, every kind of input gives the same rows.

On purpose, :meth:`Scorer.score` and :meth:`Scorer.score_file` always use the batch engine and
:meth:`Scorer.assess` / :meth:`Scorer.plan` the durable one; the file pipeline on both engines is tested in
``both_engines/test_files.py``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import polars as pl
import pytest

from fanpin import Household, Scorer
from fanpin.errors import ConfigError, MissingColumnError
from fanpin.io.records import table_record
from fanpin.pipeline import score_household
from tests.helpers import AS_OF, REGION
from tests.paths import HOUSEHOLDS_CSV

DATA = HOUSEHOLDS_CSV


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer()


@pytest.fixture(scope="module")
def from_file(scorer: Scorer) -> pl.DataFrame:
    result = scorer.score(DATA, as_of=AS_OF, region=REGION)
    assert (result.scored.height, result.rejected.height) == (314, 6)
    return result.scored


def test_polars_and_pandas_frames_score_like_the_file(scorer: Scorer, from_file: pl.DataFrame) -> None:
    raw = pl.read_csv(DATA, infer_schema=False)
    by_pandas = pd.read_csv(DATA, dtype=str, keep_default_na=False)  # pandas' own reader: no pyarrow
    for data in (raw, by_pandas):
        result = scorer.score(data, as_of=AS_OF, region=REGION)
        assert result.scored.equals(from_file)
        lines = result.rejected.get_column("line").to_list()
        assert len(lines) == 6 and lines == sorted(lines)


def test_typed_pandas_columns_are_read_as_written(scorer: Scorer) -> None:
    frame = pd.DataFrame(
        {
            "household_id": ["H1", "H2"],
            "region_code": [REGION, REGION],
            "household_type": ["脱贫户", "一般农户"],
            "size": [4, 2],
            "wage_income": [20000.0, float("nan")],  # NaN is an empty cell: required, so refused
            "business_income": [8000, 0],
            "property_income": [0, 0],
            "transfer_income": [2000, 0],
            "loan_due": pd.to_datetime(["2025-08-01", "2025-09-01"]),
        }
    )
    result = scorer.score(frame, as_of=AS_OF)
    assert result.scored.get_column("household_id").to_list() == ["H1"]
    assert result.rejected.row(0, named=True)["column"] == "wage_income"
    assert "reason" in result.rejected.columns


def test_a_frame_row_without_a_region_code_is_refused_as_in_a_file(scorer: Scorer) -> None:
    """Without ``region=``, a row whose 行政区划代码 is empty is refused (its parameters cannot be told), as
    ``fanpin score`` refuses it; a frame without the column at all stops, as a file does. Both were once
    scored with every rule that reads a parameter not evaluable."""
    raw = pl.read_csv(DATA, infer_schema=False).head(4)
    column = raw.get_column("行政区划代码")
    frame = raw.with_columns(column.scatter(1, None))
    result = scorer.score(frame, as_of=AS_OF)
    assert result.scored.get_column("household_id").to_list() == raw.get_column("户编号").gather([0, 2, 3]).to_list()
    refused = result.rejected.row(0, named=True)
    assert (result.rejected.height, refused["line"], refused["column"]) == (1, 3, "行政区划代码")
    assert "--region" in refused["reason"]
    assert scorer.score(frame, as_of=AS_OF, region=REGION).scored.height == 4
    with pytest.raises(MissingColumnError, match="行政区划代码"):
        scorer.score(raw.drop("行政区划代码"), as_of=AS_OF)
    # Households (models or dicts): as Scorer.assess, an error naming the household.
    households = [Household.model_validate(r) for r in frame.drop("备注", strict=False).to_dicts()]
    with pytest.raises(ConfigError, match=f"household {households[1].household_id} has no 行政区划代码"):
        scorer.score(households, as_of=AS_OF)
    assert scorer.score(households, as_of=AS_OF, region=REGION).scored.height == 4


def test_households_and_dicts_score_like_the_durable_path(scorer: Scorer) -> None:
    records = [dict(r) for r in pl.read_csv(DATA, infer_schema=False, n_rows=40).fill_null("").to_dicts()]
    good = []
    for r in records:
        try:
            # The file's 备注 column is not the model's: extra="ignore" drops it, as the file readers do.
            good.append(Household.model_validate({**r, "行政区划代码": r["行政区划代码"] or REGION}, extra="ignore"))
        except ValueError:
            continue
    by_households = scorer.score(good, as_of=AS_OF).scored
    by_dicts = scorer.score([{**r, "行政区划代码": r["行政区划代码"] or REGION} for r in records], as_of=AS_OF)
    assert by_dicts.rejected.height == len(records) - len(good)
    durable = [table_record(score_household(scorer.engine, h, as_of=AS_OF), "zh") for h in good]
    for got, want in zip(by_households.iter_rows(named=True), durable, strict=True):
        assert {k: got[k] for k in want} == want
    columns = by_households.columns
    assert by_dicts.scored.select(columns).equals(by_households)


def test_one_household_on_the_durable_path(scorer: Scorer, from_file: pl.DataFrame) -> None:
    row = {
        "户编号": "H5323280004", "行政区划代码": "532328205202", "户类型": "一般农户", "家庭人口数": "2",
        "工资性收入": "10000", "生产经营性收入": "3546.48", "财产性收入": "0", "转移性收入": "0",
    }  # fmt: skip
    assessment = scorer.assess(row, as_of=AS_OF)
    assert assessment.income_band == "below_line"
    plan = scorer.plan(row, as_of=AS_OF)
    assert plan.household_id == "H5323280004" and plan.as_of == AS_OF and plan.measures
    assert all(p.due > AS_OF for p in plan.measures)
    assert {f.rule_id for f in assessment.flags} >= {"income.below_line"}


def test_json_rows(scorer: Scorer) -> None:
    result = scorer.score(DATA, as_of=AS_OF, region=REGION, json=True)
    assert result.scored.columns == ["json"]
    assert result.scored.height == 314


def test_score_file_streams(scorer: Scorer, tmp_path: Path) -> None:
    summary = scorer.score_file(
        DATA,
        tmp_path / "o.parquet",
        as_of=AS_OF,
        region=REGION,
        fmt="parquet",
        chunk_rows=50,
        errors=tmp_path / "e.csv",
    )
    assert (summary.scored, summary.rejected, summary.chunks) == (314, 6, 7)
    assert pl.read_parquet(tmp_path / "o.parquet").height == 314


def test_a_trace_states_each_test_the_way_the_rule_wants_it(scorer: Scorer) -> None:
    """A rule whose condition is tests joined by ``and`` (some under ``not``: ``loan_purpose not in {…}``)
    fired exactly when every test of its trace is true: a test under ``not`` is stated negated, with the
    negated outcome (it was stated as written, true when the rule needed it false)."""
    from fanpin.io.export import households_in
    from fanpin.lang.tree import TAnd, TNot, TOr

    def test(condition: object) -> bool:
        inner = condition.operand if isinstance(condition, TNot) else condition
        return not isinstance(inner, TAnd | TOr | TNot)

    def conjunction(condition: object) -> bool:
        return all(map(test, condition.items)) if isinstance(condition, TAnd) else test(condition)

    rules = {r.id for r in scorer.rulebook.rules.values() if conjunction(r.condition)}
    negated = 0
    for household in households_in(DATA, region=REGION):
        if not isinstance(household, Household):
            continue
        for trace in scorer.assess(household, as_of=AS_OF, trace=True).trace:
            if trace.rule_id in rules and trace.outcome != "not_evaluable":
                outcomes = {c.outcome for c in trace.comparisons}
                assert (trace.outcome == "fired") == (outcomes == {"true"}), (household.household_id, trace)
                negated += sum(c.operator == "not in" for c in trace.comparisons)
    assert negated, "the example file exercises a test under not"
