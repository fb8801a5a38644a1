"""A value given as bytes (``bytes``, ``bytearray``, ``memoryview``: text not yet decoded) gets one answer on
every entry point a host calls, and on both engines: refused, naming the column and the fix, to decode it to
str. ``Household.model_validate`` had taken ``b"H1"`` as the 户编号 H1 (pydantic's lax mode decodes bytes in
some columns) where ``Scorer.assess`` and ``Scorer.score`` refused the record, a member's ``b"H1"`` as its
户编号 had stopped the model with a bare ``TypeError``, and a ``bytearray`` or ``memoryview`` had been scored by
both engines as its Python text (the household ``bytearray(b'H1')``)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd
import polars as pl
import pytest

from fanpin import ConfigError, FanpinError, Household, RecordValidationError, Scorer
from fanpin.errors import InputFileError
from fanpin.model.member import Member
from fanpin.model.values import DECODE_BINARY, NOT_DECODED
from fanpin.results.columns import label
from fanpin.results.reasons import reason_text
from tests.helpers import AS_OF

_RECORD = {"户编号": "H1", "行政区划代码": "532328", "户类型": "脱贫户", "家庭人口数": 4, "工资性收入": 20000}
_RECORD |= {"生产经营性收入": 8000, "财产性收入": 0, "转移性收入": 2000}
#: A column of each kind the model reads (a code, a name, a free text, a choice, a count, an amount, a date,
#: the measures in place), with the text its bytes hold.
_COLUMNS = {
    "户编号": "H1",
    "行政区划代码": "532328",
    "户主姓名": "张三",
    "贷款用途": "种植",
    "户类型": "脱贫户",
    "家庭人口数": "4",
    "工资性收入": "20000",
    "贷款到期日": "2026-01-01",
    "已落实帮扶措施": "产业帮扶",
}
_KINDS: dict[str, Callable[[str], object]] = {
    "bytes": str.encode,
    "bytearray": lambda text: bytearray(text.encode()),
    "memoryview": lambda text: memoryview(text.encode()),
}
_SCORER = Scorer()


def _message(exc: FanpinError) -> str:
    return f"{exc.message} {exc.fix}"


@pytest.mark.parametrize("kind", sorted(_KINDS))
@pytest.mark.parametrize("column", list(_COLUMNS))
def test_bytes_are_refused_alike_by_the_model_and_both_engines(column: str, kind: str) -> None:
    record = _RECORD | {column: _KINDS[kind](_COLUMNS[column])}
    with pytest.raises(RecordValidationError) as by_model:
        Household.model_validate(record)
    [error] = by_model.value.errors()
    assert error["loc"] == (column,) and error["msg"] == f"Value error, {NOT_DECODED}"
    assert reason_text(NOT_DECODED, "zh").startswith("不是文本，而是未解码的字节")  # as an errors file would say it
    assert "张三" not in str(by_model.value) and "张三" not in str(error["input"])
    with pytest.raises(RecordValidationError, match=re.escape(NOT_DECODED)):
        Household(**record)
    said = f"[{column!r}] is {kind}, not text"
    for call in (_SCORER.assess, _SCORER.plan):  # one household at a time: durable-rules
        with pytest.raises(ConfigError) as refused:
            call(record, as_of=AS_OF)
        assert f"record{said}" in refused.value.message and refused.value.fix == DECODE_BINARY
    with pytest.raises(ConfigError) as refused:  # the batch path: polars
        _SCORER.score([_RECORD | {"户编号": "H0"}, record], as_of=AS_OF)
    assert f"data[1]{said}" in refused.value.message and refused.value.fix == DECODE_BINARY
    assert "张三" not in _message(refused.value)


@pytest.mark.parametrize("frame", ["pandas", "polars"])
def test_a_frame_s_bytes_are_refused_naming_the_column_and_the_fix(frame: str) -> None:
    rows = [_RECORD, _RECORD | {"户编号": "H2", "贷款用途": "种植".encode()}]
    data = pd.DataFrame(rows) if frame == "pandas" else pl.DataFrame(rows)
    with pytest.raises(InputFileError) as refused:
        _SCORER.score(data, as_of=AS_OF)
    assert "(贷款用途)" in refused.value.message and refused.value.fix == DECODE_BINARY


@pytest.mark.parametrize("kind", sorted(_KINDS))
@pytest.mark.parametrize("column", ["户编号", "人编号", "姓名", "行政区划代码", "出生日期", "就业帮扶"])
def test_a_member_s_bytes_are_refused_alike(column: str, kind: str) -> None:
    member = {"户编号": "H1", "人编号": "P1", column: _KINDS[kind]("H1" if column == "户编号" else "x")}
    with pytest.raises(RecordValidationError) as by_model:  # 户编号 and 人编号 had been a bare TypeError
        Member.model_validate(member)
    assert [(e["loc"], e["msg"]) for e in by_model.value.errors()] == [((column,), f"Value error, {NOT_DECODED}")]
    with pytest.raises(RecordValidationError, match=re.escape(NOT_DECODED)):
        Household.model_validate(_RECORD | {"members": [member]})
    record = _RECORD | {"members": [member]}
    for where, call in (
        ("record", lambda: _SCORER.assess(record, as_of=AS_OF)),
        ("data[0]", lambda: _SCORER.score([record], as_of=AS_OF)),
    ):
        with pytest.raises(ConfigError) as refused:
            call()
        assert f"{where}['members'][0][{column!r}] is {kind}, not text" in refused.value.message
        assert refused.value.fix == DECODE_BINARY


def test_decoded_the_record_is_scored_alike() -> None:
    """The fix the refusal gives is enough: decoded, the record is one household on every entry point."""
    record = _RECORD | {"户编号": b"H1".decode(), "贷款用途": "种植".encode().decode()}
    assessed = _SCORER.assess(Household.model_validate(record), as_of=AS_OF)
    assert assessed == _SCORER.assess(record, as_of=AS_OF)
    scored = _SCORER.score([record], as_of=AS_OF).scored
    assert scored.get_column("household_id").to_list() == ["H1"]
    assert scored.get_column("alert_level").to_list() == [label("alert_level", assessed.alert_level, "zh")]
