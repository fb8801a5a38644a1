"""When two written keys (户编号, or 县, 乡, 村) are the same key: as the person-level export groups its rows
(:mod:`fanpin.io.export`), and as every reader of a household table refuses the rows of a 户编号 written
two ways (:class:`SeenIds`: ``fanpin score``, :class:`fanpin.Scorer`, :func:`~fanpin.io.read_households`).

It lies below the readers (:mod:`fanpin.io.readers`), which the export reader is built on, so that both
read keys by the one rule.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Container
from dataclasses import dataclass, field

from fanpin.model.columns import DUPLICATE_ID, ID_TWO_WAYS, ID_TWO_WAYS_LATER
from fanpin.model.values import INVISIBLE, INVISIBLE_CHARACTER, WHITESPACE

__all__ = ["ODD_KEY", "SPACE", "SeenIds", "id_key_text", "key_text", "spelling"]

#: The characters no one sees (:data:`~fanpin.model.values.INVISIBLE`), which a 户编号 (or 县, 乡, 村) carries by
#: mistake, and an input method's full-width forms (U+FF15 for 5). Rows are grouped by their keys read without
#: them, so that such a row joins its household, which its other spelling then refuses (it was a household of
#: its own, scored, and the real one scored without that member).
ODD_KEY = rf"[\uff01-\uff5e{INVISIBLE}]"
_ODD_KEY = re.compile(ODD_KEY)
#: ASCII's small letters as capitals, and no other character (``str.upper`` makes ß SS): a key's letters are
#: read in one case, so that a row whose 户编号 says ``ab`` where its household's others say ``AB`` joins it,
#: and its other spelling refuses the household, as above.
_CAPITALS = str.maketrans(string.ascii_lowercase, string.ascii_uppercase)


def key_text(text: str) -> str:
    """A key cell (its :func:`~fanpin.model.values.excel_text`) as rows are grouped by it: :func:`spelling`,
    its ASCII letters in capitals.

    >>> key_text("\uff15\uff13\uff12\uff13"), key_text("H1\u200b"), key_text("h1"), key_text("张家村ß")
    ('5323', 'H1', 'H1', '张家村ß')
    """
    return spelling(text).translate(_CAPITALS)


#: A space of any kind (:data:`~fanpin.model.values.WHITESPACE`: a cell's ends are trimmed of them, and the
#: ideographic space U+3000 is one), written as escapes so that polars' regex reads it as Python's does. An
#: export's 户编号 is grouped without the spaces inside it (:func:`id_key_text`).
SPACE = "[" + "".join(f"\\u{ord(c):04x}" for c in WHITESPACE) + "]"
_SPACE = re.compile(SPACE)


#: A 户编号 of ASCII digits alone (polars' whole-text pattern): its own key, which no reading of a key changes
#: (:func:`key_text`, :func:`id_key_text`, the model's trimming of an apostrophe or a ``.0``), nor its spelling.
OWN_KEY = "^[0-9]+$"


def id_key_text(text: str) -> str:
    """A person-level export's 户编号 cell as its rows are grouped by it: :func:`key_text` without the spaces
    inside it, so that a member row whose 户编号 is ``5323 280000000001`` (a space typed inside, or a
    spreadsheet's grouping kept) joins the household whose other rows write ``5323280000000001``, which its
    other spelling then refuses, every row (it had been a household of its own, scored, and the real one scored
    without that member). A tab or a line break inside one is refused before (a code that names no household).

    >>> id_key_text("5323 280000000001"), id_key_text("5323\u3000\uff12\uff180000000001"), id_key_text("h 1")
    ('5323280000000001', '5323280000000001', 'H1')
    """
    key = key_text(text)
    return _SPACE.sub("", key) if _SPACE.search(key) else key


def spelling(text: str) -> str:
    """A key cell as its household's rows are compared and its 户编号 is shown: with any of :data:`ODD_KEY`,
    in its compatibility form (NFKC: U+FF15 is 5) without the invisible characters; letters as written.

    >>> spelling("\uff15\uff13\uff12\uff13"), spelling("H1\u200b"), spelling("H1\u200e"), spelling("h1")
    ('5323', 'H1', 'H1', 'h1')
    """
    if _ODD_KEY.search(text) is None:
        return text
    return INVISIBLE_CHARACTER.sub("", unicodedata.normalize("NFKC", text)).strip()


@dataclass
class SeenIds:
    """The 户编号 of a household table's valid rows so far, each as "the same id" (:func:`key_text`: ``H2``
    with an invisible character, in full-width letters or as ``h2`` is ``H2``), as the person-level export
    groups its rows by them. Which of two rows of one id written two ways is the household cannot be told:
    every row of such an id is refused (:data:`~fanpin.model.columns.ID_TWO_WAYS`), which takes knowing the
    ids beforehand (``known``), as a later row may write an earlier one's id the other way.

    Each spelling's first line is remembered (:meth:`first_line`), which a repeat's refusal names: for the ids
    of ``lined`` alone when it is given (those a first pass found more than once), so that a table of millions
    of households, each met once, keeps no line for them."""

    #: the ids known to be written two ways before the rows are read: every row of each is refused
    known: frozenset[str]
    #: the ids found written two ways (a row spelt otherwise than the first of its id), added to
    found: set[str]
    #: each id → the spelling of its first row
    first: dict[str, str] = field(default_factory=dict)
    #: the other spellings met (few)
    others: set[str] = field(default_factory=set)
    #: the ids (as the same id) whose first lines are remembered; None: every id's
    lined: Container[str] | None = None
    #: each spelling met (of an id of ``lined``) → the line of its first row
    lines: dict[str, int] = field(default_factory=dict)

    def reason(self, household_id: str, key: str, line: int = 0) -> str | None:
        """Why the valid row with ``household_id`` (``key``, as the same id) on ``line`` is refused, or None: a
        spelling met before is a duplicate (:data:`~fanpin.model.columns.DUPLICATE_ID`, whose first row
        :meth:`first_line` names), as it always was; one of an id written two ways, each of them."""
        first = self.first.get(key)
        if first == household_id or household_id in self.others:
            return DUPLICATE_ID
        if self.lined is None or key in self.lined:
            self.lines[household_id] = line
        if first is None:
            self.first[key] = household_id
            return ID_TWO_WAYS if key in self.known else None
        self.others.add(household_id)
        self.found.add(key)
        # Found only now, its first row is scored already: a run into files is made again, every row of it
        # refused then (ID_TWO_WAYS); one into a device or a pipe is not, and this reason says so.
        return ID_TWO_WAYS if key in self.known else ID_TWO_WAYS_LATER

    def first_line(self, household_id: str) -> int | None:
        """The line of the first valid row spelling its 户编号 ``household_id`` (a duplicate's
        :meth:`reason` names it), or None where it was not remembered (an id not of ``lined``)."""
        return self.lines.get(household_id)
