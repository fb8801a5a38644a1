"""A host application's view of the input models: every refusal is a FanpinError (and pydantic's
ValidationError), unknown keys are refused with a "did you mean", extras are allowed only when asked,
and personal values never show in an error."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

import fanpin
from fanpin import FanpinError, Household, RecordValidationError, Scorer
from fanpin.model import Member
from fanpin.model.record import known_keys
from fanpin.model.values import NOT_DECODED
from tests.helpers import HOUSEHOLD

ID = "532328199001011234"
PHONE = "13812345678"
NAME = "李某华"


def _refusal(validate: Callable[[], object]) -> RecordValidationError:
    with pytest.raises(RecordValidationError) as caught:
        validate()
    return caught.value


@pytest.mark.parametrize(
    "validate",
    [
        lambda: Household.model_validate(HOUSEHOLD | {"size": 0}),
        lambda: Household.model_validate_json(json.dumps(HOUSEHOLD | {"size": 0})),
        lambda: Household.model_validate_strings({k: str(v) for k, v in (HOUSEHOLD | {"size": 0}).items()}),
        lambda: Household(**(HOUSEHOLD | {"size": 0})),
        lambda: Member.model_validate({"户编号": "H1", "劳动技能": "会飞"}),
    ],
    ids=["model_validate", "model_validate_json", "model_validate_strings", "constructor", "member"],
)
def test_every_refusal_is_a_fanpin_error_a_value_error_and_pydantics_validation_error(
    validate: Callable[[], object],
) -> None:
    error = _refusal(validate)
    assert isinstance(error, FanpinError) and isinstance(error, ValueError) and isinstance(error, ValidationError)
    assert error.code == "invalid-record" and error.model in ("Household", "Member")
    detail = error.errors()[0]
    assert detail["loc"] in (("size",), ("劳动技能",)) and detail["msg"]
    assert "Fix:" in str(error)
    assert fanpin.RecordValidationError is RecordValidationError


def test_pydantics_detail_is_kept() -> None:
    error = _refusal(lambda: Household.model_validate(HOUSEHOLD | {"wage_income": "-5", "labor_count": "x"}))
    by_loc = {e["loc"]: e for e in error.errors()}
    assert by_loc[("wage_income",)]["msg"] == (
        "Value error, must not be negative (an income or spending item is never below 0): correct the cell, "
        "writing 0 for none"
    )
    assert by_loc[("labor_count",)]["type"] == "value_error"
    assert "wage_income" in str(error) and "labor_count" in str(error)


@pytest.mark.parametrize(
    ("model", "key", "suggestion", "other"),
    [
        (Household, "wage_incme", "wage_income", "工资性收入"),
        (Household, "工资收入", "工资性收入", "wage_income"),
        (Household, "户主身份证号码", "户主证件号码", "id_number"),
        (Member, "证件号", "证件号码", "id_number"),
        (Member, "labor", "labour", "劳动技能"),
    ],
)
def test_an_unknown_key_is_refused_with_the_nearest_known_key(
    model: type[Household] | type[Member], key: str, suggestion: str, other: str
) -> None:
    given: dict[str, Any] = HOUSEHOLD if model is Household else {"户编号": "H1"}
    # the column misspelt is not given under its own name too (a "did you mean" names a column not given)
    record = {k: v for k, v in given.items() if k not in (suggestion, other)} | {key: "1"}
    error = _refusal(lambda: model.model_validate(record))
    unknown = [e for e in error.errors() if e["type"] == "unknown_key"]
    assert [e["loc"] for e in unknown] == [(key,)]
    assert unknown[0]["ctx"] == {"suggestion": suggestion, "other": other}
    assert f"did you mean {suggestion} ({other})?" in unknown[0]["msg"]
    assert 'extra="ignore"' in str(error)


@pytest.mark.parametrize(
    ("model", "record", "key", "names"),
    [
        (Household, HOUSEHOLD | {"户编号": "H1"}, "户编号", "(household_id, 户编号)"),
        (Household, HOUSEHOLD | {"工资性收入": "2"}, "工资性收入", "(wage_income, 工资性收入)"),
        (Member, {"户编号": "H1", "证件号码": "1", "身份证号码": "1"}, "身份证号码", "(id_number, 证件号码)"),
    ],
)
def test_a_column_given_under_two_of_its_names_is_refused_as_given_twice(
    model: type[Household] | type[Member], record: dict[str, Any], key: str, names: str
) -> None:
    """The second name of a column given twice was an unknown key whose "did you mean" named itself
    (户编号: unknown key; did you mean 户编号 (household_id)?), with the fix to rename it."""
    error = _refusal(lambda: model.model_validate(record))
    assert [(e["loc"], e["type"]) for e in error.errors()] == [((key,), "duplicate_key")]
    assert f"{key} names a column the record also gives under another of its names {names}" in str(error)
    assert "did you mean" not in str(error) and "rename" not in error.fix and "one name only" in error.fix


@pytest.mark.parametrize(
    ("key", "suggestion"),
    [("household_size", "size"), ("hh_size", "size"), ("家庭人口", "家庭人口数"), ("wages", None)],
)
def test_an_unknown_key_is_not_told_to_become_a_column_the_record_gives(key: str, suggestion: str | None) -> None:
    """A "did you mean" names a column the record does not give already, preferring a required one it lacks:
    ``household_size`` (for ``size``) had been told "did you mean household_id", which the record gives, so
    that renamed as it said the record was refused again, a column given twice; ``wages`` beside wage_income
    was told to become wage_income."""
    record = {k: v for k, v in HOUSEHOLD.items() if k != "size" or key == "wages"} | {key: 4}
    error = _refusal(lambda: Household.model_validate(record))
    unknown = [e for e in error.errors() if e["type"] == "unknown_key"]
    assert [e["loc"] for e in unknown] == [(key,)]
    if suggestion is None:
        assert "no column of that name" in unknown[0]["msg"]
    else:
        assert unknown[0]["ctx"]["suggestion"] == suggestion
        renamed = {k: v for k, v in record.items() if k != key} | {suggestion: 4}
        assert Household.model_validate(renamed).size == 4


def test_a_key_with_no_near_neighbour_and_a_derived_key_say_what_to_do() -> None:
    error = _refusal(lambda: Household.model_validate(HOUSEHOLD | {"zzzz": "1"}))
    assert "no column of that name" in error.errors()[0]["msg"]
    derived = _refusal(lambda: Household.model_validate(HOUSEHOLD | {"net_income": "1"}))
    assert "derived by fanpin" in derived.errors()[0]["msg"] and "家庭纯收入" in derived.errors()[0]["msg"]


def test_extra_keys_are_allowed_only_when_asked() -> None:
    record = HOUSEHOLD | {"备注": "note", "crm_id": 7}
    household = Household.model_validate(record, extra="ignore")
    assert household == Household.model_validate(HOUSEHOLD)
    assert Household.model_validate_json(json.dumps(record), extra="ignore") == household
    with pytest.raises(RecordValidationError):
        Household.model_validate(record)


def test_a_dump_without_the_derived_values_validates_back() -> None:
    household = Household.model_validate(HOUSEHOLD | {"income_per_capita": "7000", "户主证件号码": ID})
    record = household.model_dump(exclude_computed_fields=True)
    record["id_number"] = ID  # a dump writes personal values masked: the host keeps its own clear copy
    assert Household.model_validate(record) == household
    assert household.reported_income_per_capita is not None  # field names are accepted as well as aliases


def test_personal_values_never_show_in_an_error() -> None:
    record = HOUSEHOLD | {"户主证件号码": ID, "户主姓名": NAME, "size": 0, "手机": PHONE, "备注": f"户主{ID}"}
    record.pop("wage_income")  # a missing error carries the whole record as its input
    error = _refusal(lambda: Household.model_validate(record))
    texts = [str(error), repr(error), error.json(), repr(error.errors()), json.dumps(error.errors(), default=str)]
    for text in texts:
        assert ID not in text and NAME not in text and PHONE not in text
    inputs = {e["loc"]: e["input"] for e in error.errors()}
    assert inputs[("手机",)] == "1381***5678"
    assert inputs[("备注",)] == "户主5323**********1234"
    assert inputs[("wage_income",)]["户主证件号码"] == "5323**********1234"
    assert inputs[("wage_income",)]["户主姓名"] == "李**"


def _shown(error: RecordValidationError) -> list[str]:
    return [str(error), repr(error), error.json(), repr(error.errors()), json.dumps(error.errors(), default=str)]


def test_a_record_keyed_by_id_number_does_not_show_it() -> None:
    """A dict of records keyed by ID number, given as one record, made each ID number an unknown key: masked
    in the message, but in clear in errors()' loc, in repr and in json()."""
    error = _refusal(lambda: Household.model_validate({ID: HOUSEHOLD, PHONE: 1}))
    assert all(ID not in text and PHONE not in text for text in _shown(error))
    assert ("5323**********1234",) in [e["loc"] for e in error.errors()]


@pytest.mark.parametrize("given", [[NAME], {"name": NAME}, (NAME,), NAME.encode()])
def test_a_personal_value_that_is_no_text_is_refused_and_masked(given: object) -> None:
    """户主姓名 given as a list or a dict was taken as its Python text ("['李某华']"; an ID number so given was
    then flagged invalid), and a dict's values were shown in clear in a missing error's record."""
    record = {k: v for k, v in HOUSEHOLD.items() if k != "size"} | {"户主姓名": given, "户主证件号码": [ID]}
    error = _refusal(lambda: Household.model_validate(record))
    assert {e["loc"]: e["type"] for e in error.errors()} == {
        ("size",): "missing",
        ("户主姓名",): "value_error",
        ("户主证件号码",): "value_error",
    }
    said = NOT_DECODED if isinstance(given, bytes) else f"not one value but a {type(given).__name__}"
    assert said in str(error)
    assert all(NAME not in text and ID not in text for text in _shown(error))
    member = _refusal(lambda: Member.model_validate({"户编号": "H1", "证件号码": [ID], "家庭成员联系电话": {PHONE}}))
    assert len(member.errors()) == 2 and all(ID not in text and PHONE not in text for text in _shown(member))


def test_validation_by_pydantic_itself_explains_and_masks_too() -> None:
    """A FastAPI body or a TypeAdapter validates through pydantic, not model_validate: the did-you-mean
    and the masking are in the model's own validator, so they hold there as well."""
    with pytest.raises(ValidationError) as caught:
        TypeAdapter(Household).validate_python(
            {k: v for k, v in HOUSEHOLD.items() if k != "wage_income"} | {"工资收入": ID}
        )
    error = next(e for e in caught.value.errors() if e["type"] == "unknown_key")
    assert "工资性收入" in error["msg"]
    assert error["input"] == "5323**********1234"


def test_a_name_or_a_diagnosis_typed_into_a_column_of_numbers_or_words_is_masked() -> None:
    """A name typed into 家庭人口数 or 工资性收入, a diagnosis into a risk column, a name into a member's 出生日期
    or 与户主关系 (孙小女, near 孙女): masked in ``errors()``, ``json()`` and the message as the errors file masks
    them (Scorer.score's rejected rows), where the record's error had shown them in clear."""
    record = HOUSEHOLD | {"家庭人口数": "张三丰", "工资性收入": "李四", "致贫/返贫风险1": "肺癌"}
    error = _refusal(lambda: Household.model_validate(record))
    assert {e["loc"]: e["input"] for e in error.errors()} == {
        ("家庭人口数",): "张**",
        ("工资性收入",): "李*",
        ("致贫/返贫风险1",): "肺*",
    }
    assert all(clear not in text for text in _shown(error) for clear in ("张三丰", "李四", "肺癌"))
    member = HOUSEHOLD | {"members": [{"出生日期": "赵六", "与户主关系": "孙小女"}]}
    shown = {e["loc"]: e["input"] for e in _refusal(lambda: Household.model_validate(member)).errors()}
    assert shown[("members", 0, "出生日期")] == "赵*" and shown[("members", 0, "与户主关系")] == "孙**"
    words = _refusal(lambda: Household.model_validate(HOUSEHOLD | {"户类型": "脱贫护"}))
    assert words.errors()[0]["input"] == "脱贫护"  # near a word: shown for its fix


@pytest.mark.parametrize(
    ("key", "value", "shown"),
    [
        ("wage_income", float("nan"), "nan"),
        ("size", float("inf"), "inf"),
        ("household_id", float("-inf"), "-inf"),
        ("loan_purpose", float("nan"), "nan"),
        ("wage_income", Decimal("NaN"), "NaN"),
    ],
)
def test_a_nan_or_an_infinity_refused_is_shown_as_its_text(key: str, value: object, shown: str) -> None:
    """A refused NaN or infinity had been the error's ``input`` as the number, which ``json()`` wrote as ``NaN``
    or ``Infinity``, no JSON (a service's 422 that gave it back could not be written: FastAPI answered 500). It
    is its text, in a missing key's record too."""
    error = _refusal(lambda: Household.model_validate(HOUSEHOLD | {key: value}))
    assert [e["input"] for e in error.errors()] == [shown]
    json.loads(error.json(), parse_constant=lambda constant: pytest.fail(f"{constant} in {error.json()}"))
    missing = _refusal(
        lambda: Household.model_validate({k: v for k, v in HOUSEHOLD.items() if k != "household_type"} | {key: value})
    )
    json.loads(missing.json(), parse_constant=lambda constant: pytest.fail(f"{constant} in {missing.json()}"))


@pytest.mark.parametrize("key", ["贷款用途", "户主姓名", "household_id"])
def test_text_holding_half_of_a_utf16_pair_is_refused_by_the_model(key: str) -> None:
    """``"\\ud800"`` has no UTF-8 form: the model accepted it, then durable-rules refused the fact ("pyAssertFact
    Invalid argument") and polars raised a bare UnicodeEncodeError. Now the model refuses it, and its error
    can be written as JSON (the half pair shown as U+FFFD)."""
    from fanpin.model.values import HALF_PAIR

    error = _refusal(lambda: Household.model_validate(HOUSEHOLD | {key: "建房\ud800"}))
    assert [e["loc"] for e in error.errors()] == [(key,)] and HALF_PAIR in str(error)
    assert "\ud800" not in error.json() and json.loads(error.json())
    member = _refusal(lambda: Member.model_validate({"户编号": "H1", "人编号": "P1\udc80"}))
    assert HALF_PAIR in str(member)


def test_known_keys_list_both_header_languages() -> None:
    keys = known_keys(Household)
    assert {"wage_income", "工资性收入", "household_id", "户编号", "reported_income_per_capita"} <= set(keys)
    assert {"证件号码", "身份证号码", "id_number"} <= set(known_keys(Member))


# ---- a required value given empty ----------------------------------------------------------------------------


def _required_keys() -> list[tuple[str, str]]:
    """Each required column of the household table (fanpin.model.columns.REQUIRED) by its English name and
    by its Chinese header."""
    from fanpin.model.columns import REQUIRED

    return [(name, key) for name in REQUIRED for key in (name, str(Household.model_fields[name].title))]


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    """One scorer for the module's records (a scorer per record made them the slowest tests here)."""
    return Scorer()


@pytest.mark.parametrize("blank", [None, "", "  ", "\u3000"])
@pytest.mark.parametrize(("field", "key"), _required_keys())
def test_an_empty_required_value_is_refused_with_the_reason_a_scored_table_gives(
    field: str, key: str, blank: str | None, scorer: Scorer
) -> None:
    """None or blank text in a required cell was refused in pydantic's words ("Decimal input should be an
    integer, float, string or Decimal object", "Input should be a valid integer", "Input should be
    'formerly_poor' or 'ordinary'"), where Scorer.score refuses the same record with "required value is
    empty; write 0 if the household had none" (or what to write where 0 is no answer: 户编号, 户类型, 家庭人口数). The
    model gives that reason, as the error's message with the type required_empty, on every path a host
    validates by: model_validate, the constructor, pydantic itself (a FastAPI body) and Scorer.assess."""
    from fanpin.model.columns import empty_reason
    from fanpin.model.record import REQUIRED_EMPTY_TYPE
    from tests.helpers import AS_OF

    record = {k: v for k, v in HOUSEHOLD.items() if k != field} | {key: blank}
    scored = scorer.score([record], as_of=AS_OF, lang="en").rejected
    assert scored.select("column", "reason").rows() == [(key, empty_reason(field))]
    reason = scored.item(0, "reason")
    for validate in (
        lambda: Household.model_validate(record),
        lambda: Household(**record),
        lambda: Household.model_validate_json(json.dumps(record)),
    ):
        error = _refusal(validate)
        assert [(e["loc"], e["type"], e["msg"]) for e in error.errors()] == [((key,), REQUIRED_EMPTY_TYPE, reason)]
        assert f"{key}: {reason}" in str(error)
    with pytest.raises(ValidationError) as caught:  # pydantic's own validation (a FastAPI body)
        TypeAdapter(Household).validate_python(record)
    assert [(e["type"], e["msg"]) for e in caught.value.errors()] == [(REQUIRED_EMPTY_TYPE, reason)]
    assessed = _refusal(lambda: scorer.assess(record, as_of=AS_OF))
    assert [(e["loc"], e["msg"]) for e in assessed.errors()] == [((key,), reason)]


@pytest.mark.parametrize("blank", [None, "", " "])
def test_an_empty_required_value_of_a_member_says_so_and_a_key_left_out_is_missing(blank: str | None) -> None:
    """A member's 户编号 given empty is refused as "required value is empty" (type required_empty), where
    pydantic added "Value error, "; inside a household's members, at its place. A required key left out
    altogether is pydantic's missing ("Field required"), as it was."""
    from fanpin.model.record import REQUIRED_EMPTY_TYPE

    error = _refusal(lambda: Member.model_validate({"户编号": blank, "与户主关系": "户主"}))
    assert [(e["loc"], e["type"], e["msg"]) for e in error.errors()] == [
        (("户编号",), REQUIRED_EMPTY_TYPE, "required value is empty")
    ]
    nested = _refusal(lambda: Household.model_validate(HOUSEHOLD | {"members": [{"户编号": blank}]}))
    assert [(e["loc"], e["type"]) for e in nested.errors()] == [(("members", 0, "户编号"), REQUIRED_EMPTY_TYPE)]
    left_out = _refusal(lambda: Household.model_validate({k: v for k, v in HOUSEHOLD.items() if k != "size"}))
    assert [(e["loc"], e["type"], e["msg"]) for e in left_out.errors()] == [(("size",), "missing", "Field required")]
    assert _refusal(lambda: Member.model_validate({})).errors()[0]["type"] == "missing"


def test_an_empty_optional_value_is_unknown_and_a_wrong_required_one_keeps_its_reason() -> None:
    """Only a required field given empty is refused as empty: an optional one is unknown, and a required
    one given a wrong value is told what is wrong with it."""
    household = Household.model_validate(HOUSEHOLD | {"labor_count": None, "合规自付支出": ""})
    assert household.labor_count is None and household.medical_out_of_pocket is None
    error = _refusal(lambda: Household.model_validate(HOUSEHOLD | {"size": "x", "household_type": "外星户"}))
    assert sorted((e["type"], e["msg"]) for e in error.errors()) == [
        ("value_error", "Value error, not a known value; expected one of 脱贫户、一般农户"),
        ("value_error", "Value error, not a whole number; write a whole number such as 4"),
    ]


def test_members_given_under_both_their_names_is_refused_as_given_twice() -> None:
    """家庭成员 (the members' title) beside members was an unknown key whose "did you mean" named the key given
    beside it (``did you mean members (家庭成员)?``; in Chinese, from Scorer.score, ``未知的键；是否应为 家庭成员？``,
    naming itself), with the fix to rename it. It is a column given twice, as 户编号 beside household_id is."""
    from datetime import date

    from fanpin import Scorer

    head = {"户编号": "H1", "与户主关系": "户主"}
    error = _refusal(lambda: Household.model_validate(HOUSEHOLD | {"家庭成员": [head], "members": [head]}))
    assert [(e["loc"], e["type"]) for e in error.errors()] == [(("家庭成员",), "duplicate_key")]
    assert "家庭成员 names a column the record also gives under another of its names (members, 家庭成员)" in str(error)
    assert "did you mean" not in str(error) and "one name only" in error.fix
    record = {**HOUSEHOLD, "家庭成员": [head], "members": [head]}
    rejected = Scorer().score([record], as_of=date(2025, 6, 30), region="532328").rejected
    assert rejected.get_column("reason").to_list() == [
        "家庭成员 与该记录中的另一个键指同一列（家庭成员）：请只保留一个"
    ]


def test_a_refusals_message_names_a_column_left_out_by_its_header_and_reads_in_chinese() -> None:
    """A record's refusal, as a host prints it (``str``, ``fanpin.cli.script_message``,
    ``fanpin.messages.error_message``): a required column left out is named by its header and English name and
    said to be not given, with the fix to add it, where it had been pydantic's ``size: Field required`` beside
    the fix to correct the values; a validator's reason without pydantic's ``Value error, ``; and in Chinese,
    where the whole line had stayed English (and the catalog's ``{field}: Field required`` had matched a part of
    it). ``errors()`` keeps pydantic's own items, which hosts read."""
    from datetime import date

    from fanpin.cli import script_message
    from fanpin.messages import error_message

    record = {k: v for k, v in HOUSEHOLD.items() if k != "size"} | {"wage_income": "x", "foo": 1}
    error = _refusal(lambda: Household.model_validate(record))
    assert sorted((e["loc"], e["type"]) for e in error.errors()) == [
        (("foo",), "unknown_key"),
        (("size",), "missing"),
        (("wage_income",), "value_error"),
    ]
    text = str(error)
    assert "家庭人口数 (size): a required column, not given" in text
    assert "Field required" not in text and "Value error" not in text
    assert "wage_income: not an amount of money" in text
    assert "add each required column listed as not given" in error.fix and "correct each value listed" in error.fix
    for zh in (script_message("host", "error", error, "zh"), error_message(error, "zh")):
        assert "户记录未通过校验，共 3 个问题" in zh and "家庭人口数（size）：必填列，未给出" in zh, zh
        assert "请补上所列未给出的必填列" in zh and 'extra="ignore"' in zh and "refused" not in zh, zh
    assert "Household refused, 3 problem(s)" in error_message(error, "en")
    # assess's own fix for an unknown key (it takes no extra=), and a member's place, in Chinese
    assessed = _refusal(lambda: Scorer().assess(HOUSEHOLD | {"foo": 1}, as_of=date(2025, 6, 30)))
    assert "assess 接受这样得到的 Household" in error_message(assessed, "zh")
    nested = _refusal(lambda: Household.model_validate(HOUSEHOLD | {"members": [{"出生日期": "abc"}]}))
    assert "家庭成员第 1 人的出生日期：不是日期" in error_message(nested, "zh")
    member = _refusal(lambda: Member.model_validate({}))
    assert error_message(member, "zh").startswith("fanpin: 错误：成员记录未通过校验")
