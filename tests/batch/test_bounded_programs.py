"""Bounded programs: the batch engine leaves out the tests that a sum or product fits in 64 bits where the
bounds of its input already say so (:data:`fanpin.batch.compiler.FACT_BOUNDS`), and uses such a program
only on a frame it has found within those bounds.

On any frame within the bounds, the bounded program gives what the checked one gives; a frame a host
passes beyond them is scored by the checked program, which the bounded one would get wrong (polars'
integers wrap around).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from typing import Any
from unittest import mock

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fanpin import Household, Rulebook, load_rulebook
from fanpin.batch import BatchEngine
from fanpin.batch import engine as batch_engine
from fanpin.batch.compiler import FACT_BOUNDS, FACT_DTYPES, FACTOR_BOUND, RegionConstants, within
from fanpin.batch.engine import CALENDAR, Output
from fanpin.lang.lowering import TERM_LIMIT
from fanpin.lang.tree import TConst
from fanpin.model.facts import FACTS, household_row
from fanpin.model.household import Kind
from fanpin.model.member_facts import MEMBER_FACTS, member_rows
from fanpin.results.sentences import Lang
from tests.helpers import AS_OF, REGION, SLOW
from tests.paths import FIXTURES

REFERENCE = load_rulebook()
ARITHMETIC = load_rulebook(FIXTURES / "arithmetic")
ENGINES = {id(book): BatchEngine(book) for book in (REFERENCE, ARITHMETIC)}


@contextmanager
def _bounds_taken_as(within: bool) -> Iterator[None]:
    """Every frame taken as within the bounds (``within``) or beyond them, whatever it holds: the engine
    then uses its bounded or its checked programs."""
    with mock.patch.object(batch_engine, "_within_bounds", lambda values, facts: within):
        yield


@contextmanager
def _programs_used(engine: BatchEngine) -> Iterator[list[bool]]:
    """Whether each program ``engine`` scores with is bounded, in the order of the calls."""
    used: list[bool] = []
    made = engine._program

    def program(as_of: date, lang: Lang, output: Output, bounded: bool) -> Any:
        used.append(bounded)
        return made(as_of, lang, output, bounded)

    with mock.patch.object(engine, "_program", program):
        yield used


def _integer_facts(book: Rulebook) -> list[str]:
    read = {f for r in book.rules.values() for f in r.facts} | {"income_per_capita", "size", "labor_count"}
    return sorted(f for f in read if FACTS[f].kind in FACT_BOUNDS)


@functools.cache
def _value(bound: int) -> st.SearchStrategy[int | None]:
    """A value within ± ``bound``, weighted to the bound itself, 0, ±1 and round figures (made once a bound: a
    frame draws hundreds)."""
    edges = [bound, -bound, 0, 1, -1, bound - 1, -(bound - 1), *(10**k for k in range(0, 16) if 10**k <= bound)]
    return st.one_of(st.none(), st.sampled_from(edges), st.integers(-bound, bound))


@functools.cache
def _calendar(low: int, high: int) -> st.SearchStrategy[int | None]:
    """A month or day number of the calendar the model takes, weighted to its ends."""
    return st.one_of(st.none(), st.sampled_from([low, high, low + 1, high - 1]), st.integers(low, high))


@st.composite
def _frames(draw: st.DrawFn, facts: list[str]) -> list[dict[str, Any]]:
    """Frames of 1 to 25 rows: a batch call costs about as much for one row as for 25."""
    rows = []
    for n in range(draw(st.integers(1, 25))):
        row: dict[str, Any] = {"household_id": f"H{n}", "region_code": REGION}
        for fact in facts:
            kind = FACTS[fact].kind
            # a month or day number is of a month or day the model takes (CALENDAR), else refused
            row[fact] = draw(_calendar(*CALENDAR[kind]) if kind in CALENDAR else _value(FACT_BOUNDS[kind]))
        rows.append(row)
    return rows


def _frame(rows: list[dict[str, Any]], facts: list[str]) -> pl.DataFrame:
    schema = {"household_id": pl.String, "region_code": pl.String} | {f: FACT_DTYPES[FACTS[f].kind] for f in facts}
    return pl.DataFrame(rows, schema=schema)


@pytest.mark.parametrize("book", [REFERENCE, ARITHMETIC], ids=["reference", "arithmetic"])
#: 12 examples by default: frames of 13 rows on average score about as many rows as the profile's 45 examples of
#: 1 to 6 rows did, in a quarter of the batch calls; 3 000 with FANPIN_SLOW=1.
@settings(deadline=None, max_examples=3000 if SLOW else 12)
@given(data=st.data())
def test_within_the_bounds_the_bounded_program_gives_what_the_checked_one_gives(
    book: Rulebook, data: st.DataObject
) -> None:
    facts = _integer_facts(book)
    frame = _frame(data.draw(_frames(facts)), facts)
    engine = ENGINES[id(book)]  # one engine: its programs are kept apart by the bounds they assume
    with _programs_used(engine) as used:
        got = [engine.rule_outcomes(frame, as_of=AS_OF), engine.evaluate(frame, as_of=AS_OF)]
    assert used == [True, True], "the frame is within the bounds: the bounded programs score it"
    with _bounds_taken_as(False), _programs_used(engine) as used:
        want = [engine.rule_outcomes(frame, as_of=AS_OF), engine.evaluate(frame, as_of=AS_OF)]
    assert used == [False, False]
    assert [g.to_dicts() for g in got] == [w.to_dicts() for w in want]


def test_a_frame_beyond_the_bounds_is_scored_by_the_checked_program() -> None:
    """``size - labor_count`` fits in 64 bits for any two counts the model takes, so the bounded program
    does not test it; a host passing 2^63 - 1 people and -5 workers gets the checked program, and the
    division rule not evaluable, as the per-household engine would say. Forced to the bounded program,
    the difference wraps around to a negative number and the rule is silent."""
    row = {"household_id": "H1", "wage_income": 5_000_00, "size": TERM_LIMIT - 1, "labor_count": -5}
    rule = "local.divided_by_size_difference"
    engine = ENGINES[id(ARITHMETIC)]
    with _programs_used(engine) as used:
        got = engine.rule_outcomes([row], as_of=AS_OF, region=REGION).row(0, named=True)
    assert used == [False]
    assert got[rule] is None
    with _bounds_taken_as(True):
        wrapped = engine.rule_outcomes([row], as_of=AS_OF, region=REGION).row(0, named=True)
    assert wrapped[rule] is False, "the guard matters: unguarded, the difference wraps around"
    with _programs_used(engine) as used:
        assert engine.rule_outcomes([{**row, "size": 2, "labor_count": 1}], as_of=AS_OF, region=REGION)[rule][0]
    assert used == [True]


def test_the_bounds_hold_every_value_the_model_takes() -> None:
    """Money under 10^12 元 is under 10^14 fen, and the model's sums of five amounts under 5 × 10^14;
    counts have at most fifteen digits; months and days are of years below 10 000; a money amount times a
    decimal factor's p or q stays below 2^63."""
    money, count = FACT_BOUNDS[FACTS["wage_income"].kind], FACT_BOUNDS[FACTS["size"].kind]
    assert money >= 5 * 10**14 and count >= 10**15 - 1
    assert FACT_BOUNDS[FACTS["identified_month"].kind] >= (9999 * 12 + 11)
    assert max(money, count) * FACTOR_BOUND < TERM_LIMIT


def test_a_decimal_factor_of_many_digits_is_beyond_the_bounds() -> None:
    constants = RegionConstants({})
    constants.column("p", TConst(Decimal("1.2"), "plain"))
    constants.column("q", TConst(Decimal("1.2"), "plain"))
    table = pl.DataFrame({"region_code": ["1", "2"], "__c0": [6, -9_000], "__c1": [5, None]})
    assert constants.factors_within(table, FACTOR_BOUND)
    longer = table.with_columns(pl.Series("__c1", [5, 10_000]))
    assert not constants.factors_within(longer, FACTOR_BOUND)
    assert RegionConstants({}).factors_within(table, FACTOR_BOUND), "no factor at all"


@given(
    columns=st.lists(
        st.lists(
            st.none() | st.sampled_from([0, 1, -1, 9_000, -9_000, 9_001, -9_001, 2**62]) | st.integers(), max_size=5
        ),
        min_size=1,
        max_size=4,
    ).filter(lambda c: len({len(x) for x in c}) == 1),
    bound=st.sampled_from([1, 9_000, *FACT_BOUNDS.values()]),
)
def test_within_tells_whether_every_value_lies_within_its_bound(columns: list[list[int | None]], bound: int) -> None:
    """The bounds are told from each column's least and greatest value (two expressions whatever the columns,
    compared in Python): every value within ± its bound, nulls and an empty frame within too, as the test of
    each value says. Values beyond 64 bits are left out (polars' Int64 columns cannot hold them)."""
    columns = [[v if v is None or -(2**63) <= v < 2**63 else None for v in c] for c in columns]
    frame = pl.DataFrame({f"c{i}": pl.Series(c, dtype=pl.Int64) for i, c in enumerate(columns)})
    bounds = [(f"c{i}", bound * (i + 1)) for i in range(len(columns))]
    want = all(v is None or -b <= v <= b for (_, b), c in zip(bounds, columns, strict=True) for v in c)
    assert within(frame, bounds) is want
    assert within(frame.clear(), bounds) is True
    assert within(frame, []) is True


def test_a_member_fact_beyond_its_bound_is_scored_by_the_checked_program() -> None:
    """A host's member rows are looked at too: a member fact the member conditions read, beyond its kind's
    bound, makes the engine score with the checked program, as a household fact does."""
    engine = BatchEngine(load_rulebook(checks="with"))
    household = Household.model_validate(
        {"户编号": "H1", "户类型": "脱贫户", "家庭人口数": 1, "工资性收入": 9000, "生产经营性收入": 0,
         "财产性收入": 0, "转移性收入": 0, "members": [{"户编号": "H1", "证件号码": "532328195001011234"}]}
    )  # fmt: skip
    kinds = {f: MEMBER_FACTS[f].kind for f in engine.member_facts_read if f in MEMBER_FACTS}
    fact = min(f for f, kind in kinds.items() if kind in FACT_BOUNDS and kind is not Kind.BOOL)
    rows = member_rows([household])
    with _programs_used(engine) as used:
        engine.evaluate([household_row(household)], as_of=AS_OF, region=REGION, members=rows)
        beyond = [{**rows[0], fact: FACT_BOUNDS[kinds[fact]] + 1}]
        engine.evaluate([household_row(household)], as_of=AS_OF, region=REGION, members=beyond)
    assert used == [True, False]
