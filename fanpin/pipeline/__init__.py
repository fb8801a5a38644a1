"""A household file scored into an output file, on either engine: one road for both (the guarantees
every run gets are listed in :mod:`fanpin.pipeline.run`).

>>> import tempfile
>>> from datetime import date
>>> from pathlib import Path
>>> from fanpin import Engine, load_rulebook
>>> folder = Path(tempfile.mkdtemp())
>>> summary = score_path(Engine(load_rulebook()), "examples/data/households.csv", folder / "scored.csv",
...     as_of=date(2025, 6, 30), region="532328", errors=folder / "rejected.csv")
>>> summary.scored, summary.rejected
(314, 6)
"""

from fanpin.pipeline.run import default_errors_path, score_path
from fanpin.pipeline.scored import CHUNK_ROWS, EXPORT_CHUNK_HOUSEHOLDS, KeepColumns, ScoredChunks, ScoreSummary
from fanpin.pipeline.scorers import ChunkScorer, Valid, chunk_scorer, score_household

__all__ = [
    "CHUNK_ROWS",
    "EXPORT_CHUNK_HOUSEHOLDS",
    "ChunkScorer",
    "KeepColumns",
    "ScoreSummary",
    "ScoredChunks",
    "Valid",
    "chunk_scorer",
    "default_errors_path",
    "score_household",
    "score_path",
]
