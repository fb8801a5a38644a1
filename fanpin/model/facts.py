"""The fact catalogue: what a rule condition may read about a household.

Facts are the :class:`~fanpin.Household` fields (minus personal data) and its derived values, each with
its kind and Chinese label, read straight from the model so that the model stays the one source of
truth. :func:`household_facts` turns a household into natural values (元 as Decimal, months, dates);
:func:`encode` turns natural values into the engines' representation (whole fen, month and day
numbers, 1/0 for yes/no) — the representation in which thresholds compare exactly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal
from functools import cache
from typing import Any, get_args

from fanpin.errors import ConfigError
from fanpin.model.columns import PII_FIELDS
from fanpin.model.household import Household, Kind, Labelled, Measure, Risk
from fanpin.model.values import (
    Month,
    id_number_check,
    parse_bool,
    parse_date,
    parse_int,
    parse_money,
    parse_month,
    plain_number,
    written_out,
)

__all__ = [
    "FACTS",
    "SETS",
    "FactInfo",
    "MonthAsNumberError",
    "PartOfAFenError",
    "SetInfo",
    "case_value",
    "checked_natural",
    "derive",
    "encode",
    "encode_all",
    "household_facts",
    "household_row",
    "month_as_number",
    "natural_value",
    "said_fact",
    "set_facts",
    "set_of_fact",
]


@dataclass(frozen=True)
class FactInfo:
    """A fact rules may read: its name, kind, display label and (for enums) its vocabulary."""

    name: str
    kind: Kind
    label: str
    enum: type[Labelled] | None = None
    #: for a quantity: what it measures (亩, 平方米, 公里)
    measure: Measure | None = None


@dataclass(frozen=True)
class SetInfo:
    """A set a rule may test with ``contains`` and ``is empty``: the values of several slots of one
    vocabulary (致贫/返贫风险1 … 5). An empty slot adds nothing, so the set is never unknown: a household
    with no risk recorded has the empty set. Each member is a yes/no fact both engines compare
    (``risk_is_illness``), which the type checker writes ``contains`` in."""

    name: str
    label: str
    enum: type[Labelled]
    slots: tuple[str, ...]

    def fact(self, member: Labelled) -> str:
        """The yes/no fact "the set holds ``member``"."""
        return f"{self.name.removesuffix('s')}_is_{member.value}"


#: name → SetInfo for every set a rule may test.
SETS: Mapping[str, SetInfo] = {
    "risks": SetInfo("risks", "致贫/返贫风险", Risk, tuple(f"risk_{i}" for i in range(1, 6))),
}

_EXTRA = {
    "monitored": FactInfo("monitored", Kind.BOOL, "是否监测对象"),
    "measure_count": FactInfo("measure_count", Kind.COUNT, "已落实帮扶措施数"),
    "id_number_valid": FactInfo("id_number_valid", Kind.BOOL, "户主证件号码校验通过"),
}


def _catalogue() -> dict[str, FactInfo]:
    facts: dict[str, FactInfo] = {}
    for name, field in Household.model_fields.items():
        kind = next((m for m in field.metadata if isinstance(m, Kind)), None)
        if name in PII_FIELDS or kind is None:
            continue
        enum = next(
            (a for a in get_args(field.annotation) if isinstance(a, type) and issubclass(a, Labelled)),
            field.annotation if isinstance(field.annotation, type) and issubclass(field.annotation, Labelled) else None,
        )
        facts[name] = FactInfo(name, kind, field.title or name, enum)
    for name, computed in Household.model_computed_fields.items():
        facts[name] = FactInfo(name, Kind.MONEY, computed.title or name)
    for info in SETS.values():
        for member in info.enum:
            name = info.fact(member)
            facts[name] = FactInfo(name, Kind.BOOL, f"{info.label}含{member.label}")
    return facts | _EXTRA


class _Catalogue(Mapping[str, FactInfo]):
    """The household facts. Iterating gives the facts of the model (what the docs list and a rule case
    may state); looking a name up also finds the facts the type checker derived from a rule, such as
    ``any(members, …)`` (:func:`derive`), which the engines compute and never read from input."""

    def __init__(self, facts: dict[str, FactInfo]) -> None:
        self._facts = facts
        self._derived: dict[str, FactInfo] = {}

    def __getitem__(self, name: str) -> FactInfo:
        info = self._facts.get(name) or self._derived.get(name)
        if info is None:
            raise KeyError(name)
        return info

    def info(self, name: str) -> FactInfo | None:
        """The fact named ``name``, or None."""
        return self._facts.get(name) or self._derived.get(name)

    def __contains__(self, name: object) -> bool:
        return name in self._facts or name in self._derived

    def __iter__(self) -> Iterator[str]:
        return iter(self._facts)

    def __len__(self) -> int:
        return len(self._facts)

    def derive(self, info: FactInfo) -> None:
        if info.name in self._facts:
            raise ValueError(f"{info.name} is a fact of the model")
        self._derived[info.name] = info


#: name → FactInfo for every fact a rule may read.
_CATALOGUE = _Catalogue(_catalogue())
FACTS: Mapping[str, FactInfo] = _CATALOGUE


def derive(info: FactInfo) -> None:
    """Make a fact the type checker derived from a rule (named by its content, so deriving it twice is
    harmless) known to the catalogue's look-ups."""
    _CATALOGUE.derive(info)


def household_facts(household: Household) -> dict[str, Any]:
    """Natural values of every known fact of ``household`` (unknown facts are left out)."""
    values: dict[str, Any] = {}
    members = _set_member_facts()
    for name in FACTS:
        if name in members:
            continue
        if name == "monitored":
            value: Any = household.monitored
        elif name == "measure_count":
            value = len(household.measures_in_place)
        elif name == "id_number_valid":
            # Only the check result is a fact; the number itself never leaves the model.
            value = None if household.id_number is None else id_number_check(household.id_number.reveal())
        else:
            value = getattr(household, name)
        if value is not None:
            values[name] = value
    return values | set_facts(values)


def household_row(household: Household) -> dict[str, int | float | str | None]:
    """A household as the batch engine reads one row: its encoded facts, 户编号, region code and, when
    its members are given, their number (``member_count``)."""
    counted = {} if household.members is None else {"member_count": len(household.members)}
    return {
        **encode_all(household_facts(household)),
        **counted,
        "household_id": household.household_id,
        "region_code": household.region_code,
    }


def set_facts(natural: Mapping[str, Any]) -> dict[str, bool]:
    """The yes/no member facts of every set, from the slot facts in ``natural`` (an absent slot is an
    empty one: it adds nothing)."""
    facts: dict[str, bool] = {}
    for info, named in _set_facts_named():
        held = {str(natural[slot]) for slot in info.slots if natural.get(slot) is not None}
        for value, fact in named:
            facts[fact] = value in held
    return facts


@cache
def _set_facts_named() -> tuple[tuple[SetInfo, tuple[tuple[str, str], ...]], ...]:
    """Each set with its members' values and yes/no facts (named once, not per household)."""
    return tuple((info, tuple((m.value, info.fact(m)) for m in info.enum)) for info in SETS.values())


@cache
def _set_members_by_fact() -> dict[str, tuple[SetInfo, Labelled]]:
    return {info.fact(m): (info, m) for info in SETS.values() for m in info.enum}


def set_of_fact(fact: str) -> SetInfo | None:
    """The set whose member ``fact`` is an internal yes/no fact of (``risk_is_illness``: risks), or None."""
    found = _set_members_by_fact().get(fact)
    return None if found is None else found[0]


def said_fact(fact: str) -> str:
    """A fact as a rule writes it: a set's member fact, internal to the engines (``risk_is_illness``), as the test
    that reads it (``risks contains "因病"``); any other fact by its name.

    >>> said_fact("risk_is_illness"), said_fact("size")
    ('risks contains "因病"', 'size')
    """
    found = _set_members_by_fact().get(fact)
    return fact if found is None else f'{found[0].name} contains "{found[1].label}"'


@cache
def _set_member_facts() -> frozenset[str]:
    return frozenset(info.fact(m) for info in SETS.values() for m in info.enum)


_PARSERS: dict[Kind, Callable[[Any], Any]] = {
    Kind.MONEY: parse_money,
    Kind.COUNT: parse_int,
    Kind.BOOL: parse_bool,
    Kind.MONTH: parse_month,
    Kind.DATE: parse_date,
}


def natural_value(name: str, raw: Any) -> Any:
    """Parse a fact value written by hand (a rule case, a test) the way the household model would."""
    info = FACTS[name]
    if info.kind in _PARSERS:
        return _PARSERS[info.kind](raw)
    if info.enum is not None:
        parsed = info.enum.parse(raw)
        return parsed.value if parsed is not None else None
    return None if raw is None else str(raw)


class PartOfAFenError(ValueError):
    """An amount written for a case with a part of a fen (:func:`case_value`): ``read`` is the amount a file's
    cell so written is read as, ``below`` the amount to the fen just under it (towards 0)."""

    def __init__(self, written: str, read: Decimal, below: Decimal) -> None:
        super().__init__(f"{written} has a part of a fen: it would be read as {read}; write {below}")
        self.read, self.below = read, below


#: Why a month fact written for a case as a number with a point (``identified_month: 2024.3``, which YAML reads
#: as the number 2024.3) is refused, naming the month meant (``{month}``): it had been told "not a month; write
#: YYYYMM, e.g. 202304", an example that was no month of the case.
MONTH_AS_NUMBER = "YAML reads {written} as a number, not a month: write the month YYYYMM in quotes, '{month}'"
#: :data:`MONTH_AS_NUMBER` of a number whose one digit after the point may be October's, written with its 0
#: (``2024.10`` is the number 2024.1): both months are named.
MONTH_AS_NUMBER_OR = (
    "YAML reads {written} as a number, not a month: write the month YYYYMM in quotes, '{month}' (or '{other}' if "
    "October was meant: YAML drops the 0 of .10)"
)


#: :data:`MONTH_AS_NUMBER` of a month passed to the testing kit (``fanpin.testing.RuleKit``) as a Python float
#: (``2024.3``), worded for Python: pass it as an int or a text.
MONTH_AS_FLOAT = "the float {written} is not a month: pass the month YYYYMM as an int or text, {month} or '{month}'"
#: :data:`MONTH_AS_NUMBER_OR` of such a float.
MONTH_AS_FLOAT_OR = (
    "the float {written} is not a month: pass the month YYYYMM as an int or text, {month} or '{month}' (or {other} "
    "if October was meant: the float {year}.10 is {written})"
)


class MonthAsNumberError(ValueError):
    """A month fact written for a case as a number with a point (:data:`MONTH_AS_NUMBER`): ``month`` is the month
    it names (YYYYMM), the first when it may be two."""

    def __init__(self, message: str, month: str) -> None:
        super().__init__(message)
        self.month = month


def month_as_number(raw: object, *, python: bool = False) -> MonthAsNumberError | None:
    """The error of a rule case's month fact written as a float (YAML's ``2024.3``: year, a point, the month), or
    None when ``raw`` is no float so written; ``python``: of a month passed to the testing kit as a float
    (:data:`MONTH_AS_FLOAT`), worded for Python.

    >>> str(month_as_number(2024.3)), month_as_number(202403), month_as_number("2024.3")
    ("YAML reads 2024.3 as a number, not a month: write the month YYYYMM in quotes, '202403'", None, None)
    >>> month_as_number(2024.1).month, month_as_number(2024.13)
    ('202401', None)
    """
    if not isinstance(raw, float) or raw != raw:
        return None
    year, point, digits = repr(raw).partition(".")
    if not point or not year.isdigit() or int(year) < 1900 or not digits.isdigit() or len(digits) > 2:
        return None
    if not 1 <= int(digits) <= 12 or digits == "0":
        return None
    month = f"{year}{int(digits):02d}"
    one, other = (MONTH_AS_FLOAT, MONTH_AS_FLOAT_OR) if python else (MONTH_AS_NUMBER, MONTH_AS_NUMBER_OR)
    if digits == "1":  # 2024.1, or 2024.10 as YAML (or Python) reads it
        message = other.format(written=repr(raw), month=month, other=f"{year}10", year=year)
    else:
        message = one.format(written=repr(raw), month=month)
    return MonthAsNumberError(message, month)


def case_value(name: str, raw: Any) -> Any:
    """:func:`natural_value` of a fact written for a rule's case or the testing kit, where the value is meant
    exactly: an amount with a part of a fen (``8699.995``, ``1e-05``), which a household's file is read
    rounded to the fen, is refused, :class:`PartOfAFenError` (a case meant just below a line of 8700 was tested
    at 8700.00).

    >>> case_value("wage_income", "8699.99"), case_value("wage_income", 0.5)
    (Decimal('8699.99'), Decimal('0.50'))
    >>> case_value("wage_income", "8699.995")
    Traceback (most recent call last):
    fanpin.model.facts.PartOfAFenError: 8699.995 has a part of a fen: it would be read as 8700.00; write 8699.99
    """
    value = natural_value(name, raw)
    if FACTS[name].kind is not Kind.MONEY or value is None or isinstance(raw, bool):
        return value
    try:
        exact = Decimal(written_out(raw).strip().replace(",", ""))
    except ArithmeticError:
        return value
    if exact != value:
        below = exact.quantize(Decimal("0.01"), rounding=ROUND_DOWN) + 0  # + 0: no -0.00
        raise PartOfAFenError(plain_number(exact) or str(raw), value, below)
    return value


#: How an unknown fact is given: by leaving it out.
_LEAVE_OUT = "leave an unknown fact out (a fact not given is unknown)"


def encode(name: str, value: Any) -> int | float | str | bool:
    """One natural value → the engines' value: money in whole fen, months/dates as day/month numbers."""
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal):
        return int(value * 100)
    if isinstance(value, Month):
        return value.ordinal
    if isinstance(value, date):
        return value.toordinal()
    if isinstance(value, Labelled):
        return value.value
    if isinstance(value, int | str | float):
        return value
    # A host's facts reach here (encode_all is how the batch engine's are made): a fanpin error, not a
    # bare TypeError; None is the usual one, an unknown fact written out where it is to be left out.
    raise ConfigError(
        f"fact {name} has a value of type {type(value).__name__}, which is no fact's value",
        fix=_LEAVE_OUT if value is None else "give one number, text, date or yes/no per fact",
    )


def encode_typed(name: str, value: Any) -> int | float | str:
    """A value its model has typed (a member's fact), as the engines compare it: :func:`encode`, yes/no as 1/0;
    text and numbers as they are, without :func:`encode`'s look at each type (most of a member's facts)."""
    typed = type(value)
    if typed is str or typed is int or typed is float:
        return value  # type: ignore[no-any-return]
    encoded = encode(name, value)
    return int(encoded) if isinstance(encoded, bool) else encoded


def encode_all(natural: Mapping[str, Any]) -> dict[str, int | float | str]:
    """Every value encoded by its fact's kind (money in whole fen, months and dates as month and day numbers,
    yes/no as 1/0: what both engines compare), a value not of its kind's natural type parsed first as
    :meth:`fanpin.Engine.evaluate_facts` parses it (:func:`checked_natural`): ``7500`` or ``"7500"`` for an
    amount is 7500 元, ``"202001"`` or ``date(2020, 1, 1)`` for a month is 2020-01. A value its fact cannot
    take is a :class:`~fanpin.errors.ConfigError`, and so is None (an unknown fact is left out); a blank, which
    evaluate_facts reads as unknown, is left out.
    A key that is no household fact (a member's fact, which its model has typed) is encoded by its value's
    type (:func:`encode`). The values the model gives (``Decimal`` to the fen, of any size, as a sum of amounts
    may be; ``Month``, ``date``, ``bool``, a vocabulary's id) are encoded without being parsed again.

    >>> encode_all({"income_per_capita": 7500, "identified_month": "202001", "monitored": "是"})
    {'income_per_capita': 750000, 'identified_month': 24240, 'monitored': 1}
    """
    encoded: dict[str, int | float | str] = {}
    info_of = _CATALOGUE.info
    for name, value in natural.items():
        info = info_of(name)
        if info is None:  # a member's fact
            encoded[name] = encode_typed(name, value)
            continue
        kind, typed = info.kind, type(value)
        if kind is Kind.MONEY and typed is Decimal:
            hundredfold = value * 100
            if hundredfold.is_finite() and hundredfold == (fen := int(hundredfold)):
                encoded[name] = fen
                continue
        elif (
            (kind is Kind.BOOL and typed is bool)
            or (kind is Kind.COUNT and typed is int and -_PLAIN_COUNT < value < _PLAIN_COUNT)
            or (kind is Kind.TEXT and typed is str)
            or (kind is Kind.DATE and typed is date)
        ):
            e = encode(name, value)
            encoded[name] = int(e) if isinstance(e, bool) else e
            continue
        elif kind is Kind.ENUM and info.enum is not None:
            if typed is info.enum:
                encoded[name] = value.value
                continue
            if typed is str and value in _ids(info.enum):
                encoded[name] = value
                continue
        made = _encoded_natural(name, value)
        if made is not None:
            encoded[name] = made
    return encoded


#: Counts below this (in size) are taken as they are; a larger one is parsed, which refuses a person's number.
_PLAIN_COUNT = 10**9


@cache
def _ids(enum: type[Labelled]) -> frozenset[str]:
    return frozenset(m.value for m in enum)


def _encoded_natural(name: str, value: Any) -> int | float | str | None:
    """``value`` parsed as its fact's natural value (:func:`checked_natural`), encoded, None for a blank; a
    value of no fact's type and None (an unknown fact, to be left out) refused with a ConfigError."""
    if not isinstance(value, bool | int | float | str | Decimal | date):
        encode(name, value)  # its refusal: None, a list, …
    parsed = checked_natural(name, value)
    if parsed is None:  # a blank: unknown, as evaluate_facts reads it
        return None
    e = encode(name, parsed)
    return int(e) if isinstance(e, bool) else e


def checked_natural(name: str, raw: Any) -> Any:
    """:func:`natural_value`, a value the fact cannot have (``abc`` for money, a list) being a
    :class:`~fanpin.errors.ConfigError` naming the fact and the value."""
    try:
        return natural_value(name, raw)
    except (ValueError, TypeError) as exc:
        shown = repr(raw)
        shown = shown if len(shown) <= 60 else shown[:60] + "…"
        raise ConfigError(f"fact {name} = {shown}: {exc}", fix=f"write a value of {FACTS[name].label}") from None
