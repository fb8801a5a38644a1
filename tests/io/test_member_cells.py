"""The export reader's fast path (:mod:`fanpin.io.member_cells`) gives exactly what the per-row path gives:
the same households, members (values, fields set, field order), member facts, refusals, reasons, masked
values and lines, on generated exports with odd cells; and the same files through the pipeline, on both
engines and in both languages."""

from __future__ import annotations

import csv
import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fanpin import Rulebook, load_rulebook
from fanpin.batch import BatchEngine
from fanpin.durable import Engine
from fanpin.errors import InputFileError
from fanpin.io import ExportHousehold, RejectedRow, read_export
from fanpin.io.member_cells import MemberCells, fields_only, merged
from fanpin.io.sinks import Format
from fanpin.model.facts import encode_all
from fanpin.model.member import Member
from fanpin.model.member_facts import FACT_SOURCES, ID_FACTS, fact_value, fact_values, id_row, member_row
from fanpin.pipeline import score_path
from fanpin.results.sentences import Lang
from fanpin.synthetic import EXPORT_COLUMNS, EXPORT_REGION, person_export
from tests.batch.test_batch_validation import BOOL, COUNT, DATE, MONEY, MONTH, REGION
from tests.helpers import AS_OF, score_file

#: Odd cells, any of which may land in any column: every kind's edge cases, vocabularies spelt
#: otherwise, labels, ID numbers of each kind, Excel's ``.0`` tails, whitespace.
ODD = sorted(
    {
        *MONEY,
        *COUNT,
        *BOOL,
        *MONTH,
        *DATE,
        *REGION,
        "户主",
        "之子",
        "配偶",
        "脱贫户",
        "监测户",
        "一般户",
        "突发严重困难户",
        "边缘易致贫户",
        "普通劳动力",
        "丧失劳动力",
        "无劳动力",
        "技能培训,外出务工补贴",
        "无",
        "低保，特困供养、残疾人补贴",
        "532328198001011233",
        "532328198001011233.0",
        "53232819800101123X",
        "99999919800101123X",
        "53232819800230123X",
        "5323281980010112331234",
        "12345",
        "13800138000",
        "1380013800",
        "010-12345678",
        "张三",
        "  ",
        "0.0",
        "12.50",
        "因病",
        "因灾",
        "是否",
    }
)
#: The columns the fast path remembers by row and the columns it reads one by one, both changed.
COLUMNS = list(EXPORT_COLUMNS)


@contextmanager
def per_row() -> Iterator[None]:
    """The reader without its fast path: every row validated by :class:`Member`, every member's facts
    computed by :func:`member_row` (what the reader did before the fast path)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(MemberCells, "member", lambda self, row: None)
        patch.setattr(MemberCells, "facts", lambda self, m, row: (member_row(m),))
        yield


def _read(path: Path, region: str, unique: list[str]) -> list[ExportHousehold | RejectedRow]:
    _, items = read_export(path, region=region, unique=unique, member_facts=True)
    return list(items)


def _same(fast: list[ExportHousehold | RejectedRow], slow: list[ExportHousehold | RejectedRow]) -> None:
    assert len(fast) == len(slow)
    for a, b in zip(fast, slow, strict=True):
        assert type(a) is type(b)
        if isinstance(a, RejectedRow):
            assert a == b
            continue
        assert isinstance(b, ExportHousehold)
        assert a.lines == b.lines
        assert a.household == b.household
        assert a.facts is not None and b.facts is not None
        assert [merged(f) for f in a.facts] == [merged(f) for f in b.facts]
        for m, n in zip(a.members, b.members, strict=True):
            assert m == n
            assert list(m.__dict__) == list(n.__dict__)
            assert m.model_fields_set == n.model_fields_set
            assert m.__pydantic_extra__ == n.__pydantic_extra__ and m.__pydantic_private__ == n.__pydantic_private__


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as text:
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow(["导出标题"])
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _rows(households: int, seed: int) -> list[list[str]]:
    frame = person_export(households, seed=seed)
    return [["" if c is None else str(c) for c in row] for row in frame.select(COLUMNS).iter_rows()]


@st.composite
def _exports(draw: st.DrawFn) -> tuple[list[list[str]], str, list[str]]:
    rows = _rows(draw(st.integers(2, 6)), draw(st.integers(0, 10_000)))
    changes = draw(
        st.lists(
            st.tuples(st.integers(0, len(rows) - 1), st.integers(0, len(COLUMNS) - 1), st.sampled_from(ODD)),
            max_size=12,
        )
    )
    for r, c, value in changes:
        rows[r][c] = value
    if draw(st.booleans()):  # a row repeated (another member, or the same), possibly with a changed cell
        r = draw(st.integers(0, len(rows) - 1))
        rows.insert(r + 1, list(rows[r]))
    if draw(st.booleans()):  # a short row, and a row with an extra cell (empty or not)
        r = draw(st.integers(0, len(rows) - 1))
        rows[r] = rows[r][: draw(st.integers(4, len(COLUMNS)))]
        rows[draw(st.integers(0, len(rows) - 1))] += [draw(st.sampled_from(["", "x"]))]
    region = draw(st.sampled_from([EXPORT_REGION, "532301"]))
    unique = draw(st.sampled_from([[], ["id_number"], ["id_number", "phone"]]))
    return rows, region, unique


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])  # the profile's examples
@given(_exports())
def test_the_fast_path_reads_what_the_model_reads(
    tmp_path: Path, export: tuple[list[list[str]], str, list[str]]
) -> None:
    rows, region, unique = export
    path = _write(tmp_path / "export.csv", COLUMNS, rows)
    try:
        fast = _read(path, region, unique)
    except InputFileError as exc:  # a column present twice whose copies now differ: refused before any row
        with per_row(), pytest.raises(InputFileError) as again:
            _read(path, region, unique)
        assert str(again.value) == str(exc)
        return
    with per_row():
        slow = _read(path, region, unique)
    _same(fast, slow)


def test_a_generated_export_takes_the_fast_path_and_reads_the_same(tmp_path: Path) -> None:
    assert fields_only()  # the member model checks its fields one by one: the fast path is on
    rows = _rows(300, 7)
    rows[5][COLUMNS.index("工资性收入")] = "12,3a"  # one household refused by the model's reason
    path = _write(tmp_path / "export.csv", COLUMNS, rows)
    calls: list[bool] = []
    member = MemberCells.member

    def counted(self: MemberCells, row: Sequence[str]) -> Member | None:
        built = member(self, row)
        calls.append(built is not None)
        return built

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(MemberCells, "member", counted)
        fast = _read(path, EXPORT_REGION, ["id_number", "phone"])
    assert calls.count(True) == len(rows) - 1 and calls.count(False) == 1
    with per_row():
        slow = _read(path, EXPORT_REGION, ["id_number", "phone"])
    _same(fast, slow)
    refused = [item for item in fast if isinstance(item, RejectedRow) and item.column == "工资性收入"]
    assert [r.line for r in refused] == [5 + 3]  # the title, the header, 1-based


def test_a_short_header_and_remembered_values_forgotten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import fanpin.io.member_cells as member_cells

    monkeypatch.setattr(member_cells, "REMEMBERED", 3)  # forgotten again and again: the same result
    header = [h for h in COLUMNS if h not in ("姓名", "出生日期", "产业帮扶", "是否危房户")]
    rows = [[r[COLUMNS.index(h)] for h in header] for r in _rows(40, 3)]
    path = _write(tmp_path / "export.csv", header, rows)
    fast = _read(path, EXPORT_REGION, ["id_number"])
    with per_row():
        slow = _read(path, EXPORT_REGION, ["id_number"])
    _same(fast, slow)


@st.composite
def _members(draw: st.DrawFn) -> Member:
    rows = _rows(1, draw(st.integers(0, 10_000)))
    cells = {COLUMNS[i]: v for i, v in enumerate(rows[0])}
    for header in draw(st.lists(st.sampled_from(COLUMNS), max_size=6)):
        cells[header] = draw(st.sampled_from(["", *ODD]))
    try:
        member = Member.model_validate(cells)
    except ValueError:
        member = Member.model_validate({**{k: v for k, v in cells.items() if k == "户编号"}, "户编号": "H1"})
    unique = draw(st.sampled_from([None, True, False]))
    return member.model_copy(update={"id_number_unique": unique, "phone_unique": unique})


@settings(deadline=None)  # the profile's examples: 45 in CI, 3 000 with FANPIN_SLOW=1
@given(_members())
def test_each_fact_reads_only_its_sources(member: Member) -> None:
    """FACT_SOURCES is what member_facts reads: a member holding only a fact's sources has the same fact."""
    for name, sources in FACT_SOURCES.items():
        alone = Member.model_construct(**{s: getattr(member, s) for s in sources})
        assert fact_value(alone, name) == fact_value(member, name), name


@settings(deadline=None)  # the profile's examples: 45 in CI, 3 000 with FANPIN_SLOW=1
@given(_members())
def test_the_id_facts_in_one_pass_are_the_catalogue_s(member: Member) -> None:
    """id_row is encode_all(fact_values(…)) for the facts that read the ID number: values, order, unknowns."""
    expected = encode_all(fact_values(member, ID_FACTS))
    assert list(id_row(member).items()) == list(expected.items())


@pytest.fixture(scope="module")
def with_checks() -> Rulebook:
    """The reference rules with the data-check pack (``--checks with``): member rules of every kind."""
    return load_rulebook(checks="with")


def _score(engine: Engine | BatchEngine, source: Path, folder: Path, fmt: Format, lang: Lang) -> list[bytes]:
    out, errors, findings = folder / f"out.{fmt}", folder / "errors.csv", folder / "findings.csv"
    score_path(
        engine, source, out, as_of=AS_OF, region=EXPORT_REGION, errors=errors, lang=lang, fmt=fmt, findings=findings
    )
    return [p.read_bytes() for p in (out, errors, findings)]


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_pipeline_writes_the_same_files(
    engine_name: str, with_checks: Rulebook, fmt: Format, lang: Lang, tmp_path: Path
) -> None:
    either_engine = BatchEngine(with_checks) if engine_name == "batch" else Engine(with_checks)
    rows = _rows(60, 11)
    rows[3][COLUMNS.index("与户主关系")] = "户主"  # two heads, perhaps
    rows[8][COLUMNS.index("工资性收入")] = "-5"
    rows[12][COLUMNS.index("户类型")] = "监测户"
    rows[20] = rows[20][:30]
    source = _write(tmp_path / "export.csv", COLUMNS, rows)
    (tmp_path / "fast").mkdir()
    (tmp_path / "slow").mkdir()
    thresholds = gc.get_threshold()
    fast = _score(either_engine, source, tmp_path / "fast", fmt, lang)
    assert gc.get_threshold() == thresholds  # collections as often as before, once the run is over
    with per_row():
        slow = _score(either_engine, source, tmp_path / "slow", fmt, lang)
    assert fast == slow
    assert pl.read_csv(tmp_path / "fast" / "errors.csv", infer_schema=False).height > 0


def test_odd_characters_in_id_numbers_are_scored_alike_by_both_engines(tmp_path: Path) -> None:
    """A line break inside a quoted 证件号码 cell, or a digit int() refuses (², ①), once stopped the run
    with a Python error: such a number is not valid, and both engines score its household alike."""
    rows = _rows(12, 5)
    at = COLUMNS.index("证件号码")
    for r, number in enumerate(
        ["5323281980010112\nX", "5323281980010112²X", "53232819800101123X²4", "532328198001011233①1"]
    ):
        rows[3 * r][at] = number
    source = _write(tmp_path / "export.csv", COLUMNS, rows)
    outputs = []
    for engine_name in ("batch", "durable"):
        out, errors = tmp_path / f"{engine_name}.csv", tmp_path / f"{engine_name}.errors.csv"
        code, _, err = score_file(source, out, errors, "--engine", engine_name, "--checks", "with")
        assert code in (0, 3) and "Traceback" not in err, err
        outputs.append((out.read_bytes(), errors.read_bytes()))
    assert outputs[0] == outputs[1]
    assert b"5323281980010112" not in outputs[0][0] + outputs[0][1]  # masked wherever shown


@pytest.mark.parametrize("checks", ["off", "with"])
def test_only_the_member_facts_the_rules_read_are_computed(tmp_path: Path, checks: Literal["off", "with"]) -> None:
    """``member_facts=`` the batch engine's facts read: each of them as member_row has it; a fact of no group
    read is not computed (with the reference rules alone, none is)."""
    read = BatchEngine(load_rulebook(checks=checks)).member_facts_read
    assert (checks == "off") == (not read)
    path = _write(tmp_path / "export.csv", COLUMNS, _rows(40, 3))
    _, items = read_export(path, region=EXPORT_REGION, unique=["id_number", "phone"], member_facts=read)
    households = [item for item in items if isinstance(item, ExportHousehold)]
    assert len(households) == 40
    computed: set[str] = set()
    for household in households:
        assert household.facts is not None
        for member, parts in zip(household.members, household.facts, strict=True):
            facts, full = merged(parts), member_row(member)
            assert {name: facts.get(name) for name in read} == {name: full.get(name) for name in read}
            assert {name: full[name] for name in facts} == facts  # what is computed is computed the same
            computed |= set(facts)
    assert computed if read else not computed


@pytest.mark.parametrize("checks", ["off", "with"])
def test_no_member_is_made_into_facts_when_no_rule_reads_the_members(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, checks: Literal["off", "with"]
) -> None:
    """With the reference rules alone no rule has a member condition: the export's members are neither
    turned into facts nor into the engine's member frame, and the scored file is what it was."""
    import fanpin.io.member_cells

    engine = BatchEngine(load_rulebook(checks=checks))
    assert engine.reads_members == (checks == "with")
    made: list[str] = []
    facts, frame = MemberCells.facts, fanpin.io.member_cells.member_frame  # the scorer's member_frame

    def counted_facts(self: MemberCells, *args: object) -> object:
        made.append("facts")
        return facts(self, *args)  # type: ignore[arg-type]

    def counted_frame(*args: object) -> pl.DataFrame:
        made.append("frame")
        return frame(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(fanpin.io.member_cells.MemberCells, "facts", counted_facts)
    monkeypatch.setattr("fanpin.pipeline.scorers.member_frame", counted_frame)
    path = _write(tmp_path / "export.csv", COLUMNS, _rows(30, 3))
    out = tmp_path / "scored.csv"
    score_path(engine, path, out, errors=tmp_path / "errors.csv", as_of=AS_OF, region=EXPORT_REGION)
    assert bool(made) == engine.reads_members
    assert len(pl.read_csv(out)) == 30


def test_a_label_fact_read_computes_its_measure_column() -> None:
    from fanpin.io.member_cells import wanted
    from fanpin.model.member_facts import label_fact

    has = label_fact("social_security", "低保")
    assert wanted(("social_security",), ("social_security_count",), {has})
    assert not wanted(("employment_support",), ("employment_support_count",), {has})
    assert wanted(("relation",), ("relation", "is_head"), {"is_head"})
    assert not wanted(("relation",), ("relation", "is_head"), set())
