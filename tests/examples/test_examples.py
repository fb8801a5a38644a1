"""Every example script runs, as a user would run it (a fresh interpreter, from the repository root),
and says what it shows. examples/embed_service.py has its own test (test_embed_service.py)."""

from __future__ import annotations

import ast
import csv
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from fanpin import Scorer
from tests.examples.conftest import load_example
from tests.helpers import AS_OF, EXPORT_SCORED, HEADER, REGION, ROW, read_csv, write_rows
from tests.paths import EXAMPLES, EXPORT_GBK_CSV, EXPORT_XLSX, HOUSEHOLDS_CSV, ROOT

#: The scripts that use fanpin (the data generators make_*.py are run by make demo and their own tests;
#: plants.py is make_export.py's data, tested by test_plants.py).
SCRIPTS = ("quickstart", "audit_roster", "embed_service", "property_test_thresholds", "score_county")


def run(script: str, *args: object, **env_extra: str) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"PYTHONPATH": str(ROOT)} | env_extra
    command = [sys.executable, str(EXAMPLES / f"{script}.py"), *map(str, args)]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False)


def test_every_example_says_what_it_shows_and_how_to_run_it() -> None:
    found = {p.stem for p in EXAMPLES.glob("*.py") if not p.stem.startswith("make_") and p.stem != "plants"}
    assert found == set(SCRIPTS)
    for script in SCRIPTS:
        doc = ast.get_docstring(ast.parse((EXAMPLES / f"{script}.py").read_text(encoding="utf-8")))
        assert doc is not None, script
        assert "What it shows" in doc and "Run it" in doc and f"examples/{script}.py" in doc, script


def test_quickstart() -> None:
    done = run("quickstart")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "H1：预警等级 红，收入区间 低于监测范围"  # one language (it printed "alert red" once)
    assert any("住房出现安全问题" in line for line in lines)
    assert lines[-1].startswith("帮扶计划： 农村危房改造（住建局，")


def test_audit_roster_computes_the_reports_statistics(tmp_path: Path) -> None:
    done = run("audit_roster", HOUSEHOLDS_CSV, "--as-of", AS_OF, "--region", REGION, "--out-dir", tmp_path)
    assert done.returncode == 0, done.stderr
    with (tmp_path / "audit-roster.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = {row["statistic"]: row for row in csv.DictReader(f)}
    assert len(rows) == 5
    # Cross-check with the rules: the formerly poor households below 5000 元 are those income.deep_low
    # flags (its threshold is the same parameter), among the scored formerly poor households.
    scored = Scorer().score(HOUSEHOLDS_CSV, as_of=AS_OF, region=REGION).scored
    poor = scored.filter(scored["household_id"].is_in(_formerly_poor()))
    deep_low = poor.filter(poor["flags"].list.contains("income.deep_low")).height  # flags: a list of rule ids
    row = rows["formerly poor households below 5000 yuan"]
    assert (row["count"], row["base"]) == (str(deep_low), str(poor.height))
    assert row["threshold"] == "deep_low_line = 5000 (地方实践，无官方标准)"
    assert "3.79 %" in row["report"]
    over = rows["monitored households at or above 2 × the line"]
    assert "over_inclusion_multiple = 2" in over["threshold"] and "monitoring_line = 8700" in over["threshold"]
    chart = ET.parse(tmp_path / "audit-roster.svg").getroot()
    assert chart.tag.endswith("svg") and len(chart.findall("{http://www.w3.org/2000/svg}rect")) == 5
    assert "314 households" in done.stdout and "6 rows rejected" in done.stdout


def _formerly_poor() -> list[str]:
    return [r["户编号"] for r in read_csv(HOUSEHOLDS_CSV, ids=False) if r["户类型"] == "脱贫户"]


def test_audit_roster_reads_the_export_too(tmp_path: Path) -> None:
    done = run("audit_roster", EXPORT_XLSX, "--out-dir", tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"{EXPORT_SCORED} households" in done.stdout and (tmp_path / "audit-roster.svg").is_file()
    # the public-welfare posts are the members' (公益性岗位): the statistic had been n/a, 0/0 known
    said = next(line for line in done.stdout.splitlines() if "public-welfare job" in line)
    assert "n/a" not in said and "= 3/3" in said, said


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--as-of", "2010-01-01"), "deep_low_line (deep low-income line) has no value for region 532328"),
        (("--out-dir", "/proc/audit"), "audit_roster: error: cannot write into /proc/audit"),
    ],
    ids=["before-the-thresholds", "unwritable"],
)
def test_audit_roster_says_what_to_fix_without_a_traceback(args: tuple[str, ...], said: str, tmp_path: Path) -> None:
    """A date before the thresholds' first value, and an output folder it cannot write, were a traceback."""
    done = run("audit_roster", HOUSEHOLDS_CSV, "--out-dir", tmp_path, *args)
    assert done.returncode == 2 and said in done.stderr and "Traceback" not in done.stderr, done.stderr


def test_audit_roster_told_a_file_for_its_out_dir_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file given as --out-dir (or a folder below one) had been told only the system's "File exists"."""
    (tmp_path / "file").write_text("x", encoding="utf-8")
    for out_dir in (tmp_path / "file", tmp_path / "file" / "sub"):
        assert load_example("audit_roster").main([str(HOUSEHOLDS_CSV), "--out-dir", str(out_dir)]) == 2
        said = capsys.readouterr().err
        assert f"cannot write into {out_dir}: it, or a folder above it, is a file, not a folder. Fix:" in said, said


def test_the_property_tests_of_the_county_override_hold() -> None:
    # 10 examples a property (its own default, 100, took 23 s of the suite); FANPIN_SLOW=1 draws 3000
    quick = {} if os.environ.get("FANPIN_SLOW") else {"FANPIN_EXAMPLES": "10"}
    done = run("property_test_thresholds", **quick)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "6 properties hold for county_override (532328, 2025-06-30)"


@pytest.mark.parametrize(
    ("source", "towns"), [(HOUSEHOLDS_CSV, 45), (EXPORT_XLSX, 4)], ids=["table", "export"]
)  # the export: four 乡 (its rejected rows once made a fifth, 乡镇不明)
def test_score_county_scores_and_summarises_per_township(source: Path, towns: int, tmp_path: Path) -> None:
    beside = {p.name: p.stat().st_mtime_ns for p in source.parent.iterdir()}  # a user's own runs may add files
    done = run("score_county", source, "--as-of", AS_OF, "--region", REGION, "--out-dir", tmp_path)
    assert done.returncode == 3, done.stderr  # the example data holds rejected rows on purpose
    scored = read_csv(tmp_path / f"{source.stem}.scored.csv")
    rejected = read_csv(tmp_path / f"{source.stem}.rejected.csv")
    summary = read_csv(tmp_path / "township-summary.csv")
    assert len(summary) == towns
    assert sum(int(r["households"]) for r in summary) == len(scored)
    assert sum(int(r["rejected_rows"]) for r in summary) == len({r["line"] for r in rejected})
    # each rejected row is counted under its own township (they were all 乡镇不明 once)
    assert all(r["rejected_rows"] == "0" for r in summary if r["乡镇"] == "（乡镇不明）")
    levels = sum(int(r[level]) for r in summary for level in ("红", "橙", "黄", "无"))
    assert levels == len(scored)
    below = sum(1 for r in scored if r["income_band"] == "低于监测范围")
    assert below > 0 and sum(int(r["below_line"]) for r in summary) == below
    workbook = load_workbook(tmp_path / f"{source.stem}.scored.xlsx", read_only=True)
    try:
        assert len(workbook.sheetnames) >= 3  # a summary, one or more townships, the rejected rows
    finally:
        workbook.close()
    report = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert report.startswith("<!DOCTYPE html>") and "http://" not in report and "https://" not in report
    assert {p.name: p.stat().st_mtime_ns for p in source.parent.iterdir()} == beside  # nothing written beside it


def test_score_county_writes_a_township_named_as_a_formula_as_text(tmp_path: Path) -> None:
    """The township summary is a CSV with a byte-order mark, for Excel: a 乡 of the export named
    =cmd|'/C calc'!A0 was written as a live formula; it is written as fanpin's own CSV writes such a cell."""
    with EXPORT_GBK_CSV.open(encoding="gb18030", newline="") as text:
        rows = list(csv.reader(text))
    at = next(i for i, row in enumerate(rows) if "户编号" in row)
    town = rows[at].index("乡")
    for row in rows[at + 1 :]:
        row[town] = "=cmd|'/C calc'!A0"
    source = tmp_path / "export.csv"
    with source.open("w", encoding="utf-8", newline="") as text:
        csv.writer(text).writerows(rows)
    done = run("score_county", source, "--as-of", AS_OF, "--region", REGION, "--out-dir", tmp_path / "out")
    assert done.returncode == 3, done.stderr
    summary = (tmp_path / "out" / "township-summary.csv").read_text(encoding="utf-8-sig").splitlines()
    assert [line.split(",")[0] for line in summary[1:]] == ["'=cmd|'/C calc'!A0"]


def test_score_county_counts_a_household_keyed_by_a_persons_number_under_its_township(tmp_path: Path) -> None:
    """A 户编号 that is a person's number is masked in the scored file (1381***5678), which the summary had joined
    with the reader's 户编号 in clear: such households were counted under 乡镇不明, their township known."""
    header = "户编号,行政区划代码,户类型,家庭人口数,工资性收入,生产经营性收入,财产性收入,转移性收入"
    rows = ["13812345678,532328101203,脱贫户,2,1,1,1,1", "532328199001011238,532328102203,脱贫户,2,1,1,1,1"]
    source = tmp_path / "in.csv"
    source.write_text("\n".join([header, *rows, "H3,532328102203,脱贫户,2,1,1,1,1"]) + "\n", encoding="utf-8")
    done = run("score_county", source, "--as-of", AS_OF, "--out-dir", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    summary = read_csv(tmp_path / "out" / "township-summary.csv")
    assert {r["乡镇"]: r["households"] for r in summary} == {"532328101": "1", "532328102": "2"}


def test_score_county_prints_the_runs_notes_and_warnings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """What ``fanpin score`` prints beside its summary: households of a region without a parameter's value (their
    rules not evaluable), a header that looks misspelt. The script had scored such a file without a word."""
    header = "户编号,行政区划代码,户类型,家庭人口数,工资性收入,生产经营性收入,财产性收入,转移性收入,合规自负支出"
    source = tmp_path / "in.csv"
    source.write_text(f"{header}\nH1,522622101201,脱贫户,2,1,1,1,1,0\n", encoding="utf-8")
    args = [str(source), "--as-of", str(AS_OF), "--out-dir", str(tmp_path / "o")]
    assert load_example("score_county").main(args) == 0
    said = capsys.readouterr().err.splitlines()
    assert any(line.startswith("score_county: warning: parameter dibao_line") and "region 52" in line for line in said)
    assert any(line.startswith("score_county: note: the column 合规自负支出") for line in said), said


def test_score_county_reports_a_bad_input_cleanly(tmp_path: Path) -> None:
    done = run("score_county", tmp_path / "missing.csv", "--as-of", date(2025, 6, 30), "--out-dir", tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr and "no such file" in done.stderr


@pytest.mark.parametrize(
    ("script", "args"),
    [
        ("quickstart", ()),
        ("property_test_thresholds", ()),
        ("score_county", (HOUSEHOLDS_CSV, "--as-of", "2025-06-30", "--region", "532328", "--out-dir", "{tmp}")),
        ("audit_roster", (HOUSEHOLDS_CSV, "--as-of", "2025-06-30", "--region", "532328", "--out-dir", "{tmp}")),
        ("make_households", ("--out-dir", "{tmp}")),
    ],
)
def test_a_script_whose_output_is_no_longer_read_stops_quietly(
    script: str, args: tuple[object, ...], tmp_path: Path
) -> None:
    """``python examples/property_test_thresholds.py | head -1``: the reader goes away after its line, and the
    script's next print (or its last flush, as it exited) raised BrokenPipeError, a traceback under the one
    line asked for. Here the pipe is closed before the script writes at all; it stops as the fanpin command
    does, with 141 and nothing on standard error."""
    env = os.environ | {"PYTHONPATH": str(ROOT), "FANPIN_EXAMPLES": "2"}
    command = [sys.executable, str(EXAMPLES / f"{script}.py"), *(str(a).format(tmp=tmp_path) for a in args)]
    with subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as child:
        assert child.stdout is not None and child.stderr is not None
        child.stdout.close()
        error = child.stderr.read().decode()
        code = child.wait(timeout=600)
    assert (code, error) == (141, "")


@pytest.mark.parametrize("script", ["score_county", "audit_roster"])
def test_an_example_told_a_date_written_otherwise_says_how_to_write_it(
    script: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The examples read --as-of with date.fromisoformat: ``--as-of 2025/06/30`` said only "invalid
    fromisoformat value". They read it as fanpin's commands do, saying what is wrong and how to write it."""
    for written, said in (
        ("2025/06/30", "'2025/06/30' is not written YYYY-MM-DD; write 2025-06-30"),
        ("2025-02-29", "'2025-02-29' is no such day in the calendar"),
    ):
        with pytest.raises(SystemExit) as stopped:
            load_example(script).main([str(HOUSEHOLDS_CSV), "--as-of", written, "--out-dir", str(tmp_path)])
        assert stopped.value.code == 2
        err = capsys.readouterr().err
        assert f"argument --as-of: {said}" in err and "fromisoformat" not in err, err


def test_the_county_scripts_speak_the_systems_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """score_county.py and audit_roster.py printed English whatever the system's language, fanpin's errors too,
    where ``fanpin`` speaks Chinese on a Chinese system: now they say what they did, and an error of fanpin's with
    its fix, as the command does (FANPIN_MESSAGES, else LANG)."""
    monkeypatch.delenv("FANPIN_MESSAGES")
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    source = write_rows(tmp_path / "in.csv", [HEADER, ROW.format(n=1, wage=100), ROW.format(n=2, wage="abc")])
    county, audit = load_example("score_county"), load_example("audit_roster")
    out = tmp_path / "out"
    assert county.main([str(source), "--as-of", "2025-06-30", "--out-dir", str(out)]) == 3
    said = capsys.readouterr()
    assert said.out.startswith(f"已评分 {source} 的 1 户（评估日期 2025-06-30），写入 {out / 'in.scored.csv'}\n")
    assert f"未评分 1 行，列于 {out / 'in.rejected.csv'}\n" in said.out
    # the printed table's header in the language spoken (it had been 乡镇 | households | … | 红 | 橙 … either way)
    assert "乡镇 | 户数 | 未评分行 | 红 | 橙 | 黄 | 无 | 低于监测线 | 有核查发现\n" in said.out
    assert county.main([str(source), "--as-of", "2025-06-30", "--rules", str(tmp_path / "none")]) == 2
    assert (
        capsys.readouterr().err
        == f"score_county: 错误：{tmp_path / 'none'}：找不到规则文件夹；请给出存放规则 YAML 文件的文件夹 [config]\n"
    )
    assert audit.main([str(source), "--as-of", "2025-06-30", "--out-dir", str(out)]) == 0
    assert capsys.readouterr().out.startswith("in.csv：1 户，评估日期 2025-06-30（未评分 1 行）\n- ")
    assert audit.main([str(source), "--out-dir", str(source)]) == 2
    assert capsys.readouterr().err.startswith(
        f"audit_roster: 错误：无法写入 {source}：它或它上层的某一项是文件而不是文件夹"
    )
    monkeypatch.setenv("FANPIN_MESSAGES", "en")  # chosen over the system's language, as for fanpin
    assert load_example("score_county").main([str(source), "--as-of", "2025-06-30", "--out-dir", str(out)]) == 3
    said = capsys.readouterr()
    assert said.out.startswith(f"scored 1 households of {source} on 2025-06-30 into ")
    assert (
        "township | households | rejected_rows | red | orange | yellow | none | below_line | audit_finding\n"
        in said.out
    )
