"""The member model: vocabularies and their variants, empty cells, ID-derived facts, age, masking."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from fanpin.model import Member
from fanpin.model.export_columns import EMPTY_MEANS, LEVELS, MEASURE_FIELDS, empty_table, export_field
from fanpin.model.household import Elimination, HouseholdType, MonitoringCategory, Risk
from fanpin.model.member import Empty, Level
from fanpin.model.values import ID_CHECK, ID_WEIGHTS, Month, Pii
from fanpin.model.vocabulary import (
    _LABEL_PAIRS,
    DevelopmentStatus,
    Dibao,
    Education,
    ExportLabelled,
    Health,
    HouseholdKind,
    IdCardKind,
    IdDocument,
    LabourSkill,
    Relation,
    Schooling,
    Sex,
    Tekun,
    household_type,
    parse_risk,
)


def id_number(body: str) -> str:
    """A synthetic ID number: 17 digits and their GB 11643 check character."""
    return body + ID_CHECK[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True)) % 11]


VALID = id_number("53232819800101123")  # born 1980-01-01, digit 17 odd: male
NAME = "李某华"


def member(**cells: str) -> Member:
    return Member.model_validate({"户编号": "H1"} | cells)


# ---- vocabularies --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("member_", "words"), _LABEL_PAIRS, ids=lambda v: str(v))
def test_every_label_and_variant_parses_to_its_member(member_: ExportLabelled, words: tuple[str, ...]) -> None:
    cls = type(member_)
    assert member_.label == words[0]
    for word in (*words, member_.value, f" {words[0]} "):
        assert cls.parse(word) is member_
    assert member_._spellings() == (member_.value, *words)  # what Labelled.spellings() lists


@pytest.mark.parametrize(
    "cls",
    [Sex, Relation, HouseholdKind, IdDocument, Education, Schooling, Health, LabourSkill, Dibao, Tekun],
)
def test_unknown_words_are_refused_with_the_known_ones_listed(cls: type[ExportLabelled]) -> None:
    assert DevelopmentStatus.parse("已实施") is DevelopmentStatus.IMPLEMENTED
    assert cls.parse("") is None and cls.parse("  ") is None and cls.parse(None) is None
    with pytest.raises(ValueError, match="one of") as caught:
        cls.parse("不知道")
    assert all(m.label in str(caught.value) for m in cls)


@pytest.mark.parametrize(
    ("header", "cell", "field", "expected"),
    [
        ("性别", "1", "recorded_sex", Sex.MALE),
        ("性别", "2.0", "recorded_sex", Sex.FEMALE),
        ("户类型", "一般户", "household_kind", HouseholdKind.ORDINARY),
        ("户类型", "监测户", "household_kind", HouseholdKind.MONITORED),
        ("劳动技能", "弱劳动力", "labour", LabourSkill.WEAK),
        ("劳动技能", "半劳动力", "labour", LabourSkill.WEAK),
        ("文化程度", "文盲", "education", Education.ILLITERATE),
        ("在校生状况", "普通高中二年级", "schooling", Schooling.HIGH_2),
        ("在校生状况", "高中一年级", "schooling", Schooling.HIGH_1),
        ("文化程度", "高职高专", "education", Education.COLLEGE),
        ("文化程度", "本科及研究生及以上", "education", Education.BACHELOR_OR_ABOVE),
        ("文化程度", "技校", "education", Education.SENIOR_SECONDARY),
        ("文化程度", "技工学校", "education", Education.SENIOR_SECONDARY),
        ("文化程度", "职高", "education", Education.SENIOR_SECONDARY),
        ("文化程度", "职业高中", "education", Education.SENIOR_SECONDARY),
        ("文化程度", "中职", "education", Education.SENIOR_SECONDARY),
        ("文化程度", "中等专科", "education", Education.SENIOR_SECONDARY),
        ("文化程度", "中专", "education", Education.SENIOR_SECONDARY),
        ("在校生状况", "高职高专三年级", "schooling", Schooling.HIGHER_VOCATIONAL_3),
        ("健康状况", "患有大病", "health", Health.SERIOUS_ILLNESS),
        ("与户主关系", "之外孙子", "relation", Relation.DAUGHTERS_SON),
        ("与户主关系", "本人", "relation", Relation.HEAD),
        ("证件类型", "残疾人证", "id_document", IdDocument.DISABILITY_CARD),
        ("享受低保政策情况", "未享受", "dibao", Dibao.NOT_RECEIVED),
        ("享受特困供养政策情况", "农村特困", "tekun", Tekun.RURAL),
        ("实施开发式帮扶措施情况", "尚未实施", "development_status", DevelopmentStatus.NOT_YET),
        ("监测对象类别", "边缘易致贫户", "monitoring_category", MonitoringCategory.MARGINAL),
        ("风险消除方式", "自然消除", "elimination_method", Elimination.NATURAL),
        ("致贫/返贫风险1", "务工就业不稳", "risk_1", Risk.UNSTABLE_WORK),
        ("致贫/返贫风险2", "因务工就业不稳", "risk_2", Risk.UNSTABLE_WORK),
        ("致贫/返贫风险3", "因安全饮水", "risk_3", Risk.WATER),
        ("风险是否已消除", "是", "risk_eliminated", True),
        ("是否解决安全饮用水", "0.0", "safe_water", False),
        ("出生日期", "19800101.0", "recorded_birth_date", date(1980, 1, 1)),
        ("识别监测时间", "202303.0", "identified_month", Month("202303")),
        ("工资性收入", "12000.0", "wage_income", Decimal("12000.00")),
        ("耕地面积（亩）", "2.5", "cropland", Decimal("2.50")),
        ("公益性岗位(月数)", "6.0", "public_job_months", 6),
        ("公益性岗位（月数）", "6", "public_job_months", 6),
        ("户编号", "532328100001.0", "household_id", "532328100001"),
        ("就业帮扶", "技能培训,外出务工补贴", "employment_support", frozenset({"技能培训", "外出务工补贴"})),
        ("综合保障", "低保，特困供养、残疾人补贴", "social_security", frozenset({"低保", "特困供养", "残疾人补贴"})),
        ("社会帮扶", "无", "social_assistance", frozenset()),
        # a slash or a dash alone, 无。 and 0 are a form's "none" too, as in 已落实帮扶措施
        ("社会帮扶", "/", "social_assistance", frozenset()),
        ("产业帮扶", "——", "industry_support", frozenset()),
        ("健康帮扶", "0", "health_support", frozenset()),
        ("就业帮扶", "无。", "employment_support", frozenset()),
        ("就业帮扶", "技能培训，/", "employment_support", frozenset({"技能培训", "/"})),
    ],
)
def test_cells_as_the_export_writes_them(header: str, cell: str, field: str, expected: object) -> None:
    got = getattr(Member.model_validate({"户编号": "H1"} | {header: cell}), field)
    assert got == expected
    assert type(got) is type(expected)


def test_household_type_resolves_monitored_only_where_the_category_decides() -> None:
    assert household_type(HouseholdKind.MONITORED, MonitoringCategory.UNSTABLE_LIFTED) is HouseholdType.FORMERLY_POOR
    assert household_type(HouseholdKind.MONITORED, MonitoringCategory.MARGINAL) is HouseholdType.ORDINARY
    assert household_type(HouseholdKind.ORDINARY, MonitoringCategory.UNSTABLE_LIFTED) is HouseholdType.ORDINARY
    assert household_type(None, None) is None
    for category in (MonitoringCategory.SUDDEN_HARDSHIP, None):
        with pytest.raises(ValueError, match="监测户"):
            household_type(HouseholdKind.MONITORED, category)
    assert parse_risk("") is None


@pytest.mark.parametrize(
    ("header", "cell"),
    [
        ("劳动技能", "全劳动力"),
        ("出生日期", "19801301"),
        ("工资性收入", "-5"),
        ("住房面积", "12a"),
        ("公益性岗位(月数)", "13"),
        ("风险是否已消除", "也许"),
        ("识别监测时间", "2023-13"),
        ("行政区划代码", "云南"),
    ],
)
def test_malformed_cells_are_refused(header: str, cell: str) -> None:
    with pytest.raises(ValidationError) as caught:
        member(**{header: cell})
    assert [e["loc"] for e in caught.value.errors()] == [(header,)]


# ---- empty cells ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("blank", ["", "  "])
def test_empty_cells_mean_what_each_column_declares(blank: str) -> None:
    cells = {str(field.title): blank for field in Member.model_fields.values() if field.title != "户编号"}
    m = member(**cells)
    for name, meaning in EMPTY_MEANS.items():
        value = getattr(m, name)
        if name == "household_id":
            assert meaning is Empty.REQUIRED
        elif name in MEASURE_FIELDS:
            assert (meaning, value) == (Empty.NONE, frozenset()), name
        else:  # unknown and none alike read as None: never 0, 否 or a guess
            assert value is None, name
    with pytest.raises(ValidationError, match="required value is empty"):
        Member.model_validate({"户编号": blank})


#: How a clerk writes "none" in a cell (household.NONE_SAID), spaces around it too.
NONE_WORDS = ["无", "-", "暂无", "没有", "/", "\uff0f", "——", "无。", " 无 "]
#: The single-valued columns whose empty cell means none (sets, the measure columns, read none as the empty set).
NONE_COLUMNS = [n for n, meaning in EMPTY_MEANS.items() if meaning is Empty.NONE and n not in MEASURE_FIELDS]


def test_the_columns_whose_empty_means_none() -> None:
    assert set(NONE_COLUMNS) == {
        "monitoring_category", "schooling", "not_in_school_reason", "work_place", "employment_channel",
        "risk_1", "risk_2", "risk_3", "risk_4", "risk_5", "disaster_subtype", "remarks", "identified_month",
        "elimination_method", "eliminated_month",
    }  # fmt: skip


@pytest.mark.parametrize("written", NONE_WORDS)
def test_a_cell_saying_none_where_empty_means_none_is_empty(written: str) -> None:
    """A column whose empty cell means none reads a cell saying so (无, 暂无, 没有, a slash or a dash alone) as
    empty, as the empty cell: 务工所在地 无 had been a place (the member working away: 2_12_007 and 5_01_005
    reported them), and 监测对象类别, 在校生状况, 致贫/返贫风险, 风险消除方式 and the two months refused the row."""
    cells = {str(Member.model_fields[n].title): written for n in NONE_COLUMNS}
    said, empty = member(**cells), member(**dict.fromkeys(cells, ""))
    assert said == empty
    assert all(getattr(said, n) is None for n in NONE_COLUMNS)
    from fanpin.model.member_facts import member_facts, member_row

    assert member_facts(said) == member_facts(empty) and member_row(said) == member_row(empty)
    assert member_row(said)["work_place"] == ""  # known to hold nothing, as an empty cell (work_place is empty)


@pytest.mark.parametrize(
    ("header", "written"), [("务工所在地", "无锡市"), ("其他备注", "无劳动力"), ("务工所在地", "-昆明")]
)
def test_a_text_that_only_begins_with_a_none_word_is_read_as_written(header: str, written: str) -> None:
    assert getattr(member(**{header: written}), export_field(header) or "") == written


def test_none_is_no_value_where_empty_means_unknown() -> None:
    """健康状况 and 民族 are measured: 无 there is no "nothing to record" (健康状况 is refused, 民族 read as
    written)."""
    with pytest.raises(ValidationError):
        member(健康状况="无")
    assert member(民族="无").ethnicity == "无"


def test_measured_values_are_unknown_and_optional_ones_none() -> None:
    assert EMPTY_MEANS["wage_income"] is Empty.UNKNOWN and EMPTY_MEANS["labour"] is Empty.UNKNOWN
    assert EMPTY_MEANS["dropout"] is Empty.UNKNOWN and EMPTY_MEANS["resident_medical_insurance"] is Empty.UNKNOWN
    assert EMPTY_MEANS["monitoring_category"] is Empty.NONE and EMPTY_MEANS["risk_2"] is Empty.NONE
    assert all(EMPTY_MEANS[f] is Empty.NONE for f in MEASURE_FIELDS) and len(MEASURE_FIELDS) == 14
    assert LEVELS["household_id"] is Level.KEY and LEVELS["wage_income"] is Level.HOUSEHOLD
    assert LEVELS["labour"] is Level.PERSON


def test_the_empty_table_is_documented_in_the_module_and_in_docs() -> None:
    from pathlib import Path

    import fanpin.model.export_columns as module

    rows = empty_table()
    assert len(rows) == len(Member.model_fields) + 2
    docs = (Path(__file__).resolve().parents[2] / "docs" / "export.md").read_text(encoding="utf-8")
    for row in rows:
        assert row in (module.__doc__ or "")
        assert row in docs


def test_every_header_and_its_variants_name_their_field() -> None:
    for name, field in Member.model_fields.items():
        assert export_field(field.title or "") == name
        assert export_field(name) == name
    assert export_field("是否有家庭成员未参加城乡居民(职工)基本医疗保险") == "uninsured_member_recorded"
    assert export_field("风险消除后人均纯收入（元）") == "after_income_per_capita"
    assert export_field("乡镇") == "town"


# ---- facts derived from the ID number --------------------------------------------------------------------------


def test_an_id_card_number() -> None:
    m = member(证件号码=VALID + ".0")
    assert (m.id_length, m.id_card_kind, m.id_valid) == (18, IdCardKind.ID_CARD, True)
    assert (m.birth_date, m.sex) == (date(1980, 1, 1), Sex.MALE)
    assert (m.disability_category, m.disability_level) == (None, None)
    woman = member(证件号码=id_number("53232819920315004"))
    assert (woman.sex, woman.birth_date) == (Sex.FEMALE, date(1992, 3, 15))


def test_a_wrong_check_character_and_a_lower_case_x() -> None:
    wrong = VALID[:17] + ("0" if VALID[17] != "0" else "1")
    assert member(证件号码=wrong).id_valid is False
    assert member(证件号码=wrong).birth_date == date(1980, 1, 1)  # the digits still say when
    numbers = (id_number(f"532328198001011{n:02d}") for n in range(100))
    with_x = next(n for n in numbers if n.endswith("X"))
    assert member(证件号码=with_x.lower()).id_valid is True


@pytest.mark.parametrize(("suffix", "length"), [("42", 20), ("4201", 22)])
def test_disability_card_numbers(suffix: str, length: int) -> None:
    m = member(证件号码=VALID + suffix, 证件类型="残疾人证")
    assert (m.id_length, m.id_card_kind, m.id_valid) == (length, IdCardKind.DISABILITY_CARD, True)
    assert (m.disability_category, m.disability_level) == (4, 2)
    assert (m.birth_date, m.sex) == (date(1980, 1, 1), Sex.MALE)


def test_no_real_id_and_malformed_numbers() -> None:
    none = member(证件号码="999999198001011233")
    assert (none.id_card_kind, none.id_valid, none.birth_date, none.sex) == (IdCardKind.NO_REAL_ID, None, None, None)
    short = member(证件号码="532328800101123")  # a first-generation 15-digit number
    assert (short.id_card_kind, short.id_valid, short.birth_date) == (IdCardKind.MALFORMED, False, None)
    no_date = member(证件号码=id_number("53232819801301123"))
    assert (no_date.id_valid, no_date.birth_date, no_date.sex) == (True, None, None)
    empty = member(证件号码="")
    assert (empty.id_length, empty.id_card_kind, empty.id_valid, empty.age_at(date(2025, 1, 1))) == (None,) * 4


@pytest.mark.parametrize(
    "number",
    [
        "5323281980010112\nX",  # a quoted CSV cell's line break where the 17th digit goes
        "5323281980010112²X",  # a digit int() refuses
        "53232819800101123X²4",  # … where a disability card's category goes
        "532328198001011233①1",
        "5323281980①10112333",
    ],
)
def test_odd_characters_in_an_id_number_make_it_invalid_not_an_error(number: str) -> None:
    member = Member.model_validate({"户编号": "H1", "证件号码": number})
    assert member.id_valid is False
    facts = member.id_facts
    assert facts is not None and facts.disability_category is None
    assert member.id_card_kind in (IdCardKind.ID_CARD, IdCardKind.DISABILITY_CARD, IdCardKind.MALFORMED)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("0123456789X\n ²①\uff15a-"), min_size=14, max_size=24))
def test_any_id_number_text_gives_facts(number: str) -> None:
    """Every text a cell may hold gives the ID facts (or none), never an error."""
    from fanpin.model.member import id_facts
    from fanpin.model.values import id_number_valid

    text = number.strip().upper()
    if text:
        facts = id_facts(text)
        assert facts.valid in (None, id_number_valid(text))


def test_age_at_a_date() -> None:
    from_id = member(证件号码=VALID)
    assert (from_id.age_at(date(2025, 1, 1)), from_id.age_at(date(2025, 12, 31))) == (45, 45)
    assert (from_id.age_at(date(2024, 12, 31)), from_id.age_at(date(1980, 1, 1))) == (44, 0)
    recorded = member(证件号码=VALID, 出生日期="19900630")  # 出生日期 wins over the ID's digits
    assert (recorded.age_at(date(2025, 6, 29)), recorded.age_at(date(2025, 6, 30))) == (34, 35)
    leap = member(出生日期="20080229")
    assert (leap.age_at(date(2026, 2, 28)), leap.age_at(date(2026, 3, 1))) == (17, 18)
    assert from_id.age_at(date(1979, 1, 1)) is None


def test_derived_person_facts() -> None:
    assert member(劳动技能="半劳动力").counts_as_labour is True
    assert member(劳动技能="丧失劳动力").counts_as_labour is False
    assert member().counts_as_labour is None
    insured = {"是否参加城乡居民基本医疗保险": "否", "是否参加城镇职工基本医疗保险": "否"}
    assert member(**insured).medically_uninsured is True
    assert member(**insured | {"是否参加城镇职工基本医疗保险": "是"}).medically_uninsured is False
    assert member(**insured | {"是否参加城镇职工基本医疗保险": ""}).medically_uninsured is None
    heads = (member(与户主关系="户主").is_head, member(与户主关系="配偶").is_head, member().is_head)
    assert heads == (True, False, None)


# ---- personal data -------------------------------------------------------------------------------------------


def test_no_id_digits_or_name_in_repr_str_or_dumps() -> None:
    phones = {"家庭成员联系电话": "13800001234.0", "户联系电话": "13800005678"}
    m = member(证件号码=VALID, 姓名=NAME, 信息采集人="王某明", **phones)
    texts = [repr(m), str(m), str(m.model_dump()), json.dumps(m.model_dump(mode="json"), ensure_ascii=False)]
    texts.append(m.model_dump_json())
    for text in texts:
        assert VALID not in text and VALID[4:14] not in text
        assert NAME not in text and "王某明" not in text
        assert "13800001234" not in text and "13800005678" not in text
    assert m.id_number == Pii(VALID) and m.name is not None and m.name.reveal() == NAME
    assert "5323**********" in repr(m)


def test_no_id_digits_or_name_in_validation_errors() -> None:
    with pytest.raises(ValidationError) as caught:
        member(证件号码=VALID, 姓名=NAME, 出生日期="19801301", 劳动技能=VALID)
    text = str(caught.value) + repr(caught.value.errors(include_input=False))
    assert VALID not in text and NAME not in text and "19801301" not in text


@pytest.mark.parametrize(
    "number",
    [
        "532328 19780723 1687",  # read as a disability card of category 8 and level 7 once
        "532328197807231687".translate({ord(d): ord(d) + 0xFEE0 for d in "0123456789"}),  # a wrong check digit once
        "53232819500101123A",
        "5323281950010112304",
    ],
)
def test_a_number_not_shaped_as_an_id_or_disability_card_is_malformed(number: str) -> None:
    from fanpin.model.member import id_facts
    from fanpin.model.vocabulary import IdCardKind

    facts = id_facts(number.upper())
    assert facts.kind is IdCardKind.MALFORMED
    assert (facts.disability_category, facts.disability_level, facts.birth_date, facts.sex) == (None, None, None, None)


@pytest.mark.parametrize(
    ("written", "held"),
    [("是", True), ("否", False), ("护林员", True), ("护林员、保洁员", True), ("无", False), ("", None)],
)
def test_a_public_welfare_post_is_read_from_its_name(written: str, held: bool | None) -> None:
    """公益性岗位 holds yes/no or the post's name (护林员), as the national system writes it: a name had been
    refused as not a yes/no value, and with it the member's whole household."""
    assert member(公益性岗位=written).public_job is held


def test_a_public_welfare_post_that_says_nothing_is_refused() -> None:
    with pytest.raises(ValidationError, match="not a yes/no value or a post's name"):
        member(公益性岗位="2")
    from fanpin.model.member import NOT_POST
    from fanpin.results.reasons import reason_text

    assert reason_text(NOT_POST, "zh").startswith("既不是“是/否”值，也不是岗位名称")  # the errors file in Chinese


@pytest.mark.parametrize("written", ["暂无", "无岗位", "没有公益性岗位", "（无）", "无。", "未安排", "不是"])
def test_a_public_welfare_post_cell_that_says_none_is_no(written: str) -> None:
    """Any text with a letter was read as a post's name, so a cell saying the member has none (暂无, 无岗位,
    （无）) was read as holding a post: checks.public_job_without_labour then listed a member without labour
    who holds no post."""
    assert member(公益性岗位=written).public_job is False


@pytest.mark.parametrize("written", ["-", "\uff0d", "/", "\uff0f", "\\", "——", "—", "--", " - ", "（/）"])
def test_a_public_welfare_post_cell_holding_a_dash_or_a_slash_is_no(written: str) -> None:
    """A slash or a dash alone is a form's mark for a cell with nothing to name, read as none in a list of
    measures (household.NONE_SAID): in 公益性岗位 it had been refused, with the member's household, while 无 was
    no post."""
    assert member(公益性岗位=written).public_job is False


@pytest.mark.parametrize("written", ["null", "None", "NaN", "N/A", "x", "2", "\uff10", "0.00", "-1"])
def test_a_public_welfare_post_cell_without_a_chinese_name_is_refused(written: str) -> None:
    """A post is named in Chinese (护林员): a placeholder a program wrote (null, NaN, N/A) is no name, and
    was read as holding a post; it is refused, as a number other than the yes/no's 1 and 0 is."""
    with pytest.raises(ValidationError, match="not a yes/no value or a post's name"):
        member(公益性岗位=written)


@pytest.mark.parametrize("given", [{"技能培训": True}, ["技能培训", ["外出务工补贴"]]])
def test_labels_given_as_no_list_of_them_are_refused(given: object) -> None:
    """A member's labels (就业帮扶 …) given as a dict or a list holding a list had their Python text read
    as a label ("{'技能培训': True}"), as a web service taking Household as its body did; they are refused, in
    words the errors file has in Chinese too."""
    from fanpin.results.reasons import reason_text

    with pytest.raises(ValidationError, match="not the labels but a") as refused:
        Member.model_validate({"户编号": "H1", "就业帮扶": given})
    reason = refused.value.errors()[0]["msg"].removeprefix("Value error, ")
    assert reason_text(reason, "zh").startswith("不是选项，而是 ")


def test_labels_in_a_numpy_array_are_the_labels_it_holds() -> None:
    """pandas gives a list column's cells as numpy arrays: their text ("[]", "['技能培训']") had been a label."""
    np = pytest.importorskip("numpy")
    member = Member.model_validate({"户编号": "H1", "就业帮扶": np.array(["技能培训"]), "产业帮扶": np.array([])})
    assert member.employment_support == frozenset({"技能培训"}) and member.industry_support == frozenset()
