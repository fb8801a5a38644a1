"""Limits on rule files: a file from anyone is refused at load, with its file, line and a fix, when it
would otherwise exhaust the stack, the memory or the time of a run — never a Python traceback.

Each test replays a defect found by trying hostile rule files (issue 11): ~150 nested parentheses, long
``not`` or ``-`` chains and deep YAML ended in RecursionError; a 28-digit constant and ``1e400`` in a
parameter in decimal.InvalidOperation or a crash while scoring; a condition of 300 ``or`` terms made
batch scoring run past a minute.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fanpin import ConfigError, load_rulebook
from fanpin.errors import FanpinError
from fanpin.lang.syntax import MAX_CONDITION_CHARS, MAX_DECIMALS, MAX_DIGITS, MAX_NESTING
from fanpin.lang.typecheck import MAX_NAMED_CHAIN
from fanpin.messages import error_message
from fanpin.rulebook import loader
from fanpin.rulebook._yaml import MAX_FILE_BYTES, MAX_YAML_DEPTH, LineDict, LineList, load_yaml
from fanpin.rulebook.loader import MAX_TESTS, checks_dir, reference_rules_dir
from tests.helpers import SCORE_ARGS, households_file, run_cli

RULE = """case_defaults: {{region: "532328", as_of: 2025-06-30}}
{conditions}
rules:
  - id: local.limit
    title: {{zh: 限度, en: limit}}
    level: info
    kind: audit
    when: "{when}"
    basis: a test of fanpin's limits on rule files
    cases:
      - {{name: a, facts: {{income_per_capita: 1}}, expect: fires}}
      - {{name: b, facts: {{income_per_capita: 100000}}, expect: silent}}
      - {{name: c, facts: {{}}, expect: not_evaluable}}
"""
WHEN_LINE = 8


def folder_with(tmp_path: Path, when: str, conditions: str = "") -> Path:
    folder = tmp_path / "county"
    folder.mkdir(exist_ok=True)
    (folder / "local.yaml").write_text(RULE.format(when=when, conditions=conditions), encoding="utf-8")
    return folder


def refused(folder: Path, *words: str, line: int | None = WHEN_LINE) -> FanpinError:
    """Loading ``folder`` fails with a fanpin error naming the file (and ``line``) and holding ``words``;
    ``fanpin check`` exits 2 with the same message and no traceback."""
    with pytest.raises(FanpinError) as info:
        load_rulebook(folder)
    error = info.value
    for word in words:
        assert word in str(error), (word, str(error)[:500])
    assert error.path.endswith(".yaml") and error.fix
    if line is not None:
        assert error.line == line, str(error)[:300]
    run = run_cli("check", folder)
    assert run.code == 2 and "Traceback" not in run.err and words[0] in run.err
    return error


# ---- conditions ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("shape", "make"),
    [
        ("parentheses", lambda n: "(" * n + "income_per_capita < 2" + ")" * n),
        ("not", lambda n: "not " * n + "income_per_capita >= 2"),
        ("minus", lambda n: "-" * n + "income_per_capita < 2"),
        ("not and parentheses", lambda n: "not (" * (n // 2) + "income_per_capita >= 2" + ")" * (n // 2)),
        ("chain of operators", lambda n: "income_per_capita" + " + 1" * n + " < 2"),
        ("function calls", lambda n: "abs(" * n + "income_per_capita" + ")" * n + " < 2"),
    ],
)
def test_a_condition_nested_too_deep_is_refused(tmp_path: Path, shape: str, make: object) -> None:
    """Nesting up to MAX_NESTING loads; far beyond it (150 and 1000 levels used to be a RecursionError)
    is refused with the rule's file and line."""
    assert callable(make)
    for depth in (150, 1000):
        refused(folder_with(tmp_path, make(depth)), f"nests more than {MAX_NESTING} levels deep")
    even = 2 if shape == "not" else 1  # an odd number of not would flip the cases
    load_rulebook(folder_with(tmp_path, make(MAX_NESTING - even if shape != "chain of operators" else 10)))


def test_a_condition_too_long_is_refused(tmp_path: Path) -> None:
    when = " or ".join(["income_per_capita < 2"] * (MAX_CONDITION_CHARS // 20))
    refused(folder_with(tmp_path, when), f"characters long, more than {MAX_CONDITION_CHARS}")


def test_a_condition_with_too_many_tests_is_refused_by_both_engines(tmp_path: Path) -> None:
    """300 tests made the batch engine run past a minute (durable-rules refused it only when built): the
    rulebook both engines load refuses it, so `fanpin score` on either engine exits 2 at once."""
    when = " or ".join(f"income_per_capita < {i}" for i in range(2, 302))
    folder = folder_with(tmp_path, when)
    refused(folder, f"holds 300 tests (its named conditions written out), more than {MAX_TESTS}")
    source = households_file(tmp_path / "in.csv", [1000])
    for engine_name in ("batch", "durable"):
        run = run_cli("score", source, *SCORE_ARGS, "--rules", folder, "--out", tmp_path / "o.csv",
                      "--engine", engine_name)  # fmt: skip
        assert run.code == 2 and f"more than {MAX_TESTS}" in run.err and "Traceback" not in run.err
    load_rulebook(folder_with(tmp_path, " or ".join(f"income_per_capita < {i}" for i in range(2, 2 + MAX_TESTS))))


def _groups(n: int, facts: tuple[str, ...]) -> str:
    """``n`` groups of ``(a > i or b > i or c > i)`` joined by ``and``: 3 ** n ways to be true."""
    return " and ".join("(" + " or ".join(f"{f} > {i}" for f in facts) + ")" for i in range(1, n + 1))


@pytest.mark.parametrize("where", ["household", "member"])
def test_a_condition_with_too_many_ways_to_be_true_is_refused_by_both_engines(tmp_path: Path, where: str) -> None:
    """Six groups of three alternatives (729 ways to be true, 18 tests) loaded and were scored by the batch
    engine, while the durable engine and fanpin check refused the rule: the rulebook both engines load
    refuses it, so every command says so, with the rule's line."""
    money = ("wage_income", "business_income", "property_income")
    member_money = ("annual_income", "dibao_amount", "tekun_amount")
    when = {
        "household": f"income_per_capita < 2 or {_groups(6, money)}",
        "member": f"income_per_capita < 2 or any(members, {_groups(6, member_money)})",
    }[where]
    folder = folder_with(tmp_path, when)
    member = " member" if where == "member" else ""
    refused(folder, f"rule local.limit's{member} condition has more than 256 ways to be true")
    source = households_file(tmp_path / "in.csv", [1000])
    for engine_name in ("batch", "durable"):
        run = run_cli("score", source, *SCORE_ARGS, "--rules", folder, "--out", tmp_path / "o.csv",
                      "--engine", engine_name)  # fmt: skip
        assert run.code == 2 and "more than 256 ways to be true" in run.err and "Traceback" not in run.err
    load_rulebook(folder_with(tmp_path, f"income_per_capita < 2 or {_groups(5, money)}"))  # 243 ways


def test_a_set_whose_values_make_too_many_ways_to_be_true_is_told_so(tmp_path: Path) -> None:
    """A set of 300 purposes or a test made 301 ways, and the message spoke only of or's and and's."""
    purposes = ", ".join(f'\\"用途{i}\\"' for i in range(300))
    refused(
        folder_with(tmp_path, f"loan_purpose in {{{purposes}}} or income_per_capita < 2"),
        "more than 256 ways to be true",
        "each value of a set test (x in {…}) being one way",
    )
    load_rulebook(folder_with(tmp_path, f"loan_purpose in {{{purposes}}}"))  # a set alone


@pytest.mark.parametrize("order", [1, -1], ids=["each-after-the-one-it-names", "each-before"])
def test_named_conditions_chained_too_deep_are_refused(tmp_path: Path, order: int) -> None:
    """c9 names c8, which names c7 … : a chain of more than MAX_NAMED_CHAIN is refused, in whatever
    order the conditions are written (a chain of hundreds was a RecursionError)."""

    def chain(n: int) -> str:
        lines = ["  c0: {label: c0, when: income_per_capita < 2}"]
        lines += [f"  c{i}: {{label: c{i}, when: c{i - 1} and size >= 0}}" for i in range(1, n)]
        return "\n".join(["conditions:", *lines[::order]])

    for deep in (MAX_NAMED_CHAIN + 1, 400):
        error = refused(folder_with(tmp_path, f"c{deep - 1}", chain(deep)), "named condition", line=None)
        assert f"more than {MAX_NAMED_CHAIN}" in str(error)
    load_rulebook(folder_with(tmp_path, f"c{MAX_NAMED_CHAIN - 1}", chain(MAX_NAMED_CHAIN)))


@pytest.mark.parametrize(
    "number",
    [
        "1234567890123456789012345678",  # 28 digits: decimal.InvalidOperation
        "0." + "0" * 50 + "1",  # 50 zeros after the point: the engines disagreed
        "1" + "0" * 400,  # as 1e400
        "1" + "0" * MAX_DIGITS,
        "0." + "1" * (MAX_DECIMALS + 1),
    ],
)
def test_a_number_out_of_range_is_refused(tmp_path: Path, number: str) -> None:
    error = refused(folder_with(tmp_path, f"income_per_capita < {number}"), "is out of range")
    assert f"at most {MAX_DIGITS} digits before the decimal point and {MAX_DECIMALS} after it" in error.fix


def test_a_huge_number_of_the_rule_author_is_shown_by_its_ends_and_digits_not_masked(tmp_path: Path) -> None:
    """``size > 99999999999999999999999999`` was told as ``the number 9999******************9999 is out of
    range``: masked as a person's number, which a number written in a rule file is not. It is shown by its
    first and last digits with its number of digits, in the message and in the condition it quotes, which
    the terminal's masking leaves as they are; a person's number in a data file is masked as before."""
    number = "9" * 26
    error = refused(folder_with(tmp_path, f"size > {number}"), "is out of range")
    assert "the number 9999…9999 of 26 digits is out of range in condition 'size > 9999…9999'" in str(error)
    run = run_cli("check", folder_with(tmp_path, f"size > {number}"))
    assert run.code == 2
    assert "the number 9999…9999 of 26 digits is out of range" in run.out + run.err
    assert "*" not in (run.out + run.err).split("out of range", 1)[0].rsplit("\n", 1)[-1]


def test_numbers_at_the_limits_are_read(tmp_path: Path) -> None:
    load_rulebook(folder_with(tmp_path, f"labor_count < {'9' * MAX_DIGITS}.{'9' * MAX_DECIMALS} and size >= 0"))
    load_rulebook(folder_with(tmp_path, f"income_per_capita < {'9' * MAX_DIGITS}.99 and size >= 0"))  # to the fen
    load_rulebook(folder_with(tmp_path, f"income_per_capita < 000000000000000{'9' * MAX_DIGITS}"))


# ---- YAML ----------------------------------------------------------------------------------------


def yaml_folder(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "county"
    folder.mkdir(exist_ok=True)
    (folder / "local.yaml").write_text(text, encoding="utf-8")
    return folder


def test_deep_yaml_is_refused(tmp_path: Path) -> None:
    refused(
        yaml_folder(tmp_path, "rules: " + "[" * 500 + "]" * 500 + "\n"), f"nests more than {MAX_YAML_DEPTH}", line=1
    )
    nested = "measures:\n" + "".join("  " * i + f"- a{i}:\n" for i in range(1, 200))
    refused(yaml_folder(tmp_path, nested), f"nests more than {MAX_YAML_DEPTH}", line=None)


def test_an_alias_of_a_list_is_refused(tmp_path: Path) -> None:
    """Aliases of aliases (a "billion laughs") multiply a few lines into billions of values."""
    laughs = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    laughs += [f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]" for p, c in zip("abcdefgh", "bcdefghi", strict=True)]
    refused(yaml_folder(tmp_path, "\n".join(laughs) + "\n"), "an alias (*name) may stand for a single value", line=2)


def test_an_alias_of_a_single_value_is_read(tmp_path: Path) -> None:
    text = RULE.format(when="income_per_capita < 2", conditions="").replace(
        "basis: a test of fanpin's limits on rule files", "basis: &why a test of fanpin's limits"
    )
    text += "measures:\n  - {id: local.m, name: m, name_en: m, family: f, department: d, department_en: d,"
    text += " deadline_days: 30}\n"
    folder = yaml_folder(tmp_path, text.replace("name: m, name_en: m", "name: *why, name_en: *why"))
    assert load_rulebook(folder).measures["local.m"].name == "a test of fanpin's limits"


@pytest.mark.parametrize(
    ("text", "words", "line"),
    [
        ('case_defaults: {region: "53", as_of: 0000-12-31}\n', "'0000-12-31' is no date of the calendar (year 0", 1),
        ("x:\n  y: " + "9" * 5000 + "\n", "a number of thousands of digits", 2),
        # a date's typo was told "not a value fanpin can read", without the value, and to write a real date "or a
        # number of at most 18 digits", which no date is
        ("values:\n  - from: 2025-13-01\n", "'2025-13-01' is no date of the calendar (month must be in 1..12)", 2),
    ],
    ids=["year-0", "5000-digits", "month-13"],
)
def test_values_yaml_reads_but_python_cannot_hold_are_refused(tmp_path: Path, text: str, words: str, line: int) -> None:
    error = refused(yaml_folder(tmp_path, text), words, line=line)
    assert "18 digits" not in (error.fix or "") or "digits" in words


def test_a_rule_file_too_large_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    folder = yaml_folder(tmp_path, "# " + "x" * MAX_FILE_BYTES + "\n")
    refused(folder, f"the file is larger than {MAX_FILE_BYTES // 1024} KB", line=None)


PARAMETER = """parameters:
  monitoring_line:
    label: 防止返贫监测范围（人均纯收入）
    unit: money
    values:
      - {{region: "53", from: 2025-01-01, value: {value}, source: "a test"}}
"""

#: A value written as a block of lines, as a county's notice is copied (its value on line 8 of the file).
BLOCK_VALUE = 'region: "53"\n        from: 2025-01-01\n        value: {value}\n        source: "a test"'


@pytest.mark.parametrize("value", ["1e400", "1.0e400", ".inf", "1" + "0" * 13, "0.1234567"])
def test_a_parameter_value_out_of_range_is_refused(tmp_path: Path, value: str) -> None:
    """1e400 passed `fanpin check` and then crashed scoring; every value out of range is refused at load."""
    error = refused(
        yaml_folder(tmp_path, PARAMETER.format(value=value)), "parameters.monitoring_line.values.0.value", line=6
    )
    assert isinstance(error, ConfigError)


@pytest.mark.parametrize(
    ("value", "reads"),
    [("012", "octal number 10"), ("0600", "octal number 384"), ("0x10", "hexadecimal number 16"),
     ("0b11", "binary number 3"), ("1:30", "base-60 number 90"), ("1:30.5", "base-60 number 90.5")],
)  # fmt: skip
def test_a_number_yaml_reads_as_another_is_refused(tmp_path: Path, value: str, reads: str) -> None:
    """YAML 1.1 reads 012 as octal 10, 0600 as 384 and 1:30 as 90: a threshold so written was silently
    another number (a loan due in 11 days not flagged under a warning of "012 days"). Refused with its
    line, by the loader of a user's folder and by the one of the shipped files."""
    folder = yaml_folder(tmp_path, PARAMETER.format(value=value))
    error = refused(folder, f"{value} is not a number written plainly: YAML reads it as the {reads}", line=6)
    assert f'quote it if it is text: "{value}"' in str(error)
    with pytest.raises(FanpinError, match="YAML reads it as the"):
        load_yaml(next(folder.glob("*.yaml")), shipped=True)


@pytest.mark.parametrize(
    ("value", "reads", "number"),
    [("8,700", "value: 8 and then 700 as a key", "8700"), ("8,700.50", "value: 8 and then 700.50 as a key", "8700.50"),
     ("1,234,567", "value: 1 and then 234 and 567 as keys", "1234567")],
)  # fmt: skip
def test_a_thousands_comma_in_a_flow_mapping_is_refused_with_the_number_to_write(
    tmp_path: Path, value: str, reads: str, number: str
) -> None:
    """``{…, value: 8,700}``: YAML ends a value at a comma inside braces, so it read the value 8 and a key
    700, and the message was pydantic's "Keys should be strings" at a path ending in .700. Refused with
    the file, the line, YAML's reading and the number to write, by both loaders."""
    folder = yaml_folder(tmp_path, PARAMETER.format(value=value))
    error = refused(folder, f"value: {value} in a {{…}} mapping reads as {reads}", f"write value: {number}", line=6)
    assert "Keys should be strings" not in str(error)
    with pytest.raises(FanpinError, match=re.escape("in a {…} mapping reads as")):
        load_yaml(next(folder.glob("*.yaml")), shipped=True)
    case = RULE.format(when="income_per_capita < 2", conditions="")
    case = case.replace("income_per_capita: 1}", "wage_income: 8,700}")
    refused(yaml_folder(tmp_path, case), "wage_income: 8,700 in a {…} mapping", "write wage_income: 8700", line=11)
    spaced = load_yaml(next(yaml_folder(tmp_path, "x: {a: 8, b: 700}\n").glob("*.yaml")))  # two values, as written
    assert spaced["x"] == {"a": 8, "b": 700}


@pytest.mark.parametrize(
    ("value", "fix"),
    [("1,5", "write value: 1.5 if the comma is a decimal point"), ("8700,00", "write value: 8700.00 if the comma"),
     ("8,7,00", "write value as one number, with a point for its decimals and no comma")],
)  # fmt: skip
def test_a_decimal_comma_in_a_flow_mapping_is_not_told_to_drop_the_comma(tmp_path: Path, value: str, fix: str) -> None:
    """``{…, value: 1,5}`` is refused as ``8,700`` is, but its fix had been to drop the comma (``write value:
    15``; ``8700,00`` → ``870000``), a value 10 or 100 times the one meant: a comma that groups no three
    digits is not a thousands comma."""
    folder = yaml_folder(tmp_path, PARAMETER.format(value=value))
    error = refused(folder, f"value: {value} in a {{…}} mapping reads as value:", fix, line=6)
    assert "no thousands comma" not in str(error) and value.replace(",", "") not in error.fix


@pytest.mark.parametrize("value", ["8700", "8_700", "05.5", "0.5", "0", "1.0e+3"])
def test_numbers_yaml_reads_as_written_are_read(tmp_path: Path, value: str) -> None:
    data = load_yaml(next(yaml_folder(tmp_path, PARAMETER.format(value=value)).glob("*.yaml")))
    assert data["parameters"]["monitoring_line"]["values"][0]["value"] == float(value.replace("_", ""))


@pytest.mark.parametrize("source", ['" "', '"\\t"', '"　"'])
def test_a_blank_source_is_refused(tmp_path: Path, source: str) -> None:
    """A source of one space was taken and printed as （依据： ）; an empty one was refused."""
    text = PARAMETER.format(value=8700).replace('source: "a test"', f"source: {source}")
    error = refused(yaml_folder(tmp_path, text), "parameters.monitoring_line.values.0.source: is blank", line=6)
    assert "write where the value comes from" in str(error)


def test_a_case_fact_of_the_wrong_type_fails_its_case_naming_the_fact(tmp_path: Path) -> None:
    """It was a traceback without file or line: now `fanpin check` names the case's file and line, the
    fact and the value (a list too), each once, counts the case as failed, and exits 2."""
    text = RULE.format(when="income_per_capita < 2", conditions="").replace(
        "facts: {income_per_capita: 1}", "facts: {income_per_capita: abc, size: [1, 2]}"
    )
    run = run_cli("check", yaml_folder(tmp_path, text))
    assert run.code == 2 and "Traceback" not in run.out + run.err
    assert "local.yaml:11: error: rule local.limit, case 'a': income_per_capita = 'abc': not an amount" in run.out
    assert "local.yaml:11: error: rule local.limit, case 'a': size = [1, 2]: not a whole number" in run.out
    assert "local.limit / a: expected fires" not in run.out  # said by the two lines above, not a third time
    passed = re.search(r"(\d+)/(\d+) cases pass; 2 error\(s\)", run.out)  # one case of the folder fails
    assert passed and int(passed[1]) == int(passed[2]) - 1, run.out


def _same(a: object, b: object) -> bool:
    """The same values, of the same types, with the same line numbers everywhere."""
    if type(a) is not type(b):
        return False
    if isinstance(a, LineDict) and isinstance(b, LineDict):
        return (a.line, a.key_lines, list(a)) == (b.line, b.key_lines, list(b)) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, LineList) and isinstance(b, LineList):
        return (a.line, a.item_lines, len(a)) == (b.line, b.item_lines, len(b)) and all(map(_same, a, b))
    return a == b


def test_the_shipped_rule_files_read_alike_by_both_loaders() -> None:
    """The files fanpin ships are read by LibYAML's parser (five times faster), which has none of the
    guards against hostile files: every one of them reads as the guarded loader reads it, line numbers
    included."""
    files = sorted(reference_rules_dir().rglob("*.yaml"))
    assert len(files) > 10 and any(checks_dir() in p.parents for p in files)
    for path in files:
        assert _same(load_yaml(path, shipped=True), load_yaml(path)), path


def test_a_user_folder_is_read_with_the_guards_even_beside_the_shipped_files(tmp_path: Path) -> None:
    """Only the shipped folder is read without the guards: a user's folder, wherever it is, is not."""
    assert not loader._shipped(tmp_path / "local.yaml")
    assert all(loader._shipped(p) for p in reference_rules_dir().rglob("*.yaml"))
    refused(
        yaml_folder(tmp_path, "rules: " + "[" * 500 + "]" * 500 + "\n"), f"nests more than {MAX_YAML_DEPTH}", line=1
    )


@pytest.mark.parametrize(
    ("value", "plain"),
    [("9e3", "9000"), ("1e-05", "0.00001"), ("8.7e3", "8700"), ("1.5e10", "15 followed by 9 zeros")],
)
def test_a_parameter_value_with_an_exponent_is_refused_with_its_digits(tmp_path: Path, value: str, plain: str) -> None:
    """YAML 1.1 reads 9e3 and 1e-05 (no point, or no sign in the exponent) as text, which the value's decimal
    read as a number: a value the rules say is refused was taken, and 9e3 printed as 9E+3 in the JSON Lines
    records. Refused at load with the digits to write."""
    folder = yaml_folder(tmp_path, PARAMETER.format(value=value))
    refused(folder, f"{value} is written with an exponent: write it as digits, value: {plain}", line=6)


@pytest.mark.parametrize(
    ("value", "said", "fix"),
    [
        ("-5e-05", "-5e-05 is below 0: a value is at least 0", "a ratio as a fraction"),
        ("30%", "30% is a percentage: write a ratio as a fraction, value: 0.3", "the fraction the message gives"),
        ("12.5 \uff05", "12.5 \uff05 is a percentage: write a ratio as a fraction, value: 0.125", "the fraction"),
        ("-0.5", "greater than or equal to 0", "money in 元 below 10^12 (value: 8700), a ratio as a fraction"),
    ],
)
def test_a_parameter_value_is_refused_with_a_fix_that_holds(tmp_path: Path, value: str, said: str, fix: str) -> None:
    """The fix of a refused value is one the loader takes: -5e-05 was told to be written -0.00005, refused
    in turn as below 0; 30% (a ratio as a clerk says it) and any value below 0 were told value: 8700, a
    line in 元, whatever the parameter's unit."""
    folder = yaml_folder(tmp_path, PARAMETER.format(value=f'"{value}"' if "%" in value or "\uff05" in value else value))
    error = refused(folder, said, line=6)
    assert fix in error.fix, error.fix


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("9000元", "9000元 holds a unit or a currency sign: write the number alone, value: 9000"),
        ("9000 元", "9000 元 holds a unit or a currency sign: write the number alone, value: 9000"),
        ("¥8700.50", "¥8700.50 holds a unit or a currency sign: write the number alone, value: 8700.50"),
        ("0.9万元", "0.9万元 holds a unit or a currency sign: write the number alone, value: 9000"),
        ("9,000", "9,000 groups its thousands with commas: write the digits alone, value: 9000"),
        ("8,700.50", "8,700.50 groups its thousands with commas: write the digits alone, value: 8700.50"),
        # a number long enough to be masked as a phone number is not written out in words, nor in English
        ("13912345678元", "1391***5678元 holds a unit or a currency sign: write the number alone ["),
    ],
)
def test_a_parameter_value_written_with_its_unit_or_commas_is_refused_with_the_number(
    tmp_path: Path, value: str, said: str
) -> None:
    """value: 9000元 (the unit written after the number, as a notice writes it), ¥8700.50, 0.9万元 or 9,000 written
    as a block's line were told "Input should be a valid decimal", in English on a Chinese system too: now
    told with the number to write, in both languages."""
    block = PARAMETER.replace('{{region: "53", from: 2025-01-01, value: {value}, source: "a test"}}', BLOCK_VALUE)
    error = refused(yaml_folder(tmp_path, block.format(value=value)), said, line=8)
    assert "write the number the message gives" in error.fix, error.fix
    zh = error_message(error, "zh")
    assert zh.startswith("fanpin: 错误：") and ("带有单位或货币符号" in zh or "用逗号分隔了千位" in zh), zh
    assert "value: " not in said or f"value: {said.rsplit('value: ', 1)[1]}" in zh, zh
    assert "followed" not in zh, zh


@pytest.mark.parametrize(("value", "said"), [("abc", "应为数"), ("[9000]", "应为数"), (".inf", "应为有限的数")])
def test_a_parameter_value_that_is_no_number_is_told_in_chinese(tmp_path: Path, value: str, said: str) -> None:
    """pydantic's "Input should be a valid decimal" (and of a list, of .inf) had no Chinese: the whole error was
    printed in English on a Chinese system."""
    error = refused(yaml_folder(tmp_path, PARAMETER.format(value=value)), "parameters.monitoring_line", line=6)
    zh = error_message(error, "zh")
    assert zh.startswith("fanpin: 错误：") and said in zh, zh


@pytest.mark.parametrize(("unit", "meant"), [("percent", "ratio"), ("%", "ratio"), ("元", "money"), ("天", "days")])
def test_a_unit_in_another_word_is_told_by_its_meaning(tmp_path: Path, unit: str, meant: str) -> None:
    """unit: percent was told "did you mean count?" (the nearest spelling); a unit written as another word
    for one fanpin knows (percent, 元, 天) is told the unit it means."""
    folder = yaml_folder(tmp_path, PARAMETER.format(value="8700").replace("unit: money", f'unit: "{unit}"'))
    error = refused(folder, "parameters.monitoring_line.unit", line=4)
    assert error.fix == f"did you mean {meant}?", error.fix


@pytest.mark.parametrize("unit", ["count", "days", "months", "years"])
def test_a_parameter_of_whole_units_with_a_fraction_is_refused(tmp_path: Path, unit: str) -> None:
    """min_monitoring_months written 6.5 (unit count) was taken, compared with a household's whole months and
    printed 月数 6 < 最少监测月数 6.5: a count, days, months and years are whole."""
    text = PARAMETER.format(value="6.5").replace("unit: money", f"unit: {unit}").replace("monitoring_line", "local_n")
    said = f"the {unit} value 6.5 (region '53' from 2025-01-01) is not whole"
    assert "whole number" in refused(yaml_folder(tmp_path, text), said, line=6).fix
    whole = tmp_path / "whole"
    whole.mkdir()
    assert load_rulebook(yaml_folder(whole, text.replace("6.5", "6.0")))


def test_a_measure_marked_development_and_welfare_is_refused(tmp_path: Path) -> None:
    """A measure marked both was dropped for a household without labour (development) and kept only for one
    (welfare): two contradicting tests of the plan, taken without a word."""
    measure = (
        "measures:\n  - {id: local.both, name: 措施, name_en: a measure, family: 综合保障, department: 民政局, "
        "department_en: Civil Affairs Bureau, deadline_days: 15, development: true, welfare: true}\n"
    )
    error = refused(
        yaml_folder(tmp_path, measure), "a measure is development (开发式) or welfare (兜底), not both", line=2
    )
    assert "development: true" in error.fix and "welfare: true" in error.fix
