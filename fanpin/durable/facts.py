"""The encoded facts the per-household engine reads, taken straight off a :class:`~fanpin.Household`.

:func:`fanpin.model.facts.household_facts` derives every fact of the catalogue in natural units and
:func:`~fanpin.model.facts.encode_all` then encodes them: about 45 µs a household, a quarter of an
evaluation, most of it spent on facts no rule reads (the 身份证 check digit included). A
:class:`FactReader` is built once per engine for the facts its conditions read and gives, for those, the
very values ``encode_all(household_facts(household))`` gives (a test holds them equal on generated
households): money in whole fen, yes/no as 1/0, months and days as numbers, labels as their text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from fanpin.model.facts import FACTS, SETS, encode
from fanpin.model.household import Household, Kind
from fanpin.model.values import id_number_check

__all__ = ["FactReader"]

Encoded = int | float | str
#: One fact: its value in a household's ``__dict__`` (or None), encoded.
_Getter = Callable[[Household, dict[str, Any]], Any]


def _money(value: Decimal) -> int:
    return int(value * 100)


def _count(value: int) -> int:
    return value


def _yes_no(value: bool) -> int:
    return int(value)


def _label(value: Any) -> str:
    return value.value  # type: ignore[no-any-return]


def _text(value: str) -> str:
    return value


_ENCODERS: dict[Kind, Callable[[Any], Encoded]] = {
    Kind.MONEY: _money,
    Kind.COUNT: _count,
    Kind.BOOL: _yes_no,
    Kind.ENUM: _label,
    Kind.TEXT: _text,
}


class FactReader:
    """Reads the encoded values of ``names`` (facts of the catalogue; other names are ignored) off a
    household; an unknown fact is left out, as :func:`~fanpin.model.facts.household_facts` leaves it."""

    def __init__(self, names: Iterable[str]) -> None:
        wanted = set(names).intersection(FACTS)  # iterating FACTS: the model's facts, not derived ones
        set_facts = {info.fact(m): (info, m) for info in SETS.values() for m in info.enum}
        fields = Household.model_fields
        #: The model fields read from the household's __dict__, by how each is encoded: one loop per
        #: encoding, without a call per fact (a third of the reading was calls to the encoders).
        self._money: list[str] = []  # Decimal 元 → whole fen
        self._as_is: list[str] = []  # counts and text
        self._yes_no: list[str] = []  # bool → 1/0
        self._labels: list[str] = []  # enum → its text
        self._general: list[tuple[str, Callable[[Any], Encoded]]] = []  # months, dates
        #: (name, getter, encoder) of the derived facts: computed fields, monitored, counts, the ID check.
        self._derived: list[tuple[str, Callable[[Household], Any], Callable[[Any], Encoded]]] = []
        #: Whether the per-capita income is read (given to :meth:`read` by an engine that computed it).
        self._per_capita = False
        #: Per set (risks): its slots and the (fact, member value) pairs read.
        self._sets: list[tuple[tuple[str, ...], list[tuple[str, str]]]] = []
        by_kind = {Kind.MONEY: self._money, Kind.COUNT: self._as_is, Kind.TEXT: self._as_is}
        by_kind |= {Kind.BOOL: self._yes_no, Kind.ENUM: self._labels}
        by_set: dict[str, list[tuple[str, str]]] = {}
        for name in sorted(wanted):
            info = FACTS[name]
            if name in set_facts:
                owner, member = set_facts[name]
                by_set.setdefault(owner.name, []).append((name, member.value))
            elif name == "income_per_capita":
                self._per_capita = True
            elif name in fields and name not in Household.model_computed_fields:
                if info.kind in by_kind:
                    by_kind[info.kind].append(name)
                else:
                    self._general.append((name, _general(name)))
            else:
                self._derived.append((name, _derived(name), _ENCODERS.get(info.kind) or _general(name)))
        for set_name, members in by_set.items():
            self._sets.append((SETS[set_name].slots, members))

    def read(self, household: Household, per_capita: Decimal | None = None) -> dict[str, Encoded]:
        """The encoded facts; ``per_capita``: the household's ``income_per_capita`` when the caller has
        it already (the engine needs it for the band too: computing it twice cost 2–3 µs a household)."""
        values = household.__dict__
        encoded: dict[str, Encoded] = {}
        for name in self._money:
            value = values[name]
            if value is not None:
                encoded[name] = int(value * 100)
        for name in self._as_is:
            value = values[name]
            if value is not None:
                encoded[name] = value
        for name in self._yes_no:
            value = values[name]
            if value is not None:
                encoded[name] = int(value)
        for name in self._labels:
            value = values[name]
            if value is not None:
                encoded[name] = value.value
        for name, encoder in self._general:
            value = values[name]
            if value is not None:
                encoded[name] = encoder(value)
        for name, getter, encoder in self._derived:
            value = getter(household)
            if value is not None:
                encoded[name] = encoder(value)
        if self._per_capita:  # never None: net income over a size of at least 1
            encoded["income_per_capita"] = _money(household.income_per_capita if per_capita is None else per_capita)
        for slots, members in self._sets:
            held = {str(values[slot]) for slot in slots if values[slot] is not None}
            for name, member in members:
                encoded[name] = int(member in held)
        return encoded


def _general(name: str) -> Callable[[Any], Encoded]:
    """The catalogue's own encoding (months, dates): yes/no as 1/0, as :func:`~fanpin.model.facts.encode_all`."""

    def encoder(value: Any) -> Encoded:
        e = encode(name, value)
        return int(e) if isinstance(e, bool) else e

    return encoder


def _derived(name: str) -> Callable[[Household], Any]:
    if name == "measure_count":
        return lambda h: len(h.measures_in_place)
    if name == "id_number_valid":
        # Only the check result is a fact; the number itself never leaves the model.
        return lambda h: None if h.id_number is None else id_number_check(h.id_number.reveal())
    return lambda h: getattr(h, name)
