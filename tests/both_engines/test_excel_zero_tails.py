"""A code written with Excel's ``.00`` (``.000``, …) tail, as a CSV saved from a sheet whose code column has
the Number format with two decimals writes it (``5323280005.00``), is the code, as one with Excel's ``.0``
is: on both engines, in a household table and in an export, in 户编号, 人编号, 证件号码, 户主证件号码 and
行政区划代码, and as ``fanpin explain --household`` reads its argument. ``5323280005.00`` and ``5323280005``
had been scored as two households."""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from fanpin import Household
from fanpin.batch.validate import household_key, validate
from fanpin.io.keys import id_key_text
from fanpin.model.export_columns import masked_export_cell
from fanpin.model.member import Member
from fanpin.model.values import code_text, excel_text
from fanpin.results.reasons import reason_text
from tests.helpers import SCORE_ARGS, export_with_cells, read_csv, run_cli, score_file, write_rows

_HEADER = "户编号,行政区划代码,户类型,家庭人口数,工资性收入,生产经营性收入,财产性收入,转移性收入,户主证件号码"
_ID = "532328198001011233"  # valid
_TABLE = [
    _HEADER,
    "5323280004.0,532328101203,脱贫户,4,1,1,1,1,",
    "5323280004,532328101203,脱贫户,4,1,1,1,1,",  # the same household: refused as a duplicate
    f"5323280005.00,532328101203.00,脱贫户,4,1,1,1,1,{_ID}.00",
    "5323280005,532328101203,一般农户,1,1,1,1,1,",  # the same household: refused as a duplicate
    f"5323280006.000,532328.000,一般农户,1,1,1,1,1,{_ID}",
    "5323280007.10,532328101203,一般农户,1,1,1,1,1,",  # not a tail of zeros: as written
    "H8.00,532328101203,一般农户,1,1,1,1,1,",  # not digits before it: as written
]


def test_a_household_table_reads_codes_without_a_tail_of_zeros(tmp_path: Path, engine_name: str) -> None:
    source = write_rows(tmp_path / "in.csv", _TABLE)
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    run = score_file(source, out, errors, "--engine", engine_name, "--lang", "en")
    assert run.code == 3, run.err
    scored = {r["household_id"]: r for r in read_csv(out)}
    assert list(scored) == ["5323280004", "5323280005", "5323280006", "5323280007.10", "H8.00"]
    assert scored["5323280005"]["region_code"] == "532328101203"
    assert scored["5323280006"]["region_code"] == "532328"
    for household in ("5323280005", "5323280006"):  # the ID number is valid, with its tail or without
        assert "data.id_number_invalid" not in scored[household]["flags"], scored[household]["flags"]
    first = [reason_text(f"duplicate 户编号: each household once; first on line {n}", "en") for n in (2, 4)]
    refused = {int(r["line"]): (r["household_id"], r["column"], r["reason"]) for r in read_csv(errors)}
    assert refused == {3: ("5323280004", "户编号", first[0]), 5: ("5323280005", "户编号", first[1])}


@pytest.mark.parametrize("written", ["5323280005.00", " 5323280005.000 ", "'5323280005.00", "5323280005.0"])
def test_explain_reads_the_household_as_score_does(tmp_path: Path, written: str) -> None:
    source = write_rows(tmp_path / "in.csv", _TABLE)
    run = run_cli("explain", source, "--household", written, *SCORE_ARGS, "--lang", "en")
    assert run.code == 0, run.err
    assert "5323280005" in run.out.splitlines()[0]
    assert "5323280005.0" not in run.out


def test_an_export_reads_codes_without_a_tail_of_zeros(tmp_path: Path, engine_name: str) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    with export_with_cells(plain, {}).open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    person_11 = rows[10][rows[2].index("人编号")]
    at = rows[2].index("证件号码")
    line_of_valid = next(n for n, r in enumerate(rows[3:7], start=4) if len(r[at]) == 18)  # an ID card's number
    cells = {
        (5, "户编号"): "{}.00",  # one row of the household: it joins it, not a household of its own
        (4, "户编号"): "{}.0",
        (6, "人编号"): "{}.000",
        (line_of_valid, "证件号码"): "{}.00",  # still valid
        **{(line, "行政区划代码"): "532328.00" for line in (8, 9, 10)},
        (12, "人编号"): f"{person_11}.00",  # the 人编号 of line 11: the same person listed twice
    }
    source = export_with_cells(tmp_path, cells)
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    run = score_file(source, out, errors, "--engine", engine_name, "--lang", "en")
    expected, expected_errors = tmp_path / "expected.csv", tmp_path / "expected-errors.csv"
    plain_run = score_file(plain / "export.csv", expected, expected_errors, "--engine", engine_name, "--lang", "en")
    assert plain_run.code == 0, plain_run.err
    assert run.code == 3, run.err
    assert read_csv(out) == read_csv(expected)[:2]  # as without the tails (the first two households)
    refused = {int(r["line"]): r["reason"] for r in read_csv(errors)}
    assert set(refused) == {11, 12, 13}
    assert refused[12] == "this member row has the 人编号 of line 11: the same person listed twice; delete one"
    # … showing the cell as written, which the clerk finds on line 12, not the code it is read as.
    shown = masked_export_cell("person_id", f"{person_11}.00")  # an 18-digit 人编号 is masked as an ID number is
    assert shown.endswith(".00") and [(r["column"], r["value"]) for r in read_csv(errors) if r["line"] == "12"] == [
        ("人编号", shown)
    ]


_DIGITS = st.text("0123456789", min_size=1, max_size=14)
#: Codes with and without tails: a point and zeros (read off), a point and other digits, letters, spaces,
#: full-width digits and an apostrophe (read as written, or as the code cell reads them), a minus sign.
_CODES = st.one_of(
    st.tuples(_DIGITS, st.sampled_from(["", ".0", ".00", ".000", ".0000000", ".", ".01", ".10", "0.00"])).map("".join),
    st.tuples(
        st.sampled_from(["", "'", " ", "H", "\uff11", "²", "-", "'-"]),  # -5.00: a negative number, refused
        _DIGITS,
        st.sampled_from(["", ".0", ".00", ".000", ".50", " "]),
    ).map("".join),
    st.text("0123456789.H '\uff11", max_size=10),
)


@given(st.lists(_CODES, min_size=1, max_size=12, unique_by=lambda c: id_key_text(code_text(c))))
def test_the_model_and_the_batch_validator_read_such_codes_alike(codes: list[str]) -> None:
    """Each code (one a household) as 户编号 and as 行政区划代码: the batch validator keeps or refuses each row
    as the model does, with the same region code, and reads each 户编号 as the model does."""
    n = len(codes)
    frame = pl.DataFrame(
        {"户编号": codes, "行政区划代码": codes, "户类型": ["脱贫户"] * n, "家庭人口数": ["1"] * n,
         "工资性收入": ["0"] * n, "生产经营性收入": ["0"] * n, "财产性收入": ["0"] * n, "转移性收入": ["0"] * n}
    )  # fmt: skip
    valid, rejected = validate(frame, region="532328")
    got = dict(zip(valid["__line"].to_list(), valid["region_code"].to_list(), strict=True))
    refused = set(rejected["line"].to_list())
    assert not set(got) & refused
    for line, code in enumerate(codes, start=2):
        try:
            household = Household.model_validate(
                {"户编号": code, "行政区划代码": code, "户类型": "脱贫户", "家庭人口数": "1", "工资性收入": "0",
                 "生产经营性收入": "0", "财产性收入": "0", "转移性收入": "0"}
            )  # fmt: skip
        except ValueError:
            assert line in refused, (code, got.get(line))
            continue
        assert line in got, code
        assert got[line] == household.region_code, code
    keys = pl.select(household_key(pl.lit(pl.Series(codes, dtype=pl.String)))).to_series()  # the output's keys
    assert keys.to_list() == [code_text(c) or None for c in codes]


def test_the_models_read_codes_without_a_tail_of_zeros() -> None:
    member = Member.model_validate(
        {"户编号": "5323280005.00", "人编号": "'532328000000000001.000", "证件号码": f"{_ID}.00",
         "行政区划代码": "532328.00", "姓名": "张三"}
    )  # fmt: skip
    assert (member.household_id, member.person_id, member.region_code, member.id_valid) == (
        "5323280005",
        "532328000000000001",
        "532328",
        True,
    )
    household = Household.model_validate(
        {"户编号": " 5323280005.000 ", "行政区划代码": "532328101203.00", "户类型": "脱贫户", "家庭人口数": "1",
         "工资性收入": "0", "生产经营性收入": "0", "财产性收入": "0", "转移性收入": "0", "户主证件号码": f"'{_ID}.00"}
    )  # fmt: skip
    assert (household.household_id, household.region_code) == ("5323280005", "532328101203")
    assert household.id_number is not None and household.id_number.reveal() == _ID
    assert [excel_text(t) for t in ("12.00", "12.10", "H1.00", ".00", "12.", "0.000")] == [
        "12",
        "12.10",
        "H1.00",
        ".00",
        "12.",
        "0",
    ]
