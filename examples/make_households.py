"""Generate the synthetic example households for fanpin (one row per household).

Usage::

    python examples/make_households.py                      # 320 rows, seed 20251, into examples/data/
    python examples/make_households.py --rows 1000 --seed 7 --out-dir /tmp/households

Writes ``households.csv`` (UTF-8, no BOM; the Chinese headers of the README's input columns, in that order, plus
a free-text pass-through column ``备注``) and ``households-gbk.csv`` (byte for byte the same text in GBK).
All data is synthetic and fully determined by ``--seed``: ``李某华``-style names, made-up ID numbers with
a valid GB 11643 check character (a few deliberately malformed or empty), 12-digit Yunnan village codes
(mostly 元谋县 532328), per-capita incomes spread around the Yunnan 2025 line of 8700 元, and a few rows
built precisely (an exact 30 % income drop, spending spikes, medical bills >= 50000 元, a wrong 人均纯收入).
Exactly six rows, never among the first ten, carry one validation problem each; the summary printed to
stdout lists them by 1-based data row number (header = line 1, data row n = line n+1). The examples are
scored at 2025-06-30: no 识别监测时间 or 消除监测时间 is after June 2025 (an elimination comes the months
drawn after its identification, which is moved earlier where needed), and the heads were born by 2000; only
a loan's 贷款到期日 may be later. Stdlib only.
"""

import argparse
import csv
import io
import os
import random
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path

RISK_COLUMNS = [f"致贫/返贫风险{i}" for i in range(1, 6)]
COLUMNS: list[str] = [
    "户编号",
    "行政区划代码",
    "户类型",
    "家庭人口数",
    "户主证件号码",
    "户主姓名",
    "劳动力人数",
    "整户无劳动能力兜底保障户",
    "工资性收入",
    "公益岗位收入",
    "生产经营性收入",
    "生产经营性支出",
    "财产性收入",
    "资产收益分红",
    "转移性收入",
    "保障性转移收入",
    "人均纯收入（元）",
    "上年人均纯收入",
    "合规自付支出",
    "教育支出",
    "因灾因意外支出",
    "上年刚性支出",
    "住房出现安全问题",
    "义务教育阶段适龄儿童少年失学辍学",
    "饮水出现安全问题",
    "有家庭成员未参加基本医保",
    "大病重病人数",
    "重度残疾人数",
    "公益岗位聘用月数",
    "监测对象类别",
    "识别监测时间",
    "风险是否已消除",
    "风险消除方式",
    "消除监测时间",
    *RISK_COLUMNS,
    "已落实帮扶措施",
    "有产业发展意愿",
    "到户产业帮扶类型",
    "有贷款意愿",
    "小额信贷余额",
    "贷款用途",
    "贷款到期日",
    "贷款是否逾期",
    "易地扶贫搬迁户",
    "在迁出地从事种养业",
    "备注",
]
GUARANTEES = (
    "住房出现安全问题",
    "义务教育阶段适龄儿童少年失学辍学",
    "饮水出现安全问题",
    "有家庭成员未参加基本医保",
)
# Amounts in cents (分): monitoring line L, deep-low line, 1.2 L and 2 L (Yunnan 2025).
LINE, DEEP, NEAR, FAR = 870_000, 500_000, 1_044_000, 1_740_000
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
BOOL_STYLES = (("是", "否"), ("Y", "N"), ("1", "0"), ("true", "false"))
OTHER_COUNTIES = ("532301", "532322", "532325", "532326", "532327", "532331", "530124", "530128", "530129")
YUANMOU_TOWNS = ("100", "101", "102", "200", "201", "202", "203", "204", "205")
SURNAMES, GIVEN = "李王张刘陈杨赵黄周吴罗普起苏何", "华明芳兰福贵秀英国文荣春海云"
RISKS = (
    "因病",
    "因学",
    "因残",
    "因自然灾害",
    "因意外事故",
    "因产业项目失败",
    "因务工就业不稳",
    "缺劳动力",
    "其他",
)
DEV_MEASURES = (
    "产业帮扶",
    "就业帮扶",
    "金融帮扶",
    "公益岗位",
    "健康帮扶",
    "教育帮扶",
    "消费帮扶",
    "搬迁后续扶持",
)
WELFARE_MEASURES = ("低保", "特困供养", "临时救助", "健康帮扶", "住房安全")
PRODUCTIVE = ("种植", "养殖", "加工", "经营", "务工")
NON_PRODUCTIVE = ("建房", "治病", "生活", "婚嫁", "消费", "入股分红")
REMARKS = ("户主常年外出务工", "已入户核实", "2024年新识别", "子女在外地上学", '村委会："继续观察", 待复核')
# size, wage, business, business cost, property, transfer, previous per-capita (元): exactly a 30 % drop.
EXACT_DROPS = ((2, 10_000, 2_000, 0, 500, 1_500, 10_000), (3, 30_000, 8_000, 2_000, 1_000, 5_000, 20_000))
# The six invalid rows: role -> (column, value, reason).
INVALID = {
    "bad:neg": ("工资性收入", "-500", "negative income"),
    "bad:size": ("家庭人口数", "0", "household size 0"),
    "bad:money": ("财产性收入", "12,3a", "not a number"),
    "bad:category": ("监测对象类别", "低收入户", "unknown 监测对象类别 value"),
    "bad:bool": ("住房出现安全问题", "也许", "not a yes/no value"),
    "bad:month": ("识别监测时间", "2023-13", "not a YYYYMM month"),
}
#: The last month a household's monitoring months may fall in: June 2025, the month of the date the examples are
#: scored at (``--as-of 2025-06-30``), so no month of the file is after it (months are counted year * 12 + month - 1).
LAST_MONTH = 2025 * 12 + 5
ROLE_COUNTS = {"pc_wrong": 4, "id_bad": 3, "id_empty": 4, "no_region": 5, "spike": 4, "medical": 3}
MIN_ROWS = 60


def money(cents: int) -> str:
    """Format cents as a plain number of 元 with 0 to 2 decimals: 123400 → '1234', 123450 → '1234.5'."""
    sign, (yuan, fen) = ("-" if cents < 0 else ""), divmod(abs(cents), 100)
    if fen == 0:
        return f"{sign}{yuan}"
    return f"{sign}{yuan}.{fen // 10}" if fen % 10 == 0 else f"{sign}{yuan}.{fen:02d}"


def per_capita(net: int, size: int) -> int:
    """Net household income ÷ size, rounded half-up to whole cents."""
    return (2 * net + size) // (2 * size)


def id_check_char(body: str) -> str:
    """GB 11643 check character for the first 17 characters of an ID number."""
    return "10X98765432"[sum(int(c) * w for c, w in zip(body, ID_WEIGHTS, strict=True)) % 11]


def band(pc: int) -> str:
    """Income band (rules/README.md, "Classification") of a per-capita amount in cents."""
    if pc < LINE:
        return "below_line"
    return "near_line" if pc < NEAR else "above_line" if pc < FAR else "far_above"


def _grain(rng: random.Random, cents: float) -> int:
    """Round to 100 元, 1 元, 0.1 元 or 0.01 元 so money cells carry 0 to 2 decimals."""
    step = rng.choices((10_000, 100, 10, 1), weights=(25, 55, 10, 10))[0]
    return max(0, round(cents / step) * step)


def _flag(rng: random.Random, style: tuple[str, str], value: bool, empty: float = 0.08) -> str:
    return "" if rng.random() < empty else style[0 if value else 1]


def _maybe(rng: random.Random, value: str, filled: float) -> str:
    return value if rng.random() < filled else ""


def _month(index: int) -> str:
    return f"{index // 12}{index % 12 + 1:02d}"


def _target_pc(rng: random.Random) -> float:
    """A target per-capita income in 元: ~7 % < 5000, ~14 % 5000-8700, ~10 % near the line, rest above."""
    r = rng.random()
    for upper, bounds in (
        (0.07, (1_200, 5_000)),
        (0.21, (5_000, 8_700)),
        (0.31, (8_700, 10_440)),
        (0.92, (10_440, 17_400)),
    ):
        if r < upper:
            return rng.uniform(*bounds)
    return rng.uniform(17_400, 42_000)


def _income(rng: random.Random, row: dict[str, str], size: int, labour: int, role: str, moved: bool) -> int:
    """Fill the income columns; return the computed per-capita net income in cents."""
    pj = months = 0
    if role.startswith("drop"):
        _, *parts, prev = EXACT_DROPS[int(role[-1])]
        wage, business, cost, prop, transfer = (x * 100 for x in parts)
    else:
        net = _target_pc(rng) * size * 100
        t, p = (
            (rng.uniform(0.55, 0.9), rng.uniform(0, 0.08))
            if labour == 0
            else (rng.uniform(0.03, 0.4), rng.uniform(0, 0.08))
        )
        b = 1 - t - p if labour == 0 else rng.uniform(0.05, 0.45)
        transfer, prop, bnet = _grain(rng, net * t), _grain(rng, net * p), _grain(rng, net * b)
        cost = _grain(rng, bnet * rng.uniform(0.1, 0.6)) if rng.random() < 0.85 else 0
        business = bnet + cost
        wage = 0 if labour == 0 else _grain(rng, max(0.0, net - transfer - prop - bnet))
        if labour > 0 and (rng.random() < 0.18 or moved):
            months, rate = rng.randint(3, 12), rng.choice((500, 600, 800))
            pj = min(months * rate * 100, wage)
            if moved and rng.random() < 0.5:  # the only wage is the public-welfare job
                wage = pj = months * rate * 100
    net_income = wage + business - cost + prop + transfer
    pc = per_capita(net_income, size)
    dividend = min(prop, rng.choice((100, 200, 300, 500)) * 100) if rng.random() < 0.35 else 0
    assist = (
        min(transfer, _grain(rng, transfer * rng.uniform(0.3, 0.95))) if (labour == 0 or rng.random() < 0.35) else 0
    )
    zero = rng.choice(("0", ""))
    row.update(
        {
            "工资性收入": money(wage),
            "公益岗位收入": money(pj) if pj else zero,
            "公益岗位聘用月数": str(months) if pj else zero,
            "生产经营性收入": money(business),
            "生产经营性支出": money(cost) if cost else zero,
            "财产性收入": money(prop),
            "资产收益分红": money(dividend) if dividend else zero,
            "转移性收入": money(transfer),
            "保障性转移收入": money(assist) if assist else zero,
            "人均纯收入（元）": money(pc) if role.startswith("drop") else _maybe(rng, money(pc), 0.7),
        }
    )
    if role == "pc_wrong":
        sign = 1 if pc < 300_000 else rng.choice((-1, 1))  # off by 150 to 2500 元, never negative
        row["人均纯收入（元）"] = money(pc + sign * rng.randint(150, 2500) * 100)
    if role.startswith("drop"):
        row["上年人均纯收入"] = money(prev * 100)
    elif rng.random() < 0.7:
        r = rng.random()
        factor = 1 / rng.uniform(0.35, 0.69) if r < 0.14 else rng.uniform(0.8, 1.15)  # some drops >= 30 %
        prev_pc = 0 if r < 0.05 else _grain(rng, pc * factor)
        row["上年人均纯收入"] = money(prev_pc)
    return pc


def _spending(rng: random.Random, row: dict[str, str], size: int, role: str) -> int:
    """Fill the rigid-spending columns; return the medical out-of-pocket amount in cents (0 if unknown)."""
    prev_rigid = _grain(rng, rng.uniform(800, 4000) * 100) if role == "spike" else None
    if role == "medical":
        medical: int | None = _grain(rng, rng.uniform(50_000, 130_000) * 100)
    elif prev_rigid is not None:
        medical = 2 * prev_rigid + _grain(rng, rng.uniform(10_000, 25_000) * 100)
    elif rng.random() < 0.8:
        r = rng.random()
        medical = 0 if r < 0.35 else _grain(rng, rng.uniform(100, 9_000 if r < 0.95 else 30_000) * 100)
    else:
        medical = None
    study = size >= 3 and rng.random() < 0.45
    education = _grain(rng, rng.uniform(500, 6_000) * 100) if study else 0
    disaster = _grain(rng, rng.uniform(1_000, 25_000) * 100) if rng.random() < 0.06 else 0
    row["合规自付支出"] = "" if medical is None else money(medical)
    row["教育支出"] = _maybe(rng, money(education), 0.75)
    row["因灾因意外支出"] = _maybe(rng, money(disaster), 0.7)
    if prev_rigid is None and rng.random() < 0.65:
        now = (medical or 0) + education + disaster
        prev_rigid = _grain(rng, now * rng.uniform(0.5, 1.5) if now else rng.uniform(0, 5_000) * 100)
    row["上年刚性支出"] = "" if prev_rigid is None else money(prev_rigid)
    return medical or 0


def _household(rng: random.Random, n: int, role: str, stats: Counter[str]) -> tuple[dict[str, str], int]:
    """One household row (all columns as text) and its computed per-capita income in cents."""
    row = dict.fromkeys(COLUMNS, "")
    style = rng.choices(BOOL_STYLES, weights=(70, 10, 10, 10))[0]
    size = (
        EXACT_DROPS[int(role[-1])][0]
        if role.startswith("drop")
        else rng.choices(range(1, 8), weights=(8, 14, 18, 24, 18, 11, 7))[0]
    )
    labour = 0 if rng.random() < (0.18 if size <= 2 else 0.04) else rng.randint(1, min(size, 4))
    labour = max(labour, 1) if role.startswith("drop") else labour
    htype = rng.choices(("脱贫户", "一般农户", "一般户"), weights=(60, 35, 5))[0]
    county = "532328" if rng.random() < 0.8 else rng.choice(OTHER_COUNTIES)
    town = rng.choice(YUANMOU_TOWNS if county == "532328" else YUANMOU_TOWNS[:5])
    born = date(1940, 1, 1) + timedelta(days=rng.randrange((date(2000, 12, 31) - date(1940, 1, 1)).days + 1))
    body = f"{county if county.startswith('5323') else '532328'}{born:%Y%m%d}{rng.randrange(1000):03d}"
    id_number = body + id_check_char(body)
    if role == "id_bad":
        wrong = rng.choice([c for c in "0123456789X" if c != id_number[-1]])
        id_number = body if stats["id_bad"] == 1 else body + wrong
    stats[role] += 1
    relocated = rng.random() < 0.08
    row.update(
        {
            "户编号": f"H532328{n:04d}",
            "行政区划代码": "" if role == "no_region" else f"{county}{town}{rng.randint(201, 215)}",
            "户类型": htype,
            "家庭人口数": str(size),
            "户主证件号码": "" if role == "id_empty" else id_number,
            "户主姓名": rng.choice(SURNAMES) + "某" + (rng.choice(GIVEN) if rng.random() < 0.7 else ""),
            "劳动力人数": _maybe(rng, str(labour), 0.95),
            "整户无劳动能力兜底保障户": (
                _flag(rng, style, rng.random() < 0.85, 0.05) if labour == 0 else _flag(rng, style, False)
            ),
        }
    )
    pc = _income(rng, row, size, labour, role, relocated)
    medical = _spending(rng, row, size, role)
    for column, chance in zip(GUARANTEES, (0.04, 0.03 if size >= 3 else 0.0, 0.04, 0.05), strict=True):
        problem = rng.random() < chance
        stats[column] += problem
        row[column] = _flag(rng, style, problem, 0.0 if problem else 0.1)
    row["大病重病人数"] = (
        str(rng.randint(1, 2)) if role == "medical" else _maybe(rng, rng.choices("012", weights=(90, 9, 1))[0], 0.89)
    )
    row["重度残疾人数"] = _maybe(rng, "1" if rng.random() < 0.07 else "0", 0.88)
    # Monitoring: likelier the lower the income.
    chance = 0.38 if pc < LINE else 0.18 if pc < NEAR else 0.05
    if role == "bad:month" or rng.random() < chance:
        stats["monitored"] += 1
        by_type = "脱贫不稳定户" if htype == "脱贫户" else "边缘易致贫户"
        row["监测对象类别"] = by_type if pc < LINE or rng.random() < 0.35 else "突发严重困难户"
        identified = min(rng.randint(2022 * 12, 2025 * 12 + 7), LAST_MONTH)
        eliminated = rng.random() < 0.3
        row["风险是否已消除"] = _flag(rng, style, eliminated, 0.05)
        if eliminated:
            row["风险消除方式"] = "帮扶消除" if rng.random() < 0.8 else "自然消除"
            monitored_for = rng.randint(3, 30)  # months from identification to elimination
            identified = min(identified, LAST_MONTH - monitored_for)  # identified earlier, eliminated by LAST_MONTH
            row["消除监测时间"] = _month(identified + monitored_for)
        row["识别监测时间"] = _month(identified)
        first = ["因病"] if medical >= 5_000_000 else ["缺劳动力"] if labour == 0 else []
        extra = rng.choice((1, 1, 2, 2, 3, 5)) - len(first)
        pool = [r for r in RISKS if r not in first and (r != "缺劳动力" or labour <= 1)]
        risks = first + rng.sample(pool, extra)
        row.update(zip(RISK_COLUMNS, risks, strict=False))
        if rng.random() < 0.85:
            measures = WELFARE_MEASURES if labour == 0 else DEV_MEASURES
            row["已落实帮扶措施"] = ";".join(rng.sample(measures, rng.randint(1, 3)))
    elif htype == "脱贫户" and rng.random() < 0.3:
        row["已落实帮扶措施"] = ";".join(rng.sample(DEV_MEASURES, rng.randint(1, 2)))
    has_loan = labour > 0 and rng.random() < 0.22
    row.update(
        {
            "有产业发展意愿": _flag(rng, style, labour > 0 and rng.random() < 0.4),
            "到户产业帮扶类型": rng.choices(("到户产业", "资产收益", "无", ""), weights=(35, 25, 30, 10))[0],
            "有贷款意愿": _flag(rng, style, labour > 0 and rng.random() < 0.25),
            "易地扶贫搬迁户": _flag(rng, style, relocated, 0.02 if relocated else 0.1),
            "在迁出地从事种养业": _flag(rng, style, relocated and rng.random() < 0.3, 0.05 if relocated else 0.1),
            "备注": rng.choice(REMARKS) if rng.random() < 0.12 else "",
        }
    )
    if has_loan:
        balance = rng.randint(5, 50) * 100_000  # whole thousands, or a partly repaid odd amount
        if rng.random() < 0.4:
            balance = _grain(rng, rng.uniform(3_000, 50_000) * 100)
        due = date(2025, 1, 1) + timedelta(days=rng.randrange(3 * 365))
        purpose = rng.choice(PRODUCTIVE) if rng.random() < 0.75 else rng.choice(NON_PRODUCTIVE)
        row.update(
            {
                "小额信贷余额": money(min(balance, 5_000_000)),
                "贷款用途": purpose,
                "贷款到期日": due.isoformat(),
            }
        )
        row["贷款是否逾期"] = _flag(rng, style, due < date(2025, 11, 1) and rng.random() < 0.3, 0.03)
    else:
        row.update({"小额信贷余额": rng.choice(("0", "")), "贷款是否逾期": _flag(rng, style, False, 0.15)})
    if role in INVALID:  # exactly one problem; blank what the broken value would make inconsistent
        column, value, _ = INVALID[role]
        blanks = {
            "bad:neg": ("公益岗位收入", "公益岗位聘用月数", "人均纯收入（元）"),
            "bad:size": ("劳动力人数", "整户无劳动能力兜底保障户", "人均纯收入（元）"),
            "bad:money": ("资产收益分红", "人均纯收入（元）"),
        }.get(role, ())
        row.update(dict.fromkeys(blanks, ""))
        row[column] = value
    return row, pc


def generate(
    rows: int,
    seed: int,
) -> tuple[list[dict[str, str]], dict[int, str], Counter[str], list[int | None]]:
    """Rows, role of each special row (1-based), counters, per-capita cents (None if invalid); rows >= 60."""
    rng = random.Random(seed)
    named = [*INVALID, "drop0", "drop1", *(role for role, k in ROLE_COUNTS.items() for _ in range(k))]
    roles = dict(zip(rng.sample(range(11, rows + 1), len(named)), named, strict=True))
    stats: Counter[str] = Counter()
    out: list[dict[str, str]] = []
    pcs: list[int | None] = []
    for n in range(1, rows + 1):
        row, pc = _household(rng, n, roles.get(n, ""), stats)
        out.append(row)
        pcs.append(None if roles.get(n, "").startswith("bad:") else pc)
    return out, roles, stats, pcs


def to_csv(rows: Sequence[dict[str, str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows([row[c] for c in COLUMNS] for row in rows)
    return buf.getvalue()


def _cannot_write(out_dir: Path, exc: OSError) -> str:
    """Why ``--out-dir`` cannot be written, and the fix: a file standing where a folder must be reads "File
    exists" or "Not a directory" in the system's words, which name no file of the user's."""
    if isinstance(exc, (FileExistsError, NotADirectoryError)):
        why = f"cannot write into {out_dir}: it, or a folder above it, is a file, not a folder"
    else:
        why = f"cannot write {exc.filename or out_dir}: {exc.strerror or exc}"
    return f"{why}. Fix: give --out-dir a folder you may write in (it is made if missing)"


def written(script: str, out_dir: Path, files: Mapping[str, bytes] | None = None) -> bool:
    """Whether ``out_dir`` is made (if missing) and ``files`` (name → bytes) written into it; if not, says why on
    standard error, as ``script`` (an example generator: this one and make_export.py)."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for name, data in (files or {}).items():
            (out_dir / name).write_bytes(data)
    except OSError as exc:
        print(f"{script}: error: {_cannot_write(out_dir, exc)}", file=sys.stderr)
        return False
    return True


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=320, help="households to write (default 320)")
    parser.add_argument("--seed", type=int, default=20251, help="random seed (default 20251)")
    parser.add_argument(
        "--out-dir",
        type=Path,
        default=Path(__file__).resolve().parent / "data",
        help="output folder (default: data/ beside this script)",
    )
    args = parser.parse_args(argv)
    if args.rows < MIN_ROWS:
        parser.error(f"--rows must be at least {MIN_ROWS}")
    out_dir: Path = args.out_dir
    if not written("make_households", out_dir):  # before the households are drawn: a folder not made is told at once
        return 2
    rows, roles, stats, pcs = generate(args.rows, args.seed)
    text = to_csv(rows)
    bad = sorted(ch for ch in set(text) if ch != "?" and ch.encode("gbk", "replace") == b"?")
    assert not bad, f"characters not encodable in GBK: {bad}"
    gbk = text.encode("gbk")
    assert gbk.decode("gbk") == text
    if not written("make_households", out_dir, {"households.csv": text.encode("utf-8"), "households-gbk.csv": gbk}):
        return 2

    def where(prefix: str) -> str:
        return ", ".join(str(n) for n in sorted(roles) if roles[n].startswith(prefix))

    valid = [pc for pc in pcs if pc is not None]
    bands = Counter(band(pc) for pc in valid)
    prev = [row["上年人均纯收入"] for row in rows if row["上年人均纯收入"]]
    print(f"wrote {len(rows)} households (seed {args.seed}): {out_dir}/households.csv, households-gbk.csv")
    print(
        f"per-capita bands of the {len(valid)} valid rows (L = 8700): "
        + ", ".join(f"{b} {bands[b]}" for b in ("below_line", "near_line", "above_line", "far_above"))
        + f"; below 5000: {sum(pc < DEEP for pc in valid)}"
    )
    filled = sum(bool(r["人均纯收入（元）"]) for r in rows)
    print(f"人均纯收入（元） filled {filled}; inconsistent on rows {where('pc_wrong')}")
    print(f"上年人均纯收入 filled {len(prev)} (zero {prev.count('0')}); exact 30 % drop on {where('drop')}")
    print(f"monitored {stats['monitored']}; guarantee problems: " + ", ".join(f"{g} {stats[g]}" for g in GUARANTEES))
    print(f"rigid spikes on rows {where('spike')}; medical >= 50000 on rows {where('medical')}")
    print(
        f"empty 行政区划代码 on rows {where('no_region')}; malformed ID on rows {where('id_bad')}; "
        f"empty ID on rows {where('id_empty')}"
    )
    print("invalid rows (1-based data rows; file line = row + 1):")
    for n in sorted(n for n in roles if roles[n] in INVALID):
        column, value, reason = INVALID[roles[n]]
        print(f"  row {n}: {column} = {value!r} ({reason})")
    return 0


if __name__ == "__main__":
    try:
        code = main()
        sys.stdout.flush()  # what is still buffered is written here, inside the try
    except BrokenPipeError:  # the output's reader went away (`… | head`): stop quietly, as `fanpin` does
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more goes to the closed pipe
        code = 141
    sys.exit(code)
