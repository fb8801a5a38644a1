"""An infinite float where a code belongs (a Parquet file's or a host frame's float 户编号 holding ``inf`` or
``-inf``, a float or a ``Decimal`` infinity in a dict) is no code: read as its text, it had been the 户编号
``inf``, a household scored. Its row is refused, saying so, on both engines, in every layout a float reaches
fanpin by, and by the models (人编号 too), as a NaN there is a missing value (an empty cell) and refused as
such. An infinite amount or count is refused too, as not a number (infinity), never scored."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd
import polars as pl
import pytest

from fanpin import Household, RecordValidationError, Scorer
from fanpin.model.member import Member
from fanpin.model.values import INFINITE_AMOUNT, INFINITE_CODE
from fanpin.results.reasons import reason_text
from tests.helpers import AS_OF, read_csv, score_file, write_rows

_RECORD = {"行政区划代码": "532328", "户类型": "脱贫户", "家庭人口数": 2.0, "工资性收入": 1000.0}
_RECORD |= {"生产经营性收入": 0.0, "财产性收入": 0.0, "转移性收入": 0.0}
#: One household a row: its 户编号, then the cells it changes (lines 2 to 6).
_ROWS = [
    {**_RECORD, "户编号": 1.0},
    {**_RECORD, "户编号": float("inf")},
    {**_RECORD, "户编号": float("-inf")},
    {**_RECORD, "户编号": 4.0, "工资性收入": float("inf")},
    {**_RECORD, "户编号": 5.0, "家庭人口数": float("-inf")},
]


def _expected(lang: str) -> dict[int, tuple[str, str, str]]:
    code = reason_text(INFINITE_CODE, lang)
    return {
        3: ("户编号", "inf", code),
        4: ("户编号", "-inf", code),
        5: ("工资性收入", "inf", reason_text(INFINITE_AMOUNT, lang)),
        6: ("家庭人口数", "-inf", reason_text(INFINITE_AMOUNT, lang)),  # as an amount's (had been NOT_WHOLE)
    }


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_parquet_float_column_s_infinity_is_no_key(tmp_path: Path, engine_name: str, lang: str) -> None:
    parquet = tmp_path / "in.parquet"
    pl.DataFrame(_ROWS).write_parquet(parquet)
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    run = score_file(parquet, out, errors, "--engine", engine_name, "--lang", lang)
    assert run.code == 3, run.err
    assert [r["household_id"] for r in read_csv(out)] == ["1"]  # no household inf
    # the CSV writer keeps a cell starting with - from being read as a formula
    refused = {int(r["line"]): (r["column"], r["value"].removeprefix("'"), r["reason"]) for r in read_csv(errors)}
    assert refused == _expected(lang)


@pytest.mark.parametrize("kind", ["polars", "pandas", "dicts"])
def test_a_host_s_infinity_is_no_key(kind: str) -> None:
    data = pl.DataFrame(_ROWS) if kind == "polars" else pd.DataFrame(_ROWS) if kind == "pandas" else _ROWS
    scored = Scorer().score(data, as_of=AS_OF, lang="en")
    assert scored.scored.get_column("household_id").to_list() == ["1"]
    rejected = {line: (column, value, reason) for line, _, column, value, reason in scored.rejected.rows()}
    assert rejected == _expected("en")


@pytest.mark.parametrize("key", [float("inf"), float("-inf"), Decimal("Infinity"), Decimal("-Infinity"), "inf"])
def test_the_models_refuse_an_infinite_key_as_every_path_does(key: object) -> None:
    record = {**_RECORD, "户编号": key}
    for model, fields in ((Household, record), (Member, {"户编号": key}), (Member, {"户编号": "H1", "人编号": key})):
        with pytest.raises(RecordValidationError) as refused:
            model.model_validate(fields)
        assert refused.value.errors()[0]["msg"].removeprefix("Value error, ") == INFINITE_CODE
    with pytest.raises(RecordValidationError, match=r"an infinite number \(inf\), not a code"):
        Scorer().assess(record, as_of=date(2025, 6, 30))
    assert Scorer().score([record], as_of=AS_OF, lang="en").rejected.get_column("reason").to_list() == [INFINITE_CODE]
    for code in ("info", "INF1", "H-inf"):  # a code that only holds the letters
        assert Household.model_validate(record | {"户编号": code}).household_id == code


def test_a_csv_key_inf_is_refused_as_the_float_s_text(tmp_path: Path, engine_name: str) -> None:
    """``inf`` is how pandas writes a float column's infinity to a CSV: refused there too, alike on both engines."""
    header = "户编号,行政区划代码,户类型,家庭人口数,工资性收入,生产经营性收入,财产性收入,转移性收入"
    rows = [header, "inf,532328,脱贫户,2,1000,0,0,0", "H2,532328,脱贫户,2,1000,0,0,0"]
    source = write_rows(tmp_path / "in.csv", rows)
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    run = score_file(source, out, errors, "--engine", engine_name, "--lang", "en")
    assert run.code == 3, run.err
    assert [r["household_id"] for r in read_csv(out)] == ["H2"]
    assert [(r["line"], r["reason"]) for r in read_csv(errors)] == [("2", INFINITE_CODE)]
