"""N101 number-mismatch, N102 number-missing, N103 number-added."""

from __future__ import annotations

import re
from typing import Iterable, NamedTuple, Sequence

from ...types import Finding, Segment
from .._memo import memo_by_text
from ..base import Context, Detector
from .alignment import align, comparable, reportable_alone
from .extraction import Quantity, extract
from .lexicon import (
    EN_APPROX, EN_DAYS, EN_MONTHS, EN_ORDINALS, EN_UNITS, FR_APPROX, FR_DAYS, FR_MONTHS,
    FR_ORDINALS, FR_UNITS
)
from .patterns import CASE_UNSAFE, DIGIT


# Roman ordinals hold neither a digit nor a number word: "le XXe congrès", "the XXth".
# (No lookbehind in front, which would make re try every position: the
# character before a match is tested by `_roman_ordinal`. Two numerals or
# one of I, V, X, written as one numeral and the others or a lookbehind, so
# that the pattern starts with a class, which re skips to fast.)
_ROMAN_ORDINAL = re.compile(r"[IVXLC](?:[IVXLC]+|(?<=[IVX]))(?:er|re|ère|e|es|ème|èmes|st|nd|rd|th)(?!\w)")


def _roman_ordinal(text: str) -> bool:
    if _ROMAN_ORDINAL.search(text) is None:  # nearly always: no generator built
        return False
    return any(not i or not (text[i - 1].isalnum() or text[i - 1] in "_.,")
               for i in (m.start() for m in _ROMAN_ORDINAL.finditer(text)))


def _has_numbers(text: str) -> bool:
    """A Roman ordinal, or `_CHEAP.search(text)`, faster: a digit, else the words searched case-sensitively
    in the lowercased text (a case-insensitive alternation is slow). For the
    Latin letters of these words, str.lower agrees with re.IGNORECASE, keeps
    lengths and keeps word characters word characters, except for "İ", "ı"
    and "ſ": with one of those the original pattern runs."""
    if DIGIT.search(text) or _roman_ordinal(text):
        return True
    if not text.isascii() and CASE_UNSAFE.search(text):
        return bool(_CHEAP.search(text))
    return bool(_CHEAP_LOWER.search(" " + text.lower()))


_CHEAP_WORDS = sorted(
    set(list(FR_UNITS) + list(EN_UNITS) + list(FR_ORDINALS) + list(EN_ORDINALS)
        + list(FR_MONTHS) + list(EN_MONTHS) + list(FR_DAYS) + list(EN_DAYS)
        + list(FR_APPROX) + list(EN_APPROX)
        # Clock words a time in words may hold no other number word with ("minuit et quart").
        + ["midi", "minuit", "noon", "midnight"]) - {"a", "et", "and", "un", "une", "one"},
    key=len, reverse=True)
_CHEAP = re.compile(r"\d|\b(?:" + "|".join(_CHEAP_WORDS) + r")", re.IGNORECASE)
assert all(w == w.lower() for w in _CHEAP_WORDS)
# The same words as a trie on their first letter (only whether one matches
# counts, so a word another starts, "six" of "sixty", stands for both),
# after a non-word character in place of `\b` (the words start with a
# letter), searched in the text after a space: re skips the word characters fast.
_CHEAP_STEMS = [w for w in _CHEAP_WORDS if not any(w != v and w.startswith(v) for v in _CHEAP_WORDS)]
_CHEAP_LOWER = re.compile(r"\W(?:" + "|".join(
    re.escape(first) + "(?:" + "|".join(re.escape(w[1:]) for w in _CHEAP_STEMS if w[0] == first) + ")"
    for first in sorted({w[0] for w in _CHEAP_STEMS})) + ")")


# The source side depends on the source alone, and one source is often checked
# against several targets (MT systems compared, revisions of one translation):
# memoised per source text, in bounded caches.
@memo_by_text(maxsize=4096)
def _source_has_numbers(source: str) -> bool:
    return _has_numbers(source)


@memo_by_text(maxsize=4096)
def _source_quantities(source: str) -> tuple[Quantity, ...]:
    """`extract(source, "fr")`, memoised: shared between segments, never changed
    (`align` does not change the quantities it matches)."""
    return tuple(extract(source, "fr"))


@memo_by_text(maxsize=4096)
def _target_quantities(target: str) -> tuple[Quantity, ...]:
    """`extract(target, "en")`, memoised the same way: MT systems compared on
    one test set often give the same translation of a sentence."""
    return tuple(extract(target, "en"))


# Alignment is pairwise; real segments carry a few dozen figures at most.
MAX_QUANTITIES = 400


class Unmatched(NamedTuple):
    """How the figures of a segment align, for the three detectors."""

    pairs: Sequence[tuple[Quantity, Quantity]]  # aligned, but differing (N101)
    source: Sequence[Quantity]  # in the source alone (N102)
    target: Sequence[Quantity]  # in the target alone (N103)


_NOTHING = Unmatched((), (), ())


def _not_copied(quantities: Sequence[Quantity], other: str) -> list[Quantity]:
    """`quantities` less the capitalised number words that `other` (the
    segment's other side) holds as written: copied names and titles, not figures."""
    return [q for q in quantities if not (q.kind == "word" and q.text[:1].isupper() and re.search(
        rf"(?<!\w){re.escape(q.text)}(?!\w)", other))]


def unmatched(ctx: Context) -> Unmatched:
    """The segment's figures aligned; read through `ctx.memo(unmatched)`."""
    segment = ctx.segment
    if not (_source_has_numbers(segment.source) or _has_numbers(segment.target)):
        return _NOTHING
    src = _source_quantities(segment.source)
    tgt = _target_quantities(segment.target)
    if len(src) > MAX_QUANTITIES or len(tgt) > MAX_QUANTITIES:
        # A table or hostile input, not a sentence: pairwise
        # alignment would be quadratic, so the segment is not
        # number-checked (documented in the README).
        return _NOTHING
    # English number words the source itself uses: names such as "Five Eyes".
    tgt = _not_copied(tgt, segment.source)
    # And the other way: a capitalised French number word the target carries
    # verbatim, a title left in French ("Sept tables de billard") or a word
    # both languages spell alike ("Six ans après" → "Six years after", whose
    # English "Six" the line above set aside).
    src = _not_copied(src, segment.target)
    us, ut = align(src, tgt)
    # Unit conversions (km → miles) and currency notes consume each other silently.
    pairs = []
    us_left, ut_left = [], list(ut)
    for s in us:
        partner = None
        for t in ut_left:
            if comparable(s, t):
                partner = t
                break
        if partner is not None:
            ut_left.remove(partner)
            pairs.append((s, partner))
        else:
            us_left.append(s)
    return Unmatched(pairs, us_left, ut_left)


class _NumberBase(Detector):
    category = "accuracy/mistranslation"
    severity = "major"
    fix = "reviewable"
    severity_reason = "A wrong, missing or invented figure, date or time misinforms the reader."


class NumberMismatch(_NumberBase):
    """A number, date or time in the target that differs from the source's."""

    code = "N101"
    name = "number-mismatch"
    examples = (("Le projet coûtera 1,2 milliard de dollars.", "The project will cost $1.2 million."),
                ("La réunion commence à 19 h 05.", "The meeting starts at 7:50 p.m."))
    traps = (("Publié à 19 h 05", "Posted at 7:05 p.m."),
             ("1,2 milliard de dollars", "$1.2 billion"),
             ("les années 1990", "the 1990s"))

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        pairs = ctx.memo(unmatched).pairs
        if not pairs:  # (most segments: no import statement run for them)
            return
        from .._english_numbers import english_suggestion

        for s, t in pairs:
            # The suggestion is English, in the target's style, or there is none.
            yield self.finding(t.start, t.end, f"target has {t.text!r} where the source says {s.text!r}",
                               english_suggestion(s, t))


class NumberMissing(_NumberBase):
    """A number, date or time in the source with no counterpart in the target."""

    code = "N102"
    name = "number-missing"
    category = "accuracy/omission"
    examples = (("Le séisme a fait 42 morts.", "The earthquake killed people."),)
    traps = (("une dizaine de personnes", "about a dozen people"), ("le 1er juillet", "on July 1"))

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        for s in ctx.memo(unmatched).source:
            if reportable_alone(s):
                yield self.finding(s.start, s.end, f"source number {s.text!r} is missing from the target",
                                   side="source")


class NumberAdded(_NumberBase):
    """A number, date or time in the target that the source never gives."""

    code = "N103"
    name = "number-added"
    category = "accuracy/addition"
    examples = (("Le séisme a fait des morts.", "The earthquake killed 42 people."),)
    traps = (("huit pays", "eight countries"), ("la Seconde Guerre mondiale", "World War II"))

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        for t in ctx.memo(unmatched).target:
            if reportable_alone(t):
                yield self.finding(t.start, t.end, f"target number {t.text!r} is not in the source")


DETECTORS = (NumberMismatch, NumberMissing, NumberAdded)
