"""The rule author's kit (fanpin.testing): thresholds of a loaded rulebook, strategies drawn on and one
step either side of them, one-call properties on both engines, failing examples that show their facts,
and no compilation inside an example."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from fanpin import Household, load_rulebook
from fanpin.errors import ConfigError
from fanpin.regions import PROVINCE_CODES, is_region_code
from fanpin.testing import Outcome, RuleKit, as_of_dates, households, regions, rule_thresholds
from tests.helpers import AS_OF, HOUSEHOLD, REGION, county_of_another_region, fewer_examples
from tests.paths import EXAMPLES

PLANTED = Path(__file__).parent / "fixtures" / "planted_boundary"
ID = "532328199001011234"


@pytest.fixture(scope="module")
def county() -> RuleKit:
    """The county override (its own line of 9000 for 532328) at the example date."""
    return RuleKit(load_rulebook(EXAMPLES / "county_override"), region=REGION, as_of=AS_OF)


@pytest.fixture(scope="module")
def planted() -> RuleKit:
    return RuleKit(load_rulebook(PLANTED), region=REGION, as_of=AS_OF)


def test_given_facts_replace_the_drawn_other_facts_the_first_example_included(planted: RuleKit) -> None:
    """The kit always tried a first example with every other fact unknown, even under ``given_facts=``:
    the failure it reported was for facts the author had not given."""
    from hypothesis import strategies as st

    ill = st.just({"serious_illness_count": 2})
    tried: list[dict[str, object]] = []
    outcomes = planted.outcomes

    def spied(*facts: dict[str, object]) -> list[dict[str, Outcome]]:
        tried.extend(facts)
        return outcomes(*facts)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(planted, "outcomes", spied)
        with pytest.raises(AssertionError) as caught:
            planted.assert_boundary("local.ill_below_line", "income_per_capita", fires="below", given_facts=ill)
        planted.assert_boundary("local.ill_below_line", "income_per_capita", fires="at_or_below", given_facts=ill)
    message = str(caught.value)
    assert "Other facts: serious_illness_count=2" in message and "every fact unknown" not in message, message
    assert tried and all(f.get("serious_illness_count") == 2 for f in tried)


def test_thresholds_are_the_loaded_rulebooks_for_the_region_and_date(county: RuleKit) -> None:
    below = county.thresholds("income_per_capita", rule="income.below_line")
    assert [(t.operator, t.value, t.parameters) for t in below] == [("<", Decimal(9000), ("monitoring_line",))]
    assert below[0].points() == (Decimal("8999.99"), Decimal(9000), Decimal("9000.01"))
    local = county.thresholds("income_per_capita", rule="local.serious_illness_near_line")
    assert [t.value for t in local] == [Decimal(10800)]  # 1.2 × the county's 9000, folded exactly
    # Elsewhere in Yunnan the province's line holds; a month threshold is a month before the date.
    yunnan = {
        t.value for t in rule_thresholds(county.rulebook, region="530102", as_of=AS_OF) if t.rule == "income.below_line"
    }
    assert yunnan == {Decimal(8700)}
    ready = county.thresholds("identified_month", rule="monitoring.elimination_ready")
    assert [(t.operator, t.value) for t in ready] == [("<=", "202412")]  # months_since(m) >= 6 on 2025-06-30
    assert county.thresholds("serious_illness_count")[0].points() == (0, 1, 2)
    assert county.thresholds("loan_balance", rule="credit.non_productive_use")[0].points()[0] is None  # never < 0


def test_the_reference_rules_hold_their_boundaries_on_both_engines(county: RuleKit) -> None:
    # 12 examples a property are enough to see each step: the first has every other fact unknown, which shows it.
    with fewer_examples(12):
        county.assert_boundary("income.below_line", "income_per_capita", fires="below")
        county.assert_boundary("income.deep_low", "income_per_capita", fires="below")
        county.assert_boundary("local.serious_illness_near_line", "income_per_capita", fires="below")
        county.assert_boundary("local.serious_illness_near_line", "serious_illness_count", fires="at_or_above")
        county.assert_boundary(
            "welfare.dibao_edge_band", "income_per_capita", fires="below", threshold="dibao_edge_multiple * dibao_line"
        )
        county.assert_boundary("monitoring.elimination_ready", "identified_month", fires="at_or_below")
    # The loan rule fires only where a loan, a due date and a low or falling income meet: about one drawn
    # household in five lets loan_due decide it, and 12 examples missed every such one in 10 runs of 200
    # (measured at cf6be9d and after; 0 of 200 with 40).
    with fewer_examples(40):
        county.assert_boundary("credit.repayment_risk", "loan_due", fires="at_or_below")


def test_the_kit_finds_a_planted_boundary_on_the_wrong_side(planted: RuleKit) -> None:
    """The fixture's rule says ``<=`` where ``<`` was meant; its own cases pass, the kit does not."""
    with pytest.raises(AssertionError) as caught:
        planted.assert_boundary("local.ill_below_line", "income_per_capita", fires="below")
    message = str(caught.value)
    assert "does not change exactly at income_per_capita < monitoring_line (= 8700)" in message
    # On the line the rule is not silent (it fires, or is not evaluable while the illness is unknown), as
    # it is one fen above: the outcome changes on the side where the stated test does not hold.
    assert re.search(r"income_per_capita=8700 \(on\): (fires|not_evaluable)", message)
    assert "income_per_capita=8700.01 (one step above): silent" in message
    assert "Other facts: " in message
    notes = "\n".join(getattr(caught.value, "__notes__", []))
    assert "boundary(\n    facts=" in notes and "income_per_capita=8700 (on)" in notes
    # Stated as it is written, the same rule passes.
    planted.assert_boundary("local.ill_below_line", "income_per_capita", fires="at_or_below")


def test_a_boundary_stated_at_the_wrong_threshold_is_found(county: RuleKit) -> None:
    with pytest.raises(AssertionError, match="never changed"):
        county.assert_boundary("income.below_line", "income_per_capita", fires="below", threshold=8700)


def test_monotone_bands_and_the_override(county: RuleKit) -> None:
    with fewer_examples(12):
        county.assert_monotone("income.below_line", "income_per_capita", fires="below")
        county.assert_monotone("expense.medical_burden", "medical_out_of_pocket", fires="above")
        county.assert_bands_partition()
        county.assert_override_changes_only()


def test_an_override_that_changes_more_than_it_declares_is_found(county: RuleKit) -> None:
    with pytest.raises(AssertionError, match="changes rules it should not") as caught:
        county.assert_override_changes_only(rules={"local.serious_illness_near_line", "income.near_line"})
    assert "income.below_line" in str(caught.value) or "audit" in str(caught.value)


def test_the_rules_allowed_to_change_given_first_are_told_to_be_given_as_rules(county: RuleKit) -> None:
    """``assert_override_changes_only(["R03"])`` (the rules allowed to change, given as its first argument, the
    rulebook to compare with) had been told "RuleKit takes a Rulebook, not list", a call the author never made."""
    for written in (["local.serious_illness_near_line"], "local.serious_illness_near_line"):
        with pytest.raises(ConfigError, match="first argument is the rulebook to compare with") as caught:
            county.assert_override_changes_only(written)  # type: ignore[arg-type]
        assert "rules=[" in (caught.value.fix or "")


def test_helpers_say_what_is_wrong_with_their_arguments(county: RuleKit) -> None:
    with pytest.raises(Exception, match=r"did you mean income\.below_line"):
        county.assert_fires("income.below_lin", {})
    with pytest.raises(Exception, match="2 thresholds"):
        county.assert_boundary("welfare.dibao_edge_band", "income_per_capita", fires="below")
    county.assert_fires("income.below_line", {"income_per_capita": "8999.99"})
    county.assert_silent("income.below_line", {"income_per_capita": "9000"})
    county.assert_not_evaluable("income.below_line", {})
    with pytest.raises(AssertionError, match=r"expected fires, got silent .* income_per_capita=9000 元 \(人均纯收入\)"):
        county.assert_fires("income.below_line", {"income_per_capita": "9000"})


def test_a_misspelt_fact_or_rule_is_refused_not_answered_with_nothing(county: RuleKit) -> None:
    """``thresholds("income_per_captia")`` gave () and a rule author's loop over it passed without testing
    anything; ``values`` and ``outcome`` raised a bare KeyError, a bad value a bare ValueError, and a
    region or date of the wrong type a TypeError."""
    from hypothesis.errors import InvalidArgument

    from fanpin.errors import ConfigError

    with pytest.raises(InvalidArgument, match="did you mean income_per_capita"):
        county.thresholds("income_per_captia")
    with pytest.raises(InvalidArgument, match=r"did you mean income\.below_line"):
        county.thresholds("income_per_capita", rule="income.below_lin")
    assert county.thresholds("age") == ()  # a member fact (no rule here compares it): known, not refused
    with pytest.raises(InvalidArgument, match="no household fact 'income_per_captia'"):
        county.values("income_per_captia")
    with pytest.raises(InvalidArgument, match="no household fact 'income_per_captia'"):
        county.outcome("income.below_line", {"income_per_captia": 1})
    with pytest.raises(InvalidArgument, match="fact 'income_per_capita': not an amount"):
        county.outcome("income.below_line", {"income_per_capita": "abc"})
    # meant exactly: 8699.995 had been read as 8700.00 (silent where the author meant just below the line)
    with pytest.raises(
        InvalidArgument, match=re.escape("8699.995 has a part of a fen: it would be read as 8700.00; write 8699.99")
    ):
        county.outcome("income.below_line", {"income_per_capita": "8699.995"})
    with pytest.raises(ConfigError, match="region"):
        RuleKit(county.rulebook, region=532328, as_of=AS_OF)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="as_of is str"):
        RuleKit(county.rulebook, region=REGION, as_of="2025-06-30")  # type: ignore[arg-type]


def test_no_example_pays_for_a_compilation(county: RuleKit) -> None:
    """Building the kit compiled both engines for its region and date, so hypothesis' deadline holds from
    the first example: no helper adds a program."""
    before = (len(county.engine._programs), len(county.batch._programs))
    assert (REGION, AS_OF) in county.engine._programs
    # The bounded programs (fanpin.batch.compiler.FACT_BOUNDS): the model keeps every example within them.
    assert {(AS_OF, "zh", "rules", True), (AS_OF, "zh", "outcomes", True)} <= set(county.batch._programs)
    county.assert_boundary("income.below_line", "income_per_capita", fires="below")
    county.assert_bands_partition()
    assert (len(county.engine._programs), len(county.batch._programs)) == before
    # A second kit of the same rulebook shares its engines.
    again = RuleKit(county.rulebook, region=REGION, as_of=AS_OF)
    assert again.engine is county.engine and again.batch is county.batch


def test_kit_households_land_on_the_rulebooks_thresholds(county: RuleKit) -> None:
    """Derandomized: the strategy lands on one of the county's lines in about one draw of sixteen (126 of
    2 000), but on some seeds hypothesis' first 200 draws held 40 distinct incomes, none of them these (the
    test failed about one run in ten)."""
    seen: set[Decimal] = set()

    @settings(max_examples=200, database=None, derandomize=True)
    @given(county.households())
    def draw(household: Household) -> None:
        assert household.region_code == REGION
        seen.add(household.income_per_capita)

    draw()
    assert seen & {Decimal("8999.99"), Decimal(9000), Decimal("9000.01"), Decimal("10799.99"), Decimal(10800)}


def test_a_failing_example_prints_the_households_facts_with_personal_data_masked() -> None:
    # Every example fails: the first one drawn is reported, not shrunk (shrinking a household took 7-11 s of the
    # suite and proves nothing here), and derandomized, so that it is the same household on every run.
    @settings(max_examples=30, database=None, derandomize=True, phases=(Phase.explicit, Phase.generate))
    @given(households(), st.just(Household.model_validate(HOUSEHOLD | {"户主证件号码": ID, "户主姓名": "李某华"})))
    def fails(household: Household, other: Household) -> None:
        assert household.size > 99

    with pytest.raises(AssertionError) as caught:
        fails()
    notes = "\n".join(getattr(caught.value, "__notes__", []))
    assert "Failing test case" in notes
    assert "household=Household.model_validate({'household_id': 'H0" in notes  # a drawn household
    assert "'wage_income': '" in notes and "'size': " in notes
    assert "'id_number': '5323**********1234'" in notes and "'head_name': '李**'" in notes
    assert ID not in notes and "李某华" not in notes


def test_regions_and_dates_where_parameters_change(county: RuleKit) -> None:
    codes: set[str] = set()
    days: set[date] = set()

    @settings(max_examples=300, database=None, derandomize=True)
    @given(
        regions(county.rulebook, parameter="monitoring_line"),
        as_of_dates(county.rulebook, parameter="monitoring_line", region=REGION),
    )
    def draw(code: str, day: date) -> None:
        codes.add(code)
        days.add(day)

    draw()
    assert {"53", "532328"} <= codes and any(not c.startswith(("53", "13", "63", "36")) for c in codes)
    # every code a real one: the code outside the regions with values had been 99, which names no province
    assert all(is_region_code(c) and c[:2] in PROVINCE_CODES for c in codes), codes
    # inside the county, a village's code as households carry it (the county's own had been its "inside")
    assert any(len(c) == 12 and c.startswith("532328") for c in codes), codes
    assert {date(2024, 12, 31), date(2025, 1, 1), date(2025, 1, 2)} <= days


# ---- thresholds inside member conditions ----------------------------------------------------------------

PLANTED_MEMBERS = Path(__file__).parent / "fixtures" / "planted_member_boundary"
#: The fixture's correct rules, one per kind of member condition, each on a member's age >= 60.
ELDERLY_RULES = (
    "local.elderly_member",
    "local.all_elderly",
    "local.two_elderly",
    "local.mostly_elderly",
    "local.elderly_person",
)


@pytest.fixture(scope="module")
def elderly() -> RuleKit:
    return RuleKit(load_rulebook(PLANTED_MEMBERS), region=REGION, as_of=AS_OF)


def _age(record: dict[str, str]) -> int | None:
    """A drawn member's age at the example date, as the engines compute it (None: unknown)."""
    from fanpin.model.member import Member
    from fanpin.model.member_facts import age_on, member_facts

    born = member_facts(Member.model_validate(record)).get("birth_date")
    return None if born is None else age_on(born, AS_OF)


def test_thresholds_inside_member_conditions_are_the_kits(elderly: RuleKit) -> None:
    """any, all, count, share and a member-scope rule: each rule's member threshold is found, as a member's
    age; age_on() thresholds are the birth date's."""
    for rule in (*ELDERLY_RULES, "local.elderly_member_bug"):
        [threshold] = elderly.thresholds("age", rule=rule, scope="member")
        assert threshold.value == 60 and threshold.points() == (59, 60, 61), rule
        assert threshold.operator == (">" if rule.endswith("bug") else ">=")
        assert str(threshold).startswith(f"{rule}: a member's age ")
    assert elderly.thresholds("age", scope="household") == ()
    # count(members, age >= 60) >= 2: the 2 is a count of members, which no fact gives, so it is not listed
    assert [t for t in elderly.thresholds(rule="local.two_elderly") if t.scope == "household"] == []
    pack = RuleKit(load_rulebook(checks="with"), region=REGION, as_of=AS_OF)
    assert {"age", "birth_date", "disability_level"} <= {t.fact for t in pack.thresholds(scope="member")}


def test_kit_members_land_on_and_either_side_of_member_thresholds(elderly: RuleKit) -> None:
    """Ages 59, 60 and 61 at the date, and the 60th birthday itself, the day before and the day after."""
    ages: set[int] = set()
    days: set[int] = set()
    birthday = AS_OF.replace(year=AS_OF.year - 60)

    @settings(max_examples=300, database=None, derandomize=True)
    @given(elderly.members(rules=["local.elderly_member"]))
    def draw(members: tuple[dict[str, str], ...] | None) -> None:
        for record in members or ():
            age = _age(record)
            if age is not None:
                ages.add(age)
            if "出生日期" in record:
                days.add((date.fromisoformat(record["出生日期"]) - birthday).days)

    draw()
    assert {59, 60, 61} <= ages
    assert {-1, 0, 1} <= days


def test_the_reference_member_boundaries_hold(elderly: RuleKit) -> None:
    with fewer_examples(12):
        for rule in ELDERLY_RULES:
            elderly.assert_boundary(rule, "age", fires="at_or_above")


def test_the_kit_finds_a_planted_member_boundary_on_the_wrong_side(elderly: RuleKit) -> None:
    """The rule's title says 60 or more, its member condition says ``age > 60``; its own cases pass (no member
    is exactly 60), the kit's member on the boundary does not."""
    with pytest.raises(AssertionError) as caught:
        elderly.assert_boundary("local.elderly_member_bug", "age", fires="at_or_above")
    message = str(caught.value)
    assert "does not change exactly at age >= local_elderly_age (= 60)" in message
    assert "age=60 (on): silent" in message and "age=61 (one step above): fires" in message
    elderly.assert_boundary("local.elderly_member_bug", "age", fires="above")  # as it is written


def test_the_strategies_find_the_planted_member_bug_by_themselves(elderly: RuleKit) -> None:
    """A property as a rule author writes it with the kit's strategies: the rule fires exactly when some member
    is 60 or older (unknown when an age is unknown and none is 60 or older). It holds for the correct rule and
    fails for the planted one: hypothesis draws a member who is exactly 60."""

    def expected(facts: dict[str, object]) -> str:
        members = facts.get("members")
        if members is None:
            return "not_evaluable"
        ages = [_age(m) for m in members]  # type: ignore[attr-defined]
        if any(a is not None and a >= 60 for a in ages):
            return "fires"
        return "not_evaluable" if None in ages else "silent"

    # Derandomized (the same 200 draws on every run), and a failing example reported as drawn, not shrunk:
    # with random draws, shrinking the household took 27 s in one run of the suite and over 8 minutes in another.
    draws = settings(max_examples=200, database=None, derandomize=True, phases=(Phase.explicit, Phase.generate))

    @draws
    @given(elderly.facts(rules=["local.elderly_member_bug"]))
    def fires_from_60(facts: dict[str, object]) -> None:
        assert elderly.outcome("local.elderly_member_bug", facts) == expected(facts)

    with pytest.raises(AssertionError) as caught:
        fires_from_60()
    notes = "\n".join(getattr(caught.value, "__notes__", []))
    assert "Falsifying example" in notes or "Failing test case" in notes
    # The same property holds for the correct rule over 200 draws, scored in one call of both engines (an
    # example at a time, a batch call each, they took 7-12 s).
    drawn: list[dict[str, object]] = []

    @draws
    @given(elderly.facts(rules=["local.elderly_member"]))
    def draw(facts: dict[str, object]) -> None:
        drawn.append(facts)

    draw()
    assert len(drawn) == 200
    got = [outcomes["local.elderly_member"] for outcomes in elderly.outcomes(*drawn)]
    assert got == [expected(facts) for facts in drawn]


def test_an_unknown_side_is_a_config_error() -> None:
    """fires="under" was a bare KeyError."""
    from fanpin.errors import ConfigError as Refused

    kit = RuleKit(region="532328", as_of=date(2025, 6, 30))
    with pytest.raises(Refused, match="fires is 'under'"):
        kit.assert_boundary("any", "income_per_capita", fires="under")  # type: ignore[arg-type]
    with pytest.raises(Refused, match="fires is 'at_or_below'"):
        kit.assert_monotone("any", "income_per_capita", fires="at_or_below")  # type: ignore[arg-type]


def test_no_threshold_is_listed_on_a_count_of_members_no_fact_gives() -> None:
    """With the data checks, the kit listed thresholds on the engines' own member counts (``member_count
    >= 4``, ``members_count_71103c4cf1 > 1`` from ``count(members, is_head) > 1``), which its own
    assert_boundary then refused as unknown facts. Every threshold listed is on a fact the kit can move."""
    kit = RuleKit(load_rulebook(checks="with"), region=REGION, as_of=AS_OF)
    listed = kit.thresholds()
    assert listed and not [t for t in listed if t.fact.startswith("member_count") or t.fact.startswith("members_")]
    for threshold in listed:
        kit.values(threshold.fact, scope=threshold.scope)  # an unknown fact is an InvalidArgument


def test_a_threshold_without_a_value_at_the_kits_region_is_named(tmp_path: Path) -> None:
    """The kit said "compares medical_out_of_pocket with 0 thresholds (none): pass threshold=" for a rule whose
    parameter has no value at its region, without naming the parameter."""
    from hypothesis.errors import InvalidArgument

    folder = county_of_another_region(tmp_path)
    kit = RuleKit(load_rulebook(folder), region=REGION, as_of=AS_OF)
    with pytest.raises(InvalidArgument, match=r"compares medical_out_of_pocket with local_medical_abs, which has no "):
        kit.assert_boundary("local.medical", "medical_out_of_pocket", fires="at_or_above")
    RuleKit(load_rulebook(folder), region="532301", as_of=AS_OF).assert_boundary(
        "local.medical", "medical_out_of_pocket", fires="at_or_above"
    )


def test_a_fact_the_rule_does_not_read_or_misspelt_is_refused_by_the_properties(county: RuleKit) -> None:
    """``assert_boundary`` refused a misspelt fact without the "did you mean" the other helpers give, and
    a fact its rule does not read with "compares size with 0 thresholds (none): pass threshold=", which
    could not help; ``assert_monotone`` over such a fact passed without testing anything."""
    from hypothesis.errors import InvalidArgument

    rule = "local.serious_illness_near_line"
    with pytest.raises(InvalidArgument, match=r"no fact 'income_per_capta'; did you mean income_per_capita\?"):
        county.assert_boundary(rule, "income_per_capta", fires="below")
    reads = f"{rule} does not read size: its condition reads income_per_capita, serious_illness_count"
    with pytest.raises(InvalidArgument, match=reads):
        county.assert_boundary(rule, "size", fires="below")
    with pytest.raises(InvalidArgument, match=reads):
        county.assert_monotone(rule, "size", fires="below")


_CALENDAR_ENDS = """\
case_defaults: {region: "532328", as_of: 2025-06-30}
rules:
  - id: local.calendar_ends
    title: {zh: 日历两端, en: calendar ends}
    level: info
    kind: audit
    when: >-
      loan_due > 0001-01-01 and loan_due < 9999-12-31 and identified_month < 9999-12
      and any(members, age >= 3000 or age_on(2024-01-01) > 2500)
    basis: 测试
    cases:
      - {name: old, facts: {loan_due: 2026-01-01, identified_month: 202401}, members: [{出生日期: 1950-01-01}],
         expect: silent}
      - {name: none, facts: {loan_due: 2026-01-01, identified_month: 202401}, members: [], expect: silent}
      - {name: unknown, facts: {}, expect: not_evaluable}
"""


def test_thresholds_at_the_ends_of_the_calendar_have_no_step_beyond_them(tmp_path: Path) -> None:
    """``loan_due < 9999-12-31`` (a "never" written as the last day), a month window up to 9999-12 and an
    age of 3000 years: listing their points, or drawing facts and members near them, raised ValueError
    (year 10000 is out of range) before a single example ran."""
    (tmp_path / "ends.yaml").write_text(_CALENDAR_ENDS, encoding="utf-8")
    kit = RuleKit(load_rulebook(tmp_path), region=REGION, as_of=AS_OF)
    points = {str(t): t.points() for t in kit.thresholds(rule="local.calendar_ends")}
    assert points == {
        "local.calendar_ends: loan_due > 0001-01-01 (loan_due > 0001-01-01)": (None, date.min, date(1, 1, 2)),
        "local.calendar_ends: loan_due < 9999-12-31 (loan_due < 9999-12-31)": (date(9999, 12, 30), date.max, None),
        "local.calendar_ends: identified_month < 999912 (identified_month < 9999-12)": ("999911", "999912", None),
        "local.calendar_ends: a member's age >= 3000 (age >= 3000)": (2999, 3000, 3001),
    }

    @settings(max_examples=30, database=None, deadline=None)
    @given(kit.facts(rules=["local.calendar_ends"]))
    def agree(facts: dict[str, object]) -> None:
        assert kit.outcome("local.calendar_ends", facts) in ("silent", "not_evaluable")

    agree()


def test_members_are_given_to_the_kit_as_a_rule_case_gives_them(elderly: RuleKit) -> None:
    """A member record without 户编号, as a rule case's ``members:`` writes it, was refused with a
    RecordValidationError (household_id: Field required); a cell the model refuses is named as a fact's is."""
    elderly.assert_fires("local.elderly_member", {"members": [{"出生日期": "1950-01-01"}]})
    elderly.assert_silent("local.elderly_member", {"members": ({"出生日期": "2000-01-01", "户编号": "H9"},)})
    with pytest.raises(InvalidArgument, match=r"member 2: .*出生日期"):
        elderly.outcome("local.elderly_member", {"members": [{"出生日期": "1950-01-01"}, {"出生日期": "一九五〇年"}]})
    # members given as one text were read letter by letter ("member 1 must be a mapping …, not str")
    with pytest.raises(InvalidArgument, match="members must be a list of member records"):
        elderly.outcome("local.elderly_member", {"members": "1950-01-01"})


def test_the_properties_hold_on_a_busy_machine_under_hypothesis_default_deadline(
    county: RuleKit, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An example of a property runs both engines (and, for the override, both rulebooks): tens of
    milliseconds alone, but over hypothesis' default deadline of 200 ms on a busy machine, where the
    recipe of rules/README.md, copied as it is, failed with DeadlineExceeded (the example file had set its
    own deadline of 1 s for that). Here each example is made to take 250 ms, under hypothesis' default
    profile: the kit's properties give an example at least five seconds (EXAMPLE_DEADLINE)."""
    import time

    outcomes = county.outcomes

    def slow(*args: object, **kwargs: object) -> object:
        time.sleep(0.25)
        return outcomes(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(county, "outcomes", slow)
    default = settings(settings.get_profile("default"), max_examples=2, database=None)
    settings.register_profile("fanpin-default-deadline", default)
    loaded = settings.get_current_profile_name()
    try:
        settings.load_profile("fanpin-default-deadline")
        county.assert_boundary("income.below_line", "income_per_capita", fires="below")
        county.assert_monotone("income.below_line", "income_per_capita", fires="below")
    finally:
        settings.load_profile(loaded)


_COUNTS_AT_THEIR_ENDS = """
case_defaults: {region: "532328", as_of: 2025-06-30}
parameters:
  local_earned_floor:
    label: 劳动所得人均下限（测试）
    unit: money
    values:
      - {region: "532328", from: 2025-01-01, value: 4000, source: 测试}
rules:
  - id: local.low_earned_income
    title: {zh: 劳动所得人均偏低, en: low earned income per person}
    level: info
    kind: audit
    when: (wage_income + business_income) / size < local_earned_floor
    basis: 测试
    cases:
      - {name: low, facts: {wage_income: 7999.98, business_income: 0, size: 2}, expect: fires}
      - {name: on the floor, facts: {wage_income: 8000, business_income: 0, size: 2}, expect: silent}
      - {name: unknown, facts: {business_income: 0, size: 2}, expect: not_evaluable}
  - id: local.alone_all_year_in_a_public_job
    title: {zh: 独居且全年公益岗位, en: alone and a public job all year}
    level: info
    kind: audit
    when: size == 1 and public_job_months >= 12
    basis: 测试
    cases:
      - {name: alone all year, facts: {size: 1, public_job_months: 12}, expect: fires}
      - {name: two people, facts: {size: 2, public_job_months: 12}, expect: silent}
      - {name: unknown, facts: {size: 1}, expect: not_evaluable}
"""


def test_counts_are_drawn_and_stepped_only_within_what_the_model_takes(tmp_path: Path) -> None:
    """The kit drew a household size of 0 and 13 months of a public job, which the household model refuses:
    ``assert_monotone(rule, "size", fires="above")`` on a per-person income rule, stated the right way round,
    failed with ``size=0 gives not_evaluable, size=1 gives silent``, a household no file can hold. A step
    beyond the model's range (below a size of 1, above 12 months) is no point either."""
    from hypothesis import find
    from hypothesis.errors import NoSuchExample

    (tmp_path / "counts.yaml").write_text(_COUNTS_AT_THEIR_ENDS, encoding="utf-8")
    kit = RuleKit(load_rulebook(tmp_path), region=REGION, as_of=AS_OF)
    for fact, impossible in (("size", lambda v: v < 1), ("public_job_months", lambda v: v > 12)):
        with pytest.raises(NoSuchExample):
            find(kit.values(fact), impossible, settings=settings(database=None, max_examples=500))
    points = {str(t): t.points() for t in kit.thresholds(rule="local.alone_all_year_in_a_public_job")}
    assert points == {
        "local.alone_all_year_in_a_public_job: size == 1 (size == 1)": (None, 1, 2),
        "local.alone_all_year_in_a_public_job: public_job_months >= 12 (public_job_months >= 12)": (11, 12, None),
    }
    with fewer_examples(300):
        kit.assert_monotone("local.low_earned_income", "size", fires="above")


_TOWNSHIP_ELDERLY_AGE = """
case_defaults: {region: "532328", as_of: 2025-06-30}
parameters:
  local_elderly_age:
    label: 老年人年龄（测试）
    label_en: elderly age (test)
    unit: count
    values:
      - {region: "532328", from: 2025-01-01, value: 65, source: 测试用例（无官方标准）}
"""


def test_an_override_of_a_member_conditions_parameter_is_seen(elderly: RuleKit, tmp_path: Path) -> None:
    """A later folder that moves the age its county's member conditions compare with: ``changed_rules`` read
    the parameters of the rules' household conditions only, so the member rules were not among the rules
    allowed to change; and ``assert_override_changes_only`` drew no members, so every member rule was not
    evaluable in both rulebooks and the property passed even with ``rules=[]`` (nothing may change)."""
    (tmp_path / "township.yaml").write_text(_TOWNSHIP_ELDERLY_AGE, encoding="utf-8")
    township = RuleKit(load_rulebook(PLANTED_MEMBERS, tmp_path), region=REGION, as_of=AS_OF)
    assert township.changed_rules(elderly) == set(elderly.rulebook.rules) - set(load_rulebook().rules)
    # The same 30 draws on every run, a failure reported as drawn, not shrunk (shrinking households with
    # members takes a minute).
    loaded = settings.get_current_profile_name()
    settings.register_profile(
        "override-members",
        settings(
            settings.get_profile(loaded),
            max_examples=30,
            database=None,
            derandomize=True,
            phases=(Phase.explicit, Phase.generate),
        ),
    )
    settings.load_profile("override-members")
    try:
        township.assert_override_changes_only(elderly)
        with pytest.raises(AssertionError, match="the override changes rules it should not"):
            township.assert_override_changes_only(elderly, rules=[])
    finally:
        settings.load_profile(loaded)


def test_amounts_are_drawn_below_zero_at_zero_and_huge_where_the_model_takes_them(county: RuleKit) -> None:
    """``kit.values`` drew money from 0 to 200 000 元 (or twice the highest threshold): never a per-capita income
    below 0, which the model takes (a business that lost money) and the bands put below the line, and never a
    huge amount, where a term can leave the range the engines hold. ``assert_bands_partition`` and
    ``assert_monotone`` had never seen either."""
    income: list[Decimal] = []
    wage: list[Decimal] = []

    @settings(max_examples=300, database=None, derandomize=True, phases=(Phase.generate,))
    @given(county.values("income_per_capita"), county.values("wage_income"))
    def draw(per_capita: Decimal, wages: Decimal) -> None:
        income.append(per_capita)
        wage.append(wages)

    draw()
    assert min(income) < 0 and min(wage) == 0 and max(wage) > 10**9 and min(income) < -(10**9), (income, wage)
    assert Decimal("0.01") in wage


def test_a_member_age_whose_threshold_has_no_value_at_the_kits_date_is_named() -> None:
    """A kit made for a date before the value of the age a member condition compares with: ``assert_boundary``
    said ``local.elderly_member does not read age: its condition reads birth_date; name one of those``, and
    naming birth_date failed too. The rule reads a member's age; what is missing is the parameter's value."""
    early = RuleKit(load_rulebook(PLANTED_MEMBERS), region=REGION, as_of=date(2019, 6, 30))
    with pytest.raises(InvalidArgument, match=r"compares age with local_elderly_age, which has no value for region"):
        early.assert_boundary("local.elderly_member", "age", fires="at_or_above")
    with pytest.raises(InvalidArgument, match=r"compares age with local_elderly_age, which has no value for region"):
        early.assert_boundary("local.elderly_person", "age", fires="at_or_above")  # a member-scope rule


@pytest.mark.parametrize(
    ("month", "told"),
    [
        (2024.3, "the float 2024.3 is not a month: pass the month YYYYMM as an int or text, 202403 or '202403'"),
        (2024.12, "the float 2024.12 is not a month: pass the month YYYYMM as an int or text, 202412 or '202412'"),
        (
            2024.1,
            "the float 2024.1 is not a month: pass the month YYYYMM as an int or text, 202401 or '202401' (or 202410 "
            "if October was meant: the float 2024.10 is 2024.1)",
        ),
    ],
)
def test_a_month_given_to_the_kit_as_a_float_is_told_the_month_to_pass(
    county: RuleKit, month: float, told: str
) -> None:
    """``outcome(…, {"identified_month": 2024.3})`` was told "not a month; write YYYYMM, e.g. 202304", an example
    that was no month of the call, where a rule case's month so written is told the month meant: the kit names
    it too, worded for Python (an int or a text), not for YAML. The month so passed is read (202403)."""
    with pytest.raises(InvalidArgument) as refused:
        county.outcome("income.below_line", {"identified_month": month})
    assert str(refused.value) == f"fact 'identified_month': {told}"
    assert "YAML" not in str(refused.value)
    meant = int(told.split(", ")[1].split()[0])
    assert county.outcome("income.below_line", {"identified_month": meant}) == county.outcome(
        "income.below_line", {"identified_month": str(meant)}
    )


@pytest.mark.parametrize("column", ["identified_month", "识别监测时间", "eliminated_month", "消除监测时间"])
@pytest.mark.parametrize(
    ("month", "told"),
    [
        (2024.3, "the float 2024.3 is not a month: pass the month YYYYMM as an int or text, 202403 or '202403'"),
        (
            2024.1,
            "the float 2024.1 is not a month: pass the month YYYYMM as an int or text, 202401 or '202401' (or 202410 "
            "if October was meant: the float 2024.10 is 2024.1)",
        ),
    ],
)
def test_a_members_month_given_as_a_float_is_told_the_month_to_pass(
    county: RuleKit, column: str, month: float, told: str
) -> None:
    """A member record's month (``members=[{"identified_month": 2024.3}]``) was told "not a month; write YYYYMM,
    e.g. 202304" among the model's problems, where the household's fact so given is told the month meant: it is
    told it too, naming the member and the column as given. The month so passed is read."""
    with pytest.raises(InvalidArgument) as refused:
        county.outcome("income.below_line", {"members": [{"与户主关系": "户主"}, {column: month}]})
    assert str(refused.value) == f"member 2, {column!r}: {told}"
    meant = told.split(", ")[1].split()[0]
    assert county.outcome("income.below_line", {"members": [{column: int(meant)}]}) == county.outcome(
        "income.below_line", {"members": [{column: meant}]}
    )
