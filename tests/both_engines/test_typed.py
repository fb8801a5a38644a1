"""Typed results on both engines: Parquet, JSON Lines and the library's DataFrames carry money as an exact
decimal, dates as dates, flags, measures and findings as lists, the band, level and category as ordered
categories, and unknown as null; CSV stays text and writes nothing ambiguous."""

from __future__ import annotations

import csv
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from fanpin import Scorer
from fanpin.results.columns import HEADERS, LIST_COLUMNS, OUTPUT_COLUMNS
from fanpin.results.table import MONEY, enum, table_frame, table_schema
from tests.helpers import AS_OF, REGION, by_id, score_file
from tests.paths import HOUSEHOLDS_CSV


def _scored(engine_name: str, fmt: str, folder: Path, *options: str) -> Path:
    out = folder / f"{engine_name}.{fmt}"
    errors = folder / f"{engine_name}.errors.csv"
    code, _, err = score_file(HOUSEHOLDS_CSV, out, errors, "--engine", engine_name, *options)
    assert code == 3, err
    return out


def test_parquet_reads_typed_in_polars_and_pandas(engine_name: str, tmp_path: Path) -> None:
    out = _scored(engine_name, "parquet", tmp_path)
    frame = by_id(pl.read_parquet(out))
    assert dict(frame.schema) == table_schema("zh", ["备注"])
    assert frame.get_column("as_of").unique().to_list() == [AS_OF]
    first = frame.row(0, named=True)
    assert first["income_per_capita"] == Decimal("13493.00") and first["flags"] == []
    assert first["suggested_category"] is None  # unknown / none is null, not ""
    levels = frame.get_column("alert_level")
    assert levels.sort().unique(maintain_order=True).to_list() == ["无", "黄", "橙", "红"]  # by severity
    assert (levels.to_physical() >= 0).all()

    by_pandas = pd.read_parquet(out)
    names = HEADERS["zh"]
    level = by_pandas[names["alert_level"]]
    assert isinstance(level.dtype, pd.CategoricalDtype) and level.cat.ordered
    assert list(level.cat.categories) == ["无", "黄", "橙", "红"]
    assert level.max() == "红"
    assert by_pandas[names["income_band"]].cat.ordered
    income = by_pandas[names["income_per_capita"]]
    assert isinstance(income.iloc[0], Decimal) and income.iloc[0] == Decimal("13493.00")
    assert by_pandas[names["as_of"]].iloc[0] == date(2025, 6, 30)
    assert list(by_pandas[names["flags"]].iloc[3])[:2] == ["audit.missed", "credit.repayment_risk"]
    assert pd.isna(by_pandas[names["suggested_category"]].iloc[0])


def test_both_engines_write_the_same_typed_parquet(tmp_path: Path) -> None:
    batch = pl.read_parquet(_scored("batch", "parquet", tmp_path))
    durable = pl.read_parquet(_scored("durable", "parquet", tmp_path))
    assert batch.schema == durable.schema
    assert batch.equals(durable)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_json_lines_carry_numbers_lists_and_null(engine_name: str, lang: str, tmp_path: Path) -> None:
    out = _scored(engine_name, "jsonl", tmp_path, "--lang", lang)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert '"income_per_capita":13493.00,' in lines[0]  # a number with two places, not a string
    records = [json.loads(line, parse_float=Decimal) for line in lines]
    first, fourth = records[0], records[3]
    assert first["income_per_capita"] == Decimal("13493.00")
    assert first["flags"] == [] and first["measures"] == [] and first["plan"] == [] and first["risk_types"] == []
    assert first["suggested_category"] is None
    assert first["as_of"] == "2025-06-30"  # JSON has no date type: ISO 8601
    assert isinstance(fourth["plan"], list) and len(fourth["plan"]) == len(fourth["measures"]) > 0
    assert fourth["alert_level"] == ("橙" if lang == "zh" else "orange")
    department = fourth["measures"][0]["department"]
    assert department == ("农村信用社" if lang == "zh" else "Rural Credit Cooperative")


def test_csv_writes_nothing_ambiguous(engine_name: str, tmp_path: Path) -> None:
    """An empty list is an empty cell; a list's cell splits into its items, never into an empty one."""
    out = _scored(engine_name, "csv", tmp_path)
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    names = HEADERS["zh"]
    for row in rows:
        for column in ("flags", "measures", "audit_findings", "not_evaluable", "risk_types"):
            cell = row[names[column]]
            assert "" not in (cell.split(";") if cell else []), (column, cell)
            assert cell not in ("[]", "null", "None")
        assert row[names["income_per_capita"]].count(".") == 1
    empty = [r for r in rows if not r[names["flags"]]]
    assert empty and all(r[names["plan"]] == r[names["explanation"]] == "" for r in empty)
    assert sum(1 for r in rows if not r[names["suggested_category"]]) > 0  # none: empty, never a word


def test_the_library_frame_is_typed_and_converts_to_pandas() -> None:
    result = Scorer().score(HOUSEHOLDS_CSV, as_of=AS_OF, region=REGION)
    scored = result.scored
    assert dict(scored.schema) == table_schema("zh", ["备注"])
    assert scored.schema["income_per_capita"] == MONEY
    assert scored.schema["alert_level"] == enum("alert_level", "zh")
    assert all(scored.schema[c] == pl.List(pl.String) for c in LIST_COLUMNS)
    table = scored.to_pandas()
    assert list(table.columns) == [*OUTPUT_COLUMNS, "备注"]
    assert table["alert_level"].cat.ordered
    assert table["income_per_capita"].iloc[0] == Decimal("13493.00")
    english = Scorer().score(HOUSEHOLDS_CSV, as_of=AS_OF, region=REGION, lang="en").scored
    assert english.schema["alert_level"] == pl.Enum(["none", "yellow", "orange", "red"])
    assert english.get_column("household_id").equals(scored.get_column("household_id"))


def test_an_empty_file_gives_an_empty_typed_table(engine_name: str, tmp_path: Path) -> None:
    source = tmp_path / "empty.csv"
    source.write_text(HOUSEHOLDS_CSV.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    out = tmp_path / "o.parquet"
    code, _, err = score_file(source, out, tmp_path / "e.csv", "--engine", engine_name)
    assert code == 0, err
    frame = by_id(pl.read_parquet(out))
    assert frame.height == 0
    assert dict(frame.schema) == table_schema("zh", ["备注"])


_SCHEMA = table_schema("en", ["note"])
#: Texts, the separator the table's lists are read through among their characters.
_ITEMS = st.one_of(
    st.text(alphabet=st.sampled_from(["a", "户", " ", "\x1f", "；", "\n"]), max_size=6), st.text(max_size=4)
)


def _cells(dtype: pl.DataType) -> st.SearchStrategy[object]:
    if dtype == pl.List(pl.String):
        return st.one_of(st.none(), st.lists(_ITEMS, max_size=4), st.lists(st.one_of(st.none(), _ITEMS), max_size=3))
    if dtype == pl.Date:
        return st.one_of(st.none(), st.dates())
    if dtype == MONEY:
        return st.one_of(st.none(), st.decimals(-(10**12) + 1, 10**12 - 1, places=2))
    if isinstance(dtype, pl.Enum):
        return st.one_of(st.none(), st.sampled_from(dtype.categories.to_list()))
    return st.one_of(st.none(), st.text(max_size=5))


@given(st.lists(st.tuples(*(_cells(t) for t in _SCHEMA.values())), max_size=6))
def test_the_per_household_table_is_polars_reading_of_its_rows(rows: list[tuple[object, ...]]) -> None:
    """The per-household engine's scored rows made a frame a column at a time (its lists of texts read from
    one text a row): polars' own frame of the rows, whatever the texts hold (the separator among them), empty
    lists, null lists and items that are no text."""
    expected = pl.DataFrame(rows, schema=_SCHEMA, orient="row")
    got = table_frame(rows, _SCHEMA)
    assert got.schema == expected.schema
    assert got.equals(expected, null_equal=True)
