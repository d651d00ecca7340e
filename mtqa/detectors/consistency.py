"""Consistency within a document: repeated sentences and terms translated two ways.

Both detectors keep state for the current document (cleared by `reset()`, which
the engine calls at each document boundary; a plain file pair is one
document) and report on the later segment, so that output can stream.

K102 needs to know what a French term's translation *is* in a segment. It
uses a small bilingual lexicon (`mtqa/data/fr_en_term_variants.tsv`): for each
French term, the competing English renderings, grouped into choices. A
segment whose source has the term and whose target uses renderings of exactly
one choice fixes that choice for the document; a later segment that uses
another choice (and not the first) is flagged. Ambiguous segments (two
choices at once, or none) decide nothing.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import islice
from typing import Iterable

from .. import data
from ..text.terms import TOKEN, Term, stem_en, stem_fr
from ..types import Finding, Segment
from ._memo import Recent, memo_by_text
from .base import WORD_RE, Context, Detector

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"', "\u00a0": " ",
                         "\u202f": " ", "–": "-", "—": "-"})
_SPACES = re.compile(r"\s+")
_EDGE_PUNCT = re.compile(r"^[\s\"'(\[-]+|[\s\"')\].,;:!?-]+$")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?%)])")


# _QUOTES as replacements (faster than translate; no replacement is itself replaced).
_QUOTE_PAIRS = tuple((chr(k), v) for k, v in _QUOTES.items())
# _SPACE_BEFORE_PUNCT's marks, each with the space before it.
_SPACED_PUNCT = tuple((mark, " " + mark) for mark in ",.;:!?%)")
_SPACED_MARK = re.compile(r" [,.;:!?%)]")
# _EDGE_PUNCT's two classes, for text whose only whitespace is " ".
_LEAD_PUNCT = " \"'([-"
_TRAIL_PUNCT = " \"')].,;:!?-"


def _normalise(text: str) -> str:
    t = text
    if not t.isascii():  # ASCII text is NFC and holds none of the _QUOTES
        t = unicodedata.normalize("NFC", t)
        for a, b in _QUOTE_PAIRS:
            if a in t:
                t = t.replace(a, b)
    # `_SPACES.sub(" ", t).strip()`: str.split and str.strip use the same whitespace as \s.
    t = " ".join(t.split()).lower()
    # `_SPACE_BEFORE_PUNCT.sub(r"\1", t)`: the only whitespace is now single
    # spaces, so each match is " " and one mark; removing such a space makes
    # no new match, so the marks can be done one after the other.
    if _SPACED_MARK.search(t):  # rare: one scan first
        for mark, spaced in _SPACED_PUNCT:
            if spaced in t:
                t = t.replace(spaced, mark)
    # `_EDGE_PUNCT.sub("", t)`: whitespace is only " " now, so its two classes are
    # plain character sets, the leading run removed first.
    return t.lstrip(_LEAD_PUNCT).rstrip(_TRAIL_PUNCT)


@memo_by_text(maxsize=4096)
def _source_key(source: str, min_words: int) -> str | None:
    """K101's key for a source sentence (`_normalise`), or None for one of
    fewer than `min_words` words; memoised per source (see _memo)."""
    # Count no further than needed.
    if sum(1 for _ in islice(WORD_RE.finditer(source), min_words)) < min_words:
        return None
    return _normalise(source)


class InconsistentRepeat(Detector):
    """The same source sentence translated differently earlier in the document."""

    code = "K101"
    name = "inconsistent-repeat"
    category = "fluency/inconsistency"
    severity = "minor"
    # Which of two renderings is right is unknowable without a person: the
    # earlier one may be the worse one (or carry its own findings), so there is
    # no automatic fix; the message names both renderings.
    fix = "none"
    severity_reason = "Readers and translation memories expect one translation per sentence; usually one of the two is worse."
    examples = (("Le ministre n'a pas répondu à nos questions. [twice]",
                 "The minister did not answer our questions. / The minister has not responded to our questions."),)
    traps = (("Merci. [twice]", "Thank you. / Thanks."),)

    MIN_WORDS = 4

    def __init__(self, **options) -> None:
        super().__init__(**options)
        self.reset()

    def reset(self) -> None:
        # Bounded (see _memo.DOCUMENT_KEYS): flat memory on one huge document.
        self.seen: Recent = Recent()

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        key = _source_key(segment.source, self.MIN_WORDS)
        if key is None or not segment.target.strip():
            return
        seen = self.seen
        # A membership test first: nearly every key is new, and `Recent.get`
        # (a Python method) is only needed, for its recency update, on a repeat.
        if key not in seen:
            # The target is normalised only when the sentence comes back (first[0] is None until then).
            seen[key] = (None, segment.id, segment.target)
            return
        first = seen.get(key)
        if segment.target == first[2]:
            return  # the same rendering, normalised or not
        if first[0] is None:
            first = self.seen[key] = (_normalise(first[2]), first[1], first[2])
        if first[0] == _normalise(segment.target):
            return
        text = segment.target
        start = len(text) - len(text.lstrip())
        end = len(text.rstrip())
        yield self.finding(
            start, end,
            f"the same source sentence was translated differently in segment {first[1]}: "
            f"{first[2].strip()!r} there, {text[start:end]!r} here; a person must choose",
            None,
        )


@lru_cache(maxsize=1)
def _lexicon() -> tuple[tuple[Term, tuple[tuple[Term, ...], ...]], ...]:
    out = []
    for row in data.table("fr_en_term_variants.tsv"):
        if len(row) < 2:
            continue
        groups = []
        for group in "\t".join(row[1:]).split("|"):
            forms = tuple(Term.make(f.strip(), "en") for f in group.replace("\t", " ").split(";") if f.strip())
            if forms:
                groups.append(forms)
        if len(groups) >= 2:
            out.append((Term.make(row[0], "fr"), tuple(groups)))
    return tuple(out)


@lru_cache(maxsize=1)
def _first_stems() -> frozenset[str]:
    """Stems of the first word of each French term: a cheap pre-filter."""
    return frozenset(term.stems[0].lower() for term, _ in _lexicon() if term.stems)


@lru_cache(maxsize=1)
def _needs() -> tuple[tuple[frozenset[str] | None, frozenset[str]], ...]:
    """For each lexicon term (in order): the tokens and stems `Term.find` needs in
    the source: (forms one of which must be a token, for each case-sensitive
    stem; the other stems), a necessary condition checked with two set tests."""
    return tuple(_needs_of(term) for term, _ in _lexicon())


@lru_cache(maxsize=65536)
def _stem_fr_memo(tok: str) -> str:
    return stem_fr(tok)


@lru_cache(maxsize=65536)
def _stem_en_memo(tok: str) -> str:
    return stem_en(tok)


def _needs_of(term: Term) -> tuple[tuple[frozenset[str], ...], frozenset[str]]:
    """The tokens and stems `term.find` needs: (forms one of which must be a
    token, for each case-sensitive stem; the other stems), a necessary
    condition checked with set tests."""
    exact = tuple(frozenset((st, st + "s", st + "'s", st + "’s")) for st in term.stems
                  if st.isupper() and term.case_sensitive)
    stems = frozenset(st for st in term.stems if not (st.isupper() and term.case_sensitive))
    return exact, stems


@lru_cache(maxsize=None)
def _rendering_needs(i: int) -> tuple[tuple[tuple[tuple[frozenset[str], ...], frozenset[str]], ...], ...]:
    """`_needs_of` each English rendering of `_lexicon()[i]`, by group and form."""
    return tuple(tuple(_needs_of(form) for form in forms) for forms in _lexicon()[i][1])


@lru_cache(maxsize=65536)
def _first_hit(tok: str) -> bool:
    """Whether a source token passes the `_first_stems()` pre-filter."""
    first = _first_stems()
    return _stem_fr_memo(tok).lower() in first or tok in first


def _source_tokens(text: str) -> list[tuple[str, str, int, int]]:
    """`stemmed_tokens(text, "fr")` with the stems memoised."""
    return [(m.group(), _stem_fr_memo(m.group()), m.start(), m.end()) for m in TOKEN.finditer(text)]


def _choices(groups, tgt_toks, needs=None, words=frozenset(), stems=frozenset()) -> dict[int, list[tuple[int, int, str]]]:
    """Which rendering groups occur in the target, with spans; a match inside a
    longer match of another group does not count ("union" in "trade union").
    With `needs` (`_rendering_needs`), the target's `words` and `stems`, a
    form that needs what the target lacks is not searched (it finds nothing)."""
    found: dict[int, list[tuple[int, int, str]]] = {}
    for gi, forms in enumerate(groups):
        for fi, form in enumerate(forms):
            if needs is not None:
                exact, need = needs[gi][fi]
                if not need <= stems or any(words.isdisjoint(f) for f in exact):
                    continue
            for s, e in form.find(tgt_toks):
                found.setdefault(gi, []).append((s, e, form.text))
    if len(found) > 1:
        spans = [(s, e, gi) for gi, lst in found.items() for s, e, _ in lst]
        for gi in list(found):
            kept = [m for m in found[gi]
                    if not any(g2 != gi and s2 <= m[0] and m[1] <= e2 and (e2 - s2) > (m[1] - m[0])
                               for s2, e2, g2 in spans)]
            if kept:
                found[gi] = kept
            else:
                del found[gi]
    return found


@memo_by_text(maxsize=4096)
def _source_terms(source: str) -> tuple[int, ...]:
    """Indexes in `_lexicon()` of the French terms the source holds, in
    order; memoised per source (see _memo): finding them is most of K102's
    cost, and depends on the source alone."""
    if not any(map(_first_hit, TOKEN.findall(source))):
        return ()
    src_toks = _source_tokens(source)
    src_stems = {stem for _, stem, _, _ in src_toks}
    src_words = {tok for tok, _, _, _ in src_toks}
    out = []
    for i, ((term, _), (exact, stems)) in enumerate(zip(_lexicon(), _needs())):
        if not stems <= src_stems or any(src_words.isdisjoint(forms) for forms in exact):
            continue  # some stem of the term is nowhere in the source: find() has nothing
        if term.find(src_toks):
            out.append(i)
    return tuple(out)


class TermInconsistent(Detector):
    """One French term translated two different ways in the same document."""

    code = "K102"
    name = "term-inconsistent"
    category = "terminology/inconsistent"
    severity = "minor"
    fix = "reviewable"
    severity_reason = "Two renderings of one term make readers wonder whether two things are meant."
    examples = (("Le projet de loi … / Le projet de loi …", "The bill … / The draft law …"),)
    traps = (("Les députés … / Le député …", "MPs … / The member of parliament …"),)

    def __init__(self, **options) -> None:
        super().__init__(**options)
        self.chosen: dict[str, tuple[int, str, str]] = {}

    def reset(self) -> None:
        self.chosen = {}

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        terms = _source_terms(segment.source)
        if not terms:
            return
        lexicon = _lexicon()
        # `stemmed_tokens(segment.target, "en")` with the stems memoised.
        tgt_toks = [(m.group(), _stem_en_memo(m.group()), m.start(), m.end()) for m in TOKEN.finditer(segment.target)]
        tgt_words = {tok for tok, _, _, _ in tgt_toks}
        tgt_stems = {stem for _, stem, _, _ in tgt_toks}
        for i in terms:
            term, groups = lexicon[i]
            found = _choices(groups, tgt_toks, _rendering_needs(i), tgt_words, tgt_stems)
            if len(found) != 1:
                continue  # no rendering we know, or two at once: decides nothing
            (gi, matches), = found.items()
            prev = self.chosen.get(term.text)
            if prev is None:
                s0, e0, _ = matches[0]
                self.chosen[term.text] = (gi, segment.target[s0:e0], segment.id)
                continue
            if prev[0] == gi:
                continue
            s, e, _ = matches[0]
            yield self.finding(
                s, e,
                f"{term.text!r} is translated {segment.target[s:e]!r} here but {prev[1]!r} in segment {prev[2]}",
                _match_case(prev[1], segment.target[s:e]),
            )


def _match_case(word: str, like: str) -> str:
    """"Bill" suggested for "draft law" becomes "bill"; acronyms stay as they are."""
    if not word or not like or word.isupper():
        return word
    if like[0].islower() and word[0].isupper() and not word[1:2].isupper():
        return word[0].lower() + word[1:]
    if like[0].isupper() and word[0].islower():
        return word[0].upper() + word[1:]
    return word


DETECTORS = (InconsistentRepeat, TermInconsistent)
