"""A data check's national codes, as a finding names them: only the codes whose population the household
is in.

A check of the pack (``rules/checks/``) lists its codes with the population each is raised for
(:data:`fanpin.rulebook.schema.Population`): 脱贫户 (the household's 户类型 is 脱贫户), 监测对象 (the
household is monitored: it has a 监测对象类别) or 全部 (every household). One rule may carry twin codes
(``1_01_003`` for 脱贫户, ``1_12_002`` for 监测对象); a household that is both — a monitored 脱贫户 — is
listed under both.

Both engines name the codes the same way: the per-household engine with :func:`flag_codes`, the batch
engine with :func:`population_expr` over the same two facts.

>>> flag_codes({"1_01_003": "脱贫户", "1_12_002": "监测对象"}, "formerly_poor", False)
('1_01_003',)
>>> flag_codes({"1_01_003": "脱贫户", "1_12_002": "监测对象"}, "formerly_poor", True)
('1_01_003', '1_12_002')
>>> flag_codes({"1_01_001": "全部", "1_12_001": "监测对象"}, None, None)
('1_01_001',)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from fanpin.model.household import HouseholdType

if TYPE_CHECKING:
    import polars as pl

__all__ = ["POPULATION_FACTS", "codes_expr", "flag_codes", "in_population", "population_expr"]

#: The household facts a population is decided on.
POPULATION_FACTS = ("household_type", "monitored")


def in_population(population: str, household_type: object, monitored: object) -> bool:
    """Whether a household of this 户类型 (the fact's value, ``formerly_poor`` …) and monitoring state is in
    ``population``. An unknown 户类型 or monitoring state is not in the population it decides."""
    if population == "全部":
        return True
    if population == "脱贫户":
        return household_type is not None and str(household_type) == HouseholdType.FORMERLY_POOR.value
    return bool(monitored)


def flag_codes(codes: Mapping[str, str], household_type: object, monitored: object) -> tuple[str, ...]:
    """The codes (of a rule's ``codes:``, in their order) whose population the household is in."""
    return tuple(code for code, population in codes.items() if in_population(population, household_type, monitored))


def population_expr(population: str) -> pl.Expr:
    """:func:`in_population` on the batch engine's encoded columns ``household_type`` and ``monitored``
    (1 or 0), null as false."""
    import polars as pl  # the batch engine's alone: the per-household engine never imports polars

    if population == "全部":
        return pl.lit(True)
    if population == "脱贫户":
        return (pl.col("household_type").cast(pl.String) == HouseholdType.FORMERLY_POOR.value).fill_null(False)
    return (pl.col("monitored").cast(pl.Int64) == 1).fill_null(False)


def codes_expr(codes: Mapping[str, str]) -> pl.Expr:
    """:func:`flag_codes` as a list column on the batch engine's encoded columns."""
    import polars as pl

    if not codes:
        return pl.lit([], dtype=pl.List(pl.String))
    listed = [
        pl.when(population_expr(p)).then(pl.lit(code)).otherwise(pl.lit(None, dtype=pl.String))
        for code, p in codes.items()
    ]
    return pl.concat_list(listed).list.drop_nulls()
