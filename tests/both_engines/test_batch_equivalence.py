"""The batch path (polars) and the per-household path (durable-rules) give identical results."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from fanpin import Engine, Household, Rulebook
from fanpin.batch import BatchEngine
from fanpin.model.facts import encode_all, household_facts
from fanpin.testing import households
from tests.helpers import AS_OF, REGION, case_outcome_on_both_engines


@given(st.lists(households(), min_size=1, max_size=12))
def test_batch_and_durable_agree(batch: BatchEngine, engine: Engine, many: list[Household]) -> None:
    rows = [encode_all(household_facts(h)) for h in many]
    out = batch.evaluate(rows, as_of=AS_OF, region=REGION)
    assert out.height == len(many)
    for h, got in zip(many, out.iter_rows(named=True), strict=True):
        a = engine.evaluate(h, as_of=AS_OF)
        assert got["flags"] == list(a.flag_ids), h.household_id
        assert got["not_evaluable"] == list(a.not_evaluable)
        assert got["income_band"] == a.income_band
        assert got["alert_level"] == a.alert_level
        assert got["suggested_category"] == a.suggested_category


def test_rule_cases_agree(book: Rulebook, engine: Engine, batch: BatchEngine) -> None:
    """Every rule case — values exactly on thresholds, unknowns, zero previous values — on both paths."""
    for rule in book.rules.values():
        for case in rule.spec.cases:
            case_outcome_on_both_engines(engine, batch, rule, case)
