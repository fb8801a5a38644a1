"""The county override example changes exactly the households it should, for the reasons it states.

examples/county_override/override.yaml (for 532328) sets the county's line to 9000 (illustrative),
switches income.near_line off and adds local.serious_illness_near_line.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from fanpin import Engine, load_rulebook
from fanpin.errors import DuplicateKeyError
from fanpin.io.readers import ReadRow, read_households
from tests.helpers import AS_OF, REGION
from tests.paths import EXAMPLES, HOUSEHOLDS_CSV


def test_override_changes_exactly_the_households_it_should() -> None:
    reference = load_rulebook()
    county = load_rulebook(EXAMPLES / "county_override")
    before_engine, after_engine = Engine(reference), Engine(county)
    _, rows = read_households(HOUSEHOLDS_CSV, region=REGION)
    line_rules = {r.id for r in reference.rules.values() if "monitoring_line" in r.params}
    changed = 0
    for row in rows:
        if not isinstance(row, ReadRow):
            continue
        h = row.household
        before = before_engine.evaluate(h, as_of=AS_OF)
        after = after_engine.evaluate(h, as_of=AS_OF)
        in_county = (h.region_code or REGION).startswith(REGION)
        assert "income.near_line" not in after.flag_ids  # switched off everywhere
        # The local rule fires exactly for an ill household below 1.2 × the household's line.
        line = Decimal(9000) if in_county else Decimal(8700)
        ill = h.serious_illness_count is not None and h.serious_illness_count >= 1
        expect_local = ill and h.income_per_capita < line * Decimal("1.2")
        assert ("local.serious_illness_near_line" in after.flag_ids) == expect_local, h.household_id
        # Between the two lines, a 532328 household is now below the line.
        if in_county and Decimal(8700) <= h.income_per_capita < Decimal(9000):
            assert "income.below_line" in after.flag_ids and after.income_band == "below_line"
        # Every other difference is in a rule that reads the monitoring line, for a county household.
        diff = set(before.flag_ids) ^ set(after.flag_ids)
        unexplained = diff - {"income.near_line", "local.serious_illness_near_line"}
        if unexplained:
            assert in_county, h.household_id
            assert unexplained <= line_rules, (h.household_id, unexplained)
        changed += bool(diff)
    assert changed > 0


_REWRITTEN_NEAR_LINE = """\
case_defaults: {region: "532328", as_of: 2025-06-30}
rules:
  - id: income.near_line
    title: {zh: 县临界, en: county near line}
    level: yellow
    kind: watch
    when: income_per_capita >= monitoring_line and income_per_capita < 10000
    measures: [monitoring.home_visit]
    basis: 县实践
    cases:
      - {name: just under 10000, facts: {income_per_capita: 9999.99}, expect: fires}
      - {name: at 10000, facts: {income_per_capita: 10000}, expect: silent}
      - {name: unknown, facts: {}, expect: not_evaluable}
"""


@pytest.mark.parametrize("disabling_file", ["a.yaml", "z.yaml", "rule.yaml"])
def test_a_folder_that_writes_a_rule_and_switches_it_off_is_refused(disabling_file: str, tmp_path: Path) -> None:
    """Which of the two won depended on the files' names: the disable list in a.yaml let the county's
    version stand, in z.yaml (or in the rule's own file) it dropped the county's rule without a word."""
    folder = tmp_path / "county"
    folder.mkdir()
    (folder / "rule.yaml").write_text(_REWRITTEN_NEAR_LINE, encoding="utf-8")
    disable = "disable: [income.near_line]\n"
    if disabling_file == "rule.yaml":
        (folder / "rule.yaml").write_text(_REWRITTEN_NEAR_LINE + disable, encoding="utf-8")
    else:
        (folder / disabling_file).write_text(disable, encoding="utf-8")
    with pytest.raises(DuplicateKeyError) as info:
        load_rulebook(folder)
    assert "rule income.near_line is written in this rules folder and switched off" in str(info.value)
    assert info.value.path == str(folder / "rule.yaml") and info.value.line == 3
    assert f"{folder / disabling_file}:" in str(info.value)
    assert "take it out of disable" in info.value.fix


def test_a_later_folder_may_write_a_rule_an_earlier_one_switched_off(tmp_path: Path) -> None:
    earlier, later = tmp_path / "province", tmp_path / "county"
    earlier.mkdir()
    later.mkdir()
    (earlier / "off.yaml").write_text("disable: [income.near_line]\n", encoding="utf-8")
    (later / "rule.yaml").write_text(_REWRITTEN_NEAR_LINE, encoding="utf-8")
    assert "income.near_line" not in load_rulebook(earlier).rules
    assert load_rulebook(earlier, later).rules["income.near_line"].layer == 2
