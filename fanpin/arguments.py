"""The options every entry point takes, checked once, the same way: the command line's values and a host's.

The command line's parser only lets through what these accept (``--as-of 2025-06-30``, ``--region
532328``, ``--lang en``, ``--chunk-rows 1000``); a host calling :class:`~fanpin.Scorer`,
:func:`~fanpin.pipeline.score_path` or an engine gets the same checks, as a
:class:`~fanpin.errors.ConfigError` naming the option and the fix, before anything is read. Before
them a ``region`` with a space was refused by one engine's validation and used by the other's, a
``datetime`` stopped with a ``TypeError``, an unknown language with a ``KeyError``, and a negative chunk
size never ended.
"""

from __future__ import annotations

import functools
import inspect
import os
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from fanpin.errors import ConfigError, UnknownArgumentError, suggest
from fanpin.regions import REGION_DIGITS, is_region_code, no_province, region_shaped

__all__ = [
    "LANGUAGES",
    "checked_choice",
    "checked_count",
    "checked_date",
    "checked_flag",
    "checked_keep_columns",
    "checked_keywords",
    "checked_lang",
    "checked_output",
    "checked_path",
    "checked_region",
    "checked_rulebook",
    "checked_stream",
    "full_width_problem",
    "region_problem",
    "shown_date",
    "shown_word",
]

#: The languages of fanpin's text.
LANGUAGES = ("zh", "en")

T = TypeVar("T")
P = ParamSpec("P")


def checked_keywords(function: Callable[P, T]) -> Callable[P, T]:
    """``function`` refusing a keyword it has no parameter of (``asof=``, ``region_code=``) with an
    :class:`~fanpin.errors.UnknownArgumentError` naming the keyword and the parameter nearest to it (difflib), in
    either language, where Python's bare ``TypeError`` (``got an unexpected keyword argument 'asof'``) had named no
    parameter a host meant. The signature stays the function's own, for mypy and ``help()``: the keywords are
    looked up before the call (a set's lookup, not a binding of the arguments), and any other mistake in the
    arguments is Python's as before."""
    parameters = inspect.signature(function).parameters
    known = frozenset(
        name for name, p in parameters.items() if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY) and name != "self"
    )
    named = function.__qualname__

    @functools.wraps(function)
    def checked(*args: P.args, **kwargs: P.kwargs) -> T:
        if not kwargs.keys() <= known:
            raise unknown_argument(named, kwargs, [n for n in parameters if n in known])
        return function(*args, **kwargs)

    return checked


def unknown_argument(function: str, given: Mapping[str, object], known: Sequence[str]) -> UnknownArgumentError:
    """The error of the first keyword of ``given`` that ``function`` has no parameter of (:func:`checked_keywords`);
    ``known``: its parameters, in their order."""
    name = next(k for k in given if k not in known)
    near = suggest(name, [k for k in known if k not in given])  # not one given already (region beside region_code?)
    listed = ", ".join(f"{k}=" for k in known)
    if near is None:
        message, fix = f"{function} takes no argument {name}=", f"give only its parameters: {listed}"
    else:
        message = f"{function} takes no argument {name}=; did you mean {near}=?"
        fix = f"write {near}= for {name}= (its parameters: {listed})"
    return UnknownArgumentError(message, name=name, suggestion=near or "", fix=fix)


def full_width_problem(value: object) -> str | None:
    """Why an option's text ``value`` (``--region``, ``--as-of``) is refused when it holds full-width digits or
    signs (:func:`~fanpin.model.values.full_width`: U+FF10 to U+FF19, a full-width minus between the parts of a
    date, as an input method types them in its full-width mode), with the text written half-width as the fix;
    None for any other value. It had been told only that it was no region code or no date, which the clerk saw
    it was."""
    from fanpin.model.values import full_width, half_width  # the model's rule, loaded when a value is refused

    if not isinstance(value, str) or not full_width(value):
        return None
    return (
        f"{value!r} is written with full-width digits or signs, as an input method types them in its full-width "
        f"mode; write them half-width: {half_width(value)!r} (switch the input method to half-width, or type them "
        "again)"
    )


def spaced_problem(value: object) -> str | None:
    """Why ``value`` is refused as written, when it is text with a space before or after it (``'2025-06-30 '``,
    ``' 532328'``: a stray space typed or pasted with it), or None. Such a value is refused, not trimmed, as
    --region refused it before (an option is taken as typed: the fix shows it without the space); it had been
    told that the date was no day of the calendar, or that the code was none."""
    if not isinstance(value, str) or value == value.strip() or not value.strip():
        return None
    return f"{value!r} has a space before or after it; write it without: {value.strip()!r}"


def region_problem(value: object) -> str | None:
    """Why ``value`` is not a region code (text of 2, 4, 6, 9 or 12 ASCII digits: the division code of a
    province, prefecture, county, township or village, its first two digits a province's,
    :mod:`fanpin.regions`), or None. A code in full-width
    digits is told so (:func:`full_width_problem`)."""
    if is_region_code(value):
        return None
    spaced = spaced_problem(value)
    if spaced is not None:
        return spaced
    wide = full_width_problem(value)
    if wide is not None:
        return wide
    if isinstance(value, str) and region_shaped(value):  # is_region_code said no for its first two digits
        return f"{value!r}: {no_province(value)}"
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return f"{value!r} has {len(value)} digit{'' if len(value) == 1 else 's'}; {REGION_DIGITS}, e.g. 532328"
    return (
        f"{_shown_code(value)!r} is not a region code; write the division code's 2, 4, 6, 9 or 12 digits, e.g. 532328"
    )


def _shown_code(value: object) -> object:
    """``value`` as a region's refusal quotes it: text as a record's 行政区划代码 holding it is shown (a name,
    ``张三丰`` or ``Zhang San``, masked as a name is, ``张**``; a place's name, 云南省, as it is), where the option
    had been quoted in clear whatever it held (the head's name passed as ``region``). A code mistyped, ASCII
    with digits (``53a328``), is quoted as it is (numbers masked), for its fix."""
    if not isinstance(value, str):
        return value
    from fanpin.masking import mask_numbers
    from fanpin.model.export_columns import masked_refused_value  # reads the models: imported when used

    shown = mask_numbers(value)
    if value.isascii() and any(c.isdigit() for c in value):  # a code mistyped (53a328): shown for its fix
        return shown
    return masked_refused_value("行政区划代码", shown)


def checked_region(region: object) -> str | None:
    """``region`` (None, or a code of 2, 4, 6, 9 or 12 digits as text, its first two a province's), else a
    :class:`ConfigError`."""
    if region is None:
        return None
    problem = region_problem(region)
    if problem is not None:
        if isinstance(region, int):
            fix = 'pass it as text of digits, region="532328"'
        elif full_width_problem(region) is not None:
            from fanpin.model.values import half_width

            fix = f"pass it in half-width (ASCII) digits, region={half_width(str(region))!r}"
        else:
            fix = "pass the code of the province, prefecture, county, township or village (省/市/县/乡/村)"
        raise ConfigError(f"region: {problem}", fix=fix)
    return region  # type: ignore[return-value]  # a str: region_problem says so


def _date_of_text(text: str, name: str) -> str:
    """How to pass the date ``text`` writes: ``date.fromisoformat(text)`` where that reads it, ``date(2025, 6,
    30)`` for a day a spreadsheet writes otherwise (2025/6/30, 2025年6月30日, as
    :func:`~fanpin.model.values.parse_date` reads a cell), else an example. ``date.fromisoformat('30/06/2025')``
    had been the fix whatever the text, which raises ValueError in turn."""
    from fanpin.model.values import parse_date

    try:
        date.fromisoformat(text)
    except ValueError:
        pass
    else:
        return f"{name}=date.fromisoformat({text!r})"
    try:
        day = parse_date(text)
    except ValueError:
        day = None
    return f"e.g. {name}=date(2025, 6, 30)" if day is None else f"{name}=date({day.year}, {day.month}, {day.day})"


#: A language's tag or name, as a host may pass it for ``lang`` (``fr``, ``zh-CN``, ``english``, ``中文``): quoted as it
#: is when refused, for its fix; any other text may be a person's name, and is masked (:func:`_shown_lang`).
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")
_LANGUAGE_NAMES = frozenset(
    {
        "chinese",
        "english",
        "mandarin",
        "中文",
        "英文",
        "汉语",
        "英语",
        "简体",
        "繁体",
        "简体中文",
        "繁体中文",
        "繁體中文",
    }
)


def shown_date(value: str) -> str:
    """A text passed as a date (``as_of``), as its refusal quotes it: written with digits (``2025/6/30``,
    ``2025年6月30日``), for its fix, as it is, its personal numbers masked; else it may be a person's name (the
    head's name passed as ``as_of``: ``张三丰``, ``Zhang San``, quoted in clear where a record's date cell holding
    it is masked), masked as a name is: ``张**``, ``Z********``."""
    from fanpin.masking import mask, mask_numbers
    from fanpin.model.export_columns import masked_refused_value  # reads the models: imported when used

    shown = mask_numbers(value)
    if any(c.isdigit() for c in value):
        return masked_refused_value("贷款到期日", shown)  # as a date cell's refusal shows it (张三 2025: 张******)
    return mask(shown) if shown.strip() else shown


def _shown_lang(value: object) -> object:
    """``lang`` as its refusal quotes it: a language's tag or name as it is (:data:`_LANGUAGE_TAG`), any other text
    masked as a name is (``张三丰`` passed as ``lang``: ``张**``, where it had been quoted in clear)."""
    if not isinstance(value, str):
        return value
    return value if value.strip().lower() in _LANGUAGE_NAMES else shown_word(value)


def shown_word(value: str, choices: Sequence[str] = ()) -> str:
    """A text given where one of a few words is taken (a language, a format, ``--checks``'s off/with/only), as
    its refusal quotes it: a language's tag (``fr``, ``zh-CN``) or a word of Latin letters close to one of
    ``choices`` (``csvx``, ``parqet``) as it is, for the user to see the typo; any other text may be a person's
    name (typed into the wrong box), and is masked as a name is (``张三丰``: ``张**``; ``zhangsan``: ``z*******``),
    its personal numbers as numbers are."""
    from difflib import get_close_matches

    from fanpin.masking import mask, mask_numbers

    text = value.strip()
    if not text or (text.isascii() and len(text) <= 3) or _LANGUAGE_TAG.fullmatch(text):  # no name's letters
        return value
    if text.isascii() and get_close_matches(text.lower(), choices, n=1, cutoff=0.6):
        return value
    return mask(mask_numbers(value))


def checked_date(as_of: object, name: str = "as_of") -> date:
    """``as_of``, a :class:`datetime.date` (not a datetime: the evaluation date is a day), else a
    :class:`ConfigError`."""
    if isinstance(as_of, date) and not isinstance(as_of, datetime):
        return as_of
    if isinstance(as_of, datetime):
        fix = f"pass its date, {name}=value.date() (on the day of the time zone the value is in)"
    elif isinstance(as_of, str):
        fix = f"pass a datetime.date, {_date_of_text(as_of, name)}"
    else:
        fix = f"pass a datetime.date, e.g. {name}=date(2025, 6, 30)"
    shown = shown_date(as_of) if isinstance(as_of, str) else as_of
    raise ConfigError(f"{name} is {type(as_of).__name__} {shown!r}, not a date", fix=fix)


def checked_lang(lang: object) -> Any:
    """``lang``, ``"zh"`` or ``"en"``, else a :class:`ConfigError`."""
    if lang in LANGUAGES and isinstance(lang, str):
        return lang
    raise ConfigError(f"lang is {_shown_lang(lang)!r}; fanpin writes zh or en", fix='pass lang="zh" or lang="en"')


def checked_count(name: str, value: object, *, optional: bool = False) -> Any:
    """``value``, a whole number of at least 1 (or None when ``optional``), else a :class:`ConfigError`."""
    if value is None and optional:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value
    raise ConfigError(f"{name} is {value!r}; it must be a whole number of at least 1", fix=f"pass {name}=1 or more")


def checked_flag(name: str, value: object) -> bool:
    """``value``, True or False, else a :class:`ConfigError`: a text such as ``"no"`` or ``"false"`` (from a
    configuration file) is true to Python, and ``keep_identities="no"`` had written ID numbers in clear."""
    if isinstance(value, bool):
        return value
    raise ConfigError(f"{name} is {value!r}; it is True or False", fix=f"pass {name}=True or {name}=False")


def checked_choice(name: str, value: T, choices: Collection[object]) -> T:
    """``value`` when it is one of ``choices``, else a :class:`ConfigError` listing them."""
    if isinstance(value, str) and value in choices:
        return value
    listed = ", ".join(repr(c) for c in choices)
    raise ConfigError(f"{name} is {value!r}; it is one of {listed}", fix=f"pass one of {listed}")


class NamedHeaders(list[str]):
    """The headers one text names, separated by commas (ASCII or full-width, as a Chinese input method types
    them), each trimmed; :meth:`resolved` reads them against a file's header, where a header may hold a comma
    itself (``其他，说明``: it had been read as two names the file does not have).

    >>> NamedHeaders(" 备注，其他,说明 "), NamedHeaders(" 备注，其他,说明 ").resolved(["备注", "其他,说明"])
    (['备注', '其他', '说明'], ['备注', '其他,说明'])
    """

    def __init__(self, text: str) -> None:
        #: the text's pieces and the commas between them, in turn
        self.parts = re.split("([,\uff0c])", text)
        super().__init__(name.strip() for name in self.parts[::2] if name.strip())

    def resolved(self, header: Collection[str]) -> list[str]:
        """The names, those of pieces that together (with their commas) are one of ``header`` joined: at each
        piece, the longest run of pieces that is a header, else the piece alone (an empty one left out)."""
        pieces, known, names = self.parts[::2], set(header), []
        at = 0
        while at < len(pieces):
            run = next(
                (
                    end
                    for end in range(len(pieces), at + 1, -1)
                    if "".join(self.parts[2 * at : 2 * end - 1]).strip() in known
                ),
                at + 1,
            )
            name = "".join(self.parts[2 * at : 2 * run - 1]).strip()
            if name:
                names.append(name)
            at = run
        return names


def checked_keep_columns(keep: object) -> Any:
    """``keep_columns`` as :func:`~fanpin.pipeline.scored.kept_columns` reads it: None, ``"all"``,
    ``"none"``, or headers; one text is read as the command line's ``--keep-columns`` is (headers
    separated by commas, ``"备注"`` one header, not one per character)."""
    if keep is None:
        return None
    if isinstance(keep, str):
        if keep.strip() in ("all", "none"):
            return keep.strip()
        names = NamedHeaders(keep)
        if not names:
            raise ConfigError("keep_columns names no column", fix='name at least one column, or pass "all" or "none"')
        return names
    if isinstance(keep, NamedHeaders):  # read from one text already: its commas kept
        return keep
    if isinstance(keep, Collection) and all(isinstance(name, str) for name in keep):
        return list(keep)
    raise ConfigError(
        f'keep_columns is {type(keep).__name__}; it is None, "all", "none" or a list of headers',
        fix='pass e.g. keep_columns=["备注"]',
    )


#: The example a refused path's fix gives, by the argument's name (an input's is ``households.csv``).
_EXAMPLE_PATHS = {"out": "scored.csv", "errors": "rejected.csv", "findings": "findings.xlsx"}


def checked_path(name: str, value: object, *, optional: bool = False) -> Any:
    """``value``, a path (text or :class:`os.PathLike`; None when ``optional``), else a :class:`ConfigError`."""
    if (value is None and optional) or (isinstance(value, str) and value) or isinstance(value, os.PathLike):
        return value
    given = "an empty text" if value == "" else type(value).__name__
    example = _EXAMPLE_PATHS.get(name, "households.csv")
    raise ConfigError(f"{name} is {given}, not a path", fix=f'pass a file\'s path, {name}="{example}"')


def checked_output(name: str, value: object, *, optional: bool = False) -> Any:
    """``value``, an output's path (:func:`checked_path`), else a :class:`ConfigError`; the text ``"-"`` too.

    ``fanpin score --out -`` writes to standard output, but a host's standard output is ``sys.stdout``,
    which is often not the process's (a notebook, a service, a test capturing it) and takes text only,
    where .xlsx and Parquet are bytes: ``"-"`` had been written as a file named ``-`` in the working
    folder. The caller says which it means: ``"/dev/stdout"`` for the process's standard output, as the
    command writes it, or ``"./-"`` (or ``Path("-")``) for a file of that name, as the command takes it."""
    if value == "-" and isinstance(value, str):
        raise ConfigError(
            f'{name} is "-", which the command line reads as standard output; here it would be a file named -',
            fix=f'pass {name}="/dev/stdout" to write to standard output, or {name}="./-" for a file named -',
        )
    return checked_path(name, value, optional=optional)


def checked_input(path: Path, *, fix: str | None = None) -> Path:
    """``path``, an input file that can be read, else an :class:`~fanpin.errors.InputFileError` saying why
    (no such file, a folder, no permission to read it), before anything is written: a file its user may
    not read stopped the run as an error in fanpin itself (exit 70). ``fix``: what to give instead of a
    path that is no file (:meth:`~fanpin.errors.InputFileError.not_a_file`'s own otherwise)."""
    from fanpin.errors import InputFileError

    if not path.is_file():
        raise InputFileError.not_a_file(path) if fix is None else InputFileError.not_a_file(path, fix=fix)
    try:
        with path.open("rb"):
            pass
    except OSError as exc:
        raise InputFileError.unreadable(path, exc) from None
    return path


def checked_rulebook(name: str, value: object) -> Any:
    """``value``, a :class:`~fanpin.Rulebook`, else a :class:`ConfigError` naming what was given."""
    from fanpin.rulebook import Rulebook  # the rulebook reads the rule files, which read these checks

    if isinstance(value, Rulebook):
        return value
    raise ConfigError(
        f"{name} takes a Rulebook, not {type(value).__name__}",
        fix="pass load_rulebook() (the reference rules), or load_rulebook(folder) for a county's folder over them",
    )


def checked_stream(name: str, value: object) -> Any:
    """``value``, None or a text stream (an object with ``write``), else a :class:`ConfigError`."""
    if value is None or callable(getattr(value, "write", None)):
        return value
    raise ConfigError(f"{name} is {type(value).__name__}, not a stream", fix=f"pass sys.stderr, or {name}=None")
