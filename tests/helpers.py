"""What many test files share: the example date and region, the command line, small household files.

Fixtures (the reference rulebook and its engines) are in ``tests/conftest.py``; paths in ``tests/paths.py``.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import NamedTuple
from unittest import mock

import polars as pl
from hypothesis import settings

from fanpin import Engine, Household, Rule, Rulebook
from fanpin._kept import Kept
from fanpin.batch import BatchEngine
from fanpin.batch import engine as batch_engine
from fanpin.cli import main
from fanpin.model.facts import encode_all, natural_value, set_facts
from fanpin.model.member_facts import member_row
from fanpin.results.columns import HEADERS, REJECTED_HEADERS
from fanpin.rulebook.schema import Case
from tests.paths import EXAMPLES

#: Whether the long property runs are asked for (``FANPIN_SLOW=1``): 3 000 examples a property, where the suite
#: runs each with the few its time allows.
SLOW = bool(os.environ.get("FANPIN_SLOW"))

#: The date and region the example data and most tests are scored at (Yunnan's 2025 line: 8700 元).
AS_OF = date(2025, 6, 30)
REGION = "532328"


def _plant_count() -> int:
    """How many households examples/plants.py plants in the example export, after its base households."""
    module = sys.modules.get("plants")
    if module is None:
        spec = importlib.util.spec_from_file_location("plants", EXAMPLES / "plants.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["plants"] = module  # as make_export.py imports it: one module for both
        spec.loader.exec_module(module)
    return len(module.PLANTS)


#: The example export (examples/make_export.py): 100 base households, 5 of them deliberately bad (their
#: rows are rejected), then one household per plant of examples/plants.py.
EXPORT_HOUSEHOLDS = 100 + _plant_count()
EXPORT_SCORED = EXPORT_HOUSEHOLDS - 5
#: ``fanpin score`` / ``fanpin explain`` arguments for that date and region.
SCORE_ARGS = ("--as-of", AS_OF.isoformat(), "--region", REGION)

#: The required columns (Chinese headers) and a note column passed through, for hand-written files.
HEADER = "户编号,行政区划代码,户类型,家庭人口数,工资性收入,生产经营性收入,财产性收入,转移性收入,备注"
ROW = "H{n},532328,脱贫户,2,{wage},0,0,0,note {n}"


#: The household table's columns whose empty cell means none (not monitored, no such risk), each with a way a
#: form writes none.
TABLE_NONE_SAID = {
    "监测对象类别": "无",
    "识别监测时间": "-",
    "风险消除方式": "暂无",
    "消除监测时间": "\uff0f",
    "致贫/返贫风险1": "没有",
    "致贫/返贫风险2": "无。",
    "致贫/返贫风险3": "——",
    "致贫/返贫风险4": "/",
    "致贫/返贫风险5": " 无 ",
}


#: A valid household with English field names: 4 people, 30 000 元 gross income (7 500 元 a head).
HOUSEHOLD: dict[str, object] = {
    "household_id": "H1",
    "region_code": REGION,
    "household_type": "formerly_poor",
    "size": 4,
    "wage_income": 20000,
    "business_income": 8000,
    "property_income": 0,
    "transfer_income": 2000,
}


def household(**fields: object) -> Household:
    """:data:`HOUSEHOLD` with ``fields`` changed (a field set to None is left out)."""
    record = {k: v for k, v in (HOUSEHOLD | fields).items() if v is not None}
    return Household.model_validate(record)


class Run(NamedTuple):
    """What one ``fanpin`` command did: its exit code and what it printed."""

    code: int
    out: str
    err: str


def engine_of_its_own(book: Rulebook) -> BatchEngine:
    """A batch engine whose programs are its own, made on its first calls: the engines made on the same
    rules share theirs (a test of what a fresh program does would find it made, by another test)."""
    with mock.patch.object(batch_engine, "_COMPILED", Kept(8)):
        return BatchEngine(book)


def run_cli(*argv: object) -> Run:
    """Run the ``fanpin`` command in this process, with its output captured."""
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], stdout=out, stderr=err)
    return Run(code, out.getvalue(), err.getvalue())


def score_file(source: Path, out: Path, errors: Path, *options: object) -> Run:
    """``fanpin score SOURCE --as-of 2025-06-30 --region 532328 --out OUT --errors ERRORS [options]``."""
    return run_cli("score", source, *SCORE_ARGS, "--out", out, "--errors", errors, *options)


def write_rows(path: Path, rows: Sequence[str], *, newline: str = "\n") -> Path:
    """A CSV file of the given lines (header included), UTF-8."""
    path.write_text(newline.join(rows) + newline, encoding="utf-8")
    return path


def with_cells(
    source: Path,
    cells: Mapping[tuple[int, str], str],
    *,
    header_line: int = 1,
    beside: tuple[str, str] | None = None,
    encoding: str = "utf-8",
) -> list[list[str]]:
    """``source`` (a CSV whose header is on ``header_line``) written again with ``cells`` ((line, header) →
    text) written over it, and with ``beside`` (a header and a text) a column fanpin does not read holding
    that text on every row below the header; its rows."""
    with source.open(encoding=encoding, newline="") as f:
        rows = list(csv.reader(f))
    header = rows[header_line - 1]
    if beside is not None:
        header.append(beside[0])
        for row in rows[header_line:]:
            row.append(beside[1])
    for (line, name), text in cells.items():
        rows[line - 1][header.index(name)] = text
    with source.open("w", encoding=encoding, newline="") as f:
        csv.writer(f).writerows(rows)
    return rows


def export_household_lines(source: Path) -> dict[str, list[int]]:
    """The lines of each household's member rows in a person-level export CSV written by
    ``write_person_export_csv`` (its header on line 3), by 户编号, in the file's order."""
    with source.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    at = rows[2].index("户编号")
    lines: dict[str, list[int]] = {}
    for line, row in enumerate(rows[3:], start=4):
        lines.setdefault(row[at], []).append(line)
    return lines


def households_file(path: Path, wages: Sequence[object]) -> Path:
    """A household file with one row per wage: H1, H2, … (a bad wage makes a rejected row)."""
    return write_rows(path, [HEADER, *(ROW.format(n=n, wage=w) for n, w in enumerate(wages, start=1))])


#: A header of either language (scored table or errors file) → its column id.
COLUMN_IDS = {h: c for lang in ("zh", "en") for c, h in (HEADERS[lang] | REJECTED_HEADERS[lang]).items()}


def read_csv(path: Path, *, ids: bool = True) -> list[dict[str, str]]:
    """An output or errors file as rows of text (the BOM removed), keyed by column id (``household_id``,
    ``flags``, ``reason`` …) whatever the language of its headers; passed-through columns by their header.
    ``ids=False`` keeps every header as written (an input file)."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        return [{COLUMN_IDS.get(k, k) if ids else k: v for k, v in row.items()} for row in csv.DictReader(f)]


def by_id(frame: pl.DataFrame) -> pl.DataFrame:
    """A scored or errors table read back from a file, its headers (either language) renamed to column ids."""
    return frame.rename({c: COLUMN_IDS[c] for c in frame.columns if c in COLUMN_IDS})


def case_outcome_on_both_engines(
    engine: Engine, batch: BatchEngine, rule: Rule, case: Case
) -> tuple[list[str], list[str]]:
    """A rule case evaluated on both engines — its facts and, when given, its members — checked to agree:
    (fired rules, not-evaluable rules)."""
    region, as_of = case.region or rule.case_defaults.region, case.as_of or rule.case_defaults.as_of
    members = case.member_models()
    a = engine.evaluate_facts(case.facts, as_of=as_of, region=region, members=members)
    natural = {k: v for k, v in ((k, natural_value(k, v)) for k, v in case.facts.items()) if v is not None}
    row = encode_all(set_facts(natural) | natural) | ({} if members is None else {"member_count": len(members)})
    rows = None if members is None else [{**member_row(m), "__household": 0} for m in members]
    got = batch.evaluate([row or {"household_id": ""}], as_of=as_of, region=region, members=rows).row(0, named=True)
    expected = (list(a.flag_ids), list(a.not_evaluable))
    assert (got["flags"], got["not_evaluable"]) == expected, (rule.id, case.name)
    return expected


def cases_on_both_engines(engine: Engine, batch: BatchEngine, rules: Sequence[Rule]) -> int:
    """Every case of ``rules`` evaluated on both engines and checked to agree, as
    :func:`case_outcome_on_both_engines` checks one; the batch engine evaluates the cases of one date
    and region together, as rows of one frame (one call per date and region instead of one per case,
    the rows' facts as different as the cases'). Returns how many cases were checked."""
    groups: dict[tuple[date, str, bool], list[tuple[Rule, Case]]] = {}
    for rule in rules:
        for case in rule.spec.cases:
            key = (case.as_of or rule.case_defaults.as_of, case.region or rule.case_defaults.region)
            groups.setdefault((*key, case.members is not None), []).append((rule, case))
    for (as_of, region, with_members), cases in groups.items():
        rows: list[dict[str, object]] = []
        member_rows: list[dict[str, object]] = []
        expected: list[tuple[list[str], list[str]]] = []
        for n, (rule, case) in enumerate(cases):
            members = case.member_models()
            a = engine.evaluate_facts(case.facts, as_of=as_of, region=region, members=members)
            expected.append((list(a.flag_ids), list(a.not_evaluable)))
            natural = {k: v for k, v in ((k, natural_value(k, v)) for k, v in case.facts.items()) if v is not None}
            row: dict[str, object] = {"household_id": f"{rule.id}/{case.name}"}
            row |= encode_all(set_facts(natural) | natural)
            rows.append(row if members is None else row | {"member_count": len(members)})
            member_rows += [{**member_row(m), "__household": n} for m in members or ()]
        frame = pl.DataFrame(rows, infer_schema_length=None)
        members_frame = pl.DataFrame(member_rows, infer_schema_length=None) if with_members else None
        got = batch.evaluate(frame, as_of=as_of, region=region, members=members_frame)
        for (rule, case), want, flags, not_evaluable in zip(
            cases, expected, got["flags"].to_list(), got["not_evaluable"].to_list(), strict=True
        ):
            assert (flags, not_evaluable) == want, (rule.id, case.name)
    return sum(len(cases) for cases in groups.values())


def county_of_another_region(tmp_path: Path) -> Path:
    """A county folder (楚雄市, 532301) whose rule reads a parameter it gives for its own region only: at the
    examples' region (532328) the parameter has no value."""
    folder = tmp_path / "county"
    folder.mkdir()
    (folder / "local.yaml").write_text(
        'case_defaults: {region: "532301", as_of: 2025-06-30}\n'
        "parameters:\n  local_medical_abs:\n    label: 大额医疗自付\n    unit: money\n    values:\n"
        '      - {region: "532301", from: 2024-01-01, value: 20000, source: 测试}\n'
        "rules:\n  - id: local.medical\n    title: {zh: 医疗, en: medical}\n    level: info\n    kind: audit\n"
        "    when: medical_out_of_pocket >= local_medical_abs\n    basis: test\n    cases:\n"
        "      - {name: a, facts: {medical_out_of_pocket: 20000}, expect: fires}\n"
        "      - {name: b, facts: {medical_out_of_pocket: 19999.99}, expect: silent}\n"
        "      - {name: c, facts: {}, expect: not_evaluable}\n",
        encoding="utf-8",
    )
    return folder


@contextmanager
def fewer_examples(examples: int) -> Iterator[None]:
    """Hypothesis' current profile with ``examples`` examples a property, for properties the test does not
    decorate itself (the rule kit's, run under the current profile): each of their examples costs a batch call,
    and the suite's profile (45) made them the slowest tests. ``FANPIN_SLOW=1`` keeps the profile's (3 000)."""
    if SLOW:
        yield
        return
    loaded = settings.get_current_profile_name()
    settings.register_profile(f"{loaded}-{examples}", settings(settings.get_profile(loaded), max_examples=examples))
    settings.load_profile(f"{loaded}-{examples}")
    try:
        yield
    finally:
        settings.load_profile(loaded)


def csv_workbook(
    source: Path,
    target: Path,
    cells: Mapping[tuple[int, str], tuple[float | str, str | None]] | None = None,
    *,
    header_line: int = 1,
    date_1904: bool = False,
) -> Path:
    """``source`` (a CSV, UTF-8 with or without its mark) as the first sheet of an .xlsx workbook ``target``,
    with ``cells`` ((line, header) → (value, number format or None for the default)) set over it; in Excel's
    1904 date system with ``date_1904``."""
    import openpyxl
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    with source.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    book = openpyxl.Workbook()
    if date_1904:
        book.epoch = CALENDAR_MAC_1904
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    header = rows[header_line - 1]
    for (line, name), (value, number_format) in (cells or {}).items():
        cell = sheet.cell(line, header.index(name) + 1)
        cell.value = value
        if number_format is not None:
            cell.number_format = number_format
    book.save(target)
    return target


def export_with_cells(folder: Path, cells: Mapping[tuple[int, str], str]) -> Path:
    """A synthetic export of 3 households (lines 4-7, 8-10, 11-13) in ``folder``, with ``cells`` ((line, header) →
    text, ``{}`` in it standing for the cell as written: ``"'{}"`` puts an apostrophe before it, ``"{}.00"`` a
    tail of zeros after it) written over it; a column it lacks (行政区划代码) is added, empty."""
    from fanpin.synthetic import write_person_export_csv

    source = write_person_export_csv(folder / "export.csv", 3)
    with source.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    for header in {header for _, header in cells} - set(rows[2]):
        rows[2].append(header)
        for row in rows[3:]:
            row.append("")
    for (line, header), text in cells.items():
        at = rows[2].index(header)
        rows[line - 1][at] = text.replace("{}", rows[line - 1][at])
    with source.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    return source


def export_checked(
    folder: Path, cells: Mapping[tuple[int, str], str], engine_name: str, suffix: str = ".csv"
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """The errors and the data checks' findings of :func:`export_with_cells` (``folder`` made for it; a workbook
    of it for ``suffix`` ``.xlsx``) scored with ``--checks with`` on ``engine_name``; the findings without the
    cell as written and the sentence quoting it (填报值, 判断依据), so that two spellings of one value compare."""
    folder.mkdir()
    source = export_with_cells(folder, cells)
    if suffix == ".xlsx":
        source = csv_workbook(source, source.with_suffix(".xlsx"))
    run = run_cli(
        "score", source, "--as-of", "2025-06-30", "--region", REGION, "--checks", "with", "--engine", engine_name,
        "--out", folder / "out.csv", "--errors", folder / "errors.csv", "--findings", folder / "findings.csv",
    )  # fmt: skip
    assert run.code == 0, run.err
    written = ("填报值", "判断依据")
    findings = [
        {k: v for k, v in row.items() if k not in written} for row in read_csv(folder / "findings.csv", ids=False)
    ]
    return read_csv(folder / "errors.csv"), findings
