"""Chinese output is Chinese throughout: the explanation and plan columns of the example data, on both
engines, hold no English word (rule-language function names included), and cite only official sources."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest

from fanpin import ConfigError, Engine, Rulebook, load_rulebook
from fanpin.batch import BatchEngine
from fanpin.model.member import Member
from fanpin.pipeline import score_path
from fanpin.results.sentences import _zh_calls, flag_text
from tests.helpers import AS_OF, REGION, by_id
from tests.paths import EXPORT_XLSX, HOUSEHOLDS_CSV

LATIN = re.compile(r"[A-Za-z]+")


@pytest.mark.parametrize("engine_kind", ["batch", "durable"])
def test_chinese_text_columns_hold_no_english(engine_kind: str, book: Rulebook, tmp_path: Path) -> None:
    engine = BatchEngine(book) if engine_kind == "batch" else Engine(book)
    out = tmp_path / "scored.csv"
    score_path(engine, HOUSEHOLDS_CSV, out, as_of=AS_OF, region=REGION, errors=tmp_path / "rejected.csv")
    scored = by_id(pl.read_csv(out, infer_schema=False))
    text = scored.select(pl.concat_str("explanation", "plan", separator="\n", ignore_nulls=True)).to_series()
    words = sorted({w for cell in text.drop_nulls() for w in LATIN.findall(cell)})
    assert words == []
    assert text.str.contains("距贷款到期日天数").any()  # the example data has loans falling due
    assert not text.str.contains(r"\.md").any()


@pytest.mark.parametrize(
    ("term", "chinese"),
    [
        ("days_until(loan_due_date)", "距loan_due_date天数"),
        ("months_since(identified_month)", "identified_month至今月数"),
        ("months_between(identified_month, eliminated_month) + 1", "identified_month至eliminated_month月数 + 1"),
        ("wage_income - coalesce(public_job_income, 0)", "wage_income - public_job_income（缺失按0计）"),
        ("max(coalesce(a, 0), abs(b - c))", "a（缺失按0计）、|b - c|中的较大值"),
        ("min(a, b)", "a、b中的较小值"),
        # an age on a date is named by the date, as a rule writes it and as the type checker does
        ("age_on(2024-09-01)", "2024-09-01时的年龄"),
        ("age_on(birth_date, 2024-09-01)", "2024-09-01时的年龄"),
        ("size", "size"),
        # a comma inside a set or a quoted value does not end a member condition
        (
            'any(members, labour in {"无劳动力", "丧失劳动力"} or remarks == "a, b")',
            '有成员满足「劳动技能 属于 {"无劳动力", "丧失劳动力"} 或 其他备注 = "a, b"」',
        ),
        # a member fact (and a measure column) shadows the household fact of the same name
        (
            "all(members, industry_support is empty and not dropout)",
            "所有成员满足「产业帮扶为空 且 是否义务教育阶段适龄儿童少年失学辍学 为 否」",
        ),
    ],
)
def test_function_calls_read_as_chinese_words(term: str, chinese: str) -> None:
    assert _zh_calls(term) == chinese


@pytest.mark.parametrize("engine_kind", ["batch", "durable"])
def test_member_conditions_read_as_chinese_in_the_export_scored_with_the_checks(
    engine_kind: str, tmp_path: Path
) -> None:
    """The data checks read the members (any/all over measure columns, sets of values, parameters inside
    a member condition): their sentences hold no English word either, on both engines."""
    book = load_rulebook(checks="with")
    engine = BatchEngine(book) if engine_kind == "batch" else Engine(book)
    out = tmp_path / "scored.csv"
    score_path(engine, EXPORT_XLSX, out, as_of=AS_OF, region=REGION, errors=tmp_path / "rejected.csv")
    text = by_id(pl.read_csv(out, infer_schema=False)).select(
        pl.concat_str("explanation", "plan", separator="\n", ignore_nulls=True)
    )
    cells = text.to_series().drop_nulls()
    assert sorted({w for cell in cells for w in LATIN.findall(cell)}) == []
    assert cells.str.contains('所有成员满足「劳动技能 属于 {"无劳动力", "丧失劳动力"}」', literal=True).any()
    # a yes/no fact negated reads as the fact and its value (非是否参加大病保险 had read "not whether insured")
    assert not cells.str.contains("非是否", literal=True).any()
    assert cells.str.contains(" 为 否 且 ", literal=True).any()


def test_a_parameter_inside_a_member_condition_is_labelled_and_cited() -> None:
    book = load_rulebook(checks="only")
    child = Member.model_validate({"户编号": "H1", "出生日期": "2015-03-01"})
    assessment = Engine(book).evaluate_facts({"monitored": False}, as_of=AS_OF, region=REGION, members=(child,))
    (flag,) = [f for f in assessment.flags if f.rule_id == "checks.school_age_child_not_in_school_not_monitored"]
    text = flag_text(flag, "zh")
    assert "年龄（周岁） ≥ 义务教育入学年龄" in text and "中华人民共和国义务教育法" in text
    assert not LATIN.findall(text)


def test_a_refused_parameter_called_by_a_word_of_the_language_leaves_the_sentences_as_they_were(
    tmp_path: Path,
) -> None:
    """A rules folder refused for a parameter called ``missing`` (a word of the rule language) had left its
    label behind for the process: every later ``is missing`` read ``is 缺失线 （无取值）``."""
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "county.yaml").write_text(
        "parameters:\n  missing:\n    label: 缺失线\n    unit: money\n    values:\n"
        '      - {region: "", from: 2024-01-01, value: 60, source: test}\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match="word of the rule language"):
        load_rulebook(folder)
    book = load_rulebook(checks="only")
    child = Member.model_validate({"户编号": "H1", "出生日期": "2015-03-01"})
    assessment = Engine(book).evaluate_facts({"monitored": False}, as_of=AS_OF, region=REGION, members=(child,))
    (flag,) = [f for f in assessment.flags if f.rule_id == "checks.school_age_child_not_in_school_not_monitored"]
    text = flag_text(flag, "zh")
    assert "缺失线" not in text and not LATIN.findall(text)
