"""rules/README.md stays true: it names every rule, parameter and fact, and its local-rule example works."""

from __future__ import annotations

import re
from pathlib import Path

from fanpin import Engine, Rulebook, load_rulebook
from fanpin.check import run_cases
from fanpin.model.facts import FACTS
from tests.helpers import fewer_examples
from tests.paths import ROOT

TEXT = (ROOT / "rules" / "README.md").read_text(encoding="utf-8")


def test_every_rule_parameter_and_fact_is_documented(book: Rulebook) -> None:
    missing = [name for name in [*book.rules, *book.parameters.specs] if f"`{name}`" not in TEXT]
    missing += [f for f in FACTS if f"`{f}`" not in TEXT and not f.startswith("risk_")]
    assert missing == []


def test_the_local_rule_example_loads_and_its_cases_pass(tmp_path: Path) -> None:
    block = re.search(r"```yaml\n# county/local.yaml\n(.*?)```", TEXT, flags=re.S)
    assert block
    (tmp_path / "local.yaml").write_text(block.group(1), encoding="utf-8")
    book = load_rulebook(tmp_path)
    results = [r for r in run_cases(book, Engine(book)) if r.rule_id.startswith("local.")]
    assert len(results) == 3
    assert all(r.passed for r in results), [str(r) for r in results]


def test_every_member_fact_is_documented() -> None:
    from fanpin.model.member_facts import LABEL_SETS, MEMBER_FACTS

    counts = {f"{name}_count" for name in LABEL_SETS}
    assert [f for f in MEMBER_FACTS if f not in counts and f"`{f}`" not in TEXT] == []
    assert [name for name in LABEL_SETS if f"`{name}`" not in TEXT] == []


def test_the_ten_worked_examples_load_and_their_cases_pass_on_both_engines(tmp_path: Path) -> None:
    from fanpin.batch import BatchEngine
    from tests.helpers import cases_on_both_engines

    block = re.search(r"```yaml\n# county/checks.yaml\n(.*?)```", TEXT, flags=re.S)
    assert block
    (tmp_path / "checks.yaml").write_text(block.group(1), encoding="utf-8")
    book = load_rulebook(tmp_path)
    engine, batch = Engine(book), BatchEngine(book)
    examples = [r for r in book.rules.values() if r.id.startswith("county.")]
    assert len(examples) == 10
    # a county's own ids: none replaces a rule of the pack (checks.dibao_without_measure once did)
    assert len(load_rulebook(tmp_path, checks="with").rules) == len(load_rulebook(checks="with").rules) + 10
    results = [r for r in run_cases(book, engine) if r.rule_id.startswith("county.")]
    assert len(results) == 30 and all(r.passed for r in results), [str(r) for r in results if not r.passed]
    assert {c.expect for r in examples for c in r.spec.cases} == {"fires", "silent", "not_evaluable"}
    assert cases_on_both_engines(engine, batch, examples) == 30


def test_the_property_testing_recipe_runs_and_its_properties_hold() -> None:
    block = re.search(r"```python\n# test_county.py.*?\n(.*?)```", TEXT, flags=re.S)
    assert block
    namespace: dict[str, object] = {}
    # Executing our own documentation is the point of this test.
    exec(compile(block.group(1), "rules/README.md", "exec"), namespace)
    tests = [f for name, f in namespace.items() if name.startswith("test_") and callable(f)]
    assert len(tests) == 5
    with fewer_examples(12):
        for test in tests:
            test()
