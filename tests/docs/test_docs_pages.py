"""The docs pages for developers run as they are written: every ``>>>`` example prints what it shows."""

from __future__ import annotations

import doctest

import pytest

from tests.paths import ROOT

PAGES = ["docs/host-applications.md", "docs/rule-testing.md"]


@pytest.mark.parametrize("page", PAGES)
def test_the_pages_examples_run(page: str) -> None:
    result = doctest.testfile(str(ROOT / page), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


def test_the_docs_index_lists_the_pages() -> None:
    index = (ROOT / "docs" / "README.md").read_text(encoding="utf-8")
    for page in PAGES:
        assert f"]({page.removeprefix('docs/')})" in index
