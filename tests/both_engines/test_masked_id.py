"""An ID number that arrives masked (``532328********1234``, as fanpin itself and other systems mask them) is no
number typed wrong: its check cannot be made, so it is unknown, not invalid, on both engines and in both
layouts. It had fired data.id_number_invalid (the head's number "fails its check"), and in an export the data
checks of a malformed number."""

from __future__ import annotations

import csv
from pathlib import Path

from fanpin.model.member import Member
from fanpin.model.vocabulary import IdCardKind
from fanpin.synthetic import write_person_export_csv
from tests.helpers import read_csv, score_file, write_rows

_HEADER = "户编号,行政区划代码,户类型,家庭人口数,工资性收入,生产经营性收入,财产性收入,转移性收入,户主证件号码"
_MASKED = "532328********1234"


def test_a_household_tables_masked_head_id_number_is_unknown(tmp_path: Path, engine_name: str) -> None:
    source = write_rows(
        tmp_path / "in.csv",
        [
            _HEADER,
            f"H1,532328,脱贫户,2,1000,0,0,0,{_MASKED}",
            "H2,532328,脱贫户,2,1000,0,0,0,532328198001011234",  # its check character is wrong
            "H3,532328,脱贫户,2,1000,0,0,0,5323**********1233",  # as fanpin masks one
        ],
    )
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    run = score_file(source, out, errors, "--engine", engine_name, "--lang", "en")
    assert run.code == 0, run.err
    scored = {r["household_id"]: r for r in read_csv(out)}
    for masked in ("H1", "H3"):
        assert "data.id_number_invalid" not in scored[masked]["flags"]
        assert "data.id_number_invalid" in scored[masked]["not_evaluable"].split(";")
    assert "data.id_number_invalid" in scored["H2"]["flags"]


def test_an_exports_masked_id_number_is_unknown(tmp_path: Path, engine_name: str) -> None:
    source = write_person_export_csv(tmp_path / "export.csv", 2)
    with source.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    rows[7][rows[2].index("证件号码")] = _MASKED  # the head of the second household (line 8)
    with source.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    out, errors = tmp_path / "o.csv", tmp_path / "e.csv"
    run = score_file(source, out, errors, "--engine", engine_name, "--lang", "en", "--checks", "with")
    assert run.code == 0, run.err
    masked = read_csv(out)[1]
    found = masked["flags"].split(";") + masked["audit_findings"].split(";")
    assert not any(rule.startswith(("data.id_number", "checks.id_number", "checks.no_real_id")) for rule in found)
    assert "data.id_number_invalid" in masked["not_evaluable"].split(";")


def test_the_member_model_reads_its_kind_from_its_shape_and_leaves_the_rest_unknown() -> None:
    member = Member.model_validate({"户编号": "H1", "证件号码": _MASKED})
    assert (member.id_card_kind, member.id_valid, member.birth_date, member.sex) == (
        IdCardKind.ID_CARD,
        None,
        None,
        None,
    )
    card = Member.model_validate({"户编号": "H1", "证件号码": "5323**********123341"})
    assert (card.id_card_kind, card.id_valid, card.disability_category) == (IdCardKind.DISABILITY_CARD, None, 4)
    short = Member.model_validate({"户编号": "H1", "证件号码": "5323****1234"})  # not an ID number's shape
    assert (short.id_card_kind, short.id_valid) == (IdCardKind.MALFORMED, False)
