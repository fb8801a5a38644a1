"""fanpin's errors.

Two families, as in pydantic: *configuration* errors (a rule, parameter or measure file is wrong, or
the library is used wrongly) and *data* errors (an input row is wrong). Every class has a stable
``code``, structured fields, and a message that names the place and the fix::

    FanpinError                      (Exception)       base of everything fanpin raises
    ├── ConfigError                  (ValueError)      rule / parameter / measure files
    │   ├── RuleSyntaxError          code: rule-syntax        a condition that does not parse
    │   ├── UnknownNameError         code: unknown-name       a fact, parameter, measure or rule nobody defined
    │   ├── RuleTypeError            code: rule-type          e.g. comparing a yes/no fact with money
    │   ├── SchemaError              code: schema             a YAML file that breaks its schema
    │   ├── DuplicateKeyError        code: duplicate-key      the same key twice in one YAML mapping
    │   ├── ParameterLookupError     code: parameter-missing  no value for a region and date
    │   └── RulebookLoadError        code: rulebook           several of the above, found in one load
    ├── InputError                   (ValueError)      an input file as a whole, or a record given in code
    │   ├── InputFileError           code: input-file         unreadable file / unknown encoding
    │   ├── MissingColumnError       code: missing-column     a required column is absent
    │   └── RecordValidationError    code: invalid-record     a household or member record the model refuses
    │                                                         (also pydantic's ValidationError)
    ├── OutputError                  (ValueError)      code: output  results that cannot be written as asked
    └── EngineError                  (RuntimeError)    code: engine  the rule engine misbehaved

Rejected *rows* of a file are not exceptions: they are :class:`fanpin.RejectedRow` values, listed beside the
scored rows so that nothing is dropped silently.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from pydantic_core import ValidationError as PydanticValidationError

from fanpin.masking import mask_numbers

__all__ = [
    "ConfigError",
    "DuplicateKeyError",
    "EngineError",
    "FanpinError",
    "InputError",
    "InputFileError",
    "MissingColumnError",
    "OutputError",
    "ParameterLookupError",
    "RecordValidationError",
    "RuleSyntaxError",
    "RuleTypeError",
    "RulebookLoadError",
    "SchemaError",
    "UnknownNameError",
]


#: The path that stands for standard output: ``--out -`` is given as it, and a library call passes it.
STANDARD_OUTPUT = "/dev/stdout"


def output_name(path: str | Path) -> str:
    """An output as a message names it: ``standard output`` for :data:`STANDARD_OUTPUT` (what ``-`` stands
    for: the user typed no ``/dev/stdout``), any other path as it is."""
    return "standard output" if str(path) == STANDARD_OUTPUT else str(path)


@dataclass(frozen=True)
class Location:
    """Where in a file something is: ``path:line`` (line is 1-based; 0 when unknown). Standard output
    (:data:`STANDARD_OUTPUT`) is shown by that name (:func:`output_name`), its path kept in ``path``."""

    path: str = ""
    line: int = 0

    def __str__(self) -> str:
        if not self.path:
            return "<string>"
        shown = output_name(self.path)
        return f"{shown}:{self.line}" if self.line else shown


class FanpinError(Exception):
    """Base class. ``code`` is stable; ``fix`` says what to do.

    ID numbers and mobile numbers are masked wherever they stand in the message, the fix and the text of
    the error (``str``, ``repr``), as in every output: an error may quote a cell, a file name or a value
    from a rule file. ``shown``: texts the error names as they are, where they read as such a number: a
    户编号 of sixteen digits, which reads as a bank card number, named as the scored table's 户编号 column
    writes it (:func:`~fanpin.masking.shown_key`; the command line writes them as they are too).

    >>> str(InputFileError("cell 532328199001011234 is odd", fix="call 13812345678"))
    'cell 5323**********1234 is odd [input-file] Fix: call 1381***5678'
    >>> str(ConfigError("household 5323280000000118 has no region", shown={"5323280000000118"}))
    'household 5323280000000118 has no region [config]'
    """

    code = "fanpin"
    #: (a class's default: an error pydantic makes, :class:`RecordValidationError`, names none)
    shown: frozenset[str] = frozenset()

    def __init__(
        self, message: str, *, fix: str = "", location: Location | None = None, shown: Iterable[str] = ()
    ) -> None:
        self.shown = frozenset(shown)
        self.message = mask_numbers(message, self.shown)
        self.fix = mask_numbers(fix, self.shown)
        self.location = location or Location()
        super().__init__(self.__str__())

    @property
    def path(self) -> str:
        return self.location.path

    @property
    def line(self) -> int:
        return self.location.line

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location.path else ""
        fix = f" Fix: {self.fix}" if self.fix else ""
        return mask_numbers(f"{where}{self.message} [{self.code}]{fix}", self.shown)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as it is, whatever its class's arguments: an error may cross from a worker process
        (:mod:`fanpin.pipeline.workers`) to the run's."""
        return (_unpickled, (type(self), self.args, dict(self.__dict__)))


def _unpickled(kind: type[FanpinError], args: tuple[Any, ...], state: dict[str, Any]) -> FanpinError:
    error = Exception.__new__(kind, *args)
    error.args = args
    error.__dict__.update(state)
    return error


class ConfigError(FanpinError, ValueError):
    code = "config"


class RuleSyntaxError(ConfigError):
    code = "rule-syntax"


class UnknownNameError(ConfigError):
    """A name no fact, parameter, measure or rule has. ``suggestion`` is the nearest known name."""

    code = "unknown-name"

    def __init__(
        self,
        message: str,
        *,
        name: str,
        suggestion: str = "",
        suggestion_label: str = "",
        fix: str = "",
        location: Location | None = None,
    ) -> None:
        self.name = name
        self.suggestion = suggestion
        self.suggestion_label = suggestion_label
        super().__init__(message, fix=fix, location=location)


class UnknownArgumentError(UnknownNameError, TypeError):
    """A keyword argument a function of fanpin's has no parameter of (``Scorer.score(path, asof=…)``): ``name`` is
    the keyword given, ``suggestion`` its parameter nearest to it (:func:`fanpin.arguments.checked_keywords`).
    A ``TypeError`` too, as Python's own refusal of it was, so that a host's ``except TypeError`` still holds."""

    code = "unknown-argument"


class RuleTypeError(ConfigError):
    code = "rule-type"


class SchemaError(ConfigError):
    code = "schema"


class DuplicateKeyError(ConfigError):
    code = "duplicate-key"


class ParameterLookupError(ConfigError):
    """No value of ``parameter`` is in force for ``region`` on ``as_of``."""

    code = "parameter-missing"

    def __init__(
        self, message: str, *, parameter: str, region: str, as_of: str, fix: str = "", shown: Iterable[str] = ()
    ) -> None:
        self.parameter = parameter
        self.region = region
        self.as_of = as_of
        super().__init__(message, fix=fix, shown=shown)


class RulebookLoadError(ConfigError):
    """Loading found more than one error: ``errors`` holds each, in file order. (A load that finds one
    error raises that error itself.)"""

    code = "rulebook"

    def __init__(self, errors: Iterable[ConfigError]) -> None:
        self.errors = tuple(errors)
        first = self.errors[0]
        super().__init__(
            f"{len(self.errors)} errors in the rule files; the first: {first}",
            fix="fix each error listed (fanpin check lists them all)",
            location=first.location,
        )

    def __str__(self) -> str:
        return f"{len(self.errors)} errors in the rule files:\n" + "\n".join(f"  {e}" for e in self.errors)


class InputError(FanpinError, ValueError):
    code = "input"


class InputFileError(InputError):
    code = "input-file"

    @classmethod
    def not_a_file(cls, path: str | Path, *, fix: str = "check the path") -> InputFileError:
        """The error for an input path that is not a file: it does not exist, or it is a directory (or a
        device, a pipe …), said as it is."""
        path = Path(path)
        what = "is a folder, not a file" if path.is_dir() else "is not a file" if path.exists() else "no such file"
        if path.is_dir() and fix == "check the path":
            fix = "give the file inside the folder"
        elif (str(path) == "-" or path.exists()) and not path.is_dir():
            # "-" (standard input) where no file is named so, or a pipe or a device: read once, it would be
            # gone when fanpin reads the input again (a first pass, then the rows).
            what = "standard input (-) is not read" if str(path) == "-" and not path.exists() else what
            what += ": fanpin reads an input as a file, more than once or out of order, which a pipe cannot give"
            fix = "save the data to a file, then give that file's path"
        return cls(f"cannot read the input: {what}", fix=fix, location=Location(str(path)))

    @classmethod
    def unreadable(cls, path: str | Path, exc: OSError) -> InputFileError:
        """The error for an input file that exists but cannot be opened (no permission to read it, a
        removed network share …), said as the system says it."""
        what = "permission denied" if isinstance(exc, PermissionError) else (exc.strerror or type(exc).__name__).lower()
        fix = (
            "ask for read access to the file, or copy it to a folder of yours"
            if isinstance(exc, PermissionError)
            else "check that the file can be opened, then run again"
        )
        return cls(f"cannot read the input: {what}", fix=fix, location=Location(str(path)))


class MissingColumnError(InputError):
    code = "missing-column"

    def __init__(self, message: str, *, columns: tuple[str, ...], path: str | Path = "", fix: str = "") -> None:
        self.columns = columns
        super().__init__(message, fix=fix, location=Location(str(path)))


class RecordValidationError(InputError, PydanticValidationError):
    """A record (a household or a member, as a mapping, JSON or keyword arguments) that the model refuses.

    It is pydantic's ``ValidationError`` as well, so ``except ValidationError``, ``except ValueError`` and
    ``except fanpin.FanpinError`` all catch it. :meth:`errors` lists each problem as pydantic does: ``loc``
    (the key as the record gave it), ``type``, ``msg`` and ``input``, the input masked when it is personal
    (an ID number, a name, a phone number). A key the model does not know has the type ``unknown_key``,
    and ``ctx["suggestion"]`` is the nearest key it knows (for a "did you mean"); a column given under two of
    its names (户编号 beside household_id) has the type ``duplicate_key``. Build one with
    :func:`fanpin.model.record.refused`; ``model`` names the model (``Household``, ``Member``).
    """

    code = "invalid-record"
    model = ""

    def __init__(self, *args: object) -> None:
        # pydantic makes the instance (from_exception_data passes its own arguments); refused() fills these in.
        self.message, self.fix, self.location = "", "", Location()

    def __reduce__(self) -> tuple[Any, ...]:
        """Made again as pydantic makes it, then given its message, fix, location and model (pydantic's
        own reduce alone gave an error whose text was empty)."""
        rebuild, args = cast(tuple[Any, ...], PydanticValidationError.__reduce__(self))[:2]
        return (_record_error, (rebuild, args, dict(self.__dict__)))


def _record_error(rebuild: Any, args: tuple[Any, ...], state: dict[str, Any]) -> RecordValidationError:
    error: RecordValidationError = rebuild(*args)
    error.__dict__.update(state)
    return error


class OutputError(FanpinError, ValueError):
    """The results cannot be written as asked (e.g. too many rows for one .xlsx sheet)."""

    code = "output"


class EngineError(FanpinError, RuntimeError):
    code = "engine"


def suggest(name: str, known: Iterable[str], *, cutoff: float = 0.5) -> str | None:
    """The known name closest to ``name`` (difflib's ratio at least ``cutoff``), for a "did you mean";
    None when none is close enough.

    >>> suggest("income_per_capta", ["income_per_capita", "size"])
    'income_per_capita'
    >>> suggest("zzz", ["size"]) is None
    True
    """
    close = suggestions(name, known, n=1, cutoff=cutoff)
    return close[0] if close else None


def suggestions(name: str, known: Iterable[str], *, n: int = 3, cutoff: float = 0.5) -> list[str]:
    """Up to ``n`` known names closest to ``name``, the closest first (as :func:`suggest`): where several
    names differ only at their end (``income.below_line``, ``income.below_9000``) one guess may be the
    wrong one.

    >>> suggestions("income.below_lne", ["income.below_line", "income.near_line", "size"])
    ['income.below_line', 'income.near_line']
    """
    return difflib.get_close_matches(name, list(known), n=n, cutoff=cutoff)
