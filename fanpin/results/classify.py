"""Income band, alert level and suggested category , from fired rules and parameters.

Bands partition the whole number line of per-capita income (a negative net income is below the line)::

    below_line < L ≤ near_line < near_line_multiple·L ≤ above_line < over_inclusion_multiple·L ≤ far_above

Suggested category: below the line → 脱贫不稳定户 (formerly poor) or 边缘易致贫户 (ordinary); else
``income.below_after_rigid``, or a guarantee problem together with a shock (sharp drop, rigid-spending
spike, medical burden) → 突发严重困难户; else none. Alert level: the highest level among the fired
rules that are not ``info``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from decimal import Decimal

from fanpin.model.household import HouseholdType
from fanpin.model.parameters import ResolvedParameter
from fanpin.results.assessment import AlertLevel, Band, Category
from fanpin.rulebook import Level

__all__ = [
    "ALERT_LEVELS",
    "BAND_PARAMETERS",
    "RULE_LEVELS",
    "alert_level",
    "band_between",
    "income_band",
    "severity",
    "suggested_category",
]

BAND_PARAMETERS = ("monitoring_line", "near_line_multiple", "over_inclusion_multiple")
SHOCKS = frozenset({"income.sharp_drop", "expense.rigid_spike", "expense.medical_burden"})
AFTER_RIGID = "income.below_after_rigid"
GUARANTEE_PREFIX = "guarantee."
#: The reference rules of a guarantee problem (``GUARANTEE_PREFIX``): the category reads any that fired.
GUARANTEES = ("guarantee.dropout", "guarantee.housing_unsafe", "guarantee.uninsured", "guarantee.water_unsafe")
#: The one level table. A rule's level, least severe first: its index is its severity. ``info`` rules
#: (audit findings, data checks) never raise the alert level.
RULE_LEVELS: tuple[Level, ...] = ("info", "yellow", "orange", "red")
#: The household's alert level by severity: the most severe level among its fired rules, ``none`` below.
ALERT_LEVELS: tuple[AlertLevel, ...] = ("none", "yellow", "orange", "red")


def severity(level: str) -> int:
    """0 for ``info`` (and any level that does not raise the alert), up to 3 for ``red``."""
    return RULE_LEVELS.index(level) if level in RULE_LEVELS else 0


def band_edges(params: Mapping[str, ResolvedParameter]) -> tuple[Decimal, Decimal, Decimal]:
    line = params["monitoring_line"].value
    return line, line * params["near_line_multiple"].value, line * params["over_inclusion_multiple"].value


def income_band(per_capita: Decimal | None, params: Mapping[str, ResolvedParameter]) -> Band | None:
    """The band of ``per_capita`` (元); exactly on an edge belongs to the band above it. None when the
    income is unknown or a band parameter has no value for the household's region and date."""
    if per_capita is None or any(name not in params for name in BAND_PARAMETERS):
        return None
    return band_between(per_capita, band_edges(params))


def band_between(per_capita: Decimal, edges: tuple[Decimal, Decimal, Decimal]) -> Band:
    """The band of ``per_capita`` between the edges of :func:`band_edges` (computed once per region and
    date by an engine that scores many households)."""
    line, near, far = edges
    if per_capita < line:
        return "below_line"
    if per_capita < near:
        return "near_line"
    if per_capita < far:
        return "above_line"
    return "far_above"


def alert_level(fired: Mapping[str, str]) -> AlertLevel:
    """``fired`` maps rule id → level."""
    return ALERT_LEVELS[max((severity(level) for level in fired.values()), default=0)]


def suggested_category(
    band: Band | None, household_type: str | HouseholdType | None, fired: Collection[str]
) -> Category | None:
    if band == "below_line":
        return "unstable_lifted" if household_type == HouseholdType.FORMERLY_POOR else "marginal"
    # A guarantee problem counts only together with a shock: the shocks are looked for first, in a set
    # (the per-household engine asks this of every household, most with no shock).
    if AFTER_RIGID in fired or (
        not SHOCKS.isdisjoint(fired) and any(rule.startswith(GUARANTEE_PREFIX) for rule in fired)
    ):
        return "sudden_hardship"
    return None
