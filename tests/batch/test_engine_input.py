"""What the batch engine takes from a host: encoded facts (whole fen, 1/0, month and day numbers). A
column its fact's type cannot take is refused with the fact, the row and the fix, never the value; a
column of nulls only, such as region codes none of which is given, is read as unknown."""

from __future__ import annotations

import pytest

from fanpin import load_rulebook
from fanpin.batch import BatchEngine
from fanpin.errors import InputError
from tests.helpers import AS_OF, REGION

ID_NUMBER = "532328199001011234"


@pytest.fixture(scope="module")
def engine() -> BatchEngine:
    return BatchEngine(load_rulebook())


@pytest.mark.parametrize(
    ("fact", "value", "said"),
    [
        ("net_income", ID_NUMBER + "X", "a whole number of fen"),  # an ID number typed into a money column
        ("net_income", "8,700.50", "a whole number of fen"),
        ("size", "three", "a whole number"),
        ("housing_unsafe", 300, "1 or 0"),
        ("net_income", float("nan"), "a whole number of fen"),
    ],
)
def test_a_fact_column_its_type_cannot_take_is_refused_without_its_value(
    engine: BatchEngine, fact: str, value: object, said: str
) -> None:
    rows: list[dict[str, object]] = [
        {"household_id": "H1", "size": 3, "net_income": 870_050, "housing_unsafe": 1},
        {"household_id": "H2", fact: value},
    ]
    for run in (engine.evaluate, engine.rule_outcomes, engine.score):
        with pytest.raises(InputError) as caught:
            run(rows, as_of=AS_OF, region=REGION)
        message = str(caught.value)
        assert f"fact '{fact}'" in message and said in message and "row 1" in message
        assert "Scorer.score" in message
        assert str(value) not in message and ID_NUMBER[6:14] not in message


def test_facts_of_the_types_they_take_are_scored(engine: BatchEngine) -> None:
    """Text digits, floats of whole fen and booleans convert as before; only what cannot is refused."""
    rows = [{"household_id": "H1", "size": "3", "net_income": 870_050.0, "housing_unsafe": True}]
    got = engine.rule_outcomes(rows, as_of=AS_OF, region=REGION).row(0, named=True)
    assert got["guarantee.housing_unsafe"] is True


def test_region_codes_none_of_which_is_given_are_unknown(engine: BatchEngine) -> None:
    """A column of region codes that are all null has no type of its own: polars refused to join it with
    the parameters' text codes. It is now read as text: no parameter, so the rules that read one are not
    evaluable, and the others are scored."""
    got = engine.evaluate([{"region_code": None, "housing_unsafe": 1, "income_per_capita": 500_000}], as_of=AS_OF)
    row = got.row(0, named=True)
    assert "guarantee.housing_unsafe" in row["flags"] and "income.below_line" in row["not_evaluable"]
