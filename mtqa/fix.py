"""Applying findings' suggestions: safe automatic post-editing (`mtqa fix`).

A finding's `suggestion` is the replacement for its target span (`""` deletes
the span; `None` means there is nothing a machine can propose). Which
suggestions are applied depends on the detector's fix class: `safe` ones
always, `reviewable` ones with `unsafe=True` or when their code is opted in,
`none` never.

The algorithm, per pass over the whole input:

1. check every segment (a fresh engine, so document-level detectors see the
   same context `mtqa check` would);
2. per segment, choose non-overlapping candidate edits deterministically:
   earliest start, then longest span, then code order, then suggestion;
   zero-width edits conflict with any edit they touch;
3. apply them and check again. Every finding after the edit must be one of the
   findings before it that was not fixed (offsets mapped through the edits).
   A new finding, or the fixed code raised again at the fixed place, rejects
   the edit that caused it (the edit whose new text touches the finding; for a
   finding elsewhere, the edit whose removal makes it go away) and the pass is
   re-planned without it, so edits skipped for a conflict get their turn;
4. the next pass starts from the accepted result; a pass that applies nothing
   ends the run.

The findings after a pass are a strict sub-multiset of those before it, so the
run ends; and the last pass ran on the final text and changed nothing, so a
second run over the output changes nothing (idempotence).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Mapping, Sequence

from .detectors import REGISTRY
from .engine import Engine, select_detectors
from .types import Finding, Segment

# Inline-markup placeholders as the XML readers render them (`<g id="1">`,
# `</g>`, `<ph id="2"/>`): edits never touch them.
PLACEHOLDER_RE = re.compile(r"</?[A-Za-z][\w:-]*(?:\s+[\w:-]+=\"[^\"]*\")*\s*/?>")

_CODE_RANK = {code: i for i, code in enumerate(REGISTRY)}
_MAX_BLAME_TRIALS = 12


@dataclass(frozen=True)
class FixPolicy:
    """Which suggestions may be applied."""

    unsafe: bool = False
    # Reviewable codes opted in one by one (codes, prefixes or names).
    codes: frozenset[str] = frozenset()
    # Codes fixed at all (from --select / --ignore); None = every code.
    only: frozenset[str] | None = None

    @classmethod
    def build(
        cls,
        *,
        unsafe: bool = False,
        fix_codes: Sequence[str] = (),
        select: Sequence[str] = (),
        ignore: Sequence[str] = (),
    ) -> "FixPolicy":
        opted = frozenset(d.code for d in select_detectors(fix_codes)) if fix_codes else frozenset()
        only = frozenset(d.code for d in select_detectors(select, ignore)) if (select or ignore) else None
        return cls(unsafe=unsafe, codes=opted, only=only)

    def fix_class(self, code: str) -> str:
        det = REGISTRY.get(code)
        return det.fix if det is not None else "none"

    def allows(self, code: str) -> bool:
        if self.only is not None and code not in self.only:
            return False
        klass = self.fix_class(code)
        if klass == "safe":
            return True
        return klass == "reviewable" and (self.unsafe or code in self.codes)

    def reportable(self, code: str) -> bool:
        return self.only is None or code in self.only


@dataclass(frozen=True)
class Edit:
    """Replace text[start:end] with `replacement` (in the text of its pass)."""

    start: int
    end: int
    replacement: str
    finding: Finding

    @property
    def delta(self) -> int:
        return len(self.replacement) - (self.end - self.start)


@dataclass(frozen=True)
class AppliedFix:
    code: str
    name: str
    fix_class: str
    start: int  # offsets in the original target (best effort after pass 1)
    end: int
    before: str
    after: str
    message: str
    pass_no: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code, "name": self.name, "fix": self.fix_class, "start": self.start, "end": self.end,
            "before": self.before, "after": self.after, "message": self.message, "pass": self.pass_no,
        }


@dataclass(frozen=True)
class RejectedFix:
    code: str
    name: str
    fix_class: str
    start: int
    end: int
    before: str
    suggestion: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code, "name": self.name, "fix": self.fix_class, "start": self.start, "end": self.end,
            "before": self.before, "suggestion": self.suggestion, "reason": self.reason,
        }


@dataclass
class SegmentFix:
    """One segment's outcome: its fixed target and what happened."""

    segment: Segment
    fixed: str
    applied: list[AppliedFix] = field(default_factory=list)
    rejected: list[RejectedFix] = field(default_factory=list)
    # Findings on the fixed text that are left for a person (reportable codes).
    remaining: tuple[Finding, ...] = ()

    @property
    def changed(self) -> bool:
        return self.fixed != self.segment.target

    @property
    def needs_review(self) -> bool:
        """A reviewable suggestion was applied: a person should confirm it."""
        return any(a.fix_class != "safe" for a in self.applied)


@dataclass
class FixOutcome:
    segments: list[SegmentFix]
    passes: int

    @property
    def changed(self) -> list[SegmentFix]:
        return [s for s in self.segments if s.changed]

    @property
    def applied_count(self) -> int:
        return sum(len(s.applied) for s in self.segments)


# ---------------------------------------------------------------- edits


def conflicts(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Two edits fight when their spans overlap, or a zero-width one touches the other."""
    (s1, e1), (s2, e2) = a, b
    if s1 == e1 or s2 == e2:
        return s1 <= e2 and s2 <= e1
    return s1 < e2 and s2 < e1


def edit_order(edit: Edit) -> tuple:
    f = edit.finding
    return (edit.start, -(edit.end - edit.start), _CODE_RANK.get(f.code, len(_CODE_RANK)), f.code, edit.replacement)


def choose(edits: Iterable[Edit]) -> list[Edit]:
    """A deterministic set of non-conflicting edits, whatever the input order."""
    chosen: list[Edit] = []
    for edit in sorted(set(edits), key=edit_order):
        if not any(conflicts((edit.start, edit.end), (c.start, c.end)) for c in chosen):
            chosen.append(edit)
    return chosen


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """Apply non-conflicting edits (any order given; applied right to left)."""
    out = text
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        out = out[: edit.start] + edit.replacement + out[edit.end:]
    return out


def map_offset(edits: Sequence[Edit], pos: int, *, right: bool = False) -> int:
    """Where `pos` of the text before the edits lands after them.

    A position inside an edited span goes to the start of its replacement (to
    its end when `right`, for span ends).
    """
    shift = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start == edit.end == pos:
            if not right:  # text inserted at a span's start pushes the span right
                shift += edit.delta
        elif edit.end <= pos:
            shift += edit.delta
        elif edit.start < pos < edit.end:
            return edit.start + shift + (len(edit.replacement) if right else 0)
        else:
            break
    return pos + shift


def new_range(edits: Sequence[Edit], edit: Edit) -> tuple[int, int]:
    """The span an edit's replacement occupies in the edited text."""
    start = edit.start + sum(e.delta for e in edits if e is not edit and e.end <= edit.start)
    return start, start + len(edit.replacement)


def unmap_offset(edits: Sequence[Edit], pos: int) -> int:
    """Inverse of map_offset, for reporting: a position after the edits, before them."""
    shift = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        new_start = edit.start + shift
        if pos < new_start:
            break
        if pos < new_start + len(edit.replacement):
            return edit.start
        shift += edit.delta
    return pos - shift


def protected_spans(segment: Segment) -> list[tuple[int, int]]:
    """Target spans no edit may touch: inline-markup placeholders."""
    meta = segment.meta or {}
    if not meta.get("inline"):
        return []
    return [m.span() for m in PLACEHOLDER_RE.finditer(segment.target)]


# ---------------------------------------------------------------- the fixer


class Fixer:
    """Fixes a list of segments by `policy`, verifying with every detector."""

    def __init__(
        self,
        policy: FixPolicy | None = None,
        *,
        detector_options: Mapping[str, Mapping[str, Any]] | None = None,
        max_passes: int = 32,
    ) -> None:
        self.policy = policy or FixPolicy()
        self.detector_options = dict(detector_options or {})
        self.max_passes = max_passes
        # Fail early on bad detector options (ValueError names the option).
        Engine(options=self.detector_options)

    # -- checking

    def _check_docs(self, segments: Sequence[Segment], texts: Sequence[str], docs: Iterable[Any] | None = None
                    ) -> dict[int, tuple[Finding, ...]]:
        """Findings per segment index, checking whole documents with a fresh engine."""
        wanted = None if docs is None else set(docs)
        engine = Engine(options=self.detector_options)
        out: dict[int, tuple[Finding, ...]] = {}
        for i, seg in enumerate(segments):
            if wanted is not None and seg.doc not in wanted:
                continue
            out[i] = engine.check(replace(seg, target=texts[i]))
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
            if not self.policy.allows(f.code):
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
            if f.code.startswith("X"):
                continue  # run findings (time budget) come and go with timing
            if f.side == "target" and f.suggestion is not None and self.policy.allows(f.code):
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
                chosen = {i: choose(e for e in cands[i] if e not in rejected[i]) for i in cands if cands[i]}
                chosen = {i: c for i, c in chosen.items() if c}
                if not chosen:
                    break
                new_texts = _apply_all(texts, chosen)
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
            for (i, edit), reason in sorted(reasons.items(), key=lambda kv: (kv[0][0], edit_order(kv[0][1]))):
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
            chosen = choose(cands)
            if len(chosen) != len(fs):
                return None
            mine = [new_range(first.get(i, []), e) for e in first.get(i, [])]
            if any(a <= e.end and e.start <= b for e in chosen for a, b in mine):
                return None
            follow[i] = chosen
        texts2 = _apply_all(texts, follow)
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
        return [(i, e, r) for (i, e), r in sorted(blamed.items(), key=lambda kv: (kv[0][0], edit_order(kv[0][1])))]

    def _blame_by_trial(self, segments, texts, before, chosen, doc, lost) -> dict[tuple[int, Edit], str]:
        """New findings that touch no edit (a document-level check): find a small
        set of edits whose removal clears them. Remove edits nearest first until
        the document is clean, then put back each one it stays clean without."""
        near = min(i for i, _ in lost)
        pool = sorted(
            ((i, e) for i, edits in chosen.items() if segments[i].doc == doc for e in edits),
            key=lambda ie: (abs(ie[0] - near), ie[0], edit_order(ie[1])),
        )
        what = "; ".join(f"{f.code} {f.message}" for _, f in lost[:3])
        how = ("hid a finding elsewhere in the document" if all(isinstance(f, _LostFinding) for _, f in lost)
               else "made a new finding elsewhere in the document")

        def clean_without(removed: list[tuple[int, Edit]]) -> bool:
            trial = {k: [x for x in v if not any(k == i and x is e for i, e in removed)] for k, v in chosen.items()}
            res = self._check_docs(segments, _apply_all(texts, trial), {doc})
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
        start, end = self._original_span(history, i, edit.start, edit.end)
        return RejectedFix(
            code=f.code, name=f.name, fix_class=self.policy.fix_class(f.code), start=start, end=end,
            before=texts[i][edit.start:edit.end], suggestion=edit.replacement, reason=reason,
        )

    @staticmethod
    def _original_span(history, i, start, end) -> tuple[int, int]:
        for pass_edits in reversed(history):
            edits = pass_edits[i]
            if edits:
                start, end = unmap_offset(edits, start), max(unmap_offset(edits, start), unmap_offset(edits, end))
        return start, end

    def _outcome(self, segments, texts, history, rejected_log, findings, passes) -> FixOutcome:
        out = []
        for i, seg in enumerate(segments):
            applied = []
            base = seg.target
            for p, pass_edits in enumerate(history, 1):
                edits = pass_edits[i]
                for e in sorted(edits, key=edit_order):
                    start, end = self._original_span(history[: p - 1], i, e.start, e.end)
                    applied.append(AppliedFix(
                        code=e.finding.code, name=e.finding.name, fix_class=self.policy.fix_class(e.finding.code),
                        start=start, end=end, before=base[e.start:e.end], after=e.replacement,
                        message=e.finding.message, pass_no=p,
                    ))
                base = apply_edits(base, edits)
            remaining = tuple(f for f in findings[i] if self.policy.reportable(f.code))
            out.append(SegmentFix(seg, texts[i], applied, rejected_log.get(i, []), remaining))
        return FixOutcome(out, passes)


def _apply_all(texts: Sequence[str], edits: Mapping[int, list[Edit]]) -> list[str]:
    out = list(texts)
    for i, es in edits.items():
        if es:
            out[i] = apply_edits(texts[i], es)
    return out


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
    detector_options: Mapping[str, Mapping[str, Any]] | None = None,
) -> FixOutcome:
    """Fix segments (Python API): `fix_segments([Segment(...)]).segments[0].fixed`."""
    return Fixer(policy, detector_options=detector_options).run(list(segments))


# ---------------------------------------------------------------- the command


def _output_format(source: str, target: str | None, input_format: str | None) -> tuple[str, str]:
    """(format, the file whose translations are rewritten), as `open_segments` reads them."""
    import os

    from .io import EXTENSIONS, TWO_FILE

    if (target is not None and input_format is None
            and os.path.splitext(source)[1].lower() == os.path.splitext(target)[1].lower() == ".srt"):
        input_format = "srt"
    if target is not None and input_format in (None, "pair", "text"):
        return "pair", target
    fmt = input_format or EXTENSIONS.get(os.path.splitext(source)[1].lower(), "")
    if fmt in TWO_FILE and target is not None:
        return fmt, target
    return fmt, source


def parse_options(values: Sequence[str], base: Mapping[str, Mapping[str, Any]] | None = None
                  ) -> dict[str, dict[str, Any]]:
    """`CODE.key=value` (or `name.key=value`) detector options over `base`."""
    out: dict[str, dict[str, Any]] = {k: dict(v) for k, v in (base or {}).items()}
    by_name = {cls.name: code for code, cls in REGISTRY.items()}
    for raw in values:
        rule, dot, rest = raw.partition(".")
        key, eq, value = rest.partition("=")
        if not dot or not eq or not key.strip():
            raise ValueError(f"--option {raw!r}: expected CODE.key=value, e.g. U101.form=Ms")
        code = rule.strip().upper() if rule.strip().upper() in REGISTRY else by_name.get(rule.strip())
        if code is None:
            raise ValueError(f"--option {raw!r}: {rule!r} is no rule (see `mtqa rules`)")
        parsed: Any = value.strip()
        if parsed.lower() in ("true", "false"):
            parsed = parsed.lower() == "true"
        out.setdefault(code, {})[key.strip()] = parsed
    return out


def _unified(rendered, label: str) -> str:
    import difflib

    def lines(text: str) -> list[str]:
        out = text.splitlines(keepends=True)
        if out and not out[-1].endswith(("\n", "\r")):
            out[-1] += "\n\\ No newline at end of file\n"
        return out

    return "".join(difflib.unified_diff(lines(rendered.original), lines(rendered.text),
                                        fromfile=label, tofile=f"{label} (fixed)"))


def _place(seg: Segment, start: int | None) -> str:
    where = seg.place or seg.id
    meta = seg.meta or {}
    if start is not None and (seg.place or "").rsplit(":", 1)[-1].isdigit() and meta.get("format") in (None, "pair"):
        return f"{where}:{start + 1}"
    return where


def report_lines(outcome: FixOutcome, policy: FixPolicy, *, check_mode: bool = False) -> list[str]:
    """What was (or would be) changed, and what still needs a person."""
    verb = "would fix" if check_mode else "fixed"
    out: list[str] = []
    people = 0
    for s in outcome.segments:
        seg = s.segment
        for a in s.applied:
            tag = " [review]" if a.fix_class != "safe" else ""
            out.append(f"{_place(seg, a.start)}: {a.code}{tag} {verb} {a.before!r} -> {a.after!r}")
        for r in s.rejected:
            people += 1
            out.append(f"{_place(seg, r.start)}: {r.code} not fixed: {r.reason}")
        # The rejected suggestions are among the remaining findings: counted once.
        skip = Counter(r.code for r in s.rejected)
        for f in s.remaining:
            if skip[f.code]:
                skip[f.code] -= 1
                continue
            start = f.start if f.side == "target" else None
            people += 1
            klass = policy.fix_class(f.code)
            if klass == "reviewable" and f.suggestion is not None:
                why = f"suggestion {f.suggestion!r} needs review (--unsafe or --fix-codes {f.code})"
            elif f.suggestion is not None and klass == "safe":
                why = f"suggestion {f.suggestion!r} not applied"
            else:
                why = "no automatic fix"
            where = _place(seg, start) if seg.target == s.fixed else (seg.place or seg.id)
            out.append(f"{where}: {f.code} needs a person: {f.message} ({why})")
    changed = outcome.changed
    review = sum(1 for s in changed if s.needs_review)
    out.append(
        f"mtqa fix: {outcome.applied_count} fix{'es' if outcome.applied_count != 1 else ''} "
        f"{'pending' if check_mode else 'applied'} in {len(changed)} segment{'s' if len(changed) != 1 else ''}"
        f"{f' ({review} to review)' if review else ''}; {people} finding{'s need' if people != 1 else ' needs'} a person"
    )
    return out


def report_json(outcome: FixOutcome, rendered_path: str | None) -> dict[str, Any]:
    return {
        "file": rendered_path,
        "changed_segments": len(outcome.changed),
        "fixes": outcome.applied_count,
        "segments": [
            {
                "id": s.segment.id, "place": s.segment.place, "before": s.segment.target, "after": s.fixed,
                "review": s.needs_review,
                "applied": [a.to_dict() for a in s.applied],
                "rejected": [r.to_dict() for r in s.rejected],
                "remaining": [f.to_dict() for f in s.remaining],
            }
            for s in outcome.segments if s.applied or s.rejected or s.remaining
        ],
    }


def _verify_written(data: bytes, fmt: str, source: str, target: str | None, written: str,
                    reference: str | None, encoding: str, want: Sequence[str], directory: str) -> str:
    """Write `data` to a temporary file beside the destination, read it back with
    the format's reader and check that its targets are the fixed ones. Returns
    the temporary path (the caller renames or removes it)."""
    import os
    import tempfile

    from .commands import open_segments
    from .io import InputError

    fd, tmp = tempfile.mkstemp(prefix=".mtqa-fix-", suffix=os.path.splitext(written)[1], dir=directory)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    try:
        if fmt == "pair":
            got = list(open_segments(source, tmp, reference, input_format=None, encoding=encoding))
        elif target is not None:
            got = list(open_segments(source, tmp, None, input_format=fmt, encoding=encoding))
        else:
            got = list(open_segments(tmp, None, None, input_format=fmt, encoding=encoding))
        norm = (lambda t: " ".join(t.split())) if fmt == "srt" else (lambda t: t)
        if [norm(s.target) for s in got] != [norm(t) for t in want]:
            bad = next((i for i, (s, t) in enumerate(zip(got, want)) if norm(s.target) != norm(t)), len(got))
            raise InputError(written, None, f"the corrected file does not read back as fixed (unit {bad + 1}); "
                             "nothing was written")
    except BaseException:
        os.unlink(tmp)
        raise
    return tmp


def _atomic_write(path: str, data: bytes) -> None:
    from .report import open_output

    with open_output(path, binary=True) as fh:
        fh.write(data)


def fix_command(
    source: str,
    target: str | None,
    *,
    reference: str | None = None,
    input_format: str | None = None,
    encoding: str = "utf-8",
    unsafe: bool = False,
    fix_codes: Sequence[str] = (),
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    output: str | None = None,
    in_place: bool = False,
    backup: bool = True,
    diff: bool = False,
    diff_output: str | None = None,
    report: str | None = None,
    check: bool = False,
    options: Sequence[str] = (),
    config_file: str | None = None,
    quiet: bool = False,
    force: bool = False,
    doc_ids: str | None = None,
) -> int:
    """`mtqa fix`: exit 0 done, 1 with --check when fixes are pending, 2 on bad input."""
    import json
    import os
    import shutil
    import sys

    from .commands import UsageError, _split, fail, open_segments
    from .config import load_settings
    from .engine import SelectionError, SuppressionError
    from .io import InputError
    from .io.writers import UnitChange, render
    from .report import open_output

    tmp = None
    try:
        if output and in_place:
            raise UsageError("give -o PATH or --in-place, not both")
        if check and (output or in_place):
            raise UsageError("--check writes nothing; drop -o / --in-place")
        settings = load_settings(config_file)
        select = _split(select) or list(settings.select)
        ignore = _split(ignore) or list(settings.ignore)
        rules = parse_options(options, settings.rules)
        opted = [code for code, opts in rules.items() if opts.pop("fix", False) is True]
        policy = FixPolicy.build(unsafe=unsafe, fix_codes=_split(fix_codes) + opted, select=select, ignore=ignore)
        fmt, written = _output_format(source, target, input_format)
        if in_place and written == "-":
            raise UsageError("--in-place needs a file, not standard input")
        from .io.writers import WRITERS

        need_render = not check or diff or bool(diff_output)
        if need_render and fmt not in WRITERS:
            raise UsageError(f"`mtqa fix` cannot write {fmt or 'this'} input back "
                             f"(it writes {', '.join(sorted(set(WRITERS) - {'text'}))}); --check still works")
        if need_render and written == "-":
            raise UsageError("`mtqa fix` rewrites files: give a file, not standard input (or use --check)")
        from .commands import guard_swapped

        segments = list(guard_swapped(open_segments(source, target, reference, input_format=input_format,
                                                    encoding=encoding, doc_ids=doc_ids), source, target, force))
        outcome = Fixer(policy, detector_options=rules).run(segments)
        changes = [UnitChange(i, s.segment, s.fixed, s.needs_review)
                   for i, s in enumerate(outcome.segments) if s.changed]
        from .io.text import split_encoding

        write_encoding = split_encoding(encoding)[1 if target is not None else 0]
        rendered = render(fmt, written, segments, changes, encoding=write_encoding) if need_render else None
        data = rendered.encode() if rendered is not None else b""
        from .report import resolve_output

        # Where the fixed file lands: a symlink is followed (the link stays, the
        # real file is fixed and its .bak sits beside it); a device or FIFO is
        # written in place; a directory is an error.
        dest_kind, dest = resolve_output(output) if output else ("file", written)
        if in_place:
            dest_kind, dest = resolve_output(written)
            if dest_kind != "file":
                raise UsageError(f"--in-place needs a regular file; {written} is not one")
        if changes and not check:
            if dest_kind == "file":
                directory = os.path.dirname(dest) or "."
                os.makedirs(directory, exist_ok=True)
            else:
                import tempfile

                directory = tempfile.gettempdir()
            tmp = _verify_written(data, fmt, source, target, written, reference, encoding,
                                  [s.fixed for s in outcome.segments], directory)
        lines = report_lines(outcome, policy, check_mode=check)
        if diff or diff_output:
            text = _unified(rendered, written)
            if diff_output and diff_output != "-":
                with open_output(diff_output) as fh:
                    fh.write(text)
            else:
                sys.stdout.write(text)
                sys.stdout.flush()
        if not check:
            if in_place:
                if tmp is not None:
                    if backup:
                        shutil.copy2(dest, dest + ".bak")
                    shutil.copymode(dest, tmp)
                    os.replace(tmp, dest)
                    tmp = None
            elif output:
                if tmp is None or dest_kind != "file":  # nothing changed, or a device/FIFO
                    _atomic_write(output, data)
                else:
                    if os.path.exists(written) and written != "-":
                        shutil.copymode(written, tmp)
                    os.replace(tmp, dest)
                    tmp = None
            elif not (diff or diff_output):
                sys.stdout.write(rendered.text)
                sys.stdout.flush()
        if report:
            with open_output(report) as fh:
                if report.endswith((".json", ".jsonl")):
                    fh.write(json.dumps(report_json(outcome, written), ensure_ascii=False, indent=2) + "\n")
                else:
                    fh.write("\n".join(lines) + "\n")
        elif not quiet:
            for line in lines:
                print(line, file=sys.stderr)
        if check:
            return 1 if changes else 0
        return 0
    except (InputError, UsageError, SelectionError, SuppressionError, ValueError) as exc:
        return fail(str(exc))
    except OSError as exc:
        return fail(f"{exc.filename or output or source}: {exc.strerror or exc}")
    except KeyboardInterrupt:
        return fail("interrupted; nothing was written")
    except BrokenPipeError:
        return 0
    finally:
        if tmp is not None:
            import contextlib

            with contextlib.suppress(OSError):
                os.unlink(tmp)
