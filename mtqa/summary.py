"""Running counts over a report: by code, category and severity, plus MQM."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .scorers.mqm import MQMAccumulator, penalty, source_words
from .types import SEVERITY_RANK, SegmentResult


@dataclass
class Summary:
    segments: int = 0
    flagged_segments: int = 0
    findings: int = 0
    by_code: Counter = field(default_factory=Counter)
    by_category: Counter = field(default_factory=Counter)
    by_severity: Counter = field(default_factory=Counter)
    mqm: MQMAccumulator = field(default_factory=MQMAccumulator)
    docs: dict[str, MQMAccumulator] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)

    def add(self, result: SegmentResult) -> None:
        self.segments += 1
        if result.findings:
            self.flagged_segments += 1
        for f in result.findings:
            self.findings += 1
            self.by_code[f.code] += 1
            self.by_category[f.category] += 1
            self.by_severity[f.severity] += 1
            self.names[f.code] = f.name
        pen = penalty(result.findings)
        words = source_words(result.segment.source)
        self.mqm.add(pen, words)
        if result.segment.doc is not None:
            self.docs.setdefault(result.segment.doc, MQMAccumulator()).add(pen, words)

    def worst(self) -> int:
        return max((SEVERITY_RANK[s] for s, n in self.by_severity.items() if n), default=0)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "segments": self.segments,
            "flagged_segments": self.flagged_segments,
            "findings": self.findings,
            "by_severity": {s: self.by_severity.get(s, 0) for s in ("critical", "major", "minor")},
            "by_code": dict(sorted(self.by_code.items())),
            "by_category": dict(sorted(self.by_category.items())),
            "mqm": self.mqm.to_dict(),
        }
        if self.docs:
            out["documents"] = {d: acc.to_dict() for d, acc in self.docs.items()}
        return out
