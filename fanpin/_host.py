"""How a host's call words what ``fanpin`` (the command) tells in its options' words: the library's parameters
(``as_of=``, ``region=``, ``keep_columns=``, ``load_rulebook(folder)``) where the command names ``--as-of``,
``--region``, ``--keep-columns``, ``--rules DIR``. One table of fixes, one of words in notes and messages, and
:func:`host_words`, which :func:`fanpin.load_rulebook`, :class:`fanpin.Scorer` and
:func:`fanpin.pipeline.score_path` word their errors through. Without polars: the rulebook's loader uses it.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext

from fanpin.errors import FanpinError, Location, RulebookLoadError
from fanpin.model.columns import EXPORT_REGION_OPTION, EXPORT_REGION_PARAMETER

__all__ = [
    "host_chinese",
    "host_error",
    "host_note_chinese",
    "host_notes",
    "host_words",
    "parameter_fix",
    "words_of",
]


#: The fixes of the refusals met while the outputs are written (a sheet too full, a worker gone) that name the
#: command's options, as a host's run words them (:func:`score_path` without ``command``): its parameters.
_PARAMETER_FIXES = {
    "write CSV or Parquet instead (--format csv or --format parquet)": (
        'write CSV or Parquet instead (fmt="csv" or fmt="parquet")'
    ),
    "write CSV or Parquet instead (--format csv or --format parquet), or score each county's rows apart": (
        'write CSV or Parquet instead (fmt="csv" or fmt="parquet"), or score each county\'s rows apart'
    ),
    "write CSV or Parquet instead; the errors file (--errors) lists every rejected row": (
        "write CSV or Parquet instead; the errors file (errors=) lists every rejected row"
    ),
    "write the findings as CSV or Parquet instead (--findings findings.csv)": (
        'write the findings as CSV or Parquet instead (findings="findings.csv")'
    ),
    "score the file again; with --workers 1 it uses one process": (
        "score the file again; with workers=1 it uses one process"
    ),
    # raised by what the command and the library's lower layers share (build_plan, read_export), in both words
    "score with an earlier evaluation date (as_of=, --as-of on the command line)": (
        "score with an earlier evaluation date (as_of=)"
    ),
    "export the column(s); for 行政区划代码 you may instead pass --region CODE (region= in the library)": (
        "export the column(s); for 行政区划代码 you may instead pass region="
    ),
    EXPORT_REGION_OPTION: EXPORT_REGION_PARAMETER,
    # fanpin report's (write_report): a scored file whose evaluation date no plan can be made on
    "score the households again with an earlier evaluation date (--as-of)": (
        "score the households again with an earlier evaluation date (as_of=)"
    ),
}


#: The words of the notes a run gives (``ScoreSummary.notes`` and ``parameter_notes``, ``Scored.notes``) that name the
#: command's options, as a host's run words them (:func:`host_notes`): its parameters, or the call that does it.
_PARAMETER_NOTES = (
    (" (--rules DIR)", " (load_rulebook(folder))"),
    ("--keep-columns names ", "keep_columns names "),
    ("(fanpin check DIR, --rules DIR)", "(load_rulebook(DIR), fanpin check DIR)"),
    ("the data checks run with --checks with (or only)", 'the data checks run with load_rulebook(checks="with")'),
    ("keep all (--keep-columns all)", 'keep all (keep_columns="all")'),
    ("or score with a later --as-of", "or score with a later as_of="),
    ("or score with an --as-of on or after", "or score with an as_of= on or after"),
    ("asked for (--workers):", "asked for (workers=):"),
    ("--keep-columns: ", "keep_columns: "),
    ("--keep-columns applies to a household table", "keep_columns applies to a household table"),
    ("(--keep-identities keeps it)", "(keep_identities=True keeps it)"),
    ("give the report the --rules folders", "give write_report the rules= folders"),
)


def host_notes(notes: Iterable[str]) -> list[str]:
    """``notes`` as a host's run words them (:data:`_PARAMETER_NOTES`): ``fanpin score`` prints them as written."""
    worded = []
    for note in notes:
        for flag, parameter in _PARAMETER_NOTES:
            note = note.replace(flag, parameter)
        worded.append(note)
    return worded


#: How the Chinese of a command's note names each flag :data:`_PARAMETER_NOTES` rewords, and the parameter a host's
#: note names in its place (:func:`host_note_chinese`).
_PARAMETER_NOTES_ZH = (
    ("fanpin check DIR、--rules DIR", "load_rulebook(DIR)、fanpin check DIR"),
    ("--checks with（或 only）", 'load_rulebook(checks="with")'),
    ("--rules 文件夹", "load_rulebook(文件夹)"),
    ("--as-of", "as_of="),
    ("--workers", "workers="),
    ("--keep-columns all", 'keep_columns="all"'),
    ("--keep-columns", "keep_columns"),
    ("--keep-identities", "keep_identities=True"),
    ("请用 --rules 给出", "请用 write_report 的 rules= 给出"),
)


def host_note_chinese(note: str) -> str | None:
    """A note worded for a host (:func:`host_notes`) in Chinese: the command's note it was made from,
    translated, each flag then named as the parameter; None when the command's note has no translation either.
    A host's script speaking Chinese (``fanpin.cli.script_message``, :func:`host_chinese`) prints it so, where the
    rewording had left it without a translation, in English."""
    from fanpin.messages import chinese

    command = note
    for flag, parameter in _PARAMETER_NOTES:
        command = command.replace(parameter, flag)
    if command == note:
        return None
    zh = chinese(command)
    if zh is None:
        return None
    for flag, parameter in _PARAMETER_NOTES_ZH:
        zh = zh.replace(flag, parameter)
    return zh


def host_chinese(text: str) -> str | None:
    """``text``, a part of a message or an error, in Chinese: worded for a host, as :func:`host_note_chinese`
    translates it; any other as the command's (:func:`fanpin.messages.chinese`). What
    :func:`fanpin.messages.error_message` and ``fanpin.cli.script_message`` translate by, so that a host's error
    printed by either is told in Chinese."""
    from fanpin.messages import chinese

    zh = host_note_chinese(text)
    return zh if zh is not None else chinese(text)


def host_error(error: FanpinError) -> FanpinError:
    """``error`` as a host's call words it: its fix (:data:`_PARAMETER_FIXES`), and the words of its message and fix
    (:data:`_PARAMETER_NOTES`), naming the parameters where ``fanpin`` names its options (a parameter without a value
    for a region, ``or score with an as_of= on or after …``; a header ``keep_columns`` names that the file lacks);
    ``error`` itself when it names none. ``fanpin.messages.error_message(error, "zh")`` prints it in Chinese
    (:func:`host_chinese`), and so does a host's script (``fanpin.cli.script_message``)."""
    if isinstance(error, RulebookLoadError):  # each of its errors as the host is told it
        each = [host_error(e) for e in error.errors]
        return error if each == list(error.errors) else RulebookLoadError(each)  # type: ignore[arg-type]
    message, fix = host_notes([error.message, parameter_fix(error.fix)])
    if (message, fix) == (error.message, error.fix):
        return error
    return reworded(error, message=message, fix=fix)


def reworded(
    error: FanpinError, *, message: str | None = None, fix: str | None = None, location: Location | None = None
) -> FanpinError:
    """A copy of ``error`` (its class and fields: a ParameterLookupError's parameter, region and date) with the parts
    given in place of its own."""
    worded = copy.copy(error)
    worded.message = error.message if message is None else message
    worded.fix = error.fix if fix is None else fix
    worded.location = error.location if location is None else location
    worded.args = (str(worded),)
    return worded


def parameter_fix(fix: str) -> str:
    """``fix`` as a host's run words it (:data:`_PARAMETER_FIXES`); any other as it is."""
    return _PARAMETER_FIXES.get(fix, fix)


@contextmanager
def host_words() -> Iterator[None]:
    """fanpin's errors raised inside as a host's call words them (:func:`host_error`); the others as they are."""
    try:
        yield
    except FanpinError as exc:
        worded = host_error(exc)
        if worded is exc:
            raise
        raise worded from exc


def words_of(command: bool) -> AbstractContextManager[None]:
    """The words errors raised inside are told in: the command's, as raised (``command``: ``fanpin`` itself calls
    :func:`fanpin.results.build_plan`, a :class:`~fanpin.batch.BatchEngine` or
    :func:`fanpin.report.write_report`), else a host's (:func:`host_words`)."""
    return nullcontext() if command else host_words()
