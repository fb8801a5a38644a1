"""The public API's entry points refuse an argument of the wrong type with a fanpin error (or, in the
testing tools, hypothesis' InvalidArgument) naming what was given, never a bare AttributeError,
TypeError or KeyError from deep inside."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import find
from hypothesis.errors import InvalidArgument

from fanpin import Engine, Household, Scorer, load_rulebook
from fanpin.batch import BatchEngine
from fanpin.errors import ConfigError
from fanpin.io import open_export, read_export, read_households
from fanpin.pipeline import score_path
from fanpin.results.columns import header, label, labels
from fanpin.results.sentences import explanation_text, flag_text, trace_text
from fanpin.testing import RuleKit, as_of_dates, household_records, households, members, money_amounts, regions
from tests.helpers import AS_OF, REGION
from tests.paths import HOUSEHOLDS_CSV

BOOK = load_rulebook()
HOUSEHOLD = Household.model_validate(
    {"户编号": "H1", "行政区划代码": REGION, "户类型": "脱贫户", "家庭人口数": 2, "工资性收入": 1000,
     "生产经营性收入": 0, "财产性收入": 0, "转移性收入": 0}
)  # fmt: skip


def _flag() -> object:
    flags = Scorer(BOOK).assess(HOUSEHOLD, as_of=AS_OF).flags
    assert flags
    return flags[0]


@pytest.mark.parametrize(
    ("call", "said"),
    [
        (lambda: Engine(None), "Engine takes a Rulebook, not NoneType"),  # type: ignore[arg-type]
        (lambda: BatchEngine("rules"), "BatchEngine takes a Rulebook, not str"),  # type: ignore[arg-type]
        (lambda: Engine(BOOK).evaluate({"户编号": "H1"}, as_of=AS_OF), "takes a Household, not dict"),  # type: ignore[arg-type]
        (lambda: Engine(BOOK).evaluate_facts({}, as_of=AS_OF, region=None), "evaluate_facts needs a region"),  # type: ignore[arg-type]
        (lambda: Engine(BOOK).evaluate_facts(None, as_of=AS_OF, region=REGION), "facts must be a mapping"),  # type: ignore[arg-type]
        (
            lambda: Engine(BOOK).evaluate_facts({}, as_of=AS_OF, region=REGION, members=[{"年龄": 3}]),  # type: ignore[list-item]
            r"members\[0\] is dict, not a Member",
        ),
        (
            lambda: Engine(BOOK).evaluate_facts({}, as_of=AS_OF, region=REGION, members="张三"),  # type: ignore[arg-type]
            "members is str, not a list",
        ),
        (lambda: score_path(None, HOUSEHOLDS_CSV, Path("o.csv"), as_of=AS_OF), "takes an Engine or a BatchEngine"),  # type: ignore[arg-type]
        (lambda: score_path(Scorer(), HOUSEHOLDS_CSV, Path("o.csv"), as_of=AS_OF), "not Scorer"),  # type: ignore[arg-type]
        (lambda: Scorer(BOOK).plan(HOUSEHOLD, as_of=AS_OF).text(lang="fr"), "lang is 'fr'"),  # type: ignore[arg-type]
        (lambda: flag_text(None), "flag_text takes a Flag"),  # type: ignore[arg-type]
        (lambda: explanation_text(_flag()), "explanation_text takes the flags"),  # type: ignore[arg-type]
        # an Assessment (a pydantic model iterates as its fields) had been "flag_text takes a Flag …, not tuple"
        (
            lambda: explanation_text(Scorer(BOOK).assess(HOUSEHOLD, as_of=AS_OF)),  # type: ignore[arg-type]
            "explanation_text takes the flags .an iterable of Flag., not Assessment",
        ),
        (lambda: explanation_text("audit.missed"), "explanation_text takes the flags .an iterable of Flag., not str"),  # type: ignore[arg-type]
        (lambda: explanation_text([None]), "takes the flags .an iterable of Flag.: flags.0. is NoneType"),  # type: ignore[list-item]
        (lambda: trace_text(_flag()), "trace_text takes a RuleTrace"),  # type: ignore[arg-type]
        (lambda: RuleKit("rules", region=REGION, as_of=AS_OF), "RuleKit takes a Rulebook, not str"),  # type: ignore[arg-type]
    ],
)  # fmt: skip
def test_a_wrong_argument_is_a_config_error_naming_it(call: Callable[[], object], said: str) -> None:
    with pytest.raises(ConfigError, match=said.replace("(", r"\(")):
        call()


def test_the_testing_tools_refuse_a_wrong_argument_with_invalid_argument() -> None:
    kit = RuleKit(BOOK, region=REGION, as_of=AS_OF)
    rule = next(iter(BOOK.rules))
    for call in (
        lambda: kit.assert_monotone(rule, "nope", fires="below"),
        lambda: kit.outcome(rule, None),  # type: ignore[arg-type]
        lambda: households(as_of="2025-01-01", members=True),  # type: ignore[arg-type]
        lambda: members(as_of="2025-01-01"),  # type: ignore[arg-type]
        lambda: households(region="abc"),
        lambda: households(min_size=3, max_size=2),
    ):
        with pytest.raises(InvalidArgument):
            call()


@pytest.mark.parametrize("as_of", [date(9999, 12, 31), date(100, 1, 1), date(1, 6, 1)])
def test_the_testing_tools_refuse_an_evaluation_date_they_cannot_draw_around(as_of: date) -> None:
    """A kit on 9999-12-31 raised a bare OverflowError when it drew a date 800 days later, and members drawn
    around year 100 a ValueError (an ID number's year not four digits): refused when made, naming the range."""
    for call in (
        lambda: RuleKit(BOOK, region=REGION, as_of=as_of),
        lambda: households(members=True, as_of=as_of),
        lambda: members(as_of=as_of),
    ):
        with pytest.raises(InvalidArgument, match=r"outside the dates the strategies draw around \(1990-01-01 to"):
            call()


def test_an_empty_path_is_no_path() -> None:
    """``Scorer.score("")`` read the current folder and said "`.`: is a folder"."""
    with pytest.raises(ConfigError, match="data is an empty text, not a path"):
        Scorer(BOOK).score("", as_of=AS_OF)


@pytest.mark.parametrize("given", ["no", "false", 1, None])
def test_keep_identities_is_true_or_false(given: object, tmp_path: Path) -> None:
    """keep_identities="no" (a text from a host's configuration) is true to Python: ID numbers were written
    in clear. Now a ConfigError naming it, before anything is read or written."""
    record = {"户编号": "H1", "行政区划代码": REGION, "户类型": "脱贫户", "家庭人口数": 2, "工资性收入": 1000,
              "生产经营性收入": 0, "财产性收入": 0, "转移性收入": 0, "户主证件号码": "532328199001011234"}  # fmt: skip
    scorer = Scorer(BOOK)
    for call in (
        lambda: scorer.score([record], as_of=AS_OF, keep_columns="all", keep_identities=given),  # type: ignore[arg-type]
        lambda: scorer.score_file(
            HOUSEHOLDS_CSV,
            tmp_path / "o.csv",
            errors=tmp_path / "e.csv",
            as_of=AS_OF,
            keep_identities=given,  # type: ignore[arg-type]
        ),
    ):
        with pytest.raises(ConfigError, match=f"keep_identities is {given!r}; it is True or False"):
            call()
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize(
    ("call", "said"),
    [
        (lambda: read_households(None), "path is NoneType, not a path"),  # type: ignore[arg-type]
        (lambda: read_export(None), "path is NoneType, not a path"),  # type: ignore[arg-type]
        (lambda: open_export(b"x.csv"), "path is bytes, not a path"),  # type: ignore[arg-type]
        (lambda: read_export(""), "path is an empty text, not a path"),
        (lambda: read_export(HOUSEHOLDS_CSV, region="5"), "region: '5' has 1 digit"),
        (lambda: read_households(HOUSEHOLDS_CSV, region=532328), "region: 532328 is not a region code"),  # type: ignore[arg-type]
        (lambda: open_export(HOUSEHOLDS_CSV, keep_identities="no"), "keep_identities is 'no'"),  # type: ignore[arg-type]
        (lambda: read_export(HOUSEHOLDS_CSV, member_facts=None), "member_facts is NoneType"),  # type: ignore[arg-type]
        (lambda: read_export(HOUSEHOLDS_CSV, member_facts="age"), "member_facts is str"),
        (lambda: read_export(HOUSEHOLDS_CSV, member_facts=["agee"]), "'agee', which is no member fact; did you"),
        (lambda: open_export(HOUSEHOLDS_CSV, member_facts=["age", "heath"]), "'heath', which is no member fact"),
        (lambda: read_export(HOUSEHOLDS_CSV, unique=None), "unique is NoneType; it is a list"),  # type: ignore[arg-type]
        (lambda: read_export(HOUSEHOLDS_CSV, unique="id_number"), "unique is str; it is a list"),
        (lambda: open_export(HOUSEHOLDS_CSV, unique=["id_numbr"]), "unique names 'id_numbr', which is not one"),
    ],
)  # fmt: skip
def test_the_readers_check_their_arguments_as_the_scorer_does(call: Callable[[], object], said: str) -> None:
    """None was a bare TypeError, "" the current folder, a region of one digit refused every row of the file
    (and the number 532328 was taken), member_facts=None a TypeError while reading, and a misspelt member
    fact was left out without a word (every rule reading it then not evaluable), as was a misspelt field of
    ``unique`` or one text, where None was a bare TypeError."""
    with pytest.raises(ConfigError, match=re.escape(said)):
        call()


@pytest.mark.parametrize(
    "call",
    [
        lambda region: read_households(HOUSEHOLDS_CSV, region=region),
        lambda region: Scorer(BOOK).score([], as_of=AS_OF, region=region),
        lambda region: Scorer(BOOK).assess(HOUSEHOLD, as_of=AS_OF, region=region),
    ],
)
def test_a_region_in_full_width_digits_is_told_so_with_its_half_width_form(call: Callable[[str], object]) -> None:
    """A region in an input method's full-width digits (U+FF10 to U+FF19) had been told only that it was no region
    code; it is told what it is, and the fix gives the code in half-width digits, as the command line does."""
    with pytest.raises(ConfigError, match="written with full-width digits or signs") as refused:
        call("\uff15\uff13\uff12\uff13\uff12\uff18")
    assert refused.value.fix == "pass it in half-width (ASCII) digits, region='532328'"


@pytest.mark.parametrize(
    "call",
    [
        lambda region: read_households(HOUSEHOLDS_CSV, region=region),
        lambda region: Scorer(BOOK).score([], as_of=AS_OF, region=region),
        lambda region: Scorer(BOOK).assess(HOUSEHOLD, as_of=AS_OF, region=region),
        lambda region: Scorer(BOOK).plan(HOUSEHOLD, as_of=AS_OF, region=region),
    ],
)
def test_a_name_given_as_the_region_is_masked_as_the_model_masks_it(call: Callable[[str], object]) -> None:
    """A name passed as ``region`` (a host's variables mixed up: the head's name) was quoted in clear, ``region:
    '张三丰' is not a region code``, where a record's 行政区划代码 holding it is shown ``张**`` by the model and in
    Scorer.score's rejected rows; a place's name (云南省) is no person's, and is quoted as it is."""
    with pytest.raises(ConfigError) as refused:
        call("张三丰")
    assert "张三丰" not in str(refused.value) and "'张**' is not a region code" in refused.value.message
    with pytest.raises(ConfigError, match="'云南省' is not a region code"):
        call("云南省")


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("张三丰", "'张**'"),
        ("Zhang San", "'Z********'"),
        ("13812345678", "'1381***5678'"),
        ("2025/6/30", "'2025/6/30'"),
    ],
)
def test_a_name_given_as_the_evaluation_date_is_masked(given: str, shown: str) -> None:
    """A person's name passed as ``as_of`` (a host's variables mixed up) was quoted in clear, ``as_of is str
    '张三丰', not a date``, on either engine and on the file path: masked as a name is, a phone number as one is;
    a text written as a date is quoted as it is, for its fix."""
    scorer = Scorer(BOOK)
    for call in (
        lambda: scorer.assess(HOUSEHOLD, as_of=given),  # type: ignore[arg-type]
        lambda: scorer.score([HOUSEHOLD], as_of=given),  # type: ignore[arg-type]
        lambda: Engine(BOOK).evaluate(HOUSEHOLD, as_of=given),  # type: ignore[arg-type]
        lambda: score_path(BatchEngine(BOOK), HOUSEHOLDS_CSV, Path("o.csv"), as_of=given),  # type: ignore[arg-type]
    ):
        with pytest.raises(ConfigError) as refused:
            call()
        assert f"as_of is str {shown}, not a date" in refused.value.message
        assert given == "2025/6/30" or given not in str(refused.value) + repr(refused.value)


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("张三丰", "'张**'"),
        ("Zhang San", "'Z********'"),
        ("fr", "'fr'"),
        ("zh-CN", "'zh-CN'"),
        ("english", "'english'"),
    ],
)
def test_a_name_given_as_the_language_is_masked(given: str, shown: str) -> None:
    """A person's name passed as ``lang`` was quoted in clear (``lang is '张三丰'``): masked as a name is; a
    language's tag or name (``fr``, ``zh-CN``, ``english``) is quoted as it is."""
    scorer = Scorer(BOOK)
    for call in (
        lambda: scorer.score([HOUSEHOLD], as_of=AS_OF, lang=given),  # type: ignore[arg-type]
        lambda: scorer.plan(HOUSEHOLD, as_of=AS_OF).text(lang=given),  # type: ignore[arg-type]
        lambda: flag_text(_flag(), given),  # type: ignore[arg-type]
        lambda: header("alert_level", given),
    ):
        with pytest.raises(ConfigError) as refused:
            call()
        assert f"lang is {shown}; fanpin writes zh or en" in refused.value.message
        assert given in ("fr", "zh-CN", "english") or given not in str(refused.value) + repr(refused.value)


def test_a_refused_path_s_fix_gives_an_example_of_its_own_kind() -> None:
    """The fix of a path that is none said ``path="scored.csv"`` for the file to read too (the scored
    file is what fanpin writes): an input's example is a household file, an output's its own."""
    from fanpin.arguments import checked_path

    for name, example in [("path", "households.csv"), ("data", "households.csv"), ("out", "scored.csv"),
                          ("errors", "rejected.csv"), ("findings", "findings.xlsx")]:  # fmt: skip
        with pytest.raises(ConfigError) as caught:
            checked_path(name, None)
        assert caught.value.fix == f'pass a file\'s path, {name}="{example}"'
    with pytest.raises(ConfigError) as caught:
        read_households(None)  # type: ignore[arg-type]
    assert 'path="households.csv"' in caught.value.fix


@pytest.mark.parametrize("option", ["out", "errors", "findings"])
def test_a_dash_is_no_output_file_for_the_library(option: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``Scorer.score_file(path, "-")`` wrote a file named ``-`` in the working folder, where ``fanpin score
    --out -`` writes to standard output: now a ConfigError saying how to write either, before anything is
    written; ``"./-"`` is the file of that name."""
    monkeypatch.chdir(tmp_path)
    scorer = Scorer(BOOK)

    def score(dash: str) -> None:
        paths = {"out": "o.csv", "errors": "e.csv", "findings": "f.csv"} | {option: dash}
        scorer.score_file(
            HOUSEHOLDS_CSV, paths["out"], as_of=AS_OF, region=REGION, errors=paths["errors"], findings=paths["findings"]
        )

    with pytest.raises(ConfigError, match=f'{option} is "-", which the command line reads as standard output') as e:
        score("-")
    assert (
        e.value.fix == f'pass {option}="/dev/stdout" to write to standard output, or {option}="./-" for a file named -'
    )
    assert not list(tmp_path.iterdir())
    score("./-")
    assert (tmp_path / "-").stat().st_size


@pytest.mark.parametrize("given", ["H1", None, [{"户编号": "H1"}], 7])
def test_assess_and_plan_refuse_what_is_not_one_household(given: object) -> None:
    """``Scorer.assess("H1")`` (an id, a list of records, None) stopped with a bare AttributeError from
    inside (``'str' object has no attribute 'items'``); now a ConfigError naming what was given."""
    scorer = Scorer(BOOK)
    for call in (lambda: scorer.assess(given, as_of=AS_OF), lambda: scorer.plan(given, as_of=AS_OF)):  # type: ignore[arg-type]
        with pytest.raises(ConfigError, match=f"household is {type(given).__name__}, not a Household or a dict") as e:
            call()
        assert "Scorer.score" in e.value.fix


@pytest.mark.parametrize(
    ("given", "fix"),
    [
        ("2025-06-30", "as_of=date.fromisoformat('2025-06-30')"),
        ("30/06/2025", "e.g. as_of=date(2025, 6, 30)"),
        ("2025/6/30", "as_of=date(2025, 6, 30)"),
        ("2025年6月30日", "as_of=date(2025, 6, 30)"),
        (" 2025-06-30", "as_of=date(2025, 6, 30)"),
        ("2025-06-30T12:00", "e.g. as_of=date(2025, 6, 30)"),
        ("2025-02-30", "e.g. as_of=date(2025, 6, 30)"),
    ],
)
def test_an_evaluation_date_given_as_text_is_told_a_fix_that_works(given: str, fix: str) -> None:
    """``as_of="30/06/2025"`` was told to pass ``date.fromisoformat('30/06/2025')``, which raises ValueError in
    turn: the fix of a text that fromisoformat does not read is the date it means, or an example."""
    scorer = Scorer(BOOK)
    for call in (
        lambda: scorer.assess(HOUSEHOLD, as_of=given),  # type: ignore[arg-type]
        lambda: scorer.score([HOUSEHOLD], as_of=given),  # type: ignore[arg-type]
        lambda: score_path(Engine(BOOK), HOUSEHOLDS_CSV, Path("o.csv"), as_of=given),  # type: ignore[arg-type]
    ):
        with pytest.raises(ConfigError, match="as_of is str") as info:
            call()
        assert info.value.fix.endswith(fix), info.value.fix
        written = re.search(r"date\.fromisoformat\('([^']*)'\)", info.value.fix)
        assert written is None or date.fromisoformat(written[1]), info.value.fix  # a fix that runs


@pytest.mark.parametrize("given", ["no", "false", 0, None])
def test_the_yes_no_options_are_true_or_false(given: object) -> None:
    """``json="no"`` wrote the JSON column, ``trace="no"`` traced and ``reference="no"`` loaded the reference
    rules: a text is true to Python. Each is now refused as keep_identities is, naming the option."""
    engine = Engine(BOOK)
    for name, call in (
        ("json", lambda: Scorer(BOOK).score([HOUSEHOLD], as_of=AS_OF, json=given)),  # type: ignore[arg-type]
        ("trace", lambda: Scorer(BOOK).assess(HOUSEHOLD, as_of=AS_OF, trace=given)),  # type: ignore[arg-type]
        ("trace", lambda: engine.evaluate(HOUSEHOLD, as_of=AS_OF, trace=given)),  # type: ignore[arg-type]
        ("trace", lambda: engine.evaluate_facts({}, as_of=AS_OF, region=REGION, trace=given)),  # type: ignore[arg-type]
        ("reference", lambda: load_rulebook(reference=given)),  # type: ignore[arg-type]
    ):
        with pytest.raises(ConfigError, match=f"{name} is {re.escape(repr(given))}; it is True or False"):
            call()


@pytest.mark.parametrize(
    ("call", "said"),
    [
        (lambda: money_amounts(min_value="a"), "min_value is str 'a', not an amount"),  # type: ignore[arg-type]
        (lambda: money_amounts(max_value=None), "max_value is NoneType None, not an amount"),  # type: ignore[arg-type]
        (lambda: money_amounts(near=5), "near is int, not a tuple of amounts"),  # type: ignore[arg-type]
        (lambda: money_amounts(near=("x",)), "near[0] is str 'x', not an amount"),  # type: ignore[arg-type]
        (lambda: household_records(line="x"), "line is str 'x', not an amount"),  # type: ignore[arg-type]
        (lambda: household_records(region=532328), "region: 532328 is not a region code"),  # type: ignore[arg-type]
        (
            lambda: household_records(near={"income_per_capit": [Decimal(9000)]}),
            "near has no fact 'income_per_capit'; did you mean income_per_capita?",
        ),
        (lambda: regions("rules"), "rulebook is str, not a Rulebook"),  # type: ignore[arg-type]
        (lambda: as_of_dates("rules"), "rulebook is str, not a Rulebook"),  # type: ignore[arg-type]
        (lambda: as_of_dates(region=53), "region: 53 is not a region code"),  # type: ignore[arg-type]
    ],
)  # fmt: skip
def test_the_strategies_refuse_a_wrong_argument_with_invalid_argument(call: Callable[[], object], said: str) -> None:
    """A text or None for an amount was a decimal.InvalidOperation or a TypeError, a rulebook given as a folder
    or a region as a number an AttributeError, an int region was taken, and ``near`` for a misspelt fact was
    ignored: the records were drawn near no threshold of it, and a test on them passed without testing it."""
    with pytest.raises(InvalidArgument, match=re.escape(said)):
        find(call(), lambda _: True)  # type: ignore[arg-type]  # drawn: a composite strategy checks when it draws


@pytest.mark.parametrize(
    ("call", "said"),
    [
        (lambda kit: kit.thresholds("income_per_capita", scope="households"), "scope is 'households'"),
        (lambda kit: kit.facts(rules="income.below_line"), "rules is str 'income.below_line', not a list of rule ids"),
        (lambda kit: kit.members(rules=["income.below"]), "no rule 'income.below' in this rulebook; did you mean"),
        (lambda kit: kit.members(rules="income.below_line"), "rules is str 'income.below_line', not a list"),
        (
            lambda kit: kit.assert_override_changes_only(rules="income.below_line"),
            "rules is str 'income.below_line', not a list",
        ),
        (lambda kit: kit.assert_override_changes_only(rules=["income.below"]), "no rule 'income.below' in"),
    ],
)
def test_the_kit_refuses_rules_given_as_one_text_a_misspelt_rule_and_an_unknown_scope(
    call: Callable[[RuleKit], object], said: str
) -> None:
    """``thresholds(scope="households")`` answered nothing (a loop over it tested nothing), ``rules`` given as
    one text was read letter by letter (``no rule 'i'``; the override was allowed to change the rules
    '.', '_', 'b' …), and ``members(rules=[…])`` with a misspelt id stopped with a bare KeyError."""
    kit = RuleKit(BOOK, region=REGION, as_of=AS_OF)
    with pytest.raises(InvalidArgument, match=re.escape(said)):
        call(kit)


@pytest.mark.parametrize(
    ("call", "said"),
    [
        (lambda: label("alert_level", "purple", "zh"), "no labelled alert_level value 'purple'"),
        (lambda: label("alert_level", "红", "zh"), "no labelled alert_level value '红'"),  # a label given back
        (lambda: label("alert_levl", "red", "zh"), "no labelled column 'alert_levl'; did you mean alert_level?"),
        (lambda: label("alert_level", "red", "fr"), "lang is 'fr'"),
        (lambda: labels("income_bnd", "en"), "no labelled column 'income_bnd'; did you mean income_band?"),
        (lambda: header("alert_level", "ZH"), "lang is 'ZH'"),
    ],
)
def test_the_labels_of_the_scored_columns_refuse_what_they_have_no_label_for(
    call: Callable[[], object], said: str
) -> None:
    """``label`` (the quickstart shows an assessment's ``red`` as 红 with it) raised a bare KeyError for a
    value, a column or a language it has no label for."""
    with pytest.raises(ConfigError, match=re.escape(said)):
        call()
    assert label("alert_level", "red", "zh") == "红" and label("income_band", None, "en") is None


@pytest.mark.parametrize(
    ("value", "fix"),
    [(None, "leave an unknown fact out"), (["资产收益"], "one number, text, date or yes/no per fact")],
)
def test_encode_all_refuses_a_value_that_is_no_facts_with_a_fanpin_error(value: object, fix: str) -> None:
    """encode_all, which the docs give hosts to make the batch engine's facts, raised a bare TypeError for
    an unknown fact written out as None (evaluate_facts takes it) or a list."""
    from fanpin.model.facts import encode_all

    with pytest.raises(ConfigError, match="fact industry_support has a value of type") as raised:
        encode_all({"size": 4, "industry_support": value})
    assert fix in raised.value.fix


def test_a_rules_folder_not_found_says_where_it_was_looked_for(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A host's service runs in a working folder of its own (``/`` under a service manager): a relative rules
    folder that is not there was told only "give a folder of rule YAML files", and ``~/county_rules``, which a
    shell expands and Python does not, the same. The fix says where a relative folder was looked for, and that
    ``~`` is not expanded (with the folder it would be), in English and in Chinese."""
    from fanpin.messages import error_message

    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match="rules folder not found") as relative:
        Scorer(load_rulebook("county_rules"))
    assert (
        relative.value.fix
        == f"give a folder of rule YAML files; a relative path is read from the working folder, {tmp_path}"
    )
    with pytest.raises(ConfigError, match="rules folder not found") as home:
        load_rulebook("~/county_rules")
    expanded = Path("~/county_rules").expanduser()
    assert home.value.fix == f"give the folder's full path: ~ is expanded by a shell, not by Python ({expanded})"
    assert f"相对路径从当前工作文件夹 {tmp_path} 读起" in error_message(relative.value, "zh")
    assert f"本程序不会展开（{expanded}）" in error_message(home.value, "zh")


@pytest.mark.parametrize("checks", ["with", "only"])
def test_the_data_check_pack_without_the_reference_rules_is_refused_saying_why(checks: str) -> None:
    """``load_rulebook(reference=False, checks="with")`` had raised a RulebookLoadError of 15 errors in the pack's
    own files, ``unknown measure 'education.yulu_plan' … define the measure first``: the pack plans measures of
    the reference catalogue, which reference=False leaves out. It is one ConfigError naming the two arguments."""
    with pytest.raises(ConfigError) as refused:
        load_rulebook(reference=False, checks=checks)  # type: ignore[arg-type]
    assert refused.value.message == (
        f"checks={checks!r} needs the reference rules: the data-check pack plans measures of their catalogue, "
        "which reference=False leaves out"
    )
    assert refused.value.fix == f"pass checks={checks!r} with reference=True (the default)"


_SCORER = Scorer(BOOK)
#: The calls a host makes, typed loosely: mypy refuses their misspelt keywords itself (their signatures are kept).
_CALLS: dict[str, Callable[..., object]] = {
    "Scorer.score": _SCORER.score,
    "Scorer.assess": _SCORER.assess,
    "Scorer.plan": _SCORER.plan,
    "Scorer.score_file": _SCORER.score_file,
    "score_path": lambda *args, **kwargs: score_path(BatchEngine(BOOK), *args, **kwargs),
    "load_rulebook": load_rulebook,
}


@pytest.mark.parametrize(
    ("function", "args", "given", "meant"),
    [
        ("Scorer.score", (HOUSEHOLDS_CSV,), {"asof": AS_OF}, "as_of"),
        ("Scorer.score", ([HOUSEHOLD],), {"as_of": AS_OF, "region_code": REGION}, "region"),
        ("Scorer.assess", (HOUSEHOLD,), {"as_of": AS_OF, "region_code": REGION}, "region"),
        ("Scorer.plan", (HOUSEHOLD,), {"as_of": AS_OF, "lagn": "en"}, ""),
        ("Scorer.score_file", (HOUSEHOLDS_CSV, "o.csv"), {"as_of": AS_OF, "error": "e.csv"}, "errors"),
        ("score_path", (HOUSEHOLDS_CSV, "o.csv"), {"as_of": AS_OF, "keep_column": ["县"]}, "keep_columns"),
        ("load_rulebook", (), {"check": "with"}, "checks"),
    ],
)
def test_a_misspelt_keyword_is_told_with_the_parameter_meant(
    function: str,
    args: tuple[object, ...],
    given: dict[str, object],
    meant: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A keyword the call has no parameter of (``asof=``, ``region_code=``) stopped a host with Python's bare
    ``TypeError: … got an unexpected keyword argument 'asof'``: it is fanpin's error, naming the keyword and the
    parameter nearest to it (none when no parameter is near), in English and Chinese. It is still a TypeError, and
    nothing is read or written."""
    import fanpin
    from fanpin.messages import error_message

    monkeypatch.chdir(tmp_path)
    with pytest.raises(TypeError) as refused:
        _CALLS[function](*args, **given)
    error = refused.value
    wrong = next(k for k in given if k not in ("as_of",))
    assert isinstance(error, fanpin.UnknownNameError), error
    assert type(error).__name__ == "UnknownArgumentError" and "UnknownArgumentError" in fanpin.__all__
    assert (error.name, error.suggestion) == (wrong, meant), error
    if meant:
        assert error.message == f"{function} takes no argument {wrong}=; did you mean {meant}=?", error
        assert error.fix.startswith(f"write {meant}= for {wrong}= (its parameters: "), error
        zh = f"fanpin: 错误：{function} 没有参数 {wrong}=；是否应为 {meant}=？请把 {wrong}= 改为 {meant}=（它的参数："
    else:
        assert error.message == f"{function} takes no argument {wrong}=", error
        assert error.fix == "give only its parameters: household=, as_of=, region=", error
        zh = f"fanpin: 错误：{function} 没有参数 {wrong}=；请只给出它的参数：household=、as_of=、region= "
        zh += "[unknown-argument]"
    assert error_message(error, "zh").startswith(zh), error_message(error, "zh")
    assert "=, " not in error_message(error, "zh")  # the parameters listed with 、, as Chinese text lists
    assert list(tmp_path.iterdir()) == []


def test_the_checked_calls_keep_their_signatures() -> None:
    """The check wraps each call without hiding its parameters (``help()``, mypy read them)."""
    import inspect

    assert list(inspect.signature(Scorer.score).parameters)[:3] == ["self", "data", "as_of"]
    assert "keep_columns" in inspect.signature(score_path).parameters
