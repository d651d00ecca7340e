"""What a run's hooks must provide: scorers, filters and gates (CheckConfig's).

Structural types (typing.Protocol): any object with these methods will do,
so the model scorer, the baseline and the score thresholds need no common
base class, and a test can pass a small stand-in.
"""

from __future__ import annotations

from typing import Any, Mapping, Protocol, Sequence

from .types import Finding, Segment, SegmentResult


class Scorer(Protocol):
    """Scores per segment and for the corpus. A per-segment dict may carry
    model findings under `scorers.EXTRA_FINDINGS`; a scorer with a
    `keep_extra` attribute is given the engine's rule for which count."""

    name: str

    def score(self, segments: Sequence[Segment], findings: Sequence[Sequence[Finding]]) -> list[dict[str, Any]]: ...

    def corpus(self) -> dict[str, Any]: ...


class Filter(Protocol):
    """Decides which of a segment's findings are reported (the baseline hides
    known ones); the scores rest on every finding."""

    def __call__(self, segment: Segment, findings: tuple[Finding, ...]) -> tuple[Finding, ...]: ...


class Gate(Protocol):
    """Sees every result, then may fail the run: `finish` returns (notices,
    failures) and may add its figures to the summary."""

    def observe(self, result: SegmentResult) -> None: ...

    def finish(self, summary: dict[str, Any], scores: Mapping[str, Any]) -> tuple[list[str], list[str]]: ...


__all__ = ["Filter", "Gate", "Scorer"]
