"""The ``fanpin`` command's entry point: the console script (``fanpin = "_fanpin_command:main"``) and
``python -m fanpin`` (fanpin/__main__.py) both run :func:`main`.

It is a top-level module, outside the fanpin package, and imports nothing but the standard library:
importing ``fanpin.anything`` first runs fanpin/__init__.py, which loads pydantic, durable-rules and the
rest of the library (most of a second of start-up), and a Ctrl-C during that import would print a Python
traceback before any of the command's own code could catch it. :func:`main` starts the command's Ctrl-C
handling first, then imports :mod:`fanpin.cli`.

A Ctrl-C while the command starts up (before :func:`fanpin.cli.main` handles it) writes "fanpin:
interrupted; no output was written" and exits 130 at once, from the signal handler itself: an exception
raised there could be swallowed by native code or land in a finalizer, where Python prints it with a
traceback and goes on. Nothing has been written at that point. A SIGTERM or SIGHUP then (a service manager
stopping it, the terminal closed) says ``fanpin: stopped (SIGTERM); no output was written`` and exits 128 + its
number, as a run stopped so does. ``import fanpin`` from a host program is
not changed: its Ctrl-C stays the host's KeyboardInterrupt.
"""

# Only modules the interpreter has loaded or built in before the guard is in place: `signal`, `contextlib`
# and `typing` load enum, functools, collections and more first, about 30 ms of start-up in which a Ctrl-C
# was a KeyboardInterrupt traceback from their import (seen on a loaded machine).
from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads the name as true)
if TYPE_CHECKING:
    import signal
    from types import FrameType
else:
    import _signal as signal  # the C module signal wraps, built in: the same functions and constants

__all__ = ["guard_start_up", "main", "run_as_command"]

#: What the command says when Ctrl-C stops it (as fanpin.cli.main says it), and its exit code.
INTERRUPTED = "fanpin: interrupted; no output was written"
EXIT_INTERRUPTED = 130


#: The other signals that stop a run (a service manager's SIGTERM; SIGHUP, the terminal closed), by name.
_STOPPING: dict[int, str] = {
    int(signal.SIGTERM): "SIGTERM",
    **({int(signal.SIGHUP): "SIGHUP"} if hasattr(signal, "SIGHUP") else {}),
}


def _stop(signum: int, frame: FrameType | None) -> None:
    # os.write, not print: the handler may run in the middle of another write to stderr.
    name = _STOPPING.get(signum)
    said = INTERRUPTED if name is None else f"fanpin: stopped ({name}); no output was written"
    try:
        os.write(2, f"{said}\n".encode())
    finally:
        os._exit(EXIT_INTERRUPTED if name is None else 128 + signum)


def guard_start_up() -> None:
    """Until :func:`main` hands over to the command, a Ctrl-C exits 130 with the command's message, and a
    SIGTERM or SIGHUP 128 + its number with the message the command gives them (they had killed the
    process without a word). A signal the process was started ignoring (``nohup``, a background job)
    stays ignored."""
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _stop)
    for signum in _STOPPING:
        if signal.getsignal(signum) == signal.SIG_DFL:
            signal.signal(signum, _stop)


def _hand_over() -> None:
    """A Ctrl-C is a KeyboardInterrupt again, which the command handles, and SIGTERM and SIGHUP are theirs
    again until a run watches for them."""
    if signal.getsignal(signal.SIGINT) is _stop:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    for signum in _STOPPING:
        if signal.getsignal(signum) is _stop:
            signal.signal(signum, signal.SIG_DFL)


def run_as_command() -> bool:
    """Whether Python is importing the fanpin package to run ``python -m fanpin`` (while ``-m`` locates
    its module, ``sys.argv[0]`` is ``"-m"`` and the rest of ``sys.argv`` ends ``sys.orig_argv``)."""
    if sys.argv[:1] != ["-m"]:
        return False
    given = sys.orig_argv[: len(sys.orig_argv) - (len(sys.argv) - 1)]
    names = ("fanpin", "fanpin.__main__")
    if given[-1:] and given[-1].startswith("-") and not given[-1].startswith("--"):
        return any(given[-1].endswith(f"m{name}") for name in names)  # -mfanpin, -Imfanpin
    return len(given) >= 2 and given[-1] in names and given[-2].startswith("-") and given[-2].endswith("m")


def main() -> int:
    """Run the ``fanpin`` command (its arguments from ``sys.argv``); its exit code."""
    guard_start_up()
    try:
        from fanpin.cli import main as command

        _hand_over()  # until the command's own handling starts, the except below handles it
        code = command()
        # The run has ended and said so: a Ctrl-C from here on (the interpreter's shutdown, its atexit
        # callbacks) has nothing to stop, and was printed as a traceback ("Exception ignored in atexit
        # callback … KeyboardInterrupt") after the summary, with the exit code of a signal.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        return code
    except KeyboardInterrupt:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C does not interrupt the message
        import contextlib  # the guard's imports are the interpreter's own (above)

        complete = _complete()
        with contextlib.suppress(OSError):
            print(INTERRUPTED if complete is None else complete[1], file=sys.stderr)
        return EXIT_INTERRUPTED if complete is None else complete[0]


def _complete() -> tuple[int, str] | None:
    """The exit code and the message of a run that had committed its outputs when the interrupt came (it
    landed once the command had printed its summary, on its way out): its files had replaced the old ones,
    so it is no run that wrote nothing. None otherwise."""
    cli = sys.modules.get("fanpin.cli")
    done = getattr(cli, "_COMPLETE", None)
    if cli is None or not done:
        return None
    from fanpin.messages import message, message_language

    lang, _ = message_language(os.environ)
    return done[0], message("", "interrupted once the run was complete: its outputs are written", lang)
