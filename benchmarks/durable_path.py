"""Benchmark: the per-household durable-rules path (embedded use; targets in README "Performance").

Prints households/s, p50/p99 µs per household and RSS growth over N evaluations, each beside its
target, all measured in this one run. Synthetic households come from a seeded generator; nothing large
is written to disk. Usage: ``python benchmarks/durable_path.py [N]`` (default 200 000).
"""

from __future__ import annotations

import random
import sys
import time
from array import array
from datetime import date
from pathlib import Path

from fanpin import Engine, Household, load_rulebook


def rss_kib() -> int:
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def synthetic(n: int, seed: int = 7) -> list[Household]:
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
        out.append(Household.model_validate(row))
    return out


def main(n: int) -> dict[str, float]:
    engine = Engine(load_rulebook())
    pool = synthetic(2000)
    as_of = date(2025, 6, 30)
    for h in pool:
        engine.evaluate(h, as_of=as_of)
    # Preallocated, so that storing the timings does not count as growth (a list of 1 M floats is 32 MB).
    times = array("d", bytes(8 * n))
    before = rss_kib()
    clock = time.perf_counter
    start = clock()
    for i in range(n):
        t = clock()
        engine.evaluate(pool[i % len(pool)], as_of=as_of)
        times[i] = clock() - t
    total = clock() - start
    grown = rss_kib() - before  # measured before sorting, which copies the timings
    ordered = sorted(times)
    rate = n / total
    p50, p99 = ordered[n // 2] * 1e6, ordered[int(n * 0.99)] * 1e6
    print(f"durable path, {len(engine.rulebook.rules)} rules, {n} evaluations")
    print(f"{'measure':<22}{'measured':>12}{'target':>12}{'ratio':>8}")
    print(f"{'households/s':<22}{rate:>12.0f}{'>= 5000':>12}{rate / 5000:>8.2f}")
    print(f"{'p50 µs':<22}{p50:>12.1f}{'<= 150':>12}{150 / p50:>8.2f}")
    print(f"{'p99 µs':<22}{p99:>12.1f}{'':>12}{'':>8}")
    print(f"{'RSS growth KiB':<22}{grown:>12d}{'flat':>12}{'':>8}")
    return {"households_per_s": rate, "p50_us": p50, "p99_us": p99, "rss_growth_kib": grown}


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000)
