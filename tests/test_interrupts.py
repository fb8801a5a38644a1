"""Ctrl-C stops a run as an interrupt wherever the signal lands: in a finalizer (where Python would print
"Exception ignored in …" with a traceback and go on), or in native code that turns it into an exception
that is not an ``Exception`` (a Rust panic). The run itself is tested in
``tests/both_engines/test_writes.py::test_ctrl_c_or_sigterm_exits_and_leaves_nothing_behind``."""

from __future__ import annotations

import contextlib
import gc
import signal
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from fanpin import interrupts
from fanpin.cli import _interruptible
from tests.helpers import households_file, score_file


def _go_on_for(seconds: float) -> None:
    """The rest of a run: Python code for up to ``seconds`` (an interrupt stops it sooner)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        sum(range(100))


class _Finalized:
    """An object whose finalizer is running when the SIGINT is handled."""

    def __del__(self) -> None:
        signal.raise_signal(signal.SIGINT)
        sum(range(100))  # bytecode after the signal: its handler runs here, inside the finalizer


def test_an_interrupt_inside_a_finalizer_stops_the_run_without_a_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    reached_the_end = False
    with pytest.raises(KeyboardInterrupt), _interruptible():
        _Finalized()  # dropped at once: __del__ runs, and the interrupt is raised inside it
        _go_on_for(2.0)
        reached_the_end = True
    printed = capsys.readouterr()
    assert not reached_the_end
    assert "Exception ignored" not in printed.err and "Traceback" not in printed.err


def test_an_interrupt_inside_a_collected_cycle_stops_the_run(capsys: pytest.CaptureFixture[str]) -> None:
    """The same when the garbage collector runs the finalizer (an object in a reference cycle)."""
    with pytest.raises(KeyboardInterrupt), _interruptible():
        cycle = _Finalized()
        cycle.me = cycle  # type: ignore[attr-defined]
        del cycle
        gc.collect()
        _go_on_for(2.0)
    assert "Exception ignored" not in capsys.readouterr().err


class _Panic(BaseException):  # stands for pyo3's PanicException, a BaseException
    """What a Rust extension raises when a signal handler's exception becomes a panic."""


def test_a_panic_after_an_interrupt_is_the_interrupt() -> None:
    def native_code_that_panics() -> None:
        try:
            signal.raise_signal(signal.SIGINT)
        except KeyboardInterrupt:
            raise _Panic("Python API call failed") from None

    with pytest.raises(KeyboardInterrupt), _interruptible():
        native_code_that_panics()
    with pytest.raises(_Panic), _interruptible():  # without an interrupt, it stays itself
        raise _Panic("a real panic")


def test_other_unraisable_exceptions_are_still_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the interrupt is taken from the hook: a finalizer's own error reaches the hook as before, and the
    hook and the handler are restored afterwards."""
    seen: list[type[BaseException] | None] = []
    monkeypatch.setattr(sys, "unraisablehook", lambda unraisable: seen.append(unraisable.exc_type))
    recorder = sys.unraisablehook

    class Broken:
        def __del__(self) -> None:
            raise ValueError("broken finalizer")

    with _interruptible():
        Broken()
    assert seen == [ValueError]
    assert sys.unraisablehook is recorder
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


# ---- the commit of a run's outputs (fanpin.interrupts) --------------------------------------------------------


def test_an_interrupt_swallowed_during_the_run_stops_it_before_it_commits(
    engine_name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The SIGINT lands where it is swallowed (no exception comes out, as native code may do) and the run goes
    on to its end: it still exits 130, and nothing is left under any name."""
    from fanpin.io.sinks import table_sink

    def swallowing_sink(*args: Any, **kwargs: Any) -> Any:
        with contextlib.suppress(KeyboardInterrupt):
            signal.raise_signal(signal.SIGINT)
            sum(range(100))
        return table_sink(*args, **kwargs)

    monkeypatch.setattr("fanpin.pipeline.run.table_sink", swallowing_sink)
    source = households_file(tmp_path / "in.csv", [1000, 2000, 3000])
    done = score_file(source, tmp_path / "o.csv", tmp_path / "e.csv", "--engine", engine_name)
    assert done.code == 130 and "interrupted" in done.err and "Traceback" not in done.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


def test_a_sigint_while_a_run_commits_is_held_back(tmp_path: Path) -> None:
    """Under the command, a SIGINT during the renames neither splits them nor stops the complete run; in a
    library call it is raised once they are done."""
    renamed: list[str] = []
    with interrupts.watching(), interrupts.committing():
        signal.raise_signal(signal.SIGINT)
        renamed += ["out", "errors"]
    assert renamed == ["out", "errors"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    with pytest.raises(KeyboardInterrupt), interrupts.committing():
        signal.raise_signal(signal.SIGINT)
        renamed.append("library")
    assert renamed[-1] == "library"
    with interrupts.watching():
        interrupts.note()
        with pytest.raises(KeyboardInterrupt), interrupts.committing():
            renamed.append("after an interrupt")
    assert renamed[-1] == "library"
