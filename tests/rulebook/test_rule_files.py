"""Rule files: the gallery of broken files (each asserting the words of its error), the reference
rules' own cases, and the rule language's refusal to run code."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest

import fanpin
from fanpin import Engine, Rulebook, load_rulebook
from fanpin.check import run_cases
from fanpin.errors import FanpinError, ParameterLookupError, RulebookLoadError
from fanpin.lang.syntax import parse_condition
from fanpin.messages import error_message
from tests.helpers import REGION, run_cli
from tests.paths import FIXTURES

BROKEN = Path(__file__).parent / "fixtures" / "broken"


def _refused(folder: Path, name: str, text: str) -> list[FanpinError]:
    """The errors of a folder made to hold one rule file ``name`` of ``text``, which must not load."""
    folder.mkdir()
    (folder / name).write_text(text, encoding="utf-8")
    with pytest.raises(RulebookLoadError) as info:
        load_rulebook(folder)
    return list(info.value.errors)


def _expectations(path: Path) -> tuple[str, int, str]:
    head = dict(re.findall(r"^# (\w+): (.*)$", path.read_text(encoding="utf-8"), flags=re.M))
    return head["error"], int(head["line"]), head["words"]


@pytest.mark.parametrize("path", sorted(BROKEN.glob("*.yaml")), ids=lambda p: p.stem)
def test_broken_file_fails_at_load_with_file_line_and_words(path: Path, tmp_path: Path) -> None:
    error_name, line, words = _expectations(path)
    folder = tmp_path / "county"
    folder.mkdir()
    shutil.copy(path, folder / path.name)
    with pytest.raises(FanpinError) as info:
        load_rulebook(folder)
    error = info.value
    assert type(error).__name__ == error_name
    assert words in str(error)
    if line:
        assert error.path.endswith(path.name)
        assert error.line == line
        assert f"{path.name}:{line}" in str(error)
    assert error.code


@pytest.mark.parametrize("path", sorted(BROKEN.glob("*.yaml")), ids=lambda p: p.stem)
def test_broken_file_is_told_in_chinese_on_a_chinese_system(path: Path, tmp_path: Path) -> None:
    """Each broken file's error has its Chinese words (what and fix): one without them had turned a folder's
    whole list of errors English (a parameter's unit changed, YAML's tags and octal numbers, yes as a name). Loaded
    as the command loads it (``command``: its options named, where a host's load names the call)."""
    from fanpin.messages import error_message

    folder = tmp_path / "county"
    folder.mkdir()
    shutil.copy(path, folder / path.name)
    with pytest.raises(FanpinError) as info:
        load_rulebook(folder, command=True)
    said = error_message(info.value, "zh")
    assert said.startswith("fanpin: 错误："), said


def test_every_config_error_code_has_a_broken_fixture() -> None:
    names = {_expectations(p)[0] for p in BROKEN.glob("*.yaml")}
    for cls in (
        fanpin.RuleSyntaxError,
        fanpin.UnknownNameError,
        fanpin.RuleTypeError,
        fanpin.SchemaError,
        fanpin.DuplicateKeyError,
        fanpin.ConfigError,
    ):
        assert cls.__name__ in names


def test_reference_rule_cases(book: Rulebook, engine: Engine) -> None:
    results = run_cases(book, engine)
    assert len(results) >= 3 * len(book.rules)
    failed = [str(r) for r in results if not r.passed]
    assert failed == []


def test_every_rule_has_cases_of_each_outcome(book: Rulebook) -> None:
    for rule in book.rules.values():
        outcomes = {c.expect for c in rule.spec.cases}
        assert outcomes == {"fires", "silent", "not_evaluable"}, rule.id


def test_every_rule_names_measures_and_a_basis(book: Rulebook) -> None:
    for rule in book.rules.values():
        if rule.spec.kind != "audit":
            assert rule.spec.measures, rule.id
        assert rule.spec.basis


def test_slice_rules_are_present(book: Rulebook) -> None:
    expected = {
        "income.below_line",
        "income.deep_low",
        "income.near_line",
        "income.sharp_drop",
        "income.below_after_rigid",
        "expense.rigid_spike",
        "expense.medical_burden",
        "guarantee.housing_unsafe",
        "guarantee.dropout",
        "guarantee.water_unsafe",
        "guarantee.uninsured",
        "labor.none",
    }
    assert expected <= set(book.rules)


@pytest.mark.parametrize(
    "text",
    [
        "__import__('os')",
        "eval('1') == 1",
        "income_per_capita.__class__ == 1",
        "income_per_capita[0] > 1",
        "lambda: 1",
        "open('x') == 1",
    ],
)
def test_the_language_cannot_run_code(text: str) -> None:
    with pytest.raises(fanpin.RuleSyntaxError):
        parse_condition(text)


def test_rulebook_version_is_a_content_hash(tmp_path: Path) -> None:
    folder = tmp_path / "county"
    folder.mkdir()
    base = load_rulebook().version
    (folder / "extra.yaml").write_text("measures: []\n", encoding="utf-8")
    changed = load_rulebook(folder).version
    assert base == load_rulebook().version
    assert changed != base


def test_a_rulebook_loaded_again_is_remembered_by_its_files_bytes_and_is_the_caller_s_own(tmp_path: Path) -> None:
    """The same folders and files, byte for byte, give the rulebook made before (its rules, not made
    again) in a rulebook of the caller's own; a file changed, or the same files in another folder, are
    loaded anew, and a file that can no longer be read is refused, as on a first load."""
    from fanpin.rulebook._yaml import MAX_FILE_BYTES
    from fanpin.rulebook.loader import _parsed
    from tests.paths import EXAMPLES

    folder = tmp_path / "county"
    shutil.copytree(EXAMPLES / "county_override", folder)
    first, again = load_rulebook(folder), load_rulebook(folder)
    assert again is not first and again.rules is not first.rules and again.parameters is not first.parameters
    assert again.version == first.version and again.files == first.files
    assert all(again.rules[r] is first.rules[r] for r in first.rules)  # remembered, not made again
    first.rules.clear()  # the caller's own: the next load does not see it
    first.measures.clear()
    assert load_rulebook(folder).rules.keys() == again.rules.keys() and load_rulebook(folder).measures
    assert load_rulebook(folder).parameters.specs == again.parameters.specs

    elsewhere = tmp_path / "copy"
    shutil.copytree(folder, elsewhere)  # the same bytes: the rules' locations name the files read
    parsed = _parsed.cache_info().hits
    moved = load_rulebook(elsewhere).rules["local.serious_illness_near_line"]
    assert moved.location.path == str(elsewhere / "override.yaml") and moved is not again.rules[moved.id]
    assert _parsed.cache_info().hits - parsed == len(again.files) - 1  # the reference files: not parsed again

    override = folder / "override.yaml"
    override.write_text(override.read_text(encoding="utf-8").replace("value: 9000", "value: 9100"), encoding="utf-8")
    changed = load_rulebook(folder)
    assert changed.version != first.version
    assert changed.parameters.resolve("monitoring_line", REGION, date(2025, 6, 30)).value == 9100

    override.write_bytes(b"x" * (MAX_FILE_BYTES + 1))  # larger than a rule file may be
    with pytest.raises(FanpinError, match="larger than"):
        load_rulebook(folder)
    override.write_text("rules: {}\n", encoding="utf-8")  # refused each time it is loaded, not remembered
    for _ in range(2):
        with pytest.raises(FanpinError, match="rules"):
            load_rulebook(folder)


def test_each_checks_mode_and_each_set_of_rules_switched_on_has_its_own_version(tmp_path: Path) -> None:
    """``checks="only"`` reads the files ``checks="with"`` reads and leaves the reference risk rules out:
    both had one version, so a scored file's 规则版本 could not tell which of the two scored it. The three
    modes give three versions, as does a folder that disables a rule against the same folder without
    it; each is stable from load to load and holds no run of 11 digits (which a message would mask)."""
    from fanpin.masking import mask_numbers
    from fanpin.rulebook.loader import ChecksMode

    modes: tuple[ChecksMode, ...] = ("off", "with", "only")
    books = {checks: load_rulebook(checks=checks) for checks in modes}
    assert books["only"].files == books["with"].files and set(books["only"].rules) < set(books["with"].rules)
    assert len({book.version for book in books.values()}) == 3
    assert {checks: load_rulebook(checks=checks).version for checks in books} == {
        checks: book.version for checks, book in books.items()
    }
    versions: dict[str, str] = {name: book.version for name, book in books.items()}
    for folder, text in [(tmp_path / "on", "disable: []\n"), (tmp_path / "off", "disable: [income.below_line]\n")]:
        folder.mkdir()
        (folder / "county.yaml").write_text(text, encoding="utf-8")
        for checks in modes:
            book = load_rulebook(folder, checks=checks)
            versions[f"{folder.name} {checks}"] = book.version
            assert ("income.below_line" in book.rules) == (folder.name == "on" and checks != "only")
    assert len(set(versions.values())) == len(versions) == 9, versions
    for version in versions.values():
        assert re.fullmatch(r"[0-9a-f]{16}", version) and not re.search(r"[0-9]{11}", version)
        assert mask_numbers(f"rules {version}") == f"rules {version}"


def test_missing_parameter_value_names_parameter_region_and_date(book: Rulebook) -> None:
    with pytest.raises(ParameterLookupError) as info:
        book.parameters.resolve_all(book.params_needed(), REGION, date(2019, 1, 1))
    message = str(info.value)
    assert f"parameter {info.value.parameter} (" in message
    assert "has no value for region 532328 on 2019-01-01" in message
    assert info.value.parameter == "deep_low_line"  # the first missing one in name order
    assert "add a value in force on 2019-01-01, or score with an --as-of on or after 2021-01-01" in message


def test_a_missing_parameter_makes_the_rules_that_read_it_not_evaluable(engine: Engine) -> None:
    """Scoring goes on: no band without the line, and every rule reading a missing parameter is unknown."""
    assessment = engine.evaluate_facts({"income_per_capita": 1000}, as_of=date(2019, 1, 1), region=REGION)
    assert assessment.income_band is None and assessment.flags == ()
    assert {"income.below_line", "income.deep_low", "welfare.dibao_band"} <= set(assessment.not_evaluable)


@pytest.mark.parametrize(
    ("region", "as_of", "line"),
    [
        ("532328100201", date(2025, 6, 30), 8700),  # Yunnan 2025 beats the county's 2023 notice
        ("532328100201", date(2023, 6, 30), 8050),  # 元谋县 2023
        ("530102", date(2024, 6, 30), 8000),  # Yunnan 2020–21 value still in force
        ("130102", date(2022, 5, 1), 7300),  # Hebei from 2022-04
        ("130102", date(2022, 3, 1), 6000),  # Hebei before its line: national floor
        ("630102", date(2022, 6, 1), 6700),  # Qinghai
        ("360703001", date(2024, 6, 1), 8500),  # 南康
        ("440101", date(2025, 6, 1), 6000),  # no provincial figure recorded: national floor
    ],
)
def test_monitoring_line_lookup(book: Rulebook, region: str, as_of: date, line: int) -> None:
    assert book.parameters.resolve("monitoring_line", region, as_of).value == line


def test_a_load_reports_every_error_not_only_the_first() -> None:
    """A rule author sees every mistake of a folder in one run, each with its file, line and fix; a
    named condition with an error is reported once, not again by the rule that uses it."""
    folder = FIXTURES / "several_errors"
    with pytest.raises(RulebookLoadError) as info:
        load_rulebook(folder)
    found = [(type(e).__name__, e.line) for e in info.value.errors]
    assert found == [("UnknownNameError", 2), ("RuleTypeError", 8), ("UnknownNameError", 18), ("UnknownNameError", 19)]
    assert "did you mean the parameter monitoring_line" in str(info.value.errors[2])
    assert "no.such_measure" in str(info.value.errors[3])
    run = run_cli("check", folder)
    assert run.code == 2
    assert run.err.startswith("fanpin: error: 4 errors in the rule files:\n")
    assert all(f"local.yaml:{line}:" in run.err for line in (2, 8, 18, 19))


_YML_RULE = """\
case_defaults: {region: "532328", as_of: 2025-06-30}
rules:
  - id: local.written_in_yml
    title: {zh: 写在 yml 文件中的规则, en: a rule written in a .yml file}
    level: yellow
    kind: watch
    when: income_per_capita < local_yml_line
    measures: [monitoring.home_visit]
    basis: test fixture
    cases:
      - {name: below, facts: {income_per_capita: 100}, expect: fires}
      - {name: above, facts: {income_per_capita: 5000}, expect: silent}
      - {name: unknown, facts: {}, expect: not_evaluable}
"""
_UPPER_YAML_PARAMETER = """\
parameters:
  local_yml_line:
    label: 测试线
    label_en: test line
    unit: money
    values:
      - {region: "", from: 2020-01-01, value: 1000, source: 测试, source_en: test fixture, note: test fixture}
"""


@pytest.mark.parametrize("engine_name", ["batch", "durable"])
def test_yml_and_upper_case_yaml_rule_files_are_read(engine_name: str, tmp_path: Path) -> None:
    """A rule in ``local.yml`` reading a parameter of ``params.YAML`` is loaded, checked and scored on both
    engines: files named ``.yml`` or ``.YAML`` were skipped without a word."""
    folder = tmp_path / "county"
    folder.mkdir()
    (folder / "local.yml").write_text(_YML_RULE, encoding="utf-8")
    (folder / "params.YAML").write_text(_UPPER_YAML_PARAMETER, encoding="utf-8")
    (folder / "notes.txt").write_text("not a rule file", encoding="utf-8")
    book = load_rulebook(folder)
    assert "local.written_in_yml" in book.rules
    assert {p.name for p in book.files} >= {"local.yml", "params.YAML"}
    assert "notes.txt" not in {p.name for p in book.files}
    check = run_cli("check", folder)
    assert check.code == 0, check.out + check.err
    source = tmp_path / "in.csv"
    source.write_text(
        "户编号,行政区划代码,户类型,家庭人口数,工资性收入,生产经营性收入,财产性收入,转移性收入\n"
        "H1,532328,脱贫户,2,1000,0,0,0\nH2,532328,脱贫户,2,100000,0,0,0\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    run = run_cli(
        "score", source, "--as-of", "2025-06-30", "--region", REGION, "--rules", folder,
        "--out", out, "--errors", tmp_path / "errors.csv", "--engine", engine_name, "--lang", "en",
    )  # fmt: skip
    assert run.code == 0, run.err
    rows = out.read_text(encoding="utf-8-sig").splitlines()
    assert ["local.written_in_yml" in row for row in rows[1:]] == [True, False]


def test_members_put_under_a_case_s_facts_are_told_where_they_go(tmp_path: Path) -> None:
    """Members listed under a case's facts: (where RuleKit.facts() puts them) were reported as an unknown
    fact with the fix to use the fact names of rules/README.md."""
    (tmp_path / "county").mkdir()
    (tmp_path / "county" / "elder.yaml").write_text(
        """rules:
  - id: local.elder
    title: {zh: 老人, en: elder}
    level: info
    kind: audit
    basis: a county's own test
    when: any(members, age >= 60)
    cases:
      - {name: old, facts: {members: [{出生日期: 1950-01-01}]}, expect: fires}
      - {name: young, members: [{出生日期: 2000-01-01}], expect: silent}
      - {name: unknown, facts: {}, expect: not_evaluable}
case_defaults: {region: "532328", as_of: 2025-06-30}
""",
        encoding="utf-8",
    )
    run = run_cli("check", tmp_path / "county")
    assert run.code != 0
    assert "case 'old': 'members' is not a fact: a case's members are listed beside its facts" in run.out + run.err
    assert "move the list to the case's own members: key" in run.out + run.err


def test_a_rule_that_cannot_be_unknown_needs_no_not_evaluable_case(tmp_path: Path) -> None:
    """``coalesce(public_job_income, 0) > 1000`` has a value whatever is unknown; fanpin check asked for a
    case that is not evaluable, which could never pass."""
    (tmp_path / "county").mkdir()
    (tmp_path / "county" / "coalesce.yaml").write_text(
        """rules:
  - id: local.public_job_income
    title: {zh: 公益岗位收入, en: public-job income}
    level: info
    kind: audit
    basis: a county's own test
    when: coalesce(public_job_income, 0) > 1000
    cases:
      - {name: fires, facts: {public_job_income: 1000.01}, expect: fires}
      - {name: silent, facts: {public_job_income: 1000}, expect: silent}
      - {name: unknown is 0, facts: {}, expect: silent}
case_defaults: {region: "532328", as_of: 2025-06-30}
""",
        encoding="utf-8",
    )
    run = run_cli("check", tmp_path / "county")
    assert run.code == 0, run.out + run.err
    assert "has no case that is not evaluable" not in run.out + run.err


_COUNTY_RULE = """{defaults}rules:
  - id: local.{name}
    title: {{zh: 测试, en: test}}
    level: info
    kind: audit
    when: income_per_capita < monitoring_line
    basis: a test of where a rule's cases run
    cases:
      - {{name: below the county line of 9100, facts: {{income_per_capita: 9000}}, expect: fires}}
      - {{name: on it, facts: {{income_per_capita: 9100}}, expect: silent}}
      - {{name: unknown, facts: {{}}, expect: not_evaluable}}
"""
_COUNTY_LINE = """parameters:
  monitoring_line:
    label: 防止返贫监测范围（人均纯收入）
    unit: money
    values:
      - {region: "532301", from: 2025-01-01, value: 9100, source: 测试用}
"""


def test_a_rule_file_without_case_defaults_takes_its_own_folders_never_the_reference_ones(tmp_path: Path) -> None:
    """A county file without case_defaults ran its cases at the reference files' region (532328, its line
    8700) without a word: "expected fires, got silent" for a case written for the county's line."""
    folder = tmp_path / "county"
    folder.mkdir()
    (folder / "a_line.yaml").write_text(_COUNTY_LINE, encoding="utf-8")
    (folder / "b_rule.yaml").write_text(_COUNTY_RULE.format(defaults="", name="one"), encoding="utf-8")
    with pytest.raises(FanpinError, match="rule cases need a region and date") as caught:
        load_rulebook(folder)
    assert caught.value.path.endswith("b_rule.yaml") and "case_defaults" in caught.value.fix
    # Another file of the same folder gives them: its cases run there, at the county's line.
    defaults = 'case_defaults: {region: "532301", as_of: 2025-06-30}\n'
    (folder / "c_rule.yaml").write_text(_COUNTY_RULE.format(defaults=defaults, name="two"), encoding="utf-8")
    book = load_rulebook(folder)
    results = [r for r in run_cases(book, Engine(book)) if r.rule_id.startswith("local.")]
    assert len(results) == 6 and all(r.passed for r in results), [str(r) for r in results if not r.passed]


#: A county's line for 532328 from 2025-01-01, of a value given as ``{value}``, in a file of its own.
_LOCAL_LINE = """\
parameters:
  local_line:
    label: 本地线
    label_en: local line
    unit: money
    values:
      - region: "532328"
        from: 2025-01-01
        value: {value}
        source: 县
"""


def test_two_values_of_one_region_and_day_in_two_files_of_one_folder_are_refused(tmp_path: Path) -> None:
    """Refused in one file, they were taken from two: ``fanpin check`` passed and ``fanpin score`` used the
    value of the file read last. The second is told at its from's line, naming the first's."""
    folder = tmp_path / "county"
    folder.mkdir()
    (folder / "a.yaml").write_text(_LOCAL_LINE.format(value=5000), encoding="utf-8")
    (folder / "b.yaml").write_text(_LOCAL_LINE.format(value=5100), encoding="utf-8")
    with pytest.raises(FanpinError) as caught:
        load_rulebook(folder)
    error = caught.value
    assert type(error).__name__ == "SchemaError" and error.path.endswith("b.yaml") and error.line == 8
    assert (
        "parameters.local_line: two values for region '532328' from 2025-01-01 in one rules folder "
        f"(first at {folder / 'a.yaml'}:8)"
    ) in str(error)
    assert "keep one of the two values" in error.fix and "later rules folder" in error.fix
    assert error_message(error, "zh").startswith(
        f"fanpin: 错误：{folder / 'b.yaml'}:8：parameters.local_line：同一个规则文件夹中，"
        "地区 '532328' 从 2025-01-01 起有两个取值"
    )
    check = run_cli("check", folder)
    assert check.code == 2 and f"{folder / 'b.yaml'}:8: " in check.err


def test_a_later_folder_still_replaces_a_value_of_one_region_and_day(tmp_path: Path) -> None:
    """A county folder layered over another gives its own value for the same region and day: it replaces the
    earlier one, by design; two files of one folder add their values of other days to one parameter."""
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    (first / "a.yaml").write_text(_LOCAL_LINE.format(value=5000), encoding="utf-8")
    (first / "b.yaml").write_text(_LOCAL_LINE.format(value=5200).replace("2025-01-01", "2025-07-01"), encoding="utf-8")
    (second / "a.yaml").write_text(_LOCAL_LINE.format(value=5100), encoding="utf-8")
    alone = load_rulebook(first).parameters
    assert alone.resolve("local_line", REGION, date(2025, 6, 30)).value == 5000
    assert alone.resolve("local_line", REGION, date(2025, 7, 1)).value == 5200
    layered = load_rulebook(first, second).parameters
    assert layered.resolve("local_line", REGION, date(2025, 6, 30)).value == 5100
    assert layered.resolve("local_line", REGION, date(2025, 7, 1)).value == 5200


def test_a_missing_value_is_told_by_what_the_region_has() -> None:
    """The fix named "the earliest value" of the parameter, which belonged to another region, or told to score
    with a later date for a value missing between two others."""
    from fanpin.model.parameters import ParameterSpec

    spec = ParameterSpec.model_validate(
        {"label": "线", "unit": "money", "values": [
            {"region": "532301", "from": "2024-01-01", "until": "2025-01-01", "value": 8000, "source": "甲"},
            {"region": "532301", "from": "2025-07-01", "value": 9000, "source": "乙"},
            {"region": "13", "from": "2020-01-01", "value": 7000, "source": "丙"}]}
    )  # fmt: skip
    assert spec.missing_fix("532301101203", date(2025, 3, 1)) == (
        "its values for the region leave a gap from 2025-01-01 to 2025-07-01: add a value in force then"
    )
    assert spec.missing_fix("532328", date(2025, 3, 1)) == (
        "add a value for region 532328 (or a region containing it): it has values for 13, 532301 only"
    )
    assert spec.missing_fix("532301", date(2023, 3, 1)) == (
        "add a value in force on 2023-03-01, or score with an --as-of on or after 2024-01-01 (its first there)"
    )


def test_a_file_with_several_layout_mistakes_reports_each_with_its_fix(tmp_path: Path) -> None:
    """``fanpin check`` reported one layout mistake per run (four runs for four), with pydantic's words and
    the generic fix; each is now listed, an unknown key or word with the nearest known one."""
    errors = _refused(
        tmp_path / "county",
        "a.yaml",
        'case_defaults: {region: "532328", as_of: 2025-06-30}\n'
        "disable: income.below_line\n"
        "parameter:\n  x: 1\n"
        "rules:\n  - id: local.a\n    titel: {zh: a, en: a}\n    level: info\n    kind: audit\n"
        "    when: size > 1\n    basis: x\n    cases:\n"
        "      - {name: a, facts: {size: 2}, expect: fire}\n"
        "      - {name: b, facts: {size: 1}, expect: silent}\n"
        "      - {name: c, facts: {}, expect: not_evaluable}\n",
    )
    found = {(e.line, e.fix) for e in errors}
    assert (2, "write a list, even of one item: disable: [income.below_line]") in found
    assert (3, "did you mean parameters?") in found
    assert (7, "did you mean title?") in found
    assert (13, "did you mean fires?") in found
    assert not any("at least 3 cases" in str(e) for e in errors)  # the case's own error, once


def test_many_layout_mistakes_are_listed_by_line_with_how_many_more(tmp_path: Path) -> None:
    """Twelve unknown keys: the first nine by line, then how many more (the count said 10, the lines came out
    of order and the file's first mistakes were left out)."""
    keys = "".join(f"oops{n}: 1\n" for n in range(12))
    errors = _refused(tmp_path / "county", "a.yaml", 'case_defaults: {region: "532328", as_of: 2025-06-30}\n' + keys)
    assert [e.line for e in errors] == [*range(2, 11), 11]
    assert "and 3 more layout mistakes from this line on [schema] Fix: mend the ones listed" in str(errors[-1])


def test_a_file_without_case_defaults_in_a_folder_whose_files_give_different_ones_is_refused(tmp_path: Path) -> None:
    """It took the last file's without a word: which region its cases were written for cannot be told."""
    folder = tmp_path / "county"
    folder.mkdir()
    for name, region in (("a", "532301"), ("c", "532328")):
        defaults = f'case_defaults: {{region: "{region}", as_of: 2025-06-30}}\n'
        (folder / f"{name}.yaml").write_text(_COUNTY_RULE.format(defaults=defaults, name=name), encoding="utf-8")
    (folder / "b.yaml").write_text(_COUNTY_RULE.format(defaults="", name="b"), encoding="utf-8")
    (folder / "line.yaml").write_text(_COUNTY_LINE, encoding="utf-8")
    with pytest.raises(FanpinError, match="the files of this folder give different case_defaults") as caught:
        load_rulebook(folder)
    assert caught.value.path.endswith("b.yaml")


@pytest.mark.parametrize(
    ("encoding", "words", "line"),
    [
        ("gbk", "it is saved as GBK (GB18030), not UTF-8", 3),
        ("utf-16", "it is saved as UTF-16 (Notepad's 'Unicode'), not UTF-8", 1),
    ],
)
def test_a_rule_file_not_saved_as_utf8_is_named_with_its_encoding_and_line(
    encoding: str, words: str, line: int, tmp_path: Path
) -> None:
    """A file saved by Notepad on a Chinese Windows is GBK unless told otherwise: it was refused with Python's
    codec message ('utf-8' codec can't decode byte 0xb2 in position 92) and no line."""
    folder = tmp_path / "county"
    folder.mkdir()
    text = 'case_defaults: {region: "532328", as_of: 2025-06-30}\ndisable: [income.near_line]\n# 县临界线不用\n'
    (folder / "local.yaml").write_bytes(text.encode(encoding))
    with pytest.raises(FanpinError) as info:
        load_rulebook(folder)
    assert (info.value.path, info.value.line) == (str(folder / "local.yaml"), line)
    assert words in info.value.message and "codec" not in str(info.value)
    assert "save it as UTF-8" in info.value.fix
    check = run_cli("check", folder)
    assert check.code == 2 and f"local.yaml:{line}: cannot read the file: {words}" in check.err


def test_a_rule_file_of_a_byte_no_encoding_reads_or_too_large_is_told_in_chinese(tmp_path: Path) -> None:
    """A file holding a byte neither UTF-8 nor GBK reads (Latin-1's é), and one larger than a rule file may be,
    were told wholly in English on a Chinese system."""
    from fanpin.rulebook._yaml import MAX_FILE_BYTES

    folder = tmp_path / "county"
    folder.mkdir()
    rule_file = folder / "local.yaml"
    rule_file.write_bytes(b"disable: [income.near_line]\n# caf\xe9\n")
    with pytest.raises(FanpinError) as info:
        load_rulebook(folder)
    said = error_message(info.value, "zh")
    assert said.startswith("fanpin: 错误：") and "local.yaml:2：" in said and "0xE9" in said, said
    rule_file.write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    with pytest.raises(FanpinError) as info:
        load_rulebook(folder)
    said = error_message(info.value, "zh")
    assert said.startswith("fanpin: 错误：") and f"{MAX_FILE_BYTES // 1024} KB" in said, said


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("where", ["one file", "two files"])
def test_a_measure_id_given_twice_in_one_folder_is_refused(
    where: str, lang: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two measures of one id in a county's folder (a copy edited, in one file or two): the one read last replaced
    the other without a word, its department and deadline in every plan, where a rule id twice is refused."""
    monkeypatch.setenv("FANPIN_MESSAGES", lang)
    folder = tmp_path / "county"
    folder.mkdir()
    text = _LOCAL_MEASURE.format(department="乡镇人民政府", department_en="township", title_en="large household")
    (folder / "a.yaml").write_text(text, encoding="utf-8")
    again = "measures:\n  - {id: local.visit, name: 电话回访, name_en: call, family: 监测程序, department: 民政局, " + (
        "department_en: Civil Affairs Bureau, deadline_days: 7}\n"
    )
    if where == "one file":
        (folder / "a.yaml").write_text(text.replace("rules:\n", again.split("\n", 1)[1] + "rules:\n"), encoding="utf-8")
    else:
        (folder / "b.yaml").write_text(again, encoding="utf-8")
    with pytest.raises(FanpinError) as info:
        load_rulebook(folder)
    second = "a.yaml:10" if where == "one file" else "b.yaml:2"
    assert "measure id local.visit is defined twice in one rules folder (first at " in str(info.value), str(info.value)
    assert str(info.value).split(": measure id")[0].endswith(second), str(info.value)
    run = run_cli("check", folder)
    said = {"en": "measure id local.visit is defined twice", "zh": "帮扶措施 local.visit 在同一个规则文件夹中定义"}
    assert run.code == 2 and said[lang] in run.err, run.err


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_named_condition_given_twice_in_one_folder_is_refused(
    lang: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A named condition written in two files of a county's folder (``local_poor``: income below 5000 in one,
    above 50000 in the other): the file read last won without a word, every rule naming it testing the other."""
    monkeypatch.setenv("FANPIN_MESSAGES", lang)
    folder = tmp_path / "county"
    folder.mkdir()
    (folder / "a.yaml").write_text(
        "conditions:\n  local_poor: {label: 低收入, when: income_per_capita < 5000}\n", encoding="utf-8"
    )
    (folder / "b.yaml").write_text(
        "conditions:\n  local_poor: {label: 高收入, when: income_per_capita > 50000}\n", encoding="utf-8"
    )
    with pytest.raises(FanpinError) as info:
        load_rulebook(folder)
    said = f"b.yaml:2: named condition local_poor is defined twice in one rules folder (first at {folder / 'a.yaml'}:2)"
    assert said in str(info.value), str(info.value)
    run = run_cli("check", folder)
    zh = "命名条件 local_poor 在同一个规则文件夹中定义了两次"
    assert run.code == 2 and {"en": said, "zh": zh}[lang] in run.err, run.err


@pytest.mark.parametrize(
    ("written", "fix"),
    [
        ("30/06/2025", "as_of: 2025-06-30"),  # day first, as a Chinese form or Excel may write it
        ("06/30/2025", "as_of: 2025-06-30"),  # month first
        ("05/06/2025", "as_of: YYYY-MM-DD"),  # either: no date is guessed
        ("2025/6/30", "as_of: 2025-06-30"),
    ],
)
def test_a_case_date_written_otherwise_is_told_the_date_it_means_never_another(
    written: str, fix: str, tmp_path: Path
) -> None:
    """``case_defaults: {as_of: 30/06/2025}`` was told to write ``as_of: 2025-01-01``: another date, which a clerk
    copying the fix would have run the cases at without a word. The fix is the date written, or none."""
    folder = tmp_path / "county"
    folder.mkdir()
    (folder / "local.yaml").write_text(
        f'case_defaults: {{region: "532328", as_of: {written}}}\ndisable: [income.near_line]\n', encoding="utf-8"
    )
    with pytest.raises(FanpinError) as info:
        load_rulebook(folder)
    assert info.value.fix.endswith(fix), info.value.fix
    assert error_message(info.value, "zh").startswith("fanpin: 错误："), error_message(info.value, "zh")


@pytest.mark.parametrize(
    ("written", "said", "zh"),
    [
        (
            "30/6/2025",
            "'30/6/2025' is not a date written YYYY-MM-DD: write 2025-06-30",
            "'30/6/2025' 不是按年-月-日填写的日期：请填 2025-06-30",
        ),
        (
            "6/30/2025",
            "'6/30/2025' is not a date written YYYY-MM-DD: write 2025-06-30",
            "'6/30/2025' 不是按年-月-日填写的日期：请填 2025-06-30",
        ),
        (  # May or June: it had been told only to write YYYY-MM-DD, as a date it already was
            "05/06/2025",
            "'05/06/2025' is not a date written YYYY-MM-DD, and whether the day or the month is written first cannot "
            "be told: write YYYY-MM-DD, e.g. 2026-03-31",
            "'05/06/2025' 不是按年-月-日填写的日期，且看不出先写的是日还是月：请按年-月-日填写，例如 2026-03-31",
        ),
        (  # neither reading is a day
            "31.06.2025",
            "'31.06.2025' is no such day in the calendar: check the month (1 to 12) and the day (a month has 28 to "
            "31); write YYYY-MM-DD, e.g. 2026-03-31",
            "'31.06.2025' 日历上没有这一天：请核对月份（1 到 12）和日（每月 28 到 31 天）；请按年-月-日填写，"
            "例如 2026-03-31",
        ),
    ],
)
@pytest.mark.parametrize("key", ["from", "until"])
def test_a_parameter_date_written_day_or_month_first_is_told_as_an_input_cell_is(
    key: str, written: str, said: str, zh: str, tmp_path: Path
) -> None:
    """A parameter's ``from: 05/06/2025`` was told it "is not a date written YYYY-MM-DD", as ``30/6/2025`` was, where
    an input cell so written is told the day meant or that it cannot be told (the model's
    :func:`~fanpin.model.values.day_month_reason`): the same reason now, at its line of the file, in both languages."""
    folder = tmp_path / "county"
    folder.mkdir()
    dates = f"from: {written}" if key == "from" else f"from: 2025-01-01, until: {written}"
    (folder / "line.yaml").write_text(
        "parameters:\n  local_line:\n    label: 县监测线\n    unit: money\n    values:\n"
        f"      - {{region: '532328', {dates}, value: 9000, source: test}}\n",
        encoding="utf-8",
    )
    with pytest.raises(FanpinError) as info:
        load_rulebook(folder)
    field = f"parameters.local_line.values.0.{key}"
    assert f"line.yaml:6: {field}: {said} [schema]" in str(info.value), str(info.value)
    assert f"line.yaml:6：{field}：{zh}；" in error_message(info.value, "zh"), error_message(info.value, "zh")


def test_a_title_written_as_one_text_is_told_to_give_both_languages(tmp_path: Path) -> None:
    """``title: 大家庭`` (one text, where a title is given in both languages) was told "Input should be a mapping"
    with the fix "see rules/README.md for the layout of a rules file"."""
    folder = tmp_path / "county"
    folder.mkdir()
    text = _LOCAL_MEASURE.format(department="乡镇人民政府", department_en="township", title_en="large household")
    (folder / "local.yaml").write_text(
        text.replace('title: {zh: 大家庭, en: "large household"}', "title: 大家庭"), encoding="utf-8"
    )
    with pytest.raises(FanpinError) as info:
        load_rulebook(folder)
    fix = "give the title in both languages: title: {zh: 中文标题, en: English title}"
    assert info.value.fix == fix, str(info.value)
    assert error_message(info.value, "zh").startswith("fanpin: 错误："), error_message(info.value, "zh")


_LOCAL_MEASURE = """\
case_defaults: {{region: "532328", as_of: 2025-06-30}}
measures:
  - id: local.visit
    name: 走访
    name_en: visit
    family: 监测程序
    department: "{department}"
    department_en: "{department_en}"
    deadline_days: 30
rules:
  - id: local.large_household
    title: {{zh: 大家庭, en: "{title_en}"}}
    level: info
    kind: audit
    when: size > 3
    measures: [local.visit]
    basis: 测试
    cases:
      - {{name: four, facts: {{size: 4}}, expect: fires}}
      - {{name: three, facts: {{size: 3}}, expect: silent}}
      - {{name: unknown, facts: {{}}, expect: not_evaluable}}
"""


def test_spaces_around_a_printed_text_are_dropped_and_a_blank_one_is_refused(tmp_path: Path) -> None:
    """A department written between full-width spaces was printed so in every plan (走访（　乡村振兴局　，…）),
    and a department_en or title of spaces only was taken, and printed empty by --lang en."""
    folder = tmp_path / "county"
    folder.mkdir()
    local = folder / "local.yaml"
    local.write_text(
        _LOCAL_MEASURE.format(
            department="\u3000乡村振兴局\u3000", department_en=" Rural Revitalization Bureau ", title_en="large"
        ),
        encoding="utf-8",
    )
    book = load_rulebook(folder)
    visit = book.measures["local.visit"]
    assert (visit.department, visit.department_en) == ("乡村振兴局", "Rural Revitalization Bureau")
    local.write_text(
        _LOCAL_MEASURE.format(department="乡村振兴局", department_en="\u3000 ", title_en="  "), encoding="utf-8"
    )
    with pytest.raises(RulebookLoadError) as info:
        load_rulebook(folder)
    assert [(e.line, e.message, e.fix) for e in info.value.errors] == [
        (8, "measures.0.department_en: is blank", "write the department_en: it holds only spaces"),
        (12, "rules.0.title.en: is blank", "write the title.en: it holds only spaces"),
    ]


def test_a_case_date_region_or_value_period_mistake_gets_its_own_fix(tmp_path: Path) -> None:
    """The fix of a case's as_of written 2025/1/1, and of a value whose until is before its from, was "see
    rules/README.md for the layout of a rules file"; a case's region was told it could be "" (the whole
    country), which a case's region cannot be."""
    errors = _refused(
        tmp_path / "county",
        "local.yaml",
        'case_defaults: {region: "53232", as_of: 2025/1/1}\n'
        "parameters:\n  local_line:\n    label: 县线\n    unit: money\n    values:\n"
        '      - {region: "532328", from: 2025-07-01, until: 2025-01-01, value: 9000, source: 县}\n',
    )
    assert [(e.line, e.fix) for e in errors] == [
        (1, 'write the code of the region the cases are evaluated in (2, 4, 6, 9 or 12 digits: 省/市/县/乡/村) in '
            'quotes, as ASCII digits: region: "532328"'),
        (1, "write the date as YYYY-MM-DD: as_of: 2025-01-01"),  # the date it meant
        (7, "write a date as YYYY-MM-DD after from (until is the first day the value no longer applies)"),
    ]  # fmt: skip


def test_hidden_files_and_folders_of_a_rules_folder_are_not_rule_files(tmp_path: Path) -> None:
    """A Mac writes ``._local.yaml`` (binary) beside each file it copies to a USB stick, and a folder kept in
    git may hold ``.github/workflows/ci.yml``: each was read as a rule file, and the whole folder refused."""
    folder = tmp_path / "county"
    (folder / ".github" / "workflows").mkdir(parents=True)
    (folder / "local.yml").write_text(_YML_RULE, encoding="utf-8")
    (folder / "params.YAML").write_text(_UPPER_YAML_PARAMETER, encoding="utf-8")
    (folder / "._local.yml").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        \x00\x02\xb0")
    (folder / ".github" / "workflows" / "ci.yml").write_text("on: [push]\njobs: {}\n", encoding="utf-8")
    book = load_rulebook(folder)
    assert "local.written_in_yml" in book.rules
    assert sorted(p.name for p in book.files if p.is_relative_to(folder)) == ["local.yml", "params.YAML"]
    assert run_cli("check", folder).code == 0


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    ("link", "target", "words"),
    [
        ("shared", "../shared", "shared: is a link to a folder, whose files are not read"),
        ("gone.yaml", "nowhere.yaml", "gone.yaml: is a link that leads to no file"),
        ("loop.yaml", "loop.yaml", "loop.yaml: is a link that leads to no file"),
    ],
)
def test_a_link_in_a_rules_folder_is_never_skipped_without_a_word(
    link: str, target: str, words: str, lang: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A subfolder that is a link to another folder (a province's shared rules), and a rule file that is a link
    leading nowhere (its file moved, or a link to itself), were skipped without a word: the county's rules in
    them left out of the rulebook, fanpin check passing."""
    monkeypatch.setenv("FANPIN_MESSAGES", lang)
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "local.yml").write_text(_YML_RULE, encoding="utf-8")
    folder = tmp_path / "county"
    folder.mkdir()
    (folder / "off.yaml").write_text("disable: [income.near_line]\n", encoding="utf-8")
    (folder / link).symlink_to(target)
    with pytest.raises(fanpin.ConfigError) as info:
        load_rulebook(folder)
    assert words in str(info.value) and info.value.path == str(folder / link), str(info.value)
    run = run_cli("check", folder)
    assert run.code == 2 and "Traceback" not in run.err, run.err
    zh = "链接到一个文件夹，其中的文件不会被读取" if link == "shared" else "是一个链接，但指向的文件不存在"
    said = {"en": words, "zh": f"{link}：{zh}"}[lang]
    assert said in run.err, run.err


@pytest.mark.parametrize(
    ("code", "words", "fix"),
    [
        (
            "1_02_0066",
            "unknown national code '1_02_0066'; did you mean 1_02_006 (checks.income_below_line_not_monitored)?",
            "write 1_02_006",
        ),
        ("9_99_999", "unknown national code '9_99_999'", "write a national code that a data check lists under codes:"),
    ],
)
def test_a_mistyped_code_under_disable_is_given_the_nearest_code_of_the_data_checks(
    code: str, words: str, fix: str, tmp_path: Path
) -> None:
    """A national code under ``disable:`` that no data check has gets a "did you mean" among the codes (a mistyped
    rule id gets one among the ids); it had been told "unknown rule", with the fix "define the rule first"."""
    (tmp_path / "off.yaml").write_text(f'disable: ["{code}"]\n', encoding="utf-8")
    with pytest.raises(fanpin.UnknownNameError) as info:
        load_rulebook(tmp_path, checks="with")
    assert words in str(info.value)
    assert info.value.fix.startswith(fix) and "--checks" not in info.value.fix, info.value.fix
    assert "define the rule" not in str(info.value)


@pytest.mark.parametrize("listed", ["income.near_lin", "income.*", "monitoring.home_visit"])
def test_a_wrong_entry_under_disable_leaves_the_rest_of_its_file_read(listed: str, tmp_path: Path) -> None:
    """A mistyped rule, a pattern or a measure under ``disable:`` is the one error of its file: the file's
    parameter is read still, where its rule had been refused as reading an unknown parameter, with the fix
    to read another one (deep_low_line), which would have scored against the wrong threshold."""
    (tmp_path / "local.yaml").write_text(
        'case_defaults: {region: "532328", as_of: 2025-06-30}\n'
        "parameters:\n"
        "  county_low_line:\n"
        "    label: 县级低收入关注线\n"
        "    unit: money\n"
        "    values:\n"
        '      - {region: "532328", from: 2025-01-01, value: 7500, source: 示例}\n'
        "rules:\n"
        "  - id: local.low\n"
        "    title: {zh: 低于县线, en: below county line}\n"
        "    level: orange\n"
        "    kind: risk\n"
        "    measures: [monitoring.home_visit]\n"
        "    basis: 示例\n"
        "    when: income_per_capita < county_low_line\n"
        "    cases:\n"
        "      - {name: a, facts: {income_per_capita: 7499.99}, expect: fires}\n"
        "      - {name: b, facts: {income_per_capita: 7500}, expect: silent}\n"
        "      - {name: c, facts: {}, expect: not_evaluable}\n"
        f"disable: ['{listed}']\n",
        encoding="utf-8",
    )
    with pytest.raises(fanpin.UnknownNameError) as info:
        load_rulebook(tmp_path)
    assert info.value.line == 20 and listed in str(info.value)
    assert "county_low_line" not in str(info.value)


def test_every_key_written_twice_in_a_file_is_told_at_once_with_its_line(tmp_path: Path) -> None:
    folder = tmp_path / "county"
    errors = _refused(
        folder,
        "local.yaml",
        "rules:\n"
        "  - id: local.test_rule\n"
        "    title: 测试\n"
        "    title: 测试二\n"  # line 4
        "    when: income_per_capita < 5000\n"
        "    basis: test\n"
        "    basis:\n"  # line 7, a value written twice inside the second one too
        "      a: 1\n"
        "      a: 2\n"  # line 9
        "    department: 乡村振兴局\n",
    )
    told = [(e.code, e.line, str(e)) for e in errors]
    assert [(code, line) for code, line, _ in told] == [
        ("duplicate-key", 4),
        ("duplicate-key", 7),
        ("duplicate-key", 9),
    ]
    assert "key 'title' appears twice in one mapping (first on line 3)" in told[0][2]
    run = run_cli("check", folder)
    assert run.code == 2 and "3 errors in the rule files" in run.err and "local.yaml:9" in run.err, run
    assert "Traceback" not in run.err


def test_more_keys_written_twice_than_a_run_lists_are_counted_in_its_last_line(tmp_path: Path) -> None:
    folder = tmp_path / "county"
    titles = "".join(f"    title: t{i}\n" for i in range(40))
    told = _refused(folder, "local.yaml", "rules:\n  - id: local.test_rule\n" + titles)
    assert len(told) == 10 and [e.line for e in told[:9]] == list(range(4, 13))
    assert str(told[-1]).startswith(f"{folder / 'local.yaml'}:13: and 30 more keys written twice from this line on")


def test_a_word_yaml_reads_as_yes_or_no_is_quoted_in_the_fix_as_it_was_written(tmp_path: Path) -> None:
    """A case named ``on`` (or ``Off``) had been told to write ``name: "yes"``: the fix quotes the word written."""
    rule = (
        "rules:\n  - id: local.x\n    title: {zh: 测试, en: test}\n    kind: risk\n    level: yellow\n"
        "    risk_type: 其他\n    risk_type_en: other\n    when: size > 5\n    measures: [monitoring.home_visit]\n"
        "    basis: test\n    cases:\n      - {name: on, facts: {size: 6}, expect: fires}\n"
        "      - name: Off\n        facts: {size: 2}\n        expect: silent\n"
    )
    fixes = [e.fix for e in _refused(tmp_path / "rules", "a.yaml", rule)]
    assert any('(name: "on")' in f for f in fixes) and any('(name: "Off")' in f for f in fixes), fixes


def test_a_parameter_labelled_otherwise_in_two_files_of_one_folder_is_refused(tmp_path: Path) -> None:
    """Its values may be spread over two files of a folder, but its label (or English label) given otherwise in
    the second was taken without a word: every explanation named the parameter by the label of the file read
    last. Refused at the second's label, naming the first; a later folder renames it on purpose."""
    folder = tmp_path / "county"
    folder.mkdir()
    (folder / "a.yaml").write_text(_LOCAL_LINE.format(value=5000), encoding="utf-8")
    later = _LOCAL_LINE.format(value=5200).replace("2025-01-01", "2025-07-01")
    (folder / "b.yaml").write_text(later, encoding="utf-8")
    assert load_rulebook(folder).parameters.specs["local_line"].label == "本地线"  # one label: the values join
    for key, relabelled in (
        ("label", later.replace("本地线", "本县线")),
        ("label_en", later.replace("local line", "county line")),
    ):
        (folder / "b.yaml").write_text(relabelled, encoding="utf-8")
        with pytest.raises(FanpinError) as caught:
            load_rulebook(folder)
        error = caught.value
        assert type(error).__name__ == "SchemaError" and error.path.endswith("b.yaml"), error
        assert error.line == (3 if key == "label" else 4)
        assert f"parameters.local_line: {key} " in str(error) and f"(at {folder / 'a.yaml'}:2)" in str(error)
        assert f"give the parameter one {key}" in error.fix
        assert error_message(error, "zh").startswith(
            f"fanpin: 错误：{folder / 'b.yaml'}:{error.line}：parameters.local_line：{key} 在这里是"
        )
    # left out in the second file: the English label it would have lost
    (folder / "b.yaml").write_text(later.replace("    label_en: local line\n", ""), encoding="utf-8")
    with pytest.raises(FanpinError, match="label_en '' here, 'local line'"):
        load_rulebook(folder)
    second = tmp_path / "second"
    second.mkdir()
    (second / "a.yaml").write_text(_LOCAL_LINE.format(value=5100).replace("本地线", "本县线"), encoding="utf-8")
    (folder / "b.yaml").write_text(later, encoding="utf-8")
    assert load_rulebook(folder, second).parameters.specs["local_line"].label == "本县线"
