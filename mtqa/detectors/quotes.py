"""Quotation marks and brackets: French guillemets, unbalanced pairs, a period outside its quote."""

from __future__ import annotations

import re
from typing import Iterable

from ..types import Finding, Segment
from .base import Context, Detector

_GUILLEMETS = re.compile(r"«[ \u00a0\u202f\u2009]*|[ \u00a0\u202f\u2009]*»|‹[ \u00a0\u202f\u2009]*|[ \u00a0\u202f\u2009]*›")
_ENGLISH = {"«": "“", "»": "”", "‹": "‘", "›": "’"}

_PAIRS = (("(", ")"), ("[", "]"), ("{", "}"))
_EMOTICON = re.compile(r"[:;=]-?[()\[\]]|(?:(?<=\s)|^)[0-9a-zA-Z]\)(?=\s)")

# "serious. ”" — a mark, a space, then a closing quote (end of text or before a
# space/punctuation, so an opening straight quote "He left. \"Next" is not taken).
_SPACED_CLOSE = re.compile(
    r"([.,!?])([ \u00a0\u202f\u2009]+)([”’]|\"(?=\s*$|\s*[,.;:)\]]))"
)
# "serious.”." — the period both inside and after the closing quote.
_DOUBLE_AROUND = re.compile(r"([.!?])([”\"’])([ \u00a0]*\.)(?!\.)")


def _quotes_balanced(text: str) -> bool:
    opens = text.count("«") + text.count("“")
    closes = text.count("»") + text.count("”")
    return opens == closes and text.count('"') % 2 == 0


def _unmatched_quotes(text: str) -> list[int]:
    """Positions of double quotes without a partner (curly or straight)."""
    stack: list[int] = []
    bad: list[int] = []
    for i, ch in enumerate(text):
        if ch == "“":
            stack.append(i)
        elif ch == "”":
            if stack:
                stack.pop()
            else:
                bad.append(i)
        elif ch == '"':
            if stack and text[stack[-1]] in '"“':
                stack.pop()
            else:
                stack.append(i)
    return sorted(bad + stack)


def _unmatched(text: str, open_ch: str, close_ch: str) -> list[int]:
    stack: list[int] = []
    bad: list[int] = []
    skip = {m.end() - 1 for m in _EMOTICON.finditer(text)}
    for i, ch in enumerate(text):
        if i in skip:
            continue
        if ch == open_ch:
            stack.append(i)
        elif ch == close_ch:
            if stack:
                stack.pop()
            else:
                bad.append(i)
    return sorted(bad + stack)


class FrenchGuillemets(Detector):
    """French guillemets « » ‹ › left in English text."""

    code = "Q101"
    name = "french-guillemets"
    category = "fluency/punctuation"
    severity = "minor"
    fix = "safe"
    severity_reason = "A typographic convention, not a meaning change; trivially fixed."
    triggers = "«»‹›"
    examples = (("« C'est fini », a-t-il dit.", "« It's over, » he said."),)
    traps = (("« C'est fini », a-t-il dit.", "“It's over,” he said."),
             ("le journal « Le Devoir »", "the newspaper Le Devoir"))

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        for m in _GUILLEMETS.finditer(segment.target):
            mark = m.group().strip(" \u00a0\u202f\u2009")
            yield self.finding(
                m.start(), m.end(), f"French guillemet {mark!r} in English text", _ENGLISH[mark]
            )


class UnbalancedPair(Detector):
    """Quotes, parentheses or brackets opened and not closed (or closed and not opened)."""

    code = "Q102"
    name = "unbalanced-pair"
    category = "fluency/punctuation"
    severity = "minor"
    fix = "none"
    severity_reason = "The reader loses where a quotation or aside ends; the words are still there."
    triggers = "“”\"()[]{}"
    examples = (("« Nous y arriverons », a-t-il dit.", "“We will get there, he said."),
                ("Le budget (adopté hier) prévoit des hausses.", "The budget (adopted yesterday plans increases."))
    traps = (("« Nous y arriverons,", "“We will get there,"),
             ("1) les salaires, 2) les prix", "1) wages, 2) prices"),
             ("Il a souri :)", "He smiled :)"))

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        text, src = segment.target, segment.source
        if _quotes_balanced(src) and any(q in src for q in '«»“”"'):
            # Only quotes the source opens and closes in this segment: a quotation
            # running over several segments leaves each one unbalanced.
            for i in _unmatched_quotes(text):
                yield self.finding(i, i + 1, f"quotation mark {text[i]!r} has no partner")
        for open_ch, close_ch in _PAIRS:
            if open_ch not in text and close_ch not in text:
                continue
            if src.count(open_ch) != src.count(close_ch):
                continue  # the source is unbalanced too (a list, an aside across segments)
            for i in _unmatched(text, open_ch, close_ch):
                yield self.finding(i, i + 1, f"{text[i]!r} has no matching {close_ch if text[i] == open_ch else open_ch!r}")


class QuotePunctuation(Detector):
    """A period or comma cut off from its closing quote ("serious. ”") or repeated around it ("serious.”.")."""

    code = "Q103"
    name = "quote-punctuation"
    category = "fluency/punctuation"
    severity = "minor"
    fix = "safe"
    severity_reason = "Looks broken in print but the quotation and its meaning survive."
    triggers = "”\"’"
    examples = (("« C'est grave. »", "“This is serious. ”"),
                ("« C'est grave. »", "“This is serious.”."))
    traps = (("« C'est grave. »", "“This is serious.”"),
             ("Il est parti. « Bonne chance », a-t-elle dit.", "He left. \"Good luck,\" she said."))

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        text = segment.target
        for m in _SPACED_CLOSE.finditer(text):
            yield self.finding(
                m.start(), m.end(),
                f"space between {m.group(1)!r} and its closing quote",
                m.group(1) + m.group(3),
            )
        for m in _DOUBLE_AROUND.finditer(text):
            if text[max(0, m.start() - 2):m.start()] == "..":
                continue  # "wait...”." — an ellipsis inside the quote
            yield self.finding(
                m.start(), m.end(),
                f"sentence mark both inside and after the closing quote: {m.group()!r}",
                m.group(1) + m.group(2),
            )


DETECTORS = (FrenchGuillemets, UnbalancedPair, QuotePunctuation)
