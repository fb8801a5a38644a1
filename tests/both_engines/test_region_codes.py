"""A region code (行政区划代码, ``--region``, ``region=``, a parameter value's ``region``) has 2, 4, 6, 9 or
12 digits: the division code of a province, prefecture, county, township or village (fanpin.regions).

A mobile number typed into 行政区划代码 (``13912345670``, 11 digits) was accepted: scored with the
parameters of region 13 (Hebei) and written unmasked in the output, the report and as a sheet name.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from fanpin import ConfigError, Household, load_rulebook
from fanpin.arguments import checked_region
from fanpin.errors import FanpinError
from fanpin.model.member import Member
from fanpin.regions import REGION_LENGTHS, region_code_error
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
    written = {}
    for engine in ("durable", "batch"):
        out, errors = tmp_path / f"{engine}.csv", tmp_path / f"{engine}-errors.csv"
        run = run_cli("score", source, "--as-of", "2025-06-30", "--lang", lang, "--engine", engine,
                      "--out", out, "--errors", errors)  # fmt: skip
        assert run.code == 3, run.err  # rows were rejected
        written[engine] = (out.read_bytes(), errors.read_bytes())
    assert written["durable"] == written["batch"]
    scored = [row["region_code"] for row in read_csv(tmp_path / "batch.csv")]
    assert scored == [c for c in CODES if len(c) in REGION_LENGTHS] + ["532328"]
    rejected = read_csv(tmp_path / "batch-errors.csv")
    assert [row["household_id"] for row in rejected] == [
        f"H{n}" for n, code in enumerate(codes) if code not in scored and code != "532328.0"
    ]
    by_id = {row["household_id"]: row for row in rejected}
    phone = by_id[f"H{codes.index(MOBILE)}"]
    assert phone["value"] == "1391***5670"
    assert MOBILE not in written["batch"][0].decode() + written["batch"][1].decode()
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


@pytest.mark.parametrize("code", [MOBILE, "5323281", "53232810", "5323281012", "1", "532"])
def test_the_region_option_and_argument_refuse_other_lengths(
    tmp_path: Path, code: str, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.csv"
    source.write_text(HEADER.replace("行政区划代码,", "") + "\nH1,脱贫户,2,10000,0,0,0\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        run_cli("score", source, "--as-of", "2025-06-30", "--region", code, "--out", tmp_path / "o.csv")
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and not (tmp_path / "o.csv").exists()
    assert f"has {len(code)} digit" in err and "2, 4, 6, 9 or 12 digits" in err, err
    assert MOBILE not in err
    with pytest.raises(ConfigError) as info:
        checked_region(code)
    assert "2, 4, 6, 9 or 12 digits" in str(info.value) and info.value.fix


@pytest.mark.parametrize("code", [c for c in CODES if len(c) in REGION_LENGTHS])
def test_the_region_option_takes_a_division_code(code: str) -> None:
    assert checked_region(code) == code


@pytest.mark.parametrize(("region", "line"), [("5323281", 6), (MOBILE, 6), ("53 23", 6)])
def test_a_parameter_value_for_a_region_of_another_length_is_refused_at_load(
    tmp_path: Path, region: str, line: int
) -> None:
    """A value for region ``5323281`` would never apply to a household (whose codes have 2, 4, 6, 9 or
    12 digits): refused at load with its file, line and fix."""
    folder = tmp_path / "county"
    folder.mkdir()
    (folder / "parameters.yaml").write_text(
        "parameters:\n  monitoring_line:\n    label: 防止返贫监测范围（人均纯收入）\n    unit: money\n    values:\n"
        f'      - {{region: "{region}", from: 2025-01-01, value: 9000, source: "a test"}}\n',
        encoding="utf-8",
    )
    with pytest.raises(FanpinError) as info:
        load_rulebook(folder)
    error = info.value
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
