"""An area's or a distance's cell (住房面积, 耕地面积（亩）, 与村主干路距离: read as money is, in no 元) that is
refused says why, as an amount's does: too large (with the limit), written with an exponent, a space between its
digits, a decimal comma, a person's number. Every one had been "not a number; write digits with at most one decimal
point", whose fix is what the clerk had typed (1234567890123, 1e2, ``1 234``). The same on both engines, in both
languages, and in the model's parser (:func:`~fanpin.model.vocabulary.parse_quantity`) that the host API reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import pytest

from fanpin import RecordValidationError
from fanpin.model.member import Member
from fanpin.model.values import (
    EXPONENT_NUMBER,
    FULL_WIDTH_DIGITS,
    NOT_GROUPED_NUMBER,
    NOT_MONEY,
    NOT_NUMBER,
    ODD_SIGN_MONEY,
    ODD_SIGN_NUMBER,
    PERSONAL_NUMBER_QUANTITY,
    SPACED_MONEY,
    SPACED_NUMBER,
    TOO_LARGE_QUANTITY,
    UNIT_MONEY,
    parse_money,
)
from fanpin.model.vocabulary import parse_quantity
from fanpin.results.reasons import reason_text
from fanpin.synthetic import write_person_export_csv
from tests.helpers import HEADER, SCORE_ARGS, export_household_lines, read_csv, run_cli, with_cells, write_rows

#: (column, cell, reason): each given to every row of a household of its own.
CELLS = [
    ("住房面积", "1234567890123", TOO_LARGE_QUANTITY),
    ("住房面积", "999999999999.995", TOO_LARGE_QUANTITY),  # rounds up to 10^12
    ("住房面积", "1e20", TOO_LARGE_QUANTITY),
    ("耕地面积（亩）", "1e2", EXPONENT_NUMBER),
    ("耕地面积（亩）", "1 234", SPACED_NUMBER),
    ("与村主干路距离", "1,5", NOT_GROUPED_NUMBER),
    ("住房面积", "13812345678", PERSONAL_NUMBER_QUANTITY),
    ("住房面积", "约80", NOT_NUMBER),
    ("住房面积", "80元", NOT_NUMBER),  # an area's cell with a money unit: no 元 in its reason
    ("耕地面积（亩）", "\uff13\uff0e\uff15", FULL_WIDTH_DIGITS),
    ("住房面积", "\u22123.5", ODD_SIGN_NUMBER),  # a word processor's minus sign
    ("与村主干路距离", "(2)", ODD_SIGN_NUMBER),  # an accounting format's negative
]


@pytest.mark.parametrize(("cell", "reason"), [(cell, reason) for _, cell, reason in CELLS])
def test_the_models_parser_says_why(cell: str, reason: str) -> None:
    with pytest.raises(ValueError) as refused:
        parse_quantity(cell)
    assert str(refused.value) == reason
    with pytest.raises(RecordValidationError) as info:
        Member.model_validate({"户编号": "H1", "住房面积": cell})
    assert [e["msg"].removeprefix("Value error, ") for e in info.value.errors()] == [reason]


def test_a_quantity_still_reads_as_before() -> None:
    """Only the reasons changed: what was read is read as before."""
    assert [parse_quantity(c) for c in ("3.5", " 12 ", "1,234.5", "1e-05", "")] == [
        Decimal("3.50"),
        Decimal("12.00"),
        Decimal("1234.50"),
        Decimal("0.00"),
        None,
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_export_says_why_on_both_engines(tmp_path: Path, engine_name: str, lang: str) -> None:
    source = write_person_export_csv(tmp_path / "export.csv", len(CELLS) + 2)
    households = list(export_household_lines(source).values())
    cells = {(line, column): text for (column, text, _), ls in zip(CELLS, households, strict=False) for line in ls}
    with_cells(source, cells, header_line=3)
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    run = run_cli("score", source, *SCORE_ARGS, "--engine", engine_name, "--lang", lang, "--out", out,
                  "--errors", errors)  # fmt: skip
    assert run.code == 3, run.err
    refused = {(int(r["line"]), r["column"]): r["reason"] for r in read_csv(errors)}
    expected = {
        (line, column): reason_text(reason, lang)
        for (column, _, reason), ls in zip(CELLS, households, strict=False)
        for line in ls
    }
    assert refused == expected


#: An amount's cells with a space inside, and the reason each is refused for.
MONEY_CELLS = [
    ("1 234", SPACED_MONEY),
    ("8 700.50", SPACED_MONEY),
    ("1\u3000234", SPACED_MONEY),  # an ideographic space
    ("1,234 5", "not an amount of money: a comma only groups thousands (8,700.50); write a decimal point, e.g. 1.5"),
    ("约80", NOT_MONEY),
]
#: An amount written with its unit or a currency sign: told to write the 元 alone (it had been "write digits",
#: which a clerk reading 0.5万 could take for 0.5).
UNIT_CELLS = [
    ("12 元", UNIT_MONEY),  # a unit after the number: no digit after the space
    ("5000元", UNIT_MONEY),
    ("5,000.50元", UNIT_MONEY),
    ("0.5万", UNIT_MONEY),
    ("3千元", UNIT_MONEY),
    ("￥5000", UNIT_MONEY),
    ("¥ 5000元", UNIT_MONEY),
    ("5000块", UNIT_MONEY),
    ("5000元整", NOT_MONEY),  # more than a unit: said as before
]


def _refused_on_both_engines(
    tmp_path: Path, engine_name: str, lang: str, cells: Sequence[tuple[str, str]], fine: str
) -> tuple[Path, Path]:
    """Each of ``cells`` (工资性收入 as written, the reason it is refused for) refused by the model's parser, and
    in a file beside a row of ``fine`` scored on ``engine_name``: each row refused with its reason in ``lang``.
    The scored table and the errors file."""
    for cell, reason in cells:
        with pytest.raises(ValueError) as refused:
            parse_money(cell)
        assert str(refused.value) == reason
    assert HEADER.split(",")[4] == "工资性收入"
    rows = [f'H{n},532328,脱贫户,2,"{cell}",0,0,0,x' for n, (cell, _) in enumerate(cells)]
    source = write_rows(tmp_path / "in.csv", [HEADER, *rows, f"H9,532328,脱贫户,2,{fine},0,0,0,x"])
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    run = run_cli("score", source, *SCORE_ARGS, "--engine", engine_name, "--lang", lang, "--out", out,
                  "--errors", errors)  # fmt: skip
    assert run.code == 3, run.err
    refused_rows = {r["household_id"]: r["reason"] for r in read_csv(errors)}
    assert refused_rows == {f"H{n}": reason_text(reason, lang) for n, (_, reason) in enumerate(cells)}
    return out, errors


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_amount_with_a_space_inside_is_told_so_on_both_engines(tmp_path: Path, engine_name: str, lang: str) -> None:
    """工资性收入 ``1 234`` (thousands grouped by a space) was "not an amount of money; write digits with at most
    one decimal point": the batch validator and the model's parser now both say a space stands inside."""
    _refused_on_both_engines(tmp_path, engine_name, lang, MONEY_CELLS, "1234")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_amount_with_its_unit_is_told_to_write_the_yuan_alone(tmp_path: Path, engine_name: str, lang: str) -> None:
    """工资性收入 ``5000元`` or ``0.5万`` was "not an amount of money; write digits with at most one decimal point":
    the model's parser and the batch validator now both say the unit is the fault and what to write, and a row
    so fixed (the 元 alone) is scored."""
    out, errors = _refused_on_both_engines(tmp_path, engine_name, lang, UNIT_CELLS, "5000")
    assert [r["household_id"] for r in read_csv(out)] == ["H9"]
    # each cell shown as written, an amount naming no one (5000块 had been masked as a name, 5****)
    assert [r["value"] for r in read_csv(errors)] == [cell for cell, _ in UNIT_CELLS]
    told = reason_text(UNIT_MONEY, lang)
    assert "5000" in told and "万" in told and ("元" in told)


#: An amount written negative as a word processor or an accounting format writes it: told so, where it was "write
#: digits with at most one decimal point", which the clerk had (−500 copied from a document, (500) from a ledger).
ODD_SIGN_CELLS = [
    ("\u2212500", ODD_SIGN_MONEY),  # MINUS SIGN
    ("\u2013 500", ODD_SIGN_MONEY),  # an en dash, a space after it
    ("\ufe63500.5", ODD_SIGN_MONEY),  # SMALL HYPHEN-MINUS
    ("(500)", ODD_SIGN_MONEY),
    ("(1,500.50)", ODD_SIGN_MONEY),  # had been told a comma only groups thousands
    ("(abc)", NOT_MONEY),  # no number in the brackets: said as before
    ("500\u2212", NOT_MONEY),  # a sign after the number: said as before
]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_amount_written_negative_otherwise_is_told_the_sign_to_write(
    tmp_path: Path, engine_name: str, lang: str
) -> None:
    _refused_on_both_engines(tmp_path, engine_name, lang, ODD_SIGN_CELLS, "-0")
