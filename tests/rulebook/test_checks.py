"""``fanpin check``'s static checks: parameter coverage and band order."""

from __future__ import annotations

from pathlib import Path

from fanpin import load_rulebook
from fanpin.check import check_rulebook
from fanpin.cli import main


def test_reference_rules_only_warn_about_the_provincial_dibao_line() -> None:
    findings = check_rulebook(load_rulebook())
    assert [f.severity for f in findings] == ["warning"]
    assert "dibao_line" in findings[0].message


def test_overlapping_bands_are_an_error(tmp_path: Path) -> None:
    (tmp_path / "bands.yaml").write_text(
        "parameters:\n"
        "  near_line_multiple:\n"
        "    label: 临界收入倍数\n"
        "    unit: ratio\n"
        "    values:\n"
        "      - {region: '5323', from: 2025-01-01, value: 2.5, source: test}\n",
        encoding="utf-8",
    )
    findings = check_rulebook(load_rulebook(tmp_path))
    errors = [f for f in findings if f.severity == "error"]
    assert errors and "near_line_multiple (2.5) < over_inclusion_multiple (2)" in errors[0].message
    assert main(["check", str(tmp_path)]) == 2


def test_a_value_that_ends_leaves_a_gap(tmp_path: Path) -> None:
    (tmp_path / "gap.yaml").write_text(
        "parameters:\n"
        "  local_line:\n"
        "    label: 本地线\n"
        "    unit: money\n"
        "    values:\n"
        "      - {region: '', from: 2024-01-01, until: 2025-01-01, value: 9000, source: test}\n",
        encoding="utf-8",
    )
    messages = [str(f) for f in check_rulebook(load_rulebook(tmp_path))]
    assert "warning: parameter local_line has no value for region national from 2025-01-01" in messages
