"""The file pipeline's guarantees on both engines: ``fanpin score --engine batch|durable`` and
:func:`fanpin.pipeline.score_path` with either engine object.

One road for both engines: the same bytes, the errors file, exit codes, no overwriting of the input,
``.part`` files until a run completes, duplicates across chunks, progress. Every test runs once per engine
(the ``engine_name`` / ``either_engine`` fixtures of ``tests/conftest.py``). Formats and awkward rows are
in ``test_files.py``.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import threading
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from fanpin import Engine, Scorer
from fanpin.batch import BatchEngine
from fanpin.errors import InputFileError, OutputError
from fanpin.io.readers import open_rows
from fanpin.messages import chinese
from fanpin.model.values import mask_numbers
from fanpin.pipeline import score_path, scored
from fanpin.pipeline.scored import _duplicate_candidates
from fanpin.results.columns import HEADERS, OUTPUT_COLUMNS, REJECTED_HEADERS
from fanpin.results.sentences import Lang
from fanpin.synthetic import write_person_export_csv
from tests.helpers import (
    AS_OF,
    HEADER,
    REGION,
    ROW,
    SCORE_ARGS,
    Run,
    county_of_another_region,
    csv_workbook,
    households_file,
    read_csv,
    run_cli,
    score_file,
    write_rows,
)
from tests.paths import HOUSEHOLDS_CSV


def score(engine_name: str, source: Path, folder: Path, *options: object, fmt: str = "csv") -> tuple[Run, Path, Path]:
    """``fanpin score SOURCE --engine ENGINE`` into ``folder``: (what it did, output path, errors path)."""
    out, errors = folder / f"{engine_name}.{fmt}", folder / f"{engine_name}.errors.csv"
    return score_file(source, out, errors, "--engine", engine_name, *options), out, errors


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_both_engines_write_the_same_bytes(fmt: str, tmp_path: Path) -> None:
    """The text formats are byte-identical across engines (sentences, plans and explanations included)."""
    written = []
    for engine_name in ("batch", "durable"):
        (code, _, _), out, errors = score(engine_name, HOUSEHOLDS_CSV, tmp_path, fmt=fmt)
        assert code == 3
        written.append((out.read_bytes(), errors.read_bytes()))
    assert written[0] == written[1]


def test_a_header_only_file_gives_header_only_outputs(engine_name: str, tmp_path: Path) -> None:
    source = write_rows(tmp_path / "empty.csv", [HEADER])
    (code, _, err), out, errors = score(engine_name, source, tmp_path)
    assert code == 0, err
    headers = [HEADERS["zh"][c] for c in OUTPUT_COLUMNS]
    assert out.read_text(encoding="utf-8-sig").splitlines() == [",".join([*headers, "备注"])]
    assert errors.read_text(encoding="utf-8-sig").splitlines() == [",".join(REJECTED_HEADERS["zh"].values())]


@pytest.mark.parametrize("layout", ["table", "table.xlsx", "blank rows", "export with titles", "export.xlsx"])
def test_a_file_with_no_row_below_its_header_is_noted(
    engine_name: str, layout: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file with its header and nothing below it (title rows above it or not, blank rows below it), as a
    failed export or one filtered to no household writes, reported "scored 0 households" with exit code 0 and
    no word. The run notes it, in the language of its messages; the exit code stays 0 (no row was refused),
    and a file whose every row is refused gets no such note (exit code 3)."""
    from fanpin.messages import chinese
    from fanpin.pipeline.scored import NO_DATA_ROWS
    from fanpin.synthetic import EXPORT_COLUMNS

    header = ",".join(EXPORT_COLUMNS) if layout.startswith("export") else HEADER
    lines = {"blank rows": [header, ",,,", ""], "export with titles": ["导出标题", "导出时间：2025-06-30", header]}
    rows = lines.get(layout, [header])
    source = write_rows(tmp_path / "in.csv", rows)
    if layout.endswith(".xlsx"):
        source = csv_workbook(source, tmp_path / "in.xlsx")
    (code, _, err), _, _ = score(engine_name, source, tmp_path)
    assert code == 0 and "scored 0 households" in err and f"fanpin: note: {NO_DATA_ROWS}" in err, err
    monkeypatch.setenv("FANPIN_MESSAGES", "zh")
    (code, _, err), _, _ = score(engine_name, source, tmp_path)
    assert code == 0 and f"fanpin: 注意：{chinese(NO_DATA_ROWS)}" in err and NO_DATA_ROWS not in err, err
    monkeypatch.setenv("FANPIN_MESSAGES", "en")
    (code, _, err), _, _ = score(
        engine_name, write_rows(tmp_path / "x.csv", [HEADER, "H1,532328,x,1,1,0,0,0,"]), tmp_path
    )
    assert code == 3 and "scored 0 households" in err and NO_DATA_ROWS not in err, err


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_duplicates_are_found_across_chunks(either_engine: Engine | BatchEngine, tmp_path: Path, fmt: str) -> None:
    """Chunks of 50 rows give the same files as one chunk: order kept, a 户编号 repeated in a later
    chunk refused as a duplicate (the first occurrence is scored)."""
    lines = HOUSEHOLDS_CSV.read_text(encoding="utf-8").splitlines()
    source = write_rows(tmp_path / "in.csv", [*lines, lines[5], lines[40]])  # two repeats at the end
    repeated = [lines[5].split(",")[0], lines[40].split(",")[0]]
    outputs = []
    for chunk_rows in (50, 1_000_000):
        out, errors = tmp_path / f"{chunk_rows}.{fmt}", tmp_path / f"{chunk_rows}.errors.csv"
        summary = score_path(
            either_engine, source, out, as_of=AS_OF, region=REGION, fmt=fmt,  # type: ignore[arg-type]
            errors=errors, chunk_rows=chunk_rows,
        )  # fmt: skip
        assert (summary.scored, summary.rejected) == (314, 8)  # the six invalid rows and the two repeats
        outputs.append((out, errors.read_bytes()))
    if fmt == "parquet":
        assert pl.read_parquet(outputs[0][0]).equals(pl.read_parquet(outputs[1][0]))
    else:
        assert outputs[0][0].read_bytes() == outputs[1][0].read_bytes()
    assert outputs[0][1] == outputs[1][1]
    duplicates = [r for r in read_csv(tmp_path / "50.errors.csv") if r["reason"].startswith("户编号重复")]
    assert [(r["line"], r["household_id"], r["column"]) for r in duplicates] == [
        ("322", repeated[0], "户编号"),
        ("323", repeated[1], "户编号"),
    ]


def test_duplicates_are_found_in_a_gbk_file_read_in_chunks(either_engine: Engine | BatchEngine, tmp_path: Path) -> None:
    """A GBK file is read from one UTF-8 copy by both the first pass for repeated 户编号 (which runs on a
    thread beside the first chunk) and the chunks: the repeats are refused as in a UTF-8 file."""
    lines = HOUSEHOLDS_CSV.read_text(encoding="utf-8").splitlines()
    rows = [*lines, lines[5], lines[40]]
    utf8, gbk = tmp_path / "utf8.csv", tmp_path / "gbk.csv"
    write_rows(utf8, rows)
    gbk.write_bytes(utf8.read_text(encoding="utf-8").encode("gbk"))
    written = []
    for source in (utf8, gbk):
        out, errors = tmp_path / f"{source.stem}.out.csv", tmp_path / f"{source.stem}.errors.csv"
        summary = score_path(
            either_engine, source, out, as_of=AS_OF, region=REGION, errors=errors, chunk_rows=50
        )  # fmt: skip
        assert (summary.scored, summary.rejected) == (314, 8)
        written.append((out.read_bytes(), errors.read_bytes()))
    assert written[0] == written[1]


@pytest.mark.parametrize("early", [2, 1_000])
def test_repeats_are_found_while_the_first_pass_has_not_answered(
    either_engine: Engine | BatchEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, early: int
) -> None:
    """Until the first pass for repeated 户编号 answers, the check across chunks remembers every id: a first
    pass that answers late (after two chunks) or only when the run ends (every chunk early) gives the
    same files as one that answers at once."""
    lines = HOUSEHOLDS_CSV.read_text(encoding="utf-8").splitlines()
    source = write_rows(tmp_path / "in.csv", [*lines, lines[5], lines[40]])
    real = scored._duplicate_candidates

    def late(info: Any, folder: Path, exact: bool, chunk_rows: int, stop: threading.Event) -> Any:
        stop.wait(timeout=None if early > 100 else 0.5)  # every chunk early: the run's end sets stop
        return real(info, folder, exact, chunk_rows, stop if early > 100 else None)

    written = []
    for slow in (False, True):
        if slow:
            monkeypatch.setattr(scored, "_duplicate_candidates", late)
            monkeypatch.setattr(scored, "EARLY_CHUNKS", early)
        out, errors = tmp_path / f"{slow}.csv", tmp_path / f"{slow}.errors.csv"
        summary = score_path(either_engine, source, out, as_of=AS_OF, region=REGION, errors=errors, chunk_rows=50)
        assert (summary.scored, summary.rejected) == (314, 8)
        written.append((out.read_bytes(), errors.read_bytes()))
    assert written[0] == written[1]


def test_the_first_pass_stops_when_told(tmp_path: Path) -> None:
    """A run stopped early (an error, Ctrl-C, a consumer that stops reading) sets the first pass's stop:
    it gives up at its next block instead of reading the rest of the file."""
    stop = threading.Event()
    stop.set()
    info, rows = open_rows(HOUSEHOLDS_CSV)
    rows.close()  # type: ignore[attr-defined]
    assert _duplicate_candidates(info, tmp_path, False, 50, stop) is None
    candidates = _duplicate_candidates(info, tmp_path, False, 50, threading.Event())
    assert candidates is not None and candidates.len() == 0  # the sample file repeats no 户编号


# ---- the errors file and exit codes -------------------------------------------------------------


def test_the_errors_file_names_line_household_column_value_and_reason(engine_name: str, tmp_path: Path) -> None:
    """One errors-file row per refused cell, in line order, the personal ones masked; a row with two bad
    cells has two errors-file rows."""
    source = write_rows(
        tmp_path / "in.csv",
        [
            HEADER.replace(",备注", ",户主证件号码,住房出现安全问题"),
            "H1,532328,脱贫户,2,1000,0,0,0,,是",
            "H2,532328,脱贫户,2,-500,0,0,0,,",
            "H3,532328,脱贫户,2,1000,0,0,0,53232819900101123X,",  # a bad check digit is a fact, not a refusal
            "H4,532328,脱贫户,2,1000,0,0,0,5323281990010112,也许",
            "H5,532328,脱贫户,2,,0,0,0,,",
            "H1,532328,脱贫户,2,1000,0,0,0,,",
            "H7,532328,脱贫户,0,x,0,0,0,,",
        ],
    )
    (code, _, err), out, errors = score(engine_name, source, tmp_path)
    assert code == 3
    rows = [tuple(r.values()) for r in read_csv(errors)]
    assert [r[:4] for r in rows] == [
        ("3", "H2", "工资性收入", "-500"),
        ("5", "H4", "住房出现安全问题", "也*"),  # Chinese text far from 是/否: masked, as a name may be
        ("6", "H5", "工资性收入", ""),
        ("7", "H1", "户编号", "H1"),
        ("8", "H7", "家庭人口数", "0"),
        ("8", "H7", "工资性收入", "x"),
    ]
    reasons = [r[4] for r in rows]
    assert "不能为负数" in reasons[0] and "是/否" in reasons[1] and "必填项为空" in reasons[2]
    assert reasons[3].startswith("户编号重复")
    assert [r["household_id"] for r in read_csv(out)] == ["H1", "H3"]
    # The count is of input rows: H7's row has two errors-file rows (it was counted twice, as cells)
    assert "rejected 5 row(s)" in err


def test_the_counts_of_rejected_rows_are_rows_not_cells(engine_name: str, tmp_path: Path) -> None:
    """A row with three refused cells is one rejected row in the summary, the command's message and the
    workbook's overview (each said 3), and three entries in the errors file."""
    from openpyxl import load_workbook

    from fanpin.io.workbook import WORDS

    source = write_rows(tmp_path / "in.csv", [HEADER, "H1,532328,脱贫户,2,1000,,,,", "H2,532328,脱贫户,2,1000,0,0,0,"])
    (code, _, err), _, errors = score(engine_name, source, tmp_path)
    assert code == 3 and "rejected 1 row(s)" in err, err
    assert [r["line"] for r in read_csv(errors)] == ["2", "2", "2"]
    workbook = tmp_path / "out.xlsx"
    run = run_cli(
        "score", source, *SCORE_ARGS, "--engine", engine_name, "--out", workbook, "--errors", tmp_path / "e2.csv"
    )
    assert run.code == 3 and "rejected 1 row(s)" in run.err
    overview = {r[0]: r[1] for r in load_workbook(workbook)[WORDS["zh"]["summary"]].iter_rows(values_only=True) if r}
    assert overview[WORDS["zh"]["refused"]] == 1


def test_a_check_of_the_whole_row_names_the_cell_it_is_about(engine_name: str, tmp_path: Path) -> None:
    """劳动力人数 over 家庭人口数, and a 监测户 whose 监测对象类别 says neither population: the errors file's
    column and value were empty, where a clerk filters by them; they name the cell the reason names first."""
    header = (
        "户编号,行政区划代码,户类型,家庭人口数,劳动力人数,工资性收入,生产经营性收入,财产性收入,转移性收入,监测对象类别"
    )
    source = write_rows(
        tmp_path / "in.csv", [header, "H1,532328,脱贫户,1,10,100,0,0,0,", "H2,532328,监测户,1,1,100,0,0,0,abc"]
    )
    errors = tmp_path / "e.csv"
    code, _, err = score_file(source, tmp_path / "o.csv", errors, "--engine", engine_name, "--lang", "en")
    assert code == 3, err
    rows = [(r["line"], r["household_id"], r["column"], r["value"]) for r in read_csv(errors)]
    assert rows == [("2", "H1", "劳动力人数", "10"), ("3", "H2", "监测对象类别", "abc")]


def test_a_date_at_midnight_is_the_date_and_one_with_a_time_of_day_is_refused_saying_so(
    engine_name: str, tmp_path: Path
) -> None:
    """pandas and a spreadsheet write a date kept as a date and time with its midnight (2025-06-30 00:00:00):
    refused as "not a date", it is the date now; another time of day is refused saying so, on both engines."""
    header = "户编号,行政区划代码,户类型,家庭人口数,工资性收入,生产经营性收入,财产性收入,转移性收入,贷款到期日"
    cells = ["2025-06-30 00:00:00", "2025-06-30T00:00", "2025/06/30 00:00:00.0", "2025-06-30 08:30:00"]
    rows = [f"H{i},532328,脱贫户,1,100,0,0,0,{cell}" for i, cell in enumerate(cells)]
    source = write_rows(tmp_path / "in.csv", [header, *rows])
    errors = tmp_path / "e.csv"
    code, _, err = score_file(source, tmp_path / "o.csv", errors, "--engine", engine_name, "--lang", "zh")
    assert code == 3, err
    assert [(r["household_id"], r["reason"]) for r in read_csv(errors)] == [
        ("H3", "日期后面带有时刻：日期列只填日期，时刻不读取；请只填日期 2025-06-30")
    ]
    assert [r["household_id"] for r in read_csv(tmp_path / "o.csv")] == ["H0", "H1", "H2"]


def test_a_date_at_midnight_in_every_spelling_is_the_date_in_a_date_and_a_month_column(
    engine_name: str, tmp_path: Path
) -> None:
    """A CSV saved from a sheet of Chinese Excel or WPS writes a date kept with its time as 2025/6/30 0:00:
    refused as "not a date" (and as "not a month" in 识别监测时间, with 2025-06-01 00:00:00 too), it is the
    date, and the month, as the same day without its time is; another time of day is refused saying so in
    every spelling, on both engines."""
    header = "户编号,行政区划代码,户类型,家庭人口数,工资性收入,生产经营性收入,财产性收入,转移性收入,贷款到期日"
    header += ",识别监测时间"
    cells = [
        ("2025/6/30 0:00", "2025-06-01 00:00:00"),
        ("2025-6-30 0:00:00", "2025/6/1 0:00"),
        ("2025/6/30 00:00:00", "2025年6月1日 0:00"),
        ("2025年6月30日 0:00", "2025.6.1 00:00"),
        ("2025/6/30 9:30", "202506"),
        ("2025年6月30日 8:00", "202506"),
        ("2025-06-30", "2025/6/1 9:30"),
    ]
    rows = [f"H{i},532328,脱贫户,1,100,0,0,0,{due},{month}" for i, (due, month) in enumerate(cells)]
    source = write_rows(tmp_path / "in.csv", [header, *rows])
    errors = tmp_path / "e.csv"
    code, _, err = score_file(source, tmp_path / "o.csv", errors, "--engine", engine_name, "--lang", "zh")
    assert code == 3, err
    assert [(r["household_id"], r["column"], r["reason"]) for r in read_csv(errors)] == [
        ("H4", "贷款到期日", "日期后面带有时刻：日期列只填日期，时刻不读取；请只填日期 2025-06-30"),
        ("H5", "贷款到期日", "日期后面带有时刻：日期列只填日期，时刻不读取；请只填日期 2025-06-30"),
        ("H6", "识别监测时间", "日期或年月后面带有时刻：年月列只填年月，时刻不读取；请填 202506"),
    ]
    plain = [f"H{i},532328,脱贫户,1,100,0,0,0,2025-06-30,202506" for i in range(4)]
    code, _, err = score_file(
        write_rows(tmp_path / "plain.csv", [header, *plain]), tmp_path / "p.csv", tmp_path / "pe.csv",
        "--engine", engine_name,
    )  # fmt: skip
    assert code == 0, err
    assert (tmp_path / "o.csv").read_bytes() == (tmp_path / "p.csv").read_bytes()


def test_the_errors_file_masks_personal_values(engine_name: str, tmp_path: Path) -> None:
    number = "532328199001011234"
    source = write_rows(
        tmp_path / "in.csv",
        [HEADER.replace(",备注", ",户主证件号码,联系电话"), f"H1,532328,脱贫户,0,1000,0,0,0,{number},13812345678"],
    )
    (code, _, _), out, errors = score(engine_name, source, tmp_path)
    assert code == 3
    text = errors.read_text(encoding="utf-8-sig") + out.read_text(encoding="utf-8-sig")
    assert number not in text and "13812345678" not in text


def test_exit_code_0_when_every_row_is_scored(engine_name: str, tmp_path: Path) -> None:
    source = households_file(tmp_path / "in.csv", [1000, 20000])
    (code, _, err), out, errors = score(engine_name, source, tmp_path)
    assert code == 0, err
    assert len(read_csv(out)) == 2
    assert read_csv(errors) == []


def test_exit_code_3_when_a_row_is_rejected(engine_name: str, tmp_path: Path) -> None:
    source = households_file(tmp_path / "in.csv", [1000, "-1"])
    (code, _, err), _, errors = score(engine_name, source, tmp_path)
    assert code == 3
    assert f"scored 1 household from {source}" in err and "rejected 1 row(s)" in err
    assert [r["household_id"] for r in read_csv(errors)] == ["H2"]


@pytest.mark.parametrize(
    ("options", "words"),
    [
        (("--rules", "no-such-folder"), "rules folder not found"),
        (("--rules", "EMPTY"), "the rules folder holds no .yaml or .yml file"),  # it gave the reference results
        (("--chunk-rows", "0"), "--chunk-rows must be at least 1"),
        (("--as-of", "2019-01-01", "--strict-parameters"), "has no value for region 532328 on 2019-01-01"),
    ],
    ids=["rules-folder", "empty-rules-folder", "chunk-rows", "strict-parameters"],
)
def test_exit_code_2_on_a_configuration_error(
    engine_name: str, tmp_path: Path, options: tuple[str, ...], words: str
) -> None:
    """A configuration error stops the run with exit code 2, a message, and no output under the real names."""
    source = households_file(tmp_path / "in.csv", [1000])
    (tmp_path / "empty").mkdir()
    options = tuple(str(tmp_path / "empty") if o == "EMPTY" else o for o in options)
    (code, _, err), out, errors = score(engine_name, source, tmp_path, *options)
    assert code == 2
    assert words in err
    assert not out.exists() and not errors.exists()


def test_strict_parameters_names_the_first_region_without_a_value_in_file_order(
    engine_name: str, tmp_path: Path
) -> None:
    """With --strict-parameters the run stops at a region code without a value: it named one of them at
    random (polars' counts came in any order), so two runs, or the two engines, named different ones. It names
    the region as the warnings do: dibao_line has Yunnan's values only, so Guangdong's household lacks Guangdong's
    (the first in the file, after Yunnan's; not Beijing's, first in order of the codes)."""
    rows = [f"H{n},{code},脱贫户,2,1000,0,0,0,x" for n, code in enumerate(["532328", "440305", "110101", "650102"])]
    source = write_rows(tmp_path / "in.csv", [HEADER, *rows])
    for _ in range(3):
        (code, _, err), _, _ = score(engine_name, source, tmp_path, "--strict-parameters")
        assert code == 2 and "region 44 on" in err and "region 11" not in err and "region 65" not in err, err


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_strict_parameters_names_the_file_line_and_household_of_the_region(
    engine_name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """The stop of --strict-parameters named the parameter and the region, but no file, line or household:
    the clerk had to search the file for the code. Now it names the file, the line of the region's first
    household and its 户编号, the same on both engines, for a table (in chunks) and for an export. The region is
    named as the warnings name it: the province, 13, whose value dibao_line lacks (it had named the code of the
    household, 130102, and said to add a value for it)."""
    monkeypatch.setenv("FANPIN_MESSAGES", lang)
    rows = [f"H{n},{'130102' if n in (5, 7) else '532328'},脱贫户,2,1000,0,0,0,x" for n in range(9)]
    source = write_rows(tmp_path / "in.csv", [HEADER, *rows])
    (code, _, err), _, _ = score(engine_name, source, tmp_path, "--strict-parameters", "--chunk-rows", "3")
    said = {
        "en": f"error: {source}:7: parameter dibao_line (rural minimum living standard (dibao)) has no value for "
        "region 13 on 2025-06-30 (the region of 户编号 H5, the file's first household there) [parameter-missing]",
        "zh": f"错误：{source}:7：参数 dibao_line（农村低保标准）在 2025-06-30 没有地区 13 的取值"
        "（文件中该地区的第一户：户编号 H5）；",
    }
    assert code == 2 and said[lang] in err, err
    export = write_person_export_csv(tmp_path / "export.csv", 3)
    (code, _, err), _, _ = score(engine_name, export, tmp_path, "--strict-parameters", "--region", "130102")
    header, row = list(csv.reader(export.read_text(encoding="utf-8").splitlines()))[2:4]
    first = row[header.index("户编号")]
    where = f"{export}:4: " if lang == "en" else f"{export}:4："
    # sixteen digits, as the scored table writes them (they had been masked as a bank card's number)
    assert code == 2 and where in err and f"户编号 {first}" in err, err


def test_strict_parameters_names_the_county_a_village_code_lies_in(engine_name: str, tmp_path: Path) -> None:
    """A county's parameter given for 楚雄市 (532301) only, households of 大姚县 (532328) by their village codes: the
    stop names the county, 532328, as the warnings of a run without the option do, and says to add a value for
    it (it had named the village code of the first such household and said to add a value for that village)."""
    rows = [f"H{n},532328{n:06d},脱贫户,2,1000,0,0,0,x" for n in range(1, 4)]
    source = write_rows(tmp_path / "in.csv", [HEADER, *rows])
    options = ("--rules", county_of_another_region(tmp_path), "--as-of", "2025-06-30")
    (code, _, err), _, _ = score(engine_name, source, tmp_path, *options, "--strict-parameters")
    assert code == 2, err
    assert f"{source}:2: parameter local_medical_abs" in err
    assert "has no value for region 532328 on 2025-06-30 (the region of 户编号 H1, the file's first household" in err
    assert "Fix: add a value for region 532328 (or a region containing it)" in err and "532328000001" not in err
    (code, _, err), _, _ = score(engine_name, source, tmp_path, *options)
    assert code == 0 and "has no value for region 532328 on 2025-06-30" in err, err


def test_strict_parameters_masks_a_household_key_that_is_an_id_number(engine_name: str, tmp_path: Path) -> None:
    """The stop of --strict-parameters names the region's first 户编号; one typed as a person's ID number is
    masked there. The chunk keeps its codes' first keys as written and masks the one it names when it stops
    (masking every code's first key of every chunk had taken a tenth of the main thread's time)."""
    person = "110101199003072316"
    rows = ["H1,532328,脱贫户,2,1000,0,0,0,x", f"{person},130102,脱贫户,2,1000,0,0,0,x"]
    source = write_rows(tmp_path / "in.csv", [HEADER, *rows])
    (code, _, err), _, _ = score(engine_name, source, tmp_path, "--strict-parameters")
    assert code == 2 and "region 13 on" in err and f"户编号 {mask_numbers(person)}" in err, err
    assert person not in err and "2316" in mask_numbers(person), err


def test_a_parameter_missing_for_a_region_makes_its_rules_not_evaluable(engine_name: str, tmp_path: Path) -> None:
    """A file mixing Yunnan, Hebei and Guangdong households scores every household; the rules reading
    dibao_line (which only Yunnan has) are not evaluable elsewhere, and a warning names the parameter and
    region 13; Guangdong's households take the national monitoring line, with a warning."""
    source = write_rows(
        tmp_path / "in.csv",
        [
            HEADER,
            "H1,532328,脱贫户,2,1000,0,0,0,a",
            "H2,130102,脱贫户,2,1000,0,0,0,b",
            "H3,130105,一般农户,2,900,0,0,0,c",
            "H4,440103,一般农户,2,900,0,0,0,d",
        ],
    )
    (code, _, err), out, _ = score(engine_name, source, tmp_path)
    assert code == 0, err
    assert (  # English names the parameter by its English label, never its Chinese one
        "warning: parameter dibao_line (rural minimum living standard (dibao)) has no value for region 13 on "
        "2025-06-30: the rules that read it are not evaluable for 2 household(s)" in err
    )
    rows = {r["household_id"]: r for r in read_csv(out)}
    assert "welfare.dibao_band" in rows["H1"]["flags"].split(";")
    for hebei in ("H2", "H3"):
        assert "welfare.dibao_band" in rows[hebei]["not_evaluable"].split(";")
        assert rows[hebei]["income_band"] == "低于监测范围"  # Hebei's own line (7300) applies
    # Guangdong has no line of its own in the reference rules: the national floor, with a warning.
    assert (
        "parameter monitoring_line (monitoring line (per-capita net income)) has no value of its own for region 44 "
        "on 2025-06-30: 1 household(s) were scored with the national value" in err
    )


@pytest.mark.parametrize("chunk_rows", [None, 2])
def test_a_region_warning_counts_the_households_scored_not_the_rows_refused_as_repeats(
    engine_name: str, tmp_path: Path, chunk_rows: int | None
) -> None:
    """The households per region code are counted where a chunk is read, before the check for repeated 户编号
    (on the scoring thread) refuses some of its rows: the count of the warnings leaves those rows out."""
    rows = [
        "H1,130102,脱贫户,2,1000,0,0,0,a",
        "H2,130102,脱贫户,2,1000,0,0,0,b",
        "H1,130102,脱贫户,2,1000,0,0,0,c",  # H1 again: refused
        "H3,440103,一般农户,2,900,0,0,0,d",
        "H3,440103,一般农户,2,900,0,0,0,e",  # H3 again: refused, the only household of its code left
        "H4,130105,一般农户,2,900,0,0,0,f",
    ]
    source = write_rows(tmp_path / "in.csv", [HEADER, *rows])
    options = () if chunk_rows is None else ("--chunk-rows", chunk_rows)
    (code, _, err), _, errors = score(engine_name, source, tmp_path, *options)
    assert code == 3, err
    assert [r["line"] for r in read_csv(errors)] == ["4", "6"]
    assert "no value for region 13 on 2025-06-30: the rules that read it are not evaluable for 3 household(s)" in err
    assert "region 44 on 2025-06-30: 1 household(s) were scored with the national value" in err, err


def test_a_parameter_is_named_by_its_label_in_the_language_of_the_messages(
    engine_name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """English messages named a parameter by its Chinese label (``dibao_line (农村低保标准)``) although the
    parameter file gives ``label_en``: each language now names it by its own label, the warnings at the end of
    a run and the error ``--strict-parameters`` stops at alike."""
    source = write_rows(
        tmp_path / "in.csv", [HEADER, "H1,532328,脱贫户,2,1000,0,0,0,a", "H2,130102,脱贫户,2,1000,0,0,0,b"]
    )
    said = {
        "en": "parameter dibao_line (rural minimum living standard (dibao)) has no value for region 13 on 2025-06-30",
        "zh": "参数 dibao_line（农村低保标准）在 2025-06-30 没有地区 13 的取值",
    }
    for lang, words in said.items():
        monkeypatch.setenv("FANPIN_MESSAGES", lang)
        (code, _, err), _, _ = score(engine_name, source, tmp_path)
        assert code == 0 and words in err, err
        (code, _, err), _, _ = score(engine_name, source, tmp_path, "--strict-parameters")
        assert code == 2 and words in err, err  # it stops naming the region as the warning does
        other = "农村低保标准" if lang == "en" else "rural minimum living standard"
        assert other not in err, err


def test_exit_code_2_on_a_missing_column(engine_name: str, tmp_path: Path) -> None:
    source = write_rows(tmp_path / "in.csv", ["户编号,行政区划代码,户类型,家庭人口数", "H1,532328,脱贫户,2"])
    (code, _, err), out, _ = score(engine_name, source, tmp_path)
    assert code == 2
    assert "工资性收入 (wage_income)" in err and str(source) in err
    assert not out.exists()


# ---- nothing overwritten, nothing half-written --------------------------------------------------


@pytest.mark.parametrize("target", ["--out", "--errors"])
def test_the_input_is_never_overwritten(engine_name: str, target: str, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    shutil.copyfile(HOUSEHOLDS_CSV, source)
    out = source if target == "--out" else tmp_path / "o.csv"
    errors = source if target == "--errors" else tmp_path / "e.csv"
    code, _, err = score_file(source, out, errors, "--engine", engine_name)
    assert code == 2
    assert "overwrite the input" in err
    assert source.read_bytes() == HOUSEHOLDS_CSV.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]  # nothing else written either


def test_score_path_refuses_to_overwrite_the_input(either_engine: Engine | BatchEngine, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    shutil.copyfile(HOUSEHOLDS_CSV, source)
    with pytest.raises(OutputError, match="overwrite the input") as info:
        score_path(either_engine, source, tmp_path / "o.csv", as_of=AS_OF, region=REGION, errors=source)
    assert info.value.code == "output"
    assert source.read_bytes() == HOUSEHOLDS_CSV.read_bytes()


def test_a_completed_run_leaves_no_part_file(engine_name: str, tmp_path: Path) -> None:
    (code, _, _), out, errors = score(engine_name, HOUSEHOLDS_CSV, tmp_path, "--chunk-rows", "100")
    assert code == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([out.name, errors.name])


def _fail_on_the_second_chunk(
    engine_name: str, monkeypatch: pytest.MonkeyPatch, chunk_rows: int, check: Any
) -> list[int]:
    """Make the engine's scoring raise once the second chunk is being scored; ``check()`` runs first.

    The hook differs by engine on purpose: the batch engine scores a whole chunk in one call
    (:meth:`BatchEngine.score`), the durable engine one household per call (:meth:`Engine.evaluate`)."""
    calls: list[int] = []
    if engine_name == "batch":
        real_score = BatchEngine.score

        def batch_score(self: BatchEngine, *args: Any, **kwargs: Any) -> pl.DataFrame:
            calls.append(1)
            if len(calls) == 2:
                check()
                raise RuntimeError("scoring failed")
            return real_score(self, *args, **kwargs)

        monkeypatch.setattr(BatchEngine, "score", batch_score)
    else:
        real_evaluate = Engine.evaluate

        def evaluate(self: Engine, *args: Any, **kwargs: Any) -> Any:
            calls.append(1)
            if len(calls) == chunk_rows + 1:  # the first chunk holds at most chunk_rows households
                check()
                raise RuntimeError("scoring failed")
            return real_evaluate(self, *args, **kwargs)

        monkeypatch.setattr(Engine, "evaluate", evaluate)
    return calls


def test_a_failed_run_leaves_nothing_under_the_real_names(
    engine_name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Output goes to NAME.part and is renamed only when the run completes: a run that fails after its
    first chunk leaves no output file, and a previous run's errors file as it was."""
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    errors.write_text("a previous run's errors\n", encoding="utf-8")

    def mid_run() -> None:
        assert out.with_name("o.csv.part").exists()  # being written …
        assert not out.exists()  # … but not under its real name

    calls = _fail_on_the_second_chunk(engine_name, monkeypatch, 20, mid_run)
    code, _, err = score_file(HOUSEHOLDS_CSV, out, errors, "--engine", engine_name, "--chunk-rows", "20")
    assert code == 70 and "internal error (RuntimeError at " in err and "Traceback" not in err  # the last guard
    assert calls, "the engine's scoring was not called"
    assert not out.exists()
    assert errors.read_text(encoding="utf-8") == "a previous run's errors\n"


# ---- progress -----------------------------------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal_counts_every_row(either_engine: Engine | BatchEngine, tmp_path: Path) -> None:
    """One update per chunk; the total is the file's data rows (its lines after the header line), and the
    bar ends full (it once ended at 320/321, the header counted as a row)."""
    terminal = _Terminal()
    score_path(
        either_engine,
        HOUSEHOLDS_CSV,
        tmp_path / "o.csv",
        as_of=AS_OF,
        region=REGION,
        chunk_rows=100,
        progress=terminal,
        errors=tmp_path / "e.csv",
    )
    updates = terminal.getvalue().split("\r")[1:]
    assert [u.split("]")[1].split(" rows")[0].strip() for u in updates] == [
        "100/320",
        "200/320",
        "300/320",
        "320/320",
    ]
    assert terminal.getvalue().endswith("\n")


#: 532328 in full-width digits (U+FF10…), as an IME sometimes types it.
FULL_WIDTH_REGION = "532328".translate({ord(d): ord(d) + 0xFEE0 for d in "0123456789"})


def test_ambiguous_cells_are_refused_not_misread(engine_name: str, tmp_path: Path) -> None:
    """A decimal comma (1,5 or 8700,00) is refused rather than read as 15 or 870 000 元; a comma that
    groups thousands (8,700.50) is read; full-width digits in 行政区划代码 are refused at validation."""
    source = write_rows(
        tmp_path / "in.csv",
        [
            HEADER,
            'H1,532328,脱贫户,2,"1,5",0,0,0,a',
            'H2,532328,脱贫户,2,"8700,00",0,0,0,b',
            'H3,532328,脱贫户,2,"8,700.50",0,0,0,c',
            f"H4,{FULL_WIDTH_REGION},脱贫户,2,1000,0,0,0,d",
        ],
    )
    (code, _, err), out, errors = score(engine_name, source, tmp_path)
    assert code == 3, err
    assert [r["household_id"] for r in read_csv(out)] == ["H3"]
    assert read_csv(out)[0]["income_per_capita"] == "4350.25"
    refused = {r["household_id"]: r for r in read_csv(errors)}
    assert set(refused) == {"H1", "H2", "H4"}
    for decimal_comma in ("H1", "H2"):
        assert refused[decimal_comma]["column"] == "工资性收入"
        assert refused[decimal_comma]["reason"].startswith("不是金额：逗号只能用作千位分隔")
    assert refused["H4"]["column"] == "行政区划代码"


@pytest.mark.parametrize("second", ["工资性收入", "wage_income"])
def test_a_column_given_twice_is_refused(engine_name: str, second: str, tmp_path: Path) -> None:
    """工资性收入 twice, or wage_income beside 工资性收入: one would be ignored, so the file is refused."""
    source = write_rows(tmp_path / "in.csv", [f"{HEADER},{second}", "H1,532328,脱贫户,2,1000,0,0,0,a,5000"])
    (code, _, err), out, _ = score(engine_name, source, tmp_path)
    assert code == 2
    assert f"columns 5 and 10 (工资性收入, {second}) are the same column" in err
    assert not out.exists()


def test_a_table_with_a_column_given_twice_is_refused_by_the_library() -> None:
    frame = pl.DataFrame({"户编号": ["H1"], "工资性收入": ["1"], "wage_income": ["2"]})
    with pytest.raises(InputFileError, match="columns 工资性收入 and wage_income are the same column"):
        Scorer().score(frame, as_of=AS_OF, region=REGION)


def test_a_malformed_json_lines_line_is_refused_in_its_place(engine_name: str, tmp_path: Path) -> None:
    """One bad line no longer stops the file: it is refused with its own line number (the file's lines,
    blank ones counted), and every other line is scored or refused as usual."""
    good = '{"户编号": "H%d", "行政区划代码": "532328", "户类型": "脱贫户", "家庭人口数": 2, "工资性收入": 1000, ' \
        '"生产经营性收入": 0, "财产性收入": 0, "转移性收入": 0}'  # fmt: skip
    source = write_rows(tmp_path / "in.jsonl", [good % 1, "{broken", "", "[1, 2]", good % 5])
    (code, _, err), out, errors = score(engine_name, source, tmp_path, "--lang", "en")
    assert code == 3, err
    assert [r["household_id"] for r in read_csv(out)] == ["H1", "H5"]
    refused = [(r["line"], r["reason"].split(";")[0]) for r in read_csv(errors)]
    assert refused == [
        ("2", "not JSON (Expecting property name enclosed in double quotes)"),
        ("4", "not a JSON object"),
    ]


def test_personal_numbers_are_masked_wherever_they_stand(engine_name: str, tmp_path: Path) -> None:
    """Masked by header (手机号, phone, 联系人, id_card …) and by content: an ID or mobile number in a
    note, or in a refused cell, never reaches an output or the errors file in clear."""
    source = write_rows(
        tmp_path / "in.csv",
        [
            f"{HEADER},手机号,Phone,id_card,联系人",
            "H1,532328,脱贫户,2,1000,0,0,0,户主532328199001011234电话13812345678,13912345678,13712345678,"
            "53232819900101123X,李某华",
            "H2,532328,脱贫户,532328199001011234,1000,0,0,0,x,,,,",
        ],
    )
    for fmt in ("csv", "jsonl"):
        (code, _, err), out, errors = score(engine_name, source, tmp_path, fmt=fmt)
        assert code == 3, err
        written = out.read_text(encoding="utf-8-sig") + errors.read_text(encoding="utf-8-sig")
        for clear in (
            "532328199001011234",
            "13812345678",
            "13912345678",
            "13712345678",
            "53232819900101123X",
            "李某华",
        ):
            assert clear not in written, (fmt, clear)
        assert "户主5323**********1234电话1381***5678" in written
        assert "5323**********1234" in errors.read_text(encoding="utf-8-sig")  # the refused 家庭人口数


def test_a_quote_never_closed_is_a_clean_error_naming_its_line(engine_name: str, tmp_path: Path) -> None:
    """The rows after an unclosed quote cannot be told apart: exit 2 with the line of the quote, no
    output, and no cell text in the message (it may be personal)."""
    source = write_rows(
        tmp_path / "in.csv",
        [HEADER, "H1,532328,脱贫户,2,1000,0,0,0,a", '"H2,532328,脱贫户,2,1000,0,0,0,李某华', "H3,x"],
    )
    (code, _, err), out, errors = score(engine_name, source, tmp_path)
    assert code == 2
    assert 'in.csv:3: a quote (") is opened and never closed' in err
    assert "李某华" not in err and "Traceback" not in err
    assert not out.exists() and not errors.exists() and list(tmp_path.glob("*.part")) == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_household_without_a_region_code_is_refused_when_no_region_is_given(tmp_path: Path, lang: str) -> None:
    """Without --region, a row whose 行政区划代码 is empty cannot be scored (its parameters are unknown): it
    is refused, the others scored, with the same files on both engines. The durable engine once stopped
    the whole run at it (exit 2, nothing written); the batch engine scored it with every rule that reads
    a parameter not evaluable."""
    rows = [HEADER, "H1,532328,脱贫户,2,5000,0,0,0,a", "H2,,脱贫户,2,5000,0,0,0,b"]
    rows += ["H3,532328,一般农户,3,90000,0,0,0,c", "H2,532328,脱贫户,2,6000,0,0,0,d"]  # H2 again, with its region
    source = write_rows(tmp_path / "in.csv", rows)
    written = set()
    for engine_name in ("batch", "durable"):
        for chunk_rows in ("1", "100"):  # a refused row claims no 户编号, in any chunk: the later H2 is scored
            out, errors = tmp_path / f"{engine_name}.csv", tmp_path / f"{engine_name}.errors.csv"
            run = run_cli(
                "score", source, "--as-of", AS_OF.isoformat(), "--engine", engine_name, "--lang", lang,
                "--out", out, "--errors", errors, "--chunk-rows", chunk_rows,
            )  # fmt: skip
            assert run.code == 3 and "Traceback" not in run.err, run.err
            written.add((out.read_bytes(), errors.read_bytes()))
    assert len(written) == 1
    assert [r["household_id"] for r in read_csv(tmp_path / "batch.csv")] == ["H1", "H3", "H2"]
    [refused] = read_csv(tmp_path / "batch.errors.csv")
    assert (refused["line"], refused["household_id"], refused["column"]) == ("3", "H2", "行政区划代码")
    assert ("--region" in refused["reason"]) and (("必填项为空" in refused["reason"]) == (lang == "zh"))
    # With --region, the row takes it and is scored, as before.
    run = score_file(source, tmp_path / "all.csv", tmp_path / "all.errors.csv")
    assert run.code == 3 and len(read_csv(tmp_path / "all.csv")) == 3  # the second H2 a duplicate


def test_an_evaluation_date_too_late_to_date_a_plan_is_refused_first(engine_name: str, tmp_path: Path) -> None:
    """--as-of 9999-12-31: a measure's due date would pass the last date there is. Both engines once
    stopped with an internal error (an overflow); they now refuse it before reading a row, naming the
    measure with the longest deadline, and write nothing. explain says the same."""
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    run = run_cli(
        "score", HOUSEHOLDS_CSV, "--as-of", "9999-12-31", "--region", REGION, "--engine", engine_name,
        "--out", out, "--errors", errors,
    )  # fmt: skip
    assert run.code == 2 and "Traceback" not in run.err and "internal error" not in run.err
    assert "days after 9999-12-31, past 9999-12-31" in run.err and "earlier evaluation date" in run.err
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    household = read_csv(HOUSEHOLDS_CSV, ids=False)[0]["户编号"]
    run = run_cli("explain", HOUSEHOLDS_CSV, "--household", household, "--as-of", "9999-12-31", "--region", REGION)
    assert run.code == 2 and "past 9999-12-31" in run.err and "Traceback" not in run.err


def _the_same_files_on_both_engines_and_any_chunk(source: Path, tmp_path: Path) -> None:
    """``source`` scored on both engines, in chunks of 1 and 100 rows, into ``o.csv`` and ``e.csv`` of
    ``tmp_path`` (rows refused: exit 3): the same bytes every time."""
    written = set()
    for engine_name in ("batch", "durable"):
        for chunk_rows in ("1", "100"):
            out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
            run = score_file(source, out, errors, "--engine", engine_name, "--chunk-rows", chunk_rows)
            assert run.code == 3 and "Traceback" not in run.err, run.err
            written.add((out.read_bytes(), errors.read_bytes()))
    assert len(written) == 1


@pytest.mark.parametrize("layout", ["table", "export"])
def test_files_joined_with_their_byte_order_marks(tmp_path: Path, layout: str) -> None:
    """Files saved by Excel start with a byte-order mark (U+FEFF); joined into one (``cat``), the second
    one's mark stood at the start of a row, inside its first cell: its header row was not seen again, and
    a 户编号 written there differed from the same 户编号 elsewhere (a repeated household went through, or
    an export's household was split across two 县). The mark is not part of the cell, on both engines and
    in any chunk."""
    from fanpin.synthetic import write_household_csv, write_person_export_csv

    part = tmp_path / "part.csv"
    (write_household_csv if layout == "table" else write_person_export_csv)(part, 4)
    text = part.read_text(encoding="utf-8-sig")
    source = tmp_path / "joined.csv"
    # An export's second part is its data rows only (a mark on a title row would change nothing).
    second = text if layout == "table" else "".join(text.splitlines(keepends=True)[3:])
    source.write_bytes(("\ufeff" + text).encode() + ("\ufeff" + second).encode())
    _the_same_files_on_both_engines_and_any_chunk(source, tmp_path)
    reasons = [r["reason"] for r in read_csv(tmp_path / "e.csv")]
    scored = [r["household_id"] for r in read_csv(tmp_path / "o.csv")]
    again = "该行重复了表头（是否把两个文件拼在了一起？）：请删除该行"
    if layout == "table":  # the second header refused as such, the second copies as repeated households
        firsts = [f"户编号重复：每户只能出现一次；该户编号首次出现在第 {n} 行" for n in (2, 3, 4, 5)]
        assert len(scored) == 4 and reasons == [again, *firsts]
    else:  # each household's rows of both copies are one household's (in one 县): every person listed twice
        rows = len(text.splitlines()) - 3
        again_at = [r["reason"] for r in read_csv(tmp_path / "e.csv") if int(r["line"]) > rows + 3]
        assert scored == [] and len(reasons) == 2 * rows, reasons
        said = r"该成员行与第 \d+ 行逐格相同：同一人列了两次；请删去一行"
        assert all(re.fullmatch(said, r) for r in again_at), again_at
        assert all(r.startswith("该户未评分") for r in reasons[:rows]), reasons


def test_two_tables_joined_into_one_file(tmp_path: Path) -> None:
    """A household table made of two (the second keeps its header row): that row was refused cell by cell,
    a refusal for each column; it is one refusal now, with its own reason, in any chunk and on both
    engines, and every household of both parts is scored."""
    first = [HEADER, *(ROW.format(n=n, wage=1000 * n) for n in (1, 2, 3))]
    second = [f" {HEADER.replace(',', ' , ')} ", *(ROW.format(n=n, wage=1000 * n) for n in (4, 5))]
    source = write_rows(tmp_path / "joined.csv", first + second)
    _the_same_files_on_both_engines_and_any_chunk(source, tmp_path)
    assert [r["household_id"] for r in read_csv(tmp_path / "o.csv")] == ["H1", "H2", "H3", "H4", "H5"]
    [refused] = read_csv(tmp_path / "e.csv")
    assert (refused["line"], refused["household_id"], refused["column"]) == ("5", "", "")
    assert refused["reason"] == "该行重复了表头（是否把两个文件拼在了一起？）：请删除该行"


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("layout", ["table", "export"])
def test_a_file_joined_from_two_with_their_columns_in_other_orders_is_refused_at_the_second_header(
    layout: str, suffix: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two files joined into one, the second exported with two columns swapped: its header was refused as a
    row (cell by cell in a table; an export stopped at a column present twice, naming the wrong fix) and each
    row below it was read under the first header's names: two amounts swapped were scored, wrong. The file
    is refused at the second header, naming the first column that moved, on both engines, with no output."""
    from fanpin.synthetic import write_household_csv, write_person_export_csv

    part = tmp_path / "part.csv"
    (write_household_csv if layout == "table" else write_person_export_csv)(part, 4)
    with part.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    at = 0 if layout == "table" else 2  # the header's line, less one (an export has two title rows)
    header = rows[at]
    wage, transfer = header.index("工资性收入"), header.index("转移性收入")
    order = list(range(len(header)))
    order[wage], order[transfer] = transfer, wage
    second = [[row[i] if i < len(row) else "" for i in order] for row in rows[at:]]
    source = tmp_path / "joined.csv"
    with source.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows([*rows, *second])
    if suffix == ".xlsx":
        source = csv_workbook(source, tmp_path / "joined.xlsx", header_line=at + 1)
    line = len(rows) + 1
    for engine_name in ("batch", "durable"):
        for lang in ("en", "zh"):
            monkeypatch.setenv("FANPIN_MESSAGES", lang)
            (code, _, err), out, errors = score(engine_name, source, tmp_path)
            assert code == 2 and "Traceback" not in err and not out.exists() and not errors.exists(), err
            if lang == "en":
                assert f"{source.name}:{line}: line {line} holds column names as a header does" in err, err
                assert f"(column {wage + 1} is 转移性收入 where the header has 工资性收入)" in err, err
                assert "Fix: put the columns below that line in the header's order" in err, err
            else:
                assert f"第 {line} 行是一行列名（像表头），但列的顺序与表头不同" in err, err
                assert f"第 {wage + 1} 列是 转移性收入，而表头此处是 工资性收入" in err, err
                assert "请把该行以下各列排成与表头相同的顺序" in err and "holds" not in err, err


def test_a_parameter_missing_for_a_county_is_one_warning_for_its_villages(engine_name: str, tmp_path: Path) -> None:
    """A county's parameter given for another county of the province was one warning per village code (668
    lines for a county's 314 households); it is one per county, naming what the region lacks."""
    folder = tmp_path / "county"
    folder.mkdir()
    (folder / "p.yaml").write_text(
        'case_defaults: {region: "532301", as_of: 2025-06-30}\nparameters:\n  elderly_age:\n    label: 老年人年龄\n'
        '    unit: years\n    values:\n      - {region: "532301", from: 2024-01-01, value: 60, source: 测试}\n'
        "rules:\n  - id: local.elder\n    title: {zh: 老人, en: elder}\n    level: info\n    kind: audit\n"
        "    when: any(members, age >= elderly_age)\n    basis: test\n    cases:\n"
        "      - {name: a, members: [{出生日期: 1950-01-01}], expect: fires}\n"
        "      - {name: b, members: [{出生日期: 2000-01-01}], expect: silent}\n"
        "      - {name: c, facts: {}, expect: not_evaluable}\n",
        encoding="utf-8",
    )
    rows = [f"H{n},53232810120{n},脱贫户,2,1000,0,0,0,x" for n in range(1, 6)]
    source = write_rows(tmp_path / "in.csv", [HEADER, *rows])
    (code, _, err), _, _ = score(engine_name, source, tmp_path, "--rules", folder)
    assert code == 0, err
    warnings = [line for line in err.splitlines() if "elderly_age" in line]
    assert warnings == [
        "fanpin: warning: parameter elderly_age has no value for region 532328 on 2025-06-30: the rules "
        "that read it are not evaluable for 5 household(s); add a value for region 532328 (or a region containing "
        "it): it has values for 532301 only (--rules DIR)"
    ], err


# ---- a 户编号 written two ways ----------------------------------------------------------------------

#: A household table whose 户编号 H2, H3 and H4 are each written two ways (an invisible character, a small
#: letter, a full-width letter; H3 a third time as before), H5 twice the same way, H2's second spelling in
#: the last chunk but one, and H8 with a space inside it in the last (`H 8` and `H8` had been two households).
_TWO_WAYS = ["H\u200b2", "H1", "h3", "H3", "\uff284", "H5", "H4", "H5", "H3", "H6", "H2", "H8", "H 8"]


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])  # split by polars with a first pass, and read row by row
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_id_written_two_ways_refuses_every_row_of_it(
    either_engine: Engine | BatchEngine, tmp_path: Path, fmt: str, lang: Lang
) -> None:
    """``H2`` and ``H2`` with a zero-width space (or ``h3`` and ``H3``, a full-width H4 and ``H4``) were two households,
    each scored; only exact repeats were refused. They are one 户编号 written two ways, as the person-level
    export groups its rows (key_text): every row of it is refused, the first ones too (the file is scored
    again once such an id is found past its first row), and a spelling repeated exactly is a duplicate as
    before. The same files on both engines, whatever the chunks."""
    from fanpin.model.columns import DUPLICATE_FIRST, ID_TWO_WAYS
    from fanpin.results.reasons import reason_text

    rows = [ROW.format(n=0, wage=1000).replace("H0", i, 1) for i in _TWO_WAYS]
    if fmt == "csv":
        source = write_rows(tmp_path / "in.csv", [HEADER, *rows])
    else:
        header = HEADER.split(",")
        lines = [json.dumps(dict(zip(header, r.split(","), strict=True)), ensure_ascii=False) for r in rows]
        source = write_rows(tmp_path / "in.jsonl", lines)
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    summary = score_path(
        either_engine, source, out, as_of=AS_OF, region=REGION, errors=errors, chunk_rows=3, lang=lang, headers="ids"
    )
    assert [r["household_id"] for r in read_csv(out)] == ["H1", "H5", "H6"]
    two_ways = reason_text(ID_TWO_WAYS, lang)
    shift = 0 if fmt == "csv" else 1  # a JSON Lines file has no header line
    # an exact repeat names the line of its spelling's first row (in the file's lines: a JSON Lines file has no
    # header line)
    h5, h3 = (reason_text(DUPLICATE_FIRST.format(line=n - shift), lang) for n in (7, 5))
    refused = [(str(int(r["line"]) + shift), r["reason"]) for r in read_csv(errors)]
    assert refused == [
        ("2", two_ways), ("4", two_ways), ("5", two_ways), ("6", two_ways), ("8", two_ways), ("9", h5),
        ("10", h3), ("12", two_ways), ("13", two_ways), ("14", two_ways),
    ]  # fmt: skip
    assert (summary.scored, summary.rejected) == (3, 10)
    assert not summary.notes


def test_an_id_written_two_ways_is_noted_when_the_output_cannot_be_written_again(
    either_engine: Engine | BatchEngine, tmp_path: Path
) -> None:
    """Into a device or a pipe, the run is not made again: the later rows are refused, and a note says that
    the first was scored and how to have it refused."""
    source = write_rows(
        tmp_path / "in.csv", [HEADER, *(ROW.format(n=0, wage=1).replace("H0", i) for i in ["H2", "h2"])]
    )
    summary = score_path(
        either_engine, source, Path("/dev/null"), as_of=AS_OF, region=REGION, errors=tmp_path / "e.csv", fmt="csv"
    )
    assert (summary.scored, summary.rejected) == (1, 1)
    assert summary.notes == [
        "户编号 written two ways (H2): the later rows of each are refused, but the first was scored, as the output "
        "goes to a device or a pipe, which cannot be written again; score into files to have every row of them "
        "refused"
    ]
    # its reason says the same of the row (it had said every row of the 户编号 was refused)
    from fanpin.model.columns import ID_TWO_WAYS_LATER
    from fanpin.results.reasons import reason_text

    assert [r["原因"] for r in read_csv(tmp_path / "e.csv", ids=False)] == [reason_text(ID_TWO_WAYS_LATER, "zh")]


@pytest.mark.parametrize("given", ["dicts", "frame", "members", "households"])
def test_the_library_refuses_an_id_written_two_ways_in_a_table(given: str) -> None:
    """Scorer.score of a table in memory refuses the rows of a 户编号 written two ways as a file's run does."""
    from fanpin import Household
    from fanpin.model.columns import DUPLICATE_FIRST, ID_TWO_WAYS
    from fanpin.results.reasons import reason_text

    base = {"户编号": "", "行政区划代码": REGION, "户类型": "脱贫户", "家庭人口数": 2, "工资性收入": 1000,
            "生产经营性收入": 0, "财产性收入": 0, "转移性收入": 0}  # fmt: skip
    records: list[dict[str, object]] = [base | {"户编号": i} for i in _TWO_WAYS]
    data: object = {
        "dicts": records,
        "frame": pl.DataFrame(records).cast(pl.String),
        "members": [r | {"家庭成员": []} for r in records],
        "households": [Household.model_validate(r) for r in records],
    }[given]
    result = Scorer().score(data, as_of=AS_OF, lang="en")
    assert result.scored.get_column("household_id").to_list() == ["H1", "H5", "H6"]
    two_ways = reason_text(ID_TWO_WAYS, "en")
    h5, h3 = (reason_text(DUPLICATE_FIRST.format(line=n), "en") for n in (7, 5))
    assert result.rejected.select("line", "reason").rows() == [
        (2, two_ways), (4, two_ways), (5, two_ways), (6, two_ways), (8, two_ways), (9, h5), (10, h3),
        (12, two_ways), (13, two_ways), (14, two_ways),
    ]  # fmt: skip


#: A 户编号 that is an ID number (a county keying its households by the head's), and the same with a small x.
_ID_KEYED = "53232819900101999X"


def _read_refusals(source: Path, lang: Lang) -> list[tuple[int, str, str, str, str]]:
    """The refusals of ``read_households`` and of ``households_in`` (which must agree), as the errors file
    writes them: (line, 户编号, column, value, reason in ``lang``)."""
    from fanpin.io import RejectedRow, households_in, read_households
    from fanpin.model.export_columns import masked_refused_value
    from fanpin.model.values import visible
    from fanpin.results.reasons import reason_text

    _, rows = read_households(source, region=REGION)
    refused = [r for r in rows if isinstance(r, RejectedRow)]
    assert refused == [r for r in households_in(source, region=REGION) if isinstance(r, RejectedRow)]
    return [
        (
            r.line,
            visible(r.household_id),
            r.column,
            masked_refused_value(r.column, visible(r.value)),
            reason_text(r.reason, lang),
        )
        for r in refused
    ]


def _read_ids(source: Path) -> list[str]:
    """The 户编号 of the households ``read_households`` and ``households_in`` give (they must agree)."""
    from fanpin import Household
    from fanpin.io import ReadRow, households_in, read_households

    read = [r.household.household_id for r in read_households(source, region=REGION)[1] if isinstance(r, ReadRow)]
    assert read == [h.household_id for h in households_in(source, region=REGION) if isinstance(h, Household)]
    return read


def _errors_file(
    engine: Engine | BatchEngine, source: Path, folder: Path, lang: Lang
) -> tuple[list[str], list[tuple[int, str, str, str, str]]]:
    """The 户编号 ``score_path`` scores and its errors file's rows (line, 户编号, column, value, reason)."""
    out, errors = folder / "o.csv", folder / "e.csv"
    score_path(engine, source, out, as_of=AS_OF, region=REGION, errors=errors, lang=lang, headers="ids")
    refused = [(int(r["line"]), r["household_id"], r["column"], r["value"], r["reason"]) for r in read_csv(errors)]
    return [r["household_id"] for r in read_csv(out)], refused


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "xlsx"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_row_readers_refuse_an_id_written_two_ways_as_score_does(
    either_engine: Engine | BatchEngine, tmp_path: Path, fmt: str, lang: Lang
) -> None:
    """read_households and households_in read ``H2`` and ``H2`` with a zero-width space (``h3`` and ``H3``, ``H4`` in
    full-width letters and ``H4``) as two households, refusing only exact repeats, where score refuses every
    row of such an id. They refuse the rows score refuses, with its reasons in either language and its masked
    values: a 户编号 that is an ID number, written with X and with x, is masked where quoted (it had been
    quoted in clear as a repeat's value). A row the model refuses claims no 户编号: ``H7`` refused, ``h7`` is
    read. Whichever the engine, and whether the file is read from its path or from a workbook already open."""
    from openpyxl import Workbook

    from fanpin.masking import mask_numbers, personal_key
    from fanpin.model.columns import DUPLICATE_FIRST, ID_TWO_WAYS
    from fanpin.results.reasons import reason_text

    ids = [*_TWO_WAYS, _ID_KEYED, _ID_KEYED.lower(), "H7", "h7"]
    rows = [ROW.format(n=0, wage=-5 if i == "H7" else 1000).replace("H0", i, 1) for i in ids]
    header = HEADER.split(",")
    source = tmp_path / f"in.{fmt}"
    if fmt == "csv":
        write_rows(source, [HEADER, *rows])
    elif fmt == "jsonl":
        write_rows(source, [json.dumps(dict(zip(header, r.split(","), strict=True)), ensure_ascii=False) for r in rows])
    else:
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        for cells in (header, *(r.split(",") for r in rows)):
            sheet.append(cells)
        book.save(source)
    read = _read_refusals(source, lang)
    scored_ids, refused = _errors_file(either_engine, source, tmp_path, lang)
    # The library's readers hand the host its own 户编号, as written (explain finds a household by it); the
    # errors file masks one that is a person's number (an ID number) in its 户编号 column too.
    assert [(n, mask_numbers(i) if personal_key(i) else i, *rest) for n, i, *rest in read] == refused
    assert any(personal_key(i) for _, i, *_ in read) and not any(personal_key(i) for _, i, *_ in refused)
    assert _read_ids(source) == scored_ids == ["H1", "H5", "H6", "h7"]
    two_ways = reason_text(ID_TWO_WAYS, lang)
    shift = 0 if fmt != "jsonl" else 1  # a JSON Lines file has no header line
    h5, h3 = (reason_text(DUPLICATE_FIRST.format(line=n - shift), lang) for n in (7, 5))
    assert [(line + shift, reason) for line, *_, reason in read if reason in (two_ways, h5, h3)] == [
        (2, two_ways), (4, two_ways), (5, two_ways), (6, two_ways), (8, two_ways), (9, h5), (10, h3),
        (12, two_ways), (13, two_ways), (14, two_ways), (15, two_ways), (16, two_ways),
    ]  # fmt: skip
    assert [value for *_, value, reason in read if reason == two_ways][-2:] == [
        "5323**********999X",
        "5323**********999x",
    ]
    assert [(line + shift, household_id) for line, household_id, *_ in read][:2] == [(2, "H<U+200B>2"), (4, "h3")]


def test_the_row_readers_read_an_ordinary_table_as_before(either_engine: Engine | BatchEngine, tmp_path: Path) -> None:
    """A table without a 户编号 written two ways is read as it was, and as score reads it: exact repeats
    refused at their later rows, a row the model refuses claiming no 户编号 (the later ``H3`` is read), a
    blank row no row; the example table too."""
    from fanpin.model.columns import DUPLICATE_FIRST
    from fanpin.results.reasons import reason_text

    rows = [ROW.format(n=n, wage=w) for n, w in ((1, 1000), (2, 1000), (3, -5), (1, 2000), (3, 1000), (2, 3))]
    source = write_rows(tmp_path / "in.csv", [HEADER, *rows[:3], ",,,,,,,,", *rows[3:]])
    read = _read_refusals(source, "en")
    assert [line for line, *_ in read] == [4, 6, 8]
    h1, h2 = (reason_text(DUPLICATE_FIRST.format(line=n), "en") for n in (2, 3))  # the first rows' lines
    assert read[1:] == [(6, "H1", "户编号", "H1", h1), (8, "H2", "户编号", "H2", h2)]
    assert _read_ids(source) == ["H1", "H2", "H3"]
    assert _errors_file(either_engine, source, tmp_path, "en") == (["H1", "H2", "H3"], read)
    example = tmp_path / "example"
    example.mkdir()
    assert _errors_file(either_engine, HOUSEHOLDS_CSV, example, "zh") == (
        _read_ids(HOUSEHOLDS_CSV),
        _read_refusals(HOUSEHOLDS_CSV, "zh"),
    )


def test_members_born_after_the_evaluation_date_are_noted(engine_name: str, tmp_path: Path) -> None:
    """A member born after --as-of has an unknown age, and the rules reading ages (the data checks') are not
    evaluable for the household: that had been said nowhere. The run's note counts them and names their
    households (two members of one household: that household once), on both engines."""
    header = (
        "县,乡,村,户编号,行政区划代码,姓名,证件号码,与户主关系,户类型,监测对象类别,"
        "工资性收入,生产经营性收入,财产性收入,转移性收入,出生日期"
    )
    rows = [
        "大姚县,金碧镇,龙街村,H1,532328101201,张三,,户主,脱贫户,,9000,0,0,0,1960-01-01",
        "大姚县,金碧镇,龙街村,H1,532328101201,张四,,子,脱贫户,,9000,0,0,0,2030-01-01",
        "大姚县,金碧镇,龙街村,H1,532328101201,张六,,子,脱贫户,,9000,0,0,0,2030-02-01",
        "大姚县,金碧镇,龙街村,H2,532328101201,李五,,户主,脱贫户,,9000,0,0,0,2031-05-05",
    ]
    source = write_rows(tmp_path / "export.csv", [header, *rows])
    run = run_cli(
        "score", source, "--as-of", "2025-06-30", "--checks", "with", "--engine", engine_name,
        "--out", tmp_path / "o.csv", "--errors", tmp_path / "e.csv",
    )  # fmt: skip
    assert run.code == 0, run.err
    assert "3 member(s) were born after the evaluation date 2025-06-30 (户编号 H1, H2): their age is unknown" in run.err
    note = next(n for n in run.err.splitlines() if "born after" in n).removeprefix("fanpin: note: ")
    assert chinese(note) == (
        "有 3 名成员（户编号 H1, H2）的出生日期晚于评估日期 2025-06-30：他们的年龄未知，"
        "读取年龄的规则对其所在户无法判断；请核对出生日期（或证件号码所含的出生日期），或用更晚的 --as-of 评分"
    )
    later = run_cli(
        "score", source, "--as-of", "2031-12-31", "--checks", "with", "--engine", engine_name,
        "--out", tmp_path / "o2.csv", "--errors", tmp_path / "e2.csv",
    )  # fmt: skip
    assert later.code == 0 and "born after" not in later.err, later.err
    if engine_name == "batch":  # Scorer.score of a path gives the notes fanpin score prints, as_of= for --as-of
        from fanpin import Scorer, load_rulebook

        notes = Scorer(load_rulebook(checks="with")).score(source, as_of=AS_OF).notes
        assert [n for n in notes if "born after" in n] == [
            "3 member(s) were born after the evaluation date 2025-06-30 (户编号 H1, H2): their age is unknown, and "
            "the rules reading it are not evaluable for their households; check 出生日期 (or the date the ID "
            "number encodes), or score with a later as_of="
        ]


#: Three monitored households of an export: H1 eliminated (帮扶消除) in January 2024, four months before it was
#: identified; H2 identified in August 2025, after --as-of; H3 eliminated five months after identification.
MONITORING_MONTHS = [
    ("H1", "202405", "是", "帮扶消除", "202401"),
    ("H2", "202508", "否", "", ""),
    ("H3", "202401", "是", "帮扶消除", "202406"),
]


def _monitoring_export(path: Path) -> Path:
    header = (
        "县,乡,村,户编号,行政区划代码,姓名,证件号码,与户主关系,户类型,监测对象类别,致贫/返贫风险1,"
        "识别监测时间,风险是否已消除,风险消除方式,消除监测时间,工资性收入,生产经营性收入,财产性收入,转移性收入"
    )
    rows = [
        f"大姚县,金碧镇,龙街村,{h},532328101201,张三,,户主,一般农户,边缘易致贫户,因病,{identified},{eliminated},"
        f"{method},{month},9000,0,0,0"
        for h, identified, eliminated, method, month in MONITORING_MONTHS
    ]
    return write_rows(path, [header, *rows])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_months_in_the_wrong_order_are_no_short_monitoring(engine_name: str, lang: str, tmp_path: Path) -> None:
    """消除监测时间 before 识别监测时间 made 2_11_002 and 5_18_009 report a negative duration ("-4 months < 6"):
    the clerk was told the risk was eliminated too soon, when the two months are in the wrong order. The
    data checks of a short duration are silent then (there is no duration from identification to elimination),
    and fanpin's own data.elimination_before_identification (no national code) names the fault, on both
    engines; the reference rule audit.elimination_invalid fires as its policy reads (not six months monitored)."""
    source = _monitoring_export(tmp_path / "export.csv")
    run = run_cli(
        "score", source, "--as-of", "2025-06-30", "--checks", "with", "--engine", engine_name, "--lang", lang,
        "--out", tmp_path / "o.jsonl", "--errors", tmp_path / "e.csv", "--findings", tmp_path / "f.jsonl",
    )  # fmt: skip
    assert run.code == 0, run.err
    records = {r["household_id"]: r for r in map(json.loads, (tmp_path / "o.jsonl").read_text("utf-8").splitlines())}
    fired = {h: {f["rule_id"] for f in r["flags"]} for h, r in records.items()}
    assert "data.elimination_before_identification" in fired["H1"]
    assert "checks.elimination_within_six_months" not in fired["H1"]
    assert "audit.elimination_invalid" in fired["H1"]  # never monitored six months, as the reference rule reads
    assert {"checks.elimination_within_six_months", "audit.elimination_invalid"} <= fired["H3"]
    assert "data.elimination_before_identification" not in fired["H2"] | fired["H3"]
    findings = [json.loads(line) for line in (tmp_path / "f.jsonl").read_text("utf-8").splitlines()]
    assert {(f["household_id"], f["code"]) for f in findings if f["code"] in ("2_11_002", "5_18_009")} == {
        ("H3", "2_11_002")
    }
    assert not [f for f in findings if "-4" in f["values"].split("\n")]


#: Four households with a 识别监测时间 after 2025-06, the first keyed by a person's ID number.
KEYS_LATER = ("532328199001011234", "H2", "H3", "H4")


def test_monitoring_months_after_the_evaluation_date_are_noted(engine_name: str, tmp_path: Path) -> None:
    """A 识别监测时间 or 消除监测时间 after --as-of passed silently, while a member born after it is noted: the
    run's note counts the households with such a month, on both engines, in English and Chinese, for an
    export and a household table alike."""
    source = _monitoring_export(tmp_path / "export.csv")
    later = "1 household(s) have 识别监测时间 or 消除监测时间 after the month of the evaluation date 2025-06-30"
    named = f"{later} (户编号 H2): the rules"
    run = run_cli(
        "score", source, "--as-of", "2025-06-30", "--checks", "with", "--engine", engine_name,
        "--out", tmp_path / "o.csv", "--errors", tmp_path / "e.csv",
    )  # fmt: skip
    assert run.code == 0 and named in run.err, run.err
    note = next(n for n in run.err.splitlines() if later in n).removeprefix("fanpin: note: ")
    assert chinese(note) == (
        "有 1 户（户编号 H2）的识别监测时间或消除监测时间晚于评估日期 2025-06-30 所在的月份：规则按所填月份读取"
        "（距今月数为负，要求距今满若干月的规则不会触发）；请核对这两个月份，或用更晚的 --as-of 评分"
    )
    august = run_cli(
        "score", source, "--as-of", "2025-08-01", "--checks", "with", "--engine", engine_name,
        "--out", tmp_path / "o2.csv", "--errors", tmp_path / "e2.csv",
    )  # fmt: skip
    assert august.code == 0 and "识别监测时间 or 消除监测时间" not in august.err, august.err
    table = write_rows(
        tmp_path / "households.csv",
        [
            "户编号,行政区划代码,户类型,家庭人口数,工资性收入,生产经营性收入,财产性收入,转移性收入,监测对象类别,识别监测时间,消除监测时间",
            "H1,532328,一般农户,2,9000,0,0,0,边缘易致贫户,202507,",
            "H2,532328,一般农户,2,9000,0,0,0,边缘易致贫户,202401,202604",
            "H3,532328,一般农户,2,9000,0,0,0,边缘易致贫户,202401,",
        ],
    )
    household_run = run_cli(
        "score", table, "--as-of", "2025-06-30", "--engine", engine_name,
        "--out", tmp_path / "o3.csv", "--errors", tmp_path / "e3.csv",
    )  # fmt: skip
    assert household_run.code == 0, household_run.err
    assert f"{later} (户编号 H1, H2): the rules".replace("1 household(s)", "2 household(s)") in household_run.err
    # The first three are named, a person's number masked, the rest told as more.
    many = write_rows(
        tmp_path / "many.csv",
        [
            "户编号,行政区划代码,户类型,家庭人口数,工资性收入,生产经营性收入,财产性收入,转移性收入,监测对象类别,识别监测时间",
            *(f"{k},532328,一般农户,2,9000,0,0,0,边缘易致贫户,202507" for k in KEYS_LATER),
        ],
    )
    many_run = run_cli(
        "score", many, "--as-of", "2025-06-30", "--engine", engine_name,
        "--out", tmp_path / "o4.csv", "--errors", tmp_path / "e4.csv",
    )  # fmt: skip
    assert many_run.code == 0, many_run.err
    assert "4 household(s) have 识别监测时间 or 消除监测时间" in many_run.err
    assert "(户编号 5323**********1234, H2, H3, …)" in many_run.err and "532328199001011234" not in many_run.err


def test_an_output_name_as_long_as_a_name_may_be_is_written(engine_name: str, tmp_path: Path) -> None:
    """An --out name of 251 to 255 bytes (84 Chinese characters) is a valid name, but NAME.part is not: the
    run was refused with a fix about the folder and its disk. Its .part file is named shorter, beside it. A
    name longer than any file's is refused as such."""
    out = tmp_path / ("甲" * 83 + ".csv")  # 253 bytes, 258 with .part
    errors = tmp_path / "e.csv"
    run = score_file(HOUSEHOLDS_CSV, out, errors, "--engine", engine_name)
    assert run.code == 3 and "Traceback" not in run.err, run.err
    assert out.read_bytes().startswith(b"\xef\xbb\xbf") and not list(tmp_path.glob("*.part"))
    longer = tmp_path / ("甲" * 84 + ".csv")  # 256 bytes: no file may be so named (it was an internal error, 70)
    run = score_file(HOUSEHOLDS_CSV, longer, errors, "--engine", engine_name)
    assert run.code == 2 and "the --out file name is 256 bytes long, more than a file name may be" in run.err
    report = run_cli("report", out, "--out", tmp_path / ("甲" * 84 + ".html"))  # the report's own --out too
    assert report.code == 2 and "the --out file name is 257 bytes long" in report.err, report.err


@pytest.mark.parametrize(("fmt", "lang"), [("csv", "zh"), ("csv", "en"), ("parquet", "zh"), ("xlsx", "zh")])
def test_a_scored_file_given_to_score_again_is_told_so(engine_name: str, fmt: str, lang: str, tmp_path: Path) -> None:
    """A clerk gives fanpin score its own output: it was refused for the input columns it lacks, or, in
    Parquet, for its lists, neither saying what the file is. One scored with --keep-columns all holds the
    household's columns too, and is scored again (a later date's run)."""
    scored = tmp_path / f"scored.{fmt}"
    first = score_file(HOUSEHOLDS_CSV, scored, tmp_path / "e.csv", "--lang", lang)
    assert first.code == 3, first.err
    (code, _, err), out, _ = score(engine_name, scored, tmp_path)
    assert code == 2 and "Traceback" not in err and not out.exists(), err
    assert "this is a table fanpin score wrote (its columns " in err and "run fanpin report on it" in err, err
    if fmt == "csv":
        whole = tmp_path / "whole.csv"
        assert score_file(HOUSEHOLDS_CSV, whole, tmp_path / "e.csv", "--keep-columns", "all").code == 3
        (code, _, err), _, _ = score(engine_name, whole, tmp_path)
        assert code == 0 and "fanpin score wrote" not in err, err  # its refused rows are not in it
