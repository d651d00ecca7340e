"""CSV, one row per finding, for spreadsheets. Cells that a spreadsheet would
run as a formula (starting with = + - @, tab or carriage return) get a
leading apostrophe, so a translation can never execute in Excel or Calc."""

from __future__ import annotations

import csv
from typing import Any, Mapping

from ..types import SegmentResult
from ._common import locate, span_text
from .base import Formatter

COLUMNS = ("file", "line", "column", "id", "code", "name", "category", "severity", "side",
           "start", "end", "span", "message", "suggestion", "source", "target")
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_DANGEROUS):
        return "'" + value
    return value


class CSVFormatter(Formatter):
    name = "csv"
    extension = ".csv"

    def begin(self) -> None:
        self.writer = csv.writer(self.stream, lineterminator="\r\n")
        self.writer.writerow(COLUMNS)

    def add(self, result: SegmentResult) -> None:
        seg = result.segment
        for f in result.findings:
            loc = locate(result, f, self.inputs)
            row = (loc.path or "", loc.line if loc.line is not None else "", loc.column or "", seg.id,
                   f.code, f.name, f.category, f.severity, f.side,
                   "" if f.start is None else f.start, "" if f.end is None else f.end,
                   span_text(result, f), f.message, f.suggestion if f.suggestion is not None else "",
                   seg.source, seg.target)
            self.writer.writerow([neutralise(v) for v in row])
