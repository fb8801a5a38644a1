"""Personal numbers are masked by content wherever text leaves fanpin — ``fanpin explain``, every message
of the command (argparse's included), the explanations in the scored table, error objects and their
``str``/``repr``, pydantic's ``errors()``/``json()`` of the models — and ``--keep-identities`` is the one
way to keep them in clear, in the output files only, with a loud warning (on both engines).

The outputs' passed-through and refused cells are tested in ``both_engines/test_pipeline.py``
(``test_personal_numbers_are_masked_wherever_they_stand``).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polars as pl
import pytest
from pydantic import ValidationError

from fanpin import Household, InputFileError, RulebookLoadError, RuleSyntaxError, load_rulebook
from fanpin.errors import Location
from fanpin.io import read_export
from fanpin.model.member import Member
from fanpin.pipeline import score_path
from tests.helpers import AS_OF, HEADER, REGION, SCORE_ARGS, read_csv, run_cli, score_file, write_rows

ID = "532328199001011234"
MOBILE = "13812345678"
CLEAR = (ID, MOBILE, "李某华")


def assert_masked(*texts: str) -> None:
    for text in texts:
        for clear in CLEAR:
            assert clear not in text, (clear, text[:300])


# ---- what the command prints ---------------------------------------------------------------------


def test_explain_masks_personal_numbers(tmp_path: Path) -> None:
    """A 户编号 that is an ID number, and a 贷款用途 naming a phone number, shown by `fanpin explain`."""
    source = write_rows(
        tmp_path / "in.csv",
        [HEADER + ",小额信贷余额,贷款用途", f"{ID},532328,脱贫户,2,1000,0,0,0,x,30000,还{MOBILE}的债"],
    )
    run = run_cli("explain", source, "--household", ID, *SCORE_ARGS)
    assert run.code == 0, run.err
    assert run.out.startswith("户编号 5323**********1234 · 行政区划代码 532328")
    assert "还1381***5678的债" in run.out
    assert_masked(run.out, run.err)
    missing = run_cli("explain", source, "--household", "53232819900101999X", *SCORE_ARGS)
    assert missing.code == 2 and "5323**********999X" in missing.err


def test_every_message_of_the_command_is_masked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file named by an ID number, a mistyped --region that is one: the summary, the errors and
    argparse's own usage message all mask it."""
    folder = tmp_path / ID
    folder.mkdir()
    source = write_rows(folder / f"{MOBILE}.csv", [HEADER, "H1,532328,脱贫户,2,1000,0,0,0,x"])
    run = score_file(source, folder / "o.csv", folder / "e.csv")
    assert run.code == 0 and "scored 1 household from" in run.err
    assert_masked(run.err)
    missing = run_cli("score", folder / "nothing.csv", *SCORE_ARGS, "--out", folder / "o.csv")
    assert missing.code == 2 and "no such file" in missing.err
    assert_masked(missing.err)
    with pytest.raises(SystemExit) as stopped:
        run_cli("score", source, "--as-of", "2025-06-30", "--region", ID)
    assert stopped.value.code == 2
    printed = capsys.readouterr()
    assert "has 18 digits; a division code has 2, 4, 6, 9 or 12 digits" in printed.err
    assert "'5323**********1234'" in printed.err
    assert_masked(printed.err, printed.out)


def test_explanations_in_the_scored_table_mask_text_values(engine_name: str, tmp_path: Path) -> None:
    """A text fact quoted in an explanation (贷款用途 in credit.non_productive_use) is masked in every
    format, by both engines alike."""
    source = write_rows(
        tmp_path / "in.csv",
        [HEADER + ",小额信贷余额,贷款用途", f"H1,532328,脱贫户,2,1000,0,0,0,x,30000,还{MOBILE}的债"],
    )
    for fmt in ("csv", "jsonl"):
        out = tmp_path / f"{engine_name}.{fmt}"
        run = score_file(source, out, tmp_path / "e.csv", "--engine", engine_name)
        assert run.code == 0, run.err
        text = out.read_text(encoding="utf-8-sig")
        assert "还1381***5678的债" in (text if fmt == "csv" else json.dumps(json.loads(text), ensure_ascii=False))
        assert_masked(text)


# ---- error objects -------------------------------------------------------------------------------


def test_fanpin_errors_mask_their_message_fix_str_and_repr() -> None:
    error = InputFileError(f"cell {ID} is odd", fix=f"call {MOBILE}", location=Location(f"/data/{ID}.csv", 3))
    assert error.message == "cell 5323**********1234 is odd" and error.fix == "call 1381***5678"
    assert_masked(str(error), repr(error), *map(str, error.args))
    assert "/data/5323**********1234.csv:3" in str(error)


def test_rule_file_errors_are_masked(tmp_path: Path) -> None:
    folder = tmp_path / "county"
    folder.mkdir()
    (folder / "a.yaml").write_text(f"rules: [{{id: local.a, when: 'size < {ID}'}}]\nmeasures: {MOBILE}\n")
    (folder / "b.yaml").write_text(f"x: &{MOBILE} [1]\ny: *{MOBILE}\n")
    with pytest.raises(RulebookLoadError) as info:
        load_rulebook(folder)
    assert_masked(str(info.value), repr(info.value), *(str(e) for e in info.value.errors))
    run = run_cli("check", folder)
    assert run.code == 2
    assert_masked(run.err, run.out)
    with pytest.raises(RuleSyntaxError) as syntax:
        from fanpin.lang.syntax import parse_condition

        parse_condition(f"size < {ID}")
    # the rule's own number, shortened (its first and last four digits, its length): no ID number in clear
    assert ID not in str(syntax.value) and "5323…1234 of 18 digits" in str(syntax.value)


def test_validation_errors_of_the_models_hold_no_personal_value() -> None:
    """pydantic's ``hide_input_in_errors`` hides the input from ``str`` only: ``errors()`` and ``json()``
    showed the whole record (ID number and name) when a required column was missing."""
    with pytest.raises(ValidationError) as info:
        Household.model_validate(
            {"户编号": "H1", "户主证件号码": ID, "户主姓名": "李某华", "家庭人口数": ID, "备注": f"电话{MOBILE}"}
        )
    error = info.value
    assert_masked(str(error), repr(error), error.json(), json.dumps(error.errors(), default=str, ensure_ascii=False))
    by_field = {e["loc"][0]: e for e in error.errors()}
    assert by_field["家庭人口数"]["input"] == "5323**********1234"
    assert by_field["家庭人口数"]["msg"] == "Value error, too large for a whole number here (at most 15 digits)"
    assert by_field["wage_income"]["type"] == "missing"
    assert by_field["wage_income"]["input"]["户主姓名"] == "李**"
    with pytest.raises(ValidationError) as member:
        Member.model_validate(
            {"户编号": "H1", "证件号码": ID, "姓名": "李某华", "户联系电话": MOBILE, "工资性收入": "x"}
        )
    assert_masked(str(member.value), member.value.json(), json.dumps(member.value.errors(), default=str))


# ---- --keep-identities ---------------------------------------------------------------------------

PERSONAL = [
    HEADER + ",手机号,联系人",
    f"H1,532328,脱贫户,2,1000,0,0,0,户主{ID},{MOBILE},李某华",
    f"H2,532328,脱贫户,{ID},1,0,0,0,x,,",
]


def test_keep_identities_writes_them_in_clear_with_a_loud_warning(engine_name: str, tmp_path: Path) -> None:
    source = write_rows(tmp_path / "in.csv", PERSONAL)
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    run = score_file(source, out, errors, "--engine", engine_name, "--keep-identities")
    assert run.code == 3, run.err
    warning = (
        "fanpin: WARNING: --keep-identities: ID numbers, names, phone numbers and health details are written IN CLEAR"
    )
    assert run.err.startswith(warning) and run.err.count(warning) == 2  # before the run and at its end
    [row] = read_csv(out)
    assert (row["备注"], row["手机号"], row["联系人"]) == (f"户主{ID}", MOBILE, "李某华")
    assert [(r["column"], r["value"]) for r in read_csv(errors)] == [("家庭人口数", ID)]
    assert_masked(run.err)  # the messages stay masked
    masked = score_file(source, tmp_path / "m.csv", tmp_path / "me.csv", "--engine", engine_name)
    assert "WARNING" not in masked.err
    assert_masked((tmp_path / "m.csv").read_text(encoding="utf-8"), (tmp_path / "me.csv").read_text(encoding="utf-8"))


def test_keep_identities_in_the_library(either_engine: object, tmp_path: Path) -> None:
    from fanpin import Engine
    from fanpin.batch import BatchEngine

    assert isinstance(either_engine, Engine | BatchEngine)
    source = write_rows(tmp_path / "in.csv", PERSONAL)
    for keep in (False, True):
        out, errors = tmp_path / f"{keep}.csv", tmp_path / f"{keep}.e.csv"
        score_path(either_engine, source, out, as_of=AS_OF, region=REGION, errors=errors, keep_identities=keep)
        text = out.read_text(encoding="utf-8") + errors.read_text(encoding="utf-8")
        assert (ID in text and MOBILE in text and "李某华" in text) == keep


def test_keep_identities_on_a_person_level_export(tmp_path: Path) -> None:
    from tests.io.test_export import household, write

    rows = household("A", 2)
    rows[1] |= {"户联系电话": "13800009999"}  # the household's phone differs between its rows
    path = write(tmp_path / "export.csv", rows)
    for keep in (False, True):
        _, items = read_export(path, region=REGION, keep_identities=keep)
        text = " ".join(f"{r.value} {r.reason}" for r in items if not hasattr(r, "household"))
        assert ("13800009999" in text) == keep and ("1380***9999" in text) == (not keep)


def test_the_cli_copies_no_personal_value_into_a_shared_log(tmp_path: Path) -> None:
    """The examples' rejected rows and notes, printed to stderr: nothing personal, whatever the files hold."""
    from tests.paths import HOUSEHOLDS_CSV

    source = tmp_path / "in.csv"
    shutil.copyfile(HOUSEHOLDS_CSV, source)
    for engine_name in ("batch", "durable"):
        run = score_file(source, tmp_path / "o.csv", tmp_path / "e.csv", "--engine", engine_name, "--keep-identities")
        assert run.code == 3
        heads = [r["户主证件号码"] for r in read_csv(HOUSEHOLDS_CSV) if r["户主证件号码"]]
        assert heads and not any(h in run.err for h in heads)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("version 0301847416f316ac", "version 0301847416f316ac"),  # read as a landline 030-1847416 once
        ("rules 13812345678abcde", "rules 1381***5678abcde"),  # hexadecimal, but it holds a mobile number
        ("5323280000000001", "5323********0001"),  # 16 digits: a bank card's length
    ],
)
def test_a_rulebook_version_is_not_masked_as_a_number(text: str, shown: str) -> None:
    """``fanpin check`` printed ``version 0301**7416f316ac``: a version of 16 hexadecimal characters is
    left as it is, unless it holds a run of 11 digits (a mobile number is masked wherever it stands)."""
    from fanpin.masking import mask_numbers

    assert mask_numbers(text) == shown


def test_a_name_column_under_another_header_is_masked(engine_name: str, tmp_path: Path) -> None:
    """户主名字 (which fanpin itself takes for a misspelt 户主姓名), 成员名字, name and Full Name were passed
    through in clear; a column whose header only has name in it among other words (village_name) is a
    place, and is kept as written."""
    from fanpin.model.columns import is_pii_column

    header = "户编号,户类型,家庭人口数,工资性收入,生产经营性收入,财产性收入,转移性收入"
    header += ",户主名字,成员名字,name,Full Name,village_name"
    source = tmp_path / "in.csv"
    source.write_text(f"{header}\nH1,脱贫户,4,1,0,0,0,张三丰,李四,Zhang San,Li Si,Xinhua\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    code, _, err = score_file(source, out, tmp_path / "e.csv", "--engine", engine_name)
    assert code == 0, err
    written = out.read_text(encoding="utf-8-sig")
    for clear in ("张三丰", "李四", "Zhang San", "Li Si"):
        assert clear not in written + err, clear
    assert "Xinhua" in written
    assert [is_pii_column(h) for h in ("village_name", "Village Name", "username", "项目名称")] == [False] * 4


#: Headers a county's own columns hold personal data under (sweep of 37 headers, each holding a name): they
#: were passed through in clear in every output format.
PERSONAL_HEADERS = (
    "健康情况", "残疾类别", "残疾等级", "慢性病", "大病", "健康", "姓 名", "姓　名", "电 话", "户主", "联系方式",
    "监护人", "身份号码", "health", "Health Status", "HealthStatus", "illness", "disease", "disability", "id_no",
    "IDNumber", "ID No.", "passport", "name_of_head", "HeadName", "tel", "contact",
    # a person named by their role (a trial's table passed these through in clear)
    "信息采集人", "配偶", "户主配偶", "申请人", "收款人", "代理人", "开户人", "持卡人", "填报人", "帮扶责任人",
    "经办人", "审核人", "Spouse", "领取人", "担保人", "贷款人", "赡养人", "法定代表人", "子女", "父亲", "母亲",
    "帮扶人", "结对帮扶人", "填表人", "驻村干部", "村医",
    # a tester's sweep: names under other titles, a signature, the village team; the body and mind; identity
    # documents; contact ids; a free-text account of the household's risk (户主患肺癌住院): all in clear
    "户长", "户主签字", "签名", "驻村工作队员", "第一书记", "走访人", "身体状况", "精神状况", "HIV", "艾滋病感染者",
    "肿瘤", "残疾部位", "心理健康", "护照号", "港澳通行证号码", "证件号", "社保卡", "银行卡", "银行账号", "一卡通账号",
    "邮箱", "电子邮件", "email", "E-mail", "微信", "微信号", "WeChat", "QQ", "QQ号", "passport_no", "Bank Card No",
    "致贫/返贫风险说明", "致贫原因说明", "困难情况描述", "家庭情况说明",
    # where the household lives: with the village, its door (a trial's --keep-columns all wrote it in clear)
    "家庭住址", "现住址", "详细地址", "门牌号", "Address", "home_address",
)  # fmt: skip
#: Headers that are not personal: places, the model's counts of the ill and disabled, words holding "tel" or
#: "ill", and a county's amounts, yes/no and measure columns about illness and disability (masked, they had
#: been lost: 大病救助金额 12000.50 written 1*******).
PLAIN_HEADERS = (
    "village_name", "乡镇", "备注", "大病重病人数", "重度残疾人数", "与户主关系", "skill_level", "hotel", "Identity",
    "intelligence", "监测对象类别", "大病救助金额", "残疾人补贴", "是否因病", "健康帮扶措施", "证件类型", "身份属性",
    "村名", "乡镇名称", "因病支出", "申请人数", "配偶收入", "是否有配偶", "开户银行", "监护人数", "开户人存款",
    "子女人数",
    # a document's kind, a yes/no, an amount, a date; a cause of the vocabulary (is_cause_column); a way
    "是否办理社保卡", "账户余额", "一卡通发放金额", "签字日期", "住院费用", "致贫原因", "主要致贫原因",
    "风险消除时间", "风险消除方式", "帮扶措施说明", "家庭情况",
)  # fmt: skip


def test_personal_columns_under_the_headers_counties_write_are_masked(engine_name: str, tmp_path: Path) -> None:
    from fanpin.model.columns import is_pii_column

    assert [h for h in PERSONAL_HEADERS if not is_pii_column(h)] == []
    assert [h for h in PLAIN_HEADERS if is_pii_column(h)] == []
    header = "户编号,户类型,家庭人口数,工资性收入,生产经营性收入,财产性收入,转移性收入," + ",".join(PERSONAL_HEADERS)
    source = tmp_path / "in.csv"
    values = ",".join(f"王秀英{n}" for n in range(len(PERSONAL_HEADERS)))
    source.write_text(f"{header}\nH1,脱贫户,4,1,0,0,0,{values}\n", encoding="utf-8")
    for suffix in (".csv", ".jsonl", ".parquet", ".xlsx"):
        out = tmp_path / f"out{suffix}"
        code, _, err = score_file(source, out, tmp_path / "e.csv", "--engine", engine_name, "--keep-columns", "all")
        assert code == 0, err
        assert "秀英" not in _text_of(out) + err, suffix
        assert "王*" in _text_of(out), suffix  # the columns are there, masked


def test_a_cause_column_keeps_its_vocabulary_and_masks_more(engine_name: str, tmp_path: Path) -> None:
    """致贫原因 (a column fanpin does not read) is the household's causes in words of a vocabulary, which a
    township reports by: 因病、缺劳力 is written as it is, 因病（肺癌） (a diagnosis) masked whole; an e-mail
    address in any cell (备注) is masked as phone numbers are, in every output format; the errors file masks
    one typed into a column fanpin reads."""
    from fanpin.model.columns import is_cause_column, masked_cell

    assert [is_cause_column(h) for h in ("致贫原因", "主要致贫原因", "致贫/返贫风险6")] == [True] * 3
    assert [is_cause_column(h) for h in ("致贫/返贫风险1", "风险消除时间", "备注", "是否因病致贫原因")] == [False] * 4
    assert masked_cell("致贫原因", " 因病,缺劳力 ") == " 因病,缺劳力 "
    assert masked_cell("致贫原因", "因病（肺癌）") == "因*****"
    header = "户编号,户类型,家庭人口数,工资性收入,生产经营性收入,财产性收入,转移性收入,致贫原因,主要致贫原因,备注"
    rows = [
        "H1,脱贫户,4,1,0,0,0,因病（肺癌）,因病、缺劳力,邮箱 lisi@example.com；QQ 12345678@qq.com",
        "H2,脱贫户,4,1,0,0,0,户主患肺癌住院,因学,x",
        "H3,脱贫户,wangwu@example.com,1,0,0,0,因残,因残,y",  # refused: an e-mail address as 家庭人口数
    ]
    source = tmp_path / "in.csv"
    source.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    errors = tmp_path / "e.csv"
    for suffix in (".csv", ".jsonl", ".parquet", ".xlsx"):
        out = tmp_path / f"out{suffix}"
        code, _, err = score_file(source, out, errors, "--engine", engine_name, "--keep-columns", "all")
        assert code == 3, err
        text = _text_of(out) + err
        for clear in ("肺癌", "lisi", "12345678@", "wangwu"):
            assert clear not in text, (suffix, clear)
        for shown in ("因*****", "户******", "因病、缺劳力", "因学", "l***@example.com", "1*******@qq.com"):
            assert shown in text, (suffix, shown)
        refused = read_csv(errors)
        shown_refused = [(r["household_id"], r["column"], r["value"]) for r in refused]
        assert shown_refused == [("H3", "家庭人口数", "w*****@example.com")]


def _text_of(path: Path) -> str:
    """Every cell of an output file, as text."""
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True)
        try:
            return "\n".join(
                str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for v in row
            )
        finally:
            book.close()
    if path.suffix == ".parquet":
        return "\n".join(str(row) for row in pl.read_parquet(path).iter_rows())
    return path.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize(
    ("digest", "version"),
    [("3d9befb3543345d7" + "0" * 48, "3d9befb3543345d7"), ("087757658200bca275" + "a" * 46, "7757658200bca275")],
)
def test_a_rulebook_version_holds_no_run_of_digits_a_message_would_mask(digest: str, version: str) -> None:
    """A version with a run of 11 digits was printed masked on the terminal (``0877****8200bca2``) and in
    clear in the scored files, so the two could not be matched: the version is the first 16 characters
    of the digest without such a run (most versions are its first 16, as before)."""
    from fanpin.masking import mask_numbers
    from fanpin.rulebook.loader import _version

    assert _version(digest) == version
    assert mask_numbers(f"version {version}") == f"version {version}"
