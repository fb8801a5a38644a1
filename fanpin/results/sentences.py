"""Sentences from structured explanations — the last step, in Chinese (default) or English.

>>> from datetime import date
>>> from decimal import Decimal
>>> from fanpin.results.assessment import Comparison, ParameterUse
>>> line = ParameterUse(name="monitoring_line", label="防止返贫监测范围（人均纯收入）", value=Decimal(8700),
...     unit="money", region="53", effective=date(2025, 1, 1), source="云农办通〔2025〕1号")
>>> c = Comparison(fact="income_per_capita", value=Decimal("8699.99"), operator="<",
...     threshold="monitoring_line", threshold_value=Decimal(8700), unit="money", parameters=(line,), outcome="true")
>>> comparison_text(c, "zh")
'人均纯收入 8699.99 元 < 防止返贫监测范围（人均纯收入） 8700 元'

A parameter without a value for the household's region is not among a comparison's parameters; it is named
by its label as the rulebooks loaded in the process give it (:data:`~fanpin.model.parameters.PARAMETER_LABELS`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel

from fanpin.arguments import checked_lang
from fanpin.errors import ConfigError
from fanpin.lang.lowering import engine_number
from fanpin.model.facts import FACTS, SETS
from fanpin.model.household import Kind, Labelled
from fanpin.model.member_facts import LABEL_SETS, MEMBER_FACTS
from fanpin.model.parameters import PARAMETER_LABELS, labels_changed
from fanpin.results.assessment import Comparison, Flag, ParameterUse, RuleTrace
from fanpin.results.explanations import shown as shown_value

__all__ = [
    "PUNCTUATION",
    "Lang",
    "Punctuation",
    "comparison_text",
    "explanation_text",
    "fact_name",
    "flag_text",
    "trace_text",
    "value_text",
]

Lang = Literal["zh", "en"]


@dataclass(frozen=True)
class Punctuation:
    """How the pieces of a sentence are joined, per language — read by both engines' writers."""

    colon: str  # after a rule's title
    comparisons: str  # between the comparisons of one rule
    flags: str  # between the sentences of several rules, and between planned measures
    sources: tuple[str, str, str]  # opening, separator, closing of the parameter sources


PUNCTUATION: dict[str, Punctuation] = {
    "zh": Punctuation("：", "，", "；", ("（依据：", "；", "）")),
    "en": Punctuation(": ", ", ", "; ", (" (source: ", "; ", ")")),
}

_OPERATORS = {
    "zh": {
        "<": "<",
        "<=": "≤",
        ">": ">",
        ">=": "≥",
        "==": "=",
        "!=": "≠",
        "in": "属于",
        "not in": "不属于",
        "is missing": "缺失",
        "is not missing": "已填报",
        "is": "为",
    },
    "en": {
        "<": "<",
        "<=": "≤",
        ">": ">",
        ">=": "≥",
        "==": "=",
        "!=": "≠",
        "in": "in",
        "not in": "not in",
        "is missing": "is missing",
        "is not missing": "is known",
        "is": "is",
    },
}
_OUTCOMES = {
    "zh": {"fired": "触发", "not_fired": "未触发", "not_evaluable": "无法判断（数据缺失）"},
    "en": {"fired": "fired", "not_fired": "not fired", "not_evaluable": "not evaluable (data missing)"},
}
#: Why a rule is not evaluable, by what left its tests unknown (:func:`_unknown_causes`): a fact the household
#: lacks, a parameter without a value for its region and date (no fault of its data), or both.
_NOT_EVALUABLE = {
    "zh": {
        (True, False): "无法判断（数据缺失）",
        (False, True): "无法判断（参数在该地区和日期无取值）",
        (True, True): "无法判断（数据缺失；参数在该地区和日期无取值）",
    },
    "en": {
        (True, False): "not evaluable (data missing)",
        (False, True): "not evaluable (a parameter has no value for the region and date)",
        (True, True): "not evaluable (data missing; a parameter has no value for the region and date)",
    },
}


_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
#: A threshold written as a literal (a number, a month, a date): its text is its value.
_LITERAL = re.compile(r"^(?:-?\d+(?:\.\d+)?|\d{4}-\d{2}(?:-\d{2})?)$")


def parameter_value_text(p: ParameterUse, lang: Lang) -> str:
    """A parameter with its value, as a member condition states it: ``劳动年龄下限 16``, ``县最低工资 4000 元``
    (the value as a threshold shows it)."""
    before, after = parameter_value_parts(p, lang)
    return before + str(shown_value(engine_number(p.value * 100 if p.unit == "money" else p.value), p.unit)) + after


def parameter_value_parts(p: ParameterUse, lang: Lang) -> tuple[str, str]:
    """The text before and after a parameter's value in :func:`parameter_value_text` (the batch engine puts
    each region's value between them): ``("县最低工资 ", " 元")``."""
    return f"{p.shown_label(lang)} ", _value("", p.unit, lang)


def _known_parameter(name: str) -> bool:
    """Whether ``name`` is a parameter of a loaded rulebook (a fact of the same name is the fact)."""
    return name in PARAMETER_LABELS and name not in FACTS and name not in MEMBER_FACTS


def _parameter_label(name: str, lang: Lang) -> str:
    """A parameter's label by its name alone (one without a value for the region is not among a
    comparison's parameters); a fact, or any other name, as written."""
    if not _known_parameter(name):
        return name
    label, label_en = PARAMETER_LABELS[name]
    return label if lang == "zh" else label_en or name


def unvalued_parameter_text(name: str, lang: Lang) -> str:
    """A parameter without a value for the household's region and date, by its label: ``劳动年龄下限 （无取值）``."""
    label, label_en = PARAMETER_LABELS.get(name, (name, ""))
    return f"{label} （无取值）" if lang == "zh" else f"{label_en or name} (no value)"


#: A parameter with its value as a member condition states it, in a language (:func:`parameter_value_text`).
ParameterText = Callable[[ParameterUse, Lang], str]

#: The start of a quantifier over members (``any(members, …``): its condition is stated in the text.
_OVER_MEMBERS = re.compile(r"\b(?:any|all|count|share)\(\s*members\b")
#: How a parameter inside a member condition is named until it is labelled (an identifier, so that the
#: steps in between leave it as it is).
_VALUED = "__valued_"


def _valued_inside_members(
    term: str, parameters: Iterable[ParameterUse], lang: Lang, parameter_text: ParameterText
) -> tuple[str, dict[str, str]]:
    """``term`` with each parameter inside a member condition renamed, and the renamed ones' labels with
    their values: a member condition's test states only yes or no (or a count), so the threshold it read
    (``age < working_age_min``) would otherwise be shown without its value for the region. A parameter
    without a value there (the condition held by another of its branches) says so."""
    by_name = {p.name: p for p in parameters}
    spans: list[tuple[int, int]] = []
    for start in _OVER_MEMBERS.finditer(term):
        depth, quoted, at = 0, False, len(term)
        for at in range(term.index("(", start.start()), len(term)):
            char = term[at]
            if char == '"':
                quoted = not quoted
            elif not quoted and char == "(":
                depth += 1
            elif not quoted and char == ")":
                depth -= 1
                if depth == 0:
                    break
        spans.append((start.start(), at))
    if not spans:
        return term, {}
    valued: dict[str, str] = {}

    def rename(match: re.Match[str]) -> str:
        name = match.group(0)
        if not any(a <= match.start() < b for a, b in spans):
            return name
        p = by_name.get(name)
        if p is not None:
            valued[_VALUED + name] = parameter_text(p, lang)
        elif _known_parameter(name):
            valued[_VALUED + name] = unvalued_parameter_text(name, lang)
        else:
            return name
        return _VALUED + name

    return _IDENTIFIER.sub(rename, term), valued


#: :func:`_name`'s texts by what they are made of: the term, the language, the comparison's parameters (their
#: labels and values), how a valued parameter is written, and the labels' state (:func:`labels_changed`). A
#: rulebook has a few hundred terms, named again for every household a rule is explained for (``fanpin
#: explain`` names each of its rules' tests: some 60 µs each, most of its time), each the same text.
_NAMES: dict[tuple[object, ...], str] = {}
_NAMES_KEPT = 1 << 16


def _name(
    term: str,
    lang: Lang,
    c: Comparison | None = None,
    parameter_text: ParameterText = parameter_value_text,
) -> str:
    """A fact, parameter or expression as users read it: in Chinese, every name becomes its label; in
    English, a parameter with an English label (``label_en``) becomes it, and facts keep their names
    (:func:`_named`, each text made once: :data:`_NAMES`).

    >>> from fanpin.results.assessment import ParameterUse
    >>> from datetime import date
    >>> from decimal import Decimal
    >>> line = ParameterUse(name="local_min_wage", label="县最低工资", label_en="county minimum wage",
    ...     value=Decimal(4000), unit="money", region="", effective=date(2025, 1, 1), source="县文件")
    >>> c = Comparison(fact="wage_income", value=Decimal(3999), operator="<", threshold="local_min_wage",
    ...     threshold_value=Decimal(4000), unit="money", parameters=(line,), outcome="true")
    >>> _name("local_min_wage * 2", "en", c), _name("local_min_wage * 2", "zh", c)
    ('county minimum wage * 2', '县最低工资 × 2')
    """
    key = (term, lang, None if c is None else c.parameters, parameter_text, labels_changed())
    named = _NAMES.get(key)
    if named is None:
        if len(_NAMES) >= _NAMES_KEPT:
            _NAMES.clear()
        named = _NAMES[key] = _named(term, lang, c, parameter_text)
    return named


def _named(term: str, lang: Lang, c: Comparison | None, parameter_text: ParameterText) -> str:
    """:func:`_name`, made."""
    labels = {p.name: p.shown_label(lang) for p in c.parameters} if c is not None else {}
    term = " ".join(term.split()) if "\n" in term else term  # a condition written on several lines, on one
    if "members" in term:  # a member condition states its parameters with their values
        term, valued = _valued_inside_members(term, c.parameters if c is not None else (), lang, parameter_text)
        labels |= valued
    term = _literals(term, lang)
    if lang != "zh":
        term = _CONTAINS_TEXT.sub(r"\1 contains \2", term)
        return _IDENTIFIER.sub(lambda m: labels.get(m.group(0)) or _parameter_label(m.group(0), lang), term)

    def label(match: re.Match[str]) -> str:
        name = match.group(0)
        if name in FACTS:
            return FACTS[name].label
        if name in MEMBER_FACTS:
            return MEMBER_FACTS[name].label
        if name in LABEL_SETS:
            return LABEL_SETS[name]
        return labels.get(name) or _parameter_label(name, lang)

    return _IDENTIFIER.sub(label, _zh_calls(term)).replace(" * ", " × ").replace(" / ", " ÷ ")


#: The shapes of ``matches()`` in Chinese.
_SHAPES = {"digits": "纯数字", "mobile": "手机号码"}

#: How a function of the rule language reads in Chinese, from its arguments (already in Chinese).
_ZH_CALLS: dict[str, Callable[[list[str]], str]] = {
    "months_since": lambda a: f"{a[0]}至今月数",
    "months_between": lambda a: f"{a[0]}至{a[1]}月数",
    "days_until": lambda a: f"距{a[0]}天数",
    "coalesce": lambda a: f"{a[0]}（缺失按{'、'.join(a[1:])}计）",
    "abs": lambda a: f"|{a[0]}|",
    "min": lambda a: f"{'、'.join(a)}中的较小值",
    "max": lambda a: f"{'、'.join(a)}中的较大值",
    "age_on": lambda a: f"{a[-1]}时的年龄",  # the date: age_on(2024-09-01), or the typed age_on(birth_date, …)
    "length": lambda a: f"{a[0]}字数",
    "starts_with": lambda a: f"{a[0]}以{a[1]}开头",
    "ends_with": lambda a: f"{a[0]}以{a[1]}结尾",
    "contains_text": lambda a: f"{a[0]}含{a[1]}",
    "matches": lambda a: f"{a[0]}为{_SHAPES.get(a[1].strip(chr(34)), a[1])}",
    "any": lambda a: f"有成员满足「{_zh_member_condition(a[1])}」",
    "all": lambda a: f"所有成员满足「{_zh_member_condition(a[1])}」",
    "count": lambda a: f"满足「{_zh_member_condition(a[1])}」的成员数" if len(a) > 1 else "家庭成员数（成员名单）",
}

#: The words of a member condition in Chinese, longest first (``is not empty`` before ``is empty``).
_ZH_WORDS = (
    (re.compile(r" is not empty\b"), "不为空"),
    (re.compile(r" is empty\b"), "为空"),
    (re.compile(r" is not missing\b"), "不为空"),
    (re.compile(r" is missing\b"), "为空"),
    (re.compile(r" not in "), " 不属于 "),
    (re.compile(r" in "), " 属于 "),
    (re.compile(r" contains "), "含"),
    (re.compile(r" and "), " 且 "),
    (re.compile(r" or "), " 或 "),
    (re.compile(r"\bnot "), "非"),
    (re.compile(r" == "), " = "),
    (re.compile(r" != "), " ≠ "),
    (re.compile(r" >= "), " ≥ "),
    (re.compile(r" <= "), " ≤ "),
)


def _zh_member_condition(condition: str) -> str:
    """A member condition in Chinese words: its logic words, and each member fact and measure column by
    its label (a member fact shadows a household fact of the same name, as in the condition itself:
    ``industry_support`` is the member's 产业帮扶 here). Other names (household facts, parameters) are
    labelled with the rest of the sentence.

    >>> _zh_member_condition('labour in {"无劳动力", "丧失劳动力"} and industry_support is not empty')
    '劳动技能 属于 {"无劳动力", "丧失劳动力"} 且 产业帮扶不为空'

    A yes/no fact negated reads as the fact and its value, as a household's yes/no is stated (非是否参加大病保险
    had read "not whether insured"):

    >>> _zh_member_condition("not critical_illness_insurance and age >= 16")
    '是否参加大病保险 为 否 且 年龄（周岁） ≥ 16'
    """
    condition = _NOT_YES_NO.sub(_yes_no_false, " ".join(condition.split()))
    for english, chinese in _ZH_WORDS:
        condition = english.sub(chinese, condition)

    def label(match: re.Match[str]) -> str:
        name = match.group(0)
        if name in MEMBER_FACTS:
            return MEMBER_FACTS[name].label
        if name in SETS:
            return SETS[name].label
        return LABEL_SETS.get(name, name)

    return _IDENTIFIER.sub(label, condition)


#: ``not x`` where ``x`` alone is negated (followed by the condition's end, a closing bracket, and, or).
_NOT_YES_NO = re.compile(r"\bnot ([a-z_][a-z0-9_]*)(?=\)|$| and | or )")


def _yes_no_false(match: re.Match[str]) -> str:
    """``not x`` as ``x 为 否`` when ``x`` is a yes/no fact (a member's shadowing a household's, as in the
    condition), as written otherwise."""
    name = match.group(1)
    fact = MEMBER_FACTS.get(name) or FACTS.get(name)
    return f"{name} 为 否" if fact is not None and fact.kind is Kind.BOOL else match.group(0)


_CALL = re.compile(r"\b(" + "|".join(_ZH_CALLS) + r")\(")


def _zh_calls(term: str) -> str:
    """``days_until(loan_due_date)`` → ``距loan_due_date天数``: function calls of a rendered term in
    Chinese words (names are labelled afterwards), nested calls included.

    >>> _zh_calls("wage_income - coalesce(public_job_income, 0)")
    'wage_income - public_job_income（缺失按0计）'
    """
    match = _CALL.search(term)
    if match is None:
        return term
    depth, args, start = 1, [], match.end()
    position, braces, quoted = start, 0, False
    while depth:
        char = term[position]
        if char == '"':
            quoted = not quoted
        elif quoted:
            pass  # a comma or bracket inside a quoted value is text
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "{":
            braces += 1
        elif char == "}":
            braces -= 1
        if not quoted and (depth == 0 or (depth == 1 and braces == 0 and char == ",")):
            args.append(_zh_calls(term[start:position].strip()))
            start = position + 1
        position += 1
    phrase = _ZH_CALLS[match.group(1)](args)
    return term[: match.start()] + phrase + _zh_calls(term[position:])


#: A fact compared with a quoted word or a set of them: ``relation in {"之女", "之母"}``, ``health == "健康"``.
_COMPARED_WORDS = re.compile(r'\b([A-Za-z_][A-Za-z0-9_]*)\s*(==|!=|not in|in|contains)\s*("[^"]*"|\{[^}]*\})')
_QUOTED = re.compile(r'"([^"]*)"')


def _literals(term: str, lang: Lang) -> str:
    """A term's vocabulary words (a rule writes each as its Chinese label or its English id) in the
    sentence's language: each word compared with (or looked for in) a fact or set that has a vocabulary (a
    member fact inside ``any(members, …)``, as the condition reads it there). Words of no vocabulary
    (the export's measure labels, free text) stay as written.

    >>> _literals('any(members, household_type == "脱贫户" and labour in {"无劳动力", "丧失劳动力"})', "en")
    'any(members, household_type == "formerly_poor" and labour in {"none", "lost"})'
    >>> _literals('any(members, household_type == "formerly_poor")', "zh")
    'any(members, household_type == "脱贫户")'
    """
    if '"' not in term:
        return term

    def words(match: re.Match[str]) -> str:
        fact, _, written = match.groups()
        info = MEMBER_FACTS.get(fact) if "members" in term else None
        enum = info.enum if info is not None and info.enum is not None else _enum(fact)
        if enum is None:
            return match.group(0)
        shown = _QUOTED.sub(lambda q: f'"{_vocabulary_of(enum, q.group(1), lang)}"', written)
        return match.group(0)[: -len(written)] + shown

    return _COMPARED_WORDS.sub(words, term)


def _vocabulary_of(enum: type[Labelled], text: str, lang: Lang) -> str:
    """A word of a vocabulary by its label (Chinese) or its id (English); a word it does not know, as written."""
    try:
        member = enum.parse(text)
    except ValueError:
        return text
    return text if member is None else member.label if lang == "zh" else str(member.value)


def _vocabulary(fact: str, value: object, lang: Lang) -> str:
    """A vocabulary value (stored as its English id, written in a rule as the Chinese word) in the
    reader's language: the Chinese label, or the English id; unknown (None) as the unknown marker.

    >>> _vocabulary("household_type", '"脱贫户"', "en"), _vocabulary("household_type", "formerly_poor", "zh")
    ('formerly_poor', '脱贫户')
    >>> _vocabulary("household_type", None, "en")
    '(unknown)'
    """
    if value is None:
        return _value(None, "text", lang)
    enum = _enum(fact)
    text = str(value).strip('"')
    return text if enum is None else _vocabulary_of(enum, text, lang)


def _enum(fact: str) -> type[Labelled] | None:
    """The vocabulary of a household fact or set, or else of a member fact (a member rule's comparison)."""
    info = FACTS.get(fact)
    if info is None or info.enum is None:
        info = MEMBER_FACTS.get(fact)
    if info is not None and info.enum is not None:
        return info.enum
    return SETS[fact].enum if fact in SETS else None


def _set_text(fact: str, written: str, lang: Lang) -> str:
    """The set of an ``in`` test: each word of the fact's vocabulary by its label in Chinese and its id in
    English, quoted as it is given; a set of no vocabulary (loan purposes) as written.

    >>> _set_text("relation", '{"之女", "之母"}', "en"), _set_text("monitoring_category", "{marginal}", "zh")
    ('{"daughter", "mother"}', '{边缘易致贫户}')
    """
    enum = _enum(fact)
    if enum is None or not (written.startswith("{") and written.endswith("}")):
        return written

    def word(item: str) -> str:
        shown = _vocabulary_of(enum, item.strip().strip('"'), lang)
        return f'"{shown}"' if item.strip().startswith('"') else shown

    return "{" + ", ".join(word(item) for item in written[1:-1].split(",")) + "}"


#: A text test of the rule language (``employment_channel contains "务工"``, ``starts_with(work_place, "云南")``),
#: which the engines compare with 1 (held) or 0 (did not): a yes/no, stated as one.
_TEXT_TEST = re.compile(r"^(?:contains_text|starts_with|ends_with|matches)\(")
#: ``contains_text(x, "…")`` as the rule wrote it, ``x contains "…"`` (English output names the facts).
_CONTAINS_TEXT = re.compile(r'\bcontains_text\(([A-Za-z_][A-Za-z0-9_]*), ("[^"]*")\)')


def _text_test_held(c: Comparison) -> str | None:
    """For a text test compared with 1, whether it held (``"true"``/``"false"``, as a yes/no fact's value, or
    ``"unknown"`` where the text is); None for any other comparison. A value that is no number (the batch
    engine's placeholder, filled per row) is told by the operator: that engine states a test as it held.

    >>> c = Comparison(fact='contains_text(work_place, "昆明")', value=Decimal(0), operator="==", threshold="1",
    ...     threshold_value=Decimal(1), unit="plain", parameters=(), outcome="false")
    >>> comparison_text(c), comparison_text(c, "en"), value_text(c)
    ('务工所在地含"昆明" 为 否', 'work_place contains "昆明" is no', '否')
    >>> comparison_text(Comparison.of({**c.__dict__, "value": None, "outcome": "unknown"}))
    '务工所在地含"昆明" 为 （未知）'
    """
    if c.threshold != "1" or c.operator not in ("==", "!=") or _TEXT_TEST.match(c.fact) is None:
        return None
    if c.value is None:  # the text is unknown: so is the test
        return "unknown"
    try:
        one = Decimal(str(c.value)) == 1
    except ArithmeticError:
        one = c.operator == "=="
    return "true" if one else "false"


#: ``x is empty`` / ``x is not empty`` on a text fact, as the engines carry it: its length compared with 0.
_LENGTH = re.compile(r"^length\(([A-Za-z_][A-Za-z0-9_]*)\)$")
#: The operators of that comparison that say "empty" (``== 0``, or ``<= 0`` stated negated) and "not empty".
_EMPTY_OPERATORS = {"==": True, "<=": True, "!=": False, ">": False}


_EN_EMPTY = {True: "is empty", False: "is not empty"}


def _emptiness(c: Comparison) -> tuple[str, bool | None] | None:
    """For ``x is (not) empty`` on a text fact (``length(x)`` compared with 0), the fact and whether it was
    empty; None for any other comparison. A value that is no number (the batch engine's placeholder) is told
    by the operator, as :func:`_text_test_held` tells it.

    >>> c = Comparison(fact="length(not_in_school_reason)", value=Decimal(0), operator="==", threshold="0",
    ...     threshold_value=Decimal(0), unit="count", parameters=(), outcome="true")
    >>> fact_name(c), value_text(c), comparison_text(c), comparison_text(c, "en")
    ('义务教育阶段未上学原因', '（空）', '义务教育阶段未上学原因 为空', 'not_in_school_reason is empty')
    >>> unknown = Comparison.of({**c.__dict__, "value": None, "outcome": "unknown"})
    >>> value_text(unknown), comparison_text(unknown), comparison_text(unknown, "en")
    ('（未知）', '义务教育阶段未上学原因为空 为 （未知）', 'not_in_school_reason is empty: (unknown)')
    """
    match = _LENGTH.match(c.fact)
    if match is None or c.threshold != "0" or c.operator not in _EMPTY_OPERATORS:
        return None
    if c.value is None:  # the text is unknown
        return match.group(1), None
    try:
        empty = Decimal(str(c.value)) == 0
    except ArithmeticError:
        empty = _EMPTY_OPERATORS[c.operator]
    return match.group(1), empty


def _value(value: object, unit: str, lang: Lang) -> str:
    if value is None:
        return "（未知）" if lang == "zh" else "(unknown)"
    if unit == "bool":
        yes = value == "true"
        return ("是" if yes else "否") if lang == "zh" else ("yes" if yes else "no")
    if isinstance(value, Decimal):  # its digits, never 5E-8 (a value shown to 8 places or more)
        value = format(value, "f")
    if unit == "money":
        return f"{value} 元" if lang == "zh" else f"{value} yuan"
    return str(value)


def fact_name(c: Comparison, lang: Lang = "zh") -> str:
    """The fact (or term) a comparison read, as :func:`comparison_text` names it."""
    if (emptiness := _emptiness(c)) is not None:  # the field itself, not its 字数
        return _name(emptiness[0], lang, c)
    return _name(c.fact, lang, c)


def value_text(c: Comparison, lang: Lang = "zh") -> str:
    """The value a comparison read, as :func:`comparison_text` writes it; the empty cell of an ``is
    missing`` test that held reads （空） / ``(empty)``, not unknown: the test is about that cell.

    >>> c = Comparison(fact="risk_1", value=None, operator="is missing", threshold="", threshold_value=None,
    ...     unit="text", parameters=(), outcome="true")
    >>> value_text(c, "zh"), value_text(c, "en")
    ('（空）', '(empty)')
    """
    if c.operator == "is missing" and c.value is None:
        return "（空）" if lang == "zh" else "(empty)"
    if c.operator == "is":
        return _value(c.value, "bool", lang)
    if (held := _text_test_held(c)) is not None:
        return _value(None if held == "unknown" else held, "bool", lang)
    if (emptiness := _emptiness(c)) is not None:
        if emptiness[1] is None:
            return _value(None, "text", lang)
        if emptiness[1]:
            return "（空）" if lang == "zh" else "(empty)"
        return "（已填）" if lang == "zh" else "(filled in)"
    if c.unit == "text" and c.operator not in ("in", "not in"):
        return _vocabulary(c.fact, c.value, lang)
    return _value(c.value, c.unit, lang)


def comparison_text(c: Comparison, lang: Lang = "zh") -> str:
    """One comparison: ``fact value op threshold value``."""
    return comparison_template(c, lang, parameter_value_text)


def comparison_template(c: Comparison, lang: Lang, parameter_text: ParameterText) -> str:
    """:func:`comparison_text` with each parameter inside a member condition valued by ``parameter_text``:
    the batch engine writes a placeholder there, which it fills per row with the region's value."""
    op = _OPERATORS[lang][c.operator]
    fact = _name(c.fact, lang, c, parameter_text)
    left = f"{fact} {_value(c.value, c.unit, lang)}"
    if _LITERAL.match(c.fact):  # a number on the left (5000 > wage_income) is shown once, as on the right
        left = _value(c.value, c.unit, lang)
    if c.operator in ("is missing", "is not missing"):
        return f"{_name(c.fact, lang)} {op}"
    if c.operator == "is":  # a yes/no fact, or a member aggregate whose condition may read parameters
        return f"{fact} {op} {_value(c.value, 'bool', lang)}"
    if (held := _text_test_held(c)) is not None:  # 含"务工" 为 是, not 1 = 1
        return f"{fact} {_OPERATORS[lang]['is']} {_value(None if held == 'unknown' else held, 'bool', lang)}"
    if (emptiness := _emptiness(c)) is not None:  # 未上学原因 为空, not 字数 0 = 0
        name, empty = _name(emptiness[0], lang, c, parameter_text), emptiness[1]
        if empty is None:  # the test as the rule wrote it, unknown
            if lang == "zh":
                return f"{name}{'为空' if _EMPTY_OPERATORS[c.operator] else '不为空'} 为 （未知）"
            return f"{name} {_EN_EMPTY[_EMPTY_OPERATORS[c.operator]]}: (unknown)"
        if lang == "zh":
            return f"{name} {'为空' if empty else '不为空'}"
        return f"{name} {_EN_EMPTY[empty]}"
    if c.operator in ("in", "not in"):
        shown = _vocabulary(c.fact, c.value, lang) if c.unit == "text" else _value(c.value, c.unit, lang)
        return f"{fact} {shown} {op} {_set_text(c.fact, c.threshold, lang)}"
    if c.unit == "text":
        shown = _vocabulary(c.fact, c.value, lang)
        return f"{fact} {shown} {op} {_vocabulary(c.fact, c.threshold, lang)}"
    if c.threshold_value is not None and _LITERAL.match(c.threshold):  # a literal is shown once
        return f"{left} {op} {_value(c.threshold_value, c.unit, lang)}"
    threshold = _name(c.threshold, lang, c, parameter_text)
    return f"{left} {op} {threshold} {_value(c.threshold_value, c.unit, lang)}"


def _sources(comparisons: Iterable[Comparison], lang: Lang) -> str:
    seen: dict[str, str] = {}
    for c in comparisons:
        for p in c.parameters:
            seen.setdefault(p.name, p.shown_source(lang))
    if not seen:
        return ""
    opening, separator, closing = PUNCTUATION[lang].sources
    return opening + separator.join(dict.fromkeys(seen.values())) + closing


def _checked(value: object, kind: type, function: str, what: str) -> None:
    if not isinstance(value, kind):
        raise ConfigError(f"{function} takes {what}, not {type(value).__name__}", fix=f"pass {what}")


def flag_text(flag: Flag, lang: Lang = "zh") -> str:
    """One sentence for a fired rule, with the values and thresholds it compared."""
    lang = checked_lang(lang)
    _checked(flag, Flag, "flag_text", "a Flag (an Assessment's flags hold them)")
    title = flag.title if lang == "zh" else flag.title_en
    marks = PUNCTUATION[lang]
    body = marks.comparisons.join(comparison_text(c, lang) for c in flag.explanation)
    return f"{title}{marks.colon}{body}{_sources(flag.explanation, lang)}"


def explanation_text(flags: Iterable[Flag], lang: Lang = "zh") -> str:
    """The ``explanation`` cell: one sentence per fired rule, in rule order."""
    lang = checked_lang(lang)
    # An Assessment (a pydantic model iterates as its fields) or a text (as its letters) had been told
    # "flag_text takes a Flag …, not tuple": a function the host never called, of a value it never gave.
    if isinstance(flags, Flag | str | bytes | BaseModel | Mapping) or not isinstance(flags, Iterable):
        raise ConfigError(
            f"explanation_text takes the flags (an iterable of Flag), not {type(flags).__name__}",
            fix="pass assessment.flags (flag_text words one flag)",
        )
    flags = list(flags)
    wrong = next((i for i, f in enumerate(flags) if not isinstance(f, Flag)), None)
    if wrong is not None:
        raise ConfigError(
            f"explanation_text takes the flags (an iterable of Flag): flags[{wrong}] is {type(flags[wrong]).__name__}",
            fix="pass assessment.flags (flag_text words one flag)",
        )
    return PUNCTUATION[lang].flags.join(flag_text(f, lang) for f in flags)


def _unknown_causes(comparisons: Iterable[Comparison]) -> tuple[bool, bool]:
    """What left these tests unknown: (a value of the household's, a parameter without a value). A test's
    parameters are those with a value for the household's region and date; a parameter it names (its threshold
    ``dibao_edge_multiple * dibao_line``, or inside a member condition) that is not among them has none. A test
    is unknown for such a parameter alone when its fact's value is known, or the parameter stands on the fact's
    side; else (or with no parameter missing) for the household's data too."""
    data = unvalued = False
    for c in comparisons:
        if c.outcome != "unknown":
            continue
        valued = {p.name for p in c.parameters}
        in_fact, in_threshold = (
            any(_known_parameter(n) and n not in valued for n in _IDENTIFIER.findall(side))
            for side in (c.fact, c.threshold)
        )
        unvalued |= in_fact or in_threshold
        # the fact's value unknown where no parameter of its side lacks one: the household's data
        data |= not (in_fact or in_threshold) or (c.value is None and not in_fact)
    return data, unvalued


def trace_text(trace: RuleTrace, lang: Lang = "zh") -> str:
    """One line for ``fanpin explain``: rule, outcome, and every comparison with its outcome."""
    lang = checked_lang(lang)
    _checked(trace, RuleTrace, "trace_text", "a RuleTrace (evaluate(..., trace=True) gives them)")
    title = trace.title if lang == "zh" else trace.title_en
    marks = {"true": "✓", "false": "✗", "unknown": "?"}
    parts = [f"{marks[c.outcome]} {comparison_text(c, lang)}" for c in trace.comparisons]
    sep = "；" if lang == "zh" else "; "
    outcome = _OUTCOMES[lang][trace.outcome]
    if trace.outcome == "not_evaluable":
        outcome = _NOT_EVALUABLE[lang].get(_unknown_causes(trace.comparisons), outcome)
    colon = PUNCTUATION[lang].colon  # after the title, as a flag's sentence has it: full-width ： in Chinese
    return f"[{outcome}] {trace.rule_id} {title}{colon}{sep.join(parts)}{_sources(trace.comparisons, lang)}"
