"""A person-level export scored through the one pipeline: the same rows as its household table, on both
engines, with every member row either in a scored household or in the errors file."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Sequence
from pathlib import Path

import polars as pl
import pytest
from openpyxl import load_workbook

from fanpin import Engine, Household, Scorer, load_rulebook
from fanpin.batch import BatchEngine
from fanpin.cli import explain_lines
from fanpin.io import ExportFile, ExportHousehold, households_in, is_export_file, read_export
from fanpin.io.export import export_groups
from fanpin.pipeline import score_path
from fanpin.results.columns import label
from fanpin.results.plan import build_plan, has_labour
from fanpin.synthetic import EXPORT_COLUMNS, person_export
from tests.helpers import AS_OF, EXPORT_SCORED, REGION, by_id, read_csv, run_cli
from tests.paths import EXPORT_GBK_CSV, EXPORT_HOUSEHOLDS_CSV, EXPORT_XLSX, HOUSEHOLDS_CSV


def _member_rows() -> int:
    workbook = load_workbook(EXPORT_XLSX, read_only=True)
    try:
        rows = workbook.worksheets[0].iter_rows(min_row=4, values_only=True)
        return sum(1 for row in rows if any(c not in (None, "") for c in row))
    finally:
        workbook.close()


def _refused_in_chinese(source: Path, folder: Path, engine_name: str) -> Path:
    """``fanpin score`` of ``source`` in Chinese (the default), which refuses some of its rows: the errors
    file."""
    errors = folder / "zh.csv"
    run = run_cli("score", source, "--as-of", AS_OF, "--region", REGION, "--engine", engine_name,
                  "--out", folder / "zh.out.csv", "--errors", errors)  # fmt: skip
    assert run.code == 3, run.err
    return errors


def test_the_layout_is_detected_from_the_header() -> None:
    assert is_export_file(EXPORT_XLSX) and is_export_file(EXPORT_GBK_CSV)
    assert not is_export_file(EXPORT_HOUSEHOLDS_CSV) and not is_export_file(HOUSEHOLDS_CSV)


@pytest.mark.parametrize("source", [EXPORT_XLSX, EXPORT_GBK_CSV], ids=["xlsx", "gbk-csv"])
def test_an_export_scores_as_its_household_table(
    source: Path, either_engine: Engine | BatchEngine, batch: BatchEngine, tmp_path: Path
) -> None:
    table = score_path(
        batch, EXPORT_HOUSEHOLDS_CSV, tmp_path / "t.csv", as_of=AS_OF, region=REGION, errors=tmp_path / "t.err.csv"
    )
    summary = score_path(
        either_engine, source, tmp_path / "e.csv", as_of=AS_OF, region=REGION, errors=tmp_path / "e.err.csv"
    )
    assert summary.scored == table.scored == EXPORT_SCORED
    from_export = pl.read_csv(tmp_path / "e.csv", infer_schema=False)
    from_table = pl.read_csv(tmp_path / "t.csv", infer_schema=False)
    # the export passes its 县, 乡 and 村 through, after the scored columns: the rest is the table's
    assert from_export.columns[-3:] == ["县", "乡", "村"]
    assert from_export.drop("县", "乡", "村").equals(from_table.select(from_export.columns[:-3]))
    assert from_export.get_column("乡").n_unique() == 4 and from_export.get_column("村").null_count() == 0
    rejected = pl.read_csv(tmp_path / "e.err.csv", infer_schema=False)
    assert rejected.height == summary.rejected > 0
    rejected = by_id(rejected)
    # Every member row is in a scored household or in the errors file, once.
    assert len(set(rejected["line"])) + _scored_member_rows(source) == _member_rows()


def _scored_member_rows(source: Path) -> int:
    _, items = read_export(source, region=REGION)
    return sum(len(item.lines) for item in items if isinstance(item, ExportHousehold))


def test_fanpin_score_reads_an_export_on_either_engine(engine_name: str, tmp_path: Path) -> None:
    run = run_cli(
        "score", EXPORT_XLSX, "--as-of", AS_OF.isoformat(), "--region", REGION, "--engine", engine_name,
        "--out", tmp_path / "s.jsonl", "--errors", tmp_path / "r.csv",
    )  # fmt: skip
    assert run.code == 3, run.err
    assert f"scored {EXPORT_SCORED} households" in run.err
    assert len((tmp_path / "s.jsonl").read_text(encoding="utf-8").splitlines()) == EXPORT_SCORED


def test_scorer_score_and_explain_read_an_export(tmp_path: Path) -> None:
    result = Scorer().score(EXPORT_XLSX, as_of=AS_OF, region=REGION)
    assert result.scored.height == EXPORT_SCORED
    first = result.scored.row(0, named=True)["household_id"]
    run = run_cli("explain", EXPORT_XLSX, "--household", first, "--as-of", AS_OF.isoformat(), "--region", REGION)
    assert run.code == 0 and run.out.startswith(f"户编号 {first} · ")


def test_an_export_is_scored_in_chunks_of_households_by_default(
    batch: BatchEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An export's households are held until their chunk is scored: its default chunk counts households,
    scored or refused (EXPORT_CHUNK_HOUSEHOLDS on the batch engine, MODEL_CHUNK_HOUSEHOLDS on the durable
    one, which holds them as models), not a table's 75 000 rows; the rows written do not depend on it."""
    whole = score_path(
        batch, EXPORT_XLSX, tmp_path / "one.csv", as_of=AS_OF, region=REGION, errors=tmp_path / "one.err.csv",
        chunk_rows=1_000_000,
    )  # fmt: skip
    monkeypatch.setattr("fanpin.pipeline.scored.EXPORT_CHUNK_HOUSEHOLDS", 40)
    chunked = score_path(
        batch, EXPORT_XLSX, tmp_path / "many.csv", as_of=AS_OF, region=REGION, errors=tmp_path / "many.err.csv"
    )
    assert isinstance(whole.info, ExportFile)
    assert whole.chunks == 1 and chunked.chunks == -(-whole.info.households // 40)
    assert (tmp_path / "one.csv").read_bytes() == (tmp_path / "many.csv").read_bytes()
    assert (tmp_path / "one.err.csv").read_bytes() == (tmp_path / "many.err.csv").read_bytes()
    monkeypatch.setattr("fanpin.pipeline.scored.MODEL_CHUNK_HOUSEHOLDS", 30)
    durable = score_path(
        Engine(batch.rulebook), EXPORT_XLSX, tmp_path / "d.csv", as_of=AS_OF, region=REGION,
        errors=tmp_path / "d.err.csv",
    )  # fmt: skip
    assert durable.chunks == -(-whole.info.households // 30)
    assert (tmp_path / "one.csv").read_bytes() == (tmp_path / "d.csv").read_bytes()


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_an_export_whose_every_household_is_refused(tmp_path: Path, fmt: str) -> None:
    """Every household refused (two header names swapped, so that each row's 致贫/返贫风险1 holds yes/no
    and its 是否参加大病保险 a risk): the batch engine once stopped on the chunk without a household.
    Both engines now write the same files: the header only, and every member row in the errors file."""
    columns = list(EXPORT_COLUMNS)
    rows = [
        ["" if c is None else str(c) for c in row] for row in person_export(12, seed=41).select(columns).iter_rows()
    ]
    a, b = columns.index("致贫/返贫风险1"), columns.index("是否参加大病保险")
    header = list(columns)
    header[a], header[b] = header[b], header[a]
    source = tmp_path / "swapped.csv"
    with source.open("w", encoding="utf-8", newline="") as text:
        writer = csv.writer(text, lineterminator="\n")
        writer.writerows([["导出标题"], header, *rows])
    written = []
    for engine_name in ("batch", "durable"):
        out, errors = tmp_path / f"{engine_name}.{fmt}", tmp_path / f"{engine_name}.errors.csv"
        run = run_cli(
            "score", source, "--as-of", AS_OF.isoformat(), "--region", REGION, "--engine", engine_name,
            "--checks", "with", "--out", out, "--errors", errors,
        )  # fmt: skip
        assert run.code == 3 and "Traceback" not in run.err, run.err
        assert "scored 0 households" in run.err
        written.append((out.read_bytes(), errors.read_bytes()))
    assert written[0] == written[1]
    refused = pl.read_csv(tmp_path / "batch.errors.csv", infer_schema=False)
    assert refused.get_column(refused.columns[0]).n_unique() == len(rows)


def test_an_export_household_without_a_region_code_is_refused_when_no_region_is_given(tmp_path: Path) -> None:
    """An export with a 行政区划代码 column, empty on one household's rows, scored without --region: every
    row of that household is refused, the others scored; the same files on both engines, findings too."""
    frame = person_export(6, seed=7)
    columns = list(EXPORT_COLUMNS)
    rows = [["" if c is None else str(c) for c in row] for row in frame.select(columns).iter_rows()]
    at = columns.index("户编号")
    ids = list(dict.fromkeys(row[at] for row in rows))
    regionless = ids[2]
    source = tmp_path / "export.csv"
    with source.open("w", encoding="utf-8", newline="") as text:
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow([*columns, "行政区划代码"])
        writer.writerows([*row, "" if row[at] == regionless else REGION] for row in rows)
    lines = [n for n, row in enumerate(rows, start=2) if row[at] == regionless]
    written = []
    for engine_name in ("batch", "durable"):
        out, errors = tmp_path / f"{engine_name}.csv", tmp_path / f"{engine_name}.errors.csv"
        findings = tmp_path / f"{engine_name}.findings.csv"
        run = run_cli(
            "score", source, "--as-of", AS_OF.isoformat(), "--engine", engine_name, "--checks", "with",
            "--out", out, "--errors", errors, "--findings", findings,
        )  # fmt: skip
        assert run.code == 3 and "Traceback" not in run.err, run.err
        written.append((out.read_bytes(), errors.read_bytes(), findings.read_bytes()))
    assert written[0] == written[1]
    scored = by_id(pl.read_csv(tmp_path / "batch.csv", infer_schema=False))
    assert scored.get_column("household_id").to_list() == [i for i in ids if i != regionless]
    refused = by_id(pl.read_csv(tmp_path / "batch.errors.csv", infer_schema=False))
    assert [int(n) for n in refused.get_column("line")] == lines
    assert set(refused.get_column("column")) == {"行政区划代码"}
    assert all("--region" in reason for reason in refused.get_column("reason"))
    _, items = read_export(source)  # the reader itself refuses it, as the command does
    assert [i.line for i in items if not isinstance(i, ExportHousehold)] == lines


def test_personal_numbers_in_an_exports_other_columns_are_masked_in_the_errors_file(tmp_path: Path) -> None:
    """A mobile number typed into 与户主关系, or into a 其他备注 that differs between a household's rows,
    was written in clear in the errors file (a household table's cells were masked); a 其他备注 of two
    lines made the Chinese reason fall back to English. Both engines."""
    from fanpin.synthetic import write_person_export_csv

    source = tmp_path / "export.csv"
    write_person_export_csv(source, 3)
    with source.open(encoding="utf-8", newline="") as text:
        rows = list(csv.reader(text))
    header = rows[2]
    first: dict[str, int] = {}
    for i, row in enumerate(rows[3:], 3):
        first.setdefault(row[header.index("户编号")], i)
    a, b, c = first.values()
    rows[a][header.index("与户主关系")] = "13812345678"
    rows[b][header.index("其他备注")] = "户主电话13912345678"
    rows[c][header.index("其他备注")] = "第一行\n第二行"
    with source.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out, lineterminator="\n").writerows(rows)
    written = set()
    for engine_name in ("batch", "durable"):
        errors = tmp_path / f"{engine_name}.errors.csv"
        run = run_cli("score", source, "--as-of", AS_OF, "--region", REGION, "--engine", engine_name,
                      "--out", tmp_path / "o.csv", "--errors", errors)  # fmt: skip
        assert run.code == 3, run.err
        written.add(errors.read_bytes())
        shown = errors.read_text(encoding="utf-8-sig")
        assert "13812345678" not in shown and "13912345678" not in shown
        assert "1381***5678" in shown and "户主电话1391***5678" in shown
        assert "differs between" not in shown and "在该户各行中不一致（第 " in shown
    assert len(written) == 1


@pytest.fixture(scope="module")
def with_checks() -> tuple[Engine, BatchEngine]:
    """Both engines on the reference rules with the data-check pack (``--checks with``)."""
    book = load_rulebook(checks="with")
    return Engine(book), BatchEngine(book)


_EXPLAINED = re.compile(r"^\[(fired|not fired|not evaluable) ?(?:\([^]]*\))?\] (\S+) ")
_OUTCOME = {"fired": "fired", "not fired": "not_fired", "not evaluable": "not_evaluable"}
#: source → 户编号 → (each rule's outcome, alert level, category) as explain shows them: made once a file
_EXPLAINED_FILES: dict[Path, dict[str, tuple[dict[str, str], str | None, str | None]]] = {}


def _explained(source: Path, durable: Engine) -> dict[str, tuple[dict[str, str], str | None, str | None]]:
    """Every household of ``source`` as ``fanpin explain`` reads and prints it: households_in, the durable
    engine with its trace, explain_lines; the outcomes read back from the printed lines."""
    if source not in _EXPLAINED_FILES:
        explained = {}
        for household in households_in(source, region=REGION):
            if not isinstance(household, Household):
                continue
            a = durable.evaluate(household, as_of=AS_OF, region=REGION, trace=True)
            plan = build_plan(a, durable.rulebook.measures, has_labour=has_labour(household))
            lines = explain_lines(a, plan, "en")
            shown = {m.group(2): _OUTCOME[m.group(1)] for m in map(_EXPLAINED.match, lines) if m is not None}
            level, category = (label(c, getattr(a, c), "zh") for c in ("alert_level", "suggested_category"))
            explained[household.household_id] = (shown, level, category)
        _EXPLAINED_FILES[source] = explained
    return _EXPLAINED_FILES[source]


@pytest.mark.parametrize("source", [EXPORT_XLSX, EXPORT_HOUSEHOLDS_CSV], ids=["export", "household-table"])
def test_explain_shows_every_rule_as_score_decides_it(
    source: Path, engine_name: str, with_checks: tuple[Engine, BatchEngine], tmp_path: Path
) -> None:
    """``fanpin explain`` of every household against ``fanpin score`` of the file on either engine, with
    the data checks: the same households, and every rule fired, not fired or not evaluable alike. explain
    read an export without the across-the-file facts (an ID number found in another household), so
    checks.id_number_repeated, which score fired, was not evaluable there."""
    durable, batch = with_checks
    engine = batch if engine_name == "batch" else durable
    score_path(engine, source, tmp_path / "s.jsonl", as_of=AS_OF, region=REGION, fmt="jsonl", errors=tmp_path / "e.csv")
    lines = (tmp_path / "s.jsonl").read_text(encoding="utf-8").splitlines()
    scored = {row["household_id"]: row for row in map(json.loads, lines)}
    explained = _explained(source, durable)
    assert list(explained) == list(scored)
    rules = set(durable.rulebook.rules)
    for household_id, (shown, level, category) in explained.items():
        assert set(shown) == rules
        row = scored[household_id]
        fired = {flag["rule_id"] for flag in row["flags"]}
        expected = {
            r: "fired" if r in fired else "not_evaluable" if r in row["not_evaluable"] else "not_fired" for r in rules
        }
        differ = {r: (shown[r], expected[r]) for r in rules if shown[r] != expected[r]}
        assert not differ, (household_id, differ)  # rule: (explain's outcome, score's)
        assert (level, category) == (row["alert_level"], row["suggested_category"]), household_id


#: households → the rows of the synthetic export of that many households: made once (some 0.1 s each), copied
#: for each test that changes them
_SYNTHETIC_ROWS: dict[int, list[list[str]]] = {}


def _synthetic_rows(tmp_path: Path, households: int) -> tuple[list[list[str]], int]:
    """The rows of a synthetic export (title rows first) and the position of its header row."""
    from fanpin.synthetic import write_person_export_csv

    if households not in _SYNTHETIC_ROWS:
        source = write_person_export_csv(tmp_path / "src.csv", households)
        with source.open(encoding="utf-8-sig", newline="") as f:
            _SYNTHETIC_ROWS[households] = list(csv.reader(f))
    rows = [list(row) for row in _SYNTHETIC_ROWS[households]]
    return rows, next(i for i, row in enumerate(rows) if row[:1] == ["县"])


def _refused(engine_name: str, source: Path, tmp_path: Path) -> list[dict[str, str]]:
    """The rows of the errors file of ``fanpin score`` of ``source`` (in English), which refuses some."""
    errors = tmp_path / "e.csv"
    run = run_cli(
        "score", source, "--as-of", AS_OF.isoformat(), "--region", REGION, "--engine", engine_name,
        "--out", tmp_path / "o.csv", "--errors", errors, "--lang", "en",
    )  # fmt: skip
    assert run.code == 3, run.err
    with errors.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def _written(rows: Sequence[Sequence[object]], source: Path) -> Path:
    """``rows`` written to ``source``: a CSV, or an .xlsx workbook's first sheet, as its suffix says."""
    if source.suffix == ".xlsx":
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.create_sheet("export", 0)
        for row in rows:
            sheet.append(row)
        book.save(source)
        return source
    with source.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return source


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_filled_cell_under_no_header_refuses_its_row(engine_name: str, suffix: str, tmp_path: Path) -> None:
    """A sheet is padded to its widest row, and a header row may end with an empty cell (a trailing
    comma): a member row's filled cell there has no column to go to. It was dropped without a word (exit
    0, the household scored); its row is refused, as one with more cells than the header is."""

    rows, at = _synthetic_rows(tmp_path, 3)
    rows[at] = [*rows[at], ""]  # the header row ends with an empty cell
    rows[at + 2] = [*rows[at + 2], *[""] * (len(rows[at]) - len(rows[at + 2]) - 1), "stray"]
    source = _written(rows, tmp_path / f"export{suffix}")
    reasons = [r["reason"] for r in _refused(engine_name, source, tmp_path)]
    beyond = f"{len(EXPORT_COLUMNS) + 1} cells but {len(EXPORT_COLUMNS)} headers: a filled cell stands beyond"
    assert any(reason.startswith(beyond) for reason in reasons), reasons


@pytest.mark.parametrize(
    "odd", ["\uff15\uff13\uff12\uff13", "5323\u200b", "5323\x00", "5323\x7f", "5323\u200e", "5323\u202e", "5323\u00ad"]
)
def test_a_household_key_written_another_way_on_one_row_refuses_the_household(
    engine_name: str, odd: str, tmp_path: Path
) -> None:
    """One member row's 户编号 typed in full-width digits, or with a zero-width space: the row was a household
    of its own (scored), and the real household was scored without that member, exit 0. The rows are now
    grouped by their keys read without such characters, and the household, written two ways, is refused.
    So with the other characters no one sees: a NUL or DEL a damaged file carries, the direction marks
    text copied from a web page or a Word table carries (U+200E, U+202E), a soft hyphen (U+00AD)."""
    rows, at = _synthetic_rows(tmp_path, 3)
    key = rows[at].index("户编号")
    first = rows[at + 1][key]
    second = next(i for i in range(at + 2, len(rows)) if rows[i][key] == first)  # its second member row
    rows[second][key] = odd + first[4:] if odd.startswith("\uff15") else first + odd[4:]
    refused = _refused(engine_name, _written(rows, tmp_path / "export.csv"), tmp_path)
    assert {r["household_id"] for r in refused} == {first}
    assert len(refused) == sum(1 for row in rows[at + 1 :] if row[key] in (first, rows[second][key]))
    assert all("is written differently on the household's rows" in r["reason"] for r in refused)
    assert f"(on line {second + 1})" in refused[0]["reason"]


@pytest.mark.parametrize(("suffix", "space"), [(".csv", " "), (".xlsx", " "), (".csv", "\u3000"), (".xlsx", "\u00a0")])
def test_a_household_key_with_a_space_inside_on_one_row_refuses_the_household(
    engine_name: str, suffix: str, space: str, tmp_path: Path
) -> None:
    """One member row's 户编号 written 5323 280000000000 where its household's other rows write 5323280000000000
    (a space typed inside, an ideographic or a no-break one): the household was split in two, each scored with
    part of its members (its size and per-capita income wrong), exit 0, no note. The rows are one household,
    refused every row with the reason of its other ways of writing it (full-width digits), naming that row;
    explain says so too."""
    rows, at = _synthetic_rows(tmp_path, 3)
    key = rows[at].index("户编号")
    first = rows[at + 1][key]
    lines = [n for n in range(at + 1, len(rows)) if rows[n][key] == first]
    assert len(lines) > 1
    rows[lines[1]][key] = first[:4] + space + first[4:]
    source = _written(rows, tmp_path / f"export{suffix}")
    refused = _refused(engine_name, source, tmp_path)
    assert [(int(r["line"]), r["household_id"]) for r in refused] == [(n + 1, first) for n in lines]
    assert refused[1]["value"] == first[:4] + space + first[4:]
    scored = pl.read_csv(tmp_path / "o.csv", infer_schema=False).get_column("household_id").to_list()
    assert len(scored) == 2 and not any(first[4:] in household for household in scored)
    rows[lines[1]][key] = "\uff15\uff13\uff12\uff13" + first[4:]  # the same row in full-width digits
    (full_width := tmp_path / "full_width").mkdir()
    same = _refused(engine_name, _written(rows, full_width / f"export{suffix}"), full_width)
    assert {r["reason"] for r in refused} == {r["reason"] for r in same}
    assert len({r["reason"] for r in refused}) == 1 and f"(on line {lines[1] + 1})" in refused[0]["reason"]
    run = run_cli("explain", source, "--household", first, "--as-of", AS_OF.isoformat(), "--region", REGION,
                  "--lang", "en")  # fmt: skip
    assert run.code == 3, run.err
    assert run.out.startswith(f"household {first} was rejected at line {lines[0] + 1}: ")
    assert "a space inside" in run.out and f"(on line {lines[1] + 1})" in run.out


def test_a_household_key_with_a_space_inside_on_every_row_is_scored_as_written(
    engine_name: str, tmp_path: Path
) -> None:
    """A 户编号 written with the same space inside on every row of its household is one way of writing it: the
    household is scored, its 户编号 shown as written."""
    rows, at = _synthetic_rows(tmp_path, 3)
    key = rows[at].index("户编号")
    first = rows[at + 1][key]
    spaced = first[:4] + " " + first[4:]
    for row in rows[at + 1 :]:
        if row[key] == first:
            row[key] = spaced
    source = _written(rows, tmp_path / "export.csv")
    run = run_cli("score", source, "--as-of", AS_OF.isoformat(), "--region", REGION, "--engine", engine_name,
                  "--out", tmp_path / "o.csv", "--errors", tmp_path / "e.csv", "--lang", "en")  # fmt: skip
    assert run.code == 0, run.err
    scored = pl.read_csv(tmp_path / "o.csv", infer_schema=False).get_column("household_id").to_list()
    assert len(scored) == 3 and spaced in scored


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_household_key_in_another_case_on_one_row_refuses_the_household(
    engine_name: str, suffix: str, tmp_path: Path
) -> None:
    """One member row's 户编号 ending AB where its household's others end ab: the household was split in two,
    each scored with part of its members (its size and per-capita income wrong), exit 0. The rows are one
    household, refused, pointing at that row. A 户编号 in small letters on every row is scored, as written."""

    rows, at = _synthetic_rows(tmp_path, 3)
    key = rows[at].index("户编号")
    first, second = rows[at + 1][key], next(row[key] for row in rows[at + 1 :] if row[key] != rows[at + 1][key])
    mixed, small = first[:-2] + "ab", second[:-2] + "cd"
    lines = [n for n in range(at + 1, len(rows)) if rows[n][key] == first]
    for row in rows[at + 1 :]:
        row[key] = {first: mixed, second: small}.get(row[key], row[key])
    rows[lines[1]][key] = mixed.upper()
    source = _written(rows, tmp_path / f"export{suffix}")
    refused = _refused(engine_name, source, tmp_path)
    assert [(int(r["line"]), r["household_id"]) for r in refused] == [(n + 1, mixed) for n in lines]
    assert all("is written differently on the household's rows" in r["reason"] for r in refused)
    assert f"(on line {lines[1] + 1})" in refused[0]["reason"]
    scored = pl.read_csv(tmp_path / "o.csv", infer_schema=False).get_column("household_id").to_list()
    assert small in scored and len(scored) == 2


def test_a_member_row_listed_twice_refuses_its_household(engine_name: str, tmp_path: Path) -> None:
    """Two township exports joined, or a row copied: the same member row twice was counted as one more
    member, and the household scored with its per-capita income lower, exit 0."""
    rows, at = _synthetic_rows(tmp_path, 3)
    rows.insert(at + 2, list(rows[at + 1]))  # the first member row again, right after it
    refused = _refused(engine_name, _written(rows, tmp_path / "export.csv"), tmp_path)
    reasons = {int(r["line"]): r["reason"] for r in refused}
    said = "cell for cell: the same person listed twice; delete one"
    assert reasons[at + 3] == f"this member row repeats line {at + 2} {said}"
    assert reasons[at + 2].startswith("household not scored")


def test_a_member_row_cut_short_is_refused_with_one_reason(engine_name: str, tmp_path: Path) -> None:
    """A CSV line cut after its 60th cell: its household was refused with a "differs between the household's
    rows" reason for each of its household columns on every row (a dozen a row), none saying the line was
    short. The short row is refused with one reason, its household's other rows naming it; in Chinese too."""
    rows, at = _synthetic_rows(tmp_path, 5)
    header, key = rows[at], rows[at].index("户编号")
    rows[at + 2] = rows[at + 2][:60]  # the second data row, on line at + 3
    members = [n for n, row in enumerate(rows[at + 1 :], at + 2) if row[key] == rows[at + 2][key]]
    source = _written(rows, tmp_path / "export.csv")
    refused = _refused(engine_name, source, tmp_path)
    assert [int(r["line"]) for r in refused] == members and at + 3 in members
    reasons = {int(r["line"]): r["reason"] for r in refused}
    assert reasons.pop(at + 3) == (
        f"the row has 60 cells where the header has {len(header)}: it ends early, after {header[59]} (a line cut "
        "short or a lost separator); mend the line"
    )
    assert set(reasons.values()) == {f"household not scored: its member row on line {at + 3} is rejected"}
    errors = _refused_in_chinese(source, tmp_path, engine_name)
    shown = errors.read_text(encoding="utf-8-sig")
    assert f"该行只有 60 个单元格，而表头有 {len(header)} 列：该行在“{header[59]}”之后提前结束" in shown
    assert "differs" not in shown and "不一致" not in shown


def test_a_row_cut_before_a_column_copy_refuses_its_household_not_the_file(engine_name: str, tmp_path: Path) -> None:
    """The national export repeats 风险是否已消除 at its end (风险是否已消除0). A line cut between the two read
    its copy as empty, unlike its original, and the whole file was refused: one cut line, no household scored.
    The missing copy is not a difference; the cut row is refused as cut short, and the other households are
    scored."""
    rows, at = _synthetic_rows(tmp_path, 5)
    header, key = rows[at], rows[at].index("户编号")
    assert header[-1] == "风险是否已消除0"
    members = [n for n, row in enumerate(rows[at + 1 :], at + 2) if row[key] == rows[at + 2][key]]
    for n in members:  # the household's answer filled, in both copies
        rows[n - 1][header.index("风险是否已消除")] = rows[n - 1][-1] = "否"
    rows[at + 2] = rows[at + 2][:70]  # the second data row, on line at + 3, cut before the copy
    source = _written(rows, tmp_path / "export.csv")
    refused = _refused(engine_name, source, tmp_path)
    assert [int(r["line"]) for r in refused] == members
    assert {r["reason"] for r in refused if int(r["line"]) == at + 3} == {
        f"the row has 70 cells where the header has {len(header)}: it ends early, after {header[69]} (a line cut "
        "short or a lost separator); mend the line"
    }
    with (tmp_path / "o.csv").open(encoding="utf-8-sig", newline="") as f:
        assert len(list(csv.DictReader(f))) == 4  # the other households scored


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_totals_row_and_a_footer_under_an_export_are_refused_with_one_reason(
    engine_name: str, suffix: str, tmp_path: Path
) -> None:
    """Rows a clerk adds under the export (合计 in 县, the households' count as 户编号; who filled the form in and
    who checked it): the footer was grouped as a household whose 户编号 was 审核人：李四 — a name shown in the
    errors file — and refused as a row cut short. Each is one refusal saying what it is, nothing of it shown."""
    rows, _ = _synthetic_rows(tmp_path, 3)
    source = _written(
        [
            *rows,
            ["合计", "", "", "3户"],
            ["填表人：张三", "", "", "审核人：李四"],
            # told to fill in 户编号, until the footer's words knew them (a clerk's trial)
            *(["制表：张三丰"], ["单位负责人：王五"], ["总人数：14"]),
        ],
        tmp_path / f"x{suffix}",
    )
    refused = _refused(engine_name, source, tmp_path)
    total, footer = len(rows) + 1, len(rows) + 2
    more = {(r["line"], r["reason"]) for r in refused[2:]}
    assert more == {(str(footer + n), refused[1]["reason"]) for n in (1, 2, 3)}
    refused = refused[:2]
    assert [(r["line"], r["household_id"], r["column"], r["value"], r["reason"]) for r in refused] == [
        (str(total), "", "", "", "this row is a totals row (合计), not a household: delete it"),
        (
            str(footer),
            "",
            "",
            "",
            (
                "this row is the form's footer (填表人, 审核人, a count such as 共6户, a date or a note), "
                "not a household: delete it"
            ),
        ),
    ]
    assert len(read_csv(tmp_path / "o.csv")) == 3  # the three households scored


#: A form's row of column numbers as a clerk's sheet may write it: numbers as text, as a sheet's numbers, with a
#: column left unnumbered, after 栏次 or 甲 and 乙, in full-width digits, the first twelve columns only (the rest
#: left blank, as merged cells leave them), every third column only; and its reason in Chinese.
NUMBERS_ROWS: dict[str, Callable[[int], list[object]]] = {
    "text": lambda width: [str(n) for n in range(1, width + 1)],
    "numbers": lambda width: list(range(1, width + 1)),
    "a blank cell": lambda width: [str(n) if n != 5 else "" for n in range(1, width + 1)],
    "栏次": lambda width: ["栏次", *(str(n) for n in range(1, width))],
    "甲乙": lambda width: ["甲", "乙", *(float(n) for n in range(1, width - 1))],
    "full-width": lambda width: ["".join(chr(ord(c) + 0xFEE0) for c in str(n)) for n in range(1, width + 1)],
    "the first twelve": lambda width: [n if n <= 12 else None for n in range(1, width + 1)],
    "every third": lambda width: [str(n) if n % 3 == 1 else "" for n in range(1, width + 1)],
}
COLUMN_NUMBERS_EN = (
    "this row is the form's column numbers (栏次: 1, 2, 3, … under the header), not a household: delete the row of "
    "column numbers under the header"
)
COLUMN_NUMBERS_ZH = "该行是表格的栏次（表头下的列序号 1、2、3……），不是一户：请删除表头下的栏次行"


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("written", list(NUMBERS_ROWS))
def test_a_row_of_column_numbers_under_the_header_is_refused_and_every_household_scored(
    engine_name: str, suffix: str, written: str, tmp_path: Path
) -> None:
    """A form made in Excel often carries a row of column numbers (栏次: 1, 2, 3, …) under its header: read as a
    member row, its 61 and 103 were the two copies of 风险是否已消除 differing, and the run stopped (exit 2, no
    household scored) with a message about 风险是否已消除 "0". It is refused in its place with one reason saying
    what it is and how to mend the file, in English and in Chinese; every household is scored, and every other
    row is in a scored household."""
    rows, at = _synthetic_rows(tmp_path, 3)
    numbers = NUMBERS_ROWS[written](len(rows[at]))
    source = _written([*rows[: at + 1], numbers, *rows[at + 1 :]], tmp_path / f"x{suffix}")
    refused = _refused(engine_name, source, tmp_path)
    assert [(r["line"], r["household_id"], r["column"], r["value"], r["reason"]) for r in refused] == [
        (str(at + 2), "", "", "", COLUMN_NUMBERS_EN)
    ]
    scored = read_csv(tmp_path / "o.csv")
    key = rows[at].index("户编号")
    assert sorted(s["household_id"] for s in scored) == sorted({row[key] for row in rows[at + 1 :]})
    read = list(households_in(source, region=REGION))  # the library's reading: nothing lost
    assert [r.line for r in read if not isinstance(r, Household)] == [at + 2]
    assert sum(len(h.members or ()) for h in read if isinstance(h, Household)) == len(rows) - at - 1
    zh = _refused_in_chinese(source, tmp_path, engine_name).read_text(encoding="utf-8-sig")
    assert COLUMN_NUMBERS_ZH in zh and "风险是否已消除" not in zh


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_count_footer_starting_with_gong_is_a_footer_and_a_county_named_gong_is_read(
    engine_name: str, suffix: str, tmp_path: Path
) -> None:
    """A footer counting the households and people (共6户14人, 共 6 户, in full-width digits 共６户, in 户编号 or
    in 县) was told to fill in 户编号, as if it were a member row: 共 had been left out of the footer's words, a
    county's name may start with it. It is refused as a footer, one reason; a household of 共和县 is read as
    any other."""
    rows, at = _synthetic_rows(tmp_path, 3)
    header = rows[at]
    county, key = header.index("县"), header.index("户编号")
    first = rows[at + 1][key]
    for row in rows[at + 1 :]:
        if row[key] == first:
            row[county] = "共和县"
    footers = [["共6户14人"], ["共 6 户"], ["共\uff16户"], ["", "", "", "共 3 户 9 人"], ["共计：3户"]]
    source = _written([*rows, *footers], tmp_path / f"x{suffix}")
    refused = _refused(engine_name, source, tmp_path)
    footer = (
        "this row is the form's footer (填表人, 审核人, a count such as 共6户, a date or a note), "
        "not a household: delete it"
    )
    lines = [str(len(rows) + n) for n in range(1, len(footers) + 1)]
    assert [(r["line"], r["household_id"], r["value"], r["reason"]) for r in refused] == [
        (line, "", "", footer) for line in lines
    ]
    scored = read_csv(tmp_path / "o.csv")
    assert len(scored) == 3 and [s["县"] for s in scored if s["household_id"] == first] == ["共和县"]


def test_long_values_that_differ_leave_an_errors_file_as_large_as_they_are(engine_name: str, tmp_path: Path) -> None:
    """A household whose 其他备注 differs between its 4 rows, each 100 000 characters: every row's reason
    quoted every row's remark whole, an errors file several times the size of the export. Each remark is
    now quoted by its start (masked: a phone number in it is not shown) and its length; each row's own
    remark stays whole in its column."""
    rows, at = _synthetic_rows(tmp_path, 5)
    header, key = rows[at], rows[at].index("户编号")
    members = [n for n, row in enumerate(rows[at + 1 :], at + 1) if row[key] == rows[at + 1][key]]
    assert len(members) == 4
    for n, i in enumerate(members):
        rows[i][header.index("其他备注")] = f"电话1391234567{n}" + "记" * 100_000
    source = _written(rows, tmp_path / "export.csv")
    refused = _refused(engine_name, source, tmp_path)
    assert [int(r["line"]) for r in refused] == [i + 1 for i in members]
    assert (tmp_path / "e.csv").stat().st_size < 1.1 * source.stat().st_size  # it was 5 times larger
    assert [r["value"] for r in refused] == [f"电话1391***567{n}" + "记" * 100_000 for n in range(4)]
    quoted = "; ".join(
        f"line {i + 1}: 电话1391***567{n}记记记记记记记… (100013 characters)" for n, i in enumerate(members)
    )
    assert {r["reason"] for r in refused} == {
        f"其他备注 differs between the household's rows ({quoted}); it must be the same on every row"
    }
    assert "13912345670" not in (tmp_path / "e.csv").read_text(encoding="utf-8-sig")


def test_a_birth_date_with_points_is_read_and_a_day_count_is_refused_saying_why(
    engine_name: str, tmp_path: Path
) -> None:
    """出生日期 1980.6.30, as clerks write a date, refused its household; it is 1980-06-30. A day count
    (29425: Excel shows a date so when the column is not formatted as a date) refuses its row as before,
    saying so and how to mend it, where "not a date; write YYYY-MM-DD" left the clerk puzzled at a number."""
    from datetime import date

    from fanpin.io.member_cells import merged
    from fanpin.model.values import NUMBER_FOR_DATE

    rows, at = _synthetic_rows(tmp_path, 3)
    born, key = rows[at].index("出生日期"), rows[at].index("户编号")
    rows[at + 1][born], rows[-1][born] = "1980.6.30", "29425"
    source = _written(rows, tmp_path / "export.csv")
    refused = _refused(engine_name, source, tmp_path)
    assert {r["household_id"] for r in refused} == {rows[-1][key]}
    assert [(r["line"], r["column"], r["value"], r["reason"]) for r in refused if r["column"]] == [
        (str(len(rows)), "出生日期", "29425", NUMBER_FOR_DATE)
    ]
    households = list(dict.fromkeys(row[key] for row in rows[at + 1 :]))
    with (tmp_path / "o.csv").open(encoding="utf-8-sig", newline="") as f:
        assert [r["household_id"] for r in csv.DictReader(f)] == households[:-1]
    _, items = read_export(source, region=REGION, member_facts=True)
    first = next(item for item in items if isinstance(item, ExportHousehold))
    assert first.members[0].recorded_birth_date == date(1980, 6, 30)
    assert first.facts is not None and merged(first.facts[0])["birth_date"] == date(1980, 6, 30).toordinal()


def test_an_export_without_a_column_the_checks_read_is_noted(tmp_path: Path) -> None:
    """An export without 退耕还林面积 or 水面面积 reads them as empty on every member row: the data checks for
    them left empty (5_14_017, 5_14_020) found every monitored household, without a word that the column
    itself was missing. The run says so; the example export, which has them, gets no such note."""
    with EXPORT_GBK_CSV.open(encoding="gb18030", newline="") as text:
        rows = list(csv.reader(text))
    at = next(i for i, row in enumerate(rows) if "户编号" in row)
    dropped = [rows[at].index(c) for c in ("退耕还林面积（亩）", "水面面积")]
    lacking = tmp_path / "lacking.csv"
    with lacking.open("w", encoding="utf-8", newline="") as text:
        csv.writer(text).writerows(
            [cell for j, cell in enumerate(row) if j not in dropped] if i >= at else row for i, row in enumerate(rows)
        )
    run = run_cli("score", lacking, "--as-of", AS_OF, "--region", REGION, "--checks", "with",
                  "--out", tmp_path / "o.csv", "--errors", tmp_path / "e.csv")  # fmt: skip
    assert run.code == 3, run.err
    named = "退耕还林面积（亩） (grain_to_green_land), 水面面积 (water_surface)"
    assert f"note: the export has no column {named}, which the rules read" in run.err
    complete = run_cli("score", EXPORT_GBK_CSV, "--as-of", AS_OF, "--region", REGION, "--checks", "with",
                       "--out", tmp_path / "o2.csv", "--errors", tmp_path / "e2.csv")  # fmt: skip
    assert complete.code == 3 and "has no column" not in complete.err
    alone = run_cli("score", lacking, "--as-of", AS_OF, "--region", REGION,
                    "--out", tmp_path / "o3.csv", "--errors", tmp_path / "e3.csv")  # fmt: skip
    assert alone.code == 3 and "has no column" not in alone.err  # the risk rules do not read them


@pytest.mark.parametrize(
    ("dropped", "named"),
    [
        (("劳动技能",), "劳动技能 (labour)"),  # 劳动力人数 is counted from it: no other column gives it
        (("是否解决安全饮用水",), "是否解决安全饮用水 (safe_water)"),  # 饮水出现安全问题
    ],
)
def test_an_export_without_a_column_a_risk_rule_reads_through_the_household_is_noted(
    engine_name: str, dropped: tuple[str, ...], named: str, tmp_path: Path
) -> None:
    """An export without 劳动技能 had 劳动力人数 unknown for every household (labor.none and the dependency
    rules not evaluable for 282 of 286, two households' levels changed) with no note unless the data checks
    ran: the note named only the members' facts the rules read, not the household's the reader counts from
    the members' columns. Said whatever --checks is, on both engines."""
    with EXPORT_GBK_CSV.open(encoding="gb18030", newline="") as text:
        rows = list(csv.reader(text))
    at = next(i for i, row in enumerate(rows) if "户编号" in row)
    gone = [rows[at].index(c) for c in dropped]
    lacking = tmp_path / "lacking.csv"
    with lacking.open("w", encoding="utf-8", newline="") as text:
        csv.writer(text).writerows(
            [cell for j, cell in enumerate(row) if j not in gone] if i >= at else row for i, row in enumerate(rows)
        )
    run = run_cli("score", lacking, "--as-of", AS_OF, "--region", REGION, "--engine", engine_name,
                  "--out", tmp_path / "o.csv", "--errors", tmp_path / "e.csv")  # fmt: skip
    assert run.code == 3 and "Traceback" not in run.err, run.err
    assert f"note: the export has no column {named}, which the rules read" in run.err, run.err


def test_a_large_household_whose_rows_differ_leaves_an_errors_file_that_grows_linearly(
    engine_name: str, tmp_path: Path
) -> None:
    """Each row's "differs" reason named every row of the household: a household of 400 rows whose 其他备注
    differs on every row wrote 400 reasons each naming its 400 lines and values, an errors file 16 times that
    of 100 rows. A reason names a few lines of a value and a few values, and how many more; the file grows as
    the household does. In Chinese too."""
    rows, at = _synthetic_rows(tmp_path, 2)
    header = rows[at]
    column = {name: header.index(name) for name in ("户编号", "人编号", "其他备注", "户类型")}
    others = [row for row in rows[at + 1 :] if row[column["户编号"]] != rows[at + 1][column["户编号"]]]
    sizes: dict[tuple[int, str], int] = {}
    for size in (100, 400):
        members = []
        for n in range(size):
            row = list(rows[at + 2 if n else at + 1])  # the head, then copies of the second member
            row[column["人编号"]], row[column["其他备注"]] = f"P{n}", f"note {n}"
            members.append(row)
        members[-1][column["户类型"]] = "一般农户" if members[0][column["户类型"]] != "一般农户" else "脱贫户"
        source = _written([*rows[: at + 1], *members, *others], tmp_path / f"export{size}.csv")
        folder = tmp_path / str(size)
        folder.mkdir()
        refused = _refused(engine_name, source, folder)
        reasons = {(r["column"], r["reason"]) for r in refused}
        assert len(refused) == 2 * size and len(reasons) == 2
        first, last = at + 2, at + 1 + size
        kind = next(reason for name, reason in reasons if name == "户类型")
        assert kind == (
            f"户类型 differs between the household's rows (lines {first}, {first + 1}, {first + 2} and {size - 4} "
            f"more: {members[0][column['户类型']]}; line {last}: {members[-1][column['户类型']]}); it must be the "
            "same on every row"
        )
        notes = next(reason for name, reason in reasons if name == "其他备注")
        assert f"line {first + 2}: note 2; {size - 3} other values on lines {first + 3}, " in notes
        sizes[size, "en"] = (folder / "e.csv").stat().st_size
        errors = _refused_in_chinese(source, folder, engine_name)
        text = errors.read_text(encoding="utf-8-sig")
        assert f"（第 {first}, {first + 1}, {first + 2} 行及另外 {size - 4} 行：" in text
        assert f"另有 {size - 3} 个值，在第 {first + 3}, " in text
        sizes[size, "zh"] = errors.stat().st_size
    for lang in ("en", "zh"):
        assert sizes[400, lang] < 4.5 * sizes[100, lang]  # it was 16 times


@pytest.mark.parametrize("how", ["failed rows", "heads", "key written two ways"])
def test_a_large_household_refused_for_some_of_its_rows_leaves_an_errors_file_that_grows_linearly(
    engine_name: str, how: str, tmp_path: Path
) -> None:
    """Three reasons each row of a refused household carries named every line it was about: the member rows
    that failed (every other row of a household of 400: 200 reasons naming 200 lines), the members that are
    户主 (every one of 400), the rows whose 户编号 is written another way (every other row, in full-width
    digits: 400 reasons naming 200 lines), an errors file about 16 times that of 100 rows. They name a few
    lines and how many more, as the "differs" reason does; the file grows as the household does. In Chinese
    too."""
    rows, at = _synthetic_rows(tmp_path, 2)
    header = rows[at]
    column = {name: header.index(name) for name in ("户编号", "人编号", "与户主关系", "劳动技能")}
    others = [row for row in rows[at + 1 :] if row[column["户编号"]] != rows[at + 1][column["户编号"]]]
    full_width = {ord(d): ord(d) + 0xFEE0 for d in "0123456789"}  # full-width digits
    sizes: dict[tuple[int, str], int] = {}
    for size in (100, 400):
        members = []
        for n in range(size):
            row = list(rows[at + 2 if n else at + 1])  # the head, then copies of the second member
            row[column["人编号"]] = f"P{n}"
            if how == "failed rows" and n % 2:
                row[column["劳动技能"]] = "bogus"
            elif how == "heads":
                row[column["与户主关系"]] = "户主"
            elif how == "key written two ways" and n % 2:
                row[column["户编号"]] = row[column["户编号"]].translate(full_width)
            members.append(row)
        source = _written([*rows[: at + 1], *members, *others], tmp_path / f"export{size}.csv")
        folder = tmp_path / str(size)
        folder.mkdir()
        refused = _refused(engine_name, source, folder)
        first = at + 2  # the household's first line; its odd rows are on first + 1, first + 3, …
        said = {
            "failed rows": (
                f"household not scored: its member rows on lines {first + 1}, {first + 3}, {first + 5} and "
                f"{size // 2 - 3} more are rejected"
            ),
            "heads": (
                f"{size} members are the head of household (户主) (lines {first}, {first + 1}, {first + 2} and "
                f"{size - 3} more); a household has one head"
            ),
            "key written two ways": (
                "household_id (户编号), or its county, township or village, is written differently on the "
                "household's rows, with full-width characters, an invisible character, a space inside or a letter "
                f"in the other case (on lines {first + 1}, {first + 3}, {first + 5} and {size // 2 - 3} more): write "
                "it the same way on every row"
            ),
        }[how]
        carrying = [int(r["line"]) for r in refused if r["reason"] == said]
        assert carrying == list(range(first, first + size, 2 if how == "failed rows" else 1))
        sizes[size, "en"] = (folder / "e.csv").stat().st_size
        errors = _refused_in_chinese(source, folder, engine_name)
        named = f"第 {first}, {first + 1}, {first + 2} 行及另外 {size - 3} 行"
        odd = f"第 {first + 1}, {first + 3}, {first + 5} 行及另外 {size // 2 - 3} 行"
        assert {
            "failed rows": f"该户未评分：其成员行（{odd}）被拒收",
            "heads": f"有 {size} 名成员为户主（{named}）；每户只能有一名户主",
            "key written two ways": f"大小写不同的字母（{odd}）：请在每一行写成一样",
        }[how] in errors.read_text(encoding="utf-8-sig")
        sizes[size, "zh"] = errors.stat().st_size
    for lang in ("en", "zh"):
        assert sizes[400, lang] < 4.5 * sizes[100, lang]  # it was about 16 times


def test_a_date_at_midnight_as_excel_and_wps_write_it_is_the_date_and_another_time_is_refused_saying_so(
    engine_name: str, tmp_path: Path
) -> None:
    """A CSV saved from a sheet of Chinese Excel or WPS writes a date kept with its time as 1980/8/17 0:00
    (1980-8-17 0:00:00, 1980年8月17日 0:00 …): 出生日期 so was refused as "not a date", and 识别监测时间 so (or
    2024-03-01 00:00:00, which 出生日期 took) as "not a month". Each is the date, and the month: the file scores
    as the one with the plain dates. Another time of day is refused saying so, in whichever spelling."""
    from fanpin.model.values import DATE_WITH_TIME_DAY, MONTH_WITH_TIME_MONTH

    rows, at = _synthetic_rows(tmp_path, 5)
    born, month, key = (rows[at].index(c) for c in ("出生日期", "识别监测时间", "户编号"))
    households = list(dict.fromkeys(row[key] for row in rows[at + 1 :]))
    timed = [list(row) for row in rows]
    spellings = ["1980/8/17 0:00", "1980-8-17 0:00:00", "1980/8/17 00:00:00", "1980年8月17日 0:00", "1980.8.17 0:00"]
    months = ["2024-03-01 00:00:00", "2024/3/1 0:00", "2024年3月1日 0:00"]
    for n, (row, plain) in enumerate(zip(timed[at + 1 :], rows[at + 1 :], strict=True)):
        index = households.index(row[key])
        if index < 3:
            row[born], plain[born] = spellings[n % len(spellings)], "1980-08-17"
            row[month], plain[month] = months[index], "202403"
        elif index == 3:
            row[born] = plain[born] = "1980/8/17 9:30"
        else:
            row[month] = plain[month] = "2024/3/1 9:30"
    refused = _refused(engine_name, _written(timed, tmp_path / "timed.csv"), tmp_path)
    assert {(r["household_id"], r["column"], r["reason"]) for r in refused if r["column"]} == {
        (households[3], "出生日期", DATE_WITH_TIME_DAY.format(day="1980-08-17")),
        (households[4], "识别监测时间", MONTH_WITH_TIME_MONTH.format(month="202403")),
    }
    assert {r["household_id"] for r in refused} == set(households[3:])
    scored = (tmp_path / "o.csv").read_bytes()
    assert _refused(engine_name, _written(rows, tmp_path / "plain.csv"), tmp_path / "p") == refused
    assert (tmp_path / "p" / "o.csv").read_bytes() == scored


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_day_of_eight_digits_in_a_month_column_is_its_month_and_another_time_or_no_such_day_is_refused(
    engine_name: str, suffix: str, tmp_path: Path
) -> None:
    """识别监测时间 written as a day of eight digits, as 出生日期 takes it (20240301; 20240301.0 as a sheet saves a
    number, and in an .xlsx a number cell of either; 20240301 00:00 with its midnight), was refused as "not a
    month" where 2024-03-01 was read: it is the day's month, and the file scores as the one with 202403. A day
    no calendar has (20250230) is refused as no such month, and another time of day (20240301 08:30) saying so,
    as for 2024/3/1 9:30."""
    from fanpin.model.values import MONTH_WITH_TIME_MONTH, NO_SUCH_MONTH

    rows, at = _synthetic_rows(tmp_path, 7)
    month, key = (rows[at].index(c) for c in ("识别监测时间", "户编号"))
    households = list(dict.fromkeys(row[key] for row in rows[at + 1 :]))
    days: list[object] = ["20240301", "20240301.0", "20240301 00:00", "20240301 00:00:00", "20240301T00:00"]
    if suffix == ".xlsx":
        days[:2] = [20240301, 20240301.0]  # number cells, as a sheet holds a day typed as eight digits
    refusals = {5: ("20250230", NO_SUCH_MONTH), 6: ("20240301 08:30", MONTH_WITH_TIME_MONTH.format(month="202403"))}
    written: list[list[object]] = [list(row) for row in rows]
    for row, plain in zip(written[at + 1 :], rows[at + 1 :], strict=True):
        index = households.index(plain[key])
        if index in refusals:
            row[month] = plain[month] = refusals[index][0]
        else:
            row[month], plain[month] = days[index], "202403"
    refused = _refused(engine_name, _written(written, tmp_path / f"days{suffix}"), tmp_path)
    assert {(r["household_id"], r["column"], r["reason"]) for r in refused if r["column"]} == {
        (households[index], "识别监测时间", reason) for index, (_, reason) in refusals.items()
    }
    assert {r["household_id"] for r in refused} == set(households[5:])
    scored = (tmp_path / "o.csv").read_bytes()
    assert _refused(engine_name, _written(rows, tmp_path / f"plain{suffix}"), tmp_path / "p") == refused
    assert (tmp_path / "p" / "o.csv").read_bytes() == scored


def _stray_quoted(source: Path) -> Path:
    """``source`` with its cell ``a"b`` written as it is, not quoted (``"a""b"``, as the csv module writes it): a
    quote inside a cell, which has the file read row by row (:func:`fanpin.io.key_scan.key_scan` gives None)."""
    source.write_text(source.read_text(encoding="utf-8").replace('"a""b"', 'a"b'), encoding="utf-8")
    return source


def _broken_at(row: list[str], at: int, *, in_a_cell: bool) -> tuple[list[str], list[str]]:
    """``row`` broken in two lines before its cell ``at`` (``in_a_cell``: inside that cell, which then counts
    on both lines, as a line typed within a cell without quotes is read)."""
    if not in_a_cell:
        return row[:at], row[at:]
    cell = row[at]
    assert len(cell) >= 2
    return [*row[:at], cell[:1]], [cell[1:], *row[at + 1 :]]


@pytest.mark.parametrize("in_a_cell", [False, True], ids=["between-cells", "inside-a-cell"])
@pytest.mark.parametrize("at", [12, 72])
@pytest.mark.parametrize("stray_quote", [False, True], ids=["by-columns", "row-by-row"])
def test_a_member_row_broken_in_two_by_a_line_break_refuses_both_lines_and_its_household(
    engine_name: str, at: int, in_a_cell: bool, stray_quote: bool, tmp_path: Path
) -> None:
    """A line break inside a member row (a cell typed on two lines without quotes, a file edited by hand) made
    two lines of it: the first was scored with its missing cells empty (the household of 53232813000063 scored
    无 for 红), the second refused only for its empty 户编号 (and the households beside it with it). Two lines in
    a row whose cells together make the header's (or one more: a cell broken in two) are both refused saying
    so, with the household of the first; the households around them are scored."""
    rows, at_header = _synthetic_rows(tmp_path, 6)
    header, key = rows[at_header], rows[at_header].index("户编号")
    first = at_header + 2  # the household's second row (index), on line first + 1
    assert rows[first][key] == rows[first - 1][key]
    members = [n for n, row in enumerate(rows[at_header + 1 :], at_header + 2) if row[key] == rows[first][key]]
    if stray_quote:  # a quote inside a cell of another household: the file is read row by row
        rows[-1][header.index("姓名")] = 'a"b'
    one, two = _broken_at(rows[first], at, in_a_cell=in_a_cell)
    rows[first : first + 1] = [one, two]
    source = _stray_quoted(_written(rows, tmp_path / "export.csv"))
    assert bool(export_groups(source, region=REGION)[0].line_end) is not stray_quote  # read by columns or not
    refused = _refused(engine_name, source, tmp_path)
    line = first + 1
    broken = (
        f"lines {line} and {line + 1} have {len(one)} and {len(two)} cells, together the header's {len(header)}"
        + (" with one cell broken in two" if in_a_cell else "")
        + ": one member row broken in two by a line break inside it (a cell typed on two lines, or the file "
        "edited by hand); join the two lines into one (delete the line break) and score the file again"
    )
    reasons = {int(r["line"]): r["reason"] for r in refused if int(r["line"]) <= members[-1] + 1}
    assert reasons.pop(line) == reasons.pop(line + 1) == broken
    assert sorted(reasons) == [n + (n > line) for n in members if n != line]  # the lines after it one further
    assert set(reasons.values()) == {f"household not scored: its member row on line {line} is rejected"}
    assert len(read_csv(tmp_path / "o.csv")) == 5  # the other households scored, none beside the lines refused
    shown = _refused_in_chinese(source, tmp_path, engine_name).read_text(encoding="utf-8-sig")
    assert (
        f"第 {line} 行和第 {line + 1} 行分别有 {len(one)} 个和 {len(two)} 个单元格，合起来正是表头的 {len(header)} 列"
        in shown
    )


@pytest.mark.parametrize("stray_quote", [False, True], ids=["by-columns", "row-by-row"])
def test_member_rows_with_fewer_cells_read_as_usual_are_noted_by_their_lines(
    engine_name: str, stray_quote: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A member row cut short, its household's only row (or its other rows as short), was scored with its
    missing cells empty without a word. The run's note counts such member rows and names the first three
    lines."""
    rows, at = _synthetic_rows(tmp_path, 8)
    header = rows[at]
    if stray_quote:
        rows[at + 1][header.index("姓名")] = 'a"b'
    cut = [n for n in range(at + 1, len(rows)) if n % 2][:4]
    for n in cut:
        rows[n] = rows[n][:100]
    source = _stray_quoted(_written(rows, tmp_path / "export.csv"))
    assert bool(export_groups(source, region=REGION)[0].line_end) is not stray_quote  # read by columns or not
    run = run_cli(
        "score", source, "--as-of", AS_OF.isoformat(), "--region", REGION, "--engine", engine_name,
        "--out", tmp_path / "o.csv", "--errors", tmp_path / "e.csv", "--lang", "en",
    )  # fmt: skip
    assert run.code == 0, run.err  # each cut where its household's other rows are empty: read as usual
    lines = ", ".join(str(n + 1) for n in cut[:3]) + ", …"
    assert f"4 row(s) have fewer cells than the header (line(s) {lines}): their missing cells" in run.err
    monkeypatch.setenv("FANPIN_MESSAGES", "zh")
    zh = run_cli(
        "score", source, "--as-of", AS_OF.isoformat(), "--region", REGION, "--engine", engine_name,
        "--out", tmp_path / "o2.csv", "--errors", tmp_path / "e2.csv",
    )  # fmt: skip
    assert f"有 4 行（第 {lines} 行）的单元格少于表头的列数" in zh.err


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("layout", ["export", "table"])
def test_a_row_of_zero_width_spaces_is_blank_as_a_row_of_spaces_is(
    engine_name: str, layout: str, suffix: str, tmp_path: Path
) -> None:
    """A row whose one filled cell holds a zero-width space (U+200B, pasted from a web page or a Word table)
    alone: in an export it was a member row without 户编号, refusing the households on either side of it
    (该户各行旁有一行成员行没有户编号), and a household table refused it for every required cell. A cell of
    whitespace (spaces, NBSP, U+3000) and the characters that take no room (U+200B, U+200C, U+200D, U+2060,
    U+FEFF) is empty, and a row of such cells blank, skipped, in either layout and on either engine."""
    if layout == "export":
        rows, at = _synthetic_rows(tmp_path, 6)
    else:
        with EXPORT_HOUSEHOLDS_CSV.open(encoding="utf-8-sig", newline="") as f:
            rows, at = list(csv.reader(f))[:7], 0
    header = rows[at]
    places = ["县", "户编号", "姓名", "其他备注", "户类型"]
    texts = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff \u3000\u200b"]
    for n, (name, text) in enumerate(zip(places, texts, strict=True)):
        blank = [""] * len(header)
        blank[header.index(name) if name in header else n] = text
        rows.insert(at + 2 + 2 * n, blank)  # between the rows of households, or of one
    run = run_cli(
        "score", _written(rows, tmp_path / f"{layout}{suffix}"), "--as-of", AS_OF.isoformat(), "--region", REGION,
        "--engine", engine_name, "--out", tmp_path / "o.csv", "--errors", tmp_path / "e.csv", "--lang", "en",
    )  # fmt: skip
    assert run.code == 0, (run.err, (tmp_path / "e.csv").read_text(encoding="utf-8-sig"))
    assert len(read_csv(tmp_path / "o.csv")) == 6


@pytest.mark.parametrize("layout", ["export", "table"])
def test_a_workbook_with_other_sheets_of_households_says_they_were_not_read(
    engine_name: str, layout: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A workbook of one sheet per township: the first sheet shown is read, and the others had been left unread
    without a word (3 sheets of 4). The run's note names the other sheets shown whose first rows hold a header
    naming 户编号 with a row below it, says they were not read and how to score them; a hidden sheet, one of
    instructions and one holding a header alone are not named."""
    import openpyxl

    if layout == "export":
        rows, at = _synthetic_rows(tmp_path, 6)
    else:
        with EXPORT_HOUSEHOLDS_CSV.open(encoding="utf-8-sig", newline="") as f:
            rows, at = list(csv.reader(f))[:7], 0
    book = openpyxl.Workbook()
    book.remove(book.worksheets[0])
    sheets = {"平坝乡": rows[at + 1 : at + 3], "东山乡": rows[at + 3 : at + 5], "旧表": rows[at + 5 :]}
    sheets |= {"说明": [], "空表": [], "西山乡2": rows[at + 5 :]}
    for title, below in sheets.items():
        sheet = book.create_sheet(title)
        for row in [] if title == "说明" else [*rows[: at + 1], *below]:
            sheet.append(row)
        if title == "说明":
            sheet.append(["填表说明：每户一行"])
    book["旧表"].sheet_state = "hidden"
    book.save(source := tmp_path / f"{layout}.xlsx")
    argv = ["score", source, "--as-of", AS_OF.isoformat(), "--region", REGION, "--engine", engine_name]
    run = run_cli(*argv, "--out", tmp_path / "o.csv", "--errors", tmp_path / "e.csv", "--lang", "en")
    assert run.code == 0, run.err
    assert (
        "note: the workbook's other sheet(s) '东山乡', '西山乡2' hold households too, and were not read: fanpin "
        "reads the first sheet not hidden only; to score them, save each sheet as a workbook of its own and score "
        "each, or copy their rows below this sheet's into one sheet"
    ) in run.err
    assert len(read_csv(tmp_path / "o.csv")) == len({row[rows[at].index("户编号")] for row in sheets["平坝乡"]})
    monkeypatch.setenv("FANPIN_MESSAGES", "zh")
    zh = run_cli(*argv, "--out", tmp_path / "o2.csv", "--errors", tmp_path / "e2.csv")
    assert "工作簿中的其他工作表 '东山乡', '西山乡2' 也有住户数据，未被读取" in zh.err
    one = openpyxl.Workbook()
    for row in [*rows[: at + 1], *sheets["平坝乡"]]:
        one.worksheets[0].append(row)
    one.save(alone := tmp_path / "alone.xlsx")
    argv[1] = alone
    assert "other sheet" not in run_cli(*argv, "--out", tmp_path / "o3.csv", "--lang", "en").err


def test_derived_household_columns_added_to_an_export_are_noted_as_not_read(
    engine_name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """家庭人口数, 劳动力人数 and 家庭纯收入 added to an export as columns were left unread without a word, where a
    household table's 家庭纯收入 has a note. The export's reader works out the first two from a household's member
    rows and the third from its other columns: each has a note saying so, and the scores are those of the export
    without them."""
    rows, at = _synthetic_rows(tmp_path, 4)
    plain = _written(rows, tmp_path / "plain.csv")
    added = ["家庭人口数", "劳动力人数", "家庭纯收入"]
    rows = [row if n < at else [*row, *(added if n == at else ["9", "9", "99999"])] for n, row in enumerate(rows)]
    source = _written(rows, tmp_path / "export.csv")
    argv = ["score", "--as-of", AS_OF.isoformat(), "--region", REGION, "--engine", engine_name, "--lang", "en"]
    run = run_cli(*argv, source, "--out", tmp_path / "o.csv")
    assert run.code == 0, run.err
    assert [line.removeprefix("fanpin: note: ") for line in run.err.splitlines() if "derives" in line] == [
        "the column 家庭人口数 is a value fanpin derives from each household's member rows (size): it is not read",
        "the column 劳动力人数 is a value fanpin derives from each household's member rows (labor_count): it is not "
        "read",
        "the column 家庭纯收入 is a value fanpin derives from the other columns (net_income): it is not read",
    ]
    assert run_cli(*argv, plain, "--out", tmp_path / "p.csv").code == 0
    assert (tmp_path / "o.csv").read_bytes() == (tmp_path / "p.csv").read_bytes()
    monkeypatch.setenv("FANPIN_MESSAGES", "zh")
    zh = run_cli(*argv, source, "--out", tmp_path / "o2.csv").err
    assert "家庭人口数 列是 fanpin 由每户的各成员行得出的值（size）：不读取" in zh
    assert "家庭纯收入 列是 fanpin 由其他各列算出的值（net_income）：不读取" in zh


def test_values_that_differ_but_mask_alike_are_said_to_differ_where(engine_name: str, tmp_path: Path) -> None:
    """信息采集人 王大锤 on one row of a household and 王某贵 on the others: the reason quoted both masked, 王** and
    王**, as if they were the same. It still shows them masked, and says they differ though they mask alike, and
    at which character first; values that mask apart (李某 beside 王某贵) are quoted as before."""
    rows, at = _synthetic_rows(tmp_path, 5)
    header, key = rows[at], rows[at].index("户编号")
    collector = header.index("信息采集人")
    members = [n for n in range(at + 1, len(rows)) if rows[n][key] == rows[at + 1][key]]
    assert len(members) > 1
    for n in members:
        rows[n][collector] = "王某贵"
    rows[members[0]][collector] = "王大锤"
    source = _written(rows, tmp_path / "export.csv")
    refused = _refused(engine_name, source, tmp_path)
    others = _some_lines_text([n + 1 for n in members[1:]])
    assert {r["reason"] for r in refused} == {
        f"信息采集人 differs between the household's rows (line {members[0] + 1}: 王**; {others}: 王**); the values "
        "differ though they mask alike, first at character 2; it must be the same on every row"
    }
    assert {r["value"] for r in refused} == {"王**"}
    shown = _refused_in_chinese(source, tmp_path, engine_name).read_text(encoding="utf-8-sig")
    assert "这些值脱敏后看起来相同，实际不同，从第 2 个字符起不同；每行都应相同" in shown
    rows[members[0]][collector] = "李某"
    (apart := tmp_path / "apart").mkdir()
    refused = _refused(engine_name, _written(rows, apart / "export.csv"), apart)
    assert {r["reason"] for r in refused} == {
        f"信息采集人 differs between the household's rows (line {members[0] + 1}: 李*; {others}: 王**); it must be "
        "the same on every row"
    }


def _some_lines_text(lines: list[int]) -> str:
    """``line 5`` or ``lines 5, 6``: how a reason names a few lines."""
    return f"line {lines[0]}" if len(lines) == 1 else f"lines {', '.join(map(str, lines))}"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_explain_says_which_rows_of_the_file_the_household_is(tmp_path: Path, lang: str) -> None:
    """explain named neither the rows it explained nor, for an export, the household's village and members:
    of a table's 户编号 given twice (the later row refused) the clerk could not tell which row was shown, and an
    export's household was its 户编号 and the --region alone. It now says the table's line, and the export's
    县, 乡 and 村 with its members and their lines (a member row placed apart too), in the language of --lang."""
    rows, at = _synthetic_rows(tmp_path, 3)
    header = rows[at]
    key, village = header.index("户编号"), header.index("村")
    data = rows[at + 1 :]
    first = data[0][key]
    members = [n for n, row in enumerate(data) if row[key] == first]
    data.append(data.pop(members[-1]))  # its last member placed at the end of the file, after other households
    source = _written([*rows[: at + 1], *data], tmp_path / "export.csv")
    lines = [at + 2 + n for n, row in enumerate(data) if row[key] == first]  # lines of the file, from 1
    args = ("--as-of", AS_OF.isoformat(), "--region", REGION, "--lang", lang)
    run = run_cli("explain", source, "--household", first, *args)
    assert run.code == 0, run.err
    said = run.out.splitlines()[1]
    at_lines = ", ".join(map(str, lines))
    count = len(lines)
    members_said = f"家庭成员 {count} 人（第 {at_lines} 行）" if lang == "zh" else f"members {count} (lines {at_lines})"
    assert said.endswith(members_said) and f"村 {data[0][village]} · " in said and said.startswith("县 ")
    table = tmp_path / "table.csv"
    text = HOUSEHOLDS_CSV.read_text(encoding="utf-8-sig").splitlines()
    table.write_text("\n".join([*text[:4], text[2]]) + "\n", encoding="utf-8")  # line 5 repeats line 3
    repeated = text[2].split(",")[0]
    run = run_cli("explain", table, "--household", repeated, "--as-of", AS_OF.isoformat(), "--lang", lang)
    assert run.code == 0, run.err
    assert run.out.splitlines()[1] == ("读自第 3 行" if lang == "zh" else "read from line 3")
