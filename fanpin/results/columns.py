"""The scored table's columns and the labels written into them, shared by both engines' writers.

>>> OUTPUT_COLUMNS[:3]
('household_id', 'region_code', 'as_of')
>>> CATEGORY_ZH["marginal"], ALERT_LEVEL_ZH["orange"]
('边缘易致贫户', '橙')
"""

from __future__ import annotations

from fanpin.model.household import MonitoringCategory

__all__ = ["ALERT_LEVEL_ZH", "CATEGORY_ZH", "OUTPUT_COLUMNS", "REJECTED_COLUMNS"]

OUTPUT_COLUMNS = (
    "household_id",
    "region_code",
    "as_of",
    "income_per_capita",
    "income_band",
    "alert_level",
    "suggested_category",
    "flags",
    "risk_types",
    "audit_findings",
    "measures",
    "plan",
    "explanation",
    "not_evaluable",
    "rulebook_version",
)
#: The errors file: every row that was not scored, with the file line it stood on.
REJECTED_COLUMNS = ("line", "household_id", "column", "value", "reason")
#: The alert level as Chinese output writes it (the warning colours 红/橙/黄; 无 for none).
ALERT_LEVEL_ZH = {"red": "红", "orange": "橙", "yellow": "黄", "none": "无"}
#: The suggested category's Chinese name: the household model's own label for it.
CATEGORY_ZH = {str(c.value): c.label for c in MonitoringCategory}
