"""``fanpin check`` finds the classic checker bugs: one fixture per kind of finding (``fixtures/lint/``), and the
county checker catalogue's buggy examples rewritten in fanpin's language (``fixtures/catalogue/``), each caught
with its file, line, words and fix — and never a traceback."""

from __future__ import annotations

import dataclasses
import itertools
import re
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from fanpin import Engine, load_rulebook
from fanpin.errors import ConfigError, DuplicateKeyError
from fanpin.lang.tree import TAnd, TNot
from fanpin.messages import chinese
from fanpin.model.member import Member
from fanpin.rulebook import Rule
from fanpin.rulebook.lint import Finding, environments, lint_rulebook
from fanpin.rulebook.loader import ChecksMode
from tests.helpers import AS_OF, REGION, run_cli
from tests.paths import FIXTURES, ROOT

LINT = sorted((FIXTURES / "lint").glob("*.yaml"))
CATALOGUE = sorted((FIXTURES / "catalogue").glob("*.yaml"))
#: Every check of fanpin.rulebook.lint, by the code its findings carry.
CODES = {
    "never-true",
    "always-true",
    "dead-test",
    "always-true-test",
    "duplicate-rule",
    "implied-rule",
    "and-or",
    "duplicate-code",
    "cases",
    "unused-measure",
    "english-text",
    "literal-amount",
    "literal-threshold",
    "division-by-zero",
}
#: The fixtures of the other checks write amounts and other thresholds in their conditions as the hand-written
#: checkers did: their literal-amount and literal-threshold warnings are not what they show.
_SHOWN_ELSEWHERE = frozenset({"literal-amount", "literal-threshold"})


#: The reference catalogue's entries no reference rule names: offered for county rules, each reported as an
#: unused-measure warning at its line of rules/measures.yaml (rules/README.md, "Measures and the plan").
CATALOGUE_ONLY = {
    "disaster.relief",
    "employment.public_job",
    "employment.transport_subsidy",
    "industry.consumption_support",
}


def _beyond_the_catalogue(findings: list[Finding]) -> list[Finding]:
    """``findings`` without the unused-measure warnings of the reference catalogue's county-only entries."""
    return [
        f
        for f in findings
        if not (f.code == "unused-measure" and f.severity == "warning" and f.message.split()[1] in CATALOGUE_ONLY)
    ]


def _head(path: Path) -> dict[str, str]:
    return dict(re.findall(r"^# ([\w-]+): (.*)$", path.read_text(encoding="utf-8"), flags=re.M))


def _folder(path: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "county"
    folder.mkdir()
    shutil.copy(path, folder / path.name)
    return folder


def _assert_reported(path: Path, tmp_path: Path) -> None:
    """``fanpin check`` on the fixture prints the finding its header names, at its line, with its words and fix,
    exits 2 for an error (0 for a warning), and the fixture has no other finding."""
    head = _head(path)
    severity, code = head["finding"].split()
    folder = _folder(path, tmp_path)
    run = run_cli("check", folder)
    assert run.code == (2 if severity == "error" else 0), run.out + run.err
    lines = [line for line in run.out.splitlines() if f"{path.name}:{head['line']}: {severity}: " in line]
    lines = [line for line in lines if not any(f"[{other}]" in line for other in _SHOWN_ELSEWHERE - {code})]
    assert len(lines) == 1, run.out
    assert head["words"] in lines[0]
    assert f"[{code}]" in lines[0]
    assert f"Fix: {head['fix']}" in lines[0] or head["fix"] in lines[0].split(" Fix: ", 1)[1]
    assert "Traceback" not in run.out + run.err
    own = [f for f in lint_rulebook(load_rulebook(folder)) if f.location.path.endswith(path.name)]
    own = [f for f in own if f.code == code or f.code not in _SHOWN_ELSEWHERE]
    assert [(f.severity, f.code, f.location.line) for f in own] == [(severity, code, int(head["line"]))]


@pytest.mark.parametrize("path", LINT, ids=lambda p: p.stem)
def test_each_kind_of_bug_is_found_with_file_line_words_and_fix(path: Path, tmp_path: Path) -> None:
    _assert_reported(path, tmp_path)


def test_every_check_has_a_fixture() -> None:
    assert {_head(p)["finding"].split()[1] for p in LINT} == CODES


@pytest.mark.parametrize("path", CATALOGUE, ids=lambda p: p.stem)
def test_the_catalogue_bugs_are_caught(path: Path, tmp_path: Path) -> None:
    """Each bug the county checker catalogue marks, written in fanpin's language: a load error (the type
    checker refuses it) or a finding of ``fanpin check``."""
    head = _head(path)
    assert head["catalogue"] and head["bug"]
    if "finding" in head:
        _assert_reported(path, tmp_path)
        return
    run = run_cli("check", _folder(path, tmp_path))
    assert run.code == 2
    assert f"{path.name}:{head['line']}: {head['words']}" in run.err
    assert f"Fix: {head['fix']}" in run.err
    assert f"[{_error_code(head['load-error'])}]" in run.err
    assert "Traceback" not in run.out + run.err


def _error_code(name: str) -> str:
    import fanpin

    error: type[ConfigError] = getattr(fanpin, name)
    return error.code


def test_the_reference_rules_have_no_finding() -> None:
    findings = lint_rulebook(load_rulebook())
    assert _beyond_the_catalogue(findings) == []


@pytest.mark.parametrize("checks", ["off", "with", "only"])
def test_the_catalogue_entries_for_county_rules_are_unused_measure_warnings_at_their_line(checks: ChecksMode) -> None:
    """The reference catalogue holds four measures no reference rule names (risk rules and data checks alike):
    each is a warning naming rules/measures.yaml and its line, whichever part of the reference is loaded."""
    findings = [f for f in lint_rulebook(load_rulebook(checks=checks)) if f.code == "unused-measure"]
    assert {f.message.split()[1] for f in findings} == CATALOGUE_ONLY
    lines = (ROOT / "rules" / "measures.yaml").read_text(encoding="utf-8").splitlines()
    for f in findings:
        assert f.severity == "warning" and f.location.path.endswith("rules/measures.yaml")
        assert f"id: {f.message.split()[1]}," in lines[f.location.line - 1]


def test_a_county_rule_naming_a_catalogue_entry_uses_it(tmp_path: Path) -> None:
    (tmp_path / "local.yaml").write_text(
        (FIXTURES / "lint" / "unused_measure.yaml")
        .read_text(encoding="utf-8")
        .replace("measures: [local.field_visit]", "measures: [local.field_visit, local.seed_subsidy, disaster.relief]"),
        encoding="utf-8",
    )
    unused = {f.message.split()[1] for f in lint_rulebook(load_rulebook(tmp_path)) if f.code == "unused-measure"}
    assert unused == CATALOGUE_ONLY - {"disaster.relief"}


def test_the_parameter_contexts_cover_every_region_and_date() -> None:
    """One context per distinct set of parameter values: the national values, each region's, before and
    after each change — and the lint reads the same values the engines resolve."""
    book = load_rulebook()
    envs = environments(book)
    assert len(envs) == len({tuple(sorted((n, p.value) for n, p in e.params.items())) for e in envs})
    expected = book.parameters.resolve_known(book.parameters.specs, "532328", date(2025, 6, 30))[0]
    assert any(e.params == expected for e in envs)
    assert any(not e.params for e in envs)  # before the first value of any parameter


def test_the_lint_finds_every_rule_the_engine_drops_as_contradictory(tmp_path: Path) -> None:
    """The durable compiler drops conjunctions it sees are contradictory (``x < 3 and x >= 3``); every rule it
    drops whole, the lint reports as never true, with a reason."""
    folder = tmp_path / "county"
    folder.mkdir()
    for path in LINT:
        if _head(path)["finding"].startswith("error never-true"):
            text = path.read_text(encoding="utf-8").replace("local.broken", f"local.{path.stem}")
            (folder / path.name).write_text(text, encoding="utf-8")
    (folder / "exact.yaml").write_text(
        (FIXTURES / "lint" / "never_true_range.yaml")
        .read_text(encoding="utf-8")
        .replace("local.broken", "local.exact")
        .replace("public_job_income < 100 and public_job_income > 200", "labor_count < 3 and labor_count >= 3"),
        encoding="utf-8",
    )
    book = load_rulebook(folder)
    never = {f.message.split()[1] for f in lint_rulebook(book) if f.code == "never-true"}
    assert set(Engine(book).rules_that_never_fire()) <= never
    assert "local.exact" in never and len(never) == len(list(folder.glob("*.yaml")))


def _condition_findings(when: str, tmp_path: Path) -> list[Finding]:
    """The findings on the rule of ``never_true_range.yaml`` with ``when`` for its condition."""
    folder = tmp_path / f"county{len(list(tmp_path.iterdir()))}"
    folder.mkdir()
    text = (FIXTURES / "lint" / "never_true_range.yaml").read_text(encoding="utf-8")
    (folder / "rule.yaml").write_text(
        text.replace("public_job_income < 100 and public_job_income > 200", when), encoding="utf-8"
    )
    return [f for f in lint_rulebook(load_rulebook(folder)) if "local.broken" in f.message]


@pytest.mark.parametrize(
    ("when", "why"),
    [
        ("labor_count > 0 and labor_count < 1", "is a whole number, and no whole number lies between 0 and 1"),
        ("labor_count > 0.5 and labor_count < 1", "is a whole number, and no whole number lies between 0.5 and 1"),
        ("1 > labor_count and labor_count > 0", "is a whole number, and no whole number lies between 0 and 1"),
        ("wage_income > 0 and wage_income < 0.01", "is kept to the fen, and no amount to the fen lies between 0"),
        ("identified_month > 2024-01 and identified_month < 2024-02", "is a month, and no month lies between 2024-01"),
        ("labor_count > 1 and labor_count < 2 and size > 1", "is a whole number, and no whole number lies between 1"),
    ],
)
def test_a_range_that_holds_no_whole_value_is_told_so_and_its_fix_fires(when: str, why: str, tmp_path: Path) -> None:
    """A range whose ends are the right way round but hold no value the fact takes (a count, money to the fen,
    a month) is told so; it had been told its ends were the wrong way round, with a fix in or (which fires
    for every household) or with its ends swapped (still never true). The fix given is a range that fires."""
    (finding,) = [f for f in _condition_findings(when, tmp_path) if f.code == "never-true"]
    assert why in finding.message, finding
    assert "swap" not in finding.fix and " or " not in finding.fix.split("`")[1], finding.fix
    fixed = finding.fix.split("`")[1]
    codes = {f.code for f in _condition_findings(fixed, tmp_path)}
    assert not codes & {"never-true", "always-true", "dead-test", "always-true-test"}, codes


@pytest.mark.parametrize(
    ("when", "code"),
    [
        ("count(members, dropout) > count(members)", "never-true"),
        ("count(members) < count(members, counts_as_labour)", "never-true"),
        ("count(members, dropout) <= count(members)", "always-true"),
        ("count(members, dropout) < count(members)", None),
    ],
)
def test_a_count_of_members_is_never_above_the_number_of_members(when: str, code: str | None, tmp_path: Path) -> None:
    """count(members, c) counts some of the members, never more than count(members): a test that asks for more
    can never fire, and one that asks for at most as many fires whenever it is known. Both had passed unseen."""
    codes = {f.code for f in _condition_findings(when, tmp_path)} & {"never-true", "always-true"}
    assert codes == ({code} if code else set()), codes


@pytest.mark.parametrize(
    ("when", "inside"),
    [
        ("labor_count < 0 and labor_count > 100", "labor_count < 100 and labor_count > 0"),
        ("labor_count > 2 and labor_count < 1", "labor_count >= 1 and labor_count <= 2"),
        ("labor_count < 0 and labor_count > 1", "labor_count <= 1"),
    ],
)
def test_a_range_with_its_ends_the_wrong_way_round_is_given_them_swapped(
    when: str, inside: str, tmp_path: Path
) -> None:
    """The ends swapped are written out, widened to whole values when swapped they would hold none (``labor_count
    < 0 and labor_count > 1`` swapped is ``labor_count < 1 and labor_count > 0``, which no count passes; a count
    is never below 0, so ``labor_count >= 0`` is left out)."""
    (finding,) = [f for f in _condition_findings(when, tmp_path) if f.code == "never-true"]
    assert finding.fix.endswith(f"swap the two ends: `{inside}`"), finding.fix
    assert not {f.code for f in _condition_findings(inside, tmp_path)} & {"never-true", "always-true"}


def test_a_range_beyond_the_models_bounds_is_told_by_the_end_no_household_passes(tmp_path: Path) -> None:
    """``public_job_months > 12 and public_job_months < 20``: its ends are the right way round; no household
    has more than 12 months. It had been told to swap its ends."""
    (finding,) = [
        f
        for f in _condition_findings("public_job_months > 12 and public_job_months < 20", tmp_path)
        if f.code == "never-true"
    ]
    assert "`public_job_months > 12` is never true (public_job_months" in finding.message, finding
    assert "never above 12" in finding.message and "swap" not in finding.fix


def test_a_rule_id_twice_in_one_folder_fails_even_across_files(tmp_path: Path) -> None:
    folder = tmp_path / "county"
    folder.mkdir()
    rule = (FIXTURES / "lint" / "no_fires_case.yaml").read_text(encoding="utf-8")
    (folder / "a.yaml").write_text(rule, encoding="utf-8")
    (folder / "b.yaml").write_text(rule.replace("case_defaults", "# case_defaults"), encoding="utf-8")
    with pytest.raises(DuplicateKeyError) as info:
        load_rulebook(folder)
    assert info.value.path.endswith("b.yaml") and "first at" in str(info.value) and "a.yaml:7" in str(info.value)


def test_a_later_folder_still_replaces_a_rule(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    for folder, limit in ((first, 3000), (second, 2000)):
        folder.mkdir()
        text = (FIXTURES / "lint" / "no_fires_case.yaml").read_text(encoding="utf-8")
        (folder / "rule.yaml").write_text(text.replace("< 3000", f"< {limit}"), encoding="utf-8")
    book = load_rulebook(first, second)
    assert "2000" in book.rules["local.broken"].spec.when


def test_a_case_with_a_value_no_fact_takes_is_a_clean_error_on_the_engine(engine: Engine) -> None:
    """A host application (or a rule case) passing a word outside a vocabulary gets a ConfigError naming the
    fact, never a bare ValueError."""
    with pytest.raises(ConfigError) as info:
        engine.evaluate_facts({"household_type": "贫困户"}, as_of=date(2025, 6, 30), region="532328")
    assert "household_type = '贫困户'" in str(info.value)


def test_findings_print_as_file_line_severity_message_code_and_fix() -> None:
    from fanpin.errors import Location

    finding = Finding("error", "rule x can never fire", Location("county/a.yaml", 9), "correct it", "never-true")
    assert str(finding) == "county/a.yaml:9: error: rule x can never fire [never-true] Fix: correct it"
    assert str(Finding("warning", "parameter p has no value")) == "warning: parameter p has no value"


def test_the_check_summary_counts_errors_and_warnings(tmp_path: Path) -> None:
    folder = _folder(FIXTURES / "lint" / "never_true_range.yaml", tmp_path)
    shutil.copy(FIXTURES / "lint" / "and_or.yaml", folder / "and_or.yaml")
    (folder / "and_or.yaml").write_text(
        (folder / "and_or.yaml").read_text(encoding="utf-8").replace("local.broken", "local.mixed"), encoding="utf-8"
    )
    run = run_cli("check", folder)
    assert run.code == 2
    # the and-or warning, the amounts the range writes (literal-amount), the dibao_line coverage and the
    # catalogue's four entries for county rules
    assert "; 1 error(s), 7 warning(s); version " in run.out


def test_the_member_language_fixture_has_no_finding() -> None:
    """The rules of the member language (quantifiers, member-scope rules, text tests) pass the lint: a member
    condition is analysed with the member facts, and a quantifier is a fact like any other. Its rules write
    ages, areas and counts in their conditions to exercise the language: their literal-threshold warnings are
    not what it shows."""
    folder = FIXTURES / "members"
    findings = lint_rulebook(load_rulebook(folder))
    own = [str(f) for f in findings if f.location.path.startswith(str(folder)) and f.code != "literal-threshold"]
    assert own == []


@pytest.mark.parametrize("name", ["local", "checks"])
def test_the_rules_readme_examples_have_no_finding(name: str, tmp_path: Path) -> None:
    """The local rule and the ten worked data checks of rules/README.md are what a rule author copies: they
    pass the lint as well as their cases."""
    from tests.paths import ROOT

    text = (ROOT / "rules" / "README.md").read_text(encoding="utf-8")
    block = re.search(rf"```yaml\n# county/{name}.yaml\n(.*?)```", text, flags=re.S)
    assert block
    (tmp_path / f"{name}.yaml").write_text(block.group(1), encoding="utf-8")
    assert [str(f) for f in lint_rulebook(load_rulebook(tmp_path)) if f.location.path.startswith(str(tmp_path))] == []


@pytest.mark.parametrize("checks", ["with", "only"])
def test_the_data_check_pack_has_no_finding(checks: ChecksMode) -> None:
    assert _beyond_the_catalogue(lint_rulebook(load_rulebook(checks=checks))) == []


@pytest.mark.parametrize(
    "when",
    [
        "size == 1 and count(members) >= 1 and labor_count > 0",
        "count(members, is_head) > 1 and measure_count >= 1",
        "any(members, disability_category == 4 and id_length == 18)",
        'any(members, employment_support_count == 2 and employment_support contains "其他")',
        "share(members, counts_as_labour) == 1 and share(members, age > 0) > 0",
        "months_since(identified_month) > 0",
    ],
)
def test_a_number_that_is_no_threshold_is_not_told_as_one(when: str, tmp_path: Path) -> None:
    """0 of anything, 1 of a count or a share, a code (残疾类别 4, an ID number's 18 digits) and a measure
    column's number of labels beside the labels it names are natural constants, not thresholds."""
    assert [str(f) for f in _condition_findings(when, tmp_path) if f.code == "literal-threshold"] == []


@pytest.mark.parametrize(
    ("when", "measured", "unit"),
    [
        ("any(members, age >= 65)", "years (an age)", "years"),
        ("any(members, age_on(2024-12-31) < 16)", "years (an age)", "years"),
        ("any(members, cropland > 50)", "an area in 亩", "mu"),
        ("any(members, housing_area < 20)", "an area in square metres", "square_metres"),
        ("any(members, road_distance > 5)", "a distance in km", "km"),
        ("months_between(identified_month, eliminated_month) < 6", "months", "months"),
        ("months_since(identified_month) >= 12", "months", "months"),
        ("days_until(loan_due) < 30", "days", "days"),
        ("size >= 5", "a count", "count"),
        ("labor_count in {2, 3}", "a count", "count"),
        ("count(members, counts_as_labour) >= 2", "a count", "count"),
        ("share(members, counts_as_labour) < 0.5", "a ratio", "ratio"),
        ("public_job_months < 6", "a count", "count"),
    ],
)
def test_a_threshold_other_than_money_written_in_a_condition_is_told_with_its_unit(
    when: str, measured: str, unit: str, tmp_path: Path
) -> None:
    """A number that is a threshold of an age, an area, a distance, months, days, a count or a share is warned
    about as literal-amount warns about an amount: its fix is a parameter of the unit it takes."""
    (finding,) = [f for f in _condition_findings(when, tmp_path) if f.code == "literal-threshold"]
    assert finding.severity == "warning"
    assert f"compares {measured} with the number" in finding.message, finding
    assert f"put it in a parameter (unit: {unit}," in finding.fix
    assert chinese(str(finding.message)) is not None and chinese(finding.fix) is not None


@pytest.mark.parametrize(
    ("when", "division"),
    [
        ("public_job_income / 0 > 0", "public_job_income / 0"),
        ("public_job_income / (1 - 1) > 0", "public_job_income / 0"),  # numbers are worked out as the rule loads
        ("public_job_income / -0 > 0 or size > 1", "public_job_income / 0"),
        ("public_job_income / (1 / 3 * 0) > 0", "public_job_income / (1 / 3 * 0)"),  # 1 / 3 is kept exact
        ("any(members, age / 0 >= 1)", "age / 0"),  # a member condition
        ("wage_income / (size - size) > 1", "wage_income / (size - size)"),  # a term less itself (a trial's)
        ("wage_income / (0 * size) > 1", "wage_income / (0 * size)"),
        ("wage_income / (size - labor_count) > 1", None),  # 0 for some households only
        ("public_job_income / 2 > 0", None),  # a division by a number that is not 0
        ("public_job_income / size > 0", None),  # by a fact that may be 0: its own households are unknown
    ],
)
def test_a_division_by_zero_is_an_error_naming_the_rule_and_the_division(
    when: str, division: str | None, tmp_path: Path
) -> None:
    """``income_per_capita / 0 < deep_low_line`` was accepted by ``fanpin check``: its cases failed as "not
    evaluable (income_per_capita / 0 is unknown: given empty)" and ``fanpin explain`` said the data was missing.
    A division by a number that is 0 (written so, or made of numbers) is an error, at the condition's line,
    naming the rule and the division, with a fix, in English and Chinese."""
    found = [f for f in _condition_findings(when, tmp_path) if f.code == "division-by-zero"]
    if division is None:
        assert found == []
        return
    (finding,) = found
    assert finding.severity == "error"
    assert finding.location.line == 11 and finding.location.path.endswith("rule.yaml")
    assert f"rule local.broken divides by zero in its condition: `{division}` has no value" in finding.message
    assert "divide by the fact or parameter meant" in finding.fix
    zh = chinese(finding.message)
    assert zh is not None and f"规则 local.broken 的条件中除以零：`{division}`" in zh
    assert chinese(finding.fix) is not None


@dataclass(frozen=True)
class _NewNode:
    """A condition node of a kind the lint does not know (as new syntax would add)."""

    name: str


def test_a_node_kind_the_lint_does_not_know_is_analysed_conservatively() -> None:
    """An unknown node may be true or false — but not both at once: ``q and not q`` is still never true, and
    ``q and income_per_capita < L`` still only fires where income.below_line does."""
    book = load_rulebook()
    rule = book.rules["income.below_line"]
    node: Any = _NewNode("q")

    def variant(rule_id: str, condition: Any) -> Rule:
        return dataclasses.replace(rule, spec=rule.spec.model_copy(update={"id": rule_id}), condition=condition)

    odd = {
        "local.odd": variant("local.odd", TAnd((node, rule.condition))),
        "local.never": variant("local.never", TAnd((node, TNot(node)))),
    }
    findings = lint_rulebook(dataclasses.replace(book, rules={**book.rules, **odd}))
    assert [f.message.split(":")[0] for f in findings if f.code == "never-true"] == ["rule local.never can never fire"]
    assert [f.code for f in findings if "local.odd" in f.message] == ["implied-rule"]


def test_a_helper_that_fails_on_a_rule_is_reported_never_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    from fanpin.rulebook import lint

    def fails(*args: object) -> list[Finding]:
        raise TypeError("no helper for this node")

    monkeypatch.setattr(lint, "_and_or", fails)
    findings = _beyond_the_catalogue(lint_rulebook(load_rulebook()))
    assert {f.code for f in findings} == {"not-analysed"}
    assert "rule income.below_line was not analysed by the static checks (TypeError: no helper for this node)" in {
        f.message.split(";")[0] for f in findings
    }


def test_a_failing_case_counts_among_the_errors_of_the_summary(tmp_path: Path) -> None:
    """A failing case made ``fanpin check`` exit 2 under a summary of "0 error(s)"."""
    text = (FIXTURES / "lint" / "unused_measure.yaml").read_text(encoding="utf-8")
    text = text.replace("  - {id: local.seed_subsidy", "  # ").replace(
        "business_income: 100, labor_count: 2", "business_income: 0, labor_count: 3"
    )
    folder = tmp_path / "county"
    folder.mkdir()
    (folder / "local.yaml").write_text(text, encoding="utf-8")
    run = run_cli("check", folder)
    passed = re.search(r"(\d+)/(\d+) cases pass; 1 error\(s\)", run.out)
    assert run.code == 2 and passed and int(passed[1]) == int(passed[2]) - 1, run.out


def _county_with_case_fact(tmp_path: Path, fact: str) -> Path:
    """A county folder whose rule local.crop_loss has a case 'silent' giving ``fact`` (YAML, ``name: value``)
    beside its business_income (the lint fixture unused_measure.yaml without its seed subsidy)."""
    text = (FIXTURES / "lint" / "unused_measure.yaml").read_text(encoding="utf-8")
    text = text.replace("  - {id: local.seed_subsidy", "  # ")
    text = text.replace("facts: {business_income: 100, labor_count: 2}", f"facts: {{business_income: 100, {fact}}}")
    folder = tmp_path / "county"
    folder.mkdir()
    (folder / "local.yaml").write_text(text, encoding="utf-8")
    return folder


def _case_told(folder: Path, en: str, zh: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """``fanpin check`` of ``folder`` fails, its line of the case expected ``'silent'`` ending ``en`` in English and
    ``zh`` in Chinese."""
    for lang, words in (("en", en), ("zh", zh)):
        monkeypatch.setenv("FANPIN_MESSAGES", lang)
        run = run_cli("check", folder)
        assert run.code == 2
        [said] = [line for line in run.out.splitlines() if "'silent'" in line]
        assert said.endswith(words), said


@pytest.mark.parametrize(
    ("fact", "words"),
    [("labr_count: 2", "unknown fact 'labr_count'; did you mean labor_count (劳动力人数)?"),
     ("labor_count: two", "labor_count = 'two': not a whole number"),
     # A value the model refuses reads without an error: the case ran, and passed here (it does not read size)
     ("labor_count: 2, size: 0", "size = 0 is a value no household can have")],
    ids=["unknown-fact", "wrong-type", "out-of-range"],
)  # fmt: skip
def test_a_case_with_a_bad_fact_is_one_error(fact: str, words: str, tmp_path: Path) -> None:
    """A case naming an unknown fact, or giving a fact a value of the wrong type, was said twice by
    ``fanpin check`` — as a ``cases`` finding and again as the case failing with the same words — and
    counted as 2 error(s). It is said once; the case still counts among those that do not pass. A value of
    the right type that no household can have (a size of 0) is such a case too: it had run, and passed or
    failed on a household no file can hold."""
    folder = _county_with_case_fact(tmp_path, fact)
    run = run_cli("check", folder)
    assert run.code == 2
    said = [line for line in run.out.splitlines() if "silent" in line]  # the case's name
    assert len(said) == 1, run.out
    assert said[0].startswith(f"{folder / 'local.yaml'}:20: error: rule local.crop_loss, case 'silent': {words}")
    passed = re.search(r"(\d+)/(\d+) cases pass; 1 error\(s\)", run.out)
    assert passed and int(passed[1]) == int(passed[2]) - 1, run.out


@pytest.mark.parametrize(
    ("fact", "en", "zh"),
    [("age: 70",
      "age (年龄（周岁）) is a member's fact, not the household's: a case gives it in its members [cases] Fix: list "
      "the members beside facts: and give each the cell 出生日期 (members: [{出生日期: …}])",
      "age（年龄（周岁））是家庭成员的事实，不是农户的：用例在其成员中给出它；请在用例中与事实并列列出成员 members:，"
      "并给每个成员填写单元格 出生日期（members: [{出生日期: …}]） [cases]"),
     ("出生日期: '1950-01-01'",
      "出生日期 is a member's cell, not the household's: a case gives it in its members [cases] Fix: list the "
      "members beside facts: and give each the cell 出生日期 (members: [{出生日期: …}])",
      "出生日期 是家庭成员的单元格，不是农户的：用例在其成员中给出它；请在用例中与事实并列列出成员 members:，"
      "并给每个成员填写单元格 出生日期（members: [{出生日期: …}]） [cases]"),
     ("人均纯收入: 100",
      "人均纯收入 is the label of income_per_capita: a case names a household's fact by its name [cases] Fix: write "
      "income_per_capita",
      "人均纯收入 是 income_per_capita 的中文名称：用例按名称填写农户的事实；请改为 income_per_capita [cases]"),
     ("是否危房户: 是",
      "是否危房户 is a column of the national export: rules and their cases read it as housing_unsafe [cases] Fix: "
      "write housing_unsafe",
      "是否危房户 是全国系统导出表的列：规则及其用例把它读作 housing_unsafe；请改为 housing_unsafe [cases]"),
     ("zzz_qqq: 2",
      "unknown fact 'zzz_qqq' [cases] Fix: use the fact names of rules/README.md",
      "未知的事实 'zzz_qqq'；请使用 rules/README.md 中列出的事实名称 [cases]")],
    ids=["member-fact", "member-cell", "label", "column", "no-near-name"],
)  # fmt: skip
def test_a_case_giving_a_member_fact_among_its_facts_is_told_where_to_give_it(
    fact: str, en: str, zh: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A case giving a member's fact (``age: 70``) or cell (出生日期) among the household's facts was told
    ``unknown fact 'age'`` with the fix "use the fact names of rules/README.md", where age is one of those
    names: the author was not told it belongs in the case's members. That line, and an unknown fact with
    no near name, were printed in English on a Chinese system (the fix had no translation)."""
    _case_told(_county_with_case_fact(tmp_path, fact), en, zh, monkeypatch)


@pytest.mark.parametrize("text", ["", "\n\n", "# 本县规则，待补\n", "\ufeff", "---\n", "{}\n"], ids=repr)
def test_a_county_file_that_holds_nothing_is_told(text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An empty rule file (an editor's failed save, a file created and never written) was read without a word:
    ``fanpin check`` said "0 error(s)" of a county folder whose rules were in no file. It is a warning at the
    file, in both languages; the reference files, and a county file that holds something, are not told."""
    folder = tmp_path / "county"
    folder.mkdir()
    (folder / "local.yaml").write_text(text, encoding="utf-8")
    (folder / "off.yaml").write_text("disable: [income.near_line]\n", encoding="utf-8")
    findings = [f for f in lint_rulebook(load_rulebook(folder)) if f.code == "empty-file"]
    assert [(f.severity, f.location.path, f.location.line) for f in findings] == [
        ("warning", str(folder / "local.yaml"), 1)
    ]
    if text:
        return  # the command's line, in both languages, once
    for lang, words in (
        ("en", "warning: the file holds nothing fanpin reads (it is empty, or holds comments only) [empty-file] Fix: "),
        ("zh", "警告：这个文件中没有 fanpin 能读取的内容（文件为空，或只有注释）；"),
    ):
        monkeypatch.setenv("FANPIN_MESSAGES", lang)
        run = run_cli("check", folder)
        assert run.code == 0
        [said] = [line for line in run.out.splitlines() if "local.yaml" in line]
        assert said.startswith(f"{folder / 'local.yaml'}:1: {words}"), said


def test_a_case_with_a_bad_fact_is_reported_when_its_rule_is_not_analysed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """``fanpin check`` leaves a case with a bad fact to the lint's ``cases`` finding: that finding is made
    even when a helper fails on the rule (``not-analysed``), or the mistake would not be said at all."""
    from fanpin.rulebook import lint

    def fails(*args: object) -> list[Finding]:
        raise TypeError("no helper for this node")

    text = (FIXTURES / "lint" / "unused_measure.yaml").read_text(encoding="utf-8")
    text = text.replace("  - {id: local.seed_subsidy", "  # ").replace(
        "labor_count: 2}, expect: silent", "labr_count: 2}, expect: silent"
    )
    (tmp_path / "local.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(lint, "_and_or", fails)
    findings = [f for f in lint_rulebook(load_rulebook(tmp_path)) if f.location.path.startswith(str(tmp_path))]
    assert [(f.code, f.location.line) for f in findings] == [("not-analysed", 15), ("cases", 20)]
    assert "unknown fact 'labr_count'" in findings[1].message


@pytest.mark.parametrize("disabled", ["income.below_after_rigid", "guarantee.dropout", "expense.medical_burden"])
def test_switching_off_a_rule_the_category_is_made_from_warns_while_audit_missed_stays(
    disabled: str, tmp_path: Path
) -> None:
    """audit.missed reads the conditions (category_due), the suggested category the rules that fired: with
    one of those rules disabled, households were flagged "a category would be suggested now" with none
    suggested (32 of the example's 314 with income.below_after_rigid off), and nothing said so."""
    folder = tmp_path / "county"
    folder.mkdir()
    (folder / "off.yaml").write_text(f"disable: [{disabled}]\n", encoding="utf-8")
    [finding] = [f for f in lint_rulebook(load_rulebook(folder)) if f.code == "classification"]
    assert finding.severity == "warning" and f"({disabled})" in finding.message
    assert finding.location.path.endswith("audit.yaml") and "disable audit.missed as well" in finding.fix
    (folder / "off.yaml").write_text(f"disable: [{disabled}, audit.missed]\n", encoding="utf-8")
    assert [f for f in lint_rulebook(load_rulebook(folder)) if f.code == "classification"] == []
    assert [f for f in lint_rulebook(load_rulebook()) if f.code == "classification"] == []


#: A county's own line, as a parameter of its own (the two rules files below hold it).
_LOCAL_LINE = """\
parameters:
  local_line:
    label: 县监测线
    unit: money
    values:
      - {region: "532328", from: 2025-01-01, value: 9500, source: 县通知}
"""
_OWN_LINE = (
    'case_defaults: {region: "532328", as_of: 2025-06-30}\n'
    + _LOCAL_LINE
    + """\
rules:
  - id: RULE
    title: {zh: 县线, en: county line}
    level: LEVEL
    kind: risk
    when: WHEN
    measures: [monitoring.home_visit]
    basis: 县通知
    cases:
      - {name: f, facts: {income_per_capita: 9000, monitored: 是}, expect: fires}
      - {name: s, facts: {income_per_capita: 20000, monitored: 是}, expect: silent}
      - {name: n, facts: {}, expect: not_evaluable}
"""
)
_OWN_NAMED_LINE = (
    _LOCAL_LINE
    + """\
conditions:
  below_line:
    label: 低于县监测线
    when: income_per_capita < local_line
"""
)


@pytest.mark.parametrize(
    ("rule", "level", "when", "missing"),
    [
        ("income.below_line", "orange", "income_per_capita < local_line", "monitoring_line"),
        (
            "income.near_line",
            "yellow",
            "income_per_capita >= monitoring_line and income_per_capita < 1.5 * monitoring_line",
            "near_line_multiple",
        ),
        ("income.below_line", "orange", "below_line and monitored", None),
        ("local.below_own_line", "orange", "income_per_capita < local_line", None),
        ("named", "", "", "monitoring_line"),
    ],
)
def test_a_band_rule_written_again_without_its_bands_parameter_warns(
    rule: str, level: str, when: str, missing: str | None, tmp_path: Path
) -> None:
    """A county that writes its own line as a parameter of its own and rewrites income.below_line with it got
    households flagged below the line in the near-line band at once, with no category and no audit.missed (the
    band, the category and audit.missed are computed from monitoring_line), and fanpin check said nothing."""
    folder = tmp_path / "county"
    folder.mkdir()
    text = (
        _OWN_NAMED_LINE
        if rule == "named"
        else _OWN_LINE.replace("RULE", rule).replace("LEVEL", level).replace("WHEN", when)
    )
    (folder / "own.yaml").write_text(text, encoding="utf-8")
    found = [f for f in lint_rulebook(load_rulebook(folder)) if f.code == "classification"]
    if missing is None:
        assert found == []
        return
    [finding] = found
    assert finding.severity == "warning" and f"does not read {missing} (its condition: `" in finding.message
    assert "the suggested category and audit.missed follow the band" in finding.message
    assert f"override {missing} for your region instead" in finding.fix
    assert finding.location.path.endswith("own.yaml" if rule != "named" else "income.yaml")
    assert chinese(finding.message) is not None and chinese(finding.fix) is not None


def test_the_guarantee_rules_the_category_reads_are_the_reference_ones() -> None:
    from fanpin.results.classify import GUARANTEE_PREFIX, GUARANTEES

    assert sorted(GUARANTEES) == sorted(r for r in load_rulebook().rules if r.startswith(GUARANTEE_PREFIX))


_NO_POWER = """\
case_defaults: {region: "532328", as_of: 2025-06-30}
rules:
  - id: guarantee.no_power
    title: {zh: 未通生活用电, en: no electricity}
    level: orange
    kind: risk
    when: any(members, not electricity)
    measures: [monitoring.home_visit]
    basis: 县实践
    cases:
      - {name: no power, members: [{是否通生活用电: 否}], expect: fires}
      - {name: power, members: [{是否通生活用电: 是}], expect: silent}
      - {name: unknown, expect: not_evaluable}
"""
_ALSO_IN_GUARANTEE_PROBLEM = """\
conditions:
  guarantee_problem:
    label: 三保障、饮水安全和用电存在问题
    when: housing_unsafe or dropout or water_unsafe or uninsured_member or any(members, not electricity)
"""
_SHARP_DROP = """\
case_defaults: {region: "532328", as_of: 2025-06-30}
rules:
  - id: income.sharp_drop
    title: {zh: 收入骤减, en: sharp drop}
    level: orange
    kind: risk
    risk_type: 收入骤减
    when: WHEN
    measures: [monitoring.home_visit]
    basis: 县实践
    cases:
      - {name: halved, facts: {prev_income_per_capita: 10000, income_per_capita: 4999.99}, expect: fires}
      - {name: half, facts: {prev_income_per_capita: 10000, income_per_capita: 5000}, expect: silent}
      - {name: unknown, facts: {}, expect: not_evaluable}
"""
_HALVED = "prev_income_per_capita > 0 and income_per_capita < prev_income_per_capita * 0.5"


@pytest.mark.parametrize("county", ["guarantee", "shock"])
def test_a_rule_the_category_is_made_from_that_audit_missed_does_not_read_warns(county: str, tmp_path: Path) -> None:
    """A county's own guarantee. rule (or its rewrite of a shock) made the suggested category, while
    audit.missed's category_due read only the reference conditions: a household not monitored was given
    突发严重困难户 and not flagged missed, and nothing said so. Written into the named condition, it is read."""
    folder = tmp_path / "county"
    folder.mkdir()
    local = folder / "local.yaml"
    local.write_text(_NO_POWER if county == "guarantee" else _SHARP_DROP.replace("WHEN", _HALVED), encoding="utf-8")
    book = load_rulebook(folder)
    if county == "guarantee":  # what the warning is about, on the engine
        facts = {
            "household_type": "一般农户", "size": 2, "income_per_capita": 20000, "prev_income_per_capita": 40000,
            "net_income": 40000, "rigid_expense": 0, "prev_rigid_expense": 0, "medical_out_of_pocket": 0,
            "housing_unsafe": False, "dropout": False, "water_unsafe": False, "uninsured_member": False,
        }  # fmt: skip
        members = (Member.model_validate({"household_id": "H1", "是否通生活用电": "否"}),)
        a = Engine(book).evaluate_facts(facts, as_of=AS_OF, region=REGION, members=members)
        assert a.suggested_category == "sudden_hardship" and "audit.missed" not in a.flag_ids + a.not_evaluable
    [finding] = [f for f in lint_rulebook(book) if f.code == "classification"]
    rule = "guarantee.no_power" if county == "guarantee" else "income.sharp_drop"
    assert (finding.severity, finding.location.path, finding.location.line) == ("warning", str(local), 3)
    assert f"rule {rule} makes the suggested category" in finding.message
    assert "is not flagged audit.missed" in finding.message
    if county == "guarantee":
        assert "add its condition to the named condition guarantee_problem" in finding.fix
        local.write_text(_NO_POWER + _ALSO_IN_GUARANTEE_PROBLEM, encoding="utf-8")
    else:
        assert "let the rule read it (when: sharp_drop)" in finding.fix
        named = f"conditions:\n  sharp_drop:\n    label: 收入骤减\n    when: {_HALVED}\n"
        local.write_text(_SHARP_DROP.replace("WHEN", "sharp_drop") + named, encoding="utf-8")
    assert [f for f in lint_rulebook(load_rulebook(folder)) if f.code == "classification"] == []


def _ladder(folder: Path, thresholds: list[int], measures: str = "monitoring.home_visit") -> Path:
    """A county folder of threshold rules on income_per_capita, one a threshold (in the order given), each
    with the same level, kind and measures: each fires whenever one of a higher threshold does."""
    folder.mkdir()
    lines = ['case_defaults: {region: "532328", as_of: 2025-06-30}', "rules:"]
    for t in thresholds:
        lines += [
            f"  - id: local.below_{t}",
            f"    title: {{zh: 人均纯收入低于{t}元, en: Per-capita income below {t}}}",
            "    level: orange",
            "    kind: candidate",
            f"    when: income_per_capita < {t}",
            f"    measures: [{measures}]",
            "    basis: a ladder of thresholds",
            "    cases:",
            f"      - {{name: below, facts: {{income_per_capita: {t - 1}}}, expect: fires}}",
            f"      - {{name: at, facts: {{income_per_capita: {t}}}, expect: silent}}",
            "      - {name: unknown, facts: {}, expect: not_evaluable}",
        ]
    (folder / "ladder.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_a_ladder_of_threshold_rules_is_one_warning_found_from_its_neighbours(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A ladder of 30 thresholds gave 465 implied-rule warnings (every rung against every higher one, and each
    against income.below_line), found by searching every pair each way. It is one warning naming the chain, at
    its first rule, and the implications within the ladder are told from the neighbours'."""
    from fanpin.lang.analysis import Analyzer

    thresholds = [1000 + 100 * n for n in range(30)]
    book = load_rulebook(_ladder(tmp_path / "county", thresholds))
    searched = []
    implies = Analyzer.implies

    def counted(self: Analyzer, a: Any, b: Any) -> bool:
        searched.append((a, b))
        return implies(self, a, b)

    monkeypatch.setattr(Analyzer, "implies", counted)
    findings = [f for f in lint_rulebook(book) if f.code == "implied-rule"]
    assert len(searched) < 10 * len(thresholds)  # 1 192 before; a few for each rung against the reference rules
    chain = " ⇒ ".join([*(f"local.below_{t}" for t in thresholds), "income.below_line"])
    [finding] = findings
    assert finding.message == (
        f"rules {chain} (income.below_line at {book.rules['income.below_line'].location}): each rule before "
        "income.below_line adds nothing: whenever it fires, the next one fires too, with the same kind, a level "
        "as high, every measure and every code"
    )
    assert finding.location == book.rules["local.below_1000"].when_location
    assert finding.fix == (
        "keep income.below_line and remove the 30 rules before it, or give each what the next lacks (its own "
        "measures or a higher level)"
    )
    assert (chinese(finding.message) or "").startswith("规则 local.below_1000 ⇒ local.below_1100 ⇒ ")
    assert chinese(finding.fix) == (
        "请保留 income.below_line，删除它之前的 30 条规则，或给每条规则下一条所没有的内容（它自己的措施，或更高的等级）"
    )


def test_a_chain_from_a_reference_rule_says_to_switch_it_off_not_to_remove_it(tmp_path: Path) -> None:
    """income.below_line ⇒ local.below_9000 ⇒ local.below_9500: the chain's fix said "remove the 2 rules
    before it", one of them a rule in fanpin's own files; the county switches that one off in its folder."""
    folder = _ladder(tmp_path / "county", [9000, 9500], measures=_BELOW_LINE_MEASURES)
    ladder = folder / "ladder.yaml"
    ladder.write_text(ladder.read_text(encoding="utf-8").replace("level: orange", "level: red"), encoding="utf-8")
    [finding] = [f for f in lint_rulebook(load_rulebook(folder)) if f.code == "implied-rule"]
    assert finding.message.startswith("rules income.below_line ⇒ local.below_9000 ⇒ local.below_9500 (")
    assert finding.fix == (
        f"keep local.below_9500, switch income.below_line off in {folder} (disable: [income.below_line]) and "
        "remove local.below_9000, or give each what the next lacks (its own measures or a higher level)"
    )
    assert chinese(finding.fix) == (
        f"请保留 local.below_9500，在 {folder} 中停用 income.below_line（disable: [income.below_line]），并删除 "
        "local.below_9000，或给每条规则下一条所没有的内容（它自己的措施，或更高的等级）"
    )


#: income.below_line's measures: a county rule with them (and its kind and level) says all it says.
_BELOW_LINE_MEASURES = "monitoring.home_visit, monitoring.identify, employment.job_referral, industry.household_project"


def test_the_rules_made_redundant_are_those_every_pair_searched_finds(tmp_path: Path) -> None:
    """Whatever the order the rules are written in, and where a rung is made redundant by two rules neither
    of which makes the other redundant, the warnings tell the rules every pair's own search finds redundant:
    each rule by the nearest ones (a rule of a chain by the next), which the others are found from."""
    import random

    from fanpin.lang.analysis import Analyzer
    from fanpin.model.facts import FACTS

    thresholds = [1000 + 100 * n for n in range(12)] + [4999, 5000, 5001, 7000]  # income.deep_low is < 5000
    random.Random(3).shuffle(thresholds)
    book = load_rulebook(_ladder(tmp_path / "county", thresholds, "monitoring.identify"))
    envs = environments(book)
    analyzer = Analyzer(FACTS, envs)
    rules = [r for r in book.rules.values() if r.facts and analyzer.can_be(r.condition, "true")]
    from fanpin.rulebook.lint import _adds_nothing

    def searched(x: Rule, y: Rule) -> bool:
        covered = [env for env in envs if env.covers(x.params | y.params)]
        return bool(x.facts & y.facts) and Analyzer(FACTS, covered or envs).implies(x.condition, y.condition)

    # two rules reading the same facts that fire on the same households are duplicates, not redundant
    twins = {(x.id, y.id) for x in rules for y in rules if x.facts == y.facts and searched(x, y) and searched(y, x)}
    expected = {
        (x.id, y.id)
        for x in rules
        for y in rules
        if x is not y
        and x.spec.scope == y.spec.scope
        and y.facts >= x.facts
        and _adds_nothing(x, y)
        and (x.id, y.id) not in twins
        and searched(x, y)
    }
    told: set[tuple[str, str]] = set()
    for f in lint_rulebook(book):
        if f.code != "implied-rule":
            continue
        chain = re.match(r"rules (\S+(?: ⇒ \S+)+) \(", f.message)
        if chain:
            ids = chain.group(1).split(" ⇒ ")
            told |= set(itertools.pairwise(ids))
        else:
            pair = re.match(r"rule (\S+) adds nothing: whenever it fires, (\S+) ", f.message)
            assert pair is not None, f.message
            told.add((pair.group(1), pair.group(2)))
    closure = set(told)
    while True:
        more = {(x, z) for x, y in closure for y2, z in closure if y == y2 and x != z} - closure
        if not more:
            break
        closure |= more
    assert closure == expected
    assert len(told) < len(expected) / 3


def _county_rule(tmp_path: Path, rule_id: str, level: str, kind: str, when: str, measures: str, above: int) -> Path:
    """A county folder of one rule on income_per_capita (its condition on line 7 of local.yaml), with the
    cases of a rule that fires at 100 and is silent at ``above``."""
    folder = tmp_path / "county"
    folder.mkdir()
    (folder / "local.yaml").write_text(
        'case_defaults: {region: "532328", as_of: 2025-06-30}\n'
        "rules:\n"
        f"  - id: {rule_id}\n"
        "    title: {zh: 收入低, en: Low income}\n"
        f"    level: {level}\n"
        f"    kind: {kind}\n"
        f"    when: {when}\n"
        f"    measures: [{measures}]\n"
        "    basis: local practice\n"
        "    cases:\n"
        "      - {name: below, facts: {income_per_capita: 100}, expect: fires}\n"
        f"      - {{name: above, facts: {{income_per_capita: {above}}}, expect: silent}}\n"
        "      - {name: unknown, facts: {}, expect: not_evaluable}\n",
        encoding="utf-8",
    )
    return folder


def test_a_county_rule_duplicating_a_reference_rule_is_told_in_the_county_folder(tmp_path: Path) -> None:
    """A county rule that fires on exactly welfare.dibao_band's households was told at rules/welfare.yaml, a
    file of fanpin the county does not edit, with the county's rule as "first" (the pair was in id order,
    local.a before welfare.…). It is told at the rule of the later folder, the other named as first."""
    folder = _county_rule(
        tmp_path, "local.a", "orange", "risk", "not income_per_capita >= dibao_line", "welfare.dibao", 9000
    )
    (duplicate,) = [f for f in lint_rulebook(load_rulebook(folder)) if f.code == "duplicate-rule"]
    assert duplicate.location.path == str(folder / "local.yaml") and duplicate.location.line == 7
    assert duplicate.message.startswith("rules welfare.dibao_band and local.a fire on exactly the same households")
    assert "first at " in duplicate.fix and "welfare.yaml" in duplicate.fix


def test_a_reference_rule_a_county_rule_makes_redundant_is_to_be_switched_off_not_removed(tmp_path: Path) -> None:
    """A county rule that fires whenever income.below_line does, saying as much, made the reference rule
    redundant; the fix said "remove income.below_line", a rule in fanpin's own files. A rule of an earlier
    folder is switched off in the later one (``disable:``), which the fix now says, naming that folder."""
    folder = _county_rule(
        tmp_path, "local.below", "red", "candidate", "income_per_capita < 9500", _BELOW_LINE_MEASURES, 9500
    )
    (implied,) = [f for f in lint_rulebook(load_rulebook(folder)) if f.code == "implied-rule"]
    assert implied.message.startswith("rule income.below_line adds nothing: whenever it fires, local.below")
    assert implied.fix.startswith(f"switch income.below_line off in {folder} (disable: [income.below_line])")
    assert "remove income.below_line" not in implied.fix
    assert (chinese(implied.fix) or "").startswith(
        f"请在 {folder} 中停用 income.below_line（disable: [income.below_line]），或在那里重写 income.below_line"
    )


@pytest.mark.parametrize(
    ("fact", "en", "zh"),
    [("identified_month: 2024.3",
      "identified_month = 2024.3: YAML reads 2024.3 as a number, not a month: write the month YYYYMM in quotes, "
      "'202403' [cases] Fix: write identified_month: '202403'",
      "identified_month = 2024.3：YAML 把 2024.3 读作数字，不是年月：请把年月按六位年月加引号填写，'202403'；"
      "请改为 identified_month: '202403'（加引号） [cases]"),
     ("identified_month: 2024.10",  # YAML's 2024.1: January, or October with its 0 dropped
      "identified_month = 2024.1: YAML reads 2024.1 as a number, not a month: write the month YYYYMM in quotes, "
      "'202401' (or '202410' if October was meant: YAML drops the 0 of .10) [cases] Fix: write identified_month: "
      "'202401'",
      "identified_month = 2024.1：YAML 把 2024.1 读作数字，不是年月：请把年月按六位年月加引号填写，'202401'"
      "（如指十月则为 '202410'：YAML 会去掉 .10 的 0）；请改为 identified_month: '202401'（加引号） [cases]")],
    ids=["march", "january-or-october"],
)  # fmt: skip
def test_a_case_month_written_with_a_point_is_told_the_month_to_write(
    fact: str, en: str, zh: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``identified_month: 2024.3`` is a number to YAML: the case was told "not a month; write YYYYMM, e.g.
    202304", an example that is not the month meant. It is told the month, quoted, in both languages."""
    _case_told(_county_with_case_fact(tmp_path, fact), en, zh, monkeypatch)


@pytest.mark.parametrize("column", ["identified_month", "识别监测时间", "消除监测时间"])
def test_a_case_members_month_written_with_a_point_is_told_the_month_to_write(
    column: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A case's member given ``identified_month: 2024.3`` (a number to YAML) was told "not a month; write YYYYMM,
    e.g. 202304", where a household's month fact is told the month meant: so is a member's, in both languages."""
    folder = _county_with_case_fact(tmp_path, "labor_count: 2")
    text = (folder / "local.yaml").read_text(encoding="utf-8")
    given = "facts: {business_income: 100, labor_count: 2}"
    (folder / "local.yaml").write_text(text.replace(given, f"{given}, members: [{{{column}: 2024.3}}]"), "utf-8")
    _case_told(
        folder,
        f"member 1: {column} = 2024.3: YAML reads 2024.3 as a number, not a month: write the month YYYYMM in quotes, "
        f"'202403' [cases] Fix: write {column}: '202403'",
        f"第 1 个成员：{column} = 2024.3：YAML 把 2024.3 读作数字，不是年月：请把年月按六位年月加引号填写，'202403'；"
        f"请改为 {column}: '202403'（加引号） [cases]",
        monkeypatch,
    )


def test_a_condition_in_full_width_digits_is_refused_by_check_in_both_languages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rule's ``when`` with a full-width number was loaded and run as the number: ``fanpin check`` refuses it at
    its line, naming the digit and the condition to write, in both languages."""
    text = (FIXTURES / "lint" / "unused_measure.yaml").read_text(encoding="utf-8")
    text = text.replace("  - {id: local.seed_subsidy", "  # ")
    text = text.replace("when: business_income == 0 and", "when: business_income < \uff18\uff17\uff10\uff10 and")
    folder = tmp_path / "county"
    folder.mkdir()
    (folder / "local.yaml").write_text(text, encoding="utf-8")
    for lang, words in (
        ("en", "the digit \uff18 at column 19 is not a half-width digit: a condition reads the digits 0 to 9 only"),
        ("zh", "第 19 列的数字 \uff18 不是半角数字：条件只读取半角数字 0 到 9"),
    ):
        monkeypatch.setenv("FANPIN_MESSAGES", lang)
        run = run_cli("check", folder)
        assert run.code == 2, run.out + run.err
        said = run.out + run.err
        assert words in said and "business_income < 8700 and labor_count > 0" in said, said


@pytest.mark.parametrize("engine_name", ["batch", "durable"])
def test_score_warns_of_a_county_file_that_holds_nothing(
    engine_name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``fanpin score --rules DIR`` with an empty county rule file scored without a word, where ``fanpin check``
    warns of it: it warns the same way, on standard error, in both languages, and scores (exit 0)."""
    from tests.helpers import HEADER, ROW, SCORE_ARGS, write_rows

    folder = tmp_path / "county"
    folder.mkdir()
    (folder / "local.yaml").write_text("# 本县规则，待补\n", encoding="utf-8")
    (folder / "off.yaml").write_text("disable: [income.near_line]\n", encoding="utf-8")
    source = write_rows(tmp_path / "in.csv", [HEADER, ROW.format(n=1, wage=1000)])
    for lang, words in (
        ("en", "warning: the file holds nothing fanpin reads (it is empty, or holds comments only) [empty-file] Fix: "),
        ("zh", "警告：这个文件中没有 fanpin 能读取的内容（文件为空，或只有注释）；"),
    ):
        monkeypatch.setenv("FANPIN_MESSAGES", lang)
        run = run_cli("score", source, *SCORE_ARGS, "--rules", folder, "--engine", engine_name,
                      "--out", tmp_path / "o.csv", "--errors", tmp_path / "e.csv")  # fmt: skip
        assert run.code == 0, run.err
        [said] = [line for line in run.err.splitlines() if "local.yaml" in line]
        assert said.startswith(f"{folder / 'local.yaml'}:1: {words}"), said
        assert "off.yaml" not in run.err and "local.yaml" not in run.out
