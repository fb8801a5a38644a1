"""The rule language, as a compiler pipeline: text → untyped tree (:mod:`~fanpin.lang.syntax`) → typed
tree checked against the facts and parameters (:mod:`~fanpin.lang.typecheck`) → terms lowered to the
engines' units, thresholds folded per region and date (:mod:`~fanpin.lang.lowering`).
"""

from fanpin.lang.syntax import Node, parse_condition
from fanpin.lang.tree import Condition, Term
from fanpin.lang.typecheck import NamedConditions, ParamInfo, check_condition

__all__ = ["Condition", "NamedConditions", "Node", "ParamInfo", "Term", "check_condition", "parse_condition"]
