"""A 户编号 or 人编号 that is a number with a minus sign (``-0.00``, ``-5``, ``-5.00``: a float column's negative
value or its ``-0.0``, or a sign typed by mistake) is no code. Excel's tail of zeros is taken from digits alone,
so ``0.00`` was ``0`` while ``-0.00`` kept its tail, and ``-5`` and ``-5.00`` were two households, each scored
(on both engines alike). Such a cell is refused now, saying why, on both engines, in a household table, a
Parquet file's float column and an export (every row of the household), and by the models; a code with a dash
inside it (``H13912345678-1``) is read as before."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from fanpin import Household, RecordValidationError
from fanpin.batch.validate import validate
from fanpin.model.member import Member
from fanpin.model.values import NEGATIVE_CODE
from fanpin.results.reasons import reason_text
from tests.helpers import HEADER, export_with_cells, read_csv, score_file, write_rows

LANGS = pytest.mark.parametrize("lang", ["zh", "en"])


def _refused(errors: Path) -> dict[int, tuple[str, str, str]]:
    return {int(r["line"]): (r["column"], r["value"], r["reason"]) for r in read_csv(errors)}


@LANGS
def test_a_household_table_refuses_a_key_with_a_minus_sign(tmp_path: Path, engine_name: str, lang: str) -> None:
    source = write_rows(
        tmp_path / "in.csv",
        [
            HEADER,
            "-0.00,532328,脱贫户,2,1000,0,0,0,",
            "0.00,532328,脱贫户,2,1000,0,0,0,",  # 0: a code
            "-5,532328,脱贫户,2,1000,0,0,0,",
            "-5.00,532328,脱贫户,2,1000,0,0,0,",  # had been a household of its own beside -5
            " -0.0 ,532328,脱贫户,2,1000,0,0,0,",
            "H13912345678-1,532328,脱贫户,2,1000,0,0,0,",  # a dash inside a code: read
            "+8613812345678,532328,脱贫户,2,1000,0,0,0,",  # a plus sign: a phone number as a county's key, read
        ],
    )
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    run = score_file(source, out, errors, "--engine", engine_name, "--lang", lang, "--keep-identities")
    assert run.code == 3, run.err
    assert [r["household_id"] for r in read_csv(out)] == ["0", "H13912345678-1", "+8613812345678"]
    reason = reason_text(NEGATIVE_CODE, lang)
    assert _refused(errors) == {
        2: ("户编号", "-0.00", reason),
        4: ("户编号", "-5", reason),
        5: ("户编号", "-5.00", reason),
        6: ("户编号", " -0.0 ", reason),
    }


def test_a_parquet_float_column_s_negative_keys_are_refused(tmp_path: Path, engine_name: str) -> None:
    record = {"行政区划代码": "532328", "户类型": "脱贫户", "家庭人口数": 2, "工资性收入": 1000.0}
    record |= {"生产经营性收入": 0, "财产性收入": 0, "转移性收入": 0}
    parquet = tmp_path / "in.parquet"
    pl.DataFrame([{"户编号": key, **record} for key in (-0.0, 0.0, -5.0, 5.0)]).write_parquet(parquet)
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    run = score_file(parquet, out, errors, "--engine", engine_name, "--lang", "en")
    assert run.code == 3, run.err
    assert [r["household_id"] for r in read_csv(out)] == ["0", "5"]
    reason = reason_text(NEGATIVE_CODE, "en")
    assert _refused(errors) == {2: ("户编号", "-0.0", reason), 4: ("户编号", "-5.0", reason)}


def test_an_export_refuses_every_row_of_a_key_with_a_minus_sign(tmp_path: Path, engine_name: str) -> None:
    """The second household's rows say -5.00, -5 and -5.00 (they had been two households, both scored); a
    member row of the third has the 人编号 -1.00, which refuses it as any cell its model refuses does."""
    cells = {(8, "户编号"): "-5.00", (9, "户编号"): "-5", (10, "户编号"): "-5.00", (12, "人编号"): "-1.00"}
    source = export_with_cells(tmp_path, cells)
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    run = score_file(source, out, errors, "--engine", engine_name, "--lang", "en")
    assert run.code == 3, run.err
    assert [r["household_id"] for r in read_csv(out)] == ["5323280000000000"]
    refused = _refused(errors)
    reason = reason_text(NEGATIVE_CODE, "en")
    assert {line: refused[line] for line in (8, 9, 10, 12)} == {
        8: ("户编号", "-5.00", reason),
        9: ("户编号", "-5", reason),
        10: ("户编号", "-5.00", reason),
        12: ("人编号", "-1.00", reason),
    }
    assert set(refused) == {8, 9, 10, 11, 12, 13}  # the third household's other rows: not scored without it


@pytest.mark.parametrize("key", ["-0.00", "-5", "-5.", "-.5", -0.0, -5.0])
def test_the_models_and_the_batch_validator_refuse_a_key_with_a_minus_sign(key: object) -> None:
    record = {"户编号": key, "行政区划代码": "532328", "户类型": "脱贫户", "家庭人口数": "1", "工资性收入": "0",
              "生产经营性收入": "0", "财产性收入": "0", "转移性收入": "0"}  # fmt: skip
    for model, fields in ((Household, record), (Member, {"户编号": key}), (Member, {"户编号": "H1", "人编号": key})):
        with pytest.raises(RecordValidationError) as refused:
            model.model_validate(fields)
        assert refused.value.errors()[0]["msg"].removeprefix("Value error, ") == NEGATIVE_CODE
    _, rejected = validate(pl.DataFrame({k: [str(v)] for k, v in record.items()}), region="532328")
    assert rejected.select("column", "reason").rows() == [("户编号", NEGATIVE_CODE)]
    for code in ("H-5", "5323-0001", "+86138", "0.00"):
        assert Household.model_validate(record | {"户编号": code}).household_id == code.removesuffix(".00")
        assert Member.model_validate({"户编号": "H1", "人编号": code}).person_id == code.removesuffix(".00")
