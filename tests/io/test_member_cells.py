"""The export reader's fast path (:mod:`fanpin.io.member_cells`) gives exactly what the per-row path gives:
the same households, members (values, fields set, field order), member facts, refusals, reasons, masked
values and lines, on generated exports with odd cells; and the same files through the pipeline, on both
engines and in both languages."""

from __future__ import annotations

import csv
import datetime
import functools
import gc
import itertools
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Literal, cast

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

import fanpin.io.member_cells as member_cells
from fanpin import Household, Rulebook, load_rulebook
from fanpin.batch import BatchEngine
from fanpin.durable import Engine
from fanpin.errors import InputFileError
from fanpin.io import ExportHousehold, RejectedRow, read_export
from fanpin.io.member_cells import MemberCells, fields_only, member_frame, merged
from fanpin.io.sinks import Format
from fanpin.model.export_columns import export_field
from fanpin.model.facts import encode_all
from fanpin.model.member import Member
from fanpin.model.member_facts import (
    FACT_SOURCES,
    ID_FACTS,
    fact_value,
    fact_values,
    id_row,
    member_facts,
    member_row,
    member_rows,
)
from fanpin.model.roster import household_record
from fanpin.model.values import EXCEL_ERRORS, Pii
from fanpin.pipeline import score_path
from fanpin.results.sentences import Lang
from fanpin.synthetic import EXPORT_COLUMNS, EXPORT_REGION, person_export
from fanpin.testing import members
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
        "532328198001011233.00",
        "12345.000",
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
        # none as forms write it: no post in 公益性岗位, refused where no word of the column means none
        *("-", "——", "\uff0f", "暂无"),
        *("2", "技能培训、3"),  # a count of measures: refused in a measure column
        *("技校", "技师"),  # a vocational school is 高中 in 文化程度; a qualification is refused
    }
)
#: The columns the fast path remembers by row and the columns it reads one by one, both changed.
COLUMNS = list(EXPORT_COLUMNS)
#: Each header that names a member field → the field.
_FIELD_OF = {h: f for h in COLUMNS if (f := export_field(h)) is not None}


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


@functools.cache
def _pool() -> tuple[tuple[tuple[str, ...], ...], ...]:
    """Generated households (each its member rows) for the property tests to draw from: one export of as
    many households as the profile has examples (at least 200), made once. An export of one household costs
    what one of 200 does (about 0.3 s), which each example once paid for an export of its own."""
    at = COLUMNS.index("户编号")
    rows = _rows(max(200, settings().max_examples), 0)
    return tuple(tuple(map(tuple, group)) for _, group in itertools.groupby(rows, key=lambda row: row[at]))


def _drawn(draw: st.DrawFn, households: int) -> list[list[str]]:
    """The member rows of ``households`` households in a row of :func:`_pool`, anywhere in it."""
    pool = _pool()
    start = draw(st.integers(0, len(pool) - households))
    return [list(row) for household in pool[start : start + households] for row in household]


@st.composite
def _exports(draw: st.DrawFn) -> tuple[list[list[str]], str, list[str]]:
    rows = _drawn(draw, draw(st.integers(2, 6)))
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
    rows = _drawn(draw, 1)
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


@settings(deadline=None)  # the profile's examples: 45 in CI, 3 000 with FANPIN_SLOW=1
@given(st.one_of(_members(), members()))
def test_a_member_row_in_one_pass_is_its_facts_encoded(member: Member) -> None:
    """member_row is encode_all(member_facts(…)): every fact and held label, values and their types, order,
    unknowns."""
    expected = encode_all(member_facts(member))
    assert [(k, type(v), v) for k, v in member_row(member).items()] == [(k, type(v), v) for k, v in expected.items()]


def test_a_member_row_reads_the_recorded_birth_date_before_the_id_numbers() -> None:
    """出生日期 as recorded is the member's birth date where the ID number says another (the data checks compare
    them), in one pass as in the catalogue's reading."""
    member = Member.model_validate({"户编号": "H1", "证件号码": "532328198001011233", "出生日期": "1990-05-05"})
    row = member_row(member)
    assert row == encode_all(member_facts(member))
    assert row["birth_date"] == datetime.date(1990, 5, 5).toordinal() != row["id_birth_date"]


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


# Each engine, each language and each format once: the fast path is the reader's, before the engine, the
# language and the format; tests/both_engines/test_export_workers.py pairs them the other way.
@pytest.mark.parametrize(("engine_name", "lang", "fmt"), [("batch", "en", "jsonl"), ("durable", "zh", "csv")])
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


#: Text a cell may hold beyond :data:`ODD`: any text, and numbers, dates and codes of every shape.
_CELL_TEXT = st.one_of(
    st.sampled_from(["", *ODD]),
    st.text(max_size=24),
    st.from_regex(r"\A[ -]?[0-9]{0,22}(\.[0-9]{0,3})?[xX]?\s?\Z"),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.dates().map(str),
)


@settings(deadline=None)  # the profile's examples: 45 in CI, 3 000 with FANPIN_SLOW=1
@given(st.sampled_from(sorted(Member.model_fields)), _CELL_TEXT)
def test_each_field_s_validator_gives_what_its_adapter_gives(name: str, raw: str) -> None:
    """A field's validator (its plain path, or its adapter) gives the value the field's adapter gives, of
    the same type and written the same, or fails where the adapter refuses the cell."""
    adapter = member_cells._adapter(name)
    try:
        expected = adapter.validate_python(raw)
    except ValidationError:
        expected = member_cells._FAILED
    value = member_cells._validator(name)(raw)
    assert type(value) is type(expected) and value == expected and str(value) == str(expected)


def test_the_nearly_distinct_columns_and_the_amounts_are_read_without_their_adapters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The names, ID and phone numbers, 人编号, 出生日期 and a household's amounts, new on nearly every row,
    are read by their before-validators (the plain path), not by pydantic's adapter of the field: a tenth
    of the cost, the same values (the test above, and the reading tests)."""
    adapted: list[str] = []
    adapter_of = member_cells._adapter

    def counted(name: str) -> TypeAdapter[object]:
        adapter = adapter_of(name)

        class Counted:
            def validate_python(self, value: object) -> object:
                adapted.append(name)
                return adapter.validate_python(value)

        return cast("TypeAdapter[object]", Counted())

    monkeypatch.setattr(member_cells, "_adapter", counted)
    path = _write(tmp_path / "export.csv", COLUMNS, _rows(40, 3))
    fast = _read(path, EXPORT_REGION, ["id_number"])
    plain = {"name", "id_number", "phone", "person_id", "recorded_birth_date", "household_id", "wage_income"}
    assert plain.isdisjoint(adapted)
    monkeypatch.undo()
    with per_row():
        slow = _read(path, EXPORT_REGION, ["id_number"])
    _same(fast, slow)


@pytest.mark.parametrize("pending", [0, 1])
def test_the_facts_of_a_row_whose_parts_are_not_kept_are_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pending: int
) -> None:
    """A row's parts are kept from :meth:`MemberCells.member` for :meth:`MemberCells.facts`; a row whose
    parts are no longer kept (a household of more rows than are kept) is looked up again, to the same
    facts."""
    monkeypatch.setattr(member_cells, "PENDING", pending)
    path = _write(tmp_path / "export.csv", COLUMNS, _rows(30, 5))
    fast = _read(path, EXPORT_REGION, ["id_number", "phone"])
    with per_row():
        slow = _read(path, EXPORT_REGION, ["id_number", "phone"])
    _same(fast, slow)


def test_facts_of_another_list_of_the_same_cells_are_the_same() -> None:
    """:meth:`MemberCells.facts` of a row that :meth:`MemberCells.member` did not build (an equal list of
    cells) looks its parts up again: every member fact as :func:`member_row` has it."""
    rows = _rows(12, 9)
    cells = MemberCells({f: COLUMNS.index(h) for h, f in _FIELD_OF.items()}, len(COLUMNS))
    for row in rows:
        member = cells.member(row)
        assert member is not None
        assert merged(cells.facts(member, list(row))) == member_row(member)
        assert merged(cells.facts(member, row)) == member_row(member)  # once kept, then looked up


def test_the_household_holds_its_members_as_validating_it_with_them_gives(tmp_path: Path) -> None:
    """The reader validates a household's record, then sets the members it built already: the household
    validating the record with its members gives (the same Member instances, fields set, field order)."""
    path = _write(tmp_path / "export.csv", COLUMNS, _rows(20, 4))
    households = [item for item in _read(path, EXPORT_REGION, ["id_number"]) if isinstance(item, ExportHousehold)]
    assert len(households) == 20
    for item in households:
        record = household_record(item.members, region=EXPORT_REGION)
        expected = Household.model_validate({**record, "members": list(item.members)})
        assert item.household == expected
        assert list(item.household.__dict__) == list(expected.__dict__)
        assert item.household.model_fields_set == expected.model_fields_set
        assert all(a is b for a, b in zip(item.household.members or (), expected.members or (), strict=True))


def test_the_member_frame_is_the_frame_of_the_member_rows(tmp_path: Path) -> None:
    """:func:`member_frame` (each shared part made into columns once, gathered by row) is the frame of
    :func:`member_rows`, column for column."""
    rows = _rows(25, 6)
    rows[4][COLUMNS.index("证件号码")] = ""  # a member without ID facts
    path = _write(tmp_path / "export.csv", COLUMNS, rows)
    households = [item for item in _read(path, EXPORT_REGION, ["id_number"]) if isinstance(item, ExportHousehold)]
    frame = member_frame([h.household for h in households], [h.facts or () for h in households])
    expected = pl.DataFrame(member_rows([h.household for h in households]), infer_schema_length=None)
    assert sorted(frame.columns) == sorted(expected.columns)
    assert frame.select(expected.columns).equals(expected)


@given(
    st.sampled_from(sorted(member_cells.PLAIN_CELLS)),
    st.builds(
        lambda before, shape, after: before + shape + after,
        st.text(" '\n#", max_size=2),
        st.from_regex(r"\A[0-9]{1,40}\Z")
        | st.from_regex(r"\A[0-9]{17}[0-9Xx](?:[0-9]{2}){0,2}\Z")
        | st.from_regex(r"\A[0-9]{4}-?[0-9]{2}-?[0-9]{2}\Z")
        | st.dates().map(lambda d: d.strftime("%Y%m%d") if d.year >= 1000 else d.isoformat())
        | st.text(st.characters(min_codepoint=0x3300, max_codepoint=0xA000), min_size=1, max_size=6),  # names
        st.text(" \n.0eE+#·\u3000", max_size=3),
    )
    | st.text("0123456789xXeE+.'# \n马某平·\u3000", max_size=24),
)
def test_a_plain_cell_is_remembered_as_its_field_reads_it(name: str, text: str) -> None:
    """A cell of its field's plain shape (PLAIN_CELLS, matched by polars as the column path matches it) is
    remembered with the value the field's own validator gives it: the same type, the same text; or, where the
    validator refuses it (a day no calendar has), given back to be validated. A cell not remembered takes that
    value when asked for (the column path does not look at the plain cells of PLAIN_VALID): any cell, the
    validator's value."""
    pattern, _ = member_cells.PLAIN_CELLS[name]
    plain = pl.Series([text]).str.contains(pattern).item()
    validated = member_cells._validator(name)(text)  # the field's own validator, alone
    asked = MemberCells({name: 0}, 1, facts=False).value(name, text)
    if text.strip() in EXCEL_ERRORS:
        assert asked is member_cells.FAILED
    else:
        _same_value(asked, validated)
    if not plain:
        return
    assert name not in member_cells.PLAIN_VALID or validated is not member_cells.FAILED, "valid as written"
    remembered = MemberCells({name: 0}, 1, facts=False)
    refused = remembered.remember_plain(name, [text])
    assert refused == ([text] if validated is member_cells.FAILED else [])
    if refused:
        return
    (value,) = remembered.values(name, [text])
    _same_value(value, validated)


def _same_value(value: object, want: object) -> None:
    """The same value: of the same type, and a personal value of the same text."""
    assert type(value) is type(want)
    if isinstance(value, Pii):
        assert isinstance(want, Pii)
        assert value.reveal() == want.reveal()
    else:
        assert value == want


@pytest.mark.parametrize("limit", [50_000, 4])
def test_a_columns_plain_cells_are_remembered_together_as_their_fields_read_them(
    monkeypatch: pytest.MonkeyPatch, limit: int
) -> None:
    """A column's plain cells at a time (birth dates by polars), and, where they are more than a column
    remembers, one by one: each remembered as its field reads it, a day no calendar has (the 30th of
    February, the year 0) given back, and no more remembered than the limit."""
    monkeypatch.setattr(member_cells, "REMEMBERED", limit)
    shapes = {
        "recorded_birth_date": ["19810312", "1981-03-12", "19810230", "00000101", "20240229", "2023-02-29", "00010101"],
        "id_number": ["532328198001011233", "53232819800101123x", "5323281980010112331122", "110101199003070011"],
        "person_id": ["1", "0" * 40, "53232800010001", "2", "3"],
    }
    for name, texts in shapes.items():
        cells = MemberCells({name: 0}, 1, facts=False)
        refused = []
        for part in (texts[:3], texts[3:], texts):  # the second and the third find some remembered
            refused += [t for t in cells.remember_plain(name, part) if t not in refused]
            assert len(cells._values[name]) <= limit
        validated = MemberCells({name: 0}, 1, facts=False).values(name, texts)
        assert refused == [t for t, v in zip(texts, validated, strict=True) if v is member_cells.FAILED]
        for text, value, want in zip(texts, cells.values(name, texts), validated, strict=True):
            assert type(value) is type(want), text
            assert (value.reveal(), text) == (want.reveal(), text) if isinstance(value, Pii) else value == want


def test_a_remembered_birth_date_is_not_read_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """Most birth dates recur from chunk to chunk: only those not yet remembered are read (by polars), and a
    day no calendar has, never remembered, is given back each time."""
    read: list[list[str]] = []
    days = member_cells._days

    def counted(texts: list[str]) -> list[datetime.date | None]:
        read.append(list(texts))
        return days(texts)

    monkeypatch.setattr(member_cells, "_days", counted)
    cells = MemberCells({"recorded_birth_date": 0}, 1, facts=False)
    assert cells.remember_plain("recorded_birth_date", ["19810312", "19810230"]) == ["19810230"]
    assert cells.remember_plain("recorded_birth_date", ["19810312", "19900101", "19810230"]) == ["19810230"]
    assert read == [["19810312", "19810230"], ["19900101", "19810230"]]
    (value,) = cells.values("recorded_birth_date", ["19900101"])
    assert value == datetime.date(1990, 1, 1)


@pytest.mark.parametrize("name", sorted(member_cells.PLAIN_CELLS))
def test_a_plain_cell_with_anything_around_it_is_its_fields_reading(name: str) -> None:
    """The edges of each plain shape: a cell with a space, a line break, Excel's .0, an exponent or an
    apostrophe around a plain text is remembered, if at all, as its field reads it."""
    shapes = ["532328198001011233", "53232819800101123X", "5323281980010112331122", "1", "0" * 40, "13800008059"]
    shapes += ["19810312", "1981-03-12", "19810230", "00000101", "1981-0312"]
    shapes += ["马某平", "阿依古丽·买买提", "马\u3000平", "㐀", "鿿"]
    for shape in shapes:
        for around in ("{}", "{} ", " {}", "{}\n", "{}.0", "{}.00", "{}e5", "'{}", "{}#"):
            check = test_a_plain_cell_is_remembered_as_its_field_reads_it.hypothesis.inner_test  # type: ignore[attr-defined]
            check(name, around.format(shape))


def test_a_groups_facts_by_text_are_a_members_and_remembered() -> None:
    """The column path's facts of a group read from one column, asked for by the cell's text
    (:meth:`MemberCells.text_facts`): those of a member holding that cell alone, worked out once a text."""
    fields = [(export_field(h), i) for i, h in enumerate(COLUMNS)]
    index_of = {field: i for field, i in fields if field is not None}
    cells = MemberCells(index_of, len(COLUMNS))
    rows = _rows(60, 7)  # made once: made for each of some ninety fields, it had cost the test 11 of its 12 s
    texts = {name: {row[i] for row in rows} | {"", " 是 ", "#N/A"} for name, i in index_of.items()}
    asked = 0
    for sources, names in cells.groups:
        present = [s for s in sources if s in index_of]
        if len(present) != 1:
            continue
        for text in sorted(texts[present[0]]):
            value = cells.value(present[0], text)
            if value is member_cells.FAILED:
                continue
            first = cells.text_facts(sources, names, present[0], text)
            expected = member_cells.encoded(cells.member_of({present[0]: value}), sources, names)
            assert first == expected
            assert cells.text_facts(sources, names, present[0], text) is first
            asked += 1
    assert asked > 100


#: The text columns whose empty means none (a cell saying none is empty), and some of the others.
_NONE_TEXT = ["work_place", "employment_channel", "not_in_school_reason", "disaster_subtype", "remarks"]


@pytest.mark.parametrize("name", [*_NONE_TEXT, "monitoring_category", "risk_2", "identified_month", "schooling"])
def test_a_cell_saying_none_where_empty_means_none_is_empty_on_the_plain_path(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The column path's validator of a column whose empty means none reads 无, 暂无, 没有, a slash or a dash alone
    as empty, as the model does; a text column by its one before-validator (the plain path: its adapter, several
    times the cost, is not called), and its text facts are those of the empty cell (务工所在地 empty: "")."""
    adapted: list[str] = []
    adapter_of = member_cells._adapter

    def counted(field: str) -> TypeAdapter[object]:
        adapter = adapter_of(field)

        class Counted:
            def validate_python(self, value: object) -> object:
                adapted.append(field)
                return adapter.validate_python(value)

        return cast("TypeAdapter[object]", Counted())

    monkeypatch.setattr(member_cells, "_adapter", counted)
    validator = member_cells._validator(name)
    words = ["无", " - ", "暂无", "没有", "\uff0f", "——", "无。"]
    assert [validator(word) for word in words] == [None] * len(words)
    if name in _NONE_TEXT:
        assert adapted == []
        assert validator("无锡市") == "无锡市"
    cells = MemberCells({name: 0}, 1)
    groups = [(sources, names) for sources, names in cells.groups if sources == (name,)]
    for sources, names in groups:
        assert cells.text_facts(sources, names, name, "无") == cells.text_facts(sources, names, name, "")
