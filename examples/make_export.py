"""Generate a synthetic person-level export of 全国防返贫监测信息系统 and its equivalent household table.

Usage::

    python examples/make_export.py                       # 100 households, seed 20256, into examples/data/
    python examples/make_export.py --households 300 --seed 7 --out-dir /tmp/export

Writes, from the same synthetic households:

- ``export.xlsx``: one sheet; rows 1-2 are titles, row 3 the column names, data from row 4; one row per
  person, the household columns repeated on every member row; every cell is text.
- ``export-gbk.csv``: the same rows (titles included) as CSV in GBK.
- ``export-households.csv``: the equivalent table with one row per household (the columns of README
  "Input"), derived here by the mapping of ``docs/export.md``. It holds the households the export
  reader accepts, so reading either file gives the same households. The region is 532328 (元谋县);
  the export has no 行政区划代码 column, so read it with ``region="532328"``.

The export carries the variants real exports do: ``.0`` tails on dates, phone and ID numbers, money
and codes; 一般户 and 监测户 beside 一般农户; 务工就业不稳 beside 因务工就业不稳; 弱劳动力 and 半劳动力;
empty cells; disability-card numbers (20 and 22 characters), a ``999999…`` number (no real ID); and
a second copy of 风险是否已消除 named 风险是否已消除0, equal to it on every row. One household's last
member row is placed later in the file. A handful of households are deliberately bad; the summary
printed to stdout lists them with the lines of their rows. No month or date is after 2025-06-30 (``AS_OF``,
the date the examples are scored at): members are born by it, the base households identified in 2021 to 2024
(the plants by May 2025), and a risk eliminated a year after identification, or in June 2025 where that year
ends later (still six months or more).

The base households are consistent: no check of the data-check pack (``rules/checks``) fires on them.
After them come the planted households of ``examples/plants.py``: for every code of the pack, the rows
that must be found under it, and near misses that must stay silent (``tests/examples/test_plants.py``).

All data is synthetic: ``李某华``-style names, made-up ID numbers (with valid check characters, except
where a plant needs a wrong one), phone numbers of the form 1380000xxxx. Needs openpyxl; otherwise
stdlib only.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import re
import sys
import zipfile
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

try:
    from openpyxl import Workbook
except ImportError:  # run by a Python without fanpin's environment
    sys.exit(
        "make_export.py needs openpyxl: run it with the project's environment, .venv/bin/python examples/make_export.py"
    )

sys.path.insert(0, str(Path(__file__).resolve().parent))  # plants.py, beside this script
from make_households import written  # the same words for an --out-dir that cannot be written
from plants import DEFAULT_MEASURE, KINDS, PLANTS, Plant, id_check_char

AS_OF = date(2025, 6, 30)
REGION = "532328"
#: The last month an elimination may be recorded in: the month of AS_OF, the date the examples are scored at
#: (a year after identification, or June 2025 where that is later: still six months or more).
LAST_MONTH = f"{AS_OF:%Y%m}"
MEASURES = [
    "产业帮扶",
    "就业帮扶",
    "金融帮扶",
    "公益岗位帮扶",
    "健康帮扶",
    "义务教育保障",
    "教育帮扶",
    "住房安全保障",
    "饮水安全保障",
    "综合保障",
    "社会帮扶",
    "搬迁",
    "生产生活条件改善",
    "基础设施建设",
]
INCOME = ["工资性收入", "生产经营性收入", "财产性收入", "转移性收入", "生产经营性支出", "年收入（元）"]
AFTER = [f"风险消除后{c}" for c in INCOME]
AFTER += ["风险消除后家庭纯收入", "风险消除后家庭人均纯收入", "风险消除后理赔收入", "风险消除后合规自付支出"]
RISK_COLUMNS = [f"致贫/返贫风险{i}" for i in range(1, 6)]
COLUMNS = [
    *("县", "乡", "村", "户编号", "人编号", "姓名", "证件类型", "证件号码", "性别", "民族", "出生日期"),
    *("与户主关系", "家庭成员联系电话", "户类型", "监测对象类别", "整户无劳动能力兜底保障户", "户联系电话"),
    *("信息采集人", "信息采集人联系电话", "文化程度", "在校生状况", "义务教育阶段未上学原因"),
    *("是否义务教育阶段适龄儿童少年失学辍学", "健康状况", "劳动技能", "务工所在地", "公益性岗位", "公益性岗位(月数)"),
    "就业渠道（易地搬迁后扶使用）",
    *("是否参加城乡居民基本医疗保险", "是否参加城镇职工基本医疗保险", "是否参加大病保险"),
    *("是否参加城乡居民基本养老保险", "是否参加城镇职工基本养老保险"),
    *("是否接受医疗救助", "享受低保政策情况", "享受特困供养政策情况", "最低生活保障金", "特困人员救助供养金"),
    *("是否危房户", "是否解决安全饮用水", "是否有卫生厕所", "是否通生活用电", "入户道路是否硬化", "住房面积"),
    *("与村主干路距离", "耕地面积（亩）", "林地面积（亩）", "退耕还林面积（亩）", "林果面积（亩）", "牧草地面积"),
    *("水面面积", *RISK_COLUMNS),
    *("因自然灾害子项", "其他备注", "识别监测时间", "风险是否已消除", "风险消除方式", "消除监测时间"),
    "是否有家庭成员未参加城乡居民（职工）基本医疗保险",
    *INCOME,
    *("人均纯收入（元）", "理赔收入", "合规自付支出", *AFTER),
    *("风险消除后是否住房损毁", "风险消除后是否饮水设施损毁", "风险消除后是否义务教育阶段适龄儿童少年失学辍学"),
    "风险消除后是否有家庭成员未参加城乡居民（职工）基本医疗保险",
    *("实施开发式帮扶措施情况", *MEASURES, "风险是否已消除0"),
]
TABLE = [
    *("户编号", "行政区划代码", "户类型", "家庭人口数", "户主证件号码", "户主姓名", "劳动力人数"),
    *("整户无劳动能力兜底保障户", "工资性收入", "生产经营性收入", "生产经营性支出", "财产性收入", "转移性收入"),
    *("人均纯收入（元）", "合规自付支出", "住房出现安全问题", "义务教育阶段适龄儿童少年失学辍学", "饮水出现安全问题"),
    *("有家庭成员未参加基本医保", "监测对象类别", "识别监测时间", "风险是否已消除", "风险消除方式", "消除监测时间"),
    *RISK_COLUMNS,
    "已落实帮扶措施",
]
TITLES = ["全国防返贫监测信息系统 家庭成员信息表（合成示例数据）", "导出时间：2025-06-30　导出单位：元谋县（示例）"]
TOWNS = {
    "城关镇": ("新村", "东村"),
    "东山乡": ("上村", "下村", "中村"),
    "河口镇": ("西村", "南村"),
    "平坝乡": ("北村",),
}
SURNAMES, GIVEN = "李王张刘陈杨赵黄周吴罗普起苏何", "华明芳兰福贵秀英国文荣春海云"
ETHNIC = ("汉族", "汉族", "汉族", "彝族", "傈僳族", "苗族")
LABOUR = ("普通劳动力", "技能劳动力", "弱劳动力或半劳动力", "弱劳动力", "半劳动力")
NO_LABOUR = ("丧失劳动力", "无劳动力")
#: 务工所在地 as the national system writes it, down to the county (a place short of it is planted: 5_01_005).
WORK_PLACES = ("云南省楚雄彝族自治州元谋县", "云南省昆明市官渡区", "广东省深圳市宝安区")
RISKS = ("因病", "因学", "因残", "因自然灾害", "因意外事故", "因产业项目失败", "因务工就业不稳", "缺劳动力", "其他")
#: The risks of the base households: those whose recorded situation the generator keeps consistent with
#: the monitoring checks (因病 is added where a member is ill; the others are planted, see plants.py).
BASE_RISKS = ("因学", "因自然灾害", "因意外事故", "因产业项目失败", "其他")
#: The deliberately bad households: role → what is wrong.
BAD = {
    "conflict_type": "户类型 differs on one member row (脱贫户 / 一般农户)",
    "conflict_income": "工资性收入 differs on one member row",
    "bad_labour": "劳动技能 = 全劳动力 (not a known value) on one member row",
    "bad_birth": "出生日期 = 19801301 (not a date) on one member row",
    "two_heads": "two member rows are 户主",
}
Row = dict[str, str]


def yuan(amount: Decimal, rng: random.Random | None = None) -> str:
    """元 as the export writes it: no trailing zeros, now and then a ``.0`` tail."""
    text = f"{amount.quantize(Decimal('0.01')):f}".rstrip("0").rstrip(".")
    return text + ".0" if rng is not None and "." not in text and rng.random() < 0.15 else text


def tail(rng: random.Random, text: str, chance: float = 0.2) -> str:
    """``.0`` after an all-digit code, as Excel writes a code it stored as a number."""
    return text + ".0" if text.isdigit() and rng.random() < chance else text


def yes(value: bool | None) -> str:
    return "" if value is None else "是" if value else "否"


def person(rng: random.Random, relation: str, age: int, sex: int, disabled: bool, seq: int) -> Row:
    """One member's own columns."""
    born = AS_OF.replace(year=AS_OF.year - age) - timedelta(days=rng.randrange(365))  # ``age`` full years
    body = f"{REGION}{born:%Y%m%d}{seq % 100:02d}{rng.randrange(5) * 2 + (sex == 1)}"
    number = body + id_check_char(body)
    row: Row = {
        "姓名": rng.choice(SURNAMES) + "某" + rng.choice(GIVEN),
        "证件类型": "居民身份证",
        "证件号码": tail(rng, number, 0.1),
        "性别": rng.choice(("1", "1.0")) if sex == 1 else rng.choice(("2", "2.0")),
        "民族": rng.choice(ETHNIC),
        "出生日期": "" if rng.random() < 0.1 else tail(rng, f"{born:%Y%m%d}"),
        "与户主关系": relation,
        "家庭成员联系电话": tail(rng, f"1380000{rng.randrange(10_000):04d}") if 18 <= age < 70 else "",
    }
    if disabled:
        category, level = rng.choice("14556"), rng.choice("1234")
        row["证件类型"], row["证件号码"] = "残疾人证", number + category + level + ("01" if seq % 7 == 0 else "")
    health = "残疾" if disabled else rng.choices(("健康", "长期慢性病", "患有大病"), weights=(80, 14, 6))[0]
    # The base population is consistent: no data check fires on it (the plants of examples/plants.py do).
    school = ""
    if age < 6:
        school = rng.choice(("学龄前儿童", "学前教育"))
    elif age < 12:
        school = "小学"
    elif age < 15:
        school = ("七年级", "八年级", "九年级")[age - 12]
    elif age < 18:
        school = rng.choice(("普通高中一年级", "普通高中二年级"))
    elif age < 22 and rng.random() < 0.3:
        school = "本科"
    if age < 16 or school:
        labour = "无劳动力"
    elif age >= 60:
        labour = rng.choice(("无劳动力", "弱劳动力或半劳动力", "半劳动力"))
    elif disabled or health != "健康":
        labour = rng.choice(("丧失劳动力", "弱劳动力或半劳动力", "弱劳动力"))
    else:
        labour = rng.choices(LABOUR[:2], weights=(75, 25))[0]
    dropout = "" if age > 16 and rng.random() < 0.04 else "否"
    if 6 <= age < 16 and rng.random() < 0.04:
        dropout, school = "是", ""
    employee = None if rng.random() < 0.02 else False
    row |= {
        "文化程度": "" if age < 6 or school else rng.choice(("初中", "高中", "大专")) if age >= 18 else "小学",
        "在校生状况": school,
        "义务教育阶段未上学原因": "厌学" if dropout == "是" else "",
        "是否义务教育阶段适龄儿童少年失学辍学": dropout,
        "健康状况": health,
        "劳动技能": labour,
        "务工所在地": rng.choice(WORK_PLACES) if labour in LABOUR[:2] and rng.random() < 0.5 else "",
        "是否参加城乡居民基本医疗保险": "是",
        "是否参加城镇职工基本医疗保险": yes(employee),
        "是否参加大病保险": "是",
        "是否参加城乡居民基本养老保险": yes(age >= 16 and rng.random() < 0.85),
        "是否参加城镇职工基本养老保险": "否",
        "是否接受医疗救助": yes(health == "患有大病"),
        "享受低保政策情况": "未享受",
        "享受特困供养政策情况": rng.choice(("不享受", "不享受", "")),
    }
    return row


def members(rng: random.Random, size: int, seq: int) -> list[Row]:
    """A household's member rows (own columns only), the head first."""
    head_age = rng.randint(28, 80)
    head_sex = rng.choice((1, 1, 2))
    rows = [person(rng, "户主", head_age, head_sex, rng.random() < 0.08, seq)]
    kids = 0
    for k in range(1, size):
        if k == 1 and head_age < 75:
            relation, age = "配偶", max(20, head_age + rng.randint(-5, 3))
        elif head_age >= 60 and k >= 2:
            relation, age = rng.choice(("之孙子", "之孙女", "之外孙子")), rng.randint(3, 16)
        elif head_age < 45 and k == 2 and rng.random() < 0.5:
            relation, age = rng.choice(("之父", "之母")), head_age + rng.randint(22, 30)
        else:
            relation, age = rng.choice(("之子", "之女")), max(1, head_age - rng.randint(22, 34) - kids)
            kids += 1
        sex = 2 if relation in ("之女", "之孙女", "之母") else 1
        sex = 3 - head_sex if relation == "配偶" else sex
        rows.append(person(rng, relation, age, sex, rng.random() < 0.05, seq + k))
    return rows


def household(rng: random.Random, n: int, size: int) -> tuple[Row, list[Row], Row]:
    """One household: its own columns, its member rows (own columns) and its table row."""
    town = rng.choice(list(TOWNS))
    village = rng.choice(TOWNS[town])
    hid = f"5323281{list(TOWNS).index(town)}{TOWNS[town].index(village)}{n:05d}"
    people = members(rng, size, n * 10)
    kind = rng.choices(("脱贫户", "一般农户", "一般户", "监测户"), weights=(55, 35, 6, 4))[0]
    monitored = kind == "监测户" or rng.random() < 0.3
    if n == 23:  # see below: a household no data check reads
        kind, monitored = "一般农户", False
    category = ""
    if monitored:
        category = "脱贫不稳定户" if kind == "脱贫户" else "边缘易致贫户"
        category = rng.choice(("脱贫不稳定户", "边缘易致贫户")) if kind == "监测户" else category
        category = "突发严重困难户" if kind != "监测户" and rng.random() < 0.25 else category
    for m in people:
        if kind != "脱贫户" and not monitored and rng.random() < 0.05:
            m["劳动技能"] = ""  # unknown (only where no check asks for it): 劳动力人数 is unknown too
        if monitored and m["是否义务教育阶段适龄儿童少年失学辍学"] == "是":  # a dropout is planted, not random
            m |= {
                "是否义务教育阶段适龄儿童少年失学辍学": "否",
                "义务教育阶段未上学原因": "",
                "在校生状况": "小学",
                "文化程度": "",
            }
    labour = [m["劳动技能"] for m in people]
    workers = sum(x in LABOUR for x in labour)
    eliminated = monitored and bool(workers) and rng.random() < 0.35
    # per capita mostly 2500-16000 元 a year; at or above the monitoring line (8700 元) unless monitored
    target = Decimal(rng.randrange(250 if monitored and not eliminated else 880, 1600) * 10 * size)
    transfer = (target * Decimal(rng.randrange(8, 40 if workers else 90)) / 100).quantize(Decimal(1))
    prop = Decimal(rng.randrange(0, 100) * 5)
    business = Decimal(rng.randrange(0, 1 + int(target - transfer) // 20) * 10)
    cost = Decimal(rng.randrange(0, 1 + int(business) // 30) * 10) if business and rng.random() < 0.8 else None
    rest = max(Decimal(0), target - transfer - prop - business + (cost or 0))
    wage = rest if workers else Decimal(0)
    transfer += 0 if workers else rest
    net = wage + business - (cost or 0) + prop + transfer
    per_capita = (net / size).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    identified = f"{rng.randint(2021, 2024)}{rng.randint(1, 12):02d}"
    risks = rng.sample(BASE_RISKS, rng.randint(1, 3)) if monitored else []
    if monitored and any(m["健康状况"] in ("长期慢性病", "患有大病") for m in people) and rng.random() < 0.5:
        risks = ["因病", *risks[:2]]
    written_risks = list(risks)
    recorded_no_labour = all(x in NO_LABOUR for x in labour)
    if (kind == "脱贫户" or monitored) and recorded_no_labour:  # a household without labour has 低保
        people[0]["综合保障"] = "低保"
    pairs = [(m["是否参加城乡居民基本医疗保险"], m["是否参加城镇职工基本医疗保险"]) for m in people]
    recorded_uninsured = "" if not monitored and rng.random() < 0.1 else yes(("否", "否") in pairs)
    if n == 23:  # recorded 否 although one member has neither insurance: the member rows win
        people[-1] |= {"是否参加城乡居民基本医疗保险": "否", "是否参加城镇职工基本医疗保险": "否"}
        recorded_uninsured = "否"
    own: Row = dict.fromkeys(COLUMNS, "")
    own |= {
        "县": "元谋县",
        "乡": town,
        "村": village,
        "户编号": hid + (".0" if n % 9 == 0 else ""),
        "户类型": kind,
        "监测对象类别": category,
        "整户无劳动能力兜底保障户": "" if rng.random() < 0.15 else yes(recorded_no_labour),
        "户联系电话": tail(rng, f"1380000{rng.randrange(10_000):04d}"),
        "信息采集人": rng.choice(SURNAMES) + "某" + rng.choice(GIVEN),
        "信息采集人联系电话": f"1380000{rng.randrange(10_000):04d}",
        "是否有家庭成员未参加城乡居民（职工）基本医疗保险": recorded_uninsured,
        "是否危房户": "否",
        "是否解决安全饮用水": "是",
        "是否有卫生厕所": yes(rng.random() < 0.8),
        "是否通生活用电": "是",
        "入户道路是否硬化": yes(rng.random() < 0.9),
        "住房面积": yuan(Decimal(rng.randrange(400, 2400)) / 10),
        "与村主干路距离": yuan(Decimal(rng.randrange(0, 50)) / 10),
        "耕地面积（亩）": yuan(Decimal(rng.randrange(0, 80)) / 10),
        "林地面积（亩）": yuan(Decimal(rng.randrange(0, 100)) / 10),
        "林果面积（亩）": yuan(Decimal(rng.randrange(0, 30)) / 10),
        "退耕还林面积（亩）": yuan(Decimal(rng.randrange(0, 20)) / 10),
        "牧草地面积": "0",
        "水面面积": "0",
        "识别监测时间": tail(rng, identified) if monitored else "",
        "风险是否已消除": yes(eliminated) if monitored else "",
        "风险消除方式": rng.choice(("帮扶消除", "帮扶消除", "自然消除")) if eliminated else "",
        "消除监测时间": min(f"{int(identified[:4]) + 1}{identified[4:]}", LAST_MONTH) if eliminated else "",
        "工资性收入": yuan(wage, rng),
        "生产经营性收入": yuan(business, rng),
        "财产性收入": yuan(prop, rng),
        "转移性收入": yuan(transfer, rng),
        "生产经营性支出": "" if cost is None else yuan(cost, rng),
        "年收入（元）": yuan(net),
        "人均纯收入（元）": "" if not monitored and rng.random() < 0.1 else yuan(per_capita),
        "理赔收入": "0" if rng.random() < 0.9 else yuan(Decimal(rng.randrange(1000, 20000))),
        "合规自付支出": "" if rng.random() < 0.2 and "因病" not in risks else yuan(Decimal(rng.randrange(100, 30000))),
        "实施开发式帮扶措施情况": "已实施" if monitored else "",
    }
    own |= dict(zip(RISK_COLUMNS, written_risks, strict=False))
    if "因自然灾害" in risks:
        own["因自然灾害子项"] = rng.choice(("洪涝", "干旱", "地质灾害"))
    if "其他" in risks:
        own["其他备注"] = "家庭成员意外受伤"
    if eliminated:
        own |= {c: yuan(Decimal(rng.randrange(1000, 40000))) for c in AFTER}
        own |= {c: "否" for c in COLUMNS if c.startswith("风险消除后是否")}
    own["风险是否已消除0"] = own["风险是否已消除"]
    _measures(rng, people, monitored, kind, risks, identified, eliminated)
    rows = [own | m for m in people]
    return own, rows, _table_row(own, people, risks)


def _measures(
    rng: random.Random,
    people: list[Row],
    monitored: bool,
    kind: str,
    risks: list[str],
    identified: str,
    eliminated: bool,
) -> None:
    """Measure cells on some member rows (a household has a measure if any of its rows has it), as the
    monitoring checks expect them: a measure for each risk that needs one, 就业帮扶 on a member who can
    work, the premium subsidy exactly for households identified before April 2023, 综合保障 never alone."""
    subsidy = identified < "202304" and not eliminated
    offers = {
        "产业帮扶": "发展特色种植",
        "就业帮扶": "技能培训,外出务工补贴",
        "金融帮扶": "脱贫人口小额信贷",
        "公益岗位帮扶": "护林员",
        "健康帮扶": "参加城乡居民基本医疗保险个人缴费补贴" if subsidy else "家庭医生签约服务",
        "教育帮扶": "助学金",
        "综合保障": "低保",
        "住房安全保障": "农村危房改造",
    }
    chosen = rng.sample(list(offers), rng.randint(1, 4)) if monitored else []
    if monitored:
        chosen += [
            m for m, needed in (("健康帮扶", subsidy or "因病" in risks), ("教育帮扶", "因学" in risks)) if needed
        ]
        chosen += ["产业帮扶"] if chosen == ["综合保障"] else []
    if kind == "脱贫户" and not monitored and rng.random() < 0.3:
        chosen = ["产业帮扶"]
    workers = [m for m in people if m["劳动技能"] in LABOUR]
    for measure in dict.fromkeys(chosen):
        if measure != "就业帮扶" or workers:
            rng.choice(workers if measure == "就业帮扶" else people)[measure] = offers[measure]
    for m in people:
        m |= {c: "" for c in MEASURES if c not in m}
        if m["综合保障"]:
            m["享受低保政策情况"], m["最低生活保障金"] = "农村低保", "4800"
    if rng.random() < 0.05:
        people[0]["社会帮扶"] = "无"  # the label 无 is no measure


def _table_row(own: Row, people: list[Row], risks: list[str]) -> Row:
    """The household's row of the equivalent table, by the mapping of docs/export.md."""
    labour = [m["劳动技能"] for m in people]
    head = next((m for m in people if m["与户主关系"] == "户主"), {})  # a plant may have no head
    head_id = head.get("证件号码", "").removesuffix(".0")
    no_labour = own["整户无劳动能力兜底保障户"]
    if not no_labour and all(labour):
        no_labour = yes(all(x in NO_LABOUR for x in labour))
    elif not no_labour and any(x in LABOUR for x in labour):
        no_labour = "否"
    dropout = [m["是否义务教育阶段适龄儿童少年失学辍学"] for m in people]
    insured = [(m["是否参加城乡居民基本医疗保险"], m["是否参加城镇职工基本医疗保险"]) for m in people]
    uninsured = own["是否有家庭成员未参加城乡居民（职工）基本医疗保险"]
    if ("否", "否") in insured:
        uninsured = "是"
    elif not uninsured and all("是" in pair or pair == ("否", "否") for pair in insured):
        uninsured = "否"
    water = own["是否解决安全饮用水"]
    kind = own["户类型"]
    if kind == "监测户":
        kind = "脱贫户" if own["监测对象类别"] == "脱贫不稳定户" else "一般农户"
    row = {c: own.get(c, "") for c in TABLE}
    row |= {
        "户编号": own["户编号"].removesuffix(".0"),
        "行政区划代码": REGION,
        "户类型": kind,
        "家庭人口数": str(len(people)),
        "户主证件号码": "" if head_id.startswith("999999") else head_id,
        "户主姓名": head.get("姓名", ""),
        "劳动力人数": str(sum(x in LABOUR for x in labour)) if all(labour) else "",
        "整户无劳动能力兜底保障户": no_labour,
        "住房出现安全问题": own["是否危房户"],
        "义务教育阶段适龄儿童少年失学辍学": "是" if "是" in dropout else "否" if all(dropout) else "",
        "饮水出现安全问题": {"是": "否", "否": "是"}.get(water, ""),
        "有家庭成员未参加基本医保": uninsured,
        "已落实帮扶措施": ";".join(c for c in MEASURES if any(m[c] not in ("", "无") for m in people)),
    }
    row |= dict(zip(RISK_COLUMNS, risks, strict=False))
    return row


FEMALE = frozenset({"配偶", "之女", "之母", "之儿媳", "之孙女", "之外孙女", "之祖母", "之婆婆", "之岳母", "之曾孙女"})
GRADES = ("小学",) * 6 + ("七年级", "八年级", "九年级", "普通高中一年级", "普通高中二年级", "普通高中三年级")


def plant_member(spec: Plant, k: int, serial: int) -> Row:
    """Member ``k`` (0-based) of a plant: the clean row for the member's age and health, then the plant's cells."""
    m = spec.members[k]
    cells = dict(m.cells)
    born = date(int(m.born[:4]), int(m.born[4:6]), int(m.born[6:]))
    age = AS_OF.year - born.year - ((AS_OF.month, AS_OF.day) < (born.month, born.day))
    sex = 2 if m.relation in FEMALE else 1
    sex = {"1": 1, "男": 1, "2": 2, "女": 2}.get(cells.get("性别", ""), sex)
    body = f"{REGION}{m.born}{serial // 5 % 100:02d}{serial % 5 * 2 + (sex == 1)}"
    number = body + id_check_char(body)
    wrong = body + "10X98765432"[("10X98765432".index(id_check_char(body)) + 1) % 11]
    healthy = cells.get("健康状况", "健康") == "健康"
    school = cells.get("在校生状况", "学龄前儿童" if age < 6 else GRADES[age - 6] if age < 18 else "")
    if age < 16 or school:
        labour = "无劳动力"
    elif age >= 60:
        labour = "弱劳动力或半劳动力"
    else:
        labour = "普通劳动力" if healthy else "弱劳动力或半劳动力"
    row: Row = {
        "姓名": SURNAMES[serial % len(SURNAMES)] + "某" + GIVEN[serial // len(SURNAMES) % len(GIVEN)],
        "证件类型": "居民身份证",
        "证件号码": number,
        "性别": str(sex),
        "民族": "汉族",
        "出生日期": m.born,
        "与户主关系": m.relation,
        "家庭成员联系电话": f"1380001{serial:04d}" if 18 <= age < 70 else "",
        "文化程度": "" if age < 6 or school else "初中" if age < 60 else "小学",
        "在校生状况": school,
        "义务教育阶段未上学原因": "",
        "是否义务教育阶段适龄儿童少年失学辍学": "否",
        "健康状况": "健康",
        "劳动技能": labour,
        "是否参加城乡居民基本医疗保险": "是",
        "是否参加城镇职工基本医疗保险": "否",
        "是否参加大病保险": "是",
        "是否参加城乡居民基本养老保险": yes(age >= 16),
        "是否参加城镇职工基本养老保险": "否",
        "是否接受医疗救助": "否",
        "享受低保政策情况": "未享受",
        "享受特困供养政策情况": "不享受",
    }
    row |= dict.fromkeys(MEASURES, "")
    if k == 0 and spec.measures is not None:
        row |= spec.measures
    elif k == 0 and spec.kind not in ("脱贫户", "一般农户"):
        row |= DEFAULT_MEASURE
    tokens = {"id": number, "body": body, "wrong": wrong, "noreal": "999999" + number[6:]}
    return row | {c: v.format(**tokens) if c == "证件号码" else v for c, v in cells.items()}


def plant_household(spec: Plant, n: int, serial: int) -> tuple[list[Row], Row]:
    """A plant's export rows and its household-table row (household number ``n``, members numbered from
    ``serial`` for their made-up ID and phone numbers)."""
    town, village, hid = plant_place(n)
    people = [plant_member(spec, k, serial + k) for k in range(len(spec.members))]
    size = len(people)
    own: Row = dict.fromkeys(COLUMNS, "")
    own |= {
        "县": "元谋县",
        "乡": town,
        "村": village,
        "户编号": hid,
        "户联系电话": f"1380002{n:04d}",
        "信息采集人": "王某芳",
        "信息采集人联系电话": "13800030000",
        "是否有家庭成员未参加城乡居民（职工）基本医疗保险": "否",
        "是否危房户": "否",
        "是否解决安全饮用水": "是",
        "是否有卫生厕所": "是",
        "是否通生活用电": "是",
        "入户道路是否硬化": "是",
        "住房面积": "96",
        "与村主干路距离": "1.2",
        "耕地面积（亩）": "3.5",
        "林地面积（亩）": "2",
        "林果面积（亩）": "0.5",
        "退耕还林面积（亩）": "1",
        "牧草地面积": "0",
        "水面面积": "0",
        "工资性收入": str(10000 * size),
        "生产经营性收入": "0",
        "财产性收入": "0",
        "转移性收入": "0",
        "生产经营性支出": "0",
        "年收入（元）": str(10000 * size),
        "人均纯收入（元）": "10000",
        "理赔收入": "0",
        "合规自付支出": "1200",
    }
    own |= KINDS[spec.kind]
    own |= spec.household
    labour = [m.get("劳动技能", "") for m in people]
    if "整户无劳动能力兜底保障户" not in spec.household:
        own["整户无劳动能力兜底保障户"] = yes(all(x in NO_LABOUR for x in labour))
    own["风险是否已消除0"] = own["风险是否已消除"]
    rows = [own | m for m in people]
    risks = [r if r != "务工就业不稳" else "因务工就业不稳" for r in (own[c] for c in RISK_COLUMNS) if r]
    return rows, _table_row(own, rows, risks)


def _spoil(rng: random.Random, role: str, rows: list[Row]) -> None:
    """Make one household bad (see BAD)."""
    victim = rows[-1]
    if role == "conflict_type":
        victim["户类型"] = "一般农户" if victim["户类型"] != "一般农户" else "脱贫户"
    elif role == "conflict_income":
        victim["工资性收入"] = str(int(Decimal(victim["工资性收入"])) + 500)
    elif role == "bad_labour":
        victim["劳动技能"] = "全劳动力"
    elif role == "bad_birth":
        victim["出生日期"] = "19801301"
    elif role == "two_heads":
        victim["与户主关系"] = "户主"


def generate(households: int, seed: int) -> tuple[list[Row], list[Row], dict[str, list[int]]]:
    """Export rows, table rows, and the file lines (header on line 3) of each bad household."""
    rng = random.Random(seed)
    roles = dict(zip(rng.sample(range(10, households), len(BAD)), BAD, strict=True))
    export: list[Row] = []
    table: list[Row] = []
    bad: dict[str, list[int]] = {}
    late: Row | None = None
    for n in range(1, households + 1):
        size = rng.choices(range(1, 7), weights=(20, 38, 20, 12, 6, 4))[0]
        role = roles.get(n)
        size = max(size, 2) if role else size
        _, rows, table_row = household(rng, n, size)
        if role:
            _spoil(rng, role, rows)
            bad[role] = list(range(len(export) + 4, len(export) + 4 + len(rows)))
        else:
            table.append(table_row)
        if n == 5 and len(rows) > 1:  # this household's last row comes later in the file
            late = rows.pop()
        export += rows
        if n == 8 and late is not None:
            export.append(late)
    for n, spec, serial in planted(households):
        rows, table_row = plant_household(spec, n, serial)
        export += rows
        table.append(table_row)
    return export, table, bad


def planted(households: int) -> list[tuple[int, Plant, int]]:
    """The plants in file order, after ``households`` base households: (household number, plant, serial
    number of its first member)."""
    out, serial = [], 0
    for i, spec in enumerate(PLANTS, start=households + 1):
        out.append((i, spec, serial))
        serial += len(spec.members)
    return out


def plant_place(n: int) -> tuple[str, str, str]:
    """乡, 村 and 户编号 of household ``n`` when it is a plant."""
    town = list(TOWNS)[n % len(TOWNS)]
    village = TOWNS[town][n // len(TOWNS) % len(TOWNS[town])]
    return town, village, f"5323281{list(TOWNS).index(town)}{TOWNS[town].index(village)}{n:05d}"


def to_csv(header: Sequence[str], rows: Sequence[Row], titles: Sequence[str] = ()) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerows([t] for t in titles)
    writer.writerow(header)
    writer.writerows([row.get(c, "") for c in header] for row in rows)
    return buf.getvalue()


def to_xlsx(rows: Sequence[Row]) -> bytes:
    """The workbook, byte for byte the same on every run (fixed timestamps)."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "家庭成员信息"
    for title in TITLES:
        sheet.append([title])
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append([row[c] or None for c in COLUMNS])  # an empty cell, as the export leaves it
    buf = io.BytesIO()
    workbook.save(buf)
    fixed = io.BytesIO()
    with zipfile.ZipFile(buf) as source, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                stamp = b"2025-06-30T00:00:00Z"
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + stamp, data)
            target.writestr(zipfile.ZipInfo(item.filename, (2025, 6, 30, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return fixed.getvalue()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--households", type=int, default=100, help="households to write (default 100)")
    parser.add_argument("--seed", type=int, default=20256, help="random seed (default 20256)")
    parser.add_argument("--out-dir", type=Path, default=Path(__file__).resolve().parent / "data", help="output folder")
    args = parser.parse_args(argv)
    if args.households < 20:
        parser.error("--households must be at least 20")
    out: Path = args.out_dir
    if not written("make_export", out):  # before the households are drawn: a folder not made is told at once
        return 2
    export, table, bad = generate(args.households, args.seed)
    files = {
        "export.xlsx": to_xlsx(export),
        "export-gbk.csv": to_csv(COLUMNS, export, TITLES).encode("gbk"),
        "export-households.csv": to_csv(TABLE, table).encode("utf-8"),
    }
    if not written("make_export", out, files):
        return 2
    print(
        f"wrote {len(export)} member rows of {args.households} households (seed {args.seed}) and {len(PLANTS)} "
        f"planted households (examples/plants.py) into {out}:"
    )
    print(f"  export.xlsx, export-gbk.csv (header on line 3); export-households.csv ({len(table)} households)")
    print("bad households (file lines of their rows; each row is rejected):")
    for role, lines in bad.items():
        print(f"  lines {lines[0]}-{lines[-1]}: {BAD[role]}")
    return 0


if __name__ == "__main__":
    try:
        code = main()
        sys.stdout.flush()  # what is still buffered is written here, inside the try
    except BrokenPipeError:  # the output's reader went away (`… | head`): stop quietly, as `fanpin` does
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more goes to the closed pipe
        code = 141
    sys.exit(code)
