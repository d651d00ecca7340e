"""The fixer: which suggestions to apply (the policy), in passes, each re-checked.

The rule set (code -> detector class, in rank order) is a parameter: the
fixer checks with an engine over those rules, ranks conflicting edits by
their order, and reads each code's fix class from them. Without one it
uses the registered rules.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any, Iterable, Mapping, Sequence

from ..detectors import REGISTRY, Detector
from ..codes import is_reserved
from ..engine import Engine
from ..types import Finding, Segment
from .edits import (PLACEHOLDER_RE, Edit, apply_all, apply_edits, choose, conflicts, edit_order, map_offset,
                    new_range, original_span, protected_spans)
from .outcome import AppliedFix, FixOutcome, RejectedFix, SegmentFix

_MAX_BLAME_TRIALS = 12


@dataclass(frozen=True)
class FixPolicy:
    """Which suggestions may be applied."""

    unsafe: bool = False
    # Reviewable codes opted in one by one (codes, prefixes or names).
    codes: frozenset[str] = frozenset()
    # Codes fixed at all (from --select / --ignore); None = every code.
    only: frozenset[str] | None = None

    def allows(self, code: str, fix_class: str) -> bool:
        """May a suggestion of `code`, whose rule has `fix_class`, be applied?"""
        if self.only is not None and code not in self.only:
            return False
        if fix_class == "safe":
            return True
        return fix_class == "reviewable" and (self.unsafe or code in self.codes)

    def reportable(self, code: str) -> bool:
        return self.only is None or code in self.only


class Fixer:
    """Fixes a list of segments by `policy`, verifying with every detector of `rules`."""

    def __init__(
        self,
        policy: FixPolicy | None = None,
        *,
        rules: Mapping[str, type[Detector]] | None = None,
        detector_options: Mapping[str, Mapping[str, Any]] | None = None,
        max_passes: int = 32,
    ) -> None:
        self.policy = policy or FixPolicy()
        self.rules = dict(REGISTRY if rules is None else rules)
        # Conflicting edits of the same span go to the earlier rule.
        self.rank = {code: i for i, code in enumerate(self.rules)}
        self.fix_classes = {code: cls.fix for code, cls in self.rules.items()}
        self.detector_options = dict(detector_options or {})
        self.max_passes = max_passes
        # Fail early on bad detector options (ValueError names the option).
        self._engine()

    def _engine(self) -> Engine:
        return Engine(self.rules.values(), options=self.detector_options)

    def fix_class(self, code: str) -> str:
        return self.fix_classes.get(code, "none")

    def _allows(self, code: str) -> bool:
        return self.policy.allows(code, self.fix_class(code))

    def _order(self, edit: Edit) -> tuple:
        return edit_order(edit, self.rank)

    # -- checking

    def _check_docs(self, segments: Sequence[Segment], texts: Sequence[str], docs: Iterable[Any] | None = None
                    ) -> dict[int, tuple[Finding, ...]]:
        """Findings per segment index, checking whole documents with a fresh engine."""
        wanted = None if docs is None else set(docs)
        engine = self._engine()
        out: dict[int, tuple[Finding, ...]] = {}
        for i, seg in enumerate(segments):
            if wanted is not None and seg.doc not in wanted:
                continue
            out[i] = engine.findings(replace(seg, target=texts[i]))
        return out

    # -- planning

    def _candidates(self, segment: Segment, text: str, findings: Sequence[Finding]) -> list[Edit]:
        meta = segment.meta or {}
        if meta.get("translate") is False:
            return []
        guard = protected_spans(replace(segment, target=text)) if meta.get("inline") else []
        out = []
        for f in findings:
            if f.side != "target" or f.start is None or f.end is None or f.suggestion is None:
                continue
            if not self._allows(f.code):
                continue
            if not 0 <= f.start <= f.end <= len(text) or text[f.start:f.end] == f.suggestion:
                continue
            if any(conflicts((f.start, f.end), g) and not (f.end == g[0] or f.start == g[1]) for g in guard):
                continue
            if meta.get("inline") and PLACEHOLDER_RE.search(f.suggestion):
                continue
            out.append(Edit(f.start, f.end, f.suggestion, f))
        return out

    # -- verification

    @staticmethod
    def _expected(before: Sequence[Finding], edits: Sequence[Edit]) -> list[Finding]:
        fixed = {id(e.finding) for e in edits}
        out = []
        for f in before:
            if id(f) in fixed:
                continue
            if f.side == "target" and f.start is not None and f.end is not None and edits:
                start = map_offset(edits, f.start)
                end = max(start, map_offset(edits, f.end, right=True))
                f = replace(f, start=start, end=end)
            out.append(f)
        return out

    @staticmethod
    def _new_findings(expected: Sequence[Finding], after: Sequence[Finding]) -> list[Finding]:
        """Findings in `after` that no expected finding accounts for (multiset matching)."""
        pool = list(expected)
        unmatched: list[Finding] = []
        rest = []
        for f in after:  # exact matches first
            hit = next((i for i, e in enumerate(pool)
                        if e.code == f.code and e.side == f.side and (e.start, e.end) == (f.start, f.end)), None)
            if hit is None:
                rest.append(f)
            else:
                pool.pop(hit)
        for f in rest:  # then the same code nearby (spans may grow or shrink with context)
            hit = None
            for i, e in enumerate(pool):
                if e.code != f.code or e.side != f.side:
                    continue
                if e.start is None or f.start is None:
                    if e.start is None and f.start is None:
                        hit = i
                        break
                    continue
                if e.start <= f.end and f.start <= e.end:
                    hit = i
                    break
            if hit is None:
                unmatched.append(f)
            else:
                pool.pop(hit)
        return unmatched

    def _changed(self, expected: Sequence[Finding], after: Sequence[Finding]) -> list[Finding]:
        """What the re-check rejects: findings no expected one accounts for, and
        expected findings that disappeared although no edit was meant to fix
        them (a period added to a truncated target must not hide the O103).
        A vanished finding that was itself a fixable candidate (it lost a
        conflict to an edit that fixed it too) is fine; lost ones are returned
        as `_Lost` copies."""
        out = self._new_findings(expected, after)
        for f in self._new_findings(after, expected):
            if is_reserved(f.code):
                continue  # run findings (time budget) come and go with timing
            if f.side == "target" and f.suggestion is not None and self._allows(f.code):
                continue
            out.append(_Lost(f))
        return out

    # -- the run

    def run(self, segments: Sequence[Segment]) -> FixOutcome:
        segments = list(segments)
        n = len(segments)
        texts = [s.target for s in segments]
        history: list[list[list[Edit]]] = []  # per layer of edits, per segment
        rejected_log: dict[int, list[RejectedFix]] = {}
        findings = self._check_docs(segments, texts)
        passes = 0
        while passes < self.max_passes:
            passes += 1
            base = texts
            cands = {i: self._candidates(segments[i], texts[i], findings[i]) for i in range(n)}
            rejected: dict[int, set[Edit]] = defaultdict(set)
            reasons: dict[tuple[int, Edit], str] = {}
            layers: list[dict[int, list[Edit]]] = []
            while True:
                chosen = {i: choose((e for e in cands[i] if e not in rejected[i]), self.rank) for i in cands if cands[i]}
                chosen = {i: c for i, c in chosen.items() if c}
                if not chosen:
                    break
                new_texts = apply_all(texts, chosen)
                docs = {segments[i].doc for i in chosen}
                after = self._check_docs(segments, new_texts, docs)
                expected = {i: self._expected(findings[i], chosen.get(i, [])) for i in after}
                new = self._new_by_segment(expected, after)
                if not new:
                    layers = [chosen]
                    break
                follow = self._follow_up(segments, new_texts, new, expected, docs, chosen)
                if follow is not None:
                    # The fixes raised findings that are themselves fixable, and
                    # fixing them leaves nothing new ("Mr" after a new "Ms."
                    # takes the document's style): keep both layers.
                    layers = [chosen, follow[0]]
                    new_texts, after = follow[1], follow[2]
                    break
                for i, edit, reason in self._blame(segments, texts, findings, new, chosen):
                    rejected[i].add(edit)
                    reasons[(i, edit)] = reason
            # What the last pass (run on the final text) could not apply is what
            # is left; rejections of earlier passes were retried after them.
            rejected_log = defaultdict(list)
            kept = layers[0] if layers else {}
            for (i, edit), reason in sorted(reasons.items(), key=lambda kv: (kv[0][0], self._order(kv[0][1]))):
                if edit not in kept.get(i, ()):
                    rejected_log[i].append(self._rejected(history, i, base, edit, reason))
            if not layers:
                break
            texts = new_texts
            for layer in layers:
                history.append([layer.get(i, []) for i in range(n)])
            findings.update(after)
        return self._outcome(segments, texts, history, rejected_log, findings, passes)

    def _new_by_segment(self, expected, after) -> dict[int, list[Finding]]:
        out = {}
        for i in sorted(after):
            new = self._changed(expected[i], after[i])
            if new:
                out[i] = new
        return out

    def _follow_up(self, segments, texts, new, expected, docs, first):
        """Fix the findings a layer of edits raised elsewhere ("Mr" later in the
        document after a new "Ms."), if all of them can be fixed away from the
        first edits and that leaves nothing new: (edits, texts, after) or None.
        A finding on a first edit's own text means that edit was wrong: no
        follow-up may paper over it."""
        follow: dict[int, list[Edit]] = {}
        for i, fs in new.items():
            cands = self._candidates(segments[i], texts[i], fs)
            chosen = choose(cands, self.rank)
            if len(chosen) != len(fs):
                return None
            mine = [new_range(first.get(i, []), e) for e in first.get(i, [])]
            if any(a <= e.end and e.start <= b for e in chosen for a, b in mine):
                return None
            follow[i] = chosen
        texts2 = apply_all(texts, follow)
        after2 = self._check_docs(segments, texts2, docs)
        for i in after2:
            if self._changed(self._expected(expected[i], follow.get(i, [])), after2[i]):
                return None
        return follow, texts2, after2

    def _blame(self, segments, texts, before, new, chosen) -> list[tuple[int, Edit, str]]:
        """The edits that caused the new findings, each with the reason."""
        blamed: dict[tuple[int, Edit], str] = {}
        stray: dict[Any, list[tuple[int, Finding]]] = defaultdict(list)
        for i, fs in new.items():
            edits = chosen.get(i, [])
            for f in fs:
                culprits = []
                if f.side == "target" and f.start is not None and edits:
                    for e in edits:
                        a, b = new_range(edits, e)
                        if a <= f.end and f.start <= b:
                            culprits.append(e)
                if culprits:
                    for e in culprits:
                        blamed.setdefault((i, e), _reason(f, e))
                else:
                    stray[segments[i].doc].append((i, f))
        for doc, lost in stray.items():
            if any(segments[i].doc == doc for i, _ in blamed):
                continue  # fix the attributable ones first; the rest may go with them
            blamed.update(self._blame_by_trial(segments, texts, before, chosen, doc, lost))
        return [(i, e, r) for (i, e), r in sorted(blamed.items(), key=lambda kv: (kv[0][0], self._order(kv[0][1])))]

    def _blame_by_trial(self, segments, texts, before, chosen, doc, lost) -> dict[tuple[int, Edit], str]:
        """New findings that touch no edit (a document-level check): find a small
        set of edits whose removal clears them. Remove edits nearest first until
        the document is clean, then put back each one it stays clean without."""
        near = min(i for i, _ in lost)
        pool = sorted(
            ((i, e) for i, edits in chosen.items() if segments[i].doc == doc for e in edits),
            key=lambda ie: (abs(ie[0] - near), ie[0], self._order(ie[1])),
        )
        what = "; ".join(f"{f.code} {f.message}" for _, f in lost[:3])
        how = ("hid a finding elsewhere in the document" if all(isinstance(f, _LostFinding) for _, f in lost)
               else "made a new finding elsewhere in the document")

        def clean_without(removed: list[tuple[int, Edit]]) -> bool:
            trial = {k: [x for x in v if not any(k == i and x is e for i, e in removed)] for k, v in chosen.items()}
            res = self._check_docs(segments, apply_all(texts, trial), {doc})
            return not any(self._changed(self._expected(before[k], trial.get(k, [])), res[k]) for k in res)

        removed: list[tuple[int, Edit]] = []
        trials = 0
        for item in pool:
            removed.append(item)
            trials += 1
            if trials > _MAX_BLAME_TRIALS:
                removed = pool
                break
            if clean_without(removed):
                break
        else:
            removed = pool
        if len(removed) > 1 and trials <= _MAX_BLAME_TRIALS:
            for item in list(removed):
                if trials > 2 * _MAX_BLAME_TRIALS:
                    break
                trials += 1
                rest = [x for x in removed if x is not item]
                if rest and clean_without(rest):
                    removed = rest
        return {(i, e): f"the fix {how}: {what}" for i, e in removed}

    def _rejected(self, history, i, texts, edit: Edit, reason: str) -> RejectedFix:
        f = edit.finding
        start, end = original_span(history, i, edit.start, edit.end)
        return RejectedFix(
            code=f.code, name=f.name, fix_class=self.fix_class(f.code), start=start, end=end,
            before=texts[i][edit.start:edit.end], suggestion=edit.replacement, reason=reason,
        )

    def _outcome(self, segments, texts, history, rejected_log, findings, passes) -> FixOutcome:
        out = []
        for i, seg in enumerate(segments):
            applied = []
            base = seg.target
            for p, pass_edits in enumerate(history, 1):
                edits = pass_edits[i]
                for e in sorted(edits, key=self._order):
                    start, end = original_span(history[: p - 1], i, e.start, e.end)
                    applied.append(AppliedFix(
                        code=e.finding.code, name=e.finding.name, fix_class=self.fix_class(e.finding.code),
                        start=start, end=end, before=base[e.start:e.end], after=e.replacement,
                        message=e.finding.message, pass_no=p,
                    ))
                base = apply_edits(base, edits)
            remaining = tuple(f for f in findings[i] if self.policy.reportable(f.code))
            out.append(SegmentFix(seg, texts[i], applied, rejected_log.get(i, []), remaining))
        return FixOutcome(out, passes, self.fix_classes)


@dataclass(frozen=True, slots=True)
class _LostFinding(Finding):
    """An expected finding that a fix made disappear (see Fixer._changed)."""


def _Lost(f: Finding) -> Finding:
    return _LostFinding(**{k: getattr(f, k) for k in Finding.__dataclass_fields__})


def _reason(f: Finding, edit: Edit) -> str:
    if isinstance(f, _LostFinding):
        return f"the fix would hide {f.code} ({f.name}), which it does not fix: {f.message}"
    if f.code == edit.finding.code:
        return f"the fix did not clear {f.code}: {f.message}"
    return f"the fix would raise {f.code} ({f.name}): {f.message}"


def fix_segments(
    segments: Iterable[Segment],
    policy: FixPolicy | None = None,
    *,
    rules: Mapping[str, type[Detector]] | None = None,
    detector_options: Mapping[str, Mapping[str, Any]] | None = None,
) -> FixOutcome:
    """Fix segments (Python API): `fix_segments([Segment(...)]).segments[0].fixed`."""
    return Fixer(policy, rules=rules, detector_options=detector_options).run(list(segments))

