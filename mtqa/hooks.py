"""What a run's hooks must provide: scorers, batch detectors, filters and gates.

Structural types (typing.Protocol): any object with these methods will do,
so the model scorer, the baseline and the score thresholds need no common
base class, and a test can pass a small stand-in.
"""

from __future__ import annotations

from typing import Any, Mapping, Protocol, Sequence, runtime_checkable

from .types import Finding, Segment, SegmentResult


class Scorer(Protocol):
    """Scores per segment and for the corpus. `findings` are each segment's
    reported findings, the batch detectors' (model findings) included."""

    name: str

    def score(self, segments: Sequence[Segment], findings: Sequence[Sequence[Finding]]) -> list[dict[str, Any]]: ...

    def corpus(self) -> dict[str, Any]: ...


@runtime_checkable
class BatchDetector(Protocol):
    """Findings for a whole chunk at once, after the rules: the model
    findings (ML1xx, ML2xx), which need a batch of segments through a model.
    `findings` are the rules' reported findings per segment; it returns raw
    findings per segment, which the engine finishes as it finishes the
    rules' (`Engine.finish`: enabled codes, severities, notes, order). Its
    codes are registered detectors (ModelFinding: metadata, no rule pass)."""

    def detect_batch(self, segments: Sequence[Segment], findings: Sequence[Sequence[Finding]]) -> list[list[Finding]]: ...


class Filter(Protocol):
    """Decides which of a segment's findings are reported (the baseline hides
    known ones); the scores rest on every finding."""

    def __call__(self, segment: Segment, findings: tuple[Finding, ...]) -> tuple[Finding, ...]: ...


class Gate(Protocol):
    """Sees every result, then may fail the run: `finish` returns (notices,
    failures) and may add its figures to the summary."""

    def observe(self, result: SegmentResult) -> None: ...

    def finish(self, summary: dict[str, Any], scores: Mapping[str, Any]) -> tuple[list[str], list[str]]: ...


__all__ = ["BatchDetector", "Filter", "Gate", "Scorer"]
