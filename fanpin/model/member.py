"""A person (家庭成员): one row of the person-level export of 全国防返贫监测信息系统.

Built like :class:`~fanpin.model.household.Household`: every field has an English name and the
export's Chinese header as accepted alias and ``title``, and is parsed by :mod:`fanpin.model.values`
(yes/no, money rounded to the fen, ``YYYYMM`` months, dates, ``.0`` tails). Coded columns are the
enums of :mod:`fanpin.model.vocabulary`; the measure columns (帮扶措施) are sets of labels.

**What an empty cell means** is declared per column (``Empty``) and is what the model does with it:

- ``unknown``: a measured value that was not recorded. It reads as ``None`` — never 0, 否 or an
  empty set — so that a rule reading it is not evaluable rather than wrong.
- ``none``: an optional or multi-valued column with nothing to record (not monitored, no second
  risk, no measure, not a student). A set reads as the empty set; a single value as ``None``. A cell
  saying so (无, 暂无, 没有, a slash or a dash alone: :func:`~fanpin.model.household.none_said_empty`) is
  read as that empty cell: 务工所在地 无 is someone not working away, not a place named 无.
- ``required``: the row is refused (only 户编号).

The table of every column, its level (household columns repeat on every member row and must agree)
and its empty meaning is in :mod:`fanpin.model.export_columns`.

Personal data — the name, the ID number, phone numbers and the information collector — is
:class:`~fanpin.model.values.Pii`: masked in ``repr``, ``str``, dumps and errors. Only facts derived
from the ID number are exposed (:attr:`Member.id_valid`, :attr:`Member.id_card_kind`, …).

>>> from datetime import date
>>> m = Member.model_validate({"户编号": "H1", "证件号码": "532328198001011233.0", "与户主关系": "户主",
...     "劳动技能": "普通劳动力", "就业帮扶": "技能培训,外出务工补贴", "健康帮扶": ""})
>>> m.id_valid, m.id_card_kind, m.sex, m.age_at(date(2025, 6, 30)), sorted(m.employment_support), m.health_support
(True, <IdCardKind.ID_CARD: 'id_card'>, <Sex.MALE: 'male'>, 45, ['外出务工补贴', '技能培训'], frozenset())
>>> m
Member(household_id='H1', person_id=None, relation=<Relation.HEAD: 'head'>, id_number=Pii('5323**********1233'))
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, NamedTuple

from pydantic import AfterValidator, AliasChoices, BeforeValidator, ConfigDict, Field, PlainSerializer

from fanpin.model.household import (
    PII_SCHEMA,
    Count,
    DateValue,
    Elimination,
    Kind,
    Measure,
    Money,
    MonitoringCategory,
    NoneMonthValue,
    PiiText,
    Risk,
    none_enum,
    none_said_empty,
    said_none,
    serialize_pii,
)
from fanpin.model.record import Record
from fanpin.model.values import (
    FULL_WIDTH_DIGITS,
    SCIENTIFIC_PERSON_ID,
    Pii,
    code_key_problem,
    code_text,
    excel_text,
    full_width,
    household_id_form,
    id_number_valid,
    masked_id,
    no_excel_error,
    no_nan,
    number_text,
    parse_bool,
    parse_id_number,
)
from fanpin.model.vocabulary import (
    DevelopmentStatus,
    Dibao,
    Education,
    Health,
    HouseholdKind,
    IdCardKind,
    IdDocument,
    LabourSkill,
    Relation,
    Schooling,
    Sex,
    Tekun,
    parse_quantity,
    parse_risk,
    split_labels,
)
from fanpin.regions import region_code_error

__all__ = ["MONTH_COLUMNS", "Empty", "IdFacts", "Level", "Member", "column_meta", "id_facts"]


class Empty(StrEnum):
    """What an empty cell of a column means (module docstring)."""

    UNKNOWN = "unknown"
    NONE = "none"
    REQUIRED = "required"


class Level(StrEnum):
    """Whose value a column holds: the key that groups rows into households, the household's (the same
    on every member row), or the person's."""

    KEY = "key"
    HOUSEHOLD = "household"
    PERSON = "person"
    #: not a column: the person's, computed across the whole file by the export reader (when rules read
    #: it) or supplied by a host application; unknown otherwise
    FILE = "file"


def _col(
    zh: str,
    en: str,
    level: Level = Level.PERSON,
    empty: Empty = Empty.UNKNOWN,
    meaning: str = "",
    *variants: str,
    **kwargs: Any,
) -> Any:
    """A field accepting its English name, its Chinese header and the header's variants."""
    default: Any = ... if empty is Empty.REQUIRED else None
    if meaning == "set":
        default, meaning = frozenset(), "no measure recorded (empty set)"
    text = meaning or {Empty.UNKNOWN: "not recorded", Empty.REQUIRED: "the row is refused"}.get(empty, "")
    return Field(
        default,
        title=zh,
        validation_alias=AliasChoices(en, zh, *variants),
        description=f"empty: {empty.value} ({text})",
        json_schema_extra={"empty": empty.value, "level": level.value},
        **kwargs,
    )


def column_meta(field: str) -> tuple[Level, Empty]:
    """The level and empty meaning declared for a :class:`Member` field."""
    extra = Member.model_fields[field].json_schema_extra
    assert isinstance(extra, dict)
    return Level(str(extra["level"])), Empty(str(extra["empty"]))


def _text(value: object) -> str | None:
    value = number_text(no_nan(value))  # a number as a dict's value is read on every path (Household._text)
    if isinstance(value, str):
        return excel_text(value) or None
    return value  # type: ignore[return-value]  # pydantic reports a non-text value


def _code(value: object) -> str | None:
    """A code cell (户编号, 人编号, 行政区划代码): :func:`_text`, without a leading apostrophe (:func:`code_text`),
    and not an error of Excel's (:func:`no_excel_error`)."""
    text = _text(value)
    # most codes have no apostrophe: read once (each row's 人编号 comes here)
    code = code_text(text) or None if isinstance(text, str) and text.startswith("'") else text
    return no_excel_error(code) if isinstance(code, str) and code.startswith("#") else code


def _region_code(value: str | None) -> str | None:
    """A 行政区划代码 of 2, 4, 6, 9 or 12 digits (:mod:`fanpin.regions`), else the reason it is not one."""
    problem = None if value is None else region_code_error(value)
    if problem is not None:  # a code in full-width digits is refused for them
        raise ValueError(FULL_WIDTH_DIGITS if full_width(str(value)) else problem)
    return value


def _household_key(value: object) -> str:
    """A 户编号: a required code, not a long number whose last digits a spreadsheet dropped (:data:`SCIENTIFIC_ID`),
    nor one with a tab or a line break inside it (:data:`BROKEN_ID`), as the household model reads one."""
    text = _code(value)
    if text is None:
        raise ValueError("required value is empty")
    # a value of another kind (a date, a list) is pydantic's to refuse, as the household's 户编号 is: it had been a
    # bare TypeError from the code's checks
    return household_id_form(text) if isinstance(text, str) else text


def _person_key(value: object) -> str | None:
    """A 人编号: a code, not a long number whose last digits a spreadsheet dropped (:data:`SCIENTIFIC_PERSON_ID`)
    or a float did (:data:`FLOAT_CODE`): read as one, every member whose number began alike was the same person
    listed twice; nor a negative number
    (:data:`NEGATIVE_CODE`) or an infinite one (:data:`INFINITE_CODE`)."""
    text = _code(value)
    problem = None if not isinstance(text, str) else code_key_problem(text, SCIENTIFIC_PERSON_ID)
    if problem is not None:  # as a 户编号 so written names no household (its scientific notation told as a 人编号's)
        raise ValueError(problem)
    return text


def _enum(cls: type[Any]) -> BeforeValidator:
    return BeforeValidator(cls.parse)


Text = Annotated[str | None, BeforeValidator(_text), Kind.TEXT]
#: A text column whose empty cell means none (务工所在地 of someone not working away): a cell saying so (无, 暂无,
#: 没有, a slash or a dash alone) is empty too, never the text 无 (:func:`~fanpin.model.household.none_said_empty`).
NoneText = Annotated[str | None, BeforeValidator(none_said_empty(_text)), Kind.TEXT]
YesNo = Annotated[bool | None, BeforeValidator(parse_bool), Kind.BOOL]


#: The refusal of a 公益性岗位 cell that is neither yes/no nor a post's name.
NOT_POST = "not a yes/no value or a post's name; write 是/否, the post (护林员), or leave it empty if unknown"


def parse_post(value: object) -> bool | None:
    """公益性岗位: whether the member holds a public-welfare post. The national system writes yes/no there, or
    the post's name (护林员, 护林员、保洁员): a name, in Chinese, is yes; 无, 没有, 暂无, 无岗位 or 未安排 (also in
    brackets, （无）) is no, and so is a slash or a dash alone (-, /, ——: a form's mark for nothing to name, read
    as none in a list of measures too, :data:`~fanpin.model.household.NONE_SAID`); a cell without a Chinese name
    (2, null, N/A) is refused.

    >>> parse_post("是"), parse_post("护林员"), parse_post("无"), parse_post("-"), parse_post("")
    (True, True, False, False, None)
    """
    try:
        return parse_bool(value)
    except ValueError:
        text = str(value).strip().strip(_POST_MARKS)  # （无）, 无。
        if text in _NO_POST or said_none(text):
            return False
        if any("\u4e00" <= ch <= "\u9fff" for ch in text):  # a post's name, in Chinese (护林员)
            return True
        raise ValueError(NOT_POST) from None  # digits, signs, or a placeholder (null, N/A): no name


#: Marks around a 公益性岗位 cell's word, ignored: （无）, 无。
_POST_MARKS = " \u3000()（）[]【】<>《》.。,，、;；:：!！\"'“”"
#: A 公益性岗位 cell that says the member holds no post, where the post's name would be: 无, 暂无, 无岗位,
#: 没有公益性岗位, 未安排 …
_NO_POST = frozenset(
    {"不是", "非"}
    | {
        none + what
        for none in ("无", "没有", "暂无", "未")
        for what in ("", "岗位", "公益岗位", "公益性岗位", "安排", "聘用")
    }
)


#: 公益性岗位: yes/no, or the post's name (:func:`parse_post`).
Post = Annotated[bool | None, BeforeValidator(parse_post), Kind.BOOL]
_QUANTITY = BeforeValidator(parse_quantity)
Mu = Annotated[Decimal | None, _QUANTITY, Kind.QUANTITY, Measure.MU]
SquareMetres = Annotated[Decimal | None, _QUANTITY, Kind.QUANTITY, Measure.SQUARE_METRES]
Km = Annotated[Decimal | None, _QUANTITY, Kind.QUANTITY, Measure.KM]
Labels = Annotated[frozenset[str], BeforeValidator(split_labels)]
RiskValue = Annotated[Risk | None, BeforeValidator(none_said_empty(parse_risk)), Kind.ENUM]
H, K, P = Level.HOUSEHOLD, Level.KEY, Level.PERSON
U, N = Empty.UNKNOWN, Empty.NONE
_NOT_ELIMINATED = "empty until eliminated"
_NOT_CHECKED = "not checked: no file, or no rule reads it"


class IdFacts(NamedTuple):
    """What an ID number (证件号码, upper case) says; see the :class:`Member` properties of the same names."""

    kind: IdCardKind
    valid: bool | None
    disability_category: int | None
    disability_level: int | None
    birth_date: date | None
    sex: Sex | None


#: The shape of an ID number (18 ASCII characters, digits with an X or a digit last) and of a disability
#: card's (the same and 2 or 4 more digits). Anything else is malformed: a number typed with spaces
#: (``532328 19780723 1687``, 20 characters) was read as a disability card of category 8 and level 7, and
#: one in full-width digits as an ID number whose check digit is wrong.
_ID_SHAPE = re.compile(r"[0-9]{17}[0-9X](?:[0-9]{2}|[0-9]{4})?")
#: How the number of a person without an ID card begins (:attr:`IdCardKind.NO_REAL_ID`).
NO_REAL_ID_PREFIX = "999999"


def id_facts(text: str) -> IdFacts:
    """The facts of one ID number (upper case), computed together: :attr:`Member.id_facts`."""
    masked = masked_id(text)  # 532328********1234: of the right shape, its check cannot be made
    if text.startswith(NO_REAL_ID_PREFIX):
        kind = IdCardKind.NO_REAL_ID
    elif _ID_SHAPE.fullmatch(text) is None and not masked:
        kind = IdCardKind.MALFORMED
    else:
        kind = IdCardKind.ID_CARD if len(text) == 18 else IdCardKind.DISABILITY_CARD
    valid = None if kind is IdCardKind.NO_REAL_ID or masked else id_number_valid(text)
    card = kind is IdCardKind.DISABILITY_CARD
    # isdecimal, not isdigit: "²" and "①" are digits that int() refuses.
    category = int(text[18]) if card and text[18].isdecimal() else None
    level = int(text[19]) if card and text[19].isdecimal() else None
    born: date | None = None
    if kind in (IdCardKind.ID_CARD, IdCardKind.DISABILITY_CARD) and text[6:14].isdecimal():
        digits = text[6:14]
        try:
            born = date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
        except ValueError:
            born = None
    sex = None if born is None or not text[16].isdecimal() else (Sex.MALE if int(text[16]) % 2 else Sex.FEMALE)
    return IdFacts(kind, valid, category, level, born, sex)


class Member(Record):
    """One person row of the export. Build it with ``model_validate`` (Chinese headers or English names)."""

    # An unknown key is refused with a "did you mean" (fanpin.model.record); extra="ignore" per call allows it.
    model_config = ConfigDict(
        frozen=True, extra="forbid", validate_by_name=True, hide_input_in_errors=True, arbitrary_types_allowed=True
    )

    # ---- where, which household, who --------------------------------------------------------------------------
    county: Text = _col("县", "county", K, U, "", "县（市、区）", "县（区）")
    town: Text = _col("乡", "town", K, U, "", "乡（镇）", "乡镇")
    village: Text = _col("村", "village", K, U, "", "村（社区）", "行政村")
    household_id: Annotated[str, BeforeValidator(_household_key), Kind.TEXT] = _col(
        "户编号", "household_id", K, Empty.REQUIRED
    )
    region_code: Annotated[str | None, BeforeValidator(_code), AfterValidator(_region_code), Kind.TEXT] = _col(
        "行政区划代码", "region_code", H
    )
    person_id: Annotated[str | None, BeforeValidator(_person_key), Kind.TEXT] = _col("人编号", "person_id")
    name: PiiText = _col("姓名", "name")
    id_number: Annotated[
        Pii | None, BeforeValidator(parse_id_number), PlainSerializer(serialize_pii), PII_SCHEMA, Kind.TEXT
    ] = _col("证件号码", "id_number", P, U, "", "身份证号码", "证件号码（身份证号码）")
    id_document: Annotated[IdDocument | None, _enum(IdDocument), Kind.ENUM] = _col("证件类型", "id_document")
    recorded_sex: Annotated[Sex | None, _enum(Sex), Kind.ENUM] = _col("性别", "recorded_sex")
    ethnicity: Text = _col("民族", "ethnicity")
    recorded_birth_date: DateValue = _col("出生日期", "recorded_birth_date")
    relation: Annotated[Relation | None, _enum(Relation), Kind.ENUM] = _col("与户主关系", "relation")
    phone: PiiText = _col("家庭成员联系电话", "phone", P, U, "", "联系电话")
    household_kind: Annotated[HouseholdKind | None, _enum(HouseholdKind), Kind.ENUM] = _col(
        "户类型", "household_kind", H
    )
    monitoring_category: Annotated[MonitoringCategory | None, none_enum(MonitoringCategory), Kind.ENUM] = _col(
        "监测对象类别", "monitoring_category", H, N, "not a monitored household"
    )
    no_labor_household: YesNo = _col("整户无劳动能力兜底保障户", "no_labor_household", H)
    household_phone: PiiText = _col("户联系电话", "household_phone", H)
    collector: PiiText = _col("信息采集人", "collector", H)
    collector_phone: PiiText = _col("信息采集人联系电话", "collector_phone", H)
    # ---- the person -------------------------------------------------------------------------------------------
    education: Annotated[Education | None, _enum(Education), Kind.ENUM] = _col("文化程度", "education")
    schooling: Annotated[Schooling | None, none_enum(Schooling), Kind.ENUM] = _col(
        "在校生状况", "schooling", P, N, "not a student"
    )
    not_in_school_reason: NoneText = _col("义务教育阶段未上学原因", "not_in_school_reason", P, N, "no reason recorded")
    dropout: YesNo = _col("是否义务教育阶段适龄儿童少年失学辍学", "dropout")
    health: Annotated[Health | None, _enum(Health), Kind.ENUM] = _col("健康状况", "health")
    labour: Annotated[LabourSkill | None, _enum(LabourSkill), Kind.ENUM] = _col("劳动技能", "labour")
    work_place: NoneText = _col("务工所在地", "work_place", P, N, "not working away")
    employment_channel: NoneText = _col(
        "就业渠道（易地搬迁后扶使用）", "employment_channel", P, N, "no channel recorded", "就业渠道"
    )
    public_job: Post = _col("公益性岗位", "public_job")
    public_job_months: Count = _col(
        "公益性岗位(月数)", "public_job_months", P, U, "", "公益性岗位（月数）", "公益性岗位月数", ge=0, le=12
    )
    resident_medical_insurance: YesNo = _col("是否参加城乡居民基本医疗保险", "resident_medical_insurance")
    employee_medical_insurance: YesNo = _col("是否参加城镇职工基本医疗保险", "employee_medical_insurance")
    critical_illness_insurance: YesNo = _col("是否参加大病保险", "critical_illness_insurance")
    resident_pension: YesNo = _col("是否参加城乡居民基本养老保险", "resident_pension")
    employee_pension: YesNo = _col("是否参加城镇职工基本养老保险", "employee_pension")
    medical_assistance: YesNo = _col("是否接受医疗救助", "medical_assistance")
    dibao: Annotated[Dibao | None, _enum(Dibao), Kind.ENUM] = _col("享受低保政策情况", "dibao")
    tekun: Annotated[Tekun | None, _enum(Tekun), Kind.ENUM] = _col("享受特困供养政策情况", "tekun")
    dibao_amount: Money = _col("最低生活保障金", "dibao_amount", ge=0)
    tekun_amount: Money = _col("特困人员救助供养金", "tekun_amount", ge=0)
    # ---- housing and living conditions (household) -----------------------------------------------------------
    dilapidated_house: YesNo = _col("是否危房户", "dilapidated_house", H)
    safe_water: YesNo = _col("是否解决安全饮用水", "safe_water", H)
    sanitary_toilet: YesNo = _col("是否有卫生厕所", "sanitary_toilet", H)
    electricity: YesNo = _col("是否通生活用电", "electricity", H)
    paved_road: YesNo = _col("入户道路是否硬化", "paved_road", H)
    housing_area: SquareMetres = _col("住房面积", "housing_area", H, U, "", "住房面积（平方米）", ge=0)
    road_distance: Km = _col("与村主干路距离", "road_distance", H, U, "", "与村主干路距离（公里）", ge=0)
    cropland: Mu = _col("耕地面积（亩）", "cropland", H, U, "", "耕地面积", ge=0)
    forest_land: Mu = _col("林地面积（亩）", "forest_land", H, U, "", "林地面积", ge=0)
    grain_to_green_land: Mu = _col(
        "退耕还林面积（亩）", "grain_to_green_land", H, U, "", "退耕还林面积", "退耕还林（草）面积", ge=0
    )
    orchard_land: Mu = _col("林果面积（亩）", "orchard_land", H, U, "", "林果面积", ge=0)
    pasture_land: Mu = _col("牧草地面积", "pasture_land", H, U, "", "牧草地面积（亩）", ge=0)
    water_surface: Mu = _col("水面面积", "water_surface", H, U, "", "水面面积（亩）", ge=0)
    # ---- risks and monitoring (household) --------------------------------------------------------------------
    risk_1: RiskValue = _col("致贫/返贫风险1", "risk_1", H, N, "no risk recorded")
    risk_2: RiskValue = _col("致贫/返贫风险2", "risk_2", H, N, "no second risk")
    risk_3: RiskValue = _col("致贫/返贫风险3", "risk_3", H, N, "no third risk")
    risk_4: RiskValue = _col("致贫/返贫风险4", "risk_4", H, N, "no fourth risk")
    risk_5: RiskValue = _col("致贫/返贫风险5", "risk_5", H, N, "no fifth risk")
    disaster_subtype: NoneText = _col("因自然灾害子项", "disaster_subtype", H, N, "no disaster recorded")
    remarks: NoneText = _col("其他备注", "remarks", H, N, "no remark")
    identified_month: NoneMonthValue = _col("识别监测时间", "identified_month", H, N, "not identified for monitoring")
    risk_eliminated: YesNo = _col("风险是否已消除", "risk_eliminated", H)
    elimination_method: Annotated[Elimination | None, none_enum(Elimination), Kind.ENUM] = _col(
        "风险消除方式", "elimination_method", H, N, "risk not eliminated"
    )
    eliminated_month: NoneMonthValue = _col("消除监测时间", "eliminated_month", H, N, "risk not eliminated")
    uninsured_member_recorded: YesNo = _col(
        "是否有家庭成员未参加城乡居民（职工）基本医疗保险", "uninsured_member_recorded", H
    )
    # ---- income at identification, 元 a year (household) -----------------------------------------------------
    wage_income: Money = _col("工资性收入", "wage_income", H, ge=0)
    business_income: Money = _col("生产经营性收入", "business_income", H, ge=0)
    property_income: Money = _col("财产性收入", "property_income", H, ge=0)
    transfer_income: Money = _col("转移性收入", "transfer_income", H, ge=0)
    business_cost: Money = _col("生产经营性支出", "business_cost", H, ge=0)
    annual_income: Money = _col("年收入（元）", "annual_income", H, U, "", "年收入", "家庭年收入")
    income_per_capita: Money = _col("人均纯收入（元）", "income_per_capita", H, U, "", "人均纯收入", "家庭人均纯收入")
    insurance_payout: Money = _col("理赔收入", "insurance_payout", H, ge=0)
    medical_out_of_pocket: Money = _col("合规自付支出", "medical_out_of_pocket", H, ge=0)
    # ---- after the risk is eliminated (household) -------------------------------------------------------------
    after_wage_income: Money = _col("风险消除后工资性收入", "after_wage_income", H, U, _NOT_ELIMINATED, ge=0)
    after_business_income: Money = _col(
        "风险消除后生产经营性收入", "after_business_income", H, U, _NOT_ELIMINATED, ge=0
    )
    after_property_income: Money = _col("风险消除后财产性收入", "after_property_income", H, U, _NOT_ELIMINATED, ge=0)
    after_transfer_income: Money = _col("风险消除后转移性收入", "after_transfer_income", H, U, _NOT_ELIMINATED, ge=0)
    after_business_cost: Money = _col("风险消除后生产经营性支出", "after_business_cost", H, U, _NOT_ELIMINATED, ge=0)
    after_annual_income: Money = _col(
        "风险消除后年收入（元）",
        "after_annual_income",
        H,
        U,
        _NOT_ELIMINATED,
        "风险消除后年收入",
        "风险消除后家庭年收入",
    )
    after_income_per_capita: Money = _col(
        "风险消除后家庭人均纯收入",
        "after_income_per_capita",
        H,
        U,
        _NOT_ELIMINATED,
        "风险消除后人均纯收入（元）",
        "风险消除后人均纯收入",
    )
    after_net_income: Money = _col(
        "风险消除后家庭纯收入", "after_net_income", H, U, _NOT_ELIMINATED, "风险消除后家庭纯收入（元）"
    )
    after_insurance_payout: Money = _col("风险消除后理赔收入", "after_insurance_payout", H, U, _NOT_ELIMINATED, ge=0)
    after_medical_out_of_pocket: Money = _col(
        "风险消除后合规自付支出", "after_medical_out_of_pocket", H, U, _NOT_ELIMINATED, ge=0
    )
    after_housing_damaged: YesNo = _col("风险消除后是否住房损毁", "after_housing_damaged", H, U, _NOT_ELIMINATED)
    after_water_damaged: YesNo = _col("风险消除后是否饮水设施损毁", "after_water_damaged", H, U, _NOT_ELIMINATED)
    after_dropout: YesNo = _col(
        "风险消除后是否义务教育阶段适龄儿童少年失学辍学", "after_dropout", H, U, _NOT_ELIMINATED
    )
    after_uninsured_member: YesNo = _col(
        "风险消除后是否有家庭成员未参加城乡居民（职工）基本医疗保险", "after_uninsured_member", H, U, _NOT_ELIMINATED
    )
    # ---- measures (帮扶措施): comma-separated labels; a household has a measure if any member row has it -------
    development_status: Annotated[DevelopmentStatus | None, _enum(DevelopmentStatus), Kind.ENUM] = _col(
        "实施开发式帮扶措施情况", "development_status", H
    )
    industry_support: Labels = _col("产业帮扶", "industry_support", P, N, "set")
    employment_support: Labels = _col("就业帮扶", "employment_support", P, N, "set")
    finance_support: Labels = _col("金融帮扶", "finance_support", P, N, "set")
    public_job_support: Labels = _col("公益岗位帮扶", "public_job_support", P, N, "set")
    health_support: Labels = _col("健康帮扶", "health_support", P, N, "set")
    compulsory_education_support: Labels = _col("义务教育保障", "compulsory_education_support", P, N, "set")
    education_support: Labels = _col("教育帮扶", "education_support", P, N, "set")
    housing_support: Labels = _col("住房安全保障", "housing_support", P, N, "set")
    water_support: Labels = _col("饮水安全保障", "water_support", P, N, "set")
    social_security: Labels = _col("综合保障", "social_security", P, N, "set")
    social_assistance: Labels = _col("社会帮扶", "social_assistance", P, N, "set")
    relocation: Labels = _col("搬迁", "relocation", P, N, "set")
    living_conditions: Labels = _col("生产生活条件改善", "living_conditions", P, N, "set")
    infrastructure: Labels = _col("基础设施建设", "infrastructure", P, N, "set")
    # ---- across the file (not columns) ------------------------------------------------------------------------
    id_number_unique: YesNo = _col("证件号码在文件中唯一", "id_number_unique", Level.FILE, U, _NOT_CHECKED)
    phone_unique: YesNo = _col("家庭成员联系电话在文件中唯一（跨户）", "phone_unique", Level.FILE, U, _NOT_CHECKED)

    # ---- facts derived from the ID number (the number itself stays masked) -----------------------------------

    @property
    def _id(self) -> str | None:
        return None if self.id_number is None else self.id_number.reveal().upper()

    @property
    def id_length(self) -> int | None:
        """Characters in 证件号码 (18 for an ID card, 20 or 22 for a disability card)."""
        return None if self._id is None else len(self._id)

    @property
    def id_facts(self) -> IdFacts | None:
        """Every fact of the ID number at once (the properties below, one by one); None if empty."""
        return None if self._id is None else id_facts(self._id)

    @property
    def id_card_kind(self) -> IdCardKind | None:
        """ID card, disability card, no real ID (a number starting 999999) or malformed; None if empty."""
        return None if self._id is None else id_facts(self._id).kind

    @property
    def id_valid(self) -> bool | None:
        """The GB 11643 check passes (digits after the 18th for a disability card); None without a real ID."""
        return None if self._id is None else id_facts(self._id).valid

    @property
    def disability_category(self) -> int | None:
        """Digit 19 of a disability card number (4 = 肢体残疾; see ``DISABILITY_CATEGORIES``)."""
        return None if self._id is None else id_facts(self._id).disability_category

    @property
    def disability_level(self) -> int | None:
        """Digit 20 of a disability card number: the grade, 1 (most severe) to 4."""
        return None if self._id is None else id_facts(self._id).disability_level

    @property
    def birth_date(self) -> date | None:
        """The date of birth encoded in digits 7–14 of the ID number (None if there is none or it is no date)."""
        return None if self._id is None else id_facts(self._id).birth_date

    @property
    def sex(self) -> Sex | None:
        """The sex encoded in digit 17 of the ID number (odd: male, even: female)."""
        return None if self._id is None else id_facts(self._id).sex

    def age_at(self, day: date) -> int | None:
        """Full years on ``day``, from 出生日期, else from the ID number; None if unknown or before birth."""
        born = self.recorded_birth_date or self.birth_date
        if born is None or day < born:
            return None
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    # ---- other derived facts ---------------------------------------------------------------------------------

    @property
    def is_head(self) -> bool | None:
        return None if self.relation is None else self.relation is Relation.HEAD

    @property
    def counts_as_labour(self) -> bool | None:
        """Counted in 劳动力人数 (普通劳动力, 技能劳动力 or 弱劳动力或半劳动力); None if 劳动技能 is empty."""
        return None if self.labour is None else self.labour.is_labour

    @property
    def medically_uninsured(self) -> bool | None:
        """In neither basic medical insurance (城乡居民 nor 城镇职工), in Kleene's logic."""
        insured = (self.resident_medical_insurance, self.employee_medical_insurance)
        if True in insured:
            return False
        return None if None in insured else True

    def __repr_args__(self) -> Any:
        # Only the identifying, non-personal fields: a repr ends up in logs and tracebacks.
        yield "household_id", self.household_id
        yield "person_id", self.person_id
        yield "relation", self.relation
        yield "id_number", self.id_number


#: The keys a member's row may give a month column by (识别监测时间, identified_month, 消除监测时间 …): where the
#: testing kit and ``fanpin check`` tell a month written as a float (``2024.3``) the month meant.
MONTH_COLUMNS = frozenset(
    name
    for field in Member.model_fields.values()
    if Kind.MONTH in field.metadata and isinstance(field.validation_alias, AliasChoices)
    for name in field.validation_alias.choices
    if isinstance(name, str)
)
