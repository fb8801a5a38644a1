"""``fanpin report``: one self-contained HTML file whose figures are those of the scored file.

The scored file comes from either engine (they write the same rows). The test reads the numbers each
chart carries (``data-*`` attributes) and compares them with those computed here from the scored Parquet;
it checks that nothing in the page refers to the network; and, where a headless Chromium is installed,
that the page renders without a console error (a blocked request would be one) and fills its table.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
import subprocess
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Literal

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from fanpin import Rulebook, load_rulebook
from fanpin.errors import OutputError
from fanpin.report import read_scored
from fanpin.results.columns import ALERT_LEVEL_ZH, HEADERS
from tests.helpers import HEADER, ROW, SCORE_ARGS, by_id, read_csv, run_cli, score_file, write_rows
from tests.paths import EXPORT_XLSX, HOUSEHOLDS_CSV, ROOT

LEVEL_ID = {label: level for level, label in ALERT_LEVEL_ZH.items()}


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example data scored on each engine, as Parquet and CSV (with the head's name kept, masked)."""
    folder = tmp_path_factory.mktemp("scored")
    paths = {}
    for engine_name in ("batch", "durable"):
        for fmt in ("parquet", "csv"):
            out = folder / f"{engine_name}.{fmt}"
            code, _, err = score_file(
                HOUSEHOLDS_CSV, out, folder / "e.csv", "--engine", engine_name, "--keep-columns", "户主姓名,备注"
            )
            assert code == 3, err
            paths[f"{engine_name}.{fmt}"] = out
    return paths


def _report(source: Path, out: Path, *options: str) -> str:
    run = run_cli("report", source, "--out", out, *options)
    assert run.code == 0, run.err
    return out.read_text(encoding="utf-8")


def _attributes(page: str, element: str, kind: str | None = None) -> list[dict[str, str]]:
    found = []
    for tag in re.findall(rf"<{element}\b[^>]*>", page):
        attributes = dict(re.findall(r'([\w-]+)="([^"]*)"', tag))
        if kind is None or attributes.get("data-kind") == kind:
            found.append(attributes)
    return found


def test_the_report_is_offline_and_its_figures_are_the_scored_files(
    engine_name: str, scored: dict[str, Path], book: Rulebook, tmp_path: Path
) -> None:
    page = _report(scored[f"{engine_name}.parquet"], tmp_path / "report.html")
    frame = by_id(pl.read_parquet(scored[f"{engine_name}.parquet"])).with_columns(
        pl.col("alert_level").cast(pl.String).replace_strict(LEVEL_ID).alias("level"),
        pl.col("income_per_capita").cast(pl.Float64).alias("income"),
    )

    # Nothing refers to the network: no URL, no source or link to fetch, and a policy that forbids any.
    assert not re.search(r"(?i)https?:|//[\w.-]+\.[a-z]{2,}|\bsrc=|\bhref=|<link\b|@import|url\(", page)
    assert "default-src 'none'" in page
    assert page.count("<script") == 2  # the page's own script and its data, both inline

    # 1. households per township and village, by alert level
    townships = frame.group_by(pl.col("region_code").str.slice(0, 9).alias("t")).agg(pl.len(), pl.col("level"))
    want = {t: (n, Counter(levels)) for t, n, levels in townships.iter_rows()}
    groups = _attributes(page, "g", "township")
    assert {g["data-key"]: int(g["data-value"]) for g in groups} == {t: n for t, (n, _) in want.items()}
    segments = re.findall(r'<g class="area" data-kind="township" data-key="(\d+)".*?</g>', page)
    assert len(segments) == len(want)
    for code, body in re.findall(r'<g class="area" data-kind="township" data-key="(\d+)"[^>]*>(.*?)</g>', page):
        drawn = {s["data-level"]: int(s["data-value"]) for s in _attributes(body, "rect") if "data-level" in s}
        assert drawn == {k: v for k, v in want[code][1].items()}, code
    villages = frame.group_by(pl.col("region_code").str.slice(0, 12)).len()
    shown = {v["data-key"]: int(v["data-value"]) for v in _attributes(page, "tr") if v.get("class") == "village"}
    assert shown == dict(villages.iter_rows())

    # 2. the income distribution: 1000-yuan bins from 0 to 2.5 × 8700 (22 000), the line at 8700
    line = 8700.0
    last = 22_000
    incomes = frame.get_column("income").to_list()
    bins = {f"{lo}–{lo + 1000}": sum(1 for x in incomes if lo <= x < lo + 1000) for lo in range(0, last, 1000)}
    if any(x >= last for x in incomes):
        bins[f"≥ {last}"] = sum(1 for x in incomes if x >= last)
    if any(x < 0 for x in incomes):
        bins["< 0"] = sum(1 for x in incomes if x < 0)
    drawn_bins = {b["data-bin"]: int(b["data-value"]) for b in _attributes(page, "rect") if b.get("class") == "bin"}
    assert drawn_bins == bins and sum(drawn_bins.values()) == frame.height
    assert [a["data-value"] for a in _attributes(page, "line") if a.get("class") == "line"] == ["8700"]
    assert {a["data-band"] for a in _attributes(page, "rect") if a.get("class") == "band"} == {
        "below_line", "near_line", "above_line", "far_above"
    }  # fmt: skip
    assert line == 8700.0

    # 3. the most frequent rules and the findings
    flags = Counter(f for cell in frame.get_column("flags").to_list() for f in cell)
    audits = {r for r, rule in book.rules.items() if rule.spec.kind == "audit"}
    ranked = sorted(flags.items(), key=lambda kv: (-kv[1], kv[0]))
    drawn_flags = [(g["data-key"], int(g["data-value"])) for g in _attributes(page, "g", "flag")]
    assert drawn_flags == [(r, n) for r, n in ranked if r not in audits][:15]
    drawn_findings = {g["data-key"]: int(g["data-value"]) for g in _attributes(page, "g", "finding")}
    assert drawn_findings == {r: n for r, n in flags.items() if r in audits} and drawn_findings
    assert book.rules["income.below_line"].spec.title.zh in page

    # 4. the workload: measures per department, and per department and week they fall due
    per_department: Counter[str] = Counter()
    per_week: Counter[tuple[str, str]] = Counter()
    for as_of, measures in frame.select("as_of", "measures").iter_rows():
        for m in measures:
            measure = book.measures[m]
            per_department[measure.department] += 1
            due = as_of + timedelta(days=measure.deadline_days)
            per_week[(measure.department, (due - timedelta(days=due.weekday())).isoformat())] += 1
    assert {g["data-key"]: int(g["data-value"]) for g in _attributes(page, "g", "department")} == dict(per_department)
    grid = [c for c in _attributes(page, "td") if "data-week" in c]
    cells = {(c["data-department"], c["data-week"]): int(c["data-value"]) for c in grid}
    assert {k: v for k, v in cells.items() if v} == dict(per_week)

    # 5. the households: every one, names masked
    data = json.loads(re.search(r'<script type="application/json" id="household-data">(.*?)</script>', page, re.S)[1])  # type: ignore[index]
    assert len(data["rows"]) == frame.height
    assert "户主姓名" in data["columns"]
    names = {row["cells"][1] for row in data["rows"]}
    assert all(re.fullmatch(r".\*+", n) for n in names if n)
    raw = pl.read_csv(HOUSEHOLDS_CSV, infer_schema=False).get_column("户主姓名").drop_nulls().to_list()
    assert not any(name in page for name in raw if len(name) > 1)


def test_the_same_report_from_either_engine_and_any_format(scored: dict[str, Path], tmp_path: Path) -> None:
    pages = {name: _report(path, tmp_path / f"{name}.html") for name, path in scored.items()}
    assert len(set(pages.values())) == 1, sorted(pages)


def test_an_english_report(scored: dict[str, Path], tmp_path: Path) -> None:
    page = _report(scored["batch.parquet"], tmp_path / "en.html", "--lang", "en")
    assert "Households by alert level, per township and village" in page and 'lang="en"' in page
    assert "Civil Affairs Bureau" in page
    visible = re.sub(r"<[^>]+>|<script.*?</script>", " ", re.sub(r"<script.*?</script>", "", page, flags=re.S))
    assert not re.search(r"[\u4e00-\u9fff]", re.sub(r"\([^)]*\)", "", visible).replace("户主姓名", ""))


def test_risk_types_read_in_the_reports_language_whatever_the_files(scored: dict[str, Path], tmp_path: Path) -> None:
    """The table's risk types were shown as the scored file wrote them (因病 in an English report of a
    Chinese file, illness in a Chinese one of an English file), beside plans in the report's language."""
    english = tmp_path / "en.csv"
    assert score_file(HOUSEHOLDS_CSV, english, tmp_path / "e.csv", "--lang", "en").code == 3
    for source, lang, other in ((scored["batch.csv"], "en", "因病"), (english, "zh", "illness")):
        data = re.search(
            r'id="household-data"[^>]*>(.*?)</script>', _report(source, tmp_path / "r.html", "--lang", lang), re.S
        )
        assert data is not None
        risks = {row["cells"][-2] for row in json.loads(data.group(1))["rows"]}
        assert other not in "、".join(risks) and ("illness" if lang == "en" else "因病") in "、".join(risks)


def test_a_file_that_is_not_scored_is_refused(tmp_path: Path) -> None:
    run = run_cli("report", HOUSEHOLDS_CSV, "--out", tmp_path / "r.html")
    assert run.code == 2 and "not a scored file" in run.err and "Traceback" not in run.err
    # Said at its header, before its rows: a household table's row longer than its header had been the error
    # (line 322 has 52 cells and the header 50: not a row fanpin score wrote), where the file is no scored one.
    table = tmp_path / "table.csv"
    lines = HOUSEHOLDS_CSV.read_text(encoding="utf-8-sig").splitlines()
    table.write_text("\n".join([*lines, "合计" + "," * (lines[0].count(",") + 2)]) + "\n", encoding="utf-8")
    run = run_cli("report", table, "--out", tmp_path / "r.html")
    assert run.code == 2 and "table.csv: not a scored file: it has none of the columns fanpin score adds" in run.err
    assert "score it first" in run.err
    # a person-level export, its title rows first: told the same (it had been "no column 户编号", which it has)
    from fanpin.synthetic import write_person_export_csv

    export = write_person_export_csv(tmp_path / "export.csv", 2)
    run = run_cli("report", export, "--out", tmp_path / "r.html")
    assert run.code == 2 and "not yet scored?" in run.err and "no column 户编号" not in run.err, run.err
    (tmp_path / "x.json").write_text("x", encoding="utf-8")
    run = run_cli("report", tmp_path / "x.json", "--out", tmp_path / "r.html")
    assert run.code == 2 and "reads a scored CSV, Parquet or JSON Lines file" in run.err
    assert not (tmp_path / "r.html").exists()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_json_lines_file_cut_short_or_not_utf8_is_told_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """A scored JSON Lines file cut in the middle of a line was told "not a scored household: each line is a
    JSON object whose flags … are lists", and one cut inside a character (or holding a byte that is not UTF-8)
    "not a readable scored file (UnicodeDecodeError)": now each names the line, and the byte, and why."""
    monkeypatch.setenv("FANPIN_MESSAGES", lang)
    out = tmp_path / "s.jsonl"
    assert score_file(HOUSEHOLDS_CSV, out, tmp_path / "e.csv").code == 3
    lines = out.read_bytes().split(b"\n")
    head = b"".join(line + b"\n" for line in lines[:5])
    sixth = lines[5]
    wide = next(i for i, b in enumerate(sixth) if b >= 0xE0)  # the first byte of a Chinese character
    files = {
        "cut.jsonl": head + sixth[:50],  # the file's end cut off in the middle of a line
        "inside.jsonl": head + sixth[: wide + 1],  # … in the middle of a character
        "byte.jsonl": head + sixth[: wide + 1] + sixth[wide + 3 :] + b"\n",  # a character's bytes lost
        "mid.jsonl": head + sixth[:50] + b"\n" + lines[6] + b"\n",  # a line cut, others after it
    }
    at = len(head) + wide + 1
    said = {
        "en": {
            "cut.jsonl": "cut.jsonl:6: the line is not complete JSON (the file ends in the middle of it: the file "
            "looks cut short) [input-file] Fix: copy or download the whole file again, or score the households again",
            "inside.jsonl": f"inside.jsonl:6: the file ends in the middle of a character, at byte {at} of the file "
            f"(0x{sixth[wide]:02X}): it looks cut short",
            "byte.jsonl": f"byte.jsonl:6: byte {at} of the file (0x{sixth[wide]:02X}) is not UTF-8 text: the file is "
            "not the UTF-8 fanpin score writes",
            "mid.jsonl": "mid.jsonl:6: the line is not complete JSON (it was cut short)",
        },
        "zh": {
            "cut.jsonl": "cut.jsonl:6：该行不是完整的 JSON（文件在这一行的中间结束：文件似乎不完整）；"
            "请重新复制或下载完整的文件，或重新评分",
            "inside.jsonl": f"inside.jsonl:6：文件在一个字符的中间结束（文件第 {at} 个字节，0x{sixth[wide]:02X}）",
            "byte.jsonl": f"byte.jsonl:6：文件第 {at} 个字节（0x{sixth[wide]:02X}）不是 UTF-8 文本",
            "mid.jsonl": "mid.jsonl:6：该行不是完整的 JSON（这一行被截断了）",
        },
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        run = run_cli("report", tmp_path / name, "--out", tmp_path / "r.html")
        assert run.code == 2 and said[lang][name] in run.err, run.err
        assert "UnicodeDecodeError" not in run.err and "each line is a JSON object" not in run.err, run.err
    assert not (tmp_path / "r.html").exists()
    # Lines are still read as text mode read them: ended by LF, CR LF or CR alone, after a byte-order mark or not.
    from fanpin.report import read_scored

    (tmp_path / "cr.jsonl").write_bytes(out.read_bytes().replace(b"\n", b"\r"))
    (tmp_path / "crlf.jsonl").write_bytes(b"\xef\xbb\xbf" + out.read_bytes().replace(b"\n", b"\r\n"))
    assert read_scored(tmp_path / "cr.jsonl").equals(read_scored(out))
    assert read_scored(tmp_path / "crlf.jsonl").equals(read_scored(out))
    # A whole line whose flags are no list is still told so, in Chinese too (it had no translation).
    record = json.loads(lines[1])
    record["flags"] = 7
    (tmp_path / "flags.jsonl").write_bytes(lines[0] + b"\n" + json.dumps(record).encode() + b"\n")
    run = run_cli("report", tmp_path / "flags.jsonl", "--out", tmp_path / "r.html")
    words = {"en": "flags.jsonl:2: not a scored household", "zh": "flags.jsonl:2：不是评分后的农户"}
    assert run.code == 2 and words[lang] in run.err, run.err


def test_edited_scored_files_are_read_or_refused_with_a_reason(scored: dict[str, Path], tmp_path: Path) -> None:
    """Files a user edited once stopped the command with a Python error: a Parquet file whose lists are
    stored as text, a JSON Lines line whose flags are not a list, an income of 1e400."""
    from fanpin.report import read_scored

    table = pl.read_parquet(scored["batch.parquet"])
    lists = [HEADERS["zh"][c] for c in ("flags", "risk_types", "measures")]
    as_text = table.with_columns(pl.col(c).list.join(";") for c in lists)
    as_text.write_parquet(tmp_path / "text.parquet")
    assert read_scored(tmp_path / "text.parquet").equals(read_scored(scored["batch.parquet"]))

    odd = table.with_columns(pl.lit(7).alias(lists[0]))
    odd.write_parquet(tmp_path / "odd.parquet")
    run = run_cli("report", tmp_path / "odd.parquet", "--out", tmp_path / "r.html")
    assert run.code == 2 and "do not hold what fanpin score writes" in run.err and "Traceback" not in run.err

    out = tmp_path / "s.jsonl"
    assert score_file(HOUSEHOLDS_CSV, out, tmp_path / "e.csv").code == 3
    lines = out.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[1])
    record["flags"] = 7
    (tmp_path / "bad.jsonl").write_text("\n".join([lines[0], json.dumps(record), *lines[2:]]), encoding="utf-8")
    run = run_cli("report", tmp_path / "bad.jsonl", "--out", tmp_path / "r.html")
    assert run.code == 2 and ":2:" in run.err and "flags, risk_types and measures are lists" in run.err
    assert not (tmp_path / "r.html").exists()
    # Lists written as text, as a CSV writes them (a;b): read as the Parquet file's above.
    texts = [json.loads(line) for line in lines]
    for r in texts:
        r["flags"] = ";".join(f["rule_id"] if isinstance(f, dict) else f for f in r["flags"])
        r["measures"] = ";".join(m["id"] if isinstance(m, dict) else m for m in r["measures"])
        r["risk_types"] = ";".join(r["risk_types"])
    (tmp_path / "text.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in texts), encoding="utf-8")
    assert read_scored(tmp_path / "text.jsonl").equals(read_scored(out))

    csv_table = pl.read_csv(scored["batch.csv"], infer_schema=False)
    income = HEADERS["zh"]["income_per_capita"]
    csv_table.with_columns(
        pl.when(pl.int_range(pl.len()) < 2).then(pl.lit("1e400")).otherwise(pl.col(income)).alias(income)
    ).write_csv(tmp_path / "inf.csv")
    read = read_scored(tmp_path / "inf.csv")
    assert read.get_column("income_per_capita").head(2).to_list() == [None, None]
    _report(tmp_path / "inf.csv", tmp_path / "inf.html")


@pytest.mark.parametrize(("column", "value"), [("alert_level", "紫"), ("as_of", "30/06/2025"), ("income_band", "x")])
def test_a_label_or_date_fanpin_never_writes_is_refused(
    scored: dict[str, Path], tmp_path: Path, column: str, value: str
) -> None:
    """An alert level, band or date edited into something fanpin score never writes was read as unknown,
    leaving its household out of the figures without a word: it is refused, naming line, column and value."""
    table = pl.read_csv(scored["batch.csv"], infer_schema=False)
    header = HEADERS["zh"][column]
    table.with_columns(
        pl.when(pl.int_range(pl.len()) == 3).then(pl.lit(value)).otherwise(pl.col(header)).alias(header)
    ).write_csv(tmp_path / "edited.csv")
    run = run_cli("report", tmp_path / "edited.csv", "--out", tmp_path / "r.html")
    assert run.code == 2 and "Traceback" not in run.err
    assert f"line 5: {header} ({column}) holds {value!r}" in run.err
    assert not (tmp_path / "r.html").exists()


def test_a_report_path_that_cannot_be_written_is_a_clean_error(scored: dict[str, Path], tmp_path: Path) -> None:
    """--out in a missing folder makes it (as fanpin score does); a folder, a path under a file and a
    folder that cannot be made were internal errors (exit 70): refused by name, nothing left behind."""
    source = scored["batch.csv"]
    _report(source, tmp_path / "new" / "deeper" / "r.html")
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    (tmp_path / "a-folder").mkdir()
    cases = {
        tmp_path / "a-file" / "r.html": "a-file is a file, so no folder can be made there",
        tmp_path / "a-folder": "the --out path is a folder [output] Fix: name a file in it, e.g. --out FOLDER/report",
        Path("/proc/fanpin-no-such-folder/r.html"): "cannot write the report",
    }
    for out, words in cases.items():
        run = run_cli("report", source, "--out", out)
        assert run.code == 2 and words in run.err and "Traceback" not in run.err, run.err
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a-file", "a-folder", "deeper", "new", "r.html"]


def test_a_report_that_cannot_be_written_removes_the_folders_it_made(
    scored: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A report that failed to be written left the folders it had made for it; they are removed again,
    and only those (a folder that was there before stays)."""
    import errno
    import os

    import fanpin.report

    def refused(part: Path, target: Path) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(part))

    monkeypatch.setattr(fanpin.report, "claim_part", refused)
    (tmp_path / "there").mkdir()
    run = run_cli("report", scored["batch.csv"], "--out", tmp_path / "there" / "new" / "deeper" / "r.html")
    assert run.code == 2 and "cannot write the report: Permission denied" in run.err, run.err
    assert [p.name for p in tmp_path.rglob("*")] == ["there"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_report_named_for_another_kind_of_file_is_refused(
    scored: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """``fanpin report scored.csv --out r.pdf`` (or r.txt) exited 0 with an HTML page in r.pdf, which a PDF
    reader could not open. Refused as fanpin score refuses an --out its format contradicts (exit 2, nothing
    written); .html and .htm in any case, a name without a suffix and a device are written as before."""
    monkeypatch.setenv("FANPIN_MESSAGES", lang)
    said = {
        "en": ("--out {out}: fanpin report writes an HTML page, not a {suffix} file", "Fix: name the file r.html"),
        "zh": ("--out {out}：fanpin report 写出的是 HTML 网页，不是 {suffix} 文件", "请把文件命名为 r.html"),
    }[lang]
    for name in ("r.pdf", "r.txt", "r.PDF", "r.html.part"):
        out = tmp_path / name
        run = run_cli("report", scored["batch.csv"], "--out", out)
        assert run.code == 2 and said[0].format(out=out, suffix=out.suffix.lower()) in run.err, run.err
        assert said[1] in run.err and "Traceback" not in run.err
    assert "r.html.html" not in run_cli("report", scored["batch.csv"], "--out", tmp_path / "r.html.part").err
    pdf = run_cli("report", scored["batch.csv"], "--out", tmp_path / "r.pdf").err
    assert {"en": "r.html (a browser prints it to PDF)", "zh": "r.html（可在浏览器中打印成 PDF）"}[lang] in pdf
    assert list(tmp_path.iterdir()) == []
    for name in ("r.html", "r.HTM", "r"):
        run = run_cli("report", scored["batch.csv"], "--out", tmp_path / name)
        assert run.code == 0 and (tmp_path / name).read_text(encoding="utf-8").startswith("<!DOCTYPE html>"), run.err
    assert run_cli("report", scored["batch.csv"], "--out", "/dev/null").code == 0


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_output_name_pasted_with_a_space_after_it_is_told_so(
    scored: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """``--out "r.html "`` (a name pasted with a stray space) was told "fanpin report writes an HTML page, not a
    .html  file", and ``fanpin score --out "s.csv "`` "fanpin writes no .csv  file": both false to the eye, the
    space unseen. Told that the name ends with a space, and the name to write, for report and score alike."""
    monkeypatch.setenv("FANPIN_MESSAGES", lang)
    said = {"en": "the file name ends with a space", "zh": "文件名末尾有空格"}[lang]
    for command in ("report", "score"):
        name, fixed = ("r.html ", "r.html") if command == "report" else ("s.csv ", "s.csv")
        out = tmp_path / name
        args = (scored["batch.csv"],) if command == "report" else (HOUSEHOLDS_CSV, *SCORE_ARGS)
        run = run_cli(command, *args, "--out", out)
        assert run.code == 2 and said in run.err and f"--out {tmp_path / fixed}" in run.err, run.err
        assert "writes no" not in run.err and "not a .html" not in run.err, run.err
    assert list(tmp_path.iterdir()) == []


def test_a_scored_csv_is_read_as_fanpin_reads_a_table(scored: dict[str, Path], tmp_path: Path) -> None:
    """CR-only line ends gave a report of 0 households (exit 0), blank lines phantom households, a GBK
    copy "not a scored file"; a decimal comma (1,5) was read as 15, a column given twice (预警等级 and
    alert_level) by its last copy, a row cut short as if whole. Read as a household table is: the same
    figures whatever the line ends, encoding and blank lines; the rest refused naming its line."""
    source = scored["batch.csv"]
    text = source.read_text(encoding="utf-8-sig")
    expected = _report(source, tmp_path / "expected.html")
    lines = text.splitlines()
    variants = {
        "cr.csv": ("\r".join(lines) + "\r").encode(),
        "blank.csv": ("\n".join([lines[0], "", *lines[1:3], " ,  ", *lines[3:], "", ""]) + "\n").encode(),
        "gbk.csv": text.encode("gbk"),
    }
    for name, data in variants.items():
        (tmp_path / name).write_bytes(data)
        page = _report(tmp_path / name, tmp_path / f"{name}.html")
        assert page.replace(name, "scored") == expected.replace(source.name, "scored"), name
    header = lines[0].split(",")
    income = header.index(HEADERS["zh"]["income_per_capita"])

    def edited(name: str, line: int, change: Callable[[list[str]], list[str]], head: str | None = None) -> Path:
        rows = list(csv.reader(io.StringIO(text)))
        rows[line - 1] = change(rows[line - 1])
        if head is not None:
            rows = [[*rows[0], head], *([*r, "红"] for r in rows[1:])]
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        (tmp_path / name).write_text(out.getvalue(), encoding="utf-8")
        return tmp_path / name

    thousands = edited("thousands.csv", 4, lambda r: [*r[:income], "7,500.00", *r[income + 1 :]])
    assert read_scored(thousands).get_column("income_per_capita")[2] == 7500.0
    refused = {
        "comma.csv": (
            edited("comma.csv", 5, lambda r: [*r[:income], "1,5", *r[income + 1 :]]),
            "line 5: 测算人均纯收入",
        ),
        "short.csv": (edited("short.csv", 4, lambda r: r[:-1]), "line 4 has"),
        "twice.csv": (edited("twice.csv", 1, lambda r: r, head="alert_level"), "预警等级 and alert_level are both"),
    }
    for name, (path, words) in refused.items():
        run = run_cli("report", path, "--out", tmp_path / "r.html")
        assert run.code == 2 and words in run.err and "Traceback" not in run.err, (name, run.err)
    assert not (tmp_path / "r.html").exists()


def test_the_income_chart_shows_the_line_most_households_are_measured_against(tmp_path: Path) -> None:
    """The line was the most frequent village code's: with every village counted once, a village of
    another county (another line) could be chosen. Codes are now counted by the region their line is
    given for: most of these households are in 532328, whose county folder sets its line at 9000."""
    override = ROOT / "examples" / "county_override"
    rows = HOUSEHOLDS_CSV.read_text(encoding="utf-8").splitlines()[:21]
    (tmp_path / "twenty.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "scored.csv"
    run_cli(
        "score", tmp_path / "twenty.csv", *SCORE_ARGS, "--rules", override, "--out", out, "--errors", tmp_path / "e.csv"
    )
    counties = Counter(r[:6] for r in read_scored(out).get_column("region_code").to_list())
    (county, count), *_ = counties.most_common()
    assert county == "532328" and count > sum(counties.values()) / 2
    page = _report(out, tmp_path / "r.html", "--rules", str(override))
    assert "竖线为监测范围 9000 元（532328，2025-06-30）" in page


def test_a_scored_file_dated_too_late_to_date_its_plans_is_refused_naming_it(
    scored: dict[str, Path], tmp_path: Path
) -> None:
    """An evaluation date of 9999-12-31 edited in: the measure named changed from run to run and the
    message named neither file nor column. Both now, the same measure every time."""
    table = pl.read_csv(scored["batch.csv"], infer_schema=False)
    header = HEADERS["zh"]["as_of"]
    table.with_columns(pl.lit("9999-12-31").alias(header)).write_csv(tmp_path / "late.csv")
    runs = {run_cli("report", tmp_path / "late.csv", "--out", tmp_path / "r.html").err for _ in range(3)}
    assert len(runs) == 1
    [err] = runs
    assert "late.csv: 评估日期 (as_of) holds 9999-12-31: measure" in err and "earlier evaluation date (--as-of)" in err
    assert not (tmp_path / "r.html").exists()


def test_a_report_to_a_device_leaves_it_a_device(scored: dict[str, Path], tmp_path: Path) -> None:
    """``fanpin report --out /dev/null`` wrote ``/dev/null.part`` and renamed it over the device: /dev/null
    became a regular file (and every later write to it a file's). A device is written to directly."""
    import os
    import stat

    device = tmp_path / "null"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # the null device, as /dev/null is
    except PermissionError:
        pytest.skip("making a device node needs root")
    run = run_cli("report", scored["batch.csv"], "--out", device)
    assert run.code == 0, run.err
    assert stat.S_ISCHR(device.stat().st_mode) and sorted(p.name for p in tmp_path.iterdir()) == ["null"]


def _chromium() -> str | None:
    found = (shutil.which(name) for name in ("chromium-headless-shell", "chromium", "chromium-browser"))
    return next((path for path in found if path), None)


def test_the_page_renders_in_headless_chromium_without_errors(scored: dict[str, Path], tmp_path: Path) -> None:
    browser = _chromium()
    if browser is None:
        pytest.skip("no headless Chromium here: install the OS package chromium-headless-shell (make browser)")
    page = tmp_path / "report.html"
    _report(scored["batch.parquet"], page)
    command = [
        browser, "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
        "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND", "--dump-dom", page.as_uri(),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    console = [line for line in done.stderr.splitlines() if "CONSOLE" in line]
    assert console == []  # no script error, and no request refused by the page's policy
    assert "显示 314 / 314 户" in done.stdout
    assert done.stdout.count('<tr class="level-') == 314


def test_a_personal_number_typed_into_an_edited_scored_file_is_masked(scored: dict[str, Path], tmp_path: Path) -> None:
    """fanpin never writes a mobile number as 行政区划代码, but a scored file edited by hand may hold one:
    the report showed it in clear."""
    rows = list(csv.reader(io.StringIO(scored["batch.csv"].read_text(encoding="utf-8-sig"))))
    rows[1][rows[0].index(HEADERS["zh"]["region_code"])] = "13912345678"
    edited = tmp_path / "edited.csv"
    with edited.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    page = _report(edited, tmp_path / "report.html")
    assert "13912345678" not in page and "1391***5678" in page


@pytest.mark.parametrize("column", ["flags", "risk_types", "measures", "rulebook_version"])
def test_a_personal_number_typed_into_a_scored_files_rules_risks_plan_or_version_is_masked(
    scored: dict[str, Path], tmp_path: Path, column: str
) -> None:
    """A hand-edited scored file may hold a phone or ID number where a rule id, a risk type, a measure id or the
    rulebook version goes: each was shown in clear (an unknown measure as its own department, in the bars, the
    weeks table and the households' plan; a version in the page's heading)."""
    rows = list(csv.reader(io.StringIO(scored["batch.csv"].read_text(encoding="utf-8-sig"))))
    at = rows[0].index(HEADERS["zh"][column])
    for row in rows[1:]:  # on every row: a rule is shown among the most frequent only when it is one
        row[at] = "13912345678" if column == "rulebook_version" else "13912345678;532328196608014167"
    edited = tmp_path / "edited.csv"
    with edited.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    page = _report(edited, tmp_path / "report.html")
    assert "13912345678" not in page and "1391***5678" in page
    assert "532328196608014167" not in page


#: 户编号 that are a person's number (an ID number, a key holding one, a mobile number), as written and as shown.
PERSONAL_KEYS = {
    "532328196608014167": "5323**********4167",
    "13812345678": "1381***5678",
    "H532328199001011238-1": "H5323**********1238-1",
}
#: The national system's household numbers (16 and 14 digits) and a county's own: shown as written.
HOUSEHOLD_NUMBERS = ["5323280000000001", "53232810100001", "H5323280069"]


@pytest.mark.parametrize("engine_name", ["batch", "durable"])
@pytest.mark.parametrize("fmt", ["csv", "parquet", "jsonl"])
def test_a_household_id_that_is_a_persons_number_is_masked_in_the_report(
    tmp_path: Path, engine_name: str, fmt: str
) -> None:
    """A file scored with --keep-identities writes a 户编号 that is an ID or mobile number in clear; the report,
    which takes no --keep-identities, showed it in clear in the table's cells and its search text, while it
    masked the other personal columns. It masks it as fanpin score masks it without the option; a household
    number stays as written."""
    keys = [*PERSONAL_KEYS, *HOUSEHOLD_NUMBERS]
    source = write_rows(
        tmp_path / "in.csv", [HEADER, *(ROW.format(n=n, wage=9000 + n).replace(f"H{n},", f"{key},", 1)
                                     for n, key in enumerate(keys, start=1))]
    )  # fmt: skip
    scored = tmp_path / f"scored.{fmt}"
    run = score_file(source, scored, tmp_path / "e.csv", "--engine", engine_name, "--keep-identities")
    assert run.code == 0, run.err
    assert read_scored(scored).get_column("household_id").sort().to_list() == sorted(
        [*PERSONAL_KEYS.values(), *HOUSEHOLD_NUMBERS]
    )
    page = _report(scored, tmp_path / "report.html")
    assert not [key for key in PERSONAL_KEYS if key in page or key.lower() in page]
    match = re.search(r'<script type="application/json" id="household-data">(.*?)</script>', page, re.S)
    assert match is not None
    rows = json.loads(match.group(1))["rows"]
    assert sorted(row["cells"][0] for row in rows) == sorted([*PERSONAL_KEYS.values(), *HOUSEHOLD_NUMBERS])
    assert all(row["search"].startswith(row["cells"][0].lower() + " ") for row in rows)
    # as fanpin score writes them without the option
    masked = tmp_path / f"masked.{fmt}"
    assert score_file(source, masked, tmp_path / "e.csv", "--engine", engine_name).code == 0
    assert read_scored(masked).get_column("household_id").equals(read_scored(scored).get_column("household_id"))


def test_a_column_or_key_given_twice_and_empty_levels_and_dates_are_refused(
    scored: dict[str, Path], tmp_path: Path
) -> None:
    """An edited scored file was read with a wrong count and exit 0: a CSV with 预警等级 twice (the last
    copy counted), a JSON Lines object with alert_level twice (the last kept), an empty 预警等级 (counted
    as 无) or 评估日期 (no due weeks). Each is refused, naming the file, and the line where it has one."""
    level, as_of = HEADERS["zh"]["alert_level"], HEADERS["zh"]["as_of"]
    lines = scored["batch.csv"].read_text(encoding="utf-8-sig").splitlines()
    twice = tmp_path / "twice.csv"
    twice.write_text("\n".join([lines[0] + f",{level}", *(line + ",红" for line in lines[1:])]), encoding="utf-8")
    table = pl.read_csv(scored["batch.csv"], infer_schema=False)
    table.with_columns(pl.when(pl.int_range(pl.len()) == 3).then(None).otherwise(pl.col(level)).alias(level)).write_csv(
        tmp_path / "no_level.csv"
    )
    table.with_columns(pl.when(pl.int_range(pl.len()) == 0).then(None).otherwise(pl.col(as_of)).alias(as_of)).write_csv(
        tmp_path / "no_date.csv"
    )
    out = tmp_path / "s.jsonl"
    assert score_file(HOUSEHOLDS_CSV, out, tmp_path / "e.csv").code == 3
    first, *rest = out.read_text(encoding="utf-8").splitlines()
    (tmp_path / "twice.jsonl").write_text("\n".join([first[:-1] + ', "alert_level": "红"}', *rest]), encoding="utf-8")
    for name, said in [
        ("twice.csv", f"the column {level} is given twice: one of them would be ignored"),
        ("twice.jsonl", "twice.jsonl:1: the key 'alert_level' is given twice in the household's object"),
        ("no_level.csv", f"line 5: {level} (alert_level) is empty; fanpin score writes it on every row"),
        ("no_date.csv", f"line 2: {as_of} (as_of) is empty; fanpin score writes it on every row"),
    ]:
        run = run_cli("report", tmp_path / name, "--out", tmp_path / "r.html")
        assert run.code == 2 and said in run.err and "Traceback" not in run.err, (name, run.err)
    assert not (tmp_path / "r.html").exists()


def test_the_report_of_one_household_says_household(scored: dict[str, Path], tmp_path: Path) -> None:
    one = tmp_path / "one.csv"
    pl.read_csv(scored["batch.csv"], infer_schema=False).head(1).write_csv(one)
    run = run_cli("report", one, "--out", tmp_path / "r.html")
    assert run.code == 0 and "wrote the report of 1 household from" in run.err, run.err
    run = run_cli("report", scored["batch.csv"], "--out", tmp_path / "all.html")
    assert re.search(r"wrote the report of \d+ households from", run.err), run.err


def test_markup_in_a_households_text_cannot_change_how_the_page_is_parsed(tmp_path: Path) -> None:
    """A 户编号 holding ``<!--<script>`` put the HTML parser, inside the page's data, in the state where
    ``</script>`` no longer closes the element: the page's own script was read as more data, never ran, and
    the household table stayed empty. The data holds no ``<``, ``>`` or ``&`` now, whatever a household's
    text, and reads back the same."""
    hostile = ["<!--<script>", "</script><script>alert(1)</script>", "a&b<!--", "</style>'\"x"]
    source = tmp_path / "hostile.csv"
    with source.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(HEADER.split(","))
        for n, text in enumerate(hostile, start=1):
            cells = ROW.format(n=n, wage=9000 + n).split(",")
            writer.writerow([text, *cells[1:-1], text])  # as the 户编号 and as a remark passed through
    scored = tmp_path / "scored.csv"
    assert score_file(source, scored, tmp_path / "e.csv").code == 0
    page = _report(scored, tmp_path / "report.html")
    match = re.search(r'<script type="application/json" id="household-data">(.*?)</script>', page, re.S)
    assert match is not None
    assert not re.search(r"[<>&]", match.group(1))
    data = json.loads(match.group(1))
    assert [row["cells"][0] for row in data["rows"]] == hostile
    assert page.count("<script") == 2 and "<!--" not in page.replace(match.group(1), "")
    browser = _chromium()
    if browser is None:
        return  # the page's parsing is proven above; a browser, where installed, shows the table filled
    page_uri = (tmp_path / "report.html").as_uri()
    command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", page_uri]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.count('<tr class="level-') == len(hostile)


@pytest.mark.parametrize("engine_name", ["batch", "durable"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_cell_written_with_its_spreadsheet_escape_is_shown_as_the_household_gave_it(
    tmp_path: Path, engine_name: str, lang: str
) -> None:
    """The scored CSV writes =A as '=A so that a spreadsheet does not run it; the page showed '=A. It shows
    =A now, and a 户编号 that starts with a ' of its own keeps it; so does a header. (A code's first ' is the
    mark that keeps it text, not part of it, as Excel reads one: '=B is the 户编号 =B, ''=C is '=C. A number with
    a minus sign, -1, is no code: refused, tests/both_engines/test_negative_codes.py.)"""
    given = ["=A", "'=B", "''abc", "+x", "@y", "''=C", "''-5", "-5x"]
    read = ["=A", "=B", "'abc", "+x", "@y", "'=C", "'-5", "-5x"]
    source = tmp_path / "formulas.csv"
    with source.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow([*HEADER.split(","), "=联系电话"])
        for n, text in enumerate(given, start=1):
            writer.writerow([text, *ROW.format(n=n, wage=9000 + n).split(",")[1:], "-"])
    scored = tmp_path / "scored.csv"
    run = score_file(source, scored, tmp_path / "e.csv", "--engine", engine_name, "--lang", lang)
    assert run.code == 0, run.err
    written = [line.split(",")[0] for line in scored.read_text(encoding="utf-8-sig").splitlines()[1:]]
    assert written == ["'=A", "'=B", "'abc", "'+x", "'@y", "''=C", "'-5", "'-5x"]
    page = _report(scored, tmp_path / "report.html", "--lang", lang)
    match = re.search(r'<script type="application/json" id="household-data">(.*?)</script>', page, re.S)
    assert match is not None
    data = json.loads(match.group(1))
    assert sorted(row["cells"][0] for row in data["rows"]) == sorted(read)
    assert data["columns"][1] == "=联系电话"  # personal: its cells masked, its header as given
    assert read_scored(scored).get_column("household_id").sort().to_list() == sorted(read)


@pytest.mark.parametrize("column", ["as_of", "flags", "measures", "income_band", "household_id", "income_per_capita"])
def test_a_scored_file_without_a_column_the_report_reads_is_refused_in_every_format(
    scored: dict[str, Path], tmp_path: Path, column: str
) -> None:
    """A CSV without 评估日期, 触发规则 or 帮扶措施编号 gave a report without due weeks, rules or workload, and a
    JSON Lines file without income_per_capita, region_code or household_id one of unknown incomes or
    unnamed households, each with exit 0 (a CSV without those was refused). Every format is refused now,
    naming the column, or the line and the key."""
    table = pl.read_csv(scored["batch.csv"], infer_schema=False)
    table.drop(HEADERS["zh"][column]).write_csv(tmp_path / "cut.csv")
    pl.read_parquet(scored["batch.parquet"]).drop(HEADERS["zh"][column]).write_parquet(tmp_path / "cut.parquet")
    out = tmp_path / "s.jsonl"
    assert score_file(HOUSEHOLDS_CSV, out, tmp_path / "e.csv").code == 3
    lines = out.read_text(encoding="utf-8").splitlines()
    cut = {k: v for k, v in json.loads(lines[2]).items() if k != column}
    (tmp_path / "cut.jsonl").write_text("\n".join([*lines[:2], json.dumps(cut), *lines[3:]]), encoding="utf-8")
    said = {
        "cut.csv": f"not a scored file: it has no column {HEADERS['zh'][column]} ({column})",
        "cut.parquet": f"not a scored file: it has no column {HEADERS['zh'][column]} ({column})",
        "cut.jsonl": f"cut.jsonl:3: the household's object has no key {column}",
    }
    for name, words in said.items():
        run = run_cli("report", tmp_path / name, "--out", tmp_path / "r.html")
        assert run.code == 2 and words in run.err and "Traceback" not in run.err, (name, run.err)
    assert not (tmp_path / "r.html").exists()


@pytest.mark.parametrize("column", ["household_id", "region_code"])
def test_an_empty_household_id_or_region_code_is_refused(scored: dict[str, Path], tmp_path: Path, column: str) -> None:
    """fanpin score writes both on every row; emptied, the household was listed unnamed, or counted in a
    township of no code, with exit 0."""
    out = tmp_path / "s.jsonl"
    assert score_file(HOUSEHOLDS_CSV, out, tmp_path / "e.csv").code == 3
    lines = out.read_text(encoding="utf-8").splitlines()
    (tmp_path / "null.jsonl").write_text(
        "\n".join([lines[0], json.dumps(json.loads(lines[1]) | {column: None}), *lines[2:]]), encoding="utf-8"
    )
    header = HEADERS["zh"][column]
    table = pl.read_csv(scored["batch.csv"], infer_schema=False)
    table.with_columns(
        pl.when(pl.int_range(pl.len()) == 3).then(pl.lit("")).otherwise(pl.col(header)).alias(header)
    ).write_csv(tmp_path / "empty.csv")
    for name, words in [
        ("null.jsonl", f"line 2: {header} ({column}) is empty"),
        ("empty.csv", f"line 5: {header} ({column}) is empty"),
    ]:
        run = run_cli("report", tmp_path / name, "--out", tmp_path / "r.html")
        assert run.code == 2 and words in run.err and "Traceback" not in run.err, (name, run.err)
    assert not (tmp_path / "r.html").exists()


def test_scored_files_of_no_household_are_reported(tmp_path: Path) -> None:
    """Every column is required, and a file of no household still has them all (a JSON Lines file none)."""
    (tmp_path / "header.csv").write_text(HEADER + "\n", encoding="utf-8")
    for fmt in ("csv", "parquet", "jsonl"):
        out = tmp_path / f"s.{fmt}"
        assert score_file(tmp_path / "header.csv", out, tmp_path / "e.csv").code == 0
        page = _report(out, tmp_path / f"{fmt}.html")
        assert 'data-households="0"' in page


@pytest.mark.parametrize("engine_name", ["batch", "durable"])
def test_a_parquet_table_states_its_date_and_rule_version_and_its_report_too_when_no_household_was_scored(
    tmp_path: Path, engine_name: str
) -> None:
    """A scored file of no household (a header alone, every row refused) held no row, so no 评估日期 or 规则版本
    anywhere, and its report read ``评估日期 - · 规则版本 -``. A Parquet table states both in its file's metadata
    (``fanpin.as_of``, ``fanpin.rulebook_version``), with rows or without, and the report of one without rows
    shows them; a CSV or JSON Lines table has no place for them (its report still reads -)."""
    (tmp_path / "header.csv").write_text(HEADER + "\n", encoding="utf-8")
    version = load_rulebook().version
    for source in (tmp_path / "header.csv", HOUSEHOLDS_CSV):
        out = tmp_path / f"{source.stem}.parquet"
        assert score_file(source, out, tmp_path / "e.csv", "--engine", engine_name).code in (0, 3)
        stated = pl.read_parquet_metadata(out)
        assert (stated["fanpin.as_of"], stated["fanpin.rulebook_version"]) == ("2025-06-30", version)
    for lang, words in (("zh", f"评估日期 2025-06-30 · 规则版本 {version} · 评分户数 0"), ("en", "2025-06-30")):
        page = _report(tmp_path / "header.parquet", tmp_path / f"{lang}.html", "--lang", lang)
        assert words in page and version in page, page[:3000]
    for fmt in ("csv", "jsonl"):
        assert score_file(tmp_path / "header.csv", tmp_path / f"s.{fmt}", tmp_path / "e.csv").code == 0
        assert "评估日期 - · 规则版本 - · 评分户数 0" in _report(tmp_path / f"s.{fmt}", tmp_path / f"{fmt}.html")


@pytest.mark.parametrize(("lang", "none"), [("zh", "（无）"), ("en", "(none)")])
def test_a_report_of_no_household_draws_no_empty_chart(tmp_path: Path, lang: str, none: str) -> None:
    """The income chart of a report of no household was an empty plot whose axis read 1 (a household's scale
    made up for the empty plot), and the township chart was left out without a word: each section says
    (none) now, as the rules' and the workload's do, with no chart and no legend of one."""
    (tmp_path / "header.csv").write_text(HEADER + "\n", encoding="utf-8")
    out = tmp_path / "s.csv"
    assert score_file(tmp_path / "header.csv", out, tmp_path / "e.csv").code == 0
    page = _report(out, tmp_path / "r.html", "--lang", lang)
    for section in ("levels", "income"):
        body = re.search(rf'<section id="{section}">(.*?)</section>', page, re.S)
        assert body is not None and none in body[1] and "<svg" not in body[1], section
    assert 'data-band="' not in page and '<div class="legend"><span><i style="background:#fde0dd">' not in page


@pytest.mark.parametrize("checks", ["with", "only"])
def test_a_file_scored_with_the_data_checks_is_drawn_with_them(tmp_path: Path, checks: Literal["with", "only"]) -> None:
    """``fanpin report`` loaded the risk rules alone: the data checks of a file scored with ``--checks with``
    were drawn among the most frequent rules, titled by their ids, and never as findings, and the command
    had no way to load them. The pack is loaded when the file's 规则版本 says it was scored with it: with the
    risk rules, or alone (``only``, whose version is its own: it was the version of ``with``)."""
    out = tmp_path / "checks.csv"
    assert score_file(EXPORT_XLSX, out, tmp_path / "e.csv", "--checks", checks).code == 3
    book = load_rulebook(checks=checks)
    assert set(read_scored(out).get_column("rulebook_version").to_list()) == {book.version}
    run = run_cli("report", out, "--out", tmp_path / "r.html")
    assert run.code == 0 and "warning" not in run.err, run.err
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert f"规则版本 {book.version}" in page
    flags = {g["data-key"] for g in _attributes(page, "g", "flag")}
    findings = {g["data-key"] for g in _attributes(page, "g", "finding")}
    assert not any(rule.startswith("checks.") for rule in flags)
    fired = Counter(f for cell in read_scored(out).get_column("flags").to_list() for f in cell)
    assert {r for r in fired if r.startswith("checks.")} <= findings
    title = book.rules["checks.medical_coverage_not_secured"].spec.title.zh
    assert "checks.medical_coverage_not_secured" in findings and html.escape(title) in page


def test_a_file_scored_with_other_rules_is_reported_with_a_warning(tmp_path: Path) -> None:
    """A file scored with a county's folder and reported without it was drawn with the reference line
    (8700 where its households were measured against 9000) without a word. The report says so now, naming
    both rulebooks and the fix; with the same --rules it draws the county's line, silently."""
    override = ROOT / "examples" / "county_override"
    out = tmp_path / "scored.csv"
    assert score_file(HOUSEHOLDS_CSV, out, tmp_path / "e.csv", "--rules", override).code == 3
    [version] = set(read_scored(out).get_column("rulebook_version").to_list())
    run = run_cli("report", out, "--out", tmp_path / "r.html")
    assert run.code == 0
    assert f"warning: {out} was scored with rules {version}, not with those the report is drawn with" in run.err
    assert "give the report the --rules folders the file was scored with" in run.err
    assert "竖线为监测范围 8700 元" in (tmp_path / "r.html").read_text(encoding="utf-8")
    run = run_cli("report", out, "--out", tmp_path / "r.html", "--rules", override)
    assert run.code == 0 and "warning" not in run.err, run.err
    assert "竖线为监测范围 9000 元（532328，2025-06-30）" in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_every_name_fanpin_score_writes_a_table_under_is_reported(scored: dict[str, Path], tmp_path: Path) -> None:
    """fanpin score writes JSON Lines to .ndjson and CSV to .txt or a name without a suffix; the report
    refused all three ("reads a scored CSV, Parquet or JSON Lines file") and pointed at other names."""
    expected = _report(scored["batch.csv"], tmp_path / "expected.html")
    for name in ("scored.ndjson", "scored.txt", "scored"):
        out = tmp_path / name
        assert score_file(HOUSEHOLDS_CSV, out, tmp_path / "e.csv", "--keep-columns", "户主姓名,备注").code == 3
        assert _report(out, tmp_path / f"{name}.html") == expected, name
    (tmp_path / "book.xlsx").write_bytes(b"")
    run = run_cli("report", tmp_path / "book.xlsx", "--out", tmp_path / "r.html")
    assert run.code == 2 and "not a workbook (the township workbook, or the findings worksheet)" in run.err


def test_the_same_report_from_json_lines_with_several_personal_columns(tmp_path: Path) -> None:
    """JSON Lines sorts the passed-through keys (户主姓名 before 户主证件号码), CSV and Parquet keep the input's
    order (户主证件号码 first): the reports of one run's three files showed the table's columns in two
    orders. The personal columns are shown in one order now, so the three pages are the same."""
    pages = set()
    for fmt in ("csv", "parquet", "jsonl"):
        out = tmp_path / f"s.{fmt}"
        kept = ("--keep-columns", "户主证件号码,户主姓名,备注")
        assert score_file(HOUSEHOLDS_CSV, out, tmp_path / "e.csv", *kept).code == 3
        pages.add(_report(out, tmp_path / f"{fmt}.html"))
    assert len(pages) == 1
    [page] = pages
    assert page.index("<th>户主姓名</th>") < page.index("<th>户主证件号码</th>")


def test_a_table_written_under_a_name_given_its_format_is_reported(scored: dict[str, Path], tmp_path: Path) -> None:
    """fanpin score writes a format under a name that names none when --format says which (``--out
    scored.json --format jsonl``, the README's example; Parquet or JSON Lines to a name without a suffix or
    to .txt). The report took such a name's format from the name alone and refused the file ('reads a
    scored CSV, …'), or read it as CSV ('neither UTF-8 nor GBK/GB18030 text; save it as CSV UTF-8 from
    Excel'); it now takes the format from the file's first bytes."""
    expected = _report(scored["batch.csv"], tmp_path / "expected.html")
    for name, fmt in (("scored.json", "jsonl"), ("scored", "parquet"), ("scored.txt", "jsonl"), ("scored.tsv", "csv")):
        out = tmp_path / name
        run = score_file(HOUSEHOLDS_CSV, out, tmp_path / "e.csv", "--keep-columns", "户主姓名,备注", "--format", fmt)
        assert run.code == 3, run.err
        assert _report(out, tmp_path / f"{name}.html") == expected, name
        out.unlink()


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_an_export_read_with_a_county_region_is_reported_by_its_townships_and_villages(
    fmt: str, tmp_path: Path
) -> None:
    """The national export names its 乡 and 村 but carries no 行政区划代码: read with the county's --region,
    every household had the code 532328, and the report showed one township and one village for the whole
    county. The scored file carries the places (the export passes them through), and the report groups by
    them, as the township workbook does."""
    out = tmp_path / f"export.{fmt}"
    assert score_file(EXPORT_XLSX, out, tmp_path / "e.csv").code == 3
    page = _report(out, tmp_path / "r.html")
    assert score_file(EXPORT_XLSX, tmp_path / "t.csv", tmp_path / "e2.csv").code == 3
    with (tmp_path / "t.csv").open(encoding="utf-8-sig", newline="") as text:
        rows = list(csv.DictReader(text))
    towns = Counter(f"532328 {r['乡']}" for r in rows)
    villages = Counter(f"532328 {r['乡']} {r['村']}" for r in rows)
    assert len(towns) == 4 and len(villages) > len(towns)
    assert {g["data-key"]: int(g["data-value"]) for g in _attributes(page, "g", "township")} == dict(towns)
    shown = {v["data-key"]: int(v["data-value"]) for v in _attributes(page, "tr") if v.get("class") == "village"}
    assert shown == dict(villages)


def test_an_export_whose_village_is_empty_is_reported_under_its_township(tmp_path: Path) -> None:
    """A household whose 乡 is named but whose 村 is empty (a short region code) was put in the village of its
    bare code, 532328, with every other such household of the county, whatever its 乡, and that village was
    drawn under one of their townships, whichever came first: its village is now its township's."""
    out = tmp_path / "export.csv"
    assert score_file(EXPORT_XLSX, out, tmp_path / "e.csv").code == 3
    with out.open(encoding="utf-8-sig", newline="") as text:
        reader = csv.DictReader(text)
        header, rows = list(reader.fieldnames or ()), [{**r, "村": ""} for r in reader]
    with out.open("w", encoding="utf-8-sig", newline="") as text:
        writer = csv.DictWriter(text, header)
        writer.writeheader()
        writer.writerows(rows)
    page = _report(out, tmp_path / "r.html")
    towns = Counter(f"532328 {r['乡']}" for r in rows)
    assert len(towns) == 4
    shown = {v["data-key"]: int(v["data-value"]) for v in _attributes(page, "tr") if v.get("class") == "village"}
    assert shown == dict(towns)
    under = re.findall(r'<tr class="village" data-key="([^"]*)"[^>]*><td>([^<]*)</td>', page)
    assert under and all(html.unescape(village) == html.unescape(town) for village, town in under), under


def test_a_json_lines_value_fanpin_never_writes_is_told_at_its_line(tmp_path: Path) -> None:
    """A JSON Lines file edited in a text editor (blank lines between the households) with a label fanpin never
    writes was told at "household 4", where the file's line is 7: the clerk looked at the wrong line. Told at
    the line, as a CSV is."""
    source = write_rows(tmp_path / "in.csv", [HEADER] + [ROW.format(n=n, wage=1000 * n) for n in range(1, 6)])
    out = tmp_path / "s.jsonl"
    assert score_file(source, out, tmp_path / "e.csv").code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    lines[3] = json.dumps(json.loads(lines[3]) | {"alert_level": "紫"}, ensure_ascii=False)
    edited = tmp_path / "edited.jsonl"
    edited.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    run = run_cli("report", edited, "--out", tmp_path / "r.html")
    assert run.code == 2 and "line 7: 预警等级 (alert_level) holds '紫'" in run.err, run.err


def test_json_lines_saved_with_a_byte_order_mark_are_reported(tmp_path: Path) -> None:
    """A scored JSON Lines file saved again by an editor that starts it with a byte-order mark (Notepad) was
    refused at line 1 ("not a scored household"), and under a name that names no format (``scored.json``)
    read as CSV ("line 2 has 19 cells"). fanpin score reads such a file; the report reads it as the file
    without its mark."""
    out = tmp_path / "s.jsonl"
    assert score_file(HOUSEHOLDS_CSV, out, tmp_path / "e.csv").code == 3
    expected = _report(out, tmp_path / "expected.html")
    for name in ("bom.jsonl", "bom.json"):
        (tmp_path / name).write_bytes(b"\xef\xbb\xbf" + out.read_bytes())
        assert _report(tmp_path / name, tmp_path / f"{name}.html") == expected, name


def test_a_json_lines_line_nested_too_deep_is_refused_naming_it(tmp_path: Path) -> None:
    """A line of lists nested 100 000 deep made Python's JSON reader give up, and the report stopped with
    an internal error (exit 70). It is a line that holds no scored household: refused, naming it."""
    out = tmp_path / "s.jsonl"
    assert score_file(HOUSEHOLDS_CSV, out, tmp_path / "e.csv").code == 3
    lines = out.read_text(encoding="utf-8").splitlines()
    deep = '{"flags": ' + "[" * 100_000 + "]" * 100_000 + "}"
    (tmp_path / "deep.jsonl").write_text("\n".join([lines[0], deep, *lines[1:]]) + "\n", encoding="utf-8")
    run = run_cli("report", tmp_path / "deep.jsonl", "--out", tmp_path / "r.html")
    assert run.code == 2 and "deep.jsonl:2: not a scored household" in run.err, run.err
    assert not (tmp_path / "r.html").exists()


def test_spaces_around_a_date_or_a_label_are_no_part_of_it(scored: dict[str, Path], tmp_path: Path) -> None:
    """A scored CSV whose 评估日期 read " 2025-06-30" (a space typed in a spreadsheet) was reported as of
    2025-06-03, without a word, its plans falling due from then; a label with a space around it (" 红 ")
    was refused as one fanpin never writes, quoting it without its spaces ('红'). Both read as the text
    within the spaces, as an income already did."""
    source = scored["batch.csv"]
    expected = _report(source, tmp_path / "expected.html")
    table = pl.read_csv(source, infer_schema=False)
    spaced = [HEADERS["zh"][c] for c in ("as_of", "alert_level", "income_band", "suggested_category")]
    table.with_columns(
        pl.when(pl.col(c).is_not_null()).then(pl.concat_str(pl.lit(" "), c, pl.lit(" "))).alias(c) for c in spaced
    ).write_csv(tmp_path / "spaced.csv")
    assert _report(tmp_path / "spaced.csv", tmp_path / "spaced.html") == expected


def test_list_items_with_spaces_or_empty_are_read_as_the_rules_they_name(
    scored: dict[str, Path], tmp_path: Path
) -> None:
    """A CSV's lists typed again in a spreadsheet (``income.below_line; audit.missed;``): the item after
    "; " was a rule of its own (` audit.missed`, with no title, counted among the rules and never as a
    finding), and an empty item a rule named ''. Items are read without their spaces, empty ones left out,
    in a CSV as in a JSON Lines file's text."""
    source = scored["batch.csv"]
    expected = _report(source, tmp_path / "expected.html")
    table = pl.read_csv(source, infer_schema=False)
    lists = [HEADERS["zh"][c] for c in ("flags", "risk_types", "measures")]
    table.with_columns(
        pl.when(pl.col(c).is_not_null())
        .then(pl.col(c).str.replace_all(";", "; ") + " ;")
        .otherwise(pl.lit(";"))
        .alias(c)
        for c in lists
    ).write_csv(tmp_path / "typed.csv")
    assert _report(tmp_path / "typed.csv", tmp_path / "typed.html") == expected


def test_list_items_one_per_line_as_the_township_workbook_writes_them_are_read_as_rules(
    scored: dict[str, Path], tmp_path: Path
) -> None:
    """The township workbook writes the rules, risk types and measures one item per line: a township sheet saved
    as CSV (Excel's 另存为 CSV) held ``audit.missed<LF>income.below_line`` in a cell, read as one rule of no title
    and one measure of no department: the workload drawn with 7 measures for 乡镇人民政府 where there are 144,
    exit 0. Items are split at line breaks as at ``;``, in a CSV as in a JSON Lines file's text."""
    source = scored["batch.csv"]
    expected = _report(source, tmp_path / "expected.html")
    table = pl.read_csv(source, infer_schema=False)
    lists = [HEADERS["zh"][c] for c in ("flags", "risk_types", "measures")]
    table.with_columns(pl.col(c).str.replace_all(";", "\r\n" if n else "\n") for n, c in enumerate(lists)).write_csv(
        tmp_path / "sheet.csv"
    )
    assert _report(tmp_path / "sheet.csv", tmp_path / "sheet.html") == expected
    out = tmp_path / "s.jsonl"
    assert score_file(HOUSEHOLDS_CSV, out, tmp_path / "e.csv").code == 3
    jsonl = _report(out, tmp_path / "jsonl.html")
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    lines = [
        r | {"flags": "\n".join(f["rule_id"] for f in r["flags"]), "risk_types": "\r\n".join(r["risk_types"])}
        for r in records
    ]
    (tmp_path / "lines.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), "utf-8")
    assert _report(tmp_path / "lines.jsonl", tmp_path / "lines.html") == jsonl


def test_a_header_with_a_character_no_one_sees_at_its_end_is_read_as_fanpin_score_reads_one(
    scored: dict[str, Path], tmp_path: Path
) -> None:
    """A header renamed in a spreadsheet by text pasted from a web page (``预警等级`` with a zero-width space
    after it) was refused as a file with no column 预警等级, which the clerk sees there: its header is read as
    fanpin score reads an input's, without the spaces and the characters no one sees at its ends, in a CSV and
    a Parquet file alike."""
    level = HEADERS["zh"]["alert_level"]
    expected = _report(scored["batch.csv"], tmp_path / "expected.html")
    rows = list(csv.reader(io.StringIO(scored["batch.csv"].read_text(encoding="utf-8-sig"))))
    rows[0][rows[0].index(level)] = level + "\u200b"
    with (tmp_path / "pasted.csv").open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    assert _report(tmp_path / "pasted.csv", tmp_path / "pasted.html") == expected
    parquet = _report(scored["batch.parquet"], tmp_path / "parquet.html")
    edited = pl.read_parquet(scored["batch.parquet"]).rename({level: "\u200b" + level + " "})
    edited.write_parquet(tmp_path / "p.parquet")
    assert _report(tmp_path / "p.parquet", tmp_path / "p.html") == parquet


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    ("column", "written"), [("income_per_capita", "测算人均纯收入(元)"), ("alert_level", "Alert_Level")]
)
def test_a_header_retyped_otherwise_is_named_with_the_header_to_write(
    column: str, written: str, lang: str, scored: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A header retyped in a spreadsheet with half-width parentheses or in another case was refused as a file
    with no column 测算人均纯收入（元）, which the clerk sees there written their way: the message names the
    header as the file writes it, and the one to write."""
    monkeypatch.setenv("FANPIN_MESSAGES", lang)
    header = HEADERS["zh"][column]
    rows = list(csv.reader(io.StringIO(scored["batch.csv"].read_text(encoding="utf-8-sig"))))
    rows[0][rows[0].index(header)] = written
    with (tmp_path / "retyped.csv").open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    run = run_cli("report", tmp_path / "retyped.csv", "--out", tmp_path / "r.html")
    assert run.code == 2 and "Traceback" not in run.err, run.err
    said = {
        "en": f"its column {written} is {header} ({column}) written otherwise [input-file] Fix: rename the column "
        f"{written} {header}, as fanpin score writes it",
        "zh": f"它的列 {written} 就是 {header}（{column}），但写法不同；"
        f"请把列 {written} 改名为 {header}，与 fanpin score 写出的一致",
    }[lang]
    assert said in run.err, run.err


def test_a_column_of_another_type_is_refused_naming_that_column(scored: dict[str, Path], tmp_path: Path) -> None:
    """A scored Parquet file with a column of a type the report cannot read was refused naming the columns
    whose types are not plain text or numbers: fanpin score's own money and labels, never the column at
    fault (a passed-through name stored as a list). The message names that column, and no other."""
    table = pl.read_parquet(scored["batch.parquet"])
    flags = HEADERS["zh"]["flags"]
    cases = {
        "户主姓名": table.with_columns(pl.concat_list("户主姓名")),
        f"{flags} (flags)": table.with_columns(pl.struct(a=pl.lit(1)).alias(flags)),
        # a record of one list field (the list wrapped by another tool): polars casts it to a record of text
        # lists, so it had been told as "the column(s) (some)", naming none
        f"{HEADERS['zh']['risk_types']} (risk_types)": table.with_columns(pl.struct(HEADERS["zh"]["risk_types"])),
    }
    for column, edited in cases.items():
        edited.write_parquet(tmp_path / "edited.parquet")
        run = run_cli("report", tmp_path / "edited.parquet", "--out", tmp_path / "r.html")
        assert run.code == 2, run.err
        assert f"the column(s) {column} do not hold what fanpin score writes" in run.err, run.err


def test_a_passed_through_key_named_as_a_scored_one_does_not_replace_it(tmp_path: Path) -> None:
    """A JSON Lines record's passed-through ``input`` holding a key named as a scored one (``household_id``,
    ``alert_level``; fanpin score passes none through, an edit may add one) replaced the household's own
    value in every figure and in the table. The scored keys are the household's."""
    out = tmp_path / "s.jsonl"
    assert score_file(HOUSEHOLDS_CSV, out, tmp_path / "e.csv").code == 3
    expected = _report(out, tmp_path / "expected.html")
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    for record in records:
        record["input"] |= {"household_id": "EVIL", "alert_level": "红", "region_code": "53"}
    edited = "\n".join(json.dumps(r, ensure_ascii=False) for r in records)
    (tmp_path / "edited.jsonl").write_text(edited + "\n", encoding="utf-8")
    assert _report(tmp_path / "edited.jsonl", tmp_path / "edited.html") == expected


def test_the_households_data_is_escaped_in_less_time_than_it_is_written() -> None:
    """The households' data of a county's report (200 000 households, 65 MB of mostly Chinese text) was
    escaped for its <script> element with str.translate, which took 8 s, half of the report's time, and six
    times as long as writing the JSON. The escaping now costs less than the JSON it escapes."""
    from fanpin.report import _script_json

    row = {"cells": ["H5323280001", "532328101", "低于监测范围", "入户核实（乡镇人民政府）<&>"], "search": "h1 橙"}
    value = {"rows": [row] * 50_000}
    written, escaped_in = [], []
    # side by side, the fastest of each, in this process's CPU time: a machine loaded by other work (a test run
    # beside this one) had made one side's wall time four times the other's, though neither had changed
    for _ in range(7):
        start = time.process_time()
        json.dumps(value, ensure_ascii=False)
        written.append(time.process_time() - start)
        start = time.process_time()
        _script_json(value)
        escaped_in.append(time.process_time() - start)
    assert min(escaped_in) < 3 * min(written), (escaped_in, written)
    escaped = _script_json(value)
    assert not {"<", ">", "&"} & set(escaped) and json.loads(escaped) == value


def test_a_null_list_or_a_null_in_a_list_is_no_item(scored: dict[str, Path], tmp_path: Path) -> None:
    """A scored Parquet file written again by another tool may hold a null where fanpin writes an empty list,
    or a null inside a list (pandas' None): the report stopped with an internal error (exit 70) on the
    plans or the risk types, and a null in a JSON Lines list was a rule named "None". Neither is an item,
    as an empty CSV cell is none."""
    source = scored["batch.parquet"]
    expected = _report(source, tmp_path / "expected.html")
    table = pl.read_parquet(source)
    lists = [HEADERS["zh"][c] for c in ("flags", "risk_types", "measures")]
    nulls = table.with_columns(
        pl.when(pl.col(c).list.len() == 0).then(None).otherwise(pl.concat_list(pl.lit(None), c)).alias(c) for c in lists
    )
    nulls.write_parquet(tmp_path / "nulls.parquet")
    assert _report(tmp_path / "nulls.parquet", tmp_path / "nulls.html") == expected
    out = tmp_path / "s.jsonl"
    assert score_file(HOUSEHOLDS_CSV, out, tmp_path / "e.csv", "--keep-columns", "户主姓名,备注").code == 3
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    for record in records:
        for key in ("flags", "risk_types", "measures"):
            record[key] = [None, *record[key]]
    (tmp_path / "nulls.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), "utf-8")
    assert _report(tmp_path / "nulls.jsonl", tmp_path / "nulls-jsonl.html") == expected


def test_a_csv_with_none_of_the_reports_columns_is_refused_saying_why(scored: dict[str, Path], tmp_path: Path) -> None:
    """A CSV of other columns altogether, and a scored CSV saved from Excel as text (cells separated by
    tabs) or with semicolons, were refused as "not a readable scored file (ShapeError)", polars' word,
    which says nothing of the file (a separated file with a personal column: as lacking every column the
    report reads). They are refused naming the columns the file lacks, or as fanpin score refuses such a
    table: its cells separated by tabs, not commas."""
    text = scored["batch.csv"].read_text(encoding="utf-8-sig")
    for separator, name in (("\t", "tabs"), (";", "semicolons")):
        (tmp_path / f"{name}.csv").write_text(text.replace(",", separator), encoding="utf-8-sig")
        run = run_cli("report", tmp_path / f"{name}.csv", "--out", tmp_path / "r.html")
        assert run.code == 2, run.err
        assert f"{name}.csv:1: the header row names 户编号 but its cells are separated by {name}" in run.err
    (tmp_path / "other.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    run = run_cli("report", tmp_path / "other.csv", "--out", tmp_path / "r.html")
    assert run.code == 2 and "not a scored file: it has no column 户编号 (household_id)" in run.err, run.err
    assert not (tmp_path / "r.html").exists()


def test_a_date_with_more_after_it_is_refused_not_cut(scored: dict[str, Path], tmp_path: Path) -> None:
    """评估日期 was read from its first ten characters: 2025-06-301 (a digit typed too many) and
    2025-06-30xyz were reported as of 2025-06-30 without a word. They are refused as dates fanpin score
    never writes; a datetime's date (2025-06-30 00:00:00, as a spreadsheet may save it) is still read."""
    source = scored["batch.csv"]
    expected = _report(source, tmp_path / "expected.html")
    table = pl.read_csv(source, infer_schema=False)
    as_of = HEADERS["zh"]["as_of"]
    for tail in ("1", "xyz"):
        table.with_columns(pl.col(as_of) + tail).write_csv(tmp_path / "more.csv")
        run = run_cli("report", tmp_path / "more.csv", "--out", tmp_path / "more.html")
        assert run.code == 2 and f"more.csv: line 2: {as_of} (as_of) holds '2025-06-30{tail}'" in run.err, run.err
    table.with_columns(pl.col(as_of) + " 00:00:00").write_csv(tmp_path / "datetime.csv")
    assert _report(tmp_path / "datetime.csv", tmp_path / "datetime.html") == expected


def test_a_scored_csv_excel_saved_again_is_read_as_the_file_fanpin_wrote(
    scored: dict[str, Path], tmp_path: Path
) -> None:
    """A scored CSV opened in Excel and saved again (另存为 CSV on a Chinese system): GBK, CRLF, its dates as
    Excel shows them (2025/6/30) and its amounts without the trailing .00. It was refused at its first line
    ("holds '2025/6/30', which fanpin score never writes there: give the file fanpin score wrote"); its
    dates are read as an input file's date cells are, and the page is the one of the file fanpin wrote.
    An Excel day count (45838) is still no date."""
    source = scored["batch.csv"]
    expected = _report(source, tmp_path / "expected.html")
    table = pl.read_csv(source, infer_schema=False)
    as_of, amount = HEADERS["zh"]["as_of"], HEADERS["zh"]["income_per_capita"]
    resaved = table.with_columns(
        pl.col(as_of).str.to_date().dt.strftime("%Y/%-m/%-d"), pl.col(amount).str.replace(r"\.00$", "")
    )
    assert resaved.get_column(as_of)[0] == "2025/6/30"
    excel = tmp_path / "excel.csv"
    excel.write_bytes(resaved.write_csv(line_terminator="\r\n").encode("gbk"))
    assert _report(excel, tmp_path / "excel.html") == expected
    table.with_columns(pl.lit("45838").alias(as_of)).write_csv(tmp_path / "count.csv")
    run = run_cli("report", tmp_path / "count.csv", "--out", tmp_path / "count.html")
    assert run.code == 2 and f"count.csv: line 2: {as_of} (as_of) holds '45838'" in run.err, run.err


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_page_is_made_and_written_a_few_households_at_a_time(
    scored: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: Literal["zh", "en"]
) -> None:
    """The page was made whole in memory, its households' table first as a list of every household's cells,
    and written at once: 18 MB of text for 50 000 households, the report peaking at 330 MB (780 MB for
    200 000). It is made in pieces written as they come, the table's data a few households a piece; the
    page is the same, byte for byte, in pieces of any size, and a write failing part way leaves nothing."""
    from fanpin import report as module

    source = scored["batch.csv"]
    frame = read_scored(source)
    assert frame.height > 9
    monkeypatch.setattr(module, "ROWS_AT_ONCE", 4)
    pieces = list(module.render(module.Report(frame, load_rulebook(), lang)))
    households = [piece.count('{"cells": ') for piece in pieces]
    assert sum(households) == frame.height and max(households) == 4
    module.write_report(source, tmp_path / "small.html", lang=lang)
    monkeypatch.setattr(module, "ROWS_AT_ONCE", 10**9)
    module.write_report(source, tmp_path / "whole.html", lang=lang)
    page = (tmp_path / "whole.html").read_bytes()
    assert (tmp_path / "small.html").read_bytes() == page == "".join(pieces).encode("utf-8")
    data = re.search(rb'<script type="application/json" id="household-data">(.*?)</script>', page)
    assert data is not None and len(json.loads(data.group(1))["rows"]) == frame.height

    pieces_of = module._household_pieces

    def full(report: module.Report) -> Iterator[str]:  # the disk full after the first households
        yield next(pieces_of(report))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(module, "_household_pieces", full)
    with pytest.raises(OutputError, match="cannot write the report: No space left on device"):
        module.write_report(source, tmp_path / "full.html", lang=lang)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["small.html", "whole.html"]


def test_a_scored_csv_is_read_a_few_rows_at_a_time(
    scored: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rows of a scored CSV were kept as Python lists of cells until the last was read, about ten times
    the frame they make; they are gathered into the frame READ_AT_ONCE rows at a time, and the frame is the
    same whatever that number (a file ending on a whole batch, one row past it, no row)."""
    from fanpin import report as module

    source = scored["batch.csv"]
    whole = read_scored(source)
    for at_once in (1, 3, whole.height, whole.height - 1):
        monkeypatch.setattr(module, "READ_AT_ONCE", at_once)
        assert_frame_equal(read_scored(source), whole)
    header = tmp_path / "header.csv"
    header.write_text(source.read_text(encoding="utf-8-sig").splitlines()[0] + "\n", encoding="utf-8")
    monkeypatch.setattr(module, "READ_AT_ONCE", 1)
    assert read_scored(header).height == 0


@pytest.fixture(scope="module")
def repeated(scored: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, list[str]]]:
    """Scored files that hold households more than once, each with the words its refusal says."""
    folder = tmp_path_factory.mktemp("repeated")
    data = scored["batch.csv"].read_bytes()  # as fanpin wrote it, byte-order mark first
    n = read_scored(scored["batch.csv"]).height
    first, second = read_scored(scored["batch.csv"]).get_column("household_id").head(2).to_list()
    (folder / "cat.csv").write_bytes(data + data)
    (folder / "tail.csv").write_bytes(data + data.split(b"\n", 1)[1])
    later = folder / "later.csv"
    run = run_cli("score", HOUSEHOLDS_CSV, "--as-of", "2025-09-30", "--region", "532328", "--out", later,
                  "--errors", folder / "e.csv", "--keep-columns", "户主姓名,备注")  # fmt: skip
    assert run.code == 3, run.err
    (folder / "dates.csv").write_bytes(data + later.read_bytes().split(b"\n", 1)[1])
    table = pl.read_parquet(scored["batch.parquet"])
    pl.concat([table, table.head(2)]).write_parquet(folder / "twice.parquet")
    level = HEADERS["zh"]["alert_level"]
    other = table.head(1).with_columns(  # another level: the same household scored from other data
        pl.when(pl.col(level) == "红").then(pl.lit("黄")).otherwise(pl.lit("红")).cast(table.schema[level]).alias(level)
    )
    pl.concat([table, other]).write_parquet(folder / "other.parquet")
    out = folder / "s.jsonl"
    assert score_file(HOUSEHOLDS_CSV, out, folder / "e.csv").code == 3
    (folder / "twice.jsonl").write_bytes(out.read_bytes() * 2)
    record = json.loads(out.read_text(encoding="utf-8").splitlines()[0]) | {"household_id": "532328199001011234"}
    (folder / "masked.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    (folder / "masked.jsonl").write_bytes((folder / "masked.jsonl").read_bytes() * 2)  # an ID number's shape
    repeats = "户编号 (household_id) repeats: "
    copies = f"households are in the file more than once, each time the same row ({first} on "
    one_run = "Fix: report on one run's scored file, not copies of it joined, or score the households again"
    words = {
        "cat.csv": [f"{repeats}{n} {copies}lines 2 and {n + 3}, {second} on lines 3 and {n + 4}): every figure would "
                    "count them once per copy", one_run],
        "tail.csv": [f"{repeats}{n} {copies}lines 2 and {n + 2}, {second} on lines 3 and {n + 3})", one_run],
        "twice.parquet": [f"{repeats}2 {copies}rows 1 and {n + 1}, {second} on rows 2 and {n + 2})", one_run],
        "twice.jsonl": [f"{repeats}{n} {copies}lines 1 and {n + 1}, {second} on lines 2 and {n + 2})", one_run],
        "dates.csv": [
            f"{repeats}{n} households are in the file more than once, scored at the evaluation dates 2025-06-30 and "
            f"2025-09-30 ({first} on lines 2 and {n + 2}, {second} on lines 3 and {n + 3}): every figure would count "
            "them once per date",
            "Fix: report on one date's scored file (one report per --as-of), or score the households again",
        ],
        "masked.jsonl": [f"{repeats}1 household is in the file more than once, each time the same row "
                         "(5323**********1234 on lines 1 and 2)", one_run],
        "other.parquet": [
            f"{repeats}1 household is in the file more than once, their rows different ({first} on rows 1 and "
            f"{n + 1}): every figure would count it once per row",
            "Fix: report on one run's scored file, not two runs' files joined, or score the households again",
        ],
    }  # fmt: skip
    return {name: (folder / name, said) for name, said in words.items()}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    "name", ["cat.csv", "tail.csv", "twice.parquet", "twice.jsonl", "dates.csv", "other.parquet", "masked.jsonl"]
)
def test_a_file_holding_a_household_more_than_once_is_refused_in_every_format(
    repeated: dict[str, tuple[Path, list[str]]], tmp_path: Path, name: str, lang: str
) -> None:
    """Two scored files joined into one (``cat a.csv b.csv``, or ``tail -n +2 b.csv`` appended), a Parquet or
    JSON Lines file holding households twice, the households scored at two dates, or twice from other data:
    the report counted each household once per row, every figure wrong, with exit 0 (``cat``'s second header
    was refused as an alert level 预警等级). Refused, saying how many repeat, two of them and where, whether
    the rows are copies, of other dates or otherwise different, and what to report on instead; the error is
    English in either --lang, as the report's other errors are."""
    path, words = repeated[name]
    run = run_cli("report", path, "--out", tmp_path / "r.html", "--lang", lang)
    assert run.code == 2 and run.err.startswith(f"fanpin: error: {path}: "), run.err
    assert all(w in run.err for w in words) and run.err.count("\n") == 1 and "Traceback" not in run.err, run.err
    assert "532328199001011234" not in run.err
    assert not (tmp_path / "r.html").exists()


def test_households_keyed_by_id_numbers_that_mask_alike_are_each_counted(tmp_path: Path) -> None:
    """fanpin score masks a 户编号 that is an ID number; two households keyed by ID numbers of one region and the
    same last four digits mask alike (5323**********1234), and the report refused the file as one household
    given twice. A masked key is no key to check: each row is a household."""
    lines = HOUSEHOLDS_CSV.read_text(encoding="utf-8-sig").splitlines()
    keys = ["532328199001011234", "532328198505051234"]
    rows = [key + line[line.index(",") :] for key, line in zip(keys, lines[1:3], strict=True)]
    source = tmp_path / "in.csv"
    source.write_text("\n".join([lines[0], *rows, *lines[3:]]) + "\n", encoding="utf-8")
    out = tmp_path / "s.csv"
    run = run_cli("score", source, "--as-of", "2025-06-30", "--region", "532328", "--out", out, "--errors",
                  tmp_path / "e.csv")  # fmt: skip
    assert run.code in (0, 3), run.err
    assert [r["household_id"] for r in read_csv(out)][:2] == ["5323**********1234"] * 2
    report = run_cli("report", out, "--out", tmp_path / "r.html")
    assert report.code == 0, report.err
    assert f"the report of {read_scored(out).height} households" in report.err


def test_scored_files_of_other_households_joined_with_their_headers_are_reported(
    scored: dict[str, Path], tmp_path: Path
) -> None:
    """``cat town1.csv town2.csv``: the second file's header (after its byte-order mark, in either language)
    was read as a household and refused as an alert level 预警等级. It is read as a header: the joined file is
    reported as the one file of all the households. A header of other columns is refused, naming its line."""
    source = scored["batch.csv"]
    expected = _report(source, tmp_path / "expected.html")
    data = source.read_bytes()
    head, *rows = data.split(b"\n")
    english = tmp_path / "en.csv"
    kept = ("--keep-columns", "户主姓名,备注")  # the columns of the module's scored files
    assert score_file(HOUSEHOLDS_CSV, english, tmp_path / "e.csv", "--lang", "en", *kept).code == 3
    en_head, *en_rows = english.read_bytes().split(b"\n")
    assert en_head.startswith(b"\xef\xbb\xbfhousehold_id,")
    plain = tmp_path / "plain.csv"  # scored without the passed-through columns
    assert score_file(HOUSEHOLDS_CSV, plain, tmp_path / "e.csv").code == 3
    joined = {
        "zh.csv": b"\n".join([head, *rows[:100]]) + b"\n" + b"\n".join([head, *rows[100:]]),
        "en.csv": b"\n".join([head, *rows[:100]]) + b"\n" + b"\n".join([en_head, *en_rows[100:]]),
    }
    for name, joined_data in joined.items():
        (tmp_path / name).write_bytes(joined_data)
        page = _report(tmp_path / name, tmp_path / f"{name}.html")
        assert page.replace(name, "scored") == expected.replace(source.name, "scored"), name
    (tmp_path / "other.csv").write_bytes(b"\n".join([head, *rows[:100]]) + b"\n" + plain.read_bytes())
    run = run_cli("report", tmp_path / "other.csv", "--out", tmp_path / "r.html")
    assert run.code == 2 and "Traceback" not in run.err, run.err
    assert "other.csv:102: line 102 is a header row of other columns than the file's first header" in run.err
    assert not (tmp_path / "r.html").exists()


def test_a_ctrl_c_the_moment_the_part_file_is_made_leaves_nothing_behind(
    scored: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As fanpin score's: a Ctrl-C just after report.html.part was made, before the run had noted it as its
    own, left it behind; the signal is held back while the file is made and noted."""
    import os
    import signal

    import fanpin.pipeline.run
    import fanpin.report

    claim = fanpin.pipeline.run.claim_part  # the report's, imported from there

    def claim_then_interrupt(part: Path, target: Path) -> None:
        claim(part, target)
        os.kill(os.getpid(), signal.SIGINT)  # its handler runs at once, unless the signal is held back

    monkeypatch.setattr(fanpin.report, "claim_part", claim_then_interrupt)
    folder = tmp_path / "out"
    folder.mkdir()
    run = run_cli("report", scored["batch.csv"], "--out", folder / "report.html")
    assert run.code == 130, run.err
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("households", [1, 2])
def test_a_scored_file_whose_household_numbers_excel_wrote_in_scientific_notation_is_refused_so(
    households: int, tmp_path: Path
) -> None:
    """A scored CSV opened in Excel and saved again: its 16-digit 户编号 are 5.32328E+15. Two such households
    were refused as a household repeated (two runs' files joined: the wrong fix); one was reported under the
    mangled id. Refused as written in scientific notation, naming the line."""
    source = tmp_path / "in.csv"
    rows = [f"53232800000000{n:02d},532328101203,一般农户,2,{100 * n},0,0,0,note" for n in range(1, 4)]
    source.write_text(HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    scored_path = tmp_path / "scored.csv"
    assert score_file(source, scored_path, tmp_path / "e.csv").code == 0
    lines = scored_path.read_text(encoding="utf-8-sig").splitlines()
    for at in range(1, households + 1):
        lines[at] = "5.32328E+15," + lines[at].split(",", 1)[1]
    excel = tmp_path / "excel.csv"
    excel.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    run = run_cli("report", excel, "--out", tmp_path / "r.html")
    assert run.code == 2 and "Traceback" not in run.err, run.err
    said = "excel.csv:2: 户编号 (household_id) 5.32328E+15 is written in scientific notation"
    assert said in run.err and f"({households} row(s))" in run.err and "joined" not in run.err, run.err
    assert not (tmp_path / "r.html").exists()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_scored_file_whose_region_codes_excel_wrote_in_scientific_notation_is_refused_so(
    lang: str, scored: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A scored CSV opened in Excel and saved again: its 12-digit 行政区划代码 are 5.32328E+11. It was reported
    without a word, every household under a township 5.32328E+ and a village 5.32328E+11, and the income chart
    drawn against the national line (6000 元, of no region) for Yunnan's 8700. Refused, naming the line."""
    monkeypatch.setenv("FANPIN_MESSAGES", lang)
    rows = list(csv.reader(io.StringIO(scored["batch.csv"].read_text(encoding="utf-8-sig"))))
    at = rows[0].index(HEADERS["zh"]["region_code"])
    for row in rows[2:]:
        row[at] = f"{int(row[at]):.5E}" if len(row[at]) == 12 else row[at]
    excel = tmp_path / "excel.csv"
    with excel.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    run = run_cli("report", excel, "--out", tmp_path / "r.html")
    assert run.code == 2 and "Traceback" not in run.err, run.err
    said = {
        "en": "excel.csv:3: 行政区划代码 (region_code) 5.32328E+11 is written in scientific notation",
        "zh": "excel.csv:3：行政区划代码 5.32328E+11 写成了科学计数法",
    }[lang]
    assert said in run.err and "Excel" in run.err, run.err
    assert not (tmp_path / "r.html").exists()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_errors_file_or_the_findings_given_to_report_are_told_for_what_they_are(lang: str, tmp_path: Path) -> None:
    """fanpin report given the run's errors file or its worksheet of findings (CSV) called either "a household
    table or a person-level export not yet scored?", with the fix to score it."""
    out, errors, findings = tmp_path / "o.csv", tmp_path / "e.csv", tmp_path / "f.csv"
    run = score_file(EXPORT_XLSX, out, errors, "--checks", "with", "--findings", findings, "--lang", lang)
    assert run.code == 3, run.err
    for path, what in ((errors, "the errors file"), (findings, "the worksheet of findings")):
        said = run_cli("report", path, "--out", tmp_path / "r.html")
        assert said.code == 2 and f"not a scored file: it is {what} fanpin score writes" in said.err, said.err
        assert "not yet scored" not in said.err and not (tmp_path / "r.html").exists()
