"""The findings planted in the example export: for every code of the data-check pack (``rules/checks``), at
least one household whose rows must be found under that code, and near misses that must stay silent.

``make_export.py`` writes the base households first (random, but consistent: no data check fires on them),
then one household per :class:`Plant` of :data:`PLANTS`, in order. A plant is data, not code:

- ``kind``: the household it starts from, one of :data:`KINDS` (脱贫户, 一般农户, a monitored household of
  either type, a monitored household whose risk was eliminated): a clean household of that population;
- ``household``: household columns to change, by their Chinese headers, in the export's own words;
- ``members``: the member rows (:func:`member`: relation, birth date, the cells to change); every cell not
  given takes the clean value for the member's age (a pupil at school, an adult able to work, …);
- ``fires``: every code that must be found on this household, with the members (1-based positions) it
  names — ``()`` for a household finding. A code that unavoidably fires beside the planted one is listed
  too, so a plant says exactly what scoring finds on its rows; a near miss (one step on the silent side
  of an edge) lists nothing, or only what its other rows plant.

``tests/examples/test_plants.py`` scores the export with the pack on both engines and checks, code by
code, that the rows found are exactly the rows planted, and that every code of the pack has a plant
(or is in :data:`NOT_PLANTED`, with the reason). To plant a new code: add a :class:`Plant` (and a near
miss) below, run ``python examples/make_export.py`` and commit the regenerated files.

ID numbers are made up (``532328`` + birth date + a sequence number + a valid check character) unless a
member's 证件号码 is given; there it may use ``{id}`` (the made-up valid number), ``{body}`` (its first
17 characters), ``{wrong}`` (the number with a wrong check character) and ``{noreal}`` (``999999`` in
place of the region, as the national system writes a person with no real ID number).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

Cells = Mapping[str, str]

#: The clean monitored household: identified in April 2024 (after March 2023: no premium-subsidy measure
#: expected), one risk without a measure of its own, development measures carried out.
_MONITORED: dict[str, str] = {
    "识别监测时间": "202404",
    "风险是否已消除": "否",
    "致贫/返贫风险1": "因意外事故",
    "实施开发式帮扶措施情况": "已实施",
}
_AFTER = ("工资性收入", "生产经营性收入", "财产性收入", "转移性收入", "生产经营性支出", "年收入（元）")
#: The clean household whose risk was eliminated (by support, a year after identification, above the line).
_ELIMINATED: dict[str, str] = {
    **_MONITORED,
    "识别监测时间": "202301",
    "风险是否已消除": "是",
    "风险消除方式": "帮扶消除",
    "消除监测时间": "202401",
    **dict(zip((f"风险消除后{c}" for c in _AFTER), ("20000", "3000", "0", "1000", "500", "23500"), strict=True)),
    "风险消除后家庭人均纯收入": "11750",
    "风险消除后理赔收入": "0",
    "风险消除后合规自付支出": "800",
    "风险消除后是否住房损毁": "否",
    "风险消除后是否饮水设施损毁": "否",
    "风险消除后是否义务教育阶段适龄儿童少年失学辍学": "否",
}
#: The households a plant starts from: household columns (the rest: :func:`make_export.plant_household`).
KINDS: dict[str, dict[str, str]] = {
    "脱贫户": {"户类型": "脱贫户"},
    "一般农户": {"户类型": "一般农户"},
    "监测对象": {**_MONITORED, "户类型": "监测户", "监测对象类别": "边缘易致贫户"},  # 一般农户, monitored
    "脱贫监测": {**_MONITORED, "户类型": "脱贫户", "监测对象类别": "脱贫不稳定户"},  # both populations
    "已消除": {**_ELIMINATED, "户类型": "一般农户", "监测对象类别": "边缘易致贫户"},
}
#: The measure a monitored household has unless the plant says otherwise (on its first member).
DEFAULT_MEASURE: dict[str, str] = {"产业帮扶": "发展特色种植"}


@dataclass(frozen=True)
class Member:
    relation: str
    born: str  # YYYYMMDD: 出生日期 and the date in the made-up ID number
    cells: Cells = field(default_factory=dict)


def member(relation: str = "户主", born: str = "19800315", cells: Cells | None = None) -> Member:
    """A member row: its relation to the head, birth date, and the cells that differ from the clean row."""
    return Member(relation, born, dict(cells or {}))


@dataclass(frozen=True)
class Plant:
    name: str
    kind: str
    members: tuple[Member, ...] = (member(),)
    household: Cells = field(default_factory=dict)
    #: code → the members found (1-based positions in ``members``); () for a household finding.
    fires: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    #: measure cells of the first member (None: :data:`DEFAULT_MEASURE` in a monitored household).
    measures: Cells | None = None


def found(codes: str, *members: int) -> dict[str, tuple[int, ...]]:
    """``fires`` entries: each code of the space-separated ``codes`` names ``members`` (none: a household finding)."""
    return dict.fromkeys(codes.split(), members)


#: Codes of the pack with no plant, and why (the test requires every other code to have one).
NOT_PLANTED: dict[str, str] = {}

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_check_char(body: str) -> str:
    """GB 11643 check character for the first 17 digits of an ID number."""
    return "10X98765432"[sum(int(c) * w for c, w in zip(body, ID_WEIGHTS, strict=True)) % 11]


#: An ID number shared by two members of two households (1_01_001 / 1_12_001).
SHARED_ID = "53232819750810991" + id_check_char("53232819750810991")


def _identity() -> list[Plant]:
    return [
        Plant(
            "1_01_001: an ID number that occurs twice in the file (here, and in the next household)",
            "一般农户",
            (member("户主", "19750810", {"证件号码": SHARED_ID}),),
            fires={"1_01_001": (1,)},
        ),
        Plant(
            "1_12_001: the same ID number in a monitored household (both codes)",
            "监测对象",
            (member(), member("之兄弟姐妹", "19750810", {"证件号码": SHARED_ID})),
            fires={"1_01_001": (2,), "1_12_001": (2,)},
        ),
        Plant(
            "1_01_002: a 脱贫户 member's ID number has 17 characters",
            "脱贫户",
            (member(), member("配偶", "19820607", {"证件号码": "{body}"})),
            fires={"1_01_002": (2,)},
        ),
        Plant(
            "near miss of 1_01_002: the same 17 characters in a 一般农户",
            "一般农户",
            (member(), member("配偶", "19820607", {"证件号码": "{body}"})),
        ),
        Plant(
            "1_01_003, 1_12_002: a wrong check character, in a household both 脱贫户 and monitored",
            "脱贫监测",
            (member(), member("之子", "20050422", {"证件号码": "{wrong}"})),
            fires={"1_01_003": (2,), "1_12_002": (2,)},
        ),
        Plant(
            "near miss of 1_01_003: a wrong check character in a 一般农户 that is not monitored",
            "一般农户",
            (member("户主", "19700101", {"证件号码": "{wrong}"}),),
        ),
        Plant(
            "1_01_004, 1_12_004: a disability card number whose first 18 characters fail the check; a valid card "
            "beside it (near miss)",
            "脱贫监测",
            (
                member(),
                member("配偶", "19830909", {"证件号码": "{wrong}41", "证件类型": "残疾人证", "健康状况": "残疾"}),
                member("之父", "19550202", {"证件号码": "{id}42", "证件类型": "残疾人证", "健康状况": "残疾"}),
            ),
            fires={"1_01_004": (2,), "1_12_004": (2,)},
        ),
        Plant(
            "4_01_003: a head with no real ID number (999999…) and a member with none at all",
            "一般农户",
            (
                member("户主", "19660530", {"证件号码": "{noreal}", "出生日期": ""}),
                member("配偶", "19680101", {"证件号码": ""}),
            ),
            fires={"4_01_003": (1, 2)},
        ),
    ]


def _land_housing() -> list[Plant]:
    blank = ("是否解决安全饮用水", "是否有卫生厕所", "耕地面积（亩）", "林地面积（亩）", "林果面积（亩）", "牧草地面积")
    blank += ("入户道路是否硬化", "住房面积", "是否危房户", "与村主干路距离", "是否通生活用电")
    over = {"耕地面积（亩）": "100.01", "林地面积（亩）": "200.01", "林果面积（亩）": "200.01", "牧草地面积": "100.01"}
    edge = {"耕地面积（亩）": "100", "林地面积（亩）": "200", "林果面积（亩）": "200", "牧草地面积": "100"}
    old = member("户主", "19530101", {"劳动技能": "无劳动力"})
    return [
        Plant(
            "land and housing columns left empty, in a household both 脱贫户 and monitored (the empty safe-water and "
            "dilapidated-house cells also leave its monitoring record incomplete: 1_11_002)",
            "脱贫监测",
            household=dict.fromkeys(blank, ""),
            fires=found(
                "3_02_002 5_19_002 3_02_003 3_02_004 5_14_015 3_02_005 5_14_016 5_14_018 3_02_006 5_14_019 3_02_007 "
                "5_19_004 3_02_008 5_19_005 3_02_009 5_19_006 3_02_013 5_14_021 5_15_002 2_02_002 1_11_002"
            ),
        ),
        Plant(
            "near miss: the same empty cells in a 一般农户 that is not monitored",
            "一般农户",
            household=dict.fromkeys(blank, ""),
        ),
        Plant(
            "land areas one hundredth of a 亩 over their limits, the main road 10 m further than 5 km",
            "脱贫监测",
            household=over | {"与村主干路距离": "5.01"},
            fires=found("5_14_001 5_14_008 5_14_002 5_14_009 5_14_004 5_14_011 5_14_005 5_14_012 5_14_007 5_14_014"),
        ),
        Plant(
            "near miss: land areas on their limits, the road 5 km away",
            "脱贫监测",
            household=edge | {"与村主干路距离": "5"},
        ),
        Plant(
            "2_02_002: a 脱贫户 without electricity",
            "脱贫户",
            household={"是否通生活用电": "否"},
            fires={"2_02_002": ()},
        ),
        Plant(
            "near miss of 2_02_002: a monitored 一般农户 without electricity",
            "监测对象",
            household={"是否通生活用电": "否"},
        ),
        Plant(
            "5_19_003, 5_19_007: nobody can work and nobody has 低保 (both populations)",
            "脱贫监测",
            (old,),
            fires={"5_19_003": (), "5_19_007": ()},
        ),
        Plant(
            "near miss of 5_19_003: nobody can work, the head has 低保 (and the measure)",
            "脱贫监测",
            (
                member(
                    "户主",
                    "19530101",
                    {"劳动技能": "无劳动力", "享受低保政策情况": "农村低保", "最低生活保障金": "4800"},
                ),
            ),
            measures={"综合保障": "低保"},
        ),
    ]


PLANTS: tuple[Plant, ...] = (*_identity(), *_land_housing())
