"""The export's column path (:mod:`fanpin.io.columnar`) gives the batch engine what the row path gives it:
the same scored rows and refusals on generated exports with odd cells, with and without the data checks'
member rules, in both languages; households it cannot read plainly go to the row path and are refused in
its words; a chunk of few households is read row by row."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import fanpin.batch.validate as batch_validate
import fanpin.io.columnar as columnar
import fanpin.pipeline.scored as scored
from fanpin import Rulebook, load_rulebook
from fanpin.batch import BatchEngine
from fanpin.errors import InputFileError
from fanpin.io.export import HouseholdRows, Resolver, export_groups, plain_household
from fanpin.io.readers import RejectedRow
from fanpin.io.sinks import Format
from fanpin.pipeline import score_path
from fanpin.pipeline.scorers import Valid
from fanpin.results.sentences import Lang
from fanpin.synthetic import EXPORT_REGION, write_person_export_csv
from tests.helpers import AS_OF, SLOW
from tests.io.test_member_cells import COLUMNS, _exports, _rows, _write


@pytest.fixture(autouse=True)
def every_chunk_by_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every chunk read by columns, however few its households (the generated exports are small)."""
    monkeypatch.setattr(columnar, "COLUMNS_FROM", 1)


@pytest.fixture(scope="module")
def engines() -> dict[str, BatchEngine]:
    """The batch engine on the reference rules alone (no rule reads members) and with the data checks."""
    return {"off": BatchEngine(load_rulebook()), "with": BatchEngine(load_rulebook(checks="with"))}


def _score(
    engine: BatchEngine,
    source: Path,
    folder: Path,
    *,
    region: str,
    by_columns: bool,
    fmt: Format = "csv",
    lang: Lang = "zh",
    findings: bool = False,
) -> list[bytes]:
    """The scored file's and the errors file's bytes (and the worksheet of findings', with ``findings``)."""
    folder.mkdir(exist_ok=True)
    out, errors, found = folder / f"out.{fmt}", folder / "errors.csv", folder / "findings.csv"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(scored, "BY_COLUMNS", by_columns)
        score_path(
            engine, source, out, as_of=AS_OF, region=region, errors=errors, lang=lang, fmt=fmt, workers=1,
            findings=found if findings else None,
        )  # fmt: skip
    return [out.read_bytes(), errors.read_bytes(), *([found.read_bytes()] if findings else [])]


#: Columns a generated export may lack (any but the household's key and its incomes).
_OPTIONAL = [c for c in COLUMNS if c not in {"户编号", "工资性收入", "生产经营性收入", "财产性收入", "转移性收入"}]


# Each example is three generated exports in one file (12 examples by default: 36 exports, both rule sets),
# some of its columns left out.
def _counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The households each chunk had read by columns, listed as the run goes."""
    read: list[int] = []
    plain = columnar.column_chunk

    def counted(
        resolve: Resolver, batch: Sequence[HouseholdRows | RejectedRow], *, members: bool, listed: bool = False
    ) -> object:
        result = plain(resolve, batch, members=members, listed=listed)
        read.append(0 if result[0] is None else result[0].frame.height)
        return result

    monkeypatch.setattr(scored, "column_chunk", counted)
    return read


def _scored_both_ways(
    tmp_path: Path,
    engine: BatchEngine,
    exports: list[tuple[list[list[str]], str, list[str]]],
    left_out: set[str],
    *,
    findings: bool = False,
) -> None:
    """The generated ``exports`` in one file, the columns ``left_out`` left out, scored by columns and by rows:
    the same bytes out, or the same error before any row (a column present twice whose copies differ)."""
    kept = [i for i, c in enumerate(COLUMNS) if c not in left_out]
    # a row's cells past the header (an extra cell) stay past it
    rows = [
        [*(row[i] for i in kept if i < len(row)), *row[len(COLUMNS) :]] for export, _, _ in exports for row in export
    ]
    region = exports[0][1]
    source = _write(tmp_path / "export.csv", [COLUMNS[i] for i in kept], rows)
    folder = tmp_path / str(id(engine))  # one per engine: hypothesis gives each example the same tmp_path
    folder.mkdir(exist_ok=True)
    try:
        by_columns = _score(engine, source, folder / "c", region=region, by_columns=True, findings=findings)
    except Exception as exc:
        with pytest.raises(type(exc)) as again:
            _score(engine, source, folder / "r", region=region, by_columns=False, findings=findings)
        assert str(again.value) == str(exc)
        return
    assert by_columns == _score(engine, source, folder / "r", region=region, by_columns=False, findings=findings)


def _examples(count: int) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """The settings of a property test over generated exports: ``count`` examples (3 000 with FANPIN_SLOW=1)."""
    return settings(
        max_examples=3000 if SLOW else count, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )


#: Three generated exports with odd cells, and the optional columns left out of them.
_GENERATED_EXPORTS = given(
    st.lists(_exports(), min_size=3, max_size=3), st.sets(st.sampled_from(_OPTIONAL), max_size=12)
)


@_examples(12)
@_GENERATED_EXPORTS
def test_the_column_path_scores_what_the_row_path_scores(
    tmp_path: Path,
    engines: dict[str, BatchEngine],
    exports: list[tuple[list[list[str]], str, list[str]]],
    left_out: set[str],
) -> None:
    for engine in engines.values():
        _scored_both_ways(tmp_path, engine, exports, left_out)


@_examples(6)
@_GENERATED_EXPORTS
def test_the_column_path_finds_what_the_row_path_finds(
    tmp_path: Path,
    engines: dict[str, BatchEngine],
    exports: list[tuple[list[list[str]], str, list[str]]],
    left_out: set[str],
) -> None:
    """With the clerk's worksheet (``--findings``) the column path scores, refuses and finds what the row
    path does, byte for byte: the members named, their lines and masked names, their places, and each member
    check's own tests (taken off the column path's frames when a finding asks for them)."""
    _scored_both_ways(tmp_path, engines["with"], exports, left_out, findings=True)


@pytest.mark.parametrize(("fmt", "lang"), [("jsonl", "en"), ("csv", "zh")])
def test_plain_households_take_the_column_path_and_the_others_the_row_path(
    tmp_path: Path, engines: dict[str, BatchEngine], monkeypatch: pytest.MonkeyPatch, fmt: Format, lang: Lang
) -> None:
    rows = _rows(80, 5)
    at = COLUMNS.index
    rows[3][at("与户主关系")] = "户主"  # two 户主, perhaps: the row path words it
    rows[8][at("工资性收入")] = "-5"  # refused by the household model
    rows[12][at("户类型")] = "监测户"
    rows[15][at("监测对象类别")] = ""  # 监测户 unresolved, perhaps
    rows[20] = rows[20][:30]  # cut short
    rows[25][at("姓名")] = "#N/A"
    rows[30][at("劳动技能")] = ""  # 劳动力人数 unknown
    rows.insert(40, list(rows[40]))  # a person listed twice
    rows[53][at("户编号")] = " " + rows[53][at("户编号")]  # the key written otherwise on one row: by the row path
    rows[57][at("证件号码")] = rows[57][at("人编号")] = ""  # a member the worksheet names by position
    source = _write(tmp_path / "export.csv", COLUMNS, rows)
    households = 80
    taken = _counted(monkeypatch)
    resolved: list[int] = []  # the households read by the row path, per run by columns
    resolve = Resolver.__call__

    def counted(self: Resolver, item: HouseholdRows | RejectedRow) -> object:
        resolved.append(1)
        return resolve(self, item)

    monkeypatch.setattr(Resolver, "__call__", counted)
    for checks, engine in engines.items():
        found = checks == "with"  # and the worksheet of findings, of the data checks
        resolved.clear()
        by_columns = _score(
            engine, source, tmp_path / "c", region=EXPORT_REGION, by_columns=True, fmt=fmt, lang=lang, findings=found
        )
        assert len(resolved) == households - taken[-1]  # the findings read no household the column path took
        assert by_columns == _score(
            engine, source, tmp_path / "r", region=EXPORT_REGION, by_columns=False, fmt=fmt, lang=lang, findings=found
        )
    assert 0 < taken[0] < households  # most households by columns, the odd ones by rows
    assert taken[0] >= households - 10
    assert taken[1] == taken[0]  # with the findings too
    assert len(by_columns) == 3 and len(by_columns[2].splitlines()) > households  # findings of most households
    among = rows[53][at("户编号")].strip().encode()  # scored by the row path, among households read by columns
    assert among in by_columns[0] and among not in by_columns[1]
    if lang == "zh":  # the member without 证件号码 and 人编号 is named by position in its household (#3)
        assert rows[57][at("户编号")].encode() + b",#" in by_columns[2].replace(b'"', b"")
    assert b"#N/A" in by_columns[1] or "姓名".encode() in by_columns[1]


def test_a_cell_its_field_refuses_sends_its_household_by_rows_and_the_others_facts_by_columns_go_without_it(
    tmp_path: Path, engines: dict[str, BatchEngine], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The members' facts of one column are worked out once per distinct text, the texts :meth:`_Read.failed`
    found: a text the column's field refuses (its household left to the row path, which refuses it) is not
    among them. Refused cells in three such columns: the same bytes by columns and by rows, the others read
    by columns."""
    rows = _rows(30, 7)
    at = COLUMNS.index
    odd = ("与户主关系", "劳动技能", "是否义务教育阶段适龄儿童少年失学辍学")
    for k, column in enumerate(odd):
        rows[4 + 9 * k][at(column)] = "不知道"
    source = _write(tmp_path / "export.csv", COLUMNS, rows)
    taken = _counted(monkeypatch)
    for checks, engine in engines.items():
        by_columns = _score(engine, source, tmp_path / "c", region=EXPORT_REGION, by_columns=True, findings=True)
        assert by_columns == _score(
            engine, source, tmp_path / "r", region=EXPORT_REGION, by_columns=False, findings=True
        )
        refused = by_columns[1].decode()
        assert all(column in refused for column in odd), checks  # (the cells masked: 不**)
    assert taken[0] == taken[1] and 30 - len(odd) <= taken[0] < 30


def test_the_column_path_is_on_for_the_batch_engine_with_or_without_findings(tmp_path: Path) -> None:
    from fanpin.durable import Engine

    book: Rulebook = load_rulebook(checks="with")
    source = _write(tmp_path / "export.csv", COLUMNS, _rows(5, 3))
    for engine, findings, expected in (
        (BatchEngine(book), None, True),
        (BatchEngine(book), tmp_path / "found.csv", True),
        (Engine(book), None, False),
        (Engine(book), tmp_path / "found.csv", False),
    ):
        run = scored.ScoredChunks(engine, source, as_of=AS_OF, region=EXPORT_REGION, findings=findings is not None)
        assert run.export is not None
        assert run.export[2].by_columns is expected


def test_a_value_written_as_a_cell_reads_back_as_itself() -> None:
    from decimal import Decimal

    from fanpin.model.household import HouseholdType
    from fanpin.model.values import parse_date, parse_money, parse_month

    assert [columnar.cell_text(v) for v in (None, True, False, "H1", 3)] == [None, "是", "否", "H1", "3"]
    for amount in ("0.10", "-12345678.90", "0", "1E+2"):
        written = columnar.cell_text(Decimal(amount))
        assert written is not None and "E" not in written and parse_money(written) == Decimal(amount)
    month = parse_month("2024-03")
    assert month is not None and parse_month(columnar.cell_text(month)) == month
    assert columnar.cell_text(month) == "202403"  # the usual spelling: the validator's fast path reads it
    day = parse_date("2024-03-05")
    assert day is not None and columnar.cell_text(day) == "2024-03-05"
    assert columnar.cell_text(HouseholdType.FORMERLY_POOR) == HouseholdType.FORMERLY_POOR.value


@given(
    st.from_regex(r"\A\+?(?:[0-9]{1,12}(?:\.[0-9]{0,2})?|\.[0-9]{1,2})\Z")
    | st.text("0123456789.+-,e \u3000", max_size=16)
    | st.sampled_from(["", "999999999999.99", "000000000000.5", ".5", "+.05", "5.", "1e3", "#N/A", "0x10"])
    | st.sampled_from(["99999999999999999999", "9" * 400, "1e400", "-1e30", "inf", "NaN"])
)
def test_a_plain_amount_read_by_columns_is_the_fields_own(text: str) -> None:
    """A member money cell of the plain shape (batch.validate.PLAIN_AMOUNT) is valid in every field the column
    path takes such cells of by columns, and written as a household table's cell as the model's value is;
    any other text is left to the field's validator (null by columns)."""
    import polars as pl

    from fanpin.batch.validate import PLAIN_AMOUNT
    from fanpin.io.member_cells import FAILED, MemberCells
    from fanpin.model.facts import encode_all

    assert {"wage_income", "business_cost", "income_per_capita", "annual_income"} <= columnar.AMOUNT_FIELDS
    cell = pl.lit(pl.Series([text], dtype=pl.String))
    by_columns = pl.select(columnar.amount_texts(cell)).item()
    fen = pl.select(columnar.amount_fen(cell)).item()
    cells = MemberCells({name: i for i, name in enumerate(sorted(columnar.AMOUNT_FIELDS))}, 40, facts=False)
    plain = pl.Series([text]).str.contains(PLAIN_AMOUNT).item()
    assert (by_columns is not None) is plain and (fen is not None) is plain
    for name in columnar.AMOUNT_FIELDS:
        value = cells.value(name, text)
        if plain:
            assert value is not FAILED and columnar.cell_text(value) == by_columns
            assert encode_all({name: value}) == {name: fen}


def test_a_chunk_of_few_households_is_read_row_by_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(columnar, "COLUMNS_FROM", 20)
    source = _write(tmp_path / "export.csv", COLUMNS, _rows(30, 9))
    engine = BatchEngine(load_rulebook())
    read = _counted(monkeypatch)
    outputs = []
    for chunk in (None, 10):  # one chunk of 30 households, or three of 10
        folder = tmp_path / str(chunk)
        folder.mkdir()
        out, errors = folder / "out.csv", folder / "errors.csv"
        score_path(engine, source, out, as_of=AS_OF, region=EXPORT_REGION, errors=errors, chunk_rows=chunk, workers=1)
        outputs.append([out.read_bytes(), errors.read_bytes()])
    assert read[0] == 30 and read[1:] == [0, 0, 0]
    assert outputs[0] == outputs[1]


@settings(max_examples=600 if SLOW else 40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_exports(), min_size=2, max_size=4), st.data())
def test_the_plain_households_told_by_columns_are_plain_by_rows(
    tmp_path: Path, exports: list[tuple[list[list[str]], str, list[str]]], data: st.DataObject
) -> None:
    """Which households the column path reads (:func:`columnar._plain_by_columns`, from the cells polars read)
    is a part of those the row path's test takes (:func:`~fanpin.io.export.plain_household`): a household it
    leaves out goes to the row path, which reads it as before; one it took that the test would not would be
    read otherwise. Odd cells, repeated rows, short rows, cells past the header, and households given a
    second spelling of their key, a repeated person, an error of Excel's."""
    rows = [row for export, _, _ in exports for row in export]
    at = COLUMNS.index
    changes = st.tuples(st.integers(0, len(rows) - 1), st.sampled_from(["key", "spelling", "person", "error", "id"]))
    for r, change in data.draw(st.lists(changes, max_size=4)):
        row = rows[r]
        if change == "key" and len(row) > at("户编号"):
            row[at("户编号")] = "'" + row[at("户编号")]  # the same 户编号, written with an apostrophe
        elif change == "spelling" and len(row) > at("户编号"):
            row[at("户编号")] += "\u200b"  # the same 户编号, written with an invisible character
        elif change == "person" and len(row) > at("姓名"):  # (a row cut short may end before it)
            rows.insert(r + 1, [*row[: at("姓名")], row[at("姓名")] + " ", *row[at("姓名") + 1 :]])
        elif change == "error" and len(row) > at("户编号"):  # its 村 an error of Excel's on every row
            for other in rows:
                if len(other) > at("户编号") and other[at("户编号")] == row[at("户编号")]:
                    other[at("村")] = "#N/A"
        elif change == "id" and len(row) > at("户编号"):
            row[at("户编号")] = "5.32328E+17"
    original, copy = at("风险是否已消除"), at("风险是否已消除0")
    for row in rows:  # the column present twice alike (a file whose copies differ is refused before any row)
        if len(row) > copy:
            row[copy] = row[original]
    source = _write(tmp_path / "export.csv", COLUMNS, rows)
    try:
        _, groups, resolve = export_groups(source, region=exports[0][1])
        households = [item for item in groups if isinstance(item, HouseholdRows)]
    except InputFileError:  # a column present twice whose copies differ
        return
    written = columnar._records_read(resolve.info, households)
    if written is None:
        return
    by_columns = columnar._plain_by_columns(resolve, households, written)
    by_rows = [h for h, item in enumerate(households) if plain_household(resolve, item)]
    assert set(by_columns) <= set(by_rows)


def test_the_households_of_a_usual_export_are_all_plain_by_columns(tmp_path: Path) -> None:
    source = _write(tmp_path / "export.csv", COLUMNS, _rows(60, 4))
    _, groups, resolve = export_groups(source, region=EXPORT_REGION)
    households = [item for item in groups if isinstance(item, HouseholdRows)]
    written = columnar._records_read(resolve.info, households)
    assert written is not None
    assert columnar._plain_by_columns(resolve, households, written) == list(range(60))
    assert all(item._cells is None for item in households)  # their rows never read in Python


def test_the_household_records_of_a_realistic_export_take_the_table_validators_usual_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The column path writes each household's record as a household table's cells, which the batch validator
    reads without its general parsers (those are for the few cells written otherwise): a month as YYYYMM.
    Written 2021-08, every monitored household's record had taken them, some 30 ms a chunk of 20 000."""
    source = write_person_export_csv(tmp_path / "export.csv", 400)
    _, groups, resolve = export_groups(source, region=EXPORT_REGION)
    batch = list(groups)

    def general(*_: object) -> object:
        raise AssertionError("a record's cell took the general parsers")

    monkeypatch.setattr(batch_validate, "_general", general)
    chunk, rest = columnar.column_chunk(resolve, batch, members=False)
    assert chunk is not None and not rest
    monitored = chunk.frame.filter(pl.col("identified_month").is_not_null())
    assert monitored.height > 5, "some households are monitored, with the months of it"


#: Amounts the model reads that are not plain (:data:`~fanpin.batch.validate.PLAIN_AMOUNT`): the column path
#: looks each up as its field's validator reads it.
_ODD_AMOUNTS = ["8,700.5", ".5", "5.", " 12 ", "12.345", "", "+3"]


def _given_both_ways(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    engine: BatchEngine,
    rows: list[list[str]],
    part: Callable[[Valid], pl.DataFrame | None],
) -> tuple[pl.DataFrame, pl.DataFrame, int]:
    """``part`` of what the engine is given for an export of ``rows`` (its members, its households), read by
    columns (where plain) and all by rows, with the households read by columns (the row path is not counted)."""
    source = _write(tmp_path / "export.csv", COLUMNS, rows)
    given: dict[bool, list[object]] = {True: [], False: []}
    plain = scored.scored_and_found

    def kept(*args: object, **kwargs: object) -> object:
        valid = args[2]
        assert isinstance(valid, Valid)
        given[by_columns].append(part(valid))
        return plain(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(scored, "scored_and_found", kept)
    read = _counted(monkeypatch)
    for by_columns in (True, False):
        _score(engine, source, tmp_path / str(by_columns), region=EXPORT_REGION, by_columns=by_columns)
    (columns,), (by_rows,) = given[True], given[False]
    assert isinstance(columns, pl.DataFrame) and isinstance(by_rows, pl.DataFrame)
    return columns, by_rows, sum(read)


def _members_both_ways(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: BatchEngine, rows: list[list[str]]
) -> tuple[pl.DataFrame, int]:
    """The member rows the engine is given for an export of ``rows``, read by columns (where plain) and all
    by rows: the same frame (its columns in any order), which this gives, with the households read by
    columns."""
    columns, by_rows, read = _given_both_ways(tmp_path, monkeypatch, engine, rows, lambda valid: valid.members)
    assert sorted(columns.columns) == sorted(by_rows.columns)
    assert columns.select(sorted(columns.columns)).equals(by_rows.select(sorted(by_rows.columns)))
    return columns, read


def test_the_households_records_by_columns_are_the_row_paths_the_heads_id_numbers_included(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engines: dict[str, BatchEngine]
) -> None:
    """The household rows the engine is given, read by columns and by rows: the same facts, where the 户主's
    ID numbers are of each kind the record reads otherwise than plainly — none that is a real one (all
    nines: left out of the record), one ending in a small x, one between spaces, a masked one, none."""
    rows = _rows(30, 5)
    number, relation = COLUMNS.index("证件号码"), COLUMNS.index("与户主关系")
    heads = [row for row in rows if row[relation] == "户主"]
    assert len(heads) >= 6
    for k, row in enumerate(heads):
        odd = ["9" * 18, row[number][:17] + "x", f" {row[number]} ", row[number][:4] + "*" * 10 + "1234", ""]
        row[number] = odd[k % 6] if k % 6 < len(odd) else row[number]
    columns, by_rows, read = _given_both_ways(tmp_path, monkeypatch, engines["with"], rows, lambda valid: valid.frame)
    assert read >= 10  # households read by columns
    # the column path's frame also carries its own working columns: those of both compared
    order = sorted(set(by_rows.columns) & set(columns.columns))
    assert "id_number_valid" in order  # the fact the 户主's ID number gives
    assert columns.select(order).sort("household_id").equals(by_rows.select(order).sort("household_id"))
    valid = columns.sort("household_id").get_column("id_number_valid").to_list()
    assert valid.count(None) >= 2 and 0 in valid and 1 in valid  # none (all nines, empty), malformed, valid


def test_the_members_facts_by_columns_are_the_row_paths_odd_amounts_included(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engines: dict[str, BatchEngine]
) -> None:
    """The member rows the engine is given (each member's facts, ``__household``, ``__who``) are the same
    read by columns and by rows, on households whose amount cells are written as the model reads them but
    not plainly (a thousands comma, a bare point, spaces, three decimals), alike on each of a household's
    rows, so that the households stay on the column path (those whose cells fail, or disagree with their
    totals, go to the row path)."""
    rows = _rows(40, 11)
    at = COLUMNS.index("户编号")
    amounts = [i for i, c in enumerate(COLUMNS) if c.endswith(("收入", "支出", "（亩）")) or c == "住房面积"]
    households = sorted({row[at] for row in rows})
    for row in rows:
        h = households.index(row[at])
        for k, i in enumerate(amounts):
            row[i] = _ODD_AMOUNTS[(h + k) % len(_ODD_AMOUNTS)]
    columns, read = _members_both_ways(tmp_path, monkeypatch, engines["with"], rows)
    assert read >= 10
    facts = [c for c in ("after_net_income", "after_wage_income", "housing_area", "cropland") if c in columns.columns]
    fen = {v for c in facts for v in columns.get_column(c).drop_nulls().to_list()}
    assert len(fen & {870050, 50, 500, 1200, 1235, 300}) >= 4  # the odd amounts' fen, known


def test_the_members_facts_by_columns_are_the_row_paths_odd_person_cells_included(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engines: dict[str, BatchEngine]
) -> None:
    """The same with a person's cells of each kind the column path reads otherwise than plainly: an ID number
    ending in a small x, one between spaces, one masked, one given to two people (each of them not unique in
    the file; one written with a capital X and with a small one), none; a phone number given twice, phones
    between spaces; birth dates written with dashes, between spaces, none."""
    rows = _rows(30, 5)
    number, born, phone = (COLUMNS.index(c) for c in ("证件号码", "出生日期", "家庭成员联系电话"))
    for k, row in enumerate(rows):
        if k % 7 == 1:
            row[number] = row[number][:17] + "x"
        elif k % 7 == 2:
            row[number] = f" {row[number]}  "
        elif k % 7 == 3:
            row[number] = row[number][:4] + "*" * 10 + row[number][14:18]
        elif k % 7 == 4:
            row[number] = ""
        if k % 5 == 1:
            row[born] = f"{row[born][:4]}-{row[born][4:6]}-{row[born][6:8]}" if row[born] else row[born]
        elif k % 5 == 2:
            row[born] = f" {row[born]} "
        elif k % 5 == 3:
            row[born] = ""
        if k % 3 == 1:
            row[phone] = f" {row[phone]}\u3000"
    rows[-1][number], rows[-1][phone] = rows[0][number], rows[0][phone]  # two households, one person's cells
    rows[1][number] = rows[0][number][:17] + "X"  # the same ID number with a capital X and a small one
    rows[-2][number] = rows[0][number][:17] + "x"
    columns, read = _members_both_ways(tmp_path, monkeypatch, engines["with"], rows)
    assert read >= 10
    assert columns.get_column("id_number_unique").to_list().count(0) >= 2
    usual = columns.get_column("__who").str.contains(r"^[0-9]{4}\*{10}[0-9Xx]{4}$")
    assert not usual.all()  # a member named otherwise than by an ID number of the usual shape


_IDENTITY_TEXTS = st.lists(
    st.text(alphabet=st.sampled_from("0123456789xXab张李·'. \u3000\x1c\t.0"), max_size=8) | st.text(max_size=6),
    max_size=12,
)


@settings(max_examples=600 if SLOW else 150, deadline=None)
@given(st.sampled_from(sorted(columnar._AS_READ)), _IDENTITY_TEXTS)
def test_the_identity_cells_read_by_columns_are_read_as_the_row_path_reads_them(field: str, texts: list[str]) -> None:
    """How the column path reads a 人编号, 证件号码 or 姓名 cell to tell two rows of one person apart: the texts
    its pattern takes as they are, the others by the row path's own function — the same as that function
    on every text (spaces of every kind, a small x, an apostrophe, an ``.0`` tail, Chinese characters)."""
    how = columnar._identity_read(field)
    read = columnar._read_as(pl.Series(texts, dtype=pl.String), how, columnar._AS_READ[field])
    assert read.to_list() == [how(t) for t in texts]


@given(
    st.lists(
        st.tuples(st.integers(0, 4), st.sampled_from(["a", "b", ""]), st.none() | st.sampled_from(["x", "y"])),
        max_size=12,
    )
)
def test_the_households_whose_rows_differ_are_those_with_two_values_in_a_column(
    rows: list[tuple[int, str, str | None]],
) -> None:
    # in any order of rows (the rows of a household not together too), a null differing from a text
    frame = pl.DataFrame(rows, schema={"__h": pl.Int64, "a": pl.String, "b": pl.String}, orient="row")
    counted = frame.group_by("__h").agg(pl.any_horizontal(pl.col("a", "b").n_unique() > 1).alias("d"))
    expected = set(counted.filter("d").get_column("__h").to_list())
    assert set(columnar._differing(frame, ["a", "b"]).to_list()) == expected


def test_a_cell_saying_none_where_empty_means_none_is_read_by_columns_as_an_empty_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engines: dict[str, BatchEngine]
) -> None:
    """The column path reads 务工所在地 无, 其他备注 `-`, 监测对象类别 无, 识别监测时间 `-`, a risk 没有 … (the cells of
    tests/both_engines/test_said_none.py) as it reads them empty: the same members' facts given to the engine, the
    same scores and findings, every household read by columns. 务工所在地 无 had been a place there too (its
    member reported by 2_12_007 and 5_01_005), and the vocabularies' and months' cells had sent their
    households to the row path, which refused them."""
    from tests.both_engines.test_said_none import MONITORED, SAID_NONE
    from tests.helpers import export_with_cells, read_csv

    given: list[pl.DataFrame] = []
    plain = scored.scored_and_found

    def kept(*args: object, **kwargs: object) -> object:
        valid = args[2]
        assert isinstance(valid, Valid) and isinstance(valid.members, pl.DataFrame)
        given.append(valid.members)
        return plain(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(scored, "scored_and_found", kept)
    read = _counted(monkeypatch)
    scores = []
    for name, cells in (("said", MONITORED | SAID_NONE), ("empty", MONITORED | dict.fromkeys(SAID_NONE, ""))):
        folder = tmp_path / name
        folder.mkdir()
        source = export_with_cells(folder, cells)
        out = _score(engines["with"], source, folder / "scored", region=EXPORT_REGION, by_columns=True, findings=True)
        written = ("填报值", "判断依据")  # the cell as written, and the sentence quoting it
        found = read_csv(folder / "scored" / "findings.csv", ids=False)
        findings = [{k: v for k, v in row.items() if k not in written} for row in found]
        scores.append((out[:2], findings))
    assert read == [3, 3]  # every household by columns, in both exports
    assert scores[0] == scores[1]
    assert read_csv(tmp_path / "said" / "scored" / "errors.csv") == []
    said, empty = given
    assert said.equals(empty)
    assert said.get_column("work_place").to_list()[4] == ""  # line 8, its 务工所在地 无: known to hold nothing
