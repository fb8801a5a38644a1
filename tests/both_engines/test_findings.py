"""The clerk's worksheet (``fanpin score … --findings``) and the scored table's codes, on both engines: the
rows of a small export built here, masked; the workbook's layout; CSV; the file guarantees."""

from __future__ import annotations

import csv
import errno
import json
import time
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from fanpin import Engine, Scorer
from fanpin.batch import BatchEngine
from fanpin.errors import OutputError
from fanpin.io.export import ExportHousehold, read_export
from fanpin.io.findings import FindingsSink
from fanpin.io.sinks import Format
from fanpin.pipeline import score_path
from fanpin.pipeline.findings import FINDING_COLUMNS, FINDING_HEADERS, FactsAtHand, MemberReasons, numbered_alike
from fanpin.pipeline.scorers import chunk_scorer
from fanpin.results.sentences import Lang
from fanpin.rulebook import load_rulebook
from fanpin.synthetic import write_person_export_csv
from tests.helpers import AS_OF, HEADER, run_cli, write_rows

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _id_number(body: str, *, valid: bool) -> str:
    """An 18-digit ID number from its first 17 digits: with its GB 11643 check digit, or a wrong one."""
    total = sum(int(c) * w for c, w in zip(body, _WEIGHTS, strict=True)) + (0 if valid else 1)
    return body + "10X98765432"[total % 11]


#: Four households: H1 a 脱贫户 (its head's ID number fails the check digit, the spouse's is valid), H2 a
#: monitored 一般农户, H3 a monitored 脱贫户 (both populations), H4 a 一般农户 not monitored — each head
#: with a wrong check digit. H2's head is named "=SUM(1)": a formula, were it not escaped.
PEOPLE = [
    ("金碧镇", "龙街村", "H1", "532328101201", "张三丰", _id_number("53232819500101123", valid=False), "户主",
     "脱贫户", ""),
    ("金碧镇", "龙街村", "H1", "532328101201", "李四娘", _id_number("53232819520202124", valid=True), "配偶",
     "脱贫户", ""),
    ("金碧镇", "石桥村", "H2", "532328101202", "=SUM(1)", _id_number("53232819600303125", valid=False), "户主",
     "一般农户", "边缘易致贫户"),
    ("龙街乡", "新村", "H3", "532328102201", "赵六", _id_number("53232819700404126", valid=False), "户主",
     "脱贫户", "脱贫不稳定户"),
    ("龙街乡", "新村", "H4", "532328102201", "钱七", _id_number("53232819800505127", valid=False), "户主",
     "一般农户", ""),
]  # fmt: skip
EXPORT_HEADER = (
    "县,乡,村,户编号,行政区划代码,姓名,证件号码,与户主关系,户类型,监测对象类别,"
    "工资性收入,生产经营性收入,财产性收入,转移性收入"
)


def _export(path: Path) -> Path:
    lines = [EXPORT_HEADER, *(",".join(("大姚县", *p, "9000", "0", "0", "0")) for p in PEOPLE)]
    return write_rows(path, lines)


def _masked(text: str) -> str:
    return text[:4] + "*" * (len(text) - 8) + text[-4:] if len(text) > 8 else text[:1] + "*" * (len(text) - 1)


def _person(n: int) -> tuple[str, str, int]:
    """The n-th person of :data:`PEOPLE` as the worksheet shows them: masked ID number, masked name, line."""
    person = PEOPLE[n]
    return _masked(person[5]), _masked(person[4]), n + 2


#: The exact rows of two twin codes of one check (身份证号码校验位错误): 1_01_003 for 脱贫户, 1_12_002 for
#: 监测对象 — H3, both, under each; H4, neither, under none; H1's valid spouse nowhere.
CHECK_DIGIT = {
    "1_01_003": [
        ("大姚县", "金碧镇", "龙街村", "H1", *_person(0)),
        ("大姚县", "龙街乡", "新村", "H3", *_person(3)),
    ],
    "1_12_002": [
        ("大姚县", "金碧镇", "石桥村", "H2", *_person(2)),
        ("大姚县", "龙街乡", "新村", "H3", *_person(3)),
    ],
}
TITLE = {"zh": "身份证号码校验位错误", "en": "18-digit ID number fails its check digit"}


@pytest.fixture(scope="module")
def pack() -> dict[str, Engine | BatchEngine]:
    """Both engines on the data-check pack alone (``--checks only``), by their ``--engine`` names."""
    book = load_rulebook(checks="only")
    return {"batch": BatchEngine(book), "durable": Engine(book)}


def _score(source: Path, tmp_path: Path, engine: Engine | BatchEngine, findings: str, lang: Lang = "zh") -> Path:
    """``source`` scored with the pack through the pipeline (as ``fanpin score`` runs it), the findings
    into ``tmp_path/NAME.findings`` (NAME: the engine's ``--engine`` name)."""
    name = "batch" if isinstance(engine, BatchEngine) else "durable"
    summary = score_path(
        engine, source, tmp_path / f"{name}.scored.csv", as_of=AS_OF, lang=lang,
        errors=tmp_path / f"{name}.rejected.csv", findings=tmp_path / f"{name}.{findings}",
    )  # fmt: skip
    assert summary.rejected == 0
    return tmp_path / f"{name}.{findings}"


def _sheet_rows(sheet: Any) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_workbook_lists_each_finding_under_its_codes_masked(
    pack: dict[str, Engine | BatchEngine], engine_name: str, lang: Lang, tmp_path: Path
) -> None:
    path = _score(_export(tmp_path / "export.csv"), tmp_path, pack[engine_name], "findings.xlsx", lang)
    workbook = load_workbook(path)
    headers = tuple(FINDING_HEADERS[lang][c] for c in FINDING_COLUMNS)
    assert headers[:8] == (
        ("疑点代码", "疑点描述", "县", "乡", "村", "户编号", "证件号码（脱敏）", "姓名（脱敏）")
        if lang == "zh"
        else ("code", "message", "county", "township", "village", "household_id", "member_id", "member_name")
    )
    summary_name = "汇总" if lang == "zh" else "summary"
    codes = workbook.sheetnames[1:]
    assert workbook.sheetnames[0] == summary_name and codes == sorted(codes)
    for code, expected in CHECK_DIGIT.items():
        rows = _sheet_rows(workbook[code])
        assert rows[0] == headers
        assert [r[:9] for r in rows[1:]] == [(code, TITLE[lang], *e) for e in expected]
        assert {r[-1] for r in rows[1:]} == {"checks.id_number_check_digit"}
        assert all(r[11] for r in rows[1:])  # the comparison that made it fire
    # Every sheet: a frozen, filtered header row; the filter over every row written.
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref is not None and sheet.auto_filter.ref.startswith("A1:"), sheet.title
    for code in codes:
        sheet = workbook[code]
        assert sheet.auto_filter.ref == f"A1:M{sheet.max_row}"
        assert sheet.column_dimensions["B"].width >= 20
    # The summary's counts per code are the per-code sheets' own.
    summary = _sheet_rows(workbook[summary_name])
    per_code = {row[0]: row[1:5] for row in summary[1 : 1 + len(codes)]}
    assert list(per_code) == codes
    total = 0
    for code in codes:
        rows = _sheet_rows(workbook[code])[1:]
        households = len({r[5] for r in rows})
        members = sum(1 for r in rows if r[6] is not None)
        assert per_code[code] == (rows[0][1], households, members, len(rows)), code
        total += len(rows)
    # … and per village, the findings add up to every row.
    by_village = summary[summary.index(next(r for r in summary if r[0] in ("各村疑点", "By village"))) + 2 :]
    assert {r[:3] for r in by_village} == {
        ("大姚县", "金碧镇", "龙街村"),
        ("大姚县", "金碧镇", "石桥村"),
        ("大姚县", "龙街乡", "新村"),
    }
    assert sum(r[4] for r in by_village) == total
    # Never an ID number or a name in clear; the name that looks like a formula is text.
    cells = [str(c) for s in workbook.worksheets for r in _sheet_rows(s) for c in r if c is not None]
    for person in PEOPLE:
        assert not [c for c in cells if person[5] in c or person[4] in c], person[2]
    formulas = [
        cell for s in workbook.worksheets for row in s.iter_rows() for cell in row
        if isinstance(cell.value, str) and cell.value.startswith("=")
    ]  # fmt: skip
    assert {c.value for c in formulas} == {"=******"} and {c.data_type for c in formulas} == {"s"}


@pytest.mark.parametrize("keep_identities", [False, True])
def test_the_summary_counts_households_whose_masked_keys_look_alike(
    pack: dict[str, Engine | BatchEngine], engine_name: str, keep_identities: bool, tmp_path: Path
) -> None:
    """A county that keys its households by the head's ID number: two heads' numbers with the same first and
    last four digits are shown alike once masked, and are still two households in the summary; the file
    of findings holds the worksheet's columns alone."""
    first, second = _id_number("53232819500101123", valid=False), _id_number("53232819550707123", valid=False)
    assert _masked(first) == _masked(second)
    people = [("金碧镇", "龙街村", key, "532328101201", "张三", key, "户主", "脱贫户", "") for key in (first, second)]
    source = write_rows(
        tmp_path / "export.csv",
        [EXPORT_HEADER, *(",".join(("大姚县", *p, "9000", "0", "0", "0")) for p in people)],
    )
    engine = pack[engine_name]
    for suffix in ("xlsx", "csv", "jsonl", "parquet"):
        score_path(
            engine, source, tmp_path / "s.csv", as_of=AS_OF, errors=tmp_path / "r.csv",
            findings=tmp_path / f"f.{suffix}", keep_identities=keep_identities,
        )  # fmt: skip
    summary = _sheet_rows(load_workbook(tmp_path / "f.xlsx")["汇总"])
    assert summary[1][0] == "1_01_003" and summary[1][2:5] == (2, 2, 2)
    village = next(r for r in summary if r[:3] == ("大姚县", "金碧镇", "龙街村"))
    assert village[3] == 2
    assert _sheet_rows(load_workbook(tmp_path / "f.xlsx")["1_01_003"])[1][5] == _masked(first)
    header = ",".join(FINDING_HEADERS["zh"][c] for c in FINDING_COLUMNS)
    assert (tmp_path / "f.csv").read_text("utf-8-sig").splitlines()[0] == header
    assert pl.read_parquet(tmp_path / "f.parquet").columns == [FINDING_HEADERS["zh"][c] for c in FINDING_COLUMNS]
    records = [json.loads(line) for line in (tmp_path / "f.jsonl").read_text("utf-8").splitlines()]
    assert {tuple(r) for r in records} == {FINDING_COLUMNS}


def test_the_csv_holds_the_workbooks_rows_escaped(engine_name: str, tmp_path: Path) -> None:
    """Through the command line: the CSV has the rows of the workbook's code sheets, a formula escaped."""
    source = _export(tmp_path / "export.csv")
    for findings in ("findings.xlsx", "findings.csv"):
        run = run_cli(
            "score", source, "--as-of", AS_OF.isoformat(), "--checks", "only", "--engine", engine_name,
            "--out", tmp_path / "scored.csv", "--errors", tmp_path / "rejected.csv", "--findings", tmp_path / findings,
        )  # fmt: skip
        assert run.code == 0, run.err
        assert f"findings → {tmp_path / findings}" in run.err
    workbook = load_workbook(tmp_path / "findings.xlsx")
    from_sheets = [r for s in workbook.worksheets[1:] for r in _sheet_rows(s)[1:]]
    with (tmp_path / "findings.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert tuple(rows[0]) == tuple(FINDING_HEADERS["zh"][c] for c in FINDING_COLUMNS)
    as_text = [tuple("" if v is None else str(v) for v in r) for r in from_sheets]
    escaped = [tuple("'" + v if v.startswith("=") else v for v in r) for r in as_text]
    assert [tuple(r) for r in rows[1:]] == escaped
    assert any(v == "'=******" for r in rows for v in r)  # =SUM(1), masked, then escaped for a spreadsheet


def test_both_engines_write_the_same_findings(pack: dict[str, Engine | BatchEngine], tmp_path: Path) -> None:
    source = _export(tmp_path / "export.csv")
    for suffix in ("csv", "jsonl"):
        batch, durable = (_score(source, tmp_path, pack[e], f"findings.{suffix}") for e in ("batch", "durable"))
        assert batch.read_bytes() == durable.read_bytes()
    books = [load_workbook(_score(source, tmp_path, pack[e], "findings.xlsx")) for e in ("batch", "durable")]
    batch_sheets, durable_sheets = ([_sheet_rows(s) for s in b.worksheets] for b in books)
    assert batch_sheets == durable_sheets
    # The workbook is dated by the evaluation date, not the clock: the same bytes, a day later too.
    tomorrow = time.time() + 86_400
    with pytest.MonkeyPatch.context() as clock:
        clock.setattr(time, "time", lambda: tomorrow)
        later = _score(source, tmp_path / "later", pack["batch"], "findings.xlsx").read_bytes()
    assert (tmp_path / "batch.findings.xlsx").read_bytes() == (tmp_path / "durable.findings.xlsx").read_bytes() == later
    with zipfile.ZipFile(tmp_path / "batch.findings.xlsx") as archive:
        assert {info.date_time for info in archive.infolist()} == {(AS_OF.year, AS_OF.month, AS_OF.day, 0, 0, 0)}
    records = [json.loads(line) for line in (tmp_path / "batch.findings.jsonl").read_text("utf-8").splitlines()]
    assert [tuple(r) for r in records[:1]] == [FINDING_COLUMNS]


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet", "xlsx"])
def test_the_scored_output_lists_each_households_codes(
    pack: dict[str, Engine | BatchEngine], engine_name: str, fmt: Format, tmp_path: Path
) -> None:
    source = _export(tmp_path / "export.csv")
    out = tmp_path / f"scored.{fmt}"
    score_path(pack[engine_name], source, out, as_of=AS_OF, fmt=fmt, errors=tmp_path / "rejected.csv")
    if fmt == "jsonl":
        codes = {r["household_id"]: r["codes"] for r in map(json.loads, out.read_text("utf-8").splitlines())}
    elif fmt == "parquet":
        codes = dict(pl.read_parquet(out).select("户编号", "疑点代码").iter_rows())
    elif fmt == "csv":
        frame = pl.read_csv(out, infer_schema=False)
        codes = {h: (c or "").split(";") for h, c in frame.select("户编号", "疑点代码").iter_rows()}
    else:
        rows = [r for s in load_workbook(out).worksheets[1:-1] for r in _sheet_rows(s)]
        column = rows[0].index("疑点代码")
        codes = {r[0]: (r[column] or "").split("\n") for r in rows if r[0] != "户编号"}
    assert set(codes) == {"H1", "H2", "H3", "H4"}
    has = {h: {"1_01_003", "1_12_002"} & set(c) for h, c in codes.items()}
    assert has == {"H1": {"1_01_003"}, "H2": {"1_12_002"}, "H3": {"1_01_003", "1_12_002"}, "H4": set()}
    assert all(len(c) == len(set(c)) for c in codes.values())  # each code once


def test_a_household_table_names_its_places_by_code(
    pack: dict[str, Engine | BatchEngine], engine_name: str, tmp_path: Path
) -> None:
    source = write_rows(
        tmp_path / "households.csv",
        [
            HEADER + ",住房出现安全问题,监测对象类别",
            "H1,532328101201,脱贫户,2,9000,0,0,0,,是,",
            "H2,532328101201,脱贫户,2,9000,0,0,0,,是,脱贫不稳定户",
            "H3,532328,一般农户,2,9000,0,0,0,,是,",
        ],
    )
    score_path(
        pack[engine_name],
        source,
        tmp_path / "s.csv",
        as_of=AS_OF,
        errors=tmp_path / "r.csv",
        findings=tmp_path / "f.parquet",
    )
    found = pl.read_parquet(tmp_path / "f.parquet").filter(pl.col("疑点代码") == "1_02_001")
    assert found.select("县", "乡", "村", "户编号", "证件号码（脱敏）", "行号").rows() == [
        ("532328", "532328101", "532328101201", "H1", None, 2),
        ("532328", None, None, "H3", None, 4),
    ]


def test_the_findings_must_have_a_file_of_their_own(
    pack: dict[str, Engine | BatchEngine], engine_name: str, tmp_path: Path
) -> None:
    source = _export(tmp_path / "export.csv")
    for findings, said in (
        ("s.csv", "the findings would go to the same file as out="),
        ("r.csv", "the findings would go to the same file as errors="),
        ("export.csv", "the output would overwrite the input file"),
    ):
        with pytest.raises(OutputError, match=said):
            score_path(
                pack[engine_name], source, tmp_path / "s.csv", as_of=AS_OF, errors=tmp_path / "r.csv",
                findings=tmp_path / findings,
            )  # fmt: skip
        assert sorted(p.name for p in tmp_path.iterdir()) == ["export.csv"]
    run = run_cli(
        "score", source, "--as-of", AS_OF.isoformat(), "--engine", engine_name, "--out", tmp_path / "s.csv",
        "--errors", tmp_path / "r.csv", "--findings", tmp_path / "s.csv",
    )  # fmt: skip
    assert run.code == 2 and "the findings would go to the same file as --out" in run.err, run.err
    assert "Traceback" not in run.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.csv"]
    # both on standard output: the fix names a file in the working folder, not /dev/findings.xlsx
    run = run_cli(
        "score", source, "--as-of", AS_OF.isoformat(), "--engine", engine_name, "--out", "-",
        "--errors", tmp_path / "r.csv", "--findings", "-",
    )  # fmt: skip
    assert run.code == 2 and "Fix: give --findings a path of its own, e.g. findings.xlsx" in run.err, run.err


def test_a_failed_run_leaves_no_part_file_and_the_old_findings_as_they_were(
    pack: dict[str, Engine | BatchEngine], engine_name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _export(tmp_path / "export.csv")
    engine = pack[engine_name]
    old = tmp_path / "findings.xlsx"
    old.write_bytes(b"last week's worksheet")

    def full_disk(self: FindingsSink) -> None:
        self.discard()
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FindingsSink, "close", full_disk)
    with pytest.raises(OutputError, match="cannot write the output"):
        score_path(engine, source, tmp_path / "s.csv", as_of=AS_OF, errors=tmp_path / "r.csv", findings=old)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.csv", "findings.xlsx"]
    assert old.read_bytes() == b"last week's worksheet"

    def interrupted(self: FindingsSink, frame: pl.DataFrame) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(FindingsSink, "write", interrupted)
    run = run_cli(
        "score", source, "--as-of", AS_OF.isoformat(), "--checks", "only", "--engine", engine_name,
        "--out", tmp_path / "s.csv", "--errors", tmp_path / "r.csv", "--findings", old,
    )  # fmt: skip
    assert run.code == 130
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.csv", "findings.xlsx"]


def test_a_complete_run_replaces_the_findings_file(pack: dict[str, Engine | BatchEngine], tmp_path: Path) -> None:
    """Also through the library's :meth:`fanpin.Scorer.score_file`."""
    source = _export(tmp_path / "export.csv")
    old = tmp_path / "findings.csv"
    old.write_text("last week's worksheet", encoding="utf-8")
    scorer = Scorer(pack["batch"].rulebook)
    scorer.score_file(source, tmp_path / "s.csv", as_of=AS_OF, errors=tmp_path / "r.csv", findings=old)
    assert old.read_text("utf-8-sig").startswith("疑点代码,")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.csv", "findings.csv", "r.csv", "s.csv"]


def test_risk_rules_without_codes_are_not_findings(either_engine: Engine | BatchEngine, tmp_path: Path) -> None:
    """The reference risk rules fire (the scored table says so) but have no code: the worksheet is the
    data checks'. Without the pack, it is a header and nothing else."""
    source = _export(tmp_path / "export.csv")
    summary = score_path(
        either_engine, source, tmp_path / "s.jsonl", as_of=AS_OF, fmt="jsonl", errors=tmp_path / "r.csv",
        findings=tmp_path / "f.csv",
    )  # fmt: skip
    assert summary.scored == 4
    fired = [f for line in (tmp_path / "s.jsonl").read_text("utf-8").splitlines() for f in json.loads(line)["flags"]]
    assert fired and not any(f["codes"] for f in fired)
    assert (tmp_path / "f.csv").read_text("utf-8-sig").splitlines() == [
        ",".join(FINDING_HEADERS["zh"][c] for c in FINDING_COLUMNS)
    ]


def test_keep_identities_leaves_the_findings_masked(
    pack: dict[str, Engine | BatchEngine], engine_name: str, tmp_path: Path
) -> None:
    """The data owner's ``--keep-identities`` writes the scored and errors files in clear; the worksheet,
    made to be shared with townships, stays masked."""
    source = _export(tmp_path / "export.csv")
    score_path(
        pack[engine_name], source, tmp_path / "s.csv", as_of=AS_OF, errors=tmp_path / "r.csv",
        findings=tmp_path / "f.csv", keep_identities=True,
    )  # fmt: skip
    text = (tmp_path / "f.csv").read_text("utf-8-sig")
    assert _person(2)[0] in text and "'=******" in text
    assert not [p[2] for p in PEOPLE if p[5] in text or p[4] in text]


def test_findings_without_the_check_pack_say_so(engine_name: str, tmp_path: Path) -> None:
    source = _export(tmp_path / "export.csv")
    run = run_cli(
        "score", source, "--as-of", AS_OF.isoformat(), "--engine", engine_name, "--out", tmp_path / "s.csv",
        "--errors", tmp_path / "r.csv", "--findings", tmp_path / "f.xlsx",
    )  # fmt: skip
    assert run.code == 0, run.err
    assert "the data-check pack is off" in run.err and "--checks with" in run.err
    workbook = load_workbook(tmp_path / "f.xlsx")
    assert workbook.sheetnames == ["汇总"]
    assert _sheet_rows(workbook["汇总"])[1] == ("（无疑点）", None, None, None, None)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_batch_engines_records_are_its_json_lines_data_checks_from_the_same_evaluation(
    pack: dict[str, Engine | BatchEngine], tmp_path: Path, lang: Lang
) -> None:
    """The records the findings are read from come with the scored table, from one evaluation
    (:meth:`BatchEngine.score_found`): for each household with a data-check code, its fired data checks
    as its JSON Lines record states them (codes, structured explanation, members, rule), with its 户编号
    and region code; none for the others, which have no finding. The table is :meth:`BatchEngine.score`'s."""
    batch = pack["batch"]
    assert isinstance(batch, BatchEngine)
    _, items = read_export(write_person_export_csv(tmp_path / "export.csv", 60), region="532328", member_facts=True)
    households = [h for h in items if isinstance(h, ExportHousehold)]
    facts = [h.facts for h in households if h.facts is not None]
    assert len(facts) == len(households)
    scorer = chunk_scorer(batch)
    valid = scorer.households([h.household for h in households], [h.lines[0] for h in households], facts)
    scored, records = scorer.score_with_records(valid, as_of=AS_OF, region="532328", lang=lang, json=False, keep=())
    assert scored.equals(batch.score(valid.frame, as_of=AS_OF, region="532328", lang=lang, members=valid.members))
    own = batch.score_json(valid.frame, as_of=AS_OF, region="532328", lang=lang, members=valid.members)
    coded = {rule_id for rule_id, rule in batch.rulebook.rules.items() if rule.spec.codes}
    wanted: list[dict[str, Any] | None] = []
    for line, codes in zip(own.get_column("json").to_list(), scored.get_column("codes").to_list(), strict=True):
        record = json.loads(line)
        flags = [
            {k: flag[k] for k in ("codes", "explanation", "members", "rule_id")}
            for flag in record["flags"]
            if flag["rule_id"] in coded
        ]
        keys = {"household_id": record["household_id"], "region_code": record["region_code"], "flags": flags}
        wanted.append(keys if codes else None)
    assert 0 < sum(w is not None for w in wanted) < len(wanted)  # both kinds of household are there
    assert any(f["members"] for w in wanted if w is not None for f in w["flags"])  # member checks among them
    assert [None if r is None else json.loads(r) for r in records.to_list()] == wanted


def test_a_personal_number_typed_as_the_person_id_is_masked_where_it_names_the_member(
    pack: dict[str, Engine | BatchEngine], engine_name: str, tmp_path: Path
) -> None:
    """A member without 证件号码 is named by 人编号; an ID or mobile number typed there is masked in the
    worksheet and in the JSON Lines record's member lists, as everywhere else."""
    clear = ("53232819800101123X", "13812345678")
    lines = [
        "县,乡,村,户编号,行政区划代码,人编号,姓名,证件号码,与户主关系,户类型,监测对象类别,"
        "工资性收入,生产经营性收入,财产性收入,转移性收入",
        *(
            f"大姚县,金碧镇,龙街村,H1,532328101201,{person},某{n},,{relation},脱贫户,,9000,0,0,0"
            for n, (person, relation) in enumerate(zip(clear, ("户主", "配偶"), strict=True))
        ),
    ]
    source = write_rows(tmp_path / "export.csv", lines)
    score_path(
        pack[engine_name], source, tmp_path / "s.jsonl", as_of=AS_OF, fmt="jsonl", errors=tmp_path / "r.csv",
        findings=tmp_path / "f.csv",
    )  # fmt: skip
    worksheet, records = (tmp_path / "f.csv").read_text("utf-8-sig"), (tmp_path / "s.jsonl").read_text("utf-8")
    assert "5323**********123X" in worksheet and "1381***5678" in worksheet
    assert "1381***5678" in records
    assert not [c for c in clear if c in worksheet or c in records]


#: A 脱贫户 (H1) whose head, 45 and healthy, has lost labour capacity (a member check, 2_01_005) and whose
#: member rows record 150 亩 of cropland (a household check over its members, 5_14_001); a monitored
#: 一般农户 (H2) without a risk recorded (1_11_001).
MEMBER_CHECKS = [
    ("H1", "王大明", _id_number("53232819800101123", valid=True), "户主", "脱贫户", "", "1980-01-01", "健康",
     "丧失劳动力", "150", ""),
    ("H1", "李小花", _id_number("53232819820202124", valid=True), "配偶", "脱贫户", "", "1982-02-02", "健康",
     "普通劳动力", "150", ""),
    ("H2", "赵六", _id_number("53232819700404126", valid=True), "户主", "一般农户", "边缘易致贫户", "1970-04-04",
     "健康", "普通劳动力", "3", ""),
]  # fmt: skip


def _member_export(path: Path) -> Path:
    header = (
        "县,乡,村,户编号,行政区划代码,姓名,证件号码,与户主关系,户类型,监测对象类别,出生日期,健康状况,劳动技能,"
        "耕地面积（亩）,致贫/返贫风险1,工资性收入,生产经营性收入,财产性收入,转移性收入"
    )
    rows = [
        ",".join(("大姚县", "金碧镇", "龙街村", p[0], "532328101201", *p[1:], "9000", "0", "0", "0"))
        for p in MEMBER_CHECKS
    ]
    return write_rows(path, [header, *rows])


#: What the worksheet says of each of the three checks, per language: (rule, member shown, fields, values,
#: basis). The member check states the member's own tests and values (健康状况 masked whole, as in the
#: errors file); the household check its members' area; the empty risk cell reads as empty.
MEMBER_FINDINGS = {
    "zh": [
        (
            "checks.healthy_working_age_lost_labour",
            (_masked(MEMBER_CHECKS[0][2]), "王**", 2),
            "户类型\n年龄（周岁）\n年龄（周岁）\n健康状况\n在校生状况\n劳动技能",
            "脱贫户\n45\n45\n**\n（空）\n丧失劳动力",
            "户类型 脱贫户 = 脱贫户\n年龄（周岁） 45 ≥ 劳动年龄下限 16\n年龄（周岁） 45 < 劳动年龄上限（不含） 60\n"
            "健康状况 ** = 健康\n在校生状况 缺失\n劳动技能 丧失劳动力 = 丧失劳动力",
        ),
        (
            "checks.cropland_out_of_range",
            (None, None, 2),
            "户类型\n耕地面积（亩）",
            "脱贫户\n150",
            "户类型 脱贫户 = 脱贫户\n耕地面积（亩） 150 > 耕地面积合理上限（亩） 100",
        ),
        (
            "checks.no_risk_recorded",
            (None, None, 4),
            "是否监测对象\n致贫/返贫风险1",
            "是\n（空）",
            "是否监测对象 为 是\n致贫/返贫风险1 缺失",
        ),
    ],
    "en": [
        (
            "checks.healthy_working_age_lost_labour",
            (_masked(MEMBER_CHECKS[0][2]), "王**", 2),
            "household_type\nage\nage\nhealth\nschooling\nlabour",
            "formerly_poor\n45\n45\n**\n(empty)\nlost",
            "household_type formerly_poor = formerly_poor\nage 45 ≥ lower working age 16\n"
            "age 45 < working age ends at 60\nhealth ** = healthy\nschooling is missing\nlabour lost = lost",
        ),
        (
            "checks.cropland_out_of_range",
            (None, None, 2),
            "household_type\ncropland",
            "formerly_poor\n150",
            "household_type formerly_poor = formerly_poor\ncropland 150 > plausible cropland ceiling (mu) 100",
        ),
        (
            "checks.no_risk_recorded",
            (None, None, 4),
            "monitored\nrisk_1",
            "yes\n(empty)",
            "monitored is yes\nrisk_1 is missing",
        ),
    ],
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_check_over_members_states_the_members_own_values(
    pack: dict[str, Engine | BatchEngine], lang: Lang, tmp_path: Path
) -> None:
    """A member check's row gives the tests and values of the member it names, not ``有成员满足「…」 为 是``;
    a household check's ``any(members, …)`` those of its members; the same bytes on both engines."""
    source = _member_export(tmp_path / "export.csv")
    written = [_score(source, tmp_path, pack[e], "findings.jsonl", lang) for e in ("batch", "durable")]
    assert written[0].read_bytes() == written[1].read_bytes()
    rows = [json.loads(line) for line in written[1].read_text("utf-8").splitlines()]
    by_rule = {
        r["rule_id"]: [
            (x["member_id"], x["member_name"], x["line"], x["fields"], x["values"], x["basis"])
            for x in rows
            if x["rule_id"] == r["rule_id"]
        ]
        for r in rows
    }
    for rule, who, fields, values, basis in MEMBER_FINDINGS[lang]:
        assert set(by_rule[rule]) == {(*who, fields, values, basis)}, rule
    # No row states a member check as one yes/no test over the members any more, nor shows a health value.
    member_rules = {r["rule_id"] for r in rows if r["member_id"] is not None}
    assert member_rules and not [r for r in rows if r["rule_id"] in member_rules and "members" in r["basis"]]
    assert not [r for r in rows if r["rule_id"] in member_rules and "有成员满足" in r["basis"]]
    assert not [r for r in rows if "健康\n" in r["values"] or r["values"].endswith("健康")]


@pytest.mark.parametrize(
    ("lang", "field", "sentence"),
    [
        ("zh", "2024-09-01时的年龄", "2024-09-01时的年龄 14 ≥ 义务教育入学年龄 6"),
        ("en", "age_on(2024-09-01)", "age_on(2024-09-01) 14 ≥ compulsory-school entry age 6"),
    ],
)
def test_an_age_on_a_date_is_named_by_the_date(
    pack: dict[str, Engine | BatchEngine], engine_name: str, lang: Lang, field: str, sentence: str, tmp_path: Path
) -> None:
    """5_15_016 reads a child's age on 1 September 2024 (``age_on(2024-09-01)``): the worksheet names that
    age as the explanation does, by its date — it had read ``出生日期（…）时的年龄`` (the age on the birth date)
    and ``age_on(birth_date, 2024-09-01)``."""
    header = f"{EXPORT_HEADER},出生日期"
    people = [("王大明", "19800101", "户主", "1980-01-01"), ("王小明", "20100301", "之子", "2010-03-01")]
    rows = [
        f"大姚县,金碧镇,龙街村,H1,532328101201,{name},{_id_number(f'532328{born}123', valid=True)},{relation},"
        f"脱贫户,,9000,0,0,0,{birth}"
        for name, born, relation, birth in people
    ]
    path = _score(write_rows(tmp_path / "export.csv", [header, *rows]), tmp_path, pack[engine_name], "f.jsonl", lang)
    found = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    [row] = [r for r in found if r["code"] == "5_15_016"]
    assert row["member_name"] == "王**"
    assert row["fields"].split("\n").count(field) == 2
    assert sentence in row["basis"].split("\n")
    assert not [r for r in found if "时的年龄" in r["fields"] and not r["fields"].count("-09-01时的年龄")]


@pytest.mark.parametrize(
    ("lang", "field", "sentence"),
    [
        ("zh", '就业渠道（易地搬迁后扶使用）含"务工"', '就业渠道（易地搬迁后扶使用）含"务工" 为 是'),
        ("en", 'employment_channel contains "务工"', 'employment_channel contains "务工" is yes'),
    ],
)
def test_a_text_test_is_stated_as_a_yes_or_no(
    pack: dict[str, Engine | BatchEngine], engine_name: str, lang: Lang, field: str, sentence: str, tmp_path: Path
) -> None:
    """2_01_013 reads whether a 脱贫户 member's 就业渠道 contains 务工 (``employment_channel contains "务工"``): the
    worksheet states it as the yes/no it is — its value 是 / yes — as the rule wrote it. It had read
    ``就业渠道（易地搬迁后扶使用）含"务工" 1 = 1`` with the value 1, and ``contains_text(employment_channel, "务工")``
    in English."""
    header = f"{EXPORT_HEADER},就业渠道（易地搬迁后扶使用）,家庭成员联系电话"
    born = "19800101"
    person = f"王大明,{_id_number(f'532328{born}123', valid=True)},户主,脱贫户,"
    row = f"大姚县,金碧镇,龙街村,H1,532328101201,{person},9000,0,0,0,省外务工,8781234"  # a 7-digit phone
    path = _score(write_rows(tmp_path / "export.csv", [header, row]), tmp_path, pack[engine_name], "f.jsonl", lang)
    found = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    [finding] = [r for r in found if r["code"] == "2_01_013"]
    fields, values = finding["fields"].split("\n"), finding["values"].split("\n")
    assert values[fields.index(field)] == ("是" if lang == "zh" else "yes")
    assert sentence in finding["basis"].split("\n")
    assert not [r for r in found if "contains_text" in r["fields"] + r["basis"]]


@pytest.mark.parametrize(
    ("lang", "empty", "filled"),
    [
        ("zh", ("义务教育阶段未上学原因", "（空）", "义务教育阶段未上学原因 为空"),
         ("务工所在地", "（已填）", "务工所在地 不为空")),
        ("en", ("not_in_school_reason", "(empty)", "not_in_school_reason is empty"),
         ("work_place", "(filled in)", "work_place is not empty")),
    ],
)  # fmt: skip
def test_an_empty_text_is_stated_as_empty(
    pack: dict[str, Engine | BatchEngine],
    engine_name: str,
    lang: Lang,
    empty: tuple[str, str, str],
    filled: tuple[str, str, str],
    tmp_path: Path,
) -> None:
    """``not_in_school_reason is empty`` (5_15_016, 1_02_005 …) and ``work_place is not empty`` (2_12_007) name
    the field, its state and the test as the rule wrote it. They had read 字段 ``义务教育阶段未上学原因字数``,
    填报值 ``0``, 判断依据 ``义务教育阶段未上学原因字数 0 = 0`` beside ``在校生状况 缺失`` (``length(work_place) 6 > 0``
    in English)."""
    header = f"{EXPORT_HEADER},出生日期,务工所在地,家庭成员联系电话"
    people = [("王大明", "19800101", "户主", "昆明市官渡区", "8781234"), ("王小明", "20150301", "之子", "", "")]
    rows = [
        f"大姚县,金碧镇,龙街村,H1,532328101201,{name},{_id_number(f'532328{born}123', valid=True)},{relation},"
        f"一般农户,边缘易致贫户,9000,0,0,0,{born},{place},{phone}"  # monitored: 5_15_017, 2_12_007
        for name, born, relation, place, phone in people
    ]
    path = _score(write_rows(tmp_path / "export.csv", [header, *rows]), tmp_path, pack[engine_name], "f.jsonl", lang)
    found = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    for code, (field, value, sentence) in (("5_15_017", empty), ("2_12_007", filled)):
        [finding] = [r for r in found if r["code"] == code]
        fields, values = finding["fields"].split("\n"), finding["values"].split("\n")
        assert values[fields.index(field)] == value, code
        assert sentence in finding["basis"].split("\n"), code
    assert not [r for r in found if "字数" in r["fields"] + r["basis"] or "length(" in r["fields"] + r["basis"]]


def test_a_direction_mark_in_a_township_is_written_as_its_code_point(engine_name: str, tmp_path: Path) -> None:
    """An export's 乡 written 金碧镇 followed by U+202E (a direction mark: it turns the text after it around)
    and U+200B made a worksheet row and a township sheet that looked like 金碧镇's own. They are written as
    the errors file writes such characters, <U+202E>, in the worksheet and the township workbook's sheets."""
    source = _export(tmp_path / "export.csv")
    source.write_text(source.read_text(encoding="utf-8").replace("金碧镇,龙街村", "金碧镇\u202e\u200b,龙街村"), "utf-8")
    run = run_cli(
        "score", source, "--as-of", AS_OF.isoformat(), "--checks", "only", "--engine", engine_name,
        "--out", tmp_path / "scored.xlsx", "--errors", tmp_path / "rejected.csv", "--findings", tmp_path / "f.csv",
    )  # fmt: skip
    assert run.code == 0, run.err
    findings = (tmp_path / "f.csv").read_text(encoding="utf-8-sig")
    assert "金碧镇<U+202E><U+200B>" in findings and "\u202e" not in findings
    from fanpin.io.workbook import unique_sheet_title  # a township's sheet, as the export's 乡 names it

    titles: set[str] = set()
    assert [unique_sheet_title(t, titles) for t in ("532328 城关镇", "532328 城关镇\u202e\u200b")] == [
        "532328 城关镇",
        "532328 城关镇<U+202E><U+200B>",
    ]


def test_a_relation_that_does_not_fit_the_sex_names_the_member(
    pack: dict[str, Engine | BatchEngine], engine_name: str, tmp_path: Path
) -> None:
    """2_01_004 / 2_12_008 (a son recorded 女): the finding names the son, masked, on his line, as a check about
    one person does; it had been a household finding, its member columns empty and its line the head's. A head
    and spouse of one sex are 2_02_001's and 2_11_003's alone (checks.head_and_spouse_same_sex)."""
    header = f"{EXPORT_HEADER},性别"
    people = [
        ("H1", "王大明", "19800101", "户主", "脱贫户", "1"), ("H1", "王小明", "20050302", "之子", "脱贫户", "2"),
        ("H2", "李大山", "19700101", "户主", "一般农户", "男"), ("H2", "李二山", "19720101", "配偶", "一般农户", "男"),
    ]  # fmt: skip
    rows = [
        f"大姚县,金碧镇,龙街村,{h},532328101201,{name},{_id_number(f'532328{born}{n}', valid=True)},{relation},"
        f"{kind},{'边缘易致贫户' if h == 'H2' else ''},9000,0,0,0,{sex}"
        for n, (h, name, born, relation, kind, sex) in enumerate(people, start=121)
    ]
    path = _score(write_rows(tmp_path / "export.csv", [header, *rows]), tmp_path, pack[engine_name], "f.jsonl")
    found = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    son = _id_number("53232820050302122", valid=True)
    assert [(r["code"], r["member_id"], r["member_name"], r["line"]) for r in found if r["code"] == "2_01_004"] == [
        ("2_01_004", _masked(son), "王**", 3)
    ]
    assert {(r["household_id"], r["code"]) for r in found if r["code"] in ("2_12_008", "2_11_003")} == {
        ("H2", "2_11_003")
    }


def _alike_pair() -> tuple[str, str]:
    """A valid ID number and a wrong one with the same first and last four digits: they mask alike."""
    valid = _id_number("53232819500101123", valid=True)
    for day in range(1, 29):
        wrong = _id_number(f"532328195202{day:02d}123", valid=False)
        if wrong[-4:] == valid[-4:]:
            return valid, wrong
    raise AssertionError("no pair")


@pytest.mark.parametrize("workers", [1, 2])
def test_a_member_check_names_the_member_it_fired_for_among_members_that_mask_alike(
    pack: dict[str, Engine | BatchEngine], engine_name: str, workers: int, tmp_path: Path
) -> None:
    """A head with a valid ID number and a spouse whose number, of the same first and last four digits, fails
    its check digit: the engines name the spouse by a reference the head shares (``5323**********1234``), and
    the worksheet gave the finding the head's line and name. It names the spouse, on the spouse's line; a
    household where both fail gives each their own row, on both engines, by rows and by columns."""
    valid, wrong = _alike_pair()
    assert _masked(valid) == _masked(wrong)
    twin = _id_number("53232819700404126", valid=False)
    twin_spouse = next(
        _id_number(f"532328197205{d:02d}126", valid=False)
        for d in range(1, 29)
        if _id_number(f"532328197205{d:02d}126", valid=False)[-4:] == twin[-4:]
    )
    people = [
        ("金碧镇", "龙街村", "H1", "532328101201", "张三丰", valid, "户主", "脱贫户", ""),
        ("金碧镇", "龙街村", "H1", "532328101201", "李四娘", wrong, "配偶", "脱贫户", ""),
        ("金碧镇", "石桥村", "H2", "532328101202", "赵六", twin, "户主", "脱贫户", ""),
        ("金碧镇", "石桥村", "H2", "532328101202", "钱七", twin_spouse, "配偶", "脱贫户", ""),
    ]
    source = write_rows(
        tmp_path / "export.csv", [EXPORT_HEADER, *(",".join(("大姚县", *p, "9000", "0", "0", "0")) for p in people)]
    )
    score_path(
        pack[engine_name], source, tmp_path / "s.csv", as_of=AS_OF, errors=tmp_path / "r.csv",
        findings=tmp_path / "f.jsonl", workers=workers,
    )  # fmt: skip
    found = [json.loads(line) for line in (tmp_path / "f.jsonl").read_text("utf-8").splitlines()]
    rows = sorted(
        (r["household_id"], r["member_id"], r["member_name"], r["line"]) for r in found if r["code"] == "1_01_003"
    )
    assert rows == [
        ("H1", _masked(wrong), "李**", 3),
        ("H2", _masked(twin), "赵*", 4),
        ("H2", _masked(twin), "钱*", 5),
    ]


_EXPLANATION = pl.List(pl.Struct({"fact": pl.String, "value": pl.String, "parameters": pl.List(pl.String)}))
#: Explanations as the findings carry them (lists of comparisons, parameters inside), near one another.
_EXPLANATIONS = st.one_of(
    st.none(),
    st.lists(
        st.fixed_dictionaries(
            {
                "fact": st.sampled_from(["age", "size", ""]),
                "value": st.one_of(st.none(), st.sampled_from(["0", "1", "1.0", ""])),
                "parameters": st.lists(st.sampled_from(["a", "b"]), max_size=2),
            }
        ),
        max_size=3,
    ),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_EXPLANATIONS, max_size=30), st.integers(0, 3))
def test_explanations_share_a_number_when_equal_and_only_then(values: list[Any], buckets: int) -> None:
    """:func:`numbered_alike` by polars' hashes, and by hashes that collide (``buckets`` of them: two unequal
    explanations hashed alike must not share a number, so it compares them whole): equal explanations, and
    only they, share a number, whichever way it numbered them."""
    series = pl.Series("explanation", values, dtype=_EXPLANATION)
    collide = series.hash() % max(buckets, 1) if buckets else None
    numbers = numbered_alike(series, collide).to_list()
    for i, a in enumerate(values):
        for j, b in enumerate(values):
            assert (numbers[i] == numbers[j]) == (a == b), (a, b)


def test_explanations_hashed_alike_are_numbered_apart() -> None:
    series = pl.Series("explanation", [[{"fact": "age", "value": "1", "parameters": []}], None, []], dtype=_EXPLANATION)
    numbers = numbered_alike(series, pl.Series([7, 7, 7], dtype=pl.UInt64)).to_list()
    assert len(set(numbers)) == 3


def test_a_members_unknown_facts_hide_no_label() -> None:
    """A member's message (what the worksheet restates a member check by) from the column path's facts, where a
    member's unknown fact is None: a label it does not hold, or holds unknown, is false, as the engines read it;
    an unknown fact reads as unknown; a known one as it is."""
    from fanpin.pipeline.findings import _compiled

    book = load_rulebook(checks="only")
    compiled = _compiled(book)
    label = sorted(compiled.labels)[0]
    other = sorted(compiled.member_reads - compiled.labels - compiled.household_reads)[0]
    members: list[dict[str, Any]] = [{label: None, other: None}, {label: 1, other: 3}, {}]
    reasons = MemberReasons(book, [FactsAtHand({"household_type": "脱贫户"}, members)], date(2025, 6, 30))
    program = reasons._program("532328")
    unknown, known, bare = (reasons._message(0, m, "532328", program) for m in range(3))
    assert (unknown[label], known[label], bare[label]) == (0, 1, 0)
    assert (unknown.get(other), known[other], bare.get(other)) == (None, 3, None)
    assert unknown["household_type"] == known["household_type"] == "脱贫户"


def test_a_code_past_what_a_sheet_holds_is_told_at_the_findings_path_given(
    engine_name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A code with more findings than one .xlsx sheet holds stops the run, as the worksheet's table says: the
    error named the hidden ``f.xlsx.part`` file (removed by then) rather than the ``--findings`` path given.
    A sheet of one row stands for Excel's 1 048 575 here."""
    from fanpin.io import findings

    monkeypatch.setattr(findings, "SHEET_MAX_ROWS", 1)
    source = _export(tmp_path / "export.csv")
    run = run_cli(
        "score", source, "--as-of", AS_OF.isoformat(), "--engine", engine_name, "--checks", "with",
        "--out", tmp_path / "s.csv", "--errors", tmp_path / "r.csv", "--findings", tmp_path / "f.xlsx",
    )  # fmt: skip
    assert run.code == 2, run.err
    assert f"error: {tmp_path / 'f.xlsx'}: code " in run.err and "do not fit in one .xlsx sheet" in run.err, run.err
    assert ".part" not in run.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.csv"]
    monkeypatch.setenv("FANPIN_MESSAGES", "zh")  # and in Chinese, where it had been English on a Chinese system
    run = run_cli(
        "score", source, "--as-of", AS_OF.isoformat(), "--engine", engine_name, "--checks", "with",
        "--out", tmp_path / "s.csv", "--errors", tmp_path / "r.csv", "--findings", tmp_path / "f.xlsx",
    )  # fmt: skip
    assert run.code == 2 and run.err.startswith(f"fanpin: 错误：{tmp_path / 'f.xlsx'}：疑点代码 "), run.err
    assert (
        "的疑点超过 1 条，一个 .xlsx 工作表放不下；请把疑点清单改为输出 CSV 或 Parquet（--findings findings.csv）"
        in run.err
    )
