"""Capitalisation broken by MT: a lowercase start, a capital after a stray period."""

from __future__ import annotations

import re
from typing import Iterable

from ..text.english import is_abbreviation, token_before
from ..types import Finding, Segment
from .base import Context, Detector

# Opening material before the first word: quotes, brackets, dashes, bullets.
_LEAD = re.compile(r"^[\s\"'“‘«(\[\-–—•*]*")
_FIRST_WORD = re.compile(r"[^\W\d_][\w'’\-]*")
# Words that continue a clause and do not open a declarative English sentence.
_CONTINUERS = frozenset("who whom whose which of than whereby".split())
_STRAY_CAPITAL = re.compile(r"(?<=[^\W\d_]{3})\.([ \t]+)([A-Z][a-z]+)\b")
# Necessary for a C102 finding: a period, spaces, and a capitalised _CONTINUERS word
# (_STRAY_CAPITAL's word is [A-Z][a-z]+, so its lowercase is a continuer only
# as "Who", "Whom", "Whose", "Which", "Of", "Than" or "Whereby").
_STRAY_CONTINUER = re.compile(r"\.[ \t]+(?:Wh|Of|Than)")
_SENTENCE_BREAK = re.compile(r"[.!?][\"”»’)]*\s+[\"“«(]*[A-ZÀ-Ý]")


def _first_word(text: str) -> tuple[str, int] | None:
    m = _LEAD.match(text)
    pos = m.end() if m else 0
    w = _FIRST_WORD.match(text, pos)
    if not w:
        return None
    return w.group(), w.start()


class LowercaseStart(Detector):
    """The target starts with a lowercase letter where the source starts with a capital."""

    code = "C101"
    name = "lowercase-start"
    category = "fluency/spelling"
    severity = "minor"
    fix = "safe"
    severity_reason = "Looks careless but never changes what the sentence says."
    examples = (("Le match a été reporté.", "the game was postponed."),
                ("« Nous gagnerons », a-t-il dit.", "“we will win,” he said."))
    traps = (("L'iPhone est populaire.", "iPhone sales are strong."),
             ("… et puis rien.", "… and then nothing."),
             ("Le site www.lapresse.ca", "www.lapresse.ca has it."))

    def __init__(self, **options) -> None:
        super().__init__(**options)
        self.reset()

    def reset(self) -> None:
        self._previous_open = False  # the previous target in the document did not end a sentence

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        text = segment.target
        previous_open = self._previous_open
        stripped = text.rstrip(" \t\u00a0\"'”’»)]")
        self._previous_open = bool(stripped) and stripped[-1] not in ".!?…"
        if previous_open:
            return  # the translator continues the previous segment's sentence
        if text[:1].isupper():
            return  # the first word is that letter's (no _LEAD before it): not lowercase
        first = _first_word(text)
        if not first or not first[0][:1].islower():
            return
        src_first = _first_word(segment.source)
        if not src_first or not src_first[0][:1].isupper():
            return
        word, start = first
        if any(ch.isupper() for ch in word[1:]):
            return  # "iPhone", "eBay", "mRNA"
        if re.match(r"\S*(?:www\.|https?:|@)", text[start:]) or re.match(r"[\w.\-]+\.(?:com|ca|org|net)\b", text[start:]):
            return
        if text[:start].strip().startswith(("…", "...")):
            return
        yield self.finding(start, start + len(word), f"sentence starts lowercase {word!r}; the source starts with a capital",
                           word[:1].upper() + word[1:])


class CapitalAfterStrayPeriod(Detector):
    """A stray period splits a clause and the next word got a capital: "democracies. Who share"."""

    code = "C102"
    name = "capital-after-stray-period"
    category = "fluency/grammar"
    severity = "major"
    fix = "reviewable"
    severity_reason = "Like a stray period (P102): the sentence appears to end mid-clause."
    triggers = "."
    prefilter = _STRAY_CONTINUER
    examples = (("les démocraties qui partagent ces inquiétudes", "the democracies. Who share these concerns."),
                ("une hausse plus forte que prévu", "a rise stronger. Than expected."))
    traps = (("Il est parti. Qui le remplacera ?", "He left. Who will replace him?"),
             ("Le maire est parti. Le conseil reste.", "The mayor left. The council stays."),
             ("Il a parlé à M. Smith, qui", "He spoke to Mr. Whoever, who"))

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        text = segment.target
        src_breaks = len(_SENTENCE_BREAK.findall(segment.source))
        tgt_breaks = len(_SENTENCE_BREAK.findall(text))
        if tgt_breaks <= src_breaks:
            return  # the source has as many sentences: the split is the author's
        for m in _STRAY_CAPITAL.finditer(text):
            word = m.group(2)
            if word.lower() not in _CONTINUERS:
                continue
            if is_abbreviation(token_before(text, m.start() + 1)):
                continue
            rest = text[m.end():]
            end = re.search(r"[.!?]", rest)
            if end and end.group() == "?":
                continue  # a real question: "Who will replace him?"
            yield self.finding(
                m.start(), m.end(2),
                f"period splits the clause before {word!r}",
                " " + word.lower(),
            )


DETECTORS = (LowercaseStart, CapitalAfterStrayPeriod)
