"""The CSV writer (:mod:`fanpin.io.sinks`) writes the bytes it wrote when every text cell went through
both regular expressions: the cheap first-byte test only decides which columns pay for them. A scored
table's text (:func:`fanpin.results.table.csv_text`, lists joined only where they hold several items) is
the text polars' ``list.join`` made, and the file is the file the three passes over each chunk wrote."""

from __future__ import annotations

import io
import os
import tempfile
import threading
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from fanpin.io import sinks
from fanpin.io.sinks import _FORMULA, _NUMBER, Format, _may_be_formula, _neutralised, as_given, drop_written, table_sink
from fanpin.results.columns import LIST_COLUMNS, OUTPUT_COLUMNS, labels
from fanpin.results.sentences import PUNCTUATION, Lang
from fanpin.results.table import csv_text, joined, table_schema

#: = + - @ and the digits as an input method's full-width mode types them (U+FF1D, U+FF0B, U+FF0D, U+FF20, U+FF10 …).
WIDE = str.maketrans({c: chr(ord(c) + 0xFEE0) for c in "=+-@0123456789"})


def wide(text: str) -> str:
    """``text`` with its = + - @ and digits full-width (its letters and quotes as they are)."""
    return text.translate(WIDE)


#: Cells a spreadsheet would run, numbers that must stay numbers, and text around them.
HOSTILE = [
    "=1+1", "+1", "-x", "@SUM(A1)", "\tx", "\rx", "'=already", "-5", "+3.5", "-1,000.50", "+", "-", "=", "",
    " =1", "a=b", "5-3", "--5", "-5a", "1.", "+3.5\n", "-.5", "费用=1", "\t", "\r\n=1", "0", "A", "@",
    *map(wide, ["=1+1", "+86 138", "-100", "@SUM(A1)", "'=A", "100", "（注）", "a=b", "="]), "\uffe55000",
]  # fmt: skip


def _reference_text(frame: pl.DataFrame, lang: Lang) -> pl.DataFrame:
    """``csv_text`` as it was: every list joined by polars."""
    ids = ("flags", "risk_types", "audit_findings", "codes", "measures", "not_evaluable")

    def text(column: str, dtype: pl.DataType) -> pl.Expr:
        cell = pl.col(column)
        if isinstance(dtype, pl.List):
            return cell.list.join(";" if column in ids else PUNCTUATION[lang].flags).fill_null("")
        if dtype == pl.Date:
            return cell.dt.to_string("%Y-%m-%d")
        return cell.cast(pl.String)

    return frame.select(text(c, t).alias(c) for c, t in frame.schema.items())


def _reference(frame: pl.DataFrame) -> pl.DataFrame:
    """The neutralisation as it was: both regular expressions on every text cell, then empty text as null."""
    every = [
        pl.when(pl.col(c).str.contains(_FORMULA) & ~pl.col(c).str.contains(_NUMBER))
        .then(pl.lit("'") + pl.col(c))
        .otherwise(pl.col(c))
        .alias(c)
        for c, dtype in frame.schema.items()
        if dtype == pl.String
    ]
    return frame.with_columns(every).with_columns(pl.col(pl.String).replace("", None))


def test_the_first_byte_test_passes_every_cell_that_may_be_a_formula() -> None:
    """Every first byte the regular expression looks for passes the cheap test, for any byte after it."""
    cells = [chr(first) + chr(second) for first in range(1, 128) for second in (0x30, 0x41, 0x3D)]
    frame = pl.DataFrame({"cell": cells + [chr(first) for first in range(1, 128)]})
    found = frame.select(
        pl.col("cell").str.contains(_FORMULA).alias("formula"), _may_be_formula(pl.col("cell")).alias("maybe")
    )
    assert found.filter(pl.col("formula") & ~pl.col("maybe")).height == 0
    # = + - @ tab CR, each with three seconds and alone, and ' before =
    assert found.get_column("formula").sum() == 6 * 4 + 1


def test_the_first_byte_test_passes_every_full_width_sign() -> None:
    """The full-width = + - @ are three bytes of UTF-8 from 0xEF, above every ASCII byte the test compared: a cell
    starting with one had not passed it, and its column was written without a look. Every character from U+0080
    up, first, with an ASCII, a Chinese and a full-width character after it, and alone."""
    firsts = [chr(first) for first in range(0x80, 0x10000) if not 0xD800 <= first < 0xE000] + ["\U0001f600"]
    cells = [first + second for first in firsts for second in ("=", "中", wide("="), "")]
    found = pl.DataFrame({"cell": cells}).select(
        pl.col("cell").str.contains(_FORMULA).alias("formula"), _may_be_formula(pl.col("cell")).alias("maybe")
    )
    assert found.filter(pl.col("formula") & ~pl.col("maybe")).height == 0
    assert found.get_column("formula").sum() == 4 * 4  # the four signs, each with three seconds and alone
    # Chinese text first (the sentences, the places) is never looked at again
    assert not found.filter(pl.Series([c[0] for c in cells]).is_between("\u4e00", "\u9fff"))["maybe"].any()


def test_a_full_width_sign_first_gets_the_quote_as_its_ascii_form() -> None:
    """A full-width = + - @ first, before anything (full-width digits too: no number fanpin reads), as = + - @."""
    cells = [*map(wide, ["=1+1", "+86 138", "-100", "@SUM(A1)", "'=A", "100", "（=A）", "a=b"]), "-" + wide("100")]
    written = _neutralised(pl.DataFrame({"cell": [*cells, "+1"]})).get_column("cell").to_list()
    escaped = ["'" + cell for cell in cells[:5]] + cells[5:8] + ["'" + cells[8]]
    assert written == [*escaped, "+1"]


@given(st.lists(st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=6), st.none()), min_size=3, max_size=3)))
def test_neutralised_as_both_expressions_on_every_cell(rows: list[list[str | None]]) -> None:
    """Any cells, hostile or not, in any column: the same text as both expressions on every cell."""
    frame = pl.DataFrame(rows, schema=["a", "b", "c"], orient="row")
    expected = _reference(frame)
    got = _neutralised(frame.with_columns(pl.col(pl.String).replace("", None)))
    assert got.equals(expected)
    assert got.write_csv() == expected.write_csv()


@given(
    st.lists(
        st.one_of(
            st.sampled_from(HOSTILE),
            st.builds("".join, st.lists(st.sampled_from("'=-+@5,.a\t" + wide("=-+@5")))),
        )
    )
)
def test_a_cell_reads_back_as_given_whatever_quotes_it_starts_with(cells: list[str]) -> None:
    """:func:`as_given` takes off the ' the writer added and no other: a household's own '=A was written '=A,
    as fanpin's escape of =A is, and read back as =A (the report showed it so). It is written ''=A now."""
    frame = pl.DataFrame({"cell": cells}, schema={"cell": pl.String})
    written = _neutralised(frame)
    assert written.select(as_given(pl.col("cell"))).get_column("cell").to_list() == cells
    assert _neutralised(pl.DataFrame({"cell": ["'=A", "'abc", "'-5", "=A"]})).get_column("cell").to_list() == [
        "''=A", "'abc", "'-5", "'=A",
    ]  # fmt: skip


def _scored(lang: Lang) -> pl.DataFrame:
    """A typed scored table holding hostile text in its list, text and kept columns, negative money, an
    empty list and a null list, unknown income and an unknown label."""
    schema = table_schema(lang, keep=["备注", "联系人"])
    n = len(HOSTILE)
    rows: dict[str, list[Any]] = {}
    for column, dtype in schema.items():
        if column in LIST_COLUMNS:
            rows[column] = [[h, "b"] if i % 3 == 0 else ([h] if i % 3 == 1 else []) for i, h in enumerate(HOSTILE)]
            rows[column][-1] = None
        elif column == "as_of":
            rows[column] = [date(2025, 6, 30)] * n
        elif column == "income_per_capita":
            rows[column] = [Decimal("-5.00"), Decimal("7500.10"), None] * (n // 3) + [Decimal(0)] * (n % 3)
        elif isinstance(dtype, pl.Enum):
            words = list(labels(column, lang).values())
            rows[column] = [words[i % len(words)] if i % 5 else None for i in range(n)]
        else:
            rows[column] = HOSTILE[::-1] if column != "household_id" else HOSTILE
    return pl.DataFrame(rows, schema=schema)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_scored_table_is_written_as_before(tmp_path: Path, lang: Lang) -> None:
    """The scored table through ``table_sink``: the bytes of ``csv_text``, both expressions on every cell,
    empty text as null and polars' writer, chunk after chunk, the header once."""
    frame = _scored(lang)
    assert set(OUTPUT_COLUMNS) <= set(frame.columns)
    sink = table_sink("csv", tmp_path / "out.csv", frame.schema, lang, headers="ids")
    chunks = [frame.head(7), frame.slice(7)]
    for chunk in chunks:
        sink.write(chunk)
    sink.close()
    expected = io.BytesIO()
    for i, chunk in enumerate(chunks):
        _reference(_reference_text(chunk, lang)).write_csv(expected, include_header=i == 0, include_bom=i == 0)
    written = (tmp_path / "out.csv").read_bytes()
    assert written == expected.getvalue()
    assert csv_text(frame, lang).equals(_reference_text(frame, lang))
    assert b"'=1+1" in written and b",-5," in written and b"'-x" in written and b"'@SUM(A1)" in written


@given(
    st.lists(st.one_of(st.none(), st.lists(st.one_of(st.none(), st.sampled_from(["", "a", "=b", "；"])), max_size=4)))
)
def test_joined_is_list_join_but_null_where_nothing_is_joined(lists: list[list[str | None] | None]) -> None:
    """Empty lists, null lists, null and empty items, one item or several: ``list.join``'s text, but null for
    an empty list or a lone null item (``csv_text`` writes it as an empty cell, as before)."""
    items = pl.Series("items", lists, dtype=pl.List(pl.String))
    got = joined(items, "；")
    assert got.name == "items" and got.dtype == pl.String
    assert got.fill_null("").to_list() == items.list.join("；").fill_null("").to_list()
    nothing = [row is None or row in ([], [None]) for row in lists]  # null, not the empty text join makes
    assert [v is None for v in got.to_list()] == nothing


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_each_chunk_written_is_given_back_to_the_system(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: Format
) -> None:
    """After each chunk, the table advises the system that the file's bytes so far will not be read again
    (their cached pages written out and reused): once a chunk, on the file's own descriptor, and the file
    holds every chunk as one write would have."""
    advised: list[tuple[int, int, int, int]] = []
    real = os.posix_fadvise

    def record(fd: int, offset: int, length: int, advice: int) -> None:
        advised.append((os.fstat(fd).st_ino, offset, length, advice))
        real(fd, offset, length, advice)

    monkeypatch.setattr(os, "posix_fadvise", record)
    frame = pl.DataFrame({"json": ['{"a":1}', '{"a":2}', '{"a":3}']}) if fmt == "jsonl" else _scored("zh")
    path = tmp_path / f"out.{fmt}"
    sink = table_sink(fmt, path, frame.schema, "zh", headers="ids")
    for chunk in (frame.head(1), frame.slice(1)):
        sink.write(chunk)
    sink.close()
    one = tmp_path / f"one.{fmt}"
    whole = table_sink(fmt, one, frame.schema, "zh", headers="ids")
    whole.write(frame)
    whole.close()
    assert path.read_bytes() == one.read_bytes()
    inode = path.stat().st_ino
    assert [a for a in advised if a[0] == inode] == [(inode, 0, 0, os.POSIX_FADV_DONTNEED)] * 2


def test_a_pipe_or_a_stream_without_a_file_takes_no_advice_and_loses_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """A pipe refuses the advice (ESPIPE), an in-memory stream has no descriptor and a system without
    ``posix_fadvise`` has none to give: the writer goes on, every byte where it was written."""
    read_end, write_end = os.pipe()
    with os.fdopen(write_end, "wb") as pipe, os.fdopen(read_end, "rb") as back:
        pipe.write(b"a,b\n")
        pipe.flush()
        drop_written(pipe)
        pipe.close()
        assert back.read() == b"a,b\n"
    memory = io.BytesIO(b"x")
    drop_written(memory)
    assert memory.getvalue() == b"x"
    monkeypatch.delattr(os, "posix_fadvise")
    drop_written(memory)


def test_a_json_lines_chunk_larger_than_the_advised_bytes_is_written_in_slices(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A chunk of more than ADVISED_BYTES of JSON text is written in slices of about that size, each given back
    once written, and the file holds every line as one write would (one line, and slices of one line, too)."""
    advised: list[int] = []
    monkeypatch.setattr(sinks, "drop_written", lambda stream: advised.append(stream.tell()))
    monkeypatch.setattr(sinks, "ADVISED_BYTES", 40)
    lines = [f'{{"a":{i},"t":"{"x" * (i % 7)}"}}' for i in range(23)]
    frame = pl.DataFrame({"json": lines})
    sink = table_sink("jsonl", tmp_path / "out.jsonl", frame.schema)
    sink.write(frame)
    sink.write(frame.head(1))
    sink.close()
    written = (tmp_path / "out.jsonl").read_bytes()
    assert written == ("\n".join(lines) + "\n" + lines[0] + "\n").encode()
    assert len(advised) > 5 and advised[-1] == len(written)
    assert all(b - a <= 2 * 40 for a, b in zip([0, *advised], advised, strict=False))


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="a descriptor named by its path: Linux's /proc")
@pytest.mark.parametrize("fmt", ["parquet", "xlsx"])
def test_a_whole_file_goes_to_a_descriptor_once_complete(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: Format
) -> None:
    """A Parquet table or a workbook for a path naming one of the process's own descriptors (``--out -``, a
    pipe here, which cannot be opened again by its path nor go back) is written whole to a temporary file
    and copied through the descriptor: the same bytes as written to a file, in slices of COPIED_BYTES; the
    temporary file is gone afterwards, and a write that fails before the table is complete sends nothing."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(sinks, "COPIED_BYTES", 1000)  # several slices, whatever the table's size
    frame = _scored("zh")
    sink = table_sink(fmt, tmp_path / f"o.{fmt}", frame.schema)
    sink.write(frame)
    sink.close()
    read_end, write_end = os.pipe()
    received: list[bytes] = []

    def read() -> None:
        with os.fdopen(read_end, "rb") as pipe:
            received.append(pipe.read())

    reader = threading.Thread(target=read)
    reader.start()
    try:
        through = table_sink(fmt, Path(f"/proc/self/fd/{write_end}"), frame.schema)
        through.write(frame)
        through.close()
    finally:
        os.close(write_end)
        reader.join(timeout=30)
    assert received == [(tmp_path / f"o.{fmt}").read_bytes()]
    assert len(received[0]) > 1000
    assert list((tmp_path / "tmp").iterdir()) == []
    read_end, write_end = os.pipe()
    try:
        with pytest.raises(KeyboardInterrupt), sinks.staged(Path(f"/proc/self/fd/{write_end}"), f"t.{fmt}") as whole:
            whole.write_bytes(b"half a table")
            raise KeyboardInterrupt
        os.set_blocking(read_end, False)
        with pytest.raises(BlockingIOError):
            os.read(read_end, 100)  # nothing sent
    finally:
        os.close(read_end)
        os.close(write_end)
    assert list((tmp_path / "tmp").iterdir()) == []
