"""The engines as the file pipeline uses them: validate a chunk of text cells, then score its valid rows.

The batch engine validates and scores whole chunks as polars expressions; the durable engine validates
each row with the household model and evaluates it through durable-rules. Both fill the same columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Protocol

import polars as pl

from fanpin.batch import BatchEngine
from fanpin.batch.texts import FOUND, json_value
from fanpin.batch.validate import ID_WRITTEN, kept_column, kept_name, validate
from fanpin.durable import Engine
from fanpin.io.member_cells import FactParts, member_frame
from fanpin.io.readers import ReadRow, read_row
from fanpin.io.records import ScoredRow, json_line, json_record, table_record
from fanpin.model.columns import ALIASES
from fanpin.model.facts import household_row
from fanpin.model.household import Household
from fanpin.model.member_facts import member_rows
from fanpin.results.columns import REJECTED_COLUMNS
from fanpin.results.plan import build_plan, has_labour
from fanpin.results.sentences import Lang
from fanpin.results.table import table_frame, table_schema

__all__ = ["REJECTED_SCHEMA", "ChunkScorer", "MemberFacts", "Valid", "chunk_scorer", "score_household"]

#: Per household, its members' encoded facts (:data:`fanpin.io.member_cells.FactParts`), in member order.
MemberFacts = Sequence[Sequence[FactParts]]


@dataclass(frozen=True)
class Valid:
    """A chunk's rows that passed validation. ``frame`` has ``household_id`` (as the model reads it),
    ``region_code``, ``__line``, a household table's ``__id_written`` (the 户编号 cell as written,
    :data:`~fanpin.batch.validate.ID_WRITTEN`) and the kept input columns (personal ones masked, named as
    :func:`fanpin.batch.validate.kept_name` names them); the batch engine's frame holds the
    encoded facts too, the durable engine's an ``__index`` into ``households``."""

    frame: pl.DataFrame
    households: Sequence[Household] = ()
    #: the batch engine's member rows (``__household``: the row of ``frame``), when members were read
    members: pl.DataFrame | None = None


class ChunkScorer(Protocol):
    """An engine as the pipeline uses it: validate a chunk of text cells, then score its valid rows."""

    def validate(self, raw: pl.DataFrame, *, region: str | None, keep: Sequence[str]) -> tuple[Valid, pl.DataFrame]:
        """(valid rows, refused rows with the columns of ``REJECTED_COLUMNS``)."""
        ...

    def households(
        self, households: Sequence[Household], lines: Sequence[int], facts: MemberFacts | None = None
    ) -> Valid:
        """Households already validated (read from a person-level export), as valid rows; ``facts``: their
        members' encoded facts when the reader computed them (:attr:`fanpin.io.export.ExportHousehold.facts`)."""
        ...

    def score(
        self, valid: Valid, *, as_of: date, region: str | None, lang: Lang, json: bool, keep: Sequence[str]
    ) -> pl.DataFrame:
        """The scored rows: ``OUTPUT_COLUMNS`` typed (:mod:`fanpin.results.table`) then ``keep``, or one
        column ``json``."""
        ...

    def score_with_records(
        self, valid: Valid, *, as_of: date, region: str | None, lang: Lang, json: bool, keep: Sequence[str]
    ) -> tuple[pl.DataFrame, pl.Series]:
        """:meth:`score`, and the JSON record of every scored household that has a data-check code (the
        findings are read from them): its JSON Lines record, or of it at least ``household_id``,
        ``region_code`` and the flags of its data checks; the others have no finding, and their records may
        be null."""
        ...


class _BatchScorer:
    """Whole chunks as polars expressions (:class:`fanpin.batch.BatchEngine`).

    The records the findings are read from come with the scored table, from the same evaluation
    (:meth:`BatchEngine.score_found`): for a household with a data-check code, its fired data checks as
    :meth:`BatchEngine.score_json` states them (codes, structured explanation, members, rule), its 户编号
    and region code; the others have no finding. (Each household with a code had been scored a second
    time for its whole JSON Lines record: about a fifth of a 20 000-household export's time with ``--findings``.)"""

    def __init__(self, engine: BatchEngine, mask: bool) -> None:
        self.engine = engine
        self.mask = mask

    def validate(self, raw: pl.DataFrame, *, region: str | None, keep: Sequence[str]) -> tuple[Valid, pl.DataFrame]:
        valid, refused = validate(raw, region=region, keep=keep, mask=self.mask)
        return Valid(valid), refused

    def households(
        self, households: Sequence[Household], lines: Sequence[int], facts: MemberFacts | None = None
    ) -> Valid:
        frame = pl.DataFrame([household_row(h) for h in households], infer_schema_length=None).with_columns(
            pl.Series("__line", lines, dtype=pl.Int64)
        )
        if not self.engine.reads_members:  # no rule reads them: not made
            return Valid(frame)
        members = (
            pl.DataFrame(member_rows(households), infer_schema_length=None)
            if facts is None
            else member_frame(households, facts)
        )
        return Valid(frame, members=members)

    def score(
        self, valid: Valid, *, as_of: date, region: str | None, lang: Lang, json: bool, keep: Sequence[str]
    ) -> pl.DataFrame:
        run = self.engine.score_json if json else self.engine.score
        # in the command's words: score_path words a host's run's errors itself (command=False)
        return run(valid.frame, as_of=as_of, region=region, lang=lang, keep=keep, members=valid.members, command=True)

    def score_with_records(
        self, valid: Valid, *, as_of: date, region: str | None, lang: Lang, json: bool, keep: Sequence[str]
    ) -> tuple[pl.DataFrame, pl.Series]:
        if json:
            scored = self.score(valid, as_of=as_of, region=region, lang=lang, json=json, keep=keep)
            return scored, scored.get_column("json")
        scored = self.engine.score_found(
            valid.frame, as_of=as_of, region=region, lang=lang, keep=keep, members=valid.members, command=True
        )
        # Only a household with a data-check code has findings: the others' records are null. A record holds
        # what the findings read of the JSON Lines one, its fired data checks' flags as score_json writes them.
        record = pl.concat_str(
            pl.lit('{"flags":['),
            pl.col(FOUND).list.join(","),
            pl.lit('],"household_id":'),
            json_value(pl.col("household_id")),
            pl.lit(',"region_code":'),
            json_value(pl.col("region_code")),
            pl.lit("}"),
        )
        records = scored.select(pl.when(pl.col("codes").list.len() > 0).then(record).alias("json")).to_series()
        return scored.drop(FOUND), records


class _DurableScorer:
    """One household at a time: the household model, then durable-rules (:class:`fanpin.Engine`)."""

    def __init__(self, engine: Engine, mask: bool) -> None:
        self.engine = engine
        self.mask = mask

    def validate(self, raw: pl.DataFrame, *, region: str | None, keep: Sequence[str]) -> tuple[Valid, pl.DataFrame]:
        header = [c for c in raw.columns if not c.startswith("__")]
        field_of = {h: ALIASES[h] for h in header if h in ALIASES}
        households: list[Household] = []
        positions: list[int] = []
        refused: list[tuple[int, str, str, str, str]] = []
        for position, row in enumerate(raw.select(*header, "__line").iter_rows()):
            line = row[-1]
            read = read_row(dict(zip(header, row, strict=False)), line, field_of, (), region, mask=self.mask)
            if isinstance(read, ReadRow):
                positions.append(position)
                households.append(read.household)
            elif read is not None:
                refused += [(r.line, r.household_id, r.column, r.value, r.reason) for r in read]
        id_header = next((h for h, f in field_of.items() if f == "household_id"), None)
        written = pl.col(id_header).cast(pl.String).fill_null("") if id_header else pl.lit("", dtype=pl.String)
        frame = raw[positions].select(
            pl.Series("household_id", [h.household_id for h in households], dtype=pl.String),
            pl.Series("region_code", [h.region_code for h in households], dtype=pl.String),
            pl.col("__line").cast(pl.Int64),
            written.alias(ID_WRITTEN),  # the cell as written, as a repeat's refusal shows it (as the batch path)
            pl.int_range(pl.len(), dtype=pl.Int64).alias("__index"),
            *[kept_column(h, kept_name(h), mask=self.mask) for h in keep],
        )
        rejected = pl.DataFrame(refused, schema=REJECTED_SCHEMA, orient="row")
        return Valid(frame, households), rejected

    def households(
        self, households: Sequence[Household], lines: Sequence[int], facts: MemberFacts | None = None
    ) -> Valid:
        frame = pl.DataFrame(
            {
                "household_id": [h.household_id for h in households],
                "region_code": [h.region_code for h in households],
                "__line": lines,
                "__index": range(len(lines)),
            },
            schema={"household_id": pl.String, "region_code": pl.String, "__line": pl.Int64, "__index": pl.Int64},
        )
        return Valid(frame, households)

    def score(
        self, valid: Valid, *, as_of: date, region: str | None, lang: Lang, json: bool, keep: Sequence[str]
    ) -> pl.DataFrame:
        return self._score(valid, as_of=as_of, region=region, lang=lang, json=json, keep=keep, records=False)[0]

    def score_with_records(
        self, valid: Valid, *, as_of: date, region: str | None, lang: Lang, json: bool, keep: Sequence[str]
    ) -> tuple[pl.DataFrame, pl.Series]:
        return self._score(valid, as_of=as_of, region=region, lang=lang, json=json, keep=keep, records=True)

    def _score(
        self,
        valid: Valid,
        *,
        as_of: date,
        region: str | None,
        lang: Lang,
        json: bool,
        keep: Sequence[str],
        records: bool,
    ) -> tuple[pl.DataFrame, pl.Series]:
        """The scored rows and, with ``records``, each household's JSON Lines record (without its input
        columns) from the same evaluation."""
        schema = {"json": pl.String()} if json else table_schema(lang, keep)
        rows: list[list[Any]] = []
        lines: list[str | None] = []
        for index, *kept in valid.frame.select("__index", *[kept_name(h) for h in keep]).iter_rows():
            scored = score_household(self.engine, valid.households[index], as_of=as_of, region=region)
            row = ScoredRow(scored.assessment, scored.plan, dict(zip(keep, kept, strict=True)), scored.risk_types_en)
            if json:
                rows.append([json_line(json_record(row, lang))])
            else:
                record = table_record(row, lang)
                rows.append([record[c] for c in schema])
            if records and json:
                lines.append(rows[-1][0])
            elif records:  # a household without a data-check code has no finding: its record is not made
                coded = scored.assessment.codes
                lines.append(json_line(json_record(replace(row, passthrough={}), lang)) if coded else None)
        return table_frame(rows, schema), pl.Series("json", lines, dtype=pl.String)


REJECTED_SCHEMA = {"line": pl.Int64} | dict.fromkeys(REJECTED_COLUMNS[1:], pl.String)


def chunk_scorer(engine: Engine | BatchEngine, *, mask: bool = True) -> ChunkScorer:
    """The pipeline's view of an engine; ``mask=False`` keeps personal values in clear
    (``--keep-identities``)."""
    return _BatchScorer(engine, mask) if isinstance(engine, BatchEngine) else _DurableScorer(engine, mask)


def score_household(engine: Engine, household: Household, *, as_of: date, region: str | None = None) -> ScoredRow:
    """One household on the durable engine: its assessment and its 一户一策 plan."""
    assessment = engine.evaluate(household, as_of=as_of, region=region)
    # in the command's words: score_path words a host's run's errors itself (command=False)
    plan = build_plan(assessment, engine.rulebook.measures, has_labour=has_labour(household), command=True)
    return ScoredRow(assessment, plan, {}, engine.rulebook.risk_types)
