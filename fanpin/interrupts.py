"""Ctrl-C and the moment a run commits its outputs.

The command (:func:`fanpin.cli._interruptible`) turns a SIGINT into a KeyboardInterrupt. Python cannot
always raise it where the signal lands: inside a finalizer it is printed and dropped, and native code may
swallow it. The command therefore :func:`notes <note>` every interrupt here, and the pipeline renames its
``.part`` files to their real names only inside :func:`committing`, which first raises the interrupt if
one was noted: an interrupt that arrived while the run was writing always stops it, with nothing left
behind. A SIGINT that arrives once the renames have started is held back (the handler only records it):
under the command (:func:`watching`) the run, complete by then, ends as a complete run; in a library
call the interrupt is raised again once the renames are done.

It imports nothing from fanpin: the pipeline and the command both use it.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterable, Iterator
from types import FrameType
from typing import Any

__all__ = ["STOPPING", "committed", "committing", "heeded", "held_back", "note", "watching"]

#: The signals that stop the command's run as Ctrl-C does (SIGTERM: ``kill``, ``timeout``, a service
#: manager; SIGHUP: the terminal or SSH session closed), its ``.part`` files removed. A library call handles
#: SIGINT only: the others are its host's.
STOPPING = (signal.SIGINT, signal.SIGTERM, *((signal.SIGHUP,) if hasattr(signal, "SIGHUP") else ()))


def heeded(signals: Iterable[signal.Signals]) -> tuple[signal.Signals, ...]:
    """``signals`` without those the process ignores (``nohup`` ignores SIGHUP, so that the run outlives the SSH
    session; a script's background job ignores SIGINT): a handler put in their place had stopped such a run when
    the terminal closed, its outputs removed. The command's handlers, and those holding a signal back, take only
    these."""
    return tuple(signum for signum in signals if signal.getsignal(signum) is not signal.SIG_IGN)


_NOTED = threading.Event()
_WATCHING = threading.Event()
#: The command's run has committed its outputs: from then on it ends as a complete run, whatever arrives.
_COMMITTED = threading.Event()
#: The handlers to put back (signal → handler) when a watched run that has committed ends.
_HELD: list[dict[signal.Signals, Any]] = []


def note() -> None:
    """A SIGINT reached the command: the run must not commit its outputs."""
    _NOTED.set()


@contextlib.contextmanager
def watching() -> Iterator[None]:
    """Around one run of the command: no interrupt noted at the start; once the run has committed its
    outputs, a SIGINT is only recorded until the run ends, and then dropped."""
    _NOTED.clear()
    _COMMITTED.clear()
    _WATCHING.set()
    try:
        yield
    finally:
        _WATCHING.clear()
        _NOTED.clear()
        if _HELD:
            for signum, handler in _HELD.pop().items():
                signal.signal(signum, handler)


def _record(signum: int, frame: FrameType | None) -> None:
    _NOTED.set()


@contextlib.contextmanager
def committing() -> Iterator[None]:
    """Around the renames that commit a run's outputs: raises KeyboardInterrupt first if an interrupt was
    noted, and holds a SIGINT back while the renames are under way, so that the outputs are all
    committed or none is."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    if _NOTED.is_set():
        raise KeyboardInterrupt
    held = heeded(STOPPING if _WATCHING.is_set() else (signal.SIGINT,))
    previous = {signum: signal.signal(signum, _record) for signum in held}
    done = False
    try:
        yield
        done = True
    finally:
        if done and _WATCHING.is_set():
            _COMMITTED.set()
            _HELD.append(previous)  # the command's run is complete: a later SIGINT or SIGTERM is dropped
        else:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
            if _NOTED.is_set() and not _WATCHING.is_set():
                _NOTED.clear()
                signal.raise_signal(signal.SIGINT)  # a library call is interrupted as usual, afterwards


def committed() -> bool:
    """Whether the command's run (:func:`watching`) has committed its outputs: an interrupt from then on, while
    it prints its summary, does not undo them, and the run ends as a complete one."""
    return _COMMITTED.is_set()


@contextlib.contextmanager
def held_back() -> Iterator[None]:
    """Around a step that must not be cut in two by a SIGINT or SIGTERM (a ``.part`` file made and noted as
    the run's own, so that a run stopped at that moment removes it): a signal that arrives meanwhile is
    only recorded, and sent again, to the handler there was before, as soon as the step is done. (Python
    runs a signal's handler in the main thread whichever thread the signal reached, so the handlers are
    what is held back, not the signals: blocking them in one thread let another thread take them.) Off the
    main thread, where handlers cannot be changed, the step runs as it is."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    arrived: list[int] = []

    def hold(signum: int, frame: FrameType | None) -> None:
        arrived.append(signum)

    previous = {signum: signal.signal(signum, hold) for signum in heeded(STOPPING)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        for held in dict.fromkeys(arrived):
            signal.raise_signal(held)
