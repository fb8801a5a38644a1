"""户类型 监测户 (as the national export writes a monitored household) in a household table: resolved by
监测对象类别 — 脱贫不稳定户 are 脱贫户, 边缘易致贫户 are 一般农户 — and refused, naming the category,
when the category does not say; the same on both engines."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from fanpin import Household
from tests.helpers import by_id, score_file, write_rows

HEADER = "户编号,行政区划代码,户类型,监测对象类别,家庭人口数,工资性收入,生产经营性收入,财产性收入,转移性收入"
ROWS = [
    "H1,532328,监测户,脱贫不稳定户,2,100,0,0,0",
    "H2,532328,监测户,,2,100,0,0,0",
    "H3,532328,监测户,突发严重困难户,2,100,0,0,0",
    "H4,532328, 监测户 ,边缘易致贫户,2,100,0,0,0",
]


@pytest.mark.parametrize(
    ("category", "expected"),
    [("脱贫不稳定户", "formerly_poor"), ("边缘易致贫户", "ordinary"), ("marginal", "ordinary")],
)
def test_the_model_resolves_a_monitored_household_by_its_category(category: str, expected: str) -> None:
    household = Household.model_validate(
        {"户编号": "H1", "户类型": "监测户", "监测对象类别": category, "家庭人口数": 2, "工资性收入": 1,
         "生产经营性收入": 0, "财产性收入": 0, "转移性收入": 0}
    )  # fmt: skip
    assert household.household_type == expected


def test_both_engines_resolve_or_refuse_it_alike(engine_name: str, tmp_path: Path) -> None:
    source = write_rows(tmp_path / "in.csv", [HEADER, *ROWS])
    run = score_file(source, tmp_path / "out.csv", tmp_path / "err.csv", "--engine", engine_name)
    assert run.code == 3, run.err
    scored = by_id(pl.read_csv(tmp_path / "out.csv", infer_schema=False))
    assert scored["household_id"].to_list() == ["H1", "H4"]
    assert scored["suggested_category"].to_list() == ["脱贫不稳定户", "边缘易致贫户"]
    rejected = by_id(pl.read_csv(tmp_path / "err.csv", infer_schema=False))
    assert rejected["household_id"].to_list() == ["H2", "H3"]
    assert all("监测对象类别" in reason and "脱贫户或一般农户" in reason for reason in rejected["reason"])
    assert "突发严重困难户" in rejected["reason"][1] and "（空）" in rejected["reason"][0]
