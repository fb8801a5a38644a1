"""One rulebook, both engines: what host applications and notebooks call.

- :meth:`Scorer.assess` — one household through durable-rules, with its explanations (and, with
  ``trace=True``, every rule's outcome); :meth:`Scorer.plan` adds its 一户一策 plan.
- :meth:`Scorer.score` — many households through the batch path: a polars or pandas DataFrame, a list
  of :class:`~fanpin.Household` or of dicts, or a file path; returns the scored table and the refused
  rows, both as polars DataFrames.
- :meth:`Scorer.score_file` — a file of any size into an output file, in chunks (``fanpin score``).

>>> from datetime import date
>>> scorer = Scorer()
>>> result = scorer.score("examples/data/households.csv", as_of=date(2025, 6, 30), region="532328")
>>> result.scored.height, result.rejected.height
(314, 6)
>>> h = result.scored.row(3, named=True)
>>> h["household_id"], h["alert_level"], h["flags"][:2]
('H5323280004', '橙', ['audit.missed', 'credit.repayment_risk'])
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from functools import cached_property
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from fanpin._fork import batch_path_starts
from fanpin._host import host_notes, host_words
from fanpin.arguments import (
    checked_date,
    checked_flag,
    checked_input,
    checked_keep_columns,
    checked_keywords,
    checked_lang,
    checked_path,
    checked_region,
)
from fanpin.durable.engine import Engine
from fanpin.errors import (
    ConfigError,
    InputFileError,
    Location,
    MissingColumnError,
    RecordValidationError,
)
from fanpin.model.columns import MEASURES_HEADERS
from fanpin.model.facts import household_row
from fanpin.model.household import Household, Kind, joined_measures
from fanpin.model.member import Member
from fanpin.model.member_facts import member_rows
from fanpin.model.record import known_keys
from fanpin.model.values import (
    BINARY,
    DECODE_BINARY,
    NOT_ONE_VALUE,
    PANDAS_MISSING,
    Pii,
    a_kind,
    array_as_list,
    header_text,
    is_cell_value,
    is_nan,
    is_yes_no_value,
    visible,
    written_out,
    yes_no_text,
)
from fanpin.results.assessment import Assessment
from fanpin.results.plan import Plan, build_plan, has_labour
from fanpin.results.sentences import Lang
from fanpin.rulebook import Rulebook, load_rulebook

# polars and fanpin.batch are imported where used: `import fanpin` must not load polars (cf. ScoreSummary in __init__).
if TYPE_CHECKING:
    import polars as pl

    from fanpin.batch import BatchEngine
    from fanpin.io.readers import RejectedRow
    from fanpin.io.sinks import Format, Headers
    from fanpin.pipeline import KeepColumns, ScoreSummary

__all__ = ["Scored", "Scorer", "household_record"]


@dataclass(frozen=True)
class Scored:
    """The batch path's result: ``scored`` (``OUTPUT_COLUMNS``, or ``json``) and ``rejected`` (line,
    household_id, column, value, reason). Together they hold every input row. ``notes``: what
    ``fanpin score`` would print as notes for the same table (a header that looks like a misspelt column
    fanpin reads, a column ``keep_columns`` cannot pass through, a region without a parameter's value …)."""

    scored: pl.DataFrame
    rejected: pl.DataFrame
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # One schema whatever the path (a table's line numbers came as UInt32, a file's as Int64): the
        # rejections of several calls concatenate.
        from fanpin.pipeline.scorers import REJECTED_SCHEMA

        rejected = self.rejected
        if dict(rejected.schema) != REJECTED_SCHEMA and set(REJECTED_SCHEMA) <= set(rejected.columns):
            object.__setattr__(self, "rejected", rejected.cast(dict(REJECTED_SCHEMA.items())))  # frozen: set once, here


class Scorer:
    """Scores households with one rulebook on either engine (the reference rules by default)."""

    def __init__(self, rulebook: Rulebook | None = None) -> None:
        if rulebook is not None and not isinstance(rulebook, Rulebook):
            raise ConfigError(
                f"Scorer takes a Rulebook, not {type(rulebook).__name__}",
                fix="pass load_rulebook(folder) (a county folder over the reference rules), or nothing",
            )
        self.rulebook = rulebook if rulebook is not None else load_rulebook()

    def __getstate__(self) -> dict[str, object]:
        """Pickled as its rulebook: its engines (compiled programs, durable-rules' rulesets) are made
        again where it is unpickled, on first use."""
        return {"rulebook": self.rulebook}

    @cached_property
    def engine(self) -> Engine:
        """The per-household engine (durable-rules)."""
        return Engine(self.rulebook)

    @cached_property
    def batch(self) -> BatchEngine:
        """The batch engine (polars)."""
        from fanpin.batch import BatchEngine

        return BatchEngine(self.rulebook)

    # ---- one household ---------------------------------------------------------------------------

    @checked_keywords
    def assess(
        self, household: Household | Mapping[str, Any], *, as_of: date, region: str | None = None, trace: bool = False
    ) -> Assessment:
        """Flags with structured explanations, band, level and category for one household."""
        return self.engine.evaluate(_household(household), as_of=as_of, region=region, trace=trace)

    @checked_keywords
    def plan(self, household: Household | Mapping[str, Any], *, as_of: date, region: str | None = None) -> Plan:
        """The household's 一户一策 plan: measures, departments, due dates and the rules they answer."""
        h = _household(household)
        assessment = self.assess(h, as_of=as_of, region=region)
        measures = build_plan(assessment, self.rulebook.measures, has_labour=has_labour(h))  # in a host's words
        return Plan(
            household_id=assessment.household_id,
            region_code=assessment.region_code,
            as_of=assessment.as_of,
            measures=measures,
        )

    # ---- many households -------------------------------------------------------------------------

    @checked_keywords
    def score(
        self,
        data: Any,
        *,
        as_of: date,
        region: str | None = None,
        lang: Lang = "zh",
        json: bool = False,
        keep_columns: KeepColumns = None,
        keep_identities: bool = False,
    ) -> Scored:
        """Score ``data`` on the batch path: a polars or pandas DataFrame of export cells (English or
        Chinese headers), an iterable of :class:`~fanpin.Household` or of dicts, or a file path.

        Rows are refused as a file's would be; for in-memory tables ``line`` counts as in a CSV with
        one header row (the first row is line 2). With ``json=True`` the table has one column, ``json``.
        ``keep_columns`` picks the input columns passed through after the scored ones: by default those
        fanpin does not read; ``"all"``; ``"none"``; or a list of headers (personal ones are masked).
        Personal values in passed-through and refused cells are masked unless ``keep_identities``, and so
        is a 户编号 that is a person's number (an ID or mobile number), in the scored table as in a file
        fanpin score writes, whatever ``data`` is.
        """
        batch_path_starts()
        with host_words():  # a path's run refuses in the command's words (--keep-columns)
            result = self._score(
                data, as_of=as_of, region=region, lang=lang, json=json, keep_columns=keep_columns,
                keep_identities=keep_identities,
            )  # fmt: skip
        notes = [*result.notes]
        if not isinstance(data, str | Path):  # a path's run noted them as it read the file
            notes += self._parameter_notes(result.scored, as_of)
        # a path's run masked them as it wrote them, the in-memory paths as they made them; the notes name the
        # parameters (as_of=, keep_columns= …), where the command's name its options
        return Scored(result.scored, result.rejected, tuple(host_notes(notes)))

    def _parameter_notes(self, scored: pl.DataFrame, as_of: date) -> list[str]:
        """The notes of a path's run on the parameters the scored households' regions lack (each parameter, its
        region and how many households: the rules reading it were not evaluable for them), for a table, dicts
        or households, which had been scored so without a word (region 5201 in the reference rules)."""
        import polars as pl

        from fanpin.model.parameters import Coverage
        from fanpin.results.classify import BAND_PARAMETERS

        if not scored.height:
            return []
        if "region_code" in scored.columns:
            codes = scored.get_column("region_code")
        else:  # json=True: one JSON text a household
            codes = scored.select(pl.col("json").str.json_path_match("$.region_code")).to_series()
        book = self.rulebook
        coverage = Coverage(book.parameters, book.params_needed() | set(BAND_PARAMETERS), as_of)
        coverage.count(dict(codes.value_counts().iter_rows()))  # per code, as a file's chunks are counted
        return coverage.notes()

    def _score(
        self,
        data: Any,
        *,
        as_of: date,
        region: str | None,
        lang: Lang,
        json: bool,
        keep_columns: KeepColumns,
        keep_identities: bool,
    ) -> Scored:
        import polars as pl

        from fanpin.batch.validate import validate
        from fanpin.io.chunks import RowByRow
        from fanpin.io.export import is_export
        from fanpin.io.readers import HouseholdFile
        from fanpin.io.sinks import reasons_in
        from fanpin.model.columns import ADD_REGION_PARAMETER, ALIASES, REQUIRED, header_label, renames, repeated_column
        from fanpin.pipeline import ScoredChunks
        from fanpin.pipeline.run import host_reasons
        from fanpin.pipeline.scored import (
            kept_columns,
            no_household_rows,
            personal_keys_note,
            table_notes,
            table_repeats,
        )

        # The options checked first, whatever the data (a path's run checks them again, as the command's).
        as_of, region, lang = checked_date(as_of), checked_region(region), checked_lang(lang)
        keep_columns = checked_keep_columns(keep_columns)
        keep_identities = checked_flag("keep_identities", keep_identities)
        json = checked_flag("json", json)  # "no" is true to Python: the JSON column had been written
        if isinstance(data, str | Path):
            data = checked_input(Path(checked_path("data", data)))  # "" would be the current folder
            two_ways: set[str] = set()
            exact, row_by_row = False, []
            while True:  # again when 户编号 written two ways were found: every row of them refused (as score_path)
                chunks = ScoredChunks(
                    self.batch,
                    data,
                    as_of=as_of,
                    region=region,
                    lang=lang,
                    json=json,
                    keep_columns=keep_columns,
                    keep_identities=keep_identities,
                    two_ways=two_ways,
                    exact=exact,
                )
                try:
                    parts = list(chunks.run())
                except RowByRow as signal:
                    if exact:  # pragma: no cover - the row-by-row reader never asks for itself
                        raise
                    # polars cannot split the file as the csv module does (a stray quote, a row far wider
                    # than the header): read row by row, as score_path does (RowByRow had reached the host)
                    exact, row_by_row = True, [signal.note]
                    continue
                if chunks.written_two_ways <= two_ways:
                    break
                two_ways |= chunks.written_two_ways
            scored = pl.concat([p[0] for p in parts]) if parts else pl.DataFrame(schema=chunks.schema)
            rejected = reasons_in(lang, host_reasons(pl.concat([p[1] for p in parts]))) if parts else _no_rejections()
            summary = chunks.summary
            counted = summary.counted_notes(as_of)
            keys = [personal_keys_note(summary.personal_keys, _KEEP)] if summary.personal_keys else []
            return Scored(scored, rejected, (*summary.notes, *row_by_row, *keys, *counted, *summary.parameter_notes))
        score = self.batch.score_json if json else self.batch.score
        if _is_households(data):
            from fanpin.io.readers import RejectedRow
            from fanpin.model.columns import NO_REGION

            # A household with no 行政区划代码 (and no region=) is refused, as a dict's, a frame's row and a file's
            # are: it had raised for the whole call, the other households unscored.
            numbered = list(enumerate(data, start=2))
            given = [(n, "户编号", h) for n, h in numbered if h.region_code or region]
            refused = [
                RejectedRow(n, h.household_id, "行政区划代码", "", NO_REGION)
                for n, h in numbered
                if not (h.region_code or region)
            ]
            return self._score_households(
                given, refused, as_of=as_of, region=region, lang=lang, json=json, keep_identities=keep_identities
            )
        is_frame = isinstance(data, pl.DataFrame) or type(data).__module__.startswith("pandas")
        not_text: list[tuple[int, str, str, str]] = []
        if not is_frame:
            records = _records(data)
            if any(not _MEMBERS.isdisjoint(r) for r in records):  # members given: households, as assess reads them
                return self._score_records(
                    records, as_of=as_of, region=region, lang=lang, json=json, keep_identities=keep_identities
                )
            records = _one_header_each(records)
            data, not_text = records, _not_texts(records)
        frame = _headed(_text_frame(data))
        if is_frame:  # (once the frame is known to be a table of one value a cell)
            not_text = _frame_yes_no_texts(data)
        repeated = repeated_column(frame.columns)
        if repeated is not None:
            first, second = (frame.columns[i - 1] for i in repeated)
            raise InputFileError(
                f"columns {first} and {second} are the same column: one of them would be ignored",
                fix="keep one of the two columns",
            )
        field_of = {c: ALIASES[c] for c in frame.columns if c in ALIASES}
        table = HouseholdFile(
            Path("<table>"), "", 1, frame.columns, field_of, [c for c in frame.columns if c not in ALIASES]
        )
        notes: list[str] = []
        keep = kept_columns(table, keep_columns, notes, mask=not keep_identities)
        present = set(field_of.values())
        missing = [f for f in REQUIRED if f not in present]
        if not region and "region_code" not in present:
            missing.append("region_code")
        if is_export(frame.columns):  # a member a row: scored by its file, which groups the rows into households
            raise InputFileError(
                "the table is a person-level export (one row per member, the national system's 家庭成员信息表), "
                "not a table of one row per household: as a table, each household's first member would be scored "
                "as the household and the others refused as its 户编号 given again",
                fix="pass the export's file (Scorer.score(path), Scorer.score_file), or give each household as a "
                "record with its members (家庭成员)",
            )
        if missing and (frame.width or frame.height):  # as a file without them; nothing given is nothing
            add = ADD_REGION_PARAMETER if "region_code" in missing else "add the column(s)"
            raise MissingColumnError(
                f"required column(s) missing: {', '.join(header_label(f) for f in missing)}",
                columns=tuple(missing),
                fix="; ".join([*renames(frame.columns, present, missing), add]),
            )
        notes += table_notes(frame.columns, present)
        if not_text:  # refused here as the model refuses them; validated without them, for the row's other faults
            frame = frame.with_row_index("__line", offset=2).with_columns(
                pl.when(pl.col("__line").is_in([line for line, h, _, _ in not_text if h == column]))
                .then(None)
                .otherwise(pl.col(column))
                .alias(column)
                for column in {h for _, h, _, _ in not_text}
            )
        id_header = next((h for h, f in field_of.items() if f == "household_id"), "household_id")
        # A totals row (合计), a form's footer (填表人：…) or the header again is one refusal, as in a file.
        lined = frame if "__line" in frame.columns else frame.with_row_index("__line", offset=2)
        frame, no_households = no_household_rows(lined, id_header) if frame.height else (frame, None)
        valid, rejected = validate(frame, region=region, keep=keep, mask=not keep_identities)
        if not_text:
            valid, rejected = _refused_nan_texts(valid, rejected, not_text, frame, mask=not keep_identities)
        valid, twice = table_repeats(valid, id_header)  # a 户编号 written two ways: every row of it refused
        more = [r.cast(rejected.schema) for r in (twice, no_households) if r is not None and r.height]
        if more:
            rejected = pl.concat([rejected, *more]).sort("line", maintain_order=True)
        scored = score(valid, as_of=as_of, region=region, lang=lang, keep=keep)
        return _keys_masked(scored, rejected, tuple(notes), lang=lang, keep_identities=keep_identities)

    def _score_records(
        self,
        records: list[Mapping[str, Any]],
        *,
        as_of: date,
        region: str | None,
        lang: Lang,
        json: bool,
        keep_identities: bool = False,
    ) -> Scored:
        """Dicts of which some give the household's members (``members``, as :class:`Household` takes them):
        each validated by the household model, as :meth:`assess` reads it, and refused as a row of a file is
        (``line`` counting from 2); the valid ones scored with their members on the batch path."""
        from pydantic import ValidationError

        from fanpin.io.readers import RejectedRow, excel_error_rows, model_rejections
        from fanpin.model.columns import ALIASES, NO_REGION

        households: list[tuple[int, str, Household]] = []
        refused: list[RejectedRow] = []
        written: dict[int, str] = {}  # each 户编号 as given (5.00, read as 5), as a repeat's refusal shows it
        for line, record in enumerate(records, start=2):
            field_of = {str(k): "members" if k in _MEMBERS else ALIASES.get(str(k), str(k)) for k in record}
            cells = {str(k): "" if k in _MEMBERS else _record_cell(str(k), v) or "" for k, v in record.items()}

            def header(field: str, field_of: dict[str, str] = field_of) -> str:
                return next((h for h, f in field_of.items() if f == field), field)

            given = record.get(header("household_id"))
            # a NaN, a yes/no value: none given
            given_id = "" if is_yes_no_value(given) else (_cell(given) or "").strip()
            errors = excel_error_rows(cells, field_of, line, given_id)
            if errors:  # #N/A, '#N/A in a code: refused as a table's row is (its 户编号 none when it is the error)
                refused += errors
                continue
            try:
                household = Household.model_validate(_as_cells(record, f"data[{line - 2}]"))
            except ValidationError as exc:
                given = next((record[k] for k in record if k in _MEMBERS), None)  # a member's cell in clear
                refused += model_rejections(field_of, exc, cells, line, given_id, not keep_identities, given)
                continue
            if household.region_code or region:
                households.append((line, header("household_id"), household))
                written[line] = cells.get(header("household_id"), "")
            else:
                refused.append(RejectedRow(line, household.household_id, header("region_code"), "", NO_REGION))
        return self._score_households(
            households, refused, as_of=as_of, region=region, lang=lang, json=json, keep_identities=keep_identities,
            written=written,
        )  # fmt: skip

    def _score_households(
        self,
        households: list[tuple[int, str, Household]],
        refused: list[RejectedRow],
        *,
        as_of: date,
        region: str | None,
        lang: Lang,
        json: bool,
        keep_identities: bool = False,
        written: Mapping[int, str] | None = None,
    ) -> Scored:
        """Households already validated, each with its line and the header of its 户编号, scored with their
        members on the batch path; a 户编号 given twice refused the second time, and every household of one
        written two ways, as in a table (:func:`~fanpin.pipeline.scored.table_repeats`), beside the rows
        ``refused`` already. ``written``: each line's 户编号 as its record gives it, which such a refusal shows
        (else the code)."""
        import polars as pl

        from fanpin.batch.validate import ID_WRITTEN
        from fanpin.io.readers import RejectedRow
        from fanpin.pipeline.scored import table_repeats
        from fanpin.pipeline.scorers import REJECTED_SCHEMA

        ids = pl.DataFrame(
            {"household_id": [h.household_id for _, _, h in households], "__line": [n for n, _, _ in households]},
            schema={"household_id": pl.String, "__line": pl.Int64},
        )
        if written is not None:
            ids = ids.with_columns(pl.Series(ID_WRITTEN, [written[n] for n, _, _ in households], dtype=pl.String))
        _, repeated = table_repeats(ids, "")
        header_of = {line: header for line, header, _ in households}
        refused += [RejectedRow(n, i, header_of[n], v, r) for n, i, _, v, r in repeated.iter_rows()]
        dropped = set(repeated.get_column("line").to_list())
        kept = [household for line, _, household in households if line not in dropped]
        score = self.batch.score_json if json else self.batch.score
        rows = [household_row(h) for h in kept]
        scored = score(rows, as_of=as_of, region=region, lang=lang, members=member_rows(kept))
        refused.sort(key=lambda r: r.line)
        rejected = pl.DataFrame(
            [(r.line, r.household_id, r.column, r.value, r.reason) for r in refused],
            schema=REJECTED_SCHEMA,
            orient="row",
        )
        return _keys_masked(scored, rejected, (), lang=lang, keep_identities=keep_identities)

    @checked_keywords
    def score_file(
        self,
        path: str | Path,
        out: str | Path,
        *,
        as_of: date,
        region: str | None = None,
        lang: Lang = "zh",
        fmt: Format | None = None,
        errors: str | Path | None = None,
        chunk_rows: int | None = None,
        progress: IO[str] | None = None,
        keep_columns: KeepColumns = None,
        headers: Headers = "ids",
        keep_identities: bool = False,
        findings: str | Path | None = None,
        workers: int = 1,
    ) -> ScoreSummary:
        """Stream a file of any size into ``out`` (CSV, xlsx, Parquet or JSON Lines: ``fmt``, by default the
        one its suffix names, as ``fanpin score`` takes it) with bounded memory.

        Its columns are named as :meth:`score` names them, by id (``household_id``, ``alert_level`` …), and
        its values are in ``lang``; ``headers="lang"`` heads them as ``fanpin score`` does (户编号 …).
        Personal values are masked in both files unless ``keep_identities``. ``findings`` also writes the
        clerk's worksheet of data-check findings there (``fanpin score --findings``; docs/outputs.md).
        ``workers`` above 1 scores a person-level export's chunks in that many fresh Python processes, with
        the same result (``fanpin score --workers``): call it under ``if __name__ == "__main__":``.

        ``out``, ``errors`` and ``findings`` name files. The text ``"-"``, which ``fanpin score --out -``
        reads as standard output, raises :class:`~fanpin.ConfigError`: a host's standard output is
        ``sys.stdout``, often not the process's (a notebook, a service) and text only, where .xlsx and
        Parquet are bytes. Pass ``"/dev/stdout"`` for the process's standard output, as the command
        writes it, or ``"./-"`` for a file named ``-``."""
        from fanpin.pipeline import score_path

        summary = score_path(
            self.batch,
            path,
            out,
            as_of=as_of,
            region=region,
            lang=lang,
            fmt=fmt,
            errors=errors,
            chunk_rows=chunk_rows,
            progress=progress,
            keep_columns=keep_columns,
            headers=headers,
            keep_identities=keep_identities,
            findings=findings,
            workers=workers,
        )
        if findings is not None and not any(rule.spec.codes for rule in self.rulebook.rules.values()):
            # a worksheet that can list nothing, written without a word (fanpin score --findings notes it)
            summary.notes.append(FINDINGS_WITHOUT_CODES)
        return summary


#: The note of a findings worksheet asked of a rulebook none of whose rules has a data-check code.
FINDINGS_WITHOUT_CODES = (
    "findings lists data-check findings, and no rule of this rulebook has a data-check code: the worksheet "
    'lists none; load the data-check pack with load_rulebook(checks="with")'
)

#: What keeps personal values in clear, as the library's notes name it (the command's is --keep-identities).
_KEEP = "keep_identities=True"
#: The keys of a dict that give the household's members (the model's field, and its title in a dict).
_MEMBERS = frozenset({"members", "家庭成员"})
#: The keys of the one column whose cell lists several values, the measures in place (已落实帮扶措施): a dict
#: may give them as a list, as :class:`Household` takes them.
_LISTED = MEASURES_HEADERS
#: The keys of a member's columns that list several labels (产业帮扶 …, :class:`~fanpin.model.member.Member`'s sets).
_MEMBER_LABELS = frozenset(
    str(key)
    for name, field in Member.model_fields.items()
    if field.annotation == frozenset[str]
    for key in (name, *getattr(field.validation_alias, "choices", ()))
)
#: A dict's values that are no one cell's value (written out as their text, ``['种植']``, they had been read).
_NOT_A_CELL = NOT_ONE_VALUE


def _household(value: Household | Mapping[str, Any]) -> Household:
    """``value`` as a :class:`Household`; anything but one or a record (an id, a list of records, None) is a
    :class:`ConfigError` naming its type, where it had been a bare ``AttributeError`` from inside."""
    if isinstance(value, Household):
        return value
    if not isinstance(value, Mapping):
        raise ConfigError(
            f"household is {type(value).__name__}, not a Household or a dict of one household's cells",
            fix="pass the record (a dict keyed by the export's headers or English names) or "
            "Household.model_validate(record); Scorer.score takes many households",
        )
    from fanpin.model.record import ASSESS_UNKNOWN_KEY_FIX, UNKNOWN_KEY_FIX

    try:
        return Household.model_validate(_as_cells(value))
    except RecordValidationError as exc:
        # Scorer.assess and plan take no extra=, which the model's fix names: how to drop a host's own keys for them
        if UNKNOWN_KEY_FIX in exc.fix:
            exc.fix = exc.fix.replace(UNKNOWN_KEY_FIX, ASSESS_UNKNOWN_KEY_FIX)
        raise


def household_record(record: object) -> object:
    """``record`` (a mapping of one household's cells) as :meth:`Scorer.assess` and :meth:`Scorer.score` read it,
    for :class:`Household` to validate: its keys named as a header names its columns (``户编号 `` as 户编号), the
    members given under 家庭成员 (their title) as ``members``, each member without a 户编号 of its own under its
    household's, and each value as its cell. Anything but a mapping is given back as it is, for the model to
    refuse. A web service whose request body is a :class:`Household` takes what the scorer takes by validating
    it through this first (``Annotated[Household, BeforeValidator(household_record)]``: ``Household`` alone
    refuses 家庭成员, which it reads as ``members`` only). A record holding a value that is no one cell's value (a
    dict, a list …), which :meth:`Scorer.assess` refuses with a :class:`ConfigError`, is given back with its keys
    named so and its values as they are, for the model to refuse, its input masked: a web framework shows the
    error of a validator of its own beside the whole body, in clear (names and ID numbers)."""
    if not isinstance(record, Mapping):
        return record
    try:
        return _as_cells(record)
    except ConfigError:
        try:
            named = dict(_headed_record(record, "record"))
        except ConfigError:  # two keys alike but for their spaces: the model refuses the one it does not know
            return record
        if "家庭成员" in named and "members" not in named:
            named["members"] = named.pop("家庭成员")
        return named


def _of_household(record: Mapping[str, Any], member: dict[Any, Any]) -> dict[Any, Any]:
    """A member given under its household without a 户编号 of its own takes the household's (it had been
    refused: "members.0.household_id: Field required"); one that gives another is left to the model, which
    refuses it."""
    if "户编号" in member or "household_id" in member:
        return member
    key = record.get("户编号", record.get("household_id"))
    return member if key is None else {"户编号": key, **member}


#: The keys the models know (English names, headers and their variants, the members' title), each as a header
#: names its column: a record keyed by them alone is named so already, told in one look (:func:`_headed_record`),
#: where trimming each key had cost a few microseconds of :meth:`Scorer.assess`.
_HEADED = frozenset(key for key in (*known_keys(Household), *known_keys(Member), *_MEMBERS) if header_text(key) == key)


def _headed_record(record: Mapping[Any, Any], where: str) -> Mapping[Any, Any]:
    """``record`` with its keys named as a file's header names its columns (:func:`_headed`: without the spaces
    and the characters no one sees at their ends), so that :meth:`Scorer.assess` and :meth:`Scorer.score`, with
    members or without, read one record alike: ``score`` had named a table's so and read `` 户编号``, where
    ``assess``, and ``score`` once the record gave its members, refused it as an unknown key. Two keys alike but
    for those characters are a :class:`ConfigError` naming ``where``: one column given twice."""
    if _HEADED.issuperset(record) or all(not isinstance(k, str) or header_text(k) == k for k in record):
        return record
    named: dict[Any, Any] = {}
    for key, value in record.items():
        name = header_text(key) if isinstance(key, str) else key
        if name in named:
            raise ConfigError(
                f"{where} gives {visible(key)} beside {name}: one column given twice, one of them would be ignored",
                fix="keep one of the two keys",
            )
        named[name] = value
    return named


def _as_cells(record: Mapping[str, Any], where: str = "record", *, member: bool = False) -> dict[Any, Any]:
    """A dict's values as a table of dicts gives them to the batch path (:func:`_cell`: a datetime as its
    date, a number or a date in a text column as its text, ``pd.NA`` and ``NaT`` unknown), so that
    :meth:`Scorer.assess` and :meth:`Scorer.score` read one record alike; the members' rows likewise (a
    member's labels, 产业帮扶 …, may be a list or a set, as :class:`~fanpin.model.member.Member` takes them).
    Its keys are named as a header names its columns (:func:`_headed_record`). A value that is no one cell's
    value (a list, a dict …) is a :class:`ConfigError` naming ``where``."""
    record = _headed_record(record, where)
    cells: dict[Any, Any] = {}
    for given, cell in record.items():
        kind = type(cell)
        if (kind is str or kind is int) and type(given) is str and given not in _MEMBERS:
            # Most of a host's cells: a text or a whole number, whose cell is its text (what the checks below
            # conclude for them, :func:`_plain_cell`), but a text holding half of a UTF-16 pair (refused below).
            plain = _plain_cell(cell)
            if plain is not None:
                cells[given] = plain
                continue
        value = array_as_list(cell)  # a pandas cell of a list column (to_dict of a frame read from Parquet)
        # 家庭成员, the members' title, names them too (unless the record gives members as well: refused)
        key = "members" if given == "家庭成员" and not member and "members" not in record else given
        if not member and key in _MEMBERS and isinstance(value, list | tuple):
            cells[key] = [
                _of_household(record, _as_cells(m, f"{where}[{given!r}][{i}]", member=True))
                if isinstance(m, Mapping)
                else m
                for i, m in enumerate(value)
            ]
        elif not isinstance(key, str):  # as Scorer.score refuses it (the model said "Keys should be strings")
            raise ConfigError(
                f"{where} has a key of type {type(key).__name__}, not a column's header",
                fix="key each value by its column's header (户编号, 工资性收入 …) or English name, as text",
            )
        elif not member and key in _MEMBERS and isinstance(value, Mapping):  # one member given alone
            raise ConfigError(
                f"{where}[{given!r}] is a dict, not a list of member rows",
                fix=f"give the members as a list, one dict a person, even for one: {given!r}: [{{…}}]",
            )
        elif (not member and key in _MEMBERS) or isinstance(value, Household) or is_yes_no_value(value):
            cells[key] = value  # members given otherwise, yes/no values: as given, for the model to judge
        elif member and key in _MEMBER_LABELS and isinstance(value, list | tuple | set | frozenset):
            cells[key] = value
        else:
            _refuse_not_a_cell(where, key, value)
            # a NaN as it is: the model refuses it in a text column, and as it refuses "nan" in the others; so is a
            # list of measures that holds one (its text "nan" had been counted as a measure)
            cells[key] = value if _holds_nan(key, value) else _record_cell(key, value)
    return cells


def _plain_cell(value: str | int) -> str | None:
    """The cell of a value whose type is exactly ``str`` or ``int`` (not a bool, an enum, a :class:`Pii`), as
    :func:`_record_cell` gives it once :func:`_refuse_not_a_cell` has passed it: the text itself, the number's
    digits; None for a text holding half of a UTF-16 pair, which the general path refuses. A shortcut: a
    record's dozen such cells had cost the general path's checks some 20 µs of a 135 µs :meth:`Scorer.assess` of a dict
    (tests/test_scorer.py holds the two to the same cells)."""
    if isinstance(value, int):  # exactly an int: the caller looked at its type
        return str(value)
    return None if _SURROGATE.search(value) else value


def _refuse_not_a_cell(where: str, key: str, value: object) -> None:
    """A :class:`ConfigError` for a value that is no one cell's value (a list, a dict …), naming the record and
    the key, never the value; the measures in place may be a list or a tuple of measures (:data:`_LISTED`).
    Bytes are text not yet decoded, refused so by the models too (:data:`~fanpin.model.values.NOT_DECODED`)."""
    if isinstance(value, BINARY):
        raise ConfigError(f"{where}[{key!r}] is {type(value).__name__}, not text", fix=DECODE_BINARY)
    if _not_a_cell(key, array_as_list(value)):
        raise ConfigError(
            f"{where}[{key!r}] is {a_kind(value)}, not one cell's value",
            fix="give each column one text, number or date (贷款用途 as one text, e.g. '种植'; an object of your own "
            "as its text, str(value))",
        )
    half = _half_pair(value)
    if half is not None:
        raise ConfigError(f"{where}[{key!r}] {half}", fix=_HALF_PAIR_FIX)


def _not_a_cell(key: str, value: object) -> bool:
    """Whether ``value`` is no one cell's value (:data:`_NOT_A_CELL`: a list, a set, a dict, bytes; an object of
    no kind a cell holds, :func:`~fanpin.model.values.is_cell_value`: ``object()``, a UUID, whose Python text had
    been scored), but a list or a tuple of the measures in place (:data:`_LISTED`), which a dict and a frame may
    give them as, unless one of them is no cell's value either (a list of lists: its text had been read as a
    measure)."""
    if key in _LISTED and isinstance(value, list | tuple):
        return any(_not_a_cell("", array_as_list(v)) for v in value)
    return isinstance(value, _NOT_A_CELL) or not is_cell_value(value)


#: Half of a UTF-16 pair: a character with no UTF-8 form.
_SURROGATE = re.compile("[\ud800-\udfff]")
#: What to do with a text holding half of a UTF-16 pair (:func:`_half_pair`).
_HALF_PAIR_FIX = "decode the text as the UTF-8 (or GBK) it was written in, or give the character itself"


def _half_pair(value: object) -> str | None:
    """What is wrong with a text holding a lone surrogate (``"\\ud800"``: text decoded with
    ``errors="surrogateescape"``, or a JSON ``\\u`` escape), which has no UTF-8 form and had stopped polars
    with a bare ``UnicodeEncodeError``; None for any other value. Names its code point, never the text."""
    if not isinstance(value, str):
        return None
    found = _SURROGATE.search(value)
    return None if found is None else f"holds half of a UTF-16 pair (U+{ord(found.group()):04X}), not a character"


#: The household's text columns (a name, a code, 贷款用途 …), where a dict's float NaN is refused as the model
#: refuses it (:data:`~fanpin.model.values.NOT_TEXT`): its text ``nan`` had been read as a 户编号 or a name.
_TEXT_FIELDS = frozenset(name for name, field in Household.model_fields.items() if Kind.TEXT in field.metadata)


def _holds_nan(key: str, value: object) -> bool:
    """Whether ``value`` is a float NaN, or, as the measures in place (:data:`_LISTED`), a list holding one."""
    value = array_as_list(value)
    if key in _LISTED and isinstance(value, list | tuple):
        return any(is_nan(v) for v in value)
    return is_nan(value)


def _holds_yes_no(key: str, value: object) -> bool:
    """Whether ``value`` is a yes/no value (a bool), or, as the measures in place (:data:`_LISTED`), a list
    holding one."""
    value = array_as_list(value)
    if key in _LISTED and isinstance(value, list | tuple):
        return any(is_yes_no_value(v) for v in value)
    return is_yes_no_value(value)


def _not_texts(records: list[Mapping[str, Any]]) -> list[tuple[int, str, str, str]]:
    """The line (from 2), key, cell (``nan``, ``true``, or the measures listed with it) and reason of each float
    NaN (:data:`~fanpin.model.values.NOT_TEXT`) or yes/no value (:data:`~fanpin.model.values.NOT_TEXT_BOOL`) in
    a text column of ``records``, or in the measures in place (alone or in their list): the model refuses it
    there as no text, and its text (``nan``, ``True``) had been read as a 户编号 or a name, or counted as a
    measure, by Scorer.score."""
    from fanpin.model.columns import ALIASES
    from fanpin.model.values import NOT_TEXT, NOT_TEXT_BOOL

    found = []
    for line, record in enumerate(records, start=2):
        for key, value in record.items():
            if ALIASES.get(key) in _TEXT_FIELDS or key in _LISTED:
                reason = NOT_TEXT if _holds_nan(key, value) else NOT_TEXT_BOOL if _holds_yes_no(key, value) else None
                if reason is not None:
                    found.append((line, key, _record_cell(key, value) or "", reason))
    return found


def _frame_yes_no_texts(data: Any) -> list[tuple[int, str, str, str]]:
    """As :func:`_not_texts`, the yes/no values in a frame's text columns (a polars or pandas Boolean column, a
    pandas object column's bools) and in its measures in place: a Boolean column cast to text had been read as
    the 户编号 or the name ``true`` (a dict's ``True``), or counted as a measure."""
    import polars as pl

    from fanpin.model.columns import ALIASES
    from fanpin.model.values import NOT_TEXT_BOOL

    found = []
    for name in data.columns:
        key = header_text(str(name))
        if not (ALIASES.get(key) in _TEXT_FIELDS or key in _LISTED):
            continue
        if isinstance(data, pl.DataFrame):
            column = data.get_column(name)
            if column.dtype == pl.Boolean:
                values: list[object] = column.to_list()
            elif isinstance(column.dtype, pl.List | pl.Array) and column.dtype.inner == pl.Boolean:
                values = [None if v is None else [*v] for v in column.to_list()]
            else:
                continue
        else:
            values = [array_as_list(v) for v in data[name].tolist()]
        found += [
            (line, key, _record_cell(key, value) or "", NOT_TEXT_BOOL)
            for line, value in enumerate(values, start=2)
            if _holds_yes_no(key, value)
        ]
    return sorted(found)


def _refused_nan_texts(
    valid: pl.DataFrame,
    rejected: pl.DataFrame,
    not_text: list[tuple[int, str, str, str]],
    frame: pl.DataFrame,
    *,
    mask: bool,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The valid rows without those of ``not_text`` (line, header, cell, reason: a NaN or a yes/no value in a
    text column), and the refusals with one for each of them (its reason, the cell as the model's refusal shows
    it, ``nan`` or ``true``, masked in a personal column unless not ``mask``) instead of what the empty cell it
    was validated as gave (required value is empty …)."""
    import polars as pl

    from fanpin.model.columns import ALIASES, masked_cell

    id_header = next((h for h in frame.columns if ALIASES.get(h) == "household_id"), None)
    ids = frame.get_column(id_header).fill_null("") if id_header is not None else None
    refusals = pl.DataFrame(
        [
            (
                line,
                "" if ids is None else ids[line - 2].strip(),
                header,
                masked_cell(header, cell) if mask else cell,
                reason,
            )
            for line, header, cell, reason in not_text
        ],
        schema=rejected.schema,
        orient="row",
    )
    pairs = pl.DataFrame(
        [(line, header) for line, header, _, _ in not_text],
        schema={"line": rejected.schema["line"], "column": pl.String},
        orient="row",
    )
    rejected = pl.concat([rejected.join(pairs, on=["line", "column"], how="anti"), refusals])
    lines = sorted({line for line, _, _, _ in not_text})
    return valid.filter(~pl.col("__line").is_in(lines)), rejected.sort("line", maintain_order=True)


def _is_households(data: Any) -> bool:
    if not isinstance(data, list | tuple):
        return False
    return bool(data) and all(isinstance(h, Household) for h in data)


def _keys_masked(
    scored: pl.DataFrame, rejected: pl.DataFrame, notes: tuple[str, ...], *, lang: Lang, keep_identities: bool
) -> Scored:
    """An in-memory table's result as a file's run writes it: a 户编号 that is a person's masked in the scored
    rows and the refused ones (their personal cells too) unless ``keep_identities``, the reasons in ``lang``,
    and the note ``fanpin score`` prints of such 户编号, counting the scored rows and the refused lines (a host
    had seen them masked, and not why)."""
    from fanpin.io.sinks import reasons_in
    from fanpin.pipeline.run import host_reasons

    if not rejected.height:
        rejected = _no_rejections()
    rejected = host_reasons(rejected)
    masked = 0
    if not keep_identities:
        from fanpin.pipeline.scored import masked_key_column, masked_refusals, personal_keys_note

        scored, masked = masked_key_column(scored)
        if rejected.height:
            shown = masked_refusals(rejected)
            changed = (shown.get_column("household_id") != rejected.get_column("household_id")).fill_null(False)
            masked += shown.filter(changed).get_column("line").n_unique()
            rejected = shown
        notes = (*notes, personal_keys_note(masked, _KEEP)) if masked else notes
    return Scored(scored, reasons_in(lang, rejected) if rejected.height else rejected, notes)


def _no_rejections() -> pl.DataFrame:
    import polars as pl

    from fanpin.results.columns import REJECTED_COLUMNS

    return pl.DataFrame(schema={"line": pl.Int64} | dict.fromkeys(REJECTED_COLUMNS[1:], pl.String))


def _headed(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with its column names as a file's header names them (:func:`~fanpin.model.values.header_text`:
    trimmed, without the characters no one sees): a pandas frame read from a clerk's sheet by its host names
    ``户编号 `` as the sheet does, and was refused for a 户编号 it has. Two names alike but for those characters
    are refused as one column given twice (the second named with them shown: ``核查人<U+200B>``)."""
    names = [header_text(name) for name in frame.columns]
    if names == frame.columns:
        return frame
    seen: set[str] = set()
    for written, name in zip(frame.columns, names, strict=True):
        if name in seen:
            raise InputFileError(
                f"the column {visible(written)} is given twice: one of them would be ignored",
                fix="keep one of the two columns",
                location=Location("<table>"),
            )
        seen.add(name)
    return frame.rename(dict(zip(frame.columns, names, strict=True)))


def _refuse_read_index(data: Any, headers: list[str]) -> None:
    """Refuses a pandas frame whose index is named as a column fanpin reads (``frame.set_index("户编号")``,
    ``read_excel(…, index_col=0)``): the index is not read, so its 户编号 had been told missing ("add the
    column"), and a fact (住房出现安全问题) or an export's 人编号 left out without a word. An index of the host's
    own (a database's ids) is no column fanpin reads, and is left out as before."""
    from fanpin.model.columns import ALIASES
    from fanpin.model.export_columns import export_field

    for name in getattr(data.index, "names", ()):
        if name is None or str(name) in headers:
            continue
        written = header_text(str(name))
        if written in ALIASES or export_field(written) is not None:
            raise ConfigError(
                f"data's index is named {written}, and fanpin reads only its columns: its {written} would be left out",
                fix="pass data.reset_index() (the index as a column), or build the frame without set_index",
            )


def _text_frame(data: Any) -> pl.DataFrame:
    """A table of export cells as text: polars, pandas (no pyarrow needed) or an iterable of dicts."""
    import polars as pl

    from fanpin.io.readers import as_text, refuse_nested_columns

    if isinstance(data, pl.DataFrame):
        frame = data
    elif type(data).__module__.startswith("pandas"):
        if not hasattr(data, "columns"):  # a Series or an Index: no headers
            raise ConfigError(
                f"data is a pandas {type(data).__name__}, not a table of households",
                fix="pass a DataFrame (one row per household, its headers as columns); series.to_frame().T for one",
            )
        headers = [str(name) for name in data.columns]
        _refuse_read_index(data, headers)
        twice = next((name for name in headers if headers.count(name) > 1), None)
        if twice is not None:  # a dict of columns would keep the last one without a word
            raise InputFileError(
                f"the column {twice} is given twice: one of them would be ignored",
                fix="keep one of the two columns",
                location=Location("<table>"),
            )
        columns = enumerate(data.items(), start=1)
        frame = pl.DataFrame(
            {str(n): _pandas_column(i, str(n), column) for i, (n, column) in columns}, nan_to_null=True
        )
    else:
        records = _records(data)
        names = dict.fromkeys(k for r in records for k in r)
        frame = pl.DataFrame(
            {n: [_record_cell(n, r.get(n)) for r in records] for n in names}, schema=dict.fromkeys(names, pl.String)
        )
        if records and not names:  # rows of nothing: still rows (refused for their missing columns)
            frame = pl.DataFrame([{}] * len(records))
    if not frame.width:
        return frame
    # The measures in place as a list per row (a frame of Household dumps): one cell of them, as in a dict.
    # (A list of lists is no list of measures: left to be refused below, naming its column, where casting
    # its items to text had raised a bare polars InvalidOperationError.)
    listed = [
        n
        for n, t in frame.schema.items()
        if n in _LISTED and isinstance(t, pl.List | pl.Array) and not t.inner.is_nested()
    ]
    if listed:
        frame = frame.with_columns(
            _joined(pl.col(n).arr.to_list() if frame.schema[n] == pl.Array else pl.col(n)) for n in listed
        )
    refuse_nested_columns(
        frame.schema, Location("<table>"), fix=lambda name, kind: _frame_fix(name, binary=kind == pl.Binary)
    )
    return frame.select(as_text(frame.schema))


#: Why a frame's column of members (家庭成员, each cell a list of member rows) is refused: a frame is one row a
#: household, and a cell holds one value (it had been told to give that column one value per row).
_MEMBERS_IN_FRAME = (
    "a frame is one row a household, without its members: pass the households as dicts, each with its members "
    "(frame.to_dicts() of polars, frame.to_dict('records') of pandas), or the person-level export's file"
)


def _frame_fix(name: str, *, binary: bool) -> str:
    """What to do with a frame's column whose cells are not one value each: ``binary`` cells are text not yet
    decoded, the members' column belongs in the records (:data:`_MEMBERS_IN_FRAME`)."""
    if name in _MEMBERS:
        return _MEMBERS_IN_FRAME
    return DECODE_BINARY if binary else "give that column one text, number or date per row"


def _records(data: Any) -> list[Mapping[str, Any]]:
    """The dicts of an iterable of dicts, else a :class:`ConfigError` naming what was given (its type and
    position, never its values)."""
    fix = "pass a list of dicts (one per household, export headers as keys), a list of Household, or a DataFrame"
    if isinstance(data, Mapping):
        raise ConfigError("data is one dict, not a table of households", fix=f"{fix}: [record] for one household")
    if isinstance(data, str | bytes) or not isinstance(data, Iterable):
        lazy = _is_lazy_frame(data)  # its rows are read once it is collected: say how
        raise ConfigError(
            f"data is {type(data).__name__}, not a table of households",
            fix="collect it first: data.collect() is a DataFrame" if lazy else fix,
        )
    records = list(data)
    for i, record in enumerate(records):
        if isinstance(record, Household):
            raise ConfigError(
                f"data[{i}] is a Household, but data is not a list (or tuple) of Household only",
                fix="pass a list of Household objects only, or of dicts only (Household.model_validate makes one "
                "from a dict)",
            )
        if not isinstance(record, Mapping):
            raise ConfigError(f"data[{i}] is {type(record).__name__}, not a dict of one household's cells", fix=fix)
        records[i] = record = _headed_record(record, f"data[{i}]")
        for key, value in record.items():
            if not isinstance(key, str):
                raise ConfigError(
                    f"data[{i}] has a key of type {type(key).__name__}, not a column's header",
                    fix="key each value by its column's header (户编号, 工资性收入 …) or English name, as text",
                )
            if key not in _MEMBERS:
                _refuse_not_a_cell(f"data[{i}]", key, value)
    return records


def _one_header_each(records: list[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """``records`` with each column fanpin reads under one key, the first the records give it (户编号 for
    ``household_id`` when the first record to give the column says 户编号): records gathered from two sources,
    one keyed by the export's headers and one by the English names, are each a household
    :meth:`Scorer.assess` scores, and a list of them had been refused as a table with both columns (``columns
    户编号 and household_id are the same column``). A record that gives one column under two keys is left as
    it is, and refused so, as :meth:`Scorer.assess` refuses it."""
    from fanpin.model.columns import ALIASES

    # The usual list names each column one way: told from the keys the records use (a union made in C), it is
    # given back as it is, without a walk of every record's keys in Python.
    named = [ALIASES[k] for k in set().union(*records) if k in ALIASES]
    if len(named) == len(set(named)):
        return records
    first: dict[str, str] = {}
    for record in records:
        for key in record:
            if key in ALIASES:
                first.setdefault(ALIASES[key], key)
    renamed: list[Mapping[str, Any]] = []
    for record in records:
        fields = [ALIASES[key] for key in record if key in ALIASES]
        if len(fields) != len(set(fields)) or all(first[ALIASES[k]] == k for k in record if k in ALIASES):
            renamed.append(record)
        else:
            renamed.append({first[ALIASES[k]] if k in ALIASES else k: v for k, v in record.items()})
    return renamed


def _is_lazy_frame(data: object) -> bool:
    """Whether ``data`` is a polars LazyFrame (a query, not yet a table), without importing polars."""
    return type(data).__name__ == "LazyFrame" and type(data).__module__.startswith("polars")


def _joined(measures: pl.Expr) -> pl.Expr:
    """A list column of the measures in place as one cell of them per row, as :func:`_record_cell` makes it."""

    from fanpin._polars import trimmed_items

    return trimmed_items(measures).list.join(";")


def _pandas_column(position: int, name: str, column: Any) -> Any:
    """A pandas column as a polars Series without pyarrow: numpy-backed values as they are, others as text.
    A cell that is a list, a dict … is refused, as a polars column of them is (it had been read as its text:
    ``[]``, the measures in place of a Household's dump, was one measure), but in the measures in place."""
    import polars as pl

    if column.dtype.kind in "biuf" and not hasattr(column.dtype, "na_value"):
        return pl.Series(column.to_numpy(), nan_to_null=True)
    if column.dtype.kind == "M" and getattr(column.dtype, "tz", None) is None:
        # pandas 3 makes seconds ([s]), which polars does not take; microseconds hold any of them exactly.
        return pl.Series(column.to_numpy().astype("datetime64[us]"))  # with a time zone: each Timestamp's date
    given = column.tolist()
    values = [array_as_list(v) for v in given]  # a list column's cells (to_pandas, read_parquet): their lists
    odd = next((g for g, v in zip(given, values, strict=True) if _not_a_cell(name, v)), None)
    if name in _LISTED and odd is None:
        return pl.Series([_record_cell(name, v, nan=None) for v in values], dtype=pl.String)
    half = next((h for v in values if (h := _half_pair(v)) is not None), None)
    if half is not None:
        raise InputFileError(f"column {position} ({name}) {half}", fix=_HALF_PAIR_FIX, location=Location("<table>"))
    if odd is not None:
        raise InputFileError(
            f"column {position} ({name}) holds {type(odd).__name__} values, not one text, number or date per cell",
            fix=_frame_fix(name, binary=isinstance(odd, BINARY)),
            location=Location("<table>"),
        )
    return pl.Series([_cell(v) for v in values], dtype=pl.String)


def _cell(value: Any, *, nan: str | None = None) -> str | None:
    """A cell as text; None is unknown. A float NaN is ``nan``: pandas' missing value in its object columns
    (unknown), or, in a dict, a value that is not a number, refused as Household.model_validate refuses
    it (``nan="nan"``); in a dict's text column the model refuses it as no text (:func:`_nan_texts`)."""
    if value is None or type(value).__name__ in PANDAS_MISSING:
        return None
    if isinstance(value, Pii):  # as the models hold a personal value (dict(household)): its text had been masked
        return value.reveal()
    if isinstance(value, Enum):  # a member of a vocabulary, as the models hold one: its value, as the models read it
        return _cell(value.value, nan=nan)
    if is_nan(value):
        return nan
    if is_yes_no_value(value):  # as a polars or pandas Boolean column gives it (a dict's had been True)
        return yes_no_text(value)
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return written_out(value)  # a Decimal in digits: 2E+4 is 20000, as the model reads it


def _record_cell(key: str, value: Any, *, nan: str | None = "nan") -> str | None:
    """A dict's value as its cell's text (:func:`_cell`); the measures in place given as a list
    (:data:`_LISTED`) as one cell of them, separated by semicolons as an export separates them, where
    the list's own text (``[]``, ``['产业帮扶']``) had been read as one measure."""
    value = array_as_list(value)  # a pandas cell of a list column (Scorer.score refuses one elsewhere)
    if key in _LISTED and isinstance(value, list | tuple):
        return joined_measures(_cell(v, nan=nan) or "" for v in value)
    return _cell(value, nan=nan)
