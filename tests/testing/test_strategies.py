"""The strategies named like hypothesis' own: ``members()`` (valid members of the person-level export),
``exports()`` (an export file's rows, read back whole by :func:`fanpin.io.read_export`), and
``households(members=True)``."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, Phase, find, given, settings

from fanpin import load_rulebook
from fanpin.io import read_export
from fanpin.io.export import ExportHousehold
from fanpin.model import Household
from fanpin.model.member import Member
from fanpin.testing import as_of_dates, exports, households, members
from tests.helpers import AS_OF, REGION


@settings(max_examples=60, database=None)
@given(members(as_of=AS_OF))
def test_members_are_valid_members_of_the_person_table(member: Member) -> None:
    assert isinstance(member, Member) and member.household_id == "H1"


@settings(max_examples=40, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=exports(region=REGION, as_of=AS_OF))
def test_an_export_drawn_is_read_back_household_by_household(rows: list[dict[str, str]], tmp_path: Path) -> None:
    """Every household drawn is read as one household with as many members as it has rows, none refused,
    whatever order the columns are written in."""
    headers = sorted({k for r in rows for k in r}, reverse=len(rows) % 2 == 0)
    path = tmp_path / "export.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(headers)
        writer.writerows([r.get(h, "") for h in headers] for r in rows)
    _, items = read_export(path, region=REGION)
    read = list(items)
    assert all(isinstance(i, ExportHousehold) for i in read), [str(i)[:200] for i in read]
    sizes = {h.household.household_id: len(h.household.members or ()) for h in read if isinstance(h, ExportHousehold)}
    drawn: dict[str, int] = {}
    for row in rows:
        drawn[row["户编号"]] = drawn.get(row["户编号"], 0) + 1
    assert sizes == drawn


@settings(max_examples=60, database=None)
@given(households(members=True, as_of=AS_OF))
def test_households_with_their_members(household: Household) -> None:
    assert household.members is None or all(m.household_id == household.household_id for m in household.members)


def test_evaluation_dates_around_values_in_force_from_the_first_day_to_the_last(tmp_path: Path) -> None:
    """A value ``from: 0001-01-01`` or ``until: 9999-12-31`` has no day before or after it: drawing dates
    around it raised OverflowError before a single example ran."""
    (tmp_path / "line.yaml").write_text(
        "parameters:\n  monitoring_line:\n    label: 监测范围\n    unit: money\n    values:\n"
        "      - {region: '532328', from: 0001-01-01, until: 9999-12-31, value: 9100, source: test}\n",
        encoding="utf-8",
    )
    dates = as_of_dates(load_rulebook(tmp_path), parameter="monitoring_line", region=REGION)
    settings_ = settings(database=None, max_examples=500)
    for edge in (date.min, date(1, 1, 2), date(9999, 12, 30), date.max):  # each drawn (else NoSuchExample)
        assert find(dates, edge.__eq__, settings=settings_) == edge


def test_a_strategy_asked_for_again_is_the_one_made_before() -> None:
    """Hypothesis checks each new strategy the first time it is drawn from, and the composites made a
    dozen a household as they drew it (half of a household's draw): the strategies they draw from are
    made once for the same arguments. Arguments that are equal but written otherwise, or of another type,
    are other arguments: a drawn value shows its digits."""
    from decimal import Decimal

    from fanpin.testing import _choice, money_amounts, yes_no_cells

    assert money_amounts(max_value=100, near=(50,)) is money_amounts(max_value=100, near=(Decimal("50.00"),))
    assert money_amounts(max_value=100) is not money_amounts(max_value=200)
    assert yes_no_cells(allow_unknown=False) is yes_no_cells(allow_unknown=False) is not yes_no_cells()
    assert _choice(Decimal("1.0")) is not _choice(Decimal("1")) and _choice(1) is not _choice(True)
    assert find(_choice(Decimal("1.0"), Decimal("1")), lambda v: str(v) == "1") == Decimal("1")


def test_households_are_drawn_with_every_income_the_model_reads() -> None:
    """``households()`` wrote 财产性收入 and 转移性收入 as 0 and never drew 生产经营性支出, 资产收益分红,
    保障性转移收入, 人均纯收入（元） or 重度残疾人数: no household lived on transfers, so
    ``dependency.transfer_share`` never fired, and ``data.income_mismatch`` was not evaluable for every one,
    on each engine-agreement property drawing from it."""
    from fanpin import Engine

    engine = Engine(load_rulebook())
    fields = ("business_cost", "asset_dividend", "assistance_income", "property_income", "transfer_income")
    seen: set[str] = set()

    # The same 400 draws on every run, none shrunk: what they hold is counted, not failed on.
    @settings(max_examples=400, database=None, derandomize=True, phases=(Phase.generate,))
    @given(households())
    def draw(household: Household) -> None:
        seen.update(f for f in fields if getattr(household, f))
        if household.reported_income_per_capita is not None:
            seen.add("reported_income_per_capita")
        if household.severe_disability_count:
            seen.add("severe_disability_count")
        seen.update(engine.evaluate(household, as_of=AS_OF).flag_ids)
        # The computed per-capita income stays where it was drawn: the business cost adds to the business income.
        assert household.net_income == household.gross_income - (household.business_cost or 0)

    draw()
    wanted = {*fields, "reported_income_per_capita", "severe_disability_count"}
    wanted |= {"dependency.transfer_share", "data.income_mismatch"}
    assert wanted <= seen, sorted(wanted - seen)
