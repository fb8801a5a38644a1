from __future__ import annotations

import os

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
