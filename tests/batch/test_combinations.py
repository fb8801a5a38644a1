"""The batch engine's plan, lists of rules and findings are worked out once per combination of the rules'
outcomes and kept for the engine's later calls (``_Combinations``): what a call gives must not depend on
what earlier calls met, nor on threads sharing the engine."""

from __future__ import annotations

import threading
from pathlib import Path

import polars as pl
import pytest

import fanpin.batch.engine as batch_engine
from fanpin import Scorer, load_rulebook
from fanpin.batch import BatchEngine
from fanpin.batch.validate import validate
from fanpin.synthetic import household_table
from tests.helpers import AS_OF, REGION, engine_of_its_own


@pytest.fixture(scope="module")
def facts() -> pl.DataFrame:
    """Validated facts of 300 synthetic households (twelve counties, about 5 % of cells empty): some hundred
    distinct combinations of the rules' outcomes."""
    valid, rejected = validate(household_table(300, seed=7), region=REGION)
    assert rejected.height == 0
    return valid


def _score(engine: BatchEngine, facts: pl.DataFrame, lang: str = "zh") -> pl.DataFrame:
    return engine.score(facts, as_of=AS_OF, region=REGION, lang=lang)  # type: ignore[arg-type]


def test_pieces_scored_by_a_warm_engine_are_what_one_fresh_call_gives(facts: pl.DataFrame) -> None:
    book = load_rulebook(checks="with")
    whole = _score(engine_of_its_own(book), facts)
    assert whole.get_column("plan").n_unique() > 10  # many combinations, so the pieces share and differ
    warm = engine_of_its_own(book)
    for lang in ("en", "zh"):  # another program first: its combinations are its own
        pieces = [_score(warm, facts[start:stop], lang) for start, stop in [(150, 300), (0, 200), (100, 101), (0, 0)]]
        if lang == "zh":
            assert pieces[0].equals(whole[150:300])
            assert pieces[1].equals(whole[0:200])  # half its combinations met in the call before
            assert pieces[2].equals(whole[100:101])  # every one met before: nothing worked out
            assert pieces[3].equals(whole[0:0])


@pytest.fixture
def worked(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of combinations each call worked out (``_Combinations._worked_out``), in call order."""
    counts: list[int] = []
    original = batch_engine._Combinations._worked_out

    def counted(self: batch_engine._Combinations, distinct: pl.DataFrame) -> pl.DataFrame:
        counts.append(distinct.height)
        return original(self, distinct)

    monkeypatch.setattr(batch_engine._Combinations, "_worked_out", counted)
    return counts


def test_a_combination_met_before_is_not_worked_out_again(
    facts: pl.DataFrame, batch: BatchEngine, worked: list[int]
) -> None:
    engine = engine_of_its_own(batch.rulebook)
    first = _score(engine, facts[:100])
    second = _score(engine, facts[:100])
    assert first.equals(second)
    assert len(worked) == 1 and 1 < worked[0] < 100  # once, on the distinct combinations only
    _score(engine, facts[:200])
    assert len(worked) == 2 and 0 < worked[1] < 100  # the second call's new ones alone


@pytest.mark.parametrize("limit", ["KEPT_COMBINATIONS", "KEPT_BYTES"])
def test_past_its_limit_the_store_starts_again_and_gives_the_same(
    facts: pl.DataFrame, batch: BatchEngine, monkeypatch: pytest.MonkeyPatch, limit: str, worked: list[int]
) -> None:
    """Past the most combinations, or the most memory, the store starts again: the same scores, and a
    chunk met before is worked out again (what the store held is gone)."""
    whole = _score(engine_of_its_own(batch.rulebook), facts)
    worked.clear()  # the whole's
    monkeypatch.setattr(batch_engine, limit, 3)
    engine = engine_of_its_own(batch.rulebook)
    for start in (0, 100, 50, 0):
        assert _score(engine, facts[start : start + 100]).equals(whole[start : start + 100])
    assert len(worked) == 4 and worked[3] == worked[0]  # the first hundred again: all worked out anew


def test_threads_sharing_an_engine_get_what_one_thread_gets(facts: pl.DataFrame, batch: BatchEngine) -> None:
    whole = _score(engine_of_its_own(batch.rulebook), facts)
    engine = engine_of_its_own(batch.rulebook)
    pieces = [(start, start + 60) for start in range(0, 300, 30)][:8]
    got: dict[tuple[int, int], pl.DataFrame] = {}
    barrier = threading.Barrier(len(pieces))

    def run(piece: tuple[int, int]) -> None:
        barrier.wait()
        got[piece] = _score(engine, facts[piece[0] : piece[1]])

    threads = [threading.Thread(target=run, args=(piece,)) for piece in pieces]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for (start, stop), scored in got.items():
        assert scored.equals(whole[start:stop])
    assert len(got) == len(pieces)


def test_a_combination_of_unknowns_met_first_is_kept_as_a_fresh_call_works_it_out(batch: BatchEngine) -> None:
    """A household of which nothing is known (every outcome unknown) met first, then one with facts."""
    engine = engine_of_its_own(batch.rulebook)
    empty = [{"region_code": REGION}]  # nothing known: every outcome unknown
    known = [{"region_code": REGION, "income_per_capita": 500_000, "household_size": 3}]
    fresh = _score(engine_of_its_own(batch.rulebook), pl.DataFrame(known + empty, infer_schema_length=None))
    assert _score(engine, pl.DataFrame(empty)).equals(fresh[1:])
    assert _score(engine, pl.DataFrame(known + empty, infer_schema_length=None)).equals(fresh)


@pytest.mark.parametrize("output", ["table", "json", "outcomes"])
def test_no_household_on_a_fresh_engine_is_no_row(facts: pl.DataFrame, batch: BatchEngine, output: str) -> None:
    """A chunk left with no household (every row refused) on an engine that has scored nothing yet: its
    columns, typed, and no row (it had stopped ``fanpin score`` with an internal error)."""
    run = {"table": BatchEngine.score, "json": BatchEngine.score_json, "outcomes": BatchEngine.evaluate}[output]
    warm = engine_of_its_own(batch.rulebook)
    expected = run(warm, facts[:5], as_of=AS_OF, region=REGION)[0:0]
    assert run(engine_of_its_own(batch.rulebook), facts[0:0], as_of=AS_OF, region=REGION).equals(expected)
    assert run(warm, facts[0:0], as_of=AS_OF, region=REGION).equals(expected)


def test_the_kept_combinations_stay_in_few_pieces_of_memory(
    facts: pl.DataFrame, batch: BatchEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Appended a call at a time, the kept combinations were in as many pieces as calls, and each later
    join over them slowed down with their number (135 ms against 3 over 20 000 pieces)."""
    monkeypatch.setattr(batch_engine, "KEPT_PIECES", 2)
    whole = _score(engine_of_its_own(batch.rulebook), facts[:12])
    engine = engine_of_its_own(batch.rulebook)
    for row in range(12):
        assert _score(engine, facts[row : row + 1]).equals(whole[row : row + 1])
    (program,) = engine._programs.values()
    known = program.combinations._known
    assert known is not None and known.height > 3 and known.n_chunks() <= 3


#: A county's rule calling for a 开发式 measure (planned where the household has labour) and a 兜底 one (where
#: it has none), with the two measures: whether a household has labour changes its plan, not the rule's outcome.
LOW_WAGE = """\
case_defaults: {region: "532328", as_of: 2025-06-30}
measures:
  - {id: employment.job_referral, name: 外出务工就业推荐, name_en: job referral, family: 就业帮扶, department: 人社局,
     department_en: Human Resources and Social Security Bureau, deadline_days: 15, development: true}
  - {id: welfare.temporary_assistance, name: 临时救助, name_en: temporary assistance, family: 综合保障,
     department: 民政局, department_en: Civil Affairs Bureau, deadline_days: 7, welfare: true}
rules:
  - id: local.low_wage
    title: {zh: 工资低, en: low wages}
    level: orange
    kind: risk
    when: wage_income < 5000
    measures: [employment.job_referral, welfare.temporary_assistance]
    basis: test
    cases:
      - {name: a, facts: {wage_income: 100}, expect: fires}
      - {name: b, facts: {wage_income: 9000}, expect: silent}
      - {name: c, facts: {}, expect: not_evaluable}
"""


def test_households_alike_but_for_their_labour_each_get_their_own_plan(tmp_path: Path) -> None:
    """The planned measures are worked out per combination of the rules' outcomes and the household's labour
    (``Sentences.planned``), not per row: households whose every rule went alike, with labour, without and
    unknown, each get in one call the plan the per-household path gives them."""
    (tmp_path / "local.yaml").write_text(LOW_WAGE, encoding="utf-8")
    book = load_rulebook(tmp_path, reference=False)
    common = {"region_code": REGION, "household_type": "脱贫户", "size": "3", "wage_income": "100",
              "business_income": "0", "property_income": "0", "transfer_income": "0"}  # fmt: skip
    labour: list[dict[str, str]] = [{"labor_count": "2"}, {"labor_count": "0"}, {}, {"no_labor_household": "是"}]
    rows = [{"household_id": f"H{i}", **common, **given} for i, given in enumerate(labour)]
    valid, rejected = validate(pl.DataFrame(rows))
    assert rejected.height == 0
    scored = engine_of_its_own(book).score(valid, as_of=AS_OF, region=REGION)
    scorer = Scorer(book)
    want = [[m.measure.id for m in scorer.plan(row, as_of=AS_OF).measures] for row in rows]
    assert scored.get_column("flags").to_list() == [["local.low_wage"]] * len(rows)
    assert scored.get_column("measures").to_list() == want
    assert want[0] != want[1] and want[1] == want[3]  # labour decides
