"""Glossary terminology: required translations missing, forbidden ones used.

The glossary file (TSV, CSV or TBX; its format is in `mtqa/glossary.py`)
pairs source terms with target terms, each required or forbidden. A
forbidden entry without a source term forbids the target term everywhere;
with one it is forbidden as that term's translation.
Matching is case-insensitive (an all-capitals term such as "UN" or "OTAN"
matches case-sensitively) and inflection-aware: French and English plurals
and simple English verb forms match ("projet de loi" ~ "projets de loi",
"by-law" ~ "by-laws", "ratify" ~ "ratified"). The detectors do nothing
without a glossary (`mtqa check --glossary PATH`).
"""

from __future__ import annotations

import os
from typing import Any, Iterable

from ..glossary import Entry, load_glossary
from ..text.terms import Term, stemmed_tokens
from ..types import Finding, Segment
from .base import Context, Detector


def _glossary(options: dict[str, Any]) -> tuple[Entry, ...]:
    g = options.get("glossary")
    if not g:
        return ()
    if isinstance(g, (str, os.PathLike)):
        return load_glossary(os.fspath(g))
    return tuple(g)


class _GlossaryDetector(Detector):
    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.entries = _glossary(options)
        self.required: dict[Term, list[Entry]] = {}
        for e in self.entries:
            if e.status == "required" and e.source is not None:
                self.required.setdefault(e.source, []).append(e)
        self.forbidden = [e for e in self.entries if e.status == "forbidden"]

    def applies(self, segment: Segment) -> bool:
        return bool(self.entries)


class GlossaryTermMissing(_GlossaryDetector):
    """A glossary source term whose required translation is absent from the target."""

    code = "G101"
    name = "glossary-term-missing"
    category = "terminology/inappropriate"
    severity = "major"
    fix = "reviewable"
    severity_reason = "The client's glossary is a requirement; a term rendered otherwise is a terminology error."
    examples = (("Le projet de loi C-11 a été adopté. [glossary: projet de loi = bill]",
                 "The draft law C-11 was passed."),)
    traps = (("Les projets de loi ont été adoptés.", "The bills were passed."),)

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        src_toks = tgt_toks = None
        for term, entries in self.required.items():
            if src_toks is None:
                src_toks = stemmed_tokens(segment.source, "fr")
            spans = term.find(src_toks)
            if not spans:
                continue
            if tgt_toks is None:
                tgt_toks = stemmed_tokens(segment.target, "en")
            found = sum(len(e.target.find(tgt_toks)) for e in entries)
            if found >= len(spans):
                continue
            wanted = " / ".join(dict.fromkeys(e.target.text for e in entries))
            note = next((e.note for e in entries if e.note), "")
            for start, end in spans[found:]:
                yield self.finding(
                    start, end,
                    f"glossary: {term.text!r} should be translated {wanted!r}" + (f" ({note})" if note else ""),
                    entries[0].target.text, side="source",
                )


class GlossaryForbiddenTerm(_GlossaryDetector):
    """A target term that the glossary forbids (everywhere, or for a given source term)."""

    code = "G102"
    name = "glossary-forbidden-term"
    category = "terminology/inappropriate"
    severity = "major"
    fix = "reviewable"
    severity_reason = "The glossary rules the term out; the client will reject it."
    examples = (("Le député a voté. [glossary: député -> deputy forbidden]", "The deputy voted."),)
    traps = (("Le vice-premier ministre a voté.", "The Deputy Prime Minister voted."),)

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        if not self.forbidden:
            return
        tgt_toks = stemmed_tokens(segment.target, "en")
        src_toks = None
        required_spans: list[tuple[int, int]] | None = None
        # One finding per span: a specific row (with its source term and
        # alternative) wins over a `*` row forbidding the same words.
        reported: set[tuple[int, int]] = set()
        for e in sorted(self.forbidden, key=lambda e: e.source is None):
            spans = e.target.find(tgt_toks)
            if not spans:
                continue
            if e.source is not None:
                if src_toks is None:
                    src_toks = stemmed_tokens(segment.source, "fr")
                if not e.source.find(src_toks):
                    continue
            # A forbidden term inside a required one ("deputy" in "Deputy Prime Minister")
            # is part of the required term, not a use of the forbidden one.
            if required_spans is None:
                required_spans = [s for entries in self.required.values() for r in entries
                                  for s in r.target.find(tgt_toks)]
            alternatives = [r.target.text for r in self.required.get(e.source, [])] if e.source else []
            for start, end in spans:
                if any(rs <= start and end <= re_ and (rs, re_) != (start, end) for rs, re_ in required_spans):
                    continue
                if (start, end) in reported:
                    continue
                reported.add((start, end))
                yield self.finding(
                    start, end,
                    f"glossary forbids {segment.target[start:end]!r}"
                    + (f" for {e.source.text!r}" if e.source else "") + (f" ({e.note})" if e.note else ""),
                    alternatives[0] if alternatives else None,
                )


DETECTORS = (GlossaryTermMissing, GlossaryForbiddenTerm)
