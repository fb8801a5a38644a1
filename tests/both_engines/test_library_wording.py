"""The library's refusals name its parameters (``out=``, ``errors=``, ``findings=``, ``keep_identities=``), where a
host calling Scorer.score_file or score_path had been told the command line's flags (``--out``), which it has none
of; ``fanpin score`` still names its flags (tests/both_engines/test_writes.py, test_findings.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest

from fanpin import ConfigError, OutputError, Scorer
from fanpin.batch import BatchEngine
from fanpin.durable import Engine
from fanpin.pipeline import score_path
from tests.helpers import AS_OF, REGION, run_cli
from tests.paths import HOUSEHOLDS_CSV


def _head(tmp_path: Path) -> Path:
    """The first rows of the example households, in a folder of the test's own."""
    source = tmp_path / "in.csv"
    pl.read_csv(HOUSEHOLDS_CSV, infer_schema=False).head(3).write_csv(source)
    return source


def test_an_output_refused_before_the_run_names_the_parameter(
    either_engine: Engine | BatchEngine, tmp_path: Path
) -> None:
    source = _head(tmp_path)

    def by_scorer(out: Path, **options: Any) -> object:
        return Scorer().score_file(source, out, as_of=AS_OF, region=REGION, **options)

    def by_path(out: Path, **options: Any) -> object:
        return score_path(either_engine, source, out, as_of=AS_OF, region=REGION, **options)

    for call in (by_scorer, by_path):
        same = tmp_path / "same.csv"
        with pytest.raises(OutputError) as refused:
            call(same, errors=same)
        assert refused.value.fix == "give out= and errors= different paths"
        with pytest.raises(OutputError, match="the findings would go to the same file as out=") as refused:
            call(same, findings=same)
        with pytest.raises(OutputError) as refused:
            call(source)
        assert "(out= names it)" in refused.value.message and refused.value.fix == "choose another out= path"
        folder = tmp_path / "folder"
        folder.mkdir(exist_ok=True)
        with pytest.raises(OutputError) as refused:
            call(folder, errors=tmp_path / "r.csv")
        assert refused.value.message == "the out= path is a folder"
        assert refused.value.fix == "name a file in it, e.g. out='FOLDER/scored.csv'"
        with pytest.raises(ConfigError, match=r"errors='r\.xlsx' is named for xlsx"):
            call(tmp_path / "s.csv", errors=Path("r.xlsx"))
        nested = tmp_path / "w"
        with pytest.raises(OutputError) as refused:
            call(nested / "s.csv", errors=nested)
        assert refused.value.message.startswith(f"errors={str(nested)!r} is the folder out=")
        for said in (refused.value.message, refused.value.fix):
            assert "--" not in said, said
        assert sorted(p.name for p in tmp_path.iterdir()) == ["folder", "in.csv"]


def test_the_command_still_names_its_flags(engine_name: str, tmp_path: Path) -> None:
    source = _head(tmp_path)
    same = tmp_path / "same.csv"
    run = run_cli(
        "score", source, "--as-of", AS_OF, "--region", REGION, "--engine", engine_name, "--out", same, "--errors", same
    )
    assert run.code == 2 and "Fix: give --out and --errors different paths" in run.err, run.err


def test_the_note_of_personal_keys_names_keep_identities(tmp_path: Path) -> None:
    """Scorer.score's note of 户编号 that are a person's told a host to pass --keep-identities."""
    frame = pl.read_csv(HOUSEHOLDS_CSV, infer_schema=False).head(2).with_columns(pl.lit(None).alias("户编号"))
    frame = frame.with_columns(pl.Series("户编号", ["13812345678", "H2"]))
    notes = Scorer().score(frame, as_of=AS_OF, region=REGION).notes
    said = next(n for n in notes if "a person's" in n)
    assert "keep_identities=True" in said and "--keep-identities" not in said, said


def test_a_household_without_a_region_is_told_of_region_as_a_parameter(tmp_path: Path) -> None:
    """Scorer.score's refusal of a household without 行政区划代码 (and no region=) told a host to pass --region:
    it names the parameter, whatever the data is given as (a path, a frame, records), in either language."""
    raw = pl.read_csv(HOUSEHOLDS_CSV, infer_schema=False).head(3)
    frame = raw.with_columns(raw.get_column("行政区划代码").scatter(1, None))
    path = tmp_path / "in.csv"
    frame.write_csv(path)
    for data in (path, frame, frame.to_dicts()):
        en = Scorer().score(data, as_of=AS_OF, lang="en").rejected.get_column("reason").to_list()
        assert len(en) == 1 and en[0].endswith("fill it in, or pass region="), (data, en)
        zh = Scorer().score(data, as_of=AS_OF).rejected.get_column("reason").to_list()
        assert zh == ["必填项为空：行政区划代码决定该户适用哪个地区的参数；请填写，或用 region= 参数为所有户指定地区"]


def test_every_fix_a_hosts_run_rewords_is_a_fix_fanpin_writes() -> None:
    """The fixes a host's run words with parameters are found by their text: one reworded where it is raised would
    no longer be found, and the host told the command's options again."""
    import ast

    import fanpin
    from fanpin.pipeline.run import _PARAMETER_FIXES

    written = {  # every text of fanpin's modules but the table's own, as Python reads it (pieces joined)
        node.value
        for path in Path(fanpin.__file__).parent.rglob("*.py")
        if path.name not in ("run.py", "messages.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }
    for fix, reworded in _PARAMETER_FIXES.items():
        assert fix in written, fix
        assert "--" in fix and "--" not in reworded, (fix, reworded)
