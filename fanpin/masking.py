"""Masking personal values in text: the one definition every output, message and error uses.

It imports nothing from fanpin, so that :mod:`fanpin.errors` (below every other module) can mask the
text of every error. :mod:`fanpin.model.values` re-exports it; the batch engine applies
:data:`NUMBER_MASKS` to whole columns (:func:`fanpin.batch.validate.masked_numbers`).
"""

from __future__ import annotations

import re

__all__ = ["NUMBER_MASKS", "mask", "mask_numbers"]


def mask(text: str) -> str:
    """Keep the first 4 and last 4 characters; names (short) become ``*`` but for the first character.

    >>> mask("532328199001011234"), mask("李某华")
    ('5323**********1234', '李**')
    """
    if len(text) > 8:
        return text[:4] + "*" * (len(text) - 8) + text[-4:]
    return text[:1] + "*" * (len(text) - 1)


#: Personal numbers found by their shape in any text (a note, a column with an unexpected name): an
#: 18-character ID number and an 11-digit mobile number, masked as :func:`mask` masks them (first 4 and
#: last 4 kept). ASCII digits only, and no look-around, so that polars' regex engine reads them alike.
NUMBER_MASKS = (
    (r"([0-9]{4})[0-9]{10}([0-9]{3}[0-9Xx])", "**********"),
    (r"(1[3-9][0-9]{2})[0-9]{3}([0-9]{4})", "***"),
)
_NUMBER_MASKS = [(re.compile(pattern), stars) for pattern, stars in NUMBER_MASKS]


def mask_numbers(text: str) -> str:
    """Every ID number and mobile number in ``text`` masked; the rest as it is.

    >>> mask_numbers("户主532328199001011234，电话13812345678")
    '户主5323**********1234，电话1381***5678'
    """
    for pattern, stars in _NUMBER_MASKS:
        text = pattern.sub(rf"\g<1>{stars}\g<2>", text)
    return text
