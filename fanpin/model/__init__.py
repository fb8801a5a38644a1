"""What rules read: the household and its cells, the facts derived from it, and dated parameters.

The lowest layer: it imports nothing from the rule language, the engines or the files.
"""

from fanpin.model.facts import FACTS, FactInfo, encode_all, household_facts
from fanpin.model.household import Elimination, Household, HouseholdType, IndustrySupport, MonitoringCategory, Risk
from fanpin.model.member import Member
from fanpin.model.parameters import Parameters, ParameterSpec, ParameterValue, ResolvedParameter
from fanpin.model.values import Month

# Household.members names the member model, which builds on the household module: completed here.
Household.model_rebuild(_types_namespace={"Member": Member})

__all__ = [
    "FACTS",
    "Elimination",
    "FactInfo",
    "Household",
    "HouseholdType",
    "IndustrySupport",
    "Member",
    "MonitoringCategory",
    "Month",
    "ParameterSpec",
    "ParameterValue",
    "Parameters",
    "ResolvedParameter",
    "Risk",
    "encode_all",
    "household_facts",
]
