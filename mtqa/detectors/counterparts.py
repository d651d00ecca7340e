"""Which target words render a French content word: the counterpart search of A501/A502.

A French content word is rendered by a target word that is the same word, a
cognate, an English form `fr_en_content_words.tsv` gives for its stem, or
part of a phrase the other bilingual data pairs with a French phrase around
it (entities, term variants, polarity axes, units, time expressions).

Speed: over 99% of (source word, target word) pairs render nothing, so the
search is organised around necessary conditions rather than trying every
pair: a cognate shares its first letter (see `_cognate`), a stem or English
form is a prefix of the word it renders (looked up in sorted or prefix
indexes, not scanned), and the French side of every phrase pair is searched
once per source text (memoised), not once per segment.
"""

from __future__ import annotations

import difflib
import re
from bisect import bisect_left
from functools import lru_cache
from typing import Iterable

from .. import data
from ..text.folding import fold_lower
from ._memo import memo_by_text
from .base import WORD_RE


def _forms(cell: str) -> tuple[str, ...]:
    return tuple(f for f in (fold_lower(x.strip()) for x in cell.split("|")) if f)


@lru_cache(maxsize=1)
def lexicon() -> tuple[dict[str, tuple[str, ...]], tuple[str, ...]]:
    """French stem -> English forms, and the stems longest first (a prefix
    table: "annonc" serves annonce, annoncé, annonçait)."""
    table: dict[str, set[str]] = {}
    for row in data.table("fr_en_content_words.tsv"):
        if len(row) < 2:
            continue
        en = _forms(row[1])
        for fr in _forms(row[0]):
            table.setdefault(fr, set()).update(en)
    return {k: tuple(sorted(v)) for k, v in table.items()}, tuple(sorted(table, key=len, reverse=True))


def stem_matches(stem: str, word: str, endings: tuple[str, ...]) -> bool:
    """Whether a stem (or English form) renders a word: the rule the indexes
    below implement (tests/test_counterparts.py checks them against it)."""
    # A long stem is a prefix ("story" also renders "stories"); a short one takes an ending.
    if len(stem) >= 4:
        return word.startswith(stem) or (len(stem) >= 5 and stem[-1] in "ye" and word.startswith(stem[:-1]))
    return word == stem or any(word == stem + e for e in endings)


def _stem_prefix(stem: str) -> str | None:
    """The prefix every word a long stem matches starts with (see stem_matches);
    None for a short stem, which matches whole words only."""
    if len(stem) < 4:
        return None
    return stem[:-1] if len(stem) >= 5 and stem[-1] in "ye" else stem


FR_ENDINGS, EN_ENDINGS = ("s", "e", "es", "x"), ("s", "es", "ed", "d", "ing", "ly")


@lru_cache(maxsize=1)
def _stem_index() -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """The stems of `lexicon()` by the prefix a word they match must start with
    (long stems), and by the whole words they match (short stems): a word's
    stems are then found by looking up its prefixes, not by trying them all."""
    _, stems = lexicon()
    by_prefix: dict[str, list[int]] = {}
    by_word: dict[str, list[int]] = {}
    for i, stem in enumerate(stems):
        prefix = _stem_prefix(stem)
        if prefix is not None:
            by_prefix.setdefault(prefix, []).append(i)
        else:
            for w in (stem,) + tuple(stem + e for e in FR_ENDINGS):
                by_word.setdefault(w, []).append(i)
    return by_prefix, by_word


@lru_cache(maxsize=65536)
def lexicon_forms(word: str) -> tuple[str, ...]:
    """The English forms of every stem matching `word`, stems longest first."""
    table, stems = lexicon()
    by_prefix, by_word = _stem_index()
    hits = set(by_word.get(word, ()))
    for k in range(1, len(word) + 1):
        hits.update(by_prefix.get(word[:k], ()))
    forms: list[str] = []
    for i in sorted(hits):
        forms.extend(table[stems[i]])
    return tuple(forms)


# (on folded text, French pattern, English pattern, the first runs of the
# French forms or None: see `_first_runs`).
_Pair = tuple[bool, re.Pattern[str], re.Pattern[str], frozenset[str] | None]


@lru_cache(maxsize=1)
def _phrase_pairs() -> tuple[_Pair, ...]:
    """(on folded text, French pattern, English pattern, first runs) from the
    other bilingual data: a French match is rendered when the English pattern
    occurs in the target. Entities and terms are folded forms; the polarity,
    unit and time patterns are written with accents (and have no first runs)."""
    def words(forms: Iterable[str]) -> str:
        return "|".join(re.escape(f) for f in sorted(set(forms), key=len, reverse=True) if f)

    def compile_pair(fr_forms: Iterable[str], en: str, tail: str = "") -> _Pair | None:
        fr_forms = tuple(fr_forms)
        fr = words(fr_forms)
        return (True, re.compile(rf"(?<![\w])(?:{fr}){tail}(?![\w])", re.IGNORECASE),
                re.compile(rf"(?<![\w])(?:{en})", re.IGNORECASE), _first_runs(fr_forms)) if fr and en else None

    pairs = []
    for row in data.table("fr_en_entities.tsv"):
        fr, en, stems = (_forms(row[i]) if len(row) > i else () for i in range(3))
        pairs.append(compile_pair(fr, words(en + fr)))
        if stems:  # derived words: "américain" renders the United States
            pairs.append(compile_pair(stems, words(en), r"\w*"))
    for fr_key, en in lexicon()[0].items():
        if " " in fr_key:
            pairs.append(compile_pair([fr_key], words(en), "s?"))
    for row in data.table("fr_en_term_variants.tsv"):
        en = [fold_lower(f) for cell in row[1:] for f in re.split(r"[|;]", cell)]
        pairs.append(compile_pair([fold_lower(row[0])], words(f.strip() for f in en)))
    # Polarity axes and unit kinds: any word of the axis or kind renders any
    # other (a reversal or a conversion is another detector's finding).
    groups: dict[tuple[str, str], dict[str, list[str]]] = {}
    for row in data.table("fr_en_polarity.tsv"):
        groups.setdefault(("pol", row[0]), {}).setdefault(row[2], []).append(row[3])
    for row in data.table("units.tsv"):
        groups.setdefault(("unit", row[0]), {}).setdefault(row[2], []).append(row[3])
    for row in data.table("time_expressions.tsv"):
        groups.setdefault(("time", row[1]), {}).setdefault(row[0], []).append(row[2])
    for langs in groups.values():
        if "fr" in langs and "en" in langs:
            pairs.append((False, re.compile(r"(?<![\w-])(?:" + "|".join(langs["fr"]) + r")(?![\w])", re.IGNORECASE),
                          re.compile(r"(?<![\w-])(?:" + "|".join(langs["en"]) + r")(?![\w])", re.IGNORECASE), None))
    return tuple(p for p in pairs if p)


_RUN = re.compile(r"\w+")


def _first_runs(forms: Iterable[str]) -> frozenset[str] | None:
    """The first word runs (`\\w+`) of the French forms of a phrase pair, ASCII
    and lowercase, for `_source_phrases`'s pre-check; None (no pre-check) when
    a form opens with another character or the run is not ASCII."""
    runs = set()
    for form in forms:
        m = _RUN.match(form)
        if m is None or not m.group().isascii():
            return None
        runs.add(m.group().lower())
    return frozenset(runs)


@lru_cache(maxsize=1)
def _phrase_index() -> tuple[dict[str, list[int]], list[int]]:
    """The folded phrase pairs (indexes in `_phrase_pairs()`) by the first runs
    of their French forms, and the pairs without a pre-check."""
    by_run: dict[str, list[int]] = {}
    unchecked = []
    for i, (on_folded, _, _, first_runs) in enumerate(_phrase_pairs()):
        if not on_folded or first_runs is None:
            unchecked.append(i)
            continue
        for run in first_runs:
            by_run.setdefault(run, []).append(i)
    return by_run, unchecked


def _run_prefixes(text: str) -> set[str] | None:
    """Every prefix of every word run of `text`, lowercased; None when a run
    is not ASCII (see `_source_phrases`)."""
    runs = _RUN.findall(text)
    if not "".join(runs).isascii():
        return None
    return {run[:k] for run in map(str.lower, runs) for k in range(1, len(run) + 1)}


@memo_by_text(maxsize=4096)
def _source_phrases(source: str) -> tuple[tuple[re.Pattern[str], tuple[tuple[int, int], ...]], ...]:
    """(English pattern, spans of the French one) for each phrase pair whose
    French side occurs in the source: it depends on the source alone."""
    folded = fold_lower(source)
    if len(folded) != len(source):
        folded = source  # a ligature or a dotted capital: offsets must stay the source's
    # The pre-check: a folded pattern's match starts a word run of the text (its
    # look-behind), with one of its forms, so that run begins with the form's
    # first run (`_first_runs`), letter for letter up to case. (Only on ASCII
    # runs: outside ASCII, IGNORECASE pairs more than lower() does, "ſ" with "s".)
    pairs = _phrase_pairs()
    prefixes = _run_prefixes(folded)
    if prefixes is None:
        todo: Iterable[int] = range(len(pairs))
    else:
        by_run, unchecked = _phrase_index()
        todo = sorted({i for p in prefixes if p in by_run for i in by_run[p]}.union(unchecked))
    out = []
    for i in todo:
        on_folded, fr, en, _ = pairs[i]
        spans = tuple((m.start(), m.end()) for m in fr.finditer(folded if on_folded else source))
        if spans:
            out.append((en, spans))
    return tuple(out)


@lru_cache(maxsize=65536)
def _word_parts(word: str) -> tuple[tuple[str, int], ...]:
    """A folded target word's parts, each with its offset in the word: a
    possessive "'s" off, split at hyphens ("vice-president's" -> "vice" 0,
    "president" 5)."""
    out, pos = [], 0
    for part in (word[:-2] if word.endswith("'s") else word).split("-"):
        if part:
            out.append((part, pos))
        pos += len(part) + 1
    return tuple(out)


class Target:
    """The target's words, folded, with their positions for the counterpart search."""

    __slots__ = ("folded", "words", "starts", "by_word", "vocab", "by_first")

    def __init__(self, text: str):
        self.folded = fold_lower(text)
        words, starts = [], []
        for m in WORD_RE.finditer(self.folded):
            pos = m.start()
            for part, offset in _word_parts(m.group()):
                words.append(part)
                starts.append(pos + offset)
        self.words = tuple(words)
        # Increasing: the parts of a word lie inside its match, in order.
        self.starts = tuple(starts)
        self.by_word: dict[str, list[int]] = {}
        for i, w in enumerate(words):
            self.by_word.setdefault(w, []).append(i)
        # The distinct words sorted: the words with a given prefix are a run of it.
        self.vocab = sorted(self.by_word)
        # Words of three letters or more by their first letter (cognates share it).
        self.by_first: dict[str, list[str]] = {}
        for w in self.by_word:
            if len(w) >= 3:
                self.by_first.setdefault(w[0], []).append(w)

    def with_prefix(self, prefix: str) -> list[int]:
        """Indices of the target words that start with `prefix`."""
        vocab, out = self.vocab, []
        k = bisect_left(vocab, prefix)
        while k < len(vocab) and vocab[k].startswith(prefix):
            out.extend(self.by_word[vocab[k]])
            k += 1
        return out

    def form_positions(self, form: str) -> list[int]:
        """Indices of the target words that render an English form (a phrase: its first
        word), in no particular order."""
        if " " in form:
            parts = form.split()
            n = len(parts)
            return [i for i in self.by_word.get(parts[0], ())
                    if tuple(self.words[i:i + n - 1]) == tuple(parts[:-1])
                    and i + n - 1 < len(self.words) and self.words[i + n - 1].startswith(parts[-1])]
        if not form.isalnum():
            # "p.m." is the words "p" "m"; "ex-" begins a word
            parts = [p for p in re.split(r"[.\-']", form) if p]
            if len(parts) > 1:
                return self.form_positions(" ".join(parts))
            return self.with_prefix(parts[0]) if parts else []
        # The words stem_matches(form, w, EN_ENDINGS) accepts: those with the
        # prefix of a long form, or a short form with one of the endings.
        prefix = _stem_prefix(form)
        if prefix is not None:
            return self.with_prefix(prefix)
        by_word = self.by_word
        return [i for w in (form,) + tuple(form + e for e in EN_ENDINGS) for i in by_word.get(w, ())]

    def span_positions(self, start: int, end: int) -> list[int]:
        """Indices of the words starting in [start, end)."""
        return list(range(bisect_left(self.starts, start), bisect_left(self.starts, end)))


@lru_cache(maxsize=1 << 17)
def _cognate(fr: str, en: str) -> bool:
    """Whether two folded words read as one. True only for words with the same
    first letter (equal words, a shared prefix, or a close spelling that
    starts alike), which `_positions` relies on."""
    if fr == en:
        return True
    n = 0
    for a, b in zip(fr, en):
        if a != b:
            break
        n += 1
    shorter = min(len(fr), len(en))
    if n >= 5 or (shorter >= 4 and n >= shorter - 1):
        return True
    if len(fr) >= 5 and len(en) >= 5 and fr[:1] == en[:1]:
        # ratio() is 2 * matches / total length, and matches <= the shorter length:
        # below the threshold on lengths alone, the ratio is too.
        if 2.0 * shorter / (len(fr) + len(en)) < 0.78:
            return False
        return difflib.SequenceMatcher(None, fr, en).ratio() >= 0.78
    return False


def _variants(word: str) -> tuple[str, ...]:
    """The word and its usual English spellings: "état" -> "stat", "-ique" -> "-ic"."""
    out = [word]
    if word.startswith("e") and len(word) > 4 and word[1] not in "aeiou":
        out.append("s" + word[1:])  # état/state, étude/study, école/school
    for fr, en in (("ique", "ic"), ("eur", "or"), ("if", "ive"), ("ie", "y"), ("ee", "ed"), ("ienne", "ian"),
                   ("iens", "ian"), ("ien", "ian"), ("aise", "ese"), ("ais", "ese"), ("aine", "an"), ("ain", "an")):
        if word.endswith(fr):
            out.append(word[: -len(fr)] + en)
    return tuple(out)


def _positions(word: str, target: Target) -> list[int]:
    """Indices of the target words that render the folded French content word
    (in no particular order, possibly repeated)."""
    if word.isdigit():
        # "les années 80" is "the 1980s": a two-digit decade stands for its full year
        # and "15 heures" is "3 p.m."
        # a digit group of "50 000" stands inside "50000"
        alts = [word] + ([str(int(word) - 12)] if 13 <= int(word) <= 23 else [])
        pattern = (rf"(?<!\d)(?:19|20)?(?:{'|'.join(alts)})(?!\d)" if len(word) == 2
                   else rf"(?<!\d){word}(?!\d)")
        return [i for i, t in enumerate(target.words)
                if re.search(pattern, t) or (len(word) >= 2 and t.isdigit() and word in t)]
    out = list(target.by_word.get(word, ()))
    if word in ("annee", "annees"):
        out.extend(i for i, t in enumerate(target.words) if re.fullmatch(r"(?:\d\d)?\d0s", t))
    for form in lexicon_forms(word):
        out.extend(target.form_positions(form))
    variants = _variants(word)
    # A cognate starts with its variant's first letter: only those target words are tried.
    by_first, by_word = target.by_first, target.by_word
    for first in {v[:1] for v in variants}:
        for t in by_first.get(first, ()):
            if any(_cognate(v, t) for v in variants):
                out.extend(by_word[t])
    return out


def renderings(source: str, target: Target, words: Iterable[tuple[str, int, int]]) -> list[list[int]]:
    """For each source content word, the target words that render it (sorted).
    Each word's list depends on that word alone (and the source's phrases
    around it), so the words may be asked about in any groups."""
    src_hits: list[tuple[int, int, list[int]]] = []
    for en, fr_spans in _source_phrases(source):
        en_pos = [i for m in en.finditer(target.folded) for i in target.span_positions(m.start(), m.end())]
        if en_pos:
            src_hits.extend((s, e, en_pos) for s, e in fr_spans)
    matched = []
    for w, s, e in words:
        pos = _positions(w, target)
        for hs, he, en_pos in src_hits:
            if hs <= s and e <= he:
                pos.extend(en_pos)
        matched.append(sorted(set(pos)))
    return matched


def unrendered(target: Target, matched: Iterable[list[int]]) -> set[int]:
    """The target content words no list of `matched` (`renderings` of every
    source content word) holds. A clause rendered in words the data does not
    know leaves such words in the target, a clause left out does not."""
    explained = {i for pos in matched for i in pos}
    light = data.wordset("en_light_words.txt")
    return {i for i, t in enumerate(target.words)
            if i not in explained and len(t) >= 3 and t not in light}

