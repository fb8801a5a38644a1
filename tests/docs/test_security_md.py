"""SECURITY.md stays true: every test it cites as proof exists, and so does every fixture it names."""

from __future__ import annotations

import re

from tests.paths import ROOT

TEXT = (ROOT / "SECURITY.md").read_text(encoding="utf-8")


def test_every_test_cited_as_proof_exists() -> None:
    sources = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").rglob("test_*.py"))
    cited = set(re.findall(r"\b(test_[a-z0-9_]+)\b", TEXT)) - {p.stem for p in (ROOT / "tests").rglob("test_*.py")}
    assert cited and [name for name in sorted(cited) if f"def {name}(" not in sources] == []


def test_every_file_it_names_exists() -> None:
    named = re.findall(r"`(tests/[^`:]+?\.(?:py|yaml))", TEXT)
    assert named and [path for path in named if not (ROOT / path).is_file()] == []
