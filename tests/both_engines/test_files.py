"""Files through the pipeline on both engines: formats in and out, awkward rows, streaming, progress —
always the same rows on the batch and the per-household engine, and never a row lost.

Every test runs once per engine (``--engine batch`` / ``--engine durable``, or the engine object given to
:func:`fanpin.pipeline.score_path`). The pipeline's other guarantees (errors file, exit codes, ``.part``
files, duplicates across chunks) are in ``test_pipeline.py``.
"""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from fanpin import Engine
from fanpin.batch import BatchEngine
from fanpin.errors import OutputError
from fanpin.io.chunks import EXTRA_CELLS
from fanpin.io.progress import Progress
from fanpin.pipeline import score_path
from fanpin.results.table import csv_text

from ..helpers import AS_OF, HEADER, REGION, ROW, by_id, score_file
from ..paths import HOUSEHOLDS_CSV

DATA = HOUSEHOLDS_CSV


def run(engine: str, source: Path, tmp_path: Path, suffix: str = "csv") -> tuple[int, str, bytes, bytes]:
    """Score ``source`` on ``engine``: the exit code, what it printed, the output and errors files."""
    out, errors = tmp_path / f"{engine}.{suffix}", tmp_path / f"{engine}.errors.csv"
    code, _, err = score_file(source, out, errors, "--engine", engine)
    assert code in (0, 3), err
    return code, err, out.read_bytes(), errors.read_bytes()


def test_rows_with_more_cells_than_headers(tmp_path: Path, engine_name: str) -> None:
    source = tmp_path / "ragged.csv"
    rows = [
        HEADER,
        ROW.format(n=1, wage=1000),
        ROW.format(n=2, wage=1000) + ",,",  # empty extra cells: a trailing comma, nothing lost
        ROW.format(n=3, wage=1000) + ",,x",  # a filled extra cell: refused, not truncated
        "",  # a blank line is skipped but counted
        '"H4",532328,脱贫户,2,1000,0,0,0,"two\nlines"',  # a quoted line break stays in its cell
        ROW.format(n=5, wage="12a"),
    ]
    source.write_text("\n".join(rows) + "\n", encoding="utf-8")
    _, _, scored, errors = run(engine_name, source, tmp_path)
    text = errors.decode("utf-8-sig")
    assert "4,H3,,,该行有 11 个单元格，但表头只有 9 列" in text
    # Lines are the file's own: the quoted line break puts H4 on lines 6-7, so H5 is on line 8.
    assert "8,H5,工资性收入,12a,不是金额" in text
    assert [r["household_id"] for r in by_id(pl.read_csv(io.BytesIO(scored))).to_dicts()] == ["H1", "H2", "H4"]
    assert pl.read_csv(io.BytesIO(scored)).get_column("备注").to_list()[2] == "two\nlines"


def test_a_row_far_wider_than_the_header_is_read_row_by_row(tmp_path: Path, engine_name: str) -> None:
    source = tmp_path / "wide.csv"
    wide = ROW.format(n=2, wage=1000) + "," * (EXTRA_CELLS + 3) + "x"
    source.write_text("\n".join([HEADER, ROW.format(n=1, wage=1000), wide]) + "\n", encoding="utf-8")
    code, err, scored, errors = run(engine_name, source, tmp_path)
    assert f"3,H2,,,该行有 {9 + EXTRA_CELLS + 3} 个单元格，但表头只有 9 列" in errors.decode("utf-8-sig")
    assert code == 3 and "read row by row" in err
    assert by_id(pl.read_csv(io.BytesIO(scored))).get_column("household_id").to_list() == ["H1"]


def test_jsonl_and_parquet_inputs(tmp_path: Path, engine_name: str) -> None:
    frame = pl.read_csv(DATA, infer_schema=False)
    jsonl = tmp_path / "in.jsonl"
    lines = [json.dumps({k: v for k, v in r.items() if v is not None}, ensure_ascii=False) for r in frame.to_dicts()]
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    parquet = tmp_path / "in.parquet"
    frame.write_parquet(parquet)
    (tmp_path / "csv").mkdir()
    from_csv = run(engine_name, DATA, tmp_path / "csv")
    for source in (jsonl, parquet):
        folder = tmp_path / source.suffix.lstrip(".")
        folder.mkdir()
        got = run(engine_name, source, folder)
        assert got[2] == from_csv[2]  # the same scored rows
        rejected, expected = (by_id(pl.read_csv(io.BytesIO(b), infer_schema=False)) for b in (got[3], from_csv[3]))
        if source is jsonl:  # a JSON Lines file has no header line: each line number is one less
            expected = expected.with_columns((pl.col("line").cast(pl.Int64) - 1).cast(pl.String))
        assert rejected.equals(expected)
    assert pl.read_csv(io.BytesIO(from_csv[2]), infer_schema=False).height == 314


def test_a_jsonl_list_of_measures_is_read_as_the_measures(tmp_path: Path, engine_name: str) -> None:
    """已落实帮扶措施 written as a JSON list (as a household's dump gives it) was read as its JSON text: ``[]``
    was one measure named "[]", so a monitored household without any measure was not flagged."""
    monitored = {"户编号": "H1", "行政区划代码": REGION, "户类型": "脱贫户", "家庭人口数": 4, "工资性收入": 20000,
                 "生产经营性收入": 8000, "财产性收入": 0, "转移性收入": 2000, "监测对象类别": "边缘易致贫户",
                 "识别监测时间": "202301", "风险是否已消除": "否"}  # fmt: skip
    measures: list[object] = [[], "", ["产业帮扶", " 就业帮扶 "], "产业帮扶;就业帮扶"]
    source = tmp_path / "in.jsonl"
    lines = [monitored | {"户编号": f"H{n}", "已落实帮扶措施": m} for n, m in enumerate(measures, start=1)]
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), encoding="utf-8")
    _, _, scored, _ = run(engine_name, source, tmp_path)
    flags = by_id(pl.read_csv(io.BytesIO(scored), infer_schema=False)).get_column("flags").to_list()
    assert ["audit.no_measure" in f for f in flags] == [True, True, False, False]


def test_measures_in_place_that_say_only_none_are_no_measure(tmp_path: Path, engine_name: str) -> None:
    """已落实帮扶措施 written 无 (none) had been counted as one measure in place, so a monitored household without
    any measure was not flagged audit.no_measure, and one ready otherwise was told monitoring.elimination_ready.
    A measure column of the person-level export holding only 无 is empty, and so is this one now."""
    monitored = {"户编号": "H1", "行政区划代码": REGION, "户类型": "脱贫户", "家庭人口数": 4, "劳动力人数": 2,
                 "工资性收入": 40000, "生产经营性收入": 0, "财产性收入": 0, "转移性收入": 0, "上年人均纯收入": 10000,
                 "合规自付支出": 0, "上年刚性支出": 0, "住房出现安全问题": "否",
                 "义务教育阶段适龄儿童少年失学辍学": "否", "饮水出现安全问题": "否", "有家庭成员未参加基本医保": "否",
                 "监测对象类别": "脱贫不稳定户", "识别监测时间": "202301", "风险是否已消除": "否"}  # fmt: skip
    measures = ["无", " 无 ；无", "", "技能培训", "技能培训;无", "无无"]
    source = tmp_path / "in.csv"
    rows = [monitored | {"户编号": f"H{n}", "已落实帮扶措施": m} for n, m in enumerate(measures, start=1)]
    pl.DataFrame(rows).write_csv(source)
    _, _, scored, _ = run(engine_name, source, tmp_path)
    flags = by_id(pl.read_csv(io.BytesIO(scored), infer_schema=False)).get_column("flags").fill_null("").to_list()
    assert ["audit.no_measure" in f for f in flags] == [True, True, True, False, False, False]
    assert ["monitoring.elimination_ready" in f for f in flags] == [False, False, False, True, True, True]


#: 已落实帮扶措施 as forms write "none" (a slash or a dash alone, 无 with a full stop, 暂无, 没有, 0), each a cell
#: listing no measure; and cells listing a measure beside such a mark, or a mark that is no form's none (a number
#: that is not 0, 00 or 0.5, is no measure and refuses its row: tests/both_engines/test_measure_numbers.py).
NONE_WRITTEN = [
    "/",
    "\uff0f",
    "—",
    "——",
    "-",
    "\uff0d",
    "\\",
    "无。",
    "无.",
    "暂无",
    "没有。",
    "0",
    "0.0",
    "\uff10",
    "无；/",
    " / ，— ",
    "/、0、无",
]
NOT_NONE_WRITTEN = ["技能培训;/", "/技能培训", "无无。", "/ /", "暂无技能培训"]


def test_measures_in_place_written_as_a_slash_a_dash_or_0_are_no_measure(tmp_path: Path, engine_name: str) -> None:
    """A form writes "none" in 已落实帮扶措施 as a slash or a dash alone (/, —, ——, -, or their full-width forms), as
    无。 or as 0 (a count of none, or a spreadsheet's formula over an empty cell): each had been one measure in
    place, so a monitored household without any was not flagged audit.no_measure and could be told
    monitoring.elimination_ready. Both engines read them alike."""
    monitored = {"户编号": "H1", "行政区划代码": REGION, "户类型": "脱贫户", "家庭人口数": 4, "劳动力人数": 2,
                 "工资性收入": 40000, "生产经营性收入": 0, "财产性收入": 0, "转移性收入": 0, "上年人均纯收入": 10000,
                 "合规自付支出": 0, "上年刚性支出": 0, "住房出现安全问题": "否",
                 "义务教育阶段适龄儿童少年失学辍学": "否", "饮水出现安全问题": "否", "有家庭成员未参加基本医保": "否",
                 "监测对象类别": "脱贫不稳定户", "识别监测时间": "202301", "风险是否已消除": "否"}  # fmt: skip
    measures = NONE_WRITTEN + NOT_NONE_WRITTEN
    source = tmp_path / "in.csv"
    rows = [monitored | {"户编号": f"H{n}", "已落实帮扶措施": m} for n, m in enumerate(measures, start=1)]
    pl.DataFrame(rows).write_csv(source)
    _, _, scored, errors = run(engine_name, source, tmp_path)
    assert errors.decode("utf-8-sig").count("\n") <= 1  # the header alone: no row refused
    flags = by_id(pl.read_csv(io.BytesIO(scored), infer_schema=False)).get_column("flags").fill_null("").to_list()
    none = [True] * len(NONE_WRITTEN) + [False] * len(NOT_NONE_WRITTEN)
    assert ["audit.no_measure" in f for f in flags] == none
    assert ["monitoring.elimination_ready" in f for f in flags] == [not n for n in none]


@pytest.mark.parametrize("fmt", ["xlsx", "parquet", "jsonl"])
def test_output_formats_hold_the_csv_rows(tmp_path: Path, fmt: str, engine_name: str) -> None:
    """Each engine's xlsx, Parquet and JSON Lines hold the rows (and values) of the batch engine's CSV:
    Parquet's typed table written as CSV text is the CSV, cell for cell."""
    csv_out, out = tmp_path / "o.csv", tmp_path / f"o.{fmt}"
    score_file(DATA, csv_out, tmp_path / "e.csv")
    code, _, _ = score_file(DATA, out, tmp_path / "e2.csv", "--engine", engine_name)
    assert code == 3
    expected = by_id(pl.read_csv(csv_out, infer_schema=False)).fill_null("")
    if fmt == "xlsx":  # the township sheets (between the summary and the rejected rows) hold every household
        sheets = pl.read_excel(out, engine="openpyxl", sheet_id=0, infer_schema_length=0)
        townships = [by_id(frame).select(pl.all().cast(pl.String)) for name, frame in sheets.items() if name.isdigit()]
        got = pl.concat(townships).fill_null("")
        incomes = [str(Decimal(v).quantize(Decimal("0.01"))) for v in got.get_column("income_per_capita").to_list()]
        want = expected.with_columns(pl.col("region_code").str.slice(0, 9).alias("t")).sort("t", maintain_order=True)
        assert incomes == want.get_column("income_per_capita").to_list()
        expected = want.drop("t")
    elif fmt == "parquet":
        got = csv_text(by_id(pl.read_parquet(out)), "zh").fill_null("")
        assert got.columns == expected.columns
        assert got.equals(expected)
    else:
        records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        got = pl.DataFrame({"household_id": [r["household_id"] for r in records]})
    assert got.get_column("household_id").to_list() == expected.get_column("household_id").to_list()
    assert (tmp_path / "e2.csv").read_bytes() == (tmp_path / "e.csv").read_bytes()


def test_no_partial_output_and_no_overwriting_the_input(tmp_path: Path, either_engine: Engine | BatchEngine) -> None:
    copy = tmp_path / "in.csv"
    copy.write_bytes(DATA.read_bytes())
    with pytest.raises(OutputError, match="overwrite the input"):
        score_path(either_engine, copy, copy, as_of=AS_OF, region=REGION)
    assert copy.read_bytes() == DATA.read_bytes()
    summary = score_path(either_engine, copy, tmp_path / "o.csv", as_of=AS_OF, region=REGION, errors=tmp_path / "e.csv")
    assert (summary.scored, summary.rejected) == (314, 6)
    assert not list(tmp_path.glob("*.part"))


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal(tmp_path: Path, engine_name: str) -> None:
    terminal = _Terminal()
    bar = Progress(terminal, total=1000)
    bar.update(250)
    bar.update(250)
    bar.finish()
    shown = terminal.getvalue()
    assert "500/1,000 rows" in shown and "rows/s" in shown and "ETA" in shown and shown.endswith("\n")
    piped = io.StringIO()
    quiet = Progress(piped, total=1000)
    quiet.update(500)
    quiet.finish()
    assert piped.getvalue() == ""
    code, _, err = score_file(DATA, tmp_path / "o.csv", tmp_path / "e.csv", "--engine", engine_name)
    assert code == 3 and "\r" not in err
    # the summary line only, after the run's notes (the example's months after --as-of): no progress bar
    assert [line for line in err.splitlines() if not line.startswith("fanpin: note:")] == [err.splitlines()[-1]]
    assert err.splitlines()[-1].startswith("fanpin: scored")


def test_blocks_cut_at_record_boundaries(
    tmp_path: Path, either_engine: Engine | BatchEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tiny read blocks (a few records each, quoted line breaks across them) change nothing."""
    from fanpin.io import chunks as files

    source = tmp_path / "in.csv"
    rows = [
        "标题：防返贫监测对象",  # a title row above the header
        HEADER,
        *[ROW.format(n=n, wage=1000 + n) for n in range(1, 40)],
        '"H40",532328,脱贫户,2,1000,0,0,0,"a ""quoted"" note\r\nover two lines"',
        "",
        ROW.format(n=41, wage="bad"),
    ]
    source.write_text("\r\n".join(rows), encoding="utf-8")  # CRLF, no final line break
    outputs = []
    for block in (64, files.BLOCK_BYTES):
        monkeypatch.setattr(files, "BLOCK_BYTES", block)
        out, errors = tmp_path / f"{block}.csv", tmp_path / f"{block}.errors.csv"
        summary = score_path(either_engine, source, out, as_of=AS_OF, errors=errors, chunk_rows=7)
        assert (summary.scored, summary.rejected, summary.chunks) == (40, 1, 6)
        outputs.append((out.read_bytes(), errors.read_bytes()))
    assert outputs[0] == outputs[1]
    assert b"45,H41," in outputs[0][1]  # title 1, header 2, 39 rows, the two-line row 42-43, blank 44
    assert b'a ""quoted"" note\r\nover two lines' in outputs[0][0]


def test_incomes_that_barely_changed_score_on_the_durable_engine(tmp_path: Path) -> None:
    """9999.99 against 10000 last year, 6000.30 against 6000 (and the other way round): the durable engine
    scores every row (it once failed with error 204 on the tiny income-drop ratio), as the batch engine
    does, byte for byte."""
    pairs = [("9999.99", "10000"), ("6000.30", "6000"), ("10000", "9999.99"), ("6000", "6000.30")]
    source = tmp_path / "barely_changed.csv"
    lines = [HEADER + ",上年人均纯收入"]
    lines += [f"H{n},532328,脱贫户,1,{now},0,0,0,note {n},{before}" for n, (now, before) in enumerate(pairs, 1)]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out, errors = tmp_path / "durable.csv", tmp_path / "durable.errors.csv"
    code, _, err = score_file(source, out, errors, "--engine", "durable")
    assert code == 0, err
    assert f"scored {len(pairs)} households" in err and "rejected 0 row(s)" in err
    assert by_id(pl.read_csv(out))["household_id"].to_list() == [f"H{n}" for n in range(1, len(pairs) + 1)]
    assert len(errors.read_text(encoding="utf-8-sig").splitlines()) <= 1  # a header at most
    batch_out = tmp_path / "batch.csv"
    assert score_file(source, batch_out, tmp_path / "batch.errors.csv", "--engine", "batch").code == 0
    assert batch_out.read_bytes() == out.read_bytes()


@pytest.mark.parametrize("suffix", ["csv", "jsonl"])
def test_the_progress_bar_ends_full(tmp_path: Path, either_engine: Engine | BatchEngine, suffix: str) -> None:
    """The bar counts data rows (the header line is not one; a last line without a line break is) and ends
    at n/n: the example file has 320 rows, and once showed 320/321."""
    source = DATA
    if suffix == "jsonl":
        frame = pl.read_csv(DATA, infer_schema=False)
        lines = [
            json.dumps({k: v for k, v in r.items() if v is not None}, ensure_ascii=False) for r in frame.to_dicts()
        ]
        source = tmp_path / "in.jsonl"
        source.write_text("\n".join(lines), encoding="utf-8")  # no line break after the last line
    terminal = _Terminal()
    score_path(
        either_engine, source, tmp_path / "o.csv", as_of=AS_OF, region=REGION, errors=tmp_path / "e.csv",
        chunk_rows=100, progress=terminal,
    )  # fmt: skip
    states = [s for s in terminal.getvalue().split("\r") if s]
    assert "320/320 rows" in states[-1] and states[-1].endswith("\n")
    assert all("/320 rows" in s for s in states)  # the total was right from the first chunk
    assert "100/320 rows" in states[0]
