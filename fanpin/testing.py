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

**The rule author's kit.** :class:`RuleKit` takes a loaded rulebook (a county's override included), a
region and a date, and knows every threshold its rules compare a fact with there
(:func:`rule_thresholds`, folded exactly as the engines fold them). Its strategies draw facts
(:meth:`RuleKit.facts`) and households (:meth:`RuleKit.households`) on and one step either side of
each threshold (a fen, one, a month, a day), unknowns included. Its one-call properties run hypothesis
themselves and check both engines on every example:

- :meth:`RuleKit.assert_boundary`: a rule changes exactly at a threshold, on the side stated;
- :meth:`RuleKit.assert_monotone`: moving a fact towards the firing side never weakens the outcome;
- :meth:`RuleKit.assert_bands_partition`: the income bands cover every income once, in order;
- :meth:`RuleKit.assert_override_changes_only`: an override changes only the rules it should.

Thresholds inside member conditions (``any``, ``all``, ``count``, ``share`` over members, member-scope
rules) are the kit's too (``scope="member"``): :meth:`RuleKit.members` draws a household's members with a
member's age, measure counts and disability level on and either side of them, and :meth:`RuleKit.facts`
draws those members (key ``"members"``) whenever the rules read members.

:func:`households` (with ``members=True``, their members too; :func:`households_with_members` is the
same under its earlier name), :func:`members` (valid members of the
person-level export), :func:`exports` (the rows of a whole export), :func:`regions` and
:func:`as_of_dates` (the region codes and dates where parameter values change) are strategies of their
own; :func:`household_records` and :func:`member_records` draw rows of text cells.
The recipe is in ``rules/README.md`` ("Property-testing a threshold") and ``docs/rule-testing.md``.
"""

from __future__ import annotations

import calendar
import difflib
import functools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import MAX_PREC, ROUND_CEILING, ROUND_DOWN, ROUND_FLOOR, Decimal, localcontext
from typing import TYPE_CHECKING, Any, Literal, ParamSpec, TypeVar

try:
    from hypothesis import assume, example, given, note, settings
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument
    from hypothesis.vendor.pretty import RepresentationPrinter, for_type_by_name
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError("fanpin.testing needs hypothesis: pip install 'fanpin[test]'") from exc

from fanpin._kept import Kept
from fanpin.arguments import checked_choice, checked_date, checked_region, checked_rulebook, region_problem
from fanpin.durable import Engine
from fanpin.errors import ConfigError, RecordValidationError, suggest
from fanpin.lang.analysis import HOUSEHOLD, fact_range, member_scope
from fanpin.lang.lowering import atoms, fold, render
from fanpin.lang.members import AGGREGATES, MEMBER_COUNT, aggregates_of, household_facts_read, member_facts_read
from fanpin.lang.tree import Condition, TCall, TCompare, TConst, Term, TFact, TIn, facts_of, params_of
from fanpin.lang.typecheck import ParamInfo, check_condition
from fanpin.model.facts import FACTS, FactInfo, case_value, encode, encode_all, month_as_number, set_facts
from fanpin.model.household import NON_NEGATIVE, Household, Kind
from fanpin.model.member_facts import MEMBER_FACTS, label_of, member_row
from fanpin.model.parameters import ParameterSpec
from fanpin.model.values import MAX_MONEY, mask_numbers, parse_date, parse_int, parse_money, parse_month
from fanpin.regions import PROVINCE_CODES
from fanpin.results.classify import BAND_PARAMETERS
from fanpin.rulebook import Rulebook, load_rulebook

if TYPE_CHECKING:
    from fanpin.batch import BatchEngine
    from fanpin.model.member import Member

__all__ = [
    "RuleKit",
    "Threshold",
    "as_of_dates",
    "exports",
    "household_records",
    "households",
    "households_with_members",
    "member_records",
    "members",
    "money_amounts",
    "regions",
    "rule_thresholds",
    "yes_no_cells",
]

FEN = Decimal("0.01")
#: The largest amount of money the household model accepts (it refuses MAX_MONEY itself).
LARGEST_MONEY = MAX_MONEY - FEN

_P = ParamSpec("_P")
_S = TypeVar("_S")


def _made_once(build: Callable[_P, _S]) -> Callable[_P, _S]:
    """``build``, remembering what it made by its arguments (the latest 1 024 calls). Hypothesis checks
    each new strategy the first time one is drawn from, and the composites here made a dozen a household
    as they drew it: that checking was half of the 16 ms a household took. A strategy does not change once
    made. Arguments are told apart by type and text (``Decimal("1.0")`` is not ``Decimal("1")``: a value
    drawn shows its digits), strategies by identity (each is kept alive with what was made of it)."""
    made: Kept[tuple[object, _S]] = Kept(1024)

    def key(value: object) -> object:
        return ("strategy", id(value)) if isinstance(value, st.SearchStrategy) else (type(value), repr(value))

    @functools.wraps(build)
    def once(*args: _P.args, **kwargs: _P.kwargs) -> _S:
        called = (*map(key, args), *((name, key(v)) for name, v in sorted(kwargs.items())))
        return made.get(called, lambda: ((args, kwargs), build(*args, **kwargs)))[1]

    return once


@_made_once
def _choice(*values: Any) -> st.SearchStrategy[Any]:
    """``st.sampled_from(values)``, made once for the same values."""
    return st.sampled_from(values)


@_made_once
def _integer_texts(low: int, high: int) -> st.SearchStrategy[str]:
    """Whole numbers from ``low`` to ``high`` as cells write them."""
    return st.integers(low, high).map(str)


def money_amounts(
    *,
    min_value: Decimal | int | float = 0,
    max_value: Decimal | int | float = 200_000,
    near: tuple[Decimal | int | float, ...] = (),
) -> st.SearchStrategy[Decimal]:
    """Amounts in 元 with fen precision, from ``min_value`` to ``max_value`` (both included); with ``near``,
    also each value and one fen either side of it, when they are within the bounds.

    Only whole amounts of fen are drawn, none outside the bounds: a bound between two fen is rounded
    inwards (``min_value=0.005`` draws from 0.01), and bounds with no amount of fen between them
    (``min_value=0.005, max_value=0.009``) raise ``InvalidArgument``. A float is taken as it is written
    (``0.1`` is 0.10, not the binary float's 0.1000000000000000055…). A ``near`` value between two fen
    gives the fen below and above it, and one fen beyond each.

    Bounds may be negative: per-capita net income (人均纯收入) is below 0 when a business lost money. The
    household model refuses a negative income item or spending item (工资性收入, 合规自付支出 …), so draw
    those with ``min_value`` 0 or more (the default is 0).
    """
    low, high = _amount_argument("min_value", min_value), _amount_argument("max_value", max_value)
    if not isinstance(near, tuple | list):
        raise InvalidArgument(f"near is {type(near).__name__}, not a tuple of amounts: near=(8700,)")
    points = [_amount_argument(f"near[{i}]", v) for i, v in enumerate(near)]
    if low > high:
        raise InvalidArgument(f"min_value={low} is larger than max_value={high}")
    first, last = _fen(low, ROUND_CEILING), _fen(high, ROUND_FLOOR)
    if first > last:
        raise InvalidArgument(
            f"no amount of whole fen lies between min_value={low} and max_value={high}: give bounds at least "
            "one fen (0.01) apart, or an amount of fen as both"
        )
    around = (range(_fen(v, ROUND_FLOOR) - 1, _fen(v, ROUND_CEILING) + 2) for v in points)
    return _fen_amounts(first, last, tuple(dict.fromkeys(c for fen in around for c in fen if first <= c <= last)))


@_made_once
def _fen_amounts(first: int, last: int, edges: tuple[int, ...]) -> st.SearchStrategy[Decimal]:
    """Amounts from ``first`` to ``last`` fen, and now and then one of the ``edges`` (fen), in 元."""
    cents = st.integers(first, last).map(lambda c: Decimal(c) / 100)
    return st.one_of(cents, st.sampled_from([Decimal(c) / 100 for c in edges])) if edges else cents


def _fen(amount: Decimal, rounding: str) -> int:
    """``amount`` in whole fen, rounded as ``rounding`` says (``ROUND_CEILING``, ``ROUND_FLOOR``): exactly,
    whatever its digits (``int(amount * 100)`` cut ``0.005`` to 0 fen, below the bound it came from)."""
    with localcontext(prec=MAX_PREC):
        return int((amount * 100).to_integral_value(rounding))


def _amount_argument(name: str, value: object) -> Decimal:
    """``value`` as a :class:`Decimal`, or an :class:`~hypothesis.errors.InvalidArgument` naming ``name``
    when it is no number of 元 (a text or None had been a ``decimal.InvalidOperation`` or a ``TypeError``).
    A float is taken as written, by its shortest text (``0.1`` is ``Decimal("0.1")``)."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool) and Decimal(value).is_finite():
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    raise InvalidArgument(f"{name} is {type(value).__name__} {value!r}, not an amount: {name}=8700")


#: The facts :func:`household_records` draws near the values its ``near`` gives for them.
_NEAR_FACTS = ("income_per_capita", "medical_out_of_pocket", "education_expense", "disaster_loss", "prev_rigid_expense")


@_made_once
def yes_no_cells(*, allow_unknown: bool = True) -> st.SearchStrategy[str]:
    """Cells as exports write yes/no: 是/否, Y/N, 1/0, true/false, and empty (unknown)."""
    values = ["是", "否", "Y", "N", "1", "0", "true", "false"] + ([""] if allow_unknown else [])
    return st.sampled_from(values)


@_made_once
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
    near: Mapping[str, Sequence[Decimal]] | None = None,
) -> dict[str, str]:
    """One household as a row of text cells, keyed by English names or Chinese headers.

    Per-capita income lands near ``line`` (and 1.2 × ``line``) often enough to test both sides of it.
    ``near`` gives other values to land on and one fen either side of, by fact: ``income_per_capita``
    (instead of the line and 1.2 × the line), ``medical_out_of_pocket``, ``education_expense``,
    ``disaster_loss`` and ``prev_rigid_expense`` (:meth:`RuleKit.households` passes a rulebook's thresholds).
    Months and dates come in every spelling their columns read (``202304`` and ``2023-04-15`` most often;
    ``20230415``, ``2023年4月``, ``2023/4/15 0:00`` …), so that a property holds whichever the file uses; a
    household without measures has its 已落实帮扶措施 empty or written as forms write none (``无``, ``/``, ``0`` …),
    and one not monitored (or without a second risk) its 监测对象类别 (致贫/返贫风险2) empty or ``无``, ``-``,
    ``暂无`` ….
    """
    if not 1 <= min_size <= max_size:
        raise InvalidArgument(f"need 1 <= min_size <= max_size, got {min_size} and {max_size}")
    _region_argument(region)
    line = _amount_argument("line", line)
    near = near or {}
    for name in near:  # a misspelt fact's values were ignored: nothing was drawn near them, without a word
        if name not in _NEAR_FACTS:
            close = suggest(str(name), _NEAR_FACTS)
            hint = f"; did you mean {close}?" if close else ""
            raise InvalidArgument(f"near has no fact {name!r}{hint} (it takes {', '.join(_NEAR_FACTS)})")
    size = draw(st.integers(min_size, max_size))
    per_capita, previous, paired = draw(_incomes(line, size, tuple(near.get("income_per_capita", ()))))
    share = draw(_choice(Decimal(1), Decimal("0.5"), Decimal("0.8")))
    total = per_capita * size
    wage = (total * share).quantize(FEN)
    record: dict[str, Any] = {
        "household_id": f"H{draw(st.integers(1, 10**9)):010d}",
        "region_code": region,
        "household_type": draw(_choice("脱贫户", "一般农户", "一般户")),
        "size": str(size),
        "wage_income": str(wage),
        "business_income": str(total - wage),
        "property_income": "0",
        "transfer_income": "0",
        "labor_count": draw(_maybe(_integer_texts(0, size), allow_unknown)),
        "no_labor_household": draw(yes_no_cells(allow_unknown=allow_unknown)),
        "prev_income_per_capita": draw(_maybe(st.just(previous), allow_unknown and not paired)),
        "medical_out_of_pocket": draw(
            _maybe(_near_amounts(80_000, (50_000,), near, "medical_out_of_pocket"), allow_unknown)
        ),
        "education_expense": draw(_maybe(_near_amounts(20_000, (), near, "education_expense"), allow_unknown)),
        "disaster_loss": draw(_maybe(_near_amounts(30_000, (), near, "disaster_loss"), allow_unknown)),
        "prev_rigid_expense": draw(_maybe(_near_amounts(40_000, (0,), near, "prev_rigid_expense"), allow_unknown)),
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
    # Drawn last, so that the draws before them are the ones every earlier version made.
    record |= _other_incomes(draw, total, wage, per_capita, allow_unknown, record["public_job_income"])
    if not record["measures_in_place"]:  # no measure, written as forms write none now and then
        record["measures_in_place"] = draw(_NO_MEASURE_CELLS)
    for name in _NONE_COLUMNS:  # not monitored, no such risk: now and then written as forms write none (无, -)
        if not record.get(name):
            record[name] = draw(_NONE_SAID_CELLS)
    record = {k: str(v) for k, v in record.items()}
    # A huge amount may be written as a mobile number (13812345678.00), which the model refuses as one pasted
    # into the wrong column: such a record is not drawn.
    assume(all(mask_numbers(v) == v for v in record.values()))
    use_chinese = draw(st.booleans()) if chinese_headers is None else chinese_headers
    if use_chinese:
        titles = {name: field.title or name for name, field in Household.model_fields.items()}
        record = {titles[k]: v for k, v in record.items()}
    return record


#: An empty cell of a column whose empty means none, or one that says so as forms write it (无, 暂无, 没有, a slash or
#: a dash alone: fanpin.model.household.NONE_SAID), read as the empty one.
_NONE_SAID_CELLS = st.sampled_from(("", "", "", "", "无", "-", "暂无", "\uff0f", "没有", "——"))
#: A household's columns whose empty cell means none (a household not monitored, without a second risk …).
_NONE_COLUMNS = (
    "monitoring_category",
    "identified_month",
    "elimination_method",
    "eliminated_month",
    *(f"risk_{slot}" for slot in range(1, 6)),
)
#: An empty 已落实帮扶措施, or one that lists no measure as forms write it (fanpin.model.household.NONE_WRITTEN):
#: 无, 无。, a slash or a dash alone (full-width too), 0, and two of them.
_NO_MEASURE_CELLS = st.sampled_from(("", "", "", "无", "无。", "/", "\uff0f", "——", "-", "0", "0.0", "无；/"))
#: Where the household's net income besides wages comes from (the first: all of it from its business).
_OTHER_INCOME = ("business", "transfer", "property")
#: How far 人均纯收入（元） as the file writes it is from the computed one: the same, on and one fen past the
#: reference tolerance of 1 元 either way, or far off.
_REPORTED_OFFSETS = tuple(Decimal(d) for d in ("0", "1", "-1", "1.01", "-1.01", "1000"))


def _other_incomes(
    draw: st.DrawFn, total: Decimal, wage: Decimal, per_capita: Decimal, allow_unknown: bool, public_job: str
) -> dict[str, str]:
    """生产经营性收入, 生产经营性支出, 财产性收入 (资产收益分红 part of it), 转移性收入 (保障性转移收入 part of it),
    人均纯收入（元） as written and 重度残疾人数. The net income but wages (``total`` − ``wage``) comes from the
    business, from transfers or from property; now and then wages are 0 and it all comes from there (a
    household living on transfers: transfer income over half its gross income), unless a public-welfare job
    pays part of the wages. A business cost (unknown, none or some) is added to the business income, so the
    net income stays ``total``; the reported per-capita income is on, near or far from the computed one.
    These had been drawn as 0 or not at all: no household relied on transfers, and none was checked for a
    mismatch."""
    source = draw(_choice(*_OTHER_INCOME, "transfer"))
    if source != "business" and public_job in ("", "0") and draw(_choice(False, True, True)):
        wage = Decimal(0)
    cost = draw(_maybe(_choice(Decimal(0), Decimal("1000"), Decimal("2500.50")), allow_unknown))
    parts = dict.fromkeys(_OTHER_INCOME, Decimal(0))
    parts[source] = total - wage
    business_cost = "" if cost == "" else str(min(cost, LARGEST_MONEY - parts["business"]))
    if business_cost:
        parts["business"] += Decimal(business_cost)
    reported = min(max(per_capita + draw(_choice(*_REPORTED_OFFSETS)), Decimal(0)), LARGEST_MONEY)
    return {
        "wage_income": str(wage),
        "business_income": str(parts["business"]),
        "business_cost": business_cost,
        "property_income": str(parts["property"]),
        "asset_dividend": draw(_maybe(_choice("0", str(parts["property"])), allow_unknown)),
        "transfer_income": str(parts["transfer"]),
        "assistance_income": draw(_maybe(_choice("0", str(parts["transfer"])), allow_unknown)),
        "reported_income_per_capita": draw(_maybe(st.just(str(reported)), allow_unknown)),
        "severe_disability_count": draw(_maybe(_integer_texts(0, 2), allow_unknown)),
    }


def _monitoring_cells(draw: st.DrawFn) -> dict[str, str]:
    """监测对象类别 and, for a monitored household, when it was identified and whether (how, when) its risk
    was eliminated; then the measures in place."""
    category = draw(_choice("", "", "脱贫不稳定户", "边缘易致贫户", "突发严重困难户"))
    cells = {"monitoring_category": category}
    if category:
        identified = draw(st.integers(2022 * 12, 2025 * 12 + 5))
        eliminated = draw(_choice("是", "否", ""))
        cells["identified_month"] = draw(_month_texts(identified))
        cells["risk_eliminated"] = eliminated
        if eliminated == "是":
            cells["elimination_method"] = draw(_choice("帮扶消除", "自然消除"))
            later = identified + draw(st.integers(0, 18))
            cells["eliminated_month"] = draw(_month_texts(later))
    cells["measures_in_place"] = draw(_choice("", "产业帮扶", "公益岗位;健康帮扶"))
    # Up to five risks, in any slots (an empty slot between filled ones happens in exports), the same
    # risk twice now and then.
    risks = _choice("", "", "因病", "因学", "因残", "因自然灾害", "缺劳动力", "其他", "务工就业不稳")
    for slot in range(1, 6):
        cells[f"risk_{slot}"] = draw(risks)
    return cells


def _support_cells(draw: st.DrawFn, wage: Decimal, allow_unknown: bool) -> dict[str, str | None]:
    """Illness, the public-welfare job, industry support and microcredit cells."""
    public_job = ["0", str(wage), str((wage * Decimal("0.8")).quantize(FEN))]
    job_income = draw(_maybe(_choice(0, 1, 2), allow_unknown))  # which of public_job, or unknown
    return {
        "serious_illness_count": draw(_maybe(_integer_texts(0, 2), allow_unknown)),
        "public_job_income": job_income if job_income == "" else public_job[job_income],
        "public_job_months": draw(_maybe(_integer_texts(0, 12), allow_unknown)),
        "industry_support": draw(_maybe(_choice("到户产业", "资产收益", "无"), allow_unknown)),
        "loan_balance": draw(_maybe(_choice("0", "20000", "50000"), allow_unknown)),
        "loan_purpose": draw(_maybe(_choice("种植", "养殖", "建房", "治病", "生活"), allow_unknown)),
        "loan_due": draw(_maybe(_DUE_DATES, allow_unknown)),
    }


def _spelled(draw: st.DrawFn, spellings: Sequence[str]) -> str:
    """One of ``spellings``: the first (the system's own) in about half the draws, any of them otherwise."""
    return spellings[draw(st.one_of(st.just(0), st.integers(0, len(spellings) - 1)))]


@st.composite
def _month_texts(draw: st.DrawFn, month: int) -> str:
    """The month numbered ``month`` (year × 12 + month − 1) in one of the spellings a month column reads:
    the system's ``YYYYMM`` most often (and as a float saves it), a day of it as a date column writes one
    (``20230415``, with midnight), or as a spreadsheet shows a date (``2023-04``, ``2023/4``, ``2023年4月``,
    with a day, ``2023.4.15``)."""
    year, number = divmod(month, 12)
    number += 1
    day = draw(st.integers(1, calendar.monthrange(year, number)[1]))
    spellings = (
        f"{year}{number:02d}",
        f"{year}{number:02d}.0",
        f"{year}{number:02d}{day:02d}",
        f"{year}{number:02d}{day:02d} 00:00",
        f"{year}-{number:02d}",
        f"{year}/{number}",
        f"{year}年{number}月",
        f"{year}-{number:02d}-{day:02d}",
        f"{year}/{number}/{day} 0:00",
        f"{year}年{number}月{day}日",
        f"{year}.{number}.{day}",
    )
    return _spelled(draw, spellings)


@st.composite
def _date_texts(draw: st.DrawFn, day: date) -> str:
    """``day`` in one of the spellings a date column reads: ``YYYY-MM-DD`` most often, ``YYYYMMDD`` (and as a
    float saves it), with midnight, or as a spreadsheet shows a date (``2026/3/31``, ``2026年3月31日``,
    ``2026.3.31``)."""
    y, m, d = day.year, day.month, day.day
    spellings = (
        day.isoformat(),
        f"{y}{m:02d}{d:02d}",
        f"{y}{m:02d}{d:02d}.0",
        f"{day.isoformat()} 00:00:00",
        f"{y}/{m}/{d}",
        f"{y}年{m}月{d}日",
        f"{y}.{m}.{d}",
    )
    return _spelled(draw, spellings)


#: The due dates of microcredit (小额信贷) drawn, as cells write them.
_DUE_DATES = st.dates(date(2024, 1, 1), date(2027, 12, 31)).flatmap(_date_texts)


def households(
    *,
    region: str = "532328",
    min_size: int = 1,
    max_size: int = 8,
    allow_unknown: bool = True,
    members: bool = False,
    max_members: int = 6,
    as_of: date = date(2025, 6, 30),
) -> st.SearchStrategy[Household]:
    """Valid :class:`~fanpin.Household` values (built through the model, as a file row would be). A failing
    example prints each as the ``Household.model_validate({...})`` call that rebuilds it, every value
    shown (personal ones masked). With ``members=True``, each household comes with its members
    (:func:`members`, their ages around ``as_of``): none given, no member row, or one to ``max_members``."""
    _date_argument(as_of)
    _region_argument(region)
    if not 1 <= min_size <= max_size:
        raise InvalidArgument(f"need 1 <= min_size <= max_size, got {min_size} and {max_size}")
    records = household_records(region=region, min_size=min_size, max_size=max_size, allow_unknown=allow_unknown)
    if members:
        return _with_members(_validated(records), max_members, as_of)
    return _validated(records)


def _region_argument(region: object) -> None:
    """An :class:`~hypothesis.errors.InvalidArgument` unless ``region`` is a division code (``"abc"``
    failed only when a household was drawn, with an error about the record's values)."""
    problem = region_problem(region)
    if problem is not None:
        raise InvalidArgument(f"region: {problem}")


#: The evaluation dates the strategies draw around: members up to 90 years old whose ID numbers hold their
#: birth dates (an ID number's birth year is 19xx or 20xx), and dates up to 800 days after ``as_of``.
FIRST_AS_OF, LAST_AS_OF = date(1990, 1, 1), date(2099, 12, 31)


def _date_argument(as_of: object) -> None:
    """An :class:`~hypothesis.errors.InvalidArgument` unless ``as_of`` is a date (a text such as
    ``"2025-06-30"`` failed deep inside a drawn example) from :data:`FIRST_AS_OF` to :data:`LAST_AS_OF` (9999-12-31
    was a bare OverflowError when a date 800 days later was drawn, and year 100 a malformed ID number)."""
    if not isinstance(as_of, date) or isinstance(as_of, datetime):
        raise InvalidArgument(f"as_of must be a datetime.date, not {type(as_of).__name__}: as_of=date(2025, 6, 30)")
    if not FIRST_AS_OF <= as_of <= LAST_AS_OF:
        raise InvalidArgument(
            f"as_of={as_of.isoformat()} is outside the dates the strategies draw around ({FIRST_AS_OF.isoformat()} to "
            f"{LAST_AS_OF.isoformat()}: members' ID numbers hold birth years 19xx or 20xx)"
        )


@st.composite
def _validated(draw: st.DrawFn, records: st.SearchStrategy[dict[str, str]]) -> Household:
    # Validated inside a composite, not with .map(): hypothesis prints a mapped value by its repr (short on
    # purpose, it ends up in logs), and a drawn one with the printer for households (end of this module).
    return Household.model_validate(draw(records))


# ---- amounts at the edges: near last year's, tiny, huge ----------------------------------------------------


@_made_once
def _round_amounts(high: Decimal) -> st.SearchStrategy[Decimal]:
    """Round figures up to ``high`` (at least 1 元): 1, 2 or 5 times a power of ten, and whole hundreds of
    元 up to 100 000 (6000, 10000)."""
    powers = st.sampled_from(
        [m * Decimal(10) ** k for k in range(13) for m in (1, 2, 5) if m * Decimal(10) ** k <= high]
    )
    hundreds = st.integers(1, min(1000, int(high // 100))).map(lambda n: Decimal(n * 100))
    return st.one_of(powers, powers, hundreds) if high >= 100 else powers


@_made_once
def _huge_amounts(high: Decimal) -> st.SearchStrategy[Decimal]:
    """Amounts up to ``high`` (at most the model's largest), weighted to the top: ``high`` itself, round
    figures, and any amount of fen."""
    return st.one_of(st.just(high), _round_amounts(high), money_amounts(max_value=high))


@_made_once
def _amounts(*, max_value: Decimal | int, near: tuple[Decimal | int, ...] = ()) -> st.SearchStrategy[Decimal]:
    """Mostly :func:`money_amounts` up to ``max_value``; now and then 0, one fen, or a huge amount."""
    usual = money_amounts(max_value=max_value, near=near)
    return st.one_of(usual, usual, usual, st.sampled_from([Decimal(0), FEN]), _huge_amounts(LARGEST_MONEY))


#: How this year's per-capita income is drawn (repeats weigh a kind; hypothesis shrinks to the first).
_KINDS = ("line", "line", "line", "line", "previous", "previous", "tiny", "huge")


def _near_amounts(
    high: int, usual: tuple[int, ...], near: Mapping[str, Sequence[Decimal]], fact: str
) -> st.SearchStrategy[Decimal]:
    """:func:`_amounts` up to ``high`` (or past the highest value given for ``fact``), near ``usual`` and
    the values ``near`` gives for ``fact``."""
    given = tuple(v for v in near.get(fact, ()) if 0 <= v < LARGEST_MONEY)
    top = max((Decimal(high), *(v * 2 for v in given)))
    return _amounts(max_value=min(top, LARGEST_MONEY), near=(*usual, *given))


#: How many fen last year's per-capita income is from this year's round figure (``kind == "previous"``).
_STEPS = st.one_of(st.integers(0, 5), st.sampled_from([10, 30]))


@_made_once
def _tiny_or(high: Decimal) -> st.SearchStrategy[Decimal]:
    """0, one or two fen, or :func:`_amounts` up to ``high``."""
    return st.sampled_from([Decimal(0), FEN, Decimal(2) * FEN]) | _amounts(max_value=high)


@st.composite
def _incomes(
    draw: st.DrawFn, line: Decimal, size: int, near: tuple[Decimal, ...] = ()
) -> tuple[Decimal, Decimal, bool]:
    """This year's per-capita income, last year's (both in 元), and whether last year's is kept known.

    Usually near the monitoring ``line``, last year's near 0 or 30% higher. Otherwise: a fen or a few
    from last year's, either way round and one of the two a round figure (9999.99 against 10000, 6000.30
    against 6000), and last year's is then always known; 0 or one fen; or huge, up to the largest
    per-capita income whose household total the model still accepts.
    """
    top = (LARGEST_MONEY / size).quantize(FEN, rounding=ROUND_DOWN)  # the household's total stays accepted
    kind = draw(_choice(*_KINDS))
    if kind == "previous":
        step = draw(_STEPS) * FEN * draw(_choice(1, -1))
        whole = draw(_round_amounts(top - 1))
        other = max(whole + step, Decimal(0))
        # Mostly last year's is the round figure: the change is then a round ratio, 1e-06 or -5e-05.
        return (other, whole, True) if draw(_choice(True, True, False)) else (whole, other, True)
    if kind == "tiny":
        tiny = draw(_choice(Decimal(0), FEN))
        return tiny, draw(_tiny_or(line * 3)), False
    if kind == "huge":
        huge = draw(_huge_amounts(top))
        close = [huge, max(huge - FEN, Decimal(0)), min(huge + FEN, LARGEST_MONEY), Decimal(0)]
        return huge, draw(st.sampled_from(close) | _huge_amounts(LARGEST_MONEY)), False
    edges = tuple(v for v in near if 0 <= v <= top)
    if edges:  # a rulebook's thresholds of per-capita income
        per_capita = draw(money_amounts(max_value=min(max(edges) * 2, top), near=edges))
    else:
        per_capita = draw(money_amounts(max_value=line * 3, near=(line, line * Decimal("1.2"))))
    return per_capita, draw(money_amounts(max_value=line * 3, near=(0, per_capita / Decimal("0.7")))), False


@_made_once
def _labels_or_none(enum: Any) -> st.SearchStrategy[str | None]:
    """A label of the vocabulary ``enum`` (its members' ``label``), or None as often."""
    return st.one_of(st.none(), st.sampled_from([m.label for m in enum]))


#: A member's 综合保障 (assistance) labels: none, one or several.
_ASSISTANCE = st.lists(st.sampled_from(["低保", "医疗救助", "临时救助", "特困供养"]), max_size=3, unique=True)


@st.composite
def member_records(draw: st.DrawFn, *, household_id: str = "H1", as_of: date = date(2025, 6, 30)) -> dict[str, Any]:
    """One person row of the national export (Chinese headers, text cells as the export writes them):
    birth dates on and around birthdays that matter at ``as_of`` (6, 16, 60, 65), in every spelling a date
    column reads (``2019-06-30``, ``20190630``, ``2019/6/30``, ``2019年6月30日`` …), ID numbers valid,
    with a wrong check digit, without a real ID or missing, every vocabulary with unknown cells, and
    measure columns holding zero, one or several labels."""
    from fanpin.model.values import ID_CHECK, ID_WEIGHTS
    from fanpin.model.vocabulary import Dibao, Health, LabourSkill, Relation, Schooling

    ages = draw(_choice(0, 5, 6, 15, 16, 17, 59, 60, 64, 65, 66, 90))
    shift = draw(_choice(-1, 0, 1))  # a day before, on, after the birthday
    try:
        born = date(as_of.year - ages, as_of.month, as_of.day)
    except ValueError:  # 29 February
        born = date(as_of.year - ages, as_of.month, 28)
    born = date.fromordinal(born.toordinal() + shift)
    digits = f"532328{born:%Y%m%d}{draw(st.integers(0, 999)):03d}"
    id_kind = draw(_choice("valid", "wrong digit", "no real id", "missing"))
    check = ID_CHECK[sum(int(d) * w for d, w in zip(digits, ID_WEIGHTS, strict=True)) % 11]
    id_number = {
        "valid": digits + check,
        "wrong digit": digits + ("0" if check != "0" else "1"),
        "no real id": "999999" + digits[6:] + check,
        "missing": None,
    }[id_kind]
    record: dict[str, Any] = {
        "户编号": household_id,
        "证件号码": id_number,
        "出生日期": draw(st.one_of(_date_texts(born), st.none())) if id_kind != "missing" else draw(_date_texts(born)),
        "与户主关系": draw(_labels_or_none(Relation)),
        "健康状况": draw(_labels_or_none(Health)),
        "劳动技能": draw(_labels_or_none(LabourSkill)),
        "在校生状况": draw(_labels_or_none(Schooling)),
        "享受低保政策情况": draw(_labels_or_none(Dibao)),
        "是否参加城乡居民基本医疗保险": draw(_choice("是", "否", None)),
        "是否参加城镇职工基本医疗保险": draw(_choice("是", "否", None)),
        "公益性岗位": draw(_choice("是", "否", None)),
        "综合保障": ",".join(draw(_ASSISTANCE)),
        "就业帮扶": draw(_choice("", "技能培训", "技能培训,外出务工补贴")),
        "务工所在地": draw(_choice("", "云南省大理州", "云南省昆明市", "广东省深圳市")),
        "民族": draw(_choice(None, "汉族", "彝族", "01", "这是一个很长的民族名称")),
        "家庭成员联系电话": draw(_choice(None, "13812345678", "0878-1234567", "1381234567")),
        "耕地面积（亩）": draw(_choice(None, "0", "3.5", "100", "100.01", "1234567.89")),
        "与村主干路距离": draw(_choice(None, "0.3", "5", "5.01")),
    }
    return {k: v for k, v in record.items() if v is not None}


def members(*, household_id: str = "H1", as_of: date = date(2025, 6, 30)) -> st.SearchStrategy[Member]:
    """Valid members (:class:`~fanpin.model.member.Member`, one person of the person-level export), built
    through the model from :func:`member_records`: ages on and around the birthdays that matter at
    ``as_of``, ID numbers of every kind, every vocabulary, unknown cells."""
    from fanpin.model.member import Member

    _date_argument(as_of)
    return member_records(household_id=household_id, as_of=as_of).map(Member.model_validate)


def households_with_members(*, max_members: int = 6, as_of: date = date(2025, 6, 30)) -> st.SearchStrategy[Household]:
    """``households(members=True, …)`` under the name it had before :func:`households` drew members: kept
    because tests and host projects import it."""
    return households(members=True, max_members=max_members, as_of=as_of)


@st.composite
def _with_members(
    draw: st.DrawFn, households: st.SearchStrategy[Household], max_members: int, as_of: date
) -> Household:
    household = draw(households)
    given = draw(_choice("rows", "rows", "rows", "no rows", "not given"))
    if given == "not given":
        return household
    from fanpin.model.member import Member

    count = 0 if given == "no rows" else draw(st.integers(1, max_members))
    records = _member_records_at(as_of)  # members(household_id=…, as_of=…), without a strategy per household
    drawn = tuple(Member.model_validate({**draw(records), "户编号": household.household_id}) for _ in range(count))
    return household.model_copy(update={"members": drawn})


@_made_once
def _member_records_at(as_of: date) -> st.SearchStrategy[dict[str, Any]]:
    """:func:`member_records` at ``as_of`` (of household H1: a drawer puts its own 户编号 in)."""
    return member_records(as_of=as_of)


@_made_once
def _household_records_of(region: str, size: int) -> st.SearchStrategy[dict[str, str]]:
    """:func:`household_records` of ``size`` people in ``region``, with Chinese headers (an export's)."""
    return household_records(region=region, min_size=size, max_size=size, chinese_headers=True)


@st.composite
def exports(
    draw: st.DrawFn,
    *,
    region: str = "532328",
    min_households: int = 1,
    max_households: int = 4,
    max_members: int = 4,
    as_of: date = date(2025, 6, 30),
) -> list[dict[str, str]]:
    """The rows of a person-level export (家庭成员信息表) as :func:`fanpin.io.read_export` reads them: one row
    per person (:func:`member_records`), Chinese headers, each household's own columns (户编号, 户类型,
    incomes … from :func:`household_records`) repeated on each of its rows, the first row the head's, each
    person with a 人编号 of their own.
    Write them as a CSV (any header order) to test a reader or a pipeline on an export."""
    if not 1 <= min_households <= max_households or max_members < 1:
        raise InvalidArgument("need 1 <= min_households <= max_households and max_members >= 1")
    _date_argument(as_of)
    _region_argument(region)
    rows: list[dict[str, str]] = []
    count = draw(st.integers(min_households, max_households))
    for n in range(count):
        household_id = f"{region}{n + 1:08d}"
        size = draw(st.integers(1, max_members))
        household = draw(_household_records_of(region, size))
        shared = {k: v for k, v in household.items() if k in _EXPORT_HOUSEHOLD_COLUMNS and v != ""}
        first: dict[str, str] = {}
        for person in range(size):
            record = {k: str(v) for k, v in {**draw(_member_records_at(as_of)), "户编号": household_id}.items()}
            record["与户主关系"] = "户主" if person == 0 else draw(_choice("配偶", "之子", "之女", "其他"))
            record["人编号"] = f"{household_id}{person + 1:02d}"  # distinct people: rows alike are one person twice
            # A household column of the person table (与村主干路距离 …) is the same on every row of the household.
            own = {k: v for k, v in record.items() if k not in _household_headers()}
            if person == 0:
                first = {k: v for k, v in record.items() if k in _household_headers()}
            rows.append({**own, **first, **shared, "户编号": household_id})
    return rows


@functools.cache
def _household_headers() -> frozenset[str]:
    """The headers of the person table's household columns (the same on every row of a household)."""
    from fanpin.model.member import Level, Member, column_meta

    return frozenset(f.title or n for n, f in Member.model_fields.items() if column_meta(n)[0] is Level.HOUSEHOLD)


#: The household columns an export row carries beside the person's (the household model's, by header).
_EXPORT_HOUSEHOLD_COLUMNS = frozenset(
    {"行政区划代码", "户类型", "工资性收入", "生产经营性收入", "财产性收入", "转移性收入", "监测对象类别", "劳动力人数"}
)


# ---- the rule author's kit: thresholds of a loaded rulebook, and one-call properties ----------------------

Side = Literal["below", "at_or_below", "above", "at_or_above"]
Scope = Literal["household", "member"]
Outcome = Literal["fires", "silent", "not_evaluable"]
#: Kleene's order of a rule's outcomes: false < unknown < true.
_RANK: dict[str, int] = {"silent": 0, "not_evaluable": 1, "fires": 2}
_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}
#: Which of (one step below, on, one step above) a test of each side holds on.
_HOLDS: dict[Side, tuple[bool, bool, bool]] = {
    "below": (True, False, False),
    "at_or_below": (True, True, False),
    "above": (False, False, True),
    "at_or_above": (False, True, True),
}
_STEP_NAMES = ("one step below", "on", "one step above")
_SIDE_OPERATOR: dict[Side, str] = {"below": "<", "at_or_below": "<=", "above": ">", "at_or_above": ">="}


@dataclass(frozen=True)
class Threshold:
    """A value a rule compares a fact with, for one region and date: ``fact operator value`` holds.

    ``encoded`` is the value in the engines' units (fen, a count, a month number, a day number), exact;
    :attr:`value` is the same in the fact's own units (元, a count, ``YYYYMM``, a date), and
    :meth:`points` the values one step below, on and one step above it (a fen, one, a month, a day).
    """

    rule: str
    fact: str
    operator: str
    term: str
    parameters: tuple[str, ...]
    kind: Kind
    encoded: Decimal
    written: str = ""
    #: ``member``: a threshold inside a member condition (``any(members, age >= 60)``, a member-scope rule),
    #: on a member fact (``age`` is a member's age in full years at the evaluation date).
    scope: Scope = "household"

    @property
    def value(self) -> Any:
        """The threshold in the fact's units (money: 元, exact even between two fen)."""
        if self.encoded == self.encoded.to_integral_value():
            return _natural(self.kind, int(self.encoded))
        return self.encoded / 100 if self.kind is Kind.MONEY else self.encoded

    def points(self) -> tuple[Any, Any, Any]:
        """(one step below, on, one step above) in the fact's units; ``on`` is None when the threshold
        falls between two steps (a fraction of a fen), and a step below zero is None for a count, as is one
        the model does not take (a size of 0, a 13th month of a public job)."""
        exact = self.encoded
        low, high = int(exact.to_integral_value(ROUND_FLOOR)), int(exact.to_integral_value(ROUND_CEILING))
        if low == high:
            low, on, high = low - 1, low, high + 1
            values: list[int | None] = [low, on, high]
        else:
            values = [low, None, high]
        never_negative = self.kind is Kind.COUNT or self.fact in NON_NEGATIVE
        if never_negative or (self.scope == "member" and self.kind is Kind.MONEY):  # never below 0: no point there
            values = [v if v is None or v >= 0 else None for v in values]
        if self.kind is Kind.COUNT:  # nor beyond what the model takes: a size of 0, 13 months of a public job
            least, most = _count_range(self.fact, self.scope)
            values = [v if v is None or least <= v <= (most if most is not None else v) else None for v in values]
        below, on_value, above = (None if v is None else _natural(self.kind, v) for v in values)
        return below, on_value, above

    def __str__(self) -> str:
        member = "a member's " if self.scope == "member" else ""
        value = "(a value outside the calendar)" if self.value is None else self.value
        return f"{self.rule}: {member}{self.fact} {self.operator} {value} ({self.written or self.term})"


def _member_conditions(condition: Condition) -> list[Condition]:
    """The member conditions ``condition`` reads (inside ``any(members, …)`` and its kin)."""
    return [a.condition for a in aggregates_of([condition]) if a.condition is not None]


def _count_range(fact: str, scope: Scope) -> tuple[int, int | None]:
    """The lowest and highest value of a count the household (or member) model takes: ``size`` is at least 1,
    ``public_job_months`` at most 12, every count at least 0 (None: no highest)."""
    low, high = fact_range(fact, HOUSEHOLD if scope == "household" else member_scope())
    return max(0, int(low)) if low is not None else 0, None if high is None else int(high)


def _natural(kind: Kind, number: int) -> Any:
    """An encoded number as the fact's natural value (what rule cases and ``evaluate_facts`` take); None
    for a month or a date no fact can hold (``loan_due < 9999-12-31`` has no day above it, a month is
    read from 1900 to 9999)."""
    if kind is Kind.MONEY:
        return Decimal(number) / 100
    if kind is Kind.MONTH:
        return f"{number // 12:04d}{number % 12 + 1:02d}" if 1900 <= number // 12 <= 9999 else None
    if kind is Kind.DATE:
        return date.fromordinal(number) if 1 <= number <= date.max.toordinal() else None
    return number


def _encoded_number(kind: Kind, value: Any) -> Decimal:
    """A natural value (元, count, ``YYYYMM``, date) as the engines' number, for ordering."""
    natural = _natural_of(kind, value)
    if isinstance(natural, Decimal):
        return natural * 100 if kind is Kind.MONEY else natural
    return Decimal(encode("", natural))


def _natural_of(kind: Kind, value: Any) -> Any:
    if kind is Kind.MONEY:
        return parse_money(value)
    if kind is Kind.MONTH:
        return parse_month(value)
    if kind is Kind.DATE:
        return parse_date(value)
    if kind is Kind.COUNT:
        return parse_int(value)
    return value


def _fact_target(term: Term, as_of: date) -> tuple[str, Kind, Callable[[Decimal], Decimal], bool] | None:
    """The fact a compared term reads directly: the fact, its kind, how a threshold on the term maps to
    one on the fact, and whether the comparison flips (``months_since(m) >= 6`` is ``m <= now − 6``).
    In a member condition, ``age`` (``age(birth_date)``) is the member fact ``age`` in full years."""
    match term:
        case TFact(name=name, kind=kind) if kind in (Kind.MONEY, Kind.COUNT, Kind.MONTH, Kind.DATE):
            return name, kind, lambda t: t, False
        case TCall(function="age", args=(TFact(name="birth_date"),)):
            return "age", Kind.COUNT, lambda t: t, False
        case TCall(function="months_since", args=(TFact(name=name),)):
            now = as_of.year * 12 + as_of.month - 1
            return name, Kind.MONTH, lambda t: now - t, True
        case TCall(function="days_until", args=(TFact(name=name),)):
            today = as_of.toordinal()
            return name, Kind.DATE, lambda t: today + t, False
    return None


def rule_thresholds(rulebook: Rulebook, *, region: str, as_of: date) -> tuple[Threshold, ...]:
    """Every threshold the rules of ``rulebook`` compare a fact with, for ``region`` on ``as_of``: each
    test of a fact (or ``months_since`` / ``days_until`` of one) against parameters and numbers, folded
    exactly as the engines fold it. Tests of a fact against another fact have no fixed threshold and are
    left out, and so are parameters with no value for the region and date, and counts of members
    (``count(members, is_head) > 1``), which no fact gives."""
    params, _ = rulebook.parameters.resolve_known(rulebook.params_needed(), region, as_of)
    found: dict[tuple[str, str, str, Decimal, str], Threshold] = {}
    for rule in rulebook.rules.values():
        inside: list[tuple[Condition, Scope]] = [
            (a.condition, "member") for a in aggregates_of([rule.condition]) if a.condition is not None
        ]
        scoped: list[tuple[Condition, Scope]] = [(rule.condition, "household"), *inside]
        for condition, scope in scoped:
            for atom in atoms(condition):
                if isinstance(atom, TCompare):
                    for threshold in _compared(rule.id, atom, params, as_of, scope):
                        key = (rule.id, threshold.fact, threshold.operator, threshold.encoded, scope)
                        found.setdefault(key, threshold)
    return tuple(found.values())


def _compared(
    rule_id: str, atom: TCompare, params: Mapping[str, Any], as_of: date, scope: Scope
) -> Iterator[Threshold]:
    """The thresholds of one comparison: a fact (or a function of one) against parameters and numbers."""
    written = f"{render(atom.left)} {atom.op} {render(atom.right)}"
    for side, other, operator in ((atom.left, atom.right, atom.op), (atom.right, atom.left, _FLIP[atom.op])):
        target = _fact_target(side, as_of)
        age_on = isinstance(side, TCall) and side.function == "age_on"
        if (target is None and not age_on) or facts_of(other):
            continue
        folded = fold(other, params)
        if folded is None:
            continue
        match side:
            case TCall(function="age_on", args=(TFact(name="birth_date"), TConst(value=Decimal() as day))):
                # age_on(b, D) >= N is b <= D - N years: thresholds on the birth date
                for op, years in _age_on_tests(operator, folded):
                    born = _birthday(date.fromordinal(int(day)), years)
                    if born is None:  # an age no birth date in the calendar gives: no threshold a fact can meet
                        continue
                    yield Threshold(
                        rule_id, "birth_date", op, render(other), tuple(sorted(params_of(other))), Kind.DATE,
                        Decimal(born.toordinal()), written, scope,
                    )  # fmt: skip
                continue
        if target is None:
            continue
        fact, kind, onto, flips = target
        if not _is_fact(fact, scope):  # a count of members (count(members, …)): no fact a test could move
            continue
        yield Threshold(
            rule_id,
            fact,
            _FLIP[operator] if flips else operator,
            render(other),
            tuple(sorted(params_of(other))),
            kind,
            onto(folded),
            written,
            scope,
        )


def _is_fact(name: str, scope: Scope) -> bool:
    """Whether ``name`` is a fact of ``scope`` that facts can give (not an engine's own aggregate)."""
    if scope == "household":
        return name in FACTS and name not in AGGREGATES  # the type checker registers its aggregates as facts
    return name in MEMBER_FACTS or label_of(name) is not None


def _age_on_tests(operator: str, years: Decimal) -> list[tuple[str, int]]:
    """``age_on(b, D) operator years`` as tests of the birth date b against D minus a whole number of years:
    (the test's operator on b, the years)."""
    if years != years.to_integral_value():
        return []
    n = int(years)
    return {
        ">=": [("<=", n)],
        ">": [("<=", n + 1)],
        "<": [(">", n)],
        "<=": [(">", n + 1)],
        "==": [("<=", n), (">", n + 1)],
        "!=": [("<=", n), (">", n + 1)],
    }[operator]


def _years_before(day: date, years: int) -> date:
    """The day ``years`` years before ``day`` (28 February for 29 February in a common year): the birthday
    on which someone is ``years`` old on ``day``."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _birthday(day: date, years: int, shift: int = 0) -> date | None:
    """:func:`_years_before`, ``shift`` days later; None when that is not a date of the calendar (an age
    of 3000 years in ``any(members, age >= 3000)``, born before year 1)."""
    try:
        return _years_before(day, years) + timedelta(days=shift)
    except (ValueError, OverflowError):
        return None


def _text_values(rulebook: Rulebook) -> dict[str, set[str]]:
    """Text values the rules compare text facts with (``loan_purpose in {"种植", …}``)."""
    values: dict[str, set[str]] = {}
    for rule in rulebook.rules.values():
        for atom in atoms(rule.condition):
            match atom:
                case TIn(operand=TFact(name=name, kind=Kind.TEXT), values=listed):
                    values.setdefault(name, set()).update(str(v) for v in listed)
                case TCompare(left=TFact(name=name, kind=Kind.TEXT), right=TConst(value=str() as text)):
                    values.setdefault(name, set()).add(text)
    return values


#: The key of a drawn facts mapping that holds the household's members (records of cells, Chinese headers;
#: None or absent: not given), as :meth:`RuleKit.facts` draws them and :meth:`RuleKit.outcomes` reads them.
MEMBERS = "members"


def _members_of(facts: Mapping[str, Any]) -> tuple[Mapping[str, str], ...] | None:
    members = facts.get(MEMBERS)
    if members is None:
        return None
    if isinstance(members, str | bytes | Mapping) or not isinstance(members, Iterable):
        raise InvalidArgument(f"{MEMBERS} must be a list of member records (mappings), not {type(members).__name__}")
    return tuple(members)


def _member(record: Mapping[str, Any], number: int) -> Member:
    """A member record given to the kit, as a rule case's ``members:`` are read: its 户编号 may be left out
    (the kit's facts are one household's), and a value the model refuses is an :class:`InvalidArgument`
    naming the member, as a fact's is."""
    from fanpin.model.member import MONTH_COLUMNS, Member

    if not isinstance(record, Mapping):
        raise InvalidArgument(f"member {number} must be a mapping of columns to cells, not {type(record).__name__}")
    given = {"household_id": "H1", **record} if not {"household_id", "户编号"} & set(record) else record
    for column, raw in record.items():  # 2024.3: told the month meant, 202403, as a household's fact is (_encoded)
        if column in MONTH_COLUMNS and (as_float := month_as_number(raw, python=True)) is not None:
            raise InvalidArgument(f"member {number}, {column!r}: {as_float}")
    try:
        return Member.model_validate(given)
    except RecordValidationError as exc:
        raise InvalidArgument(f"member {number}: {exc}") from None


def _cell(value: Any) -> str:
    """A natural value as the export writes it."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


#: Member facts the kit sets through the cells they come from, beyond the member model's own columns.
_DERIVED_SETTABLE = frozenset({"age", "birth_date", "disability_level", "disability_category"})


def _member_cells(fact: str, value: Any, as_of: date) -> dict[str, str] | None:
    """The cells of a member record that give member fact ``fact`` the value ``value`` (natural units), or
    None when the kit cannot set it (a fact derived from the ID number's checks, the phone columns …).
    ``age`` is set through the birth date: born on that birthday (:meth:`RuleKit.members` also draws the
    days either side of it)."""
    from fanpin.model.member import Member
    from fanpin.model.member_facts import LABEL_SETS

    if fact == "age":
        born = _birthday(as_of, int(value or 0))
        return {"出生日期": "" if born is None else born.isoformat()}
    if fact == "birth_date":
        return {"出生日期": _cell(value or as_of)}
    if fact in ("disability_level", "disability_category"):
        return {}  # the disability card number is built from both (_member_record)
    base = fact.removesuffix("_count")
    if fact.endswith("_count") and base in LABEL_SETS:
        return {LABEL_SETS[base]: ",".join(f"措施{i + 1}" for i in range(int(value or 0)))}
    field = Member.model_fields.get(fact)
    if field is None or fact not in MEMBER_FACTS or fact in _DERIVED_SETTABLE:
        return None
    return {field.title or fact: _cell(value) if value is not None else ""}


def _disability_card(category: int, level: int) -> str:
    """A valid 18-digit ID number followed by a disability category and level (a 残疾人证 number)."""
    from fanpin.model.values import ID_CHECK, ID_WEIGHTS

    digits = "53232819800101123"
    check = ID_CHECK[sum(int(d) * w for d, w in zip(digits, ID_WEIGHTS, strict=True)) % 11]
    return f"{digits}{check}{category}{level}"


def _member_record(base: Mapping[str, str], drawn: Mapping[str, Any], as_of: date) -> dict[str, str]:
    """``base`` (a :func:`member_records` record) with the drawn member facts set in its cells; a fact drawn
    as None (unknown) has its cells emptied."""
    cells = dict(base)
    card: dict[str, int] = {}
    for fact, value in drawn.items():
        if fact in ("disability_level", "disability_category"):
            if value is not None and 0 <= int(value) <= 9:
                card[fact] = int(value)
            continue
        if value is None:
            if fact in ("age", "birth_date"):
                cells.pop("出生日期", None)
                cells.pop("证件号码", None)
            else:
                cells.update({k: "" for k in (_member_cells(fact, 0, as_of) or {})})
            continue
        cells.update(_member_cells(fact, value, as_of) or {})
    if card:
        cells["证件号码"] = _disability_card(card.get("disability_category", 1), card.get("disability_level", 1))
        cells["证件类型"] = "残疾人证"
    return {k: v for k, v in cells.items() if v != ""}


#: Each rulebook's two engines, by the rulebook (kept alive beside them: its id is not reused).
_ENGINES: Kept[tuple[Rulebook, Engine, BatchEngine]] = Kept(16)
#: The facts the kit draws: a household's own (what ``evaluate_facts`` takes). What a member-scope rule
#: computes over the household's members is not drawn: with no members given, it is unknown.
_HOUSEHOLD_FACTS = frozenset(FACTS)


def _engines(rulebook: Rulebook) -> tuple[Engine, BatchEngine]:
    """Both engines of a rulebook, compiled once per rulebook for every kit made of it."""
    from fanpin.batch import BatchEngine

    _, engine, batch = _ENGINES.get(id(rulebook), lambda: (rulebook, Engine(rulebook), BatchEngine(rulebook)))
    return engine, batch


def _show(facts: Mapping[str, Any]) -> str:
    """Facts as a failing example prints them: name=value (label), personal numbers masked."""
    parts = []
    for name, value in facts.items():
        if name == MEMBERS:
            records = ("{" + ", ".join(f"{k}={mask_numbers(str(v))}" for k, v in m.items()) + "}" for m in value or ())
            shown = "not given" if value is None else "; ".join(records) or "none"
            parts.append(f"members: {shown}")
            continue
        info = FACTS.get(name)
        unit = " 元" if info is not None and info.kind is Kind.MONEY else ""
        label = f" ({info.label})" if info is not None else ""
        parts.append(f"{name}={mask_numbers(str(value))}{unit}{label}")
    return ", ".join(parts) or "(no facts: every fact unknown)"


#: The least time a property's example is given. Each runs the rule on both engines (the override, on both
#: rulebooks): tens of milliseconds alone, but on a busy machine (tests run in parallel, CI) over hypothesis'
#: default deadline of 200 ms, which failed the recipe of rules/README.md with DeadlineExceeded, a failure
#: that says nothing of the rules; and over a second once (1.17 s, examples/property_test_thresholds.py under a
#: load of 16 to 20 on two cores, 2026-12-08), which this had been.
EXAMPLE_DEADLINE = timedelta(seconds=5)


class RuleKit:
    """Property-testing a rulebook for one region and date: its thresholds, strategies that draw facts
    and households on and one step either side of them, and one-call properties, each checked on both
    engines (they must agree, or the property fails).

    Building a kit compiles both engines for the region and date (once per rulebook), so no example
    pays for a compilation and hypothesis' deadline holds from the first example on.

    >>> from datetime import date
    >>> from fanpin import load_rulebook
    >>> kit = RuleKit(load_rulebook("examples/county_override"), region="532328", as_of=date(2025, 6, 30))
    >>> [str(t) for t in kit.thresholds("income_per_capita", rule="income.below_line")]
    ['income.below_line: income_per_capita < 9000 (income_per_capita < monitoring_line)']
    >>> kit.assert_boundary("income.below_line", "income_per_capita", fires="below")
    """

    def __init__(self, rulebook: Rulebook | None = None, *, region: str, as_of: date) -> None:
        book: Rulebook = checked_rulebook("RuleKit", rulebook) if rulebook is not None else load_rulebook()
        self.rulebook = book
        checked = checked_region(region)
        if checked is None:
            raise ConfigError("RuleKit needs a region", fix='pass region="532328" (the parameters are per region)')
        self.region = region = checked
        self.as_of = as_of = checked_date(as_of)
        _date_argument(as_of)
        self.engine, self.batch = _engines(self.rulebook)
        self.parameters, self.missing_parameters = self.rulebook.parameters.resolve_known(
            self.rulebook.parameters.specs, region, as_of
        )
        self._thresholds = rule_thresholds(self.rulebook, region=region, as_of=as_of)
        self._texts = _text_values(self.rulebook)
        # Warm up: both engines' programs for this region and date are compiled here, not in an example.
        self.outcomes({"income_per_capita": Decimal(0)})
        self.batch.evaluate([{"income_per_capita": 0}], as_of=as_of, region=region)

    def __repr__(self) -> str:
        return f"RuleKit(region={self.region!r}, as_of={self.as_of.isoformat()!r}, rules={len(self.rulebook.rules)})"

    # ---- thresholds and strategies ---------------------------------------------------------------

    def thresholds(
        self, fact: str | None = None, *, rule: str | None = None, scope: Scope | None = None
    ) -> tuple[Threshold, ...]:
        """The thresholds of the rules (of ``rule``) compared with ``fact`` (any fact), in the household
        conditions and the member conditions (``scope`` picks one). A fact or rule this rulebook does not
        know is refused (an empty answer would let a test pass without testing anything)."""
        if fact is not None:
            self._fact(fact, None)
        if rule is not None:
            self._rule(rule)
        if scope not in (None, "household", "member"):
            raise InvalidArgument(f"scope is {scope!r}; it is 'household' or 'member' (None: both)")
        return tuple(
            t
            for t in self._thresholds
            if (fact is None or t.fact == fact)
            and (rule is None or t.rule == rule)
            and (scope is None or t.scope == scope)
        )

    def band_edges(self) -> tuple[Decimal, Decimal, Decimal]:
        """The income bands' edges in 元 (monitoring line, near-line and over-inclusion multiples of it)."""
        missing = [p for p in BAND_PARAMETERS if p not in self.parameters]
        if missing:
            raise AssertionError(f"no value of {', '.join(missing)} for region {self.region} on {self.as_of}")
        line = self.parameters["monitoring_line"].value
        return (
            line,
            line * self.parameters["near_line_multiple"].value,
            line * self.parameters["over_inclusion_multiple"].value,
        )

    def values(self, fact: str, *, allow_unknown: bool = False, scope: Scope = "household") -> st.SearchStrategy[Any]:
        """Values of ``fact`` in its own units: on and one step either side of each of its thresholds
        (money one fen, counts one, months one month, dates one day), and others around them; None
        (unknown) too when ``allow_unknown``. ``scope="member"``: a member fact (``age``, a measure
        column's ``…_count``) and the thresholds of the member conditions."""
        self._fact(fact, scope)
        info = MEMBER_FACTS[fact] if scope == "member" else FACTS[fact]
        points = [p for t in self.thresholds(fact, scope=scope) for p in t.points() if p is not None]
        if scope == "household" and fact == "income_per_capita" and not self.missing_parameters_for_bands():
            points += [edge + d for edge in self.band_edges() for d in (-FEN, Decimal(0), FEN)]
        strategy = self._values_of(info, points, scope)
        return st.one_of(st.none(), strategy, strategy) if allow_unknown else strategy

    def missing_parameters_for_bands(self) -> tuple[str, ...]:
        return tuple(p for p in BAND_PARAMETERS if p not in self.parameters)

    def _values_of(self, info: FactInfo, points: list[Any], scope: Scope) -> st.SearchStrategy[Any]:
        spread: st.SearchStrategy[Any]
        kind, fact = info.kind, info.name
        if kind is Kind.MONEY:
            points = [p for p in points if -LARGEST_MONEY < p < LARGEST_MONEY]
            top = min(max([Decimal(200_000), *(abs(p) * 2 for p in points)]), LARGEST_MONEY)
            usual = money_amounts(max_value=top)
            # Now and then 0, one fen or a huge amount, and below 0 where the fact can be (人均纯收入 when a
            # business lost money): these had never been drawn, so no property saw them.
            # A huge amount written as a mobile number (13000000000) is refused as one pasted into the wrong column.
            huge = _huge_amounts(LARGEST_MONEY).filter(lambda v: mask_numbers(str(v)) == str(v))
            edges = [st.sampled_from([Decimal(0), FEN]), huge]
            if fact_range(fact, HOUSEHOLD if scope == "household" else member_scope())[0] is None:
                edges += [money_amounts(min_value=-top, max_value=-FEN), huge.map(lambda v: -v if v else v)]
            spread = st.one_of(usual, usual, usual, *edges)
        elif kind is Kind.COUNT:
            # Only counts the model takes: a size of 0 or 13 months of a public job is no household, and had
            # failed a property with an example no file can hold.
            low, high = _count_range(fact, scope)
            points = [p for p in points if low <= p and (high is None or p <= high)]
            top = max([low, 12, *(2 * p for p in points)])
            spread = st.integers(low, top if high is None else min(top, high))
        elif kind is Kind.MONTH:
            now = self.as_of.year * 12 + self.as_of.month - 1
            spread = st.integers(now - 72, now + 12).map(lambda n: _natural(Kind.MONTH, n))
        elif kind is Kind.DATE:
            spread = st.dates(self.as_of - timedelta(days=800), self.as_of + timedelta(days=800))
        elif kind is Kind.BOOL:
            return st.booleans()
        elif kind is Kind.QUANTITY:
            spread = st.sampled_from([Decimal(0), Decimal("0.5"), Decimal(3), Decimal(100)])
        elif (enum := info.enum) is not None:
            return st.sampled_from([member.label for member in enum])
        else:
            return st.sampled_from(sorted(self._texts.get(fact, set()) | {"其他"}))
        return st.one_of(st.sampled_from(sorted(set(points))), spread) if points else spread

    def facts(
        self, *, rules: Iterable[str] | None = None, allow_unknown: bool = True
    ) -> st.SearchStrategy[dict[str, Any]]:
        """Facts for ``evaluate_facts`` (natural units; a fact left out is unknown): every household fact
        the rules (all of them by default) read, drawn by :meth:`values`. Facts are drawn independently
        of one another, as a rule's cases state them. When the rules read members (``any``, ``all``,
        ``count`` over them, or a member-scope rule), the household's ``members`` are drawn too, by
        :meth:`members`."""
        chosen = self._chosen(rules)
        conditions = [self.rulebook.rules[r].condition for r in chosen]
        inside = [a.condition for a in aggregates_of(conditions) if a.condition is not None]
        read = {f for r in chosen for f in self.rulebook.rules[r].facts}
        read |= {f for c in inside for f in household_facts_read(c)}
        names = sorted(read & _HOUSEHOLD_FACTS)
        drawn: dict[str, st.SearchStrategy[Any]] = {
            name: self.values(name, allow_unknown=allow_unknown) for name in names
        }
        if inside:
            drawn[MEMBERS] = self.members(rules=chosen, allow_unknown=allow_unknown)
        return st.fixed_dictionaries(drawn).map(lambda d: {k: v for k, v in d.items() if v is not None})

    def members(
        self, *, rules: Iterable[str] | None = None, max_members: int = 4, allow_unknown: bool = True
    ) -> st.SearchStrategy[tuple[dict[str, str], ...] | None]:
        """A household's members as the person-level export writes them (one record of cells per member,
        Chinese headers): None (members not given), no member, or one to ``max_members``. Every member
        fact the member conditions of ``rules`` (all by default) read is drawn on and one step either side
        of each of its thresholds — ``age`` through the birth date (on the birthday, the day before and
        the day after), a measure column's ``…_count`` through that many labels, a disability level through
        a disability card number — and the rest of each record is :func:`member_records`'."""
        chosen = self._chosen(rules)
        inside = [
            a.condition
            for a in aggregates_of(self.rulebook.rules[r].condition for r in chosen)
            if a.condition is not None
        ]
        names = sorted({f for c in inside for f in member_facts_read(c)} & set(MEMBER_FACTS))
        settable = [n for n in names if _member_cells(n, None, self.as_of) is not None]
        drawn = {n: self.values(n, allow_unknown=allow_unknown, scope="member") for n in settable}
        if "birth_date" in drawn:
            # A member's age (age(birth_date), age >= 60) is drawn through the birth date: on the birthday
            # of each age threshold and its neighbours, the day before or the day after it; or on and one
            # day either side of a birth-date threshold (birth_date <= 1965-06-30, age_on(…)).
            ages = st.tuples(self.values("age", scope="member"), st.sampled_from([-1, 0, 0, 1]))
            by_age = ages.map(lambda t: _birthday(self.as_of, t[0], t[1]))
            born = st.one_of(by_age, by_age, self.values("birth_date", scope="member"))
            drawn["birth_date"] = st.one_of(st.none(), born, born) if allow_unknown else born
        one = st.tuples(member_records(household_id="H1", as_of=self.as_of), st.fixed_dictionaries(drawn)).map(
            lambda t: _member_record(t[0], t[1], self.as_of)
        )
        some = st.lists(one, min_size=0, max_size=max_members).map(tuple)
        return st.one_of(st.none(), some, some, some) if allow_unknown else some

    def households(
        self, *, min_size: int = 1, max_size: int = 8, allow_unknown: bool = True
    ) -> st.SearchStrategy[Household]:
        """Valid households of the kit's region whose per-capita income lands on and one fen either side
        of every threshold of per-capita income (rules and bands), and whose medical, education,
        disaster and previous rigid spending land on their thresholds."""
        near: dict[str, list[Decimal]] = {}
        for fact in ("income_per_capita", "medical_out_of_pocket", "education_expense", "disaster_loss"):
            near[fact] = [t.value for t in self.thresholds(fact) if isinstance(t.value, Decimal)]
        near["prev_rigid_expense"] = [t.value for t in self.thresholds("prev_rigid_expense")]
        if not self.missing_parameters_for_bands():
            near["income_per_capita"] += list(self.band_edges())
        line = self.parameters["monitoring_line"].value if "monitoring_line" in self.parameters else Decimal(8700)
        records = household_records(
            region=self.region,
            min_size=min_size,
            max_size=max_size,
            line=line,
            allow_unknown=allow_unknown,
            near={k: tuple(v) for k, v in near.items()},
        )
        return _validated(records)

    # ---- outcomes on both engines ----------------------------------------------------------------

    def _encoded(self, facts: Mapping[str, Any]) -> dict[str, int | float | str]:
        natural: dict[str, Any] = {}
        for name, raw in facts.items():
            self._fact(name, "household")
            if FACTS[name].kind is Kind.MONTH and (as_float := month_as_number(raw, python=True)) is not None:
                raise InvalidArgument(f"fact {name!r}: {as_float}")  # 2024.3: told the month meant, 202403
            try:
                value = case_value(name, raw)
            except ValueError as exc:
                raise InvalidArgument(f"fact {name!r}: {exc}") from None
            if value is not None:
                natural[name] = value
        return encode_all(set_facts(natural) | natural)

    def _fact(self, name: str, scope: Scope | None) -> None:
        """A :class:`hypothesis.errors.InvalidArgument` unless ``name`` is a fact of ``scope`` (either, if
        None; member facts include the measure columns' label facts)."""
        household = scope in (None, "household") and name in FACTS
        member = scope in (None, "member") and (name in MEMBER_FACTS or label_of(name) is not None)
        if household or member:
            return
        known = [*(FACTS if scope != "member" else ()), *(MEMBER_FACTS if scope != "household" else ())]
        close = difflib.get_close_matches(name, known, n=1) if isinstance(name, str) else []
        hint = f"; did you mean {close[0]}?" if close else ""
        kind = f"{scope} fact" if scope else "fact"
        raise InvalidArgument(f"no {kind} {name!r}{hint} (the facts are listed in rules/README.md)")

    def outcomes(self, *facts: Mapping[str, Any]) -> list[dict[str, Outcome]]:
        """Every rule's outcome (fires / silent / not_evaluable) for each facts mapping, computed by both
        engines; an AssertionError names the rules and facts where they disagree."""
        odd = [f for f in facts if not isinstance(f, Mapping)][:1]
        if odd:
            raise InvalidArgument(f"facts must be a mapping of fact names to values, not {type(odd[0]).__name__}")
        given = [_members_of(f) for f in facts]
        models = [None if m is None else tuple(_member(r, n) for n, r in enumerate(m, 1)) for m in given]
        plain = [{k: v for k, v in f.items() if k != MEMBERS} for f in facts]
        rows = [
            self._encoded(f) | ({} if m is None else {MEMBER_COUNT: len(m)}) for f, m in zip(plain, models, strict=True)
        ]
        member_table = [{**member_row(member), "__household": i} for i, m in enumerate(models) for member in m or ()]
        given_any = any(m is not None for m in models)
        table = self.batch.rule_outcomes(
            rows, as_of=self.as_of, region=self.region, members=member_table if given_any else None
        ).iter_rows(named=True)
        names = {True: "fires", False: "silent", None: "not_evaluable"}
        results: list[dict[str, Outcome]] = []
        for one, members, batch_row in zip(plain, models, table, strict=True):
            a = self.engine.evaluate_facts(one, as_of=self.as_of, region=self.region, members=members)
            fired, unknown = set(a.flag_ids), set(a.not_evaluable)
            durable: dict[str, Outcome] = {
                r: "fires" if r in fired else "not_evaluable" if r in unknown else "silent" for r in self.rulebook.rules
            }
            batch: dict[str, Outcome] = {r: names[batch_row[r]] for r in self.rulebook.rules}  # type: ignore[misc]
            if durable != batch:
                differ = ", ".join(
                    f"{r}: durable {durable[r]}, batch {batch[r]}" for r in durable if durable[r] != batch[r]
                )
                raise AssertionError(f"the engines disagree ({differ}) on the facts {_show(facts[len(results)])}")
            results.append(durable)
        return results

    def outcome(self, rule_id: str, facts: Mapping[str, Any]) -> Outcome:
        """``rule_id``'s outcome for ``facts`` (both engines)."""
        self._rule(rule_id)
        return self.outcomes(facts)[0][rule_id]

    def _expect(self, rule_id: str, facts: Mapping[str, Any], expected: Outcome) -> None:
        got = self.outcome(rule_id, facts)
        if got != expected:
            raise AssertionError(
                f"{rule_id}: expected {expected}, got {got} for region {self.region} on {self.as_of} "
                f"with the facts {_show(facts)}"
            )

    def assert_fires(self, rule_id: str, facts: Mapping[str, Any]) -> None:
        """``rule_id`` fires for ``facts`` on both engines."""
        self._expect(rule_id, facts, "fires")

    def assert_silent(self, rule_id: str, facts: Mapping[str, Any]) -> None:
        """``rule_id`` is evaluated and does not fire for ``facts`` on both engines."""
        self._expect(rule_id, facts, "silent")

    def assert_not_evaluable(self, rule_id: str, facts: Mapping[str, Any]) -> None:
        """``rule_id`` cannot be evaluated for ``facts`` (a fact it needs is unknown) on both engines."""
        self._expect(rule_id, facts, "not_evaluable")

    def _rule(self, rule_id: str, *others: Rulebook) -> None:
        """An :class:`hypothesis.errors.InvalidArgument` unless ``rule_id`` is a rule of this rulebook (or of
        one of ``others``), with the nearest id."""
        known = [r for book in (self.rulebook, *others) for r in book.rules]
        if rule_id not in known:
            close = difflib.get_close_matches(rule_id, known, n=1) if isinstance(rule_id, str) else []
            hint = f"; did you mean {close[0]}?" if close else ""
            raise InvalidArgument(f"no rule {rule_id!r} in this rulebook{hint}")

    def _chosen(self, rules: object, *others: Rulebook) -> list[str]:
        """``rules``, rule ids of this rulebook (or of ``others``), as a list; all this rulebook's for None. One
        text had been read letter by letter (``no rule 'i'``), and a misspelt id was a bare KeyError."""
        if rules is None:
            return list(self.rulebook.rules)
        if isinstance(rules, str) or not isinstance(rules, Iterable):
            raise InvalidArgument(
                f"rules is {type(rules).__name__} {rules!r}, not a list of rule ids: rules=['income.below_line']"
            )
        chosen = list(rules)
        for rule_id in chosen:
            self._rule(rule_id, *others)
        return chosen

    def _read(self, rule_id: str, fact: str) -> None:
        """An :class:`hypothesis.errors.InvalidArgument` unless ``rule_id``'s condition reads ``fact``: a
        property over a fact the rule never reads passed (monotone) or asked for a ``threshold=`` that could
        not help (boundary), where the author had named the wrong fact."""
        condition = self.rulebook.rules[rule_id].condition
        inside = [a.condition for a in aggregates_of([condition]) if a.condition is not None]
        read = set().union(*(facts_of(c) for c in (condition, *inside))) - AGGREGATES.keys()
        read |= {t.fact for t in self._thresholds if t.rule == rule_id}  # a member's age, read as its birth date
        # and where its threshold has no value here (the kit's date before the parameter's): the age is read all
        # the same, where the rule had been said not to read it, with the fix to name birth_date, which failed too
        read |= {
            target[0]
            for c in inside
            for atom in atoms(c)
            if isinstance(atom, TCompare)
            for side in (atom.left, atom.right)
            if (target := _fact_target(side, self.as_of)) is not None
        }
        if fact not in read:
            raise InvalidArgument(
                f"{rule_id} does not read {fact}: its condition reads {', '.join(sorted(read)) or 'no fact'}; "
                "name one of those"
            )

    # ---- one-call properties ---------------------------------------------------------------------

    def _threshold(self, rule_id: str, fact: str, threshold: str | Decimal | int | None) -> Threshold:
        self._rule(rule_id)
        self._fact(fact, None)
        self._read(rule_id, fact)
        inside = self.thresholds(fact, rule=rule_id, scope="member")
        scope: Scope = "member" if inside or fact not in FACTS else "household"
        kind = (MEMBER_FACTS if scope == "member" else FACTS)[fact].kind
        if threshold is None:
            found = {t.encoded: t for t in self.thresholds(fact, rule=rule_id, scope=scope)}
            condition = self.rulebook.rules[rule_id].condition
            read = params_of(condition).union(*(params_of(c) for c in _member_conditions(condition)))
            unvalued = sorted(read & set(self.missing_parameters))
            if not found and unvalued:
                raise InvalidArgument(
                    f"{rule_id} compares {fact} with {', '.join(unvalued)}, which has no value for region "
                    f"{self.region or '(national)'} on {self.as_of}: make the kit for a region and date the "
                    "parameter covers (RuleKit(book, region=…, as_of=…)), or pass threshold="
                )
            if len(found) != 1:
                listed = "; ".join(str(t) for t in found.values()) or "none"
                raise InvalidArgument(
                    f"{rule_id} compares {fact} with {len(found)} thresholds ({listed}): pass threshold= "
                    "(a parameter expression such as 'near_line_multiple * monitoring_line', or a value)"
                )
            return next(iter(found.values()))
        if isinstance(threshold, str):
            params = {
                name: ParamInfo(
                    name, "money" if spec.unit == "money" else "plain", spec.label, spec.unit, spec.label_en
                )
                for name, spec in self.rulebook.parameters.specs.items()
            }
            condition = check_condition(f"{fact} < ({threshold})", FACTS, params)
            assert isinstance(condition, TCompare)
            folded = fold(condition.right, self.parameters)
            if folded is None:
                raise InvalidArgument(f"{threshold} has no value for region {self.region} on {self.as_of}")
            return Threshold(
                rule_id, fact, "<", threshold, tuple(sorted(params_of(condition.right))), kind, folded, scope=scope
            )
        return Threshold(rule_id, fact, "<", str(threshold), (), kind, _encoded_number(kind, threshold), scope=scope)

    def _given(
        self, strategy: st.SearchStrategy[Any], check: Callable[[Any], None], examples: Iterable[Any] = ()
    ) -> None:
        """Run ``check`` on ``examples`` first, then on examples of ``strategy``, under the current
        hypothesis settings profile, with a deadline of at least :data:`EXAMPLE_DEADLINE` (a profile's
        ``deadline=None`` stays None)."""
        for value in examples:
            check = example(value)(check)
        profile = settings()  # the current profile's
        if profile.deadline is not None and profile.deadline < EXAMPLE_DEADLINE:
            profile = settings(profile, deadline=EXAMPLE_DEADLINE)
        profile(given(strategy)(check))()

    def assert_boundary(
        self,
        rule_id: str,
        fact: str,
        *,
        fires: Side,
        threshold: str | Decimal | int | None = None,
        given_facts: st.SearchStrategy[dict[str, Any]] | None = None,
    ) -> None:
        """``rule_id`` changes exactly where ``fact`` crosses ``threshold``, on the side stated:

        ``fires="below"`` means the rule's test is ``fact < threshold`` (on the threshold it does not
        hold), ``"at_or_below"`` ``fact <= threshold``, ``"above"`` ``>``, ``"at_or_above"`` ``>=``.
        For every drawn set of other facts (``given_facts``, by default :meth:`facts` of the rule), the
        rule is evaluated with ``fact`` one step below, on and one step above the threshold: the
        outcome must be the same on the points where the test holds, the same on the points where it
        does not, and no lower (fires > not evaluable > silent) where it holds. Somewhere among the
        examples the outcome must change at the threshold, or the rule's boundary is not there.

        ``threshold`` is the rule's own when it compares ``fact`` with one threshold; otherwise pass a
        parameter expression (``"near_line_multiple * monitoring_line"``) or a value in the fact's units.
        """
        fires = checked_choice("fires", fires, _HOLDS)
        t = self._threshold(rule_id, fact, threshold)
        points = t.points()
        holds = _HOLDS[fires]
        base = given_facts if given_facts is not None else self.facts(rules=(rule_id,))
        changed: list[bool] = []

        def at(facts: dict[str, Any], value: Any) -> dict[str, Any]:
            """``facts`` with ``fact`` at ``value``: for a member fact, on every member (one when none)."""
            if t.scope == "household":
                return {**facts, fact: value}
            members = _members_of(facts) or ({"户编号": "H1"},)
            return {**facts, MEMBERS: tuple(_member_record(m, {fact: value}, self.as_of) for m in members)}

        def boundary(facts: dict[str, Any]) -> None:
            used = [(i, p) for i, p in enumerate(points) if p is not None]
            got = dict(
                zip(
                    (i for i, _ in used),
                    (o[rule_id] for o in self.outcomes(*(at(facts, p) for _, p in used))),
                    strict=True,
                )
            )
            shown = "; ".join(f"{fact}={points[i]} ({_STEP_NAMES[i]}): {got[i]}" for i in got)
            note(f"{rule_id} with {shown}")
            on_side = {got[i] for i in got if holds[i]}
            off_side = {got[i] for i in got if not holds[i]}
            problem = ""
            if len(on_side) > 1 or len(off_side) > 1:
                problem = "the outcome changes on one side of the threshold"
            elif on_side and off_side and _RANK[next(iter(on_side))] < _RANK[next(iter(off_side))]:
                problem = "the rule is weaker where its test holds than where it does not"
            if problem:
                raise AssertionError(
                    f"{rule_id} does not change exactly at {fact} {_SIDE_OPERATOR[fires]} {t.term} (= {t.value}): "
                    f"{problem}. {shown}. Other facts: {_show(facts)}"
                )
            changed.append(on_side != off_side)

        # Every other fact unknown first: under Kleene's logic a test that decides the rule then moves it
        # (unknown and true is unknown, unknown and false is false), so the step shows on the first example.
        # given_facts replaces the drawn other facts, that first example included.
        self._given(base, boundary, examples=[{}] if given_facts is None else [])
        if not any(changed):
            raise AssertionError(
                f"{rule_id} never changed between {fact}={points[0]} and {fact}={points[2]} in {len(changed)} "
                f"examples: its boundary on {fact} is not at {t.term} (= {t.value}), or the rule does not read {fact}"
            )

    def assert_monotone(
        self,
        rule_id: str,
        fact: str,
        *,
        fires: Literal["below", "above"],
        given_facts: st.SearchStrategy[dict[str, Any]] | None = None,
    ) -> None:
        """Moving ``fact`` towards the side where ``rule_id`` fires never makes its outcome weaker: with
        ``fires="below"``, a lower value gives an outcome at least as strong (fires > not evaluable >
        silent), whatever the other facts are."""
        fires = checked_choice("fires", fires, ("below", "above"))
        self._rule(rule_id)
        self._fact(fact, "household")
        self._read(rule_id, fact)
        kind = FACTS[fact].kind
        base = given_facts if given_facts is not None else self.facts(rules=(rule_id,))
        pairs = st.tuples(base, self.values(fact), self.values(fact))

        def monotone(drawn: tuple[dict[str, Any], Any, Any]) -> None:
            facts, a, b = drawn
            low, high = sorted((a, b), key=lambda v: _encoded_number(kind, v))
            at_low, at_high = (o[rule_id] for o in self.outcomes({**facts, fact: low}, {**facts, fact: high}))
            stronger, weaker = (at_low, at_high) if fires == "below" else (at_high, at_low)
            if _RANK[stronger] < _RANK[weaker]:
                raise AssertionError(
                    f"{rule_id} is not monotone in {fact} (fires {fires}): {fact}={low} gives {at_low}, "
                    f"{fact}={high} gives {at_high}. Other facts: {_show(facts)}"
                )

        self._given(pairs, monotone)

    def assert_bands_partition(self) -> None:
        """The income bands cover every per-capita income once, in order: below_line < line ≤ near_line <
        near_line_multiple × line ≤ above_line < over_inclusion_multiple × line ≤ far_above, each band
        non-empty, an income exactly on an edge in the band above it, on both engines."""
        line, near, far = self.band_edges()
        if not line < near < far:
            raise AssertionError(
                f"the income bands overlap or leave one empty for region {self.region} on {self.as_of}: "
                f"monitoring line {line}, near-line edge {near}, over-inclusion edge {far} (need line < near < far)"
            )

        def expected(income: Decimal) -> str:
            return (
                "below_line"
                if income < line
                else "near_line"
                if income < near
                else "above_line"
                if income < far
                else "far_above"
            )

        def bands(income: Decimal) -> None:
            durable = self.engine.evaluate_facts({"income_per_capita": income}, as_of=self.as_of, region=self.region)
            batch = self.batch.evaluate(
                [self._encoded({"income_per_capita": income})], as_of=self.as_of, region=self.region
            )
            got = (durable.income_band, batch.get_column("income_band")[0])
            if got != (expected(income), expected(income)):
                raise AssertionError(
                    f"income_per_capita={income} is in band {got[0]} (durable) / {got[1]} (batch), expected "
                    f"{expected(income)} (edges {line}, {near}, {far})"
                )

        self._given(self.values("income_per_capita"), bands)

    def assert_override_changes_only(
        self, reference: RuleKit | Rulebook | None = None, *, rules: Iterable[str] | None = None
    ) -> None:
        """Against ``reference`` (by default the reference rules alone), this kit's rulebook changes no
        rule's outcome but ``rules``: by default the rules it adds, removes (``disable``) or rewrites and
        the rules that read a parameter whose value it changes for this region and date (in their member
        conditions too). Facts are drawn near the thresholds of both rulebooks, and members when a rule of
        either reads them."""
        if isinstance(reference, str | list | tuple | set | frozenset):
            # the rules allowed to change, given first: it had been "RuleKit takes a Rulebook, not list"
            raise ConfigError(
                f"assert_override_changes_only's first argument is the rulebook to compare with, not a "
                f"{type(reference).__name__}",
                fix='name the rules that may change as rules=[…] (assert_override_changes_only(rules=["R03"]))',
            )
        if not isinstance(reference, RuleKit):
            reference = RuleKit(reference or load_rulebook(), region=self.region, as_of=self.as_of)
        allowed = set(self._chosen(rules, reference.rulebook)) if rules is not None else self.changed_rules(reference)
        names = sorted(
            {f for book in (self.rulebook, reference.rulebook) for r in book.rules.values() for f in r.facts}
            & _HOUSEHOLD_FACTS
        )
        merged = {name: st.one_of(st.none(), self.values(name), reference.values(name)) for name in names}
        # The members too, when a rule of either reads them: without them every member rule was not evaluable
        # in both rulebooks, and an override that changed one passed.
        readers = [
            (kit, [r for r, rule in kit.rulebook.rules.items() if _member_conditions(rule.condition)])
            for kit in (self, reference)
        ]
        drawers = [kit.members(rules=chosen) for kit, chosen in readers if chosen]
        if drawers:
            merged[MEMBERS] = st.one_of(*drawers)
        drawn = st.fixed_dictionaries(merged).map(lambda d: {k: v for k, v in d.items() if v is not None})

        def override(facts: dict[str, Any]) -> None:
            ours, theirs = self.outcomes(facts)[0], reference.outcomes(facts)[0]
            differ = {
                r: (theirs.get(r, "absent"), ours.get(r, "absent"))
                for r in {*ours, *theirs}
                if ours.get(r, "absent") != theirs.get(r, "absent")
            }
            unexpected = {r: v for r, v in differ.items() if r not in allowed}
            if unexpected:
                listed = "; ".join(f"{r}: {a} → {b}" for r, (a, b) in sorted(unexpected.items()))
                raise AssertionError(
                    f"the override changes rules it should not ({listed}); it may change {sorted(allowed)}. "
                    f"Facts: {_show(facts)}"
                )

        # First, each point of a threshold the override moved, alone: where the two rulebooks part.
        both = {(t.fact, t.encoded) for t in self._thresholds} & {(t.fact, t.encoded) for t in reference._thresholds}
        moved = [t for t in (*self._thresholds, *reference._thresholds) if (t.fact, t.encoded) not in both]
        firsts = [{t.fact: p} for t in moved for p in t.points() if p is not None and t.fact in _HOUSEHOLD_FACTS]
        self._given(drawn, override, examples=firsts)

    def changed_rules(self, reference: RuleKit) -> set[str]:
        """The rules whose outcome this kit's rulebook may change against ``reference``: added, removed or
        rewritten rules, and rules reading a parameter whose value differs for the region and date (in a
        member condition too)."""
        ours, theirs = self.rulebook.rules, reference.rulebook.rules
        changed = set(ours) ^ set(theirs)
        changed |= {
            r
            for r in set(ours) & set(theirs)
            if ours[r].spec != theirs[r].spec or ours[r].condition != theirs[r].condition
        }

        def value(kit: RuleKit, name: str) -> Decimal | None:
            p = kit.parameters.get(name)
            return None if p is None else p.value

        # A rule's parameters include those of its member conditions (any(members, age >= elderly_age), a
        # member-scope rule's): a county's new age was missed, and the rules reading it not allowed to change.
        read = {r.id: r.params.union(*(params_of(c) for c in _member_conditions(r.condition))) for r in ours.values()}
        params = set().union(*read.values())
        moved = {name for name in params if value(self, name) != value(reference, name)}
        changed |= {rule_id for rule_id, names in read.items() if names & moved}
        return changed


# ---- regions and dates where the parameters change -----------------------------------------------------


def _rulebook_argument(rulebook: object) -> Rulebook:
    """``rulebook``, or the reference rules for None; anything else (a folder's path) is an
    :class:`~hypothesis.errors.InvalidArgument`, where it had been an ``AttributeError``."""
    if rulebook is None:
        return load_rulebook()
    if not isinstance(rulebook, Rulebook):
        raise InvalidArgument(
            f"rulebook is {type(rulebook).__name__}, not a Rulebook: pass load_rulebook(folder), or nothing for the "
            "reference rules"
        )
    return rulebook


def _specs(book: Rulebook, parameter: str | None) -> list[ParameterSpec]:
    """The specs of ``parameter`` (all of them without it); an unknown name is a :class:`ConfigError`."""
    if parameter is None:
        return list(book.parameters.specs.values())
    if parameter not in book.parameters.specs:
        close = suggest(parameter, book.parameters.specs)
        raise ConfigError(
            f"the rulebook has no parameter {parameter!r}" + (f"; did you mean {close}?" if close else ""),
            fix="name a parameter of the rulebook's files (rules/parameters.yaml, a county folder)",
        )
    return [book.parameters.specs[parameter]]


def regions(rulebook: Rulebook | None = None, *, parameter: str | None = None) -> st.SearchStrategy[str]:
    """Region codes where the rulebook's parameters (or ``parameter``'s) differ: every region a value is
    given for (a province as ``53``, a county as ``532328``), codes inside each (a county's code inside a
    province or prefecture, and a village's 12 digits, as households carry them, inside every one), and a code
    outside all of them (national values only): a province's of GB/T 2260 (:data:`fanpin.regions.PROVINCES`),
    as every code drawn is. A county's inside code had been the county itself; the outside code had been 99,
    which names no province."""
    book = _rulebook_argument(rulebook)
    specs = _specs(book, parameter)
    prefixes = sorted({v.region for spec in specs for v in spec.values if v.region})
    codes = set(prefixes)
    for prefix in prefixes:
        if len(prefix) < 6:  # a county inside a province or a prefecture
            codes.add((prefix + "0101")[:6])
        codes.add(prefix + "010101010101"[len(prefix) :])  # a village inside: 532328 → 532328010101
    # a province no value is given in (a real one: a code of no province, 99, is refused where it is read)
    outside = {next((c for c in sorted(PROVINCE_CODES, reverse=True) if all(c != p[:2] for p in prefixes)), "")}
    return st.sampled_from(sorted(codes | outside - {""}))


def as_of_dates(
    rulebook: Rulebook | None = None, *, parameter: str | None = None, region: str | None = None
) -> st.SearchStrategy[date]:
    """Evaluation dates on and one day either side of every date a parameter value starts or ends (of
    ``parameter``, for the values that apply to ``region``), and dates between them."""
    book = _rulebook_argument(rulebook)
    if region is not None:
        _region_argument(region)
    specs = _specs(book, parameter)
    edges: set[date] = set()
    for spec in specs:
        for v in spec.values:
            if region is not None and not region.startswith(v.region):
                continue
            for day in (v.from_, v.until):
                if day is not None:
                    edges |= {day + timedelta(days=d) for d in (-1, 0, 1) if _in_calendar(day, d)}
    if not edges:
        return st.dates()
    end = max(edges)
    spread = st.dates(min(edges), end + timedelta(days=730) if _in_calendar(end, 730) else date.max)
    return st.one_of(st.sampled_from(sorted(edges)), spread)


def _in_calendar(day: date, days: int) -> bool:
    """Whether ``days`` days from ``day`` is still a date (a value from 0001-01-01, or until 9999-12-31)."""
    return date.min.toordinal() <= day.toordinal() + days <= date.max.toordinal()


# ---- how a failing example shows a household -----------------------------------------------------------


def _pretty_household(household: Household, printer: RepresentationPrinter, cycle: bool) -> None:
    """A household as hypothesis prints a failing example: the ``model_validate`` call that rebuilds it,
    with every value it holds (unknown ones left out, personal ones masked as every dump writes them).
    ``repr`` stays short on purpose: it ends up in logs."""
    record = household.model_dump(mode="json", exclude_computed_fields=True, exclude_defaults=True)
    printer.text(f"Household.model_validate({record!r})")


for_type_by_name("fanpin.model.household", "Household", _pretty_household)
