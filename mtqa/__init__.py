"""mtqa: machine-translation quality checks for French → English.

    >>> from mtqa import Segment, check
    >>> [f.code for f in check([Segment("1", "Il a dit.", "He said. .")])[0].findings]
    ['P101']
"""

from __future__ import annotations

from typing import Iterable, Sequence

from .types import Finding, Segment, SegmentResult

__version__ = "0.1.0"


def check(
    segments: Iterable[Segment],
    *,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
) -> list[SegmentResult]:
    """Run the rule detectors over segments and return one result per segment."""
    from .engine import Engine, select_detectors
    from .scorers.mqm import penalty, score, source_words

    engine = Engine(select_detectors(select, ignore))
    out = []
    for seg in segments:
        found = engine.findings(seg)
        out.append(SegmentResult(seg, found, {"mqm": score(penalty(found), source_words(seg.source))}))
    return out


__all__ = ["Finding", "Segment", "SegmentResult", "check", "__version__"]
