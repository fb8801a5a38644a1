"""The typed tree: what the type checker makes of a condition, and the one input of both engine
compilers. Terms are values (facts, parameters, constants, arithmetic, calls); conditions are
three-valued tests (true, false, not evaluable) combined with and, or and not."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from fanpin.model.household import Kind

__all__ = [
    "Condition",
    "TAnd",
    "TArith",
    "TCall",
    "TCompare",
    "TConst",
    "TFact",
    "TIn",
    "TMissing",
    "TNeg",
    "TNot",
    "TOr",
    "TParam",
    "TTruth",
    "Term",
    "Unit",
    "facts_of",
    "params_of",
]

Unit = Literal["money", "plain"]


# ---- typed terms (values) ---------------------------------------------------------------------


@dataclass(frozen=True)
class TConst:
    value: Decimal | str
    unit: Unit | Literal["text", "month", "date"]


@dataclass(frozen=True)
class TFact:
    name: str
    kind: Kind


@dataclass(frozen=True)
class TParam:
    name: str
    unit: Unit


@dataclass(frozen=True)
class TNeg:
    operand: Term


@dataclass(frozen=True)
class TArith:
    op: str
    left: Term
    right: Term


@dataclass(frozen=True)
class TCall:
    function: str
    args: tuple[Term, ...]


Term = TConst | TFact | TParam | TNeg | TArith | TCall

# ---- typed conditions (three-valued: true / false / not evaluable) ----------------------------


@dataclass(frozen=True)
class TCompare:
    op: str
    left: Term
    right: Term


@dataclass(frozen=True)
class TIn:
    operand: Term
    values: tuple[Decimal | str, ...]


@dataclass(frozen=True)
class TMissing:
    operand: Term


@dataclass(frozen=True)
class TTruth:
    fact: str


@dataclass(frozen=True)
class TNot:
    operand: Condition


@dataclass(frozen=True)
class TAnd:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class TOr:
    items: tuple[Condition, ...]


Condition = TCompare | TIn | TMissing | TTruth | TNot | TAnd | TOr


def facts_of(node: Term | Condition) -> set[str]:
    """The household facts a typed term or condition reads."""
    match node:
        case TFact(name=name) | TTruth(fact=name):
            return {name}
        case TConst() | TParam():
            return set()
        case TNeg(operand=x) | TMissing(operand=x) | TNot(operand=x) | TIn(operand=x):
            return facts_of(x)
        case TArith(left=left, right=right) | TCompare(left=left, right=right):
            return facts_of(left) | facts_of(right)
        case TCall(args=items) | TAnd(items=items) | TOr(items=items):
            return set().union(*(facts_of(i) for i in items))
    raise TypeError(node)  # pragma: no cover - the match is exhaustive


def params_of(node: Term | Condition) -> set[str]:
    """The parameters a typed term or condition reads."""
    match node:
        case TParam(name=name):
            return {name}
        case TConst() | TFact() | TTruth():
            return set()
        case TNeg(operand=x) | TMissing(operand=x) | TNot(operand=x) | TIn(operand=x):
            return params_of(x)
        case TArith(left=left, right=right) | TCompare(left=left, right=right):
            return params_of(left) | params_of(right)
        case TCall(args=items) | TAnd(items=items) | TOr(items=items):
            return set().union(*(params_of(i) for i in items))
    raise TypeError(node)  # pragma: no cover
