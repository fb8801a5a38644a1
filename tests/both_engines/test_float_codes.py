"""A code given as a float of 2^53 or more (a Parquet file's or a host frame's float 户编号, 户主证件号码 or 人编号,
a float in a dict) has lost its last digits to the float, not to Excel: it is refused with a reason of its own,
saying it is a float and to store the codes as text, on both engines, in every layout a float reaches fanpin
by, and by the models. It had been told it was written in scientific notation as Excel shows a number, and to
format the column as text in Excel or WPS, which is true of a CSV cell (``5.3232810012E+17``, still so told)
and neither what happened to a float column nor what mends it. fanpin writes such a float as its shortest
digits with an exponent after at least fifteen places, the same text from polars and from Python."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from fanpin import Household, RecordValidationError, Scorer
from fanpin.io.readers import float_text
from fanpin.model.member import Member
from fanpin.model.values import FLOAT_CODE, SCIENTIFIC_ID, is_float_written, written_out
from fanpin.results.reasons import reason_text
from tests.helpers import AS_OF, read_csv, score_file, write_rows

_RECORD = {"行政区划代码": "532328", "户类型": "脱贫户", "家庭人口数": 2, "工资性收入": 1000.0}
_RECORD |= {"生产经营性收入": 0.0, "财产性收入": 0.0, "转移性收入": 0.0}
#: 户编号 (and 户主证件号码) as floats, lines 2 to 6: two that lost digits, one that holds them all, one far
#: beyond (1e100, which had been read as the code 1e+100), an ID number of 18 digits.
_ROWS = [
    {**_RECORD, "户编号": 9007199254740993.0, "户主证件号码": None},
    {**_RECORD, "户编号": 5323281010000123.0, "户主证件号码": None},
    {**_RECORD, "户编号": 532328199001011234.0, "户主证件号码": None},
    {**_RECORD, "户编号": 1e100, "户主证件号码": None},
    {**_RECORD, "户编号": 7.0, "户主证件号码": 532328198001011233.0},
]


def _refused(rows: list[tuple[int, str, str]], lang: str) -> None:
    reason = reason_text(FLOAT_CODE, lang)
    assert rows == [(2, "户编号", reason), (4, "户编号", reason), (5, "户编号", reason), (6, "户主证件号码", reason)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_parquet_float_column_s_lost_digits_are_told_as_a_float_s(
    tmp_path: Path, engine_name: str, lang: str
) -> None:
    parquet = tmp_path / "in.parquet"
    pl.DataFrame(_ROWS).write_parquet(parquet)
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    run = score_file(parquet, out, errors, "--engine", engine_name, "--lang", lang)
    assert run.code == 3, run.err
    assert [r["household_id"] for r in read_csv(out)] == ["5323281010000123"]
    _refused([(int(r["line"]), r["column"], r["reason"]) for r in read_csv(errors)], lang)
    assert "Excel" not in read_csv(errors)[0]["reason"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_json_lines_float_is_told_as_a_float_s(tmp_path: Path, engine_name: str, lang: str) -> None:
    """A JSON number past 2^53 written with an exponent (``9.007199254740993e+15``, as a program writes a float)
    is told it was a float, where it had been told Excel's scientific notation and to format the column as text
    in Excel, of a file no Excel wrote. Written in digits it is read as written (its digits are the file's)."""
    keys = ["9.007199254740993e+15", "5323281010000123.0", "5.32328199001011234e+17", "1e+100", "7"]
    people = ["null"] * 4 + ["5.32328198001011233e+17"]
    fields = ", ".join(f'"{k}": {json.dumps(v, ensure_ascii=False)}' for k, v in _RECORD.items())
    source = tmp_path / "in.jsonl"
    source.write_text(
        "".join(f'{{"户编号": {k}, "户主证件号码": {p}, {fields}}}\n' for k, p in zip(keys, people, strict=True)),
        encoding="utf-8",
    )
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    run = score_file(source, out, errors, "--engine", engine_name, "--lang", lang)
    assert run.code == 3, run.err
    assert [r["household_id"] for r in read_csv(out)] == ["5323281010000123"]
    rows = [(int(r["line"]) + 1, r["column"], r["reason"]) for r in read_csv(errors)]  # a JSON object's line is 1 up
    _refused(rows, lang)
    assert "Excel" not in read_csv(errors)[0]["reason"]


@pytest.mark.parametrize("kind", ["polars", "pandas", "dicts"])
def test_a_host_s_float_key_is_told_as_a_float_s(kind: str) -> None:
    data = pl.DataFrame(_ROWS) if kind == "polars" else pd.DataFrame(_ROWS) if kind == "pandas" else _ROWS
    scored = Scorer().score(data, as_of=AS_OF, lang="en")
    assert scored.scored.get_column("household_id").to_list() == ["5323281010000123"]
    _refused(scored.rejected.select("line", "column", "reason").rows(), "en")


@pytest.mark.parametrize("key", [9007199254740993.0, 532328199001011234.0, 1e16, 1e100, -1e20])
def test_the_models_refuse_a_float_key_as_a_float_s(key: float) -> None:
    record = {**_RECORD, "户编号": key}
    for model, fields in (
        (Household, record),
        (Household, {**_RECORD, "户编号": "H1", "户主证件号码": key}),
        (Member, {"户编号": key}),
        (Member, {"户编号": "H1", "人编号": key}),
        (Member, {"户编号": "H1", "证件号码": key}),
    ):
        with pytest.raises(RecordValidationError) as refused:
            model.model_validate(fields)
        assert refused.value.errors()[0]["msg"].removeprefix("Value error, ") == FLOAT_CODE


def test_a_csv_cell_in_scientific_notation_is_still_told_as_excel_s(tmp_path: Path, engine_name: str) -> None:
    header = "户编号,行政区划代码,户类型,家庭人口数,工资性收入,生产经营性收入,财产性收入,转移性收入"
    rows = [header, "5.3232810012E+17,532328,脱贫户,2,1,0,0,0", "5.32328198001011e+17,532328,脱贫户,2,1,0,0,0"]
    source = write_rows(tmp_path / "in.csv", rows)
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    run = score_file(source, out, errors, "--engine", engine_name, "--lang", "en")
    assert run.code == 3, run.err
    assert [r["reason"] for r in read_csv(errors)] == [reason_text(SCIENTIFIC_ID, "en")] * 2


@given(st.floats(allow_nan=False, allow_infinity=False).filter(lambda v: abs(v) >= 2**53))
def test_polars_and_python_write_such_a_float_alike(value: float) -> None:
    """The batch path reads a frame's float column through polars, the models a dict's float through Python:
    the text (shown in the errors file) and the reason are the same."""
    text = pl.DataFrame({"x": [value]}).select(float_text(pl.col("x"))).item()
    assert text == written_out(value)
    assert is_float_written(text)
    assert float(text) == value  # the float itself: its shortest digits
    assert not is_float_written(f"{value:.5E}")  # as Excel shows one
