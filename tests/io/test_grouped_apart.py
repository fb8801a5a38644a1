"""The export's second pass for a file whose households' rows are far apart (sorted by 与户主关系: every
head first, then every spouse …): it had held nearly every row of the file until the file's end (1 000 000
households sorted so peaked at 2 951 MiB and took 937 s, against 907 MiB and 151 s grouped on disk). Past
:data:`fanpin.io.export.HELD_ROWS` rows' worth held it groups the rows on disk instead
(:func:`fanpin.io.export._grouped_apart`), and must give what grouping them in memory gives: the same
households with the same rows, the same rows refused, in the same order."""

from __future__ import annotations

import errno
import pickle
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import fanpin.io.export as export
from fanpin.errors import InputFileError, OutputError
from fanpin.messages import error_message
from tests.io.test_key_scan import CELLS, HEADER, LINE_ENDS, REGION, TITLES, _both_ways, _row, _write


def _apart(patch: pytest.MonkeyPatch, bucket_rows: int = 2) -> None:
    """Every file grouped on disk, in buckets of a few rows (many buckets, most households alone in theirs)."""
    patch.setattr(export, "HELD_ROWS", -1)
    patch.setattr(export, "BUCKET_ROWS", bucket_rows)


def _items(path: Path) -> object:
    """Every item of the second pass and what the resolver makes of each (or the error's text)."""
    try:
        _, groups, resolve = export.export_groups(path, region=REGION, unique=tuple(export.UNIQUE_FIELDS))
        items = list(groups)
    except InputFileError as exc:
        return str(exc)
    return [(item, item.beside if isinstance(item, export.HouseholdRows) else None, resolve(item)) for item in items]


def _in_memory_and_apart(path: Path, bucket_rows: int = 2) -> tuple[object, object]:
    """:func:`_items` grouped in memory and on disk, each by columns and row by row (all four must agree)."""
    in_memory = _both_ways(lambda: _items(path))
    with pytest.MonkeyPatch.context() as patch:
        _apart(patch, bucket_rows)
        apart = _both_ways(lambda: _items(path))
    assert in_memory[0] == in_memory[1] and apart[0] == apart[1]
    return in_memory[0], apart[0]


#: A member row as :func:`_row` writes it, of household ``H<n>`` in a village, or without 户编号 (``n`` None):
#: a member row when it names a person (an ID number), else a line without one (a total under the table).
ROWS = st.lists(
    st.tuples(st.sampled_from(["一村", "二村"]), st.none() | st.integers(0, 5), CELLS, st.booleans()), max_size=30
)


@given(rows=ROWS, again=st.lists(st.integers(0, 30), max_size=2), eol=LINE_ENDS, bucket_rows=st.sampled_from([1, 3]))
@example(  # a total line between a household and a member row without 户编号: the household is not beside it
    rows=[("一村", 1, "", True), ("一村", 2, "", True), ("一村", None, "", False), ("一村", None, "", True),
          ("一村", 1, "", True), ("一村", 2, "", True)], again=[], eol="\n", bucket_rows=1,
)  # fmt: skip
@example(  # a row broken in two (lines ending in CR, a LF in a cell), then a member row without 户编号: beside it
    rows=[("一村", 0, "two\nlines", False), ("一村", None, "", True)], again=[], eol="\r", bucket_rows=1
)
def test_grouped_on_disk_as_in_memory(
    tmp_path_factory: pytest.TempPathFactory,
    rows: list[tuple[str, int | None, str, bool]],
    again: list[int],
    eol: str,
    bucket_rows: int,
) -> None:
    """Households whose rows are apart (a 户编号 drawn for each row), rows without 户编号 with a person or without
    one among them, the header repeated: grouped on disk, the second pass gives what it gives in memory."""
    person_id = "53232819800101001X"
    data = [
        _row(["元谋县", "一乡", village, "" if n is None else f"H{n}", person_id if person else "", phone, "是", "是"])
        for village, n, phone, person in rows
    ]
    for at in again:
        data.insert(min(at, len(data)), list(HEADER))
    path = _write(tmp_path_factory.mktemp("apart") / "export.csv", TITLES, data, eol, "utf-8")
    in_memory, apart = _in_memory_and_apart(path, bucket_rows)
    assert apart == in_memory


def _relationship_sorted(households: int) -> list[list[str]]:
    """An export of ``households`` households of three, sorted as a clerk sorts by 与户主关系: every head,
    then every spouse, then every child."""
    return [
        _row(["元谋县", "一乡", "一村", f"H{n}", f"5323281980010{n:04d}{member}", "", "是", "是"])
        for member in range(3)
        for n in range(households)
    ]


@pytest.mark.parametrize(
    ("first", "last", "held"),
    [
        ([1, 4, 7], [3, 6, 9], 1),  # each household's rows together: one held at a time
        ([1, 2, 3], [4, 5, 6], 3),  # heads, then spouses: all three
        ([1, *range(2, 100)], [100, *range(2, 100)], 99),  # a household's last row at the end holds all after it
        ([5, 1, 3], [6, 2, 4], 1),  # in any order
        ([], [], 0),
    ],
)
def test_the_households_held_at_once(first: list[int], last: list[int], held: int) -> None:
    """The second pass gives households in the order of their first rows, each once it and every one before it
    is complete: from the first and last lines, the most it holds at once."""
    from fanpin.io.key_scan import _held

    assert _held(np.array(first, dtype=np.int64), np.array(last, dtype=np.int64)) == held


def test_a_file_sorted_by_relationship_is_grouped_on_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Both first passes count the households held; past HELD_ROWS rows' worth the rows are grouped on disk,
    a file in household order is not (the same households either way, each with its rows)."""
    apart_calls: list[int] = []
    grouped_apart = export._grouped_apart

    def counted(placed: object, rows: int) -> object:
        apart_calls.append(rows)
        return grouped_apart(placed, rows)  # type: ignore[arg-type]

    monkeypatch.setattr(export, "_grouped_apart", counted)
    monkeypatch.setattr(export, "HELD_ROWS", 10)
    by_relationship = _write(tmp_path / "sorted.csv", TITLES, _relationship_sorted(40), "\n", "utf-8")
    rows = sorted(_relationship_sorted(40), key=lambda row: int(row[3][1:]))
    together = _write(tmp_path / "together.csv", TITLES, rows, "\n", "utf-8")

    def households(path: Path) -> list[tuple[str, list[int]]]:
        _, groups, _ = export.export_groups(path, region=REGION)
        return [(item.key[-1], item.lines) for item in groups if isinstance(item, export.HouseholdRows)]

    for read in _both_ways(lambda: households(by_relationship)):
        assert read == [(f"H{n}", [n + 4, n + 44, n + 84]) for n in range(40)]
    assert apart_calls == [120, 120]  # by columns, then row by row
    for read in _both_ways(lambda: households(together)):
        assert read == [(f"H{n}", [3 * n + 4, 3 * n + 5, 3 * n + 6]) for n in range(40)]
    assert len(apart_calls) == 2


def test_grouping_on_a_disk_without_room_is_told_as_such(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The rows grouped on disk are written to anonymous temporary files: a disk without room there is the
    error naming the temporary folder and TMPDIR, as for the first pass's notes."""
    path = _write(tmp_path / "export.csv", TITLES, _relationship_sorted(3000), "\n", "utf-8")
    _apart(monkeypatch, bucket_rows=1000)

    def full(*_: object, **__: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    _, groups, _ = export.export_groups(path, region=REGION)  # the first pass writes its notes as usual
    monkeypatch.setattr(pickle, "dump", full)  # KeptRows writes its rows so
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", None)  # read TMPDIR again
    with pytest.raises(OutputError) as caught:
        list(groups)
    assert error_message(caught.value, "en") == (
        f"fanpin: error: {tmp_path}: cannot write the run's temporary files in this folder: No space left on device "
        "[output] Fix: make room on that disk, or set TMPDIR to a folder on a disk with room"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.csv"]  # anonymous files: nothing left


def test_households_grouped_on_disk_go_to_workers_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A household grouped on disk is the same object a worker is sent: its rows as written, read into cells
    there."""
    path = _write(tmp_path / "export.csv", TITLES, _relationship_sorted(20), "\n", "utf-8")
    _apart(monkeypatch)
    _, groups, _ = export.export_groups(path, region=REGION)
    items = [item for item in groups if isinstance(item, export.HouseholdRows)]
    assert len(items) == 20 and all(item._cells is None for item in items)
    assert pickle.loads(pickle.dumps(items[3])) == items[3]
