"""Files on the batch path: formats in and out, awkward rows, streaming, progress — always the same
rows as the per-household path, and never a row lost."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from fanpin import Rulebook
from fanpin.batch import BatchEngine
from fanpin.cli import main
from fanpin.errors import OutputError
from fanpin.io.chunks import EXTRA_CELLS
from fanpin.pipeline import Progress, score_path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "examples/data/households.csv"
ARGS = ("--as-of", "2025-06-30", "--region", "532328")
HEADER = "户编号,行政区划代码,户类型,家庭人口数,工资性收入,生产经营性收入,财产性收入,转移性收入,备注"
ROW = "H{n},532328,脱贫户,2,{wage},0,0,0,note {n}"


def run(*args: object) -> tuple[int, str]:
    err = io.StringIO()
    code = main([str(a) for a in args], stdout=io.StringIO(), stderr=err)
    return code, err.getvalue()


def both_engines(tmp_path: Path, source: Path, suffix: str = "csv") -> tuple[bytes, bytes]:
    """Score ``source`` on both engines; assert the outputs and errors files are byte-identical."""
    results = []
    for engine in ("batch", "durable"):
        out, errors = tmp_path / f"{engine}.{suffix}", tmp_path / f"{engine}.errors.csv"
        code, _ = run("score", source, *ARGS, "--engine", engine, "--out", out, "--errors", errors)
        assert code in (0, 3)
        results.append((out.read_bytes(), errors.read_bytes()))
    assert results[0] == results[1]
    return results[0]


def test_rows_with_more_cells_than_headers(tmp_path: Path) -> None:
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
    scored, errors = both_engines(tmp_path, source)
    text = errors.decode("utf-8-sig")
    assert "4,H3,,,11 cells but 9 headers" in text
    assert "7,H5,工资性收入,12a,not an amount of money" in text  # lines count records, as csv does
    assert [r["household_id"] for r in pl.read_csv(io.BytesIO(scored)).to_dicts()] == ["H1", "H2", "H4"]


def test_a_row_far_wider_than_the_header_is_read_row_by_row(tmp_path: Path) -> None:
    source = tmp_path / "wide.csv"
    wide = ROW.format(n=2, wage=1000) + "," * (EXTRA_CELLS + 3) + "x"
    source.write_text("\n".join([HEADER, ROW.format(n=1, wage=1000), wide]) + "\n", encoding="utf-8")
    _, errors = both_engines(tmp_path, source)
    assert f"3,H2,,,{9 + EXTRA_CELLS + 3} cells but 9 headers" in errors.decode("utf-8-sig")
    code, err = run("score", source, *ARGS, "--out", tmp_path / "o.csv", "--errors", tmp_path / "e.csv")
    assert code == 3 and "read row by row" in err


def test_jsonl_and_xlsx_inputs(tmp_path: Path) -> None:
    frame = pl.read_csv(DATA, infer_schema=False)
    jsonl = tmp_path / "in.jsonl"
    lines = [json.dumps({k: v for k, v in r.items() if v is not None}, ensure_ascii=False) for r in frame.to_dicts()]
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    scored, _ = both_engines(tmp_path, jsonl)
    assert pl.read_csv(io.BytesIO(scored), infer_schema=False).height == 314


@pytest.mark.parametrize("fmt", ["xlsx", "parquet", "jsonl"])
def test_output_formats_hold_the_csv_rows(tmp_path: Path, fmt: str) -> None:
    csv_out, out = tmp_path / "o.csv", tmp_path / f"o.{fmt}"
    run("score", DATA, *ARGS, "--out", csv_out, "--errors", tmp_path / "e.csv")
    code, _ = run("score", DATA, *ARGS, "--out", out, "--errors", tmp_path / "e2.csv")
    assert code == 3
    expected = pl.read_csv(csv_out, infer_schema=False).fill_null("")
    if fmt == "xlsx":
        got = pl.read_excel(out, engine="openpyxl", infer_schema_length=0).fill_null("")
    elif fmt == "parquet":
        got = pl.read_parquet(out).fill_null("")
    else:
        records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        got = pl.DataFrame({"household_id": [r["household_id"] for r in records]})
    assert got.get_column("household_id").to_list() == expected.get_column("household_id").to_list()
    if fmt != "jsonl":
        assert got.select(expected.columns).equals(expected)


def test_no_partial_output_and_no_overwriting_the_input(tmp_path: Path, book: Rulebook) -> None:
    copy = tmp_path / "in.csv"
    copy.write_bytes(DATA.read_bytes())
    with pytest.raises(OutputError, match="overwrite the input"):
        score_path(BatchEngine(book), copy, copy, as_of=date(2025, 6, 30), region="532328")
    assert copy.read_bytes() == DATA.read_bytes()
    code, _ = run("score", copy, *ARGS, "--out", tmp_path / "o.csv", "--errors", tmp_path / "e.csv")
    assert code == 3
    assert not list(tmp_path.glob("*.part"))


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal(tmp_path: Path) -> None:
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
    code, err = run("score", DATA, *ARGS, "--out", tmp_path / "o.csv", "--errors", tmp_path / "e.csv")
    assert code == 3 and "\r" not in err


def test_blocks_cut_at_record_boundaries(tmp_path: Path, book: Rulebook, monkeypatch: pytest.MonkeyPatch) -> None:
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
        summary = score_path(BatchEngine(book), source, out, as_of=date(2025, 6, 30), errors=errors, chunk_rows=7)
        assert (summary.scored, summary.rejected) == (40, 1)
        outputs.append((out.read_bytes(), errors.read_bytes()))
    assert outputs[0] == outputs[1]
    assert b"44,H41," in outputs[0][1]  # title 1, header 2, 39 rows, the two-line row 42, blank 43
    durable = tmp_path / "durable.csv"
    run("score", source, *ARGS, "--engine", "durable", "--out", durable, "--errors", tmp_path / "d.csv")
    assert durable.read_bytes() == outputs[0][0]


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
    code, err = run("score", source, *ARGS, "--engine", "durable", "--out", out, "--errors", errors)
    assert code == 0, err
    assert f"scored {len(pairs)} households" in err and "rejected 0 row(s)" in err
    assert pl.read_csv(out)["household_id"].to_list() == [f"H{n}" for n in range(1, len(pairs) + 1)]
    assert len(errors.read_text(encoding="utf-8-sig").splitlines()) <= 1  # a header at most
    assert both_engines(tmp_path, source)[0] == out.read_bytes()
