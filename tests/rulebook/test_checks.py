"""``fanpin check``'s static checks: parameter coverage and band order."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fanpin import load_rulebook
from fanpin.check import check_rulebook, run_cases
from fanpin.cli import main
from fanpin.rulebook.loader import ChecksMode
from tests.helpers import run_cli


def _parameter(folder: Path, name: str, label: str, unit: str, value: str) -> None:
    """A rules folder file defining one parameter with one value (``value``: the YAML mapping's items)."""
    (folder / f"{name}.yaml").write_text(
        f"parameters:\n  {name}:\n    label: {label}\n    unit: {unit}\n    values:\n"
        f"      - {{{value}, source: test}}\n",
        encoding="utf-8",
    )


def test_reference_rules_only_warn_about_the_provincial_dibao_line() -> None:
    """And about the catalogue's four measures for county rules (``tests/rulebook/test_lint.py``)."""
    findings = [f for f in check_rulebook(load_rulebook()) if f.code != "unused-measure"]
    assert [(f.severity, f.code) for f in findings] == [("warning", "parameter-regions")]
    assert "dibao_line" in findings[0].message and "add its value with its source" in findings[0].fix


@pytest.mark.parametrize("covered", ["53", "532328", "5323", "532328101"])
def test_the_fix_of_values_for_some_regions_only_names_a_region_they_do_not_cover(
    covered: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The fix of ``parameter-regions`` named ``region: "532328"`` whatever the regions: for the reference
    dibao_line (values for 53 only) and for a county's own 532328, a region the values already cover, as the
    one to add a value for. Its example is a county's code neither inside a covered region nor holding one,
    in English and in Chinese."""
    _parameter(tmp_path, "local_line", "县监测线", "money", f"region: '{covered}', from: 2025-01-01, value: 9000")
    findings = check_rulebook(load_rulebook(tmp_path))
    (finding,) = [f for f in findings if f.code == "parameter-regions" and "local_line" in f.message]
    assert f"region(s) {covered};" in finding.message
    (example,) = re.findall(r'region: "([0-9]*)"', finding.fix)
    assert len(example) == 6 and not example.startswith(covered) and not covered.startswith(example), finding.fix
    monkeypatch.setenv("FANPIN_MESSAGES", "zh")
    main(["check", str(tmp_path)])
    lines = [line for line in capsys.readouterr().out.splitlines() if "[parameter-regions]" in line]
    assert len(lines) == 2, lines  # the reference dibao_line's and this one's, both in Chinese
    for line in lines:
        (shown,) = re.findall(r'县级文件夹中写 region: "([0-9]*)"', line)
        regions = re.findall(r"只有地区 (\S+) 的取值", line)[0].split(",")
        assert not any(shown.startswith(r) or r.startswith(shown) for r in regions), line


def test_values_covering_every_example_county_leave_the_fix_without_a_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Values for the provinces of every county the fix could name: it names none, in either language."""
    values = "}\n      - {".join(f"region: '{r}', from: 2025-01-01, value: 9000, source: a" for r in (53, 52, 62, 45))
    _parameter(tmp_path, "local_line", "县监测线", "money", values.removesuffix(", source: a"))
    findings = check_rulebook(load_rulebook(tmp_path))
    (finding,) = [f for f in findings if f.code == "parameter-regions" and "local_line" in f.message]
    assert "region(s) 45, 52, 53, 62;" in finding.message and "(a county's folder: region: its code, in quotes)" in (
        finding.fix
    )
    monkeypatch.setenv("FANPIN_MESSAGES", "zh")
    main(["check", str(tmp_path)])
    (line,) = [line for line in capsys.readouterr().out.splitlines() if "local_line" in line]
    assert "县级文件夹中写 region: 该县的区划代码，加引号" in line and "Fix" not in line, line


def test_overlapping_bands_are_an_error(tmp_path: Path) -> None:
    _parameter(tmp_path, "near_line_multiple", "临界收入倍数", "ratio", "region: '5323', from: 2025-01-01, value: 2.5")
    findings = check_rulebook(load_rulebook(tmp_path))
    errors = [f for f in findings if f.severity == "error"]
    assert errors and "near_line_multiple (2.5) < over_inclusion_multiple (2)" in errors[0].message
    assert main(["check", str(tmp_path)]) == 2


def test_a_multiple_written_as_a_percent_is_a_bands_error_with_a_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``near_line_multiple`` of 120 (120 %, for 1.2): the error had no fix. It says a multiple is a ratio and
    how the bands are put in order, in English and in Chinese."""
    value = "region: '532328', from: 2025-01-01, value: 120"
    _parameter(tmp_path, "near_line_multiple", "临界收入倍数", "ratio", value)
    (error,) = [f for f in check_rulebook(load_rulebook(tmp_path)) if f.code == "bands"]
    assert "near_line_multiple (120) < over_inclusion_multiple (2)" in error.message
    assert "1.2 for 120 % (not 120)" in error.fix and "1 < near_line_multiple < over_inclusion_multiple" in error.fix
    assert " Fix: a multiple is a ratio" in str(error)
    monkeypatch.setenv("FANPIN_MESSAGES", "zh")
    assert main(["check", str(tmp_path)]) == 2
    (line,) = [line for line in capsys.readouterr().out.splitlines() if "[bands]" in line]
    assert "收入区间重叠或留有空档" in line and "120% 写作 1.2（不是 120）" in line, line


def test_a_value_that_ends_leaves_a_gap(tmp_path: Path) -> None:
    _parameter(
        tmp_path, "local_line", "本地线", "money", "region: '', from: 2024-01-01, until: 2025-01-01, value: 9000"
    )
    messages = [str(f) for f in check_rulebook(load_rulebook(tmp_path))]
    assert (
        f"{tmp_path / 'local_line.yaml'}:6: warning: parameter local_line has no value for region national from "
        "2025-01-01 on: the rules that read it are not evaluable then [parameter-gap] Fix: add a value from then on"
    ) in messages


def test_a_gap_between_two_values_is_named_with_its_end(tmp_path: Path) -> None:
    _parameter(
        tmp_path,
        "local_line",
        "本地线",
        "money",
        "region: '', from: 2024-01-01, until: 2025-01-01, value: 9000, source: a}\n"
        "      - {region: '', from: 2025-07-01, value: 9100",
    )
    messages = [str(f) for f in check_rulebook(load_rulebook(tmp_path))]
    assert (
        f"{tmp_path / 'local_line.yaml'}:6: warning: parameter local_line has no value for region national from "
        "2025-01-01 to 2025-07-01: the rules that read it are not evaluable then [parameter-gap] Fix: add a value "
        "in force then"
    ) in messages, messages


def test_the_coverage_warnings_are_told_at_the_values_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The gap and the values for some regions only had been printed with no file and line, unlike every
    other finding; the gap is told at the value whose end opens it. Its Chinese said the dates twice (the
    fix repeated the message's 在 … 至 … 之间)."""
    _parameter(
        tmp_path,
        "local_line",
        "县监测线",
        "money",
        "region: '532328', from: 2025-01-01, until: 2025-03-01, value: 9000, source: a}\n"
        "      - {region: '532328', from: 2025-07-01, value: 9100",
    )
    where = f"{tmp_path / 'local_line.yaml'}:6: "
    findings = [f for f in check_rulebook(load_rulebook(tmp_path)) if "local_line" in f.message]
    assert sorted(str(f)[: len(where)] for f in findings) == [where, where], [str(f) for f in findings]
    monkeypatch.setenv("FANPIN_MESSAGES", "zh")
    main(["check", str(tmp_path)])
    (gap,) = [line for line in capsys.readouterr().out.splitlines() if "parameter-gap" in line]
    assert gap == (
        f"{where}警告：参数 local_line（县监测线）在 2025-03-01 至 2025-07-01 之间没有地区 532328 的取值：这段时间"
        "读取它的规则无法判断；请添加这段时间有效的取值 [parameter-gap]"
    )


def test_a_value_in_force_from_the_first_day_of_the_calendar_is_checked(tmp_path: Path) -> None:
    """``from: 0001-01-01`` (in force from the start of time) stopped ``fanpin check`` with an internal error:
    the static checks looked at the day before the first value, which is not a date."""
    _parameter(tmp_path, "monitoring_line", "监测范围", "money", "region: '532328', from: 0001-01-01, value: 9100")
    findings = check_rulebook(load_rulebook(tmp_path))
    assert not [f for f in findings if f.severity == "error"]
    assert main(["check", str(tmp_path)]) == 0


def test_a_monitoring_line_of_0_is_an_error_at_its_line(tmp_path: Path) -> None:
    """A line of 0 put every band edge at 0 (no near-line or above-line band, no household below the line
    but for a negative income): fanpin check passed it, and only the kit's band property saw it."""
    _parameter(tmp_path, "monitoring_line", "监测范围", "money", "region: '532328', from: 2025-01-01, value: 0")
    errors = [f for f in check_rulebook(load_rulebook(tmp_path)) if f.severity == "error"]
    assert [(f.code, f.location.path, f.location.line) for f in errors] == [
        ("bands", str(tmp_path / "monitoring_line.yaml"), 2)
    ]
    assert "the monitoring line is 0 for region 532328 on 2025-01-01" in errors[0].message
    assert "value: 8700" in errors[0].fix
    assert main(["check", str(tmp_path)]) == 2


#: The shipped parameters the test overrides: their labels and units, as a county's file copies them, and a
#: county's own figure.
_SHIPPED = {
    "monitoring_line": ("防止返贫监测范围（人均纯收入）", "money", "9200"),
    "income_drop_ratio": ("收入骤减比例", "ratio", "0.4"),
}


@pytest.mark.parametrize(
    ("name", "value", "said", "fix"),
    [
        ("monitoring_line", "870000", "over a hundred times the reference value 8700 (", "value: 8700"),
        ("income_drop_ratio", "30", "over a hundred times the reference value 0.3 (", "value: 0.3"),
        ("monitoring_line", "0.01", "under a hundredth of the reference value 8700 (", "as the reference value is"),
    ],
)
def test_a_value_a_hundred_times_off_the_reference_is_told(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    name: str, value: str, said: str, fix: str,
) -> None:  # fmt: skip
    """A county's line written in 分 (870000: 262 of 309 households below it), a ratio as a percent (30 for
    0.3) or a line of 0.01 were taken without a word; each is a warning at its value's line, with the value in
    the parameter's unit, in either language. A county's own figure (9200 for 8700, 0.4 for 0.3) is not told."""
    label, unit, own = _SHIPPED[name]
    _parameter(tmp_path, name, label, unit, f"region: '532328', from: 2025-07-01, value: {value}")
    scales = [f for f in check_rulebook(load_rulebook(tmp_path)) if f.code == "parameter-scale"]
    assert [(f.severity, f.location.line) for f in scales] == [("warning", 6)]
    assert f"parameter {name}" in scales[0].message and said in scales[0].message and fix in scales[0].fix
    monkeypatch.setenv("FANPIN_MESSAGES", "zh")
    assert main(["check", str(tmp_path)]) == 0
    printed = "".join(capsys.readouterr())
    assert "[parameter-scale]" in printed and "参考值" in printed, printed
    assert "times the reference" not in printed and "hundredth of" not in printed, printed
    _parameter(tmp_path, name, label, unit, f"region: '532328', from: 2025-07-01, value: {own}")
    assert not [f for f in check_rulebook(load_rulebook(tmp_path)) if f.code == "parameter-scale"]


def test_two_values_in_force_at_once_are_told_with_the_days_and_the_fix(tmp_path: Path) -> None:
    """A value written to hold until its end and a later value of the same region that starts before it:
    the later from wins silently (the lookup's rule), so the first figure was not used for those months. Told
    at the earlier value's line (its until is what to mend), where it had been at the parameter's name."""
    _parameter(
        tmp_path,
        "local_line",
        "本地线",
        "money",
        "region: '53', from: 2024-01-01, until: 2025-07-01, value: 9000, source: a}\n"
        "      - {region: '53', from: 2025-01-01, value: 9100, source: b}\n"
        "      - {region: '5323', from: 2024-06-01, value: 9200",  # another region: the more specific wins, as meant
    )
    overlaps = [f for f in check_rulebook(load_rulebook(tmp_path)) if f.code == "parameter-overlap"]
    assert [str(f) for f in overlaps] == [
        f"{tmp_path / 'local_line.yaml'}:6: warning: parameter local_line has two values for region 53 in "
        "force at once from 2025-01-01 to 2025-07-01: 9000 (from 2024-01-01 until 2025-07-01) and 9100 (from "
        "2025-01-01); the later from wins, so 9000 is not used then [parameter-overlap] Fix: if 9100 replaces 9000, "
        "end 9000 where 9100 starts (until: 2025-01-01); if not, correct the dates"
    ]
    assert main(["check", str(tmp_path)]) == 0  # a warning: the lookup is as documented


def test_a_value_inside_another_and_a_new_figure_after_an_open_one(tmp_path: Path) -> None:
    """A short value inside a longer one is in force at once with it for its own span only; a value without
    until followed by a later one is how a new figure is written, and is not told."""
    _parameter(
        tmp_path,
        "local_line",
        "本地线",
        "money",
        "region: '', from: 2024-01-01, until: 2026-01-01, value: 9000, source: a}\n"
        "      - {region: '', from: 2025-03-01, until: 2025-05-01, value: 9500, source: b}\n"
        "      - {region: '53', from: 2024-01-01, value: 8000, source: c}\n"
        "      - {region: '53', from: 2025-01-01, value: 8700",
    )
    overlaps = [f.message for f in check_rulebook(load_rulebook(tmp_path)) if f.code == "parameter-overlap"]
    assert len(overlaps) == 1
    assert "region national in force at once from 2025-03-01 to 2025-05-01: 9000" in overlaps[0]
    assert "and 9500 (from 2025-03-01 until 2025-05-01)" in overlaps[0]


def _case_findings(folder: Path, when: str, cases: str) -> list[str]:
    """The ``cases`` findings of ``fanpin check``, as printed, on ``local.yaml`` written in ``folder``: one audit
    rule, ``local.r``, firing ``when``, with the ``cases`` lines given (each a YAML line under ``cases:``); its
    cases are read in 532328 on 2025-06-30, and its case lines begin on line 10."""
    (folder / "local.yaml").write_text(
        'case_defaults: {region: "532328", as_of: 2025-06-30}\n'
        "rules:\n"
        "  - id: local.r\n"
        "    title: {zh: 标题, en: t}\n"
        "    level: info\n"
        "    kind: audit\n"
        f"    when: {when}\n"
        "    basis: x\n"
        "    cases:\n" + cases,
        encoding="utf-8",
    )
    return [str(f) for f in check_rulebook(load_rulebook(folder)) if f.code == "cases"]


def test_a_case_with_a_value_no_household_can_have_does_not_run(tmp_path: Path) -> None:
    """A case with a value of the right type that the household model refuses (13 months of a public job, a
    size of 0) read without an error, so it ran: failing, it was said twice (the ``cases`` error and the
    failed case) and counted as two errors; passing, it counted among the cases that pass. Like a case with
    an unknown fact, it does not run: it fails, and its mistake is said once, by the ``cases`` finding."""
    found = _case_findings(
        tmp_path,
        "public_job_months >= public_job_short_months",
        "      - {name: a, facts: {public_job_months: 6}, expect: fires}\n"
        "      - {name: b, facts: {public_job_months: 13}, expect: silent}\n"
        "      - {name: c, facts: {public_job_months: 5, size: 0}, expect: silent}\n"
        "      - {name: d, facts: {}, expect: not_evaluable}\n",
    )
    assert len(found) == 2, found
    assert ":11: error: rule local.r, case 'b': public_job_months = 13 is a value no household can have" in found[0]
    assert ":12: error: rule local.r, case 'c': size = 0 is a value no household can have" in found[1]
    results = {r.case: (r.passed, r.reported) for r in run_cases(load_rulebook(tmp_path)) if r.rule_id == "local.r"}
    passed, reported = (True, False), (False, True)
    assert results == {"a": passed, "b": reported, "c": reported, "d": passed}


def test_a_case_members_unknown_column_or_bad_value_is_a_finding_of_its_own(tmp_path: Path) -> None:
    """A case's member with a column no member row has had failed the case with the model's words for a host
    ("validate with extra=\"ignore\""), in English beside a Chinese report: it is a cases error naming the
    member, the column and what to write, and the case is not counted again as failed."""
    found = _case_findings(
        tmp_path,
        "any(members, age > 60)",
        "      - {name: a, members: [{出生日期: 1950-01-01}], expect: fires}\n"
        "      - {name: b, members: [{出生日期: 1990-01-01, 不存在的列: 1}], expect: silent}\n"
        "      - {name: c, members: [{出生日期: '1990-02-30'}], expect: not_evaluable}\n",
    )
    assert len(found) == 2, found
    assert ":11: error: rule local.r, case 'b': member 1: unknown column '不存在的列' [cases]" in found[0]
    assert ":12: error: rule local.r, case 'c': member 1: 出生日期: no such day in the calendar" in found[1]
    assert "extra=" not in "".join(found)


def test_a_case_month_written_as_a_day_of_eight_digits_is_its_month_unless_no_day_or_timed(tmp_path: Path) -> None:
    """A case's month written as a day of eight digits (20241201, as a date column takes it) is its month, as a
    file's cell is: the case runs and passes. One whose day no calendar has (20250230), or with a time of day
    (20241201 08:30), is a cases error for the reason a file's cell is refused with."""
    found = _case_findings(
        tmp_path,
        "identified_month >= 2024-12",
        "      - {name: a, facts: {identified_month: 20241201}, expect: fires}\n"
        "      - {name: b, facts: {identified_month: '20241130 00:00'}, expect: silent}\n"
        "      - {name: c, facts: {identified_month: 20250230}, expect: fires}\n"
        "      - {name: d, facts: {identified_month: '20241201 08:30'}, expect: fires}\n"
        "      - {name: e, facts: {}, expect: not_evaluable}\n",
    )
    assert len(found) == 2, found
    assert ":12: error: rule local.r, case 'c': identified_month = 20250230: no such month in the calendar" in found[0]
    assert (
        ":13: error: rule local.r, case 'd': identified_month = '20241201 08:30': a date or month with a time of day: "
        "a month column holds the month alone, and the time is not read; write 202412"
    ) in found[1]
    results = {r.case: (r.passed, r.reported) for r in run_cases(load_rulebook(tmp_path)) if r.rule_id == "local.r"}
    passed, reported = (True, False), (False, True)  # c and d fail as the error above says, and once
    assert results == {"a": passed, "b": passed, "c": reported, "d": reported, "e": passed}


def test_a_parameter_is_named_by_its_label_in_the_language_of_the_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``fanpin check`` named a parameter by its Chinese label in English too (``local_line (本地线)``): English
    names it by ``label_en``, Chinese by ``label``."""
    (tmp_path / "local_line.yaml").write_text(
        "parameters:\n  local_line:\n    label: 本地线\n    label_en: local line\n    unit: money\n    values:\n"
        "      - {region: '', from: 2024-01-01, until: 2025-01-01, value: 9000, source: test}\n",
        encoding="utf-8",
    )
    said = {
        "en": "warning: parameter local_line (local line) has no value for region national from 2025-01-01 on",
        "zh": "警告：参数 local_line（本地线）从 2025-01-01 起没有全国的取值",
    }
    for lang, words in said.items():
        monkeypatch.setenv("FANPIN_MESSAGES", lang)
        assert main(["check", str(tmp_path)]) == 0
        out = capsys.readouterr().out
        assert words in out and ("本地线" if lang == "en" else "local line") not in out, out


def test_a_misspelt_parameter_is_suggested_by_its_label_in_the_language_of_the_messages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A condition's misspelt parameter was suggested by its Chinese label in English too (``did you mean
    monitoring_line (防止返贫监测范围（人均纯收入）)?``): English names it by ``label_en``, Chinese by ``label``."""
    (tmp_path / "r.yaml").write_text(
        'case_defaults: {region: "532328", as_of: 2025-06-30}\nrules:\n  - id: local.t\n    title: {zh: 测, en: t}\n'
        "    level: info\n    kind: audit\n    when: income_per_capita < monitoring_lin\n    basis: test\n"
        "    cases:\n      - {name: a, facts: {income_per_capita: 1}, expect: fires}\n"
        "      - {name: b, facts: {income_per_capita: 100000}, expect: silent}\n"
        "      - {name: c, facts: {}, expect: not_evaluable}\n",
        encoding="utf-8",
    )
    said = {
        "en": "did you mean the parameter monitoring_line (monitoring line (per-capita net income))?",
        "zh": "是否应为参数 monitoring_line（防止返贫监测范围（人均纯收入））？",
    }
    for lang, words in said.items():
        monkeypatch.setenv("FANPIN_MESSAGES", lang)
        assert main(["check", str(tmp_path)]) == 2
        err = capsys.readouterr().err
        assert words in err and ("防止返贫" if lang == "en" else "per-capita net income") not in err, err


def test_a_gap_after_the_last_value_is_told_besides_one_between_values(tmp_path: Path) -> None:
    """Values for 2025-01-01 to 03-01 and 04-01 to 06-30: both gaps are told, the one between them and the one
    after the last (only the first had been, the rule not evaluable from 06-30 on without a word)."""
    _parameter(
        tmp_path,
        "local_line",
        "本地线",
        "money",
        "region: '', from: 2025-01-01, until: 2025-03-01, value: 9000, source: a}\n"
        "      - {region: '', from: 2025-04-01, until: 2025-06-30, value: 9100",
    )
    gaps = [f.message for f in check_rulebook(load_rulebook(tmp_path)) if f.code == "parameter-gap"]
    assert gaps == [
        "parameter local_line has no value for region national from 2025-03-01 to 2025-04-01: the rules that read "
        "it are not evaluable then",
        "parameter local_line has no value for region national from 2025-06-30 on: the rules that read it are not "
        "evaluable then",
    ]


def _county_rule(folder: Path, when: str) -> Path:
    """A folder whose ``local.yaml`` writes rule ``local.low`` firing ``when`` (a per-capita income below 5000),
    with its three cases (1000 fires, 9000 silent, none not evaluable) in 532328 on 2025-06-30."""
    folder.mkdir()
    (folder / "local.yaml").write_text(
        'case_defaults: {region: "532328", as_of: 2025-06-30}\n'
        "rules:\n"
        "  - id: local.low\n"
        "    title: {zh: 标题, en: t}\n"
        "    level: info\n"
        "    kind: audit\n"
        f"    when: {when}\n"
        "    basis: x\n"
        "    cases:\n"
        "      - {name: a, facts: {income_per_capita: 1000}, expect: fires}\n"
        "      - {name: b, facts: {income_per_capita: 9000}, expect: silent}\n"
        "      - {name: c, facts: {}, expect: not_evaluable}\n",
        encoding="utf-8",
    )
    return folder


def test_a_rule_a_later_folder_writes_again_is_still_checked_as_its_own_folder_left_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A county's rule with a misspelt fact, written again by a township's folder: ``fanpin check`` of both
    folders had said 0 errors (the county's rule never type-checked, its cases never run). Its error is told at
    its line, the check fails, and a county's rule written again has its cases run against the rules as the
    county left them."""
    county = _county_rule(tmp_path / "county", "income_per_capta < 5000")
    township = _county_rule(tmp_path / "township", "income_per_capita < 5000")
    findings = [str(f) for f in check_rulebook(load_rulebook(county, township))]
    hidden = f"{county / 'local.yaml'}:7: error: unknown fact or parameter 'income_per_capta'"
    assert any(f.startswith(hidden) for f in findings), findings
    assert main(["check", str(county), str(township)]) == 2
    assert hidden in capsys.readouterr().out
    fine = _county_rule(tmp_path / "fine", "income_per_capita < 5000")
    results = [r for r in run_cases(load_rulebook(fine, township)) if r.rule_id == "local.low"]
    assert [(Path(r.location.rsplit(":", 1)[0]).parent.name, r.passed) for r in results] == [
        *[("fine", True)] * 3,
        *[("township", True)] * 3,
    ]


def test_fanpin_check_takes_its_folders_with_rules_as_score_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``fanpin check --rules DIR`` had been refused ("unrecognized arguments: --rules"), where score, explain and
    report take their folders so: the folders given with it come after those named without it."""
    county = _county_rule(tmp_path / "county", "income_per_capita < 5000")
    assert main(["check", "--rules", str(county)]) == 0
    with_option = capsys.readouterr().out.splitlines()[-1]
    assert main(["check", str(county)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == with_option and "143/143 cases pass" in with_option


def _summary(run: str) -> str:
    return run.strip().splitlines()[-1]


def test_the_reference_folder_given_as_the_folder_to_check_is_read_once(tmp_path: Path) -> None:
    """``fanpin check rules`` (the reference folder itself given, in a checkout) had read the reference twice: 38
    files, 986/986 cases, the reference's 139 cases run twice at the same lines. It is read once, its data-check
    pack (``rules/checks/``, in the folder given) with it, as ``--checks with`` reads them: 23 files, each case
    once. A link to it, the folder given twice or with ``--checks with`` is the same folder, of the same version
    (the pack's files had been named by the folder they were read from: two versions of the same rules); scoring
    reads it once too, so ``checks="only"`` leaves the reference risk rules out of it."""
    from fanpin.rulebook import reference_rules_dir

    reference = reference_rules_dir()
    with_pack = load_rulebook(checks="with")
    files = sorted(p.resolve() for p in reference.rglob("*.yaml"))
    cases = sum(len(r.spec.cases) for r in with_pack.rules.values())
    assert len(files) == len(with_pack.files) == 23 and cases == 872
    (tmp_path / "linked").symlink_to(reference, target_is_directory=True)
    given: list[tuple[list[Path], ChecksMode]] = [
        ([reference], "off"),
        ([tmp_path / "linked"], "off"),
        ([reference, reference], "off"),
        ([reference], "with"),
    ]
    for folders, checks in given:
        book = load_rulebook(*folders, checks=checks)
        assert sorted(p.resolve() for p in book.files) == files, folders
        assert len(book.folders) == 2 and book.rules.keys() == with_pack.rules.keys(), folders
        assert {r.id: r.layer for r in book.rules.values()} == {r.id: r.layer for r in with_pack.rules.values()}
        assert book.parameters.specs.keys() == with_pack.parameters.specs.keys(), folders
        assert book.version == with_pack.version, folders  # the pack's files had been named by another folder
    run = run_cli("check", reference)
    assert run.code == 0, run.err
    assert _summary(run.out).startswith(
        f"{len(with_pack.rules)} rules (145 of them data checks answering 199 codes), "
        f"{len(with_pack.parameters.specs)} parameters, {len(with_pack.measures)} measures "
        f"from 23 files; 872/872 cases pass; 0 error(s)"
    ), run.out
    only = load_rulebook(reference, checks="only")
    assert only.rules.keys() == load_rulebook(checks="only").rules.keys()


def test_a_copy_of_the_reference_folder_is_a_county_folder_that_writes_every_rule_again(tmp_path: Path) -> None:
    """A copy of ``rules/`` elsewhere is a county's folder (it may be edited any day): its 23 files are read after
    the reference's 15, its rules replace the reference's and bring the data checks with them, and its 872 cases
    run against it, besides the reference's 140 as the reference left them (rules/README.md): each case of each
    file once, 1012 in all."""
    import shutil

    from fanpin.rulebook import reference_rules_dir

    copy = Path(shutil.copytree(reference_rules_dir(), tmp_path / "county"))
    with_pack, plain = load_rulebook(checks="with"), load_rulebook()
    book = load_rulebook(copy)
    assert len(book.files) == len(plain.files) + len(with_pack.files) == 38
    assert book.rules.keys() == with_pack.rules.keys() and all(r.layer == 1 for r in book.rules.values())
    assert book.parameters.specs.keys() == with_pack.parameters.specs.keys()
    results = run_cases(book)
    own = sum(len(r.spec.cases) for r in with_pack.rules.values())
    reference = sum(len(r.spec.cases) for r in plain.rules.values())
    assert len(results) == own + reference == 1012 and all(r.passed for r in results)
    assert len({(r.location, r.case) for r in results}) == len(results)
    assert sum(r.location.startswith(str(copy)) for r in results) == own
