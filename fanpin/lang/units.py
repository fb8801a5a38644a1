"""What a plain number measures, so that mixing measures fails at load: a count with a ratio, months
with days. The engines never see measures: to them a number is money (in fen) or plain.

>>> compatible("count", "months"), compatible("count", "ratio"), joined("number", "days")
(True, False, 'days')
"""

from __future__ import annotations

from fanpin.lang.tree import TConst

__all__ = ["MEASURES", "as_unit", "compatible", "joined", "measure_name"]


#: What a plain number measures. A bare number literal ("number") goes with any of them; a count goes with
#: months, days and years (a count of months, of days, an age); any other two differ, and mixing them
#: fails at load: a count with a ratio, months with days, an age with months, 亩 with 平方米 or 公里.
#: ``quantity`` is an area or distance whose measure is not declared.
MEASURES = ("count", "ratio", "months", "days", "years", "mu", "square_metres", "km", "quantity", "number")


def compatible(a: str, b: str) -> bool:
    if a == b or "number" in (a, b):
        return True
    return {a, b} in ({"count", "months"}, {"count", "days"}, {"count", "years"})


def joined(a: str, b: str) -> str:
    """The measure of two compatible ones: the more specific."""
    return b if a in ("number", "count") and b != "number" else a


def measure_name(measure: str) -> str:
    names = {
        "count": "a count",
        "ratio": "a ratio",
        "months": "months",
        "days": "days",
        "years": "years (an age)",
        "mu": "an area in 亩",
        "square_metres": "an area in square metres",
        "km": "a distance in km",
        "quantity": "an area or distance",
        "number": "a number",
    }
    return names.get(measure, measure)


def as_unit(const: TConst, unit: str) -> TConst:
    if const.unit == unit or unit != "money":
        return const
    return TConst(const.value, "money")
