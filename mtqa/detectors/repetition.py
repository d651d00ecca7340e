"""Repetition artifacts: "the the", "every year every year", degenerate loops.

English has legitimate repeats ("had had", "that that", "very, very", "bye
bye", "no, no") and names that double ("Bora Bora", "Sirhan Sirhan"); and
when the French itself repeats ("très, très", "non, non, non") the English
may repeat too. The detectors compare with the source before flagging.
"""

from __future__ import annotations

import re
from collections import Counter
from operator import and_, eq
from typing import Iterable

from ..types import Finding, Segment
from ._memo import memo_by_text
from .base import WORD_RE, Context, Detector

# Words with apostrophes/hyphens inside; numbers are words too (for loops).
# (The same pattern as WORD_RE, which ctx.target_word_strings uses.)
_TOKEN = WORD_RE
# What may separate two repeated units: plain spaces only for R101/R102.
_SPACE_ONLY = re.compile(r"[ \t\u00a0]+")
# Separators allowed between the units of a loop (R103): spaces, commas, dashes.
_LOOP_SEP = re.compile(r"[ \t\u00a0]*(?:[,;/\-–—…]+[ \t\u00a0]*)?|[ \t\u00a0]+")

# Doubled words that are grammatical English whatever the source says.
_GRAMMATICAL_DOUBLES = frozenset(
    "had that is do bye so ha haha no yes yeah blah knock tut hip chop pooh bang boo "
    "there now well night yum cha tsk hush quick ho hee bla".split()
)
# Intensifier doubles: fine with a comma ("very, very"), and fine without one
# only when the source repeats too ("très très").
_INTENSIFIERS = frozenset("very really much far many long more so too big little away over".split())

# An immediate word repetition in the French ("très, très", "non non", "vite vite").
_FR_DOUBLE = re.compile(r"(?<![\w'’])([^\W\d_]+)(?:[ ,\u00a0]+\1){1,}(?![\w'’])", re.IGNORECASE)


@memo_by_text(maxsize=4096)
def _source_repeats(source: str) -> bool:
    return bool(_FR_DOUBLE.search(source))


def _tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group().lower(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _is_name_double(text: str, a: tuple[str, int, int], b: tuple[str, int, int]) -> bool:
    """"Bora Bora", "Walla Walla", "Duran Duran": both capitalised, not sentence-initial 'The The'."""
    wa, wb = text[a[1]:a[2]], text[b[1]:b[2]]
    return wa[:1].isupper() and wb[:1].isupper() and wa.lower() not in _FUNCTION_WORDS


_FUNCTION_WORDS = frozenset(
    "the a an of in on at to for from by with and or but as is are was were be been it its "
    "this these those their his her our we they he she i you not".split()
)


def _units_equal(toks, i: int, j: int, n: int) -> bool:
    return all(toks[i + k][0] == toks[j + k][0] for k in range(n))


def _gap_is(text: str, end: int, start: int, pattern: re.Pattern[str]) -> bool:
    return bool(pattern.fullmatch(text[end:start]))


def _loop_starts(words: list[str], max_n: int, min_reps: int) -> list[int]:
    """Where a loop may start: i with words[i] == words[i + n] == ... == words[i + (min_reps - 1) * n]
    for some unit length n (a necessary condition of `_loops` finding one at i), sorted."""
    L = len(words)
    if min_reps < 2:
        return list(range(L))
    counts = Counter(words)
    repeated = [w for w, c in counts.items() if c >= min_reps]
    if not repeated:
        return []
    starts = set()
    for w in repeated:
        at = [k for k, x in enumerate(words) if x == w]
        here = set(at)
        for i in at:
            for n in range(1, max_n + 1):
                if i + n * min_reps > L:
                    break
                if all(i + k * n in here for k in range(1, min_reps)):
                    starts.add(i)
                    break
    return sorted(starts)


def _loops(text: str, toks, max_n: int = 8, min_reps: int = 3):
    """Yield (i, n, reps): tokens[i:i+n] repeated `reps` times in a row (loose separators)."""
    out = []
    i = 0
    L = len(toks)
    # Elsewhere nothing repeats: `best` stays None and the scan moves on by one.
    for c in _loop_starts([t[0] for t in toks], max_n, min_reps):
        if c < i:
            continue
        i = c
        best = None
        for n in range(1, max_n + 1):
            if i + n * min_reps > L:
                break
            reps = 1
            while i + (reps + 1) * n <= L and _units_equal(toks, i, i + reps * n, n) and _gap_is(
                text, toks[i + reps * n - 1][2], toks[i + reps * n][1], _LOOP_SEP
            ):
                reps += 1
            if reps >= min_reps and (best is None or reps * n > best[1] * best[2]):
                best = (i, n, reps)
        if best:
            out.append(best)
            i = best[0] + best[1] * best[2]
        else:
            i += 1
    return out


# Per-segment analyses the three detectors share, each read through
# `ctx.memo(fn)` so that it is computed once per segment.


def _target_words(ctx: Context) -> list[str]:
    """The lowercased words of the target, `[t[0] for t in _tokens(segment.target)]`.
    Cheaper than the tokens (no offsets): most segments are settled on words alone."""
    # ctx.target_word_strings uses WORD_RE, the same pattern as _TOKEN.
    return list(map(str.lower, ctx.target_word_strings))


def _bigram_repeats(ctx: Context) -> int:
    """How many pairs of consecutive target words repeat an earlier pair: the
    pairs less their distinct ones (-1 without words; a pair that occurs three
    times counts two). Above 0, some pair occurs twice.

    That is necessary for R102 (two equal units of two or more words) and R103
    (a unit repeated three times: n >= 2 repeats its first two words, n == 1
    gives "w w" at i and at i + 1). Most targets have none: a set of pairs is
    far cheaper than the exact searches."""
    words = ctx.memo(_target_words)
    return len(words) - 1 - len(set(zip(words, words[1:])))


def _may_loop(words: list[str], repeats: int = 2) -> bool:
    """Necessary for `_loops(text, toks)` (three or more reps) to find anything: a unit
    of n >= 2 words repeated three times has its first two words three times; a
    single word repeated three times follows itself. Far cheaper than _loop_starts.
    `repeats` is `_bigram_repeats`: a pair three times makes it 2 or more, so
    with a single repeat (the usual case) the pairs need no counting (the
    default counts them)."""
    if any(map(eq, words, words[1:])):
        return True
    return repeats >= 2 and max(Counter(zip(words, words[1:])).values(), default=0) >= 3


def _target_tokens(ctx: Context) -> list[tuple[str, int, int]]:
    """`_tokens(segment.target)` (the same pattern as ctx.target_words)."""
    return [(w.lower(), s, e) for w, s, e in ctx.target_words]


def _target_loops(ctx: Context) -> list[tuple[int, int, int]]:
    """`_loops(segment.target, _target_tokens(...))`."""
    repeats = ctx.memo(_bigram_repeats)
    if repeats > 0 and _may_loop(ctx.memo(_target_words), repeats):
        return _loops(ctx.segment.target, ctx.memo(_target_tokens))
    return []  # no loop anywhere (see _bigram_repeats, _may_loop)


@memo_by_text(maxsize=4096)
def _has_loop(text: str) -> bool:
    return bool(_loops(text, _tokens(text), max_n=4))


class RepeatedWord(Detector):
    """A word written twice in a row: "the the", "in in"."""

    code = "R101"
    name = "repeated-word"
    category = "fluency/grammar"
    severity = "minor"
    fix = "reviewable"
    severity_reason = "Visibly wrong, but the reader recovers the meaning at once."
    examples = (("Le président a parlé aux journalistes.", "The president spoke to the the reporters."),
                ("Il vit à Montréal.", "He lives in in Montreal."))
    traps = (("Il avait eu de la chance.", "He had had some luck."),
             ("Elle a dit que cela comptait.", "She said that that mattered."),
             ("C'est très, très grave.", "It is very, very serious."))

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        text = segment.target
        words = ctx.memo(_target_words)
        if len(words) < 2:
            return
        if not any(map(eq, words, words[1:])):
            return  # no word follows itself
        toks = ctx.memo(_target_tokens)
        src_repeats: bool | None = None
        loop_spans = [(toks[i][1], toks[i + n * r - 1][2]) for i, n, r in ctx.memo(_target_loops)]
        for a, b in zip(toks, toks[1:]):
            if a[0] != b[0] or not _SPACE_ONLY.fullmatch(text[a[2]:b[1]]):
                continue
            if any(s <= a[1] < e for s, e in loop_spans):
                continue  # a loop: R103's
            word = a[0]
            if word in _GRAMMATICAL_DOUBLES or word.isdigit() or _is_name_double(text, a, b):
                continue
            if text[a[1]].islower() and text[b[1]].isupper():
                continue  # "the The Hague court", "the The Globe and Mail reporter": a name begins
            if src_repeats is None:
                src_repeats = _source_repeats(segment.source)
            if src_repeats:
                continue  # the French repeats: reduplication may be faithful
            yield self.finding(
                a[1], b[2], f"word repeated: {text[a[1]:b[2]]!r}", text[a[1]:a[2]]
            )


class RepeatedPhrase(Detector):
    """A phrase of two to six words written twice in a row: "every year every year"."""

    code = "R102"
    name = "repeated-phrase"
    category = "fluency/grammar"
    severity = "minor"
    fix = "reviewable"
    severity_reason = "A decoding glitch that reads badly; the content is still there."
    examples = (("Le festival a lieu chaque année.", "The festival takes place every year every year."),)
    traps = (("Il a frappé : toc toc.", "He knocked: knock knock."),
             ("« Allez, allez ! » criait la foule.", '"Come on, come on!" the crowd shouted.'))

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        text = segment.target
        words = ctx.memo(_target_words)
        L = len(words)
        if L < 4 or ctx.memo(_bigram_repeats) <= 0:
            return
        starts = _phrase_starts(words)
        if not starts:
            return  # no unit of two to six words can equal the next
        toks = ctx.memo(_target_tokens)
        loop_spans = None
        src_repeats: bool | None = None
        i = 0
        # Elsewhere no unit can match: `hit` stays 0 and the scan moves on by one.
        for c in starts:
            if c < i:
                continue
            i = c
            hit = 0
            for n in range(6, 1, -1):
                if i + 2 * n > L or not _units_equal(toks, i, i + n, n):
                    continue
                # Inside each unit and between the two, only spaces (no commas): "come on, come on" is rhetoric.
                gaps = [text[toks[k][2]:toks[k + 1][1]] for k in range(i, i + 2 * n - 1)]
                if not all(_SPACE_ONLY.fullmatch(g) for g in gaps):
                    continue
                hit = n
                break
            if not hit:
                i += 1
                continue
            start, end = toks[i][1], toks[i + 2 * hit - 1][2]
            if loop_spans is None:
                loop_spans = [(toks[j][1], toks[j + n * r - 1][2]) for j, n, r in ctx.memo(_target_loops)]
            if any(s <= start < e for s, e in loop_spans):
                i += 2 * hit
                continue
            twice = words[i:i + 2 * hit]  # both units
            if any(twice[k] == twice[k + 2] and twice[k + 1] in _CONNECTORS for k in range(len(twice) - 2)):
                i += 1  # "door to door to", "and more and more": an X-to-X idiom inside
                continue
            if src_repeats is None:
                src_repeats = _source_repeats(segment.source) or _source_phrase_repeats(segment.source)
            if not src_repeats and not _is_name_double(text, toks[i], toks[i + hit]):
                unit = text[toks[i][1]:toks[i + hit - 1][2]]
                yield self.finding(start, end, f"phrase repeated: {unit!r} twice in a row", unit)
            i += 2 * hit


def _phrase_starts(words: list[str]) -> list[int]:
    """Where a unit of two to six words may equal the next: i with words[i] == words[i + n]
    and words[i + 1] == words[i + 1 + n], i + 2n <= len(words) (necessary for RepeatedPhrase), sorted.

    That is: the pair of words at i comes back at i + n. The positions of
    each pair that occurs twice are compared, rather than the word lists
    shifted by each n (most targets repeat no pair, or one or two)."""
    L = len(words)
    at: dict[tuple[str, str], list[int]] = {}
    for i, pair in enumerate(zip(words, words[1:])):
        at.setdefault(pair, []).append(i)
    out = set()
    for where in at.values():
        if len(where) < 2:
            continue
        for k, i in enumerate(where):
            for j in where[k + 1:]:
                n = j - i
                if n > 6 or i + 2 * n > L:
                    break  # later j are further still
                if n >= 2:
                    out.add(i)
                    break
    return sorted(out)


# "door to door", "more and more", "side by side", "year after year", "hand in hand".
_CONNECTORS = frozenset("to and by after upon on in for or over against".split())

_FR_PHRASE_DOUBLE = re.compile(r"(?<![\w'’])((?:[^\W\d_]+[ '’\-]+){1,5}[^\W\d_]+)[ ,\u00a0]+\1(?![\w'’])", re.IGNORECASE)


@memo_by_text(maxsize=4096)
def _source_phrase_repeats(source: str) -> bool:
    return bool(_FR_PHRASE_DOUBLE.search(source))


class DegenerateLoop(Detector):
    """A word or phrase repeated three or more times in a row: a decoding loop."""

    code = "R103"
    name = "degenerate-loop"
    category = "accuracy/addition"
    severity = "major"
    fix = "reviewable"
    severity_reason = "The system looped instead of translating: words are added and content is usually lost."
    examples = (("Les prix ont augmenté.", "Prices have risen risen risen risen."),
                ("Le gouvernement du Québec a réagi.",
                 "The government of the government of the government of Quebec reacted."))
    traps = (("« Non, non, non ! » a-t-il répondu.", '"No, no, no!" he replied.'),)

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        text = segment.target
        if len(ctx.memo(_target_words)) < 3:
            return
        loops = ctx.memo(_target_loops)
        if not loops:
            return
        toks = ctx.memo(_target_tokens)
        src_loops = _has_loop(segment.source)
        for i, n, reps in loops:
            if src_loops:
                continue  # the French loops too ("non, non, non"): faithful
            word = toks[i][0]
            if n == 1 and word in _GRAMMATICAL_DOUBLES | _INTENSIFIERS and _source_repeats(segment.source):
                continue
            if n == 1 and word in ("ha", "haha", "blah", "bla", "ho", "hee", "yum", "no", "yes"):
                continue  # laughter and filler are written that way
            start, end = toks[i][1], toks[i + n * reps - 1][2]
            unit = text[toks[i][1]:toks[i + n - 1][2]]
            yield self.finding(start, end, f"{unit!r} repeated {reps} times in a row", unit)


DETECTORS = (RepeatedWord, RepeatedPhrase, DegenerateLoop)
