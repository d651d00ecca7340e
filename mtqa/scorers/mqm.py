"""MQM-style score from findings: weighted penalties normalised per source word.

Weights: minor 1, major 5, critical 25, and 0.1 for a minor punctuation
finding (fluency/punctuation), as in common MQM practice. The score is
100 * (1 - penalty / source_words): 100 is clean, it falls by one point per
minor error per hundred words, and it is not clamped, so a short segment with
many errors goes below zero (as MQM does). Internal errors carry no weight.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from ..codes import is_reserved
from ..text import WORD as _WORD
from ..types import Finding

WEIGHTS = {"minor": 1.0, "major": 5.0, "critical": 25.0}
MINOR_PUNCTUATION_WEIGHT = 0.1


@lru_cache(maxsize=8192)
def source_words(text: str) -> int:
    """Words of a source, the per-word denominator. Memoised: each segment's
    source is counted by its score and again by the run's summary, and a
    corpus of several systems repeats each source once per system; a word
    scan is some 20 µs a sentence."""
    return len(_WORD.findall(text))


def penalty(findings: Iterable[Finding]) -> float:
    total = 0.0
    for f in findings:
        if is_reserved(f.code):
            continue  # a finding about the run, not the translation, weighs nothing
        if f.severity == "minor" and f.category == "fluency/punctuation":
            total += MINOR_PUNCTUATION_WEIGHT
        else:
            total += WEIGHTS.get(f.severity, 0.0)
    return total


def score(pen: float, words: int) -> float:
    return round(100.0 * (1.0 - pen / max(1, words)), 4)


@dataclass
class MQMAccumulator:
    """Running totals for document- and corpus-level MQM."""

    penalty: float = 0.0
    words: int = 0

    def add(self, pen: float, words: int) -> None:
        self.penalty += pen
        self.words += words

    @property
    def score(self) -> float:
        return score(self.penalty, self.words)

    def to_dict(self) -> dict[str, float]:
        return {"mqm": self.score, "mqm_penalty": round(self.penalty, 4), "source_words": self.words}
