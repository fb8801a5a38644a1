"""The batch path (polars) and the per-household path (durable-rules) give identical results."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from fanpin import Engine, Household, Rulebook
from fanpin.batch import BatchEngine
from fanpin.model.facts import encode_all, household_facts
from fanpin.testing import households
from tests.helpers import AS_OF, REGION, SLOW, cases_on_both_engines


#: A batch call costs about as much for one household as for forty: an example scores up to 40 households (20 on
#: average) in one call. 12 examples by default score about as many households as the profile's 45 of up to 12 (6
#: on average) did, in a quarter of the batch calls; 3 000 with FANPIN_SLOW=1.
@settings(max_examples=3000 if SLOW else 12)
@given(st.integers(1, 40).flatmap(lambda n: st.lists(households(), min_size=n, max_size=n)))
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
    """Every rule case — values exactly on thresholds, unknowns, zero previous values — on both paths (the
    batch engine scores the cases of a date and region in one call)."""
    assert cases_on_both_engines(engine, batch, list(book.rules.values())) == sum(
        len(rule.spec.cases) for rule in book.rules.values()
    )
