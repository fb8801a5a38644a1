"""A file scored into a file: where the output goes (``NAME.part`` beside a regular file, renamed when
complete; a device or pipe directly), the guards before anything is written, and one pass of reading,
scoring and writing with a writer thread.

What every run gets, whichever engine scores it:

- **Input guards.** The header is found and checked for the required columns (:mod:`fanpin.io.readers`);
  the file is read in chunks of text cells (:mod:`fanpin.io.chunks`), so memory is bounded by the
  chunk, never by the file. A row with a filled cell beyond the header is refused, not cut.
- **Nothing lost.** Every data row is scored or written to the errors file with its line, column,
  masked value and reason. A 户编号 seen in an earlier valid row is refused as a duplicate, across
  chunks too, and every row of one written two ways (``H2`` and ``h2``: found at its later row, the run is
  then made again with it known, unless an output is a device or a pipe).
- **Nothing overwritten.** ``--out``, ``--errors`` or ``--findings`` naming the input file, or two of
  them naming one file, is refused before anything is written. Output goes to ``NAME.part`` and is
  renamed when the run is complete, so only a regular file is ever replaced and a failed or
  interrupted run leaves nothing half-written; a device or a pipe is written to directly; a folder is
  refused.
- **The same bytes.** Both engines fill the same columns (:mod:`fanpin.results.columns`) and write
  through the same sinks (:mod:`fanpin.io.sinks`): CSV, Parquet, .xlsx or JSON Lines.
- A progress bar on a terminal; a :class:`ScoreSummary` for the exit code.

The engine is plugged in as a :class:`ChunkScorer`: the batch engine validates and scores whole chunks
as polars expressions; the durable engine validates each row with the household model and evaluates
it through durable-rules. The next chunk is read on a thread while one is scored, and the previous one
is written on another. A person-level export's chunks may be scored by worker processes
(``workers``, :mod:`fanpin.pipeline.workers`): the guards above are this process's, and the bytes are
the same.
"""

from __future__ import annotations

import errno
import hashlib
import io
import os
import re
import stat
import sys
from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack, suppress
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import IO, get_args

import polars as pl

from fanpin._fork import batch_path_starts
from fanpin._host import host_error, host_notes, reworded
from fanpin.arguments import (
    checked_choice,
    checked_count,
    checked_date,
    checked_flag,
    checked_input,
    checked_keep_columns,
    checked_keywords,
    checked_lang,
    checked_output,
    checked_path,
    checked_region,
    checked_stream,
)
from fanpin.batch import BatchEngine
from fanpin.durable import Engine
from fanpin.errors import STANDARD_OUTPUT, ConfigError, FanpinError, Location, OutputError
from fanpin.interrupts import committing, held_back
from fanpin.io.chunks import NO_ROOM, RowByRow, in_temporary_folder, no_room_for_temporary_files
from fanpin.io.findings import FindingsFormat, FindingsSink, findings_format
from fanpin.io.progress import Progress, count_records
from fanpin.io.sinks import (
    Format,
    Headers,
    RejectedSink,
    TableSink,
    format_of,
    linked_match,
    os_error_number,
    output_format,
    table_sink,
)
from fanpin.model.columns import NO_REGION, NO_REGION_PARAMETER
from fanpin.pipeline.scored import (
    Chunk,
    KeepColumns,
    ScoredChunks,
    ScoreSummary,
    personal_keys_note,
)
from fanpin.results.sentences import Lang

__all__ = ["default_errors_path", "score_path"]


def default_errors_path(path: str | Path) -> Path:
    """Where the rejected rows of ``path`` go when no errors file is named: next to the input, with the
    input's stem (``data/households.csv`` → ``data/households.rejected.csv``), whatever the output is.

    >>> default_errors_path("data/households.xlsx").as_posix()
    'data/households.rejected.csv'
    """
    path = Path(path)
    return path.with_name(f"{path.stem}.rejected.csv")


@checked_keywords
def score_path(
    engine: Engine | BatchEngine,
    path: str | Path,
    out: str | Path,
    *,
    as_of: date,
    region: str | None = None,
    lang: Lang = "zh",
    fmt: Format | None = None,
    errors: str | Path | None = None,
    chunk_rows: int | None = None,
    progress: IO[str] | None = None,
    strict_parameters: bool = False,
    keep_columns: KeepColumns = None,
    headers: Headers = "lang",
    keep_identities: bool = False,
    findings: str | Path | None = None,
    workers: int = 1,
    command: bool = False,
) -> ScoreSummary:
    """Score a household file into ``out`` (and its refused rows into ``errors``, by default next to the
    input: :func:`default_errors_path`), chunk by chunk.

    ``engine`` is either engine; the run is the same (see the module's docstring). Raises
    :class:`~fanpin.OutputError` before writing anything when an output would replace the input or
    the two outputs are one file. A parameter with no value for a household's region makes the rules
    that read it not evaluable there (:attr:`ScoreSummary.parameter_notes` says which, for how many
    households); with ``strict_parameters`` it raises :class:`~fanpin.ParameterLookupError` instead.
    ``keep_columns`` picks the input columns passed through (:data:`fanpin.pipeline.scored.KeepColumns`:
    by default the columns fanpin does not read; ``"all"``; ``"none"``; or headers), personal ones masked.
    ``headers``: ``"lang"`` (the default, as ``fanpin score`` writes them) heads the table and the errors
    file in ``lang`` (户编号, 预警等级 …); ``"ids"`` with the column ids (``household_id``, ``alert_level`` …),
    as the library's DataFrames name them. The township workbook is for people: always in ``lang``.
    ``keep_identities`` writes ID numbers, names, phone numbers and health details in clear into both files (the data
    owner's ``--keep-identities``; by default they are masked).
    ``findings`` writes the clerk's worksheet there (:mod:`fanpin.pipeline.findings`; .xlsx, CSV, Parquet or
    JSON Lines by its suffix): one row per data-check finding, member ID numbers and names always masked.
    ``workers``: processes that score a person-level export's chunks (:mod:`fanpin.pipeline.workers`; the
    files are the same bytes with any number). The default, 1, scores in this process. More start fresh
    Python processes: call it from a script whose main code is under ``if __name__ == "__main__":``.
    ``out``, ``errors`` and ``findings`` given as the text ``"-"`` raise :class:`~fanpin.ConfigError`
    (:func:`~fanpin.arguments.checked_output`: ``"/dev/stdout"`` is standard output, ``"./-"`` a file named ``-``).
    Its refusals of an output name the parameter (``out=``, ``errors=``, ``findings=``); ``command``: the run is
    ``fanpin score``'s, whose refusals name its options (``--out`` …) as the command line gives them.
    """
    if not isinstance(engine, Engine | BatchEngine):
        raise ConfigError(
            f"score_path takes an Engine or a BatchEngine, not {type(engine).__name__}",
            fix="pass BatchEngine(load_rulebook()) or Engine(load_rulebook()) (a Scorer writes files with score_file)",
        )
    as_of, region, lang = checked_date(as_of), checked_region(region), checked_lang(lang)
    batch_path_starts()  # a file is read by polars on either engine
    headers = checked_choice("headers", headers, get_args(Headers))
    chunk_rows = checked_count("chunk_rows", chunk_rows, optional=True)
    workers, keep_columns = checked_count("workers", workers), checked_keep_columns(keep_columns)
    keep_identities = checked_flag("keep_identities", keep_identities)
    path, out = Path(checked_path("path", path)), Path(checked_output("out", out))
    # by the suffix of out unless given; one the suffix contradicts is refused (sinks.output_format)
    fmt = output_format(
        out, None if fmt is None else checked_choice("fmt", fmt, get_args(Format)), option="out", given="fmt"
    )
    errors = checked_output("errors", errors, optional=True)
    findings = checked_output("findings", findings, optional=True)
    progress = checked_stream("progress", progress)
    errors_path = Path(errors) if errors else default_errors_path(path)
    findings_path = Path(findings) if findings is not None else None
    names = FLAGS if checked_flag("command", command) else PARAMETERS
    _refuse_errors_format(errors_path, names["errors"])
    _refuse_overwrite(path, out, errors_path, findings_path, named=names)
    checked_input(path)
    given = [out, errors_path, *([findings_path] if findings_path is not None else [])]
    targets = [(written_path(out), names["out"]), (written_path(errors_path), names["errors"])]
    if findings_path is not None:
        targets.append((written_path(findings_path), names["findings"]))
    written = [(part_path(target, option), target) for target, option in targets]
    part, errors_part = written[0][0], written[1][0]
    findings_part = written[2][0] if findings_path is not None else None
    # its suffix named as out's is (fmt above): the command's option, or the parameter (findings, not --findings)
    found = None if findings_path is None else findings_format(findings_path, "--findings" if command else "findings")
    run = _Run(
        engine, path, part, errors_part, as_of, region, lang, fmt, chunk_rows, progress, strict_parameters,
        keep_columns, headers, keep_identities, findings_part, found, workers, command,
    )  # fmt: skip
    claimed: list[Path] = []  # the .part files this run made: only they are removed if it fails
    made: list[Path] = []  # and the folders it made, deepest first: only they, and only when empty
    try:
        for (_, target), (_, option) in zip(written, targets, strict=True):
            made[:0] = folder_for(target, option)
        for done, target in written:
            if done != target:
                with held_back():  # a signal between the two would leave the .part file made and not noted
                    claim_part(done, target)
                    claimed.append(done)
        exact, note = False, None
        try:
            summary, two_ways = run.once(exact=exact)
        except RowByRow as signal:
            # polars cannot split the file as the csv module does (a row far wider than the header, a
            # stray quote, lines ending both ways): read it row by row instead, so that every row is
            # scored or refused with its line number rather than lost or merged into another.
            exact, note = True, signal.note
            summary, two_ways = run.once(exact=exact)
        if two_ways and all(done != target for done, target in written):
            # A 户编号 written two ways was found at its later rows, its first written scored: the files are
            # written again, every row of it refused (a file rarely has one; rows cannot be taken back).
            summary, _ = run.once(exact=exact, two_ways=two_ways)
        elif two_ways:
            summary.notes.append(_two_ways_note(two_ways))
        if note is not None:
            summary.notes.append(note)
        if summary.personal_keys:
            summary.notes.append(
                personal_keys_note(summary.personal_keys, "--keep-identities" if command else "keep_identities=True")
            )
        summary.notes += summary.counted_notes(as_of)
        with committing():  # not after an interrupt, and all or nothing (fanpin.interrupts)
            commit([(done, target) for done, target in written if done != target])
    except BaseException as exc:
        for done in claimed:
            with suppress(FileNotFoundError):
                done.unlink()
        remove_folders(made)
        if isinstance(exc, FanpinError):
            # a host's run: an error naming the command's options names the parameters (fmt=, as_of= …)
            worded = exc if command else host_error(exc)
            if isinstance(exc, OutputError) and exc.location.path:
                # an output its writer refused (a township, a code or the refused rows past what one .xlsx
                # sheet holds) is named by the path the user gave: it had been told at its hidden .part file
                refused = exc.location.path
                shown = next((g for g, (done, _) in zip(given, written, strict=True) if refused == str(done)), None)
                if shown is not None and Location(str(shown)) != exc.location:
                    worded = reworded(worded, location=Location(str(shown)))
            if worded is not exc:
                raise worded from exc
        number = disk_error_number(exc)
        if number is not None and in_temporary_folder(getattr(exc, "filename", None)):
            raise no_room_for_temporary_files(os.strerror(number)) from exc
        if number is not None and (not isinstance(exc, OSError) or exc.errno is None):  # polars' words for it
            exc = OSError(number, os.strerror(number))
        if isinstance(exc, OSError) and _names_one_of(exc, [p for pair in written for p in pair]):
            # The option whose path the error is about (a full disk, named by no path: any of them).
            named = [o for pair, (_, o) in zip(written, targets, strict=True) if _names_one_of(exc, pair)]
            options = " / ".join(named if exc.filename is not None else [o for _, o in targets])
            # the path the user gave, not the hidden .part file (nor the file a link led to) the error names
            shown = next((g for g, pair in zip(given, written, strict=True) if Path(str(exc.filename)) in pair), None)
            # an output written directly (standard output, a device, a pipe) has no folder to choose
            direct = [done for done, target in written if done == target and Path(str(exc.filename)) == done]
            example = {"out": f"scored.{fmt}", "errors": "rejected.csv", "findings": "findings.xlsx"}
            raise OutputError(
                f"cannot write the output ({options}): {exc.strerror or exc}",
                fix=direct_fix(options, shown or direct[0], example[_bare(options)])
                if direct and _bare(options) in example
                else f"choose an {options} path in a folder you can write to, with room on its disk",
                location=Location(str(shown or exc.filename)) if exc.filename is not None else Location(),
            ) from exc
        raise
    if not command:  # a host's run: its notes name the parameters (as_of=, workers= …), not the command's options
        summary.notes = host_notes(summary.notes)
        summary.parameter_notes = host_notes(summary.parameter_notes)
    return summary


#: A path that names an open file descriptor (``/dev/stdout`` links to ``/proc/self/fd/1``).
_DESCRIPTOR = re.compile(r"/proc/(?:self|thread-self|[0-9]+)(?:/task/[0-9]+)?/fd/[0-9]+|/dev/fd/[0-9]+")


def _names_a_descriptor(target: Path) -> bool:
    """Whether ``target`` is, or links (through any chain of links) to, a path naming an open file
    descriptor: ``/dev/stdout``, ``/dev/fd/3``, ``/proc/self/fd/1``."""
    return linked_match(target, _DESCRIPTOR) is not None


def written_path(target: Path) -> Path:
    """The path a run writes for the output path ``target``: ``target`` itself, except that a symbolic link
    is followed to the file it names (the link stays a link, and that file gets the output: a link
    replaced by a new file would leave its file as it was). A path naming an open file descriptor
    (``/dev/stdout``: the file or pipe the shell redirected) stays itself, to be written to directly."""
    if target.is_symlink() and not _names_a_descriptor(target):
        return Path(os.path.realpath(target))
    return target


def part_path(target: Path, option: str = "--out", example: str | None = None) -> Path:
    """Where a run writes ``target`` (a :func:`written_path`) until it is complete: ``NAME.part`` beside
    it, renamed at the end, so that only a regular file is ever replaced. A device or a pipe
    (``/dev/null``, a FIFO) and a path naming an open file descriptor (``/dev/stdout``) are written to
    directly; a folder is refused (``option``: the option that named it, and ``example`` a file name, for
    the fix)."""
    if target.is_dir():
        raise OutputError(
            f"the {option} path is a folder",
            fix=f"name a file in it, e.g. {given_as(option, f'FOLDER/{example or _EXAMPLE[_bare(option)]}')}",
            location=Location(str(target)),
        )
    if (target.exists() and not target.is_file()) or _names_a_descriptor(target):
        return target
    return _suffixed(target, ".part")


def direct_fix(option: str, target: Path, example: str) -> str:
    """The fix of an output written directly that could not be written (:func:`part_path`: no ``.part`` file):
    standard output (``-``) sent elsewhere, or a file (``example``) given for it or for a device or pipe; no
    folder to choose."""
    if str(target) == STANDARD_OUTPUT:
        elsewhere = "send standard output to a file or a program that takes it"
        return f"{elsewhere}, or give {option} a file, e.g. {given_as(option, example)}"
    return f"give {option} a file instead of the device or pipe, e.g. {given_as(option, example)}"


def _suffixed(path: Path, suffix: str) -> Path:
    """``path`` with ``suffix`` added to its name, beside it; a name that would then be longer than a file's may
    be (a name of 251 to 255 bytes, 84 Chinese characters, is allowed, + ``.part`` not) is a hash of it: its
    own, and the same for the same path."""
    name = path.name + suffix
    if len(os.fsencode(name)) > _NAME_MAX:
        name = "." + hashlib.sha256(os.fsencode(path.name)).hexdigest()[:16] + suffix
    return path.with_name(name)


def commit(renames: Sequence[tuple[Path, Path]]) -> None:
    """Renames each ``.part`` file to its output, all or none: when one rename fails (its output became a
    folder meanwhile), the outputs renamed before it are put back as they were (a new one removed, a replaced
    one restored from a link to it kept until the end), so that a failed run leaves no finished output. An
    old file that cannot be kept so (a file system without hard links) is replaced without a way back."""
    for _, target in renames:
        if target.is_dir():  # the commonest failure, found before anything is renamed
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
    done: list[tuple[Path, Path | None, bool]] = []  # (output, its old file kept, whether it was new)
    try:
        for part, target in renames:
            kept, new = None, not target.exists()
            if not new:
                kept = _kept_name(part)
                try:
                    os.link(target, kept)
                except OSError:
                    kept = None
            try:
                part.replace(target)
            except BaseException:
                if kept is not None:
                    with suppress(OSError):
                        kept.unlink()
                raise
            done.append((target, kept, new))
    except BaseException:
        for target, kept, new in reversed(done):
            with suppress(OSError):  # an old file that cannot be put back stays beside it, under its kept name
                if kept is not None:
                    kept.replace(target)
                elif new:
                    target.unlink()
        raise
    for _, kept, _ in done:
        if kept is not None:
            with suppress(OSError):
                kept.unlink()


def _kept_name(part: Path) -> Path:
    """Where :func:`commit` keeps the file an output replaces until every output is in place: beside the
    ``.part`` file, named after it."""
    return _suffixed(part, ".old")


def checked_name(target: Path, option: str = "--out") -> None:
    """Refuses an output ``target`` whose name is longer than a file's may be (the system would not look it up:
    ``exists()`` raised, an internal error), naming ``option``."""
    size = len(os.fsencode(target.name))
    if size > _NAME_MAX:
        raise OutputError(
            f"the {option} file name is {size} bytes long, more than a file name may be ({_NAME_MAX} bytes: 85 "
            "Chinese characters)",
            fix=f"give {option} a shorter file name",
            location=Location(str(target)),
        )


#: The longest file name most file systems take, in bytes (ext4, XFS, NTFS's 255 UTF-16 units are more).
_NAME_MAX = 255


def claim_part(part: Path, target: Path) -> None:
    """Makes the empty ``.part`` file ``part`` of ``target``, refusing one that exists: another run is
    writing ``target`` (two runs writing one output shared one ``.part`` file, and the one that said it
    had written the output left the other's), or a run was killed before it could remove it."""
    try:
        os.close(os.open(part, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
    except FileExistsError:
        raise OutputError(
            f"{part.name} exists: another fanpin run is writing {target.name}, or one was killed before it "
            "could remove its unfinished output",
            fix=f"wait for the other run to end, or delete {part.name} if no run is writing {target.name}",
            location=Location(str(part)),
        ) from None


#: A file name for each output option, in the fix of a folder given as one.
_EXAMPLE = {"out": "scored.csv", "errors": "rejected.csv", "findings": "findings.xlsx"}

#: How a run's refusals name its outputs: ``fanpin score``'s options, and the library's parameters (a host calling
#: :func:`score_path` or ``Scorer.score_file`` had been told the command's ``--out``, which it has none of).
FLAGS = {"out": "--out", "errors": "--errors", "findings": "--findings"}
PARAMETERS = {"out": "out=", "errors": "errors=", "findings": "findings="}


def host_reasons(rejected: pl.DataFrame) -> pl.DataFrame:
    """Refused rows whose reason names the command's option (a household without 行政区划代码: pass ``--region``)
    with the reason a host's call states, naming its parameter (``region=``), before they are put in a language:
    ``Scorer.score``'s ``rejected``, and the errors file of a host's run (:func:`score_path` without ``command``)."""
    reason = pl.col("reason")
    return rejected.with_columns(
        pl.when(reason == NO_REGION).then(pl.lit(NO_REGION_PARAMETER)).otherwise(reason).alias("reason")
    )


def _bare(option: str) -> str:
    """An option's name as :data:`_EXAMPLE` keys it: ``out`` for ``--out`` and ``out=``."""
    return option.removeprefix("--").removesuffix("=")


def given_as(option: str, value: object) -> str:
    """An option given ``value``, as a message writes it: ``--out scored.csv`` for a flag, ``out='scored.csv'`` for
    a parameter (:data:`PARAMETERS`)."""
    return f"{option}{str(value)!r}" if option.endswith("=") else f"{option} {value}"


def folder_for(target: Path, options: str = "--out / --errors / --findings") -> list[Path]:
    """Makes the folder ``target`` goes in, with its parents, and returns the folders it made, deepest first
    (a run that fails removes them again: :func:`remove_folders`); a file standing where one of them should
    be is refused by name (``options``: the option naming the output, for the message and the fix)."""
    blocking = next((p for p in target.parents if p.exists() and not p.is_dir()), None)
    if blocking is not None:
        raise OutputError(
            f"cannot write the output ({options}): {blocking} is a file, so no folder can be made there",
            fix=f"choose an {options} path in a folder",
            location=Location(str(target)),
        )
    missing = [p for p in target.parents if not p.exists()]  # deepest first
    target.parent.mkdir(parents=True, exist_ok=True)
    return missing


def remove_folders(made: Sequence[Path]) -> None:
    """Removes the folders a failed run made (:func:`folder_for`, deepest first), each only if it is empty:
    a file put in one meanwhile, by anyone, keeps it and the folders above it."""
    for folder in made:
        try:
            folder.rmdir()
        except OSError:  # not empty, or gone: the folders above it hold it
            continue


def disk_error_number(exc: BaseException) -> int | None:
    """The error number of a write a disk could not take (:data:`~fanpin.io.chunks.NO_ROOM`): an OSError's
    own, or the one polars puts in its text only (``No space left on device (os error 28)``, an OSError
    without ``errno``, or polars' ComputeError from a Parquet sink); None for any other error."""
    number = os_error_number(exc)
    return number if number in NO_ROOM else None


def _names_one_of(exc: OSError, paths: Sequence[Path]) -> bool:
    """Whether an operating-system error is about one of ``paths`` (or their folders)."""
    if exc.filename is None:
        return exc.errno in NO_ROOM
    named = Path(str(exc.filename))
    return any(named == p or named in p.parents for p in paths)


def _refuse_errors_format(errors: Path, option: str = "--errors") -> None:
    """The errors file is CSV whatever its name: one named .xlsx, .parquet or .jsonl had been written as CSV
    without a word, and the spreadsheet a clerk opened it in said the file was damaged. A suffix naming no
    format fanpin writes (.log, .rej, none) is written as CSV, as before."""
    try:
        named = format_of(errors, option)
    except ConfigError:
        return
    if named != "csv":
        raise ConfigError(
            f"{given_as(option, errors)} is named for {named}, but the errors file is written as CSV",
            fix=f"name the file {errors.stem}.csv",
        )


def names_the_file(target: Path, path: Path) -> bool:
    """Whether the output ``target`` is the file ``path``: by its resolved path, so that a folder it passes through
    that does not exist yet (``new/../in.csv``, ``new`` made by the run) does not hide it. ``exists()`` on the path
    as given is False until the run has made ``new``, and the scored table was then written over the input."""
    resolved = target.resolve()
    return resolved.exists() and path.exists() and resolved.samefile(path)


def _refuse_overwrite(
    path: Path, out: Path, errors: Path, findings: Path | None = None, *, named: Mapping[str, str] = FLAGS
) -> None:
    o, e, f = named["out"], named["errors"], named["findings"]
    outputs = [(out, o), (errors, e), *([(findings, f)] if findings is not None else [])]
    for target, option in outputs:
        checked_name(target, option)
        if names_the_file(target, path):
            raise OutputError(
                f"the output would overwrite the input file ({option} names it)",
                fix=f"choose another {option} path",
                location=Location(str(target)),
            )
    targets: list[tuple[Path | None, str]] = [(out, o), (errors, e), (findings, f)]
    for given, option in targets:
        if given is not None and _is_the_message_file(given):
            raise OutputError(
                f"{option} names the file fanpin's messages go to (standard error, redirected to a file): "
                "the two would write over each other",
                fix=f"give {option} a file of its own, or redirect standard error elsewhere",
                location=Location(str(given)),
            )
    if out.resolve() == errors.resolve() and not _discards(out):
        raise OutputError(
            "the scored rows and the rejected rows would go to the same file",
            fix=f"give {o} and {e} different paths",
            location=Location(str(out)),
        )
    if findings is not None and not _discards(findings) and findings.resolve() in (out.resolve(), errors.resolve()):
        same = o if findings.resolve() == out.resolve() else e
        raise OutputError(
            f"the findings would go to the same file as {same}",
            fix=f"give {f} a path of its own, e.g. {_beside(findings, 'findings.xlsx')}",
            location=Location(str(findings)),
        )
    _refuse_nested([(p, o) for p, o in outputs if p is not None])


def _discards(target: Path) -> bool:
    """Whether ``target`` is the null device, which throws away what is written to it: two outputs may both go
    there (``--out /dev/null --errors /dev/null --findings f.xlsx``, the findings worksheet alone), where two
    outputs in one file would write over each other."""
    return target.resolve() == Path(os.devnull).resolve()


def _beside(given: Path, name: str) -> Path:
    """A file ``name`` beside the output ``given``, as a fix suggests it: in the working folder when ``given``
    is a device (``-``, /dev/stdout: no file is made in /dev)."""
    return Path(name) if str(given).startswith("/dev/") else given.with_name(name)


def _refuse_nested(outputs: Sequence[tuple[Path, str]]) -> None:
    """Refuses an output path that is the folder another output goes in (``--out w/x.xlsx --errors w``):
    the one made the folder, and the other then failed on it once the first had been written. An output
    that is a folder already is refused by :func:`part_path`; this is the one that becomes one."""
    for outer, outer_option in outputs:
        for inner, inner_option in outputs:
            if inner_option != outer_option and outer.resolve() in inner.resolve().parents:
                example = given_as(outer_option, outer / _EXAMPLE[_bare(outer_option)])
                raise OutputError(
                    f"{given_as(outer_option, outer)} is the folder {given_as(inner_option, inner)} is to be written "
                    "in: an output cannot be another output's folder",
                    fix=f"name a file for {outer_option}, e.g. {example}",
                )


def _is_the_message_file(target: Path) -> bool:
    """Whether ``target`` is the regular file this process's standard error is redirected to
    (``--errors /dev/stderr 2> log.txt``): opened again, it would be written from its start, over the
    messages, and they over it. A terminal or a pipe is written to in turn, and is not refused."""
    try:
        messages = os.fstat(sys.stderr.fileno())
        given = target.stat()
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):  # no such file; no real stderr
        return False
    return stat.S_ISREG(messages.st_mode) and (given.st_dev, given.st_ino) == (messages.st_dev, messages.st_ino)


@dataclass(frozen=True)
class _Run:
    """One pass over the input, written to the ``.part`` files."""

    engine: Engine | BatchEngine
    path: Path
    part: Path
    errors_part: Path
    as_of: date
    region: str | None
    lang: Lang
    fmt: Format
    chunk_rows: int | None
    progress: IO[str] | None
    strict_parameters: bool
    keep_columns: KeepColumns
    headers: Headers
    keep_identities: bool
    findings_part: Path | None = None
    findings_fmt: FindingsFormat | None = None
    workers: int = 1
    #: ``fanpin score``'s run: its errors file's reasons name its options (``--region``), a host's its parameters
    command: bool = False

    def once(self, *, exact: bool, two_ways: frozenset[str] = frozenset()) -> tuple[ScoreSummary, frozenset[str]]:
        """One run over the file into the ``.part`` files (or a device); its summary, and the 户编号 it found
        written two ways that ``two_ways`` did not name (:attr:`ScoredChunks.written_two_ways`)."""
        chunks = ScoredChunks(
            self.engine, self.path, as_of=self.as_of, region=self.region, lang=self.lang, json=self.fmt == "jsonl",
            exact=exact, strict_parameters=self.strict_parameters, keep_columns=self.keep_columns,
            keep_identities=self.keep_identities, findings=self.findings_part is not None, workers=self.workers,
            two_ways=two_ways,
        )  # fmt: skip
        sink = table_sink(
            self.fmt, self.part, chunks.schema, self.lang, self.engine.rulebook, self.headers,
            as_of=self.as_of, version=self.engine.rulebook.version,
        )  # fmt: skip
        rejected = RejectedSink(self.errors_part, self.lang, self.headers)
        found = (
            FindingsSink(self.findings_part, self.lang, self.findings_fmt, as_of=self.as_of)
            if self.findings_part is not None
            else None
        )
        tty = self.progress is not None and self.progress.isatty()
        header_line = chunks.summary.info.header_line
        bar = (
            Progress(self.progress, count_records(self.path, header_line))
            if self.progress is not None and tty
            else None
        )
        # One writer thread: chunk k is written while chunk k+1 is scored (polars releases the GIL).
        # At most one write waits, so at most two chunks are in memory, and chunks are written in order.
        writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fanpin-writer")
        pending: Future[None] | None = None
        complete = False
        try:
            for chunk in chunks.chunks(self.chunk_rows):
                if pending is not None:
                    pending.result()
                if not self.command and chunk.refused.height:
                    chunk = replace(chunk, refused=host_reasons(chunk.refused))
                pending = writer.submit(_write_chunk, sink, rejected, found, chunk)
                if bar is not None:
                    bar.update(chunk.read)
            if pending is not None:
                pending.result()
            complete = True
        except pl.exceptions.ComputeError as exc:
            if exact or "more fields than defined" not in str(exc):
                raise
            raise RowByRow("a row holds more cells than polars was told to read: read row by row") from None
        finally:
            writer.shutdown(wait=True)
            # Each file is closed even when closing another fails (a full disk): called last first.
            with ExitStack() as closing:
                if bar is not None:
                    closing.callback(bar.finish)
                if found is not None:
                    # The worksheet is sorted and written once the whole file is scored; a failed run writes none.
                    closing.callback(found.close if complete else found.discard)
                closing.callback(rejected.close)
                closing.callback(sink.close)
        return chunks.summary, frozenset(chunks.written_two_ways - two_ways)


def _two_ways_note(two_ways: frozenset[str]) -> str:
    """The note of a run into a device or a pipe (written once) that found 户编号 written two ways."""
    shown = ", ".join(sorted(two_ways)[:5]) + (f" and {len(two_ways) - 5} more" if len(two_ways) > 5 else "")
    return (
        f"户编号 written two ways ({shown}): the later rows of each are refused, but the first was scored, as the "
        "output goes to a device or a pipe, which cannot be written again; score into files to have every row "
        "of them refused"
    )


def _write_chunk(sink: TableSink, rejected: RejectedSink, found: FindingsSink | None, chunk: Chunk) -> None:
    sink.write(chunk.scored)
    sink.write_rejected(chunk.refused)
    rejected.write(chunk.refused)
    if found is not None and chunk.findings is not None:
        found.write(chunk.findings)
