"""Scoring files and households end to end: read → validate → evaluate → plan.

>>> from datetime import date
>>> from fanpin import Engine, load_rulebook
>>> from fanpin.scoring import score_file
>>> engine = Engine(load_rulebook())
>>> info, results = score_file(engine, "examples/data/households.csv", as_of=date(2025, 6, 30), region="532328")
>>> first = next(results)
>>> first.assessment.household_id
'H5323280001'
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from fanpin.engine import Engine
from fanpin.household import Household
from fanpin.plan import build_plan
from fanpin.readers import HouseholdFile, ReadRow, RejectedRow, read_households
from fanpin.writers import ScoredRow

__all__ = ["has_labour", "score_file", "score_household"]


def has_labour(household: Household) -> bool | None:
    """As the rules' ``has_labour`` reads it: the labour count decides when known (a contradicting
    整户无劳动能力 flag is the data check ``data.labour_contradiction``); else the flag; else unknown."""
    if household.labor_count is not None:
        return household.labor_count > 0
    if household.no_labor_household:
        return False
    return None


def score_household(engine: Engine, household: Household, *, as_of: date, region: str | None = None) -> ScoredRow:
    assessment = engine.evaluate(household, as_of=as_of, region=region)
    plan = build_plan(assessment, engine.rulebook.measures, has_labour=has_labour(household))
    return ScoredRow(assessment, plan, {})


def score_file(
    engine: Engine, path: str | Path, *, as_of: date, region: str | None = None
) -> tuple[HouseholdFile, Iterator[ScoredRow | RejectedRow]]:
    """Score a household file lazily, in input order; rejected rows come in their place."""
    info, rows = read_households(path, region=region)

    def results() -> Iterator[ScoredRow | RejectedRow]:
        for row in rows:
            if isinstance(row, ReadRow):
                scored = score_household(engine, row.household, as_of=as_of, region=region)
                yield ScoredRow(scored.assessment, scored.plan, row.passthrough)
            else:
                yield row

    return info, results()
