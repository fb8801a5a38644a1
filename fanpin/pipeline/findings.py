"""The clerk's worksheet (``fanpin score … --findings findings.xlsx``): one row per finding of a data check.

A finding is a fired rule that has national data-check codes (``codes:``, the pack of ``rules/checks/``),
listed under each of its codes whose population the household is in (:mod:`fanpin.results.codes`); a
``scope: member`` check gives one row per member it fired for. Reference risk rules have no code: they
are in the scored table, not here.

The rows are built from what the scored households' JSON Lines records say of their data checks — the
same on both engines; the batch engine writes those parts alone, from the evaluation that scored the
table (:meth:`~fanpin.batch.BatchEngine.score_found`) — so the worksheet is the same whichever engine
scored the file. Each row holds:

- the code, its message (the rule's title in the run's language) and the rule id;
- where: 县, 乡, 村 — their names when the input has them (the person-level export), else the first 6,
  9 and 12 digits of 行政区划代码 — and 户编号;
- who, for a member check: the member's ID number and name, both masked, and the line of the member's
  row (else the household's first line);
- why: the fields compared, their values (ID and mobile numbers in them masked) and each comparison as
  a sentence, one per line.

A check over members reads, in the engines' explanation, as one yes/no test (``有成员满足「…」 为 是``).
For the worksheet that test is stated by the member's own: a member check's row gives the tests of the
member condition that make it true for the member the row names, with that member's values
(``年龄（周岁） 45 ≥ 劳动年龄下限 16``); a household check's ``any(members, …)`` that held gives those of
the members it holds for, each distinct test once. They are computed here (:class:`MemberReasons`) from
what both engines read — the member's facts (:func:`~fanpin.model.member_facts.member_row`), the
household's facts, the parameters of its region and date — by the rule's compiled member condition
(:class:`~fanpin.results.explanations.RuleExplainer`), so they are the same whichever engine scored the
file. ``all(members, …)``, ``count``, ``share`` and an ``any`` that did not hold are about every member:
they keep their one line. A value of 健康状况 is masked whole (``健*``), as in the errors file. Without
the members (a household table) nothing changes.

Rows are sorted by code, 县, 乡, 村, 户编号, member and line by the writer (:mod:`fanpin.io.findings`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import polars as pl

from fanpin._kept import Kept
from fanpin.io.columnar import Listed
from fanpin.io.export import ExportHousehold
from fanpin.io.member_cells import merged
from fanpin.lang.lowering import Evaluator, Slots, compile_term, engine_number, fold
from fanpin.lang.members import Aggregate, household_facts_read, member_facts_read
from fanpin.masking import mask_detail, mask_numbers
from fanpin.model.export_columns import DETAIL_FIELDS
from fanpin.model.facts import FACTS, encode_all, household_facts
from fanpin.model.member_facts import LABEL_SETS, MEMBER_FACTS, label_of, member_reference, member_row
from fanpin.model.values import INVISIBLE, invisible_codes
from fanpin.results.assessment import Comparison, ParameterUse
from fanpin.results.explanations import RuleExplainer, parameter_uses
from fanpin.results.findings import FINDING_COLUMNS, FINDING_HEADERS, FINDING_SCHEMA
from fanpin.results.sentences import Lang, comparison_text, fact_name, value_text
from fanpin.rulebook import Rulebook

__all__ = [
    "FINDING_COLUMNS",
    "FINDING_HEADERS",
    "FINDING_SCHEMA",
    "FactsAtHand",
    "MemberReasons",
    "Roster",
    "finding_rows",
    "listed_of",
    "numbered_alike",
    "restated_reads",
    "roster_from",
    "roster_of",
]

_PARAMETER = pl.Struct(
    dict.fromkeys(
        ("effective", "label", "label_en", "name", "note", "region", "source", "source_en", "unit", "value"), pl.String
    )
)
_COMPARISON = pl.Struct(
    {
        "fact": pl.String,
        "parameters": pl.List(_PARAMETER),
        "value": pl.String,
        "operator": pl.String,
        "threshold": pl.String,
        "threshold_value": pl.String,
        "unit": pl.String,
    }
)
_FLAG = pl.Struct(
    {
        "rule_id": pl.String,
        "codes": pl.List(pl.String),
        "members": pl.List(pl.String),
        "explanation": pl.List(_COMPARISON),
    }
)
_RECORD = pl.Struct({"household_id": pl.String, "region_code": pl.String, "flags": pl.List(_FLAG)})


@dataclass(frozen=True)
class FactsAtHand:
    """A household read by the export's column path as :class:`MemberReasons` reads it: its encoded facts
    (unknown facts left out, as the row path leaves them) and each member's, as the batch engine was given them
    (an unknown one None: a dict of every column is made at C speed, where leaving the unknown ones out had cost
    twice as much), or those of them the member checks read (:func:`restated_reads`)."""

    household: dict[str, Any]
    members: list[dict[str, Any]]


@dataclass(frozen=True)
class Roster:
    """What the person-level export tells of a chunk's households beyond their records: per household
    (its position in the chunk) its 县, 乡 and 村 names, per member its reference (as findings name
    it: :func:`fanpin.model.member_facts.member_reference`), masked name, line and position in its
    household, and the households themselves (the member checks' rows state the member's own values:
    :class:`MemberReasons`)."""

    places: pl.DataFrame  # __h, county, township, village
    members: pl.DataFrame  # __h, member_id, __k (its occurrence among equal references), member_name, line, __m
    households: Sequence[ExportHousehold | FactsAtHand | None] = ()


def roster_of(households: Sequence[ExportHousehold]) -> Roster:
    """The :class:`Roster` of a chunk of export households (in the order they are scored)."""
    return roster_from([listed_of(read) for read in households], tuple(households))


def listed_of(read: ExportHousehold) -> Listed:
    """How the worksheet names a household the row path read, and its members (:class:`Listed`)."""
    first = read.members[0] if read.members else None
    place = (first.county, first.town, first.village) if first is not None else (None, None, None)
    members = [
        (member_reference(member, n), member.name.masked if member.name is not None else None, line)
        for n, (member, line) in enumerate(zip(read.members, read.lines, strict=False), start=1)
    ]
    return Listed(place, members)


def roster_from(listed: Sequence[Listed], households: Sequence[ExportHousehold | FactsAtHand | None]) -> Roster:
    """The :class:`Roster` of a chunk's households as :class:`Listed` (in the order they are scored), with the
    households themselves (None for one that cannot be had: its members' tests are then not restated)."""
    places: list[tuple[int, str | None, str | None, str | None]] = []
    members: list[tuple[int, str, int, str | None, int, int]] = []
    for h, entry in enumerate(listed):
        places.append((h, *entry.place))
        seen: dict[str, int] = {}
        for m, (who, name, line) in enumerate(entry.members):
            seen[who] = seen.get(who, 0) + 1
            members.append((h, who, seen[who], name, line, m))
    return Roster(
        pl.DataFrame(
            places,
            schema={"__h": pl.Int64, "county": pl.String, "township": pl.String, "village": pl.String},
            orient="row",
        ),
        pl.DataFrame(
            members,
            schema={
                "__h": pl.Int64,
                "member_id": pl.String,
                "__k": pl.Int64,
                "member_name": pl.String,
                "line": pl.Int64,
                "__m": pl.Int64,
            },
            orient="row",
        ),
        households,
    )


def finding_rows(
    records: pl.Series,
    lines: pl.Series,
    roster: Roster | None,
    book: Rulebook,
    lang: Lang,
    as_of: date | None = None,
) -> pl.DataFrame:
    """The findings of a chunk (columns :data:`FINDING_COLUMNS`, unsorted) from its scored households'
    JSON Lines records (``records``, in the order scored), the line each household starts on, and for
    the person-level export its :class:`Roster` (with the evaluation date ``as_of``, its member checks
    state each member's own values: :class:`MemberReasons`)."""
    coded = {rid for rid, rule in book.rules.items() if rule.spec.codes}
    if not coded or records.len() == 0:
        return pl.DataFrame(schema=FINDING_SCHEMA)
    households = (
        pl.DataFrame({"json": records})
        .select(pl.col("json").str.json_decode(_RECORD).alias("r"))
        .unnest("r")
        .with_columns(pl.int_range(pl.len(), dtype=pl.Int64).alias("__h"), pl.Series("__line", lines, dtype=pl.Int64))
    )
    flags = (
        households.explode("flags")
        .drop_nulls("flags")
        .unnest("flags")
        .filter(pl.col("rule_id").is_in(list(coded)) & (pl.col("codes").list.len() > 0))
    )
    if flags.height == 0:
        return pl.DataFrame(schema=FINDING_SCHEMA)
    # One row per member of a member check (its k-th occurrence of that reference), one per household check.
    members = (
        flags.with_columns(
            pl.when(pl.col("members").list.len() > 0)
            .then(pl.col("members"))
            .otherwise(pl.lit([None], dtype=pl.List(pl.String)))
            .alias("member_id")
        )
        .drop("members")
        .explode("member_id")
        .with_columns(pl.int_range(pl.len(), dtype=pl.Int64).over("__h", "rule_id", "member_id").add(1).alias("__k"))
    )
    reasons = (
        MemberReasons(book, roster.households, as_of)
        if roster is not None and roster.households and as_of is not None and book.aggregates
        else None
    )
    if roster is not None:
        members = members.join(roster.places, on="__h", how="left").join(
            roster.members, on=["__h", "member_id", "__k"], how="left"
        )
        if reasons is not None:
            members = _alike_told_apart(members, roster, reasons)
    else:
        members = members.with_columns(
            pl.lit(None, dtype=pl.String).alias("member_name"),
            pl.lit(None, dtype=pl.Int64).alias("line"),
            pl.lit(None, dtype=pl.Int64).alias("__m"),
        )
    members = members.with_columns(_explained(members, lang, reasons)).drop("explanation")
    region = pl.col("region_code").cast(pl.String)
    titles = {rid: (r.spec.title.zh if lang == "zh" else r.spec.title.en) for rid, r in book.rules.items()}
    places = {
        "county": region.str.slice(0, 6),
        "township": pl.when(region.str.len_chars() >= 9).then(region.str.slice(0, 9)),
        "village": pl.when(region.str.len_chars() >= 12).then(region.str.slice(0, 12)),
    }
    return (
        members.explode("codes")
        .with_columns(
            pl.col("codes").alias("code"),
            pl.col("rule_id").replace_strict(titles, default=pl.col("rule_id")).alias("message"),
            *((pl.col(c).fill_null(e) if c in members.columns else e).alias(c) for c, e in places.items()),
            pl.col("line").fill_null(pl.col("__line")).alias("line"),
        )
        .select([pl.col(c).cast(t) for c, t in FINDING_SCHEMA.items()])
        .with_columns(_visible(c) for c, t in FINDING_SCHEMA.items() if t == pl.String)
    )


def _alike_told_apart(members: pl.DataFrame, roster: Roster, reasons: MemberReasons) -> pl.DataFrame:
    """``members`` (a chunk's finding rows joined to its roster) with each row of a member check whose
    member shares its masked reference with another member of the household given the member it fired
    for. The engines name a member by that reference alone, so the join gave the k-th row of a reference
    the k-th member holding it; here the k-th row of a check is given the k-th of those members its
    member condition holds for (:meth:`MemberReasons.holds`, as both engines evaluate it). Rows whose
    members cannot be told apart (the household or the condition not at hand) stay as joined."""
    alike = roster.members.filter(pl.len().over("__h", "member_id") > 1)
    if alike.height == 0:
        return members
    at = members.with_row_index("__row").join(alike.select("__h", "member_id").unique(), on=["__h", "member_id"])
    if at.height == 0:
        return members
    reasons.fetch(set(at.get_column("__h").to_list()))
    candidates: dict[tuple[int, str], list[tuple[int, str | None, int]]] = {}
    for h, who, name, line, m in alike.sort("__m").select("__h", "member_id", "member_name", "line", "__m").iter_rows():
        candidates.setdefault((h, who), []).append((m, name, line))
    rows, names, lines, positions = [], [], [], []
    for row, h, who, rule_id, k, region in at.select(
        "__row", "__h", "member_id", "rule_id", "__k", pl.col("region_code").cast(pl.String)
    ).iter_rows():
        held = [c for c in candidates[(h, who)] if reasons.holds(rule_id, h, c[0], region or "")]
        if k <= len(held):
            m, name, line = held[k - 1]
            rows.append(row)
            names.append(name)
            lines.append(line)
            positions.append(m)
    if not rows:
        return members
    told = pl.DataFrame(
        {"__row": rows, "__name": names, "__line_of": lines, "__m_of": positions},
        schema={"__row": pl.UInt32, "__name": pl.String, "__line_of": pl.Int64, "__m_of": pl.Int64},
    )
    return (
        members.with_row_index("__row")
        .join(told, on="__row", how="left")
        .with_columns(
            pl.when(pl.col("__m_of").is_not_null())
            .then(pl.col("__name"))
            .otherwise(pl.col("member_name"))
            .alias("member_name"),
            pl.col("__line_of").fill_null(pl.col("line")).alias("line"),
            pl.col("__m_of").fill_null(pl.col("__m")).alias("__m"),
        )
        .drop("__row", "__name", "__line_of", "__m_of")
    )


def _visible(column: str) -> pl.Expr:
    """``column`` with each character no one sees written as its code point (``<U+202E>``), as the errors
    file writes a value (:func:`~fanpin.model.values.visible`): a direction mark in an export's 乡 or a
    member's name turned the text after it around in the worksheet, and made two 乡 look alike."""
    text = pl.col(column)
    codes = invisible_codes()
    return (
        pl.when(text.str.contains(f"[{INVISIBLE}]").any())
        .then(text.str.replace_many(list(codes), list(codes.values())))
        .otherwise(text)
        .alias(column)
    )


def _explained(rows: pl.DataFrame, lang: Lang, reasons: MemberReasons | None) -> list[pl.Series]:
    """The ``fields``, ``values`` and ``basis`` columns of the rows' explanations (one comparison a line).
    With :class:`MemberReasons`, a test over members that held is stated by the members' own tests; an
    explanation without one is written once however many rows have it.

    Each distinct explanation is taken into Python once (:func:`numbered_alike`: equal explanations, and
    only they, share a number): a chunk's findings repeat a few thousand of them over a hundred thousand
    rows, and making each row's comparisons cost more than stating them."""
    numbered = rows.select(numbered_alike(rows.get_column("explanation")).alias("__e"), "explanation")
    firsts = numbered.filter(pl.col("__e").is_first_distinct())
    distinct: dict[int, list[dict[str, Any]]] = dict(
        zip(firsts.get_column("__e").to_list(), firsts.get_column("explanation").to_list(), strict=True)
    )
    parsed = {e: [_comparison(c) for c in comparisons or ()] for e, comparisons in distinct.items()}
    expanding = {e for e, comparisons in parsed.items() if reasons is not None and reasons.expands(comparisons)}
    # The rows whose explanation is written as it is (most): each distinct one's lines made once, placed by
    # polars (a loop over a chunk's hundred thousand rows had cost a microsecond or two each), each row's
    # taken from a table of them by its number (numbered_alike's numbers: none above the explanations' count).
    number = numbered.get_column("__e")
    written = {e: _lines(comparisons, lang) for e, comparisons in parsed.items() if e not in expanding}
    unwritten = (None, None, None)
    table = [written.get(e, unwritten) for e in range(len(parsed) + 1)]
    columns = [pl.Series([t[i] for t in table], dtype=pl.String).gather(number) for i in range(3)]
    if reasons is not None and expanding:
        # The others, row by row: each restated by its members' own tests.
        at = number.is_in(sorted(expanding)).arg_true()
        chosen = rows[at].select("rule_id", "__h", "__m", "region_code")
        rule_ids, households, positions, regions = (c.to_list() for c in chosen.get_columns())
        numbers = number.gather(at).to_list()
        reasons.fetch(set(households))  # the households it restates, taken at once
        stated_texts: dict[tuple[Comparison, ...], tuple[str, str, str]] = {}
        made: list[tuple[str, str, str]] = []
        for e, rule_id, h, m, region in zip(numbers, rule_ids, households, positions, regions, strict=True):
            stated = tuple(reasons.stated(parsed[e], rule_id, h, m, region or ""))
            if stated not in stated_texts:  # members of one age, one area … state alike
                stated_texts[stated] = _lines(stated, lang)
            made.append(stated_texts[stated])
        columns = [c.scatter(at, [t[i] for t in made]) for i, c in enumerate(columns)]
    return [c.alias(name) for c, name in zip(columns, ("fields", "values", "basis"), strict=True)]


def numbered_alike(values: pl.Series, hashes: pl.Series | None = None) -> pl.Series:
    """Each of ``values``' number among its distinct values (in no given order; none above their count, none
    below 0): equal values, and only they, share a number. By their hashes (``hashes``, by default polars'),
    where as many numbers come out as there are distinct values (each hash's values are then one value);
    else, two values hashed alike, by comparing the values whole (``rank``: 170 ms for a chunk's 20 000
    explanations, the hashes' 4)."""
    numbers = (values.hash() if hashes is None else hashes).rank("dense")
    if numbers.n_unique() == values.n_unique():
        return numbers
    return values.rank("dense").fill_null(0)


def _lines(comparisons: Sequence[Comparison], lang: Lang) -> tuple[str, str, str]:
    """Fields, values and sentences, one comparison a line. A member's 健康状况 is masked keeping nothing
    (:func:`~fanpin.masking.mask_detail`), as the errors file masks the column
    (:func:`~fanpin.model.export_columns.masked_export_cell`)."""
    fields, values, basis = [], [], []
    for c in comparisons:
        c = _member_labels(c, lang)
        if c.fact in DETAIL_FIELDS and c.value is not None:  # 健康状况, and what a disability card encodes
            c = Comparison.of({**c.__dict__, "value": mask_detail(value_text(c, lang))})
        fields.append(fact_name(c, lang))
        values.append(mask_numbers(value_text(c, lang)))
        basis.append(mask_numbers(comparison_text(c, lang)))
    return "\n".join(fields), "\n".join(values), "\n".join(basis)


def _member_labels(c: Comparison, lang: Lang) -> Comparison:
    """A member's test as the worksheet states it: a measure label test by its column and label
    (``综合保障含"低保"``, ``social_security contains "低保"``), not by the name the engines carry; in
    Chinese, a member fact's vocabulary values (健康状况, 劳动技能 …, carried as their English ids) by
    their labels, in the value and the threshold (``= "健康"``, ``属于 {无劳动力, 丧失劳动力}``), as the
    sentences write a household fact's. Any other comparison as it is."""
    held = label_of(c.fact)
    if held is not None:
        field, held_label = held
        fact = f'{LABEL_SETS.get(field, field)}含"{held_label}"' if lang == "zh" else f'{field} contains "{held_label}"'
        return Comparison.of({**c.__dict__, "fact": fact})
    info = MEMBER_FACTS.get(c.fact) if lang == "zh" and c.fact not in FACTS else None
    enum = info.enum if info is not None else None
    if enum is None:
        return c

    def label(text: str) -> str:
        try:
            found = enum.parse(text.strip().strip('"'))
        except ValueError:
            return text
        return text if found is None else found.label

    value = label(c.value) if isinstance(c.value, str) else c.value
    threshold = c.threshold
    if c.operator in ("in", "not in") and threshold.startswith("{") and threshold.endswith("}"):
        threshold = "{" + ", ".join(label(t) for t in threshold[1:-1].split(", ")) + "}"
    elif threshold.startswith('"'):
        threshold = f'"{label(threshold)}"'
    return Comparison.of({**c.__dict__, "value": value, "threshold": threshold})


class MemberReasons:
    """The tests over members of a chunk's findings, stated by the members' own tests.

    A rule reads its members through an aggregate (``any(members, c)``; a ``scope: member`` rule is
    ``any(members, when)``), which the engines' explanations state as one yes/no test. Here ``c`` is
    evaluated on one member as the per-household engine evaluates it — the member's encoded facts
    (:func:`~fanpin.model.member_facts.member_row`) over the household facts it reads
    (:func:`~fanpin.model.facts.household_facts`), a label the member does not hold false, the
    thresholds folded from the region's parameters and the computed terms (``age``) for the date — and
    :meth:`RuleExplainer.why` gives the tests that make it true, each with the member's value. That is
    data both engines share, so the statement does not depend on the engine that scored the file."""

    def __init__(self, book: Rulebook, households: Sequence[ExportHousehold | FactsAtHand | None], as_of: date) -> None:
        self.book, self.households, self.as_of = book, households, as_of
        self.compiled = _compiled(book)
        self._programs: dict[str, _Program] = {}
        self._shared: dict[int, dict[str, Any]] = {}
        self._messages: dict[tuple[int, int, str], dict[str, Any]] = {}
        self._whys: dict[tuple[str, int, int, str], list[Comparison]] = {}
        #: The member facts that may stand over a household fact or a label's false in a message: where a
        #: member's is unknown, the one below shows (the tests read an unknown fact and a missing one alike).
        compiled = self.compiled
        self._over = sorted(compiled.member_reads & (compiled.household_reads | compiled.labels))

    def fetch(self, households: Iterable[int]) -> None:
        """Tells the households (positions in the chunk) the rows to restate are of: households read by
        columns (:class:`~fanpin.pipeline.scored._AtHand`) take them off their frames at once."""
        fetch = getattr(self.households, "fetch", None)
        if fetch is not None:
            fetch(households)

    def expands(self, comparisons: Sequence[Comparison]) -> bool:
        """Whether an explanation has an ``any(members, …)`` test that held, which this states otherwise."""
        return any(self._held_any(c) is not None for c in comparisons)

    def stated(
        self, comparisons: Sequence[Comparison], rule_id: str, h: int, m: int | None, region: str
    ) -> list[Comparison]:
        """A row's comparisons with each ``any(members, c)`` that held replaced: for a member check's row
        (``m``: the member's position in its household), by that member's tests of ``c``; for a household
        check, by those of every member ``c`` holds for, each distinct test once. A test it cannot restate
        (the member unknown, ``c`` not true for it) stays as it was."""
        rule = self.book.rules.get(rule_id)
        own = rule.member_aggregate if rule is not None else None
        out: list[Comparison] = []
        for c in comparisons:
            name = self._held_any(c)
            restated: list[Comparison] = []
            read = self.households[h] if name is not None and h < len(self.households) else None
            if name is not None and read is not None:
                if own is not None and m is not None:
                    restated = self._why(name, h, m, region) if name == own else []
                elif own is None:
                    for position in range(len(read.members)):
                        restated += self._why(name, h, position, region)
            out += list(dict.fromkeys(restated)) if restated else [c]
        return out

    def holds(self, rule_id: str, h: int, m: int, region: str) -> bool:
        """Whether member check ``rule_id``'s member condition holds for the ``m``-th member of household ``h``
        (False where the household is not at hand or the rule reads no members of its own)."""
        rule = self.book.rules.get(rule_id)
        own = rule.member_aggregate if rule is not None else None
        read = self.households[h] if h < len(self.households) else None
        if own is None or read is None or own not in self.compiled.explainers:
            return False
        return self.compiled.explainers[own].decide(self._message(h, m, region, self._program(region))) is True

    def _held_any(self, c: Comparison) -> str | None:
        """The aggregate of an ``any(members, …)`` test that held, else None."""
        if c.operator != "is" or c.value != "true":
            return None
        return self.compiled.any_named.get(c.fact)

    def _why(self, aggregate: str, h: int, m: int, region: str) -> list[Comparison]:
        key = (aggregate, h, m, region)  # several checks of a household read one aggregate of its members
        found = self._whys.get(key)
        if found is None:
            explainer = self.compiled.explainers[aggregate]
            program = self._program(region)
            message = self._message(h, m, region, program)
            found = self._whys[key] = explainer.why(message, program.uses) if explainer.decide(message) is True else []
        return found

    def _program(self, region: str) -> _Program:
        # Per parameter scope: a county's village codes resolve every parameter alike (Parameters.scope).
        scope = self.book.parameters.scope(region)
        program = self._programs.get(scope)
        if program is None:
            params, _ = self.book.parameters.resolve_known(self.book.params_needed(), region, self.as_of)
            slots = self.compiled.slots
            thresholds: dict[str, int | float] = {}
            for term, slot in slots.thresholds.items():
                value = fold(term, params)
                if value is not None:
                    thresholds[slot] = engine_number(value)
            computed = [(slot, compile_term(term, params, self.as_of)) for term, slot in slots.computed.items()]
            program = self._programs[scope] = _Program(thresholds, computed, parameter_uses(params))
        return program

    def _message(self, h: int, m: int, region: str, program: _Program) -> dict[str, Any]:
        key = (h, m, region)
        message = self._messages.get(key)
        if message is None:
            read = self.households[h]
            if read is None:  # stated() restates only the members of households it has
                raise LookupError(f"household {h} of the chunk is not at hand")
            # The household's facts, then every label false: its members' messages start so (made once a
            # household, where each message had made both again).
            shared = self._shared.get(h)
            if shared is None:
                facts = read.household if isinstance(read, FactsAtHand) else encode_all(household_facts(read.household))
                shared = {k: v for k, v in facts.items() if k in self.compiled.household_reads}
                shared = self._shared[h] = shared | dict.fromkeys(self.compiled.labels, 0)
            # The member's encoded facts as the reader computed them for the batch engine (the same as
            # member_row, property-tested: fanpin.io.member_cells), else computed here.
            if isinstance(read, FactsAtHand):
                own = read.members[m]
            else:
                own = member_row(read.members[m]) if read.facts is None else merged(read.facts[m])
            # As the engines read a member: its own facts shadow the household's; a label it lacks is false.
            # Its unknown facts (None, or left out) shadow nothing.
            message = {**shared, **own, **program.thresholds}
            for name in self._over:
                if name in own and own[name] is None:
                    if name in shared:
                        message[name] = shared[name]
                    else:
                        del message[name]
            for slot, evaluate in program.computed:
                value = evaluate(message)
                if value is not None:
                    message[slot] = value
            self._messages[key] = message
        return message


@dataclass(frozen=True)
class _Program:
    """A region's thresholds, computed terms and parameter uses, for the member conditions."""

    thresholds: dict[str, int | float]
    computed: list[tuple[str, Evaluator]]
    uses: dict[str, ParameterUse]


@dataclass(frozen=True)
class _Compiled:
    """A rulebook's member conditions, ready to explain (built once per rulebook)."""

    slots: Slots
    explainers: dict[str, RuleExplainer]
    #: An ``any`` aggregate's test as explanations write it (``any(members, …)``) → its name.
    any_named: dict[str, str]
    household_reads: frozenset[str]
    labels: frozenset[str]
    #: the member facts the conditions read (labels and the computed terms' inputs included)
    member_reads: frozenset[str]


#: Each rulebook's compiled member checks, by the rulebook (kept alive beside them: its id is not reused).
_COMPILED: Kept[tuple[Rulebook, _Compiled]] = Kept(8)


def _compiled(book: Rulebook) -> _Compiled:
    return _COMPILED.get(id(book), lambda: (book, _made(book)))[1]


def _made(book: Rulebook) -> _Compiled:
    """The member checks of ``book``'s rules, compiled."""
    aggregates: list[Aggregate] = [a for a in book.aggregates if a.condition is not None]
    conditions = [a.condition for a in aggregates if a.condition is not None]
    slots = Slots.for_conditions(conditions)
    return _Compiled(
        slots,
        {a.name: RuleExplainer(a.condition, slots) for a in aggregates if a.condition is not None},
        {f"any(members, {a.text})": a.name for a in aggregates if a.kind == "any"},
        frozenset().union(*(household_facts_read(c) for c in conditions)),
        frozenset(n for c in conditions for n in member_facts_read(c) if label_of(n) is not None),
        frozenset().union(*(member_facts_read(c) for c in conditions)),
    )


def restated_reads(book: Rulebook) -> tuple[frozenset[str], frozenset[str]]:
    """The household facts and the member facts :class:`MemberReasons` reads for ``book``'s member checks:
    the only ones a :class:`FactsAtHand` of its households needs to hold."""
    compiled = _compiled(book)
    return compiled.household_reads, compiled.member_reads


def _comparison(data: dict[str, Any]) -> Comparison:
    """A comparison of a JSON record, as the sentences read it."""
    parameters = tuple(
        ParameterUse.built(
            name=p["name"],
            label=p["label"],
            label_en=p["label_en"] or "",
            value=Decimal(p["value"]),
            unit=p["unit"],
            region=p["region"],
            effective=date.fromisoformat(p["effective"]),
            source=p["source"],
            note=p["note"] or "",
            source_en=p["source_en"] or "",
        )
        for p in data["parameters"] or ()
    )
    return Comparison.built(
        fact=data["fact"] or "",
        value=data["value"],
        operator=data["operator"] or "",
        threshold=data["threshold"] or "",
        threshold_value=data["threshold_value"],
        unit=data["unit"] or "",
        parameters=parameters,
        outcome="true",
    )
