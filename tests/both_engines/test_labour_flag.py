"""A household flagged 整户无劳动能力 while its 劳动力人数 (or its members' 劳动技能) counts workers: the plan reads the
count, and so does ``labor.none``. It had fired on the flag alone, so the household was alerted orange for 缺劳动力
with no 低保 or 特困 planned (the plan, reading two workers, drops them) and a disability allowance no member may be
due; the contradiction is ``data.labour_contradiction``'s to report, once. On both engines, from a household table
and from a person-level export, in both languages."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import SCORE_ARGS, run_cli, write_rows

#: 户编号 → (整户无劳动能力兜底保障户, 劳动力人数) of a household table; every household 20 000 元 a head.
TABLE = {
    "H1": ("是", "2"),  # the flag against the count: the count decides
    "H2": ("是", "0"),
    "H3": ("是", ""),  # no count: the flag says none
    "H4": ("", "1"),
    "H5": ("否", ""),  # neither says none, the count unknown
}
#: 户编号 → the members' 劳动技能 of an export whose every household is flagged 整户无劳动能力.
EXPORT = {"E1": ("普通劳动力", "弱劳动力或半劳动力"), "E2": ("丧失劳动力",), "E3": ("无劳动力", "丧失劳动力")}
#: 户编号 → labor.none fired (True), stayed silent (False) or was not evaluable (None).
EXPECTED = {"H1": False, "H2": True, "H3": True, "H4": False, "H5": None, "E1": False, "E2": True, "E3": True}
#: The households whose flag contradicts their count.
CONTRADICTING = {"H1", "E1"}
INCOME = "工资性收入,生产经营性收入,财产性收入,转移性收入"


def _table(path: Path) -> Path:
    header = f"户编号,行政区划代码,户类型,家庭人口数,整户无劳动能力兜底保障户,劳动力人数,{INCOME}"
    rows = [f"{hid},532328,脱贫户,2,{flag},{count},40000,0,0,0" for hid, (flag, count) in TABLE.items()]
    return write_rows(path, [header, *rows])


def _export(path: Path) -> Path:
    header = f"县,乡,村,户编号,行政区划代码,与户主关系,户类型,整户无劳动能力兜底保障户,劳动技能,{INCOME}"
    rows = [
        f"元谋县,元马镇,龙街村,{hid},532328101201,{'户主' if n == 0 else '配偶'},脱贫户,是,{skill},"
        f"{20000 * len(skills)},0,0,0"
        for hid, skills in EXPORT.items()
        for n, skill in enumerate(skills)
    ]
    return write_rows(path, [header, *rows])


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("make", [_table, _export], ids=["household-table", "export"])
def test_labour_none_reads_labour_as_the_plan_does(
    engine_name: str, make: Callable[[Path], Path], lang: str, tmp_path: Path
) -> None:
    source = make(tmp_path / "in.csv")
    out = tmp_path / "out.jsonl"
    run = run_cli("score", source, *SCORE_ARGS, "--engine", engine_name, "--lang", lang,
                  "--out", out, "--errors", tmp_path / "errors.csv")  # fmt: skip
    assert run.code == 0, run.err
    records = {r["household_id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert records.keys() == {h for h in EXPECTED if h[0] == ("H" if make is _table else "E")}
    for household_id, record in records.items():
        fired = {f["rule_id"] for f in record["flags"]}
        planned = {m["id"] for m in record["measures"]}
        expected = EXPECTED[household_id]
        assert ("labor.none" in fired) is (expected is True), household_id
        assert ("labor.none" in record["not_evaluable"]) is (expected is None), household_id
        assert ("data.labour_contradiction" in fired) is (household_id in CONTRADICTING), household_id
        # the plan's 兜底 measures go with the rule: planned where it fired, and only there
        assert ({"welfare.dibao", "welfare.tekun"} <= planned) is (expected is True), household_id
        if household_id in CONTRADICTING:
            assert fired == {"data.labour_contradiction"} and not record["risk_types"], household_id
            assert planned == {"monitoring.home_visit"}, household_id
