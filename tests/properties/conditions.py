"""Random rule conditions for the analysis' soundness properties, written as rule authors write them.

Each condition picks two or three families of tests (a count against numbers, income against the line, a
month window, a vocabulary, …) and combines a few tests of those families with and / or / not, so that
tests on one fact meet often: half-open ranges written with and, sets that cancel, windows whose ends are
swapped — the contradictions the analysis must find — and as many satisfiable ones. Constants sit on the
values the household strategies draw (0, the line, one fen off it), so satisfiable conditions fire.

``choose`` picks one item of a sequence: ``random.Random.choice`` for a fixed list, or a hypothesis draw.
A threshold test also carries a fallback so that generated conditions stay well-typed.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import date
from typing import TypeVar

from fanpin.lang.typecheck import ParamInfo
from fanpin.rulebook import Rulebook

T = TypeVar("T")
Choose = Callable[[Sequence[T]], T]

OPS = ("<", "<=", ">", ">=", "==", "!=")
#: (region, date) pairs: Yunnan now and in 2023 (元谋县's own line), Hebei, Qinghai, a province with only the
#: national values, and a date before any value.
CONTEXTS = (
    ("532328", date(2025, 6, 30)),
    ("532328", date(2023, 6, 30)),
    ("130102", date(2022, 5, 1)),
    ("630102", date(2022, 6, 1)),
    ("440101", date(2025, 6, 1)),
    ("532328", date(2019, 1, 1)),
)

_COUNTS = {
    "labor_count": ("-1", "0", "1", "2", "3", "8"),
    "size": ("0", "1", "2", "4", "8", "9"),
    "public_job_months": ("0", "1", "6", "12", "13"),
    "serious_illness_count": ("0", "1", "2", "3"),
}
_MONEY = {
    "income_per_capita": ("0", "0.01", "5000", "8699.99", "8700", "10440", "26100"),
    "prev_income_per_capita": ("0", "8700", "12428.57"),
    "loan_balance": ("0", "20000", "50000"),
    "wage_income": ("0", "0.01", "20000"),
    "medical_out_of_pocket": ("0", "50000", "80000"),
    "rigid_expense": ("0", "5200", "50000"),
}
_THRESHOLDS = (
    "monitoring_line",
    "near_line_multiple * monitoring_line",
    "deep_low_line",
    "dibao_line",
    "dibao_edge_multiple * dibao_line",
    "over_inclusion_multiple * monitoring_line",
)
_MONTHS = ("2021-12", "2022-08", "2022-10", "2023-03", "2023-04", "2024-06", "2025-06")
_DATES = ("2024-06-30", "2025-06-30", "2025-07-01", "2026-01-01")
_WORDS = {
    "household_type": ("脱贫户", "一般农户"),
    "monitoring_category": ("脱贫不稳定户", "边缘易致贫户", "突发严重困难户"),
    "risk_1": ("因病", "因学", "因残", "缺劳动力", "其他"),
    "industry_support": ("到户产业", "资产收益", "无"),
    "elimination_method": ("帮扶消除", "自然消除"),
    "loan_purpose": ("种植", "养殖", "建房"),
}
_YES_NO = ("housing_unsafe", "dropout", "no_labor_household", "monitored", "risk_eliminated", "wants_loan", "relocated")
_MISSING = (
    "labor_count",
    "prev_income_per_capita",
    "monitoring_category",
    "identified_month",
    "loan_purpose",
    "dropout",
)
_COMPUTED = (
    "(prev_income_per_capita - income_per_capita) / prev_income_per_capita",
    "(net_income - rigid_expense) / size",
    "coalesce(public_job_income, 0)",
    "wage_income - coalesce(public_job_income, 0)",
    "abs(income_per_capita - prev_income_per_capita)",
)


def _count(choose: Choose[str]) -> str:
    fact = choose(list(_COUNTS))
    return f"{fact} {choose(OPS)} {choose(_COUNTS[fact])}"


def _money(choose: Choose[str]) -> str:
    fact = choose(list(_MONEY))
    return f"{fact} {choose(OPS)} {choose(_MONEY[fact])}"


def _line(choose: Choose[str]) -> str:
    fact = choose(("income_per_capita", "prev_income_per_capita"))
    return f"{fact} {choose(OPS)} {choose(_THRESHOLDS)}"


def _month(choose: Choose[str]) -> str:
    shape = choose(("const", "const", "pair", "since"))
    if shape == "pair":
        return f"eliminated_month {choose(OPS)} identified_month"
    if shape == "since":
        return f"months_since(identified_month) {choose(OPS)} {choose(('0', '1', '6', 'min_monitoring_months'))}"
    return f"{choose(('identified_month', 'eliminated_month'))} {choose(OPS)} {choose(_MONTHS)}"


def _date(choose: Choose[str]) -> str:
    if choose(("const", "const", "until")) == "until":
        return f"days_until(loan_due) {choose(OPS)} {choose(('0', '90', 'loan_due_window_days'))}"
    return f"loan_due {choose(OPS)} {choose(_DATES)}"


def _word(choose: Choose[str]) -> str:
    fact = choose(list(_WORDS))
    values = _WORDS[fact]
    shape = choose(("==", "!=", "in", "not in"))
    if shape in ("==", "!="):
        return f'{fact} {shape} "{choose(values)}"'
    chosen = sorted({choose(values), choose(values)})
    return f"{fact} {shape} {{{', '.join(f'{v!r}'.replace(chr(39), chr(34)) for v in chosen)}}}"


def _set(choose: Choose[str]) -> str:
    shape = choose(("contains", "contains", "any", "empty", "not empty"))
    if shape == "empty":
        return "risks is empty"
    if shape == "not empty":
        return "risks is not empty"
    risks = _WORDS["risk_1"]
    if shape == "any":
        return f'risks contains {{"{choose(risks)}", "{choose(risks)}"}}'
    return f'risks contains "{choose(risks)}"'


def _yes_no(choose: Choose[str]) -> str:
    return choose(_YES_NO)


def _missing(choose: Choose[str]) -> str:
    return f"{choose(_MISSING)} is {choose(('missing', 'not missing'))}"


def _computed(choose: Choose[str]) -> str:
    term = choose(_COMPUTED)
    if term.startswith("(prev"):
        return f"{term} {choose(OPS)} {choose(('0', 'income_drop_ratio', '0.5'))}"
    if term.startswith("(net"):
        return f"{term} {choose(OPS)} {choose(('monitoring_line', '8700', '0'))}"
    return f"{term} {choose(OPS)} {choose(('0', '20000', 'public_job_share * wage_income'))}"


def _counts_pair(choose: Choose[str]) -> str:
    return f"labor_count {choose(OPS)} size"


#: The pools a family picks its fact or term from: within one condition, mostly the same one.
_FACT_POOLS = {
    tuple(_COUNTS),
    tuple(_MONEY),
    ("income_per_capita", "prev_income_per_capita"),
    ("identified_month", "eliminated_month"),
    tuple(_WORDS),
    _YES_NO,
    _MISSING,
    _COMPUTED,
}

FAMILIES: dict[str, Callable[[Choose[str]], str]] = {
    "count": _count,
    "money": _money,
    "line": _line,
    "month": _month,
    "date": _date,
    "word": _word,
    "set": _set,
    "yes_no": _yes_no,
    "missing": _missing,
    "computed": _computed,
    "counts_pair": _counts_pair,
}


def condition(choose: Choose[str], *, depth: int = 2) -> str:
    """A condition of up to ``2 ** depth`` tests from two families, each on one fact most of the time."""
    families = [choose(list(FAMILIES)) for _ in range(2)]
    facts: dict[tuple[str, ...], str] = {}

    def focused(options: Sequence[str]) -> str:
        """The fact (or term) this condition tests in a family: the same one three times out of four."""
        key = tuple(options)
        if key not in facts:
            facts[key] = choose(options)
        return choose(options) if choose(("same", "same", "same", "other")) == "other" else facts[key]

    def pick(options: Sequence[str]) -> str:
        known = tuple(options)
        if known in _FACT_POOLS:
            return focused(options)
        return choose(options)

    def node(level: int) -> str:
        shape = choose(("test", "and", "and", "or", "not")) if level else "test"
        if shape == "test":
            return FAMILIES[choose(families)](pick)
        if shape == "not":
            return f"not ({node(level - 1)})"
        return f"({node(level - 1)}) {shape} ({node(level - 1)})"

    return node(depth)


def seeded(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [condition(rng.choice) for _ in range(count)]


def param_infos(book: Rulebook) -> dict[str, ParamInfo]:
    return {
        name: ParamInfo(name, "money" if spec.unit == "money" else "plain", spec.label, spec.unit)
        for name, spec in book.parameters.specs.items()
    }


# ---- member conditions (inside any(members, …) and all(members, …)) -------------------------------------------

_MEMBER_WORDS = {
    "health": ("健康", "长期慢性病", "患有大病", "残疾"),
    "labour": ("普通劳动力", "技能劳动力", "弱劳动力或半劳动力", "丧失劳动力", "无劳动力"),
    "schooling": ("小学", "七年级", "学龄前儿童"),
}
_AGES = ("0", "6", "15", "16", "17", "59", "60", "65", "100")


def _member_test(choose: Choose[str]) -> str:
    shape = choose(("age", "age", "word", "word", "yes_no", "label", "text", "missing"))
    if shape == "age":
        return f"age {choose(OPS)} {choose(_AGES)}"
    if shape == "word":
        fact = choose(list(_MEMBER_WORDS))
        values = _MEMBER_WORDS[fact]
        if choose(("one", "one", "set")) == "one":
            return f'{fact} {choose(("==", "!="))} "{choose(values)}"'
        chosen = sorted({choose(values), choose(values)})
        return f"{fact} {choose(('in', 'not in'))} {{{', '.join(chr(34) + v + chr(34) for v in chosen)}}}"
    if shape == "yes_no":
        return choose(("public_job", "counts_as_labour", "id_valid", "medically_uninsured", "is_head"))
    if shape == "label":
        return f'social_security contains "{choose(("低保", "医疗救助", "特困供养"))}"'
    if shape == "text":
        return choose(('starts_with(work_place, "云南")', 'work_place contains "昆明"', "work_place is empty"))
    return f"{choose(('health', 'labour', 'birth_date'))} is {choose(('missing', 'not missing'))}"


def member_condition(choose: Choose[str], *, depth: int = 2) -> str:
    """A member condition of up to ``2 ** depth`` tests, mostly on the same one or two member facts."""
    tests = [_member_test(choose) for _ in range(3)]

    def node(level: int) -> str:
        shape = choose(("test", "and", "and", "or", "not")) if level else "test"
        if shape == "test":
            return choose(tests)
        if shape == "not":
            return f"not ({node(level - 1)})"
        return f"({node(level - 1)}) {shape} ({node(level - 1)})"

    return node(depth)


def seeded_members(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [member_condition(rng.choice) for _ in range(count)]
