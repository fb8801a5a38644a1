"""Hypothesis strategies for rule authors and for fanpin's own property tests.

Strategies are plural nouns with keyword-only bounds, as in hypothesis itself; impossible bounds raise
``hypothesis.errors.InvalidArgument``. Values cluster around thresholds on purpose: incomes near the
monitoring line (one fen either side and exactly on it), zero previous values, and unknown cells. Now
and then a household's income is a fen or a few from last year's (either way round, one of the two a
round figure, so that the change is a ratio such as 1e-06 or -5e-05), and its amounts are 0, one fen
or huge, up to the largest the household model accepts.

>>> from hypothesis import given
>>> from fanpin.testing import households
>>> @given(households())
... def test_size_is_positive(h):
...     assert h.size >= 1
>>> test_size_is_positive()
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_DOWN, Decimal
from typing import Any

try:
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError("fanpin.testing needs hypothesis: pip install 'fanpin[test]'") from exc

from fanpin.model.household import Household
from fanpin.model.values import MAX_MONEY

__all__ = [
    "household_records",
    "households",
    "households_with_members",
    "member_records",
    "money_amounts",
    "yes_no_cells",
]

FEN = Decimal("0.01")
#: The largest amount of money the household model accepts (it refuses MAX_MONEY itself).
LARGEST_MONEY = MAX_MONEY - FEN


def money_amounts(
    *, min_value: Decimal | int = 0, max_value: Decimal | int = 200_000, near: tuple[Decimal | int, ...] = ()
) -> st.SearchStrategy[Decimal]:
    """Amounts in 元 with fen precision; with ``near``, also each value and one fen either side of it."""
    low, high = Decimal(min_value), Decimal(max_value)
    if low > high:
        raise InvalidArgument(f"min_value={low} is larger than max_value={high}")
    cents = st.integers(int(low * 100), int(high * 100)).map(lambda c: Decimal(c) / 100)
    edges = [Decimal(v) + d for v in near for d in (-FEN, Decimal(0), FEN) if low <= Decimal(v) + d <= high]
    return st.one_of(cents, st.sampled_from(edges)) if edges else cents


def yes_no_cells(*, allow_unknown: bool = True) -> st.SearchStrategy[str]:
    """Cells as exports write yes/no: 是/否, Y/N, 1/0, true/false, and empty (unknown)."""
    values = ["是", "否", "Y", "N", "1", "0", "true", "false"] + ([""] if allow_unknown else [])
    return st.sampled_from(values)


def _maybe(strategy: st.SearchStrategy[Any], unknown: bool) -> st.SearchStrategy[Any]:
    return st.one_of(st.just(""), strategy) if unknown else strategy


@st.composite
def household_records(
    draw: st.DrawFn,
    *,
    region: str = "532328",
    min_size: int = 1,
    max_size: int = 8,
    line: Decimal | int = 8700,
    chinese_headers: bool | None = None,
    allow_unknown: bool = True,
) -> dict[str, str]:
    """One household as a row of text cells, keyed by English names or Chinese headers.

    Per-capita income lands near ``line`` often enough to test both sides of it.
    """
    if not 1 <= min_size <= max_size:
        raise InvalidArgument(f"need 1 <= min_size <= max_size, got {min_size} and {max_size}")
    size = draw(st.integers(min_size, max_size))
    per_capita, previous, paired = draw(_incomes(Decimal(line), size))
    share = draw(st.sampled_from([Decimal(1), Decimal("0.5"), Decimal("0.8")]))
    total = per_capita * size
    wage = (total * share).quantize(FEN)
    record: dict[str, Any] = {
        "household_id": f"H{draw(st.integers(1, 10**9)):010d}",
        "region_code": region,
        "household_type": draw(st.sampled_from(["脱贫户", "一般农户", "一般户"])),
        "size": str(size),
        "wage_income": str(wage),
        "business_income": str(total - wage),
        "property_income": "0",
        "transfer_income": "0",
        "labor_count": draw(_maybe(st.integers(0, size).map(str), allow_unknown)),
        "no_labor_household": draw(yes_no_cells(allow_unknown=allow_unknown)),
        "prev_income_per_capita": draw(_maybe(st.just(previous), allow_unknown and not paired)),
        "medical_out_of_pocket": draw(_maybe(_amounts(max_value=80_000, near=(50_000,)), allow_unknown)),
        "education_expense": draw(_maybe(_amounts(max_value=20_000), allow_unknown)),
        "disaster_loss": draw(_maybe(_amounts(max_value=30_000), allow_unknown)),
        "prev_rigid_expense": draw(_maybe(_amounts(max_value=40_000, near=(0,)), allow_unknown)),
    }
    for flag in (
        "housing_unsafe",
        "dropout",
        "water_unsafe",
        "uninsured_member",
        "wants_industry",
        "wants_loan",
        "relocated",
        "farming_at_origin",
        "loan_overdue",
    ):
        record[flag] = draw(yes_no_cells(allow_unknown=allow_unknown))
    record |= _monitoring_cells(draw)
    record |= _support_cells(draw, wage, allow_unknown)
    record = {k: str(v) for k, v in record.items()}
    use_chinese = draw(st.booleans()) if chinese_headers is None else chinese_headers
    if use_chinese:
        titles = {name: field.title or name for name, field in Household.model_fields.items()}
        record = {titles[k]: v for k, v in record.items()}
    return record


def _monitoring_cells(draw: st.DrawFn) -> dict[str, str]:
    """监测对象类别 and, for a monitored household, when it was identified and whether (how, when) its risk
    was eliminated; then the measures in place."""
    category = draw(st.sampled_from(["", "", "脱贫不稳定户", "边缘易致贫户", "突发严重困难户"]))
    cells = {"monitoring_category": category}
    if category:
        identified = draw(st.integers(2022 * 12, 2025 * 12 + 5))
        eliminated = draw(st.sampled_from(["是", "否", ""]))
        cells["identified_month"] = f"{identified // 12}{identified % 12 + 1:02d}"
        cells["risk_eliminated"] = eliminated
        if eliminated == "是":
            cells["elimination_method"] = draw(st.sampled_from(["帮扶消除", "自然消除"]))
            later = identified + draw(st.integers(0, 18))
            cells["eliminated_month"] = f"{later // 12}{later % 12 + 1:02d}"
    cells["measures_in_place"] = draw(st.sampled_from(["", "产业帮扶", "公益岗位;健康帮扶"]))
    # Up to five risks, in any slots (an empty slot between filled ones happens in exports), the same
    # risk twice now and then.
    risks = st.sampled_from(["", "", "因病", "因学", "因残", "因自然灾害", "缺劳动力", "其他", "务工就业不稳"])
    for slot in range(1, 6):
        cells[f"risk_{slot}"] = draw(risks)
    return cells


def _support_cells(draw: st.DrawFn, wage: Decimal, allow_unknown: bool) -> dict[str, str | None]:
    """Illness, the public-welfare job, industry support and microcredit cells."""
    public_job = ["0", str(wage), str((wage * Decimal("0.8")).quantize(FEN))]
    due = st.dates(date(2024, 1, 1), date(2027, 12, 31)).map(str)
    return {
        "serious_illness_count": draw(_maybe(st.integers(0, 2).map(str), allow_unknown)),
        "public_job_income": draw(_maybe(st.sampled_from(public_job), allow_unknown)),
        "public_job_months": draw(_maybe(st.integers(0, 12).map(str), allow_unknown)),
        "industry_support": draw(_maybe(st.sampled_from(["到户产业", "资产收益", "无"]), allow_unknown)),
        "loan_balance": draw(_maybe(st.sampled_from(["0", "20000", "50000"]), allow_unknown)),
        "loan_purpose": draw(_maybe(st.sampled_from(["种植", "养殖", "建房", "治病", "生活"]), allow_unknown)),
        "loan_due": draw(_maybe(due, allow_unknown)),
    }


def households(
    *, region: str = "532328", min_size: int = 1, max_size: int = 8, allow_unknown: bool = True
) -> st.SearchStrategy[Household]:
    """Valid :class:`~fanpin.Household` values (built through the model, as a file row would be)."""
    return household_records(region=region, min_size=min_size, max_size=max_size, allow_unknown=allow_unknown).map(
        Household.model_validate
    )


# ---- amounts at the edges: near last year's, tiny, huge ----------------------------------------------------


def _round_amounts(high: Decimal) -> st.SearchStrategy[Decimal]:
    """Round figures up to ``high`` (at least 1 元): 1, 2 or 5 times a power of ten, and whole hundreds of
    元 up to 100 000 (6000, 10000)."""
    powers = st.sampled_from(
        [m * Decimal(10) ** k for k in range(13) for m in (1, 2, 5) if m * Decimal(10) ** k <= high]
    )
    hundreds = st.integers(1, min(1000, int(high // 100))).map(lambda n: Decimal(n * 100))
    return st.one_of(powers, powers, hundreds) if high >= 100 else powers


def _huge_amounts(high: Decimal) -> st.SearchStrategy[Decimal]:
    """Amounts up to ``high`` (at most the model's largest), weighted to the top: ``high`` itself, round
    figures, and any amount of fen."""
    return st.one_of(st.just(high), _round_amounts(high), money_amounts(max_value=high))


def _amounts(*, max_value: Decimal | int, near: tuple[Decimal | int, ...] = ()) -> st.SearchStrategy[Decimal]:
    """Mostly :func:`money_amounts` up to ``max_value``; now and then 0, one fen, or a huge amount."""
    usual = money_amounts(max_value=max_value, near=near)
    return st.one_of(usual, usual, usual, st.sampled_from([Decimal(0), FEN]), _huge_amounts(LARGEST_MONEY))


#: How this year's per-capita income is drawn (repeats weigh a kind; hypothesis shrinks to the first).
_KINDS = ("line", "line", "line", "line", "previous", "previous", "tiny", "huge")


@st.composite
def _incomes(draw: st.DrawFn, line: Decimal, size: int) -> tuple[Decimal, Decimal, bool]:
    """This year's per-capita income, last year's (both in 元), and whether last year's is kept known.

    Usually near the monitoring ``line``, last year's near 0 or 30% higher. Otherwise: a fen or a few
    from last year's, either way round and one of the two a round figure (9999.99 against 10000, 6000.30
    against 6000), and last year's is then always known; 0 or one fen; or huge, up to the largest
    per-capita income whose household total the model still accepts.
    """
    top = (LARGEST_MONEY / size).quantize(FEN, rounding=ROUND_DOWN)  # the household's total stays accepted
    kind = draw(st.sampled_from(_KINDS))
    if kind == "previous":
        steps = st.one_of(st.integers(0, 5), st.sampled_from([10, 30]))
        step = draw(steps) * FEN * draw(st.sampled_from([1, -1]))
        whole = draw(_round_amounts(top - 1))
        other = max(whole + step, Decimal(0))
        # Mostly last year's is the round figure: the change is then a round ratio, 1e-06 or -5e-05.
        return (other, whole, True) if draw(st.sampled_from([True, True, False])) else (whole, other, True)
    if kind == "tiny":
        tiny = draw(st.sampled_from([Decimal(0), FEN]))
        return tiny, draw(st.sampled_from([Decimal(0), FEN, Decimal(2) * FEN]) | _amounts(max_value=line * 3)), False
    if kind == "huge":
        huge = draw(_huge_amounts(top))
        near = [huge, max(huge - FEN, Decimal(0)), min(huge + FEN, LARGEST_MONEY), Decimal(0)]
        return huge, draw(st.sampled_from(near) | _huge_amounts(LARGEST_MONEY)), False
    per_capita = draw(money_amounts(max_value=line * 3, near=(line, line * Decimal("1.2"))))
    return per_capita, draw(money_amounts(max_value=line * 3, near=(0, per_capita / Decimal("0.7")))), False


@st.composite
def member_records(draw: st.DrawFn, *, household_id: str = "H1", as_of: date = date(2025, 6, 30)) -> dict[str, Any]:
    """One person row of the national export (Chinese headers, text cells as the export writes them):
    birth dates on and around birthdays that matter at ``as_of`` (6, 16, 60, 65), ID numbers valid,
    with a wrong check digit, without a real ID or missing, every vocabulary with unknown cells, and
    measure columns holding zero, one or several labels."""
    from fanpin.model.values import ID_CHECK, ID_WEIGHTS
    from fanpin.model.vocabulary import Dibao, Health, LabourSkill, Relation, Schooling

    def label(enum: Any) -> st.SearchStrategy[str | None]:
        return st.one_of(st.none(), st.sampled_from([m.label for m in enum]))

    ages = draw(st.sampled_from([0, 5, 6, 15, 16, 17, 59, 60, 64, 65, 66, 90]))
    shift = draw(st.sampled_from([-1, 0, 1]))  # a day before, on, after the birthday
    try:
        born = date(as_of.year - ages, as_of.month, as_of.day)
    except ValueError:  # 29 February
        born = date(as_of.year - ages, as_of.month, 28)
    born = date.fromordinal(born.toordinal() + shift)
    digits = f"532328{born:%Y%m%d}{draw(st.integers(0, 999)):03d}"
    id_kind = draw(st.sampled_from(["valid", "wrong digit", "no real id", "missing"]))
    check = ID_CHECK[sum(int(d) * w for d, w in zip(digits, ID_WEIGHTS, strict=True)) % 11]
    id_number = {
        "valid": digits + check,
        "wrong digit": digits + ("0" if check != "0" else "1"),
        "no real id": "999999" + digits[6:] + check,
        "missing": None,
    }[id_kind]
    labels = st.lists(st.sampled_from(["低保", "医疗救助", "临时救助", "特困供养"]), max_size=3, unique=True)
    record: dict[str, Any] = {
        "户编号": household_id,
        "证件号码": id_number,
        "出生日期": draw(st.sampled_from([born.isoformat(), None])) if id_kind != "missing" else born.isoformat(),
        "与户主关系": draw(label(Relation)),
        "健康状况": draw(label(Health)),
        "劳动技能": draw(label(LabourSkill)),
        "在校生状况": draw(label(Schooling)),
        "享受低保政策情况": draw(label(Dibao)),
        "是否参加城乡居民基本医疗保险": draw(st.sampled_from(["是", "否", None])),
        "是否参加城镇职工基本医疗保险": draw(st.sampled_from(["是", "否", None])),
        "公益性岗位": draw(st.sampled_from(["是", "否", None])),
        "综合保障": ",".join(draw(labels)),
        "就业帮扶": draw(st.sampled_from(["", "技能培训", "技能培训,外出务工补贴"])),
        "务工所在地": draw(st.sampled_from(["", "云南省大理州", "云南省昆明市", "广东省深圳市"])),
        "民族": draw(st.sampled_from([None, "汉族", "彝族", "01", "这是一个很长的民族名称"])),
        "家庭成员联系电话": draw(st.sampled_from([None, "13812345678", "0878-1234567", "1381234567"])),
        "耕地面积（亩）": draw(st.sampled_from([None, "0", "3.5", "100", "100.01", "1234567.89"])),
        "与村主干路距离": draw(st.sampled_from([None, "0.3", "5", "5.01"])),
    }
    return {k: v for k, v in record.items() if v is not None}


@st.composite
def households_with_members(draw: st.DrawFn, *, max_members: int = 6, as_of: date = date(2025, 6, 30)) -> Household:
    """A household (:func:`households`) with its members (:func:`member_records`): none given, no
    member row, or one to ``max_members`` rows."""
    from fanpin.model.member import Member

    household = draw(households())
    given = draw(st.sampled_from(["rows", "rows", "rows", "no rows", "not given"]))
    if given == "not given":
        return household
    count = 0 if given == "no rows" else draw(st.integers(1, max_members))
    records = [draw(member_records(household_id=household.household_id, as_of=as_of)) for _ in range(count)]
    members = tuple(Member.model_validate(r) for r in records)
    return household.model_copy(update={"members": members})
