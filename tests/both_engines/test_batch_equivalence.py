"""The batch path (polars) and the per-household path (durable-rules) give identical results."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from fanpin import Engine, Household, Rulebook
from fanpin.batch import BatchEngine
from fanpin.model.facts import encode_all, household_facts, natural_value
from fanpin.model.member_facts import member_row
from fanpin.testing import households
from tests.helpers import AS_OF, REGION


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
            region, as_of = case.region or rule.case_defaults.region, case.as_of or rule.case_defaults.as_of
            members = case.member_models()
            a = engine.evaluate_facts(case.facts, as_of=as_of, region=region, members=members)
            natural = {k: v for k, v in ((k, natural_value(k, v)) for k, v in case.facts.items()) if v is not None}
            row = encode_all(natural) | ({} if members is None else {"member_count": len(members)})
            rows = [{**member_row(m), "__household": 0} for m in members or ()]
            got = batch.evaluate(
                [row or {"household_id": ""}], as_of=as_of, region=region, members=rows if members is not None else None
            ).row(0, named=True)
            assert got["flags"] == list(a.flag_ids), (rule.id, case.name)
            assert got["not_evaluable"] == list(a.not_evaluable), (rule.id, case.name)
