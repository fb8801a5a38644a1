"""A rule folder that quantifies over members without ever writing ``count(members)`` scores the export on
both engines (the batch engine once looked the member count up in a catalogue that learns it only from
``count(members)``, and stopped with a KeyError). Run in a fresh process: another test's rulebook would
have taught the catalogue already."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.paths import EXPORT_XLSX, ROOT

RULE = """case_defaults: {region: "532328", as_of: 2025-06-30}
rules:
  - id: local.elderly
    title: {zh: 有60岁以上成员, en: a member aged 60 or over}
    level: info
    kind: audit
    when: any(members, age >= 60)
    basis: a member rule with no count(members) anywhere
    cases:
      - {name: aged 75, members: [{出生日期: "19500101"}], expect: fires}
      - {name: aged 35, members: [{出生日期: "19900101"}], expect: silent}
      - {name: members not listed, expect: not_evaluable}
"""


def test_a_member_rule_without_count_scores_the_export(engine_name: str, tmp_path: Path) -> None:
    rules = tmp_path / "county"
    rules.mkdir()
    (rules / "local.yaml").write_text(RULE, encoding="utf-8")
    out = tmp_path / f"{engine_name}.csv"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    args = ["score", str(EXPORT_XLSX), "--as-of", "2025-06-30", "--region", "532328", "--rules", str(rules)]
    args += ["--out", str(out), "--errors", str(tmp_path / "rejected.csv"), "--engine", engine_name]
    run = subprocess.run(
        [sys.executable, "-m", "fanpin", *args], capture_output=True, text=True, env=env, timeout=600, check=False
    )
    assert run.returncode == 3, run.stderr  # the example export holds deliberately rejected rows
    assert "Traceback" not in run.stderr
    assert "local.elderly" in out.read_text(encoding="utf-8")
