"""``money_amounts()`` draws whole amounts of fen within its bounds, whatever the bounds: bounds between two
fen (``0.005``, ``Decimal("8700.001")``), floats (``0.1`` is 0.10 as written, not the binary float's
0.1000000000000000055…) and negative bounds; ``near`` values obey the same bounds."""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from fanpin.testing import FEN, money_amounts

#: Bounds as a caller writes them: amounts of tenths of a fen (between two fen), and floats.
_BOUNDS: st.SearchStrategy[Decimal | float] = st.one_of(
    st.decimals(min_value=-100, max_value=100, places=3),
    st.floats(min_value=-100, max_value=100).map(lambda x: round(x, 3)),
    st.sampled_from([0.1, 0.29, 0.005, 0.009, -0.005, Decimal("8700.001"), Decimal("8699.999")]),
)


def _written(bound: Decimal | float) -> Decimal:
    """A bound as its caller wrote it: a float by its shortest text."""
    return Decimal(repr(bound)) if isinstance(bound, float) else bound


def _is_fen(amount: Decimal) -> bool:
    return amount == amount.quantize(FEN)


@settings(max_examples=300, database=None)
@given(data=st.data(), one=_BOUNDS, other=_BOUNDS, near=st.lists(_BOUNDS))
def test_every_amount_drawn_is_a_fen_amount_within_the_bounds(
    data: st.DataObject, one: Decimal | float, other: Decimal | float, near: list[Decimal | float]
) -> None:
    """``int(low * 100)`` truncated: ``min_value=0.005`` drew 0.00, below the bound, ``max_value=-0.005``
    drew 0.00, above it, and the ``near`` values were added as given (0.1 as 0.1000000000000000055…)."""
    bounds = sorted([one, other], key=_written)
    low, high = (_written(b) for b in bounds)
    if low.quantize(FEN, ROUND_CEILING) > high.quantize(FEN, ROUND_FLOOR):
        with pytest.raises(InvalidArgument, match="no amount of whole fen lies between"):
            money_amounts(min_value=bounds[0], max_value=bounds[1], near=tuple(near))
        return
    amount = data.draw(money_amounts(min_value=bounds[0], max_value=bounds[1], near=tuple(near)))
    assert low <= amount <= high and _is_fen(amount)


@pytest.mark.parametrize(
    ("low", "high", "near"),
    [
        (0.005, 1, ()),
        (Decimal("8700.001"), Decimal("8700.02"), (Decimal("8700.001"),)),
        (0.1, 0.29, (0.1, 0.29)),
        (-0.015, -0.005, (-0.01,)),
        (-5000, 0.005, (0.005, -5000.005)),
    ],
)
def test_awkward_bounds_and_near_values_draw_only_fen_amounts_within(
    low: Decimal | float, high: Decimal | float, near: tuple[Decimal | float, ...]
) -> None:
    @settings(max_examples=200, database=None)
    @given(money_amounts(min_value=low, max_value=high, near=near))
    def drawn(amount: Decimal) -> None:
        assert _written(low) <= amount <= _written(high) and _is_fen(amount)

    drawn()


def test_a_float_bound_is_the_amount_written() -> None:
    """``Decimal(0.29)`` is 0.28999999999999998…: the bound was taken so, and 0.29 itself never drawn; the
    low bound rounded up from 0.1000000000000000055… would leave out 0.10."""
    strategy = money_amounts(min_value=0.1, max_value=0.29)
    assert find(strategy, Decimal("0.29").__eq__) == Decimal("0.29")
    assert find(strategy, Decimal("0.1").__eq__) == Decimal("0.1")


def test_a_near_value_between_two_fen_gives_the_fen_around_it() -> None:
    """``near=(8700.005,)`` gives 8699.99 … 8700.01, the fen below and above it and one beyond each; a fen
    amount, itself and one fen either side."""
    amounts = money_amounts(min_value=8000, max_value=9000, near=(Decimal("8700.005"), 8800))
    for value in ("8699.99", "8700", "8700.01", "8700.02", "8799.99", "8800", "8800.01"):
        assert find(amounts, Decimal(value).__eq__) == Decimal(value)


@pytest.mark.parametrize(
    ("low", "high"), [(0.005, 0.009), (Decimal("8700.001"), Decimal("8700.009")), (-0.009, -0.001)]
)
def test_bounds_with_no_fen_amount_between_them_are_refused(low: Decimal | float, high: Decimal | float) -> None:
    """Rounded to the fen, ``min_value`` came out above ``max_value``: hypothesis said min_value > max_value
    of numbers the caller never gave, or drew outside the bounds."""
    with pytest.raises(InvalidArgument, match=r"no amount of whole fen lies between min_value=.* and max_value="):
        money_amounts(min_value=low, max_value=high)
