"""Both engines write the same rows: every output column — measures, plan and explanation
sentences included — and the same JSON Lines records with their structured explanations.

Households come from :func:`fanpin.testing.household_records` (values on and one fen either side of the
thresholds, unknown cells, zero previous values), as text cells read through each path's own validator.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any
from unittest import mock

import polars as pl
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from fanpin import Engine, Household, Rulebook, load_rulebook
from fanpin.batch import BatchEngine
from fanpin.batch import engine as batch_engine
from fanpin.batch.texts import SEPARATOR
from fanpin.batch.validate import kept_name, validate
from fanpin.io.records import json_line, json_record, table_record
from fanpin.model.columns import masked_cell
from fanpin.model.facts import encode_all, household_facts
from fanpin.model.values import mask
from fanpin.pipeline import score_household, score_path
from fanpin.results.sentences import Lang
from fanpin.results.table import csv_text, table_schema
from fanpin.testing import household_records
from tests.both_engines.test_told_apart import DROP, SHARE
from tests.helpers import AS_OF, REGION, SLOW, engine_of_its_own
from tests.paths import EXPORT_GBK_CSV, HOUSEHOLDS_CSV


def _both(
    batch: BatchEngine, engine: Engine, records: list[dict[str, str]], lang: Lang, as_of: date = AS_OF
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[str], list[str]]:
    unique = list({Household.model_validate(r).household_id: r for r in records}.values())
    columns = dict.fromkeys(k for r in unique for k in r)
    raw = pl.DataFrame([{c: r.get(c, "") for c in columns} for r in unique], schema=dict.fromkeys(columns, pl.String))
    valid, rejected = validate(raw)
    assert rejected.height == 0
    table = batch.score(valid, as_of=as_of, lang=lang)
    lines = batch.score_json(valid, as_of=as_of, lang=lang).get_column("json").to_list()
    want_rows, want_lines = [], []
    for record in unique:
        scored = score_household(engine, Household.model_validate(record), as_of=as_of)
        want_rows.append(table_record(scored, lang))
        want_lines.append(json_line(json_record(scored, lang)))
    # The typed table: the same types on both engines, the same values, and so the same CSV bytes.
    schema = table_schema(lang)
    assert table.schema == schema
    durable = pl.DataFrame([[r[c] for c in schema] for r in want_rows], schema=schema, orient="row")
    assert table.equals(durable)
    assert csv_text(table, lang).write_csv() == csv_text(durable, lang).write_csv()
    return table.to_dicts(), want_rows, lines, want_lines


#: A batch call costs about as much for one household as for fifty: an example scores up to 50 households (25 on
#: average) in one call of each engine. 12 examples by default score more households than the profile's 45 of up
#: to 10 (6 on average) did, in a quarter of the batch calls; 400 with FANPIN_SLOW=1, some 10 000 households, about
#: six minutes (an example takes near a second: the slow profile's 3 000 had not finished in 25 minutes).
@settings(max_examples=400 if SLOW else 12)
@given(
    st.integers(1, 50).flatmap(lambda n: st.lists(household_records(chinese_headers=False), min_size=n, max_size=n)),
    st.sampled_from(["zh", "en"]),
    st.sampled_from([AS_OF, date(2026, 3, 31)]),
    st.booleans(),
)
@example([SHARE, DROP], "en", AS_OF, False)  # a share read "0.5 > 0.5", true: now 0.50000005 > 0.5 on both
@example([SHARE, DROP], "zh", AS_OF, True)
def test_every_column_agrees(
    batch: BatchEngine, engine: Engine, records: list[dict[str, str]], lang: Lang, as_of: date, rule_by_rule: bool
) -> None:
    """Every column and JSON Lines record, the batch engine's texts made either way: each rule's on its own rows
    (``rule_by_rule``, as a large chunk's are; the values they show computed there without their gates) or on
    every row at once (as a call of this size is: :data:`fanpin.batch.engine.ROW_COLUMNS_PER_RULE`)."""
    with mock.patch.object(
        batch_engine, "ROW_COLUMNS_PER_RULE", 0 if rule_by_rule else batch_engine.ROW_COLUMNS_PER_RULE
    ):
        rows, want_rows, lines, want_lines = _both(batch, engine, records, lang, as_of)
    assert len(rows) == len(want_rows)
    for got, want in zip(rows, want_rows, strict=True):
        for column, value in want.items():
            assert got[column] == value, (want["household_id"], column)
    for got_line, want_line in zip(lines, want_lines, strict=True):
        assert json.loads(got_line) == json.loads(want_line)
        assert got_line == want_line  # byte for byte, not only the same data


#: This year's and last year's per-capita income, a fen or a few apart: the income-drop ratio is tiny
#: (1e-06, -5e-05), which the durable engine once could not be sent (trap 16 of fanpin.durable._adapter).
BARELY_CHANGED = [
    ("9999.99", "10000"),
    ("6000.30", "6000"),
    ("10000", "9999.99"),
    ("6000", "6000.30"),
    ("10000.01", "10000"),
    ("19999.99", "20000"),
    ("999999999999.99", "1000000000.00"),
    ("0.01", "0"),
    ("0", "0.01"),
]


@pytest.mark.parametrize(("now", "before"), BARELY_CHANGED)
def test_an_income_that_barely_changed_scores_the_same_on_both_engines(
    batch: BatchEngine, engine: Engine, now: str, before: str
) -> None:
    record = {
        "household_id": "H1", "region_code": "532328", "household_type": "脱贫户", "size": "1",
        "wage_income": now, "business_income": "0", "property_income": "0", "transfer_income": "0",
        "prev_income_per_capita": before,
    }  # fmt: skip
    household = Household.model_validate(record)
    assessment = engine.evaluate(household, as_of=AS_OF)
    got = batch.evaluate([encode_all(household_facts(household))], as_of=AS_OF).row(0, named=True)
    assert got["flags"] == list(assessment.flag_ids)
    assert got["not_evaluable"] == list(assessment.not_evaluable)
    langs: tuple[Lang, ...] = ("zh", "en")
    for lang in langs:
        rows, want_rows, lines, want_lines = _both(batch, engine, [record], lang)
        assert rows == want_rows
        assert lines == want_lines


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_counts_whose_10_000ths_pass_2_to_the_63_are_shown_with_their_own_digits(
    batch: BatchEngine, engine: Engine, lang: Lang
) -> None:
    """A count of 922 337 203 685 478 people (the model takes up to 10^15 - 1) crashed the batch engine
    (its 10 000ths passed 2^63) where the durable engine showed it as 922337203685477.9904: both now
    write its digits, and the same bytes."""
    counts = [922337203685478, 10**15 - 1, 900719925474099, 123456789012345]
    records = [
        {"household_id": f"H{n}", "region_code": REGION, "household_type": "脱贫户", "size": str(count),
         "labor_count": str(count), "no_labor_household": "是", "wage_income": "0", "business_income": "0",
         "property_income": "0", "transfer_income": "0"}
        for n, count in enumerate(counts)
    ]  # fmt: skip
    rows, _, lines, want_lines = _both(batch, engine, records, lang)
    assert lines == want_lines
    for row, count in zip(rows, counts, strict=True):
        text = "\n".join(row["explanation"])
        assert f" {count}" in text and f"{count}." not in text and f"{count - 1}." not in text


def test_the_example_data_fires_most_rules(book: Rulebook, batch: BatchEngine) -> None:
    """The example file (compared byte for byte on both engines in test_cli) covers most rules' sentences."""
    raw = pl.read_csv(HOUSEHOLDS_CSV, infer_schema=False)
    valid, _ = validate(raw, region=REGION)
    fired = {f for flags in batch.evaluate(valid, as_of=AS_OF)["flags"].to_list() for f in flags}
    assert len(fired) >= len(book.rules) - 6, sorted(set(book.rules) - fired)


@given(st.text(max_size=30))
def test_masking_matches_the_per_row_reader(text: str) -> None:
    header = "联系电话"
    raw = pl.DataFrame(
        {"户编号": ["H1"], "户类型": ["脱贫户"], "家庭人口数": ["1"], "工资性收入": ["0"], "生产经营性收入": ["0"],
         "财产性收入": ["0"], "转移性收入": ["0"], header: [text]}
    )  # fmt: skip
    valid, _ = validate(raw, region=REGION, keep=[header])
    got = valid.get_column(kept_name(header)).to_list()[0] if valid.height else None
    if valid.height:
        assert got == masked_cell(header, text)
        assert text == "" or got == mask(text)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_sentence_holding_the_list_separator_is_one_item(lang: Lang) -> None:
    """The batch engine builds lists of constant texts by joining them with a control character and
    splitting them back (fanpin.batch.texts.SEPARATOR); a sentence, which may hold any text, is never
    split that way: one holding the character (here through a parameter's source) stays one item, and
    both engines give the same lists."""
    book = load_rulebook()
    spec = book.parameters.specs["monitoring_line"]
    odd = tuple(v.model_copy(update={"source": f"{v.source}{SEPARATOR}x", "source_en": ""}) for v in spec.values)
    book.parameters.specs["monitoring_line"] = spec.model_copy(update={"values": odd})
    record = {
        "household_id": "H1", "region_code": "532328", "household_type": "脱贫户", "size": "2",
        "wage_income": "3000", "business_income": "0", "property_income": "0", "transfer_income": "0",
    }  # fmt: skip
    plain = {**record, "household_id": "H2", "wage_income": "90000"}
    rows, want_rows, lines, want_lines = _both(BatchEngine(book), Engine(book), [record, plain], lang)
    stated = [s for s in rows[0]["explanation"] if SEPARATOR in s]
    assert stated, "the household below the line states the monitoring line's source"
    assert rows == want_rows
    assert lines == want_lines


# Each kind of file and each format once: the texts are made by the engine, before the format is written.
@pytest.mark.parametrize(
    ("source", "fmt"), [(HOUSEHOLDS_CSV, "jsonl"), (EXPORT_GBK_CSV, "csv")], ids=["table-jsonl", "export-csv"]
)
def test_texts_made_rule_by_rule_or_on_every_row_are_the_same(
    source: Path, fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The batch engine makes the rules' texts either on each rule's own rows (a large frame) or on every
    row at once (a small one, fanpin.batch.engine.ROW_COLUMNS_PER_RULE): each way, forced on the same
    chunks, with the data checks' rules, writes the same bytes, and the same worksheet of findings (whose
    flag data weigh more in the choice: FLAG_DATA_WEIGHT)."""
    engine = BatchEngine(load_rulebook(checks="with"))
    written = []
    for per_rule in (0, 10**12):  # 0: always rule by rule; 10**12: always every row
        monkeypatch.setattr(batch_engine, "ROW_COLUMNS_PER_RULE", per_rule)
        out, errors = tmp_path / f"{per_rule}.{fmt}", tmp_path / f"{per_rule}.errors.csv"
        found = tmp_path / f"{per_rule}.findings.csv"
        summary = score_path(
            engine,
            source,
            out,
            as_of=AS_OF,
            region=REGION,
            fmt=fmt,  # type: ignore[arg-type]
            errors=errors,
            chunk_rows=40,
            findings=found,
        )
        assert summary.scored > 0
        written.append((out.read_bytes(), errors.read_bytes(), found.read_bytes()))
    assert written[0] == written[1]
    assert written[0][2].count(b"\n") > 2, "some finding is listed"
    assert "1_" in written[0][0].decode("utf-8-sig"), "some data-check code is listed"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_chunk_where_no_rule_fires_scores_the_same_on_both_engines(
    batch: BatchEngine, engine: Engine, lang: Lang
) -> None:
    """The batch engine makes no text for a rule that fired on no row of the chunk (its columns null, its
    lists empty): a chunk where no rule fired at all is written as the durable engine writes it."""
    raw = pl.read_csv(HOUSEHOLDS_CSV, infer_schema=False).fill_null("").drop("备注")  # a column of the file only
    valid, _ = validate(raw)
    flags = batch.evaluate(valid, as_of=AS_OF).get_column("flags")
    quiet = set(valid.filter(flags.list.len() == 0).get_column("__line").to_list())
    records = [row for line, row in enumerate(raw.iter_rows(named=True), start=2) if line in quiet][:20]
    assert records, "the example table has households no rule flags"
    rows, want_rows, lines, want_lines = _both(batch, engine, records, lang)
    assert all(not row["flags"] and not row["explanation"] for row in rows)
    assert rows == want_rows
    assert lines == want_lines


def test_threads_scoring_other_regions_at_once_get_their_regions_parameters(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One BatchEngine, four threads, each the first to score its own parameter scope (532328, 53, 13, the
    national one): each adds its scope's constants to the shared program, which a lock now guards.
    Unguarded, a thread could join a table another thread had just replaced, without its own scope: one
    of 3 560 village frames scored on eight threads came out otherwise than alone. Resolving a scope is
    slowed here so that the threads overlap; the race itself is too narrow to force every time."""
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    from fanpin.batch.compiler import RegionConstants

    engine = engine_of_its_own(load_rulebook())  # its program has none of the scopes yet
    frames = [
        pl.DataFrame([{"household_id": f"H{code}", "region_code": code, "income_per_capita": 500_000}])
        for code in ("532328", "530102", "130102", "110101")
    ]
    expected = [engine_of_its_own(load_rulebook()).evaluate(f, as_of=AS_OF) for f in frames]
    slow = RegionConstants.values

    def values(self: RegionConstants, params: Any) -> Any:
        time.sleep(0.05)
        return slow(self, params)

    monkeypatch.setattr(RegionConstants, "values", values)
    start = threading.Barrier(len(frames))

    def score(frame: pl.DataFrame) -> pl.DataFrame:
        start.wait()
        return engine.evaluate(frame, as_of=AS_OF)

    with ThreadPoolExecutor(len(frames)) as pool:
        got = list(pool.map(score, frames))
    assert [g.equals(e) for g, e in zip(got, expected, strict=True)] == [True] * len(frames)


@pytest.mark.parametrize(
    ("codes", "alike"),
    [
        (["532328", "532301", "530102", "532328101"], True),  # two scopes (532328, 53), the same values
        (["532301", "130102", "110101"], False),  # three scopes, other values
        (["532328", None, "532301"], True),  # alike, but a row without a code (joined: its constants null)
    ],
)
def test_regions_whose_constants_are_alike_score_as_each_alone(
    batch: BatchEngine, codes: list[str | None], alike: bool
) -> None:
    """A frame whose region codes resolve to the same constants, scopes apart (a province without figures
    of its own beside one of its counties), takes them as scalar columns instead of a join by code: each
    row scores as it does alone, where it is the only code; so do frames of other values, and a row with
    no code (null constants: the rules that read a parameter are not evaluable). Alone, that row's column
    of nulls is of no type: polars refused to join it with the text codes, until it was made text."""
    program = batch._program(AS_OF, "zh", "rules", True)
    known = pl.Series([c for c in codes if c is not None], dtype=pl.String)
    assert batch._parameter_table(known, program, AS_OF)[1] is alike
    rows = [
        {"household_id": f"H{n}", "region_code": code, "income_per_capita": income, "size": 3, "net_income": income * 3}
        for n, code in enumerate(codes)
        for income in (300_000, 900_000, 1_500_000)
    ]
    together = [batch.rule_outcomes(rows, as_of=AS_OF), batch.evaluate(rows, as_of=AS_OF)]
    for n, row in enumerate(rows):
        alone = [batch.rule_outcomes([row], as_of=AS_OF), batch.evaluate([row], as_of=AS_OF)]
        assert [frame.slice(n, 1).to_dicts() for frame in together] == [frame.to_dicts() for frame in alone]
    fired = together[0].select(pl.all().cast(pl.Int8)).sum_horizontal()
    assert fired.max() != fired.min(), "the incomes make some rules fire on some rows only"
