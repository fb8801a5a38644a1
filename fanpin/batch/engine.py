"""The batch engine: the rulebook's expressions (:mod:`fanpin.batch.compiler`) built into one program per
date, language and output, and run on whole frames.

A program joins the per-region parameter table, adds the rule outcomes, then each layer of intermediate
columns (:mod:`fanpin.batch.texts`), and selects the output's final columns: the outcomes as data, the
scored table's text columns, or JSON Lines records.

>>> from datetime import date, datetime
>>> from fanpin import load_rulebook
>>> from fanpin.batch import BatchEngine
>>> batch = BatchEngine(load_rulebook())
>>> out = batch.evaluate([{"income_per_capita": 869999}], as_of=date(2025, 6, 30), region="532328")
>>> out["flags"].to_list()[0][:1]
['income.below_line']
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal, NoReturn

import polars as pl

from fanpin._fork import batch_path_starts
from fanpin._host import words_of
from fanpin._kept import Kept
from fanpin._polars import ENGINE, gathered, nulls
from fanpin.arguments import checked_date, checked_flag, checked_lang, checked_region, checked_rulebook
from fanpin.batch.compiler import (
    FACT_BOUNDS,
    FACT_DTYPES,
    FACTOR_BOUND,
    ExpressionCompiler,
    RegionConstants,
    extremes,
    within_extremes,
)
from fanpin.batch.texts import FOUND, Apart, Listing, Sentences, money_text, told_apart_rows
from fanpin.batch.validate import kept_name
from fanpin.errors import ConfigError, InputError, suggest, suggestions
from fanpin.lang.members import MEMBER_COUNT, household_facts_read, member_facts_read
from fanpin.lang.tree import TArith, Term, TParam
from fanpin.model.columns import ALIASES
from fanpin.model.facts import FACTS, household_row
from fanpin.model.household import Household, Kind
from fanpin.model.member_facts import MEMBER_FACTS, is_member_fact, label_of, member_rows
from fanpin.model.values import Month, a_kind
from fanpin.regions import NOT_REGION, is_region_code, no_province, region_shaped
from fanpin.results import classify
from fanpin.results.classify import ALERT_LEVELS, severity
from fanpin.results.codes import POPULATION_FACTS
from fanpin.results.columns import OUTPUT_COLUMNS, labels
from fanpin.results.plan import check_plannable
from fanpin.results.sentences import Lang
from fanpin.results.table import MONEY, enum
from fanpin.rulebook import Rulebook

__all__ = ["BatchEngine", "Output"]

Output = Literal["rules", "outcomes", "table", "found", "json"]
#: Member rows for :meth:`BatchEngine.evaluate` and its kin (see there), or None: no members given.
Members = pl.DataFrame | Iterable[Mapping[str, Any]] | None
#: What the engine scores: encoded facts (a frame, or a mapping per household), or households.
Facts = pl.DataFrame | Iterable[Mapping[str, Any]] | Iterable[Household]


@dataclass(frozen=True)
class _RuleIds:
    """A keyed column (:attr:`_PolarsProgram.keyed`): per row, the ids of the rules whose outcome is true
    or, with ``unknown``, null, in rule order — made from the outcome columns in long form
    (:func:`_rule_ids`), not as a text of every rule's id joined and split again."""

    unknown: bool


Keyed = dict[str, "pl.Expr | _RuleIds"]


@dataclass
class _PolarsProgram:
    """Everything compiled for one date, language and output: built once, run on every chunk.

    Run as: join the per-region parameter table, add the rule outcomes, add each layer of
    intermediate columns in turn, then select :attr:`final`.
    """

    constants: RegionConstants
    #: each member condition (``any(members, …)`` …) as a three-valued column of the member table
    member_outcomes: list[pl.Expr]
    #: the ages on the evaluation date those read, as columns of the member table made before them
    member_ages: dict[str, pl.Expr]
    outcomes: list[pl.Expr]
    layers: list[dict[str, pl.Expr]]
    final: dict[str, pl.Expr]
    #: Columns that depend on ``key_columns`` (three-valued booleans) alone: computed once per distinct
    #: combination in the chunk and joined back — a county has a few hundred distinct plans, not a row's worth.
    keyed: Keyed
    key_columns: list[str]
    #: :attr:`keyed` per combination of :attr:`key_columns`, kept across the program's calls.
    combinations: _Combinations
    #: Lists of text made from layer-3 columns (:attr:`Sentences.listed`) by :meth:`BatchEngine._stated`.
    listed: dict[str, Listing]
    #: Each rule's layer-3 columns (:meth:`Sentences.by_rule`), made on the rows where it fired.
    by_rule: dict[str, list[str]]
    #: The layer-3 columns of flag data (:meth:`Sentences.data_columns`), each weighing
    #: :data:`FLAG_DATA_WEIGHT` sentences in :meth:`BatchEngine._stated`'s choice of how to make them.
    data_columns: frozenset[str]
    #: The comparisons told apart with more places (:attr:`Sentences.apart`), planned only for a chunk that
    #: may need them (:meth:`BatchEngine._told_apart`).
    apart: dict[str, Apart]
    #: Layer 2's shown values on every row (:attr:`Sentences.unguarded`), for a rule's own rows in
    #: :meth:`BatchEngine._stated`: the gate of each joins the tests of every rule that shows it, and reads
    #: their columns, which a rule's rows need not carry.
    unguarded: dict[str, pl.Expr]
    tables: dict[str, dict[str, Any]] = field(default_factory=dict)  # parameter scope → constant values
    #: The constant values of the scopes in :attr:`tables`, one row per scope (``__scope``), as a frame.
    scope_frame: pl.DataFrame | None = None
    #: The type of each layer-3 column, once it was needed (:meth:`BatchEngine._text_types`).
    text_types: dict[str, pl.DataType] = field(default_factory=dict)


class BatchEngine:
    """Evaluates many households at once. Input: encoded facts (as the durable path asserts them).

    :meth:`evaluate` gives the outcomes as data (flag lists, band, level, category); :meth:`score`
    gives the scored rows (``OUTPUT_COLUMNS``) as typed columns, sentences and plan included, and :meth:`score_json` the
    JSON Lines records — all in input order. Compiled programs are kept per date and language.

    Their refusals name a host's parameters (a date no plan can be made on: ``as_of=``); ``command=True``: the call
    is the command's, whose words name its options too (``--as-of``), as :func:`fanpin.load_rulebook`'s ``command``.
    """

    def __init__(self, rulebook: Rulebook) -> None:
        self.rulebook = rulebook = checked_rulebook("BatchEngine", rulebook)
        self.rules = list(rulebook.rules.values())
        self._params_needed = rulebook.params_needed() | set(classify.BAND_PARAMETERS)
        self._needed = sorted(
            {f for r in self.rules for f in r.facts}
            | {"income_per_capita", "household_type", "labor_count", "no_labor_household", *POPULATION_FACTS}
        )
        # The programs made for these rules, shared with every engine made on the same rulebook's content
        # in this process (a command's run, a host's engine per request): made once, not once an engine.
        compiled = _compiled_for(rulebook)
        self._programs = compiled.programs
        # Programs are made, and their per-region tables grown, by whichever thread scores first: one at a
        # time, so that no thread reads a table another is replacing (its regions' constants missing).
        self._lock = compiled.lock
        self._aggregates = [a for a in rulebook.aggregates if a.condition is not None]
        reads = [a.condition for a in self._aggregates if a.condition is not None]
        self._member_facts = sorted(frozenset().union(*(member_facts_read(c) for c in reads)))
        self._household_reads = sorted(frozenset().union(*(household_facts_read(c) for c in reads)))
        if rulebook.aggregates:
            self._needed = sorted({*self._needed, *self._household_reads, MEMBER_COUNT})
        #: member-scope rules (index, rule): their findings name the members they fired for
        self._member_rules = [(i, r) for i, r in enumerate(self.rules) if r.member_aggregate]
        self._named = sorted({r.member_aggregate for _, r in self._member_rules if r.member_aggregate})

    @property
    def reads_members(self) -> bool:
        """Whether a rule of this engine reads the members' rows (a member condition): without one, the
        ``members`` given to it are never read, and a reader need not make them."""
        return bool(self._aggregates)

    @property
    def member_facts_read(self) -> frozenset[str]:
        """The member facts this engine's rules read (their member conditions'): a reader needs compute
        no other (:func:`fanpin.io.export.read_export`'s ``member_facts``)."""
        return frozenset(self._member_facts)

    def evaluate(
        self,
        facts: Facts,
        *,
        as_of: date,
        region: str | None = None,
        members: Members = None,
        command: bool = False,
    ) -> pl.DataFrame:
        """Flags, not-evaluable rules, band, level and category for every row, in input order.

        ``members``: the member rows (:func:`fanpin.model.member_facts.member_row` and ``__household``, the
        0-based row of their household in ``facts``); a household whose ``member_count`` is null has no
        members given, so the rules that read members are not evaluable for it."""
        return self._run(facts, as_of, region, "zh", "outcomes", (), members, command)

    def rule_outcomes(
        self,
        facts: Facts,
        *,
        as_of: date,
        region: str | None = None,
        members: Members = None,
        command: bool = False,
    ) -> pl.DataFrame:
        """One three-valued column per rule, named by its id: true (fired), false, null (not evaluable)."""
        return self._run(facts, as_of, region, "zh", "rules", (), members, command)

    def score(
        self,
        facts: Facts,
        *,
        as_of: date,
        region: str | None = None,
        lang: Lang = "zh",
        keep: Iterable[str] = (),
        members: Members = None,
        command: bool = False,
    ) -> pl.DataFrame:
        """The scored rows (``OUTPUT_COLUMNS``, typed as :mod:`fanpin.results.table` says), then the ``keep``
        columns (text)."""
        return self._run(facts, as_of, region, lang, "table", keep, members, command)

    def score_found(
        self,
        facts: Facts,
        *,
        as_of: date,
        region: str | None = None,
        lang: Lang = "zh",
        keep: Iterable[str] = (),
        members: Members = None,
        command: bool = False,
    ) -> pl.DataFrame:
        """:meth:`score`'s rows with one more column, ``__found``: each household's fired data checks (rules
        with codes) as the worksheet of findings reads them, the JSON text of each flag's ``codes``,
        ``explanation``, ``members`` and ``rule_id`` (as :meth:`score_json` writes them), in rule order —
        from the same evaluation, where the worksheet had each household with a code scored again."""
        return self._run(facts, as_of, region, lang, "found", keep, members, command)

    def score_json(
        self,
        facts: Facts,
        *,
        as_of: date,
        region: str | None = None,
        lang: Lang = "zh",
        keep: Iterable[str] = (),
        members: Members = None,
        command: bool = False,
    ) -> pl.DataFrame:
        """One column, ``json``: each row as the per-household JSON Lines writer writes it (sorted keys,
        structured explanations, the ``keep`` columns under ``input``)."""
        return self._run(facts, as_of, region, lang, "json", keep, members, command)

    def _run(
        self,
        facts: Facts,
        as_of: date,
        region: str | None,
        lang: Lang,
        output: Output,
        keep: Iterable[str],
        members: Members,
        command: bool,
    ) -> pl.DataFrame:
        """The public methods' work, its refusals in a host's words (``as_of=``); ``command``: the command's
        (``fanpin score``'s run, :mod:`fanpin.pipeline`, whose host's run words them itself), as raised."""
        with words_of(checked_flag("command", command)):
            as_of, region, lang = checked_date(as_of), checked_region(region), checked_lang(lang)
            batch_path_starts()
            keep = _checked_keep(keep)
            facts, members = self._given(facts, members, keep)
            # One lazy query from the input to the outcomes: the rules share subexpressions (incomes, ratios,
            # their range checks), which polars then computes once; these thirty to two hundred expressions
            # plan in milliseconds. An eager step on the way would copy the input's columns into one piece
            # each first (a validated frame's come in several): 10 ms on 200 000 rows.
            frame = self._typed(facts, region, keep)
            member_rows = self._member_rows(members) if self._aggregates and members is not None else None
            # The region codes, and whether the facts lie within the bounds a bounded program assumes (as the
            # model keeps them): one pass over the columns, which costs less than the tests it spares.
            schema = frame.collect_schema()
            bounds = _bounded_facts((f, _kind(f)) for f in self._needed if schema[f].is_integer())
            codes = frame.select(
                pl.col("region_code").unique().implode(),
                pl.col("region_code").null_count().alias("nulls"),
                _in_calendar(dated := [f for f in self._needed if _kind(f) in CALENDAR]).alias("calendar"),
                *_extremes(bounds),
            ).collect(engine=ENGINE)
            if not codes.item(0, "calendar"):
                _refuse_outside_calendar(frame, dated)
            bounded = _within_bounds(codes.drop("region_code", "nulls", "calendar").row(0, named=True), bounds)
            if bounded and member_rows is not None:
                rows_schema = member_rows.schema  # made anew at each access: once, not once a fact
                read = _bounded_facts((f, _member_kind(f)) for f in self._member_facts if rows_schema[f].is_integer())
                bounded = not read or _within_bounds(member_rows.select(_extremes(read)).row(0, named=True), read)
            program = self._program(as_of, lang, output, bounded)
            region_codes = codes.item(0, 0).drop_nulls()
            _refuse_regions(frame, region_codes)
            table, alike = self._parameter_table(region_codes, program, as_of)
            if bounded and not program.constants.factors_within(table, FACTOR_BOUND):
                program = self._program(as_of, lang, output, False)  # a region's decimal factor is too long
                table, alike = self._parameter_table(region_codes, program, as_of)
            alike = alike and codes.item(0, 1) == 0  # a row without a code joins no constant
            out = _with_constants(frame, table, alike)
            if self._aggregates:
                out = self._with_aggregates(out, member_rows, table, alike, program)
            lazy = out.with_columns(program.outcomes)
            for layer in program.layers[:2]:
                if layer:
                    lazy = lazy.with_columns(**layer)
            wanted = [c for c in dict.fromkeys(keep) if c not in OUTPUT_COLUMNS]
            # A kept column is the input's, named as validation names it or by its header: the typed input's
            # schema tells which (resolving the whole plan's, some two hundred rules' columns, cost 7 ms a chunk).
            names = schema.names() if wanted else []
            kept = {c: _kept(c, names) for c in wanted}
            final = dict(program.final)
            if output == "json":
                order = sorted(kept)
                given = pl.struct([kept[c] for c in order]).struct.json_encode() if order else pl.lit("{}")
                final = {"json": pl.concat_str([program.final["before"], given, program.final["after"]])}
                kept = {}
            selected = [e.alias(n) for n, e in final.items()] + list(kept.values())
            if not (program.by_rule or program.listed or program.keyed):
                # Nothing to work out on the eager frame (rule_outcomes): the final columns are selected in
                # the same query, and the hundred columns it computed are neither kept nor put in one piece
                # (that copy cost as much again as the rules: 25 ms against 40 on 200 000 households).
                return lazy.select(selected).collect(engine=ENGINE)
            # computed columns may come in more pieces
            done = self._stated(_aligned(lazy.collect(engine=ENGINE)), program)
            if program.keyed:
                done = program.combinations.added(done)
            return done.select(selected)

    def _stated(self, out: pl.DataFrame, program: _PolarsProgram) -> pl.DataFrame:
        """``out`` with each rule's sentence and flag data (layer 3, and the shown values of layer 2 they
        read) and the lists of :attr:`_PolarsProgram.listed`.

        polars computes both branches of a ``when`` on every row, and each of these is null wherever its
        rule did not fire: on a large frame, each rule's text is made on its own rows (a few in a hundred),
        all rules' at once (``collect_all``), and a column the final columns read is placed back by
        position. That costs about a millisecond a rule whatever the rows: a small frame (an export's
        chunk of households, under the data checks' two hundred rules) is worked out on every row at once
        (see :data:`ROW_COLUMNS_PER_RULE`). Either way, a list (the explanation, the codes) is made from
        the rows where each rule fired: each row's items, in rule order, grouped by row. Only the rules
        that fired on some row of ``out`` are worked out: a chunk of a few thousand households fires some
        thirty of the checks' two hundred rules, and the others' columns are null.
        """
        if not program.by_rule and not program.listed:
            return out  # outcomes only (evaluate, rule_outcomes): no text
        layer3 = program.layers[3]
        index = {r.id: i for i, r in enumerate(self.rules)}
        # Row k of a rule's texts is the k-th row where it fired.
        rows_fired = out.select(
            _rows_fired(tuple((r, index[r]) for r in program.by_rule))
        )  # one query, not one per rule: an export's chunk has hundreds of rules and a few thousand rows
        at = {r: rows_fired.get_column(r)[0] for r in program.by_rule}
        # A rule that fired on no row of the chunk (most of them, under the data checks) has no text: its
        # columns are null and it adds nothing to the lists, so its texts are neither planned nor made.
        fired = [r for r in program.by_rule if at[r].len()]
        texts3 = {name: layer3[name] for r in fired for name in program.by_rule[r]}
        read = {n for e in [*program.final.values(), *program.keyed.values()] for n in _roots(e, len(self.rules))}
        of = {name: rule_id for rule_id, names in program.by_rule.items() for name in names}
        out, layer2 = self._told_apart(out, program, texts3)
        weight = len(texts3) + (FLAG_DATA_WEIGHT - 1) * len(program.data_columns.intersection(texts3))
        if out.height * weight <= ROW_COLUMNS_PER_RULE * len(fired):
            shown = {n: layer2[n] for e in texts3.values() for n in e.meta.root_names() if n in layer2}
            every = out.lazy().with_columns(**shown).with_columns(**texts3).select(list(texts3)).collect(engine=ENGINE)
            made = {name: every.get_column(name) for name in texts3 if name in read}
            listed = [c for listing in program.listed.values() for c in listing.columns if c in texts3]
            gathered = every.select(pl.col(c).gather(at[of[c]]).implode() for c in dict.fromkeys(listed))

            def texts(name: str) -> pl.Series:
                one: pl.Series = gathered.get_column(name)[0]  # the list of the one row, as a Series
                return one
        else:
            jobs = []
            # One lazy frame for every rule's job: making it copies the schema of ``out``, whose thousand or
            # more columns (an export's chunk under the data checks) cost 0.1 to 0.2 ms a rule each time.
            lazy = out.lazy()
            for rule_id in fired:
                exprs = {name: layer3[name] for name in program.by_rule[rule_id]}
                # (each value without its gate: the rule's texts read it only where one of its tests shows it)
                shown = {
                    n: program.unguarded.get(n, layer2[n]) for e in exprs.values() for n in e.meta.root_names()
                    if n in layer2
                }  # fmt: skip
                roots = {n for e in [*exprs.values(), *shown.values()] for n in e.meta.root_names()}
                rows = lazy.filter(pl.col(f"__r{index[rule_id]}").fill_null(False))
                jobs.append(rows.select(sorted(roots - set(shown) - set(layer3))).with_columns(**shown).select(**exprs))
            by_rule = dict(zip(fired, pl.collect_all(jobs, engine=ENGINE), strict=True))
            gathers = {rule_id: _positions(out.height, at[rule_id]) for rule_id in fired}
            made = {
                name: by_rule[of[name]].get_column(name).gather(gathers[of[name]]) for name in texts3 if name in read
            }

            def texts(name: str) -> pl.Series:
                return by_rule[of[name]].get_column(name)

        types = self._text_types(out, program) if any(n in read and n not in made for n in layer3) else {}
        return out.with_columns(
            *(made[name] if name in made else nulls(out.height, types[name], name)
              for name in layer3 if name in read),
            *(
                _list_of(
                    out.height, [(at[of[c]], texts(c)) for c in listing.columns if c in texts3], listing.unique
                ).alias(name)
                for name, listing in program.listed.items()
            ),
        )  # fmt: skip

    @staticmethod
    def _told_apart(
        out: pl.DataFrame, program: _PolarsProgram, texts: dict[str, pl.Expr]
    ) -> tuple[pl.DataFrame, dict[str, pl.Expr]]:
        """``out`` and layer 2 for ``texts``: a comparison they read that the chunk tells apart with more
        places (:attr:`Sentences.apart`) is a column added to ``out``, made on the few rows that may need
        it (:func:`~fanpin.batch.texts.told_apart_rows`); the others stay null. One small query finds the
        rows, a few operations a comparison (:func:`~fanpin.batch.texts.maybe_apart`): planning every
        comparison's formatting for every chunk had cost 10 times the rest of a small chunk's query."""
        layer2 = program.layers[2]
        read = sorted({n for e in texts.values() for n in e.meta.root_names() if n in program.apart})
        if not read:
            return out, layer2
        found = out.lazy().select(program.apart[n].sides.alias(n) for n in read).collect(engine=ENGINE)
        made: dict[str, pl.Expr] = {}
        for name in read:
            sides: pl.Series = found.get_column(name)[0]
            if not sides.len():
                continue
            rows = sides.struct.unnest()
            apart = told_apart_rows(rows, program.apart[name].unit, program.apart[name].operator)
            at = rows.get_column("at")
            column = pl.DataFrame(
                {
                    side: nulls(out.height, pl.String).scatter(at, apart.get_column(side))
                    for side in ("value", "threshold")
                }
            ).to_struct(f"{name}m")  # named as no column of layer 2 is (__y12m)
            out = out.with_columns(column)
            made[name] = pl.col(column.name)
        return out, {**layer2, **made} if made else layer2

    def _text_types(self, out: pl.DataFrame, program: _PolarsProgram) -> dict[str, pl.DataType]:
        """The type of each layer-3 column (the column of a rule that fired nowhere is a null of it),
        resolved once per program."""
        with self._lock:
            if not program.text_types:
                layers = out.lazy().with_columns(**program.layers[2]).with_columns(**program.layers[3])
                program.text_types.update(layers.select(list(program.layers[3])).collect_schema())
            return program.text_types

    def _given(
        self, facts: object, members: Members, keep: list[str]
    ) -> tuple[pl.DataFrame | list[Mapping[str, Any]], Members]:
        """The facts as the engine reads them: a frame as it is; households (:class:`~fanpin.Household`) as
        their fact rows, with their member rows unless ``members`` is given; mappings whose every key is a
        fact the engine knows (a misspelt one was read as an unknown fact, without a word)."""
        if members is not None:
            members = _checked_members(members)
        if isinstance(facts, pl.DataFrame):
            # a known column first: telling whether another name is near a fact's compares it with every fact
            known = self._known(keep)
            others = (c for c in facts.columns if c not in known and not c.startswith("__"))
            _refuse_unknown((c for c in others if _near_fact(c) or _export_header(c)), known)
            _refuse_unkept(keep, facts.columns)
            return facts, members
        pandas = type(facts).__module__.startswith("pandas")  # iterated, a pandas frame gives its column names
        if isinstance(facts, str | bytes) or not isinstance(facts, Iterable) or pandas:
            raise ConfigError(
                f"facts must be a polars DataFrame or an iterable of mappings, not {type(facts).__name__}"
                + (" (pandas)" if pandas else ""),
                fix="give a DataFrame of facts, a list of dicts, or a list of fanpin.Household"
                + (" (polars.from_pandas(frame) makes a polars one)" if pandas else "")
                + (" (lazy_frame.collect() makes one)" if isinstance(facts, pl.LazyFrame) else ""),
            )
        rows = list(facts)
        if rows and all(isinstance(r, Household) for r in rows):
            households: list[Household] = rows
            given = members if members is not None else member_rows(households) if self._aggregates else None
            return [household_row(h) for h in households], given
        odd = [r for r in rows if not isinstance(r, Mapping)][:1]
        if odd:
            raise ConfigError(
                f"each row of facts must be a mapping (a dict), not {type(odd[0]).__name__}",
                fix="give a list of dicts of facts, or a list of fanpin.Household",
            )
        columns = set().union(*rows)
        _refuse_unknown(columns, self._known(keep))
        if rows:  # no row, no column to keep
            _refuse_unkept(keep, columns)
        return rows, members

    def _known(self, keep: Iterable[str]) -> set[str]:
        """The keys a row of facts may have: every fact, the columns the output reads, the kept ones."""
        return {*FACTS, *self._needed, "household_id", "region_code", MEMBER_COUNT, *keep, *map(kept_name, keep)}

    def _typed(
        self, facts: pl.DataFrame | Iterable[Mapping[str, Any]], region: str | None, keep: Iterable[str]
    ) -> pl.LazyFrame:
        """The columns the rules and the output read (``keep``: the kept input columns' headers), each of
        its fact's type."""
        given = facts if isinstance(facts, pl.DataFrame) else records_frame(list(facts), "facts")
        wanted = {"household_id", "region_code", *self._needed, *(n for c in keep for n in (c, kept_name(c)))}
        read = [c for c in given.columns if c in wanted]
        # (Selecting no column would leave no row: the rows are then counted by a 户编号 of their own.)
        frame = given.lazy().select(
            read if read else [pl.repeat("", given.height, dtype=pl.String).alias("household_id")]
        )
        if "region_code" not in given.columns:
            frame = frame.with_columns(pl.lit(region, dtype=pl.String).alias("region_code"))
        else:  # a column of nulls only (no code at all) is of no type: made text, as the table's codes are
            code = pl.col("region_code").cast(pl.String)
            frame = frame.with_columns(code.fill_null(region) if region else code)
        if "household_id" not in given.columns:
            frame = frame.with_columns(pl.lit("", dtype=pl.String).alias("household_id"))
        schema = frame.collect_schema()
        # A validated frame has every type already: its forty no-op casts cost 10 ms on 200 000 rows.
        retyped = [f for f in self._needed if schema.get(f) != FACT_DTYPES[_kind(f)]]
        _refuse_uncastable(given, [f for f in retyped if f in schema])
        labelled = _labelled_ids(given, [f for f in self._needed if f in schema and _kind(f) is Kind.ENUM])
        if labelled:
            frame = frame.with_columns(labelled)
        casts = [(pl.col(f) if f in schema else pl.lit(None)).cast(FACT_DTYPES[_kind(f)]).alias(f) for f in retyped]
        return frame.with_columns(casts) if casts else frame

    def _with_aggregates(
        self,
        households: pl.LazyFrame,
        member_rows: pl.DataFrame | None,
        table: pl.DataFrame,
        alike: bool,
        program: _PolarsProgram,
    ) -> pl.LazyFrame:
        """The member aggregates as household columns: each member condition on the member table (member
        facts, the household facts it reads, the region's constants), grouped by household and combined
        by Kleene's logic (:func:`fanpin.lang.members.combine`)."""
        if member_rows is None:
            who = pl.List(pl.String)
            return households.with_columns(pl.lit(None, dtype=who).alias(f"__who_{n}") for n in self._named)
        shared = households.select(
            pl.int_range(pl.len(), dtype=pl.Int64).alias("__household"),
            "region_code",
            *(c for c in self._household_reads if c not in self._member_facts),
        )
        # The members in their order (the lists of members keep it): a join that keeps the left's order,
        # and an eager grouping, which keeps each group's. The join is made once, before the constants
        # (which read its codes) are placed beside it.
        typed = _with_constants(
            member_rows.lazy()
            .join(shared, on="__household", how="left", maintain_order="left")
            .collect(engine=ENGINE)
            .lazy(),
            table,
            alike,
        ).collect(engine=ENGINE)
        outcomes = typed.with_columns(**program.member_ages).with_columns(program.member_outcomes)
        grouped = outcomes.group_by("__household").agg(self._grouping[0])
        joined = households.with_columns(pl.int_range(pl.len(), dtype=pl.Int64).alias("__household")).join(
            grouped.lazy(), on="__household", how="left", maintain_order="left", suffix="__m"
        )
        return joined.select(self._grouping[1])

    @functools.cached_property
    def _grouping(self) -> tuple[list[pl.Expr], list[pl.Expr]]:
        """The member aggregates' expressions (:meth:`_with_aggregates`): their grouping of the member rows,
        and the household columns made of the groups. The same for every chunk: made once (an export's
        chunks had made their few hundred anew each time)."""
        given = pl.col(MEMBER_COUNT).is_not_null()
        who = pl.List(pl.String)
        grouping = [
            pl.len().alias("__n"),
            *(_combine(a.kind, pl.col(f"__a{i}")).alias(a.name) for i, a in enumerate(self._aggregates)),
            *(
                pl.col("__who").filter(pl.col(f"__a{i}").fill_null(False)).alias(f"__who_{a.name}")
                for i, a in enumerate(self._aggregates)
                if a.name in self._named
            ),
        ]
        # A household given with no member row: any is false, all is true, count is 0.
        empty = {"any": False, "all": True, "count": 0}
        columns = [
            pl.exclude(
                "__household",
                "__n",
                *(n for a in self._aggregates for n in (a.name, f"{a.name}__m")),
                *(f"__who_{n}" for n in self._named),
            ),
            *(pl.col(f"__who_{n}").fill_null(pl.lit([], dtype=who)) for n in self._named),
            *(
                pl.when(~given)
                .then(None)
                .when(pl.col("__n").is_null())
                .then(pl.lit(empty[a.kind]))
                .otherwise(pl.col(f"{a.name}__m"))
                .cast(FACT_DTYPES[FACTS[a.name].kind])
                .alias(a.name)
                for a in self._aggregates
            ),
        ]
        return grouping, columns

    def _member_rows(self, members: pl.DataFrame | Iterable[Mapping[str, Any]]) -> pl.DataFrame:
        """The member rows as the member conditions read them: ``__household``, ``__who`` and the member
        facts, typed."""
        rows = members if isinstance(members, pl.DataFrame) else records_frame(list(members), "members")
        if "__household" not in rows.columns:  # no member row at all
            rows = rows.with_columns(pl.lit(None, dtype=pl.Int64).alias("__household"))
        return rows.select(
            pl.col("__household").cast(pl.Int64),
            (pl.col("__who") if "__who" in rows.columns else pl.lit(None)).cast(pl.String).alias("__who"),
            *(_member_column(rows, f) for f in self._member_facts),
        )

    def _program(self, as_of: date, lang: Lang, output: Output, bounded: bool) -> _PolarsProgram:
        """The program for a date, language and output; ``bounded``: for input within the bounds of
        :data:`fanpin.batch.compiler.FACT_BOUNDS` (:class:`ExpressionCompiler`)."""
        with self._lock:
            return self._made_program(as_of, lang, output, bounded)

    def _made_program(self, as_of: date, lang: Lang, output: Output, bounded: bool) -> _PolarsProgram:
        key = (as_of, lang, output, bounded)
        if key in self._programs:
            return self._programs[key]
        if output in ("table", "found", "json"):
            check_plannable(self.rulebook.measures, as_of)  # the plan's due dates: before anything is built
        constants = RegionConstants(self.rulebook.parameters.specs)
        compiler = ExpressionCompiler(as_of, constants, bounded=bounded)
        # The member conditions' ages are columns of the member rows, each made once (_with_aggregates).
        member_ages: dict[str, pl.Expr] = {}
        members = ExpressionCompiler(as_of, constants, bounded=bounded, ages=member_ages)
        member_outcomes = [
            members.condition(a.condition).alias(f"__a{i}")
            for i, a in enumerate(self._aggregates)
            if a.condition is not None
        ]
        outcomes = [compiler.condition(r.condition).alias(f"__r{i}") for i, r in enumerate(self.rules)]
        fired = [pl.col(f"__r{i}").fill_null(False) for i in range(len(self.rules))]
        summary = self._summary(constants, fired)
        sentences = Sentences(self.rulebook, as_of, lang, compiler.condition, compiler.term, constants.column, fired)
        final, keyed = self._final(output, sentences, summary, fired, as_of, lang)
        # The plan reads the planned-measure columns and, for the rules each measure answers, the outcomes;
        # the lists of rules, the outcomes only. The planned-measure columns are made per combination too, from
        # the outcomes and the household's labour, which are the key columns then.
        read = {n for e in keyed.values() for n in _roots(e, len(self.rules))}
        planned = {n: e for n, e in sentences.planned.items() if n in read}
        read |= {n for e in planned.values() for n in e.meta.root_names()}
        candidates = [*sentences.plan_keys, *(f"__r{i}" for i in range(len(self.rules)))]
        key_columns = [c for c in candidates if c in read]
        program = _PolarsProgram(
            constants,
            member_outcomes,
            member_ages,
            outcomes,
            sentences.finish(),
            final,
            keyed,
            key_columns,
            _Combinations(key_columns, keyed, [r.id for r in self.rules], planned),
            sentences.listed,
            sentences.by_rule(),
            sentences.data_columns(),
            sentences.apart,
            sentences.unguarded,
        )
        if len(self._programs) > 64:
            self._programs.clear()
        self._programs[key] = program
        return program

    def _final(
        self,
        output: Output,
        sentences: Sentences,
        summary: dict[str, pl.Expr],
        fired: list[pl.Expr],
        as_of: date,
        lang: Lang,
    ) -> tuple[dict[str, pl.Expr], Keyed]:
        """The output's final columns, and the keyed columns they read (see :func:`_by_combination`)."""
        if output == "rules":
            return {r.id: pl.col(f"__r{i}") for i, r in enumerate(self.rules)}, {}
        if output == "outcomes":
            # Lists per row cost a hundred times more than per combination of the rules' outcomes.
            keyed: Keyed = {"__flags": _RuleIds(unknown=False), "__not_evaluable": _RuleIds(unknown=True)}
            outcomes = {name[2:]: pl.col(name) for name in keyed} | summary  # flags, not_evaluable first
            if self._member_rules:
                outcomes["flag_members"] = self._flag_members(fired)
            return outcomes, keyed
        if output == "json":
            return self._json_halves(sentences, summary, fired, as_of, lang)
        final, keyed = self._table_columns(sentences, summary, fired, as_of, lang)
        if output == "found":
            final[FOUND] = sentences.found(fired)
        return final, keyed

    def _flag_members(self, fired: list[pl.Expr]) -> pl.Expr:
        """Per household, the member-scope rules that fired and the members each fired for."""
        return pl.concat_list(
            [
                pl.when(fired[i]).then(pl.struct(rule_id=pl.lit(r.id), members=pl.col(f"__who_{r.member_aggregate}")))
                for i, r in self._member_rules
            ]
        ).list.drop_nulls()

    def _table_columns(
        self, sentences: Sentences, summary: dict[str, pl.Expr], fired: list[pl.Expr], as_of: date, lang: Lang
    ) -> tuple[dict[str, pl.Expr], Keyed]:
        """The scored table (``OUTPUT_COLUMNS``, typed: :mod:`fanpin.results.table`), and the keyed columns it reads."""
        measures, plan, _ = sentences.plan(fired, _has_labour())
        keyed: Keyed = {
            "__plan_ids": measures,
            "__plan_text": plan,
            "__flags": _RuleIds(unknown=False),
            "__not_evaluable": _RuleIds(unknown=True),
            "__risk_types": sentences.risk_types(fired),
            "__audit_findings": sentences.audit_findings(fired),
        }
        level, category = summary["alert_level"], summary["suggested_category"]
        final = {
            "household_id": pl.col("household_id").cast(pl.String),
            "region_code": pl.col("region_code").cast(pl.String),
            "as_of": pl.lit(as_of, dtype=pl.Date),
            "income_per_capita": _money(pl.col("income_per_capita")),
            "income_band": _labelled(summary["income_band"], "income_band", lang).cast(enum("income_band", lang)),
            "alert_level": _labelled(level, "alert_level", lang).cast(enum("alert_level", lang)),
            "suggested_category": _labelled(category, "suggested_category", lang).cast(
                enum("suggested_category", lang)
            ),
            "flags": pl.col("__flags"),
            "risk_types": pl.col("__risk_types"),
            "audit_findings": pl.col("__audit_findings"),
            "codes": sentences.codes(fired),
            "measures": pl.col("__plan_ids"),
            "plan": pl.col("__plan_text"),
            "explanation": sentences.explanation(fired),
            "not_evaluable": pl.col("__not_evaluable"),
            "rulebook_version": pl.lit(self.rulebook.version),
        }
        return final, keyed

    def _json_halves(
        self, sentences: Sentences, summary: dict[str, pl.Expr], fired: list[pl.Expr], as_of: date, lang: Lang
    ) -> tuple[dict[str, pl.Expr], Keyed]:
        """A JSON Lines record in two text columns, ``before`` and ``after`` its ``input`` member (which
        :meth:`_run` puts between them), and the keyed columns they read."""
        _, plan, planned = sentences.plan(fired, _has_labour())
        keyed: Keyed = {"__plan_text": plan, "__plan_data": planned, "__not_evaluable": _RuleIds(unknown=True)}
        # Keys in sorted order, as json.dumps(sort_keys=True); "input" goes between the two halves.
        # The flags are JSON text already (Sentences.flags): spliced between the keys before and after them.
        opening = pl.struct(
            alert_level=_labelled(summary["alert_level"], "alert_level", lang),
            as_of=pl.lit(as_of.isoformat()),
            audit_findings=sentences.audit_findings(fired),
            codes=sentences.codes(fired),
            explanation=sentences.explanation(fired),
        ).struct.json_encode()
        closing = pl.struct(
            household_id=pl.col("household_id").cast(pl.String),
            income_band=_labelled(summary["income_band"], "income_band", lang),
        ).struct.json_encode()
        before = pl.concat_str(
            [opening.str.head(-1), pl.lit(',"flags":'), sentences.flags(fired), pl.lit(","), closing.str.slice(1)]
        )
        # Money as a JSON number with two places (7500.00), never a string nor a float's digits.
        income = money_text(pl.col("income_per_capita")).fill_null("null")
        after = pl.struct(
            not_evaluable=pl.col("__not_evaluable"),
            plan=pl.col("__plan_text"),
            region_code=pl.col("region_code"),
            risk_types=sentences.risk_types(fired),
            rulebook_version=pl.lit(self.rulebook.version),
            suggested_category=_labelled(summary["suggested_category"], "suggested_category", lang),
        ).struct.json_encode()
        final = {
            "before": pl.concat_str(
                [before.str.head(-1), pl.lit(',"income_per_capita":'), income, pl.lit(',"input":')]
            ),
            "after": pl.concat_str([pl.lit(',"measures":'), pl.col("__plan_data"), pl.lit(","), after.str.slice(1)]),
        }
        return final, keyed

    def _parameter_table(
        self, region_codes: pl.Series, program: _PolarsProgram, as_of: date
    ) -> tuple[pl.DataFrame, bool]:
        """One row per region code (``region_codes``, distinct, none null): every constant column, resolved
        once per scope (the codes that resolve every parameter alike,
        :meth:`fanpin.model.parameters.Parameters.scope`); and whether the rows are all alike but for the
        code."""
        constants = program.constants
        parameters = self.rulebook.parameters
        codes = region_codes.to_list()
        scopes = [parameters.scope(code) for code in codes]
        with self._lock:  # another thread may be adding its scopes to the same program
            new = False
            for code, scope in zip(codes, scopes, strict=True):
                if scope not in program.tables:
                    params, _ = parameters.resolve_known(self._params_needed, code, as_of)
                    program.tables[scope] = constants.values(params)
                    new = True
            if new or program.scope_frame is None:
                # A file's scopes are a handful (a county's thousands of village codes share them): their
                # rows are made into a frame once, not again for every code of every chunk.
                schema = {"__scope": pl.String} | {
                    name: constants.dtype(kind) for (kind, _), name in constants.columns.items()
                }
                rows = [{"__scope": scope, **values} for scope, values in program.tables.items()]
                program.scope_frame = pl.DataFrame(rows, schema=schema)
            scope_frame = program.scope_frame
            # Scopes whose values are the same (the parameters these rules read are set alike there: two
            # provinces without their own figures) make rows alike too.
            distinct = [program.tables[scope] for scope in dict.fromkeys(scopes)]
            alike = bool(distinct) and all(values == distinct[0] for values in distinct[1:])
            row_of = {scope: at for at, scope in enumerate(program.tables)}  # the scope frame's rows
        # Each code's row taken by its scope's place (a join of the codes' scopes had cost 8 ms a chunk of
        # 4 680 village codes).
        table = scope_frame.drop("__scope")[[row_of[scope] for scope in scopes]]
        return table.insert_column(0, pl.Series("region_code", codes, dtype=pl.String)), alike

    def _summary(self, constants: RegionConstants, fired: list[pl.Expr]) -> dict[str, pl.Expr]:
        # Built from the per-rule boolean columns with horizontal operations only: list operations
        # per row cost a hundred times more.
        outcome = {r.id: pl.col(f"__r{i}") for i, r in enumerate(self.rules)}
        ids = list(outcome)
        levels = [pl.when(outcome[r.id]).then(severity(r.spec.level)).otherwise(0) for r in self.rules]
        level = pl.max_horizontal(levels) if levels else pl.lit(0, dtype=pl.Int32)  # no rule: none
        per_capita = pl.col("income_per_capita")
        line, near, far = [constants.column("value", t) for t in _band_terms(self.rulebook)]
        band = (
            pl.when(per_capita.is_null() | line.is_null() | near.is_null() | far.is_null())
            .then(None)
            .when(per_capita < line)
            .then(pl.lit("below_line"))
            .when(per_capita < near)
            .then(pl.lit("near_line"))
            .when(per_capita < far)
            .then(pl.lit("above_line"))
            .otherwise(pl.lit("far_above"))
        )
        fired_by_id = dict(zip(ids, fired, strict=True))

        def any_fired(chosen: list[str]) -> pl.Expr:
            return pl.any_horizontal([fired_by_id[i] for i in chosen]) if chosen else pl.lit(False)

        guarantee = any_fired([i for i in ids if i.startswith(classify.GUARANTEE_PREFIX)])
        shock = any_fired([i for i in ids if i in classify.SHOCKS])
        after_rigid = any_fired([i for i in ids if i == classify.AFTER_RIGID])
        category = (
            pl.when(band == "below_line")
            .then(
                pl.when(pl.col("household_type") == "formerly_poor")
                .then(pl.lit("unstable_lifted"))
                .otherwise(pl.lit("marginal"))
            )
            .when(after_rigid | (guarantee & shock))
            .then(pl.lit("sudden_hardship"))
        )
        return {
            "income_band": band,
            "alert_level": level.replace_strict(dict(enumerate(ALERT_LEVELS))),
            "suggested_category": category,
        }


@dataclass
class _Compiled:
    """The programs of a rulebook's content, by date, language, output and whether bounded
    (:meth:`BatchEngine._program`), and the lock of all they hold: shared by the engines made on it."""

    programs: dict[tuple[date, str, Output, bool], _PolarsProgram] = field(default_factory=dict)
    lock: threading.RLock = field(default_factory=threading.RLock)
    #: the objects its key names by identity, kept alive: no other object can take their ids meanwhile
    named: tuple[object, ...] = ()


#: The programs of the last rulebooks engines were made on (:func:`_compiled_for`).
_COMPILED: Kept[_Compiled] = Kept(8)


def _compiled_for(rulebook: Rulebook) -> _Compiled:
    """The programs of ``rulebook``'s content: the same for every rulebook of the same version whose rules,
    parameters and measures are the same objects (:func:`fanpin.load_rulebook` gives each caller a rulebook
    of its own that shares them, for files read again unchanged). A rulebook put together otherwise, or
    one whose rules a host replaced, has programs of its own."""
    rules, specs, measures = rulebook.rules, rulebook.parameters.specs, rulebook.measures
    key = (
        rulebook.version,
        tuple((k, id(v)) for k, v in rules.items()),
        tuple((k, id(v)) for k, v in specs.items()),
        tuple((k, id(v)) for k, v in measures.items()),
        tuple(rulebook.risk_types.items()),
    )
    return _COMPILED.get(key, lambda: _Compiled(named=(*rules.values(), *specs.values(), *measures.values())))


def _aligned(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with its columns in one piece each, if they are held in pieces of different counts (it is
    itself where every column is in as many pieces: rechunking copies what it joins). polars aligns such a
    frame again at every eager step on it: about a tenth of a second a step on the 400 columns of 200 000
    rows' outcomes.

    Only a frame whose first column is in pieces has all its columns' counts looked at: asking a column
    for its pieces makes a Series of it, and a column of one value repeated is then written out row by row
    (the 1 200 columns of a chunk of 20 000 households: 16–30 ms, its scoring thread holding the
    interpreter, a chunk). Where the first is in one piece, rechunking leaves a column in one piece as it
    is, without a copy, and joins those in more: what the pieces of different counts need."""
    if frame.n_chunks("first") > 1 and len(set(frame.n_chunks("all"))) == 1:
        return frame
    return frame.rechunk()


#: Rows × layer-3 columns that cost about as much as one rule's own query (a millisecond): a frame
#: with fewer than this many per rule is worked out on every row at once (:meth:`BatchEngine._stated`).
ROW_COLUMNS_PER_RULE = 16_000
#: What a layer-3 column of flag data (a fired rule's JSON, its structured explanation with its parameters)
#: costs a row, in sentences: in chunks of 5 000 households of a person-level export under the data checks,
#: the worksheet of findings' flag data took 0.78 µs a row and column made on every row, the sentences and
#: codes 0.17 µs (2026-12-03). Counted so, those chunks' texts are made rule by rule on their own rows:
#: 1.52–1.59 s → 0.99–1.03 s for 20 000 households.
FLAG_DATA_WEIGHT = 4


def _positions(height: int, rows: pl.Series) -> pl.Series:
    """For each of ``height`` rows, its position among ``rows`` (distinct row numbers), null elsewhere:
    gathering a frame made on ``rows`` by these places its values back."""
    index = nulls(height, pl.UInt32)
    return index.scatter(rows, pl.int_range(rows.len(), dtype=pl.UInt32, eager=True)) if rows.len() else index


def _list_of(height: int, items: list[tuple[pl.Series, pl.Series]], unique: bool = False) -> pl.Series:
    """A list of text per row (``height`` rows) from ``(rows, texts)`` pairs, in order: each row's non-null
    texts, in the order of the pairs (each once, the first kept, if ``unique``; an empty list where there
    are none)."""
    long = pl.concat(
        [pl.DataFrame({"row": rows.cast(pl.UInt32), "text": texts.cast(pl.String)}) for rows, texts in items]
        or [pl.DataFrame(schema={"row": pl.UInt32, "text": pl.String})]
    ).drop_nulls("text")
    return _by_row(height, long, unique)


def _by_row(height: int, long: pl.DataFrame, unique: bool = False) -> pl.Series:
    """Per row of ``height``, the texts of ``long`` (``row``, ``text``) for it, in their order there (each
    once if ``unique``), an empty list where it has none."""
    empty = pl.lit([], dtype=pl.List(pl.String))
    # group_by keeps each group's rows in the frame's order.
    grouped = long.group_by("row").agg(pl.col("text").unique(maintain_order=True) if unique else pl.col("text"))
    # Each row's group placed by its number, without a join of every row's number (which hashed each: 6.5–8.2
    # against 5.1–5.4 ms for a 75 000-row chunk's two lists).
    placed = gathered(grouped.select("text"), _positions(height, grouped.get_column("row")))
    return placed.select(pl.col("text").fill_null(empty)).to_series()


def _with_constants(frame: pl.LazyFrame, table: pl.DataFrame, alike: bool) -> pl.LazyFrame:
    """``frame`` with its region's constant columns (``table``, one row per region code; ``alike``: every
    row of ``frame`` has a code of ``table`` and the table's rows are the same but for the code)."""
    if alike:
        # One scope (the usual county file, its thousands of village codes alike): constants as scalar
        # columns, not joined row by row (5 ms on 200 000 rows of 800 codes).
        constants, schema = table.drop("region_code").row(0, named=True), table.schema
        return frame.with_columns(pl.lit(v, dtype=schema[k]).alias(k) for k, v in constants.items())
    # The codes alone are joined, and their constants placed beside the rows: joining the whole frame in
    # the lazy query cost 0.15 s more for the scored table of 200 000 households of 4 680 codes.
    codes = frame.select("region_code").collect(engine=ENGINE)
    joined = codes.join(table, on="region_code", how="left", maintain_order="left").drop("region_code")
    return pl.concat([frame, joined.lazy()], how="horizontal")


@functools.lru_cache(maxsize=4096)
def _near_fact(column: str) -> bool:
    """Whether a frame's column is a fact's name or close to one (``income_per_capta``): a column of
    another name is the host's own, which the engine leaves alone."""
    return suggest(column, FACTS, cutoff=0.85) is not None


def _checked_members(members: object) -> pl.DataFrame | list[Mapping[str, Any]]:
    """``members`` as :func:`~fanpin.model.member_facts.member_rows` makes them, else a :class:`ConfigError`:
    a number was a bare TypeError, and rows keyed otherwise (a misspelt member fact, ``household_id`` for
    ``__household``) were read as members of whom nothing is known, or as no member, without a word."""
    fix = (
        "pass fanpin.model.member_facts.member_rows(households): each member's facts, and __household, the "
        "0-based row of its household in facts"
    )
    if isinstance(members, pl.DataFrame):
        rows: pl.DataFrame | list[Mapping[str, Any]] = members
        columns: list[object] = list(members.columns)
    elif isinstance(members, str | bytes | Mapping) or not isinstance(members, Iterable):
        raise ConfigError(f"members is {type(members).__name__}, not a list of member rows", fix=fix)
    else:
        rows = list(members)
        odd = next((r for r in rows if not isinstance(r, Mapping)), None)
        if odd is not None:
            raise ConfigError(f"each member row must be a mapping (a dict), not {type(odd).__name__}", fix=fix)
        columns = list(dict.fromkeys(k for r in rows for k in r))
    for key in columns:
        if key in ("__household", "__who") or (isinstance(key, str) and is_member_fact(key)):
            continue
        near = suggestions(key, ["__household", *MEMBER_FACTS]) if isinstance(key, str) else []
        raise ConfigError(
            f"members has the key {key!r}, which is no member fact"
            + (f"; did you mean {', '.join(near)}?" if near else ""),
            fix=fix,
        )
    if columns and "__household" not in columns:
        raise ConfigError("members has no __household: no member row says which household it is of", fix=fix)
    return rows


def _export_header(column: str) -> str | None:
    """The field a column headed as the export heads it (工资性收入) stands for: such a frame holds a file's
    cells, not facts, and its every fact had been read as unknown, without a word."""
    field = ALIASES.get(column)
    return field if field is not None and field != column else None


def _checked_keep(keep: object) -> list[str]:
    """``keep``, the headers of the input columns to pass through, as a list; one text had been read letter by
    letter (``"备注"`` kept the columns 备 and 注), a :class:`ConfigError` now."""
    if isinstance(keep, str):
        raise ConfigError(f"keep is one text, not a list of columns: {keep!r}", fix=f"pass keep=[{keep!r}]")
    if not isinstance(keep, Iterable):
        raise ConfigError(f"keep is {type(keep).__name__}, not a list of columns' headers", fix='pass keep=["备注"]')
    headers = list(keep)
    odd = next((c for c in headers if not isinstance(c, str)), None)
    if odd is not None:
        raise ConfigError(
            f"keep is a list of {type(odd).__name__}, not of columns' headers",
            fix='pass the headers as text, keep=["备注"]',
        )
    return headers


def _refuse_unkept(keep: list[str], columns: Iterable[str]) -> None:
    """A :class:`ConfigError` for a column of ``keep`` the facts do not have (by its header or its kept name):
    it had stopped polars with a ColumnNotFoundError listing the engine's own columns."""
    given = set(columns)
    missing = next((c for c in keep if c not in given and kept_name(c) not in given), None)
    if missing is not None:
        raise ConfigError(
            f"keep names the column {missing!r}, which the facts do not have",
            fix="keep only columns of the facts given (their headers), or add the column",
        )


def _refuse_unknown(keys: Iterable[object], known: set[str]) -> None:
    """A :class:`~fanpin.errors.ConfigError` for the first key that is no fact (internal ``__`` columns
    aside), with the nearest fact's name, as the per-household engine's ``evaluate_facts`` says it."""
    for key in keys:
        if not isinstance(key, str):
            raise ConfigError(f"a fact's name must be text, not {type(key).__name__}", fix="name facts by text")
        if key in known or key.startswith("__"):
            continue
        field = _export_header(key)
        if field is not None:
            raise ConfigError(
                f"unknown fact {key!r}: it is the export's header of {field}, and the batch engine reads facts, "
                "encoded (whole fen, 1/0, month and day numbers)",
                fix="pass the export's cells to Scorer.score, which reads and validates them, or give the facts "
                "(fanpin.model.facts.encode_all); pass a column of your own through with keep=",
            )
        near = suggest(key, FACTS)
        raise ConfigError(
            f"unknown fact {key!r}" + (f"; did you mean {near}?" if near else ""),
            fix="use the fact names of rules/README.md (pass kept input columns with keep=)",
        )


def records_frame(rows: list[Mapping[str, Any]], what: str) -> pl.DataFrame:
    """Rows of facts (or member rows: ``what`` says which) as a frame, or an :class:`~fanpin.errors.InputError`
    naming the key and the row of the first value polars cannot hold, or would read as another: a ``Decimal``
    NaN or infinity (polars panicked: a ``PanicException``, which no ``except Exception`` catches), a
    ``Decimal`` beyond 38 digits, text holding half of a UTF-16 pair (a bare ``UnicodeEncodeError``), and
    ``True`` in a fact that is not yes/no (beside whole numbers polars reads it as 1: 1 fen, 1 person). The
    value is not quoted: it may be anyone's personal data. The values' types are gathered first (a tenth of
    the frame's own making), the rows looked through for a ``Decimal`` or a ``bool`` only when there is one,
    and value by value only when the frame cannot be made."""
    types = {type(v) for row in rows for v in row.values()}
    if types & _LOOKED_AT or any(t.__name__ == "bool" for t in types):  # numpy's bool_ too
        kind, known = (_kind, FACTS) if what == "facts" else (_member_kind, MEMBER_FACTS)
        for index, row in enumerate(rows):
            for key, value in row.items():
                if isinstance(value, Decimal) and not value.is_finite():
                    _refuse_value(what, key, index, "a Decimal NaN or infinity")
                if key not in known:
                    continue
                if type(value).__name__ in ("bool", "bool_") and kind(key) is not Kind.BOOL:
                    _refuse_value(what, key, index, f"True or False, not {_ENCODED[kind(key)]}")
                if isinstance(value, date) and kind(key) not in (Kind.DATE, Kind.MONTH):
                    # a date in an amount or a count was read as the days since 1970 (182.62 元)
                    _refuse_value(what, key, index, f"a date, not {_ENCODED[kind(key)]}")
    try:
        return pl.DataFrame(rows, infer_schema_length=None)
    except _UNHOLDABLE:
        for index, row in enumerate(rows):
            for key, value in row.items():
                try:
                    pl.Series([value])
                except _UNHOLDABLE:
                    why = _UNHELD.get(type(value), f"{a_kind(value)} polars cannot hold")
                    _refuse_value(what, key, index, why)
        raise  # the rows' values together, not one of them (a column of values of types polars cannot mix)


#: The types of value :func:`records_frame` looks through the rows for: a Decimal (NaN, infinity) and a date
#: (in an amount); a bool (True in an amount) is found by its name, numpy's ``bool_`` too.
_LOOKED_AT = frozenset({Decimal, date, datetime})
#: What polars raises for a value it cannot hold (a Decimal beyond 38 digits: RuntimeError or a PolarsError;
#: half of a UTF-16 pair: UnicodeEncodeError; an int beyond 128 bits: OverflowError).
_UNHOLDABLE = (pl.exceptions.PolarsError, RuntimeError, UnicodeEncodeError, OverflowError, TypeError, ValueError)
#: Why a value of a type polars cannot hold is refused, by its type.
_UNHELD: dict[type, str] = {
    Decimal: "a Decimal polars cannot hold (more than 38 digits, or an exponent beyond them)",
    str: "text holding half of a UTF-16 pair, not a character (decode it as the UTF-8 or GBK it was written in)",
    int: "a whole number beyond 128 bits",
}


def _refuse_value(what: str, key: object, index: int, why: str) -> NoReturn:
    raise InputError(
        f"{what} row {index} (counted from 0), key {key!r}: {why}",
        fix="give each fact a value of its type (a number, a date, a text), None if unknown",
    )


def _refuse_uncastable(given: pl.DataFrame, columns: list[str]) -> None:
    """An :class:`~fanpin.errors.InputError` naming the first fact column of ``given`` (and its first row)
    that holds a value its fact's type cannot take, such as text in a money column: the engines read
    encoded facts (whole fen, 1/0, month and day numbers), not a file's cells. The value is not quoted: it
    may be anyone's personal data. Every column is looked at in one query (a query each was a tenth of a
    small chunk's scoring: eighty of them for an export's chunk whose empty columns are of no type yet)."""
    schema = given.schema
    checks: dict[str, tuple[pl.Expr, str | None]] = {}
    for name in columns:
        dtype, given_type = FACT_DTYPES[_kind(name)], schema[name]
        if given_type == pl.Null:
            continue
        column = pl.col(name)
        bad = column.cast(dtype, strict=False).is_null() & column.is_not_null()
        if given_type.is_float() and dtype.is_integer():  # 1.5 fen would be cut to 1, without a word
            bad = bad | (column.is_not_null() & ~(column.is_finite() & (column == column.floor())).fill_null(False))
        if given_type.is_decimal() and dtype.is_integer():  # Decimal('3.5') people were cut to 3 as well
            bad = bad | (column.cast(dtype, strict=False).cast(given_type) != column).fill_null(False)
        if _kind(name) is Kind.BOOL and given_type.is_numeric():  # 2 or -1 would read as yes
            bad = bad | (column.is_not_null() & ~((column == 0) | (column == 1)).fill_null(False))
        if given_type == pl.Boolean and _kind(name) is not Kind.BOOL:  # True was read as 1 fen, 1 person
            bad = column.is_not_null()
        if given_type.is_temporal() and _kind(name) not in (Kind.DATE, Kind.MONTH):  # days since 1970 as fen
            bad = column.is_not_null()
        natural = _natural_unit(name, given_type)
        if natural:  # the unit of evaluate_facts: 7500.00 元 had been read as 7500 fen, a date as days since 1970
            # (text: its first value that is no number at all, else its first value)
            bad = (
                pl.when(bad.any()).then(bad).otherwise(column.is_not_null())
                if given_type == pl.String
                else column.is_not_null()
            )
        checks[name] = (bad, natural)
    if not checks:
        return
    first = given.select(bad.arg_true().first().alias(name) for name, (bad, _) in checks.items()).row(0)
    for (name, (_, natural)), row in zip(checks.items(), first, strict=True):
        if row is not None:
            raise InputError(
                f"fact {name!r} holds a value that is not {_ENCODED[_kind(name)]} (row {row}, counted from 0)"
                + (f": {natural}" if natural else ""),
                fix="give the facts encoded (fanpin.model.facts.encode_all), or pass the file's cells to "
                "Scorer.score, which reads and validates them",
            )


def _natural_unit(name: str, dtype: pl.DataType) -> str | None:
    """What a column of a Decimal amount, of dates or of text is, for a money, date or month fact: a value in the
    natural unit that :meth:`fanpin.Engine.evaluate_facts` takes (元, a date), which the batch engine would
    otherwise have cast to its encoded unit as it is (``Decimal('7500.00')`` 元 as 7500 fen, a date as the
    days since 1970, and a Decimal's fraction of a fen cut off), and so have scored another household."""
    kind = _kind(name)
    if kind is Kind.MONEY and dtype.is_decimal():
        return "a Decimal is an amount in 元, as evaluate_facts takes it (7500.00 元 is 750000 fen)"
    if kind in (Kind.DATE, Kind.MONTH) and dtype.is_temporal():
        return "a date, as evaluate_facts takes it, is not a day or month number"
    if dtype == pl.String and kind in _WRITTEN:
        # "202001" had been read as month number 202001 (a year past 16 000), "7500" as 7500 fen
        return (
            f"text is a value as written ({_WRITTEN[kind]}), which evaluate_facts parses; "
            "the batch engine reads numbers, encoded"
        )
    return None


#: A value as written of each kind whose written value is not its encoded number (a count or 1/0 is the same
#: number written or encoded): text in such a fact is refused (:func:`_natural_unit`).
_WRITTEN = {
    Kind.MONEY: "7500 is 7500 元, 750000 fen",
    Kind.MONTH: "202001 is 2020-01, month number 24240",
    Kind.DATE: "2025-07-01 is day number 739433",
}


def _labelled_ids(given: pl.DataFrame, names: list[str]) -> list[pl.Expr]:
    """Each labelled fact's column (户类型, 到户产业帮扶类型 …) as its ids, as the per-household engine's
    ``evaluate_facts`` reads it: a Chinese label or a synonym (``资产收益``, as the rules write it) had
    been compared as it was, so that the two engines scored the same facts differently, and a blank as
    a value. A value that is none of the fact's spellings is an :class:`~fanpin.errors.InputError` naming
    the fact and its first row, as that engine refuses it, never the value. Only the distinct values are
    looked at: the ids alone (a validated frame's) need no expression."""
    made: list[pl.Expr] = []
    for name in names:
        column = given.get_column(name).cast(pl.String)
        enum = FACTS[name].enum
        assert enum is not None  # a labelled fact's kind
        ids: dict[str, str | None] = {}
        for value in column.drop_nulls().unique():
            try:
                parsed = enum.parse(value)
            except ValueError:
                row = (column == value).arg_true()[0]
                raise InputError(
                    f"fact {name!r} holds a value that is not one of its labels (row {row}, counted from 0): "
                    f"it is one of {', '.join(m.value for m in enum)} (or their Chinese labels)",
                    fix="give the facts encoded (fanpin.model.facts.encode_all), or pass the file's cells to "
                    "Scorer.score, which reads and validates them",
                ) from None
            if parsed is None or parsed.value != value:
                ids[value] = None if parsed is None else parsed.value
        if ids:
            made.append(pl.col(name).cast(pl.String).replace(list(ids), list(ids.values())).alias(name))
    return made


#: What an encoded fact of each kind is, as :func:`_refuse_uncastable` says it.
_ENCODED = {
    Kind.MONEY: "a whole number of fen",
    Kind.COUNT: "a whole number",
    Kind.MONTH: "a month number (year × 12 + month − 1)",
    Kind.DATE: "a day number (date.toordinal())",
    Kind.BOOL: "1 or 0",
    Kind.TEXT: "text",
    Kind.ENUM: "text",
    Kind.QUANTITY: "a number",
}


#: The month and day numbers of the months and days the household model takes, by kind: 1900-01 to 9999-12
#: (:func:`~fanpin.model.values.parse_month`), 0001-01-01 to 9999-12-31.
CALENDAR: dict[Kind, tuple[int, int]] = {
    Kind.MONTH: (Month("190001").ordinal, Month("999912").ordinal),
    Kind.DATE: (date.min.toordinal(), date.max.toordinal()),
}


def _in_calendar(facts: list[str]) -> pl.Expr:
    """Whether every value of these month and date facts is the number of a month or day the model takes
    (:data:`CALENDAR`); nulls are. One boolean, from the columns' least and greatest values."""
    tests = [_calendar_test(f, _kind(f)).all() for f in facts]
    return pl.all_horizontal(tests) if tests else pl.lit(True)


def _calendar_test(fact: str, kind: Kind) -> pl.Expr:
    low, high = CALENDAR[kind]
    return pl.col(fact).is_between(low, high).fill_null(True)


def _refuse_regions(frame: pl.LazyFrame, codes: pl.Series) -> None:
    """An :class:`~fanpin.errors.InputError` naming the first row of ``frame`` whose ``region_code`` (one of
    the distinct ``codes``) is no region code: a frame's own column had been scored as given, a code of no
    province (``99``) with the national parameters. A code of a division code's shape is quoted (it names a
    place, no one); any other text is not (it may be an ID number or a phone put in the wrong column)."""
    bad = [c for c in codes.to_list() if not is_region_code(c)]
    if not bad:
        return
    refused = pl.col("region_code").is_in(bad)
    row, code = (
        frame.select(refused.arg_true().first().alias("row"), pl.col("region_code").filter(refused).first())
        .collect(engine=ENGINE)
        .row(0)
    )
    told = f"{code!r}, no region code: {no_province(code)}" if region_shaped(code) else NOT_REGION
    raise InputError(
        f"region_code of row {row} (counted from 0) is {told}",
        fix="give each row its household's 行政区划代码 (fanpin.batch.validate checks a table's codes), or "
        "leave the column out and pass region=",
    )


def _refuse_outside_calendar(frame: pl.LazyFrame, facts: list[str]) -> NoReturn:
    """An :class:`~fanpin.errors.InputError` naming the first month or date fact of ``frame`` (and its first
    row) whose number is of no month or day the model takes: a month written as ``YYYYMM`` (202001) had been
    read as month number 202001, a year past 16 000, and scored without a word. The value is not quoted."""
    tests = ((~_calendar_test(f, _kind(f))).arg_true().first().alias(f) for f in facts)
    first = frame.select(tests).collect(engine=ENGINE)
    name, row = next((f, r) for f, r in zip(facts, first.row(0), strict=True) if r is not None)
    low, high = CALENDAR[_kind(name)]
    raise InputError(
        f"fact {name!r} holds a value that is not {_ENCODED[_kind(name)]} (row {row}, counted from 0): "
        f"the numbers run from {low} to {high}"
        + (" (202001 as written is month number 24240, 2020-01)" if _kind(name) is Kind.MONTH else ""),
        fix="give the facts encoded (fanpin.model.facts.encode_all), or pass the file's cells to "
        "Scorer.score, which reads and validates them",
    )


def _bounded_facts(facts: Iterable[tuple[str, Kind]]) -> tuple[tuple[str, int], ...]:
    """Each of these integer facts with its kind's bound (:data:`fanpin.batch.compiler.FACT_BOUNDS`), those of a
    bounded kind."""
    return tuple((f, FACT_BOUNDS[kind]) for f, kind in facts if kind in FACT_BOUNDS)


@functools.lru_cache(maxsize=64)
def _extremes(facts: tuple[tuple[str, int], ...]) -> tuple[pl.Expr, ...]:
    """The least and greatest value of each fact (:func:`~fanpin.batch.compiler.extremes`), made once: a
    chunk's facts are those of the chunk before."""
    return tuple(extremes([f for f, _ in facts]))


def _within_bounds(values: Mapping[str, Any], facts: tuple[tuple[str, int], ...]) -> bool:
    """Whether every value of these facts lies within its bound (nulls do), from their extremes in ``values``
    (:func:`_extremes`)."""
    return within_extremes(values, facts)


def _member_kind(name: str) -> Kind:
    """A member fact's kind as the bounds read it; a label a member holds or not is 1 or 0."""
    return MEMBER_FACTS[name].kind if name in MEMBER_FACTS else Kind.BOOL


def _member_column(rows: pl.DataFrame, name: str) -> pl.Expr:
    """A member fact column as the engines compare it; a label a member does not hold is false."""
    dtype = FACT_DTYPES[_member_kind(name)]
    column = (pl.col(name) if name in rows.columns else pl.lit(None)).cast(dtype)
    return (column.fill_null(0) if label_of(name) is not None else column).alias(name)


def _combine(kind: str, outcome: pl.Expr) -> pl.Expr:
    """One aggregate over a household's member outcomes (Kleene's logic, as ``combine``)."""
    if kind == "any":
        return outcome.any(ignore_nulls=False)
    if kind == "all":
        return outcome.all(ignore_nulls=False)
    return pl.when(outcome.null_count() > 0).then(None).otherwise(outcome.cast(pl.Int64).sum())


#: The most combinations a program keeps (:class:`_Combinations`), and the most memory they may take: past
#: either the store starts again from the chunk at hand, so that its memory stays bounded. A file whose cells
#: are now and then unknown has many: the realistic 1 M-household table meets 13 900 in each chunk of 75 000
#: households and 70 873 in all (the rules' three-valued outcomes, 5.7 MB a 13 900); a store of 20 000 started
#: again every other chunk, working out 147 581 combinations where 70 873 are distinct (0.6 s of the main
#: thread's 5 CPU seconds of scoring).
KEPT_COMBINATIONS = 100_000
KEPT_BYTES = 48 << 20


class _Combinations:
    """The keyed columns of a program (:attr:`_PolarsProgram.keyed`, functions of the three-valued boolean
    key columns) worked out once per distinct combination of those columns, and kept for the program's
    later calls.

    Each key column is a code of two bits (0 false, 1 true, 2 unknown), 32 of them packed exactly into a
    64-bit word — no hashing, so no collisions. A call works out only the combinations no earlier call
    met, and joins every row's values back in row order. The keyed columns read nothing but the key
    columns and the columns made of them first (``made``: the program's key columns are the columns those
    read, and they are computed on those alone), so a combination's values are the same whichever call met
    it first. Working them out is most of the step's cost whatever the rows (about 35 of 50 ms on one
    household under the data checks: planning expressions of thousands of nodes), which a host scoring a few
    households a call paid on every call.
    """

    def __init__(self, columns: list[str], keyed: Keyed, ids: list[str], made: Mapping[str, pl.Expr]) -> None:
        #: ``made``: columns the keyed columns read that are made from the key columns first (the planned
        #: measures: :attr:`fanpin.batch.texts.Sentences.planned`), per combination rather than per row.
        self.columns, self.keyed, self.ids, self.made = columns, keyed, ids, dict(made)
        codes = [pl.col(c).cast(pl.UInt64).fill_null(2) for c in columns]
        self.words = [
            pl.sum_horizontal([code * (1 << (2 * j)) for j, code in enumerate(codes[i : i + 32])]).alias(
                f"__key{i // 32}"
            )
            for i in range(0, len(codes), 32)
        ]
        self.keys = [f"__key{i}" for i in range(len(self.words))]
        self._known: pl.DataFrame | None = None  # keys, then the keyed columns: one row per combination
        self._lock = threading.Lock()  # threads scoring with one engine share its programs

    def added(self, frame: pl.DataFrame) -> pl.DataFrame:
        """``frame`` with the keyed columns beside its own (one piece of memory each: a join carries, and
        aligns, every column of the frame it is made on)."""
        schema = frame.schema  # made anew at each access: once, not once a column
        not_boolean = [c for c in self.columns if schema[c] not in (pl.Boolean, pl.Null)]
        if not_boolean:
            raise TypeError(f"the plan's key columns must be booleans: {not_boolean}")
        if not self.columns:  # no rule at all: one combination, the empty one, computed on the frame itself
            made = frame.with_columns(**self.made) if self.made else frame  # (its columns are not selected after)
            out = made.with_columns(e.alias(n) for n, e in self.keyed.items() if isinstance(e, pl.Expr))
            return out.with_columns(
                _rule_ids(out, [], self.ids, e.unknown).alias(n)
                for n, e in self.keyed.items()
                if isinstance(e, _RuleIds)
            )
        packed = frame.lazy().select(*self.words, *self.columns).collect(engine=ENGINE)
        with self._lock:
            known = self._known
        distinct = packed.unique(subset=self.keys)
        new = distinct if known is None else distinct.join(known.select(self.keys), on=self.keys, how="anti")
        # Worked out when none was known too (no row: its typed columns, empty). What this call looks its
        # rows up in is its own: the store may be added to, or start again, in another thread meanwhile.
        values = self._worked_out(new) if new.height or known is None else None
        if values is None:  # every combination known
            assert known is not None
            lookup = known
        else:
            lookup = values if known is None else _appended(known, values)
        if values is not None and values.height:
            with self._lock:
                kept = self._known
                stored = lookup  # this call's lookup, unless another thread changed the store since
                if kept is not known and kept is not None:
                    stored = _appended(kept, values.join(kept.select(self.keys), on=self.keys, how="anti"))
                small = stored.height <= KEPT_COMBINATIONS and stored.estimated_size() <= KEPT_BYTES
                self._known = stored if small else None
        # The known combinations are kept in pieces (_appended): their lists are placed by row number, in
        # one piece (:func:`gathered`), where a join had gathered them from the pieces, the slow way.
        numbered = lookup.select(self.keys).with_row_index("__at")
        at = packed.select(self.keys).join(numbered, on=self.keys, how="left", maintain_order="left")
        return frame.hstack(gathered(lookup.drop(self.keys), at.get_column("__at")).get_columns())

    def _worked_out(self, distinct: pl.DataFrame) -> pl.DataFrame:
        """The keys and the keyed columns of each of the ``distinct`` combinations."""
        made = distinct.with_columns(**self.made) if self.made else distinct
        values = made.select(*self.keys, *[e.alias(n) for n, e in self.keyed.items() if isinstance(e, pl.Expr)])
        rules = [f"__r{i}" for i in range(len(self.ids))]
        return values.with_columns(
            _rule_ids(distinct, rules, self.ids, e.unknown).alias(n)
            for n, e in self.keyed.items()
            if isinstance(e, _RuleIds)
        ).select(*self.keys, *self.keyed)


#: The pieces of memory the kept combinations may be in before they are put in one: appended a call at a
#: time, 20 000 of them made each later join 45 times slower (135 against 3 ms on 2 500 rows), and putting
#: them in one at every call cost 1 ms a call on average.
KEPT_PIECES = 32


def _appended(known: pl.DataFrame, values: pl.DataFrame) -> pl.DataFrame:
    """The combinations ``known``, then the new ``values``: in one piece of memory again once in many."""
    merged = pl.concat([known, values], how="vertical_relaxed", rechunk=False)
    return merged.rechunk() if merged.n_chunks() > KEPT_PIECES else merged


def _rule_ids(frame: pl.DataFrame, columns: list[str], ids: list[str], unknown: bool) -> pl.Series:
    """Per row of ``frame``, the ``ids`` whose ``columns`` are true (null, if ``unknown``), in their order:
    the columns unpivoted (one after the other), the rows kept where the test holds, grouped by row
    (polars keeps each group's rows in order), an empty list where none holds."""
    if not columns:
        return pl.Series("ids", [[]] * frame.height, dtype=pl.List(pl.String))
    holds, texts = _holding(tuple(columns), tuple(ids), unknown)
    long = (
        frame.select(pl.int_range(pl.len(), dtype=pl.UInt32).alias("__row"), *holds)
        .unpivot(index="__row", variable_name="__column", value_name="__holds")
        .filter(pl.col("__holds"))
    )
    return _by_row(frame.height, long.select(pl.col("__row").alias("row"), texts))


@functools.lru_cache(maxsize=64)
def _holding(columns: tuple[str, ...], ids: tuple[str, ...], unknown: bool) -> tuple[list[pl.Expr], pl.Expr]:
    """:func:`_rule_ids`' expressions, made once for every chunk: each column's test, and the id of a
    column's name. The columns keep their own names (``__r0`` …: no rule id can meet the index's), told
    apart after."""
    holds = [(pl.col(c).is_null() if unknown else pl.col(c).fill_null(False)).alias(c) for c in columns]
    named = dict(zip(columns, ids, strict=True))
    return holds, pl.col("__column").replace_strict(named, return_dtype=pl.String).alias("text")


@functools.lru_cache(maxsize=64)
def _rows_fired(rules: tuple[tuple[str, int], ...]) -> list[pl.Expr]:
    """Per rule (its id and index), the rows where it fired, as one list (:meth:`BatchEngine._stated`):
    made once for every chunk."""
    return [pl.col(f"__r{i}").fill_null(False).arg_true().implode().alias(r) for r, i in rules]


def _roots(value: pl.Expr | _RuleIds, rules: int) -> list[str]:
    """The columns a keyed value reads: an expression's roots, or every rule's outcome."""
    return value.meta.root_names() if isinstance(value, pl.Expr) else [f"__r{i}" for i in range(rules)]


def _kept(header: str, columns: Sequence[str]) -> pl.Expr:
    """A kept input column, as validation names it (:func:`fanpin.batch.validate.kept_name`) or by its header."""
    name = kept_name(header)
    return pl.col(name if name in columns else header).cast(pl.String).alias(header)


def _money(fen: pl.Expr) -> pl.Expr:
    """Whole fen as 元, an exact decimal with two places (:data:`fanpin.results.table.MONEY`)."""
    return (fen.cast(pl.Decimal(38, 2)) / 100).cast(MONEY)


def _labelled(ids: pl.Expr, column: str, lang: Lang) -> pl.Expr:
    """A labelled column's ids (band, alert level, category) as their labels in ``lang``; null stays null."""
    return ids.replace_strict(dict(labels(column, lang)), default=None, return_dtype=pl.String)


def _band_terms(book: Rulebook) -> list[Term]:
    line = TParam("monitoring_line", "money")
    return [
        line,
        TArith("*", TParam("near_line_multiple", "plain"), line),
        TArith("*", TParam("over_inclusion_multiple", "plain"), line),
    ]


def _has_labour() -> pl.Expr:
    """:func:`fanpin.results.plan.has_labour`: the labour count decides when known, else false for a
    no-labour household, else unknown."""
    labour = pl.col("labor_count")
    return pl.when(labour.is_not_null()).then(labour > 0).when(pl.col("no_labor_household") == 1).then(False)


def _kind(fact: str) -> Kind:
    """A fact's kind; ``member_count`` is a count even when no rule wrote ``count(members)`` (the catalogue
    learns it only then), since a household given with its members always carries it."""
    return Kind.COUNT if fact == MEMBER_COUNT else FACTS[fact].kind
