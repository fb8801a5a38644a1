"""The rule-language features beyond the reference rules — sets (``risks contains "因病"``, ``is empty``),
months and dates (``identified_month >= 2022-10``), and arithmetic at its edges (products beyond 2^63,
0/0, a threshold divided by zero) — each in a fixture rulebook of local rules: their cases pass, the
batch engine agrees on every case, and both engines agree on generated households."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fanpin import Engine, Household, Rulebook, load_rulebook
from fanpin.batch import BatchEngine
from fanpin.check import run_cases
from fanpin.model.facts import encode_all, household_facts, natural_value, set_facts
from fanpin.testing import RuleKit, households
from tests.helpers import AS_OF, REGION, SCORE_ARGS, SLOW, households_file, read_csv, run_cli
from tests.paths import FIXTURES

#: fixture folder → how many cases its local rules carry
FOLDERS = {"sets": 11, "calendar": 15, "arithmetic": 34}


@dataclass(frozen=True)
class Local:
    name: str
    book: Rulebook
    engine: Engine
    batch: BatchEngine


@pytest.fixture(scope="module", params=sorted(FOLDERS))
def local(request: pytest.FixtureRequest) -> Local:
    book = load_rulebook(FIXTURES / request.param)
    return Local(request.param, book, Engine(book), BatchEngine(book))


def test_the_local_rules_cases_pass(local: Local) -> None:
    results = [r for r in run_cases(local.book, local.engine) if r.rule_id.startswith("local.")]
    assert len(results) == FOLDERS[local.name]
    assert all(r.passed for r in results), [str(r) for r in results if not r.passed]


def test_the_local_rules_cases_agree_on_the_batch_engine(local: Local) -> None:
    for rule in (r for r in local.book.rules.values() if r.id.startswith("local.")):
        for case in rule.spec.cases:
            a = local.engine.evaluate_facts(case.facts, as_of=AS_OF, region=REGION)
            natural = {k: v for k, v in ((k, natural_value(k, v)) for k, v in case.facts.items()) if v is not None}
            row = encode_all(set_facts(natural) | natural) | {"household_id": "H"}
            got = local.batch.evaluate([row], as_of=AS_OF, region=REGION).row(0, named=True)
            assert (got["flags"], got["not_evaluable"]) == (list(a.flag_ids), list(a.not_evaluable)), case.name


#: A batch call costs about as much for one household as for forty: an example scores up to 40 households (20 on
#: average) in one call. 12 examples by default score about as many households as the profile's 45 of up to 10 (6
#: on average) did, in a quarter of the batch calls; 3 000 with FANPIN_SLOW=1.
@settings(max_examples=3000 if SLOW else 12)
@given(st.integers(1, 40).flatmap(lambda n: st.lists(households(), min_size=n, max_size=n)))
def test_the_local_rules_agree_on_both_engines(local: Local, many: list[Household]) -> None:
    out = local.batch.evaluate([encode_all(household_facts(h)) for h in many], as_of=AS_OF, region=REGION)
    for h, got in zip(many, out.iter_rows(named=True), strict=True):
        a = local.engine.evaluate(h, as_of=AS_OF)
        assert got["flags"] == list(a.flag_ids), h.household_id
        assert got["not_evaluable"] == list(a.not_evaluable)
        # "monitored and risks is empty" reads two facts that are always known: never unknown.
        assert "local.no_risk_recorded" not in a.not_evaluable


def _ladder_rules(n: int) -> str:
    """A county folder's file of ``n`` rules ``wage_income > 1`` … ``wage_income > n``."""
    rules = "".join(
        f"  - id: local.wage_over_{k}\n    title: {{zh: 工资超过{k}, en: wage over {k}}}\n    level: info\n"
        f"    kind: audit\n    when: wage_income > {k}\n    basis: 测试\n    cases:\n"
        f"      - {{name: over, facts: {{wage_income: {k + 1}}}, expect: fires}}\n"
        f"      - {{name: at, facts: {{wage_income: {k}}}, expect: silent}}\n"
        "      - {name: unknown, facts: {}, expect: not_evaluable}\n"
        for k in range(1, n + 1)
    )
    return f'case_defaults: {{region: "532328", as_of: 2025-06-30}}\nrules:\n{rules}'


def test_a_household_firing_70_county_rules_is_scored_alike_by_both_engines(tmp_path: Path) -> None:
    """The durable engine refused a household that fires more than 64 rules of one of its rulesets (trap 19
    of fanpin/durable/_adapter.py): fanpin score --engine durable stopped on the first such household, and
    fanpin check failed every case that fires, while the batch engine scored the file."""
    folder = tmp_path / "county"
    folder.mkdir()
    (folder / "ladder.yaml").write_text(_ladder_rules(70), encoding="utf-8")
    assert run_cli("check", folder).code == 0
    source = households_file(tmp_path / "in.csv", [100000, 0, "50.5"])
    written = {}
    for engine_name in ("batch", "durable"):
        out = tmp_path / f"{engine_name}.csv"
        run = run_cli("score", source, *SCORE_ARGS, "--rules", folder, "--out", out,
                      "--errors", tmp_path / f"{engine_name}.errors.csv", "--engine", engine_name)  # fmt: skip
        assert run.code == 0, run.err
        written[engine_name] = out.read_text(encoding="utf-8-sig")
    assert written["batch"] == written["durable"]
    fired = [row["flags"].split(";") for row in read_csv(tmp_path / "durable.csv")]
    assert [sum(f.startswith("local.") for f in flags) for flags in fired] == [70, 0, 50]


def test_rules_reading_more_than_251_computed_values_are_evaluated_alike_by_both_engines(tmp_path: Path) -> None:
    """130 county rules of two computed terms each read 260 values: the durable engine cut its rulesets by
    their number of rules alone, and the first was refused (a durable fact holds at most 251 properties),
    while the batch engine scored them."""
    rules = "".join(
        f"  - id: local.mix_{k}\n    title: {{zh: 组合{k}, en: mix {k}}}\n    level: info\n    kind: audit\n"
        f"    when: wage_income * {k} - business_income > property_income + {k}\n    basis: 测试\n    cases:\n"
        "      - {name: a, facts: {wage_income: 100000, business_income: 0, property_income: 0}, expect: fires}\n"
        "      - {name: b, facts: {wage_income: 0, business_income: 0, property_income: 0}, expect: silent}\n"
        "      - {name: c, facts: {}, expect: not_evaluable}\n"
        for k in range(1, 131)
    )
    (tmp_path / "mix.yaml").write_text(
        f'case_defaults: {{region: "532328", as_of: 2025-06-30}}\nrules:\n{rules}', encoding="utf-8"
    )
    kit = RuleKit(load_rulebook(tmp_path), region=REGION, as_of=AS_OF)  # both engines, compared
    money = {"business_income": 0, "property_income": 0}
    rich, poor, half = kit.outcomes({"wage_income": 100000, **money}, {"wage_income": 0, **money}, {"wage_income": 1})
    local = [f"local.mix_{k}" for k in range(1, 131)]
    assert [rich[r] for r in local] == ["fires"] * 130 and [poor[r] for r in local] == ["silent"] * 130
    assert [half[r] for r in local] == ["not_evaluable"] * 130
