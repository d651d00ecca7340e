"""Alignment gaps: a French sentence with no English counterpart (omission) or an
English sentence with no French one (addition).

Readers that align for themselves (unaligned documents, feeds, subtitle pairs)
record each link in `Segment.meta["alignment"]` as {"link": "1-0" | "0-1" | …,
"confidence": …}; these detectors turn the gaps into findings so that nothing
the aligner could not place goes unreported.
"""

from __future__ import annotations

from typing import Iterable

from ..types import Finding, Segment
from .base import Context, Detector


def _link(segment: Segment) -> str | None:
    meta = segment.meta
    if not meta:
        return None
    info = meta.get("alignment")
    return info.get("link") if isinstance(info, dict) else None


def _confidence(segment: Segment) -> str:
    info = (segment.meta or {}).get("alignment") or {}
    conf = info.get("confidence")
    return f" (alignment confidence {conf:.2f})" if isinstance(conf, (int, float)) else ""


class UnalignedSource(Detector):
    """French sentence the aligner found no English translation for (omitted)."""

    code = "D101"
    name = "unaligned-source"
    category = "accuracy/omission"
    severity = "major"
    fix = "none"
    severity_reason = "A whole sentence of the source is missing from the translation."
    examples = (("Il pleut. Le vent souffle.", "It is raining."),)

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        if _link(segment) == "1-0" and segment.source.strip():
            yield self.finding(
                0, len(segment.source),
                f"source text has no counterpart in the translation{_confidence(segment)}",
                side="source",
            )


class UnalignedTarget(Detector):
    """English sentence the aligner found no French source for (added)."""

    code = "D102"
    name = "unaligned-target"
    category = "accuracy/addition"
    severity = "major"
    fix = "none"
    severity_reason = "A whole sentence of the translation says something the source does not."
    examples = (("Il pleut.", "It is raining. The wind is blowing."),)

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        if _link(segment) == "0-1" and segment.target.strip():
            yield self.finding(
                0, len(segment.target),
                f"translated text has no counterpart in the source{_confidence(segment)}",
            )


DETECTORS = (UnalignedSource, UnalignedTarget)
