"""Headers holding characters no one sees (a zero-width space, a joiner, a byte-order mark that text pasted from a
web page or a Word table leaves) name the column they show, in every format both engines read, in the export and
in a host's table: a 户编号 so written was a file with no 户编号, and a 核查人 so written a second column looking
like the first.
"""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from fanpin import Scorer
from fanpin.errors import InputFileError
from fanpin.synthetic import write_person_export_csv
from tests.helpers import AS_OF, REGION, csv_workbook, score_file
from tests.paths import HOUSEHOLDS_CSV

#: What each header is written with: its text with a character no one sees before or after it.
_HIDDEN = {"户编号": "户编号\u200b", "工资性收入": "\u2060工资性收入\u200d", "户类型": "\ufeff户类型"}


def _table(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    """A household table of ``rows`` under ``header`` at ``path``, in the format its suffix names."""
    if path.suffix == ".jsonl":
        with path.open("w", encoding="utf-8") as f:
            f.writelines(json.dumps(dict(zip(header, row, strict=True)), ensure_ascii=False) + "\n" for row in rows)
        return path
    if path.suffix == ".parquet":
        pl.DataFrame([pl.Series(h, [r[i] for r in rows], dtype=pl.String) for i, h in enumerate(header)]).write_parquet(
            path
        )
        return path
    text = path.with_suffix(".csv") if path.suffix == ".xlsx" else path
    with text.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([header, *rows])
    return csv_workbook(text, path) if path.suffix == ".xlsx" else path


def _example(count: int = 12) -> tuple[list[str], list[list[str]]]:
    with HOUSEHOLDS_CSV.open(encoding="utf-8-sig", newline="") as f:
        header, *rows = list(csv.reader(f))
    return header, rows[:count]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".jsonl", ".parquet"])
def test_a_household_tables_headers_with_invisible_characters_name_their_columns(
    engine_name: str, suffix: str, tmp_path: Path
) -> None:
    header, rows = _example()
    hidden = [_HIDDEN.get(h, h) for h in header]
    assert hidden != header
    (tmp_path / "clean").mkdir()
    clean = _table(tmp_path / "clean" / f"in{suffix}", header, rows)
    written = _table(tmp_path / f"in{suffix}", hidden, rows)
    outputs = []
    for source in (clean, written):
        out, errors = source.parent / "out.csv", source.parent / "errors.csv"
        run = score_file(source, out, errors, "--engine", engine_name, "--keep-columns", "all")
        assert run.code == 0, run.err
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert "\u200b".encode() not in outputs[1] and "\u200d".encode() not in outputs[1]


def test_a_character_no_one_sees_inside_a_header_is_shown_in_the_fix(engine_name: str, tmp_path: Path) -> None:
    """户 and 编号 parted by a zero-width space name no column: the file is refused, the fix showing the character."""
    header, rows = _example(3)
    source = _table(tmp_path / "in.csv", ["户\u200b编号" if h == "户编号" else h for h in header], rows)
    run = score_file(source, tmp_path / "out.csv", tmp_path / "errors.csv", "--engine", engine_name)
    assert run.code == 2
    assert "rename 户<U+200B>编号 to 户编号" in run.err


def test_two_headers_alike_but_for_an_invisible_character_are_one_column_given_twice(
    engine_name: str, tmp_path: Path
) -> None:
    """核查人 and 核查人 followed by a zero-width space: refused as the same column, as 核查人 twice is, where
    both were passed through as two columns looking alike."""
    header, rows = _example(3)
    source = _table(tmp_path / "in.csv", [*header, "核查人", "核查人\u200b"], [[*r, "甲", "乙"] for r in rows])
    out = tmp_path / "out.csv"
    run = score_file(source, out, tmp_path / "errors.csv", "--engine", engine_name, "--keep-columns", "all")
    assert run.code == 2
    width = len(header)
    assert f"columns {width + 1} and {width + 2} (核查人, 核查人) are the same column" in run.err
    assert not out.exists()


def test_a_header_row_again_with_invisible_characters_is_the_header_again(engine_name: str, tmp_path: Path) -> None:
    """Two tables joined, the second's header written with a zero-width space: refused as the header again, in
    its place, as the header written plainly is, and the rows around it scored."""
    header, rows = _example(4)
    hidden = [_HIDDEN.get(h, h) for h in header]
    refused = []
    for name, again in (("plain", header), ("hidden", hidden)):
        (tmp_path / name).mkdir()
        source = _table(tmp_path / name / "in.csv", header, [*rows[:2], again, *rows[2:]])
        out, errors = tmp_path / name / "out.csv", tmp_path / name / "errors.csv"
        run = score_file(source, out, errors, "--engine", engine_name, "--lang", "en")
        assert run.code == 3, run.err
        assert len(out.read_text(encoding="utf-8-sig").splitlines()) == 1 + 4
        refused.append(errors.read_text(encoding="utf-8-sig"))
    assert refused[0] == refused[1]
    assert refused[1].splitlines()[1:] == [
        "4,,,,this row repeats the header row (two files joined into one?): delete it"
    ]


def test_an_exports_headers_with_invisible_characters_name_their_columns(engine_name: str, tmp_path: Path) -> None:
    clean = write_person_export_csv(tmp_path / "clean.csv", 40)
    with clean.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    at = next(i for i, row in enumerate(rows) if "户编号" in row)
    shown = {
        "户编号": "户编号\u200b",
        "证件号码": "\u200b证件号码",
        "与户主关系": "与户主关系\u2060",
        "健康状况": "健康状况\ufeff",
    }
    rows[at] = [shown.get(h, h) for h in rows[at]]
    written = tmp_path / "hidden.csv"
    with written.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    outputs = []
    for source in (clean, written):
        out = tmp_path / f"{source.stem}.out.csv"
        run = score_file(
            source, out, tmp_path / f"{source.stem}.errors.csv", "--engine", engine_name, "--checks", "with"
        )
        assert run.code in (0, 3), run.err
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_a_hosts_table_names_its_columns_as_a_file_header_does() -> None:
    """A table given to :meth:`Scorer.score` whose names hold spaces or characters no one sees (a pandas frame
    read from a clerk's sheet) is read by the names they show; two names alike but for them are refused."""
    header, rows = _example(5)
    columns = {h: [r[i] for r in rows] for i, h in enumerate(header)}
    plain = Scorer().score(pl.DataFrame(columns), as_of=AS_OF, region=REGION)
    odd = Scorer().score(
        pl.DataFrame({f" {_HIDDEN.get(h, h)} ": column for h, column in columns.items()}), as_of=AS_OF, region=REGION
    )
    assert odd.scored.equals(plain.scored) and odd.rejected.height == 0
    twice = pl.DataFrame(columns).with_columns(pl.lit("甲").alias("核查人"), pl.lit("乙").alias("核查人\u200b"))
    with pytest.raises(InputFileError, match=r"the column 核查人<U\+200B> is given twice"):
        Scorer().score(twice, as_of=date(2025, 6, 30), region=REGION)
