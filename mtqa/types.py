"""The data model every part of mtqa shares: segments in, findings and reports out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

SEVERITIES = ("minor", "major", "critical")
SEVERITY_RANK = {"minor": 1, "major": 2, "critical": 3}

# MQM-style categories. The output contract promises exactly these strings.
CATEGORIES = (
    "accuracy/addition",
    "accuracy/omission",
    "accuracy/mistranslation",
    "accuracy/untranslated",
    "fluency/grammar",
    "fluency/punctuation",
    "fluency/spelling",
    "fluency/register",
    "fluency/inconsistency",
    "fluency/character-encoding",
    "terminology/inappropriate",
    "terminology/inconsistent",
    "style/awkward",
    "locale-convention/number-format",
    "locale-convention/date-format",
    "locale-convention/time-format",
    "locale-convention/currency-format",
    "locale-convention/name-format",
    "non-translation",
    "other",
)

SIDES = ("source", "target")

# How safe it is to apply a finding's suggestion automatically (see `mtqa fix`).
FIX_CLASSES = ("safe", "reviewable", "none")


@dataclass(frozen=True, slots=True)
class Segment:
    """One aligned unit: a French source, its English target, an optional reference.

    `doc` groups segments into documents (document-level checks reset between
    documents); `place` says where the unit came from ("file:line") for reports;
    `note` carries translator notes (suppressions live there).
    """

    id: str
    source: str
    target: str
    reference: str | None = None
    doc: str | None = None
    place: str | None = None
    note: str | None = None
    meta: Mapping[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in one segment. Offsets are code points, end exclusive."""

    code: str
    name: str
    category: str
    severity: str
    side: str
    start: int | None
    end: int | None
    message: str
    suggestion: str | None = None

    def to_dict(self) -> dict[str, Any]:
        # The fields in order, as dataclasses.asdict gives them, without its
        # recursive deep copy (every field is a str, an int or None).
        return {"code": self.code, "name": self.name, "category": self.category, "severity": self.severity,
                "side": self.side, "start": self.start, "end": self.end, "message": self.message,
                "suggestion": self.suggestion}


@dataclass(frozen=True, slots=True)
class SegmentResult:
    """A segment with its findings and scores: one report entry."""

    segment: Segment
    findings: tuple[Finding, ...] = ()
    scores: Mapping[str, float | None] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        seg = self.segment
        out: dict[str, Any] = {
            "id": seg.id,
            "source": seg.source,
            "target": seg.target,
            "findings": [f.to_dict() for f in self.findings],
            "scores": dict(self.scores),
        }
        if seg.reference is not None:
            out["reference"] = seg.reference
        if seg.place is not None:
            out["place"] = seg.place
        if seg.doc is not None:
            out["doc"] = seg.doc
        if seg.meta:
            out["meta"] = dict(seg.meta)
        return out
