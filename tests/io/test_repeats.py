"""The values an export repeats (:mod:`fanpin.io.repeats`): an ID number or digits alone held as one integer,
read back as the same text, and asked of one value or a column of them alike."""

from __future__ import annotations

import pickle
import re

import numpy as np
import polars as pl
from hypothesis import example, given
from hypothesis import strategies as st

from fanpin.io.repeats import Repeated, pack, packed, unpacked

#: Texts of both packed shapes, near them (18 digits and a small x, 18 or 19 digits, full-width digits) and any.
TEXTS = (
    st.from_regex(r"\A[0-9]{17}[0-9X]\Z")
    | st.from_regex(r"\A[0-9]{1,17}\Z")
    | st.from_regex(r"\A[0-9]{17}[0-9xX]?[0-9]?\Z")
    | st.sampled_from(["\uff11\uff12", "1 2", "-1", "+1", "1.0", "", "X", "5323**********1234"])
    | st.text(max_size=20)
)


@given(st.lists(TEXTS, max_size=30))
@example(["00000000000000000X", "99999999999999999X", "0", "00", "99999999999999999", "0" * 18, "1" * 19, "X" * 18])
def test_the_values_held_as_integers_read_back_as_they_were(texts: list[str]) -> None:
    """polars and Python pack the same texts alike, each into a different integer (leading zeros kept),
    read back as the same text; any other text is not packed."""
    by_polars = pl.Series(texts, dtype=pl.String).to_frame("v").select(packed(pl.col("v"))).to_series().to_list()
    assert by_polars == [pack(t) for t in texts]
    numbers = {t: n for t, n in zip(texts, by_polars, strict=True) if n is not None}
    assert set(numbers) == {t for t in texts if re.fullmatch(r"[0-9]{17}[0-9X]|[0-9]{1,17}", t)}
    assert len(set(numbers.values())) == len(numbers)
    assert unpacked(numbers.values()) == list(numbers)
    assert all(0 <= n < 2**63 for n in numbers.values())


@given(st.lists(TEXTS, max_size=20), st.lists(TEXTS, max_size=20))
def test_repeated_values_are_found_one_by_one_and_by_columns_alike(held: list[str], asked: list[str]) -> None:
    repeated = Repeated.of(held)
    assert sorted(repeated) == sorted(set(held)) and len(repeated) == len(set(held))
    assert [value in repeated for value in asked] == [value in set(held) for value in asked]
    among = repeated.among(pl.Series([*asked, None], dtype=pl.String)).to_list()
    assert among == [*(value in set(held) for value in asked), None]
    assert pickle.loads(pickle.dumps(repeated)) == repeated


def test_repeated_values_are_not_shown() -> None:
    """Its repr counts the values (ID numbers and phones are personal data)."""
    repeated = Repeated.of(["532328198001010011", "13800000000", "5323**********1234"])
    assert repr(repeated) == "Repeated(3 values)"
    assert Repeated(np.array([5, 5, 3]), ["a"]) == Repeated(np.array([3, 5]), ["a"]) != Repeated()
