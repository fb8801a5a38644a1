"""A 户编号 repeated in another spelling of the same code (``5.00`` after ``5``: Excel's tail of zeros, or a
leading apostrophe, which fanpin takes off a code) is refused as a duplicate with its cell as written in the
errors file's value, and a reason naming the code it is read as; the household_id column is that code. The
value had been the code (``5``), which the clerk could not find on that row. Alike on both engines, whatever
the chunk size (a repeat found within a chunk or across chunks), in a household table, an export (a 户编号 shared
with another 县/乡/村: every row shows its own cell), the library's paths and both languages."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import polars as pl
import pytest

from fanpin import Scorer
from fanpin.io import read_households
from fanpin.io.readers import RejectedRow
from fanpin.model.columns import DUPLICATE_FIRST, duplicate_reason
from fanpin.results.reasons import reason_text
from tests.helpers import AS_OF, HEADER, export_with_cells, read_csv, score_file, write_rows

_ID = "532328199001011238"  # an ID number as a county's 户编号: masked in every output
_ROWS = [
    HEADER,
    "5,532328,脱贫户,2,1000,0,0,0,",
    "5.00,532328,脱贫户,2,1000,0,0,0,",  # the same household, written with a tail of zeros
    "'5,532328,脱贫户,2,1000,0,0,0,",  # and with an apostrophe
    " 5 ,532328,脱贫户,2,1000,0,0,0,",  # and with spaces around it: the code as written
    "6.0,532328,脱贫户,2,1000,0,0,0,",
    "6,532328,脱贫户,2,1000,0,0,0,",  # written as the code it repeats: the reason is the plain one
    f"{_ID},532328,脱贫户,2,1000,0,0,0,",
    f"{_ID}.00,532328,脱贫户,2,1000,0,0,0,",
]


def _expected(lang: str) -> dict[int, tuple[str, str, str]]:
    masked = "5323**********1238"
    return {  # each naming the line of its 户编号's first row
        3: ("5", "5.00", reason_text(duplicate_reason("5.00", "5", 2), lang)),
        4: ("5", "'5", reason_text(duplicate_reason("'5", "5", 2), lang)),
        5: ("5", " 5 ", reason_text(DUPLICATE_FIRST.format(line=2), lang)),
        7: ("6", "6", reason_text(DUPLICATE_FIRST.format(line=6), lang)),
        9: (masked, f"{masked}.00", reason_text(duplicate_reason("x", masked, 8), lang)),
    }


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("chunk", ["1", "1000"])  # across chunks, and within one
def test_a_household_table_shows_the_repeated_key_as_written(
    tmp_path: Path, engine_name: str, lang: str, chunk: str
) -> None:
    source = write_rows(tmp_path / "in.csv", _ROWS)
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    run = score_file(source, out, errors, "--engine", engine_name, "--lang", lang, "--chunk-rows", chunk)
    assert run.code == 3, run.err
    refused = {int(r["line"]): (r["household_id"], r["value"], r["reason"]) for r in read_csv(errors)}
    assert refused == _expected(lang)
    assert _ID not in errors.read_text(encoding="utf-8-sig")


#: In chunks of 2: a 户编号 repeated twice in a chunk whose first row of it repeats an earlier chunk's (lines 8 and
#: 9), and repeats past the first 4 chunks (which check every id until the first pass over the ids answers).
_LATER_ROWS = [
    HEADER,
    *(f"{i},532328,脱贫户,2,1000,0,0,0," for i in ("7", "8", "9", "10", "11", "12", "7", "7.00", "8", "12", "12")),
]


def test_a_repeat_names_the_first_line_of_its_id_whatever_the_chunks(tmp_path: Path, engine_name: str) -> None:
    """Each repeat's reason names the line of the first row of its 户编号 (it had said only that the 户编号 was
    repeated, which a clerk could not find among 50 000 rows): the file's first row of it, whether the repeat
    is in its chunk or a later one, and where a chunk's first row of it repeats an earlier chunk's (the batch
    validator had named the chunk's). The same errors file on both engines, whatever the chunk size (the
    Chinese sentences: above, and in test_languages)."""
    source = write_rows(tmp_path / "in.csv", _LATER_ROWS)
    plain = [reason_text(DUPLICATE_FIRST.format(line=n), "en") for n in (2, 3, 7)]
    expected = {
        8: ("7", "7", plain[0]),
        9: ("7", "7.00", reason_text(duplicate_reason("7.00", "7", 2), "en")),
        10: ("8", "8", plain[1]),
        11: ("12", "12", plain[2]),
        12: ("12", "12", plain[2]),
    }
    files = []
    for chunk in ("2", "1000"):
        out, errors = tmp_path / f"o{chunk}.csv", tmp_path / f"e{chunk}.csv"
        run = score_file(source, out, errors, "--engine", engine_name, "--lang", "en", "--chunk-rows", chunk)
        assert run.code == 3, run.err
        refused = {int(r["line"]): (r["household_id"], r["value"], r["reason"]) for r in read_csv(errors)}
        assert refused == expected, chunk
        files.append(errors.read_bytes())
    assert files.count(files[0]) == len(files)
    _, rows = read_households(source, region="532328")
    read = {r.line: (r.household_id, r.value, reason_text(r.reason, "en")) for r in rows if isinstance(r, RejectedRow)}
    assert read == expected


@pytest.mark.parametrize("kind", ["dicts", "polars", "pandas", "members", "file"])
def test_the_library_shows_the_repeated_key_as_written(tmp_path: Path, kind: str) -> None:
    header, *lines = _ROWS
    records = [dict(zip(header.split(","), line.split(","), strict=True)) for line in lines]
    data: object = {
        "dicts": records,
        "polars": pl.DataFrame(records),
        "pandas": pd.DataFrame(records),
        "members": [{k: v for k, v in record.items() if k != "备注"} | {"members": []} for record in records],
        "file": write_rows(tmp_path / "in.csv", _ROWS),
    }[kind]
    rejected = Scorer().score(data, as_of=AS_OF, lang="en").rejected
    refused = {line: (key, value, reason) for line, key, _, value, reason in rejected.rows()}
    assert refused == _expected("en")


def test_the_row_reader_shows_the_repeated_key_as_written(tmp_path: Path) -> None:
    _, rows = read_households(write_rows(tmp_path / "in.csv", _ROWS), region="532328")
    refused = {r.line: (r.household_id, r.value, r.reason) for r in rows if isinstance(r, RejectedRow)}
    assert refused[3] == ("5", "5.00", duplicate_reason("5.00", "5", 2))
    assert refused[7] == ("6", "6", "duplicate 户编号: each household once; first on line 6")
    assert refused[9][1] == "5323**********1238.00"


def test_an_export_shows_each_row_s_shared_key_as_written(tmp_path: Path, engine_name: str) -> None:
    """The second household (another 乡 and 村) writes the first one's 户编号 with a tail of zeros: both are
    refused, each row showing its own cell, the reason naming the code."""
    source = export_with_cells(tmp_path, {(line, "户编号"): "5323280000000000.00" for line in (8, 9, 10)})
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    run = score_file(source, out, errors, "--engine", engine_name, "--lang", "en")
    assert run.code == 3, run.err
    refused = {int(r["line"]): (r["household_id"], r["value"]) for r in read_csv(errors)}
    assert refused == {
        **{line: ("5323280000000000", "5323280000000000") for line in (4, 5, 6, 7)},
        **{line: ("5323280000000000", "5323280000000000.00") for line in (8, 9, 10)},
    }
    assert all("5323280000000000" in r["reason"] for r in read_csv(errors))


def test_the_first_lines_of_ids_met_once_are_not_kept_past_the_first_pass() -> None:
    """The first chunks remember every id's first line (the first pass over the ids has not answered); once it
    has, only the lines of the ids it may find repeated are kept (a run of millions of households keeps none of
    the others), those still named by a later repeat."""
    from fanpin.io.keys import SeenIds
    from fanpin.pipeline.scored import _candidate_lines, _id_keys

    seen = SeenIds(frozenset(), set())
    for line, household_id in enumerate(["H1", "H2", "h3", "H4"], start=2):
        assert seen.reason(household_id, household_id.upper(), line) is None
    _candidate_lines(seen, _id_keys(pl.Series(["H2", "H3"])).hashes)
    assert seen.lines == {"H2": 3, "h3": 4}
    assert seen.reason("H2", "H2", 9) is not None and seen.first_line("H2") == 3
