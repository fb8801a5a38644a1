"""Realistic synthetic input files, seeded, for the benchmarks (``make bench``) and the tests.

Two layouts, both generated column by column by polars (a million households in seconds, any number in
pieces of a million rows, so memory stays flat):

- :func:`household_table`: one row per household with the Chinese headers of the README's input, money
  in 元 with fen (``12345.67``; a quarter of the amounts whole), village codes of twelve counties in two
  provinces (Yunnan 53 and Hebei 13), about 5 % of the optional cells empty, the flags, categories and
  measures of a county's monitoring records, and free text (``备注``) of realistic length on some rows.
  A few rows in a thousand carry a value fanpin refuses (a money cell ``12,3a``, a household of size 0).
- :func:`person_export`: the national system's person-level export of the same kind of households, one
  row per member (about three per household), the household columns repeated on each member row, with
  the export's headers and vocabularies (证件类型, 与户主关系, 劳动技能, 在校生状况 …).

Every value is a pseudo-random function of the seed and the row's number (splitmix64, computed in
polars' unsigned 64-bit arithmetic), so a file is the same on every machine and every run, and a piece
of a large file does not depend on the pieces before it. Names, ID numbers and phone numbers are
synthetic (``李某华``, check characters valid, ``1380000xxxx``).

>>> frame = household_table(1000, seed=1)
>>> frame.height, frame.get_column("户编号").n_unique()
(1000, 1000)
>>> export = person_export(200, seed=1)
>>> export.get_column("户编号").n_unique(), export.height > 500
(200, True)
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

import polars as pl

__all__ = [
    "EXPORT_COLUMNS",
    "EXPORT_REGION",
    "HOUSEHOLD_COLUMNS",
    "REGIONS",
    "household_table",
    "person_export",
    "sorted_by_relationship",
    "write_household_csv",
    "write_person_export_csv",
]

#: County codes (six digits) and their share of the households: Yunnan (53) and Hebei (13).
REGIONS: dict[str, int] = {
    "532328": 22,
    "532301": 12,
    "532322": 8,
    "532325": 8,
    "532326": 8,
    "532327": 6,
    "532331": 10,
    "530129": 6,
    "130722": 6,
    "130723": 5,
    "130724": 5,
    "130725": 4,
}
#: The county of a person-level export (it has no 行政区划代码 column: read it with ``region=``).
EXPORT_REGION = "532328"

RISK_COLUMNS = [f"致贫/返贫风险{i}" for i in range(1, 6)]
HOUSEHOLD_COLUMNS: list[str] = [
    *("户编号", "行政区划代码", "户类型", "家庭人口数", "户主证件号码", "户主姓名", "劳动力人数"),
    *("整户无劳动能力兜底保障户", "工资性收入", "公益岗位收入", "生产经营性收入", "生产经营性支出", "财产性收入"),
    *("资产收益分红", "转移性收入", "保障性转移收入", "人均纯收入（元）", "上年人均纯收入", "合规自付支出"),
    *("教育支出", "因灾因意外支出", "上年刚性支出", "住房出现安全问题", "义务教育阶段适龄儿童少年失学辍学"),
    *("饮水出现安全问题", "有家庭成员未参加基本医保", "大病重病人数", "重度残疾人数", "公益岗位聘用月数"),
    *("监测对象类别", "识别监测时间", "风险是否已消除", "风险消除方式", "消除监测时间", *RISK_COLUMNS),
    *("已落实帮扶措施", "有产业发展意愿", "到户产业帮扶类型", "有贷款意愿", "小额信贷余额", "贷款用途"),
    *("贷款到期日", "贷款是否逾期", "易地扶贫搬迁户", "在迁出地从事种养业", "备注"),
]
MEASURES = [
    *("产业帮扶", "就业帮扶", "金融帮扶", "公益岗位帮扶", "健康帮扶", "义务教育保障", "教育帮扶"),
    *("住房安全保障", "饮水安全保障", "综合保障", "社会帮扶", "搬迁", "生产生活条件改善", "基础设施建设"),
]
_INCOME = ["工资性收入", "生产经营性收入", "财产性收入", "转移性收入", "生产经营性支出", "年收入（元）"]
_AFTER = [f"风险消除后{c}" for c in _INCOME] + [
    *("风险消除后家庭人均纯收入", "风险消除后理赔收入", "风险消除后合规自付支出"),
]
EXPORT_COLUMNS: list[str] = [
    *("县", "乡", "村", "户编号", "人编号", "姓名", "证件类型", "证件号码", "性别", "民族", "出生日期"),
    *("与户主关系", "家庭成员联系电话", "户类型", "监测对象类别", "整户无劳动能力兜底保障户", "户联系电话"),
    *("信息采集人", "信息采集人联系电话", "文化程度", "在校生状况", "义务教育阶段未上学原因"),
    *("是否义务教育阶段适龄儿童少年失学辍学", "健康状况", "劳动技能", "务工所在地", "公益性岗位", "公益性岗位(月数)"),
    *(
        "就业渠道（易地搬迁后扶使用）",
        "是否参加城乡居民基本医疗保险",
        "是否参加城镇职工基本医疗保险",
        "是否参加大病保险",
    ),
    *("是否参加城乡居民基本养老保险", "是否参加城镇职工基本养老保险"),
    *("是否接受医疗救助", "享受低保政策情况", "享受特困供养政策情况", "最低生活保障金", "特困人员救助供养金"),
    *("是否危房户", "是否解决安全饮用水", "是否有卫生厕所", "是否通生活用电", "入户道路是否硬化", "住房面积"),
    *("与村主干路距离", "耕地面积（亩）", "林地面积（亩）", "退耕还林面积（亩）", "林果面积（亩）", "牧草地面积"),
    *("水面面积", *RISK_COLUMNS),
    *("因自然灾害子项", "其他备注", "识别监测时间", "风险是否已消除", "风险消除方式", "消除监测时间"),
    "是否有家庭成员未参加城乡居民（职工）基本医疗保险",
    *_INCOME,
    *("人均纯收入（元）", "理赔收入", "合规自付支出", *_AFTER[:6], "风险消除后家庭纯收入", *_AFTER[6:]),
    *("风险消除后是否住房损毁", "风险消除后是否饮水设施损毁", "风险消除后是否义务教育阶段适龄儿童少年失学辍学"),
    "风险消除后是否有家庭成员未参加城乡居民（职工）基本医疗保险",
    *("实施开发式帮扶措施情况", *MEASURES, "风险是否已消除0"),
]
EXPORT_TITLES = ["全国防返贫监测信息系统 家庭成员信息表（合成数据）", "导出时间：2025-06-30　导出单位：元谋县（合成）"]

_SURNAMES = list("李王张刘陈杨赵黄周吴罗普起苏何孙马朱胡郭")
_GIVEN = list("华明芳兰福贵秀英国文荣春海云建军平丽")
_RISKS = ["因病", "因学", "因残", "因自然灾害", "因意外事故", "因产业项目失败", "因务工就业不稳", "缺劳动力", "其他"]
_DEV = ["产业帮扶", "就业帮扶", "金融帮扶", "公益岗位", "健康帮扶", "教育帮扶", "消费帮扶", "搬迁后续扶持"]
_WELFARE = ["低保", "特困供养", "临时救助", "健康帮扶", "住房安全"]
_REMARKS = [
    "户主常年外出务工",
    "已入户核实，家庭收入情况属实",
    "2024年新识别，持续跟踪帮扶",
    "子女在外地上学，教育支出较大",
    "户主患慢性病，长期服药，医疗支出较高，已纳入健康帮扶",
    "因暴雨导致房屋部分受损，已申请临时救助，村委会继续观察，待乡镇复核",
    "家中有重度残疾人一名，已享受两项补贴；劳动力外出务工收入不稳定，需关注",
]
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_MASK64 = 2**64


# ---- seeded randomness as polars expressions ---------------------------------------------------


def _mix(x: pl.Expr) -> pl.Expr:
    """splitmix64's finaliser, in wrapping unsigned 64-bit arithmetic."""

    def mul(e: pl.Expr, k: int) -> pl.Expr:
        return e * pl.lit(k, dtype=pl.UInt64)

    def xorshift(e: pl.Expr, bits: int) -> pl.Expr:
        return e.xor(e // pl.lit(2**bits, dtype=pl.UInt64))

    z = x + pl.lit(0x9E3779B97F4A7C15, dtype=pl.UInt64)
    z = mul(xorshift(z, 30), 0xBF58476D1CE4E5B9)
    z = mul(xorshift(z, 27), 0x94D049BB133111EB)
    return xorshift(z, 31)


class _Draws:
    """Independent draws per row from the seed and the row's number: ``u(k)`` is the k-th (16 bits of
    one of the frame's hash columns, which :meth:`columns` adds), ``int``/``chance``/``choice`` read it."""

    def __init__(self, row: pl.Expr, seed: int, prefix: str, streams: int) -> None:
        self.row, self.seed, self.prefix = row.cast(pl.UInt64), seed, prefix
        self.groups = (streams + 3) // 4

    def columns(self) -> dict[str, pl.Expr]:
        """The hash columns the draws read (one splitmix64 per four draws)."""
        mixed = {}
        for g in range(self.groups):
            salt = (self.seed * 1_000_003 + g * 7_919) % _MASK64
            key = self.row * pl.lit(0x100000001B3, dtype=pl.UInt64) + pl.lit(salt, dtype=pl.UInt64)
            mixed[f"{self.prefix}{g}"] = _mix(key)
        return mixed

    def lane(self, k: int) -> pl.Expr:
        """16 bits of the draw ``k`` as an integer in [0, 65536)."""
        if k // 4 >= self.groups:
            raise ValueError(f"draw {k} beyond the {self.groups * 4} prepared")
        return (pl.col(f"{self.prefix}{k // 4}") // pl.lit(2 ** (16 * (k % 4)), dtype=pl.UInt64)) % pl.lit(
            65536, dtype=pl.UInt64
        )

    def u(self, k: int) -> pl.Expr:
        return (self.lane(k).cast(pl.Float64) + 0.5) / 65536.0

    def integer(self, k: int, low: int, high: int) -> pl.Expr:
        """An integer in [low, high] (a wide range: from a hash of its own)."""
        span = high - low + 1
        own = _mix(pl.col(f"{self.prefix}{k // 4}") + pl.lit(k + 1, dtype=pl.UInt64))
        bits = self.lane(k) if span <= 4096 else own
        return (bits % pl.lit(span, dtype=pl.UInt64)).cast(pl.Int64) + low

    def chance(self, k: int, p: float) -> pl.Expr:
        return self.u(k) < p

    def choice(self, k: int, values: Sequence[str], weights: Sequence[float] | None = None) -> pl.Expr:
        weights = list(weights) if weights is not None else [1.0] * len(values)
        total, cumulative, edges = sum(weights), 0.0, []
        for w in weights[:-1]:
            cumulative += w
            edges.append(cumulative / total)
        u = self.u(k)
        index = pl.sum_horizontal([(u >= e).cast(pl.Int32) for e in edges]) if edges else pl.lit(0)
        return index.replace_strict(dict(enumerate(values)), return_dtype=pl.String)


def _money(fen: pl.Expr, whole: pl.Expr) -> pl.Expr:
    """Fen as 元 text: two decimals (``1234.56``), or whole 元 where ``whole`` (the fen rounded away)."""
    yuan = (fen // 100).cast(pl.String)
    cents = (fen % 100).cast(pl.String).str.zfill(2)
    return pl.when(whole).then((fen // 100).cast(pl.String)).otherwise(pl.concat_str([yuan, pl.lit("."), cents]))


def _tenths(tenths: pl.Expr) -> pl.Expr:
    """A count of tenths as a clerk writes it: ``12.5``, ``3`` (not a float's ``1.9000000000000001``)."""
    whole = (tenths // 10).cast(pl.String)
    return (
        pl.when(tenths % 10 == 0)
        .then(whole)
        .otherwise(pl.concat_str([whole, pl.lit("."), (tenths % 10).cast(pl.String)]))
    )


def _yes(value: pl.Expr) -> pl.Expr:
    return pl.when(value).then(pl.lit("是")).otherwise(pl.lit("否"))


def _month(index: pl.Expr) -> pl.Expr:
    """A month number (year × 12 + month − 1) as YYYYMM."""
    return pl.concat_str([(index // 12).cast(pl.String), (index % 12 + 1).cast(pl.String).str.zfill(2)])


def _blank(value: pl.Expr, empty: pl.Expr) -> pl.Expr:
    return pl.when(empty).then(pl.lit("")).otherwise(value)


def _id_number(region: pl.Expr, birth: pl.Expr, serial: pl.Expr) -> pl.Expr:
    """An 18-character ID number (GB 11643 check character): region, birth date (YYYYMMDD text), serial."""
    body = pl.concat_str([region, birth, serial.cast(pl.String).str.zfill(3)])
    total = pl.sum_horizontal([body.str.slice(i, 1).cast(pl.Int64) * w for i, w in enumerate(_ID_WEIGHTS)])
    check = (total % 11).replace_strict(dict(enumerate("10X98765432")), return_dtype=pl.String)
    return pl.concat_str([body, check])


def _birth(d: _Draws, k: int, age: pl.Expr) -> pl.Expr:
    """A birth date (YYYYMMDD) of someone ``age`` years old on 2025-06-30."""
    year = pl.lit(2025) - age - (d.u(k) < 0.5).cast(pl.Int64)
    return pl.concat_str(
        [
            year.cast(pl.String),
            d.integer(k + 1, 1, 12).cast(pl.String).str.zfill(2),
            d.integer(k + 2, 1, 28).cast(pl.String).str.zfill(2),
        ]
    )


def _name(d: _Draws, k: int) -> pl.Expr:
    return pl.concat_str([d.choice(k, _SURNAMES), pl.lit("某"), _blank(d.choice(k + 1, _GIVEN), d.chance(k + 2, 0.2))])


def _joined(d: _Draws, k: int, pool: Sequence[str], count: pl.Expr, separator: str) -> pl.Expr:
    """Up to four distinct labels of ``pool`` (``count`` of them), joined."""
    start = d.integer(k, 0, len(pool) - 1)
    step = d.integer(k + 1, 1, len(pool) - 1) if len(pool) > 2 else pl.lit(1, dtype=pl.Int64)
    picks = [
        pl.when(count > i).then(
            ((start + step * i) % len(pool)).replace_strict(dict(enumerate(pool)), return_dtype=pl.String)
        )
        for i in range(4)
    ]
    return pl.concat_str(picks, separator=separator, ignore_nulls=True)


# ---- the household table -----------------------------------------------------------------------


def household_table(rows: int, seed: int = 2025, first: int = 0) -> pl.DataFrame:
    """``rows`` households (row numbers ``first`` …), every cell text, headed by :data:`HOUSEHOLD_COLUMNS`."""
    d = _Draws(pl.col("__n"), seed, "__d", 144)
    n = pl.col("__n")
    base = pl.DataFrame({"__n": pl.int_range(first, first + rows, dtype=pl.Int64, eager=True)})
    base = base.with_columns(**d.columns())
    county = d.choice(1, list(REGIONS), list(REGIONS.values()))
    size = d.choice(2, [str(s) for s in range(1, 8)], (8, 14, 18, 24, 18, 11, 7)).cast(pl.Int64)
    frame = base.with_columns(
        __county=county,
        __size=size,
        __town=d.integer(3, 100, 112),
        __village=d.integer(4, 201, 230),
        __kind=d.choice(5, ["脱贫户", "一般农户", "一般户"], (60, 35, 5)),
        __age=d.integer(6, 25, 84),
        # per-capita net income (fen): ~1 % below 5000 元, ~4 % up to the line, ~5 % just above it
        __pc=pl.when(d.u(7) < 0.01)
        .then(d.integer(8, 120_000, 500_000))
        .when(d.u(7) < 0.05)
        .then(d.integer(8, 500_000, 870_000))
        .when(d.u(7) < 0.10)
        .then(d.integer(8, 870_000, 1_044_000))
        .when(d.u(7) < 0.92)
        .then(d.integer(8, 1_044_000, 1_740_000))
        .otherwise(d.integer(8, 1_740_000, 4_200_000)),
    )
    frame = frame.with_columns(
        __labour=pl.when(d.chance(9, 0.05)).then(0).otherwise(pl.min_horizontal(pl.col("__size"), d.integer(10, 1, 4))),
        __net=pl.col("__pc") * pl.col("__size"),
    )
    labour, net = pl.col("__labour"), pl.col("__net")
    transfer_share = pl.when(labour == 0).then(d.u(11) * 0.35 + 0.55).otherwise(d.u(11) * 0.37 + 0.03)
    frame = frame.with_columns(
        __transfer=(net.cast(pl.Float64) * transfer_share).cast(pl.Int64),
        __property=(net.cast(pl.Float64) * d.u(12) * 0.08).cast(pl.Int64),
        __business=(net.cast(pl.Float64) * (d.u(13) * 0.4 + 0.05)).cast(pl.Int64),
        __cost=pl.when(d.chance(14, 0.85)).then(d.integer(15, 0, 600_000)).otherwise(0),
    )
    frame = frame.with_columns(
        __wage=pl.max_horizontal(
            pl.lit(0), net - pl.col("__transfer") - pl.col("__property") - pl.col("__business") + pl.col("__cost")
        ),
        __medical=pl.when(d.chance(16, 0.45))
        .then(0)
        .when(d.chance(15, 0.9))
        .then(d.integer(17, 1_000, 300_000))
        .otherwise(d.integer(17, 300_000, 3_000_000)),
        __monitored=d.u(18) < pl.when(pl.col("__pc") < 870_000).then(0.7).otherwise(0.02),
    )
    frame = frame.with_columns(__netsum=pl.col("__wage") + pl.col("__business") - pl.col("__cost"))

    def whole(k: int) -> pl.Expr:  # a quarter of the money cells are whole 元
        return d.chance(k, 0.25)

    def unknown(k: int) -> pl.Expr:  # ~5 % of the optional cells are empty
        return d.chance(k, 0.05)

    def flag(k: int, p: float) -> pl.Expr:
        return _yes(d.chance(k, p))

    monitored = pl.col("__monitored")
    identified = d.integer(40, 2022 * 12, 2025 * 12 + 4)
    eliminated = monitored & d.chance(41, 0.3)
    risk_count = pl.when(monitored).then(d.choice(42, ["1", "1", "2", "2", "3", "5"]).cast(pl.Int64)).otherwise(0)
    measure_count = pl.when(monitored & d.chance(43, 0.85)).then(d.integer(44, 1, 3)).otherwise(0)
    loan = (labour > 0) & d.chance(45, 0.22)
    fen_pc = (
        (pl.col("__wage") + pl.col("__business") - pl.col("__cost") + pl.col("__property") + pl.col("__transfer")) * 2
        + pl.col("__size")
    ) // (2 * pl.col("__size"))
    hid = pl.concat_str([pl.col("__county"), n.cast(pl.String).str.zfill(10)])
    birth = _birth(d, 50, pl.col("__age"))
    columns: dict[str, pl.Expr] = {
        "户编号": hid,
        "行政区划代码": pl.concat_str(
            [pl.col("__county"), pl.col("__town").cast(pl.String), pl.col("__village").cast(pl.String)]
        ),
        "户类型": pl.col("__kind"),
        "家庭人口数": pl.col("__size").cast(pl.String),
        "户主证件号码": _blank(_id_number(pl.col("__county"), birth, d.integer(53, 0, 999)), unknown(54)),
        "户主姓名": _name(d, 55),
        "劳动力人数": _blank(labour.cast(pl.String), unknown(58)),
        "整户无劳动能力兜底保障户": _blank(
            pl.when(labour == 0).then(pl.lit("是")).otherwise(pl.lit("否")), unknown(59)
        ),
        "工资性收入": _money(pl.col("__wage"), whole(60)),
        "公益岗位收入": _blank(
            _money(pl.when(d.chance(61, 0.06)).then(d.integer(62, 300_000, 1_000_000)).otherwise(0), whole(63)),
            unknown(64),
        ),
        "生产经营性收入": _money(pl.col("__business"), whole(65)),
        "生产经营性支出": _blank(_money(pl.col("__cost"), whole(66)), unknown(67)),
        "财产性收入": _money(pl.col("__property"), whole(68)),
        "资产收益分红": _blank(
            _money(pl.when(d.chance(69, 0.08)).then(d.integer(70, 10_000, 200_000)).otherwise(0), whole(71)),
            unknown(72),
        ),
        "转移性收入": _money(pl.col("__transfer"), whole(73)),
        "保障性转移收入": _blank(
            _money((pl.col("__transfer").cast(pl.Float64) * d.u(74) * 0.6).cast(pl.Int64), whole(75)), unknown(76)
        ),
        "人均纯收入（元）": _blank(_money(fen_pc, pl.lit(False)), d.chance(77, 0.3)),
        "上年人均纯收入": _blank(
            _money(
                (
                    pl.col("__pc").cast(pl.Float64)
                    * pl.when(d.chance(78, 0.03)).then(d.u(79) + 1.5).otherwise(d.u(79) * 0.35 + 0.8)
                ).cast(pl.Int64),
                whole(80),
            ),
            d.chance(81, 0.25),
        ),
        "合规自付支出": _blank(_money(pl.col("__medical"), whole(82)), d.chance(83, 0.15)),
        "教育支出": _blank(
            _money(
                pl.when((pl.col("__size") >= 3) & d.chance(84, 0.45)).then(d.integer(85, 50_000, 600_000)).otherwise(0),
                whole(86),
            ),
            unknown(87),
        ),
        "因灾因意外支出": _blank(
            _money(pl.when(d.chance(88, 0.06)).then(d.integer(89, 100_000, 2_500_000)).otherwise(0), whole(90)),
            unknown(91),
        ),
        "上年刚性支出": _blank(
            _money((pl.col("__medical").cast(pl.Float64) * (d.u(92) + 0.5)).cast(pl.Int64), whole(93)),
            d.chance(94, 0.3),
        ),
        "住房出现安全问题": _blank(flag(95, 0.04), unknown(96)),
        "义务教育阶段适龄儿童少年失学辍学": _blank(flag(97, 0.02), unknown(98)),
        "饮水出现安全问题": _blank(flag(99, 0.04), unknown(100)),
        "有家庭成员未参加基本医保": _blank(flag(101, 0.05), unknown(102)),
        "大病重病人数": _blank(d.choice(103, ["0", "1", "2"], (90, 9, 1)), unknown(104)),
        "重度残疾人数": _blank(d.choice(105, ["0", "1"], (93, 7)), unknown(106)),
        "公益岗位聘用月数": _blank(
            pl.when(d.chance(61, 0.06)).then(d.integer(107, 1, 12).cast(pl.String)).otherwise(pl.lit("")), unknown(108)
        ),
        "监测对象类别": pl.when(monitored)
        .then(
            pl.when(d.chance(109, 0.25))
            .then(pl.lit("突发严重困难户"))
            .when(pl.col("__kind") == "脱贫户")
            .then(pl.lit("脱贫不稳定户"))
            .otherwise(pl.lit("边缘易致贫户"))
        )
        .otherwise(pl.lit("")),
        "识别监测时间": pl.when(monitored)
        .then(pl.concat_str([(identified // 12).cast(pl.String), (identified % 12 + 1).cast(pl.String).str.zfill(2)]))
        .otherwise(pl.lit("")),
        "风险是否已消除": pl.when(monitored)
        .then(pl.when(eliminated).then(pl.lit("是")).otherwise(pl.lit("否")))
        .otherwise(pl.lit("")),
        "风险消除方式": pl.when(eliminated).then(d.choice(110, ["帮扶消除", "自然消除"], (8, 2))).otherwise(pl.lit("")),
        "消除监测时间": pl.when(eliminated)
        .then(
            pl.concat_str(
                [
                    ((identified + 6) // 12).cast(pl.String),
                    ((identified + 6) % 12 + 1).cast(pl.String).str.zfill(2),
                ]
            )
        )
        .otherwise(pl.lit("")),
        **{
            c: pl.when(risk_count > i)
            .then(((d.integer(111, 0, 8) + i * 4) % 9).replace_strict(dict(enumerate(_RISKS)), return_dtype=pl.String))
            .otherwise(pl.lit(""))
            for i, c in enumerate(RISK_COLUMNS)
        },
        "已落实帮扶措施": pl.when(labour == 0)
        .then(_joined(d, 112, _WELFARE, measure_count, ";"))
        .otherwise(_joined(d, 114, _DEV, measure_count, ";")),
        "有产业发展意愿": _blank(flag(116, 0.35), unknown(117)),
        "到户产业帮扶类型": d.choice(118, ["到户产业", "资产收益", "无", ""], (35, 25, 30, 10)),
        "有贷款意愿": _blank(flag(119, 0.2), unknown(120)),
        "小额信贷余额": pl.when(loan)
        .then(_money(d.integer(121, 300_000, 5_000_000), whole(122)))
        .otherwise(pl.lit("")),
        "贷款用途": pl.when(loan)
        .then(d.choice(123, ["种植", "养殖", "加工", "经营", "建房", "治病"], (30, 30, 5, 10, 15, 10)))
        .otherwise(pl.lit("")),
        "贷款到期日": pl.when(loan)
        .then(
            pl.concat_str(
                [
                    d.integer(124, 2025, 2027).cast(pl.String),
                    pl.lit("-"),
                    d.integer(125, 1, 12).cast(pl.String).str.zfill(2),
                    pl.lit("-"),
                    d.integer(126, 1, 28).cast(pl.String).str.zfill(2),
                ]
            )
        )
        .otherwise(pl.lit("")),
        "贷款是否逾期": pl.when(loan).then(flag(127, 0.08)).otherwise(pl.lit("")),
        "易地扶贫搬迁户": _blank(flag(128, 0.08), unknown(129)),
        "在迁出地从事种养业": _blank(flag(130, 0.03), unknown(131)),
        "备注": pl.when(d.chance(132, 0.15)).then(d.choice(133, _REMARKS)).otherwise(pl.lit("")),
    }
    frame = frame.select(**columns)
    # A few rows in a thousand fanpin refuses, as real files have: a mistyped amount, a size of 0.
    bad = d.u(140)
    marks = base.select(money=bad < 0.001, size=(bad >= 0.001) & (bad < 0.0015))
    return frame.with_columns(
        pl.when(marks.get_column("money")).then(pl.lit("12,3a")).otherwise(pl.col("财产性收入")).alias("财产性收入"),
        pl.when(marks.get_column("size")).then(pl.lit("0")).otherwise(pl.col("家庭人口数")).alias("家庭人口数"),
    )


# ---- the person-level export -------------------------------------------------------------------

_LABOUR = ["普通劳动力", "技能劳动力", "弱劳动力或半劳动力", "弱劳动力", "半劳动力"]
_TOWNS = ["城关镇", "东山乡", "河口镇", "平坝乡", "老城乡", "新华乡", "江边乡", "凉山乡", "姜驿乡", "物茂乡"]
_VILLAGES = ["新村", "东村", "上村", "下村", "中村", "西村", "南村", "北村", "大村", "小村", "坝村", "山村"]
_OFFERS = {
    "产业帮扶": "发展特色种植",
    "就业帮扶": "技能培训,外出务工补贴",
    "金融帮扶": "脱贫人口小额信贷",
    "公益岗位帮扶": "护林员",
    "健康帮扶": "参加城乡居民基本医疗保险个人缴费补贴",
    "教育帮扶": "雨露计划",
    "综合保障": "低保，残疾人补贴",
    "住房安全保障": "农村危房改造",
}


def person_export(households: int, seed: int = 2025, first: int = 0) -> pl.DataFrame:
    """The member rows of ``households`` households (household numbers ``first`` …) of county
    :data:`EXPORT_REGION`, every cell text, headed by :data:`EXPORT_COLUMNS`, a household's rows together."""
    h = _Draws(pl.col("__h"), seed, "__d", 80)
    homes = pl.DataFrame({"__h": pl.int_range(first, first + households, dtype=pl.Int64, eager=True)})
    homes = homes.with_columns(**h.columns()).with_columns(
        __size=h.choice(1, [str(s) for s in range(1, 7)], (12, 28, 25, 18, 10, 7)).cast(pl.Int64),
        __town=h.integer(2, 0, len(_TOWNS) - 1),
        __village=h.integer(3, 0, len(_VILLAGES) - 1),
        __head_age=h.integer(4, 28, 80),
        __kind=h.choice(5, ["脱贫户", "一般农户", "一般户", "监测户"], (55, 37, 6, 2)),
        # per capita, fen: 9000 to 25000 元, one household in twenty from 6000 元
        __pc=pl.when(h.chance(12, 0.05)).then(h.integer(6, 600, 900)).otherwise(h.integer(6, 900, 2500)) * 1000,
        __monitored=h.chance(7, 0.04),
        __identified=h.integer(8, 2021 * 12, 2024 * 12 + 11),
        __eliminated=h.chance(9, 0.35),
        __risks=h.integer(10, 1, 3),
        __measures=h.integer(11, 1, 4),
    )
    monitored = (pl.col("__kind") == "监测户") | pl.col("__monitored")
    eliminated = monitored & pl.col("__eliminated")
    net = pl.col("__pc") * pl.col("__size")

    def whole(k: int) -> pl.Expr:
        return h.chance(k, 0.3)

    yes = _yes
    transfer = (net.cast(pl.Float64) * (h.u(20) * 0.3 + 0.08)).cast(pl.Int64)
    prop = h.integer(21, 0, 50_000)
    business = (net.cast(pl.Float64) * h.u(22) * 0.4).cast(pl.Int64)
    cost = pl.when(h.chance(23, 0.8)).then((business.cast(pl.Float64) * h.u(24) * 0.3).cast(pl.Int64)).otherwise(0)
    homes = homes.with_columns(__transfer=transfer, __property=prop, __business=business, __cost=cost).with_columns(
        __wage=pl.max_horizontal(
            pl.lit(0), net - pl.col("__transfer") - pl.col("__property") - pl.col("__business") + pl.col("__cost")
        )
    )
    month = _month
    household_columns: dict[str, pl.Expr] = {
        "县": pl.lit("元谋县"),
        "乡": pl.col("__town").replace_strict(dict(enumerate(_TOWNS)), return_dtype=pl.String),
        "村": pl.col("__village").replace_strict(dict(enumerate(_VILLAGES)), return_dtype=pl.String),
        "户编号": pl.concat_str([pl.lit(EXPORT_REGION), pl.col("__h").cast(pl.String).str.zfill(10)]),
        "户类型": pl.col("__kind"),
        "监测对象类别": pl.when(pl.col("__kind") == "监测户")
        .then(h.choice(30, ["脱贫不稳定户", "边缘易致贫户"]))
        .when(monitored)
        .then(pl.when(pl.col("__kind") == "脱贫户").then(pl.lit("脱贫不稳定户")).otherwise(pl.lit("边缘易致贫户")))
        .otherwise(pl.lit("")),
        "户联系电话": pl.concat_str([pl.lit("1380000"), h.integer(31, 0, 9999).cast(pl.String).str.zfill(4)]),
        "信息采集人": _name(h, 32),
        "信息采集人联系电话": pl.concat_str([pl.lit("1380000"), h.integer(35, 0, 9999).cast(pl.String).str.zfill(4)]),
        "是否危房户": _blank(yes(h.chance(36, 0.05)), h.chance(37, 0.05)),
        "是否解决安全饮用水": _blank(yes(h.chance(38, 0.96)), h.chance(39, 0.05)),
        "是否有卫生厕所": yes(h.chance(40, 0.8)),
        "是否通生活用电": pl.lit("是"),
        "入户道路是否硬化": yes(h.chance(41, 0.9)),
        "住房面积": _tenths(h.integer(42, 400, 2400)),
        "与村主干路距离": _tenths(h.integer(43, 0, 49)),
        "耕地面积（亩）": _tenths(h.integer(44, 0, 79)),
        "林地面积（亩）": _blank(_tenths(h.integer(45, 0, 99)), h.chance(46, 0.05)),
        "林果面积（亩）": _tenths(h.integer(62, 0, 30)),
        "牧草地面积": pl.lit("0"),
        "退耕还林面积（亩）": _tenths(h.integer(14, 0, 20)),
        "水面面积": pl.when(h.chance(15, 0.01)).then(_tenths(h.integer(16, 1, 2000))).otherwise(pl.lit("0")),
        **{
            c: pl.when(monitored & (pl.col("__risks") > i))
            .then(((h.integer(47, 0, 8) + i * 4) % 9).replace_strict(dict(enumerate(_RISKS)), return_dtype=pl.String))
            .otherwise(pl.lit(""))
            for i, c in enumerate(RISK_COLUMNS)
        },
        "识别监测时间": pl.when(monitored).then(month(pl.col("__identified"))).otherwise(pl.lit("")),
        "风险是否已消除": pl.when(monitored).then(yes(eliminated)).otherwise(pl.lit("")),
        "风险消除方式": pl.when(eliminated)
        .then(h.choice(48, ["帮扶消除", "帮扶消除", "自然消除"]))
        .otherwise(pl.lit("")),
        "消除监测时间": pl.when(eliminated).then(month(pl.col("__identified") + 12)).otherwise(pl.lit("")),
        "工资性收入": _money(pl.col("__wage"), whole(50)),
        "生产经营性收入": _money(pl.col("__business"), whole(51)),
        "财产性收入": _money(pl.col("__property"), whole(52)),
        "转移性收入": _money(pl.col("__transfer"), whole(53)),
        "生产经营性支出": _blank(_money(pl.col("__cost"), whole(54)), h.chance(55, 0.1)),
        "理赔收入": pl.when(h.chance(56, 0.9))
        .then(pl.lit("0"))
        .otherwise(_money(h.integer(57, 100_000, 2_000_000), pl.lit(True))),
        "合规自付支出": _blank(
            _money(
                pl.when(h.chance(63, 0.9)).then(h.integer(58, 0, 300_000)).otherwise(h.integer(58, 0, 3_000_000)),
                whole(59),
            ),
            h.chance(60, 0.2),
        ),
        "实施开发式帮扶措施情况": pl.when(monitored)
        .then(h.choice(61, ["已实施", "已实施", "尚未实施"]))
        .otherwise(pl.lit("")),
    }
    total = pl.col("__wage") + pl.col("__business") - pl.col("__cost") + pl.col("__property") + pl.col("__transfer")
    homes = homes.with_columns(**household_columns).with_columns(
        _money(total, pl.lit(False)).alias("年收入（元）"),
        pl.col("风险是否已消除").alias("风险是否已消除0"),
    )
    # The household's answers when its risk was eliminated (empty until then), as the export records
    # them: its incomes and spending then, as now.
    then = {c: f"风险消除后{c}" for c in ("工资性收入", "生产经营性收入", "财产性收入", "转移性收入", "生产经营性支出")}
    after: dict[str, pl.Expr] = {
        **{name: pl.col(now) for now, name in then.items()},
        "风险消除后年收入（元）": pl.col("年收入（元）"),
        "风险消除后家庭纯收入": pl.col("年收入（元）"),
        "风险消除后家庭人均纯收入": _money(total // pl.col("__size"), pl.lit(False)),
        "风险消除后理赔收入": pl.lit("0"),
        "风险消除后合规自付支出": pl.col("合规自付支出"),
        **{c: pl.lit("否") for c in ("风险消除后是否住房损毁", "风险消除后是否饮水设施损毁")},
        "风险消除后是否义务教育阶段适龄儿童少年失学辍学": pl.lit("否"),
    }
    homes = homes.with_columns(
        **{name: pl.when(eliminated).then(value).otherwise(pl.lit("")) for name, value in after.items()}
    )
    # One row per member: the head first, then the spouse, children, parents or grandchildren.
    people = homes.with_columns(__k=pl.int_ranges(0, pl.col("__size"))).explode("__k")
    m = _Draws(pl.col("__h") * 8 + pl.col("__k"), seed + 1, "__m", 48)
    people = people.with_columns(**m.columns())
    head_age = pl.col("__head_age")
    k = pl.col("__k")
    relation = (
        pl.when(k == 0)
        .then(pl.lit("户主"))
        .when((k == 1) & (head_age < 75))
        .then(pl.lit("配偶"))
        .when((head_age >= 60) & (k >= 2))
        .then(m.choice(1, ["之孙子", "之孙女", "之外孙子"]))
        .when((head_age < 45) & (k == 2) & m.chance(2, 0.5))
        .then(m.choice(3, ["之父", "之母"]))
        .otherwise(m.choice(4, ["之子", "之女"]))
    )
    people = people.with_columns(__relation=relation)
    rel = pl.col("__relation")
    age = (
        pl.when(rel == "户主")
        .then(head_age)
        .when(rel == "配偶")
        .then(pl.max_horizontal(pl.lit(20), head_age + m.integer(5, -5, 3)))
        .when(rel.is_in(["之孙子", "之孙女", "之外孙子"]))
        .then(m.integer(6, 3, 16))
        .when(rel.is_in(["之父", "之母"]))
        .then(head_age + m.integer(7, 22, 30))
        .otherwise(pl.max_horizontal(pl.lit(1), head_age - m.integer(8, 22, 34)))
    )
    head_female = h.chance(13, 0.15)  # the spouse is of the other sex
    female = rel.is_in(["之女", "之孙女", "之母"]) | ((rel == "配偶") & ~head_female) | ((rel == "户主") & head_female)
    people = people.with_columns(__age=age, __female=female, __disabled=m.chance(10, 0.05), __health_u=m.u(11))
    a = pl.col("__age")
    health = (
        pl.when(pl.col("__disabled"))
        .then(pl.lit("残疾"))
        .when(pl.col("__health_u") < 0.8)
        .then(pl.lit("健康"))
        .when(pl.col("__health_u") < 0.94)
        .then(pl.lit("长期慢性病"))
        .otherwise(pl.lit("患有大病"))
    )
    school = (
        pl.when(a < 6)
        .then(m.choice(17, ["学龄前儿童", "学前教育"]))
        .when(a < 12)
        .then(pl.lit("小学"))
        .when(a < 15)
        .then(
            (a - 12).replace_strict({0: "七年级", 1: "八年级", 2: "九年级"}, default="九年级", return_dtype=pl.String)
        )
        .when(a < 18)
        .then(m.choice(18, ["普通高中一年级", "普通高中二年级", "中职一年级", "中职二年级"]))
        .when((a < 22) & m.chance(19, 0.3))
        .then(m.choice(20, ["本科", "高职高专一年级"]))
        .otherwise(pl.lit(""))
    )
    labour = (
        pl.when(m.chance(12, 0.03))
        .then(pl.lit(""))
        .when((a < 16) | ((a < 22) & (school != "")))
        .then(pl.lit("无劳动力"))
        .when(pl.col("__disabled") | (pl.col("__health_u") >= 0.94))
        .then(m.choice(13, ["丧失劳动力", "弱劳动力或半劳动力"]))
        .when(a >= 70)
        .then(m.choice(14, ["丧失劳动力", "无劳动力"]))
        .when(a >= 60)
        .then(m.choice(15, ["弱劳动力或半劳动力", "半劳动力"]))
        .when(pl.col("__health_u") < 0.8)
        .then(m.choice(16, _LABOUR[:2], (75, 25)))
        .otherwise(m.choice(16, _LABOUR, (50, 10, 20, 10, 10)))
    )
    dropout_child = (a >= 6) & (a < 16) & m.chance(21, 0.01)
    birth = _birth(m, 22, a)
    number = _id_number(pl.lit(EXPORT_REGION), birth, m.integer(25, 0, 499) * 2 + (~pl.col("__female")).cast(pl.Int64))
    resident = m.chance(26, 0.95)
    offered = list(_OFFERS)
    member_columns: dict[str, pl.Expr] = {
        "人编号": pl.concat_str([pl.col("户编号"), (k + 1).cast(pl.String).str.zfill(2)]),
        "姓名": _name(m, 27),
        # a disabled member's document is the disability card: the ID number, category and grade
        "证件类型": pl.when(pl.col("__disabled")).then(pl.lit("残疾人证")).otherwise(pl.lit("居民身份证")),
        "证件号码": pl.when(pl.col("__disabled"))
        .then(pl.concat_str([number, m.choice(43, list("14556")), m.choice(44, list("1234"))]))
        .otherwise(number),
        "性别": pl.when(pl.col("__female")).then(pl.lit("2")).otherwise(pl.lit("1")),
        "民族": m.choice(30, ["汉族", "彝族", "傈僳族", "苗族"], (60, 25, 10, 5)),
        "出生日期": _blank(birth, m.chance(31, 0.05)),
        "与户主关系": rel,
        "家庭成员联系电话": pl.when((a >= 18) & (a < 70))
        .then(pl.concat_str([pl.lit("1380000"), m.integer(32, 0, 9999).cast(pl.String).str.zfill(4)]))
        .otherwise(pl.lit("")),
        "文化程度": pl.when((a < 6) | (school != ""))
        .then(pl.lit(""))
        .when(a < 18)
        .then(pl.lit("小学"))
        .otherwise(m.choice(33, ["文盲或半文盲", "小学", "初中", "高中", "大专"], (10, 35, 35, 15, 5))),
        "在校生状况": pl.when(dropout_child).then(pl.lit("")).otherwise(school),
        "义务教育阶段未上学原因": pl.when(dropout_child).then(pl.lit("厌学")).otherwise(pl.lit("")),
        "是否义务教育阶段适龄儿童少年失学辍学": pl.when(dropout_child)
        .then(pl.lit("是"))
        .when(m.chance(34, 0.04))
        .then(pl.lit(""))
        .otherwise(pl.lit("否")),
        "健康状况": health,
        "劳动技能": labour,
        "务工所在地": pl.when(labour.is_in(_LABOUR[:2]) & m.chance(35, 0.5))
        .then(m.choice(36, ["云南省楚雄彝族自治州元谋县", "云南省昆明市官渡区", "广东省深圳市宝安区"]))
        .otherwise(pl.lit("")),
        "是否参加城乡居民基本医疗保险": _blank(yes(resident), m.chance(37, 0.02)),
        "是否参加城镇职工基本医疗保险": yes(~resident & m.chance(38, 0.6)),
        "是否参加大病保险": yes(m.chance(42, 0.98)),
        "是否参加城乡居民基本养老保险": yes((a >= 16) & m.chance(39, 0.85)),
        "是否参加城镇职工基本养老保险": yes(~resident & m.chance(45, 0.3)),
        # the employment channel is recorded for some relocated households' migrant workers
        "就业渠道（易地搬迁后扶使用）": pl.when(labour.is_in(_LABOUR[:2]) & m.chance(46, 0.02))
        .then(m.choice(47, ["省外务工", "县内务工", "省内县外务工"]))
        .otherwise(pl.lit("")),
        "是否接受医疗救助": yes(health == "患有大病"),
        "享受低保政策情况": pl.lit("未享受"),
        "享受特困供养政策情况": m.choice(40, ["不享受", "不享受", ""]),
        # a measure on one member row of a monitored household (the household has it if any row has)
        **{
            c: pl.when(
                monitored
                & (k == (m.integer(41, 0, 5) % pl.col("__size")))
                & (h.integer(60 + i, 0, 3) < pl.col("__measures"))
            )
            .then(pl.lit(_OFFERS[c]))
            .otherwise(pl.lit(""))
            for i, c in enumerate(offered)
        },
    }
    people = people.with_columns(**member_columns)
    # The household's own answer on insurance, as the export records it: a member with neither insurance.
    uninsured = (
        ((pl.col("是否参加城乡居民基本医疗保险") == "否") & (pl.col("是否参加城镇职工基本医疗保险") == "否"))
        .any()
        .over("__h")
    )
    no_labour = pl.col("劳动技能").is_in(["丧失劳动力", "无劳动力"]).all().over("__h")
    people = people.with_columns(
        _blank(yes(uninsured), h.chance(70, 0.1)).alias("是否有家庭成员未参加城乡居民（职工）基本医疗保险"),
        _blank(yes(no_labour), h.chance(71, 0.15)).alias("整户无劳动能力兜底保障户"),
        pl.when(eliminated)
        .then(yes(uninsured))
        .otherwise(pl.lit(""))
        .alias("风险消除后是否有家庭成员未参加城乡居民（职工）基本医疗保险"),
    )
    present = set(people.columns)
    return people.select([pl.col(c) if c in present else pl.lit("").alias(c) for c in EXPORT_COLUMNS]).with_columns(
        pl.all().cast(pl.String).fill_null("")
    )


# ---- files -------------------------------------------------------------------------------------


def write_household_csv(path: str | Path, rows: int, seed: int = 2025, piece: int = 1_000_000) -> Path:
    """A household table of ``rows`` rows as UTF-8 CSV, generated ``piece`` rows at a time."""
    path = Path(path)
    with path.open("wb") as out:
        for start in range(0, max(rows, 1), piece):
            count = min(piece, rows - start)
            household_table(count, seed, first=start).write_csv(out, include_header=start == 0)
    return path


def write_person_export_csv(path: str | Path, households: int, seed: int = 2025, piece: int = 300_000) -> Path:
    """A person-level export of ``households`` households as UTF-8 CSV (two title lines, the header on
    line 3, as the national system writes it), generated ``piece`` households at a time."""
    path = Path(path)
    with path.open("w", encoding="utf-8", newline="") as text:
        writer = csv.writer(text, lineterminator="\n")
        writer.writerows([t] for t in EXPORT_TITLES)
        writer.writerow(EXPORT_COLUMNS)
    with path.open("ab") as out:
        for start in range(0, households, piece):
            person_export(min(piece, households - start), seed, first=start).write_csv(out, include_header=False)
    return path


def sorted_by_relationship(source: str | Path, target: str | Path) -> Path:
    """The export ``source`` (written by :func:`write_person_export_csv`: one record a line) written to ``target``
    with its member rows sorted by 与户主关系 as a clerk sorts a sheet — every 户主 first, the others by their text,
    each kind in the file's order — so that each household's rows are far apart."""
    text = Path(source).read_bytes().splitlines(keepends=True)
    column = next(csv.reader([text[2].decode("utf-8-sig")])).index("与户主关系")

    def relationship(record: bytes) -> tuple[bool, str]:
        cell = next(csv.reader([record.decode("utf-8")]))[column]
        return cell != "户主", cell

    Path(target).write_bytes(b"".join([*text[:3], *sorted(text[3:], key=relationship)]))
    return Path(target)
