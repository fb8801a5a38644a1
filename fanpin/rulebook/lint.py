"""The static checks ``fanpin check`` runs on a loaded rulebook: the classic bugs of hand-written checkers.

Loading already refuses what cannot be typed (an unknown name, text compared with a number, a word
outside a column's vocabulary, a rule id written twice in one folder). On a rulebook that loads, this
module finds, each with its file and line, what is wrong and a fix:

- **never-true** (error): a condition no household can satisfy, in any region and on any date the
  parameters cover (``labor_count < 0 and labor_count > 100``, ``x == "a" and x == "b"``, sets that
  cancel, an empty month window, a rule that requires both 脱贫户 and not 脱贫户) — the rule never fires;
  or a member condition no member can satisfy (``any(members, age < 0 and age > 100)``);
- **always-true** (warning): a condition that is never false, so the rule fires for every household
  whose facts are known (``x > 100 or x < 200``);
- **dead-test** / **always-true-test** (warning): a part of a condition that is never true, or true
  whenever its facts are known (``wage_income < 0``: money items are never negative);
- **duplicate-code** (error): one national check code on two rules;
- **duplicate-rule** / **implied-rule** (warning): two rules that fire on exactly the same households,
  or a rule that fires only where another with the same level, kind and measures fires too;
- **and-or** (warning): ``or`` joining an ``and`` group and a lone test without parentheses (``a and b or
  c`` is ``(a and b) or c``, which is rarely what was meant);
- **division-by-zero** (error): a division by a number that is 0 (``income_per_capita / 0``), or by a term
  that is 0 whatever the household (``wage_income / (size - size)``): it has no value for any household, so a
  test holding it is never true nor false (the rule is not evaluable);
- **literal-amount** (warning): an amount of money other than 0 written in a condition or a member condition
  (``income_per_capita < 5000``) where the rules compare with parameters, dated, scoped to a region and each
  value with its source;
- **literal-threshold** (warning): any other threshold written as a number, of an age, an area, a distance,
  months, days, a share or a count beyond 0 and 1 (``any(members, age >= 65)``, ``size >= 5``), which belongs
  in a parameter of that unit; 0, 1 of a count or a share, and a code held as a number pass;
- **english-text** (warning): an English text (a title, a risk type, a measure's name or department, a
  parameter's label) that holds Chinese, which ``--lang en`` would print in an English sentence;
- **unused-measure**: a measure no rule names — an error for a measure a county folder adds, a warning
  for an entry of the reference catalogue that no reference rule names (it is there for county rules);
- **cases** (error): a rule without a case that fires, one that stays silent, and — when it reads a
  value that can be unknown — one that is not evaluable; a case naming an unknown fact, a value a
  household cannot have, or a word outside a column's vocabulary.

The analysis behind the conditions' checks is :mod:`fanpin.lang.analysis`, run against the threshold
values of every region and date the parameters distinguish (member conditions in the member scope).

>>> from fanpin import load_rulebook
>>> sorted({f.code for f in lint_rulebook(load_rulebook())})  # the catalogue's entries for county rules
['unused-measure']
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from enum import Enum
from fractions import Fraction
from pathlib import Path
from typing import Any, Literal

from fanpin.errors import Location, suggest
from fanpin.lang.analysis import (
    Analyzer,
    Environment,
    Scope,
    describe_fact_range,
    describe_term_range,
    fact_range,
    member_scope,
    render_condition,
)
from fanpin.lang.lowering import render
from fanpin.lang.members import AGGREGATES
from fanpin.lang.tree import (
    TAnd,
    TArith,
    TCall,
    TCompare,
    TConst,
    TFact,
    TIn,
    TNeg,
    TNot,
    TOr,
    TTruth,
    facts_of,
    params_of,
)
from fanpin.lang.typecheck import nearest_value
from fanpin.lang.units import measure_name
from fanpin.model.facts import FACTS, SETS, FactInfo, PartOfAFenError, case_value, encode, month_as_number, set_of_fact
from fanpin.model.household import Kind
from fanpin.model.member_facts import LABEL_SETS, MEMBER_FACTS, fact_cell
from fanpin.model.values import Pii
from fanpin.results.classify import AFTER_RIGID, GUARANTEE_PREFIX, GUARANTEES, SHOCKS
from fanpin.rulebook.loader import Rule, Rulebook, reference_measures_named

__all__ = ["Finding", "case_fact_problems", "case_member_problems", "environments", "lint_rulebook"]

Severity = Literal["error", "warning"]
_LEVELS = {"info": 0, "yellow": 1, "orange": 2, "red": 3}


@dataclass(frozen=True)
class Finding:
    """One thing ``fanpin check`` reports: its severity, what is wrong, where, and the fix. ``code`` names
    the check (``never-true``, ``cases`` …); errors make ``fanpin check`` exit with code 2."""

    severity: Severity
    message: str
    location: Location = field(default_factory=Location)
    fix: str = ""
    code: str = ""

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location.path else ""
        code = f" [{self.code}]" if self.code else ""
        fix = f" Fix: {self.fix}" if self.fix else ""
        return f"{where}{self.severity}: {self.message}{code}{fix}"


def environments(book: Rulebook) -> list[Environment]:
    """Threshold values for every region and date the rulebook's parameters distinguish (each distinct
    set once): the regions named in any value (and every other region, which takes only the national
    values), on every date a value starts or ends, and before the first."""
    specs = book.parameters.specs
    regions = sorted({""} | {v.region for spec in specs.values() for v in spec.values})
    points = {v.from_ for spec in specs.values() for v in spec.values}
    points |= {v.until for spec in specs.values() for v in spec.values if v.until}
    days = sorted(points)
    if days and days[0] > date.min:  # a value from 0001-01-01 (from the start of time) has no day before
        days.insert(0, days[0] - timedelta(days=1))
    found: dict[tuple[tuple[str, Decimal], ...], Environment] = {}
    for region in regions:
        for day in days:
            params, _ = book.parameters.resolve_known(specs, region, day)
            key = tuple(sorted((name, p.value) for name, p in params.items()))
            if key not in found:
                found[key] = Environment(params, f"region {region or 'national'} on {day}")
    return list(found.values())


def lint_rulebook(book: Rulebook) -> list[Finding]:
    """Every finding of the static checks on ``book``, errors and warnings, in rule order."""
    envs = environments(book)
    analyzer = Analyzer(FACTS, envs)
    symbolic = Analyzer(FACTS)  # thresholds as free symbols: what holds whatever the parameters say
    members = Analyzer(environments=envs, scope=member_scope())
    findings: list[Finding] = []
    for rule in book.rules.values():
        try:
            findings += _rule_findings(rule, analyzer, symbolic, members)
        except _UNANALYSABLE as exc:  # a node kind some helper here does not know yet: say so, never crash
            findings.append(_not_analysed(rule, exc))
            findings += _case_fact_findings(rule)  # never lost: fanpin check leaves such cases to these
    findings += _code_findings(list(book.rules.values()))
    findings += _classification_findings(book)
    findings += _band_rule_findings(book)
    findings += _measure_findings(book)
    findings += _english_findings(book)
    findings += empty_file_findings(book)
    try:
        findings += _pair_findings(analyzer, envs, list(book.rules.values()))
    except _UNANALYSABLE as exc:
        findings.append(Finding("warning", f"rules were not compared with each other ({exc})", code="not-analysed"))
    return findings


#: What a condition of a kind this module does not know may raise inside a helper (the analysis itself
#: treats such a node as opaque); the rule is then reported as not analysed, never a traceback.
_UNANALYSABLE = (TypeError, ValueError, KeyError, AttributeError, RecursionError)


def _rule_findings(rule: Rule, analyzer: Analyzer, symbolic: Analyzer, members: Analyzer) -> list[Finding]:
    findings: list[Finding] = []
    never_true = not analyzer.can_be(rule.condition, "true")
    findings += _condition_findings(analyzer, rule, never_true, symbolic)
    inside = _member_findings(members, rule)
    findings += inside
    findings += _and_or(rule)
    findings += _zero_division(rule)
    findings += _literal_amount(rule)
    findings += _literal_threshold(rule)
    dead_inside = any(f.code == "never-true" for f in inside)  # the rule's cases cannot fix that first
    findings += _case_findings(analyzer, rule, never_true or dead_inside)
    return findings


def _not_analysed(rule: Rule, exc: BaseException) -> Finding:
    return Finding(
        "warning",
        f"rule {rule.id} was not analysed by the static checks ({type(exc).__name__}: {exc}); its cases still ran",
        rule.when_location if rule.when_location.line else rule.location,
        "report it to the maintainers of fanpin with the rule's condition",
        "not-analysed",
    )


def empty_file_findings(book: Rulebook) -> list[Finding]:
    """A county's rule file that holds nothing (empty, blank, comments only, ``{}``): an editor's failed save, or
    a file made and never written, had been read without a word, and the check of a folder whose rules were in
    no file said "0 error(s)". ``fanpin score`` warns of them too (fanpin.cli)."""
    from fanpin.rulebook.loader import EMPTY_FILE, EMPTY_FILE_FIX, empty_files

    return [
        Finding("warning", EMPTY_FILE, Location(str(path), 1), EMPTY_FILE_FIX, "empty-file")
        for path in empty_files(book)
    ]


def _code_findings(rules: list[Rule]) -> list[Finding]:
    """A national check code on two rules: a finding under that code would not say which check fired (the
    county checker's "wrong code raised"), and disabling the code would switch off only one of them."""
    findings: list[Finding] = []
    first: dict[str, Rule] = {}
    for rule in rules:
        for code in rule.spec.codes:
            earlier = first.setdefault(code, rule)
            if earlier is not rule:
                findings.append(
                    Finding(
                        "error",
                        f"code {code} is on two rules: {earlier.id} ({earlier.location}) and {rule.id}",
                        rule.location,
                        f"give {code} to one rule only; a rule that covers two populations lists both codes",
                        "duplicate-code",
                    )
                )
    return findings


#: The rule that flags a household a category would be suggested for (``category_due``), and the rules
#: the suggested category is made from (rules/README.md, "Classification").
_MISSED = "audit.missed"
_CLASSIFYING = (AFTER_RIGID, *sorted(SHOCKS), *GUARANTEES)


def _classification_findings(book: Rulebook) -> list[Finding]:
    """``audit.missed`` kept while a rule the suggested category is made from is switched off: the flag
    reads the conditions (``category_due``), the category the rules that fired, so a household is flagged
    "a category would be suggested now" with no category suggested. And the other way round: a rule the
    category is made from whose condition ``audit.missed`` does not read (:func:`_unread_classifying`)."""
    if _MISSED not in book.rules:
        return []
    findings = _unread_classifying(book)
    gone = [rule_id for rule_id in _CLASSIFYING if rule_id not in book.rules]
    if not gone:
        return findings
    return [
        Finding(
            "warning",
            f"{_MISSED} flags a household for which a category would be suggested (category_due), but the "
            f"suggested category is made from rules this rulebook does not have ({', '.join(gone)}): households "
            f"those rules would have fired for are flagged {_MISSED} with no category suggested",
            book.rules[_MISSED].location,
            f"disable {_MISSED} as well, or keep {', '.join(gone)} (a county may write its own version of a "
            "rule under the same id instead of disabling it)",
            "classification",
        ),
        *findings,
    ]


#: The reference rules that stand for an income band, and the band parameters their condition reads: the
#: band itself is computed from the parameters (:func:`fanpin.results.classify.income_band`), not from the
#: rule, and the suggested category and ``audit.missed`` (``category_due`` reads the named condition
#: ``below_line``) follow the band.
_BAND_RULES = {
    "income.below_line": ("below_line", ("monitoring_line",)),
    "income.near_line": ("near_line", ("monitoring_line", "near_line_multiple")),
}


def _band_rule_findings(book: Rulebook) -> list[Finding]:
    """A rule of :data:`_BAND_RULES` written again (or its named condition) with a condition that no longer
    reads a parameter its band is computed from: a county's own line as a parameter of its own
    (``income_per_capita < local_line``) flags a household below that line while its band, its category and
    ``audit.missed`` are those of ``monitoring_line`` — below the line and near it at once, no category."""
    findings = []
    for rule_id, (band, parameters) in _BAND_RULES.items():
        rule = book.rules.get(rule_id)
        if rule is None:
            continue
        missing = [name for name in parameters if name not in params_of(rule.condition)]
        if not missing:
            continue
        names = ", ".join(missing)
        findings.append(
            Finding(
                "warning",
                f"rule {rule_id} does not read {names} (its condition: {_show(rule.condition)}), though the income "
                f"band {band} it stands for is computed from {names} (rules/README.md, Classification): a "
                f"household may be flagged {rule_id} and put in another band at once, and the suggested category "
                f"and {_MISSED} follow the band, not the rule",
                rule.location,
                f"to use a line of your own, override {names} for your region instead (a value in a parameters: "
                "section of your folder, with its region, from: and source:) and keep the reference rule's "
                "condition and the named conditions it reads; a test of your own goes in a rule with an id of its "
                "own",
                "classification",
            )
        )
    return findings


#: What else a household needs for 突发严重困难户, by the named condition a rule stands for.
_WITH = {"below_after_rigid": "", "guarantee_problem": " with a shock"}
#: The named condition ``category_due`` reads for each rule the suggested category is made from.
_NAMED_FOR = {AFTER_RIGID: "below_after_rigid", **{r: r.split(".")[1] for r in SHOCKS}}


def _unread_classifying(book: Rulebook) -> list[Finding]:
    """A rule the suggested category is made from (``income.below_after_rigid``, a shock, any rule whose id
    starts with ``guarantee.``) whose condition is no part of ``audit.missed``'s: a county's own
    ``guarantee.`` rule, or its rewrite of a shock, suggests 突发严重困难户 where ``category_due`` does not
    see it, and the household is not flagged missed."""
    inside = list(_parts(book.rules[_MISSED].condition))
    findings = []
    for rule in book.rules.values():
        if not (rule.id in _CLASSIFYING or rule.id.startswith(GUARANTEE_PREFIX)) or rule.condition in inside:
            continue
        named = _NAMED_FOR.get(rule.id, "guarantee_problem")
        findings.append(
            Finding(
                "warning",
                f"rule {rule.id} makes the suggested category (rules/README.md, Classification), but {_MISSED} "
                f"does not read its condition (category_due reads the named condition {named}): a household it "
                f"fires for{_WITH.get(named, ' with a guarantee problem')} gets 突发严重困难户 suggested and "
                f"is not flagged {_MISSED}",
                rule.location,
                "add its condition to the named condition guarantee_problem, written again in a conditions: "
                "section of your folder (housing_unsafe or … or <its condition>), or give the rule an id outside "
                "guarantee. if it is no guarantee problem"
                if named == "guarantee_problem"
                else f"write your condition as the named condition {named}, in a conditions: section of your "
                f"folder, and let the rule read it (when: {named})",
                "classification",
            )
        )
    return findings


def _parts(condition: object) -> Iterator[object]:
    """Every part of a condition (itself included), walked without recursion."""
    stack = [condition]
    while stack:
        item = stack.pop()
        if isinstance(item, tuple):
            stack.extend(item)
        elif is_dataclass(item):
            yield item
            stack.extend(getattr(item, f.name) for f in fields(item))


def _measure_findings(book: Rulebook) -> list[Finding]:
    """A measure no rule names: no plan will ever hold it. An error for a measure a county folder defines
    (a rule was meant to name it); a warning for an entry of the reference catalogue that no reference
    rule names either (disaster relief, consumption support …): the catalogue offers it for county rules."""
    named = {m for rule in book.rules.values() for m in rule.spec.measures}
    findings: list[Finding] = []
    for measure_id, measure in book.measures.items():
        if measure_id in named:
            continue
        location = book.measure_locations.get(measure_id, Location())
        if measure_id not in book.catalogue:
            findings.append(
                Finding(
                    "error",
                    f"measure {measure_id} ({measure.name}) is named by no rule: no plan will ever hold it",
                    location,
                    f"add {measure_id} to the measures of the rule that calls for it, or delete the measure",
                    "unused-measure",
                )
            )
        elif measure_id not in reference_measures_named():
            findings.append(
                Finding(
                    "warning",
                    f"measure {measure_id} ({measure.name}) of the reference catalogue is named by no rule: it is "
                    "there for a county rule to name, and no plan holds it until one does",
                    location,
                    f"nothing, unless your county plans it: add {measure_id} to the measures of a rule of your folder "
                    "(write a reference rule again there to change its measures)",
                    "unused-measure",
                )
            )
    return findings


#: Chinese characters, and the punctuation of Chinese text (、，。：；（）《》〔〕 and other full-width forms).
_HAN = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+")


def _english_findings(book: Rulebook) -> list[Finding]:
    """An English text (a rule's ``title.en`` and ``risk_type_en``, a measure's ``name_en`` and
    ``department_en``, a parameter's ``label_en`` and each value's ``source_en``) holding Chinese
    characters or punctuation: ``--lang en`` would print it in a sentence of another language."""
    texts: list[tuple[str, str, Location]] = []
    for rule in book.rules.values():
        texts.append((f"rule {rule.id}'s title.en", rule.spec.title.en, rule.location))
        texts.append((f"rule {rule.id}'s risk_type_en", rule.spec.risk_type_en or "", rule.location))
    for measure_id, measure in book.measures.items():
        where = book.measure_locations.get(measure_id, Location())
        texts.append((f"measure {measure_id}'s name_en", measure.name_en, where))
        texts.append((f"measure {measure_id}'s department_en", measure.department_en, where))
    for name, spec in book.parameters.specs.items():
        texts.append((f"parameter {name}'s label_en", spec.label_en, Location()))
        texts += [(f"parameter {name}'s source_en", v.source_en, Location()) for v in spec.values]
    return [
        Finding(
            "warning",
            f"{what} holds Chinese ({'、'.join(_HAN.findall(text))}): --lang en prints it in an English sentence",
            where,
            "write it in English (a vocabulary word by its English name: 因病 is illness, 脱贫户 a formerly "
            "poor household)",
            "english-text",
        )
        for what, text, where in texts
        if _HAN.search(text)
    ]


# ---- one rule's condition ------------------------------------------------------------------------------------------


def _show(node: Any) -> str:
    return f"`{render_condition(node)}`"


def _condition_findings(analyzer: Analyzer, rule: Rule, never_true: bool, symbolic: Analyzer) -> list[Finding]:
    where = rule.when_location if rule.when_location.line else rule.location
    condition = rule.condition
    if never_true:
        reason, fix = _why_never_true(analyzer, condition)
        if rule.params and symbolic.can_be(condition, "true"):
            names = ", ".join(sorted(rule.params))
            reason += f", given the values of {names} in every region and on every date they cover"
        return [
            Finding(
                "error",
                f"rule {rule.id} can never fire: its condition {_show(condition)} is never true{reason}",
                where,
                fix,
                "never-true",
            )
        ]
    findings: list[Finding] = []
    reads = bool(rule.facts)
    if reads and not analyzer.can_be(condition, "false"):
        always = "for every household" if not analyzer.can_be(condition, "unknown") else "whenever its facts are known"
        findings.append(
            Finding(
                "warning",
                f"rule {rule.id} fires {always}: its condition {_show(condition)} is never false",
                where,
                "a test is probably the wrong way round, or joined with or where and was meant",
                "always-true",
            )
        )
    findings += _part_findings(analyzer, rule, where)
    return findings


def _member_findings(analyzer: Analyzer, rule: Rule) -> list[Finding]:
    """The member conditions a rule reads (``any(members, c)`` …): one no member can satisfy makes ``any``
    never true and ``count`` always 0 — an error; a part never true, or one true for every member, a warning."""
    where = rule.when_location if rule.when_location.line else rule.location
    findings: list[Finding] = []
    for name in sorted(rule.facts & AGGREGATES.keys()):
        agg = AGGREGATES[name]
        if agg.condition is None:
            continue
        if not analyzer.can_be(agg.condition, "true"):
            reason, fix = _why_never_true(analyzer, agg.condition)
            message = (
                f"rule {rule.id} can never fire: its member condition `{agg.text}` is true for no member"
                if rule.spec.scope == "member"
                else f"in rule {rule.id}, the member condition of `{agg.kind}(members, {agg.text})` is true "
                "for no member"
            )
            findings.append(Finding("error", f"{message}{reason}", where, fix, "never-true"))
            continue
        findings += _part_findings(analyzer, rule, where, agg.condition, root=False)
    return findings


def _part_findings(
    analyzer: Analyzer, rule: Rule, where: Location, condition: Any = None, *, root: bool = True
) -> list[Finding]:
    """Parts of a condition that are never true, or true whenever their facts are known: the innermost
    such part is reported, once."""
    findings: list[Finding] = []
    reported: set[str] = set()

    def visit(node: Any, root: bool) -> bool:
        """Whether ``node`` or a part inside it was reported."""
        children = _children(node)
        inner = False
        for child in children:
            inner = visit(child, False) or inner
        if root or inner or isinstance(node, TNot) or _is_set_test(node):
            return inner
        shown = render_condition(node)
        if shown in reported:
            return True
        if not analyzer.can_be(node, "true"):
            reason, _ = _why_never_true(analyzer, node)
            findings.append(
                Finding(
                    "warning",
                    f"in rule {rule.id}, the test `{shown}` is never true{reason}",
                    where,
                    "remove the test, or correct it",
                    "dead-test",
                )
            )
        elif facts_of(node) and not analyzer.can_be(node, "false"):
            known = ", ".join(sorted(facts_of(node)))
            reason = _range_reason(node, analyzer.scope)
            when = f"whenever {known} is known" if analyzer.can_be(node, "unknown") else "for every household"
            findings.append(
                Finding(
                    "warning",
                    f"in rule {rule.id}, the test `{shown}` is true {when}{reason}",
                    where,
                    f"remove the test, or write `{known} is not missing` if that is what is meant"
                    if len(facts_of(node)) == 1 and when.startswith("whenever")
                    else "remove the test, or correct it",
                    "always-true-test",
                )
            )
        else:
            return False
        reported.add(shown)
        return True

    try:
        visit(rule.condition if condition is None else condition, root)
    except TypeError:  # a node kind facts_of does not know: no part findings for this rule
        return []
    return findings


def _children(node: Any) -> tuple[Any, ...]:
    if isinstance(node, TAnd | TOr):
        return node.items
    if isinstance(node, TNot):
        return (node.operand,)
    return ()


def _is_set_test(node: Any) -> bool:
    """``risks is empty`` / ``is not empty`` / ``contains {…}``, as the type checker writes them: an and / or of
    the set's member facts (each a part the author did not write)."""
    if not isinstance(node, TAnd | TOr):
        return False
    inner = [i.operand if isinstance(i, TNot) else i for i in node.items]
    return all(isinstance(i, TTruth) and i.fact in _SET_MEMBERS for i in inner)


_SET_MEMBERS = frozenset(info.fact(m) for info in SETS.values() for m in info.enum)


def _conjuncts(node: Any) -> list[Any]:
    if isinstance(node, TAnd):
        return [part for item in node.items for part in _conjuncts(item)]
    return [node]


def _why_never_true(analyzer: Analyzer, condition: Any) -> tuple[str, str]:
    """Why a condition is never true (the smallest part, or the pair of tests that contradict each
    other) and how to fix it."""
    parts = _conjuncts(condition)
    generic = "correct the condition, or remove the rule"
    if len(parts) == 1:
        shared = _shared_words(condition)
        if shared is not None:
            return shared
        reason = _range_reason(condition, analyzer.scope)
        if reason:
            return reason, generic
        if isinstance(condition, TOr):
            return ": no part of it can be true", generic
        return "", generic
    shown = parts[:_MOST_PARTS]  # a pair is looked for among the first parts only: the search is quadratic
    pairs = [(a, b) for i, a in enumerate(shown) for b in shown[i + 1 :]]
    contradicting = [(a, b) for a, b in pairs if analyzer.find((a, "true"), (b, "true")) is None]
    ranges = [(a, b) for a, b in contradicting if _is_range(a, b)]
    if ranges:
        a, b = ranges[0]
        never = f": {_show(a)} and {_show(b)} are never both true"
        if _unstepped(analyzer, bounded=False).find((a, "true"), (b, "true")) is None:
            # the classic: a range check written with and, its ends the wrong way round (x < 0 and x > 100)
            return never, _range_fix(a, b, analyzer)
        if _unstepped(analyzer).find((a, "true"), (b, "true")) is not None:  # empty only as its values are whole
            between = _between_steps(a, b, analyzer.scope)
            return (f"{never}{between[0]}", between[1]) if between is not None else (never, generic)
        # the ends the right way round, one of them beyond what a valid household has (public_job_months > 12
        # and public_job_months < 20): told by that end, below
    for part in parts:
        if not analyzer.can_be(part, "true"):
            shared = _shared_words(part)
            if shared is not None:
                return shared
            reason = _range_reason(part, analyzer.scope) or " on its own"
            return f": {_show(part)} is never true{reason}", generic
    if contradicting:
        a, b = contradicting[0]
        return f": {_show(a)} and {_show(b)} are never both true", _pair_fix(a, b)
    return "", generic


#: How many parts of a never-true conjunction are searched for the pair that contradicts.
_MOST_PARTS = 40


def _unstepped(analyzer: Analyzer, *, bounded: bool = True) -> Analyzer:
    """``analyzer`` with numbers taking any real value (and, unless ``bounded``, any value the model refuses
    too): a range it finds satisfiable is empty only because the values of its fact are whole (a count,
    money in fen, a month), or only because of the model's bounds; one it does not, without bounds, has its
    ends the wrong way round."""
    scope = analyzer.scope if bounded else Scope(analyzer.scope.facts, {}, analyzer.scope.always_known)
    return Analyzer(scope.facts, analyzer.environments, scope=scope, stepped=False)


#: Per kind of fact: what its values are, the values none of which lies inside a range, and the step
#: between them (in the unit a rule writes: 元 for money).
_STEPS: dict[Kind, tuple[str, str, Decimal]] = {
    Kind.COUNT: ("is a whole number", "no whole number", Decimal(1)),
    Kind.MONEY: ("is kept to the fen", "no amount to the fen", Decimal("0.01")),
    Kind.MONTH: ("is a month", "no month", Decimal(1)),
    Kind.DATE: ("is a day", "no day", Decimal(1)),
    Kind.QUANTITY: ("is kept to two decimals", "no value of two decimals", Decimal("0.01")),
}


def _between_steps(a: Any, b: Any, scope: Scope) -> tuple[str, str, str] | None:
    """Reason and fix for a range on one fact that holds none of the values the fact takes, though its ends
    are the right way round (``labor_count > 0 and labor_count < 1``: no count is; ``wage_income > 0 and
    wage_income < 0.01``: no amount to the fen is; ``identified_month > 2024-01 and identified_month <
    2024-02``: no month is). The fix widens each end to the nearest value the fact takes beyond it, which
    holds at least that value; "write `… or …`" or "swap the two ends", the fix of an inverted range, would
    make the rule fire for every household, or leave it never true."""
    first, second = _bound_of(a), _bound_of(b)
    if first is None or second is None or not isinstance(first[0], TFact):
        return None
    bounds = (first, second)
    fact = first[0]
    info = scope.facts.get(fact.name)
    if info is None or info.kind not in _STEPS:
        return None
    what, none, step = _STEPS[info.kind]
    limits = {side: limit for _, side, limit in bounds}
    ends = [
        TCompare(">=" if side == "lower" else "<=", fact, _on_grid(limit, step, side))
        for _, side, limit in sorted(bounds, key=lambda bound: bound[1] != "lower")
    ]
    # an end the model's bounds give already (labor_count >= 0) is left out: it would be a test true whenever
    # the fact is known
    kept = [end for end in ends if not _at_bound(end, fact_range(fact.name, scope))] or ends
    widened = " and ".join(render_condition(end) for end in kept)
    low, high = (render(limits[side]) for side in ("lower", "upper"))
    return (
        f" ({info.name} ({info.label}) {what}, and {none} lies between {low} and {high})",
        f"widen the range to the nearest values {info.name} takes: `{widened}`; or write the range meant",
        widened,
    )


def _at_bound(end: TCompare, bounds: tuple[Fraction | None, Fraction | None]) -> bool:
    """Whether ``fact >= c`` (``fact <= c``) holds for every value the model lets the fact take."""
    limit = end.right
    if not (isinstance(limit, TConst) and isinstance(limit.value, Decimal)):
        return False
    value = Fraction(limit.value * 100 if limit.unit == "money" else limit.value)
    low, high = bounds
    return low is not None and value <= low if end.op == ">=" else high is not None and value >= high


def _on_grid(limit: Any, step: Decimal, side: str) -> Any:
    """A range's end widened to a value on the fact's step: a constant below (a lower end) or above (an upper
    end) it, or itself when it is on the step; a threshold of parameters as it is."""
    if not (isinstance(limit, TConst) and isinstance(limit.value, Decimal)):
        return limit
    units = limit.value / step
    whole = units.to_integral_value(rounding=ROUND_FLOOR if side == "lower" else ROUND_CEILING)
    return TConst(whole * step, limit.unit)


def _is_range(a: Any, b: Any) -> bool:
    """Whether two tests bound one fact from opposite sides (``x < 0`` and ``x > 100``)."""
    bounds = _bound_of(a), _bound_of(b)
    return bool(
        bounds[0] and bounds[1] and bounds[0][0] == bounds[1][0] and {bounds[0][1], bounds[1][1]} == {"upper", "lower"}
    )


def _shared_words(node: Any) -> tuple[str, str] | None:
    """Reason and fix when two vocabulary facts are compared that share no word (``household_type ==
    monitoring_category``): text compared with text of another kind."""
    if not (isinstance(node, TCompare) and node.op == "==" and isinstance(node.left, TFact)):
        return None
    if not isinstance(node.right, TFact):
        return None
    a, b = FACTS.get(node.left.name), FACTS.get(node.right.name)
    if a is None or b is None or a.enum is None or b.enum is None:
        return None
    if {m.value for m in a.enum} & {m.value for m in b.enum}:
        return None
    return (
        f": {a.name} ({a.label}) and {b.name} ({b.label}) have no value in common",
        f'compare each with one of its own values, e.g. {a.name} == "{next(iter(a.enum)).label}"',
    )


def _range_reason(node: Any, scope: Scope) -> str:
    """`` (labor_count (劳动力人数) is never below 0 …)`` when a test on one fact meets the model's bounds."""
    if isinstance(node, TIn) and isinstance(node.operand, TFact) and node.values:
        reason = _not_whole(node.values, scope.facts.get(node.operand.name))
        if reason:
            return reason
    if isinstance(node, TCompare) and node.op == "==":  # x == 0.005: a set of one
        fact, const = (node.left, node.right) if isinstance(node.left, TFact) else (node.right, node.left)
        if isinstance(fact, TFact) and isinstance(const, TConst) and isinstance(const.value, Decimal):
            value = const.value * 100 if const.unit == "money" else const.value
            reason = _not_whole((value,), scope.facts.get(fact.name))
            if reason:
                return reason
    if isinstance(node, TCompare):
        for side in (node.left, node.right):
            words = describe_term_range(side, scope) if not isinstance(side, TFact | TConst) else ""
            if words:
                return f" ({words})"
    if isinstance(node, TCompare | TIn):
        names = sorted(facts_of(node))
        if len(names) == 1 and any(b is not None for b in fact_range(names[0], scope)):
            return f" ({describe_fact_range(names[0], scope)})"
    return ""


def _not_whole(values: tuple[Decimal | str, ...], info: FactInfo | None) -> str:
    """`` (labor_count (劳动力人数) is a whole number …)`` when a set of numbers holds no value the fact can have
    (a count of 1.5; an area or a distance of 0.005, which the model keeps to two decimals). A set of money
    with a part of a fen, ``wage_income in {0.001}``, is refused at load (:mod:`fanpin.lang.typecheck`)."""
    numbers = [v for v in values if isinstance(v, Decimal)]
    if info is None or not numbers or len(numbers) != len(values):
        return ""
    if info.kind is Kind.QUANTITY and all(v * 100 % 1 for v in numbers):
        unit = _UNIT_WORDS.get(info.measure.value if info.measure else "", "")
        return (
            f" ({info.name} ({info.label}) is kept to two decimals, as amounts of money are kept to the fen, and "
            f"{_plain_number(numbers[0])}{f' {unit}' if unit else ''} is not)"
        )
    if not all(v % 1 for v in numbers):
        return ""
    if info.kind is Kind.COUNT:
        return f" ({info.name} ({info.label}) is a whole number, and {_plain_number(numbers[0])} is not)"
    return ""


#: How a reason names the unit of an area or a distance.
_UNIT_WORDS = {"mu": "亩", "square_metres": "平方米", "km": "公里"}


def _plain_number(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _bound_of(node: Any) -> tuple[Any, str, Any] | None:
    """(term, "upper" | "lower", limit) for ``term < limit``-like tests: a term over facts bounded by a
    fact-free one."""
    if not isinstance(node, TCompare) or node.op not in ("<", "<=", ">", ">="):
        return None
    left, right, op = node.left, node.right, node.op
    if not facts_of(left):
        left, right, op = right, left, {"<": ">", "<=": ">=", ">": "<", ">=": "<="}[op]
    if not facts_of(left) or facts_of(right):
        return None
    return left, "upper" if op in ("<", "<=") else "lower", right


def _range_fix(a: Any, b: Any, analyzer: Analyzer) -> str:
    """The fix of a range whose ends are the wrong way round (``x < 0 and x > 100``): ``or`` for a value
    outside it, or its ends swapped, written out (and widened to the values the fact takes when the swapped
    range holds none of them: ``labor_count < 0 and labor_count > 1`` swapped is ``labor_count < 1 and
    labor_count > 0``, which no count passes)."""
    first, second = _bound_of(a), _bound_of(b)
    assert first is not None and second is not None  # a range: _is_range
    (term, side_a, limit_a), (_, side_b, limit_b) = first, second
    ops = {"upper": _op_of(a), "lower": _op_of(b)} if side_a == "upper" else {"lower": _op_of(a), "upper": _op_of(b)}
    swapped = (TCompare(ops[side_a], term, limit_b), TCompare(ops[side_b], term, limit_a))
    inside = " and ".join(render_condition(n) for n in swapped)
    if analyzer.find((swapped[0], "true"), (swapped[1], "true")) is None:
        between = _between_steps(*swapped, analyzer.scope)
        if between is not None:
            inside = between[2]
    return (
        f"no value is below the lower end and above the upper end at once: for a value outside the range "
        f"write `{render_condition(a)} or {render_condition(b)}`; for a value inside it, swap the two ends: "
        f"`{inside}`"
    )


def _op_of(node: Any) -> str:
    """The operator of a bound (:func:`_bound_of`) with its term on the left."""
    return str(node.op) if facts_of(node.left) else {"<": ">", "<=": ">=", ">": "<", ">=": "<="}[node.op]


def _pair_fix(a: Any, b: Any) -> str:
    equalities = [n for n in (a, b) if isinstance(n, TCompare) and n.op == "==" and len(facts_of(n)) == 1]
    if len(equalities) == 2 and facts_of(a) == facts_of(b):
        (name,) = facts_of(a)
        values = [
            render_condition(n).split(" == ", 1)[1]
            for n in (a, b)
            if isinstance(n.right, TConst) or isinstance(n.left, TConst)
        ]
        if len(values) == 2:
            return f"one value is never two: for either of them write `{name} in {{{', '.join(values)}}}`"
    if any(isinstance(n, TIn) or (isinstance(n, TNot) and isinstance(n.operand, TIn)) for n in (a, b)):
        return "every value the first test allows, the second excludes: correct one of the two sets"
    return "the two tests contradict each other: correct one of them, or join them with or"


# ---- and / or without parentheses -------------------------------------------------------------------------------

_QUOTED = re.compile(r'"[^"\n]*"|\'[^\'\n]*\'')
_LOGIC = re.compile(r"\(|\)|(?<!\w)(?:and|or)(?!\w)")


def _and_or(rule: Rule) -> list[Finding]:
    """``a and b or c`` reads as ``(a and b) or c``: a warning when one level of a condition joins with ``or``
    an ``and`` group and a lone test — the shape of a condition meant as ``a and (b or c)``. Groups of the
    same shape (``a and b or c and d``) read as they are written and pass."""
    text = _QUOTED.sub('""', rule.spec.when)
    levels: list[list[int]] = [[0]]  # per parenthesis level: the number of "and" in each "or" operand
    mixed = False
    for match in _LOGIC.finditer(text):
        token = match.group()
        if token == "(":
            levels.append([0])
        elif token == ")":
            mixed = mixed or _lopsided(levels.pop() if len(levels) > 1 else levels[0])
        elif token == "and":
            levels[-1][-1] += 1
        else:
            levels[-1].append(0)
    mixed = mixed or any(_lopsided(level) for level in levels)
    if not mixed:
        return []
    where = rule.when_location if rule.when_location.line else rule.location
    return [
        Finding(
            "warning",
            f"rule {rule.id} mixes and with or without parentheses: and binds tighter, so `a and b or c` means "
            "`(a and b) or c`",
            where,
            "add parentheses to say which is meant, e.g. `a and (b or c)`",
            "and-or",
        )
    ]


def _zero_division(rule: Rule) -> list[Finding]:
    """A division by a number that is 0 (``income_per_capita / 0``, ``net_income / (1 - 1)``, or by a term
    that is 0 whatever the household, ``wage_income / (size - size)``: :func:`_always_zero`, in the rule's
    condition, a named condition it uses or a member condition it reads): it has no value for any household,
    so every test holding it is unknown, and the rule not evaluable wherever it depends on it. Its cases had failed
    as ``not evaluable (income_per_capita / 0 is unknown: given empty)`` and ``fanpin explain`` said the data was
    missing. (Two numbers divided, ``1 / 0``, are refused as the rule loads; the language has no modulo.) Each
    division is told once, with the line of the rule's condition."""
    where = rule.when_location if rule.when_location.line else rule.location
    findings: dict[str, Finding] = {}
    for part in _tests_in_order(rule.condition):
        if isinstance(part, TArith) and part.op == "/" and _always_zero(part.right):
            shown = render(part)
            findings.setdefault(
                shown,
                Finding(
                    "error",
                    f"rule {rule.id} divides by zero in its condition: `{shown}` has no value for any household, "
                    "so a test holding it is never true nor false, and the rule is not evaluable wherever it depends "
                    "on it",
                    where,
                    f"divide by the fact or parameter meant (a count such as size, a parameter), or write "
                    f"`{render(part.left)}` alone if no division was meant",
                    "division-by-zero",
                ),
            )
    return list(findings.values())


def _always_zero(term: Any) -> bool:
    """Whether a term is 0 for every household that has a value for it: a number that is 0 (:func:`_constant`),
    a term less itself (``size - size``), or a product with such a factor (``0 * size``). A division by one has
    no value for any household (the trial's ``wage_income / (size - size)`` had loaded without a word)."""
    if _constant(term) == 0:
        return True
    match term:
        case TArith(op="-", left=left, right=right):
            return render(left) == render(right)
        case TArith(op="*", left=left, right=right):
            return _always_zero(left) or _always_zero(right)
        case TNeg(operand=operand):
            return _always_zero(operand)
    return False


def _constant(term: Any) -> Fraction | None:
    """The value of a term made of numbers only (``0``, ``-0``, ``1 - 1``), None for one that reads a fact or a
    parameter (or divides by zero itself)."""
    match term:
        case TConst(value=Decimal() as value):
            return Fraction(value)
        case TNeg(operand=operand):
            inner = _constant(operand)
            return None if inner is None else -inner
        case TArith(op=op, left=left, right=right):
            a, b = _constant(left), _constant(right)
            if a is None or b is None or (op == "/" and b == 0):
                return None
            return a + b if op == "+" else a - b if op == "-" else a * b if op == "*" else a / b
    return None


def _literal_amount(rule: Rule) -> list[Finding]:
    """An amount of money written in a condition (``income_per_capita < 5000``): a threshold that differs
    from region to region and changes with the date, and says nowhere where it comes from. The rules
    compare with parameters (dated, region-scoped, each value with its source); an amount of 0 (``loan_balance
    > 0``) is no threshold. The first test holding one is told, in the rule's condition or a member condition
    it reads (``any(members, dibao_amount > 500)``)."""
    members = [AGGREGATES[n].condition for n in sorted(rule.facts & AGGREGATES.keys())]
    for part in _parts((rule.condition, *(c for c in members if c is not None))):
        if not isinstance(part, TCompare):
            continue
        amounts = [
            c for c in _parts((part.left, part.right)) if isinstance(c, TConst) and c.unit == "money" and c.value
        ]
        if amounts:
            where = rule.when_location if rule.when_location.line else rule.location
            return [
                Finding(
                    "warning",
                    f"rule {rule.id} compares money with the amount {_plain_number(Decimal(amounts[0].value))} 元 "
                    f"written in its condition ({_show(part)}): a threshold differs from region to region and changes "
                    "with the date, and a reader cannot tell where it comes from",
                    where,
                    "put it in a parameter (unit: money, a value for each region with its from: date and its "
                    "source) and compare with the parameter's name; an amount of 0 needs none",
                    "literal-amount",
                )
            ]
    return []


#: What a number compared with a fact of each measure is: the parameter unit a threshold of it takes, and
#: the numbers that are no threshold of it (a count of 0 or 1 — ``count(members) >= 1``, ``size == 1``,
#: ``labor_count > 0`` — a share of nothing or of everyone, 0 of anything else).
_THRESHOLD_UNITS = {
    "years": "years",
    "months": "months",
    "days": "days",
    "mu": "mu",
    "square_metres": "square_metres",
    "km": "km",
    "ratio": "ratio",
    "count": "count",
}
_NO_THRESHOLD = {"count": (Decimal(0), Decimal(1)), "ratio": (Decimal(0), Decimal(1))}
#: Facts held as numbers that are codes, not amounts: 残疾证残疾类别 (4 is 肢体残疾) and the number of digits of
#: an ID number (15 or 18). A number compared with one names a code, not a threshold.
_CODES = frozenset({"disability_category", "id_length"})
#: A measure column's number of labels (``employment_support_count``), compared with == or != next to the labels
#: it names, says which labels the column holds (exactly 其他 and 技能培训), not how many are enough.
_LABEL_COUNTS = frozenset(f"{column}_count" for column in LABEL_SETS)


def _measure_of(term: Any) -> str | None:
    """What a typed term measures (as the type checker's units name it), None for money, a text, a code or
    what this does not know: a literal compared with it is no threshold this check tells."""
    match term:
        case TFact(name=name):
            if name in _CODES:
                return None
            info = MEMBER_FACTS.get(name) or FACTS.get(name)
            if info is None and name in AGGREGATES:
                return "count" if AGGREGATES[name].kind == "count" else None
            if info is None:
                return None
            if info.kind is Kind.COUNT:
                return "count"
            if info.kind is Kind.QUANTITY:
                return info.measure.value if info.measure else "quantity"
            return None
        case TCall(function="age" | "age_on"):
            return "years"
        case TCall(function="months_between" | "months_since"):
            return "months"
        case TCall(function="days_until"):
            return "days"
        case TCall(function="length" | "contains_text"):
            return None  # a text's number of characters, a yes/no as 1 or 0
        case TCall(args=args):
            measures = {_measure_of(a) for a in args if not isinstance(a, TConst)}
            return measures.pop() if len(measures) == 1 else None
        case TNeg(operand=operand):
            return _measure_of(operand)
        case TArith(op=op, left=left, right=right):
            a, b = _measure_of(left), _measure_of(right)
            if op == "/" and isinstance(left, TFact) and isinstance(right, TFact) and a == b == "count":
                return "ratio"  # share(members, …), a count over a count
            if isinstance(left, TConst) or isinstance(right, TConst):
                return None  # a number in the arithmetic: what it scales by is beyond this check
            return a if a == b else None
    return None


def _thresholds(part: Any) -> Iterator[tuple[str, Decimal]]:
    """(measure, number) for each plain number ``part`` compares a measured term with, that is a threshold."""
    if isinstance(part, TCompare):
        if isinstance(part.left, TFact) and part.left.name in _LABEL_COUNTS and part.op in ("==", "!="):
            return
        sides = ((part.left, part.right), (part.right, part.left))
        pairs: list[tuple[str | None, tuple[Decimal | str, ...]]]
        pairs = [(_measure_of(term), (other.value,)) for term, other in sides if isinstance(other, TConst)]
    elif isinstance(part, TIn):
        pairs = [(_measure_of(part.operand), part.values)]
    else:
        return
    for measure, values in pairs:
        if measure not in _THRESHOLD_UNITS:
            continue
        for value in values:
            if isinstance(value, Decimal) and value not in _NO_THRESHOLD.get(measure, (Decimal(0),)):
                yield measure, value


def _tests_in_order(condition: object) -> Iterator[object]:
    """The parts of a condition as it is written, left to right (:func:`_parts` walks them the other way), a
    member condition (``any(members, age >= 65)``) where it stands."""
    stack = [condition]
    while stack:
        item = stack.pop()
        if isinstance(item, tuple):
            stack.extend(reversed(item))
        elif isinstance(item, TFact | TTruth) and _member_condition(item) is not None:
            stack.append(_member_condition(item))
            yield item
        elif is_dataclass(item):
            yield item
            stack.extend(reversed([getattr(item, f.name) for f in fields(item)]))


def _member_condition(item: TFact | TTruth) -> Any:
    """The member condition an aggregate reads (``any(members, age >= 65)``), None for any other fact."""
    found = AGGREGATES.get(item.name if isinstance(item, TFact) else item.fact)
    return None if found is None else found.condition


def _literal_threshold(rule: Rule) -> list[Finding]:
    """A number other than money written in a condition as a threshold of a measured fact: an age (``age >= 65``),
    an area in 亩 (``cropland > 50``), a distance, a number of months or days, a share, a count beyond 0 and 1
    (``size >= 5``). Like an amount (:func:`_literal_amount`), it belongs in a parameter of its unit, dated,
    scoped to a region and with its source. Numbers that are no threshold pass: 0 of anything, 1 of a count or a
    share (``count(members) >= 1``, ``size == 1``), a code (``disability_category == 4``), a measure column's
    number of labels beside the labels it names. Each test holding one is told once, with the unit its
    parameter takes, in the rule's condition or a member condition it reads."""
    where = rule.when_location if rule.when_location.line else rule.location
    findings: dict[str, Finding] = {}
    for part in _tests_in_order(rule.condition):
        for measure, value in _thresholds(part):
            test = _show(part)
            findings.setdefault(
                test,
                Finding(
                    "warning",
                    f"rule {rule.id} compares {measure_name(measure)} with the number {_plain_number(value)} written "
                    f"in its condition ({test}): a threshold differs from region to region and changes with "
                    "the date, and a reader cannot tell where it comes from",
                    where,
                    f"put it in a parameter (unit: {_THRESHOLD_UNITS[measure]}, a value for each region with its "
                    "from: date and its source) and compare with the parameter's name; 0, and 1 of a count or a "
                    "share, need none",
                    "literal-threshold",
                ),
            )
    return list(findings.values())


def _lopsided(operands: list[int]) -> bool:
    """Some ``or`` operand is an ``and`` group and another a lone test."""
    return len(operands) > 1 and any(n > 0 for n in operands) and any(n == 0 for n in operands)


# ---- cases ---------------------------------------------------------------------------------------------------------


def _case_fact_findings(rule: Rule) -> list[Finding]:
    """An error for each fact of each case of ``rule`` that no household can have."""
    findings: list[Finding] = []
    locations = rule.case_locations or (rule.location,) * len(rule.spec.cases)
    for case, where in zip(rule.spec.cases, locations, strict=False):
        findings += [
            Finding("error", f"rule {rule.id}, case {case.name!r}: {message}", where, fix, "cases")
            for message, fix in (*case_fact_problems(case.facts), *case_member_problems(case.members))
        ]
    return findings


def _contradicting_cases(rule: Rule) -> list[Finding]:
    """An error for each case of ``rule`` that gives the same facts, members, region and date as an earlier
    case but expects another outcome: one household cannot both fire and stay silent, so one of the two is
    wrong (each had only been told as failing, the one the rule disagrees with, as if the rule were wrong)."""
    findings: list[Finding] = []
    locations = rule.case_locations or (rule.location,) * len(rule.spec.cases)
    seen: dict[str, tuple[str, str, Location]] = {}
    defaults = rule.case_defaults
    for case, where in zip(rule.spec.cases, locations, strict=False):
        region, as_of = case.region or defaults.region, case.as_of or defaults.as_of
        members = None if case.members is None else [_same_member(m) for m in case.members]
        given = json.dumps([_same(case.facts), members, region, as_of], sort_keys=True, default=str)
        if given not in seen:
            seen[given] = (case.name, case.expect, where)
            continue
        first, expected, at = seen[given]
        if expected != case.expect:
            findings.append(
                Finding(
                    "error",
                    f"rule {rule.id}: cases {first!r} and {case.name!r} give the same facts and members but expect "
                    f"{expected} and {case.expect}",
                    where,
                    f"one of the two is wrong: keep the one the rule's basis supports, and change the other's facts "
                    f"or its expect (case {first!r} is at line {at.line})",
                    "cases",
                )
            )
    return findings


def _same_member(member: Mapping[str, Any]) -> object:
    """A case's member as the model reads it, whatever its cells' names (the export's header, 最低生活保障金, or
    the English name, dibao_amount) and spellings (出生日期 19800101 or 1980-01-01): one member written either
    way is one member. A member the model refuses (the cases check says why) is compared as written."""
    from fanpin.errors import RecordValidationError
    from fanpin.model.member import Member

    try:
        read = Member.model_validate({"household_id": "case", **member})
    except (RecordValidationError, ValueError):
        return _same(member)
    return {name: _held(getattr(read, name)) for name in Member.model_fields}


def _held(value: object) -> object:
    """A member's value to compare: a person's number by its digest (never its text), a set sorted, a
    vocabulary word by its id, a number or date as one text."""
    if isinstance(value, Pii):
        return hashlib.sha256(value.reveal().encode()).hexdigest()
    if isinstance(value, frozenset | set):
        return sorted(str(_held(v)) for v in value)
    if isinstance(value, Enum):
        return str(value.value)
    return _same(value.isoformat() if isinstance(value, date) else value)


def _same(given: object) -> object:
    """A case's facts or members with each number as one text whatever its spelling (8000, 8000.0, "8000" and
    "8,000" are one amount), to tell two cases that give the same household."""
    if isinstance(given, Mapping):
        return {str(k): _same(v) for k, v in given.items()}
    if isinstance(given, list | tuple):
        return [_same(v) for v in given]
    if isinstance(given, bool) or given is None:
        return given
    try:
        number = Decimal(str(given).strip().replace(",", ""))
    except (ArithmeticError, ValueError):
        return given
    return format(number.normalize(), "f") if number.is_finite() else given


def _case_findings(analyzer: Analyzer, rule: Rule, never_true: bool) -> list[Finding]:
    findings = [*_case_fact_findings(rule), *_contradicting_cases(rule)]
    expected = {case.expect for case in rule.spec.cases}
    reads = ", ".join(sorted({_read_name(f) for f in rule.facts})) or "no fact"
    if "fires" not in expected and not never_true:
        findings.append(
            Finding(
                "error",
                f"rule {rule.id} has no case that fires",
                rule.location,
                f"add a case with expect: fires, whose facts ({reads}) make the condition true",
                "cases",
            )
        )
    if "silent" not in expected and analyzer.surely_can_be(rule.condition, "false"):
        findings.append(
            Finding(
                "error",
                f"rule {rule.id} has no case that stays silent",
                rule.location,
                f"add a case with expect: silent, whose facts ({reads}) make the condition false — best one exactly "
                "on a threshold",
                "cases",
            )
        )
    if "not_evaluable" not in expected:
        witness = analyzer.find((rule.condition, "unknown"))
        if witness is not None and witness.certain:
            absent = sorted({_unknown_name(name) for name in witness.absent_facts()})
            leave_out = (
                f"leaves out {', '.join(absent)} and gives no other fact a value that decides the rule"
                if absent
                else "leaves a value unknown"
            )
            findings.append(
                Finding(
                    "error",
                    f"rule {rule.id} has no case that is not evaluable, but it reads {reads}, which can be unknown",
                    rule.location,
                    f"add a case with expect: not_evaluable that {leave_out} (facts a case does not list are unknown)",
                    "cases",
                )
            )
    return findings


def _read_name(fact: str) -> str:
    if fact in AGGREGATES:
        agg = AGGREGATES[fact]
        return "count(members)" if agg.condition is None else f"{agg.kind}(members, {agg.text})"
    held = set_of_fact(fact)  # risk_is_illness, the engines' own: the set the rule names (risks)
    return fact if held is None else held.name


def _unknown_name(fact: str) -> str:
    """How a case leaves a fact unknown: by not listing it, or — for what is read over the members — by
    listing no members."""
    if fact in AGGREGATES:
        return "the members (no members: list)"
    return fact


def case_fact_problems(facts: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """(message, fix) for each fact of a case that no household can have (an unknown name, a value of the
    wrong type or outside the fact's range): :func:`lint_rulebook` reports each as a ``cases`` error."""
    for name, raw in facts.items():
        info = FACTS.get(name)
        if name in ("members", "家庭成员"):
            yield (
                f"{name!r} is not a fact: a case's members are listed beside its facts",
                'move the list to the case\'s own members: key, beside facts: (rules/README.md, "Members")',
            )
            continue
        labelled = next((f.name for f in FACTS.values() if f.label == name), None) if info is None else None
        fed = _fact_of_column(name) if info is None and labelled is None else None
        if fed is not None:  # 是否危房户: the export's column a household fact is read from
            yield (
                f"{name} is a column of the national export: rules and their cases read it as {fed}",
                f"write {fed}",
            )
            continue
        if labelled is not None:  # 人均纯收入: it had been "unknown fact", though it names the fact meant
            yield (
                f"{name} is the label of {labelled}: a case names a household's fact by its name",
                f"write {labelled}",
            )
            continue
        if info is None and (cell := _member_cell(name)) is not None:
            # A member's fact or cell among the household's: it was "unknown fact 'age'", fix "use the fact
            # names of rules/README.md", where age is one of them, and nothing said it belongs in the members.
            said = (
                f"{name} ({MEMBER_FACTS[name].label}) is a member's fact"
                if name in MEMBER_FACTS
                else (f"{name} is a member's cell")
            )
            yield (
                f"{said}, not the household's: a case gives it in its members",
                f"list the members beside facts: and give each the cell {cell} (members: [{{{cell}: …}}])",
            )
            continue
        if info is None:
            labels = {f.label: f.name for f in FACTS.values()}
            by_label = suggest(name, labels, cutoff=0.75)
            near = labels.get(name) or suggest(name, FACTS, cutoff=0.6) or (labels[by_label] if by_label else "")
            hint = f"; did you mean {near} ({FACTS[near].label})?" if near else ""
            yield (
                f"unknown fact {name!r}{hint}",
                f"write {near}" if near else "use the fact names of rules/README.md",
            )
            continue
        if info.kind is Kind.MONTH and (as_number := month_as_number(raw)) is not None:
            # identified_month: 2024.3, a number to YAML: it had been told the example month 202304
            yield f"{name} = {raw!r}: {as_number}", f"write {name}: '{as_number.month}'"
            continue
        try:
            value = case_value(name, raw)
        except PartOfAFenError as exc:  # an amount meant exactly, read to the fen as a file's would be
            yield (
                f"{name} = {raw!r} has a part of a fen: it would be read as {exc.read}",
                f"write the amount to the fen: {name}: {exc.below}",
            )
            continue
        except ValueError as exc:
            yield _bad_value(info, raw, str(exc))
            continue
        yield from _out_of_range(info, value)


def _fact_of_column(name: str) -> str | None:
    """The household fact an export column's header (or its English name) is read into as it is (是否危房户:
    housing_unsafe), or None (a column read negated, 是否解决安全饮用水, is none: its value would be the other)."""
    from fanpin.model.export_columns import export_field
    from fanpin.model.roster import FACT_OF_COLUMN, NEGATED_COLUMNS

    column = export_field(name)
    fact = FACT_OF_COLUMN.get(column or "")
    return fact if fact in FACTS and column not in NEGATED_COLUMNS else None


def _member_cell(name: str) -> str | None:
    """The export's cell a case's member gives for ``name`` when it is a member's fact (``age``: 出生日期) or
    a member's column (出生日期, ``recorded_birth_date``) and no household fact's name or label; else None."""
    from fanpin.model.member import Member

    if name in FACTS or any(f.label == name for f in FACTS.values()):
        return None
    if name in MEMBER_FACTS:
        return fact_cell(name)
    for field_name, spec in Member.model_fields.items():
        if field_name in FACTS:
            continue
        aliases = getattr(spec.validation_alias, "choices", None) or ()
        if name == field_name or name in aliases:
            return spec.title or field_name
    return None


def case_member_problems(members: Sequence[Mapping[str, Any]] | None) -> Iterator[tuple[str, str]]:
    """(message, fix) for each cell of a case's members that no member row can have (an unknown column, a
    value its column refuses): :func:`lint_rulebook` reports each as a ``cases`` error, where the case had
    failed with the model's words for a host (validate with extra="ignore")."""
    from fanpin.errors import RecordValidationError
    from fanpin.model.member import MONTH_COLUMNS, Member

    for i, member in enumerate(members or (), start=1):
        floats = {key: told for key, raw in member.items() if key in MONTH_COLUMNS and (told := month_as_number(raw))}
        for key, told in floats.items():  # identified_month: 2024.3, a number to YAML, as a household's fact is told
            yield f"member {i}: {key} = {member[key]!r}: {told}", f"write {key}: '{told.month}'"
        try:
            Member.model_validate({"household_id": "case", **{k: v for k, v in member.items() if k not in floats}})
        except RecordValidationError as exc:
            for error in exc.errors():
                key = ".".join(str(part) for part in error["loc"]) or "(the row)"
                if error["type"] == "unknown_key" and key in MEMBER_FACTS and key not in Member.model_fields:
                    cell = fact_cell(key)
                    yield (
                        f"member {i}: {key} is a fact fanpin computes from the member's cells, not a column",
                        f"give the cell it is computed from ({cell}): a case's member is written as the export's cells",
                    )
                elif error["type"] == "unknown_key":
                    near = (error.get("ctx") or {}).get("suggestion")
                    yield (
                        f"member {i}: unknown column {key!r}" + (f"; did you mean {near}?" if near else ""),
                        f"write {near}"
                        if near
                        else "write the member's columns by the export's headers or the "
                        'member facts\' English names (rules/README.md, "Member facts")',
                    )
                else:
                    yield f"member {i}: {key}: {error['msg'].removeprefix('Value error, ')}", "correct the value"


def _bad_value(info: FactInfo, raw: object, reason: str) -> tuple[str, str]:
    if info.enum is not None:
        choices = "、".join(m.label for m in info.enum)
        near = nearest_value(info.enum, str(raw))
        if near is not None:
            return (
                f"{info.name} = {raw!r} is not a value of {info.label}; did you mean {near.label}?",
                f'write "{near.label}" (the values are {choices})',
            )
        return f"{info.name} = {raw!r} is not a value of {info.label}", f"use one of {choices}"
    return f"{info.name} = {raw!r}: {reason}", f"write a value of {info.label} ({info.kind.value}) as a file would"


def _out_of_range(info: FactInfo, value: object) -> Iterable[tuple[str, str]]:
    if value is None or isinstance(value, bool):
        return ()
    low, high = fact_range(info.name)
    if low is None and high is None:
        return ()
    try:
        number = encode(info.name, value)
    except TypeError:
        return ()
    if isinstance(number, bool) or not isinstance(number, int):
        return ()
    if (low is not None and number < low) or (high is not None and number > high):
        return [(f"{info.name} = {value} is a value no household can have", describe_fact_range(info.name))]
    return ()


# ---- pairs of rules ------------------------------------------------------------------------------------------------


def _pair_findings(analyzer: Analyzer, envs: list[Environment], rules: list[Rule]) -> list[Finding]:
    """Rules that fire on exactly the same households, and rules another one makes redundant — wherever
    the parameters both read have values (where one has none, its rules are not evaluable anyway, and
    the parameter coverage check says so). A rule made redundant by a chain of others is told the nearest
    of them, and a ladder of such rules (thresholds one above the other) is told as one chain."""
    live = [r for r in rules if r.facts and analyzer.can_be(r.condition, "true")]
    known = _Implications(analyzer, envs, live)
    duplicates: dict[tuple[int, int], Finding] = {}
    redundant: dict[int, set[int]] = {}  # x → the rules y that fire whenever x does and that x adds nothing to
    for i, j in _candidate_pairs(live):
        a, b = live[i], live[j]
        # Only pairs worth a search: two rules that read the same facts, and a rule whose kind, level and
        # measures add nothing to one that reads every fact it reads (one fact read by one rule only
        # almost always tells them apart).
        same = a.facts == b.facts
        forward = (same or (b.facts >= a.facts and _adds_nothing(a, b))) and known.implies(i, j)
        backward = (same or (a.facts >= b.facts and _adds_nothing(b, a))) and known.implies(j, i)
        if same and forward and backward:
            if a.layer > b.layer:  # told at the later folder's rule (a county's, not fanpin's file), the other first
                a, b = b, a
            duplicates[i, j] = Finding(
                "warning",
                f"rules {a.id} and {b.id} fire on exactly the same households ({b.id}'s condition "
                f"{_show(b.condition)} is {a.id}'s in other words)",
                b.when_location if b.when_location.line else b.location,
                f"keep one of the two (first at {a.location}), or correct the condition of the other",
                "duplicate-rule",
            )
            continue
        for x, y, holds in ((i, j, forward), (j, i, backward)):
            if holds and _adds_nothing(live[x], live[y]):
                redundant.setdefault(x, set()).add(y)
    return [duplicates[pair] for pair in sorted(duplicates)] + _redundant_findings(live, redundant)


def _candidate_pairs(live: list[Rule]) -> list[tuple[int, int]]:
    """The pairs (i < j) of rules of one scope of which one reads every fact the other reads (the only
    pairs :func:`_pair_findings` searches), found from an index of the rules by the facts they read rather
    than by comparing every pair; nearest first (``j − i``), so that a ladder written in order is known
    from its neighbours by :class:`_Implications`."""
    by_fact: dict[str, set[int]] = {}
    for n, rule in enumerate(live):
        for fact in rule.facts:
            by_fact.setdefault(fact, set()).add(n)
    pairs: set[tuple[int, int]] = set()
    for n, rule in enumerate(live):
        wider = set.intersection(*(by_fact[fact] for fact in rule.facts))  # the rules reading all it reads
        # a member-scope rule also names the members: never the same as a household one
        pairs.update((min(n, m), max(n, m)) for m in wider if m != n and live[m].spec.scope == rule.spec.scope)
    return sorted(pairs, key=lambda pair: (pair[1] - pair[0], pair))


class _Implications:
    """Whether one rule fires whenever another does, searched once a pair, or told by what is known already:
    ``x ⇒ m ⇒ y`` gives ``x ⇒ y``, and ``y ⇒ m`` with ``x ⇏ m`` gives ``x ⇏ y`` (each where ``m`` reads no
    parameter beyond the pair's, so that the environments searched are the same). A ladder of 70 threshold
    rules is 4 830 searches pair by pair, 138 this way."""

    def __init__(self, analyzer: Analyzer, envs: list[Environment], live: list[Rule]) -> None:
        self.analyzer, self.envs, self.live = analyzer, envs, live
        self.holds: dict[tuple[int, int], bool] = {}
        self.after: dict[int, set[int]] = {}  # x → the rules known to fire whenever x does
        self.before: dict[int, set[int]] = {}  # y → the rules known to make it fire
        self.analyzers: dict[frozenset[str], Analyzer] = {}

    def implies(self, x: int, y: int) -> bool:
        if (x, y) not in self.holds:
            found = self._told(x, y)
            self.holds[x, y] = self._searched(x, y) if found is None else found
            if self.holds[x, y]:
                self.after.setdefault(x, set()).add(y)
                self.before.setdefault(y, set()).add(x)
        return self.holds[x, y]

    def _told(self, x: int, y: int) -> bool | None:
        rules = self.live
        params = rules[x].params | rules[y].params
        if any(rules[m].params <= params for m in self.after.get(x, set()) & self.before.get(y, set())):
            return True
        for m in self.after.get(y, ()):
            if self.holds.get((x, m)) is False and rules[y].params <= rules[x].params | rules[m].params:
                return False
        return None

    def _searched(self, x: int, y: int) -> bool:
        a, b = self.live[x], self.live[y]
        names = a.params | b.params
        if names not in self.analyzers:
            covered = [env for env in self.envs if env.covers(names)]
            self.analyzers[names] = Analyzer(FACTS, covered) if covered else self.analyzer
        return bool(a.facts & b.facts) and self.analyzers[names].implies(a.condition, b.condition)


def _redundant_findings(live: list[Rule], redundant: Mapping[int, set[int]]) -> list[Finding]:
    """One implied-rule warning per rule and nearest rule that makes it redundant (``y`` is left out where
    another ``m`` the rule adds nothing to adds nothing to ``y`` itself): a ladder of 70 rules gave 2 415
    warnings, every rung against every higher one. Rules each made redundant by the next alone, one after
    the other, are one warning naming the chain."""
    nearest = {
        x: sorted(y for y in ys if not any(y in redundant.get(m, ()) and m not in redundant.get(y, ()) for m in ys))
        for x, ys in redundant.items()
    }
    following = {x: ys[0] for x, ys in nearest.items() if len(ys) == 1}
    led = Counter(following.values())  # how many rules, each with one nearest, a rule is the nearest of
    chains: dict[int, list[int]] = {}
    for x in sorted(following):
        if led[x] != 1:  # no one rule leads here: a chain may start (it goes on while each is led by one)
            chain = [x]
            while following[chain[-1]] in following and led[following[chain[-1]]] == 1:
                chain.append(following[chain[-1]])
            if len(chain) > 1:
                chains[x] = chain
    told = {n for chain in chains.values() for n in chain}
    findings: list[Finding] = []
    for x in sorted(nearest):
        if x in chains:
            findings.append(_chain_finding([live[n] for n in chains[x]], live[following[chains[x][-1]]]))
        elif x not in told:
            findings += [_implied_finding(live[x], live[y]) for y in nearest[x]]
    return findings


def _implied_finding(x: Rule, y: Rule) -> Finding:
    if x.layer < y.layer:  # a rule of an earlier folder (fanpin's own, for a county): switched off, not removed
        later = Path(y.location.path).parent
        fix = (
            f"switch {x.id} off in {later} (disable: [{x.id}]), or write {x.id} again there with what {y.id} "
            "lacks (its own measures or a higher level)"
        )
    else:
        fix = f"remove {x.id}, or give it what {y.id} lacks (its own measures or a higher level)"
    return Finding(
        "warning",
        f"rule {x.id} adds nothing: whenever it fires, {y.id} ({y.location}) fires too, with "
        "the same kind, a level as high, every measure and every code",
        x.when_location if x.when_location.line else x.location,
        fix,
        "implied-rule",
    )


def _chain_finding(chain: list[Rule], last: Rule) -> Finding:
    first = chain[0]
    fix = f"keep {last.id} and remove the {len(chain)} rules before it"
    earlier = [r.id for r in chain if r.layer < last.layer]  # fanpin's own, for a county: switched off
    if earlier:
        own = [r.id for r in chain if r.layer >= last.layer]
        fix = f"keep {last.id}, switch {', '.join(earlier)} off in {Path(last.location.path).parent} (disable: "
        fix += f"[{', '.join(earlier)}])" + (f" and remove {', '.join(own)}" if own else "")
    return Finding(
        "warning",
        f"rules {' ⇒ '.join(r.id for r in [*chain, last])} ({last.id} at {last.location}): each rule before "
        f"{last.id} adds nothing: whenever it fires, the next one fires too, with the same kind, a level as high, "
        "every measure and every code",
        first.when_location if first.when_location.line else first.location,
        f"{fix}, or give each what the next lacks (its own measures or a higher level)",
        "implied-rule",
    )


def _adds_nothing(x: Rule, y: Rule) -> bool:
    """Whether ``x`` firing says nothing ``y`` (which fires whenever ``x`` does) does not already say."""
    return (
        x.spec.kind == y.spec.kind
        and _LEVELS[x.level] <= _LEVELS[y.level]
        and set(x.spec.measures) <= set(y.spec.measures)
        and x.spec.risk_type in (None, y.spec.risk_type)
        and set(x.spec.codes) <= set(y.spec.codes)  # a national code of its own is a finding of its own
    )
