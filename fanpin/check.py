"""What ``fanpin check`` reports on a rulebook: its rules' own cases, and static checks beyond what
loading already enforces.

- **Cases.** Every rule's cases (fires / silent / not evaluable) run through the real engine.
- **The classic checker bugs** (:mod:`fanpin.rulebook.lint`): conditions no household can satisfy
  (an error: the rule never fires), conditions that are never false, tests that are never true, rules
  that duplicate or add nothing to another, ``and`` and ``or`` mixed without parentheses, rules
  without the required kinds of cases, and cases with facts no household can have.
- **Parameter coverage.** Dates or regions for which a parameter has no value. Scoring such a
  household stops with an error, so the check lists them in advance. Coverage is checked from the
  earliest value on.
- **Band order.** The income bands need 1 < ``near_line_multiple`` < ``over_inclusion_multiple`` and a
  monitoring line above 0 for every region and date with values; otherwise bands overlap, leave a gap or
  are empty.

>>> from fanpin import Engine, load_rulebook
>>> book = load_rulebook()
>>> [r for r in run_cases(book, Engine(book)) if not r.passed]
[]
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from fanpin.durable.engine import Engine
from fanpin.errors import ConfigError, FanpinError, Location, ParameterLookupError
from fanpin.model.facts import FACTS, said_fact
from fanpin.model.member_facts import MEMBER_FACTS, fact_cell
from fanpin.model.parameters import ParameterSpec, ParameterValue
from fanpin.model.values import is_empty
from fanpin.results.assessment import RuleTrace
from fanpin.rulebook import Rulebook, reference_rules_dir
from fanpin.rulebook.lint import Finding, case_fact_problems, case_member_problems, lint_rulebook

__all__ = ["CaseResult", "Finding", "check_rulebook", "layers", "run_cases"]


@dataclass(frozen=True)
class CaseResult:
    """One case's outcome. ``reported``: the case could not run because of a fact the static checks
    report already (an unknown name, a value of the wrong type or one no household can have:
    :func:`~fanpin.rulebook.lint.case_fact_problems`),
    so ``fanpin check`` counts it among the cases that fail but prints and counts that mistake once."""

    rule_id: str
    case: str
    expected: str
    actual: str
    location: str
    reported: bool = False
    #: For a case not evaluable where it should not be: the tests of the rule's condition left unknown, and
    #: why (a fact the case does not give, a parameter without a value). A rule author otherwise had no
    #: hint, e.g. that giving wage_income and size does not give income_per_capita: a case's facts are the
    #: rule's facts, not a household's cells.
    unknown: str = ""
    #: For a case that fires or stays silent where it should not: the tests of the rule's condition that
    #: decided it, with their values (``income_per_capita 5000 < deep_low_line 5000 is false``). A wrong
    #: expectation had been told ``expected fires, got silent`` alone, not which test went the other way.
    decided: str = ""

    @property
    def passed(self) -> bool:
        return self.expected == self.actual

    def __str__(self) -> str:
        mark = "ok" if self.passed else "FAILED"
        why = self.unknown or self.decided
        got = f"{self.actual} ({why})" if why and not self.passed else self.actual
        return f"{self.location}: {self.rule_id} / {self.case}: expected {self.expected}, got {got} [{mark}]"


#: The names a case may give (:func:`_facts_read`).
_READ = frozenset(FACTS) | frozenset(MEMBER_FACTS)


def layers(book: Rulebook) -> tuple[dict[int, Rulebook], list[Finding]]:
    """The rulebook as it stood after each folder of ``book`` (:meth:`~fanpin.rulebook.Rulebook.layer`), and an
    error for each error of a folder's rules that a later folder hides: a rule replaced by a later folder's is
    not in ``book``, nor its condition type-checked there, so a county's rule whose fact is misspelt, written
    again by a township's folder, had been passed without a word (and its cases not run). A folder whose
    rulebook cannot be loaded is not in the first (its errors are in the second)."""
    books: dict[int, Rulebook] = {len(book.folders) - 1: book}
    errors: dict[str, Finding] = {}
    for layer in range(len(book.folders) - 1):
        try:
            books[layer] = book.layer(layer)
        except ConfigError as exc:
            for error in getattr(exc, "errors", (exc,)):
                found = Finding("error", error.message, error.location, error.fix, error.code)
                errors.setdefault(str(found), found)
    return books, list(errors.values())


def run_cases(book: Rulebook, engine: Engine | None = None) -> list[CaseResult]:
    """Every case of every rule of each folder. A rule's cases run against the rulebook as it stood after
    the folder that defined it: a county that changes its line does not break the reference rules' own cases,
    while its own rules are checked with everything it changed; a rule a later folder writes again is checked as
    its own folder left it too (:func:`layers`: a folder whose rules cannot be loaded runs none)."""
    results = []
    engines: dict[int, Engine] = {}
    if engine is not None:
        engines[len(book.folders) - 1] = engine
    books, _ = layers(book)
    # each folder's own rules: those a later folder replaced too (not those left out, checks="only"'s reference
    # rules, or switched off)
    written = [
        rule
        for layer, at in sorted(books.items())
        for rule in at.rules.values()
        if rule.layer == layer and rule.id in book.rules
    ]
    for rule in written:
        if rule.layer not in engines:
            engines[rule.layer] = Engine(books[rule.layer])
        engine_at = engines[rule.layer]
        locations = rule.case_locations or (rule.location,) * len(rule.spec.cases)
        for case, location in zip(rule.spec.cases, locations, strict=False):
            reported, unknown, decided = False, "", ""
            problem = next(iter((*case_fact_problems(case.facts), *case_member_problems(case.members))), None)
            if problem is not None:
                # A value no household can have (size 0, 13 months of a public job) reads without an error: such
                # a case ran, and passed, or failed and was said twice. It cannot run; the finding says why.
                actual = f"error: {problem[0]}"
                results.append(CaseResult(rule.id, case.name, case.expect, actual, str(location), True))
                continue
            try:
                as_of, region = case.as_of or rule.case_defaults.as_of, case.region or rule.case_defaults.region
                members = case.member_models()
                a = engine_at.evaluate_facts(case.facts, as_of=as_of, region=region, members=members)
                actual = (
                    "fires" if rule.id in a.flag_ids else "not_evaluable" if rule.id in a.not_evaluable else "silent"
                )
                if actual != case.expect:
                    # Evaluated again with its trace, to say what is unknown or which tests decided: every
                    # rule's trace, made for every case, had been most of ``fanpin check --checks with``'s
                    # time (3.1 of 3.6 s, its 872 cases), for the few that fail (docs/performance-log.md,
                    # session 74).
                    a = engine_at.evaluate_facts(case.facts, as_of=as_of, region=region, members=members, trace=True)
                    trace = next(t for t in a.trace if t.rule_id == rule.id)
                    if actual == "not_evaluable":
                        unknown = _unknown_tests(trace, case.facts, case.members)
                    else:
                        decided = _deciding_tests(trace, "true" if actual == "fires" else "false")
            except (FanpinError, ValueError) as exc:
                actual = f"error: {exc}"
                # the static checks say why
                reported = any(True for _ in (*case_fact_problems(case.facts), *case_member_problems(case.members)))
            results.append(
                CaseResult(rule.id, case.name, case.expect, actual, str(location), reported, unknown, decided)
            )
    return results


def _deciding_tests(trace: RuleTrace, outcome: str) -> str:
    """The tests of a rule's condition whose outcome is ``outcome`` (``"false"`` for a rule that stayed silent,
    ``"true"`` for one that fired), each with its values where they are numbers, months or dates: ``labor_count 0
    >= 1 is false; income_per_capita 5000 < deep_low_line 5000 is false``."""
    said: dict[str, None] = {}
    for c in trace.comparisons:
        if c.outcome != outcome:
            continue
        if c.operator == "is" and c.threshold in ("true", "false"):
            fact = said_fact(c.fact)  # risks contains "因病", as the rule wrote it, not the engines' risk_is_illness
            test = fact if c.threshold == "true" else f"not {fact}"
        elif c.operator in ("is missing", "is not missing"):
            test = f"{c.fact} {c.operator}"
        elif c.unit in ("money", "plain", "month", "date") and c.value is not None:
            value, limit = (format(v, "f") if isinstance(v, Decimal) else str(v) for v in (c.value, c.threshold_value))
            shown = f" {limit}" if c.threshold_value is not None and limit != c.threshold else ""
            test = f"{c.fact} {value} {c.operator} {c.threshold}{shown}"
        elif (words := _vocabulary(c.fact)) is not None:  # its words as the rule writes them, not fanpin's codes
            said_value = f"{words.get(str(c.value), c.value)} " if c.value is not None else ""
            word = words.get(c.threshold.strip('"'))
            test = f"{c.fact} {said_value}{c.operator} " + (f'"{word}"' if word is not None else c.threshold)
        else:  # a free text's value is not shown: it may be anything a clerk typed
            test = f"{c.fact} {c.operator} {c.threshold}"
        said[f"{' '.join(test.split())} is {outcome}"] = None
    return "; ".join(said)


def _vocabulary(fact: str) -> dict[str, str] | None:
    """A vocabulary fact's words by their codes (``formerly_poor`` → 脱贫户), None for another fact."""
    info = FACTS.get(fact)
    if info is None or info.enum is None:
        return None
    return {str(m.value): m.label for m in info.enum}


def _unknown_tests(
    trace: RuleTrace, facts: Mapping[str, object], members: Sequence[Mapping[str, object]] | None = None
) -> str:
    """What left a rule's condition unknown for a case: each unknown test's fact or threshold, once. A test
    over the members is unknown for want of members (a case without ``members:``) or of the cells its member
    facts are read from (a case's member is written as the export's cells: 出生日期, not age)."""
    said: dict[str, None] = {}
    for c in trace.comparisons:
        if c.outcome != "unknown":
            continue
        if c.value is None:
            read = _facts_read(c.fact)
            if _OVER_MEMBERS.match(c.fact) and members is None:
                given = "the members are not given; list them under members: (members: [] for none)"
            elif _OVER_MEMBERS.match(c.fact) and any(name in MEMBER_FACTS for name in read):
                cells = ", ".join(dict.fromkeys(fact_cell(name) for name in read if name in MEMBER_FACTS))
                given = f"not given; a case's member is written as the export's cells: give {cells} in its members"
            elif missing := [name for name in read if name not in facts]:
                given = f"not given; a case gives the rule's facts: give {', '.join(missing)}"
            elif any(is_empty(facts[name]) for name in read):
                given = "given empty"
            else:  # every fact given a value: the term has none (wage_income / (size - size))
                given = NO_VALUE_FROM_GIVEN
            said[f"{c.fact} is unknown: {given}"] = None
        if c.threshold_value is None:
            said[f"{c.threshold} has no value for the case's region and date"] = None
    return "; ".join(said)


#: Why a test is unknown whose facts a case gave, each with a value: its term has none for them (a division by
#: 0, as ``wage_income / (size - size)``; a product past what the engines hold). It had been said "given empty".
NO_VALUE_FROM_GIVEN = "it has no value for the values given (a division by 0, or a result too large for the engines)"

#: A test over the members as a trace writes it (``any(members, age >= 60)``, ``count(members) …``).
_OVER_MEMBERS = re.compile(r"^(?:any|all|count|share)\(members\b")


def _facts_read(term: str) -> list[str]:
    """The facts a comparison's side reads, which a case gives: ``loan_purpose`` of
    ``contains_text(loan_purpose, "x")``, ``identified_month`` of ``months_since(identified_month)`` (the
    term itself when it names none)."""
    names = [n for n in dict.fromkeys(re.findall(r"\b[a-z_][a-z0-9_]*\b", re.sub(r'"[^"]*"', "", term))) if n in _READ]
    return names or [term]


def _dates(book: Rulebook) -> list[date]:
    """Every date on which some parameter value starts or ends: the dates where lookups can change."""
    points = set()
    for spec in book.parameters.specs.values():
        for v in spec.values:
            points.add(v.from_)
            if v.until:
                points.add(v.until)
    return sorted(points)


def _regions(book: Rulebook) -> list[str]:
    return sorted({v.region for spec in book.parameters.specs.values() for v in spec.values})


def _overlaps(name: str, spec: ParameterSpec, book: Rulebook) -> list[Finding]:
    """A warning for each two values of one region in force at once because the earlier one's ``until`` is
    after the later one's ``from``: the later ``from`` wins (rules/README.md, "Lookup"), so the earlier
    value, written to hold until its end, is not used from there, and nothing said so. A value without an
    ``until`` that a later one follows is the usual way to write a new figure, and is not told."""
    findings = []
    for region in sorted({v.region for v in spec.values}):
        own = sorted((v for v in spec.values if v.region == region), key=lambda v: v.from_)
        for i, earlier in enumerate(own):
            if earlier.until is None:
                continue
            for later in own[i + 1 :]:
                if later.from_ >= earlier.until:
                    break  # sorted by from: no later value starts sooner
                end = earlier.until if later.until is None else min(earlier.until, later.until)
                findings.append(
                    Finding(
                        "warning",
                        f"parameter {spec.named(name)} has two values for region {region or 'national'} in "
                        f"force at once from {later.from_} to {end}: {earlier.value} (from {earlier.from_} until "
                        f"{earlier.until}) and {later.value} (from {later.from_}"
                        + (f" until {later.until})" if later.until else ")")
                        + f"; the later from wins, so {earlier.value} is not used then",
                        # at the earlier value's line: its until is what to mend
                        book.parameter_value_locations.get(
                            (name, region, earlier.from_), book.parameter_locations.get(name, Location())
                        ),
                        f"if {later.value} replaces {earlier.value}, end {earlier.value} where {later.value} starts "
                        f"(until: {later.from_}); if not, correct the dates",
                        "parameter-overlap",
                    )
                )
    return findings


#: How far a rules folder's value may stand from the shipped value it overrides before it is told: a
#: hundredfold is a value in 分 for 元 (870000 for 8700) or a percent for a fraction (30 for 0.3), never a
#: county's own figure (the monitoring lines of the provinces differ by less than twice). Not a policy
#: threshold: a check of the units a value is written in.
_SCALE = Decimal(100)


def _scales(name: str, spec: ParameterSpec, book: Rulebook) -> list[Finding]:
    """A warning for each value of a user's folder a hundred times or more above or below the shipped value
    in force for its region on its first day (a line written in 分, a ratio as a percent): taken without a
    word, 870000 flagged 262 of 309 households below the line."""
    reference = reference_rules_dir().resolve()
    shipped = [
        v
        for v in spec.values
        if (path := _value_location(book, name, v).path) and Path(path).resolve().is_relative_to(reference)
    ]
    findings = []
    for own in spec.values:
        if own in shipped or own.value <= 0:
            continue
        over = [
            v
            for v in shipped
            if own.region.startswith(v.region) and v.from_ <= own.from_ and (v.until is None or own.from_ < v.until)
        ]
        if not over:
            continue
        shown = max(over, key=lambda v: (len(v.region), v.from_))  # the value a lookup would have picked
        if shown.value <= 0 or shown.value / _SCALE < own.value < shown.value * _SCALE:
            continue
        above = own.value >= shown.value * _SCALE
        unit = (
            {"money": " (in 分, not 元?)", "ratio": " (a percent, not a fraction?)"}.get(spec.unit, "") if above else ""
        )
        region = own.region or "national"
        findings.append(
            Finding(
                "warning",
                f"parameter {spec.named(name)} is {own.value} for region {region} from {own.from_}, "
                f"{'over a hundred times' if above else 'under a hundredth of'} the reference value "
                f"{shown.value} ({shown.source}){unit}",
                _value_location(book, name, own),
                f"write the value in the parameter's unit ({spec.unit})"
                + (
                    f": value: {format((own.value / _SCALE).normalize(), 'f')}"
                    if above and unit
                    else ", as the reference value is"
                ),
                "parameter-scale",
            )
        )
    return findings


def _value_location(book: Rulebook, name: str, value: ParameterValue) -> Location:
    """Where a parameter's value was written (the parameter's name when not known)."""
    return book.parameter_value_locations.get(
        (name, value.region, value.from_), book.parameter_locations.get(name, Location())
    )


#: The fix of income bands out of order: a multiple written as a percent (120 for 1.2) is the usual cause.
_BANDS_FIX = (
    "a multiple is a ratio of the monitoring line, such as 1.2 for 120 % (not 120): write the values of this region "
    "and date so that 1 < near_line_multiple < over_inclusion_multiple"
)


#: Counties whose code the fix of a parameter with values for some regions only gives as its example, the first
#: one the values do not cover: 元谋县 (Yunnan), 黄平县 (Guizhou), 清水县 (Gansu), 宾阳县 (Guangxi).
_EXAMPLE_COUNTIES = ("532328", "522622", "620521", "450126")


def _regions_fix(covered: set[str]) -> str:
    """The fix of a parameter with values for the regions ``covered`` only: add a value where its rules are used
    elsewhere, with a county's code as the example that neither lies inside a covered region nor holds one (it
    had been 532328 whatever the regions: for the reference dibao_line, of 53, a county that has its value)."""
    example = next((c for c in _EXAMPLE_COUNTIES if not any(c.startswith(r) or r.startswith(c) for r in covered)), None)
    if example is None:
        return (
            "where the rules are used in another region, add its value with its source (a county's folder: region: "
            "its code, in quotes); nothing to do where they are not"
        )
    return (
        "where the rules are used in another region, add its value with its source (a county's folder: region: "
        f'"{example}"); nothing to do where they are not'
    )


def check_rulebook(book: Rulebook) -> list[Finding]:
    """The static findings on ``book``: the errors of a folder's rules a later folder hides (:func:`layers`),
    the classic checker bugs (:func:`~fanpin.rulebook.lint.lint_rulebook`), then parameter coverage and band
    order."""
    findings: list[Finding] = [*layers(book)[1], *lint_rulebook(book)]
    dates = _dates(book)
    for name, spec in sorted(book.parameters.specs.items()):
        if not any(v.region == "" for v in spec.values):
            regions = ", ".join(sorted({v.region for v in spec.values}))
            findings.append(
                Finding(
                    "warning",
                    f"parameter {spec.named(name)} has values only for region(s) {regions}; "
                    "elsewhere the rules that read it are not evaluable until a value is added",
                    _value_location(book, name, spec.values[0]) if spec.values else Location(),
                    _regions_fix({v.region for v in spec.values}),
                    "parameter-regions",
                )
            )
        findings += _overlaps(name, spec, book)
        findings += _scales(name, spec, book)
        for region in sorted({v.region for v in spec.values}):
            start = min(v.from_ for v in spec.values if region.startswith(v.region))
            resume: date | None = start  # each gap told once, at its first day (None: no value after it)
            for day in dates:
                if resume is None or day < resume:
                    continue
                try:
                    book.parameters.resolve(name, region, day)
                except ParameterLookupError:
                    later = [v.from_ for v in spec.values if region.startswith(v.region) and v.from_ > day]
                    until = f" to {min(later)}" if later else " on"
                    # the value whose end opens the gap: where to mend it, and the message says from and to
                    # already (the fix of a lookup, missing_fix, said them again)
                    ended = [v for v in spec.values if region.startswith(v.region) and v.until == day]
                    last = max(ended, key=lambda v: len(v.region)) if ended else None
                    fix = spec.missing_fix(region, day)
                    if last is not None:
                        fix = "add a value in force then" if later else "add a value from then on"
                    findings.append(
                        Finding(
                            "warning",
                            f"parameter {spec.named(name)} has no value for region {region or 'national'} from "
                            f"{day}{until}: the rules that read it are not evaluable then",
                            _value_location(book, name, last)
                            if last is not None
                            else book.parameter_locations.get(name, Location()),
                            fix,
                            "parameter-gap",
                        )
                    )
                    resume = min(later) if later else None  # a value after the gap: a later gap is told too
    for region in _regions(book):
        for day in dates:
            try:
                near = book.parameters.resolve("near_line_multiple", region, day).value
                far = book.parameters.resolve("over_inclusion_multiple", region, day).value
            except (ParameterLookupError, KeyError):
                continue
            if not Decimal(1) < near < far:
                findings.append(
                    Finding(
                        "error",
                        f"income bands overlap or leave a gap for region {region or 'national'} on "
                        f"{day}: need 1 < near_line_multiple ({near}) < over_inclusion_multiple ({far})",
                        book.parameter_locations.get("near_line_multiple", Location()),
                        _BANDS_FIX,
                        "bands",
                    )
                )
            try:
                line = book.parameters.resolve("monitoring_line", region, day)
            except (ParameterLookupError, KeyError):
                continue
            if line.value <= 0:  # every band edge is a multiple of the line: at 0 they all meet
                findings.append(
                    Finding(
                        "error",
                        f"the monitoring line is {line.value} for region {region or 'national'} on {day}: the "
                        "near-line and above-line bands are empty, and only a negative income is below the line",
                        book.parameter_locations.get("monitoring_line", Location()),
                        "write the line in 元 per person per year (value: 8700); a value of 0 is no line",
                        "bands",
                    )
                )
    return findings
