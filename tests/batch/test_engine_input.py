"""What the batch engine takes from a host: encoded facts (whole fen, 1/0, month and day numbers). A
column its fact's type cannot take is refused with the fact, the row and the fix, never the value; a
column of nulls only, such as region codes none of which is given, is read as unknown."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

import numpy as np
import polars as pl
import pytest

from fanpin import load_rulebook
from fanpin.batch import BatchEngine
from fanpin.errors import InputError
from tests.helpers import AS_OF, REGION

ID_NUMBER = "532328199001011234"


@pytest.fixture(scope="module")
def engine() -> BatchEngine:
    return BatchEngine(load_rulebook())


@pytest.mark.parametrize(
    ("fact", "value", "said"),
    [
        ("net_income", ID_NUMBER + "X", "a whole number of fen"),  # an ID number typed into a money column
        ("net_income", "8,700.50", "a whole number of fen"),
        ("size", "three", "a whole number"),
        ("housing_unsafe", 300, "1 or 0"),
        ("net_income", float("nan"), "a whole number of fen"),
        ("housing_unsafe", 2, "1 or 0"),  # read as yes before
        ("housing_unsafe", -1, "1 or 0"),
        ("housing_unsafe", 0.5, "1 or 0"),
        ("net_income", 1.5, "a whole number of fen"),  # cut to 1 fen before
    ],
)
def test_a_fact_column_its_type_cannot_take_is_refused_without_its_value(
    engine: BatchEngine, fact: str, value: object, said: str
) -> None:
    rows: list[dict[str, object]] = [
        {"household_id": "H1", "size": 3, "net_income": 870_050, "housing_unsafe": 1},
        {"household_id": "H2", fact: value},
    ]
    for run in (engine.evaluate, engine.rule_outcomes, engine.score):
        with pytest.raises(InputError) as caught:
            run(rows, as_of=AS_OF, region=REGION)
        message = str(caught.value)
        assert f"fact '{fact}'" in message and said in message and "row 1" in message
        assert "Scorer.score" in message
        assert str(value) not in message and ID_NUMBER[6:14] not in message


@pytest.mark.parametrize(
    ("fact", "value", "said"),
    [
        ("income_per_capita", Decimal("7500.00"), "an amount in 元"),  # read as 7500 fen (75 元) before
        ("income_per_capita", Decimal("750000.5"), "an amount in 元"),  # its half fen cut off before
        ("loan_due", date(2025, 1, 1), "a date"),  # read as the days since 1970 before
        ("loan_due", datetime(2025, 1, 1, 8), "a date"),
        ("identified_month", date(2024, 3, 1), "a date"),
        ("size", Decimal("3.5"), "a whole number"),  # cut to 3 before
    ],
)
def test_facts_in_the_units_of_evaluate_facts_are_refused(
    engine: BatchEngine, fact: str, value: object, said: str
) -> None:
    """``household_facts`` (what the per-household engine's evaluate_facts takes: Decimal 元, dates) given to
    the batch engine had been cast to its encoded units as they were, and scored as another household: a
    Decimal amount in 元 as fen, a date as the days since 1970 (a loan due 719 343 days ago)."""
    rows = [{"household_id": "H1", "region_code": REGION, fact: value}]
    for run in (engine.evaluate, engine.rule_outcomes, engine.score, engine.score_json):
        with pytest.raises(InputError) as caught:
            run(rows, as_of=AS_OF)
        message = str(caught.value)
        assert f"fact '{fact}'" in message and said in message and "encode_all" in message
    assert engine.evaluate([{"household_id": "H1", "size": Decimal("3")}], as_of=AS_OF).height == 1


@pytest.mark.parametrize("value", ["asset_income", "资产收益", " 资产收益", "到户产业", "", None])
def test_a_labelled_fact_is_read_as_evaluate_facts_reads_it(engine: BatchEngine, value: str | None) -> None:
    """到户产业帮扶类型 given as its Chinese label (as the rule writes it: ``industry_support == "资产收益"``)
    was compared as it was on the batch engine, which then scored the household otherwise than the
    per-household engine's evaluate_facts: industry.dividend_only fired on one engine only."""
    from fanpin import Engine, Household
    from fanpin.model.facts import encode_all, household_facts

    cells = {"户编号": "H1", "行政区划代码": REGION, "户类型": "脱贫户", "家庭人口数": 4, "劳动力人数": 2,
             "有产业发展意愿": "是", "工资性收入": 16000, "生产经营性收入": 0, "财产性收入": 0,
             "转移性收入": 0}  # fmt: skip
    facts = household_facts(Household.model_validate(cells)) | ({} if value is None else {"industry_support": value})
    durable = Engine(engine.rulebook).evaluate_facts(facts, as_of=AS_OF, region=REGION)
    batch = engine.evaluate([encode_all(facts)], as_of=AS_OF).row(0, named=True)
    assert batch["flags"] == list(durable.flag_ids) and batch["not_evaluable"] == list(durable.not_evaluable)
    assert ("industry.dividend_only" in durable.flag_ids) == (
        (value is not None and "资产收益" in value) or value == "asset_income"
    )


def test_a_labelled_fact_of_no_label_is_refused_as_evaluate_facts_refuses_it(engine: BatchEngine) -> None:
    """A value that is none of a labelled fact's spellings was scored as it was (a rule comparing it false);
    the per-household engine refuses it."""
    rows = [
        {"household_id": "H1", "industry_support": "asset_income"},
        {"household_id": "H2", "industry_support": "种植业"},
    ]
    with pytest.raises(
        InputError, match=r"fact 'industry_support' holds a value that is not one of its labels \(row 1"
    ):
        engine.evaluate(rows, as_of=AS_OF, region=REGION)


@pytest.mark.parametrize(
    ("members", "said"),
    [
        (5, "members is int, not a list of member rows"),  # a bare TypeError before
        ("x", "members is str"),
        ([("H1",)], "each member row must be a mapping"),
        ([{"__household": 0, "is_haed": 1}], "the key 'is_haed', which is no member fact; did you mean is_head"),
        ([{"household_id": "H1", "is_head": 1}], "the key 'household_id', which is no member fact"),
        ([{"is_head": 1}], "members has no __household"),
    ],
)
def test_member_rows_not_as_member_rows_makes_them_are_refused(engine: BatchEngine, members: object, said: str) -> None:
    """Member rows keyed otherwise than member_rows keys them were read as members of whom nothing is known
    (a misspelt fact), or as no member at all (no __household), without a word."""
    from fanpin.errors import ConfigError

    with pytest.raises(ConfigError, match=re.escape(said)) as raised:
        engine.score([{"household_id": "H1", "region_code": REGION}], as_of=AS_OF, members=members)  # type: ignore[arg-type]
    assert "member_rows(households)" in raised.value.fix


def test_facts_of_the_types_they_take_are_scored(engine: BatchEngine) -> None:
    """Text digits, floats of whole fen and booleans convert as before; only what cannot is refused."""
    rows = [{"household_id": "H1", "size": "3", "net_income": 870_050.0, "housing_unsafe": True}]
    got = engine.rule_outcomes(rows, as_of=AS_OF, region=REGION).row(0, named=True)
    assert got["guarantee.housing_unsafe"] is True


def test_region_codes_none_of_which_is_given_are_unknown(engine: BatchEngine) -> None:
    """A column of region codes that are all null has no type of its own: polars refused to join it with
    the parameters' text codes. It is now read as text: no parameter, so the rules that read one are not
    evaluable, and the others are scored."""
    got = engine.evaluate([{"region_code": None, "housing_unsafe": 1, "income_per_capita": 500_000}], as_of=AS_OF)
    row = got.row(0, named=True)
    assert "guarantee.housing_unsafe" in row["flags"] and "income.below_line" in row["not_evaluable"]


def test_a_misspelt_fact_or_a_row_that_is_no_mapping_is_refused(engine: BatchEngine) -> None:
    """A misspelt fact was read as an unknown one without a word (``income_per_capta``); the
    per-household engine's evaluate_facts refuses it, and so does the batch engine now, naming the fact
    it is close to; so is a row that is not a mapping, and a frame's column close to a fact's name."""
    import polars as pl

    from fanpin.errors import ConfigError

    cases: list[object] = [
        [{"region_code": REGION, "income_per_capta": 750_000}],
        pl.DataFrame({"region_code": [REGION], "income_per_capta": [750_000]}),
    ]
    for facts in cases:
        with pytest.raises(ConfigError, match="unknown fact 'income_per_capta'; did you mean income_per_capita"):
            engine.evaluate(facts, as_of=AS_OF)  # type: ignore[arg-type]
    for odd in ([None], "facts", 5):
        with pytest.raises(ConfigError, match="must be"):
            engine.evaluate(odd, as_of=AS_OF)  # type: ignore[arg-type]
    own = pl.DataFrame({"region_code": [REGION], "income_per_capita": [750_000], "village_note": ["x"]})
    assert engine.evaluate(own, as_of=AS_OF).height == 1  # a host's own column is left alone


def test_a_frame_of_the_exports_cells_is_refused_naming_scorer_score(engine: BatchEngine) -> None:
    """A frame headed as the export heads it (户编号, 工资性收入 …) had been scored as households of whom
    nothing is known, every rule not evaluable and no 户编号, without a word (a list of dicts was refused,
    as an unknown fact); both now name the header's fact and Scorer.score, which reads such cells."""
    import polars as pl

    from fanpin.errors import ConfigError

    cells: dict[str, list[object]] = {"户编号": ["H1"], "行政区划代码": [REGION], "工资性收入": [20000]}
    given: list[pl.DataFrame | list[dict[str, object]]] = [pl.DataFrame(cells), [{k: v[0] for k, v in cells.items()}]]
    for facts in given:
        with pytest.raises(ConfigError, match=r"export's header of (household_id|region_code|wage_income)") as caught:
            engine.score(facts, as_of=AS_OF)
        assert "Scorer.score" in caught.value.fix
    kept = pl.DataFrame({"household_id": ["H1"], "income_per_capita": [750_000], "户主姓名": ["户主甲"]})
    assert engine.score(kept, as_of=AS_OF, region=REGION, keep=["户主姓名"]).height == 1  # a header kept is no fact


def test_households_are_scored_with_their_members_as_the_scorer_scores_them(engine: BatchEngine) -> None:
    """A list of Household raised a bare NameError inside polars; it is read as its fact rows, with its
    members, and scores as Scorer.score scores the same households."""
    from fanpin import Household, Scorer
    from fanpin.model.member import Member

    cells = {"行政区划代码": REGION, "户类型": "脱贫户", "家庭人口数": 2, "工资性收入": 1000, "生产经营性收入": 0,
             "财产性收入": 0, "转移性收入": 0}  # fmt: skip
    members = (Member.model_validate({"户编号": "H1", "与户主关系": "户主", "健康状况": "健康"}),)
    households = [Household.model_validate(cells | {"户编号": "H1", "members": members}),
                  Household.model_validate(cells | {"户编号": "H2"})]  # fmt: skip
    scored = engine.score(households, as_of=AS_OF)
    assert scored.equals(Scorer().score(households, as_of=AS_OF).scored)


def test_a_pandas_frame_of_facts_is_refused_as_one(engine: BatchEngine) -> None:
    """A pandas frame, iterated, gives its column names: it was refused as "each row of facts must be a
    mapping (a dict), not str", which did not say what was wrong."""
    import pandas as pd

    from fanpin.errors import ConfigError

    with pytest.raises(ConfigError, match=r"not DataFrame \(pandas\)") as raised:
        engine.evaluate(pd.DataFrame({"region_code": [REGION], "income_per_capita": [750_000]}), as_of=AS_OF)
    assert "polars.from_pandas" in raised.value.fix


@pytest.mark.parametrize(
    ("keep", "said"),
    [
        ("备注", "keep is one text, not a list of columns"),
        (["备注", "nope"], "keep names the column 'nope', which the facts do not have"),
        ([3], "keep is a list of int, not of columns' headers"),
    ],
)
def test_keep_is_a_list_of_the_facts_columns(engine: BatchEngine, keep: object, said: str) -> None:
    """``keep="备注"`` was read letter by letter, and a column the facts lack stopped with polars'
    ColumnNotFoundError listing the engine's inner columns (__c0, __r0 …): a ConfigError naming it now."""
    from fanpin.errors import ConfigError

    facts = [{"household_id": "H1", "region_code": REGION, "size": 1, "net_income": 100, "备注": "x"}]
    for call in (engine.score, engine.score_json):
        with pytest.raises(ConfigError, match=re.escape(said)):
            call(facts, as_of=AS_OF, keep=keep)  # type: ignore[arg-type]
    assert engine.score(facts, as_of=AS_OF, keep=["备注"]).get_column("备注").to_list() == ["x"]


@pytest.mark.parametrize(
    ("value", "said"),
    [
        (Decimal("NaN"), "a Decimal NaN or infinity"),  # polars panicked: a PanicException, no Exception
        (Decimal("sNaN"), "a Decimal NaN or infinity"),
        (Decimal("-Infinity"), "a Decimal NaN or infinity"),
        (Decimal("1e100"), "a Decimal polars cannot hold"),  # a bare RuntimeError
        (Decimal("1e-100"), "a Decimal polars cannot hold"),
        ("建房\ud800", "half of a UTF-16 pair"),  # a bare UnicodeEncodeError
        (10**40, "a whole number beyond 128 bits"),
    ],
)
@pytest.mark.parametrize("fact", ["income_per_capita", "loan_purpose"])
def test_a_value_polars_cannot_hold_is_refused_naming_its_fact_and_row(
    engine: BatchEngine, fact: str, value: object, said: str
) -> None:
    """Facts or member rows given as mappings holding a value polars cannot make a column of: an
    :class:`InputError` naming the key and the row, the value unquoted."""
    rows: list[dict[str, object]] = [{"household_id": "H1", "size": 3}, {"household_id": "H2", fact: value}]
    for run in (engine.evaluate, engine.score):
        with pytest.raises(InputError) as caught:
            run(rows, as_of=AS_OF, region=REGION)
        message = str(caught.value)
        assert f"facts row 1 (counted from 0), key '{fact}'" in message and said in message
        assert str(value) not in message.replace("NaN or infinity", "")


@pytest.mark.parametrize(
    ("fact", "said"), [("net_income", "a whole number of fen"), ("size", "a whole number"), ("loan_purpose", "text")]
)
def test_true_beside_numbers_is_refused_not_read_as_one(engine: BatchEngine, fact: str, said: str) -> None:
    """``True`` in a money or count fact, beside whole numbers, was read as 1 fen or 1 person (polars makes a
    column of both integers); evaluate_facts refuses it. A column of booleans alone is refused too."""
    for rows in ([{"household_id": "H1", fact: 300}, {"household_id": "H2", fact: True}], [{fact: True}]):
        for run in (engine.evaluate, engine.score):
            with pytest.raises(InputError, match=re.escape(said)):
                run(rows, as_of=AS_OF, region=REGION)
    scored = engine.evaluate([{"household_id": "H1", "housing_unsafe": True}], as_of=AS_OF, region=REGION)
    assert scored.height == 1  # a yes/no fact takes True


@pytest.mark.parametrize("value", [np.True_, date(2020, 1, 1), datetime(2020, 1, 1, 8)])
def test_numpys_bool_or_a_date_in_an_amount_is_refused(engine: BatchEngine, value: object) -> None:
    """numpy's ``True_`` was read as 1 fen, a date as the days since 1970 (182.62 元), in mappings and in a
    frame's column alike: refused naming the fact."""
    rows = [{"household_id": "H1", "net_income": 870_050}, {"household_id": "H2", "net_income": value}]
    for data in (rows, rows[1:]):
        with pytest.raises(InputError, match="net_income"):
            engine.score(data, as_of=AS_OF, region=REGION)
    if isinstance(value, date):
        frame = pl.DataFrame({"household_id": ["H1"], "net_income": [value]})
        with pytest.raises(InputError, match="fact 'net_income'"):
            engine.score(frame, as_of=AS_OF, region=REGION)


@pytest.mark.parametrize(
    ("fact", "value", "said"),
    [
        ("identified_month", "202001", "202001 is 2020-01, month number 24240"),  # read as month number 202001
        ("income_per_capita", "750000", "7500 is 7500 元"),  # text had been cast to fen
        ("loan_due", "739433", "a day number"),
    ],
)
def test_text_for_a_number_fact_is_refused_not_cast(engine: BatchEngine, fact: str, value: str, said: str) -> None:
    """A month given as text, "202001", was cast to month number 202001 (a year past 16 000) and scored without
    a word, where evaluate_facts reads it as 2020-01; text in any fact the engines compare as a number is
    refused, in mappings and in a frame's column alike."""
    for data in ([{"household_id": "H1", fact: value}], pl.DataFrame({"household_id": ["H1"], fact: [value]})):
        with pytest.raises(InputError, match=re.escape(said)) as caught:
            engine.rule_outcomes(data, as_of=AS_OF, region=REGION)
        assert f"fact '{fact}'" in str(caught.value) and "row 0" in str(caught.value)


@pytest.mark.parametrize(
    ("fact", "value"),
    [("identified_month", 202001), ("identified_month", 737425), ("identified_month", -5), ("loan_due", 20250701)],
)
def test_a_month_or_day_number_of_no_month_or_day_the_model_takes_is_refused(
    engine: BatchEngine, fact: str, value: int
) -> None:
    """A month written YYYYMM as a number (202001) or a day number given for a month was read as a month past
    the year 16 000, or before the calendar, and scored without a word; the model takes months of 1900-01 to
    9999-12 and days of 0001-01-01 to 9999-12-31."""
    rows: list[dict[str, object]] = [
        {"household_id": "H1", fact: 24240 if fact == "identified_month" else 739433},
        {"household_id": "H2", fact: value},
    ]
    with pytest.raises(InputError, match=rf"fact '{fact}'.*row 1") as caught:
        engine.rule_outcomes(rows, as_of=AS_OF, region=REGION)
    assert str(value) not in str(caught.value).split("the numbers run")[0]
    assert engine.rule_outcomes(rows[:1], as_of=AS_OF, region=REGION).height == 1


@pytest.mark.parametrize(
    ("code", "said"),
    [
        ("99", "'99', no region code: its first two digits, 99, name none of the 31 provinces"),
        ("710101", "'710101', no region code: its first two digits, 71"),
        ("5323", None),
        ("53232", "not a region code"),
        (ID_NUMBER, "not a region code"),  # an ID number in the wrong column: not quoted
        ("\uff15\uff13\uff12\uff13\uff12\uff18", "not a region code"),  # full-width digits
    ],
)
def test_a_frames_own_region_code_is_checked_as_the_table_checks_it(
    engine: BatchEngine, code: str, said: str | None
) -> None:
    """A frame's own ``region_code`` column of a code of no province had been scored with the national
    parameters, a text of no code's shape as well: an :class:`InputError` naming the row, quoting a code of
    a division code's shape only. Given as rows or as a frame, on every output."""
    rows = [{"household_id": "H1", "region_code": REGION}, {"household_id": "H2", "region_code": code}]
    for given in (rows, pl.DataFrame(rows)):
        for run in (engine.evaluate, engine.score, engine.score_json, engine.rule_outcomes):
            if said is None:
                assert run(given, as_of=AS_OF).height == 2
                continue
            with pytest.raises(InputError) as caught:
                run(given, as_of=AS_OF, region=REGION)
            message = str(caught.value)
            assert message.startswith("region_code of row 1 (counted from 0) is ") and said in message
            assert ID_NUMBER not in message
