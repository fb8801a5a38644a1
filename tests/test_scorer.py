"""The library's front door: one rulebook, both engines, every kind of input gives the same rows.

On purpose, :meth:`Scorer.score` and :meth:`Scorer.score_file` always use the batch engine and
:meth:`Scorer.assess` / :meth:`Scorer.plan` the durable one; the file pipeline on both engines is tested in
``both_engines/test_files.py``.
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import fanpin.scorer
from fanpin import Household, RecordValidationError, Scorer, load_rulebook
from fanpin.errors import ConfigError, InputFileError, MissingColumnError
from fanpin.io.records import table_record
from fanpin.pipeline import score_household, score_path
from fanpin.results.sentences import Lang
from tests.helpers import AS_OF, REGION
from tests.paths import HOUSEHOLDS_CSV

DATA = HOUSEHOLDS_CSV


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer()


@pytest.fixture(scope="module")
def from_file(scorer: Scorer) -> pl.DataFrame:
    result = scorer.score(DATA, as_of=AS_OF, region=REGION)
    assert (result.scored.height, result.rejected.height) == (314, 6)
    return result.scored


def test_polars_and_pandas_frames_score_like_the_file(scorer: Scorer, from_file: pl.DataFrame) -> None:
    raw = pl.read_csv(DATA, infer_schema=False)
    by_pandas = pd.read_csv(DATA, dtype=str, keep_default_na=False)  # pandas' own reader: no pyarrow
    for data in (raw, by_pandas):
        result = scorer.score(data, as_of=AS_OF, region=REGION)
        assert result.scored.equals(from_file)
        lines = result.rejected.get_column("line").to_list()
        assert len(lines) == 6 and lines == sorted(lines)


def test_typed_pandas_columns_are_read_as_written(scorer: Scorer) -> None:
    frame = pd.DataFrame(
        {
            "household_id": ["H1", "H2"],
            "region_code": [REGION, REGION],
            "household_type": ["脱贫户", "一般农户"],
            "size": [4, 2],
            "wage_income": [20000.0, float("nan")],  # NaN is an empty cell: required, so refused
            "business_income": [8000, 0],
            "property_income": [0, 0],
            "transfer_income": [2000, 0],
            "loan_due": pd.to_datetime(["2025-08-01", "2025-09-01"]),
        }
    )
    result = scorer.score(frame, as_of=AS_OF)
    assert result.scored.get_column("household_id").to_list() == ["H1"]
    assert result.rejected.row(0, named=True)["column"] == "wage_income"
    assert "reason" in result.rejected.columns


def test_a_frame_row_without_a_region_code_is_refused_as_in_a_file(scorer: Scorer) -> None:
    """Without ``region=``, a row whose 行政区划代码 is empty is refused (its parameters cannot be told), as
    ``fanpin score`` refuses it; a frame without the column at all stops, as a file does. Both were once
    scored with every rule that reads a parameter not evaluable."""
    raw = pl.read_csv(DATA, infer_schema=False).head(4)
    column = raw.get_column("行政区划代码")
    frame = raw.with_columns(column.scatter(1, None))
    result = scorer.score(frame, as_of=AS_OF, lang="en")
    assert result.scored.get_column("household_id").to_list() == raw.get_column("户编号").gather([0, 2, 3]).to_list()
    refused = result.rejected.row(0, named=True)
    assert (result.rejected.height, refused["line"], refused["column"]) == (1, 3, "行政区划代码")
    # a host's call is told of its parameter, region=, where it had been told the command's --region
    assert "pass region=" in refused["reason"] and "--region" not in refused["reason"]
    zh = scorer.score(frame, as_of=AS_OF).rejected.get_column("reason").to_list()
    assert zh == ["必填项为空：行政区划代码决定该户适用哪个地区的参数；请填写，或用 region= 参数为所有户指定地区"]
    assert scorer.score(frame, as_of=AS_OF, region=REGION).scored.height == 4
    with pytest.raises(MissingColumnError, match="行政区划代码"):
        scorer.score(raw.drop("行政区划代码"), as_of=AS_OF)
    # Households (models) and dicts: that household refused, as the frame's row and a file's, the others scored
    # (a list of Household had raised for the whole call, where dicts refused just the row).
    records = frame.drop("备注", strict=False).to_dicts()
    households = [Household.model_validate(r) for r in records]
    for data in (households, records):
        result = scorer.score(data, as_of=AS_OF, lang="en")
        assert (
            result.scored.get_column("household_id").to_list() == raw.get_column("户编号").gather([0, 2, 3]).to_list()
        )
        refused = result.rejected.row(0, named=True)
        assert (result.rejected.height, refused["line"], refused["household_id"]) == (1, 3, households[1].household_id)
        assert refused["column"] == "行政区划代码" and refused["value"] == ""
        assert "行政区划代码" in refused["reason"] and "pass region=" in refused["reason"]
        assert scorer.score(data, as_of=AS_OF, region=REGION).scored.height == 4


def test_a_frames_totals_row_is_refused_as_in_a_file(scorer: Scorer, tmp_path: Path) -> None:
    """A table read by the host (pandas' read_excel of a county's sheet) may end with its totals row: refused
    with the one reason the errors file gives it, in the language asked, its line counted as in the file."""
    raw = pl.read_csv(DATA, infer_schema=False).head(3)
    totals = pl.DataFrame({"户编号": ["合计"], "工资性收入": ["99999"]}, schema_overrides={"工资性收入": pl.String})
    frame = pl.concat([raw, totals], how="diagonal")
    path = tmp_path / "totals.csv"
    frame.write_csv(path)
    for data in (frame, frame.to_pandas(), path):
        result = scorer.score(data, as_of=AS_OF, region=REGION, lang="en")
        assert result.scored.height == 3
        assert result.rejected.select("line", "household_id", "reason").rows() == [
            (5, "", "this row is a totals row (合计), not a household: delete it")
        ]
    zh = scorer.score(frame, as_of=AS_OF, region=REGION)
    assert zh.rejected.get_column("reason").to_list() == ["该行是合计行，不是一户：请删除该行"]


_ENGLISH = {"household_id": "H1", "region_code": REGION, "household_type": "脱贫户", "size": "4",
            "wage_income": "20000", "business_income": "8000", "property_income": "0",
            "transfer_income": "2000"}  # fmt: skip


def test_the_models_own_field_names_are_read_by_every_path(scorer: Scorer) -> None:
    """``reported_income_per_capita`` (the model's name of 人均纯收入（元）, whose column is income_per_capita), as
    ``Household.model_dump`` writes it, was read by Scorer.assess and left unread by Scorer.score (a dict, a
    polars or a pandas frame), with a note suggesting another column: data.income_mismatch fired on one path."""
    record = _ENGLISH | {"reported_income_per_capita": "9000"}
    flags = scorer.assess(record, as_of=AS_OF).flag_ids
    assert "data.income_mismatch" in flags
    dump = Household.model_validate(record).model_dump(exclude_computed_fields=True)
    for data in ([record], [dump], pl.DataFrame([dump]), pd.DataFrame([record])):
        result = scorer.score(data, as_of=AS_OF)
        assert result.scored.get_column("flags").to_list() == [list(flags)] and not result.notes


def test_a_normalised_decimal_is_its_value_on_every_path(scorer: Scorer) -> None:
    """``Decimal("20000.00").normalize()`` is ``Decimal('2E+4')``: read as the text ``2E+4`` (a number with an
    exponent, as a spreadsheet shows one whose digits it cut), it was refused by the model, in a dict and in a
    pandas cell, and taken from a polars Decimal column. A Decimal is exact: its value on every path."""
    record = _ENGLISH | {"wage_income": Decimal("20000.00").normalize(), "size": Decimal("40").normalize() / 10}
    assert Household.model_validate(record).wage_income == Decimal("20000.00")
    assert scorer.assess(record, as_of=AS_OF).income_per_capita == Decimal("7500.00")
    frame = pl.DataFrame({k: [v] for k, v in record.items()})
    # one whose digits would be a billion places after the point is not written out (20 GB), but refused
    tiny = scorer.score([_ENGLISH | {"wage_income": Decimal("1E-900000000")}], as_of=AS_OF).rejected
    assert tiny.get_column("column").to_list() == ["wage_income"]
    for data in ([record], pd.DataFrame([record]), frame):
        result = scorer.score(data, as_of=AS_OF)
        assert result.rejected.height == 0 and result.scored.get_column("income_per_capita").to_list() == [
            Decimal("7500.00")
        ]


@pytest.mark.parametrize(
    ("column", "value", "refused"),
    [
        ("loan_purpose", "#N/A", True),
        ("户主姓名", " #REF! ", True),
        ("measures_in_place", "#N/A", True),
        ("loan_purpose", "'#N/A", False),  # an apostrophe is a code's mark only: here part of the text
        ("loan_purpose", "#1 种植", False),
    ],
)
def test_an_error_of_excels_in_a_free_text_column_is_refused_by_every_path(
    scorer: Scorer, column: str, value: str, refused: bool
) -> None:
    """``#N/A`` as 贷款用途 or 已落实帮扶措施 was taken by the model (Scorer.assess scored the record) and refused by
    Scorer.score and the file readers: the model refuses it now, with the readers' words."""
    record = _ENGLISH | {column: value}
    rejected = scorer.score([record], as_of=AS_OF).rejected
    if refused:
        with pytest.raises(RecordValidationError, match="an error of Excel's, not a value"):
            scorer.assess(record, as_of=AS_OF)
        assert rejected.height == 1
    else:
        assert scorer.assess(record, as_of=AS_OF).household_id == "H1" and rejected.height == 0


def test_households_and_dicts_score_like_the_durable_path(scorer: Scorer) -> None:
    records = [dict(r) for r in pl.read_csv(DATA, infer_schema=False, n_rows=40).fill_null("").to_dicts()]
    good = []
    for r in records:
        try:
            # The file's 备注 column is not the model's: extra="ignore" drops it, as the file readers do.
            good.append(Household.model_validate({**r, "行政区划代码": r["行政区划代码"] or REGION}, extra="ignore"))
        except ValueError:
            continue
    by_households = scorer.score(good, as_of=AS_OF).scored
    by_dicts = scorer.score([{**r, "行政区划代码": r["行政区划代码"] or REGION} for r in records], as_of=AS_OF)
    assert by_dicts.rejected.height == len(records) - len(good)
    durable = [table_record(score_household(scorer.engine, h, as_of=AS_OF), "zh") for h in good]
    for got, want in zip(by_households.iter_rows(named=True), durable, strict=True):
        assert {k: got[k] for k in want} == want
    columns = by_households.columns
    assert by_dicts.scored.select(columns).equals(by_households)


def test_one_household_on_the_durable_path(scorer: Scorer, from_file: pl.DataFrame) -> None:
    row = {
        "户编号": "H5323280004", "行政区划代码": "532328205202", "户类型": "一般农户", "家庭人口数": "2",
        "工资性收入": "10000", "生产经营性收入": "3546.48", "财产性收入": "0", "转移性收入": "0",
    }  # fmt: skip
    assessment = scorer.assess(row, as_of=AS_OF)
    assert assessment.income_band == "below_line"
    plan = scorer.plan(row, as_of=AS_OF)
    assert plan.household_id == "H5323280004" and plan.as_of == AS_OF and plan.measures
    assert all(p.due > AS_OF for p in plan.measures)
    assert {f.rule_id for f in assessment.flags} >= {"income.below_line"}


def test_json_rows(scorer: Scorer) -> None:
    result = scorer.score(DATA, as_of=AS_OF, region=REGION, json=True)
    assert result.scored.columns == ["json"]
    assert result.scored.height == 314


def test_score_file_streams(scorer: Scorer, tmp_path: Path) -> None:
    summary = scorer.score_file(
        DATA,
        tmp_path / "o.parquet",
        as_of=AS_OF,
        region=REGION,
        fmt="parquet",
        chunk_rows=50,
        errors=tmp_path / "e.csv",
    )
    assert (summary.scored, summary.rejected, summary.chunks) == (314, 6, 7)
    assert pl.read_parquet(tmp_path / "o.parquet").height == 314


def test_score_file_writes_the_format_its_out_names(scorer: Scorer, tmp_path: Path) -> None:
    """``score_file(path, "out.xlsx")`` wrote a CSV into out.xlsx (``fmt`` was "csv" by default, whatever the
    name): the format is the one the suffix names, as ``fanpin score`` takes it, and a ``fmt`` the suffix
    contradicts is refused before anything is written."""
    from zipfile import is_zipfile

    for name, check in (("o.xlsx", is_zipfile), ("o.parquet", lambda p: pl.read_parquet(p).height == 314)):
        summary = scorer.score_file(DATA, tmp_path / name, as_of=AS_OF, region=REGION, errors=tmp_path / "e.csv")
        assert summary.scored == 314 and check(tmp_path / name), name
    with pytest.raises(ConfigError, match=re.escape(f"out {tmp_path / 'o.csv'} is named for csv, but fmt is xlsx")):
        scorer.score_file(DATA, tmp_path / "o.csv", as_of=AS_OF, region=REGION, fmt="xlsx")
    with pytest.raises(ConfigError, match=re.escape(f"out {tmp_path / 'o.json'}: fanpin writes no .json file")):
        scorer.score_file(DATA, tmp_path / "o.json", as_of=AS_OF, region=REGION)
    assert not (tmp_path / "o.csv").exists() and not (tmp_path / "o.json").exists()
    scorer.score_file(DATA, tmp_path / "o.json", as_of=AS_OF, region=REGION, fmt="jsonl", errors=tmp_path / "e.csv")
    assert (tmp_path / "o.json").read_text(encoding="utf-8").startswith("{")


def test_a_trace_states_each_test_the_way_the_rule_wants_it(scorer: Scorer) -> None:
    """A rule whose condition is tests joined by ``and`` (some under ``not``: ``loan_purpose not in {…}``)
    fired exactly when every test of its trace is true: a test under ``not`` is stated negated, with the
    negated outcome (it was stated as written, true when the rule needed it false)."""
    from fanpin.io.export import households_in
    from fanpin.lang.tree import TAnd, TNot, TOr

    def test(condition: object) -> bool:
        inner = condition.operand if isinstance(condition, TNot) else condition
        return not isinstance(inner, TAnd | TOr | TNot)

    def conjunction(condition: object) -> bool:
        return all(map(test, condition.items)) if isinstance(condition, TAnd) else test(condition)

    rules = {r.id for r in scorer.rulebook.rules.values() if conjunction(r.condition)}
    negated = 0
    for household in households_in(DATA, region=REGION):
        if not isinstance(household, Household):
            continue
        for trace in scorer.assess(household, as_of=AS_OF, trace=True).trace:
            if trace.rule_id in rules and trace.outcome != "not_evaluable":
                outcomes = {c.outcome for c in trace.comparisons}
                assert (trace.outcome == "fired") == (outcomes == {"true"}), (household.household_id, trace)
                negated += sum(c.operator == "not in" for c in trace.comparisons)
    assert negated, "the example file exercises a test under not"


RECORD = {"户编号": "H1", "行政区划代码": REGION, "户类型": "脱贫户", "家庭人口数": 4, "工资性收入": 20000,
          "生产经营性收入": 8000, "财产性收入": 0, "转移性收入": 2000}  # fmt: skip


def test_frames_without_the_required_columns_are_refused_as_files_are(scorer: Scorer) -> None:
    """A table without 家庭人口数 had every row refused for an empty cell, and rows of no cell at all
    (``[{}]``) were lost without a word: both raise the file's MissingColumnError. Nothing given
    (``[]``, an empty frame) is nothing scored, with or without a region."""
    without_size = {k: v for k, v in RECORD.items() if k != "家庭人口数"}
    given: list[object] = [[without_size], pl.DataFrame([without_size]), pd.DataFrame([without_size]), [{}], [{}, {}]]
    for data in given:
        with pytest.raises(MissingColumnError, match="required column"):
            scorer.score(data, as_of=AS_OF, region=REGION)
    nothing: list[object] = [[], pl.DataFrame(), pd.DataFrame()]
    for empty in nothing:
        for region in (REGION, None):
            scored = scorer.score(empty, as_of=AS_OF, region=region)
            assert scored.scored.height == 0 and scored.rejected.height == 0


def test_a_list_of_lists_of_measures_is_refused_naming_its_column(scorer: Scorer) -> None:
    """A frame's 已落实帮扶措施 of lists of lists had its items cast to text: a bare polars InvalidOperationError.
    A list of texts is the measures in place, as before; a list of numbers is read too, and refused as numbers
    among the measures are (a count names no measure)."""
    from fanpin.errors import InputFileError
    from fanpin.model.household import NUMBER_FOR_MEASURE

    record = _ENGLISH | {"measures_in_place": [["产业帮扶"]]}
    with pytest.raises(InputFileError, match=re.escape("(measures_in_place) holds List(List(String)) values")):
        scorer.score(pl.DataFrame([record]), as_of=AS_OF)
    assert scorer.score(pl.DataFrame([_ENGLISH | {"measures_in_place": ["产业帮扶"]}]), as_of=AS_OF).scored.height == 1
    numbers = scorer.score(pl.DataFrame([_ENGLISH | {"measures_in_place": [1, 2]}]), as_of=AS_OF, lang="en")
    assert numbers.rejected.select("column", "reason").rows() == [("measures_in_place", NUMBER_FOR_MEASURE)]


def test_frame_columns_of_lists_records_or_objects_are_refused_naming_them(scorer: Scorer) -> None:
    from datetime import timedelta

    from fanpin.errors import InputFileError

    for cells in ([["a"]], [{"a": 1}], [timedelta(days=1)], [object()], [b"x"]):
        frame = pl.DataFrame([RECORD]).with_columns(pl.Series("备注", cells))
        with pytest.raises(InputFileError, match=r"column 9 \(备注\) holds"):
            scorer.score(frame, as_of=AS_OF)
    for cell in (["a"], ("a",), {"a": 1}, b"x"):  # pandas: read as the cell's Python text before
        with pytest.raises(InputFileError, match=r"column 9 \(备注\) holds"):
            scorer.score(pd.DataFrame([RECORD | {"备注": cell}]), as_of=AS_OF)


def test_a_datetime_with_a_time_zone_is_read_on_its_own_date(scorer: Scorer) -> None:
    """A loan due at 2025-09-29 00:00 in Shanghai was read on the UTC date (2025-09-28) from a polars
    frame, so credit.repayment_risk's 90-day window fired there and nowhere else; a pandas column of such
    datetimes was an internal polars error. Every form now reads 2025-09-29, as Scorer.assess does."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    due = datetime(2025, 9, 29, tzinfo=ZoneInfo("Asia/Shanghai"))
    record = RECORD | {"小额信贷余额": 30000, "贷款是否逾期": "否", "贷款到期日": due}
    expected = list(scorer.assess(record, as_of=AS_OF).flag_ids)
    assert "credit.repayment_risk" not in expected
    for data in (pl.DataFrame([record]), pd.DataFrame([record]), [record]):
        scored = scorer.score(data, as_of=AS_OF, keep_columns=["贷款到期日"]).scored
        assert scored.get_column("flags").to_list() == [expected], type(data)


@pytest.mark.parametrize("which", ["every rule disabled", "no reference rules"])
def test_a_rulebook_without_rules_or_band_parameters_scores_on_both_engines(tmp_path: Path, which: str) -> None:
    """A county folder disabling every rule: ``fanpin check`` passed and the batch engine stopped (an
    empty polars fold); ``load_rulebook(reference=False)``: the durable engine stopped on the band's
    missing monitoring_line. Both engines now give no flag, and no band where its parameters are absent."""
    from fanpin import load_rulebook

    if which == "every rule disabled":
        ids = ", ".join(load_rulebook().rules)
        (tmp_path / "local.yaml").write_text(f"disable: [{ids}]\n", encoding="utf-8")
        book = load_rulebook(tmp_path)
    else:
        book = load_rulebook(reference=False)
    scorer = Scorer(book)
    assessment = scorer.assess(RECORD, as_of=AS_OF)
    assert not book.rules and not assessment.flags and not scorer.plan(RECORD, as_of=AS_OF).measures
    for lang in ("zh", "en"):
        row = scorer.score([RECORD], as_of=AS_OF, lang=lang).scored.row(0, named=True)
        assert row["flags"] == [] and row["alert_level"] == ("无" if lang == "zh" else "none")
        assert (row["income_band"] is None) == (assessment.income_band is None) == (which == "no reference rules")
    assert '"flags":[]' in scorer.score([RECORD], as_of=AS_OF, json=True).scored.item()


_FULL_WIDTH = {ord(d): ord(d) + 0xFEE0 for d in "0123456789"}
_OPTIONS: dict[str, tuple[str, dict[str, object]]] = {
    "region with a space": ("assess", {"region": "532328 "}),
    "region as a number": ("assess", {"region": 532328}),
    "region in full-width digits": ("score", {"region": "532328".translate(_FULL_WIDTH)}),
    "a datetime": ("assess", {"as_of": datetime(2025, 6, 30)}),
    "a text date": ("score", {"as_of": "2025-06-30"}),
    "no date": ("plan", {"as_of": None}),
    "a language fanpin does not write": ("score", {"lang": "fr"}),
    "a negative chunk": ("score_file", {"chunk_rows": -1}),
    "no chunk": ("score_file", {"chunk_rows": 0}),
    "a format fanpin does not write": ("score_file", {"fmt": "xml"}),
    "headers": ("score_file", {"headers": "bogus"}),
    "no worker": ("score_file", {"workers": 0}),
    "an errors path of the wrong type": ("score_file", {"errors": 5}),
    "a findings path of the wrong type": ("score_file", {"findings": 5}),
    "no output path": ("score_file", {"out": None}),
    "a progress that is not a stream": ("score_file", {"progress": 5}),
}


@pytest.mark.parametrize("case", sorted(_OPTIONS))
def test_a_hosts_options_are_checked_as_the_command_lines_are(scorer: Scorer, tmp_path: Path, case: str) -> None:
    """Before: a region with a space was refused by one engine and used by the other; a datetime, a text
    date or None a TypeError; lang="fr" a KeyError; chunk_rows=-1 never ended; fmt="xml" wrote .xlsx;
    workers=0 and a bogus headers were taken; a path or a progress stream of the wrong type a TypeError or
    AttributeError. Each is a ConfigError naming the option, nothing written."""
    method, given = _OPTIONS[case]
    options: dict[str, object] = {"as_of": AS_OF} | given
    record = {k: v for k, v in RECORD.items() if k != "行政区划代码"} if "region" in given else RECORD
    out = tmp_path / "out.csv"
    with pytest.raises(ConfigError, match=next(iter(given))):
        if method == "score_file":
            files: dict[str, object] = {"out": out, "errors": tmp_path / "e.csv"} | options
            scorer.score_file(DATA, region=REGION, **files)  # type: ignore[arg-type]
        else:
            getattr(scorer, method)([record] if method == "score" else record, **options)
    assert not list(tmp_path.iterdir())


def test_keep_columns_as_one_text_is_read_as_the_command_line_reads_it(scorer: Scorer) -> None:
    """``keep_columns="备注"`` was read one character at a time (no column named 备), for a path and then
    for a frame or dicts; ``keep_columns=5`` was a TypeError for them and was taken for Households."""
    one = scorer.score(DATA, as_of=AS_OF, region=REGION, keep_columns="备注").scored
    listed = scorer.score(DATA, as_of=AS_OF, region=REGION, keep_columns=["备注"]).scored
    assert one.equals(listed) and one.columns[-1] == "备注"
    records = [RECORD | {"备注": "x"}]
    for data in (records, pl.DataFrame(records), pd.DataFrame(records)):
        assert scorer.score(data, as_of=AS_OF, keep_columns="备注").scored.get_column("备注").to_list() == ["x"]
        with pytest.raises(ConfigError, match="keep_columns is int"):
            scorer.score(data, as_of=AS_OF, keep_columns=5)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="keep_columns is int"):
        scorer.score([Household.model_validate(RECORD)], as_of=AS_OF, keep_columns=5)  # type: ignore[arg-type]


@pytest.mark.parametrize("engine_name", ["batch", "durable"])
def test_keep_columns_names_a_header_holding_a_comma(engine_name: str, tmp_path: Path) -> None:
    """``--keep-columns 'a,b'`` could not keep a header ``a,b``, nor ``其他，说明`` (a Chinese input method's
    comma): each was split, and the run stopped naming ``a`` or ``其他``. Pieces that together are a header
    of the file are that header; others are names as before."""
    from tests.helpers import run_cli

    source = tmp_path / "in.csv"
    source.write_text(
        '户编号,行政区划代码,户类型,家庭人口数,工资性收入,生产经营性收入,财产性收入,转移性收入,"其他，说明","a,b",c\n'
        "H1,532328101001,脱贫户,2,5000,0,0,0,x,y,z\n",
        encoding="utf-8",
    )
    out = tmp_path / "o.csv"
    run = run_cli("score", source, "--as-of", "2025-06-30", "--engine", engine_name, "--out", out,
                  "--errors", tmp_path / "e.csv", "--keep-columns", "a,b,其他，说明, c")  # fmt: skip
    assert run.code == 0, run.err
    header = out.read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.endswith(',"a,b",其他，说明,c'), header
    missing = run_cli("score", source, "--as-of", "2025-06-30", "--out", tmp_path / "o2.csv",
                      "--errors", tmp_path / "e2.csv", "--keep-columns", "a,x")  # fmt: skip
    assert missing.code == 2 and "names 'a', which the file does not have" in missing.err
    kept = Scorer().score(source, as_of=AS_OF, keep_columns="其他，说明").scored
    assert kept.columns[-1] == "其他，说明"


def test_refusal_reasons_are_in_the_language_asked_as_in_the_errors_file(scorer: Scorer) -> None:
    """Scorer.score gave the validators' English reasons whatever ``lang`` (score_file wrote Chinese)."""
    record = RECORD | {"家庭人口数": 0}
    assert scorer.score([record], as_of=AS_OF, lang="zh").rejected.get_column("reason").to_list() == ["应不小于 1"]
    assert scorer.score([record], as_of=AS_OF, lang="en").rejected.get_column("reason").to_list() == [
        "should be at least 1"
    ]
    from_file = scorer.score(DATA, as_of=AS_OF, region=REGION).rejected.get_column("reason").to_list()
    assert all(re.search(r"[\u4e00-\u9fff]", reason) for reason in from_file)


def test_a_rulebook_argument_that_is_not_one_is_refused_by_name() -> None:
    """``Scorer("/path")`` was an AttributeError, ``load_rulebook(None)`` or ``(5)`` a TypeError, and
    ``fanpin.testing.regions(parameter="bogus")`` a KeyError: each a ConfigError saying what to pass."""
    from fanpin import load_rulebook
    from fanpin.testing import regions

    with pytest.raises(ConfigError, match="Scorer takes a Rulebook, not str"):
        Scorer("/path")  # type: ignore[arg-type]
    for odd in (None, 5, ["rules"]):
        with pytest.raises(ConfigError, match="load_rulebook takes folders"):
            load_rulebook(odd)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="checks='yes'"):
        load_rulebook(checks="yes")  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="did you mean monitoring_line"):
        regions(parameter="monitoring_lin")


def test_a_scorer_that_was_used_pickles_as_its_rulebook(scorer: Scorer) -> None:
    """A Scorer pickled fresh, not once it had been used (its engines hold compiled closures)."""
    import pickle

    assessment = scorer.assess(RECORD, as_of=AS_OF)
    scorer.score([RECORD], as_of=AS_OF)
    copy = pickle.loads(pickle.dumps(scorer))
    assert copy.assess(RECORD, as_of=AS_OF) == assessment
    assert copy.score([RECORD], as_of=AS_OF).scored.equals(scorer.score([RECORD], as_of=AS_OF).scored)


def test_a_scorer_unpickled_in_a_fresh_process_scores_with_its_member_rules(tmp_path: Path) -> None:
    """A process that unpickles a Scorer (a worker of a host's own pool) did not type-check its rules: the
    member aggregates they made (the data checks' ``all(members, …)``) were unknown there, and the batch
    engine's first score stopped with a bare KeyError (``members_all_…``). The rulebook carries them now."""
    import pickle
    import subprocess
    import sys

    from fanpin import load_rulebook

    scorer = Scorer(load_rulebook(checks="with"))
    (tmp_path / "scorer.pickle").write_bytes(pickle.dumps(scorer))
    code = (
        "import pickle, sys; from datetime import date; "
        "scorer = pickle.loads(open(sys.argv[1], 'rb').read()); "
        f"scorer.score([{RECORD!r}], as_of=date.fromisoformat({AS_OF.isoformat()!r})).scored.write_parquet(sys.argv[2])"
    )
    run = [sys.executable, "-c", code, str(tmp_path / "scorer.pickle"), str(tmp_path / "scored.parquet")]
    done = subprocess.run(run, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-600:]
    assert pl.read_parquet(tmp_path / "scored.parquet").equals(scorer.score([RECORD], as_of=AS_OF).scored)


def test_a_pandas_column_given_twice_is_refused(scorer: Scorer) -> None:
    """pandas allows two columns of one name: the second 工资性收入 was read and the first dropped."""
    from fanpin.errors import InputFileError

    twice = pd.concat([pd.DataFrame([RECORD]), pd.DataFrame({"工资性收入": [0]})], axis=1)
    with pytest.raises(InputFileError, match="the column 工资性收入 is given twice"):
        scorer.score(twice, as_of=AS_OF)


@pytest.mark.parametrize("index", ["户编号", "household_id", "住房出现安全问题", "人编号"])
def test_a_pandas_frame_indexed_by_a_column_fanpin_reads_is_refused_saying_so(scorer: Scorer, index: str) -> None:
    """``frame.set_index("户编号")`` (or ``read_excel(index_col=0)``) moves the column into the index, which was not
    read: the 户编号 was told missing ("add the column"), a fact such as 住房出现安全问题 left unknown without a word
    (its rules not evaluable), an export's 人编号 dropped. Refused, naming the index and the fix."""
    frame = pd.DataFrame([RECORD | {"住房出现安全问题": "是", "人编号": "P1"}])
    indexed = frame.rename(columns={"户编号": "household_id"} if index == "household_id" else {}).set_index(index)
    with pytest.raises(ConfigError, match=f"data's index is named {index}, and fanpin reads only its columns") as e:
        scorer.score(indexed, as_of=AS_OF)
    assert "reset_index()" in e.value.fix
    # an index of the host's own (a database's ids) is no column fanpin reads: left out, as before
    scored = scorer.score(pd.DataFrame([RECORD]).set_index(pd.Index([7], name="crm_id")), as_of=AS_OF)
    assert scored.scored.height == 1


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (RECORD, "data is one dict"),
        ([RECORD, None], "data[1] is NoneType"),
        ([Household.model_validate(RECORD), RECORD | {"户编号": "H2"}], "data[0] is a Household"),
        (5, "data is int"),
        ([{5: 1}], "data[0] has a key of type int"),
        ([RECORD | {"贷款用途": ["种植"]}], "data[0]['贷款用途'] is a list"),
        (pd.Series(RECORD), "data is a pandas Series"),
    ],
)
def test_data_that_is_not_a_table_is_a_config_error(data: object, said: str) -> None:
    """These were a bare ValueError, TypeError, or an InputFileError about 'columns' of a file."""
    with pytest.raises(ConfigError, match=re.escape(said)) as raised:
        Scorer().score(data, as_of=AS_OF)
    assert "H1" not in str(raised.value) and raised.value.fix


def test_a_key_that_is_not_text_is_refused_alike_by_assess_and_score() -> None:
    """Scorer.assess told {1: 2} as the model's "Keys should be strings" with the fix for a wrong value (write
    0 for none); it is refused as Scorer.score refuses it, naming the record or the member."""
    for record, said in ((RECORD | {1: 2}, "record has a key of type int"),
                         (RECORD | {"家庭成员": [{2: 3}]}, "record['家庭成员'][0] has a key of type int")):  # fmt: skip
        with pytest.raises(ConfigError, match=re.escape(said)) as raised:
            Scorer().assess(record, as_of=AS_OF)  # type: ignore[arg-type]
        assert "column's header" in raised.value.fix


def test_a_member_is_the_households_whose_key_it_gives_or_takes() -> None:
    """A member row naming another 户编号 was scored as this household's (a file groups rows by 户编号, so it
    is another's): refused by both paths. A member given under its household without a 户编号 of its own
    takes the household's (it had been refused: members.0.household_id: Field required)."""
    from fanpin.errors import RecordValidationError

    head = {"人编号": "P1", "与户主关系": "户主"}
    other = RECORD | {"家庭成员": [head | {"户编号": "H2"}]}
    with pytest.raises(RecordValidationError, match="a member row names 户编号 H2, not the household's H1"):
        Scorer().assess(other, as_of=AS_OF)
    scored = Scorer().score([other], as_of=AS_OF, lang="en")
    assert scored.scored.height == 0
    assert scored.rejected.get_column("reason").to_list() == [
        "a member row names 户编号 H2, not the household's H1: give each member under the household its 户编号 names"
    ]
    for call, where in ((lambda r: Scorer().assess(r, as_of=AS_OF), "record"),
                        (lambda r: Scorer().score([r], as_of=AS_OF), "data[0]")):  # fmt: skip
        with pytest.raises(ConfigError, match=re.escape(f"{where}['家庭成员'] is a dict, not a list of member rows")):
            call(RECORD | {"家庭成员": head})  # one member given alone (it had been "Input should be a valid tuple")
    own = RECORD | {"家庭成员": [head]}
    assert Scorer().assess(own, as_of=AS_OF).household_id == "H1"
    assert Scorer().score([own], as_of=AS_OF).scored.height == 1
    # the model alike (a host's request body of Household had been refused: members.0.household_id required)
    household = Household.model_validate(RECORD | {"members": [head, head | {"人编号": "P2", "与户主关系": "配偶"}]})
    assert household.members is not None and [m.household_id for m in household.members] == ["H1", "H1"]
    with pytest.raises(RecordValidationError, match="a member row names 户编号 H2, not the household's H1"):
        Household.model_validate(RECORD | {"members": [head | {"household_id": "H2"}]})


def test_a_lazy_frame_is_refused_with_how_to_collect_it() -> None:
    """A polars LazyFrame (a query, not yet a table) was refused with the fix for any other object, which
    did not say how to make the DataFrame asked for; so was it by the batch engine."""
    lazy = pl.DataFrame([RECORD]).lazy()
    with pytest.raises(ConfigError, match="data is LazyFrame") as raised:
        Scorer().score(lazy, as_of=AS_OF)
    assert raised.value.fix == "collect it first: data.collect() is a DataFrame"
    with pytest.raises(ConfigError, match="not LazyFrame") as raised:
        Scorer().batch.score(lazy, as_of=AS_OF)  # type: ignore[arg-type]
    assert "lazy_frame.collect() makes one" in raised.value.fix
    assert Scorer().score(lazy.collect(), as_of=AS_OF).scored.height == 1


def test_a_nan_amount_in_a_dict_is_refused_as_assess_refuses_it() -> None:
    """score read a float NaN as an unknown cell, while assess refused the same record."""
    record = RECORD | {"公益岗位收入": float("nan")}
    with pytest.raises(Exception, match=r"not a number \(NaN"):
        Scorer().assess(record, as_of=AS_OF)
    scored = Scorer().score([record], as_of=AS_OF)
    assert scored.scored.height == 0
    assert scored.rejected.select("column", "value").rows() == [("公益岗位收入", "nan")]
    nan_in_pandas = Scorer().score(pd.DataFrame([record]), as_of=AS_OF)  # pandas' missing value: unknown
    assert nan_in_pandas.scored.height == 1 and nan_in_pandas.rejected.height == 0


@pytest.mark.parametrize("header", ["户编号", "行政区划代码", "户主姓名", "户主证件号码", "贷款用途"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_nan_text_in_a_dict_is_refused_as_the_model_refuses_it(header: str, lang: Lang) -> None:
    """A float NaN in a text column (a name, a code) was the text "nan" to score (a household "nan", a head
    named "n**") and to assess; Household.model_validate refused it in some of them and took it in the
    others. The model now refuses it in every text column, and assess and score (the batch path, with and
    without members) refuse the same record for it, with the model's reason, the rest of the table scored."""
    from fanpin.model.values import NOT_TEXT
    from fanpin.results.reasons import reason_text

    record = RECORD | {header: float("nan")}
    scorer = Scorer()
    with pytest.raises(RecordValidationError, match=re.escape(NOT_TEXT)):
        Household.model_validate(record)
    with pytest.raises(RecordValidationError, match=re.escape(NOT_TEXT)):
        scorer.assess(record, as_of=AS_OF)
    value = "n**" if header in ("户主姓名", "户主证件号码") else "nan"  # masked as the column's values are
    household_id = "" if header == "户编号" else "H1"
    for records in (
        [RECORD | {"户编号": "H0"}, record],
        [RECORD | {"户编号": "H0", "members": []}, record | {"members": []}],
    ):
        scored = scorer.score(records, as_of=AS_OF, lang=lang)
        assert scored.scored.get_column("household_id").to_list() == ["H0"]
        assert scored.rejected.rows() == [(3, household_id, header, value, reason_text(NOT_TEXT, lang))]


@pytest.mark.parametrize("lang", ["fr", None])
def test_the_sentences_refuse_an_unknown_language(lang: object) -> None:
    """flag_text(flag, "fr") was a bare KeyError; Scorer.score(lang="fr") already said this."""
    from fanpin.results.sentences import explanation_text, flag_text, trace_text

    assessment = Scorer().assess(RECORD | {"工资性收入": 2000}, as_of=AS_OF, trace=True)
    assert assessment.flags and assessment.trace
    with pytest.raises(ConfigError, match=f"lang is {lang!r}"):
        flag_text(assessment.flags[0], lang)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match=f"lang is {lang!r}"):
        explanation_text(assessment.flags, lang)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match=f"lang is {lang!r}"):
        trace_text(assessment.trace[0], lang)  # type: ignore[arg-type]


def test_pandas_missing_values_are_unknown_cells(scorer: Scorer) -> None:
    """pd.NA (pandas' nullable columns) and NaT were read as the text "<NA>" and "NaT", and the household
    refused ("not a whole number"); they are pandas' missing value, unknown as NaN and None are."""
    frame = pd.DataFrame([RECORD, RECORD | {"户编号": "H2"}, RECORD | {"户编号": "H3"}])
    frame["劳动力人数"] = pd.array([pd.NA, 2, None], dtype="Int64")
    frame["住房出现安全问题"] = pd.array([pd.NA, True, False], dtype="boolean")
    frame["小额信贷余额"] = pd.array([pd.NA, 1.5, None], dtype="Float64")
    frame["贷款到期日"] = pd.Series([pd.NaT, pd.Timestamp("2025-07-01"), None], dtype=object)
    frame["备注"] = pd.array([pd.NA, "x", None], dtype="string")
    scored = scorer.score(frame, as_of=AS_OF, keep_columns="备注")
    assert scored.rejected.height == 0 and scored.scored.get_column("备注").to_list() == ["", "x", ""]
    records = [{k: None if v is pd.NA or v is pd.NaT else v for k, v in r.items()} for r in frame.to_dict("records")]
    assert scored.scored.equals(scorer.score(records, as_of=AS_OF, keep_columns="备注").scored)


def test_dicts_with_their_members_are_scored_as_assess_reads_them() -> None:
    """A dict's ``members`` (as Household takes them) were passed through as the text of the list, names in
    clear, and the member rules were not evaluable: the engines disagreed on the record. Now each such
    record is validated by the household model, refused as a row of a file is, and scored with its
    members; a 户编号 given twice is refused the second time."""
    from fanpin import load_rulebook

    scorer = Scorer(load_rulebook(checks="with"))
    head = {"户编号": "H1", "证件号码": "53232819500101123X", "与户主关系": "户主", "姓名": "张三丰"}
    record = RECORD | {"家庭人口数": 1, "members": [head]}
    records = [
        record,
        record | {"户编号": "H2", "工资性收入": "abc"},
        record,
        RECORD | {"家庭人口数": 1, "户编号": "H4", "家庭成员": [head | {"户编号": "H4"}]},
        record | {"户编号": "H5", "members": [head | {"户编号": "H5", "与户主关系": "外星人"}]},
    ]
    result = scorer.score(records, as_of=AS_OF, lang="en")
    assert result.scored.get_column("household_id").to_list() == ["H1", "H4"]
    assessed = scorer.assess(record, as_of=AS_OF)
    assert result.scored.row(0, named=True)["flags"] == [f.rule_id for f in assessed.flags]
    assert [(r["line"], r["household_id"], r["column"]) for r in result.rejected.iter_rows(named=True)] == [
        (3, "H2", "工资性收入"),
        (4, "H1", "户编号"),
        (6, "H5", "members.0.与户主关系"),  # a member's cell by its place and key
    ]
    shown = str(result.scored.to_dicts()) + str(result.rejected.to_dicts())
    assert "张三丰" not in shown and "53232819500101123X" not in shown


def test_a_household_given_twice_is_refused_the_second_time(scorer: Scorer) -> None:
    """A list of Household scored both copies of a 户编号, where the same records as dicts (and a table)
    refuse the second: the same now, line counted from 2."""
    one, two = Household.model_validate(RECORD), Household.model_validate(RECORD | {"户编号": "H2"})
    for data in ([one, two, one], [RECORD, RECORD | {"户编号": "H2"}, RECORD]):
        result = scorer.score(data, as_of=AS_OF, lang="en")
        assert result.scored.get_column("household_id").to_list() == ["H1", "H2"]
        assert [(r["line"], r["household_id"]) for r in result.rejected.iter_rows(named=True)] == [(4, "H1")]


def test_a_record_with_no_value_is_skipped_as_a_blank_line_is(scorer: Scorer) -> None:
    """As a file's blank line: a dict (or a frame's row) of nothing is no household, neither scored nor
    refused (docs/host-applications.md)."""
    result = scorer.score([RECORD, {}, dict.fromkeys(RECORD)], as_of=AS_OF)
    assert (result.scored.height, result.rejected.height) == (1, 0)


def test_rejections_of_every_path_share_one_schema_and_concatenate() -> None:
    """A host gathering ``Scored.rejected`` of several calls could not concatenate them: a table's line
    numbers came as UInt32, a file's and a list of households' as Int64."""
    from fanpin.pipeline.scorers import REJECTED_SCHEMA

    base = {"户编号": "H1", "行政区划代码": "532328", "户类型": "脱贫户", "家庭人口数": 4,
            "工资性收入": 20000, "生产经营性收入": 8000, "财产性收入": 0, "转移性收入": 2000}  # fmt: skip
    scorer = Scorer()
    results = [
        scorer.score([base | {"家庭人口数": 0}], as_of=AS_OF),
        scorer.score([base | {"家庭人口数": 0, "members": []}], as_of=AS_OF),
        scorer.score(HOUSEHOLDS_CSV, as_of=AS_OF, region=REGION),
        scorer.score([Household.model_validate(base)] * 2, as_of=AS_OF),
        scorer.score([base], as_of=AS_OF),
    ]
    assert all(dict(r.rejected.schema) == REJECTED_SCHEMA for r in results)
    assert pl.concat([r.rejected for r in results]).height == sum(r.rejected.height for r in results)


_BASE = {"户编号": "H1", "行政区划代码": "532328", "户类型": "脱贫户", "家庭人口数": 4,
         "工资性收入": 20000, "生产经营性收入": 8000, "财产性收入": 0, "转移性收入": 2000}  # fmt: skip


@pytest.mark.parametrize(
    "cells",
    [
        {"贷款到期日": datetime(2026, 1, 1, 12, 30), "识别监测时间": datetime(2024, 4, 1, 8)},
        {"贷款用途": 1.5},
        {"贷款用途": datetime(2025, 1, 1).date(), "小额信贷余额": 5000},
        {"贷款到期日": pd.NaT, "劳动力人数": pd.NA, "监测对象类别": pd.NA, "贷款用途": pd.NA},
    ],
    ids=["datetimes", "a number as text", "a date as text", "pandas' missing values"],
)
def test_assess_and_score_read_one_dict_alike(cells: dict[str, object]) -> None:
    """The same dict was scored by Scorer.score and refused by Scorer.assess (a datetime in a date column,
    a number or a date in a text column, pd.NA), or raised a bare TypeError there (pd.NaT)."""
    record = _BASE | cells
    scorer = Scorer()
    assessed = scorer.assess(record, as_of=AS_OF)
    scored = scorer.score([record], as_of=AS_OF)
    assert scored.rejected.height == 0
    row = scored.scored.row(0, named=True)
    assert row["flags"] == sorted(f.rule_id for f in assessed.flags)
    assert row["income_per_capita"] == assessed.income_per_capita
    with_members = scorer.score([record | {"members": []}], as_of=AS_OF)  # the model's path for dicts
    assert with_members.rejected.height == 0


def test_a_pandas_column_of_seconds_is_read() -> None:
    """pandas 3 makes datetime64[s] columns, which polars refused with a bare ValueError."""
    frame = pd.DataFrame([_BASE, _BASE | {"户编号": "H2"}])
    frame["贷款到期日"] = pd.Series([pd.Timestamp("2026-01-01"), pd.NaT]).astype("datetime64[s]")
    result = Scorer().score(frame, as_of=AS_OF)
    assert result.scored.height == 2 and result.rejected.height == 0
    assert Household.model_validate(_BASE | {"贷款到期日": pd.NaT}).household_id == "H1"  # NaT: unknown


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_dicts_with_and_without_members_are_refused_alike(lang: Lang) -> None:
    """A dict with members is read by the model, one without by the table's validation: an empty required
    amount was "Decimal input should be an integer, float, string or Decimal object" on the first (in
    Chinese output too) and "required value is empty; write 0 …" on the second; a NaN was shown as ''
    on one and 'nan' on the other."""
    bad: list[dict[str, object]] = [
        {"家庭人口数": 0}, {"工资性收入": "abc"}, {"户类型": "外星户"}, {"工资性收入": None}, {"行政区划代码": "123"},
        {"贷款到期日": "2025-02-30"}, {"工资性收入": float("nan")}, {"识别监测时间": "202513"},
        {"户编号": float("nan")}, {"户主姓名": float("nan")}, {"行政区划代码": float("nan")},
    ]  # fmt: skip
    scorer = Scorer()
    for cells in bad:
        record = _BASE | cells
        plain = scorer.score([record], as_of=AS_OF, lang=lang).rejected
        model = scorer.score([record | {"members": []}], as_of=AS_OF, lang=lang).rejected
        assert plain.height and plain.equals(model), (cells, plain.to_dicts(), model.to_dicts())


_MONITORED = _BASE | {"监测对象类别": "边缘易致贫户", "识别监测时间": "202301", "风险是否已消除": "否"}


@pytest.mark.parametrize("measures", [[], (), ["产业帮扶", " 就业帮扶 "]], ids=["empty list", "empty tuple", "two"])
def test_a_list_of_measures_in_a_dict_is_read_as_the_model_reads_it(measures: list[str] | tuple[str, ...]) -> None:
    """Household takes 已落实帮扶措施 as a list, but assess read the list's text ("[]" was one measure), so a
    monitored household without any was not flagged audit.no_measure; score refused the list."""
    record = _MONITORED | {"已落实帮扶措施": measures}
    scorer = Scorer()
    expected = scorer.assess(Household.model_validate(record), as_of=AS_OF).flag_ids
    assert ("audit.no_measure" in expected) == (not measures)
    assert scorer.assess(record, as_of=AS_OF).flag_ids == expected
    for records in ([record], [record | {"members": []}]):  # the table's path and the model's
        scored = scorer.score(records, as_of=AS_OF)
        assert scored.rejected.height == 0 and scored.scored.get_column("flags").to_list() == [list(expected)]


@pytest.mark.parametrize("frame", [pd.DataFrame, pl.DataFrame])
def test_a_frame_of_household_dumps_reads_their_measures(frame: type[pd.DataFrame] | type[pl.DataFrame]) -> None:
    """A frame of Household dumps holds 已落实帮扶措施 as a list per row: pandas read the tuple's text ("()"
    was one measure, audit.no_measure was missed) and polars refused the column of lists."""
    households = [Household.model_validate(_MONITORED | {"户编号": f"H{n}", "已落实帮扶措施": m}) for n, m in
                  enumerate(["", "产业帮扶、就业帮扶"])]  # fmt: skip
    dumps = [h.model_dump(exclude_computed_fields=True, exclude={"members"}) for h in households]
    scorer = Scorer()
    expected = [sorted(scorer.assess(h, as_of=AS_OF).flag_ids) for h in households]
    assert ["audit.no_measure" in f for f in expected] == [True, False]
    scored = scorer.score(frame(dumps), as_of=AS_OF)
    assert scored.rejected.height == 0 and scored.scored.get_column("flags").to_list() == expected


def test_a_pandas_frame_of_dumps_from_polars_or_parquet_reads_their_measures(tmp_path: Path) -> None:
    """pandas gives a list column's cells as numpy arrays (DataFrame.to_pandas, pandas.read_parquet): their
    text had been read as one measure ("[]": audit.no_measure missed), in the frame and in its dicts; the model
    took it so too. A set in the frame's 已落实帮扶措施 is refused naming the column, as Scorer.assess refuses it
    (its text "set()" had been a measure)."""
    households = [Household.model_validate(_MONITORED | {"户编号": f"H{n}", "已落实帮扶措施": m}) for n, m in
                  enumerate(["", "产业帮扶、就业帮扶"])]  # fmt: skip
    dumps = pl.DataFrame([h.model_dump(exclude_computed_fields=True, exclude={"members"}) for h in households])
    dumps.write_parquet(tmp_path / "dumps.parquet")
    scorer = Scorer()
    expected = [sorted(scorer.assess(h, as_of=AS_OF).flag_ids) for h in households]
    assert ["audit.no_measure" in f for f in expected] == [True, False]
    for frame in (dumps.to_pandas(), pd.read_parquet(tmp_path / "dumps.parquet")):
        for data in (frame, frame.to_dict("records")):
            scored = scorer.score(data, as_of=AS_OF)
            assert scored.rejected.height == 0 and scored.scored.get_column("flags").to_list() == expected
        assert [sorted(scorer.assess(r, as_of=AS_OF).flag_ids) for r in frame.to_dict("records")] == expected
        assert [Household.model_validate(r).measures_in_place for r in frame.to_dict("records")] == [
            (),
            ("产业帮扶", "就业帮扶"),
        ]
    with pytest.raises(InputFileError, match=re.escape("(已落实帮扶措施) holds set values")):
        scorer.score(pd.DataFrame([_MONITORED | {"已落实帮扶措施": set()}]), as_of=AS_OF)


@pytest.mark.parametrize("measures", [set(), {"产业帮扶": True}, ["产业帮扶", ["就业帮扶"]]])
def test_the_model_refuses_measures_given_as_no_list_of_them(measures: object) -> None:
    """Household took such measures in place as their Python text (set() was one measure), as a web service
    taking Household as its body did; they are refused, as Scorer.assess and Scorer.score refuse them."""
    with pytest.raises(RecordValidationError, match="not the measures but a"):
        Household.model_validate(_MONITORED | {"已落实帮扶措施": measures})
    with pytest.raises(ConfigError, match="not one cell's value"):
        Scorer().score([_MONITORED | {"已落实帮扶措施": measures}], as_of=AS_OF)


def test_the_notes_say_that_a_household_number_that_is_a_persons_was_masked(tmp_path: Path) -> None:
    """Scored.notes holds fanpin score's notes: a 户编号 that is a person's number (a mobile number, an ID number
    on a refused row) was masked in Scored without the note saying so and why, whatever the data was given as;
    the note counts them as the file's run does. With keep_identities there is nothing masked and no note."""
    from fanpin.pipeline.scored import personal_keys_note

    rows = [_MONITORED | {"户编号": "13812345678"}, _MONITORED | {"户编号": "532328199001011234", "家庭人口数": 0}]
    path = tmp_path / "in.csv"
    pl.DataFrame(rows).select(pl.all().cast(pl.String)).write_csv(path)
    summary = Scorer().score_file(path, tmp_path / "o.csv", as_of=AS_OF, errors=tmp_path / "e.csv")
    # a host's calls name the parameter, keep_identities=True (they had named the command's --keep-identities)
    assert personal_keys_note(2, "keep_identities=True") in summary.notes
    with_members = [r | {"members": []} for r in rows]
    for data in (path, pl.DataFrame(rows), pd.DataFrame(rows), rows, with_members):
        scored = Scorer().score(data, as_of=AS_OF)
        assert scored.scored.get_column("household_id").to_list() == ["1381***5678"]
        assert scored.rejected.get_column("household_id").to_list() == ["5323**********1234"]
        assert personal_keys_note(2, "keep_identities=True") in scored.notes, data
        assert not Scorer().score(data, as_of=AS_OF, keep_identities=True).notes
    households = [Household.model_validate(rows[0])]
    assert Scorer().score(households, as_of=AS_OF).notes == (personal_keys_note(1, "keep_identities=True"),)


def test_a_members_labels_given_as_a_list_are_read_as_the_model_reads_them() -> None:
    """A member's 就业帮扶 given as [] was read as the label "[]": an employment measure that fired
    checks.employment_support_without_labour for a member without labour."""
    from fanpin import load_rulebook

    member = {"户编号": "H1", "与户主关系": "户主", "劳动技能": "无劳动力", "就业帮扶": []}
    record = _BASE | {"members": [member]}
    scorer = Scorer(load_rulebook(checks="with"))
    expected = scorer.assess(Household.model_validate(record), as_of=AS_OF, trace=True)
    assert scorer.assess(record, as_of=AS_OF, trace=True) == expected
    assert "checks.employment_support_without_labour" not in expected.flag_ids
    with_labels = {"members": [member | {"就业帮扶": ["技能培训"]}]}
    assert "checks.employment_support_without_labour" in scorer.assess(_BASE | with_labels, as_of=AS_OF).flag_ids


@pytest.mark.parametrize(
    ("cells", "said"),
    [
        ({"户编号": ["H1"]}, "record['户编号'] is a list"),
        ({"贷款用途": {"种植"}}, "record['贷款用途'] is a set"),
        ({"户主证件号码": ["532328199001011234"]}, "record['户主证件号码'] is a list"),
        ({"贷款用途": b"x"}, "record['贷款用途'] is bytes, not text"),
        ({"members": [{"户编号": "H1", "姓名": ["x"]}]}, "record['members'][0]['姓名'] is a list"),
    ],
)
def test_assess_refuses_what_is_no_cell_as_score_does(cells: dict[str, object], said: str) -> None:
    """assess wrote such a value out as its text and went on (the household ['H1'], an ID number
    "['5323…']" flagged invalid), where score refuses it (a member's too, now)."""
    with pytest.raises(ConfigError, match=re.escape(said)) as raised:
        Scorer().assess(_BASE | cells, as_of=AS_OF)
    assert "532328199001011234" not in str(raised.value)
    with pytest.raises(ConfigError, match=re.escape(said.replace("record", "data[1]"))):
        Scorer().score([_BASE, _BASE | {"户编号": "H2"} | cells], as_of=AS_OF)


def test_assess_reads_the_members_under_their_title_as_score_does() -> None:
    """Scorer.score took a dict's members under 家庭成员 (their title) and Scorer.assess refused the same
    record: "家庭成员: unknown key; did you mean 有家庭成员未参加基本医保". The model names members now."""
    from fanpin import load_rulebook

    head = {"户编号": "H1", "与户主关系": "户主", "劳动技能": "无劳动力", "就业帮扶": "技能培训"}
    scorer = Scorer(load_rulebook(checks="with"))
    assessed = scorer.assess(_BASE | {"家庭成员": [head]}, as_of=AS_OF)
    assert assessed == scorer.assess(_BASE | {"members": [head]}, as_of=AS_OF)
    assert "checks.employment_support_without_labour" in assessed.flag_ids
    scored = scorer.score([_BASE | {"家庭成员": [head]}], as_of=AS_OF).scored
    assert scored.get_column("flags").to_list() == [list(assessed.flag_ids)]
    with pytest.raises(ConfigError, match=re.escape("record['家庭成员'][0]['姓名'] is a list")):
        scorer.assess(_BASE | {"家庭成员": [head | {"姓名": ["x"]}]}, as_of=AS_OF)
    with pytest.raises(RecordValidationError, match=re.escape("did you mean members (家庭成员)?")):
        Household.model_validate(_BASE | {"家庭成员": [head]})
    twice = scorer.score([_BASE | {"家庭成员": [head], "members": []}], as_of=AS_OF)  # the last one had won
    assert twice.scored.height == 0 and twice.rejected.get_column("column").to_list() == ["家庭成员"]


def test_a_negative_zero_amount_is_zero_on_both_engines() -> None:
    """-0.0 (a float), "-0" or -0.001 were kept as -0.00: Scorer.assess wrote the per-capita income "-0.00"
    where Scorer.score wrote 0.00."""
    from decimal import Decimal

    record = _BASE | {"工资性收入": -0.0, "生产经营性收入": Decimal("-0"), "财产性收入": "-0", "转移性收入": "-0.001"}
    scorer = Scorer()
    assessed = scorer.assess(record, as_of=AS_OF)
    assert '"income_per_capita":"0.00"' in assessed.model_dump_json()
    assert Household.model_validate(record).wage_income.as_tuple().sign == 0
    scored = scorer.score([record], as_of=AS_OF).scored.row(0, named=True)
    assert str(scored["income_per_capita"]) == str(assessed.income_per_capita) == "0.00"


def test_a_per_capita_income_that_rounds_to_zero_from_below_is_zero_on_both_engines(tmp_path: Path) -> None:
    """A net income of -0.02 元 over seven people rounds to the fen as -0.00: Household, Scorer.assess and
    fanpin explain showed "-0.00" where Scorer.score and fanpin score show 0.00."""
    record = _BASE | {"家庭人口数": 7, "工资性收入": 0, "生产经营性收入": 0, "生产经营性支出": "8700.01",
                      "财产性收入": 0, "转移性收入": "8699.99"}  # fmt: skip
    household = Household.model_validate(record)
    assert household.net_income == Decimal("-0.02") and str(household.income_per_capita) == "0.00"
    scorer = Scorer()
    assessed = scorer.assess(record, as_of=AS_OF)
    assert '"income_per_capita":"0.00"' in assessed.model_dump_json()
    scored = scorer.score([record], as_of=AS_OF).scored.row(0, named=True)
    assert str(scored["income_per_capita"]) == str(assessed.income_per_capita) == "0.00"


def test_a_text_holding_half_of_a_utf16_pair_is_refused_naming_its_key(scorer: Scorer) -> None:
    """A dict's or a pandas cell's text with a lone surrogate ("\\ud800", from text decoded with errors
    ="surrogateescape" or a JSON \\u escape) has no UTF-8 form: Scorer.score stopped with a bare
    UnicodeEncodeError from polars, and Scorer.assess took it as a name. Both refuse it as they refuse a
    value that is no cell's (a list), naming the record and the key, as the JSON Lines reader refuses it."""
    from fanpin.errors import InputFileError

    for key in ("户主姓名", "公益岗位聘用月数", "备注"):
        record = RECORD | {key: "a\ud800"}
        with pytest.raises(ConfigError, match=re.escape(f"data[0][{key!r}] holds half of a UTF-16 pair (U+D800)")):
            scorer.score([record], as_of=AS_OF)
        with pytest.raises(ConfigError, match=re.escape(f"record[{key!r}] holds half of a UTF-16 pair (U+D800)")):
            scorer.assess(record, as_of=AS_OF)
        with pytest.raises(InputFileError, match=re.escape(f"({key}) holds half of a UTF-16 pair (U+D800)")):
            scorer.score(pd.DataFrame([record], dtype=object), as_of=AS_OF)  # pandas' own strings refuse it


def test_a_frame_of_a_person_level_export_is_refused_saying_what_it_is(tmp_path: Path) -> None:
    """A host that read the export with polars and passed the frame was told to add 家庭人口数; doing so had each
    household's first member scored as the household and the others refused as its 户编号 given again. The
    frame is told as the export it is, with the ways to score it."""
    import polars as pl

    from fanpin.synthetic import write_person_export_csv

    frame = pl.read_csv(write_person_export_csv(tmp_path / "export.csv", 5), skip_rows=2, infer_schema=False)
    with pytest.raises(InputFileError, match="the table is a person-level export") as refused:
        Scorer().score(frame, as_of=date(2025, 6, 30), region="532328")
    assert "Scorer.score(path)" in refused.value.fix and "家庭成员" in refused.value.fix
    scored = Scorer().score(tmp_path / "export.csv", as_of=date(2025, 6, 30), region="532328")
    assert scored.scored.height == 5


def _scored_households(scorer: Scorer) -> int:
    return scorer.score([RECORD], as_of=AS_OF, region=REGION).scored.height


@pytest.mark.skipif(not hasattr(os, "register_at_fork"), reason="a system without fork")
@pytest.mark.filterwarnings("ignore:.*multi-threaded.*fork:DeprecationWarning")  # Python 3.12 says so of fork
def test_a_process_forked_after_the_batch_path_ran_is_refused_where_it_would_hang() -> None:
    """A host's pool of forked processes handed a Scorer whose batch path had run in the parent: Scorer.score
    in the child never returned (polars' threads do not survive os.fork). It is refused at once, saying to
    start the pool with spawn; a child of a process whose batch path had not run scores as ever."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from fanpin import _fork
    from fanpin.errors import EngineError

    scorer = Scorer()
    fork = multiprocessing.get_context("fork")
    started = _fork._started
    try:
        _fork._started = False  # as in a process that has not scored yet (this one may have, in other tests)
        with ProcessPoolExecutor(1, mp_context=fork) as pool:
            assert pool.submit(_fork.batch_path_starts).result(timeout=60) is None
        assert _scored_households(scorer) == 1
        with (
            ProcessPoolExecutor(1, mp_context=fork) as pool,
            pytest.raises(EngineError, match="forked from one in which it had run") as caught,
        ):
            pool.submit(_scored_households, scorer).result(timeout=60)
        assert 'multiprocessing.get_context("spawn")' in caught.value.fix
    finally:
        _fork._started = started or _fork._started


@pytest.mark.parametrize(
    "key",
    [
        532328199001011234.0, 5.323281990010112e17, 1e16, 1e20, -0.0, 12345.0, 1.5, Decimal("2E+4"), 7,
        9007199254740993.0, 9999999999999998.0, 5323281010000123.0, 2.0**53 - 1,
    ],
)  # fmt: skip
def test_a_number_as_a_key_is_read_by_the_model_as_by_every_path(key: object) -> None:
    """``Household.model_validate`` read a float 户编号 as ``str(int(value))``: one that had lost its last digits
    (``532328199001011234.0``) became ``532328199001011264``, 1e20 a 21-digit code, -0.0 ``0``, where
    Scorer.assess and Scorer.score refuse it as written in scientific notation (and -0.0 as a negative number); a
    list of such Households scored keys assess refused. The model reads a number as a dict's value is read,
    accepting and refusing the same keys for the same reason; so does the member model (户编号, 人编号)."""
    from fanpin.model.member import Member

    record = RECORD | {"户编号": key}
    scorer = Scorer()
    scored = scorer.score([record], as_of=AS_OF, lang="en", keep_identities=True)
    try:
        assessed = scorer.assess(record, as_of=AS_OF).household_id
    except RecordValidationError as refused:
        reason = refused.errors()[0]["msg"].removeprefix("Value error, ")
        assert scored.rejected.select("column", "reason").rows() == [("户编号", reason)]
        # the member model's words name the column (人编号 is written …); a negative number's are one reason
        said = "written in scientific notation" if "scientific" in reason else re.escape(reason)
        for fields in ({"户编号": key}, {"户编号": "H1", "人编号": key}):
            with pytest.raises(RecordValidationError, match=said):
                Member.model_validate(fields)
        with pytest.raises(RecordValidationError) as also:
            Household.model_validate(record)
        assert also.value.errors()[0]["msg"].removeprefix("Value error, ") == reason
        return
    assert scored.scored.get_column("household_id").to_list() == [assessed]
    assert isinstance(key, float | Decimal | int) and float(key) < 2**53  # a float of 2^53 or more: refused
    assert Household.model_validate(record).household_id == assessed
    assert Member.model_validate({"户编号": key}).household_id == assessed
    assert Member.model_validate({"户编号": "H1", "人编号": key}).person_id == assessed


@pytest.mark.parametrize("kind", ["polars", "pandas"])
def test_a_float_column_of_keys_past_what_a_float_holds_is_refused_in_a_frame(kind: str) -> None:
    """A frame's float 户编号 of 2^53 or more is not the code given (9007199254740993.0 is 9007199254740992.0):
    it had been scored as 9007199254740992, where the model and Scorer.assess refuse the same value; a float of
    sixteen digits under 2^53 holds them all, and is read."""
    rows = [RECORD | {"户编号": 9007199254740993.0}, RECORD | {"户编号": 5323281010000123.0}]
    frame = pl.DataFrame(rows) if kind == "polars" else pd.DataFrame(rows)
    scored = Scorer().score(frame, as_of=AS_OF, lang="en", keep_identities=True)
    assert scored.scored.get_column("household_id").to_list() == ["5323281010000123"]
    assert scored.rejected.select("line", "household_id").rows() == [(2, "9.007199254740992e+15")]
    with pytest.raises(RecordValidationError) as refused:
        Household.model_validate(rows[0])
    assert refused.value.errors()[0]["msg"].removeprefix("Value error, ") == scored.rejected.item(0, "reason")


@pytest.mark.parametrize(
    ("measures", "shown"),
    [(float("nan"), "nan"), (["产业帮扶", float("nan")], "产业帮扶;nan"), ((float("nan"),), "nan")],
)
@pytest.mark.parametrize("header", ["已落实帮扶措施", "measures_in_place"])
def test_a_nan_among_the_measures_in_a_dict_is_refused_by_every_path(measures: object, shown: str, header: str) -> None:
    """A float NaN as 已落实帮扶措施, alone or in a list of measures, is no text: the model refused it, while
    Scorer.score counted its text ``nan`` as a measure (audit.no_measure then silent), and Scorer.assess did so
    too for a list. Every path refuses the record now, with the model's reason."""
    from fanpin.model.values import NOT_TEXT

    record = RECORD | {header: measures}
    with pytest.raises(RecordValidationError, match=re.escape(NOT_TEXT)):
        Household.model_validate(record)
    with pytest.raises(RecordValidationError, match=re.escape(NOT_TEXT)):
        Scorer().assess(record, as_of=AS_OF)
    with_members = [RECORD | {"户编号": "H0", "members": []}, record | {"members": []}]
    for records in ([RECORD | {"户编号": "H0"}, record], with_members):
        scored = Scorer().score(records, as_of=AS_OF, lang="en")
        assert scored.scored.get_column("household_id").to_list() == ["H0"]
        assert scored.rejected.rows() == [(3, "H1", header, shown, NOT_TEXT)]


@pytest.mark.parametrize("header", ["户编号", "户主证件号码", "行政区划代码"])
def test_an_error_of_excels_behind_a_codes_apostrophe_is_refused_by_every_path(header: str) -> None:
    """``'#N/A`` in a code column is ``#N/A`` (the apostrophe is only a code's mark): the model and
    Scorer.assess refused it, while Scorer.score scored a household ``#N/A`` (or took it as the head's ID
    number, or refused it as no region code), from dicts, a polars frame and a pandas one alike. Every path
    refuses it now, with the words it refuses ``#N/A`` with."""
    from fanpin.model.values import EXCEL_ERROR_VALUE

    record = RECORD | {header: "'#N/A"}
    with pytest.raises(RecordValidationError, match=re.escape(EXCEL_ERROR_VALUE)):
        Household.model_validate(record)
    with pytest.raises(RecordValidationError, match=re.escape(EXCEL_ERROR_VALUE)):
        Scorer().assess(record, as_of=AS_OF)
    household_id = "" if header == "户编号" else "H1"
    texts = {k: str(v) for k, v in record.items()}
    for data in ([record], pl.DataFrame([texts]), pd.DataFrame([texts]), [record | {"members": []}]):
        scored = Scorer().score(data, as_of=AS_OF, lang="en")
        assert scored.scored.height == 0
        assert scored.rejected.rows() == [(2, household_id, header, "'#N/A", EXCEL_ERROR_VALUE)]


def test_records_with_members_show_refused_cells_in_clear_only_with_keep_identities() -> None:
    """Scorer.score given dicts with their members masked a refused personal cell whatever keep_identities
    said (the option of the data owner, honoured by every other path)."""
    phone = "13812345678"
    record = {**RECORD, "户主姓名": "张三丰", "家庭人口数": phone, "members": [{"与户主关系": "户主"}]}
    masked = Scorer().score([record], as_of=AS_OF, region=REGION).rejected
    kept = Scorer().score([record], as_of=AS_OF, region=REGION, keep_identities=True).rejected
    assert masked.height == kept.height == 1
    assert phone not in masked.get_column("value").to_list()[0]
    assert kept.get_column("value").to_list() == [phone]


@pytest.mark.parametrize("members", ["张三丰", 5, [None], [{"人编号": "P1", "与户主关系": "户主"}, "张三丰"]])
def test_members_given_as_no_list_of_records_are_refused_saying_what_to_give(scorer: Scorer, members: object) -> None:
    """A household's members given as a text, a number, or a list holding no record were refused in pydantic's
    words ("Input should be a valid tuple", of a list; "该值不符合要求（Input should be a valid dictionary or
    instance of Member）" in Chinese), and the model's error showed a name typed there in clear. The reason says
    what to give, in the language asked; the name is masked."""
    record = {"户编号": "H1", "行政区划代码": REGION, "户类型": "脱贫户", "家庭人口数": 4, "工资性收入": 20000}
    record |= {"生产经营性收入": 8000, "财产性收入": 0, "转移性收入": 2000}
    listed = isinstance(members, list)
    expected: dict[Lang, str] = {
        "en": "a member must be a record" if listed else "must be a list of the household's member",
        "zh": "每个成员应为一条记录" if listed else "家庭成员（members）应为该户成员记录的列表",
    }
    for lang, said in expected.items():
        rejected = scorer.score([record | {"家庭成员": members}], as_of=AS_OF, lang=lang).rejected
        assert rejected.height == 1 and said in rejected.item(0, "reason"), rejected.rows()
        assert "Input should" not in rejected.item(0, "reason")
    with pytest.raises(RecordValidationError, match="must be a") as refused:
        Household.model_validate(record | {"members": members})
    assert "张三丰" not in str(refused.value.errors()) and "Input should" not in str(refused.value)


@pytest.mark.parametrize("keep_identities", [False, True])
def test_a_members_refused_cell_is_named_by_its_member_and_key_with_its_value(keep_identities: bool) -> None:
    """A member's refused cell in a dict's members had been listed under the members' key with no value: it is
    named as the model's error names it (家庭成员.1.出生日期) with the value given, masked unless asked not to."""
    members = [{"户编号": "H1", "出生日期": "2015-03-01"}, {"户编号": "H1", "出生日期": "张三丰"},
               {"户编号": "H1", "出生日期": "2015-02-30"}]  # fmt: skip
    scored = Scorer().score([{**RECORD, "家庭成员": members}], as_of=AS_OF, keep_identities=keep_identities)
    assert scored.scored.height == 0
    refused = scored.rejected.select("line", "column", "value").rows()
    assert refused == [
        (2, "家庭成员.1.出生日期", "张三丰" if keep_identities else "张**"),
        (2, "家庭成员.2.出生日期", "2015-02-30"),
    ]


def test_records_of_one_list_may_name_a_column_each_its_own_way(scorer: Scorer) -> None:
    """Records gathered from two sources, one keyed by the export's headers and one by the English names (or
    人均纯收入 beside 人均纯收入（元）), are each a household Scorer.assess scores: Scorer.score refused the whole
    list, ``columns 户编号 and household_id are the same column``, as a table with both columns, though no record
    gives one twice. One record that does give both is still refused, as Scorer.assess refuses it."""
    english: dict[str, object] = {**_ENGLISH, "household_id": "H2", "housing_unsafe": "是", "income_per_capita": "9000"}
    chinese: dict[str, object] = RECORD | {"人均纯收入": 7500}
    for records in ([chinese, english], [english, chinese]):
        result = scorer.score([r | {"crm": str(n)} for n, r in enumerate(records)], as_of=AS_OF, keep_columns=["crm"])
        assert not result.rejected.height and not result.notes
        assert result.scored.get_column("crm").to_list() == ["0", "1"]
        for record, row in zip(records, result.scored.iter_rows(named=True), strict=True):
            assessment = scorer.assess(record, as_of=AS_OF)
            assert row["household_id"] == assessment.household_id
            assert row["flags"] == list(assessment.flag_ids)
            assert row["not_evaluable"] == list(assessment.not_evaluable)
    with pytest.raises(RecordValidationError, match="under another of its names"):
        scorer.assess(RECORD | {"household_id": "H1"}, as_of=AS_OF)
    with pytest.raises(
        InputFileError, match=r"columns (户编号|household_id) and (户编号|household_id) are the same column"
    ):
        scorer.score([english, RECORD | {"household_id": "H1"}], as_of=AS_OF)


def test_keep_columns_naming_a_column_an_in_memory_table_lacks_says_table(scorer: Scorer) -> None:
    """A list of dicts, a polars or a pandas frame is no file: keep_columns naming a key none of its records
    gives had been told ``<table>:1: … names 'crm', which the file does not have``, a host left to look for a
    file it never gave. It is told the table does not have it, in English and Chinese; a file is told as before."""
    from fanpin.messages import error_message

    for data in ([RECORD], pl.DataFrame([RECORD]), pd.DataFrame([RECORD])):
        with pytest.raises(InputFileError) as refused:
            scorer.score(data, as_of=AS_OF, keep_columns=["crm"])
        assert str(refused.value).startswith("keep_columns names 'crm', which the table (data) does not have")
        assert "文件" not in error_message(refused.value, "zh") and "数据中不存在" in error_message(refused.value, "zh")


def test_findings_asked_of_a_rulebook_without_data_checks_is_noted(tmp_path: Path) -> None:
    """``score_file(findings=…)`` on a rulebook whose rules have no data-check code (the reference rules, without
    ``checks="with"``) wrote a worksheet that could list nothing, without a word: ``fanpin score --findings``
    notes it, and the host's summary did not. Its notes say so, with the fix; with the pack, no such note. The fix
    names the call alone (it had added the command's ``(fanpin score --checks with)``, which a host has none of)."""
    plain = Scorer().score_file(
        DATA, tmp_path / "a.csv", errors=tmp_path / "ea.csv", as_of=AS_OF, region=REGION, findings=tmp_path / "a.xlsx"
    )
    assert [n for n in plain.notes if n.startswith("findings lists data-check findings")] == [
        "findings lists data-check findings, and no rule of this rulebook has a data-check code: the worksheet "
        'lists none; load the data-check pack with load_rulebook(checks="with")'
    ]
    checked = Scorer(load_rulebook(checks="with"))
    summary = checked.score_file(
        DATA, tmp_path / "b.csv", errors=tmp_path / "eb.csv", as_of=AS_OF, region=REGION, findings=tmp_path / "b.xlsx"
    )
    assert not [n for n in summary.notes if n.startswith("findings lists")]
    from fanpin.messages import message

    zh = message("note", plain.notes[-1], "zh")
    assert zh.endswith('请用 load_rulebook(checks="with") 加载数据核查规则包') and "核查表中不会列出任何疑点" in zh, zh


def test_a_region_without_parameter_values_is_noted_whatever_the_data(scorer: Scorer, tmp_path: Path) -> None:
    """Scored for a province whose parameters have no value (region 5201, 贵州, in the reference rules), every rule
    reading one is not evaluable: a path's run notes each parameter and how many households lack it, and the
    same households given as dicts, a frame or Household objects had been scored without a word. Their notes
    are the path's, with json=True too."""
    record = {k: v for k, v in RECORD.items() if k != "行政区划代码"}
    path = tmp_path / "in.csv"
    pl.DataFrame([record]).write_csv(path)
    expected = [n for n in scorer.score(path, as_of=AS_OF, region="5201").notes if "has no value for region" in n]
    assert expected
    for data in ([record], pl.DataFrame([record]), pd.DataFrame([record]), [Household.model_validate(record)]):
        for json in (False, True):
            notes = scorer.score(data, as_of=AS_OF, region="5201", json=json).notes
            assert [n for n in notes if "has no value for region" in n] == expected, (type(data), json)
    assert not [n for n in scorer.score([record], as_of=AS_OF, region=REGION).notes if "has no value" in n]


def test_a_rulebook_without_the_band_parameters_scores_a_file(tmp_path: Path) -> None:
    """``load_rulebook(reference=False)`` has no monitoring_line: ``Scorer.score(path)`` and ``score_file`` had
    stopped with a bare ``KeyError: 'monitoring_line'`` (counting the households each parameter lacks asked
    for the band's parameters, which such a rulebook does not define); they score, without a band, as the
    in-memory table does."""
    scorer = Scorer(load_rulebook(reference=False))
    result = scorer.score(DATA, as_of=AS_OF, region=REGION)
    assert result.scored.height == 314 and result.scored.get_column("income_band").null_count() == 314
    summary = scorer.score_file(DATA, tmp_path / "o.csv", errors=tmp_path / "e.csv", as_of=AS_OF, region=REGION)
    assert summary.scored == 314 and not summary.parameter_notes
    assert scorer.score([RECORD], as_of=AS_OF).scored.height == 1
    for engine, name in ((scorer.engine, "durable.csv"), (scorer.batch, "batch.csv")):  # both engines' pipelines
        # the errors files in the test's folder: beside the example data, another test's run may be writing one
        done = score_path(engine, DATA, tmp_path / name, errors=tmp_path / f"e-{name}", as_of=AS_OF, region=REGION)
        assert done.scored == 314
    assert (tmp_path / "durable.csv").read_bytes() == (tmp_path / "batch.csv").read_bytes()


@pytest.mark.parametrize(
    ("key", "meant"), [("WAGE_INCOME", "wage_income (工资性收入)"), ("工资 性收入", "工资性收入 (wage_income)")]
)
def test_an_unknown_key_given_to_assess_is_named_with_a_fix_assess_takes(key: str, meant: str) -> None:
    """An unknown key in a record given to Scorer.assess or Scorer.plan is fanpin's refusal naming the key, with the
    key it may mean; its fix had said to pass extra="ignore", which Household.model_validate takes and assess does
    not (a TypeError if tried): it says how to drop keys of one's own for assess. Scored with its members on the
    batch path, the record is refused with the same reason."""
    record = {k: v for k, v in RECORD.items() if k != "工资性收入"} | {key: 20000}
    for call in (Scorer().assess, Scorer().plan):
        with pytest.raises(RecordValidationError) as refused:
            call(record, as_of=AS_OF)
        assert f"{key}: unknown key; did you mean {meant}?" in refused.value.message
        assert "Extra inputs" not in str(refused.value)
        assert refused.value.fix.endswith(
            'rename each unknown key, or leave out keys of your own (Household.model_validate(record, extra="ignore") '
            "drops them, and assess takes that Household)"
        ), refused.value.fix
    rejected = Scorer().score([record | {"members": []}], as_of=AS_OF, lang="en").rejected
    assert (key, f"unknown key; did you mean {meant}?") in rejected.select("column", "reason").rows()
    # Household.model_validate takes extra="ignore": its own fix says so, as it did
    with pytest.raises(RecordValidationError, match=re.escape('pass extra="ignore" to drop keys of your own')):
        Household.model_validate(record)


_KEYS = st.sampled_from(sorted(fanpin.scorer._HEADED)) | st.sampled_from(
    [" 户编号", "户编号\u200b", "家庭成员", "members", "not_a_field", "户\u200b编号", "产业帮扶"]
)
_CELLS = (
    st.text()  # surrogates included: the shortcut leaves them to the general path, which refuses them
    | st.integers()
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.booleans()
    | st.none()
    | st.floats()
    | st.decimals()
    | st.lists(st.text(max_size=3), max_size=2)
)


def _cells_or_error(record: dict[Any, Any]) -> object:
    try:
        return fanpin.scorer._as_cells(record)
    except ConfigError as exc:
        return ("refused", exc.message, exc.fix)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(_KEYS, _CELLS, max_size=12))
def test_a_records_cells_are_those_of_the_general_checks(record: dict[Any, Any]) -> None:
    """Scorer.assess's shortcuts for a record keyed by names the models know (:data:`fanpin.scorer._HEADED`) and
    for its plain texts and whole numbers (:func:`fanpin.scorer._plain_cell`) give the cells, or the refusal, the
    general path gives: each key trimmed and looked at, each value checked as one cell's and written as its text."""
    shortcut = _cells_or_error(record)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fanpin.scorer, "_HEADED", frozenset())
        patch.setattr(fanpin.scorer, "_plain_cell", lambda value: None)
        general = _cells_or_error(record)
    assert shortcut == general
    if isinstance(general, dict) and isinstance(shortcut, dict):
        assert [type(v) for v in general.values()] == [type(v) for v in shortcut.values()]


def test_a_text_holding_half_of_a_utf16_pair_is_refused_past_the_shortcut(scorer: Scorer) -> None:
    """A text the shortcut passes on (half of a UTF-16 pair) is refused as before, naming its key, not its text."""
    with pytest.raises(ConfigError, match=r"record\['household_id'\] holds half of a UTF-16 pair \(U\+D800\)"):
        scorer.assess({"household_id": "H\ud800", "region_code": "532328"}, as_of=AS_OF)
