"""Runs the selected detectors over segments, isolating failures."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Iterable, Iterator, Mapping, Sequence

from .detectors import INTERNAL_ERROR_CODE, REGISTRY, Context, Detector
from .types import SEVERITIES, Finding, Segment

SUPPRESS_RE = re.compile(r"mtqa:\s*ignore(?:\[([^\]]*)\])?")


class SelectionError(ValueError):
    """An unknown code, prefix or name in --select / --ignore."""


def _match_length(detector: type[Detector], patterns: Sequence[str]) -> int:
    """Length of the most specific pattern that matches a detector, or -1.

    Like flake8, a pattern is a code or code prefix ("P", "P1", "P101"); a
    kebab-case name matches as well and counts as fully specific.
    """
    best = -1
    for pat in patterns:
        if pat == detector.name or pat.lower() == detector.name:
            best = max(best, 100)
        elif detector.code.startswith(pat.upper()):
            best = max(best, len(pat))
    return best


def _check_patterns(patterns: Sequence[str], option: str) -> None:
    for pat in patterns:
        if not any(_match_length(d, [pat]) >= 0 for d in REGISTRY.values()):
            raise SelectionError(f"{option}: {pat!r} matches no rule (see `mtqa rules`)")


def select_detectors(
    select: Sequence[str] | None = None, ignore: Sequence[str] | None = None
) -> list[type[Detector]]:
    """Detectors enabled by --select / --ignore, the more specific match winning."""
    select = [s for s in (select or []) if s]
    ignore = [s for s in (ignore or []) if s]
    _check_patterns(select, "--select")
    _check_patterns(ignore, "--ignore")
    chosen = []
    for det in REGISTRY.values():
        sel = _match_length(det, select) if select else 0
        ign = _match_length(det, ignore)
        if sel >= 0 and sel > ign:
            chosen.append(det)
    return chosen


def parse_suppressions(note: str | None) -> tuple[set[str] | None, str | None]:
    """Codes suppressed by `mtqa: ignore[CODE,...]` in a note, and an error if malformed."""
    if not note:
        return None, None
    codes: set[str] = set()
    found = False
    for m in SUPPRESS_RE.finditer(note):
        found = True
        if m.group(1) is None or not m.group(1).strip():
            return None, "a bare 'mtqa: ignore' needs codes, e.g. 'mtqa: ignore[P101]'"
        codes.update(c.strip().upper() for c in m.group(1).split(",") if c.strip())
    return (codes if found else None), None


class Engine:
    """Holds detector instances for one run and checks segments one at a time."""

    def __init__(
        self,
        detectors: Iterable[type[Detector]] | None = None,
        *,
        options: Mapping[str, Mapping[str, Any]] | None = None,
        severities: Mapping[str, str] | None = None,
    ) -> None:
        options = options or {}
        classes = list(detectors) if detectors is not None else list(REGISTRY.values())
        self.detectors: list[Detector] = [
            cls(**dict(options.get(cls.code, {}) or options.get(cls.name, {}) or {})) for cls in classes
        ]
        self.severities = dict(severities or {})
        for code, sev in self.severities.items():
            if sev not in SEVERITIES:
                raise ValueError(f"severity for {code}: {sev!r} is not one of {', '.join(SEVERITIES)}")
        self._doc: object = object()
        self.internal_errors = 0
        self.unused_suppressions: list[tuple[str, str]] = []

    def _start_document(self, doc: str | None) -> None:
        if doc != self._doc:
            self._doc = doc
            for det in self.detectors:
                det.reset()

    def check(self, segment: Segment) -> tuple[Finding, ...]:
        self._start_document(segment.doc)
        ctx = Context(segment)
        findings: list[Finding] = []
        for det in self.detectors:
            if not det.applies(segment):
                continue
            try:
                findings.extend(det.check(segment, ctx))
            except Exception as exc:  # noqa: BLE001 - isolation is the point
                self.internal_errors += 1
                findings.append(
                    Finding(
                        code=INTERNAL_ERROR_CODE,
                        name="internal-error",
                        category="other",
                        severity="critical",
                        side="target",
                        start=None,
                        end=None,
                        message=f"detector {det.code} ({det.name}) failed: {type(exc).__name__}: {exc}",
                        suggestion=None,
                    )
                )
        if self.severities:
            findings = [
                replace(f, severity=self.severities[f.code]) if f.code in self.severities else f
                for f in findings
            ]
        findings = self._suppress(segment, findings)
        findings.sort(key=_finding_order)
        return tuple(findings)

    def _suppress(self, segment: Segment, findings: list[Finding]) -> list[Finding]:
        codes, error = parse_suppressions(segment.note)
        if error:
            raise SuppressionError(f"{segment.place or segment.id}: {error}")
        if not codes:
            return findings
        kept = [f for f in findings if f.code not in codes or f.code == INTERNAL_ERROR_CODE]
        used = {f.code for f in findings} & codes
        for code in sorted(codes - used):
            self.unused_suppressions.append((segment.place or segment.id, code))
        return kept

    def run(self, segments: Iterable[Segment]) -> Iterator[tuple[Segment, tuple[Finding, ...]]]:
        for seg in segments:
            yield seg, self.check(seg)


class SuppressionError(ValueError):
    """A malformed `mtqa: ignore` marker."""


def _finding_order(f: Finding) -> tuple:
    return (f.side != "target", f.start if f.start is not None else -1, f.code)
