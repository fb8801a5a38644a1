"""Fuzzing the rule language and the rule files: only fanpin's documented errors come out (a
:class:`~fanpin.FanpinError` naming file and line), never another exception, a crash or a long wait.

- conditions of random tokens (facts, parameters, numbers of any size, dates, keywords, operators,
  parentheses, stray characters) and random well-formed expressions nested deep, through the parser, the
  type checker, the size limits and both engines' compilers;
- rule files made by breaking a valid one at random (YAML punctuation, tags, anchors, indentation, huge
  numbers) or from random YAML values, through the loader;
- a few of them through ``fanpin check`` itself, with the reference rules.

A few dozen examples by default; ``FANPIN_SLOW=1`` runs thousands.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from fanpin import Rulebook, load_rulebook
from fanpin.batch.compiler import ExpressionCompiler, RegionConstants
from fanpin.durable.compiler import Compiler, TooLargeError
from fanpin.errors import FanpinError, Location
from fanpin.lang.lowering import Slots
from fanpin.lang.syntax import FUNCTIONS
from fanpin.lang.typecheck import NamedConditions, ParamInfo, check_condition
from fanpin.model.facts import FACTS
from fanpin.rulebook.loader import _check_size
from tests.helpers import SLOW, run_cli
from tests.paths import FIXTURES

FUZZ = settings(
    max_examples=3000 if SLOW else 60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
#: Longer than any example takes on a loaded machine; far shorter than a hang.
PATIENCE = 30.0

KEYWORDS = ["and", "or", "not", "in", "is", "missing", "empty", "contains", "true", "false", "not in", "is not"]
OPERATORS = ["<", "<=", ">", ">=", "==", "!=", "+", "-", "*", "/", "(", ")", "{", "}", ",", "=", "&", "|", "!", "."]
LITERALS = ["0", "1", "2.5", "8700", "0.000001", "1" + "0" * 30, "0." + "0" * 50 + "1", '"因病"', "'建房'",
            "2025-06-30", "2022-04", "0000-12-31", "2023-02-29", "9999-99", '"', "'", "1e400", "-1"]  # fmt: skip


@pytest.fixture(scope="module")
def params(book: Rulebook) -> dict[str, ParamInfo]:
    return {
        name: ParamInfo(name, "money" if spec.unit == "money" else "plain", spec.label, spec.unit)
        for name, spec in book.parameters.specs.items()
    }


def _tokens(book_params: list[str]) -> st.SearchStrategy[str]:
    words = sorted(FACTS) + book_params + [f"{f}(" for f in FUNCTIONS]
    return st.one_of(
        st.sampled_from(words),
        st.sampled_from(KEYWORDS),
        st.sampled_from(OPERATORS),
        st.sampled_from(LITERALS),
        st.from_regex(r"\A[0-9]{1,40}(\.[0-9]{1,40})?\Z"),
        st.text(max_size=3),
    )


def _expressions(book_params: list[str]) -> st.SearchStrategy[str]:
    """Well-formed-looking conditions, nested at random (some far beyond the limits)."""
    terms = st.one_of(st.sampled_from(sorted(FACTS) + book_params), st.sampled_from(LITERALS[:8]))
    arithmetic = st.recursive(
        terms,
        lambda inner: st.one_of(
            st.tuples(inner, st.sampled_from("+-*/"), inner).map(lambda t: f"{t[0]} {t[1]} {t[2]}"),
            inner.map(lambda t: f"({t})"),
            inner.map(lambda t: f"-{t}"),
            st.tuples(st.sampled_from(sorted(FUNCTIONS)), st.lists(inner, min_size=1, max_size=3)).map(
                lambda t: f"{t[0]}({', '.join(t[1])})"
            ),
        ),
        max_leaves=12,
    )
    tests = st.one_of(
        st.tuples(arithmetic, st.sampled_from(["<", "<=", ">", ">=", "==", "!="]), arithmetic).map(" ".join),
        arithmetic.map(lambda t: f"{t} is missing"),
        st.sampled_from(sorted(FACTS)).map(lambda f: f"{f} in {{1, 2}}"),
    )
    return st.recursive(
        tests,
        lambda inner: st.one_of(
            st.tuples(inner, st.sampled_from(["and", "or"]), inner).map(" ".join),
            inner.map(lambda t: f"not ({t})"),
            st.tuples(st.integers(1, 60), inner).map(lambda t: "(" * t[0] + t[1] + ")" * t[0]),
        ),
        max_leaves=10,
    )


@st.composite
def conditions(draw: st.DrawFn, book_params: list[str]) -> str:
    if draw(st.booleans()):
        return draw(_expressions(book_params))
    return " ".join(draw(st.lists(_tokens(book_params), max_size=25)))


def _compile(condition: Any) -> None:
    """Both engines' compilers on a checked condition: an expression, or durable's refusal to expand."""
    slots = Slots.for_conditions([condition])
    try:
        Compiler(slots).true(condition)
        Compiler(slots).false(condition)
    except TooLargeError:
        pass  # a documented refusal: the loader turns it into a ConfigError naming the rule
    ExpressionCompiler(date(2025, 6, 30), RegionConstants({})).condition(condition)


@FUZZ
@given(data=st.data())
def test_the_rule_language_gives_only_fanpins_errors(params: dict[str, ParamInfo], data: st.DataObject) -> None:
    text = data.draw(conditions(sorted(params)))
    start = time.monotonic()
    try:
        condition = check_condition(text, FACTS, params, Location("rules/fuzz.yaml", 7), NamedConditions({}))
        _check_size("local.fuzz", condition, Location("rules/fuzz.yaml", 7))
    except FanpinError as exc:
        assert exc.path == "rules/fuzz.yaml" and exc.line >= 7 and str(exc)
        event(f"refused: {type(exc).__name__}")
    else:
        _compile(condition)
        event("checked and compiled")
    assert time.monotonic() - start < PATIENCE


VALID = (FIXTURES / "local_rule" / "local.yaml").read_text(encoding="utf-8")
YAML_BITS = [":", ": ", "- ", "[", "]", "{", "}", ",", "&a ", "*a", "<<: *a", "!!python/object:os.system", "!!binary",
             "!!set", "'", '"', "\n", "\n  ", "    ", "\t", "#", "|", ">-", "%YAML 1.1", "---", "...", "~", "null",
             "9" * 5000, "1e400", "0000-12-31", "\x00", "\ufeff", "?", "@", "`"]  # fmt: skip


@st.composite
def rule_files(draw: st.DrawFn) -> str:
    """A valid rule file broken at a few random places, or random YAML in the rule files' words."""
    if draw(st.integers(0, 3)) == 0:
        words = st.sampled_from(
            [*("rules", "parameters", "conditions", "measures", "disable", "case_defaults", "id", "when", "cases"),
             *("facts", "expect", "values", "value", "from", "region", "x")]
        )  # fmt: skip
        scalars = st.one_of(st.text(max_size=10), st.integers(), st.floats(), st.booleans(), st.none(), st.dates())
        tree = st.recursive(
            scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(words, inner, max_size=4)
        )
        return yaml.safe_dump(draw(st.dictionaries(words, tree, max_size=4)), allow_unicode=True)
    text = VALID
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        cut = draw(st.integers(0, 8))
        bit = draw(st.one_of(st.sampled_from(YAML_BITS), st.text(max_size=6)))
        text = text[:at] + bit + text[at + cut :]
    return text


@FUZZ
@given(text=rule_files())
def test_the_rule_file_loader_gives_only_fanpins_errors(tmp_path_factory: Any, text: str) -> None:
    folder = tmp_path_factory.mktemp("rules")
    (folder / "local.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
    start = time.monotonic()
    try:
        load_rulebook(folder, reference=False)
        event("loaded")
    except FanpinError as exc:
        assert str(exc) and exc.code
        event(f"refused: {type(exc).__name__}")
    assert time.monotonic() - start < PATIENCE


@settings(FUZZ, max_examples=300 if SLOW else 8)
@given(text=rule_files())
def test_fanpin_check_on_broken_rule_files_exits_cleanly(tmp_path_factory: Any, text: str) -> None:
    folder = tmp_path_factory.mktemp("county")
    (folder / "local.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
    run = run_cli("check", folder)  # an exception escaping main would be a traceback for the user
    assert run.code in (0, 2), run
    assert "Traceback" not in run.out + run.err


def test_the_fuzzed_files_start_from_a_valid_one(tmp_path: Path) -> None:
    folder = tmp_path / "county"
    folder.mkdir()
    (folder / "local.yaml").write_text(VALID, encoding="utf-8")
    assert "local.failing_case" in load_rulebook(folder).rules
