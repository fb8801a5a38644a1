"""Engines made on the same rulebook's content share their compiled programs: a command's run, or a host
making an engine per request, compiles each program once in the process, not once an engine. A rulebook
whose rules differ (another folder, a rule a host replaced) has programs of its own."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from fanpin import load_rulebook
from fanpin.batch import BatchEngine
from tests.helpers import AS_OF, REGION
from tests.paths import EXAMPLES

ROWS = [{"household_id": "H1", "income_per_capita": 869_999}, {"household_id": "H2", "income_per_capita": 2_000_000}]


def _scored(engine: BatchEngine) -> list[dict[str, object]]:
    return engine.score(ROWS, as_of=AS_OF, region=REGION, lang="en").to_dicts()


def test_engines_on_a_rulebook_loaded_again_share_their_programs(tmp_path: Path) -> None:
    folder = tmp_path / "county"
    shutil.copytree(EXAMPLES / "county_override", folder)
    first, again = BatchEngine(load_rulebook(folder)), BatchEngine(load_rulebook(folder))
    scored = _scored(first)
    assert again._programs is first._programs and again._lock is first._lock
    assert len(first._programs) == 1  # the other engine's call used the program made by the first
    assert _scored(again) == scored and len(first._programs) == 1


def test_other_rules_have_programs_of_their_own(tmp_path: Path) -> None:
    reference = BatchEngine(load_rulebook())
    folder = tmp_path / "county"
    shutil.copytree(EXAMPLES / "county_override", folder)
    county = BatchEngine(load_rulebook(folder))
    assert county._programs is not reference._programs
    # A host's rulebook with one rule replaced (its version left as it was) is not the loaded one.
    book = load_rulebook()
    rule = book.rules["income.below_line"]
    book.rules["income.below_line"] = replace(rule, spec=rule.spec.model_copy(update={"level": "yellow"}))
    replaced = BatchEngine(book)
    assert replaced._programs is not reference._programs
    levels = [row["alert_level"] for row in _scored(replaced)]
    assert levels != [row["alert_level"] for row in _scored(reference)]
