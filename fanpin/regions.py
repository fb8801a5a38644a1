"""Region codes (行政区划代码): the one definition the models, the batch validator, the options and the
parameter files use.

A region code is a Chinese administrative division code (GB/T 2260, and the statistical division codes
of the National Bureau of Statistics) or the code of a level above the village: 2 digits a province
(省), 4 a prefecture (市), 6 a county (县), 9 a township (乡) and 12 a village (村). No division code has
1, 3, 5, 7, 8, 10, 11 or more than 12 digits: an 11-digit mobile number typed into 行政区划代码 was
read as region 13 (Hebei) and scored with its parameters, and written out in clear. Its first two digits
are its province's code (:data:`PROVINCES`): ``99``, ``990101`` or ``000000`` name no province, and had
been scored with the national parameters, the warnings asking for values of "region 99".

It imports nothing from fanpin, so that every layer can use it.

>>> region_code_error("532328") is None, region_code_error("532328101203") is None
(True, True)
>>> region_code_error("13912345670").split("; ")[0]
'行政区划代码 has 11 digits'
>>> region_code_error("990101").split("; ")[0]
'the first two digits of 行政区划代码, 99, name none of the 31 provinces of the monitoring'
>>> is_region_code("53"), is_region_code("99"), is_region_code("810000")
(True, False, False)
"""

from __future__ import annotations

import re

__all__ = [
    "NOT_REGION",
    "PROVINCES",
    "PROVINCE_CODES",
    "PROVINCE_RULE",
    "PROVINCE_SPANS",
    "REGION_CODE",
    "REGION_DIGITS",
    "REGION_LENGTHS",
    "REGION_SHAPE",
    "is_region_code",
    "no_province",
    "province_error",
    "region_code_error",
    "region_length_error",
    "region_shaped",
]

#: The province-level divisions (省级行政区) the rural monitoring covers, by their code: the first two digits of
#: every division code of theirs. Official source: GB/T 2260《中华人民共和国行政区划代码》 (the Ministry of Civil
#: Affairs publishes its current codes). GB/T 2260 also gives 71 台湾, 81 香港 and 82 澳门, which have no rural
#: poverty monitoring: no household of the monitoring data is there, so a code starting with them is refused,
#: as a mistyped code is (scoring it with the national parameters would hide the mistake).
PROVINCES = {
    "11": "北京", "12": "天津", "13": "河北", "14": "山西", "15": "内蒙古",
    "21": "辽宁", "22": "吉林", "23": "黑龙江",
    "31": "上海", "32": "江苏", "33": "浙江", "34": "安徽", "35": "福建", "36": "江西", "37": "山东",
    "41": "河南", "42": "湖北", "43": "湖南", "44": "广东", "45": "广西", "46": "海南",
    "50": "重庆", "51": "四川", "52": "贵州", "53": "云南", "54": "西藏",
    "61": "陕西", "62": "甘肃", "63": "青海", "64": "宁夏", "65": "新疆",
}  # fmt: skip
#: The codes of :data:`PROVINCES`: a region code's first two digits are one of them (a set lookup of text[:2]).
PROVINCE_CODES = frozenset(PROVINCES)

#: The number of digits of a division code: 省 2, 市 4, 县 6, 乡 9, 村 12.
REGION_LENGTHS = (2, 4, 6, 9, 12)
#: Text of digits of a division code's length, whatever its first two (Python's and polars' regex alike).
REGION_SHAPE = "^(?:" + "|".join(f"[0-9]{{{n}}}" for n in REGION_LENGTHS) + ")$"
#: A region code as a regular expression (Python's and polars' alike): a province's code, then the digits of
#: the prefecture, county, township and village, as many as its level has.
REGION_CODE = (
    "^(?:"
    + "|".join(sorted(PROVINCE_CODES))
    + ")(?:"
    + "|".join(f"[0-9]{{{n - 2}}}" for n in REGION_LENGTHS[1:])
    + ")?$"
)


def _spans(codes: frozenset[str]) -> str:
    """``codes`` (two digits each) as runs of consecutive codes: ``11-15, 21-23, …``."""
    numbers = sorted(int(c) for c in codes)
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else f"{r[0]}" for r in runs)


#: The codes of :data:`PROVINCES` as runs: ``11-15, 21-23, 31-37, 41-46, 50-54, 61-65``.
PROVINCE_SPANS = _spans(PROVINCE_CODES)
#: What a division code's first two digits are, as the reasons and messages say it (one text: the reasons file
#: and the messages translate it whole).
PROVINCE_RULE = (
    f"a division code starts with its province's code (GB/T 2260): {PROVINCE_SPANS} "
    "(53 云南, 52 贵州, …); check the code"
)
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


def no_province(code: str) -> str:
    """Why a code of a division code's length whose first two digits are no province's is none: its first two
    digits, and what they should be (``'99': its first two digits, 99, name none of the 31 provinces …``)."""
    return f"its first two digits, {code[:2]}, name none of the 31 provinces of the monitoring; {PROVINCE_RULE}"


def region_shaped(text: str) -> bool:
    """Whether ``text`` is ASCII digits of a division code's length (2, 4, 6, 9 or 12), whatever its first two."""
    return len(text) in REGION_LENGTHS and _DIGITS.fullmatch(text) is not None


def province_error(prefix: str) -> str:
    """The reason a 行政区划代码 of a division code's length whose first two digits ``prefix`` are no province
    of :data:`PROVINCES` is refused."""
    return (
        f"the first two digits of 行政区划代码, {prefix}, name none of the 31 provinces of the monitoring; "
        f"{PROVINCE_RULE}"
    )


def region_code_error(text: str) -> str | None:
    """Why ``text`` (trimmed) is not a region code, or None when it is one."""
    if _DIGITS.fullmatch(text) is None:
        return NOT_REGION
    if len(text) not in REGION_LENGTHS:
        return region_length_error(len(text))
    if text[:2] not in PROVINCE_CODES:
        return province_error(text[:2])
    return None


def is_region_code(text: object) -> bool:
    """Whether ``text`` is a region code: text of 2, 4, 6, 9 or 12 ASCII digits, the first two a province's."""
    return (
        isinstance(text, str)
        and text[:2] in PROVINCE_CODES
        and len(text) in REGION_LENGTHS
        and _DIGITS.fullmatch(text) is not None
    )
