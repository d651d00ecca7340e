"""What a fix run produced, per segment: the data the fix report is written from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from ..types import Finding, Segment


@dataclass(frozen=True)
class AppliedFix:
    code: str
    name: str
    fix_class: str
    start: int  # offsets in the original target (best effort after pass 1)
    end: int
    before: str
    after: str
    message: str
    pass_no: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code, "name": self.name, "fix": self.fix_class, "start": self.start, "end": self.end,
            "before": self.before, "after": self.after, "message": self.message, "pass": self.pass_no,
        }


@dataclass(frozen=True)
class RejectedFix:
    code: str
    name: str
    fix_class: str
    start: int
    end: int
    before: str
    suggestion: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code, "name": self.name, "fix": self.fix_class, "start": self.start, "end": self.end,
            "before": self.before, "suggestion": self.suggestion, "reason": self.reason,
        }


@dataclass
class SegmentFix:
    """One segment's outcome: its fixed target and what happened."""

    segment: Segment
    fixed: str
    applied: list[AppliedFix] = field(default_factory=list)
    rejected: list[RejectedFix] = field(default_factory=list)
    # Findings on the fixed text that are left for a person (reportable codes).
    remaining: tuple[Finding, ...] = ()

    @property
    def changed(self) -> bool:
        return self.fixed != self.segment.target

    @property
    def needs_review(self) -> bool:
        """A reviewable suggestion was applied: a person should confirm it."""
        return any(a.fix_class != "safe" for a in self.applied)


@dataclass
class FixOutcome:
    segments: list[SegmentFix]
    passes: int
    # The fix class (safe, reviewable, none) of each code of the rule set the
    # run used, so a report can say why a remaining finding was left.
    fix_classes: Mapping[str, str] = field(default_factory=dict)

    @property
    def changed(self) -> list[SegmentFix]:
        return [s for s in self.segments if s.changed]

    @property
    def applied_count(self) -> int:
        return sum(len(s.applied) for s in self.segments)

    def fix_class(self, code: str) -> str:
        return self.fix_classes.get(code, "none")
