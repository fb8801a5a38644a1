"""A direct three-valued (Kleene) evaluation of typed conditions, in plain Python.

Test-only: an independent oracle for the durable-rules compilation. It reads the same encoded
message the engine builds (facts, thresholds, computed terms), so any difference comes from the
translation to durable-rules or from durable-rules itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fanpin.lang.lowering import Slots, literal
from fanpin.lang.tree import Condition, TAnd, TCompare, TConst, Term, TIn, TMissing, TNot, TOr, TTruth

Truth = bool | None


def _value(term: Term, slots: Slots, message: Mapping[str, Any]) -> Any:
    if isinstance(term, TConst):
        return literal(term)
    return message.get(slots.name(term) or "")


def kleene(c: Condition, slots: Slots, message: Mapping[str, Any]) -> Truth:
    match c:
        case TCompare(op=op, left=left, right=right):
            a, b = _value(left, slots, message), _value(right, slots, message)
            if a is None or b is None:
                return None
            return bool({"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b, "==": a == b, "!=": a != b}[op])
        case TIn(operand=x, values=values):
            v = _value(x, slots, message)
            return None if v is None else v in [literal(TConst(val, "plain")) for val in values]
        case TMissing(operand=x):
            return _value(x, slots, message) is None
        case TTruth(fact=fact):
            v = message.get(fact)
            return None if v is None else bool(v)
        case TNot(operand=x):
            r = kleene(x, slots, message)
            return None if r is None else not r
        case TAnd(items=items):
            results = [kleene(i, slots, message) for i in items]
            return False if False in results else (None if None in results else True)
        case TOr(items=items):
            results = [kleene(i, slots, message) for i in items]
            return True if True in results else (None if None in results else False)
    raise TypeError(c)
