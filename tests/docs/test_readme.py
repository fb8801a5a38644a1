"""The README's library example runs and prints what the README says it prints."""

from __future__ import annotations

import contextlib
import io
import re

from tests.paths import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_python_example_prints_what_it_shows() -> None:
    code = re.search(r"```python\n(.*?)```", README, flags=re.S)
    shown = re.search(r"This prints:\n\n```text\n(.*?)```", README, flags=re.S)
    assert code and shown
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        # Executing our own README is the point of this test.
        exec(compile(code.group(1), "README.md", "exec"), {})
    assert out.getvalue() == shown.group(1)
