"""Ctrl-C stops a run as an interrupt wherever the signal lands: in a finalizer (where Python would print
"Exception ignored in …" with a traceback and go on), or in native code that turns it into an exception
that is not an ``Exception`` (a Rust panic). The run itself is tested in
``tests/both_engines/test_writes.py::test_ctrl_c_or_sigterm_exits_and_leaves_nothing_behind``."""

from __future__ import annotations

import contextlib
import gc
import os
import re
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path
from typing import Any

import pytest

import _fanpin_command
from fanpin import interrupts
from fanpin.cli import _interruptible
from tests.helpers import households_file, score_file
from tests.paths import HOUSEHOLDS_CSV, ROOT


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


# ---- Ctrl-C while the command starts up (_fanpin_command) ----------------------------------------------------

#: The console script pip writes for ``fanpin = "_fanpin_command:main"`` (pyproject.toml).
_CONSOLE_SCRIPT = """import sys
from _fanpin_command import main
if __name__ == '__main__':
    sys.argv[0] = sys.argv[0].removesuffix('.exe')
    sys.exit(main())
"""


@pytest.fixture(scope="module")
def big_input(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # 200 000 rows: still being scored a second in, wherever the signal lands (40 000 were done by then once)
    return households_file(tmp_path_factory.mktemp("startup") / "in.csv", list(range(1000, 201000)))


#: What the command says when each stopping signal stops it, and its exit code.
_STOPPED: dict[int, tuple[str, int]] = {
    signal.SIGINT: ("fanpin: interrupted; no output was written", 130),
    signal.SIGTERM: ("fanpin: stopped (SIGTERM); no output was written", 143),
    signal.SIGHUP: ("fanpin: stopped (SIGHUP); no output was written", 129),
}


#: The lines that load the start-up guard's module, before which nothing of fanpin's can catch a signal: the
#: console script's import of its entry point, and, under ``python -m fanpin``, fanpin/__init__.py's import of
#: _startup and _startup's of _fanpin_command.
_GUARD_LOADS = ("from _fanpin_command import main", "from fanpin import _startup", "import _fanpin_command")


def _loading_the_guard(err: str) -> bool:
    """Whether ``err`` is a traceback whose innermost frame of a file is one of :data:`_GUARD_LOADS`, or the
    body of _fanpin_command itself (a few statements, run before its guard is called): the signal landed
    while Python read the module that installs the guard."""
    shown = re.findall(r'^  File "([^"]+)", line \d+, in (.*)\n    (.*)$', err, flags=re.MULTILINE)
    files = [(f, where, line.split("#")[0].strip()) for f, where, line in shown if not f.startswith("<")]
    if not files:
        return False
    file, where, line = files[-1]
    return line in _GUARD_LOADS or (file.endswith("_fanpin_command.py") and where == "<module>")


@pytest.mark.parametrize(
    ("err", "loading"),
    [
        (
            'Traceback (most recent call last):\n  File "/tmp/x/fanpin", line 2, in <module>\n'
            "    from _fanpin_command import main\nKeyboardInterrupt\n",
            True,
        ),
        (
            'Traceback (most recent call last):\n  File "<frozen runpy>", line 189, in _run_module_as_main\n'
            '  File "/r/fanpin/__init__.py", line 20, in <module>\n'
            "    from fanpin import _startup  # noqa: F401 - imported for its effect\n"
            "    ^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
            '  File "/r/fanpin/_startup.py", line 14, in <module>\n    import _fanpin_command\nKeyboardInterrupt\n',
            True,
        ),
        (
            'Traceback (most recent call last):\n  File "/tmp/x/fanpin", line 2, in <module>\n'
            "    from _fanpin_command import main\n"
            '  File "/r/_fanpin_command.py", line 30, in <module>\n    import os\nKeyboardInterrupt\n',
            True,
        ),
        (
            'Traceback (most recent call last):\n  File "/tmp/x/fanpin", line 5, in <module>\n'
            "    sys.exit(main())\n"
            '  File "/r/_fanpin_command.py", line 98, in main\n'
            "    from fanpin.cli import main as command\nKeyboardInterrupt\n",
            False,
        ),
        (
            'Traceback (most recent call last):\n  File "/r/fanpin/__init__.py", line 25, in <module>\n'
            "    from fanpin.durable import Engine\nKeyboardInterrupt\n",
            False,
        ),
    ],
    ids=["script", "-m", "the guard's module", "past the guard", "past the guard -m"],
)
def test_a_signal_while_the_guard_loads_is_told_from_one_after_it(err: str, loading: bool) -> None:
    """The test below excuses a traceback only where the signal landed before the guard could be in place."""
    assert _loading_the_guard(err) is loading


@pytest.mark.parametrize("signum", list(_STOPPED), ids=lambda s: signal.Signals(s).name)
@pytest.mark.parametrize("delay", [0.05, 0.3, 1.0])
@pytest.mark.parametrize("way", ["script", "-m"])
def test_a_signal_while_the_command_starts_up_prints_no_traceback(
    way: str, delay: float, signum: int, big_input: Path, tmp_path: Path
) -> None:
    """A SIGINT while fanpin/__init__.py loads pydantic and durable-rules (before fanpin.cli.main's try) was a
    KeyboardInterrupt traceback from the imports; wherever it lands now, the command exits 130 saying so. A
    SIGTERM or SIGHUP there killed the process without a word: it exits 143 or 129 saying so, as a run does."""
    said, code = _STOPPED[signum]
    script = tmp_path / "fanpin"
    script.write_text(_CONSOLE_SCRIPT, encoding="utf-8")
    start = [sys.executable, str(script)] if way == "script" else [sys.executable, "-m", "fanpin"]
    out = tmp_path / "x" / "o.csv"
    command = [*start, "score", str(big_input), "--as-of", "2025-06-30", "--region", "532328", "--out", str(out)]
    command += ["--errors", str(tmp_path / "e.csv")]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(command, cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True)
    time.sleep(delay)
    if process.poll() is not None:
        pytest.fail(f"the run ended before it could be interrupted: {process.communicate()[1]}")
    process.send_signal(signum)
    _, err = process.communicate(timeout=60)
    if way == "-m" and err.startswith("Could not import runpy module"):
        # On a loaded machine the signal can land while Python itself imports runpy to run ``-m``, before any
        # module of fanpin is read: CPython prints that and its traceback, and nothing of fanpin can help.
        assert not out.exists() and not (tmp_path / "e.csv").exists()
        return
    frames = re.findall(r'^  File "([^"]+)"', err, flags=re.MULTILINE)
    starting = err.startswith("Fatal Python error: init_import_site")  # Python's start-up itself stopped
    if frames and (starting or all(f.startswith("<") for f in frames) or _loading_the_guard(err)):
        # Or anywhere else before the guard is in place: every frame is CPython's own (seen under a load of 8
        # to 10: runpy locating the package, three <frozen runpy> frames), the site module's import stopped
        # ("Fatal Python error: init_import_site", in a line of a .pth file it runs, or a module such a line
        # imports: setuptools' _distutils_hack), or the last is a line that loads the guard's module (under a
        # load of five processes on two cores: Python reading _fanpin_command itself).
        assert err.rstrip().endswith("KeyboardInterrupt"), err
        assert not out.exists() and not (tmp_path / "e.csv").exists()
        return
    assert "Traceback" not in err and "Exception ignored" not in err, err
    assert not out.exists() and not (tmp_path / "e.csv").exists()
    if process.returncode == -signum and err == "":
        return  # the signal came before Python itself had started (a loaded machine): killed by it, no word
    assert process.returncode == code, err
    assert said in err


@pytest.mark.parametrize("signum", list(_STOPPED), ids=lambda s: signal.Signals(s).name)
def test_the_start_up_guard_answers_each_stopping_signal_as_the_command_does(signum: int) -> None:
    """Where the signal lands is a matter of timing in the test above; here it lands while the guard is in
    place, every time."""
    said, code = _STOPPED[signum]
    program = f"import os, _fanpin_command; _fanpin_command.guard_start_up(); os.kill(os.getpid(), {int(signum)})"
    done = subprocess.run(
        [sys.executable, "-c", program + "; import time; time.sleep(5)"],
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60,
    )  # fmt: skip
    assert (done.returncode, done.stderr.strip()) == (code, said)


def test_the_console_script_is_the_entry_point_outside_the_package() -> None:
    """``fanpin.cli:main`` imported fanpin/__init__.py before any of the command's code ran."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"] == {"fanpin": "_fanpin_command:main"}
    wheel = project["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert wheel["force-include"]["_fanpin_command.py"] == "_fanpin_command.py"


@pytest.mark.parametrize(
    ("orig_argv", "argv", "command"),
    [
        (["python", "-m", "fanpin", "score", "x"], ["-m", "score", "x"], True),
        (["python", "-X", "dev", "-m", "fanpin.__main__"], ["-m"], True),
        (["python", "-mfanpin", "check"], ["-m", "check"], True),
        (["python", "-Im", "fanpin"], ["-m"], True),
        (["python", "-m", "service", "fanpin"], ["-m", "fanpin"], False),  # a host's module, given "fanpin"
        (["python", "-m", "fanpin_extra"], ["-m"], False),
        (["python", "-c", "import fanpin"], ["-c"], False),
        (["python", "host.py"], ["host.py"], False),
    ],
)
def test_only_python_m_fanpin_guards_the_package_import(
    monkeypatch: pytest.MonkeyPatch, orig_argv: list[str], argv: list[str], command: bool
) -> None:
    """``import fanpin`` from a host (or ``python -m`` of another module) keeps its Ctrl-C a KeyboardInterrupt."""
    monkeypatch.setattr(sys, "orig_argv", orig_argv)
    monkeypatch.setattr(sys, "argv", argv)
    assert _fanpin_command.run_as_command() is command


def test_importing_fanpin_leaves_the_hosts_sigint_handler() -> None:
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_signal_inside_polars_python_code_is_delivered_once_out_of_it() -> None:
    """A SIGHUP whose handler ran in a Python callback of polars' native code raised KeyboardInterrupt there,
    which polars turned into a Rust panic printed with its backtrace (seen once in CI): the run's handler
    tells such a frame, and delivers the signal again once the main thread is out of polars."""
    import polars as pl

    from fanpin.cli import _in_polars

    assert not _in_polars(sys._getframe())
    inside = pl.Series([1]).map_elements(lambda _: _in_polars(sys._getframe()), return_dtype=pl.Boolean)
    assert inside.to_list() == [True]


@pytest.mark.parametrize("way", ["script", "-m"])
def test_an_interrupt_once_the_run_has_written_its_outputs_ends_it_as_complete(way: str, tmp_path: Path) -> None:
    """A Ctrl-C that landed as the command printed its summary (its outputs renamed into place) said
    "interrupted; no output was written" and exited 130, though the old files had been replaced: a clerk
    believed them still there. The run ends as the complete run it is, saying its outputs are written."""
    script = tmp_path / "fanpin"
    script.write_text(_CONSOLE_SCRIPT, encoding="utf-8")
    start = [sys.executable, str(script)] if way == "script" else [sys.executable, "-m", "fanpin"]
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    out.write_text("OLD\n", encoding="utf-8")
    errors.write_text("OLD\n", encoding="utf-8")
    command = [*start, "score", str(HOUSEHOLDS_CSV), "--as-of", "2025-06-30", "--region", "532328"]
    command += ["--out", str(out), "--errors", str(errors)]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "FANPIN_MESSAGES": "en"}
    with subprocess.Popen(command, cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True) as process:
        assert process.stderr is not None
        said = []
        for line in process.stderr:  # the summary is the run's last line: the signal lands on its way out
            said.append(line)
            if line.startswith("fanpin: scored"):
                process.send_signal(signal.SIGINT)
                break
        said.append(process.stderr.read())
        err = "".join(said)
        assert process.wait(timeout=60) == 3, err  # the example table has refused rows
    assert "no output was written" not in err and "Traceback" not in err, err
    assert out.read_text(encoding="utf-8-sig") != "OLD\n" and errors.read_text(encoding="utf-8-sig") != "OLD\n"
    if "interrupted" in err:  # it may land once the command has returned: then nothing is said
        assert "fanpin: interrupted once the run was complete: its outputs are written" in err, err
