"""The township workbook (``--out scored.xlsx``), opened with openpyxl, on both engines: a summary sheet
whose figures equal those computed from the scored CSV, one sheet per township with a frozen, filtered,
sized header, coloured alert levels, numbers as numbers, dates as dates and plans one item per line, and
a sheet of the rejected rows; headers in the run's language; the same cells on both engines."""

from __future__ import annotations

import json
import zipfile
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from fanpin import OutputError, Rulebook, Scorer
from fanpin.io.workbook import CELL_CHARACTERS, KEPT_WIDTH, LEVEL_COLOURS, WORDS, township_of
from fanpin.results.columns import ALERT_LEVEL_ZH, HEADERS, OUTPUT_COLUMNS, REJECTED_HEADERS
from tests.helpers import AS_OF, HEADER, ROW, by_id, read_csv, run_cli, score_file, write_rows
from tests.paths import EXPORT_XLSX, HOUSEHOLDS_CSV


@pytest.fixture(scope="module")
def expected(tmp_path_factory: pytest.TempPathFactory) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The batch engine's scored CSV and errors file, as the figures are computed from them."""
    folder = tmp_path_factory.mktemp("csv")
    code, _, err = score_file(HOUSEHOLDS_CSV, folder / "s.csv", folder / "e.csv")
    assert code == 3, err
    scored = by_id(pl.read_csv(folder / "s.csv", infer_schema=False)).fill_null("")
    return scored, by_id(pl.read_csv(folder / "e.csv", infer_schema=False))


def _workbook(engine_name: str, folder: Path, lang: str = "zh") -> Path:
    out = folder / f"{engine_name}-{lang}.xlsx"
    code, _, err = score_file(HOUSEHOLDS_CSV, out, folder / "e.csv", "--engine", engine_name, "--lang", lang)
    assert code == 3, err
    return out


def _summary(sheet: Any) -> dict[str, list[tuple[Any, ...]]]:
    """The summary's tables: each heading → the rows under its header row, up to the next blank row."""
    rows = [tuple(r) for r in sheet.iter_rows(values_only=True)]
    tables: dict[str, list[tuple[Any, ...]]] = {}
    current: list[tuple[Any, ...]] | None = None
    for row in rows:
        if all(v is None for v in row):
            current = None
        elif current is None:
            current = tables.setdefault(str(row[0]), [])
        else:
            current.append(tuple(v for v in row if v is not None))
    return tables


def _split(cell: str) -> list[str]:
    return cell.split(";") if cell else []


def test_the_workbook_on_both_engines(
    engine_name: str, book: Rulebook, expected: tuple[pl.DataFrame, pl.DataFrame], tmp_path: Path
) -> None:
    scored, rejected = expected
    workbook = load_workbook(_workbook(engine_name, tmp_path))
    words = WORDS["zh"]
    townships = sorted(set(scored.get_column("region_code").str.slice(0, 9).to_list()))
    assert workbook.sheetnames == [words["summary"], *townships, words["rejected"]]

    # ---- the summary: every figure as computed from the scored CSV --------------------------------
    tables = _summary(workbook[words["summary"]])
    overview = dict(row for row in tables[words["title"]] if len(row) == 2)
    assert overview[words["households"]] == scored.height == 314
    assert overview[words["refused"]] == rejected.height == 6
    # one evaluation date is a date cell, as the township sheets write it (it was text)
    assert overview[words["as_of"]] == datetime(2025, 6, 30)
    levels = Counter(scored.get_column("alert_level").to_list())
    by_level = {row[0]: row[1] for row in tables[words["by_level"]][1:]}
    assert by_level == {level: levels.get(level, 0) for level in ("红", "橙", "黄", "无")}
    assert sum(by_level.values()) == 314
    flags = Counter(f for cell in scored.get_column("flags").to_list() for f in _split(cell))
    audits = {r for r, rule in book.rules.items() if rule.spec.kind == "audit"}
    top = tables[words["top_flags"]][1:]
    ranked = sorted(flags.items(), key=lambda kv: (-kv[1], kv[0]))
    assert [(rule, count) for rule, _, count in top] == [(r, n) for r, n in ranked if r not in audits][:15]
    assert top[0][1] == book.rules[top[0][0]].spec.title.zh
    findings = {rule: count for rule, _, count in tables[words["top_findings"]][1:]}
    assert findings == {r: n for r, n in flags.items() if r in audits}
    planned: Counter[str] = Counter()
    households: Counter[str] = Counter()
    for cell in scored.get_column("measures").to_list():
        departments = [book.measures[m].department for m in _split(cell)]
        planned.update(departments)
        households.update(set(departments))
    by_department = {row[0]: (row[1], row[2]) for row in tables[words["by_department"]][1:]}
    assert by_department == {d: (planned[d], households[d]) for d in planned}
    per_township = {row[0]: row[1:] for row in tables[words["by_township"]][1:]}
    for code in townships:
        rows = scored.filter(pl.col("region_code").str.slice(0, 9) == code)
        counts = Counter(rows.get_column("alert_level").to_list())
        measures = sum(len(_split(c)) for c in rows.get_column("measures").to_list())
        levels_of = (counts.get(x, 0) for x in ("红", "橙", "黄", "无"))
        assert per_township[code] == (rows.height, *levels_of, measures, code)  # its sheet named last

    # ---- one sheet per township ---------------------------------------------------------------------
    code = "532328100"
    sheet = workbook[code]
    rows = scored.filter(pl.col("region_code").str.slice(0, 9) == code)
    headers = [c.value for c in sheet[1]]
    assert headers == [*(HEADERS["zh"][c] for c in OUTPUT_COLUMNS), "备注"]
    assert sheet.freeze_panes == "B2"
    assert sheet.auto_filter.ref == f"A1:{get_column_letter(len(headers))}{rows.height + 1}"
    widths = {c: sheet.column_dimensions[get_column_letter(i)].width for i, c in enumerate(OUTPUT_COLUMNS, 1)}
    assert all(w >= 10 for w in widths.values()) and widths["plan"] >= 50 and widths["explanation"] >= 60
    # a kept column is at least KEPT_WIDTH wide: its header alone (备注, 4) hid its text
    assert sheet.column_dimensions[get_column_letter(len(headers))].width == KEPT_WIDTH
    assert all(cell.font.bold for cell in sheet[1])
    index = {c: i for i, c in enumerate(OUTPUT_COLUMNS)}
    body: list[Any] = list(sheet.iter_rows(min_row=2))
    assert [r[0].value for r in body] == rows.get_column("household_id").to_list()
    colours = {ALERT_LEVEL_ZH[level]: fill for level, (fill, _) in LEVEL_COLOURS.items()}
    multi_item_plans = 0
    for row, want in zip(body, rows.iter_rows(named=True), strict=True):
        income = row[index["income_per_capita"]]
        assert income.data_type == "n" and income.number_format == "#,##0.00"
        assert Decimal(str(income.value)).quantize(Decimal("0.01")) == Decimal(want["income_per_capita"])
        when = row[index["as_of"]]
        assert when.is_date and when.value == datetime(2025, 6, 30)
        level = row[index["alert_level"]]
        assert level.value == want["alert_level"]
        if str(level.value) in colours:
            assert level.fill.fgColor.rgb.endswith(colours[str(level.value)])
        else:
            assert level.fill.fill_type is None
        plan = row[index["plan"]]
        items = want["plan"].split("；") if want["plan"] else []
        assert (plan.value or "") == "\n".join(items)
        if len(items) > 1:
            multi_item_plans += 1
            assert plan.alignment.wrap_text
        assert (row[index["flags"]].value or "") == "\n".join(_split(want["flags"]))
    assert multi_item_plans > 0

    # ---- the rejected rows ----------------------------------------------------------------------------
    sheet = workbook[words["rejected"]]
    assert [c.value for c in sheet[1]] == list(REJECTED_HEADERS["zh"].values())
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:E7"
    got = [[str(v) if v is not None else "" for v in row] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert got == [list(r.values()) for r in read_csv_rows(rejected)]


def read_csv_rows(frame: pl.DataFrame) -> list[dict[str, str]]:
    return [{k: (v or "") for k, v in row.items()} for row in frame.iter_rows(named=True)]


def test_both_engines_write_the_same_cells(tmp_path: Path) -> None:
    books = [load_workbook(_workbook(name, tmp_path), read_only=True) for name in ("batch", "durable")]
    try:
        assert books[0].sheetnames == books[1].sheetnames
        for name in books[0].sheetnames:
            cells = [[tuple(r) for r in b[name].iter_rows(values_only=True)] for b in books]
            assert cells[0] == cells[1], name
    finally:
        for b in books:
            b.close()


def test_english_workbook(engine_name: str, tmp_path: Path) -> None:
    workbook = load_workbook(_workbook(engine_name, tmp_path, "en"), read_only=True)
    try:
        assert workbook.sheetnames[0] == "summary" and workbook.sheetnames[-1] == "rejected"
        township = workbook[workbook.sheetnames[1]]
        assert [c.value for c in next(township.iter_rows(max_row=1))][: len(OUTPUT_COLUMNS)] == list(OUTPUT_COLUMNS)
        summary = [r for r in workbook["summary"].iter_rows(values_only=True)]
        assert ("households scored", 314) in [tuple(v for v in r if v is not None) for r in summary]
        departments = {r[0] for r in summary if r and r[0] and "Bureau" in str(r[0])}
        assert "Civil Affairs Bureau" in departments
    finally:
        workbook.close()


def test_an_empty_file_gives_a_workbook_with_its_summary(engine_name: str, tmp_path: Path) -> None:
    source = tmp_path / "empty.csv"
    source.write_text(HOUSEHOLDS_CSV.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    code, _, err = score_file(source, tmp_path / "o.xlsx", tmp_path / "e.csv", "--engine", engine_name)
    assert code == 0, err
    workbook = load_workbook(tmp_path / "o.xlsx", read_only=True)
    try:
        assert workbook.sheetnames == ["汇总", "未评分"]
        rows = [tuple(v for v in r if v is not None) for r in workbook["汇总"].iter_rows(values_only=True)]
        assert ("评分户数", 0) in rows
    finally:
        workbook.close()
    assert read_csv(tmp_path / "e.csv") == []


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("rows", ["none", "all refused"])
def test_a_workbook_of_no_scored_household_names_its_date_and_rule_version(
    engine_name: str, lang: str, rows: str, tmp_path: Path
) -> None:
    """A workbook where nothing was scored (a header and no row, or every row refused) had its summary's
    评估日期 and 规则版本 empty, where a workbook of scored households has them: a chief reading it could not
    tell which date and rules the run used. They are the run's (--as-of, its rulebook's version), on either
    engine, in either language; --checks with gives its own version."""
    # every row refused: a 户类型 outside its vocabulary
    refused = [ROW.format(n=n, wage=9000).replace("脱贫户", "未知户") for n in (1, 2, 3)]
    source = write_rows(tmp_path / "in.csv", [HEADER, *([] if rows == "none" else refused)])
    versions = {}
    for checks in ("off", "with"):
        out = tmp_path / f"{checks}.xlsx"
        run = score_file(source, out, tmp_path / "e.csv", "--engine", engine_name, "--lang", lang, "--checks", checks)
        assert run.code == (0 if rows == "none" else 3), run.err
        versions[checks] = run.err.split("; rules ")[1].split(";")[0]
        workbook = load_workbook(out, read_only=True)
        try:
            words = WORDS[lang]
            head = workbook[words["summary"]].iter_rows(min_row=2, max_row=5, max_col=2, values_only=True)
            overview = dict(row for row in head if len(row) == 2)
            # its file is dated as the summary states, as a scored workbook's is (it had been 1980-01-01)
            assert workbook.properties.created == workbook.properties.modified == datetime(2025, 6, 30)
        finally:
            workbook.close()
        with zipfile.ZipFile(out) as archive:
            assert {info.date_time for info in archive.infolist()} == {(2025, 6, 30, 0, 0, 0)}
        assert overview[words["households"]] == 0
        assert overview[words["refused"]] == (0 if rows == "none" else 3)
        assert overview[words["as_of"]] == datetime(2025, 6, 30)  # a date cell, as a scored workbook's
        assert overview[words["version"]] == versions[checks]
    assert versions["off"] != versions["with"]


def test_a_control_character_in_a_kept_cell_does_not_stop_the_workbook(engine_name: str, tmp_path: Path) -> None:
    """.xlsx cannot hold C0 controls (a NUL pasted into a note): the cell keeps its text with U+FFFD in
    their place, where openpyxl used to stop the run with a traceback quoting the cell."""
    source = tmp_path / "in.csv"
    source.write_bytes(
        "户编号,行政区划代码,户类型,家庭人口数,工资性收入,生产经营性收入,财产性收入,转移性收入,备注\n"
        "H1,532328,脱贫户,2,100,0,0,0,a\x01b\x00c\n".encode()
    )
    run = score_file(
        source, tmp_path / "out.xlsx", tmp_path / "err.csv", "--engine", engine_name, "--keep-columns", "all"
    )
    assert run.code == 0, run.err
    cells = _cells(tmp_path / "out.xlsx")
    assert "a\ufffdb\ufffdc" in cells


def test_a_noncharacter_in_a_kept_cell_leaves_a_workbook_that_opens(engine_name: str, tmp_path: Path) -> None:
    """XML cannot hold U+FFFE or U+FFFF either, and openpyxl wrote them: the run ended well, and neither
    Excel nor openpyxl could open the township's sheet. They are written as U+FFFD, as a C0 control is."""
    source = tmp_path / "in.csv"
    source.write_text(
        "户编号,行政区划代码,户类型,家庭人口数,工资性收入,生产经营性收入,财产性收入,转移性收入,备注\n"
        "H1,532328,脱贫户,2,100,0,0,0,a\ufffeb\uffffc\n",
        encoding="utf-8",
    )
    run = score_file(source, tmp_path / "out.xlsx", tmp_path / "err.csv", "--engine", engine_name)
    assert run.code == 0, run.err
    assert "a\ufffdb\ufffdc" in _cells(tmp_path / "out.xlsx")


def _cells(path: Path) -> list[Any]:
    """Every cell's value of every sheet of a workbook."""
    workbook = load_workbook(path, read_only=True)
    try:
        return [v for ws in workbook.worksheets for row in ws.iter_rows(values_only=True) for v in row]
    finally:
        workbook.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("character", "count"), [("x", 40_000), ("𬇙", 20_000)], ids=["ascii", "beyond-the-plane"])
def test_a_text_longer_than_a_cell_holds_is_cut_with_a_note(
    engine_name: str, lang: str, character: str, count: int, tmp_path: Path
) -> None:
    """An .xlsx cell holds 32 767 characters: a longer note was cut to them without a word (openpyxl). It
    is cut with a note in the cell, in the run's language, saying how long it was and where it is whole.
    Excel counts them in UTF-16 code units, where a character of CJK Extension B (𬇙, written in some names of
    people and places) takes two: a note of 20 000 of them was written whole (under the limit counted by
    character), 40 000 to Excel, which reported the workbook damaged. It is cut within Excel's count, whole
    characters."""
    source = tmp_path / "in.csv"
    source.write_text(
        "户编号,行政区划代码,户类型,家庭人口数,工资性收入,生产经营性收入,财产性收入,转移性收入,备注\n"
        f"H1,532328,脱贫户,2,100,0,0,0,{character * count}\n",
        encoding="utf-8",
    )
    run = score_file(source, tmp_path / "out.xlsx", tmp_path / "err.csv", "--engine", engine_name, "--lang", lang)
    assert run.code == 0, run.err
    (long,) = [v for v in _cells(tmp_path / "out.xlsx") if isinstance(v, str) and v.startswith(character * 3)]
    assert CELL_CHARACTERS - 1 <= _excel_length(long) <= CELL_CHARACTERS
    assert len(long) == CELL_CHARACTERS or character != "x"
    assert (f"{count} 字" if lang == "zh" else f"{count} characters") in long
    assert long.endswith("CSV、Parquet 或 JSON Lines 输出保留全文）" if lang == "zh" else "output keeps it whole)")
    assert long.startswith(character * 10_000) and "\ufffd" not in long  # whole characters, never half of one


@pytest.mark.parametrize("as_of", ["1899-12-31", "0001-01-01", "1900-02-28"])
def test_an_evaluation_date_excel_cannot_show_is_written_as_text(engine_name: str, as_of: str, tmp_path: Path) -> None:
    """Excel has no date before 1900 (and shows 1900-01-01 to 02-28 one day off): 1899-12-31 was written
    as serial 0, which reads back as a time, and 0001-01-01 as ######. Such a date is written as text."""
    source = tmp_path / "in.csv"
    source.write_text(
        "户编号,行政区划代码,户类型,家庭人口数,工资性收入,生产经营性收入,财产性收入,转移性收入\n"
        "H1,532328,脱贫户,2,100,0,0,0\n",
        encoding="utf-8",
    )
    run = run_cli(
        "score", source, "--as-of", as_of, "--out", tmp_path / "o.xlsx", "--errors", tmp_path / "e.csv",
        "--engine", engine_name,
    )  # fmt: skip
    assert run.code == 0, run.err
    cells = _cells(tmp_path / "o.xlsx")
    assert as_of in cells
    assert not any(isinstance(v, datetime) for v in cells)


def test_the_workbook_is_dated_by_its_evaluation_date_and_the_same_bytes_every_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """openpyxl dates a workbook (its properties, each part in the archive) by the clock: the same scored
    rows made other bytes at every run. fanpin dates it by the evaluation date, so that both engines, at
    any time, write the same bytes; a workbook without a scored row by the run's (it had been 1980-01-01,
    the first date a zip archive holds, a date of no run)."""
    import time

    written = []
    tomorrow = time.time() + 86_400
    for n, engine_name in enumerate(("batch", "durable", "batch")):
        if n == 2:  # another moment: the clock a day later
            monkeypatch.setattr(time, "time", lambda: tomorrow)
        out = tmp_path / f"{n}.xlsx"
        assert score_file(HOUSEHOLDS_CSV, out, tmp_path / "e.csv", "--engine", engine_name).code == 3
        written.append(out.read_bytes())
    assert written[0] == written[1] == written[2]
    with zipfile.ZipFile(tmp_path / "0.xlsx") as archive:
        assert {info.date_time for info in archive.infolist()} == {(2025, 6, 30, 0, 0, 0)}
    workbook = load_workbook(tmp_path / "0.xlsx", read_only=True)
    try:
        assert workbook.properties.created == workbook.properties.modified == datetime(2025, 6, 30)
    finally:
        workbook.close()
    source = tmp_path / "empty.csv"
    source.write_text(HOUSEHOLDS_CSV.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    assert score_file(source, tmp_path / "empty.xlsx", tmp_path / "e.csv").code == 0
    with zipfile.ZipFile(tmp_path / "empty.xlsx") as archive:
        assert {info.date_time for info in archive.infolist()} == {(2025, 6, 30, 0, 0, 0)}


# The year the run once stopped at on each engine (a whole file scored with the checks there), the years
# before the archive's on one: the workbook is dated by its writer, after the engine.
@pytest.mark.parametrize(
    ("engine_name", "as_of"), [("batch", "9999-06-30"), ("durable", "9999-06-30"), ("durable", "1975-06-30")]
)
def test_a_workbook_dated_outside_what_a_zip_archive_holds(engine_name: str, tmp_path: Path, as_of: str) -> None:
    """A zip archive holds the years 1980 to 2107: a workbook scored as of 9999-06-30 (the table and the
    findings) once stopped with an internal error. Its properties carry the evaluation date; the
    archive's parts the nearest date it holds. So does a workbook of no household (a header alone)."""
    out, found = tmp_path / "o.xlsx", tmp_path / "f.xlsx"
    run = run_cli(
        "score", HOUSEHOLDS_CSV, "--as-of", as_of, "--region", "532328", "--engine", engine_name, "--out", out,
        "--errors", tmp_path / "e.csv", "--checks", "with", "--findings", found,
    )  # fmt: skip
    assert run.code == 3 and "Traceback" not in run.err, run.err
    empty = write_rows(tmp_path / "empty.csv", [HEADER])
    nothing = tmp_path / "nothing.xlsx"
    run = run_cli(
        "score", empty, "--as-of", as_of, "--engine", engine_name, "--out", nothing, "--errors", tmp_path / "e.csv"
    )  # fmt: skip
    assert run.code == 0, run.err
    stamp = (1980, 1, 1, 0, 0, 0) if as_of < "1980" else (2107, 12, 31, 0, 0, 0)
    for path in (out, found, nothing):
        with zipfile.ZipFile(path) as archive:
            assert {info.date_time for info in archive.infolist()} == {stamp}
        workbook = load_workbook(path, read_only=True)
        try:
            assert workbook.properties.created == datetime.fromisoformat(as_of)
        finally:
            workbook.close()


def test_a_workbook_that_cannot_be_saved_leaves_no_trace(
    engine_name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk while the workbook is saved: a clean error, and no traceback after it (openpyxl's row
    writers, left open, once printed one each as they were collected)."""
    import errno
    import gc
    import sys

    from fanpin.io import workbook

    def full(*_: object, **__: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    raised: list[object] = []
    monkeypatch.setattr(workbook._DatedZip, "write", full)
    monkeypatch.setattr(sys, "unraisablehook", raised.append)
    run = score_file(HOUSEHOLDS_CSV, tmp_path / "o.xlsx", tmp_path / "e.csv", "--engine", engine_name)
    gc.collect()
    assert run.code == 2 and "No space left on device" in run.err and "Traceback" not in run.err
    assert raised == []
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_the_workbook_is_the_same_bytes_whatever_the_chunks(engine_name: str, tmp_path: Path) -> None:
    """Its styles were listed in the order the cells first used them, so the level a chunk showed first
    decided the file's bytes: --chunk-rows 1 and 7 gave two styles.xml (the same values)."""
    source = tmp_path / "in.csv"  # the example's first 40 households: a red and an orange in other chunks
    source.write_text("".join(HOUSEHOLDS_CSV.read_text(encoding="utf-8").splitlines(keepends=True)[:41]), "utf-8")
    written = []
    for rows in ("1", "100000"):
        out = tmp_path / f"h{rows}.xlsx"
        run = score_file(source, out, tmp_path / f"e{rows}.csv", "--engine", engine_name, "--chunk-rows", rows)
        assert run.code in (0, 3), run.err
        written.append(out.read_bytes())
    assert written[0] == written[1]


def test_no_header_or_summary_cell_is_a_formula(engine_name: str, tmp_path: Path) -> None:
    """A kept column's header is the input's own text, and a county's rule title and department are its
    own: ``=HYPERLINK(…)`` there was written as a live formula (the data cells were text already)."""
    rules = tmp_path / "county"
    rules.mkdir()
    (rules / "local.yaml").write_text(
        "case_defaults: {region: '532328', as_of: 2025-06-30}\n"
        "measures:\n"
        '  - {id: local.visit, name: 走访, name_en: visit, family: 其他, department: \'=HYPERLINK("http://x","部门")\','
        ' department_en: \'=HYPERLINK("http://x","dept")\', deadline_days: 7}\n'
        "rules:\n"
        "  - id: local.any_wage\n"
        '    title: {zh: \'=HYPERLINK("http://x","规则")\', en: \'=HYPERLINK("http://x","rule")\'}\n'
        "    level: yellow\n"
        "    kind: risk\n"
        "    when: wage_income > 0\n"
        "    measures: [local.visit]\n"
        "    basis: a test of the workbook's text cells\n"
        "    cases:\n"
        "      - {name: wage, facts: {wage_income: 1}, expect: fires}\n"
        "      - {name: none, facts: {wage_income: 0}, expect: silent}\n"
        "      - {name: unknown, facts: {}, expect: not_evaluable}\n",
        encoding="utf-8",
    )
    source = tmp_path / "in.csv"
    source.write_text(
        "户编号,行政区划代码,户类型,家庭人口数,工资性收入,生产经营性收入,财产性收入,转移性收入,=cmd|' /C calc'!A0\n"
        "H1,532328,脱贫户,2,100,0,0,0,=1+1\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.xlsx"
    run = score_file(source, out, tmp_path / "err.csv", "--engine", engine_name, "--rules", rules)
    assert run.code == 0, run.err
    workbook = load_workbook(out)
    cells = [c for ws in workbook.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert [c.value for c in cells if c.data_type == "f"] == []
    texts = {c.value for c in cells if c.data_type == "s"}
    assert {"=cmd|' /C calc'!A0", "=1+1", '=HYPERLINK("http://x","规则")', '=HYPERLINK("http://x","部门")'} <= texts
    assert workbook["532328"]["Q1"].value == "=cmd|' /C calc'!A0" and workbook["532328"]["Q1"].font.bold


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_list_longer_than_a_cell_holds_is_cut_with_a_note(engine_name: str, lang: str, tmp_path: Path) -> None:
    """A 贷款用途 of 40 000 characters is quoted in the explanation's sentence: the list cell (one sentence a
    line) was cut to 32 767 characters by openpyxl without a word, and the sentences after the cut were
    lost. It is cut with the note, as a passed-through text is; JSON Lines keeps every sentence."""
    source = tmp_path / "in.csv"
    source.write_text(
        "户编号,行政区划代码,户类型,家庭人口数,工资性收入,生产经营性收入,财产性收入,转移性收入,小额信贷余额,贷款用途\n"
        f"H1,532328,脱贫户,4,20000,8000,0,2000,5000,{'买' * 40_000}\n",
        encoding="utf-8",
    )
    run = score_file(source, tmp_path / "out.xlsx", tmp_path / "err.csv", "--engine", engine_name, "--lang", lang)
    assert run.code == 0, run.err
    run = score_file(source, tmp_path / "out.jsonl", tmp_path / "err.csv", "--engine", engine_name, "--lang", lang)
    assert run.code == 0, run.err
    sentences = json.loads((tmp_path / "out.jsonl").read_text(encoding="utf-8"))["explanation"]
    whole = "\n".join(sentences)  # the cell's text: one sentence a line
    assert len(sentences) > 2 and len(whole) > CELL_CHARACTERS and "买" * 40_000 in whole
    workbook = load_workbook(tmp_path / "out.xlsx", read_only=True)
    try:
        sheet = workbook["532328"]
        header, row = (list(r) for r in sheet.iter_rows(max_row=2, values_only=True))
        cell = row[header.index(HEADERS[lang]["explanation"])]
    finally:
        workbook.close()
    assert isinstance(cell, str) and len(cell) == CELL_CHARACTERS
    assert cell.endswith("CSV、Parquet 或 JSON Lines 输出保留全文）" if lang == "zh" else "output keeps it whole)")
    assert (f"{len(whole)} 字" if lang == "zh" else f"{len(whole)} characters") in cell
    assert whole.startswith(cell[: CELL_CHARACTERS - 200])


def test_an_export_read_with_a_county_region_has_a_sheet_per_township(engine_name: str, tmp_path: Path) -> None:
    """The national export names its 县, 乡 and 村 but carries no 行政区划代码: read with the county's --region,
    every household had the code 532328, and the workbook one sheet for the whole county, with no word of
    the village of any household. The export passes its places through, and the workbook groups by 乡."""
    out = tmp_path / "export.xlsx"
    run = score_file(EXPORT_XLSX, out, tmp_path / "e.csv", "--engine", engine_name)
    assert run.code == 3, run.err
    book = load_workbook(out, read_only=True)
    towns = ["东山乡", "城关镇", "平坝乡", "河口镇"]
    assert book.sheetnames == [WORDS["zh"]["summary"], *(f"532328 {t}" for t in towns), WORDS["zh"]["rejected"]]
    sheet = book["532328 城关镇"]
    rows = list(sheet.iter_rows(values_only=True))
    at = rows[0].index("乡")
    assert rows[0][-3:] == ("县", "乡", "村") and {r[at] for r in rows[1:]} == {"城关镇"}
    by_sheet = sum(len(list(book[f"532328 {t}"].iter_rows(min_row=2, values_only=True))) for t in towns)
    assert score_file(EXPORT_XLSX, tmp_path / "again.csv", tmp_path / "e2.csv").code == 3
    scored = read_csv(tmp_path / "again.csv", ids=False)
    assert by_sheet == len(scored) == Counter(r["乡"] for r in scored).total()
    assert township_of("532328", " 城关镇 ") == "532328 城关镇" and township_of("532328101", "城关镇") == "532328101"


def test_an_export_read_with_a_prefectures_region_keeps_each_countys_townships_apart(
    engine_name: str, tmp_path: Path
) -> None:
    """Read with a prefecture's --region (5323) and no 行政区划代码, an export's households of two counties were
    grouped by their 乡 alone: 城关镇 of 元谋县 and of 武定县 (nearly every county has one) were one sheet, one
    summary row and, in the report, one village list. The 县 is named with the 乡 where the code is shorter than
    a county's."""
    from fanpin.synthetic import person_export

    export = person_export(40)
    keys = export.get_column("户编号").to_list()
    second = {k for i, k in enumerate(dict.fromkeys(keys)) if i % 2}
    export = export.with_columns(
        pl.Series("县", ["武定县" if k in second else c for k, c in zip(keys, export.get_column("县"), strict=True)])
    )
    source = tmp_path / "export.csv"
    export.write_csv(source)
    out = tmp_path / "out.xlsx"
    run = run_cli("score", source, "--as-of", "2025-06-30", "--region", "5323", "--engine", engine_name,
                  "--out", out, "--errors", tmp_path / "e.csv")  # fmt: skip
    assert run.code in (0, 3), run.err
    book = load_workbook(out, read_only=True)
    towns = [name for name in book.sheetnames if name.startswith("5323 ")]
    assert towns and all(name.split(" ")[1] in ("元谋县", "武定县") for name in towns), towns
    for name in towns:
        rows = list(book[name].iter_rows(values_only=True))
        at = rows[0].index("县")
        assert {r[at] for r in rows[1:]} == {name.split(" ")[1]}, name  # one county a sheet
    scored = tmp_path / "out.csv"
    assert run_cli("score", source, "--as-of", "2025-06-30", "--region", "5323", "--out", scored,
                   "--errors", tmp_path / "e2.csv").code in (0, 3)  # fmt: skip
    report = tmp_path / "report.html"
    assert run_cli("report", scored, "--out", report).code == 0
    html = report.read_text(encoding="utf-8")
    assert "5323 武定县 " in html and "5323 元谋县 " in html
    assert township_of("5323", "城关镇", "武定县") == "5323 武定县 城关镇"


def _export_with_towns(path: Path, households: int, town_of: Callable[[int], str]) -> Path:
    """The synthetic export of ``households`` (seed 5) whose n-th household's rows name the 乡 ``town_of(n)``."""
    from fanpin.synthetic import write_person_export_csv

    source = write_person_export_csv(path, households, seed=5)
    lines = source.read_text(encoding="utf-8").splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("县,乡,"))
    seen: list[str] = []
    for i in range(header + 1, len(lines)):
        county, _, rest = lines[i].partition(",")
        household = rest.partition(",")[2].partition(",")[0]
        seen += [household] if household not in seen else []
        lines[i] = f"{county},{town_of(seen.index(household))},{rest.partition(',')[2]}"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return source


def test_township_sheet_names_are_unique_and_ones_excel_opens(engine_name: str, tmp_path: Path) -> None:
    """A sheet is named by its code and 乡, cut to Excel's 31 characters: two 乡 whose names differ only past
    the cut were given one name, which openpyxl made unique by appending a digit (a 32-character name,
    which Excel refuses to open); names that differ only in case are one name to Excel; and a name may not
    end with an apostrophe. Each township gets its own sheet, named as Excel accepts, holding its rows."""
    long = "非常长的乡镇名称" * 3
    towns = [f"{long}第一乡", f"{long}第二乡", "Town", "town", "奥'"]
    source = _export_with_towns(tmp_path / "export.csv", 24, lambda n: towns[n % len(towns)])
    out = tmp_path / "scored.xlsx"
    run = score_file(source, out, tmp_path / "e.csv", "--engine", engine_name)
    assert run.code in (0, 3), run.err
    assert "Title is more than 31 characters" not in run.err
    book = load_workbook(out, read_only=True)
    titles = book.sheetnames[1:-1]
    assert len(titles) == len(towns)
    assert all(len(t) <= 31 and not t.endswith("'") for t in titles), titles
    assert len({t.lower() for t in titles}) == len(titles), titles
    # every sheet holds one township's rows, and each township is on one sheet
    on_sheet = {t: {str(r[-2]) for r in book[t].iter_rows(min_row=2, values_only=True)} for t in titles}
    assert sorted(town for seen in on_sheet.values() for town in seen) == sorted(towns)
    assert all(len(seen) == 1 for seen in on_sheet.values()), on_sheet
    # The summary's row of each township names its sheet: a name cut or numbered is no longer the 乡's, and the
    # clerk looked in vain for a sheet of the name the summary gave.
    rows = [r for r in book[WORDS["zh"]["summary"]].iter_rows(values_only=True) if r and r[0]]
    header = next(i for i, r in enumerate(rows) if r[0] == WORDS["zh"]["township"])
    assert rows[header][-1] == WORDS["zh"]["sheet"]
    named = {str(r[0]): r[-1] for r in rows[header + 1 :]}
    assert sorted(str(v) for v in named.values()) == sorted(titles)
    assert {named[f"532328 {town}"] for town in towns} == set(titles)
    for title, seen in on_sheet.items():  # each sheet named in the row of the township whose rows it holds
        assert named[f"532328 {next(iter(seen))}"] == title


def _excel_length(text: str) -> int:
    """The length of ``text`` as Excel counts it, for its limits: in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def test_a_township_of_characters_beyond_the_basic_plane_gets_a_sheet_name_excel_takes(
    engine_name: str, tmp_path: Path
) -> None:
    """Excel counts a sheet name's 31 characters in UTF-16 code units, where a CJK Extension B character (𬇙,
    written in some place names) takes two: a 乡 of such characters was cut to 31 characters, 55 to Excel,
    which refuses the name. Two such 乡 differing past the cut are each a sheet of their own, within the 31."""
    towns = ["𬇙" * 30 + "一", "𬇙" * 30 + "二"]
    source = _export_with_towns(tmp_path / "export.csv", 4, lambda n: towns[n % 2])
    out = tmp_path / "scored.xlsx"
    run = score_file(source, out, tmp_path / "e.csv", "--engine", engine_name)
    assert run.code in (0, 3), run.err
    book = load_workbook(out, read_only=True)
    try:
        titles = book.sheetnames[1:-1]
        rows = {t: {str(r[-2]) for r in book[t].iter_rows(min_row=2, values_only=True)} for t in titles}
    finally:
        book.close()
    assert len(titles) == 2 and all(_excel_length(t) <= 31 and t.startswith("532328 𬇙") for t in titles), titles
    assert sorted(town for seen in rows.values() for town in seen) == sorted(towns)


def test_a_control_character_in_a_township_name_leaves_a_workbook_that_opens(engine_name: str, tmp_path: Path) -> None:
    """A sheet is named by its 乡, and a 乡 holding a control character (a NUL or a BEL from a broken export)
    was written into the workbook's list of sheets as it stood: the run ended well, and the workbook
    opened in no reader. Such a character reads ``_`` in the sheet's name; the cells keep U+FFFD."""
    source = _export_with_towns(tmp_path / "export.csv", 3, lambda _: "城关\x00镇\x07")
    out = tmp_path / "scored.xlsx"
    run = score_file(source, out, tmp_path / "e.csv", "--engine", engine_name)
    assert run.code in (0, 3), run.err
    book = load_workbook(out, read_only=True)
    try:
        assert book.sheetnames[1:-1] == ["532328 城关_镇_"]
    finally:
        book.close()


def test_a_township_holding_a_character_no_one_sees_is_shown_alike_in_its_sheet_and_the_summary(
    engine_name: str, tmp_path: Path
) -> None:
    """A 乡 holding a zero-width space was its sheet ``532328 城关镇<U+200B>`` but, in the summary's row of
    townships, the character itself: the row looked like 城关镇's own. Both show it by its code point."""
    source = _export_with_towns(tmp_path / "export.csv", 6, lambda n: "城关镇\u200b" if n % 2 else "城关镇")
    out = tmp_path / "scored.xlsx"
    run = score_file(source, out, tmp_path / "e.csv", "--engine", engine_name)
    assert run.code in (0, 3), run.err
    book = load_workbook(out, read_only=True)
    try:
        assert book.sheetnames[1:-1] == ["532328 城关镇", "532328 城关镇<U+200B>"]
        rows = [r[0] for r in book[WORDS["zh"]["summary"]].iter_rows(values_only=True) if r and r[0]]
    finally:
        book.close()
    assert "532328 城关镇<U+200B>" in rows and not any("\u200b" in str(r) for r in rows), rows


def test_a_township_name_is_never_cut_inside_the_code_point_of_a_character_no_one_sees(
    engine_name: str, tmp_path: Path
) -> None:
    """A 乡 whose 31st character falls inside the ``<U+200B>`` that shows a zero-width space was a sheet named
    ``…<U+20``, a code point of no character: the cut leaves the whole marker out."""
    town = "长" * 20 + "\u200b镇"  # "532328 " and twenty characters: 27, then <U+200B> past 31
    source = _export_with_towns(tmp_path / "export.csv", 2, lambda _: town)
    out = tmp_path / "scored.xlsx"
    run = score_file(source, out, tmp_path / "e.csv", "--engine", engine_name)
    assert run.code in (0, 3), run.err
    book = load_workbook(out, read_only=True)
    try:
        assert book.sheetnames[1:-1] == ["532328 " + "长" * 20]
        rows = [r for r in book[WORDS["zh"]["summary"]].iter_rows(values_only=True) if r and r[0]]
    finally:
        book.close()
    assert ("532328 " + "长" * 20 + "<U+200B>镇") in [r[0] for r in rows]


def test_the_summary_lists_every_finding_not_the_15_most_frequent(engine_name: str, tmp_path: Path) -> None:
    """核查发现 lists every audit and data-check rule that fired, with its households, as the report does: with
    the data-check pack, the example export fires far more than 15, and the summary had listed only the 15
    most frequent (as for 触发最多的规则), under a heading that said nothing of it."""
    out = tmp_path / "export.xlsx"
    run = score_file(EXPORT_XLSX, out, tmp_path / "e.csv", "--checks", "with", "--engine", engine_name)
    assert run.code == 3, run.err
    assert score_file(EXPORT_XLSX, tmp_path / "s.csv", tmp_path / "e2.csv", "--checks", "with").code == 3
    fired = Counter(f for row in read_csv(tmp_path / "s.csv", ids=False) for f in _split(row["核查发现"]))
    assert len(fired) > 15
    workbook = load_workbook(out, read_only=True)
    try:
        tables = _summary(workbook[WORDS["zh"]["summary"]])
    finally:
        workbook.close()
    listed = {rule: count for rule, _, count in tables[WORDS["zh"]["top_findings"]][1:]}
    assert listed == dict(fired)


@pytest.mark.parametrize("kind", ["township", "rejected"])
def test_a_sheet_past_what_excel_holds_is_told_at_the_path_given(
    engine_name: str, kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A township, or the refused rows, past what one .xlsx sheet holds stops the run with exit 2: the error
    named the hidden ``out.xlsx.part`` file (removed by then), not the ``--out`` path given. A sheet of one
    row stands for Excel's 1 048 575 here."""
    from fanpin.io import workbook

    monkeypatch.setattr(workbook, "SHEET_MAX_ROWS", 1)
    wage = "100" if kind == "township" else "abc"  # two households of one township, or two refused rows
    rows = [HEADER, *(ROW.format(n=n, wage=wage) for n in (1, 2))]
    source = write_rows(tmp_path / "in.csv", rows)
    run = score_file(source, tmp_path / "out.xlsx", tmp_path / "e.csv", "--engine", engine_name)
    assert run.code == 2, run.err
    told = "township 532328 has more than 1 households" if kind == "township" else "more than 1 rejected rows"
    assert f"error: {tmp_path / 'out.xlsx'}: {told}" in run.err, run.err
    assert ".part" not in run.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]
    monkeypatch.setenv("FANPIN_MESSAGES", "zh")  # and in Chinese, where it had been English on a Chinese system
    run = score_file(source, tmp_path / "out.xlsx", tmp_path / "e.csv", "--engine", engine_name)
    told = {
        "township": "乡镇 532328 超过 1 户，一个 .xlsx 工作表放不下；请改为输出 CSV 或 Parquet",
        "rejected": "拒收的行超过 1 行，一个 .xlsx 工作表放不下；请改为输出 CSV 或 Parquet；错误文件（--errors）列出",
    }[kind]
    assert run.code == 2 and run.err.startswith(f"fanpin: 错误：{tmp_path / 'out.xlsx'}：{told}"), run.err
    # a host's call: its fix names the parameters (fmt=, errors=), where it had named the command's options
    with pytest.raises(OutputError) as refused:
        Scorer().score_file(source, tmp_path / "out.xlsx", as_of=AS_OF, errors=tmp_path / "e.csv")
    fix = {
        "township": 'write CSV or Parquet instead (fmt="csv" or fmt="parquet")',
        "rejected": "write CSV or Parquet instead; the errors file (errors=) lists every rejected row",
    }[kind]
    assert refused.value.fix == fix and refused.value.path == str(tmp_path / "out.xlsx")


def _townships(path: Path, count: int) -> Path:
    """A household table of ``count`` households, each of a township of its own."""
    rows = [HEADER, *(ROW.format(n=n, wage=100).replace(",532328,", f",532328{100 + n:03d}203,") for n in range(count))]
    return write_rows(path, rows)


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="counts the open files in /proc")
def test_a_workbook_of_more_townships_than_files_a_program_may_open_by_default(
    engine_name: str, tmp_path: Path
) -> None:
    """Each township sheet is a temporary file openpyxl holds open until the workbook is saved: 1 100
    townships under the limit of 1 024 open files many Linux systems set by default stopped on an internal
    error (exit 70). The limit is raised to the system's most; here the soft limit is set 30 files above
    what the process holds, and 60 townships are written."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    low = len(list(Path("/proc/self/fd").iterdir())) + 30
    source = _townships(tmp_path / "in.csv", 60)
    resource.setrlimit(resource.RLIMIT_NOFILE, (low, hard))
    try:
        run = score_file(source, tmp_path / "out.xlsx", tmp_path / "e.csv", "--engine", engine_name)
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    assert run.code == 0, run.err
    book = load_workbook(tmp_path / "out.xlsx", read_only=True)
    try:
        assert len(book.sheetnames) == 62  # the summary, 60 townships, the refused rows
    finally:
        book.close()


def test_a_workbook_past_the_most_files_the_system_allows_is_told(
    engine_name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the system's most open files (its hard limit, 100 here), the run stops with exit 2 saying so, in
    English and Chinese, and what to write instead; no workbook is left."""
    from fanpin.io import workbook

    monkeypatch.setattr(workbook, "open_files_limit", lambda: (100, 100))
    source = _townships(tmp_path / "in.csv", 60)
    run = score_file(source, tmp_path / "out.xlsx", tmp_path / "e.csv", "--engine", engine_name)
    assert run.code == 2, run.err
    assert f"error: {tmp_path / 'out.xlsx'}: the workbook has more than 36 townships, each a sheet" in run.err
    assert "write CSV or Parquet instead (--format csv or --format parquet)" in run.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]
    monkeypatch.setenv("FANPIN_MESSAGES", "zh")
    run = score_file(source, tmp_path / "out.xlsx", tmp_path / "e.csv", "--engine", engine_name)
    told = "工作簿的乡镇超过 36 个，每个乡镇一张工作表，超出了本系统允许程序同时打开的 100 个文件；请改为输出 CSV"
    assert run.code == 2 and run.err.startswith(f"fanpin: 错误：{tmp_path / 'out.xlsx'}：{told}"), run.err
