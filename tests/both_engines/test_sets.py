"""Sets: an empty risk slot adds nothing, so a set test is never unknown (the rules that use them are
tested on both engines in test_language_features.py)."""

from __future__ import annotations

from fanpin.model.facts import set_facts


def test_an_empty_slot_adds_nothing() -> None:
    facts = set_facts({"risk_1": "illness", "risk_3": "illness", "risk_4": None})
    assert facts["risk_is_illness"] is True
    assert [name for name, held in facts.items() if held] == ["risk_is_illness"]
    assert not any(set_facts({}).values())
