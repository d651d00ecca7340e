"""Sentence-final punctuation lost or changed: a missing period, a question turned statement."""

from __future__ import annotations

import re
from typing import Iterable

from ..text.english import is_abbreviation, token_before
from ..types import Finding, Segment
from ._memo import memo_by_text
from .base import Context, Detector

# Closing quotes, brackets and spaces after the last mark: "…?»", "….”)".
# With str.isspace() (what \s matches in a str pattern) these are the class
# [\s"'”’»›)\]}*]; _final walks back from the end over them, which is much
# cheaper than searching the whole text for a run of them anchored at $.
_CLOSER_CHARS = frozenset("\"'”’»›)]}*")
_LAST_WORD = re.compile(r"[^\s\"“«(\[]+$")
_TERMINAL = ".!?…"
_NAMES = {".": "period", "!": "exclamation mark", "?": "question mark", "…": "ellipsis",
          ",": "comma", ";": "semicolon", ":": "colon"}


def _final(text: str) -> tuple[str, int]:
    """The last significant character (before closers) and its index, or ("", -1)."""
    # `end`: the start of the trailing run of closers.
    end = len(text)
    while end and (text[end - 1] in _CLOSER_CHARS or text[end - 1].isspace()):
        end -= 1
    if end == 0:
        return "", -1
    return text[end - 1], end - 1


@memo_by_text(maxsize=4096)
def _source_terminal(source: str) -> str:
    ch, idx = _final(source)
    if ch == "." and source[max(0, idx - 2):idx + 1] == "..":
        return "…"
    return ch if ch in _TERMINAL else ""


class MissingTerminalPunctuation(Detector):
    """The source ends a sentence with . ! or ? and the target ends with no mark at all."""

    code = "P301"
    name = "missing-terminal-punctuation"
    category = "fluency/punctuation"
    severity = "minor"
    fix = "reviewable"
    severity_reason = "The sentence runs out; usually a dropped period, occasionally a truncated output."
    examples = (("Le match a été reporté.", "The game was postponed"),
                ("Qui paiera la facture ?", "Who will pay the bill"))
    traps = (("Publié à 19 h 05", "Posted at 7:05 p.m."),
             ("« C'est fini », a-t-il dit.", "“It's over,” he said."),
             ("Le gouvernement adopte le budget", "Government adopts budget"))

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        src_mark = _source_terminal(segment.source)
        if not src_mark:
            return
        text = segment.target
        ch, idx = _final(text)
        if idx < 0 or not (ch.isalnum() or ch == "%"):
            return
        if not any(c.isalpha() for c in text):
            return
        m = _LAST_WORD.search(text, 0, idx + 1)
        start = m.start() if m else idx
        word = text[start:idx + 1]
        mark = "." if src_mark == "…" else src_mark
        yield self.finding(
            start, idx + 1,
            f"sentence ends without punctuation after {word!r}; the source ends with a {_NAMES[src_mark]}",
            word + mark,
        )


class TerminalPunctuationMismatch(Detector):
    """The source asks a question and the target ends with another mark: a question turned statement."""

    code = "P302"
    name = "question-turned-statement"
    category = "fluency/punctuation"
    severity = "minor"
    fix = "reviewable"
    severity_reason = ("The sentence type changes (a question reads as a statement), though the words "
                       "are intact and the reader usually recovers the intent.")
    # detect() needs a source ending with "?": it holds one.
    source_prefilter = re.compile(r"\?")
    examples = (("Qui paiera la facture ?", "Who will pay the bill."),
                ("Pourquoi le gouvernement attend-il ?", "Why is the government waiting,"))
    traps = (("C'est incroyable !", "It's incredible."),
             ("« Pourquoi ? », a-t-il demandé.", "“Why?” he asked."),
             ("Pourquoi ? Parce que le budget manque.", "Why? Because the budget is short."))

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        if _source_terminal(segment.source) != "?":
            return
        text = segment.target
        ch, idx = _final(text)
        if idx < 0 or ch not in ".,;:!":
            return
        if "?" in text:
            return  # the question was kept inside the sentence ("Why? Because…")
        if ch == "." and (text[max(0, idx - 2):idx + 1] == "..." or is_abbreviation(token_before(text, idx + 1))):
            return  # an ellipsis or "… at 7 p.m." ends with a period that is not the mark
        yield self.finding(
            idx, idx + 1,
            f"the source asks a question but the target ends with a {_NAMES[ch]}",
            "?",
        )


DETECTORS = (MissingTerminalPunctuation, TerminalPunctuationMismatch)
