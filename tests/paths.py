"""Where the tests find things in the checkout: the repository root, the example data, the fixtures."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
EXAMPLE_DATA = EXAMPLES / "data"
HOUSEHOLDS_CSV = EXAMPLE_DATA / "households.csv"
FIXTURES = Path(__file__).resolve().parent / "rulebook" / "fixtures"
EXPORT_XLSX = EXAMPLE_DATA / "export.xlsx"
EXPORT_GBK_CSV = EXAMPLE_DATA / "export-gbk.csv"
EXPORT_HOUSEHOLDS_CSV = EXAMPLE_DATA / "export-households.csv"
