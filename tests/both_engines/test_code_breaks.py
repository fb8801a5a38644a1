"""A 户编号 with a tab or a line break inside it (``A\\t5323…``: text pasted from another program; ``53232500\\n…``:
a line typed with Alt+Enter, quoted in the CSV) is no household code. It had been read as written: in a
household table, a household of its own; in an export, a household of its own too, the household the row
belongs to scored without that member. Each such row is refused saying why and what to do, on both engines,
in both layouts and languages; in an export it names no household, and the households beside it are refused
with it, as beside a row without 户编号. Spaces, tabs and line breaks around a code are trimmed, as before."""

from __future__ import annotations

from pathlib import Path

import pytest

from fanpin import Household, RecordValidationError
from fanpin.model.member import Member
from fanpin.model.values import BROKEN_ID, CONTROL_ID
from fanpin.results.reasons import reason_text
from fanpin.synthetic import write_household_csv, write_person_export_csv
from tests.helpers import read_csv, score_file, with_cells

LANGS = pytest.mark.parametrize("lang", ["zh", "en"])


@LANGS
def test_a_household_table_refuses_a_code_with_a_tab_or_a_line_break_inside(
    tmp_path: Path, engine_name: str, lang: str
) -> None:
    source = write_household_csv(tmp_path / "in.csv", 5)
    ids = [row[0] for row in with_cells(source, {})[1:]]
    cells = {(2, "户编号"): f"A\t{ids[0]}", (3, "户编号"): f"{ids[1][:8]}\n{ids[1][8:]}", (5, "户编号"): f" {ids[3]}\t"}
    with_cells(source, cells)
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    run = score_file(source, out, errors, "--engine", engine_name, "--lang", lang)
    assert run.code == 3, run.err
    assert [r["household_id"] for r in read_csv(out)] == [ids[2], ids[3], ids[4]]  # a tab at the end: trimmed
    reason = reason_text(BROKEN_ID, lang)
    refused = [(int(r["line"]), r["household_id"], r["column"], r["reason"]) for r in read_csv(errors)]
    assert refused == [(2, f"A\t{ids[0]}", "户编号", reason), (3, f"{ids[1][:8]}\n{ids[1][8:]}", "户编号", reason)]


@LANGS
def test_an_export_refuses_the_row_and_the_household_beside_it(tmp_path: Path, engine_name: str, lang: str) -> None:
    source = write_person_export_csv(tmp_path / "export.csv", 3)  # households: lines 4-7, 8-10, 11-13
    rows = with_cells(source, {}, header_line=3, encoding="utf-8-sig")
    at = rows[2].index("户编号")
    second, third = rows[7][at], rows[10][at]
    # the second household's middle row: its line break makes it span lines 9 and 10
    cells = {(9, "户编号"): f"{second[:8]}\n{second[8:]}", (11, "户编号"): f"\t{third}\t"}
    with_cells(source, cells, header_line=3, encoding="utf-8-sig")
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    run = score_file(source, out, errors, "--engine", engine_name, "--lang", lang)
    assert run.code == 3, run.err
    assert [r["household_id"] for r in read_csv(out)] == [rows[3][at], third]
    refused = {int(r["line"]): (r["household_id"], r["column"], r["reason"]) for r in read_csv(errors)}
    assert refused.pop(9) == ("", "户编号", reason_text(BROKEN_ID, lang))
    assert set(refused) == {8, 11}  # its household's other rows, refused as beside it
    assert {household for household, _, _ in refused.values()} == {second}


def test_the_models_refuse_it_and_trim_the_ends() -> None:
    incomes = {"工资性收入": "0", "生产经营性收入": "0", "财产性收入": "0", "转移性收入": "0"}
    records: list[tuple[type[Household | Member], dict[str, str]]] = [
        (Household, {"户类型": "脱贫户", "家庭人口数": "1", **incomes}),
        (Member, {}),
    ]
    for model, record in records:
        for written in ("A\t5323", "5323\n0002", "5323\r\n0002", "5323\u20280002", "5323\x1f0002"):
            with pytest.raises(RecordValidationError, match="holds a tab or a line break inside it"):
                model.model_validate({**record, "户编号": written})
        assert model.model_validate({**record, "户编号": "\t H1\r\n"}).household_id == "H1"
        assert model.model_validate({**record, "户编号": "H 1"}).household_id == "H 1"  # a space: read as written


def test_the_reason_reads_in_both_languages() -> None:
    assert reason_text(BROKEN_ID, "zh").startswith("户编号中间含有制表符或换行符")
    assert reason_text(BROKEN_ID, "en").startswith("household_id (户编号) holds a tab or a line break")


@LANGS
def test_a_code_holding_another_control_character_is_refused_not_written(
    tmp_path: Path, engine_name: str, lang: str
) -> None:
    """A 户编号 holding a NUL, an escape, a DEL or a C1 control (a damaged cell; an .xlsx's ``_x0000_``) had been
    scored and written with it into the scored table, a NUL or a terminal's escape sequence among the text tools
    read: each such household is refused, in a household table and in an export whose rows all write it so (one
    row written so of several is a household written two ways, as before), shown as ``<U+0000>``."""
    source = write_household_csv(tmp_path / "in.csv", 5)
    ids = [row[0] for row in with_cells(source, {})[1:]]
    written = {
        2: f"{ids[0]}\x00",
        3: f"{ids[1][:3]}\x1b[2J{ids[1][3:]}",
        4: f"{ids[2]}\x7f",
        5: f"{ids[3][:4]}\x85{ids[3][4:]}",
    }  # U+0085 at an end is trimmed, as a line break
    with_cells(source, {(line, "户编号"): text for line, text in written.items()})
    export = write_person_export_csv(tmp_path / "export.csv", 3)  # households: lines 4-7, 8-10, 11-13
    rows = with_cells(export, {}, header_line=3, encoding="utf-8-sig")
    at = rows[2].index("户编号")
    second = rows[7][at]
    with_cells(export, {(line, "户编号"): f"{second}\x00" for line in (8, 9, 10)}, header_line=3, encoding="utf-8-sig")
    reason = reason_text(CONTROL_ID, lang)
    for given, kept, lines in ((source, [ids[4]], [2, 3, 4, 5]), (export, [rows[3][at], rows[10][at]], [8, 9, 10])):
        out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
        run = score_file(given, out, errors, "--engine", engine_name, "--lang", lang)
        assert run.code == 3, run.err
        assert [r["household_id"] for r in read_csv(out)] == kept
        assert not any(
            0 < ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in out.read_text(encoding="utf-8-sig") if c != "\n"
        )
        refused = {int(r["line"]): r for r in read_csv(errors)}
        assert sorted(refused) == lines and all(reason in r["reason"] for r in refused.values()), refused
        assert all(c not in errors.read_text(encoding="utf-8-sig") for c in "\x00\x1b\x7f\x85")
        assert "<U+0000>" in errors.read_text(encoding="utf-8-sig")
        out.unlink()
        errors.unlink()


def test_the_models_refuse_a_control_character() -> None:
    for written in ("H1\x00", "H\x1b1", "\x00H1", "H1\x7f", "H1\x9f"):
        for model in (Household, Member):
            record = {"户类型": "脱贫户", "家庭人口数": "1"} if model is Household else {}
            with pytest.raises(RecordValidationError, match="holds a control character"):
                model.model_validate({**record, "户编号": written})
    assert reason_text(CONTROL_ID, "zh").startswith("户编号中含有控制字符")
    assert reason_text(CONTROL_ID, "en").startswith("household_id (户编号) holds a control character")
