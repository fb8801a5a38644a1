"""The export's column path: a chunk's plain households read column by column, for the batch engine.

The row path (:class:`~fanpin.io.export.Resolver`) builds a :class:`~fanpin.model.member.Member` per row,
the household record (:func:`~fanpin.model.roster.household_record`) and a
:class:`~fanpin.model.household.Household` per household, then the facts the batch engine reads: several
hundred microseconds of Python a household, where the engine itself takes a tenth of that. This path
gives the batch engine the same two frames without building those models:

- **The cells**: a chunk's member rows become one frame of text columns: polars reads their records as
  written (:func:`_records_read`, a CSV the export reader read by columns), and tells the plain households
  from them (:func:`_plain_by_columns`), so that their rows are never read in Python; otherwise the frame
  is made from the rows the reader gave. Each column's distinct texts
  are validated by the field's own validator, once (:class:`~fanpin.io.member_cells.MemberCells`
  remembers them across chunks, as for the row path); a plain amount of money (:data:`AMOUNT_FIELDS`,
  :func:`amount_texts`) is valid without a look, and read by polars, and so is a cell of the usual shape of
  a nearly distinct column (:data:`~fanpin.io.member_cells.PLAIN_CELLS`), 出生日期's remembered without its
  validator (a day no calendar has is refused).
- **The household record** is made as :func:`~fanpin.model.roster.household_record` makes it: the
  household columns from the first row (written alike on every row), and what is counted over the members
  (家庭人口数, 劳动力人数, the 户主's ID number and name, 失学辍学, 医保, 已落实帮扶措施) by polars'
  group-by, each member's part read off the model's own properties once per distinct tuple of the cells
  they read. The record is written as a household table's cells and validated by the batch path's
  validator (:func:`~fanpin.batch.validate.validate`, which a property test holds to the household
  model), so the frame holds the values :func:`~fanpin.model.facts.household_row` gives (with every
  column of a household table, the unknown ones empty).
- **The members' facts** (when a rule reads members): each group of facts computed from the same fields
  (:data:`~fanpin.model.member_facts.FACT_SOURCES`) once per distinct tuple of their cells, by the row
  path's own function, and joined back to the rows; the ID number's facts by polars on the column of ID
  numbers (:func:`id_fact_columns`, property-tested against the row path's function), how a finding names
  the member and the across-the-file facts row by row, from the few fields they read.

**What goes to the row path**, which reads it as before and words every refusal: a chunk of fewer than
:data:`COLUMNS_FROM` plain households (the column path's cost per chunk outweighs its gain), a household the row path
would refuse or look at more closely before validating its cells (:func:`~fanpin.io.export.plain_household`:
a row that cannot be read, more cells than the header, a person listed twice, a key written two ways or
shared, a merged amount, a member row without 户编号 beside it, an error of Excel's in its key), one with a
cell its field refuses, household columns written differently on its rows, two 户主, an unresolvable
监测户, or a record the validator refuses. The equality with the row path (scored rows, refusals, member
facts) is property-tested on generated exports with odd cells (``tests/io/test_columnar.py``, which reads
every chunk by columns whatever its size).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

import annotated_types
import polars as pl
from pydantic import BeforeValidator

from fanpin._polars import nulls
from fanpin.batch.validate import PLAIN_AMOUNT, masked_text, plain_fen, validate
from fanpin.io.chunks import records_frame
from fanpin.io.export import (
    IDENTITY_FIELDS,
    IDENTITY_TEXT,
    PLACE_FIELDS,
    UNIQUE_FIELDS,
    ExportFile,
    HouseholdRows,
    Resolver,
    plain_household,
    unique_key,
)
from fanpin.io.keys import OWN_KEY, spelling
from fanpin.io.member_cells import FAILED, PLAIN_CELLS, PLAIN_VALID, MemberCells, plain_days
from fanpin.io.member_cells import encoded as _encoded
from fanpin.io.readers import BOM, UNDECODED, RejectedRow
from fanpin.model.export_columns import KEY_FIELDS, LEVELS, MEASURE_FIELDS, export_header
from fanpin.model.member import NO_REAL_ID_PREFIX, Level, Member
from fanpin.model.member_facts import ID_FACTS, RECORDED, SHAPED, reference_of
from fanpin.model.roster import DIRECT_FIELDS
from fanpin.model.values import (
    EPOCH_ORDINAL,
    EXCEL_ERRORS,
    ID_CHECK,
    ID_WEIGHTS,
    MASKED_ID,
    MASKED_NUMBER,
    WHITESPACE,
    Month,
    Pii,
    code_key_problem,
    code_text,
    parse_money,
)
from fanpin.model.vocabulary import IdCardKind, LabourSkill, Sex, household_type

__all__ = [
    "COLUMNS_FROM",
    "ColumnChunk",
    "cell_text",
    "column_chunk",
    "id_fact_columns",
    "references",
    "text_fact_columns",
]

#: The fewest plain households a chunk is read by columns for. Reading by columns costs some 150 ms a chunk
#: whatever its size (polars' steps: the batch validator's, a look-up per group of facts) and less per
#: household than the row path: side by side on one export, chunks of 300 households took 1.5 times the row
#: path's time by columns, 600 0.92, 1 000 0.81, 2 000 0.69. A smaller chunk (a small file, a host's few
#: households, ``--chunk-rows``) is read row by row, with the same result.
COLUMNS_FROM = 500

#: The member fields of yes/no values.
_YES_NO = frozenset(n for n, f in Member.model_fields.items() if f.annotation in (bool, bool | None))


def _amount_field(name: str) -> bool:
    """Whether member field ``name`` is an amount of money read by :func:`~fanpin.model.values.parse_money`
    and bounded at most by ``>= 0``: a cell of :data:`~fanpin.batch.validate.PLAIN_AMOUNT` (at most nine
    digits before the point and two after, no sign but +) is then always valid, and the value it reads is
    its amount to the fen (a test holds both)."""
    metadata = Member.model_fields[name].metadata
    bounds = [m for m in metadata if isinstance(m, annotated_types.BaseMetadata)]
    parsers = [m.func for m in metadata if isinstance(m, BeforeValidator)]
    return parsers == [parse_money] and all(isinstance(b, annotated_types.Ge) and b.ge == 0 for b in bounds)


#: The member fields whose plain amounts are taken by columns, without a look at each distinct text: half
#: the texts a chunk's cells had validated one by one were a household's amounts (2026-12-03).
AMOUNT_FIELDS = frozenset(n for n in Member.model_fields if _amount_field(n))


def amount_fen(texts: pl.Expr) -> pl.Expr:
    """Whole fen of each plain amount (:data:`~fanpin.batch.validate.PLAIN_AMOUNT`), as the engines read the
    model's value, by the batch validator's own reading (:func:`~fanpin.batch.validate.plain_fen`); null for
    any other text (a plain amount is never null)."""
    return pl.when(texts.str.contains(PLAIN_AMOUNT)).then(plain_fen(texts))


def amount_texts(texts: pl.Expr) -> pl.Expr:
    """The household table's cell of each plain amount as :func:`cell_text` writes the model's value
    (``007.5`` → ``7.50``); null for any other text (:func:`amount_fen`)."""
    fen = amount_fen(texts)
    return pl.format("{}.{}", fen // 100, (fen % 100).cast(pl.String).str.zfill(2))


@dataclass(frozen=True)
class ColumnChunk:
    """What the column path read of a chunk: the households as the batch engine reads them, in batch order
    (``__line``: each household's first line), their members' facts (None unless asked for), each
    household's place cells (:meth:`_Read.places`), the member rows read, the households' rows themselves,
    and (when asked for) what the clerk's worksheet says of each household and member (:class:`Listed`)."""

    frame: pl.DataFrame
    members: pl.DataFrame | None
    places: pl.DataFrame
    rows: int
    households: list[HouseholdRows] = field(default_factory=list)
    listed: list[Listed] | None = None


@dataclass(frozen=True)
class Listed:
    """A household as the clerk's worksheet of findings names it and its members, as
    :func:`~fanpin.pipeline.findings.roster_of` reads them off the row path's models: its 县, 乡 and 村 (the
    first member's values), and per member row its reference (:func:`~fanpin.model.member_facts.member_reference`),
    masked name and line."""

    place: tuple[str | None, str | None, str | None]
    members: list[tuple[str, str | None, int]]


def cell_text(value: object) -> str | None:
    """A validated value written as a household table's cell (None: empty), which the table's validator
    reads back as that value."""
    if value is None:
        return None
    if value is True or value is False:
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, Month):  # YYYYMM, as the table's validator reads a month without its general parser
        return f"{value.year:04d}{value.month:02d}"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Pii):
        return value.reveal()
    return str(value)


def column_chunk(
    resolve: Resolver, batch: Sequence[HouseholdRows | RejectedRow], *, members: bool, listed: bool = False
) -> tuple[ColumnChunk | None, list[HouseholdRows | RejectedRow]]:
    """The plain households of ``batch`` read by columns (None if there is none), and the items left to the
    row path, in batch order. ``members``: whether to compute the members' facts; ``listed``: whether to
    tell how the worksheet of findings names each household and member (:class:`Listed`)."""
    cells = resolve.cells()
    households = [item for item in batch if isinstance(item, HouseholdRows)]
    if not cells.on or len(households) < COLUMNS_FROM:
        return None, list(batch)
    written = _records_read(resolve.info, households)
    if written is not None:  # every record read by polars: which households are plain, by columns too
        at = _plain_by_columns(resolve, households, written)
        plain = [households[h] for h in at]
        if len(plain) < COLUMNS_FROM:
            return None, list(batch)
        if len(at) < len(households):  # (every one plain, the usual: the frame as it is, not copied)
            renumbered = pl.Series(at, dtype=pl.Int64)
            written = written.filter(pl.col("__h").is_in(renumbered.implode())).with_columns(
                pl.col("__h").replace_strict(renumbered, pl.int_range(len(at), eager=True))
            )
    else:
        plain = [item for item in households if plain_household(resolve, item)]
        if len(plain) < COLUMNS_FROM:
            return None, list(batch)
    read = _Read(resolve, cells, plain, written)
    failed = read.failed()
    if len(failed) == len(plain):
        return None, list(batch)
    read.leave_out(failed)
    record, unresolved = read.record()
    failed |= unresolved
    if unresolved:
        record = record.filter(~pl.col("__line").is_in(sorted(unresolved)))
    valid, refused = validate(record, region=resolve.info.region)
    failed |= set(refused.get_column("line").to_list())
    kept = [h for h in range(len(plain)) if h not in failed]
    taken = {id(plain[h]) for h in kept}
    rest = [item for item in batch if id(item) not in taken]
    if not kept:
        return None, rest
    first_lines = pl.Series([plain[h].first_line for h in kept], dtype=pl.Int64)
    frame = valid.with_columns(
        pl.lit(pl.Series([plain[h].count for h in kept], dtype=pl.Int64)).alias("member_count"),
        pl.lit(first_lines).alias("__line"),
    )
    facts = read.member_facts(kept) if members else None
    households = [plain[h] for h in kept]
    named = read.listed(kept, households) if listed else None
    return ColumnChunk(frame, facts, read.places(kept), sum(h.count for h in households), households, named), rest


class _Read:
    """The cells of a chunk's plain households, one frame of text columns (``__h``: the household's
    position among them)."""

    def __init__(
        self, resolve: Resolver, cells: MemberCells, plain: Sequence[HouseholdRows], written: pl.DataFrame | None
    ) -> None:
        """``written``: the households' cells as polars read their records (:func:`_records_read`, ``__h``
        renumbered to their positions in ``plain``), or None: made from their rows."""
        self.resolve, self.cells = resolve, cells
        self.names = list(cells.index_of)
        #: a member of none of the file's cells, and its fields' values (each field's where the file lacks it)
        self.empty = cells.member_of({})
        self.default = self.empty.__dict__
        width = len(resolve.info.columns)
        if written is None:
            rows = [
                row if len(row) == width else [*row[:width], *[""] * (width - len(row))]
                for item in plain
                for _, row in item.rows
            ]
            owner = pl.Series("__h", [h for h, item in enumerate(plain) for _ in item.rows], dtype=pl.Int64)
            # polars reads the rows as they are (orient="row"): a third less time than transposing them in Python
            schema = {f"__col{i}": pl.String for i in range(width)}
            written = pl.DataFrame(rows, schema=schema, orient="row").with_columns(owner)
        #: each household's 县, 乡 and 村 cells, those the file has, on its first row, named by their headers
        #: (:meth:`places`)
        places = [resolve.index_of[f] for f in PLACE_FIELDS if f in resolve.index_of]
        self.first_places = written.filter(pl.col("__h").is_first_distinct()).select(
            pl.col(f"__col{i}").fill_null("").alias(h) for i, h in zip(places, resolve.info.places, strict=True)
        )
        self.frame = written.select(
            "__h", *(pl.col(f"__col{cells.index_of[n]}").fill_null("").alias(n) for n in self.names)
        )
        #: each column's distinct texts that its field takes, as :meth:`failed` found them (a superset of those
        #: of the households then left), where it found them all: the columns neither of an amount nor of
        #: :data:`PLAIN_CELLS`
        self.distinct: dict[str, list[str]] = {}

    def leave_out(self, households: Collection[int]) -> None:
        """The rows of ``households`` left out (they go to the row path)."""
        if households:
            self.frame = self.frame.filter(~pl.col("__h").is_in(sorted(households)))

    def value(self, name: str, text: str) -> Any:
        return self.cells.value(name, text)

    def failed(self) -> set[int]:
        """The households with a cell its field refuses, or a household column written two ways. Every
        column's distinct texts in one query (a plain amount's left out: it is valid; so are the usual shapes
        of :data:`PLAIN_VALID`; 出生日期's in two lists, its usual shapes remembered without their validator),
        where two queries a column had cost a chunk some 45 ms whatever its rows."""
        failed: set[int] = set()

        def distinct(name: str) -> list[pl.Expr]:
            # (the rows filtered, then their texts made distinct: two unique() of a column need not agree
            # on their order)
            cells = pl.col(name)
            if name in AMOUNT_FIELDS:  # a plain amount is valid: not looked at
                cells = cells.filter(~cells.str.contains(PLAIN_AMOUNT))
            if name not in PLAIN_CELLS:
                return [cells.unique().implode()]
            plain = cells.str.contains(PLAIN_CELLS[name][0])
            if name in PLAIN_VALID:  # valid as written: only the others are looked at
                return [cells.filter(~plain).unique().implode()]
            return [cells.filter(plain).unique().implode(), cells.filter(~plain).unique().implode()]

        lists = [e for name in self.names for e in distinct(name)]
        found = iter(self.frame.select(e.alias(f"{i}") for i, e in enumerate(lists)).row(0))
        refusing: dict[str, list[str]] = {}
        for name in self.names:
            if name in PLAIN_CELLS and name not in PLAIN_VALID:  # the usual shapes remembered, the rest validated
                refused = self.cells.remember_plain(name, next(found))
                texts = [*next(found), *refused]
            else:
                texts = next(found)
            bad = [t for t, v in zip(texts, self.cells.values(name, texts), strict=True) if v is FAILED]
            if bad:
                refusing[name] = bad
            if name not in AMOUNT_FIELDS and name not in PLAIN_CELLS:  # (a refused text's rows are left out)
                if bad:
                    taken_out = set(bad)
                    texts = [t for t in texts if t not in taken_out]
                self.distinct[name] = texts
        if refusing:
            refused_cell = pl.any_horizontal(pl.col(name).is_in(bad) for name, bad in refusing.items())
            failed |= set(self.frame.filter(refused_cell).get_column("__h").to_list())
        household = [n for n in self.names if LEVELS[n] in (Level.KEY, Level.HOUSEHOLD)]
        if household:
            failed |= set(_differing(self.frame, household).to_list())
        return failed

    def derived(
        self, specs: Sequence[tuple[str, Sequence[str], Callable[[Member], Any], pl.DataType]]
    ) -> list[pl.Expr]:
        """Per spec (a name, the fields it reads, ``compute``, its type), ``compute`` of a member holding the
        cells of those fields (their defaults where the file lacks them) for each row, computed once per
        distinct tuple of those cells; the specs reading one column each worked out together
        (:func:`_numbered`: one query for all their columns, where three a spec had cost a chunk 20 ms)."""
        present = {name: [s for s in sources if s in self.cells.index_of] for name, sources, _, _ in specs}
        numbered = _numbered(
            self.frame, list(dict.fromkeys(p[0] for p in present.values() if len(p) == 1)), self.distinct
        )
        made: list[pl.Expr] = []
        for name, _, compute, dtype in specs:
            fields = present[name]
            if not fields:
                made.append(pl.lit(compute(self.empty), dtype=dtype).alias(name))
                continue
            if len(fields) == 1:
                texts, at = numbered[fields[0]]
                values = pl.Series([compute(self.member_with(fields, [t])) for t in texts], dtype=dtype)
                made.append(pl.lit(values.gather(at)).alias(name))
                continue
            distinct = self.frame.select(fields).unique()
            values = pl.Series(
                [compute(self.member_with(fields, texts)) for texts in distinct.iter_rows()], dtype=dtype
            )
            made.append(pl.lit(values[_positions(self.frame, distinct)]).alias(name))
        return made

    def member_with(self, fields: Sequence[str], texts: Sequence[str]) -> Member:
        """A member holding the values of ``texts``, the cells of ``fields`` (:meth:`MemberCells.member_of`)."""
        return self.cells.member_of({f: self.value(f, t) for f, t in zip(fields, texts, strict=True)})

    def record(self) -> tuple[pl.DataFrame, set[int]]:
        """The households' records as a household table's text cells (``__line``: the household's position),
        and the households whose record cannot be made (two 户主, an unresolvable 监测户)."""
        without = (LabourSkill.LOST, LabourSkill.NONE)
        flags = self.frame.with_row_index("__row").with_columns(
            self.derived(
                [
                    ("__head", ["relation"], lambda m: bool(m.is_head), pl.Boolean()),
                    ("__labour", ["labour"], lambda m: m.counts_as_labour, pl.Boolean()),
                    (
                        "__no_labour",
                        ["labour"],
                        lambda m: None if m.labour is None else m.labour in without,
                        pl.Boolean(),
                    ),
                    ("__dropout", ["dropout"], lambda m: m.dropout, pl.Boolean()),
                    (
                        "__uninsured",
                        ["resident_medical_insurance", "employee_medical_insurance"],
                        lambda m: m.medically_uninsured,
                        pl.Boolean(),
                    ),
                    *((f"__measure_{f}", [f], _held(f), pl.Boolean()) for f in MEASURE_FIELDS),
                ]
            )
        )
        wanted = [*DIRECT_FIELDS, "region_code", "household_kind", "no_labor_household", "dilapidated_house",
                  "safe_water", "uninsured_member_recorded", "monitoring_category"]  # fmt: skip
        present = [n for n in dict.fromkeys(wanted) if n in self.cells.index_of]
        by = flags.group_by("__h", maintain_order=True).agg(
            pl.len().alias("size"),
            pl.col("__head").sum().alias("__heads"),
            pl.col("__row").filter(pl.col("__head")).first().alias("__head_row"),
            pl.when(pl.col("__labour").is_null().any())
            .then(None)
            .otherwise(pl.col("__labour").sum())
            .alias("__labour"),
            _kleene_all(pl.col("__no_labour")).alias("__no_labour"),
            _kleene_any(pl.col("__dropout")).alias("__dropout"),
            (pl.col("__uninsured") == True).any().alias("__uninsured"),  # noqa: E712
            pl.col("__uninsured").is_null().any().alias("__uninsured_unknown"),
            *(pl.col(f"__measure_{f}").any().alias(f"__measure_{f}") for f in MEASURE_FIELDS),
            *(pl.col(n).first() for n in present),
        )
        unresolved = set(by.filter(pl.col("__heads") > 1).get_column("__h").to_list())
        first = self.first_values(by, list(dict.fromkeys(wanted)))
        kind = self.household_type(by)
        unresolved |= set(by.filter(kind.is_null()).get_column("__h").to_list())
        recorded_uninsured = pl.lit(first["uninsured_member_recorded"])
        no_labour = pl.lit(first["no_labor_household"])
        columns = {
            **{n: _text(first[n]) for n in DIRECT_FIELDS},
            "region_code": _text(first["region_code"]),
            "household_type": kind,
            "size": pl.col("size").cast(pl.String),
            **dict(zip(("id_number", "head_name"), self.head(by), strict=True)),
            "labor_count": pl.col("__labour").cast(pl.String),
            "no_labor_household": _yes_no(pl.coalesce(no_labour, pl.col("__no_labour"))),
            "housing_unsafe": _yes_no(pl.lit(first["dilapidated_house"])),
            "water_unsafe": _yes_no(~pl.lit(first["safe_water"])),
            "dropout": _yes_no(pl.col("__dropout")),
            "uninsured_member": _yes_no(
                pl.when(pl.col("__uninsured") | (recorded_uninsured == True))  # noqa: E712
                .then(True)
                .when((recorded_uninsured == False) | ~pl.col("__uninsured_unknown"))  # noqa: E712
                .then(False)
            ),
            # (joined as text, not as a list: a list's steps had cost 47 ms on 20 000 households)
            "measures_in_place": pl.concat_str(
                [pl.when(pl.col(f"__measure_{f}")).then(pl.lit(export_header(f))) for f in MEASURE_FIELDS],
                separator="、",
                ignore_nulls=True,
            ),
        }
        record = by.select(pl.col("__h").alias("__line"), *(e.alias(n) for n, e in columns.items()))
        return record, unresolved

    def first_values(self, by: pl.DataFrame, names: Sequence[str]) -> dict[str, pl.Series]:
        """The first row's value of each field of ``names`` per household (a row of ``by``): a yes/no field's
        as booleans, any other as a household table's text (:func:`cell_text`); a plain amount's by columns,
        any other text's from its value, once per distinct text (a plain 户编号 is its own text). Two queries for
        all the fields (their distinct texts, then each column), where five a field had cost a chunk 20 ms."""
        present = [n for n in names if n in self.cells.index_of]

        def as_is(name: str) -> pl.Expr | None:
            """Each cell of ``name`` that is its own text, null elsewhere: a plain amount's (by polars), a plain
            cell's of :data:`PLAIN_VALID` (the value the text itself, 户编号 of digits); None: no such cell."""
            if name in AMOUNT_FIELDS:
                return amount_texts(pl.col(name))
            if name in PLAIN_VALID:
                return pl.when(pl.col(name).str.contains(PLAIN_CELLS[name][0])).then(pl.col(name))
            return None

        own = {n: as_is(n) for n in present}
        found = (
            by.select(
                (pl.col(n) if (as_written := own[n]) is None else pl.col(n).filter(as_written.is_null()))
                .unique()
                .implode()
                for n in present
            ).row(0)
            if present
            else ()
        )
        columns: list[pl.Expr] = []
        for name, distinct in zip(present, found, strict=True):
            dtype = pl.Boolean() if name in _YES_NO else pl.String()
            values = self.cells.values(name, distinct)
            written = pl.Series(values if dtype == pl.Boolean else [cell_text(v) for v in values], dtype=dtype)
            looked_up = pl.col(name).replace_strict(pl.Series(distinct, dtype=pl.String), written, default=None)
            as_written = own[name]
            columns.append((looked_up if as_written is None else as_written.fill_null(looked_up)).alias(name))
        made = dict(zip(present, by.select(columns).get_columns(), strict=True)) if columns else {}
        for name in names:
            if name not in made:
                dtype = pl.Boolean() if name in _YES_NO else pl.String()
                value = self.default[name]
                made[name] = pl.Series(
                    name, [value if dtype == pl.Boolean else cell_text(value)] * by.height, dtype=dtype
                )
        return made

    def household_type(self, by: pl.DataFrame) -> pl.Expr:
        """户类型 resolved as :func:`~fanpin.model.roster.household_record` resolves it (null: it cannot be)."""
        sources = [n for n in ("household_kind", "monitoring_category") if n in self.cells.index_of]
        pairs = by.select(sources).unique()
        resolved: list[str | None] = []
        for texts in pairs.iter_rows() if sources else [()]:
            m = self.member_with(sources, texts)
            try:
                resolved.append(cell_text(household_type(m.household_kind, m.monitoring_category)))
            except ValueError:
                resolved.append(None)
        if not sources:
            return pl.lit(resolved[0], dtype=pl.String)
        return pl.lit(pl.Series(resolved, dtype=pl.String)[_positions(by, pairs)])

    def head(self, by: pl.DataFrame) -> tuple[pl.Expr, pl.Expr]:
        """The 户主's ID number (unless not a real one: 999999…) and name, as text, per household: each as
        :meth:`by_value` reads it (a cell of the usual shape by polars, as it is), where each had been looked up,
        revealed (and an ID number put in capitals) in Python."""
        read = [f for f in ("id_number", "name") if f in self.cells.index_of]  # the 户主's two cells alone
        heads = self.frame.select("__h", *read)[by.get_column("__head_row")]
        shown = self.by_value("id_number", heads, lambda cell: cell, _revealed)
        # not a real one: its kind IdCardKind.NO_REAL_ID, told by its first digits alone (in capitals or not:
        # a capital is no digit), where every fact of id_fact_columns had cost a chunk some 20 ms
        real = pl.select(pl.when(~shown.str.starts_with(NO_REAL_ID_PREFIX).fill_null(True)).then(shown)).to_series()
        names = self.by_value("name", heads, lambda cell: cell, _revealed)  # a name of Chinese characters as is
        return pl.lit(real.cast(pl.String)), pl.lit(names)

    def member_facts(self, kept: Sequence[int]) -> pl.DataFrame:
        """The members of the households ``kept`` as :func:`~fanpin.io.member_cells.member_frame` gives them
        to the batch engine: their encoded facts, ``__household`` (the position among ``kept``) and ``__who``.

        The groups of facts that read one column each (most of the seventy) are worked out together: the
        distinct texts of every such column and each row's number among them in one query, the amounts'
        fen in two (:meth:`amount_facts`), where a query a group had cost a chunk some 230 polars calls
        whatever its rows (55 of 90 ms on 1 000 households under the data checks)."""
        position = dict(zip(kept, range(len(kept)), strict=True))
        rows = self.frame.with_row_index("__row").filter(pl.col("__h").is_in(list(kept)))
        parts: dict[int, pl.DataFrame] = {}
        groups, across = self.cells.groups, self.cells.across
        single: dict[int, tuple[tuple[str, ...], tuple[str, ...], str]] = {}
        amounts: dict[int, str] = {}
        for at, (sources, names) in enumerate(groups):
            if names == ID_FACTS or names[0] in across:  # computed row by row (each_row)
                continue
            present = [s for s in sources if s in self.cells.index_of]
            if not present:
                constant = _encoded(self.empty, sources, names)
                parts[at] = pl.DataFrame([constant] * rows.height, infer_schema_length=None)
            elif len(present) == 1 and all(name in SHAPED or name in RECORDED for name in names):
                parts[at] = text_fact_columns(names, self.trimmed(present[0], rows))
            elif names == tuple(present) and present[0] in AMOUNT_FIELDS:  # an amount's own fact: fen
                amounts[at] = present[0]
            elif len(present) == 1:
                single[at] = (sources, names, present[0])
            else:
                distinct = rows.select(present).unique(maintain_order=True)
                facts = pl.DataFrame(
                    [_encoded(self.member_with(present, texts), sources, names) for texts in distinct.iter_rows()],
                    infer_schema_length=None,
                )
                parts[at] = facts[_positions(rows, distinct)] if facts.width else facts
        fen = self.amount_facts(list(dict.fromkeys(amounts.values())), rows)
        parts |= {at: fen.select(name) for at, name in amounts.items() if name in fen.columns}
        numbered = _numbered(rows, list(dict.fromkeys(column for _, _, column in single.values())), self.distinct)
        for at, (sources, names, column) in single.items():
            texts, number = numbered[column]
            facts = pl.DataFrame(
                [self.cells.text_facts(sources, names, column, t) for t in texts], infer_schema_length=None
            )
            parts[at] = facts[number] if facts.width else facts
        made = [parts[at] for at in sorted(parts) if parts[at].width]  # a fact no member has: no column
        made.append(self.each_row(rows, groups, across))
        households = rows.get_column("__h").replace_strict(position, return_dtype=pl.Int64).alias("__household")
        return pl.concat([*made, households.to_frame()], how="horizontal")

    def amount_facts(self, names: Sequence[str], rows: pl.DataFrame) -> pl.DataFrame:
        """The facts of amount fields ``names`` (:data:`AMOUNT_FIELDS`) of each member row, whole fen as the
        engines read them: a plain amount's by columns, any other text's from the member its field's validator
        reads (:func:`~fanpin.io.member_cells.encoded`); a field no row knows is left out. Two queries for
        all of them: the texts that are not plain amounts, then every column."""
        if not names:
            return pl.DataFrame()
        found = rows.select(
            pl.col(n).filter(amount_fen(pl.col(n)).is_null()).unique(maintain_order=True).implode() for n in names
        ).row(0)
        columns = []
        for name, others in zip(names, found, strict=True):
            fen = amount_fen(pl.col(name))
            if others:
                facts = [_encoded(self.member_with([name], [t]), (name,), (name,)).get(name) for t in others]
                looked_up = pl.col(name).replace_strict(
                    pl.Series(others, dtype=pl.String), pl.Series(facts, dtype=pl.Int64), default=None
                )
                fen = fen.fill_null(looked_up)
            columns.append(fen.alias(name))
        out = rows.select(columns)
        known = out.null_count().row(0)
        return out.select(n for n, nulls in zip(out.columns, known, strict=True) if nulls < out.height)

    def each_row(
        self, rows: pl.DataFrame, groups: Sequence[tuple[tuple[str, ...], tuple[str, ...]]], across: Sequence[str]
    ) -> pl.DataFrame:
        """The facts computed for each row (its ID number's, across the file) and ``__who``, by columns: a
        cell of its column's plain shape (:data:`PLAIN_CELLS`) read by polars, the others from their values
        (:meth:`by_value`), where each row's values had been looked up, revealed and compared in Python (a
        third of the member facts' time on 5 000 households under the data checks)."""
        repeated = self.resolve.scan.repeated
        # each field's value texts once; their capitals and their keys across the file read from them, by the
        # same reading as the identity cells' (_read_as: a text of capitals and digits is its own)
        texts = {
            f: self.by_value(f, rows, lambda cell: cell, _revealed) for f in dict.fromkeys(("id_number", *repeated))
        }
        numbers = texts["id_number"]
        columns: list[pl.Series] = []
        if any(names == ID_FACTS for _, names in groups):
            upper = _read_as(numbers, str.upper, _CAPITALS)
            births = self.by_value("recorded_birth_date", rows, plain_days, lambda v: v, pl.Date)
            columns += id_fact_columns(upper, births).get_columns()
        for fact in across:
            field = next((f for f in repeated if UNIQUE_FIELDS[f][0] == fact), None)
            if field is None:  # the field is not looked at across the file: unknown
                columns.append(nulls(rows.height, pl.Int64, fact))
                continue
            key = _read_as(texts[field], unique_key, _CAPITALS)
            seen = repeated[field].among(key).alias("seen")
            # a number that arrived masked: whether it occurs again is unknown (values.masked_number)
            unique = pl.when(key.is_null() | (key == "") | key.str.contains(MASKED_NUMBER)).then(None).otherwise(~seen)
            columns.append(pl.select(unique.cast(pl.Int64).alias(fact)).to_series())
        positions = _member_positions(rows)

        def unusual(at: list[int]) -> list[str]:
            """The references of the rows ``at``, whose ID number is not of the usual shape."""
            chosen = rows[at]
            found = zip(
                self.values("id_number", chosen), self.values("person_id", chosen), positions.gather(at), strict=True
            )
            return [reference_of(number, person, n) for number, person, n in found]

        who = references(numbers, unusual)
        known = [c for c in columns if c.null_count() < c.len()]  # a fact no row knows is left out, as unknown
        return pl.DataFrame([*known, who.alias("__who")])

    def values(self, name: str, rows: pl.DataFrame) -> list[Any]:
        """The values of field ``name`` in ``rows`` (its default where the file lacks it)."""
        if name in self.cells.index_of:
            return self.cells.values(name, rows.get_column(name).to_list())
        return [self.default[name]] * rows.height

    def trimmed(self, name: str, rows: pl.DataFrame) -> pl.Series:
        """The text of each row's value of field ``name`` trimmed, null where unknown (a plain cell, digits
        only, is its own)."""
        return self.by_value(name, rows, lambda cell: cell, _trimmed)  # (信息采集人: a few texts a village)

    def by_value(
        self,
        name: str,
        rows: pl.DataFrame,
        plain: Callable[[pl.Expr], pl.Expr],
        value_of: Callable[[Any], Any],
        dtype: pl.DataType | type[pl.DataType] = pl.String,
    ) -> pl.Series:
        """``value_of`` the value of each row's cell of field ``name``: a cell of the field's plain shape
        (:data:`PLAIN_CELLS`, where it has one) by ``plain`` (a polars expression of the cell: what ``value_of``
        gives of the value such a cell has, which :data:`PLAIN_CELLS` states), any other by ``value_of`` of its
        value, once per distinct text; ``value_of`` of the field's default where the file lacks it."""
        if name not in self.cells.index_of:
            default = value_of(self.default[name])
            return pl.Series(name, [default] * rows.height, dtype=dtype)
        cells = rows.get_column(name)
        shaped = cells.str.contains(PLAIN_CELLS[name][0]) if name in PLAIN_CELLS else None
        others = (cells if shaped is None else cells.filter(~shaped)).unique()
        made = pl.col(name)
        if others.len():
            found = pl.Series([value_of(v) for v in self.cells.values(name, others.to_list())], dtype=dtype)
            looked_up = made.replace_strict(others, found, default=None)
            made = looked_up if shaped is None else pl.when(shaped).then(plain(made)).otherwise(looked_up)
        elif shaped is not None:
            made = plain(made)
        return rows.select(made.cast(dtype).alias(name)).to_series()

    def listed(self, kept: Sequence[int], households: Sequence[HouseholdRows]) -> list[Listed]:
        """:class:`Listed` of each household of ``kept`` (``households``: their rows, for the lines): the
        place and the members' names validated as the row path validates them (each distinct text once), the
        references by :func:`references`."""
        rows = self.frame.filter(pl.col("__h").is_in(list(kept))).sort("__h", maintain_order=True)
        firsts = rows.filter(pl.col("__h").is_first_distinct())
        positions = _member_positions(rows)
        # An ID number and a name of the usual shape are their own text (PLAIN_VALID): read by polars; the
        # other cells' values once per distinct text, and 人编号 only where a member's ID number is unusual
        # (each member's three cells looked up in Python had been a quarter of a run with --findings).
        texts = self.by_value("id_number", rows, lambda cell: cell, _revealed)

        def unusual(at: list[int]) -> list[str]:
            chosen = rows[at]
            found = zip(
                self.values("id_number", chosen), self.values("person_id", chosen), positions.gather(at), strict=True
            )
            return [reference_of(number, person, n) for number, person, n in found]

        who = references(texts, unusual).to_list()
        names = self.by_value("name", rows, masked_text, _masked).to_list()
        places = zip(*(self.values(f, firsts) for f in PLACE_FIELDS), strict=True)
        listed: list[Listed] = []
        at = 0
        for place, household in zip(places, households, strict=True):
            lines = household.lines
            members = [(who[at + n], names[at + n], line) for n, line in enumerate(lines)]
            listed.append(Listed(place, members))
            at += len(lines)
        if at != rows.height:
            raise AssertionError("the column path's rows and the households' lines disagree")  # pragma: no cover
        return listed

    def places(self, kept: Sequence[int]) -> pl.DataFrame:
        """The 县, 乡 and 村 of each household of ``kept`` as its first row writes them, trimmed (the row path's
        :meth:`~fanpin.io.export.Resolver.place`): a column each, those the file has, named by
        :attr:`~fanpin.io.export.ExportFile.places` (a frame, where Python's tuples had cost a chunk some 15
        ms to make and to put in a frame again)."""
        if not self.first_places.width:
            return pl.DataFrame()
        return self.first_places[kept].select(pl.all().str.strip_chars(WHITESPACE))  # str.strip()'s


def _differing(frame: pl.DataFrame, columns: Sequence[str]) -> pl.Series:
    """The households (``__h``) of ``frame`` whose rows do not all hold the same cells in ``columns`` (a null
    differs from a text): a row differing from the row before it, in a frame whose rows are in their households'
    order (they come so; else sorted, each household's rows kept in their order). A count of each household's
    distinct values had hashed every cell (50 ms for forty columns of 61 000 rows, against 8)."""
    if not frame.get_column("__h").is_sorted():
        frame = frame.sort("__h", maintain_order=True)
    same = pl.col("__h") == pl.col("__h").shift(1)
    changed = pl.any_horizontal(pl.col(c).ne_missing(pl.col(c).shift(1)) for c in columns)
    return frame.filter(same & changed).get_column("__h").unique()


def _records_read(info: ExportFile, households: Sequence[HouseholdRows]) -> pl.DataFrame | None:
    """The cells of the households' records (``__col{i}`` for each header, ``__x{i}`` for cells past it,
    null where a row is short; ``__h``: the household's position), read by polars from their bytes as
    written, where the second pass kept them so (a CSV read by columns: :attr:`ExportFile.line_end`); else
    None. The file's blocks were cut and checked as the csv module splits them
    (:func:`~fanpin.io.chunks.column_frames`), so polars reads each record into the cells the csv module
    reads, which :attr:`HouseholdRows.rows` holds; a record it reads otherwise (more cells past the header
    than it takes) leaves the chunk to those rows (None)."""
    if not info.line_end:
        return None
    records: list[bytes] = []
    counts: list[int] = []
    for item in households:
        written = item.records()  # each with its line end, the file's last too
        if written is None:
            return None
        records += written
        counts.append(len(written))
    read = records_frame(b"".join(records), info.columns, info.line_end)
    if read is None or read.height != sum(counts):
        return None
    owner = pl.Series("__h", range(len(counts)), dtype=pl.Int64).repeat_by(pl.Series(counts)).explode()
    # A joined file's byte-order mark at a record's start is not part of its first cell (the csv reader's).
    return read.with_columns(pl.col("__col0").str.strip_prefix(BOM), owner)


def _plain_by_columns(resolve: Resolver, households: Sequence[HouseholdRows], written: pl.DataFrame) -> list[int]:
    """The positions of the households :func:`~fanpin.io.export.plain_household` would take, or fewer, from
    their cells as polars read them (:func:`_records_read`), without reading their rows in Python. A
    household this leaves out that the row path's test would take goes to the row path, which reads it as
    before: only the speed differs. Left out: a household beside a member row without 户编号, whose 户编号
    another place shares, with an amount merged with another household's, with a filled cell past the
    header, an error of Excel's in a key cell, key cells not written alike on every row (the row path
    compares them read: ``H1`` and ``'H1`` are one), two rows naming one person (the same 人编号, or 证件号码
    and 姓名, as read; or, for a row naming a person without either, the same cells), or a 户编号 with a
    character that cannot be read or that names no household (:func:`~fanpin.model.values.code_key_problem`: in
    scientific notation, a negative number)."""
    info, index_of, scan = resolve.info, resolve.index_of, resolve.scan
    width, named = len(info.columns), info.named_width
    out = {h for h, item in enumerate(households) if item.beside}
    if scan.shared or scan.merged:  # few files have any: each household's first line looked up only then
        shared, merged = scan.shared, scan.merged
        out.update(h for h, item in enumerate(households) if shared.get(item.first_line) or item.key in merged)

    def text(index: int) -> pl.Expr:
        return pl.col(f"__col{index}").fill_null("")

    past = [f"__col{i}" for i in range(named, width)] + [c for c in written.columns if c.startswith("__x")]
    flags = [pl.any_horizontal(pl.col(c).fill_null("").str.strip_chars(WHITESPACE) != "" for c in past)] if past else []
    keys = [index_of[f] for f in KEY_FIELDS if f in index_of]
    # an error of Excel's in a key cell (each holds a #: tests/batch/test_batch_validation.py), looked for in
    # the key columns that hold a # at all (the test itself took 16 ms for four columns of 61 000 rows)
    marked = written.select(pl.col(f"__col{i}").str.contains("#", literal=True).any() for i in keys).row(0)
    errors = sorted(EXCEL_ERRORS)
    flags += [text(i).str.strip_chars(WHITESPACE).is_in(errors) for i, held in zip(keys, marked, strict=True) if held]
    # a key cell other than on the row before, in the same household (its rows come together: _records_read)
    same = pl.col("__h") == pl.col("__h").shift(1)
    flags += [same & (text(i) != text(i).shift(1)) for i in keys]
    who = _person(written, index_of, named)
    if who is not None:
        flags.append(who.is_not_null() & pl.struct("__h", who).is_duplicated())
    found = written.select("__h", pl.any_horizontal(flags).alias("out"))  # flags: the key's at least
    out |= set(found.filter("out").get_column("__h").unique().to_list())
    ids = written.filter(pl.col("__h").is_first_distinct()).get_column(f"__col{index_of['household_id']}").fill_null("")
    odd = (~ids.str.contains(OWN_KEY)).arg_true()  # a 户编号 of digits alone names its household as it is
    for h, cell in zip(odd.to_list(), ids.gather(odd).to_list(), strict=True):
        household_id = spelling(code_text(cell))
        if UNDECODED in household_id or code_key_problem(household_id) is not None:
            out.add(h)
    return [h for h in range(len(households)) if h not in out]


def _person(written: pl.DataFrame, index_of: Mapping[str, int], named: int) -> pl.Expr | None:
    """Which person each row names, as :func:`~fanpin.io.export._listed_before` tells them (null: none): its
    人编号, or its 证件号码 (in capitals) and 姓名, each as read; or, naming a person by neither, its cells
    (short rows' missing cells empty: two rows alike so may differ in their length, which that function
    tells apart; the household then goes to the row path)."""
    read = {
        field: _read_as(
            written.get_column(f"__col{index_of[field]}").fill_null(""), _identity_read(field), _AS_READ[field]
        )
        for field in IDENTITY_FIELDS
        if field in index_of
    }
    if not read:
        return None
    empty = pl.lit("", dtype=pl.String)
    person, number, name = (pl.lit(read[f]) if f in read else empty for f in ("person_id", "id_number", "name"))
    named_by = (
        pl.when(person != "")
        .then(pl.concat_str([pl.lit("人编号\x1f"), person]))
        .when((number != "") & (name != ""))
        .then(pl.concat_str([pl.lit("证件号码\x1f"), number, pl.lit("\x1f"), name]))
    )
    # a row naming a person by neither (an ID number without a name, or a name alone): by all its cells,
    # joined only where a row is so (polars computes every branch on every row: 102 columns of 61 000 rows)
    by_cells = (person == "") & ((number != "") ^ (name != ""))
    if not written.select(by_cells.any()).item():
        return named_by
    cells = pl.concat_str([pl.col(f"__col{i}").fill_null("") for i in range(named)], separator="\x1f")
    return named_by.when(by_cells).then(pl.concat_str([pl.lit("cells\x1f"), cells]))


def _identity_read(field: str) -> Callable[[str], str]:
    """How two rows' cells of ``field`` are compared for one person, as :func:`~fanpin.io.export._listed_before`
    compares them (:data:`~fanpin.io.export.IDENTITY_TEXT`; a 证件号码 in capitals, by Python's own)."""
    read = IDENTITY_TEXT[field]
    return (lambda text: read(text).upper()) if field == "id_number" else read


#: Texts of capitals and digits alone: a code's reading (:func:`~fanpin.io.export.unique_key`, a 证件号码's in
#: capitals) gives them back as they are.
_CAPITALS = "^[0-9A-Z]+$"
#: Per identity field, texts that :func:`_identity_read` reads as themselves (polars' whole-text patterns):
#: letters and digits alone (a 证件号码's in capitals), a 姓名 of Chinese characters alone (its plain shape,
#: :data:`PLAIN_CELLS`) — no space to trim, no apostrophe, no ``.0`` tail, no small letter to capitalise.
_AS_READ = {"person_id": "^[0-9A-Za-z]+$", "id_number": _CAPITALS, "name": PLAIN_CELLS["name"][0]}


def _read_as(texts: pl.Series, how: Callable[[str], str], as_read: str) -> pl.Series:
    """``how`` of each text: a text matching ``as_read`` (which ``how`` gives back as it is) itself, any other
    worked out once per distinct text (a chunk's names and numbers are nearly all distinct, and nearly all
    read as written: 45 000 calls a 5 000-household chunk)."""
    others = texts.filter(~texts.str.contains(as_read)).unique()
    if not others.len():
        return texts
    read = pl.Series([how(t) for t in others.to_list()], dtype=pl.String)
    return texts.replace_strict(others, read, default=texts)


def _revealed(value: Pii | None) -> str | None:
    """A personal value's text (None: unknown)."""
    return None if value is None else value.reveal()


def _masked(value: Pii | None) -> str | None:
    """A personal value masked (None: unknown)."""
    return None if value is None else value.masked


def _trimmed(value: Pii | None) -> str | None:
    """A personal value's text trimmed (None: unknown)."""
    return None if value is None else value.reveal().strip()


#: An ID number as most 证件号码 cells hold it, or a disability card's (the ID number, its category and level,
#: perhaps two more digits): masked by the ID number's first and last four characters, the rest hidden.
_PLAIN_ID = r"^[0-9]{17}[0-9Xx](?:[0-9]{2}|[0-9]{4})?$"


def references(numbers: pl.Series, unusual: Callable[[list[int]], list[str]]) -> pl.Series:
    """How a finding names each member (:func:`~fanpin.model.member_facts.reference_of` of its 证件号码, 人编号
    and position in its household), by polars for an ID number of the usual shape (``numbers``: each
    member's as text, null where unknown; 17 digits and a digit or X, a disability card's two or four digits
    more: the ID number's first and last four characters, ten stars between, a star for each digit more) and
    by ``unusual`` (the positions of the others → their references) for the others."""
    usual = numbers.str.contains(_PLAIN_ID).fill_null(False)
    text = pl.lit(numbers)
    length = text.str.len_chars()
    more = pl.when(length == 20).then(pl.lit("**")).when(length == 22).then(pl.lit("****")).otherwise(pl.lit(""))
    masked = pl.select(pl.concat_str(text.str.slice(0, 4), pl.lit("*" * 10), text.str.slice(14, 4), more)).to_series()
    other = (~usual).arg_true().to_list()
    if not other:
        return masked
    return masked.scatter(other, unusual(other))


def text_fact_columns(names: Sequence[str], shown: pl.Series) -> pl.DataFrame:
    """The facts ``names`` (each of :data:`~fanpin.model.member_facts.SHAPED` or
    :data:`~fanpin.model.member_facts.RECORDED`, all of one column) of the members whose cells of that column
    hold ``shown`` (their values' text, trimmed as Python's ``str.strip`` trims it; null: empty), encoded as
    the engines read them, by polars: whether a phone number is a mobile one, has 11 digits, is given. A fact
    no member has is left out, as the row path's frame leaves it; ``tests/io/test_id_columns.py`` holds them
    to the row path's."""
    given = shown.is_not_null()
    # a number that arrived masked: its shape unknown (values.masked_number); looked for once, where a shape is asked
    masked = shown.str.contains(MASKED_NUMBER) if any(n in SHAPED for n in names) else shown.is_null()

    def shaped(pattern: str) -> pl.Series:
        return pl.select(pl.when(~masked).then(shown.str.contains(f"^(?:{pattern})$"))).to_series()

    columns = [(shaped(SHAPED[n][1].pattern) if n in SHAPED else given).cast(pl.Int64).alias(n) for n in names]
    return pl.DataFrame([c for c in columns if c.null_count() < c.len()])


#: :data:`~fanpin.model.member._ID_SHAPE` as a whole-text pattern of polars' (the same in Rust's syntax).
_ID_SHAPE = r"^[0-9]{17}[0-9X](?:[0-9]{2}|[0-9]{4})?$"


def id_fact_columns(texts: pl.Series, recorded: pl.Series) -> pl.DataFrame:
    """:func:`~fanpin.model.member_facts.id_row_of` of every row, by columns: the facts of the ID numbers
    ``texts`` (upper case, as ``Member._id``; null: none) of members whose 出生日期 is ``recorded`` (dates),
    one column per fact of :data:`~fanpin.model.member_facts.ID_FACTS` encoded as the engines read it, null
    where that function leaves the fact out. An ID number is one person's own: computed row by row in Python
    it was a fifth of the column path's time. ``tests/io/test_id_columns.py`` holds the two equal on any text
    an ID number cell can hold. Each step's columns are made before the next reads them (an eager query
    computes an expression again wherever it is used)."""
    text = pl.col("text")
    # A masked number holds a star: without one in any row, no row is masked, and a number read for its birth
    # date (an ID card's or a disability card's) is of the usual shape, its 7th to 14th characters digits.
    star = texts.str.contains("*", literal=True)
    starred = bool(star.any())
    frame = pl.DataFrame([texts.alias("text"), recorded.alias("recorded")]).with_columns(
        (star & texts.str.contains(MASKED_ID) if starred else star).alias("masked"),
        text.str.contains(_ID_SHAPE).alias("shaped"),
        text.str.starts_with(NO_REAL_ID_PREFIX).alias("no_real"),
        text.str.len_chars().cast(pl.Int64).alias("id_length"),
        *(text.str.slice(at, 1).str.to_integer(strict=False).alias(f"d{at}") for at in (16, 18, 19)),
        (text.str.slice(6, 8).str.contains("^[0-9]{8}$") if starred else pl.lit(True)).alias("eight"),
        *(text.str.slice(at, n).str.to_integer(strict=False).alias(name) for name, at, n in _DAY),
        text.str.slice(0, 17).str.to_integer(strict=False).alias("first"),
    )
    masked, shaped, no_real = pl.col("masked"), pl.col("shaped"), pl.col("no_real")
    first = pl.when(shaped).then(pl.col("first"))  # a number of the usual shape's first 17 digits (its shape once)
    year, month, day = pl.col("year"), pl.col("month"), pl.col("day")
    # GB 11643: the first 17 digits weighted, the sum's remainder modulo 11 naming the check character
    total = pl.sum_horizontal((first // 10 ** (16 - i) % 10) * weight for i, weight in enumerate(ID_WEIGHTS))
    check = (total % 11).replace_strict(list(range(11)), list(ID_CHECK), return_dtype=pl.String)
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    days = pl.when(month == 2).then(pl.when(leap).then(29).otherwise(28)).when(month.is_in([4, 6, 9, 11])).then(30)
    frame = frame.with_columns(
        pl.when(text.is_null())
        .then(None)
        .when(no_real)
        .then(pl.lit(IdCardKind.NO_REAL_ID.value))
        .when(~shaped & ~masked)
        .then(pl.lit(IdCardKind.MALFORMED.value))
        .when(pl.col("id_length") == 18)
        .then(pl.lit(IdCardKind.ID_CARD.value))
        .otherwise(pl.lit(IdCardKind.DISABILITY_CARD.value))
        .alias("id_card_kind"),
        pl.when(text.is_null() | no_real | masked)
        .then(None)
        .otherwise(shaped & (check == text.str.slice(17, 1)).fill_null(False))
        .cast(pl.Int64)
        .alias("id_valid"),
        ((year >= 1) & month.is_between(1, 12) & day.is_between(1, days.otherwise(31))).alias("is_day"),
    )
    kind = pl.col("id_card_kind")
    card = kind == IdCardKind.DISABILITY_CARD.value
    cards = [IdCardKind.ID_CARD.value, IdCardKind.DISABILITY_CARD.value]
    is_date = kind.is_in(cards) & pl.col("eight") & pl.col("is_day")
    frame = frame.with_columns(
        pl.when(is_date)
        .then(
            pl.date(*(pl.when(is_date).then(part).otherwise(1) for part in (year, month, day))).cast(pl.Int64)
            + EPOCH_ORDINAL
        )
        .alias("id_birth_date"),
        pl.when(card).then(pl.col("d18")).alias("disability_category"),
        pl.when(card).then(pl.col("d19")).alias("disability_level"),
    )
    born = pl.col("id_birth_date")
    return frame.select(
        pl.coalesce(pl.col("recorded").cast(pl.Int64) + EPOCH_ORDINAL, born).alias("birth_date"),
        pl.when(born.is_not_null() & pl.col("d16").is_not_null())
        .then(pl.when(pl.col("d16") % 2 == 1).then(pl.lit(Sex.MALE.value)).otherwise(pl.lit(Sex.FEMALE.value)))
        .alias("sex"),
        *(pl.col(name) for name in ID_FACTS if name not in ("birth_date", "sex")),
    ).select(ID_FACTS)


#: The parts of an ID number's birth date: name, first character, characters.
_DAY = (("year", 6, 4), ("month", 10, 2), ("day", 12, 2))


def _text(values: pl.Series) -> pl.Expr:
    """First-row values as a household table's text (yes/no as 是/否)."""
    return _yes_no(pl.lit(values)) if values.dtype == pl.Boolean else pl.lit(values)


def _numbered(
    rows: pl.DataFrame, columns: Sequence[str], known: Mapping[str, Sequence[str]]
) -> dict[str, tuple[list[str], pl.Series]]:
    """Each of ``columns``' distinct texts, in order, and each row's number among them (its place in them),
    in two queries for all of them: a query a column had cost a chunk of an export a millisecond or two
    each, whatever its rows. The columns hold no null (a chunk's empty cells are ``""``). A row's number is
    its text's position among the distinct texts as an Enum of them: a look-up, where a binary search among
    them cost 50 ms against 35 for the 57 columns of 60 000 member rows (and polars' dense rank, which sorts
    every row, more again). ``known``: a column's distinct texts already found (:attr:`_Read.distinct`; or
    more, texts of rows since left out), taken and not looked for again (looking for them was 38–48 of the
    110–125 ms that numbering 94 columns of 61 467 rows took)."""
    if not columns:
        return {}
    sought = [c for c in columns if c not in known]
    found = rows.select(pl.col(c).unique().sort().implode().alias(f"__d{i}") for i, c in enumerate(sought))
    distinct = {c: found.get_column(f"__d{i}")[0] for i, c in enumerate(sought)}
    distinct |= {c: pl.Series(c, known[c], dtype=pl.String).sort() for c in columns if c in known}
    numbers = rows.select(
        pl.col(c).cast(pl.Enum(distinct[c])).to_physical().cast(pl.UInt32).alias(f"__n{i}")
        for i, c in enumerate(columns)
    )
    return {c: (distinct[c].to_list(), numbers.get_column(f"__n{i}")) for i, c in enumerate(columns)}


def _member_positions(rows: pl.DataFrame) -> pl.Series:
    """Each member row's place in its household (1, 2, …): its distance from the first row of its run of
    ``__h``, a household's rows being together in a chunk's frame (a window over ``__h``, which hashes
    every row, took 13 ms for 60 000 rows, this 0.6)."""
    at = pl.int_range(pl.len(), dtype=pl.Int64)
    first = pl.when(pl.col("__h").ne_missing(pl.col("__h").shift(1))).then(at).otherwise(0).cum_max()
    return rows.select((at - first + 1).alias("n")).get_column("n")


def _yes_no(flag: pl.Expr) -> pl.Expr:
    return pl.when(flag).then(pl.lit("是")).when(~flag).then(pl.lit("否")).otherwise(pl.lit(None, dtype=pl.String))


def _positions(rows: pl.DataFrame, distinct: pl.DataFrame) -> pl.Series:
    """Each row's position in ``distinct``, the distinct tuples of some of its columns (their text cells)."""
    names = distinct.columns
    if len(names) == 1:  # most: one column's distinct texts, numbered by a look-up
        column = distinct.get_column(names[0])
        return rows.get_column(names[0]).replace_strict(column, pl.int_range(column.len(), eager=True))
    joined = rows.select(names).join(distinct.with_row_index("__at"), on=names, how="left", maintain_order="left")
    return joined.get_column("__at")


def _held(field: str) -> Callable[[Member], bool]:
    """Whether a member's measure column ``field`` holds a measure."""
    return lambda member: bool(getattr(member, field))


def _kleene_all(flags: pl.Expr) -> pl.Expr:
    return pl.when((flags == False).any()).then(False).when(flags.is_null().any()).then(None).otherwise(True)  # noqa: E712


def _kleene_any(flags: pl.Expr) -> pl.Expr:
    return pl.when(flags.any()).then(True).when(flags.is_null().any()).then(None).otherwise(False)
