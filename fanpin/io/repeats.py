"""The values of a field read more than once across a person-level export (its ID numbers, its phones), as
the export's first pass finds them and its households' checks ask of them.

Most such values have one of two shapes: an ID number (17 digits and a check, a digit or X) or digits
alone (a phone). Each of those is held as one 64-bit integer (:func:`packed`, which :func:`unpacked` reads
back as the same text), the others as text. A file may repeat most of its values — two exports joined
repeat every one, and so does the synthetic export of ten million households in one county's code — and
a set of Python texts took some 100 bytes a value (a gigabyte and more for ten million), where a sorted
array of integers takes 8.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import polars as pl

__all__ = ["Repeated", "pack", "packed", "unpacked"]

#: What :func:`packed` reads: an ID number's 17 digits and its check (a digit or X), and up to 17 digits alone.
ID_NUMBER, DIGITS = r"^[0-9]{17}[0-9X]$", r"^[0-9]{1,17}$"
#: Digits alone are packed from here up (an ID number below it: 17 digits × 11 < 1.1 × 10¹⁸).
_DIGITS_FROM = 2 * 10**18
_PACKABLE = re.compile(r"([0-9]{17})([0-9X])|[0-9]{1,17}")


def packed(value: pl.Expr) -> pl.Expr:
    """Each text of the forms :data:`ID_NUMBER` and :data:`DIGITS` as one integer, which :func:`unpacked`
    reads back as the same text (null: another text): an ID number as its first 17 digits × 11 + its check
    (X: 10); digits alone as 2 × 10¹⁸ + their count × 10¹⁷ + their number (the count keeps leading zeros).
    :func:`pack` is the same for one text."""
    import polars as pl  # loaded when a file is read, not when fanpin is imported

    check = value.str.slice(17)
    as_id = value.str.slice(0, 17).cast(pl.Int64, strict=False) * 11 + pl.when(check == "X").then(10).otherwise(
        check.cast(pl.Int64, strict=False)
    )
    as_digits = _DIGITS_FROM + value.str.len_bytes().cast(pl.Int64) * 10**17 + value.cast(pl.Int64, strict=False)
    return pl.when(value.str.contains(ID_NUMBER)).then(as_id).when(value.str.contains(DIGITS)).then(as_digits)


def pack(text: str) -> int | None:
    """:func:`packed` of one text."""
    found = _PACKABLE.fullmatch(text)
    if found is None:
        return None
    digits, check = found.groups()
    if digits is not None:
        return int(digits) * 11 + (10 if check == "X" else int(check))
    return _DIGITS_FROM + len(text) * 10**17 + int(text)


def unpacked(numbers: Iterable[int]) -> list[str]:
    """The texts :func:`packed` made ``numbers`` of."""
    texts = []
    for number in numbers:
        if number < _DIGITS_FROM:
            digits, check = divmod(number, 11)
            texts.append(f"{digits:017d}{'X' if check == 10 else check}")
        else:
            count, digits = divmod(number - _DIGITS_FROM, 10**17)
            texts.append(f"{digits:0{count}d}")
    return texts


class Repeated:
    """The values of one field read more than once (as :func:`fanpin.io.export.unique_key` reads them): those
    :func:`packed` as a sorted array of integers, the others as texts. ``value in repeated`` asks of one
    value, :meth:`among` of a column of them. Its ``repr`` names how many values it holds, never a value
    (ID numbers and phones are personal data)."""

    __slots__ = ("_columns", "numbers", "texts")

    def __init__(self, numbers: np.ndarray | Sequence[int] | None = None, texts: Iterable[str] = ()) -> None:
        import numpy as np  # loaded when a file is read: ``import fanpin`` does not load numpy

        #: the packed values, sorted, each once
        self.numbers: np.ndarray = np.unique(np.asarray(numbers if numbers is not None else [], dtype=np.int64))
        #: the values of another shape
        self.texts: frozenset[str] = frozenset(texts)
        self._columns: tuple[pl.Series, pl.Series] | None = None  # for among(), made once a process

    def __reduce__(self) -> tuple[Callable[..., Repeated], tuple[np.ndarray, frozenset[str]]]:
        return _restored, (self.numbers, self.texts)  # a worker process makes its own columns

    @classmethod
    def of(cls, values: Iterable[str]) -> Repeated:
        """The values given, each packed where it can be."""
        numbers: list[int] = []
        texts: list[str] = []
        for value in values:
            number = pack(value)
            if number is None:
                texts.append(value)
            else:
                numbers.append(number)
        return cls(numbers, texts)

    def __contains__(self, value: object) -> bool:
        if not isinstance(value, str):
            return False
        number = pack(value)
        if number is None:
            return value in self.texts
        at = int(self.numbers.searchsorted(number))
        return at < len(self.numbers) and int(self.numbers[at]) == number

    def among(self, values: pl.Series) -> pl.Series:
        """Whether each of ``values`` (texts) is one of these (null where a value is null)."""
        import polars as pl

        frame = values.alias("value").to_frame().with_columns(packed(pl.col("value")).alias("number"))
        if self._columns is None:  # asked of every chunk: the texts sorted once
            self._columns = (
                pl.Series("numbers", self.numbers, dtype=pl.Int64),
                pl.Series("texts", sorted(self.texts), dtype=pl.String),
            )
        numbers, texts = self._columns
        return frame.select(
            pl.when(pl.col("number").is_not_null())
            .then(pl.col("number").is_in(numbers.implode()))
            .otherwise(pl.col("value").is_in(texts.implode()))
        ).to_series()

    def __iter__(self) -> Iterator[str]:
        """Every value, as text (the packed ones read back)."""
        yield from self.texts
        for start in range(0, len(self.numbers), 1 << 16):
            yield from unpacked(self.numbers[start : start + (1 << 16)].tolist())

    def __len__(self) -> int:
        return len(self.numbers) + len(self.texts)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Repeated):
            return NotImplemented
        return (
            self.texts == other.texts
            and self.numbers.shape == other.numbers.shape
            and bool((self.numbers == other.numbers).all())
        )

    __hash__ = None  # type: ignore[assignment]  # mutable arrays: not a key

    def __repr__(self) -> str:
        return f"Repeated({len(self)} values)"


def _restored(numbers: np.ndarray, texts: frozenset[str]) -> Repeated:
    """A :class:`Repeated` sent to a worker process: its numbers already sorted, each once (not sorted again)."""
    made = Repeated.__new__(Repeated)
    made.numbers, made.texts, made._columns = numbers, texts, None
    return made
