"""fanpin in five lines: one household validated, assessed on a date, and its 一户一策 plan.

What it shows: the library's front door (``fanpin.Scorer``). A household is a plain mapping with the
national export's Chinese headers (English names work too); the evaluation date is explicit (the
monitoring line in force depends on it); the result says which rules fired and why, and what to do.

Run it from the repository root (after ``make demo``, or any install of fanpin)::

    .venv/bin/python examples/quickstart.py
"""

from datetime import date

import fanpin
from fanpin.cli import run_script
from fanpin.results.columns import label


def main() -> int:
    household = fanpin.Household.model_validate(
        {"户编号": "H1", "行政区划代码": "532328", "户类型": "脱贫户", "家庭人口数": 4, "工资性收入": 20000,
         "生产经营性收入": 8000, "财产性收入": 0, "转移性收入": 2000, "住房出现安全问题": "是"}
    )  # fmt: skip
    scorer = fanpin.Scorer()  # the reference rules shipped with fanpin
    assessment = scorer.assess(household, as_of=date(2025, 6, 30))
    plan = scorer.plan(household, as_of=date(2025, 6, 30))

    level = label("alert_level", assessment.alert_level, "zh")  # the ids (red, below_line) in the text's language
    band = label("income_band", assessment.income_band, "zh")
    print(f"{assessment.household_id}：预警等级 {level}，收入区间 {band}")
    for flag in assessment.flags:
        print(" ", fanpin.explain.flag_text(flag))
    print("帮扶计划：", plan.text())
    return 0


if __name__ == "__main__":
    run_script(main)  # exits; quietly when the output's reader goes away (`… | head`), as `fanpin` does
