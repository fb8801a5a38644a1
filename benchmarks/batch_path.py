"""Benchmark: the batch path against the I/O floor (contract §7), measured side by side in one run.

floor  = polars reads the input CSV + polars writes a table of the output's size
batch  = polars reads the input CSV + vectorised validation + rules, bands, levels, categories
         (fanpin.batch) + polars writes the scored table

Usage: ``python benchmarks/batch_path.py [ROWS]`` (default 1 000 000). The synthetic input is
generated (seeded) into a temporary folder and deleted afterwards; nothing large is committed.
Plans and explanation text are not on the batch path yet, so the scored table holds flags, not
evaluable rules, band, level and category.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import polars as pl

from fanpin import load_rulebook
from fanpin.batch import BatchEngine
from fanpin.batch.validate import validate


def synthetic_csv(path: Path, rows: int, seed: int = 11) -> None:
    """A household CSV with Chinese headers, written by polars from seeded random columns."""
    rng = pl.Series(range(rows)).hash(seed)
    size = (rng % 6 + 1).cast(pl.Int64)
    frame = pl.DataFrame(
        {
            "户编号": pl.Series([f"H{i:09d}" for i in range(rows)]),
            "行政区划代码": pl.Series(["532328100201"] * rows),
            "户类型": pl.Series(["脱贫户", "一般农户"] * (rows // 2) + ["脱贫户"] * (rows % 2)),
            "家庭人口数": size.cast(pl.String),
            "劳动力人数": (rng % 3).clip(0, 1).cast(pl.String),
            "工资性收入": ((rng % 60000) * size // 3).cast(pl.String),
            "生产经营性收入": (rng % 9000).cast(pl.String),
            "财产性收入": pl.Series(["0"] * rows),
            "转移性收入": (rng % 4000).cast(pl.String),
            "上年人均纯收入": (rng % 20000).cast(pl.String),
            "合规自付支出": (rng % 30000).cast(pl.String),
            "上年刚性支出": (rng % 12000).cast(pl.String),
            "住房出现安全问题": pl.Series(["否", "否", "是", ""] * (rows // 4) + ["否"] * (rows % 4)),
            "义务教育阶段适龄儿童少年失学辍学": pl.Series(["否"] * rows),
            "饮水出现安全问题": pl.Series(["否"] * rows),
            "有家庭成员未参加基本医保": pl.Series(["否"] * rows),
        }
    )
    frame.write_csv(path)


def main(rows: int) -> None:
    book = load_rulebook()
    batch = BatchEngine(book)
    as_of = date(2025, 6, 30)
    with tempfile.TemporaryDirectory() as folder:
        source, floor_out, batch_out = (Path(folder) / n for n in ("in.csv", "floor.csv", "scored.csv"))
        synthetic_csv(source, rows)
        size_mb = source.stat().st_size / 1e6

        start = time.perf_counter()
        raw = pl.read_csv(source, infer_schema=False)
        read_s = time.perf_counter() - start

        start = time.perf_counter()
        valid, rejected = validate(raw, region="532328")
        validate_s = time.perf_counter() - start

        start = time.perf_counter()
        scored = batch.evaluate(valid, as_of=as_of)
        rules_s = time.perf_counter() - start

        table = scored.with_columns(
            pl.col("flags").list.join(";"), pl.col("not_evaluable").list.join(";")
        ).with_columns(valid.select("household_id", "region_code").to_series(0))
        start = time.perf_counter()
        table.write_csv(batch_out)
        write_s = time.perf_counter() - start

        # The floor, in the same run: read the input again, write a table of the output's shape.
        start = time.perf_counter()
        pl.read_csv(source, infer_schema=False)
        floor_read = time.perf_counter() - start
        start = time.perf_counter()
        pl.DataFrame({c: table.get_column(c) for c in table.columns}).write_csv(floor_out)
        floor_write = time.perf_counter() - start

    floor = floor_read + floor_write
    total = read_s + validate_s + rules_s + write_s
    print(f"batch path, {len(book.rules)} rules, {rows} households ({size_mb:.0f} MB CSV), rejected {rejected.height}")
    print(f"{'step':<28}{'seconds':>10}")
    for name, seconds in (("read", read_s), ("validate + derive", validate_s), ("rules, bands, levels", rules_s),
                          ("write", write_s), ("batch total", total), ("I/O floor", floor)):  # fmt: skip
        print(f"{name:<28}{seconds:>10.2f}")
    print(f"{'ratio batch / floor':<28}{total / floor:>10.2f}   (target <= 2.00)")
    print(f"{'households/s':<28}{rows / total:>10.0f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
