"""The durable path's fact reader gives the catalogue's own encoded facts (:mod:`fanpin.durable.facts`)."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from fanpin import Engine, Household, load_rulebook
from fanpin.durable.facts import FactReader
from fanpin.model.facts import FACTS, encode_all, household_facts
from fanpin.testing import households, households_with_members
from tests.helpers import AS_OF, HOUSEHOLD, REGION

EVERY_FACT = FactReader(FACTS)

#: Values the generated households rarely or never hold: an ID number (valid and not), months, dates,
#: risks in several slots, measures in place, a monitoring category.
SPECIAL: list[dict[str, Any]] = [
    {"id_number": "11010519491231002X", "risk_1": "务工就业不稳", "risk_3": "因病"},
    {"id_number": "110105194912310021", "measures_in_place": "公益岗位;产业帮扶", "loan_due": "2025-09-30"},
    {"household_type": "监测户", "monitoring_category": "脱贫不稳定户", "identified_month": "202304"},
    {"monitoring_category": "边缘易致贫户", "eliminated_month": "202406", "business_cost": "1200.50"},
]


def expected(household: Household, names: set[str]) -> dict[str, Any]:
    return {k: v for k, v in encode_all(household_facts(household)).items() if k in names}


@given(households())
def test_the_reader_of_every_fact_is_household_facts_encoded(household: Household) -> None:
    assert EVERY_FACT.read(household) == expected(household, set(FACTS))


@given(households_with_members(), st.sets(st.sampled_from(sorted(FACTS)), max_size=12))
def test_a_reader_of_some_facts_gives_just_those(household: Household, names: set[str]) -> None:
    assert FactReader(names).read(household) == expected(household, names)


def test_the_reader_on_rare_values() -> None:
    read = []
    for cells in SPECIAL:
        household = Household.model_validate(HOUSEHOLD | cells)
        read.append(EVERY_FACT.read(household))
        assert read[-1] == expected(household, set(FACTS))
    assert (read[0]["id_number_valid"], read[1]["id_number_valid"]) == (1, 0)
    assert (read[0]["risk_is_illness"], read[1]["risk_is_illness"], read[1]["measure_count"]) == (1, 0, 2)
    assert isinstance(read[1]["loan_due"], int) and isinstance(read[2]["identified_month"], int)


@given(households_with_members())
def test_the_engine_reads_what_its_conditions_read(household: Household) -> None:
    """The engine's reader leaves out only facts no condition reads: its assessment, every rule's trace
    included, is the one from all the household's facts."""
    engine = _engine()
    by_reader = engine.evaluate(household, as_of=AS_OF, trace=True)
    by_facts = engine._assess(
        household.household_id,
        household.region_code or REGION,
        AS_OF,
        encode_all(household_facts(household)),
        household.income_per_capita,
        household.household_type,
        household.members,
        True,
    )
    assert by_reader == by_facts
    assert engine._reader.read(household).keys() < household_facts(household).keys()


_ENGINE: list[Engine] = []


def _engine() -> Engine:
    if not _ENGINE:
        _ENGINE.append(Engine(load_rulebook()))
    return _ENGINE[0]
