"""Quantifiers over a household's members, as household facts the engines compute.

``any(members, c)``, ``all(members, c)`` and ``count(members, c)`` each become a household fact
(:class:`Aggregate`) named by its content, so that every household rule, explanation and compiler treats
them as the plain facts they are: ``any`` and ``all`` yes/no, ``count`` a count. ``share(members, c)`` is
``count(members, c) / member_count``. Before a household's rules run, each engine evaluates every
member condition on every member row — the durable engine as durable-rules rules over one fact per
member, the batch engine as polars expressions over the member table grouped by household — and
combines the outcomes by Kleene's logic:

- ``any``: true if some member's condition is true; false if every member's is false (and for a
  household with no member rows); otherwise not evaluable;
- ``all``: false if some member's is false; true if every member's is true (and with no member rows);
  otherwise not evaluable;
- ``count``: how many are true, when none is unknown; otherwise not evaluable (write ``any`` to ask
  whether there is one);
- ``member_count`` (``count(members)``): the number of member rows.

A household given without its members (a one-row-per-household table) has all of them unknown, so the
rules that read them are not evaluable, never silently false.

A member condition reads member facts (:data:`fanpin.model.member_facts.MEMBER_FACTS`) and household
facts (the same for every member); a member fact shadows a household fact of the same name.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from fanpin.lang.tree import Condition, facts_of
from fanpin.model.facts import FACTS, FactInfo, derive
from fanpin.model.household import Kind
from fanpin.model.member_facts import MEMBER_FACTS, label_fact, label_of, label_pairs

__all__ = [
    "AGGREGATES",
    "MEMBER_COUNT",
    "Aggregate",
    "Derived",
    "QuantKind",
    "aggregate",
    "aggregates_of",
    "combine",
    "derived",
    "household_facts_read",
    "member_facts_read",
    "natural_aggregates",
    "restore",
]

QuantKind = Literal["any", "all", "count"]

#: The fact ``count(members)``: how many member rows the household has.
MEMBER_COUNT = "member_count"


@dataclass(frozen=True)
class Aggregate:
    """A household fact computed from the members: ``kind`` over ``condition`` (None: every member)."""

    name: str
    kind: QuantKind
    condition: Condition | None
    text: str

    @property
    def label(self) -> str:
        if self.condition is None:
            return "家庭成员数（成员名单）"
        return {
            "any": f"有成员满足「{self.text}」",
            "all": f"所有成员满足「{self.text}」",
            "count": f"满足「{self.text}」的成员数",
        }[self.kind]

    @property
    def label_en(self) -> str:
        if self.condition is None:
            return "members listed"
        return {
            "any": f"some member has {self.text}",
            "all": f"every member has {self.text}",
            "count": f"members with {self.text}",
        }[self.kind]


#: Every aggregate the type checker has made, by name (the name is derived from the content).
AGGREGATES: dict[str, Aggregate] = {}


def aggregate(kind: QuantKind, condition: Condition | None, text: str) -> Aggregate:
    """The aggregate for ``kind`` over ``condition``, registered as a household fact."""
    if condition is None:
        name = MEMBER_COUNT
    else:
        digest = hashlib.sha1(f"{kind}:{condition!r}".encode()).hexdigest()[:10]
        name = f"members_{kind}_{digest}"
    found = AGGREGATES.get(name)
    if found is not None:
        return found
    made = Aggregate(name, kind, condition, text)
    _register(made)
    return made


def _register(made: Aggregate) -> None:
    AGGREGATES[made.name] = made
    derive(FactInfo(made.name, Kind.BOOL if made.kind in ("any", "all") else Kind.COUNT, made.label))


@dataclass(frozen=True)
class Derived:
    """The facts type-checking rules made known in a process: the aggregates (household facts) and the
    label facts (:func:`~fanpin.model.member_facts.label_fact`). The engines look them up by name, so a
    process that did not type-check the rules itself (a worker given a rulebook:
    :mod:`fanpin.pipeline.workers`) :func:`restores <restore>` them before it makes an engine."""

    aggregates: tuple[Aggregate, ...]
    labels: tuple[tuple[str, str], ...]


def derived() -> Derived:
    """What this process's rules made known (see :class:`Derived`)."""
    return Derived(tuple(AGGREGATES.values()), label_pairs())


def restore(made: Derived) -> None:
    """Make known in this process what :func:`derived` returned in another."""
    for one in made.aggregates:
        if one.name not in AGGREGATES:
            _register(one)
    for field, label in made.labels:
        label_fact(field, label)


def aggregates_of(conditions: Iterable[Condition]) -> tuple[Aggregate, ...]:
    """The aggregates ``conditions`` read, in a stable order (by name)."""
    names = set().union(*(facts_of(c) for c in conditions)) & AGGREGATES.keys()
    return tuple(AGGREGATES[n] for n in sorted(names))


def member_facts_read(condition: Condition) -> frozenset[str]:
    """The member facts (label facts included) a member condition reads."""
    return frozenset(n for n in facts_of(condition) if n in MEMBER_FACTS or label_of(n) is not None)


def household_facts_read(condition: Condition) -> frozenset[str]:
    """The household facts a member condition reads (the same on every member row)."""
    return frozenset(n for n in facts_of(condition) if n in FACTS) - member_facts_read(condition)


def combine(kind: QuantKind, outcomes: Sequence[bool | None]) -> bool | int | None:
    """One aggregate's value from its members' outcomes (true, false, None = not evaluable).

    >>> combine("any", [False, None, True]), combine("any", [False, None]), combine("all", [])
    (True, None, True)
    >>> combine("count", [True, False, True]), combine("count", [True, None])
    (2, None)
    """
    if kind == "any":
        return True if True in outcomes else None if None in outcomes else False
    if kind == "all":
        return False if False in outcomes else None if None in outcomes else True
    return None if None in outcomes else sum(1 for o in outcomes if o)


def natural_aggregates(
    aggregates: Sequence[Aggregate], outcomes: Mapping[str, Sequence[bool | None]], members: int
) -> dict[str, bool | int]:
    """Every known aggregate value of a household with ``members`` member rows."""
    values: dict[str, bool | int] = {}
    for agg in aggregates:
        value = members if agg.condition is None else combine(agg.kind, outcomes[agg.name])
        if value is not None:
            values[agg.name] = value
    return values


# ``count(members)`` is a fact of every household whose members are given: known to the catalogue from
# the start, since the batch engine reads it to tell "no member rows" from "members not given".
aggregate("count", None, "")
