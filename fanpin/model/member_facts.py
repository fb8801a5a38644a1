"""The member fact catalogue: what a member condition (inside ``any(members, …)``, a member-scope rule)
may read about one person.

Member facts are the person columns of :class:`~fanpin.model.member.Member` (household columns are
household facts, the same on every member row), minus personal data, plus what fanpin derives:

- from the ID number, never the digits: ``id_valid``, ``id_length``, ``id_card_kind``,
  ``disability_category``, ``disability_level``, ``id_birth_date``, ``sex``;
- from the other personal columns (姓名, phone numbers, 信息采集人), never their text: whether the
  household's 户联系电话, 信息采集人 and 信息采集人联系电话 are filled (``household_phone_recorded``,
  ``collector_recorded``, ``collector_phone_recorded``) and whether a phone number is a mobile number
  (``phone_is_mobile``, ``household_phone_is_mobile``, ``collector_phone_is_mobile``), and whether a
  member's phone is 11 digits at all (``phone_is_11_digits``);
- ``birth_date`` (出生日期, else the date the ID number encodes), which ``age`` (full years at the
  evaluation date) and ``age_on(2024-12-31)`` read;
- ``is_head``, ``counts_as_labour``, ``medically_uninsured``;
- for each measure column (帮扶措施, a set of labels; empty = no measure): ``<column> contains "label"``
  and ``<column> is empty``, carried by the engines as the yes/no fact :func:`label_fact` and the count
  ``<column>_count``.

>>> from datetime import date
>>> from fanpin.model.member import Member
>>> m = Member.model_validate({"户编号": "H1", "证件号码": "532328198001011233", "综合保障": "低保,医疗救助"})
>>> facts = member_facts(m)
>>> facts["id_valid"], facts["birth_date"], facts["social_security_count"], facts[label_fact("social_security", "低保")]
(True, datetime.date(1980, 1, 1), 2, True)
>>> "id_number" in MEMBER_FACTS, MEMBER_FACTS["age"].kind
(False, <Kind.COUNT: 'count'>)
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple, get_args

from fanpin.model.export_columns import EXPORT_PII_FIELDS
from fanpin.model.facts import FACTS, FactInfo, encode, encode_all, encode_typed
from fanpin.model.household import Household, Kind, Labelled, Measure
from fanpin.model.member import Empty, IdFacts, Level, Member, column_meta, id_facts
from fanpin.model.values import Pii, mask, mask_numbers, masked_number
from fanpin.model.vocabulary import IdCardKind, Sex

__all__ = [
    "FACT_SOURCES",
    "ID_FACTS",
    "LABEL_SETS",
    "MEMBER_FACTS",
    "RECORDED",
    "SHAPED",
    "age_on",
    "fact_cell",
    "fact_value",
    "fact_values",
    "id_row",
    "label_fact",
    "label_facts",
    "label_of",
    "label_pairs",
    "member_facts",
    "member_reference",
    "member_row",
    "member_rows",
]

#: Derived facts: name → (kind, label, vocabulary).
_DERIVED: dict[str, tuple[Kind, str, type[Labelled] | None]] = {
    "id_valid": (Kind.BOOL, "证件号码校验通过", None),
    "id_length": (Kind.COUNT, "证件号码位数", None),
    "id_card_kind": (Kind.ENUM, "证件号码类别", IdCardKind),
    "disability_category": (Kind.COUNT, "残疾证残疾类别", None),
    "disability_level": (Kind.COUNT, "残疾证残疾等级", None),
    "id_birth_date": (Kind.DATE, "证件号码所含出生日期", None),
    "birth_date": (Kind.DATE, "出生日期（出生日期列，否则证件号码）", None),
    "sex": (Kind.ENUM, "证件号码所含性别", Sex),
    "is_head": (Kind.BOOL, "是户主", None),
    "counts_as_labour": (Kind.BOOL, "计入劳动力", None),
    "medically_uninsured": (Kind.BOOL, "未参加基本医疗保险", None),
    "phone_is_mobile": (Kind.BOOL, "家庭成员联系电话为手机号码", None),
    "phone_is_11_digits": (Kind.BOOL, "家庭成员联系电话为11位数字", None),
    "household_phone_is_mobile": (Kind.BOOL, "户联系电话为手机号码", None),
    "collector_phone_is_mobile": (Kind.BOOL, "信息采集人联系电话为手机号码", None),
    "phone_recorded": (Kind.BOOL, "已填写家庭成员联系电话", None),
    "household_phone_recorded": (Kind.BOOL, "已填写户联系电话", None),
    "collector_recorded": (Kind.BOOL, "已填写信息采集人", None),
    "collector_phone_recorded": (Kind.BOOL, "已填写信息采集人联系电话", None),
}

_MOBILE = re.compile("1[3-9][0-9]{9}")
_ELEVEN_DIGITS = re.compile("[0-9]{11}")

#: Never facts: personal data (names, ID and phone numbers, the information collector) and 人编号.
_PERSONAL = EXPORT_PII_FIELDS | {"person_id"}

#: Derived "is it filled" facts of personal columns: fact → the column (empty = no, never unknown).
RECORDED: Mapping[str, str] = {
    "phone_recorded": "phone",
    "household_phone_recorded": "household_phone",
    "collector_recorded": "collector",
    "collector_phone_recorded": "collector_phone",
}
#: Derived "is it a mobile number" (or "11 digits") facts of phone columns: fact → the column and the shape its
#: text (trimmed) has whole (empty = unknown; a number that arrived masked, ``139****5678``, unknown too:
#: :func:`~fanpin.model.values.masked_number`).
SHAPED: Mapping[str, tuple[str, re.Pattern[str]]] = {
    "phone_is_11_digits": ("phone", _ELEVEN_DIGITS),
    "phone_is_mobile": ("phone", _MOBILE),
    "household_phone_is_mobile": ("household_phone", _MOBILE),
    "collector_phone_is_mobile": ("collector_phone", _MOBILE),
}


def _enum_of(annotation: Any) -> type[Labelled] | None:
    return next((a for a in get_args(annotation) if isinstance(a, type) and issubclass(a, Labelled)), None)


def _label_sets() -> dict[str, str]:
    """Measure columns (sets of labels): field → Chinese header."""
    return {
        name: field.title or name
        for name, field in Member.model_fields.items()
        if field.annotation == frozenset[str] and column_meta(name)[0] is Level.PERSON
    }


#: Measure columns a member condition may test with ``contains`` / ``is empty``: field → header.
LABEL_SETS: Mapping[str, str] = _label_sets()


def _catalogue() -> dict[str, FactInfo]:
    facts: dict[str, FactInfo] = {}
    for name, field in Member.model_fields.items():
        kind = next((m for m in field.metadata if isinstance(m, Kind)), None)
        level = column_meta(name)[0]
        # A household column of the export is a member fact too (the same on every member row) unless the
        # household model reads it already: then it is that household fact (人均纯收入 as computed, not as
        # written), so that no name means two things.
        if kind is None or name in _PERSONAL or level is Level.KEY or (level is Level.HOUSEHOLD and name in FACTS):
            continue
        measure = next((m for m in field.metadata if isinstance(m, Measure)), None)
        facts[name] = FactInfo(name, kind, field.title or name, _enum_of(field.annotation), measure)
    for name, (kind, label, enum) in _DERIVED.items():
        facts[name] = FactInfo(name, kind, label, enum)
    facts["age"] = FactInfo("age", Kind.COUNT, "年龄（周岁）")
    for name, header in LABEL_SETS.items():
        facts[f"{name}_count"] = FactInfo(f"{name}_count", Kind.COUNT, f"{header}措施项数")
    return facts


#: Text columns where an empty cell means "nothing to record" (务工所在地 of someone not working away):
#: read as the empty text, so ``work_place is empty`` is a test and a text test on it is false, not unknown.
_NONE_TEXT = frozenset(
    name
    for name, field in Member.model_fields.items()
    if Kind.TEXT in field.metadata and column_meta(name)[1] is Empty.NONE
)

#: name → FactInfo for every fact a member condition may read (the label facts of :func:`label_fact`
#: are found through :func:`label_of`).
MEMBER_FACTS: Mapping[str, FactInfo] = _catalogue()

_LABELS: dict[str, tuple[str, str]] = {}


def label_fact(field: str, label: str) -> str:
    """The yes/no fact "measure column ``field`` holds ``label``": a name the engines can carry (ASCII),
    the same for the same pair in every run."""
    name = _LABEL_NAMES.get((field, label))
    if name is None:
        digest = hashlib.sha1(f"{field}\x00{label}".encode()).hexdigest()[:10]
        name = f"{field}_has_{digest}"
        _LABELS[name] = (field, label)
        if len(_LABEL_NAMES) < _LABEL_NAMES_KEPT:  # a file's labels are a few dozen: the rest made each time
            _LABEL_NAMES[(field, label)] = name
    return name


#: :func:`label_fact`'s names by (field, label), made once (at most :data:`_LABEL_NAMES_KEPT`).
_LABEL_NAMES: dict[tuple[str, str], str] = {}
_LABEL_NAMES_KEPT = 65_536


def label_of(name: str) -> tuple[str, str] | None:
    """(field, label) of a fact made by :func:`label_fact`, or None."""
    return _LABELS.get(name)


def label_pairs() -> tuple[tuple[str, str], ...]:
    """(field, label) of every fact :func:`label_fact` has made in this process."""
    return tuple(_LABELS.values())


def _derived_sources() -> dict[str, tuple[str, ...]]:
    """The :class:`Member` fields each derived fact reads (a fact named after a field reads that field)."""
    from_id = (
        "id_valid",
        "id_length",
        "id_card_kind",
        "disability_category",
        "disability_level",
        "id_birth_date",
        "sex",
    )
    return (
        dict.fromkeys(from_id, ("id_number",))
        | {
            "birth_date": ("recorded_birth_date", "id_number"),
            "is_head": ("relation",),
            "counts_as_labour": ("labour",),
            "medically_uninsured": ("resident_medical_insurance", "employee_medical_insurance"),
        }
        | {name: (column,) for name, (column, _) in SHAPED.items()}
        | {name: (column,) for name, column in RECORDED.items()}
        | {f"{name}_count": (name,) for name in LABEL_SETS}
    )


#: fact → the :class:`Member` fields its value is computed from (every member fact but ``age``, which
#: depends on the evaluation date). The export reader computes the facts once per distinct value of
#: these fields (:mod:`fanpin.io.member_cells`); a test holds the list to what :func:`member_facts` reads.
FACT_SOURCES: Mapping[str, tuple[str, ...]] = {
    name: _derived_sources().get(name, (name,)) for name in MEMBER_FACTS if name != "age"
}


#: Facts of the ID number: fact → the field of :class:`~fanpin.model.member.IdFacts` (``Member.id_facts``).
_FROM_ID = {
    "id_valid": "valid",
    "id_card_kind": "kind",
    "disability_category": "disability_category",
    "disability_level": "disability_level",
    "id_birth_date": "birth_date",
    "sex": "sex",
}


#: How a member fact is read (:func:`_read_of`): a field of the member, a fact of its ID number, its birth date,
#: a phone's shape, whether a column is filled, a measure column's count of labels.
_PLAIN, _ID, _BIRTH, _SHAPED, _RECORDED, _COUNT = range(6)


class _Read(NamedTuple):
    """How :func:`_natural` reads one member fact, told once per fact (:func:`_read_of`)."""

    how: int
    source: str  # the member's field, or the ID number's fact
    pattern: re.Pattern[str] | None  # a phone's shape
    quantity: bool  # an area or distance: a plain number to the engines
    none_text: bool  # an optional text column: empty is known to hold nothing


def _read_of(name: str) -> _Read:
    pattern = None
    if name == "birth_date":
        how, source = _BIRTH, name
    elif name in _FROM_ID:
        how, source = _ID, _FROM_ID[name]
    elif name in SHAPED:
        (source, pattern), how = SHAPED[name], _SHAPED
    elif name in RECORDED:
        how, source = _RECORDED, RECORDED[name]
    elif name.endswith("_count") and name.removesuffix("_count") in LABEL_SETS:
        how, source = _COUNT, name.removesuffix("_count")
    else:
        how, source = _PLAIN, name
    info = MEMBER_FACTS.get(name)
    return _Read(how, source, pattern, info is not None and info.kind is Kind.QUANTITY, name in _NONE_TEXT)


def _natural(member: Member, ids: IdFacts | None, read: _Read) -> Any:
    """The natural value of a member fact read as ``read`` says; None if unknown. ``ids``: ``member.id_facts``."""
    how = read.how
    if how == _PLAIN:
        value = getattr(member, read.source)
    elif how == _ID:
        value = None if ids is None else getattr(ids, read.source)
    elif how == _BIRTH:
        value = member.recorded_birth_date or (None if ids is None else ids.birth_date)
    elif how == _SHAPED:
        phone = getattr(member, read.source)
        text = None if phone is None else phone.reveal().strip()
        value = None if text is None or masked_number(text) else read.pattern.fullmatch(text) is not None  # type: ignore[union-attr]
    elif how == _RECORDED:
        value = getattr(member, read.source) is not None
    else:  # _COUNT
        value = len(getattr(member, read.source))
    if value is None:
        return "" if read.none_text else None  # an optional text column left empty: known to hold nothing
    if read.quantity and isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)  # money stays Decimal (fen)
    return value


#: Each fact of :data:`FACT_SOURCES`, in order: how it is read, and whether the household catalogue has a fact of
#: its name (:func:`member_row` encodes it by that fact's kind, as ``encode_all`` does).
_ROW_READS = tuple((name, _read_of(name), name in FACTS) for name in FACT_SOURCES)
#: How each fact of :data:`FACT_SOURCES` is read, by name (:func:`fact_value`).
_READS = {name: read for name, read, _ in _ROW_READS}


#: The facts that read the ID number, in catalogue order (``birth_date`` reads 出生日期 first).
ID_FACTS: tuple[str, ...] = tuple(name for name, sources in FACT_SOURCES.items() if "id_number" in sources)


def id_row(member: Member) -> dict[str, int | float | str]:
    """``encode_all(fact_values(member, ID_FACTS))`` in one pass: the ID number's facts encoded as the
    engines read them, the unknown ones left out, in the same order. The export reader computes them for
    every member row (an ID number is one person's own: nothing to remember); a property test holds the
    two equal."""
    return id_row_of(member._id, member.recorded_birth_date)


def id_row_of(text: str | None, recorded: date | None) -> dict[str, int | float | str]:
    """:func:`id_row` of a member whose ID number is ``text`` (upper case, as ``Member._id``) and whose
    出生日期 is ``recorded``: what the export's column path computes row by row without the member."""
    ids = None if text is None else id_facts(text)  # member.id_facts, the number read once
    row: dict[str, int | float | str] = {}
    born = None if ids is None else ids.birth_date
    recorded = recorded or born
    for name in ID_FACTS:
        if name == "birth_date":
            if recorded is not None:
                row[name] = recorded.toordinal()
        elif name == "id_length":
            if text is not None:
                row[name] = len(text)
        elif ids is not None:
            value = getattr(ids, _FROM_ID[name])
            if value is None:
                continue
            encoded = encode(name, value)
            row[name] = int(encoded) if isinstance(encoded, bool) else encoded
    return row


def fact_values(member: Member, names: Iterable[str]) -> dict[str, Any]:
    """Natural values of the member facts ``names`` (not ``age``, nor label facts), the unknown ones left
    out; the ID number's facts are computed once for them all."""
    ids: IdFacts | None = member.id_facts if any(n in _FROM_ID or n == "birth_date" for n in names) else None
    values: dict[str, Any] = {}
    for name in names:
        value = fact_value(member, name, ids)
        if value is not None:
            values[name] = value
    return values


def fact_value(member: Member, name: str, ids: IdFacts | None = None) -> Any:
    """The natural value of the member fact ``name`` (not ``age``, nor a label fact); None if unknown.
    ``ids``: ``member.id_facts`` when the caller has them already."""
    read = _READS.get(name) or _read_of(name)
    if ids is None and (read.how == _ID or read.how == _BIRTH):
        ids = member.id_facts
    return _natural(member, ids, read)


def label_facts(member: Member, field: str) -> dict[str, bool]:
    """The label facts of the measure column ``field`` the member holds (each True)."""
    return {label_fact(field, label): True for label in getattr(member, field)}


def member_facts(member: Member) -> dict[str, Any]:
    """Natural values of every known member fact of ``member`` (unknown facts left out). ``age`` is not
    among them: it depends on the evaluation date, and the engines compute it from ``birth_date``."""
    values = fact_values(member, FACT_SOURCES)
    for field in LABEL_SETS:
        values |= label_facts(member, field)
    return values


def member_row(member: Member) -> dict[str, int | float | str]:
    """A member as the engines read one: its encoded facts (label facts of held labels only; a label a
    member does not hold is false, never unknown).

    ``encode_all(member_facts(member))`` in one pass: each fact read as :func:`fact_value` reads it (the way
    worked out for it once, :data:`_ROW_READS`), and encoded as :func:`~fanpin.model.facts.encode_all`
    encodes it; a property test holds the two equal."""
    ids = member.id_facts
    row: dict[str, int | float | str] = {}
    for name, read, catalogued in _ROW_READS:
        value = _natural(member, ids, read)
        if value is None:
            continue
        if catalogued:  # a household fact's name too: encoded by that fact's kind, as encode_all does
            row.update(encode_all({name: value}))
        else:
            row[name] = encode_typed(name, value)
    for field in LABEL_SETS:
        for label in getattr(member, field):
            row[label_fact(field, label)] = 1
    return row


def age_on(born: date, day: date) -> int | None:
    """Full years from ``born`` to ``day``; None before birth."""
    if day < born:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def is_member_fact(name: str) -> bool:
    """Whether ``name`` is a member fact: one of the catalogue's, or a measure column's label fact
    (``industry_support_has_…``, :func:`label_fact`), as the engines name them."""
    return name in MEMBER_FACTS or any(name.startswith(f"{column}_has_") for column in LABEL_SETS)


def member_rows(households: Sequence[Household]) -> list[dict[str, int | float | str]]:
    """The member rows of ``households`` as the batch engine reads them: each member's encoded facts,
    ``__household`` (the position of its household in ``households``) and ``__who`` (how findings
    name the member: :func:`member_reference`)."""
    return [
        {**member_row(m), "__household": position, "__who": member_reference(m, n)}
        for position, household in enumerate(households)
        for n, m in enumerate(household.members or (), start=1)
    ]


def fact_cell(fact: str) -> str:
    """The export's cell a member fact is read from, as a case's member gives it: its column's header (健康状况
    for health), 出生日期 for an age or a birth date (or the ID number's date), else the fact's own label (a fact
    fanpin derives from its cells)."""
    if fact in ("age", "birth_date"):
        return "出生日期"
    field = Member.model_fields.get(fact)
    return field.title if field is not None and field.title else MEMBER_FACTS[fact].label


def member_reference(member: Member, position: int) -> str:
    """How a finding names a member: the masked ID number, else 人编号 (an ID, mobile or bank card number
    typed there masked as well), else ``#n`` (the n-th member row).

    >>> from fanpin.model.member import Member
    >>> member_reference(Member.model_validate({"户编号": "H1", "证件号码": "53232819500101123X"}), 1)
    '5323**********123X'
    >>> member_reference(Member.model_validate({"户编号": "H1", "人编号": "13812345678"}), 1)
    '1381***5678'
    >>> member_reference(Member.model_validate({"户编号": "H1"}), 2)
    '#2'
    """
    return reference_of(member.id_number, member.person_id, position)


def reference_of(id_number: Pii | None, person_id: str | None, position: int) -> str:
    """:func:`member_reference` of a member with that 证件号码 and 人编号 (the export's column path, row by
    row without the member)."""
    if id_number is not None:
        return mask(id_number.reveal())
    return mask_numbers(person_id) if person_id else f"#{position}"
