"""The vocabularies of the person-level export (全国防返贫监测信息系统): one enum per coded column.

Each enum is :class:`~fanpin.model.household.Labelled`-style: its values are English, its ``label`` is
the Chinese word the export writes, and :meth:`ExportLabelled.parse` also accepts the variants seen in
exports (``一般户`` for ``一般农户``, ``1``/``1.0`` for 男, ``弱劳动力`` for ``弱劳动力或半劳动力``, half-width
brackets, stray spaces). An unknown word is an error that lists the known ones; empty is ``None``.
The cell parsers the export needs beyond :mod:`fanpin.model.values` are here too: risks with their
variant spellings, areas, and the comma-separated measure cells.

>>> LabourSkill.parse("弱劳动力"), Sex.parse("2.0"), Relation.parse("之外孙女").label
(<LabourSkill.WEAK: 'weak'>, <Sex.FEMALE: 'female'>, '之外孙女')
>>> parse_risk("务工就业不稳")
<Risk.UNSTABLE_WORK: 'unstable_work'>
"""

from __future__ import annotations

from decimal import Decimal

from fanpin.model.household import (
    NUMBER_FOR_MEASURE,
    HouseholdType,
    Labelled,
    MonitoringCategory,
    Risk,
    is_measure_number,
    says_none,
)
from fanpin.model.values import (
    NOT_ONE_VALUE,
    a_kind,
    array_as_list,
    excel_text,
    is_empty,
    not_one_value_in,
    parse_money,
    quantity_reason,
)

__all__ = [
    "DISABILITY_CATEGORIES",
    "NOT_EDUCATION",
    "DevelopmentStatus",
    "Dibao",
    "Education",
    "ExportLabelled",
    "Health",
    "HouseholdKind",
    "IdCardKind",
    "IdDocument",
    "LabourSkill",
    "Relation",
    "Schooling",
    "Sex",
    "Tekun",
    "household_type",
    "normalise",
    "parse_quantity",
    "parse_risk",
    "split_labels",
]


def normalise(text: str) -> str:
    """Trimmed, inner spaces removed, half-width brackets as the export's full-width ones."""
    return "".join(excel_text(text).split()).replace("(", "（").replace(")", "）")


class ExportLabelled(Labelled):
    """A :class:`Labelled` enum with its own labels and variants (see the module docstring)."""

    @property
    def label(self) -> str:
        return _labels(self)[0]

    def _spellings(self) -> tuple[str, ...]:
        """Its value, its label, then its variants (before :func:`normalise`)."""
        return (self.value, *_labels(self))

    @classmethod
    def parse(cls, value: object) -> ExportLabelled | None:
        if is_empty(value):
            return None
        if isinstance(value, cls):
            return value
        if isinstance(value, float) and value.is_integer():  # a code cell read as a number
            value = int(value)
        member = _lookup(cls).get(normalise(str(value)))
        if member is None:
            raise ValueError(cls._unknown())
        return member

    @classmethod
    def _unknown(cls) -> str:
        """Why a word that is none of its values is refused: the values it takes."""
        known = "、".join(m.label for m in cls)
        return f"not a known value; expected one of {known}"


class Sex(ExportLabelled):
    MALE = "male"
    FEMALE = "female"


class Relation(ExportLabelled):
    """与户主关系."""

    HEAD = "head"
    SPOUSE = "spouse"
    SON = "son"
    DAUGHTER = "daughter"
    FATHER = "father"
    MOTHER = "mother"
    DAUGHTER_IN_LAW = "daughter_in_law"
    SON_IN_LAW = "son_in_law"
    GRANDSON = "grandson"
    GRANDDAUGHTER = "granddaughter"
    DAUGHTERS_SON = "daughters_son"
    DAUGHTERS_DAUGHTER = "daughters_daughter"
    SIBLING = "sibling"
    GRANDFATHER = "grandfather"
    GRANDMOTHER = "grandmother"
    HUSBANDS_FATHER = "husbands_father"
    HUSBANDS_MOTHER = "husbands_mother"
    WIFES_FATHER = "wifes_father"
    WIFES_MOTHER = "wifes_mother"
    GREAT_GRANDSON = "great_grandson"
    GREAT_GRANDDAUGHTER = "great_granddaughter"
    UNCLE = "uncle"
    SIBLINGS_WIFE = "siblings_wife"
    NEPHEW = "nephew"
    NIECE = "niece"
    OTHER = "other"


class HouseholdKind(ExportLabelled):
    """户类型 as the export writes it; 监测户 does not say 脱贫户 or 一般农户 (see :func:`household_type`)."""

    FORMERLY_POOR = "formerly_poor"
    ORDINARY = "ordinary"
    MONITORED = "monitored"


class IdDocument(ExportLabelled):
    """证件类型."""

    ID_CARD = "id_card"
    DISABILITY_CARD = "disability_card"
    MILITARY = "military"
    OTHER = "other"


class IdCardKind(ExportLabelled):
    """What the 证件号码 itself is (derived from its length and prefix, not read from a cell)."""

    ID_CARD = "id_card"
    DISABILITY_CARD = "disability_card"
    NO_REAL_ID = "no_real_id"
    MALFORMED = "malformed"


#: Why a 文化程度 that is no level of schooling is refused, with the levels it takes (``{known}``) and the fix: a
#: vocational school is senior-secondary, a qualification (技师, 高级工) is no level of schooling.
NOT_EDUCATION = (
    "not a level of schooling; write the highest level completed, one of {known} (a vocational school, 技校, 职高 or "
    "中职, is 高中; a qualification such as 技师 is not a level of schooling)"
)


class Education(ExportLabelled):
    """文化程度: the highest level of schooling completed. A vocational secondary school (中专, 技校, 技工学校,
    职高, 职业高中, 中职, 中等专科) is senior-secondary, as 高中 is; a vocational qualification (技师) is no level of
    schooling, and is refused saying so (:data:`NOT_EDUCATION`).

    >>> Education.parse("技校"), Education.parse("职业高中")
    (<Education.SENIOR_SECONDARY: 'senior_secondary'>, <Education.SENIOR_SECONDARY: 'senior_secondary'>)
    """

    ILLITERATE = "illiterate"
    PRIMARY = "primary"
    JUNIOR_SECONDARY = "junior_secondary"
    SENIOR_SECONDARY = "senior_secondary"
    COLLEGE = "college"
    BACHELOR_OR_ABOVE = "bachelor_or_above"

    @classmethod
    def _unknown(cls) -> str:
        return NOT_EDUCATION.format(known="、".join(m.label for m in cls))


class Schooling(ExportLabelled):
    """在校生状况 (empty: not a student)."""

    PRESCHOOL_AGE = "preschool_age"
    PRESCHOOL = "preschool"
    PRIMARY = "primary"
    GRADE_7 = "grade_7"
    GRADE_8 = "grade_8"
    GRADE_9 = "grade_9"
    HIGH_1 = "high_1"
    HIGH_2 = "high_2"
    HIGH_3 = "high_3"
    VOCATIONAL_1 = "vocational_1"
    VOCATIONAL_2 = "vocational_2"
    VOCATIONAL_3 = "vocational_3"
    HIGHER_VOCATIONAL_1 = "higher_vocational_1"
    HIGHER_VOCATIONAL_2 = "higher_vocational_2"
    HIGHER_VOCATIONAL_3 = "higher_vocational_3"
    BACHELOR = "bachelor"
    MASTER_OR_ABOVE = "master_or_above"

    @property
    def compulsory(self) -> bool:
        """In compulsory education (义务教育: 小学 to 九年级)."""
        return self in (Schooling.PRIMARY, Schooling.GRADE_7, Schooling.GRADE_8, Schooling.GRADE_9)


class Health(ExportLabelled):
    """健康状况."""

    HEALTHY = "healthy"
    CHRONIC = "chronic"
    SERIOUS_ILLNESS = "serious_illness"
    DISABLED = "disabled"


class LabourSkill(ExportLabelled):
    """劳动技能."""

    ORDINARY = "ordinary"
    SKILLED = "skilled"
    WEAK = "weak"
    LOST = "lost"
    NONE = "none"

    @property
    def is_labour(self) -> bool:
        """Counted in 劳动力人数: 普通劳动力, 技能劳动力 or 弱劳动力或半劳动力."""
        return self in (LabourSkill.ORDINARY, LabourSkill.SKILLED, LabourSkill.WEAK)


class Dibao(ExportLabelled):
    """享受低保政策情况."""

    RURAL = "rural"
    URBAN = "urban"
    NOT_RECEIVED = "not_received"


class Tekun(ExportLabelled):
    """享受特困供养政策情况."""

    RURAL = "rural"
    URBAN = "urban"
    NOT_RECEIVED = "not_received"


class DevelopmentStatus(ExportLabelled):
    """实施开发式帮扶措施情况."""

    IMPLEMENTED = "implemented"
    NOT_YET = "not_yet"


#: member → (label, *variants). Variants are compared after :func:`normalise`. (A list of pairs, not a
#: dict: members of different enums with the same value, such as ``ordinary``, are equal strings.)
_LABEL_PAIRS: list[tuple[ExportLabelled, tuple[str, ...]]] = [
    (Sex.MALE, ("男", "1", "男性")),
    (Sex.FEMALE, ("女", "2", "女性")),
    (Relation.HEAD, ("户主", "本人")),
    (Relation.SPOUSE, ("配偶", "之配偶")),
    (Relation.SON, ("之子", "子", "儿子")),
    (Relation.DAUGHTER, ("之女", "女", "女儿")),
    (Relation.FATHER, ("之父", "父亲")),
    (Relation.MOTHER, ("之母", "母亲")),
    (Relation.DAUGHTER_IN_LAW, ("之儿媳", "儿媳")),
    (Relation.SON_IN_LAW, ("之女婿", "女婿")),
    (Relation.GRANDSON, ("之孙子", "孙子")),
    (Relation.GRANDDAUGHTER, ("之孙女", "孙女")),
    (Relation.DAUGHTERS_SON, ("之外孙子", "外孙子", "之外孙")),
    (Relation.DAUGHTERS_DAUGHTER, ("之外孙女", "外孙女")),
    (Relation.SIBLING, ("之兄弟姐妹", "兄弟姐妹")),
    (Relation.GRANDFATHER, ("之祖父", "祖父")),
    (Relation.GRANDMOTHER, ("之祖母", "祖母")),
    (Relation.HUSBANDS_FATHER, ("之公公", "公公")),
    (Relation.HUSBANDS_MOTHER, ("之婆婆", "婆婆")),
    (Relation.WIFES_FATHER, ("之岳父", "岳父")),
    (Relation.WIFES_MOTHER, ("之岳母", "岳母")),
    (Relation.GREAT_GRANDSON, ("之曾孙子", "曾孙子")),
    (Relation.GREAT_GRANDDAUGHTER, ("之曾孙女", "曾孙女")),
    (Relation.UNCLE, ("之叔伯", "叔伯")),
    (Relation.SIBLINGS_WIFE, ("之兄弟媳妇", "兄弟媳妇")),
    (Relation.NEPHEW, ("之侄儿", "侄儿", "之侄子", "侄子")),
    (Relation.NIECE, ("之侄女", "侄女")),
    (Relation.OTHER, ("其他",)),
    (HouseholdKind.FORMERLY_POOR, ("脱贫户",)),
    (HouseholdKind.ORDINARY, ("一般农户", "一般户")),
    (HouseholdKind.MONITORED, ("监测户",)),
    (IdDocument.ID_CARD, ("居民身份证", "身份证", "居民身份证（户口簿）", "户口簿")),
    (IdDocument.DISABILITY_CARD, ("残疾人证", "残疾证")),
    (IdDocument.MILITARY, ("军人身份证件", "中国人民解放军军人身份证件", "中国人民武装警察身份证件")),
    (IdDocument.OTHER, ("其他",)),
    (IdCardKind.ID_CARD, ("居民身份证号码",)),
    (IdCardKind.DISABILITY_CARD, ("残疾人证号码",)),
    (IdCardKind.NO_REAL_ID, ("无真实证件号码",)),
    (IdCardKind.MALFORMED, ("证件号码格式不符",)),
    (Education.ILLITERATE, ("文盲或半文盲", "文盲", "半文盲")),
    (Education.PRIMARY, ("小学",)),
    (Education.JUNIOR_SECONDARY, ("初中",)),
    # a vocational secondary school as clerks write it: a level of schooling, as 中专 is (技师, a qualification, is not)
    (
        Education.SENIOR_SECONDARY,
        ("高中", "中专", "高中或中专", "技校", "技工学校", "职高", "职业高中", "中职", "中等专科"),
    ),
    (Education.COLLEGE, ("大专", "高职高专")),
    (Education.BACHELOR_OR_ABOVE, ("本科及以上", "本科", "研究生", "本科及研究生及以上")),
    (Schooling.PRESCHOOL_AGE, ("学龄前儿童",)),
    (Schooling.PRESCHOOL, ("学前教育",)),
    (Schooling.PRIMARY, ("小学",)),
    (Schooling.GRADE_7, ("七年级", "初一")),
    (Schooling.GRADE_8, ("八年级", "初二")),
    (Schooling.GRADE_9, ("九年级", "初三")),
    (Schooling.HIGH_1, ("普通高中一年级", "高一", "高中一年级")),
    (Schooling.HIGH_2, ("普通高中二年级", "高二", "高中二年级")),
    (Schooling.HIGH_3, ("普通高中三年级", "高三", "高中三年级")),
    (Schooling.VOCATIONAL_1, ("中职一年级",)),
    (Schooling.VOCATIONAL_2, ("中职二年级",)),
    (Schooling.VOCATIONAL_3, ("中职三年级",)),
    (Schooling.HIGHER_VOCATIONAL_1, ("高职高专一年级",)),
    (Schooling.HIGHER_VOCATIONAL_2, ("高职高专二年级",)),
    (Schooling.HIGHER_VOCATIONAL_3, ("高职高专三年级",)),
    (Schooling.BACHELOR, ("本科",)),
    (Schooling.MASTER_OR_ABOVE, ("硕士生及以上", "硕士研究生及以上", "研究生")),
    (Health.HEALTHY, ("健康",)),
    (Health.CHRONIC, ("长期慢性病", "慢性病")),
    (Health.SERIOUS_ILLNESS, ("患有大病", "大病")),
    (Health.DISABLED, ("残疾",)),
    (LabourSkill.ORDINARY, ("普通劳动力",)),
    (LabourSkill.SKILLED, ("技能劳动力",)),
    (LabourSkill.WEAK, ("弱劳动力或半劳动力", "弱劳动力", "半劳动力")),
    (LabourSkill.LOST, ("丧失劳动力",)),
    (LabourSkill.NONE, ("无劳动力",)),
    (Dibao.RURAL, ("农村低保",)),
    (Dibao.URBAN, ("城市低保",)),
    (Dibao.NOT_RECEIVED, ("未享受", "不享受")),
    (Tekun.RURAL, ("农村特困", "农村特困供养")),
    (Tekun.URBAN, ("城市特困", "城市特困供养")),
    (Tekun.NOT_RECEIVED, ("不享受", "未享受")),
    (DevelopmentStatus.IMPLEMENTED, ("已实施",)),
    (DevelopmentStatus.NOT_YET, ("尚未实施", "未实施")),
]

_LABELS: dict[tuple[type[ExportLabelled], str], tuple[str, ...]] = {(type(m), m.value): w for m, w in _LABEL_PAIRS}
_LOOKUPS: dict[type[ExportLabelled], dict[str, ExportLabelled]] = {}


def _labels(member: ExportLabelled) -> tuple[str, ...]:
    return _LABELS[type(member), member.value]


def _lookup(cls: type[ExportLabelled]) -> dict[str, ExportLabelled]:
    table = _LOOKUPS.get(cls)
    if table is None:
        table = {}
        for member in cls:
            for word in (member.value, *_labels(member)):
                table.setdefault(normalise(word), member)
        _LOOKUPS[cls] = table
    return table


#: Digit 19 of a 20/22-character disability card number: the category (残疾类别).
DISABILITY_CATEGORIES: dict[int, str] = {
    1: "视力残疾",
    2: "听力残疾",
    3: "言语残疾",
    4: "肢体残疾",
    5: "智力残疾",
    6: "精神残疾",
    7: "多重残疾",
}


def parse_risk(value: object) -> Risk | None:
    """A 致贫/返贫风险 cell: the household model's :class:`Risk` (which knows the export's spellings)."""
    if is_empty(value):
        return None
    if isinstance(value, Risk):
        return value
    return Risk.parse(normalise(str(value)))


def parse_quantity(value: object) -> Decimal | None:
    """A non-money decimal quantity (an area in 亩 or ㎡, a distance), parsed like money.

    >>> parse_quantity("3.5"), parse_quantity("")
    (Decimal('3.50'), None)
    """
    try:
        return parse_money(value)
    except ValueError as refused:
        # money's reason in a quantity's words: too large, an exponent, a space inside, full-width digits, …
        raise ValueError(quantity_reason(str(refused))) from None


#: Why a member's labels (产业帮扶 …) given as a dict, bytes, or a list holding a list are refused.
LABELS_NOT_LISTED = "not the labels but {kind}; give them as a list of labels, or as one text (技能培训,外出务工补贴)"


def split_labels(value: object) -> frozenset[str]:
    """A multi-valued cell (``技能培训,外出务工补贴``): its labels; empty, or only a form's "none" (``无``, ``无。``, a
    slash or a dash alone, ``0``: :func:`~fanpin.model.household.says_none`), is the empty set. A number among them
    (``2``: a count of the measures) is refused (:data:`~fanpin.model.household.NUMBER_FOR_MEASURE`).

    >>> sorted(split_labels("低保，特困供养、残疾人补贴")), split_labels(""), split_labels("无")
    (['低保', '残疾人补贴', '特困供养'], frozenset(), frozenset())
    """
    value = array_as_list(value)  # a pandas cell of a list column: the list it holds
    if value is None:
        return frozenset()
    if isinstance(value, set | frozenset | list | tuple):
        odd = not_one_value_in(value)
        if odd is not None:  # its Python text had been a label
            raise ValueError(LABELS_NOT_LISTED.format(kind=a_kind(odd)))
        parts = [str(v) for v in value]
    elif isinstance(value, NOT_ONE_VALUE):  # a dict, bytes: its Python text had been a label
        raise ValueError(LABELS_NOT_LISTED.format(kind=a_kind(value)))
    else:
        text = str(value)
        for sep in ("，", "、", "；", ";", "|", "\n"):
            text = text.replace(sep, ",")
        parts = text.split(",")
    labels = frozenset(p.strip() for p in parts if p.strip())
    # 无, 无。, a slash or a dash alone, 0: a form's "none", as in 已落实帮扶措施 (fanpin.model.household.says_none)
    if labels and all(says_none(label) for label in labels):
        return frozenset()
    if any(is_measure_number(label) for label in labels):  # a count of the measures (2): no label, as in 已落实帮扶措施
        raise ValueError(NUMBER_FOR_MEASURE)
    return labels


def household_type(kind: HouseholdKind | None, category: MonitoringCategory | None) -> HouseholdType | None:
    """The household model's 户类型. ``监测户`` is resolved by the category where the category decides it
    (脱贫不稳定户 are 脱贫户, 边缘易致贫户 are 一般农户); otherwise it is an error, never a guess.

    >>> household_type(HouseholdKind.MONITORED, MonitoringCategory.MARGINAL)
    <HouseholdType.ORDINARY: 'ordinary'>
    """
    if kind is None:
        return None
    if kind is HouseholdKind.FORMERLY_POOR:
        return HouseholdType.FORMERLY_POOR
    if kind is HouseholdKind.ORDINARY or category is MonitoringCategory.MARGINAL:
        return HouseholdType.ORDINARY
    if category is MonitoringCategory.UNSTABLE_LIFTED:
        return HouseholdType.FORMERLY_POOR
    raise ValueError(
        "监测户 does not say whether the household is 脱贫户 or 一般农户, and its 监测对象类别 does not either; "
        "write 脱贫户 or 一般农户"
    )
