"""The ``fanpin`` command end to end: score (encodings, rejected rows, exit codes), explain, check.

The ``score`` tests that read a file run on both engines (``--engine batch`` and ``--engine durable``) and
compare with the batch engine's output; the file pipeline itself is tested in ``both_engines/test_files.py``.
"""

from __future__ import annotations

import contextlib
import csv
import importlib.metadata
import io
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from fanpin import ConfigError, Household, InputFileError, Scorer, load_rulebook
from fanpin.cli import main
from fanpin.masking import mask_numbers
from fanpin.pipeline import score_path
from fanpin.results.columns import HEADERS, OUTPUT_COLUMNS
from tests.helpers import (
    HEADER,
    REGION,
    SCORE_ARGS,
    county_of_another_region,
    read_csv,
    run_cli,
    score_file,
    write_rows,
)
from tests.paths import EXAMPLE_DATA, EXPORT_XLSX, FIXTURES, HOUSEHOLDS_CSV, ROOT

ID = "532328199001011234"
ENGLISH_HEADER = "household_id,household_type,size,wage_income,business_income,property_income,transfer_income\n"


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("scored")
    code, _, err = score_file(HOUSEHOLDS_CSV, folder / "s.csv", folder / "e.csv")
    assert code == 3, err
    return folder


def test_score_writes_every_output_column_in_input_order(scored: Path) -> None:
    rows = read_csv(scored / "s.csv")
    assert list(rows[0])[: len(OUTPUT_COLUMNS)] == list(OUTPUT_COLUMNS)
    with (scored / "s.csv").open(encoding="utf-8-sig") as f:
        assert next(csv.reader(f))[: len(OUTPUT_COLUMNS)] == [HEADERS["zh"][c] for c in OUTPUT_COLUMNS]
    ids = [r["户编号"] for r in read_csv(HOUSEHOLDS_CSV, ids=False)]
    rejected = {r["household_id"] for r in read_csv(scored / "e.csv")}
    assert [r["household_id"] for r in rows] == [i for i in ids if i not in rejected]
    assert len(rows) + len(rejected) == len(ids)  # nothing is dropped silently


def test_rejected_rows_name_line_column_value_and_reason(scored: Path) -> None:
    rejected = read_csv(scored / "e.csv")
    assert len(rejected) == 6
    by_column = {r["column"]: r for r in rejected}
    assert by_column["工资性收入"]["value"] == "-500"
    assert "不能为负数" in by_column["工资性收入"]["reason"]
    assert by_column["住房出现安全问题"]["value"] == "也*"  # not near 是/否: masked, as a name typed there is
    assert all(int(r["line"]) > 1 for r in rejected)


def test_gbk_and_bom_inputs_give_byte_identical_output(scored: Path, tmp_path: Path, engine_name: str) -> None:
    engine = ("--engine", engine_name)
    score_file(EXAMPLE_DATA / "households-gbk.csv", tmp_path / "gbk.csv", tmp_path / "e.csv", *engine)
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + HOUSEHOLDS_CSV.read_bytes())
    score_file(bom, tmp_path / "bom-out.csv", tmp_path / "e2.csv", *engine)
    gb18030 = tmp_path / "gb18030.csv"
    gb18030.write_bytes(HOUSEHOLDS_CSV.read_text(encoding="utf-8").encode("gb18030"))
    score_file(gb18030, tmp_path / "gb-out.csv", tmp_path / "e3.csv", *engine)
    expected = (scored / "s.csv").read_bytes()
    assert (tmp_path / "gbk.csv").read_bytes() == expected
    assert (tmp_path / "bom-out.csv").read_bytes() == expected
    assert (tmp_path / "gb-out.csv").read_bytes() == expected


def test_no_pii_in_any_output(tmp_path: Path, engine_name: str) -> None:
    source = tmp_path / "in.csv"
    source.write_text(
        "户编号,行政区划代码,户类型,家庭人口数,户主证件号码,户主姓名,工资性收入,生产经营性收入,财产性收入,转移性收入,联系电话\n"
        f"H1,532328,脱贫户,2,{ID},李某华,1000,0,0,0,13812345678\n"
        f"H2,532328,脱贫户,0,{ID},李某华,1000,0,0,0,13812345678\n",
        encoding="utf-8",
    )
    for fmt in ("csv", "jsonl"):
        code, out, err = score_file(source, tmp_path / f"o.{fmt}", tmp_path / "e.csv", "--engine", engine_name)
        assert code == 3
        for text in (
            (tmp_path / f"o.{fmt}").read_text(encoding="utf-8-sig"),
            (tmp_path / "e.csv").read_text(),
            out,
            err,
        ):
            assert ID not in text and "李某华" not in text and "13812345678" not in text
    assert "1381***5678" in (tmp_path / "o.csv").read_text(encoding="utf-8-sig")


def test_jsonl_has_structured_explanations(tmp_path: Path, engine_name: str) -> None:
    code, _, _ = score_file(HOUSEHOLDS_CSV, tmp_path / "o.jsonl", tmp_path / "e.csv", "--engine", engine_name)
    assert code == 3
    records = [json.loads(line) for line in (tmp_path / "o.jsonl").read_text(encoding="utf-8").splitlines()]
    flags = [f for r in records for f in r["flags"] if f["rule_id"] == "income.below_line"]
    comparison = flags[0]["explanation"][0]
    assert set(comparison) >= {"fact", "value", "operator", "threshold", "threshold_value", "parameters"}
    assert comparison["parameters"][0]["source"]


def test_english_output(tmp_path: Path, engine_name: str) -> None:
    score_file(HOUSEHOLDS_CSV, tmp_path / "o.csv", tmp_path / "e.csv", "--lang", "en", "--engine", engine_name)
    rows = read_csv(tmp_path / "o.csv")
    assert {r["alert_level"] for r in rows} <= {"red", "orange", "yellow", "none"}
    assert any("Per-capita income below the monitoring line" in r["explanation"] for r in rows)


def test_english_headers_and_the_region_from_the_command_line(tmp_path: Path, engine_name: str) -> None:
    source = tmp_path / "in.csv"
    source.write_text(ENGLISH_HEADER + "H1,脱贫户,2,30000,0,0,0\n", encoding="utf-8")
    code, _, _ = score_file(source, tmp_path / "o.csv", tmp_path / "e.csv", "--engine", engine_name)
    assert code == 0
    assert [(r["household_id"], r["region_code"]) for r in read_csv(tmp_path / "o.csv")] == [("H1", REGION)]


def test_missing_region_exits_2(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(ENGLISH_HEADER + "H1,脱贫户,2,30000,0,0,0\n", encoding="utf-8")
    code, _, err = run_cli("score", source, "--as-of", "2025-06-30", "--out", tmp_path / "o.csv")
    assert code == 2 and "--region" in err


def test_explain_lists_every_rule(tmp_path: Path) -> None:
    code, out, _ = run_cli("explain", HOUSEHOLDS_CSV, "--household", "H5323280069", *SCORE_ARGS)
    assert code == 0
    assert "[触发] income.sharp_drop" in out
    assert out.count("\n[") >= 11


@pytest.mark.parametrize(("lang", "colon"), [("zh", "："), ("en", ": ")])
def test_explain_puts_the_colon_of_its_language_after_each_rules_title(lang: str, colon: str) -> None:
    """A rule's line in Chinese had an ASCII colon after its title (``风险消除依据不足: ✓ …``), where the
    sentences of the fired rules above it have the full-width one: both take the language's now."""
    run = run_cli("explain", HOUSEHOLDS_CSV, "--household", "H5323280069", *SCORE_ARGS, "--lang", lang)
    rules = [line for line in run.out.splitlines() if line.startswith("[")]
    assert run.code == 0 and len(rules) >= 11, run.err
    for line in rules:
        title = re.match(r"\[[^]]+\] \S+ ([^:：]+)([:：] ?)", line)
        assert title is not None and title[2] == colon, line


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_explain_of_a_household_whose_parameters_have_no_value_there_or_then(lang: str) -> None:
    """A date before any parameter value (or a region without one): the rules reading those parameters
    are not evaluable, as when scoring, and their tests show no parameter (it stopped with a KeyError). Their
    marker says it is for a parameter without a value, where it said the household's data was missing."""
    code, out, err = run_cli(
        "explain", HOUSEHOLDS_CSV, "--household", "H5323280004", "--as-of", "2020-12-31", "--region", REGION,
        "--lang", lang,
    )  # fmt: skip
    assert code == 0 and "Traceback" not in err
    # each parameter without a value then is warned about, as fanpin score warns
    assert err and all(line.startswith("fanpin: warning: parameter ") for line in err.splitlines()), err
    unknown = (  # for the parameters, not the household's data, which is all there
        "[无法判断（参数在该地区和日期无取值）] expense.rigid_spike"
        if lang == "zh"
        else "[not evaluable (a parameter has no value for the region and date)] expense.rigid_spike"
    )
    assert unknown in out
    both = (
        "[无法判断（数据缺失；参数在该地区和日期无取值）] data.income_mismatch"
        if lang == "zh"
        else ("[not evaluable (data missing; a parameter has no value for the region and date)] data.income_mismatch")
    )
    assert both in out  # its reported income is not given, and its tolerance has no value then
    data = "[无法判断（数据缺失）]" if lang == "zh" else "[not evaluable (data missing)]"
    run = run_cli("explain", HOUSEHOLDS_CSV, "--household", "H5323280004", *SCORE_ARGS, "--lang", lang)
    assert f"{data} data.income_mismatch" in run.out and "a parameter has no value" not in run.out
    assert "参数在该地区和日期无取值" not in run.out


def test_a_trace_names_only_the_parameters_with_a_value() -> None:
    household = Household.model_validate(
        {"户编号": "H1", "行政区划代码": "110101", "户类型": "脱贫户", "家庭人口数": 2, "工资性收入": "3000",
         "生产经营性收入": "0", "财产性收入": "0", "转移性收入": "0"}
    )  # fmt: skip
    assessment = Scorer().assess(household, as_of=date(2025, 6, 30), trace=True)
    uses = {p.name for t in assessment.trace for c in t.comparisons for p in c.parameters}
    assert "monitoring_line" in uses and "dibao_line" not in uses
    assert any(t.outcome == "not_evaluable" for t in assessment.trace)


def test_explain_of_a_household_not_in_the_file_says_what_to_give() -> None:
    """It said only "no household 'X' in FILE"; a 户编号 typed with a space around it was not found. The
    error went to standard output, where ``fanpin explain … > household.txt`` hid it in the file: it is
    the command's message, on standard error, as every other error is."""
    run = run_cli("explain", HOUSEHOLDS_CSV, "--household", "H532328006", *SCORE_ARGS)
    assert run.code == 2 and "no household 'H532328006'" in run.err and "Fix: did you mean H5323280" in run.err
    assert run.out == ""
    spaced = run_cli("explain", HOUSEHOLDS_CSV, "--household", " H5323280069 ", *SCORE_ARGS)
    assert spaced.code == 0 and spaced.out.startswith("户编号 H5323280069")


def test_explain_of_a_file_of_its_header_alone_says_it_has_no_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file of its header alone (a failed export) was told as having no household 'H1', with the fix to
    give the 户编号 as the file writes it: it says the file has no data rows, in either language."""
    path = tmp_path / "header.csv"
    path.write_text(HOUSEHOLDS_CSV.read_text(encoding="utf-8-sig").splitlines()[0] + "\n", encoding="utf-8")
    run = run_cli("explain", path, "--household", "H1", *SCORE_ARGS)
    assert run.code == 2 and run.out == "", run.err
    assert "Fix: the file has no data rows below its header: export or save it again" in run.err
    assert "did you mean" not in run.err and "as the file writes it" not in run.err
    monkeypatch.setenv("FANPIN_MESSAGES", "zh")
    zh = run_cli("explain", path, "--household", "H1", *SCORE_ARGS)
    assert "文件的表头下面没有数据行：请重新导出或保存" in zh.err and "Fix" not in zh.err, zh.err


def test_explain_of_a_paragraph_typed_as_the_household_quotes_its_start(tmp_path: Path) -> None:
    """A paragraph given as ``--household`` (5 000 characters) was echoed whole in the error: its first
    forty characters are quoted, cut before the digits of a number the cut would split (which, cut short,
    would no longer be masked as a person's)."""
    typed = "H" * 35 + "532328199001014167" + "备注" * 2500
    run = run_cli("explain", HOUSEHOLDS_CSV, "--household", typed, *SCORE_ARGS)
    assert run.code == 2 and f"no household {'H' * 35!r}… in " in run.err, run.err
    assert "53232" not in run.err and len(run.err) < 500


@pytest.mark.parametrize(
    ("typed", "quoted"),
    [
        ("x" * 70, "x" * 40),  # a paste of x's had been quoted as ''
        ("the household of the tax office, the box " + "备注" * 20, "the household of the tax office, the box"),
        ("H" * 23 + "53232819900101416X" + "备注" * 20, "H" * 23),  # an ID number cut before its X: cut away
    ],
    ids=["xs", "word", "id-number"],
)
def test_explain_of_a_long_household_quotes_its_start_up_to_the_digits_it_cuts(typed: str, quoted: str) -> None:
    run = run_cli("explain", HOUSEHOLDS_CSV, "--household", typed, *SCORE_ARGS)
    assert run.code == 2 and f"no household {quoted!r}… in " in run.err, run.err
    assert "53232" not in run.err


def test_explain_of_a_masked_household_id_says_it_is_masked(tmp_path: Path) -> None:
    """A 户编号 that is a person's number is masked in the outputs; copied from there into explain, it was
    "not in the file", with the fix to give it as fanpin score's output lists it: the masked text again."""
    header = "户编号,行政区划代码,户类型,家庭人口数,工资性收入,生产经营性收入,财产性收入,转移性收入"
    path = tmp_path / "in.csv"
    path.write_text(f"{header}\n532328199001014167,532328,脱贫户,3,9000,0,0,0\n", encoding="utf-8")
    run = run_cli("explain", path, "--household", "5323**********4167", *SCORE_ARGS)
    assert run.code == 2 and "a 户编号 shown with * is masked" in run.err and "199001" not in run.err, run.err


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    ("source", "person", "household", "line"),
    [
        (EXPORT_XLSX, "532328198311121198", "53232810100001", 5),  # a member of an export's household
        (HOUSEHOLDS_CSV, "532328196608014167", "H5323280001", 2),  # the head of a table's household
    ],
    ids=["export", "table"],
)
def test_explain_of_a_persons_id_number_names_the_household_to_give(
    monkeypatch: pytest.MonkeyPatch, lang: str, source: Path, person: str, household: str, line: int
) -> None:
    """A clerk who knows the person gives their ID number as ``--household``: it was "no household
    '5323**********1198'", with the fix to give the 户编号 as the file writes it, which the clerk did not know.
    The fix now names the household whose member it is, and its line, the number still masked."""
    monkeypatch.setenv("FANPIN_MESSAGES", lang)
    run = run_cli("explain", source, "--household", person, *SCORE_ARGS)
    said = {
        "en": f"it is the ID number of a member of household {household} (line {line}): --household takes the "
        f"household's 户编号; give --household {household}",
        "zh": f"这是户 {household} 中一名成员的证件号码（第 {line} 行）：--household 要填的是户编号；"
        f"请填 --household {household}",
    }[lang]
    assert run.code == 2 and said in run.err, run.err
    assert person not in run.err and person[6:14] not in run.err


def test_explain_of_a_household_not_found_names_the_rows_that_name_no_household(tmp_path: Path) -> None:
    """A workbook whose 户编号 were kept as numbers lost their last digits (Excel keeps 15): every row is
    refused and names no household, and explain said only that the 户编号 typed was not in the file, and to
    give it "as the file writes it", which the file no longer can. It says how many rows name none, where
    the first is, and where to read why (masked: the 户编号 typed is sixteen digits)."""
    import openpyxl

    rows = list(csv.reader(io.StringIO(HOUSEHOLDS_CSV.read_text(encoding="utf-8-sig"))))
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(rows[0])
    for n, row in enumerate(rows[1:3]):
        sheet.append([5323250000000000 + 10 * n, *row[1:]])  # 16 digits as Excel keeps them: the last one lost
    path = tmp_path / "lost-digits.xlsx"
    workbook.save(path)
    run = run_cli("explain", str(path), "--household", "5323250000000001", *SCORE_ARGS)
    assert run.code == 2 and run.out == "", run.err
    assert "no household '5323********0001'" in run.err
    assert "2 row(s) of the file name no 户编号 that can be read (the first on line 2)" in run.err
    assert "fanpin score --errors lists why each was refused" in run.err


def test_the_rule_linter_is_loaded_by_fanpin_check_alone() -> None:
    """Every command loaded fanpin.check (the rule linter and its analysis), which only ``fanpin check`` uses:
    45 to 65 ms of each run's start (``python -X importtime``)."""
    import subprocess
    import sys

    linter = ("fanpin.check", "fanpin.rulebook.lint")
    code = f"import sys, fanpin.cli; print(sorted(m for m in sys.modules if m.startswith({linter})))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert loaded.stdout.strip() == "[]", loaded.stdout


def test_check_reference_rules_passes() -> None:
    code, out, _ = run_cli("check")
    assert code == 0
    assert "cases pass" in out


@pytest.mark.parametrize(
    ("condition", "words"),
    [
        ("__import__('os') == 0", "unknown function '__import__'"),
        ("income_per_capit < 1", "did you mean income_per_capita"),
    ],
)
def test_check_rejects_bad_rule_with_file_and_line(tmp_path: Path, condition: str, words: str) -> None:
    folder = tmp_path / "county"
    folder.mkdir()
    text = (FIXTURES / "broken" / "unknown_fact.yaml").read_text(encoding="utf-8")
    (folder / "local.yaml").write_text(text.replace("income_per_capit < monitoring_line", condition), encoding="utf-8")
    code, _, err = run_cli("check", folder)
    assert code == 2
    assert f"{folder / 'local.yaml'}:9:" in err
    assert words in err


@pytest.mark.parametrize(
    ("condition", "en", "zh"),
    [("anyy(members, age >= 60)",
      "unknown function 'anyy' in condition 'anyy(members, age >= 60)' [rule-syntax] Fix: did you mean any? the "
      "functions are abs,",
      "条件 'anyy(members, age >= 60)' 中的函数 'anyy' 不存在；是否应为 any？请使用以下函数之一：abs,"),
     ("any(member, age >= 60)",
      "any(…) reads the members: its first word is members, not member in condition 'any(member, age >= 60)' "
      "[rule-syntax] Fix: write any(members, …)",
      "条件 'any(member, age >= 60)' 中：any(…) 读取的是家庭成员：它的第一个词应是 members，而不是 member；"
      "请写成 any(members, …) [rule-syntax]")],
    ids=["misspelt", "not-members"],
)  # fmt: skip
def test_check_tells_a_misspelt_quantifier_in_both_languages(
    tmp_path: Path, condition: str, en: str, zh: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``anyy(members, …)`` and ``any(member, …)`` were both "unknown function", the second naming any, which
    exists, and neither fix naming the member conditions."""
    folder = tmp_path / "county"
    folder.mkdir()
    text = (FIXTURES / "broken" / "unknown_fact.yaml").read_text(encoding="utf-8")
    (folder / "local.yaml").write_text(text.replace("income_per_capit < monitoring_line", condition), encoding="utf-8")
    for lang, words in (("en", en), ("zh", zh)):
        monkeypatch.setenv("FANPIN_MESSAGES", lang)
        code, _, err = run_cli("check", folder)
        assert code == 2
        assert words in err, err


_WRONG_CASES = """\
case_defaults: {region: "532328", as_of: 2025-06-30}
rules:
  - id: local.poor_with_labour
    title: {zh: 有劳动力且收入很低, en: Labour and very low income}
    level: yellow
    kind: watch
    when: labor_count >= 1 and income_per_capita < deep_low_line
    measures: [monitoring.home_visit]
    basis: test fixture
    cases:
      - {name: fires, facts: {labor_count: 2, income_per_capita: 4999.99}, expect: fires}
      - {name: silent, facts: {labor_count: 2, income_per_capita: 5000}, expect: silent}
      - {name: unknown, facts: {labor_count: 2}, expect: not_evaluable}
      - {name: on the line, facts: {labor_count: 0, income_per_capita: 5000}, expect: fires}
      - {name: low, facts: {labor_count: 1, income_per_capita: 4000}, expect: silent}
      - {name: left out, facts: {labor_count: 0}, expect: not_evaluable}
  - id: local.formerly_poor_low
    title: {zh: 脱贫户收入很低, en: Formerly poor with very low income}
    level: yellow
    kind: watch
    when: household_type == "脱贫户" and income_per_capita < deep_low_line
    measures: [monitoring.home_visit]
    basis: test fixture
    cases:
      - {name: fires, facts: {household_type: 脱贫户, income_per_capita: 4000}, expect: fires}
      - {name: ordinary, facts: {household_type: 一般农户, income_per_capita: 4000}, expect: fires}
      - {name: unknown, facts: {income_per_capita: 4000}, expect: not_evaluable}
"""


def test_a_failing_case_says_which_tests_decided_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A case whose expected outcome is wrong was told ``expected fires, got silent [FAILED]`` alone: the
    author was not told which test went the other way, nor with what values (a case exactly on the line, a
    threshold other than the one meant). The tests that decided the outcome are named with their values."""
    folder = tmp_path / "county"
    folder.mkdir()
    (folder / "local.yaml").write_text(_WRONG_CASES, encoding="utf-8")
    said = {
        "en": [
            "local.poor_with_labour / on the line: expected fires, got silent (labor_count 0 >= 1 is false; "
            "income_per_capita 5000 < deep_low_line 5000 is false) [FAILED]",
            "local.poor_with_labour / low: expected silent, got fires (labor_count 1 >= 1 is true; "
            "income_per_capita 4000 < deep_low_line 5000 is true) [FAILED]",
            "local.poor_with_labour / left out: expected not_evaluable, got silent (labor_count 0 >= 1 is false) "
            "[FAILED]",
            "local.formerly_poor_low / ordinary: expected fires, got silent "
            '(household_type 一般农户 == "脱贫户" is false) [FAILED]',
        ],
        "zh": [
            "规则 local.poor_with_labour 的用例 on the line：应为 fires，实际为 silent（labor_count 0 >= 1 不成立；"
            "income_per_capita 5000 < deep_low_line 5000 不成立） [未通过]",
            "规则 local.poor_with_labour 的用例 low：应为 silent，实际为 fires（labor_count 1 >= 1 成立；"
            "income_per_capita 4000 < deep_low_line 5000 成立） [未通过]",
            "规则 local.poor_with_labour 的用例 left out：应为 not_evaluable，实际为 silent（labor_count 0 >= 1 "
            "不成立） [未通过]",
            "规则 local.formerly_poor_low 的用例 ordinary：应为 fires，实际为 silent"
            '（household_type 一般农户 == "脱贫户" 不成立） [未通过]',
        ],
    }
    for lang, lines in said.items():
        monkeypatch.setenv("FANPIN_MESSAGES", lang)
        code, out, _ = run_cli("check", folder)
        assert code == 2
        for line in lines:
            assert line in out, out


def test_check_runs_local_rule_cases(tmp_path: Path) -> None:
    folder = tmp_path / "county"
    shutil.copytree(FIXTURES / "local_rule", folder)
    code, out, _ = run_cli("check", folder)
    assert code == 2
    assert (
        "local.failing_case / claims to fire: expected fires, got silent "
        "(income_per_capita 5000 < 1000 is false) [FAILED]" in out
    )


def _number_or_text(cell: str) -> object:
    """As a spreadsheet holds it: numbers as numbers (an int when whole), everything else as text."""
    try:
        number = float(cell)
    except ValueError:
        return cell or None
    if cell.strip() != cell or not cell.replace(".", "", 1).lstrip("-").isdigit():
        return cell
    return int(number) if number.is_integer() and "." not in cell else number


def test_xlsx_export_with_title_rows_scores_like_the_csv(scored: Path, tmp_path: Path, engine_name: str) -> None:
    from openpyxl import Workbook

    with HOUSEHOLDS_CSV.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["防止返贫监测对象信息（合成示例）"])  # title rows, as the national system exports
    sheet.append(["导出时间：2025-06-30"])
    sheet.append(rows[0])
    for row in rows[1:]:
        sheet.append([c if i in (0, 1, 4) else _number_or_text(c) for i, c in enumerate(row)])
    book.save(tmp_path / "export.xlsx")
    code, _, _ = score_file(tmp_path / "export.xlsx", tmp_path / "x.csv", tmp_path / "e.csv", "--engine", engine_name)
    assert code == 3
    assert (tmp_path / "x.csv").read_bytes() == (scored / "s.csv").read_bytes()
    assert len(read_csv(tmp_path / "e.csv")) == 6


def test_jsonl_input_scores_like_the_csv(scored: Path, tmp_path: Path, engine_name: str) -> None:
    records = read_csv(HOUSEHOLDS_CSV, ids=False)
    (tmp_path / "in.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    code, _, _ = score_file(tmp_path / "in.jsonl", tmp_path / "j.csv", tmp_path / "e.csv", "--engine", engine_name)
    assert code == 3
    assert (tmp_path / "j.csv").read_bytes() == (scored / "s.csv").read_bytes()


@pytest.mark.parametrize(("options", "engine"), [((), "BatchEngine"), (("--engine", "durable"), "Engine")])
def test_the_engine_option_picks_the_engine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, options: tuple[str, ...], engine: str
) -> None:
    """The batch engine is the default; ``--engine durable`` scores one household at a time."""
    used: list[str] = []
    real = score_path

    def spy(scorer: Any, *args: Any, **kwargs: Any) -> Any:
        used.append(type(scorer).__name__)
        return real(scorer, *args, **kwargs)

    monkeypatch.setattr("fanpin.cli.score_path", spy)
    code, _, _ = score_file(HOUSEHOLDS_CSV, tmp_path / "o.csv", tmp_path / "e.csv", *options)
    assert code == 3
    assert used == [engine]


def test_missing_input_file_exits_2(tmp_path: Path) -> None:
    code, _, err = run_cli("score", tmp_path / "nope.csv", *SCORE_ARGS)
    assert code == 2 and "no such file" in err


def test_standard_input_or_a_pipe_as_input_is_refused_with_what_to_do(tmp_path: Path) -> None:
    """``-`` names standard input for the outputs, not for the input: it said "no such file", and a pipe
    "is not a file", each with "check the path"."""
    code, _, err = run_cli("score", "-", *SCORE_ARGS)
    assert code == 2 and "standard input (-) is not read" in err and "save the data to a file" in err
    fifo = tmp_path / "households.csv"
    os.mkfifo(fifo)
    code, _, err = run_cli("score", fifo, *SCORE_ARGS)
    assert code == 2 and "is not a file" in err and "save the data to a file" in err and "Traceback" not in err
    for command in (["explain", "-", "--household", "H1", "--as-of", "2025-06-30"], ["report", "-"]):
        code, _, err = run_cli(*command)
        assert code == 2 and "standard input (-) is not read" in err and "save the data to a file" in err


def test_version_is_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out == f"fanpin {importlib.metadata.version('fanpin')}\n"


def test_the_package_is_typed() -> None:
    """Host projects type-check against fanpin's annotations (PEP 561)."""
    assert (ROOT / "fanpin" / "py.typed").is_file()


def test_an_error_in_fanpin_itself_is_one_line_exit_70_and_no_output(
    tmp_path: Path, engine_name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last guard: a bug (here a fault planted in the scored table's writer) stops the run with one
    line naming where, never the values it met nor a traceback, and leaves no output under any name."""
    from fanpin.io import sinks

    def planted(self: object, frame: object) -> None:
        raise ValueError("invalid literal for int() with base 10: '532328198001011233'")

    monkeypatch.setattr(sinks._HeadedCsv, "write", planted)
    out, errors = tmp_path / "out.csv", tmp_path / "errors.csv"
    code, stdout, err = score_file(HOUSEHOLDS_CSV, out, errors, "--engine", engine_name)
    assert code == 70
    assert "Traceback" not in err + stdout and "532328198001011233" not in err
    assert "internal error (ValueError at " in err and "please report" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_the_command_tunes_polars_allocator_before_polars_loads() -> None:
    """jemalloc reads _RJEM_MALLOC_CONF once, when polars' library loads: the command sets it first (a value
    in the environment is kept), and the library, imported alone, sets nothing."""
    import os
    import subprocess
    import sys

    from fanpin._allocator import CONF, VARIABLE

    env = {k: v for k, v in os.environ.items() if k != VARIABLE}
    order = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import fanpin.cli, os; print(os.environ['{VARIABLE}'])"],
        capture_output=True, text=True, env=env, check=True,
    )  # fmt: skip
    assert order.stdout.strip().endswith("," + CONF)  # after polars' own defaults: the later option wins
    loaded = [line.rsplit("|", 1)[-1].strip() for line in order.stderr.splitlines() if "|" in line]
    assert "fanpin._allocator" in loaded and "polars" in loaded
    assert loaded.index("fanpin._allocator") < min(i for i, name in enumerate(loaded) if name.startswith("polars"))
    kept = subprocess.run(
        [sys.executable, "-c", f"import fanpin.cli, os; print(os.environ['{VARIABLE}'])"],
        capture_output=True, text=True, env={**env, VARIABLE: "narenas:2"}, check=True,
    )  # fmt: skip
    assert kept.stdout.strip().endswith(",narenas:2") and CONF not in kept.stdout
    alone = subprocess.run(
        [sys.executable, "-c", f"import fanpin, os, sys; print(os.environ.get('{VARIABLE}'), 'polars' in sys.modules)"],
        capture_output=True, text=True, env=env, check=True,
    )  # fmt: skip
    assert alone.stdout.split() == ["None", "False"]


@pytest.mark.parametrize(
    ("separator", "encoding", "words"),
    [
        ("\t", "utf-16", "UTF-16 text (what Excel saves as 'Unicode Text'"),
        ("\t", "utf-8", "separated by tabs, not commas"),
        (";", "utf-8", "separated by semicolons, not commas"),
    ],
)
def test_a_file_excel_saved_otherwise_is_refused_saying_how_to_save_it(
    tmp_path: Path, separator: str, encoding: str, words: str
) -> None:
    """Excel's 'Unicode Text' (UTF-16, tabs) and a CSV separated by semicolons were refused as having no
    header row naming 户编号, which they do have."""
    text = HOUSEHOLDS_CSV.read_text(encoding="utf-8-sig").replace(",", separator)
    source = tmp_path / "saved.csv"
    source.write_bytes(text.encode(encoding))
    code, _, err = score_file(source, tmp_path / "o.csv", tmp_path / "e.csv")
    assert code == 2 and words in err and "CSV UTF-8 (Comma delimited)" in err and "Traceback" not in err
    assert not (tmp_path / "o.csv").exists()


def test_an_input_that_is_a_folder_or_not_a_file_is_named_so(tmp_path: Path) -> None:
    code, _, err = run_cli("score", tmp_path, *SCORE_ARGS)
    assert code == 2 and "is a folder, not a file" in err and "Traceback" not in err
    code, _, err = run_cli("report", tmp_path, "--out", tmp_path / "r.html")
    assert code == 2 and "is a folder, not a file" in err
    code, _, err = run_cli("check", HOUSEHOLDS_CSV)
    assert code == 2 and "is a file, not a rules folder" in err


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_rule_file_given_for_its_folder_is_told_to_give_the_folder(
    lang: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``fanpin check county/local.yaml`` (or ``--rules county/local.yaml``), the file a new user just wrote, was
    told only "give a folder of rule YAML files": it is told the folder to give, which every rule file in it is
    read from."""
    monkeypatch.setenv("FANPIN_MESSAGES", lang)
    folder = tmp_path / "county"
    folder.mkdir()
    rule_file = folder / "local.yaml"
    rule_file.write_text("disable: [income.near_line]\n", encoding="utf-8")
    said = {
        "en": f"Fix: give the folder it is in, {folder} (every rule file in it is read)",
        "zh": f"请给出它所在的文件夹 {folder}（其中的规则文件都会被读取）",
    }[lang]
    for args in (("check", rule_file), ("score", HOUSEHOLDS_CSV, *SCORE_ARGS, "--rules", rule_file)):
        run = run_cli(*args, "--out", tmp_path / "o.csv") if args[0] == "score" else run_cli(*args)
        assert run.code == 2 and said in run.err, run.err
    assert not (tmp_path / "o.csv").exists()


@pytest.mark.parametrize("option", ["--out", "--errors", "--findings"])
def test_an_output_path_ending_with_a_slash_names_a_folder_even_one_not_made_yet(tmp_path: Path, option: str) -> None:
    """``--out new/`` (a folder not made yet) had been written as a file named ``new``, run ended 0; a folder that
    exists was refused. A path ending with / names a folder whether or not it exists: refused, nothing made."""

    def refused(*argv: str) -> str:
        with pytest.raises(SystemExit) as stopped, contextlib.redirect_stderr(io.StringIO()) as err:
            main([str(a) for a in argv])
        assert stopped.value.code == 2
        return err.getvalue()

    for given in (f"{tmp_path / 'new'}/", f"{tmp_path}/"):
        err = refused("score", str(HOUSEHOLDS_CSV), *SCORE_ARGS, "--checks", "with", option, given)
        assert f"argument {option}: {given} names a folder (it ends with /)" in err, err
        assert "Traceback" not in err
    assert not (tmp_path / "new").exists() and list(tmp_path.iterdir()) == []
    assert "names a folder" in refused("report", str(HOUSEHOLDS_CSV), "--out", f"{tmp_path / 'new'}/")
    assert not (tmp_path / "new").exists()


@pytest.mark.parametrize("command", ["score", "explain", "library"])
def test_an_input_its_user_may_not_read_is_named_so(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file the user has no permission to read (a clerk's copy owned by another account) stopped the run
    as a bug in fanpin (exit 70, 'internal error (PermissionError at readers.py:…)'). It is an input error
    (exit 2) that says why and what to do, before anything is written; so is any file that cannot be
    opened. The system's refusal is made here, as tests run as root, whom no permission stops."""
    source = shutil.copy(HOUSEHOLDS_CSV, tmp_path / "h.csv")
    opened = Path.open

    def refused(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.name == "h.csv":
            raise PermissionError(13, "Permission denied", str(self))
        return opened(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refused)
    if command == "library":
        with pytest.raises(InputFileError, match="cannot read the input: permission denied"):
            Scorer().score(source, as_of=date(2025, 6, 30), region=REGION)
        return
    options = (
        ["--out", tmp_path / "o.csv", "--errors", tmp_path / "e.csv"] if command == "score" else ["--household", "H1"]
    )
    code, _, err = run_cli(command, source, *SCORE_ARGS, *options)
    assert code == 2, err
    assert "h.csv: cannot read the input: permission denied" in err and "ask for read access" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["h.csv"]


@pytest.mark.parametrize("source", [HOUSEHOLDS_CSV, EXPORT_XLSX], ids=["table", "export"])
def test_the_readers_and_the_report_name_an_input_they_may_not_read(
    source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The library's readers (read_households, read_export, households_in) and fanpin report raised a bare
    PermissionError on a file its user may not read; is_export_file too. They say why, as fanpin score
    does (the system's refusal is made here: tests run as root)."""
    from fanpin.io import households_in, is_export_file, read_export, read_households

    copy = Path(shutil.copy(source, tmp_path / f"locked{source.suffix}"))
    scored = tmp_path / "scored.csv"
    assert score_file(HOUSEHOLDS_CSV, scored, tmp_path / "e.csv").code == 3
    opened = Path.open

    def refused(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.name in (copy.name, scored.name):
            raise PermissionError(13, "Permission denied", str(self))
        return opened(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refused)
    if source.suffix == ".csv":  # a workbook is opened by zipfile, which the refusal made here does not stop
        assert not is_export_file(copy)
    for read in (read_households, read_export, households_in):
        with pytest.raises(InputFileError, match="cannot read the input: permission denied"):
            read(copy, region=REGION)
    code, _, err = run_cli("report", scored, "--out", tmp_path / "r.html")
    assert code == 2 and "scored.csv: cannot read the input: permission denied" in err and "Traceback" not in err


def test_explain_of_an_export_household_reads_the_facts_across_the_file() -> None:
    """A member's ID number that occurs in another household of the export: score fired
    checks.id_number_repeated (code 1_01_001), explain said it was not evaluable (the file was read
    without the across-the-file facts)."""
    run = run_cli(
        "explain", EXPORT_XLSX, "--household", "53232811100101", *SCORE_ARGS, "--checks", "with", "--lang", "en"
    )  # fmt: skip
    assert run.code == 0, run.out
    assert "\n[fired] checks.id_number_repeated " in run.out


def test_explain_of_a_repeated_household_id_in_a_table_explains_the_household_score_scores(tmp_path: Path) -> None:
    """score keeps the first valid row of a 户编号 and refuses the later ones; a refused row claims no
    户编号, so a valid row after it is scored. explain stopped at the refused row and said so."""
    source = tmp_path / "in.csv"
    source.write_text(
        ENGLISH_HEADER + "H1,脱贫户,2,-500,0,0,0\nH1,脱贫户,2,30000,0,0,0\nH2,脱贫户,2,4000,0,0,0\n"
        "H2,脱贫户,2,50000,0,0,0\n",
        encoding="utf-8",
    )
    code, _, err = score_file(source, tmp_path / "s.csv", tmp_path / "e.csv", "--lang", "en")
    assert code == 3, err
    scored = {r["household_id"]: r["income_per_capita"] for r in read_csv(tmp_path / "s.csv")}
    assert scored == {"H1": "15000.00", "H2": "2000.00"}
    assert [(r["line"], r["household_id"]) for r in read_csv(tmp_path / "e.csv")] == [("2", "H1"), ("5", "H2")]
    for household_id, income in scored.items():
        run = run_cli("explain", source, "--household", household_id, *SCORE_ARGS, "--lang", "en")
        assert run.code == 0, run.out
        assert f"income_per_capita {income}" in run.out or f"income_per_capita {income.removesuffix('.00')}" in run.out
    refused = tmp_path / "refused.csv"
    refused.write_text(ENGLISH_HEADER + "H1,脱贫户,2,-500,0,0,0\n", encoding="utf-8")
    run = run_cli("explain", refused, "--household", "H1", *SCORE_ARGS, "--lang", "en")
    assert run.code == 3 and "household H1 was rejected at line 2" in run.out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_explain_of_a_household_id_written_two_ways_says_score_refused_it(tmp_path: Path, lang: str) -> None:
    """score refuses every row of a 户编号 written two ways (H2, and h2 further on); explain explained H2 as
    scored, and h2 too."""
    from fanpin.model.columns import ID_TWO_WAYS
    from fanpin.results.reasons import reason_text

    source = tmp_path / "in.csv"
    source.write_text(
        ENGLISH_HEADER + "H2,脱贫户,2,4000,0,0,0\nH1,脱贫户,2,4000,0,0,0\nh2,脱贫户,2,50000,0,0,0\n", encoding="utf-8"
    )
    code, _, err = score_file(source, tmp_path / "s.csv", tmp_path / "e.csv", "--lang", lang)
    assert code == 3, err
    assert [(r["line"], r["household_id"]) for r in read_csv(tmp_path / "e.csv")] == [("2", "H2"), ("4", "h2")]
    for household_id, line in (("H2", 2), ("h2", 4)):
        run = run_cli("explain", source, "--household", household_id, *SCORE_ARGS, "--lang", lang)
        assert run.code == 3, run.out
        assert run.out.strip().endswith(reason_text(ID_TWO_WAYS, lang)) and f"{line}" in run.out
    assert run_cli("explain", source, "--household", "H1", *SCORE_ARGS, "--lang", lang).code == 0


def test_explain_reads_a_json_lines_file_with_a_line_that_is_not_json(tmp_path: Path) -> None:
    """A JSON Lines line that is not JSON stopped read_households (and so explain) with an internal error
    (KeyError: such a line has no cells, its 户编号 none): it is refused in its place, as score refuses it."""
    from fanpin.io import RejectedRow, read_households

    record = {"household_id": "H1", "household_type": "脱贫户", "size": 2, "wage_income": 4000, "business_income": 0,
              "property_income": 0, "transfer_income": 0}  # fmt: skip
    lines = [json.dumps(record, ensure_ascii=False), "not json", json.dumps(record | {"household_id": "H2"})]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    refused = [r for r in read_households(source, region=REGION)[1] if isinstance(r, RejectedRow)]
    assert [(r.line, r.household_id) for r in refused] == [(2, "")] and refused[0].reason.startswith("not JSON")
    run = run_cli("explain", source, "--household", "H2", *SCORE_ARGS, "--lang", "en")
    assert run.code == 0 and "Traceback" not in run.err and "internal error" not in run.err, run.err


def test_the_output_format_follows_the_suffix_and_an_unknown_one_is_refused(tmp_path: Path) -> None:
    """--out scored.json wrote a CSV into it (and .tsv, .dat alike): a suffix fanpin writes no format for
    is refused before anything is written; .ndjson is JSON Lines, and a name without a suffix (a device, a
    pipe) or .txt is CSV."""
    source = tmp_path / "in.csv"
    source.write_text("户编号,行政区划代码,户类型,家庭人口数,工资性收入,生产经营性收入,财产性收入,转移性收入\n"
                      "H1,532328,脱贫户,2,1000,0,0,0\n", encoding="utf-8")  # fmt: skip
    for name, fix in (("s.json", "JSON Lines is written to .jsonl"), ("s.tsv", "name the file .csv")):
        run = score_file(source, tmp_path / name, tmp_path / "e.csv")
        assert run.code == 2 and fix in run.err
        assert f"--out {tmp_path / name}: fanpin writes no .{name[2:]} file" in run.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]
    for name, first in (("s.ndjson", "{"), ("s.txt", "\ufeff户编号"), ("s", "\ufeff户编号")):
        run = score_file(source, tmp_path / name, tmp_path / "e.csv")
        assert run.code == 0, run.err
        assert (tmp_path / name).read_text(encoding="utf-8").startswith(first), name
    assert score_file(source, tmp_path / "s.json", tmp_path / "e.csv", "--format", "jsonl").code == 0
    # --format naming another format than the suffix does: a workbook had been written into x.csv
    run = score_file(source, tmp_path / "x.csv", tmp_path / "e3.csv", "--format", "xlsx")
    assert run.code == 2 and f"--out {tmp_path / 'x.csv'} is named for csv, but --format is xlsx" in run.err, run.err
    assert "Fix: name the file x.xlsx, or leave --format out" in run.err
    assert not (tmp_path / "x.csv").exists() and not (tmp_path / "e3.csv").exists()
    assert score_file(source, tmp_path / "x.ndjson", tmp_path / "e3.csv", "--format", "jsonl").code == 0
    # a workbook or a Parquet file into a .txt name, a text file's: written there without a word
    for fmt in ("xlsx", "parquet"):
        run = score_file(source, tmp_path / "x.txt", tmp_path / "e4.csv", "--format", fmt)
        said = f"--out {tmp_path / 'x.txt'} is named for text, but --format {fmt} writes a binary file"
        assert run.code == 2 and said in run.err
        assert f"Fix: name the file x.{fmt}" in run.err and not (tmp_path / "x.txt").exists()
    assert score_file(source, tmp_path / "x.txt", tmp_path / "e4.csv", "--format", "jsonl").code == 0
    run = score_file(
        source, tmp_path / "t.csv", tmp_path / "e2.csv", "--checks", "with", "--findings", tmp_path / "f.json"
    )
    assert run.code == 2 and f"--findings {tmp_path / 'f.json'}: fanpin writes no .json file" in run.err, run.err
    assert not (tmp_path / "t.csv").exists() and not (tmp_path / "f.json").exists()


def test_a_file_named_like_an_option_gets_a_hint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``fanpin score -x.csv …`` said only that input is required: it now says how to name the file."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "-x.csv").write_text(HOUSEHOLDS_CSV.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(SystemExit) as stopped, contextlib.redirect_stderr(io.StringIO()) as err:
        main(["score", "-x.csv", "--as-of", "2025-06-30", "--region", REGION])
    assert stopped.value.code == 2
    assert "(-x.csv is a file: write ./-x.csv, or put -- before it, after the options)" in err.getvalue()
    run = run_cli("score", "./-x.csv", "--as-of", "2025-06-30", "--region", REGION, "--out", tmp_path / "o.csv")
    assert run.code == 3, run.err


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("command", ["report", "score"])
def test_several_input_files_are_told_the_command_reads_one(
    command: str, lang: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``fanpin report a.csv b.csv`` (a township's files, or one file given twice) was told only "unrecognized
    arguments: b.csv", as if b.csv were a mistyped option: it says the command reads one file, and what to do."""
    monkeypatch.setenv("FANPIN_MESSAGES", lang)
    monkeypatch.chdir(tmp_path)
    for name in ("a.csv", "b.csv"):
        (tmp_path / name).write_text(HEADER + "\n", encoding="utf-8")
    extra = ("--as-of", "2025-06-30") if command == "score" else ()
    with pytest.raises(SystemExit) as stopped, contextlib.redirect_stderr(io.StringIO()) as err:
        main([command, "a.csv", "b.csv", "a.csv", *extra])
    assert stopped.value.code == 2
    said = {
        "report": {
            "en": "(fanpin report reads one scored file: join the files into one first",
            "zh": "（fanpin report 只读取一个评分结果文件：请先把这些文件合并成一个",
        },
        "score": {
            "en": "(fanpin score reads one input file: run it once for each file)",
            "zh": "（fanpin score 只读取一个输入文件：请对每个文件分别运行一次）",
        },
    }[command][lang]
    assert said in err.getvalue(), err.getvalue()


def test_explain_warns_of_a_parameter_without_a_value_for_the_households_region(tmp_path: Path) -> None:
    """The rules reading it show as not evaluable, which reads as the household's data missing: explain now
    warns as score does, naming the parameter and what to add (nothing is printed when every one has a value)."""
    folder = county_of_another_region(tmp_path)
    args = ("explain", HOUSEHOLDS_CSV, "--household", "H5323280001", "--as-of", "2025-06-30")
    run = run_cli(*args, "--rules", folder)
    assert run.code == 0, run.err
    assert "warning: parameter local_medical_abs has no value for region 532328" in run.err  # it has no label_en
    assert "it has values for 532301 only" in run.err
    assert "大额医疗自付 （未知）" in run.out and "local_medical_abs" not in run.out  # by its label, not its name
    assert "warning" not in run_cli(*args).err


def test_explain_names_the_region_of_a_parameter_without_a_value_as_score_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """explain's warning named the household's village code (``region 532328101203``) where score's names the
    county whose value is missing (``region 532328``): both name it alike now, in both languages, and explain
    warns too of the national line a household of a region without its own was scored with, as score does."""
    folder = county_of_another_region(tmp_path)
    explain = ("explain", HOUSEHOLDS_CSV, "--household", "H5323280001", "--as-of", "2025-06-30", "--rules", folder)
    score = (
        "score",
        HOUSEHOLDS_CSV,
        "--as-of",
        "2025-06-30",
        "--rules",
        folder,
        "--out",
        tmp_path / "s.csv",
        "--errors",
        tmp_path / "e.csv",
    )
    said = {
        "en": "parameter local_medical_abs has no value for region 532328 on 2025-06-30",
        "zh": "参数 local_medical_abs（大额医疗自付）在 2025-06-30 没有地区 532328 的取值",
    }
    for lang, words in said.items():
        monkeypatch.setenv("FANPIN_MESSAGES", lang)
        for args in (explain, score):
            run = run_cli(*args)
            assert words in run.err and "532328101203" not in run.err, run.err
    guangdong = write_rows(
        tmp_path / "g.csv",
        [
            "户编号,行政区划代码,户类型,家庭人口数,工资性收入,生产经营性收入,财产性收入,转移性收入",
            "G1,440103001001,脱贫户,2,1000,0,0,0",
        ],
    )
    said = {
        "en": "parameter monitoring_line (monitoring line (per-capita net income)) has no value of its own for region "
        "44 on 2025-06-30: the household was scored with the national value",
        "zh": "参数 monitoring_line（防止返贫监测范围（人均纯收入））在 2025-06-30 没有地区 44 自己的取值："
        "该户按全国的取值评分",
    }
    for lang, words in said.items():
        monkeypatch.setenv("FANPIN_MESSAGES", lang)
        run = run_cli("explain", guangdong, "--household", "G1", "--as-of", "2025-06-30")
        assert run.code == 0 and words in run.err, run.err


def test_explain_names_a_parameter_by_its_label_in_the_language_of_its_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """explain's warning named the parameter by its Chinese label in English (``local_medical_abs (大额医疗自付)``):
    each language names it by its own label, the warning and the rule's line alike."""
    folder = county_of_another_region(tmp_path)
    local = folder / "local.yaml"
    local.write_text(
        local.read_text(encoding="utf-8").replace(
            "label: 大额医疗自付\n", "label: 大额医疗自付\n    label_en: large medical bill\n"
        ),
        encoding="utf-8",
    )
    args = ("explain", HOUSEHOLDS_CSV, "--household", "H5323280001", "--as-of", "2025-06-30", "--rules", folder)
    said = {
        "en": (
            "warning: parameter local_medical_abs (large medical bill) has no value",
            "large medical bill (unknown)",
        ),
        "zh": ("警告：参数 local_medical_abs（大额医疗自付）", "大额医疗自付 （未知）"),
    }
    for lang, (warning, sentence) in said.items():
        monkeypatch.setenv("FANPIN_MESSAGES", lang)
        run = run_cli(*args, "--lang", lang)
        assert run.code == 0 and warning in run.err and sentence in run.out, run.err
        assert ("大额医疗自付" if lang == "en" else "large medical bill") not in run.out + run.err


def test_explain_suggests_the_household_typed_full_width_or_in_another_case() -> None:
    """A 户编号 typed with full-width letters and digits (an input method left on) was not found, and no
    household was suggested: difflib finds no ASCII id close to the full-width one."""
    full_width = "H5323280069".translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})
    assert full_width != "H5323280069" and full_width.isalnum()
    for typed in (full_width, "h5323280069", "H 5323280069"):
        run = run_cli("explain", HOUSEHOLDS_CSV, "--household", typed, *SCORE_ARGS)
        assert run.code == 2 and "Fix: did you mean H5323280069?" in run.err, (typed, run.err)


def test_explain_suggests_the_household_typed_with_a_spreadsheets_tail() -> None:
    """H5323280004.00 (a spreadsheet's .00 after the id, kept where the id has a letter, as score keeps it in the
    file) suggested H5323280040, though H5323280004 is in the file: the tail, a leading apostrophe and spaces are
    set aside in the comparison, so the id it equals is suggested."""
    for typed in ("H5323280004.00", "H5323280004.0", "'H5323280004.00", "H 5323280004.0"):
        run = run_cli("explain", HOUSEHOLDS_CSV, "--household", typed, *SCORE_ARGS)
        assert run.code == 2 and "Fix: did you mean H5323280004?" in run.err, (typed, run.err)


def test_explain_reads_the_household_as_score_reads_the_column(tmp_path: Path) -> None:
    """An export may write a 户编号 with the .0 of a code kept as a number (53232810100009.0), which score
    reads away: the same given to --household was not found ("did you mean 53232810100009? give the 户编号 as
    the file writes it", which it was), and one whose id without .0 is in the file suggested another
    household (…0020 for …0002.0). --household is read as the column: trimmed, without a leading ' or .0."""
    from fanpin.synthetic import write_person_export_csv

    source = write_person_export_csv(tmp_path / "export.csv", 25)
    with source.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    at = next(i for i, row in enumerate(rows) if row[:1] == ["县"])
    key = rows[at].index("户编号")
    first, second = rows[at + 1][key], "5323280000000002"
    assert "5323280000000020" in {row[key] for row in rows[at + 1 :]}  # the one suggested for second.0
    for row in rows[at + 1 :]:
        row[key] += ".0" if row[key] in (first, second) else ""
    with source.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    typed_as = [(first + ".0", first), (second + ".0", second), (f" '{first}.0 ", first), ("'" + first, first)]
    for typed, shown in typed_as:
        run = run_cli("explain", source, "--household", typed, *SCORE_ARGS)
        assert run.code == 0 and run.out.startswith(f"户编号 {shown} ·"), (typed, run.err)


def test_explain_names_a_household_number_of_sixteen_digits_as_it_is_written(tmp_path: Path) -> None:
    """A 户编号 of sixteen digits reads as a bank card number, and every number of that shape the command
    printed was masked: the household explained was headed "户编号 5323********0001", and "did you mean
    5323********0004?" named no household. The file's 户编号 are shown as the scored output shows them; a
    number typed that is not one of them (a person's ID number, by mistake) is still masked."""
    from fanpin.synthetic import write_person_export_csv

    source = write_person_export_csv(tmp_path / "export.csv", 5)
    found = run_cli("explain", source, "--household", "5323280000000001", *SCORE_ARGS)
    assert found.code == 0 and found.out.startswith("户编号 5323280000000001 ·"), found.out
    missing = run_cli("explain", source, "--household", "5323280000000009", *SCORE_ARGS)
    assert missing.code == 2 and "did you mean 5323280000000004?" in missing.err, missing.err
    assert "'5323********0009'" in missing.err  # typed, and no 户编号 of the file: masked as any number
    mistaken = run_cli("explain", source, "--household", "532328198103126496", *SCORE_ARGS)
    assert mistaken.code == 2 and "532328198103126496" not in mistaken.err and "5323**********6496" in mistaken.err


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_score_names_a_household_number_of_sixteen_digits_as_the_table_writes_it(lang: str, tmp_path: Path) -> None:
    """The notes and errors of ``fanpin score`` masked a 户编号 of sixteen digits as a bank card number (the
    note of monitoring months after the evaluation date named 5323********0118, the stop of
    --strict-parameters 5323********0119) where the scored table writes it as it is: a clerk found it in
    neither. They name it as the table does; a 户编号 that is an ID number is masked in both."""
    source = tmp_path / "h.csv"
    header = "户编号,行政区划代码,户类型,家庭人口数,工资性收入,生产经营性收入,财产性收入,转移性收入,识别监测时间"
    rows = [
        "5323280000000118,532328,脱贫户,4,1,1,1,1,202512",
        "532328198103126496,532328,脱贫户,4,1,1,1,1,202512",
        "5323280000000119,130102,脱贫户,4,1,1,1,1,",
    ]
    source.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    args = ("score", source, "--as-of", "2025-06-30", "--lang", lang, "--out", out, "--errors", errors)
    noted = run_cli(*args)
    assert noted.code == 0, noted.err
    table = read_csv(out)
    assert [next(iter(r.values())) for r in table] == [  # 户编号, the first column
        "5323280000000118",
        "5323**********6496",
        "5323280000000119",
    ]
    assert "5323280000000118, 5323**********6496" in noted.err, noted.err
    assert "532328198103126496" not in noted.err
    stopped = run_cli(*args, "--strict-parameters")
    assert stopped.code == 2 and "户编号 5323280000000119" in stopped.err, stopped.err
    assert not out.with_name("o.csv.part").exists()


@pytest.mark.parametrize(
    ("key", "shown"),
    [
        ("13812345678", "1381***5678"),
        ("H13812345678", "H1381***5678"),  # a mobile number with a prefix: a person's number too
        ("+8613812345678", "+861******5678"),
        ("532328199001011234", "5323**********1234"),
        ("H532328199001011234", "H5323**********1234"),
    ],
)
def test_explain_names_a_household_number_as_the_scored_table_writes_it(key: str, shown: str, tmp_path: Path) -> None:
    """One with a mobile number in it (H13812345678) was masked in the header and the "did you mean" though
    the scored table wrote it as it was; it is a person's number, masked in both now. Explain names a 户编号 of
    the file (the one explained, one suggested) as the scored table does: as written, unless it is a person's
    number (an ID number, or a key holding one; a mobile number, alone or in a key), which is masked in both;
    what was typed and is not in the file is masked as any number (a phone typed by mistake)."""
    source = write_rows(tmp_path / "in.csv", [HEADER, f"{key},532328,脱贫户,2,1000,0,0,0,x"])
    out = tmp_path / "o.csv"
    assert score_file(source, out, tmp_path / "e.csv").code == 0
    # the scored table: as explain names it (a cell starting +, not a number, written after a ' as any such cell)
    assert [r["household_id"].removeprefix("'") for r in read_csv(out)] == [shown]
    found = run_cli("explain", source, "--household", key, *SCORE_ARGS)
    assert found.code == 0 and found.out.startswith(f"户编号 {shown} ·"), found.out
    typed = key[:-1] + "9"
    missing = run_cli("explain", source, "--household", typed, *SCORE_ARGS)
    assert missing.code == 2 and f"no household '{mask_numbers(typed)}'" in missing.err, missing.err
    assert typed not in missing.err  # a phone or ID number typed by mistake
    assert f"did you mean {shown}?" in missing.err, missing.err
    if shown != key:
        assert key not in found.out + found.err + missing.err and typed not in missing.err


def test_a_control_character_in_what_the_command_prints_is_shown_not_sent(tmp_path: Path) -> None:
    """A file's name (or a cell a message quotes) holding an escape sequence reached the terminal as it was,
    where it acts: ESC [2J clears the screen, and a direction mark turns the line around. The command's
    messages show such a character by its code point, as the errors file shows a value."""
    folder = tmp_path / "村\x1b[2J"
    folder.mkdir()
    source = folder / "in\u202e.csv"
    shutil.copy(HOUSEHOLDS_CSV, source)
    run = score_file(source, tmp_path / "o.csv", tmp_path / "e.csv")
    assert run.code in (0, 3), run.err
    assert "\x1b" not in run.err and "\u202e" not in run.err
    assert "村<U+001B>[2J" in run.err and "in<U+202E>.csv" in run.err


def test_a_case_not_evaluable_says_which_of_the_rule_s_tests_are_unknown(tmp_path: Path) -> None:
    """A case giving a household's cells (wage_income, size) for a rule reading income_per_capita came out
    not evaluable with no hint why: a case's facts are the rule's, and the computed fact was not given."""
    folder = tmp_path / "county"
    shutil.copytree(FIXTURES / "local_rule", folder)
    (local,) = folder.glob("*.yaml")
    text = local.read_text(encoding="utf-8")
    case = "{name: silent, facts: {income_per_capita: 5000}, expect: silent}"
    assert case in text
    local.write_text(
        text.replace(case, case.replace("income_per_capita: 5000", "wage_income: 1000, size: 2")), encoding="utf-8"
    )
    code, out, _ = run_cli("check", folder)
    assert code == 2
    assert (
        "got not_evaluable (income_per_capita is unknown: not given; a case gives the rule's facts: "
        "give income_per_capita) [FAILED]"
    ) in out


@pytest.mark.parametrize("folder", ["", "  "])
def test_an_empty_rules_folder_is_refused_not_read_as_the_working_folder(
    folder: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--rules "$DIR"`` with DIR unset: an empty text was the working folder, whose every YAML file (a
    county's examples, a test's fixtures) was loaded as rules without a word."""
    (tmp_path / "stray.yaml").write_text("rules: [}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for run in (
        run_cli("check", folder),
        run_cli("score", HOUSEHOLDS_CSV, "--as-of", "2025-06-30", "--rules", folder, "--out", tmp_path / "o.csv"),
    ):
        assert run.code == 2, run.err
        assert "a rules folder is given as an empty text" in run.err and "stray.yaml" not in run.err + run.out
    assert not (tmp_path / "o.csv").exists()
    with pytest.raises(ConfigError, match="a rules folder is given as an empty text"):
        load_rulebook(folder)


def test_a_case_not_evaluable_names_the_fact_a_function_reads_in_either_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A test through a function (contains_text(loan_purpose, "x")) asked the case to give the call, which no
    case can: it names the fact the call reads. The hint is told in Chinese too (it had left the line English)."""
    folder = tmp_path / "county"
    shutil.copytree(FIXTURES / "local_rule", folder)
    local = folder / "local.yaml"
    text = local.read_text(encoding="utf-8").replace(
        "when: income_per_capita < 1000", 'when: income_per_capita < 1000 and loan_purpose contains "建房"'
    )
    local.write_text(
        text.replace("facts: {income_per_capita: 5000}, expect: silent", "facts: {size: 2}, expect: silent")
    )
    code, out, _ = run_cli("check", folder)
    assert code == 2
    assert (
        "got not_evaluable (income_per_capita is unknown: not given; a case gives the rule's facts: give "
        'income_per_capita; contains_text(loan_purpose, "建房") is unknown: not given; a case gives the rule\'s '
        "facts: give loan_purpose) [FAILED]"
    ) in out
    monkeypatch.setenv("FANPIN_MESSAGES", "zh")
    code, out, _ = run_cli("check", folder)
    assert code == 2
    assert (
        ": 规则 local.failing_case 的用例 silent：应为 silent，实际为 not_evaluable（"
        "income_per_capita 未知：用例没有给出；"
        '用例给的是规则读取的事实：请给出 income_per_capita；contains_text(loan_purpose, "建房") 未知：用例没有给出；'
        "用例给的是规则读取的事实：请给出 loan_purpose） [未通过]"
    ) in out


def test_a_report_over_its_scored_file_is_refused_as_an_output_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``fanpin report s.csv --out s.csv`` was refused in a line of its own, without the file, the code or the
    fix every other error has; now as the score's own overwrite is, in both languages, the file unchanged."""
    scored = tmp_path / "s.csv"
    assert score_file(HOUSEHOLDS_CSV, scored, tmp_path / "e.csv").code == 3
    before = scored.read_bytes()
    run = run_cli("report", scored, "--out", scored)
    assert run.code == 2 and run.err.strip() == (
        f"fanpin: error: {scored}: the report would overwrite the scored file (--out names it) [output] "
        "Fix: choose another --out path"
    )
    monkeypatch.setenv("FANPIN_MESSAGES", "zh")
    run = run_cli("report", scored, "--out", scored)
    assert (
        run.err.strip()
        == f"fanpin: 错误：{scored}：报告会覆盖评分结果文件（--out 指向了它）；请为 --out 另选路径 [output]"
    )
    assert scored.read_bytes() == before


def test_an_export_whose_header_is_below_the_rows_looked_through_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A person-level export with 55 title rows above its header was read as a household table and refused for
    家庭人口数, a column no export has: now the refusal names the header's line and the fix, in both languages."""
    from fanpin.synthetic import write_person_export_csv

    export = write_person_export_csv(tmp_path / "export.csv", 3)
    lines = export.read_text(encoding="utf-8").splitlines()[2:]  # the header and the member rows
    deep = write_rows(tmp_path / "deep.csv", [f"说明{i}" for i in range(55)] + lines)
    run = score_file(deep, tmp_path / "o.csv", tmp_path / "e.csv")
    assert run.code == 2 and "家庭人口数" not in run.err, run.err
    assert "the header row of a person-level export is on line 56, below the first 50 rows" in run.err
    monkeypatch.setenv("FANPIN_MESSAGES", "zh")
    run = score_file(deep, tmp_path / "o.csv", tmp_path / "e.csv")
    assert "人口明细导出表的表头在第 56 行" in run.err and "请删除表头上方的行" in run.err


@pytest.mark.parametrize("form", ["parquet", "jsonl", "csv without 证件号码 and 与户主关系"])
def test_a_member_list_read_as_a_household_table_says_what_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, form: str
) -> None:
    """A person-level export given as Parquet or JSON Lines, or as a CSV without 证件号码 and 与户主关系 (by which
    an export is told), was read as a household table and refused for 家庭人口数 with the fix to add it, which no
    export can follow: now the refusal says the file is a list of members and what makes it read as one."""
    from fanpin.synthetic import person_export

    export = person_export(3, 2025)
    if form == "parquet":
        path = tmp_path / "export.parquet"
        export.write_parquet(path)
        said = "a person-level export is read from CSV or .xlsx, not from Parquet"
        zh = "人员明细导出文件只能以 CSV 或 .xlsx 格式读取，不能是 Parquet"
    elif form == "jsonl":
        path = tmp_path / "export.jsonl"
        export.write_ndjson(path)
        said = "a person-level export is read from CSV or .xlsx, not from JSON Lines"
        zh = "人员明细导出文件只能以 CSV 或 .xlsx 格式读取，不能是 JSON Lines"
    else:
        path = tmp_path / "export.csv"
        export.drop("证件号码", "与户主关系").write_csv(path)
        said = "it has neither 证件号码 nor 与户主关系, by which fanpin tells a person-level export"
        zh = "既没有证件号码列，也没有与户主关系列"
    run = score_file(path, tmp_path / "o.csv", tmp_path / "e.csv")
    assert run.code == 2 and "the file is a list of members, one row per person (it names " in run.err, run.err
    assert said in run.err and "add the column(s)" not in run.err, run.err
    monkeypatch.setenv("FANPIN_MESSAGES", "zh")
    run = score_file(path, tmp_path / "o.csv", tmp_path / "e.csv")
    assert run.err.startswith("fanpin: 错误：") and "该文件是成员名单，每人一行" in run.err and zh in run.err, run.err
    assert not re.search(r"[a-z]{3,} [a-z]{3,}", run.err), run.err  # no English prose


def test_a_household_table_without_a_required_column_is_still_told_to_add_it(tmp_path: Path) -> None:
    """A household table (whose head's 姓名 alone does not make a member list) lacking 家庭人口数 is told to add it."""
    rows = ["户编号,户类型,姓名,工资性收入,生产经营性收入,财产性收入,转移性收入", "H1,脱贫户,张三,0,0,0,0"]
    run = score_file(write_rows(tmp_path / "t.csv", rows), tmp_path / "o.csv", tmp_path / "e.csv")
    assert "required column(s) missing: 家庭人口数 (size) [missing-column] Fix: add the column(s)" in run.err, run.err


_MEMBER_CASES = """case_defaults: {region: "532328", as_of: 2025-06-30}
rules:
  - id: local.old
    title: {zh: 健康老人, en: healthy elder}
    level: info
    kind: audit
    scope: member
    when: age >= 0 and health == "健康"
    basis: test
    cases:
      - {name: a, members: [{出生日期: 1950-01-01, 健康状况: 健康}], expect: fires}
      - {name: b, members: [{}], expect: fires}
      - {name: c, members: [{出生日期: 1950-01-01, 健康状况: 长期慢性病}], expect: silent}
      - {name: d, members: [{出生日期: 1950-01-01}], expect: not_evaluable}
  - id: local.big
    title: {zh: 大户, en: big}
    level: info
    kind: audit
    when: any(members, health == "健康") and size > 1
    basis: test
    cases:
      - {name: a, facts: {size: 2}, members: [{健康状况: 健康}], expect: fires}
      - {name: b, facts: {size: 2}, expect: fires}
      - {name: c, facts: {size: 2}, members: [{健康状况: 长期慢性病}], expect: silent}
      - {name: d, facts: {size: 2}, members: [{}], expect: not_evaluable}
"""


def test_a_member_case_not_evaluable_names_the_cells_or_the_members_to_give(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A member case without 出生日期 was asked to "give age" (a case's member is written as the export's cells),
    and a case without members: was told its test over the members was "given empty" (its size was given)."""
    folder = tmp_path / "county"
    folder.mkdir()
    (folder / "local.yaml").write_text(_MEMBER_CASES, encoding="utf-8")
    code, out, _ = run_cli("check", folder)
    assert code == 2
    assert (
        '(any(members, age >= 0 and health == "健康") is unknown: not given; a case\'s member is written as the '
        "export's cells: give 出生日期, 健康状况 in its members) [FAILED]"
    ) in out
    assert (
        '(any(members, health == "健康") is unknown: the members are not given; list them under members: '
        "(members: [] for none)) [FAILED]"
    ) in out
    monkeypatch.setenv("FANPIN_MESSAGES", "zh")
    code, out, _ = run_cli("check", folder)
    assert "未知：用例没有给出；用例的成员按导出表的单元格填写：请在成员中给出 出生日期, 健康状况） [未通过]" in out
    assert "未知：用例没有给出成员；请在 members: 下列出成员（没有成员写 members: []）） [未通过]" in out


_NO_VALUE_CASES = """\
case_defaults: {region: "532328", as_of: 2025-06-30}
rules:
  - id: local.div
    title: {zh: 除法, en: Division}
    level: orange
    kind: risk
    risk_type: 因病
    when: wage_income / (size - size) > 1
    measures: [health.medical_assistance]
    basis: test
    cases:
      - {name: given, facts: {wage_income: 1, size: 2}, expect: fires}
      - {name: empty, facts: {wage_income: 1, size: null}, expect: fires}
      - {name: half, facts: {wage_income: 1}, expect: fires}
"""


def test_a_case_whose_term_has_no_value_for_the_values_given_is_told_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A case giving every fact a value, whose test divides by 0 (``wage_income / (size - size)``), was told
    its term was "given empty"; so was a case leaving one of the facts out. Each is told what it is."""
    folder = tmp_path / "county"
    folder.mkdir()
    (folder / "local.yaml").write_text(_NO_VALUE_CASES, encoding="utf-8")
    code, out, _ = run_cli("check", folder)
    assert code == 2
    term = "wage_income / (size - size) is unknown"
    assert f"local.div / given: expected fires, got not_evaluable ({term}: it has no value for the values given" in out
    assert f"local.div / empty: expected fires, got not_evaluable ({term}: given empty) [FAILED]" in out
    give = "not given; a case gives the rule's facts: give size"
    assert f"local.div / half: expected fires, got not_evaluable ({term}: {give}) [FAILED]" in out
    monkeypatch.setenv("FANPIN_MESSAGES", "zh")
    code, out, _ = run_cli("check", folder)
    assert "未知：按用例给出的值无法算出（除以 0，或结果超出引擎能表示的范围）） [未通过]" in out


def test_a_member_case_writing_a_computed_fact_is_told_the_cell_to_give(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``members: [{age: 30}]`` was told "unknown column 'age'; did you mean village?": age is a member fact
    fanpin computes from 出生日期, and a case's member is written as the export's cells."""
    folder = tmp_path / "county"
    folder.mkdir()
    (folder / "local.yaml").write_text(
        _MEMBER_CASES.replace(
            "members: [{出生日期: 1950-01-01, 健康状况: 健康}], expect: fires}",
            "members: [{age: 75, 健康状况: 健康}], expect: fires}",
            1,
        ),
        encoding="utf-8",
    )
    code, out, _ = run_cli("check", folder)
    assert code == 2
    assert (
        "member 1: age is a fact fanpin computes from the member's cells, not a column [cases] Fix: give the cell it "
        "is computed from (出生日期): a case's member is written as the export's cells"
    ) in out
    assert "did you mean village" not in out
    monkeypatch.setenv("FANPIN_MESSAGES", "zh")
    code, out, _ = run_cli("check", folder)
    assert "第 1 个成员：age 是 fanpin 由成员的单元格计算的事实，不是一列；请给出计算它所用的单元格（出生日期）" in out


def test_messages_into_a_pipe_closed_by_its_reader_end_the_command_quietly(tmp_path: Path) -> None:
    """``fanpin check DIR 2>&1 | head -1`` on a folder of many errors ended with exit code 1 and a traceback no one
    saw (the print of the errors met the closed pipe): it ends as a command killed by SIGPIPE does, 141."""
    folder = tmp_path / "county"
    folder.mkdir()
    for n in range(700):  # some 150 KB of errors: past a pipe's 64 KB
        (folder / f"rule_{n:03d}.yaml").write_text("parameters: {local_line: 1}\n", encoding="utf-8")
    command = [sys.executable, "-m", "fanpin", "check", str(folder)]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    first = process.stderr.readline().decode("utf-8")
    process.stderr.close()
    assert process.wait(timeout=120) == 141 and first.startswith("fanpin: error: 700 errors in the rule files")


def test_fanpin_check_into_a_pipe_closed_by_its_reader_does_not_pass_the_folder(tmp_path: Path) -> None:
    """``fanpin check DIR | head -1`` on a folder of rules that can never fire had exited 0, as if the folder
    passed, once the reader went away: it exits 141, as a command killed by SIGPIPE does (2 unpiped)."""
    folder = tmp_path / "county"
    folder.mkdir()
    rule = (
        "  - id: local.r{n}\n    title: {{zh: 标题, en: t}}\n    level: info\n    kind: audit\n"
        "    when: size < 0 and size > 20\n    basis: x\n    cases:\n"
        "      - {{name: a, facts: {{size: 30}}, expect: fires}}\n"
        "      - {{name: b, facts: {{size: 3}}, expect: silent}}\n"
        "      - {{name: c, facts: {{}}, expect: not_evaluable}}\n"
    )
    # some 900 bytes of report a rule: 150 rules write twice a pipe's 64 KiB, so the reader has gone before the
    # report is written whole (300 had taken 8 s of the suite, 150 take 3.4)
    text = 'case_defaults: {region: "532328", as_of: 2025-06-30}\nrules:\n' + "".join(
        rule.format(n=n) for n in range(150)
    )
    (folder / "local.yaml").write_text(text, encoding="utf-8")
    command = [sys.executable, "-m", "fanpin", "check", str(folder)]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert process.stdout is not None
    first = process.stdout.readline().decode("utf-8")
    process.stdout.close()
    assert process.wait(timeout=120) == 141 and "can never fire" in first


_SET_CASES = """\
case_defaults: {region: "532328", as_of: 2025-06-30}
rules:
  - id: local.ill_and_large
    title: {zh: 因病大户, en: ill and large}
    level: yellow
    kind: watch
    when: risks contains "因病" and size > 3
    measures: [health.family_doctor]
    basis: test fixture
    cases:
      - {name: fires, facts: {risk_1: 因病, size: 5}, expect: fires}
      - {name: wrong, facts: {risk_1: 因学, size: 5}, expect: fires}
      - {name: silent, facts: {risk_1: 因病, size: 2}, expect: silent}
"""


def test_a_failing_case_names_a_set_test_as_the_rule_writes_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A case failed by ``risks contains "因病"`` was told ``(risk_is_illness is false)``: a name the engines keep
    for that test, which no rule writes and rules/README.md does not list; and the lint said the rule "reads
    risk_is_illness". The report says the test as the rule wrote it, and the lint reads ``risks``."""
    folder = tmp_path / "county"
    folder.mkdir()
    (folder / "local.yaml").write_text(_SET_CASES, encoding="utf-8")
    for lang, line in (
        ("en", 'local.ill_and_large / wrong: expected fires, got silent (risks contains "因病" is false) [FAILED]'),
        (
            "zh",
            '规则 local.ill_and_large 的用例 wrong：应为 fires，实际为 silent（risks contains "因病" 不成立） [未通过]',
        ),
    ):
        monkeypatch.setenv("FANPIN_MESSAGES", lang)
        code, out, _ = run_cli("check", folder)
        assert code == 2
        assert line in out and "risk_is_" not in out, out
