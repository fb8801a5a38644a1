"""A host's dict holds Python objects, not a file's text: each gets one answer from ``Household.model_validate``,
``Scorer.assess`` (durable-rules) and ``Scorer.score`` (polars), or a clear refusal naming the key.

- A personal value as the model holds it (``Pii``: ``dict(household)``, ``household.id_number`` copied into a
  record) is its clear value, as the model reads it: both engines had read its masked text
  (``5323**********1234``) as the ID number, so a household whose ID number the data checks flag was not flagged.
- An object of no kind a cell holds (``object()``, a ``uuid.UUID``, a class of the host's own) is refused naming
  the key and its type: both engines had scored its Python text (``<object object at 0x…>`` as 贷款用途, a
  UUID's text as the 户编号) where the model refused it, or took it as a name.
- A datetime in a date or month column is its date, as both engines read it (and a DataFrame's datetime
  column): the model had refused one with a time of day, in pydantic's words for a date column."""

from __future__ import annotations

import json
import re
import uuid
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest

from fanpin import ConfigError, Engine, Household, RecordValidationError, Scorer, load_rulebook
from fanpin.batch import BatchEngine
from fanpin.errors import InputFileError
from fanpin.model.member import Member
from fanpin.model.values import Pii
from fanpin.results.reasons import reason_text
from fanpin.results.sentences import Lang
from tests.helpers import AS_OF, read_csv

_RECORD = {"户编号": "H1", "行政区划代码": "532328", "户类型": "脱贫户", "家庭人口数": 4, "工资性收入": 20000}
_RECORD |= {"生产经营性收入": 8000, "财产性收入": 0, "转移性收入": 2000}
#: A synthetic ID number whose check digit is wrong: data.id_number_invalid fires for it.
_WRONG_CHECK = "532328199001011234"
_SCORER = Scorer(load_rulebook(checks="with"))


def _flags(data: object) -> list[list[str]]:
    return _SCORER.score(data, as_of=AS_OF).scored.get_column("flags").to_list()


def test_a_personal_value_held_by_the_model_is_read_as_the_model_reads_it() -> None:
    household = Household.model_validate(_RECORD | {"户主证件号码": _WRONG_CHECK, "户主姓名": "张三"})
    expected = _SCORER.assess(household, as_of=AS_OF)
    assert "data.id_number_invalid" in expected.flag_ids
    record = _RECORD | {"户主证件号码": household.id_number, "户主姓名": household.head_name}
    assert isinstance(record["户主证件号码"], Pii)
    for given in (record, dict(household)):  # a record of the model's values, or the model's fields as a dict
        assert _SCORER.assess(given, as_of=AS_OF) == expected
        assert _flags([given]) == [list(expected.flag_ids)]
        assert Household.model_validate(given) == household


class _Code:
    """A host's own object for a code, whose text is not a value fanpin can tell from any other."""

    def __str__(self) -> str:
        return "H1"


@pytest.mark.parametrize("value", [object(), uuid.UUID(int=7), _Code()], ids=["object", "uuid", "own-class"])
@pytest.mark.parametrize("key", ["户编号", "贷款用途", "户主姓名", "工资性收入"])
def test_an_object_of_no_kind_a_cell_holds_is_refused_on_every_entry_point(key: str, value: object) -> None:
    record = _RECORD | {key: value}
    kind = {"object": "an object", "UUID": "a UUID", "_Code": "a _Code"}[type(value).__name__]  # its article
    with pytest.raises(RecordValidationError) as by_model:
        Household.model_validate(record)
    [error] = by_model.value.errors()
    assert error["loc"] == (key,) and f"not a value but {kind};" in error["msg"]
    assert not reason_text(error["msg"].removeprefix("Value error, "), "zh").startswith("该值不符合要求")
    for call, where in ((_SCORER.assess, "record"), (_SCORER.plan, "record")):
        with pytest.raises(ConfigError, match=re.escape(f"{where}[{key!r}] is {kind}, not one cell's value")):
            call(record, as_of=AS_OF)
    with pytest.raises(ConfigError, match=re.escape(f"data[0][{key!r}] is {kind}, not one cell's value")):
        _SCORER.score([record], as_of=AS_OF)
    with pytest.raises(InputFileError, match=re.escape(f"({key}) holds {type(value).__name__} values")):
        _SCORER.score(pd.DataFrame([record]), as_of=AS_OF)


def test_a_member_s_object_of_no_kind_a_cell_holds_is_refused_alike() -> None:
    member = {"户编号": "H1", "人编号": "P1", "姓名": object()}
    with pytest.raises(RecordValidationError, match="not a value but an object;") as refused:
        Member.model_validate(member)
    # the Chinese reason of a record's refusal, as Scorer.score's rejected table gives it, still translated
    assert reason_text(refused.value.errors()[0]["msg"].removeprefix("Value error, "), "zh").startswith("不是值")
    with pytest.raises(ConfigError, match=re.escape("record['members'][0]['姓名'] is an object,")):
        _SCORER.assess(_RECORD | {"members": [member]}, as_of=AS_OF)
    with pytest.raises(ConfigError, match=re.escape("data[0]['members'][0]['姓名'] is an object,")):
        _SCORER.score([_RECORD | {"members": [member]}], as_of=AS_OF)


@pytest.mark.parametrize("column", ["贷款到期日", "识别监测时间"])
def test_a_datetime_is_its_date_on_every_entry_point(column: str) -> None:
    at_noon = _RECORD | {"户类型": "监测户", "监测对象类别": "脱贫不稳定户", column: datetime(2023, 4, 15, 12, 30)}
    at_midnight = at_noon | {column: date(2023, 4, 15)}
    expected = _SCORER.assess(at_midnight, as_of=AS_OF)
    assert Household.model_validate(at_noon) == Household.model_validate(at_midnight)  # pydantic's refusal before
    assert _SCORER.assess(Household.model_validate(at_noon), as_of=AS_OF) == expected
    assert _SCORER.assess(at_noon, as_of=AS_OF) == expected
    assert _flags([at_noon]) == _flags(pd.DataFrame([at_noon])) == [list(expected.flag_ids)]


@pytest.mark.parametrize("key", ["members", "家庭成员"])
@pytest.mark.parametrize("frame", ["pandas", "polars"])
def test_a_frame_s_column_of_members_says_to_give_the_records(frame: str, key: str) -> None:
    """A frame of records with their members (pandas.DataFrame(records)) was told to give the members' column
    "one text, number or date per row", which no members are: it is told to pass the records themselves, which
    are then scored with their members as Scorer.assess scores them."""
    import polars as pl

    head = {"户编号": "H1", "人编号": "P1", "与户主关系": "户主", "劳动技能": "无劳动力", "就业帮扶": "技能培训"}
    records = [_RECORD | {key: [head]}]
    data = pd.DataFrame(records) if frame == "pandas" else pl.DataFrame(records)
    with pytest.raises(InputFileError) as refused:
        _SCORER.score(data, as_of=AS_OF)
    assert f"({key}) holds " in refused.value.message
    assert "to_dict('records')" in refused.value.fix and "to_dicts()" in refused.value.fix
    given = data.to_dict("records") if isinstance(data, pd.DataFrame) else data.to_dicts()
    expected = _SCORER.assess(records[0], as_of=AS_OF)
    assert "checks.employment_support_without_labour" in expected.flag_ids
    assert _flags(given) == [list(expected.flag_ids)]


def test_a_record_s_keys_are_named_as_a_header_names_its_columns_on_both_engines() -> None:
    """Scorer.score took a dict whose key says `` 户编号`` (a space, a zero-width space: keys read from a clerk's
    sheet) as a table's header names it, but refused the same record once it gave its members, and Scorer.assess
    refused it as an unknown key: one record, two answers. Both engines name the keys so, members' too; two keys
    alike but for those characters are one column given twice."""
    head = {"人编号 ": "P1", "与户主关系": "户主", "劳动技能\u200b": "无劳动力", "就业帮扶": "技能培训"}
    base = _RECORD | {"已落实帮扶措施": ["产业帮扶", "就业帮扶"]}  # a list, as a dict may give the measures
    spaced = {f" {key}\u200b" if key == "户编号" else f"{key} ": value for key, value in base.items()}
    plain_head = {key.strip(" \u200b"): value for key, value in head.items()}
    for members in (None, [head]):
        record = spaced if members is None else spaced | {"家庭成员": members}
        plain = base if members is None else base | {"家庭成员": [plain_head]}
        expected = _SCORER.assess(plain, as_of=AS_OF)
        assert _SCORER.assess(record, as_of=AS_OF) == expected
        assert _flags([record]) == _flags([plain]) == [list(expected.flag_ids)]
    assert "checks.employment_support_without_labour" in expected.flag_ids
    twice = _RECORD | {"户编号\u200b": "H2"}
    for call, where in ((lambda: _SCORER.assess(twice, as_of=AS_OF), "record"),
                        (lambda: _SCORER.score([twice], as_of=AS_OF), "data[0]")):  # fmt: skip
        with pytest.raises(ConfigError, match=re.escape(f"{where} gives 户编号<U+200B> beside 户编号")):
            call()


#: The columns the household model reads as text (a code, a name, an ID number, 贷款用途) and the measures in
#: place; in the personal ones a refused cell is masked (``t***``).
_TEXT_COLUMNS = ("户编号", "行政区划代码", "户主姓名", "户主证件号码", "贷款用途", "已落实帮扶措施")


def _frames(key: str, value: bool) -> list[tuple[object, int]]:
    """The table of H0 and H1 (``value`` in ``key``) as a host gives it in a frame, each with the line of H1:
    polars (a Boolean column), pandas (an object column beside a missing cell, and its nullable boolean column).
    A Boolean column of 户编号 holds no H0: H1 alone (in pandas' object column, beside H0)."""
    import polars as pl

    rows = [_RECORD | {"户编号": "H0", key: None}, _RECORD | {key: value}]
    if key == "户编号":
        return [(pl.DataFrame(rows[1:]), 2), (pd.DataFrame([_RECORD | {"户编号": "H0"}, rows[1]]), 3)]
    nullable = pd.DataFrame(rows)
    nullable[key] = pd.array([None, value], dtype="boolean")
    return [(pl.DataFrame(rows), 3), (pd.DataFrame(rows), 3), (nullable, 3)]


@pytest.mark.parametrize(("value", "lang"), [(True, "zh"), (False, "en")])
@pytest.mark.parametrize("key", _TEXT_COLUMNS)
def test_a_yes_no_value_in_a_text_column_is_refused_on_every_entry_point(key: str, value: bool, lang: str) -> None:
    """``True`` given as a 户编号, a name, an ID number or 贷款用途 is no text: a bool in an amount or a count was
    refused already, while in a text column a dict's was read as ``True`` (by the model, Scorer.assess and
    Scorer.score) and a frame's Boolean column as ``true``: the household ``True`` from a dict was the household
    ``true`` from a frame. Every entry point refuses it now, naming the column and what to give, on both engines;
    the refused cell is shown as ``true`` or ``false`` on every path, masked in a personal column."""
    from fanpin.model.values import NOT_TEXT_BOOL

    record = _RECORD | {key: value}
    with pytest.raises(RecordValidationError) as by_model:
        Household.model_validate(record)
    [error] = by_model.value.errors()
    assert error["msg"].removeprefix("Value error, ") == NOT_TEXT_BOOL
    for call in (_SCORER.assess, _SCORER.plan):  # durable-rules, and the plan it makes
        with pytest.raises(RecordValidationError, match=re.escape(NOT_TEXT_BOOL)):
            call(record, as_of=AS_OF)
    shown = str(value).lower()
    if key in ("户主姓名", "户主证件号码"):
        shown = shown[0] + "*" * (len(shown) - 1)
    first = _RECORD | {"户编号": "H0"}
    for data, line in (
        ([first, record], 3),
        ([first | {"家庭成员": []}, record | {"家庭成员": []}], 3),  # with members: read by the model
        *_frames(key, value),
    ):
        result = _SCORER.score(data, as_of=AS_OF, region="532328", lang=lang)  # type: ignore[arg-type]
        assert result.scored.get_column("household_id").to_list() == ["H0"][: line - 2], type(data)
        refused = (line, "" if key == "户编号" else "H1", key, shown, reason_text(NOT_TEXT_BOOL, lang))
        assert result.rejected.rows() == [refused], type(data)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_member_s_yes_no_value_in_a_text_column_is_refused_alike(lang: str) -> None:
    """A member's 姓名 or 人编号 given as ``True`` is refused as the household's text columns refuse it."""
    from fanpin.model.values import NOT_TEXT_BOOL

    head = {"人编号": "P1", "与户主关系": "户主", "姓名": True}
    with pytest.raises(RecordValidationError, match=re.escape(NOT_TEXT_BOOL)):
        Member.model_validate(head | {"户编号": "H1"})
    record = _RECORD | {"家庭成员": [head]}
    with pytest.raises(RecordValidationError, match=re.escape(NOT_TEXT_BOOL)):
        _SCORER.assess(record, as_of=AS_OF)
    result = _SCORER.score([record], as_of=AS_OF, lang=lang)  # type: ignore[arg-type]
    assert result.rejected.select("line", "column", "value", "reason").rows() == [
        (2, "家庭成员.0.姓名", "t***", reason_text(NOT_TEXT_BOOL, lang))
    ]


def test_a_yes_no_value_where_fanpin_reads_no_text_is_read_alike_from_a_dict_and_a_frame() -> None:
    """Where a bool is read (a yes/no column), refused (an amount, a vocabulary's column) or passed through (a
    column fanpin does not read), a dict's ``True`` and a frame's Boolean ``true`` are one value, shown and kept
    as ``true`` (as a JSON Lines or Parquet file gives it): the dict's had been ``True``, the frame's ``true``."""
    import polars as pl

    rows = [_RECORD | {"户编号": "H0", "是否党员": False, "住房出现安全问题": False}]
    rows.append(_RECORD | {"是否党员": True, "住房出现安全问题": True})
    kept = [("H0", "false", "false"), ("H1", "true", "true")]  # kept as given (a yes/no column too)
    for data in (rows, pl.DataFrame(rows), pd.DataFrame(rows)):
        result = _SCORER.score(data, as_of=AS_OF, keep_columns="all")
        assert result.scored.select("household_id", "是否党员", "住房出现安全问题").rows() == kept
        assert not result.rejected.height
    refused = [rows[0], rows[1] | {"户类型": True}, rows[1] | {"户编号": "H2", "工资性收入": True}]
    for data in (refused, pd.DataFrame(refused)):  # (a polars column of them is text, or 1 beside numbers)
        result = _SCORER.score(data, as_of=AS_OF, keep_columns="all")
        assert result.rejected.select("line", "column", "value").rows() == [
            (3, "户类型", "true"),
            (4, "工资性收入", "true"),
        ]
    housing = [_SCORER.assess({k: v for k, v in row.items() if k != "是否党员"}, as_of=AS_OF) for row in rows]
    assert ["guarantee.housing_unsafe" in a.flag_ids for a in housing] == [False, True]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_typed_file_s_yes_no_value_in_a_text_column_is_refused_as_a_frame_s(
    tmp_path: Path, either_engine: Engine | BatchEngine, lang: Lang
) -> None:
    """A Parquet file's Boolean column of 户编号, of names or of 贷款用途, and JSON's ``true`` there, are refused
    as the frame they were written from is (a frame saved with ``write_parquet`` had been scored as the
    household ``true``, the frame itself refused), on both engines; a CSV's ``true`` is text, and read as such."""
    import polars as pl

    from fanpin.model.values import NOT_TEXT_BOOL
    from fanpin.pipeline import score_path

    rows = [
        _RECORD | {"户编号": "H0", "贷款用途": None, "户主姓名": None},
        _RECORD | {"贷款用途": True, "户主姓名": None},
    ]
    rows.append(_RECORD | {"户编号": "H2", "贷款用途": None, "户主姓名": False})
    frame = pl.DataFrame(rows)
    expected = _SCORER.score(frame, as_of=AS_OF, lang=lang).rejected.rows()
    reason = reason_text(NOT_TEXT_BOOL, lang)
    assert expected == [(3, "H1", "贷款用途", "true", reason), (4, "H2", "户主姓名", "f****", reason)]
    frame.write_parquet(parquet := tmp_path / "h.parquet")
    jsonl = tmp_path / "h.jsonl"
    jsonl.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    csv_file = tmp_path / "h.csv"
    frame.write_csv(csv_file)
    for source, up in ((parquet, 0), (jsonl, 1), (csv_file, 0)):  # a JSON object's line is one up: no header line
        errors = tmp_path / f"{source.suffix[1:]}.errors.csv"
        score_path(either_engine, source, tmp_path / "o.csv", as_of=AS_OF, lang=lang, errors=errors)
        refused = [
            (int(r["line"]) + up, r["household_id"], r["column"], r["value"], r["reason"]) for r in read_csv(errors)
        ]
        assert refused == ([] if source == csv_file else expected), source.suffix
