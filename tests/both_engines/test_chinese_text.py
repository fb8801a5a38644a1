"""Chinese output is Chinese throughout: the explanation and plan columns of the example data, on both
engines, hold no English word (rule-language function names included), and cite only official sources."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest

from fanpin import Engine, Rulebook
from fanpin.batch import BatchEngine
from fanpin.pipeline import score_path
from fanpin.results.sentences import _zh_calls
from tests.helpers import AS_OF, REGION
from tests.paths import HOUSEHOLDS_CSV

LATIN = re.compile(r"[A-Za-z]+")


@pytest.mark.parametrize("engine_kind", ["batch", "durable"])
def test_chinese_text_columns_hold_no_english(engine_kind: str, book: Rulebook, tmp_path: Path) -> None:
    engine = BatchEngine(book) if engine_kind == "batch" else Engine(book)
    out = tmp_path / "scored.csv"
    score_path(engine, HOUSEHOLDS_CSV, out, as_of=AS_OF, region=REGION, errors=tmp_path / "rejected.csv")
    scored = pl.read_csv(out, infer_schema=False)
    text = scored.select(pl.concat_str("explanation", "plan", separator="\n", ignore_nulls=True)).to_series()
    words = sorted({w for cell in text.drop_nulls() for w in LATIN.findall(cell)})
    assert words == []
    assert text.str.contains("距贷款到期日天数").any()  # the example data has loans falling due
    assert not text.str.contains(r"\.md").any()


@pytest.mark.parametrize(
    ("term", "chinese"),
    [
        ("days_until(loan_due_date)", "距loan_due_date天数"),
        ("months_since(identified_month)", "identified_month至今月数"),
        ("months_between(identified_month, eliminated_month) + 1", "identified_month至eliminated_month月数 + 1"),
        ("wage_income - coalesce(public_job_income, 0)", "wage_income - public_job_income（缺失按0计）"),
        ("max(coalesce(a, 0), abs(b - c))", "a（缺失按0计）、|b - c|中的较大值"),
        ("min(a, b)", "a、b中的较小值"),
        ("size", "size"),
    ],
)
def test_function_calls_read_as_chinese_words(term: str, chinese: str) -> None:
    assert _zh_calls(term) == chinese
