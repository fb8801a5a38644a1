"""A money (or area) cell holding NaN as a program writes it (``NaN``, ``nan``, ``-nan``: pandas or numpy
written to a CSV) was refused as "not an amount of money; write digits", which did not say that the cell holds
no number at all. It is refused as not a number (NaN), on both engines, in a household table and in a
person-level export, in both languages; so is an infinite number (``inf``, ``-inf``, ``Infinity``: a division by
zero written out), which had been told the same "write digits". A count's column (家庭人口数, 劳动力人数, a
member's 公益性岗位(月数)) says the same of them, in CSV and in JSON Lines, where it had said "not a whole number".
A JSON Lines number written finite but past the largest float (``1e400``, which ``json`` reads as infinity) is
no infinity: it is told what ``1e20`` is told."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fanpin.model.values import (
    FLOAT_CODE,
    INFINITE_AMOUNT,
    NAN_NUMBER,
    NOT_MONEY,
    NOT_WHOLE,
    TOO_LARGE_MONEY,
    parse_int,
    parse_money,
    quantity_reason,
    too_large_money,
)
from fanpin.results.reasons import reason_text
from tests.helpers import HEADER, ROW, SCORE_ARGS, export_with_cells, read_csv, run_cli, write_rows


@pytest.mark.parametrize("cell", ["NaN", "nan", "-nan", "NAN", " nan "])
def test_the_models_parser_says_nan_is_not_a_number(cell: str) -> None:
    with pytest.raises(ValueError) as refused:
        parse_money(cell)
    assert str(refused.value) == NAN_NUMBER
    assert quantity_reason(NAN_NUMBER) == NAN_NUMBER  # an area's column says the same


@pytest.mark.parametrize("cell", ["inf", "-inf", "+inf", "Infinity", "-Infinity", "INF", float("inf"), float("-inf")])
def test_the_models_parser_says_infinity_is_not_a_number(cell: object) -> None:
    with pytest.raises(ValueError) as refused:
        parse_money(cell)
    assert str(refused.value) == INFINITE_AMOUNT
    assert quantity_reason(INFINITE_AMOUNT) == INFINITE_AMOUNT  # an area's column says the same


@pytest.mark.parametrize("cell", ["nan元", "nano", "NaN5", "info", "infinite", "inf5"])
def test_only_nan_and_infinity_themselves_are_told_so(cell: str) -> None:
    with pytest.raises(ValueError) as refused:
        parse_money(cell)
    assert str(refused.value) not in (NAN_NUMBER, INFINITE_AMOUNT)


def _errors(source: Path, tmp_path: Path, lang: str) -> list[dict[str, str]]:
    """The errors file of ``source`` on both engines in ``lang`` (byte-identical), read."""
    written = []
    for engine_name in ("batch", "durable"):
        errors = tmp_path / f"e-{engine_name}.csv"
        run_cli("score", source, *SCORE_ARGS, "--engine", engine_name, "--lang", lang,
                "--out", tmp_path / f"o-{engine_name}.csv", "--errors", errors)  # fmt: skip
        written.append(errors.read_bytes())
    assert written[0] == written[1]
    return read_csv(tmp_path / "e-batch.csv")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_household_table_says_nan_is_not_a_number_on_both_engines(tmp_path: Path, lang: str) -> None:
    cells = ["NaN", "nan", "-nan", "abc", "inf", "-Infinity"]
    source = write_rows(tmp_path / "t.csv", [HEADER, *(ROW.format(n=n, wage=c) for n, c in enumerate(cells))])
    refused = [(r["household_id"], r["column"], r["reason"]) for r in _errors(source, tmp_path, lang)]
    told = [NAN_NUMBER, NAN_NUMBER, NAN_NUMBER, NOT_MONEY, INFINITE_AMOUNT, INFINITE_AMOUNT]
    assert refused == [(f"H{n}", "工资性收入", reason_text(why, lang)) for n, why in enumerate(told)]


def test_an_export_says_nan_is_not_a_number_on_both_engines(tmp_path: Path) -> None:
    lang = "zh"  # the household table's test has both languages
    cells = {(4, "工资性收入"): "nan", (8, "住房面积"): "NaN", (12, "转移性收入"): "inf"}
    source = export_with_cells(tmp_path, cells)
    refused = {(r["column"], r["reason"]) for r in _errors(source, tmp_path, lang) if r["column"]}
    assert refused == {
        ("工资性收入", reason_text(NAN_NUMBER, lang)),
        ("住房面积", reason_text(NAN_NUMBER, lang)),
        ("转移性收入", reason_text(INFINITE_AMOUNT, lang)),
    }


#: Cells of a count's column that are no number at all, and the reason each is told: it had been "not a whole
#: number; write a whole number such as 4", which said nothing of what the cell holds.
COUNT_CELLS = [("NaN", NAN_NUMBER), ("nan", NAN_NUMBER), ("inf", INFINITE_AMOUNT), ("-inf", INFINITE_AMOUNT),
               ("Infinity", INFINITE_AMOUNT), ("2.5", NOT_WHOLE)]  # fmt: skip


@pytest.mark.parametrize(
    ("cell", "reason"), [*COUNT_CELLS, (float("inf"), INFINITE_AMOUNT), (float("nan"), NAN_NUMBER)]
)
def test_the_models_count_says_nan_and_infinity_are_not_numbers(cell: object, reason: str) -> None:
    with pytest.raises(ValueError) as refused:
        parse_int(cell)
    assert str(refused.value) == reason


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_household_tables_counts_say_so_on_both_engines(tmp_path: Path, lang: str) -> None:
    """家庭人口数 (required) and 劳动力人数 (optional), in a CSV file."""
    rows = [HEADER + ",劳动力人数"]
    rows += [
        ROW.format(n=n, wage=1000).replace(",2,", f",{cell},", 1) + ",1" for n, (cell, _) in enumerate(COUNT_CELLS)
    ]
    rows += [ROW.format(n=n + 10, wage=1000) + f",{cell}" for n, (cell, _) in enumerate(COUNT_CELLS)]
    source = write_rows(tmp_path / "t.csv", rows)
    refused = [(r["household_id"], r["column"], r["reason"]) for r in _errors(source, tmp_path, lang)]
    assert refused == [
        *((f"H{n}", "家庭人口数", reason_text(why, lang)) for n, (_, why) in enumerate(COUNT_CELLS)),
        *((f"H{n + 10}", "劳动力人数", reason_text(why, lang)) for n, (_, why) in enumerate(COUNT_CELLS)),
    ]


def test_json_lines_counts_say_so_on_both_engines(tmp_path: Path) -> None:
    """A JSON Lines file: ``1e400`` and ``-1e400`` (which ``json`` reads as infinity: told as ``1e20`` is, written
    with an exponent, no longer as infinity), and ``NaN`` and ``Infinity`` as text."""
    good = {"户编号": "J0", "行政区划代码": "532328", "户类型": "脱贫户", "家庭人口数": 2, "工资性收入": 1000,
            "生产经营性收入": 0, "财产性收入": 0, "转移性收入": 0, "劳动力人数": 1}  # fmt: skip
    lines = [
        json.dumps(good, ensure_ascii=False),
        json.dumps(good | {"户编号": "J1", "劳动力人数": 0}, ensure_ascii=False).replace(
            '"劳动力人数": 0', '"劳动力人数": 1e400'
        ),
        json.dumps(good | {"户编号": "J2", "家庭人口数": 0}, ensure_ascii=False).replace(
            '"家庭人口数": 0', '"家庭人口数": -1e400'
        ),
        json.dumps(good | {"户编号": "J3", "劳动力人数": "NaN"}, ensure_ascii=False),
        json.dumps(good | {"户编号": "J4", "劳动力人数": "Infinity"}, ensure_ascii=False),
    ]
    source = tmp_path / "t.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    refused = [(r["household_id"], r["column"], r["reason"]) for r in _errors(source, tmp_path, "zh")]
    assert refused == [
        ("J1", "劳动力人数", reason_text(NOT_WHOLE, "zh")),
        ("J2", "家庭人口数", reason_text(NOT_WHOLE, "zh")),
        ("J3", "劳动力人数", reason_text(NAN_NUMBER, "zh")),
        ("J4", "劳动力人数", reason_text(INFINITE_AMOUNT, "zh")),
    ]


#: (a JSON number as written in a JSON Lines line, the column, its reason): one past the largest float (1e400, four
#: hundred digits: ``json`` reads infinity) is too large, as one below it is (1e20), in an amount's column; as a
#: 户编号, a float that holds not every digit, as 1e20 is.
_PAST_FLOATS = [
    ("1e400", "工资性收入", too_large_money(400)),
    ("-1e400", "工资性收入", too_large_money(400)),
    ("2.5E+401", "转移性收入", too_large_money(401)),
    ("1e20", "工资性收入", too_large_money(20)),
    ("1" + "0" * 400 + ".5", "工资性收入", TOO_LARGE_MONEY),
    ("1e400", "户编号", FLOAT_CODE),
    ("1e20", "户编号", FLOAT_CODE),
]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_json_number_past_the_largest_float_is_too_large_not_infinite(tmp_path: Path, lang: str) -> None:
    """``json`` reads ``1e400`` as infinity, and it had been told "not a number (infinity …)": the user wrote a
    finite number, too large, and is told so, as ``1e20`` is, on both engines (the errors files byte-identical),
    in either language. The constants ``Infinity`` and ``NaN``, which JSON does not have, keep their own reason,
    and so does the text ``"Infinity"``."""
    good = {"户编号": "J", "行政区划代码": "532328", "户类型": "脱贫户", "家庭人口数": 2, "工资性收入": 1000,
            "生产经营性收入": 0, "财产性收入": 0, "转移性收入": 0}  # fmt: skip
    lines = []
    for n, (number, column, _) in enumerate(_PAST_FLOATS):
        record = json.dumps(good | {"户编号": f"J{n}", column: "NUMBER"}, ensure_ascii=False)
        lines.append(record.replace('"NUMBER"', number))
    lines.append(json.dumps(good | {"户编号": "K1", "工资性收入": "NUMBER"}).replace('"NUMBER"', "Infinity"))
    lines.append(json.dumps(good | {"户编号": "K2", "工资性收入": "NUMBER"}).replace('"NUMBER"', "NaN"))
    lines.append(json.dumps(good | {"户编号": "K3", "工资性收入": "Infinity"}, ensure_ascii=False))
    source = tmp_path / "t.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    refused = [(r["column"], r["reason"]) for r in _errors(source, tmp_path, lang)]
    assert refused[: len(_PAST_FLOATS)] == [(column, reason_text(why, lang)) for _, column, why in _PAST_FLOATS]
    assert refused[len(_PAST_FLOATS) :] == [
        ("", reason_text("JSON has no value Infinity; write null for a value not known", lang)),
        ("", reason_text("JSON has no value NaN; write null for a value not known", lang)),
        ("工资性收入", reason_text(INFINITE_AMOUNT, lang)),
    ]


def test_an_exports_count_says_so_on_both_engines(tmp_path: Path) -> None:
    """公益性岗位(月数), a member's count."""
    source = export_with_cells(tmp_path, {(4, "公益性岗位(月数)"): "inf", (8, "公益性岗位(月数)"): "NaN"})
    refused = {(r["column"], r["reason"]) for r in _errors(source, tmp_path, "zh") if r["column"]}
    assert refused == {
        ("公益性岗位(月数)", reason_text(INFINITE_AMOUNT, "zh")),
        ("公益性岗位(月数)", reason_text(NAN_NUMBER, "zh")),
    }
