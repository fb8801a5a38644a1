"""The household model: both header languages, booleans, unknowns, money, PII masking."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from pydantic import ValidationError

from fanpin import Assessment, Household, HouseholdType, MonitoringCategory
from fanpin.model import Member
from fanpin.model.household import Elimination, IndustrySupport, Risk
from fanpin.model.values import TOO_LARGE_COUNT, YES_NO, Month, parse_bool, parse_int, parse_money
from fanpin.results.reasons import reason_text
from tests.helpers import HOUSEHOLD, TABLE_NONE_SAID, read_csv, run_cli

ID = "532328199001011234"
BASE_ZH = {
    "户编号": "H1",
    "行政区划代码": "532328",
    "户类型": "脱贫户",
    "家庭人口数": "4",
    "工资性收入": "20000",
    "生产经营性收入": "8000",
    "财产性收入": "0",
    "转移性收入": "2000",
}


def make(**extra: Any) -> Household:
    return Household.model_validate(BASE_ZH | extra)


def test_chinese_and_english_headers_give_the_same_household() -> None:
    assert Household.model_validate(BASE_ZH) == Household.model_validate(HOUSEHOLD)


def test_headers_may_mix_languages_per_column() -> None:
    mixed = {
        "household_id": "H1",
        "行政区划代码": "532328",
        "户类型": "一般户",
        "size": "2",
        "工资性收入": "1",
        "business_income": "0",
        "财产性收入": "0",
        "transfer_income": "0",
    }
    assert Household.model_validate(mixed).household_type is HouseholdType.ORDINARY


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("是", True),
        ("否", False),
        ("Y", True),
        ("n", False),
        ("1", True),
        ("0", False),
        ("true", True),
        ("FALSE", False),
        ("1.0", True),
        ("", None),
        ("  ", None),
    ],
)
def test_booleans(cell: str, expected: bool | None) -> None:
    assert make(住房出现安全问题=cell).housing_unsafe is expected


def test_bad_boolean_is_rejected_with_the_fix() -> None:
    with pytest.raises(ValidationError) as info:
        make(住房出现安全问题="也许")
    error = info.value.errors()[0]
    assert error["loc"] == ("住房出现安全问题",)  # located by the header the input used
    assert "是/否" in error["msg"]


def test_empty_is_unknown_never_zero_or_false() -> None:
    h = make(合规自付支出="", 饮水出现安全问题="", 劳动力人数="")
    assert h.medical_out_of_pocket is None
    assert h.water_unsafe is None
    assert h.labor_count is None
    assert h.rigid_expense is None


def test_derived_values() -> None:
    h = make(生产经营性支出="1000", 合规自付支出="3000", 教育支出="")
    assert h.net_income == Decimal("29000.00")
    assert h.income_per_capita == Decimal("7250.00")
    assert h.rigid_expense == Decimal("3000.00")  # unknown parts count as 0 once one part is known
    assert h.gross_income == Decimal("30000.00")


def test_money_is_rounded_to_the_fen_half_up() -> None:
    h = make(工资性收入="20000.005", 转移性收入="1999.994")
    assert h.wage_income == Decimal("20000.01")
    assert h.transfer_income == Decimal("1999.99")


#: Amounts around the edges of the plain ones parse_money reads as written: signs, points, decimals, leading
#: zeros, nine digits and more, commas, an exponent, spaces inside.
_AMOUNTS = st.builds(
    lambda sign, whole, point, fraction, tail: sign + whole + point + fraction + tail,
    st.sampled_from(["", "+", "-", "++"]),
    st.text(alphabet="0123456789", max_size=13),
    st.sampled_from(["", ".", ".", ","]),
    st.text(alphabet="0123456789", max_size=4),
    st.sampled_from(["", "", "", "e2", " ", "0", ",000"]),
)


@given(_AMOUNTS)
@example("0.005")
@example("2.675")
@example("13812345678")
@example("999999999.99")
@example("1000000000")
@example("+0")
@example("0.")
@example("+.5")
@example("5.")
@example("00012.30")
@example("-0.00")
@example("-5")
def test_a_plain_amount_is_read_as_the_general_reading_reads_it(text: str) -> None:
    """parse_money reads a plain amount as written (no sign but a plus, at most nine digits before the point
    and two after): the same amount, to the same places, as its general reading (a space before the text
    takes that one, which trims it), and the same refusal where one is refused."""
    try:
        expected: object = parse_money(" " + text)
    except ValueError as refused:
        expected = ("refused", str(refused))
    try:
        got: object = parse_money(text)
    except ValueError as refused:
        got = ("refused", str(refused))
    assert repr(got) == repr(expected)


@given(st.one_of(st.integers(-(10**10), 10**10), st.sampled_from([0, -1, 10**9 - 1, -(10**9) + 1, 10**9, 13812345678])))
def test_a_whole_amount_is_read_as_its_text_is(amount: int) -> None:
    """parse_money reads a whole number of 元 below 10^9 (a record's integer) at once: as its general reading of
    the same number written as text (a space before it takes that one)."""
    assert _read(parse_money, amount) == _read(parse_money, f" {amount}")


_WHOLES = st.builds(
    lambda sign, digits, tail: sign + digits + tail,
    st.sampled_from(["", "+", "-", "++", " "]),
    st.text(alphabet="0123456789", max_size=12),
    st.sampled_from(["", "", ".0", ".5", "e2", " "]),
)


@given(_WHOLES)
@example("0871234")
@example("123456789")
@example("1234567890")
@example("13812345678")
@example("+5")
@example("007")
@example("-5")
@example("3.0")
def test_a_plain_count_is_read_as_the_general_reading_reads_it(text: str) -> None:
    """parse_int reads digits alone (a plus before them at most, fewer than ten) as written: the same number, or
    the same refusal, as its general reading (a space before the text takes that one, which trims it)."""
    assert _read(parse_int, text) == _read(parse_int, " " + text)


def _read(parse: Callable[[object], object], text: object) -> object:
    try:
        return parse(text)
    except ValueError as refused:
        return ("refused", str(refused))


_HOUSEHOLD_VOCABULARIES = [HouseholdType, MonitoringCategory, Elimination, IndustrySupport, Risk]
_SPELLINGS = sorted(
    {t for cls in _HOUSEHOLD_VOCABULARIES for m in cls for t in m._spellings()} | YES_NO | {"x", "是的", "1.5", "TRUE"}
)
_CASES = ("strip", "upper", "lower", "capitalize", "title", "swapcase")


@pytest.mark.parametrize("parse", [parse_bool, *(cls.parse for cls in _HOUSEHOLD_VOCABULARIES)])
def test_a_spelling_as_written_is_read_as_the_general_reading_reads_it(parse: Callable[[object], object]) -> None:
    """A yes/no cell or a vocabulary's (户类型, 监测对象类别, …) that is a spelling as written is looked up at once:
    the same value, or the same refusal, as the general reading (a space before the text takes that one, which
    trims it), for every spelling in every case of its letters."""
    for text in {getattr(t, case)() for t in _SPELLINGS for case in _CASES}:
        assert _read(parse, text) == _read(parse, " " + text), text


def test_per_capita_is_rounded_to_the_fen() -> None:
    h = Household.model_validate(BASE_ZH | {"家庭人口数": "3", "转移性收入": "0", "生产经营性收入": "6100"})
    assert h.income_per_capita == Decimal("8700.00")  # 26100 / 3


@pytest.mark.parametrize(
    ("column", "value", "words"),
    [
        ("工资性收入", "-500", "must not be negative"),
        ("家庭人口数", "0", "greater than or equal to 1"),
        ("财产性收入", "12,3a", "not an amount of money"),
        ("监测对象类别", "低收入户", "脱贫不稳定户"),
        ("识别监测时间", "2023-13", "YYYYMM"),
        ("贷款到期日", "2026-02-30", "YYYY-MM-DD"),
        ("公益岗位聘用月数", "13", "less than or equal to 12"),
    ],
)
def test_invalid_values_are_rejected_with_a_reason(column: str, value: str, words: str) -> None:
    with pytest.raises(ValidationError) as info:
        make(**{column: value})
    assert words in str(info.value)


def test_labour_cannot_exceed_size() -> None:
    with pytest.raises(ValidationError, match="劳动力人数"):
        make(劳动力人数="5")


def test_categories_parse_from_chinese_labels() -> None:
    h = make(监测对象类别="边缘易致贫户", 识别监测时间="202304.0")
    assert h.monitoring_category is MonitoringCategory.MARGINAL
    assert h.identified_month == "202304"
    assert h.monitored


def test_a_cell_saying_none_where_empty_means_none_is_empty() -> None:
    """监测对象类别 无 is a household not monitored, as an empty one; the risks, 风险消除方式 and the two months read a
    word or a mark for none as empty too (each had refused the household: the person-level export reads them so)."""
    said = make(**TABLE_NONE_SAID)
    assert said == make() and not said.monitored
    from fanpin.model.household import reads_none_said_as_empty

    assert {n for n, f in Household.model_fields.items() if reads_none_said_as_empty(f)} == {
        "monitoring_category", "identified_month", "elimination_method", "eliminated_month",
        "risk_1", "risk_2", "risk_3", "risk_4", "risk_5",
    }  # fmt: skip


def test_a_monitored_household_whose_category_says_none_is_refused_naming_it() -> None:
    """户类型 监测户 is resolved by 监测对象类别: 无 says neither 脱贫户 nor 一般农户, and is refused as before, naming
    it."""
    from fanpin.model.household import monitored_kind_error

    with pytest.raises(ValidationError) as caught:
        make(户类型="监测户", 监测对象类别="无")
    assert monitored_kind_error("无") in str(caught.value)


@pytest.mark.parametrize(("column", "written"), [("户类型", "无"), ("到户产业帮扶类型", "-")])
def test_none_said_elsewhere_is_read_as_before(column: str, written: str) -> None:
    """户类型 has no "none" (refused); 到户产业帮扶类型 has 无 in its vocabulary (read as it)."""
    if column == "户类型":
        with pytest.raises(ValidationError):
            make(**{column: written})
    else:
        assert make(**{column: written}).industry_support is IndustrySupport.NONE


def test_pii_is_masked_in_repr_str_and_dumps() -> None:
    h = make(户主证件号码=ID, 户主姓名="李某华")
    assert ID not in repr(h)
    assert ID not in str(h)
    assert ID not in h.model_dump_json()
    assert "李某华" not in h.model_dump_json()
    assert "5323**********1234" in h.model_dump_json()
    assert h.id_number is not None and h.id_number.reveal() == ID


def test_pii_never_appears_in_validation_errors() -> None:
    with pytest.raises(ValidationError) as info:
        make(户主证件号码=ID, 户主姓名="李某华", 家庭人口数="0")
    assert ID not in str(info.value)
    assert "李某华" not in str(info.value)


def test_excel_float_ids_and_codes_are_repaired() -> None:
    h = make(户主证件号码="532328199001011234.0", 行政区划代码="532328.0")
    assert h.region_code == "532328"
    assert h.id_number is not None and h.id_number.reveal() == ID


def test_measures_in_place_split_on_any_separator() -> None:
    assert make(已落实帮扶措施="产业帮扶；低保,公益岗位、健康帮扶").measures_in_place == (
        "产业帮扶",
        "低保",
        "公益岗位",
        "健康帮扶",
    )


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("532328199001011238", True),
        ("53232819900101123X", False),
        ("532328199001011234", False),
        ("53232819900101123842", True),
        ("5323281990010112384", False),
        ("53232819900101123", False),
    ],
)
def test_id_number_check(number: str, valid: bool) -> None:
    from fanpin.model.values import id_number_valid

    assert id_number_valid(number) is valid


@given(st.text(alphabet="0123456789X", min_size=17, max_size=17), st.text(alphabet="0123456789Xx", max_size=1))
def test_id_number_check_is_the_standards_weighted_sum(body: str, last: str) -> None:
    """The check is computed on the digits' bytes; it says what GB 11643's sum of digit × weight says."""
    from fanpin.model.values import ID_CHECK, ID_WEIGHTS, id_number_valid

    number = body + last
    expected = (
        len(number) == 18
        and body.isdigit()
        and ID_CHECK[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True)) % 11] == last.upper()
    )
    assert id_number_valid(number) is expected


def test_spellings_seen_in_real_files_are_accepted() -> None:
    """Exports write 一般户 for 一般农户 and 务工就业不稳 without 因: neither rejects the row."""
    household = Household.model_validate(
        {"户编号": "H1", "行政区划代码": "532328", "户类型": "一般户", "家庭人口数": 2, "工资性收入": 1,
         "生产经营性收入": 0, "财产性收入": 0, "转移性收入": 0, "致贫/返贫风险1": "务工就业不稳"}
    )  # fmt: skip
    assert household.household_type is HouseholdType.ORDINARY
    assert household.risk_1 is Risk.UNSTABLE_WORK


def test_the_models_have_a_json_schema() -> None:
    """Host applications (an OpenAPI service) can describe fanpin's input and results."""
    household = Household.model_json_schema()
    assert household["properties"]["id_number"]["type"] == ["string", "null"]
    assert household["properties"]["identified_month"]["examples"] == ["202304"]
    assert set(household["required"]) >= {"household_id", "household_type", "size", "wage_income"}
    assert Member.model_json_schema()["properties"]["name"]["type"] == ["string", "null"]
    assert "flags" in Assessment.model_json_schema()["properties"]


@pytest.mark.parametrize("size", [10**15, -(10**15), 10**30])
def test_a_count_given_as_a_number_has_at_most_fifteen_digits_as_in_a_cell(size: int) -> None:
    """A host's Python int once passed the model with any number of digits (a cell is refused beyond
    fifteen), and 10**30 then stopped the batch engine, whose counts are 64-bit."""
    from datetime import date

    from fanpin import Scorer
    from fanpin.errors import RecordValidationError

    record = {**HOUSEHOLD, "size": size}
    with pytest.raises(RecordValidationError, match=re.escape(TOO_LARGE_COUNT)):
        Household.model_validate(record)
    assert Household.model_validate({**HOUSEHOLD, "size": 10**15 - 1}).size == 10**15 - 1
    import polars as pl

    scorer = Scorer()
    as_rows = scorer.score([record], as_of=date(2025, 6, 30), region="532328", lang="en").rejected
    as_frame = scorer.score(
        pl.DataFrame([{**HOUSEHOLD, "size": str(size)}]), as_of=date(2025, 6, 30), region="532328", lang="en"
    )
    assert as_rows.select("column", "reason").rows() == as_frame.rejected.select("column", "reason").rows()
    assert as_rows.get_column("reason").to_list() == [TOO_LARGE_COUNT]  # a whole number, too long
    for written in ("9223372036854775807", "+1000000000000000.0", "-10000000000000000000"):
        frame = pl.DataFrame([{**HOUSEHOLD, "size": written}])
        refused = scorer.score(frame, as_of=date(2025, 6, 30), region="532328", lang="en").rejected
        assert refused.get_column("reason").to_list() == [TOO_LARGE_COUNT], written
        with pytest.raises(RecordValidationError, match=re.escape(TOO_LARGE_COUNT)):
            Household.model_validate({**HOUSEHOLD, "size": written})
    assert reason_text(TOO_LARGE_COUNT, "zh") == "数值过大（此处整数最多 15 位）"


@pytest.mark.parametrize(
    ("amount", "power"), [(1e16, 16), (1.5e300, 300), ("2.5E13", 13), ("0.5e13", 12), ("-1e+20", 20)]
)
def test_an_amount_written_with_an_exponent_of_ten_to_the_twelve_or_more_is_too_large(
    amount: object, power: int, tmp_path: Path
) -> None:
    """A float of 1e16 (a host's value, or a JSON Lines number: Python and JSON write it 1e+16) was refused
    as "not an amount of money", where 10^16 written out is "too large". It is too large, the reason naming
    its size and the limit, alike by the model, the per-row and the batch paths and a JSON Lines file, in
    both languages of the errors file."""
    from datetime import date

    import polars as pl

    from fanpin import Scorer
    from fanpin.errors import RecordValidationError
    from fanpin.model.values import EXPONENT_MONEY, too_large_money

    reason = too_large_money(power)
    assert reason == f"too large for an amount of money: 10^{power} 元 or more (at most 999999999999.99 元)"
    record = {**HOUSEHOLD, "wage_income": amount}
    with pytest.raises(RecordValidationError, match=re.escape(reason)):
        Household.model_validate(record)
    scorer = Scorer()
    for data in ([record], pl.DataFrame([{**HOUSEHOLD, "wage_income": str(amount)}])):
        expected: dict[Literal["zh", "en"], str] = {
            "en": reason.replace("元", "yuan"),
            "zh": f"金额过大：不小于 10^{power} 元（最多 999999999999.99 元）",
        }
        for lang, words in expected.items():
            rejected = scorer.score(data, as_of=date(2025, 6, 30), region="532328", lang=lang).rejected
            assert rejected.select("column", "reason").rows() == [("wage_income", words)]
    lines = tmp_path / "h.jsonl"
    rows = [{**HOUSEHOLD, "wage_income": amount}, {**HOUSEHOLD, "household_id": "H2"}]
    lines.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    run = run_cli("score", lines, "--as-of", "2025-06-30", "--out", tmp_path / "s.csv", "--lang", "en")
    assert run.code == 3 and "scored 1 household" in run.err, run.err  # 3: a row refused
    assert [row["reason"] for row in read_csv(tmp_path / "h.rejected.csv")] == [reason.replace("元", "yuan")]
    # below the limit and from a fen on, an exponent is not an amount, told as such (below a fen: see the next
    # test): it had been "not an amount of money; write digits", which did not say what was wrong
    with pytest.raises(RecordValidationError, match=re.escape(EXPONENT_MONEY)):
        Household.model_validate({**HOUSEHOLD, "wage_income": "1.5e3"})
    assert reason_text(EXPONENT_MONEY, "zh").startswith("不是金额：用了科学计数法")


@pytest.mark.parametrize(
    ("fact", "value", "encoded"),
    [
        ("identified_month", "202001", 24240),  # had been passed through as text, then read as month 202001
        ("identified_month", date(2020, 1, 1), 24240),  # had been a day number
        ("identified_month", Month("202001"), 24240),
        ("income_per_capita", 7500, 750_000),  # had been 7500 fen: evaluate_facts reads 7500 元
        ("income_per_capita", "7500.5", 750_050),
        ("income_per_capita", Decimal("7500.005"), 750_001),  # rounded to the fen as the model rounds it
        ("monitored", "是", 1),
        ("size", 3.0, 3),
        ("loan_due", "2025-07-01", 739_433),
        ("industry_support", "资产收益", "asset_income"),
    ],
)
def test_encode_all_encodes_by_the_facts_kind_as_evaluate_facts_reads_it(
    fact: str, value: object, encoded: object
) -> None:
    """encode_all went by the Python type of a value: a month as text passed through, a date given for a month
    became a day number, an int amount was fen; the batch engine then scored what evaluate_facts scores
    otherwise. It encodes by the fact's kind, parsing as evaluate_facts does."""
    from fanpin.model.facts import checked_natural, encode, encode_all

    assert encode_all({fact: value}) == {fact: encoded}
    assert encode_all({fact: " "}) == {}  # a blank is unknown, as evaluate_facts reads it
    assert encode(fact, checked_natural(fact, value)) == encoded


@pytest.mark.parametrize(
    ("fact", "value", "said"),
    [
        ("identified_month", 24240, "not a month"),  # a month number is not a month as written
        ("income_per_capita", Decimal("NaN"), r"not a number \(NaN"),
        ("size", True, "not a whole number"),
        ("monitored", "maybe", "yes/no"),
    ],
)
def test_encode_all_refuses_a_value_its_fact_cannot_take(fact: str, value: object, said: str) -> None:
    from fanpin.errors import ConfigError
    from fanpin.model.facts import encode_all

    with pytest.raises(ConfigError, match=said):
        encode_all({fact: value})


def test_the_first_characters_of_a_text_saying_none_are_those_of_its_pattern() -> None:
    """A text column tells a text that cannot say none by its first character (household.SAID_NONE_FIRST) before
    the regular expression: the characters are those with which NONE_SAID can match (alone, or before 无 or 有)."""
    from fanpin.model.household import NONE_SAID, SAID_NONE_FIRST

    pattern = re.compile(NONE_SAID)
    starting = {c for c in map(chr, range(0x10000)) if any(pattern.match(c + after) for after in ("", "无", "有"))}
    assert starting == SAID_NONE_FIRST
