"""Masking by content recognises what a county file holds in free text — 18- and 15-digit ID numbers, an ID
number ending in a lowercase x, disability card numbers, bank cards, mobile numbers written whole or in
groups, landlines with an area code — and leaves ordinary numbers alone (amounts, dates, region codes of 6
and 12 digits, household numbers). One function (:func:`fanpin.masking.mask_numbers`) does it for both
engines: the batch engine runs it on the cells its polars pre-filter lets through, and that pre-filter
never lets a personal number past (a property test).
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from fanpin.errors import InputFileError, Location
from fanpin.masking import (
    CANDIDATE,
    key_candidates,
    mask_numbers,
    mask_numbers_series,
    masked_keys,
    personal_key,
    shown_key,
)
from fanpin.model.columns import FOOTER_WORDS
from tests.helpers import HEADER, export_with_cells, read_csv, run_cli, score_file, write_rows

#: What a county file holds in free text, and how each is masked (first 4 and last 4 characters kept).
PERSONAL = [
    ("532328199001011234", "5323**********1234"),  # an 18-digit ID number
    ("53232819900101123X", "5323**********123X"),
    ("53232819900101123x", "5323**********123x"),  # written with a lowercase x
    ("532328900101123", "5323*******1123"),  # a 15-digit first-generation ID number (YYMMDD 900101)
    # a 20-character disability card number: its ID number's last four kept, not its category and level
    ("53232819800828104153", "5323**********1041**"),
    ("5323281980082810415311", "5323**********1041****"),  # a 22-character one
    ("5.32328195001011e+17", "5.32************e+17"),  # an ID number Excel kept as a number (15 digits of it)
    ("6.22202123456789E+18", "6.22************E+18"),  # a bank card number, as Excel shows it
    ("1.3812345678E+10", "1.38********E+10"),  # a mobile number, as Excel shows it
    ("13812345678", "1381***5678"),
    ("138-1234-5678", "138-*****5678"),
    ("138 1234 5678", "138 *****5678"),
    ("+86 138 1234 5678", "+86 *********5678"),
    ("8613812345678", "8613*****5678"),
    # a mobile number in groups other than 3-4-4 (they were left in clear): any sizes, with the country code or not
    ("138 000 00000", "138 *****0000"),  # 3-3-5
    ("138 00000 000", "138 ***** 000"),  # 3-5-3
    ("13 8000 00000", "13 8*****0000"),  # 2-4-5
    ("1380 0000 000", "1380***** 000"),  # 4-4-3
    ("1 380 000 0000", "1 38******0000"),  # 1-3-3-4
    ("138-000-00000", "138-*****0000"),
    ("+86 138 000 00000", "+86 *********0000"),
    ("0086 138 000 00000", "0086**********0000"),
    ("86-13-8000-00000", "86-1********0000"),
    ("0871-12345678", "0871*****5678"),  # a landline with its area code
    ("0871-1234567", "0871****4567"),
    ("010 12345678", "010 ****5678"),
    ("(0871)1234567", "(087*****4567"),
    ("（0871）1234567", "（087*****4567"),
    ("087112345678", "0871****5678"),
    ("6222021234567890", "6222********7890"),  # a bank card of 16 digits
    ("6222021234567890123", "6222***********0123"),  # of 19
    ("6222 0212 3456 7890", "6222***********7890"),  # in groups of four
    ("6222-0212-3456-7890-123", "6222***************-123"),
    ("532328 19900101 1234", "5323************1234"),  # an ID number in groups
    ("139.1111.2222", "139.*****2222"),  # a mobile number in groups by dots
    ("139/1111/2222", "139/*****2222"),  # or by slashes
    ("0871 6512 3456", "0871******3456"),  # a landline in groups
    ("53232819660801416713911112222", "5323*********************2222"),  # an ID number run into a mobile's
    ("13911112222/13800001111", "1391***2222/1380***1111"),  # two numbers joined by a slash
    ("13911112222.0", "1391***2222.0"),  # a spreadsheet's .0 tail
    ("(0871) 6512 3456", "(087********3456"),
    ("532328 19800817 1045 53", "5323*******************"),  # a disability card in groups: its start only
    # an e-mail address: its user name masked as a name is, its domain shown (a QQ number is a user name)
    ("zhangsan@example.com", "z*******@example.com"),
    ("12345678@qq.com", "1*******@qq.com"),
    ("li.si_1990@163.com", "l*********@163.com"),
    ("wangwu\uff20example.com.cn", "w*****\uff20example.com.cn"),  # a full-width at sign
    # passport and travel permit numbers standing alone: masked as under a 护照号 header, the first character kept
    ("E12345678", "E********"),  # a passport
    ("G12345678", "G********"),  # an older one
    ("P12345678", "P********"),  # an official one (D, P or S)
    ("EA1234567", "E********"),  # a newer passport: E, a letter and 7 digits
    ("C12345678", "C********"),  # a Hong Kong and Macau permit (往来港澳通行证)
    ("CA1234567", "C********"),
    ("e12345678", "e********"),  # typed in lowercase
]
#: The same, typed in full-width characters (a Chinese input method's digits, X, plus, dash and space).
_FULL = {ord(c): 0xFF10 + int(c) for c in "0123456789"} | {ord("X"): 0xFF38, ord("x"): 0xFF58, ord("+"): 0xFF0B}
FULL_WIDTH = [
    (clear.translate(_FULL | {ord("-"): 0xFF0D, ord(" "): 0x3000}), masked.translate(_FULL))
    for clear, masked in PERSONAL
    if "(" not in clear and "@" not in clear and "\uff20" not in clear
]
#: Numbers that are not personal: amounts, dates, counts, region codes, household numbers.
ORDINARY = [
    "1500",
    "12345.67",
    "1,234,567",
    "8700元",
    "2025-06-30",
    "20250630",
    "2025-06-30 08:00",
    "532328",  # a county's code
    "532328101203",  # a village's code (12 digits; 13-19 at the start made it look like a mobile)
    "131234567890",
    "53232810100001",  # a household number of the export (14 digits)
    "H5323280001",
    "1000000",
    "12345678901234",
    "532328123456789",  # 15 digits whose 7-12th are not a date
    "100-200",
    "0.5",
    "1581234.5678",  # an amount with four places, not a mobile number in two groups
    "data@2025.06",  # an @ with no domain after it
    "@张三 请核实",
    "H12345678",  # a county's household or project code: a letter no passport starts with
    "HE12345678",  # a passport's shape inside a longer code
    "XM-E12345678",
    "E12345678-01",
    "E123456789",  # nine digits: no passport's
    "GA1234567",  # a letter after G: no passport's
    "R-INC-01",  # a rule id
    "1500 2000 3000",  # amounts in a row: twelve digits, no mobile number
    "13 000 0000",  # ten digits
    "138 000 00000 1",  # twelve digits in groups
    "2025-06-30 1380",  # a date and a number
    "532328 101203",  # a village's code in two groups
]


@pytest.mark.parametrize(("clear", "masked"), PERSONAL, ids=[p[0] for p in PERSONAL])
def test_personal_numbers_in_free_text_are_masked(clear: str, masked: str) -> None:
    text = f"户主{clear}，备注"
    assert mask_numbers(text) == f"户主{masked}，备注"
    assert mask_numbers(f"{clear},{clear}") == f"{masked},{masked}"


@pytest.mark.parametrize(("clear", "masked"), FULL_WIDTH, ids=[f[0] for f in FULL_WIDTH])
def test_personal_numbers_in_full_width_characters_are_masked(clear: str, masked: str) -> None:
    """A number typed in full-width characters was left in clear (it was listed as not yet promised): it is
    read as its ASCII form and masked in the characters it was written in, by the function and by the
    batch engine's column masking alike."""
    expected = masked.replace(" ", "\u3000").replace("-", "\uff0d")
    text = f"户主{clear}，备注"
    assert mask_numbers(text) == f"户主{expected}，备注"
    assert re.search(CANDIDATE, text)
    assert mask_numbers_series(pl.Series([text, None])).to_list() == [f"户主{expected}，备注", None]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_numbers_are_not_masked(text: str) -> None:
    assert mask_numbers(text) == text
    assert mask_numbers(f"补助{text}元，电话13812345678") == f"补助{text}元，电话1381***5678"


#: How a clerk may write a mobile number: its country code or none, and a space or a dash (ASCII or
#: full-width) or nothing between any two of its digits.
_PREFIXES = ["", "86", "+86", "0086", "86 ", "+86 ", "+86-", "0086 "]
_SEPARATORS = ["", "", " ", "-", "\u3000", "\uff0d"]


@settings(max_examples=300, deadline=None)
@given(
    number=st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
    prefix=st.sampled_from(_PREFIXES),
    gaps=st.lists(st.sampled_from(_SEPARATORS), min_size=10, max_size=10),
    wide=st.booleans(),
)
def test_a_mobile_number_in_any_groups_is_masked(number: str, prefix: str, gaps: list[str], wide: bool) -> None:
    """``138 000 00000``, ``+86 138 000 00000`` and their full-width forms were left in clear (only 3-4-4 was
    masked): a mobile number is masked however it is grouped, keeping what :func:`~fanpin.masking.mask` keeps of
    it (its first and last four characters), by the function and by the batch engine's column masking alike."""
    from fanpin.masking import mask

    written = prefix + number[0] + "".join(gap + digit for gap, digit in zip(gaps, number[1:], strict=True))
    if wide:
        written = written.translate(_FULL)
    shown = written[:4] + "*" * (len(written) - 8) + written[-4:]
    if not {"\uff0b", "\uff0d"} & set(written):  # mask() takes a full-width + or dash for no number's
        assert mask(written) == shown
    text = f"电话{written}，补助1500元"
    assert mask_numbers(text) == f"电话{shown}，补助1500元"
    assert mask_numbers_series(pl.Series([text, None])).to_list() == [f"电话{shown}，补助1500元", None]


_WIDE = "\uff10\uff11\uff18\u3000\uff0d\uff38"  # full-width 0, 1, 8, space, dash, X
_TEXT = st.text(alphabet=st.sampled_from("0123456789 -+()xX（）,.元户a@*\uff20EAH_\uff25" + _WIDE), max_size=60)


@settings(max_examples=400, deadline=None)
@given(texts=st.lists(_TEXT, min_size=1, max_size=8))
def test_the_batch_engine_masks_exactly_as_the_function_does(texts: list[str]) -> None:
    """The polars pre-filter lets every text that holds a personal number through: a column masks as
    :func:`mask_numbers` masks each of its cells, and whatever is masked matched the pre-filter."""
    for text in texts:
        if mask_numbers(text) != text:
            assert re.search(CANDIDATE, text), text
    column = pl.Series([*texts, None], dtype=pl.String)
    assert mask_numbers_series(column).to_list() == [*map(mask_numbers, texts), None]


def test_the_batch_engine_masks_a_column_as_the_function_does() -> None:
    cells = [f"户主{clear}" for clear, _ in PERSONAL] + ORDINARY + ["", None]
    column = pl.Series(cells, dtype=pl.String)
    masked = pl.DataFrame({"c": column}).select(
        pl.col("c").map_batches(mask_numbers_series, return_dtype=pl.String, is_elementwise=True)
    )
    assert masked["c"].to_list() == [mask_numbers(c) if c is not None else None for c in cells]


_NOTE = "；".join(f"{i}:{clear}" for i, (clear, _) in enumerate(PERSONAL)) + "；补助1500元，2025-06-30，村532328101203"


def _written(path: Path, fmt: str) -> str:
    if fmt in ("csv", "jsonl"):
        return path.read_text(encoding="utf-8-sig")
    if fmt == "parquet":
        return json.dumps(pl.read_parquet(path).to_dicts(), ensure_ascii=False, default=str)
    workbook = load_workbook(path, read_only=True)
    try:
        rows = [list(row) for sheet in workbook for row in sheet.iter_rows(values_only=True)]
        return json.dumps(rows, ensure_ascii=False, default=str)
    finally:
        workbook.close()


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet", "xlsx"])
def test_every_output_format_and_the_errors_file_mask_them(engine_name: str, fmt: str, tmp_path: Path) -> None:
    """A note holding every kind (and ordinary numbers), and refused cells holding a grouped mobile number and a
    landline: no personal number reaches any output format or the errors file in clear, on both engines, and
    the ordinary numbers are written as they are."""
    source = write_rows(
        tmp_path / "in.csv",
        [
            HEADER,
            f"H1,532328,脱贫户,2,1000,0,0,0,{_NOTE}",
            "H2,532328,脱贫户,138 1234 5678,1000,0,0,0,x",
            "H3,532328,脱贫户,2,0871-12345678,0,0,0,x",
        ],
    )
    out, errors = tmp_path / f"o.{fmt}", tmp_path / "e.csv"
    code, _, err = score_file(source, out, errors, "--engine", engine_name, "--format", fmt)
    assert code == 3, err
    written, refused = _written(out, fmt), errors.read_text(encoding="utf-8-sig")
    for clear, _ in PERSONAL:
        assert clear not in written + refused + err, clear
    for i, (_, masked) in enumerate(PERSONAL):
        assert f"{i}:{masked}；" in written, masked
    for kept in ("1500元", "2025-06-30", "532328101203"):
        assert kept in written
    assert [r["value"] for r in read_csv(errors)] == ["138 *****5678", "0871*****5678"]


def test_a_passport_number_is_masked_where_it_stands_alone() -> None:
    """A passport or permit number typed in free text was left in clear (it was listed as not yet promised):
    standing alone, beside Chinese text or punctuation, in full-width characters, it is masked as under a 护照号
    header, its first character kept, by the function and by the batch engine's column masking alike. A code
    of another letter, one inside a longer code and a 户编号 the text names as written stay as they are."""
    cases = {
        "护照号E12345678，电话13812345678": "护照号E********，电话1381***5678",
        # a Chinese input method's full-width letters and digits
        "（\uff25\uff21" + "1234567".translate(_FULL) + "）": "（\uff25********）",
        "港澳通行证:C12345678/CA1234567。": "港澳通行证:C********/C********。",
        "户H12345678，项目XM-E12345678，编号E12345678-01，规则R-INC-01": (
            "户H12345678，项目XM-E12345678，编号E12345678-01，规则R-INC-01"
        ),
    }
    for clear, masked in cases.items():
        assert mask_numbers(clear) == masked
        assert mask_numbers(masked) == masked  # masked again, as it is
        assert re.search(CANDIDATE, clear)
    assert mask_numbers_series(pl.Series([*cases, None])).to_list() == [*cases.values(), None]
    assert mask_numbers("户 G12345678 与 E12345678", keep={"G12345678"}) == "户 G12345678 与 E********"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_passport_number_in_a_note_or_a_refused_cell_is_masked_in_the_outputs(
    engine_name: str, lang: str, tmp_path: Path
) -> None:
    """A passport number in a note (备注) and one typed into a column of numbers were written in clear in the
    scored table and the errors file: masked in both now, on both engines and in both languages; a project code
    holding a passport's shape inside it is written as it is."""
    source = write_rows(
        tmp_path / "in.csv",
        [
            HEADER,
            "H1,532328,脱贫户,2,1000,0,0,0,户主护照E12345678，港澳通行证CA1234567；项目XM-G87654321",
            "H2,532328,脱贫户,G12345678,1000,0,0,0,x",  # a passport number where a count belongs: refused
            "H3,532328,脱贫户,2,C12345678,0,0,0,x",  # a permit's where an amount does
        ],
    )
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    code, _, err = score_file(source, out, errors, "--engine", engine_name, "--lang", lang)
    assert code == 3, err
    shown = out.read_text(encoding="utf-8-sig") + errors.read_text(encoding="utf-8-sig") + err
    for clear in ("E12345678", "CA1234567", "G12345678", "C12345678"):
        assert clear not in shown, clear
    assert [r["备注"] for r in read_csv(out)] == ["户主护照E********，港澳通行证C********；项目XM-G87654321"]
    assert [(r["household_id"], r["value"]) for r in read_csv(errors)] == [("H2", "G********"), ("H3", "C********")]


def test_messages_and_errors_mask_them(tmp_path: Path) -> None:
    """Findings-like text: a library error's message, and what ``fanpin check`` prints of a failing case whose
    name holds a landline and a bank card."""
    error = InputFileError("row holds 0871-12345678 and 6222 0212 3456 7890", location=Location("in.csv", 3))
    assert "0871*****5678" in str(error) and "6222***********7890" in str(error)
    assert "12345678" not in str(error) + repr(error) + error.message
    folder = tmp_path / "county"
    folder.mkdir()
    (folder / "local.yaml").write_text(
        """case_defaults: {region: "532328", as_of: 2025-06-30}
rules:
  - id: local.low
    title: {zh: 低收入, en: low income}
    level: yellow
    kind: watch
    when: income_per_capita < 1000
    measures: [monitoring.home_visit]
    basis: test fixture
    cases:
      - {name: "户主电话 0871-12345678，卡号 6222021234567890", facts: {income_per_capita: 5000}, expect: fires}
      - {name: silent, facts: {income_per_capita: 5000}, expect: silent}
      - {name: unknown, facts: {}, expect: not_evaluable}
""",
        encoding="utf-8",
    )
    run = run_cli("check", folder)
    assert run.code == 2
    assert (
        "户主电话 0871*****5678，卡号 6222********7890: expected fires, got silent "
        "(income_per_capita 5000 < 1000 is false) [FAILED]" in run.out
    )
    assert "12345678" not in run.out + run.err and "6222021234567890" not in run.out + run.err


@pytest.mark.parametrize("output", ["csv", "jsonl", "xlsx"])
def test_a_household_number_that_is_a_persons_number_is_masked_in_every_output(
    engine_name: str, tmp_path: Path, output: str
) -> None:
    """A county that keys its households by the head's ID number (or a phone number) had that number written
    in clear in the 户编号 column of the outputs and the errors file, as the key that joins them back: it is
    a person's number, masked there too unless the data owner keeps identities, and the run says so. The
    national system's household numbers (sixteen digits) stay as they are, in the errors file's value too
    (they had been masked there as a bank card's number)."""
    key, phone = "532328199001011234", "13912345678"
    rows = [f"{key},532328,脱贫户,2,1000,0,0,0,户主{key}", f"{phone},532328,脱贫户,2,1000,0,0,0,x"]
    rows += ["5323280000000001,532328,脱贫户,2,1000,0,0,0,x"] * 2  # given twice: refused
    source = write_rows(tmp_path / "in.csv", [HEADER, *rows])
    out, errors = tmp_path / f"o.{output}", tmp_path / "e.csv"
    code, _, err = score_file(source, out, errors, "--engine", engine_name, "--lang", "en")
    assert code == 3, err
    shown = out.read_text(encoding="utf-8-sig") if output != "xlsx" else _workbook_text(out)
    assert key not in shown and phone not in shown and key not in err
    assert "5323**********1234" in shown and "1391***5678" in shown
    assert "2 户编号 are ID or mobile numbers or names (a person's): masked in the outputs" in err
    refused = read_csv(errors)
    assert {(r["household_id"], r["column"], r["value"]) for r in refused} == {
        ("5323280000000001", "户编号", "5323280000000001")
    }
    kept = score_file(source, out, errors, "--engine", engine_name, "--keep-identities")
    shown = out.read_text(encoding="utf-8-sig") if output != "xlsx" else _workbook_text(out)
    assert kept.code == 3 and key in shown and phone in shown and "are ID or mobile numbers" not in kept.err


def test_a_household_number_that_is_a_persons_number_in_scientific_notation_is_masked(
    engine_name: str, tmp_path: Path
) -> None:
    """A county that keys its households by ID or mobile numbers, saved from a sheet that kept them as numbers
    (``5.32328199001011E+17``: the region and birth date of an ID number), had the 户编号 in clear in the errors
    file's 户编号 column, beside its value masked; a mobile number so written (``1.3812345678E+10``, which is
    read) in the scored table. Both are masked as the value is, on both engines and in Scorer.score; a
    household's own number so written (``5.32328000000012E+15``) stays as it is, as the value beside it does not."""
    from fanpin import Scorer

    rows = ["5.32328199001011E+17,532328,脱贫户,2,1000,0,0,0,x", "1.3812345678E+10,532328,脱贫户,2,1000,0,0,0,x"]
    source = write_rows(tmp_path / "in.csv", [HEADER, *rows, "5.32328000000012E+15,532328,脱贫户,2,1000,0,0,0,x"])
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    code, _, err = score_file(source, out, errors, "--engine", engine_name, "--lang", "en")
    assert code == 3, err
    assert [r["household_id"] for r in read_csv(out)] == ["1.38********E+10"]
    refused = [(r["household_id"], r["value"]) for r in read_csv(errors)]
    household = ("5.32328000000012E+15", "5.32************E+15")  # its value masked as a bank card's number
    assert refused == [("5.32************E+17", "5.32************E+17"), household]
    assert "32328199" not in errors.read_text(encoding="utf-8-sig") + err
    float_keys = [{"户编号": 5.32328199001011e17, "户类型": "脱贫户", "家庭人口数": 2, "工资性收入": 1000,
                   "生产经营性收入": 0, "财产性收入": 0, "转移性收入": 0}]  # fmt: skip
    scored = Scorer().score(pl.DataFrame(float_keys), as_of=date(2025, 6, 30), region="532328")
    assert scored.rejected.select("household_id", "value").rows() == [("5.32*************e+17",) * 2]


#: 户编号 that are a person's name (two to four Chinese characters, or a minority name's parts joined by a dot),
#: and each as the outputs show it; and 户编号 that are not.
NAME_KEYS = {"张某华": "张**", "欧阳某某": "欧***", "阿依古丽·买买提": "阿*******", "李某": "李*", " 王某 ": " 王* "}
NOT_NAME_KEYS = ["H5323280001", "5323280000000001", "张某华1", "H张某华", "1组张某", "张", "R-INC-01", "E12345678"]


def test_a_household_number_of_chinese_characters_alone_is_a_name() -> None:
    """A 户编号 made only of two to four Chinese characters (or a minority name's parts joined by a dot) is a
    person's name, masked as a name is (its first character kept); one with a letter or a digit, or a single
    character, is a household's number as written. The polars pre-filter lets every name through."""
    keys = pl.Series([*NAME_KEYS, *NOT_NAME_KEYS, None])
    masked, count = masked_keys(keys)
    assert masked.to_list() == [*NAME_KEYS.values(), *NOT_NAME_KEYS, None] and count == len(NAME_KEYS)
    assert all(key_candidates(keys).to_list()[: len(NAME_KEYS)])
    assert [shown_key(k) for k in NAME_KEYS] == list(NAME_KEYS.values())
    assert not any(map(personal_key, NOT_NAME_KEYS))


def test_a_forms_totals_and_footer_words_are_no_names() -> None:
    """A totals row's 合计 (总计, 小计) and a footer's 填表人, 审核人 … are refused as no household, and their
    reasons quote the word: taken for names they were masked in the reason (this row is a totals row (合*))
    and as the 户编号 fanpin explain names. Every footer word of two to four characters is checked."""
    words = ["合计", "总计", "小计", "合 计", *(w for w in FOOTER_WORDS if re.fullmatch(r"[\u4e00-\u9fff]{2,4}", w))]
    words += ["共六户", "共十二人", "共计三户"]  # a footer's count in Chinese digits (FOOTER_COUNT)
    assert len(words) > 10 and not any(map(personal_key, words)), [w for w in words if personal_key(w)]
    assert [shown_key(w) for w in words] == words


@settings(max_examples=300, deadline=None)
@given(key=st.text(alphabet=st.sampled_from("张某华·・ 1A\u3000\uff11") | st.just(chr(0x2000C)), max_size=12))
def test_the_key_pre_filter_lets_every_name_through(key: str) -> None:
    """Whatever :func:`personal_key` takes for a person's 户编号, :func:`key_candidates` (polars) lets through:
    a key is masked by both engines alike."""
    if personal_key(key):
        assert key_candidates(pl.Series([key])).item(), key


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_household_number_that_is_a_persons_name_is_masked_in_every_output(
    engine_name: str, lang: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A clerk who typed the head's name in the 户编号 column (张某华) had it written in clear in the scored
    table, the errors file (its 户编号 and its value) and the findings, where an ID number used so was masked:
    it is masked as a name is in every output format and the errors file, on both engines and in both
    languages, and the run's note counts it; --keep-identities writes it as it is. A county's own number of
    letters and digits is written as it is."""
    monkeypatch.setenv("FANPIN_MESSAGES", lang)
    rows = [f"{key},532328,脱贫户,2,1000,0,0,0,x" for key in ("张某华", "阿依古丽·买买提", "H5323280001")]
    rows += ["李某,532328,脱贫户,2,1000,0,0,0,x"] * 2  # given twice: its second row refused
    rows += ["王某某,532328,脱贫户,abc,1000,0,0,0,x"]  # refused for its count
    source = write_rows(tmp_path / "in.csv", [HEADER, *rows])
    names = ("张某华", "买买提", "李某", "王某某")
    note = {
        "en": "5 户编号 are ID or mobile numbers or names (a person's)",
        "zh": "有 5 个户编号是身份证号、手机号或姓名",
    }
    for output in ("csv", "jsonl", "xlsx"):
        out, errors = tmp_path / f"o.{output}", tmp_path / "e.csv"
        run = score_file(source, out, errors, "--engine", engine_name, "--lang", lang)
        assert run.code == 3, run.err
        shown = out.read_text(encoding="utf-8-sig") if output != "xlsx" else _workbook_text(out)
        for name in names:
            assert name not in shown + errors.read_text(encoding="utf-8-sig") + run.out + run.err, name
        for masked in ("张**", "阿*******", "H5323280001", "李*"):
            assert masked in shown, masked
        assert note[lang] in run.err
        refused = {(r["household_id"], r["value"]) for r in read_csv(errors)}
        assert refused == {("李*", "李*"), ("王**", "abc")}
    kept = score_file(source, out, errors, "--engine", engine_name, "--keep-identities")
    assert kept.code == 3 and "张某华" in _workbook_text(out) and "王某某" in errors.read_text(encoding="utf-8-sig")


def test_the_librarys_errors_naming_a_household_mask_a_name_used_as_its_key() -> None:
    """An error that names a household by its 户编号 (it has no 行政区划代码; a member row names another 户编号)
    wrote a name used as the key in clear, where an ID number used so was masked: masked as a name is, by the
    per-household path and the batch path, in the error and in the rejected table."""
    from fanpin import Household, Scorer
    from fanpin.errors import ConfigError, RecordValidationError

    record = {"户编号": "张某华", "户类型": "脱贫户", "家庭人口数": "4", "工资性收入": "20000", "生产经营性收入": "0"}
    record |= {"财产性收入": "0", "转移性收入": "0"}
    scorer, as_of = Scorer(), date(2025, 6, 30)
    households = [Household.model_validate(record)]
    with pytest.raises(ConfigError, match=re.escape("household 张** has no 行政区划代码")) as raised:
        scorer.assess(record, as_of=as_of)
    assert "张某华" not in str(raised.value) + repr(raised.value)
    # Scorer.score refuses that household's row (a list of Household as dicts), its 户编号 masked there
    for data in (households, [record | {"行政区划代码": ""}]):
        result = scorer.score(data, as_of=as_of, lang="en")
        assert result.rejected.select("household_id", "column").rows() == [("张**", "行政区划代码")]
        assert "张某华" not in str(result.rejected.rows()) + str(result.notes)
    # the national system's sixteen digits, which read as a bank card number: as the scored table writes them
    national = record | {"户编号": "5323280000000118"}
    with pytest.raises(ConfigError, match="household 5323280000000118 has no 行政区划代码"):
        scorer.assess(national, as_of=as_of)
    rejected = scorer.score([Household.model_validate(national)], as_of=as_of).rejected
    assert rejected.get_column("household_id").to_list() == ["5323280000000118"]
    other = record | {
        "行政区划代码": "532328",
        "家庭成员": [{"人编号": "P1", "与户主关系": "户主", "户编号": "李某某"}],
    }
    said = "a member row names 户编号 李**, not the household's 张**: give each member under the household its 户编号 "
    said += "names"
    with pytest.raises(RecordValidationError, match=re.escape(said)) as refused:
        scorer.assess(other, as_of=as_of)
    assert "张某华" not in str(refused.value) and "李某某" not in str(refused.value)
    rejected = scorer.score([other], as_of=as_of, lang="en").rejected
    assert rejected.get_column("reason").to_list() == [said]
    assert rejected.get_column("household_id").to_list() == ["张**"]


def test_explain_masks_a_household_number_that_is_a_name(tmp_path: Path) -> None:
    """``fanpin explain`` names a 户编号 that is a name as the scored table shows it, masked, and so a name typed
    that is no 户编号 of the file, as it masks a person's number typed so."""
    source = write_rows(tmp_path / "in.csv", [HEADER, "张某华,532328,脱贫户,2,1000,0,0,0,x"])
    run = run_cli("explain", source, "--household", "张某华", "--as-of", "2025-06-30", "--region", "532328")
    assert run.code == 0 and run.out.startswith("户编号 张** · 行政区划代码 532328"), run.err
    missing = run_cli("explain", source, "--household", "王某某", "--as-of", "2025-06-30", "--region", "532328")
    assert missing.code == 2 and "no household '王**'" in missing.err
    assert "张某华" not in run.out + run.err and "王某某" not in missing.out + missing.err


def test_the_host_api_masks_such_a_household_number_whatever_it_is_given() -> None:
    """Scorer.score masked a 户编号 that is an ID or mobile number when given a file's path (the command's run),
    and wrote it in clear for the same table given as a frame, records or households: masked in every form
    now, kept with keep_identities; a name used as the 户编号 too."""
    from fanpin import Household, Scorer

    record = {"户类型": "脱贫户", "家庭人口数": "4", "工资性收入": "20000", "生产经营性收入": "0", "财产性收入": "0"}
    record |= {"转移性收入": "0", "行政区划代码": "532328"}
    keys = ["532328199001011237", "13912345678", "5323280000000001", "张某华"]
    records = [{"户编号": key, **record} for key in keys]
    shown = ["5323**********1237", "1391***5678", "5323280000000001", "张**"]
    scorer, as_of = Scorer(), date(2025, 6, 30)
    for data in (pl.DataFrame(records), records, [Household.model_validate(r) for r in records]):
        assert scorer.score(data, as_of=as_of).scored["household_id"].to_list() == shown
        assert scorer.score(data, as_of=as_of, keep_identities=True).scored["household_id"].to_list() == keys
    texts = scorer.score(records, as_of=as_of, json=True).scored["json"].to_list()
    assert [json.loads(t)["household_id"] for t in texts] == shown


@pytest.mark.parametrize(
    ("key", "shown"),
    [("5323280000000000", "5323280000000000"), ("532328199001010018", "5323**********0018"), ("张某华", "张**")],
)
def test_a_reason_naming_the_rows_own_household_number_writes_it_as_its_column_does(
    engine_name: str, tmp_path: Path, key: str, shown: str
) -> None:
    """A reason that names the row's 户编号 (one export household in two villages) masked the national system's
    sixteen digits as a bank card's, beside the same number in clear in the 户编号 column; an ID number or a
    name used as the key is masked in both."""
    import csv

    from fanpin.synthetic import write_person_export_csv

    with write_person_export_csv(tmp_path / "src.csv", 2).open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    header = rows[2]
    at = header.index("户编号")
    for row in rows[3:]:
        row[at] = key if row[at] == "5323280000000000" else row[at]
    rows[4][header.index("村")] = "另一村"
    source = tmp_path / "export.csv"
    with source.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    errors = tmp_path / "e.csv"
    code, _, err = score_file(source, tmp_path / "o.csv", errors, "--engine", engine_name, "--lang", "en")
    assert code == 3, err
    refused = read_csv(errors)
    assert refused and all(r["household_id"] == shown and f"(户编号) {shown}:" in r["reason"] for r in refused)
    assert key == shown or all(key not in r["reason"] for r in refused)


def _workbook_text(path: Path) -> str:
    """Every cell of every sheet of a workbook, as text."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    return "\n".join(str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for v in row)


def test_an_export_keyed_by_id_numbers_masks_them_everywhere(engine_name: str, tmp_path: Path) -> None:
    """An export whose 户编号 is the head's ID number, reused in another village: each refused row's value
    and reason quoted the number in clear; and the errors file's 户编号 column had kept it."""
    from fanpin.synthetic import write_person_export_csv

    lines = write_person_export_csv(tmp_path / "src.csv", 2).read_text(encoding="utf-8-sig").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("县,"))
    header = lines[at].split(",")
    key_at, village_at = header.index("户编号"), header.index("村")
    rows = [line.split(",") for line in lines[at + 1 :]]
    for row in rows:
        row[key_at] = "532328198103126496"  # both households, in two villages
    rows[-1][village_at] = "另一村"
    source = write_rows(tmp_path / "export.csv", [*lines[: at + 1], *(",".join(r) for r in rows)])
    errors = tmp_path / "e.csv"
    code, _, err = score_file(source, tmp_path / "o.csv", errors, "--engine", engine_name)
    assert code == 3, err
    refused = read_csv(errors)
    assert refused and all(r["household_id"] == "5323**********6496" for r in refused)
    assert all("532328198103126496" not in r["value"] + r["reason"] for r in refused)
    assert any("5323**********6496" in r["reason"] for r in refused)


def test_a_reason_quoting_a_cell_masks_it(engine_name: str, tmp_path: Path) -> None:
    """A 监测户 row whose 监测对象类别 holds an ID or a mobile number is refused with a reason that quotes the
    cell: the number masked there too, on both engines and in both languages, and by the host API."""
    header = "户编号,行政区划代码,户类型,家庭人口数,工资性收入,生产经营性收入,财产性收入,转移性收入,监测对象类别"
    rows = ["H1,532328,监测户,4,1,1,1,1,53232819500101123X", "H2,532328,监测户,4,1,1,1,1,13812345678"]
    source = write_rows(tmp_path / "in.csv", [header, *rows])
    for lang in ("zh", "en"):
        errors = tmp_path / f"e-{lang}.csv"
        code, _, err = score_file(source, tmp_path / "o.csv", errors, "--engine", engine_name, "--lang", lang)
        assert code == 3, err
        reasons = [r["reason"] for r in read_csv(errors)]
        assert "5323**********123X" in reasons[0] and "1381***5678" in reasons[1], reasons
        assert "53232819500101123X" not in "".join(reasons) + err and "13812345678" not in "".join(reasons) + err
    from fanpin import Scorer

    rejected = Scorer().score(pl.read_csv(source, infer_schema=False), as_of=date(2025, 6, 30)).rejected
    assert "5323**********123X" in rejected["reason"][0] and "53232819500101123X" not in rejected["reason"][0]


_LONG_PERSONAL = {"户主姓名": "欧阳娜娜 欧阳震华", "病情": "尿毒症透析每周三次", "紧急联系人": "Zhang San"}


def test_long_names_and_health_details_are_masked_whole(engine_name: str, tmp_path: Path) -> None:
    """A personal column's text of more than 8 characters kept its first and last 4 (`欧阳娜娜*欧阳震华`,
    `尿毒症透*每周三次`), as an ID number does: a long name (阿依古丽·买买提) or health detail was all but
    written in clear. Text keeps its first character, whatever its length, in the scored file, the errors
    file and the report, on both engines; a personal number keeps its ends; a health detail (病情) keeps nothing,
    its first character telling too much."""
    header = f"{HEADER},{','.join(_LONG_PERSONAL)},手机"
    values = ",".join(_LONG_PERSONAL.values())
    rows = [f"H1,532328,脱贫户,2,1000,0,0,0,x,{values},13812345678", f"H2,532328,脱贫户,0,1,0,0,0,x,{values},1"]
    source = write_rows(tmp_path / "in.csv", [header, *rows])
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    run = score_file(source, out, errors, "--engine", engine_name, "--keep-columns", "all")
    assert run.code == 3, run.err
    [scored] = read_csv(out)
    masked = {"户主姓名": "欧********", "病情": "**", "紧急联系人": "Z********"}
    assert {h: scored[h] for h in _LONG_PERSONAL} == masked
    assert scored["手机"] == "1381***5678"
    report = run_cli("report", out, "--out", tmp_path / "r.html")
    assert report.code == 0, report.err
    written = out.read_text(encoding="utf-8-sig") + errors.read_text(encoding="utf-8-sig")
    written += (tmp_path / "r.html").read_text(encoding="utf-8")
    for clear in [*_LONG_PERSONAL.values(), "欧阳娜娜", "欧阳震华", "每周三次", " San"]:
        assert clear not in written, clear


_PERSONAL_TEXT = st.one_of(
    st.text(alphabet=st.sampled_from("0123456789 -+()xX*（）·李阿Za" + _WIDE), max_size=30),
    st.from_regex(r"[0-9]{17}[0-9Xx][0-9]{2}(?:[0-9]{2})?", fullmatch=True),  # disability cards
    st.from_regex(r"[0-9]{6}[ \-][0-9]{8}[ \-][0-9]{3}[0-9Xx][ \-][0-9]{2}", fullmatch=True),  # in groups
    st.from_regex(r"[0-9*李.]{0,22}\.0{1,3}", fullmatch=True),  # a spreadsheet's number, with its .0 tail
)


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(_PERSONAL_TEXT, min_size=1, max_size=8))
def test_the_batch_engine_masks_a_personal_column_as_the_function_does(texts: list[str]) -> None:
    """A personal column kept on the batch path (``kept_column``) is masked cell by cell as :func:`mask`
    masks it on the per-household path: numbers by their ends, other text by its first character."""
    from fanpin.batch.validate import kept_column
    from fanpin.masking import mask

    frame = pl.DataFrame({"户主姓名": pl.Series([*texts, None], dtype=pl.String)}).select(kept_column("户主姓名"))
    assert frame["户主姓名"].to_list() == [mask(t) if t else "" for t in texts] + [""]


@pytest.mark.parametrize(
    ("written", "shown"),
    [("532328195201273074.0", "5323**********3074.0"), ("53232819520127307X.00", "5323**********307X.00"),
     ("53232819800315167841.0", "5323**********1678**.0"), ("13812345678.0", "1381***5678.0"),
     ("5323**********3074.0", "5323**********3074.0"), ("李某华.0", "李****"), ("1234.0", "1*****")],
)  # fmt: skip
def test_a_number_with_a_spreadsheets_tail_is_masked_as_the_number_its_tail_kept(written: str, shown: str) -> None:
    """An ID number a spreadsheet saved as a number (``532328195201273074.0``) was masked as a name is, its
    first character alone kept (``5*******************``), where every other ID number keeps its first and last
    four: it is masked as the number before its tail, and keeps the tail as written, on both paths."""
    from fanpin.batch.validate import kept_column
    from fanpin.masking import mask

    assert mask(written) == shown
    frame = pl.DataFrame({"户主证件号码": [written]}).select(kept_column("户主证件号码"))
    assert frame["户主证件号码"].to_list() == [shown]


def test_an_id_number_with_a_tail_is_masked_in_the_usual_shape_in_the_errors_file(
    engine_name: str, tmp_path: Path
) -> None:
    """A member row listed twice shows the 证件号码 that names the person, as written: an ID number with a
    spreadsheet's ``.0`` tail is masked as an ID number (its first four and last four digits), its tail kept."""
    from tests.helpers import AS_OF, REGION, read_csv, run_cli
    from tests.paths import EXPORT_GBK_CSV

    lines = EXPORT_GBK_CSV.read_bytes().decode("gbk").splitlines(keepends=True)
    at = next(n for n, line in enumerate(lines) if re.search(r",[0-9]{17}[0-9X]\.0,", line) and n > 3)
    number = re.search(r",([0-9]{17}[0-9X])\.0,", lines[at])[1]  # type: ignore[index]
    source = tmp_path / "export.csv"
    source.write_text("".join([*lines[: at + 1], lines[at], *lines[at + 1 :]]), encoding="utf-8")
    run = run_cli("score", source, "--as-of", AS_OF.isoformat(), "--region", REGION, "--engine", engine_name,
                  "--out", tmp_path / "o.csv", "--errors", tmp_path / "e.csv", "--lang", "en")  # fmt: skip
    assert run.code == 3, run.err
    shown = [r["value"] for r in read_csv(tmp_path / "e.csv") if r["line"] == str(at + 2)]
    assert shown == [f"{number[:4]}{'*' * 10}{number[-4:]}.0"]


@pytest.mark.parametrize(
    ("card", "shown"),
    [("53232819800315167841", "5323**********1678**"), ("5323281980031516784101", "5323**********1678****"),
     ("53232819800315167X41", "5323**********167X**")],
)  # fmt: skip
def test_a_disability_card_keeps_its_id_numbers_last_four_not_its_category_and_level(card: str, shown: str) -> None:
    """A card's last two (or four) characters are its 残疾类别 and 残疾等级 (and an issue number): kept as a
    number's last four, they gave away the category and level the findings worksheet masks in the same row."""
    from fanpin.masking import mask, mask_numbers

    assert mask(card) == shown
    assert mask_numbers(f"残疾证{card}，") == f"残疾证{shown}，"


def test_a_name_typed_into_a_column_of_numbers_is_masked_in_the_errors_file(engine_name: str, tmp_path: Path) -> None:
    """A name typed one column off (张三丰 in 工资性收入, 王五 in 家庭人口数) was echoed in clear as the refused
    value: Chinese text in a column of numbers is masked as a name is, its first character kept; a refused
    vocabulary value (户类型) is shown as written, for its fix."""
    rows = ["H1,532328,一般农户,2,张三丰,0,0,0,", "H2,532328,一般农户,王五,100,0,0,0,", "H3,532328,脱贫,2,100,0,0,0,"]
    source = write_rows(tmp_path / "in.csv", [HEADER, *rows])
    run = score_file(source, tmp_path / "out.csv", tmp_path / "errors.csv", "--engine", engine_name)
    assert run.code == 3, run.err
    shown = {(r["列"], r["填报值"]) for r in read_csv(tmp_path / "errors.csv", ids=False)}
    assert shown == {("工资性收入", "张**"), ("家庭人口数", "王*"), ("户类型", "脱贫")}


def test_a_name_typed_into_the_region_code_is_masked_in_both_outputs(engine_name: str, tmp_path: Path) -> None:
    """郭某秀 in 行政区划代码 was written in clear in the errors file and the workbook's 未评分 sheet, where the same
    name in 家庭人口数 was masked: a code of digits is a column of numbers for this; a place's name is shown."""
    from openpyxl import load_workbook

    rows = ["H1,郭某秀,一般农户,2,100,0,0,0,", "H2,欧阳娜娜,一般农户,2,100,0,0,0,", "H3,元谋县,一般农户,2,100,0,0,0,"]
    source = write_rows(tmp_path / "in.csv", [HEADER, *rows])
    run = score_file(source, tmp_path / "out.csv", tmp_path / "errors.csv", "--engine", engine_name)
    assert run.code == 3, run.err
    shown = {(r["列"], r["填报值"]) for r in read_csv(tmp_path / "errors.csv", ids=False)}
    assert shown == {("行政区划代码", "郭**"), ("行政区划代码", "欧***"), ("行政区划代码", "元谋县")}
    run = score_file(source, tmp_path / "out.xlsx", tmp_path / "e2.csv", "--engine", engine_name)
    sheets = load_workbook(tmp_path / "out.xlsx", read_only=True)
    text = "".join(str(v) for sheet in sheets.worksheets for row in sheet.iter_rows(values_only=True) for v in row)
    assert "郭某秀" not in text and "欧阳娜娜" not in text and "郭**" in text
    assert "郭某秀" not in run.err and "欧阳娜娜" not in run.err


def test_a_name_typed_into_a_vocabulary_column_is_masked_and_a_slip_shown(engine_name: str, tmp_path: Path) -> None:
    """A name typed one column off into a yes/no or vocabulary column (张三丰 in 户类型, 王五 in 住房出现安全问题)
    was echoed in clear as the refused value; a slip near one of the column's words (脱贫护) is still shown,
    for its fix."""
    header = HEADER.replace(",备注", ",住房出现安全问题")
    rows = ["H1,532328,张三丰,2,100,0,0,0,", "H2,532328,脱贫户,2,100,0,0,0,王五", "H3,532328,脱贫护,2,100,0,0,0,"]
    source = write_rows(tmp_path / "in.csv", [header, *rows])
    run = score_file(source, tmp_path / "out.csv", tmp_path / "errors.csv", "--engine", engine_name)
    assert run.code == 3, run.err
    shown = {(r["列"], r["填报值"]) for r in read_csv(tmp_path / "errors.csv", ids=False)}
    assert shown == {("户类型", "张**"), ("住房出现安全问题", "王*"), ("户类型", "脱贫护")}
    assert "张三丰" not in run.err and "王五" not in run.err


@pytest.mark.parametrize(
    ("column", "name", "masked"),
    [("出生日期", "赵六", "赵*"), ("与户主关系", "赵六", "赵*"), ("与户主关系", "孙小女", "孙**")],
    ids=["of-dates", "of-words", "near-a-word"],
)
def test_a_name_typed_into_an_exports_column_is_masked_in_the_errors_file(
    engine_name: str, column: str, name: str, masked: str, tmp_path: Path
) -> None:
    """赵六 in 出生日期 (a column of dates) or in 与户主关系 (a vocabulary it is not near), 孙小女 in 与户主关系
    (near 孙女, but shaped as a name): masked."""
    from fanpin.synthetic import person_export

    export = person_export(3).with_columns(pl.lit(name).alias(column))
    source = _export_csv(tmp_path / "export.csv", export)
    errors = tmp_path / "errors.csv"
    run = score_file(source, tmp_path / "out.csv", errors, "--engine", engine_name)
    assert run.code == 3, run.err
    text = errors.read_text(encoding="utf-8-sig")
    assert name not in text and masked in text


@pytest.mark.parametrize(
    ("header", "value", "shown"),
    [
        ("工资性收入", "张三丰", "张**"),
        ("wage_income", "张三丰", "张**"),
        ("出生日期", "赵六", "赵*"),
        ("识别监测时间", "二〇二二年", "二〇二二年"),  # a date in words: no name, shown for its fix
        ("工资性收入", "1000元", "1000元"),
        ("贷款到期日", "2025年6月", "2025年6月"),
        ("工资性收入", "3万", "3万"),
        ("工资性收入", "万一", "万*"),  # numerals alone, no unit nor digit: may be a name
        ("家庭人口数", "周三", "周*"),
        ("工资性收入", "陆万年", "陆**"),  # numerals and a unit, but a surname first: may be a name
        ("家庭人口数", "伍月", "伍*"),
        ("户类型", "万年", "万*"),
        ("劳动力人数", "时元", "时*"),
        ("家庭人口数", "三口人", "三口人"),
        ("住房面积", "100平方米", "100平方米"),  # an area or a distance with its unit, as the export's columns are
        ("与村主干路距离", "2公里", "2公里"),
        ("与村主干路距离", "500米", "500米"),
        ("工资性收入", "张三1000元", "张******"),  # a name beside an amount: masked
        ("工资性收入", "8,7OO", "8,7OO"),  # no Chinese: as written, for its fix
        ("户类型", "脱贫", "脱贫"),  # near a word of a vocabulary column: as written, for its fix
        ("户类型", "脱贫护", "脱贫护"),
        ("household_type", "一般户口", "一般户口"),
        ("与户主关系", "之外孙", "之外孙"),
        ("户类型", "张三丰", "张**"),  # a name typed one column off
        ("household_type", "王五", "王*"),
        ("性别", "李四", "李*"),
        ("是否危房户", "赵六", "赵*"),
        ("与户主关系", "孙小明", "孙**"),  # one character of 之孙子 is not enough
        ("与户主关系", "孙小女", "孙**"),  # near 孙女, but a surname and a character put in: may be a name
        ("与户主关系", "王外孙", "王**"),  # 之外孙 with its first character a surname
        ("户类型", "赵脱贫", "赵**"),
        ("户类型", "赵脱贫户", "赵***"),
        ("与户主关系", "孙女", "孙女"),  # a word that starts with a surname: a word
        ("与户主关系", "曾孙", "曾孙"),  # 曾孙子 with a character left out: a slip of the pen
        ("文化程度", "高中", "高中"),
        ("户类型", "脱贫户张三", "脱****"),  # a word with a name after it
        ("监测对象类别", "低保户", "低保户"),  # a word of another column's (享受低保政策情况): no name
        ("工资性收入", "低保", "低保"),
        ("其他备注", "张三丰", "张三丰"),  # a free-text column: as written, as in the scored table
        ("行政区划代码", "郭某秀", "郭**"),  # a code of digits: Chinese text there may be a name
        ("region_code", "欧阳娜娜", "欧***"),
        ("行政区划代码", "Zhang San", "Z********"),  # a name in letters: a code of digits holds none
        ("行政区划代码", "元谋县老城乡", "元谋县老城乡"),  # a place's name names no one: shown, for its fix
        ("工资性收入", "丙间村委会", "丙间村委会"),
        ("", "张三丰", "张**"),  # a cell beyond the header
    ],
)
def test_chinese_text_is_shown_only_near_a_word_of_its_vocabulary_column(header: str, value: str, shown: str) -> None:
    from fanpin.model.export_columns import masked_refused_value

    assert masked_refused_value(header, value) == shown


@settings(max_examples=300, deadline=None)
@given(text=_PERSONAL_TEXT)
def test_masking_a_masked_value_again_changes_nothing(text: str) -> None:
    """A masked number masked again lost its shape (``5323**********123X`` became ``5*****************``: it
    has seven digits, and was masked as a name); its stars are read as the digits they hide now."""
    from fanpin.masking import mask

    assert mask(mask(text)) == mask(text)


_MASKED_ALREADY = {
    "联系人证件号码": "5323**********123X",
    "联系电话": "138 *****5678",
    "残疾证号": "5323**********1678**",
}
_IN_CLEAR = {"联系人证件号码": "53232819500101123X", "联系电话": "138 1234 5678", "残疾证号": "53232819800315167841"}


def test_a_value_masked_in_the_input_keeps_its_shape_in_the_scored_file_and_the_report(
    engine_name: str, tmp_path: Path
) -> None:
    """A personal cell the input holds masked already was masked again as text (``5323**********123X`` →
    ``5*****************``) by fanpin score and by fanpin report. It keeps its shape in both now, on both
    engines, and a number in clear beside it is masked to that very shape: nothing personal is shown."""
    header = f"{HEADER},{','.join(_MASKED_ALREADY)}"
    rows = [
        f"H1,532328,脱贫户,2,1000,0,0,0,x,{','.join(_MASKED_ALREADY.values())}",
        f"H2,532328,脱贫户,2,1000,0,0,0,x,{','.join(_IN_CLEAR.values())}",
    ]
    source = write_rows(tmp_path / "in.csv", [header, *rows])
    out = tmp_path / "o.csv"
    run = score_file(source, out, tmp_path / "e.csv", "--engine", engine_name, "--keep-columns", "all")
    assert run.code == 0, run.err
    for scored in read_csv(out):
        assert {h: scored[h] for h in _MASKED_ALREADY} == _MASKED_ALREADY, scored
    report = run_cli("report", out, "--out", tmp_path / "r.html")
    assert report.code == 0, report.err
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    for shown in _MASKED_ALREADY.values():
        assert shown in html, shown
    assert "5*****************" not in html
    for clear in _IN_CLEAR.values():
        assert clear not in html and clear not in out.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize(
    ("written", "shown"),
    [("13812345678", "1381***5678"), ("13,812,345,678", "13,8******,678"), ("15,912,345,678.00", "15,9******,678.00")],
    ids=["whole", "thousands", "thousands-fen"],
)
def test_a_phone_number_in_an_exports_amount_is_refused_and_masked(
    engine_name: str, written: str, shown: str, tmp_path: Path
) -> None:
    """An export's amount written as a mobile number (工资性收入 13812345678, or grouped by thousands as a
    spreadsheet formats an amount: 13,812,345,678) is refused as a person's number, its cell masked in the
    errors file and nowhere in the scored table, whichever path reads its rows."""
    from fanpin.synthetic import person_export

    export = person_export(3)
    first = export.get_column("户编号")[0]
    export = export.with_columns(
        pl.when(pl.col("户编号") == first).then(pl.lit(written)).otherwise(pl.col("工资性收入")).alias("工资性收入")
    )
    source = _export_csv(tmp_path / "export.csv", export)
    errors, scored = tmp_path / "errors.csv", tmp_path / "out.csv"
    run = score_file(source, scored, errors, "--engine", engine_name, "--lang", "en")
    assert run.code == 3, run.err
    refused = read_csv(errors, ids=False)
    assert {(r["column"], r["value"]) for r in refused} == {("工资性收入", shown)}
    assert all("phone or ID number, not an amount" in r["reason"] for r in refused)
    files = scored.read_text(encoding="utf-8-sig") + errors.read_text(encoding="utf-8-sig")
    assert written not in files and written.replace(",", "")[:11] not in files


@pytest.mark.parametrize(
    ("written", "shown", "reason"),
    [
        ("13,812,345,678", "13,8******,678", "phone or ID number, not an amount"),
        ("532,328,196,608,014,167", "532,***************,167", "too large for an amount"),
        ("138,1234,5678", "138,*****5678", "a comma only groups thousands"),
        ("13，812，345，678", "13，8******，678", "full-width digits or signs"),  # an input method's commas
    ],
    ids=["mobile-thousands", "id-thousands", "mobile-groups", "full-width-commas"],
)
def test_a_personal_number_grouped_by_commas_in_an_amount_is_refused_alike_and_masked(
    engine_name: str, written: str, shown: str, reason: str, tmp_path: Path
) -> None:
    """A household table's amount holding a mobile or ID number grouped by commas: both engines refuse it
    for the same reason (the batch path had read 13,812,345,678 as an amount and written it in clear in the
    explanation, where the per-household path refused it), and the errors file masks it."""
    source = tmp_path / "h.csv"
    source.write_text(
        "户编号,行政区划代码,户类型,家庭人口数,工资性收入,生产经营性收入,财产性收入,转移性收入,因灾因意外支出\n"
        f'H1,532328101203,一般农户,3,30000,0,0,0,"{written}"\n',
        encoding="utf-8",
    )
    errors, scored = tmp_path / "errors.csv", tmp_path / "out.csv"
    run = score_file(source, scored, errors, "--engine", engine_name, "--lang", "en")
    assert run.code == 3, run.err
    refused = read_csv(errors, ids=False)
    assert [(r["column"], r["value"]) for r in refused] == [("因灾因意外支出", shown)]
    assert reason in refused[0]["reason"]
    assert written.replace(",", "")[:11] not in scored.read_text(encoding="utf-8-sig") + run.out + run.err


def test_the_findings_worksheet_masks_personal_numbers_typed_as_a_place(engine_name: str, tmp_path: Path) -> None:
    """A mobile number typed as the households' 村 and an ID number as their 乡 were written in clear in the findings
    worksheet's summary and code sheets, though masked in the scored table and the township workbook."""
    from fanpin.synthetic import person_export

    export = person_export(4).with_columns(pl.lit("13812345678").alias("村"), pl.lit("532328199001011234").alias("乡"))
    source = _export_csv(tmp_path / "export.csv", export)
    worksheet = tmp_path / "findings.xlsx"
    for keep in ((), ("--keep-identities",)):
        worksheet.unlink(missing_ok=True)
        run = score_file(
            source, tmp_path / f"out{len(keep)}.csv", tmp_path / "e.csv", "--engine", engine_name, "--checks", "with",
            "--findings", worksheet, *keep,
        )  # fmt: skip
        assert run.code in (0, 3), run.err
        sheets = load_workbook(worksheet, read_only=True).worksheets
        text = "\n".join(str(c) for ws in sheets for row in ws.iter_rows(values_only=True) for c in row if c)
        assert "1381***5678" in text and "5323**********1234" in text
        assert "13812345678" not in text and "532328199001011234" not in text


def _export_csv(path: Path, export: pl.DataFrame) -> Path:
    """A person-level export (``fanpin.synthetic.person_export``'s columns) written as the national system
    writes one: two title lines, the header, the member rows."""
    from fanpin.synthetic import EXPORT_COLUMNS, EXPORT_TITLES

    path.write_text("\n".join([*EXPORT_TITLES, ",".join(EXPORT_COLUMNS)]) + "\n", encoding="utf-8")
    with path.open("ab") as out:
        export.write_csv(out, include_header=False)
    return path


def test_a_household_number_holding_a_phone_or_id_number_is_masked_in_every_output(
    engine_name: str, tmp_path: Path
) -> None:
    """A 户编号 holding a mobile number with a prefix or a suffix (H13912345678, 13912345678-1), written in
    groups (137 1234 5678), or an ID number with a member's digit run on after it (5323281990010112381) or in
    groups (532328 19800101 1235) was written in clear in the errors file (its
    reason too), the township workbook's sheets and the findings worksheet, where 13912345678 alone was
    masked. Each is a person's number now: masked in every file, on both engines; and so is a name typed as
    the 户编号 (阿依古丽·买买提), as a name is."""
    from fanpin.synthetic import person_export

    export = person_export(6)
    ids = export.get_column("户编号").unique(maintain_order=True).to_list()
    keys = {ids[0]: "H13912345678", ids[1]: "13912345678-1", ids[2]: "5323281990010112381",
            ids[3]: "137 1234 5678", ids[4]: "532328 19800101 1235", ids[5]: "阿依古丽·买买提"}  # fmt: skip
    export = export.with_columns(pl.col("户编号").replace(keys))
    first_of = export.with_row_index().group_by("户编号", maintain_order=True).first().get_column("index")
    export = export.with_columns(  # a row of each refused, so that its key is in the errors file
        pl.when(pl.int_range(pl.len()).is_in(first_of)).then(pl.lit("坏值")).otherwise(pl.col("户类型")).alias("户类型")
    )
    source = _export_csv(tmp_path / "export.csv", export)
    out, errors, findings = tmp_path / "out.xlsx", tmp_path / "errors.csv", tmp_path / "findings.xlsx"
    run = score_file(source, out, errors, "--engine", engine_name, "--checks", "with", "--findings", findings)
    assert run.code == 3, run.err
    shown = errors.read_text(encoding="utf-8-sig") + run.out + run.err
    for path in (out, findings):
        book = load_workbook(path, read_only=True)
        shown += "".join(str(c) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row)
    for clear in ("13912345678", "5323281990010112381", "532328199001011238", "137 1234 5678", "19800101", "买买提"):
        assert clear not in shown, clear
    assert "H1391***5678" in shown and "1391***5678-1" in shown and "137 *****5678" in shown and "阿*******" in shown


def test_an_id_number_in_full_width_digits_is_a_repeat_of_the_same_in_ascii(engine_name: str, tmp_path: Path) -> None:
    """The same ID number in two households, once typed in full-width digits by an input method: 证件号码重复
    (1_01_001) named only repeats written alike, where a 户编号 in full-width digits is the same 户编号. Both
    members are found now, on both engines, and the worksheet masks both."""
    from fanpin.synthetic import person_export

    export = person_export(3)
    ids = export.get_column("证件号码").to_list()
    first_of_second = (
        export.get_column("户编号").to_list().index(export.get_column("户编号").unique(maintain_order=True)[1])
    )
    same = "532328198001010049"
    wide = same.translate({ord(d): 0xFF10 + int(d) for d in "0123456789"})
    ids[0], ids[first_of_second] = same, wide
    export = export.with_columns(pl.Series("证件号码", ids))
    source = _export_csv(tmp_path / "export.csv", export)
    findings = tmp_path / "findings.csv"
    run = score_file(source, tmp_path / "o.csv", tmp_path / "e.csv", "--engine", engine_name, "--checks", "with",
                     "--findings", findings)  # fmt: skip
    assert run.code in (0, 3), run.err
    rows = [r for r in read_csv(findings, ids=False) if r["疑点代码"] == "1_01_001"]
    households = export.get_column("户编号").unique(maintain_order=True)[:2].to_list()
    assert sorted(r["户编号"] for r in rows) == sorted(households), rows
    text = findings.read_text(encoding="utf-8-sig")
    assert same not in text and wide not in text


def test_numbers_that_arrived_masked_are_no_repeats_nor_wrong_phones(engine_name: str, tmp_path: Path) -> None:
    """An export handed out with its ID numbers and phones masked (5323**********1234, 139****5678): two
    people whose numbers mask alike were found as 证件号码重复 (1_01_001), and a masked mobile number as no mobile
    number (2_12_007, 2_01_013, 2_01_014, 4_02_001). Whether such a number repeats, or is a mobile one, is
    unknown: no finding, on both engines; a repeat written in full is still found."""
    from fanpin.synthetic import person_export

    export = person_export(4)
    keys = export.get_column("户编号").to_list()
    firsts = [keys.index(k) for k in dict.fromkeys(keys)]
    ids, phones = export.get_column("证件号码").to_list(), export.get_column("家庭成员联系电话").to_list()
    ids[firsts[0]] = ids[firsts[1]] = "5323**********1234"  # two people, masked alike
    ids[firsts[2]] = ids[firsts[3]] = "532328198001010049"  # one person listed in two households: a repeat
    phones = ["139****5678" if p else p for p in phones]
    export = export.with_columns(
        pl.Series("证件号码", ids), pl.Series("家庭成员联系电话", phones), pl.lit("1381***5678").alias("户联系电话")
    )
    source = _export_csv(tmp_path / "export.csv", export)
    findings = tmp_path / "findings.csv"
    run = score_file(source, tmp_path / "o.csv", tmp_path / "e.csv", "--engine", engine_name, "--checks", "with",
                     "--findings", findings)  # fmt: skip
    assert run.code in (0, 3), run.err
    found = read_csv(findings, ids=False)
    repeated = sorted(r["户编号"] for r in found if r["疑点代码"] == "1_01_001")
    assert repeated == sorted([keys[firsts[2]], keys[firsts[3]]]), repeated
    phone_codes = {"2_12_007", "2_01_013", "2_01_014", "4_02_001", "5_13_003"}
    assert [r for r in found if r["疑点代码"] in phone_codes] == []


def test_a_taiwan_permit_number_is_masked_where_the_text_names_it() -> None:
    """A Taiwan resident's permit number (eight digits) was left in clear in free text (listed as not yet
    promised): where the text names the permit just before it, it is masked as under its header, by the function
    and by the batch engine's column masking alike; eight digits named otherwise (a date, an amount) stay."""
    cases = {
        "台胞证号12345678，电话13812345678": "台胞证号1*******，电话1381***5678",
        "台湾居民来往大陆通行证：12345678": "台湾居民来往大陆通行证：1*******",
        "台胞证 " + "12345678".translate(_FULL): "台胞证 " + "1".translate(_FULL) + "*******",  # full-width digits
        "台胞证号123456789，补助20250630，日期20250630": "台胞证号123456789，补助20250630，日期20250630",
    }
    for clear, masked in cases.items():
        assert mask_numbers(clear) == masked
        assert mask_numbers(masked) == masked
        if masked != clear:
            assert re.search(CANDIDATE, clear)
    assert mask_numbers_series(pl.Series([*cases, None])).to_list() == [*cases.values(), None]


def test_a_health_detail_is_masked_keeping_nothing_wherever_it_is_refused(engine_name: str, tmp_path: Path) -> None:
    """健康状况 has four values, each told by its first character: masked as a name is (``长****``), a refused cell
    gave it away; so did 患有大病 typed into 劳动技能, shown as written. Both are ``**`` in the errors file, on both
    engines, and nothing of them is written anywhere."""
    source = export_with_cells(tmp_path, {(5, "健康状况"): "长期慢性病？", (9, "劳动技能"): "患有大病"})
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    run = score_file(source, out, errors, "--engine", engine_name, "--lang", "en")
    assert run.code == 3, run.err
    refused = {(r["line"], r["column"]): r["value"] for r in read_csv(errors, ids=False) if r["column"]}
    assert refused == {("5", "健康状况"): "**", ("9", "劳动技能"): "**"}, refused
    written = out.read_text(encoding="utf-8-sig") + errors.read_text(encoding="utf-8-sig") + run.err
    assert "长期慢性病？" not in written and "长*" not in written and "患*" not in written  # the reasons list the words
