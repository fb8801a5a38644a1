from __future__ import annotations

import os
from datetime import date

import pytest
from hypothesis import HealthCheck, settings

from fanpin import Engine, Rulebook, load_rulebook

AS_OF = date(2025, 6, 30)
REGION = "532328"

settings.register_profile("ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=3000, deadline=None)
settings.load_profile("long" if os.environ.get("FANPIN_SLOW") else "ci")


@pytest.fixture(scope="session")
def book() -> Rulebook:
    return load_rulebook()


@pytest.fixture(scope="session")
def engine(book: Rulebook) -> Engine:
    return Engine(book)
