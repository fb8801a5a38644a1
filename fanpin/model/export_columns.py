"""The columns of the person-level export: headers, levels, personal columns, and what empty means.

Headers are matched after :func:`~fanpin.model.vocabulary.normalise` (spaces removed, half-width
brackets as full-width), so ``是否有家庭成员未参加城乡居民(职工)基本医疗保险`` is the same column as its
full-width spelling. *Key* columns group member rows into households; *household* columns repeat on
every member row and must agree; *person* columns are each member's own.

>>> export_field(" 耕地面积(亩) "), export_field("公益性岗位（月数）"), export_field("备注")
('cropland', 'public_job_months', None)
>>> EMPTY_MEANS["monitoring_category"], EMPTY_MEANS["wage_income"], EMPTY_MEANS["employment_support"]
(<Empty.NONE: 'none'>, <Empty.UNKNOWN: 'unknown'>, <Empty.NONE: 'none'>)

Every column, its level (``file``: not a column, a value fanpin computes across the whole file) and what
an empty cell means (``unknown``: not recorded, read as ``None``;
``none``: nothing to record, ``None`` or the empty set, and so is a cell saying so, 无, 暂无, 没有, a slash or a
dash alone; ``required``: the row is refused):

| column | field | level | empty | meaning |
|---|---|---|---|---|
| 县 | county | key | unknown | not recorded |
| 乡 | town | key | unknown | not recorded |
| 村 | village | key | unknown | not recorded |
| 户编号 | household_id | key | required | the row is refused |
| 行政区划代码 | region_code | household | unknown | not recorded |
| 人编号 | person_id | person | unknown | not recorded |
| 姓名 | name | person | unknown | not recorded |
| 证件号码 | id_number | person | unknown | not recorded |
| 证件类型 | id_document | person | unknown | not recorded |
| 性别 | recorded_sex | person | unknown | not recorded |
| 民族 | ethnicity | person | unknown | not recorded |
| 出生日期 | recorded_birth_date | person | unknown | not recorded |
| 与户主关系 | relation | person | unknown | not recorded |
| 家庭成员联系电话 | phone | person | unknown | not recorded |
| 户类型 | household_kind | household | unknown | not recorded |
| 监测对象类别 | monitoring_category | household | none | not a monitored household |
| 整户无劳动能力兜底保障户 | no_labor_household | household | unknown | not recorded |
| 户联系电话 | household_phone | household | unknown | not recorded |
| 信息采集人 | collector | household | unknown | not recorded |
| 信息采集人联系电话 | collector_phone | household | unknown | not recorded |
| 文化程度 | education | person | unknown | not recorded |
| 在校生状况 | schooling | person | none | not a student |
| 义务教育阶段未上学原因 | not_in_school_reason | person | none | no reason recorded |
| 是否义务教育阶段适龄儿童少年失学辍学 | dropout | person | unknown | not recorded |
| 健康状况 | health | person | unknown | not recorded |
| 劳动技能 | labour | person | unknown | not recorded |
| 务工所在地 | work_place | person | none | not working away |
| 就业渠道（易地搬迁后扶使用） | employment_channel | person | none | no channel recorded |
| 公益性岗位 | public_job | person | unknown | not recorded |
| 公益性岗位(月数) | public_job_months | person | unknown | not recorded |
| 是否参加城乡居民基本医疗保险 | resident_medical_insurance | person | unknown | not recorded |
| 是否参加城镇职工基本医疗保险 | employee_medical_insurance | person | unknown | not recorded |
| 是否参加大病保险 | critical_illness_insurance | person | unknown | not recorded |
| 是否参加城乡居民基本养老保险 | resident_pension | person | unknown | not recorded |
| 是否参加城镇职工基本养老保险 | employee_pension | person | unknown | not recorded |
| 是否接受医疗救助 | medical_assistance | person | unknown | not recorded |
| 享受低保政策情况 | dibao | person | unknown | not recorded |
| 享受特困供养政策情况 | tekun | person | unknown | not recorded |
| 最低生活保障金 | dibao_amount | person | unknown | not recorded |
| 特困人员救助供养金 | tekun_amount | person | unknown | not recorded |
| 是否危房户 | dilapidated_house | household | unknown | not recorded |
| 是否解决安全饮用水 | safe_water | household | unknown | not recorded |
| 是否有卫生厕所 | sanitary_toilet | household | unknown | not recorded |
| 是否通生活用电 | electricity | household | unknown | not recorded |
| 入户道路是否硬化 | paved_road | household | unknown | not recorded |
| 住房面积 | housing_area | household | unknown | not recorded |
| 与村主干路距离 | road_distance | household | unknown | not recorded |
| 耕地面积（亩） | cropland | household | unknown | not recorded |
| 林地面积（亩） | forest_land | household | unknown | not recorded |
| 退耕还林面积（亩） | grain_to_green_land | household | unknown | not recorded |
| 林果面积（亩） | orchard_land | household | unknown | not recorded |
| 牧草地面积 | pasture_land | household | unknown | not recorded |
| 水面面积 | water_surface | household | unknown | not recorded |
| 致贫/返贫风险1 | risk_1 | household | none | no risk recorded |
| 致贫/返贫风险2 | risk_2 | household | none | no second risk |
| 致贫/返贫风险3 | risk_3 | household | none | no third risk |
| 致贫/返贫风险4 | risk_4 | household | none | no fourth risk |
| 致贫/返贫风险5 | risk_5 | household | none | no fifth risk |
| 因自然灾害子项 | disaster_subtype | household | none | no disaster recorded |
| 其他备注 | remarks | household | none | no remark |
| 识别监测时间 | identified_month | household | none | not identified for monitoring |
| 风险是否已消除 | risk_eliminated | household | unknown | not recorded |
| 风险消除方式 | elimination_method | household | none | risk not eliminated |
| 消除监测时间 | eliminated_month | household | none | risk not eliminated |
| 是否有家庭成员未参加城乡居民（职工）基本医疗保险 | uninsured_member_recorded | household | unknown | not recorded |
| 工资性收入 | wage_income | household | unknown | not recorded |
| 生产经营性收入 | business_income | household | unknown | not recorded |
| 财产性收入 | property_income | household | unknown | not recorded |
| 转移性收入 | transfer_income | household | unknown | not recorded |
| 生产经营性支出 | business_cost | household | unknown | not recorded |
| 年收入（元） | annual_income | household | unknown | not recorded |
| 人均纯收入（元） | income_per_capita | household | unknown | not recorded |
| 理赔收入 | insurance_payout | household | unknown | not recorded |
| 合规自付支出 | medical_out_of_pocket | household | unknown | not recorded |
| 风险消除后工资性收入 | after_wage_income | household | unknown | empty until eliminated |
| 风险消除后生产经营性收入 | after_business_income | household | unknown | empty until eliminated |
| 风险消除后财产性收入 | after_property_income | household | unknown | empty until eliminated |
| 风险消除后转移性收入 | after_transfer_income | household | unknown | empty until eliminated |
| 风险消除后生产经营性支出 | after_business_cost | household | unknown | empty until eliminated |
| 风险消除后年收入（元） | after_annual_income | household | unknown | empty until eliminated |
| 风险消除后家庭人均纯收入 | after_income_per_capita | household | unknown | empty until eliminated |
| 风险消除后家庭纯收入 | after_net_income | household | unknown | empty until eliminated |
| 风险消除后理赔收入 | after_insurance_payout | household | unknown | empty until eliminated |
| 风险消除后合规自付支出 | after_medical_out_of_pocket | household | unknown | empty until eliminated |
| 风险消除后是否住房损毁 | after_housing_damaged | household | unknown | empty until eliminated |
| 风险消除后是否饮水设施损毁 | after_water_damaged | household | unknown | empty until eliminated |
| 风险消除后是否义务教育阶段适龄儿童少年失学辍学 | after_dropout | household | unknown | empty until eliminated |
| 风险消除后是否有家庭成员未参加城乡居民（职工）基本医疗保险 | after_uninsured_member | household | unknown | empty until eliminated |
| 实施开发式帮扶措施情况 | development_status | household | unknown | not recorded |
| 产业帮扶 | industry_support | person | none | no measure recorded (empty set) |
| 就业帮扶 | employment_support | person | none | no measure recorded (empty set) |
| 金融帮扶 | finance_support | person | none | no measure recorded (empty set) |
| 公益岗位帮扶 | public_job_support | person | none | no measure recorded (empty set) |
| 健康帮扶 | health_support | person | none | no measure recorded (empty set) |
| 义务教育保障 | compulsory_education_support | person | none | no measure recorded (empty set) |
| 教育帮扶 | education_support | person | none | no measure recorded (empty set) |
| 住房安全保障 | housing_support | person | none | no measure recorded (empty set) |
| 饮水安全保障 | water_support | person | none | no measure recorded (empty set) |
| 综合保障 | social_security | person | none | no measure recorded (empty set) |
| 社会帮扶 | social_assistance | person | none | no measure recorded (empty set) |
| 搬迁 | relocation | person | none | no measure recorded (empty set) |
| 生产生活条件改善 | living_conditions | person | none | no measure recorded (empty set) |
| 基础设施建设 | infrastructure | person | none | no measure recorded (empty set) |
| 证件号码在文件中唯一 | id_number_unique | file | unknown | not checked: no file, or no rule reads it |
| 家庭成员联系电话在文件中唯一（跨户） | phone_unique | file | unknown | not checked: no file, or no rule reads it |
"""

from __future__ import annotations

import re
import typing
from collections.abc import Collection, Sequence
from datetime import date
from decimal import Decimal

from pydantic.fields import FieldInfo

from fanpin.masking import mask_detail
from fanpin.model.columns import ALIASES, DERIVED_COLUMNS, close_headers
from fanpin.model.household import MONITORED_KIND, Household, HouseholdType, Labelled, is_amount
from fanpin.model.member import Empty, Level, Member, column_meta
from fanpin.model.values import YES_NO, Month, mask, mask_numbers
from fanpin.model.vocabulary import Health, normalise

__all__ = [
    "AMOUNT_FIELDS",
    "DETAIL_FIELDS",
    "EMPTY_MEANS",
    "EXPORT_ALIASES",
    "EXPORT_PII_FIELDS",
    "HAN",
    "HOUSEHOLD_FIELDS",
    "KEY_FIELDS",
    "LEVELS",
    "MEASURE_FIELDS",
    "PERSON_FIELDS",
    "derived_export_columns",
    "empty_table",
    "export_field",
    "export_header",
    "export_label",
    "export_renames",
    "holds_numbers",
    "masked_export_cell",
    "masked_refused_value",
    "misnamed_export_columns",
    "name_masked",
]


def _aliases(field: FieldInfo) -> list[str]:
    choices = field.validation_alias
    return [str(c) for c in getattr(choices, "choices", [])]


#: Normalised header (Chinese, a known variant, or the English name) → the :class:`Member` field.
EXPORT_ALIASES: dict[str, str] = {
    normalise(alias): name for name, field in Member.model_fields.items() for alias in _aliases(field)
}
LEVELS: dict[str, Level] = {name: column_meta(name)[0] for name in Member.model_fields}
EMPTY_MEANS: dict[str, Empty] = {name: column_meta(name)[1] for name in Member.model_fields}
KEY_FIELDS = ("county", "town", "village", "household_id")
HOUSEHOLD_FIELDS = tuple(n for n, level in LEVELS.items() if level is Level.HOUSEHOLD)
#: The household columns holding an amount of the household's own (:func:`~fanpin.model.household.is_amount`:
#: its incomes and costs, its house's and land's areas): a cell merged over two households' rows is refused
#: there. 县, 乡, 村, 行政区划代码 and the household's states (户类型, yes/no, months, texts) may be merged
#: over many households, and a person column holds each person's own value, which no household figure adds up.
AMOUNT_FIELDS = tuple(n for n in HOUSEHOLD_FIELDS if is_amount(Member.model_fields[n]))
PERSON_FIELDS = tuple(n for n, level in LEVELS.items() if level is Level.PERSON)
#: The multi-valued measure columns (帮扶措施), in column order.
MEASURE_FIELDS = tuple(n for n, f in Member.model_fields.items() if f.default == frozenset())
#: Personal columns: masked wherever a value is shown (errors, rejected rows).
EXPORT_PII_FIELDS = frozenset({"name", "id_number", "phone", "household_phone", "collector", "collector_phone"})


def export_field(header: str) -> str | None:
    """The :class:`Member` field a header names, or None for a column fanpin does not read."""
    return EXPORT_ALIASES.get(normalise(header))


def export_header(field: str) -> str:
    """The Chinese header of a :class:`Member` field."""
    return Member.model_fields[field].title or field


def export_label(field: str) -> str:
    """``健康状况 (health)``: how messages name a :class:`Member` field (as
    :func:`~fanpin.model.columns.header_label` names a household table's)."""
    return f"{export_header(field)} ({field})"


def misnamed_export_columns(ignored: Sequence[str], present: Collection[str]) -> list[tuple[str, str]]:
    """``(header, field)`` for each header of the export fanpin does not read that is close to a column of a
    :class:`Member` field the export lacks (:func:`fanpin.model.columns.close_headers`): 健康情况 for 健康状况.

    >>> misnamed_export_columns(["健康情况", "备注"], {"household_id"})
    [('健康情况', 'health')]
    """
    return [(name, EXPORT_ALIASES[near]) for name, near in close_headers(ignored, EXPORT_ALIASES, present, normalise)]


#: The household table's columns the export's reader works out from a household's member rows
#: (:func:`~fanpin.model.roster.household_record`): 家庭人口数 its rows counted, 劳动力人数 its members whose
#: 劳动技能 counts as labour, 户主证件号码 and 户主姓名 its 户主's, 已落实帮扶措施 the measure columns filled.
MEMBER_DERIVED = frozenset({"size", "labor_count", "id_number", "head_name", "measures_in_place"})


def derived_export_columns(ignored: Sequence[str]) -> list[tuple[str, str, bool]]:
    """``(header, field, from its member rows)`` for each header of the export fanpin does not read that names
    a value the export's reader derives: from a household's member rows (:data:`MEMBER_DERIVED`, a household
    table's column), or from its other columns (家庭纯收入, :data:`~fanpin.model.columns.DERIVED_COLUMNS`). Such a
    column, added to an export, had been left unread without a word.

    >>> derived_export_columns(["家庭人口数", "家庭纯收入", "备注"])
    [('家庭人口数', 'size', True), ('家庭纯收入', 'net_income', False)]
    """
    found = []
    for header in ignored:
        name = header.strip()
        if ALIASES.get(name) in MEMBER_DERIVED:
            found.append((header, ALIASES[name], True))
        elif name in DERIVED_COLUMNS:
            found.append((header, DERIVED_COLUMNS[name], False))
    return found


def export_renames(ignored: Sequence[str], present: Collection[str], missing: Collection[str]) -> list[str]:
    """For the refusal of an export without the ``missing`` columns: ``rename 与户主的关系 to 与户主关系`` for
    each header it does not read that is close to one of theirs (:func:`misnamed_export_columns`),
    personal numbers in it masked, as :func:`fanpin.model.columns.renames` says it of a household table.

    >>> export_renames(["与户主的关系", "备注"], {"household_id"}, ["relation"])
    ['rename 与户主的关系 to 与户主关系']
    """
    return [
        f"rename {mask_numbers(name)} to {export_header(field)}"
        for name, field in misnamed_export_columns(ignored, present)
        if field in missing
    ]


#: A Chinese character (CJK unified ideographs and their extension A), a pattern for Python and polars alike.
HAN = r"[\u3400-\u4dbf\u4e00-\u9fff]"


def _numeric(annotation: object) -> bool:
    """Whether a field's type is a number, a month or a date (optional or not; a yes/no is not a number)."""
    kinds = typing.get_args(annotation) or (annotation,)
    return any(k in (int, Decimal, float, date, Month) for k in kinds)


#: The columns whose values are numbers, amounts, months or dates: a household table's and an export's.
_NUMERIC_FIELDS = frozenset(f.description or n for n, f in Household.model_fields.items() if _numeric(f.annotation))
#: The columns of a code of digits other than the 户编号 (whose refused values are masked as a key is): 行政区划代码.
_DIGIT_CODES = frozenset({"region_code"})
#: Their headers, a household table's and an export's: a letter there is no part of one.
_CODE_HEADERS = frozenset(
    [h for h, name in ALIASES.items() if name in _DIGIT_CODES]
    + [h for h, name in EXPORT_ALIASES.items() if name in _DIGIT_CODES]
)
_NUMBER_COLUMNS = _CODE_HEADERS | frozenset(
    [h for h, name in ALIASES.items() if name in _NUMERIC_FIELDS]
    + [h for h, name in EXPORT_ALIASES.items() if _numeric(Member.model_fields[name].annotation)]
)


def holds_numbers(header: str) -> bool:
    """Whether a household table's or an export's column holds numbers (amounts, counts, months, dates) or a
    code of digits (行政区划代码).

    Chinese text there is no value of it, and may well be a person's name typed one column off: the
    errors file shows such a refused cell masked as a name is (:func:`masked_refused_value`).

    >>> holds_numbers("工资性收入"), holds_numbers("出生日期"), holds_numbers("行政区划代码"), holds_numbers("户类型")
    (True, True, True, False)
    >>> holds_numbers("备注")
    False
    """
    return header in _NUMBER_COLUMNS or normalise(header) in _NUMBER_COLUMNS


def _vocabulary(annotation: object) -> frozenset[str]:
    """The words a yes/no or vocabulary field accepts (its enum's spellings, 是/否 and the like); none for
    any other field."""
    words: set[str] = set()
    for kind in typing.get_args(annotation) or (annotation,):
        if kind is bool:
            words |= YES_NO
        elif isinstance(kind, type) and issubclass(kind, Labelled):
            words |= {word for spellings in kind.spellings().values() for word in spellings}
            if kind is HouseholdType:
                words.add(MONITORED_KIND)  # resolved by 监测对象类别
    return frozenset(words)


#: The words of each yes/no or vocabulary column, a household table's and an export's, by header.
_VOCABULARIES = {
    header: words
    for aliases, fields in (
        (ALIASES, {f.description or n: f for n, f in Household.model_fields.items()}),
        (EXPORT_ALIASES, Member.model_fields),
    )
    for header, name in aliases.items()
    if name in fields and (words := _vocabulary(fields[name].annotation))
}


def _near(value: str, words: frozenset[str]) -> bool:
    """Whether ``value``'s Chinese characters are mostly those of one of ``words``: they share at least half
    of the value's and half of the word's characters (two when the value has two or more), and the value has
    at most one the word has not. A slip of the pen (``脱贫护`` for 脱贫户, ``一般户口`` for 一般户), not a name
    typed one column off, nor one written after a word (``脱贫户张三``)."""
    han = set(re.findall(HAN, value))

    def near(word: str) -> bool:
        letters = set(word)
        shared = len(han & letters)
        return 2 * shared >= max(len(han), len(letters)) and shared >= min(2, len(han)) and len(han - letters) <= 1

    return any(near(word) for word in words)


#: Every word of those vocabularies that holds a Chinese character: a refused value near one of them is a word of
#: the monitoring system, typed in a column of another's (低保户 in 监测对象类别), not a name.
_CHINESE_WORDS = frozenset(w for words in _VOCABULARIES.values() for w in words if re.search(HAN, w))

#: A hundred of the most frequent Chinese surnames. Several are also the first character of a word of the
#: vocabularies (孙子, 曾孙女, 高中, 岳父, 文盲): a value that starts with one reads as a name as readily as
#: a slip of the pen, and :func:`_name_shaped` tells them apart.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩邓冯曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈"
    "钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严欧莫孔向常"
)


#: The Chinese characters of a number, an amount, a date or a count written in words (二〇二二年, 3万元,
#: 2025年6月, 三口人, 5000块钱), and of their units (an area or a distance too, as the export's 住房面积 and 与村主干路距离
#: are measured: 100平方米, 2公里): a value whose Chinese text is all of them names no one — if it
#: starts with a digit or with one of the common numerals (:data:`FIRST_NUMERALS`): 陆, 伍, 万 and 时 are
#: surnames too, and 陆万年, 伍月 or 时元 may be names.
NUMERALS = frozenset("〇零一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟")
UNITS = frozenset("年月日号元角分整岁个人口户次亩斤点时平方米公里块钱")
FIRST_NUMERALS = frozenset("〇零一二三四五六七八九十两")


def _number_words(value: str) -> bool:
    """Whether ``value`` writes a number, an amount, a date or a count: it starts with a digit, or with a
    common numeral (:data:`FIRST_NUMERALS`) followed by a unit somewhere, and its Chinese characters are
    all numerals and units (:data:`NUMERALS`, :data:`UNITS`): ``1000元``, ``5000块``, ``¥ 5000元``, ``2025年6月``,
    ``二〇二二年``, ``3万`` — not ``万一``, ``周三``, ``陆万年``, ``伍月`` or ``时元``, which may be names."""
    text = value.strip()
    han = re.findall(HAN, text)
    if not han or not all(c in NUMERALS or c in UNITS for c in han):
        return False
    if re.match(r"[¥￥]?[ \u3000]*[0-9\uff10-\uff19]", text):  # a currency sign before it: ¥ 5000元
        return True
    return text[:1] in FIRST_NUMERALS and any(c in UNITS for c in han)


def _name_shaped(value: str) -> bool:
    """Whether ``value`` may be a person's name though it is near a word (:func:`_near`): two to four Chinese
    characters, the first a common surname (:data:`SURNAMES`), that are neither a word of the vocabularies
    nor one with a character left out (``曾孙`` for 曾孙子). ``孙小女`` (孙女 with a character put in),
    ``张孙子`` or ``王外孙`` (之外孙 with its first character changed) may be names; ``孙女`` is a word."""
    text = value.strip()
    if not (2 <= len(text) <= 4 and text[0] in SURNAMES and re.fullmatch(f"(?:{HAN})+", text)):
        return False
    return not any(text == word or _one_left_out(text, word) for word in _CHINESE_WORDS)


def name_masked(value: str) -> str:
    """``value`` masked as a name is (``王**``) where it is shaped as one (:func:`_name_shaped`), else as it is:
    for a cell shown where no column says what it holds (a copy of a code column that holds names).

    >>> name_masked("王小明"), name_masked("P10"), name_masked("脱贫户")
    ('王**', 'P10', '脱贫户')
    """
    return mask(value) if _name_shaped(value) else value


def _one_left_out(text: str, word: str) -> bool:
    """Whether ``text`` is ``word`` with one of its characters left out."""
    return len(word) == len(text) + 1 and any(word[:i] + word[i + 1 :] == text for i in range(len(word)))


#: The name of a place, which names no one (元谋县, 老城乡, 丙间村委会): Chinese characters ending in a division's word.
_PLACE = re.compile(r"[\u4e00-\u9fff]{1,30}(?:省|自治区|市|自治州|州|盟|县|旗|区|乡|镇|村|街道|社区|村委会|居委会)")


def masked_refused_value(header: str, value: str) -> str:
    """A refused cell as the errors file shows it, once its personal numbers are masked. Chinese text that
    may be a name typed one column off is masked as a name is, its first character kept: in a column of
    numbers (``张**``: ``张三丰`` typed into 工资性收入), in a yes/no or vocabulary column, and in a cell beyond
    the header (no column: ``header`` empty) — unless it is near a word of the monitoring system's
    vocabularies (:func:`_near`), which is shown for its fix: ``脱贫`` or ``脱贫护`` in 户类型, ``低保户`` (a
    word of 享受低保政策情况's) in 监测对象类别 — unless it is shaped as a name is (:func:`_name_shaped`: ``孙小女``
    in 与户主关系 is masked, ``孙**``). So is a number, an amount or a date written with Chinese characters
    (:func:`_number_words`: ``1000元`` in 工资性收入, ``2025年6月`` in 贷款到期日), and a place's name (``元谋县`` in
    行政区划代码). A free-text column's value (其他备注) is shown as it is, as its
    column is in the scored table; so is any value without Chinese text.

    >>> masked_refused_value("工资性收入", "张三丰"), masked_refused_value("工资性收入", "8,7OO")
    ('张**', '8,7OO')
    >>> masked_refused_value("户类型", "脱贫"), masked_refused_value("户类型", "张三丰"), masked_refused_value("监测对象类别", "低保户")
    ('脱贫', '张**', '低保户')
    >>> masked_refused_value("行政区划代码", "郭某秀"), masked_refused_value("行政区划代码", "元谋县老城乡")
    ('郭**', '元谋县老城乡')
    """
    if Health.knows(value):  # 患有大病 typed one column off: a health detail wherever it stands
        return mask_detail(value)
    if header in _CODE_HEADERS and re.search(r"[A-Za-z]", value) and not re.search(HAN, value):
        return mask(value)  # a code of digits holds no letter: Zhang San typed one column off, masked as a name
    if not re.search(HAN, value) or _number_words(value) or _PLACE.fullmatch(value):
        return value
    vocabulary = header in _VOCABULARIES or normalise(header) in _VOCABULARIES
    if (not header or holds_numbers(header) or vocabulary) and (
        not _near(value, _CHINESE_WORDS) or _name_shaped(value)
    ):
        return mask(value)
    return value


#: Member fields holding a detail of a person's health, masked keeping nothing (:func:`~fanpin.masking.mask_detail`)
#: in the errors file and the findings worksheet: 健康状况, and the disability category and level a disability
#: card's number (masked) encodes.
DETAIL_FIELDS = frozenset({"health", "disability_category", "disability_level"})


def masked_export_cell(field: str | None, value: str) -> str:
    """A cell as it may be shown: masked whole for a personal column (and for 健康状况, which is
    sensitive); in any other column, the ID, bank card, mobile and landline numbers in its text masked
    (a phone number typed into 与户主关系 was shown in clear), as a household table's cells are."""
    if value and field in DETAIL_FIELDS:
        return mask_detail(value)  # 健康状况 keeps nothing: its first character tells its value
    if value and field in EXPORT_PII_FIELDS:
        return mask(value)
    return value if field == "household_id" else mask_numbers(value)  # 户编号: the key, as in its column


def empty_table() -> list[str]:
    """The Markdown rows of the column table in this docstring and in ``docs/export.md``."""
    rows = ["| column | field | level | empty | meaning |", "|---|---|---|---|---|"]
    for name, field in Member.model_fields.items():
        meaning = (field.description or "").partition("(")[2].removesuffix(")")
        rows.append(f"| {field.title} | {name} | {LEVELS[name].value} | {EMPTY_MEANS[name].value} | {meaning} |")
    return rows
