"""The vectorised validator accepts and rejects exactly the rows the household model does, with the
same line, column, value and reason, and the same encoded values for the rows it accepts."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from fanpin.batch.validate import FIELDS, validate
from fanpin.io.readers import ReadRow, RejectedRow, read_households
from fanpin.model.facts import FACTS, encode_all, household_facts
from fanpin.model.household import Household, Kind

MONEY = [
    "",
    "0",
    "100",
    "8,700.5",
    "-500",
    "12,3a",
    ".5",
    "5.",
    "+3",
    "1e3",
    "99999999999999",
    "0.005",
    "0.015",
    "-0.004",
    " 7000 ",
    "1000000000000",
    "999999999999.99",
    "999999999999",
    "-1000000000000",
    "-0",
    "+0",
    "0012",
    # the fast path's edges (at most 13 digits and two places; the limit is 10^12 元)
    "9999999999999.99",
    "1000000000000.00",
    "999999999999.995",
    "-.5",
    "+.05",
    "0000000000012.3",
    "12.34",
    "00000000000000.1",
    "9223372036854775808",
    "\x1f",  # whitespace to Python's strip, not to polars' default
    "\u30007000\u3000",
    "\x1c1\x1d",
    "\x85",
]
COUNT = ["", "0", "1", "3", "3.0", "3.5", "-1", "13", "x", "+2", "0000000000000001", "-0", "007", "\x1e2\x1f"]
BOOL = ["", "是", "否", "Y", "n", "TRUE", "1.0", "也许", " 是 "]
MONTH = ["", "202304", "202304.0", "2023-13", "202313", "189912", "x", "000012", "202300", "999912"]
DATE = [
    "",
    "2026-03-31",
    "20260331",
    "2026/02/30",
    "2026-02-30",
    "2026-3-1",
    "x",
    "0000-12-31",
    "00001231",
    "0000-01-01",
    "0001-01-01",
    "9999-12-31",
    "2023-02-29",
    "2024-02-29",
    "2024-00-10",
    "2024-04-31",
    "20240229.0",
]
REGION = ["", "532328", "53", "5", "532328100201", "532328.0", "abc"]


def _cells(name: str, kind: Kind | None, enum: Any) -> st.SearchStrategy[str]:
    if name == "household_id":
        return st.sampled_from(["", "H1", "H2", "H3", "12.0", " H4 "])
    if name == "region_code":
        return st.sampled_from(REGION)
    if name == "id_number":
        return st.sampled_from(
            [
                "",
                "532328199001011238",
                "53232819900101123x",
                "532328199001011235",
                "53232819900101123842",
                "53232819900101123",
                "532328199001011234.0",
                "53232819900101123442",
            ]
        )
    if name == "measures_in_place":
        return st.sampled_from(["", "产业帮扶", "产业帮扶；低保", " , 、", "a,b、c"])
    if name == "household_type":  # 监测户 is resolved by 监测对象类别, or refused
        return st.sampled_from(["脱贫户", "一般农户", "一般户", "监测户", " 监测户 ", "", "其他类"])
    if enum is not None:
        values = (
            [m.value for m in enum]
            + [m.label for m in enum]
            + ["", "其他类", " " + enum.__members__.__iter__().__next__()]
        )
        return st.sampled_from(values)
    options = {Kind.MONEY: MONEY, Kind.COUNT: COUNT, Kind.BOOL: BOOL, Kind.MONTH: MONTH, Kind.DATE: DATE}
    return st.sampled_from(options.get(kind, ["", "x", "建房"]) if kind else ["", "x"])


_TITLES = {f.name: Household.model_fields[f.attribute].title for f in FIELDS}
_OPTIONAL = [f for f in FIELDS if not f.required and f.name != "head_name"]


@st.composite
def csv_files(draw: st.DrawFn) -> str:
    columns = [f for f in FIELDS if f.required] + draw(st.lists(st.sampled_from(_OPTIONAL), unique=True, max_size=12))
    rows = draw(st.lists(st.tuples(*[_cells(f.name, f.kind, f.enum) for f in columns]), min_size=1, max_size=8))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([_TITLES[f.name] for f in columns])
    writer.writerows(rows)
    return out.getvalue()


def _per_row(path: Path) -> tuple[list[tuple[Any, ...]], list[dict[str, Any]]]:
    _, rows = read_households(path, region="532328")
    rejected, valid = [], []
    for row in rows:
        if isinstance(row, RejectedRow):
            rejected.append((row.line, row.household_id, row.column, row.value, row.reason))
        else:
            assert isinstance(row, ReadRow)
            valid.append({"__line": row.line, **encode_all(household_facts(row.household))})
    return rejected, valid


@given(csv_files())
def test_batch_validation_matches_the_model(tmp_path_factory: Any, text: str) -> None:
    path = tmp_path_factory.mktemp("v") / "in.csv"
    path.write_text(text, encoding="utf-8")
    expected_rejected, expected_valid = _per_row(path)
    frame = pl.read_csv(path, infer_schema=False)
    valid, rejected = validate(frame, region="532328")
    assert [tuple(r) for r in rejected.iter_rows()] == expected_rejected
    compared = list(FACTS)
    got = [
        {k: v for k, v in row.items() if v is not None and (k in compared or k == "__line")}
        for row in valid.iter_rows(named=True)
    ]
    want = [{k: v for k, v in row.items() if k in compared or k == "__line"} for row in expected_valid]
    assert got == want


@given(st.from_regex(r"\A[0-9]{4}[-/]?[0-9]{2}[-/]?[0-9]{2}(\.0)?\Z"))
def test_impossible_dates_are_refused_as_the_model_refuses_them(text: str) -> None:
    """Year 0, month 0 or 13, February 30th …: the batch validator accepts a date exactly when the model
    (Python's calendar, years 1 to 9999) does, with the same day number."""
    from datetime import date

    from fanpin.model.values import parse_date

    try:
        expected: date | None = parse_date(text)
    except ValueError:
        expected = None
    frame = pl.DataFrame(
        {"户编号": ["H1"], "户类型": ["脱贫户"], "家庭人口数": ["1"], "工资性收入": ["0"], "生产经营性收入": ["0"],
         "财产性收入": ["0"], "转移性收入": ["0"], "贷款到期日": [text]}
    )  # fmt: skip
    valid, rejected = validate(frame, region="532328")
    if expected is None:
        assert rejected["column"].to_list() == ["贷款到期日"] and valid.height == 0
    else:
        assert rejected.height == 0 and valid["loan_due"].to_list() == [expected.toordinal()]


def test_rows_of_empty_cells_are_skipped_however_written() -> None:
    """A row whose cells are all empty (missing, "", or spaces) is skipped as the per-row reader skips it,
    not refused for its empty required cells; a row with any cell filled is read."""
    cells = {
        "户编号": ["H1", None, "", " \u3000", None],
        "工资性收入": ["1", None, "", " ", None],
        "备注": ["x", None, "", "", "y"],
    }
    raw = pl.DataFrame(cells, schema=dict.fromkeys(cells, pl.String))
    valid, rejected = validate(raw)
    assert valid.height == 0
    assert sorted(set(rejected.get_column("line").to_list())) == [2, 6]
