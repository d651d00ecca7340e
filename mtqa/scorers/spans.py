"""Span findings of the learned quality estimator: ML201 (target) and ML202 (source).

Both turn the token heads' probabilities (mtqa/qe.py) into findings, and both
are quiet by construction: a span needs a high token probability AND a
segment the segment head scores poorly (below SPAN_MAX_Z), so a fluent,
faithful sentence with one rare word is not flagged; spans a rule finding
already covers are left to the rule. Pure Python: no model is loaded here.
"""

from __future__ import annotations

from typing import Sequence

from ..text import WORD as _WORD
from ..types import Finding, Segment

# Set on WMT14 human references and MLQE-PE / MQM dev tags (benchmarks/qe_eval.py).
SPAN_MINOR = 0.9
SPAN_MAJOR = 0.97
SPAN_MAX_Z = -0.5
# ML202 (source words the translation lost): minor only. Its head is weaker
# than the target head (MCC on MLQE-PE test tags in the README) and its
# probabilities rarely pass 0.8; 0.7 flags 0.33% of 1,500 WMT14 references
# and 0.8% of system outputs on a first sample, so it may point, never gate a build.
SOURCE_SPAN_MIN = 0.7



def overlaps(start: int, end: int, findings: Sequence[Finding], side: str = "target") -> bool:
    """Whether [start, end) touches (or abuts) a finding's span on `side`."""
    for f in findings:
        if f.side != side or f.start is None or f.end is None:
            continue
        if f.start <= end + 1 and start - 1 <= f.end:
            return True
    return False


def _tokens(tokens: Sequence[Sequence[float]]) -> tuple[list[tuple[int, int]], list[float]]:
    return [(int(a), int(b)) for a, b, _ in tokens], [float(p) for _, _, p in tokens]


def error_span_findings(seg: Segment, z: float, tokens: Sequence[Sequence[float]], found: Sequence[Finding]) -> list[Finding]:
    """ML201 findings: target words the token head says a post-editor would change.

    Major from SPAN_MAJOR, minor from SPAN_MINOR, only in a segment the head
    scores below SPAN_MAX_Z."""
    from .. import qe as learned
    from ..detectors.learned import ErrorSpan

    if z > SPAN_MAX_Z:
        return []
    offsets, probs = _tokens(tokens)
    out = []
    for start, end, p in learned.bad_spans(seg.target, offsets, probs, SPAN_MINOR):
        if overlaps(start, end, found):
            continue
        severity = "major" if p >= SPAN_MAJOR else "minor"
        out.append(ErrorSpan().finding(
            start, end, f"'{seg.target[start:end]}' is likely mistranslated (model: {p:.2f} that a post-editor "
            f"changes it)", severity=severity))
    return out


def _carried(words: str, target: str) -> bool:
    """A source span whose every word of 3+ letters appears in the target as
    written (names, numbers, acronyms, cognates spelt alike) is carried."""
    lowered = target.casefold()
    found = [w for w in _WORD.findall(words) if len(w) >= 3]
    return bool(found) and all(w.casefold() in lowered for w in found)


def _names_only(words: str) -> bool:
    """A span of capitalised words only is a name: translated, transliterated
    or dropped names are the N2 rules' job, and the head is least sure on them."""
    found = _WORD.findall(words)
    return bool(found) and all(w[:1].isupper() for w in found)


def source_span_findings(seg: Segment, z: float, tokens: Sequence[Sequence[float]], found: Sequence[Finding]) -> list[Finding]:
    """ML202 findings: source words the source token head says the translation
    did not carry (mistranslated or left out), minor, span on the source.

    Same segment gate as ML201; spans already covered by a source-side rule
    finding (A501, A502, numbers, names), spans whose words appear in the
    target as written and spans of names only are skipped."""
    from .. import qe as learned
    from ..detectors.learned import SourceSpan

    if z > SPAN_MAX_Z:
        return []
    offsets, probs = _tokens(tokens)
    out = []
    for start, end, p in learned.bad_spans(seg.source, offsets, probs, SOURCE_SPAN_MIN):
        span = seg.source[start:end]
        if overlaps(start, end, found, side="source") or _carried(span, seg.target) or _names_only(span):
            continue
        out.append(SourceSpan().finding(
            start, end, f"'{seg.source[start:end]}' may be lost or mistranslated in the target (model: {p:.2f} "
            f"that the translation does not carry it)", side="source"))
    return out
