"""The county override example changes exactly the households it should, for the reasons it states.

examples/county_override/override.yaml (for 532328) sets the county's line to 9000 (illustrative),
switches income.near_line off and adds local.serious_illness_near_line.
"""

from __future__ import annotations

from decimal import Decimal

from fanpin import Engine, load_rulebook
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
