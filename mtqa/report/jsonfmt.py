"""JSON (one document) and JSONL (one object per segment) reports."""

from __future__ import annotations

import json
from typing import Any, Mapping

from ..types import SegmentResult
from .base import Formatter


# One encoder for every line: json.dumps with options builds a new
# JSONEncoder per call, which a JSONL report of short segments pays per line.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def dumps(obj: Any) -> str:
    return _ENCODER.encode(obj)


class JSONLFormatter(Formatter):
    """Exactly one JSON object per input segment, in input order."""

    name = "jsonl"
    extension = ".jsonl"

    def add(self, result: SegmentResult) -> None:
        self.stream.write(dumps(result.to_dict()) + "\n")


class JSONFormatter(Formatter):
    """One document: inputs, summary, corpus scores, then the segments.

    Segments are streamed into the array as they come; the summary (known
    only at the end) is written after them, as JSON key order is free.
    """

    name = "json"
    extension = ".json"

    def begin(self) -> None:
        self.stream.write('{"inputs":' + dumps(self.inputs) + ',"segments":[')
        self._first = True

    def add(self, result: SegmentResult) -> None:
        if not self._first:
            self.stream.write(",")
        self._first = False
        self.stream.write("\n" + dumps(result.to_dict()))

    def end(self, summary: Mapping[str, Any], scores: Mapping[str, Any], extra: Mapping[str, Any] | None = None) -> None:
        self.stream.write("\n],\n")
        tail = {"summary": dict(summary), "scores": dict(scores)}
        if extra:
            tail.update(extra)
        body = dumps(tail)
        self.stream.write(body[1:] + "\n")
