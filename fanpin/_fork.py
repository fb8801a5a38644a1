"""A process forked after fanpin's batch path ran: refused, where it would wait for ever.

polars works on a pool of threads it starts on first use. ``os.fork`` copies the process without its
threads: in a child forked after the pool started, polars waits for threads that are not there, and the
call never returns (a host's ``ProcessPoolExecutor`` handed a ``Scorer`` whose batch path had run in the
parent hung in ``Scorer.score``; ``fork`` is the default start method on Linux before Python 3.14). fanpin
notes where its batch path runs, and a child forked after that is refused at once with the fix.
"""

from __future__ import annotations

import os

from fanpin.errors import EngineError

_started = False
_forked_after_start = False


def _after_fork_in_child() -> None:
    global _forked_after_start
    _forked_after_start = _forked_after_start or _started


os.register_at_fork(after_in_child=_after_fork_in_child)


def batch_path_starts() -> None:
    """Called where fanpin's batch path starts (the batch engine, ``Scorer.score``, a file's pipeline): raises
    :class:`~fanpin.errors.EngineError` in a process forked from one in which it had run, where polars would
    wait for ever for its threads."""
    global _started
    if _forked_after_start:
        raise EngineError(
            "the batch path cannot run in a process forked from one in which it had run: polars' threads do not "
            "survive os.fork, and the call would wait for ever",
            fix='start the process pool with multiprocessing.get_context("spawn") (or "forkserver"), or score '
            "one household at a time here (Scorer.assess)",
        )
    _started = True
