"""Whitespace damage: French spacing before punctuation, double spaces, stray edges."""

from __future__ import annotations

import re
from typing import Iterable

from ..types import Finding, Segment
from .base import Context, Detector

# Horizontal spaces MT leaves before a mark: ASCII space, tab, no-break space
# (U+00A0), narrow no-break space (U+202F, French typography), thin space.
_SPACES = " \t\u00a0\u202f\u2009"
_SPACE_NAMES = {"\u00a0": "no-break space", "\u202f": "narrow no-break space", "\u2009": "thin space", "\t": "tab"}

# A space before a sentence mark that is itself followed by a boundary: so
# ".22 calibre", ".NET", "10 :30" stay out (the mark must end something).
_SPACE_BEFORE = re.compile(
    rf"(?<=[^\s{_SPACES}])([{_SPACES}]+)([.,;:!?])(?=$|[\s\"”’»)\]}}]|[.,;:!?])"
)
_PUNCT = ".,;:!?…"
_DOUBLE = re.compile(r"(?<=\S)([ \u00a0\u202f\u2009]{2,})(?=\S)")
# Necessary for P201: a _SPACE_BEFORE match ends its spaces right before the mark.
_SPACE_MARK = re.compile(rf"[{_SPACES}][.,;:!?]")
# Necessary for P202: two spaces in a row.
_TWO_SPACES = re.compile(r"[ \u00a0\u202f\u2009]{2}")
_LEADING = re.compile(r"^\s+")
_TRAILING = re.compile(r"\s+$")


def _describe(spaces: str) -> str:
    names = {_SPACE_NAMES.get(ch, "space") for ch in spaces}
    return " and ".join(sorted(names))


class SpaceBeforePunctuation(Detector):
    """Space (also no-break U+00A0 / U+202F) before . , ; : ! ? as in French typography."""

    code = "P201"
    name = "space-before-punctuation"
    category = "fluency/punctuation"
    severity = "minor"
    fix = "safe"
    severity_reason = "French typography leaking into English: visible, never changes the meaning."
    prefilter = _SPACE_MARK
    examples = (("Pourquoi maintenant ?", "Why now ?"),
                ("Il a dit : « non ».", "He said : no."))
    traps = (("une carabine de calibre .22", "a .22 calibre rifle"),
             ("« Je ne sais pas . . . »", "“I don't know . . .”"),
             ("Pourquoi maintenant ?", "Why now?"))

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        text = segment.target
        for m in _SPACE_BEFORE.finditer(text):
            spaces, mark = m.group(1), m.group(2)
            start = m.start()
            prev = text[start - 1]
            if prev in _PUNCT:
                continue  # ". ." is doubled punctuation (P101), ". . ." an ellipsis
            if mark == "." and (text[m.end():m.end() + 1] == "." or text[m.end():m.end() + 2] in (" .", "\u00a0.")):
                continue  # an ellipsis "word ..." or a spaced one "word . . ."
            if mark == ":" and text[m.end():m.end() + 1] in ")(":
                continue  # emoticon
            yield self.finding(
                start, m.end(),
                f"{_describe(spaces)} before {mark!r} (French typography)",
                mark,
            )


class DoubleSpace(Detector):
    """Two or more spaces in a row inside the text."""

    code = "P202"
    name = "double-space"
    category = "fluency/punctuation"
    severity = "minor"
    fix = "safe"
    severity_reason = "Invisible in most renderings and harmless to meaning; a cleanliness issue."
    triggers = " \u00a0\u202f\u2009"
    prefilter = _TWO_SPACES
    examples = (("Le maire a démissionné.", "The mayor  resigned."),)
    traps = (("Le maire a démissionné.", "The mayor resigned."),
             ("Pourquoi ?", "Why ?"))

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        text = segment.target
        for m in _DOUBLE.finditer(text):
            nxt = text[m.end():m.end() + 1]
            if nxt in ".,;:!?" and _SPACE_BEFORE.match(text, m.start()) is not None:
                continue  # reported as a space before punctuation (P201)
            yield self.finding(m.start(), m.end(), f"{len(m.group(1))} spaces in a row", " ")


class EdgeWhitespace(Detector):
    """Leading or trailing whitespace the source does not have."""

    code = "P203"
    name = "edge-whitespace"
    category = "fluency/punctuation"
    severity = "minor"
    fix = "safe"
    severity_reason = "Breaks alignment and layout in downstream tools, but not the text."
    examples = (("Le match est reporté.", " The game is postponed."),
                ("Le match est reporté.", "The game is postponed. "))
    traps = ((" Le match est reporté.", " The game is postponed."),
             ("Le match est reporté.", "The game is postponed."))

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        text = segment.target
        if not text.strip():
            return  # an empty target is an omission, not a spacing matter
        src = segment.source
        m = _LEADING.match(text)
        if m and not _LEADING.match(src):
            yield self.finding(m.start(), m.end(), "leading whitespace", "")
        m = _TRAILING.search(text)
        if m and not _TRAILING.search(src):
            yield self.finding(m.start(), m.end(), "trailing whitespace", "")


DETECTORS = (SpaceBeforePunctuation, DoubleSpace, EdgeWhitespace)
