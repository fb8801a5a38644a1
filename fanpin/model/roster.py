"""A household from its member rows: the record :class:`~fanpin.model.household.Household` validates.

The mapping (``docs/export.md``):

- **Read as they are** (household columns, the same on every member row): 户编号, 行政区划代码 (else the
  ``region`` given), the income items, 人均纯收入（元）, 合规自付支出, 监测对象类别, 识别监测时间,
  风险是否已消除, 风险消除方式, 消除监测时间 and 致贫/返贫风险1–5. 户类型 too, with 监测户 resolved by
  :func:`~fanpin.model.vocabulary.household_type`.
- **家庭人口数** is the number of member rows.
- **户主证件号码 / 户主姓名** are the 户主's (unknown when no member is 户主, or when the 户主 has no real
  ID number: ``999999…``). Two 户主 are an error.
- **劳动力人数** counts the members whose 劳动技能 is 普通劳动力, 技能劳动力 or 弱劳动力或半劳动力;
  unknown if any member's 劳动技能 is empty.
- **整户无劳动能力兜底保障户** is the recorded column when it is filled; when it is empty, yes if every
  member is 无劳动力 or 丧失劳动力, no if a member counts as labour, else unknown.
- **住房出现安全问题** is 是否危房户; **饮水出现安全问题** is the negation of 是否解决安全饮用水.
- **义务教育阶段适龄儿童少年失学辍学** is yes if any member's is 是, no if every member's is 否, else unknown.
- **有家庭成员未参加基本医保** is yes if the recorded 是否有家庭成员未参加城乡居民（职工）基本医疗保险 is 是 or a
  member is in neither basic medical insurance; no if the recorded column is 否, or every member's
  insurance is known and each has one; else unknown.
- **已落实帮扶措施** lists, in column order, the measure columns (产业帮扶, 就业帮扶, …) filled on any
  member row.

Unknown stays unknown (``None``) throughout: a derived value is never a guess.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from operator import attrgetter

from fanpin.model.export_columns import MEASURE_FIELDS, export_header
from fanpin.model.member import Member
from fanpin.model.vocabulary import IdCardKind, LabourSkill, household_type

__all__ = [
    "COLUMNS_OF_FACT",
    "DIRECT_FIELDS",
    "FACT_OF_COLUMN",
    "NEGATED_COLUMNS",
    "HouseholdRecordError",
    "household_record",
]

#: Member fields read into the household record under the same (English) name.
DIRECT_FIELDS = (
    "household_id",
    "wage_income",
    "business_income",
    "business_cost",
    "property_income",
    "transfer_income",
    "income_per_capita",
    "medical_out_of_pocket",
    "monitoring_category",
    "identified_month",
    "risk_eliminated",
    "elimination_method",
    "eliminated_month",
    "risk_1",
    "risk_2",
    "risk_3",
    "risk_4",
    "risk_5",
)


#: Member field (an export column) → the household fact rules read it as: an export header written in a
#: rule points to that fact ("是否危房户 is read as housing_unsafe").
FACT_OF_COLUMN: dict[str, str] = (
    {name: name for name in DIRECT_FIELDS}
    | {
        "region_code": "region_code",
        "household_kind": "household_type",
        "no_labor_household": "no_labor_household",
        "dilapidated_house": "housing_unsafe",
        "safe_water": "water_unsafe",
        "dropout": "dropout",
        "uninsured_member_recorded": "uninsured_member",
        "labour": "labor_count",
    }
    | {name: "measure_count" for name in MEASURE_FIELDS}
)
#: Household fact → the member fields (export columns) :func:`household_record` computes it from: an
#: export without any of them leaves the fact unknown for every household (the run notes it where a rule
#: reads it). 行政区划代码 is not among them: without it a household is in the ``region`` given.
COLUMNS_OF_FACT: dict[str, frozenset[str]] = {
    fact: frozenset(field for field, of in FACT_OF_COLUMN.items() if of == fact)
    | {
        "no_labor_household": frozenset({"labour"}),  # derived from 劳动技能 where the column is empty
        "uninsured_member": frozenset({"resident_medical_insurance", "employee_medical_insurance"}),
    }.get(fact, frozenset())
    for fact in set(FACT_OF_COLUMN.values()) - {"region_code"}
}
#: Columns whose yes is the fact's no: 是否解决安全饮用水 是 is water_unsafe 否.
NEGATED_COLUMNS = frozenset({"safe_water"})


class HouseholdRecordError(ValueError):
    """The member rows do not make one household; ``field`` is the :class:`Member` field at fault."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


def _any(values: Iterable[bool | None]) -> bool | None:
    """Kleene's ``or``: yes if any is yes, no if all are no, else unknown."""
    seen = list(values)
    if True in seen:
        return True
    return None if None in seen else False


def _all(values: Iterable[bool | None]) -> bool | None:
    """Kleene's ``and``: no if any is no, yes if all are yes, else unknown."""
    seen = list(values)
    if False in seen:
        return False
    return None if None in seen else True


#: A member's measure columns, in :data:`MEASURE_FIELDS` order: one look-up per member, not one per column.
_MEASURES = attrgetter(*MEASURE_FIELDS)


def household_record(members: Sequence[Member], *, region: str | None = None) -> dict[str, object]:
    """The household record of ``members`` (one household's rows, in file order), keyed by the
    household model's English names. Raises :class:`HouseholdRecordError` for two 户主 or an unresolvable
    监测户."""
    if not members:
        raise ValueError("a household has at least one member row")
    first = members[0]
    heads = [m for m in members if m.is_head]
    if len(heads) > 1:
        raise HouseholdRecordError("relation", f"{len(heads)} members are 户主; a household has one head")
    head = heads[0] if heads else None
    try:
        kind = household_type(first.household_kind, first.monitoring_category)
    except ValueError as exc:
        raise HouseholdRecordError("household_kind", str(exc)) from None
    record: dict[str, object] = {name: getattr(first, name) for name in DIRECT_FIELDS}
    skills = [m.counts_as_labour for m in members]
    no_labour = [None if m.labour is None else m.labour in (LabourSkill.LOST, LabourSkill.NONE) for m in members]
    derived_no_labour = _all(no_labour)
    recorded_uninsured = first.uninsured_member_recorded
    uninsured = [m.medically_uninsured for m in members]
    if True in uninsured or recorded_uninsured:
        any_uninsured: bool | None = True
    elif recorded_uninsured is False or None not in uninsured:
        any_uninsured = False
    else:
        any_uninsured = None
    real_head_id = head is not None and head.id_card_kind is not IdCardKind.NO_REAL_ID
    record |= {
        "region_code": first.region_code or region,
        "household_type": kind,
        "size": len(members),
        "id_number": head.id_number if head is not None and real_head_id else None,
        "head_name": None if head is None else head.name,
        "labor_count": None if None in skills else sum(1 for s in skills if s),
        "no_labor_household": first.no_labor_household if first.no_labor_household is not None else derived_no_labour,
        "housing_unsafe": first.dilapidated_house,
        "water_unsafe": None if first.safe_water is None else not first.safe_water,
        "dropout": _any(m.dropout for m in members),
        "uninsured_member": any_uninsured,
        "measures_in_place": tuple(
            export_header(field)
            for field, held in zip(MEASURE_FIELDS, zip(*map(_MEASURES, members), strict=True), strict=True)
            if any(held)
        ),
    }
    return record
