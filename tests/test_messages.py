"""The command's own messages in the user's language (fanpin.messages): how the language is chosen, the
catalog's translations, and the command printing them."""

from __future__ import annotations

import argparse
import errno
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fanpin.cli import _parser, main, usage_error
from fanpin.errors import (
    ConfigError,
    FanpinError,
    InputFileError,
    Location,
    OutputError,
    RulebookLoadError,
    RuleSyntaxError,
    UnknownNameError,
)
from fanpin.io.chunks import BOTH_LINE_ENDS
from fanpin.io.findings import findings_format
from fanpin.io.sinks import output_format
from fanpin.lang.syntax import parse_condition
from fanpin.lang.typecheck import check_condition
from fanpin.messages import (
    CATALOG,
    MESSAGES_VARIABLE,
    NESTED,
    _compiled,
    _nested,
    _windows_ui_language,
    chinese,
    columns,
    error_message,
    message,
    message_language,
    stop_message,
    wrapped,
)
from fanpin.model.facts import FACTS
from fanpin.model.parameters import PARAMETER_LABELS, Parameters, ParameterSpec
from fanpin.pipeline.run import _two_ways_note
from fanpin.pipeline.scored import absent_columns_note, derived_note, misnamed_note
from fanpin.regions import region_length_error
from fanpin.results.reasons import reason_text
from fanpin.rulebook import load_rulebook
from fanpin.synthetic import write_household_csv, write_person_export_csv
from tests.helpers import run_cli
from tests.paths import HOUSEHOLDS_CSV
from tests.properties.conditions import param_infos

ROOT = Path(__file__).resolve().parent.parent
SCORE = ("--as-of", "2025-06-30", "--region", "532328")


def _never() -> int | None:
    raise AssertionError("the Windows UI language is asked for only on Windows, when no locale variable is set")


# --- the language ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({MESSAGES_VARIABLE: "zh", "LANG": "en_US.UTF-8"}, "zh"),  # the variable wins over the locale
        ({MESSAGES_VARIABLE: "EN", "LC_ALL": "zh_CN.UTF-8"}, "en"),
        ({"LC_ALL": "zh_CN.UTF-8", "LC_MESSAGES": "en_US.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
        ({"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}, "en"),  # LC_ALL first, whatever LANG says
        ({"LC_MESSAGES": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),  # LC_MESSAGES before LANG
        ({"LC_ALL": "", "LANG": "zh_CN.GB18030"}, "zh"),  # an empty variable is not set
        ({"LANG": "de_DE.UTF-8", "LANGUAGE": "zh_CN"}, "en"),
        ({"LANGUAGE": "zh_CN:en_US"}, "zh"),  # LANGUAGE's first entry, when nothing else is set
        ({"LANGUAGE": "en_US:zh_CN"}, "en"),
        ({}, "en"),
    ],
)
def test_the_language_follows_the_variable_then_the_locale(environ: dict[str, str], expected: str) -> None:
    assert message_language(environ, "linux", _never) == (expected, None)


def test_an_unknown_value_of_the_variable_is_english_with_a_warning_in_english() -> None:
    lang, warning = message_language({MESSAGES_VARIABLE: "chinese", "LANG": "zh_CN.UTF-8"}, "linux", _never)
    assert lang == "en"
    assert warning is not None and warning.startswith("fanpin: warning: FANPIN_MESSAGES=chinese")
    assert "FANPIN_MESSAGES=zh" in warning


@pytest.mark.parametrize(
    ("ui", "expected"),
    [(0x0804, "zh"), (0x0404, "zh"), (0x0C04, "zh"), (0x0409, "en"), (0x0411, "en"), (None, "en")],
)
def test_on_windows_without_a_locale_variable_the_ui_language_decides(ui: int | None, expected: str) -> None:
    assert message_language({}, "win32", lambda: ui) == (expected, None)
    assert message_language({"LANG": "en_US"}, "win32", _never) == ("en", None)  # a variable still wins


def test_asking_windows_never_fails() -> None:
    """Where there is no kernel32 (here), the guard answers None: English."""
    assert message_language({}, "win32", _windows_ui_language) == ("en", None)


# --- the catalog -----------------------------------------------------------------------------------------

#: What a nested part of a sample stands for: a text the catalog (or the errors file's reasons) translates.
_NESTED_SAMPLES = {
    # parts of a kind the patterns hold to it (messages._PART_PATTERNS): a rulebook's version, an encoding
    "version": "0a47d3c5d074708a",
    "encoding": "gb18030",
    "decided": "labor_count 0 >= 1 is false; any(members, age >= 60) is true",
    "fix": "check the path",
    "why": "a quote stands inside a cell",
    "reason": "not a whole number; write a whole number such as 4",
    "value": "(empty)",
    "value2": "是",
    "region": "(national)",
    "oserror": "Permission denied",
    "listed": "'fires', 'silent' or 'not_evaluable'",
    "problem": "money × money has no meaning",
    "measured": "money",
    "measured2": "a count",
    "sort": "number",
    "sort2": "text",
    "cause": "month must be in 1..12",
    "absent": "the members (no members: list), income_per_capita",
    "repeats": "2 households are in the file more than once, each time the same row",
    "examples": "5323********0000 on lines 2 and 8, 5323********0001 on lines 3, 9 and 12",
    "dates": "2025-06-30 and 2025-12-31",
    "per": "copy",
    "found": "the end of the condition",
    "hint": "see the fact list in rules/README.md",
    "unknowns": (
        "'wage_incme': did you mean wage_income (工资性收入)?; 'labr' (line 3): see the fact list in rules/README.md"
    ),
    "fixes": "wage_incme, write wage_income; for labr, write labor_count",
    "unknowns_given": "a is unknown: given empty; t has no value for the case's region and date",
    "script": "Cyrillic",
    "parameter": "local_line (local line)",
    "spans": "(national) from 2021-01-01; 53 from 2024-01-01 until 2025-01-01; and 2 more",
    "out": "standard output",  # an output a run's line names: standard output by name (--out -), else its path
    "errors_out": "standard output",
    "findings_out": "standard output",
    "read_error": "input/output error",
    "first_error": "county/local.yaml:3: the file nests more than 32 levels deep [schema] Fix: check the file",
}


@pytest.fixture(autouse=True)
def _sample_parameter_labels(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The parameter the samples name, its labels known as a loaded rulebook's are (the Chinese names it by
    本地线), for each test: the labels are the process's (the rulebooks it loaded), and a test of another file
    that loaded a ``local_line`` of other labels on the same test worker had left the samples' templates
    untranslated (a run of the suite in another order failed them). Translations made before are forgotten."""
    monkeypatch.setitem(PARAMETER_LABELS, "local_line", ("本地线", "local line"))
    chinese.cache_clear()
    yield
    chinese.cache_clear()


#: English words a Chinese message may hold: names of formats, programs, options' words and the like.
_KEPT_WORDS = {"Excel", "WPS", "UTF", "CSV", "JSON", "Lines", "YAML", "Unicode", "Parquet", "SIGTERM", "fanpin", "GBK"}
_KEPT_WORDS |= {"XML", "zip", "source", "YYYY", "TMPDIR", "Word", "PDF"}  # TMPDIR: an environment variable's name
#: The command line's words: the values an option takes and the names its help gives (--help in Chinese).
_KEPT_WORDS |= {"all", "none", "off", "with", "only", "batch", "durable", "polars", "HTML", "BOM", "INPUT", "SCORED"}
_KEPT_WORDS |= {"FILE", "scored", "rejected", "report", "html", "format", "rules", "checks", "csv", "CPU"}
#: The rule language's words, as a rule file writes them (fanpin check's report).
_KEPT_WORDS |= {"until", "expect", "fires", "silent", "and", "not", "missing", "disable", "any", "count", "members"}
_KEPT_WORDS |= {"share"}  # the fourth quantifier (any, all, count, share), as a condition writes it
#: A rule file's keys and YAML's words, as a file writes them (its schema errors).
_KEPT_WORDS |= {"from", "region", "value", "values", "key", "true", "false", "level", "info", "measures", "yes"}
_KEPT_WORDS |= {"development", "welfare", "label", "title", "codes"}  # keys of a rules file: a measure's flags, …
_KEPT_WORDS |= {"unit", "money"}  # a parameter's unit, as its file writes it (literal-amount's fix)
#: The English names of vocabulary words, which a fix quotes for an English text (english-text).
_KEPT_WORDS |= {"illness", "formerly", "poor", "household"}
#: The rule language's words and an example's fact names, as a condition writes them (its syntax errors).
_KEPT_WORDS |= {"ASCII", "empty", "risks", "purpose", "age", "when", "conditions", "contains", "matches", "length"}
_KEPT_WORDS |= {"parameters"}  # a rules file's section, as the file writes it (classification's fix)
_KEPT_WORDS |= {"PAR"}  # the mark a Parquet file starts and ends with (PAR1)
_KEPT_WORDS |= {"guarantee"}  # the prefix of a guarantee rule's id (guarantee.), as a rule file writes it


def _sample(template: str, n: list[int]) -> str:
    """The template filled in: a nested part with a text of its own, any other with a value of its own."""

    def value(match: re.Match[str]) -> str:
        n[0] += 1
        return _NESTED_SAMPLES.get(match[1], f"v{n[0]}")

    seen: dict[str, str] = {}
    return re.sub(r"\{(\w+)\}", lambda m: seen.setdefault(m[1], value(m)), template)


@pytest.mark.parametrize("template", list(CATALOG), ids=lambda t: t[:60])
def test_every_template_of_the_catalog_has_a_chinese_translation(template: str) -> None:
    """Each English template is translated (by itself, not by another that matches first), into Chinese
    with no English left but names and values."""
    assert set(re.findall(r"\{(\w+)\}", template)) & NESTED <= set(_NESTED_SAMPLES)
    sample = _sample(template, [0])
    zh = chinese(sample)
    assert zh is not None, sample
    parts = _compiled(template).fullmatch(sample)
    assert parts is not None
    own = {name: _nested(name, v) if name in NESTED else v for name, v in parts.groupdict().items()}
    assert zh == re.sub(r"\{(\w+)\}", lambda m: str(own[m[1]]), CATALOG[template]), "another template took it"
    assert re.search(r"[\u4e00-\u9fff]", zh), zh
    for v in re.findall(r"v\d+", sample):
        assert v in zh, (v, zh)  # every value the English names, the Chinese names too
    bare = re.sub(
        r"fanpin \w+|v\d+|--[a-z-]+(?: [a-z]+\b)?|\S*\.(?:md|csv|xlsx|xls|yaml|yml|jsonl|tsv|json|parquet)\b|\S+_\S+"
        r"|\[[a-z][a-z-]*\]"  # an error's code, as the command prints it in either language
        r'|\b[a-z_]+=(?:"[^"]*"|[0-9]+)?',  # a library's parameter, as a host's call words a fix (fmt="csv")
        "",
        zh,
    )
    words = set(re.findall(r"[A-Za-z]{3,}", bare)) - _KEPT_WORDS - {"FOLDER", "CODE", "DIR", "LF", "CR"}
    assert not words, (words, zh)


def test_a_message_without_a_translation_is_wholly_english() -> None:
    assert message("warning", "a message the catalog does not know", "zh") == (
        "fanpin: warning: a message the catalog does not know"
    )
    # A known message around a part that has no translation: English, never half translated.
    assert (
        message("note", "a row of nonsense: read row by row", "zh")
        == "fanpin: note: a row of nonsense: read row by row"
    )
    assert message("note", "a quote stands inside a cell: read row by row", "zh") == (
        "fanpin: 注意：有单元格中间含有引号：已改为逐行读取"
    )
    assert message("note", "a quote stands inside a cell: read row by row", "en") == (
        "fanpin: note: a quote stands inside a cell: read row by row"
    )


def test_an_error_is_translated_whole_or_printed_in_english() -> None:
    error = InputFileError("the file is empty (0 bytes)", fix="check the path", location=Location("county/a.csv"))
    assert (
        error_message(error, "zh")
        == "fanpin: 错误：county/a.csv：文件是空的（0 字节）；请检查路径是否正确 [input-file]"
    )
    assert error_message(error, "en") == f"fanpin: error: {error}"
    half = InputFileError("the file is empty (0 bytes)", fix="a fix the catalog does not know")
    assert error_message(half, "zh") == f"fanpin: error: {half}"
    unknown = UnknownNameError(
        "unknown fact or parameter 'wage_incme' in condition 'wage_incme > 0'; did you mean wage_income (工资性收入)?",
        name="wage_incme",
        fix="write wage_income",
        location=Location("county/local.yaml", 9),
    )
    assert error_message(unknown, "zh") == (
        "fanpin: 错误：county/local.yaml:9：条件 'wage_incme > 0' 中的 'wage_incme' 不是已知的事实或参数；"
        "是否应为 wage_income（工资性收入）？请改为 wage_income [unknown-name]"
    )
    several = RulebookLoadError([unknown, ConfigError("something else", fix="check the path")])
    assert error_message(several, "zh") == f"fanpin: error: {several}"
    both = RulebookLoadError([unknown, unknown])
    assert error_message(both, "zh").startswith("fanpin: 错误：规则文件中有 2 处错误：\n  county/local.yaml:9：条件")
    assert stop_message("no household 'H9' in a.csv", "config", "check the path", "en") == (
        "fanpin: error: no household 'H9' in a.csv [config] Fix: check the path"
    )


_RULE = """\
case_defaults: {region: "532328", as_of: 2025-06-30}
rules:
  - id: local.x
    title: {zh: 甲, en: a}
    level: info
    kind: audit
    when: income_per_capita < 5000
    basis: x
    cases:
      - {name: a, facts: {income_per_capita: 1}, expect: fires}
      - {name: b, facts: {income_per_capita: 100000}, expect: silent}
      - {name: c, facts: {}, expect: not_evaluable}
"""


@pytest.mark.parametrize(
    ("mistake", "replaced", "said"),
    [
        (
            "cases left out",
            _RULE[: _RULE.index("    cases:")],
            "rules.0.cases：缺少必填项；请为这条规则写至少三个用例：一个触发、一个不触发、一个无法判断",
        ),
        (
            "two cases",
            _RULE.replace("      - {name: c, facts: {}, expect: not_evaluable}\n", ""),
            "rules.0.cases：一条规则至少需要 3 个用例，这条只有 2 个；请为这条规则写至少三个用例",
        ),
        (
            "a parameter without values",
            "parameters:\n  p:\n    label: 甲\n    unit: money\n    values: []\n",
            "parameters.p.values：参数至少需要一个取值，而它的 values 列表是空的；请写出它的取值：values: [{region: ",
        ),
        ("a level not in the list", _RULE.replace("level: info", "level: purple"), "'yellow' 或 'info' 之一；请按"),
        (
            "a word of a case",
            _RULE.replace("expect: fires", "expect: fire"),
            "应为 'fires'、'silent' 或 'not_evaluable' 之一；是否应为 fires？",
        ),
        (
            "one measure, not a list",
            _RULE.replace("    basis: x", "    measures: m.a\n    basis: x"),
            "应为列表；请写成列表，即使只有一项：measures: [m.a]",
        ),
        (
            "a title of one text",
            _RULE.replace("{zh: 甲, en: a}", "甲"),
            "rules.0.title：应为键值对（key: value）的映射",
        ),
        (
            "an id in capitals",
            _RULE.replace("local.x", "Local.X"),
            "rules.0.id：'Local.X' 不是有效的编号：应由小写字母、数字和 _ 组成的词以点连接；请写成 local.low_income",
        ),
        (
            "a key misspelt",
            _RULE.replace("basis: x", "basis: x\n    colour: red"),
            "rules.0.colour：规则文件中没有这个键",
        ),
        ("an empty condition", _RULE.replace("when: income_per_capita < 5000", 'when: ""'), "rules.0.when：不能为空"),
        (
            "a parameter value given twice",
            "parameters:\n  p:\n    label: 甲\n    unit: money\n    values:\n"
            '      - {region: "", from: 2024-01-01, value: 1, source: a}\n'
            '      - {region: "", from: 2024-01-01, value: 2, source: a}\n',
            "parameters.p：地区 全国 从 2024-01-01 起有两个取值",
        ),
        (
            "a thousands comma in braces",
            "parameters:\n  p:\n    label: 甲\n    unit: money\n    values:\n"
            '      - {region: "", from: 2024-01-01, value: 9,000, source: a}\n',
            "在 {…} 映射中，value: 9,000 会被读成 value: 9，000 则成了一个没有值的键：YAML 在那里把逗号当作值的结束；"
            "请写成 value: 9000（不要千位逗号）",
        ),
        (
            "a risk type misspelt",
            _RULE.replace("kind: audit", "kind: risk\n    risk_type: 因病啊"),
            "风险类型 因病啊 没有英文名；是否应为 因病（illness）？否则请给这条规则加上 risk_type_en: …",
        ),
        ("YAML: a colon in a value", "rules: a: b\n", "不是有效的 YAML：这里不能出现“键: 值”：请检查缩进"),
        (
            "YAML: braces left open",
            "rules:\n  - {id: x\n",
            "这里应为 ',' 或 '}'，却遇到了 '<stream end>'（花括号没有闭合？）",
        ),
        (
            "YAML: a quote left open",
            'rules: "abc\n',
            "文件意外结束（有引号或括号没有闭合？）；请检查这一行附近的缩进和引号",
        ),
        (  # a regular expression had been the reason: 写法不对（应符合正则表达式 '^[0-9][0-9_]*$'）
            "a check code not of digits",
            _RULE.replace("    title:", '    codes: {"X01": 监测对象}\n    title:', 1),
            "rules.0.codes.X01.[key]：'X01' 不是疑点代码：全国核查规则的疑点代码由数字组成，各组以 _ 连接"
            "（1_02_006）；请写全国核查规则的疑点代码，例如 1_02_006",
        ),
        (
            "a date as a number",
            _RULE.replace("as_of: 2025-06-30", "as_of: 20250630"),
            "case_defaults.as_of：20250630 被读成了数字，不是日期；日期请写成 YYYY-MM-DD：as_of: 2025-06-30",
        ),
        (
            "a date with slashes",
            _RULE.replace("as_of: 2025-06-30", "as_of: 2025/06/30"),
            "case_defaults.as_of：'2025/06/30' 不是 YYYY-MM-DD 格式的日期",
        ),
        (
            "a value with an exponent",
            "parameters:\n  p:\n    label: 甲\n    unit: ratio\n    values:\n"
            '      - {region: "", from: 2024-01-01, value: 5e-05, source: a}\n',
            "5e-05 用了科学计数法：请写成数字，value: 0.00005；请按提示写成数字（最多一个小数点）",
        ),
        (
            "a value of thirteen digits",
            "parameters:\n  p:\n    label: 甲\n    unit: money\n    values:\n"
            '      - {region: "", from: 2024-01-01, value: 1234567890123, source: a}\n',
            "1234567890123 小数点前超过 12 位",
        ),
        (
            "a part of a fen",
            "parameters:\n  p:\n    label: 甲\n    unit: money\n    values:\n"
            '      - {region: "", from: 2024-01-01, value: 9000.005, source: a}\n',
            "金额 9000.005（地区 全国，自 2024-01-01 起）含有不足一分的部分；金额以元为单位，最多写两位小数",
        ),
        (
            "a region of seven digits",
            "parameters:\n  p:\n    label: 甲\n    unit: money\n    values:\n"
            '      - {region: "5323281", from: 2024-01-01, value: 1, source: a}\n',
            "地区代码 '5323281' 有 7 位；行政区划代码为 2、4、6、9 或 12 位",
        ),
        (
            "a yellow rule without measures",
            _RULE.replace("level: info", "level: yellow"),
            "级别为 yellow 的规则没有列出任何帮扶措施：它命中的农户将没有帮扶计划；请列出这些农户需要的帮扶措施",
        ),
        (
            "a date no calendar has",
            _RULE.replace("as_of: 2025-06-30", "as_of: 2025-02-30"),
            "'2025-02-30' 不是日历上存在的日期（日期超出了该月的天数）；请填写真实存在的日期（YYYY-MM-DD）",
        ),
    ],
    ids=lambda v: v if " " in v and len(v) < 30 else "",
)
def test_a_rule_files_schema_errors_are_told_in_chinese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], mistake: str, replaced: str,
    said: str,
) -> None:  # fmt: skip
    """The mistakes a county's rule author makes first (the cases left out, a word outside its list, one
    measure not written as a list) had been told in English on a Chinese system."""
    folder = tmp_path / "county"
    folder.mkdir()
    (folder / "local.yaml").write_text(replaced, encoding="utf-8")
    monkeypatch.setenv(MESSAGES_VARIABLE, "zh")
    assert main(["check", str(folder)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("fanpin: 错误：") and said in err, (mistake, err)


@pytest.mark.parametrize(
    ("condition", "said"),
    [
        (
            'household_type == "脱贫"',
            "条件 'household_type == \"脱贫\"' 中：'脱贫' 不是 household_type（户类型）的取值；"
            '是否应为 脱贫户（formerly_poor）？请改为 "脱贫户"；'
            "可选值为 脱贫户（formerly_poor）、一般农户（ordinary） [rule-type]",
        ),
        ("income_per_capita > labor_count", "中：金额不能与人数或个数相比或相加减；金额只能与金额比较"),
        ("monitored == 1", "是/否事实要与 true 或 false 比较；表示“是”请写 monitored，表示“否”请写 not monitored"),
        ('household_type > "脱贫户"', "中：文本不能用 > 比较；请用 ==、!= 或 in {…} [rule-type]"),
        ("loan_purpose == 0", "文本值不能与数字比较：loan_purpose 是文本，0 是数字；请给文本加引号"),
        ("wage_income * wage_income > 1", "金额乘以金额没有意义；请用金额乘以比率或人数"),
        ('household_type == ""', "空文本不是一个取值：空单元格表示未知"),
        ("age > 60", "age（年龄（周岁））是家庭成员的事实，不是农户的；请在成员条件中读取它"),
        ("identified_month > 2025-06-30", "年月值不能与日期值比较；年月请写成 2022-04，日期请写成 2025-06-30"),
    ],
    ids=lambda v: v if "条件" not in v and "：" not in v else "",
)
def test_a_conditions_type_errors_are_told_in_chinese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], condition: str, said: str
) -> None:
    """The type checker's usual refusals (a word outside its vocabulary, money against a count, text against a
    number, a yes/no fact compared with 1) had been told in English on a Chinese system; a word outside a
    vocabulary named the vocabulary's class (HouseholdType), now its column (household_type (户类型))."""
    folder = tmp_path / "county"
    folder.mkdir()
    (folder / "local.yaml").write_text(_RULE.replace("income_per_capita < 5000", repr(condition)), encoding="utf-8")
    monkeypatch.setenv(MESSAGES_VARIABLE, "zh")
    assert main(["check", str(folder)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("fanpin: 错误：") and "[rule-type]" in err and said in err, err


#: Conditions the parser refuses, one for each way it refuses (the tokens, the grammar, the limits).
_BROKEN = [
    "income_per_capita <", "(income_per_capita < 1", "income_per_capita << 3", "income_per_capita in {1, 2",
    "any(members, age > 3", "income_per_capita ! 3", "income_per_capita < 1 2", "income_per_capita < 8700元",
    "income_per_capita.x < 3", "income_per_capita[0] < 3", "income_per_capita \uff1c 3", "income_per_capita is foo",
    "income_per_capita in {a}", "any(members)", "min(income_per_capita) < 3", "income_per_capita <> 3",
    "income_per_capita < 1234567890123", "income_per_capita < 0.1234567", "income_per_capita in {100, 8,700}",
    "income_per_capita = 3", "income_per_capita < .5", "income_per_capita < 1e3", "months_since(2025-02-30) > 3",
    "identified_month > 2025-13", "income_per_capita < 0x10", "income_per_capita < 1_000",
    "income_per_capita < 2025.1.1", "income_per_capita ≥ 3", "a & b", "a | b", "a ≠ b", "a ≤ b", "a => b",
    "a @ b", "", "  ", "x" * 100_001, "size > 1 \u0430nd size < 3", "w\u0430ge_income > 1",
    "loan_purpose == \"\u79cd\u690d\u200b\"", "(" * 40 + "a" + ")" * 40, "not " * 40 + "a", "foo(income_per_capita)",
]  # fmt: skip


@pytest.mark.parametrize("condition", _BROKEN, ids=range(len(_BROKEN)))
def test_a_conditions_syntax_errors_are_told_in_chinese(condition: str) -> None:
    """Every refusal of the condition parser, its message and its fix, has its Chinese (they had been told
    in English on a Chinese system; an error is printed in Chinese only when both are translated whole,
    :func:`test_every_template_of_the_catalog_has_a_chinese_translation` holds each translation to no
    English words); in English, as the parser wrote it."""
    with pytest.raises(RuleSyntaxError) as raised:
        parse_condition(condition, Location("county/local.yaml", 9))
    error = raised.value
    assert error.fix, error  # every refusal says how to mend it
    assert error_message(error, "zh").startswith("fanpin: 错误：county/local.yaml:9："), error
    assert error_message(error, "en").startswith("fanpin: error: county/local.yaml:9: "), error


#: Conditions the type checker refuses in its rarer ways: sets, functions, member and named conditions.
_ILL_TYPED = [
    "risks is missing", "1 is missing", "3 in {1, 2}", "household_type contains \"x\"",
    "any(members, social_security contains 3)", "any(members, starts_with(age, \"x\"))",
    "any(members, starts_with(work_place, \"\"))", "any(members, matches(work_place, \"zzz\"))",
    "any(members, any(members, age > 3))", "identified_month in {1, 2}", "any(members, age > 1) > 3",
    "(income_per_capita > 1) + 1 > 2", "members > 3", "risks > 1", "length(income_per_capita) > 3",
    "months_between(income_per_capita, identified_month) > 1", "age_on(2024-01-01) > 3",
    "any(members, age_on(3) > 3)", "months_since(income_per_capita) > 1", "days_until(identified_month) > 1",
    "min(income_per_capita, labor_count) > 3", "min(identified_month, 3) > 1", "identified_month + 1 > 2",
    "starts_with(loan_purpose, \"x\") + 1 > 1", "social_security contains \"低保\"", "risks contains 3",
    "loan_due * 2 > 1", "loan_purpose * 2 > 1", "min(income_per_capita, months_since(identified_month)) > 1",
    "net_income < 0 / 0", "net_income < 1000 / 3", "net_income < 999999999999 * 999999999999",
    "income_per_capita < 8700.005", "wage_income in {0.001}",
    "wage_incme > 0 and labr_count > 1", "foo > 1 and\nbar > 2", "是否参加城乡居民基本医疗保险", "户类型 == \"脱贫户\"",
    "any(members, 是否参加城乡居民基本医疗保险)", "foo > 1 and 是否参加城乡居民基本医疗保险",
]  # fmt: skip


@pytest.mark.parametrize("condition", _ILL_TYPED, ids=range(len(_ILL_TYPED)))
def test_a_conditions_rarer_type_errors_are_told_in_chinese(condition: str) -> None:
    """The type checker's rarer refusals, and a condition's unknown names (an export column's header,
    several at once), had been told in English on a Chinese system; now each has its Chinese, message and
    fix."""
    book = load_rulebook()
    with pytest.raises(ConfigError) as raised:
        check_condition(condition, FACTS, param_infos(book), Location("county/local.yaml", 9))
    error = raised.value
    assert error.fix, error
    assert error_message(error, "zh").startswith("fanpin: 错误：county/local.yaml:9："), error
    assert error_message(error, "en").startswith("fanpin: error: county/local.yaml:9: "), error


def test_fanpin_reports_refusals_are_told_in_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """fanpin report's refusals of a file that is not the scored file (empty, a household table, the
    workbook, copies joined, a label it never writes, a short row) were English on a Chinese system."""
    source = tmp_path / "in.csv"
    write_household_csv(source, 3)
    scored = tmp_path / "scored.csv"
    assert run_cli("score", source, "--as-of", "2025-06-30", "--out", scored).code == 0
    lines = scored.read_text(encoding="utf-8-sig").splitlines()
    (tmp_path / "empty.csv").write_text("", encoding="utf-8")
    (tmp_path / "empty.parquet").write_bytes(b"")  # polars had named its error's class: ComputeError
    run_cli("score", source, "--as-of", "2025-06-30", "--out", tmp_path / "whole.parquet")
    whole = (tmp_path / "whole.parquet").read_bytes()
    (tmp_path / "cut.parquet").write_bytes(whole[: len(whole) // 2])  # a copy that stopped
    (tmp_path / "renamed.parquet").write_bytes(b"household_id\nH1\n")
    (tmp_path / "twice.csv").write_text("\n".join([*lines, *lines[1:]]) + "\n", encoding="utf-8")
    (tmp_path / "label.csv").write_text(
        scored.read_text(encoding="utf-8-sig").replace("高于监测范围", "紫色"), encoding="utf-8"
    )
    short = "\n".join([*lines[:2], ",".join(lines[2].split(",")[:5])]) + "\n"
    (tmp_path / "short.csv").write_text(short, encoding="utf-8")
    monkeypatch.setenv(MESSAGES_VARIABLE, "zh")
    expected = {
        "empty.csv": "文件是空的；请给出 fanpin score 写出的文件 [input-file]",
        "empty.parquet": "empty.parquet：文件是空的（0 字节）；请给出 fanpin score 写出的原文件，不要改动；",
        "cut.parquet": "cut.parquet：不是完整的 Parquet 文件：文件结尾不是 Parquet 文件应有的结尾（PAR1）；请给出",
        "renamed.parquet": "renamed.parquet：不是 Parquet 文件：文件开头不是 Parquet 文件应有的开头（PAR1）；",
        "in.csv": "不是评分文件：没有 fanpin score 添加的任何列（评估日期、预警等级、触发规则……）",
        "twice.csv": "户编号（household_id）重复：有 3 户在文件中出现不止一次，每次都是同样的一行（",
        "label.csv": "第 2 行：收入区间（income_band）的值为 '紫色'，fanpin score 从不在这里写这个值",
        "short.csv": "第 3 行有 5 个单元格，而表头有",
    }
    for name, said in expected.items():
        run = run_cli("report", tmp_path / name, "--out", tmp_path / "r.html")
        assert run.code == 2 and run.err.startswith("fanpin: 错误：") and said in run.err, (name, run.err)


def test_a_general_template_does_not_half_translate_a_fix() -> None:
    """``write {name}`` and ``did you mean {name}?`` take one word: a fix of several had been 请改为 followed by
    English (请改为 a whole number of days …)."""
    assert chinese("write labor_count") == "请改为 labor_count"
    assert chinese("write the number of days, from 1 to 366 or so") is None
    assert chinese("did you mean fires?") == "是否应为 fires？"
    assert chinese("did you mean a thing of several words?") is None


# --- the command -----------------------------------------------------------------------------------------


def _inputs(tmp_path: Path) -> dict[str, Path]:
    """A good export, and bad files a clerk meets."""
    tmp_path.mkdir()
    good = tmp_path / "export.csv"
    write_person_export_csv(good, 3)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    tabs = tmp_path / "tabs.csv"
    tabs.write_text("户编号\t行政区划代码\nH1\t532328\n", encoding="utf-8")
    columns = tmp_path / "columns.csv"
    columns.write_text("户编号,行政区划代码,家庭人口数\nH1,532328,3\n", encoding="utf-8")
    rules = tmp_path / "county"
    rules.mkdir()
    local = (ROOT / "tests/rulebook/fixtures/several_errors/local.yaml").read_text(encoding="utf-8")
    rules.joinpath("local.yaml").write_text(
        local.split("  - id: local.two")[0]
        .replace("bad_named: {label: 坏条件, when: wage_incom > 0}", "fine: {label: 好条件, when: size > 0}")
        .replace('monitoring_category != ""', "wage_incom > 0")
        + 'case_defaults: {region: "532328", as_of: 2025-06-30}\n'
    )
    return {"good": good, "empty": empty, "tabs": tabs, "columns": columns, "rules": rules}


def _runs(tmp_path: Path) -> list[tuple[int, str]]:
    files = _inputs(tmp_path)
    out = tmp_path / "out"
    runs = [
        run_cli("score", tmp_path / "532328199001011234.csv", *SCORE, "--out", out / "a.csv"),
        run_cli("score", files["empty"], *SCORE, "--out", out / "b.csv"),
        run_cli("score", files["tabs"], *SCORE, "--out", out / "c.csv"),
        run_cli("score", files["columns"], *SCORE, "--out", out / "d.csv"),
        run_cli("score", files["good"], *SCORE, "--rules", files["rules"], "--out", out / "e.csv"),
        run_cli("score", files["good"], *SCORE, "--out", out / "f.csv", "--errors", out / "f.rejected.csv"),
    ]
    return [(r.code, r.err) for r in runs]


def test_the_command_speaks_chinese_when_asked_and_english_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(MESSAGES_VARIABLE, "zh")
    zh = _runs(tmp_path / "zh")
    monkeypatch.setenv(MESSAGES_VARIABLE, "en")
    en = _runs(tmp_path / "en")
    assert [code for code, _ in zh] == [code for code, _ in en] == [2, 2, 2, 2, 2, 0]
    missing, empty, tabs, columns, rules, good = (err for _, err in zh)
    assert "错误：" in missing and "5323**********1234.csv：无法读取输入文件：文件不存在；请检查路径是否正确" in missing
    assert "1990" not in missing  # masked in Chinese too
    assert "文件是空的（0 字节）" in empty
    assert "以制表符分隔" in tabs and "另存为“CSV UTF-8（逗号分隔）”" in tabs
    assert "缺少必需的列：" in columns and columns.rstrip().endswith(
        "；请补上这些列 [missing-column]"
    )  # has 行政区划代码
    assert "local.yaml:" in rules and "条件 'wage_incom > 0' 中的 'wage_incom' 不是已知的事实或参数" in rules
    assert re.fullmatch(
        r"fanpin: 已评分 3 户，来自 \S+export\.csv（utf-8），结果写入 \S+f\.csv；规则版本 \w+；"
        r"拒收 0 行 → \S+f\.rejected\.csv\n",
        good,
    ), good
    for _, err in zh:
        assert not re.search(r"\b(error|warning|note): ", err), err
    missing, empty, tabs, columns, rules, good = (err.replace(str(tmp_path / "en"), "T") for _, err in en)
    assert missing == (
        "fanpin: error: T/5323**********1234.csv: cannot read the input: no such file [input-file] "
        "Fix: check the path\n"
    )
    assert empty.startswith("fanpin: error: T/empty.csv: the file is empty (0 bytes) [input-file] Fix: export")
    assert "unknown fact or parameter 'wage_incom' in condition 'wage_incom > 0'" in rules
    assert re.fullmatch(
        r"fanpin: scored 3 households from T/export\.csv \(utf-8\) into T/out/f\.csv; rules \w+; "
        r"rejected 0 row\(s\) → T/out/f\.rejected\.csv\n",
        good,
    ), good


def test_interruption_and_the_closed_pipe_are_told_in_chinese() -> None:
    assert message("", "interrupted; no output was written", "zh") == "fanpin: 已中断；没有写出任何文件"
    assert (
        message("", "stopped (SIGTERM); no output was written", "zh") == "fanpin: 已停止（SIGTERM）；没有写出任何文件"
    )
    closed = "the pipe the output went to was closed before the run ended; no errors file was written"
    assert message("", closed, "zh") == "fanpin: 输出所写入的管道在运行结束前被关闭；没有写出拒收行文件"


def test_the_keep_identities_warning_and_chunk_rows_in_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good = tmp_path / "export.csv"
    write_person_export_csv(good, 2)
    monkeypatch.setenv(MESSAGES_VARIABLE, "zh")
    run = run_cli("score", good, *SCORE, "--out", tmp_path / "o.csv", "--keep-identities")
    assert run.code == 0
    assert run.err.count("fanpin: 警告：--keep-identities：证件号码、姓名、电话号码和健康信息将以明文写入") == 2
    run = run_cli("score", good, *SCORE, "--out", tmp_path / "p.csv", "--chunk-rows", "0")
    assert (run.code, run.err) == (2, "fanpin: 错误：--chunk-rows 至少为 1\n")
    monkeypatch.setenv(MESSAGES_VARIABLE, "klingon")
    run = run_cli("score", good, *SCORE, "--out", tmp_path / "q.csv", "--chunk-rows", "0")
    assert run.err.splitlines() == [
        "fanpin: warning: FANPIN_MESSAGES=klingon is not a language of fanpin's messages; they are in English. "
        "Set FANPIN_MESSAGES=zh (Chinese) or FANPIN_MESSAGES=en (English)",
        "fanpin: error: --chunk-rows must be at least 1",
    ]


def test_the_templates_are_the_english_the_code_writes(tmp_path: Path) -> None:
    """Messages made by the code that makes them (not written out here) have their Chinese: a template
    that drifted from its message would leave it English."""
    notes = [
        f"{BOTH_LINE_ENDS}",
        misnamed_note("合规自付", "合规自付支出 (medical_out_of_pocket)"),
        derived_note("人均纯收入", "income_per_capita"),
        _two_ways_note(frozenset({"H1", "h1"})),
    ]
    spec = ParameterSpec.model_validate(
        {
            "label": "线",
            "unit": "money",
            "values": [
                {"region": "53", "from": "2024-01-01", "until": "2025-01-01", "value": 8000, "source": "云南"},
                {"region": "53", "from": "2025-07-01", "value": 8700, "source": "云南"},
            ],
        }
    )
    Parameters({"line": spec})  # its labels known, as a loaded rulebook's are: the Chinese names it by 线
    for region, on in [("532328", date(2025, 3, 1)), ("130102", date(2025, 3, 1)), ("532328", date(2023, 1, 1))]:
        notes.append(
            f"parameter line has no value for region {region} on {on}: the rules that read it are not "
            f"evaluable for 2 household(s); {spec.missing_fix(region, on)} (--rules DIR)"
        )
    for note in notes:
        assert message("note", note, "zh").startswith("fanpin: 注意："), note
    errors: list[FanpinError] = [
        InputFileError.not_a_file(tmp_path / "no.csv"),
        InputFileError.not_a_file(tmp_path),
        InputFileError.unreadable(tmp_path / "a.csv", PermissionError(13, "Permission denied")),
    ]
    for out, fmt in [("x.tsv", None), ("x.json", None), ("x.csv", "xlsx"), ("x.txt", "parquet")]:
        with pytest.raises(ConfigError) as raised:
            output_format(Path(out), fmt)  # type: ignore[arg-type]
        errors.append(raised.value)
    for error in errors:
        assert error_message(error, "zh").startswith("fanpin: 错误："), error


def _english_words(zh: str) -> set[str]:
    """The English words of a Chinese message but the kept ones and the fields a header's label names."""
    return set(re.findall(r"[A-Za-z]{3,}", re.sub(r"[(（]\w+[)）]", "", zh))) - _KEPT_WORDS


@pytest.mark.parametrize("reads", [["counts_as_labour"], ["counts_as_labour", "health"]], ids=["one", "two"])
def test_the_note_of_absent_export_columns_is_chinese_for_one_column_and_for_more(reads: list[str]) -> None:
    """The note words one absent column (it) and more (each, them) apart: each wording is in the catalog (the
    catalog had said "for it" where the code says "for each", and two absent columns were told in English)."""
    [note] = absent_columns_note(reads, present={"id_number", "relation"})
    zh = message("note", note, "zh")
    assert zh.startswith("fanpin: 注意：导出文件中没有规则要读取的"), zh
    assert not _english_words(zh), zh
    assert ("劳动技能（labour）" in zh) and (("健康状况（health）" in zh) == (len(reads) == 2)), zh


@pytest.mark.parametrize("name", ["findings.xls", "findings.tsv", "findings.json"])
def test_a_findings_path_of_another_kind_is_refused_in_chinese(name: str) -> None:
    """--findings lists its suffixes in its own order (.xlsx first): that list had no translation, so the fix
    read "请把文件命名为 .xlsx, .csv, .parquet or .jsonl", English inside the Chinese message."""
    with pytest.raises(ConfigError) as raised:
        findings_format(Path(name))
    zh = error_message(raised.value, "zh")
    assert zh.startswith("fanpin: 错误：--findings"), zh
    assert ".xlsx、.csv、.parquet 或 .jsonl" in zh, zh
    assert not re.search(r"\b(?:or|name the file)\b", zh), zh


@pytest.mark.parametrize("count", [1, 2])
def test_other_messages_worded_by_a_count_are_chinese_for_one_and_for_more(count: int) -> None:
    """The errors file's reason the code words by a count (1 digit, 2 digits) is Chinese in each wording."""
    zh = reason_text(region_length_error(count), "zh")
    assert zh.startswith(f"行政区划代码有 {count} 位数字"), zh
    assert not _english_words(zh), zh


def test_explain_and_report_speak_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good = tmp_path / "export.csv"
    write_person_export_csv(good, 2)
    scored = tmp_path / "scored.csv"
    assert run_cli("score", good, *SCORE, "--out", scored).code == 0
    monkeypatch.setenv(MESSAGES_VARIABLE, "zh")
    explain = run_cli("explain", good, "--household", "13800138000", "--as-of", "2025-06-30", "--region", "532328")
    assert explain.code == 2
    assert re.fullmatch(
        r"fanpin: 错误：\S+export\.csv 中没有户编号为 '1380\*\*\*8000' 的户；"
        r"请按文件中的写法填写户编号（fanpin score 的输出列有每户的户编号） \[config\]\n",
        explain.err,
    ), explain.err
    report = run_cli("report", scored, "--out", tmp_path / "r.html")
    assert re.fullmatch(r"fanpin: 已把 \S+scored\.csv 中 2 户的报告写入 \S+r\.html\n", report.err), report.err
    again = run_cli("report", scored, "--out", scored)
    said = "报告会覆盖评分结果文件（--out 指向了它）；请为 --out 另选路径 [output]"
    assert again.err == f"fanpin: 错误：{scored}：{said}\n"


def test_standard_output_is_named_so_in_both_languages() -> None:
    """``-`` (given as /dev/stdout) is named standard output (标准输出) by the run's lines and by an error about
    it; a file keeps its path."""
    line = "scored 2 households from in.csv (utf-8) into {out}; rules abc; rejected 0 row(s) → {errors}"
    assert message("", line.format(out="standard output", errors="e.csv"), "zh") == (
        "fanpin: 已评分 2 户，来自 in.csv（utf-8），结果写入 标准输出；规则版本 abc；拒收 0 行 → e.csv"
    )
    assert message("", line.format(out="o.csv", errors="standard output"), "zh").endswith(
        "结果写入 o.csv；规则版本 abc；拒收 0 行 → 标准输出"
    )
    report = "wrote the report of 2 households from o.csv to standard output"
    assert message("", report, "zh") == "fanpin: 已把 o.csv 中 2 户的报告写入 标准输出"
    same = OutputError(
        "the scored rows and the rejected rows would go to the same file",
        fix="give --out and --errors different paths",
        location=Location("/dev/stdout"),
    )
    assert same.path == "/dev/stdout"  # the path kept for a program; the message names it
    assert error_message(same, "en") == (
        "fanpin: error: standard output: the scored rows and the rejected rows would go to the same file [output] "
        "Fix: give --out and --errors different paths"
    )
    assert error_message(same, "zh") == (
        "fanpin: 错误：标准输出：评分结果和被拒收的行会写进同一个文件；请为 --out 和 --errors 指定不同的路径 [output]"
    )


@pytest.mark.parametrize("other", ["--out", "--errors"])
def test_findings_on_the_path_of_another_output_is_told_in_chinese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, other: str
) -> None:
    """``--findings`` given the path of ``--out`` or ``--errors``: the error and its fix wholly in Chinese (they
    had been printed in English on a Chinese system), the file named as given; nothing written."""
    good = tmp_path / "export.csv"
    write_person_export_csv(good, 2)
    monkeypatch.setenv(MESSAGES_VARIABLE, "zh")
    same = tmp_path / "same.csv"
    paths = {"--out": tmp_path / "scored.csv", "--errors": tmp_path / "errors.csv", other: same}
    run = run_cli("score", good, *SCORE, *(a for pair in paths.items() for a in map(str, pair)), "--findings", same)
    assert run.code == 2
    assert re.fullmatch(
        rf"fanpin: 错误：\S+same\.csv：疑点清单会与 {other} 写进同一个文件；"
        r"请为 --findings 另指定一个路径，例如 \S+findings\.xlsx \[output\]\n",
        run.err,
    ), run.err
    assert not same.exists()


# --- the command line: argparse's help and usage errors ------------------------------------------------


def _parser_texts(parser: argparse.ArgumentParser) -> Iterator[str]:
    """Every text the parser shows: its description and epilog, each option's and each command's help,
    and those of every command's parser."""
    yield from (t for t in (parser.description, parser.epilog) if t)
    for action in parser._actions:
        if action.help and action.help != argparse.SUPPRESS:
            yield action.help
        if isinstance(action, argparse._SubParsersAction):
            yield from (choice.help for choice in action._choices_actions if choice.help)
            for command in action.choices.values():
                yield from _parser_texts(command)


@pytest.mark.parametrize(
    "text", sorted({*_parser_texts(_parser("zh")), "positional arguments", "options"}), ids=lambda t: t[:50]
)
def test_every_text_of_the_command_line_has_its_chinese(text: str) -> None:
    """A help text without its Chinese would leave `--help` half English on a Chinese system."""
    assert chinese(text) is not None, text


def _help(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], lang: str, *argv: str) -> str:
    monkeypatch.setenv(MESSAGES_VARIABLE, lang)
    monkeypatch.setenv("COLUMNS", "64")  # argparse's width: the terminal's, less two
    with pytest.raises(SystemExit) as stopped:
        main([*argv, "--help"])
    assert stopped.value.code == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("command", [(), ("score",), ("explain",), ("report",), ("check",)])
def test_help_is_in_the_language_of_the_messages_and_fits_the_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], command: tuple[str, ...]
) -> None:
    zh = _help(monkeypatch, capsys, "zh", *command)
    en = _help(monkeypatch, capsys, "en", *command)
    assert zh.startswith(f"用法： {' '.join(['fanpin', *command])} [-h]"), zh
    assert en.startswith(f"usage: {' '.join(['fanpin', *command])} [-h]"), en
    assert "选项:" in zh and "显示本帮助信息并退出" in zh and "示例：fanpin " in zh
    assert "options:" in en and "show this help message and exit" in en and "Example: fanpin " in en
    # Every line Chinese is written in fits the 62 columns (a Chinese character takes two), and the
    # usage lines below the first stay under its options ("用法： " takes the seven columns of "usage: ").
    assert all(columns(line) <= 62 for line in zh.splitlines() if re.search(r"[\u4e00-\u9fff]", line)), zh
    zh_usage, en_usage = zh.split("\n\n")[0], en.split("\n\n")[0]
    assert zh_usage.removeprefix("用法： ") == en_usage.removeprefix("usage: ")
    # English is wholly English: no Chinese but the names of the export's columns and the policy's words.
    named = {
        "防止返贫动态监测",
        "疑点数据核查",
        "行政区划代码",
        "户编号",
        "县",
        "乡",
        "村",
        "户主姓名",
        "工资性收入",
        "备注",
    }
    assert set(re.findall(r"[\u4e00-\u9fff]+", en)) <= named


def _listed(*choices: str) -> str:
    """The choices as this Python's argparse lists them in an error (3.12.8 dropped their quotes)."""
    parser = argparse.ArgumentParser(exit_on_error=False)
    parser.add_argument("x", choices=choices)
    with pytest.raises(argparse.ArgumentError) as refused:
        parser.parse_args(["?"])
    listed = re.search(r"\(choose from (.*)\)$", str(refused.value))
    assert listed is not None
    return listed[1]


#: An ID number typed with full-width digits (532328199001011234).
_WIDE_ID = "".join(chr(ord(c) + 0xFEE0) for c in "532328199001011234")


@pytest.mark.parametrize(
    ("argv", "zh", "en"),
    [
        (
            ["score", "x.csv"],
            "fanpin score: 错误：缺少必需的参数：--as-of",
            "fanpin score: error: the following arguments are required: --as-of",
        ),
        (  # year first with slashes, as a Chinese system writes a date: the day named (it was "not a date")
            ["score", "x.csv", "--as-of", "2025/6/30"],
            "fanpin score: 错误：参数 --as-of：'2025/6/30' 不是按 YYYY-MM-DD 写的；请写 2025-06-30",
            "fanpin score: error: argument --as-of: '2025/6/30' is not written YYYY-MM-DD; write 2025-06-30",
        ),
        (
            ["score", "x.csv", "--as-of", "2025年6月30日"],
            "fanpin score: 错误：参数 --as-of：'2025年6月30日' 不是按 YYYY-MM-DD 写的；请写 2025-06-30",
            "fanpin score: error: argument --as-of: '2025年6月30日' is not written YYYY-MM-DD; write 2025-06-30",
        ),
        (  # so written, but no day of the calendar
            ["score", "x.csv", "--as-of", "2025/2/30"],
            "fanpin score: 错误：参数 --as-of：'2025/2/30' 日历上没有这一天："
            "请核对月份（1 到 12）和日（每月 28 到 31 天）；请按年-月-日填写，例如 2026-03-31",
            "fanpin score: error: argument --as-of: '2025/2/30' is no such day in the calendar: check the month "
            "(1 to 12) and the day (a month has 28 to 31); write YYYY-MM-DD, e.g. 2026-03-31",
        ),
        (  # a person's name typed there (the head's): masked as a name is, where it had been quoted in clear
            ["score", "x.csv", "--as-of", "张三丰"],
            "fanpin score: 错误：参数 --as-of：'张**' 不是日期；请按 YYYY-MM-DD 填写，例如 2025-06-30",
            "fanpin score: error: argument --as-of: '张**' is not a date; write YYYY-MM-DD, e.g. 2025-06-30",
        ),
        (  # a count of Excel's days is no date here (the model's reason speaks of a column)
            ["score", "x.csv", "--as-of", "45838"],
            "fanpin score: 错误：参数 --as-of：'45838' 不是日期；请按 YYYY-MM-DD 填写，例如 2025-06-30",
            "fanpin score: error: argument --as-of: '45838' is not a date; write YYYY-MM-DD, e.g. 2025-06-30",
        ),
        (  # written as asked, but no such day: "write YYYY-MM-DD" told the user what they had done
            ["score", "x.csv", "--as-of", "2025-02-29"],
            "fanpin score: 错误：参数 --as-of：日历上没有 '2025-02-29' 这一天："
            "请检查月份（1 至 12）和日期（每月 28 至 31 天）",
            "fanpin score: error: argument --as-of: '2025-02-29' is no such day in the calendar: check the month (1 to "
            "12) and the day (a month has 28 to 31)",
        ),
        (  # an ISO week's day, which Python's reader takes: it had been scored as 2025-06-23 without a word
            ["score", "x.csv", "--as-of", "2025-W26-1"],
            "fanpin score: 错误：参数 --as-of：'2025-W26-1' 不是按 YYYY-MM-DD 写的；请写 2025-06-23",
            "fanpin score: error: argument --as-of: '2025-W26-1' is not written YYYY-MM-DD; write 2025-06-23",
        ),
        (
            ["score", "x.csv", "--as-of", "20250630"],
            "fanpin score: 错误：参数 --as-of：'20250630' 不是按 YYYY-MM-DD 写的；请写 2025-06-30",
            "fanpin score: error: argument --as-of: '20250630' is not written YYYY-MM-DD; write 2025-06-30",
        ),
        (  # day first, as a Chinese form writes it: the date meant named, as an input cell's is (it was "not a date")
            ["score", "x.csv", "--as-of", "30/6/2025"],
            "fanpin score: 错误：参数 --as-of：'30/6/2025' 不是按年-月-日填写的日期：请填 2025-06-30",
            "fanpin score: error: argument --as-of: '30/6/2025' is not a date written YYYY-MM-DD: write 2025-06-30",
        ),
        (  # month first, and with points
            ["score", "x.csv", "--as-of", "6/30/2025"],
            "fanpin score: 错误：参数 --as-of：'6/30/2025' 不是按年-月-日填写的日期：请填 2025-06-30",
            "fanpin score: error: argument --as-of: '6/30/2025' is not a date written YYYY-MM-DD: write 2025-06-30",
        ),
        (
            ["explain", "x.csv", "--household", "H1", "--as-of", "30.06.2025"],
            "fanpin explain: 错误：参数 --as-of：'30.06.2025' 不是按年-月-日填写的日期：请填 2025-06-30",
            "fanpin explain: error: argument --as-of: '30.06.2025' is not a date written YYYY-MM-DD: write 2025-06-30",
        ),
        (  # May or June: no date is guessed, and the message says why
            ["score", "x.csv", "--as-of", "05/06/2025"],
            "fanpin score: 错误：参数 --as-of：'05/06/2025' 不是按年-月-日填写的日期，且看不出先写的是日还是月："
            "请按年-月-日填写，例如 2026-03-31",
            "fanpin score: error: argument --as-of: '05/06/2025' is not a date written YYYY-MM-DD, and whether the day "
            "or the month is written first cannot be told: write YYYY-MM-DD, e.g. 2026-03-31",
        ),
        (  # neither reading is a day of the calendar
            ["score", "x.csv", "--as-of", "31/6/2025"],
            "fanpin score: 错误：参数 --as-of：'31/6/2025' 日历上没有这一天：请核对月份（1 到 12）和日"
            "（每月 28 到 31 天）；请按年-月-日填写，例如 2026-03-31",
            "fanpin score: error: argument --as-of: '31/6/2025' is no such day in the calendar: check the month (1 to "
            "12) and the day (a month has 28 to 31); write YYYY-MM-DD, e.g. 2026-03-31",
        ),
        (  # a stray space typed or pasted with it: told so, where it was told there is no such day
            ["score", "x.csv", "--as-of", "2025-06-30 "],
            "fanpin score: 错误：参数 --as-of：'2025-06-30 ' 前后有空格；请去掉空格：'2025-06-30'",
            "fanpin score: error: argument --as-of: '2025-06-30 ' has a space before or after it; write it without: "
            "'2025-06-30'",
        ),
        (  # --region alike (refused, as it was, but saying why), and fanpin explain's --as-of
            ["score", "x.csv", "--as-of", "2025-06-30", "--region", " 532328"],
            "fanpin score: 错误：参数 --region：' 532328' 前后有空格；请去掉空格：'532328'",
            "fanpin score: error: argument --region: ' 532328' has a space before or after it; write it without: "
            "'532328'",
        ),
        (
            ["explain", "x.csv", "--household", "H1", "--as-of", "\t2025-06-30"],
            "fanpin explain: 错误：参数 --as-of：'\\t2025-06-30' 前后有空格；请去掉空格：'2025-06-30'",
            "fanpin explain: error: argument --as-of: '\\t2025-06-30' has a space before or after it; write it "
            "without: '2025-06-30'",
        ),
        (  # an empty path (a variable left unset): it had named the current folder, "the folder of --errors …"
            ["score", "x.csv", *SCORE, "--out", ""],
            "fanpin score: 错误：参数 --out：路径为空；请写出文件名，例如 scored.csv，或不写这个选项，使用其默认文件",
            "fanpin score: error: argument --out: the path is empty; name a file, e.g. scored.csv, or leave the "
            "option out for its default",
        ),
        (
            ["score", "x.csv", *SCORE, "--errors", " "],
            "fanpin score: 错误：参数 --errors：路径为空；请写出文件名，例如 rejected.csv，或不写这个选项，"
            "使用其默认文件",
            "fanpin score: error: argument --errors: the path is empty; name a file, e.g. rejected.csv, or leave the "
            "option out for its default",
        ),
        (  # --findings has no default file: it is written only when named
            ["score", "x.csv", *SCORE, "--checks", "with", "--findings", ""],
            "fanpin score: 错误：参数 --findings：路径为空；请写出文件名，例如 findings.xlsx",
            "fanpin score: error: argument --findings: the path is empty; name a file, e.g. findings.xlsx",
        ),
        (  # an empty input path: it had stopped fanpin score with an internal error
            ["score", "", *SCORE],
            "fanpin score: 错误：参数 input：路径为空；请写出要读取的文件",
            "fanpin score: error: argument input: the path is empty; name the file to read",
        ),
        (  # an empty 户编号 (a variable left unset): it had been looked for, "no household ''", did you mean …
            ["explain", "x.csv", "--household", "\u200b", "--as-of", "2025-06-30"],
            "fanpin explain: 错误：参数 --household：户编号为空；请按文件中的写法给出，例如 --household H1",
            "fanpin explain: error: argument --household: the 户编号 is empty; give it as the file writes it, e.g. "
            "--household H1",
        ),
        (
            ["report", ""],
            "fanpin report: 错误：参数 scored：路径为空；请写出要读取的文件",
            "fanpin report: error: argument scored: the path is empty; name the file to read",
        ),
        (
            ["report", "x.csv", "--out", ""],
            "fanpin report: 错误：参数 --out：路径为空；请写出文件名，例如 report.html，或不写这个选项，使用其默认文件",
            "fanpin report: error: argument --out: the path is empty; name a file, e.g. report.html, or leave the "
            "option out for its default",
        ),
        (
            ["score", "x.csv", "--as-of"],
            "fanpin score: 错误：参数 --as-of：后面需要一个值",
            "fanpin score: error: argument --as-of: expected one argument",
        ),
        (
            ["score", "x.csv", *SCORE, "--ke"],
            "fanpin score: 错误：选项 --ke 有歧义，可能是 --keep-columns, --keep-identities",
            "fanpin score: error: ambiguous option: --ke could match --keep-columns, --keep-identities",
        ),
        (
            ["score", "x.csv", *SCORE, "--bogus"],
            "fanpin: 错误：无法识别的参数：--bogus",
            "fanpin: error: unrecognized arguments: --bogus",
        ),
        (
            ["scor"],
            f"fanpin: 错误：参数 command：无效的取值 'scor'（可选：{_listed('score', 'explain', 'report', 'check')}）",
            f"fanpin: error: argument command: invalid choice: 'scor' (choose from "
            f"{_listed('score', 'explain', 'report', 'check')})",
        ),
        (
            ["score", "x.csv", "--as-of", "2025-06-30", "--region", "532328199001011234"],  # an ID number: masked
            "fanpin score: 错误：参数 --region：'5323**********1234' 有 18 位数字；区划代码有 2、4、6、9 或 12 位"
            "（省/市/县/乡/村），例如 532328",
            "fanpin score: error: argument --region: '5323**********1234' has 18 digits; a division code has 2, 4, "
            "6, 9 or 12 digits (省/市/县/乡/村), e.g. 532328",
        ),
        (
            ["score", "x.csv", "--as-of", "2025-06-30", "--region", "53 23"],
            "fanpin score: 错误：参数 --region：'53 23' 不是区划代码；请填写 2、4、6、9 或 12 位数字的区划代码，"
            "例如 532328",
            "fanpin score: error: argument --region: '53 23' is not a region code; write the division code's 2, 4, "
            "6, 9 or 12 digits, e.g. 532328",
        ),
        (  # full-width digits, as an input method types them in its full-width mode: told so, and the fix
            ["score", "x.csv", "--as-of", "2025-06-30", "--region", "\uff15\uff13\uff12\uff13\uff12\uff18"],
            "fanpin score: 错误：参数 --region：'\uff15\uff13\uff12\uff13\uff12\uff18' 使用了全角数字或符号"
            "（输入法处于全角状态时会这样输入）；请改用半角：'532328'（把输入法切换为半角，或重新输入）",
            "fanpin score: error: argument --region: '\uff15\uff13\uff12\uff13\uff12\uff18' is written with "
            "full-width digits or signs, as an input method types them in its full-width mode; write them half-width: "
            "'532328' (switch the input method to half-width, or type them again)",
        ),
        (  # an ID number so typed: masked, in both its forms
            ["score", "x.csv", "--as-of", "2025-06-30", "--region", _WIDE_ID],
            "fanpin score: 错误：参数 --region：'\uff15\uff13\uff12\uff13**********\uff11\uff12\uff13\uff14' "
            "使用了全角数字或符号（输入法处于全角状态时会这样输入）；请改用半角：'5323**********1234'"
            "（把输入法切换为半角，或重新输入）",
            "fanpin score: error: argument --region: '\uff15\uff13\uff12\uff13**********\uff11\uff12\uff13"
            "\uff14' is written with full-width digits or signs, as an input method types them in its full-width "
            "mode; write them half-width: '5323**********1234' (switch the input method to half-width, or type them "
            "again)",
        ),
        (
            ["score", "x.csv", "--as-of", "\uff12\uff10\uff12\uff15-\uff10\uff16-\uff13\uff10"],
            "fanpin score: 错误：参数 --as-of：'\uff12\uff10\uff12\uff15-\uff10\uff16-\uff13\uff10' 使用了"
            "全角数字或符号（输入法处于全角状态时会这样输入）；请改用半角：'2025-06-30'（把输入法切换为半角，或重新输入）",
            "fanpin score: error: argument --as-of: '\uff12\uff10\uff12\uff15-\uff10\uff16-\uff13\uff10' is "
            "written with full-width digits or signs, as an input method types them in its full-width mode; write "
            "them half-width: '2025-06-30' (switch the input method to half-width, or type them again)",
        ),
        (  # half-width digits, full-width minus signs (fanpin explain parses it alike)
            ["explain", "x.csv", "--household", "H1", "--as-of", "2025\uff0d06\uff0d30"],
            "fanpin explain: 错误：参数 --as-of：'2025\uff0d06\uff0d30' 使用了全角数字或符号"
            "（输入法处于全角状态时会这样输入）；请改用半角：'2025-06-30'（把输入法切换为半角，或重新输入）",
            "fanpin explain: error: argument --as-of: '2025\uff0d06\uff0d30' is written with full-width digits or "
            "signs, as an input method types them in its full-width mode; write them half-width: '2025-06-30' (switch "
            "the input method to half-width, or type them again)",
        ),
        (
            ["score", "x.csv", *SCORE, "--chunk-rows", "x"],
            "fanpin score: 错误：参数 --chunk-rows：'x' 不是整数",
            "fanpin score: error: argument --chunk-rows: invalid int value: 'x'",
        ),
        (
            ["score", "x.csv", *SCORE, "--workers", "two"],
            "fanpin score: 错误：参数 --workers：'two' 不是整数",
            "fanpin score: error: argument --workers: not a whole number: 'two'",
        ),
        (
            ["score", "x.csv", *SCORE, "--workers", "0"],
            "fanpin score: 错误：参数 --workers：至少为 1（1：只在本进程中评分）",
            "fanpin score: error: argument --workers: at least 1 (1: score in this process only)",
        ),
        (
            ["score", "x.csv", *SCORE, "--keep-identities=yes"],
            "fanpin score: 错误：参数 --keep-identities：这个选项不带值，多出了 'yes'",
            "fanpin score: error: argument --keep-identities: ignored explicit argument 'yes'",
        ),
        (
            ["score", "x.csv", *SCORE, "--keep-columns", ","],
            "fanpin score: 错误：参数 --keep-columns：请至少写出一列，或写 all（全部）或 none（不保留）",
            "fanpin score: error: argument --keep-columns: name at least one column, or write all or none",
        ),
        (
            ["score", "x.csv", *SCORE, "--lang", "fr"],
            f"fanpin score: 错误：参数 --lang：无效的取值 'fr'（可选：{_listed('zh', 'en')}）",
            f"fanpin score: error: argument --lang: invalid choice: 'fr' (choose from {_listed('zh', 'en')})",
        ),
        # a name typed into an option is masked as a name is (it had been quoted in clear); a typo stays
        (
            ["score", "x.csv", *SCORE, "--lang", "张三丰"],
            f"fanpin score: 错误：参数 --lang：无效的取值 '张**'（可选：{_listed('zh', 'en')}）",
            f"fanpin score: error: argument --lang: invalid choice: '张**' (choose from {_listed('zh', 'en')})",
        ),
        (
            ["score", "x.csv", *SCORE, "--format", "zhangsan"],
            f"fanpin score: 错误：参数 --format：无效的取值 'z*******'"
            f"（可选：{_listed('csv', 'xlsx', 'parquet', 'jsonl')}）",
            "fanpin score: error: argument --format: invalid choice: 'z*******' (choose from "
            f"{_listed('csv', 'xlsx', 'parquet', 'jsonl')})",
        ),
        (
            ["score", "x.csv", *SCORE, "--format", "parqet"],
            f"fanpin score: 错误：参数 --format：无效的取值 'parqet'"
            f"（可选：{_listed('csv', 'xlsx', 'parquet', 'jsonl')}）",
            "fanpin score: error: argument --format: invalid choice: 'parqet' (choose from "
            f"{_listed('csv', 'xlsx', 'parquet', 'jsonl')})",
        ),
        (
            ["score", "x.csv", *SCORE, "--chunk-rows", "李四"],
            "fanpin score: 错误：参数 --chunk-rows：'李*' 不是整数",
            "fanpin score: error: argument --chunk-rows: invalid int value: '李*'",
        ),
        (
            ["score", "x.csv", *SCORE, "--workers", "2x"],
            "fanpin score: 错误：参数 --workers：'2x' 不是整数",
            "fanpin score: error: argument --workers: not a whole number: '2x'",
        ),
        # explain's --household given to score, with a person's name: argparse quoted the words it did not know
        # in clear; a word not an option nor a file is masked as a name is, the option kept for the user to see
        (
            ["score", "x.csv", *SCORE, "--household", "张三丰"],
            "fanpin: 错误：无法识别的参数：--household 张**",
            "fanpin: error: unrecognized arguments: --household 张**",
        ),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else "",
)
def test_a_mistyped_command_line_is_told_in_the_language_of_the_messages(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: list[str], zh: str, en: str
) -> None:
    for lang, expected in (("zh", zh), ("en", en)):
        monkeypatch.setenv(MESSAGES_VARIABLE, lang)
        with pytest.raises(SystemExit) as stopped:
            main(argv)
        assert stopped.value.code == 2
        err = capsys.readouterr().err
        assert err.startswith("用法： fanpin" if lang == "zh" else "usage: fanpin"), err
        assert err.splitlines()[-1] == expected


def test_a_file_named_like_an_option_is_told_how_to_name_it_in_chinese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "-x.csv").write_text("户编号\n", encoding="utf-8")
    monkeypatch.setenv(MESSAGES_VARIABLE, "zh")
    with pytest.raises(SystemExit):
        main(["score", "-x.csv", *SCORE])
    assert capsys.readouterr().err.splitlines()[-1] == (
        "fanpin score: 错误：缺少必需的参数：input（-x.csv 是一个文件：请写作 ./-x.csv，"
        "或在所有选项之后、在它前面写 --）"
    )


def test_a_usage_error_the_catalog_lacks_is_wholly_english() -> None:
    assert usage_error("fanpin", "a message argparse may add one day", None, "zh") == (
        "fanpin: error: a message argparse may add one day"
    )
    # a known message with a hint the catalog lacks, or the reverse: English, never half translated
    assert usage_error("fanpin", "argument --x: something new", None, "zh") == (
        "fanpin: error: argument --x: something new"
    )
    assert usage_error("fanpin score", "the following arguments are required: input", "-a.csv", "en") == (
        "fanpin score: error: the following arguments are required: input (-a.csv is a file: write ./-a.csv, or put "
        "-- before it, after the options)"
    )


# --- wrapping text by a terminal's columns -------------------------------------------------------------------

_WORDS = st.sampled_from(["户编号", "疑点", "（默认", "zh）", "，", "。", "--checks", "with", "FILE.xlsx", "、", "——"])


@given(st.lists(st.tuples(_WORDS, st.sampled_from(["", " ", "  "])), max_size=40), st.integers(1, 40))
def test_wrapped_lines_fit_and_lose_nothing(pieces: list[tuple[str, str]], width: int) -> None:
    text = "".join(word + space for word, space in pieces)
    lines = wrapped(text, width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")  # every character, in order
    assert all(line == line.strip() and "  " not in line for line in lines)
    for line in lines:
        # a line wider than the width is one that could not be broken: no space in it, no break beside a
        # wide character (punctuation held to its neighbour, or one long word)
        if columns(line) > width:
            assert len(wrapped(line, width)) == 1, line
    assert not any(line[0] in "，。、）" for line in lines[1:]), lines
    assert not any(line[-1] == "（" for line in lines[:-1]), lines


def test_columns_counts_a_wide_character_twice() -> None:
    assert columns("fanpin 评分") == 11
    assert columns("\uff21\uff22") == 4  # full-width A and B


# --- fanpin check's report -------------------------------------------------------------------------------

_COUNTY = """\
case_defaults: {region: "532328", as_of: 2025-06-30}
parameters:
  local_line:
    label: 本地线
    unit: money
    values:
      - {region: "", from: 2024-01-01, until: 2025-07-01, value: 9000, source: a}
      - {region: "", from: 2025-01-01, until: 2025-03-01, value: 9100, source: b}
      - {region: "532328", from: 2024-01-01, until: 2025-01-01, value: 9200, source: c}
measures:
  - {id: local.visit, name: 入户走访, name_en: home visit, family: 其他, department: 乡镇人民政府,
     department_en: township government, deadline_days: 15, development: false}
  - {id: local.unused, name: 备用措施, name_en: spare, family: 其他, department: 乡镇人民政府,
     department_en: township government, deadline_days: 15, development: false}
rules:
  - id: local.mixed
    title: {zh: 混写, en: mixed}
    level: yellow
    kind: risk
    risk_type: 因病
    when: serious_illness_count >= 1 and labor_count == 0 or income_per_capita < local_line
    measures: [local.visit]
    basis: test
    cases:
      - {name: ill, facts: {serious_illness_count: 1, labor_count: 0, income_per_capita: 20000}, expect: fires}
      - {name: wrong, facts: {serious_illness_count: 0, labor_count: 1, income_per_capita: 20000}, expect: fires}
      - {name: unknown, facts: {labor_count: 1}, expect: not_evaluable}
"""


def test_fanpin_check_reports_in_the_language_of_the_messages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A rule author on a Chinese system reads the usual lines of the report in Chinese (the findings of
    parameters, measures, cases and the summary), each line whole; English stays as it was."""
    (tmp_path / "county.yaml").write_text(_COUNTY, encoding="utf-8")
    reports = {}
    for lang in ("zh", "en"):
        monkeypatch.setenv(MESSAGES_VARIABLE, lang)
        assert main(["check", str(tmp_path)]) == 2  # a failing case, a case missing, an unused county measure
        reports[lang] = capsys.readouterr().out.splitlines()
    zh, en = reports["zh"], reports["en"]
    assert len(zh) == len(en)
    county = str(tmp_path / "county.yaml")
    expected = [
        f"{county}:7: 警告：参数 local_line（本地线）在 2025-01-01 至 2025-03-01 之间有两个全国的取值同时有效：9000"
        "（2024-01-01 至 2025-07-01）和 9100（2025-01-01 至 2025-03-01）；起始日期较晚的优先，所以这段时间不用 9000；"
        "如果 9100 是替换 9000 的新值，请让 9000 在 9100 开始时结束（until: 2025-01-01）；否则请改正日期 "
        "[parameter-overlap]",
        f"{county}:7: 警告：参数 local_line（本地线）从 2025-07-01 起没有全国的取值：此后读取它的规则无法判断；"
        "请添加此后有效的取值 [parameter-gap]",
        f"{county}:13: 错误：措施 local.unused（备用措施）没有规则引用：任何帮扶计划都不会包含它；"
        "请把 local.unused 加到需要它的规则的措施中，或删除这项措施 [unused-measure]",
        f"{county}:21: 警告：规则 local.mixed 混用了 and 和 or 而没有加括号",
        f"{county}:16: 错误：规则 local.mixed 没有不触发的用例；请加一个 expect: silent 的用例",
        f"{county}:26: 规则 local.mixed 的用例 wrong：应为 fires，实际为 silent（serious_illness_count 0 >= 1 不成立；"
        "labor_count 1 == 0 不成立；income_per_capita 20000 < local_line 9000 不成立） [未通过]",
    ]
    for line in expected:
        assert any(line in z for z in zh), (line, zh)
    assert re.fullmatch(
        r"\d+ 条规则，\d+ 个参数，\d+ 项措施，来自 \d+ 个文件；用例通过 \d+/\d+；错误 3 处，警告 \d+ 处；版本 \w+",
        zh[-1],
    ), zh[-1]
    assert re.fullmatch(r"\d+ rules, .*; \d+/\d+ cases pass; 3 error\(s\), \d+ warning\(s\); version \w+", en[-1])
    assert any("measure local.unused (备用措施) is named by no rule" in e for e in en)
    assert not any("条规则" in e or "警告：" in e for e in en)


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        (
            "never_true_range",
            "错误：规则 local.broken 永远不会触发：它的条件 `public_job_income < 100 and public_job_income > 200` 永远"
            "不成立：`public_job_income < 100` 和 `public_job_income > 200` 不可能同时成立；没有哪个值会同时低于下限"
            "又高于上限：要找范围之外的值，请写 `public_job_income < 100 or public_job_income > 200`；"
            "要找范围之内的值，请把两端对调：`public_job_income < 200 and public_job_income > 100` [never-true]",
        ),
        (
            "never_true_count_between_whole_numbers",
            "不可能同时成立（labor_count（劳动力人数）是整数，而 0 和 1 之间没有整数）；请把范围放宽到 labor_count "
            "能取到的最近的值：`labor_count <= 1`；或写出本意的范围 [never-true]",
        ),
        ("never_true_money_below_a_fen", "（wage_income（工资性收入）精确到分，而 0 和 0.01 之间没有精确到分的金额）"),
        ("never_true_month_between", "（identified_month（识别监测时间）按月计，而 2024-01 和 2024-02 之间没有月份）"),
        ("never_true_sets_cancel", "第一个比较允许的每个值，第二个都排除了：请改正其中一个集合 [never-true]"),
        ("never_true_one_value_twice", '请写 `industry_support in {"到户产业", "资产收益"}` [never-true]'),
        ("never_true_population", "这两个比较互相矛盾：请改正其中一个，或用 or 连接 [never-true]"),
        ("never_true_abs", "永远不成立（abs(income_per_capita - prev_income_per_capita) 从不小于 0）"),
        ("never_true_share", "是家庭成员中的比例：在 0 到 1 之间）；请改正条件，或删除这条规则 [never-true]"),
        ("duplicate_rule", "只是 local.first 的条件换了一种写法）；请只保留其中一条（第一条在 "),
        ("always_true_test", "中的比较 `labor_count >= 0` 只要 labor_count 已知就成立（对有效的农户，"),
        ("never_true_member_condition", "的成员条件对任何成员都不成立：`age < 0` 和 `age > 100` 不可能同时成立；"),
        ("never_true_count_not_whole_set", "永远不成立（labor_count（劳动力人数）是整数，而 1.5 不是）；请改正条件"),
        ("never_true_two_vocabularies", "household_type（户类型）和 monitoring_category（监测对象类别）没有相同的取值"),
        ("never_true_given_parameters", "按 monitoring_line, near_line_multiple 在各地区、各日期的取值，"),
        (
            "case_bad_number",
            "的用例 'written in words'：labor_count = '两'：不是整数；请填写整数，例如 4；"
            "请按文件中的写法填写劳动力人数的值",
        ),
        (
            "case_unknown_fact",
            "未知的事实 'labour_count'；是否应为 labor_count（劳动力人数）？请改为 labor_count [cases]",
        ),
        ("case_part_of_a_fen", "income_per_capita = 8699.995 含有不足一分的部分：会按 8700.00 读取；请把金额写到分"),
        ("case_vocabulary", '不是户类型的取值；是否应为 脱贫户？请改为 "脱贫户"（可选值为 脱贫户、一般农户） [cases]'),
        (
            "case_impossible_value",
            "是任何农户都不可能有的值；对有效的农户，public_job_months（公益岗位聘用月数）从不小于 0",
        ),
        ("no_not_evaluable_case", "规则 local.broken 没有无法判断的用例，但它读取的 income_per_capita 可能未知；"),
        (
            "dead_test",
            "警告：规则 local.broken 中的比较 `wage_income < 0` 永远不成立（对有效的农户，wage_income（工资性收入）"
            "从不小于 0）；请删除这个比较，或改正它 [dead-test]",
        ),
        (
            "implied_rule",
            "警告：规则 local.broken 没有增加任何内容：它触发时，income.below_line（",
        ),
        (
            "english_text",
            "警告：措施 local.field_visit 的 department_en 含有中文（农业农村局）：用 --lang en 输出时，它会出现在英文"
            "句子中；请用英文书写（词表中的词用它的英文名：因病是 illness，脱贫户是 a formerly poor household） "
            "[english-text]",
        ),
        (
            "never_true_sub_hundredth_area",
            "对任何成员都不成立（cropland（耕地面积（亩））只保留两位小数（如同金额精确到分），而 0.005 亩 不是）",
        ),
    ],
)
def test_the_classic_checker_bugs_are_told_in_chinese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], fixture: str, expected: str
) -> None:
    """The checker bugs fanpin check exists for (a range written with and, a set that excludes what the other
    allows, a value that is never two, a test no valid household passes) in Chinese on a Chinese system."""
    folder = tmp_path / "county"
    folder.mkdir()
    source = ROOT / "tests" / "rulebook" / "fixtures" / "lint" / f"{fixture}.yaml"
    (folder / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setenv(MESSAGES_VARIABLE, "zh")
    main(["check", str(folder)])
    lines = [line for line in capsys.readouterr().out.splitlines() if str(folder) in line]
    assert any(expected in line for line in lines), lines


@pytest.mark.parametrize(
    "text",
    [
        "rule cases need a region and date: no file of this folder gives case_defaults",
        "rule cases need a region and date: the files of this folder give different case_defaults, so which this "
        "file's cases take cannot be told",
        'add case_defaults: {region: "…", as_of: YYYY-MM-DD} to the file (the region and date its cases are '
        "checked at)",
        'add case_defaults: {region: "…", as_of: YYYY-MM-DD} to the file',
    ],
)
def test_the_rule_cases_refusals_are_told_in_chinese(text: str) -> None:
    """Untranslated, they turned the whole of fanpin check's report English, the errors beside them too."""
    from fanpin.messages import chinese

    assert chinese(text) is not None


@pytest.mark.parametrize(
    ("strerror", "words"),
    [("Operation not permitted", "不允许此操作"), ("No such device or address", "没有这样的设备或地址"),
     ("Permission denied", "没有写入权限")],
)  # fmt: skip
def test_what_the_system_says_of_an_output_it_cannot_write_is_chinese(strerror: str, words: str) -> None:
    """A folder made unchangeable (chattr +i) told a Chinese system ``cannot write the output (--out): Operation not
    permitted`` in English, the rest of the run's messages in Chinese."""
    from fanpin.messages import chinese

    said = chinese(f"cannot write the output (--out): {strerror}")
    assert said is not None and said.startswith("无法写出结果（--out）：") and words in said


def test_a_case_leaving_out_the_members_is_asked_for_in_chinese() -> None:
    """``不给出 the members (no members: list)``: the lint's name for the members was left in English."""
    from fanpin.messages import chinese

    said = chinese(
        "add a case with expect: not_evaluable that leaves out the members (no members: list), size and gives no "
        "other fact a value that decides the rule (facts a case does not list are unknown)"
    )
    assert said is not None and "不给出 成员（不写 members:）, size，" in said and "the members" not in said


@pytest.mark.parametrize(
    ("english", "said"),
    [
        ("rule local.r, case 'c': unknown fact 'labr_count'; did you mean labor_count (劳动力人数)?",
         "是否应为 labor_count（劳动力人数）？"),
        (misnamed_note("合规自负支出", "合规自付支出 (medical_out_of_pocket)"),
         "是否应为 合规自付支出（medical_out_of_pocket）？"),
    ],
    ids=["case-fact", "misnamed-column"],
)  # fmt: skip
def test_a_did_you_mean_in_chinese_puts_its_label_in_full_width_brackets(english: str, said: str) -> None:
    """A did-you-mean whose name came with its label as the English writes it (``x (y)``) was put into the
    Chinese text as it was: ``是否应为 labor_count (劳动力人数)？``, ASCII brackets in Chinese."""
    zh = chinese(english)
    assert zh is not None and said in zh and " (" not in zh, zh


# --- errors the command had printed only in English -------------------------------------------------------


def _wholly_chinese(err: str, tmp_path: Path) -> None:
    """``err`` is the command's error told in Chinese, every line of it: no English left but file names,
    codes, option names, quoted names and identifiers (as the catalog's test allows)."""
    assert err.startswith("fanpin: 错误："), err
    assert "Fix:" not in err and not re.search(r"\b(error|warning|note): ", err), err
    bare = re.sub(
        r"fanpin \w+|--[a-z-]+(?: [a-z0-9]+\b)?|\[[a-z][a-z-]*\]|'[^']*'|\S*\.[a-z]+\b|\S+_\S+",
        "",
        err.replace(str(tmp_path), "T"),
    )
    assert not _english_words(bare), err


def _ors(fact: str, count: int) -> str:
    return "(" + " or ".join(f"{fact} < {n}" for n in range(1, count + 1)) + ")"


_WHEN = "when: income_per_capita < 5000"


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            _RULE.replace(_WHEN, "when: " + " or ".join(f"income_per_capita < {n}" for n in range(1, 70))),
            "规则 local.x 的条件（其中的命名条件展开后）含有 69 个判断，超过了上限 64 个；请把它拆成几条规则",
        ),
        (
            _RULE.replace(_WHEN, f"when: {_ors('income_per_capita', 17)} and {_ors('wage_income', 17)}"),
            "规则 local.x 的条件把各个 'or' 按 'and' 展开后，成立的情形超过 256 种",
        ),
        ("disable: [local.x]\n" + _RULE, "规则 local.x 在这个规则文件夹中既有写出，又被本文件夹的 disable 列表关闭"),
        ("a: &x {b: 1}\nc: *x\n", "local.yaml:2：别名（*锚点名）只能代表单个值，不能代表映射或列表；请在用到它的地方"),
        ("x: " + "[" * 40 + "]" * 40 + "\n", "local.yaml:1：文件嵌套超过 32 层；"),
        ("? [a, b]\n: 1\n", "local.yaml:1：映射的键必须是单个普通值，不能是列表或映射 [schema]"),
        (
            "rules:\n  - id: local.test_rule\n" + "".join(f"    title: t{i}\n" for i in range(40)),
            "local.yaml:13：从这一行起还有 30 处重复写出的键；请改正列出的这些错误，再运行一次 fanpin check [schema]",
        ),
        (
            'case_defaults: {region: "532328", as_of: 2025-06-30}\n' + "".join(f"k{n}: 1\n" for n in range(12)),
            "local.yaml:11：从这一行起还有 3 处格式错误；请改正列出的这些错误",
        ),
    ],
    ids=["tests", "alternatives", "written-and-disabled", "alias", "deep", "key", "twice-more", "layout-more"],
)
def test_a_rule_files_refusals_once_english_are_told_in_chinese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, said: str
) -> None:
    """A rule too large for the engines, a YAML alias of a mapping, a file nested too deep, a key that is a
    list, a rule written and disabled, and the count of further mistakes were told in English on a Chinese
    system (fanpin check, and fanpin score --rules, which loads the same way)."""
    folder = tmp_path / "county"
    folder.mkdir()
    (folder / "local.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setenv(MESSAGES_VARIABLE, "zh")
    run = run_cli("check", folder)
    assert run.code == 2 and said in run.err, run.err
    _wholly_chinese(run.err, tmp_path)


def test_a_rule_past_the_loaders_guard_is_refused_by_the_engine_in_chinese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The durable engine's own refusal of a condition of too many alternatives (behind the loader's, which
    is taken away here to reach it)."""
    import fanpin.rulebook.loader

    monkeypatch.setattr(fanpin.rulebook.loader, "_check_alternatives", lambda *_: None)
    folder = tmp_path / "county"
    folder.mkdir()
    when = f"when: {_ors('income_per_capita', 17)} and {_ors('wage_income', 17)}"
    (folder / "local.yaml").write_text(_RULE.replace(_WHEN, when), encoding="utf-8")
    monkeypatch.setenv(MESSAGES_VARIABLE, "zh")
    run = run_cli("check", folder)
    assert run.code == 2 and "规则 local.x 展开后超过 256 种情形，引擎无法处理；请把它拆成" in run.err, run.err
    _wholly_chinese(run.err, tmp_path)


def test_input_files_refusals_once_english_are_told_in_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """fanpin report's refusals of a JSON Lines household (a key twice, keys left out), fanpin score's of a
    column named like fanpin's own and of an export whose header row cannot be read."""
    (tmp_path / "twice.jsonl").write_text('{"flags": [], "flags": []}\n', encoding="utf-8")
    (tmp_path / "keys.jsonl").write_text('{"flags": [], "risk_types": [], "measures": []}\n', encoding="utf-8")
    table = tmp_path / "households.csv"
    write_household_csv(table, 2)
    lines = table.read_text(encoding="utf-8-sig").splitlines()
    table.write_text("\n".join([lines[0] + ",__line", *(line + ",x" for line in lines[1:])]) + "\n", encoding="utf-8")
    export = tmp_path / "export.csv"
    write_person_export_csv(export, 2)
    rows = export.read_bytes().split(b"\n")
    at = next(i for i, row in enumerate(rows) if "户编号".encode() in row)
    rows[at] = rows[at].rstrip(b"\r") + b",\x80"  # a header cell that is no UTF-8
    export.write_bytes(b"\n".join(rows))
    monkeypatch.setenv(MESSAGES_VARIABLE, "zh")
    runs = {
        "户的对象中键 'flags' 出现了两次：其中一个会被忽略；请只保留其中一个": run_cli(
            "report", tmp_path / "twice.jsonl", "--out", tmp_path / "r.html"
        ),
        "：不是 fanpin score 写出的户；请给出 fanpin score 写出的原文件，不要改动（它在每一行都写出每个键）": run_cli(
            "report", tmp_path / "keys.jsonl", "--out", tmp_path / "r.html"
        ),
        "列名为 '__line'：以 __ 开头的列名是 fanpin 内部使用的；请给该列改名": run_cli(
            "score", table, *SCORE, "--out", tmp_path / "a.csv"
        ),
        "表头行：该行不是 UTF-8 文本（文件混用了多种编码）；请在 Excel 中把整个文件另存为“CSV UTF-8”；"
        "请从 Excel 重新另存导出文件（存为 .xlsx 或 CSV UTF-8）": run_cli(
            "score", export, *SCORE, "--out", tmp_path / "b.csv"
        ),
    }
    for said, run in runs.items():
        assert run.code == 2 and said in run.err, run.err
        _wholly_chinese(run.err, tmp_path)


def test_errors_the_command_cannot_cheaply_meet_are_chinese(tmp_path: Path) -> None:
    """Errors made by the code that raises them where a run cannot cheaply meet them (a rule file that cannot
    be read, a worker process gone, several errors as one text), and the templates of the rest."""
    from fanpin._host import _PARAMETER_FIXES
    from fanpin.durable.compiler import MAX_CONJUNCTIONS
    from fanpin.errors import EngineError, SchemaError
    from fanpin.pipeline.workers import _STOPPED
    from fanpin.rulebook._yaml import read_rule_file
    from fanpin.rulebook.loader import MAX_DEPTH

    errors: list[FanpinError] = [
        InputFileError.unreadable(tmp_path / "a.csv", OSError(errno.EIO, "Input/output error"))
    ]
    with pytest.raises(SchemaError) as unreadable:
        read_rule_file(tmp_path)  # a folder: the system's "Is a directory"
    errors.append(unreadable.value)
    folder = tmp_path / "county"
    folder.mkdir()
    folder.joinpath("local.yaml").write_text("".join(f"k{n}: 1\n" for n in range(12)), encoding="utf-8")
    with pytest.raises(RulebookLoadError) as several:
        load_rulebook(folder)
    errors.append(ConfigError(several.value.message, fix=several.value.fix))  # its own text, as a host reads it
    errors += [EngineError(_STOPPED, fix=fix) for fix in _PARAMETER_FIXES]  # the command's wording of each fix
    errors += [
        ConfigError(
            f"member condition 'any(members, age > 60)' expands to more than {MAX_CONJUNCTIONS} alternatives for "
            "the engine",
            fix="split it into simpler rules or named conditions with fewer nested 'or'",
        ),
        ConfigError(
            f"rule local.x's condition nests more than {MAX_DEPTH} levels deep once its named conditions are "
            "written out",
            fix="simplify it, or write out some of the named conditions it uses",
        ),
    ]
    for error in errors:
        said = error_message(error, "zh")
        assert said.startswith("fanpin: 错误："), said
        _wholly_chinese(said, tmp_path)
    assert "无法读取输入文件：输入/输出错误（磁盘、网络共享或设备没有读出数据）" in error_message(errors[0], "zh")
    assert "无法读取文件：这是一个文件夹，不是文件；请检查该文件" in error_message(
        errors[1], "zh"
    )  # reading it, not writing
    assert error_message(errors[2], "zh").startswith("fanpin: 错误：规则文件中有 10 处错误，第一处：")
    # a note of a run whose input changed while it was read (fanpin.io.chunks)
    assert (
        message("note", "the file changed since its first reading", "zh")
        == "fanpin: 注意：文件在第一次读取之后发生了改动"
    )


@pytest.mark.parametrize("option", ["--out", "--errors", "--findings"])
def test_an_output_naming_the_message_file_is_refused_in_chinese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, option: str
) -> None:
    """``--out log.txt 2> log.txt``: the refusal was Chinese for --errors alone (its words written out for it),
    English for --out and --findings."""
    import sys

    source = tmp_path / "in.csv"
    write_household_csv(source, 2)
    log = tmp_path / "log.txt"
    outputs = {"--out": tmp_path / "o.csv", "--errors": tmp_path / "o.rejected.csv", "--findings": tmp_path / "f.csv"}
    outputs[option] = log
    monkeypatch.setenv(MESSAGES_VARIABLE, "zh")
    with log.open("w", encoding="utf-8") as redirected:
        monkeypatch.setattr(sys, "stderr", redirected)  # the process's standard error, as 2> log.txt makes it
        run = run_cli("score", source, *SCORE, *(a for pair in outputs.items() for a in pair))
    assert run.code == 2, run.err
    assert f"{option} 指向的正是 fanpin 显示提示信息的文件（标准错误被重定向到了该文件）" in run.err, run.err
    _wholly_chinese(run.err, tmp_path)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            "disable: [income.below_after_rigid]\n",
            "但建议类别所依据的规则在这个规则集中没有（income.below_after_rigid）",
        ),
        (
            _RULE.replace("local.x", "guarantee.local_x"),
            "请在您文件夹的 conditions: 部分重新写出命名条件 guarantee_problem",
        ),
        (
            _RULE.replace("local.x", "income.sharp_drop"),
            "请在您文件夹的 conditions: 部分把您的条件写成命名条件 sharp_drop",
        ),
    ],
    ids=["a-classifying-rule-disabled", "a-guarantee-rule-of-its-own", "a-shock-written-again"],
)
def test_fanpin_checks_warnings_of_the_suggested_category_are_chinese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, said: str
) -> None:
    """fanpin check's warnings that audit.missed no longer sees a rule the suggested category is made from had
    no Chinese: on a Chinese system they were the report's English lines."""
    folder = tmp_path / "county"
    folder.mkdir()
    (folder / "local.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setenv(MESSAGES_VARIABLE, "zh")
    run = run_cli("check", folder)
    [warning] = [line for line in run.out.splitlines() if line.endswith("[classification]")]
    assert ": 警告：" in warning and said in warning, warning
    assert not _english_words(re.sub(r"\S+\.yaml:\d+|\[[a-z-]+\]|\S+_\S+|\S+\.\S+", "", warning)), warning


def test_a_case_asked_to_leave_a_value_unknown_is_chinese() -> None:
    """The not-evaluable case asked for when no fact can be named as the one to leave out (lint's words)."""
    said = chinese(
        "add a case with expect: not_evaluable that leaves a value unknown (facts a case does not list are unknown)"
    )
    assert said == "请加一个 expect: not_evaluable 的用例，让某个值未知（用例没有列出的事实都是未知的）"


_LINE_ZERO = """\
parameters:
  monitoring_line:
    label: 监测线
    unit: money
    values:
      - {region: "532328", from: 2024-01-01, value: 0, source: x}
"""


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            _RULE.replace("facts: {income_per_capita: 1}", "facts: {income_per_capita: 1, members: []}"),
            "错误：规则 local.x 的用例 'a'：'members' 不是事实：用例的成员与事实并列，单独列出；请把这个列表移到",
        ),
        (
            _LINE_ZERO,
            "错误：地区 532328 的监测范围在 2024-01-01 为 0：“接近监测范围”和“高于监测范围”两个收入区间都是空的",
        ),
        (_LINE_ZERO.replace('"532328"', '""'), "错误：全国的监测范围在 2024-01-01 为 0："),
    ],
    ids=["members-among-the-facts", "a-line-of-0", "a-national-line-of-0"],
)
def test_fanpin_checks_errors_once_english_are_chinese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, said: str
) -> None:
    """A case listing its members among its facts, and a monitoring line of 0, were English lines of fanpin
    check's report on a Chinese system."""
    folder = tmp_path / "county"
    folder.mkdir()
    (folder / "local.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setenv(MESSAGES_VARIABLE, "zh")
    run = run_cli("check", folder)
    assert run.code == 2
    [told] = {line.partition(": ")[2] for line in run.out.splitlines() if said in line}
    assert not _english_words(re.sub(r"\[[a-z-]+\]|'[^']*'|\S+\.\S+|\S+_\S+", "", told)), told


@pytest.mark.parametrize(
    ("english", "said"),
    [
        ("in rule local.r, the test `labor_count > 0 and labor_count < 1` is never true (labor_count (劳动力人数) is a "
         "whole number, and 1.5 is not)", "（labor_count（劳动力人数）是整数，而 1.5 不是）"),
        ('in rule local.r, the test `household_type in ("脱贫户") and size > 0` is never true (size (家庭人口数) is a '
         "whole number, and 1.5 is not)", '`household_type in ("脱贫户") and size > 0`'),
    ],
    ids=["label", "condition-kept"],
)  # fmt: skip
def test_a_label_put_into_chinese_text_is_in_full_width_brackets(english: str, said: str) -> None:
    """fanpin check's findings name a fact with its label as the English writes it (``labor_count (劳动力人数)``),
    which was put into the Chinese text as it was: ``labor_count (劳动力人数) 是整数``, ASCII brackets in Chinese.
    A rule's condition quoted in the finding is kept as written; the English message is unchanged."""
    zh = chinese(english)
    assert zh is not None and said in zh and " (" not in zh.replace(said, ""), zh
    assert message("error", english, "en").endswith(english)


@pytest.mark.parametrize("name", ["数据 (copy).csv", "export (1).csv", "户 (formerly_poor).csv"])
def test_a_file_named_with_brackets_is_named_as_written_in_chinese(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file's name holding ASCII brackets (a browser's second download, ``export (1).csv``) is shown as it is in
    the run's Chinese line: the brackets after a Chinese word were made full-width (``数据（copy).csv``), and the
    name's own `` (copy)`` had been taken for the encoding's brackets (``来自 数据（copy).csv (utf-8）``)."""
    monkeypatch.setenv("FANPIN_MESSAGES", "zh")
    monkeypatch.chdir(tmp_path)
    source = Path(name)
    source.write_bytes(HOUSEHOLDS_CSV.read_bytes())
    out = f"结果 {name}"
    run = run_cli("score", name, "--as-of", "2025-06-30", "--region", "532328", "--out", out)
    assert run.code == 3, run.err
    rejected = name.removesuffix(".csv") + ".rejected.csv"
    assert f"来自 {name}（utf-8），结果写入 {out}；" in run.err, run.err
    assert run.err.rstrip().endswith(f"→ {rejected}"), run.err
    report = run_cli("report", out, "--out", f"报告 {name}.html")
    assert report.code == 0, report.err
    assert f"已把 {out} 中" in report.err and f"写入 报告 {name}.html" in report.err, report.err


@pytest.mark.parametrize(
    ("english", "expected"),
    [("required column(s) missing: 户编号, 户类型", "缺少必需的列：户编号、户类型"),
     ("not a scored file: it has no column 预警等级, 触发规则", "不是评分文件：缺少列 预警等级、触发规则"),
     ("required column(s) missing: 户编号", "缺少必需的列：户编号")],
)  # fmt: skip
def test_a_list_of_columns_is_listed_with_the_chinese_enumeration_comma(english: str, expected: str) -> None:
    """Columns a Chinese message lists are separated by 、, as Chinese lists are: the English message's ``, `` had
    been kept (``健康状况（health）, 劳动技能（labour） 列``)."""
    assert chinese(english) == expected
