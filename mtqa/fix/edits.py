"""The edit algebra of `mtqa fix`: pure functions over (span, replacement) edits.

Nothing here knows detectors or the registry: an edit's rank among codes comes
in as a mapping (the fixer derives it from its rule set), so the algebra can be
tested, and reasoned about, on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from ..types import Finding, Segment

# Inline-markup placeholders as the XML readers render them (`<g id="1">`,
# `</g>`, `<ph id="2"/>`): edits never touch them.
PLACEHOLDER_RE = re.compile(r"</?[A-Za-z][\w:-]*(?:\s+[\w:-]+=\"[^\"]*\")*\s*/?>")


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


def conflicts(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Two edits fight when their spans overlap, or a zero-width one touches the other."""
    (s1, e1), (s2, e2) = a, b
    if s1 == e1 or s2 == e2:
        return s1 <= e2 and s2 <= e1
    return s1 < e2 and s2 < e1


def edit_order(edit: Edit, rank: Mapping[str, int] | None = None) -> tuple:
    """Earliest start, then longest span, then code rank (codes not ranked come
    last, by code), then the replacement: a total order, so choices are stable."""
    f = edit.finding
    rank = rank or {}
    return (edit.start, -(edit.end - edit.start), rank.get(f.code, len(rank)), f.code, edit.replacement)


def choose(edits: Iterable[Edit], rank: Mapping[str, int] | None = None) -> list[Edit]:
    """A deterministic set of non-conflicting edits, whatever the input order."""
    chosen: list[Edit] = []
    for edit in sorted(set(edits), key=lambda e: edit_order(e, rank)):
        if not any(conflicts((edit.start, edit.end), (c.start, c.end)) for c in chosen):
            chosen.append(edit)
    return chosen


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """Apply non-conflicting edits (any order given; applied right to left)."""
    out = text
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        out = out[: edit.start] + edit.replacement + out[edit.end:]
    return out


def apply_all(texts: Sequence[str], edits: Mapping[int, list[Edit]]) -> list[str]:
    """`apply_edits` per text index; texts without edits are kept."""
    out = list(texts)
    for i, es in edits.items():
        if es:
            out[i] = apply_edits(texts[i], es)
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


def original_span(history: Sequence[Sequence[Sequence[Edit]]], i: int, start: int, end: int) -> tuple[int, int]:
    """A span of text `i` after the layers of edits in `history` (per layer, per
    text), mapped back to the text before the first layer."""
    for pass_edits in reversed(history):
        edits = pass_edits[i]
        if edits:
            start, end = unmap_offset(edits, start), max(unmap_offset(edits, start), unmap_offset(edits, end))
    return start, end


def protected_spans(segment: Segment) -> list[tuple[int, int]]:
    """Target spans no edit may touch: inline-markup placeholders."""
    meta = segment.meta or {}
    if not meta.get("inline"):
        return []
    return [m.span() for m in PLACEHOLDER_RE.finditer(segment.target)]
