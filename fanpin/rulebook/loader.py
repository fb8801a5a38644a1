"""The rulebook: rule, parameter and measure files loaded, checked and versioned.

A rules folder holds YAML files; each file may have any of the top-level sections ``rules``,
``parameters``, ``measures`` and ``disable`` (rule ids to switch off). :func:`load_rulebook` reads the
reference folder shipped with fanpin, then each extra folder in order (a county override): a later rule,
parameter or measure with the same id replaces the earlier one. Every condition is parsed and
type-checked at load time, every measure a rule names must exist, and the rulebook's ``version`` is a
content hash of every file it read and of the rules it leaves out of them (``checks="only"``, which reads
the files ``checks="with"`` reads but leaves the reference risk rules out, has a version of its own).

>>> from fanpin import load_rulebook
>>> book = load_rulebook()
>>> "income.below_line" in book.rules
True
"""

from __future__ import annotations

import fnmatch
import functools
import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields, is_dataclass, replace
from datetime import date
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any, Literal, NamedTuple, TypeVar

from fanpin._host import host_words
from fanpin._kept import Kept
from fanpin.arguments import checked_flag, checked_keywords
from fanpin.errors import (
    ConfigError,
    DuplicateKeyError,
    Location,
    RulebookLoadError,
    SchemaError,
    UnknownNameError,
    suggest,
)
from fanpin.lang.lowering import Slots
from fanpin.lang.lowering import atoms as atoms_of
from fanpin.lang.members import Aggregate, aggregates_of, derived, restore
from fanpin.lang.syntax import KEYWORDS, MAX_NESTING
from fanpin.lang.tree import Condition, TTruth, facts_of, params_of
from fanpin.lang.typecheck import NamedConditions, ParamInfo, check_condition
from fanpin.model.facts import FACTS
from fanpin.model.member_facts import MEMBER_FACTS
from fanpin.model.parameters import Parameters, ParameterSpec, remember_labels
from fanpin.rulebook._yaml import LineDict, LineList, load_yaml, read_rule_file, validate_yaml
from fanpin.rulebook.schema import CaseDefaults, Level, Measure, RulesFile, RuleSpec

__all__ = ["CHECKS_FOLDER", "ChecksMode", "Rule", "Rulebook", "checks_dir", "load_rulebook", "reference_rules_dir"]

T = TypeVar("T")


@dataclass(frozen=True)
class Rule:
    """A loaded rule: its spec, its typed condition, where it was written, and what it reads."""

    spec: RuleSpec
    condition: Condition
    location: Location
    facts: frozenset[str]
    params: frozenset[str]
    case_defaults: CaseDefaults
    layer: int = 0  # which folder defined it: 0 is the first (the reference rules, when loaded)
    #: a member-scope rule's aggregate (``any(members, when)``), whose true members are its findings
    member_aggregate: str | None = None
    when_location: Location = field(default_factory=Location)  # the first line of its condition
    case_locations: tuple[Location, ...] = ()  # the line of each of its cases

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def level(self) -> Level:
        return self.spec.level


@dataclass
class Rulebook:
    """Rules (in a stable order), parameters, measures, and the content hash of the files read."""

    rules: dict[str, Rule]
    parameters: Parameters
    measures: dict[str, Measure]
    #: 16 hexadecimal characters of a hash of the files read and of the rules left out of them (the
    #: reference risk rules under ``checks="only"``): two rulebooks with other rules on differ
    version: str
    files: tuple[Path, ...] = field(default=())
    folders: tuple[Path, ...] = field(default=())
    reference: bool = True
    #: Each risk type the rules name (Chinese) → its English label.
    risk_types: dict[str, str] = field(default_factory=dict)
    #: Where each measure of :attr:`measures` was written (its file and line; the last folder's).
    measure_locations: dict[str, Location] = field(default_factory=dict)
    #: The ids of the reference measure catalogue (``rules/measures.yaml``), empty without the reference rules.
    catalogue: frozenset[str] = frozenset()
    #: Where each parameter was last written (its name's file and line): ``fanpin check`` points there.
    parameter_locations: dict[str, Location] = field(default_factory=dict)
    #: Where each parameter value was written, by (parameter, region, from): ``fanpin check`` points at the
    #: values it speaks of.
    parameter_value_locations: dict[tuple[str, str, date], Location] = field(default_factory=dict)

    def __getstate__(self) -> dict[str, object]:
        """Pickled with the facts type-checking rules made known in this process (the member aggregates,
        the label facts): a process that unpickles it did not type-check them (a worker of a host's own
        pool handed a :class:`~fanpin.Scorer`), and the batch engine looks them up by name: its first
        score had stopped there with a bare KeyError (``members_all_…``)."""
        return {**self.__dict__, _DERIVED: derived()}

    def __setstate__(self, state: dict[str, Any]) -> None:
        made = state.pop(_DERIVED, None)
        if made is not None:
            restore(made)
        self.__dict__.update(state)

    def layer(self, index: int) -> Rulebook:
        """The rulebook as it was after folder ``index``: where that folder's own rule cases hold."""
        extra = self.folders[1 if self.reference else 0 : index + 1]
        return load_rulebook(*extra, reference=self.reference) if index < len(self.folders) - 1 else self

    def params_needed(self) -> frozenset[str]:
        """Every parameter the rules read, inside member conditions included."""
        inside = (params_of(a.condition) for a in self.aggregates if a.condition is not None)
        return frozenset().union(*(r.params for r in self.rules.values()), *inside)

    @cached_property
    def aggregates(self) -> tuple[Aggregate, ...]:
        """The member aggregates (``any(members, …)`` …) the rules read, in a stable order."""
        return aggregates_of(r.condition for r in self.rules.values())


#: The key of a pickled :class:`Rulebook`'s state that holds :func:`~fanpin.lang.members.derived`.
_DERIVED = "__derived__"


def reference_rules_dir() -> Path:
    """The reference rules shipped with fanpin (inside the wheel, or the repository's ``rules/``)."""
    packaged = resources.files("fanpin") / "_reference_rules"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "rules"  # fanpin/rulebook/loader.py → the checkout


def _shipped(path: Path) -> bool:
    """Whether ``path`` is one of the rule files fanpin ships (the reference folder, the data-check pack)."""
    return path.resolve().is_relative_to(_reference_resolved())


@functools.cache
def _reference_resolved() -> Path:
    """:func:`reference_rules_dir`, its links resolved: found once (a path's resolving asks the system for each of
    its folders, and every rule file of every load is tested against it)."""
    return reference_rules_dir().resolve()


#: The warning of a county's rule file that holds nothing (:func:`empty_files`), and its fix.
EMPTY_FILE = "the file holds nothing fanpin reads (it is empty, or holds comments only)"
EMPTY_FILE_FIX = (
    "write its sections (rules:, parameters:, measures:, conditions:, disable:) as rules/README.md shows, or "
    "delete the file; if it was written, save it again (as UTF-8)"
)


def empty_files(book: Rulebook) -> list[Path]:
    """A county's rule files of ``book`` that hold nothing (empty, blank, comments only, ``{}``): an editor's
    failed save, or a file made and never written. ``fanpin check`` warns of each (``empty-file``), and so does
    ``fanpin score``, which had scored with such a folder without a word."""
    reference = reference_rules_dir()
    return [
        path
        for path in book.files
        if not path.is_relative_to(reference)  # the shipped files, as the loader names them (not resolved)
        and not _shipped(path)
        and not _parsed(path, read_rule_file(path))[0]
    ]


def checks_dir() -> Path:
    """The data-check pack (疑点数据核查) shipped with fanpin: ``checks/`` inside the reference rules."""
    return reference_rules_dir() / CHECKS_FOLDER


#: The reference folder's subfolder that holds the data-check pack, loaded only when asked for.
CHECKS_FOLDER = "checks"
#: ``checks``: ``off`` (the risk rules only), ``with`` (the risk rules and the data checks), ``only``
#: (the data checks only; the reference parameters and measures stay).
ChecksMode = Literal["off", "with", "only"]


#: The file names read as rule files, compared without case (``local.YAML`` is read too).
RULE_FILE_SUFFIXES = (".yaml", ".yml")


def _yaml_files(folder: Path, *, skip: str = "") -> list[Path]:
    if not folder.is_dir():
        found = "is a file, not a rules folder" if folder.exists() else "rules folder not found"
        fix = "give a folder of rule YAML files"
        if folder.is_file() and folder.suffix.lower() in RULE_FILE_SUFFIXES:  # a rule file given for its folder
            fix = f"give the folder it is in, {folder.parent} (every rule file in it is read)"
        elif not folder.exists() and folder.parts[:1] and folder.parts[0].startswith("~"):
            # a shell's ~, which Python leaves as it is: told the folder it would be
            fix = f"give the folder's full path: ~ is expanded by a shell, not by Python ({folder.expanduser()})"
        elif not folder.exists() and not folder.is_absolute():
            # a host's service runs in a working folder of its own (/ under a service manager): say which
            fix = f"give a folder of rule YAML files; a relative path is read from the working folder, {Path.cwd()}"
        raise ConfigError(found, fix=fix, location=Location(str(folder)))
    # ``.yml`` and any case of the suffix (``.YAML``, written on Windows) are rule files too: a file
    # skipped without a word would leave its rules and overrides silently out of the rulebook. A hidden
    # file or folder is not a rule file: a Mac's ``._local.yaml`` (copied to a USB stick), ``.github/``.
    entries = [
        p
        for p in folder.rglob("*")
        if not _hidden(p.relative_to(folder)) and (not skip or p.relative_to(folder).parts[0] != skip)
    ]
    for path in sorted(entries):
        _refuse_link(path)
    listed = sorted(p for p in entries if p.suffix.lower() in RULE_FILE_SUFFIXES and p.is_file())
    if not listed:  # a mistyped or empty folder gave the reference results without a word
        raise ConfigError(
            "the rules folder holds no .yaml or .yml file",
            fix="give the folder your county's rule, parameter or measure files are in (rules/README.md)",
            location=Location(str(folder)),
        )
    return listed


def _refuse_link(path: Path) -> None:
    """Refuses a link in a rules folder that the folder's files are not read through: a subfolder that is a link
    to another folder (the walk does not follow it, as a link may lead to a folder holding this one, or to the
    whole disk), and a rule file that is a link leading to no file (moved, or a link to itself). Each was skipped
    without a word, its rules left out of the rulebook and fanpin check passing."""
    if not path.is_symlink():
        return
    if path.is_dir():
        raise ConfigError(
            "is a link to a folder, whose files are not read",
            fix="give that folder as a rules folder of its own (fanpin check DIR, --rules DIR), or copy its files "
            "into this one",
            location=Location(str(path)),
        )
    if path.suffix.lower() in RULE_FILE_SUFFIXES and not path.is_file():
        raise ConfigError(
            "is a link that leads to no file (the file it names does not exist, or the links loop)",
            fix="link it to the rule file meant, or delete the link",
            location=Location(str(path)),
        )


def _hidden(relative: Path) -> bool:
    """Whether a path inside a rules folder is hidden: it or a folder on the way starts with a point."""
    return any(part.startswith(".") for part in relative.parts)


@functools.cache
def reference_measures_named() -> frozenset[str]:
    """The measures some reference rule names, the data-check pack's included, whatever is loaded: the
    catalogue entries outside this set are there for county rules to name."""
    named: set[str] = set()
    for path in _yaml_files(reference_rules_dir()):
        data = load_yaml(path, shipped=True)
        rules = data.get("rules") if isinstance(data, dict) else None
        for rule in rules if isinstance(rules, list) else []:
            measures = rule.get("measures") if isinstance(rule, dict) else None
            if isinstance(measures, list):
                named.update(m for m in measures if isinstance(m, str))
    return frozenset(named)


@functools.cache
def data_check_names() -> frozenset[str]:
    """The rule ids and national codes of the data-check pack, loaded or not: a county folder that switches
    a data check off is also used without the pack (``checks="off"``, fanpin's default), where the check
    is off already."""
    codes = data_check_codes()
    return frozenset(codes) | frozenset(codes.values()) | _data_check_ids()


@functools.cache
def data_check_codes() -> Mapping[str, str]:
    """Each national code of the data-check pack (``1_02_006``), loaded or not, and the id of its rule."""
    return {code: rule_id for rule_id, codes in _data_checks() for code in codes}


def _data_check_ids() -> frozenset[str]:
    return frozenset(rule_id for rule_id, _ in _data_checks())


@functools.cache
def _data_checks() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(rule id, national codes) of each rule of the data-check pack's files."""
    found: list[tuple[str, tuple[str, ...]]] = []
    for path in _yaml_files(checks_dir()):
        data = load_yaml(path, shipped=True)
        rules = data.get("rules") if isinstance(data, dict) else None
        for rule in rules if isinstance(rules, list) else []:
            if isinstance(rule, dict):
                found.append((str(rule.get("id")), tuple(str(code) for code in rule.get("codes") or ())))
    return tuple(found)


def _named_in(path: Path, folder: Path) -> str:
    """How the rulebook's version names a file read from ``folder``: by its place in the reference folder when it
    is one of that folder's (a data check's file is ``checks/…`` whether it was read as the pack, ``--checks with``,
    or as a file of the reference folder given to ``fanpin check rules``: the same rules had had two versions),
    else by its place in ``folder``."""
    root = reference_rules_dir().resolve()
    resolved = path.resolve()
    return (resolved.relative_to(root) if resolved.is_relative_to(root) else path.relative_to(folder)).as_posix()


def _version(hexdigest: str) -> str:
    """A rulebook's version: 16 characters of its digest, the first that hold no run of 11 digits. Such a
    run reads as a mobile number, which every message masks (``0877****8200bca2`` on the terminal, where
    the scored files held ``087757658200bca2``); a version without one is printed as it is."""
    windows = (hexdigest[i : i + 16] for i in range(len(hexdigest) - 15))
    return next((w for w in windows if not _DIGIT_RUN.search(w)), hexdigest[:16])


_DIGIT_RUN = re.compile(r"[0-9]{11}")


@checked_keywords
def load_rulebook(
    *extra: str | Path, reference: bool = True, checks: ChecksMode = "off", command: bool = False
) -> Rulebook:
    """Load the reference rules (unless ``reference=False``), the data-check pack (``checks="with"``, or
    ``"only"`` without the reference risk rules) and then each folder of ``extra``, later wins.

    Its refusals name this call (``load_rulebook(DIR)``, ``load_rulebook(checks="with")``); ``command``: the load
    is the command's (``fanpin check``, ``score``, ``explain``, ``report``), whose refusals name its options
    (``--rules DIR``, ``--checks with``), as :func:`fanpin.pipeline.score_path`'s ``command`` does."""
    if checked_flag("command", command):
        return _load(*extra, reference=reference, checks=checks)
    with host_words():
        return _load(*extra, reference=reference, checks=checks)


def _load(*extra: str | Path, reference: bool, checks: ChecksMode) -> Rulebook:
    odd = [e for e in extra if not isinstance(e, str | Path)]
    if odd or checks not in ("off", "with", "only"):
        given = f"{type(odd[0]).__name__} {odd[0]!r}" if odd else f"checks={checks!r}"
        raise ConfigError(
            f"load_rulebook takes folders (str or Path) and checks='off', 'with' or 'only', not {given}",
            fix='call load_rulebook("county_rules"), load_rulebook(*folders) or load_rulebook(checks="with")',
        )
    empty = [e for e in extra if not str(e).strip()]
    if empty:  # --rules "$DIR" with DIR unset: Path("") is the working folder, whose every YAML file was loaded
        raise ConfigError(
            "a rules folder is given as an empty text",
            fix="give the folder your county's rule, parameter or measure files are in (rules/README.md)",
            location=Location(repr(str(empty[0]))),
        )
    reference = checked_flag("reference", reference)  # "no" is true to Python: the reference rules had been loaded
    if checks != "off" and not reference:  # it had been 15 errors in the pack's files: "unknown measure …"
        raise ConfigError(
            f"checks={checks!r} needs the reference rules: the data-check pack plans measures of their catalogue, "
            "which reference=False leaves out",
            fix=f"pass checks={checks!r} with reference=True (the default)",
        )
    pack = [checks_dir()] if checks != "off" else []
    asked = ([reference_rules_dir()] if reference else []) + pack + [Path(e) for e in extra]
    read: list[tuple[int, Path, Path, bytes | ConfigError]] = []  # layer, folder, file, its bytes or why not
    # Each file is read once, in the first folder that holds it: a folder given again, or one that holds a folder
    # read before it (``fanpin check rules`` in a checkout, whose rules/ is the reference folder), adds only its
    # other files, and is no folder of the rulebook when it has none. Read again, the reference's rules had been
    # a county's that wrote each of them again: its files counted and its cases run twice (38 files, 986 cases
    # for the 23 files and 847 cases there are), and ``checks="only"`` left none of its risk rules out.
    seen: set[Path] = set()
    folders: list[Path] = []
    for index, folder in enumerate(asked):
        skip = CHECKS_FOLDER if reference and index == 0 else ""
        new = [path for path in _yaml_files(folder, skip=skip) if path.resolve() not in seen]
        if not new:
            continue
        seen.update(path.resolve() for path in new)
        read += [(len(folders), folder, path, _bytes_of(path)) for path in new]
        folders.append(folder)
    made_of = _made_of(read, reference, checks)
    if not made_of:  # a file cannot be read: the load is refused, and never kept
        return _made(read, folders, reference, checks)
    return _copied(_MADE.get(made_of, lambda: _made(read, folders, reference, checks)))


def _made(
    read: list[tuple[int, Path, Path, bytes | ConfigError]], folders: list[Path], reference: bool, checks: ChecksMode
) -> Rulebook:
    """The rulebook of the files ``read`` (each with its layer and folder). Every error of the load is
    collected, so that a rule author sees them all in one run: a file that breaks its schema is skipped,
    and each rule and named condition is checked on its own."""
    errors: list[ConfigError] = []
    digest = hashlib.sha256()
    sources = _Sources()
    for layer, folder, path, content in read:
        if isinstance(content, ConfigError):
            errors.append(content)  # too large or unreadable
            continue
        digest.update(_named_in(path, folder).encode() + b"\0" + content + b"\0")
        _collect(errors, sources.read, path, layer, reference, content)
    param_infos = {
        name: ParamInfo(name, "money" if spec.unit == "money" else "plain", spec.label, spec.unit, spec.label_en)
        for name, spec in sources.params.items()
    }
    # An error naming one is translated by its label (fanpin.messages). One called by a word of the language
    # is refused below and never remembered: the labels outlive the load, and ``missing`` labelled had named
    # the word in every later sentence of the process (在校生状况 is 缺失线).
    remember_labels({name: spec for name, spec in sources.params.items() if name not in KEYWORDS})
    errors.extend(sources.found)
    named = _named_conditions(sources.named, param_infos, errors, sources.param_locations)
    if checks == "only" and reference:  # the reference risk rules off; their parameters and measures stay
        left_out = sorted(k for k, v in sources.specs.items() if v.layer == 0)
        sources.specs = {k: v for k, v in sources.specs.items() if v.layer != 0}
        # The version says which rules are on, not only which files were read: ``only`` reads the files
        # ``with`` reads, and a file it scored could not be told from one scored with the risk rules too.
        digest.update(b"left out by checks=only\0" + "\0".join(left_out).encode() + b"\0")
    rules: dict[str, Rule] = {}
    for rule_id, written in sources.specs.items():
        rule = _collect(errors, sources.rule, written, param_infos, named)
        if rule is not None:
            rules[rule_id] = rule
    if errors:
        # A named condition with an error is reported once, not again by each rule that uses it.
        errors = list({str(e): e for e in errors}.values())
        raise errors[0] if len(errors) == 1 else RulebookLoadError(errors)
    version = _version(digest.hexdigest())
    return Rulebook(
        dict(sorted(rules.items())),
        Parameters(sources.params),
        sources.measures,
        version,
        tuple(path for _, _, path, _ in read),
        tuple(folders),
        reference,
        {r.spec.risk_type: sources.risk_types[r.spec.risk_type] for r in rules.values() if r.spec.risk_type},
        sources.measure_locations,
        frozenset(sources.catalogue),
        dict(sources.param_locations),
        dict(sources.param_value_locations),
    )


#: The rulebooks this process made, by what they were made of (:func:`_made_of`): a host that loads its
#: county's folder for each file it is given, ``fanpin check`` (which loads each folder's layer) and
#: ``fanpin report`` read the same files again, and the data-check pack's rules alone take a third of a
#: second to parse and check. Each load reads every file's bytes still: a file changed since is a
#: rulebook made anew.
_MADE: Kept[Rulebook] = Kept(8)


def _bytes_of(path: Path) -> bytes | ConfigError:
    """A rule file's bytes, or why they cannot be read (listed with the load's other errors)."""
    try:
        return read_rule_file(path)
    except ConfigError as exc:
        return exc


def _made_of(read: list[tuple[int, Path, Path, bytes | ConfigError]], reference: bool, checks: ChecksMode) -> bytes:
    """A digest of what a rulebook is made of: the arguments, each folder and file by its path (the rules'
    locations name them) and each file's bytes; empty when a file cannot be read (such a load is refused)."""
    made_of = hashlib.sha256(f"{reference}\0{checks}\0".encode())
    for layer, folder, path, content in read:
        if not isinstance(content, bytes):
            return b""
        made_of.update(f"{layer}\0{folder}\0{path}\0{len(content)}\0".encode() + content)
    return made_of.digest()


def _copied(book: Rulebook) -> Rulebook:
    """A rulebook of the caller's own: what a host changes in it (its dicts of rules, measures …) is not
    changed in the one remembered. The rules, measures and parameter specs are frozen, and shared."""
    return replace(
        book,
        rules=dict(book.rules),
        parameters=Parameters(book.parameters.specs),
        measures=dict(book.measures),
        risk_types=dict(book.risk_types),
        measure_locations=dict(book.measure_locations),
        parameter_locations=dict(book.parameter_locations),
        parameter_value_locations=dict(book.parameter_value_locations),
    )


class _WrittenRule(NamedTuple):
    """A rule spec as read, with where it was written and the folder (layer) it came from."""

    spec: RuleSpec
    location: Location
    case_defaults: CaseDefaults | None  # its file's
    lines: dict[str, int]  # the lines of its "when" and "measures" keys
    layer: int
    case_lines: tuple[int, ...] = ()  # the line of each case


@dataclass
class _Sources:
    """What the rule files say, read in order: a later rule, parameter, measure or named condition
    replaces an earlier one with the same name."""

    specs: dict[str, _WrittenRule] = field(default_factory=dict)
    params: dict[str, ParameterSpec] = field(default_factory=dict)
    measures: dict[str, Measure] = field(default_factory=dict)
    named: dict[str, tuple[str, str, Location]] = field(default_factory=dict)  # label, condition, location
    #: the folder (layer) each named condition was last written in: one name twice in one folder is refused
    named_layers: dict[str, int] = field(default_factory=dict)
    risk_types: dict[str, str] = field(default_factory=dict)  # risk type → its English label
    #: each folder's (layer's) case_defaults, the last of its files that gives them: a rule file without them
    #: takes its own folder's, never another folder's (a county's cases run at the county's region)
    default_cases: dict[int, CaseDefaults] = field(default_factory=dict)
    #: each folder's distinct case_defaults: a file without them is refused when they differ
    all_case_defaults: dict[int, set[CaseDefaults]] = field(default_factory=dict)
    #: the errors found while reading a file that leave the rest of it to be read: a rule id, or a parameter's
    #: value for one region and day, written twice in one folder; a rule switched off that no folder writes (its
    #: file's parameters had been left unread, and every rule reading them refused as if they did not exist)
    found: list[ConfigError] = field(default_factory=list)
    measure_locations: dict[str, Location] = field(default_factory=dict)
    #: the folder (layer) each measure was last written in: one id twice in one folder is refused
    measure_layers: dict[str, int] = field(default_factory=dict)
    catalogue: set[str] = field(default_factory=set)  # the measures of the reference folder (layer 0)
    disabled: set[str] = field(default_factory=set)  # the rules switched off so far (``disable``)
    #: where each folder (layer) switched a rule off: a folder that also writes that rule is refused
    disabled_at: dict[tuple[int, str], Location] = field(default_factory=dict)
    #: where each parameter was last written (its key's line), for the messages about its name
    param_locations: dict[str, Location] = field(default_factory=dict)
    #: the folder (layer) each parameter was last written in: its labels differing in one folder are refused
    param_layers: dict[str, int] = field(default_factory=dict)
    #: Each parameter value's own line, by (parameter, region, from).
    param_value_locations: dict[tuple[str, str, date], Location] = field(default_factory=dict)
    #: The folder (layer) each parameter value was written in, and the line of its ``from``, by (parameter,
    #: region, from): a second value for one region and day is refused in its own folder, taken from a later one.
    param_value_starts: dict[tuple[str, str, date], tuple[int, Location]] = field(default_factory=dict)
    lines: dict[str, tuple[str, ...]] = field(default_factory=dict)  # each file's lines, by its path

    def is_block(self, path: str, line: int) -> bool:
        """Whether the ``when:`` on ``line`` of the file at ``path`` introduces a block scalar (``|``, ``>``)."""
        lines = self.lines.get(path, ())
        text = lines[line - 1] if 1 <= line <= len(lines) else ""
        return text.split("when:", 1)[-1].strip()[:1] in ("|", ">")

    def read(self, path: Path, layer: int, reference: bool, content: bytes) -> None:
        """Adds one YAML file's sections (and removes the rules it disables); ``content``: its bytes."""
        data, parsed, self.lines[str(path)] = _parsed(path, content)
        if parsed is None:
            return
        if parsed.case_defaults is not None:
            self.default_cases[layer] = parsed.case_defaults
            self.all_case_defaults.setdefault(layer, set()).add(parsed.case_defaults)
        for i, spec in enumerate(parsed.rules):
            raw = data["rules"][i]
            lines = {key: raw.key_lines.get(key, 0) for key in ("when", "measures")}
            location = Location(str(path), _line(data, "rules", i))
            earlier = self.specs.get(spec.id)
            switched_off = self.disabled_at.get((layer, spec.id))
            if switched_off is not None:
                self.found.append(_written_and_disabled(spec.id, location, switched_off))
            if earlier is not None and earlier.layer == layer:
                # A later folder replaces a rule on purpose; twice in one folder, one of the two is a
                # mistake, and the code a finding carries would be ambiguous.
                self.found.append(
                    DuplicateKeyError(
                        f"rule id {spec.id} is defined twice in one rules folder (first at {earlier.location})",
                        fix="give each rule its own id; to replace a rule, write it in a later folder",
                        location=location,
                    )
                )
            cases = raw.get("cases")
            case_lines = tuple(cases.item_lines) if isinstance(cases, LineList) else ()
            self.specs[spec.id] = _WrittenRule(spec, location, parsed.case_defaults, lines, layer, case_lines)
            if spec.risk_type and spec.risk_type_en:
                self.risk_types[spec.risk_type] = spec.risk_type_en
        for name in parsed.disable:
            # a rule id, or a data check's original code (1_02_006)
            coded = [k for k, v in self.specs.items() if name in v.spec.codes]
            rule_id = coded[0] if coded and name not in self.specs else name
            if rule_id in self.disabled and rule_id not in self.specs:
                continue  # switched off already (listed twice, or by an earlier folder): off it stays
            where = Location(str(path), _line(data, "disable"))
            if rule_id not in self.specs and rule_id in data_check_names():
                continue  # a data check, and the pack is not loaded (checks="off"): off it is
            if rule_id not in self.specs:
                self.found.append(_not_disabled(rule_id, self.specs, self.measures, where))
                continue
            if self.specs[rule_id].layer == layer:
                self.found.append(_written_and_disabled(rule_id, self.specs[rule_id].location, where))
            del self.specs[rule_id]
            self.disabled.add(rule_id)
            self.disabled_at[(layer, rule_id)] = where
        for name, parameter in parsed.parameters.items():
            section = data.get("parameters") if isinstance(data, LineDict) else None
            line = section.key_lines.get(name, 0) if isinstance(section, LineDict) else 0
            entry = section.get(name) if isinstance(section, LineDict) else None
            unit_line = entry.key_lines.get("unit", line) if isinstance(entry, LineDict) else line
            before = self.params.get(name)
            if before is not None and self.param_layers.get(name) == layer:
                here = Location(str(path), line)
                labelled = _labelled_twice(name, before, parameter, entry, here, self.param_locations[name])
                if labelled is not None:
                    self.found.append(labelled)
            self.params[name] = _merge_parameter(before, parameter, name, Location(str(path), unit_line))
            self.param_locations[name] = Location(str(path), line)
            self.param_layers[name] = layer
            written = entry.get("values") if isinstance(entry, LineDict) else None
            items = written if isinstance(written, LineList) else LineList()
            for value, item, at in zip(parameter.values, items, getattr(items, "item_lines", ()), strict=False):
                key = (name, value.region, value.from_)
                start = Location(str(path), item.key_lines.get("from", at) if isinstance(item, LineDict) else at)
                first = self.param_value_starts.get(key)
                if first is not None and first[0] == layer:
                    # Two files of one folder: the value of the file read last (by its name) was used without a
                    # word. One file is refused so already (ParameterSpec); a later folder replaces on purpose.
                    self.found.append(_two_values_one_day(name, value.region, value.from_, start, first[1]))
                self.param_value_starts[key] = (layer, start)
                self.param_value_locations[key] = Location(str(path), at or line)
        for name, spec_named in parsed.conditions.items():
            raw = data["conditions"][name]
            line = raw.key_lines.get("when", 0) + (1 if self.is_block(str(path), raw.key_lines.get("when", 0)) else 0)
            if self.named_layers.get(name) == layer:
                # as a rule id: a later folder replaces a named condition on purpose; in two files of one folder,
                # the file read last had won without a word, every rule naming it testing the other condition
                self.found.append(
                    DuplicateKeyError(
                        f"named condition {name} is defined twice in one rules folder (first at {self.named[name][2]})",
                        fix="give each named condition its own name; to replace one, write it in a later folder",
                        location=Location(str(path), line),
                    )
                )
            self.named_layers[name] = layer
            self.named[name] = (spec_named.label, spec_named.when, Location(str(path), line))
        self.measures.update({m.id: m for m in parsed.measures})
        for i, measure in enumerate(parsed.measures):
            location = Location(str(path), _line(data, "measures", i))
            if self.measure_layers.get(measure.id) == layer:
                # as a rule id: a later folder replaces a measure on purpose; twice in one folder, the one read
                # last had replaced the other without a word, its department and deadline in every plan
                self.found.append(
                    DuplicateKeyError(
                        f"measure id {measure.id} is defined twice in one rules folder (first at "
                        f"{self.measure_locations[measure.id]})",
                        fix="give each measure its own id; to replace a measure, write it in a later folder",
                        location=location,
                    )
                )
            self.measure_layers[measure.id] = layer
            self.measure_locations[measure.id] = location
            if layer == 0 and reference:
                self.catalogue.add(measure.id)

    def rule(self, written: _WrittenRule, param_infos: Mapping[str, ParamInfo], named: NamedConditions) -> Rule:
        """A written rule checked: its condition typed, its measures defined, its cases given a region and date."""
        spec, location, defaults, lines, layer = (
            written.spec,
            written.location,
            written.case_defaults,
            written.lines,
            written.layer,
        )
        when = spec.when
        when_line = lines["when"]
        if when != when.lstrip("\n") or self.is_block(location.path, when_line):
            # A block scalar starts on the next line; a folded one (>-) is checked as its lines were written,
            # so that an error names the line it is on (YAML joined them with spaces, all on the first).
            when = _folded_lines(self.lines[location.path], when_line, when) or when
            when_line += 1
        errors: list[ConfigError] = []
        if spec.scope == "member":  # one member condition: the rule fires where some member satisfies it
            when = f"any(members, {when})"
        condition = _collect(
            errors, check_condition, when, FACTS, param_infos, Location(location.path, when_line), named
        )
        if condition is not None:
            _collect(errors, _check_size, spec.id, condition, Location(location.path, when_line))
        errors += [
            _unknown_measure(measure, self.measures, Location(location.path, lines["measures"]))
            for measure in spec.measures
            if measure not in self.measures
        ]
        if spec.risk_type and spec.risk_type not in self.risk_types:
            near = suggest(spec.risk_type, self.risk_types, cutoff=0.75)  # 因病啊 for 因病: a known one, misspelt
            add = "add risk_type_en: … to the rule (English output names the risk type with it)"
            errors.append(
                SchemaError(
                    f"risk type {spec.risk_type} has no English label",
                    fix=f"did you mean {near} ({self.risk_types[near]})? or {add}" if near else add,
                    location=location,
                )
            )
        case_defaults = defaults or self.default_cases.get(layer)
        if defaults is None and len(self.all_case_defaults.get(layer, ())) > 1:
            errors.append(
                SchemaError(
                    "rule cases need a region and date: the files of this folder give different case_defaults, "
                    "so which this file's cases take cannot be told",
                    fix='add case_defaults: {region: "…", as_of: YYYY-MM-DD} to the file',
                    location=location,
                )
            )
        elif case_defaults is None:
            errors.append(
                SchemaError(
                    "rule cases need a region and date: no file of this folder gives case_defaults",
                    fix='add case_defaults: {region: "…", as_of: YYYY-MM-DD} to the file (the region and date its '
                    "cases are checked at)",
                    location=location,
                )
            )
        if errors or condition is None or case_defaults is None:
            raise errors[0] if len(errors) == 1 else RulebookLoadError(errors)
        return Rule(
            spec,
            condition,
            location,
            frozenset(facts_of(condition)),
            frozenset(params_of(condition)),
            case_defaults,
            layer,
            condition.fact if spec.scope == "member" and isinstance(condition, TTruth) else None,
            Location(location.path, when_line),
            tuple(Location(location.path, line) for line in written.case_lines),
        )


#: Tests (comparisons, membership, yes/no facts …) in one rule's condition, named conditions written
#: out: the batch engine's work on a condition grows faster than its size, and durable-rules expands it.
MAX_TESTS = 64
#: Levels of a rule's condition once its named conditions are written out (each alone is held to
#: fanpin.lang.syntax.MAX_NESTING).
MAX_DEPTH = 2 * MAX_NESTING


def _check_size(rule_id: str, condition: Condition, location: Location) -> None:
    """A rule's condition, its named conditions written out, within :data:`MAX_TESTS` and
    :data:`MAX_DEPTH` (measured without recursion)."""
    stack: list[tuple[object, int]] = [(condition, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, tuple):
            stack.extend((child, depth) for child in item)
        elif is_dataclass(item):
            if depth > MAX_DEPTH:
                raise ConfigError(
                    f"rule {rule_id}'s condition nests more than {MAX_DEPTH} levels deep once its named "
                    "conditions are written out",
                    fix="simplify it, or write out some of the named conditions it uses",
                    location=location,
                )
            stack.extend((getattr(item, f.name), depth + 1) for f in fields(item))
    tests = len(atoms_of(condition))
    if tests > MAX_TESTS:
        raise ConfigError(
            f"rule {rule_id}'s condition holds {tests} tests (its named conditions written out), more than {MAX_TESTS}",
            fix="split it into several rules, each with a part of the tests",
            location=location,
        )
    _check_alternatives(rule_id, condition, location)


def _check_alternatives(rule_id: str, condition: Condition, location: Location) -> None:
    """The ways a rule's condition (and each member condition in it) can be true, its ``or``s multiplied out
    through its ``and``s, within what the durable engine takes (:data:`~fanpin.durable.compiler.MAX_CONJUNCTIONS`):
    refused only by that engine, such a rule was scored by the batch engine and stopped ``fanpin check``."""
    from fanpin.durable.compiler import MAX_CONJUNCTIONS, Compiler, TooLargeError  # it reads fanpin.rulebook

    inside = [a.condition for a in aggregates_of([condition]) if a.condition is not None]
    for part in (condition, *inside):
        try:
            Compiler(Slots.for_conditions([part])).true(part)
        except TooLargeError:
            member = " member" if part is not condition else ""
            raise ConfigError(
                f"rule {rule_id}'s{member} condition has more than {MAX_CONJUNCTIONS} ways to be true once its "
                "'or's are multiplied out through its 'and's ((a or b or c) and (d or e or f) is 9 ways), each "
                "value of a set test (x in {…}) being one way",
                fix="split it into several rules, each with a part of the alternatives (or of the set's values)",
                location=location,
            ) from None


def _named_conditions(
    sources: dict[str, tuple[str, str, Location]],
    param_infos: Mapping[str, ParamInfo],
    errors: list[ConfigError],
    param_locations: Mapping[str, Location],
) -> NamedConditions:
    """The named conditions, each checked (used or not), after checking that no parameter or named
    condition takes the name of a fact, nor a named condition the name of a parameter (the message points
    to the parameter when it is the one written in a county's folder)."""
    for name in sorted(set(param_infos) & set(FACTS)):
        errors.append(
            ConfigError(
                f"parameter {name} has the name of a household fact",
                fix="rename the parameter",
                location=param_locations.get(name),
            )
        )
    for name in sorted((set(param_infos) | set(sources)) & KEYWORDS):  # a word of the language: never read as a name
        kind = "parameter" if name in param_infos else "named condition"
        errors.append(
            ConfigError(
                f"{kind} {name} is called by a word of the rule language ({', '.join(sorted(KEYWORDS))})",
                fix=f"rename the {kind}",
                location=param_locations.get(name) if name in param_infos else sources[name][2],
            )
        )
    for name in sorted((set(param_infos) & set(MEMBER_FACTS)) - set(FACTS)):
        # inside any(members, …) the member fact would win: age >= age, always true, without a word
        errors.append(
            ConfigError(
                f"parameter {name} has the name of a member fact: inside a member condition the fact is read",
                fix=f"rename the parameter (e.g. {name}_limit)",
                location=param_locations.get(name),
            )
        )
    for name in sorted(set(sources) & set(FACTS)):
        errors.append(
            ConfigError(
                f"named condition {name} has the name of a fact", fix="rename the condition", location=sources[name][2]
            )
        )
    for name in sorted((set(sources) & set(param_infos)) - set(FACTS)):
        condition, parameter = sources[name][2], param_locations.get(name)
        county_parameter = parameter is not None and _in_reference(condition) and not _in_reference(parameter)
        errors.append(
            ConfigError(
                f"named condition {name} ({condition}) and parameter {name} ({parameter}) have one name",
                fix="rename the parameter" if county_parameter else "rename the condition",
                location=parameter if county_parameter else condition,
            )
        )
    named = NamedConditions(sources)
    for name in sources:  # check every named condition, used or not
        _collect(errors, named.resolve, name, FACTS, param_infos)
    return named


def _in_reference(location: Location) -> bool:
    """Whether ``location`` is in a rule file fanpin ships (:func:`_shipped`)."""
    return bool(location.path) and _shipped(Path(location.path))


def _collect(errors: list[ConfigError], step: Callable[..., T], *args: Any) -> T | None:
    """``step(*args)``, or None with its error added to ``errors``."""
    try:
        return step(*args)
    except RulebookLoadError as exc:
        errors.extend(exc.errors)
    except ConfigError as exc:
        errors.append(exc)
    return None


def _line(data: Any, section: str, index: int | None = None) -> int:
    if not isinstance(data, LineDict) or section not in data:
        return 0
    items = data[section]
    if index is not None and isinstance(items, LineList) and index < len(items):
        return items.item_lines[index]
    return data.key_lines[section]


def _merge_parameter(
    earlier: ParameterSpec | None, later: ParameterSpec, name: str, location: Location
) -> ParameterSpec:
    """A later folder adds values to a parameter; a value for the same region and start replaces one."""
    if earlier is None:
        return later
    if earlier.unit != later.unit:
        raise SchemaError(
            f"parameter {name} is in {earlier.unit} in an earlier rules file and in {later.unit} here",
            fix="keep the unit of the reference parameter",
            location=location,
        )
    replaced = {(v.region, v.from_) for v in later.values}
    values = tuple(v for v in earlier.values if (v.region, v.from_) not in replaced) + later.values
    return later.model_copy(update={"values": values})


@functools.lru_cache(maxsize=64)
def _parsed(path: Path, content: bytes) -> tuple[Any, RulesFile | None, tuple[str, ...]]:
    """A rule file's YAML (each node's line kept), its sections checked (None for an empty file) and its
    lines, from its bytes. Kept for the files loaded again (the reference rules and the data-check pack,
    under each county folder ``fanpin check`` is given): parsing is most of a load. Read only."""
    data = load_yaml(path, shipped=_shipped(path), content=content)
    lines = tuple(content.decode("utf-8").splitlines())  # load_yaml decoded them
    return data, None if data is None else validate_yaml(RulesFile, data, path), lines


def _folded_lines(lines: Sequence[str], line: int, folded: str) -> str | None:
    """The lines of the folded block scalar introduced on ``line`` of a file's ``lines`` (``when: >-``),
    trimmed and joined by line ends, when YAML's folding of them is ``folded`` (the condition read); else
    None."""
    if line < 1 or line > len(lines) or lines[line - 1].split("when:", 1)[-1].strip()[:1] != ">":
        return None
    indent = len(lines[line - 1]) - len(lines[line - 1].lstrip())
    body: list[str] = []
    for text in lines[line:]:
        if text.strip() and len(text) - len(text.lstrip()) <= indent:
            break
        body.append(text.strip())
    while body and not body[-1]:
        body.pop()
    return "\n".join(body) if " ".join(body) == folded.strip() else None


def _labelled_twice(
    name: str, earlier: ParameterSpec, later: ParameterSpec, entry: object, here: Location, first: Location
) -> SchemaError | None:
    """A parameter written in two files of one rules folder (the later ``here``, the earlier at ``first``) with
    another ``label`` or ``label_en``: the label of the file read last (by its name) named it in every
    explanation, without a word. Its values may be spread over the files; its names are one."""
    for key in ("label", "label_en"):
        was, now = getattr(earlier, key), getattr(later, key)
        if was != now:
            line = entry.key_lines.get(key, here.line) if isinstance(entry, LineDict) else here.line
            return SchemaError(
                f"parameters.{name}: {key} {now!r} here, {was!r} in another file of this rules folder (at {first})",
                fix=f"give the parameter one {key} in every file of a folder that writes it (a later rules "
                "folder may rename it)",
                location=Location(here.path, line),
            )
    return None


def _two_values_one_day(name: str, region: str, start: date, location: Location, first: Location) -> SchemaError:
    """A parameter's value for ``region`` from ``start`` written in two files of one rules folder (the second at
    ``location``, the first at ``first``): which of the two is meant is not told, as it is not in one file."""
    where = repr(region) if region else "(national)"
    return SchemaError(
        f"parameters.{name}: two values for region {where} from {start} in one rules folder (first at {first})",
        fix="keep one of the two values for that region and day, or start the later one on the day it applies "
        "(a value replaces another only from a later rules folder)",
        location=location,
    )


def _written_and_disabled(rule_id: str, written: Location, disabled: Location) -> DuplicateKeyError:
    """One folder both writes rule ``rule_id`` and switches it off: which wins would depend on the order of
    its files' names (and, in one file, on nothing the author wrote), so neither is taken."""
    return DuplicateKeyError(
        f"rule {rule_id} is written in this rules folder and switched off by its disable list ({disabled})",
        fix=f"to use your version of {rule_id}, take it out of disable: writing it replaces the earlier one; "
        "to switch it off, delete your version",
        location=written,
    )


def _unknown_rule(rule_id: str, specs: Mapping[str, _WrittenRule], location: Location) -> UnknownNameError:
    """An id ``disable`` lists that no folder has, with the nearest id: of a rule loaded, or of a data check
    (loaded or not: a misspelt check was told to write the nearest risk rule instead)."""
    checks = {name: "疑点数据核查" for name in data_check_names() if not name[:1].isdigit()}
    return _unknown("rule", rule_id, checks | {k: v.spec.title.zh for k, v in specs.items()}, location)


def _not_disabled(
    name: str, specs: Mapping[str, _WrittenRule], measures: Mapping[str, Measure], location: Location
) -> UnknownNameError:
    """The error of a name ``disable`` lists that is no rule: a measure's id (a measure is kept out of the plans
    by the rules that name it), a pattern (ids are listed one by one: ``income.*`` was told "did you mean
    income.deep_low"), or an unknown id (:func:`_unknown_rule`)."""
    if name in measures:
        return UnknownNameError(
            f"{name!r} is a measure ({measures[name].name}), not a rule: disable lists the rules to switch off",
            name=name,
            fix="to keep a measure out of the plans, write again in this folder each rule that names it, without it",
            location=location,
        )
    if any(c in name for c in "*?["):
        matched = sorted(k for k in specs if fnmatch.fnmatchcase(k, name))
        listed = ", ".join(matched[:8]) + (", …" if len(matched) > 8 else "")
        return UnknownNameError(
            f"{name!r} is a pattern: disable lists rule ids one by one",
            name=name,
            fix=f"list each rule to switch off: disable: [{listed}]" if matched else "list each rule to switch off",
            location=location,
        )
    if name[:1].isdigit():
        return _unknown_code(name, specs, location)
    return _unknown_rule(name, specs, location)


def _unknown_code(code: str, specs: Mapping[str, _WrittenRule], location: Location) -> UnknownNameError:
    """A national code ``disable`` lists that no data check has (``1_02_0066``): the nearest code of the pack,
    and — when the pack is not loaded — that the codes are the data checks', which ``--checks with`` loads."""
    loaded = {c: rule_id for rule_id, w in specs.items() for c in w.spec.codes}
    known = {**data_check_codes(), **loaded}
    suggestion = suggest(code, known) or ""
    pack_loaded = any(rule_id in specs for rule_id in _data_check_ids())
    if suggestion and pack_loaded:
        message = f"unknown national code {code!r}; did you mean {suggestion} ({known[suggestion]})?"
        fix = f"write {suggestion}"
    elif suggestion:
        message = (
            f"unknown national code {code!r}; did you mean {suggestion} ({known[suggestion]}), a code of the data "
            "checks?"
        )
        fix = f"write {suggestion}; the data checks run with --checks with (or only)"
    else:
        message = f"unknown national code {code!r}"
        fix = "write a national code that a data check lists under codes: (rules/checks/), or a rule's id"
        if not pack_loaded:
            fix += "; the data checks run with --checks with (or only)"
    return UnknownNameError(
        message,
        name=code,
        suggestion=suggestion,
        suggestion_label=known.get(suggestion, ""),
        fix=fix,
        location=location,
    )


def _unknown_measure(measure: str, measures: Mapping[str, Measure], location: Location) -> UnknownNameError:
    return _unknown("measure", measure, {k: v.name for k, v in measures.items()}, location)


#: The list each kind of name is written in, for the error of a list typed with an input method's commas.
_LISTED_IN = {"measure": "measures", "rule": "disable"}


def _unknown(what: str, name: str, known: Mapping[str, str], location: Location) -> UnknownNameError:
    comma = next((c for c in "，、；" if c in name), None)
    if comma is not None and what in _LISTED_IN:
        # [a，b] typed with a Chinese input method is one item to YAML: it had been "unknown measure 'a，b'; did
        # you mean b?", as if one of the two were misspelt
        key, items = _LISTED_IN[what], ", ".join(p.strip() for p in re.split("[，、；]", name) if p.strip())
        return UnknownNameError(
            f"{key}: [{name}] holds a full-width comma {comma}: YAML reads {name} as one {what}",
            name=name,
            fix=f"separate the items with ASCII commas: {key}: [{items}]",
            location=location,
        )
    suggestion = suggest(name, known) or ""
    hint = f"; did you mean {suggestion} ({known[suggestion]})?" if suggestion else ""
    return UnknownNameError(
        f"unknown {what} {name!r}{hint}",
        name=name,
        suggestion=suggestion,
        suggestion_label=known.get(suggestion, ""),
        fix=f"write {suggestion}" if suggestion else f"define the {what} first",
        location=location,
    )
