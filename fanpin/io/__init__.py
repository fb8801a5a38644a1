"""Household files in and out, whichever engine scores them: readers (encodings, header rows, rejected
rows), chunked reading, the output writers, and a scored row as a CSV record or JSON object."""

from fanpin.io.export import (
    ExportFile,
    ExportHousehold,
    households_in,
    is_export,
    is_export_file,
    open_export,
    read_export,
)
from fanpin.io.readers import HouseholdFile, ReadRow, RejectedRow, read_households

__all__ = [
    "ExportFile",
    "ExportHousehold",
    "HouseholdFile",
    "ReadRow",
    "RejectedRow",
    "households_in",
    "is_export",
    "is_export_file",
    "open_export",
    "read_export",
    "read_households",
]
