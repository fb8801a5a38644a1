"""The fact catalogue: what a rule condition may read about a household.

Facts are the :class:`~fanpin.Household` fields (minus personal data) and its derived values, each with
its kind and Chinese label, read straight from the model so that the model stays the one source of
truth. :func:`household_facts` turns a household into natural values (元 as Decimal, months, dates);
:func:`encode` turns natural values into the engines' representation (whole fen, month and day
numbers, 1/0 for yes/no) — the representation in which thresholds compare exactly.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, get_args

from fanpin.model.columns import PII_FIELDS
from fanpin.model.household import Household, Kind, Labelled
from fanpin.model.values import Month, id_number_valid, parse_bool, parse_date, parse_int, parse_money, parse_month

__all__ = ["FACTS", "FactInfo", "encode", "encode_all", "household_facts", "natural_value"]


@dataclass(frozen=True)
class FactInfo:
    """A fact rules may read: its name, kind, display label and (for enums) its vocabulary."""

    name: str
    kind: Kind
    label: str
    enum: type[Labelled] | None = None


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
    return facts | _EXTRA


#: name → FactInfo for every fact a rule may read.
FACTS: Mapping[str, FactInfo] = _catalogue()


def household_facts(household: Household) -> dict[str, Any]:
    """Natural values of every known fact of ``household`` (unknown facts are left out)."""
    values: dict[str, Any] = {}
    for name in FACTS:
        if name == "monitored":
            value: Any = household.monitored
        elif name == "measure_count":
            value = len(household.measures_in_place)
        elif name == "id_number_valid":
            # Only the check result is a fact; the number itself never leaves the model.
            value = None if household.id_number is None else id_number_valid(household.id_number.reveal())
        else:
            value = getattr(household, name)
        if value is not None:
            values[name] = value
    return values


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


def encode(name: str, value: Any) -> int | str | bool:
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
    if isinstance(value, int | str):
        return value
    raise TypeError(f"fact {name} has a value of type {type(value).__name__}")


def encode_all(natural: Mapping[str, Any]) -> dict[str, int | float | str]:
    """Every natural value encoded; yes/no as 1/0 (what both engines compare)."""
    encoded: dict[str, int | float | str] = {}
    for name, value in natural.items():
        e = encode(name, value)
        encoded[name] = int(e) if isinstance(e, bool) else e
    return encoded
