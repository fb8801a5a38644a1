"""The batch path: whole files scored with polars, in chunks.

- :mod:`fanpin.batch.compiler` compiles the rulebook to polars expressions (:class:`BatchEngine`).
- :mod:`fanpin.batch.texts` builds the plans, measures and sentences as polars expressions.
- :mod:`fanpin.batch.validate` validates raw text cells the way :class:`fanpin.Household` does,
  row for row and reason for reason, without a Python call per row.
"""

from fanpin.batch.compiler import BatchEngine

__all__ = ["BatchEngine"]
