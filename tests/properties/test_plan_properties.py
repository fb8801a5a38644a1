"""Properties of the plan, bands, categories and levels (issue: complete rule set and 一户一策)."""

from __future__ import annotations

import random
import shutil
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from fanpin import Engine, Household, Rulebook, load_rulebook
from fanpin.errors import ConfigError
from fanpin.model.values import FEN, MAX_MONEY
from fanpin.pipeline import score_household
from fanpin.results.classify import SHOCKS, income_band
from fanpin.results.plan import check_plannable, due_date, has_labour
from fanpin.testing import households, money_amounts
from tests.helpers import AS_OF, REGION

_LEVELS = {"none": 0, "yellow": 1, "orange": 2, "red": 3}


@given(households())
def test_every_fired_risk_rule_yields_a_planned_measure(engine: Engine, household: Household) -> None:
    row = score_household(engine, household, as_of=AS_OF)
    answered = {rule for planned in row.plan for rule in planned.answers}
    for flag in row.assessment.flags:
        if flag.level != "info":
            assert flag.rule_id in answered, flag.rule_id


@given(households())
def test_no_labour_means_no_development_measure(engine: Engine, household: Household) -> None:
    row = score_household(engine, household, as_of=AS_OF)
    if has_labour(household) is False:
        assert not [p.measure.id for p in row.plan if p.measure.development]


@given(households())
def test_welfare_measures_only_without_labour_or_in_the_dibao_band(engine: Engine, household: Household) -> None:
    row = score_household(engine, household, as_of=AS_OF)
    if any(p.measure.welfare for p in row.plan):
        assert has_labour(household) is False or "welfare.dibao_band" in row.assessment.flag_ids


@given(households())
def test_plan_is_unique_ordered_by_level_and_due_from_as_of(engine: Engine, household: Household) -> None:
    row = score_household(engine, household, as_of=AS_OF)
    ids = [p.measure.id for p in row.plan]
    assert len(ids) == len(set(ids))
    for p in row.plan:
        assert (p.due - AS_OF).days == p.measure.deadline_days
    levels = {f.rule_id: f.level for f in row.assessment.flags}
    order = {"red": 0, "orange": 1, "yellow": 2, "info": 3}
    first_level = [min(order[levels[r]] for r in p.answers) for p in row.plan]
    assert first_level == sorted(first_level)


@given(money_amounts(min_value=-5000, max_value=40_000, near=(8700, 10440, 17400)))
def test_income_bands_partition_the_line(book: Rulebook, income: Decimal) -> None:
    params = book.parameters.resolve_all(
        ["monitoring_line", "near_line_multiple", "over_inclusion_multiple"], REGION, AS_OF
    )
    band = income_band(income, params)
    edges = [Decimal(8700), Decimal(10440), Decimal(17400)]
    expected = ["below_line", "near_line", "above_line", "far_above"][sum(income >= e for e in edges)]
    assert band == expected


@given(households())
def test_suggested_category_is_justified(engine: Engine, household: Household) -> None:
    a = engine.evaluate(household, as_of=AS_OF)
    fired = set(a.flag_ids)
    if a.suggested_category in ("unstable_lifted", "marginal"):
        assert a.income_band == "below_line"
        assert (a.suggested_category == "unstable_lifted") == (household.household_type.value == "formerly_poor")
    if a.suggested_category == "sudden_hardship":
        guarantee = any(r.startswith("guarantee.") for r in fired)
        assert "income.below_after_rigid" in fired or (guarantee and fired & SHOCKS)


@given(households())
def test_audit_missed_agrees_with_the_suggested_category(engine: Engine, household: Household) -> None:
    a = engine.evaluate(household, as_of=AS_OF)
    outside = household.monitoring_category is None or household.risk_eliminated is True
    if "audit.missed" in a.flag_ids:
        assert outside and a.suggested_category is not None
    if outside and a.suggested_category is not None:
        assert "audit.missed" in a.flag_ids


@given(
    households(allow_unknown=False),
    st.sampled_from(["合规自付支出", "教育支出", "因灾因意外支出"]),
    money_amounts(min_value=0, max_value=60_000),
)
def test_raising_any_spending_never_lowers_the_alert_level(
    engine: Engine, household: Household, column: str, extra: Decimal
) -> None:
    record = household.model_dump(by_alias=False, exclude_computed_fields=True)
    field = {
        "合规自付支出": "medical_out_of_pocket",
        "教育支出": "education_expense",
        "因灾因意外支出": "disaster_loss",
    }
    # At most the largest amount the model accepts (the strategies reach it).
    record[field[column]] = min((getattr(household, field[column]) or Decimal(0)) + extra, MAX_MONEY - FEN)
    record["id_number"] = None
    record["head_name"] = None
    raised = Household.model_validate(record)
    before = engine.evaluate(household, as_of=AS_OF).alert_level
    after = engine.evaluate(raised, as_of=AS_OF).alert_level
    assert _LEVELS[after] >= _LEVELS[before]


@given(st.lists(households(), min_size=2, max_size=6, unique_by=lambda h: h.household_id), st.randoms())
def test_results_do_not_depend_on_household_order(engine: Engine, many: list[Household], rng: random.Random) -> None:
    first = {h.household_id: engine.evaluate(h, as_of=AS_OF) for h in many}
    shuffled = list(many)
    rng.shuffle(shuffled)
    assert {h.household_id: engine.evaluate(h, as_of=AS_OF) for h in shuffled} == first


@pytest.fixture(scope="module")
def renamed_rules(tmp_path_factory: pytest.TempPathFactory) -> Rulebook:
    """The reference rules copied under reversed file names (so they load in the opposite order)."""
    from fanpin.rulebook.loader import reference_rules_dir

    folder = tmp_path_factory.mktemp("rules")
    files = sorted(reference_rules_dir().glob("*.yaml"))
    for i, path in enumerate(reversed(files)):
        shutil.copy(path, folder / f"{i:02d}_{path.name}")
    return load_rulebook(folder, reference=False)


@given(households())
def test_results_do_not_depend_on_the_order_of_rule_files(
    engine: Engine, renamed_rules: Rulebook, household: Household
) -> None:
    other = _engines.setdefault(id(renamed_rules), Engine(renamed_rules))
    a, b = engine.evaluate(household, as_of=AS_OF), other.evaluate(household, as_of=AS_OF)
    assert a.model_copy(update={"rulebook_version": ""}) == b.model_copy(update={"rulebook_version": ""})


_engines: dict[int, Engine] = {}


def test_reference_rules_dir_is_a_folder() -> None:
    from fanpin.rulebook.loader import reference_rules_dir

    assert Path(reference_rules_dir(), "parameters.yaml").is_file()


@given(
    st.dates(min_value=date.max - timedelta(days=800)),
    st.lists(st.integers(min_value=1, max_value=366), min_size=1, max_size=4),
)
@example(date(9998, 12, 30), [366])  # the last date checked by no measure
@example(date(9998, 12, 31), [366])  # the first date refused
@example(date(9998, 12, 31), [365])
@example(date(9999, 12, 30), [1, 2])
@example(date(9999, 12, 30), [1])
def test_a_plan_date_is_refused_exactly_when_a_due_date_would_pass_the_last_date(
    book: Rulebook, as_of: date, deadlines: list[int]
) -> None:
    """``check_plannable`` skips the measure-by-measure check up to a year and a day before the last
    date; whatever the date and the deadlines, it refuses exactly the dates on which some measure's due
    date cannot be written."""
    template = next(iter(book.measures.values()))  # the session's rulebook: not loaded again each example
    measures = {
        f"m{n}": template.model_copy(update={"id": f"m{n}", "deadline_days": d}) for n, d in enumerate(deadlines)
    }
    overflows = as_of > date.max - timedelta(days=max(deadlines))
    if overflows:
        with pytest.raises(ConfigError, match="past 9999-12-31"):
            check_plannable(measures, as_of)
    else:
        check_plannable(measures, as_of)
        assert all(due_date(as_of, m) <= date.max for m in measures.values())
