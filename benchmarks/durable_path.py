"""Benchmark: one household at a time through the public API (``Scorer.assess``, durable-rules).

Measured in this one run, each beside its target (README "Performance"):

- p50 / p90 / p99 µs per ``Scorer.assess`` call and households per second (of wall-clock time, and
  of this process's CPU time: on a shared machine the first also counts the time other processes
  hold the cores), over N evaluations of a pool of already validated households (validation is
  timed apart: ``validate_us``, the p50 of ``Household.model_validate`` of one record);
- RSS growth over those N evaluations (memory must stay flat);
- the first call on a fresh ``Scorer`` (its rulebook already loaded; the compiling of rules for the
  region and date included), and, apart, loading the reference rulebook (``Scorer()``) and the first
  batch call (``Scorer.score`` of five households), each in a fresh interpreter with fanpin and polars
  already imported;
- where the time of one evaluation goes, step by step (fact reading, thresholds and computed terms,
  durable-rules, the not-evaluable decision, explanations, the rest), each step timed over the pool.

Synthetic households come from a seeded generator; nothing large is written to disk.
Usage: ``python benchmarks/durable_path.py [N]`` (default 200 000; ``make bench`` runs 1 000 000).
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import time
from array import array
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from fanpin import Household, Scorer, load_rulebook

AS_OF = date(2025, 6, 30)
#: Targets (issue "Performance on realistic files", item 4).
P50_TARGET_US = 80.0
RATE_TARGET = 10_000.0
FIRST_CALL_TARGET_MS = 50.0


def rss_kib() -> int:
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def records(n: int, seed: int = 7) -> list[dict[str, Any]]:
    """``n`` household records as a host application would pass them (English field names)."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        size = rng.randint(1, 7)
        row = {
            "household_id": f"B{i}",
            "region_code": "532328",
            "household_type": rng.choice(["脱贫户", "一般农户"]),
            "size": size,
            "labor_count": rng.choice([None, 0, 1, min(2, size)]),
            "wage_income": rng.randint(0, 60000),
            "business_income": rng.randint(0, 20000),
            "property_income": 0,
            "transfer_income": rng.randint(0, 5000),
            "prev_income_per_capita": rng.choice([None, 0, rng.randint(3000, 20000)]),
            "medical_out_of_pocket": rng.choice([None, 0, rng.randint(0, 60000)]),
            "prev_rigid_expense": rng.choice([None, rng.randint(0, 20000)]),
            "housing_unsafe": rng.choice([None, True, False, False, False]),
            "dropout": rng.choice([None, False, False, True]),
            "water_unsafe": rng.choice([None, False]),
            "uninsured_member": rng.choice([None, False, True]),
        }
        out.append({k: v for k, v in row.items() if v is not None})
    return out


def synthetic(n: int, seed: int = 7) -> list[Household]:
    return [Household.model_validate(r) for r in records(n, seed)]


def _fresh(code: str) -> float:
    """Milliseconds printed by ``code`` run in a fresh interpreter that imports this checkout's fanpin."""
    prelude = "import time, fanpin, polars\nfrom datetime import date\nclock = time.perf_counter\n"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    done = subprocess.run([sys.executable, "-c", prelude + code], capture_output=True, text=True, check=True, env=env)
    return float(done.stdout.strip().splitlines()[-1])


def first_calls(runs: int = 3) -> dict[str, float]:
    """Median over ``runs`` fresh interpreters: first ``assess`` on a fresh ``Scorer``, ``Scorer()`` with
    the reference rulebook, and the first batch call."""
    record, batch = repr(records(1)[0]), repr(records(5))
    first = (
        f"book = fanpin.load_rulebook()\nh = fanpin.Household.model_validate({record})\n"
        "t = clock(); s = fanpin.Scorer(book); s.assess(h, as_of=date(2025, 6, 30))\n"
        "print((clock() - t) * 1e3)"
    )
    load = "t = clock(); fanpin.Scorer()\nprint((clock() - t) * 1e3)"
    scored = (
        f"book = fanpin.load_rulebook()\nrows = {batch}\n"
        "import fanpin.batch, fanpin.pipeline\n"  # the import of the batch modules is not timed
        "t = clock(); fanpin.Scorer(book).score(rows, as_of=date(2025, 6, 30))\n"
        "print((clock() - t) * 1e3)"
    )
    return {
        "first_call_ms": statistics.median(_fresh(first) for _ in range(runs)),
        "scorer_load_ms": statistics.median(_fresh(load) for _ in range(runs)),
        "first_batch_call_ms": statistics.median(_fresh(scored) for _ in range(runs)),
    }


def steps(scorer: Scorer, pool: list[Household], rounds: int = 5) -> dict[str, float]:
    """µs per household of each step of ``Engine.evaluate`` (its internals, for the profile in
    docs/scale.md): each step timed per household, ``rounds`` times over the pool; the median. The steps
    are timed alone, each in a loop of its own, where they run faster than inside a whole evaluation (their
    data and code stay in the caches): the last figure, the whole less the steps, is mostly that
    difference, not a step (the band, level and assessment took about 13 µs of it, timed inside
    evaluations on 2026-12-01; docs/performance-log.md)."""
    engine = scorer.engine
    program = engine._program("532328", AS_OF)
    rules = engine._set
    durable = program.rules.variant.durable
    encoded = [engine._reader.read(h) for h in pool]
    messages = [rules.message(dict(e), program.rules) for e in encoded]
    fired = [rules.outcomes(m, program.rules)[0] for m in messages]
    absent = [rules.all_needs.difference(m) for m in messages]
    work: dict[str, Callable[[int], object]] = {
        "assess (every step)": lambda i: scorer.assess(pool[i], as_of=AS_OF),
        "read facts": lambda i: engine._reader.read(pool[i]),
        "thresholds + computed terms": lambda i: rules.message(dict(encoded[i]), program.rules),
        "durable-rules (JSON, assert, agenda, retract)": lambda i: durable.evaluate(messages[i]),
        "not evaluable (Kleene logic)": lambda i: rules._unknown(messages[i], fired[i], absent[i]),
        "explanations (flags)": lambda i: [engine._flag(j, messages[i], program.uses, {}) for j in sorted(fired[i])],
    }
    clock = time.perf_counter
    split: dict[str, float] = {}
    for name, run in work.items():
        times = []
        for _ in range(rounds):
            for i in range(len(pool)):
                start = clock()
                run(i)
                times.append(clock() - start)
        split[name] = statistics.median(times) * 1e6
    split["whole less the steps timed alone (see steps())"] = split["assess (every step)"] - sum(
        v for k, v in split.items() if k != "assess (every step)"
    )
    return split


def main(n: int, *, fresh: bool = True, runs: int = 3) -> dict[str, float]:
    """Run the benchmark over ``n`` evaluations; ``fresh=False`` skips the fresh-interpreter timings,
    which are the median of ``runs`` interpreters each."""
    scorer = Scorer(load_rulebook())
    raw = records(2000)
    pool = [Household.model_validate(r) for r in raw]
    for h in pool:  # warm: the rules compiled for the region and date, generated source swapped in
        scorer.assess(h, as_of=AS_OF)
    validate = sorted(_validation_time(r) for r in raw)
    # Preallocated, so that storing the timings does not count as growth (a list of 1 M floats is 32 MB).
    times = array("d", bytes(8 * n))
    before = rss_kib()
    clock = time.perf_counter
    assess = scorer.assess
    size = len(pool)
    cpu, start = time.process_time(), clock()
    for i in range(n):
        t = clock()
        assess(pool[i % size], as_of=AS_OF)
        times[i] = clock() - t
    total, cpu = clock() - start, time.process_time() - cpu
    grown = rss_kib() - before  # measured before sorting, which copies the timings
    ordered = sorted(times)
    rate = n / total
    result = {
        "households_per_s": rate,
        # Per second of this process's CPU time: on a shared machine, wall-clock throughput also
        # measures the neighbours (a call descheduled for milliseconds), the CPU time does not.
        "households_per_cpu_s": n / cpu if cpu > 0 else 0.0,
        "p50_us": ordered[n // 2] * 1e6,
        "p90_us": ordered[int(n * 0.9)] * 1e6,
        "p99_us": ordered[int(n * 0.99)] * 1e6,
        "rss_growth_kib": float(grown),
        "validate_us": validate[len(validate) // 2] * 1e6,
    }
    if fresh:
        result.update(first_calls(runs))
    split = steps(scorer, pool[:500])
    print(f"durable path (Scorer.assess), {len(scorer.rulebook.rules)} rules, {n:,} evaluations")
    print(f"{'measure':<34}{'measured':>12}{'target':>12}{'ratio':>8}")
    print(f"{'households/s':<34}{rate:>12.0f}{'>= 10000':>12}{rate / RATE_TARGET:>8.2f}")
    per_cpu = result["households_per_cpu_s"]
    print(f"{'households per CPU second':<34}{per_cpu:>12.0f}{'>= 10000':>12}{per_cpu / RATE_TARGET:>8.2f}")
    p50 = result["p50_us"]
    print(f"{'p50 µs':<34}{p50:>12.1f}{'<= 80':>12}{P50_TARGET_US / p50:>8.2f}")
    print(f"{'p90 µs':<34}{result['p90_us']:>12.1f}{'':>12}{'':>8}")
    print(f"{'p99 µs':<34}{result['p99_us']:>12.1f}{'':>12}{'':>8}")
    print(f"{'RSS growth KiB':<34}{grown:>12d}{'flat':>12}{'':>8}")
    if fresh:
        first = result["first_call_ms"]
        print(f"{'first call, fresh Scorer ms':<34}{first:>12.1f}{'<= 50':>12}{FIRST_CALL_TARGET_MS / first:>8.2f}")
        print(f"{'Scorer() (loads the rulebook) ms':<34}{result['scorer_load_ms']:>12.1f}{'':>12}{'':>8}")
        print(f"{'first batch call (5 rows) ms':<34}{result['first_batch_call_ms']:>12.1f}{'':>12}{'':>8}")
    print(f"{'validation of one record µs':<34}{result['validate_us']:>12.1f}{'(apart)':>12}{'':>8}")
    print("where one evaluation's time goes (median µs per household, 5 rounds over 500 households):")
    for name, value in split.items():
        print(f"  {name:<48}{value:>8.1f}")
    return result


def _validation_time(record: dict[str, Any]) -> float:
    start = time.perf_counter()
    Household.model_validate(record)
    return time.perf_counter() - start


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000)
