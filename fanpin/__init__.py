"""fanpin (返贫): find rural households at risk of (re)falling into poverty, and plan what to do.

>>> from datetime import date
>>> import fanpin
>>> engine = fanpin.Engine(fanpin.load_rulebook())
>>> household = fanpin.Household.model_validate({"户编号": "H1", "行政区划代码": "532328",
...     "户类型": "脱贫户", "家庭人口数": 4, "工资性收入": 20000, "生产经营性收入": 8000,
...     "财产性收入": 0, "转移性收入": 2000})
>>> engine.evaluate(household, as_of=date(2025, 6, 30)).alert_level
'orange'
"""

from fanpin import explain
from fanpin.assessment import Assessment, Comparison, Flag, ParameterUse, RuleTrace
from fanpin.engine import Engine
from fanpin.errors import (
    ConfigError,
    DuplicateKeyError,
    EngineError,
    FanpinError,
    InputError,
    InputFileError,
    MissingColumnError,
    ParameterLookupError,
    RuleSyntaxError,
    RuleTypeError,
    SchemaError,
    UnknownNameError,
)
from fanpin.household import Household, HouseholdType, MonitoringCategory
from fanpin.rulebook import Measure, Rule, Rulebook, load_rulebook
from fanpin.scorer import Scored, Scorer

__version__ = "0.1.0"

__all__ = [
    "Assessment",
    "Comparison",
    "ConfigError",
    "DuplicateKeyError",
    "Engine",
    "EngineError",
    "FanpinError",
    "Flag",
    "Household",
    "HouseholdType",
    "InputError",
    "InputFileError",
    "Measure",
    "MissingColumnError",
    "MonitoringCategory",
    "ParameterLookupError",
    "ParameterUse",
    "Rule",
    "RuleSyntaxError",
    "RuleTrace",
    "RuleTypeError",
    "Rulebook",
    "SchemaError",
    "Scored",
    "Scorer",
    "UnknownNameError",
    "explain",
    "load_rulebook",
]
