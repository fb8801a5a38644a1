"""The batch path's texts of numbers (:func:`fanpin.batch.texts.number_text`): a whole number's own digits.

A value the rules compute in integers (whole fen, a count: :func:`fanpin.batch.compiler.integral`) is written
without the double's path, which reads the value some eight times over and is most of what polars plans for a
sentence. Both must give the same text, and the shortcut must only ever see integers.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

import polars as pl
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from fanpin import load_rulebook
from fanpin.batch.compiler import FACT_DTYPES, ExpressionCompiler, RegionConstants, integral
from fanpin.batch.texts import Sentences, number_text
from fanpin.lang.tree import TArith, TCall, TConst, Term, TFact, TNeg, facts_of
from fanpin.model.household import Kind

INT64 = st.integers(min_value=-(2**63), max_value=2**63 - 1)


@given(
    values=st.lists(st.none() | INT64 | st.integers(-(10**6), 10**6), max_size=20),
    unit=st.sampled_from(["money", "plain", "count"]),
)
@example(values=[0, -1, 1, 5, -5, 99, 100, -100, 150, -150, 10**15, -(10**15), 2**63 - 1, -(2**63), None], unit="money")
@example(values=[0, -1, 10, 2**63 - 1, -(2**63), None], unit="plain")
def test_a_whole_number_reads_as_the_doubles_path_reads_it(values: list[int | None], unit: str) -> None:
    x = pl.col("x")
    frame = pl.DataFrame({"x": values}, schema={"x": pl.Int64})
    got = frame.select(whole=number_text(x, unit, whole=True), double=number_text(x, unit))
    assert got.get_column("whole").to_list() == got.get_column("double").to_list()


def _shown_terms(checks: Literal["off", "with"]) -> tuple[list[Term], ExpressionCompiler, RegionConstants]:
    """Every term with facts that the rulebook's sentences and flag data show as a number, with the compiler
    and the region constants that compiled them."""
    book = load_rulebook(checks=checks)
    terms: list[Term] = []
    as_of = date(2025, 6, 30)
    constants = RegionConstants(book.parameters.specs)
    compiler = ExpressionCompiler(as_of, constants, bounded=True)

    class Seen(Sentences):
        def _shown(self, term: Term, unit: str, vocabulary: bool, gate: pl.Expr) -> pl.Expr:
            if not isinstance(term, TConst) and facts_of(term) and unit in ("money", "plain"):
                terms.append(term)
            return super()._shown(term, unit, vocabulary, gate)

    fired = [pl.lit(True) for _ in book.rules]
    sentences = Seen(book, as_of, "zh", compiler.condition, compiler.term, constants.column, fired)
    sentences.explanation(fired)
    sentences.flags(fired)
    return terms, compiler, constants


def _facts(term: Term) -> list[tuple[str, Kind]]:
    """The facts a term reads, each with the kind the rule language typed it as (its column's type)."""
    match term:
        case TFact(name=name, kind=kind):
            return [(name, kind)]
        case TNeg(operand=x):
            return _facts(x)
        case TArith(left=left, right=right):
            return _facts(left) + _facts(right)
        case TCall(args=args):
            return [f for a in args for f in _facts(a)]
    return []


@pytest.mark.parametrize("checks", ["off", "with"])
def test_a_term_shown_as_whole_is_computed_in_integers(checks: Literal["off", "with"]) -> None:
    """The shortcut is taken where :func:`integral` says polars computes the term in integers: over a frame of
    the facts' types (and the region constants' own), each such term's type is an integer one."""
    terms, compiler, constants = _shown_terms(checks)
    whole = [t for t in terms if integral(t)]
    assert whole and len(whole) < len(terms)  # both kinds are met
    schema = {name: FACT_DTYPES[kind] for t in whole for name, kind in _facts(t)}
    schema |= {column: constants.dtype(kind) for (kind, _), column in constants.columns.items()}
    frame = pl.LazyFrame(schema=schema)
    types = frame.select(compiler.term(t).alias(f"t{i}") for i, t in enumerate(whole)).collect_schema()
    assert all(dtype.is_integer() for dtype in types.values()), types
