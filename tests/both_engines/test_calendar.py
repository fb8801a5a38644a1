"""Months and dates in the rule language — ``identified_month >= 2022-10``, ``loan_due < 2026-01-01``,
``eliminated_month < identified_month`` — shown as written, on both engines, in both languages (the
rules' cases and outcomes are tested on both engines in test_language_features.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fanpin import Engine, Rulebook, load_rulebook
from fanpin.batch import BatchEngine
from fanpin.pipeline import score_path
from fanpin.results.sentences import Lang
from tests.helpers import AS_OF, write_rows
from tests.paths import FIXTURES

HEADER = "户编号,行政区划代码,户类型,家庭人口数,工资性收入,生产经营性收入,财产性收入,转移性收入,监测对象类别,识别监测时间,风险是否已消除,风险消除方式,消除监测时间,小额信贷余额,贷款到期日"  # noqa: E501


@pytest.fixture(scope="module")
def calendar_book() -> Rulebook:
    return load_rulebook(FIXTURES / "calendar")


@pytest.fixture(scope="module")
def calendar_engines(calendar_book: Rulebook) -> tuple[Engine, BatchEngine]:
    return Engine(calendar_book), BatchEngine(calendar_book)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_months_and_dates_are_shown_as_written_on_both_engines(
    calendar_engines: tuple[Engine, BatchEngine], lang: Lang, tmp_path: Path
) -> None:
    source = write_rows(
        tmp_path / "in.csv",
        [
            HEADER,
            "H1,532328,脱贫户,2,1000,0,0,0,边缘易致贫户,202211,是,帮扶消除,202210,20000,2025-12-31",
            "H2,532328,脱贫户,2,1000,0,0,0,边缘易致贫户,202304,否,,,0,",
        ],
    )
    written = []
    for engine in calendar_engines:
        out = tmp_path / f"{type(engine).__name__}.jsonl"
        score_path(engine, source, out, as_of=AS_OF, lang=lang, errors=tmp_path / "e.csv")
        written.append(out.read_bytes())
    assert written[0] == written[1]
    text = written[0].decode()
    if lang == "zh":
        assert "识别监测时间 2022-11 ≥ 2022-10，识别监测时间 2022-11 ≤ 2023-03" in text
        assert "消除监测时间 2022-10 < 识别监测时间 2022-11" in text
        assert "贷款到期日 2025-12-31 < 2026-01-01" in text
    else:
        assert "identified_month 2022-11 ≥ 2022-10, identified_month 2022-11 ≤ 2023-03" in text
