from __future__ import annotations

import gc
import os
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

from fanpin import Engine, Rulebook, load_rulebook
from fanpin.batch import BatchEngine

settings.register_profile("ci", max_examples=45, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=3000, deadline=None)
settings.load_profile("long" if os.environ.get("FANPIN_SLOW") else "ci")

# The command's messages are in the language of the system it runs on (fanpin.messages): English here, on
# a Chinese system too, for the tests that read them (and the commands they start, which inherit it).
os.environ["FANPIN_MESSAGES"] = "en"


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto``'s workers: one more than the cores this process may run on. A test spends part of its time
    waiting (for the command's threads and child processes, the export's workers, a file): with a worker a
    core, the suite used some 1.7 of the two cores; with one more, 624 s where two had taken 703 s and 747 s,
    and four 658 s (single runs, 2026-12-07: docs/performance-log.md, session 70)."""
    return len(os.sched_getaffinity(0)) + 1 if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1) + 1


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """After each test, what it left alive is moved out of the collector's reach (``gc.freeze``), its garbage
    collected first. ``fanpin.cli.main`` collects the whole heap after a run that failed (its writers'
    finalizers run while their errors are kept quiet), and the suite calls it in its own process hundreds of
    times: over a test worker's heap (the collected tests, session engines, caches) that had been a fifth of
    the suite's time. Frozen, it walks only what the running test made, as in the command's own process; the
    run's objects are never frozen before the command's collection meets them (docs/performance-log.md,
    session 60, has the figures)."""
    try:
        return (yield)
    finally:
        gc.collect()
        gc.freeze()


@pytest.fixture(scope="session")
def book() -> Rulebook:
    """The reference rulebook."""
    return load_rulebook()


@pytest.fixture(scope="session")
def engine(book: Rulebook) -> Engine:
    """The per-household engine (durable-rules) on the reference rules."""
    return Engine(book)


@pytest.fixture(scope="session")
def batch(book: Rulebook) -> BatchEngine:
    """The batch engine (polars) on the reference rules."""
    return BatchEngine(book)


@pytest.fixture(params=["batch", "durable"])
def engine_name(request: pytest.FixtureRequest) -> str:
    """Each engine by its ``--engine`` name: a test that takes it runs once per engine."""
    name: str = request.param
    return name


@pytest.fixture
def either_engine(engine_name: str, engine: Engine, batch: BatchEngine) -> Engine | BatchEngine:
    """The engine object named by :func:`engine_name`, as :func:`fanpin.pipeline.score_path` takes it."""
    return batch if engine_name == "batch" else engine
