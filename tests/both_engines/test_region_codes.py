"""A region code (行政区划代码, ``--region``, ``region=``, a parameter value's ``region``) has 2, 4, 6, 9 or
12 digits: the division code of a province, prefecture, county, township or village (fanpin.regions).

A mobile number typed into 行政区划代码 (``13912345670``, 11 digits) was accepted: scored with the
parameters of region 13 (Hebei) and written unmasked in the output, the report and as a sheet name.

Its first two digits are a province's (GB/T 2260, fanpin.regions.PROVINCES): ``99``, ``990101`` or ``000000``
had been accepted, scored with the national parameters, the warnings asking for values of "region 99".
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from fanpin import ConfigError, Engine, Household, Scorer, load_rulebook
from fanpin.arguments import checked_region
from fanpin.batch import BatchEngine
from fanpin.errors import FanpinError
from fanpin.model.member import Member
from fanpin.regions import PROVINCE_CODES, PROVINCES, REGION_LENGTHS, is_region_code, region_code_error
from fanpin.synthetic import write_person_export_csv
from tests.helpers import HOUSEHOLD, read_csv, run_cli

#: A code of every length from 1 to 13 digits (prefixes of a village's code, and one digit more).
CODES = ["5323281012031"[:n] for n in range(1, 14)]
MOBILE = "13912345670"
FULL_WIDTH = {ord(d): ord(d) + 0xFEE0 for d in "0123456789"}
HEADER = "户编号,行政区划代码,户类型,家庭人口数,工资性收入,生产经营性收入,财产性收入,转移性收入"


@pytest.mark.parametrize("code", [*CODES, MOBILE])
def test_the_models_take_a_code_of_2_4_6_9_or_12_digits(code: str) -> None:
    valid = len(code) in (2, 4, 6, 9, 12)
    assert (region_code_error(code) is None) == valid
    for model, record in (
        (Household, {**HOUSEHOLD, "region_code": code}),
        (Member, {"户编号": "H1", "行政区划代码": code}),
    ):
        if valid:
            assert model.model_validate(record).region_code == code
            continue
        with pytest.raises(ValidationError) as info:
            model.model_validate(record)
        message = str(info.value)
        assert f"行政区划代码 has {len(code)} digit" in message and "2, 4, 6, 9 or 12 digits" in message
        assert MOBILE not in message


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_both_engines_refuse_the_same_codes_with_the_same_reason_masked(tmp_path: Path, lang: str) -> None:
    """Codes of every length 1-13, a mobile number, full-width digits and a space: both engines write the
    same bytes; a code of 2, 4, 6, 9 or 12 digits is scored, any other refused with its length and the
    lengths accepted, in the run's language, the mobile number masked; one in full-width digits for them."""
    codes = [*CODES, MOBILE, "532328".translate(FULL_WIDTH), "5323 28", "532328.0"]
    source = tmp_path / "in.csv"
    source.write_text(
        "\n".join([HEADER, *(f"H{n},{code},脱贫户,2,10000,0,0,0" for n, code in enumerate(codes))]) + "\n",
        encoding="utf-8",
    )
    _scored_on_both_engines(source, tmp_path, lang)
    scored = [row["region_code"] for row in read_csv(tmp_path / "batch.csv")]
    assert scored == [c for c in CODES if len(c) in REGION_LENGTHS] + ["532328"]
    rejected = read_csv(tmp_path / "batch-errors.csv")
    assert [row["household_id"] for row in rejected] == [
        f"H{n}" for n, code in enumerate(codes) if code not in scored and code != "532328.0"
    ]
    by_id = {row["household_id"]: row for row in rejected}
    phone = by_id[f"H{codes.index(MOBILE)}"]
    assert phone["value"] == "1391***5670"
    written = (tmp_path / "batch.csv").read_text("utf-8") + (tmp_path / "batch-errors.csv").read_text("utf-8")
    assert MOBILE not in written
    if lang == "zh":
        assert phone["reason"].startswith("行政区划代码有 11 位数字；区划代码为 2、4、6、9 或 12 位（省/市/县/乡/村）")
        assert by_id["H0"]["reason"].startswith("行政区划代码有 1 位数字；")
        assert by_id["H14"]["reason"].startswith("使用了全角数字或符号")  # named as the cause: the user sees digits
        assert by_id["H15"]["reason"].startswith("不是行政区划代码；请填写 2、4、6、9 或 12 位数字")
    else:
        assert phone["reason"].startswith(
            "region_code (行政区划代码) has 11 digits; a division code has 2, 4, 6, 9 or 12 digits"
        )
        assert by_id["H0"]["reason"].startswith("region_code (行政区划代码) has 1 digit;")
        assert by_id["H14"]["reason"].startswith("written with full-width digits")
        assert by_id["H15"]["reason"].startswith("not a region code (行政区划代码)")


def _region_option_refused(tmp_path: Path, code: str, capsys: pytest.CaptureFixture[str]) -> str:
    """``fanpin score`` of a file without 行政区划代码 with ``--region code``: refused by argparse (exit 2), nothing
    written; its message."""
    source = tmp_path / "in.csv"
    source.write_text(HEADER.replace("行政区划代码,", "") + "\nH1,脱贫户,2,10000,0,0,0\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        run_cli("score", source, "--as-of", "2025-06-30", "--region", code, "--out", tmp_path / "o.csv")
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and not (tmp_path / "o.csv").exists()
    return err


@pytest.mark.parametrize("code", [MOBILE, "5323281", "53232810", "5323281012", "1", "532"])
def test_the_region_option_and_argument_refuse_other_lengths(
    tmp_path: Path, code: str, capsys: pytest.CaptureFixture[str]
) -> None:
    err = _region_option_refused(tmp_path, code, capsys)
    assert f"has {len(code)} digit" in err and "2, 4, 6, 9 or 12 digits" in err, err
    assert MOBILE not in err
    with pytest.raises(ConfigError) as info:
        checked_region(code)
    assert "2, 4, 6, 9 or 12 digits" in str(info.value) and info.value.fix


@pytest.mark.parametrize("code", [c for c in CODES if len(c) in REGION_LENGTHS])
def test_the_region_option_takes_a_division_code(code: str) -> None:
    assert checked_region(code) == code


def _scored_on_both_engines(source: Path, tmp_path: Path, lang: str) -> list[str]:
    """``fanpin score`` of ``source`` on each engine (rows refused: exit 3), the same bytes written by both into
    ``tmp_path`` (``batch.csv``, ``batch-errors.csv`` …); each run's messages."""
    written, said = {}, []
    for engine in ("durable", "batch"):
        out, errors = tmp_path / f"{engine}.csv", tmp_path / f"{engine}-errors.csv"
        run = run_cli("score", source, "--as-of", "2025-06-30", "--lang", lang, "--engine", engine,
                      "--out", out, "--errors", errors)  # fmt: skip
        assert run.code == 3, run.err  # rows were rejected
        written[engine] = (out.read_bytes(), errors.read_bytes())
        said.append(run.err)
    assert written["durable"] == written["batch"]
    return said


def _refused_at_load(tmp_path: Path, region: str) -> tuple[Path, FanpinError]:
    """A county folder whose parameter value is for ``region``, and the error loading it raises."""
    folder = tmp_path / "county"
    folder.mkdir()
    (folder / "parameters.yaml").write_text(
        "parameters:\n  monitoring_line:\n    label: 防止返贫监测范围（人均纯收入）\n    unit: money\n    values:\n"
        f'      - {{region: "{region}", from: 2025-01-01, value: 9000, source: "a test"}}\n',
        encoding="utf-8",
    )
    with pytest.raises(FanpinError) as info:
        load_rulebook(folder)
    return folder, info.value


@pytest.mark.parametrize(("region", "line"), [("5323281", 6), (MOBILE, 6), ("53 23", 6)])
def test_a_parameter_value_for_a_region_of_another_length_is_refused_at_load(
    tmp_path: Path, region: str, line: int
) -> None:
    """A value for region ``5323281`` would never apply to a household (whose codes have 2, 4, 6, 9 or
    12 digits): refused at load with its file, line and fix."""
    folder, error = _refused_at_load(tmp_path, region)
    assert "parameters.monitoring_line.values.0.region" in str(error) and "2, 4, 6, 9 or 12 digits" in str(error)
    assert error.path.endswith("parameters.yaml") and error.line == line
    assert error.fix and "省/市/县/乡/村" in error.fix
    run = run_cli("check", folder)
    assert run.code == 2 and "2, 4, 6, 9 or 12 digits" in run.err and "Traceback" not in run.err


def test_rule_cases_name_a_division_code(tmp_path: Path) -> None:
    folder = tmp_path / "county"
    folder.mkdir()
    (folder / "local.yaml").write_text('case_defaults: {region: "5323281", as_of: 2025-06-30}\nrules: []\n')
    with pytest.raises(FanpinError) as info:
        load_rulebook(folder)
    assert "case_defaults.region" in str(info.value) and "has 7 digits" in str(info.value)
    assert info.value.line == 1


# ---- the first two digits: a province (GB/T 2260) -------------------------------------------------------------

#: Codes of a division code's length whose first two digits name no province the monitoring covers: 99, 00 and
#: 81 香港, 71 台湾 (GB/T 2260 codes with no rural monitoring: refused, README "Region codes").
NO_PROVINCE = ["99", "990101", "000000", "9901", "990101001", "990101001001", "810000", "7101"]
#: Codes of several provinces and levels: 11 北京, 13 河北, 44 广东, 53 云南, 54 西藏, 65 新疆.
PROVINCE_CODES_SEEN = ["11", "110101", "1301", "440305", "532328101203", "540102001", "65"]


@pytest.mark.parametrize("code", NO_PROVINCE)
def test_the_models_refuse_a_code_of_no_province(code: str) -> None:
    """99, 990101 and 000000 had been taken, and scored with the national parameters: refused with the two
    digits, the provinces' codes and the fix."""
    assert region_code_error(code) is not None and not is_region_code(code)
    for model, record in (
        (Household, {**HOUSEHOLD, "region_code": code}),
        (Member, {"户编号": "H1", "行政区划代码": code}),
    ):
        with pytest.raises(ValidationError) as info:
            model.model_validate(record)
        message = str(info.value)
        assert f"the first two digits of 行政区划代码, {code[:2]}, name none of the 31 provinces" in message, message
        assert "11-15, 21-23, 31-37, 41-46, 50-54, 61-65" in message and "check the code" in message


@pytest.mark.parametrize("code", PROVINCE_CODES_SEEN)
def test_the_models_and_options_take_codes_of_several_provinces(code: str) -> None:
    assert region_code_error(code) is None and is_region_code(code) and checked_region(code) == code
    assert Household.model_validate({**HOUSEHOLD, "region_code": code}).region_code == code
    assert Member.model_validate({"户编号": "H1", "行政区划代码": code}).region_code == code


def test_the_provinces_are_the_31_of_gb_t_2260_the_monitoring_covers() -> None:
    assert len(PROVINCES) == 31 and set(PROVINCES) == PROVINCE_CODES
    assert {"11", "53", "65"} <= PROVINCE_CODES and not {"00", "10", "71", "81", "82", "99"} & PROVINCE_CODES
    assert (PROVINCES["53"], PROVINCES["52"], PROVINCES["15"]) == ("云南", "贵州", "内蒙古")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("layout", ["table", "export"])
def test_both_engines_refuse_a_code_of_no_province_in_both_layouts(tmp_path: Path, lang: str, layout: str) -> None:
    """A household table's 行政区划代码 and a person-level export's: codes of no province refused on both
    engines alike (the same bytes), with the two digits and the fix in the run's language; codes of several
    provinces scored."""
    codes = [*NO_PROVINCE, "990101.0", *PROVINCE_CODES_SEEN]
    source = tmp_path / "in.csv"
    if layout == "table":
        lines = [HEADER, *(f"H{n},{code},脱贫户,2,10000,0,0,0" for n, code in enumerate(codes))]
    else:  # a synthetic export, its households' member rows given 行政区划代码 (household n: codes[n])
        with write_person_export_csv(tmp_path / "export.csv", len(codes)).open(encoding="utf-8") as export:
            rows = list(csv.reader(export))
        key = rows[2].index("户编号")
        order = list(dict.fromkeys(row[key] for row in rows[3:]))
        codes_of = {household: codes[n] for n, household in enumerate(order)}
        text = io.StringIO()
        csv.writer(text, lineterminator="\n").writerows(
            [*rows[:2], [*rows[2], "行政区划代码"], *([*row, codes_of[row[key]]] for row in rows[3:])]
        )
        lines = text.getvalue().splitlines()
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for err in _scored_on_both_engines(source, tmp_path, lang):
        assert "region 99" not in err and "region 00" not in err and "region 81" not in err, err
    assert [row["region_code"] for row in read_csv(tmp_path / "batch.csv")] == PROVINCE_CODES_SEEN
    rejected = read_csv(tmp_path / "batch-errors.csv")
    refused = {row["household_id"]: row["reason"] for row in rejected}
    if layout == "table":
        codes_of = {f"H{n}": code for n, code in enumerate(codes)}
    assert {codes_of[h] for h in refused} == {*NO_PROVINCE, "990101.0"}, rejected
    for household, reason in refused.items():
        code = codes_of[household]
        if lang == "zh":
            assert reason == (
                f"行政区划代码的前两位 {code[:2]} 不是监测覆盖的 31 个省级行政区的代码；区划代码以所在省级行政区的代码"
                "开头（GB/T 2260）：11-15、21-23、31-37、41-46、50-54、61-65（53 云南、52 贵州……）；请核对该代码"
            )
        else:
            assert reason == (
                f"the first two digits of region_code (行政区划代码), {code[:2]}, name none of the 31 provinces of the "
                "monitoring; a division code starts with its province's code (GB/T 2260): 11-15, 21-23, 31-37, "
                "41-46, 50-54, 61-65 (53 云南, 52 贵州, …); check the code"
            )


@pytest.mark.parametrize("code", ["99", "000000", "990101", "810000", "990101001001"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_region_option_and_argument_refuse_a_code_of_no_province(
    tmp_path: Path, code: str, lang: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """--region 99 had been taken: every household scored with the national parameters, the warnings asking for
    values of region 99. Refused now in the language of the messages, as region= of the library is."""
    monkeypatch.setenv("FANPIN_MESSAGES", lang)
    err = _region_option_refused(tmp_path, code, capsys)
    said = {
        "en": f"argument --region: '{code}': its first two digits, {code[:2]}, name none of the 31 provinces of "
        "the monitoring; a division code starts with its province's code (GB/T 2260): 11-15, 21-23, 31-37, 41-46, "
        "50-54, 61-65 (53 云南, 52 贵州, …); check the code",
        "zh": f"参数 --region：'{code}' 的前两位 {code[:2]} 不是监测覆盖的 31 个省级行政区的代码；区划代码以所在"
        "省级行政区的代码开头（GB/T 2260）：11-15、21-23、31-37、41-46、50-54、61-65（53 云南、52 贵州……）；"
        "请核对该代码",
    }
    assert said[lang] in err, err
    with pytest.raises(ConfigError) as info:
        checked_region(code)
    assert f"its first two digits, {code[:2]}, name none of the 31 provinces" in str(info.value) and info.value.fix


@pytest.mark.parametrize("code", ["99", "000000"])
def test_the_host_apis_region_refuses_a_code_of_no_province(code: str, engine: Engine, batch: BatchEngine) -> None:
    """Scorer's and both engines' region= (a household without 行政区划代码 is scored in it)."""
    record = {k: v for k, v in HOUSEHOLD.items() if k != "region_code"}
    household = Household.model_validate(record)
    calls: list[Callable[[], object]] = [
        lambda: Scorer().score([record], as_of=date(2025, 6, 30), region=code),
        lambda: Scorer().assess(record, as_of=date(2025, 6, 30), region=code),
        lambda: engine.evaluate(household, as_of=date(2025, 6, 30), region=code),
        lambda: engine.evaluate_facts({"income_per_capita": 9000}, as_of=date(2025, 6, 30), region=code),
        lambda: batch.evaluate([{"income_per_capita": 9000}], as_of=date(2025, 6, 30), region=code),
    ]
    for call in calls:
        with pytest.raises(ConfigError) as info:
            call()
        assert f"region: '{code}': its first two digits, {code[:2]}, name none" in str(info.value)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("region", ["99", "000000", "990101", "810000"])
def test_a_parameter_value_or_case_for_a_region_of_no_province_is_refused(
    tmp_path: Path, region: str, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A value for region 99 applies to no household: refused at load and by fanpin check, with its file, line,
    the two digits and the fix; and a case's region."""
    monkeypatch.setenv("FANPIN_MESSAGES", lang)
    folder, error = _refused_at_load(tmp_path, region)
    assert "parameters.monitoring_line.values.0.region" in str(error), error
    assert f"region '{region}': its first two digits, {region[:2]}, name none of the 31 provinces" in str(error)
    assert error.path.endswith("parameters.yaml") and error.line == 6
    run = run_cli("check", folder)
    said = {
        "en": f"region '{region}': its first two digits, {region[:2]}, name none of the 31 provinces",
        "zh": f"地区代码 '{region}' 的前两位 {region[:2]} 不是监测覆盖的 31 个省级行政区的代码；区划代码以所在省级",
    }
    assert run.code == 2 and said[lang] in run.err and "Traceback" not in run.err, run.err
    (folder / "parameters.yaml").unlink()
    (folder / "local.yaml").write_text(f'case_defaults: {{region: "{region}", as_of: 2025-06-30}}\nrules: []\n')
    with pytest.raises(FanpinError) as info:
        load_rulebook(folder)
    assert "case_defaults.region" in str(info.value) and f"its first two digits, {region[:2]}" in str(info.value)
    assert info.value.line == 1
