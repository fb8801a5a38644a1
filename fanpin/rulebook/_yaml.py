"""The one YAML loader fanpin uses: safe, strict about duplicate keys, and it remembers line numbers.

Every mapping is loaded as a :class:`LineDict` and every sequence as a :class:`LineList`; both know the
line each of their items starts on, so a schema error deep inside a rule file can still be reported as
``rules/income.yaml:42``. Only YAML's safe tags are accepted: a rule file can never build a Python object.

A rule file may come from anyone, so the loader also refuses, with file and line: a file larger than
:data:`MAX_FILE_BYTES`, nesting deeper than :data:`MAX_YAML_DEPTH`, an alias (``*name``) of a mapping or
a list (aliases of aliases multiply a small file into billions of values), and a value YAML reads but
Python cannot hold (a date in year 0, an integer of thousands of digits).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Hashable, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from fanpin.errors import ConfigError, DuplicateKeyError, FanpinError, Location, RulebookLoadError, SchemaError, suggest
from fanpin.model.parameters import AT_VALUE
from fanpin.model.values import day_month_meant, day_month_reason

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_YAML_DEPTH",
    "LineDict",
    "LineList",
    "line_of",
    "load_yaml",
    "read_rule_file",
    "validate_yaml",
]

#: The largest rule, parameter or measure file fanpin reads (the reference files are under 30 KB; a
#: folder may hold any number of files).
MAX_FILE_BYTES = 1 << 20
#: Levels of nesting in a YAML file (a rule file needs about eight).
MAX_YAML_DEPTH = 32

M = TypeVar("M", bound=BaseModel)


class LineDict(dict[Any, Any]):
    """A dict that remembers the 1-based line of itself and of each key."""

    line: int = 0
    key_lines: dict[Any, int]


class LineList(list[Any]):
    """A list that remembers the 1-based line of itself and of each item."""

    line: int = 0
    item_lines: list[int]


class _Loader(yaml.SafeLoader):
    depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            anchored = self.anchors.get(getattr(event, "anchor", None))
            if anchored is not None and not isinstance(anchored, yaml.ScalarNode):
                raise SchemaError(
                    "an alias (*name) may stand for a single value only, not for a mapping or a list",
                    fix="write the mapping or list out where it is used",
                    location=Location(str(event.start_mark.name), event.start_mark.line + 1),
                )
            return super().compose_node(parent, index)
        self.depth += 1
        try:
            if self.depth > MAX_YAML_DEPTH:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise SchemaError(
                    f"the file nests more than {MAX_YAML_DEPTH} levels deep",
                    fix="see rules/README.md for the layout of a rules file",
                    location=Location(str(mark.name), mark.line + 1),
                )
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


#: The tag YAML gives a scalar written as a date (``2025-13-01`` too: the tag is given by the shape, the date
#: made after).
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


def _construct(loader: _Loader, node: yaml.Node) -> Any:
    """A node's value; a value YAML reads but Python cannot hold is a :class:`SchemaError` with its line."""
    try:
        return loader.construct_object(node, deep=True)
    except FanpinError:
        raise
    except (ValueError, OverflowError) as exc:  # a date in year 0, an integer of thousands of digits
        if node.tag == _TIMESTAMP:  # a date's typo (2025-13-01, 2025-02-30): said with the date as written
            raise SchemaError(
                f"{node.value!r} is no date of the calendar ({exc})",
                fix="write a real date (YYYY-MM-DD)",
                location=Location(str(node.start_mark.name), node.start_mark.line + 1),
            ) from None
        raise SchemaError(
            f"not a value fanpin can read ({'a number of thousands of digits' if 'digits' in str(exc) else exc})",
            fix="write a real date (YYYY-MM-DD) or a number of at most 18 digits",
            location=Location(str(node.start_mark.name), node.start_mark.line + 1),
        ) from None


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    if node.flow_style:
        _check_grouped(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = _construct(loader, key_node)
        if not isinstance(key, Hashable):
            raise SchemaError(
                "a mapping key must be a plain value",
                location=Location(node.start_mark.name, key_node.start_mark.line + 1),
            )
        line = key_node.start_mark.line + 1
        if key in result:
            # Told with every other key written twice in the file once it is read (load_yaml), not one a run:
            # the value is read too, for a key written twice inside it.
            _twice(loader).append(
                DuplicateKeyError(
                    f"key {key!r} appears twice in one mapping (first on line {result.key_lines[key]})",
                    fix="keep one of the two entries; YAML would silently keep only the last",
                    location=Location(node.start_mark.name, line),
                )
            )
            _construct(loader, value_node)
            continue
        result[key] = _construct(loader, value_node)
        result.key_lines[key] = line
    return result


def _twice(loader: Any) -> list[DuplicateKeyError]:
    """The keys written twice that ``loader`` has met in its document so far (:func:`_construct_mapping`)."""
    found: list[DuplicateKeyError] | None = getattr(loader, "written_twice", None)
    if found is None:
        found = []
        loader.written_twice = found
    return found


def _loaded(text: str | io.StringIO, loader: type[Any]) -> Any:
    """``yaml.load`` of ``text``, then every key written twice in one mapping told at once: the error itself for
    one, a :class:`RulebookLoadError` of the first :data:`MAX_LAYOUT_ERRORS` for more."""
    reader = loader(text)
    try:
        data = reader.get_single_data()
    finally:
        reader.dispose()
    twice = sorted(_twice(reader), key=lambda e: e.line or 0)
    if twice:
        _raise_all(twice, "keys written twice", Path(twice[0].path or ""))
    return data


#: A number's digits as YAML splits them at a comma in a ``{…}`` mapping: ``8`` (a value), then ``700`` or
#: ``700.50`` (read as a key without a value).
_INTEGER_PART = re.compile(r"[-+]?[0-9]+")
_DIGITS_PART = re.compile(r"[0-9]+(?:\.[0-9]*)?")
#: A group of a thousands comma: three digits (the last one with its decimals).
_THOUSANDS = re.compile(r"[0-9]{3}(?:\.[0-9]*)?")


def _check_grouped(node: yaml.MappingNode) -> None:
    """``value: 8,700`` in a ``{…}`` mapping: YAML ends a value at a comma there, so it reads the value 8 and
    a key 700 without a value (which pydantic then reports as "Keys should be strings"). A number right
    before a comma, and digits right after it standing as a key without a value, are refused with both
    readings and the fix."""
    pairs = node.value
    for n, (key, value) in enumerate(pairs):
        groups: list[str] = []
        end = value.end_mark.index
        for after, empty in pairs[n + 1 :]:  # 8,700 or 1,234,567: each group a key without a value
            if not (_plain(after, _DIGITS_PART) and _absent(empty)) or after.start_mark.index != end + 1:
                break  # 8, 700 (a space): not one number written with a comma
            groups.append(str(after.value))
            end = after.end_mark.index
            if "." in groups[-1]:
                break
        if not groups or not _plain(value, _INTEGER_PART):
            continue
        groups.insert(0, str(value.value))
        written, number = ",".join(groups), "".join(groups)
        name = key.value if isinstance(key, yaml.ScalarNode) else "the key"
        if all(_THOUSANDS.fullmatch(group) for group in groups[1:]):
            fix = f"write {name}: {number} (no thousands comma)"
        elif len(groups) == 2 and groups[1].isdigit():  # 1,5 or 8700,00: a decimal comma, not thousands
            decimal = f"{groups[0]}.{groups[1]}"
            fix = f"write {name}: {decimal} if the comma is a decimal point (a thousands comma groups three digits)"
        else:
            fix = f"write {name} as one number, with a point for its decimals and no comma"
        raise SchemaError(
            f"{name}: {written} in a {{…}} mapping reads as {name}: {groups[0]} and then "
            f"{' and '.join(groups[1:])} as {'a key' if len(groups) == 2 else 'keys'} without a value: YAML ends "
            "a value at a comma there",
            fix=fix,
            location=Location(str(value.start_mark.name), value.start_mark.line + 1),
        )


def _plain(node: yaml.Node, digits: re.Pattern[str]) -> bool:
    return isinstance(node, yaml.ScalarNode) and not node.style and digits.fullmatch(str(node.value)) is not None


def _absent(node: yaml.Node) -> bool:
    """A key's missing value (``{a: 1, 700}``: 700 has none), not ``700: x`` nor ``700: ""``."""
    return isinstance(node, yaml.ScalarNode) and not node.style and node.value == ""


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList(_construct(loader, child) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


#: A number YAML 1.1 reads as another than its digits say: a leading 0 (octal), 0x, 0b, or base 60 (1:30).
_READ_OTHERWISE = re.compile(r"[-+]?(?:0[0-9_]+|0[xXbBoO].*|[0-9_]*:[0-9_:.]*)")


def _construct_int(loader: _Loader, node: yaml.ScalarNode) -> int:
    """An integer as its digits say. YAML 1.1 also reads ``012`` as octal (10), ``0x10`` as 16, ``0b11`` as
    3 and ``1:30`` as base 60 (90): a threshold written so would silently be another number, or a region
    code lose its leading 0, so such a value is refused with its line. (``8_700`` is 8700, as written.)"""
    value = int(loader.construct_yaml_int(node))
    text = str(node.value)
    if _READ_OTHERWISE.fullmatch(text):
        raise _not_plain(node, text, f"the {_how(text)} number {value}")
    return value


def _construct_float(loader: _Loader, node: yaml.ScalarNode) -> float:
    """A number with a point; ``1:30.5`` (base 60: 90.5) is refused as :func:`_construct_int` says."""
    value = float(loader.construct_yaml_float(node))
    text = str(node.value)
    if ":" in text:
        raise _not_plain(node, text, f"the base-60 number {value:g}")
    return value


def _how(text: str) -> str:
    digits = text.lstrip("+-").lower()
    if ":" in digits:
        return "base-60"
    return {"0x": "hexadecimal", "0b": "binary"}.get(digits[:2], "octal")


def _not_plain(node: yaml.Node, text: str, reads: str) -> SchemaError:
    return SchemaError(
        f"{text} is not a number written plainly: YAML reads it as {reads}",
        fix=f'write the number as digits with at most one point and no leading 0, or quote it if it is text: "{text}"',
        location=Location(str(node.start_mark.name), node.start_mark.line + 1),
    )


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_Loader.add_constructor("tag:yaml.org,2002:float", _construct_float)


class _Shipped(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The same safe loader with LibYAML's parser (five times faster), for the files shipped with fanpin
    only: its composer is C, so the guards of :class:`_Loader` against hostile files (nesting, aliases of
    mappings) are not applied, and a folder given by the user is always read by :class:`_Loader`. A test
    checks that both read every shipped file alike, line numbers included."""


_Shipped.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Shipped.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_Shipped.add_constructor("tag:yaml.org,2002:int", _construct_int)
_Shipped.add_constructor("tag:yaml.org,2002:float", _construct_float)


def read_rule_file(path: Path) -> bytes:
    """A rule file's bytes, refused beyond :data:`MAX_FILE_BYTES` (without reading more than that)."""
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise SchemaError(
            f"cannot read the file: {exc.strerror or exc}", fix="check the file", location=Location(str(path))
        ) from exc
    if len(data) > MAX_FILE_BYTES:
        raise SchemaError(
            f"the file is larger than {MAX_FILE_BYTES // 1024} KB",
            fix="split it into several files: a rules folder may hold any number",
            location=Location(str(path)),
        )
    return data


def load_yaml(path: Path, *, shipped: bool = False, content: bytes | None = None) -> Any:
    """Parse one YAML file safely. Errors name the file and line. ``shipped``: a file fanpin ships (the
    reference rules and the data-check pack), read by LibYAML's parser where PyYAML has it; ``content``: the
    file's bytes, read already."""
    data = read_rule_file(path) if content is None else content
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _not_utf8(data, exc, path) from None
    try:
        if shipped:
            stream = io.StringIO(text)
            stream.name = str(path)  # LibYAML names every mark by the stream's name
            return _loaded(stream, _Shipped)
        return _loaded(text, _loader_for(path))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        # YAML indents with spaces only: an editor's tab is refused as "found character '\t' that cannot
        # start any token", which does not say what to do
        tab = "'\\t'" in str(exc.problem or "")
        typed = _typed_wide(text, line)
        if typed is not None:  # an input method's punctuation, or a byte-order mark of a file joined there
            at, what, fix = typed
            raise SchemaError(f"not valid YAML: {what}", fix=fix, location=Location(str(path), at)) from exc
        opened = _unclosed(exc)
        if opened is not None:  # told where the bracket opened, not where YAML noticed it was not closed
            bracket, at = opened
            raise SchemaError(
                f"not valid YAML: the {bracket} opened on this line is not closed ({exc.problem} on line {line})",
                fix=f"close it on this line ({'}' if bracket == '{' else ']'}), or write its items as a block of lines",
                location=Location(str(path), at),
            ) from exc
        tagged = "could not determine a constructor for the tag" in str(exc.problem or "")
        raise SchemaError(
            f"not valid YAML: {exc.problem or exc}",
            fix=_tab_fix(text, mark)
            if tab and mark
            else "replace each tab with spaces (YAML indents with spaces only)"
            if tab
            else "delete the tag (!!… before the value): a rules file holds plain texts, numbers, dates, lists and "
            "mappings, never a tagged object"
            if tagged
            else "check indentation and quoting near this line",
            location=Location(str(path), line),
        ) from exc
    except yaml.reader.ReaderError as exc:  # a character YAML refuses: a NUL byte, a control character
        line = text.count("\n", 0, exc.position) + 1
        character = ord(exc.character) if isinstance(exc.character, str) else exc.character
        column = exc.position - text.rfind("\n", 0, exc.position)
        raise SchemaError(
            f"not valid YAML: character U+{character:04X} at column {column} cannot stand in a YAML file",
            fix="delete it (a file saved as UTF-16, or pasted from a binary, holds such characters); "
            "save the file as UTF-8",
            location=Location(str(path), line),
        ) from exc
    except yaml.YAMLError as exc:
        raise SchemaError(f"not valid YAML: {exc}", location=Location(str(path))) from exc


#: A key followed by a full-width colon (``level：orange``, as a Chinese input method types it): YAML reads the
#: line as text, and stops a line or more later ("could not find expected ':'").
_WIDE_COLON = re.compile(r"^[ ]*(?:-[ ]+)?([A-Za-z_][A-Za-z0-9_]*)[ ]*：", re.M)
#: A full-width comma between the items of a list or mapping written in brackets (``{value: 7500， source: 甲}``):
#: a ， right after a number, a date or a closing quote, where an item ends.
_WIDE_COMMA = re.compile(r"^[^#\n]*[{\[][^#\n]*?(?:[0-9]|[\"'])[ ]*，", re.M)
#: Brackets an input method types (【, and the full-width square and curly ones) where YAML's ASCII ones open a
#: list or a mapping.
_WIDE_BRACKET = re.compile(r"^[ ]*(?:-[ ]+)?[A-Za-z_][A-Za-z0-9_]*:[ ]*[【\uff3b\uff5b]", re.M)
#: A line indented with a full-width space (U+3000, as an input method types it in its full-width mode) or a
#: no-break space (U+00A0, in a text pasted from a web page or a Word document): YAML reads it as text, and stops
#: a line later ("mapping values are not allowed here").
_WIDE_INDENT = re.compile(r"^[ ]*(?:-[ ]+)?([\u3000\u00a0])", re.M)
#: Such a space after a key's colon (``level:\u00a0info``): YAML reads the line as text, and stops a line later
#: ("could not find expected ':'").
_WIDE_AFTER_KEY = re.compile(r"^[ ]*(?:-[ ]+)?([A-Za-z_][A-Za-z0-9_]*):([\u3000\u00a0])", re.M)
#: How a message names each of those spaces.
_SPACE_NAMES = {
    "\u3000": "a full-width space (U+3000)",
    "\u00a0": "a no-break space (U+00A0, as a web page or a Word document holds)",
}
#: Each of them, and what to say of a match of it: what is wrong and the fix.
_TYPED_WIDE: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], tuple[str, str]]], ...] = (
    (
        _WIDE_COLON,
        lambda match: (
            f"the key {match[1]} is followed by a full-width colon ：, not by YAML's :",
            f"type the colon after {match[1]} as an ASCII : (switch the input method to English punctuation)",
        ),
    ),
    (
        _WIDE_COMMA,
        lambda _: (
            "a full-width comma ， separates the items in brackets, where YAML reads only an ASCII ,",
            "type the comma between items as an ASCII , (a ， inside a text, in quotes, may stay)",
        ),
    ),
    (
        _WIDE_INDENT,
        lambda match: (
            f"the line is indented with {_SPACE_NAMES[match[1]]}, where YAML indents with ASCII spaces only",
            "retype the spaces at the start of the line as ASCII spaces (switch the input method to half-width)",
        ),
    ),
    (
        _WIDE_AFTER_KEY,
        lambda match: (
            f"the key {match[1]} is followed by {_SPACE_NAMES[match[2]]}, where YAML needs an ASCII space",
            f"retype the space after {match[1]}: as an ASCII space",
        ),
    ),
    (
        _WIDE_BRACKET,
        lambda _: (
            "a full-width bracket (【 \uff3b \uff5b) opens the value, where YAML reads only ASCII [ ] and { }",
            "type the brackets as ASCII [ ] (a list) or { } (a mapping)",
        ),
    ),
)


def _tab_fix(text: str, mark: yaml.Mark) -> str:
    """The fix of a tab the YAML reader refused at ``mark``: in a line's indentation, or after its text (before a
    comment, between a key and its value), where YAML would take a space and the reader takes none."""
    lines = text.splitlines()
    before = lines[mark.line][: mark.column] if mark.line < len(lines) else ""
    if before.strip(" \t"):
        return "replace the tab after the text on this line with spaces (the YAML reader takes none there)"
    return "replace each tab with spaces (YAML indents with spaces only)"


def _typed_wide(text: str, line: int) -> tuple[int, str, str] | None:
    """``(line, what, fix)`` for the last thing at or above ``line`` (where YAML stopped, often a line after
    it) that a Chinese input method or a join of two files puts in YAML's way: a full-width colon after a key,
    a full-width comma between items in brackets, a byte-order mark (U+FEFF, which no editor shows) inside the
    file. YAML's own words ("could not find expected ':'", "mapping values are not allowed here", a line late)
    did not name them; None when there is none."""
    found = [
        (text.count("\n", 0, match.start()) + 1, *said(match))
        for pattern, said in _TYPED_WIDE
        for match in pattern.finditer(text)
    ]
    mark = text.find("\ufeff", 1 if text.startswith("\ufeff") else 0)
    if mark >= 0:
        found.append(
            (
                text.count("\n", 0, mark) + 1,
                "a byte-order mark (U+FEFF, which no editor shows) stands inside the file, as where two files were "
                "joined",
                "delete it: retype the start of the line, or save the file again as UTF-8",
            )
        )
    before = [f for f in found if f[0] <= line]
    return max(before, key=lambda f: f[0]) if before else None


def _meant_date(year: str, month: str, day: str) -> str:
    """``year-month-day`` written YYYY-MM-DD when it is a day of the calendar, else ``YYYY-MM-DD``."""
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return "YYYY-MM-DD"


def _date_of(text: str) -> str:
    """The day a date written otherwise means, as YYYY-MM-DD: year first (``2025/6/30``), or year last with the
    day told apart from the month (``30/06/2025``, ``06/30/2025``: :func:`~fanpin.model.values.day_month_meant`, as
    an input cell's reason names it); else ``YYYY-MM-DD``: a date such as 05/06/2025 is May or June, and the fix
    had said 2025-01-01 whatever the date, another day a clerk copying it would have run the cases at."""
    first = re.fullmatch(r"\s*([0-9]{4})[^0-9]([0-9]{1,2})[^0-9]([0-9]{1,2})\s*", text)
    if first is not None:
        return _meant_date(first[1], first[2], first[3])
    meant = day_month_meant(text.strip())
    return "YYYY-MM-DD" if meant is None else meant.isoformat()


def _unclosed(exc: yaml.MarkedYAMLError) -> tuple[str, int] | None:
    """The bracket of a flow mapping or list (``{zh: 甲, en: A`` with its ``}`` left out) that YAML stopped in
    on a later line, and the line it opened on; None for any other error."""
    context, start, stop = exc.context or "", exc.context_mark, exc.problem_mark
    if start is None or stop is None or start.line >= stop.line:
        return None
    if context == "while parsing a flow mapping":
        return "{", start.line + 1
    if context == "while parsing a flow sequence":
        return "[", start.line + 1
    return None


def _not_utf8(data: bytes, exc: UnicodeDecodeError, path: Path) -> SchemaError:
    """A rule file that is not UTF-8, at the line of its first byte that is not: most often one saved as
    GBK (GB18030), as Notepad on a Chinese Windows saves a file unless told otherwise."""
    line = data.count(b"\n", 0, exc.start) + 1
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return SchemaError(
            "cannot read the file: it is saved as UTF-16 (Notepad's 'Unicode'), not UTF-8",
            fix="save it as UTF-8 (in Notepad: 另存为, 编码 UTF-8); rule files are read as UTF-8 only",
            location=Location(str(path), 1),
        )
    try:
        data.decode("gb18030")
    except UnicodeDecodeError:
        found = f"byte 0x{data[exc.start]:02X} cannot stand in UTF-8 text"
    else:
        found = "it is saved as GBK (GB18030), not UTF-8"
    return SchemaError(
        f"cannot read the file: {found}",
        fix="save it as UTF-8 (in Notepad: 另存为, 编码 UTF-8); rule files are read as UTF-8 only",
        location=Location(str(path), line),
    )


def _loader_for(path: Path) -> type[_Loader]:
    # The stream name ends up in every mark, which is how errors raised inside constructors know the file.
    class Named(_Loader):
        def __init__(self, stream: str) -> None:
            super().__init__(stream)
            self.name = str(path)

    return Named


def line_of(data: Any, loc: Sequence[int | str], *, key: bool = False) -> int:
    """The line of the deepest item of ``data`` that ``loc`` (a pydantic error location) reaches; ``key``:
    the line of the last key itself, not of what it holds (an unknown key)."""
    line = getattr(data, "line", 0)
    node = data
    for n, part in enumerate(loc):
        if isinstance(node, LineDict) and part in node:
            line = node.key_lines.get(part, line)
            if key and n == len(loc) - 1:
                break
            node = node[part]
        elif isinstance(node, LineList) and isinstance(part, int) and 0 <= part < len(node):
            line = node.item_lines[part]
            node = node[part]
        else:
            break
        line = getattr(node, "line", 0) or line
    return line


#: The most layout errors one file reports at once (each further one is found when these are mended).
MAX_LAYOUT_ERRORS = 10


def validate_yaml(model: type[M], data: Any, path: Path | str) -> M:
    """Validate ``data`` against ``model``; each error (up to :data:`MAX_LAYOUT_ERRORS`) becomes a
    :class:`SchemaError` with its line, raised alone or together in a :class:`RulebookLoadError`."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
    # A list counted too short because one of its items failed (pydantic counts the items that passed) is
    # that item's error, said already.
    errors = [e for e in errors if e["type"] != "too_short" or not any(_inside(o["loc"], e["loc"]) for o in errors)]
    # A required key left out because it is misspelt (levle: for level:) is the misspelt key's error, whose fix
    # names it: it had been told twice, the second time as "Field required" with the layout of a file as fix.
    meant = {(*e["loc"][:-1], _meant_key(e, model)) for e in errors if e["type"] == "extra_forbidden"}
    errors = [e for e in errors if e["type"] != "missing" or tuple(e["loc"]) not in meant]
    problems = sorted((_schema_error(error, model, data, path) for error in errors), key=lambda e: e.line or 0)
    _raise_all(problems, "layout mistakes", path)


def _meant_key(error: Any, model: type[BaseModel]) -> str | None:
    """The key an unknown key (``extra_forbidden``) is nearest to among the keys of its mapping, or None."""
    key = str(error["loc"][-1])
    known = _keys_at(model, error["loc"][:-1])
    return (suggest(key, known) or next((k for k in _SAID_SO.get(key, ()) if k in known), None)) if known else None


def _raise_all(problems: Sequence[ConfigError], what: str, path: Path | str) -> NoReturn:
    """``problems`` (in line order) raised: one alone, more in a :class:`RulebookLoadError`, at most
    :data:`MAX_LAYOUT_ERRORS` of them, the last then saying how many more ``what`` there are from its line on."""
    if len(problems) > MAX_LAYOUT_ERRORS:  # the first ones by line, and how many more there are
        shown, rest = problems[: MAX_LAYOUT_ERRORS - 1], problems[MAX_LAYOUT_ERRORS - 1 :]
        more = SchemaError(
            f"and {len(rest)} more {what} from this line on",
            fix="mend the ones listed and run fanpin check again",
            location=Location(str(path), rest[0].line),
        )
        problems = [*shown, more]
    raise problems[0] if len(problems) == 1 else RulebookLoadError(problems)


def _inside(loc: Sequence[int | str], outer: Sequence[int | str]) -> bool:
    return len(loc) > len(outer) and tuple(loc[: len(outer)]) == tuple(outer)


#: The shape of a rule's or a measure's id (:data:`fanpin.rulebook.schema.RuleId`).
RULE_ID_PATTERN = r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$"
#: A data check's code (``codes:``): the national checkers' own, digits in groups joined by ``_`` (``1_02_006``).
CHECK_CODE_PATTERN = r"^[0-9][0-9_]*$"


def _schema_error(error: Any, model: type[BaseModel], data: Any, path: Path | str) -> SchemaError:
    where = ".".join(str(p) for p in error["loc"]) or "(top level)"
    fix = _fix(error["loc"], model.__name__, error["msg"])
    key = next((str(part) for part in reversed(error["loc"]) if isinstance(part, str)), "")
    if error["type"] == "string_type" and isinstance(error.get("input"), bool):
        word = _yes_no_written(path, line_of(data, error["loc"]), key or "name")
        fix = (
            "quote it: YAML reads an unquoted yes, no, on, off, true or false as a yes/no value, not as text "
            f'({key or "name"}: "{word}")'
        )
    elif error["type"] == "string_type" and isinstance(error.get("input"), int | float) and key not in _FIXES:
        # a check code (1_01_002 is 101002 to YAML, its _ a digit separator), a name or a title of digits
        fix = f'quote it: YAML reads it unquoted as the number {error["input"]}, not as text (write it in quotes: "…")'
    elif error["type"] == "extra_forbidden":  # an unknown key: the nearest key of its mapping
        near = _meant_key(error, model)
        if near is not None:
            fix = f"did you mean {near}?"
    elif error["type"] == "literal_error":  # a word outside its list (expect: fire)
        allowed = re.findall(r"'([^']*)'", str(error.get("ctx", {}).get("expected", "")))
        written = str(error.get("input"))
        meant = _WORDS_MEANT.get(key, {}).get(written.strip().lower())
        near = meant if meant in allowed else suggest(written, allowed) if allowed else None
        if near is not None:
            fix = f"did you mean {near}?"
    elif error["type"] == "tuple_type" and isinstance(error.get("input"), str):  # disable: one.rule
        # written in an input method's brackets (【monitoring.home_visit】), the list holds what is inside them
        items = re.sub(r"\s*[，、]\s*", ", ", error["input"].strip().lstrip("【\uff3b").rstrip("】\uff3d"))
        fix = f"write a list, even of one item: {key}: [{items}]"
    elif error["msg"] == "Value error, is blank" and key not in _FIXES:  # only spaces, full-width ones too
        named = ".".join(str(p) for p in error["loc"][-2:]) if key in ("zh", "en") else key  # title.en
        fix = f"write the {named}: it holds only spaces"
    # an unknown key is reported at its own line, not at the line of what it holds; a parameter's value
    # refused by a check of the whole parameter at the line of the value's key that is wrong (its from for
    # two values from one day, its value for a part of a fen), whether written in braces or as a block
    ctx = (error.get("ctx") or {}) if error["type"] == AT_VALUE else {}
    at_value = ctx.get("at_value")
    loc = [*error["loc"], "values", at_value, ctx.get("at_key")] if isinstance(at_value, int) else error["loc"]
    line = line_of(data, loc, key=error["type"] == "extra_forbidden")
    # pydantic names the model a mapping is read into (instance of RuleSpec): a name of fanpin's code
    said = "Input should be a mapping (key: value)" if error["type"] in ("model_type", "dict_type") else error["msg"]
    said, fix = _in_own_words(error, key, said, fix)
    return SchemaError(f"{where}: {said.removeprefix('Value error, ')}", fix=fix, location=Location(str(path), line))


#: A word YAML reads as a yes/no value, after its key on a line (``name: on``, ``{name: Off, …}``).
_YES_NO_WORD = r"(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)"


def _yes_no_written(path: Path | str, line: int, key: str) -> str:
    """The word written after ``key`` on ``line`` of the file at ``path`` that YAML read as a yes/no value, for
    the fix to quote it as it stands (a case named ``on`` had been told to write ``name: "yes"``); ``yes`` when
    the file or the word cannot be read again."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig").splitlines()[line - 1] if line > 0 else ""
    except (OSError, UnicodeError, IndexError, ValueError):
        return "yes"
    found = re.search(rf"(?:^|[\s{{,-]){re.escape(key)}\s*:\s*{_YES_NO_WORD}\s*(?:$|[,}}#])", text)
    return found.group(1) if found else "yes"


def _in_own_words(error: Any, key: str, said: str, fix: str) -> tuple[str, str]:
    """pydantic's words where a rule author would not follow them (a regular expression, "Datetimes
    provided to dates should have zero time"), said of what was written."""
    given, kind, ctx = error.get("input"), error["type"], error.get("ctx") or {}
    if given is None and key and kind.endswith("_type"):  # `when:` or `rules:` with nothing after it
        if key == "when":  # a rule's one key that cannot be left out
            return (
                "nothing is written after when:",
                "write the rule's condition: when: income_per_capita < monitoring_line",
            )
        return (
            f"nothing is written after {key}:",
            fix if key in _FIXES else f"write what {key} holds after it (rules/README.md), or delete the key",
        )
    if kind == "string_type" and key == "region" and isinstance(given, int) and not isinstance(given, bool):
        # region: 532328 unquoted: "Input should be a valid string" had not said what was wrong with it
        return f"region {given} is written without quotes: YAML reads it as the number {given}, not as a code", fix
    if kind == "decimal_type" and isinstance(given, bool):  # value: yes
        return "YAML reads it as a yes/no value (yes, no, on, off, true or false), not as a number", fix
    if kind == "decimal_max_digits":  # value: 99999999999999999999999
        return f"{given} is too long: at most 12 digits before the point and 6 after", fix
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == RULE_ID_PATTERN:
        return (
            f"{given!r} is not an id: words of lowercase letters, digits and _, joined by dots",
            "write an id like local.low_income (words of a-z, 0-9 and _, the first starting with a letter)",
        )
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == CHECK_CODE_PATTERN:  # codes: {"X01": …}
        return (
            f"{given!r} is not a check code: the national checks' codes are digits, their groups joined by _ "
            "(1_02_006)",
            "write the national check's code, e.g. 1_02_006",
        )
    digits = str(given)
    if kind == "date_from_datetime_inexact" and (isinstance(given, int) or digits.isdigit()):  # from: 20250501
        as_date = _meant_date(digits[:4], digits[4:6], digits[6:]) if len(digits) == 8 else "YYYY-MM-DD"
        return f"{given!r} is read as a number, not as a date", f"write the date as YYYY-MM-DD: {key}: {as_date}"
    if kind in ("date_from_datetime_parsing", "date_parsing", "date_from_datetime_inexact") and isinstance(given, str):
        # written day or month first (30/6/2025): the reason an input cell so written is given
        day_month = day_month_reason(given.strip())
        said = f"{given!r} is {day_month}" if day_month else f"{given!r} is not a date written YYYY-MM-DD"
        return said, f"write the date as YYYY-MM-DD: {key}: {_date_of(given)}"
    number = format(Decimal(repr(given)), "f") if isinstance(given, float) else given  # 1e-07 as 0.0000001
    if kind == "decimal_whole_digits" and "whole_digits" in ctx:
        return f"{number} has more than {ctx['whole_digits']} digits before the decimal point", fix
    if kind == "decimal_max_places" and "decimal_places" in ctx:
        return f"{number} has more than {ctx['decimal_places']} decimal places", fix
    # "Tuple should have at least 3 items after validation, not 1": a type of fanpin's code, and a step of it
    if kind == "too_short" and key == "cases":
        return f"a rule needs at least {ctx.get('min_length')} cases, and this one has {ctx.get('actual_length')}", fix
    if kind == "too_short" and key == "values":
        return "a parameter needs at least one value, and its values list is empty", (
            'give it its values: values: [{region: "", from: 2025-01-01, value: 8700, source: …}]'
        )
    return said, fix


def _keys_at(model: type[BaseModel], loc: Sequence[int | str]) -> list[str]:
    """The keys the model accepts at ``loc`` (a pydantic location), followed through its fields; a list's
    index, or a key of a mapping of models (``parameters: {name: …}``), stays at the same model."""
    current: Any = model
    for part in loc:
        if not _is_model(current):
            return []
        field = current.model_fields.get(str(part)) if isinstance(part, str) else None
        if field is not None:
            current = _inner_model(field.annotation)
    return [f.alias or name for name, f in current.model_fields.items()] if _is_model(current) else []


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _inner_model(annotation: Any) -> Any:
    """The model inside ``tuple[Model, ...]``, ``dict[str, Model]``, ``Model | None``; else the annotation."""
    if _is_model(annotation):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        inner = _inner_model(arg)
        if _is_model(inner):
            return inner
    return annotation


#: Keys written as another word for one the file knows (``to: 2026-01-01`` for ``until``), which spelling alone
#: does not find: proposed when the mapping has that key.
_SAID_SO = {
    "to": ("until",),
    "till": ("until",),
    "end": ("until",),
    "ends": ("until",),
    "start": ("from",),
    "starts": ("from",),
    "since": ("from",),
    "begin": ("from",),
    "amount": ("value",),
    "threshold": ("value",),
}

#: What to write instead, by the key a schema error is about (the last key of its location).
_FIXES = {
    "region": (
        "write the code of a province, prefecture, county, township or village (2, 4, 6, 9 or 12 digits: "
        '省/市/县/乡/村) in quotes, as ASCII digits: region: "532328" (a leading 0 is kept only so), or "" for '
        "the whole country"
    ),
    "value": (
        "write a number of at least 0, as digits with at most one point, at most 12 digits before it and 6 after, "
        "in the parameter's unit: money in 元 below 10^12 (value: 8700), a ratio as a fraction to the millionth "
        "(30 % is value: 0.3)"
    ),
    "from": "write a date as YYYY-MM-DD: from: 2025-01-01",
    "until": "write a date as YYYY-MM-DD after from (until is the first day the value no longer applies)",
    "as_of": "write a date as YYYY-MM-DD: as_of: 2025-06-30",
    "deadline_days": "write a whole number of days from 1 to 366",
    "source": (
        "write where the value comes from, e.g. source: 云农办通〔2025〕1号, or say that no official figure "
        "exists: source: 地方实践，无官方标准"
    ),
    "cases": "give the rule at least three cases: one that fires, one that stays silent and one not "
    'evaluable (rules/README.md, "Writing and testing a local rule")',
}


def _fix(loc: Sequence[int | str], model: str, message: str = "") -> str:
    key = next((str(part) for part in reversed(loc) if isinstance(part, str)), "")
    if "is not after from" in message:  # a parameter value's until before its from: the value's own error
        return _FIXES["until"]
    if "names no measure" in message:  # a rule of level yellow or above without measures
        return "name the measures its households need (measures: [monitoring.home_visit]), or give it level: info"
    if "is written with an exponent" in message:  # the message gives the digits to write
        return "write the value as the digits the message gives, with at most one point"
    if "is written with full-width digits" in message:  # the message gives the digits to write
        return "write the value as the digits the message gives, with at most one point"
    if "is a time, not a day" in message:  # a from or until with a time of day: the message gives the day
        return "write the day the message gives, as YYYY-MM-DD"
    if "holds a unit or a currency sign" in message or "groups its thousands with commas" in message:
        return "write the number the message gives, in the parameter's unit (its unit: line)"
    if "is a percentage" in message:  # the message gives the fraction to write
        return "write the value as the fraction the message gives"
    if "has a part of a fen" in message:  # a money parameter's value, checked with the parameter's unit
        return "write the value in 元 with at most two decimals (value: 8700.50)"
    if "not both" in message:  # a measure marked development and welfare
        return "keep development: true for a measure that needs labour (jobs, projects), or welfare: true for 兜底"
    if "is not whole" in message:  # a count's, days', months' or years' value, checked with the unit
        return "write a whole number (value: 6), or give the parameter the unit it is in"
    if "two values for region" in message:  # a parameter's two values from one day: which is meant is not told
        return "keep one of the two values for that region and day, or start the later one on the day it applies"
    if len(loc) == 2 and loc[0] == "conditions":  # a named condition written as its condition alone
        return f"write the named condition with a label and its condition: {loc[1]}: {{label: …, when: …}}"
    # a title is given in both languages (title: 大家庭, one text, had been sent to the README's layout)
    if (loc[-2:-1] == ("title",) and key in ("zh", "en")) or (key == "title" and "rules" in loc):
        return "give the title in both languages: title: {zh: 中文标题, en: English title}"
    if key == "region" and ("cases" in loc or "case_defaults" in loc):  # a case is one household's region
        return _CASE_REGION_FIX
    return _FIXES.get(key, f"see rules/README.md for the layout of a {_FILES.get(model, model)} file")


#: A case's (or case_defaults') region: the code of a household's region, never "" (the whole country).
_CASE_REGION_FIX = (
    "write the code of the region the cases are evaluated in (2, 4, 6, 9 or 12 digits: 省/市/县/乡/村) in "
    'quotes, as ASCII digits: region: "532328"'
)


#: A parameter's unit written as another word for one fanpin knows (``unit: percent``, ``unit: 元``), which
#: spelling alone does not find (percent was taken for count): proposed when the list holds it.
_UNIT_WORDS = {
    "percent": "ratio",
    "percentage": "ratio",
    "pct": "ratio",
    "%": "ratio",
    "fraction": "ratio",
    "比例": "ratio",
    "百分比": "ratio",
    "元": "money",
    "yuan": "money",
    "rmb": "money",
    "cny": "money",
    "金额": "money",
    "人": "count",
    "个": "count",
    "number": "count",
    "天": "days",
    "日": "days",
    "day": "days",
    "月": "months",
    "个月": "months",
    "month": "months",
    "年": "years",
    "岁": "years",
    "year": "years",
    "亩": "mu",
    "平方米": "square_metres",
    "m2": "square_metres",
    "㎡": "square_metres",
    "公里": "km",
    "千米": "km",
}

#: The word of a key's list that another word, a Chinese one most often, means: ``unit: 元`` is money,
#: ``level: 黄色`` yellow, ``expect: 触发`` fires (told "see rules/README.md for the layout" alone).
_WORDS_MEANT: dict[str, dict[str, str]] = {
    "unit": _UNIT_WORDS,
    "level": {"红色": "red", "红": "red", "橙色": "orange", "橙": "orange", "黄色": "yellow", "黄": "yellow",
              "蓝色": "info", "提示": "info", "信息": "info"},
    "expect": {"触发": "fires", "预警": "fires", "命中": "fires", "不触发": "silent", "未触发": "silent",
               "不预警": "silent", "无法判断": "not_evaluable", "无法评估": "not_evaluable", "缺数据": "not_evaluable",
               "fire": "fires", "silence": "silent", "unknown": "not_evaluable", "not evaluable": "not_evaluable"},
}  # fmt: skip


#: A file's model by the words a message names it with.
_FILES = {"RulesFile": "rules"}
