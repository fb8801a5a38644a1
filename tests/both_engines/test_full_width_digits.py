"""A refused cell written with full-width digits (20000, 532328…, 12,000 as wide as Chinese characters, as an input
method types them in its full-width mode) is refused for them, with the fix, on both engines, in both languages, in a
household table (CSV or .xlsx), in the person-level export and through the host API; it had been told it was no
amount, no whole number or no region code of 2 to 12 digits, the clerk seeing digits. Full-width digits are still
not read: only the reason changed. A month column's five digits from 1970's days on (``45123``) are explained as
Excel's count of days, naming the month (2023-07-16: 202307), as a date column's are.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from fanpin import Household, RecordValidationError, Scorer
from fanpin.model.member import Member
from fanpin.model.values import (
    FULL_WIDTH_DIGITS,
    NOT_WHOLE,
    full_width,
    number_for_month,
    parse_bool,
    parse_date,
    parse_int,
    parse_money,
    parse_month,
)
from fanpin.results.reasons import reason_text
from fanpin.synthetic import write_person_export_csv
from tests.helpers import (
    AS_OF,
    HOUSEHOLD,
    SCORE_ARGS,
    csv_workbook,
    read_csv,
    run_cli,
    score_file,
    with_cells,
    write_rows,
)

LANGS = pytest.mark.parametrize("lang", ["zh", "en"])
#: ASCII digits and signs → their full-width forms.
WIDE = str.maketrans({**{d: chr(ord(d) + 0xFEE0) for d in "0123456789"}, ".": "\uff0e", "-": "\uff0d", ",": "\uff0c"})


def wide(text: str) -> str:
    """``text`` with its ASCII digits, points, minus signs and commas full-width."""
    return text.translate(WIDE)


HEADER = (
    "户编号,行政区划代码,户类型,家庭人口数,工资性收入,生产经营性收入,财产性收入,转移性收入,劳动力人数,识别监测时间,"
    "贷款到期日"
)
#: (household, column, cell, reason), each on a row of its own.
CELLS = [
    ("H1", "行政区划代码", wide("532328101203"), FULL_WIDTH_DIGITS),  # 12 digits seen
    ("H2", "工资性收入", wide("1"), FULL_WIDTH_DIGITS),
    ("H3", "工资性收入", wide("20000"), FULL_WIDTH_DIGITS),
    ("H4", "工资性收入", wide("12,000.5"), FULL_WIDTH_DIGITS),
    ("H5", "工资性收入", "12\uff0c000", FULL_WIDTH_DIGITS),  # ASCII digits, a full-width comma
    ("H6", "家庭人口数", wide("4"), FULL_WIDTH_DIGITS),
    ("H7", "劳动力人数", wide("2"), FULL_WIDTH_DIGITS),
    ("H8", "识别监测时间", wide("202307"), FULL_WIDTH_DIGITS),
    ("H9", "贷款到期日", wide("2026-03-31"), FULL_WIDTH_DIGITS),
    ("H10", "识别监测时间", "45123", number_for_month(45123)),  # Excel's count of days: 2023-07-16
    ("H11", "识别监测时间", "45123.0", number_for_month(45123)),
    ("H12", "识别监测时间", "20234", "not a month; write YYYYMM, e.g. 202304"),  # 2023-4 without its zero
    ("H13", "家庭人口数", "x", NOT_WHOLE),
    ("H14", "工资性收入", "无，待核实", "not an amount of money; write digits with at most one decimal point"),
]


def _table(path: Path) -> Path:
    rows = [HEADER]
    for household, column, cell, _ in CELLS:
        cells = [household, "532328", "脱贫户", "4", "20000", "0", "0", "0", "", "", ""]
        values = dict(zip(HEADER.split(","), cells, strict=True))
        values[column] = f'"{cell}"' if "," in cell else cell
        rows.append(",".join(values.values()))
    return write_rows(path, rows)


def test_the_parsers_refuse_full_width_digits_for_them_and_read_none() -> None:
    texts: list[tuple[Callable[[object], object], str]] = [(parse_money, wide("20000"))]
    texts += [(parse_int, wide("4")), (parse_month, wide("202307"))]
    texts += [(parse_date, wide("2026-03-31")), (parse_money, "12\uff0c000"), (parse_date, "2026\uff0d03\uff0d31")]
    texts += [(parse_bool, wide("1")), (parse_bool, wide("0"))]  # a yes/no column's 1/0
    for parse, text in texts:
        with pytest.raises(ValueError, match="full-width digits") as refused:
            parse(text)
        assert str(refused.value) == FULL_WIDTH_DIGITS
    with pytest.raises(ValueError, match=r"^not an amount"):
        parse_money("无，待核实")  # a Chinese comma beside no digit is no digit's
    assert not full_width("无，待核实") and full_width("1\uff0e5")
    with pytest.raises(ValueError) as refused:
        parse_month("45123")
    assert str(refused.value) == number_for_month(45123) and "2023-07-16: write 202307" in str(refused.value)


@LANGS
def test_a_household_table_names_full_width_digits_and_excels_day_count(
    tmp_path: Path, engine_name: str, lang: str
) -> None:
    source = _table(tmp_path / "in.csv")
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    run = run_cli("score", source, *SCORE_ARGS, "--engine", engine_name, "--lang", lang, "--out", out,
                  "--errors", errors)  # fmt: skip
    assert run.code == 3, run.err
    assert read_csv(out) == []  # nothing in full-width digits is read
    rows = read_csv(errors)
    refused = [(r["household_id"], r["column"], r["reason"]) for r in rows]
    assert refused == [(h, column, reason_text(reason, lang)) for h, column, _, reason in CELLS]
    assert [r["value"] for r in rows][:-1] == [cell for _, _, cell, _ in CELLS][:-1]  # the last one masked (无****)
    said = {h: reason for h, _, reason in refused}
    if lang == "zh":
        assert said["H3"].startswith("使用了全角数字或符号") and "请改为半角" in said["H3"]
        assert said["H10"].endswith("45123 是 2023-07-16：请填 202307，或把该列设置为日期格式后重新保存文件")
        assert said["H13"] == "不是整数；请填写整数，例如 4"
    else:
        assert said["H3"].startswith("written with full-width digits") and "write them half-width" in said["H3"]
        assert "45123 is 2023-07-16: write 202307" in said["H10"]


@LANGS
def test_both_engines_write_the_same_bytes(tmp_path: Path, lang: str) -> None:
    source = _table(tmp_path / "in.csv")
    written = []
    for engine in ("batch", "durable"):
        out, errors = tmp_path / f"{engine}.csv", tmp_path / f"{engine}-e.csv"
        run = run_cli("score", source, *SCORE_ARGS, "--engine", engine, "--lang", lang, "--out", out,
                      "--errors", errors)  # fmt: skip
        assert run.code == 3, run.err
        written.append((out.read_bytes(), errors.read_bytes()))
    assert written[0] == written[1]


@LANGS
def test_a_workbooks_day_count_in_a_month_column_and_its_full_width_text_cells(
    tmp_path: Path, engine_name: str, lang: str
) -> None:
    """An .xlsx month cell holding the number 45123 (the column not formatted as a date), and text cells in
    full-width digits, are refused as the CSV's are."""
    source = write_rows(tmp_path / "in.csv", [HEADER, *(f"H{n},532328,脱贫户,4,20000,0,0,0,,," for n in (1, 2, 3))])
    cells: dict[tuple[int, str], tuple[float | str, str | None]] = {
        (2, "识别监测时间"): (45123, None),
        (3, "家庭人口数"): (wide("4"), None),
        (4, "工资性收入"): (wide("20000"), None),
    }
    book = csv_workbook(source, tmp_path / "in.xlsx", cells)
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    run = run_cli("score", book, *SCORE_ARGS, "--engine", engine_name, "--lang", lang, "--out", out,
                  "--errors", errors)  # fmt: skip
    assert run.code == 3, run.err
    refused = [(r["column"], r["value"], r["reason"]) for r in read_csv(errors)]
    assert refused == [
        ("识别监测时间", "45123", reason_text(number_for_month(45123), lang)),
        ("家庭人口数", wide("4"), reason_text(FULL_WIDTH_DIGITS, lang)),
        ("工资性收入", wide("20000"), reason_text(FULL_WIDTH_DIGITS, lang)),
    ]


@LANGS
def test_the_export_names_full_width_digits_in_member_and_household_columns(
    tmp_path: Path, engine_name: str, lang: str
) -> None:
    source = write_person_export_csv(tmp_path / "export.csv", 3)  # households: lines 4-7, 8-10, 11-13
    cells = {(line, "工资性收入"): wide("20000") for line in range(4, 8)}
    cells |= {(line, "识别监测时间"): "45123" for line in range(8, 11)}
    cells |= {(11, "公益性岗位(月数)"): wide("6"), (12, "出生日期"): wide("1980-01-01")}
    cells |= {(13, "最低生活保障金"): wide("12,000")}
    cells |= {(line, "耕地面积（亩）"): wide("3.5") for line in range(11, 14)}
    with_cells(source, cells, header_line=3, encoding="utf-8-sig")
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    run = run_cli("score", source, *SCORE_ARGS, "--engine", engine_name, "--lang", lang, "--out", out,
                  "--errors", errors)  # fmt: skip
    assert run.code == 3, run.err
    refused = {(int(r["line"]), r["column"]): r["reason"] for r in read_csv(errors)}
    named, month = reason_text(FULL_WIDTH_DIGITS, lang), reason_text(number_for_month(45123), lang)
    assert refused == {(line, column): month if text == "45123" else named for (line, column), text in cells.items()}


def test_the_host_api_names_them(tmp_path: Path) -> None:
    for field, value, reason in (
        ("size", wide("4"), FULL_WIDTH_DIGITS),
        ("wage_income", wide("20000"), FULL_WIDTH_DIGITS),
        ("region_code", wide("532328"), FULL_WIDTH_DIGITS),
        ("identified_month", 45123, number_for_month(45123)),  # a number given in a dict, as a cell's
        ("size", "x", NOT_WHOLE),
    ):
        with pytest.raises(RecordValidationError) as info:
            Household.model_validate(HOUSEHOLD | {field: value})
        assert [e["msg"].removeprefix("Value error, ") for e in info.value.errors()] == [reason]
    with pytest.raises(RecordValidationError, match="full-width digits"):
        Member.model_validate({"户编号": "H1", "行政区划代码": wide("532328")})
    scorer = Scorer()
    with pytest.raises(RecordValidationError, match="full-width digits"):
        scorer.assess(HOUSEHOLD | {"size": wide("4")}, as_of=AS_OF)
    records = [
        HOUSEHOLD | {"household_id": "H1", "size": wide("4")},
        HOUSEHOLD | {"household_id": "H2", "identified_month": "45123"},
    ]
    for lang in ("zh", "en"):
        rejected = scorer.score(records, as_of=date(2025, 6, 30), lang=lang).rejected
        assert rejected.get_column("reason").to_list() == [
            reason_text(FULL_WIDTH_DIGITS, lang),
            reason_text(number_for_month(45123), lang),
        ]


@LANGS
def test_a_yes_no_column_names_full_width_digits(engine_name: str, lang: str, tmp_path: Path) -> None:
    """住房出现安全问题 written with a full-width one was told only that it was no yes/no value, where an amount's
    full-width digit was named."""
    header = "户编号,行政区划代码,户类型,家庭人口数,工资性收入,生产经营性收入,财产性收入,转移性收入,住房出现安全问题"
    rows = [f"H{n},532328101203,脱贫户,4,20000,8000,0,2000,{cell}" for n, cell in enumerate((wide("1"), "x"), 1)]
    source = write_rows(tmp_path / "in.csv", [header, *rows])
    errors = tmp_path / "e.csv"
    run = score_file(source, tmp_path / "o.csv", errors, "--engine", engine_name, "--lang", lang)
    assert run.code == 3, run.err
    reasons = [r["reason"] if lang == "en" else r["原因"] for r in read_csv(errors, ids=False)]
    assert reasons[0] == reason_text(FULL_WIDTH_DIGITS, lang)
    assert reasons[1] != reasons[0] and ("yes/no" in reasons[1] or "是/否" in reasons[1])
