"""The batch path: whole files scored with polars, in chunks.

- :mod:`fanpin.batch.compiler` compiles typed conditions and terms to polars expressions.
- :mod:`fanpin.batch.engine` builds them into programs per date and language and runs them on frames
  (:class:`BatchEngine`).
- :mod:`fanpin.batch.texts` builds the plans, measures and sentences as polars expressions.
- :mod:`fanpin.batch.validate` validates raw text cells the way :class:`fanpin.Household` does,
  row for row and reason for reason, without a Python call per row.
"""

from fanpin.batch.engine import BatchEngine

__all__ = ["BatchEngine"]
