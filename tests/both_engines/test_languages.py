"""One language at a time, on both engines: ``--lang zh`` (the default) writes Chinese headers, values,
bands, reasons and sentences, with no English word outside machine ids (rule and measure ids, codes);
``--lang en`` writes English, departments and risk types included, with no Chinese outside the input's
own data (names, headers, the values it compared). Machine ids are the same in both."""

from __future__ import annotations

import ast
import importlib
import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

import fanpin
from fanpin import Engine, Rulebook
from fanpin.batch import BatchEngine
from fanpin.model.household import Labelled
from fanpin.model.values import BROKEN_ID, CONTROL_ID, FULL_WIDTH_DIGITS, number_for_month
from fanpin.pipeline import score_path
from fanpin.results.columns import HEADERS, LIST_COLUMNS, OUTPUT_COLUMNS, REJECTED_HEADERS
from fanpin.results.reasons import reason_text
from fanpin.results.sentences import Lang
from tests.helpers import AS_OF, HEADER, REGION, SCORE_ARGS, by_id, run_cli, score_file, write_rows
from tests.paths import EXPORT_GBK_CSV, EXPORT_XLSX, HOUSEHOLDS_CSV

PACKAGE = Path(fanpin.__file__).parent

LATIN = re.compile(r"[A-Za-z]+")
HAN = re.compile(r"[\u3400-\u9fff]+")
#: Columns that hold machine ids: the same in both languages.
ID_COLUMNS = ("household_id", "region_code", "flags", "audit_findings", "measures", "not_evaluable", "rulebook_version")
#: The input words a Chinese reason quotes as what may be written in a cell (是/否, Y/N, 1/0, true/false), or given
#: (a NaN in a dict).
INPUT_TOKENS = {"Y", "N", "true", "false", "JSON", "NaN", "Infinity", "null"}
#: What a Chinese reason names in Latin letters that is no English word: a household id (H1), a cell (E5:E9),
#: the program that saved the file, an error a cell holds (#N/A, #DIV/0!).
NAMED = re.compile(r"H\d+|[A-Z]{1,3}\d+|Excel|#[A-Z][A-Z/0-9_]*[!?]?")
#: The Chinese an English reason may quote: headers and the words a cell may hold.
QUOTED_WORDS = {"户编号", "户主", "是", "否", "脱贫户", "一般农户", "户类型", "家庭人口数", "劳动力人数", "监测户"}
QUOTED_WORDS |= {"监测对象类别", "突发严重困难户", "工资性收入", "行政区划代码", "人编号", "证件号码", "姓名"}
#: A household file with the required columns and one row (its size cell to fill in).
TINY = [
    "户编号,行政区划代码,户类型,家庭人口数,工资性收入,生产经营性收入,财产性收入,转移性收入",
    "H1,532328,脱贫户,{size},1000,0,0,0",
]


def _score(engine_name: str, book: Rulebook, lang: Lang, folder: Path) -> tuple[pl.DataFrame, pl.DataFrame]:
    engine = BatchEngine(book) if engine_name == "batch" else Engine(book)
    out, errors = folder / f"{lang}.csv", folder / f"{lang}.errors.csv"
    score_path(engine, HOUSEHOLDS_CSV, out, as_of=AS_OF, region=REGION, lang=lang, errors=errors)
    return pl.read_csv(out, infer_schema=False), pl.read_csv(errors, infer_schema=False)


def _input_words() -> set[str]:
    """Every cell and header of the example input, and every vocabulary word it may use: the data a
    sentence or reason quotes, which stays as the input wrote it."""
    raw = pl.read_csv(HOUSEHOLDS_CSV, infer_schema=False)
    words = set(raw.columns)
    for column in raw.columns:
        words |= {v for v in raw.get_column(column).drop_nulls().to_list()}
    for kind in Labelled.__subclasses__():
        words |= {member.label for member in kind}
    return {w for w in words if HAN.search(w)}


def test_chinese_output_holds_no_english_word(engine_name: str, book: Rulebook, tmp_path: Path) -> None:
    scored, rejected = _score(engine_name, book, "zh", tmp_path)
    assert scored.columns[: len(OUTPUT_COLUMNS)] == [HEADERS["zh"][c] for c in OUTPUT_COLUMNS]
    assert rejected.columns == list(REJECTED_HEADERS["zh"].values())
    text_columns = [HEADERS["zh"][c] for c in OUTPUT_COLUMNS if c not in ID_COLUMNS]
    words = {
        (column, word)
        for column in text_columns
        for cell in scored.get_column(column).drop_nulls().to_list()
        for word in LATIN.findall(cell)
    }
    assert words == set()
    reasons = {w for cell in rejected.get_column("原因").to_list() for w in LATIN.findall(cell)}
    assert reasons <= INPUT_TOKENS
    plans = " ".join(scored.get_column(HEADERS["zh"]["plan"]).drop_nulls().to_list())
    assert "民政局" in plans and "前）" in plans
    bands = ["低于监测范围", "接近监测范围", "高于监测范围", "远高于监测范围"]
    assert scored.get_column(HEADERS["zh"]["income_band"]).is_in(bands).all()
    explanations = scored.get_column(HEADERS["zh"]["explanation"])
    assert explanations.str.contains("距贷款到期日天数").any()  # the example data has loans falling due
    assert not explanations.str.contains(r"\.md").any()


def test_english_output_holds_no_chinese_outside_the_input_data(
    engine_name: str, book: Rulebook, tmp_path: Path
) -> None:
    scored, rejected = _score(engine_name, book, "en", tmp_path)
    assert scored.columns[: len(OUTPUT_COLUMNS)] == list(OUTPUT_COLUMNS)
    assert rejected.columns == list(REJECTED_HEADERS["en"].values())
    allowed = sorted(_input_words(), key=len, reverse=True)

    def chinese(cell: str) -> list[str]:
        for word in allowed:
            cell = cell.replace(word, "")
        return HAN.findall(cell)

    found = {
        (column, word)
        for column in OUTPUT_COLUMNS
        for cell in scored.get_column(column).drop_nulls().to_list()
        for word in chinese(cell)
    }
    assert found == set()
    assert {w for cell in rejected.get_column("reason").to_list() for w in chinese(cell)} == set()
    assert scored.get_column("plan").str.contains("Civil Affairs Bureau").any()
    assert scored.get_column("risk_types").str.contains("illness").any()


def test_english_member_conditions_read_their_words_in_english_on_one_line(engine_name: str, tmp_path: Path) -> None:
    """A data check's member condition was shown in an English explanation as the rule writes it: its
    vocabulary words in Chinese (``labour in {"无劳动力", "丧失劳动力"}``), and a condition of several
    lines with its line breaks inside the CSV cell. Its words now read by their English ids, as a
    household fact's do, on one line; only words of no vocabulary (measure labels) stay as written."""
    out, errors = tmp_path / "en.csv", tmp_path / "e.csv"
    run = score_file(EXPORT_GBK_CSV, out, errors, "--checks", "with", "--lang", "en", "--engine", engine_name)
    assert run.code == 3, run.err  # the example export holds rows it refuses on purpose
    explanations = pl.read_csv(out, infer_schema=False).get_column("explanation").drop_nulls().to_list()
    text = "\n".join(explanations)
    assert not any("\n" in cell for cell in explanations)
    assert 'labour in {"none", "lost"}' in text and 'household_type == "formerly_poor"' in text
    assert 'risks contains "unstable_work"' in text or "risks contains" not in text
    labels = {member.label for kind in Labelled.__subclasses__() for member in kind}
    quoted = {w for w in re.findall(r'"([^"]*)"', text) if HAN.search(w)}
    assert quoted - labels, "measure labels stay as written"
    member_vocabularies = {"脱贫户", "无劳动力", "丧失劳动力", "健康", "之女", "农村特困"}
    assert not quoted & member_vocabularies, quoted & member_vocabularies


def _rule(rule_id: str, title: str, when: str, cases: list[str]) -> str:
    """A county rule file of one audit rule and its three cases."""
    lines = "\n".join(f"      - {c}" for c in cases)
    return f"""rules:
  - id: {rule_id}
    title: {title}
    level: info
    kind: audit
    basis: a county's own test
    when: {when}
    cases:
{lines}
case_defaults: {{region: "532328", as_of: 2025-06-30}}
"""


def _explanations(rule: str, source: Path, tmp_path: Path, *options: object, lang: str = "zh") -> list[str]:
    """The explanation column of ``source`` scored with the county rule ``rule`` over the reference rules."""
    (tmp_path / "county").mkdir()
    (tmp_path / "county" / "local.yaml").write_text(rule, encoding="utf-8")
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    assert score_file(source, out, errors, "--rules", tmp_path / "county", "--lang", lang, *options).code in (0, 3)
    column = pl.read_csv(out, infer_schema=False).get_column(HEADERS[lang]["explanation"])
    return [str(c) for c in column.to_list()]


_CATEGORY_RULE = _rule(
    "local.category",
    "{zh: 类别测试, en: category test}",
    'monitoring_category in {"脱贫不稳定户", "边缘易致贫户"} and household_type not in {"一般农户"}',
    [
        "{name: fires, facts: {monitoring_category: 脱贫不稳定户, household_type: 脱贫户}, expect: fires}",
        "{name: silent, facts: {monitoring_category: 突发严重困难户, household_type: 脱贫户}, expect: silent}",
        "{name: unknown, facts: {}, expect: not_evaluable}",
    ],
)


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("zh", "类别测试：监测对象类别 脱贫不稳定户 属于 {脱贫不稳定户, 边缘易致贫户}，"
         "户类型 脱贫户 不属于 {一般农户}"),
        ("en", "category test: monitoring_category unstable_lifted in {unstable_lifted, marginal}, "
         "household_type formerly_poor not in {ordinary}"),
    ],
)  # fmt: skip
def test_a_vocabulary_set_reads_in_the_run_s_language(engine_name: str, lang: str, said: str, tmp_path: Path) -> None:
    """An ``in`` test on a vocabulary fact was stated with the words' English ids in Chinese output
    (``监测对象类别 unstable_lifted 属于 {unstable_lifted, marginal}``), on both engines."""
    explanations = _explanations(_CATEGORY_RULE, HOUSEHOLDS_CSV, tmp_path, "--engine", engine_name, lang=lang)
    assert any(said in e for e in explanations)


def test_machine_ids_are_the_same_in_both_languages(engine_name: str, book: Rulebook, tmp_path: Path) -> None:
    zh, zh_rejected = _score(engine_name, book, "zh", tmp_path)
    en, en_rejected = _score(engine_name, book, "en", tmp_path)
    zh = by_id(zh)
    for column in ID_COLUMNS:
        assert zh.get_column(column).equals(en.get_column(column)), column
    assert (
        by_id(zh_rejected)
        .select("line", "household_id", "column", "value")
        .equals(en_rejected.select("line", "household_id", "column", "value"))
    )
    # The same rows carry the same items: one label per id, in either language.
    assert zh.get_column("risk_types").str.count_matches(";").equals(en.get_column("risk_types").str.count_matches(";"))
    assert set(LIST_COLUMNS) <= set(OUTPUT_COLUMNS)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_explain_reads_in_one_language_and_shows_the_plan(lang: str) -> None:
    """``fanpin explain`` in either language: the plan with departments and due dates, the unknown values as
    the unknown marker (never None), and no word of the other language outside ids and the input's data."""
    run = run_cli("explain", HOUSEHOLDS_CSV, "--household", "H5323280069", *SCORE_ARGS, "--lang", lang)
    assert run.code == 0, run.err
    assert "None" not in run.out
    if lang == "zh":
        assert "帮扶计划（一户一策）：\n- 入户核实（乡镇人民政府，2025-07-15前）" in run.out
        assert "（未知）" in run.out
        # Rule ids, the rulebook version and the household id are machine ids.
        words = set(LATIN.findall(re.sub(r"\b[a-z_]+(?:\.[a-z_]+)+\b|\b[0-9a-f]{16}\b|\bH\d+\b", "", run.out)))
        assert words <= INPUT_TOKENS, words
    else:
        assert "Plan:\n- home visit to verify the lead (township government, by 2025-07-15)" in run.out
        assert "(unknown)" in run.out
        rest = run.out
        for word in sorted(_input_words(), key=len, reverse=True):
            rest = rest.replace(word, "")
        assert HAN.findall(rest) == []


def test_explain_of_an_unknown_text_value_in_english_is_not_none(tmp_path: Path) -> None:
    """A vocabulary fact that is unknown reads as (unknown) in English, as （未知） in Chinese."""
    source = write_rows(tmp_path / "in.csv", [TINY[0], TINY[1].format(size=2)])
    for lang, unknown in (("en", "(unknown)"), ("zh", "（未知）")):
        run = run_cli("explain", source, "--household", "H1", *SCORE_ARGS, "--lang", lang)
        assert run.code == 0
        assert "None" not in run.out and unknown in run.out


def test_a_rejected_household_is_explained_in_the_language(tmp_path: Path) -> None:
    source = write_rows(tmp_path / "in.csv", [TINY[0], TINY[1].format(size=0)])
    zh = run_cli("explain", source, "--household", "H1", *SCORE_ARGS)
    en = run_cli("explain", source, "--household", "H1", *SCORE_ARGS, "--lang", "en")
    assert (zh.code, en.code) == (3, 3)
    assert zh.out == "户 H1 在第 2 行被拒收：家庭人口数 应不小于 1\n"
    assert en.out == "household H1 was rejected at line 2: 家庭人口数 should be at least 1\n"


def test_a_refusal_that_names_its_column_is_not_given_it_twice() -> None:
    """``fanpin explain`` put the refused column before a reason that begins with it
    (``工资性收入 工资性收入 在该户各行中不一致``)."""
    args = ("--household", "53232813000061", *SCORE_ARGS)
    zh, en = run_cli("explain", EXPORT_XLSX, *args), run_cli("explain", EXPORT_XLSX, *args, "--lang", "en")
    assert (zh.code, en.code) == (3, 3)
    assert zh.out.startswith("户 53232813000061 在第 162 行被拒收：工资性收入 在该户各行中不一致（"), zh.out
    assert en.out.startswith("household 53232813000061 was rejected at line 162: 工资性收入 differs"), en.out


@pytest.mark.parametrize(
    "reason",
    [
        "required value is empty; write 0 if the household had none",
        "required value is empty",
        "required value is empty: every member row names its household's 户编号",
        "duplicate 户编号: each household once",
        "duplicate 户编号: each household once; first on line 17",
        "duplicate 户编号: each household once; read as a code it is 户编号 5 (a tail of zeros such as .00, or an "
        "apostrophe before it, is no part of a code); first on line 3",
        "duplicate 户编号 written two ways, with full-width characters, an invisible character, a space inside or a "
        "letter in the other case: every row of it is refused, as which is the household cannot be told; write each "
        "household's "
        "户编号 once, the same way",
        "duplicate 户编号: each household once; 户编号 H1 also has rows in another 县/乡/村 (from line 4, 9): "
        "the households sharing it are all rejected, as their rows cannot be told apart safely",
        "户编号 H1 is also on line 9, whose 县/乡/村 cannot be read (see that line's reason): the household is "
        "rejected with it, as whether that row is one of its members cannot be told; mend that line and score "
        "the file again",
        "a member row without 户编号 stands beside this household's rows (line 7): it may be one of its members, "
        "and the household would be scored without it; give that row its 户编号",
        BROKEN_ID,
        CONTROL_ID,
        FULL_WIDTH_DIGITS,
        number_for_month(45123),
        "户编号 (or 县/乡/村) is written differently on the household's rows, with full-width characters, an "
        "invisible character, a space inside or a letter in the other case (on lines 4, 6): write it the same way "
        "on every row",
        "户编号 (or 县/乡/村) is written differently on the household's rows, with full-width characters, an "
        "invisible character, a space inside or a letter in the other case: write it the same way on every row",
        "12 cells but 9 headers",
        "户编号 (or 县/乡/村) is written differently on the household's rows, with full-width characters, an "
        "invisible character, a space inside or a letter in the other case (on lines 4, 6, 8 and 197 more): write "
        "it the same way on every row",
        "household not scored: its member rows on lines 3, 5 are rejected",
        "household not scored: its member row on line 3 is rejected",
        "household not scored: its member rows on lines 3, 5, 7 and 197 more are rejected",
        "this member row repeats line 4 cell for cell: the same person listed twice; delete one",
        "this member row has the 人编号 of line 4: the same person listed twice; delete one",
        "this member row has the 证件号码 and 姓名 of line 4: the same person listed twice; delete one",
        "2 members are 户主 (lines 3, 4); a household has one head",
        "400 members are 户主 (lines 3, 4, 5 and 397 more); a household has one head",
        "2 members are 户主; a household has one head",
        "户类型 differs between the household's rows (line 3: 脱贫户; lines 4, 5: (empty)); it must be the same on "
        "every row",
        "户类型 differs between the household's rows (lines 3, 4, 5 and 197 more: 脱贫户; line 203: (empty)); it must "
        "be the same on every row",
        "工资性收入 differs between the household's rows (line 3: 100; line 4: 200; lines 5, 6: (empty); 197 other "
        "values on lines 7, 8, 9 and 197 more); it must be the same on every row",
        "工资性收入 differs between the household's rows (line 3: 12345678901234567890… (50 characters); lines 4, 5: "
        "(empty)); it must be the same on every row",
        "the row has 60 cells where the header has 103: it ends early, after 工资性收入 (a line cut short or a lost "
        "separator); mend the line",
        "the row has 17 cells where the header has 103: it ends early, after column 17 (a line cut short or a lost "
        "separator); mend the line",
        "not a yes/no value; write 是/否, Y/N, 1/0 or true/false, or leave it empty if unknown",
        "not a text but a float NaN; give the text, or None if unknown",
        "not an amount of money; write digits with at most one decimal point",
        "not an amount of money: a space stands between its digits (1 234); write the digits together, e.g. 1234",
        "not an amount of money: a comma only groups thousands (8,700.50); write a decimal point, e.g. 1.5",
        "too large for an amount of money (at most 999999999999.99 元)",
        "not a whole number; write a whole number such as 4",
        "too large for a whole number here (at most 15 digits)",
        "not a month; write YYYYMM, e.g. 202304",
        "not a date; write YYYY-MM-DD, e.g. 2026-03-31",
        "a date with a time of day: a date column holds the day alone, and the time is not read; write the day only, "
        "2026-03-31",
        "a month, not a day: a date column holds a day; write YYYY-MM-DD with the day of 2025-06, e.g. 2025-06-01",
        "not a number (NaN, as a program writes a missing or failed value): write the value in digits, or leave the "
        "cell empty if it is not known",
        "not an amount of money: written with an exponent, as a spreadsheet shows a long number whose digits it may "
        "have cut; write the amount as digits",
        "a member row names 户编号 H2, not the household's H1: give each member under the household its 户编号 names",
        "no such day in the calendar: check the month (1 to 12) and the day (a month has 28 to 31); write "
        "YYYY-MM-DD, e.g. 2026-03-31",
        "no such month in the calendar, or its day is none: check the month (1 to 12) and the day; write YYYYMM, "
        "e.g. 202304",
        "a phone or ID number, not a count (pasted into the wrong column?); write the number of people or months",
        "a number where a date belongs: Excel shows a date as its count of days when the column is not formatted "
        "as a date; format the column as a date (YYYY-MM-DD) and save the file again",
        "not a known value; expected one of 脱贫户、一般农户",
        "must not be negative (an income or spending item is never below 0): correct the cell, writing 0 for none",
        "Input should be greater than or equal to 0",
        "劳动力人数 (labor_count) 3 is larger than 家庭人口数 (size) 1: a household's labour force is among its "
        "members; correct one of the two",
        "Input should be greater than or equal to 1",
        "Input should be less than or equal to 12",
        "not a region code; write the division code's 2, 4, 6, 9 or 12 digits (省/市/县/乡/村), e.g. 532328",
        "行政区划代码 has 11 digits; a division code has 2, 4, 6, 9 or 12 digits (省/市/县/乡/村): write the "
        "household's code (a phone or ID number is not one)",
        "行政区划代码 has 1 digit; a division code has 2, 4, 6, 9 or 12 digits (省/市/县/乡/村): write the "
        "household's code (a phone or ID number is not one)",
        "not a number; write digits with at most one decimal point",
        "not a number: a space stands between its digits (1 234); write the digits together, e.g. 1234",
        "not a number: a comma only groups thousands (8,700.50); write a decimal point, e.g. 1.5",
        "not a number: written with an exponent (1e2), as a spreadsheet shows a long number whose "
        "digits it may have cut; write the number as digits",
        "too large for an area or a distance (at most 999999999999.99)",
        "a phone or ID number, not an area or a distance (pasted into the wrong column?); write the number",
        "监测户 does not say whether the household is 脱贫户 or 一般农户, and its 监测对象类别 does not either; "
        "write 脱贫户 or 一般农户",
        "a household has at least one member row",
        "户类型 监测户 with 监测对象类别 (empty) does not say whether the household is 脱贫户 or 一般农户: "
        "write 脱贫户 or 一般农户",
        "户类型 监测户 with 监测对象类别 突发严重困难户 does not say whether the household is 脱贫户 or "
        "一般农户: write 脱贫户 or 一般农户",
        "not JSON (Expecting value); write one JSON object per line",
        'not a JSON object; write one object per household, e.g. {"户编号": "H1"}',
        'the key "工资性收入" is given twice in one object; keep one of them',
        "JSON has no value -Infinity; write null for a value not known",
        "the value of 家庭人口数 is a JSON list, not one value; write the value itself",
        "工资性收入 is merged over the rows of several households (cells E5:E9): Excel shows its one value on each "
        "of their rows, and each household would be scored with it as its own; unmerge it and give each household "
        "its own value",
        "cell G4 (#N/A), BM4 (#DIV/0!) holds an error of Excel's instead of a value (a formula that could not be "
        "calculated, or a lookup that found nothing); correct the formula or type the value, and save the file again",
        "cell D4, H4 holds a number of 16 digits or more, of which a spreadsheet keeps only the first 15 (an ID "
        "number, 户编号 or 人编号 stored as a number: the rest are lost); export the file again, or format the column "
        "as text and enter the numbers again, and save",
        "户编号 names a column the record also gives under another of its names (household_id, 户编号): keep one of "
        "them",
    ],
)
def test_every_reason_reads_in_chinese_and_in_english(reason: str) -> None:
    """Each refusal the readers and validators write has a Chinese sentence with no English word (the
    cells' accepted tokens aside), and an English one with no Chinese beyond headers and input words."""
    _reads_in_both(reason)


def _reads_in_both(reason: str, quoted: set[str] = QUOTED_WORDS) -> None:
    """``reason`` has a Chinese sentence and an English one (which may quote the Chinese words ``quoted``)."""
    zh = reason_text(reason, "zh")
    assert not zh.startswith(UNTRANSLATED), zh
    assert set(LATIN.findall(NAMED.sub("", zh))) <= INPUT_TOKENS, zh
    en = reason_text(reason, "en")
    assert set(HAN.findall(en)) <= quoted, en


#: How reason_text states in Chinese a reason it has no translation for.
UNTRANSLATED = reason_text("a reason of no pattern", "zh").partition("（")[0] + "（"
#: A value for each name a model's error template fills in (a key, the names of its column, the model).
TEMPLATE_SAMPLES = {"key": "工资收入", "suggestion": "工资性收入", "other": "wage_income", "model": "Household"}
TEMPLATE_SAMPLES |= {"title": "家庭纯收入", "english": "household_id", "chinese": "户编号"}


def _model_refusal_templates() -> list[str]:
    """The text of every ``PydanticCustomError`` fanpin raises, a literal or a module's constant: the model's
    own refusals (an unknown key, a derived value given …), which reach an errors file through
    ``Scorer.score``'s dicts rather than the file readers, and so were missed by the list above (an unknown
    key's reason had no Chinese). One made from a variable (a reason stated elsewhere) is not among them."""
    templates = []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        if "PydanticCustomError(" not in source:
            continue
        module = importlib.import_module(".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts))
        for node in ast.walk(ast.parse(source)):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "PydanticCustomError"):
                continue
            message = node.args[1] if len(node.args) > 1 else None
            if isinstance(message, ast.Constant) and isinstance(message.value, str):
                templates.append(message.value)
            elif isinstance(message, ast.Name) and isinstance(getattr(module, message.id, None), str):
                templates.append(getattr(module, message.id))
    return templates


@pytest.mark.parametrize("template", _model_refusal_templates())
def test_every_refusal_of_the_model_reads_in_chinese_and_in_english(template: str) -> None:
    samples = set(TEMPLATE_SAMPLES.values())  # the headers a key's refusal quotes
    _reads_in_both(template.format(**TEMPLATE_SAMPLES), QUOTED_WORDS | samples)


def test_the_model_refusals_are_found() -> None:
    assert len(_model_refusal_templates()) >= 4


#: The modules whose refusals of a row or a cell are an errors file's reasons: the readers, the models' validators
#: and the batch path's validation.
REASON_MODULES = ("io/readers.py", "io/export.py", "io/records.py", "io/columnar.py", "io/member_cells.py",
                  "io/keys.py", "io/repeats.py", "io/sheet.py", "batch/validate.py", "model/values.py",
                  "model/columns.py", "model/household.py", "model/member.py", "model/record.py",
                  "model/vocabulary.py", "model/facts.py", "model/roster.py", "regions.py")  # fmt: skip


def _written_reasons() -> list[str]:
    """Every reason the readers and validators state in a text of their own: a literal or a module's constant given
    to ``RejectedRow(…)`` (its reason), ``ValueError(…)`` (a validator's) or ``pl.lit(…)`` (the batch path's
    column of reasons), that is a sentence (``pl.lit`` holds other values too). The list above was written by hand,
    and a reason it left out had no Chinese without a test saying so."""
    found: set[str] = set()
    for relative in REASON_MODULES:
        module = importlib.import_module("fanpin." + relative.removesuffix(".py").replace("/", "."))
        for node in ast.walk(ast.parse((PACKAGE / relative).read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            called = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            given = {
                "RejectedRow": [*node.args[4:5], *(k.value for k in node.keywords if k.arg == "reason")],
                "ValueError": node.args[:1],
                "lit": node.args[:1],
            }.get(str(called), [])
            for argument in given:
                if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                    found.add(argument.value)
                elif isinstance(argument, ast.Name) and isinstance(getattr(module, argument.id, None), str):
                    found.add(getattr(module, argument.id))
    return sorted(t for t in found if re.search(r"[a-z]{2,} [a-z]", t))


@pytest.mark.parametrize("reason", _written_reasons(), ids=lambda r: r[:50])
def test_every_reason_written_in_the_readers_has_its_chinese(reason: str) -> None:
    assert not reason_text(reason, "zh").startswith(UNTRANSLATED), reason


def test_the_written_reasons_are_found() -> None:
    assert len(_written_reasons()) >= 30


#: Values a host's record or a clerk's cell may hold, right and wrong, of each kind fanpin is given.
_GIVEN: list[object] = [
    "abc", "-1", "-0.5", "1e5", "1,234.5", "1 234", "\uff11\uff12", "2025-13-01", "202513", "2025-02-30", "inf",
    "nan", 10**20, -5, 3.5, True, [], {}, set(), [1], ["a", ["b"]], "是否", "#N/A", "12345678901",
    "532328199001011234", "张三", " ", "0.5万", "5000元", "2025-06", "2025-06-01 12:00", 45000, "\x01", "a\tb",
    "1.5e+17", Decimal("Infinity"), Decimal("NaN"), float("nan"), float("inf"), "06/01/2025", "01/06/2025",
    "2025年6月", "true", "Y", "9999999999999999", "99", "5323", b"x", "\ud800", 2**60, datetime(2025, 1, 1, 12, 30),
    date(2025, 1, 1), "12/2025", 9007199254740993.0, -0.0, "\uff28\uff11", "x" * 300, "肺癌", "201", "1900-01-01",
    0, 200, "很多", "—", "无", "N/A", "1.005", "5e-3",
]  # fmt: skip


def test_every_reason_the_models_give_has_its_chinese() -> None:
    """Each field of a household and of a member given each of :data:`_GIVEN`: every reason the models refuse it
    with has a Chinese sentence, where a reason without one had been written ``该值不符合要求（<the English>）``
    (``not one value but a list; write the text itself``, pydantic's ``Input should be a valid string``), and no
    value stops them with another error than a refusal (a member's 户编号 or 人编号 given as a date or a list had
    stopped with a bare TypeError)."""
    from pydantic import ValidationError

    from fanpin.model.household import Household
    from fanpin.model.member import Member

    records: list[tuple[type[Household] | type[Member], dict[str, object]]] = [
        (Household, {"household_id": "H1", "region_code": "532328", "household_type": "脱贫户", "size": 4,
                     "wage_income": 1, "business_income": 0, "property_income": 0, "transfer_income": 0}),
        (Member, {"household_id": "H1", "person_id": "P1", "relation": "户主"}),
    ]  # fmt: skip
    derived = {"net_income", "gross_income", "income_per_capita", "rigid_expense", "members"}
    reasons: dict[str, str] = {}
    for model, record in records:
        for name in set(model.model_fields) - derived:
            for value in _GIVEN:
                try:
                    model.model_validate(record | {name: value})
                except ValidationError as refused:
                    for error in refused.errors():
                        reasons.setdefault(error["msg"].removeprefix("Value error, "), f"{name}={value!r}")
    assert len(reasons) >= 80, len(reasons)
    untranslated = {r: given for r, given in reasons.items() if reason_text(r, "zh").startswith(UNTRANSLATED)}
    assert not untranslated, untranslated


def test_the_library_writes_files_headed_by_id_unless_asked(tmp_path: Path) -> None:
    """Scorer.score_file names columns as Scorer.score does (ids, values in the language); headers="lang"
    heads them as ``fanpin score`` does. The errors file follows."""
    from fanpin import Scorer

    scorer = Scorer()
    scorer.score_file(HOUSEHOLDS_CSV, tmp_path / "ids.csv", as_of=AS_OF, region=REGION, errors=tmp_path / "e1.csv")
    scorer.score_file(
        HOUSEHOLDS_CSV, tmp_path / "zh.csv", as_of=AS_OF, region=REGION, errors=tmp_path / "e2.csv", headers="lang"
    )
    by_ids, by_lang = (pl.read_csv(tmp_path / f"{n}.csv", infer_schema=False) for n in ("ids", "zh"))
    assert by_ids.columns[: len(OUTPUT_COLUMNS)] == list(OUTPUT_COLUMNS)
    assert by_lang.columns[: len(OUTPUT_COLUMNS)] == [HEADERS["zh"][c] for c in OUTPUT_COLUMNS]
    assert by_ids.equals(by_id(by_lang))  # the same values: the labels are Chinese in both
    assert set(by_ids.get_column("alert_level").to_list()) <= {"红", "橙", "黄", "无"}
    errors_ids, errors_lang = (pl.read_csv(tmp_path / f"e{n}.csv", infer_schema=False) for n in (1, 2))
    assert errors_ids.columns == list(REJECTED_HEADERS["en"]) and errors_lang.columns == list(
        REJECTED_HEADERS["zh"].values()
    )
    assert errors_ids.get_column("reason").equals(errors_lang.get_column("原因"), check_names=False)


_MONEY_SET_RULE = _rule(
    "local.wage_set",
    "{zh: 工资集合, en: wage set}",
    "wage_income in {0, 1000.5} and size in {1, 2}",
    [
        "{name: fires, facts: {wage_income: 1000.5, size: 2}, expect: fires}",
        "{name: silent, facts: {wage_income: 5, size: 2}, expect: silent}",
        "{name: unknown, facts: {}, expect: not_evaluable}",
    ],
)


def test_a_set_of_amounts_is_stated_in_yuan(engine_name: str, tmp_path: Path) -> None:
    """An ``in`` test on money stated its set in fen (``工资性收入 1000.50 元 属于 {0, 100050.0}``)."""
    source = write_rows(tmp_path / "in.csv", [TINY[0], "H1,532328,脱贫户,2,1000.5,0,0,0"])
    [explanation] = _explanations(_MONEY_SET_RULE, source, tmp_path, "--engine", engine_name)
    assert "工资集合：工资性收入 1000.50 元 属于 {0, 1000.50}，家庭人口数 2 属于 {1, 2}" in explanation


def test_a_number_on_the_left_is_stated_once(engine_name: str, tmp_path: Path) -> None:
    """``5000 > wage_income`` was stated ``5000 5000 元 > 工资性收入 …``: the number as a name, then as a value."""
    rule = _rule(
        "local.const_left",
        "{zh: 常数在左, en: constant on the left}",
        "5000 > wage_income",
        [
            "{name: fires, facts: {wage_income: 4999.99}, expect: fires}",
            "{name: silent, facts: {wage_income: 5000}, expect: silent}",
            "{name: unknown, facts: {}, expect: not_evaluable}",
        ],
    )
    source = write_rows(tmp_path / "in.csv", [TINY[0], "H1,532328,脱贫户,2,1000.5,0,0,0"])
    [explanation] = _explanations(rule, source, tmp_path, "--engine", engine_name)
    assert "常数在左：5000 元 > 工资性收入 1000.50 元" in explanation


def test_a_rejected_household_is_told_every_reason(tmp_path: Path) -> None:
    """``fanpin explain`` told the first refusal only: a household refused for two cells was told one, and
    an export's household refused for a member row was told "its member row on line 47 is rejected",
    never why, so the clerk had to open the errors file. Every reason is told, once, each on its line."""
    source = write_rows(tmp_path / "in.csv", [TINY[0], TINY[1].format(size=0).replace(",1000,", ",-5,")])
    zh = run_cli("explain", source, "--household", "H1", *SCORE_ARGS)
    assert zh.code == 3
    assert zh.out.splitlines() == [
        "户 H1 在第 2 行被拒收：家庭人口数 应不小于 1",
        "户 H1 在第 2 行被拒收：工资性收入 不能为负数（收入或支出项不会小于 0）：请改正该单元格，没有的填 0",
    ]
    args = ("--household", "53232813000018", *SCORE_ARGS)
    zh, en = run_cli("explain", EXPORT_XLSX, *args), run_cli("explain", EXPORT_XLSX, *args, "--lang", "en")
    assert (zh.code, en.code) == (3, 3)
    assert zh.out.splitlines() == [
        "户 53232813000018 在第 45 行被拒收：该户未评分：其成员行（第 47 行）被拒收",
        "户 53232813000018 在第 47 行被拒收：劳动技能 不是可识别的值；应为以下之一：普通劳动力、技能劳动力、"
        "弱劳动力或半劳动力、丧失劳动力、无劳动力",
    ]
    assert en.out.splitlines()[1].startswith("household 53232813000018 was rejected at line 47: 劳动技能 not a known")
    # a reason shared by every row of the household (a conflict) is told once
    one = run_cli("explain", EXPORT_XLSX, "--household", "53232813000061", *SCORE_ARGS)
    assert len(one.out.splitlines()) == 1


def test_a_record_s_unknown_key_is_refused_in_the_language_of_the_run() -> None:
    """A dict with members is read by the household model: its unknown key was refused in English in a
    Chinese run (该值不符合要求（unknown key; did you mean …）)."""
    from fanpin import Scorer

    record = {"户编号": "H1", "行政区划代码": REGION, "户类型": "脱贫户", "家庭人口数": 1, "工资收入": 5,
              "生产经营性收入": 0, "财产性收入": 0, "转移性收入": 0, "家庭成员": []}  # fmt: skip
    reasons = {
        lang: Scorer().score([record], as_of=AS_OF, lang=lang).rejected.get_column("reason").to_list()
        for lang in ("zh", "en")
    }
    assert "未知的键；是否应为 工资性收入？" in reasons["zh"]
    assert "unknown key; did you mean 工资性收入 (wage_income)?" in reasons["en"]


MONEY = {
    "zh": "不能为负数（收入或支出项不会小于 0）：请改正该单元格，没有的填 0",
    "en": "must not be negative (an income or spending item is never below 0): correct the cell, writing 0 for none",
}


@pytest.mark.parametrize(
    ("lang", "reason"),
    [
        ("zh", "不能为负数：请改正该单元格（没有的填 0；不清楚的留空）"),
        ("en", "is never negative: correct the cell (write 0 for none; leave it empty if the value is not known)"),
    ],
)
def test_a_negative_area_or_amount_is_refused_with_its_fix(
    engine_name: str, lang: str, reason: str, tmp_path: Path
) -> None:
    """耕地面积（亩） -1 (the "小于0" half of 5_14_001) refused the household with ``应不小于 0`` / ``should be at
    least 0``, which says no fix. Every field that is never negative (areas, distances, amounts, counts) is
    refused with what to do, in the run's language, on both engines: a person-level export and a household
    table alike. A bound other than 0 keeps its own reason."""
    header = (
        "县,乡,村,户编号,行政区划代码,姓名,证件号码,与户主关系,户类型,监测对象类别,"
        "工资性收入,生产经营性收入,财产性收入,转移性收入,耕地面积（亩）"
    )
    rows = [
        "大姚县,金碧镇,龙街村,H1,532328101201,张三,,户主,脱贫户,,9000,0,0,0,-1",
        "大姚县,金碧镇,龙街村,H2,532328101201,李四,,户主,脱贫户,,9000,0,0,0,3",
    ]
    export = write_rows(tmp_path / "export.csv", [header, *rows])
    run = run_cli(
        "score", export, *SCORE_ARGS, "--checks", "with", "--engine", engine_name, "--lang", lang,
        "--out", tmp_path / "o.csv", "--errors", tmp_path / "e.csv",
    )  # fmt: skip
    refused = pl.read_csv(tmp_path / "e.csv", infer_schema=False)
    assert run.code != 0 or refused.height == 1, run.err
    assert refused.rows() == [("2", "H1", "耕地面积（亩）", "-1", reason)]
    table = write_rows(
        tmp_path / "households.csv",
        [HEADER, "H1,532328,脱贫户,2,-5,0,0,0,note", "H2,532328,脱贫户,0,5,0,0,0,note"],
    )
    score_file(table, tmp_path / "o2.csv", tmp_path / "e2.csv", "--engine", engine_name, "--lang", lang)
    reasons = pl.read_csv(tmp_path / "e2.csv", infer_schema=False).rows()
    assert reasons == [
        ("2", "H1", "工资性收入", "-5", MONEY[lang]),
        ("3", "H2", "家庭人口数", "0", "应不小于 1" if lang == "zh" else "should be at least 1"),
    ]
