"""Masking personal values in text: the one definition every output, message and error uses.

It imports nothing from fanpin, so that :mod:`fanpin.errors` (below every other module) can mask the
text of every error. :mod:`fanpin.model.values` re-exports it; the batch engine applies
:func:`mask_numbers_series` to whole columns (:func:`fanpin.batch.validate.masked_numbers`), which runs
:func:`mask_numbers` on the cells that hold a long enough run of digits (or a passport number's shape, or an
@), so that both engines write the same characters.

What :func:`mask_numbers` recognises, as a whole run of digits (a digit right before or after makes it
another number, left as it is):

- ID numbers: 18 characters (the last may be ``X`` or ``x``), 15-digit first-generation numbers (whose
  digits 7–12 read as a date), and the 20- and 22-character disability card numbers (which keep the last
  four of their ID number, not their category and level);
- any run of more than 22 digits (an ID number run into a phone number);
- bank card numbers: 16 to 19 digits (any run of 16 to 22 digits is masked);
- mobile numbers: 11 digits from 13 to 19, written whole or in groups of any sizes, a single space or dash
  between two groups (``138-1234-5678``, ``138 1234 5678``, ``138 000 00000``, ``13 8000 00000``,
  ``1 380 000 0000``), or in 3-4-4 by dots or slashes (``139.1111.2222``, ``139/1111/2222``), with or without
  ``+86``, ``86`` or ``0086``. Eleven digits from 13 to 19 so written are masked whatever else they may have
  been meant as: an amount of ``13 000 000 000`` 元, which household data never holds, is masked too (the safe
  side, as ``13,000,000,000`` already was);
- landlines with an area code: ``0871-12345678``, ``(0871)1234567``, ``010 12345678``, ``01012345678``,
  ``0871 6512 3456``;
- any of the long numbers written in groups of digits separated by single spaces or dashes
  (``6222 0212 3456 7890``, ``532328 19900101 1234``), when the groups hold 15 to 22 digits.
- an ID or bank card number that a spreadsheet kept as a number and that is written as one
  (``5.32328195001011e+17``, which still holds its first 15 digits);
- e-mail addresses (``zhangsan@example.com`` is written ``z*******@example.com``; a QQ number before
  ``@qq.com`` is masked with the rest of the user name).

- passport and travel permit numbers standing alone (no letter or digit right before or after them, nor
  joined to one by a dash or an underscore): a passport's ``E12345678`` or ``G12345678`` (E or G, and of the
  older or official ones D, P or S, then 8 digits), a newer passport's ``EA1234567`` (E, a letter and 7
  digits), a Hong Kong and Macau permit's ``C12345678`` or ``CA1234567``; in either case of letter. Each is
  masked as :func:`mask` masks a passport number under its header (护照号): its first character kept,
  ``E********``. A county's household or project code of another letter (``H12345678``), or one inside a
  longer code (``XM-E12345678``, ``HE12345678``), stays as it is. A Taiwan resident's permit (台湾居民来往大陆
  通行证: 8 digits) cannot be told from a date or an amount by its digits: it is masked where the text names it
  just before (``台胞证号12345678``, ``台湾居民来往大陆通行证：12345678``: ``1*******``), and by the header of
  its column.

Amounts (``12345.67``, ``1,234,567``), dates (``2025-06-30``, ``20250630``), region codes (6 and 12 digits),
14-digit household numbers and other digit runs of up to 14 digits stay as they are.

Numbers typed with a Chinese input method in full-width characters (digits U+FF10 to U+FF19, ``X`` and
``x``, plus, the hyphen-minus, the ideographic space U+3000) are read as their ASCII forms and masked in
the characters they were written in.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Set as AbstractSet

    import polars as pl

__all__ = [
    "CANDIDATE",
    "DETAIL_MASK",
    "DIGIT",
    "DISABILITY_CARD",
    "EMAIL",
    "GROUP_SEPARATORS",
    "NAME_KEY",
    "NUMBER_LIKE",
    "NUMBER_TAIL",
    "PASSPORT",
    "TAIWAN_PERMIT",
    "holds_id",
    "id_shaped",
    "kept_keys",
    "key_candidates",
    "mask",
    "mask_detail",
    "mask_numbers",
    "mask_numbers_series",
    "masked_key",
    "masked_keys",
    "name_key",
    "personal_key",
    "shown_key",
]


#: A personal value that is a number (an ID, bank card or phone number): digits, ASCII or full-width, with
#: the ``X`` of an ID number and the spaces, dashes, plus signs and brackets numbers are written with (and
#: the stars of one masked already, which masking again leaves as it is).
NUMBER_LIKE = r"^[0-9\uff10-\uff19Xx\uff38\uff58 +\-()\uff08\uff09\u3000*]+$"
_NUMBER_LIKE = re.compile(NUMBER_LIKE)
#: A digit of such a number (at least 8 make it one whose ends may be shown).
DIGIT = r"[0-9\uff10-\uff19]"
_DIGIT = re.compile(DIGIT)


def mask(text: str) -> str:
    """A personal value masked whole. A number of more than 8 characters (an ID, bank card or phone
    number, with at least 8 digits) keeps its first 4 and last 4 characters, by which a person checks one
    against a paper; any other text (a name) keeps its first character only, whatever its length (a long name,
    such as 阿依古丽·买买提, kept its ends when numbers and names were masked alike). A health detail is masked by
    :func:`mask_detail`, keeping nothing.

    >>> mask("532328199001011234"), mask("李某华"), mask("阿依古丽·买买提"), mask("138 1234 5678"), mask("病")
    ('5323**********1234', '李**', '阿*******', '138 *****5678', '*')
    >>> mask("53232819800315167841")  # a disability card: its category and level (41) hidden
    '5323**********1678**'

    A value masked already (by fanpin, or in the file it came from) keeps its shape: its stars are read as the
    digits they hide, so that it is masked as the number it was, its hidden characters still hidden and none
    shown that the number's mask would hide. ``mask(mask(text)) == mask(text)``.

    >>> mask("5323**********123X"), mask("138 *****5678"), mask("5323**********1678**"), mask("532328199001****34")
    ('5323**********123X', '138 *****5678', '5323**********1678**', '5323************34')

    A number a spreadsheet saved as one, with its ``.0`` tail (``.00``, …), is masked as the number and keeps
    its tail as written, so that the cell is found as the file writes it (its point had made it text, masked
    as a name is: ``5*******************``).

    >>> mask("532328195201273074.0"), mask("13812345678.00")
    ('5323**********3074.0', '1381***5678.00')
    """
    tail = _NUMBER_TAIL.search(text) if "." in text else None
    number = text[: tail.start()] if tail is not None else text
    probe = number.replace("*", "0")  # a star stands for a digit it hides
    if len(number) > 8 and _NUMBER_LIKE.match(number) and len(_DIGIT.findall(probe)) >= 8:
        return _number_masked(number, probe) + (tail.group() if tail is not None else "")
    return "*" if len(text) == 1 else text[:1] + "*" * (len(text) - 1)


#: How a detail of a person's health is written out (健康状况, 患病情况, a disability's category or level): the same
#: stars whatever it holds. Masked as a name is, it kept its first character, and 健康状况's four values are told
#: by theirs (长**** is 长期慢性病, 残* is 残疾).
DETAIL_MASK = "**"


def mask_detail(text: str) -> str:
    """A health detail masked whole (:data:`DETAIL_MASK`), an empty cell left empty.

    >>> mask_detail("长期慢性病"), mask_detail("残疾"), mask_detail("")
    ('**', '**', '')
    """
    return DETAIL_MASK if text else text


#: The tail of a point and zeros a spreadsheet leaves after a number it saved as one (``.0``, ``.00``):
#: :func:`mask` masks the number before it and keeps it.
NUMBER_TAIL = r"\.0+$"
_NUMBER_TAIL = re.compile(NUMBER_TAIL)


def _number_masked(text: str, probe: str | None = None) -> str:
    """A personal number found in text (10 characters or more): its first 4 and last 4 characters kept; a
    disability card (an ID number and two digits, its category and level, and perhaps two more) keeps the
    last 4 of its ID number instead, so that its category and level stay hidden. ``probe``: the text its
    kind is told by (a masked number's, its stars read as digits; default ``text``)."""
    probe = text if probe is None else probe
    if _CARD.match(probe):
        return text[:4] + "*" * 10 + text[14:18] + "*" * (len(text) - 18)
    if _CARD.match(_SEPARATORS.sub("", probe)):  # a card in groups (532328 19800817 1045 53): its start only
        return text[:4] + "*" * (len(text) - 4)
    return text[:4] + "*" * (len(text) - 8) + text[-4:]


#: A disability card number: an ID number (17 digits and a digit or X), its category and level, and in
#: the 22-character form two more digits.
DISABILITY_CARD = (
    r"^[0-9\uff10-\uff19]{17}[0-9\uff10-\uff19Xx\uff38\uff58][0-9\uff10-\uff19]{2}(?:[0-9\uff10-\uff19]{2})?$"
)
_CARD = re.compile(DISABILITY_CARD)
#: What may stand between a number's groups.
GROUP_SEPARATORS = r"[ \-\u3000\uff0d]"
_SEPARATORS = re.compile(GROUP_SEPARATORS)


_SEP = r"[ \-]"
_AFTER = rf"(?![0-9]|{_SEP}[0-9])"  # not followed by more digits, nor by another group of them

#: Each kind of personal number, tried in this order where a number starts (no digit before it).
_KINDS = (
    # an ID or bank card number a spreadsheet kept as a number, written as one (5.32328195001011e+17: its
    # first 15 digits): 10 digits or more after the point, and 10^15 to 10^22
    ("spreadsheet", re.compile(r"[0-9]\.[0-9]{9,}[eE]\+?(?:1[5-9]|2[0-2])(?![0-9])")),
    # a mobile number a spreadsheet kept as a number, written as one (1.3812345678E+10; its last digit cut
    # if it is a 0): ten digits or more
    ("spreadsheet mobile", re.compile(r"1\.[3-9][0-9]{8,9}[eE]\+?10(?![0-9])")),
    # an ID number ending in X (18 characters, or a disability card of 20 or 22)
    ("id", re.compile(r"[0-9]{17}[Xx](?:[0-9]{4}|[0-9]{2})?(?![0-9A-Za-z])")),
    # bank cards (16-19 digits), ID numbers (18), disability cards (20, 22); 15 digits: see _first_id
    ("long", re.compile(r"[0-9]{15,22}(?![0-9])")),
    # a run of more than 22 digits: no amount, date or code is so long (an ID number run into a phone number)
    ("run", re.compile(r"[0-9]{23,}")),
    # mobile numbers, whole or in groups of any sizes (a single space or dash between two digits anywhere:
    # 138 000 00000, 13 8000 00000, 1 380 000 0000; or two dots or two slashes: 139.1111.2222), with or
    # without the country code; eleven digits in all, no more after them (a .0 tail, a spreadsheet's, or a /
    # ends them). Whatever else eleven such digits may have been meant as (an amount of 13 000 000 000 元,
    # which household data never holds), they are masked: the safe side.
    (
        "mobile",
        re.compile(
            rf"(?:(?:\+|00)?86{_SEP}?)?1"
            rf"(?:{_SEP}?[3-9](?:{_SEP}?[0-9]){{9}}|[3-9][0-9](?:\.[0-9]{{4}}\.|/[0-9]{{4}}/)[0-9]{{4}})"
            rf"{_AFTER}"
        ),
    ),
    # landlines with an area code (010, 0871 …): 7 or 8 digits after it, whole or in two groups
    (
        "landline",
        re.compile(
            rf"(?:(?:\(0[1-9][0-9]{{1,2}}\)|（0[1-9][0-9]{{1,2}}）){_SEP}?|0[1-9][0-9]{{1,2}}{_SEP}?)"
            rf"(?:[0-9]{{7,8}}|[0-9]{{3,4}}{_SEP}[0-9]{{4}}){_AFTER}"
        ),
    ),
    # the long numbers written in groups: 15 to 22 digits in all (counted in _personal)
    ("grouped", re.compile(rf"[0-9]{{3,8}}(?:{_SEP}[0-9]{{2,8}}){{1,5}}(?:{_SEP}?[Xx])?(?![0-9A-Za-z])")),
    # a mobile or ID number written as an amount is, its digits grouped by thousands (13,812,345,678;
    # 532,328,196,608,014,167), or a mobile number in groups by commas (138,1234,5678), a space after each
    # comma or not (the full-width comma and space read as these): a phone number
    # pasted into a column of amounts and formatted there (counted in _personal)
    ("commas", re.compile(r"(?:[0-9]{1,3}(?:, ?[0-9]{3}){3,7}|1[3-9][0-9], ?[0-9]{4}, ?[0-9]{4})(?![0-9]|, ?[0-9])")),
)
#: A rulebook version (16 hexadecimal characters) whose digits come in runs of at most 10, the shortest
#: landline, is no personal number (``0301847416f316ac`` was read as a landline once): no number starts
#: inside one. A run of 11 digits or more (a mobile number, an ID number) is masked wherever it stands.
_HASH = re.compile(r"(?<![0-9A-Za-z])[0-9a-f]{16}(?![0-9A-Za-z])")
_DIGIT_RUN = re.compile(r"[0-9]{11}")
#: Where a number may start: a digit, ``+`` or an opening bracket, with no digit right before it.
_START = re.compile(r"(?<![0-9])[0-9+(（]")

#: The names a text gives a Taiwan resident's permit (台湾居民来往大陆通行证) by, before its number.
_TAIWAN_PERMIT_NAMES = "(?:台胞证|台湾居民来往大陆通行证|台湾通行证)"
#: A cell that may hold a personal number has 10 digits (the shortest: a 3-digit area code and 7 digits) in
#: a row, or with at most two spaces, dashes, dots, slashes, commas or an area code's closing bracket between
#: two of them, in ASCII or full-width characters: the batch engine runs :func:`mask_numbers` only on those
#: cells (a regex polars reads as well). A cell with an @ between two characters an e-mail address may have
#: there may hold one (:data:`EMAIL`), and one with a passport's first letter (C, D, E, G, P or S), perhaps a
#: letter, and 7 digits a passport or permit number (:data:`PASSPORT`).
CANDIDATE = (
    r"[0-9\uFF10-\uFF19](?:[ \-./)）\u3000\uFF0D,\uFF0C]{0,2}[0-9\uFF10-\uFF19]){9}"
    r"|[0-9A-Za-z._%+\-*][@\uFF20][0-9A-Za-z\-]"
    r"|[CDEGPScdegps\uFF23-\uFF25\uFF27\uFF30\uFF33\uFF43-\uFF45\uFF47\uFF50\uFF53]"
    r"[A-Za-z\uFF21-\uFF3A\uFF41-\uFF5A]?[0-9\uFF10-\uFF19]{7}"
    rf"|{_TAIWAN_PERMIT_NAMES}[^0-9\uFF10-\uFF19]{{0,6}}[0-9\uFF10-\uFF19]{{8}}"
)
_CANDIDATE = re.compile(CANDIDATE)
#: A letter, ASCII or full-width (a Chinese input method's, as its digits are).
_LETTER = "A-Za-z\uff21-\uff3a\uff41-\uff5a"


def _letters(letters: str) -> str:
    """``letters`` in both cases, ASCII and full-width, for a character class."""
    return "".join(c + chr(ord(c) + 0xFEE0) for c in letters.upper() + letters.lower())


#: A passport or travel permit number standing alone, in text whose digits are read as ASCII (:data:`_HALF_WIDTH`):
#: E, G, D, P, S or C and 8 digits, or E or C, a letter and 7 digits; no letter or digit right before or after
#: it, nor one joined to it by a dash or an underscore (a longer code: ``XM-E12345678``, ``G12345678-01``).
PASSPORT = (
    rf"(?<![0-9{_LETTER}])(?<![0-9{_LETTER}][\-_])"
    rf"(?:[{_letters('CDEGPS')}][0-9]{{8}}|[{_letters('CE')}][{_LETTER}][0-9]{{7}})"
    rf"(?![0-9{_LETTER}]|[\-_][0-9{_LETTER}])"
)
_PASSPORT = re.compile(PASSPORT)
#: A Taiwan resident's permit number (台湾居民来往大陆通行证, 台胞证: 8 digits) where the text names the permit
#: just before it (up to six other characters between: 号, a colon, a space), in text whose digits are read as
#: ASCII: eight digits alone are a date's or an amount's too. Group 1: the number.
TAIWAN_PERMIT = _TAIWAN_PERMIT_NAMES + r"[^0-9]{0,6}?([0-9]{8})(?![0-9])"
_TAIWAN_PERMIT = re.compile(TAIWAN_PERMIT)
#: An e-mail address (``zhangsan@example.com``, ``12345678@qq.com``, with a full-width at sign, U+FF20, as a
#: Chinese input method types it): masked as :func:`mask` masks a name, its user name's first character kept
#: and its domain shown (a QQ number before ``@qq.com`` is its user name). The stars of one masked already are
#: read as its characters, so that masking it again leaves it as it is.
EMAIL = (
    r"(?<![0-9A-Za-z._%+\-*])([0-9A-Za-z_%+*][0-9A-Za-z._%+\-*]*)[@\uFF20]"
    r"(?:[0-9A-Za-z\-]+\.)+[A-Za-z]{2,}(?![0-9A-Za-z])"
)
_EMAIL = re.compile(EMAIL)
#: Full-width digits, X, plus, dash, comma and the ideographic space → their ASCII forms, one character for one:
#: numbers are found in the text so translated and masked at the same places in the text as written.
_HALF_WIDTH = str.maketrans(
    {0xFF10 + d: str(d) for d in range(10)}
    | {0xFF38: "X", 0xFF58: "x", 0xFF0B: "+", 0xFF0D: "-", 0x3000: " ", 0xFF0C: ","}
)


def _first_id(digits: str) -> bool:
    """15 digits are a first-generation ID number when digits 7-12 read as a date (YYMMDD)."""
    month, day = int(digits[8:10]), int(digits[10:12])
    return 1 <= month <= 12 and 1 <= day <= 31


def id_shaped(text: str) -> bool:
    """Whether ``text`` could be an ID number: 15 digits holding a date (the first generation), or 17 digits
    and a digit or X holding a birth date (with a disability card's 2 or 4 digits after it).

    >>> id_shaped("532328199001011234"), id_shaped("53232819800315167841"), id_shaped("5323280000000001")
    (True, True, False)
    >>> id_shaped("532328000000000001"), id_shaped("532328900101123")  # no date in it; a first-generation one
    (False, True)
    """
    if len(text) == 15 and text.isascii() and text.isdigit():
        return _first_id(text)
    match = re.fullmatch(r"[0-9]{6}((?:19|20)[0-9]{2})([0-9]{2})([0-9]{2})[0-9]{3}[0-9Xx](?:[0-9]{2}){0,2}", text)
    return match is not None and 1 <= int(match.group(2)) <= 12 and 1 <= int(match.group(3)) <= 31


def holds_id(text: str) -> bool:
    """Whether ``text`` is, or has in it, a run of digits that could be an ID number (:func:`id_shaped`), in
    ASCII or full-width characters: a 户编号 a county keys by the head's ID number, with a prefix or not, or
    with a member's number run on after it (``5323281990010112381``: a run of 19 to 22 digits whose first
    18 are one).

    >>> holds_id("532328199001011234"), holds_id("H532328199001011234-1"), holds_id("13812345678")
    (True, True, False)
    >>> holds_id("5323281990010112381"), holds_id("5323280000000000001")
    (True, False)
    """
    runs = re.findall(r"[0-9]+[Xx]?", text.translate(_HALF_WIDTH))
    return any(id_shaped(run) or (19 <= len(run) <= 22 and id_shaped(run[:18])) for run in runs)


def _personal(kind: str, text: str) -> bool:
    if kind == "long":
        return len(text) != 15 or _first_id(text)
    if kind == "grouped":
        digits = re.sub(r"[^0-9Xx]", "", text)
        return 15 <= len(digits) <= 22 and (len(digits) != 15 or _first_id(digits))
    if kind == "commas":  # an amount of 10 digits or more (1,234,567,890 元) that is no mobile nor long number
        digits = text.replace(",", "").replace(" ", "")
        return _MOBILE.fullmatch(digits) is not None or (
            15 <= len(digits) <= 22 and (len(digits) != 15 or _first_id(digits))
        )
    return True


def mask_numbers(text: str, keep: AbstractSet[str] = frozenset()) -> str:
    """Every ID, bank card, mobile and landline number, passport and travel permit number and e-mail address in
    ``text`` masked; the rest as it is. A number
    that is one of ``keep``, or part of one where ``text`` writes it (as there, ASCII or full-width), is
    left as it is: a 户编号 of sixteen digits reads as a bank card number, ``H13812345678`` holds a mobile
    number, and ``fanpin explain`` names a 户编号 as the scored table writes it.

    >>> mask_numbers("户主532328199001011234，电话13812345678")
    '户主5323**********1234，电话1381***5678'
    >>> mask_numbers("座机0871-12345678，手机138 1234 5678，补助1500元，2025-06-30，532328101203")
    '座机0871*****5678，手机138 *****5678，补助1500元，2025-06-30，532328101203'
    >>> mask_numbers("手机138 000 00000，+86 1380 0000 000，1 380-000-0000；补助1500 2000元")
    '手机138 *****0000，+86 ********* 000，1 38******0000；补助1500 2000元'
    >>> mask_numbers("rules 0301847416f316ac; 5323281990010112 34")  # a rulebook version is not a number
    'rules 0301847416f316ac; 5323********0112 34'
    >>> mask_numbers("身份证 5.32328195001011e+17，余额 1.5e+17")  # an ID number Excel kept as a number
    '身份证 5.32************e+17，余额 1.5e+17'
    >>> mask_numbers("电话 1.3812345678E+10，1.5E+10")  # and a mobile number
    '电话 1.38********E+10，1.5E+10'
    >>> mask_numbers("13,812,345,678.00 元; 138,1234,5678; 1,234,567,890 元")  # formatted as amounts are
    '13,8******,678.00 元; 138,*****5678; 1,234,567,890 元'
    >>> mask_numbers("13，812，345，678；补助1500，2000，3000")  # a Chinese input method's commas
    '13，8******，678；补助1500，2000，3000'
    >>> mask_numbers("13, 812, 345, 678 或 13， 812， 345， 678")
    '13, ********* 678 或 13， ********* 678'
    >>> mask_numbers("户 5323280000000001，did you mean 5323280000000004?", keep={"5323280000000004"})
    '户 5323********0001，did you mean 5323280000000004?'
    >>> mask_numbers("户 +8613812345678 / H13812345678, 13812345678", keep={"+8613812345678", "H13812345678"})
    '户 +8613812345678 / H13812345678, 1381***5678'
    >>> mask_numbers("邮箱 zhangsan@example.com；QQ邮箱 13812345678@qq.com")  # an e-mail address: its user name
    '邮箱 z*******@example.com；QQ邮箱 1381***5678@qq.com'
    >>> mask_numbers("护照E12345678，港澳通行证CA1234567；户H12345678，项目XM-E12345678，规则R-INC-01")
    '护照E********，港澳通行证C********；户H12345678，项目XM-E12345678，规则R-INC-01'
    >>> mask_numbers("台胞证号12345678，补助20250630")
    '台胞证号1*******，补助20250630'
    """
    if len(text) < 6 or _CANDIDATE.search(text) is None:  # a@b.cn: the shortest e-mail address
        return text
    if "@" in text or "\uff20" in text:
        text = _EMAIL.sub(_masked_email, text)  # the same length: the numbers are found at the same places
    plain = text.translate(_HALF_WIDTH)  # the same length: a place in it is the same place in text
    # Where text writes a value of keep: a number found inside one is left (matched alone, "+8613812345678"
    # was masked from its 8, and "H13812345678" from its 1).
    kept = [m.span() for value in keep if value for m in re.finditer(re.escape(value.translate(_HALF_WIDTH)), plain)]
    passports = [m.span() for m in _PASSPORT.finditer(plain) if not any(a <= m.start() < b for a, b in kept)]
    passports += [m.span(1) for m in _TAIWAN_PERMIT.finditer(plain) if not any(a <= m.start(1) < b for a, b in kept)]
    if passports:  # masked as a name is (the same length), before the numbers: its digits are no number's
        for at, end in passports:
            text = text[:at] + mask(text[at:end]) + text[end:]
        plain = text.translate(_HALF_WIDTH)
    out: list[str] = []
    done = 0  # text[:done] is in out
    hashes = [m.span() for m in _HASH.finditer(plain) if not _DIGIT_RUN.search(m.group())]
    for start in _START.finditer(plain):
        at = start.start()
        if at < done or any(a <= at < b for a, b in hashes):
            continue
        for kind, pattern in _KINDS:
            found = pattern.match(plain, at)
            if (
                found is not None
                and _personal(kind, found.group())
                and not any(a <= at and found.end() <= b for a, b in kept)
            ):
                out += [text[done:at], _number_masked(text[at : found.end()])]
                done = found.end()
                break
    return "".join(out) + text[done:] if out else text


def _masked_email(found: re.Match[str]) -> str:
    """An e-mail address's user name masked as :func:`mask` masks a name, its domain as it is."""
    name = found.group(1)
    return mask(name) + found.group()[len(name) :]


def mask_numbers_series(texts: pl.Series) -> pl.Series:
    """:func:`mask_numbers` on every cell of a polars column of text (nulls stay null), run only where a
    cell matches :data:`CANDIDATE`."""
    candidate = texts.str.contains(CANDIDATE).fill_null(False)
    if not candidate.any():
        return texts
    where = candidate.arg_true()
    cells = texts.gather(where).to_list()
    masked = {text: mask_numbers(text) for text in set(cells)}  # a note repeated on many rows: masked once
    return texts.clone().scatter(where, [masked[text] for text in cells])


#: A 户编号 that may be a person's number (:func:`personal_key`), for polars: a run of 15 digits, or of 17 and
#: a digit or X (with a disability card's 2 or 4 more), or a mobile number, ASCII or full-width, or a number
#: of ten digits or more in scientific notation (:data:`_SCIENTIFIC`). The national
#: system's 户编号 (14 or 16 digits) never is one, and is not looked at again.
KEY_CANDIDATE = (
    r"(?:^|[^0-9\uff10-\uff19])(?:[0-9\uff10-\uff19]{15}|[0-9\uff10-\uff19]{17,22}|[0-9\uff10-\uff19]{17}"
    r"[Xx\uff38\uff58](?:[0-9\uff10-\uff19]{2}){0,2}|(?:\+?86)?[1\uff11][3-9\uff13-\uff19][0-9\uff10-\uff19]{9}"
    r"|[0-9\uff10-\uff19]\.[0-9\uff10-\uff19]{9,}[eE]\+?[0-9\uff10-\uff19]{2})"
    r"(?:[^0-9\uff10-\uff19]|$)"
)
#: A mobile number's eleven digits.
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
#: A mobile number as a whole run of digits (with the country code or not), wherever it stands in a key.
_MOBILE_KEY = re.compile(r"(?<![0-9])(?:\+?86)?1[3-9][0-9]{9}(?![0-9])")
#: A number of ten digits or more in scientific notation, as a spreadsheet or a program writes a long number
#: kept as one (``5.32328199001011E+17``, ``5.3232819900101126e+17``, ``1.3812345678E+10``): its first digit,
#: the digits after the point, and the exponent.
_SCIENTIFIC = re.compile(r"(?<![0-9.])([0-9])\.([0-9]{9,})[eE]\+?([0-9]{2})(?![0-9])")


def _scientific_numbers(text: str) -> list[tuple[int, int]]:
    """Where ``text`` holds a number in scientific notation (:data:`_SCIENTIFIC`) whose digits, written out, are
    or hold an ID number or are a mobile number: the places :func:`mask_numbers` masks in any text, and which
    a 户编号 keeps in clear unless :func:`personal_key` knows them (an ID number saved as a number reads
    ``5.32328199001011E+17``: its region and birth date).

    >>> _scientific_numbers("5.32328199001011E+17"), _scientific_numbers("1.3812345678E+10")
    ([(0, 20)], [(0, 16)])
    >>> _scientific_numbers("5.32328000000012E+15"), _scientific_numbers("5.32328E+17")  # a household's number
    ([], [])
    """
    spans = []
    for found in _SCIENTIFIC.finditer(text):
        digits = found.group(1) + found.group(2)
        places = int(found.group(3)) + 1
        if len(digits) <= places <= 22:
            written = digits.ljust(places, "0")
            if holds_id(written) or _MOBILE_KEY.fullmatch(written) is not None:
                spans.append(found.span())
    return spans


#: A Chinese character: the unified ideographs, their extension A and, where the rare characters of names are,
#: the supplementary planes' (literal characters, which Python's patterns and polars' read alike).
_HAN = "\u3400-\u4dbf\u4e00-\u9fff" + chr(0x20000) + "-" + chr(0x3134F)
#: The dots between the parts of a minority name (阿依古丽·买买提), as they are typed.
_NAME_DOTS = "\u00b7\u2022\u2027\u30fb\uff65"
#: A person's name as a 户编号 (:func:`name_key`): two to four Chinese characters, or the parts of a minority
#: name joined by a dot.
NAME_KEY = rf"[{_HAN}]{{2,4}}|[{_HAN}]{{1,8}}(?:[{_NAME_DOTS}][{_HAN}]{{1,8}}){{1,3}}"
_NAME_KEY = re.compile(NAME_KEY)
#: A 户编号 that may be a name (:func:`name_key` decides), for polars: a Chinese character and no letter or digit.
_NOT_CODE = rf"[^0-9\uff10-\uff19{_LETTER}]"
_NAME_CANDIDATE = rf"^{_NOT_CODE}*[{_HAN}]{_NOT_CODE}*$"


def name_key(text: str) -> bool:
    """Whether a 户编号 is a person's name: two to four Chinese characters and nothing else (a clerk typed the
    head's name where the household's number belongs), or the parts of a minority name joined by a dot
    (``阿依古丽·买买提``), spaces around it aside. A 户编号 of the national system is digits, and a county's
    own is letters and digits: neither is one.

    >>> name_key("张某华"), name_key("欧阳某某"), name_key("阿依古丽·买买提"), name_key(" 李某 ")
    (True, True, True, True)
    >>> name_key("张"), name_key("张某华1"), name_key("H张某华"), name_key("5323280000000001"), name_key("张 某华")
    (False, False, False, False, False)

    A form's totals row (合计, 总计, 小计) and its footer (填表人, 审核人 …) are no names: they are refused as
    such, and their reasons quote the word, which masked would read 合*.

    >>> name_key("合计"), name_key("小计"), name_key("填表人"), name_key("审核人"), name_key("联系电话")
    (False, False, False, False, False)
    """
    text = text.strip()
    return _NAME_KEY.fullmatch(text) is not None and _FORM_WORD.match(text) is None


#: What a form's totals row or footer has in its first cell (as ``fanpin.model.columns.TOTALS_PATTERN``,
#: ``FOOTER_WORDS`` and ``FOOTER_COUNT`` say): 合计, 总计, 小计, 总人数, 总户数; the words of who filled the form in,
#: checked it, and when; a count in Chinese digits, 共六户 (共和 is no count).
_FORM_WORD = re.compile(
    "[合总小][ \u3000]?计|总[人户]数|填表|填报|制表|审核|复核|负责人|经办人|统计|联系"
    "|共[计有]?[\u3007零一二两三四五六七八九十百千万]"
)


def personal_key(text: str) -> bool:
    """Whether a 户编号 is a person's: it is or holds an ID number (:func:`holds_id`: a county that keys
    its households by the head's ID number), or it holds a mobile number as a whole run of digits
    (``13912345678``, ``H13912345678``, ``13912345678-1``: a county that keys them by the head's phone, with
    a prefix or a suffix or not, each had been written in clear in the outputs), or it is a person's name
    (:func:`name_key`: ``张某华``, typed in the 户编号 column, had been written in clear where an ID number was
    masked).

    >>> personal_key("532328199001011238"), personal_key("H532328199001011238-1"), personal_key("13912345678")
    (True, True, True)
    >>> personal_key("H13812345678"), personal_key("5323281990010112381"), personal_key("13912345678A")
    (True, True, True)
    >>> personal_key("5323280000000001"), personal_key("53232810100001"), personal_key("1391234567801")
    (False, False, False)
    >>> personal_key("139 1234 5678"), personal_key("139-1234-5678"), personal_key("532328 19900101 1238")
    (True, True, True)
    >>> personal_key("张某华"), personal_key("H5323280001")
    (True, False)

    So is one in scientific notation whose digits are an ID or a mobile number (an ID number kept as a number,
    as a spreadsheet saves it: refused, its 户编号 had been shown in clear beside its value masked):

    >>> personal_key("5.32328199001011E+17"), personal_key("5.32328000000012E+15"), personal_key("5.32328E+15")
    (True, False, False)
    """
    if name_key(text):
        return True
    plain = text.translate(_HALF_WIDTH)
    # as written, and written in groups (139 1234 5678, 532328 19900101 1238) without the spaces and dashes
    # between its digits, as mask_numbers masks it in any text (13912345678-1 is a mobile number as written)
    return any(
        holds_id(key) or _MOBILE_KEY.search(key) is not None or _scientific_numbers(key)
        for key in {plain, _KEY_GROUPS.sub("", plain)}
    )


#: A space or a dash between two digits of a key (its groups).
_KEY_GROUPS = re.compile(r"(?<=[0-9])[ \-](?=[0-9])")
#: A key written in groups of digits (a space or a dash between two of them): looked at by
#: :func:`personal_key` when it has eleven digits or more (:func:`key_candidates`).
_GROUPED_KEY = r"[0-9\uff10-\uff19][ \-\u3000\uff0d][0-9\uff10-\uff19]"


def key_candidates(keys: pl.Series) -> pl.Series:
    """Whether each 户编号 may be a person's (:func:`personal_key` decides): :data:`KEY_CANDIDATE`, eleven
    digits or more written in groups, or Chinese characters with no letter or digit (a name: :func:`name_key`)
    (polars patterns and a count, over the column)."""
    found = keys.str.contains(KEY_CANDIDATE).fill_null(False)
    wide = (keys.str.len_bytes() != keys.str.len_chars()).fill_null(False)  # a character beyond ASCII: a name's?
    if wide.any():
        found = found | (wide & keys.str.contains(_NAME_CANDIDATE).fill_null(False))
    grouped = keys.str.contains(_GROUPED_KEY).fill_null(False)
    if grouped.any():
        long = keys.str.count_matches(r"[0-9\uff10-\uff19]").fill_null(0) >= 11
        found = found | (grouped & long)
    return found


def masked_key(text: str) -> str:
    """A 户编号 that is a person's (:func:`personal_key`) as it may be shown: as :func:`mask_numbers`
    masks it, and the mobile or ID number in it masked too where that leaves it (``13912345678-1``: a number
    followed by a dash and a digit reads as a number in groups, which ``mask_numbers`` leaves to its length);
    a name (:func:`name_key`) as :func:`mask` masks a name, its first character kept.

    >>> masked_key("13912345678-1"), masked_key("H13912345678"), masked_key("532328199001011238")
    ('1391***5678-1', 'H1391***5678', '5323**********1238')
    >>> masked_key("张某华"), masked_key("阿依古丽·买买提")
    ('张**', '阿*******')
    """
    if name_key(text):
        name = text.strip()
        at = text.index(name)
        return text[:at] + mask(name) + text[at + len(name) :]
    shown = mask_numbers(text)
    plain = text.translate(_HALF_WIDTH)  # the same length: a place in it is the same place in text
    spans = [found.span() for found in (*_MOBILE_KEY.finditer(plain), *_ID_RUN.finditer(plain))]
    for at, end in [*spans, *_scientific_numbers(plain)]:
        if shown[at:end] == text[at:end]:  # not masked yet (a mask keeps a number's length)
            shown = shown[:at] + _number_masked(text[at:end]) + shown[end:]
    return shown


#: An ID number's 18 characters at the start of a run of digits (the run may go on: a member's number after it).
_ID_RUN = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx]")


def masked_keys(keys: pl.Series) -> tuple[pl.Series, int]:
    """A column of 户编号 with each that is a person's number or name (:func:`personal_key`) masked
    (:func:`masked_key`), and how many were; the others (the national system's household numbers) as they
    are. Only the cells :func:`key_candidates` finds are looked at one by one."""
    candidate = key_candidates(keys)
    if not candidate.any():
        return keys, 0
    where = candidate.arg_true()
    cells = keys.gather(where).to_list()
    masked = {text: shown_key(text) for text in set(cells)}
    changed = [masked[text] != text for text in cells]
    if not any(changed):
        return keys, 0
    return keys.clone().scatter(where, [masked[text] for text in cells]), sum(changed)


def shown_key(text: str) -> str:
    """A 户编号 as a message names it: as the scored table's 户编号 column writes it, masked where it is a
    person's (:func:`masked_key`), as it is otherwise (the national system's sixteen digits, which
    :func:`mask_numbers` would take for a bank card number: a message names it with ``shown=``, as
    :class:`~fanpin.errors.FanpinError` takes it, and the command line writes it so; a clerk had found the
    household in neither file).

    >>> shown_key("张某华"), shown_key("13912345678-1"), shown_key("H5323280001"), shown_key("5323280000000118")
    ('张**', '1391***5678-1', 'H5323280001', '5323280000000118')
    """
    return masked_key(text) if personal_key(text) else text


def kept_keys(*keys: str | None) -> frozenset[str]:
    """Those of ``keys`` (户编号) a message writes as they are (:func:`shown_key`): the ones that are no person's.

    >>> sorted(kept_keys("5323280000000118", "532328199001011238", None, ""))
    ['5323280000000118']
    """
    return frozenset(k for k in keys if k and not personal_key(k))
