"""The ``fanpin`` command: score, explain, check.

Exit codes: 0 every row scored; 2 usage or configuration error (a message naming file, line and fix);
3 finished, but some rows were rejected (they are in the errors file); 70 an error in fanpin itself (a
bug: one line naming where, never the values it met, and no output left behind); 130 interrupted
(Ctrl-C), with no output left behind.

Everything the command prints (messages, notes, ``explain``, argparse's own errors) has its ID and
mobile numbers masked. The output files are masked too, unless the data owner asks for identities with
``--keep-identities``.
"""

from __future__ import annotations

import _thread
import argparse
import contextlib
import errno
import functools
import io
import os
import re
import signal
import sys
import threading
import traceback
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from gc import collect as collect_garbage
from pathlib import Path
from types import FrameType
from typing import IO, TYPE_CHECKING, Any, Literal, NoReturn, cast

from fanpin import (
    __version__,
    _allocator,  # noqa: F401 - before anything that loads polars: it tunes polars' allocator (a test holds it)
    interrupts,
)
from fanpin._host import host_chinese
from fanpin.arguments import (
    checked_input,
    checked_keep_columns,
    full_width_problem,
    region_problem,
    shown_date,
    shown_word,
    spaced_problem,
)
from fanpin.batch import BatchEngine
from fanpin.durable.engine import Engine
from fanpin.errors import STANDARD_OUTPUT as STANDARD_OUTPUT_PATH
from fanpin.errors import ConfigError, FanpinError, output_name, suggest
from fanpin.io.export import FoundHousehold, households_found, unique_key
from fanpin.io.readers import RejectedRow
from fanpin.io.sinks import FORMATS, Format, output_format
from fanpin.masking import kept_keys, mask_numbers, masked_key, personal_key
from fanpin.messages import (
    MessageLang,
    chinese,
    chinese_line,
    error_message,
    finding_message,
    message,
    message_language,
    stop_message,
    wrapped,
)
from fanpin.model.columns import (
    ADD_REGION_OPTION,
    ADD_REGION_PARAMETER,
    COLUMN_NUMBERS_ROW,
    FOOTER_ROW,
    ID_TWO_WAYS,
    TOTALS_ROW,
    no_household_reason,
)
from fanpin.model.household import Household
from fanpin.model.parameters import Coverage
from fanpin.model.values import BLANK, NO_SUCH_DAY, code_text, day_month_reason, parse_date, visible
from fanpin.pipeline import CHUNK_ROWS, EXPORT_CHUNK_HOUSEHOLDS, KeepColumns, default_errors_path, score_path
from fanpin.pipeline.run import checked_name
from fanpin.pipeline.scored import MODEL_CHUNK_HOUSEHOLDS, WORKER_HOUSEHOLDS
from fanpin.pipeline.workers import MAX_WORKERS, default_workers
from fanpin.results.assessment import Assessment
from fanpin.results.classify import BAND_PARAMETERS
from fanpin.results.columns import header, label
from fanpin.results.plan import PlannedMeasure, build_plan, has_labour, plan_item
from fanpin.results.reasons import reason_text
from fanpin.results.sentences import Lang, flag_text, trace_text
from fanpin.rulebook import Rulebook, load_rulebook
from fanpin.rulebook.loader import ChecksMode

if TYPE_CHECKING:
    from fanpin.rulebook.lint import Finding

__all__ = ["explain_lines", "main", "run_script", "script_language", "script_message"]

EXIT_OK, EXIT_CONFIG, EXIT_REJECTED, EXIT_BUG, EXIT_INTERRUPTED = 0, 2, 3, 70, 130
#: 128 + SIGPIPE: `fanpin score --out /dev/stdout | head` (the reader closed the pipe before the end)
EXIT_PIPE_CLOSED = 141


#: How ``--as-of`` is written: YYYY-MM-DD. Python's ISO reader takes more (20250630, an ISO week's day
#: 2025-W26-1, which had been scored as 2025-06-23 without a word), which the help does not offer.
_AS_OF = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def as_of_date(text: str) -> date:
    """The ``--as-of`` of ``fanpin``'s commands, as an argparse ``type``: ``YYYY-MM-DD``, else an error that
    says what is wrong and how to write it (a stray space, full-width digits, no such day, ``2025/06/30``; a day
    written day or month first, ``30/6/2025``, told as an input cell is, by
    :func:`~fanpin.model.values.day_month_reason`: the day meant, or that which is the day cannot be told). A
    script's own parser takes it too (``examples/score_county.py``).

    >>> as_of_date("2025-06-30")
    datetime.date(2025, 6, 30)
    """
    try:
        if not _AS_OF.fullmatch(text):
            written = date.fromisoformat(text)  # ValueError where it is no date at all
            raise argparse.ArgumentTypeError(f"{text!r} is not written YYYY-MM-DD; write {written.isoformat()}")
        return date.fromisoformat(text)
    except ValueError:
        spaced = spaced_problem(text)  # '2025-06-30 ': a stray space, told so (as --region's), not trimmed
        if spaced is not None:
            raise argparse.ArgumentTypeError(spaced) from None
        wide = full_width_problem(text)  # full-width digits or signs: told so, with the date written half-width
        if wide is not None:
            raise argparse.ArgumentTypeError(wide) from None
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text.strip()):  # written so, but no day (2025-02-29)
            raise argparse.ArgumentTypeError(
                f"{text!r} is no such day in the calendar: check the month (1 to 12) and the day (a month has 28 to 31)"
            ) from None
        # As an input cell is read (the model's parse_date): a day as a spreadsheet shows it (2025/6/30, the way
        # a Chinese system writes dates, 2025年6月30日) is told the day meant, where it had been "not a date";
        # one written day or month first (30/6/2025), or no day of the calendar (2025/2/30), why. (A number, or a
        # day with its time, is told of a column by the model: here it is no date.)
        try:
            read = parse_date(text)
        except ValueError as reason:
            if day_month_reason(text) is not None or str(reason) == NO_SUCH_DAY:
                raise argparse.ArgumentTypeError(f"{text!r} is {reason}") from None
        else:
            if read is not None:
                raise argparse.ArgumentTypeError(
                    f"{text!r} is not written YYYY-MM-DD; write {read.isoformat()}"
                ) from None
        # a person's name typed there (张三丰) masked as a name is, where it had been quoted in clear
        raise argparse.ArgumentTypeError(
            f"{shown_date(text)!r} is not a date; write YYYY-MM-DD, e.g. 2025-06-30"
        ) from None


def _region(text: str) -> str:
    problem = region_problem(text)
    if problem is not None:
        raise argparse.ArgumentTypeError(problem)
    return text


#: What ``-`` names as an output (``--out -``): standard output, written through the process's own descriptor;
#: messages name it standard output (:func:`~fanpin.errors.output_name`).
STANDARD_OUTPUT = Path(STANDARD_OUTPUT_PATH)


def _output(text: str) -> Path:
    """An output option's path; ``-`` is standard output, as other commands read it (a file named ``-``
    had been written in the current folder). A file of that name is ``./-``."""
    if text.endswith(("/", os.sep)) and text.strip("/" + os.sep):  # newdir/: a folder, not a file named newdir
        raise argparse.ArgumentTypeError(f"{text} names a folder (it ends with {text[-1]}); name a file in it")
    if text != "-":
        return Path(text)
    if not STANDARD_OUTPUT.exists():  # Windows
        raise argparse.ArgumentTypeError("- (standard output) cannot be written to on this system; name a file")
    return STANDARD_OUTPUT


def _input(text: str) -> Path:
    """An input file's path; an empty one (``fanpin score ""``, a script's variable left unset) is refused
    saying so: as a path it named the current folder, and ``fanpin score`` stopped with an internal error."""
    if not text.strip():
        raise argparse.ArgumentTypeError("the path is empty; name the file to read")
    return Path(text)


def _household_id(text: str) -> str:
    """``--household``'s 户编号; an empty one (``--household ""``, a script's variable left unset) is refused saying
    so: it had been looked for, and told as ``no household ''`` with a "did you mean" of the file's first."""
    if not text.strip(BLANK):
        raise argparse.ArgumentTypeError("the 户编号 is empty; give it as the file writes it, e.g. --household H1")
    return text


def _output_to(example: str, default: bool = True) -> Callable[[str], Path]:
    """:func:`_output` of an option whose empty value (``--out ""``, a variable left unset in a script) is refused
    saying so, with a file such as ``example`` as the fix, or the option left out for its ``default`` file: as a
    path it named the current folder, and was told it was the folder of another output."""

    def output(text: str) -> Path:
        if not text.strip():
            leave = ", or leave the option out for its default" if default else ""
            raise argparse.ArgumentTypeError(f"the path is empty; name a file, e.g. {example}{leave}")
        return _output(text)

    return output


def _keep_columns(text: str) -> KeepColumns:
    try:
        keep: KeepColumns = checked_keep_columns(text)
    except ConfigError:
        raise argparse.ArgumentTypeError("name at least one column, or write all or none") from None
    return keep


def _workers(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if count < 1:
        raise argparse.ArgumentTypeError("at least 1 (1: score in this process only)")
    return count


#: The arguments being parsed (``main``'s, else the command line's), for the parser's error messages.
_ARGV: list[str] = []


class _Formatter(argparse.HelpFormatter):
    """argparse's help in the language of the command's messages: its own words (``usage:``, ``options``,
    ``show this help message and exit``) and fanpin's help texts, from the catalog
    (:func:`~fanpin.messages.chinese`; a test holds every text of the parser to having its Chinese). Chinese
    lines are wrapped by the columns they take on a terminal (:func:`~fanpin.messages.wrapped`)."""

    def __init__(self, prog: str, lang: MessageLang = "en") -> None:
        super().__init__(prog)
        self._lang = lang

    def _text(self, text: str) -> str:
        return (chinese(text) or text) if self._lang == "zh" else text

    def _get_help_string(self, action: argparse.Action) -> str | None:
        return None if action.help is None else self._text(action.help)

    def start_section(self, heading: str | None) -> None:
        super().start_section(None if heading is None else self._text(heading))

    def add_text(self, text: str | None) -> None:
        super().add_text(text if text is None or text == argparse.SUPPRESS else self._text(text))

    def _format_usage(self, usage: str | None, actions: Any, groups: Any, prefix: str | None) -> str:
        text = super()._format_usage(usage, actions, groups, prefix)
        if self._lang == "zh" and prefix is None and text.startswith("usage: "):
            return "用法： " + text[len("usage: ") :]  # the same seven columns: the lines below stay aligned
        return text

    def _split_lines(self, text: str, width: int) -> list[str]:
        return wrapped(text, width) if self._lang == "zh" else super()._split_lines(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if self._lang != "zh":
            return super()._fill_text(text, width, indent)
        return "\n".join(indent + line for line in wrapped(text, width - len(indent)))


class _Parser(argparse.ArgumentParser):
    """argparse in the language of the command's messages: its help by :class:`_Formatter`, its usage errors
    by :func:`usage_error`, translated and masked as every other message is (a mistyped --region may be an
    ID number)."""

    def __init__(self, *args: Any, lang: MessageLang = "en", **kwargs: Any) -> None:
        kwargs["formatter_class"] = functools.partial(_Formatter, lang=lang)
        super().__init__(*args, **kwargs)
        self.lang: MessageLang = lang

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        # A file named -x.csv reads as an option: say how to name it (argparse said "input is required").
        dashed = next((a for a in _ARGV if a.startswith("-") and a != "-" and Path(a).is_file()), None)
        said = usage_error(self.prog, _choice_shown(message), dashed, self.lang, hint=_one_file(message))
        self.exit(EXIT_CONFIG, mask_numbers(said + "\n"))


#: argparse's refusal of a value none of an option's choices (``invalid choice: '张三丰' (choose from 'zh', 'en')``;
#: Python 3.12.8 and later quote the choices no more), and of a count that is no number (``invalid int value: 'x'``,
#: fanpin's own ``not a whole number: 'x'``).
_INVALID_CHOICE = re.compile(
    r"invalid choice: (?P<quote>'?)(?P<value>.*?)(?P=quote) \(choose from (?P<choices>.*)\)$", re.S
)
#: argparse's words before the arguments it did not recognize.
_UNRECOGNIZED = "unrecognized arguments: "
_INVALID_COUNT = re.compile(r"(?:invalid int value|not a whole number): '(?P<value>.*)'$", re.S)


def _choice_shown(message: str) -> str:
    """argparse's ``message`` with a refused value quoted as :func:`~fanpin.arguments.shown_word` shows it: a typo
    of a choice (``--format csvx``) or a count written with Latin letters and digits (``--workers 2x``) as it is,
    any other text masked as a name is (a name typed into ``--lang`` or ``--chunk-rows`` had been quoted in clear)."""
    if message.startswith(_UNRECOGNIZED) and _ARGV[:1] != ["check"]:  # check's words are folders, not values
        # a value given to an option the command has none of (explain's --household 张三丰 given to score): each
        # word that is no option (-x) and no path (a file, or a name with a suffix or a folder: b.csv) is masked as
        # a name is; the options and paths are shown, for the typo (numbers in them are masked below)
        words = message.removeprefix(_UNRECOGNIZED).split(" ")
        kept = [w if w.startswith("-") or "." in w or "/" in w or Path(w).exists() else shown_word(w) for w in words]
        return _UNRECOGNIZED + " ".join(kept)
    found = _INVALID_CHOICE.search(message)
    if found is not None:
        choices = [c.strip().strip("'") for c in found["choices"].split(",")]
        shown = shown_word(found["value"], choices)
    else:
        found = _INVALID_COUNT.search(message)
        if found is None:
            return message
        value = found["value"]
        shown = value if value.isascii() and any(c.isdigit() for c in value) else shown_word(value)
    return message[: found.start("value")] + shown + message[found.end("value") :]


#: What each command that reads one file says when given several (``fanpin report a.csv b.csv``): argparse
#: said only "unrecognized arguments: b.csv", as if it were a mistyped option.
_ONE_FILE = {
    "report": "fanpin report reads one scored file: join the files into one first (scored files of other "
    "households joined end to end are read as one), or write one report per file",
    "score": "fanpin score reads one input file: run it once for each file",
    "explain": "fanpin explain reads one input file: run it once for each file",
}


def _one_file(message: str) -> str | None:
    """How to give a command that reads one file the several it was given (every argument argparse did not
    recognize is a file), or None."""
    extra = message.removeprefix("unrecognized arguments: ")
    command = _ARGV[0] if _ARGV else ""
    if extra == message or command not in _ONE_FILE:
        return None
    return _ONE_FILE[command] if all(Path(a).is_file() for a in extra.split(" ")) else None


def usage_error(prog: str, text: str, dashed: str | None, lang: MessageLang, *, hint: str | None = None) -> str:
    """The line of a usage error (argparse's ``text``): ``PROG: error: TEXT``, and when an argument that
    reads as an option names a file (``dashed``), how to name it (after ``--``, every argument is a file
    name: the options must come before it); else the ``hint`` given (a command that reads one file given
    several: what to do). In Chinese when the whole of it has a translation."""
    if dashed is not None:
        hint = f"{dashed} is a file: write ./{dashed}, or put -- before it, after the options"
    hint = hint or ""
    if lang == "zh":
        zh, zh_hint = chinese(text), chinese(hint)
        if zh is not None and zh_hint is not None:
            return f"{prog}: 错误：{zh}" + (f"（{zh_hint}）" if hint else "")
    return f"{prog}: error: {text}" + (f" ({hint})" if hint else "")


class _Masked(io.TextIOBase):
    """A text stream whose every write has its ID and mobile numbers masked, and each character no one
    sees written as its code point (:func:`~fanpin.model.values.visible`: an escape sequence in a cell or a
    file's name would otherwise reach the terminal and act there): whatever the command prints may quote a
    cell, a file name or a value."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        #: numbers written as they are (:func:`_shown_as_written`)
        self.kept: set[str] = set()
        #: 户编号 that are a person's number, and each as it is shown (:func:`~fanpin.masking.masked_key`)
        self.hidden: dict[str, str] = {}

    def write(self, text: str) -> int:
        for key, shown in self.hidden.items():
            text = text.replace(key, shown)
        return self.stream.write(visible(mask_numbers(text, self.kept)))

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()


#: The warning of ``--keep-identities`` (after ``fanpin: WARNING:``), printed before and after the run.
KEEP_IDENTITIES_WARNING = (
    "--keep-identities: ID numbers, names, phone numbers and health details are written IN CLEAR "
    "into {out} and {errors}. Keep those files as you keep the source data, share them with no one who may not see it, "
    "and delete them when done."
)


def _parser(lang: MessageLang = "en") -> argparse.ArgumentParser:
    """The command's parser, its help and usage errors in ``lang``."""
    parser = _Parser(
        prog="fanpin",
        lang=lang,
        description="Find households at risk of (re)falling into poverty (防止返贫动态监测) and plan measures.",
        epilog="Example: fanpin score households.csv --as-of 2025-06-30 --region 532328 --out scored.csv",
    )
    parser.add_argument("--version", action="version", version=f"fanpin {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--as-of", type=as_of_date, required=True, help="evaluation date YYYY-MM-DD (picks parameters)")
        p.add_argument("--region", type=_region, help="region code for rows without 行政区划代码")
        p.add_argument("--rules", action="append", default=[], metavar="DIR", help="extra rules folder (repeatable)")
        p.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of text columns (default zh)")
        checks_option(p)

    def checks_option(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--checks",
            choices=("off", "with", "only"),
            default="off",
            help="the data-check pack (疑点数据核查, rules/checks/): off (default), with the risk rules, or only",
        )

    score = commands.add_parser(
        "score",
        lang=lang,
        help="score a household file (CSV, .xlsx, Parquet or JSON Lines)",
        epilog="Example: fanpin score households.csv --as-of 2025-06-30 --region 532328 --out out/scored.csv",
    )
    score.add_argument("input", type=_input, help="CSV (UTF-8, UTF-8 BOM, GBK or GB18030), .xlsx, .parquet or .jsonl")
    common(score)
    score.add_argument(
        "--out",
        type=_output_to("scored.csv"),
        help="output file, - for standard output (default: INPUT stem + .scored.<format> here)",
    )
    score.add_argument(
        "--format", choices=FORMATS, default=None, help="output format (default from --out's suffix; csv without one)"
    )
    score.add_argument(
        "--errors",
        type=_output_to("rejected.csv"),
        help="rejected rows file, - for standard output (default: next to the input, INPUT stem + .rejected.csv)",
    )
    score.add_argument(
        "--findings",
        type=_output_to("findings.xlsx", default=False),
        metavar="FILE",
        help="also write the clerk's worksheet of data-check findings (疑点数据核查, with --checks with or only): "
        "one row per finding — code, message, 县/乡/村, 户编号, the member's masked ID number and name, the fields "
        "and values that made it fire. FILE.xlsx: a summary sheet (per code, per village) and one sheet per "
        "code; .csv, .parquet or .jsonl: one table; - for standard output (CSV). "
        "Sorted by code, 县, 乡, 村, 户编号, member",
    )
    score.add_argument(
        "--engine",
        choices=("batch", "durable"),
        default="batch",
        help="batch: whole chunks as polars expressions (default); durable: one household at a time",
    )
    score.add_argument(
        "--strict-parameters",
        action="store_true",
        help="stop at a household whose region has no value for a parameter "
        "(default: its rules are not evaluable, and a warning lists each gap)",
    )
    score.add_argument(
        "--chunk-rows",
        type=int,
        default=None,
        metavar="N",
        help=f"rows per chunk (default {CHUNK_ROWS}; households for a person-level export, default "
        f"{EXPORT_CHUNK_HOUSEHOLDS}, {MODEL_CHUNK_HOUSEHOLDS} with --engine durable; with worker processes, "
        f"{WORKER_HOUSEHOLDS} divided among them)",
    )
    score.add_argument(
        "--workers",
        type=_workers,
        default=None,
        metavar="N",
        help="processes that score a person-level export's chunks (default: one fewer than the cores; one per "
        f"core with --engine durable; at most {MAX_WORKERS}; 1: this process only; never more than the cores). The "
        "files written are the same; a household table is always scored in one process",
    )
    score.add_argument(
        "--keep-columns",
        type=_keep_columns,
        default=None,
        metavar="COLUMNS",
        help="input columns to pass through after the scored ones: all, none, or headers separated by commas "
        "(e.g. 户主姓名,工资性收入,备注; personal columns are masked). Default: the columns fanpin does not read",
    )
    score.add_argument(
        "--keep-identities",
        action="store_true",
        help="for the data owner only: write ID numbers, names, phone numbers and health details in clear into the "
        "output and errors files (by default they are masked)",
    )

    explain = commands.add_parser(
        "explain",
        lang=lang,
        help="show every rule's outcome for one household",
        epilog="Example: fanpin explain examples/data/households.csv --household H5323280001 --as-of 2025-06-30",
    )
    explain.add_argument("input", type=_input, help="the household file, read as fanpin score reads it")
    explain.add_argument("--household", required=True, type=_household_id, help="户编号 of the household")
    common(explain)

    report = commands.add_parser(
        "report",
        lang=lang,
        help="write a self-contained HTML report of a scored file (a county at a glance)",
        epilog="Example: fanpin report out/scored.parquet --out out/report.html",
    )
    report.add_argument("scored", type=_input, help="a scored CSV, Parquet or JSON Lines file (from fanpin score)")
    report.add_argument(
        "--out",
        type=_output_to("report.html"),
        help="the HTML file, - for standard output (default: SCORED stem + .report.html here)",
    )
    report.add_argument(
        "--rules",
        action="append",
        default=[],
        metavar="DIR",
        help="a rules folder the file was scored with (repeatable); the data-check pack is found by itself",
    )
    report.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the report (default zh)")

    check = commands.add_parser(
        "check",
        lang=lang,
        help="validate rule, parameter and measure folders, run every rule's cases and find the classic checker bugs",
        epilog="Example: fanpin check examples/county_override",
    )
    # As texts: Path("") is the working folder, and `fanpin check "$DIR"` with DIR unset read every YAML under it.
    check.add_argument("folders", nargs="*", help="extra rules folders (the reference rules come first)")
    # as score, explain and report take them (--rules had been refused, "unrecognized arguments"): after the
    # folders named without it, in the order given
    check.add_argument("--rules", action="append", default=[], metavar="DIR", help="extra rules folder (repeatable)")
    checks_option(check)
    return parser


def main(argv: Sequence[str] | None = None, *, stdout: IO[str] | None = None, stderr: IO[str] | None = None) -> int:
    out = cast(IO[str], _Masked(stdout or sys.stdout))
    err = cast(IO[str], _Masked(stderr or sys.stderr))
    _ARGV[:] = sys.argv[1:] if argv is None else argv
    # The messages are in the language of the user's system (--lang is the language of the files written),
    # argparse's help and usage errors too.
    lang, unknown = message_language(os.environ)
    try:
        if unknown is not None:
            print(unknown, file=err)
        args = _parser(lang).parse_args(argv)
        _STOPPED_BY.clear()
        _COMPLETE.clear()
        with _finalizers_quiet() as run:
            run.code = _run(args, out, err, lang)
            return run.code
    except OSError as exc:  # the reader of the messages went away (`fanpin check … 2>&1 | head -1`)
        if not _pipe_closed(exc):
            raise
        _closed_streams_quiet()
        return EXIT_PIPE_CLOSED


def _closed_streams_quiet(*streams: IO[str]) -> None:
    """``streams`` (standard output and error), one of them a pipe whose reader has gone, written into the null
    device from now on: what is still buffered, flushed at exit, would fail again (a traceback no one sees, and
    exit code 1 or 120 instead of the command's)."""
    with contextlib.suppress(OSError, ValueError):
        null = os.open(os.devnull, os.O_WRONLY)
        for stream in streams or (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError, AttributeError):
                os.dup2(null, stream.fileno())


@dataclass
class _Ended:
    """How a command ended, as :func:`_finalizers_quiet` reads it: its exit code, None while it runs (or when
    it raised)."""

    code: int | None = None


@contextlib.contextmanager
def _finalizers_quiet() -> Iterator[_Ended]:
    """Around a command: a writer's finalizer that meets the file its failed run closed (openpyxl's sheet
    writer on a full disk: "I/O operation on closed file", an OSError) is not printed as a traceback ("Exception
    ignored in …") after the run's own error; the objects of a run that did not end with its files written
    (an exit code other than 0 and 3, or an exception) are finalized before the command returns, while this
    holds. A run that wrote its files has closed its writers: a full collection of the heap after it (some
    80 ms in a host's process holding much else, on every call) finds none to finalize."""
    ended = _Ended()
    hook = sys.unraisablehook

    def quiet(unraisable: sys.UnraisableHookArgs) -> None:
        if unraisable.exc_type is not None and issubclass(unraisable.exc_type, OSError | ValueError):
            return
        hook(unraisable)

    sys.unraisablehook = quiet
    try:
        yield ended
    finally:
        if ended.code not in (0, 3):
            collect_garbage()
        sys.unraisablehook = hook


def _run(args: argparse.Namespace, out: IO[str], err: IO[str], lang: MessageLang) -> int:
    try:
        if args.command == "score":
            return _score(args, out, err, lang)
        if args.command == "explain":
            return _explain(args, out, err, lang)
        if args.command == "report":
            return _report(args, err, lang)
        return _check(args, out, lang)
    except FanpinError as exc:
        _shown_as_written((err,), *exc.shown)  # a 户编号 it names, as the scored table writes it
        if ADD_REGION_PARAMETER in exc.fix:  # the library's parameter (region=): the command's option instead
            exc.fix = exc.fix.replace(ADD_REGION_PARAMETER, ADD_REGION_OPTION)
        print(error_message(exc, lang), file=err)
        return EXIT_CONFIG
    except KeyboardInterrupt:
        if _COMPLETE:  # after the run had committed its outputs, while it printed its summary
            print(message("", "interrupted once the run was complete: its outputs are written", lang), file=err)
            return _COMPLETE[0]
        # The pipeline has removed its .part files: nothing half-written is left under any name.
        if _STOPPED_BY and _STOPPED_BY[0] != signal.SIGINT:  # SIGTERM, or SIGHUP: the terminal closed
            name = signal.Signals(_STOPPED_BY[0]).name
            print(message("", f"stopped ({name}); no output was written", lang), file=err)
            return 128 + _STOPPED_BY[0]
        print(message("", "interrupted; no output was written", lang), file=err)
        return EXIT_INTERRUPTED
    except OSError as exc:
        if not _pipe_closed(exc):
            print(internal_error(exc, lang), file=err)
            return EXIT_BUG
        # The reader of a pipe went away (`fanpin explain … | head`): stop quietly, as other tools do.
        with contextlib.suppress(OSError):
            sys.stdout = Path(os.devnull).open("w")  # noqa: SIM115 - replaces the closed stream until exit
        if args.command == "explain":  # what it was asked is shown as far as it was read
            return EXIT_OK
        if args.command != "score":  # `fanpin check DIR | head`: its verdict unsaid (it had exited 0 on errors)
            return EXIT_PIPE_CLOSED
        # A scored table cut short: say so, with the exit code a shell gives a command killed by SIGPIPE.
        closed = "the pipe the output went to was closed before the run ended; no errors file was written"
        print(message("", closed, lang), file=err)
        return EXIT_PIPE_CLOSED
    except Exception as exc:  # the last guard: a user never sees a Python traceback
        print(internal_error(exc, lang), file=err)
        return EXIT_BUG


def run_script(main: Callable[[], int]) -> NoReturn:
    """Exit with ``main()``'s exit code, as a script's ``if __name__ == "__main__":`` does, ending as the
    ``fanpin`` command ends when the reader of its output goes away (``python examples/score_county.py … |
    head``): quietly, with :data:`EXIT_PIPE_CLOSED`, where the next print or the last flush raised
    BrokenPipeError with a traceback. What is still buffered is written inside, so that a closed pipe is
    met here and not as the interpreter exits."""
    try:
        code = main()
        sys.stdout.flush()
    except OSError as exc:
        if not _pipe_closed(exc):
            raise
        _closed_streams_quiet(sys.stdout)  # nothing more goes to the closed pipe
        code = EXIT_PIPE_CLOSED
    sys.exit(code)


def script_language() -> MessageLang:
    """The language a script's messages are in, as ``fanpin``'s are: ``FANPIN_MESSAGES`` (``zh`` or ``en``), else
    the system's (``LANG`` …: Chinese on a Chinese system), else English."""
    return message_language(os.environ)[0]


def script_message(
    script: str, kind: Literal["error", "warning", "note"], what: str | FanpinError, lang: MessageLang
) -> str:
    """The line a script prints for an error of fanpin's (a :class:`~fanpin.errors.FanpinError`), or for a run's
    note or warning (``ScoreSummary.notes``, ``parameter_notes``), as ``fanpin`` prints it in ``lang``
    (:func:`script_language`), named by ``script``: ``score_county: 错误：…；请…``. A text fanpin has no Chinese
    for stays English, as the command's does.

    >>> script_message("score_county", "note", "no data rows", "en")
    'score_county: note: no data rows'
    """
    # A library's note or error names parameters (as_of=), which no Chinese template has: the command's text it
    # was made from is translated (host_chinese), before any shorter template could take the note for another.
    if isinstance(what, FanpinError):
        line = error_message(what, lang)
    else:
        zh = host_chinese(what) if lang == "zh" else None
        line = message(kind, what, lang) if zh is None else chinese_line(kind, zh)
    return script + line.removeprefix("fanpin")


def _pipe_closed(exc: OSError) -> bool:
    """Whether an error is a write to a pipe whose reader has gone (Python's BrokenPipeError, or polars'
    OSError that carries the operating system's error number in its text only)."""
    return isinstance(exc, BrokenPipeError) or exc.errno == errno.EPIPE or f"(os error {errno.EPIPE})" in str(exc)


def internal_error(exc: BaseException, lang: MessageLang = "en") -> str:
    """One line for an error in fanpin itself: its kind and the line of fanpin it came from, never its
    message (it may quote a cell's value), and what to do."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if f"{os.sep}fanpin{os.sep}" in f.filename] or frames
    where = f" at {Path(ours[-1].filename).name}:{ours[-1].lineno}" if ours else ""
    return message(
        "",
        f"internal error ({type(exc).__name__}{where}); the run stopped and no output was written. "
        "This is a bug in fanpin: please report it with the command you ran and this line",
        lang,
    )


def _book(folders: Sequence[str | Path], checks: ChecksMode) -> tuple[Rulebook, Engine]:
    book = load_rulebook(*folders, checks=checks, command=True)
    return book, Engine(book)


def _format(args: argparse.Namespace) -> Format:
    """The format of ``--out``: its suffix's, or ``--format``'s for a name whose suffix names none (a
    device, ``scored.json``; ``.txt``: CSV or JSON Lines). A suffix naming another format is refused: a
    workbook written into ``scored.csv`` or ``scored.txt`` would be misread by whatever opens it, as a CSV
    into ``scored.json`` would."""
    return output_format(args.out, args.format or None)


@contextlib.contextmanager
def _interruptible() -> Iterator[None]:
    """Ctrl-C stops the run as a KeyboardInterrupt, whatever it interrupted.

    - A SIGINT that lands inside polars' native code comes back as some other exception (the interrupt is
      swallowed there, or turned into a Rust panic, a ``BaseException``), so any exception raised after a
      SIGINT is turned back into the interrupt it was.
    - A SIGINT whose handler runs inside a finalizer (a ``__del__``, a generator closed by the garbage
      collector, a weakref callback) cannot raise there: Python would print "Exception ignored in …" with a
      traceback and go on with the run. The interrupt is caught on its way to ``sys.unraisablehook`` and
      delivered again to the main thread a few milliseconds later (from a timer thread, so that it is not
      handled inside the hook itself), where it stops the run once the finalizer has returned.
    - A SIGINT, SIGTERM or SIGHUP whose handler runs inside polars' Python code (which its native code may
      have called: raised there, the interrupt became a Rust panic printed with its backtrace) is delivered
      again so, once the main thread is out of polars."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    interrupted = threading.Event()
    in_hook = threading.Event()
    timers: list[threading.Timer] = []

    def deliver_again(signum: int = signal.SIGINT) -> None:
        timer = threading.Timer(_REDELIVER_SECONDS, _thread.interrupt_main, args=(signum,))
        timer.daemon = True
        timers.append(timer)
        timer.start()

    def on_sigint(signum: int, frame: FrameType | None) -> None:
        if interrupts.committed():  # the outputs are written: the run ends as a complete one
            return
        _STOPPED_BY[:] = [signum]
        interrupted.set()
        interrupts.note()  # whatever becomes of the exception, the run does not commit its outputs
        if in_hook.is_set():  # not inside the hook either: later
            deliver_again()
            return
        if _in_polars(frame):  # maybe a callback of polars' native code, where it panics: once out of it
            deliver_again(signum)
            return
        raise KeyboardInterrupt

    hook = sys.unraisablehook

    def on_unraisable(unraisable: sys.UnraisableHookArgs) -> None:
        if unraisable.exc_type is None or not issubclass(unraisable.exc_type, KeyboardInterrupt):
            hook(unraisable)
            return
        in_hook.set()
        try:
            deliver_again()
        finally:
            in_hook.clear()

    previous = {signum: signal.signal(signum, on_sigint) for signum in interrupts.heeded(interrupts.STOPPING)}
    sys.unraisablehook = on_unraisable
    try:
        with interrupts.watching():
            yield
    except BaseException as exc:
        if interrupted.is_set() and not isinstance(exc, KeyboardInterrupt):
            raise KeyboardInterrupt from None
        raise
    finally:
        sys.unraisablehook = hook
        for timer in timers:
            timer.cancel()
        for signum, handler in previous.items():
            signal.signal(signum, handler)


#: How long after a swallowed interrupt it is delivered again: long enough for the finalizer to return.
_REDELIVER_SECONDS = 0.005


def _in_polars(frame: FrameType | None) -> bool:
    """Whether a signal's handler runs inside polars' Python code (polars' native code calls back into it: a
    KeyboardInterrupt raised there became a Rust panic, whose message and backtrace reached the user)."""
    while frame is not None:
        if f"{os.sep}polars{os.sep}" in frame.f_code.co_filename:
            return True
        frame = frame.f_back
    return False


#: The signal that stopped the run (SIGINT, SIGTERM or SIGHUP): the exit code is 128 + its number, as a
#: shell's.
_STOPPED_BY: list[int] = []
#: The exit code of a ``score`` run whose outputs are committed: an interrupt that lands while it prints its
#: summary ends it with this code, not as a run that wrote nothing (its files had replaced the old ones).
_COMPLETE: list[int] = []


def _score(args: argparse.Namespace, out: IO[str], err: IO[str], lang: MessageLang) -> int:
    book = load_rulebook(*args.rules, checks=args.checks, command=True)
    if args.rules:  # a county's folder (the shipped files are never empty), as fanpin check warns of it
        from fanpin.rulebook.lint import empty_file_findings  # the linter: loaded when used (_check)

        for finding in empty_file_findings(book):  # the folder's rules may be in no file
            print(_finding_line(finding, lang), file=err)
    fmt = _format(args)
    target: Path = args.out or Path(f"{args.input.stem}.scored.{fmt}")
    errors_path: Path = args.errors or default_errors_path(args.input)
    if args.chunk_rows is not None and args.chunk_rows < 1:
        print(message("error", "--chunk-rows must be at least 1", lang), file=err)
        return EXIT_CONFIG
    named = {"out": output_name(target), "errors": output_name(errors_path)}  # - as standard output
    keep_identities = message("WARNING", KEEP_IDENTITIES_WARNING.format(**named), lang)
    if args.keep_identities:
        print(keep_identities, file=err)
    engine = BatchEngine(book) if args.engine == "batch" else Engine(book)
    with _interruptible():
        summary = score_path(
            engine,
            args.input,
            target,
            as_of=args.as_of,
            region=args.region,
            lang=args.lang,
            fmt=fmt,
            errors=errors_path,
            chunk_rows=args.chunk_rows,
            progress=err if err.isatty() else None,
            strict_parameters=args.strict_parameters,
            keep_columns=args.keep_columns,
            keep_identities=args.keep_identities,
            findings=args.findings,
            workers=args.workers or default_workers(in_python=args.engine == "durable"),
            command=True,  # its refusals name the command's options (--out), not the parameters (out=)
        )
        _COMPLETE[:] = [EXIT_REJECTED if summary.rejected else EXIT_OK]  # an interrupt from here on undoes nothing
    if args.findings is not None and args.checks == "off":
        summary.notes.append(
            "--findings lists data-check findings; the data-check pack is off, so only the codes of your own "
            "rules can be listed: add --checks with (or only)"
        )
    # the 户编号 the notes name, as the scored table writes them (a person's masked already)
    _shown_as_written((err,), *summary.months_after_keys, *summary.born_after_keys)
    for note in summary.notes:
        print(message("note", note, lang), file=err)
    for note in summary.parameter_notes:
        print(message("warning", note, lang), file=err)
    scored = (
        f"scored {summary.scored} household{'' if summary.scored == 1 else 's'} from {args.input} "
        f"({summary.info.encoding}) into {output_name(target)}; "
        f"rules {book.version}; rejected {summary.rejected} row(s) → {output_name(errors_path)}"
        + (f"; findings → {output_name(args.findings)}" if args.findings is not None else "")
    )
    print(message("", scored, lang), file=err)
    if args.keep_identities:
        print(keep_identities, file=err)
    return EXIT_REJECTED if summary.rejected else EXIT_OK


#: The words ``fanpin explain`` prints around the values, per language.
_EXPLAIN_WORDS = {
    "zh": {
        "rules": "规则版本",
        "unknown": "（未知）",
        "none": "无",
        "fired": "触发的规则：",
        "plan": "帮扶计划（一户一策）：",
        "no_plan": "（无）",
        "every_rule": "逐条规则：",
        "rejected": "户 {id} 在第 {line} 行被拒收：{column}{reason}",
    },
    "en": {
        "rules": "rulebook_version",
        "unknown": "(unknown)",
        "none": "none",
        "fired": "Fired rules:",
        "plan": "Plan:",
        "no_plan": "(none)",
        "every_rule": "Every rule:",
        "rejected": "household {id} was rejected at line {line}: {column}{reason}",
    },
}


def _unvalued(book: Rulebook, region: str, as_of: date, err: IO[str], lang: MessageLang) -> None:
    """The warnings ``fanpin score`` gives of the household's parameters (:class:`~fanpin.model.parameters.Coverage`,
    naming the region as score does): one per parameter without a value for its region and date (the rules
    reading one are not evaluable, for no fault of the household's data), and one per parameter it took the
    national value of."""
    coverage = Coverage(book.parameters, book.params_needed() | set(BAND_PARAMETERS), as_of)
    coverage.count([region])
    for gap in coverage.notes(counted=False):
        print(message("warning", gap, lang), file=err)


def _shown_as_written(streams: Sequence[IO[str]], *household_ids: str | None) -> None:
    """The streams write these 户编号 of the file as the scored table's 户编号 column does, as they are, where
    they would mask numbers in them: a 户编号 of sixteen digits reads as a bank card number, one of eleven as
    a mobile number. Explain names the file's 户编号 alike (the one explained, the ones it suggests); what was
    typed and is no 户编号 of the file (a person's phone or ID number, by mistake) is masked as any number. A
    户编号 that is a person's number (:func:`~fanpin.masking.personal_key`: a county that keys its households
    by the head's ID number) is masked everywhere, the scored table's key column too (SECURITY.md)."""
    kept = kept_keys(*household_ids)
    hidden = {i: masked_key(i) for i in household_ids if i and personal_key(i)}
    for stream in streams:
        if isinstance(stream, _Masked):
            stream.kept.update(kept)
            stream.hidden.update(hidden)


def _explain(args: argparse.Namespace, out: IO[str], err: IO[str], lang_of_messages: MessageLang) -> int:
    lang: Lang = args.lang
    words = _EXPLAIN_WORDS[lang]
    book, engine = _book(args.rules, args.checks)
    # As score reads the file's 户编号: trimmed, without a leading apostrophe or the .0 a spreadsheet writes after
    # a code kept as a number (53232810100009.0, as the file may write it); an apostrophe alone is left as typed.
    wanted = code_text(args.household) or args.household.strip()
    seen: list[str] = []
    refused: list[RejectedRow] = []
    # Rows refused with no 户编号 that can be read (how many, the first one's line): the one wanted may be among them.
    unnamed, first_unnamed = 0, 0
    # A person's ID number given for the 户编号 (the clerk knows the person): the household whose member holds it.
    # (An ID number has 15 or 18 characters: a shorter one is no person's, and no household's members are looked at.)
    person, holder = unique_key(wanted) if len(wanted) >= 15 else None, None
    # The households as fanpin score reads them (an export's across-the-file facts included). A refused
    # row does not end the search: in a household table a later row with the same 户编号 is scored when
    # the earlier one was refused (only a valid row claims its 户编号), and explain shows that household.
    for found in households_found(checked_input(args.input), region=args.region, command=True):
        row = found.household if isinstance(found, FoundHousehold) else found
        if len(seen) < 1_000_000:
            seen.append(row.household_id)
        if isinstance(row, RejectedRow) and row.household_id == wanted and row.reason == ID_TWO_WAYS:
            # A household table's 户编号 written two ways: every row of it refused, said once, at its first valid row.
            _shown_as_written((out, err), wanted)
            reason = reason_text(ID_TWO_WAYS, lang)
            print(words["rejected"].format(id=wanted, line=row.line, column="", reason=reason), file=out)
            return EXIT_REJECTED
        if isinstance(row, Household) and row.household_id == wanted:
            _shown_as_written((out, err), wanted)
            a = engine.evaluate(row, as_of=args.as_of, region=args.region, trace=True)
            plan = build_plan(a, book.measures, has_labour=has_labour(row), command=True)
            lines = explain_lines(a, plan, lang)
            if isinstance(found, FoundHousehold):  # which rows of the file it is (of a 户编号 given twice, the first)
                lines.insert(1, where_found(found, lang))
            for line in lines:
                print(line, file=out)
            _unvalued(book, a.region_code, args.as_of, err, lang_of_messages)
            return EXIT_OK
        if holder is None and person is not None and isinstance(row, Household):
            holder = _holder_of(found, row, person)
        if isinstance(row, RejectedRow) and row.reason in (TOTALS_ROW, FOOTER_ROW, COLUMN_NUMBERS_ROW):
            if no_household_reason(wanted) == row.reason:  # 合计 asked for: the totals row, said as such
                refused.append(row)
            continue  # no household (a form's row of column numbers neither): not one whose 户编号 was lost either
        if isinstance(row, RejectedRow) and row.household_id == wanted:
            refused.append(row)
        elif isinstance(row, RejectedRow) and not row.household_id:
            unnamed, first_unnamed = unnamed + 1, first_unnamed or row.line
    if refused:
        _shown_as_written((out,), wanted)
        # Every problem, once: a household refused for two cells, or an export's household refused for a
        # member row ("its member row on line 47 is rejected"), is told what to fix on every line at once.
        told: dict[tuple[str, str], RejectedRow] = {}
        for row in refused:
            told.setdefault((row.column, row.reason), row)
        for row in told.values():
            reason = reason_text(row.reason, lang)
            # A whole-household refusal names no column; a reason that names its column is not given it twice.
            column = f"{row.column} " if row.column and not reason.startswith(row.column) else ""
            print(words["rejected"].format(id=wanted, line=row.line, column=column, reason=reason), file=out)
        return EXIT_REJECTED
    ids = dict.fromkeys(i for i in seen if i)
    # A 户编号 typed with full-width letters and digits (an input method left on), or in another case, is the
    # file's: NFKC folds them.
    same = next((i for i in ids if _folded(i) == _folded(wanted)), None)
    close = same or suggest(wanted, ids, cutoff=0.8)
    # what was typed, masked as any number, and as a 户编号 of the file is where it is a person's (a name)
    _shown_as_written((err,), close, wanted if personal_key(wanted) else None)
    hint = f"did you mean {close}? " if close else ""
    fix = f"{hint}give the 户编号 as the file writes it (fanpin score's output lists every household's)"
    if holder is not None and close is None:
        _shown_as_written((err,), holder[0])
        fix = (
            f"it is the ID number of a member of household {holder[0]} (line {holder[1]}): --household takes the "
            f"household's 户编号; give --household {holder[0]}"
        )
    if "*" in wanted:  # copied from an output, which masks a 户编号 that is a person's number
        fix = (
            "a 户编号 shown with * is masked, as fanpin's outputs show one that is a person's number: give it "
            "whole, as the input file writes it"
        )
    if unnamed:  # a 户编号 whose digits the spreadsheet lost (5.32325E+15), an error of Excel's (#N/A) …
        fix = (
            f"{unnamed} row(s) of the file name no 户编号 that can be read (the first on line {first_unnamed}), "
            "and the household may be one of them: fanpin score --errors lists why each was refused; " + fix
        )
    if not seen:  # a header alone: no household at all, which no 户编号 typed otherwise would find
        fix = _HEADER_ALONE
    print(stop_message(f"no household {_typed(wanted)} in {args.input}", "config", fix, lang_of_messages), file=err)
    return EXIT_CONFIG


def _holder_of(found: object, household: Household, person: str) -> tuple[str, int] | None:
    """(the 户编号, the line) of ``household`` when ``person`` (:func:`~fanpin.io.export.unique_key`) is the ID number
    of one of its members (a table's head, an export's member, each on its own line), else None."""
    lines = found.lines if isinstance(found, FoundHousehold) else ()
    numbers = [household.id_number] if household.members is None else [m.id_number for m in household.members]
    for at, number in enumerate(numbers):
        if number is not None and unique_key(number.reveal()) == person:
            return household.household_id, lines[at] if at < len(lines) else (lines[0] if lines else 0)
    return None


#: The fix of ``explain`` over a file with its header alone (``no household 'H1'`` had sent the clerk looking
#: for the household among rows there are none of).
_HEADER_ALONE = (
    "the file has no data rows below its header: export or save it again (an export that failed, or was "
    "filtered to no household, writes its header alone)"
)

#: How much of a 户编号 that matched none an error shows: a household code is a few dozen characters, and a
#: paragraph pasted as ``--household`` had been echoed whole.
_TYPED_SHOWN = 60


def _typed(wanted: str) -> str:
    """``wanted`` as an error quotes it; one longer than :data:`_TYPED_SHOWN` characters is cut, before any
    digits the cut would split (a person's number cut short is no longer masked as one), an ellipsis after it
    (in no language: the message may be in either).

    >>> _typed("H1"), _typed("H" * 100) == repr("H" * 40) + "…", _typed("x" * 61) == repr("x" * 40) + "…"
    ("'H1'", True, True)
    """
    if len(wanted) <= _TYPED_SHOWN:
        return repr(wanted)
    # the digits at the cut, and an ID number's check character X after them: an x that ends a word (or a
    # paste of x's) stays, where it had been cut away with every x before it (a paste of x's quoted as '')
    return f"{_CUT_DIGITS.sub('', wanted[: _TYPED_SHOWN - 20])!r}…"


#: The digits :func:`_typed`'s cut ends in, with the check character X of an ID number after them.
_CUT_DIGITS = re.compile(r"[0-9]+[Xx]?$")


def _folded(household_id: str) -> str:
    """A 户编号 as a clerk may have meant it: full-width letters and digits as ASCII, any case, no spaces, no
    leading apostrophe and no ``.0`` or ``.00`` tail (H5323280004.00 is H5323280004: a spreadsheet's tail is
    dropped from a code of digits alone as the file is read, and was kept, and the id not found, with a letter)."""
    folded = "".join(unicodedata.normalize("NFKC", household_id).casefold().split())
    return _ZERO_TAIL.sub("", folded.lstrip("'"))


#: A spreadsheet's ``.0`` or ``.00`` after a code kept as a number, as :func:`_folded` drops it.
_ZERO_TAIL = re.compile(r"\.0+$")


def where_found(found: FoundHousehold, lang: Lang) -> str:
    """Where the file has the household ``fanpin explain`` shows, in ``lang``: a household table's line
    (``read from line 5``), or an export's 县, 乡 and 村 and its members with their lines
    (``县 元谋县 · 乡 城关镇 · 村 东村 · members 4 (lines 26, 27, 28, 29)``; past four lines the first three and
    how many more). It had said
    neither: which row of a 户编号 given twice was explained, or which village's household and how many
    people, could not be told.

    >>> incomes = dict.fromkeys(["工资性收入", "生产经营性收入", "财产性收入", "转移性收入"], 0)
    >>> h = Household.model_validate({"户编号": "H1", "户类型": "脱贫户", "家庭人口数": 2, **incomes})
    >>> where_found(FoundHousehold(h, (5,)), "en"), where_found(FoundHousehold(h, (5,)), "zh")
    ('read from line 5', '读自第 5 行')
    >>> where_found(FoundHousehold(h, (4, 5, 6, 9, 12), (("村", "东村"),)), "zh")
    '村 东村 · 家庭成员 5 人（第 4, 5, 6 行及另外 2 行）'
    """
    lines = found.lines
    more = len(lines) - 3 if len(lines) > 4 else 0
    listed = ", ".join(map(str, lines[:3] if more else lines))
    if lang == "zh":
        at = f"第 {listed} 行" + (f"及另外 {more} 行" if more else "")
    else:
        at = ("line " if len(lines) == 1 else "lines ") + listed + (f" and {more} more" if more else "")
    if not found.place and len(lines) == 1:  # a household table's row
        return f"读自第 {listed} 行" if lang == "zh" else f"read from {at}"
    count = len(found.household.members or ()) or len(lines)
    members = f"家庭成员 {count} 人（{at}）" if lang == "zh" else f"members {count} ({at})"
    return " · ".join([*(f"{header} {mask_numbers(value)}" for header, value in found.place if value), members])


def explain_lines(a: Assessment, plan: Sequence[PlannedMeasure], lang: Lang) -> list[str]:
    """What ``fanpin explain`` prints for one household, in ``lang``: who and when, the income, band,
    level and category, the fired rules' sentences, the plan, then every rule's outcome."""
    words = _EXPLAIN_WORDS[lang]

    def cell(column: str, value: str | None) -> str:
        return f"{header(column, lang)} {value if value is not None else words['unknown']}"

    income = None if a.income_per_capita is None else str(a.income_per_capita)
    category = label("suggested_category", a.suggested_category, lang) or words["none"]
    lines = [
        " · ".join(
            [
                cell("household_id", a.household_id),
                cell("region_code", a.region_code),
                cell("as_of", a.as_of.isoformat()),
                f"{words['rules']} {a.rulebook_version}",
            ]
        ),
        " · ".join(
            [
                cell("income_per_capita", income),
                cell("income_band", label("income_band", a.income_band, lang)),
                cell("alert_level", label("alert_level", a.alert_level, lang)),
                cell("suggested_category", category),
            ]
        ),
        words["fired"],
        *(f"* {flag_text(flag, lang)}" for flag in a.flags),
        words["plan"],
        *([f"- {plan_item(p.measure, p.due, lang)}" for p in plan] or [f"  {words['no_plan']}"]),
        words["every_rule"],
        *(trace_text(trace, lang) for trace in a.trace),
    ]
    if not a.flags:
        lines.insert(3, f"  {words['no_plan']}")
    return lines


def _report(args: argparse.Namespace, err: IO[str], lang: MessageLang) -> int:
    from fanpin.report import write_report

    target: Path = args.out or Path(f"{args.scored.stem}.report.html")
    checked_name(target)
    report = write_report(args.scored, target, rules=args.rules, lang=args.lang, command=True)
    for note in report.notes:
        print(message("warning", note, lang), file=err)
    households = f"{report.frame.height} household{'' if report.frame.height == 1 else 's'}"
    wrote = f"wrote the report of {households} from {args.scored} to {output_name(target)}"
    print(message("", wrote, lang), file=err)
    return EXIT_OK


def _finding_line(f: Finding, lang: MessageLang) -> str:
    """A finding of ``fanpin check`` (or of ``fanpin score``'s look at the rule files) as its line in ``lang``."""
    where = str(f.location) if f.location.path else ""
    return finding_message(str(f), where, f.severity, f.message, f.fix, f.code, lang)


def _check(args: argparse.Namespace, out: IO[str], lang: MessageLang = "en") -> int:
    # Loaded here: the rule linter and its analysis cost every other command 45-65 ms of its start.
    from fanpin.check import check_rulebook, run_cases

    book, engine = _book([*args.folders, *args.rules], args.checks)
    results = run_cases(book, engine)
    failed = [r for r in results if not r.passed]
    findings = check_rulebook(book)
    errors = [f for f in findings if f.severity == "error"]
    # The report in the language of the messages: each line whole, in English when it has no translation.
    for f in findings:
        print(_finding_line(f, lang), file=out)
    unreported = [r for r in failed if not r.reported]  # a case's bad fact is one of the findings above
    for r in unreported:
        plain = r.actual in ("fires", "silent", "not_evaluable")  # else it quotes an error's English
        print((chinese(str(r)) if lang == "zh" and plain else None) or r, file=out)
    checks = [r for r in book.rules.values() if r.spec.codes]
    pack = (
        f" ({len(checks)} of them data checks answering {len({c for r in checks for c in r.spec.codes})} codes)"
        if checks
        else ""
    )
    summary = (
        f"{len(book.rules)} rules{pack}, {len(book.parameters.specs)} parameters, {len(book.measures)} measures "
        f"from {len(book.files)} files; {len(results) - len(failed)}/{len(results)} cases pass; "
        f"{len(errors) + len(unreported)} error(s), {len(findings) - len(errors)} warning(s); version {book.version}"
    )
    print((chinese(summary) if lang == "zh" else None) or summary, file=out)
    return EXIT_CONFIG if failed or errors else EXIT_OK
