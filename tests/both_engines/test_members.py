"""Member scope — ``any``/``all``/``count``/``share`` over a household's members, member facts (age at the
evaluation date or a fixed one, facts from the ID number, measure columns), parameters and household facts
inside a member condition — in a fixture rulebook of local rules: their cases pass, the batch engine
agrees on every case, and both engines agree on generated households with generated members."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fanpin import Engine, Household, load_rulebook
from fanpin.batch import BatchEngine
from fanpin.check import run_cases
from fanpin.io.records import json_line, json_record
from fanpin.model.facts import household_facts, household_row
from fanpin.model.member_facts import MEMBER_FACTS, member_rows
from fanpin.pipeline import score_household
from fanpin.results.sentences import Lang, flag_text
from fanpin.rulebook import Rulebook
from fanpin.testing import households
from tests.helpers import AS_OF, REGION, SLOW, cases_on_both_engines, run_cli
from tests.paths import EXPORT_XLSX, FIXTURES


@pytest.fixture(scope="module")
def book() -> Rulebook:
    return load_rulebook(FIXTURES / "members")


@pytest.fixture(scope="module")
def engine(book: Rulebook) -> Engine:
    return Engine(book)


@pytest.fixture(scope="module")
def batch(book: Rulebook) -> BatchEngine:
    return BatchEngine(book)


def test_the_member_rules_cases_pass(book: Rulebook, engine: Engine) -> None:
    results = [r for r in run_cases(book, engine) if r.rule_id.startswith("local.")]
    assert len(results) == 72
    assert all(r.passed for r in results), [str(r) for r in results if not r.passed]


def test_the_member_rules_cases_agree_on_the_batch_engine(book: Rulebook, engine: Engine, batch: BatchEngine) -> None:
    """The batch engine scores the cases of a date and region in one call, their members with them."""
    local = [r for r in book.rules.values() if r.id.startswith("local.")]
    assert cases_on_both_engines(engine, batch, local) == 72


def test_a_household_without_members_leaves_member_rules_not_evaluable(engine: Engine, batch: BatchEngine) -> None:
    household = Household.model_validate(
        {"户编号": "H1", "户类型": "脱贫户", "家庭人口数": 3, "工资性收入": 9000, "生产经营性收入": 0,
         "财产性收入": 0, "转移性收入": 0}
    )  # fmt: skip
    a = engine.evaluate(household, as_of=AS_OF, region=REGION)
    local = [r for r in a.not_evaluable if r.startswith("local.")]
    assert "local.elderly_seriously_ill" in local and "local.roster_size" in local
    out = batch.evaluate([household_row(household)], as_of=AS_OF, region=REGION, members=[])
    assert out.row(0, named=True)["not_evaluable"] == list(a.not_evaluable)


#: A batch call costs about as much for one household as for twenty: an example scores up to 20 households (10 on
#: average) in one call. 15 examples by default score about as many households as 60 of up to 8 did, in a quarter
#: of the batch calls (drawing the households and their members is most of the rest); 3 000 with FANPIN_SLOW=1.
@settings(max_examples=3000 if SLOW else 15)
@given(
    st.integers(1, 20).flatmap(lambda n: st.lists(households(members=True), min_size=n, max_size=n)),
    st.sampled_from([AS_OF, date(2024, 2, 29)]),
    st.sampled_from(["zh", "en"]),
)
def test_both_engines_agree_on_households_with_members(
    engine: Engine, batch: BatchEngine, many: list[Household], as_of: date, lang: Lang
) -> None:
    out = batch.evaluate([household_row(h) for h in many], as_of=as_of, region=REGION, members=member_rows(many))
    for h, got in zip(many, out.iter_rows(named=True), strict=True):
        a = engine.evaluate(h, as_of=as_of, region=REGION)
        assert (got["flags"], got["not_evaluable"]) == (list(a.flag_ids), list(a.not_evaluable)), h.household_id
        # A member-scope rule's findings name the same members, in member order, on both engines.
        findings = [{"rule_id": f.rule_id, "members": list(f.members)} for f in a.flags if f.members]
        assert got["flag_members"] == findings
    # The JSON Lines records, sentences and their sources included, byte for byte. On 2024-02-29
    # local_child_age has no value yet: local.dependant_member fires for an elderly member by its other
    # branch, and its sentence ends with local_old_age's source alone (the batch engine had dropped it).
    lines = batch.score_json(many, as_of=as_of, region=REGION, lang=lang).get_column("json").to_list()
    want = [json_line(json_record(score_household(engine, h, as_of=as_of, region=REGION), lang)) for h in many]
    assert lines == want


def test_a_member_scope_rule_names_the_members_it_fired_for(engine: Engine, batch: BatchEngine) -> None:
    members = [{"证件号码": "532328195001011234"}, {"人编号": "P2", "证件号码": "53232819500101123X"}, {}]
    household = Household.model_validate(
        {"户编号": "H1", "户类型": "脱贫户", "家庭人口数": 3, "工资性收入": 9000, "生产经营性收入": 0,
         "财产性收入": 0, "转移性收入": 0, "members": [{"户编号": "H1", **m} for m in members]}
    )  # fmt: skip
    a = engine.evaluate(household, as_of=AS_OF, region=REGION)
    (flag,) = [f for f in a.flags if f.rule_id == "local.member_bad_id"]
    assert flag.members == ("5323**********1234",)  # masked; the valid number and the empty one are not findings
    assert "local.member_bad_id" not in a.not_evaluable  # one member fired: the third's unknown does not matter
    out = batch.evaluate([household_row(household)], as_of=AS_OF, region=REGION, members=member_rows([household]))
    assert out.row(0, named=True)["flag_members"] == [
        {"rule_id": "local.member_bad_id", "members": ["5323**********1234"]}
    ]


def test_household_facts_never_include_member_aggregates(book: Rulebook) -> None:
    """Aggregates are computed by the engines, never read from a household's own facts."""
    assert book.aggregates
    names = {a.name for a in book.aggregates}
    household = Household.model_validate(
        {"户编号": "H1", "户类型": "脱贫户", "家庭人口数": 3, "工资性收入": 9000, "生产经营性收入": 0,
         "财产性收入": 0, "转移性收入": 0}
    )  # fmt: skip
    assert names.isdisjoint(household_facts(household))


def _scored_on_both_engines(lines: list[str], tmp_path: Path) -> bytes:
    """An export of ``lines`` scored with the member fixture rules into JSON Lines on each engine: the
    bytes, checked to be the same on both."""
    source = tmp_path / "export.csv"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    written = {}
    for name in ("batch", "durable"):
        out = tmp_path / f"{name}.jsonl"
        run = run_cli(
            "score", source, "--as-of", AS_OF.isoformat(), "--rules", FIXTURES / "members", "--engine", name,
            "--out", out, "--errors", tmp_path / f"{name}.err.csv",
        )  # fmt: skip
        assert run.code == 0, run.err
        written[name] = out.read_bytes()
    assert written["batch"] == written["durable"]
    return written["batch"]


def test_an_export_scored_with_member_rules_names_members_masked_on_both_engines(tmp_path: Path) -> None:
    """Through the one pipeline: a person-level export, member rules from a rules folder, JSON Lines out —
    the same bytes on both engines, the finding naming its member by the masked ID number only."""
    header = "县,乡,村,户编号,行政区划代码,证件号码,与户主关系,户类型,工资性收入,生产经营性收入,财产性收入,转移性收入"
    lines = [
        header,
        "大姚县,金碧镇,龙街村,H1,532328,532328195001011234,户主,脱贫户,9000,0,0,0",
        "大姚县,金碧镇,龙街村,H1,532328,53232819500101123X,配偶,脱贫户,9000,0,0,0",
        "大姚县,金碧镇,龙街村,H2,532328,53232819500101123X,户主,一般户,20000,0,0,0",
    ]
    written = _scored_on_both_engines(lines, tmp_path)
    records = [json.loads(line) for line in written.decode().splitlines()]
    (finding,) = [f for f in records[0]["flags"] if f["rule_id"] == "local.member_bad_id"]
    assert finding["members"] == ["5323**********1234"]
    assert "532328195001011234" not in written.decode()
    assert not [f for f in records[1]["flags"] if f["rule_id"] == "local.member_bad_id"]


def test_personal_columns_are_never_facts_only_what_is_derived_from_them(tmp_path: Path) -> None:
    """户联系电话, 信息采集人 and 信息采集人联系电话 (household columns of the export) are personal data: a rule
    reads whether they are filled and whether a phone is a mobile number, never their text. An export that
    fills them scores on both engines (it used to stop with a traceback) and writes none of them."""
    assert not {"household_phone", "collector", "collector_phone", "phone", "name"} & MEMBER_FACTS.keys()
    header = (
        "县,乡,村,户编号,行政区划代码,证件号码,与户主关系,户类型,户联系电话,信息采集人,信息采集人联系电话,"
        "工资性收入,生产经营性收入,财产性收入,转移性收入"
    )
    lines = [
        header,
        "大姚县,金碧镇,龙街村,H1,532328,53232819500101123X,户主,脱贫户,0878-1234567,王某明,13812345678,9000,0,0,0",
        "大姚县,金碧镇,龙街村,H2,532328,532328198001011233,户主,一般户,13900001111,王某明,13812345678,20000,0,0,0",
        "大姚县,金碧镇,龙街村,H3,532328,532328199001011230,户主,一般户,13900002222,,,20000,0,0,0",
    ]
    written = _scored_on_both_engines(lines, tmp_path).decode()
    records = {r["household_id"]: r for r in map(json.loads, written.splitlines())}
    fired = {h: "local.contact_incomplete" in [f["rule_id"] for f in r["flags"]] for h, r in records.items()}
    assert fired == {"H1": True, "H2": False, "H3": True}
    for personal in ("0878-1234567", "王某明", "13812345678", "13900001111", "13900002222"):
        assert personal not in written


def test_values_repeated_across_the_file_are_found_by_a_pre_pass_on_both_engines(tmp_path: Path) -> None:
    """证件号码 on two member rows (any households) and a phone used by two households are findings; a phone
    shared by members of one household is not. Both engines write the same bytes."""
    header = (
        "县,乡,村,户编号,行政区划代码,证件号码,家庭成员联系电话,与户主关系,户类型,"
        "工资性收入,生产经营性收入,财产性收入,转移性收入"
    )
    lines = [
        header,
        "大姚县,金碧镇,龙街村,H1,532328,53232819500101123X,13812345678,户主,脱贫户,9000,0,0,0",
        "大姚县,金碧镇,龙街村,H1,532328,532328198001011233,13812345678,配偶,脱贫户,9000,0,0,0",
        "大姚县,金碧镇,龙街村,H2,532328,53232819500101123X,13900000000,户主,一般户,20000,0,0,0",
        "大姚县,金碧镇,龙街村,H3,532328,532328199001011230,13900000000,户主,一般户,20000,0,0,0",
    ]
    written = _scored_on_both_engines(lines, tmp_path)
    records = {r["household_id"]: r for r in map(json.loads, written.decode().splitlines())}

    def findings(household: str, rule: str) -> list[str]:
        return [m for f in records[household]["flags"] if f["rule_id"] == rule for m in f["members"]]

    assert findings("H1", "local.id_number_repeated") == ["5323**********123X"]
    assert findings("H2", "local.id_number_repeated") == ["5323**********123X"]
    assert findings("H3", "local.id_number_repeated") == []
    assert findings("H1", "local.phone_shared_across_households") == []
    assert findings("H2", "local.phone_shared_across_households") == ["5323**********123X"]
    assert findings("H3", "local.phone_shared_across_households") == ["5323**********1230"]
    assert "13900000000" not in written.decode()


def test_the_example_export_scores_with_member_rules_alike_on_both_engines(tmp_path: Path) -> None:
    """The full example export (every column, personal ones included) with the member fixture rules."""
    written = {}
    for name in ("batch", "durable"):
        out = tmp_path / f"{name}.jsonl"
        run = run_cli(
            "score", EXPORT_XLSX, "--as-of", AS_OF.isoformat(), "--region", REGION, "--rules", FIXTURES / "members",
            "--engine", name, "--out", out, "--errors", tmp_path / f"{name}.err.csv",
        )  # fmt: skip
        assert run.code == 3, run.err  # the example holds a few deliberately invalid rows
        written[name] = out.read_bytes()
    assert written["batch"] == written["durable"]
    fired = {f["rule_id"] for line in written["batch"].decode().splitlines() for f in json.loads(line)["flags"]}
    assert {"local.few_workers", "local.mostly_elderly", "local.elderly_seriously_ill"} <= fired


def test_no_personal_column_is_a_member_fact() -> None:
    from fanpin.model.export_columns import EXPORT_PII_FIELDS
    from fanpin.model.member import Member
    from fanpin.model.member_facts import MEMBER_FACTS

    personal = {n for n, f in Member.model_fields.items() if "Pii" in str(f.annotation)}
    assert personal == EXPORT_PII_FIELDS
    assert personal.isdisjoint(MEMBER_FACTS)


def test_a_parameter_inside_a_member_condition_is_stated_with_its_region_value(tmp_path: Path) -> None:
    """A member condition's test reads yes or no, so its parameter was shown by label alone (``年龄（周岁）
    ≥ 老年人年龄（测试用）``): a reader could not see the age the rule used. It is stated with the value of the
    household's region, on both engines, in both languages."""
    folder = tmp_path / "rules"
    folder.mkdir()
    source = (FIXTURES / "members" / "local.yaml").read_text(encoding="utf-8")
    other = '      - {region: "13", from: 2000-01-01, value: 65, source: 测试参数, note: a test parameter}\n'
    marker = '      - {region: "", from: 2000-01-01, value: 60, source: 测试参数, note: a test parameter}\n'
    assert marker in source
    (folder / "local.yaml").write_text(source.replace(marker, marker + other), encoding="utf-8")
    book = load_rulebook(folder)
    engine, batch = Engine(book), BatchEngine(book)
    ill = [{"出生日期": "1950-01-01", "健康状况": "患有大病"}]
    for region, age in ((REGION, "60"), ("130102", "65")):
        household = Household.model_validate(
            {"户编号": "H1", "户类型": "脱贫户", "家庭人口数": 1, "工资性收入": 9000, "生产经营性收入": 0,
             "财产性收入": 0, "转移性收入": 0, "行政区划代码": region,
             "members": [{"户编号": "H1", **m} for m in ill]}
        )  # fmt: skip
        for lang, shown in (
            ("zh", f"年龄（周岁） ≥ 老年人年龄（测试用） {age} 且"),
            ("en", f"age >= old age (test) {age} and"),
        ):
            flag = next(
                f for f in engine.evaluate(household, as_of=AS_OF).flags if f.rule_id == "local.elderly_seriously_ill"
            )
            text = flag_text(flag, lang)  # type: ignore[arg-type]
            assert shown in text, text
            row = batch.score([household], as_of=AS_OF, lang=lang).row(0, named=True)  # type: ignore[arg-type]
            assert text in row["explanation"], (text, row["explanation"])


def test_a_parameter_without_a_value_inside_a_member_condition_that_held_says_so_alike(tmp_path: Path) -> None:
    """A member condition held by one of its branches while a parameter of another has no value for the
    region: the batch engine wrote an empty sentence and listed the parameter with null fields, the
    per-household one its bare name; both now name it by its label, without a value, and list only the
    parameters that have one (the same bytes, in both languages)."""
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "local.yaml").write_text(
        'case_defaults: {region: "532328", as_of: 2025-06-30}\n'
        "parameters:\n  elder_age_line:\n    label: 老年年龄线\n    label_en: elderly age line\n    unit: years\n"
        '    values:\n      - {region: "53", from: 2000-01-01, value: 60, source: 测试}\n'
        "rules:\n  - id: local.elder_or_ill\n    title: {zh: 有老人或大病, en: elder or ill}\n    level: info\n"
        '    kind: audit\n    when: any(members, age >= elder_age_line or health == "患有大病")\n    basis: test\n'
        "    cases:\n      - {name: a, members: [{出生日期: 1950-01-01}], expect: fires}\n"
        "      - {name: b, members: [{出生日期: 2000-01-01, 健康状况: 健康}], expect: silent}\n"
        "      - {name: c, facts: {}, expect: not_evaluable}\n",
        encoding="utf-8",
    )
    source = tmp_path / "export.csv"
    source.write_text(
        "户编号,行政区划代码,证件号码,与户主关系,户类型,健康状况,工资性收入,生产经营性收入,财产性收入,转移性收入\n"
        "H1,130102,130102199001011234,户主,脱贫户,患有大病,9000,0,0,0\n",
        encoding="utf-8",
    )
    for lang, said in (
        ("zh", "「年龄（周岁） ≥ 老年年龄线 （无取值） 或"),
        ("en", "age >= elderly age line (no value) or"),
    ):
        written = {}
        for name in ("batch", "durable"):
            out = tmp_path / f"{name}.jsonl"
            run = run_cli(
                "score", source, "--as-of", AS_OF.isoformat(), "--rules", folder, "--engine", name, "--lang", lang,
                "--out", out, "--errors", tmp_path / f"{name}.err.csv",
            )  # fmt: skip
            assert run.code == 0, run.err
            written[name] = out.read_bytes()
        assert written["batch"] == written["durable"]
        (flag,) = [f for f in json.loads(written["batch"])["flags"] if f["rule_id"] == "local.elder_or_ill"]
        assert flag["explanation"][0]["parameters"] == []
        assert said in json.loads(written["batch"])["explanation"][-1]


#: A household check and two member checks, each of two tests joined by ``or``, one test's parameter in force
#: from 2030 only: on 2025-06-30 each rule fires by its other test.
_ONE_PARAMETER_NOT_YET_IN_FORCE = """\
case_defaults: {region: "532328", as_of: 2025-06-30}
parameters:
  low_wage:
    label: 工资下限
    label_en: lowest wage
    unit: money
    values:
      - {region: "53", from: 2000-01-01, value: 1000, source: 下限文件, source_en: floor notice}
  high_wage:
    label: 工资上限
    label_en: highest wage
    unit: money
    values:
      - {region: "53", from: 2030-01-01, value: 90000, source: 上限文件, source_en: ceiling notice}
  child_age:
    label: 儿童年龄线
    label_en: child age line
    unit: years
    values:
      - {region: "53", from: 2030-01-01, value: 6, source: 儿童文件, source_en: child notice}
  old_age:
    label: 老年年龄线
    label_en: old age line
    unit: years
    values:
      - {region: "53", from: 2000-01-01, value: 60, source: 老年文件, source_en: old-age notice}
rules:
  - id: local.wage_out_of_range
    title: {zh: 工资异常, en: wage out of range}
    level: info
    kind: audit
    when: wage_income < low_wage or wage_income > high_wage
    basis: test
    cases:
      - {name: low, facts: {wage_income: 10}, expect: fires}
      - {name: within, facts: {wage_income: 5000}, as_of: 2031-01-01, expect: silent}
      - {name: unknown, facts: {}, expect: not_evaluable}
  - id: local.child_or_elder
    title: {zh: 有儿童或老人, en: a child or an elder}
    level: info
    kind: audit
    when: any(members, age < child_age or age >= old_age)
    basis: test
    cases:
      - {name: elder, members: [{出生日期: 1950-01-01}], expect: fires}
      - {name: adult, members: [{出生日期: 1990-01-01}], as_of: 2031-01-01, expect: silent}
      - {name: not given, expect: not_evaluable}
  - id: local.child_or_elder_member
    title: {zh: 儿童或老人, en: child or elder}
    level: info
    kind: audit
    scope: member
    when: age < child_age or age >= old_age
    basis: test
    cases:
      - {name: elder, members: [{出生日期: 1950-01-01}], expect: fires}
      - {name: adult, members: [{出生日期: 1990-01-01}], as_of: 2031-01-01, expect: silent}
      - {name: not given, expect: not_evaluable}
"""


#: What the three rules say of that household: each sentence ends with the source of the parameter it used.
_SAID_WITHOUT_ONE_PARAMETER = {
    "zh": (
        "工资异常：工资性收入 10 元 < 工资下限 1000 元（依据：下限文件）",
        "有儿童或老人：有成员满足「年龄（周岁） < 儿童年龄线 （无取值） 或 年龄（周岁） ≥ 老年年龄线 60」 为 是"
        "（依据：老年文件）",
        "儿童或老人：有成员满足「年龄（周岁） < 儿童年龄线 （无取值） 或 年龄（周岁） ≥ 老年年龄线 60」 为 是"
        "（依据：老年文件）",
    ),
    "en": (
        "wage out of range: wage_income 10 yuan < lowest wage 1000 yuan (source: floor notice)",
        "a child or an elder: any(members, age < child age line (no value) or age >= old age line 60) is yes"
        " (source: old-age notice)",
        "child or elder: any(members, age < child age line (no value) or age >= old age line 60) is yes"
        " (source: old-age notice)",
    ),
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_member_condition_held_beside_a_parameter_without_a_value_names_the_others_source_alike(
    tmp_path: Path, lang: Lang
) -> None:
    """A member condition (``any(members, …)``, a member-scope rule) held by one branch while the other reads a
    parameter with no value yet: the per-household engine ended the sentence with the source of the parameter
    that was used, as it does for a household check held so; the batch engine left the source out (whether two
    parameters share a source was unknown when one had no value, so neither source counted as new)."""
    (tmp_path / "local.yaml").write_text(_ONE_PARAMETER_NOT_YET_IN_FORCE, encoding="utf-8")
    book = load_rulebook(tmp_path)
    household = Household.model_validate(
        {"户编号": "H1", "行政区划代码": REGION, "户类型": "脱贫户", "家庭人口数": 1, "工资性收入": 10,
         "生产经营性收入": 0, "财产性收入": 0, "转移性收入": 0, "members": [{"户编号": "H1", "出生日期": "1950-01-01"}]}
    )  # fmt: skip
    durable = json_line(json_record(score_household(Engine(book), household, as_of=AS_OF), lang))
    (batch,) = BatchEngine(book).score_json([household], as_of=AS_OF, lang=lang).get_column("json").to_list()
    assert batch == durable
    explanation = json.loads(batch)["explanation"]
    for said in _SAID_WITHOUT_ONE_PARAMETER[lang]:
        assert said in explanation, explanation


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_primary_pupil_check_before_its_upper_age_names_the_entry_ages_source_alike(lang: Lang) -> None:
    """The report: checks.primary_pupil_age on 2014-03-12, when school_entry_age is in force and primary_age_max
    (from 2021) is not, for a pupil of 4 — the batch engine's sentence lacked the source of the entry age."""
    book = load_rulebook(checks="only")
    household = Household.model_validate(
        {"户编号": "H1", "行政区划代码": REGION, "户类型": "脱贫户", "家庭人口数": 1, "工资性收入": 0,
         "生产经营性收入": 0, "财产性收入": 0, "转移性收入": 0,
         "members": [{"户编号": "H1", "出生日期": "2010-01-01", "在校生状况": "小学"}]}
    )  # fmt: skip
    as_of = date(2014, 3, 12)
    durable = json_line(json_record(score_household(Engine(book), household, as_of=as_of), lang))
    (batch,) = BatchEngine(book).score_json([household], as_of=as_of, lang=lang).get_column("json").to_list()
    assert batch == durable
    (sentence,) = [
        s for s in json.loads(batch)["explanation"] if s.startswith(("脱贫人口（监测对象人口）小学", "Primary"))
    ]
    source = (
        "（依据：《中华人民共和国义务教育法》第十一条"
        if lang == "zh"
        else " (source: Compulsory Education Law of the PRC"
    )
    assert source in sentence, sentence
