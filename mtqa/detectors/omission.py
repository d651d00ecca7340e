"""Dropped content: a source clause or complement with no counterpart in the target.

A501 checks relative clauses (", qui était à Paris mardi,") and appositions
between commas (", l'ancien ministre des Finances,"); A502 complements opened
by "malgré", "selon", "d'ici", "dans", "lors de", "après", "avant". One fires
only when, at once: most of the candidate's content words (see
`fr_function_words.txt`, `fr_light_words.txt`) have no counterpart in the
target (cognate, number, `fr_en_content_words.tsv` or the other bilingual
data: entities, term variants, polarity axes, units, time expressions); the
rest of the source is rendered well enough for that search to be trusted; the
target has no unrendered words where the candidate's translation would be;
and the target is shorter than a full translation. Each test alone is weak on
free human translations; precision comes first. Dropped names are N202's.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, NamedTuple

from .. import data, langid
from ..text.folding import fold_lower
from ..types import Finding, Segment
from ._memo import memo_by_text
from .base import WORD_RE, Context, Detector
from .counterparts import Target, renderings, unrendered


# Length gate: target chars <= CHAR_RATIO * (source - LENGTH_SHARE * candidate).
# A full translation is ~0.876 of its source (WMT14 reference median).
CHAR_RATIO = 0.95
LENGTH_SHARE = 0.5
# Content words a candidate needs, and the share of them without a counterpart.
MIN_CONTENT = 2
MIN_MISSING_SHARE = 0.75
# How well the rest of the source must be rendered for the search to be trusted.
MIN_COVERED_ELSEWHERE = 0.4
# Unrendered target words allowed, per missing word, beyond those the
# unrendered rest of the source accounts for (globally and in the window
# where the candidate's translation would stand).
UNEXPLAINED_SHARE = 0.75
MAX_CANDIDATE_WORDS = 14
# Longer sources are several sentences (or hostile input): the length gate
# means nothing there and the word-by-word search would grow quadratically.
MAX_SOURCE_CHARS = 1200

_ELISION = re.compile(r"^(?:[ldjnmstc]|qu|jusqu|lorsqu|puisqu|quoiqu)['’]", re.IGNORECASE)
# A chunk ends at punctuation; a comma or point between digits ("3,5") does not end it.
_BOUNDARY = re.compile(r"[,.;:!?()«»\"“”—–\[\]]")
# Compared lowercased, accents kept: folded, "où" would be the conjunction "ou".
_RELATIVE = frozenset(w.replace("’", "'") for w in "qui que qu' qu’ dont où lequel laquelle lesquels lesquelles auquel auxquels auxquelles "
                      "duquel desquels desquelles".split())
_APPOSITION_START = frozenset(fold_lower(w) for w in "le la les l' l’ un une son sa ses leur leurs cet cette ancien ancienne "
                              "anciens ex".split())
_COMPLEMENT = re.compile(r"(?<![\w'’-])(?:(?:malgré|selon|d['’]ici|dans|lors\s+d(?:e|u|es)|après|avant)(?![\w'’-])"
                         r"|lors\s+d['’](?=\w))",
                         re.IGNORECASE)
_PREPOSITION_RELATIVE = re.compile(r"\s+(?:lequel|laquelle|lesquels|lesquelles|quoi|qui)\b", re.IGNORECASE)
# A complement goes on with a determiner, a number, a name or an infinitive.
_COMPLEMENT_OPENS = re.compile(r"\s*(?:(?:l[ea]s?|une?|des|du|de|aux?|s[ao]n|ses|leurs?|ce[st]?|cette|m[ao]n|mes|no(?:tre|s)|"
                               r"vo(?:tre|s)|que|avoir|être|plusieurs|quelques|certaine?s|toute?s?|tous|chaque|deux|trois|"
                               r"quatre|cinq|dix|cent|mille)\b|(?:l|d|qu)['’]|\d|[A-ZÀ-Þ])", re.IGNORECASE)
# Words after which a complement stops: another clause begins.
_COMPLEMENT_STOP = frozenset(fold_lower(w) for w in "et ou mais qui que qu' qu’ dont où car puis lorsque quand si tandis lequel laquelle "
                                                     "lesquels lesquelles auquel auxquels duquel".split())


@lru_cache(maxsize=1)
def _light_words() -> frozenset[str]:
    words = data.wordset("fr_function_words.txt") | data.wordset("fr_light_words.txt")
    return frozenset(fold_lower(w) for w in words)


@lru_cache(maxsize=65536)
def _word_content(raw: str) -> tuple[tuple[str, ...], int]:
    """A source word's content parts, folded (none for a light word), and the
    offset where they start (after an elided "l'", "qu'")."""
    light = _light_words()
    w = fold_lower(raw)
    el = _ELISION.match(w)
    shift = 0
    if el and w != "aujourd'hui":
        w, shift = w[el.end():], el.end()
    parts = w.split("-") if "-" in w and not w.startswith("porte-") else [w]
    return tuple(p for p in parts if not (p in light or (len(p) < 3 and not p.isdigit()))), shift


def _content_words(source: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """(folded word, start, end) of the content words between start and end."""
    out = []
    for m in WORD_RE.finditer(source, start, end):
        parts, shift = _word_content(m.group())
        for part in parts:
            out.append((part, m.start() + shift, m.end()))
    return out


def _chunks(source: str) -> list[tuple[int, int, str, str]]:
    """(start, end, opening mark, closing mark) of the stretches between punctuation."""
    marks = [(m.start(), m.group()) for m in _BOUNDARY.finditer(source) if not _decimal(source, m.start())]
    out, prev, prev_mark = [], 0, ""
    for pos, mark in marks + [(len(source), "")]:
        out.append((prev, pos, prev_mark, mark))
        prev, prev_mark = pos + 1, mark
    return out


_ABBREVIATION = re.compile(r"(?:^|[\s(])(?:[A-Z]|M|MM|Mme|Mmes|Dr|Me|Mgr|St|Ste|av|etc)$")


def _decimal(text: str, i: int) -> bool:
    """A comma or point inside a number ("3,5"), or the point of "M." or "Dr."."""
    if text[i] not in ",." or i == 0:
        return False
    if i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit():
        return True
    return text[i] == "." and bool(_ABBREVIATION.search(text, max(0, i - 6), i))


# An apposition is a noun phrase: a chunk with one of these verbs or
# pronouns is a clause of its own ("le temps devrait se réchauffer").
# (Accents kept: folded, "à" would be "a".)
_FINITE = frozenset(w for w in "est sont était étaient a ont avait avaient sera seront serait seraient "
                    "aura auront aurait auraient fut peut peuvent pourrait pourraient doit doivent devait "
                    "devrait devraient va vont allait fait font il elle ils elles on nous vous ne".split())
_REFLEXIVE = re.compile(r"(?<![\w'’])(?:[snm]['’]|se\s|ne\s)", re.IGNORECASE)
# Words that open the clause after a relative "que": its subject.
_QUE_SUBJECT = frozenset("le la les l' un une son sa ses leur leurs ce cet cette ces il elle ils elles on nous vous "
                         "je j' tout tous mon ma mes notre nos votre vos".split())


def _relative_que(words: list[str]) -> bool:
    """Whether "que" opens a relative clause (", que le gouvernement a commandé,"):
    its subject follows, a determiner, a pronoun or a name."""
    parts = re.split(r"['’]", words[0], maxsplit=1)
    nxt = parts[1] if len(parts) > 1 and parts[1] else (words[1] if len(words) > 1 else "")
    low = fold_lower(nxt)
    return bool(nxt) and (low in _QUE_SUBJECT or low.split("'")[0] + "'" in _QUE_SUBJECT or nxt[:1].isupper())


@memo_by_text(maxsize=4096)
def candidates(source: str) -> tuple[tuple[str, int, int], ...]:
    """(kind, start, end) of the source stretches A501/A502 check: "relative
    clause", "apposition" and "complement" (spans without their commas)."""
    out: list[tuple[str, int, int]] = []
    chunks = _chunks(source)
    for cstart, cend, opening, closing in chunks:
        start = cstart + len(source[cstart:cend]) - len(source[cstart:cend].lstrip())
        end = start + len(source[start:cend].rstrip())
        words = WORD_RE.findall(source, start, end)
        if not words or opening != "," or len(words) > MAX_CANDIDATE_WORDS:
            continue
        first = fold_lower(words[0])
        head = first.split("'")[0] + "'" if "'" in first else first
        low = words[0].lower().replace("’", "'")
        low_head = low.split("'")[0] + "'" if "'" in low else low
        if low in _RELATIVE or low_head in _RELATIVE:
            if head in ("que", "qu'") and not _relative_que(words):
                continue  # a conjunction or a comparison: ", qu'au fond", ", ou que quiconque"
            if closing in (",", ".", ";", ")", "—", "–", ""):
                out.append(("relative clause", start, end))
        elif ((first in _APPOSITION_START or head in _APPOSITION_START) and closing == ","
              and not any(w.lower() in _FINITE for w in words) and not _REFLEXIVE.search(source, start, end)):
            out.append(("apposition", start, end))
    taken = [(s, e) for _, s, e in out]
    ends = [c[1] for c in chunks]
    for m in _COMPLEMENT.finditer(source):
        start = m.start()
        if _PREPOSITION_RELATIVE.match(source, m.end()) or not _COMPLEMENT_OPENS.match(source, m.end()):
            continue  # "dans lequel se concentrera ..." (a clause), "les sièges avant pouvaient" (an adjective)
        stop = next((p for p in ends if p > start), len(source))
        end, count = m.end(), 0
        for w in WORD_RE.finditer(source, m.end(), stop):
            low = w.group().lower().replace("’", "'")
            elided = low.split("'")[0] + "'" if "'" in low else ""
            if count >= 2 and (fold_lower(low) in _COMPLEMENT_STOP or fold_lower(elided) in _COMPLEMENT_STOP or low in _FINITE
                               or elided in ("s'", "n'") or low in ("se", "ne")):
                break  # another clause, or the sentence's own verb: "... de la région s'avère essentielle"
            if count >= MAX_CANDIDATE_WORDS - 4:
                break
            end, count = w.end(), count + 1
        if count < 2 or any(s <= start and end <= e for s, e in taken):
            continue
        out.append(("complement", start, end))
    return tuple(out)


def _short_enough(source: str, target: str, start: int, end: int) -> bool:
    """Whether the target is short enough to lack the candidate (see CHAR_RATIO)."""
    return len(target.strip()) <= CHAR_RATIO * (len(source.strip()) - LENGTH_SHARE * (end - start))


_french = lru_cache(maxsize=8192)(lambda word: langid.zipf_fr(word.lower()) >= 2.0)


def _window(words: list[tuple[str, int, int]], matched: list[list[int]], start: int, end: int,
            size: int) -> range | None:
    """The target words between the renderings of the nearest rendered source
    words on each side of the candidate: where its translation would stand.
    None when the anchors cross (a reordered sentence: no place to look)."""
    left = [pos for (w, s, e), pos in zip(words, matched) if e <= start and pos]
    right = [pos for (w, s, e), pos in zip(words, matched) if s >= end and pos]
    lo = max(left[-1]) if left else -1
    after = [i for i in right[0] if i > lo] if right else [size]
    return range(lo + 1, min(after)) if after else None


@memo_by_text(maxsize=4096)
def _source_words(source: str) -> tuple[tuple[str, int, int], ...]:
    """The source's content words (`_content_words` of all of it), memoised."""
    return tuple(_content_words(source, 0, len(source)))


def _least(source: str, start: int) -> int:
    """The content words a candidate needs, all missing: "dans" opens idioms more
    than anything ("dans une moindre mesure", "dans le cas contraire"): it needs
    one content word more."""
    return MIN_CONTENT + (fold_lower(source[start:start + 5]) == "dans ")


@memo_by_text(maxsize=4096)
def _viable(source: str) -> tuple[tuple[str, int, int, int], ...]:
    """The candidates (with `_least`) that some target could report: a
    necessary condition on the source alone, so most segments never build
    the target's words. `dropped` needs `_least` missing words inside the
    candidate, and a missing word is one without a counterpart that is a
    number or a French word (`_french`): there must be that many such
    content words inside; and it needs two content words outside."""
    found = candidates(source)
    if not found:
        return ()
    words = _source_words(source)
    out = []
    for kind, start, end in found:
        if sum(1 for w, s, e in words if not start <= s < end) < 2:
            continue  # the cheap test first: it needs no lexicon lookup
        least = _least(source, start)
        # Counted up to `least` only: each `_french` of a new word is a lexicon lookup.
        missable = 0
        for w, s, e in words:
            if start <= s < end and (w.isdigit() or _french(source[s:e])):
                missable += 1
                if missable >= least:
                    out.append((kind, start, end, least))
                    break
    return tuple(out)


class Dropped(NamedTuple):
    """A source stretch the target leaves out."""

    kind: str  # "relative clause", "apposition" or "complement"
    start: int  # its span in the source
    end: int
    content: int  # its content words
    missing: tuple[str, ...]  # those no target word renders


def _missing_inside(source: str, words: tuple[tuple[str, int, int], ...], matched: dict[int, list[int]],
                    start: int, end: int, least: int) -> tuple[list[tuple[str, bool]], tuple[str, ...]] | None:
    """The candidate's content words that count, each with whether a target word
    renders it, and those missing; None when too few are missing."""
    # An unrendered word French does not know is a name or a foreign
    # term (N202's, or translated: "Pražský Dopravní podnik" ->
    # "Prague Transport Company"): it proves nothing here.
    inside = [(w, bool(matched[i])) for i, (w, s, e) in enumerate(words) if start <= s < end
              and (matched[i] or w.isdigit() or _french(source[s:e]))]
    missing = tuple(w for w, c in inside if not c)
    if len(inside) < least or len(missing) < least or len(missing) < MIN_MISSING_SHARE * len(inside):
        return None
    return inside, missing


def _dropped(source: str, target: Target, gated: list[tuple[str, int, int, int]]) -> list[Dropped]:
    """The gated candidates (see `_viable`) the target drops.

    In two steps: the renderings of the candidates' own words first, which
    settle most candidates (too few of them missing); those of every other
    source word only for the candidates left (one in thirty on WMT14). Each
    word's renderings depend on that word alone, so the result is the same."""
    words = _source_words(source)
    inner = sorted({i for _, start, end, _ in gated for i, (_, s, _) in enumerate(words) if start <= s < end})
    matched = dict(zip(inner, renderings(source, target, [words[i] for i in inner])))
    left = [(c, hit) for c in gated if (hit := _missing_inside(source, words, matched, c[1], c[2], c[3]))]
    if not left:
        return []
    rest = [i for i in range(len(words)) if i not in matched]
    matched.update(zip(rest, renderings(source, target, [words[i] for i in rest])))
    all_matched = [matched[i] for i in range(len(words))]
    unexplained = unrendered(target, all_matched)
    found = []
    for (kind, start, end, least), (inside, missing) in left:
        outside = [bool(pos) for (w, s, e), pos in zip(words, all_matched) if not start <= s < end]
        if len(outside) < 2 or sum(outside) < MIN_COVERED_ELSEWHERE * len(outside):
            continue
        # Target words nothing renders, beyond what the unrendered rest
        # of the source accounts for: the candidate may be there, in words
        # the data does not know. Counted over the whole target, and
        # where the candidate's translation would stand.
        allowed = UNEXPLAINED_SHARE * len(missing)
        if len(unexplained) - (len(outside) - sum(outside)) >= allowed:
            continue
        window = _window(words, all_matched, start, end, len(target.words))
        if window is None or sum(i in unexplained for i in window) >= allowed:
            continue
        found.append(Dropped(kind, start, end, len(inside), missing))
    return found


def dropped(ctx: Context) -> tuple[Dropped, ...]:
    """The candidates the target drops; the two detectors read them once
    through `ctx.memo(dropped)`."""
    source, text = ctx.segment.source, ctx.segment.target
    found: list[Dropped] = []
    # `_short_enough` of any candidate needs the target no longer than
    # CHAR_RATIO * len(source.strip()) (a candidate's length only lowers the
    # bound): a longer target, a third of them, needs no candidate at all.
    if (text.strip() and source.strip() and len(source) <= MAX_SOURCE_CHARS and len(text) <= 2 * MAX_SOURCE_CHARS
            and len(text.strip()) <= CHAR_RATIO * len(source.strip())):
        gated = [c for c in _viable(source) if _short_enough(source, text, c[1], c[2])]
        if gated:
            found = _dropped(source, Target(text), gated)
    # Report each stretch once: a complement inside a flagged clause is the clause's.
    return tuple(f for f in found if not any(o is not f and o.start <= f.start and f.end <= o.end
                                             and (o.end - o.start) > (f.end - f.start) for o in found))


class _OmissionBase(Detector):
    category = "accuracy/omission"
    severity = "major"
    fix = "none"
    severity_reason = ("The reader misses a fact the source gives; major when the stretch carries three "
                       "or more content words, minor for shorter ones.")
    kinds: tuple[str, ...] = ()

    def detect(self, segment: Segment, ctx: Context) -> Iterable[Finding]:
        for kind, start, end, n, missing in (d for d in ctx.memo(dropped) if d.kind in self.kinds):
            yield self.finding(
                start, end,
                f"{kind} {segment.source[start:end]!r} has no counterpart in the target "
                f"({len(missing)} of {n} content words missing: {', '.join(missing[:5])})",
                side="source", severity="major" if n >= 3 else "minor")


class ClauseDropped(_OmissionBase):
    """A source relative clause or apposition between commas that the target leaves out."""

    code = "A501"
    name = "clause-dropped"
    kinds = ("relative clause", "apposition")
    # Its candidates open after a comma of the source (see `candidates`).
    source_prefilter = re.compile(",")
    examples = (("Le ministre, qui était à Paris mardi, a rencontré les maires de la région.",
                 "The minister met the mayors of the region."),)
    traps = (("Le ministre, qui était à Paris mardi, a rencontré les maires de la région.",
              "The minister, who was in Paris on Tuesday, met the region's mayors."),)


class ComplementDropped(_OmissionBase):
    """A source complement ("malgré …", "selon …", "d'ici …", "lors de …") that the target leaves out."""

    code = "A502"
    name = "complement-dropped"
    kinds = ("complement",)
    # Its candidates start at a _COMPLEMENT match of the source (see `candidates`).
    source_prefilter = _COMPLEMENT
    examples = (("Le projet de loi a été adopté malgré l'opposition farouche des syndicats enseignants.",
                 "The bill was passed."),)
    traps = (("Le projet de loi a été adopté malgré l'opposition farouche des syndicats enseignants.",
              "The bill was passed despite fierce opposition from teachers' unions."),)


DETECTORS = (ClauseDropped, ComplementDropped)
