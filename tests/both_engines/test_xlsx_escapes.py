"""A character XML cannot hold (a NUL, the other C0 control characters, a carriage return) is written in an .xlsx
cell as ECMA-376's escape, ``_x0000_`` (Excel, WPS, Apache POI and XlsxWriter write so; an underscore that would
start one as ``_x005F_``). openpyxl, whose reading fanpin's mirrors, gave the escape as written: a 户编号 ``H1``
followed by a NUL was the key ``H1_x0000_``, a household of its own beside ``H1`` (and ``H1`` followed by a
carriage return ``H1_x000D_``, where a CSV's was trimmed), in a household table as in a person-level export, while
the same 户编号 in a CSV, a JSON Lines file or a host's record was ``H1`` with an invisible character: the same id
written two ways, every row of it refused. The escape is now read as the character it stands for, and the
workbook's keys are read as the CSV's, on both engines and in both layouts, the errors file naming the
character (``H1<U+0000>``). (A household table's 户编号 holding such a character is refused for it, as a CSV's is;
beside the same 户编号 without it on an export's other member rows, the household is one written two ways.)"""

from __future__ import annotations

import csv
from pathlib import Path

from fanpin import Engine
from fanpin.batch import BatchEngine
from fanpin.model.values import CONTROL_ID
from fanpin.pipeline import score_path
from fanpin.results.reasons import reason_text
from fanpin.synthetic import write_person_export_csv
from tests.helpers import AS_OF, HEADER, REGION, csv_workbook, read_csv

#: Each 户编号 as an .xlsx file writes it, and as a CSV holds it.
_KEYS = [
    ("H1", "H1"),
    ("H1_x0000_", "H1\x00"),  # a NUL after it: refused for it
    ("H2_x0001_", "H2\x01"),  # another C0 control character
    ("H2", "H2"),
    ("H3_x000D_", "H3\r"),  # a carriage return after it: trimmed, as any cell's
    ("H4_x005F_x0000_", "H4_x0000_"),  # an escaped underscore: the text _x0000_ itself
]


def _errors(engine: Engine | BatchEngine, source: Path) -> tuple[list[tuple[str, str, str, str]], list[str]]:
    """The errors file's rows (line, 户编号, value, reason) and the scored 户编号 of ``source``."""
    errors, out = source.with_suffix(".errors.csv"), source.with_suffix(".out.csv")
    score_path(engine, source, out, as_of=AS_OF, region=REGION, errors=errors)
    refused = [(r["line"], r["household_id"], r["value"], r["reason"]) for r in read_csv(errors)]
    return refused, [r["household_id"] for r in read_csv(out)]


def test_a_workbook_s_escaped_character_in_a_key_is_read_as_a_csv_s(
    tmp_path: Path, either_engine: Engine | BatchEngine
) -> None:
    row = ["532328", "脱贫户", "2", "100", "0", "0", "0", ""]
    written = tmp_path / "written.csv"
    with written.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([HEADER.split(","), *[[key, *row] for key, _ in _KEYS]])
    held = tmp_path / "held.csv"
    with held.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([HEADER.split(","), *[[text, *row] for _, text in _KEYS]])
    workbook = csv_workbook(written, tmp_path / "table.xlsx")
    expected = _errors(either_engine, held)
    # A 户编号 holding a control character is refused for it, and, refused, claims no 户编号 (H1 is scored)
    assert {reason for *_, reason in expected[0]} == {reason_text(CONTROL_ID, "zh")}
    assert [(line, shown) for line, _, shown, _ in expected[0]] == [("3", "H1<U+0000>"), ("4", "H2<U+0001>")]
    assert expected[1] == ["H1", "H2", "H3", "H4_x0000_"]
    assert _errors(either_engine, workbook) == expected


def test_an_export_workbook_s_escaped_character_in_a_key_is_read_as_a_csv_s(
    tmp_path: Path, either_engine: Engine | BatchEngine
) -> None:
    """A member row whose 户编号 is its household's followed by a NUL (``_x0000_`` in the workbook) is the
    household's 户编号 written two ways: the household is refused, every row, as in the CSV export; it had been
    a household of its own, and the real one scored without that member."""
    source = write_person_export_csv(tmp_path / "export.csv", 3)
    with source.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    at = rows[2].index("户编号")
    key = rows[4][at]  # line 5: the first household's second member
    for name, tail in (("written", "_x0000_"), ("held", "\x00")):
        rows[4][at] = key + tail
        with (tmp_path / f"{name}.csv").open("w", encoding="utf-8-sig", newline="") as f:
            csv.writer(f).writerows(rows)
    expected = _errors(either_engine, tmp_path / "held.csv")
    household = [r for r in rows[3:] if r[at].startswith(key)]
    assert [line for line, *_ in expected[0]] == [str(n) for n in range(4, 4 + len(household))]
    assert {shown for _, _, shown, _ in expected[0]} == {key, f"{key}<U+0000>"}
    assert key not in expected[1] and len(expected[1]) == 2
    workbook = csv_workbook(tmp_path / "written.csv", tmp_path / "export.xlsx", header_line=3)
    assert _errors(either_engine, workbook) == expected
