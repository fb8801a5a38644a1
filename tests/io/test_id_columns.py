"""The member facts the export's column path computes by polars are those the row path computes: the ID number's
(:func:`fanpin.io.columnar.id_fact_columns` against :func:`fanpin.model.member_facts.id_row_of`) on any text a
证件号码 cell can hold (ID numbers and disability cards whose check character, birth date or digits are right
or wrong, masked ones, 999999… numbers, odd characters, none), and the phone numbers' and the collector's
(:func:`fanpin.io.columnar.text_fact_columns` against :func:`fanpin.model.member_facts.fact_values`)."""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fanpin.batch.validate import masked_text
from fanpin.io.columnar import id_fact_columns, references, text_fact_columns
from fanpin.io.member_cells import PLAIN_CELLS
from fanpin.masking import mask
from fanpin.model.facts import encode_all
from fanpin.model.member import Member
from fanpin.model.member_facts import ID_FACTS, RECORDED, SHAPED, fact_values, id_row_of, reference_of
from fanpin.model.values import ID_CHECK, ID_WEIGHTS, Pii, parse_id_number, parse_pii
from tests.helpers import SLOW


@st.composite
def _shaped(draw: st.DrawFn) -> str:
    """An ID number or disability card of the right shape: its birth date a day or not (0000, 02-29 of a year
    that is not leap, month 13), its check character right or not, some of it masked or not."""
    year = draw(st.sampled_from(["0000", "0001", "1900", "1980", "2000", "2024", "9999"]))
    month = draw(st.sampled_from(["00", "01", "02", "04", "12", "13"]))
    day = draw(st.sampled_from(["00", "01", "28", "29", "30", "31", "32"]))
    place = draw(st.sampled_from(["532328", "999999", "110101"]))
    body = place + year + month + day + draw(st.from_regex(r"[0-9]{3}", fullmatch=True))
    total = sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True))
    last = ID_CHECK[total % 11] if draw(st.booleans()) else draw(st.sampled_from("0123456789Xx"))
    number = body + last + draw(st.sampled_from(["", "12", "41", "1234", "1", "123"]))
    if draw(st.booleans()):  # masked, as another system hands them out
        start = draw(st.integers(0, len(number) - 1))
        end = draw(st.integers(start + 1, len(number)))
        number = number[:start] + "*" * (end - start) + number[end:]
    return number


_ODD = st.text(alphabet=st.sampled_from("0123456789Xx*\n ²①\uff15a-'E.+ß"), max_size=24)
_CELLS = st.one_of(_shaped(), _ODD, st.text(max_size=24))


def _text(raw: str) -> str | None:
    """The cell as the column path gives it to the facts: the model's value, upper case (None: empty)."""
    try:
        number = parse_id_number(raw)
    except ValueError:
        return None
    return None if number is None else number.reveal().upper()


@settings(max_examples=600 if SLOW else 150, deadline=None)
@given(st.lists(st.tuples(_CELLS, st.one_of(st.none(), st.dates(date(1, 1, 1), date(9999, 12, 31)))), max_size=12))
def test_the_id_facts_by_columns_are_the_row_paths(cells: list[tuple[str, date | None]]) -> None:
    texts = [_text(raw) for raw, _ in cells]
    recorded = [day for _, day in cells]
    frame = id_fact_columns(pl.Series(texts, dtype=pl.String), pl.Series(recorded, dtype=pl.Date))
    assert frame.columns == list(ID_FACTS)
    rows = [{name: value for name, value in row.items() if value is not None} for row in frame.iter_rows(named=True)]
    assert rows == [id_row_of(text, day) for text, day in zip(texts, recorded, strict=True)]


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        ("53232819800101123X", {"id_valid": 0, "id_card_kind": "id_card", "sex": "male", "id_birth_date": 722815}),
        ("53232819810229123X", {"id_valid": 0, "id_birth_date": None}),  # 1981: no 29 February
        ("53232800000101123X", {"id_birth_date": None}),  # year 0: no day of the calendar
        ("5323281980010112331234", {"id_valid": 1, "disability_category": 1, "disability_level": 2}),
        ("532328********1234", {"id_valid": None, "id_card_kind": "id_card", "id_birth_date": None}),
        ("999999198001011233", {"id_valid": None, "id_card_kind": "no_real_id", "sex": None}),
        ("5323281980010112\nX", {"id_valid": 0, "id_card_kind": "malformed", "id_length": 18}),
        (None, {name: None for name in ID_FACTS}),
    ],
)
def test_the_id_facts_of_known_numbers(text: str | None, facts: dict[str, object]) -> None:
    row = id_fact_columns(pl.Series([text], dtype=pl.String), pl.Series([None], dtype=pl.Date)).row(0, named=True)
    assert {name: row[name] for name in facts} == facts
    assert {name: value for name, value in row.items() if value is not None} == id_row_of(text, None)


#: The facts computed by columns from one personal column's text, by column (phone numbers, the collector).
_TEXT_FACTS = {
    field: tuple(
        name for name in (*SHAPED, *RECORDED) if (SHAPED[name][0] if name in SHAPED else RECORDED[name]) == field
    )
    for field in {*(f for f, _ in SHAPED.values()), *RECORDED.values()}
}
_PHONES = st.one_of(
    st.from_regex(r"1[0-9]{10}", fullmatch=True),
    st.from_regex(r"[0-9]{9,12}", fullmatch=True),
    # a number that arrived masked (139****5678, 1381***5678): its shape is unknown on both paths
    st.from_regex(r"1[0-9*]{10}", fullmatch=True),
    st.text(alphabet=st.sampled_from("0123456789\uff11 -+()\u3000\x1c\n.E*xX"), max_size=14),
    st.text(max_size=14),
)


@settings(max_examples=300 if SLOW else 80, deadline=None)
@given(st.sampled_from(sorted(_TEXT_FACTS)), st.lists(_PHONES, max_size=10))
def test_the_text_facts_by_columns_are_the_row_paths(field: str, cells: list[str]) -> None:
    names = _TEXT_FACTS[field]
    values = [parse_pii(raw) for raw in cells]
    texts = pl.Series([None if v is None else v.reveal().strip() for v in values], dtype=pl.String)
    frame = text_fact_columns(names, texts)
    rows = [{n: v for n, v in row.items() if v is not None} for row in frame.iter_rows(named=True)]
    members = [Member.model_construct(None, **dict[str, Any]({field: v})) for v in values]
    expected = [encode_all(fact_values(member, names)) for member in members]
    assert (rows or [{}] * len(cells)) == [{n: int(v) for n, v in facts.items()} for facts in expected]


def _number(raw: str) -> Pii | None:
    """The cell as the model reads it (None: empty, or refused, as a refused member is left to the row path)."""
    try:
        return parse_id_number(raw)
    except ValueError:
        return None


@settings(max_examples=600 if SLOW else 150, deadline=None)
@given(st.lists(st.tuples(_CELLS, st.one_of(st.none(), st.just(""), _ODD), st.integers(1, 12)), max_size=12))
def test_how_a_finding_names_a_member_is_the_row_paths(members: list[tuple[str, str | None, int]]) -> None:
    """:func:`fanpin.io.columnar.references` against :func:`~fanpin.model.member_facts.reference_of`: an ID
    number of the usual shape or a disability card's masked by polars, any other (a masked one, one with a
    space or a full-width digit, none: the 人编号 or the position) by that function."""
    numbers = [_number(raw) for raw, _, _ in members]
    people = [person for _, person, _ in members]
    positions = [position for _, _, position in members]
    made = _references(numbers, people, positions)
    assert made == [reference_of(n, p, at) for n, p, at in zip(numbers, people, positions, strict=True)]


def _references(numbers: list[Pii | None], people: list[str | None], positions: list[int]) -> list[str]:
    """:func:`references` of members with these values: the numbers' texts, the others by the row path's
    function."""
    texts = pl.Series([None if n is None else n.reveal() for n in numbers], dtype=pl.String)
    return references(texts, lambda at: [reference_of(numbers[i], people[i], positions[i]) for i in at]).to_list()


def test_the_usual_id_number_and_a_disability_card_are_masked_by_polars() -> None:
    values = [
        *(parse_id_number(n) for n in ("53232819800101123X", "5323281980010112341", "532328198001011234111")),
        *(parse_pii(n) for n in ("53232819800101123441", "5323281980010112344123")),
        None,
    ]
    by_row: list[int] = []

    def unusual(at: list[int]) -> list[str]:
        by_row.extend(at)
        return [reference_of(values[i], "P7", 9) for i in at]

    texts = pl.Series([n.reveal() if n is not None else None for n in values], dtype=pl.String)
    made = references(texts, unusual).to_list()
    assert made == [reference_of(n, "P7", 9) for n in values]
    assert made[0] == "5323**********123X" and made[3:5] == ["5323**********1234**", "5323**********1234****"]
    assert by_row == [1, 2, 5]  # 19 and 21 characters, and none: the row path's


#: Names of the usual shape (Chinese characters alone, of both ranges and their ends), and texts near it.
_NAME_CHARACTERS = st.sampled_from(["\u3400", "\u4dbf", "\u4e00", "\u9fff", "马", "某", "平", "阿", "依"])
_NEAR_NAMES = st.text(
    st.sampled_from(["马", "平", "·", " ", "\u3000", "a", "1", "*", "\U00020000"]), min_size=1, max_size=6
)


@settings(max_examples=600 if SLOW else 150, deadline=None)
@given(st.lists(st.one_of(st.text(_NAME_CHARACTERS, min_size=1, max_size=8), _NEAR_NAMES), max_size=12))
def test_a_name_of_the_usual_shape_is_masked_by_polars_as_mask_masks_it(texts: list[str]) -> None:
    """:func:`fanpin.batch.validate.masked_text` on the names of the usual shape (the column path lists the
    members of a finding's household so) against :func:`fanpin.masking.mask`: the same text, one character
    long or many; the others are not its to mask (they are masked from their values)."""
    cells = pl.Series(texts, dtype=pl.String)
    usual = cells.str.contains(PLAIN_CELLS["name"][0]).to_list()
    made = pl.select(masked_text(pl.lit(cells))).to_series().to_list()
    shown = [(t, m) for t, m, u in zip(texts, made, usual, strict=True) if u]
    assert shown == [(t, mask(t)) for t, _ in shown]


def test_a_name_of_one_character_is_a_star_and_a_longer_one_keeps_its_first() -> None:
    made = pl.select(masked_text(pl.lit(pl.Series(["马", "马某平", "\u3400\u9fff"])))).to_series().to_list()
    assert made == ["*", "马**", "\u3400*"] == [mask("马"), mask("马某平"), mask("\u3400\u9fff")]
