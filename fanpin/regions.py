"""Region codes (行政区划代码): the one definition the models, the batch validator, the options and the
parameter files use.

A region code is a Chinese administrative division code (GB/T 2260, and the statistical division codes
of the National Bureau of Statistics) or the code of a level above the village: 2 digits a province
(省), 4 a prefecture (市), 6 a county (县), 9 a township (乡) and 12 a village (村). No division code has
1, 3, 5, 7, 8, 10, 11 or more than 12 digits: an 11-digit mobile number typed into 行政区划代码 was
read as region 13 (Hebei) and scored with its parameters, and written out in clear.

It imports nothing from fanpin, so that every layer can use it.

>>> region_code_error("532328") is None, region_code_error("532328101203") is None
(True, True)
>>> region_code_error("13912345670").split("; ")[0]
'行政区划代码 has 11 digits'
"""

from __future__ import annotations

import re

__all__ = [
    "NOT_REGION",
    "REGION_CODE",
    "REGION_DIGITS",
    "REGION_LENGTHS",
    "is_region_code",
    "region_code_error",
    "region_length_error",
]

#: The number of digits of a division code: 省 2, 市 4, 县 6, 乡 9, 村 12.
REGION_LENGTHS = (2, 4, 6, 9, 12)
#: A region code as a regular expression (Python's and polars' alike).
REGION_CODE = "^(?:" + "|".join(f"[0-9]{{{n}}}" for n in REGION_LENGTHS) + ")$"
#: What a division code is, as the reasons and messages say it.
REGION_DIGITS = "a division code has 2, 4, 6, 9 or 12 digits (省/市/县/乡/村)"
#: A 行政区划代码 that is not digits (ASCII ``0`` to ``9`` only) is refused for this reason.
NOT_REGION = "not a region code; write the division code's 2, 4, 6, 9 or 12 digits (省/市/县/乡/村), e.g. 532328"
#: The end of the reason for a code of digits of another length (:func:`region_length_error`).
_LENGTH_FIX = "write the household's code (a phone or ID number is not one)"

_DIGITS = re.compile(r"[0-9]+")


def region_length_error(digits: int) -> str:
    """The reason a 行政区划代码 of ``digits`` ASCII digits (not 2, 4, 6, 9 or 12) is refused."""
    return f"行政区划代码 has {digits} digit{'' if digits == 1 else 's'}; {REGION_DIGITS}: {_LENGTH_FIX}"


def region_code_error(text: str) -> str | None:
    """Why ``text`` (trimmed) is not a region code, or None when it is one."""
    if _DIGITS.fullmatch(text) is None:
        return NOT_REGION
    if len(text) not in REGION_LENGTHS:
        return region_length_error(len(text))
    return None


def is_region_code(text: object) -> bool:
    """Whether ``text`` is a region code: text of 2, 4, 6, 9 or 12 ASCII digits."""
    return isinstance(text, str) and _DIGITS.fullmatch(text) is not None and len(text) in REGION_LENGTHS
