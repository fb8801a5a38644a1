"""The batch path: the same rulebook compiled to polars expressions.

Each typed condition becomes one boolean expression. polars' nulls follow Kleene's logic exactly as
the durable path's three-valued rules do (``null & false`` is false, ``null | true`` is true), so a rule
is *fired* where its expression is true, *not evaluable* where it is null, and silent where false.
Terms use the arithmetic defined in :mod:`fanpin.lang.lowering`, in the same order: integer fen under
``+ - *``, a non-integer decimal factor ``k = p/q`` applied as ``x * p / q``, one IEEE division, and a
division by zero that is null. Parameters are resolved once per distinct region code and joined in.

>>> from datetime import date
>>> from fanpin import load_rulebook
>>> from fanpin.batch import BatchEngine
>>> batch = BatchEngine(load_rulebook())
>>> out = batch.evaluate([{"income_per_capita": 869999}], as_of=date(2025, 6, 30), region="532328")
>>> out["flags"].to_list()[0][:1]
['income.below_line']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal

import polars as pl

from fanpin.batch.texts import Sentences, money_text
from fanpin.lang.lowering import engine_number, fold, literal
from fanpin.lang.typecheck import (
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
    TTruth,
    facts_of,
)
from fanpin.model.facts import FACTS
from fanpin.model.household import Kind
from fanpin.model.parameters import ResolvedParameter
from fanpin.results import classify
from fanpin.results.classify import ALERT_LEVELS, severity
from fanpin.results.columns import ALERT_LEVEL_ZH, CATEGORY_ZH, OUTPUT_COLUMNS
from fanpin.results.explanations import shown
from fanpin.results.sentences import Lang
from fanpin.rulebook import Rulebook

__all__ = ["BatchEngine"]

#: Encoded facts by kind (fanpin.model.facts.encode): whole fen, counts, month and day numbers, 1/0, text.
_DTYPES: dict[Kind, Any] = {
    Kind.MONEY: pl.Int64,
    Kind.COUNT: pl.Int64,
    Kind.MONTH: pl.Int64,
    Kind.DATE: pl.Int64,
    Kind.BOOL: pl.Int8,
    Kind.TEXT: pl.String,
    Kind.ENUM: pl.String,
}


class _Constants:
    """Per-region values, each a column (``__c0``, ``__c1`` …) of the joined parameter table.

    Kinds: ``value`` (a fact-free term as the engines compare it), ``p``/``q`` (a decimal factor
    ``k = p/q``), ``shown:<unit>`` (a fact-free term as explanations show it) and ``source`` (a
    parameter's source, keyed by its name).
    """

    def __init__(self) -> None:
        self.columns: dict[tuple[str, Term | str | tuple[str, str]], str] = {}

    def column(self, kind: str, key: Term | str | tuple[str, str]) -> pl.Expr:
        if (kind, key) not in self.columns:
            self.columns[(kind, key)] = f"__c{len(self.columns)}"
        return pl.col(self.columns[(kind, key)])

    def dtype(self, kind: str) -> Any:
        if kind == "same":
            return pl.Boolean
        return pl.Float64 if kind == "value" else pl.Int64 if kind in ("p", "q") else pl.String

    def values(self, params: Mapping[str, ResolvedParameter]) -> dict[str, Any]:
        row: dict[str, Any] = {}
        for (kind, key), name in self.columns.items():
            if isinstance(key, tuple):  # "same": do two parameters have the same source here?
                row[name] = params[key[0]].source == params[key[1]].source
                continue
            if isinstance(key, str):  # "source" or "param:<field>" of a parameter
                field = "source" if kind == "source" else kind.removeprefix("param:")
                row[name] = str(getattr(params[key], field))
                continue
            folded = fold(key, params)
            if kind == "value":
                row[name] = None if folded is None else float(engine_number(folded))
            elif kind.startswith("shown:"):
                row[name] = None if folded is None else str(shown(engine_number(folded), kind.removeprefix("shown:")))
            else:  # "p" / "q" of a decimal factor k = p/q
                p, q = (0, 1) if folded is None else Decimal(folded).as_integer_ratio()
                row[name] = p if kind == "p" else q
        return row


class _Compiler:
    def __init__(self, as_of: date, constants: _Constants) -> None:
        self.as_of = as_of
        self.constants = constants

    def condition(self, c: Condition) -> pl.Expr:
        match c:
            case TCompare(op=op, left=left, right=right):
                a, b = self.term(left), self.term(right)
                return {
                    "<": a < b,
                    "<=": a <= b,
                    ">": a > b,
                    ">=": a >= b,
                    "==": a == b,
                    "!=": a != b,
                }[op]
            case TIn(operand=x, values=values):
                return self.term(x).is_in([literal(TConst(v, "plain")) for v in values])
            case TMissing(operand=x):
                return self.term(x).is_null()
            case TTruth(fact=fact):
                return pl.col(fact).cast(pl.Boolean)
            case TNot(operand=x):
                return ~self.condition(x)
            case TAnd(items=items):
                return pl.all_horizontal([self.condition(i) for i in items])
            case TOr(items=items):
                return pl.any_horizontal([self.condition(i) for i in items])
        raise TypeError(c)  # pragma: no cover

    def term(self, t: Term) -> pl.Expr:
        match t:
            case TFact(name=name):
                return pl.col(name)
            case TConst(value=str() as text):
                return pl.lit(text)
            case TConst():
                return pl.lit(literal(t))
        if not facts_of(t):
            return self.constants.column("value", t)
        match t:
            case TNeg(operand=x):
                return -self.term(x)
            case TArith(op=op, left=left, right=right):
                return self.arith(op, left, right)
            case TCall(function="months_since", args=(x,)):
                return (self.as_of.year * 12 + self.as_of.month - 1) - self.term(x)
            case TCall(function="months_between", args=(first, second)):
                return self.term(second) - self.term(first)
            case TCall(function="days_until", args=(x,)):
                return self.term(x) - self.as_of.toordinal()
            case TCall(function="coalesce", args=args):
                return pl.coalesce([self.term(a) for a in args])
            case TCall(function="abs", args=(x,)):
                return self.term(x).abs()
            case TCall(function=fn, args=args):
                exprs = [self.term(a) for a in args]
                value = pl.min_horizontal(exprs) if fn == "min" else pl.max_horizontal(exprs)
                return pl.when(pl.all_horizontal([e.is_not_null() for e in exprs])).then(value)
        raise TypeError(t)  # pragma: no cover

    def arith(self, op: str, left: Term, right: Term) -> pl.Expr:
        if _is_decimal_factor(op, left, right):
            # lowering._decimal_factor: x * k → x * p / q and x / k → x * q / p (k = p/q per region);
            # an integral k gives q = 1, the same value as the plain product.
            other, const = (right, left) if facts_of(right) else (left, right)
            x = self.term(other)
            p, q = self.constants.column("p", const), self.constants.column("q", const)
            if op == "*":
                return (x * p) / q
            return pl.when(p != 0).then((x * q) / p)
        a, b = self.term(left), self.term(right)
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        return pl.when(b != 0).then(a / b)


def _is_decimal_factor(op: str, left: Term, right: Term) -> bool:
    """The cases :func:`fanpin.lang.lowering._decimal_factor` considers: a fact term times a fact-free one,
    or a fact term divided by a fact-free one."""
    if op == "*":
        return bool(facts_of(left)) != bool(facts_of(right))
    return op == "/" and bool(facts_of(left)) and not facts_of(right)


Output = Literal["rules", "outcomes", "table", "json"]


@dataclass
class _Program:
    """Everything compiled for one date, language and output: built once, run on every chunk.

    Run as: join the per-region parameter table, add the rule outcomes, add each layer of
    intermediate columns in turn, then select :attr:`final`.
    """

    constants: _Constants
    outcomes: list[pl.Expr]
    layers: list[dict[str, pl.Expr]]
    final: dict[str, pl.Expr]
    #: Columns that depend on ``key_columns`` (three-valued booleans) alone: computed once per distinct
    #: combination in the chunk and joined back — a county has a few hundred distinct plans, not a row's worth.
    keyed: dict[str, pl.Expr]
    key_columns: list[str]
    tables: dict[str, dict[str, Any]] = field(default_factory=dict)  # region code → parameter row


class BatchEngine:
    """Evaluates many households at once. Input: encoded facts (as the durable path asserts them).

    :meth:`evaluate` gives the outcomes as data (flag lists, band, level, category); :meth:`score`
    gives the scored rows (``OUTPUT_COLUMNS``) as text, sentences and plan included, and :meth:`score_json` the
    JSON Lines records — all in input order. Compiled programs are kept per date and language.
    """

    def __init__(self, rulebook: Rulebook) -> None:
        self.rulebook = rulebook
        self.rules = list(rulebook.rules.values())
        self._params_needed = rulebook.params_needed() | set(classify.BAND_PARAMETERS)
        self._needed = sorted(
            {f for r in self.rules for f in r.facts}
            | {"income_per_capita", "household_type", "labor_count", "no_labor_household"}
        )
        self._programs: dict[tuple[date, str, Output], _Program] = {}

    def evaluate(
        self, facts: pl.DataFrame | Iterable[Mapping[str, Any]], *, as_of: date, region: str | None = None
    ) -> pl.DataFrame:
        """Flags, not-evaluable rules, band, level and category for every row, in input order."""
        return self._run(facts, as_of, region, "zh", "outcomes", ())

    def rule_outcomes(
        self, facts: pl.DataFrame | Iterable[Mapping[str, Any]], *, as_of: date, region: str | None = None
    ) -> pl.DataFrame:
        """One three-valued column per rule, named by its id: true (fired), false, null (not evaluable)."""
        return self._run(facts, as_of, region, "zh", "rules", ())

    def score(
        self,
        facts: pl.DataFrame | Iterable[Mapping[str, Any]],
        *,
        as_of: date,
        region: str | None = None,
        lang: Lang = "zh",
        keep: Iterable[str] = (),
    ) -> pl.DataFrame:
        """The scored rows (``OUTPUT_COLUMNS``, as text), then the ``keep`` columns."""
        return self._run(facts, as_of, region, lang, "table", keep)

    def score_json(
        self,
        facts: pl.DataFrame | Iterable[Mapping[str, Any]],
        *,
        as_of: date,
        region: str | None = None,
        lang: Lang = "zh",
        keep: Iterable[str] = (),
    ) -> pl.DataFrame:
        """One column, ``json``: each row as the per-household JSON Lines writer writes it (sorted keys,
        structured explanations, the ``keep`` columns under ``input``)."""
        return self._run(facts, as_of, region, lang, "json", keep)

    def _run(
        self,
        facts: pl.DataFrame | Iterable[Mapping[str, Any]],
        as_of: date,
        region: str | None,
        lang: Lang,
        output: Output,
        keep: Iterable[str],
    ) -> pl.DataFrame:
        frame = self._typed(facts, region)
        program = self._program(as_of, lang, output)
        table = self._parameter_table(frame, program, as_of)
        if table.height == 1 and frame.get_column("region_code").null_count() == 0:
            # One region (the usual county file): constants as scalar columns, not copied per row.
            constants = table.drop("region_code").row(0, named=True)
            out = frame.with_columns(pl.lit(v, dtype=table.schema[k]).alias(k) for k, v in constants.items())
        else:
            out = frame.join(table, on="region_code", how="left", maintain_order="left")
        out = out.with_columns(program.outcomes)
        for layer in program.layers:
            if layer:
                out = out.with_columns(**layer)
        if program.keyed:
            out = _by_combination(out, program.key_columns, program.keyed)
        kept = [c for c in dict.fromkeys(keep) if c not in OUTPUT_COLUMNS]
        final = dict(program.final)
        if output == "json":
            names = sorted(kept)
            given = pl.struct([pl.col(c) for c in names]).struct.json_encode() if names else pl.lit("{}")
            final = {"json": pl.concat_str([program.final["before"], given, program.final["after"]])}
            kept = []
        return out.select([e.alias(n) for n, e in final.items()] + [pl.col(c) for c in kept])

    def _typed(self, facts: pl.DataFrame | Iterable[Mapping[str, Any]], region: str | None) -> pl.DataFrame:
        frame = facts if isinstance(facts, pl.DataFrame) else pl.DataFrame(list(facts), infer_schema_length=None)
        if "region_code" not in frame.columns:
            frame = frame.with_columns(pl.lit(region, dtype=pl.String).alias("region_code"))
        elif region:
            frame = frame.with_columns(pl.col("region_code").cast(pl.String).fill_null(region))
        if "household_id" not in frame.columns:
            frame = frame.with_columns(pl.lit("", dtype=pl.String).alias("household_id"))
        return frame.with_columns(
            (pl.col(f) if f in frame.columns else pl.lit(None)).cast(_DTYPES[FACTS[f].kind]).alias(f)
            for f in self._needed
        )

    def _program(self, as_of: date, lang: Lang, output: Output) -> _Program:
        key = (as_of, lang, output)
        if key in self._programs:
            return self._programs[key]
        constants = _Constants()
        compiler = _Compiler(as_of, constants)
        outcomes = [compiler.condition(r.condition).alias(f"__r{i}") for i, r in enumerate(self.rules)]
        fired = [pl.col(f"__r{i}").fill_null(False) for i in range(len(self.rules))]
        summary = self._summary(constants, fired)
        sentences = Sentences(self.rulebook, as_of, lang, compiler.condition, compiler.term, constants.column, fired)
        keyed: dict[str, pl.Expr] = {}
        final = self._final(output, sentences, summary, fired, as_of, lang, keyed)
        # The plan reads the planned-measure columns and, for the rules each measure answers, the outcomes.
        key_columns = [*sentences.plan_columns, *(f"__r{i}" for i in range(len(self.rules)))]
        program = _Program(constants, outcomes, sentences.finish(), final, keyed, key_columns)
        if len(self._programs) > 64:
            self._programs.clear()
        self._programs[key] = program
        return program

    def _final(
        self,
        output: Output,
        sentences: Sentences,
        summary: dict[str, pl.Expr],
        fired: list[pl.Expr],
        as_of: date,
        lang: Lang,
        keyed: dict[str, pl.Expr],
    ) -> dict[str, pl.Expr]:
        if output == "rules":
            return {r.id: pl.col(f"__r{i}") for i, r in enumerate(self.rules)}
        if output == "outcomes":
            return {k: v for k, v in summary.items() if not k.endswith("_text")}
        labour = pl.col("labor_count")
        has_labour = pl.when(labour.is_not_null()).then(labour > 0).when(pl.col("no_labor_household") == 1).then(False)
        measures, plan, planned = sentences.plan(fired, has_labour)
        if output == "json":
            keyed.update({"__plan_text": plan, "__plan_data": planned})
        else:
            keyed.update({"__plan_ids": measures, "__plan_text": plan})
            keyed.update(
                {
                    "__flags": summary["flags_text"],
                    "__not_evaluable": summary["not_evaluable_text"],
                    "__risk_types": sentences.risk_types(fired),
                    "__audit_findings": sentences.audit_findings(fired),
                }
            )
        measures, plan, planned = pl.col("__plan_ids"), pl.col("__plan_text"), pl.col("__plan_data")
        household_id = pl.col("household_id").cast(pl.String)
        per_capita = money_text(pl.col("income_per_capita"))
        level, category = summary["alert_level"], summary["suggested_category"]
        if output == "json":
            # Keys in sorted order, as json.dumps(sort_keys=True); "input" goes between the two halves.
            before = pl.struct(
                alert_level=level,
                as_of=pl.lit(as_of.isoformat()),
                audit_findings=_split_ids(sentences.audit_findings(fired)),
                explanation=sentences.explanation(fired, as_list=True),
                flags=sentences.flags(fired),
                household_id=household_id,
                income_band=summary["income_band"],
                income_per_capita=per_capita,
            ).struct.json_encode()
            after = pl.struct(
                measures=planned,
                not_evaluable=summary["not_evaluable"],
                plan=plan,
                region_code=pl.col("region_code"),
                risk_types=_split_ids(sentences.risk_types(fired)),
                rulebook_version=pl.lit(self.rulebook.version),
                suggested_category=category,
            ).struct.json_encode()
            return {
                "before": pl.concat_str([before.str.head(-1), pl.lit(',"input":')]),
                "after": pl.concat_str([pl.lit(","), after.str.tail(-1)]),
            }
        return {
            "household_id": household_id,
            "region_code": pl.col("region_code"),
            "as_of": pl.lit(as_of.isoformat()),
            "income_per_capita": per_capita.fill_null(""),
            "income_band": summary["income_band"].fill_null(""),
            "alert_level": level.replace_strict(ALERT_LEVEL_ZH) if lang == "zh" else level,
            "suggested_category": (
                category.replace_strict(CATEGORY_ZH, default=None) if lang == "zh" else category
            ).fill_null(""),
            "flags": pl.col("__flags"),
            "risk_types": pl.col("__risk_types"),
            "audit_findings": pl.col("__audit_findings"),
            "measures": measures,
            "plan": plan,
            "explanation": sentences.explanation(fired),
            "not_evaluable": pl.col("__not_evaluable"),
            "rulebook_version": pl.lit(self.rulebook.version),
        }

    def _parameter_table(self, frame: pl.DataFrame, program: _Program, as_of: date) -> pl.DataFrame:
        """One row per region code in ``frame``: every constant column, resolved once per code."""
        constants = program.constants
        rows = []
        for code in frame.get_column("region_code").unique().drop_nulls().to_list():
            if code not in program.tables:
                params = self.rulebook.parameters.resolve_all(self._params_needed, code, as_of)
                program.tables[code] = {"region_code": code, **constants.values(params)}
            rows.append(program.tables[code])
        schema = {"region_code": pl.String} | {
            name: constants.dtype(kind) for (kind, _), name in constants.columns.items()
        }
        return pl.DataFrame(rows, schema=schema)

    def _summary(self, constants: _Constants, fired: list[pl.Expr]) -> dict[str, pl.Expr]:
        # Built from the per-rule boolean columns with horizontal operations only: list operations
        # per row cost a hundred times more.
        outcome = {r.id: pl.col(f"__r{i}") for i, r in enumerate(self.rules)}
        ids = list(outcome)
        flags = pl.concat_str(
            [pl.when(f).then(pl.lit(rid)) for rid, f in zip(ids, fired, strict=True)], separator=";", ignore_nulls=True
        )
        unknown = pl.concat_str(
            [pl.when(c.is_null()).then(pl.lit(rid)) for rid, c in outcome.items()], separator=";", ignore_nulls=True
        )
        level = pl.max_horizontal(
            [pl.when(outcome[r.id]).then(severity(r.spec.level)).otherwise(0) for r in self.rules]
        )
        per_capita = pl.col("income_per_capita")
        line, near, far = [constants.column("value", t) for t in _band_terms(self.rulebook)]
        band = (
            pl.when(per_capita.is_null())
            .then(None)
            .when(per_capita < line)
            .then(pl.lit("below_line"))
            .when(per_capita < near)
            .then(pl.lit("near_line"))
            .when(per_capita < far)
            .then(pl.lit("above_line"))
            .otherwise(pl.lit("far_above"))
        )
        fired_by_id = dict(zip(ids, fired, strict=True))

        def any_fired(chosen: list[str]) -> pl.Expr:
            return pl.any_horizontal([fired_by_id[i] for i in chosen]) if chosen else pl.lit(False)

        guarantee = any_fired([i for i in ids if i.startswith(classify.GUARANTEE_PREFIX)])
        shock = any_fired([i for i in ids if i in classify.SHOCKS])
        after_rigid = any_fired([i for i in ids if i == classify.AFTER_RIGID])
        category = (
            pl.when(band == "below_line")
            .then(
                pl.when(pl.col("household_type") == "formerly_poor")
                .then(pl.lit("unstable_lifted"))
                .otherwise(pl.lit("marginal"))
            )
            .when(after_rigid | (guarantee & shock))
            .then(pl.lit("sudden_hardship"))
        )
        return {
            "flags": _split_ids(flags),
            "not_evaluable": _split_ids(unknown),
            "flags_text": flags,
            "not_evaluable_text": unknown,
            "income_band": band,
            "alert_level": level.replace_strict(dict(enumerate(ALERT_LEVELS))),
            "suggested_category": category,
        }


def _by_combination(frame: pl.DataFrame, columns: list[str], keyed: dict[str, pl.Expr]) -> pl.DataFrame:
    """Adds ``keyed`` (functions of the three-valued boolean ``columns``) computed on each distinct
    combination only.

    Each column gives two bits (true, unknown), packed exactly into 64-bit words — no hashing, so no
    collisions; the distinct words are evaluated, and the result is joined back in row order.
    """
    bits = [b for c in columns for b in (pl.col(c).fill_null(False), pl.col(c).is_null())]
    words = [
        pl.sum_horizontal([b.cast(pl.UInt64) * (1 << j) for j, b in enumerate(bits[i : i + 64])]).alias(
            f"__key{i // 64}"
        )
        for i in range(0, len(bits), 64)
    ]
    frame = frame.with_columns(words)
    keys = [f"__key{i}" for i in range(len(words))]
    combinations = frame.select(*keys, *columns).unique(subset=keys)
    values = combinations.select(*keys, *[e.alias(n) for n, e in keyed.items()])
    return frame.join(values, on=keys, how="left", maintain_order="left")


def _split_ids(joined: pl.Expr) -> pl.Expr:
    """``"a;b"`` → ``["a", "b"]``, and ``""`` → ``[]``."""
    return pl.when(joined == "").then(pl.lit([], dtype=pl.List(pl.String))).otherwise(joined.str.split(";"))


def _band_terms(book: Rulebook) -> list[Term]:
    from fanpin.lang.typecheck import TParam

    line = TParam("monitoring_line", "money")
    return [
        line,
        TArith("*", TParam("near_line_multiple", "plain"), line),
        TArith("*", TParam("over_inclusion_multiple", "plain"), line),
    ]
