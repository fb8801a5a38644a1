"""The durable path's fact reader gives the catalogue's own encoded facts (:mod:`fanpin.durable.facts`)."""

from __future__ import annotations

import functools
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import fanpin.durable.engine as engine_module
from fanpin import Engine, Household, load_rulebook
from fanpin.durable._adapter import WARM_FACTS
from fanpin.durable.facts import FactReader
from fanpin.lang.lowering import Slots
from fanpin.lang.syntax import MAX_NESTING
from fanpin.lang.typecheck import check_condition
from fanpin.model.facts import FACTS, encode_all, household_facts
from fanpin.model.household import HouseholdType
from fanpin.results import classify
from fanpin.results.explanations import _OUTCOME, VARIES, RuleExplainer, _kleene, _value, shown
from fanpin.testing import households, households_with_members
from tests.helpers import AS_OF, HOUSEHOLD, REGION

EVERY_FACT = FactReader(FACTS)

#: Values the generated households rarely or never hold: an ID number (valid and not), months, dates,
#: risks in several slots, measures in place, a monitoring category.
SPECIAL: list[dict[str, Any]] = [
    {"id_number": "11010519491231002X", "risk_1": "务工就业不稳", "risk_3": "因病"},
    {"id_number": "110105194912310021", "measures_in_place": "公益岗位;产业帮扶", "loan_due": "2025-09-30"},
    {"household_type": "监测户", "monitoring_category": "脱贫不稳定户", "identified_month": "202304"},
    {"monitoring_category": "边缘易致贫户", "eliminated_month": "202406", "business_cost": "1200.50"},
]


def expected(household: Household, names: set[str]) -> dict[str, Any]:
    return {k: v for k, v in encode_all(household_facts(household)).items() if k in names}


@given(households())
def test_the_reader_of_every_fact_is_household_facts_encoded(household: Household) -> None:
    assert EVERY_FACT.read(household) == expected(household, set(FACTS))


@given(households_with_members(), st.sets(st.sampled_from(sorted(FACTS)), max_size=12))
def test_a_reader_of_some_facts_gives_just_those(household: Household, names: set[str]) -> None:
    assert FactReader(names).read(household) == expected(household, names)


def test_the_reader_on_rare_values() -> None:
    read = []
    for cells in SPECIAL:
        household = Household.model_validate(HOUSEHOLD | cells)
        read.append(EVERY_FACT.read(household))
        assert read[-1] == expected(household, set(FACTS))
    assert (read[0]["id_number_valid"], read[1]["id_number_valid"]) == (1, 0)
    assert (read[0]["risk_is_illness"], read[1]["risk_is_illness"], read[1]["measure_count"]) == (1, 0, 2)
    assert isinstance(read[1]["loan_due"], int) and isinstance(read[2]["identified_month"], int)


@given(households())
def test_the_reader_takes_the_per_capita_income_it_is_given(household: Household) -> None:
    """The engine computes the per-capita income once (it is the band's too) and hands it to the reader,
    which encodes that value rather than computing its own."""
    given_value = household.income_per_capita + Decimal("0.01")
    read = EVERY_FACT.read(household, given_value)
    assert read["income_per_capita"] == int(given_value * 100)
    assert read | {"income_per_capita": int(household.income_per_capita * 100)} == EVERY_FACT.read(household)


@given(households_with_members())
def test_the_engine_reads_what_its_conditions_read(household: Household) -> None:
    """The engine's reader leaves out only facts no condition reads: its assessment, every rule's trace
    included, is the one from all the household's facts."""
    engine = _engine()
    by_reader = engine.evaluate(household, as_of=AS_OF, trace=True)
    by_facts = engine._assess(
        household.household_id,
        household.region_code or REGION,
        AS_OF,
        encode_all(household_facts(household)),
        household.income_per_capita,
        household.household_type,
        household.members,
        True,
    )
    assert by_reader == by_facts
    assert engine._reader.read(household).keys() < household_facts(household).keys()


@given(st.integers(min_value=-(2**53), max_value=2**53))
def test_whole_fen_are_shown_as_the_same_amount_through_a_double(fen: int) -> None:
    """Nearly every money value an explanation shows is whole fen, an int, which :func:`shown` takes
    straight to 元: the amount, digits included (``7`` and ``7.50``, never ``7.00``), is the one its
    general path gives for the same value as a double (a computed term's)."""
    assert str(shown(fen, "money")) == str(shown(float(fen), "money"))


_ENGINE: list[Engine] = []


def _engine() -> Engine:
    if not _ENGINE:
        _ENGINE.append(Engine(load_rulebook()))
    return _ENGINE[0]


@functools.cache
def _checks_engine() -> Engine:
    """An engine of the reference rules and the data checks: conditions of every shape the rulebook has."""
    return Engine(load_rulebook(checks="with"))


# ---- the generated Kleene logic (fanpin.results.explanations._generated) ---------------------------------


def _reference(explainer: RuleExplainer, message: dict[str, Any]) -> tuple[bool | None, tuple[bool | None, ...]]:
    """The condition by the definition: each test by its closure, then Kleene's and/or/not (_value)."""
    outcomes = tuple(t(message) for t in explainer._tests)
    value = _value(explainer.shape, [_OUTCOME[o] for o in outcomes])
    return {"true": True, "false": False, "unknown": None}[value], outcomes


@given(households_with_members(), st.data())
def test_generated_conditions_decide_as_kleene_logic(household: Household, data: st.DataObject) -> None:
    """Every rule's generated decider and test outcomes equal the definition, on the household's engine
    message with some of its properties removed (so that tests are unknown too)."""
    engine = _engine()
    engine._set.warm()
    program = engine._program(household.region_code or REGION, AS_OF)
    message = engine._set.message(engine._reader.read(household), program.rules)
    dropped = data.draw(st.sets(st.sampled_from(sorted(message))))
    message = {k: v for k, v in message.items() if k not in dropped}
    for explainer in engine._set.explainers:
        value, outcomes = _reference(explainer, message)
        assert (explainer.decide(message), explainer._outcomes(message)) == (value, outcomes)
        assert _kleene(explainer.shape, outcomes) is value  # what explanations walk


@given(households_with_members(), st.data())
def test_remembered_explanations_state_each_households_own_values(household: Household, data: st.DataObject) -> None:
    """An explainer remembers the tests it states per combination of outcomes, and a yes/no test's
    comparison per value and region (:meth:`RuleExplainer.why`): what it says of a household is what a
    fresh explainer says, for the household's values and each region's parameters, whichever households
    came before."""
    engine = _engine()
    program = engine._program(household.region_code or REGION, AS_OF)
    message = engine._set.message(engine._reader.read(household), program.rules)
    dropped = data.draw(st.sets(st.sampled_from(sorted(message))))
    message = {k: v for k, v in message.items() if k not in dropped}
    # The same parameters with other values: a region whose comparisons cite other parameter uses.
    other = {k: u.model_copy(update={"value": u.value + 1}) for k, u in program.uses.items()}
    for condition, explainer in zip(engine._set.conditions, engine._set.explainers, strict=True):
        if explainer.decide(message) is not True:
            continue
        fresh = RuleExplainer(condition, engine._set.slots)
        for uses in (program.uses, other, program.uses):
            assert explainer.why(message, uses) == fresh.why(message, uses)


def test_a_remembered_yes_no_comparison_cites_each_regions_parameters() -> None:
    """A member aggregate's yes/no test cites the parameters its member condition reads: the comparison
    an explainer remembers for it is said again only for the same region and date's parameter uses."""
    engine = Engine(load_rulebook(checks="with"))
    program = engine._program(REGION, AS_OF)
    index = engine._ids.index("checks.minor_with_tertiary_education")
    explainer = engine._set.explainers[index]
    (atom,) = explainer.atoms
    assert atom.kind == "truth" and atom.params == ("tertiary_min_age",) and atom.left.slot is not None
    message = {atom.left.slot: 1}
    other = {k: u.model_copy(update={"value": u.value + 1}) for k, u in program.uses.items()}
    said = [explainer.why(message, uses)[0] for uses in (program.uses, program.uses, other, other, program.uses)]
    assert said[0] is said[1] and said[2] is said[3]  # remembered for the last region and date
    cited = [c.parameters[0].value for c in said]
    age = program.uses["tertiary_min_age"].value
    assert cited == [age, age, age + 1, age + 1, age]
    assert said[4] == said[0]


def test_generated_conditions_cover_every_kind_of_test() -> None:
    """Literals on the left, comparisons of two facts, membership, missing, not, nested and/or."""
    text = '0 < size and size < labor_count or not (household_type in {"脱贫户"} and wage_income is missing)'
    condition = check_condition(text, FACTS, {})
    explainer = RuleExplainer(condition, Slots.for_conditions([condition]))
    explainer.compile()
    kinds = {a.kind for a in explainer.atoms}
    assert kinds == {"compare", "in", "missing"}
    for size in (None, 0, 3):
        for labor in (None, 2, 5):
            for kind in (None, "formerly_poor", "ordinary"):
                for wage in (None, 0):
                    message = {"size": size, "labor_count": labor, "household_type": kind, "wage_income": wage}
                    message = {k: v for k, v in message.items() if v is not None}
                    assert (explainer.decide(message), explainer._outcomes(message)) == _reference(explainer, message)


_EVERY_KIND = '0 < size and size < labor_count or not (household_type in {"脱贫户"} and wage_income is missing)'


@given(households_with_members(), st.data())
def test_an_outcome_told_by_absence_alone_is_the_deciders(household: Household, data: st.DataObject) -> None:
    """:meth:`RuleExplainer.without`: where it says the absence of some properties alone decides a condition
    (true, false or unknown), the condition's decider says so on the message lacking them, for every rule
    of the rulebook with the data checks and a condition of every kind of test; and the engine's
    not-evaluable rules (planned per set of absent properties) are those of the definition."""
    engine = _checks_engine()
    program = engine._program(household.region_code or REGION, AS_OF)
    message = engine._set.message(engine._reader.read(household), program.rules)
    dropped = data.draw(st.sets(st.sampled_from(sorted(message))))
    message = {k: v for k, v in message.items() if k not in dropped}
    condition = check_condition(_EVERY_KIND, FACTS, {})
    every = RuleExplainer(condition, Slots.for_conditions([condition]))
    absent = frozenset(dropped) | (engine._set.all_needs - message.keys())
    for explainer in [*engine._set.explainers, every]:
        outcome = explainer.without(absent)
        if outcome is not VARIES:
            assert explainer.decide(message) is outcome
    fired = set(data.draw(st.sets(st.integers(0, len(engine._set.conditions) - 1))))
    absent = engine._set.all_needs.difference(message)
    needs, deciders = engine._set.needs, engine._set.deciders
    expected = {i for i in range(len(needs)) if i not in fired and not needs[i].isdisjoint(absent)}
    expected = {i for i in expected if deciders[i](message) is None}
    assert engine._set._unknown(message, fired, absent) == expected
    assert engine._set._unknown(message, fired, absent) == expected  # planned once, then kept


@given(st.data())
def test_absence_decides_by_the_slots_the_tests_compare_alone(data: st.DataObject) -> None:
    """:meth:`RuleExplainer.without` of any set of absent properties is its answer for the part of the set that
    its tests compare (:attr:`RuleExplainer.slots_read`): the engine's plans remember it per such part, for
    every rule of the rulebook with the data checks and a condition of every kind of test."""
    engine = _checks_engine()
    condition = check_condition(_EVERY_KIND, FACTS, {})
    explainers = [*engine._set.explainers, RuleExplainer(condition, Slots.for_conditions([condition]))]
    names = sorted(engine._set.all_needs | {"size", "labor_count", "household_type", "wage_income", "not_a_slot"})
    absent = frozenset(data.draw(st.sets(st.sampled_from(names))))
    for explainer in explainers:
        assert explainer.without(absent) is explainer.without(absent & explainer.slots_read)


def test_the_plans_of_absence_are_bounded(monkeypatch: Any) -> None:
    """The plans per set of absent properties, and each condition's answers per part of such a set, are kept
    up to :data:`~fanpin.durable.engine._ABSENT_SETS` each, then made again: the same not-evaluable rules."""
    monkeypatch.setattr(engine_module, "_ABSENT_SETS", 2)
    book = load_rulebook()
    bounded, engine = Engine(book), _engine()
    record = HOUSEHOLD | {
        "labor_count": 1,
        "prev_income_per_capita": 9000,
        "medical_out_of_pocket": 30000,
        "prev_rigid_expense": 2000,
        "housing_unsafe": False,
        "dropout": True,
        "water_unsafe": False,
        "uninsured_member": True,
    }
    optional = list(record)[-8:]
    for n in range(len(optional)):  # households lacking different facts: sets of absent properties in turn
        household = Household.model_validate({k: v for k, v in record.items() if k not in optional[n : n + 3]})
        assert bounded.evaluate(household, as_of=AS_OF) == engine.evaluate(household, as_of=AS_OF)
    kept = {type(c.cell_contents).__name__: c.cell_contents for c in bounded._set._unknown.__closure__ or ()}
    plans, planned = kept["dict"], kept["function"]
    conditions = next(c.cell_contents for c in planned.__closure__ if isinstance(c.cell_contents, list))
    assert 0 < len(plans) <= 2
    decided = [condition[-1] for condition in conditions]
    assert any(decided) and all(len(d) <= 2 for d in decided)


def _explainer(text: str) -> RuleExplainer:
    condition = check_condition(text, FACTS, {})
    return RuleExplainer(condition, Slots.for_conditions([condition]))


def test_absence_tells_each_kind_of_test_and_its_combinations() -> None:
    """:meth:`RuleExplainer.without` of each kind of test and of and/or/not around them (a plain fact's
    engine property is its name)."""
    every = _explainer(_EVERY_KIND)
    assert every.without(frozenset()) is VARIES
    assert every.without(frozenset({"wage_income"})) is VARIES  # is missing: true, so not (kind in … and true)
    assert every.without(frozenset({"size", "labor_count", "household_type"})) is VARIES  # the is missing test
    assert every.without(frozenset({"size", "household_type", "wage_income"})) is None  # unknown or unknown
    assert every.without(frozenset({"size", "labor_count", "household_type", "wage_income"})) is None
    assert _explainer("dropout").without(frozenset({"dropout"})) is None
    assert _explainer("dropout").without(frozenset({"size"})) is VARIES
    assert _explainer("wage_income is missing or size > 3").without(frozenset({"wage_income"})) is True
    assert _explainer("not (wage_income is missing) and size > 3").without(frozenset({"wage_income"})) is False
    assert _explainer("size > 3 and dropout").without(frozenset({"dropout"})) is VARIES  # false or unknown


# ---- a warm engine (generated source) answers as a cold one (closures) -------------------------------------


_COLD: list[Engine] = []
_WARM: list[Engine] = []


@given(households_with_members())
def test_a_warm_engine_answers_as_a_cold_one(household: Household) -> None:
    """After :data:`~fanpin.durable.engine.WARM` households an engine swaps in generated source for its
    conditions (:meth:`RuleExplainer.compile`) and computed terms (:func:`compile_terms`): the same
    assessments, every rule's trace included."""
    if not _COLD:
        _COLD.append(Engine(load_rulebook()))
        warm = Engine(load_rulebook())
        for _ in range(engine_module.WARM):
            warm.evaluate(Household.model_validate(HOUSEHOLD), as_of=AS_OF)
        _WARM.append(warm)
    cold, warm = _COLD[0], _WARM[0]
    program = warm._program(REGION, AS_OF)
    assert program.rules.computed.__code__.co_filename == "<fanpin terms>"
    assert warm._set.explainers[0].decide.__code__.co_filename == "<fanpin condition>"
    assert {d.__code__.co_filename for d in warm._set.deciders} == {"<fanpin condition>"}
    (session,) = program.rules.variant.durable._rulesets
    assert session.compiled.fact_text.__code__.co_filename == "<fanpin fact>"  # adapter.WARM_FACTS
    (cold_session,) = cold._program(REGION, AS_OF).rules.variant.durable._rulesets
    assert cold_session.compiled.facts < WARM_FACTS
    assert cold_session.compiled.fact_text.__code__.co_filename != "<fanpin fact>"
    assert warm._set._evaluations >= engine_module.WARM
    assert cold._set._evaluations < engine_module.WARM
    region = household.region_code or REGION
    assert warm.evaluate(household, as_of=AS_OF, trace=True) == cold.evaluate(household, as_of=AS_OF, trace=True)
    assert warm._program(region, AS_OF).rules.computed.__code__.co_filename == "<fanpin terms>"


@given(st.one_of(st.none(), st.decimals(min_value=-100_000, max_value=100_000, places=2)))
def test_the_band_from_edges_is_classify_income_band(per_capita: Decimal | None) -> None:
    program = _engine()._program(REGION, AS_OF)
    assert engine_module._band(per_capita, program.edges) == classify.income_band(per_capita, program.params)
    edges = program.edges
    assert edges is not None
    for edge in edges:  # exactly on an edge belongs to the band above it
        assert engine_module._band(edge, edges) == classify.income_band(edge, program.params)
    assert engine_module._band(per_capita, None) is None


#: Rule ids the suggested category reads, and two it does not.
_CATEGORY_RULES = sorted({*classify.SHOCKS, *classify.GUARANTEES, classify.AFTER_RIGID, "income.below_line", "x.y"})


@given(
    st.sampled_from([None, "below_line", "near_line", "above_line", "far_above"]),
    st.sampled_from([None, *HouseholdType]),
    st.lists(st.sampled_from(_CATEGORY_RULES), unique=True),
)
def test_the_suggested_category_is_its_definition(
    band: Any, household_type: HouseholdType | None, fired: list[str]
) -> None:
    """:func:`classify.suggested_category` (which looks for a shock before a guarantee problem) is the
    module's definition: below the line by the household type; else ``income.below_after_rigid``, or a
    guarantee problem together with a shock; else none."""
    if band == "below_line":
        expected = "unstable_lifted" if household_type is HouseholdType.FORMERLY_POOR else "marginal"
    elif classify.AFTER_RIGID in fired or (
        any(r.startswith("guarantee.") for r in fired) and any(r in classify.SHOCKS for r in fired)
    ):
        expected = "sudden_hardship"
    else:
        expected = None
    assert classify.suggested_category(band, household_type, fired) == expected
    assert classify.suggested_category(band, household_type, set(fired)) == expected


def test_eight_threads_across_the_warm_threshold_get_the_sequential_results() -> None:
    """A fresh engine used by 8 threads compiles its generated source once, mid-run, while the other
    threads evaluate: every assessment is the one a single thread gets."""
    households = [
        Household.model_validate(HOUSEHOLD | {"wage_income": 1000 * (i % 40), "housing_unsafe": i % 3 == 0})
        for i in range(engine_module.WARM // 4)
    ]
    expected = [_engine().evaluate(h, as_of=AS_OF, trace=True) for h in households]
    engine = Engine(load_rulebook())
    with ThreadPoolExecutor(max_workers=8) as pool:
        for _ in range(6):  # 1.5 × WARM evaluations in all
            got = list(pool.map(lambda h: engine.evaluate(h, as_of=AS_OF, trace=True), households))
            assert got == expected
    assert engine._set.warmed and engine._program(REGION, AS_OF).rules.warmed


def _deep_rules(tmp_path: Path) -> Path:
    """A rule nesting ``and``/``or`` as deep as the loader allows, and one whose arithmetic does."""
    depth = MAX_NESTING - 1
    condition = "income_per_capita < 10000"
    for i in range(depth):
        # "or" levels pass the inner part through (no household has 100 members), "and" levels need one
        condition = f"(size >= 1 and {condition})" if i % 2 else f"(size > 100 or {condition})"
    term = "size" + " + size" * (depth - 1)
    cases = """    cases:
      - {name: a, facts: {}, expect: not_evaluable}
      - {name: b, facts: {size: 0, income_per_capita: 5}, expect: silent}
      - {name: c, facts: {size: 1, income_per_capita: 0}, expect: fires}
"""
    rules = f"""rules:
  - id: local.deep_logic
    title: {{zh: 深层条件, en: deep logic}}
    level: yellow
    kind: watch
    when: "{condition}"
    basis: the deepest condition the loader accepts
    measures: [monitoring.home_visit]
{cases}  - id: local.deep_term
    title: {{zh: 深层算式, en: deep arithmetic}}
    level: yellow
    kind: watch
    when: "{term} > 40 or income_per_capita < 1"
    basis: the longest chain the loader accepts
    measures: [monitoring.home_visit]
{cases}case_defaults: {{region: "532328", as_of: 2025-06-30}}
"""
    (tmp_path / "deep.yaml").write_text(rules, encoding="utf-8")
    return tmp_path


def test_a_condition_too_deep_for_pythons_compiler_keeps_its_closures_when_warm(tmp_path: Path) -> None:
    """Python's compiler refuses more than 20 nested blocks (``SyntaxError: too many statically nested
    blocks``), and a condition may nest 32 levels: once warm, such a condition keeps its closures, and the
    engine answers as a cold one."""
    book = load_rulebook(_deep_rules(tmp_path))
    households = [
        Household.model_validate(HOUSEHOLD | {"size": size, "wage_income": wage})
        for size in (1, 2, 3, 7)
        for wage in (0, 50_000)
    ]
    cold = Engine(book)
    expected = [cold.evaluate(h, as_of=AS_OF, trace=True) for h in households]
    warm = Engine(book)
    for _ in range(engine_module.WARM):
        warm.evaluate(households[0], as_of=AS_OF)
    assert warm._set.warmed and warm._program(REGION, AS_OF).rules.warmed
    assert [warm.evaluate(h, as_of=AS_OF, trace=True) for h in households] == expected
    assert any("local.deep_logic" in {f.rule_id for f in a.flags} for a in expected)
    assert any("local.deep_term" in {f.rule_id for f in a.flags} for a in expected)
