"""The per-household engine: the rulebook compiled to durable-rules, one household at a time.

Only :mod:`fanpin.durable._adapter` imports durable-rules; its docstring lists the library's traps.
"""

from fanpin.durable.engine import Engine

__all__ = ["Engine"]
