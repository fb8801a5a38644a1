"""Sets in the rule language — ``risks contains "因病"``, ``risks contains {…}``, ``risks is empty`` — on
both engines: an empty risk slot adds nothing, so a set test is never unknown."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fanpin import Engine, Household, Rulebook, load_rulebook
from fanpin.batch import BatchEngine
from fanpin.check import run_cases
from fanpin.model.facts import encode_all, household_facts, natural_value, set_facts
from fanpin.testing import households
from tests.helpers import AS_OF, REGION
from tests.paths import FIXTURES


@pytest.fixture(scope="module")
def sets_book() -> Rulebook:
    return load_rulebook(FIXTURES / "sets")


@pytest.fixture(scope="module")
def sets_engines(sets_book: Rulebook) -> tuple[Engine, BatchEngine]:
    return Engine(sets_book), BatchEngine(sets_book)


def test_the_set_rules_cases_pass(sets_book: Rulebook) -> None:
    results = [r for r in run_cases(sets_book) if r.rule_id.startswith("local.")]
    assert len(results) == 11 and all(r.passed for r in results), [str(r) for r in results if not r.passed]


def test_the_set_rules_cases_agree_on_the_batch_engine(
    sets_book: Rulebook, sets_engines: tuple[Engine, BatchEngine]
) -> None:
    engine, batch = sets_engines
    for rule in (r for r in sets_book.rules.values() if r.id.startswith("local.")):
        for case in rule.spec.cases:
            a = engine.evaluate_facts(case.facts, as_of=AS_OF, region=REGION)
            natural = {k: v for k, v in ((k, natural_value(k, v)) for k, v in case.facts.items()) if v is not None}
            row = encode_all(set_facts(natural) | natural) | {"household_id": "H"}
            got = batch.evaluate([row], as_of=AS_OF, region=REGION).row(0, named=True)
            assert (got["flags"], got["not_evaluable"]) == (list(a.flag_ids), list(a.not_evaluable)), case.name


@given(st.lists(households(), min_size=1, max_size=10))
def test_set_rules_agree_on_both_engines(sets_engines: tuple[Engine, BatchEngine], many: list[Household]) -> None:
    engine, batch = sets_engines
    out = batch.evaluate([encode_all(household_facts(h)) for h in many], as_of=AS_OF, region=REGION)
    for h, got in zip(many, out.iter_rows(named=True), strict=True):
        a = engine.evaluate(h, as_of=AS_OF)
        assert got["flags"] == list(a.flag_ids), h.household_id
        assert got["not_evaluable"] == list(a.not_evaluable)
        # "monitored and risks is empty" reads two facts that are always known: never unknown.
        assert "local.no_risk_recorded" not in a.not_evaluable


def test_an_empty_slot_adds_nothing() -> None:
    facts = set_facts({"risk_1": "illness", "risk_3": "illness", "risk_4": None})
    assert facts["risk_is_illness"] is True
    assert [name for name, held in facts.items() if held] == ["risk_is_illness"]
    assert not any(set_facts({}).values())
