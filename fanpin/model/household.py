"""The household: one typed record per 户, with the columns of the one-row-per-household table.

Every field has an English name and the Chinese header of the national export as accepted alias; the
Chinese header is also the field's ``title`` (what fanpin shows users). Empty cells are unknown
(``None``). Money is :class:`~decimal.Decimal` rounded to the fen. ID numbers and names are
:class:`~fanpin.model.values.Pii` and never appear unmasked in ``repr``, dumps or errors.

>>> from fanpin import Household
>>> h = Household.model_validate({"户编号": "H1", "行政区划代码": "532328", "户类型": "脱贫户",
...     "家庭人口数": "4", "工资性收入": "20000", "生产经营性收入": "8000", "财产性收入": "0",
...     "转移性收入": "2000", "住房出现安全问题": "否"})
>>> h.income_per_capita, h.housing_unsafe, h.dropout
(Decimal('7500.00'), False, None)
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, Self, TypeVar

from pydantic import (
    AliasChoices,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationInfo,
    WithJsonSchema,
    computed_field,
    field_validator,
    model_validator,
)
from pydantic.fields import FieldInfo

from fanpin.masking import shown_key
from fanpin.model.record import Record
from fanpin.model.values import (
    EXCEL_ERROR_VALUE,
    EXCEL_ERRORS,
    FEN,
    FULL_WIDTH_DIGITS,
    NOT_ONE_VALUE,
    Month,
    Pii,
    a_kind,
    array_as_list,
    code_text,
    excel_text,
    full_width,
    household_id_form,
    mask_numbers,
    no_excel_error,
    no_nan,
    not_one_value_in,
    number_text,
    parse_bool,
    parse_date,
    parse_id_number,
    parse_int,
    parse_money,
    parse_month,
    parse_pii,
)
from fanpin.regions import REGION_CODE, region_code_error

if TYPE_CHECKING:  # the member model builds on this module; Household is completed in fanpin.model
    from collections.abc import Iterable

    from fanpin.model.member import Member

__all__ = [
    "CODE_FIELDS",
    "NON_NEGATIVE",
    "Elimination",
    "Household",
    "HouseholdType",
    "IndustrySupport",
    "Kind",
    "Labelled",
    "MonitoringCategory",
    "Risk",
    "is_amount",
    "joined_measures",
]


class Labelled(StrEnum):
    """An enum whose members also parse from their Chinese label (and a few known synonyms)."""

    @property
    def label(self) -> str:
        return _LABELS[self]

    def _spellings(self) -> tuple[str, ...]:
        return (self.value, _LABELS[self], *_SYNONYMS.get(self, ()))

    @classmethod
    def spellings(cls) -> dict[Self, tuple[str, ...]]:
        """Each member's accepted spellings: its value, its Chinese label, then any known synonyms.

        >>> HouseholdType.spellings()[HouseholdType.ORDINARY]
        ('ordinary', '一般农户', '一般户')
        """
        return {member: member._spellings() for member in cls}

    @classmethod
    def parse(cls, value: object) -> Self | None:
        if type(value) is str:  # a spelling as written (most cells): looked up at once
            found = (_SPELLED.get(cls) or _spelled(cls)).get(value)
            if found is not None:
                return found  # type: ignore[return-value]
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, cls):
            return value
        text = str(value).strip()
        for member in cls:
            if text in member._spellings():
                return member
        none = cls.none_member() if said_none(text) else None
        if none is not None:  # 暂无 or a dash where the vocabulary has 无 (到户产业帮扶类型)
            return none
        known = "、".join(m.label for m in cls)
        raise ValueError(f"not a known value; expected one of {known}")

    @classmethod
    def none_member(cls) -> Self | None:
        """The member a cell saying there is none reads as (:data:`NONE_SAID`: 暂无, 没有, a slash or a dash alone),
        as 无 does: the one labelled 无, or None where no word of the vocabulary means none (such a cell is refused).

        >>> IndustrySupport.none_member(), HouseholdType.none_member()
        (<IndustrySupport.NONE: 'none'>, None)
        """
        return next((member for member in cls if member.label == NO_MEASURE), None)

    @classmethod
    def knows(cls, value: object) -> bool:
        """Whether ``value`` is one of its words as a cell may write them (:meth:`parse` reads it as a member).

        >>> HouseholdType.knows("一般户"), HouseholdType.knows("张三"), HouseholdType.knows("")
        (True, False, False)
        """
        try:
            return cls.parse(value) is not None
        except ValueError:
            return False


#: Per :class:`Labelled` class, each spelling → the first member that has it (:meth:`Labelled.parse`'s reading of a
#: text that is a spelling as it is).
_SPELLED: dict[type[Labelled], dict[str, Labelled]] = {}


def _spelled(cls: type[Labelled]) -> dict[str, Labelled]:
    spelled: dict[str, Labelled] = {}
    for member in cls:
        for text in member._spellings():
            spelled.setdefault(text, member)
    _SPELLED[cls] = spelled
    return spelled


class HouseholdType(Labelled):
    FORMERLY_POOR = "formerly_poor"
    ORDINARY = "ordinary"


class MonitoringCategory(Labelled):
    UNSTABLE_LIFTED = "unstable_lifted"
    MARGINAL = "marginal"
    SUDDEN_HARDSHIP = "sudden_hardship"


#: 户类型 as the national export writes a monitored household: resolved by its 监测对象类别.
MONITORED_KIND = "监测户"


def monitored_kind_error(category: str) -> str:
    """Why a 监测户 row is refused when its 监测对象类别 (``category``) does not say 脱贫户 or 一般农户 (an ID
    or phone number typed there masked, as in every message)."""
    return (
        f"户类型 监测户 with 监测对象类别 {mask_numbers(category) or '(empty)'} does not say whether the household is "
        "脱贫户 or 一般农户: write 脱贫户 or 一般农户"
    )


class Elimination(Labelled):
    BY_ASSISTANCE = "by_assistance"
    NATURAL = "natural"


class IndustrySupport(Labelled):
    HOUSEHOLD_INDUSTRY = "household_industry"
    ASSET_INCOME = "asset_income"
    NONE = "none"


class Risk(Labelled):
    ILLNESS = "illness"
    SCHOOLING = "schooling"
    DISABILITY = "disability"
    DISASTER = "disaster"
    ACCIDENT = "accident"
    INDUSTRY_FAILURE = "industry_failure"
    UNSTABLE_WORK = "unstable_work"
    LACK_OF_LABOUR = "lack_of_labour"
    HOUSING = "housing"
    WATER = "water"
    OTHER = "other"


_LABELS: dict[Labelled, str] = {
    HouseholdType.FORMERLY_POOR: "脱贫户",
    HouseholdType.ORDINARY: "一般农户",
    MonitoringCategory.UNSTABLE_LIFTED: "脱贫不稳定户",
    MonitoringCategory.MARGINAL: "边缘易致贫户",
    MonitoringCategory.SUDDEN_HARDSHIP: "突发严重困难户",
    Elimination.BY_ASSISTANCE: "帮扶消除",
    Elimination.NATURAL: "自然消除",
    IndustrySupport.HOUSEHOLD_INDUSTRY: "到户产业",
    IndustrySupport.ASSET_INCOME: "资产收益",
    IndustrySupport.NONE: "无",
    Risk.ILLNESS: "因病",
    Risk.SCHOOLING: "因学",
    Risk.DISABILITY: "因残",
    Risk.DISASTER: "因自然灾害",
    Risk.ACCIDENT: "因意外事故",
    Risk.INDUSTRY_FAILURE: "因产业项目失败",
    Risk.UNSTABLE_WORK: "因务工就业不稳",
    Risk.LACK_OF_LABOUR: "缺劳动力",
    Risk.HOUSING: "因安全住房",
    Risk.WATER: "因安全饮水",
    Risk.OTHER: "其他",
}
#: Other spellings seen in real files: exports write 一般户 for 一般农户, and 务工就业不稳 without 因.
_SYNONYMS: dict[Labelled, tuple[str, ...]] = {
    HouseholdType.ORDINARY: ("一般户",),
    Risk.UNSTABLE_WORK: ("务工就业不稳",),
}


def _monitored_kinds() -> dict[str, str]:
    kinds = {MonitoringCategory.UNSTABLE_LIFTED: "脱贫户", MonitoringCategory.MARGINAL: "一般农户"}
    return {
        text: kinds[m] for m, spellings in MonitoringCategory.spellings().items() if m in kinds for text in spellings
    }


#: 监测对象类别 spelling → the 户类型 it makes a 监测户 (the category's English id included).
MONITORED_KINDS: dict[str, str] = _monitored_kinds()


class Kind(StrEnum):
    """What a fact is, for the rule language's type checker and the engines' encoders."""

    MONEY = "money"
    COUNT = "count"
    BOOL = "bool"
    TEXT = "text"
    ENUM = "enum"
    MONTH = "month"
    DATE = "date"
    #: an area or a distance (亩, 平方米, 公里), compared as a plain number, never as money; its
    #: :class:`Measure` says which, so that 亩 never meets 平方米 or 公里
    QUANTITY = "quantity"


class Measure(StrEnum):
    """What a quantity fact (and a parameter of the same unit) measures: mixing two fails at load."""

    MU = "mu"  #: an area in 亩 (land)
    SQUARE_METRES = "square_metres"  #: an area in 平方米 (housing)
    KM = "km"  #: a distance in 公里


def is_amount(field: FieldInfo) -> bool:
    """Whether a column holds an amount of a household's own: money, a count (of its people, of months), an
    area — not a state that households may share, as Excel shows a cell merged over their rows (a type, a
    yes/no, a month, a text, a code, or a distance to the road, which neighbours share). One amount merged
    over two households' rows would be read as each one's, counted twice."""
    kind = next((m for m in field.metadata if isinstance(m, Kind)), None)
    return kind in (Kind.MONEY, Kind.COUNT) or (kind is Kind.QUANTITY and Measure.KM not in field.metadata)


@functools.cache
def _member_key_names() -> frozenset[str]:
    """The keys a member's mapping names its 户编号 by (household_id, 户编号 and the header's variants)."""
    from fanpin.model.member import Member  # the member model builds on this module

    alias = Member.model_fields["household_id"].validation_alias
    choices = alias.choices if isinstance(alias, AliasChoices) else ()
    return frozenset({"household_id", *(c for c in choices if isinstance(c, str))})


def holds_number(field: FieldInfo) -> bool:
    """Whether a column holds a number: money, a count, an area or a distance (its cell too large is refused
    as such, not taken for an identifier stored as a number: :class:`~fanpin.io.readers.OddCells`)."""
    kind = next((m for m in field.metadata if isinstance(m, Kind)), None)
    return kind in (Kind.MONEY, Kind.COUNT, Kind.QUANTITY)


def serialize_pii(value: Pii | None) -> str | None:
    """A personal value as it is written out: masked."""
    return None if value is None else value.masked


def _money_dump(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


Money = Annotated[Decimal | None, BeforeValidator(parse_money), PlainSerializer(_money_dump), Kind.MONEY]
Count = Annotated[int | None, BeforeValidator(parse_int), Kind.COUNT]
YesNo = Annotated[bool | None, BeforeValidator(parse_bool), Kind.BOOL]
_MONTH_SCHEMA = WithJsonSchema({"type": ["string", "null"], "pattern": "^[0-9]{6}(\\.0+)?$", "examples": ["202304"]})
DateValue = Annotated[date | None, BeforeValidator(parse_date), Kind.DATE]
#: In JSON Schema a personal value is text that fanpin only ever writes out masked.
PII_SCHEMA = WithJsonSchema({"type": ["string", "null"], "description": "personal: written out masked, never in clear"})
PiiText = Annotated[Pii | None, BeforeValidator(parse_pii), PlainSerializer(serialize_pii), PII_SCHEMA, Kind.TEXT]
#: An ID number (户主证件号码): as :data:`PiiText`, without a leading apostrophe, and refused in scientific notation
#: (:func:`parse_id_number`), as the member model's 证件号码 is.
IdNumber = Annotated[
    Pii | None, BeforeValidator(parse_id_number), PlainSerializer(serialize_pii), PII_SCHEMA, Kind.TEXT
]
#: The text columns that hold a code, read without a leading apostrophe (values.code_text).
CODE_FIELDS = frozenset({"household_id", "region_code"})


def _field(zh: str, en: str, *variants: str, required: bool = False, **kwargs: Any) -> Any:
    """A model field accepting its English name or its Chinese header (or one of its ``variants``, other
    headers the same column goes by)."""
    default: Any = ... if required else None
    return Field(default, title=zh, validation_alias=AliasChoices(en, zh, *variants), description=en, **kwargs)


def _enum(cls: type[Labelled]) -> BeforeValidator:
    return BeforeValidator(cls.parse)


def joined_measures(items: Iterable[str]) -> str:
    """The measures in place given as a list (``["产业帮扶", " 就业帮扶", ""]``) as one cell of them, separated
    as an export's cell separates them (``产业帮扶;就业帮扶``), each without the spaces around it, none empty:
    what a reader of text cells gives :class:`Household`, which splits it again (:func:`_split_measures`).
    Written out as its Python text, ``[]`` had been read as one measure named ``[]``.

    >>> joined_measures(["产业帮扶", " 就业帮扶", ""]), joined_measures([])
    ('产业帮扶;就业帮扶', '')
    """
    return ";".join(text.strip() for text in items if text.strip())


def measure_parts(text: str) -> tuple[str, ...]:
    """The measures a 已落实帮扶措施 cell lists: split at , ， 、 ； ; and each part trimmed, the empty ones
    dropped (the batch path counts them alike, fanpin.batch.validate.measure_count).

    >>> measure_parts("产业帮扶， 就业帮扶;;")
    ('产业帮扶', '就业帮扶')
    """
    for sep in MEASURE_SEPARATORS[:-1]:
        text = text.replace(sep, ";")
    return tuple(part.strip() for part in text.split(";") if part.strip())


#: What separates the measures of a 已落实帮扶措施 cell (:func:`measure_parts`; ``;`` last).
MEASURE_SEPARATORS = ",，、；;"


def lists_excel_error(text: str) -> bool:
    """Whether a 已落实帮扶措施 cell lists an error of Excel's among its measures (``产业帮扶;#N/A``): refused as
    the cell ``#N/A`` is, by the model and by the file reader before it (it had been counted as a measure)."""
    return "#" in text and any(part in EXCEL_ERRORS for part in measure_parts(text))


#: Why the measures in place given as a set, a dict, bytes (or a list holding one) are refused: the Python
#: text of one had been read as a measure (``set()``, ``{'产业帮扶': True}``).
MEASURES_NOT_LISTED = "not the measures but {kind}; give them as a list of measures, or as one text (产业帮扶;就业帮扶)"


def _split_measures(value: object) -> tuple[str, ...]:
    value = array_as_list(value)  # a pandas cell of a list column: the list it holds
    if value is None:
        return ()
    if isinstance(value, list | tuple):
        odd = not_one_value_in(value)
        if odd is not None:
            raise ValueError(MEASURES_NOT_LISTED.format(kind=a_kind(odd)))
        return _none_is_no_measure(tuple(str(number_text(no_nan(v))).strip() for v in value if str(v).strip()))
    if isinstance(value, NOT_ONE_VALUE):
        raise ValueError(MEASURES_NOT_LISTED.format(kind=a_kind(value)))
    # an error of Excel's (#N/A) is no measure: refused as Scorer.score refuses it
    text = str(number_text(no_nan(value)))
    if lists_excel_error(text):
        raise ValueError(EXCEL_ERROR_VALUE)
    return _none_is_no_measure(measure_parts(text))


def _named_measures(value: object) -> tuple[str, ...]:
    """The measures a 已落实帮扶措施 value lists (:func:`_split_measures`), none of them a number
    (:data:`NUMBER_FOR_MEASURE`)."""
    measures = _split_measures(value)
    if any(is_measure_number(measure) for measure in measures):
        raise ValueError(NUMBER_FOR_MEASURE)
    return measures


#: What a clerk writes in 已落实帮扶措施 for "no measure": a cell listing only it lists none, as a measure
#: column of the person-level export holding only 无 is empty (fanpin.model.vocabulary.split_labels).
NO_MEASURE = "无"
#: The words and marks a form writes for "none" in a cell that names something (a measure, a post, a kind of
#: support), as a regular expression Python and polars read alike: 无, 暂无 or 没有, with a full stop after it too
#: (无。); a slash or a dash alone, or a run of them (/ or \, - or —, ——, and their full-width forms: a form's mark
#: for a cell with nothing to write in it). Not 无无, and not a mark beside a name. A 公益性岗位 cell so written
#: holds no post (fanpin.model.member.parse_post), a 到户产业帮扶类型 cell is 无 (:meth:`Labelled.none_member`).
NONE_SAID = (
    f"(?:{NO_MEASURE}|暂{NO_MEASURE}|没有)[\u3002.\uff0e]?"
    "|[/\uff0f\\\\\uff3c\\-\uff0d\u2010\u2012\u2013\u2014\u2015\u2212]+"
)
_NONE_SAID = re.compile(NONE_SAID)
#: The characters a text saying none (:data:`NONE_SAID`) may begin with: any other text says something.
SAID_NONE_FIRST = frozenset(f"{NO_MEASURE}暂没/\uff0f\\\uff3c-\uff0d\u2010\u2012\u2013\u2014\u2015\u2212")
#: Each way a form writes "none" in a list of measures: :data:`NONE_SAID`, or a 0 (0, 0.0, a full-width 0: a count
#: of none, or what a spreadsheet shows for a formula over an empty cell; no measure is called 0). Not 00 or 0.5.
NONE_WRITTEN = f"{NONE_SAID}|[0\uff10](?:\\.0+)?"
_NONE_WRITTEN = re.compile(NONE_WRITTEN)


def said_none(text: str) -> bool:
    """Whether a cell naming something, trimmed, says there is none (:data:`NONE_SAID`: 无, 暂无, 没有, a slash or
    a dash alone); a number is not read so.

    >>> [said_none(t) for t in ("无", "暂无。", "-", "——", "\\uff0f", "0", "无无", "护林员")]
    [True, True, True, True, True, False, False, False]
    """
    return _NONE_SAID.fullmatch(text) is not None


_V = TypeVar("_V")
#: The parsers :func:`none_said_empty` made (:func:`reads_none_said_as_empty` tells a field by them).
_NONE_SAID_EMPTY: set[Callable[[object], Any]] = set()


def none_said_empty(parse: Callable[[object], _V | None]) -> Callable[[object], _V | None]:
    """``parse`` of a column whose empty cell means there is none (a household not monitored: 监测对象类别,
    识别监测时间, 风险消除方式 …; no second risk: 致贫/返贫风险2; not working away: 务工所在地), reading a cell that
    says so (:func:`said_none`: 无, 暂无, 没有, a slash or a dash alone) as empty, ``None``, as an empty cell. A
    clerk writes 无 or ``-`` where the form has nothing to write: in a vocabulary without 无 it had refused the
    row, and in a text column it had been read as the text 无 (a member whose 务工所在地 is 无 working away).
    One function, the field's only before-validator: the export reader calls it alone on its plain path
    (:func:`fanpin.io.member_cells._validator`). A column whose empty cell means unknown (健康状况) is not read so.

    >>> month = none_said_empty(parse_month)
    >>> month("202304"), month("无"), month(" - "), month("")
    ('202304', None, None, None)
    """

    def parse_or_none(value: object) -> _V | None:
        try:
            parsed = parse(value)
        except ValueError:  # a word of the vocabulary, a month, is read first: 无 is none of them
            if isinstance(value, str) and said_none(value.strip()):
                return None
            raise
        # a text column's value is its text, trimmed (every other parser refuses 无 and the marks); most texts are
        # told by their first character (a place's name: a look-up, where the regular expression had cost more)
        return None if type(parsed) is str and parsed[:1] in SAID_NONE_FIRST and said_none(parsed) else parsed

    _NONE_SAID_EMPTY.add(parse_or_none)
    return parse_or_none


def reads_none_said_as_empty(field: FieldInfo) -> bool:
    """Whether a model field reads a cell saying there is none as empty (:func:`none_said_empty`): the batch
    validator reads such a field's cells so too (:func:`fanpin.batch.validate._parse`)."""
    return any(isinstance(m, BeforeValidator) and m.func in _NONE_SAID_EMPTY for m in field.metadata)


#: A month of a column whose empty cell means none (识别监测时间 of a household not monitored): 无 or a dash is empty.
NoneMonthValue = Annotated[Month | None, BeforeValidator(none_said_empty(parse_month)), _MONTH_SCHEMA, Kind.MONTH]


def none_enum(cls: type[Labelled]) -> BeforeValidator:
    """The before-validator of a vocabulary column whose empty cell means none (监测对象类别, 致贫/返贫风险2 …):
    :meth:`Labelled.parse`, a cell saying there is none read as empty (:func:`none_said_empty`)."""
    return BeforeValidator(none_said_empty(cls.parse))


def says_none(part: str) -> bool:
    """Whether one item of a list of measures, trimmed, is a form's "none" (:data:`NONE_WRITTEN`).

    >>> [says_none(p) for p in ("无", "无。", "暂无", "没有", "/", "——", "0", "0.0", "技能培训", "无无", "00")]
    [True, True, True, True, True, True, True, True, False, False, False]
    """
    return _NONE_WRITTEN.fullmatch(part) is not None


#: A measure written as a number (2, 3, 0.5, 00, or in full-width digits), which no measure is called: a count of
#: the measures, or a code. A cell listing one is refused, unless every item of it says none (0: :data:`NONE_WRITTEN`).
MEASURE_NUMBER = "[0-9\uff10-\uff19]+(?:[.\uff0e][0-9\uff10-\uff19]+)?"
_MEASURE_NUMBER = re.compile(MEASURE_NUMBER)
#: Why a cell of measures (已落实帮扶措施, the export's 产业帮扶 …) listing a number is refused: it had been one
#: measure (a cell 3 one measure in place), and under an export a label named 3.
NUMBER_FOR_MEASURE = (
    "a number is not the name of a measure (a count of the measures names none of them): write the measures' "
    "names, separated by 、 or ；"
)


def is_measure_number(part: str) -> bool:
    """Whether one item of a list of measures, trimmed, is a number (:data:`MEASURE_NUMBER`).

    >>> [is_measure_number(p) for p in ("2", "0.5", "\uff13", "技能培训", "3项", "2025年培训")]
    [True, True, True, False, False, False]
    """
    return _MEASURE_NUMBER.fullmatch(part) is not None


def _none_is_no_measure(parts: tuple[str, ...]) -> tuple[str, ...]:
    """``parts``, or none when each of them is a form's "none" (:func:`says_none`: 无, 无。, a slash or a dash
    alone, 0): each had been one measure in place, so audit.no_measure missed the household and
    monitoring.elimination_ready could call it ready."""
    return () if parts and all(says_none(part) for part in parts) else parts


#: Why a negative income or spending item is refused, with its fix.
NEGATIVE_MONEY = (
    "must not be negative (an income or spending item is never below 0): correct the cell, writing 0 for none"
)
#: The money fields that must not be negative (an income or spending item is never below 0).
NON_NEGATIVE = (
    "wage_income",
    "public_job_income",
    "business_income",
    "business_cost",
    "property_income",
    "asset_dividend",
    "transfer_income",
    "assistance_income",
    "medical_out_of_pocket",
    "education_expense",
    "disaster_loss",
    "prev_rigid_expense",
    "loan_balance",
)


def labor_over_size(labor: object, size: object) -> str:
    """Why a household whose 劳动力人数 is larger than its 家庭人口数 is refused, with both values: the batch
    validator writes the same words (:func:`fanpin.batch.validate.validate`)."""
    return (
        f"劳动力人数 (labor_count) {labor} is larger than 家庭人口数 (size) {size}: a household's labour force is "
        "among its members; correct one of the two"
    )


def blamed_field(reason: str) -> str:
    """The field a refusal of the whole household names first, for the errors file's column and value: 劳动力人数
    of :func:`labor_over_size`, 监测对象类别 of :func:`monitored_kind_error`; "" for another reason."""
    if reason.startswith("劳动力人数 (labor_count) ") and " is larger than 家庭人口数 (size) " in reason:
        return "labor_count"
    if reason.startswith("户类型 监测户 with 监测对象类别 "):
        return "monitoring_category"
    return ""


class Household(Record):
    """One household (户). Its fields are the input columns (README, "Input"); build it with ``model_validate``."""

    # An unknown key is refused with a "did you mean" (fanpin.model.record); extra="ignore" per call allows it.
    model_config = ConfigDict(
        frozen=True, extra="forbid", validate_by_name=True, hide_input_in_errors=True, arbitrary_types_allowed=True
    )

    household_id: Annotated[str, Kind.TEXT] = _field("户编号", "household_id", required=True, min_length=1)
    #: 2, 4, 6, 9 or 12 digits (fanpin.regions): checked by _region_code, with a reason that says so
    region_code: Annotated[str | None, Kind.TEXT] = _field(
        "行政区划代码", "region_code", json_schema_extra={"pattern": REGION_CODE}
    )
    household_type: Annotated[HouseholdType, _enum(HouseholdType), Kind.ENUM] = _field(
        "户类型", "household_type", required=True
    )
    size: Annotated[int, BeforeValidator(parse_int), Kind.COUNT] = _field("家庭人口数", "size", required=True, ge=1)
    id_number: IdNumber = _field("户主证件号码", "id_number")
    head_name: PiiText = _field("户主姓名", "head_name")
    labor_count: Count = _field("劳动力人数", "labor_count", ge=0)
    no_labor_household: YesNo = _field("整户无劳动能力兜底保障户", "no_labor_household")
    wage_income: Annotated[Decimal, BeforeValidator(parse_money), Kind.MONEY] = _field(
        "工资性收入", "wage_income", required=True
    )
    public_job_income: Money = _field("公益岗位收入", "public_job_income")
    business_income: Annotated[Decimal, BeforeValidator(parse_money), Kind.MONEY] = _field(
        "生产经营性收入", "business_income", required=True
    )
    business_cost: Money = _field("生产经营性支出", "business_cost")
    property_income: Annotated[Decimal, BeforeValidator(parse_money), Kind.MONEY] = _field(
        "财产性收入", "property_income", required=True
    )
    asset_dividend: Money = _field("资产收益分红", "asset_dividend")
    transfer_income: Annotated[Decimal, BeforeValidator(parse_money), Kind.MONEY] = _field(
        "转移性收入", "transfer_income", required=True
    )
    assistance_income: Money = _field("保障性转移收入", "assistance_income")
    # 人均纯收入 and 家庭人均纯收入 too, as the person-level export is read: a table's column of the same
    # meaning (人均纯收入 without its unit had been taken for a misspelt 上年人均纯收入).
    reported_income_per_capita: Money = _field("人均纯收入（元）", "income_per_capita", "人均纯收入", "家庭人均纯收入")
    prev_income_per_capita: Money = _field("上年人均纯收入", "prev_income_per_capita")
    medical_out_of_pocket: Money = _field("合规自付支出", "medical_out_of_pocket")
    education_expense: Money = _field("教育支出", "education_expense")
    disaster_loss: Money = _field("因灾因意外支出", "disaster_loss")
    prev_rigid_expense: Money = _field("上年刚性支出", "prev_rigid_expense")
    housing_unsafe: YesNo = _field("住房出现安全问题", "housing_unsafe")
    dropout: YesNo = _field("义务教育阶段适龄儿童少年失学辍学", "dropout")
    water_unsafe: YesNo = _field("饮水出现安全问题", "water_unsafe")
    uninsured_member: YesNo = _field("有家庭成员未参加基本医保", "uninsured_member")
    serious_illness_count: Count = _field("大病重病人数", "serious_illness_count", ge=0)
    severe_disability_count: Count = _field("重度残疾人数", "severe_disability_count", ge=0)
    public_job_months: Count = _field("公益岗位聘用月数", "public_job_months", ge=0, le=12)
    # 监测对象类别 … 致贫/返贫风险5: empty means none (not monitored, no such risk), and so does a cell saying so (无,
    # 暂无, a dash: none_said_empty), as in the person-level export
    monitoring_category: Annotated[MonitoringCategory | None, none_enum(MonitoringCategory), Kind.ENUM] = _field(
        "监测对象类别", "monitoring_category"
    )
    identified_month: NoneMonthValue = _field("识别监测时间", "identified_month")
    risk_eliminated: YesNo = _field("风险是否已消除", "risk_eliminated")
    elimination_method: Annotated[Elimination | None, none_enum(Elimination), Kind.ENUM] = _field(
        "风险消除方式", "elimination_method"
    )
    eliminated_month: NoneMonthValue = _field("消除监测时间", "eliminated_month")
    risk_1: Annotated[Risk | None, none_enum(Risk), Kind.ENUM] = _field("致贫/返贫风险1", "risk_1")
    risk_2: Annotated[Risk | None, none_enum(Risk), Kind.ENUM] = _field("致贫/返贫风险2", "risk_2")
    risk_3: Annotated[Risk | None, none_enum(Risk), Kind.ENUM] = _field("致贫/返贫风险3", "risk_3")
    risk_4: Annotated[Risk | None, none_enum(Risk), Kind.ENUM] = _field("致贫/返贫风险4", "risk_4")
    risk_5: Annotated[Risk | None, none_enum(Risk), Kind.ENUM] = _field("致贫/返贫风险5", "risk_5")
    measures_in_place: Annotated[tuple[str, ...], BeforeValidator(_named_measures)] = Field(
        (), title="已落实帮扶措施", validation_alias=AliasChoices("measures_in_place", "已落实帮扶措施")
    )
    wants_industry: YesNo = _field("有产业发展意愿", "wants_industry")
    industry_support: Annotated[IndustrySupport | None, _enum(IndustrySupport), Kind.ENUM] = _field(
        "到户产业帮扶类型", "industry_support"
    )
    wants_loan: YesNo = _field("有贷款意愿", "wants_loan")
    loan_balance: Money = _field("小额信贷余额", "loan_balance")
    loan_purpose: Annotated[str | None, Kind.TEXT] = _field("贷款用途", "loan_purpose")
    loan_due: DateValue = _field("贷款到期日", "loan_due")
    loan_overdue: YesNo = _field("贷款是否逾期", "loan_overdue")
    relocated: YesNo = _field("易地扶贫搬迁户", "relocated")
    farming_at_origin: YesNo = _field("在迁出地从事种养业", "farming_at_origin")
    #: The household's members (the person rows of the national export). None: not given — a
    #: one-row-per-household table — so every rule that reads the members is not evaluable.
    members: tuple[Member, ...] | None = Field(
        None, title="家庭成员", description="the person rows; absent: not given (member rules are not evaluable)"
    )

    @field_validator("household_id", "region_code", "loan_purpose", mode="before")
    @classmethod
    def _text(cls, value: object, info: ValidationInfo) -> object:
        # a number as a dict's value is read on every path (values.number_text): a float that lost its last digits
        # (532328199001011234.0) is in scientific notation, refused as such; it had been taken with wrong digits
        value = number_text(no_nan(value))
        if isinstance(value, str):
            # a code's leading apostrophe is a mark that keeps it text, not part of it (values.code_text); an error
            # of Excel's (#N/A) is no code (values.no_excel_error)
            return (no_excel_error(code_text(value)) if info.field_name in CODE_FIELDS else excel_text(value)) or None
        return value

    @field_validator("household_id")
    @classmethod
    def _household_id(cls, value: str) -> str:
        return household_id_form(value)

    @field_validator("members", mode="before")
    @classmethod
    def _members_of_this_household(cls, value: object, info: ValidationInfo) -> object:
        """A member given as a mapping without a 户编号 of its own takes the household's, as ``Scorer.assess``
        gives it (the model had refused it, "members.0.household_id: Field required", where the scorer took
        it, and a host's request body of this model with it); one that gives another is refused
        (:meth:`_consistent`)."""
        key = info.data.get("household_id")
        if key is None or not isinstance(value, list | tuple):
            return value
        return [
            {"household_id": key, **m} if isinstance(m, Mapping) and _member_key_names().isdisjoint(m) else m
            for m in value
        ]

    @field_validator("region_code")
    @classmethod
    def _region_code(cls, value: str | None) -> str | None:
        problem = None if value is None else region_code_error(value)
        if problem is not None:  # a code in full-width digits is refused for them
            raise ValueError(FULL_WIDTH_DIGITS if full_width(str(value)) else problem)
        return value

    @field_validator(*NON_NEGATIVE)
    @classmethod
    def _non_negative(cls, value: Decimal | None) -> Decimal | None:
        if value is not None and value < 0:
            raise ValueError(NEGATIVE_MONEY)
        return value

    @model_validator(mode="before")
    @classmethod
    def _monitored_kind(cls, data: Any) -> Any:
        """户类型 ``监测户`` (as the national export writes it) is 脱贫户 or 一般农户 by its 监测对象类别:
        脱贫不稳定户 are 脱贫户, 边缘易致贫户 are 一般农户; a 突发严重困难户 says neither, and is refused."""
        if not isinstance(data, dict):
            return data
        key = next((k for k in ("household_type", "户类型") if k in data), None)
        if key is None or not isinstance(data[key], str) or data[key].strip() != MONITORED_KIND:
            return data
        raw = next((data[k] for k in ("monitoring_category", "监测对象类别") if data.get(k) not in (None, "")), None)
        text = "" if raw is None else str(raw).strip()
        resolved = MONITORED_KINDS.get(text)
        if resolved is None:
            raise ValueError(monitored_kind_error(text))
        return {**data, key: resolved}

    @classmethod
    def _empty_reason(cls, field: str) -> str:
        """An income left empty is refused with the fix (write 0 if there was none), as a file's cell is."""
        from fanpin.model.columns import empty_reason  # columns reads this model: imported when used

        return empty_reason(field)

    @model_validator(mode="after")
    def _consistent(self) -> Household:
        if self.labor_count is not None and self.labor_count > self.size:
            raise ValueError(labor_over_size(self.labor_count, self.size))
        other = next((m for m in self.members or () if m.household_id != self.household_id), None)
        if other is not None:  # a file groups its member rows by 户编号: such a row is another household's
            raise ValueError(
                f"a member row names 户编号 {shown_key(other.household_id)}, not the household's "
                f"{shown_key(self.household_id)}: give each member under the household its 户编号 names"
            )
        return self

    # ---- derived values (net income, per capita, rigid spending) -------------------------------------------------

    @computed_field(title="家庭纯收入")  # type: ignore[prop-decorator]
    @property
    def net_income(self) -> Decimal:
        """wage + business − business_cost + property + transfer (unknown business cost = 0)."""
        return (
            self.wage_income
            + self.business_income
            - (self.business_cost or Decimal(0))
            + self.property_income
            + self.transfer_income
        )

    @computed_field(title="人均纯收入")  # type: ignore[prop-decorator]
    @property
    def income_per_capita(self) -> Decimal:
        """Household net income ÷ size, rounded to the fen (half up). Zero has no sign: a net income of
        -0.02 元 over 7 people is 0.00, as the batch path writes it (it had been -0.00 here)."""
        per_head = (self.net_income / self.size).quantize(FEN, rounding=ROUND_HALF_UP)
        return per_head if per_head else per_head.copy_abs()

    @computed_field(title="刚性支出")  # type: ignore[prop-decorator]
    @property
    def rigid_expense(self) -> Decimal | None:
        """medical + education + disaster; unknown parts count as 0 only if one part is known."""
        known = [p for p in (self.medical_out_of_pocket, self.education_expense, self.disaster_loss) if p is not None]
        return sum(known, Decimal(0)) if known else None

    @computed_field(title="家庭总收入")  # type: ignore[prop-decorator]
    @property
    def gross_income(self) -> Decimal:
        """wage + business + property + transfer, before business costs."""
        return self.wage_income + self.business_income + self.property_income + self.transfer_income

    @property
    def monitored(self) -> bool:
        return self.monitoring_category is not None

    def __repr_args__(self) -> Any:
        # Only the identifying, non-personal fields: a repr ends up in logs and tracebacks.
        yield "household_id", self.household_id
        yield "region_code", self.region_code
        yield "id_number", self.id_number
