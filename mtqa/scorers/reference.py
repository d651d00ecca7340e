"""Reference-based metrics through sacrebleu: BLEU, chrF++ and TER.

Per segment (when the segment has a reference): `bleu` (sentence BLEU with
effective order), `chrf` (chrF++, i.e. CHRF(word_order=2)) and `ter`.
Corpus level: sacrebleu's corpus scores over the segments that have a
reference, with each metric's signature, exactly as `sacrebleu` prints them.
"""

from __future__ import annotations

from typing import Any, Sequence

from ..types import Finding, Segment


def metrics() -> dict[str, Any]:
    from sacrebleu.metrics import BLEU, CHRF, TER

    return {"bleu": BLEU(), "chrf": CHRF(word_order=2), "ter": TER()}


class ReferenceScorer:
    name = "reference"

    def __init__(self) -> None:
        # Built on the first segment with a reference: a run without
        # references never imports sacrebleu (70 ms of start-up).
        self._sent: dict[str, Any] | None = None
        self.hyps: list[str] = []
        self.refs: list[str] = []
        self.missing = 0

    def score(self, segments: Sequence[Segment], findings: Sequence[Sequence[Finding]]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for seg in segments:
            if seg.reference is None:
                self.missing += 1
                out.append({})
                continue
            self.hyps.append(seg.target)
            self.refs.append(seg.reference)
            out.append({name: round(m.sentence_score(seg.target, [seg.reference]).score, 4)
                        for name, m in self._sentence_metrics().items()})
        return out

    def _sentence_metrics(self) -> dict[str, Any]:
        if self._sent is None:
            from sacrebleu.metrics import BLEU, CHRF, TER

            self._sent = {"bleu": BLEU(effective_order=True), "chrf": CHRF(word_order=2), "ter": TER()}
        return self._sent

    def corpus(self) -> dict[str, Any]:
        if not self.hyps:
            return {}
        out: dict[str, Any] = {}
        signatures: dict[str, str] = {}
        for name, m in metrics().items():
            res = m.corpus_score(self.hyps, [self.refs])
            out[name] = round(res.score, 4)
            signatures[name] = str(m.get_signature())
        out["signatures"] = signatures
        out["reference_segments"] = len(self.hyps)
        if self.missing:
            out["segments_without_reference"] = self.missing
        return out
