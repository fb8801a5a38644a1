"""A rule author's property tests for a county override, with fanpin's kit (``fanpin.testing``).

What it shows: the recipe of rules/README.md ("Property-testing a threshold") applied to
``examples/county_override/`` (元谋县 532328: its own monitoring line of 9000, illustrative; the
near-line band switched off; a local rule for serious illness near the line). A rule's cases check a few
hand-picked households; these properties check every threshold the county's rulebook compares, on and
one fen (one, one month, one day) either side of it, with the other facts drawn by hypothesis, on both
engines:

- each rule changes exactly at its threshold, on the side its policy states (``<`` versus ``<=``);
- lowering income never weakens a below-the-line rule (monotone);
- the income bands still cover every income once, in order, with the county's line;
- the override changes only the rules it adds, switches off or rewrites, and those reading the line.

Run it from the repository root, either way::

    .venv/bin/python -m pytest examples/property_test_thresholds.py     # as a test file
    .venv/bin/python examples/property_test_thresholds.py              # each property once, then "ok"

``FANPIN_SLOW=1`` draws 3000 examples per property instead of hypothesis' default 100;
``FANPIN_EXAMPLES=N`` draws N (``FANPIN_EXAMPLES=10`` for a quick look while editing the rules). A
failing property prints the facts of its smallest failing example (no personal data: facts never hold
any).
"""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal
from pathlib import Path

from hypothesis import settings

from fanpin import load_rulebook
from fanpin.cli import run_script
from fanpin.testing import RuleKit

COUNTY = Path(__file__).resolve().parent / "county_override"
# The kit compiles once, so an example takes milliseconds; it gives each at least five seconds all the same, as
# hypothesis' 200 ms default deadline failed now and then on a shared, busy machine.
EXAMPLES = int(os.environ.get("FANPIN_EXAMPLES") or (3000 if os.environ.get("FANPIN_SLOW") else 100))
settings.register_profile("county", max_examples=EXAMPLES)
settings.load_profile("county")

#: The county's rulebook at 元谋县 on the date scored. Building the kit compiles both engines for this
#: region and date once, so no example pays for it (hypothesis' deadline holds).
KIT = RuleKit(load_rulebook(COUNTY), region="532328", as_of=date(2025, 6, 30))


def test_the_county_line_is_the_one_compared() -> None:
    (below_line,) = KIT.thresholds("income_per_capita", rule="income.below_line")
    assert below_line.value == Decimal(9000) and below_line.parameters == ("monitoring_line",)
    (near,) = KIT.thresholds("income_per_capita", rule="local.serious_illness_near_line")
    assert near.value == Decimal(10800)  # 1.2 × 9000, folded exactly


def test_below_the_line_means_strictly_below() -> None:
    # 9000 itself is not below the line; 8999.99 is.
    KIT.assert_boundary("income.below_line", "income_per_capita", fires="below")


def test_the_local_rule_boundaries() -> None:
    KIT.assert_boundary("local.serious_illness_near_line", "income_per_capita", fires="below")
    KIT.assert_boundary("local.serious_illness_near_line", "serious_illness_count", fires="at_or_above")


def test_lower_income_never_weakens_the_below_line_rules() -> None:
    for rule in ("income.below_line", "local.serious_illness_near_line"):
        KIT.assert_monotone(rule, "income_per_capita", fires="below")


def test_the_income_bands_partition_incomes() -> None:
    KIT.assert_bands_partition()


def test_the_override_changes_only_what_it_should() -> None:
    changed = KIT.changed_rules(RuleKit(region=KIT.region, as_of=KIT.as_of))
    assert {"income.near_line", "local.serious_illness_near_line", "income.below_line"} <= changed
    KIT.assert_override_changes_only()


def main() -> int:
    tests = [value for name, value in sorted(globals().items()) if name.startswith("test_") and callable(value)]
    for test in tests:
        test()
        print(f"ok  {test.__name__}")
    print(f"{len(tests)} properties hold for {COUNTY.name} ({KIT.region}, {KIT.as_of})")
    return 0


if __name__ == "__main__":
    run_script(main)  # exits; quietly when the output's reader goes away (`… | head`), as `fanpin` does
