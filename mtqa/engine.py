"""Runs the selected detectors over segments, isolating failures."""

from __future__ import annotations

import re
from dataclasses import replace
from time import perf_counter
from typing import Any, Iterable, Mapping, Sequence

from .codes import INTERNAL_ERROR_CODE, RESERVED_CODES, RESERVED_PREFIX, TIME_BUDGET_CODE, is_reserved  # noqa: F401
from .detectors import REGISTRY, Context, Detector
from .errors import MtqaError
from .gating import Joined
from .hooks import BatchDetector
from .types import SEVERITIES, Finding, Segment

SUPPRESS_RE = re.compile(r"mtqa:\s*ignore(?:\[([^\]]*)\])?")

# What a suppression of a code no rule has is judged by: a note naming an
# "ML" code was written for the model findings (see `_from_batch`).
MODEL_PREFIX = "ML"
# Reserved codes (X000, X001) are in mtqa/codes.py; they are imported above
# and still importable from here, where callers have always found them.

# Seconds of detector time one segment may use. Python cannot safely stop a
# running detector: SIGALRM handlers only run in the main thread and only
# between bytecodes (a regex stuck inside the C matcher is never interrupted),
# and threads cannot be killed. So the budget is checked between detectors:
# once a segment has used it up, the detectors left are skipped and the
# segment gets an X001 finding (the run counts as incomplete, like X000).
# Runaway time inside one detector is prevented at the source instead: every
# pattern is kept linear, which benchmarks/adversarial.py checks.
DEFAULT_TIME_BUDGET = 10.0


def has_document_state(cls: type[Detector]) -> bool:
    """True for detectors that remember earlier segments (they override reset())."""
    return cls.reset is not Detector.reset


class SelectionError(MtqaError, ValueError):
    """An unknown code, prefix or name in --select / --ignore."""


def match_length(detector: type[Detector], patterns: Sequence[str]) -> int:
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
        if not any(match_length(d, [pat]) >= 0 for d in REGISTRY.values()):
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
        sel = match_length(det, select) if select else 0
        ign = match_length(det, ignore)
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
        listed = [c.strip().upper() for c in (m.group(1) or "").split(",") if c.strip()]
        if not listed:
            return None, "a bare 'mtqa: ignore' needs codes, e.g. 'mtqa: ignore[P101]'"
        codes.update(listed)
    return (codes if found else None), None


class Engine:
    """Holds detector instances for one run and checks segments one at a time."""

    def __init__(
        self,
        detectors: Iterable[type[Detector]] | None = None,
        *,
        options: Mapping[str, Mapping[str, Any]] | None = None,
        severities: Mapping[str, str] | None = None,
        time_budget: float | None = DEFAULT_TIME_BUDGET,
        batch_detectors: Sequence[BatchDetector] = (),
    ) -> None:
        options = options or {}
        # Run on each chunk after the rules (`detect_batches`): the model
        # findings. Their codes are ModelFinding detectors among `detectors`,
        # so --select/--ignore, severities and notes treat them as the rules'.
        self.batch_detectors = list(batch_detectors)
        # Seconds one segment may spend in detectors; None or 0 = unlimited.
        self.time_budget = time_budget or None
        classes = list(detectors) if detectors is not None else list(REGISTRY.values())
        self.detectors: list[Detector] = [
            cls(**dict(options.get(cls.code, {}) or options.get(cls.name, {}) or {})) for cls in classes
        ]
        self.severities = dict(severities or {})
        for code, sev in self.severities.items():
            if sev not in SEVERITIES:
                raise ValueError(f"severity for {code}: {sev!r} is not one of {', '.join(SEVERITIES)}")
        self._doc: object = object()
        # Patterns the target must match (triggers, prefilter), and (side,
        # pattern) the source or either side must match (source_prefilter,
        # either_prefilter), per detector.
        self._gates: dict[int, tuple[re.Pattern[str], ...]] = {id(d): _gates(d) for d in self.detectors}
        self._side_gates: dict[int, tuple[tuple[str, re.Pattern[str]], ...]] = {
            id(d): _side_gates(d) for d in self.detectors}
        # The detectors that override `applies` (asked per segment; the others always apply).
        self._custom_applies = frozenset(id(d) for d in self.detectors if type(d).applies is not Detector.applies)
        self.internal_errors = 0
        self.unused_suppressions: list[tuple[str, str]] = []

    def start_document(self, doc: str | None) -> None:
        if doc != self._doc:
            self._doc = doc
            for det in self.detectors:
                det.reset()

    def findings(self, segment: Segment) -> tuple[Finding, ...]:
        return self.finish(segment, self.detect(segment))

    def findings_many(self, segments: Sequence[Segment]) -> list[tuple[Finding, ...]]:
        """`findings` over a chunk, in order; detectors are gated for the whole chunk at once."""
        plan = self.plan([seg.target for seg in segments], [seg.source for seg in segments])
        return [self.finish(seg, self.detect(seg, todo)) for seg, todo in zip(segments, plan)]

    def detect_many(self, segments: Sequence[Segment]) -> list[list[Finding]]:
        plan = self.plan([seg.target for seg in segments], [seg.source for seg in segments])
        return [self.detect(seg, todo) for seg, todo in zip(segments, plan)]

    def plan(self, targets: Sequence[str], sources: Sequence[str] | None = None) -> list[list[Detector]]:
        """For each segment, the detectors whose gates it passes, in order.

        Each gate pattern is searched over all the targets (or sources)
        joined by "\n" in a few C-level scans (one per matching text) instead
        of one Python call per segment and detector: on real text most
        detectors have nothing to look at in most segments. Without
        `sources`, source gates are not applied (they only ever skip).
        """
        n = len(targets)
        plan: list[list[Detector]] = [[] for _ in range(n)]
        if not n:
            return plan
        sides: dict[str, Joined] = {"target": Joined(targets)}
        if sources is not None:
            sides["source"] = Joined(sources)
        target_side = sides["target"]
        for det in self.detectors:
            gates = self._gates[id(det)]
            side_gates = self._side_gates[id(det)]
            if not gates and not side_gates:
                for todo in plan:
                    todo.append(det)
                continue
            chosen: set[int] | None = None
            for gate in gates:
                hits = target_side.scan(gate)
                chosen = hits if chosen is None else chosen & hits
            for side, gate in side_gates:
                if side == "either":
                    if "source" not in sides:
                        continue
                    hits = sides["target"].scan(gate) | sides["source"].scan(gate)
                elif side in sides:
                    hits = sides[side].scan(gate)
                else:
                    continue
                chosen = hits if chosen is None else chosen & hits
            for i in (range(n) if chosen is None else sorted(chosen)):
                plan[i].append(det)
        return plan

    def detect(self, segment: Segment, todo: Sequence[Detector] | None = None) -> list[Finding]:
        """Raw findings of the detectors on one segment, in detector order.

        `todo` is the segment's share of `plan()`; without it each detector's
        gates are tried on this segment alone.

        A detector that raises gets an X000 finding. A segment that has used
        up the time budget skips its remaining detectors and gets an X001
        finding naming them (see DEFAULT_TIME_BUDGET for why the budget is
        checked between detectors rather than enforced by a signal).
        """
        self.start_document(segment.doc)
        target = segment.target
        if todo is None:
            todo = [d for d in self.detectors if all(g.search(target) for g in self._gates[id(d)])
                    and _passes(self._side_gates[id(d)], segment)]
        findings: list[Finding] = []
        if not todo:
            return findings
        ctx = Context(segment)
        budget = self.time_budget
        started = perf_counter() if budget else 0.0
        detectors = todo
        custom = self._custom_applies
        for i, det in enumerate(detectors):
            if custom and id(det) in custom and not det.applies(segment):
                continue
            try:
                findings.extend(det.detect(segment, ctx))
            except Exception as exc:  # noqa: BLE001 - isolation is the point
                self.internal_errors += 1
                findings.append(_run_finding(
                    INTERNAL_ERROR_CODE, "internal-error",
                    f"detector {det.code} ({det.name}) failed: {type(exc).__name__}: {exc}",
                ))
            if budget and i + 1 < len(detectors):
                spent = perf_counter() - started
                if spent > budget:
                    skipped = [d.code for d in detectors[i + 1:]]
                    self.internal_errors += 1
                    findings.append(_run_finding(
                        TIME_BUDGET_CODE, "time-budget-exceeded",
                        f"segment used {spent:.1f}s of a {budget:g}s budget after {det.code} ({det.name}); "
                        f"not checked by {', '.join(skipped)}",
                    ))
                    break
        return findings

    def finish(self, segment: Segment, findings: Sequence[Finding], *, reported: Sequence[Finding] = (),
               batch: bool = False) -> tuple[Finding, ...]:
        """The one finishing step, for rule findings and batch (model) findings
        alike: severity overrides, `mtqa: ignore[...]` notes, the final order.

        Rule findings are finished once the rules have run (`batch` false);
        batch findings later, once the batch detectors have read the reported
        rule findings (`reported`, already finished, merged back in order).
        Batch findings of codes the run did not enable are dropped. A note's
        code is answered by the pass that produces it: a suppression that
        suppressed nothing is recorded by that pass only."""
        produced = None
        if batch:
            # A note answers what the batch detector produced, enabled or not.
            produced = {f.code for f in findings}
            enabled = self._enabled_codes()
            findings = [f for f in findings if f.code in enabled]
        elif not findings and not segment.note:
            return ()
        if not findings and not segment.note:
            return tuple(reported)
        if self.severities:
            findings = [
                replace(f, severity=self.severities[f.code]) if f.code in self.severities else f
                for f in findings
            ]
        findings = self._suppress(segment, findings, batch, produced)
        if not findings:
            return tuple(reported)
        findings = [*reported, *findings]
        findings.sort(key=_finding_order)
        return tuple(findings)

    def detect_batches(self, segments: Sequence[Segment],
                       found: Sequence[tuple[Finding, ...]]) -> list[tuple[Finding, ...]]:
        """Each segment's reported findings with the batch detectors' added:
        they run on the whole chunk after the rules and see the rules'
        reported findings (`found`, from `finish`)."""
        raws = [det.detect_batch(segments, found) for det in self.batch_detectors]
        out = []
        for i, (seg, fs) in enumerate(zip(segments, found)):
            raw = [f for r in raws for f in r[i]]
            out.append(self.finish(seg, raw, reported=fs, batch=True) if raw or seg.note else fs)
        return out

    def _suppress(self, segment: Segment, findings: list[Finding], batch: bool = False,
                  produced: set[str] | None = None) -> list[Finding]:
        codes, error = parse_suppressions(segment.note)
        if error:
            raise SuppressionError(f"{segment.place or segment.id}: {error}")
        if not codes:
            return findings
        kept = [f for f in findings if f.code not in codes or is_reserved(f.code)]
        used = (produced if produced is not None else {f.code for f in findings}) & codes
        for code in sorted(codes - used):
            if _from_batch(code) == batch:
                self.unused_suppressions.append((segment.place or segment.id, code))
        return kept

    def _enabled_codes(self) -> frozenset[str]:
        codes = getattr(self, "_enabled", None)
        if codes is None:
            codes = self._enabled = frozenset(type(d).code for d in self.detectors)
        return codes


def _from_batch(code: str) -> bool:
    """Whether findings of `code` come from a batch detector (the model
    findings): the registry's `model_finding` flag; for a code no rule has, its prefix."""
    cls = REGISTRY.get(code)
    return bool(getattr(cls, "model_finding", False)) if cls is not None else code.startswith(MODEL_PREFIX)


def _run_finding(code: str, name: str, message: str) -> Finding:
    """A segment-level finding about the run itself (X000, X001): critical, no span."""
    return Finding(code=code, name=name, category="other", severity="critical", side="target",
                   start=None, end=None, message=message, suggestion=None)


class SuppressionError(MtqaError, ValueError):
    """A malformed `mtqa: ignore` marker."""


def _gates(det: Detector) -> tuple[re.Pattern[str], ...]:
    """The patterns a target must match for `det` to run: its triggers as a
    character class (unless it overrides `applies`) and its prefilter."""
    gates = []
    if det.triggers is not None and type(det).applies is Detector.applies:
        gates.append(re.compile("[" + "".join(re.escape(ch) for ch in det.triggers) + "]"))
    if det.prefilter is not None:
        gates.append(det.prefilter)
    return tuple(gates)


def _side_gates(det: Detector) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(side, pattern) that the source ("source") or either text ("either")
    must match for `det` to run: its source_prefilter and either_prefilter."""
    gates = []
    if det.source_prefilter is not None:
        gates.append(("source", det.source_prefilter))
    if det.either_prefilter is not None:
        gates.append(("either", det.either_prefilter))
    return tuple(gates)


def _passes(gates: tuple[tuple[str, re.Pattern[str]], ...], segment: Segment) -> bool:
    """Whether one segment passes a detector's source and either-side gates."""
    for side, gate in gates:
        if side == "source":
            ok = gate.search(segment.source)
        else:
            ok = gate.search(segment.target) or gate.search(segment.source)
        if not ok:
            return False
    return True


def _finding_order(f: Finding) -> tuple:
    # Reserved X codes (several detectors may fail on one segment) are tied
    # broken by their message, which names the detector, so the order does
    # not depend on where a detector ran (`--jobs`, Dask).
    return (f.side != "target", f.start if f.start is not None else -1, f.code,
            f.message if is_reserved(f.code) else "")
