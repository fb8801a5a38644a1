"""The export reader's fast path for member rows: each distinct cell value is validated once.

A person-level export repeats its values: 是/否, the vocabularies, a household's columns on each of its
rows, the same few amounts. Validating every row with :class:`~fanpin.model.member.Member` parses the
same text again and again and costs most of the reader's time. :class:`MemberCells` reads a row instead
as follows, and gives the same :class:`Member` and the same member facts:

- **Each cell** is validated by its field's own validator (the field's type, before-validator and
  constraints, taken from the model: a :class:`pydantic.TypeAdapter` per field), once per distinct
  text of that column; the result is remembered. A field of a plain type (text, yes/no, a vocabulary,
  an amount, a date, a personal value) is read by its before-validator alone when that gives a value
  pydantic would give back unchanged (:func:`_validator`), else by the adapter. A :class:`Member`
  checks its fields one by one (it has no check across fields: :func:`fields_only` makes sure, else
  this path is off), so a row whose every cell passes is a valid row, and the member is built from the
  remembered values (as :meth:`pydantic.BaseModel.model_construct` builds it, with the same fields set).
  A cell of a nearly distinct column's usual shape (:data:`PLAIN_CELLS`) takes the value that shape gives,
  without the validator; the column path remembers a column of 出生日期's such cells at a time and does not
  look at the others' (:data:`PLAIN_VALID`: valid as written), whose values are made when asked for.
- **A row is looked up by tuples of cells**: the household's columns as one tuple (the same on each of
  its rows), the person's :data:`CHUNK` columns at a time, the nearly distinct columns (names, ID and
  phone numbers, 人编号, 出生日期) one by one; a tuple not seen yet is filled column by column. One
  look-up per tuple gives the values and, once asked for, the facts read from them (:class:`_Seen`): the
  row's tuples are kept from :meth:`MemberCells.member` until :meth:`MemberCells.facts` (:data:`PENDING`).
- **A row with any cell that fails** is not built here: the caller validates it with :class:`Member` as
  before, so every refusal, reason and masked value is the model's own. A cell holding an error of Excel's
  (``#N/A``) fails in every column, and the caller refuses its row for it (the model would read it as text).
- **The member facts** (:func:`~fanpin.model.member_facts.member_row`) are computed once per distinct
  value of the fields each fact reads (:data:`~fanpin.model.member_facts.FACT_SOURCES`), by the same
  function as :func:`~fanpin.model.member_facts.member_facts`, encoded as the engines read them, and
  kept in parts shared by the rows (:data:`FactParts`); :func:`member_frame` makes each distinct part
  into columns once and gathers them by row for the batch engine (polars is imported there: ``import
  fanpin`` stays free of it).
- **Memory stays bounded**: a column's remembered values are forgotten when they pass
  :data:`REMEMBERED` (:data:`HOUSEHOLDS` for the tuple of a household's columns, which only its own rows
  repeat).

The equality with the model (members, facts, refusals) is property-tested on generated exports with odd
cells (``tests/io/test_member_cells.py``).
"""

from __future__ import annotations

import contextlib
import inspect
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from enum import Enum
from operator import itemgetter
from types import NoneType, UnionType
from typing import TYPE_CHECKING, Annotated, Any, cast, get_args

from annotated_types import Ge, Le
from pydantic import BeforeValidator, ConfigDict, PlainSerializer, TypeAdapter, ValidationError, WithJsonSchema

from fanpin.model.export_columns import EXPORT_PII_FIELDS, LEVELS
from fanpin.model.facts import encode_all
from fanpin.model.household import Household, Kind, Measure
from fanpin.model.member import Level, Member
from fanpin.model.member_facts import (
    FACT_SOURCES,
    ID_FACTS,
    LABEL_SETS,
    fact_values,
    id_row,
    label_facts,
    member_reference,
    member_rows,
)
from fanpin.model.values import EXCEL_ERRORS, Pii

if TYPE_CHECKING:
    import polars as pl

__all__ = [
    "CHUNK",
    "FAILED",
    "HOUSEHOLDS",
    "PENDING",
    "PLAIN_CELLS",
    "PLAIN_VALID",
    "REMEMBERED",
    "FactParts",
    "MemberCells",
    "encoded",
    "fields_only",
    "member_frame",
    "merged",
    "plain_days",
    "update_new",
    "wanted",
]

#: Distinct values remembered per column (or per group of columns a fact reads) before they are forgotten.
REMEMBERED = 50_000
#: … for the tuple of a household's columns (its rows are usually together: the next households' differ).
HOUSEHOLDS = 64

_FAILED = object()
#: What :meth:`MemberCells.value` gives for a cell its field refuses.
FAILED = _FAILED
_CONFIG = ConfigDict(arbitrary_types_allowed=True)


def _day(text: str) -> date:
    """The day of a text of :data:`PLAIN_CELLS`' shape for 出生日期 (``19810312``, ``1981-03-12``), as
    :func:`~fanpin.model.values.parse_date` reads it; ValueError for a day no calendar has (its refusal)."""
    digits = text.replace("-", "")
    return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))


def plain_days(cells: pl.Expr) -> pl.Expr:
    """:func:`_day` of each cell (of its shape) by polars, null where it raises: polars reads the eight
    digits, a day no calendar has is null, and so is the year 0 (which polars' calendar has and Python's
    lacks). The column path reads a plain 出生日期 so too."""
    import polars as pl  # here: ``import fanpin`` stays free of polars (module docstring)

    day = cells.str.replace_all("-", "", literal=True).str.to_date("%Y%m%d", strict=False)
    return pl.when(day.dt.year() >= 1).then(day)


def _days(texts: list[str]) -> list[date | None]:
    """:func:`_day` of each of ``texts`` (of its shape), None where it raises (:func:`plain_days`)."""
    import polars as pl

    return pl.select(plain_days(pl.lit(pl.Series(texts, dtype=pl.String)))).to_series().to_list()


#: Cells whose value is known without their field's validator, by shape, in the nearly distinct columns (the
#: validator runs for every row of those): per field, a pattern (polars') and the value of a text it matches,
#: which is the value the validator gives (a test holds each to it), or ValueError where the validator
#: refuses it. 证件号码 of an ID card's or a disability card's shape, 户编号 and 人编号 of digits, phone numbers
#: of digits, 出生日期 of eight digits (a dash after the year and the month or not), 姓名 of Chinese characters
#: alone (the unified ideographs and their first extension: no space, no dot); anything else is validated.
PLAIN_CELLS: dict[str, tuple[str, Callable[[str], Any]]] = {
    "id_number": (r"^[0-9]{17}[0-9Xx](?:[0-9]{2}){0,2}$", Pii),
    "name": (f"^[{chr(0x3400)}-{chr(0x4DBF)}{chr(0x4E00)}-{chr(0x9FFF)}]+$", Pii),
    "household_id": ("^[0-9]{1,40}$", str),
    "person_id": ("^[0-9]{1,40}$", str),
    **{name: ("^[0-9]{1,20}$", Pii) for name in ("phone", "household_phone", "collector_phone")},
    "recorded_birth_date": ("^[0-9]{4}-?[0-9]{2}-?[0-9]{2}$", _day),
}

#: :data:`PLAIN_CELLS` with each pattern compiled: a whole text matches it (``fullmatch``: a ``$`` of Python's
#: would match before a last line break, which polars' does not).
_PLAIN_SHAPES = {name: (re.compile(pattern), make) for name, (pattern, make) in PLAIN_CELLS.items()}
#: The fields of :data:`PLAIN_CELLS` whose every cell of the plain shape is valid, its value the text itself
#: (as text or a personal value): the column path does not look at those cells (a column of 60 000 distinct
#: ID numbers, remembered all at once, had cost a 20 000-household chunk some 20 ms for values seldom asked
#: for), and :meth:`MemberCells.value` makes one when asked.
PLAIN_VALID = frozenset(name for name, (_, make) in PLAIN_CELLS.items() if make in (str, Pii))

#: Columns whose values are (nearly) distinct on every row, remembered column by column; the other
#: columns are remembered as two tuples per row: the household's columns (the same on each of its rows)
#: and the person's.
_DISTINCT = EXPORT_PII_FIELDS | {"person_id", "recorded_birth_date"}


def _adapter(name: str) -> TypeAdapter[Any]:
    """The validator of one :class:`Member` field, as the model applies it to that field's value."""
    info = Member.model_fields[name]
    annotation: Any = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
    return TypeAdapter(annotation, config=_CONFIG)


#: The types of which pydantic's check of a value of exactly that type gives the value back as it is (an
#: enumeration's members too): a field of one of them, or of one of them or None, has :func:`_validator`'s
#: plain path.
_PLAIN = (str, bool, int, Decimal, date, Pii)


def _plain(annotation: Any) -> tuple[type, bool] | None:
    """(the type, whether None is a value) of a field annotated ``X`` or ``X | None`` where ``X`` is plain
    (:data:`_PLAIN`, or an enumeration), else None."""
    args = get_args(annotation) if isinstance(annotation, UnionType) else (annotation,)
    kind = args[0]
    if args[1:] not in ((), (NoneType,)) or not isinstance(kind, type):
        return None
    return (kind, len(args) == 2) if kind in _PLAIN or issubclass(kind, Enum) else None


#: What a field's annotation may hold beside its before-validator and its bounds for :func:`_validator`'s
#: plain path: how the value is written out and described, nothing that checks it.
_DESCRIPTIVE = (BeforeValidator, Ge, Le, PlainSerializer, WithJsonSchema, Kind, Measure)


def _validator(name: str) -> Callable[[str], Any]:
    """The validator of one :class:`Member` field for a text cell: the value pydantic gives, or ``_FAILED``.

    A field of a plain type (:func:`_plain`) whose checks are one before-validator taking the value alone and
    bounds (the names, ID and phone numbers, 人编号, 出生日期, the other text columns, yes/no, the
    vocabularies, amounts) is read by calling that before-validator: when it gives a value of exactly that
    type within the bounds (or None, if the field takes it), pydantic's check gives that same value back,
    at several times the cost (the nearly distinct columns are read on every row, a household's amounts on
    its first). Anything else (a refusal, another type, a value out of bounds) goes through the field's
    adapter, which gives the value or the refusal."""
    adapter = _adapter(name)

    def adapted(raw: str) -> Any:
        try:
            return adapter.validate_python(raw)
        except ValidationError:
            return _FAILED

    info = Member.model_fields[name]
    plain = _plain(info.annotation)
    before = [m.func for m in info.metadata if isinstance(m, BeforeValidator)]
    if (
        plain is None
        or len(before) != 1
        or not all(isinstance(m, _DESCRIPTIVE) for m in info.metadata)
        or len(inspect.signature(before[0]).parameters) != 1
    ):
        return adapted
    parse = cast("Callable[[object], object]", before[0])
    kind, optional = plain
    low: list[Any] = [m.ge for m in info.metadata if isinstance(m, Ge)]
    high: list[Any] = [m.le for m in info.metadata if isinstance(m, Le)]
    bounded = bool(low or high)

    def plain_path(raw: str) -> Any:
        try:
            value: Any = parse(raw)
        except Exception:  # refused (or anything else): the adapter says what the model says
            return adapted(raw)
        if value is None and optional:
            return None
        if type(value) is kind and (not bounded or (all(value >= b for b in low) and all(value <= b for b in high))):
            return value
        return adapted(raw)

    return plain_path


def _groups() -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """(fields read, facts) for every group of member facts computed from the same fields, in catalogue
    order; the facts that read the ID number form one group (distinct on every row, they are computed
    for every row, and together: :func:`~fanpin.model.member_facts.fact_values`). A measure column's
    group also yields its label facts."""
    by_sources: dict[tuple[str, ...], list[str]] = {}
    of_id = tuple(dict.fromkeys(s for sources in FACT_SOURCES.values() if "id_number" in sources for s in sources))
    for name, sources in FACT_SOURCES.items():
        by_sources.setdefault(of_id if "id_number" in sources else sources, []).append(name)
    return [(sources, tuple(names)) for sources, names in by_sources.items()]


def wanted(sources: Sequence[str], names: Iterable[str], read: AbstractSet[str]) -> bool:
    """Whether a group of member facts (computed together from the fields ``sources``) holds a fact in
    ``read``: one of ``names``, or for a measure column, one of its label facts (``<column>_has_…``:
    :func:`~fanpin.model.member_facts.label_fact`)."""
    if not read.isdisjoint(names):
        return True
    labels = f"{sources[0]}_has_" if len(sources) == 1 and sources[0] in LABEL_SETS else None
    return labels is not None and any(name.startswith(labels) for name in read)


def _getter(indexes: Sequence[int]) -> Callable[[Sequence[str]], tuple[str, ...]]:
    """The cells at ``indexes`` of a row, as a tuple."""
    if len(indexes) > 1:
        return itemgetter(*indexes)
    return (lambda row: (row[indexes[0]],)) if indexes else (lambda row: ())


def fields_only() -> bool:
    """Whether :class:`Member` validates its fields one by one and nothing else, as this path assumes: no
    field or model validator of its own (the validators are in the fields' types), only
    :class:`~fanpin.model.record.Record`'s, which words the refusals."""
    decorators = Member.__pydantic_decorators__
    return set(decorators.model_validators) == {"_explained_refusals"} and not (
        decorators.field_validators or decorators.validators or decorators.root_validators
    )


class _Remembered(dict[Any, Any]):
    """Values remembered by key, forgotten all at once when there are :data:`REMEMBERED` of them (as it is
    when they are made), or ``limit``, if fewer."""

    def __init__(self, limit: int = 2**62) -> None:
        super().__init__()
        self.limit = min(limit, REMEMBERED)

    def remember(self, key: Any, value: Any) -> None:
        if len(self) >= self.limit:
            self.clear()
        self[key] = value


#: Columns remembered together (a tuple of their cells as key): few enough that a row's combination
#: repeats, so that most rows are read with a few look-ups.
CHUNK = 6


#: Rows whose parts :meth:`MemberCells.member` keeps for :meth:`MemberCells.facts` (a household's rows are
#: built, then asked for their facts); a row not kept any more is looked up again.
PENDING = 1024


class _Seen:
    """What is remembered of one tuple of a part's cells: the fields' values, and the facts read from them
    only, once a member of them is asked for its facts (one look-up per part and row gives both)."""

    __slots__ = ("facts", "values")

    def __init__(self, values: dict[str, Any]) -> None:
        self.values = values
        self.facts: dict[str, int | float | str] | None = None


@dataclass(frozen=True)
class _Part:
    """Columns remembered together (:class:`_Seen`), by the tuple of their cells. A miss is filled from
    ``chunks`` (smaller parts over the same columns), or column by column."""

    names: tuple[str, ...]
    cells: Callable[[Sequence[str]], tuple[str, ...]]
    chunks: tuple[_Part, ...]
    groups: list[_Group] = field(default_factory=list)
    known: _Remembered = field(default_factory=lambda: _Remembered())


class MemberCells:
    """Members and member facts from the text cells of a file's member rows (module docstring).

    ``index_of``: the :class:`Member` fields the file has → their column; ``width``: the header's cells
    (a shorter row's missing cells are empty); ``facts``: whether the caller wants :meth:`facts`: True
    for every member fact, or the names of the facts it reads (:func:`wanted`: the facts computed from
    the same fields as one of them are computed too, the others are left out of :meth:`facts`);
    ``across``: the across-the-file facts the reader will set on every member (:func:`update_new`).
    """

    def __init__(
        self,
        index_of: Mapping[str, int],
        width: int,
        *,
        facts: bool | Collection[str] = True,
        across: Iterable[str] = (),
    ) -> None:
        self.index_of = dict(index_of)
        self.width = width
        #: whether rows are read here at all (:func:`fields_only`; else :meth:`member` always says None)
        self.on = fields_only()
        #: whether the reader computes each valid member's facts (:meth:`facts`)
        self.with_facts = facts is not False
        read = None if isinstance(facts, bool) else frozenset(facts)
        self._validators = {name: _validator(name) for name in self.index_of}
        self._values = {name: _Remembered() for name in self.index_of}
        #: the row given to :meth:`member` (by its id) → that row and its parts' :class:`_Seen`, until :meth:`facts`
        self._pending = _Remembered(PENDING)
        #: the encoded facts of a group read from one column, by the group's facts and the cell's text
        #: (:meth:`text_facts`)
        self._text_facts = _Remembered()
        #: every field's default, in the model's order (the values of a row replace them)
        self._defaults = {
            name: info.get_default(call_default_factory=True) for name, info in Member.model_fields.items()
        }
        # The fields set are the same on every member of the file: one set, shared (pydantic copies it
        # before changing it, as model_copy does, and a frozen model never changes it in place).
        self._fields_set = {*self.index_of, *across}
        # The household's columns (the same on each of its rows) are remembered as one tuple, and in
        # chunks for its first row; the person's in chunks; a column of nearly distinct values by itself.
        household = [n for n in self.index_of if n not in _DISTINCT and LEVELS[n] in (Level.KEY, Level.HOUSEHOLD)]
        person = [n for n in self.index_of if n not in _DISTINCT and n not in household]
        whole = self._part(household, self._chunks(household))
        self._parts = [replace(whole, known=_Remembered(HOUSEHOLDS)), *self._chunks(person)]
        self._distinct = [(name, i, self._values[name]) for name, i in self.index_of.items() if name in _DISTINCT]
        # Each group of facts is keyed by the columns the file has among those it reads (the others hold
        # their default on every row) and belongs to the smallest part holding them; the facts set across
        # the file are read from the member itself.
        present = set(self.index_of)
        self._by_group: list[_Group] = []
        self._across: list[str] = []
        #: the groups of facts computed (fields read, facts), those set across the file among them
        self.groups: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
        for sources, names in _groups() if self.with_facts else ():
            if read is not None and not wanted(sources, names, read):
                continue
            self.groups.append((sources, names))
            columns = tuple(c for c in sources if c in present)
            # The ID number's facts: one person's own on every row, nothing to remember; computed in one pass.
            each = id_row if names == ID_FACTS else None
            group = _Group(sources, names, _getter([self.index_of[c] for c in columns]), _Remembered(), each)
            if not _ACROSS_THE_FILE.isdisjoint(sources):
                assert sources == names and sources[0] in _ACROSS_THE_FILE, "a fact set across the file is its field"
                self._across += names
                continue
            owner = next((p for p in self._parts if set(columns) <= set(p.names)), None)
            while owner is not None:
                inner = next((c for c in owner.chunks if set(columns) <= set(c.names)), None)
                if inner is None:
                    break
                owner = inner
            (owner.groups if owner is not None else self._by_group).append(group)
        self._household_cells = _getter([i for n, i in self.index_of.items() if LEVELS[n] is Level.HOUSEHOLD])

    def _part(self, names: Sequence[str], chunks: Sequence[_Part]) -> _Part:
        return _Part(tuple(names), _getter([self.index_of[n] for n in names]), tuple(chunks))

    def _chunks(self, names: Sequence[str]) -> list[_Part]:
        return [self._part(names[i : i + CHUNK], ()) for i in range(0, len(names), CHUNK)]

    def same_household(self, rows: Sequence[Sequence[str]]) -> bool:
        """Whether every row has the same text in each household column (then they hold the same value)."""
        first = self._household_cells(self._full(rows[0]))
        return all(self._household_cells(self._full(row)) == first for row in rows[1:])

    def _full(self, row: Sequence[str]) -> Sequence[str]:
        return row if len(row) >= self.width else [*row, *[""] * (self.width - len(row))]

    def member(self, row: Sequence[str]) -> Member | None:
        """The member of a row of text cells (not ragged: no filled cell past the header), or None when a
        cell fails its field's validation: the caller then validates the row with :class:`Member`, which
        says why."""
        if not self.on:
            return None
        given, row = row, self._full(row)
        values = self._defaults.copy()
        seen: list[_Seen] = []
        for part in self._parts:
            found = self._found(part, row)
            if found is None:
                return None
            values.update(found.values)
            seen.append(found)
        for name, index, known in self._distinct:  # _cell, its look-up written out: every row reads these
            raw = row[index]
            value = known.get(raw, _FAILED)
            if value is _FAILED:
                value = self._validated(name, raw)
                if value is _FAILED:
                    return None
            values[name] = value
        if self.with_facts:
            self._pending.remember(id(given), (given, seen))
        return _construct(values, self._fields_set)

    def _found(self, part: _Part, row: Sequence[str]) -> _Seen | None:
        """What is remembered of the part's cells of ``row`` (:class:`_Seen`), remembered now if they were
        not; None when a cell fails."""
        cells = part.cells(row)
        found: _Seen | None = part.known.get(cells)
        return found if found is not None else self._seen(part, row, cells)

    def _seen(self, part: _Part, row: Sequence[str], cells: tuple[str, ...]) -> _Seen | None:
        """The values of a part's ``cells`` not remembered yet, now remembered; None when a cell fails."""
        values: dict[str, Any] = {}
        if part.chunks:
            for chunk in part.chunks:
                found = self._found(chunk, row)
                if found is None:
                    return None
                values.update(found.values)
        else:
            for name, raw in zip(part.names, cells, strict=True):
                value = self._cell(name, raw)
                if value is _FAILED:
                    return None
                values[name] = value
        seen = _Seen(values)
        part.known.remember(cells, seen)
        return seen

    def _cell(self, name: str, raw: str) -> Any:
        """A cell's value by its field's validator, remembered per distinct text; ``_FAILED`` when it fails."""
        value = self._values[name].get(raw, _FAILED)
        return self._validated(name, raw) if value is _FAILED else value

    def value(self, name: str, raw: str) -> Any:
        """The value of a cell of field ``name`` (its text ``raw``) as :class:`Member` reads it, or
        :data:`FAILED` when the field refuses it (the model says why): remembered per distinct text."""
        return self._cell(name, raw)

    def text_facts(self, sources: tuple[str, ...], names: tuple[str, ...], column: str, text: str) -> dict[str, Any]:
        """The encoded facts ``names`` (computed from the fields ``sources``) of a member whose only cell is
        ``text`` in field ``column`` (the others' defaults), remembered: the export's column path asks for each
        distinct text of a chunk, and most recur from chunk to chunk (是/否, a vocabulary's words), where a member
        made for each had cost a chunk of 20 000 households some 36 ms. The dict is shared: not to be changed."""
        key = (sources, names, column, text)
        found: dict[str, Any] | None = self._text_facts.get(key)
        if found is None:
            found = encoded(self.member_of({column: self.value(column, text)}), sources, names)
            self._text_facts.remember(key, found)
        return found

    def remember_plain(self, name: str, texts: Iterable[str]) -> list[str]:
        """Remembers each of ``texts``, cells of field ``name`` that match its pattern in :data:`PLAIN_CELLS`,
        with the value that entry gives, without calling the field's validator (a third to a tenth of its
        cost: the column path's cells of ID numbers, 人编号, phones and birth dates, nearly one per member
        row); gives back those the entry refuses (a day no calendar has), for the validator to word.
        A column's texts at a time (one update of the remembered values, 出生日期's days by polars), unless
        they are more than a column remembers: then one by one, forgotten as they come. A text already
        remembered is not read again: most birth dates recur from chunk to chunk, and a chunk of 20 000
        households had read its 20 000 or so again (about 30 ms), clearing what was remembered every other
        chunk."""
        make, known = PLAIN_CELLS[name][1], self._values[name]
        texts = list(texts)
        refused: list[str] = []
        if len(texts) > known.limit:
            for raw in texts:
                try:
                    known.remember(raw, make(raw))
                except ValueError:
                    refused.append(raw)
            return refused
        texts = [raw for raw in texts if raw not in known]
        if len(known) + len(texts) > known.limit:
            known.clear()
        if make is _day:
            days = _days(texts)
            known.update((raw, day) for raw, day in zip(texts, days, strict=True) if day is not None)
            return [raw for raw, day in zip(texts, days, strict=True) if day is None]
        known.update(zip(texts, map(make, texts), strict=True))
        return refused

    def values(self, name: str, texts: Iterable[str]) -> list[Any]:
        """:meth:`value` of each of ``texts``, cells of field ``name``: the column path's look-ups, a column's
        texts at a time."""
        known, validated = self._values[name], self._validated
        return [value if (value := known.get(raw, _FAILED)) is not _FAILED else validated(name, raw) for raw in texts]

    def member_of(self, values: Mapping[str, Any]) -> Member:
        """A member holding ``values`` (validated, by :meth:`value`) and every other field's default, with
        the fields set of this file's members: what the model's properties and the facts read of the
        fields in ``values`` is what they read of a member of those cells."""
        return _construct({**self._defaults, **values}, self._fields_set)

    @property
    def across(self) -> list[str]:
        """The across-the-file facts among those computed (:data:`~fanpin.io.export.UNIQUE_FIELDS`)."""
        return self._across

    def _validated(self, name: str, raw: str) -> Any:
        """:meth:`_cell` of a text not remembered. An error of Excel's (``#N/A``, a CSV saved from a sheet whose
        lookup found nothing) fails in any column: the reader refuses it (an .xlsx error cell never comes here)."""
        if raw.strip() in EXCEL_ERRORS:
            return _FAILED
        plain = _PLAIN_SHAPES.get(name)
        value = _FAILED
        if plain is not None and plain[0].fullmatch(raw):  # the usual shape: its value without the validator
            with contextlib.suppress(ValueError):  # (a day no calendar has: the validator refuses it)
                value = plain[1](raw)
        if value is _FAILED:
            value = self._validators[name](raw)
        if value is not _FAILED:
            self._values[name].remember(raw, value)
        return value

    def _part_facts(
        self, part: _Part, seen: _Seen | None, member: Member, row: Sequence[str]
    ) -> dict[str, int | float | str]:
        """The facts of ``part`` for ``member`` (of ``row``): remembered in ``seen`` (the part's cells' entry,
        None if it was forgotten), else computed from its chunks' facts and its own groups."""
        if seen is not None and seen.facts is not None:
            return seen.facts
        facts: dict[str, int | float | str] = {}
        for chunk in part.chunks:
            facts |= self._part_facts(chunk, chunk.known.get(chunk.cells(row)), member, row)
        for group in part.groups:
            facts |= group.facts(member, row)
        if seen is not None:
            seen.facts = facts
        return facts

    def facts(self, member: Member, row: Sequence[str]) -> FactParts:
        """:func:`~fanpin.model.member_facts.member_row` of ``member``, the member :meth:`member` built from
        ``row`` (with its across-the-file facts, :data:`~fanpin.io.export.UNIQUE_FIELDS`, set or not), in
        parts (:data:`FactParts`): the same parts for every row of the file, most of them shared by rows."""
        pending = self._pending.pop(id(row), None)
        given, row = row, self._full(row)
        if pending is not None and pending[0] is given:
            seen: list[_Seen | None] = pending[1]
        else:  # not built just before (or no longer kept): its parts looked up again
            seen = [part.known.get(part.cells(row)) for part in self._parts]
        parts: list[Mapping[str, int | float | str]] = []
        for part, found in zip(self._parts, seen, strict=True):
            facts = None if found is None else found.facts
            parts.append(facts if facts is not None else self._part_facts(part, found, member, row))
        parts += [group.facts(member, row) for group in self._by_group]
        across: dict[str, int | float | str] = {}
        for name in self._across:
            value = getattr(member, name)  # yes/no (or unknown), set by the reader
            if value is not None:
                across[name] = int(value)
        return (*parts, across)


#: A member's encoded facts in parts: their union is :func:`~fanpin.model.member_facts.member_row`. The
#: parts of the rows of one file line up (the same facts at the same place), and a part shared by rows
#: is one object (see :func:`member_frame`).
FactParts = tuple[Mapping[str, int | float | str], ...]


def merged(parts: FactParts) -> dict[str, int | float | str]:
    """The member's encoded facts, in one mapping."""
    facts: dict[str, int | float | str] = {}
    for part in parts:
        facts.update(part)
    return facts


def member_frame(households: Sequence[Household], facts: Sequence[Sequence[FactParts]]) -> pl.DataFrame:
    """The member rows of ``households`` as :func:`~fanpin.model.member_facts.member_rows` gives them to
    the batch engine, as a frame (``facts``: each household's members' :data:`FactParts`, from one
    :class:`MemberCells`). Each part is made into columns once per distinct object and gathered by row,
    so that a value shared by many rows is converted once; a column's type is inferred from the same
    values as from the rows (every value of every row, each distinct one at least once)."""
    import polars as pl

    rows = [parts for per_household in facts for parts in per_household]
    households_of = [position for position, per_household in enumerate(facts) for _ in per_household]
    who = [
        member_reference(member, n)
        for household in households
        for n, member in enumerate(household.members or (), start=1)
    ]
    if not rows:
        return pl.DataFrame(member_rows(households), infer_schema_length=None)  # no member at all
    columns: list[pl.DataFrame] = []
    for column in zip(*rows, strict=True):  # the j-th part of every row
        ids = list(map(id, column))
        distinct = dict(zip(ids, column, strict=True))  # each object once, in the order of its first row
        frame = pl.DataFrame(list(distinct.values()), infer_schema_length=None)
        if not frame.width:
            continue
        if len(distinct) < len(ids):  # shared by rows: gathered (else each row has its own, in row order)
            at = {key: position for position, key in enumerate(distinct)}
            frame = frame[list(map(at.__getitem__, ids))]
        columns.append(frame)
    return pl.concat(
        [
            *columns,
            pl.DataFrame(
                {"__household": households_of, "__who": who}, schema={"__household": pl.Int64, "__who": pl.String}
            ),
        ],
        how="horizontal",
    )


@dataclass(frozen=True)
class _Group:
    """Member facts computed from the same fields, remembered by the cells of those the file has."""

    sources: tuple[str, ...]
    names: tuple[str, ...]
    cells: Callable[[Sequence[str]], tuple[str, ...]]
    known: _Remembered
    #: computes the facts of every row itself, without remembering them (:func:`~fanpin.model.member_facts.id_row`)
    each: Callable[[Member], dict[str, int | float | str]] | None = None

    def facts(self, member: Member, row: Sequence[str]) -> Mapping[str, int | float | str]:
        if self.each is not None:
            return self.each(member)
        cells = self.cells(row)
        facts: dict[str, int | float | str] | None = self.known.get(cells)
        if facts is None:
            facts = encoded(member, self.sources, self.names)
            self.known.remember(cells, facts)
        return facts


def _construct(values: dict[str, Any], fields_set: set[str]) -> Member:
    """A :class:`Member` of values already validated, as :meth:`pydantic.BaseModel.model_construct` makes it
    (every field in the model's order, the fields given as set, no extra or private values), without its
    per-field look-ups of aliases and defaults."""
    member = Member.__new__(Member)
    _set(member, "__dict__", values)
    _set(member, "__pydantic_fields_set__", fields_set)
    _set(member, "__pydantic_extra__", None)
    _set(member, "__pydantic_private__", None)
    return member


_set = object.__setattr__


def update_new(member: Member, update: Mapping[str, Any]) -> Member:
    """``member`` with ``update`` as :meth:`pydantic.BaseModel.model_copy` sets it (the values replaced,
    the fields marked as set), in place: for a member :meth:`MemberCells.member` has just built, which
    nothing else holds yet, and fields :class:`MemberCells` was told of (``across``)."""
    member.__dict__.update(update)
    if not member.__pydantic_fields_set__.issuperset(update):
        raise ValueError(f"MemberCells was not told that {sorted(update)} are set across the file")
    return member


#: Facts the export reader sets across the whole file (not read from the row's cells).
_ACROSS_THE_FILE = frozenset({"id_number_unique", "phone_unique"})


def encoded(member: Member, sources: tuple[str, ...], names: tuple[str, ...]) -> dict[str, int | float | str]:
    """The encoded facts ``names`` of ``member`` (computed from its fields ``sources``; a measure column's
    label facts too)."""
    natural = fact_values(member, names)
    if len(sources) == 1 and sources[0] in LABEL_SETS:
        natural |= label_facts(member, sources[0])
    return encode_all(natural)
