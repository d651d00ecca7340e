"""Sentence punctuation broken by MT: doubled marks, stray periods, split phrases."""

from __future__ import annotations

import re
from typing import Iterable

from ..text.english import is_abbreviation, token_before
from ..types import Finding, Segment
from ._memo import memo_by_text
from .base import Context, Detector

# Two sentence marks in a row, optionally with spaces between: ". .", ",.", "?.".
# A run of three or more dots is an ellipsis and handled before this pattern.
_DOUBLED = re.compile(r"([.,;:!?])([ \t\u00a0\u202f]*)([.,;:])")
_SPACED_ELLIPSIS = re.compile(r"\.(?:[ \u00a0]\.){2,}")
_ELLIPSIS = re.compile(r"\.{3,}")
# Necessary for a finding of P101: a _DOUBLED match (the pattern has no
# lookaround and no "\n", so as a prefilter it is exact).
_DOUBLED_GATE = _DOUBLED

# A word, a period, then a lowercase word: "democracies. who share".
_PERIOD_LOWER = re.compile(r"(?<=[^\W\d_])\.([ \t]+)([a-z][a-z'’\-]*)\b(?![A-Z])")
# A period that cuts a phrase whose last one or two words land after it and
# close the sentence: "option for development. future." (from "développement futur").
_SPLIT_TAIL = re.compile(
    r"([^\W\d_][\w'’\-]*)\.([ \t]+)([a-z][a-z\-]*(?:[ \t]+[a-z][a-z\-]*)?)([.!?])(?=[\s\"”’)]*$|\s+[\"“(]?[A-Z])"
)
# A lowercase-to-lowercase sentence break in the source means the oddity is
# not the MT's (lists, abbreviations in the original).
_SOURCE_LOWER_BREAK = re.compile(r"[a-zà-ÿ]\.\s+[a-zà-ÿ]")
# Necessary for both _PERIOD_LOWER and _SPLIT_TAIL: a period, spaces or tabs,
# a lowercase letter. Few targets have one, and this literal-led pattern is
# scanned fast (see Detector.prefilter).
_PERIOD_SPACE_LOWER = re.compile(r"\.[ \t]+[a-z]")


@memo_by_text(maxsize=4096)
def _source_lower_break(source: str) -> bool:
    return _SOURCE_LOWER_BREAK.search(source) is not None


def _in_url_or_number(text: str, pos: int) -> bool:
    token = token_before(text, pos + 1)
    return "://" in token or "www" in token or "@" in token


class DoubledPunctuation(Detector):
    """Doubled or stray sentence punctuation such as ". .", ",." or "?."."""

    code = "P101"
    name = "doubled-punctuation"
    category = "fluency/punctuation"
    severity = "minor"
    fix = "safe"
    severity_reason = "Visible and unprofessional, but the meaning is intact."
    triggers = ".,;:!?"
    prefilter = _DOUBLED_GATE
    examples = (("Elle l'a écrit mardi.", "She wrote it on Tuesday. ."),
                ("Il pleut, dit-il.", "It is raining,. he said."))
    traps = (("aux États-Unis, au Canada", "in the U.S., Canada"),
             ("à 19 h.", "at 7 p.m."),
             ("Et puis...", "And then..."))

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        text = segment.target
        skip: list[tuple[int, int]] = [m.span() for m in _SPACED_ELLIPSIS.finditer(text)]
        skip += [m.span() for m in _ELLIPSIS.finditer(text)]
        for m in _DOUBLED.finditer(text):
            first, gap, second = m.group(1), m.group(2), m.group(3)
            start, end = m.span()
            if any(s <= start < e or s < end <= e for s, e in skip):
                continue
            if first in "!?" and second in ",;:" and not gap:
                continue  # "Yes!, she said" is odd but a style matter, not MT damage
            if first == "." and not gap and is_abbreviation(token_before(text, start + 1)):
                if second != ".":
                    continue  # "U.S., Canada", "7 p.m.; then"
            if first == "." and not gap and _in_url_or_number(text, start):
                continue
            if first == ":" and second in ".,":
                continue  # unusual but appears in quoted labels; too risky
            keep = first if first in ".!?" or second == "," else second
            if first == "," and second == ".":
                keep = "."
            yield self.finding(
                start, end, f"doubled punctuation {m.group()!r}", keep
            )


class PeriodBeforeLowercase(Detector):
    """A period that breaks one sentence in two: "democracies. who share"."""

    code = "P102"
    name = "stray-period"
    category = "fluency/punctuation"
    severity = "major"
    fix = "reviewable"
    severity_reason = "The reader stumbles: a sentence appears to end mid-clause."
    triggers = "."
    prefilter = _PERIOD_SPACE_LOWER
    examples = (("d'autres démocraties qui partagent", "other democracies. who share"),)
    traps = (("etc. et", "etc. and"), ("à 19 h et", "at 7 p.m. and"), ("vs.", "vs. the"))

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        text = segment.target
        if _source_lower_break(segment.source):
            return
        split_starts = {m.start(2) - 1 for m in _SPLIT_TAIL.finditer(text)}
        for m in _PERIOD_LOWER.finditer(text):
            dot = m.start()
            if dot in split_starts:
                continue  # reported as a split phrase instead
            token = token_before(text, dot + 1)
            if is_abbreviation(token) or len(token.strip("([\"'“")) <= 2:
                continue  # "etc. and", "a. first", "p. 5"
            if "." in token[:-1] or "/" in token or "@" in token:
                continue  # file names, URLs, e-mail addresses
            yield self.finding(
                dot, dot + 1,
                f"period breaks the sentence before lowercase {m.group(2)!r}",
                "",
            )


class SplitPhrase(Detector):
    """A period that splits a phrase and strands its tail: "for development. future."."""

    code = "P103"
    name = "split-phrase"
    category = "fluency/grammar"
    severity = "major"
    fix = "reviewable"
    severity_reason = "Word order and sentence boundary are both wrong; the phrase reads as garbage."
    triggers = "."
    prefilter = _PERIOD_SPACE_LOWER
    examples = (("une option pour le développement futur.", "an option for development. future."),)
    traps = (("Il est parti. Elle reste.", "He left. She stays."), ("etc.", "and so on, etc. later."))

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        text = segment.target
        if _source_lower_break(segment.source):
            return
        for m in _SPLIT_TAIL.finditer(text):
            head, tail, end_mark = m.group(1), m.group(3), m.group(4)
            if is_abbreviation(head + ".") or len(head) <= 2:
                continue
            # The tail must come from inside the source phrase: French puts the
            # adjective after the noun, so the stranded tail is the adjective.
            suggestion = f"{tail} {head}{end_mark}"
            yield self.finding(
                m.start(), m.end(),
                f"phrase split by a period: {tail!r} is stranded after {head!r}",
                suggestion,
            )


DETECTORS = (DoubledPunctuation, PeriodBeforeLowercase, SplitPhrase)
