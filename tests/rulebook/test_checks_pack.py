"""The data-check pack (rules/checks/): loaded only when asked for, every check's cases pass and agree on
both engines, each carries its national code(s), and a county switches checks off by id or by code."""

from __future__ import annotations

from pathlib import Path

import pytest

from fanpin import Engine, load_rulebook
from fanpin.batch import BatchEngine
from fanpin.check import run_cases
from fanpin.errors import UnknownNameError
from fanpin.rulebook import Rulebook
from fanpin.rulebook.loader import checks_dir
from tests.helpers import cases_on_both_engines, run_cli
from tests.paths import ROOT


@pytest.fixture(scope="module")
def pack() -> Rulebook:
    return load_rulebook(checks="with")


def _checks(book: Rulebook) -> list[str]:
    return [r for r in book.rules if r.startswith("checks.")]


def test_the_pack_is_loaded_only_when_asked_for(pack: Rulebook) -> None:
    plain, only = load_rulebook(), load_rulebook(checks="only")
    assert _checks(plain) == []
    assert _checks(pack) and set(_checks(pack)) == set(only.rules)
    assert set(plain.rules) < set(pack.rules)
    # With the checks only, the reference parameters and measures stay for the checks to use.
    assert only.parameters.specs.keys() == pack.parameters.specs.keys() and only.measures == pack.measures


def test_every_check_has_a_code_a_chinese_title_and_all_three_kinds_of_case(pack: Rulebook) -> None:
    for rule_id in _checks(pack):
        spec = pack.rules[rule_id].spec
        assert spec.codes, rule_id
        assert {c.expect for c in spec.cases} == {"fires", "silent", "not_evaluable"}, rule_id
    codes = [code for r in _checks(pack) for code in pack.rules[r].spec.codes]
    assert len(codes) == len(set(codes)), "two checks with one code"


def test_every_rules_english_title_begins_as_a_title_does(pack: Rulebook) -> None:
    """A capital (or a digit) first, as the reference rules' titles: 141 of the pack's began lowercase, and
    ``fanpin explain --checks with --lang en`` listed them beside capitalised ones."""
    lower = [
        r
        for r, rule in pack.rules.items()
        if not rule.spec.title.en[:1].isupper() and not rule.spec.title.en[:1].isdigit()
    ]
    assert lower == []


def test_every_covered_code_is_listed_in_the_pack_readme(pack: Rulebook) -> None:
    text = (checks_dir() / "README.md").read_text(encoding="utf-8")
    for rule_id in _checks(pack):
        assert f"`{rule_id}`" in text, rule_id
        assert all(code in text for code in pack.rules[rule_id].spec.codes), rule_id


def test_every_checks_cases_pass_and_agree_on_both_engines(pack: Rulebook) -> None:
    engine, batch = Engine(pack), BatchEngine(pack)
    results = [r for r in run_cases(pack, engine) if r.rule_id.startswith("checks.")]
    assert results and all(r.passed for r in results), [str(r) for r in results if not r.passed]
    checks = [pack.rules[rule_id] for rule_id in _checks(pack)]
    assert cases_on_both_engines(engine, batch, checks) == len(results)


def test_a_county_switches_a_check_off_by_code_or_by_id(tmp_path: Path) -> None:
    (tmp_path / "county.yaml").write_text('disable: ["1_01_002", checks.no_real_id_number]\n', encoding="utf-8")
    book = load_rulebook(tmp_path, checks="with")
    assert "checks.id_number_length" not in book.rules and "checks.no_real_id_number" not in book.rules
    assert "checks.id_number_check_digit" in book.rules


def test_a_county_folder_switching_checks_off_loads_without_the_pack_too(tmp_path: Path) -> None:
    """Without the pack (checks off, every command's default) the checks a county switched off were unknown
    rules: the folder was refused, told to write income.below_line in place of
    checks.income_below_line_not_monitored, which would have switched the line rule off instead."""
    (tmp_path / "county.yaml").write_text(
        'disable: ["1_01_002", checks.income_below_line_not_monitored, income.near_line]\n', encoding="utf-8"
    )
    plain = load_rulebook(tmp_path)
    assert _checks(plain) == [] and "income.below_line" in plain.rules and "income.near_line" not in plain.rules
    assert "checks.income_below_line_not_monitored" not in load_rulebook(tmp_path, checks="with").rules
    assert run_cli("check", tmp_path).code == 0
    (tmp_path / "county.yaml").write_text("disable: [checks.income_below_line_not_monitord]\n", encoding="utf-8")
    with pytest.raises(UnknownNameError) as info:
        load_rulebook(tmp_path)
    assert info.value.suggestion == "checks.income_below_line_not_monitored"


def test_a_rule_switched_off_twice_stays_off(tmp_path: Path) -> None:
    """Listed twice, or by two county folders, the second was refused as an unknown rule with a "did you
    mean" naming another rule (income.near_line), which would have switched that one off instead."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "county.yaml").write_text("disable: [income.below_line, income.below_line]\n", encoding="utf-8")
    (tmp_path / "b" / "town.yaml").write_text("disable: [income.below_line]\n", encoding="utf-8")
    book = load_rulebook(tmp_path / "a", tmp_path / "b")
    assert "income.below_line" not in book.rules and "income.near_line" in book.rules


@pytest.mark.parametrize("mode", ["with", "only"])
def test_fanpin_check_runs_the_pack(mode: str) -> None:
    run = run_cli("check", "--checks", mode)
    assert run.code == 0, run.err
    book = load_rulebook(checks=mode)  # type: ignore[arg-type]
    cases = sum(len(r.spec.cases) for r in book.rules.values())
    assert f"{len(book.rules)} rules" in run.out and f"{cases}/{cases} cases pass" in run.out
    checks = [r for r in book.rules.values() if r.spec.codes]
    codes = {code for r in checks for code in r.spec.codes}
    assert f"({len(checks)} of them data checks answering {len(codes)} codes)" in run.out


def test_the_reference_folder_keeps_the_pack_apart() -> None:
    assert checks_dir() == ROOT / "rules" / "checks"


def test_the_vocational_student_check_plans_the_yulu_measure(pack: Rulebook) -> None:
    """雨露计划 (``education.yulu_plan``) is what a monitored household with a vocational student lacks: the check
    that finds it names the measure, so the catalogue entry is used (``fanpin check``'s unused-measure lint)."""
    from fanpin.results.plan import build_plan

    rule = pack.rules["checks.vocational_student_without_yulu"]
    assert list(rule.spec.measures) == ["education.yulu_plan"]
    engine = Engine(pack)
    for case in rule.spec.cases:
        assessment = engine.evaluate_facts(
            case.facts,
            as_of=case.as_of or rule.case_defaults.as_of,
            region=case.region or rule.case_defaults.region,
            members=case.member_models(),
        )
        plan = build_plan(assessment, pack.measures, has_labour=True)
        planned = [m.measure.id for m in plan if rule.id in m.answers]
        assert planned == (["education.yulu_plan"] if case.expect == "fires" else []), case.name
