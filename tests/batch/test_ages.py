"""A member's age on the evaluation date, as the batch engine computes it without a calendar
(``fanpin.batch.compiler._age_on``), against full years counted on the calendar as the durable engine's
lowering counts them, for births and evaluation dates across the whole calendar; and made once a chunk."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from fanpin import load_rulebook
from fanpin.batch import BatchEngine
from fanpin.batch.compiler import _age, _age_on


def _full_years(born: int | None, day: date) -> int | None:
    """The lowering's age: full years from the birth's day number to ``day``, unknown before birth."""
    if born is None or day.toordinal() < born:
        return None
    first = date.fromordinal(born)
    return day.year - first.year - ((day.month, day.day) < (first.month, first.day))


def _ages(born: Sequence[int | None], day: date) -> list[int | None]:
    frame = pl.DataFrame({"born": pl.Series(born, dtype=pl.Int64)})
    return frame.select(_age_on(pl.col("born"), day)).to_series().to_list()


@given(
    st.dates(),
    st.lists(st.one_of(st.none(), st.integers(1, date.max.toordinal())), max_size=20),
    st.lists(st.integers(-800, 800), max_size=20),
)
def test_an_age_on_the_day_is_full_years_counted_on_the_calendar(
    day: date, births: list[int | None], near: list[int]
) -> None:
    # births anywhere in the calendar, and births within some two years of the day's anniversaries
    nearby = [(day - timedelta(days=365 * 3)).toordinal() + n for n in near if day > date(3, 1, 1)]
    born = births + nearby
    assert _ages(born, day) == [_full_years(b, day) for b in born]


def test_births_around_the_29th_of_february_every_day_of_thirty_years() -> None:
    born = list(range(date(1996, 1, 1).toordinal(), date(2026, 1, 1).toordinal()))
    for day in (date(2024, 2, 29), date(2025, 2, 28), date(2025, 3, 1), date(2024, 12, 31), date(2025, 6, 30)):
        ages = _ages(born, day)
        assert ages == [_full_years(b, day) for b in born]
        frame = pl.DataFrame({"born": pl.Series(born, dtype=pl.Int64)})
        assert ages == frame.select(_age(pl.col("born"), pl.lit(day.toordinal(), dtype=pl.Int64))).to_series().to_list()


def test_the_first_and_last_days_of_the_calendar() -> None:
    for day in (date.min, date(1, 12, 31), date.max):
        born = [1, 2, 365, date.max.toordinal(), day.toordinal(), None]
        assert _ages(born, day) == [_full_years(b, day) for b in born]


def test_the_member_conditions_read_each_age_from_one_column() -> None:
    """polars does not share an age's expression among the conditions reading it (its search in a literal
    column is computed anew each time: 34 ages took 35 ms on 61 000 member rows, one column and its reads 2.6):
    the data checks' member conditions read the member's age from one column, made once before them."""
    engine = BatchEngine(load_rulebook(checks="with"))
    program = engine._program(date(2025, 6, 30), "zh", "table", bounded=True)
    assert list(program.member_ages) == ["__age0"]  # the age of birth_date, the one date the conditions age
    reading = [e for e in program.member_outcomes if "__age0" in e.meta.root_names()]
    assert len(reading) >= 10, "the checks read ages in many member conditions"
    assert not any("search_sorted" in str(e) for e in program.member_outcomes)
