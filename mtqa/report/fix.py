"""The fix report of `mtqa fix`: what was (or would be) changed, and what still needs a person.

Not a check formatter (it is not in FORMATTERS: its input is a fix outcome,
not a stream of check results): text, one line per applied fix, rejected fix
and remaining finding, then a summary line; or JSON, the same per segment.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING, Any, TextIO

from ..types import Segment

if TYPE_CHECKING:
    from ..fix.outcome import FixOutcome


def _place(seg: Segment, start: int | None) -> str:
    where = seg.place or seg.id
    meta = seg.meta or {}
    if start is not None and (seg.place or "").rsplit(":", 1)[-1].isdigit() and meta.get("format") in (None, "pair"):
        return f"{where}:{start + 1}"
    return where


def report_lines(outcome: "FixOutcome", *, check_mode: bool = False) -> list[str]:
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
            klass = outcome.fix_class(f.code)
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


def report_json(outcome: "FixOutcome", rendered_path: str | None) -> dict[str, Any]:
    """The JSON report: counts, and each segment that was fixed or has something left."""
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


class FixFormatter:
    """Writes one fix outcome to `stream`, as text lines or (`as_json`) JSON.

    `file` is the file whose translations were rewritten (named in JSON);
    `check_mode` words the text for `--check` (pending, not applied)."""

    def __init__(self, stream: TextIO, *, as_json: bool = False, check_mode: bool = False,
                 file: str | None = None) -> None:
        self.stream = stream
        self.as_json = as_json
        self.check_mode = check_mode
        self.file = file

    def write(self, outcome: "FixOutcome") -> None:
        if self.as_json:
            self.stream.write(json.dumps(report_json(outcome, self.file), ensure_ascii=False, indent=2) + "\n")
        else:
            self.stream.write("\n".join(report_lines(outcome, check_mode=self.check_mode)) + "\n")
