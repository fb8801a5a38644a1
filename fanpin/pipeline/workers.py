"""A person-level export's chunks scored by worker processes, one chunk each at a time, in file order.

Python code (the durable engine's households, a worksheet's restated findings, the rows the column path
leaves to the row path) uses one core a process; polars uses every core of its own. With ``workers`` above
1 (``fanpin score --workers``; the default: :func:`default_workers`), this process reads and groups the
rows (a CSV's rows by their keys, each kept as its record's bytes, :mod:`fanpin.io.key_scan`) and
hands each chunk's rows to a pool of worker processes, which validate and score it
exactly as this process would (:class:`~fanpin.pipeline.scored.ExportChunks`, each with an engine of its
own made from the same rulebook). The chunks come back in file order, so the files written are the same
bytes as with one process; a test holds it, on both engines.

- **Processes are started fresh** (``spawn``), never forked: polars' thread pool does not survive a fork.
  A worker imports fanpin and builds its engine once (about a second), so a file of one chunk is scored
  in this process.
- **Memory**: at most ``workers + 1`` chunks are out at once (their rows sent, their results not yet
  written); each worker holds one chunk's households as models.
- **Ctrl-C** (and SIGHUP, a closed terminal) reaches the whole process group: the workers ignore them
  (blocked while they start, as in multiprocessing's resource tracker, so that one arriving then is not lost
  for this process either), this process stops the run as usual
  (:mod:`fanpin.interrupts`) and ends the workers.
- **A worker that dies** (killed, out of memory) stops the run with :class:`~fanpin.errors.EngineError`;
  nothing is committed. The pool notices most deaths itself, but not one in the middle of sending its
  chunk's result: the pool's reader then waits for the rest of it for ever, and so would the run and, at
  its exit, the interpreter. So the run waits for a result a moment at a time and looks at the workers
  in between; when it stops, it closes its own end of the results' pipe, which ends that wait.
- **The program's main module is not loaded again** in a worker, as ``spawn`` otherwise does: a host's
  script without ``if __name__ == "__main__":`` would run once more in each worker (scoring the file
  again, into the same ``.part`` files), and a program read from standard input (``python -``) has no
  file to load. A worker needs nothing of it: its functions and the rulebook are fanpin's.
- **A system that cannot start them** (no process may be started, no working semaphores), or a
  process that may not (a worker of the host's own ``multiprocessing`` pool, which is daemonic): the run
  scores the export in its own process and says so in a note
  (:meth:`~fanpin.pipeline.scored.ScoredChunks.chunks`).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from multiprocessing.connection import wait as ready
from multiprocessing.queues import Queue
from types import ModuleType, TracebackType

from fanpin.errors import EngineError
from fanpin.io.export import HouseholdRows
from fanpin.io.readers import RejectedRow
from fanpin.pipeline.scored import Chunk, ExportChunks, RegionCounts, fewer_collections

__all__ = ["MAX_WORKERS", "Workers", "available_cores", "default_workers"]

#: The command's default is at most this many workers (each holds a chunk's households, some hundreds of
#: MB with its own copy of fanpin and polars): :func:`default_workers`.
MAX_WORKERS = 4

#: Seconds a run waits for a chunk's result before it looks whether a worker has ended.
_LOOK_EVERY = 0.25

#: Seconds a run that ends waits for a thread of its own to end: its queue of chunk scorers' feeder
#: (Workers._given_ended), and, stopped, its pool's manager thread (Workers.__exit__).
_THREAD_ENDS = 5.0

#: Queues whose feeder thread a worker kept sending past the run's end: held until the program exits, so
#: that their locks are cleaned up by this process's exit, not by that thread (Workers._given_ended).
_KEPT: list[Queue[ExportChunks]] = []

#: The worker process's chunk scorer (set by :func:`_start`).
_SCORING: list[ExportChunks] = []


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system tells it)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def default_workers(*, in_python: bool, cores: int | None = None) -> int:
    """The worker processes ``fanpin score`` starts when ``--workers`` is not given, on ``cores`` cores (by
    default :func:`available_cores`); 1 scores in the command's own process. ``in_python``: whether most of
    a chunk's work is Python (the durable engine's households as models), which uses one core a process,
    rather than polars, which uses every core of the process it runs in.

    The command's own process reads and groups the rows and writes the chunks, about a third of a run's
    work, so for polars' work it keeps a core: one worker fewer than the cores. On two cores one process
    with chunks of :data:`~fanpin.pipeline.scored.EXPORT_CHUNK_HOUSEHOLDS` beat two workers there
    (100 000 households, batch engine, data checks, three alternating pairs on a 2-core Xeon, 2026-12-03:
    15.1–16.4 s at 948–989 MiB against 16.5–17.4 s at 1 331–1 347 MiB, and a third less CPU). The durable
    engine's Python gets a worker per core: there two workers beat one process (20 000 households: 27.5 s
    against 48.7 s). A worksheet of findings (``--findings``), once two workers' gain (2026-12-03), is polars'
    work since its restated findings were made cheaper: one process beat two workers in time and in the
    memory of all processes (the 100 000 households with the data checks, 2026-12-06, two alternating
    pairs: to CSV 11.39–11.47 s at 1 680–1 696 MiB against 13.07–13.64 s at 2 301–2 327 MiB; to .xlsx
    27.96–28.98 s at 1 697–1 710 MiB against 29.95–30.29 s at 2 327–2 330 MiB)."""
    count = available_cores() if cores is None else cores
    return max(1, min(count if in_python else count - 1, MAX_WORKERS))


#: The signals a terminal sends the whole process group: Ctrl-C, and SIGHUP when it (or an SSH session)
#: closes. The run's own process handles them (:mod:`fanpin.interrupts`) and ends its workers; a worker, and
#: multiprocessing's resource tracker, must not die of them first (the tracker's death printed tracebacks).
_GROUP_SIGNALS = frozenset({signal.SIGINT, *((signal.SIGHUP,) if hasattr(signal, "SIGHUP") else ())})


def _start(given: Queue[ExportChunks]) -> None:
    """A worker's start: SIGINT and SIGHUP ignored (the run's own process handles them), then unblocked; its
    chunk scorer taken from ``given``."""
    for signum in _GROUP_SIGNALS:
        signal.signal(signum, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):  # not on Windows
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _GROUP_SIGNALS)
    _SCORING[:] = [given.get()]


@contextmanager
def _main_module_left_out() -> Iterator[None]:
    """The processes started meanwhile do not load this program's main module: ``spawn`` loads in a new
    process the module ``sys.modules["__main__"]`` names (by its ``__spec__`` or its ``__file__``), and
    one that names neither is left out. The program's own module is put back as soon as they started."""
    main = sys.modules.get("__main__")
    sys.modules["__main__"] = ModuleType("__main__")
    try:
        yield
    finally:
        if main is None:
            del sys.modules["__main__"]
        else:
            sys.modules["__main__"] = main


def _chunk(batch: Sequence[HouseholdRows | RejectedRow]) -> tuple[Chunk, RegionCounts]:
    with fewer_collections():
        return _SCORING[0].chunk(batch)


@contextmanager
def _sigint_blocked() -> Iterator[None]:
    """SIGINT and SIGHUP held back in this thread: a process started meanwhile (a worker, the resource
    tracker, which unblocks SIGINT only) starts with them blocked, and one that arrives meanwhile is
    delivered here afterwards. (Where signals cannot be blocked, on Windows, a worker
    ignores SIGINT from its start function on.)"""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, _GROUP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


_STOPPED = (
    "a worker process stopped before its chunk was scored (killed, out of memory, or it could not start); "
    "nothing was written"
)


class Workers:
    """``count`` worker processes scoring chunks with ``scoring`` (see the module's docstring)."""

    def __init__(self, count: int, scoring: ExportChunks) -> None:
        if multiprocessing.current_process().daemon:
            raise OSError("this process is a worker of a multiprocessing pool, which may not start processes")
        self.count = count
        context = multiprocessing.get_context("spawn")
        # The chunk scorer (the rulebook: hundreds of KB) goes through a queue, not with the process: a
        # process that dies while it starts would leave the write of a large start message waiting.
        with _sigint_blocked():  # the queue's lock starts multiprocessing's resource tracker: blocked, too
            self.given: Queue[ExportChunks] = context.Queue()
            # A chunk scorer no worker is left to take is dropped quietly when the run ends (_given_ended).
            self.given._ignore_epipe = True  # type: ignore[attr-defined]
            self.pool = ProcessPoolExecutor(count, mp_context=context, initializer=_start, initargs=(self.given,))
        try:
            with _sigint_blocked(), _main_module_left_out():
                # Each submission starts a process (up to ``count``) before it returns: all start blocked,
                # none loading the main module.
                for _ in range(count):
                    self.pool.submit(os.getpid)
            for _ in range(count):
                self.given.put(scoring)
        except BaseException as exc:
            self.__exit__(type(exc), exc, exc.__traceback__)  # the processes already started are ended
            raise

    def map(self, batches: Iterable[Sequence[HouseholdRows | RejectedRow]]) -> Iterator[tuple[Chunk, RegionCounts]]:
        """Each batch's chunk, in order; at most ``count + 1`` batches out at once."""
        out: deque[Future[tuple[Chunk, RegionCounts]]] = deque()
        try:
            for batch in batches:
                out.append(self.pool.submit(_chunk, batch))
                if len(out) > self.count:
                    yield self._result(out.popleft())
            while out:
                yield self._result(out.popleft())
        except BrokenProcessPool:
            raise EngineError(_STOPPED, fix="score the file again; with --workers 1 it uses one process") from None

    def _result(self, future: Future[tuple[Chunk, RegionCounts]]) -> tuple[Chunk, RegionCounts]:
        """``future``'s result, or :class:`BrokenProcessPool` as soon as a worker has ended: the pool
        raises it itself unless the worker died while it sent a result (see the module's docstring)."""
        while not wait([future], timeout=_LOOK_EVERY, return_when=FIRST_COMPLETED).done:
            processes = list((getattr(self.pool, "_processes", None) or {}).values())
            if ready([process.sentinel for process in processes], timeout=0):
                raise BrokenProcessPool(_STOPPED)
        return future.result()

    def __enter__(self) -> Workers:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if kind is None:
            self.pool.shutdown(wait=True)
            self._given_ended()
            return
        # Stopped (an error, Ctrl-C, the caller gone): no chunk's result is wanted any more.
        processes = list((getattr(self.pool, "_processes", None) or {}).values())
        results = getattr(self.pool, "_result_queue", None)
        manager = getattr(self.pool, "_executor_manager_thread", None)  # shutdown() forgets it
        self.pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()
        for process in processes:
            process.join(timeout=5)
        # With every worker ended, this is the last writer of the results' pipe: closed, it ends the pool's
        # wait for the rest of a result a worker died sending (the interpreter's exit waits for that thread).
        writer = getattr(results, "_writer", None)
        if writer is not None:
            writer.close()
        # The pool's manager thread, which that wait held, now finds the pool broken and closes its wake-up
        # pipe; the interpreter's exit writes to that pipe unless it is closed, unlocked (Python 3.11 and
        # 3.12), so an exit that came in the middle printed "OSError: [Errno 9] Bad file descriptor" after a
        # run that had stopped well (seen once in CI). The run waits for that thread to end.
        if manager is not None:
            manager.join(timeout=_THREAD_ENDS)
        self._given_ended()

    def _given_ended(self) -> None:
        """The queue of chunk scorers closed once every worker has ended, and its feeder thread ended with it.

        The thread must end before this object does: it holds the queue's locks, named semaphores whose
        finalizer unlinks the name and then tells multiprocessing's resource tracker. Run by that daemon
        thread as the program exits, the second step could be cut off, and the tracker printed "leaked
        semaphore" warnings and "No such file or directory" on the user's terminal after a run that had
        ended well (seen under load after a worker was killed). With no worker left, closing this end of
        the pipe first ends a send no worker will take (the broken pipe is ignored, ``_ignore_epipe``)."""
        given = self.given
        given._reader.close()  # type: ignore[attr-defined]
        given.close()
        feeder = getattr(given, "_thread", None)
        if feeder is not None:
            feeder.join(timeout=_THREAD_ENDS)
            if feeder.is_alive():  # a worker outlived its end: the queue is kept, its locks cleaned at exit
                _KEPT.append(given)
