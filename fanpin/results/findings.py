"""The clerk's worksheet's columns (``fanpin score … --findings``) and their headers in each language.

>>> FINDING_COLUMNS[:3], FINDING_HEADERS["zh"]["member_id"]
(('code', 'message', 'county'), '证件号码（脱敏）')
"""

from __future__ import annotations

import polars as pl

__all__ = ["FINDING_COLUMNS", "FINDING_HEADERS", "FINDING_SCHEMA"]

#: The worksheet's columns, in order.
FINDING_COLUMNS = (
    "code",
    "message",
    "county",
    "township",
    "village",
    "household_id",
    "member_id",
    "member_name",
    "line",
    "fields",
    "values",
    "basis",
    "rule_id",
)
#: Each column's header, per language (English: the ids).
FINDING_HEADERS: dict[str, dict[str, str]] = {
    "zh": {
        "code": "疑点代码",
        "message": "疑点描述",
        "county": "县",
        "township": "乡",
        "village": "村",
        "household_id": "户编号",
        "member_id": "证件号码（脱敏）",
        "member_name": "姓名（脱敏）",
        "line": "行号",
        "fields": "字段",
        "values": "填报值",
        "basis": "判断依据",
        "rule_id": "规则编号",
    },
    "en": {c: c for c in FINDING_COLUMNS},
}
FINDING_SCHEMA: dict[str, pl.DataType] = {c: pl.String() for c in FINDING_COLUMNS} | {"line": pl.Int64()}
