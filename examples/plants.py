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

A check with twin codes (one for 脱贫人口, one for 监测对象) is planted with :func:`twin`: its situation,
written once, goes into a 脱贫户 that is not monitored and into a monitored 一般农户, each finding its own
population's code (and nothing of the other's). A few plants are in a household that is both (a 脱贫户
monitored as 脱贫不稳定户), where one finding names both codes.

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
from dataclasses import dataclass, field, replace

Cells = Mapping[str, str]
#: code → the members found (1-based positions); () for a household finding.
Fires = Mapping[str, tuple[int, ...]] | None

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
    "风险消除后家庭纯收入": "23500",
    "风险消除后家庭人均纯收入": "11750",
    "风险消除后理赔收入": "0",
    "风险消除后合规自付支出": "800",
    "风险消除后是否住房损毁": "否",
    "风险消除后是否饮水设施损毁": "否",
    "风险消除后是否义务教育阶段适龄儿童少年失学辍学": "否",
    "风险消除后是否有家庭成员未参加城乡居民（职工）基本医疗保险": "否",
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


def twin(
    plant: Plant, poor: str, both: str = "", *, poor_also: Fires = None, monitored_also: Fires = None
) -> list[Plant]:
    """The situation of ``plant`` (a household both 脱贫户 and monitored) planted twice instead: in a 脱贫户 that
    is not monitored, found under the codes ``poor`` of ``plant.fires``, and in a monitored 一般农户, found under
    the others; ``both``: codes found in either; ``*_also``: what else is found in that household alone."""
    split = set(poor.split()) | set(both.split())
    out = []
    for kind, where, codes, also in (
        ("脱贫户", "a 脱贫户 not monitored", split, poor_also),
        ("监测对象", "a monitored 一般农户", set(plant.fires) - set(poor.split()), monitored_also),
    ):
        fires = {c: w for c, w in plant.fires.items() if c in codes} | dict(also or {})
        out.append(replace(plant, name=f"{plant.name} (in {where})", kind=kind, fires=fires))
    return out


#: Codes of the pack with no plant, and why (the test requires every other code to have one).
NOT_PLANTED: dict[str, str] = {
    code: "two members recorded as 户主 reject the household when the export is read (every row is listed as "
    "rejected, none is scored), so no scored household can have several heads; the example's bad household "
    "two_heads shows the rejection"
    for code in ("3_11_002", "3_02_011")
}

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
        *twin(
            Plant(
                "1_01_003, 1_12_002: a wrong check character, in a household both 脱贫户 and monitored",
                "脱贫监测",
                (member(), member("之子", "20050422", {"证件号码": "{wrong}"})),
                fires={"1_01_003": (2,), "1_12_002": (2,)},
            ),
            "1_01_003",
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
    blank = "是否解决安全饮用水 是否有卫生厕所 耕地面积（亩） 林地面积（亩） 林果面积（亩） 牧草地面积"
    blank += " 退耕还林面积（亩） 水面面积"
    blank += " 入户道路是否硬化 住房面积 是否危房户 与村主干路距离 是否通生活用电"
    over = {"耕地面积（亩）": "100.01", "林地面积（亩）": "200.01", "林果面积（亩）": "200.01", "牧草地面积": "100.01"}
    over |= {"退耕还林面积（亩）": "200.01", "水面面积": "100.01"}
    edge = {"耕地面积（亩）": "100", "林地面积（亩）": "200", "林果面积（亩）": "200", "牧草地面积": "100"}
    edge |= {"退耕还林面积（亩）": "200", "水面面积": "100"}
    old = member("户主", "19530101", {"劳动技能": "无劳动力"})
    return [
        *twin(
            Plant(
                "land and housing columns left empty (the empty safe-water and dilapidated-house cells leave a "
                "monitored household's record incomplete too: 1_11_002)",
                "脱贫监测",
                household=dict.fromkeys(blank.split(), ""),
                fires=found(
                    "3_02_002 5_19_002 3_02_003 3_02_004 5_14_015 3_02_005 5_14_016 5_14_018 3_02_006 5_14_019"
                    " 3_02_007 5_19_004 3_02_008 5_19_005 3_02_009 5_19_006 3_02_013 5_14_021 5_15_002 2_02_002"
                    " 1_11_002 5_14_017 5_14_020"
                ),
            ),
            "3_02_002 5_19_002 3_02_003 3_02_004 3_02_005 3_02_006 3_02_007 3_02_008 3_02_009 3_02_013 2_02_002",
        ),
        Plant(
            "near miss: the same empty cells in a 一般农户 that is not monitored",
            "一般农户",
            household=dict.fromkeys(blank.split(), ""),
        ),
        *twin(
            Plant(
                "land areas one hundredth of a 亩 over their limits, the main road 10 m further than 5 km",
                "脱贫监测",
                household=over | {"与村主干路距离": "5.01"},
                fires=found(
                    "5_14_001 5_14_008 5_14_002 5_14_009 5_14_004 5_14_011 5_14_005 5_14_012 5_14_007 5_14_014"
                    " 5_14_003 5_14_010 5_14_006 5_14_013"
                ),
            ),
            "5_14_001 5_14_002 5_14_004 5_14_005 5_14_007 5_14_003 5_14_006",
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


def _person() -> list[Plant]:
    def one(name: str, cells: Cells, codes: str, kind: str = "脱贫监测", born: str = "19800315") -> Plant:
        """A one-person household whose head has ``cells`` and is found under ``codes``."""
        return Plant(name, kind, (member("户主", born, cells),), fires=found(codes, 1))

    def child(name: str, kid: Member, codes: str, *near: Member, kind: str = "脱贫监测", also: str = "") -> Plant:
        """A head and ``kid`` (found under ``codes``), then near misses (silent); ``also``: household findings."""
        return Plant(name, kind, (member(), kid, *near), fires=found(codes, 2) | found(also))

    illness = {"健康状况": "长期慢性病"}
    return [
        *twin(one("ethnicity empty", {"民族": ""}, "2_01_001 2_12_002"), "2_01_001"),
        *twin(one("health empty", {"健康状况": "", "劳动技能": "普通劳动力"}, "2_01_002 2_12_003"), "2_01_002"),
        *twin(one("labour skill empty", {"劳动技能": ""}, "2_01_003 2_12_001"), "2_01_003"),
        *twin(child("relation empty", member("", "19850101"), "3_01_001 3_12_002"), "3_01_001"),
        *twin(
            Plant(
                "critical-illness insurance empty (the monitoring record is incomplete: 1_11_002; the 脱贫户's "
                "two assurances are not met: 1_02_007)",
                "脱贫监测",
                (member("户主", "19800315", {"是否参加大病保险": ""}),),
                fires=found("2_01_006 2_12_010", 1) | found("1_11_002 1_02_007"),
            ),
            "2_01_006 1_02_007",
            poor_also=found("1_02_003", 1),
        ),
        *twin(
            one("resident pension empty", {"是否参加城乡居民基本养老保险": ""}, "2_01_007 2_15_001 5_15_001"),
            "2_01_007",
        ),
        one(
            "5_19_001: both pension fields empty, in a 脱贫户 not monitored",
            {"是否参加城乡居民基本养老保险": "", "是否参加城镇职工基本养老保险": ""},
            "2_01_007 5_19_001",
            kind="脱贫户",
        ),
        one(
            "near miss of 5_19_001 (the national checker's OR fired on it): only the employee pension empty",
            {"是否参加城镇职工基本养老保险": ""},
            "",
            kind="脱贫户",
        ),
        one(
            "both basic medical insurance fields empty, in a monitored 一般农户",
            {"是否参加城乡居民基本医疗保险": "", "是否参加城镇职工基本医疗保险": ""},
            "2_12_012",
            kind="监测对象",
        ),
        one(
            "neither basic medical insurance, in a 脱贫户 (so medical coverage is not secured: 2_01_016)",
            {"是否参加城乡居民基本医疗保险": "否"},
            "2_01_008 2_01_016",
            kind="脱贫户",
        ),
        *twin(
            one(
                "both basic medical insurances",
                {"是否参加城乡居民基本医疗保险": "是", "是否参加城镇职工基本医疗保险": "是"},
                "2_01_009 2_12_015",
            ),
            "2_01_009",
        ),
        *twin(
            one(
                "resident medical insurance 否 (employee insurance 是): medical coverage not secured",
                {"是否参加城乡居民基本医疗保险": "否", "是否参加城镇职工基本医疗保险": "是"},
                "2_01_016 2_12_016",
            ),
            "2_01_016",
        ),
        Plant(
            "near miss of 2_01_016: the same in a 一般农户 that is not monitored",
            "一般农户",
            (member("户主", "19800315", {"是否参加城乡居民基本医疗保险": "否", "是否参加城镇职工基本医疗保险": "是"}),),
        ),
        one(
            "medical assistance without basic medical insurance (also 2_01_008 and 2_01_016)",
            {"是否参加城乡居民基本医疗保险": "否", "是否接受医疗救助": "是"},
            "3_01_007 2_01_008 2_01_016",
            kind="脱贫户",
        ),
        *twin(
            Plant(
                "a daughter recorded 男 (a finding of the daughter)",
                "脱贫监测",
                (member(), member("之女", "20100101", {"性别": "1"})),
                fires=found("2_01_004 2_12_008", 2),
            ),
            "2_01_004",
        ),
        *twin(
            Plant(
                "healthy, 59 the day before turning 60, not at school, 丧失劳动力 (for a monitored household also "
                "5_12_008); near miss: 丧失劳动力 with a chronic illness",
                "脱贫监测",
                (
                    member("户主", "19650701", {"劳动技能": "丧失劳动力"}),
                    member("配偶", "19700101", {**illness, "劳动技能": "丧失劳动力"}),
                    member("之子", "19950101"),
                ),
                fires=found("2_01_005 2_12_009 5_12_008", 1),
            ),
            "2_01_005",
        ),
        *twin(
            Plant(
                "healthy, 30, 无劳动力 (also 5_12_008)",
                "脱贫监测",
                (member("户主", "19950101", {"劳动技能": "无劳动力"}), member("配偶", "19960101")),
                fires=found("2_01_010 2_12_013 5_12_008", 1),
            ),
            "2_01_010",
        ),
        one(
            "healthy, 40, weak labour, in a monitored 一般农户",
            {"劳动技能": "弱劳动力"},
            "5_12_008 1111_14",
            kind="监测对象",
        ),
        one("healthy, 40, 半劳动力, in a 脱贫户", {"劳动技能": "半劳动力"}, "1111_15", kind="脱贫户"),
        one(
            "chronically ill and 普通劳动力 at 40, in a monitored 一般农户",
            {**illness, "劳动技能": "普通劳动力"},
            "5_12_009 5_12_010",
            kind="监测对象",
        ),
        *twin(
            Plant(
                "a pupil of 15, the day before turning 16, with 普通劳动力 (also 1111_07: a student with labour); "
                "a pupil of 16 on the day with 普通劳动力: 1111_07 only (near miss of 2_01_011)",
                "脱贫监测",
                (
                    member(),
                    member("之子", "20090701", {"劳动技能": "普通劳动力"}),
                    member("之女", "20090630", {"劳动技能": "普通劳动力"}),
                ),
                fires=found("2_01_011 2_12_014", 2) | {"1111_07": (2, 3)},
            ),
            "2_01_011",
            "1111_07",
        ),
        *twin(
            Plant(
                "60 on the day with 普通劳动力; near miss: 59 the day before turning 60",
                "脱贫监测",
                (member("户主", "19650630", {"劳动技能": "普通劳动力"}), member("配偶", "19650701")),
                fires=found("2_12_017 2_12_005", 1),
            ),
            "2_12_017",
        ),
        child(
            "out of school for illness, yet healthy; near miss: out of school for illness, ill",
            member("之子", "20150101", {"在校生状况": "", "义务教育阶段未上学原因": "因病"}),
            "2_01_012",
            member("之女", "20150101", {"在校生状况": "", "义务教育阶段未上学原因": "因病", **illness}),
            kind="脱贫户",
        ),
        *twin(
            one("disabled, with an ID card and no disability card", {"健康状况": "残疾"}, "4_01_002 4_12_003"),
            "4_01_002",
        ),
        Plant(
            "a disability card of category 4 (physical), grade 1, 普通劳动力, in a 一般农户; near miss: grade 3",
            "一般农户",
            (
                member("户主", "19800315", {"证件类型": "残疾人证", "证件号码": "{id}41"}),
                member("配偶", "19820101", {"证件类型": "残疾人证", "证件号码": "{id}43"}),
            ),
            fires=found("4_01_007", 1),
        ),
        one(
            "a disability card of category 4, grade 2, 普通劳动力, in a monitored 一般农户",
            {"证件类型": "残疾人证", "证件号码": "{id}42"},
            "4_01_007 4_01_008",
            kind="监测对象",
        ),
        *twin(
            one("an adult with 文化程度, 在校生状况 and the reason all empty", {"文化程度": ""}, "3_01_002 3_12_003"),
            "3_01_002",
        ),
        *twin(
            child(
                "a pupil with 文化程度 filled", member("之子", "20150101", {"文化程度": "小学"}), "3_01_003 3_12_004"
            ),
            "3_01_003",
        ),
        *twin(
            child(
                "healthy, 7 on the day, 学龄前儿童; near miss: 6, the day before turning 7",
                member("之子", "20180630", {"在校生状况": "学龄前儿童"}),
                "5_17_001 5_12_013",
                member("之女", "20180701", {"在校生状况": "学龄前儿童"}),
            ),
            "5_17_001",
        ),
        *twin(
            child(
                "a 小学 pupil of 15 on the day; near miss: 14, the day before turning 15",
                member("之子", "20100630", {"在校生状况": "小学"}),
                "5_17_002 5_12_014",
                member("之女", "20100701", {"在校生状况": "小学"}),
            ),
            "5_17_002",
        ),
        *twin(
            child(
                "a 九年级 pupil of 18 on the day; near miss: 17, the day before turning 18",
                member("之子", "20070630", {"在校生状况": "九年级"}),
                "5_17_003 5_12_015",
                member("之女", "20070701", {"在校生状况": "九年级"}),
            ),
            "5_17_003",
        ),
        *twin(
            child(
                "a 中职三年级 student of 21 on the day; near miss: 20, the day before turning 21",
                member("之子", "20040630", {"在校生状况": "中职三年级"}),
                "5_17_004 5_12_016",
                member("之女", "20040701", {"在校生状况": "普通高中三年级"}),
            ),
            "5_17_004",
        ),
        *twin(
            child(
                "大专 at 17, the day before turning 18; near miss: 本科及以上 at 18 on the day",
                member("之子", "20070701", {"文化程度": "大专", "在校生状况": ""}),
                "5_17_005 5_12_017",
                member("之女", "20070630", {"文化程度": "本科及以上", "在校生状况": ""}),
            ),
            "5_17_005",
        ),
        *twin(
            child(
                "a postgraduate of 19, the day before turning 20; near miss: 20 on the day",
                member("之子", "20050701", {"在校生状况": "硕士生及以上"}),
                "5_17_006 5_12_018",
                member("之女", "20050630", {"在校生状况": "硕士生及以上"}),
            ),
            "5_17_006",
        ),
        *twin(
            child(
                "小学 at 22, the day before turning 23; near miss: 23 on the day",
                member("之子", "20020701", {"文化程度": "小学"}),
                "5_17_007 5_12_019",
                member("之女", "20020630", {"文化程度": "小学"}),
            ),
            "5_17_007",
        ),
        Plant(
            "public-job months without a public job; near miss: 0 months",
            "脱贫户",
            (
                member("户主", "19800315", {"公益性岗位(月数)": "6"}),
                member("配偶", "19820101", {"公益性岗位(月数)": "0"}),
            ),
            fires=found("3_01_005", 1),
        ),
        Plant(
            "a public job without its months; near miss: one month",
            "脱贫户",
            (
                member("户主", "19800315", {"公益性岗位": "是"}),
                member("配偶", "19820101", {"公益性岗位": "是", "公益性岗位(月数)": "1"}),
            ),
            fires=found("3_01_006 5_15_003", 1),
        ),
        child(
            "a public job at 15, the day before turning 16 (a pupil without labour: also 5_15_006); near miss: 否",
            member("之子", "20090701", {"公益性岗位": "是", "公益性岗位(月数)": "6"}),
            "3_01_008 5_15_006",
            member("之女", "20100101", {"公益性岗位": "否"}),
            kind="脱贫户",
        ),
        Plant(
            "a monitored member working away with a landline; near miss: working away with a mobile",
            "监测对象",
            (
                member("户主", "19800315", {"务工所在地": "广东省深圳市宝安区", "家庭成员联系电话": "0878-1234567"}),
                member("配偶", "19820101", {"务工所在地": "广东省深圳市宝安区"}),
            ),
            fires=found("2_12_007", 1),
        ),
        Plant(
            "5_01_005: a 脱贫户 member working away whose work place is a prefecture-level city; near misses: a "
            "county-level city under a 州 and a banner (the national checker reported both)",
            "脱贫户",
            (
                member("户主", "19800315", {"务工所在地": "广东省深圳市"}),
                member("配偶", "19820101", {"务工所在地": "云南省红河州开远市"}),
                member("之子", "20000101", {"务工所在地": "内蒙古自治区鄂尔多斯市伊金霍洛旗"}),
            ),
            fires=found("5_01_005", 1),
        ),
        Plant(
            "near miss of 5_01_005: the same work place in a monitored 一般农户",
            "监测对象",
            (member("户主", "19800315", {"务工所在地": "广东省深圳市"}),),
        ),
        Plant(
            "2_01_013 and 2_01_014: a 脱贫户 member working away (就业渠道) with a 7-digit number; 2_01_014 alone: "
            "11 digits that are not a mobile number; near miss: a mobile",
            "脱贫户",
            (
                member("户主", "19800315", {"就业渠道（易地搬迁后扶使用）": "省外务工", "家庭成员联系电话": "8781234"}),
                member(
                    "配偶", "19820101", {"就业渠道（易地搬迁后扶使用）": "县内务工", "家庭成员联系电话": "12800001234"}
                ),
                member("之子", "20000101", {"就业渠道（易地搬迁后扶使用）": "省外务工"}),
            ),
            fires=found("2_01_013", 1) | found("2_01_014", 1, 2),
        ),
        Plant(
            "near miss of 2_01_013/014: a monitored 一般农户's worker with a 7-digit number",
            "监测对象",
            (member("户主", "19800315", {"就业渠道（易地搬迁后扶使用）": "省外务工", "家庭成员联系电话": "8781234"}),),
        ),
        *twin(
            Plant(
                "the household phone is a landline",
                "脱贫监测",
                household={"户联系电话": "0878-3123456"},
                fires=found("4_02_001 5_13_003"),
            ),
            "4_02_001",
        ),
        Plant("near miss of 4_02_001: a landline in a 一般农户", "一般农户", household={"户联系电话": "0878-3123457"}),
    ]


SUBSIDY = {"健康帮扶": "参加城乡居民基本医疗保险个人缴费补贴"}


def _should_monitor() -> list[Plant]:
    return [
        Plant(
            "1_02_001: a dilapidated house, not monitored",
            "一般农户",
            household={"是否危房户": "是"},
            fires=found("1_02_001"),
        ),
        Plant("near miss of 1_02_001: a dilapidated house, monitored", "监测对象", household={"是否危房户": "是"}),
        Plant(
            "1_02_002, 1_02_007: no safe water in a 脱贫户 that is not monitored",
            "脱贫户",
            household={"是否解决安全饮用水": "否"},
            fires=found("1_02_002 1_02_007"),
        ),
        Plant(
            "1_02_003: no critical-illness insurance, not monitored",
            "一般农户",
            (member("户主", "19800315", {"是否参加大病保险": "否"}),),
            fires=found("1_02_003", 1),
        ),
        Plant(
            "1_02_005: 16 on the day, not at school, no reason, not monitored; near miss: 17 on the day",
            "一般农户",
            (
                member(),
                member("之子", "20090630", {"在校生状况": "", "文化程度": "初中"}),
                member("之女", "20080630", {"在校生状况": "", "文化程度": "初中"}),
            ),
            fires=found("1_02_005", 2),
        ),
        Plant(
            "1_02_006: income per head one fen under the line, not monitored",
            "一般农户",
            household={"人均纯收入（元）": "8699.99"},
            fires=found("1_02_006"),
        ),
        Plant("near miss of 1_02_006: income per head on the line", "一般农户", household={"人均纯收入（元）": "8700"}),
        Plant(
            "1_02_008: housing damaged after elimination",
            "已消除",
            household={"风险消除后是否住房损毁": "是"},
            fires=found("1_02_008"),
        ),
        Plant(
            "near miss of 1_02_008: housing damaged, risk not eliminated",
            "监测对象",
            household={"风险消除后是否住房损毁": "是"},
        ),
        Plant(
            "1_02_009: water facilities damaged after elimination",
            "已消除",
            household={"风险消除后是否饮水设施损毁": "是"},
            fires=found("1_02_009"),
        ),
    ]


def _measures() -> list[Plant]:
    vocational = member("之子", "20100101", {"在校生状况": "中职一年级"})
    return [
        Plant(
            "5_15_007: employment support for a member without labour; near miss: for one with weak labour",
            "一般农户",
            (
                member(),
                member("之母", "19500101", {"劳动技能": "无劳动力", "就业帮扶": "技能培训"}),
                member("之父", "19500101", {"就业帮扶": "技能培训"}),
            ),
            fires=found("5_15_007", 2),
        ),
        *twin(
            Plant(
                "5_15_016, 5_15_017: 6 on 1 September 2024, not at school, no reason (and 1_02_007); near miss: 5 then",
                "脱贫监测",
                (
                    member(),
                    member("之子", "20180901", {"在校生状况": "", "文化程度": "小学"}),
                    member("之女", "20180902", {"在校生状况": "", "文化程度": "小学"}),
                ),
                fires=found("5_15_016 5_15_017", 2) | found("1_02_007"),
            ),
            "5_15_016 1_02_007",
            poor_also=found("1_02_005", 2, 3),
        ),
        *twin(
            Plant(
                "5_15_018, 5_15_019: 特困 at 18 on the day, healthy, not at school; near miss: 17, a day short of 18",
                "脱贫监测",
                (
                    member(),
                    member(
                        "之子",
                        "20070630",
                        {"在校生状况": "", "享受特困供养政策情况": "农村特困", "综合保障": "特困供养"},
                    ),
                    member("之女", "20070701", {"在校生状况": "", "享受特困供养政策情况": "农村特困"}),
                ),
                fires=found("5_15_018 5_15_019", 2),
            ),
            "5_15_018",
        ),
        *twin(
            Plant(
                "5_15_011, 5_15_012: 雨露计划 without a vocational student",
                "脱贫监测",
                measures={"教育帮扶": "雨露计划"},
                fires=found("5_15_011 5_15_012"),
            ),
            "5_15_011",
        ),
        Plant(
            "near miss of 5_15_011: 雨露计划 with a 中职 student",
            "脱贫监测",
            (member(), vocational),
            measures={"教育帮扶": "雨露计划"},
        ),
        Plant(
            "1111_2: a vocational student without 雨露计划, identified August 2022",
            "监测对象",
            (member(), vocational),
            household={"识别监测时间": "202208"},
            measures=SUBSIDY,
            fires=found("1111_2"),
        ),
        Plant(
            "near miss of 1111_2: identified September 2022",
            "监测对象",
            (member(), vocational),
            household={"识别监测时间": "202209"},
            measures=SUBSIDY,
        ),
        Plant(
            "5_16_003: 低保 without the 低保 measure",
            "监测对象",
            (member("户主", "19800315", {"享受低保政策情况": "农村低保"}),),
            fires=found("5_16_003"),
        ),
        Plant(
            "5_16_004: 特困 without the 特困供养 measure",
            "监测对象",
            (member(), member("之母", "19450101", {"享受特困供养政策情况": "农村特困", "劳动技能": "无劳动力"})),
            fires=found("5_16_004"),
        ),
        Plant(
            "5_16_005: the 低保 measure without 低保 (and 4_11_015)",
            "监测对象",
            measures={"综合保障": "低保", "产业帮扶": "发展特色种植"},
            fires=found("5_16_005 4_11_015"),
        ),
        Plant(
            "5_16_006: the 特困供养 measure without 特困 (and 4_11_015)",
            "监测对象",
            measures={"综合保障": "特困供养", "产业帮扶": "发展特色种植"},
            fires=found("5_16_006 4_11_015"),
        ),
        Plant(
            "5_12_007: labour, no development measure, development not carried out",
            "监测对象",
            household={"实施开发式帮扶措施情况": "尚未实施"},
            measures={"健康帮扶": "家庭医生签约服务"},
            fires=found("5_12_007"),
        ),
        Plant("near miss of 5_12_007: the same, carried out", "监测对象", measures={"健康帮扶": "家庭医生签约服务"}),
        Plant(
            "5_12_011: only 其他 industry and finance support and 技能培训, repeated on both rows (one finding)",
            "监测对象",
            (
                member(),
                member("配偶", "19820101", {"产业帮扶": "其他", "金融帮扶": "其他", "就业帮扶": "技能培训"}),
            ),
            measures={"产业帮扶": "其他", "金融帮扶": "其他", "就业帮扶": "技能培训"},
            fires=found("5_12_011"),
        ),
        Plant(
            "near miss of 5_12_011: the same, and 外出务工补贴 on the spouse's row",
            "监测对象",
            (member(), member("配偶", "19820101", {"就业帮扶": "外出务工补贴"})),
            measures={"产业帮扶": "其他", "金融帮扶": "其他", "就业帮扶": "技能培训"},
        ),
        Plant(
            "1111_4: relocation for a household identified since 2021",
            "监测对象",
            household={"识别监测时间": "202101"},
            measures={**SUBSIDY, "搬迁": "易地扶贫搬迁"},
            fires=found("1111_4"),
        ),
        Plant(
            "near miss of 1111_4: identified December 2020",
            "监测对象",
            household={"识别监测时间": "202012"},
            measures={**SUBSIDY, "搬迁": "易地扶贫搬迁"},
        ),
        Plant(
            "1111_06, 1111_09: identified October 2022, no premium subsidy",
            "监测对象",
            household={"识别监测时间": "202210"},
            fires=found("1111_06 1111_09"),
        ),
        Plant(
            "1111_06, 1111_09: identified March 2023, no premium subsidy",
            "监测对象",
            household={"识别监测时间": "202303"},
            fires=found("1111_06 1111_09"),
        ),
        Plant(
            "near miss of 1111_09: identified April 2023, no premium subsidy",
            "监测对象",
            household={"识别监测时间": "202304"},
        ),
        Plant(
            "1111_09: identified September 2022, no premium subsidy",
            "监测对象",
            household={"识别监测时间": "202209"},
            fires=found("1111_09"),
        ),
        Plant(
            "1111_13: a premium subsidy for a household identified April 2023",
            "监测对象",
            household={"识别监测时间": "202304"},
            measures=SUBSIDY,
            fires=found("1111_13"),
        ),
        Plant(
            "near miss of 1111_13: identified March 2023",
            "监测对象",
            household={"识别监测时间": "202303"},
            measures=SUBSIDY,
        ),
        Plant(
            "1111_18: identified with income per head one fen over the ceiling",
            "监测对象",
            household={"人均纯收入（元）": "20000.01"},
            fires=found("1111_18"),
        ),
        Plant("near miss of 1111_18: on the ceiling", "监测对象", household={"人均纯收入（元）": "20000"}),
    ]


def _monitored() -> list[Plant]:
    ill = member("配偶", "19820101", {"健康状况": "长期慢性病"})
    disabled = member("配偶", "19820101", {"健康状况": "残疾", "证件类型": "残疾人证", "证件号码": "{id}11"})
    nobody = member("户主", "19500101", {"劳动技能": "无劳动力", "享受低保政策情况": "农村低保"})
    dropout = {
        "在校生状况": "",
        "文化程度": "小学",
        "义务教育阶段未上学原因": "厌学",
        "是否义务教育阶段适龄儿童少年失学辍学": "是",
    }
    weak = {"健康状况": "长期慢性病", "劳动技能": "弱劳动力或半劳动力"}
    kids = (member("之子", "20150101"), member("之女", "20160101"))
    health = {"产业帮扶": "发展特色种植", "健康帮扶": "家庭医生签约服务"}
    return [
        Plant(
            "1_11_001: no risk recorded (so the record is incomplete: 1_11_002)",
            "监测对象",
            household={"致贫/返贫风险1": ""},
            fires=found("1_11_001 1_11_002"),
        ),
        Plant("1_11_002: no identification month", "监测对象", household={"识别监测时间": ""}, fires=found("1_11_002")),
        Plant(
            "1_11_004: the after-elimination net income empty (a column fanpin reads since the pack covers all 13)",
            "已消除",
            household={"风险消除后家庭纯收入": ""},
            fires=found("1_11_004"),
        ),
        Plant(
            "1_11_004: an after-elimination column empty",
            "已消除",
            household={"风险消除后理赔收入": ""},
            fires=found("1_11_004"),
        ),
        Plant(
            "1_11_005: a child out of school after elimination",
            "已消除",
            household={"风险消除后是否义务教育阶段适龄儿童少年失学辍学": "是"},
            fires=found("1_11_005"),
        ),
        Plant(
            "1_11_006: eliminated in a dilapidated house",
            "已消除",
            household={"是否危房户": "是"},
            fires=found("1_11_006"),
        ),
        Plant(
            "1_11_007: eliminated without safe water (the water risk and its measure recorded)",
            "已消除",
            household={"是否解决安全饮用水": "否", "致贫/返贫风险2": "因安全饮水"},
            measures={"产业帮扶": "发展特色种植", "饮水安全保障": "集中供水"},
            fires=found("1_11_007"),
        ),
        Plant(
            "3_11_008: eliminated, no safe water, no water measure (also 1_11_007, 5_18_006)",
            "已消除",
            household={"是否解决安全饮用水": "否", "致贫/返贫风险2": "因安全饮水"},
            fires=found("3_11_008 1_11_007 5_18_006"),
        ),
        Plant(
            "4_11_006: no safe water without the water risk",
            "监测对象",
            household={"是否解决安全饮用水": "否"},
            fires=found("4_11_006"),
        ),
        Plant(
            "1_11_009: eliminated by support without any measure (also 1_11_010)",
            "已消除",
            measures={},
            fires=found("1_11_009 1_11_010"),
        ),
        Plant(
            "1_11_010: no measure two months after identification",
            "监测对象",
            household={"识别监测时间": "202504"},
            measures={},
            fires=found("1_11_010"),
        ),
        Plant(
            "near miss of 1_11_010: one month after identification",
            "监测对象",
            household={"识别监测时间": "202505"},
            measures={},
        ),
        Plant(
            "1_11_011: eliminated without the collector's phone",
            "已消除",
            household={"信息采集人联系电话": ""},
            fires=found("1_11_011"),
        ),
        Plant(
            "2_11_001: 因残 without a disabled member",
            "监测对象",
            household={"致贫/返贫风险1": "因残"},
            measures={"产业帮扶": "发展特色种植", "社会帮扶": "结对帮扶"},
            fires=found("2_11_001"),
        ),
        Plant(
            "5_18_003: 因残 with a disabled member, no support for it",
            "监测对象",
            (member(), disabled),
            household={"致贫/返贫风险1": "因残"},
            fires=found("5_18_003"),
        ),
        Plant(
            "near miss of 2_11_001 and 5_18_003: 因残, a disabled member, 社会帮扶",
            "监测对象",
            (member(), disabled),
            household={"致贫/返贫风险1": "因残"},
            measures={"产业帮扶": "发展特色种植", "社会帮扶": "结对帮扶"},
        ),
        Plant(
            "3_11_005: eliminated 因残 without support (also 5_18_003)",
            "已消除",
            (member(), disabled),
            household={"致贫/返贫风险1": "因残"},
            fires=found("3_11_005 5_18_003"),
        ),
        Plant(
            "2_11_002: eliminated after 5 months",
            "已消除",
            household={"消除监测时间": "202306"},
            fires=found("2_11_002"),
        ),
        Plant("near miss of 2_11_002: eliminated after 6 months", "已消除", household={"消除监测时间": "202307"}),
        Plant(
            "5_18_009: eliminated by support the next month (also 2_11_002)",
            "已消除",
            household={"消除监测时间": "202302"},
            fires=found("5_18_009 2_11_002"),
        ),
        Plant(
            "near miss of 5_18_009: eliminated naturally the next month (2_11_002 only)",
            "已消除",
            household={"消除监测时间": "202302", "风险消除方式": "自然消除"},
            fires=found("2_11_002"),
        ),
        Plant(
            "2_02_001, 2_11_003: head and spouse both 男 (not the relation check's, 2_01_004 and 2_12_008)",
            "脱贫监测",
            (member(), member("配偶", "19820101", {"性别": "1"})),
            fires=found("2_02_001 2_11_003"),
        ),
        Plant(
            "near miss of 2_02_001: the same in a 一般农户 not monitored",
            "一般农户",
            (member(), member("配偶", "19820101", {"性别": "1"})),
        ),
        Plant(
            "2_11_004: 其他 without a note", "监测对象", household={"致贫/返贫风险1": "其他"}, fires=found("2_11_004")
        ),
        Plant(
            "near miss of 2_11_004: 其他 with a note",
            "监测对象",
            household={"致贫/返贫风险1": "其他", "其他备注": "家中失火"},
        ),
        Plant(
            "2_11_005: 因自然灾害 without its kind",
            "监测对象",
            household={"致贫/返贫风险1": "因自然灾害"},
            fires=found("2_11_005"),
        ),
        Plant(
            "near miss of 2_11_005: 因自然灾害, 洪涝",
            "监测对象",
            household={"致贫/返贫风险1": "因自然灾害", "因自然灾害子项": "洪涝"},
        ),
        Plant(
            "2_11_006: 务工就业不稳 (written without 因) on members without labour, the children",
            "监测对象",
            (member(), *kids),
            household={"致贫/返贫风险1": "务工就业不稳"},
            fires=found("2_11_006", 2, 3),
        ),
        Plant(
            "near miss of 2_11_006: eliminated",
            "已消除",
            (member(), *kids),
            household={"致贫/返贫风险1": "务工就业不稳"},
        ),
        Plant(
            "5_15_013: 因务工就业不稳 where nobody can work (also 2_11_006 on that member)",
            "监测对象",
            (nobody,),
            household={"致贫/返贫风险1": "因务工就业不稳"},
            measures={"产业帮扶": "发展特色种植", "综合保障": "低保"},
            fires=found("5_15_013") | found("2_11_006", 1),
        ),
        Plant(
            "3_11_001, 3_02_012: no head of household (a 脱贫户)",
            "脱贫户",
            (member("配偶", "19820101"),),
            fires=found("3_11_001 3_02_012"),
        ),
        Plant(
            "3_11_001: no head of household (a 一般农户)",
            "一般农户",
            (member("之子", "19820101"),),
            fires=found("3_11_001"),
        ),
        Plant(
            "3_11_003: eliminated 因病 without health support (also 5_18_001)",
            "已消除",
            (member(), ill),
            household={"致贫/返贫风险1": "因病"},
            fires=found("3_11_003 5_18_001"),
        ),
        Plant(
            "5_18_001: 因病 without health support",
            "监测对象",
            (member(), ill),
            household={"致贫/返贫风险1": "因病"},
            fires=found("5_18_001"),
        ),
        Plant(
            "5_15_015: 因病 without an ill member",
            "监测对象",
            household={"致贫/返贫风险1": "因病"},
            measures=health,
            fires=found("5_15_015"),
        ),
        Plant(
            "5_15_020: 因病 without medical spending",
            "监测对象",
            (member(), ill),
            household={"致贫/返贫风险1": "因病", "合规自付支出": "0"},
            measures=health,
            fires=found("5_15_020"),
        ),
        Plant(
            "near miss of 5_15_020: one fen of medical spending",
            "监测对象",
            (member(), ill),
            household={"致贫/返贫风险1": "因病", "合规自付支出": "0.01"},
            measures=health,
        ),
        Plant(
            "3_11_004: eliminated 因学 without education support (also 5_18_002)",
            "已消除",
            household={"致贫/返贫风险1": "因学"},
            fires=found("3_11_004 5_18_002"),
        ),
        Plant(
            "5_18_002: 因学 without education support",
            "监测对象",
            household={"致贫/返贫风险1": "因学"},
            fires=found("5_18_002"),
        ),
        Plant(
            "3_11_006: eliminated 因安全住房 without housing support (also 5_18_004)",
            "已消除",
            household={"致贫/返贫风险1": "因安全住房"},
            fires=found("3_11_006 5_18_004"),
        ),
        Plant(
            "5_18_004: 因安全住房 without housing support or relocation",
            "监测对象",
            household={"致贫/返贫风险1": "因安全住房"},
            fires=found("5_18_004"),
        ),
        Plant(
            "near miss of 5_18_004: 因安全住房 with 住房安全保障",
            "监测对象",
            household={"致贫/返贫风险1": "因安全住房"},
            measures={"产业帮扶": "发展特色种植", "住房安全保障": "农村危房改造"},
        ),
        Plant(
            "3_11_007: eliminated with a dropout, no compulsory-education support (also 5_18_005)",
            "已消除",
            (member(), member("之子", "20140101", dropout)),
            fires=found("3_11_007 5_18_005"),
        ),
        Plant(
            "5_18_005: a dropout, no compulsory-education support",
            "监测对象",
            (member(), member("之子", "20140101", dropout)),
            fires=found("5_18_005"),
        ),
        Plant(
            "4_11_008: a dropout recorded for a child who is at school",
            "监测对象",
            (member(), member("之子", "20140101", {"是否义务教育阶段适龄儿童少年失学辍学": "是"})),
            measures={"产业帮扶": "发展特色种植", "义务教育保障": "控辍保学"},
            fires=found("4_11_008"),
        ),
        Plant(
            "3_11_009: eliminated with an uninsured member, no health support (also 5_18_007, 4_11_007)",
            "已消除",
            household={"是否有家庭成员未参加城乡居民（职工）基本医疗保险": "是"},
            fires=found("3_11_009 5_18_007 4_11_007"),
        ),
        Plant(
            "5_18_007: an uninsured member, no health support (also 4_11_007: no 因病 risk)",
            "监测对象",
            household={"是否有家庭成员未参加城乡居民（职工）基本医疗保险": "是"},
            fires=found("5_18_007 4_11_007"),
        ),
        Plant(
            "4_11_007: an uninsured member without the illness risk",
            "监测对象",
            household={"是否有家庭成员未参加城乡居民（职工）基本医疗保险": "是"},
            measures=health,
            fires=found("4_11_007"),
        ),
        Plant(
            "4_11_009: 缺劳动力 where everyone counts as labour (all weak)",
            "监测对象",
            (member("户主", "19800315", weak), member("配偶", "19820101", weak)),
            household={"致贫/返贫风险1": "缺劳动力"},
            fires=found("4_11_009"),
        ),
        Plant(
            "5_18_008: 缺劳动力 with half the members able to work",
            "监测对象",
            (member(), member("配偶", "19500101", {"劳动技能": "无劳动力"})),
            household={"致贫/返贫风险1": "缺劳动力"},
            fires=found("5_18_008"),
        ),
        Plant(
            "near miss of 5_18_008: 缺劳动力 with a quarter of four members able to work",
            "监测对象",
            (member(), member("配偶", "19500101", {"劳动技能": "无劳动力"}), *kids),
            household={"致贫/返贫风险1": "缺劳动力"},
        ),
        Plant(
            "5_11_029: 缺劳动力, four members, half able to work (also 5_18_008)",
            "监测对象",
            (member(), member("配偶", "19820101"), *kids),
            household={"致贫/返贫风险1": "缺劳动力"},
            fires=found("5_11_029 5_18_008"),
        ),
        Plant(
            "4_11_010: eliminated by support, the income after elimination one fen under the line",
            "已消除",
            household={"风险消除后家庭人均纯收入": "8699.99"},
            fires=found("4_11_010"),
        ),
        Plant(
            "near miss of 4_11_010: on the line after elimination (under it at identification)",
            "已消除",
            household={"风险消除后家庭人均纯收入": "8700", "人均纯收入（元）": "6000"},
        ),
        Plant(
            "4_11_011: eliminated where nobody can work",
            "已消除",
            (nobody,),
            measures={"产业帮扶": "发展特色种植", "综合保障": "低保"},
            fires=found("4_11_011"),
        ),
        Plant(
            "4_11_012: employment support, no wage after elimination",
            "已消除",
            household={"风险消除后工资性收入": "0"},
            measures={"就业帮扶": "外出务工补贴"},
            fires=found("4_11_012"),
        ),
        Plant(
            "near miss of 4_11_012: one fen of wage",
            "已消除",
            household={"风险消除后工资性收入": "0.01"},
            measures={"就业帮扶": "外出务工补贴"},
        ),
        Plant(
            "4_11_013: 低保 measure, no transfer income after elimination",
            "已消除",
            (member("户主", "19800315", {"享受低保政策情况": "农村低保"}),),
            household={"风险消除后转移性收入": "0"},
            measures={"产业帮扶": "发展特色种植", "综合保障": "低保"},
            fires=found("4_11_013"),
        ),
        Plant(
            "4_11_015: the 低保 measure, nobody with 低保 or 特困 (eliminated)",
            "已消除",
            measures={"产业帮扶": "发展特色种植", "综合保障": "低保"},
            fires=found("4_11_015"),
        ),
        Plant(
            "4_11_016: disability allowance without a disabled member",
            "监测对象",
            measures={"产业帮扶": "发展特色种植", "综合保障": "残疾人补贴"},
            fires=found("4_11_016"),
        ),
        Plant(
            "near miss of 4_11_016: with a disabled member",
            "监测对象",
            (member(), disabled),
            measures={"产业帮扶": "发展特色种植", "综合保障": "残疾人补贴"},
        ),
        Plant(
            "5_11_013: industry support, no business income after elimination",
            "已消除",
            household={"风险消除后生产经营性收入": "0"},
            fires=found("5_11_013"),
        ),
        Plant(
            "5_11_030: development measures not carried out",
            "监测对象",
            household={"实施开发式帮扶措施情况": "尚未实施"},
            fires=found("5_11_030"),
        ),
        Plant(
            "5_11_032: only 低保 though the head can work",
            "监测对象",
            (member("户主", "19800315", {"享受低保政策情况": "农村低保"}),),
            measures={"综合保障": "低保"},
            fires=found("5_11_032"),
        ),
        Plant(
            "5_11_033: nobody can work, 整户无劳动能力 recorded 否",
            "监测对象",
            (nobody,),
            household={"整户无劳动能力兜底保障户": "否"},
            measures={"产业帮扶": "发展特色种植", "综合保障": "低保"},
            fires=found("5_11_033"),
        ),
        Plant("5_15_0023: a wage of 99.99 元", "监测对象", household={"工资性收入": "99.99"}, fires=found("5_15_0023")),
        Plant("near miss of 5_15_0023: a wage of 100 元", "监测对象", household={"工资性收入": "100"}),
    ]


PLANTS: tuple[Plant, ...] = (
    *_identity(),
    *_land_housing(),
    *_person(),
    *_should_monitor(),
    *_measures(),
    *_monitored(),
)
