"""Running the cases every rule carries (fires / silent / not evaluable) through the real engine.

>>> from fanpin import Engine, load_rulebook
>>> from fanpin.cases import run_cases
>>> book = load_rulebook()
>>> [r for r in run_cases(book, Engine(book)) if not r.passed]
[]
"""

from __future__ import annotations

from dataclasses import dataclass

from fanpin.engine import Engine
from fanpin.errors import FanpinError
from fanpin.rulebook import Rulebook

__all__ = ["CaseResult", "run_cases"]


@dataclass(frozen=True)
class CaseResult:
    rule_id: str
    case: str
    expected: str
    actual: str
    location: str

    @property
    def passed(self) -> bool:
        return self.expected == self.actual

    def __str__(self) -> str:
        mark = "ok" if self.passed else "FAILED"
        return f"{self.location}: {self.rule_id} / {self.case}: expected {self.expected}, got {self.actual} [{mark}]"


def run_cases(book: Rulebook, engine: Engine | None = None) -> list[CaseResult]:
    """Every case of every rule. A rule's cases run against the rulebook as it stood after the folder
    that defined it: a county that changes its line does not break the reference rules' own cases,
    while its own rules are checked with everything it changed."""
    results = []
    engines: dict[int, Engine] = {}
    if engine is not None:
        engines[len(book.folders) - 1] = engine
    for rule in book.rules.values():
        if rule.layer not in engines:
            engines[rule.layer] = Engine(book.layer(rule.layer))
        engine_at = engines[rule.layer]
        for case in rule.spec.cases:
            try:
                a = engine_at.evaluate_facts(
                    case.facts,
                    as_of=case.as_of or rule.case_defaults.as_of,
                    region=case.region or rule.case_defaults.region,
                )
                actual = (
                    "fires" if rule.id in a.flag_ids else "not_evaluable" if rule.id in a.not_evaluable else "silent"
                )
            except FanpinError as exc:
                actual = f"error: {exc}"
            results.append(CaseResult(rule.id, case.name, case.expect, actual, str(rule.location)))
    return results
