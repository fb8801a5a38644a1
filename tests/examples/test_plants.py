"""The example export plants a finding for every code of the data-check pack (examples/plants.py): scored with
the pack on either engine, each code finds exactly the rows planted for it — no more (the base households and
the near misses stay silent), no fewer — and every code of the pack has a plant or a stated reason why not."""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Iterable
from types import ModuleType

import pytest

from fanpin import Engine, HouseholdType, load_rulebook
from fanpin.batch import BatchEngine
from fanpin.io import ExportHousehold, read_export
from fanpin.io.export import UNIQUE_FIELDS
from fanpin.model.facts import household_row
from fanpin.model.household import Household
from fanpin.model.member_facts import member_reference, member_rows
from fanpin.rulebook import Rulebook
from tests.examples.conftest import load_example
from tests.helpers import AS_OF, REGION
from tests.paths import EXPORT_XLSX

#: The base households of the committed export (make_export.py's default).
BASE_HOUSEHOLDS = 100
#: A finding: 户编号 and the member it names (None: a household finding).
Row = tuple[str, str | None]
Found = dict[str, set[Row]]


@pytest.fixture(scope="module")
def make_export() -> ModuleType:
    return load_example("make_export")


@pytest.fixture(scope="module")
def plants(make_export: ModuleType) -> ModuleType:
    return sys.modules["plants"]  # imported by make_export.py from beside it


@pytest.fixture(scope="module")
def book() -> Rulebook:
    return load_rulebook(checks="only")


@pytest.fixture(scope="module")
def households() -> list[ExportHousehold]:
    _, items = read_export(EXPORT_XLSX, region=REGION, unique=list(UNIQUE_FIELDS))  # as fanpin score reads it
    return [item for item in items if isinstance(item, ExportHousehold)]


def pack_codes(book: Rulebook) -> set[str]:
    return {code for rule in book.rules.values() for code in rule.spec.codes}


def codes_for(book: Rulebook, rule_id: str, household: Household) -> list[str]:
    """The codes a finding of ``rule_id`` is raised under: those whose population the household is in."""
    population = {
        "全部": True,
        "脱贫户": household.household_type is HouseholdType.FORMERLY_POOR,
        "监测对象": household.monitored,
    }
    return [code for code, who in book.rules[rule_id].spec.codes.items() if population[who]]


def planted(make_export: ModuleType, households: list[ExportHousehold]) -> Found:
    by_id = {h.household.household_id: h for h in households}
    out: Found = defaultdict(set)
    for n, spec, _ in make_export.planted(BASE_HOUSEHOLDS):
        hid = make_export.plant_place(n)[2]
        assert hid in by_id, f"the plant {spec.name!r} ({hid}) is not a scored household of the example export"
        members = by_id[hid].members
        for code, positions in spec.fires.items():
            out[code] |= {(hid, member_reference(members[p - 1], p)) for p in positions} or {(hid, None)}
    return out


def _collect(book: Rulebook, findings: Iterable[tuple[Household, str, list[str]]]) -> Found:
    out: Found = defaultdict(set)
    for household, rule_id, who in findings:
        for code in codes_for(book, rule_id, household):
            out[code] |= {(household.household_id, w) for w in who} or {(household.household_id, None)}
    return out


def found_durable(book: Rulebook, households: list[Household]) -> Found:
    engine = Engine(book)
    return _collect(
        book,
        (
            (h, flag.rule_id, list(flag.members))
            for h in households
            for flag in engine.evaluate(h, as_of=AS_OF, region=REGION).flags
        ),
    )


def found_batch(book: Rulebook, households: list[Household]) -> Found:
    out = BatchEngine(book).evaluate(
        [household_row(h) for h in households], as_of=AS_OF, region=REGION, members=member_rows(households)
    )
    findings = []
    for h, row in zip(households, out.iter_rows(named=True), strict=True):
        who = {f["rule_id"]: list(f["members"]) for f in row["flag_members"] or []}
        findings += [(h, rule_id, who.get(rule_id, [])) for rule_id in row["flags"]]
    return _collect(book, findings)


def test_every_code_of_the_pack_has_a_plant(
    book: Rulebook, make_export: ModuleType, plants: ModuleType, households: list[ExportHousehold]
) -> None:
    codes = pack_codes(book)
    exempt: dict[str, str] = plants.NOT_PLANTED
    assert set(exempt) <= codes, f"NOT_PLANTED names codes the pack does not have: {sorted(set(exempt) - codes)}"
    assert all(reason.strip() for reason in exempt.values()), "every code left without a plant says why"
    have = set(planted(make_export, households))
    assert not have & set(exempt), f"planted, yet listed in NOT_PLANTED: {sorted(have & set(exempt))}"
    assert not have - codes, f"plants name codes the pack does not have: {sorted(have - codes)}"
    missing = sorted(codes - have - set(exempt))
    assert not missing, f"codes of the pack without a plant in examples/plants.py: {missing}"


@pytest.mark.parametrize("engine_kind", ["batch", "durable"])
def test_each_code_finds_exactly_its_planted_rows(
    engine_kind: str, book: Rulebook, make_export: ModuleType, households: list[ExportHousehold]
) -> None:
    scored = [h.household for h in households]
    found = found_batch(book, scored) if engine_kind == "batch" else found_durable(book, scored)
    expected = planted(make_export, households)
    plant_of = {make_export.plant_place(n)[2]: spec.name for n, spec, _ in make_export.planted(BASE_HOUSEHOLDS)}

    def shown(rows: set[Row]) -> list[str]:
        return [
            f"{hid} {who or '(household)'} in {plant_of.get(hid, 'a base household')!r}" for hid, who in sorted(rows)
        ]

    wrong = [
        f"{code}: missing {shown(expected[code] - found[code])}, unexpected {shown(found[code] - expected[code])}"
        for code in sorted(set(found) | set(expected))
        if found[code] != expected[code]
    ]
    assert not wrong, "\n".join(wrong)
