"""Odd and broken input files on both engines: every row is read as the file's author sees it, or refused
in its place with its line, or the file is refused with a clean error naming it — never a traceback,
never a row lost or merged into another.

Each test replays a defect found by trying about a hundred hostile inputs (issue 11): CR-only line
endings, bytes that are not text after the first megabyte, cells over the csv module's 131 072
characters, a stray quote, a first row far wider than the header, .xlsx formulas saved without their
value, a missing or cut-off sheet, a Parquet list column, impossible dates, and line numbers after
quoted line breaks.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Sequence
from pathlib import Path

import polars as pl
import pytest
from openpyxl import Workbook, load_workbook

from fanpin.io.chunks import EXTRA_CELLS
from fanpin.model.values import NO_SUCH_DAY, number_for_month
from fanpin.results.reasons import reason_text
from tests.helpers import AS_OF, HEADER, ROW, SCORE_ARGS, Run, read_csv, run_cli, score_file, write_rows
from tests.io.test_export import HEADER as EXPORT_HEADER
from tests.io.test_export import MERGED, MERGED_ROWS, merged_export


def score(engine_name: str, source: Path, folder: Path, *options: object) -> tuple[Run, Path, Path]:
    """``fanpin score`` in English (the reasons read as the readers state them; Chinese is the default)."""
    out, errors = folder / f"{engine_name}.csv", folder / f"{engine_name}.errors.csv"
    return score_file(source, out, errors, "--engine", engine_name, "--lang", "en", *options), out, errors


def scored_ids(out: Path) -> list[str]:
    return [r["household_id"] for r in read_csv(out)]


def refused(errors: Path) -> list[tuple[str, str, str]]:
    """(line, 户编号, reason) of each errors-file row."""
    return [(r["line"], r["household_id"], r["reason"]) for r in read_csv(errors)]


@pytest.fixture
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> int:
    """The encoding and the line ends are judged on a file's first megabyte, and polars reads 4 MB
    blocks: 1 KB and 2 KB here, so that small files reach past them. Returns the first size."""
    from fanpin.io import chunks, readers

    monkeypatch.setattr(readers, "_SNIFF_BYTES", 1024)
    monkeypatch.setattr(chunks, "BLOCK_BYTES", 2048)
    return 1024


def clean_error(run: Run, *words: str) -> None:
    assert run.code == 2, run.err
    assert "Traceback" not in run.err and "fanpin: error:" in run.err
    for word in words:
        assert word in run.err, (word, run.err)


# ---- line endings and line numbers ------------------------------------------------------------


def test_cr_only_line_endings_are_read_as_lines(engine_name: str, tmp_path: Path) -> None:
    """Old Mac Excel saves CSV with a CR alone at the end of each line: each line is a row (it was read
    as one long row and refused)."""
    rows = [
        HEADER,
        ROW.format(n=1, wage=1000),
        '"H2",532328,脱贫户,2,1000,0,0,0,"two\rlines"',
        ROW.format(n=3, wage="x"),
    ]
    source = write_rows(tmp_path / "mac.csv", rows, newline="\r")
    (code, _, err), out, errors = score(engine_name, source, tmp_path)
    assert code == 3, err
    assert scored_ids(out) == ["H1", "H2"]
    assert read_csv(out)[1]["备注"] == "two\rlines"  # a line break inside quotes stays in its cell
    assert refused(errors) == [("5", "H3", "not an amount of money; write digits with at most one decimal point")]


@pytest.mark.parametrize("far", [False, True], ids=["first-megabyte", "far-down"])
def test_lines_ending_both_ways_are_read_row_by_row(
    engine_name: str, far: bool, small_blocks: int, tmp_path: Path
) -> None:
    """A CR alone amid LF lines (a row pasted from an old file) ends a line too: no two rows merge,
    whether it is seen at once (in the first megabyte) or only when polars' blocks reach it."""
    many = 60 if far else 2
    text = "\n".join([HEADER, *(ROW.format(n=n, wage=1000) for n in range(1, many + 1))]) + "\r"
    text += ROW.format(n=many + 1, wage=1000) + "\n" + ROW.format(n=many + 2, wage="y") + "\n"
    source = tmp_path / "mixed.csv"
    source.write_text(text, encoding="utf-8", newline="")
    assert (source.stat().st_size > small_blocks) == far
    (code, _, err), out, errors = score(engine_name, source, tmp_path)
    assert code == 3, err
    assert len(scored_ids(out)) == many + 1
    assert [r[:2] for r in refused(errors)] == [(str(many + 3), f"H{many + 2}")]
    assert "lines end both with LF and with CR alone: read row by row" in err


def test_line_numbers_are_the_files_own_lines(engine_name: str, tmp_path: Path) -> None:
    """After a cell holding line breaks (in a title row too), the errors file names the line the row
    starts on, as an editor shows it — not the count of records before it."""
    rows = [
        '"标题：防返贫监测对象\n（第二行）"',
        HEADER,
        '"H1",532328,脱贫户,2,1000,0,0,0,"one\ntwo\r\nthree"',
        ROW.format(n=2, wage="bad"),
        "",
        '"H3",532328,脱贫户,2,1000,0,0,0,"a\nb"',
        ROW.format(n=4, wage=-5),
    ]
    source = write_rows(tmp_path / "in.csv", rows)
    (code, _, err), out, errors = score(engine_name, source, tmp_path)
    assert code == 3, err
    # title 1-2, header 3, H1 4-6, H2 7, blank 8, H3 9-10, H4 11
    assert [r[:2] for r in refused(errors)] == [("7", "H2"), ("11", "H4")]
    assert scored_ids(out) == ["H1", "H3"]


def test_json_lines_are_numbered_by_the_files_lines(engine_name: str, tmp_path: Path) -> None:
    """JSON Lines count the file's own lines (CR alone ends a line too); a line that is not UTF-8, a
    number of thousands of digits, values nested thousands deep or a lone UTF-16 half are refused in
    their place."""
    good = {"户编号": "H1", "户类型": "脱贫户", "家庭人口数": 2, "工资性收入": 1000, "生产经营性收入": 0,
            "财产性收入": 0, "转移性收入": 0}  # fmt: skip
    lines = [
        json.dumps(good, ensure_ascii=False).encode(),
        json.dumps(good | {"户编号": "H2", "备注": "é"}, ensure_ascii=False).encode().replace("é".encode(), b"\xe9"),
        b'{"x": ' + b"9" * 5000 + b"}",
        b'{"\xe6\x88\xb7\xe7\xbc\x96\xe5\x8f\xb7": "H4", "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        json.dumps(good | {"户编号": "H5", "备注": "\ud800"}).encode(),
        json.dumps(good | {"户编号": "H6", "工资性收入": 0}).encode().replace(b": 0}", b": 1e400}"),  # not Infinity
        json.dumps(good | {"户编号": "H7"}, ensure_ascii=False).encode(),
    ]
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"\n".join(lines[:3]) + b"\r" + b"\n".join(lines[3:]) + b"\n")
    (code, _, err), out, errors = score(engine_name, source, tmp_path)
    assert code == 3, err
    assert scored_ids(out) == ["H1", "H7"]
    got = {line: reason for line, _, reason in refused(errors)}
    assert list(got) == ["2", "3", "4", "5", "6"]
    assert got["2"].startswith("this line is not UTF-8 text")
    assert got["3"].startswith("not JSON fanpin can read") and got["4"].startswith("not JSON fanpin can read")
    assert got["5"].startswith("holds a \\u escape")
    assert got["6"].startswith("too large for an amount of money: 10^400")  # json reads inf: no infinity was written


def test_a_json_key_given_twice_in_one_object_is_refused(engine_name: str, tmp_path: Path) -> None:
    """``json.loads`` keeps the last value of a key given twice: a household was scored with the second
    工资性收入 of its line without a word. The line is refused in its place, on both engines."""
    good = {"户编号": "H1", "户类型": "脱贫户", "家庭人口数": 2, "工资性收入": 1000, "生产经营性收入": 0,
            "财产性收入": 0, "转移性收入": 0}  # fmt: skip
    twice = json.dumps(good | {"户编号": "H2"}, ensure_ascii=False)[:-1] + ', "工资性收入": 999999}'
    source = tmp_path / "twice.jsonl"
    source.write_text("\n".join([json.dumps(good, ensure_ascii=False), twice]) + "\n", encoding="utf-8")
    (code, _, err), out, errors = score(engine_name, source, tmp_path)
    assert code == 3 and scored_ids(out) == ["H1"], err
    assert refused(errors) == [("2", "", 'the key "工资性收入" is given twice in one object; keep one of them')]


def test_json_lines_naming_a_column_two_ways_read_it_as_one(engine_name: str, tmp_path: Path) -> None:
    """Two exports joined write 户编号 on some lines and household_id on others: the file was refused whole
    ("columns 1 and 9 … are the same column: one of them would be ignored", no line named), though no object
    held both. Each object's names of a column are that column; an object that names it twice is refused on
    its line, both engines alike, in both languages."""
    good = {"行政区划代码": "532328", "户类型": "脱贫户", "家庭人口数": 2, "工资性收入": 1000, "生产经营性收入": 0,
            "财产性收入": 0, "转移性收入": 0}  # fmt: skip
    lines = [
        {"户编号": "J1", **good},
        {"household_id": "J2", **good, "wage_income": 500},  # 工资性收入 under its English name too: twice
        {"household_id": "J3", **good},
        {"wage_income": 700, "户编号": "J4", **{k: v for k, v in good.items() if k != "工资性收入"}},
        {"household_id": "J5", "户编号": "J5", **good},
    ]
    source = tmp_path / "joined.jsonl"
    source.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    (code, _, err), out, errors = score(engine_name, source, tmp_path)
    assert code == 3, err
    assert [(r["household_id"], r["income_per_capita"]) for r in read_csv(out)] == [
        ("J1", "500.00"), ("J3", "500.00"), ("J4", "350.00")
    ]  # fmt: skip
    assert refused(errors) == [
        ("2", "J2", 'the keys "工资性收入" and "wage_income" name the same column in one object; keep one of them'),
        ("5", "J5", 'the keys "household_id" and "户编号" name the same column in one object; keep one of them'),
    ]
    zh = score_file(source, tmp_path / "zh.csv", tmp_path / "zh.errors.csv", "--engine", engine_name)
    assert zh.code == 3, zh.err
    said = '键 "household_id" 和 "户编号" 在同一对象中指同一列；请只保留一个'
    assert [r["reason"] for r in read_csv(tmp_path / "zh.errors.csv")][1] == said


def test_json_s_missing_constants_nan_and_infinity_are_refused(engine_name: str, tmp_path: Path) -> None:
    """Python's JSON reader takes NaN and Infinity, which JSON does not have: {"户编号": NaN} was scored as a
    household "nan" on both engines. The line is refused saying what to write (in Chinese too:
    test_languages)."""
    good = {"户编号": "H1", "户类型": "脱贫户", "家庭人口数": 2, "工资性收入": 1000, "生产经营性收入": 0,
            "财产性收入": 0, "转移性收入": 0}  # fmt: skip
    lines = [json.dumps(good, ensure_ascii=False)]
    for n, (key, constant) in enumerate([("户编号", "NaN"), ("工资性收入", "Infinity"), ("户主姓名", "-Infinity")], 2):
        lines.append(json.dumps(good | {"户编号": f"H{n}", key: "X"}, ensure_ascii=False).replace('"X"', constant))
    source = tmp_path / "constants.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (code, _, err), out, errors = score(engine_name, source, tmp_path)
    assert code == 3 and scored_ids(out) == ["H1"], err
    said = "JSON has no value {}; write null for a value not known"
    assert refused(errors) == [(str(n), "", said.format(c)) for n, c in [(2, "NaN"), (3, "Infinity"), (4, "-Infinity")]]


def test_a_json_list_or_object_in_a_column_fanpin_reads_is_refused_not_read_as_its_text(
    engine_name: str, tmp_path: Path
) -> None:
    """A JSON Lines cell that is a list or an object was read as its JSON text: 贷款用途 ["种植"] was the purpose
    '["种植"]', not one of the productive ones (credit.non_productive_use fired), and 户主姓名 {"x": "张三"} a
    name. The line is refused naming the key (in Chinese too: test_languages); 已落实帮扶措施 may still be a list
    of measures, and a column fanpin does not read is passed through as written."""
    good = {"户编号": "H1", "户类型": "脱贫户", "家庭人口数": 2, "工资性收入": 1000, "生产经营性收入": 0,
            "财产性收入": 0, "转移性收入": 0, "已落实帮扶措施": ["产业帮扶"], "备注": ["a"]}  # fmt: skip
    lines = [json.dumps(good, ensure_ascii=False)]
    nested: list[tuple[str, object]] = [
        ("贷款用途", ["种植"]),
        ("户主姓名", {"x": "张三"}),
        ("已落实帮扶措施", [["a"]]),
    ]
    for n, (key, value) in enumerate(nested, 2):
        lines.append(json.dumps(good | {"户编号": f"H{n}", key: value}, ensure_ascii=False))
    source = tmp_path / "nested.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (code, _, err), out, errors = score(engine_name, source, tmp_path)
    assert code == 3 and scored_ids(out) == ["H1"], err
    said = "the value of {} is a JSON {}, not one value; write the value itself"
    assert refused(errors) == [
        ("2", "H2", said.format("贷款用途", "list")),
        ("3", "H3", said.format("户主姓名", "object")),
        ("4", "H4", said.format("已落实帮扶措施", "list holding lists or objects")),
    ]
    # the cell the reason names is the errors file's column and value (its column had been empty), masked
    assert [(r["column"], r["value"]) for r in read_csv(errors)] == [
        ("贷款用途", '["种植"]'), ("户主姓名", "{**********"), ("已落实帮扶措施", '[["a"]]')
    ]  # fmt: skip


def test_a_first_data_row_far_wider_than_the_header(engine_name: str, tmp_path: Path) -> None:
    """polars sizes its columns by the first row: one more than EXTRA_CELLS cells wider is read row by row
    (it was a traceback), refused with its line."""
    wide = ROW.format(n=1, wage=1000) + "," * (EXTRA_CELLS + 5) + "x"
    source = write_rows(tmp_path / "wide.csv", [HEADER, wide, ROW.format(n=2, wage=1000)])
    (code, _, err), out, errors = score(engine_name, source, tmp_path)
    assert code == 3, err
    assert refused(errors) == [("2", "H1", reason_text(f"{9 + EXTRA_CELLS + 5} cells but 9 headers", "en"))]
    assert scored_ids(out) == ["H2"]


def test_a_stray_quote_inside_a_cell_is_read_row_by_row(engine_name: str, tmp_path: Path) -> None:
    """A quote in the middle of a cell (5"3 for a size, 12"3 in a note) is text, as Excel and Python's csv
    read it; polars refused the file with a message quoting the cells."""
    rows = [
        HEADER,
        ROW.format(n=1, wage=1000),
        'H2,532328,脱贫户,5"3,1000,0,0,0,李某华"s note',
        ROW.format(n=3, wage=1),
    ]
    source = write_rows(tmp_path / "stray.csv", rows)
    (code, _, err), out, errors = score(engine_name, source, tmp_path)
    assert code == 3, err
    assert "李某华" not in err and "Traceback" not in err
    assert scored_ids(out) == ["H1", "H3"]
    assert [(r["line"], r["column"], r["value"]) for r in read_csv(errors)] == [("3", "家庭人口数", '5"3')]


@pytest.mark.parametrize("stray", [False, True], ids=["by-polars", "row-by-row"])
def test_rows_with_fewer_cells_than_the_header_are_counted_in_a_note(
    engine_name: str, stray: bool, tmp_path: Path
) -> None:
    """A CSV row cut short had its missing cells read as empty without a word (an export's is refused where
    that changes its household). It is still scored, or refused for a required value it lacks, and the run
    counts such rows in a note; a row whose last cells are written empty (``,,``) is whole, and a comma inside
    quotes is no cell of its own."""
    rows = [
        HEADER,
        ROW.format(n=1, wage=1000),
        "H2,532328,脱贫户,2,1000,0,0,0",  # the 备注 cell left out
        "H3,532328,脱贫户,2,1000,0,0,0,",  # written empty: whole
        "H4,532328,脱贫户,2,1000",  # cut before three required incomes: refused for them
        '"H5,x",532328,脱贫户,2,1000,0,0',  # short, whatever the comma in its quotes
        '"H7,y",532328,脱贫户,2,1000,0,0,0',  # the 备注 cell left out: its quoted comma is no cell
        '"H8,""z""",532328,脱贫户,2,1000,0,0,0,',  # whole: a quote doubled inside quotes
        'H6,532328,脱贫户,5"3,1000,0,0,0,x' if stray else ROW.format(n=6, wage=1),  # a stray quote: row by row
        ",,,",  # a blank row, skipped: no row cut short (it had been counted)
        "",
        ROW.format(n=9, wage=1000),
    ]
    source = write_rows(tmp_path / "short.csv", rows)
    (code, _, err), out, errors = score(engine_name, source, tmp_path)
    assert code == 3, err
    whole = ["H1", "H2", "H3", "H7,y", 'H8,"z"']
    assert scored_ids(out) == ([*whole, "H9"] if stray else [*whole, "H6", "H9"])
    assert sorted({r[1] for r in refused(errors)}) == (["H4", "H5,x", "H6"] if stray else ["H4", "H5,x"])
    assert "4 row(s) have fewer cells than the header" in err
    if engine_name == "batch":  # the library's Scorer.score of the path says so too
        from fanpin import Scorer

        notes = Scorer().score(source, as_of=AS_OF, region="532328", lang="en").notes
        assert any(n.startswith("4 row(s) have fewer cells than the header") for n in notes), notes


@pytest.mark.parametrize("first", ["户编号", "序号"])
def test_a_totals_row_and_a_forms_footer_are_refused_with_one_reason(
    engine_name: str, first: str, tmp_path: Path
) -> None:
    """A spreadsheet's last rows often sum its columns (合计 in its 户编号 or in a 序号 column before it) and
    say who filled the form in (填表人：张三, 审核人：李四, a date): each had one reason for each required cell it
    leaves empty, as if it were a household written badly, the name shown as its 户编号, and the footer counted
    as a line cut short. Each is refused with one reason saying what it is, nothing of it shown, by ``fanpin
    score`` and by the row reader; a household is still read whatever its 备注 says."""
    households = [ROW.format(n=1, wage=1000), ROW.format(n=2, wage=2000).replace("note", "合计")]
    if first == "序号":
        rows = ["序号," + HEADER, *(f"{n},{row}" for n, row in enumerate(households, 1)), "合 计：,,,,,3000,,,,"]
    else:
        rows = [HEADER, *households, "合计（2户）,,,,3000,,,,"]
    rows.append("填表人：张三,,审核人：李四,,填报日期：2025年7月1日")  # short: no cell after the date
    source = write_rows(tmp_path / "totals.csv", rows)
    (code, _, err), out, errors = score(engine_name, source, tmp_path)
    assert code == 3, err
    assert scored_ids(out) == ["H1", "H2"]
    totals_en = "this row is a totals row (合计), not a household: delete it"
    footer_en = (
        "this row is the form's footer (填表人, 审核人, a count such as 共6户, a date or a note), "
        "not a household: delete it"
    )
    assert refused(errors) == [("4", "", totals_en), ("5", "", footer_en)]
    assert "张三" not in errors.read_text(encoding="utf-8-sig") and "fewer cells" not in err
    zh = score_file(source, tmp_path / "zh.csv", tmp_path / "zh.errors.csv", "--engine", engine_name)
    assert zh.code == 3, zh.err
    reasons = [r["原因"] for r in read_csv(tmp_path / "zh.errors.csv", ids=False)]
    assert reasons == [
        "该行是合计行，不是一户：请删除该行",
        "该行是表格的落款或说明（填表人、审核人、共…户、日期等），不是一户：请删除该行",
    ]
    # The library's row reader (and fanpin explain, which reads with it) refuses them so too.
    from fanpin.io import RejectedRow, read_households
    from fanpin.model.columns import FOOTER_ROW, TOTALS_ROW

    read = [
        (r.line, r.household_id, r.reason)
        for r in read_households(source, region="532328")[1]
        if isinstance(r, RejectedRow)
    ]
    assert read == [(4, "", TOTALS_ROW), (5, "", FOOTER_ROW)]
    if engine_name == "batch":  # fanpin explain reads with the row reader, whatever the engine
        asked = run_cli("explain", source, "--household", "合计", *SCORE_ARGS, "--lang", "en")
        assert asked.code == 3 and asked.out.strip() == f"household 合计 was rejected at line 4: {totals_en}", asked
        missing = run_cli("explain", source, "--household", "H9", *SCORE_ARGS, "--lang", "en")
        assert missing.code == 2 and "no 户编号 that can be read" not in missing.err, missing.err  # no lost 户编号


#: A household table's row of column numbers: one column left unnumbered; the first four of nine columns only
#: (the rest left blank, as merged cells leave them); the first, third and fifth only.
TABLE_NUMBERS = {
    "a blank cell": lambda n: n if n != 4 else None,
    "the first four": lambda n: n if n <= 4 else None,
    "some": lambda n: n if n in (1, 3, 5) else None,
}


@pytest.mark.parametrize("written", list(TABLE_NUMBERS))
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_row_of_column_numbers_under_a_tables_header_is_refused_with_one_reason(
    engine_name: str, suffix: str, written: str, tmp_path: Path
) -> None:
    """A household table's row of column numbers (栏次: 1, 2, 3, … under the header, one column left unnumbered)
    was read as household 1, with a reason for each of its numbers that is no value of its column (行政区划代码
    of 1 digit, 户类型 3 …); one numbering fewer than half of the columns was so read until it was told by its
    numbers standing each at most at its place. It is one refusal saying what it is, as under an export, by
    ``fanpin score`` and the row reader; the households are scored."""
    width = len(HEADER.split(","))
    numbers: list[object] = [TABLE_NUMBERS[written](n) for n in range(1, width + 1)]
    households = [ROW.format(n=1, wage=1000), ROW.format(n=2, wage=2000)]
    if suffix == ".csv":
        source = write_rows(tmp_path / "t.csv", [HEADER, ",".join(str(n or "") for n in numbers), *households])
    else:
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        table: list[Sequence[object]] = [HEADER.split(","), numbers, *(r.split(",") for r in households)]
        for row in table:
            sheet.append(list(row))
        book.save(source := tmp_path / "t.xlsx")
    (code, _, err), out, errors = score(engine_name, source, tmp_path)
    assert code == 3, err
    assert scored_ids(out) == ["H1", "H2"]
    said = (
        "this row is the form's column numbers (栏次: 1, 2, 3, … under the header), not a household: delete the row "
        "of column numbers under the header"
    )
    assert refused(errors) == [("2", "", said)]
    from fanpin.io import RejectedRow, read_households

    read = [(r.line, r.reason) for r in read_households(source, region="532328")[1] if isinstance(r, RejectedRow)]
    assert read == [(2, said)]
    if (
        engine_name == "batch"
    ):  # fanpin explain reads with the row reader: the row is no household whose 户编号 was lost
        asked = run_cli("explain", source, "--household", "1", *SCORE_ARGS, "--lang", "en")
        assert asked.code == 2 and "no 户编号 that can be read" not in asked.err, asked.err


def test_a_count_footer_starting_with_gong_is_a_footer_and_a_county_named_gong_is_read(
    engine_name: str, tmp_path: Path
) -> None:
    """A footer counting the table's households and people (共2户4人, 共 2 户 in full-width digits) had one reason
    for each required cell it leaves empty; it is refused as a footer, one reason, by ``fanpin score`` and the
    row reader, as under an export. A household whose first cell names a county starting with 共 (共和县) is read."""
    households = [f"共和县,{ROW.format(n=1, wage=1000)}", f"共和县,{ROW.format(n=2, wage=2000)}"]
    rows = ["县," + HEADER, *households, "共2户4人,,,,,,,,,", "共 \uff12 户,,,,,,,,,"]
    source = write_rows(tmp_path / "gong.csv", rows)
    (code, _, err), out, errors = score(engine_name, source, tmp_path)
    assert code == 3, err
    assert scored_ids(out) == ["H1", "H2"]
    footer_en = (
        "this row is the form's footer (填表人, 审核人, a count such as 共6户, a date or a note), "
        "not a household: delete it"
    )
    assert refused(errors) == [("4", "", footer_en), ("5", "", footer_en)]
    from fanpin.io import RejectedRow, read_households

    read = [(r.line, r.reason) for r in read_households(source, region="532328")[1] if isinstance(r, RejectedRow)]
    assert read == [(4, footer_en), (5, footer_en)]


def test_a_quote_never_closed_is_a_clean_error_when_read_row_by_row(engine_name: str, tmp_path: Path) -> None:
    """Python's csv module reads the rest of the file into a quote that is never closed, without a word:
    on the row-by-row path (here forced by a row far wider than the header) and in ``fanpin explain``,
    it is the same clean error as on polars' path."""
    wide = ROW.format(n=1, wage=1000) + "," * (EXTRA_CELLS + 5) + "x"
    rows = [HEADER, wide, ROW.format(n=2, wage=1000), '"H3,532328,脱贫户,2,1000,0,0,0,李某华', ROW.format(n=4, wage=1)]
    source = write_rows(tmp_path / "open.csv", rows)
    run, out, errors = score(engine_name, source, tmp_path)
    clean_error(run, "open.csv:4:", 'a quote (") is opened and never closed')
    assert "李某华" not in run.err and not out.exists() and not errors.exists()
    explained = run_cli("explain", source, "--household", "H4", *SCORE_ARGS)
    clean_error(explained, "open.csv:4:", "never closed")


# ---- encodings --------------------------------------------------------------------------------


def _big_file(path: Path, bad: bytes, encoding: str, head: int) -> Path:
    """A CSV longer than the ``head`` its encoding is judged on, ``bad`` on line 102."""
    lines = [HEADER, *(ROW.format(n=n, wage=1000) for n in range(1, 101))]
    data = ("\n".join(lines) + "\n").encode(encoding)
    assert len(data) > head
    data += ROW.format(n=101, wage=1000).encode(encoding).replace(b"note", b"note" + bad) + b"\n"
    data += ROW.format(n=102, wage=1000).encode(encoding) + b"\n"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("encoding", "bad"), [("utf-8", b"\xff\xfe"), ("utf-8", "备注".encode("gbk")), ("gbk", b"\x81\x20\xff")]
)
def test_bytes_that_are_not_text_after_the_first_megabyte_refuse_their_line(
    engine_name: str, encoding: str, bad: bytes, small_blocks: int, tmp_path: Path
) -> None:
    """A line in another encoding far down a file (a row pasted from another export) is refused with
    its line; every other row is scored (it was a traceback on polars' path, and a message ten lines
    off on the csv module's)."""
    source = _big_file(tmp_path / "mixed.csv", bad, encoding, small_blocks)
    (code, _, err), out, errors = score(engine_name, source, tmp_path)
    assert code == 3, err
    name = "UTF-8" if encoding == "utf-8" else "GBK"
    assert refused(errors) == [
        ("102", "H101", f"this line is not {name} text (the file mixes encodings); save the whole file "
         "again as CSV UTF-8 from Excel")
    ]  # fmt: skip
    assert len(read_csv(out)) == 101


def test_a_utf8_file_with_a_few_lines_in_gbk_is_read_as_utf8(engine_name: str, tmp_path: Path) -> None:
    """Within the first megabyte too: most lines are UTF-8, so the file is UTF-8 and the GBK lines are
    refused (reading it all as GB18030 would garble every Chinese cell of the UTF-8 rows)."""
    rows = [
        (HEADER + "\n").encode(),
        *(ROW.format(n=n, wage=1000).encode() + "，正常".encode() + b"\n" for n in (1, 2)),
    ]
    rows.append(ROW.format(n=3, wage=1000).encode("gbk") + "，正常".encode("gbk") + b"\n")
    source = tmp_path / "mixed.csv"
    source.write_bytes(b"".join(rows))
    (code, _, err), out, errors = score(engine_name, source, tmp_path)
    assert code == 3, err
    assert [r["备注"] for r in read_csv(out)] == ["note 1，正常", "note 2，正常"]
    assert [r[:2] for r in refused(errors)] == [("4", "H3")]


@pytest.mark.parametrize("other", ["cp1252", "gbk"])
def test_a_utf8_header_and_one_row_in_another_encoding_refuses_that_row(
    engine_name: str, other: str, tmp_path: Path
) -> None:
    """A UTF-8 header and one data row in another encoding (Windows-1252's é, a GBK note) had been refused
    as a whole, "neither UTF-8 nor GBK", its row not named: the header decides between as many UTF-8 lines
    as others, and the row is refused with its line, the file read as UTF-8."""
    note = ("Café" if other == "cp1252" else "，正常").encode(other)  # the rest of the row is UTF-8 as well
    source = tmp_path / "one.csv"
    source.write_bytes((HEADER + "\n" + ROW.format(n=1, wage=1000)).encode() + note + b"\n")
    (code, _, err), out, errors = score(engine_name, source, tmp_path)
    assert code == 3 and "(utf-8)" in err, err
    assert read_csv(out) == [] and [r[:2] for r in refused(errors)] == [("2", "H1")]


def test_a_gbk_file_with_a_line_that_is_not_text_refuses_that_line(engine_name: str, tmp_path: Path) -> None:
    """Within the first megabyte: the whole file was refused ("neither UTF-8 nor GBK"), where the same
    line further down, or in a UTF-8 file, is refused alone. Most lines are GBK: the file is GBK."""
    rows = [
        (HEADER + "\n").encode("gbk"),
        *(ROW.format(n=n, wage=1000).encode("gbk") + "，正常".encode("gbk") + b"\n" for n in (1, 2, 3)),
        ROW.format(n=4, wage=1000).encode("gbk") + b"\x80\xff\x81\n",
        ROW.format(n=5, wage=1000).encode("gbk") + "，正常".encode("gbk") + b"\n",
    ]
    source = tmp_path / "damaged.csv"
    source.write_bytes(b"".join(rows))
    (code, _, err), out, errors = score(engine_name, source, tmp_path)
    assert code == 3, err
    assert [r["备注"] for r in read_csv(out)] == [f"note {n}，正常" for n in (1, 2, 3, 5)]
    assert [r[:2] for r in refused(errors)] == [("5", "H4")]


def test_a_header_row_that_is_not_text_is_a_clean_error(engine_name: str, small_blocks: int, tmp_path: Path) -> None:
    source = tmp_path / "header.csv"
    padding = ("标题" * small_blocks + "\n").encode()  # the head the encoding is judged on is a title row
    source.write_bytes(padding + HEADER.encode().replace("备注".encode(), b"\xff\xfe") + b"\n" + b"H1,1\n")
    run, _, _ = score(engine_name, source, tmp_path)
    clean_error(run, "header.csv:2:", "the header row this line is not UTF-8 text")


# ---- long cells --------------------------------------------------------------------------------


def test_cells_longer_than_the_csv_module_reads_are_read(engine_name: str, tmp_path: Path) -> None:
    """A note of 200 000 characters (Python's csv module stops at 131 072) is read and passed through,
    on polars' path, on the row-by-row path (a row far wider than the header forces it) and in
    ``fanpin explain``."""
    note = "很长的备注" * 40_000
    wide = ROW.format(n=9, wage=1000) + "," * (EXTRA_CELLS + 5) + "x"
    for forced in (False, True):
        rows = [HEADER, ROW.format(n=1, wage=1000).replace("note 1", note), *([wide] if forced else [])]
        source = write_rows(tmp_path / f"long{forced}.csv", rows)
        (code, _, err), out, _ = score(engine_name, source, tmp_path)
        assert code == (3 if forced else 0), err
        assert read_csv(out)[0]["备注"] == note
        assert ("read row by row" in err) == forced
    explained = run_cli("explain", tmp_path / "longTrue.csv", "--household", "H1", *SCORE_ARGS)
    assert explained.code == 0, explained.err
    assert explained.out.startswith("户编号 H1 · 行政区划代码 532328")


# ---- spreadsheets and Parquet ------------------------------------------------------------------


def _workbook(path: Path, *rows: list[object]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER.split(","))
    for row in rows:
        sheet.append(row)
    book.save(path)  # openpyxl does not calculate: a formula is saved without its value
    return path


def _household(n: int, wage: object = 1000) -> list[object]:
    return [f"H{n}", "532328", "脱贫户", 2, wage, 0, 0, 0, f"note {n}"]


def test_a_phone_or_id_number_where_a_count_belongs_is_refused_as_such(engine_name: str, tmp_path: Path) -> None:
    """A mobile number pasted into 家庭人口数 was scored as a household of 13 812 345 678 people (its cell masked as
    a phone number where the column was passed through). A count written as a person's number (a mobile or
    landline number, a first-generation ID number) is refused, saying so; a count of nine digits is a count."""
    from fanpin.model.values import PERSONAL_NUMBER_COUNT

    cells = ["13812345678", "08711234567", "532328900101123", "123456789", "3"]
    rows = [HEADER, *(",".join(map(str, [*_household(n)[:3], size, *_household(n)[4:]])) for n, size in
                      enumerate(cells, 1))]  # fmt: skip
    source = write_rows(tmp_path / "sizes.csv", rows)
    (code, _, err), out, errors = score(engine_name, source, tmp_path)
    assert code == 3, err
    assert scored_ids(out) == ["H4", "H5"]
    refused = [(r["household_id"], r["column"], r["value"], r["reason"]) for r in read_csv(errors)]
    assert refused == [
        ("H1", "家庭人口数", "1381***5678", PERSONAL_NUMBER_COUNT),
        ("H2", "家庭人口数", "0871***4567", PERSONAL_NUMBER_COUNT),
        ("H3", "家庭人口数", "5323*******1123", PERSONAL_NUMBER_COUNT),
    ]


def test_a_phone_number_where_an_amount_belongs_is_refused_as_such(engine_name: str, tmp_path: Path) -> None:
    """A mobile number pasted into 工资性收入 was read as 13 812 345 678 元 and written in clear in the scored
    table's sentences and JSON Lines values. An amount written as a person's number is refused, saying so,
    with its cell masked; an amount of ten or eleven digits that is no such number is an amount."""
    from fanpin.model.values import PERSONAL_NUMBER_MONEY

    cells = ["13812345678", "13812345678.00", "1,381,234,567.5", "12345678901", "999999999.99", "13812345678.5"]
    rows = [HEADER, *(",".join(map(str, [*_household(n)[:4], f'"{wage}"', *_household(n)[5:]])) for n, wage in
                      enumerate(cells, 1))]  # fmt: skip
    source = write_rows(tmp_path / "wages.csv", rows)
    out, errors = tmp_path / "out.jsonl", tmp_path / "errors.csv"
    code, _, err = score_file(source, out, errors, "--engine", engine_name, "--lang", "en")
    assert code == 3, err
    assert [json.loads(line)["household_id"] for line in out.read_text(encoding="utf-8").splitlines()] == [
        "H3", "H4", "H5"
    ]  # fmt: skip
    refused = [(r["household_id"], r["column"], r["value"], r["reason"]) for r in read_csv(errors)]
    assert refused == [
        ("H1", "工资性收入", "1381***5678", PERSONAL_NUMBER_MONEY),
        ("H2", "工资性收入", "1381***5678.00", PERSONAL_NUMBER_MONEY),
        ("H6", "工资性收入", "1381***5678.5", PERSONAL_NUMBER_MONEY),
    ]
    assert "13812345678" not in out.read_text(encoding="utf-8")


def test_a_yes_no_cell_is_quoted_as_its_file_writes_it(engine_name: str, tmp_path: Path) -> None:
    """A JSON ``true`` and an .xlsx TRUE cell were quoted as Python writes them (``True``) in the errors file
    and passed through so: JSON's own word, and Excel's, now."""
    lines = [
        json.dumps(
            {**dict(zip(HEADER.split(","), _household(1), strict=True)), "家庭人口数": True}, ensure_ascii=False
        ),
        json.dumps({**dict(zip(HEADER.split(","), _household(2), strict=True)), "备注": False}, ensure_ascii=False),
    ]
    source = write_rows(tmp_path / "in.jsonl", lines)
    (code, _, err), out, errors = score(engine_name, source, tmp_path, "--keep-columns", "备注")
    assert code == 3, err
    assert [(r["column"], r["value"]) for r in read_csv(errors)] == [("家庭人口数", "true")]
    assert [r["备注"] for r in read_csv(out)] == ["false"]
    book = _workbook(tmp_path / "in.xlsx", _household(1), [*_household(2)[:-1], True])
    (code, _, err), out, _ = score(engine_name, book, tmp_path, "--keep-columns", "备注")
    assert code == 0, err
    assert [r["备注"] for r in read_csv(out)] == ["note 1", "TRUE"]


def test_a_formula_saved_without_its_value_is_refused_naming_its_cell(engine_name: str, tmp_path: Path) -> None:
    """A formula whose value was never calculated reads as empty: its row is refused, naming the cell,
    rather than scored with an empty income."""
    source = _workbook(tmp_path / "formulas.xlsx", _household(1), _household(2, "=E2*2"), _household(3))
    (code, _, err), out, errors = score(engine_name, source, tmp_path)
    assert code == 3, err
    assert scored_ids(out) == ["H1", "H3"]
    [(line, household_id, reason)] = refused(errors)
    assert (line, household_id) == ("3", "H2")
    assert reason.startswith("cell E3 holds a formula saved without its calculated value")
    assert [(r["column"], r["value"]) for r in read_csv(errors)] == [("工资性收入", "")]  # the cell has no value


@pytest.mark.parametrize("written", ["every cell", "some cells"])
def test_an_export_row_whose_only_cells_are_formulas_without_values_is_refused_with_its_household(
    engine_name: str, tmp_path: Path, written: str
) -> None:
    """A member row pulled into an export by formulas (``='补录'!A2``) and saved by a program that does not
    calculate reads as empty: it had been skipped as a blank row, not scored nor in the errors file, and its
    household scored a member short (exit 0; an export made of such rows "scored 0 households, rejected 0").
    It is refused naming its cells, as a household table's row is, and the households beside it with it (its
    户编号 cannot be read: it may be a member of either)."""
    from openpyxl.utils import get_column_letter

    from tests.io.test_export import household

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "导出"
    added = book.create_sheet("补录")
    rows = [[row.get(h, "") for h in EXPORT_HEADER] for row in household("A", 2)]
    added.append(EXPORT_HEADER)
    added.append(rows[1])
    sheet.append(EXPORT_HEADER)
    sheet.append(rows[0])  # A's head, line 2; its second member on line 3, by formulas
    at = [EXPORT_HEADER.index(h) + 1 for h in ("乡", "户编号", "姓名")]  # "some cells": the others left empty
    columns = range(1, len(EXPORT_HEADER) + 1) if written == "every cell" else at
    sheet.append({column: f"='补录'!{get_column_letter(column)}2" for column in columns})
    for row in [*household("B", 2), *household("C", 1)]:  # B on lines 4 and 5, C on line 6
        sheet.append([row.get(h, "") for h in EXPORT_HEADER])
    book.save(tmp_path / "export.xlsx")
    (code, _, err), out, errors = score(engine_name, tmp_path / "export.xlsx", tmp_path)
    assert code == 3, err
    assert scored_ids(out) == ["C"]
    by_line = {line: (household_id, reason) for line, household_id, reason in refused(errors)}
    assert set(by_line) == {"2", "3", "4", "5"}
    named = ", ".join(f"{get_column_letter(column)}3" for column in columns)
    assert by_line["3"] == ("", f"cell {named} holds a formula saved without its calculated value (it would read as "
                            "empty); open the file in Excel or WPS, let it calculate, and save it again")  # fmt: skip
    assert all("stands beside this household's rows (line 3)" in by_line[line][1] for line in ("2", "4"))
    # an export of such rows only: each refused, none lost
    sheet.delete_rows(4, 3)
    sheet.delete_rows(2)
    sheet.append({column: f"='补录'!{get_column_letter(column)}2" for column in columns})
    book.save(tmp_path / "formulas.xlsx")
    (code, _, err), out, errors = score(engine_name, tmp_path / "formulas.xlsx", tmp_path)
    assert code == 3, err
    assert (scored_ids(out), [line for line, _, _ in refused(errors)]) == ([], ["2", "3"])


def test_an_amount_merged_over_two_households_is_refused(engine_name: str, tmp_path: Path) -> None:
    """A table's 工资性收入 merged over two rows gives two households one amount: both rows are refused, naming
    the range; 行政区划代码 merged over every row is read on each. So for an export's households whose rows
    one amount spans, every row of them (a household's own rows, and 村 over all, are read as shown)."""
    source = _workbook(tmp_path / "table.xlsx", *(_household(n) for n in range(1, 5)))
    book = load_workbook(source)
    sheet = book.active
    assert sheet is not None
    for cell in ("B3", "B4", "B5", "E4"):
        sheet[cell].value = None
    sheet.merge_cells("B2:B5")
    sheet.merge_cells("E3:E4")
    book.save(source)
    (code, _, err), out, errors = score(engine_name, source, tmp_path)
    assert code == 3, err
    assert scored_ids(out) == ["H1", "H4"]
    reason = (
        "工资性收入 is merged over the rows of several households (cells E3:E4): Excel shows its one value on each of "
        "their rows, and each household would be scored with it as its own; unmerge it and give each household its "
        "own value"
    )
    assert refused(errors) == [("3", "H2", reason), ("4", "H3", reason)]
    assert [(r["column"], r["value"]) for r in read_csv(errors)] == [("工资性收入", "1000")] * 2  # as Excel shows it

    export = merged_export(tmp_path / "export.xlsx", MERGED_ROWS, MERGED, [*EXPORT_HEADER, "理赔收入"])
    (code, _, err), out, errors = score(engine_name, export, tmp_path / "export")
    assert code == 3, err
    assert scored_ids(out) == ["C", "D"]
    lines = [(line, household_id) for line, household_id, _ in refused(errors)]
    assert lines == [(str(n), "A") for n in (4, 4, 5, 5)] + [(str(n), "B") for n in (6, 6, 7, 7, 8, 8)]
    payout = reason.replace("工资性收入", "财产性收入").replace("E3:E4", "U5:U6")
    assert {said for *_, said in refused(errors)} == {reason.replace("E3:E4", "S4:S8"), payout}


def _rewritten(source: Path, target: Path, member: str, cut: bool) -> Path:
    """``source`` with its ``member`` cut in half, or left out."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == member:
                if not cut:
                    continue
                data = data[: len(data) // 2]
            zout.writestr(item, data)
    return target


@pytest.mark.parametrize("damage", ["missing", "cut"])
def test_a_missing_or_cut_off_sheet_is_a_clean_error(engine_name: str, damage: str, tmp_path: Path) -> None:
    whole = _workbook(tmp_path / "whole.xlsx", *(_household(n) for n in range(1, 300)))
    source = _rewritten(whole, tmp_path / f"{damage}.xlsx", "xl/worksheets/sheet1.xml", cut=damage == "cut")
    run, out, errors = score(engine_name, source, tmp_path)
    words = "its first sheet is missing or damaged" if damage == "missing" else "the first sheet is cut off"
    clean_error(run, f"{damage}.xlsx", words, "re-save it from Excel as .xlsx")
    assert not out.exists() and not errors.exists()


def test_a_parquet_column_of_lists_is_refused_naming_it(engine_name: str, tmp_path: Path) -> None:
    table = {h: ["H1" if h == "户编号" else "532328" if h == "行政区划代码" else "脱贫户" if h == "户类型" else "2"]
             for h in HEADER.split(",")}  # fmt: skip
    source = tmp_path / "lists.parquet"
    pl.DataFrame(table).with_columns(pl.Series("成员证件号", [["x", "y"]])).write_parquet(source)
    run, out, _ = score(engine_name, source, tmp_path)
    clean_error(run, "lists.parquet", "column 10 (成员证件号) holds List(String) values", "one value per cell")
    assert not out.exists()
    damaged = tmp_path / "damaged.parquet"
    pl.DataFrame(table).write_parquet(damaged)
    damaged.write_bytes(damaged.read_bytes()[:200])
    # said as what it is (polars' words had named its error's class only: ComputeError)
    clean_error(
        score(engine_name, damaged, tmp_path)[0],
        "damaged.parquet",
        "not a whole Parquet file: it does not end as a Parquet file does (PAR1)",
        "a copy that stopped before its end is cut short",
    )
    renamed = tmp_path / "renamed.parquet"
    renamed.write_text(HEADER + "\n", encoding="utf-8")  # a CSV renamed
    clean_error(score(engine_name, renamed, tmp_path)[0], "renamed.parquet", "not a Parquet file: it does not start")


def test_a_parquet_datetime_column_is_read_as_its_dates(engine_name: str, tmp_path: Path) -> None:
    """pandas writes a date column as timestamps: each row was refused (``2026-01-15 00:00:00.000000`` is
    not a date) where the same cell of an .xlsx is read as 2026-01-15. A datetime is read as its date, in
    its own time zone (a Shanghai midnight is that day, not the day before in UTC)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    table = {h: ["H1" if h == "户编号" else "532328" if h == "行政区划代码" else "脱贫户" if h == "户类型" else "2"]
             for h in HEADER.split(",")}  # fmt: skip
    paths = {}
    for zone in (None, ZoneInfo("Asia/Shanghai")):
        due = datetime(2026, 1, 15, tzinfo=zone)
        source = paths[zone] = tmp_path / f"{zone or 'naive'}.parquet".replace("/", "-")
        pl.DataFrame(table).with_columns(pl.Series("贷款到期日", [due])).write_parquet(source)
        run, out, errors = score(engine_name, source, tmp_path, "--keep-columns", "贷款到期日")
        assert run.code == 0, run.err
        assert "2026-01-15" in out.read_text(encoding="utf-8") and errors.read_text(encoding="utf-8").count("\n") == 1


def test_an_empty_required_cell_is_told_to_write_0_only_for_money(engine_name: str, tmp_path: Path) -> None:
    """An empty 户类型 or 家庭人口数 was told "write 0 if the household had none", which only an income
    can be (a household of 0 people is refused in its turn). Each is told what to write instead: an empty
    户编号, 户类型 or 家庭人口数 had been told "required value is empty" alone, no fix, in either language."""
    rows = [
        HEADER,
        "H1,532328,,2,1000,0,0,0,",
        "H2,532328,脱贫户,,1000,0,0,0,",
        "H3,532328,脱贫户,2,,0,0,0,",
        ",532328,脱贫户,2,1000,0,0,0,",
    ]
    source = tmp_path / "empty.csv"
    source.write_text("\n".join(rows) + "\n", encoding="utf-8")
    run, _, errors = score(engine_name, source, tmp_path)
    assert run.code == 3, run.err
    assert [(r["line"], r["column"], r["reason"]) for r in read_csv(errors)] == [
        ("2", "户类型", "required value is empty; write one of 脱贫户, 一般农户"),
        ("3", "家庭人口数", "required value is empty; write how many people the household has, such as 4"),
        ("4", "工资性收入", "required value is empty; write 0 if the household had none"),
        ("5", "户编号", "required value is empty: each household needs its household_id (户编号); fill it in"),
    ]
    zh = score_file(source, tmp_path / "zh.csv", tmp_path / "zh.errors.csv", "--engine", engine_name, "--lang", "zh")
    assert zh.code == 3, zh.err
    assert [r["reason"] for r in read_csv(tmp_path / "zh.errors.csv")] == [
        "必填项为空；请填写以下之一：脱贫户、一般农户",
        "必填项为空；请填写该户人口数，例如 4",
        "必填项为空；该项没有收入请填 0",
        "必填项为空：每户都要有户编号；请填写",
    ]


def test_a_utf16_json_lines_file_and_a_workbook_whose_first_sheet_is_empty_say_so(
    engine_name: str, tmp_path: Path
) -> None:
    """Both said only "no header row naming 户编号": the file's encoding, and that only the first sheet is
    read (and which sheet the table is on), were left for the user to guess."""
    import openpyxl

    utf16 = tmp_path / "u16.jsonl"
    utf16.write_bytes(json.dumps({"户编号": "H1"}, ensure_ascii=False).encode("utf-16"))
    clean_error(score(engine_name, utf16, tmp_path)[0], "u16.jsonl", "UTF-16 text", "save it as UTF-8")
    utf32 = tmp_path / "u32.csv"  # its little-endian mark begins as UTF-16's: it had been called UTF-16
    utf32.write_bytes("户编号,行政区划代码\nH1,532328\n".encode("utf-32"))
    clean_error(score(engine_name, utf32, tmp_path)[0], "u32.csv", "UTF-32 text", "save it as UTF-8")
    book = openpyxl.Workbook()
    book.create_sheet("封面", 0)  # an empty first sheet, the table on a later one
    book.create_sheet("数据").append(HEADER.split(","))
    book.save(tmp_path / "second.xlsx")
    # The sheet the table is on is named, with how to make it the one read.
    told = "first sheet not hidden, '封面', and the table is on sheet '数据': drag that sheet's tab"
    clean_error(score(engine_name, tmp_path / "second.xlsx", tmp_path)[0], told)
    book.remove(book["数据"])
    book.create_sheet("说明").append(["本表由村两委填写"])
    book.save(tmp_path / "none.xlsx")
    clean_error(score(engine_name, tmp_path / "none.xlsx", tmp_path)[0], "first sheet not hidden: put the table there")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_workbook_whose_table_is_on_a_hidden_sheet_says_to_unhide_it(
    engine_name: str, tmp_path: Path, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The table on a hidden first sheet, an empty sheet shown after it: the fix said to drag the table's tab to
    the first place or delete the sheets before it, where it was first already, and hidden (a hidden sheet's tab
    is not shown, so there was nothing to drag). It now says the sheet is hidden and to unhide it."""
    import openpyxl

    monkeypatch.setenv("FANPIN_MESSAGES", lang)
    book = openpyxl.Workbook()
    table = book.create_sheet("数据", 0)
    book.remove(book["Sheet"])
    table.append(HEADER.split(","))
    table.append(ROW.format(n=1, wage=1000).split(","))
    table.sheet_state = "hidden"
    book.create_sheet("封面")
    book.save(tmp_path / "hidden.xlsx")
    run = score(engine_name, tmp_path / "hidden.xlsx", tmp_path)[0]
    told = {
        "en": "the table is on sheet '数据', which is hidden: unhide it (right-click a sheet's tab, Unhide)",
        "zh": "而表格在工作表 '数据' 上，该工作表是隐藏的：请取消隐藏（右键单击工作表标签，选“取消隐藏”）",
    }[lang]
    assert run.code == 2 and told in run.err, run.err
    assert "delete the sheets before it" not in run.err and "删除它前面的工作表" not in run.err
    assert "Traceback" not in run.err and not (tmp_path / f"{engine_name}.csv").exists()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_workbook_of_empty_sheets_is_told_as_empty(
    engine_name: str, tmp_path: Path, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A workbook with nothing in any sheet (a new one saved before the table was pasted, an export that wrote
    nothing) was told it had no header row naming 户编号 and to put the table on its first sheet, as if it were
    elsewhere; a CSV of 0 bytes is told as empty. The workbook is now too, and for ``explain`` as for ``score``."""
    import openpyxl

    monkeypatch.setenv("FANPIN_MESSAGES", lang)
    book = openpyxl.Workbook()
    book.create_sheet("Sheet2")
    book.save(tmp_path / "empty.xlsx")
    told = {
        "en": "the workbook is empty: none of its sheets holds a cell with text",
        "zh": "工作簿是空的：所有工作表中都没有写有内容的单元格",
    }[lang]
    run = score(engine_name, tmp_path / "empty.xlsx", tmp_path)[0]
    assert run.code == 2 and told in run.err and "Traceback" not in run.err, run.err
    assert not (tmp_path / f"{engine_name}.csv").exists()
    run = run_cli("explain", tmp_path / "empty.xlsx", "--household", "H1", *SCORE_ARGS)
    assert run.code == 2 and told in run.err, run.err


def test_rows_hidden_in_the_sheet_are_scored_and_counted_in_a_note(engine_name: str, tmp_path: Path) -> None:
    """A clerk who filters a sheet to one village and saves it may expect only the rows shown to be scored: every
    row is read and scored (nothing is lost), and the run says how many were hidden; a hidden title row above
    the header is not counted."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.create_sheet("监测户", 0)
    book.remove(book["Sheet"])
    sheet.append(["某县监测户信息表"])
    sheet.append(HEADER.split(","))
    for n in range(1, 6):
        sheet.append(ROW.format(n=n, wage=1000 * n).split(","))
    for row in (1, 4, 5):  # the title, H2 and H3
        sheet.row_dimensions[row].hidden = True
    book.save(tmp_path / "filtered.xlsx")
    (code, _, err), out, _ = score(engine_name, tmp_path / "filtered.xlsx", tmp_path)
    assert code == 0, err
    assert scored_ids(out) == ["H1", "H2", "H3", "H4", "H5"]
    assert "2 row(s) of the sheet are hidden in Excel or WPS" in err
    from fanpin import Scorer

    notes = Scorer().score(tmp_path / "filtered.xlsx", as_of=AS_OF, region="532328", lang="en").notes
    assert any(n.startswith("2 row(s) of the sheet are hidden") for n in notes), notes


def test_rows_hidden_in_an_export_are_scored_and_counted_in_a_note(engine_name: str, tmp_path: Path) -> None:
    """The README's promise holds for a person-level export as for a household table: a clerk who filtered the
    export to one village had the whole county scored without a word. Every row is read and scored, and the
    run counts the hidden rows below the header (a hidden title row above it is not counted)."""
    from fanpin import Scorer
    from tests.io.test_export import household

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["全国防返贫监测信息系统 家庭成员信息表"])
    sheet.append(EXPORT_HEADER)
    for member in [*household("A", 2), *household("B", 2), *household("C", 1)]:  # lines 3-4, 5-6, 7
        sheet.append([member.get(h, "") for h in EXPORT_HEADER])
    for row in (1, 5, 6):  # the title, and B's rows
        sheet.row_dimensions[row].hidden = True
    book.save(tmp_path / "filtered.xlsx")
    (code, _, err), out, _ = score(engine_name, tmp_path / "filtered.xlsx", tmp_path)
    assert code == 0, err
    assert scored_ids(out) == ["A", "B", "C"]
    assert "2 row(s) of the sheet are hidden in Excel or WPS" in err
    notes = Scorer().score(tmp_path / "filtered.xlsx", as_of=AS_OF, region="532328", lang="en").notes
    assert any(n.startswith("2 row(s) of the sheet are hidden") for n in notes), notes


@pytest.mark.parametrize(
    "xml",
    [b'<row r="7" hidden="1">', b'<row r="7" spans="1:9" hidden="1" x14ac:dyDescent="0.25">',
     b'<x:row hidden="true" r="7">', b'<row hidden="1" customHeight="1" r="7" ht="0">'],
)  # fmt: skip
def test_a_hidden_row_is_found_whatever_its_attributes_order(xml: bytes) -> None:
    from fanpin.io.readers import _HIDDEN_ROW

    assert _HIDDEN_ROW.findall(xml + b'<c r="A7"/></row><row r="8" spans="1:9"><c r="A8"/></row>') == [b"7"]


def test_a_json_lines_file_of_no_readable_line_says_why(engine_name: str, tmp_path: Path) -> None:
    """A JSON Lines file saved as GBK (or of no JSON object at all) was refused with "no header row naming
    户编号", which a JSON Lines file has none of: the refusal now says what its first line is."""
    gbk = tmp_path / "gbk.jsonl"
    gbk.write_bytes(json.dumps({"户编号": "H1", "户类型": "脱贫户"}, ensure_ascii=False).encode("gbk"))
    clean_error(score(engine_name, gbk, tmp_path)[0], "gbk.jsonl:1", "no line could be read as a JSON object", "UTF-8")
    words = tmp_path / "words.jsonl"
    words.write_text("户编号 H1\n", encoding="utf-8")
    clean_error(score(engine_name, words, tmp_path)[0], "words.jsonl:1", "not JSON")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_json_lines_line_not_utf8_is_not_told_to_save_a_csv_from_excel(
    engine_name: str, tmp_path: Path, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A JSON Lines file written as GBK (as a script on Chinese Windows writes it, unless told UTF-8), in whole or
    in part, was told "the file mixes encodings; save the whole file again as CSV UTF-8 from Excel": a CSV's fix,
    for a file that Excel does not write and that mixes nothing when every line is GBK. It is told that JSON Lines
    are UTF-8 text, in the errors file and in the refusal, in both languages."""
    good = {"户编号": "H1", "户类型": "脱贫户", "家庭人口数": 2, "工资性收入": 1000, "生产经营性收入": 0,
            "财产性收入": 0, "转移性收入": 0}  # fmt: skip
    monkeypatch.setenv("FANPIN_MESSAGES", lang)
    source = tmp_path / "part.jsonl"
    source.write_bytes(
        json.dumps(good, ensure_ascii=False).encode() + b"\n"
        + json.dumps(good | {"户编号": "H2", "备注": "无"}, ensure_ascii=False).encode("gbk") + b"\n"
    )  # fmt: skip
    run = score_file(source, tmp_path / "o.csv", tmp_path / "e.csv", "--engine", engine_name, "--lang", lang)
    assert run.code == 3, run.err
    reason = {
        "en": "this line is not UTF-8 text: a JSON Lines file is UTF-8; write the file again as UTF-8 text",
        "zh": "该行不是 UTF-8 文本：JSON Lines 文件应为 UTF-8 编码；请把文件重新写为 UTF-8 文本",
    }[lang]
    assert [r[-1] for r in csv.reader(io.StringIO((tmp_path / "e.csv").read_text("utf-8-sig")))][1:] == [reason]
    whole = tmp_path / "gbk.jsonl"
    whole.write_bytes(json.dumps(good, ensure_ascii=False).encode("gbk") + b"\n")
    run = score_file(whole, tmp_path / "o.csv", tmp_path / "e.csv", "--engine", engine_name, "--lang", lang)
    assert run.code == 2 and reason in run.err, run.err
    assert "CSV" not in run.err and "Excel" not in run.err and "Traceback" not in run.err


# ---- values ------------------------------------------------------------------------------------


def test_impossible_dates_are_refused_the_same_way_on_both_engines(tmp_path: Path) -> None:
    """0000-12-31 was accepted by the batch engine (polars has a year 0) and refused by the per-household
    engine: both refuse it now, and every other impossible date, identically."""
    dates = ["0000-12-31", "00001231", "2023-02-29", "2024-02-29", "2024-13-01", "2024-04-31", "0001-01-01"]
    rows = [HEADER + ",贷款到期日", *(ROW.format(n=n, wage=1000) + f",{d}" for n, d in enumerate(dates, 1))]
    source = write_rows(tmp_path / "dates.csv", rows)
    written = []
    for engine_name in ("batch", "durable"):
        (code, _, err), out, errors = score(engine_name, source, tmp_path)
        assert code == 3, err
        written.append((out.read_bytes(), errors.read_bytes()))
        assert scored_ids(out) == ["H4", "H7"]
        assert [(r["household_id"], r["value"]) for r in read_csv(errors)] == [
            ("H1", "0000-12-31"), ("H2", "00001231"), ("H3", "2023-02-29"), ("H5", "2024-13-01"), ("H6", "2024-04-31")
        ]  # fmt: skip
    assert written[0] == written[1]


def test_dates_written_with_points_are_read_and_day_counts_refused_saying_why_on_both_engines(
    tmp_path: Path,
) -> None:
    """1980.6.30, as clerks write a date, was refused; it is read, in a date (贷款到期日) and a month
    (识别监测时间) column. A month with points and no day (2023.10: Excel shows the number 2023.10 as 2023.1)
    and a day not on the calendar stay refused; an Excel day count (29425, the column not formatted as a
    date) is refused saying so and how to mend it, in a month column naming the month it is. Both engines
    write the same files."""
    cells = [
        ("1980.6.30", ""), ("1980.06.30", "2023.4.15"), ("2023.10", ""), ("1980.2.30", ""), ("29425", ""),
        ("29425.0", ""), ("1980", ""), ("", "2023.10"), ("", "2023.4"), ("", "45017"),
    ]  # fmt: skip
    rows = [HEADER + ",贷款到期日,识别监测时间"]
    rows += [ROW.format(n=n, wage=1000) + f",{due},{month}" for n, (due, month) in enumerate(cells, 1)]
    source = write_rows(tmp_path / "dates.csv", rows)
    number = (
        "a number where a date belongs: Excel shows a date as its count of days when the column is not formatted "
        "as a date; format the column as a date (YYYY-MM-DD) and save the file again"
    )
    date, month = "not a date; write YYYY-MM-DD, e.g. 2026-03-31", "not a month; write YYYYMM, e.g. 202304"
    written = []
    for engine_name in ("batch", "durable"):
        (code, _, err), out, errors = score(engine_name, source, tmp_path)
        assert code == 3, err
        written.append((out.read_bytes(), errors.read_bytes()))
        assert scored_ids(out) == ["H1", "H2"]
        assert [(r["household_id"], r["column"], r["value"], r["reason"]) for r in read_csv(errors)] == [
            ("H3", "贷款到期日", "2023.10", date),
            ("H4", "贷款到期日", "1980.2.30", NO_SUCH_DAY),  # written as a date: no day of the calendar
            ("H5", "贷款到期日", "29425", number),
            ("H6", "贷款到期日", "29425.0", number),
            ("H7", "贷款到期日", "1980", date),
            ("H8", "识别监测时间", "2023.10", month),
            ("H9", "识别监测时间", "2023.4", month),
            ("H10", "识别监测时间", "45017", number_for_month(45017)),  # Excel's 2023-04-01: write 202304
        ]
    assert written[0] == written[1]


@pytest.mark.parametrize("suffix", ["csv", "xlsx", "parquet", "jsonl"])
def test_an_empty_file_is_said_to_be_empty(engine_name: str, suffix: str, tmp_path: Path) -> None:
    """A 0-byte file (one still being copied) was "no header row naming 户编号" or "not a readable Parquet
    file (ComputeError)": it is said to be empty, with exit 2 as before."""
    source = tmp_path / f"in.{suffix}"
    source.write_bytes(b"")
    code, _, err = score_file(source, tmp_path / "o.csv", tmp_path / "e.csv", "--engine", engine_name)
    assert code == 2 and "the file is empty (0 bytes)" in err and "Traceback" not in err, err
    assert sorted(p.name for p in tmp_path.iterdir()) == [source.name]


@pytest.mark.parametrize(
    ("suffix", "content"),
    [
        *(("csv", c) for c in (b"\xef\xbb\xbf", b"\xef\xbb\xbf\r\n\r\n", b"  \n\n\t\n", b",,,\n,,\n", b"\n")),
        *(("jsonl", c) for c in (b"\xef\xbb\xbf", b"\n\n", b" \r\n")),  # commas are no JSON: told as such
    ],
)
def test_a_file_of_no_text_is_said_to_hold_none(engine_name: str, content: bytes, suffix: str, tmp_path: Path) -> None:
    """A file of a byte-order mark alone, or of blank lines (a failed export, a file saved empty from Excel)
    was told it had no header row naming 户编号, with the fix to add one: it is told as holding no text."""
    source = tmp_path / f"in.{suffix}"
    source.write_bytes(content)
    code, _, err = score_file(source, tmp_path / "o.csv", tmp_path / "e.csv", "--engine", engine_name)
    assert code == 2 and "the file holds no text: blank lines or empty cells alone, or a byte-order mark" in err, err
    assert "no header row" not in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == [source.name]


@pytest.mark.parametrize("suffix", ["json", "csv", "txt"])
@pytest.mark.parametrize("layout", ["list", "lines", "pretty"])
def test_a_json_file_not_named_jsonl_is_told_as_json(
    engine_name: str, layout: str, suffix: str, tmp_path: Path
) -> None:
    """A list of records as json.dump writes one (or JSON Lines named .json) was read as CSV and told it had
    no header row naming 户编号, which its keys name, with the fix to add one."""
    record = {"户编号": "H1", "行政区划代码": "532328", "户类型": "脱贫户", "家庭人口数": 4}
    text = {
        "list": json.dumps([record, record], ensure_ascii=False),
        "lines": json.dumps(record, ensure_ascii=False) + "\n" + json.dumps(record, ensure_ascii=False),
        "pretty": "\ufeff\n" + json.dumps([record], ensure_ascii=False, indent=2),
    }[layout]
    source = tmp_path / f"in.{suffix}"
    source.write_text(text + "\n", encoding="utf-8")
    code, _, err = score_file(source, tmp_path / "o.csv", tmp_path / "e.csv", "--engine", engine_name)
    assert code == 2 and "the file is JSON, not a CSV table" in err and "name the file .jsonl" in err, err
    assert "no header row" not in err and "Traceback" not in err


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_filled_cell_under_the_empty_header_end_is_refused(engine_name: str, kind: str, tmp_path: Path) -> None:
    """A household table's header that ends with an empty cell (saved with a trailing comma; an .xlsx sheet is
    padded to its widest row, so one row with a cell past the last header gives the header such a cell): a row
    with a filled cell there was scored and the cell dropped without a word, where a cell past the header is
    refused (and the export's reader refused it). It is refused as a cell beyond the last header; the rows
    that leave that cell out are not counted as having fewer cells than the header."""
    rows = [HEADER + ",", ROW.format(n=1, wage=1000), ROW.format(n=2, wage=1000) + ",张三", ROW.format(n=3, wage=1000)]
    if kind == "csv":
        source = write_rows(tmp_path / "in.csv", rows)
    else:
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        for row in rows:
            cells = row.split(",")
            sheet.append(cells[:-1] if row == rows[0] else cells)  # the header ends at 备注: the sheet pads it
        source = tmp_path / "in.xlsx"
        book.save(source)
    (code, _, err), out, errors = score(engine_name, source, tmp_path)
    assert code == 3, err
    assert scored_ids(out) == ["H1", "H3"]
    assert refused(errors) == [("3", "H2", reason_text("10 cells but 9 headers", "en"))]
    assert "fewer cells than the header" not in err
