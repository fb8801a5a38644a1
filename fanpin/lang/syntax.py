"""The rule language: a small expression language over household facts and parameters.

A condition is text such as ``income_per_capita < near_line_multiple * monitoring_line and not dropout``.
fanpin parses it itself (a tokenizer and a recursive-descent parser, never ``eval``): there is no
attribute access, no indexing, no lambda, and no call other than the fixed functions in
:data:`FUNCTIONS`. The parser yields the untyped tree below; :mod:`fanpin.lang.typecheck` resolves names
against the fact catalogue and the parameters and infers units.

Grammar (lowest precedence first)::

    condition := or
    or        := and ("or" and)*
    and       := not ("and" not)*
    not       := "not" not | test
    test      := sum (CMP sum | ["not"] "in" set | "contains" (STRING | set) | "is" ["not"] ("missing" | "empty"))?
    sum       := product (("+" | "-") product)*
    product   := unary (("*" | "/") unary)*
    unary     := "-" unary | atom
    atom      := NUMBER | STRING | MONTH | DATE | "true" | "false" | NAME | NAME "(" sum ("," sum)* ")"
               | QUANT "(" "members" ["," or] ")" | "(" or ")"
    QUANT     := "any" | "all" | "count" | "share"

``any(members, c)`` and ``all(members, c)`` are tests; ``count(members, c)``, ``share(members, c)`` and
``count(members)`` are numbers. ``c`` is a *member condition*: it reads one person's facts.
    set       := "{" literal ("," literal)* "}"
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal

from fanpin.errors import Location, RuleSyntaxError, suggest
from fanpin.model.values import INVISIBLE_CHARACTER, half_width, plain_number, visible

__all__ = [
    "COMPARISONS",
    "FUNCTIONS",
    "KEYWORDS",
    "MAX_CONDITION_CHARS",
    "MAX_DECIMALS",
    "MAX_DIGITS",
    "MAX_NESTING",
    "QUANTIFIERS",
    "TEXT_PATTERNS",
    "TEXT_TESTS",
    "And",
    "Arith",
    "Call",
    "Compare",
    "Const",
    "Contains",
    "Empty",
    "In",
    "Missing",
    "MonthLiteral",
    "Name",
    "Neg",
    "Node",
    "Not",
    "Or",
    "Quantifier",
    "one_line",
    "parse_condition",
]

COMPARISONS = ("<", "<=", ">", ">=", "==", "!=")
#: name → (minimum arguments, maximum arguments, description)
FUNCTIONS: dict[str, tuple[int, int, str]] = {
    "min": (2, 8, "smallest of the values"),
    "max": (2, 8, "largest of the values"),
    "abs": (1, 1, "absolute value"),
    "coalesce": (2, 8, "first known value (e.g. coalesce(public_job_income, 0))"),
    "months_since": (1, 1, "whole months from a YYYYMM month to as_of"),
    "months_between": (2, 2, "whole months from the first YYYYMM month to the second"),
    "days_until": (1, 1, "days from as_of to a date (negative when past)"),
    "age_on": (1, 1, "a member's age in full years on a date (age_on(2024-12-31)); age is age_on(as_of)"),
    "length": (1, 1, "characters in a text fact"),
    "starts_with": (2, 2, 'a test: the text fact starts with the quoted text (starts_with(work_place, "云南"))'),
    "ends_with": (2, 2, "a test: the text fact ends with the quoted text"),
    "matches": (2, 2, 'a test: the text fact has a fixed shape, "digits" or "mobile" (a mobile phone number)'),
}
#: The shapes ``matches`` knows (no rule writes its own regular expression): name → pattern, the same
#: for Python's ``re.fullmatch`` and polars' anchored regex.
TEXT_PATTERNS: dict[str, str] = {"digits": "[0-9]+", "mobile": "1[3-9][0-9]{9}"}
#: The functions that are tests (yes/no), not values.
TEXT_TESTS = ("starts_with", "ends_with", "matches")
#: Quantifiers over a household's members: name → (needs a member condition, description).
QUANTIFIERS: dict[str, tuple[bool, str]] = {
    "any": (True, "some member satisfies the condition"),
    "all": (True, "every member satisfies it (true for a household with no member rows)"),
    "count": (False, "how many members satisfy it (count(members): how many member rows)"),
    "share": (True, "the share of members that satisfy it (count ÷ number of members)"),
}


@dataclass(frozen=True)
class Node:
    pos: int


@dataclass(frozen=True)
class Const(Node):
    value: Decimal | str | bool | MonthLiteral | date


@dataclass(frozen=True)
class MonthLiteral:
    """``2022-04``: a calendar month, compared with month facts (识别监测时间 …)."""

    year: int
    month: int


@dataclass(frozen=True)
class Name(Node):
    name: str


@dataclass(frozen=True)
class Neg(Node):
    operand: Node


@dataclass(frozen=True)
class Arith(Node):
    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Call(Node):
    function: str
    args: tuple[Node, ...]


@dataclass(frozen=True)
class Quantifier(Node):
    """``any(members, c)``, ``all(…)``, ``count(…)``, ``share(…)``; ``condition`` None for ``count(members)``."""

    kind: str
    condition: Node | None
    #: the member condition's text, as written (explanations and labels show it)
    text: str


@dataclass(frozen=True)
class Compare(Node):
    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class In(Node):
    operand: Node
    values: tuple[Const, ...]
    negated: bool


@dataclass(frozen=True)
class Missing(Node):
    operand: Node
    negated: bool


@dataclass(frozen=True)
class Contains(Node):
    """``risks contains "因病"``; with several values, ``risks contains {"因病", "因残"}`` (any of them)."""

    operand: Node
    values: tuple[Const, ...]


@dataclass(frozen=True)
class Empty(Node):
    """``risks is empty`` / ``risks is not empty``."""

    operand: Node
    negated: bool


@dataclass(frozen=True)
class Not(Node):
    operand: Node


@dataclass(frozen=True)
class And(Node):
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Or(Node):
    items: tuple[Node, ...]


_TOKEN = re.compile(
    r"""\s*(?:
      (?P<date>\d{4}-\d{2}-\d{2}\b)
    | (?P<month>\d{4}-\d{2}\b)
    | (?P<number>\d+(?:\.\d+)?)
    | (?P<string>"[^"\n]*"|'[^'\n]*')
    | (?P<name>[^\W\d]\w*)
    | (?P<op><=|>=|==|!=|<|>|\+|-|\*|/|\(|\)|\{|\}|,)
    )""",
    re.VERBOSE,
)
_KEYWORDS = {"and", "or", "not", "in", "is", "missing", "empty", "contains", "true", "false"}
#: The words of the rule language: no parameter or named condition may be called by one.
KEYWORDS = frozenset(_KEYWORDS)


@dataclass(frozen=True)
class _Token:
    kind: str  # number | string | name | op | keyword | end
    text: str
    pos: int


def one_line(text: str) -> str:
    r"""A condition as messages quote it: on one line (a block scalar's lines joined by spaces, as YAML folds
    them).

    >>> one_line("  a < 1\n  and b > 2 ")
    'a < 1 and b > 2'
    """
    return " ".join(text.split())


#: A number as an author may write it beyond the language's digits and point: 1e3, 8_700 (a thousands comma,
#: 8,700, is found among the tokens: :func:`_check_grouped`).
_WRITTEN_NUMBER = re.compile(r"[0-9][0-9_]*(?:\.[0-9_]+)?(?:[eE][-+]?[0-9]+)?")


def _tokenize(text: str, location: Location) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            start = len(text) - len(text[pos:].lstrip())
            bad = text[start]
            hint = {
                "=": "write == to compare",
                "≥": "write >=",
                "≤": "write <=",
                "≠": "write !=",
                "&": "write and",
                "|": "write or",
                "!": "write not, or != to compare",
                ".": "attribute access is not part of the rule language",
                "[": 'write a set of values in braces, e.g. purpose in {"种植", "养殖"}; indexing is not part '
                "of the rule language",
            }.get(bad, "only facts, parameters, numbers, quoted text and the operators of rules/README.md")
            dotted = next((m for m in _DOTTED_DATE.finditer(text) if m.start() < start < m.end()), None)
            if bad in _FULL_WIDTH:
                hint = _in_ascii(text)
            elif dotted is not None:  # 2025.1.1, as the export may write a date
                year, month, day = (int(part) for part in dotted.groups())
                hint = f"write a date as YYYY-MM-DD: {year:04d}-{month:02d}-{day:02d}"
            elif _BARE_POINT.match(text, start) is not None:  # 1. or .5
                hint = "write a number with digits on both sides of its point, e.g. 1.0 or 0.5"
            elif text.startswith(("=>", "=<"), start):  # the comparison's signs the other way round
                hint = f"write {text[start + 1]}="
            column = start - text.rfind("\n", 0, start)  # 1-based, on the line where the character stands
            raise _error(f"unexpected character {bad!r} at column {column}", hint, text, start, location)
        group = match.lastgroup or "op"
        value = match.group(group)
        if group in ("number", "date", "month") and not value.isascii():  # \d reads every script's digits
            first = next(i for i, c in enumerate(value) if not c.isascii())
            raise _not_ascii_digit(text, match.start(group) + first, location)
        kind = "keyword" if group == "name" and value in _KEYWORDS else group
        tokens.append(_Token(kind, value, match.start(group)))
        pos = match.end()
    tokens.append(_Token("end", "", len(text)))
    return tokens


#: A quoted text of a condition, which keeps the digits it holds (a fix writes the others half-width).
_QUOTED = re.compile(r"\"[^\"\n]*\"|'[^'\n]*'")


def _not_ascii_digit(text: str, at: int, location: Location) -> RuleSyntaxError:
    """The error of a number (a date, a month) of a condition written with a digit that is not ASCII, at ``at``:
    a full-width one (``income < 8700`` typed by an input method in its full-width mode), which Python's patterns
    and ``Decimal`` read as its digit, where a parameter's value or a case's fact so written is refused. Its fix is
    the condition with its digits (and the full-width signs beside them) written half-width, outside its quoted
    texts."""
    char = text[at]
    column = at - text.rfind("\n", 0, at)
    found: list[str] = []

    def ascii_digits(part: str) -> str:
        found.extend(c for c in part if (c.isdigit() and not c.isascii()) or half_width(c) != c)
        return "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in half_width(part))

    pieces = _QUOTED.split(text)
    quoted = _QUOTED.findall(text)
    fixed = "".join(ascii_digits(p) + (quoted[i] if i < len(quoted) else "") for i, p in enumerate(pieces))
    shown = " ".join(dict.fromkeys(found))
    return _error(
        f"the digit {char} at column {column} is not a half-width digit: a condition reads the digits 0 to 9 only",
        f"write the digits half-width (an input method in its full-width mode types {shown}): {one_line(fixed)}",
        text,
        at,
        location,
    )


#: Punctuation a Chinese input method writes for the language's ASCII: the full-width forms of >=, (), a comma
#: and ! (U+FF01 to U+FF5E), and curly quotes.
_FULL_WIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F) if not chr(c - 0xFEE0).isalnum()} | {
    "\u201c": '"',
    "\u201d": '"',
    "\u2018": "'",
    "\u2019": "'",
    "\u3001": ",",
}


#: Words a Chinese writer joins tests with, outside quoted texts: the language's ``and`` and ``or`` (the fix had
#: kept them, and failed on the next run).
_CHINESE_LOGIC = {"并且": "and", "而且": "and", "且": "and", "或者": "or", "或": "or"}
#: Punctuation that ends a sentence, not a condition: dropped where it ends the condition (``labor_count >= 2，``
#: had been fixed as ``labor_count >= 2,``, which failed on the next run).
_SENTENCE_END = frozenset("\uff0c\uff1b\u3002\u3001")


def _in_ascii(text: str) -> str:
    """The fix for full-width punctuation: every such character outside the quoted texts written in ASCII,
    the whole condition at once (fixing one character, the > of a full-width >=, ran into the next), and a
    lone full-width = as ==; 且 and 或 as ``and`` and ``or``, and a comma or full stop that ends the condition
    left out. A quoted text keeps what it holds; its curly quotes become straight ones."""
    out: list[str] = []
    found: list[str] = []
    pos = 0
    while pos < len(text):
        char = text[pos]
        close = {'"': '"', "'": "'", "\u201c": "\u201d\u201c", "\u2018": "\u2019\u2018"}.get(char)
        if close is not None:  # a quoted text, kept as written
            end = min((i for i in (text.find(c, pos + 1) for c in close) if i >= 0), default=len(text))
            quote = _FULL_WIDTH.get(char, char)
            out.append(quote + text[pos + 1 : end] + quote)
            found += [c for c in (char, text[end : end + 1]) if c in _FULL_WIDTH]
            pos = end + 1
            continue
        word = next((w for w in _CHINESE_LOGIC if text.startswith(w, pos)), None)
        if word is not None:  # 且, 或: the words the language writes, between spaces
            out.append(f" {_CHINESE_LOGIC[word]} ")
            found.append(word)
            pos += len(word)
            continue
        if char in _SENTENCE_END and not text[pos + 1 :].strip():  # a comma ending the condition: no part of it
            found.append(char)
            pos += 1
            continue
        ascii_char = _FULL_WIDTH.get(char, char)
        before = out[-1][-1:] if out else ""
        if char == "\uff1d" and before not in ("<", ">", "!", "=") and text[pos + 1 : pos + 2] not in ("=", "\uff1d"):
            ascii_char = "=="  # a lone full-width = compares
        if char in _FULL_WIDTH:
            found.append(char)
        out.append(ascii_char)
        pos += 1
    shown = " ".join(dict.fromkeys(found))
    fixed = one_line("".join(out))
    written = fixed if len(fixed) <= 300 else ", ".join(f"{_FULL_WIDTH[c]} for {c}" for c in dict.fromkeys(found))
    return f"write ASCII punctuation (a Chinese input method writes {shown}): {written}"


#: A number's point without a digit on one side (``1.``, ``.5``), where the tokenizer stops.
_BARE_POINT = re.compile(r"(?<=\d)\.(?!\d)|\.(?=\d)")
#: A date written with points (2025.1.1, 2025.01.01), as the export may write one.
_DOTTED_DATE = re.compile(r"(?<![\d.])([0-9]{4})\.([0-9]{1,2})\.([0-9]{1,2})(?![\d.])")


def _error(message: str, fix: str, text: str, pos: int, location: Location) -> RuleSyntaxError:
    line = location.line + text.count("\n", 0, pos) if location.line else 0
    where = Location(location.path, line)
    return RuleSyntaxError(f"{message} in condition {one_line(text)!r}", fix=fix, location=where)


#: A join written in Chinese, and the word of the language it means.
_JOINS = {"且": "and", "并且": "and", "而且": "and", "和": "and", "与": "and", "或": "or", "或者": "or"}

#: The fix where a bracket is missing.
_EXPECTED_FIX = {
    ")": "write the ) that closes the ( opened before it",
    "}": "write the } that closes the { opened before it",
    "{": 'write the values of in as a set in braces: x in {"a", "b"}',
    "(": "write a member condition as any(members, …), all(members, …) or count(members, …)",
}


class _Parser:
    def __init__(self, text: str, location: Location) -> None:
        self.text = text
        self.location = location
        self.tokens = _tokenize(text, location)
        _check_tokens(self.tokens, text, location)
        self.index = 0

    @property
    def current(self) -> _Token:
        return self.tokens[self.index]

    def fail(self, message: str, fix: str = "") -> RuleSyntaxError:
        token = self.current
        found = "the end of the condition" if token.kind == "end" else repr(token.text)
        return _error(f"{message}, found {found}", fix, self.text, token.pos, self.location)

    def accept(self, *texts: str) -> _Token | None:
        token = self.current
        if token.kind in ("op", "keyword") and token.text in texts:
            self.index += 1
            return token
        return None

    def expect(self, text: str) -> _Token:
        token = self.accept(text)
        if token is None:
            raise self.fail(f"expected {text!r}", _EXPECTED_FIX[text])
        return token

    def parse(self) -> Node:
        node = self.parse_or()
        if self.current.kind != "end":
            raise self.fail(
                "expected and / or / the end of the condition",
                self._number_fix() or self._join_fix() or "join tests with and / or",
            )
        return node

    def _join_fix(self) -> str:
        """The fix when what stops the condition is a join written otherwise: ``AND``, 且, 或, ``between``
        (each had been told "join tests with and / or", though the author had joined them)."""
        word = self.current.text
        if word.lower() in ("and", "or"):
            return f"write {word.lower()} (in lowercase)"
        if word in _JOINS:
            return f"write {_JOINS[word]}"
        if word.lower() != "between":
            return ""
        after = [t.text for t in self.tokens[self.index + 1 : self.index + 4]]
        previous = self.tokens[self.index - 1] if self.index else None
        if previous is not None and previous.kind == "name" and len(after) == 3 and after[1] == "and":
            term, low, high = previous.text, after[0], after[2]
        else:
            term, low, high = "x", "low", "high"
        return f"write a range as two tests: {term} >= {low} and {term} <= {high} (or < for an end left out)"

    def _number_fix(self) -> str:
        """The fix when what stops the condition is the rest of a number written otherwise than plainly:
        ``1e3`` (an exponent), ``8_700``, ``0x10``, or a unit after it (``8700元``, ``1万``)."""
        previous = self.tokens[self.index - 1] if self.index else None
        if previous is None or previous.kind != "number":
            return ""
        unit = self.current.text
        if unit in ("元", "万", "万元", "亩", "岁", "人", "个月", "月", "天"):  # a unit after the number (8700元)
            times = 10_000 if unit.startswith("万") else 1
            plain = format((Decimal(previous.text) * times).normalize(), "f")
            return f"write the number alone, {plain}: a threshold takes the unit of the fact it is compared with"
        if previous.text == "0" and unit[:1] in ("x", "X", "b", "B", "o", "O"):  # 0x10: no other base is read
            return "write the number in decimal digits"
        written = _WRITTEN_NUMBER.match(self.text, previous.pos)
        if written is None or written.end() <= previous.pos + len(previous.text):
            return ""
        number = written.group().replace("_", "")
        try:
            digits = plain_number(Decimal(number))
        except ArithmeticError:
            return ""
        # A long run of digits would be masked in the message as a person's number may be (1e17 as
        # 1000**********0000): said in words (values.plain_number: "1 followed by 17 zeros"), or not at all.
        if digits is not None:
            return f"write the number {written.group()} as digits with at most one point: {digits}"
        return f"write the number {written.group()} as digits with at most one point, without an exponent"

    def parse_or(self) -> Node:
        first = self.parse_and()
        items = [first]
        while self.accept("or"):
            items.append(self.parse_and())
        return first if len(items) == 1 else Or(first.pos, tuple(items))

    def parse_and(self) -> Node:
        first = self.parse_not()
        items = [first]
        while self.accept("and"):
            items.append(self.parse_not())
        return first if len(items) == 1 else And(first.pos, tuple(items))

    def parse_not(self) -> Node:
        token = self.accept("not")
        if token:
            return Not(token.pos, self.parse_not())
        return self.parse_test()

    def parse_test(self) -> Node:
        left = self.parse_sum()
        token = self.current
        if token.kind == "op" and token.text in COMPARISONS:
            self.index += 1
            return Compare(token.pos, token.text, left, self.parse_sum())
        if self.accept("is"):
            negated = self.accept("not") is not None
            if self.accept("empty"):
                return Empty(token.pos, left, negated)
            if not self.accept("missing"):
                raise self.fail(
                    "expected 'missing' or 'empty' after 'is'",
                    "write: x is missing / x is not missing, or for a set: risks is empty",
                )
            return Missing(token.pos, left, negated)
        if self.accept("contains"):
            values = self.parse_set() if self.current.text == "{" else (self.parse_literal(),)
            return Contains(token.pos, left, values)
        negated = False
        if token.kind == "keyword" and token.text == "not" and self.tokens[self.index + 1].text == "in":
            self.index += 1
            negated = True
        if self.accept("in"):
            return In(token.pos, left, self.parse_set(), negated)
        return left

    def parse_set(self) -> tuple[Const, ...]:
        self.expect("{")
        values = [self.parse_literal()]
        while self.accept(","):
            values.append(self.parse_literal())
        self.expect("}")
        return tuple(values)

    def parse_literal(self) -> Const:
        token = self.current
        if token.kind in ("number", "string"):
            self.index += 1
            value: Decimal | str = Decimal(token.text) if token.kind == "number" else token.text[1:-1]
            return Const(token.pos, value)
        raise self.fail("expected a number or quoted text in the set", 'e.g. loan_purpose in {"建房", "治病"}')

    def parse_sum(self) -> Node:
        node = self.parse_product()
        while token := self.accept("+", "-"):
            node = Arith(token.pos, token.text, node, self.parse_product())
        return node

    def parse_product(self) -> Node:
        node = self.parse_unary()
        while token := self.accept("*", "/"):
            node = Arith(token.pos, token.text, node, self.parse_unary())
        return node

    def parse_unary(self) -> Node:
        token = self.accept("-")
        if token:
            return Neg(token.pos, self.parse_unary())
        return self.parse_atom()

    def parse_atom(self) -> Node:
        token = self.current
        if token.kind == "number":
            self.index += 1
            return Const(token.pos, Decimal(token.text))
        if token.kind in ("month", "date"):
            self.index += 1
            return Const(token.pos, self.calendar(token))
        if token.kind == "string":
            self.index += 1
            return Const(token.pos, token.text[1:-1])
        if token.kind == "keyword" and token.text in ("true", "false"):
            self.index += 1
            return Const(token.pos, token.text == "true")
        if token.kind == "name":
            self.index += 1
            if token.text in QUANTIFIERS and self.current.text == "(" and self.tokens[self.index + 1].text == "members":
                return self.parse_quantifier(token)
            if self.accept("("):
                return self.parse_call(token)
            return Name(token.pos, token.text)
        if self.accept("("):
            node = self.parse_or()
            self.expect(")")
            return node
        raise self.fail(
            "expected a fact, a parameter, a number or '('",
            "complete the test: a fact, a parameter or a number after each operator (and / or joins two tests)",
        )

    def calendar(self, token: _Token) -> MonthLiteral | date:
        """``2022-04`` (a month) or ``2025-06-30`` (a date), checked to be a real one."""
        year, month, *day = (int(part) for part in token.text.split("-"))
        try:
            if day:
                return date(year, month, day[0])
            if 1 <= month <= 12 and year >= 1:
                return MonthLiteral(year, month)
        except ValueError:
            pass
        raise _error(
            f"{token.text} is not a calendar {'date' if day else 'month'}",
            "write a month as YYYY-MM (2022-04) and a date as YYYY-MM-DD (2025-06-30)",
            self.text,
            token.pos,
            self.location,
        )

    def parse_quantifier(self, name: _Token) -> Quantifier:
        self.expect("(")
        self.index += 1  # "members", seen by parse_atom
        condition: Node | None = None
        text = ""
        if self.accept(","):
            start = self.current.pos
            condition = self.parse_or()
            text = self.text[start : self.current.pos].strip()
        elif QUANTIFIERS[name.text][0]:
            raise self.fail(
                f"{name.text}(members, …) needs a member condition",
                f"e.g. {name.text}(members, age >= 60)",
            )
        self.expect(")")
        return Quantifier(name.pos, name.text, condition, text)

    def parse_call(self, name: _Token) -> Call:
        if name.text in QUANTIFIERS:  # any(member, …): not followed by the word members (parse_atom)
            found = self.current.text if self.current.kind != "end" else "the end of the condition"
            raise _error(
                f"{name.text}(…) reads the members: its first word is members, not {found}",
                f"write {name.text}(members, …)",
                self.text,
                name.pos,
                self.location,
            )
        if name.text not in FUNCTIONS:
            # The quantifiers too, and the nearest name (any for anyy or Any): the list alone had lacked any,
            # all, count and share, and told one who wrote anyy(members, …) nothing of the word meant.
            known = ", ".join(sorted(FUNCTIONS))
            listed = f"the functions are {known}, and over the members all, any, count and share (any(members, …))"
            names = [*FUNCTIONS, *QUANTIFIERS]
            near = next((n for n in names if n == name.text.lower()), None) or suggest(
                name.text.lower(), names, cutoff=0.7
            )
            near = near or ("length" if name.text.lower() == "len" else None)
            raise _error(
                f"unknown function {name.text!r}",
                f"did you mean {near}? {listed}" if near else listed,
                self.text,
                name.pos,
                self.location,
            )
        args = [self.parse_sum()]
        while self.accept(","):
            args.append(self.parse_sum())
        self.expect(")")
        low, high, _ = FUNCTIONS[name.text]
        if not low <= len(args) <= high:
            raise _error(
                f"{name.text}() takes {low}–{high} arguments, got {len(args)}",
                f"give {name.text}() {low if low == high else f'{low}–{high}'} argument(s), separated by commas",
                self.text,
                name.pos,
                self.location,
            )
        return Call(name.pos, name.text, tuple(args))


def parse_condition(text: str, location: Location | None = None) -> Node:
    """Parse a condition into its (untyped) tree.

    >>> parse_condition("a < b")
    Compare(pos=2, op='<', left=Name(pos=0, name='a'), right=Name(pos=4, name='b'))
    """
    if not text.strip():
        raise RuleSyntaxError("the condition is empty", fix="write a condition after when:", location=location)
    _check_length(text, location or Location())
    node = _Parser(text, location or Location()).parse()
    _check_depth(node, text, location or Location())
    return node


# ---- limits ---------------------------------------------------------------------------------------
# A rule file may come from anyone: a condition beyond these limits is refused when it is loaded, with
# its file and line, instead of exhausting the stack, the memory or the patience of a scoring run.

#: Characters in one condition (far more than 64 tests take: the loader refuses more tests than that).
MAX_CONDITION_CHARS = 100_000
#: Levels of nesting: parentheses, ``not`` and minus signs open around a part of the condition, and the
#: depth of its tree (``a + b + c`` is two levels deep: a chain of operators nests too).
MAX_NESTING = 32
#: Digits of a number literal before its decimal point (10^12: beyond any amount of money a household
#: file may hold) and after it.
MAX_DIGITS, MAX_DECIMALS = 12, 6


def _check_length(text: str, location: Location) -> None:
    if len(text) > MAX_CONDITION_CHARS:
        raise RuleSyntaxError(
            f"the condition is {len(text)} characters long, more than {MAX_CONDITION_CHARS}",
            fix="split it into several rules, or name parts of it in a conditions: section",
            location=location,
        )


def _check_tokens(tokens: list[_Token], text: str, location: Location) -> None:
    """Number literals within range, and nesting within :data:`MAX_NESTING`, before the parser recurses; no
    letter that only looks like an ASCII one in a name, no character no one sees in a quoted text."""
    for i, token in enumerate(tokens):
        if token.kind in ("name", "keyword"):
            _check_look_alike(token, text, location)
        if token.kind == "string" and (hidden := INVISIBLE_CHARACTER.search(token.text)) is not None:
            raise _error(
                f"the quoted text {visible(token.text)} holds a character no one sees, U+{ord(hidden[0]):04X}",
                "delete it (text copied from a web page or a Word table brings such characters): no cell would "
                "ever equal the text with it",
                text,
                token.pos,
                location,
            )
        if token.kind == "number":
            _check_number(token, text, location)
            _check_grouped(tokens, i, text, location)
        if (
            token.text == "<"
            and i + 1 < len(tokens)
            and tokens[i + 1].text == ">"
            and tokens[i + 1].pos == token.pos + 1
        ):
            raise _error(
                "<> is not an operator of the rule language", "write != for not equal", text, token.pos, location
            )
    open_prefixes: list[int] = []  # the not / minus signs just before each parenthesis still open
    run = 0  # not / minus signs just before the current operand
    for token in tokens:
        if token.text in ("not", "-") and token.kind in ("keyword", "op"):
            run += 1
        elif token.text == "(" and token.kind == "op":
            open_prefixes.append(run)
            run = 0
        else:
            if token.text == ")" and token.kind == "op" and open_prefixes:
                open_prefixes.pop()
            run = 0
        if len(open_prefixes) + sum(open_prefixes) + run > MAX_NESTING:
            raise _too_deep(text, token.pos, location)


#: Cyrillic and Greek letters that look like Latin ones (an input method or a copied text brings them): a
#: keyword or a fact's name written with one is no keyword, and no fact.
_LOOK_ALIKE = dict(
    zip(
        "\u0430\u0435\u043e\u0440\u0441\u0445\u0443\u0456\u0458\u0455\u0501\u04bb\u051b\u051d\u0410\u0412"
        "\u0415\u041a\u041c\u041d\u041e\u0420\u0421\u0422\u0425\u0406\u0408\u0405\u03bf\u03b1\u03b9\u03bd"
        "\u03ba\u03c4\u03c1\u03c5\u0391\u0392\u0395\u0396\u0397\u0399\u039a\u039c\u039d\u039f\u03a1\u03a4"
        "\u03a5\u03a7",
        "aeopcxyijsdhqwABEKMHOPCTXIJSoaivktpuABEZHIKMNOPTYX",
        strict=True,
    )
)


def _check_look_alike(token: _Token, text: str, location: Location) -> None:
    """A name written with a letter of :data:`_LOOK_ALIKE` among ASCII ones, told with its ASCII spelling."""
    if token.text.isascii() or not any(c.isascii() for c in token.text):
        return
    odd = next((c for c in token.text if c in _LOOK_ALIKE), None)
    if odd is None:
        return
    script = "Greek" if "\u0370" <= odd <= "\u03ff" else "Cyrillic"
    written = "".join(_LOOK_ALIKE.get(c, c) for c in token.text)
    raise _error(
        f"{token.text!r} holds the {script} letter {odd!r} (U+{ord(odd):04X}), which looks like the Latin "
        f"{_LOOK_ALIKE[odd]!r}",
        f"write it in ASCII letters: {written}",
        text,
        token.pos,
        location,
    )


def _check_grouped(tokens: list[_Token], i: int, text: str, location: Location) -> None:
    """``8,700`` in a set or a function's arguments (``{100, 8,700}``, ``min(wage_income, 8,700)``) would
    read as two numbers, 8 and 700, without a word: a comma right after a number's digits and right
    before three more is refused, and the fix says how to write either reading."""
    comma, after = (tokens[i + 1], tokens[i + 2]) if i + 2 < len(tokens) else (None, None)
    if comma is None or after is None or comma.text != "," or after.kind != "number":
        return
    token = tokens[i]
    joined = comma.pos == token.pos + len(token.text) and after.pos == comma.pos + 1
    if joined and re.fullmatch(r"[0-9]{3}(?:\.[0-9]+)?", after.text) and "." not in token.text:
        written = text[token.pos : after.pos + len(after.text)]
        raise _error(
            f"{written} reads as two numbers, {token.text} and {after.text}",
            f"write {token.text}{after.text} for the number (no thousands comma), "
            f"or {token.text}, {after.text} for two",
            text,
            token.pos,
            location,
        )


def _check_number(token: _Token, text: str, location: Location) -> None:
    whole, _, decimals = token.text.partition(".")
    if len(whole.lstrip("0")) > MAX_DIGITS or len(decimals) > MAX_DECIMALS:
        shown = _LONG_RUN.sub(lambda run: f"{run[0][:4]}…{run[0][-4:]}", token.text)
        if shown != token.text:
            # The rule author's own number, not a person's: shown by its ends and its number of digits, where
            # the whole run would be masked as an ID or card number on the terminal (9999****…9999).
            digits = sum(c.isdigit() for c in token.text)
            text = text[: token.pos] + shown + text[token.pos + len(token.text) :]
            message = f"the number {shown} of {digits} digits is out of range"
        else:
            message = f"the number {_shortened(token.text, 40)} is out of range"
        raise _limit_error(
            message,
            f"write a number with at most {MAX_DIGITS} digits before the decimal point and {MAX_DECIMALS} after it",
            text,
            token.pos,
            location,
        )


def _check_depth(node: Node, text: str, location: Location) -> None:
    """The tree's depth within :data:`MAX_NESTING`, measured without recursion."""
    stack: list[tuple[object, int]] = [(node, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, tuple):
            stack.extend((child, depth) for child in item)
        elif isinstance(item, Node):
            if depth > MAX_NESTING:
                raise _too_deep(text, item.pos, location)
            stack.extend((getattr(item, f.name), depth + 1) for f in fields(item) if f.name != "pos")


def _too_deep(text: str, pos: int, location: Location) -> RuleSyntaxError:
    return _limit_error(
        f"the condition nests more than {MAX_NESTING} levels deep (parentheses, not, minus signs or a long "
        "chain of operators)",
        "simplify it, split it into several rules, or name parts of it in a conditions: section",
        text,
        pos,
        location,
    )


def _limit_error(message: str, fix: str, text: str, pos: int, location: Location) -> RuleSyntaxError:
    """As :func:`_error`, quoting at most the start of a condition that may be thousands of characters."""
    line = location.line + text.count("\n", 0, pos) if location.line else 0
    return RuleSyntaxError(
        f"{message} in condition {_shortened(one_line(text), 120)!r}", fix=fix, location=Location(location.path, line)
    )


#: A run of digits that the terminal's masking would take for a person's number (a mobile number has 11).
_LONG_RUN = re.compile(r"[0-9]{9,}")


def _shortened(text: str, most: int) -> str:
    return text if len(text) <= most else text[:most] + "…"
