"""Type-check a parsed condition against the fact catalogue and the parameters.

The result is a *typed* tree, the one input of both engine compilers. Checking happens when a rule
file is loaded, so a typo or a nonsensical comparison fails before any household is scored:

- every name must be a fact or a parameter; otherwise :class:`~fanpin.errors.UnknownNameError` with the
  nearest known name and its label (``did you mean income_per_capita (人均纯收入)?``);
- numbers carry a unit, ``money`` (元) or ``plain`` (counts, ratios, days): money ± money, money × plain,
  money ÷ plain, money ÷ money → plain; a bare number takes the unit of what it meets, so
  ``medical_out_of_pocket >= 50000`` means 50 000 元;
- text facts compare only with quoted text; values of a fixed vocabulary (户类型 …) must be one of its
  values, written as the English id or the Chinese label;
- a comparison must involve at least one household fact.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from fractions import Fraction

from fanpin.errors import ConfigError, Location, RuleTypeError, UnknownNameError, suggest
from fanpin.lang import syntax as ast
from fanpin.lang.lowering import render
from fanpin.lang.members import MEMBER_COUNT, Aggregate, aggregate, aggregates_of
from fanpin.lang.tree import (
    Condition,
    TAnd,
    TArith,
    TCall,
    TCompare,
    TConst,
    Term,
    TFact,
    TIn,
    TMissing,
    TNeg,
    TNot,
    TOr,
    TParam,
    TTruth,
    Unit,
    facts_of,
    params_of,
)
from fanpin.lang.units import as_unit, compatible, joined, measure_name
from fanpin.model.export_columns import export_field
from fanpin.model.facts import SETS, FactInfo, SetInfo
from fanpin.model.household import Kind, Labelled
from fanpin.model.member_facts import LABEL_SETS, MEMBER_FACTS, label_fact
from fanpin.model.roster import FACT_OF_COLUMN, NEGATED_COLUMNS

__all__ = ["MAX_NAMED_CHAIN", "NamedConditions", "ParamInfo", "check_condition", "nearest_value"]


@dataclass(frozen=True)
class ParamInfo:
    """A parameter rules may read: ``unit`` is how the engines carry it (money in fen, or a plain number);
    ``measure`` what it counts (``ratio``, ``count``, ``days``, ``months``; empty: any plain number)."""

    name: str
    unit: Unit
    label: str
    measure: str = ""
    label_en: str = ""  # the label in English, when the parameter file gives one (English messages name it so)


#: A type's name in a message: ``num`` reads "number".
_WORDS = {"num": "number", "bool": "yes/no"}


def _kinds_fix(node: ast.Compare, left: str, right: str) -> str:
    """What to write where two kinds of value are compared: a month or a date written as a number (``2022.04``),
    its form; a text fact, a quoted text to compare it with; a month or date fact, a month or date to compare
    it with (``household_type < county_low_line`` had no fix, and ``identified_month < county_low_line`` was
    told how to write a month, which it did not need)."""
    sides = ((node.left, left), (node.right, right))
    if {left, right} & {"month", "date"} and any(isinstance(n, ast.Const) for n, _ in sides):
        return "write a month as 2022-04 and a date as 2025-06-30"
    for kind in ("text", "month", "date"):
        name = next((n.name for n, k in sides if k == kind and isinstance(n, ast.Name)), None)
        if name is None:
            continue
        if kind == "text":
            return f'compare {name} with a quoted text ({name} == "…") or another text fact'
        return f"compare {name} with another {kind} fact or a {kind} written as " + (
            "2022-04" if kind == "month" else "2025-06-30"
        )
    return ""


def written(value: object) -> str:
    """A constant of a condition in a message: a number as the rule writes it (``5``, ``1.50``, not
    ``Decimal('5')``), text quoted, true and false as written.

    >>> written(Decimal("5")), written("因病"), written(True)
    ('5', "'因病'", 'true')
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, str) else str(value)


_Type = tuple[str, str]  # (type, detail): ("num", unit) | ("text", enum-or-"") | ("bool", "") | ...


#: Words other languages write for "no value", which a rule writes as ``is missing``.
_NULL_WORDS = frozenset({"null", "none", "nil", "nan", "undefined", "空", "空值"})


@dataclass(frozen=True)
class _Unknown:
    """What an error says of one unknown name: the hint (did you mean …), the fix, the name suggested and
    its label; ``column``: the name is a header of the national export (the hint says what rules read)."""

    hint: str
    fix: str
    suggestion: str = ""
    label: str = ""
    column: bool = False


#: How many named conditions may refer to one another in a chain (a names b, which names c …).
MAX_NAMED_CHAIN = 8


class NamedConditions:
    """Reusable named conditions (a rules file's ``conditions:`` section), checked on first use.

    A rule that names one gets its typed condition inlined, so both engines see plain conditions.
    """

    def __init__(self, sources: Mapping[str, tuple[str, str, Location]]) -> None:
        self.sources = dict(sources)  # name → (label, text, location of the text)
        self.checked: dict[str, Condition] = {}
        self._checking: list[str] = []
        self._deepest: list[int] = []  # for each name being checked: the longest chain below it so far
        self._chains: dict[str, int] = {}  # name → the longest chain of named conditions it starts

    def __contains__(self, name: object) -> bool:
        return name in self.sources

    def label(self, name: str) -> str:
        return self.sources[name][0]

    def resolve(self, name: str, facts: Mapping[str, FactInfo], params: Mapping[str, ParamInfo]) -> Condition:
        if name not in self.checked:
            _, text, location = self.sources[name]
            if name in self._checking:
                chain = " → ".join([*self._checking[self._checking.index(name) :], name])
                raise RuleTypeError(
                    f"named condition {name} refers to itself ({chain})",
                    fix="write the test out in one of them, so that no named condition refers back to itself",
                    location=location,
                )
            if len(self._checking) >= MAX_NAMED_CHAIN:
                chain = " → ".join([*self._checking, name])
                raise self._too_long(f"named conditions refer to one another more than {MAX_NAMED_CHAIN} deep "
                                     f"({chain} → …)", location)  # fmt: skip
            self._checking.append(name)
            self._deepest.append(0)
            try:
                checked = check_condition(text, facts, params, location, self)
            finally:
                self._checking.pop()
                below = self._deepest.pop()
            if below + 1 > MAX_NAMED_CHAIN:  # checked bottom-up, the chain is only seen from its top
                raise self._too_long(f"named condition {name} starts a chain of {below + 1} named conditions "
                                     f"referring to one another, more than {MAX_NAMED_CHAIN}", location)  # fmt: skip
            self.checked[name], self._chains[name] = checked, below + 1
        if self._deepest:
            self._deepest[-1] = max(self._deepest[-1], self._chains[name])
        return self.checked[name]

    @staticmethod
    def _too_long(message: str, location: Location) -> RuleTypeError:
        return RuleTypeError(
            message,
            fix=f"write some of them out, so that a chain of named conditions is at most {MAX_NAMED_CHAIN} long",
            location=location,
        )


class _Checker:
    def __init__(
        self,
        text: str,
        facts: Mapping[str, FactInfo],
        params: Mapping[str, ParamInfo],
        location: Location,
        conditions: NamedConditions | None = None,
    ) -> None:
        self.text = text
        self.facts = facts
        self.params = params
        self.location = location
        self.conditions = conditions or NamedConditions({})
        #: inside ``any(members, …)``: names are member facts first, then household facts
        self.member_scope = False
        #: the type of the other side of the comparison being checked: "did you mean" proposes only
        #: names of that type (never money for a count, a month for days)
        self.expected: _Type | None = None

    def where(self, node: ast.Node) -> Location:
        line = self.location.line + self.text.count("\n", 0, node.pos) if self.location.line else 0
        return Location(self.location.path, line)

    def fail(self, node: ast.Node, message: str, fix: str = "") -> RuleTypeError:
        return RuleTypeError(f"{message} in condition {ast.one_line(self.text)!r}", fix=fix, location=self.where(node))

    # -- conditions --
    def condition(self, node: ast.Node) -> Condition:
        match node:
            case ast.And(items=items):
                return TAnd(tuple(self.condition(i) for i in items))
            case ast.Or(items=items):
                return TOr(tuple(self.condition(i) for i in items))
            case ast.Not(operand=operand):
                return TNot(self.condition(operand))
            case ast.Quantifier(kind="any" | "all" as quantifier):
                return TTruth(self.quantifier(node, quantifier).name)
            case ast.Contains(operand=ast.Name(name=name), values=values) if self.member_scope and name in LABEL_SETS:
                labels = tuple(TTruth(label_fact(name, self.label(v, name))) for v in values)
                return labels[0] if len(labels) == 1 else TOr(labels)
            case ast.Empty(operand=ast.Name(name=name), negated=negated) if self.member_scope and name in LABEL_SETS:
                count = TFact(f"{name}_count", Kind.COUNT)
                return TCompare(">" if negated else "==", count, TConst(Decimal(0), "plain"))
            case ast.Call(function=function) if function in ast.TEXT_TESTS:
                return self.text_test(node, function, node.args[0], node.args[1])
            case ast.Contains(operand=ast.Name(name=name) as operand, values=values) if (
                fact := self.fact(name)
            ) is not None and fact.kind is Kind.TEXT:
                found = tuple(self.text_test(node, "contains_text", operand, v) for v in values)
                return found[0] if len(found) == 1 else TOr(found)
            case ast.Empty(operand=ast.Name(name=name) as operand, negated=negated) if (
                fact := self.fact(name)
            ) is not None and fact.kind is Kind.TEXT:
                length = TCall("length", (self.term(operand)[0],))
                return TCompare(">" if negated else "==", length, TConst(Decimal(0), "plain"))
            case ast.Contains(operand=operand, values=values):
                info = self.set_of(operand, "contains")
                tests = tuple(TTruth(info.fact(self.set_member(info, v))) for v in values)
                return tests[0] if len(tests) == 1 else TOr(tests)
            case ast.Empty(operand=operand, negated=negated):
                info = self.set_of(operand, "is empty")
                held = tuple(TTruth(info.fact(m)) for m in info.enum)
                return TOr(held) if negated else TAnd(tuple(TNot(h) for h in held))
            case ast.Missing(operand=ast.Name(name=name)) if name in SETS:
                raise self.fail(
                    node,
                    f"{name} is a set, and a set is never missing: an empty slot adds nothing to it",
                    f"write {name} is empty (or {name} is not empty)",
                )
            case ast.Missing(operand=operand, negated=negated):
                term, _ = self.term(operand)
                if not facts_of(term):
                    raise self.fail(
                        node, "'is missing' needs a household fact", "write a fact before it: loan_purpose is missing"
                    )
                missing = TMissing(term)
                return TNot(missing) if negated else missing
            case ast.In():
                return self.membership(node)
            case ast.Compare():
                return self.compare(node)
            case ast.Name(name=name) if (fact := self.fact(name)) is not None and fact.kind is Kind.BOOL:
                return TTruth(name)
            case ast.Name(name=name) if name in self.conditions:
                resolved = self.conditions.resolve(name, self.facts, self.params)
                if self.member_scope and aggregates_of([resolved]):  # as any(members, any(members, …))
                    raise self.fail(
                        node,
                        f"the named condition {name} quantifies over members (any, all, count), inside a member "
                        "condition",
                        "quantify over members once",
                    )
                return resolved
        term, (kind, _) = self.term(node)
        raise self.fail(
            node,
            f"this is a {_WORDS.get(kind, kind)} value, not a yes/no test",
            "compare it (<, >=, ==, in …) or use a yes/no fact",
        )

    def set_of(self, operand: ast.Node, test: str) -> SetInfo:
        if isinstance(operand, ast.Name) and operand.name in SETS:
            return SETS[operand.name]
        sets = ", ".join(f"{s.name} ({s.label})" for s in SETS.values())
        if isinstance(operand, ast.Name) and operand.name in LABEL_SETS:
            raise self.fail(
                operand,
                f"{operand.name} ({LABEL_SETS[operand.name]}) is a member's measure column",
                f'test it inside a member condition: any(members, {operand.name} contains "…")',
            )
        raise self.fail(operand, f"'{test}' tests a set", f"the sets are {sets}; for one value write x == …")

    def label(self, const: ast.Const, column: str) -> str:
        """A measure label to look for in a member's measure column (free text, so any non-empty text)."""
        if not isinstance(const.value, str) or not const.value.strip():
            raise self.fail(const, f"{written(const.value)} is not a measure label", 'quote the label, e.g. "低保"')
        return const.value.strip()

    def text_test(self, node: ast.Node, function: str, subject: ast.Node, pattern: ast.Node) -> Condition:
        """``starts_with`` / ``ends_with`` / ``matches`` / text ``contains``: 1 where it holds, 0 where not,
        unknown where the text is unknown."""
        term, (kind, enum) = self.term(subject)
        if kind != "text" or enum or not isinstance(term, TFact):
            raise self.fail(node, f"{function}() tests a text fact", 'e.g. starts_with(work_place, "云南")')
        if not isinstance(pattern, ast.Const) or not isinstance(pattern.value, str) or not pattern.value:
            raise self.fail(node, f"{function}() takes quoted, non-empty text", 'e.g. "云南"')
        if function == "matches" and pattern.value not in ast.TEXT_PATTERNS:
            shapes = ", ".join(f'"{p}"' for p in ast.TEXT_PATTERNS)
            raise self.fail(node, f"{written(pattern.value)} is not a shape matches() knows", f"use one of {shapes}")
        call = TCall(function, (term, TConst(pattern.value, "text")))
        return TCompare("==", call, TConst(Decimal(1), "plain"))

    def quantifier(self, node: ast.Quantifier, kind: str) -> Aggregate:
        """``any`` / ``all`` / ``count`` over the members: the member condition checked in member scope."""
        if self.member_scope:
            raise self.fail(node, f"{kind}(members, …) inside a member condition", "quantify over members once")
        if node.condition is None:
            return aggregate("count", None, "")
        self.member_scope = True
        try:
            condition = self.condition(node.condition)
        finally:
            self.member_scope = False
        return aggregate("count" if kind == "share" else kind, condition, node.text)  # type: ignore[arg-type]

    def set_member(self, info: SetInfo, const: ast.Const) -> Labelled:
        if not isinstance(const.value, str) or not const.value.strip():
            raise self.fail(
                const, f"{written(const.value)} is not a value of {info.name}", 'quote a value, e.g. "因病"'
            )
        try:
            member = info.enum.parse(const.value)
        except ValueError:
            raise self.outside(const, const.value, info.name, info.enum) from None
        assert member is not None  # parse returns None only for blank text, refused above
        return member

    def outside(self, const: ast.Const, value: str, vocabulary: str, enum: type[Labelled]) -> RuleTypeError:
        """A word outside a vocabulary (a typo such as 因并 for 因病): the error names the nearest value."""
        choices = "、".join(f"{m.label} ({m.value})" for m in enum)
        near = nearest_value(enum, value)
        if near is None:
            return self.fail(const, f"{written(value)} is not a value of {vocabulary}", f"use one of {choices}")
        return self.fail(
            const,
            f"{written(value)} is not a value of {vocabulary}; did you mean {near.label} ({near.value})?",
            f'write "{near.label}"; the values are {choices}',
        )

    def membership(self, node: ast.In) -> Condition:
        term, (kind, detail) = self.term(node.operand)
        if not facts_of(term):
            raise self.fail(
                node,
                "'in' needs a household fact on its left",
                'write a fact before it: loan_purpose in {"建房", "治病"}',
            )
        values: list[Decimal | str] = []
        for const in node.values:
            if kind == "text" and isinstance(const.value, str):
                values.append(self.vocabulary_value(const, detail, term))
            elif kind == "num" and isinstance(const.value, Decimal):
                value = self.in_unit(const, TConst(const.value, "plain"), detail).value
                values.append(value * 100 if detail == "money" else value)
            elif kind in ("text", "num"):
                raise self.mismatch(const, node.operand, kind, detail)
            else:
                fix = "compare it with <, >=, == …: write a month as 2022-04 and a date as 2025-06-30"
                fix = fix if kind in ("month", "date") else ""
                raise self.fail(
                    const, f"{written(const.value)} cannot be a value of this {_WORDS.get(kind, kind)} fact", fix
                )
        result: Condition = TIn(term, tuple(values))
        return TNot(result) if node.negated else result

    def vocabulary_value(self, const: ast.Const, enum_name: str, subject: Term | None = None) -> str:
        if not isinstance(const.value, str):
            raise self.fail(const, f"{written(const.value)} is not text", 'quote text values, e.g. "因病"')
        if not const.value.strip():
            name = subject.name if isinstance(subject, TFact) else "FACT"
            # An empty cell is read as unknown, never as the text "": a test against "" could never be true.
            raise self.fail(
                const,
                "an empty text is not a value: an empty cell is unknown",
                f"write `{name} is missing` (or `{name} is not missing`) to test for an empty cell",
            )
        if not enum_name:
            return const.value
        catalogue = [*self.facts.values(), *MEMBER_FACTS.values()]
        enum = next(f.enum for f in catalogue if f.enum and f.enum.__name__ == enum_name)
        assert enum is not None
        # the column by its fact and header (household_type (户类型)), not by the vocabulary's name in the code
        info = self.fact(subject.name) if isinstance(subject, TFact) else None
        vocabulary = f"{info.name} ({info.label})" if info is not None else enum_name
        try:
            parsed = enum.parse(const.value)
        except ValueError:
            raise self.outside(const, const.value, vocabulary, enum) from None
        if parsed is None:  # pragma: no cover - parse returns None only for blank text, refused above
            raise self.fail(const, f"{written(const.value)} is not a value of {vocabulary}")
        return parsed.value

    def compare(self, node: ast.Compare) -> Condition:
        left, lt = self.expecting(node.left, node.right)
        right, rt = self.expecting(node.right, node.left)
        if not facts_of(left) and not facts_of(right):
            raise self.fail(
                node, "this comparison reads no household fact", "compare a fact with a parameter or number"
            )
        if lt[0] == "bool" or rt[0] == "bool":
            return self.compare_bool(node, left, right)
        if {lt[0], rt[0]} == {"text", "num"}:
            fact, fact_type, const = (node.left, lt, node.right) if facts_of(left) else (node.right, rt, node.left)
            if isinstance(const, ast.Const):
                raise self.mismatch(const, fact, fact_type[0], fact_type[1], node)
        if lt[0] != rt[0]:
            left_name, right_name = _WORDS.get(lt[0], lt[0]), _WORDS.get(rt[0], rt[0])
            raise self.fail(
                node, f"cannot compare a {left_name} value with a {right_name} value", _kinds_fix(node, lt[0], rt[0])
            )
        if lt[0] in ("month", "date"):
            return TCompare(node.op, left, right)  # calendar order: earlier is smaller
        if lt[0] == "text":
            if node.op not in ("==", "!="):
                raise self.fail(node, f"text cannot be compared with {node.op}", "use == or != or in {…}")
            if isinstance(right, TConst) and isinstance(node.right, ast.Const):
                right = TConst(self.vocabulary_value(node.right, lt[1], left), "text")
            if isinstance(left, TConst) and isinstance(node.left, ast.Const):
                left = TConst(self.vocabulary_value(node.left, rt[1], right), "text")
            return TCompare(node.op, left, right)
        left, right = self.unify(node, left, lt, right, rt)
        return TCompare(node.op, left, right)

    def compare_bool(self, node: ast.Compare, left: Term, right: Term) -> Condition:
        if node.op not in ("==", "!=") or not (isinstance(left, TFact) and isinstance(node.right, ast.Const)):
            # the yes/no fact of the two (labor_count >= housing_unsafe is about housing_unsafe)
            facts = [t for t in (left, right) if isinstance(t, TFact)]
            fact = next((t.name for t in facts if t.kind is Kind.BOOL), facts[0].name if facts else "the fact")
            raise self.fail(node, "a yes/no fact is a test by itself", f"write {fact} or not {fact}")
        if not isinstance(node.right.value, bool):
            raise self.fail(
                node,
                "compare a yes/no fact with true or false",
                f"write {left.name} for 是 and not {left.name} for 否 (an empty cell is {left.name} is missing)",
            )
        truth: Condition = TTruth(left.name)
        return truth if node.right.value == (node.op == "==") else TNot(truth)

    def mismatch(
        self, const: ast.Const, fact: ast.Node, kind: str, detail: str, where: ast.Node | None = None
    ) -> RuleTypeError:
        """Text against a number (``loan_purpose == 0``, ``size == "4"``): the classic bug of scripts that
        read every cell as text and test it against the number 0."""
        name = fact.name if isinstance(fact, ast.Name) else "the fact"
        shown = written(const.value)
        if kind == "text":
            enum = (
                next((f.enum for f in self.facts.values() if f.enum and f.enum.__name__ == detail), None)
                if detail
                else None
            )
            values = f"; its values are {'、'.join(m.label for m in enum)}" if enum else ""
            return self.fail(
                where or const,
                f"cannot compare a text value with a number value: {name} is text, {shown} is a number",
                f'quote the text ({name} == "…"){values}; an empty cell is `{name} is missing`, never 0',
            )
        number = str(const.value).strip()
        if isinstance(where, ast.Compare):  # the comparison as written, its operator kept (size > "3": size > 3)
            unquoted = f"{number} {where.op} {name}" if where.left is const else f"{name} {where.op} {number}"
        else:  # a value of a set: size in {"3"}
            unquoted = f"{name} in {{{number}}}"
        return self.fail(
            where or const,
            f"cannot compare a number value with a text value: {name} is a number, {shown} is text",
            f"write the number without quotes ({unquoted})"
            if number.replace(".", "", 1).isdigit()
            else f"compare {name} with a number",
        )

    def unify(self, node: ast.Compare | ast.Arith, left: Term, lt: _Type, right: Term, rt: _Type) -> tuple[Term, Term]:
        """Give a bare number the unit of the other side; refuse money against plain."""
        self.require_num(node, lt, "in arithmetic or ordering")
        if lt[1] == rt[1]:
            return left, right
        if isinstance(right, TConst):
            return left, self.in_unit(node.right, right, lt[1])
        if isinstance(left, TConst):
            return self.in_unit(node.left, left, rt[1]), right
        if "money" not in (lt[1], rt[1]) and compatible(lt[1], rt[1]):
            return left, right
        numbers = next((t for t in (left, right) if not facts_of(t) and not params_of(t)), None)
        if numbers is not None and "money" in (lt[1], rt[1]):  # 1000 / 3: no amount to the fen
            raise self.fail(
                node,
                f"{render(numbers)} is no amount to the fen: money is compared with an amount written in 元",
                "write the amount, at most two decimals (e.g. 333.33)",
            )
        raise self.fail(
            node,
            f"cannot combine {measure_name(lt[1])} with {measure_name(rt[1])}",
            "money compares with money, ratios with ratios, months with months, days with days, "
            "and an area or distance with a parameter of its measure (mu, square_metres, km)",
        )

    def in_unit(self, node: ast.Node, const: TConst, unit: str) -> TConst:
        """A bare number ``const`` (written at ``node``) in the unit of what it meets; as money, an amount in 元
        to the fen. ``income_per_capita < 8700.005`` had been taken, and fired for a household of 8700.00 元
        (explained as ``8700 < 8700.005``), where a parameter's value of 9000.005 is refused. A factor is no
        amount: ``1.5 * dibao_line`` and ``wage_income * 1.005`` multiply, and are never read as money here."""
        value = const.value
        if unit == "money" and isinstance(value, Decimal) and value != value.quantize(Decimal("0.01")):
            # the two amounts either side of it (0 without a sign: -0.001 lies between -0.01 and 0.00)
            down, up = (
                value.quantize(Decimal("0.01"), rounding=r) or Decimal("0.00") for r in (ROUND_FLOOR, ROUND_CEILING)
            )
            raise self.fail(
                node,
                f"{written(value)} is no amount to the fen: money is compared with an amount written in 元",
                f"write the amount to the fen, at most two decimals: {down} or {up}",
            )
        return as_unit(const, unit)

    # -- terms --
    def term(self, node: ast.Node) -> tuple[Term, _Type]:
        match node:
            case ast.Const(value=bool() as value):
                return TConst(str(value), "text"), ("bool", str(value))
            case ast.Const(value=Decimal() as value):
                return TConst(value, "plain"), ("num", "number")
            case ast.Const(value=str() as value):
                return TConst(value, "text"), ("text", "")
            case ast.Const(value=ast.MonthLiteral(year=year, month=month)):
                # Months and dates are compared as the engines encode them: month and day numbers.
                return TConst(Decimal(year * 12 + month - 1), "month"), ("month", "")
            case ast.Const(value=date() as day):
                return TConst(Decimal(day.toordinal()), "date"), ("date", "")
            case ast.Name(name=name):
                return self.name(node, name)
            case ast.Neg(operand=operand):
                term, typ = self.term(operand)
                self.require_num(operand, typ)
                if isinstance(term, TConst) and term.unit == "plain" and isinstance(term.value, Decimal):
                    # -100: a bare number still, which takes the unit of what it meets (money < -100)
                    return TConst(-term.value, "plain"), typ
                return TNeg(term), typ
            case ast.Arith():
                return self.arith(node)
            case ast.Call():
                return self.call(node)
            case ast.Quantifier(kind="count"):
                return TFact(self.quantifier(node, "count").name, Kind.COUNT), ("num", "count")
            case ast.Quantifier(kind="share"):
                counted = TFact(self.quantifier(node, "share").name, Kind.COUNT)
                everyone = TFact(aggregate("count", None, "").name, Kind.COUNT)
                return TArith("/", counted, everyone), ("num", "ratio")
            case ast.Quantifier(kind=kind):
                raise self.fail(node, f"{kind}(members, …) is a yes/no test, not a value", "use count(members, …)")
        raise self.fail(
            node,
            "a test (comparison, and/or) cannot be used as a value",
            "compare values, then join tests with and / or; count(members, …) counts the members a test holds for",
        )

    def fact(self, name: str) -> FactInfo | None:
        """The fact ``name`` reads here: in member scope a member fact first, then a household fact."""
        if self.member_scope and name in MEMBER_FACTS:
            return MEMBER_FACTS[name]
        return self.facts.get(name)

    def name(self, node: ast.Node, name: str) -> tuple[Term, _Type]:
        if self.member_scope and name == "age":
            return TCall("age", (TFact("birth_date", Kind.DATE),)), ("num", "years")
        if name in MEMBER_FACTS and not self.member_scope and name not in self.facts:
            raise self.fail(
                node,
                f"{name} ({MEMBER_FACTS[name].label}) is a member's fact, not the household's",
                f"read it inside a member condition: any(members, {name} …), count(members, …)",
            )
        fact = self.fact(name)
        if fact is not None:
            kinds = {
                Kind.MONEY: ("num", "money"),
                Kind.COUNT: ("num", "count"),
                Kind.BOOL: ("bool", ""),
                Kind.TEXT: ("text", ""),
                Kind.ENUM: ("text", fact.enum.__name__ if fact.enum else ""),
                Kind.MONTH: ("month", ""),
                Kind.DATE: ("date", ""),
                Kind.QUANTITY: ("num", fact.measure.value if fact.measure else "quantity"),
            }
            return TFact(name, fact.kind), kinds[fact.kind]
        if name == MEMBER_COUNT or name in ("members", "age"):
            raise self.fail(
                node,
                f"{name} is read over the members",
                "write count(members) for the number of members, and age inside any(members, age >= …)",
            )
        if name in self.params:
            param = self.params[name]
            measure = "money" if param.unit == "money" else (param.measure or "number")
            return TParam(name, param.unit), ("num", measure)
        if name in self.conditions:
            raise self.fail(
                node, f"{name} is a named condition (a yes/no test), not a value", f"use it as a test: {name} and …"
            )
        if name in SETS:
            raise self.fail(node, f"{name} is a set, not a value", f'test it: {name} contains "…", {name} is empty')
        raise self.unknown(node, name)

    def expecting(self, node: ast.Node, other: ast.Node) -> tuple[Term, _Type]:
        """``node`` typed; if a name in it is unknown, the type of ``other`` narrows "did you mean"."""
        try:
            return self.term(node)
        except UnknownNameError as unknown:
            try:
                self.expected = self.term(other)[1]
            except ConfigError:
                raise unknown from None
            try:
                return self.term(node)
            finally:
                self.expected = None

    def fits(self, name: str) -> bool:
        """Whether ``name`` has the type expected where it stands (any, when nothing is expected)."""
        if self.expected is None or self.expected[0] != "num":
            return True
        try:
            _, (kind, unit) = self.name(ast.Name(0, name), name)
        except ConfigError:
            return True
        if kind != "num" or unit == "number" or self.expected[1] == "number":
            return kind == "num"
        wanted = self.expected[1]
        return unit == wanted or ("money" not in (unit, wanted) and compatible(unit, wanted))

    def unknown(self, node: ast.Node, name: str) -> UnknownNameError:
        words = self.unknown_words(name)
        condition = f"in condition {ast.one_line(self.text)!r}"
        if words.column:
            message = f"{name} is a column of the national export, not a name rules use; {words.hint} {condition}"
        else:
            message = f"unknown fact or parameter {name!r} {condition}; {words.hint}"
        return UnknownNameError(
            message,
            name=name,
            suggestion=words.suggestion,
            suggestion_label=words.label,
            fix=words.fix,
            location=self.where(node),
        )

    def unknown_words(self, name: str) -> _Unknown:
        """What to say of the unknown ``name``: the nearest known name of the type expected where it stands,
        or the fact an export column's header stands for."""
        facts = {**self.facts, **MEMBER_FACTS} if self.member_scope else dict(self.facts)
        facts = {k: v for k, v in facts.items() if self.fits(k)}
        params = {k: v for k, v in self.params.items() if self.fits(k)}
        labels = {f.label: f.name for f in facts.values()} | {p.label: p.name for p in params.values()}
        labels |= {self.conditions.label(c): c for c in self.conditions.sources}
        known = sorted(facts) + sorted(params) + sorted(self.conditions.sources)
        column = export_field(name)
        from_export = FACT_OF_COLUMN.get(column or "", "")
        if from_export in self.facts and name not in labels:
            fact = self.facts[from_export]
            negated = "not " if column in NEGATED_COLUMNS else ""
            return _Unknown(
                f"rules read it as {'the negation of ' if negated else ''}{from_export} ({fact.label})",
                f"write {negated}{from_export}",
                from_export,
                fact.label,
                column=True,
            )
        if column is not None and column in MEMBER_FACTS and name not in labels:
            fact = MEMBER_FACTS[column]
            where = "" if self.member_scope else f" inside a member condition, e.g. any(members, {column} …)"
            return _Unknown(
                f"rules read it as the member fact {column} ({fact.label}){where}",
                f"write {column}{where}",
                column,
                fact.label,
                column=True,
            )
        suggestion = labels.get(name) or suggest(name, known, cutoff=0.6) or ""
        if not suggestion:  # else the name whose label is close, and only a close one: a label sharing
            # a word or two (务工月收入, 工资性收入) is a different measure, and suggesting it swaps meaning.
            close_label = suggest(name, labels, cutoff=0.75)
            suggestion = labels[close_label] if close_label else ""
        info = facts.get(suggestion) or self.params.get(suggestion)
        label = info.label if info else (self.conditions.label(suggestion) if suggestion in self.conditions else "")
        if not suggestion and name.lower() in _NULL_WORDS:  # x == null: what a programmer writes for "empty"
            return _Unknown("an empty cell is tested with is missing", f"write {self.missing_test(name)}")
        if not suggestion:
            holder = next((f for f in facts.values() if f.enum is not None and f.enum.knows(name)), None)
            if holder is not None:  # household_type == 脱贫户: a value of a vocabulary, written without quotes
                return _Unknown(
                    f"{name} is a value of {holder.name} ({holder.label}): a text is written in quotes",
                    f'write the text in quotes: "{name}"',
                )
            return _Unknown(
                "see the fact list in rules/README.md",
                "use a fact of rules/README.md, or define a parameter of that name in a parameters file",
            )
        if suggestion not in facts and suggestion in self.params:  # in English by its English label, if any
            english = self.params[suggestion].label_en
            named = f"{suggestion} ({english})" if english else suggestion
            return _Unknown(f"did you mean the parameter {named}?", f"write {suggestion}", suggestion, label)
        return _Unknown(f"did you mean {suggestion} ({label})?", f"write {suggestion}", suggestion, label)

    def missing_test(self, null: str) -> str:
        """``x is missing`` (``x is not missing`` for ``!=``) for the term ``null`` is compared with in the
        condition (``income_per_capita == null``), else with ``x`` for the term."""
        word = re.escape(null)
        found = re.search(rf"([\w.]+)\s*(==|!=)\s*{word}\b", self.text) or re.search(
            rf"\b{word}\s*(==|!=)\s*([\w.]+)", self.text
        )
        if found is None:
            return "x is missing (or x is not missing)"
        term, operator = (found[1], found[2]) if found.re.pattern.startswith("(") else (found[2], found[1])
        return f"{term} is {'not ' if operator == '!=' else ''}missing"

    def every_unknown(self, tree: ast.Node, first: UnknownNameError) -> UnknownNameError:
        """``first`` and every other unknown name of the condition, in one error (sorted by position, each
        name once, each with what its own error would say): a condition with three misspelt names was
        refused three times over, one name a run."""
        if f"in condition {ast.one_line(self.text)!r}" not in first.message:  # inside a named condition
            return first
        found: dict[str, tuple[ast.Name, _Unknown]] = {}
        stack: list[tuple[object, ast.Node | None, bool]] = [(tree, None, False)]
        while stack:
            item, other, members = stack.pop()
            if isinstance(item, tuple):
                stack.extend((child, other, members) for child in reversed(item))
            elif isinstance(item, ast.Name):
                if item.name not in found and (words := self.unknown_at(item, other, members)) is not None:
                    found[item.name] = item, words
            elif isinstance(item, ast.Compare):
                stack += [(item.right, item.left, members), (item.left, item.right, members)]
            elif isinstance(item, ast.Quantifier):
                stack.append((item.condition, None, True))
            elif isinstance(item, ast.Node):
                keep = other if isinstance(item, ast.Arith | ast.Neg | ast.Call) else None  # a side of a compare
                stack += [(getattr(item, f.name), keep, members) for f in reversed(fields(item)) if f.name != "pos"]
        if first.name not in found or len(found) < 2:
            return first
        named = sorted(found.values(), key=lambda pair: pair[0].pos)
        lines = {self.where(node).line for node, _ in named}
        parts, fixes = [], []
        for node, words in named:
            line = f" (line {self.where(node).line})" if len(lines) > 1 else ""
            what = f"a column of the national export; {words.hint}" if words.column else words.hint
            parts.append(f"{node.name!r}{line}: {what}")
            fixes.append(f"for {node.name}, {words.fix}")
        head, words = named[0]
        return UnknownNameError(
            f"{len(named)} unknown names in condition {ast.one_line(self.text)!r}: " + "; ".join(parts),
            name=head.name,
            suggestion=words.suggestion,
            suggestion_label=words.label,
            fix="; ".join(fixes),
            location=self.where(head),
        )

    def unknown_at(self, node: ast.Name, other: ast.Node | None, members: bool) -> _Unknown | None:
        """What to say of ``node`` if its name is unknown where it stands (``other``: the other side of the
        comparison it is in, whose type narrows "did you mean", as :meth:`expecting` does); else None."""
        self.member_scope = members
        try:
            if other is not None:
                try:
                    self.expected = self.term(other)[1]
                except ConfigError:
                    self.expected = None
            try:
                self.name(node, node.name)
            except UnknownNameError:
                return self.unknown_words(node.name)
            except ConfigError:
                return None
            return None
        finally:
            self.member_scope, self.expected = False, None

    def require_num(self, node: ast.Node, typ: _Type, where: str = "in arithmetic") -> None:
        if typ[0] != "num":
            fix = {
                "month": "compare months with each other (identified_month >= 2024-01), or count with "
                "months_since(…) / months_between(…)",
                "date": "compare dates with each other (loan_due <= 2025-12-31), or count with days_until(…)",
                "text": "compare text with == or in {…}; write numbers without quotes",
            }.get(typ[0], "use a number, money or count here")
            raise self.fail(node, f"a {_WORDS.get(typ[0], typ[0])} value cannot be used {where}", fix)

    def arith(self, node: ast.Arith) -> tuple[Term, _Type]:
        left, lt = self.term(node.left)
        right, rt = self.term(node.right)
        self.require_num(node.left, lt)
        self.require_num(node.right, rt)
        # 2 * 500, 1000 - 0: bare numbers make a bare number, which takes the unit of what it meets (money <
        # 2 * 500 had been refused as money against a number), when it is one a condition could write
        if (
            isinstance(left, TConst)
            and isinstance(right, TConst)
            and left.unit == right.unit == "plain"
            and isinstance(left.value, Decimal)
            and isinstance(right.value, Decimal)
        ):
            folded = _folded(node.op, left.value, right.value)
            if folded is not None:
                return TConst(folded, "plain"), ("num", "number")
            written = f"{left.value} {node.op} {right.value}"
            if node.op == "/" and right.value == 0:  # unknown for every household: the rule could never be told
                raise self.fail(node, f"{written} divides by zero: it has no value", "write the number meant")
            if abs(_exactly(node.op, left.value, right.value)) >= 10**ast.MAX_DIGITS:
                raise self.fail(
                    node,
                    f"{written} is beyond the numbers a condition may write ({ast.MAX_DIGITS} digits before the point)",
                    "write a smaller number: money is in 元 below 10^12",
                )
        if node.op in "+-":
            left, right = self.unify(node, left, lt, right, rt)
            unit = lt[1] if not isinstance(left, TConst) else rt[1]
            if "money" not in (lt[1], rt[1]):
                unit = joined(lt[1], rt[1])
            return TArith(node.op, left, right), ("num", unit)
        if node.op == "*":
            if lt[1] == rt[1] == "money":
                raise self.fail(node, "money × money has no meaning", "multiply money by a ratio or a count")
            if "money" in (lt[1], rt[1]):
                return TArith("*", left, right), ("num", "money")
            # A ratio scales what it multiplies; a count times a count is a count.
            unit = rt[1] if lt[1] in ("ratio", "number") else lt[1]
            return TArith("*", left, right), ("num", unit)
        if lt[1] != "money" and rt[1] == "money" and not isinstance(right, TConst):
            raise self.fail(
                node, "a plain number divided by money has no meaning", "divide money by money (a ratio) or by a count"
            )
        # Like by like is a ratio (money ÷ money, count ÷ count); by a bare number or a count (size), the
        # dividend's measure stays: (net_income − rigid_expense) ÷ size is money per person.
        unit = "ratio" if lt[1] == rt[1] and lt[1] != "number" else lt[1]
        return TArith("/", left, right), ("num", unit)

    def call(self, node: ast.Call) -> tuple[Term, _Type]:
        if node.function in ast.TEXT_TESTS:
            raise self.fail(node, f"{node.function}() is a yes/no test, not a value", "use it as a test by itself")
        typed = [self.term(a) for a in node.args]
        if node.function == "length":
            term, (kind, enum) = typed[0]
            if kind != "text" or enum or not isinstance(term, TFact):
                raise self.fail(node, "length() counts the characters of a text fact", "e.g. length(loan_purpose) > 10")
            return TCall("length", (term,)), ("num", "count")
        if node.function == "months_between":
            if any(t[1][0] != "month" for t in typed):
                raise self.fail(
                    node,
                    "months_between() takes two month facts",
                    "e.g. months_between(identified_month, eliminated_month)",
                )
            return TCall(node.function, (typed[0][0], typed[1][0])), ("num", "months")
        if node.function == "age_on":
            if not self.member_scope:
                raise self.fail(node, "age_on() reads a member's birth date", "use it inside any(members, …)")
            if typed[0][1][0] != "date":
                raise self.fail(node, "age_on() takes a date", "write the date as YYYY-MM-DD: age_on(2024-12-31)")
            return TCall("age_on", (TFact("birth_date", Kind.DATE), typed[0][0])), ("num", "years")
        if node.function in ("months_since", "days_until"):
            want = "month" if node.function == "months_since" else "date"
            if typed[0][1][0] != want:
                other = "days_until(loan_due)" if want == "date" else "months_since(identified_month)"
                raise self.fail(node, f"{node.function}() takes a {want} fact", f"e.g. {other}")
            return TCall(node.function, (typed[0][0],)), ("num", "months" if want == "month" else "days")
        for arg, (_, typ) in zip(node.args, typed, strict=True):
            self.require_num(arg, typ, f"in {node.function}()")
        units = list(dict.fromkeys(t[1] for _, t in typed if not isinstance(_, TConst))) or ["number"]
        if "money" in units and len(units) > 1:
            raise self.fail(
                node,
                f"{node.function}() mixes money and plain numbers",
                f"give {node.function}() money only: {node.function}(public_job_income, 0)",
            )
        unit = units[0]
        for other in units[1:]:
            if not compatible(unit, other):
                raise self.fail(
                    node,
                    f"{node.function}() mixes {measure_name(unit)} and {measure_name(other)}",
                    f"give {node.function}() values of one measure",
                )
            unit = joined(unit, other)
        args = tuple(
            self.in_unit(arg, t, unit) if isinstance(t, TConst) else t
            for arg, (t, _) in zip(node.args, typed, strict=True)
        )
        return TCall(node.function, args), ("num", unit)


def _exactly(op: str, left: Decimal, right: Decimal) -> Fraction:
    """``left op right`` as an exact fraction (a division by zero is not asked for)."""
    a, b = Fraction(left), Fraction(right)
    return a + b if op == "+" else a - b if op == "-" else a * b if op == "*" else a / b


def _folded(op: str, left: Decimal, right: Decimal) -> Decimal | None:
    """``left op right`` worked out exactly, when it is a number a condition could write: at most
    :data:`~fanpin.lang.syntax.MAX_DIGITS` digits before the point and :data:`~fanpin.lang.syntax.MAX_DECIMALS`
    after it (1 / 3 is not, nor 0 / 0: they stay arithmetic, for the engines to apply exactly)."""
    if op == "/" and right == 0:
        return None
    value = _exactly(op, left, right)
    scaled = value * 10**ast.MAX_DECIMALS
    if scaled.denominator != 1 or abs(value) >= 10**ast.MAX_DIGITS:
        return None
    if value.denominator == 1:
        return Decimal(value.numerator)
    return Decimal(format(Decimal(scaled.numerator).scaleb(-ast.MAX_DECIMALS).normalize(), "f"))  # no exponent


def nearest_value(enum: type[Labelled], text: str) -> Labelled | None:
    """The value of ``enum`` whose spelling (Chinese label, English id or a known variant) is closest to
    ``text``, for a did-you-mean; None when none is close.

    >>> from fanpin.model.vocabulary import Health
    >>> nearest_value(Health, "无患大病").label
    '患有大病'
    """
    spellings = {spelling: member for member, written in enum.spellings().items() for spelling in written}
    near = suggest(text.strip(), spellings, cutoff=0.5)
    return spellings[near] if near is not None else None


def check_condition(
    text: str,
    facts: Mapping[str, FactInfo],
    params: Mapping[str, ParamInfo],
    location: Location | None = None,
    conditions: NamedConditions | None = None,
) -> Condition:
    """Parse and type-check ``text``; raise a :class:`~fanpin.errors.ConfigError` naming file:line."""
    location = location or Location()
    tree = ast.parse_condition(text, location)
    checker = _Checker(text, facts, params, location, conditions)
    try:
        return checker.condition(tree)
    except UnknownNameError as first:
        raise checker.every_unknown(tree, first) from None
    except RecursionError:  # a last guard: the limits on nesting and on chains keep far below it
        raise RuleTypeError(
            f"the condition nests too deeply to be checked (with the named conditions it uses) in condition "
            f"{text.strip()[:200]!r}",
            fix="simplify it, or write out some of the named conditions it uses",
            location=location,
        ) from None
