"""Chinese output puts a name after a Chinese word in full-width brackets (``脱贫户（formerly_poor）``,
``户编号（household_id）``), as a fact's label after its name has been since session 73 (``labor_count（劳动力人数）``):
``fanpin check``'s list of a vocabulary's values (``可选值为 脱贫户 (formerly_poor)、一般农户 (ordinary)``), a column
named with its field in a message (``户编号 (household_id) 重复``) and ``fanpin report``'s rules
(``收入骤减 (income.sharp_drop)``) had kept the English message's ASCII brackets. English output keeps them.

Every command is driven in Chinese (``--lang zh`` for its files, ``FANPIN_MESSAGES=zh`` for what it prints) on the
example files and on bad input, and nothing it writes holds `` (`` followed by an ASCII letter."""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

import pytest

from fanpin.messages import MESSAGES_VARIABLE
from tests.helpers import HEADER, ROW, run_cli, write_rows
from tests.paths import EXAMPLES

DATA = EXAMPLES / "data"
#: An ASCII bracket opened after a space before a name: what Chinese text should not hold.
ASCII_NAMED = re.compile(r" \([A-Za-z]")

#: A county's rule folder with mistakes fanpin check names values and columns for: a word outside a vocabulary.
_TYPO_RULE = """case_defaults: {region: "532328", as_of: 2025-06-30}
rules:
  - id: local.typo
    title: {zh: 错字, en: typo}
    level: orange
    kind: risk
    risk_type: 因病
    when: household_type == "脱贫护" and labor_count >= 1
    measures: [health.medical_assistance]
    basis: test
    cases:
      - {name: a, facts: {household_type: 脱贫户, labor_count: 2}, expect: fires}
      - {name: b, facts: {household_type: 脱贫户, labor_count: 0}, expect: silent}
      - {name: c, facts: {}, expect: not_evaluable}
"""


def _visible(page: str) -> str:
    """An HTML page's text, without its scripts and styles."""
    page = re.sub(r"<(script|style)\b.*?</\1>", "", page, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def _workbook_text(path: Path) -> str:
    with zipfile.ZipFile(path) as book:
        return "".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xml"))


def _said(run: tuple[int, str, str], *files: Path) -> str:
    """What a run printed and wrote (its files as text; an HTML page's visible text, a workbook's cells)."""
    _, out, err = run
    texts = [out, err]
    for path in files:
        if path.suffix == ".html":
            texts.append(_visible(path.read_text(encoding="utf-8")))
        elif path.suffix == ".xlsx":
            texts.append(_workbook_text(path))
        else:
            texts.append(path.read_text(encoding="utf-8-sig"))
    return "\n".join(texts)


def _runs(tmp_path: Path, lang: str) -> dict[str, str]:
    """Every command's output in ``lang``, by what was run."""
    bad = write_rows(
        tmp_path / "bad.csv",
        [HEADER + ",劳动力人数", ROW.format(n=1, wage=1000) + ",1", ROW.format(n=1, wage=1000) + ",x",
         ROW.format(n=2, wage="inf").replace("脱贫户", "脱贫护") + ",1"],
    )  # fmt: skip
    county = tmp_path / "county"
    county.mkdir()
    (county / "local.yaml").write_text(_TYPO_RULE, encoding="utf-8")
    base = ("--as-of", "2025-06-30", "--region", "532328", "--lang", lang)
    said: dict[str, str] = {}

    def run(name: str, *argv: object, files: tuple[Path, ...] = ()) -> None:
        done = run_cli(*argv)
        said[name] = _said((done.code, done.out, done.err), *files)

    h, hr = tmp_path / "h.csv", tmp_path / "h.rej.csv"
    run("score table", "score", DATA / "households.csv", *base, "--out", h, "--errors", hr, files=(h, hr))
    e, er, f = tmp_path / "e.csv", tmp_path / "e.rej.csv", tmp_path / "f.xlsx"
    run("score export", "score", DATA / "export.xlsx", *base, "--checks", "with", "--out", e, "--errors", er,
        "--findings", f, files=(e, er, f))  # fmt: skip
    b, br = tmp_path / "b.csv", tmp_path / "b.rej.csv"
    run("score bad", "score", bad, *base, "--out", b, "--errors", br, files=(b, br))
    run("explain", "explain", DATA / "households.csv", "--household", "H5323280069", *base, "--checks", "with")
    run("explain export", "explain", DATA / "export.xlsx", "--household", "53232810100001", *base)
    run("explain refused", "explain", bad, "--household", "H1", *base)
    r = tmp_path / "r.html"
    run("report", "report", h, "--out", r, "--lang", lang, files=(r,))
    r2 = tmp_path / "r2.html"
    run("report export", "report", e, "--out", r2, "--lang", lang, files=(r2,))
    run("report unscored", "report", bad, "--out", tmp_path / "r3.html", "--lang", lang)
    run("check", "check", "--checks", "with")
    run("check county", "check", EXAMPLES / "county_override")
    run("check typo", "check", county)
    return said


def test_chinese_output_has_no_ascii_brackets_after_a_word(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MESSAGES_VARIABLE, "zh")
    said = _runs(tmp_path, "zh")
    assert "可选值为 脱贫户（formerly_poor）、一般农户（ordinary）" in said["check typo"], said["check typo"]
    assert re.search(r"收入骤减（income\.sharp_drop）", said["report"]), "the report names its rules"
    left = {name: re.findall(r".{0,30}" + ASCII_NAMED.pattern + ".{0,20}", text) for name, text in said.items()}
    assert not any(left.values()), {name: found for name, found in left.items() if found}


def test_english_output_keeps_its_ascii_brackets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MESSAGES_VARIABLE, "en")
    county = tmp_path / "county"
    county.mkdir()
    (county / "local.yaml").write_text(_TYPO_RULE, encoding="utf-8")
    assert "the values are 脱贫户 (formerly_poor)、一般农户 (ordinary)" in run_cli("check", county).err
    scored = tmp_path / "h.csv"
    run_cli("score", DATA / "households.csv", "--as-of", "2025-06-30", "--region", "532328", "--out", scored,
            "--errors", tmp_path / "h.rej.csv")  # fmt: skip
    page = tmp_path / "r.html"
    run_cli("report", scored, "--out", page, "--lang", "en")
    assert "(income.sharp_drop)" in _visible(page.read_text(encoding="utf-8"))
