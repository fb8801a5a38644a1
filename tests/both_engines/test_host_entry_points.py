"""The library's lower entry points a host may call directly (``fanpin.results.build_plan``, a ``BatchEngine``'s
methods, ``fanpin.io.read_export``, ``fanpin.report.write_report``) word their refusals for a host: its parameters
(``as_of=``, ``region=``, ``out=``, ``rules=``), where they had named the command's options (``--as-of``,
``--region``, ``--out``, ``--rules DIR``) beside the parameter or instead of it. ``command=True`` is the command's
call, in its words as before (``fanpin score``, ``explain``, ``report``: tests/both_engines/test_library_wording.py
checks their output). ``fanpin.messages.error_message(error, "zh")`` tells such an error in Chinese, as
``fanpin.cli.script_message`` does."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from fanpin import ConfigError, FanpinError, MissingColumnError, Scorer, load_rulebook
from fanpin.batch import BatchEngine
from fanpin.errors import InputFileError, OutputError
from fanpin.io import RejectedRow, households_in, read_export, read_households
from fanpin.messages import error_message
from fanpin.model.facts import household_row
from fanpin.model.household import Household
from fanpin.report import write_report
from fanpin.results import build_plan
from fanpin.results.reasons import reason_text
from fanpin.results.sentences import Lang
from tests.helpers import AS_OF, REGION, run_cli
from tests.paths import HOUSEHOLDS_CSV

#: A day on which a measure of the reference rules cannot be dated: its deadline falls past 9999-12-31.
LATE = date(9999, 12, 1)
RECORD = {"户编号": "H1", "行政区划代码": "532328", "户类型": "脱贫户", "家庭人口数": 2, "工资性收入": 1000,
          "生产经营性收入": 0, "财产性收入": 0, "转移性收入": 0, "住房出现安全问题": "是"}  # fmt: skip
HOST_FIX = "score with an earlier evaluation date (as_of=)"
COMMAND_FIX = "score with an earlier evaluation date (as_of=, --as-of on the command line)"
HOST_FIX_ZH = "请用更早的评估日期（as_of=）评分 [config]"


def _refused(call: Callable[[], object]) -> FanpinError:
    with pytest.raises(FanpinError) as refused:
        call()
    return refused.value


def _told_for_a_host(error: FanpinError, zh_end: str) -> None:
    """``error`` names no option of the command, in English and, told by ``error_message``, in Chinese."""
    assert "--" not in str(error), error
    said = error_message(error, "zh")
    assert said.startswith("fanpin: 错误：") and said.endswith(zh_end) and "--" not in said, said
    assert error_message(error, "en") == f"fanpin: error: {error}"


def test_build_plan_called_by_a_host_names_as_of() -> None:
    scorer = Scorer()
    assessment = scorer.assess(RECORD, as_of=LATE)  # the assessment is made; its plan cannot be dated
    error = _refused(lambda: build_plan(assessment, scorer.rulebook.measures, has_labour=True))
    assert isinstance(error, ConfigError) and error.fix == HOST_FIX, error
    _told_for_a_host(error, HOST_FIX_ZH)
    command = _refused(lambda: build_plan(assessment, scorer.rulebook.measures, has_labour=True, command=True))
    assert command.fix == COMMAND_FIX, command


@pytest.mark.parametrize("method", ["score", "score_found", "score_json"])
def test_a_batch_engines_methods_called_by_a_host_name_as_of(method: str) -> None:
    engine = BatchEngine(load_rulebook())
    facts = [household_row(Household.model_validate(RECORD))]
    run = getattr(engine, method)
    error = _refused(lambda: run(facts, as_of=LATE))
    assert isinstance(error, ConfigError) and error.fix == HOST_FIX, error
    _told_for_a_host(error, HOST_FIX_ZH)
    assert _refused(lambda: run(facts, as_of=LATE, command=True)).fix == COMMAND_FIX
    with pytest.raises(ConfigError, match=r"command is .yes.; it is True or False"):
        run(facts, as_of=AS_OF, command="yes")


#: A person-level export without 行政区划代码, and one whose second household leaves its cell empty.
_HEAD = "县,乡,村,户编号,{region}姓名,证件号码,与户主关系,户类型,工资性收入,生产经营性收入,财产性收入,转移性收入\n"
_WITHOUT_REGION = _HEAD.format(region="") + "大姚县,金碧镇,龙街村,H1,张三,,户主,脱贫户,9000,0,0,0\n"
_EMPTY_REGION = (
    _HEAD.format(region="行政区划代码,")
    + "大姚县,金碧镇,龙街村,H1,532328101201,张三,,户主,脱贫户,9000,0,0,0\n"
    + "大姚县,金碧镇,龙街村,H2,,李四,,户主,脱贫户,9000,0,0,0\n"
)


def test_read_export_called_by_a_host_names_region(tmp_path: Path) -> None:
    """Its refusal of an export without 行政区划代码 named ``--region CODE (region= in the library)``, and its
    rejected row of a household without one ``or pass --region``: both name ``region=``."""
    without, empty = tmp_path / "without.csv", tmp_path / "empty.csv"
    without.write_text(_WITHOUT_REGION, encoding="utf-8")
    empty.write_text(_EMPTY_REGION, encoding="utf-8")
    error = _refused(lambda: read_export(without))
    assert isinstance(error, MissingColumnError), error
    assert error.fix == (
        "pass region=CODE for the whole file: the county's six-digit code (e.g. 532328), a township's nine-digit one "
        "or a village's twelve-digit one; or add a 行政区划代码 column with each row's code"
    ), error
    _told_for_a_host(error, "也可以加一列行政区划代码，写明每行的代码 [missing-column]")
    _, items = read_export(empty)
    rejected = [item for item in items if isinstance(item, RejectedRow)]
    assert [(r.household_id, r.reason) for r in rejected] == [
        (
            "H2",
            "required value is empty: 行政区划代码 picks the parameters of the household's region; fill it in, or "
            "pass region=",
        )
    ], rejected


#: The reason of a household without 行政区划代码 in a host's words, and in the command's (``fanpin explain``),
#: by language.
_NO_REGION = {
    "en": (
        "required value is empty: region_code (行政区划代码) picks the parameters of the household's region; "
        "fill it in, or pass region=",
        "required value is empty: region_code (行政区划代码) picks the parameters of the household's region; "
        "fill it in, or pass --region",
    ),
    "zh": (
        "必填项为空：行政区划代码决定该户适用哪个地区的参数；请填写，或用 region= 参数为所有户指定地区",
        "必填项为空：行政区划代码决定该户适用哪个地区的参数；请填写，或用 --region 为整个文件指定地区",
    ),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_read_households_called_by_a_host_names_region(lang: Lang, tmp_path: Path) -> None:
    """read_households (and households_in, over a household table or an export) gave a household without 行政区划代码
    the command's reason, ``or pass --region``: a host reads ``region=``, in either language (``reason_text``);
    fanpin explain, which reads the file through them, still names its option."""
    empty, without = tmp_path / "empty.csv", tmp_path / "without.csv"
    frame = pl.read_csv(HOUSEHOLDS_CSV, infer_schema=False).head(3)
    frame.with_columns(frame.get_column("行政区划代码").scatter(1, None)).write_csv(empty)
    frame.drop("行政区划代码").write_csv(without)
    export = tmp_path / "export.csv"
    export.write_text(_EMPTY_REGION, encoding="utf-8")
    second = frame.get_column("户编号")[1]
    host, command = _NO_REGION[lang]
    for rows, household in [
        (read_households(empty)[1], second),
        (households_in(empty), second),
        (households_in(export), "H2"),
    ]:
        rejected = [item for item in rows if isinstance(item, RejectedRow)]
        assert [(r.household_id, reason_text(r.reason, lang)) for r in rejected] == [(household, host)], rejected
    for read in (read_households, households_in):
        error = _refused(lambda: read(without))  # noqa: B023
        assert isinstance(error, MissingColumnError) and "region=" in error.fix, error
        _told_for_a_host(error, "region= 参数为所有户指定地区（它决定各户适用哪个地区的参数） [missing-column]")
    explained = run_cli("explain", empty, "--as-of", AS_OF, "--household", second, "--lang", lang)
    assert explained.code == 3 and command in explained.out and "region=" not in explained.out, explained


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example households scored, headed as fanpin score heads them."""
    path = tmp_path_factory.mktemp("scored") / "scored.csv"
    errors = path.with_name("rejected.csv")  # not beside the example file
    Scorer().score_file(HOUSEHOLDS_CSV, path, as_of=AS_OF, region=REGION, headers="lang", errors=errors)
    return path


def test_write_report_called_by_a_host_names_its_parameters(scored: Path, tmp_path: Path) -> None:
    """A host's write_report was told of fanpin report's options: ``--out r.pdf: fanpin report writes …``, ``the
    --out path is a folder``, a rules folder's ``(fanpin check DIR, --rules DIR)``, a file of a date no plan can
    be made on ``(--as-of)``. It reads its parameters, in Chinese too; command=True words them as before."""
    pdf = tmp_path / "r.pdf"
    error = _refused(lambda: write_report(scored, pdf))
    assert error.message == f"out {pdf}: write_report writes an HTML page, not a .pdf file", error
    _told_for_a_host(error, "请把文件命名为 r.html（可在浏览器中打印成 PDF） [config]")
    command = _refused(lambda: write_report(scored, pdf, command=True))
    assert command.message == f"--out {pdf}: fanpin report writes an HTML page, not a .pdf file", command
    folder = _refused(lambda: write_report(scored, tmp_path))
    assert isinstance(folder, OutputError) and folder.message == "the out= path is a folder", folder
    _told_for_a_host(folder, "请指定文件夹中的文件，例如 out='文件夹/report.html' [output]")
    assert _refused(lambda: write_report(scored, tmp_path, command=True)).message == "the --out path is a folder"
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "off.yaml").write_text('disable: ["1_02_0066"]\n', encoding="utf-8")
    code = _refused(lambda: write_report(scored, tmp_path / "r.html", rules=[rules]))
    assert code.fix == 'write 1_02_006; the data checks run with load_rulebook(checks="with")', code
    _told_for_a_host(code, '疑点数据核查要加 load_rulebook(checks="with")才会运行 [unknown-name]')
    command = _refused(lambda: write_report(scored, tmp_path / "r.html", rules=[rules], command=True))
    assert command.fix == "write 1_02_006; the data checks run with --checks with (or only)", command
    late = tmp_path / "late.csv"
    frame = pl.read_csv(scored, infer_schema=False)
    frame.with_columns(pl.lit(LATE.isoformat()).alias("评估日期")).write_csv(late)
    dated = _refused(lambda: write_report(late, tmp_path / "r.html"))
    assert isinstance(dated, InputFileError), dated
    assert dated.fix == "score the households again with an earlier evaluation date (as_of=)", dated
    _told_for_a_host(dated, "请用更早的评估日期（as_of=）重新评分 [input-file]")
    command = _refused(lambda: write_report(late, tmp_path / "r.html", command=True))
    assert command.fix == "score the households again with an earlier evaluation date (--as-of)", command
    assert sorted(p.name for p in tmp_path.iterdir()) == ["late.csv", "rules"]


def test_write_report_refuses_to_write_over_its_scored_file(scored: Path, tmp_path: Path) -> None:
    """Only fanpin report refused a report written over the scored file it reads: a host's
    ``write_report(scored, out=scored)`` of a file named without a suffix (which fanpin score writes as CSV)
    replaced the households with the page, and one of a .csv was told only that the report is no .csv file.
    write_report refuses both, naming out=, in Chinese too; command=True names --out, as fanpin report does."""
    import shutil

    for name in ("scored", "scored.csv"):
        copy = tmp_path / name
        shutil.copyfile(scored, copy)
        before = copy.read_bytes()
        error = _refused(lambda: write_report(copy, copy))  # noqa: B023
        assert isinstance(error, OutputError), error
        assert (error.message, error.fix) == (
            "the report would overwrite the scored file (out= names it)",
            "choose another out= path",
        ), error
        _told_for_a_host(error, "报告会覆盖评分结果文件（out= 指向了它）；请为 out= 另选路径 [output]")
        command = _refused(lambda: write_report(copy, copy, command=True))  # noqa: B023
        assert command.message == "the report would overwrite the scored file (--out names it)", command
        assert command.fix == "choose another --out path", command
        # through a folder not yet made (new/../scored), which the report's run would make: refused all the same
        through = _refused(lambda: write_report(copy, tmp_path / "new" / ".." / name))  # noqa: B023
        assert isinstance(through, OutputError) and "would overwrite the scored file" in through.message, through
        assert copy.read_bytes() == before and not (tmp_path / "new").exists()


def test_write_reports_note_of_other_rules_names_its_parameter(tmp_path: Path) -> None:
    """The note of a file scored with other rules told a host to give the report ``the --rules folders``: it names
    write_report's ``rules=``, in Chinese too through script_message; fanpin report's note is as it was."""
    from fanpin.cli import script_message
    from fanpin.messages import message
    from tests.paths import EXAMPLES

    scored = tmp_path / "scored.csv"
    county = load_rulebook(EXAMPLES / "county_override")
    Scorer(county).score_file(
        HOUSEHOLDS_CSV, scored, as_of=AS_OF, region=REGION, headers="lang", errors=tmp_path / "rejected.csv"
    )
    notes = write_report(scored, tmp_path / "host.html").notes
    assert len(notes) == 1 and "give write_report the rules= folders the file was scored with" in notes[0], notes
    said = script_message("host", "warning", notes[0], "zh")
    assert "请用 write_report 的 rules= 给出评分时所用的规则文件夹" in said and "--" not in said, said
    command = write_report(scored, tmp_path / "command.html", command=True).notes
    assert len(command) == 1 and "give the report the --rules folders" in command[0], command
    assert "请用 --rules 给出评分时所用的规则文件夹" in message("warning", command[0], "zh")


def test_error_message_tells_a_hosts_errors_in_chinese() -> None:
    """``error_message(error, "zh")`` of an error worded for a host (``as_of=``, ``keep_columns``) printed the host's
    part in English, the whole line English; only script_message translated it. Both tell it in Chinese now, one
    line but for the name before the colon."""
    from fanpin.cli import script_message

    plan = _refused(lambda: Scorer().plan(RECORD, as_of=LATE))
    kept = _refused(lambda: Scorer().score(HOUSEHOLDS_CSV, as_of=AS_OF, region=REGION, keep_columns=["crm"]))
    for error, zh in [
        (plan, HOST_FIX_ZH),
        (kept, '或保留全部列（keep_columns="all"） [input-file]'),
    ]:
        _told_for_a_host(error, zh)
        assert script_message("host", "error", error, "zh") == "host" + error_message(error, "zh").removeprefix(
            "fanpin"
        )
