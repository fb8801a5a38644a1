"""Parameters are resolved once per scope (:meth:`fanpin.model.parameters.Parameters.scope`): a code
resolves every parameter as it would alone, whatever codes were resolved before it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fanpin import load_rulebook
from fanpin.model.parameters import Coverage, Parameters

BOOK = load_rulebook(checks="with")
SPECS = BOOK.parameters.specs
REGIONS = sorted({v.region for spec in SPECS.values() for v in spec.values})
DATES = [date(2020, 6, 30), date(2024, 12, 31), date(2025, 6, 30), date(2026, 3, 31)]


@st.composite
def codes(draw: st.DrawFn) -> str:
    """A region code: a value region of some parameter, lengthened or cut, or any digits."""
    start = draw(st.sampled_from(REGIONS))
    tail = draw(st.text("0123456789", max_size=12 - len(start)))
    return draw(st.sampled_from([start + tail, (start + tail)[: draw(st.integers(0, 12))], tail]))


@given(st.lists(codes(), min_size=1, max_size=12), st.sampled_from(DATES))
def test_a_code_resolves_as_it_would_alone(region_codes: list[str], as_of: date) -> None:
    shared = Parameters(SPECS)
    for code in region_codes:
        alone = Parameters(SPECS)
        assert shared.resolve_known(SPECS, code, as_of) == alone.resolve_known(SPECS, code, as_of), code
        assert shared.scope(code) == max((r for r in REGIONS if code.startswith(r)), key=len, default="")


@given(st.lists(codes(), min_size=1, max_size=20), st.integers(1, 4))
def test_a_code_keeps_its_scope_whatever_was_looked_up_before(region_codes: list[str], kept: int) -> None:
    """A code's scope is remembered, the memory emptied when it holds ``kept`` codes: each code's scope,
    looked up once or again, is the longest value region that prefixes it."""
    import fanpin.model.parameters as module

    shared = Parameters(SPECS)
    before, module._SCOPES_KEPT = module._SCOPES_KEPT, kept
    try:
        for code in [*region_codes, *reversed(region_codes)]:
            assert shared.scope(code) == max((r for r in REGIONS if code.startswith(r)), key=len, default="")
            assert len(shared._scopes) <= kept
    finally:
        module._SCOPES_KEPT = before


def test_a_worker_is_given_the_parameters_without_the_codes_met() -> None:
    """The scopes remembered stay in the process that met the codes: a worker's copy starts empty (a host's
    thousands of codes are not sent with every rulebook) and finds the same scopes."""
    import pickle

    shared = Parameters(SPECS)
    codes = ["532328103201", "530102", "130102", "440103"]
    scopes = [shared.scope(code) for code in codes]
    copy = pickle.loads(pickle.dumps(shared))
    assert copy._scopes == {} and len(shared._scopes) == len(codes)
    assert [copy.scope(code) for code in codes] == scopes


@pytest.mark.parametrize("kept", [1, 2, 1 << 17])
def test_coverage_counts_a_code_met_again_in_a_later_chunk(kept: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where a code's households are counted is worked out once (the memory of it bounded to ``kept`` codes):
    its households of every chunk add up."""
    import fanpin.model.parameters as module

    monkeypatch.setattr(module, "_SCOPES_KEPT", kept)
    names = sorted(SPECS)
    chunks = Coverage(BOOK.parameters, names, date(2025, 6, 30))
    for chunk in ({"130102": 2, "440103": 1}, {"130102": 3}, {"130105": 1, "440103": 4}):
        chunks.count(chunk)
        assert len(chunks._by_code) <= kept
    whole = Coverage(BOOK.parameters, names, date(2025, 6, 30))
    whole.count({"130102": 5, "440103": 5, "130105": 1})
    assert chunks.missing == whole.missing and chunks.fallback == whole.fallback
    assert chunks.missing and chunks.fallback  # (both tables counted: Hebei lacks dibao_line, Guangdong a line)


def test_coverage_counts_codes_given_with_their_households() -> None:
    names = sorted(SPECS)
    one_by_one = Coverage(BOOK.parameters, names, date(2025, 6, 30))
    one_by_one.count(["530102", "530102", "130102", "", "130102", "130102"])
    counted = Coverage(BOOK.parameters, names, date(2025, 6, 30))
    counted.count({"530102": 2, "130102": 3, "": 1})
    assert counted.missing == one_by_one.missing and counted.fallback == one_by_one.fallback
    assert counted.notes() == one_by_one.notes()


def test_a_money_value_with_a_part_of_a_fen_is_refused_a_ratio_is_not() -> None:
    """9000.005 元 (or a monitoring line of 0.001 元) is no amount an income is compared with: it was taken
    without a word, and a line of 0.001 元 passed the check that every band edge is a positive amount."""
    import pytest
    from pydantic import ValidationError

    from fanpin.model.parameters import ParameterSpec

    def spec(unit: str, value: str) -> ParameterSpec:
        return ParameterSpec.model_validate(
            {
                "label": "线",
                "unit": unit,
                "values": [{"region": "53", "from": "2025-01-01", "value": value, "source": "x"}],
            }
        )

    for value in ("9000.005", "0.001", "8700.000001"):
        with pytest.raises(
            ValidationError, match=r"the money value .* \(region '53' from 2025-01-01\) has a part of a fen"
        ):
            spec("money", value)
    assert spec("money", "8700.50").values[0].value == Decimal("8700.50")
    assert spec("money", "8700.000").values[0].value == Decimal("8700")
    assert spec("ratio", "0.125").values[0].value == Decimal("0.125")
