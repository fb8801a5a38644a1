"""A chunk scorer whose worker process dies in the middle of sending its chunk's result, for
``test_export_workers``: the worker processes import it, so it lives in a module of its own.

Where a worker's result is larger than a pipe holds, a worker killed (by a user, by the system out of
memory) while it sends it leaves the start of a message in the pipe. This scorer leaves exactly that,
whatever the timing: it writes a message's length and part of its bytes into the pool's result pipe (as
``multiprocessing``'s ``Connection.send_bytes`` frames one: a 4-byte big-endian length, then the bytes),
holding the pipe's write lock as a sender does, and kills its own process.
"""

from __future__ import annotations

import os
import signal
import struct
import sys
from typing import Any


def _result_queue() -> Any:
    """The queue the worker sends results on: an argument of ``concurrent.futures``' worker loop."""
    frame = sys._getframe()
    while frame.f_code.co_name != "_process_worker":
        assert frame.f_back is not None, "not called in a ProcessPoolExecutor's worker"
        frame = frame.f_back
    return frame.f_locals["result_queue"]


class DiesSending:
    """What ``Workers`` takes as a chunk scorer; its first chunk kills its worker while it is sent back."""

    def chunk(self, batch: object) -> tuple[object, dict[str, int]]:
        results = _result_queue()
        results._wlock.acquire()
        os.write(results._writer.fileno(), struct.pack("!i", 1_000_000) + b"x" * 1_000)
        os.kill(os.getpid(), signal.SIGKILL)
        raise AssertionError("not reached")
