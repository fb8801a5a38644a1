"""The clerk's worksheet (``fanpin score … --findings findings.xlsx``): one row per finding of a data check.

A finding is a fired rule that has national data-check codes (``codes:``, the pack of ``rules/checks/``),
listed under each of its codes whose population the household is in (:mod:`fanpin.results.codes`); a
``scope: member`` check gives one row per member it fired for. Reference risk rules have no code: they
are in the scored table, not here.

The rows are built from the scored households' JSON Lines records — the same bytes on both engines —
so the worksheet is the same whichever engine scored the file. Each row holds:

- the code, its message (the rule's title in the run's language) and the rule id;
- where: 县, 乡, 村 — their names when the input has them (the person-level export), else the first 6,
  9 and 12 digits of 行政区划代码 — and 户编号;
- who, for a member check: the member's ID number and name, both masked, and the line of the member's
  row (else the household's first line);
- why: the fields compared, their values (ID and mobile numbers in them masked) and each comparison as
  a sentence, one per line.

Rows are sorted by code, 县, 乡, 村, 户编号, member and line by the writer (:mod:`fanpin.io.findings`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import polars as pl

from fanpin.io.export import ExportHousehold
from fanpin.masking import mask_numbers
from fanpin.model.member_facts import member_reference
from fanpin.results.assessment import Comparison, ParameterUse
from fanpin.results.findings import FINDING_COLUMNS, FINDING_HEADERS, FINDING_SCHEMA
from fanpin.results.sentences import Lang, comparison_text, fact_name, value_text
from fanpin.rulebook import Rulebook

__all__ = ["FINDING_COLUMNS", "FINDING_HEADERS", "FINDING_SCHEMA", "Roster", "finding_rows", "roster_of"]

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
class Roster:
    """What the person-level export tells of a chunk's households beyond their records: per household
    (its position in the chunk) its 县, 乡 and 村 names, and per member its reference (as findings name
    it: :func:`fanpin.model.member_facts.member_reference`), masked name and line."""

    places: pl.DataFrame  # __h, county, township, village
    members: pl.DataFrame  # __h, member_id, __k (its occurrence among equal references), member_name, line


def roster_of(households: Sequence[ExportHousehold]) -> Roster:
    """The :class:`Roster` of a chunk of export households (in the order they are scored)."""
    places: list[tuple[int, str | None, str | None, str | None]] = []
    members: list[tuple[int, str, int, str | None, int]] = []
    for h, read in enumerate(households):
        first = read.members[0] if read.members else None
        places.append((h, *((first.county, first.town, first.village) if first is not None else (None, None, None))))
        seen: dict[str, int] = {}
        for n, (member, line) in enumerate(zip(read.members, read.lines, strict=False), start=1):
            who = member_reference(member, n)
            seen[who] = seen.get(who, 0) + 1
            name = member.name.masked if member.name is not None else None
            members.append((h, who, seen[who], name, line))
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
            },
            orient="row",
        ),
    )


def finding_rows(
    records: pl.Series, lines: pl.Series, roster: Roster | None, book: Rulebook, lang: Lang
) -> pl.DataFrame:
    """The findings of a chunk (columns :data:`FINDING_COLUMNS`, unsorted) from its scored households'
    JSON Lines records (``records``, in the order scored), the line each household starts on, and for
    the person-level export its :class:`Roster`."""
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
    why = _explained(flags.get_column("explanation"), lang)
    flags = flags.with_columns(why).drop("explanation")
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
    if roster is not None:
        members = members.join(roster.places, on="__h", how="left").join(
            roster.members, on=["__h", "member_id", "__k"], how="left"
        )
    else:
        members = members.with_columns(
            pl.lit(None, dtype=pl.String).alias("member_name"), pl.lit(None, dtype=pl.Int64).alias("line")
        )
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
    )


def _explained(explanations: pl.Series, lang: Lang) -> list[pl.Series]:
    """The ``fields``, ``values`` and ``basis`` columns of the flags' explanations (one comparison a line):
    each distinct explanation is written once."""
    texts: dict[str, tuple[str, str, str]] = {}
    fields, values, basis = [], [], []
    for comparisons in explanations.to_list():
        key = repr(comparisons)
        if key not in texts:
            parsed = [_comparison(c) for c in comparisons or ()]
            texts[key] = (
                "\n".join(fact_name(c, lang) for c in parsed),
                "\n".join(mask_numbers(value_text(c, lang)) for c in parsed),
                "\n".join(mask_numbers(comparison_text(c, lang)) for c in parsed),
            )
        f, v, b = texts[key]
        fields.append(f)
        values.append(v)
        basis.append(b)
    return [
        pl.Series("fields", fields, pl.String),
        pl.Series("values", values, pl.String),
        pl.Series("basis", basis, pl.String),
    ]


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
