"""The library's refusals name its parameters (``out=``, ``errors=``, ``findings=``, ``keep_identities=``), where a
host calling Scorer.score_file or score_path had been told the command line's flags (``--out``), which it has none
of; ``fanpin score`` still names its flags (tests/both_engines/test_writes.py, test_findings.py)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from fanpin import ConfigError, OutputError, Scorer
from fanpin.batch import BatchEngine
from fanpin.cli import script_message
from fanpin.durable import Engine
from fanpin.pipeline import score_path
from fanpin.results.sentences import Lang
from fanpin.rulebook import Rulebook
from tests.helpers import AS_OF, REGION, read_csv, run_cli
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


@functools.cache
def _written() -> frozenset[str]:
    """Every text of fanpin's modules but run.py's (the tables of the host's words) and messages.py's, as Python
    reads it (an f-string's pieces apart, adjacent texts joined)."""
    import ast

    import fanpin

    return frozenset(
        node.value
        for path in Path(fanpin.__file__).parent.rglob("*.py")
        if path.name not in ("run.py", "messages.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    )


def test_every_fix_a_hosts_run_rewords_is_a_fix_fanpin_writes() -> None:
    """The fixes a host's run words with parameters are found by their text: one reworded where it is raised would
    no longer be found, and the host told the command's options again."""
    from fanpin._host import _PARAMETER_FIXES

    for fix, reworded in _PARAMETER_FIXES.items():
        assert fix in _written(), fix
        assert "--" in fix and "--" not in reworded, (fix, reworded)


#: A person-level export of two households, a member of H1 born after AS_OF.
_EXPORT = [
    "县,乡,村,户编号,行政区划代码,姓名,证件号码,与户主关系,户类型,监测对象类别,"
    "工资性收入,生产经营性收入,财产性收入,转移性收入,出生日期",
    "大姚县,金碧镇,龙街村,H1,532328101201,张三,,户主,脱贫户,,9000,0,0,0,1960-01-01",
    "大姚县,金碧镇,龙街村,H1,532328101201,张四,,子,脱贫户,,9000,0,0,0,2030-01-01",
    "大姚县,金碧镇,龙街村,H2,532328101201,李五,,户主,脱贫户,,9000,0,0,0,1970-05-05",
]


@pytest.fixture(scope="module")
def checked() -> Rulebook:
    """The rulebook with the data-check pack, whose rules read members' ages."""
    from fanpin import load_rulebook

    return load_rulebook(checks="with")


@pytest.mark.parametrize("command", [False, True])
def test_the_notes_of_a_run_name_the_parameters_for_a_host(
    engine_name: str, checked: Rulebook, command: bool, tmp_path: Path
) -> None:
    """The notes of a host's score_path and Scorer.score_file told it of the command's --rules DIR, --as-of,
    --workers and --keep-columns, which a host has none of: they name the call or the parameter; fanpin score's
    (command=True) name its options as they did, the words fanpin/messages.py translates."""
    from fanpin._host import _PARAMETER_NOTES
    from fanpin.messages import chinese
    from fanpin.pipeline.workers import available_cores

    engine = (BatchEngine if engine_name == "batch" else Engine)(checked)
    export = tmp_path / "export.csv"
    export.write_text("\n".join(_EXPORT) + "\n", encoding="utf-8")
    # a region without a value of the dibao line in the reference rules, a column whose header holds an ID number
    table = pl.read_csv(HOUSEHOLDS_CSV, infer_schema=False).head(2).with_columns(pl.lit("520102").alias("行政区划代码"))
    kept = tmp_path / "kept.csv"
    table.with_columns(pl.lit("x").alias("532328199001011234备注")).write_csv(kept)
    runs: list[tuple[Path, dict[str, Any]]] = [
        (export, {"workers": available_cores() + 1, "keep_columns": ["县"]}),
        (kept, {"keep_columns": ["户编号", "532328199001011234备注"]}),
    ]
    notes = []
    for n, (source, options) in enumerate(runs):
        summary = score_path(
            engine, source, tmp_path / f"o{n}.csv", errors=tmp_path / f"e{n}.csv", as_of=AS_OF, command=command,
            **options,
        )  # fmt: skip
        notes += [*summary.notes, *summary.parameter_notes]
    if command:
        words = ["(--rules DIR)", "later --as-of", "(--workers)", "--keep-columns: 户编号", "--keep-columns applies"]
        assert all(any(w in n for n in notes) for w in [*words, "(--keep-identities keeps it)"]), notes
        flagged = [n for n in notes if any(flag in n for flag, _ in _PARAMETER_NOTES)]
        assert len(flagged) >= 7 and all(chinese(n) for n in flagged), flagged  # fanpin score tells them in Chinese
        return
    said = "\n".join(notes)
    for note in ["(load_rulebook(folder))", "born after", "or score with a later as_of=", "asked for (workers=):"]:
        assert note in said, said
    assert "keep_columns: 户编号 is an output column already" in said, said
    assert "keep_columns applies to a household table" in said, said
    assert "(keep_identities=True keeps it)" in said, said
    assert len(notes) >= 7 and not [n for n in notes if "--" in n], notes


def test_scorer_score_notes_name_the_parameters(checked: Rulebook, tmp_path: Path) -> None:
    """Scorer.score's notes, of a path, a table and dicts, and Scorer.score_file's, name the parameters, where they
    had named --rules DIR, --as-of and --keep-columns."""
    export = tmp_path / "export.csv"
    export.write_text("\n".join(_EXPORT) + "\n", encoding="utf-8")
    scorer = Scorer(checked)
    table = pl.read_csv(HOUSEHOLDS_CSV, infer_schema=False).head(2).with_columns(pl.lit("520102").alias("行政区划代码"))
    notes = [
        *scorer.score(export, as_of=AS_OF).notes,
        *scorer.score(table, as_of=AS_OF, keep_columns=["户编号"]).notes,
        *scorer.score(table.to_dicts(), as_of=AS_OF).notes,
    ]
    table.write_csv(tmp_path / "table.csv")
    notes += scorer.score_file(tmp_path / "table.csv", tmp_path / "o.csv", as_of=AS_OF).parameter_notes
    said = "\n".join(notes)
    assert "or score with a later as_of=" in said and "keep_columns: 户编号 is" in said, said
    assert said.count("(load_rulebook(folder))") >= 3 and "--" not in said, said


def test_every_note_a_hosts_run_rewords_is_a_note_fanpin_writes() -> None:
    """The words of the notes a host's run rewords are found by their text, as the fixes are (above), and the
    command's words have their Chinese: fanpin score prints them as written."""
    from fanpin._host import _PARAMETER_NOTES
    from fanpin.messages import CATALOG

    for flag, parameter in _PARAMETER_NOTES:
        assert any(flag in text for text in _written()), flag
        assert "--" in flag and "--" not in parameter, (flag, parameter)
        assert any(flag in english for english in CATALOG), flag


def test_a_hosts_script_speaking_chinese_prints_the_notes_naming_parameters_in_chinese(tmp_path: Path) -> None:
    """A host's script prints a run's notes through ``script_message`` in the system's language: the notes worded
    for a host (``load_rulebook(folder)`` where the command says ``--rules DIR``) had no Chinese template and were
    printed in English on a Chinese system. They are the command's Chinese, each flag named as the parameter."""
    from fanpin.cli import script_message

    source = tmp_path / "in.csv"
    source.write_text(
        "户编号,行政区划代码,户类型,家庭人口数,工资性收入,生产经营性收入,财产性收入,转移性收入\n"
        "H1,520102,脱贫户,2,1000,0,0,0\n",  # region 52: the reference rules hold no dibao line for it
        encoding="utf-8",
    )
    notes = Scorer().score(source, as_of=AS_OF).notes
    told = [script_message("score_county", "warning", n, "zh") for n in notes if "load_rulebook(folder)" in n]
    assert len(told) == 2, notes
    for line in told:
        assert line.startswith("score_county: 警告：参数 ") and line.endswith("（load_rulebook(文件夹)）"), line
        assert "--rules" not in line and "rules that read" not in line, line


#: A table of three households: H1 of a region (130102) whose deep-low-income line starts on 2021-01-01 in the
#: reference rules, H2 without 行政区划代码, H3 of the examples' county.
_REGIONS = (
    "户编号,行政区划代码,户类型,家庭人口数,工资性收入,生产经营性收入,财产性收入,转移性收入\n"
    "H1,130102,脱贫户,2,1000,0,0,0\nH2,,脱贫户,2,1000,0,0,0\nH3,532328,脱贫户,2,1000,0,0,0\n"
)


def _regions(tmp_path: Path) -> Path:
    source = tmp_path / "regions.csv"
    source.write_text(_REGIONS, encoding="utf-8")
    return source


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_parameter_without_a_value_stopping_a_hosts_run_names_as_of(
    engine_name: str, lang: Lang, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ParameterLookupError a host's run stops at with strict_parameters (either engine) told it to score with a
    later --as-of, which it has none of: it names as_of=, in English and, through script_message, in Chinese;
    fanpin score --strict-parameters names --as-of, as it did."""
    from datetime import date

    from fanpin import ParameterLookupError, load_rulebook
    from fanpin.cli import script_message

    monkeypatch.setenv("FANPIN_MESSAGES", lang)
    source, early = _regions(tmp_path), date(2019, 6, 30)
    engine = (BatchEngine if engine_name == "batch" else Engine)(load_rulebook())
    for command in (False, True):
        with pytest.raises(ParameterLookupError) as stopped:
            score_path(
                engine, source, tmp_path / "o.csv", errors=tmp_path / "e.csv", as_of=early, strict_parameters=True,
                command=command,
            )  # fmt: skip
        error = stopped.value
        assert error.parameter == "deep_low_line" and error.region == "130102", error
        assert error.location.line == 2 and "(the region of 户编号 H1" in error.message, error
        if command:
            assert error.fix.endswith("or score with an --as-of on or after 2021-01-01 (its first there)"), error
            continue
        assert error.fix.endswith("or score with an as_of= on or after 2021-01-01 (its first there)"), error
        assert "--" not in str(error), error
        said = script_message("host", "error", error, lang)
        if lang == "zh":
            assert said.startswith(f"host: 错误：{source}:2：参数 deep_low_line（深度低收入线）"), said
            assert said.endswith("或用不早于 2021-01-01（该地区最早的取值日期）的 as_of= 评分 [parameter-missing]"), (
                said
            )
        else:
            assert said == f"host: error: {error}", said
    run = run_cli(
        "score", source, "--as-of", early, "--strict-parameters", "--engine", engine_name,
        "--out", tmp_path / "s.csv", "--errors", tmp_path / "se.csv",
    )  # fmt: skip
    told = {
        "en": "Fix: add a value in force on 2019-06-30, or score with an --as-of on or after 2021-01-01 (its first "
        "there)",
        "zh": "；请添加在 2019-06-30 有效的取值，或用不早于 2021-01-01（该地区最早的取值日期）的 --as-of 评分 "
        "[parameter-missing]",
    }
    assert run.code == 2 and told[lang] in run.err and "as_of=" not in run.err, run.err


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_column_keep_columns_names_that_the_file_lacks_is_told_in_the_callers_words(
    engine_name: str, lang: Lang, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A header keep_columns names that the file lacks was told ``keep_columns (--keep-columns) names …`` and
    ``(keep_columns="all", --keep-columns all)``, both spellings to both: a host (Scorer.score of a path,
    score_file, score_path on either engine) reads keep_columns only, fanpin score --keep-columns only; the
    header, an ID number, masked in both."""
    from fanpin import InputFileError, load_rulebook
    from fanpin.cli import script_message

    monkeypatch.setenv("FANPIN_MESSAGES", lang)
    source = _regions(tmp_path)
    engine = (BatchEngine if engine_name == "batch" else Engine)(load_rulebook())
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    calls: list[Callable[[list[str]], object]] = [
        lambda keep: Scorer().score(source, as_of=AS_OF, keep_columns=keep),
        lambda keep: Scorer().score_file(source, out, as_of=AS_OF, keep_columns=keep, errors=errors),
        lambda keep: score_path(engine, source, out, as_of=AS_OF, keep_columns=keep, errors=errors),
    ]
    for call in calls:
        with pytest.raises(InputFileError) as refused:
            call(["crm", "532328199001011234"])
        error = refused.value
        assert error.message == "keep_columns names 'crm', which the file does not have", error
        assert error.fix.startswith("name columns of its header (户编号, 行政区划代码"), error
        assert error.fix.endswith(', or keep all (keep_columns="all")') and "--" not in str(error), error
        with pytest.raises(InputFileError) as masked:
            call(["532328199001011234"])
        assert masked.value.message == "keep_columns names '5323**********1234', which the file does not have"
        said = script_message("host", "error", error, lang)
        if lang == "zh":
            assert said.startswith(f"host: 错误：{source}:1：keep_columns 指定的 'crm' 列在文件中不存在；"), said
            assert said.endswith('或保留全部列（keep_columns="all"） [input-file]') and "--" not in said, said
    run = run_cli(
        "score", source, "--as-of", AS_OF, "--keep-columns", "crm", "--engine", engine_name,
        "--out", tmp_path / "k.csv", "--errors", tmp_path / "ke.csv",
    )  # fmt: skip
    headers = "户编号, 行政区划代码, 户类型, 家庭人口数, 工资性收入, 生产经营性收入, 财产性收入, 转移性收入"
    told = {
        "en": f"fanpin: error: {source}:1: --keep-columns names 'crm', which the file does not have [input-file] "
        f"Fix: name columns of its header ({headers}), or keep all (--keep-columns all)\n",
        "zh": f"fanpin: 错误：{source}:1：--keep-columns 指定的 'crm' 列在文件中不存在；"
        f"请指定表头中已有的列（{headers}），或保留全部列（--keep-columns all） [input-file]\n",
    }
    assert run.code == 2 and run.err == told[lang], run.err


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_errors_file_of_a_hosts_run_names_region_as_a_parameter(
    engine_name: str, lang: Lang, tmp_path: Path
) -> None:
    """The errors file a host's run writes (Scorer.score_file, score_path on either engine) told a household without
    行政区划代码 to pass --region, the command's option: it names region=, in the file's language, as Scorer.score's
    rejected rows do; fanpin score's errors file is written as it was."""
    from fanpin import load_rulebook

    source = _regions(tmp_path)
    engine = (BatchEngine if engine_name == "batch" else Engine)(load_rulebook())
    reason = {
        "en": "required value is empty: region_code (行政区划代码) picks the parameters of the household's region; "
        "fill it in, or pass ",
        "zh": "必填项为空：行政区划代码决定该户适用哪个地区的参数；请填写，或用 ",
    }[lang]
    # the command's option, as its errors file says it (English: quoted, for the comma), and a host's parameter
    command = {"en": '"' + reason + '--region"', "zh": reason + "--region 为整个文件指定地区"}[lang]
    host = reason + {"en": "region=", "zh": "region= 参数为所有户指定地区"}[lang]
    files: dict[str, Callable[[Path], object]] = {
        "score_file": lambda errors: Scorer().score_file(
            source, tmp_path / "o.csv", as_of=AS_OF, lang=lang, errors=errors
        ),
        "score_path": lambda errors: score_path(
            engine, source, tmp_path / "o.csv", as_of=AS_OF, lang=lang, errors=errors
        ),
        "command": lambda errors: run_cli(
            "score", source, "--as-of", AS_OF, "--engine", engine_name, "--lang", lang, "--out", tmp_path / "c.csv",
            "--errors", errors,
        ),
    }  # fmt: skip
    for name, call in files.items():
        errors = tmp_path / f"{name}.csv"
        call(errors)
        rows = [r["reason"] for r in read_csv(errors) if r["household_id"] == "H2"]
        assert rows == [command.strip('"') if name == "command" else host], (name, rows)
    header = "line,household_id,column,value,reason" if lang == "en" else "行号,户编号,列,填报值,原因"
    assert (tmp_path / "command.csv").read_text(encoding="utf-8") == f"\ufeff{header}\n3,H2,行政区划代码,,{command}\n"


def test_a_findings_file_of_no_format_fanpin_writes_names_the_parameter(engine_name: str, tmp_path: Path) -> None:
    """A findings path whose suffix names no format fanpin writes (``.json``) told a host's score_file and score_path
    ``--findings …: fanpin writes no .json file``: it names ``findings``, as ``out`` is named; fanpin score
    --findings names its option, as it did, and so does its Chinese."""
    from fanpin import load_rulebook
    from fanpin.cli import script_message

    source = _regions(tmp_path)
    engine = (BatchEngine if engine_name == "batch" else Engine)(load_rulebook())
    found = tmp_path / "f.json"
    calls: list[Callable[[], object]] = [
        lambda: Scorer().score_file(source, tmp_path / "o.csv", as_of=AS_OF, findings=found),
        lambda: score_path(engine, source, tmp_path / "o.csv", as_of=AS_OF, findings=found),
    ]
    for call in calls:
        with pytest.raises(ConfigError) as refused:
            call()
        assert refused.value.message == f"findings {found}: fanpin writes no .json file", refused.value
        assert "--" not in str(refused.value)
        said = script_message("host", "error", refused.value, "zh")
        assert said.startswith("host: 错误：findings ") and "--" not in said, said
    assert sorted(p.name for p in tmp_path.iterdir()) == ["regions.csv"]
    run = run_cli(
        "score", source, "--as-of", AS_OF, "--engine", engine_name, "--findings", found,
        "--out", tmp_path / "c.csv", "--errors", tmp_path / "ce.csv",
    )  # fmt: skip
    assert run.code == 2 and f"fanpin: error: --findings {found}: fanpin writes no .json file" in run.err, run.err


def test_a_household_without_a_region_assessed_alone_is_told_of_region_as_a_parameter(engine: Engine) -> None:
    """Scorer.assess, Scorer.plan and Engine.evaluate of a household without 行政区划代码, given no region, were told
    ``pass region= (--region on the command line)``: the command never meets it (fanpin explain refuses such a row
    as it reads it, naming --region), so a host reads its parameter only."""
    from fanpin.model.household import Household

    record = {"户编号": "H1", "户类型": "脱贫户", "家庭人口数": 2, "工资性收入": 1000, "生产经营性收入": 0,
              "财产性收入": 0, "转移性收入": 0}  # fmt: skip
    calls: list[Callable[[], object]] = [
        lambda: Scorer().assess(record, as_of=AS_OF),
        lambda: Scorer().plan(record, as_of=AS_OF),
        lambda: engine.evaluate(Household.model_validate(record), as_of=AS_OF),
    ]
    for call in calls:
        with pytest.raises(ConfigError) as refused:
            call()
        assert refused.value.message == "household H1 has no 行政区划代码 (region_code)", refused.value
        assert refused.value.fix == "add the column, or pass region=", refused.value
        # a host's script speaking Chinese prints it in Chinese (it had no Chinese: printed in English)
        assert script_message("s", "error", refused.value, "zh") == (
            "s: 错误：户 H1 没有行政区划代码（region_code）；请补上该列，或用 region= 参数指定地区 [config]"
        )


#: A person-level export without 行政区划代码.
_EXPORT_WITHOUT_REGION = (
    "县,乡,村,户编号,姓名,证件号码,与户主关系,户类型,工资性收入,生产经营性收入,财产性收入,转移性收入\n"
    "大姚县,金碧镇,龙街村,H1,张三,,户主,脱贫户,9000,0,0,0\n"
)


def test_the_fixes_naming_both_words_are_a_hosts_parameter_alone(engine_name: str, tmp_path: Path) -> None:
    """Two fixes raised where the command and the library's lower layers meet (build_plan, read_export) named the
    option and the parameter both, ``(as_of=, --as-of on the command line)`` and ``--region CODE (region= in the
    library)``: a host's call (Scorer.plan, Scorer.score, score_file, score_path on either engine) names the
    parameter alone, in Chinese too through script_message; fanpin score and fanpin explain print them as before."""
    from datetime import date

    from fanpin import MissingColumnError, load_rulebook
    from fanpin.cli import script_message

    engine = (BatchEngine if engine_name == "batch" else Engine)(load_rulebook())
    source, export = _regions(tmp_path), tmp_path / "export.csv"
    export.write_text(_EXPORT_WITHOUT_REGION, encoding="utf-8")
    late, errors = date(9999, 12, 1), tmp_path / "e.csv"
    record = {"户编号": "H1", "行政区划代码": "532328", "户类型": "脱贫户", "家庭人口数": 2, "工资性收入": 1000,
              "生产经营性收入": 0, "财产性收入": 0, "转移性收入": 0, "住房出现安全问题": "是"}  # fmt: skip
    told: dict[tuple[str, str], list[Callable[[], object]]] = {
        ("score with an earlier evaluation date (as_of=)", "请用更早的评估日期（as_of=）评分 [config]"): [
            lambda: Scorer().plan(record, as_of=late),
            lambda: Scorer().score([record], as_of=late),
            lambda: Scorer().score(source, as_of=late),
            lambda: score_path(engine, source, tmp_path / "o.csv", as_of=late, errors=errors),
        ],
        (
            "pass region=CODE for the whole file: the county's six-digit code (e.g. 532328), a township's nine-digit "
            "one or a village's twelve-digit one; or add a 行政区划代码 column with each row's code",
            "请用 region= 参数为所有户指定地区：县的 6 位代码（如 532328），或乡镇的 9 位、村的 12 位代码；"
            "也可以加一列行政区划代码，写明每行的代码 [missing-column]",
        ): [
            lambda: Scorer().score(export, as_of=AS_OF),
            lambda: Scorer().score_file(export, tmp_path / "o.csv", as_of=AS_OF, errors=errors),
            lambda: score_path(engine, export, tmp_path / "o.csv", as_of=AS_OF, errors=errors),
        ],
    }
    for (fix, zh), calls in told.items():
        for call in calls:
            with pytest.raises((ConfigError, MissingColumnError)) as refused:
                call()
            assert refused.value.fix == fix, refused.value
            said = script_message("host", "error", refused.value, "zh")
            assert said.endswith(zh) and "--" not in said, said
    scored = run_cli("score", source, "--as-of", late, "--engine", engine_name, "--out", tmp_path / "c.csv")
    assert "Fix: score with an earlier evaluation date (as_of=, --as-of on the command line)" in scored.err
    explained = run_cli("explain", source, "--as-of", late, "--household", "H3")
    assert "Fix: score with an earlier evaluation date (as_of=, --as-of on the command line)" in explained.err
    read = run_cli("score", export, "--as-of", AS_OF, "--engine", engine_name, "--out", tmp_path / "c.csv")
    assert (
        "Fix: pass --region CODE for the whole file: the county's six-digit code (e.g. 532328), a township's "
        "nine-digit one or a village's twelve-digit one (region= in the library)" in read.err
    )


def test_a_rules_folder_load_rulebook_refuses_names_the_call(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """load_rulebook's refusals of a county's folder told a host of fanpin's options: a link to a folder ``(fanpin
    check DIR, --rules DIR)``, a code of the data checks ``the data checks run with --checks with (or only)``, one
    error alone or among several (RulebookLoadError). A host reads the call, ``load_rulebook(DIR)``,
    ``load_rulebook(checks="with")``, in Chinese too; fanpin check prints them as before."""
    from fanpin import RulebookLoadError, UnknownNameError, load_rulebook
    from fanpin.cli import script_message

    monkeypatch.setenv("FANPIN_MESSAGES", "en")
    (tmp_path / "shared").mkdir()
    linked, coded, both = tmp_path / "linked", tmp_path / "coded", tmp_path / "both"
    for folder in (linked, coded, both):
        folder.mkdir()
    (linked / "shared").symlink_to("../shared")
    (coded / "off.yaml").write_text('disable: ["1_02_0066"]\n', encoding="utf-8")
    (both / "off.yaml").write_text('disable: ["1_02_0066", "9_99_999"]\n', encoding="utf-8")
    with pytest.raises(ConfigError) as link:
        load_rulebook(linked)
    own = "give that folder as a rules folder of its own (load_rulebook(DIR), fanpin check DIR)"
    assert link.value.fix == f"{own}, or copy its files into this one", link.value
    with pytest.raises(UnknownNameError) as code:
        load_rulebook(coded)
    assert code.value.fix == 'write 1_02_006; the data checks run with load_rulebook(checks="with")', code.value
    assert code.value.suggestion == "1_02_006", code.value
    with pytest.raises(RulebookLoadError) as several:
        load_rulebook(both)
    assert len(several.value.errors) == 2 and "--" not in str(several.value), several.value
    assert all('load_rulebook(checks="with")' in e.fix for e in several.value.errors), several.value
    said = {
        link.value: "（load_rulebook(DIR)、fanpin check DIR），或把其中的文件复制到这里 [config]",
        code.value: '请改为 1_02_006；疑点数据核查要加 load_rulebook(checks="with")才会运行 [unknown-name]',
    }
    for error, zh in said.items():
        line = script_message("host", "error", error, "zh")
        assert line.startswith("host: 错误：") and line.endswith(zh) and "--" not in line, line
    told = script_message("host", "error", several.value, "zh")
    assert told.startswith("host: 错误：规则文件中有 2 处错误：") and "--" not in told, told
    for folder, words in [(linked, "(fanpin check DIR, --rules DIR)"), (coded, "run with --checks with (or only)")]:
        run = run_cli("check", folder)
        assert run.code == 2 and words in run.err, run.err


def test_every_fix_a_hosts_run_rewords_has_its_chinese() -> None:
    """A fix as a host's run words it (fmt="csv", errors=, workers=1 …) had no Chinese: a host's script speaking
    Chinese (script_message) printed the whole error in English. Each has its Chinese, naming the parameter too."""
    from fanpin._host import _PARAMETER_FIXES
    from fanpin.messages import chinese

    for fix, reworded in _PARAMETER_FIXES.items():
        zh = chinese(reworded)
        assert zh is not None and "--" not in zh and zh != chinese(fix), (reworded, zh)
