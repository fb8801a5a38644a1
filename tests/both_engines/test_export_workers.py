"""A person-level export scored by worker processes (:mod:`fanpin.pipeline.workers`) writes the same bytes
as the run in one process, on both engines, refusals, findings and parameter notes included; and a run
with workers stops as cleanly as one without (Ctrl-C, a worker killed, a missing parameter)."""

from __future__ import annotations

import csv
import os
import pickle
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from fanpin import Scorer, load_rulebook
from fanpin.batch import BatchEngine
from fanpin.durable import Engine
from fanpin.errors import (
    ConfigError,
    EngineError,
    FanpinError,
    MissingColumnError,
    ParameterLookupError,
    RulebookLoadError,
    UnknownNameError,
)
from fanpin.io.export import ExportFile, HouseholdRows, export_groups
from fanpin.io.readers import RejectedRow, UnreadableRow
from fanpin.io.sinks import Format
from fanpin.lang.members import AGGREGATES, derived
from fanpin.model.member_facts import label_pairs
from fanpin.pipeline import score_path
from fanpin.pipeline.scored import WORKER_HOUSEHOLDS, ScoredChunks, ScoreSummary, _batches, worker_chunk
from fanpin.pipeline.workers import default_workers
from fanpin.results.sentences import Lang
from fanpin.synthetic import EXPORT_COLUMNS, person_export, write_person_export_csv
from tests.helpers import AS_OF, REGION, run_cli
from tests.paths import ROOT


def _odd_export(path: Path, *, late_refused: bool = False, households: int = 60) -> Path:
    """``households`` (60; at least 21) with what the reader refuses or checks across the file: a bad
    amount, a row without 户编号, a 户编号 in two villages, a household's row far from the others (refused
    too, with ``late_refused``), an ID number used twice, and a region code without parameter values (its
    rules not evaluable, a parameter note)."""
    columns = list(EXPORT_COLUMNS)
    at = {name: columns.index(name) for name in ("村", "户编号", "证件号码", "工资性收入")}
    rows = [["" if c is None else str(c) for c in row] for row in person_export(households, seed=11).iter_rows()]
    ids = list(dict.fromkeys(row[at["户编号"]] for row in rows))
    of = {key: [r for r in rows if r[at["户编号"]] == key] for key in ids}
    of[ids[2]][0][at["工资性收入"]] = "12,3x"  # refused: not an amount
    of[ids[5]][-1][at["户编号"]] = ""  # a row without its household
    of[ids[9]][0][at["村"]] = "另一村"  # its 户编号 in two villages: refused
    of[ids[14]][0][at["证件号码"]] = of[ids[15]][0][at["证件号码"]]  # one ID number, two people
    for key in ids:  # 行政区划代码 given: 130102 (no 农村低保标准 there) for one household
        for row in of[key]:
            row.append("130102" if key == ids[20] else REGION)
    late = of[ids[3]].pop()  # a member row far below its household's other rows
    if late_refused:
        late[at["工资性收入"]] = "12,3x"
    ordered = [row for key in ids for row in of[key]]
    ordered.insert(len(ordered) - 5, late)
    with path.open("w", encoding="utf-8", newline="") as text:
        writer = csv.writer(text, lineterminator="\n")
        writer.writerows([["家庭成员信息表（导出）"], [*columns, "行政区划代码"], *ordered])
    return path


@pytest.fixture(scope="module")
def odd(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The odd export (:func:`_odd_export`), made once for the tests that only read it."""
    return _odd_export(tmp_path_factory.mktemp("odd") / "export.csv")


@dataclass(frozen=True)
class OneProcess:
    """What one process wrote (scored table, errors file, findings if asked) and its summary."""

    files: list[bytes]
    summary: ScoreSummary


def _score(
    engine: Engine | BatchEngine, source: Path, folder: Path, name: str, *, findings: bool = False, **options: Any
) -> OneProcess:
    """``score_path`` of ``source`` into ``folder``: ``name.csv`` (or ``name.<fmt>``), its errors file
    ``name.e.csv`` and, with ``findings``, its findings ``name.f.csv``."""
    out, errors, found = (
        folder / f"{name}{suffix}" for suffix in (f".{options.get('fmt') or 'csv'}", ".e.csv", ".f.csv")
    )
    summary = score_path(
        engine, source, out, as_of=AS_OF, region=REGION, errors=errors, findings=found if findings else None, **options
    )
    return OneProcess([p.read_bytes() for p in (out, errors, found) if p.exists()], summary)


@pytest.fixture(scope="module")
def with_checks(odd: Path, tmp_path_factory: pytest.TempPathFactory) -> OneProcess:
    """The odd export scored in one process on the batch engine with the data checks, in Chinese, CSV,
    findings written, 20 households a chunk: what every run with workers of it must write. (Its bytes do
    not depend on the chunks: test_the_errors_file_is_in_line_order_whatever_the_chunks.)"""
    engine = BatchEngine(load_rulebook(checks="with"))
    return _score(engine, odd, tmp_path_factory.mktemp("one"), "1", findings=True, chunk_rows=20)


@pytest.fixture(scope="module")
def without_checks(odd: Path, batch: BatchEngine, tmp_path_factory: pytest.TempPathFactory) -> OneProcess:
    """The same without the data checks (the reference rules alone)."""
    return _score(batch, odd, tmp_path_factory.mktemp("one"), "1")


# Each engine, each language and each format once: the language and the format reach a worker with the
# rulebook, the same way for either engine (ExportChunks.__reduce__); tests/io/test_member_cells.py pairs
# them the other way.
@pytest.mark.parametrize(("engine_name", "lang", "fmt"), [("batch", "zh", "csv"), ("durable", "en", "jsonl")])
def test_workers_write_the_same_bytes_as_one_process(
    engine_name: str, lang: Lang, fmt: Format, odd: Path, with_checks: OneProcess, tmp_path: Path
) -> None:
    book = load_rulebook(checks="with")
    runs = []
    for workers in (1, 2):
        if (engine_name, lang, fmt, workers) == ("batch", "zh", "csv", 1):
            runs.append(with_checks)  # the same run, made once for the module
            continue
        engine = BatchEngine(book) if engine_name == "batch" else Engine(book)
        runs.append(
            _score(
                engine, odd, tmp_path, f"{workers}", findings=True, lang=lang, fmt=fmt, chunk_rows=20, workers=workers
            )
        )
    written = [run.files for run in runs]
    summaries = [(s.scored, s.rejected, s.chunks, s.parameter_notes, s.notes) for s in (run.summary for run in runs)]
    assert len(written[0]) == 3 and written[0] == written[1]
    assert summaries[0] == summaries[1]
    scored, rejected, chunks, notes, _ = summaries[0]
    # 61 households (the 户编号 in two villages is two), 20 a chunk: two chunks for each worker, the odd rows
    # spread over them
    assert scored > 40 and rejected > 0 and chunks == 4 and notes


def test_the_errors_file_is_in_line_order_whatever_the_chunks(engine_name: str, tmp_path: Path) -> None:
    """A refused household whose last row lies far below (every household after its first row waits for
    it): its rows come in its chunk, before the rows of later chunks that lie above that last row. The
    errors file once followed the chunks, so that its order changed with --chunk-rows and the workers'
    smaller default chunks; it is in line order now, the same bytes every way. (24 households: 3 a chunk
    make 9 chunks, 7 a chunk 4, two for each worker.)"""
    source = _odd_export(tmp_path / "export.csv", late_refused=True, households=24)
    book = load_rulebook(checks="with")
    written = set()
    for chunk_rows, workers in [(3, 1), (7, 1), (7, 2), (None, 1), (None, 2)]:  # a chunk costs the engine ~0.1 s
        engine = BatchEngine(book) if engine_name == "batch" else Engine(book)
        out, errors = tmp_path / f"{chunk_rows}-{workers}.csv", tmp_path / f"{chunk_rows}-{workers}.e.csv"
        score_path(
            engine, source, out, as_of=AS_OF, region=REGION, errors=errors, chunk_rows=chunk_rows, workers=workers
        )
        with errors.open(encoding="utf-8-sig", newline="") as text:
            lines = [int(row[0]) for row in list(csv.reader(text))[1:]]
        assert lines == sorted(lines) and len(set(lines)) > 10
        written.add((out.read_bytes(), errors.read_bytes()))
    assert len(written) == 1


def _broken_export(path: Path) -> Path:
    """A synthetic export of 30 households, three with a member row broken in two by a line break before
    its 家庭成员联系电话 (the 13th cell): the second line's cells under 县, 乡, 村 and 户编号 are that row's
    家庭成员联系电话, 户类型, 监测对象类别 and 整户无劳动能力兜底保障户 — as written (a key no row has), then set
    to the key of the fifth household (which has other rows), then to the 户编号 of the twentieth under
    another 村."""
    rows = [["" if c is None else str(c) for c in row] for row in person_export(30, seed=5).iter_rows()]
    columns = list(EXPORT_COLUMNS)
    phone, key = columns.index("家庭成员联系电话"), columns.index("户编号")
    ids = list(dict.fromkeys(row[key] for row in rows))
    first = {household: next(n for n, row in enumerate(rows) if row[key] == household) for household in ids}
    village = rows[first[ids[19]]][: key + 1]
    rows[first[ids[8]]][phone : phone + 4] = rows[first[ids[4]]][: key + 1]
    rows[first[ids[12]]][phone : phone + 4] = [*village[:2], "另一村", village[key]]
    broken = {first[ids[n]] for n in (2, 8, 12)}
    lines = [part for n, row in enumerate(rows) for part in ([row[:phone], row[phone:]] if n in broken else [row])]
    with path.open("w", encoding="utf-8", newline="") as text:
        csv.writer(text, lineterminator="\n").writerows([["家庭成员信息表（导出）"], columns, *lines])
    return path


def test_a_row_broken_in_two_counts_no_household_of_its_own_with_workers_or_without(
    engine_name: str, tmp_path: Path
) -> None:
    """The second line of a member row broken in two is refused in its place, with its household; the first
    pass had counted it a household of its own where it held a value under 户编号 (the run's households one
    more than those scored and refused), or a row of the household whose 户编号 it held in another village
    (that household refused as sharing its 户编号). The households counted are those scored and refused,
    with workers or without, the files the same."""
    source = _broken_export(tmp_path / "export.csv")
    written = set()
    for workers in (1, 2):
        engine = BatchEngine(load_rulebook()) if engine_name == "batch" else Engine(load_rulebook())
        run = _score(engine, source, tmp_path, f"{workers}", chunk_rows=7, workers=workers, lang="en")
        with (tmp_path / f"{workers}.e.csv").open(encoding="utf-8-sig", newline="") as text:
            refused = list(csv.DictReader(text))
        households = {row["household_id"] for row in refused if row["household_id"]}
        assert len(households) == 3 and len([row for row in refused if not row["household_id"]]) == 3
        info = run.summary.info
        assert isinstance(info, ExportFile)
        assert run.summary.scored == 27 and info.households == 30 == run.summary.scored + len(households)
        written.add(tuple(run.files))
    assert len(written) == 1


def test_workers_take_smaller_chunks_by_default(
    batch: BatchEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each worker holds its chunk: by default the workers' chunks hold WORKER_HOUSEHOLDS in all (5 000
    each for two, 2 500 for four), one process EXPORT_CHUNK_HOUSEHOLDS; the files are the same. Both
    defaults are read when a run starts: here they are set smaller (the run the same, without scoring
    thousands of households)."""
    assert [worker_chunk(n) for n in (1, 2, 3, 4)] == [WORKER_HOUSEHOLDS, 5_000, 3_333, 2_500]
    monkeypatch.setattr("fanpin.pipeline.scored.WORKER_HOUSEHOLDS", 20)
    monkeypatch.setattr("fanpin.pipeline.scored.EXPORT_CHUNK_HOUSEHOLDS", 40)
    source = write_person_export_csv(tmp_path / "export.csv", 35)
    chunks = []
    for workers in (1, 2):
        out, errors = tmp_path / f"{workers}.csv", tmp_path / f"{workers}.e.csv"
        summary = score_path(batch, source, out, as_of=AS_OF, region=REGION, errors=errors, workers=workers)
        chunks.append(summary.chunks)
    assert chunks == [1, 4]  # two chunks of 10 households for each worker
    assert (tmp_path / "1.csv").read_bytes() == (tmp_path / "2.csv").read_bytes()
    assert (tmp_path / "1.e.csv").read_bytes() == (tmp_path / "2.e.csv").read_bytes()


@pytest.mark.parametrize(
    ("cores", "for_polars", "for_python"), [(1, 1, 1), (2, 1, 2), (3, 2, 3), (4, 3, 4), (16, 4, 4)]
)
def test_the_default_workers_keep_a_core_for_the_command(cores: int, for_polars: int, for_python: int) -> None:
    """The command's own process reads, groups and writes (a third of a run): where a chunk's work is polars'
    (which uses every core of one process) it keeps a core; Python's work gets a worker per core."""
    assert default_workers(in_python=False, cores=cores) == for_polars
    assert default_workers(in_python=True, cores=cores) == for_python


@pytest.mark.parametrize(
    ("options", "workers"),
    [
        ((), 1),
        (("--findings", "found.csv"), 1),
        (("--engine", "durable"), 2),
        (("--engine", "durable", "--findings", "found.csv"), 2),
        (("--workers", "2"), 2),
        (("--workers", "3"), 2),
        (("--workers", "10000"), 2),
    ],
    ids=["batch", "findings", "durable", "durable-findings", "given", "more than the cores", "one a household"],
)
def test_the_command_picks_its_workers_by_the_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, options: tuple[str, ...], workers: int
) -> None:
    """On two cores: the batch engine in one process, with a worksheet of findings too (one process beat two
    workers there, in time and in all processes' memory), the durable engine on two workers, and
    ``--workers`` as given, but never more than a worker a core, with a note (``--workers 10000`` had started a
    process a household, each holding its own fanpin: for a county's file more than the machine's memory); the
    run itself in this process."""
    monkeypatch.setattr("fanpin.pipeline.workers.available_cores", lambda: 2)
    asked: list[int] = []

    def in_this_process(self: ScoredChunks, scoring: object, chunks: int) -> None:
        asked.append(self.workers)

    monkeypatch.setattr(ScoredChunks, "_workers", in_this_process)
    source = write_person_export_csv(tmp_path / "export.csv", 12)
    options = tuple(str(tmp_path / o) if o.endswith(".csv") else o for o in options)
    run = run_cli(
        "score", source, "--as-of", AS_OF.isoformat(), "--region", REGION, "--chunk-rows", "5",
        "--out", tmp_path / "out.csv", "--errors", tmp_path / "e.csv", *options,
    )  # fmt: skip
    assert run.code in (0, 3), run.err
    assert asked == [workers]
    given = int(options[1]) if options[:1] == ("--workers",) else workers
    note = f"note: {given} worker processes asked for (--workers): 2 started, one per core this process may run on"
    assert (note in run.err) == (given > 2), run.err


def test_the_command_uses_workers_and_refuses_a_count_below_one(
    odd: Path, with_checks: OneProcess, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = odd
    out, errors = tmp_path / "3.csv", tmp_path / "3.err.csv"
    run = run_cli(
        "score", source, "--as-of", AS_OF.isoformat(), "--region", REGION, "--checks", "with",
        "--chunk-rows", "10", "--workers", "3", "--out", out, "--errors", errors,
    )  # fmt: skip
    assert run.code == 3 and "Traceback" not in run.err, run.err
    assert [out.read_bytes(), errors.read_bytes()] == with_checks.files[:2]  # as one process writes them
    capsys.readouterr()
    for bad in ("0", "-2", "two"):
        with pytest.raises(SystemExit) as stopped:  # argparse's own exit, as the command would
            run_cli("score", source, "--as-of", AS_OF.isoformat(), "--workers", bad, "--out", tmp_path / "x.csv")
        err = capsys.readouterr().err
        assert stopped.value.code == 2 and "--workers" in err and "Traceback" not in err
    assert not (tmp_path / "x.csv").exists()


def test_scorer_score_file_takes_workers(odd: Path, tmp_path: Path) -> None:
    scorer = Scorer(load_rulebook(checks="with"))
    for workers in (1, 2):
        scorer.score_file(
            odd, tmp_path / f"{workers}.csv", as_of=AS_OF, region=REGION, errors=tmp_path / f"{workers}.e.csv",
            chunk_rows=20, workers=workers,
        )  # fmt: skip
    assert (tmp_path / "1.csv").read_bytes() == (tmp_path / "2.csv").read_bytes()
    assert (tmp_path / "1.e.csv").read_bytes() == (tmp_path / "2.e.csv").read_bytes()


@pytest.mark.parametrize("failure", [OSError(11, "Resource temporarily unavailable"), ImportError("no sem_open")])
def test_workers_that_cannot_start_leave_the_run_to_this_process(
    failure: Exception,
    batch: BatchEngine,
    odd: Path,
    without_checks: OneProcess,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    source, alone = odd, without_checks.summary

    def refused(*args: object, **kwargs: object) -> None:
        raise failure

    monkeypatch.setattr("fanpin.pipeline.workers.ProcessPoolExecutor", refused)
    summary = score_path(
        batch, source, tmp_path / "2.csv", as_of=AS_OF, region=REGION, errors=tmp_path / "2.e.csv",
        chunk_rows=7, workers=2,
    )  # fmt: skip
    assert summary.notes == [*alone.notes, summary.notes[-1]]
    assert "worker processes could not be started" in summary.notes[-1] and "one process" in summary.notes[-1]
    assert [(tmp_path / "2.csv").read_bytes(), (tmp_path / "2.e.csv").read_bytes()] == without_checks.files


def test_a_worker_that_cannot_start_ends_those_started(
    batch: BatchEngine, odd: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second process cannot start (too many processes): the first one is ended, the run goes on here."""
    from concurrent.futures import ProcessPoolExecutor

    started: list[int] = []

    class SecondFails(ProcessPoolExecutor):
        def submit(self, *args: Any, **kwargs: Any) -> Any:
            if started:
                raise OSError(11, "Resource temporarily unavailable")
            future = super().submit(*args, **kwargs)
            started.extend(self._processes)  # the process it started
            return future

    monkeypatch.setattr("fanpin.pipeline.workers.ProcessPoolExecutor", SecondFails)
    summary = score_path(
        batch, odd, tmp_path / "o.csv", as_of=AS_OF, region=REGION, errors=tmp_path / "e.csv",
        chunk_rows=7, workers=2,
    )  # fmt: skip
    assert started and "worker processes could not be started" in summary.notes[-1]
    deadline = time.monotonic() + 10
    while _alive(started[0]) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(started[0])


def test_a_missing_parameter_stops_a_run_with_workers_as_without(odd: Path, tmp_path: Path) -> None:
    messages = []
    for workers in (1, 2):
        with pytest.raises(ParameterLookupError) as stopped:
            score_path(
                BatchEngine(load_rulebook()), odd, tmp_path / "o.csv", as_of=AS_OF, region=REGION,
                errors=tmp_path / "e.csv", chunk_rows=7, strict_parameters=True, workers=workers,
            )  # fmt: skip
        messages.append(str(stopped.value))
        assert list(tmp_path.iterdir()) == []
    assert messages[0] == messages[1]


def test_batches_count_households_not_refusals(odd: Path) -> None:
    _, groups, resolve = export_groups(odd, region=REGION)
    items = list(groups)
    batches = list(_batches(iter(items), 7))
    assert [b for batch in batches for b in batch] == items
    assert all(sum(isinstance(i, HouseholdRows) for i in batch) == 7 for batch in batches[:-1])
    assert sum(isinstance(i, RejectedRow) for i in items) == 1  # the row without 户编号
    assert list(_batches(iter([]), 7)) == [[]]  # a file without data rows still has its (empty) chunk
    # The resolver travels without its caches, and validates alike after the journey.
    resolve(items[0])
    copy = pickle.loads(pickle.dumps(resolve))
    assert copy._cells is None and copy(items[1]) == resolve(items[1])


def test_household_rows_travel_as_they_were() -> None:
    """A household's rows are pickled joined (:class:`HouseholdRows`): odd rows come back the same."""
    unreadable = UnreadableRow("not UTF-8 text", ["H1", "\ufffd"])
    rows = HouseholdRows(
        ("县", "乡", "村", "H1"),
        [(4, ["H1", "a\x1fb", ""]), (5, []), (6, [""]), (7, ["H1"]), (8, unreadable), (9, ["", "", "x\ny", "，"])],
    )
    copy = pickle.loads(pickle.dumps(rows))
    assert copy == rows
    assert type(copy.rows[4][1]) is UnreadableRow and copy.rows[4][1].reason == unreadable.reason


def test_a_chunk_travels_as_it_was_and_without_the_text_it_was_cut_from() -> None:
    """A worker's chunk is pickled with its frames' text in buffers of their own (:func:`compacted`): a chunk
    cut from bigger frames comes back equal, dtypes and all, at the size of its own values (pickled as it was,
    a frame of polars' string views takes the whole buffers it shares along)."""
    import polars as pl

    from fanpin.pipeline.scored import Chunk

    big = pl.DataFrame(
        {
            "household_id": [f"H{i}-" + "x" * 40 for i in range(20_000)],
            "flags": [[f"rule {i % 7} fired for household {i}", "another sentence"] for i in range(20_000)],
            "alert_level": pl.Series(["红", "无"] * 10_000, dtype=pl.Enum(["无", "黄", "橙", "红"])),
            "income": pl.Series([i / 100 for i in range(20_000)], dtype=pl.Decimal(18, 2)),
        }
    )
    cut = big.filter(pl.col("household_id").str.starts_with("H1"))[::50]
    empty = big.clear().select("household_id")
    chunk = Chunk(
        cut, empty, 7, findings=cut.select("flags"), born_after=2, months_after=5, months_after_keys=("H1",),
        born_after_keys=("H2",),
    )  # fmt: skip
    data = pickle.dumps(chunk)
    copy = pickle.loads(data)
    assert copy.read == 7 and copy.refused.equals(empty) and copy.refused.schema == empty.schema
    counted = (copy.born_after, copy.months_after, copy.months_after_keys, copy.born_after_keys)
    assert counted == (2, 5, ("H1",), ("H2",))
    for sent, came in ((chunk.scored, copy.scored), (chunk.findings, copy.findings)):
        assert came is not None and sent is not None
        assert came.schema == sent.schema and came.equals(sent)
    assert len(data) < 2 * len(pickle.dumps(pl.DataFrame(cut.to_dict(as_series=False), schema=cut.schema)))
    assert len(data) < len(pickle.dumps(cut)) / 5  # as it was: the whole buffers
    # A dtype Arrow does not hold is pickled as it is (polars' own Int128).
    wide = pl.DataFrame({"n": pl.Series([2**100], dtype=pl.Int128)})
    assert pickle.loads(pickle.dumps(Chunk(wide, empty, 1))).scored.equals(wide)


def test_what_type_checking_made_known_travels_to_a_worker() -> None:
    """A worker is given the rulebook, not the rule files: the aggregates and label facts that type-checking
    the checks registered in this process are restored there before its engine is made."""
    load_rulebook(checks="with")
    made = derived()
    assert made.aggregates and made.labels
    code = (
        "import pickle, sys\nfrom fanpin.lang.members import AGGREGATES, restore\n"
        "from fanpin.model.member_facts import label_pairs\n"
        "made = pickle.loads(sys.stdin.buffer.read())\nrestore(made)\n"
        "print(len(AGGREGATES), len(label_pairs()))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], input=pickle.dumps(made), capture_output=True, check=True, cwd=ROOT
    )
    assert run.stdout.decode().split() == [str(len(AGGREGATES)), str(len(label_pairs()))]


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text(encoding="ascii") if (task / "children").exists() else ""
        found += [int(p) for p in text.split()]
    return found


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except (FileNotFoundError, ProcessLookupError):
        return False
    return "\nState:\tZ" not in status


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 3 000-household export: long enough to be stopped while its workers score it."""
    return write_person_export_csv(tmp_path_factory.mktemp("large") / "export.csv", 3_000)


def _running_with_workers(source: Path, tmp_path: Path) -> tuple[subprocess.Popen[str], list[int], Path]:
    """``fanpin score`` of ``source`` into ``tmp_path`` with two workers, once its workers score chunks."""
    out = tmp_path / "o.csv"
    command = [sys.executable, "-m", "fanpin", "score", str(source), "--as-of", AS_OF.isoformat(), "--region"]
    command += [REGION, "--chunk-rows", "100", "--workers", "2", "--out", str(out), "--errors", str(tmp_path / "e.csv")]
    process = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and process.poll() is None:
        # Scoring has begun when the first chunk is written (the .part file holds more than its header).
        part = out.with_name(out.name + ".part")
        if part.exists() and part.stat().st_size > 4096:
            break
        time.sleep(0.05)
    if process.poll() is not None:
        pytest.fail(f"the run ended before the test could act: {process.communicate()[1]}")
    workers = [p for p in _children(process.pid) if "spawn_main" in Path(f"/proc/{p}/cmdline").read_text("latin-1")]
    assert len(workers) == 2
    return process, workers, tmp_path


def test_a_worker_that_dies_as_it_starts_stops_the_run(odd: Path, tmp_path: Path) -> None:
    """A worker that dies while it starts (here: a ``sitecustomize`` module on the path ends every process
    ``spawn`` starts) stops the run with exit 2 and a clear error; it once left the run waiting for ever,
    its start message larger than a pipe holds."""
    source = odd
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(
        "import sys\nif '--multiprocessing-fork' in sys.argv:\n    raise SystemExit('no worker starts here')\n",
        encoding="utf-8",
    )
    arguments = [str(source), "--as-of", "2025-06-30", "--region", REGION, "--chunk-rows", "7", "--workers", "2"]
    arguments += ["--out", str(tmp_path / "o.csv"), "--errors", str(tmp_path / "e.csv")]
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), str(ROOT)])}
    run = subprocess.run(
        [sys.executable, "-m", "fanpin", "score", *arguments],
        cwd=ROOT, capture_output=True, text=True, timeout=120, env=environment,
    )  # fmt: skip
    assert run.returncode == 2, run.stderr
    assert "a worker process stopped" in run.stderr and "could not start" in run.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def _host_program(source: Path, folder: Path, workers: int) -> str:
    """A host's script that scores ``source`` into ``folder`` with ``workers``, at its top level (no
    ``if __name__ == "__main__":``), and notes each time it runs in ``folder / "runs"``."""
    return (
        "from datetime import date\nfrom fanpin import load_rulebook\nfrom fanpin.batch import BatchEngine\n"
        "from fanpin.pipeline import score_path\n"
        f"with open({str(folder / 'runs')!r}, 'a') as runs:\n    runs.write('run\\n')\n"
        f"s = score_path(BatchEngine(load_rulebook()), {str(source)!r}, {str(folder / f'{workers}.csv')!r},"
        f" as_of=date(2025, 6, 30), region={REGION!r}, errors={str(folder / f'{workers}.e.csv')!r}, chunk_rows=7,"
        f" workers={workers})\nprint(s.scored, s.chunks, s.notes)\n"
    )


@pytest.mark.parametrize("how", ["file", "stdin"])
def test_a_host_script_without_a_main_guard_runs_once_with_workers(
    odd: Path, without_checks: OneProcess, tmp_path: Path, how: str
) -> None:
    """``spawn`` loads the program's main module again in each new process: a script scoring at its top
    level ran once more in each worker, and the run stopped (the workers never started). A program read
    from standard input (``python -``) has no module to load: it was scored in one process, with a note.
    The workers now start without it: the script runs once, with workers, and writes the same files as
    one process."""
    program = _host_program(odd, tmp_path, 2)
    if how == "file":
        (tmp_path / "host.py").write_text(program, encoding="utf-8")
        command, given = [sys.executable, str(tmp_path / "host.py")], None
    else:
        command, given = [sys.executable, "-"], program
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}  # this fanpin, wherever the script lies
    run = subprocess.run(command, input=given, cwd=ROOT, capture_output=True, text=True, timeout=120, env=environment)
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    assert run.stdout.split()[1] == "9" and "could not be started" not in run.stdout
    assert (tmp_path / "runs").read_text(encoding="utf-8").split() == ["run"]
    assert [(tmp_path / "2.csv").read_bytes(), (tmp_path / "2.e.csv").read_bytes()] == without_checks.files


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads the process tree from /proc")
@pytest.mark.parametrize("stop", [signal.SIGINT, getattr(signal, "SIGHUP", signal.SIGINT)], ids=["SIGINT", "SIGHUP"])
def test_ctrl_c_stops_a_run_with_workers_and_its_workers(large: Path, tmp_path: Path, stop: signal.Signals) -> None:
    """Ctrl-C, or a terminal (an SSH session) that closes, signals the whole process group. SIGHUP had killed
    the workers and multiprocessing's resource tracker, which printed tracebacks ("resource_tracker: process
    died unexpectedly"); they ignore it now, and the run stops as the signal says."""
    process, workers, folder = _running_with_workers(large, tmp_path)
    os.killpg(process.pid, stop)  # as a terminal does: the whole process group
    _, err = process.communicate(timeout=60)
    assert process.returncode == 128 + stop, err
    said = "interrupted" if stop == signal.SIGINT else "stopped (SIGHUP)"
    assert said in err and "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert "resource_tracker" not in err, err
    assert list(folder.iterdir()) == []
    assert not any(_alive(p) for p in workers)


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads the process tree from /proc")
def test_a_worker_killed_stops_the_run_with_a_clear_error(large: Path, tmp_path: Path) -> None:
    process, workers, folder = _running_with_workers(large, tmp_path)
    os.kill(workers[0], signal.SIGKILL)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 2, err
    assert "a worker process stopped" in err and "--workers 1" in err and "Traceback" not in err
    assert list(folder.iterdir()) == []
    assert not any(_alive(p) for p in workers)


@pytest.mark.skipif(not Path("/proc/self/io").exists(), reason="the worker reads its bytes written from /proc")
def test_a_worker_killed_while_it_sends_its_result_stops_the_run(tmp_path: Path) -> None:
    """A worker killed while it sends a chunk's result back (larger than a pipe holds) left the pool's
    reader waiting for the rest of it: the run waited for ever, and after it the interpreter's exit (it
    once stopped the suite). The run now stops with the clear error, and the program ends."""
    run = _run_whose_worker_dies_sending()
    assert (run.returncode, run.stderr) == (0, "")
    assert run.stdout.startswith("stopped: a worker process stopped before its chunk was scored"), run.stdout


def _run_whose_worker_dies_sending(before: str = "", after: str = "") -> subprocess.CompletedProcess[str]:
    """A program that runs ``Workers`` with :class:`~tests.both_engines.dying_worker.DiesSending` and prints
    the error that stops it, its code ``before`` and ``after`` that, in a process of its own."""
    program = (
        f"{before}"
        "from fanpin.errors import EngineError\n"
        "from fanpin.pipeline.workers import Workers\n"
        "from tests.both_engines.dying_worker import DiesSending\n"
        "def run():\n"
        "    with Workers(2, DiesSending()) as workers:\n"
        "        return list(workers.map([[], [], []]))\n"
        "try:\n"
        "    run()\n"
        "except EngineError as error:\n"
        "    print('stopped:', error)\n"
        f"{after}"
    )
    return subprocess.run(
        [sys.executable, "-c", program], cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip


@pytest.mark.skipif(not Path("/proc/self/io").exists(), reason="the worker reads its bytes written from /proc")
def test_a_stopped_run_leaves_no_semaphore_to_the_programs_exit() -> None:
    """The queue that hands the workers their chunk scorer has a feeder thread (a daemon) that holds two of
    its locks, named semaphores. Where that thread let go of them last, their finalizer ran in it: it
    unlinked the name and, cut off by the program's exit before it told the resource tracker, left the
    tracker printing "leaked semaphore objects" and "No such file or directory" after a run that had
    stopped well (twice in eight CI runs). Here both windows are widened (the feeder lingers as it ends, and
    a finalizer run outside the main thread waits between its two steps): the run ends its feeder before
    it lets go of the queue, so nothing is printed."""
    widened = (
        "import gc, threading, time\n"
        "import multiprocessing.queues as queues, multiprocessing.synchronize as synchronize\n"
        "from _multiprocessing import sem_unlink\n"
        "feed = queues.Queue._feed\n"
        "def lingering(*args):\n"
        "    try:\n"
        "        feed(*args)\n"
        "    finally:\n"
        "        time.sleep(0.3)\n"
        "queues.Queue._feed = staticmethod(lingering)\n"
        "def cleanup(name):\n"
        "    from multiprocessing.resource_tracker import unregister\n"
        "    sem_unlink(name)\n"
        "    if threading.current_thread() is not threading.main_thread():\n"
        "        time.sleep(0.5)\n"
        "    unregister(name, 'semaphore')\n"
        "synchronize.SemLock._cleanup = staticmethod(cleanup)\n"
    )
    run = _run_whose_worker_dies_sending(before=widened, after="gc.collect()\n")
    assert (run.returncode, run.stderr) == (0, "")
    assert run.stdout.startswith("stopped: a worker process stopped"), run.stdout


@pytest.mark.skipif(not Path("/proc/self/io").exists(), reason="the worker reads its bytes written from /proc")
def test_a_stopped_run_leaves_the_pools_wake_up_pipe_closed_to_the_programs_exit() -> None:
    """The interpreter's exit wakes each process pool's manager thread by writing to a pipe unless that
    thread has closed it, without a lock against the close. A stopped run's pool is broken: its manager
    thread closes the pipe as it ends, and an exit in between printed "Bad file descriptor" after a run that
    had stopped well (once in CI). Here the window is widened (the close and the exit's write each wait a
    moment): the run waits for the manager thread before it returns, so nothing is printed."""
    widened = (
        "import threading, time\n"
        "import concurrent.futures.process as process\n"
        "close = process._ThreadWakeup.close\n"
        "def closing(self):\n"
        "    if threading.current_thread() is not threading.main_thread():\n"
        "        time.sleep(0.3)\n"
        "    close(self)\n"
        "def wakeup(self):\n"
        "    if not self._closed:\n"
        "        time.sleep(0.6)\n"
        "        self._writer.send_bytes(b'')\n"
        "process._ThreadWakeup.close = closing\n"
        "process._ThreadWakeup.wakeup = wakeup\n"
    )
    run = _run_whose_worker_dies_sending(before=widened)
    assert (run.returncode, run.stderr) == (0, "")
    assert run.stdout.startswith("stopped: a worker process stopped"), run.stdout


class _RefusedError(Exception):
    pass


@pytest.mark.parametrize("stopped", [False, True], ids=["ended", "stopped"])
def test_the_queue_of_chunk_scorers_ends_with_the_workers(stopped: bool) -> None:
    """When ``Workers`` ends, well or stopped by an error, its queue's feeder thread has ended too (see the
    test above for what a thread left running did)."""
    from fanpin.pipeline.workers import Workers
    from tests.both_engines.dying_worker import DiesSending

    scoring: Any = DiesSending()  # scores no chunk here
    if stopped:
        with pytest.raises(_RefusedError), Workers(1, scoring) as workers:
            raise _RefusedError
    else:
        with Workers(1, scoring) as workers:
            assert list(workers.map([])) == []
    feeder = workers.given._thread  # type: ignore[attr-defined]
    assert feeder is not None and not feeder.is_alive()


@pytest.mark.parametrize(
    "error",
    [
        EngineError("durable-rules said no", fix="try again"),
        ParameterLookupError("no 低保 line", parameter="dibao_line", region="13", as_of="2025-06-30", fix="add it"),
        MissingColumnError("no 户编号 in 532328199001011234.csv", columns=("household_id",), path="a.csv"),
        RulebookLoadError([ConfigError("first"), ConfigError("second")]),
        UnknownNameError("no such fact", name="incme", suggestion="income"),
    ],
    ids=lambda error: type(error).__name__,
)
def test_an_error_crosses_from_a_worker_as_it_was(error: FanpinError) -> None:
    """A worker's error reaches the run pickled: every error of fanpin comes back the same (its class's own
    arguments are keywords, which the default pickling of an exception would drop), masked as before."""
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error) and str(copy) == str(error) and copy.args == error.args
    assert {k: str(v) for k, v in copy.__dict__.items()} == {k: str(v) for k, v in error.__dict__.items()}
    assert "199001011234" not in str(copy)


def test_a_refused_record_crosses_pickled_with_its_text() -> None:
    """A RecordValidationError is pydantic's ValidationError too; pickled as pydantic pickles one, it came
    back with an empty message, fix and model (``str()`` was `` [invalid-record]``)."""
    from fanpin import Household
    from fanpin.errors import RecordValidationError

    record = {"户编号": "H1", "户类型": "x", "家庭人口数": 0, "工资性收入": "abc", "户主证件号码": "532328199001011234"}
    with pytest.raises(RecordValidationError) as info:
        Household.model_validate(record)
    error = info.value
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error) and str(copy) == str(error) and (copy.fix, copy.model) == (error.fix, error.model)
    assert [(e["loc"], e["msg"], e["input"]) for e in copy.errors()] == [
        (e["loc"], e["msg"], e["input"]) for e in error.errors()
    ]
    assert "199001011234" not in str(copy) and str(copy).startswith("Household refused")


def test_a_worker_of_the_hosts_own_pool_scores_in_its_process(odd: Path, tmp_path: Path) -> None:
    """A host that scores files in its own ``multiprocessing`` pool, each with workers: a pool's worker is
    daemonic and may not start processes (an AssertionError from Python, an internal error to the host).
    Each is scored in its pool worker's process, with a note, and the same files."""
    source = odd
    program = tmp_path / "pool.py"
    program.write_text(
        "import multiprocessing\nfrom datetime import date\n"
        "def one(workers):\n"
        "    from fanpin import load_rulebook\n    from fanpin.batch import BatchEngine\n"
        "    from fanpin.pipeline import score_path\n"
        f"    s = score_path(BatchEngine(load_rulebook()), {str(source)!r}, {str(tmp_path)!r} + f'/{{workers}}.csv',"
        f" as_of=date(2025, 6, 30), region={REGION!r}, errors={str(tmp_path)!r} + f'/{{workers}}.e.csv',"
        " chunk_rows=7, workers=workers)\n"
        "    return s.scored, s.notes\n"
        "if __name__ == '__main__':\n"
        "    with multiprocessing.get_context('spawn').Pool(2) as pool:\n"
        "        for scored, notes in pool.map(one, [1, 2]):\n            print(scored, notes)\n",
        encoding="utf-8",
    )
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run(
        [sys.executable, str(program)], cwd=ROOT, capture_output=True, text=True, timeout=180, env=environment
    )
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    one, two = run.stdout.splitlines()
    assert "[]" in one and "a worker of a multiprocessing pool" in two and "scored in one process" in two
    assert (tmp_path / "1.csv").read_bytes() == (tmp_path / "2.csv").read_bytes()
    assert (tmp_path / "1.e.csv").read_bytes() == (tmp_path / "2.e.csv").read_bytes()
