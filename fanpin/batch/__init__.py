"""The batch path: whole files scored with polars — the only package that imports polars.

- :mod:`fanpin.batch.compiler` compiles the rulebook to polars expressions (:class:`BatchEngine`).
- :mod:`fanpin.batch.validate` validates raw text cells the way :class:`fanpin.Household` does,
  row for row and reason for reason, without a Python call per row.
"""

from fanpin.batch.compiler import BatchEngine

__all__ = ["BatchEngine"]
