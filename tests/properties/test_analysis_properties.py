"""The analysis is sound: whatever it says a condition can never be (true, false or not evaluable), no
generated household ever makes it — evaluated directly under Kleene's logic, and on both engines.

Conditions come from :mod:`tests.properties.conditions` (random, but written as rule authors write them, with
many contradictions); households from :func:`fanpin.testing.households`, in regions and on dates whose
parameter values differ (and one date before any value). Example counts are CI-sized; ``FANPIN_SLOW=1`` runs
long.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import given, note, settings
from hypothesis import strategies as st

from fanpin import Engine, Household, Rulebook, load_rulebook
from fanpin.batch import BatchEngine
from fanpin.lang.analysis import Analyzer, member_scope
from fanpin.lang.lowering import compile_term, literal
from fanpin.lang.members import AGGREGATES
from fanpin.lang.tree import Condition, TAnd, TCompare, TConst, TIn, TMissing, TNot, TOr, TTruth
from fanpin.lang.typecheck import check_condition
from fanpin.model.facts import FACTS, encode_all, household_facts, household_row
from fanpin.model.member_facts import member_rows
from fanpin.model.parameters import ResolvedParameter
from fanpin.rulebook.lint import environments
from fanpin.testing import households
from tests.helpers import SLOW
from tests.properties.conditions import CONTEXTS, condition, param_infos, seeded, seeded_members

Truth = bool | None
T = TypeVar("T")
OUTCOME: dict[Truth, str] = {True: "true", False: "false", None: "unknown"}


def kleene(c: Condition, facts: Mapping[str, Any], params: Mapping[str, ResolvedParameter], as_of: date) -> Truth:
    """A condition evaluated directly: terms by the lowering's arithmetic, logic by Kleene's."""

    def value(term: Any) -> Any:
        return compile_term(term, params, as_of)(facts)

    match c:
        case TCompare(op=op, left=left, right=right):
            a, b = value(left), value(right)
            if a is None or b is None:
                return None
            return bool({"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b, "==": a == b, "!=": a != b}[op])
        case TIn(operand=x, values=values):
            v = value(x)
            return None if v is None else v in [literal(TConst(val, "plain")) for val in values]
        case TMissing(operand=x):
            return value(x) is None
        case TTruth(fact=fact):
            held = facts.get(fact)
            return None if held is None else bool(held)
        case TNot(operand=x):
            r = kleene(x, facts, params, as_of)
            return None if r is None else not r
        case TAnd(items=items):
            results = [kleene(i, facts, params, as_of) for i in items]
            return False if False in results else (None if None in results else True)
        case TOr(items=items):
            results = [kleene(i, facts, params, as_of) for i in items]
            return True if True in results else (None if None in results else False)
    raise TypeError(c)


BOOK = load_rulebook()
PARAMS = param_infos(BOOK)
ANALYZER = Analyzer(FACTS, environments(BOOK))
RESOLVED = {
    (region, day): BOOK.parameters.resolve_known(BOOK.parameters.specs, region, day)[0] for region, day in CONTEXTS
}
#: 300 fixed conditions, their typed trees and the outcomes the analysis allows.
FIXED = [
    (text, typed, ANALYZER.outcomes(typed))
    for text in seeded(300, 7)
    for typed in [check_condition(text, FACTS, PARAMS)]
]

contexts_and_households = st.sampled_from(CONTEXTS).flatmap(
    lambda context: st.tuples(st.just(context), households(region=context[0]))
)


def _many(strategy: st.SearchStrategy[T], most: int) -> st.SearchStrategy[list[T]]:
    """Lists of 1 to ``most`` values of ``strategy``, every length about as likely (``st.lists`` averages about 6
    whatever its bound). The properties on both engines draw many households an example and score each region
    and date's in one batch call, which costs about as much for one household as for 25: with fewer examples
    than the profile's 45 (each property's count is given), they score about as many households as before in a
    quarter of the calls or fewer. FANPIN_SLOW=1 takes 3 000 examples."""
    return st.integers(1, most).flatmap(lambda n: st.lists(strategy, min_size=n, max_size=n))


def test_the_fixed_conditions_are_not_vacuous() -> None:
    """Enough of them are contradictions (never true), some never false or never unknown, most anything."""
    allowed = [outcomes for _, _, outcomes in FIXED]
    assert sum("true" not in o for o in allowed) >= 20
    assert sum("false" not in o for o in allowed) >= 3
    assert sum("unknown" not in o for o in allowed) >= 20
    assert sum(o == {"true", "false", "unknown"} for o in allowed) >= 150


@given(contexts_and_households)
def test_fixed_conditions_on_generated_households(drawn: tuple[tuple[str, date], Household]) -> None:
    (region, day), household = drawn
    facts = encode_all(household_facts(household))
    for text, typed, allowed in FIXED:
        outcome = OUTCOME[kleene(typed, facts, RESOLVED[(region, day)], day)]
        assert outcome in allowed, f"{text}: {outcome} in {region} on {day}, analysis allows {sorted(allowed)}"


@given(st.data(), contexts_and_households)
def test_generated_conditions_on_generated_households(
    data: st.DataObject, drawn: tuple[tuple[str, date], Household]
) -> None:
    text = condition(lambda options: data.draw(st.sampled_from(list(options))), depth=3)
    note(text)
    typed = check_condition(text, FACTS, PARAMS)
    (region, day), household = drawn
    outcome = OUTCOME[kleene(typed, encode_all(household_facts(household)), RESOLVED[(region, day)], day)]
    assert outcome in ANALYZER.outcomes(typed)


# ---- both engines ---------------------------------------------------------------------------------------------------

_RULE = """  - id: gen.{index}
    title: {{zh: 生成规则{index}, en: generated rule {index}}}
    level: info
    kind: audit
    when: '{when}'
    basis: a generated condition for the analysis' soundness property
    cases:
      - {{name: a, facts: {{}}, expect: fires}}
      - {{name: b, facts: {{}}, expect: silent}}
      - {{name: c, facts: {{}}, expect: not_evaluable}}
"""


def _books(
    tmp_path_factory: pytest.TempPathFactory, name: str, rules: list[tuple[str, str]]
) -> tuple[Rulebook, Engine, BatchEngine]:
    """A county folder of ``rules`` (index, condition) on top of the reference rules, on both engines."""
    folder: Path = tmp_path_factory.mktemp(name)
    text = "".join(_RULE.format(index=index, when=when) for index, when in rules)
    (folder / "generated.yaml").write_text(
        'case_defaults: {region: "532328", as_of: 2025-06-30}\nrules:\n' + text, encoding="utf-8"
    )
    book = load_rulebook(folder)
    return book, Engine(book), BatchEngine(book)


def _assert_allowed(rules: list[Any], allowed: Mapping[str, Any], assessed: Any, row: Mapping[str, Any]) -> None:
    """Each of ``rules`` has on both engines (the durable ``assessed``, the batch ``row``) an outcome ``allowed``."""
    for engine_name, fired, unknown in (
        ("durable", set(assessed.flag_ids), set(assessed.not_evaluable)),
        ("batch", set(row["flags"]), set(row["not_evaluable"])),
    ):
        for rule in rules:
            outcome = "true" if rule.id in fired else "unknown" if rule.id in unknown else "false"
            assert outcome in allowed[rule.id], f"{engine_name}: {rule.id} {rule.spec.when} was {outcome}"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Rulebook, Engine, BatchEngine]:
    """The reference rules and 80 generated ones, loaded as a county folder, on both engines."""
    return _books(tmp_path_factory, "generated", [(f"r{i:03d}", text) for i, text in enumerate(seeded(80, 11))])


def test_the_generated_rules_are_not_vacuous(generated: tuple[Rulebook, Engine, BatchEngine]) -> None:
    book, _, _ = generated
    rules = [r for r in book.rules.values() if r.id.startswith("gen.")]
    assert sum(not ANALYZER.can_be(r.condition, "true") for r in rules) >= 5
    assert sum(ANALYZER.outcomes(r.condition) == {"true", "false", "unknown"} for r in rules) >= 40


@settings(max_examples=3000 if SLOW else 12)
@given(_many(contexts_and_households, 25))
def test_both_engines_never_do_what_the_analysis_rules_out(
    generated: tuple[Rulebook, Engine, BatchEngine], drawn: list[tuple[tuple[str, date], Household]]
) -> None:
    """Whenever the analysis says a rule is never true, neither engine fires it; never false: neither leaves it
    silent; never unknown: neither lists it as not evaluable. The batch engine scores the households of each
    region and date in one call."""
    book, engine, batch = generated
    allowed = {r.id: ANALYZER.outcomes(r.condition) for r in book.rules.values()}
    for (region, day), group in itertools.groupby(sorted(drawn, key=lambda d: d[0]), key=lambda d: d[0]):
        many = [household for _, household in group]
        out = batch.evaluate([encode_all(household_facts(h)) for h in many], as_of=day, region=region)
        for household, row in zip(many, out.iter_rows(named=True), strict=True):
            _assert_allowed(list(book.rules.values()), allowed, engine.evaluate(household, as_of=day), row)


_QUANTIFIED = (
    "count(members, age >= 60) < 0",
    "count(members) < 1",
    "count(members, age >= 60) <= count(members)",
    "share(members, age >= 65) > 1",
    "share(members, age >= 65) >= 1",
    "share(members, age >= 65) < 0",
    "share(members, age >= 65) <= 0.5 and share(members, age >= 65) > 0",
)


@pytest.fixture(scope="module")
def quantified(tmp_path_factory: pytest.TempPathFactory) -> tuple[Rulebook, Engine, BatchEngine]:
    """Rules comparing counts and shares of members, which the analysis bounds (a count is never below 0, a
    share from 0 to 1), on both engines."""
    return _books(tmp_path_factory, "quantified", [(f"q{i:02d}", text) for i, text in enumerate(_QUANTIFIED)])


@settings(max_examples=3000 if SLOW else 12)
@given(_many(households(members=True), 20), st.sampled_from([date(2025, 6, 30), date(2024, 2, 29)]))
def test_both_engines_never_do_what_the_bounds_of_counts_and_shares_rule_out(
    quantified: tuple[Rulebook, Engine, BatchEngine], many: list[Household], day: date
) -> None:
    book, engine, batch = quantified
    rules = [r for r in book.rules.values() if r.id.startswith("gen.")]
    allowed = {r.id: ANALYZER.outcomes(r.condition) for r in rules}
    assert not ANALYZER.can_be(rules[0].condition, "true") and not ANALYZER.can_be(rules[3].condition, "true")
    out = batch.evaluate([household_row(h) for h in many], as_of=day, region="532328", members=member_rows(many))
    for h, row in zip(many, out.iter_rows(named=True), strict=True):
        _assert_allowed(rules, allowed, engine.evaluate(h, as_of=day, region="532328"), row)


#: Computed terms the analysis bounds by interval arithmetic over the bounds of their facts (money and counts
#: never below 0, ``public_job_months`` never above 12), at and beside those bounds; the first eight never true.
_ARITHMETIC = (
    "wage_income * 2 < 0",
    "public_job_months * 2 > 24",
    "-wage_income > 0",
    "wage_income + 500 < 500",
    "min(public_job_months, 5) > 5",
    "wage_income * 1.5 < 0",
    "coalesce(public_job_income, 0) * 3 - 1 < -1",
    "wage_income / size < 0",
    "public_job_months * 2 >= 24",
    "public_job_months * 1.1 >= 13.2",
    "max(wage_income, 3) <= 3",
    "abs(wage_income - prev_income_per_capita) * 2 <= 0",
    "(wage_income - public_job_income) * 2 > 0",
    "size - labor_count < 0",
)


@pytest.fixture(scope="module")
def arithmetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Rulebook, Engine, BatchEngine]:
    """Rules comparing the computed terms of :data:`_ARITHMETIC`, on both engines."""
    return _books(tmp_path_factory, "arithmetic", [(f"a{i:02d}", text) for i, text in enumerate(_ARITHMETIC)])


@settings(max_examples=3000 if SLOW else 12)
@given(_many(contexts_and_households, 25))
def test_both_engines_never_do_what_the_bounds_of_computed_terms_rule_out(
    arithmetic: tuple[Rulebook, Engine, BatchEngine], drawn: list[tuple[tuple[str, date], Household]]
) -> None:
    """What interval arithmetic rules out (``wage_income * 2 < 0`` never true …) no engine does, the values it
    computes in doubles (a product by 1.5, a quotient) included."""
    book, engine, batch = arithmetic
    rules = [r for r in book.rules.values() if r.id.startswith("gen.")]
    allowed = {r.id: ANALYZER.outcomes(r.condition) for r in rules}
    assert [ANALYZER.can_be(r.condition, "true") for r in rules[:8]] == [False] * 8
    for (region, day), group in itertools.groupby(sorted(drawn, key=lambda d: d[0]), key=lambda d: d[0]):
        many = [household for _, household in group]
        out = batch.evaluate([encode_all(household_facts(h)) for h in many], as_of=day, region=region)
        for household, row in zip(many, out.iter_rows(named=True), strict=True):
            _assert_allowed(rules, allowed, engine.evaluate(household, as_of=day), row)


# ---- member conditions ----------------------------------------------------------------------------------------------

MEMBERS = Analyzer(environments=environments(BOOK), scope=member_scope())
_MEMBER_DAYS = (date(2025, 6, 30), date(2024, 2, 29))


_Books = list[tuple[Rulebook, Engine, BatchEngine]]


@pytest.fixture(scope="module")
def generated_members(tmp_path_factory: pytest.TempPathFactory) -> _Books:
    """40 member conditions, as ``any(members, c)`` in one rulebook and as ``all(members, c)`` in another, each
    on both engines. (Two books of 40, not one of 80: durable-rules refuses a fact that matches rules on more
    than about 55 distinct properties at once — error 303, its evaluation stack — and 80 quantifiers, each
    its own property, reach that for a household of one member who satisfies most of them.)"""
    texts = seeded_members(40, 13)
    books: _Books = []
    for kind, quantifier in (("a", "any"), ("l", "all")):
        folder: Path = tmp_path_factory.mktemp(f"generated_members_{quantifier}")
        rules = "".join(
            _RULE.format(index=f"m{i:03d}{kind}", when=f"{quantifier}(members, {text})") for i, text in enumerate(texts)
        )
        (folder / "generated.yaml").write_text(
            'case_defaults: {region: "532328", as_of: 2025-06-30}\nrules:\n' + rules, encoding="utf-8"
        )
        book = load_rulebook(folder)
        books.append((book, Engine(book), BatchEngine(book)))
    return books


def _member_outcomes(rule_condition: Condition) -> frozenset[str]:
    assert isinstance(rule_condition, TTruth)
    inside = AGGREGATES[rule_condition.fact].condition
    assert inside is not None
    return MEMBERS.outcomes(inside)


def test_the_generated_member_conditions_are_not_vacuous(generated_members: _Books) -> None:
    book, _, _ = generated_members[0]
    allowed = [_member_outcomes(r.condition) for r in book.rules.values() if r.id.startswith("gen.m")]
    assert sum("true" not in o for o in allowed) >= 2
    assert sum(o == {"true", "false", "unknown"} for o in allowed) >= 20


@settings(max_examples=3000 if SLOW else 10)
@given(
    st.sampled_from(_MEMBER_DAYS).flatmap(
        lambda day: st.tuples(st.just(day), _many(households(members=True, as_of=day), 10))
    )
)
def test_member_conditions_on_both_engines(generated_members: _Books, drawn: tuple[date, list[Household]]) -> None:
    """What a quantifier's outcome says of its members' outcomes — ``any`` true: some member's condition was
    true; ``all`` false: some member's was false; unknown: some member's was unknown; ``any`` false or
    ``all`` true over member rows: every member's was false, or true — is always among the outcomes the
    analysis allows the member condition."""
    day, many = drawn
    for book, engine, batch in generated_members:
        out = batch.evaluate([household_row(h) for h in many], as_of=day, region="532328", members=member_rows(many))
        for household, row in zip(many, out.iter_rows(named=True), strict=True):
            members = household.members
            a = engine.evaluate(household, as_of=day)
            for engine_name, fired, unknown in (
                ("durable", set(a.flag_ids), set(a.not_evaluable)),
                ("batch", set(row["flags"]), set(row["not_evaluable"])),
            ):
                for rule in (r for r in book.rules.values() if r.id.startswith("gen.m")):
                    outcome = "true" if rule.id in fired else "unknown" if rule.id in unknown else "false"
                    if members is None:
                        assert outcome == "unknown"
                        continue
                    says = {"true": "true" if rule.id.endswith("a") else None, "unknown": "unknown"}.get(outcome)
                    if outcome == "false":
                        says = "false" if rule.id.endswith("l") or members else None
                    if outcome == "true" and rule.id.endswith("l") and members:
                        says = "true"
                    if says is not None:
                        allowed = _member_outcomes(rule.condition)
                        assert says in allowed, (
                            f"{engine_name}: {rule.spec.when} was {outcome}; members may be {sorted(allowed)}"
                        )
