"""fanpin (返贫): find rural households at risk of (re)falling into poverty, and plan what to do.

>>> from datetime import date
>>> import fanpin
>>> engine = fanpin.Engine(fanpin.load_rulebook())
>>> household = fanpin.Household.model_validate({"户编号": "H1", "行政区划代码": "532328",
...     "户类型": "脱贫户", "家庭人口数": 4, "工资性收入": 20000, "生产经营性收入": 8000,
...     "财产性收入": 0, "转移性收入": 2000})
>>> engine.evaluate(household, as_of=date(2025, 6, 30)).alert_level
'orange'

The packages follow the architecture, each layer importing only those before it:
:mod:`~fanpin.model` → :mod:`~fanpin.lang` → :mod:`~fanpin.rulebook` → :mod:`~fanpin.results` →
engines (:mod:`~fanpin.durable` | :mod:`~fanpin.batch`) → :mod:`~fanpin.io` → :mod:`~fanpin.pipeline`
→ :mod:`~fanpin.scorer` and :mod:`~fanpin.cli`. This module is the public door: what it exports is
the supported API.
"""

# First of all: under `python -m fanpin`, a Ctrl-C during the rest of this import is the command's (exit 130).
from fanpin import _startup  # noqa: F401 - imported for its effect

# isort: split
import sys
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

from fanpin.durable import Engine
from fanpin.errors import (
    ConfigError,
    DuplicateKeyError,
    EngineError,
    FanpinError,
    InputError,
    InputFileError,
    MissingColumnError,
    OutputError,
    ParameterLookupError,
    RecordValidationError,
    RulebookLoadError,
    RuleSyntaxError,
    RuleTypeError,
    SchemaError,
    UnknownArgumentError,
    UnknownNameError,
)
from fanpin.io import HouseholdFile, ReadRow, RejectedRow
from fanpin.lang.members import Aggregate
from fanpin.model import Household, HouseholdType, MonitoringCategory
from fanpin.results import Assessment, Comparison, Flag, ParameterUse, Plan, PlannedMeasure, RuleTrace
from fanpin.results import sentences as explain
from fanpin.rulebook import Measure, Rule, Rulebook, load_rulebook
from fanpin.scorer import Scored, Scorer, household_record

if TYPE_CHECKING:
    from fanpin.batch import BatchEngine
    from fanpin.pipeline import ScoreSummary

# `import fanpin.explain` and `from fanpin.explain import flag_text` keep working: the sentences
# module was fanpin/explain.py before the packages were laid out.
sys.modules[f"{__name__}.explain"] = explain


def __getattr__(name: str) -> Any:
    # The batch engine and the file pipeline need polars; `import fanpin` does not load it until used.
    if name == "BatchEngine":
        from fanpin.batch import BatchEngine

        return BatchEngine
    if name == "ScoreSummary":
        from fanpin.pipeline import ScoreSummary

        return ScoreSummary
    raise AttributeError(f"module 'fanpin' has no attribute {name!r}")


try:
    __version__ = version("fanpin")
except PackageNotFoundError:  # pragma: no cover - run from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = [
    "Aggregate",
    "Assessment",
    "BatchEngine",
    "Comparison",
    "ConfigError",
    "DuplicateKeyError",
    "Engine",
    "EngineError",
    "FanpinError",
    "Flag",
    "Household",
    "HouseholdFile",
    "HouseholdType",
    "InputError",
    "InputFileError",
    "Measure",
    "MissingColumnError",
    "MonitoringCategory",
    "OutputError",
    "ParameterLookupError",
    "ParameterUse",
    "Plan",
    "PlannedMeasure",
    "ReadRow",
    "RecordValidationError",
    "RejectedRow",
    "Rule",
    "RuleSyntaxError",
    "RuleTrace",
    "RuleTypeError",
    "Rulebook",
    "RulebookLoadError",
    "SchemaError",
    "ScoreSummary",
    "Scored",
    "Scorer",
    "UnknownArgumentError",
    "UnknownNameError",
    "__version__",
    "explain",
    "household_record",
    "load_rulebook",
]
